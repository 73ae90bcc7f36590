//! `mcpctl test-launch` as a user runs it: "works in my terminal, fails in
//! Claude" explained (the variable or the PATH entry only the shell has),
//! `--shell-env`, `--discover`, server selection by name, the text report,
//! exit codes, and env values never printed.

use super::{self as harness, Fixture, need_python, only};
use serde_json::json;

#[test]
fn a_variable_only_the_shell_has_is_named_but_its_value_never_shown() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("needs-token", "needs_env.py", &[]);
    let (out, _) = fx.run_with(&["--json", "--timeout", "5"], |c| {
        c.env("FIXTURE_TOKEN", "tok-0123456789");
    });
    let (code, doc) = harness::parse(&out);
    fx.assert_none_survive();
    assert_eq!(code, 1);
    let s = only(&doc);
    assert_eq!(s["verdict"], json!("exited-early"), "{s:#}");
    let cmp = &s["shell_comparison"];
    assert_eq!(cmp["ok"], json!(true), "{s:#}");
    assert_eq!(cmp["verdict"], json!("ok"));
    let vars: Vec<&str> = cmp["shell_only_vars"]
        .as_array()
        .expect("vars")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(vars.contains(&"FIXTURE_TOKEN"), "{cmp:#}");
    assert_eq!(
        cmp["differences"][0],
        json!("variable FIXTURE_TOKEN is set only in your shell (the server's output names it)"),
        "{cmp:#}"
    );
    assert!(
        s["hint"]
            .as_str()
            .unwrap_or_default()
            .starts_with("add \"FIXTURE_TOKEN\" to this server's \"env\""),
        "{s:#}"
    );
    let all = &out.stdout;
    assert!(!all.contains("tok-0123456789"), "a value leaked: {all}");
}

#[cfg(unix)]
#[test]
fn a_command_only_on_the_shell_path_names_the_path_entry() {
    need_python!();
    let mut fx = Fixture::new();
    let bin = fx.sb.root().join("shell-bin");
    let py = harness::python().unwrap_or("python3");
    let launcher = fx.sb.script(
        bin.join("fixture-server"),
        &format!("exec {py} {}", harness::script("ok.py")),
    );
    fx.raw("local", "fixture-server", &[]);
    let shell_path = format!("{}:/usr/bin:/bin", bin.display());
    let run = |extra: &[&str]| {
        let mut args = vec!["--json", "--timeout", "5"];
        args.extend_from_slice(extra);
        let (out, _) = fx.run_with(&args, |c| {
            c.env("PATH", &shell_path)
                .env("MCPCTL_APP_PATH", "/usr/bin:/bin");
        });
        harness::parse(&out)
    };

    let (code, doc) = run(&[]);
    assert_eq!(code, 1);
    assert_eq!(doc["path_used"], json!("/usr/bin:/bin"));
    let s = only(&doc);
    assert_eq!(s["verdict"], json!("command-not-found"));
    let cmp = &s["shell_comparison"];
    assert_eq!(cmp["ok"], json!(true), "{s:#}");
    assert_eq!(cmp["path_entry"], json!(bin.display().to_string()));
    assert_eq!(cmp["shell_command"], json!(launcher.display().to_string()));
    assert!(
        s["hint"]
            .as_str()
            .unwrap_or_default()
            .contains(&launcher.display().to_string())
    );

    let (code, doc) = run(&["--shell-env"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["env_mode"], json!("shell"));
    assert_eq!(only(&doc)["verdict"], json!("ok"));
    assert_eq!(only(&doc)["shell_comparison"], json!(null));
    fx.assert_none_survive();
}

#[test]
fn discover_reports_support_without_failing_servers_that_lack_it() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("modern", "discover.py", &[])
        .py("classic", "ok.py", &[])
        .py("modern-only", "discover.py", &["modern-only"]);
    let (code, doc) = fx.json(&["--discover", "--timeout", "5"]);
    fx.assert_none_survive();
    assert_eq!(code, 1, "modern-only fails: the app opens with initialize");
    let s = &doc["servers"];
    assert_eq!(s[0]["verdict"], json!("ok"));
    assert_eq!(
        s[0]["discover"],
        json!({"supported": true, "versions": ["2025-11-25", "2026-07-28"], "tools": 2, "error": null})
    );
    assert_eq!(
        s[1]["verdict"],
        json!("ok"),
        "no server/discover is not a failure"
    );
    assert_eq!(s[1]["discover"]["supported"], json!(false));
    assert!(
        s[1]["discover"]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("-32601")
    );
    assert_eq!(s[2]["verdict"], json!("incompatible-version"));
    assert_eq!(s[2]["discover"]["supported"], json!(true));
}

/// A server that ignores `server/discover` costs a few seconds more, not a
/// second `--timeout`; one that never answered `initialize` is not
/// launched again (a hung server costs its timeout once).
#[test]
fn discover_does_not_wait_a_whole_timeout_on_servers_that_ignore_it() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("ignores", "hang.py", &["server/discover"])
        .py("hung", "hang.py", &[]);
    let (out, took) = fx.run(&["--json", "--discover", "--timeout", "8", "--jobs", "2"]);
    let (code, doc) = harness::parse(&out);
    fx.assert_none_survive();
    assert_eq!(code, 1, "{doc:#}");
    let s = &doc["servers"];
    assert_eq!(s[0]["verdict"], json!("ok"), "{doc:#}");
    assert_eq!(s[0]["discover"]["supported"], json!(false));
    let error = s[0]["discover"]["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("no answer to server/discover within 5."),
        "{error}"
    );
    assert_eq!(s[1]["verdict"], json!("timeout"));
    let error = s[1]["discover"]["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("not tried: it did not answer initialize within 8 s"),
        "{error}"
    );
    // One timeout (8 s) and its shutdown (2 s), not 8 + 8 for `hung`.
    assert!(took.as_secs_f64() < 14.0, "took {took:?}");
}

#[test]
fn unknown_names_are_a_usage_error_listing_the_names() {
    let mut fx = Fixture::new();
    fx.raw("alpha", "true", &[]).raw("beta", "true", &[]);
    let (out, _) = fx.run(&["gamma"]);
    assert_eq!(out.code, Some(2));
    let err = &out.stderr;
    assert!(err.contains("no server named `gamma`"), "{err}");
    assert!(err.contains("there are: alpha, beta"), "{err}");
}

#[test]
fn named_servers_only_and_the_text_report() {
    need_python!();
    let mut fx = Fixture::new();
    fx.py("good", "ok.py", &[])
        .py("broken", "exits_early.py", &[])
        .py("skipped", "hang.py", &[]);
    let (out, _) = fx.run(&["broken", "good", "--timeout", "5"]);
    fx.assert_none_survive();
    assert_eq!(out.code, Some(1));
    let text = &out.stdout;
    assert!(text.contains("PATH: "), "{text}");
    assert!(text.contains("working directory: /"), "{text}");
    let good = text.find("ok    good").expect("good line");
    let broken = text
        .find("FAIL  broken  exited-early")
        .expect("broken line");
    assert!(good < broken, "config order:\n{text}");
    assert!(!text.contains("skipped"), "{text}");
    assert!(
        text.contains("fixture 1.0, protocol 2025-11-25, 2 tools, 1 prompt"),
        "{text}"
    );
    assert!(
        text.contains("| ModuleNotFoundError: No module named 'mcp'"),
        "{text}"
    );
    assert!(text.contains("2 servers: 1 ok, 1 failed"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour off a terminal");
}

#[test]
fn an_entry_without_command_fails_with_a_hint() {
    let fx = Fixture::new();
    let config = fx.sb.write(
        fx.config_path(),
        r#"{"mcpServers": {"remote": {"url": "https://example.com/mcp"}}}"#,
    );
    let mut cmd = fx.sb.mcpctl();
    cmd.args(["--json", "--config"])
        .arg(&config)
        .arg("test-launch");
    let out = fx.sb.run(&mut cmd);
    let (code, doc) = harness::parse(&out);
    assert_eq!(code, 1);
    let s = only(&doc);
    assert_eq!(s["verdict"], json!("spawn-failed"));
    assert_eq!(
        s["shell_comparison"],
        json!(null),
        "nothing to launch in the shell either"
    );
    assert!(
        s["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("mcp-remote")
    );
}

/// A file the app's strict parser rejects starts no server in the app:
/// the servers mcpctl recovers are still tested, but the run says so and
/// does not pass.
#[test]
fn a_config_the_app_cannot_parse_fails_the_run_even_when_its_servers_pass() {
    need_python!();
    let fx = Fixture::new();
    let config = fx.config_path();
    let entry = serde_json::json!({
        "command": harness::python().unwrap_or("python3"),
        "args": [harness::script("ok.py")],
        "env": {"PIDFILE": fx.pidfile().display().to_string()},
    });
    // A trailing comma after the only server.
    fx.sb.write(
        &config,
        format!("{{\"mcpServers\": {{\"good\": {entry},}}}}"),
    );
    let run = |json: bool| {
        let mut cmd = fx.sb.mcpctl();
        if json {
            cmd.arg("--json");
        }
        cmd.arg("--config")
            .arg(&config)
            .args(["test-launch", "--timeout", "5"]);
        fx.sb.run(&mut cmd)
    };
    let out = run(true);
    let (code, doc) = harness::parse(&out);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        only(&doc)["verdict"],
        json!("ok"),
        "the server itself is fine"
    );
    let why = doc["config_parse_error"].as_str().unwrap_or_default();
    assert!(
        why.starts_with("line 1:") && why.contains("trailing comma"),
        "{doc:#}"
    );
    let out = run(false);
    assert_eq!(out.code, Some(1));
    let err = &out.stderr;
    assert!(err.contains("Claude Desktop cannot parse"), "{err}");
    assert!(
        err.contains("it would start none of these servers"),
        "{err}"
    );
    let text = &out.stdout;
    assert!(
        text.contains("1 server: 1 ok, 0 failed")
            && text.contains("Claude Desktop would start none of them"),
        "{text}"
    );
    fx.assert_none_survive();
}
