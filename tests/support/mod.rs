//! Shared helpers for end-to-end tests that launch real server processes:
//! run `mcpctl` with a controlled environment, write temp configs, find the
//! reference servers installed by `scripts/install-test-servers.sh`, and
//! scan `/proc` for processes that outlived a run.
//!
//! Use from a test file with `mod common;` then `mod support;`. Not every
//! test file uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use crate::common::Out;

/// Env var naming the folder the reference servers were installed into.
pub const SERVERS_ENV: &str = "MCPCTL_TEST_SERVERS";

/// The example/fixture server built by cargo (rmcp).
pub fn example_server() -> &'static str {
    env!("CARGO_BIN_EXE_mcpctl-example-server")
}

/// True when running under CI (`CI` set to anything but empty/"false"/"0").
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Prints a skip notice nobody can miss, on stderr.
pub fn loud_skip(test: &str, why: &str) {
    eprintln!("\n========================================================");
    eprintln!("SKIPPED: {test}: {why}");
    eprintln!("========================================================\n");
}

/// Where a program is on the test process's own PATH.
pub fn on_path(program: &str) -> Option<PathBuf> {
    which::which(program).ok()
}

/// A PATH for servers that finds `node`/`npx`/`python3` (where they are on
/// this machine) and the usual system folders, nothing from the user.
pub fn controlled_path() -> String {
    let mut dirs: Vec<String> = Vec::new();
    for prog in ["node", "npx", "python3"] {
        if let Some(dir) = on_path(prog).as_deref().and_then(Path::parent) {
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

/// A unique marker for one test; put it in each server's `env` so
/// [`survivors`] can find every process of that test (children inherit it).
pub fn marker(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{test}-{}-{nanos}", std::process::id())
}

/// The variable name that carries [`marker`].
pub const MARKER_VAR: &str = "MCPCTL_TEST_MARKER";

/// A scratch folder holding a config file and a HOME for one test.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("create temp dir"),
        }
    }

    pub fn home(&self) -> PathBuf {
        let home = self.dir.path().join("home");
        std::fs::create_dir_all(&home).expect("create temp home");
        home
    }

    /// Writes `{"mcpServers": servers}` and returns its absolute path.
    pub fn config(&self, servers: Value) -> PathBuf {
        let path = self.dir.path().join("claude_desktop_config.json");
        let doc = serde_json::json!({ "mcpServers": servers });
        let text = serde_json::to_string_pretty(&doc).expect("serialize config");
        std::fs::write(&path, text).expect("write config");
        path
    }

    /// `mcpctl` with an empty environment except PATH, HOME and `extra_env`,
    /// run from the scratch folder.
    pub fn mcpctl(&self, extra_env: &[(&str, &str)]) -> Command {
        let mut cmd = crate::common::mcpctl(&self.home(), controlled_path());
        cmd.env("NO_COLOR", "1").current_dir(self.dir.path());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd
    }
}

/// The result of one `mcpctl test-launch --json` run.
pub struct Run {
    pub code: i32,
    pub doc: Value,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// The result for the server named `name` (panics with the document when
    /// it is missing, so a failing test shows what mcpctl printed).
    pub fn server(&self, name: &str) -> &Value {
        self.doc["servers"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["name"] == name))
            .unwrap_or_else(|| panic!("no server {name:?} in:\n{}", self.pretty()))
    }

    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }
}

/// Runs `mcpctl test-launch --json --config CONFIG EXTRA...`.
pub fn test_launch(cmd: &mut Command, config: &Path, extra: &[&str]) -> Run {
    cmd.arg("test-launch")
        .arg("--json")
        .arg("--config")
        .arg(config)
        .args(extra)
        .timeout(Duration::from_secs(90));
    let start = Instant::now();
    let out = Out::from(cmd.output().expect("run mcpctl"));
    let elapsed = start.elapsed();
    Run {
        code: out.code.unwrap_or(-1),
        doc: out.json(),
        stdout: out.stdout,
        stderr: out.stderr,
        elapsed,
    }
}

/// One process found by [`survivors`].
#[derive(Debug)]
pub struct Proc {
    pub pid: u32,
    pub cmdline: String,
}

/// Live (non-zombie) processes whose command line contains `needle` or
/// whose environment holds `MCPCTL_TEST_MARKER=marker`. Linux only (empty
/// elsewhere).
pub fn survivors(needle: Option<&str>, marker: Option<&str>) -> Vec<Proc> {
    let me = std::process::id();
    let marker_entry = marker.map(|m| format!("{MARKER_VAR}={m}"));
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me || is_zombie(pid) {
            continue;
        }
        let cmdline = read_nul_separated(pid, "cmdline").join(" ");
        let by_cmd = needle.is_some_and(|n| cmdline.contains(n));
        let by_env = marker_entry
            .as_deref()
            .is_some_and(|m| read_nul_separated(pid, "environ").iter().any(|e| e == m));
        if by_cmd || by_env {
            found.push(Proc { pid, cmdline });
        }
    }
    found
}

/// Waits up to `grace` for [`survivors`] to be empty; returns what is left.
pub fn survivors_after(grace: Duration, needle: Option<&str>, marker: Option<&str>) -> Vec<Proc> {
    let deadline = Instant::now() + grace;
    loop {
        let left = survivors(needle, marker);
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills what a failed test left behind (by pid, SIGKILL), so one failure
/// does not leak processes into the rest of the run.
pub fn kill_all(procs: &[Proc]) {
    for p in procs {
        if let Ok(pid) = i32::try_from(p.pid) {
            // SAFETY: kill(2) with a pid we just found; no memory involved.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}

fn read_nul_separated(pid: u32, file: &str) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/{file}"))
        .map(|bytes| {
            bytes
                .split(|b| *b == 0)
                .filter(|s| !s.is_empty())
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // The state follows the last ')' (the command name may hold spaces).
            s.rsplit_once(')')
                .and_then(|(_, rest)| rest.trim_start().chars().next())
        })
        .is_some_and(|state| state == 'Z' || state == 'X')
}
