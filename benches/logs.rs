//! `cargo bench --bench logs`: how long reading the last app sessions from
//! a 200 MB `mcp.log` takes, and how much memory it needs, measured in one
//! run on this machine (issue 11: "well under a second").
//!
//! Generates, in a temp folder, `mcp.log` files of 200 MB in the 2026
//! format (20 servers, message traffic, a few giant lines), then times
//! `app::logs::read_folder` on three shapes of history:
//!
//! - (a) the app was launched ten times; the last launch is ~2 MB before
//!   the end: the reader should stop there;
//! - (b) the app was launched once, 200 MB ago, and has run since: every
//!   session starts at the top, so the whole file is read;
//! - (c) file (a), with a config server the app never started: the reader
//!   looks for it through the whole file (the worst case).
//!
//! Prints the median of several runs (the file is in the page cache after
//! it is written: warm-cache figures), the bytes read, and the peak heap
//! the read allocated on top of what was allocated before it (a counting
//! allocator). Then the end-to-end figure a user sees: the `mcpctl logs`
//! binary (process start, config, the read, the report) on (a), (b) and
//! (c), text and `--json`, with the file in a fake home's logs folder.
//! Not a timed test: it exits 1 only when the reader misreads the
//! generated history or `mcpctl logs` fails.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mcpctl::app::logs::{self, LaneState, ReadOptions, Sessions, Time};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const SIZE: u64 = 200 * 1024 * 1024;
const SERVERS: usize = 20;
const RUNS: usize = 7;
const TARGET: Duration = Duration::from_secs(1);

fn server(i: usize) -> String {
    format!("server-{i:02}")
}

/// Write a launch: every server starts within a second.
fn launch(w: &mut impl Write, t: &mut Time) -> std::io::Result<()> {
    const U: &str = " { metadata: undefined }";
    for i in 0..SERVERS {
        let s = server(i);
        *t = t.plus_ms(3);
        writeln!(w, "{t} [info] [{s}] Initializing server...{U}")?;
        writeln!(
            w,
            "{t} [info] [{s}] Using MCP server command: /opt/homebrew/bin/npx with args and path: {{ metadata: {{ args: [ '-y', '@example/{s}' ], paths: [ '/usr/local/bin', '/opt/homebrew/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin' ] }} }}"
        )?;
        writeln!(
            w,
            "{t} [info] [{s}] Era probe verdict: legacy (sibling did not complete the exchange){U}"
        )?;
    }
    for i in 0..SERVERS {
        let s = server(i);
        *t = t.plus_ms(40);
        writeln!(
            w,
            "{t} [info] [{s}] Server started and connected successfully{U}"
        )?;
        writeln!(
            w,
            "{t} [info] [{s}] Message from client: method=\"initialize\" id=0 params{U}"
        )?;
        writeln!(w, "{t} [info] [{s}] Message from server: id=0 result{U}")?;
    }
    Ok(())
}

/// Message traffic: tool calls round-robin over the servers, a giant line
/// now and then (a 2025-style whole message, 300 KB).
fn traffic(w: &mut impl Write, t: &mut Time, bytes: u64, id: &mut u64) -> std::io::Result<u64> {
    const U: &str = " { metadata: undefined }";
    let mut written = 0u64;
    let giant = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{{\"content\":[{{\"type\":\"text\",\"text\":\"{}\"}}]}}}}",
        "x".repeat(300_000)
    );
    while written < bytes {
        let s = server((*id as usize) % SERVERS);
        *t = t.plus_ms(37);
        *id += 1;
        let a = format!(
            "{t} [info] [{s}] Message from client: method=\"tools/call\" id={id} params{U}\n"
        );
        let b = if id.is_multiple_of(50_000) {
            format!("{t} [info] [{s}] Message from server: {giant}\n")
        } else if id.is_multiple_of(97) {
            format!("{t} [info] [{s}] Message from server: id={id} error(code=-32603){U}\n")
        } else {
            format!("{t} [info] [{s}] Message from server: id={id} result(1 blocks){U}\n")
        };
        w.write_all(a.as_bytes())?;
        w.write_all(b.as_bytes())?;
        written += (a.len() + b.len()) as u64;
    }
    Ok(written)
}

/// (a): ten launches, the last ~2 MB before the end. (b): one launch.
fn generate(path: &Path, launches: usize, tail: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().unwrap())?;
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut t = Time::from_unix_ms(1_788_000_000_000);
    let mut id = 0u64;
    let mut written = 0u64;
    let before_last = SIZE - tail;
    for n in 0..launches {
        launch(&mut w, &mut t)?;
        let chunk = if n + 1 == launches {
            tail
        } else {
            before_last / (launches as u64 - 1)
        };
        written += traffic(&mut w, &mut t, chunk, &mut id)?;
        // hours pass between launches
        t = t.plus_ms(6 * 3600 * 1000);
    }
    let _ = written;
    w.flush()
}

struct Figures {
    median: Duration,
    best: Duration,
    scanned: u64,
    peak_extra: usize,
    sessions: Sessions,
}

fn measure(dir: &Path, names: &[String]) -> Figures {
    let opts = ReadOptions {
        names: names.to_vec(),
        local_offset: logs::time::utc,
        ..ReadOptions::default()
    };
    let mut times = Vec::new();
    let mut peak_extra = 0;
    let mut last = None;
    for _ in 0..RUNS {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let s = logs::read_folder(dir, &opts).expect("read");
        times.push(start.elapsed());
        peak_extra = peak_extra.max(PEAK.load(Ordering::Relaxed) - base);
        last = Some(s);
    }
    let sessions = last.unwrap();
    times.sort();
    Figures {
        median: times[times.len() / 2],
        best: times[0],
        scanned: sessions.files.iter().map(|f| f.scanned).sum(),
        peak_extra,
        sessions,
    }
}

fn mib(n: u64) -> String {
    format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn report(label: &str, f: &Figures) {
    println!(
        "  {label}: median {}, best {} ({} runs), read {} of {}, peak extra heap {} -> {} the {} target",
        ms(f.median),
        ms(f.best),
        RUNS,
        mib(f.scanned),
        mib(SIZE),
        mib(f.peak_extra as u64),
        if f.median < TARGET { "meets" } else { "MISSES" },
        ms(TARGET)
    );
}

fn check(label: &str, f: &Figures, want_servers: usize) {
    let s = &f.sessions;
    let ok = s.servers.len() == want_servers
        && s.servers.iter().all(|x| {
            x.complete && x.lanes.chat.state == LaneState::Connected && x.command.is_some()
        });
    if !ok {
        eprintln!(
            "{label}: expected {want_servers} complete, connected sessions, got {:?}",
            s.servers
                .iter()
                .map(|x| (&x.server, x.complete, x.lanes.chat.state))
                .collect::<Vec<_>>()
        );
        std::process::exit(1);
    }
}

const MCPCTL: &str = env!("CARGO_BIN_EXE_mcpctl");

/// Where the binary looks for the app's logs under `home`, on this OS.
fn logs_in(home: &Path) -> PathBuf {
    if cfg!(target_os = "macos") {
        home.join("Library").join("Logs").join("Claude")
    } else if cfg!(windows) {
        home.join("AppData")
            .join("Roaming")
            .join("Claude")
            .join("logs")
    } else {
        home.join(".config").join("Claude").join("logs")
    }
}

/// `mcpctl logs` with `home` as the user's folders and `config` as the
/// config.
fn mcpctl_logs(home: &Path, config: &Path, json: bool) -> Command {
    let mut cmd = Command::new(MCPCTL);
    cmd.env_clear()
        .env("HOME", home)
        .env("USERPROFILE", home)
        .env("APPDATA", home.join("AppData").join("Roaming"))
        .env("LOCALAPPDATA", home.join("AppData").join("Local"))
        .arg("--config")
        .arg(config);
    if json {
        cmd.arg("--json");
    }
    cmd.arg("logs")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Median and best of `RUNS` runs of `mcpctl logs` end to end.
fn end_to_end(home: &Path, config: &Path, json: bool) -> (Duration, Duration) {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = mcpctl_logs(home, config, json)
            .output()
            .expect("run mcpctl");
        times.push(start.elapsed());
        if !out.status.success() {
            eprintln!(
                "mcpctl logs failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            std::process::exit(1);
        }
    }
    times.sort();
    (times[times.len() / 2], times[0])
}

fn report_end_to_end(label: &str, home: &Path, config: &Path) {
    for json in [false, true] {
        let (median, best) = end_to_end(home, config, json);
        println!(
            "  {label}{}: median {}, best {} ({RUNS} runs) -> {} the {} target",
            if json { " --json" } else { "" },
            ms(median),
            ms(best),
            if median < TARGET { "meets" } else { "MISSES" },
            ms(TARGET)
        );
    }
}

/// A config naming `names` (the servers need not exist: nothing is
/// launched).
fn write_config(path: &Path, names: &[String]) {
    let servers: Vec<String> = names
        .iter()
        .map(|n| {
            format!("    \"{n}\": {{\"command\": \"npx\", \"args\": [\"-y\", \"@example/{n}\"]}}")
        })
        .collect();
    std::fs::write(
        path,
        format!(
            "{{\n  \"mcpServers\": {{\n{}\n  }}\n}}\n",
            servers.join(",\n")
        ),
    )
    .expect("write config");
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home_a = dir.path().join("home-a");
    let home_b = dir.path().join("home-b");
    let a = logs_in(&home_a);
    let b = logs_in(&home_b);
    let start = Instant::now();
    generate(&a.join("mcp.log"), 10, 2 * 1024 * 1024).expect("generate (a)");
    generate(&b.join("mcp.log"), 1, SIZE).expect("generate (b)");
    println!(
        "logs benchmark: two {} mcp.log files, {SERVERS} servers, 2026 format (generated in {:.1} s); target < {}",
        mib(SIZE),
        start.elapsed().as_secs_f64(),
        ms(TARGET)
    );
    let names: Vec<String> = (0..SERVERS).map(server).collect();

    let fa = measure(&a, &names);
    check("(a)", &fa, SERVERS);
    report("(a) last launch 2 MB before the end", &fa);

    let fb = measure(&b, &names);
    check("(b)", &fb, SERVERS);
    report("(b) one launch 200 MB ago (whole file)", &fb);

    let mut with_missing = names.clone();
    with_missing.push("never-started".into());
    let fc = measure(&a, &with_missing);
    if fc.sessions.not_found != ["never-started"] {
        eprintln!(
            "(c): expected never-started not found, got {:?}",
            fc.sessions.not_found
        );
        std::process::exit(1);
    }
    report("(c) (a) + a server never started (whole file)", &fc);
    println!(
        "  whole-file throughput: {:.0} MiB/s in (b)",
        fb.scanned as f64 / (1024.0 * 1024.0) / fb.median.as_secs_f64()
    );

    println!("`mcpctl logs` end to end (process start, config, read, report; output discarded):");
    let config = dir.path().join("claude_desktop_config.json");
    write_config(&config, &names);
    report_end_to_end("(a)", &home_a, &config);
    report_end_to_end("(b)", &home_b, &config);
    let config_c = dir.path().join("with-missing.json");
    write_config(&config_c, &with_missing);
    report_end_to_end("(c)", &home_a, &config_c);
}
