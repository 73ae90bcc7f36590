//! One scripted broken server per verdict of `mcpctl test-launch`, checked
//! through the `--json` contract (docs/json/test-launch.md): verdict,
//! phase, message, hint and the fields that go with it; and after every
//! run, that no process of the fixture survives.

use super::{self as harness, Fixture, need_python, only};
use serde_json::json;

/// Run one scripted server with a short timeout; returns (exit, server).
fn one(script: &str, args: &[&str], extra: &[&str]) -> (i32, serde_json::Value) {
    let mut fx = Fixture::new();
    fx.py("srv", script, args);
    let mut all = vec!["--timeout", "5"];
    all.extend_from_slice(extra);
    let (code, doc) = fx.json(&all);
    fx.assert_none_survive();
    (code, only(&doc).clone())
}

fn text(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[test]
fn a_healthy_server_is_ok_with_counts_and_timings() {
    need_python!();
    let (code, s) = one("ok.py", &[], &[]);
    assert_eq!(code, 0, "{s:#}");
    assert_eq!(s["verdict"], json!("ok"));
    assert_eq!(s["ok"], json!(true));
    assert_eq!(
        s["server_info"],
        json!({"name": "fixture", "version": "1.0"})
    );
    assert_eq!(s["protocol_version"], json!("2025-11-25"));
    assert_eq!(
        s["counts"],
        json!({"tools": 2, "resources": null, "prompts": 1})
    );
    assert_eq!(
        s["capabilities"],
        json!({"tools": true, "resources": false, "prompts": true})
    );
    assert!(s["timings_ms"]["first_reply"].as_u64().is_some(), "{s:#}");
    assert!(s["resolved_command"].as_str().is_some());
    assert_eq!(s["env"]["PIDFILE"], json!("****"), "env values are masked");
    assert_eq!(s["hint"], json!(null));
    assert_eq!(s["stderr_tail"], json!([]));
}

#[test]
fn command_not_found_names_the_path_searched() {
    let mut fx = Fixture::new();
    fx.raw("srv", "mcpctl-no-such-server", &[]);
    let (out, _) = fx.run_with(&["--json"], |c| {
        c.env("PATH", "/nonexistent/bin:/usr/bin");
    });
    let (code, doc) = harness::parse(&out);
    let s = only(&doc);
    assert_eq!(code, 1);
    assert_eq!(s["verdict"], json!("command-not-found"));
    assert_eq!(s["phase"], json!("spawn"));
    assert_eq!(s["resolved_command"], json!(null));
    assert!(
        text(&s["message"]).contains("/nonexistent/bin:/usr/bin"),
        "{s:#}"
    );
    assert!(text(&s["hint"]).contains("absolute path"), "{s:#}");
    assert_eq!(doc["path_used"], json!("/nonexistent/bin:/usr/bin"));
}

#[cfg(unix)]
#[test]
fn a_file_without_the_execute_bit_is_not_executable() {
    let mut fx = Fixture::new();
    let file = fx.sb.write("server.sh", "#!/bin/sh\necho hi\n");
    let path = file.display().to_string();
    fx.raw("srv", &path, &[]);
    let (code, doc) = fx.json(&[]);
    let s = only(&doc);
    assert_eq!(code, 1);
    assert_eq!(s["verdict"], json!("not-executable"), "{s:#}");
    assert!(text(&s["hint"]).contains("chmod +x"));
}

#[test]
fn exiting_before_the_reply_shows_the_code_and_stderr() {
    need_python!();
    let (code, s) = one("exits_early.py", &[], &[]);
    assert_eq!(code, 1);
    assert_eq!(s["verdict"], json!("exited-early"), "{s:#}");
    assert_eq!(s["phase"], json!("initialize"));
    assert_eq!(s["exit"], json!({"code": 1, "signal": null}));
    let tail = s["stderr_tail"].as_array().expect("tail");
    assert!(
        tail.iter()
            .any(|l| text(l).contains("No module named 'mcp'")),
        "{s:#}"
    );
    assert!(text(&s["message"]).contains("exited with code 1 before answering initialize"));
    assert!(text(&s["hint"]).contains("Python"), "{s:#}");
    // It fails with the shell's environment too: not an env problem.
    assert_eq!(s["shell_comparison"]["ok"], json!(false));
}

#[test]
fn a_hang_times_out_naming_the_phase() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("init", "hang.py", &[])
        .py("list", "hang.py", &["tools/list"]);
    let (out, took) = fx.run(&["--json", "--timeout", "2", "--jobs", "2"]);
    let (code, doc) = harness::parse(&out);
    fx.assert_none_survive();
    assert_eq!(code, 1);
    let s = &doc["servers"];
    assert_eq!(s[0]["verdict"], json!("timeout"));
    assert_eq!(s[0]["phase"], json!("initialize"));
    assert_eq!(text(&s[0]["message"]), "no reply to initialize within 2 s");
    assert!(text(&s[0]["hint"]).contains("--timeout 60"));
    assert_eq!(s[1]["verdict"], json!("timeout"));
    assert_eq!(s[1]["phase"], json!("tools/list"));
    assert_eq!(
        s[0]["shell_comparison"],
        json!(null),
        "a timeout is not re-run"
    );
    // Both hang at once: the run costs one timeout (+ shutdown), not two.
    assert!(took.as_secs_f64() < 9.0, "took {took:?}");
}

#[test]
fn a_dotenv_banner_on_stdout_is_named_with_its_fix() {
    need_python!();
    let banner = "[dotenv@17.2.1] injecting env (2) from .env -- tip: encrypt with dotenvx";
    let (code, s) = one("print_first.py", &[banner], &[]);
    assert_eq!(code, 1);
    assert_eq!(s["verdict"], json!("non-protocol-output"));
    assert_eq!(s["stdout_kind"], json!("dotenv-banner"));
    assert_eq!(s["stdout_line"], json!(banner));
    assert!(text(&s["hint"]).contains("DOTENV_CONFIG_QUIET"));
    assert!(
        text(&s["message"]).contains("Unexpected token 'd'"),
        "{s:#}"
    );
}

#[test]
fn a_print_on_stdout_is_a_print_and_long_lines_are_cut() {
    need_python!();
    let long = format!("Server started {}", "y".repeat(400));
    let (_, s) = one("print_first.py", &[&long], &[]);
    assert_eq!(s["verdict"], json!("non-protocol-output"));
    assert_eq!(s["stdout_kind"], json!("print"));
    let line = text(&s["stdout_line"]);
    assert_eq!(line.chars().count(), 201, "200 chars and an ellipsis");
    assert!(text(&s["hint"]).contains("stderr"));
}

#[test]
fn content_length_framing_is_the_wrong_transport() {
    need_python!();
    let (_, s) = one("content_length.py", &[], &[]);
    assert_eq!(s["verdict"], json!("non-protocol-output"), "{s:#}");
    assert_eq!(s["stdout_kind"], json!("content-length"));
    assert!(text(&s["message"]).contains("wrong transport"));
}

#[test]
fn a_json_rpc_error_reply_shows_code_and_message() {
    need_python!();
    let (_, s) = one("rpc_error.py", &[], &[]);
    assert_eq!(s["verdict"], json!("jsonrpc-error"));
    assert_eq!(
        text(&s["message"]),
        "answered initialize with JSON-RPC error -32603: database unavailable"
    );
}

#[test]
fn a_string_id_for_id_zero_is_a_bad_reply() {
    need_python!();
    let (_, s) = one("wrong_id.py", &[], &[]);
    assert_eq!(s["verdict"], json!("bad-reply"));
    assert!(
        text(&s["message"]).contains("with id \"0\" (a string)"),
        "{s:#}"
    );
}

#[test]
fn a_pretty_printed_reply_breaks_framing() {
    need_python!();
    let (_, s) = one("pretty.py", &[], &[]);
    assert_eq!(s["verdict"], json!("bad-reply"));
    assert!(
        text(&s["message"]).contains("split over several lines"),
        "{s:#}"
    );
    assert!(text(&s["message"]).contains("`{`"), "{s:#}");
}

#[test]
fn unknown_and_modern_only_versions_are_incompatible() {
    need_python!();
    let (_, old) = one("version.py", &["old"], &[]);
    assert_eq!(old["verdict"], json!("incompatible-version"));
    assert!(text(&old["message"]).contains("1999-01-01"));
    let (_, modern) = one("version.py", &["modern-only"], &[]);
    assert_eq!(modern["verdict"], json!("incompatible-version"));
    assert!(
        text(&modern["message"]).contains("only the 2026-07-28 protocol"),
        "{modern:#}"
    );
}

#[test]
fn bad_tool_names_are_named_across_pages() {
    need_python!();
    let (code, s) = one("bad_tools.py", &[], &[]);
    assert_eq!(code, 1);
    assert_eq!(s["verdict"], json!("bad-tool-names"));
    assert_eq!(s["counts"]["tools"], json!(4), "both pages counted");
    assert_eq!(s["bad_tool_names"], json!(["get.weather", "has space"]));
}

#[test]
fn a_log_notification_and_a_ping_before_the_reply_are_fine() {
    need_python!();
    let (code, s) = one("chatty.py", &[], &[]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    assert_eq!(code, 0);
}

#[test]
fn crlf_line_endings_are_fine() {
    need_python!();
    let (_, s) = one("crlf.py", &[], &[]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
}

#[test]
fn a_megabyte_of_stderr_before_answering_does_not_deadlock() {
    need_python!();
    let (_, s) = one("stderr_flood.py", &[], &[]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
}

#[test]
fn a_twelve_mib_line_is_bounded_and_reported() {
    need_python!();
    let (_, s) = one("huge_line.py", &[], &[]);
    assert_eq!(s["verdict"], json!("bad-reply"), "{s:#}");
    assert!(text(&s["message"]).contains("12.0 MiB"), "{s:#}");
    assert!(text(&s["message"]).contains("10 MiB"), "{s:#}");
    let head = text(&s["stdout_line"]);
    assert!(head.starts_with(r#"{"jsonrpc": "2.0", "id": 0"#), "{s:#}");
    assert!(head.ends_with('…'), "{s:#}");
}
