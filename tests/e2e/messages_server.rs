//! What `test-launch` says about real-world server failures (issue 9,
//! items 8-11): the stderr line that carries the cause quoted in the
//! headline (not npm's or docker's boilerplate after it), known causes
//! with their own hint (npx without `-y`, mcp 2.x and `mcp.server.fastmcp`,
//! an exit 0 after an error, a TLS failure fixed by a variable only the
//! shell has), shell-only variables ranked by how likely each is the
//! cause, and the exact error Claude Desktop's Node shows for a stdout
//! line that is not JSON. The servers are scripted (`tests/servers/`);
//! their stderr is what the real tools print, captured from them.

use std::process::Command;

use serde_json::Value;

use crate::probe::{Fixture, python};
use crate::support;

/// Skip (loudly) when python3 is missing.
fn have_python() -> bool {
    if python().is_none() {
        eprintln!("SKIPPED: python3 not found; the scripted servers need it");
        return false;
    }
    true
}

/// The servers of a `--json` run, by name.
fn server<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["servers"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == name))
        .unwrap_or_else(|| panic!("no server {name} in {doc:#}"))
}

fn field<'a>(doc: &'a Value, name: &str, key: &str) -> &'a str {
    server(doc, name)[key].as_str().unwrap_or_default()
}

#[test]
fn the_headline_quotes_the_line_with_the_cause_not_the_boilerplate_after_it() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.py("npm-404", "says.py", &["npm-404"])
        .py("docker-run", "says.py", &["docker-daemon"])
        .py("node-app", "says.py", &["node-missing"]);
    let args = ["--timeout", "5", "--jobs", "3"];
    let [_, json] = text_and_json!("headline_cause", fx.sb, &args, |a| fx.launch(a));
    fx.assert_none_survive();
    let doc = json.json();
    for (name, cause) in [
        (
            "npm-404",
            "its stderr says: npm error 404 Not Found - GET https://registry.npmjs.org/",
        ),
        (
            "docker-run",
            "its stderr says: docker: Cannot connect to the Docker daemon",
        ),
        (
            "node-app",
            "its stderr says: Error: Cannot find module '/Users/ann/mcp/weather/build/index.js'",
        ),
    ] {
        let message = field(&doc, name, "message");
        assert!(message.contains(cause), "{name}: {message}");
        let tail = server(&doc, name)["stderr_tail"]
            .as_array()
            .map_or(0, Vec::len);
        assert!(tail > 1, "{name}: the tail is still there");
    }
}

#[test]
fn known_causes_get_their_own_hint() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.py("npx-no-yes", "says.py", &["npx-no-yes"])
        .py("mcp-v1", "fastmcp_v1.py", &[])
        .py("gives-up", "gives_up.py", &[]);
    let args = ["--timeout", "5", "--jobs", "3"];
    let [_, json] = text_and_json!("known_causes", fx.sb, &args, |a| fx.launch(a));
    fx.assert_none_survive();
    let doc = json.json();
    assert!(field(&doc, "npx-no-yes", "hint").contains("add \"-y\" to args"));
    assert!(field(&doc, "mcp-v1", "hint").contains("pin `mcp<2`"));
    let gave_up = field(&doc, "gives-up", "hint");
    assert!(
        gave_up.starts_with("it started, then gave up on its own (exit code 0)"),
        "{gave_up}"
    );
    assert!(gave_up.contains("stations.toml not found"), "{gave_up}");
    assert!(!gave_up.contains("may not be an MCP server"), "{gave_up}");
}

/// `python -m mcp_srv` where `mcp_srv/` is only in the folder mcpctl runs
/// in: the app starts servers in `/`, so Python does not find it there.
/// The hint says so and names both fixes (PYTHONPATH, `uv run
/// --directory`), not "the Python that runs it lacks a module"; a module
/// missing everywhere keeps that one.
#[test]
fn a_module_found_only_from_the_current_folder_is_named_as_such() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.sb
        .write("work/mcp_srv/__main__.py", "import sys\nsys.exit(0)\n");
    let py = crate::probe::python().expect("python3").to_string();
    let args = |m: &str| vec!["-m".to_string(), m.to_string()];
    fx.raw("here", &py, &args("mcp_srv"))
        .raw("nowhere", &py, &args("mcpctl_no_such_module"));
    let out = fx
        .sb
        .run(&mut fx.launch(&["--json", "--timeout", "10", "--jobs", "2"]));
    assert_eq!(out.code, Some(1), "{}", out.all());
    let doc = out.json();
    assert_eq!(field(&doc, "here", "verdict"), "exited-early", "{doc:#}");
    let hint = field(&doc, "here", "hint");
    let folder = fx.sb.work();
    let name = folder.file_name().and_then(|n| n.to_str()).expect("a name");
    assert!(hint.starts_with("`mcp_srv` is found only from "), "{hint}");
    assert!(
        hint.contains(
            "the folder you ran mcpctl in (for `-m`, Python looks in the working folder)"
        ),
        "{hint}"
    );
    assert!(
        hint.contains(r#"keep "args": ["-m", "mcp_srv"] and add "env": {"PYTHONPATH": "#),
        "{hint}"
    );
    assert!(hint.contains("`uv run --directory "), "{hint}");
    assert!(hint.contains(" python -m mcp_srv`"), "{hint}");
    assert!(hint.contains(name), "{name} in {hint}");
    assert!(!hint.contains("lacks a module"), "{hint}");
    assert!(
        field(&doc, "nowhere", "hint").starts_with("the Python that runs it lacks a module"),
        "{doc:#}"
    );
}

/// A real TLS failure on 127.0.0.1: the server's own fetch fails without
/// the test CA, which only the shell names (`SSL_CERT_FILE`).
#[test]
fn a_tls_failure_names_the_certificate_variable_only_the_shell_has() {
    if !have_python() {
        return;
    }
    let ca = support::repo()
        .join("tests")
        .join("fixtures")
        .join("tls")
        .join("ca.pem");
    let mut fx = Fixture::new();
    fx.py("tls-fetch", "tls_fetch.py", &[]);
    let launch = |a: &[&str]| {
        let mut cmd = fx.launch(a);
        cmd.env("SSL_CERT_FILE", &ca);
        cmd
    };
    let [_, json] = text_and_json!("tls_shell_variable", fx.sb, &["--timeout", "10"], launch);
    fx.assert_none_survive();
    let doc = json.json();
    assert_eq!(
        crate::support::unconfigured(field(&doc, "tls-fetch", "hint")),
        "`mcpctl env tls-fetch SSL_CERT_FILE` copies it from your shell into this server's \"env\" \
(Claude Desktop does not pass your shell's variables to servers)"
    );
    // Without the variable anywhere, the hint says which ones fix it.
    let out = fx.sb.run(&mut fx.launch(&["--json", "--timeout", "10"]));
    let hint = field(&out.json(), "tls-fetch", "hint").to_string();
    assert!(hint.starts_with("a TLS certificate check failed"), "{hint}");
    assert!(hint.contains("SSL_CERT_FILE"), "{hint}");
}

#[test]
fn shell_only_variables_are_ranked_and_mcpctls_own_are_left_out() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.py("widget", "needs_mode.py", &[]);
    let config = fx.config();
    let launch = |a: &[&str]| -> Command {
        let mut cmd = fx.launch_config(&config, a);
        cmd.env("WIDGET_MODE", "on")
            .env("AAA_COLOR", "blue")
            .env("NODE_OPTIONS", "--max-old-space-size=4096")
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("MCPCTL_CONFIG", &config);
        cmd
    };
    let [_, json] = text_and_json!("ranked_variables", fx.sb, &["--timeout", "5"], launch);
    fx.assert_none_survive();
    let doc = json.json();
    let cmp = &server(&doc, "widget")["shell_comparison"];
    assert_eq!(
        cmp["shell_only_vars"],
        serde_json::json!(["HTTPS_PROXY", "NODE_OPTIONS", "AAA_COLOR", "WIDGET_MODE"])
    );
}

#[test]
fn non_json_stdout_quotes_what_claude_desktops_node_says() {
    if !have_python() {
        return;
    }
    let mut fx = Fixture::new();
    fx.py("logging-basic", "logs_to_stdout.py", &["basic"])
        .py("logging-asctime", "logs_to_stdout.py", &["asctime"])
        .py("count", "print_first.py", &["42 tools loaded"]);
    let args = ["--timeout", "5", "--jobs", "3"];
    let [_, json] = text_and_json!("node_json_errors", fx.sb, &args, |a| fx.launch(a));
    fx.assert_none_survive();
    let doc = json.json();
    for (name, node) in [
        (
            "logging-basic",
            "(Claude Desktop: Unexpected token 'I', \"INFO:weath\"... is not valid JSON)",
        ),
        (
            "logging-asctime",
            "(Claude Desktop: Unexpected non-whitespace character after JSON at position 4 \
(line 1 column 5))",
        ),
        (
            "count",
            "(Claude Desktop: Unexpected non-whitespace character after JSON at position 3 \
(line 1 column 4))",
        ),
    ] {
        let message = field(&doc, name, "message");
        assert!(message.ends_with(node), "{name}: {message}");
    }
    for name in ["logging-basic", "logging-asctime"] {
        assert_eq!(field(&doc, name, "stdout_kind"), "log-record");
        assert!(field(&doc, name, "hint").starts_with("Python's `logging` writes to stdout"));
    }
}

/// A JSON logger's record on stdout (pino, winston) is no JSON-RPC message
/// gone wrong: non-protocol-output, a log record, with the logger's hint;
/// no reply is counted.
#[cfg(unix)]
#[test]
fn a_json_log_record_on_stdout_is_named_as_one() {
    let mut fx = Fixture::new();
    let line = r#"{"level":30,"time":1764400000000,"msg":"server listening"}"#;
    fx.sh(
        "pino",
        &format!("echo '{line}'\nexec '{}'", support::example_server()),
    );
    let out = fx
        .sb
        .run(&mut fx.launch(&["--json", "--lane", "chat", "--timeout", "10"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let doc = out.json();
    let s = server(&doc, "pino");
    assert_eq!(s["verdict"], "non-protocol-output", "{s}");
    assert_eq!(s["stdout_kind"], "log-record", "{s}");
    assert_eq!(s["stdout_line"], line, "{s}");
    assert_eq!(s["timings_ms"]["first_reply"], Value::Null, "{s}");
    assert!(
        field(&doc, "pino", "hint").contains("winston or pino"),
        "{s}"
    );
    fx.assert_none_survive();
}

/// A token nothing in the config names (one the server got by signing
/// in, say) is masked by its shape where the server's stderr is quoted:
/// text, JSON and JUnit.
#[cfg(unix)]
#[test]
fn a_token_on_stderr_is_masked_by_its_shape() {
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl";
    let mut fx = Fixture::new();
    fx.sh(
        "leaky",
        &format!("echo 'auth failed: Authorization: Bearer {TOKEN}' >&2\nexit 1"),
    );
    let junit = fx.sb.work().join("r.xml");
    let out = fx.sb.run(&mut fx.launch(&[
        "--lane",
        "chat",
        "--timeout",
        "10",
        "--junit",
        junit.to_str().unwrap(),
    ]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("Bearer ****"), "{out:?}");
    assert!(!out.all().contains(TOKEN), "{out:?}");
    assert!(!std::fs::read_to_string(&junit).unwrap().contains(TOKEN));
    let out = fx
        .sb
        .run(&mut fx.launch(&["--json", "--lane", "chat", "--timeout", "10"]));
    assert!(!out.all().contains(TOKEN), "{out:?}");
    fx.assert_none_survive();
}

/// A server's last words on stderr, written without a newline before it
/// exits, are quoted: not "it wrote nothing to stderr".
#[cfg(unix)]
#[test]
fn a_last_stderr_line_without_a_newline_is_quoted() {
    let mut fx = Fixture::new();
    fx.sh("terse", "printf 'fatal: missing API_KEY' >&2\nexit 1");
    let out = fx
        .sb
        .run(&mut fx.launch(&["--json", "--lane", "chat", "--timeout", "10"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let s = server(&out.json(), "terse").clone();
    assert_eq!(
        s["stderr_tail"],
        serde_json::json!(["fatal: missing API_KEY"]),
        "{s:#}"
    );
    let text = fx
        .sb
        .run(&mut fx.launch(&["--lane", "chat", "--timeout", "10"]));
    assert!(text.stdout.contains("fatal: missing API_KEY"), "{text:?}");
    assert!(!text.stdout.contains("wrote nothing"), "{text:?}");
    fx.assert_none_survive();
}

/// A failing server re-run in the shell's environment may print a secret
/// only the shell holds: it is masked there too (text and JSON), as the
/// config's own secrets are, unless --show-secrets.
#[cfg(unix)]
#[test]
fn a_secret_only_the_shell_holds_is_masked_in_the_re_runs_words() {
    let mut fx = Fixture::new();
    fx.sh(
        "echo-token",
        "echo \"MY_API_TOKEN is ${MY_API_TOKEN:-unset}\" >&2\nexit 1",
    );
    let run = |args: &[&str]| {
        let mut cmd = fx.launch(args);
        cmd.env("MY_API_TOKEN", "hunter2pw-s3cr3t");
        fx.sb.run(&mut cmd)
    };
    for args in [
        &["--timeout", "5"][..],
        &["--json", "--shell-env", "--timeout", "5"],
    ] {
        let out = run(args);
        assert_eq!(out.code, Some(1), "{out:?}");
        assert!(out.all().contains("MY_API_TOKEN is"), "{}", out.all());
        assert!(!out.all().contains("hunter2pw"), "{}", out.all());
    }
    let out = run(&["--show-secrets", "--timeout", "5"]);
    assert!(out.all().contains("hunter2pw-s3cr3t"), "{}", out.all());
    fx.assert_none_survive();
}
