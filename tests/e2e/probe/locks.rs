#![cfg(unix)]

//! Servers that open one database file exclusively (`flock_db.py`), as the
//! app meets them: it starts the chat copy first, then the era probe's
//! sibling and the Cowork/Code copy beside it, which wait for the lock
//! without a word. mcpctl starts the first two at once, so either may win
//! the lock; whichever does, the verdict is the app's: chat ok, cowork
//! `concurrent-copy`, found well before the timeout is waited out.

use std::time::Duration;

use serde_json::Value;

use super::{Fixture, need_python, only};

/// `test-launch --json --timeout T` of `flock_db.py DB ARGS`: the server's
/// document and how long it took; no process of it survives.
fn run(args: &[&str], timeout: u64) -> (Value, Duration) {
    let mut fx = Fixture::new();
    let db = fx.sb.work().join("db.lock").display().to_string();
    let mut all = vec![db.as_str()];
    all.extend_from_slice(args);
    fx.py("db", "flock_db.py", &all);
    let t = timeout.to_string();
    let (out, took) = fx.timed(&mut fx.launch(&["--json", "--timeout", &t]));
    fx.assert_none_survive();
    assert_eq!(out.code, Some(1), "{out:?}");
    (only(&out.json()).clone(), took)
}

fn assert_chat_ok_cowork_concurrent(s: &Value) {
    assert_eq!(s["lanes"]["chat"]["verdict"], "ok", "{s:#}");
    assert_eq!(s["lanes"]["cowork"]["verdict"], "concurrent-copy", "{s:#}");
    assert_eq!(s["lanes"]["cowork"]["second_copy"]["alone"], "ok", "{s:#}");
}

/// The chat copy takes 0.8 s to exit once its stdin closes, and the
/// sibling queued on the lock holds it as long next: the lane's copy
/// answers 1.6 s after the release. Was called `ok` (exit 0).
#[test]
fn a_lock_freed_slowly_still_fails_the_second_copy() {
    need_python!();
    let (s, took) = run(&["--flush", "0.8"], 25);
    assert_chat_ok_cowork_concurrent(&s);
    assert!(
        s["lanes"]["cowork"]["second_copy"]["waited_ms"].is_u64(),
        "{s:#}"
    );
    assert!(took < Duration::from_secs(25), "took {took:?}");
}

/// The sibling takes the lock first and, ignoring server/discover, says
/// nothing while the chat copy waits: it is stopped at a third of the
/// timeout, the chat copy answers, and the lane's own copy, beside it,
/// waits. Was `timeout` in both lanes, after the whole timeout.
#[test]
fn a_silent_sibling_holding_the_lock_does_not_fail_the_chat_copy() {
    need_python!();
    let (s, _) = run(&["--late", "initialize"], 15);
    assert_chat_ok_cowork_concurrent(&s);
}

/// The lock is taken after initialize, and the chat copy is made to lose
/// the race (its initialize is late): it answered and then hung on
/// tools/list while the lane's conversation went through on the sibling,
/// so it lost a race, and the round is done in the app's order. Was chat
/// `timeout`, cowork `ok` (in about 1 run of 6 without `--late`).
#[test]
fn a_lock_taken_after_initialize_fails_only_the_second_copy() {
    need_python!();
    let (s, _) = run(&["--after-init", "--late", "initialize"], 8);
    assert_chat_ok_cowork_concurrent(&s);
}
