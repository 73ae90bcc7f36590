//! mcpctl in CI and scripts (issue 14), end to end on the repo's fixture
//! server (`mcpctl-example-server`, rmcp):
//! - `test-launch -- COMMAND [ARGS...]`: one server from the command line,
//!   no config file, with `--env`, `--name`, the app's environment, verdicts,
//!   exit codes and `--json`;
//! - `--junit FILE`: every report validated by xmllint against the JUnit
//!   schema the common CI viewers read (tests/fixtures/junit/junit.xsd), and
//!   its counts, names and failures checked case by case;
//! - `--format github`: the workflow commands, snapshotted;
//! - both for `doctor`: the file, each entry and each lane;
//! - `add --env KEY`: the value from mcpctl's environment, never echoed.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::real_servers::installed;
use crate::support::procs::{self, MARKER_VAR};
use crate::support::{self, Sandbox, homes};

/// An absolute path (on Windows one with a drive) to nothing, as a JSON
/// string.
const MISSING: &str = if cfg!(windows) {
    r#""C:\\nonexistent\\server""#
} else {
    r#""/nonexistent/server""#
};

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
/// `type`, names unique within a suite. Returns each test case as (name,
/// failure type or "", system-err).
fn check_junit(text: &str) -> Vec<(String, String, String)> {
    if let Err(e) = against_xsd(text) {
        panic!("{e}");
    }
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
        let mut names: Vec<&str> = tcs.iter().filter_map(|t| t.attribute("name")).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), tcs.len(), "test case names repeat: {text}");
        assert_eq!(number(suite, "tests"), tcs.len() as f64, "{text}");
        assert_eq!(number(suite, "failures"), failures, "{text}");
        assert_eq!(number(suite, "skipped"), skipped, "{text}");
        assert_eq!(number(suite, "errors"), 0.0, "{text}");
    }
    cases
}

/// The JUnit schema of the common CI viewers (tests/fixtures/junit/junit.xsd).
fn junit_xsd() -> PathBuf {
    support::repo().join("tests/fixtures/junit/junit.xsd")
}

/// `text` validated against [`junit_xsd`] by xmllint (libxml2's validator;
/// scripts/install-test-servers.sh installs it). Without xmllint: a counted
/// skip of this part of the check, `Ok`.
fn against_xsd(text: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.xml");
    std::fs::write(&file, text).expect("write report");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(junit_xsd())
        .arg(&file)
        .output();
    match out {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            support::skip(
                "xmllint",
                "xmllint not found: the JUnit file was not validated against the XSD",
            );
            Ok(())
        }
        Err(e) => Err(format!("xmllint: {e}")),
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "not valid against {}:\n{}\n{text}",
            junit_xsd().display(),
            String::from_utf8_lossy(&o.stderr)
        )),
    }
}

/// The schema check can fail: what viewers reject, it rejects (a case
/// without a name, a repeated name, a count that is not a number).
/// `--junit` naming the config (or its disabled entries) is refused before
/// anything runs, by every command that writes one; so is a folder that
/// does not exist.
#[test]
fn a_junit_report_never_replaces_the_config() {
    let sb = Sandbox::new();
    let path = config(
        &sb,
        &json!({"mcpServers": {"a": {"command": "/nonexistent/server"}}}),
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for cmd in [
        &["test-launch"][..],
        &["doctor", "--no-launch"],
        &["validate"],
    ] {
        for (to, says) in [
            ("claude_desktop_config.json", "is the config itself"),
            (
                "mcpctl-disabled.json",
                "the file that keeps the disabled entries",
            ),
            ("no-such-folder/r.xml", "no folder no-such-folder"),
            (".", "it is a folder"),
        ] {
            let out = sb.run(with_config(&sb).args(cmd).args(["--junit", to]));
            assert_eq!(out.code, Some(2), "{cmd:?} {to}: {out:?}");
            assert!(out.stderr.contains(says), "{cmd:?} {to}: {out:?}");
            assert!(!out.stdout.contains("FAIL"), "ran first: {out:?}");
        }
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(!sb.work().join("mcpctl-disabled.json").exists());
}

/// A report never writes through a hard link into the config: it
/// replaces its own name (a temp file, then a rename), so the config keeps
/// every byte and the report is a file of its own.
#[cfg(unix)]
#[test]
fn a_junit_report_on_a_hard_link_to_the_config_leaves_the_config_whole() {
    let sb = Sandbox::new();
    let path = config(
        &sb,
        &json!({"mcpServers": {"a": {"command": "/nonexistent/server"}}}),
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let link = sb.work().join("hard.xml");
    std::fs::hard_link(&path, &link).unwrap();
    let out = sb.run(with_config(&sb).args(["validate", "--junit"]).arg(&link));
    assert!(matches!(out.code, Some(0 | 1)), "{out:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    check_junit(&junit(&link));
}

/// `test-launch` on a file the app cannot parse exits 1 even when every
/// server passes (they were launched from what mcpctl recovered): the
/// JUnit report fails too, on a `(config file)` case.
#[test]
fn junit_of_test_launch_fails_a_file_the_app_cannot_parse() {
    let sb = Sandbox::new();
    let server = serde_json::to_string(&support::example_server()).unwrap();
    sb.write(
        sb.work().join("claude_desktop_config.json"),
        format!("{{\"mcpServers\": {{\"ok\": {{\"command\": {server}}},}}}}"),
    );
    let report = sb.work().join("report.xml");
    let out = sb.run(
        with_config(&sb)
            .args(["test-launch", "--timeout", "30", "--junit"])
            .arg(&report),
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    let cases = check_junit(&junit(&report));
    assert_eq!(cases[0].0, "(config file)", "{cases:?}");
    assert_eq!(cases[0].1, "config-parse-error", "{cases:?}");
    assert!(cases[1..].iter().all(|c| c.1.is_empty()), "{cases:?}");
}

/// A config that names two servers alike (the app keeps the last) still
/// gives a report the JUnit schema accepts: case names are unique.
#[test]
fn two_servers_named_alike_give_a_valid_report() {
    let sb = Sandbox::new();
    sb.write(
        sb.work().join("claude_desktop_config.json"),
        "{\"mcpServers\":{\"a\":{\"command\":\"/nonexistent/x\"},\"a\":{\"command\":\"/nonexistent/x\",\"args\":[\"x\",]}}}",
    );
    let report = sb.work().join("report.xml");
    let out = sb.run(with_config(&sb).args(["validate", "--junit"]).arg(&report));
    assert_eq!(out.code, Some(1), "{out:?}");
    let text = junit(&report);
    assert!(text.contains("name=\"a (2)\""), "{text}");
    against_xsd(&text).unwrap();
}

#[test]
fn the_junit_schema_rejects_what_viewers_reject() {
    let good = r#"<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="a" classname="c" time="0.1"/></testsuite></testsuites>"#;
    if which::which("xmllint").is_err() {
        support::skip(
            "xmllint",
            "xmllint not found: the JUnit schema is not exercised",
        );
        return;
    }
    assert_eq!(against_xsd(good), Ok(()));
    for bad in [
        good.replace(r#" name="a""#, ""),
        good.replace(r#"<testcase name="a" classname="c" time="0.1"/>"#, r#"<testcase name="a" classname="c" time="0.1"/><testcase name="a" classname="c" time="0.1"/>"#),
        good.replace(r#"tests="1""#, r#"tests="one""#),
        good.replace("<testcase", "<case"),
    ] {
        assert!(against_xsd(&bad).is_err(), "accepted: {bad}");
    }
}

/// Each test case as (name, failure type or "").
fn kinds(cases: &[(String, String, String)]) -> Vec<(&str, &str)> {
    cases
        .iter()
        .map(|(n, k, _)| (n.as_str(), k.as_str()))
        .collect()
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
        assert_eq!(cases.len(), 1, "one lane checked: one case");
        assert_eq!(
            (cases[0].0.as_str(), cases[0].1.as_str()),
            ("everything (chat)", "")
        );
    }
}

// ---------------------------------------------------------------- --junit

/// A case per server and lane: the chat lane's verdict is the server's, the
/// cowork lane's its own (the era probe's sibling dies too when a variable
/// is missing), each with the stderr of the copy that failed.
#[test]
fn junit_has_a_testcase_per_server_and_lane_with_its_verdict() {
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
            "draft07": {
                "command": support::example_server(),
                "args": ["--draft07-output-schema"],
                "env": {MARKER_VAR: &marker},
            },
        }}),
    );
    let file = sb.work().join("report.xml");
    let out =
        sb.run(with_config(&sb).args(["test-launch", "--timeout", "30", "--junit", "report.xml"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let cases = check_junit(&junit(&file));
    let kinds = kinds(&cases);
    assert_eq!(
        kinds,
        [
            ("good (chat)", ""),
            ("good (cowork)", ""),
            ("needs-key (chat)", "exited-early"),
            ("needs-key (cowork)", "era-probe-failed"),
            ("missing (chat)", "command-not-found"),
            ("missing (cowork)", "command-not-found"),
            // chat accepts what cowork refuses: only its lane fails
            ("draft07 (chat)", ""),
            ("draft07 (cowork)", "bad-tool-schema"),
        ]
    );
    for case in &cases[2..4] {
        assert!(
            case.2.contains("EXAMPLE_API_KEY is not set"),
            "stderr tail in <system-err>: {cases:?}"
        );
    }
    // --lane chat: one case per server
    let out = sb.run(with_config(&sb).args([
        "test-launch",
        "--lane",
        "chat",
        "--timeout",
        "30",
        "--junit",
        "report.xml",
        "good",
    ]));
    assert_eq!(out.code, Some(0), "{out:?}");
    let cases = check_junit(&junit(&file));
    assert_eq!(cases.len(), 1, "{cases:?}");
    assert_eq!(cases[0].0, "good (chat)");
    assert_no_survivors(&marker);
}

/// Each test case's name and `time`, in seconds.
fn case_times(text: &str) -> Vec<(String, f64)> {
    let doc = roxmltree::Document::parse(text).expect("XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| {
            let time = n.attribute("time").and_then(|t| t.parse().ok());
            (
                n.attribute("name").unwrap_or_default().to_string(),
                time.unwrap_or_else(|| panic!("a testcase without a time: {text}")),
            )
        })
        .collect()
}

/// Each lane's case carries the time its own copies took: a server that
/// needs 0.3 s to start takes that in the chat lane and again in the
/// cowork lane (the era probe's sibling, which carries its conversation),
/// not 0 there.
#[test]
fn junit_gives_each_lane_its_own_time() {
    let sb = Sandbox::new();
    let out = sb.run(&mut ad_hoc(
        &sb,
        &["--timeout", "30", "--name", "slow", "--junit", "r.xml"],
        &["--slow-ms", "300"],
    ));
    assert_eq!(out.code, Some(0), "{out:?}");
    let text = junit(&sb.work().join("r.xml"));
    check_junit(&text);
    let times = case_times(&text);
    let names: Vec<&str> = times.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["slow (chat)", "slow (cowork)"], "{text}");
    assert!(times.iter().all(|(_, t)| *t >= 0.3), "{text}");
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
    assert_eq!(cases[0].0, "noisy (chat)");
    assert_eq!(cases[0].1, "exited-early");
    assert!(
        cases[0]
            .2
            .contains(r#"\u{1b}[31mboom\u{1} </system-err> & "quotes""#),
        "{text}"
    );
}

/// A remote server is judged in each lane on its one HTTP conversation: a
/// case per lane, as for a stdio server, each failing with the verdict.
#[test]
fn junit_for_a_remote_server_is_a_case_per_lane() {
    let sb = Sandbox::new();
    let url = sb.closed_local_url();
    let out = sb.run(sb.mcpctl().args([
        "test-launch",
        "--timeout",
        "10",
        "--junit",
        "r.xml",
        "--url",
        &url,
    ]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let cases = check_junit(&junit(&sb.work().join("r.xml")));
    assert_eq!(cases.len(), 2, "{cases:?}");
    assert_eq!(cases[0].0, format!("{url} (chat)"), "{cases:?}");
    assert_eq!(cases[1].0, format!("{url} (cowork)"), "{cases:?}");
    assert!(
        cases.iter().all(|c| c.1 == "refused"),
        "a failure in each: {cases:?}"
    );
    // one conversation: its time is the first lane's; the other lane had
    // no run of its own (docs/ci.md)
    let text = junit(&sb.work().join("r.xml"));
    assert_eq!(case_times(&text)[1].1, 0.0, "{text}");
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

/// A JUnit report that cannot be written (`/dev/full`: no space left) is
/// written before the report is printed: with `--json`, stdout holds one
/// document, the error (exit 2), not the report followed by the error.
/// `doctor --fix --yes` wrote its repairs first: the error says so.
#[cfg(target_os = "linux")]
#[test]
fn a_junit_report_that_cannot_be_written_leaves_one_json_document() {
    let sb = Sandbox::new();
    let path = config(
        &sb,
        &json!({"mcpServers": {"a": {"command": "/nonexistent/server"}}}),
    );
    for cmd in [
        &["validate"][..],
        &["test-launch", "--timeout", "30"],
        &["doctor", "--no-launch"],
    ] {
        for format in [&[][..], &["--format", "github"]] {
            let out = sb.run(
                with_config(&sb)
                    .arg("--json")
                    .args(cmd)
                    .args(format)
                    .args(["--junit", "/dev/full"]),
            );
            assert_eq!(out.code, Some(2), "{cmd:?} {format:?}: {out:?}");
            let doc = out.json();
            let message = doc["error"]["message"].as_str().unwrap_or_default();
            assert!(
                message.starts_with("cannot write the JUnit report to /dev/full: "),
                "{cmd:?} {format:?}: {out:?}"
            );
            assert_eq!(doc.as_object().map(|o| o.len()), Some(1), "{out:?}");
            assert!(!out.stderr.contains("::"), "no annotations: {out:?}");
        }
    }
    // a repair written before the report could be
    std::fs::write(&path, r#"{"mcpServers": {"a": {"command": "/bin/true"},}}"#).unwrap();
    let out = sb.run(with_config(&sb).args([
        "--json",
        "doctor",
        "--no-launch",
        "--fix",
        "--yes",
        "--junit",
        "/dev/full",
    ]));
    assert_eq!(out.code, Some(2), "{out:?}");
    let message = out.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("; the repairs were written to ")
            && message.contains("claude_desktop_config.json (backup: "),
        "{message}"
    );
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        serde_json::from_str::<Value>(&fixed).is_ok(),
        "repaired: {fixed}"
    );
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
            "{{\n  \"mcpServers\": {{\n    \"good\": {{\"command\": {}}},\n    \"missing\": {{\"command\": {MISSING}}},\n  }}\n}}\n",
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

// ---------------------------------------------------------------- doctor

/// The config of `doctor_*`: a trailing comma, a good server, one that
/// needs a variable, one only cowork refuses, one whose command is gone
/// (last: the trailing comma's column does not depend on where the
/// checkout is).
fn doctor_config(sb: &Sandbox, marker: &str) {
    let server = serde_json::to_string(support::example_server()).unwrap();
    let env = format!("{{\"{MARKER_VAR}\": \"{marker}\"}}");
    sb.write(
        sb.work().join("claude_desktop_config.json"),
        format!(
            "{{\n  \"mcpServers\": {{\n    \"good\": {{\"command\": {server}, \"env\": {env}}},\n    \
\"needs-key\": {{\"command\": {server}, \"args\": [\"--require-env\", \"EXAMPLE_API_KEY\"], \"env\": {env}}},\n    \
\"draft07\": {{\"command\": {server}, \"args\": [\"--draft07-output-schema\"], \"env\": {env}}},\n    \
\"missing\": {{\"command\": {MISSING}}},\n  }}\n}}\n"
        ),
    );
}

/// `doctor --junit`: a case for the file, and per server one for its entry
/// and one per lane; the suite counts them; the exit code is doctor's.
#[test]
fn doctor_junit_has_the_file_each_entry_and_each_lane() {
    let sb = Sandbox::new();
    let marker = procs::marker("doctor-junit");
    doctor_config(&sb, &marker);
    let out = sb.run(with_config(&sb).args(["doctor", "--timeout", "30", "--junit", "d.xml"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let cases = check_junit(&junit(&sb.work().join("d.xml")));
    let kinds = kinds(&cases);
    assert_eq!(
        kinds,
        [
            ("(config file)", "trailing-comma"),
            ("good (config)", ""),
            ("good (chat)", ""),
            ("good (cowork)", ""),
            ("needs-key (config)", ""),
            ("needs-key (chat)", "exited-early"),
            ("needs-key (cowork)", "era-probe-failed"),
            ("draft07 (config)", ""),
            ("draft07 (chat)", ""),
            ("draft07 (cowork)", "bad-tool-schema"),
            ("missing (config)", "command-missing"),
            ("missing (chat)", "command-not-found"),
            ("missing (cowork)", "command-not-found"),
        ]
    );
    assert!(
        cases[5].2.contains("EXAMPLE_API_KEY is not set"),
        "{cases:?}"
    );
    // --no-launch: the file and the entries only; --json keeps its document
    let out = sb.run(with_config(&sb).args([
        "doctor",
        "--no-launch",
        "--junit",
        "d.xml",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(out.json()["launched"], false);
    let cases = check_junit(&junit(&sb.work().join("d.xml")));
    let names: Vec<&str> = cases.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "(config file)",
            "good (config)",
            "needs-key (config)",
            "draft07 (config)",
            "missing (config)",
        ]
    );
    assert_no_survivors(&marker);
}

/// No config file: doctor exits 2, and says so in both outputs.
#[test]
fn doctor_without_a_config_fails_the_file_case() {
    let sb = Sandbox::new();
    let out = sb.run(with_config(&sb).args([
        "doctor",
        "--no-launch",
        "--junit",
        "d.xml",
        "--format",
        "github",
    ]));
    assert_eq!(out.code, Some(2), "{out:?}");
    let cases = check_junit(&junit(&sb.work().join("d.xml")));
    assert_eq!(kinds(&cases), [("(config file)", "not-read")]);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("::error title=mcpctl doctor::no config file at ")),
        "{out:?}"
    );
}

/// `doctor --format github`: every diagnostic at its place, every failing
/// server at its entry's name (a launch the diagnostic already explains is
/// not told twice). Unix only: `/` paths.
#[cfg(unix)]
#[test]
fn doctor_github_annotates_diagnostics_and_failing_servers_at_their_lines() {
    let sb = Sandbox::new();
    let marker = procs::marker("doctor-github");
    doctor_config(&sb, &marker);
    let out = sb.run(with_config(&sb).args(["doctor", "--timeout", "30", "--format", "github"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let annotations: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("::")).collect();
    text_snapshot!("github_doctor", sb, annotations.join("\n"));
    assert_eq!(annotations.len(), 4, "{annotations:#?}");
    assert!(annotations[0].starts_with("::error file=claude_desktop_config.json,line=6,col=50,"));
    assert!(annotations[1].starts_with(
        "::error file=claude_desktop_config.json,line=6,col=5,title=mcpctl%3A command-missing::"
    ));
    assert!(annotations[2].starts_with(
        "::error file=claude_desktop_config.json,line=4,col=5,title=mcpctl doctor%3A server needs-key::exited-early: "
    ));
    assert!(annotations[2].contains("%0Acowork: fails too (era-probe-failed)"));
    // only cowork fails: its verdict, named in the title (not chat's "ok")
    assert!(annotations[3].starts_with(
        "::error file=claude_desktop_config.json,line=5,col=5,title=mcpctl doctor%3A server draft07 (cowork)::bad-tool-schema: "
    ));
    // with --json the commands go to stderr
    let out =
        sb.run(with_config(&sb).args(["--json", "doctor", "--no-launch", "--format", "github"]));
    assert!(out.json()["summary"].is_object(), "{out:?}");
    assert_eq!(
        out.stderr
            .lines()
            .filter(|l| l.starts_with("::error"))
            .count(),
        2,
        "{out:?}"
    );
    assert_no_survivors(&marker);
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

/// validate's JUnit report goes through the output layer as the others
/// do: the commands its hints suggest carry `--config` (following one
/// acts on the checked file, not the app's).
#[test]
fn validate_junit_hints_carry_the_config() {
    let sb = Sandbox::new();
    config(
        &sb,
        &json!({"mcpServers": {"r": {"url": "https://mcp.example.com/mcp"}}}),
    );
    let report = sb.work().join("v.xml");
    let out = sb.run(with_config(&sb).args(["validate", "--junit"]).arg(&report));
    assert_eq!(out.code, Some(1), "{out:?}");
    let xml = std::fs::read_to_string(&report).expect("the report");
    assert!(
        xml.contains("mcpctl --config claude_desktop_config.json doctor --fix"),
        "{xml}"
    );
}
