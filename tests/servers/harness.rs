//! Test harness for the probe suites (`tests/probe_*.rs`): writes a config
//! of scripted servers (the Python files next to this one), runs
//! `mcpctl test-launch` on it, and checks that no process a fixture
//! started is still alive afterwards (each records its pid in $PIDFILE).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{Value, json};

/// The real Python binary (not a version-manager shim), or `None` with a
/// loud message: the suites then skip.
pub fn python() -> Option<&'static str> {
    static PY: OnceLock<Option<String>> = OnceLock::new();
    PY.get_or_init(|| {
        let out = std::process::Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .ok()?;
        let p = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (!p.is_empty()).then_some(p)
    })
    .as_deref()
}

/// Skip the calling test (loudly) when python3 is missing.
#[macro_export]
macro_rules! need_python {
    () => {
        if harness::python().is_none() {
            eprintln!("SKIPPED: python3 not found; the scripted probe servers need it");
            return;
        }
    };
}

pub fn script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/servers")
        .join(name)
        .display()
        .to_string()
}

/// A temp folder with a config, a pid file and an event log.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub servers: Vec<(String, Value)>,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("tempdir"),
            servers: Vec::new(),
        }
    }

    pub fn pidfile(&self) -> PathBuf {
        self.dir.path().join("pids")
    }

    pub fn eventlog(&self) -> PathBuf {
        self.dir.path().join("events")
    }

    /// A server running `tests/servers/SCRIPT ARGS...` with Python.
    pub fn py(&mut self, name: &str, script_name: &str, args: &[&str]) -> &mut Fixture {
        let mut argv = vec![script(script_name)];
        argv.extend(args.iter().map(|a| a.to_string()));
        let py = python().unwrap_or("python3").to_string();
        self.raw(name, &py, &argv)
    }

    /// A server with any command.
    pub fn raw(&mut self, name: &str, command: &str, args: &[String]) -> &mut Fixture {
        let entry = json!({
            "command": command,
            "args": args,
            "env": {
                "PIDFILE": self.pidfile().display().to_string(),
                "EVENTLOG": self.eventlog().display().to_string(),
                "NAME": name,
                // No __pycache__ in the source tree.
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        });
        self.servers.push((name.to_string(), entry));
        self
    }

    pub fn config(&self) -> PathBuf {
        let servers: serde_json::Map<String, Value> = self.servers.iter().cloned().collect();
        let path = self.dir.path().join("claude_desktop_config.json");
        let text = serde_json::to_string_pretty(&json!({ "mcpServers": servers })).expect("json");
        std::fs::write(&path, text).expect("write config");
        path
    }

    /// `mcpctl --config C test-launch ARGS...` (no other environment
    /// changes); returns the output and how long it took.
    pub fn run(&self, args: &[&str]) -> (Output, Duration) {
        self.run_with(args, |_| {})
    }

    pub fn run_with(&self, args: &[&str], tweak: impl FnOnce(&mut Command)) -> (Output, Duration) {
        let config = self.config();
        let mut cmd = Command::cargo_bin("mcpctl").expect("mcpctl binary");
        cmd.arg("--config")
            .arg(&config)
            .arg("test-launch")
            .args(args);
        cmd.env_remove("MCPCTL_APP_PATH").env("NO_COLOR", "1");
        tweak(&mut cmd);
        let t0 = Instant::now();
        let out = cmd.output().expect("run mcpctl");
        (out, t0.elapsed())
    }

    /// Run with `--json`; returns the exit code and the document.
    pub fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let (out, _) = self.run(&all);
        parse(&out)
    }

    /// Every pid any fixture process recorded.
    pub fn pids(&self) -> Vec<u32> {
        std::fs::read_to_string(self.pidfile())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    }

    /// No fixture process is alive (zombies count as dead: nothing may
    /// reap orphans in a container).
    pub fn assert_none_survive(&self) {
        let pids = self.pids();
        assert!(!pids.is_empty(), "the fixtures recorded no pids");
        let alive: Vec<u32> = pids.into_iter().filter(|&p| alive(p)).collect();
        for &p in &alive {
            kill(p);
        }
        assert!(
            alive.is_empty(),
            "fixture processes survived mcpctl: {alive:?}"
        );
    }
}

pub fn parse(out: &Output) -> (i32, Value) {
    let code = out.status.code().unwrap_or(-1);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, doc)
}

/// The one server of a document.
pub fn only(doc: &Value) -> &Value {
    let servers = doc["servers"].as_array().expect("servers array");
    assert_eq!(servers.len(), 1, "{doc:#}");
    &servers[0]
}

/// Whether a process exists and is not a zombie.
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(s) => {
            let state = s
                .rfind(')')
                .and_then(|i| s[i + 1..].split_whitespace().next())
                .unwrap_or("X");
            state != "Z" && state != "X"
        }
        Err(_) => false,
    }
}

fn kill(pid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status();
}
