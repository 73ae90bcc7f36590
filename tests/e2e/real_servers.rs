//! `mcpctl test-launch` against real MCP servers, end to end:
//! - the repo's own fixture server (`mcpctl-example-server`, built with the
//!   official Rust SDK `rmcp`), healthy and with each of its failure flags,
//!   as snapshots of the text report and the `--json` document;
//! - the official reference servers (`server-everything` in stdio mode,
//!   `server-memory` directly and through `npx`, and PyPI's `mcp-server-time`)
//!   installed by `scripts/install-test-servers.sh` into the folder named by
//!   `MCPCTL_TEST_SERVERS` (default `target/test-servers` when it exists),
//!   snapshotted through the fields that do not depend on the machine
//!   (their stderr and timings depend on the node/python found there).
//!
//! A missing runtime or install prints a loud `SKIPPED:` line; under CI
//! (`CI` set) a missing install while node/python exist is a failure.
//! Every test also checks that no process of its servers survives the run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::procs::{self, MARKER_VAR};
use crate::support::{self, Sandbox};

/// Env var naming the folder the reference servers were installed into.
const SERVERS_ENV: &str = "MCPCTL_TEST_SERVERS";

/// Protocol versions mcpctl knows (issue: accept these, nothing else).
const KNOWN_VERSIONS: &[&str] = &["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// A sandbox whose runs get a PATH that finds `node`/`npx`/`python3`
/// (where they are on this machine) and the usual system folders; that
/// PATH shows as `[PATH]` in snapshots.
struct Scratch {
    sb: Sandbox,
    path: String,
    config: PathBuf,
}

impl Scratch {
    /// A scratch whose config is `{"mcpServers": servers}`.
    fn new(servers: Value) -> Scratch {
        let sb = Sandbox::new();
        sb.snapshots_differ_by_os(support::LAUNCH_PROFILE);
        let path = controlled_path();
        sb.name(&path, "[PATH]");
        let doc = json!({ "mcpServers": servers });
        let text = serde_json::to_string_pretty(&doc).expect("serialize config");
        let config = sb.write(sb.work().join("claude_desktop_config.json"), text);
        Scratch { sb, path, config }
    }

    /// `mcpctl --config CONFIG test-launch ARGS...` with the controlled PATH.
    fn launch(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.mcpctl();
        cmd.env("PATH", &self.path)
            .arg("--config")
            .arg(&self.config)
            .arg("test-launch")
            .args(args);
        cmd
    }

    /// `test-launch --json ARGS...`, parsed (panics showing the output when
    /// it is not JSON).
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        self.sb.run(&mut self.launch(&all)).json()
    }
}

/// A PATH for servers that finds `node`/`npx`/`python3` (where they are on
/// this machine) and the usual system folders, nothing from the user.
pub fn controlled_path() -> String {
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

/// The result for the server named `name` in a test-launch document.
fn server<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["servers"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == name))
        .unwrap_or_else(|| panic!("no server {name:?} in:\n{doc:#}"))
}

/// A scratch with one example server `name` started with `args`, tagged
/// with a fresh marker (returned).
fn example(name: &str, args: &[&str]) -> (Scratch, String) {
    let marker = procs::marker(name);
    let scratch = Scratch::new(json!({ name: example_entry(args, &marker) }));
    (scratch, marker)
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

/// A reference server's result is ok, with a protocol version mcpctl knows.
fn assert_ok(doc: &Value, name: &str) {
    let s = server(doc, name);
    assert_eq!(s["verdict"], "ok", "{name} should be ok; got:\n{s:#}");
    let version = s["protocol_version"].as_str().unwrap_or_default();
    assert!(
        KNOWN_VERSIONS.contains(&version),
        "{name} negotiated {version:?}, not a known protocol version"
    );
}

/// What does not depend on the machine in a reference server's result
/// (not its stderr, timings or paths): what its snapshot holds.
fn stable(doc: &Value) -> String {
    let servers: Vec<Value> = doc["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| {
            json!({
                "name": s["name"],
                "verdict": s["verdict"],
                "message": s["message"],
                "hint": s["hint"],
                "server_info": s["server_info"],
                "protocol_version": s["protocol_version"],
                "capabilities": s["capabilities"],
                "counts": s["counts"],
                "bad_tool_names": s["bad_tool_names"],
                "discover": s["discover"],
                "leftover": s["leftover"],
                "lanes": lane_outcomes(&s["lanes"]),
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({"servers": servers, "summary": doc["summary"]["ok"]}))
        .expect("serialize")
}

/// Each lane's verdict, message and era verdict (what the lanes found,
/// without timings or stderr).
fn lane_outcomes(lanes: &Value) -> Value {
    let Some(lanes) = lanes.as_object() else {
        return Value::Null;
    };
    lanes
        .iter()
        .map(|(lane, l)| {
            (
                lane.clone(),
                json!({
                    "verdict": l["verdict"],
                    "message": l["message"],
                    "era": l["era"]["verdict"],
                    "via": l["via"],
                }),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

// ---------------------------------------------------------------------------
// the example server (always available: cargo builds it)
// ---------------------------------------------------------------------------

/// 3 tools (echo, add, current_time), 1 resource, 1 prompt; no discover
/// probe without `--discover`; exit 0 when all servers are ok.
#[test]
fn example_server_is_healthy_with_exact_counts() {
    let (scratch, marker) = example("example", &[]);
    text_and_json!("healthy", scratch.sb, &["--timeout", "30"], |a| {
        scratch.launch(a)
    });
    assert_no_survivors(None, &marker);
}

/// rmcp 3 answers `server/discover`.
#[test]
fn example_server_answers_server_discover() {
    let (scratch, marker) = example("example", &[]);
    text_and_json!(
        "discover",
        scratch.sb,
        &["--discover", "--timeout", "30"],
        |a| scratch.launch(a)
    );
    assert_no_survivors(None, &marker);
}

#[test]
fn dotenv_banner_on_stdout_is_non_protocol_output() {
    let (scratch, marker) = example("noisy", &["--banner"]);
    text_and_json!("banner", scratch.sb, &["--timeout", "30"], |a| {
        scratch.launch(a)
    });
    assert_no_survivors(None, &marker);
}

/// The key is exported in "the user's terminal" (mcpctl's own env) only:
/// the server fails, passes with the shell's env, and the comparison names
/// the variable but never prints its value.
#[test]
fn secret_exported_only_in_the_shell_never_reaches_the_server() {
    let (scratch, marker) = example("needs-key", &["--require-env", "EXAMPLE_API_KEY"]);
    let outs = text_and_json!("shell_only_secret", scratch.sb, &["--timeout", "30"], |a| {
        let mut cmd = scratch.launch(a);
        cmd.env("EXAMPLE_API_KEY", "sk-from-the-shell");
        cmd
    });
    for out in outs {
        assert!(
            !out.all().contains("sk-from-the-shell"),
            "a shell value is a secret: never printed: {out:?}"
        );
    }
    assert_no_survivors(None, &marker);
}

/// The shell has no EXAMPLE_API_KEY either, so it cannot pass there.
#[test]
fn missing_variable_everywhere_is_not_blamed_on_the_shell() {
    let (scratch, marker) = example("needs-key", &["--require-env", "EXAMPLE_API_KEY"]);
    text_and_json!(
        "missing_everywhere",
        scratch.sb,
        &["--timeout", "30"],
        |a| { scratch.launch(a) }
    );
    assert_no_survivors(None, &marker);
}

/// `./notes` exists in the shell's current folder, not in `/`: the
/// relative path is named as the difference.
#[test]
fn relative_path_that_works_from_the_shell_fails_from_root() {
    let (scratch, marker) = example("relative", &["--data-dir", "./notes"]);
    std::fs::create_dir_all(scratch.sb.work().join("notes")).expect("create notes");
    text_and_json!("relative", scratch.sb, &["--timeout", "30"], |a| {
        scratch.launch(a)
    });
    assert_no_survivors(None, &marker);
}

#[test]
fn variable_in_the_entry_env_works_and_stays_masked() {
    let marker = procs::marker("env-ok");
    let scratch = Scratch::new(json!({
        "has-key": {
            "command": support::example_server(),
            "args": ["--require-env", "EXAMPLE_API_KEY"],
            "env": { "EXAMPLE_API_KEY": "sk-live-0123456789", MARKER_VAR: marker },
        },
    }));
    let outs = text_and_json!("entry_env", scratch.sb, &["--timeout", "30"], |a| {
        scratch.launch(a)
    });
    for out in outs {
        assert!(!out.all().contains("sk-live-0123456789"), "{out:?}");
    }
    assert_no_survivors(None, &marker);
}

#[test]
fn invalid_tool_name_is_named() {
    let (scratch, marker) = example("dotted", &["--bad-tool-name"]);
    text_and_json!("bad_tool_name", scratch.sb, &["--timeout", "30"], |a| {
        scratch.launch(a)
    });
    assert_no_survivors(None, &marker);
}

/// A 1 s timeout must not wait for the server's 20 s sleep.
#[test]
fn slow_server_times_out_in_initialize_and_is_killed() {
    let (scratch, marker) = example("slow", &["--slow-ms", "20000"]);
    let start = Instant::now();
    let out = scratch
        .sb
        .run(&mut scratch.launch(&["--json", "--timeout", "1"]));
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(12), "took {elapsed:?}");
    text_snapshot!("slow_json", scratch.sb, out.transcript());
    mcpctl_snapshot!(
        "slow_text",
        scratch.sb,
        &mut scratch.launch(&["--timeout", "1"])
    );
    assert_no_survivors(None, &marker);
}

/// The leak checks above are only worth something if the scan sees a live
/// process: prove it on one we start ourselves.
// Linux only: the scan reads /proc (elsewhere it finds nothing, see support::procs).
#[cfg(target_os = "linux")]
#[test]
fn survivor_scan_sees_a_live_marked_process() {
    let marker = procs::marker("scan");
    let mut child = Command::new("sleep")
        .arg("30")
        .env(MARKER_VAR, &marker)
        .spawn()
        .expect("spawn sleep");
    // Between fork and exec the child still has this process's environment
    // and command line: wait (bounded) until it is `sleep` with the marker.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut by_env = procs::survivors(None, Some(&marker));
    while by_env.is_empty() && Instant::now() < deadline {
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
pub(crate) struct Installed {
    cache: PathBuf,
}

impl Installed {
    pub(crate) fn everything_js(&self) -> PathBuf {
        self.cache
            .join("npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js")
    }
    fn memory_bin(&self) -> PathBuf {
        self.cache.join("npm/node_modules/.bin/mcp-server-memory")
    }
    fn npm_prefix(&self) -> PathBuf {
        self.cache.join("npm")
    }
    /// The venv's console script (`Scripts\NAME.exe` in a Windows venv:
    /// the Linux one the install script makes is not there for Windows).
    pub(crate) fn time_bin(&self) -> PathBuf {
        if cfg!(windows) {
            self.cache.join("py/Scripts/mcp-server-time.exe")
        } else {
            self.cache.join("py/bin/mcp-server-time")
        }
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
            support::repo().join(dir)
        });
    }
    let default = support::repo().join("target/test-servers");
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
pub(crate) fn installed(
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
    let need = if runtime == "python3" {
        "python3>=3.10"
    } else {
        runtime
    };
    support::skip(need, &why);
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

/// Each answers `server/discover` with -32601 (TypeScript SDK servers of
/// the initialize era); `memory-npx` goes `npx -> sh -> node`, and the whole
/// tree must die with the probe. All are ok in the chat lane; their real
/// outcome in the cowork lane is `bad-tool-schema`: server-memory's 9
/// tools and server-everything's `get-structured-content` declare draft-07
/// on outputSchema (zod-to-json-schema's default).
#[test]
fn npm_reference_servers_are_ok_and_leave_no_process() {
    let test = "npm_reference_servers_are_ok_and_leave_no_process";
    let Some(inst) = installed(test, "node", |i| vec![i.everything_js(), i.memory_bin()]) else {
        return;
    };
    let marker = procs::marker("npm");
    let prefix = inst.npm_prefix().display().to_string();
    let scratch = Scratch::new(json!({
        "everything": {
            "command": support::on_path("node").map(|p| p.display().to_string()),
            "args": [inst.everything_js(), "stdio"],
            "env": { MARKER_VAR: marker },
        },
        "memory": {
            "command": inst.memory_bin(),
            "env": { MARKER_VAR: marker },
        },
        "memory-npx": {
            "command": "npx",
            "args": ["--offline", "--prefix", prefix, "mcp-server-memory"],
            "env": { MARKER_VAR: marker },
        },
    }));
    let doc = scratch.json(&["--discover", "--timeout", "40"]);
    for name in ["everything", "memory", "memory-npx"] {
        assert_ok(&doc, name);
        assert_eq!(
            server(&doc, name)["lanes"]["cowork"]["verdict"],
            "bad-tool-schema",
            "{name}"
        );
    }
    assert!(
        server(&doc, "memory-npx")["resolved_command"]
            .as_str()
            .is_some_and(|p| p.ends_with("/npx")),
        "npx resolved through PATH"
    );
    text_snapshot!("npm_reference", scratch.sb, stable(&doc));
    // Only this test launches from CACHE/npm (the Python test uses CACHE/py).
    assert_no_survivors(Some(&prefix), &marker);
}

/// The newest `mcp-server-time` also answers `server/discover`: the era
/// probe finds it modern and the cowork lane lists it that way; its
/// schemas declare no dialect (2020-12): ok in both lanes.
#[test]
fn python_reference_server_is_ok_and_speaks_both_eras() {
    let test = "python_reference_server_is_ok_and_speaks_both_eras";
    let Some(inst) = installed(test, "python3", |i| vec![i.time_bin()]) else {
        return;
    };
    let marker = procs::marker("python");
    let scratch = Scratch::new(json!({
        "time": { "command": inst.time_bin(), "env": { MARKER_VAR: marker } },
    }));
    let doc = scratch.json(&["--discover", "--timeout", "40"]);
    assert_ok(&doc, "time");
    assert_eq!(server(&doc, "time")["ok"], true);
    assert_eq!(
        server(&doc, "time")["lanes"]["cowork"]["via"],
        "server/discover"
    );
    text_snapshot!("python_reference", scratch.sb, stable(&doc));
    let py_dir = inst.cache.join("py").display().to_string();
    assert_no_survivors(Some(&py_dir), &marker);
}
