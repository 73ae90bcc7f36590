//! What a server offers (issue 9, item 20): `test-launch --tools` lists
//! each tool with the first line of its description, escaped for the
//! terminal; `mcpctl call SERVER TOOL [JSON]` launches the server as the
//! app does, calls one tool and prints the result (text as text, other
//! content summarised, `--json` the raw result), with exit codes 0 result,
//! 1 tool error or server failure, 2 usage; env values masked; no process
//! left. Against the scripted `tests/servers/tools.py` and the rmcp
//! example server.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::probe::{Fixture, python};
use crate::support::{self, Sandbox};

fn have_python() -> bool {
    if python().is_none() {
        eprintln!("SKIPPED: python3 not found; the scripted servers need it");
        return false;
    }
    true
}

/// A fixture with the scripted tools server as `tools` (its env holds an
/// API key the `whoami` tool echoes).
fn tools_fixture() -> Fixture {
    let mut fx = Fixture::new();
    fx.py("tools", "tools.py", &[]);
    if let Some((_, entry)) = fx.servers.last_mut() {
        entry["env"]["API_KEY"] = json!("sk-live-4f9a2c1e");
    }
    fx
}

/// `mcpctl --config C call ARGS...`.
fn call(fx: &Fixture, args: &[&str]) -> Command {
    let mut cmd = fx.sb.mcpctl();
    cmd.arg("--config").arg(fx.config()).arg("call").args(args);
    cmd
}

#[test]
fn test_launch_tools_lists_each_tool_with_one_escaped_line() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let [text, json] = text_and_json!("tools_list", fx.sb, &["--tools"], |a| fx.launch(a));
    fx.assert_none_survive();
    assert!(
        text.stdout
            .contains("paint     Paint it \\x1b[31mred\\x1b[0m"),
        "{}",
        text.stdout
    );
    assert!(
        !text.stdout.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    let tools = &json.json()["servers"][0]["tools"];
    assert_eq!(
        tools[0],
        json!({"name": "echo", "description": "Say the text back"})
    );
    assert_eq!(tools[3], json!({"name": "picture", "description": null}));
    // Without --tools the field is not there at all.
    let plain = fx.sb.run(&mut fx.launch(&["--json"]));
    assert!(plain.json()["servers"][0].get("tools").is_none());
}

#[test]
fn a_call_prints_the_text_the_tool_returned() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let args = ["tools", "forecast", r#"{"city": "Lyon"}"#];
    let [text, json] = text_and_json!("call_text", fx.sb, &args, |a| call(&fx, a));
    fx.assert_none_survive();
    assert_eq!(text.code, Some(0));
    assert_eq!(text.stdout, "Lyon: sunny, 21 °C\n");
    assert_eq!(text.stderr, "");
    let doc = json.json();
    assert_eq!(doc["outcome"], "result");
    assert_eq!(
        doc["result"]["structuredContent"],
        json!({"city": "Lyon", "temp_c": 21})
    );
}

#[test]
fn other_content_is_summarised_and_escapes_are_shown_not_obeyed() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let out = mcpctl_snapshot!("call_picture", fx.sb, &mut call(&fx, &["tools", "picture"]));
    assert_eq!(
        out.stdout,
        "[image: image/png, 16 bytes]\n[resource link: report.pdf, file:///srv/report.pdf, \
application/pdf]\n{\n  \"width\": 1,\n  \"height\": 1\n}\n"
    );
    let out = fx.sb.run(&mut call(&fx, &["tools", "paint"]));
    assert_eq!(out.stdout, "\\x1b[2J\\x1b[31mred\\x1b[0m\n");
    fx.assert_none_survive();
}

/// A result Claude Desktop's MCP client refuses (an unknown content type,
/// structured content missing or breaking the tool's outputSchema) is a
/// failed call (`bad-reply` at tools/call, exit 1), its result still shown
/// in the JSON; a correct typed answer is a result.
#[test]
fn a_result_the_apps_client_refuses_is_a_failed_call() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.py("refused", "refused_results.py", &[]);
    for (tool, why) in [
        ("video", "content[0].type is \"video\""),
        (
            "typed",
            "structured content does not match the tool's output schema",
        ),
        (
            "untyped",
            "has an output schema but did not return structured content",
        ),
    ] {
        let out = fx.sb.run(&mut call(&fx, &["--json", "refused", tool]));
        assert_eq!(out.code, Some(1), "{tool}: {out:?}");
        let doc = out.json();
        assert_eq!(doc["outcome"], "call-failed", "{tool}: {doc:#}");
        assert_eq!(doc["error"]["verdict"], "bad-reply", "{tool}: {doc:#}");
        assert_eq!(doc["error"]["phase"], "tools/call", "{tool}: {doc:#}");
        let message = doc["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(why), "{tool}: {message}");
        assert!(
            doc["result"].is_object(),
            "{tool}: the result is shown: {doc:#}"
        );
        let text = fx.sb.run(&mut call(&fx, &["refused", tool]));
        assert_eq!(text.code, Some(1), "{tool}: {text:?}");
        assert!(
            text.stderr.contains("refuses the result"),
            "{tool}: {text:?}"
        );
    }
    let out = fx.sb.run(&mut call(&fx, &["refused", "fine"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    fx.assert_none_survive();
}

/// An outputSchema the app's client cannot compile (a Python `\Z` in a
/// pattern) fails the whole listing: test-launch says bad-reply in both
/// lanes with Ajv's words, and `call` calls nothing (exit 1).
#[test]
fn an_output_schema_the_client_cannot_compile_fails_the_listing() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.py("regex", "uncompilable.py", &[]);
    let out = fx.sb.run(&mut fx.launch(&["--json"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let doc = out.json();
    let s = &doc["servers"][0];
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    assert_eq!(s["phase"], "tools/list", "{s:#}");
    let message = s["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("cannot compile its outputSchema"),
        "{message}"
    );
    assert!(message.contains("Invalid escape"), "{message}");
    assert!(
        s["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("JavaScript regular expressions"),
        "{s:#}"
    );
    let out = fx.sb.run(&mut call(&fx, &["--json", "regex", "fine"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(out.json()["outcome"], "launch-failed", "{out:?}");
    fx.assert_none_survive();
}

#[test]
fn a_tool_error_exits_1_with_what_the_tool_said() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let [text, json] = text_and_json!("call_tool_error", fx.sb, &["tools", "fail"], |a| call(
        &fx, a
    ));
    fx.assert_none_survive();
    assert_eq!((text.code, json.code), (Some(1), Some(1)));
    assert_eq!(text.stdout, "");
    assert!(text.stderr.contains("city not found: Atlantis"));
    assert_eq!(json.json()["result"]["isError"], true);
}

#[test]
fn a_server_that_dies_during_the_call_is_a_failure_and_leaves_nothing() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let [text, json] = text_and_json!("call_crash", fx.sb, &["tools", "crash"], |a| call(&fx, a));
    fx.assert_none_survive();
    assert_eq!((text.code, json.code), (Some(1), Some(1)));
    let doc = json.json();
    assert_eq!(doc["outcome"], "call-failed");
    assert_eq!(doc["error"]["verdict"], "exited-early");
    assert_eq!(doc["error"]["phase"], "tools/call");
}

#[test]
fn a_tool_that_never_answers_times_out_and_is_stopped() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let t0 = Instant::now();
    let out = mcpctl_snapshot!(
        "call_stall",
        fx.sb,
        &mut call(&fx, &["tools", "stall", "--timeout", "2"])
    );
    assert!(t0.elapsed() < Duration::from_secs(12), "{:?}", t0.elapsed());
    assert_eq!(out.code, Some(1));
    fx.assert_none_survive();
}

#[test]
fn env_values_are_masked_in_the_result_unless_asked() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let out = fx.sb.run(&mut call(&fx, &["tools", "whoami"]));
    assert_eq!(out.stdout, "your key is ****\n");
    let out = fx.sb.run(&mut call(&fx, &["--json", "tools", "whoami"]));
    assert!(!out.stdout.contains("sk-live"), "{}", out.stdout);
    let out = fx
        .sb
        .run(&mut call(&fx, &["tools", "whoami", "--show-secrets"]));
    assert_eq!(out.stdout, "your key is sk-live-4f9a2c1e\n");
    fx.assert_none_survive();
}

/// Bad arguments and unknown servers are refused before anything starts;
/// an unknown tool is known only once the server listed its tools.
#[test]
fn usage_errors_exit_2() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    for (name, args) in [
        ("call_not_json", &["tools", "echo", "{text: hi}"][..]),
        ("call_not_object", &["tools", "echo", r#"["hi"]"#][..]),
        ("call_unknown_server", &["nope", "echo"][..]),
    ] {
        let out = mcpctl_snapshot!(name, fx.sb, &mut call(&fx, args));
        assert_eq!(out.code, Some(2), "{name}");
    }
    // a call is a chat's call: the cowork lane is not pretended
    let out = fx
        .sb
        .run(&mut call(&fx, &["tools", "echo", "--lane", "cowork"]));
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        crate::support::unconfigured(&out.stderr)
            .contains("hint: `mcpctl test-launch tools --lane cowork --tools`"),
        "{out:?}"
    );
    assert!(fx.pids().is_empty(), "nothing was started: {:?}", fx.pids());
    let [text, json] = text_and_json!("call_unknown_tool", fx.sb, &["tools", "ech"], |a| call(
        &fx, a
    ));
    assert_eq!((text.code, json.code), (Some(2), Some(2)));
    assert!(json.json()["error"]["message"].is_string());
    fx.assert_none_survive();
}

#[test]
fn arguments_can_come_from_stdin() {
    if !have_python() {
        return;
    }
    let fx = tools_fixture();
    let mut child = call(&fx, &["tools", "echo", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mcpctl");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(br#"{"text": "from a pipe"}"#)
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("mcpctl ran");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "from a pipe\n");
    assert_eq!(out.status.code(), Some(0));
    fx.assert_none_survive();
}

#[test]
fn a_server_that_does_not_start_is_reported_as_test_launch_would() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.py("broken", "exits_early.py", &[]);
    let [text, _] = text_and_json!("call_launch_failed", fx.sb, &["broken", "echo"], |a| call(
        &fx, a
    ));
    assert_eq!(text.code, Some(1));
    fx.assert_none_survive();
}

/// The real SDK server: a tool call over rmcp, result and tool error.
#[test]
fn the_rmcp_example_server_answers_a_call() {
    let sb = Sandbox::new();
    let config = sb.write(
        "claude_desktop_config.json",
        format!(
            "{{\"mcpServers\": {{\"example\":\n  {{\"command\": {}}}\n}}}}\n",
            serde_json::to_string(support::example_server()).unwrap_or_default()
        ),
    );
    let run = |args: &[&str]| {
        let mut cmd = sb.mcpctl();
        cmd.arg("--config").arg(&config).arg("call").args(args);
        cmd
    };
    let out = mcpctl_snapshot!(
        "call_example_add",
        sb,
        &mut run(&["example", "add", r#"{"a": 2, "b": 40}"#])
    );
    assert_eq!(out.stdout, "42\n");
    let out = mcpctl_snapshot!(
        "call_example_missing_field",
        sb,
        &mut run(&["example", "echo"])
    );
    assert_eq!(out.code, Some(1));
    // a file the app cannot parse: the call goes on, after a warning that
    // shows the place
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("}\n}}", "},\n}}")).unwrap();
    let out = sb.run(&mut run(&["example", "add", r#"{"a": 2, "b": 40}"#]));
    assert_eq!(out.stdout, "42\n", "{out:?}");
    assert!(
        out.stderr.contains("cannot parse")
            && out.stderr.contains(":2:")
            && out.stderr.contains("^ remove this comma")
            && out.stderr.contains("hint: fix the file first"),
        "{out:?}"
    );
}

/// A bridge would start `npx mcp-remote`, which may register a client and
/// open a browser; a url entry has nothing to start. Neither is started,
/// and stdin is read only so far.
#[test]
fn call_starts_no_bridge_and_reads_a_bounded_stdin() {
    let sb = Sandbox::new();
    let config = sb.write(
        "c.json",
        format!(
            r#"{{"mcpServers": {{
  "ex": {{"command": {}}},
  "bridge": {{"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:9/mcp"]}},
  "remote": {{"url": "http://127.0.0.1:9/mcp"}}
}}}}"#,
            serde_json::to_string(support::example_server()).unwrap()
        ),
    );
    let run = |args: &[&str]| {
        let mut cmd = sb.mcpctl();
        cmd.arg("--config").arg(&config).args(args);
        sb.run(&mut cmd)
    };
    let bridge = run(&["--json", "call", "bridge", "echo"]);
    assert_eq!(bridge.code, Some(2), "{bridge:?}");
    let message = bridge.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(message.contains("never does"), "{bridge:?}");
    assert!(
        bridge.json()["error"]["hint"]
            .as_str()
            .unwrap_or("")
            .contains("test-launch bridge")
    );
    let url = run(&["call", "remote", "echo"]);
    assert_eq!(url.code, Some(2), "{url:?}");
    assert!(url.stderr.contains("is a url entry"), "{url:?}");

    // five megabytes of arguments: refused, not read to the end
    let mut cmd = sb.mcpctl();
    cmd.arg("--config")
        .arg(&config)
        .args(["call", "ex", "echo", "-"]);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn mcpctl");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..5 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("over 4 MB"),
        "{out:?}"
    );
}

/// A server `mcpctl disable` set aside: `call` says it is disabled and how
/// to put it back, not "no server named".
#[test]
fn a_call_to_a_disabled_server_says_how_to_enable_it() {
    let fx = tools_fixture();
    let config = fx.config();
    let mut off = fx.sb.mcpctl();
    off.arg("--config").arg(&config).args(["disable", "tools"]);
    assert_eq!(fx.sb.run(&mut off).code, Some(0));
    // (not `call`, which writes the fixture's config afresh)
    let mut cmd = fx.sb.mcpctl();
    cmd.arg("--config")
        .arg(&config)
        .args(["call", "tools", "echo"]);
    let out = fx.sb.run(&mut cmd);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("`tools` is disabled"), "{out:?}");
    assert!(
        crate::support::unconfigured(&out.stderr).contains("`mcpctl enable tools` puts it back"),
        "{out:?}"
    );
}
