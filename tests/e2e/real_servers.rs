//! `mcpctl test-launch` against real MCP servers, end to end:
//! - the repo's own fixture server (`mcpctl-example-server`, built with the
//!   official Rust SDK `rmcp`), healthy and with each of its failure flags;
//! - the official reference servers (`server-everything` in stdio mode,
//!   `server-memory` directly and through `npx`, and PyPI's `mcp-server-time`)
//!   installed by `scripts/install-test-servers.sh` into the folder named by
//!   `MCPCTL_TEST_SERVERS` (default `target/test-servers` when it exists).
//!
//! A missing runtime or install prints a loud `SKIPPED:` line; under CI
//! (`CI` set) a missing install while node/python exist is a failure.
//! Every test also checks that no process of its servers survives the run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::procs::{self, MARKER_VAR};
use crate::support::{self, Out, Sandbox};

/// Env var naming the folder the reference servers were installed into.
const SERVERS_ENV: &str = "MCPCTL_TEST_SERVERS";

/// Protocol versions mcpctl knows (issue: accept these, nothing else).
const KNOWN_VERSIONS: &[&str] = &["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// A sandbox whose runs get a PATH that finds `node`/`npx`/`python3`
/// (where they are on this machine) and the usual system folders.
struct Scratch {
    sb: Sandbox,
    path: String,
}

impl Scratch {
    fn new() -> Scratch {
        let sb = Sandbox::new();
        let path = controlled_path();
        sb.name(&path, "[PATH]");
        Scratch { sb, path }
    }

    /// Writes `{"mcpServers": servers}` and returns its path.
    fn config(&self, servers: Value) -> PathBuf {
        let doc = json!({ "mcpServers": servers });
        let text = serde_json::to_string_pretty(&doc).expect("serialize config");
        self.sb
            .write(self.sb.work().join("claude_desktop_config.json"), text)
    }

    /// `mcpctl test-launch --json --config CONFIG EXTRA...` with `env` set.
    fn test_launch(&self, env: &[(&str, &str)], config: &Path, extra: &[&str]) -> Run {
        let mut cmd = self.sb.mcpctl();
        cmd.env("PATH", &self.path).envs(env.iter().copied());
        cmd.arg("test-launch")
            .arg("--json")
            .arg("--config")
            .arg(config)
            .args(extra);
        let start = Instant::now();
        let out = self.sb.run(&mut cmd);
        let elapsed = start.elapsed();
        Run {
            code: out.code.unwrap_or(-1),
            doc: out.json(),
            out,
            elapsed,
        }
    }
}

/// A PATH for servers that finds `node`/`npx`/`python3` (where they are on
/// this machine) and the usual system folders, nothing from the user.
fn controlled_path() -> String {
    let mut dirs: Vec<String> = Vec::new();
    for prog in ["node", "npx", "python3"] {
        if let Some(dir) = support::on_path(prog).as_deref().and_then(Path::parent) {
            let dir = dir.display().to_string();
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }
    for dir in ["/usr/local/bin", "/usr/bin", "/bin"] {
        if !dirs.iter().any(|d| d == dir) {
            dirs.push(dir.to_string());
        }
    }
    dirs.join(":")
}

/// The result of one `mcpctl test-launch --json` run.
struct Run {
    code: i32,
    doc: Value,
    out: Out,
    elapsed: Duration,
}

impl Run {
    /// The result for the server named `name` (panics with the document when
    /// it is missing, so a failing test shows what mcpctl printed).
    fn server(&self, name: &str) -> &Value {
        self.doc["servers"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["name"] == name))
            .unwrap_or_else(|| panic!("no server {name:?} in:\n{}", self.pretty()))
    }

    fn pretty(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }
}

/// A server entry for the example server with `args`, tagged with `marker`.
fn example_entry(args: &[&str], marker: &str) -> Value {
    json!({
        "command": support::example_server(),
        "args": args,
        "env": { MARKER_VAR: marker },
    })
}

/// Asserts no process carrying `marker` (or whose command line holds
/// `needle`) outlived mcpctl; kills and names them when some did.
fn assert_no_survivors(needle: Option<&str>, marker: &str) {
    let left = procs::survivors_after(needle, Some(marker));
    assert!(
        left.is_empty(),
        "processes outlived mcpctl test-launch: {left:#?}"
    );
}

fn assert_ok(run: &Run, name: &str) {
    let s = run.server(name);
    assert_eq!(
        s["verdict"],
        "ok",
        "{name} should be ok; got:\n{}\nstderr:\n{}",
        serde_json::to_string_pretty(s).unwrap_or_default(),
        run.out.stderr
    );
    assert_eq!(s["ok"], true);
    assert!(s["hint"].is_null(), "an ok server has no hint: {s}");
    let version = s["protocol_version"].as_str().unwrap_or_default();
    assert!(
        KNOWN_VERSIONS.contains(&version),
        "{name} negotiated {version:?}, not a known protocol version"
    );
    assert_eq!(s["bad_tool_names"], json!([]));
}

fn count(s: &Value, what: &str) -> u64 {
    s["counts"][what]
        .as_u64()
        .unwrap_or_else(|| panic!("counts.{what} missing or null in {s}"))
}

// ---------------------------------------------------------------------------
// the example server (always available: cargo builds it)
// ---------------------------------------------------------------------------

#[test]
fn example_server_is_healthy_with_exact_counts() {
    let scratch = Scratch::new();
    let marker = procs::marker("healthy");
    let config = scratch.config(json!({ "example": example_entry(&[], &marker) }));

    let run = scratch.test_launch(&[], &config, &["--timeout", "30"]);

    assert_eq!(
        run.code,
        0,
        "exit 0 when all servers are ok:\n{}",
        run.pretty()
    );
    assert_ok(&run, "example");
    let s = run.server("example");
    assert_eq!(
        s["server_info"],
        json!({"name": "mcpctl-example-server", "version": env!("CARGO_PKG_VERSION")})
    );
    assert_eq!(s["protocol_version"], "2025-11-25");
    assert_eq!(
        s["capabilities"],
        json!({"tools": true, "resources": true, "prompts": true})
    );
    assert_eq!(count(s, "tools"), 3, "echo, add, current_time");
    assert_eq!(count(s, "resources"), 1);
    assert_eq!(count(s, "prompts"), 1);
    assert_eq!(s["resolved_command"], support::example_server());
    assert!(
        s["discover"].is_null(),
        "no discover probe without --discover"
    );
    assert_eq!(run.doc["env_mode"], "app");
    assert_eq!(run.doc["cwd_used"], "/");
    assert_eq!(run.doc["summary"]["ok"], 1);
    assert_eq!(run.doc["summary"]["failed"], 0);
    assert_no_survivors(None, &marker);
}

#[test]
fn example_server_answers_server_discover() {
    let scratch = Scratch::new();
    let marker = procs::marker("discover");
    let config = scratch.config(json!({ "example": example_entry(&[], &marker) }));

    let run = scratch.test_launch(&[], &config, &["--discover", "--timeout", "30"]);

    assert_eq!(run.code, 0, "{}", run.pretty());
    assert_ok(&run, "example");
    let d = &run.server("example")["discover"];
    assert_eq!(d["supported"], true, "rmcp 3 answers server/discover: {d}");
    let versions: Vec<&str> = d["versions"]
        .as_array()
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(versions.contains(&"2026-07-28"), "{d}");
    assert!(versions.contains(&"2025-11-25"), "{d}");
    assert!(d["error"].is_null(), "{d}");
    assert_no_survivors(None, &marker);
}

#[test]
fn dotenv_banner_on_stdout_is_non_protocol_output() {
    let scratch = Scratch::new();
    let marker = procs::marker("banner");
    let config = scratch.config(json!({ "noisy": example_entry(&["--banner"], &marker) }));

    let run = scratch.test_launch(&[], &config, &["--timeout", "30"]);

    assert_eq!(
        run.code,
        1,
        "a failing server means exit 1:\n{}",
        run.pretty()
    );
    let s = run.server("noisy");
    assert_eq!(s["verdict"], "non-protocol-output", "{s}");
    assert_eq!(s["ok"], false);
    assert_eq!(s["stdout_kind"], "dotenv-banner", "{s}");
    let line = s["stdout_line"].as_str().unwrap_or_default();
    assert!(
        line.starts_with("[dotenv@17.2.3] injecting env"),
        "{line:?}"
    );
    let hint = s["hint"].as_str().unwrap_or_default();
    assert!(hint.contains("DOTENV_CONFIG_QUIET"), "hint: {hint:?}");
    assert_no_survivors(None, &marker);
}

#[test]
fn secret_exported_only_in_the_shell_never_reaches_the_server() {
    let scratch = Scratch::new();
    let marker = procs::marker("require-env");
    let config = scratch.config(json!({
        "needs-key": example_entry(&["--require-env", "EXAMPLE_API_KEY"], &marker),
    }));
    // The key is exported in "the user's terminal" (mcpctl's own env) only.
    let run = scratch.test_launch(
        &[("EXAMPLE_API_KEY", "sk-from-the-shell")],
        &config,
        &["--timeout", "30"],
    );

    assert_eq!(run.code, 1, "{}", run.pretty());
    let s = run.server("needs-key");
    assert_eq!(s["verdict"], "exited-early", "{s}");
    assert_eq!(s["exit"]["code"], 1, "{s}");
    let tail = s["stderr_tail"].to_string();
    assert!(tail.contains("EXAMPLE_API_KEY"), "stderr tail: {tail}");
    let cmp = &s["shell_comparison"];
    assert_eq!(cmp["verdict"], "ok", "passes with the shell env: {s}");
    let diffs = cmp["differences"].to_string();
    assert!(
        diffs.contains("EXAMPLE_API_KEY"),
        "shell_comparison must name the variable only the shell has: {diffs}"
    );
    assert!(
        !run.out.stdout.contains("sk-from-the-shell"),
        "a shell value is a secret: never printed"
    );
    assert_no_survivors(None, &marker);
}

#[test]
fn missing_variable_everywhere_is_not_blamed_on_the_shell() {
    let scratch = Scratch::new();
    let marker = procs::marker("require-env-absent");
    let config = scratch.config(json!({
        "needs-key": example_entry(&["--require-env", "EXAMPLE_API_KEY"], &marker),
    }));

    let run = scratch.test_launch(&[], &config, &["--timeout", "30"]);

    assert_eq!(run.code, 1, "{}", run.pretty());
    let s = run.server("needs-key");
    assert_eq!(s["verdict"], "exited-early", "{s}");
    let cmp = &s["shell_comparison"];
    assert!(
        cmp.is_null() || cmp["verdict"] != "ok",
        "the shell has no EXAMPLE_API_KEY either, so it cannot pass there: {cmp}"
    );
    assert_no_survivors(None, &marker);
}

#[test]
fn relative_path_that_works_from_the_shell_fails_from_root() {
    let scratch = Scratch::new();
    std::fs::create_dir_all(scratch.sb.work().join("notes")).expect("create notes");
    let marker = procs::marker("relative");
    let config = scratch.config(json!({
        "relative": example_entry(&["--data-dir", "./notes"], &marker),
    }));

    let run = scratch.test_launch(&[], &config, &["--timeout", "30"]);

    assert_eq!(run.code, 1, "{}", run.pretty());
    let s = run.server("relative");
    assert_eq!(s["verdict"], "exited-early", "{s}");
    assert!(s["stderr_tail"].to_string().contains("./notes"), "{s}");
    let cmp = &s["shell_comparison"];
    assert_eq!(
        cmp["verdict"], "ok",
        "./notes exists in the shell's cwd: {s}"
    );
    let diffs = cmp["differences"].to_string();
    assert!(
        diffs.contains("./notes") && diffs.contains("relative"),
        "the relative path is named as the difference: {diffs}"
    );
    assert_no_survivors(None, &marker);
}

#[test]
fn variable_in_the_entry_env_works_and_stays_masked() {
    let scratch = Scratch::new();
    let marker = procs::marker("env-ok");
    let config = scratch.config(json!({
        "has-key": {
            "command": support::example_server(),
            "args": ["--require-env", "EXAMPLE_API_KEY"],
            "env": { "EXAMPLE_API_KEY": "sk-live-0123456789", MARKER_VAR: marker },
        },
    }));

    let run = scratch.test_launch(&[], &config, &["--timeout", "30"]);

    assert_eq!(run.code, 0, "{}", run.pretty());
    assert_ok(&run, "has-key");
    let shown = &run.server("has-key")["env"]["EXAMPLE_API_KEY"];
    assert_ne!(
        shown, "sk-live-0123456789",
        "env values are masked: {shown}"
    );
    assert!(!run.out.stdout.contains("sk-live-0123456789"));
    assert_no_survivors(None, &marker);
}

#[test]
fn invalid_tool_name_is_named() {
    let scratch = Scratch::new();
    let marker = procs::marker("bad-tool");
    let config = scratch.config(json!({
        "dotted": example_entry(&["--bad-tool-name"], &marker),
    }));

    let run = scratch.test_launch(&[], &config, &["--timeout", "30"]);

    assert_eq!(run.code, 1, "{}", run.pretty());
    let s = run.server("dotted");
    assert_eq!(s["verdict"], "bad-tool-names", "{s}");
    assert_eq!(s["bad_tool_names"], json!(["files.read"]));
    assert_eq!(count(s, "tools"), 4);
    let message = s["message"].as_str().unwrap_or_default();
    assert!(message.contains("files.read"), "message: {message:?}");
    assert_no_survivors(None, &marker);
}

#[test]
fn slow_server_times_out_in_initialize_and_is_killed() {
    let scratch = Scratch::new();
    let marker = procs::marker("slow");
    let config = scratch.config(json!({
        "slow": example_entry(&["--slow-ms", "20000"], &marker),
    }));

    let run = scratch.test_launch(&[], &config, &["--timeout", "1"]);

    assert_eq!(run.code, 1, "{}", run.pretty());
    let s = run.server("slow");
    assert_eq!(s["verdict"], "timeout", "{s}");
    assert_eq!(s["phase"], "initialize", "{s}");
    assert!(
        run.elapsed < Duration::from_secs(12),
        "a 1 s timeout must not wait for the server's 20 s sleep: {:?}",
        run.elapsed
    );
    assert_no_survivors(None, &marker);
}

/// The leak checks above are only worth something if the scan sees a live
/// process: prove it on one we start ourselves.
#[test]
fn survivor_scan_sees_a_live_marked_process() {
    let marker = procs::marker("scan");
    let mut child = std::process::Command::new("sleep")
        .arg("30")
        .env(MARKER_VAR, &marker)
        .spawn()
        .expect("spawn sleep");
    // Between fork and exec the child still has this process's environment
    // and command line: wait (bounded) until it is `sleep` with the marker.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut by_env = procs::survivors(None, Some(&marker));
    while by_env.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        by_env = procs::survivors(None, Some(&marker));
    }
    let by_cmd = procs::survivors(Some("sleep 30"), None);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(by_env.len(), 1, "{by_env:?}");
    assert_eq!(by_env[0].pid, child.id());
    assert!(by_cmd.iter().any(|p| p.pid == child.id()), "{by_cmd:?}");
    assert!(procs::survivors_after(None, Some(&marker)).is_empty());
}

// ---------------------------------------------------------------------------
// the official reference servers (installed by scripts/install-test-servers.sh)
// ---------------------------------------------------------------------------

/// What a reference test needs, or `None` after a loud skip.
struct Installed {
    cache: PathBuf,
}

impl Installed {
    fn everything_js(&self) -> PathBuf {
        self.cache
            .join("npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js")
    }
    fn memory_bin(&self) -> PathBuf {
        self.cache.join("npm/node_modules/.bin/mcp-server-memory")
    }
    fn npm_prefix(&self) -> PathBuf {
        self.cache.join("npm")
    }
    fn time_bin(&self) -> PathBuf {
        self.cache.join("py/bin/mcp-server-time")
    }
}

/// The cache folder: `MCPCTL_TEST_SERVERS`, else `target/test-servers` when
/// it exists.
fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(SERVERS_ENV).filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        return Some(if dir.is_absolute() {
            dir
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)
        });
    }
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-servers");
    default.is_dir().then_some(default)
}

/// `node` on PATH, or `python3` >= 3.10 (what the install script requires).
fn runtime_usable(runtime: &str) -> bool {
    let Some(path) = support::on_path(runtime) else {
        return false;
    };
    if runtime != "python3" {
        return true;
    }
    std::process::Command::new(path)
        .args([
            "-c",
            "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)",
        ])
        .status()
        .is_ok_and(|s| s.success())
}

/// Finds the installed servers a test needs. `runtime` is `node` or
/// `python3`; `files` are the entry points it needs. Skips loudly when the
/// runtime is absent or (outside CI) the install is missing; panics in CI
/// when the runtime exists but the install does not. (The Python venv is
/// self-contained; the npm servers also need `node` on PATH to run.)
fn installed(
    test: &str,
    runtime: &str,
    files: fn(&Installed) -> Vec<PathBuf>,
) -> Option<Installed> {
    let why = match find_install(files) {
        Ok(inst) if runtime != "node" || runtime_usable("node") => return Some(inst),
        Ok(_) => "node is not on PATH".to_string(),
        Err(why) if !runtime_usable(runtime) => {
            format!("{runtime} is not on PATH (python3 needs >= 3.10); {why}")
        }
        Err(why) => {
            let fix = "run scripts/install-test-servers.sh, then \
MCPCTL_TEST_SERVERS=target/test-servers cargo test";
            assert!(
                !support::is_ci(),
                "{test}: CI must not skip the reference servers ({runtime} exists): {why}. \
hint: {fix}"
            );
            format!("{why}. hint: {fix}")
        }
    };
    support::loud_skip(test, &why);
    None
}

/// The cache folder holding all of `files`, or why not.
fn find_install(files: fn(&Installed) -> Vec<PathBuf>) -> Result<Installed, String> {
    let cache = cache_dir().ok_or_else(|| {
        format!(
            "{} is not set and target/test-servers does not exist",
            SERVERS_ENV
        )
    })?;
    let inst = Installed { cache };
    let missing: Vec<PathBuf> = files(&inst).into_iter().filter(|f| !f.exists()).collect();
    if missing.is_empty() {
        Ok(inst)
    } else {
        Err(format!("not installed: {missing:?}"))
    }
}

#[test]
fn npm_reference_servers_are_ok_and_leave_no_process() {
    let test = "npm_reference_servers_are_ok_and_leave_no_process";
    let Some(inst) = installed(test, "node", |i| vec![i.everything_js(), i.memory_bin()]) else {
        return;
    };
    let scratch = Scratch::new();
    let marker = procs::marker("npm");
    let prefix = inst.npm_prefix().display().to_string();
    let config = scratch.config(json!({
        "everything": {
            "command": support::on_path("node").map(|p| p.display().to_string()),
            "args": [inst.everything_js(), "stdio"],
            "env": { MARKER_VAR: marker },
        },
        "memory": {
            "command": inst.memory_bin(),
            "env": { MARKER_VAR: marker },
        },
        // npx -> sh -> node: the whole tree must die with the probe.
        "memory-npx": {
            "command": "npx",
            "args": ["--offline", "--prefix", prefix, "mcp-server-memory"],
            "env": { MARKER_VAR: marker },
        },
    }));

    let run = scratch.test_launch(&[], &config, &["--discover", "--timeout", "40"]);

    assert_eq!(run.code, 0, "{}\nstderr:\n{}", run.pretty(), run.out.stderr);
    for name in ["everything", "memory", "memory-npx"] {
        assert_ok(&run, name);
        let d = &run.server(name)["discover"];
        assert_eq!(d["supported"], false, "TypeScript SDK servers: -32601: {d}");
    }
    let every = run.server("everything");
    assert_eq!(every["server_info"]["name"], "mcp-servers/everything");
    assert!(count(every, "tools") >= 10, "{every}");
    assert!(count(every, "resources") >= 1, "{every}");
    assert!(count(every, "prompts") >= 1, "{every}");
    for name in ["memory", "memory-npx"] {
        let mem = run.server(name);
        assert_eq!(mem["server_info"]["name"], "memory-server");
        assert_eq!(count(mem, "tools"), 9, "{mem}");
        assert!(mem["counts"]["prompts"].is_null(), "not advertised: {mem}");
    }
    assert!(
        run.server("memory-npx")["resolved_command"]
            .as_str()
            .is_some_and(|p| p.ends_with("/npx")),
        "npx resolved through PATH"
    );
    // Only this test launches from CACHE/npm (the Python test uses CACHE/py).
    assert_no_survivors(Some(&prefix), &marker);
}

#[test]
fn python_reference_server_is_ok_and_speaks_both_eras() {
    let test = "python_reference_server_is_ok_and_speaks_both_eras";
    let Some(inst) = installed(test, "python3", |i| vec![i.time_bin()]) else {
        return;
    };
    let scratch = Scratch::new();
    let marker = procs::marker("python");
    let config = scratch.config(json!({
        "time": { "command": inst.time_bin(), "env": { MARKER_VAR: marker } },
    }));

    let run = scratch.test_launch(&[], &config, &["--discover", "--timeout", "40"]);

    assert_eq!(run.code, 0, "{}\nstderr:\n{}", run.pretty(), run.out.stderr);
    assert_ok(&run, "time");
    let s = run.server("time");
    assert_eq!(s["server_info"]["name"], "mcp-time");
    assert_eq!(count(s, "tools"), 2, "get_current_time, convert_time: {s}");
    let d = &s["discover"];
    assert_eq!(
        d["supported"], true,
        "newest mcp-server-time answers server/discover: {d}"
    );
    assert!(d["versions"].to_string().contains("2026-07-28"), "{d}");
    let py_dir = inst.cache.join("py").display().to_string();
    assert_no_survivors(Some(&py_dir), &marker);
}
