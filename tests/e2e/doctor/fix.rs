//! `doctor --fix` round trips: the result validates, the backup holds the
//! original bytes, a second `--fix` changes nothing; `--dry-run` and a
//! missing `--yes` off a terminal write nothing; what cannot be repaired is
//! listed, not guessed.

use super::{SYSTEM_PATH, World};
use crate::support;

#[test]
fn fix_repairs_syntax_and_the_key_keeps_a_backup_and_is_idempotent() {
    let w = World::new();
    let original = w.write_fixture("broken-syntax.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &["--no-launch", "--fix", "--yes"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    assert!(o.stdout.contains("After the repairs:"), "{o:?}");
    assert!(
        o.stdout.contains("rename `servers` to `mcpServers`"),
        "{o:?}"
    );

    // the result is strict JSON that validate accepts, with the app's own
    // key untouched
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&fixed).expect("strict JSON");
    assert_eq!(
        v["mcpServers"]["example"]["command"],
        support::example_server()
    );
    assert_eq!(v["preferences"]["sidebarMode"], "chat");
    let mut validate = w.mcpctl(SYSTEM_PATH, &[]);
    validate.arg("--config").arg(w.config()).arg("validate");
    let validate = w.sb.run(&mut validate);
    assert_eq!(validate.code, Some(0), "{validate:?}");

    // one backup, byte for byte the original
    let backups = w.backups();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(std::fs::read(&backups[0]).unwrap(), original);

    // a second --fix changes nothing and writes no backup
    let o = w.doctor(SYSTEM_PATH, &[], &["--no-launch", "--fix", "--yes"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    assert!(
        o.stdout.contains("nothing doctor can repair safely"),
        "{o:?}"
    );
    assert_eq!(std::fs::read_to_string(w.config()).unwrap(), fixed);
    assert_eq!(w.backups().len(), 1);
}

#[test]
fn off_a_terminal_without_yes_nothing_is_written() {
    let w = World::new();
    let original = w.write_fixture("broken-syntax.json", &[]);
    let o = w.doctor(SYSTEM_PATH, &[], &["--no-launch", "--fix"]);
    assert_eq!(o.code, Some(1), "{o:?}");
    assert!(o.stdout.contains("+++"), "the diff is shown: {o:?}");
    assert!(o.stderr.contains("re-run with --yes"), "{o:?}");
    assert_eq!(std::fs::read(w.config()).unwrap(), original);
    assert!(w.backups().is_empty());
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let w = World::new();
    let original = w.write_fixture("broken-syntax.json", &[]);
    let o = w.doctor(
        SYSTEM_PATH,
        &[],
        &["--no-launch", "--fix", "--dry-run", "--yes"],
    );
    assert_eq!(o.code, Some(1), "{o:?}");
    assert!(
        o.stdout.contains("-  // written by hand in a text editor"),
        "{o:?}"
    );
    assert!(o.stderr.contains("dry run"), "{o:?}");
    assert_eq!(std::fs::read(w.config()).unwrap(), original);
    assert!(w.backups().is_empty());
}

#[test]
fn a_relative_path_that_exists_here_is_made_absolute_and_the_server_then_starts() {
    let w = World::new();
    std::fs::create_dir_all(w.project().join("data")).unwrap();
    w.write_fixture("relative-paths.json", &[]);
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--fix", "--yes"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["fix"]["written"], true);
    assert!(doc["fix"]["backup"].is_string());
    let after = &doc["fix"]["after"];
    assert_eq!(after["servers"][0]["launch"]["verdict"], "ok", "{doc:#}");
    assert_eq!(after["summary"]["healthy"], 1);
    let data = w.project().join("data").display().to_string();
    assert_eq!(after["servers"][0]["args"][1], data);
}

#[test]
fn a_relative_path_that_exists_nowhere_is_left_for_the_user_with_a_hint() {
    let w = World::new();
    let original = w.write_fixture("relative-missing.json", &[]);
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--no-launch", "--fix", "--yes"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["fix"]["written"], false);
    assert_eq!(doc["fix"]["reason"], "nothing to repair");
    let manual = &doc["fix"]["manual"][0];
    assert_eq!(manual["code"], "relative-arg");
    assert_eq!(manual["server"], "script");
    assert!(manual["hint"].as_str().unwrap().contains("absolute path"));
    assert_eq!(std::fs::read(w.config()).unwrap(), original);
}

#[test]
fn a_file_that_would_stay_unparseable_is_not_written() {
    let w = World::new();
    // the trailing comma is fixable, the missing closing brace is not
    let original = br#"{"mcpServers": {"a": {"command": "/bin/true",}}"#.to_vec();
    std::fs::write(w.config(), &original).unwrap();
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--no-launch", "--fix", "--yes"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["fix"]["writable"], false);
    assert_eq!(doc["fix"]["written"], false);
    assert_eq!(doc["fix"]["reason"], "still not strict JSON");
    assert!(!doc["fix"]["manual"].as_array().unwrap().is_empty());
    assert_eq!(std::fs::read(w.config()).unwrap(), original);
    assert!(w.backups().is_empty());
}

#[test]
fn safe_repairs_are_written_even_when_a_manual_problem_remains() {
    let w = World::new();
    let text = format!(
        "{{\"mcpServers\": {{\"example\": {{\"command\": \"{}\",}}, \"remote\": {{\"url\": \"https://mcp.example.com\"}}}}}}",
        support::example_server()
    );
    std::fs::write(w.config(), &text).unwrap();
    let (code, doc) = w.doctor_json(SYSTEM_PATH, &[], &["--no-launch", "--fix", "--yes"]);
    assert_eq!(doc["fix"]["written"], true, "{doc:#}");
    // a remote entry is not guessed into a bridge: it is left, with its hint
    assert_eq!(code, 1, "{doc:#}");
    let manual = doc["fix"]["manual"].as_array().unwrap();
    assert!(
        manual
            .iter()
            .any(|m| m["server"] == "remote" && m["hint"].is_string()),
        "{doc:#}"
    );
    let after = &doc["fix"]["after"];
    assert_eq!(after["file"]["strict_json"], true);
    assert_eq!(after["summary"]["healthy"], 1, "{after:#}");
    assert_eq!(after["summary"]["with_problems"], 1, "{after:#}");
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    assert!(
        fixed.contains("\"url\": \"https://mcp.example.com\""),
        "{fixed}"
    );
}
