//! `mcpctl test-launch` against small scripted broken servers (the Python
//! files in `tests/servers/`): one per verdict (`verdicts`), the user-facing
//! explanations and options (`cli`), and process hygiene (`processes`).
//!
//! A [`Fixture`] is a sandbox with a config of scripted servers; each
//! server records the pid of every process it starts in `$PIDFILE`, so a
//! test can check that none is still alive afterwards.

mod cli;
mod locks;
mod processes;
mod verdicts;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{self, Out, Sandbox, procs};

/// The real Python binary (not a version-manager shim), or `None`: the
/// tests that need it then skip loudly.
pub fn python() -> Option<&'static str> {
    static PY: OnceLock<Option<String>> = OnceLock::new();
    PY.get_or_init(|| {
        let out = Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .ok()?;
        let p = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (!p.is_empty()).then_some(p)
    })
    .as_deref()
}

/// Skip the calling test (loudly) when python3 is missing.
macro_rules! need_python {
    () => {
        if $crate::probe::python().is_none() {
            $crate::support::skip(
                "python3",
                "python3 not found; the scripted probe servers need it",
            );
            return;
        }
    };
}
use need_python;

/// `tests/servers/NAME`.
pub fn script(name: &str) -> String {
    support::repo()
        .join("tests/servers")
        .join(name)
        .display()
        .to_string()
}

/// A sandbox with a config of scripted servers, a pid file and an event log.
pub struct Fixture {
    pub sb: Sandbox,
    pub servers: Vec<(String, Value)>,
}

impl Fixture {
    pub fn new() -> Fixture {
        let sb = Sandbox::new();
        if let Some(py) = python() {
            sb.name(py, "[PYTHON]");
        }
        Fixture {
            sb,
            servers: Vec::new(),
        }
    }

    pub fn pidfile(&self) -> PathBuf {
        self.sb.root().join("pids")
    }

    pub fn eventlog(&self) -> PathBuf {
        self.sb.root().join("events")
    }

    pub fn config_path(&self) -> PathBuf {
        self.sb.work().join("claude_desktop_config.json")
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

    /// A server that is a shell script running `body`, which records its
    /// pid first (its `PIDFILE`, as the Python fixtures do).
    #[cfg(unix)]
    pub fn sh(&mut self, name: &str, body: &str) -> &mut Fixture {
        let script = self.sb.script(
            format!("{name}.sh"),
            &format!("echo $$ >> \"$PIDFILE\"\n{body}"),
        );
        let command = script.to_str().expect("a UTF-8 path").to_string();
        self.raw(name, &command, &[])
    }

    /// Writes the config; returns its path.
    pub fn config(&self) -> PathBuf {
        let servers: serde_json::Map<String, Value> = self.servers.iter().cloned().collect();
        let text = serde_json::to_string_pretty(&json!({ "mcpServers": servers })).expect("json");
        self.sb.write(self.config_path(), text)
    }

    /// `mcpctl --config C test-launch ARGS...` in the sandbox, C being
    /// the config of this fixture's servers.
    pub fn launch(&self, args: &[&str]) -> Command {
        self.launch_config(&self.config(), args)
    }

    /// `mcpctl --config CONFIG test-launch ARGS...` in the sandbox.
    pub fn launch_config(&self, config: &Path, args: &[&str]) -> Command {
        let mut cmd = self.sb.mcpctl();
        cmd.arg("--config")
            .arg(config)
            .arg("test-launch")
            .args(args);
        cmd
    }

    /// Runs `cmd`; returns the output and how long it took.
    pub fn timed(&self, cmd: &mut Command) -> (Out, Duration) {
        let t0 = Instant::now();
        let out = self.sb.run(cmd);
        (out, t0.elapsed())
    }

    /// Every pid any fixture process recorded.
    pub fn pids(&self) -> Vec<u32> {
        std::fs::read_to_string(self.pidfile())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    }

    /// No fixture process is alive (after a short grace for the kernel to
    /// tear down what mcpctl killed).
    pub fn assert_none_survive(&self) {
        let pids = self.pids();
        assert!(!pids.is_empty(), "the fixtures recorded no pids");
        let alive = procs::alive_after(&pids);
        assert!(
            alive.is_empty(),
            "fixture processes survived mcpctl: {alive:?}"
        );
    }
}

/// The one server of a document.
pub fn only(doc: &Value) -> &Value {
    let servers = doc["servers"].as_array().expect("servers array");
    assert_eq!(servers.len(), 1, "{doc:#}");
    &servers[0]
}
