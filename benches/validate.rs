//! `cargo bench --bench validate`: how long `mcpctl validate` takes on a
//! generated 500-server config, measured on this machine.
//!
//! - in-process: the full check (parse + schema + lint, with the real
//!   command look-up on the app's PATH) over many iterations;
//! - end to end: the `mcpctl validate` binary, spawned repeatedly.
//! - start-up: the commands that launch no server (`validate`, `list`,
//!   `doctor --no-launch` on the bundled example config) against
//!   `mcpctl --version`, run in turn (A B A B ...), as the median of the
//!   ratio pair by pair (target <= 1.3x). Timed on the binaries as the
//!   README's setup (`cargo install --path .`) leaves them: copies in a
//!   folder of their own, which leads PATH (the example config starts
//!   `mcpctl-example-server` by name). A copy starts faster than the
//!   file the linker wrote (fewer page faults, less time off the CPU on
//!   this VM), and more so for the larger commands, so the same table is
//!   printed for the build's own files too. `doctor --no-launch` asks a
//!   tool its version only when a configured server uses it.
//!
//! Not a timed test: it prints the figures and whether they meet their
//! targets, and exits 1 only when the check itself misbehaves.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use mcpctl::config::lint::{self, LintContext};
use mcpctl::config::source::Source;
use mcpctl::config::{load, schema, syntax};
use mcpctl::platform::HostEnv;

const MCPCTL: &str = env!("CARGO_BIN_EXE_mcpctl");
const SERVERS: usize = 500;
const ITERATIONS: usize = 200;
const RUNS: usize = 40;
const TARGET: Duration = Duration::from_millis(20);
/// Start-up: a command that launches no server against `--version`.
const STARTUP_TARGET: f64 = 1.3;
const STARTUP_RUNS: usize = 30;
const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/claude_desktop_config.json"
);

/// A pretty-printed config with `n` realistic entries (npx, uvx, node with
/// an absolute script, docker; args and env), strict JSON and lint-clean
/// apart from commands this machine may not have, and the node scripts and
/// the memory files' folder (`missing-path`: they are not on this disk).
fn generate(n: usize) -> String {
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        let body = match i % 4 {
            0 => format!(
                r#""command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-memory@0.6.{i}"],
      "env": {{"MEMORY_FILE_PATH": "/var/lib/mcp/memory-{i}.json"}}"#
            ),
            1 => format!(
                r#""command": "uvx",
      "args": ["mcp-server-time", "--local-timezone", "Europe/Paris"],
      "env": {{"API_KEY": "sk-{i:032}", "LOG_LEVEL": "info"}}"#
            ),
            2 => format!(
                r#""command": "node",
      "args": ["/opt/mcp/servers/server-{i}/build/index.js", "--port", "{}"]"#,
                8000 + i
            ),
            _ => r#""command": "docker",
      "args": ["run", "-i", "--rm", "mcp/fetch"]"#
                .to_string(),
        };
        entries.push(format!("    \"server-{i}\": {{\n      {body}\n    }}"));
    }
    format!(
        "{{\n  \"mcpServers\": {{\n{}\n  }},\n  \"globalShortcut\": \"Alt+Space\"\n}}\n",
        entries.join(",\n")
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn verdict(d: Duration) -> &'static str {
    if d < TARGET { "meets" } else { "MISSES" }
}

fn main() {
    let text = generate(SERVERS);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("claude_desktop_config.json");
    std::fs::write(&file, &text).expect("write config");
    println!(
        "validate benchmark: {SERVERS} servers, {} KiB, {} lines; target < {}",
        text.len() / 1024,
        text.lines().count(),
        ms(TARGET)
    );

    let host = HostEnv::current();
    let source = Source::from_text(&file, &text);
    // warm-up (compiles the schema once, fills caches)
    let (doc, diags) = load::check(&source, &LintContext::for_host(&host));
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if doc.root.is_none() || errors > 0 {
        eprintln!("the generated config should have no errors, got {errors}");
        std::process::exit(1);
    }
    println!(
        "  findings on this machine: {} warnings (commands not installed here, scripts and \
folders not on this disk)",
        diags.len()
    );

    let mut times = Vec::with_capacity(ITERATIONS);
    for _ in 0..ITERATIONS {
        let start = Instant::now();
        let ctx = LintContext::for_host(&host);
        let (doc, diags) = load::check(&source, &ctx);
        std::hint::black_box((doc, diags));
        times.push(start.elapsed());
    }
    let best = *times.iter().min().expect("iterations");
    let med = median(times);
    println!(
        "  in-process check (parse+schema+lint), {ITERATIONS} iterations: median {}, best {} -> {} the target",
        ms(med),
        ms(best),
        verdict(med)
    );

    breakdown(&source, &host);

    let mut runs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new(MCPCTL)
            .args(["validate", "--config"])
            .arg(&file)
            .env("NO_COLOR", "1")
            .output()
            .expect("run mcpctl");
        runs.push(start.elapsed());
        if out.status.code() != Some(0) {
            eprintln!(
                "mcpctl validate exited {:?}:\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout)
            );
            std::process::exit(1);
        }
    }
    let best = *runs.iter().min().expect("runs");
    let med = median(runs);
    println!(
        "  `mcpctl validate` end to end (spawn + read + check + print), {RUNS} runs: median {}, best {} -> {} the target",
        ms(med),
        ms(best),
        verdict(med)
    );

    startup();
}

/// Start-up of the commands that launch no server, against `--version`:
/// on installed copies, then on the build's own files.
fn startup() {
    let installed = tempfile::tempdir().expect("temp dir");
    let built = Path::new(MCPCTL).parent().expect("a folder").to_path_buf();
    for name in ["mcpctl", "mcpctl-example-server"] {
        let exe = format!("{name}{}", std::env::consts::EXE_SUFFIX);
        std::fs::copy(built.join(&exe), installed.path().join(&exe)).expect("copy a binary");
    }
    let copy = installed
        .path()
        .join(format!("mcpctl{}", std::env::consts::EXE_SUFFIX));
    startup_table("installed copies (as `cargo install` leaves them)", &copy);
    startup_table("the build's own files (target/release)", Path::new(MCPCTL));
}

/// One start-up table for the binary `exe` (its folder leads PATH).
fn startup_table(label: &str, exe: &Path) {
    println!(
        "\nstart-up on the example config vs `mcpctl --version`, {label} (in turn; median of the pair ratios; target <= {STARTUP_TARGET}x)"
    );
    let cases: [(&str, &[&str], usize); 4] = [
        ("validate", &["validate", "--config", EXAMPLE], STARTUP_RUNS),
        (
            "validate --json",
            &["validate", "--json", "--config", EXAMPLE],
            STARTUP_RUNS,
        ),
        ("list", &["list", "--config", EXAMPLE], STARTUP_RUNS),
        (
            "doctor --no-launch",
            &["doctor", "--no-launch", "--config", EXAMPLE],
            STARTUP_RUNS,
        ),
    ];
    for (name, args, runs) in cases {
        let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        // one warm-up each
        spawn_timed(exe, args);
        spawn_timed(exe, &["--version"]);
        for _ in 0..runs {
            let x = spawn_timed(exe, args);
            let y = spawn_timed(exe, &["--version"]);
            ratios.push(x.as_secs_f64() / y.as_secs_f64().max(f64::EPSILON));
            a.push(x);
            b.push(y);
        }
        ratios.sort_by(f64::total_cmp);
        let ratio = ratios[ratios.len() / 2];
        println!(
            "  {name:<20} median {:>8}  --version {:>8}  ratio {ratio:.2}x  ({} target <= {STARTUP_TARGET}x)",
            ms(median(a)),
            ms(median(b)),
            if ratio <= STARTUP_TARGET {
                "meets"
            } else {
                "MISSES"
            }
        );
    }
}

/// PATH with `exe`'s folder first (where `cargo install` puts
/// `mcpctl-example-server`, which the example config starts by name).
fn path_with_example_server(exe: &Path) -> std::ffi::OsString {
    let bin = exe.parent().expect("a folder").to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest)))
        .expect("PATH joins")
}

/// Wall time of one `EXE ARGS` (output discarded; exit 0 or 1 expected).
fn spawn_timed(exe: &Path, args: &[&str]) -> Duration {
    let path = path_with_example_server(exe);
    let start = Instant::now();
    let status = Command::new(exe)
        .args(args)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run mcpctl");
    let took = start.elapsed();
    if !matches!(status.code(), Some(0 | 1)) {
        eprintln!("mcpctl {} exited {status}", args.join(" "));
        std::process::exit(1);
    }
    took
}

/// Median of each pass alone, to see where the time goes.
fn breakdown(source: &Source, host: &HostEnv) {
    let time = |f: &dyn Fn()| {
        median(
            (0..ITERATIONS / 4)
                .map(|_| {
                    let start = Instant::now();
                    f();
                    start.elapsed()
                })
                .collect(),
        )
    };
    let doc = syntax::parse(source);
    let Some(root) = doc.root.as_ref() else {
        return;
    };
    let ctx = LintContext::for_host(host);
    let parse = time(&|| {
        std::hint::black_box(syntax::parse(source));
    });
    let schema_t = time(&|| {
        std::hint::black_box(schema::validate(
            root,
            source,
            mcpctl::platform::Os::current(),
        ));
    });
    let lint_t = time(&|| {
        std::hint::black_box(lint::lint(root, source, &ctx));
    });
    let context = time(&|| {
        std::hint::black_box(LintContext::for_host(host));
    });
    println!(
        "    of which: parse {}, schema {}, lint {} (command look-ups included), lint context {}",
        ms(parse),
        ms(schema_t),
        ms(lint_t),
        ms(context)
    );
}
