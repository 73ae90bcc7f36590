//! One scripted broken server per verdict of `mcpctl test-launch`, each
//! snapshotted as the text report and the `--json` document
//! (docs/json/test-launch.md): verdict, phase, message, hint and the
//! fields that go with it; and after every run, that no process of the
//! fixture survives.

use serde_json::Value;

use super::{Fixture, need_python, only};

/// Snapshots one scripted server's `test-launch --timeout 5` as text
/// (`NAME_text`) and JSON (`NAME_json`) and checks that none of its
/// processes survived; returns the server's JSON.
fn one(name: &str, script: &str, args: &[&str]) -> Value {
    let mut fx = Fixture::new();
    fx.py("srv", script, args);
    let [_, json] = text_and_json!(name, fx.sb, &["--timeout", "5"], |a| fx.launch(a));
    fx.assert_none_survive();
    only(&json.json()).clone()
}

#[test]
fn a_healthy_server_is_ok_with_counts_and_timings() {
    need_python!();
    let s = one("ok", "ok.py", &[]);
    assert!(s["timings_ms"]["first_reply"].is_u64(), "{s:#}");
}

#[test]
fn command_not_found_names_the_path_searched() {
    let mut fx = Fixture::new();
    fx.sb.snapshots_differ_by_os(crate::support::LAUNCH_PROFILE);
    fx.raw("srv", "mcpctl-no-such-server", &[]);
    text_and_json!("command_not_found", fx.sb, &[], |a| {
        let mut cmd = fx.launch(a);
        cmd.env("PATH", "/nonexistent/bin:/usr/bin");
        cmd
    });
}

#[cfg(unix)]
#[test]
fn a_file_without_the_execute_bit_is_not_executable() {
    let mut fx = Fixture::new();
    let file = fx.sb.write("server.sh", "#!/bin/sh\necho hi\n");
    fx.raw("srv", &file.display().to_string(), &[]);
    text_and_json!("not_executable", fx.sb, &[], |a| fx.launch(a));
}

/// It fails with the shell's environment too: not an env problem.
#[test]
fn exiting_before_the_reply_shows_the_code_and_stderr() {
    need_python!();
    one("exits_early", "exits_early.py", &[]);
}

/// Both hang at once: the run costs one timeout (+ shutdown), not two; a
/// timeout is not re-run in the shell.
#[test]
fn a_hang_times_out_naming_the_phase() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("init", "hang.py", &[])
        .py("list", "hang.py", &["tools/list"]);
    let (out, took) = fx.timed(&mut fx.launch(&["--json", "--timeout", "2", "--jobs", "2"]));
    fx.assert_none_survive();
    text_snapshot!("hang_json", fx.sb, out.transcript());
    assert!(took.as_secs_f64() < 9.0, "took {took:?}");
    mcpctl_snapshot!(
        "hang_text",
        fx.sb,
        &mut fx.launch(&["--timeout", "2", "--jobs", "2"])
    );
    fx.assert_none_survive();
}

/// A server that takes id 0 for no id times out in the app; asked again
/// with id 1 once the time is up, it answers, and the verdict says why.
/// A server that hangs in initialize answers neither (`hang_json` above).
#[test]
fn a_server_that_ignores_id_zero_is_named_after_its_timeout() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("falsy", "falsy_id.py", &[]);
    let (out, took) = fx.timed(&mut fx.launch(&["--json", "--timeout", "1", "--lane", "chat"]));
    fx.assert_none_survive();
    assert_eq!(out.code, Some(1), "{}", out.all());
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "timeout", "{s:#}");
    let message = s["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("with id 1 after that, it answered at once"),
        "{s:#}"
    );
    assert!(
        s["hint"]
            .as_str()
            .is_some_and(|h| h.contains("id 0 is falsy")),
        "{s:#}"
    );
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}

/// A server slower to start than the timeout answers id 0 just after it,
/// while the same request is asked again with id 1: a slow start, not the
/// id-0 bug.
#[test]
fn a_slow_start_is_not_taken_for_ignoring_id_zero() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("slow", "slow_start.py", &[]);
    let out = fx
        .sb
        .run(&mut fx.launch(&["--json", "--timeout", "1", "--lane", "chat"]));
    fx.assert_none_survive();
    assert_eq!(out.code, Some(1), "{}", out.all());
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "timeout", "{s:#}");
    let message = s["message"].as_str().unwrap_or_default();
    assert!(message.contains("its reply came just after that"), "{s:#}");
    let hint = s["hint"].as_str().unwrap_or_default();
    assert!(
        hint.contains("--timeout 60") && !hint.contains("id 0"),
        "{s:#}"
    );
}

/// `"_meta": null` in a result: the app's client drops the line as no
/// reply and times out; mcpctl says why at once.
#[test]
fn a_null_meta_in_a_result_is_no_reply_to_the_app() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("meta", "meta_null.py", &[]);
    let out = fx.sb.run(&mut fx.launch(&["--json", "--lane", "chat"]));
    fx.assert_none_survive();
    assert_eq!(out.code, Some(1), "{}", out.all());
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    let message = s["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("\"_meta\" is null") && message.contains("does not take it for a reply"),
        "{s:#}"
    );
}

/// A listing answered on its first page and never on the page its
/// nextCursor asks for: the timeout says which page, not "answered
/// initialize but not tools/list".
#[test]
fn a_listing_that_hangs_on_page_two_says_so() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("paged", "hangs_on_page_two.py", &[]);
    let out = fx
        .sb
        .run(&mut fx.launch(&["--json", "--timeout", "1", "--lane", "chat"]));
    fx.assert_none_survive();
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "timeout", "{s:#}");
    assert_eq!(
        s["message"],
        "answered initialize and 1 page of tools/list, but not the next page within 1 s",
        "{s:#}"
    );
    assert!(
        s["hint"]
            .as_str()
            .is_some_and(|h| h.contains("nextCursor asked for")),
        "{s:#}"
    );
}

/// A server that closes its stdout and stays alive, reading nothing: it
/// can say nothing more, so its shutdown is hurried (a SIGTERM half a
/// second after its stdin is closed) once it had its second to exit. Was
/// 6.3 s here (two rounds of 1 s + 2 s + SIGTERM), now ~3 s.
#[test]
fn a_server_that_closes_stdout_and_lingers_is_stopped_promptly() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("closer", "closes_stdout.py", &[]);
    let (out, took) = fx.timed(&mut fx.launch(&["--json"]));
    fx.assert_none_survive();
    let doc = out.json();
    let s = &doc["servers"][0];
    assert_eq!(s["verdict"], "exited-early", "{s:#}");
    assert!(
        s["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("closed its stdout (it may still be running)")),
        "{s:#}"
    );
    assert!(took.as_secs_f64() < 5.5, "took {took:?}");
}

#[test]
fn a_dotenv_banner_on_stdout_is_named_with_its_fix() {
    need_python!();
    let banner = "[dotenv@17.2.1] injecting env (2) from .env -- tip: encrypt with dotenvx";
    one("dotenv_banner", "print_first.py", &[banner]);
}

#[test]
fn a_print_on_stdout_is_a_print_and_long_lines_are_cut() {
    need_python!();
    let long = format!("Server started {}", "y".repeat(400));
    let s = one("print", "print_first.py", &[&long]);
    let line = s["stdout_line"].as_str().unwrap_or_default();
    assert_eq!(line.chars().count(), 201, "200 chars and an ellipsis");
}

#[test]
fn content_length_framing_is_the_wrong_transport() {
    need_python!();
    one("content_length", "content_length.py", &[]);
}

#[test]
fn a_json_rpc_error_reply_shows_code_and_message() {
    need_python!();
    one("rpc_error", "rpc_error.py", &[]);
}

/// A reply with an id no client matches to the request.
#[test]
fn a_reply_with_another_id_is_a_bad_reply() {
    need_python!();
    let s = one("wrong_id", "wrong_id.py", &["other"]);
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
}

/// `"0"` for `0`: the app's client looks replies up by `Number(id)`, so
/// the server works in the app (ok), and the reply is named, since
/// JSON-RPC and other clients want the id echoed exactly.
#[test]
fn a_string_id_for_id_zero_is_tolerated_and_named() {
    need_python!();
    let s = one("string_id", "wrong_id.py", &[]);
    assert_eq!(s["verdict"], "ok", "{s:#}");
    assert!(
        s["tolerated"][0]
            .as_str()
            .is_some_and(|t| t.starts_with("it replied to initialize (id 0) with id \"0\"")),
        "{s:#}"
    );
}

#[test]
fn a_pretty_printed_reply_breaks_framing() {
    need_python!();
    one("pretty", "pretty.py", &[]);
}

#[test]
fn unknown_and_modern_only_versions_are_incompatible() {
    need_python!();
    one("version_old", "version.py", &["old"]);
    one("version_modern_only", "version.py", &["modern-only"]);
}

#[test]
fn bad_tool_names_are_named_across_pages() {
    need_python!();
    one("bad_tools", "bad_tools.py", &[]);
}

/// Two tools of one server under one name: the Claude API refuses the
/// request that carries them, so the server is not ok.
#[test]
fn two_tools_with_one_name_fail() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("dup", "dup_tools.py", &[]);
    let out = fx.sb.run(&mut fx.launch(&["--json", "--timeout", "5"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let s = only(&out.json()).clone();
    assert_eq!(s["verdict"], "bad-tool-names", "{s:#}");
    let message = s["message"].as_str().unwrap_or("");
    assert!(message.contains("share a name: `echo`"), "{s:#}");
    fx.assert_none_survive();
}

#[test]
fn a_log_notification_and_a_ping_before_the_reply_are_fine() {
    need_python!();
    one("chatty", "chatty.py", &[]);
}

#[test]
fn crlf_line_endings_are_fine() {
    need_python!();
    one("crlf", "crlf.py", &[]);
}

#[test]
fn a_megabyte_of_stderr_before_answering_does_not_deadlock() {
    need_python!();
    one("stderr_flood", "stderr_flood.py", &[]);
}

#[test]
fn a_twelve_mib_line_is_bounded_and_reported() {
    need_python!();
    one("huge_line", "huge_line.py", &[]);
}

/// `"nextCursor": null` ends a listing for Python's SDK but fails it in
/// the TypeScript SDK's client, the app's: no tools at all when it is
/// `tools/list`'s, a logged error and the tools usable when `prompts/list`'s.
#[test]
fn a_null_cursor_fails_the_listing_as_in_the_app() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("tools-null", "null_cursor.py", &["tools"]);
    fx.py("prompts-null", "null_cursor.py", &["prompts"]);
    let out = fx.sb.run(&mut fx.launch(&["--json", "--timeout", "5"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let json = out.json();
    let by = |name: &str| {
        json["servers"]
            .as_array()
            .and_then(|a| a.iter().find(|s| s["name"] == name))
            .cloned()
            .unwrap_or_default()
    };
    let tools = by("tools-null");
    assert_eq!(tools["verdict"], "bad-reply", "{tools:#}");
    assert_eq!(tools["phase"], "tools/list", "{tools:#}");
    let message = tools["message"].as_str().unwrap_or("");
    assert!(
        message.contains("\"nextCursor\" in the tools/list result is null"),
        "{tools:#}"
    );
    let prompts = by("prompts-null");
    assert_eq!(prompts["verdict"], "ok", "{prompts:#}");
    assert_eq!(prompts["counts"]["tools"], 2, "{prompts:#}");
    let listed = prompts["listing_errors"][0].as_str().unwrap_or("");
    assert!(
        listed.starts_with("prompts/list gave a result the app cannot use: \"nextCursor\""),
        "{prompts:#}"
    );
    fx.assert_none_survive();
}

/// A failing `prompts/list` (or `resources/list`) is logged by the app,
/// which goes on with the tools: the server is ok, the error is said, and
/// `call` calls its tools.
#[test]
fn a_failing_prompts_listing_leaves_the_tools_usable() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("srv", "prompts_fail.py", &[]);
    let out = fx.sb.run(&mut fx.launch(&["--json", "--timeout", "5"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    let s = only(&out.json()).clone();
    assert_eq!(s["verdict"], "ok", "{s:#}");
    assert_eq!(s["counts"]["tools"], 2, "{s:#}");
    assert_eq!(s["counts"]["prompts"], serde_json::Value::Null, "{s:#}");
    let said = "prompts/list answered error -32603: prompts broke";
    let message = s["message"].as_str().unwrap_or("");
    assert!(message.contains(said), "{s:#}");
    let listed = s["listing_errors"][0].as_str().unwrap_or("");
    assert!(listed.starts_with(said), "{s:#}");
    let text = fx.sb.run(&mut fx.launch(&["--timeout", "5"]));
    assert!(text.stdout.contains(&format!("note: {said}")), "{text:?}");
    let mut call = fx.sb.mcpctl();
    call.arg("--config").arg(fx.config()).args([
        "--json",
        "call",
        "srv",
        "echo",
        "{}",
        "--timeout",
        "5",
    ]);
    let called = fx.sb.run(&mut call);
    // the call reached the server (the fixture answers tools/call with a
    // JSON-RPC error): not a launch that failed
    assert_eq!(called.code, Some(1), "{called:?}");
    assert_eq!(called.json()["outcome"], "call-failed", "{called:?}");
    fx.assert_none_survive();
}

/// A server's own words are quoted on one line: a line break in its error
/// message is shown as `\n`, so it cannot start a line that reads as
/// mcpctl's (a `FAIL` line) or, in `--format github`, as a workflow
/// command (`::error::`) the CI runner would act on.
#[test]
fn a_line_break_in_a_servers_message_starts_no_line() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("srv", "forged_lines.py", &[]);
    for format in ["text", "github"] {
        let out = fx.sb.run(&mut fx.launch(&["--format", format]));
        assert_eq!(out.code, Some(1), "{}", out.all());
        assert!(
            out.stdout.contains(
                "JSON-RPC error -32000: bad config\\n::error::forged annotation\\nFAIL  other  forged"
            ),
            "{format}: {}",
            out.all()
        );
        for line in out.stdout.lines() {
            assert!(
                !line.starts_with("::error::forged") && !line.starts_with("FAIL  other"),
                "{format}: a forged line: {line:?}\n{}",
                out.all()
            );
        }
    }
    let out = fx.sb.run(&mut fx.launch(&["--json"]));
    assert!(
        only(&out.json())["message"]
            .as_str()
            .is_some_and(|m| !m.contains('\n')),
        "{}",
        out.all()
    );
    fx.assert_none_survive();
}
