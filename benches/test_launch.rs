//! `cargo bench --bench test_launch`: how much `mcpctl test-launch` costs
//! over the least a health check can do, measured in one run on this machine.
//!
//! - (a) one real server (the rmcp example server): `mcpctl test-launch` vs a
//!   raw pipe probe written here (spawn, `initialize`, `initialized`,
//!   `tools/list`, close). Medians over several runs. Target: <= 1.05x.
//!   Also prints mcpctl's fixed cost (an empty config), to split the ratio.
//! - (b) 20 copies of that fast server: one `mcpctl test-launch` over all 20
//!   vs 20 raw probes in a row. Target: <= 0.5x (the floor for N servers is
//!   max(slowest server, total server CPU / cores)).
//! - (b2) when the reference servers are installed (`MCPCTL_TEST_SERVERS` or
//!   `target/test-servers`), (b) again with 20 copies of `server-memory` on
//!   node, whose start-up is real CPU work (what parallelism can buy).
//! - (c) (a) again with `server-everything` on node.
//! - (d) what the app's lanes cost: `mcpctl test-launch` (both lanes: the
//!   chat copy and the era probe's sibling started together, the
//!   Cowork/Code lane's conversation going on on the sibling; a third copy
//!   only when that fails) vs `mcpctl test-launch --lane chat` (one launch, what
//!   test-launch did before lanes) on one Node server (`server-memory`).
//!   Target: <= 1.3x. Beside it, two raw probes of that server side by
//!   side vs one: what two copies cost this machine with no mcpctl at all
//!   (the floor for any checker that runs both lanes).
//! - (e) peak memory (max RSS, mcpctl's own: `VmHWM`, read until it
//!   exits) of one `mcpctl test-launch` over 50 copies of the fast server.
//!
//! (a) to (c) measure mcpctl against a raw probe of one launch, so they run
//! `--lane chat`.
//!
//! (b) and (b2) also print the floor for N servers, measured from the raw
//! probes: max(slowest server, total server CPU / cores), and test-launch's
//! wall time over that floor (target <= 1.2x): how close mcpctl gets to
//! what the machine allows. Then the same over max(slowest, all the CPU of
//! the test-launch run, mcpctl's and its servers', / cores): the issue's
//! own floor, how busy the run keeps the cores.
//!
//! Not a timed test: it prints the figures and whether each meets its target,
//! and exits 1 only when mcpctl itself fails to check the servers.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MCPCTL: &str = env!("CARGO_BIN_EXE_mcpctl");
const EXAMPLE: &str = env!("CARGO_BIN_EXE_mcpctl-example-server");

/// Runs per measurement in (a) and (c), and in (b).
const RUNS_ONE: usize = 15;
const RUNS_MANY: usize = 5;
/// Runs for (b2) and (c): node servers take a while to start.
const RUNS_NODE: usize = 3;
const COPIES: usize = 20;

/// One server to launch: program and arguments.
#[derive(Clone)]
struct Server {
    program: String,
    args: Vec<String>,
}

fn main() {
    let scratch = std::env::temp_dir().join(format!("mcpctl-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&scratch) {
        eprintln!("bench: cannot create {}: {e}", scratch.display());
        std::process::exit(1);
    }
    let code = match run(&scratch) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("bench: error: {e}");
            1
        }
    };
    let _ = std::fs::remove_dir_all(&scratch);
    std::process::exit(code);
}

fn run(scratch: &Path) -> Result<(), String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("mcpctl test-launch benchmark ({cores} cores; medians; lower ratio is better)\n");
    let example = Server {
        program: EXAMPLE.to_string(),
        args: Vec::new(),
    };

    let one = write_config(scratch, "one.json", &[("example", &example)])?;
    check_all_ok(&one)?;
    let (tl, raw) = compare(RUNS_ONE, || mcpctl(&one, CHAT), || raw_probe(&example))?;
    report(
        "(a) one server (example, rmcp)",
        tl,
        raw,
        1.05,
        "1 test-launch vs 1 raw probe",
    );
    let empty = write_config(scratch, "empty.json", &[])?;
    let (fixed, _) = compare(RUNS_ONE, || mcpctl(&empty, CHAT), || Ok(Duration::ZERO))?;
    println!(
        "    of which mcpctl's own fixed cost (exec, config load, no server): {:.1} ms; \
per-server overhead beyond the raw probe: {:.1} ms\n",
        ms(fixed),
        ms(tl.saturating_sub(fixed).saturating_sub(raw))
    );

    many_copies(
        scratch,
        "(b) 20 copies of a fast server (example, rmcp)",
        "many.json",
        &example,
        RUNS_MANY,
        cores,
    )?;

    peak_memory(scratch, &example)?;

    match node_server("server-memory", &[]) {
        Some(memory) => many_copies(
            scratch,
            "(b2) 20 copies of a node server (server-memory)",
            "memory.json",
            &memory,
            RUNS_NODE,
            cores,
        )?,
        None => println!(
            "(b2) SKIPPED: server-memory or node not found (run scripts/install-test-servers.sh)\n"
        ),
    }

    match node_server("server-everything", &["stdio"]) {
        Some(everything) => {
            let cfg = write_config(scratch, "everything.json", &[("everything", &everything)])?;
            check_all_ok(&cfg)?;
            let (tl, raw) = compare(RUNS_NODE, || mcpctl(&cfg, CHAT), || raw_probe(&everything))?;
            report(
                "(c) one server (server-everything, node)",
                tl,
                raw,
                1.05,
                "1 test-launch vs 1 raw probe",
            );
        }
        None => println!(
            "(c) SKIPPED: server-everything or node not found (run scripts/install-test-servers.sh)"
        ),
    }

    match node_server("server-memory", &[]) {
        Some(memory) => {
            let cfg = write_config(scratch, "lanes.json", &[("memory", &memory)])?;
            check_lanes_ran(&cfg)?;
            let (lanes, chat) = compare(
                RUNS_LANES,
                || mcpctl(&cfg, BOTH_LANES),
                || mcpctl(&cfg, CHAT),
            )?;
            println!();
            report(
                "(d) the app's lanes on one node server (server-memory)",
                lanes,
                chat,
                1.3,
                "test-launch (chat copy + era-probe sibling carrying the cowork lane) vs test-launch --lane chat",
            );
            // What two copies side by side cost this machine, with no
            // mcpctl at all: the floor for any tool that runs both lanes.
            let (two, one) = compare(
                RUNS_LANES,
                || {
                    std::thread::scope(|scope| {
                        let other = scope.spawn(|| raw_probe(&memory));
                        let here = raw_probe(&memory);
                        let there = other.join().map_err(|_| "raw probe thread panicked")?;
                        Ok(here?.max(there?))
                    })
                },
                || raw_probe(&memory),
            )?;
            let floor = two.as_secs_f64() / one.as_secs_f64().max(f64::EPSILON);
            let lanes_ratio = lanes.as_secs_f64() / chat.as_secs_f64().max(f64::EPSILON);
            println!(
                "    two raw probes side by side {:.1} ms vs one {:.1} ms: {floor:.2}x, this machine's \
floor for two copies; the lanes are {:.2}x that",
                ms(two),
                ms(one),
                lanes_ratio / floor.max(f64::EPSILON),
            );
        }
        None => println!(
            "(d) SKIPPED: server-memory or node not found (run scripts/install-test-servers.sh)"
        ),
    }
    Ok(())
}

/// Runs for (d).
const RUNS_LANES: usize = 9;
/// The chat lane alone: one launch per server, as before lanes.
const CHAT: &[&str] = &["--lane", "chat"];
/// Every lane (the default). server-memory's draft-07 outputSchemas fail
/// the cowork lane, so this run exits 1 by design: it is timed anyway.
const BOTH_LANES: &[&str] = &[];

/// (b)/(b2): one test-launch over `COPIES` copies of `server` vs as many
/// raw probes in a row, and the floor those raw probes imply.
fn many_copies(
    scratch: &Path,
    title: &str,
    file: &str,
    server: &Server,
    runs: usize,
    cores: usize,
) -> Result<(), String> {
    let cfg = copies_config(scratch, file, server, COPIES)?;
    check_all_ok(&cfg)?;
    let mut floor = Floor::default();
    let mut run_cpu = Vec::with_capacity(runs + 1);
    let (tl, raw) = compare(
        runs,
        || {
            let cpu0 = children_cpu();
            let wall = mcpctl(&cfg, CHAT)?;
            run_cpu.push(children_cpu().saturating_sub(cpu0));
            Ok(wall)
        },
        || {
            let cpu0 = children_cpu();
            let mut total = Duration::ZERO;
            let mut slowest = Duration::ZERO;
            for _ in 0..COPIES {
                let one = raw_probe(server)?;
                slowest = slowest.max(one);
                total += one;
            }
            floor.add(slowest, children_cpu().saturating_sub(cpu0));
            Ok(total)
        },
    )?;
    report(
        title,
        tl,
        raw,
        0.5,
        "1 test-launch over 20 vs 20 raw probes in a row",
    );
    let (slowest, cpu) = floor.medians();
    let per_core = cpu / u32::try_from(cores).unwrap_or(1);
    let least = slowest.max(per_core);
    let over_floor = tl.as_secs_f64() / least.as_secs_f64().max(f64::EPSILON);
    println!(
        "    floor max(slowest {:.1} ms, server CPU {:.1} ms / {cores} cores = {:.1} ms) = {:.1} ms \
= {:.2}x of raw; test-launch is {over_floor:.2}x the floor ({} target <= {FLOOR_TARGET}x)",
        ms(slowest),
        ms(cpu),
        ms(per_core),
        ms(least),
        least.as_secs_f64() / raw.as_secs_f64().max(f64::EPSILON),
        if over_floor <= FLOOR_TARGET {
            "meets"
        } else {
            "MISSES"
        },
    );
    // The issue's own floor: all the CPU the run used (mcpctl's and its
    // servers') spread over the cores: how busy test-launch keeps them.
    let used = median(&mut run_cpu) / u32::try_from(cores).unwrap_or(1);
    let busy = tl.as_secs_f64() / slowest.max(used).as_secs_f64().max(f64::EPSILON);
    println!(
        "    the run's own CPU (mcpctl and its servers) {:.1} ms / {cores} cores = {:.1} ms; \
test-launch is {busy:.2}x max(slowest, that) ({} target <= {FLOOR_TARGET}x)\n",
        ms(used * u32::try_from(cores).unwrap_or(1)),
        ms(used),
        if busy <= FLOOR_TARGET {
            "meets"
        } else {
            "MISSES"
        },
    );
    Ok(())
}

/// (b), (b2): test-launch's wall time over the floor for N servers.
const FLOOR_TARGET: f64 = 1.2;
/// (e): how many servers the memory run launches.
const MEMORY_COPIES: usize = 50;

/// (e): mcpctl's own peak resident memory over one run of `MEMORY_COPIES`
/// copies of `server`, from `/proc/PID/status` (`VmHWM` only grows: the
/// last reading before the exit is the peak, give or take the last
/// milliseconds). Linux only.
fn peak_memory(scratch: &Path, server: &Server) -> Result<(), String> {
    let cfg = copies_config(scratch, "memory-50.json", server, MEMORY_COPIES)?;
    let mut peaks = Vec::new();
    for _ in 0..3 {
        let mut child = test_launch(&cfg, CHAT)
            .spawn()
            .map_err(|e| format!("run {MCPCTL}: {e}"))?;
        let status = format!("/proc/{}/status", child.id());
        let mut peak_kib = 0u64;
        loop {
            if let Some(kib) = std::fs::read_to_string(&status).ok().and_then(|t| {
                t.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            }) {
                peak_kib = peak_kib.max(kib);
            }
            if child.try_wait().map_err(|e| e.to_string())?.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        peaks.push(peak_kib);
    }
    peaks.sort_unstable();
    let peak = peaks[peaks.len() / 2];
    if peak == 0 {
        println!("(e) peak memory: not measured here (no /proc/PID/status)\n");
    } else {
        println!(
            "(e) peak memory of mcpctl test-launch over {MEMORY_COPIES} servers (example, rmcp): \
max RSS {:.1} MiB (median of 3)\n",
            peak as f64 / 1024.0
        );
    }
    Ok(())
}

/// Slowest single probe and total server CPU, per run of raw probes.
#[derive(Default)]
struct Floor {
    slowest: Vec<Duration>,
    cpu: Vec<Duration>,
}

impl Floor {
    fn add(&mut self, slowest: Duration, cpu: Duration) {
        self.slowest.push(slowest);
        self.cpu.push(cpu);
    }
    fn medians(&mut self) -> (Duration, Duration) {
        (median(&mut self.slowest), median(&mut self.cpu))
    }
}

/// CPU time (user + system) of this process's reaped children so far
/// (zero where the OS does not say: the bench's CPU column then reads 0).
#[cfg(not(unix))]
fn children_cpu() -> Duration {
    Duration::ZERO
}

/// CPU time (user + system) of this process's reaped children so far.
#[cfg(unix)]
fn children_cpu() -> Duration {
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct on success (checked).
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, ru.as_mut_ptr()) } != 0 {
        return Duration::ZERO;
    }
    // SAFETY: initialised by the successful call above.
    let ru = unsafe { ru.assume_init() };
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Alternates the two measurements (to share any drift), after one warm-up
/// each, and returns their medians.
fn compare(
    runs: usize,
    mut a: impl FnMut() -> Result<Duration, String>,
    mut b: impl FnMut() -> Result<Duration, String>,
) -> Result<(Duration, Duration), String> {
    a()?;
    b()?;
    let (mut xs, mut ys) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        xs.push(a()?);
        ys.push(b()?);
    }
    Ok((median(&mut xs), median(&mut ys)))
}

fn median(xs: &mut [Duration]) -> Duration {
    xs.sort();
    xs.get(xs.len() / 2).copied().unwrap_or_default()
}

fn report(title: &str, tl: Duration, raw: Duration, target: f64, what: &str) {
    let ratio = tl.as_secs_f64() / raw.as_secs_f64().max(f64::EPSILON);
    let verdict = if ratio <= target { "meets" } else { "MISSES" };
    println!("{title}: {what}");
    println!(
        "    test-launch {:>8.1} ms   raw {:>8.1} ms   ratio {ratio:.2}x   ({verdict} target <= {target}x)",
        ms(tl),
        ms(raw)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `mcpctl test-launch --json --config CONFIG ARGS`, output discarded.
fn test_launch(config: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(MCPCTL);
    cmd.args(["test-launch", "--json", "--config"])
        .arg(config)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Writes a config with `n` copies of `server`; returns its path.
fn copies_config(dir: &Path, file: &str, server: &Server, n: usize) -> Result<PathBuf, String> {
    let copies: Vec<(String, &Server)> = (0..n).map(|i| (format!("copy-{i:02}"), server)).collect();
    let refs: Vec<(&str, &Server)> = copies.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    write_config(dir, file, &refs)
}

/// Writes a config with the given servers; returns its path.
fn write_config(dir: &Path, file: &str, servers: &[(&str, &Server)]) -> Result<PathBuf, String> {
    let mut map = serde_json::Map::new();
    for (name, s) in servers {
        map.insert(
            (*name).to_string(),
            serde_json::json!({ "command": s.program, "args": s.args }),
        );
    }
    let doc = serde_json::json!({ "mcpServers": map });
    let path = dir.join(file);
    std::fs::write(&path, doc.to_string()).map_err(|e| format!("write {}: {e}", path.display()))?;
    Ok(path)
}

/// One `mcpctl test-launch --json ARGS` run; its wall time. Exit 1 (a
/// lane failed) is a result like any other; anything else is an error.
fn mcpctl(config: &Path, args: &[&str]) -> Result<Duration, String> {
    let start = Instant::now();
    let status = test_launch(config, args)
        .status()
        .map_err(|e| format!("run {MCPCTL}: {e}"))?;
    let took = start.elapsed();
    if matches!(status.code(), Some(0 | 1)) {
        Ok(took)
    } else {
        Err(format!(
            "mcpctl test-launch failed ({status}) on {}",
            config.display()
        ))
    }
}

/// Fails unless every lane of every server was checked, and the chat lane
/// is ok, so (d) never times a failure path.
fn check_lanes_ran(config: &Path) -> Result<(), String> {
    let out = Command::new(MCPCTL)
        .args(["test-launch", "--json", "--config"])
        .arg(config)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("run {MCPCTL}: {e}"))?;
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("mcpctl test-launch --json printed no JSON ({e})"))?;
    let servers = doc["servers"].as_array().cloned().unwrap_or_default();
    let ran = !servers.is_empty()
        && servers.iter().all(|s| {
            s["lanes"]["chat"]["verdict"] == "ok" && s["lanes"]["cowork"]["verdict"].is_string()
        });
    if ran {
        Ok(())
    } else {
        Err(format!(
            "lanes not all checked in {}: {doc}",
            config.display()
        ))
    }
}

/// Fails unless `mcpctl test-launch --lane chat` reports every server ok,
/// so the bench never times a failure path.
fn check_all_ok(config: &Path) -> Result<(), String> {
    let out = Command::new(MCPCTL)
        .args(["test-launch", "--json", "--config"])
        .arg(config)
        .args(CHAT)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("run {MCPCTL}: {e}"))?;
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "mcpctl test-launch --json printed no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("not all servers ok in {}: {doc}", config.display()))
    }
}

/// The least a health check can do: spawn, `initialize`, `initialized`,
/// `tools/list`, read the replies, close stdin, wait for the exit.
fn raw_probe(server: &Server) -> Result<Duration, String> {
    let start = Instant::now();
    let mut child = Command::new(&server.program)
        .args(&server.args)
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("spawn {}: {e}", server.program))?;
    let result = talk(&mut child);
    drop(child.stdin.take());
    let waited = child.wait();
    result?;
    waited.map_err(|e| format!("wait: {e}"))?;
    Ok(start.elapsed())
}

fn talk(child: &mut std::process::Child) -> Result<(), String> {
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let init = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw-probe","version":"0"}}}"#;
    send(&mut stdin, init)?;
    read_reply(&mut stdout, 0)?;
    send(
        &mut stdin,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    )?;
    send(
        &mut stdin,
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
    )?;
    read_reply(&mut stdout, 1)?;
    child.stdin = Some(stdin);
    Ok(())
}

fn send(stdin: &mut impl Write, line: &str) -> Result<(), String> {
    writeln!(stdin, "{line}")
        .and_then(|()| stdin.flush())
        .map_err(|e| format!("write: {e}"))
}

/// Reads lines until the reply with `id` (skipping notifications).
fn read_reply(stdout: &mut impl BufRead, id: u64) -> Result<(), String> {
    let mut line = String::new();
    loop {
        line.clear();
        let n = stdout
            .read_line(&mut line)
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err(format!("server closed stdout before replying to id {id}"));
        }
        let msg: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("not JSON ({e}): {line}"))?;
        if msg["id"].as_u64() == Some(id) {
            return Ok(());
        }
    }
}

/// A reference server from the npm cache (`dist/index.js` of
/// `@modelcontextprotocol/NAME`) run by node, with `args`, when installed.
fn node_server(name: &str, args: &[&str]) -> Option<Server> {
    let cache = std::env::var_os("MCPCTL_TEST_SERVERS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-servers"));
    let cache = if cache.is_absolute() {
        cache
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(cache)
    };
    let js = cache.join(format!(
        "npm/node_modules/@modelcontextprotocol/{name}/dist/index.js"
    ));
    let node = which::which("node").ok()?;
    js.is_file().then(|| Server {
        program: node.display().to_string(),
        args: std::iter::once(js.display().to_string())
            .chain(args.iter().map(|a| (*a).to_string()))
            .collect(),
    })
}
