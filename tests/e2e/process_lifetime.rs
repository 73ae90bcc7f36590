//! No server outlives mcpctl, whatever happens to mcpctl or whatever the
//! server does: Ctrl-C (or SIGTERM) with many servers starting and
//! re-launching, more servers at once than any fixed table would hold,
//! daemons that double-fork or leave with only stdin or with stdio on
//! /dev/null, `kill -9` of mcpctl itself, and (on Windows) a server's own
//! children. Self-contained: its helpers and its fixture
//! (`tests/servers/lifetime.py`, or this test binary itself acting as a
//! server) live here.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A temp folder with a config of servers and the pid file they write.
struct Scene {
    dir: tempfile::TempDir,
    servers: serde_json::Map<String, Value>,
}

impl Scene {
    fn new() -> Scene {
        Scene {
            dir: tempfile::tempdir().expect("tempdir"),
            servers: serde_json::Map::new(),
        }
    }

    fn pidfile(&self) -> PathBuf {
        self.dir.path().join("pids")
    }

    fn server(&mut self, name: &str, command: &str, args: &[String], env: &[(&str, &str)]) {
        let mut vars = serde_json::Map::new();
        vars.insert("PIDFILE".into(), json!(self.pidfile()));
        vars.insert("PYTHONDONTWRITEBYTECODE".into(), json!("1"));
        for (k, v) in env {
            vars.insert((*k).into(), json!(v));
        }
        self.servers.insert(
            name.into(),
            json!({ "command": command, "args": args, "env": vars }),
        );
    }

    fn config(&self) -> PathBuf {
        let path = self.dir.path().join("claude_desktop_config.json");
        let doc = json!({ "mcpServers": self.servers });
        std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("json")).expect("write");
        path
    }

    /// `mcpctl --config C test-launch ARGS...`, not waited for.
    fn start(&self, args: &[&str]) -> Child {
        self.command(args).spawn().expect("start mcpctl")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mcpctl"));
        cmd.arg("--config")
            .arg(self.config())
            .arg("test-launch")
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("MCPCTL_APP_PATH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        crate::support::default_signals(&mut cmd);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.start(args).wait_with_output().expect("run mcpctl")
    }

    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    fn pids(&self) -> Vec<u32> {
        std::fs::read_to_string(self.pidfile())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    }
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Poll `cond` every 20 ms for at most `within`.
fn eventually(within: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let t0 = Instant::now();
    loop {
        if cond() {
            return true;
        }
        if t0.elapsed() >= within {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(target_os = "linux")]
mod unix {
    use super::*;

    pub use crate::probe::python;
    pub use crate::support::procs::alive;

    pub fn fixture() -> String {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/servers/lifetime.py")
            .display()
            .to_string()
    }

    /// Live processes whose environment holds `KEY=value`.
    pub fn marked(key: &str, value: &str) -> Vec<u32> {
        let needle = format!("{key}={value}");
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/environ"))
                    .map(|env| env.split(|&b| b == 0).any(|v| v == needle.as_bytes()))
                    .unwrap_or(false)
            })
            .filter(|&pid| alive(pid))
            .collect()
    }

    pub fn kill(pid: u32, signal: &str) {
        let _ = crate::support::procs::signal(pid, signal);
    }

    /// Fail naming the survivors (after killing them, so one failing test
    /// does not leave a machine full of processes).
    pub fn assert_gone(what: &str, pids: &[u32]) {
        let _ = eventually(Duration::from_secs(5), || !pids.iter().any(|&p| alive(p)));
        let left: Vec<u32> = pids.iter().copied().filter(|&p| alive(p)).collect();
        for &p in &left {
            kill(p, "KILL");
        }
        assert!(left.is_empty(), "{what}: {} survived: {left:?}", left.len());
    }

    /// `n` servers, marked so any copy of them can be found, `--jobs n` so
    /// all run at once; once `up` of them run, `signal` mcpctl. Whatever
    /// was still starting or re-launching must be gone with it.
    ///
    /// `relaunch`: each server fails at once in the app's environment and
    /// hangs in the shell's (it needs a variable only mcpctl's own
    /// environment has), so mcpctl launches each a second time: the signal
    /// lands in the middle of those launches. Otherwise each server is a
    /// `sleep` that never answers (tiny and quick to start).
    pub fn interrupt_many(n: usize, up: usize, signal: &str, relaunch: bool) {
        let mark = format!("{}-{n}-{up}-{signal}", std::process::id());
        let mut scene = Scene::new();
        let sleep = which_sleep();
        let (command, args) = if relaunch {
            let script = format!("[ -n \"$LIFETIME_SHELL_ONLY\" ] && exec {sleep} 3600; exit 3");
            ("/bin/sh".to_string(), vec!["-c".to_string(), script])
        } else {
            (sleep, vec!["3600".to_string()])
        };
        for i in 0..n {
            let name = format!("s{i:03}");
            scene.server(&name, &command, &args, &[("LIFETIME_MARK", &mark)]);
        }
        let jobs = n.to_string();
        let mut cmd = scene.command(&["--json", "--timeout", "120", "--jobs", &jobs]);
        let mut mcpctl = cmd.env("LIFETIME_SHELL_ONLY", "1").spawn().expect("mcpctl");
        let started = eventually(Duration::from_secs(60), || {
            marked("LIFETIME_MARK", &mark).len() >= up
        });
        let seen = marked("LIFETIME_MARK", &mark);
        assert!(started, "only {} of {up} servers started", seen.len());
        kill(mcpctl.id(), signal);
        let status = mcpctl.wait().expect("wait mcpctl");
        assert!(!status.success(), "mcpctl ends on SIG{signal}: {status:?}");
        // Anything still being launched has had ample time to appear.
        std::thread::sleep(Duration::from_millis(300));
        let mut all = seen;
        all.extend(marked("LIFETIME_MARK", &mark));
        all.sort_unstable();
        all.dedup();
        assert_gone(&format!("servers after SIG{signal}"), &all);
    }

    fn which_sleep() -> String {
        ["/bin/sleep", "/usr/bin/sleep"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .unwrap_or("sleep")
            .to_string()
    }
}

#[cfg(target_os = "linux")]
macro_rules! need_python {
    () => {
        match unix::python() {
            Some(p) => p,
            None => {
                $crate::support::skip(
                    "python3",
                    "python3 not found; the lifetime fixture needs it",
                );
                return;
            }
        }
    };
}

/// 100 servers and a Ctrl-C while they are being re-launched with the
/// shell's environment: before, launches under way when the handler ran
/// were not registered yet, and survived.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_with_a_hundred_servers_relaunching_leaves_none() {
    // At several points of the re-launch storm (each round takes < 1 s).
    for up in [1, 3, 10, 30, 60] {
        unix::interrupt_many(100, up, "INT", true);
    }
}

/// More servers at once than the old fixed table (512) held.
#[cfg(target_os = "linux")]
#[test]
fn sigterm_with_six_hundred_servers_at_once_leaves_none() {
    unix::interrupt_many(600, 600, "TERM", false);
}

/// Daemons that leave their server's process group and session and hold
/// none of its output pipes: found (Linux: mcpctl is their subreaper),
/// killed, and reported in `leftover`. One copy per server (`--lane chat`;
/// the cowork lane's copies would each leave a daemon too).
#[cfg(target_os = "linux")]
#[test]
fn daemons_a_server_leaves_behind_are_ended_and_reported() {
    let py = need_python!();
    for mode in ["double-fork", "stdin-only", "devnull"] {
        let mut scene = Scene::new();
        scene.server("d", py, &[unix::fixture(), mode.into()], &[]);
        let out = scene.run(&["--json", "--timeout", "20", "--lane", "chat"]);
        let doc = json_of(&out);
        let pids = scene.pids();
        assert_eq!(pids.len(), 2, "{mode}: server and daemon recorded");
        unix::assert_gone(mode, &pids);
        let s = &doc["servers"][0];
        assert_eq!(s["verdict"], json!("ok"), "{mode}: {doc:#}");
        assert_eq!(out.status.code(), Some(0), "{mode}");
        let left: Vec<u64> = s["leftover"]
            .as_array()
            .expect("leftover")
            .iter()
            .filter_map(|l| l["pid"].as_u64())
            .collect();
        assert_eq!(
            left,
            [u64::from(pids[1])],
            "{mode}: the daemon is reported: {s:#}"
        );
        // as a daemon, surely this server's (no other ran beside it)
        assert_eq!(s["leftover"][0]["how"], "daemon", "{mode}: {s:#}");
        assert_eq!(s["leftover"][0]["certain"], true, "{mode}: {s:#}");
    }
}

/// Two servers at once, each leaving a daemon: each daemon is ended, and
/// neither server's shutdown ends the other's daemon while it still runs
/// (one copy per server: `--lane chat`).
#[cfg(target_os = "linux")]
#[test]
fn concurrent_servers_each_end_their_own_daemons() {
    let py = need_python!();
    let mut scene = Scene::new();
    scene.server("a", py, &[unix::fixture(), "double-fork".into()], &[]);
    scene.server("b", py, &[unix::fixture(), "devnull".into()], &[]);
    let out = scene.run(&["--json", "--timeout", "20", "--jobs", "2", "--lane", "chat"]);
    let doc = json_of(&out);
    let pids = scene.pids();
    assert_eq!(pids.len(), 4, "two servers, two daemons");
    unix::assert_gone("daemons", &pids);
    assert_eq!(out.status.code(), Some(0), "{doc:#}");
    let reported: usize = doc["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| s["leftover"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(reported, 2, "each daemon reported once: {doc:#}");
    // whichever server ended it, a daemon does not say whose it was: the
    // report does not claim to know
    for s in doc["servers"].as_array().expect("servers") {
        for l in s["leftover"].as_array().expect("leftover") {
            assert_eq!(l["how"], "daemon", "{doc:#}");
            assert_eq!(l["certain"], false, "{doc:#}");
        }
    }
}

/// `kill -9` cannot be caught: the servers, and what they started, must
/// still not outlive mcpctl. The server here is `sh` running the fixture
/// as its child (like npx -> node), so both the direct child and a
/// grandchild are checked.
#[cfg(target_os = "linux")]
#[test]
fn kill_9_of_mcpctl_leaves_no_server() {
    let py = need_python!();
    let mut scene = Scene::new();
    let script = format!("'{py}' '{}' hang; :", unix::fixture());
    scene.server("direct", py, &[unix::fixture(), "hang".into()], &[]);
    scene.server("tree", "/bin/sh", &["-c".into(), script], &[]);
    let mut mcpctl = scene.start(&["--json", "--timeout", "120", "--jobs", "2"]);
    assert!(
        eventually(Duration::from_secs(20), || scene.pids().len() >= 2),
        "both servers started: {:?}",
        scene.pids()
    );
    let shells = tree_shells(mcpctl.id());
    unix::kill(mcpctl.id(), "KILL");
    let _ = mcpctl.wait();
    let mut pids = scene.pids();
    pids.extend(shells);
    unix::assert_gone("after kill -9 of mcpctl", &pids);
}

/// A child that left the server's process group with job control (bash's
/// `set -m`) but not its session: `kill -9` of mcpctl (the guardian ends
/// the servers' sessions) and Ctrl-\\ (SIGQUIT, caught like Ctrl-C) leave
/// none of it.
#[cfg(target_os = "linux")]
#[test]
fn kill_9_or_sigquit_of_mcpctl_leaves_no_job_control_child() {
    let Some(bash) = ["/bin/bash", "/usr/bin/bash"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        crate::support::skip("bash", "bash not found; the job-control server needs it");
        return;
    };
    for signal in ["KILL", "QUIT"] {
        let mark = format!("{}-jobs-{signal}", std::process::id());
        let mut scene = Scene::new();
        let script = "set -m; sleep 3600 & exec sleep 3600".to_string();
        scene.server(
            "jobs",
            bash,
            &["-c".into(), script],
            &[("LIFETIME_MARK", &mark)],
        );
        let mut mcpctl = scene.start(&["--json", "--timeout", "120", "--lane", "chat"]);
        assert!(
            eventually(Duration::from_secs(20), || {
                unix::marked("LIFETIME_MARK", &mark).len() >= 2
            }),
            "the server and its job started"
        );
        let pids = unix::marked("LIFETIME_MARK", &mark);
        unix::kill(mcpctl.id(), signal);
        let _ = mcpctl.wait();
        unix::assert_gone(&format!("after SIG{signal} of mcpctl"), &pids);
    }
}

/// The `sh` servers mcpctl started (children of `pid`).
#[cfg(target_os = "linux")]
fn tree_shells(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// The interrupted mcpctl dies of the signal, as a shell expects (130 for
/// SIGINT), not with a report of servers it killed itself.
#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_mcpctl_dies_of_the_signal_and_reports_nothing() {
    use std::os::unix::process::ExitStatusExt;
    let py = need_python!();
    let mut scene = Scene::new();
    for name in ["a", "b", "c"] {
        scene.server(name, py, &[unix::fixture(), "hang".into()], &[]);
    }
    let mcpctl = scene.start(&["--json", "--timeout", "120", "--jobs", "3"]);
    assert!(eventually(Duration::from_secs(20), || scene.pids().len() >= 3));
    unix::kill(mcpctl.id(), "INT");
    let out = mcpctl.wait_with_output().expect("wait");
    assert_eq!(out.status.signal(), Some(2), "{:?}", out.status);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    unix::assert_gone("servers", &scene.pids());
}

// ---- Every OS: a server's own children ---------------------------------------
//
// The fixture is `mcpctl-example-server --leave-child FILE`: it starts a copy
// of itself (stdio detached, like a background worker) that writes a
// heartbeat to FILE every 50 ms until killed. On Unix the group kill has
// always ended such a child; on Windows, before Job Objects, only the
// server process was ended.

/// A scene whose one server leaves a child; returns the heartbeat file.
fn tree_scene(extra: &[&str]) -> (Scene, PathBuf) {
    let mut scene = Scene::new();
    let beat = scene.dir.path().join("beat");
    let mut args = vec!["--leave-child".to_string(), beat.display().to_string()];
    args.extend(extra.iter().map(|a| a.to_string()));
    // Absolute for the target OS: on Windows a path from the build host
    // (`/work/...`) has no drive and would resolve from the app's C:\.
    let server =
        std::path::absolute(env!("CARGO_BIN_EXE_mcpctl-example-server")).expect("absolute path");
    scene.server("tree", &server.display().to_string(), &args, &[]);
    (scene, beat)
}

/// Fail if the heartbeat (`PID COUNT`) is still going 5 s on, after
/// killing its writer so a failing run leaves nothing behind. It must stop
/// (two reads 400 ms apart agree), and soon; not within a fixed 400 ms: a
/// Job Object's kill under Wine, with the whole suite running beside it,
/// once took longer (alone the test passed 5 runs of 5).
fn assert_not_beating(beat: &Path, what: &str) {
    let until = std::time::Instant::now() + Duration::from_secs(5);
    let mut after = std::fs::read_to_string(beat).unwrap_or_default();
    loop {
        let before = after;
        std::thread::sleep(Duration::from_millis(400));
        after = std::fs::read_to_string(beat).unwrap_or_default();
        if before == after {
            return;
        }
        if std::time::Instant::now() >= until {
            break;
        }
    }
    let pid = after.split_whitespace().next().unwrap_or_default();
    let _ = if cfg!(windows) {
        Command::new("taskkill").args(["/F", "/PID", pid]).status()
    } else {
        Command::new("kill").args(["-9", pid]).status()
    };
    panic!("{what} (pid {pid})");
}

/// The server's child ends with the server when mcpctl shuts it down.
#[test]
fn a_servers_child_ends_with_the_server() {
    let (scene, beat) = tree_scene(&[]);
    let out = scene.run(&["--json", "--timeout", "30"]);
    let doc = json_of(&out);
    assert_eq!(doc["servers"][0]["verdict"], json!("ok"), "{doc:#}");
    assert!(beat.exists(), "the server's child started");
    assert_not_beating(&beat, "the server's child outlived mcpctl");
}

/// mcpctl killed outright (`kill -9`; TerminateProcess on Windows) while
/// the server is still starting: its child must not outlive it either
/// (nor the children of the cowork lane's copies, which may be killed
/// between their spawn and mcpctl's registering them).
#[test]
fn a_servers_child_ends_when_mcpctl_is_killed() {
    let (scene, beat) = tree_scene(&["--slow-ms", "600000"]);
    let mut mcpctl = scene.start(&["--json", "--timeout", "120"]);
    assert!(
        eventually(Duration::from_secs(30), || beat.exists()),
        "the server's child started"
    );
    mcpctl.kill().expect("kill mcpctl");
    let _ = mcpctl.wait();
    std::thread::sleep(Duration::from_millis(200));
    assert_not_beating(&beat, "the server's child outlived a killed mcpctl");
}
