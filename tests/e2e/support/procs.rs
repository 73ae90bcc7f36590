//! Processes that outlived a run: find them (by pid, by a word of their
//! command line, or by a marker variable in their environment), wait a
//! moment for them to go, and kill what is left so one failing test does
//! not leak into the rest of the run.
//!
//! The scans read `/proc` and so see something on Linux only; elsewhere
//! they find nothing (a leak check there cannot fail, and says so in
//! docs/testing.md).

use std::time::{Duration, Instant};

/// The variable that carries a test's [`marker`] into its servers' env.
pub const MARKER_VAR: &str = "MCPCTL_TEST_MARKER";

/// How long killed processes may take to disappear after mcpctl exits.
pub const GRACE: Duration = Duration::from_secs(2);

/// A unique marker for one test; put it in each server's `env` so
/// [`survivors`] finds every process of that test (children inherit it).
pub fn marker(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{test}-{}-{nanos}", std::process::id())
}

/// One live process.
pub struct Proc {
    pub pid: u32,
    pub cmdline: String,
}

impl std::fmt::Debug for Proc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pid {}: {}", self.pid, self.cmdline)
    }
}

/// Live (non-zombie) processes other than this one whose command line
/// contains `needle` or whose environment holds `MARKER_VAR=marker`.
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
        if pid == me || !alive(pid) {
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

/// Waits up to [`GRACE`] for [`survivors`] to be empty; kills and returns
/// what is left.
pub fn survivors_after(needle: Option<&str>, marker: Option<&str>) -> Vec<Proc> {
    let left = wait_until(|| survivors(needle, marker));
    for p in &left {
        kill(p.pid);
    }
    left
}

/// Of `pids`, those still alive after [`GRACE`] (killed before returning).
pub fn alive_after(pids: &[u32]) -> Vec<u32> {
    let left = wait_until(|| pids.iter().copied().filter(|&p| alive(p)).collect());
    for &p in &left {
        kill(p);
    }
    left
}

/// Calls `scan` until it finds nothing or [`GRACE`] is over.
fn wait_until<T>(scan: impl Fn() -> Vec<T>) -> Vec<T> {
    let deadline = Instant::now() + GRACE;
    loop {
        let left = scan();
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether a process exists and is not a zombie (zombies count as dead:
/// nothing may reap orphans in a container).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // The state follows the last ')' (the command name may hold spaces).
            s.rsplit_once(')')
                .and_then(|(_, rest)| rest.trim_start().chars().next())
        })
        .is_some_and(|state| state != 'Z' && state != 'X')
}

/// Sends `signal` (a name such as `INT`, `TERM`, `KILL`) to `pid` with the
/// system's `kill`; true when it was delivered.
#[cfg(unix)]
pub fn signal(pid: u32, signal: &str) -> bool {
    std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
fn kill(pid: u32) {
    signal(pid, "KILL");
}

#[cfg(windows)]
fn kill(pid: u32) {
    let _ = std::process::Command::new("taskkill")
        .args(["/F", "/PID", &pid.to_string()])
        .status();
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
