//! `doctor --fix` round trips: what it shows and writes (snapshots of the
//! run and of the repaired file), the result validates, the backup holds
//! the original bytes, a second `--fix` changes nothing; `--dry-run` and a
//! missing `--yes` off a terminal write nothing; what cannot be repaired is
//! listed, not guessed.

use super::World;
use crate::support;

#[test]
fn fix_repairs_syntax_and_the_key_keeps_a_backup_and_is_idempotent() {
    let w = World::new();
    let original = w.write_fixture("broken-syntax.json", &[]);
    mcpctl_snapshot!(
        "syntax_fixed",
        w.sb,
        &mut w.doctor(&["--no-launch", "--fix", "--yes"])
    );

    // the result is strict JSON that validate accepts, with the app's own
    // key untouched
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    text_snapshot!("syntax_fixed_file", w.sb, &fixed);
    let v: serde_json::Value = serde_json::from_str(&fixed).expect("strict JSON");
    assert_eq!(
        v["mcpServers"]["example"]["command"],
        support::example_server()
    );
    let validate = w.sb.run(
        w.sb.mcpctl()
            .arg("--config")
            .arg(w.config())
            .arg("validate"),
    );
    assert_eq!(validate.code, Some(0), "{validate:?}");

    // one backup, byte for byte the original
    let backups = w.backups();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(std::fs::read(&backups[0]).unwrap(), original);

    // a second --fix changes nothing and writes no backup
    mcpctl_snapshot!(
        "syntax_fixed_again",
        w.sb,
        &mut w.doctor(&["--no-launch", "--fix", "--yes"])
    );
    assert_eq!(std::fs::read_to_string(w.config()).unwrap(), fixed);
    assert_eq!(w.backups().len(), 1);
}

#[test]
fn off_a_terminal_without_yes_nothing_is_written() {
    let w = World::new();
    let original = w.write_fixture("broken-syntax.json", &[]);
    mcpctl_snapshot!(w.sb, &mut w.doctor(&["--no-launch", "--fix"]));
    assert_eq!(std::fs::read(w.config()).unwrap(), original);
    assert!(w.backups().is_empty());
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let w = World::new();
    let original = w.write_fixture("broken-syntax.json", &[]);
    mcpctl_snapshot!(
        w.sb,
        &mut w.doctor(&["--no-launch", "--fix", "--dry-run", "--yes"])
    );
    assert_eq!(std::fs::read(w.config()).unwrap(), original);
    assert!(w.backups().is_empty());
}

/// The lines of a unified diff that start with `sign` (its `---`/`+++`
/// labels left out).
fn changed(diff: &str, sign: char) -> Vec<&str> {
    diff.lines()
        .filter(|l| l.starts_with(sign) && !l.starts_with("---") && !l.starts_with("+++"))
        .collect()
}

/// `--fix --dry-run` shows what it would write: a number it quotes reads
/// the same on both lines of the diff, while a secret-named one stays
/// masked on both (text and JSON alike; `--show-secrets` shows it). Its
/// summary says the repairs would be made and how to write them, not to
/// run the command being run.
#[test]
fn a_dry_run_shows_the_plain_values_it_writes_and_masks_the_secrets() {
    let w = World::new();
    let original = support::with_true(
        "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"/bin/true\",\n      \
\"env\": {\"MAX_RESULTS\": 10, \"API_KEY\": 12345}\n    }\n  }\n}\n",
    );
    w.write_config(&original);
    let out =
        w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--dry-run"]));
    let all = out.all();
    assert!(!all.contains("12345"), "{all}");
    assert_eq!(
        changed(&out.stdout, '-'),
        [r#"-      "env": {"MAX_RESULTS": 10, "API_KEY": ****}"#],
        "{all}"
    );
    assert_eq!(
        changed(&out.stdout, '+'),
        [r#"+      "env": {"MAX_RESULTS": "10", "API_KEY": "****"}"#],
        "{all}"
    );
    // the summary: what this run does, and the command that writes it
    let summary = out
        .stdout
        .split("Summary\n")
        .nth(1)
        .and_then(|s| s.split("\nRepairs").next())
        .unwrap_or_else(|| panic!("no summary:\n{all}"));
    assert!(!summary.contains("--dry-run"), "{summary}");
    assert!(
        summary.contains(
            "dry run: 2 repairs would be made (listed below, with the diff); `mcpctl --config "
        ),
        "{summary}"
    );
    assert!(summary.contains(" doctor --fix` writes them"), "{summary}");

    // the JSON's diff is the same
    let out =
        w.sb.run(&mut w.doctor(&["--json", "--no-launch", "--fix", "--dry-run"]));
    let doc = out.json();
    assert_eq!(doc["fix"]["dry_run"], true);
    assert_eq!(doc["summary"]["fixable"], 2);
    let diff = doc["fix"]["diff"].as_str().expect("a diff");
    assert!(!out.all().contains("12345"), "{}", out.all());
    assert_eq!(
        changed(diff, '+'),
        [r#"+      "env": {"MAX_RESULTS": "10", "API_KEY": "****"}"#],
        "{diff}"
    );

    // --show-secrets shows them all
    let out =
        w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--dry-run", "--show-secrets"]));
    assert_eq!(
        changed(&out.stdout, '+'),
        [r#"+      "env": {"MAX_RESULTS": "10", "API_KEY": "12345"}"#],
        "{}",
        out.all()
    );
    assert_eq!(std::fs::read_to_string(w.config()).unwrap(), original);
}

#[test]
fn a_relative_path_that_exists_here_is_made_absolute_and_the_server_then_starts() {
    let w = World::new();
    std::fs::create_dir_all(w.project().join("data")).unwrap();
    w.write_fixture("relative-paths.json", &[]);
    mcpctl_snapshot!(
        "relative_fixed_text",
        w.sb,
        &mut w.doctor(&["--fix", "--yes"])
    );
    text_snapshot!(
        "relative_fixed_file",
        w.sb,
        std::fs::read_to_string(w.config()).unwrap()
    );
    // again from the original, in JSON
    w.write_fixture("relative-paths.json", &[]);
    let out = mcpctl_snapshot!(
        "relative_fixed_json",
        w.sb,
        &mut w.doctor(&["--json", "--fix", "--yes"])
    );
    assert_eq!(out.json()["fix"]["after"]["summary"]["healthy"], 1);
}

#[test]
fn a_relative_path_that_exists_nowhere_is_left_for_the_user_with_a_hint() {
    let w = World::new();
    let original = w.write_fixture("relative-missing.json", &[]);
    text_and_json!(
        "relative_missing",
        w.sb,
        &["--no-launch", "--fix", "--yes"],
        |args| w.doctor(args)
    );
    assert_eq!(std::fs::read(w.config()).unwrap(), original);
}

#[test]
fn a_file_that_would_stay_unparseable_is_not_written() {
    let w = World::new();
    // the trailing comma is fixable, the missing closing brace is not;
    // the program's path on a line of its own: no position shown depends
    // on how long it is (`[TRUE]` stands for paths of any length)
    let original =
        support::with_true("{\"mcpServers\": {\"a\": {\"command\":\n  \"/bin/true\"\n  ,}}");
    w.write_config(&original);
    text_and_json!(
        "unparseable",
        w.sb,
        &["--no-launch", "--fix", "--yes"],
        |args| w.doctor(args)
    );
    assert_eq!(std::fs::read_to_string(w.config()).unwrap(), original);
    assert!(w.backups().is_empty());
}

/// With `--yes` a url entry becomes an mcp-remote bridge entry (and what
/// that bridge needs is left for the user), while the trailing comma is
/// repaired.
#[test]
fn safe_repairs_are_written_even_when_a_manual_problem_remains() {
    let w = World::new();
    // (the server's path on a line of its own: no position shown depends
    // on where the repository is)
    w.write_config(&format!(
        "{{\"mcpServers\": {{\"example\": {{\n  \"command\": \"{}\"\n  ,\"args\": [],}},\n  \"remote\": {{\"url\": \"https://mcp.example.com\"}}}}}}\n",
        support::in_json(support::example_server())
    ));
    let out = mcpctl_snapshot!(
        w.sb,
        &mut w.doctor(&["--json", "--no-launch", "--fix", "--yes"])
    );
    assert_eq!(out.json()["fix"]["written"], true);
    text_snapshot!(
        "safe_repairs_file",
        w.sb,
        std::fs::read_to_string(w.config()).unwrap()
    );
}

/// A repair that rewrites text an error of its neighbour quotes (`None`
/// becomes `null`, inside an argument that is no string either way) is not
/// refused as if it brought that error: the repairs land, the error stays
/// the user's.
#[test]
fn a_repair_beside_an_error_it_rewords_is_written() {
    let w = World::new();
    let text = "{\"mcpServers\": {\"b\": {\"command\": \"/bin/true\", \"args\": [None]}}}\n";
    w.sb.write(w.config(), text);
    let out = w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--yes"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(!out.all().contains("refusing to write"), "{out:?}");
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&fixed).expect("strict JSON");
    assert_eq!(v["mcpServers"]["b"]["args"], serde_json::json!([null]));
    assert_eq!(w.backups().len(), 1);
}

/// A `command` holding a line break is quoted on one line wherever doctor
/// names it (the findings, the to-do list): the value cannot print a line
/// that reads as doctor's own.
#[test]
fn a_line_break_in_a_command_starts_no_line_of_the_report() {
    let w = World::new();
    w.sb.write(
        w.config(),
        "{\"mcpServers\": {\"w\": {\"command\": \"foo\\n  fix w: all good\", \"args\": []}}}\n",
    );
    let out =
        w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--dry-run"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout.contains("foo\\n  fix w: all good"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("fix w: all good")),
        "{}",
        out.stdout
    );
}

/// VS Code's `servers` holding an entry with a problem of its own: the
/// rename brings that problem into sight, and it is the file's, not the
/// plan's. The repairs shown are written (not refused after the diff), and
/// the entry's problem stays on the to-do list.
#[test]
fn a_move_into_mcpservers_is_written_though_the_entry_it_moves_has_errors() {
    let w = World::new();
    w.sb.write(
        w.config(),
        "{\n  \"servers\": {\n    \"a\": {\"command\": \"npx -y thing\", \"env\": {\"N\": 1}},\n  }\n}\n",
    );
    let out = w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--yes"]));
    assert!(!out.all().contains("refusing to write"), "{}", out.all());
    assert!(
        out.stdout
            .contains("todo a: `command` of server `a` is a whole command line"),
        "{}",
        out.stdout
    );
    assert_eq!(
        std::fs::read_to_string(w.config()).unwrap(),
        "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"npx -y thing\", \"env\": {\"N\": \"1\"}}\n  }\n}\n"
    );
    assert_eq!(w.backups().len(), 1);
}

/// A server the app logged a PATH for is judged under that PATH, and so
/// is its repair: the finding that says `doctor --fix` does it is one the
/// plan makes (it planned under the profile's PATH, where nothing was
/// wrong, and repaired nothing).
#[cfg(target_os = "linux")]
#[test]
fn the_repair_of_a_finding_under_the_logged_path_is_planned() {
    let w = World::new();
    let tool = w.sb.script(w.sb.bin().join("mytool"), "exit 0");
    w.sb.write(
        w.config(),
        "{\"mcpServers\": {\"m\": {\"command\": \"mytool\"}}}\n",
    );
    w.sb.write(
        w.home().join(".config/Claude/logs/mcp-server-m.log"),
        "2026-11-30T10:00:00.120Z [m] [info] Using MCP server command: mytool with args and path: \
{ metadata: { args: [ [length]: 0 ], paths: [ '/nonexistent/sbin', [length]: 1 ] } }\n\
2026-11-30T10:00:00.130Z [m] [error] Connection failed: spawn mytool ENOENT { metadata: undefined }\n",
    );
    let out =
        w.sb.run(&mut w.doctor(&["--fix", "--dry-run", "--timeout", "5"]));
    assert!(
        out.stdout.contains("error[command-only-on-shell-path]"),
        "{}",
        out.stdout
    );
    let fix = format!("fix m: `mytool` → {}", tool.display());
    assert!(out.stdout.contains(&fix), "{}", out.stdout);
}

/// A repair can uncover an error another one kept quiet: once
/// `C:\tools\node.exe` (written with single backslashes: a tab and a line
/// break) is a path again, it is node with no script. That error is the
/// file's own, left in the to-do list: the repairs (and the trailing
/// comma that hid every server) are still written.
#[test]
fn an_error_a_repair_uncovers_does_not_stop_the_repairs() {
    let w = World::new();
    w.write_config(
        "{\"mcpServers\": {\"win\": {\"command\": \"C:\\tools\\node.exe\", \"args\": []}, \
\"b\": {\"command\": \"/usr/bin/node\", \"args\": [\"/tmp/a.js\"],}}}",
    );
    let out = w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--yes"]));
    assert_eq!(out.code, Some(1), "errors remain: {out:?}");
    assert!(!out.all().contains("refusing to write"), "{}", out.all());
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&fixed).expect("strict JSON");
    assert_eq!(v["mcpServers"]["win"]["command"], "C:\\tools\\node.exe");
    assert!(out.stdout.contains("no-script"), "{}", out.stdout);
}

/// A url only this machine can reach (here localhost) cannot be a
/// Connector (one connects from Anthropic's cloud): doctor offers the
/// bridge alone, in the server's note, the plan and what `--fix` writes.
#[test]
fn a_localhost_url_entry_is_offered_the_bridge_alone() {
    let w = World::new();
    let url = w.sb.closed_local_url().replace("127.0.0.1", "localhost");
    let text = format!("{{\"mcpServers\": {{\"remote\": {{\"url\": \"{url}\"}}}}}}\n");
    w.write_config(&text);

    // probed: the error's hint names the bridge, not a Connector, and
    // says it once (test-launch's notes, which say it there, are not
    // repeated beneath it)
    let out = w.sb.run(&mut w.doctor(&[]));
    let all = out.all();
    let hint = all
        .lines()
        .find(|l| l.contains("= hint: `mcpctl"))
        .unwrap_or_else(|| panic!("no remote-server hint:\n{all}"));
    assert!(
        hint.contains("doctor --fix` makes it a stdio bridge entry")
            && hint.contains("a connector cannot work here"),
        "{hint}"
    );
    assert!(all.contains("remote: "), "{all}");
    assert!(!all.contains("Claude Desktop skips url entries"), "{all}");
    assert!(!all.contains("a Connector connects from"), "{all}");

    // the plan: the bridge, and no other way
    let out =
        w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--dry-run"]));
    let all = out.all();
    assert!(
        all.contains("turned into an mcp-remote bridge entry"),
        "{all}"
    );
    assert!(!all.contains("the other way"), "{all}");
    assert!(!all.contains("as a Connector (run"), "{all}");

    let out = w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--yes"]));
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&fixed).expect("strict JSON");
    // (on Windows through `cmd /c`: the URL is the last argument either way)
    let args = v["mcpServers"]["remote"]["args"].as_array().expect("args");
    assert_eq!(args.last(), Some(&serde_json::json!(url)), "{out:?}");
}

/// A public url keeps both ways: with no terminal to ask on, the plan
/// bridges it and names the other way and how to choose it.
#[test]
fn a_public_url_entry_names_the_connector_way_when_it_cannot_ask() {
    let w = World::new();
    w.write_config("{\"mcpServers\": {\"remote\": {\"url\": \"https://mcp.example.com/mcp\"}}}\n");
    let out =
        w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--dry-run"]));
    let all = out.all();
    assert!(
        all.contains("turned into an mcp-remote bridge entry"),
        "{all}"
    );
    assert!(
        all.contains("the other way for remote: remove it and add https://mcp.example.com/mcp in the app as a Connector (run `mcpctl"),
        "{all}"
    );
    assert!(all.contains("on a terminal to choose)"), "{all}");
}

/// The bridge `--fix` writes for a url entry keeps every secret out of
/// `args`: a header the shared secret rule names (`X-Signature`,
/// `X-Pass`, `X-Bearer`, `X-Pwd`) moves to `env`, and a `${VAR}` the
/// entry's env sets stays a reference (mcp-remote expands it) with the
/// variable kept, never its value written inline; `validate` then finds
/// no secret in the repair's own output.
#[test]
fn a_bridged_url_entry_keeps_its_header_secrets_out_of_args() {
    let w = World::new();
    w.write_config(
        r#"{"mcpServers":{"r":{"url":"https://example.com/mcp","headers":{"X-Thing":"${MY_TOKEN}","X-Signature":"s1gnatureval","X-Pass":"hunter2","X-Bearer":"opensesame","X-Pwd":"letmein","X-Team":"blue"},"env":{"MY_TOKEN":"supersecretvalue"}}}}
"#,
    );
    let out = w.sb.run(&mut w.doctor(&["--no-launch", "--fix", "--yes"]));
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&fixed).expect("strict JSON");
    let r = &v["mcpServers"]["r"];
    let args: Vec<&str> = r["args"]
        .as_array()
        .unwrap_or_else(|| panic!("no args: {out:?}\n{fixed}"))
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    for secret in [
        "supersecretvalue",
        "s1gnatureval",
        "hunter2",
        "opensesame",
        "letmein",
    ] {
        assert!(
            !args.iter().any(|a| a.contains(secret)),
            "{secret} in args: {fixed}"
        );
    }
    assert!(args.contains(&"X-Thing:${MY_TOKEN}"), "{fixed}");
    assert!(args.contains(&"X-Team:blue"), "{fixed}");
    assert_eq!(r["env"]["MY_TOKEN"], "supersecretvalue", "{fixed}");
    assert_eq!(r["env"]["X_PASS"], "hunter2", "{fixed}");
    assert!(args.contains(&"X-Pass:${X_PASS}"), "{fixed}");

    let validate = w.sb.run(
        w.sb.mcpctl()
            .arg("--config")
            .arg(w.config())
            .arg("validate"),
    );
    assert!(
        !validate.all().contains("secret-in-args"),
        "{validate:?}\n{fixed}"
    );
}
