//! `mcpctl doctor` end to end: the report's five sections and the JSON
//! shape of docs/json/doctor.md as snapshots, exit codes, masking,
//! `--no-launch` spawning nothing, and a missing config still reporting
//! where the app looks and the machine.

use super::{World, server_codes};
use crate::support;

const SECRET: &str = "sk-verysecretvalue123";

#[test]
fn a_healthy_server_is_launched_and_exits_0_with_secrets_masked() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    for out in text_and_json!("healthy", w.sb, &[], |args| w.doctor(args)) {
        assert!(!out.all().contains(SECRET), "secret leaked: {out:?}");
    }
    let (_, shown) = w.doctor_json(&[], &["--show-secrets", "--no-launch"]);
    assert_eq!(shown["servers"][0]["env"]["API_KEY"], SECRET);
}

#[test]
fn the_json_document_has_the_documented_shape() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    let out = mcpctl_snapshot!(w.sb, &mut w.doctor(&["--json", "--no-launch"]));
    assert_eq!(out.code, Some(0));
    let doc = out.json();
    for key in [
        "servers",
        "healthy",
        "with_problems",
        "errors",
        "warnings",
        "notes",
        "fixable",
    ] {
        assert!(doc["summary"][key].is_u64(), "summary.{key}: {doc:#}");
    }
}

#[test]
fn no_launch_spawns_no_server_and_launching_does() {
    let w = World::new();
    let marker = w.project().join("spawned");
    // the example server: it marks each start in `spawned`, then exits 3
    let server = w.sb.program("work/marker-server");
    let server_s = server.display().to_string();
    let marker_s = marker.display().to_string();
    w.write_fixture(
        "marker-server.json",
        &[("MARKER_SERVER", &server_s), ("MARKER", &marker_s)],
    );

    mcpctl_snapshot!("no_launch", w.sb, &mut w.doctor(&["--no-launch"]));
    assert!(!marker.exists(), "--no-launch started the server");

    // the same check launching: the marker appears, the server fails
    mcpctl_snapshot!("launched", w.sb, &mut w.doctor(&[]));
    assert!(marker.exists(), "the server was not launched");
}

#[test]
fn a_broken_file_is_reported_with_positions_and_exits_1() {
    let w = World::new();
    w.write_fixture("broken-syntax.json", &[]);
    text_and_json!("broken", w.sb, &["--no-launch"], |args| w.doctor(args));
}

#[test]
fn servers_instead_of_mcp_servers_is_a_problem() {
    let w = World::new();
    w.write_config(&format!(
        "{{\"servers\": {{\"example\": {{\n  \"command\": \"{}\"\n}}}}}}\n",
        support::in_json(support::example_server())
    ));
    text_and_json!("servers_key", w.sb, &["--no-launch"], |args| w.doctor(args));
}

/// A fresh install: no config where the app looks, and nvm putting an old
/// Node first on the app's PATH. Returns the world, the shell's PATH and
/// the app's PATH.
fn fresh_install() -> (World, String, String) {
    let w = World::new();
    if cfg!(windows) {
        // the app prepends nvm's folders on macOS only, and the fake nvm
        // tree is a Unix one (shell scripts): the PATHs are just bin/
        let bin = w.sb.bin().display().to_string();
        return (w, bin.clone(), bin);
    }
    let bins = w.fake_nvm(&["v18.20.0", "v22.11.0"]);
    let (v18, v22) = (bins[0].display(), bins[1].display());
    let bin = w.sb.bin().display().to_string();
    let shell_path = format!("{v22}:{bin}");
    let app_path = format!("{v18}:{v22}:{bin}");
    (w, shell_path, app_path)
}

#[test]
fn a_missing_config_still_shows_where_and_the_machine_with_a_hint_and_exits_2() {
    let (w, shell_path, app_path) = fresh_install();
    mcpctl_snapshot!(
        w.sb,
        w.sb.mcpctl()
            .arg("doctor")
            .env("PATH", &shell_path)
            .env("MCPCTL_APP_PATH", &app_path)
    );
    assert!(
        !w.home().join(".config/Claude").exists(),
        "doctor created a file"
    );
}

#[test]
fn a_missing_config_in_json_has_where_and_the_machine_and_a_null_file() {
    let (w, shell_path, app_path) = fresh_install();
    mcpctl_snapshot!(
        w.sb,
        w.sb.mcpctl()
            .args(["--json", "doctor"])
            .env("PATH", &shell_path)
            .env("MCPCTL_APP_PATH", &app_path)
    );
}

#[test]
fn fix_with_a_missing_config_has_nothing_to_repair_and_exits_2() {
    let w = World::new();
    for (name, args) in [
        ("fix_missing", &["--fix"][..]),
        ("fix_yes_missing", &["--fix", "--yes"]),
        (
            "fix_dry_run_missing",
            &["--fix", "--dry-run", "--no-launch"],
        ),
        ("fix_yes_missing_json", &["--json", "--fix", "--yes"]),
    ] {
        mcpctl_snapshot!(name, w.sb, &mut w.doctor(args));
        assert!(!w.config().exists(), "{args:?} created the file");
        assert!(w.backups().is_empty());
    }
}

#[test]
fn a_missing_config_flag_path_points_to_the_file_the_app_reads() {
    let w = World::new();
    w.sb.write(
        w.home().join(".config/Claude/claude_desktop_config.json"),
        r#"{"mcpServers": {}}"#,
    );
    mcpctl_snapshot!(w.sb, &mut w.doctor(&[]));
}

#[test]
fn other_commands_still_stop_at_a_missing_config() {
    let w = World::new();
    for cmd in ["validate", "list", "test-launch"] {
        mcpctl_snapshot!(
            format!("missing_config_{cmd}"),
            w.sb,
            w.sb.mcpctl().arg(cmd)
        );
    }
}

#[test]
fn yes_without_fix_is_a_usage_error() {
    let w = World::new();
    w.write_fixture("healthy.json", &[]);
    mcpctl_snapshot!(w.sb, &mut w.doctor(&["--yes"]));
}

#[test]
fn a_relative_path_fails_at_launch_like_in_the_app() {
    let w = World::new();
    std::fs::create_dir_all(w.project().join("data")).unwrap();
    w.write_fixture("relative-paths.json", &[]);
    let [_, out] = text_and_json!("relative", w.sb, &[], |args| w.doctor(args));
    assert!(server_codes(&out.json(), "example").contains(&"relative-arg".to_string()));
}

#[test]
fn env_values_never_show_up_unmasked_not_even_the_entry_path() {
    let w = World::new();
    w.write_config(
        r#"{"mcpServers": {"s": {"command": "nosuch-cmd-zz", "env": {"PATH": "/opt/secret-path-xyz", "TOKEN": "tok-abcdef123"}}}}"#,
    );
    for out in text_and_json!("masked", w.sb, &[], |args| w.doctor(args)) {
        for secret in ["secret-path-xyz", "tok-abcdef123"] {
            assert!(!out.all().contains(secret), "{secret} leaked: {out:?}");
        }
    }
}

/// A config written for Windows, checked on macOS/Linux: the hint that
/// unwraps `cmd /c` says the Windows folder in its args must change too
/// (unwrapped alone, it would still name nothing here).
#[cfg(not(windows))]
#[test]
fn unwrapping_cmd_c_says_a_windows_folder_in_the_args_must_change_too() {
    let w = World::new();
    w.write_config(
        r#"{"mcpServers": {"fs": {"command": "cmd", "args": ["/c", "npx", "-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\ann\\Documents"]}}}"#,
    );
    let out = w.sb.run(&mut w.doctor(&["--no-launch"]));
    let os = if cfg!(target_os = "macos") {
        "macOS"
    } else {
        "Linux"
    };
    assert!(
        out.stdout.contains(&format!(
            r#"hint: on {os} drop the `cmd /c` wrapper: "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\ann\\Documents"]; the Windows path `C:\Users\ann\Documents` must change too: write where it is on {os}"#
        )),
        "{out:?}"
    );
}

/// The lint diagnostic says it; no launch failure or shell comparison
/// repeats it. (A url entry is probed over HTTP instead: here on a local
/// port nothing listens on.)
#[test]
fn an_entry_without_a_command_is_reported_once_and_not_launched() {
    let w = World::new();
    let url = w.sb.closed_local_url();
    w.write_config(&format!(
        r#"{{"mcpServers": {{"remote": {{"url": "{url}"}}, "bare": {{"args": ["x"]}}}}}}"#
    ));
    let [text, out] = text_and_json!("no_command", w.sb, &[], |args| w.doctor(args));
    let doc = out.json();
    assert_eq!(server_codes(&doc, "remote"), ["remote-server"]);
    assert_eq!(server_codes(&doc, "bare"), ["command-missing"]);
    // a url entry is no bridge entry yet: it is not told to stay one (the
    // text leaves the note to the remote-server hint, the JSON keeps it)
    let notes = out.stdout.split("\"notes\": [").nth(1).unwrap_or("");
    assert!(
        notes.contains("cannot, so make it a bridge entry, not a Connector"),
        "{out:?}"
    );
    for said in [&text.stdout, &out.stdout] {
        assert!(!said.contains("keep it as a bridge entry"), "{said}");
    }
}

/// The status a launch restates in section 4 is built, not cut from the
/// test-launch line at the name: a server named `ok`, or one whose name
/// is shown escaped, keeps its line whole.
#[test]
fn section_four_restates_each_launch_whatever_its_name() {
    let w = World::new();
    let server = support::in_json(support::example_server());
    w.write_config(&format!(
        "{{\"mcpServers\": {{\"ok\": {{\"command\": \"{server}\"}}, \"A\": {{\"command\": \
\"{server}\", \"args\": [\"--bogus\"]}}, \"esc\\u001bx\": {{\"command\": \"{server}\"}}}}}}\n"
    ));
    let out = w.sb.run(&mut w.doctor(&[]));
    let text = out.stdout.clone();
    let restated: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("launch "))
        .collect();
    assert_eq!(restated.len(), 3, "{out:?}");
    for l in &restated {
        assert!(
            l.starts_with("launch ok: mcpctl-example-server ")
                || l.starts_with("launch failed: exited-early (during initialize)"),
            "{l}\n{out:?}"
        );
    }
}
