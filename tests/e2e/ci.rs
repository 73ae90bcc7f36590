//! mcpctl in CI and scripts (issue 14), end to end on the repo's fixture
//! server (`mcpctl-example-server`, rmcp):
//! - `test-launch -- COMMAND [ARGS...]`: one server from the command line,
//!   no config file, with `--env`, `--name`, the app's environment, verdicts,
//!   exit codes and `--json`;
//! - `--junit FILE`: the XML parsed and its structure checked against the
//!   common JUnit XSD's attributes (`testsuite`/`testcase`/`failure`);
//! - `--format github`: the workflow commands, snapshotted;
//! - `add --env KEY`: the value from mcpctl's environment, never echoed.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::real_servers::installed;
use crate::support::procs::{self, MARKER_VAR};
use crate::support::{self, Sandbox, homes};

/// The config file of the sandbox's work folder.
fn config(sb: &Sandbox, doc: &Value) -> PathBuf {
    let text = serde_json::to_string_pretty(doc).expect("serialize config");
    sb.write(sb.work().join("claude_desktop_config.json"), text)
}

/// `mcpctl --config claude_desktop_config.json` (the work folder's).
fn with_config(sb: &Sandbox) -> Command {
    let mut cmd = sb.mcpctl();
    cmd.args(["--config", "claude_desktop_config.json"]);
    cmd
}

/// `mcpctl test-launch ARGS... -- EXAMPLE_SERVER SERVER_ARGS...`, no config.
fn ad_hoc(sb: &Sandbox, args: &[&str], server_args: &[&str]) -> Command {
    let mut cmd = sb.mcpctl();
    cmd.arg("test-launch")
        .args(args)
        .arg("--")
        .arg(support::example_server())
        .args(server_args);
    cmd
}

/// The JUnit report at `path`, parsed (panics showing it when it is not XML).
fn junit(path: &Path) -> String {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    if let Err(e) = roxmltree::Document::parse(&text) {
        panic!("not XML ({e}):\n{text}");
    }
    text
}

/// The structure of a JUnit document as the common XSD has it: a
/// `testsuites` root holding `testsuite`s whose `tests`/`failures`/
/// `errors`/`skipped` count their `testcase`s, each with `name`,
/// `classname` and a `time` in seconds, a failure with `message` and
/// `type`. Returns each test case as (name, failure type or "", system-err).
fn check_junit(text: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(text).expect("XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites", "{text}");
    let number = |n: roxmltree::Node, a: &str| -> f64 {
        n.attribute(a)
            .unwrap_or_else(|| panic!("<{}> has no {a}: {text}", n.tag_name().name()))
            .parse()
            .unwrap_or_else(|_| panic!("{a} is not a number: {text}"))
    };
    let mut cases = Vec::new();
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert!(!suites.is_empty(), "{text}");
    for suite in suites {
        assert_eq!(suite.tag_name().name(), "testsuite");
        assert!(suite.attribute("name").is_some_and(|n| !n.is_empty()));
        assert!(number(suite, "time") >= 0.0);
        let tcs: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
        let mut failures = 0.0;
        let mut skipped = 0.0;
        for tc in &tcs {
            assert_eq!(tc.tag_name().name(), "testcase", "{text}");
            assert!(tc.attribute("name").is_some_and(|n| !n.is_empty()));
            assert!(tc.attribute("classname").is_some_and(|n| !n.is_empty()));
            assert!(number(*tc, "time") >= 0.0);
            let mut kind = String::new();
            let mut err = String::new();
            for child in tc.children().filter(|n| n.is_element()) {
                match child.tag_name().name() {
                    "failure" => {
                        failures += 1.0;
                        assert!(child.attribute("message").is_some(), "{text}");
                        kind = child.attribute("type").expect("failure type").to_string();
                    }
                    "skipped" => skipped += 1.0,
                    "system-err" => err = child.text().unwrap_or_default().to_string(),
                    other => panic!("unexpected <{other}> in a testcase: {text}"),
                }
            }
            cases.push((tc.attribute("name").unwrap().to_string(), kind, err));
        }
        assert_eq!(number(suite, "tests"), tcs.len() as f64, "{text}");
        assert_eq!(number(suite, "failures"), failures, "{text}");
        assert_eq!(number(suite, "skipped"), skipped, "{text}");
        assert_eq!(number(suite, "errors"), 0.0, "{text}");
    }
    cases
}

fn assert_no_survivors(marker: &str) {
    let left = procs::survivors_after(None, Some(marker));
    assert!(left.is_empty(), "processes outlived mcpctl: {left:#?}");
}

// ---------------------------------------------------------------- test-launch -- COMMAND

#[test]
fn a_server_on_the_command_line_needs_no_config() {
    let sb = Sandbox::new();
    let marker = procs::marker("adhoc-ok");
    sb.name(&marker, "[MARKER]");
    let env = format!("{MARKER_VAR}={marker}");
    if cfg!(unix) {
        // the text shows the Linux profile
        let text = mcpctl_snapshot!(
            "adhoc_text",
            sb,
            &mut ad_hoc(&sb, &["--timeout", "30", "--env", &env], &[])
        );
        assert_eq!(text.code, Some(0), "{text:?}");
    }
    let out = sb.run(&mut ad_hoc(
        &sb,
        &["--json", "--timeout", "30", "--env", &env],
        &[],
    ));
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["config"], "the command line");
    assert_eq!(doc["servers"][0]["name"], "mcpctl-example-server");
    assert_eq!(doc["servers"][0]["verdict"], "ok");
    assert_eq!(doc["env_mode"], "app");
    let app_cwd = if cfg!(windows) { "C:\\" } else { "/" };
    assert_eq!(
        doc["cwd_used"], app_cwd,
        "launched from where the app starts servers"
    );
    assert_eq!(doc["summary"]["total"], 1);
    assert!(!sb.home().join(".config").exists(), "no config was made");
    assert_no_survivors(&marker);
}

#[test]
fn a_failing_server_on_the_command_line_exits_1_with_its_verdict() {
    let sb = Sandbox::new();
    let out = sb.run(&mut ad_hoc(
        &sb,
        &["--json", "--timeout", "30", "--name", "needs-key"],
        &["--require-env", "EXAMPLE_API_KEY"],
    ));
    assert_eq!(out.code, Some(1), "{out:?}");
    let s = &out.json()["servers"][0];
    assert_eq!(s["name"], "needs-key");
    assert_eq!(s["verdict"], "exited-early", "{s:#}");
    // --shell-env: the shell's variable reaches the server
    let mut cmd = ad_hoc(
        &sb,
        &["--json", "--timeout", "30", "--shell-env"],
        &["--require-env", "EXAMPLE_API_KEY"],
    );
    cmd.env("EXAMPLE_API_KEY", "sk-shell-0123456789");
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.json()["env_mode"], "shell");
}

/// `--env KEY` takes the value from mcpctl's environment; it is masked.
#[test]
fn env_from_mcpctls_environment_reaches_the_server_and_stays_masked() {
    let sb = Sandbox::new();
    let mut cmd = ad_hoc(
        &sb,
        &["--timeout", "30", "--env", "EXAMPLE_API_KEY"],
        &["--require-env", "EXAMPLE_API_KEY"],
    );
    cmd.env("EXAMPLE_API_KEY", "sk-live-0123456789");
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains("sk-live-0123456789"), "{out:?}");
    // not set: a usage error naming it
    let out = mcpctl_snapshot!(
        "adhoc_env_missing",
        sb,
        &mut ad_hoc(&sb, &["--env", "EXAMPLE_API_KEY"], &[])
    );
    assert_eq!(out.code, Some(2));
}

/// A relative command is what the user means from here, not from `/`.
#[test]
fn a_relative_command_is_launched_from_where_it_was_typed() {
    let sb = Sandbox::new();
    let exe = format!("my-server{}", std::env::consts::EXE_SUFFIX);
    std::fs::copy(support::example_server(), sb.work().join(&exe)).expect("copy server");
    let mut cmd = sb.mcpctl();
    cmd.args(["--json", "test-launch", "--timeout", "30", "--"])
        .arg(Path::new(".").join(&exe));
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    let s = &out.json()["servers"][0];
    assert_eq!(s["name"], "my-server");
    let command = s["command"].as_str().unwrap_or_default();
    assert!(Path::new(command).is_absolute(), "{s:#}");
}

#[test]
fn command_line_usage_errors_exit_2() {
    let sb = Sandbox::new();
    for args in [
        &["test-launch", "memory", "--", "x"][..],
        &["test-launch", "--env", "A=1"][..],
        &["test-launch", "--name", "x"][..],
    ] {
        let out = sb.run(sb.mcpctl().args(args));
        assert_eq!(out.code, Some(2), "{out:?}");
    }
}

/// The official reference servers from the command line: PyPI's
/// `mcp-server-time` (a self-contained venv) and npm's `server-everything`
/// under an absolute `node`, as a server's CI would write them.
#[test]
fn reference_servers_on_the_command_line() {
    let test = "reference_servers_on_the_command_line";
    if let Some(inst) = installed(test, "python3", |i| vec![i.time_bin()]) {
        let sb = Sandbox::new();
        let mut cmd = sb.mcpctl();
        cmd.args(["--json", "test-launch", "--timeout", "60", "--"])
            .arg(inst.time_bin());
        let out = sb.run(&mut cmd);
        assert_eq!(out.code, Some(0), "{out:?}");
        let s = &out.json()["servers"][0];
        assert_eq!(
            (s["name"].as_str(), s["verdict"].as_str()),
            (Some("mcp-server-time"), Some("ok"))
        );
    }
    if let Some(inst) = installed(test, "node", |i| vec![i.everything_js()]) {
        let sb = Sandbox::new();
        let node = support::on_path("node").expect("node");
        let xml = sb.work().join("r.xml");
        let mut cmd = sb.mcpctl();
        // the chat lane: its draft-07 outputSchema fails the cowork lane
        cmd.args([
            "test-launch",
            "--lane",
            "chat",
            "--timeout",
            "60",
            "--junit",
        ])
        .arg(&xml)
        .args(["--name", "everything", "--"])
        .arg(node)
        .arg(inst.everything_js())
        .arg("stdio");
        let out = sb.run(&mut cmd);
        assert_eq!(out.code, Some(0), "{out:?}");
        let cases = check_junit(&junit(&xml));
        assert_eq!(cases.len(), 1);
        assert_eq!(
            (cases[0].0.as_str(), cases[0].1.as_str()),
            ("everything", "")
        );
    }
}

// ---------------------------------------------------------------- --junit

#[test]
fn junit_has_a_testcase_per_server_with_its_verdict() {
    let sb = Sandbox::new();
    let marker = procs::marker("junit");
    config(
        &sb,
        &json!({"mcpServers": {
            "good": {"command": support::example_server(), "env": {MARKER_VAR: &marker}},
            "needs-key": {
                "command": support::example_server(),
                "args": ["--require-env", "EXAMPLE_API_KEY"],
                "env": {MARKER_VAR: &marker},
            },
            "missing": {"command": "/nonexistent/server"},
        }}),
    );
    let file = sb.work().join("report.xml");
    let out =
        sb.run(with_config(&sb).args(["test-launch", "--timeout", "30", "--junit", "report.xml"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let cases = check_junit(&junit(&file));
    let kinds: Vec<(&str, &str)> = cases
        .iter()
        .map(|(n, k, _)| (n.as_str(), k.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("good", ""),
            ("needs-key", "exited-early"),
            ("missing", "command-not-found")
        ]
    );
    assert!(
        cases[1].2.contains("EXAMPLE_API_KEY is not set"),
        "stderr tail in <system-err>: {cases:?}"
    );
    assert_no_survivors(&marker);
}

/// Control characters a server prints cannot make the XML invalid.
#[cfg(unix)]
#[test]
fn junit_survives_control_characters_and_markup_in_stderr() {
    let sb = Sandbox::new();
    let server = sb.script(
        "work/noisy",
        r#"printf '\033[31mboom\001 </system-err> & "quotes"\n' >&2; exit 3"#,
    );
    let out = sb.run(
        sb.mcpctl()
            .args(["test-launch", "--junit", "r.xml", "--"])
            .arg(&server),
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    let text = junit(&sb.work().join("r.xml"));
    let cases = check_junit(&text);
    assert_eq!(cases[0].0, "noisy");
    assert_eq!(cases[0].1, "exited-early");
    assert!(
        cases[0]
            .2
            .contains(r#"\u{1b}[31mboom\u{1} </system-err> & "quotes""#),
        "{text}"
    );
}

#[test]
fn junit_to_a_folder_that_does_not_exist_is_an_error_naming_it() {
    let sb = Sandbox::new();
    let out = sb.run(&mut ad_hoc(
        &sb,
        &["--timeout", "30", "--junit", "no/such/dir/r.xml"],
        &[],
    ));
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("no/such/dir/r.xml"), "{out:?}");
}

#[test]
fn validate_junit_has_a_testcase_per_server_and_one_for_the_file() {
    let sb = Sandbox::new();
    let server = serde_json::to_string(support::example_server()).unwrap();
    sb.write(
        sb.work().join("claude_desktop_config.json"),
        format!(
            "{{\n  \"mcpServers\": {{\n    \"ok\": {{\"command\": {server}}},\n    \"bad\": {{\"command\": 3}}\n  }},\n}}\n"
        ),
    );
    let out = sb.run(with_config(&sb).args(["validate", "--junit", "v.xml"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let cases = check_junit(&junit(&sb.work().join("v.xml")));
    let names: Vec<&str> = cases.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["(config file)", "ok", "bad"], "{cases:?}");
    assert_eq!(cases[0].1, "trailing-comma", "{cases:?}");
    assert_eq!(cases[1].1, "", "{cases:?}");
    assert!(!cases[2].1.is_empty(), "{cases:?}");
}

/// `--extensions`: each manifest is a test case, and its diagnostics are
/// annotated at their place in the manifest.
#[test]
fn validate_extensions_junit_and_github_name_the_manifest() {
    let sb = Sandbox::new();
    let config = homes::copy_home(&sb, "macos");
    let mut cmd = sb.mcpctl();
    cmd.arg("--config").arg(&config).args([
        "validate",
        "--extensions",
        "--junit",
        "v.xml",
        "--format",
        "github",
    ]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout.lines().any(|l| l.starts_with("::error file=")
            && l.contains("manifest.json,line=19,col=15,")
            && l.contains("title=mcpctl%3A manifest-wrong-type::")),
        "{out:?}"
    );
    let cases = check_junit(&junit(&sb.work().join("v.xml")));
    let bad = cases
        .iter()
        .find(|c| c.0 == "local.mcpctl.no-settings")
        .unwrap_or_else(|| panic!("no case for the manifest: {cases:?}"));
    assert_eq!(bad.1, "manifest-wrong-type");
}

// ---------------------------------------------------------------- --format github

/// Unix only: the snapshot shows the Linux profile and `/` paths.
#[cfg(unix)]
#[test]
fn github_annotations_for_config_diagnostics_and_failing_servers() {
    let sb = Sandbox::new();
    sb.write(
        sb.work().join("claude_desktop_config.json"),
        format!(
            "{{\n  \"mcpServers\": {{\n    \"good\": {{\"command\": {}}},\n    \"missing\": {{\"command\": \"/nonexistent/server\"}},\n  }}\n}}\n",
            serde_json::to_string(support::example_server()).unwrap()
        ),
    );
    let out = mcpctl_snapshot!(
        "github_validate",
        sb,
        with_config(&sb).args(["validate", "--format", "github"])
    );
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .contains("::error file=claude_desktop_config.json,line=4,col=50,"),
        "{out:?}"
    );
    let out = mcpctl_snapshot!(
        "github_test_launch",
        sb,
        with_config(&sb).args(["test-launch", "--timeout", "30", "--format", "github"])
    );
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .contains("::error file=claude_desktop_config.json,line=4,col=5,title=mcpctl test-launch%3A server missing::command-not-found"),
        "{out:?}"
    );
    // with --json the document stays whole on stdout, the commands go to stderr
    let out = sb.run(with_config(&sb).args([
        "--json",
        "test-launch",
        "--timeout",
        "30",
        "--format",
        "github",
    ]));
    assert_eq!(out.json()["summary"]["failed"], 1);
    assert!(out.stderr.contains("::error file="), "{out:?}");
    // --format json is --json
    let out = sb.run(with_config(&sb).args(["validate", "--format", "json"]));
    assert_eq!(out.json()["errors"], 1, "{out:?}");
}

/// Unix only: the snapshot shows the Linux profile and `/` paths.
#[cfg(unix)]
#[test]
fn github_annotation_for_a_server_on_the_command_line() {
    let sb = Sandbox::new();
    let out = mcpctl_snapshot!(
        "github_adhoc",
        sb,
        &mut ad_hoc(
            &sb,
            &[
                "--timeout",
                "30",
                "--format",
                "github",
                "--name",
                "needs-key"
            ],
            &["--require-env", "EXAMPLE_API_KEY"],
        )
    );
    assert_eq!(out.code, Some(1));
}

// ---------------------------------------------------------------- add --env KEY

/// Unix only: the snapshot shows the Linux profile and `/` paths.
#[cfg(unix)]
#[test]
fn add_env_key_takes_the_value_from_the_environment_and_never_shows_it() {
    let sb = Sandbox::new();
    // the test's own command line holds it; mcpctl's output is checked below
    sb.name("sk-from-env-0123456789", "[SECRET]");
    let cfg = config(&sb, &json!({"mcpServers": {}}));
    let add = |extra: &[&str]| {
        let mut cmd = sb.mcpctl();
        cmd.arg("--config")
            .arg(&cfg)
            .args(["add", "svc", "--env", "API_TOKEN"])
            .args(extra)
            .arg("--")
            .arg(support::example_server());
        cmd.env("API_TOKEN", "sk-from-env-0123456789");
        cmd
    };
    let dry = mcpctl_snapshot!(
        "add_env_from_environment_dry_run",
        sb,
        &mut add(&["--dry-run"])
    );
    assert_eq!(dry.code, Some(0));
    let json = sb.run(&mut add(&["--json"]));
    assert_eq!(json.code, Some(0), "{json:?}");
    for out in [&dry, &json] {
        assert!(!out.all().contains("sk-from-env-0123456789"), "{out:?}");
    }
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&cfg).expect("read config")).unwrap();
    assert_eq!(
        saved["mcpServers"]["svc"]["env"]["API_TOKEN"],
        "sk-from-env-0123456789"
    );
    // not set: exit 2 naming it, nothing written
    let before = std::fs::read_to_string(&cfg).unwrap();
    let mut cmd = sb.mcpctl();
    cmd.arg("--config").arg(&cfg).args([
        "add",
        "other",
        "--env",
        "MISSING_TOKEN",
        "--",
        support::example_server(),
    ]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("MISSING_TOKEN is not set"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), before);
}
