//! Process hygiene of `mcpctl test-launch`: shutdown escalates to SIGKILL
//! for a server that ignores SIGTERM, a grandchild in the server's process
//! group dies with it, one that escaped with setsid() is reported in
//! `leftover` and killed without hanging mcpctl, and `--jobs` bounds how
//! many servers start at once. Each server is started in every lane (its
//! chat copy, the era probe's sibling, the cowork copy): every one of them
//! must go.

use super::{Fixture, need_python, only};

#[test]
fn a_server_ignoring_sigterm_is_killed_within_the_budget() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("stubborn", "ignore_term.py", &[]);
    let (out, took) = fx.timed(&mut fx.launch(&["--json", "--timeout", "5"]));
    fx.assert_none_survive();
    text_snapshot!("ignore_term_json", fx.sb, out.transcript());
    // stdin closed (2 s), SIGTERM ignored (2 s), then SIGKILL.
    assert!(
        took.as_secs_f64() >= 3.9,
        "it did wait for both steps: {took:?}"
    );
    assert!(took.as_secs_f64() < 10.0, "took {took:?}");
}

/// The group kill gets the grandchild: nothing escaped (`leftover` is
/// empty).
#[test]
fn a_grandchild_in_the_group_holding_stdout_dies_with_the_server() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("tree", "grandchild.py", &[]);
    mcpctl_snapshot!(fx.sb, &mut fx.launch(&["--json", "--timeout", "5"]));
    // a server and its grandchild for each copy: chat, and the sibling
    // (which carries the cowork lane's conversation after the era probe)
    assert_eq!(fx.pids().len(), 4, "servers and grandchildren recorded");
    fx.assert_none_survive();
}

/// A server that exits at once while a child it started keeps its stdout
/// open: the app sees no end of output and waits, so the verdict is a
/// timeout, but the message says the process exited (and how), and the
/// hint comes from its stderr, not "it may be waiting for input".
#[cfg(unix)]
#[test]
fn a_server_gone_while_its_child_holds_stdout_is_said_to_have_exited() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("forked", "fork_exit.py", &[]);
    let out = fx.sb.run(&mut fx.launch(&["--json", "--timeout", "3"]));
    fx.assert_none_survive();
    let doc = out.json();
    let s = only(&doc);
    assert_eq!(s["verdict"], "timeout", "{s:#}");
    let message = s["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("the process exited with code 1 early on, but a process it started keeps its stdout open"),
        "{message}"
    );
    let hint = s["hint"].as_str().unwrap_or_default();
    assert!(!hint.contains("waiting for input"), "{hint}");
    assert!(hint.contains("must not inherit its stdout"), "{hint}");
}

#[test]
fn a_setsid_grandchild_is_reported_killed_and_does_not_hang_mcpctl() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("escapee", "grandchild.py", &["setsid"]);
    let (out, took) = fx.timed(&mut fx.launch(&["--json", "--timeout", "5"]));
    let pids = fx.pids();
    fx.assert_none_survive();
    // each copy that started leaves its grandchild: two (chat, and the era
    // probe's sibling), or more when a busy machine made the lanes run
    // their copies again in order; every one is named, the snapshot keeps
    // the first
    let doc = out.json();
    let left = only(&doc)["leftover"].as_array().expect("leftover").clone();
    assert!(left.len() >= 2, "{left:?}");
    for l in &left {
        let pid = l["pid"].as_u64().expect("pid") as u32;
        assert!(
            pids.contains(&pid),
            "the reported pid is a grandchild's: {l}"
        );
        let command = l["command"].as_str().expect("command");
        assert!(command.ends_with("grandchild.py setsid"), "{l}");
    }
    let first_only = regex::Regex::new(r#"("leftover": \[\s*\{[^{}]*\})(,\s*\{[^{}]*\})+"#)
        .expect("regex")
        .replace(&out.transcript(), "$1")
        .into_owned();
    text_snapshot!("setsid_json", fx.sb, first_only);
    assert!(took.as_secs_f64() < 8.0, "took {took:?}");
}

#[test]
fn jobs_bounds_how_many_servers_start_at_once() {
    need_python!();
    let mut fx = Fixture::new();
    for name in ["a", "b", "c", "d"] {
        fx.py(name, "ok.py", &["0.8"]);
    }
    // one launch per server (the chat lane): the gate alone at work
    let out =
        fx.sb
            .run(&mut fx.launch(&["--json", "--jobs", "2", "--timeout", "20", "--lane", "chat"]));
    fx.assert_none_survive();
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    let names: Vec<&str> = doc["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["a", "b", "c", "d"], "results in config order");
    // Each server logs `start` when launched and `end` before its last
    // reply; a slot is freed only after that reply.
    let log = std::fs::read_to_string(fx.eventlog()).expect("event log");
    let (mut running, mut peak) = (0i32, 0i32);
    for line in log.lines() {
        if line.ends_with(" start") {
            running += 1;
        } else if line.ends_with(" end") {
            running -= 1;
        }
        peak = peak.max(running);
    }
    assert_eq!(log.lines().count(), 8, "{log}");
    assert_eq!(
        peak, 2,
        "never more than --jobs at once, and both used:\n{log}"
    );
}

/// Ctrl-C (or `kill`, or a CI timeout) while servers are running: the
/// servers live in their own process groups, so the terminal's SIGINT
/// never reaches them; mcpctl must take them down before it goes.
#[cfg(unix)]
#[test]
fn interrupting_mcpctl_mid_probe_leaves_no_server_behind() {
    use crate::support::procs;
    need_python!();
    for signal in ["INT", "TERM"] {
        let mut fx = Fixture::new();
        fx.py("stuck", "hang.py", &[]);
        fx.py("stubborn", "ignore_term.py", &[]);
        let mut cmd = fx.sb.mcpctl();
        cmd.arg("--config")
            .arg(fx.config())
            .args(["test-launch", "--json", "--timeout", "60", "--jobs", "4"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().expect("start mcpctl");
        // Wait until both servers are up in both lanes (each copy records
        // its pid at start: the chat copy, and the era probe's sibling,
        // which goes on as the cowork lane's copy).
        let t0 = std::time::Instant::now();
        while fx.pids().len() < 4 && t0.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(fx.pids().len(), 4, "both servers started, two copies each");
        assert!(procs::signal(child.id(), signal), "kill -{signal}");
        let ended = child.wait().expect("wait mcpctl");
        assert!(!ended.success(), "mcpctl ends on SIG{signal}");
        fx.assert_none_survive();
    }
}

/// A server that never answers and ignores SIGTERM is judged at the
/// timeout and shut down in hurried steps (0.5 s each: there is no
/// conversation to wind down), in every lane: the verdict comes about a
/// second after the timeout, not four.
#[cfg(unix)]
#[test]
fn a_silent_server_ignoring_sigterm_is_judged_soon_after_the_timeout() {
    let mut fx = Fixture::new();
    fx.sh("mute", "trap '' TERM\nwhile :; do sleep 1; done");
    let (out, took) = fx.timed(&mut fx.launch(&["--json", "--timeout", "2"]));
    fx.assert_none_survive();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(only(&out.json())["verdict"], "timeout", "{out:?}");
    // 2 s, then stdin closed (0.5 s), SIGTERM ignored (0.5 s), SIGKILL
    assert!(took.as_secs_f64() < 4.5, "took {took:?}");
}
