//! The foundation commands (`path`, `list`, `validate`, `schema`,
//! `completions`) as a user sees them: one snapshot per fixture and format
//! (text and `--json`) of the exit code and both streams.
//!
//! Every run clears the environment and sets its own HOME and PATH (the
//! sandbox's `bin/` with a fake `npx`), so the developer's real config and
//! tools are never read. Fixtures come from `tests/fixtures/configs/` and
//! are copied to the current folder as `c.json`.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::support::{self, Sandbox};

/// A sandbox with a fake `npx` on PATH.
fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.fake_tools(&["npx"]);
    sb
}

/// Copies a fixture into the current folder as `c.json`; returns its path.
fn fixture(sb: &Sandbox, name: &str) -> PathBuf {
    let from = support::repo().join("tests/fixtures/configs").join(name);
    let text = std::fs::read(&from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    sb.write(sb.work().join("c.json"), text)
}

/// `mcpctl ARGS --config c.json` with `name` copied to `c.json`.
fn on(sb: &Sandbox, name: &str, args: &[&str]) -> Command {
    let config = fixture(sb, name);
    let mut cmd = sb.mcpctl();
    cmd.args(args).arg("--config").arg(config);
    cmd
}

const SECRET: &str = "ghp_SECRETVALUE123";

/// Why some snapshots are kept per OS (`Sandbox::snapshots_differ_by_os`).
const NPX_SHIM: &str =
    "a bare `npx` gets the windows-shim warning on Windows, where the app starts no shell";
const APP_PROFILE: &str = "the app's working folder and PATH are the OS's";
const APP_FOLDERS: &str = "the app's folders and policy places are the OS's";

// ---- the acceptance case ---------------------------------------------

/// A BOM, two trailing commas and a number as an env value: each error at
/// its line and column, with the source line, a caret and a hint.
#[test]
fn acceptance_bom_two_trailing_commas_and_numeric_env_in_text() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    mcpctl_snapshot!(sb, &mut on(&sb, "acceptance.json", &["validate"]));
}

#[test]
fn acceptance_bom_two_trailing_commas_and_numeric_env_in_json() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    let out = mcpctl_snapshot!(sb, &mut on(&sb, "acceptance.json", &["validate", "--json"]));
    assert_eq!(out.json()["errors"], 4);
}

// ---- validate ------------------------------------------------------------

#[test]
fn clean_config_exits_0_and_says_so() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    text_and_json!("clean", sb, &["validate"], |args| on(
        &sb,
        "clean.json",
        args
    ));
}

#[test]
fn warnings_exit_0_unless_strict() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    mcpctl_snapshot!(
        "warnings_text",
        sb,
        &mut on(&sb, "warnings.json", &["validate"])
    );
    mcpctl_snapshot!(
        "warnings_strict_json",
        sb,
        &mut on(&sb, "warnings.json", &["validate", "--strict", "--json"])
    );
}

#[test]
fn remote_entry_is_one_error_with_the_bridge_hint() {
    let sb = sandbox();
    text_and_json!("remote", sb, &["validate"], |args| on(
        &sb,
        "remote.json",
        args
    ));
}

#[test]
fn servers_instead_of_mcp_servers_is_an_error() {
    let sb = sandbox();
    text_and_json!("servers_key", sb, &["validate"], |args| on(
        &sb,
        "servers-key.json",
        args
    ));
}

#[test]
fn duplicate_server_is_reported_once_naming_both_lines() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    text_and_json!("duplicate", sb, &["validate"], |args| on(
        &sb,
        "duplicate.json",
        args
    ));
}

/// Relative paths, `~`, `${VAR}`, empty env values, a command line in
/// `command` and a command not on the PATH (named in the message).
#[test]
fn lint_findings_name_the_app_path() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(APP_PROFILE);
    text_and_json!("mistakes", sb, &["validate"], |args| on(
        &sb,
        "mistakes.json",
        args
    ));
}

/// Each diagnostic names the server entry it lies inside, or null outside
/// every entry; doctor's sections agree with it.
#[test]
fn each_json_diagnostic_names_the_server_it_is_about() {
    let sb = sandbox();
    let config = sb.write(
        sb.work().join("c.json"),
        support::with_true(
            r#"{
  "mcpServers": {
    "alpha": {"command": "/bin/true", "args": "not-an-array"},
    "beta": {"command": "/bin/true", "env": {"PORT": 8080}}
  },
}
"#,
        ),
    );
    let out = sb.run(
        sb.mcpctl()
            .args(["--json", "validate", "--config"])
            .arg(&config),
    );
    assert_eq!(out.code, Some(1), "{}", out.all());
    let doc = out.json();
    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    assert!(diags.iter().all(|d| d.get("server").is_some()), "{doc:#}");
    let got: Vec<(&str, &Value)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), &d["server"]))
        .collect();
    assert_eq!(
        got,
        [
            ("args-not-array", &Value::from("alpha")),
            ("env-not-string", &Value::from("beta")),
            ("trailing-comma", &Value::Null),
        ],
        "{doc:#}"
    );

    let out = sb.run(
        sb.mcpctl()
            .args(["--json", "doctor", "--no-launch", "--config"])
            .arg(&config),
    );
    let doc = out.json();
    let file = doc["file"]["diagnostics"].as_array().expect("file");
    assert_eq!(file.len(), 1, "{doc:#}");
    assert_eq!(file[0]["server"], Value::Null);
    let servers = doc["servers"].as_array().expect("servers");
    assert_eq!(servers.len(), 2, "{doc:#}");
    for s in servers {
        let diags = s["diagnostics"].as_array().expect("diagnostics");
        assert_eq!(diags.len(), 1, "{doc:#}");
        assert_eq!(diags[0]["server"], s["name"], "{doc:#}");
    }
}

#[test]
fn missing_file_exits_2_naming_path_rule_and_hint() {
    let sb = sandbox();
    let gone = sb.work().join("nope.json");
    mcpctl_snapshot!(
        "missing_file_text",
        sb,
        sb.mcpctl().args(["validate", "--config"]).arg(&gone)
    );
    mcpctl_snapshot!(
        "missing_file_json",
        sb,
        sb.mcpctl()
            .args(["validate", "--json", "--config"])
            .arg(&gone)
    );
}

#[test]
fn a_folder_is_not_a_config() {
    let sb = sandbox();
    mcpctl_snapshot!(
        sb,
        sb.mcpctl().args(["validate", "--config"]).arg(sb.home())
    );
}

#[test]
fn usage_error_exits_2() {
    let sb = sandbox();
    mcpctl_snapshot!(sb, sb.mcpctl().args(["validate", "--bogus"]));
}

// ---- path ----------------------------------------------------------------

#[test]
fn path_prefers_flag_over_env_and_reports_the_rule() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(APP_FOLDERS);
    let config = fixture(&sb, "clean.json");
    mcpctl_snapshot!(
        "path_from_env_json",
        sb,
        sb.mcpctl()
            .args(["path", "--json"])
            .env("MCPCTL_CONFIG", &config)
    );
    mcpctl_snapshot!(
        "path_flag_over_env_json",
        sb,
        sb.mcpctl()
            .args(["path", "--json", "--config"])
            .arg(sb.work().join("other.json"))
            .env("MCPCTL_CONFIG", &config)
    );
}

/// A folder given as the config is no config file: `path` says so as
/// every other command does (exit 2), not `exists: yes`.
#[test]
fn path_of_a_folder_is_an_error() {
    let sb = sandbox();
    let out = sb.run(
        sb.mcpctl()
            .args(["path", "--json", "--config"])
            .arg(sb.work()),
    );
    assert_eq!(out.code, Some(2), "{out:?}");
    let message = out.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        message.contains("is a folder, not a config file"),
        "{out:?}"
    );
}

#[test]
fn env_override_is_what_validate_reads() {
    let sb = sandbox();
    let config = fixture(&sb, "acceptance.json");
    let out = sb.run(
        sb.mcpctl()
            .args(["validate", "--json"])
            .env("MCPCTL_CONFIG", &config),
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["file"].as_str(), Some(&*config.to_string_lossy()));
    assert_eq!(doc["errors"], 4);
}

/// A config whose name is not UTF-8 is the file asked for, byte for byte:
/// set in `MCPCTL_CONFIG` it is not taken for unset (the app's own file
/// is never read or edited instead), and given relative to `--config` it
/// is not a second file with U+FFFD in its name. Its folder's own files
/// (the side file of `disable`) are in that very folder too.
#[cfg(unix)]
#[test]
fn a_config_name_that_is_not_utf8_is_used_byte_for_byte() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let sb = sandbox();
    let name = OsStr::from_bytes(b"bad\xffname.json");
    let config = sb.write(sb.work().join(name), r#"{"mcpServers": {}}"#);
    let apps = sb.home().join(".config/Claude/claude_desktop_config.json");
    // what every run must leave alone: the app's file, a lossy twin
    let untouched = |what: &str| {
        assert!(!apps.exists(), "{what}: the app's file was written");
        // (its backups too are named from its bytes)
        let names: Vec<std::ffi::OsString> = [sb.work(), sb.work().join("mcpctl-backups")]
            .iter()
            .flat_map(|d| std::fs::read_dir(d).into_iter().flatten())
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            !names
                .iter()
                .any(|n| n.as_bytes().starts_with("bad\u{fffd}".as_bytes())),
            "{what}: a second file {names:?}"
        );
    };
    let servers = || -> Value {
        let text = std::fs::read_to_string(&config).expect("the file asked for");
        serde_json::from_str::<Value>(&text).unwrap()["mcpServers"].clone()
    };
    let env = |cmd: &mut Command| {
        cmd.env("MCPCTL_CONFIG", &config);
    };
    let mut path = sb.mcpctl();
    env(path.args(["--json", "path"]));
    let out = sb.run(&mut path);
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["rule"], "env", "{out:?}");
    assert_eq!(doc["exists"], true, "{out:?}");
    let shown = sb.work().join("bad\u{fffd}name.json");
    assert_eq!(doc["path"].as_str(), Some(&*shown.to_string_lossy()));
    let mut add = sb.mcpctl();
    env(add.args(["add", "oops", "--", "/bin/true"]));
    let out = sb.run(&mut add);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(servers()["oops"]["command"], "/bin/true");
    untouched("MCPCTL_CONFIG");
    // relative, on the command line
    let out = sb.run(
        sb.mcpctl()
            .arg("--config")
            .arg(name)
            .args(["--json", "list"]),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.json()["servers"][0]["name"], "oops", "{out:?}");
    let out = sb.run(
        sb.mcpctl()
            .arg("--config")
            .arg(name)
            .args(["add", "two", "--", "/bin/true"]),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(servers()["two"]["command"], "/bin/true");
    untouched("--config");
    // a folder that is not UTF-8: `disable` keeps the entry beside the file
    let dir = sb.work().join(OsStr::from_bytes(b"dir\xfe"));
    std::fs::create_dir(&dir).unwrap();
    let inner = sb.write(
        dir.join("c.json"),
        r#"{"mcpServers": {"x": {"command": "/bin/true"}}}"#,
    );
    let out = sb.run(
        sb.mcpctl()
            .arg("--config")
            .arg(&inner)
            .args(["disable", "x"]),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(dir.join("mcpctl-disabled.json").is_file(), "{out:?}");
    let out = sb.run(
        sb.mcpctl()
            .arg("--config")
            .arg(&inner)
            .args(["enable", "x"]),
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let back = std::fs::read_to_string(&inner).unwrap();
    assert!(back.contains(r#""x""#), "{back}");
}

#[cfg(target_os = "linux")]
#[test]
fn path_on_linux_follows_xdg_then_home() {
    let sb = sandbox();
    let out = mcpctl_snapshot!("linux_home_text", sb, sb.mcpctl().arg("path"));
    let want = sb.home().join(".config/Claude/claude_desktop_config.json");
    assert_eq!(out.stdout.lines().next(), Some(&*want.to_string_lossy()));
    mcpctl_snapshot!(
        "linux_xdg_json",
        sb,
        sb.mcpctl()
            .args(["path", "--json"])
            .env("XDG_CONFIG_HOME", sb.root().join("xdg"))
    );
}

// ---- list ----------------------------------------------------------------

#[test]
fn list_masks_env_values_unless_asked() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    for out in text_and_json!("list_clean", sb, &["list"], |args| on(
        &sb,
        "clean.json",
        args
    )) {
        assert!(!out.all().contains(SECRET), "secret leaked: {out:?}");
    }
    let out = mcpctl_snapshot!(
        "list_clean_show_secrets_text",
        sb,
        &mut on(&sb, "clean.json", &["list", "--show-secrets"])
    );
    assert!(out.stdout.contains(SECRET), "{out:?}");
}

#[test]
fn list_of_a_broken_file_shows_what_was_recovered_and_says_so() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    for out in text_and_json!("list_broken", sb, &["list"], |args| on(
        &sb,
        "list-with-errors.json",
        args
    )) {
        assert!(!out.all().contains(SECRET), "secret leaked: {out:?}");
    }
}

/// The trailing comma after the last env entry sits on the token's line:
/// the line shown is masked, and the caret still sits under the comma.
#[test]
fn validate_masks_the_secret_on_the_line_it_shows() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    for out in text_and_json!("secret_line", sb, &["validate"], |args| {
        on(&sb, "secret-trailing-comma.json", args)
    }) {
        assert!(!out.all().contains(SECRET), "secret leaked: {out:?}");
    }
}

#[test]
fn list_of_a_broken_file_without_servers_points_to_validate_not_add() {
    let sb = sandbox();
    let out = mcpctl_snapshot!(sb, &mut on(&sb, "servers-key.json", &["list"]));
    assert!(!out.all().contains("mcpctl add"), "{out:?}");
}

#[test]
fn list_names_env_values_that_are_not_strings_instead_of_dropping_them() {
    let sb = sandbox();
    sb.snapshots_differ_by_os(NPX_SHIM);
    text_and_json!("env_not_strings", sb, &["list"], |args| on(
        &sb,
        "acceptance.json",
        args
    ));
}

// ---- schema and completions ---------------------------------------------

#[test]
fn schema_prints_the_bundled_file_verbatim() {
    let sb = sandbox();
    let want =
        std::fs::read_to_string(support::repo().join("schemas/claude_desktop_config.schema.json"))
            .unwrap();
    for args in [&["schema"][..], &["schema", "--json"][..]] {
        let out = sb.run(sb.mcpctl().args(args));
        assert_eq!(out.code, Some(0));
        assert_eq!(out.stdout, want, "{args:?}");
    }
    let doc: Value = serde_json::from_str(&want).unwrap();
    assert!(doc["$id"].is_string());
}

#[test]
fn completions_for_every_shell() {
    let sb = sandbox();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = sb.run(sb.mcpctl().args(["completions", shell]));
        assert_eq!(out.code, Some(0), "{shell}: {out:?}");
        // the script asks `mcpctl` itself for each completion
        assert!(out.stdout.contains("MCPCTL_COMPLETE"), "{shell}: {out:?}");
        assert!(out.stdout.contains("mcpctl"), "{shell}");
    }
    mcpctl_snapshot!(sb, sb.mcpctl().args(["completions", "tcsh"]));
}

/// A generic `COMPLETE` in the environment (a CI or Makefile flag) is not
/// mcpctl's completion request: `--json` stays one JSON document.
#[test]
fn a_generic_complete_variable_changes_nothing() {
    let sb = sandbox();
    for value in ["true", "bash"] {
        let out = sb.run(
            sb.mcpctl()
                .args(["--json", "schema"])
                .env("COMPLETE", value),
        );
        assert_eq!(out.code, Some(0), "{value}: {out:?}");
        let doc: Value = serde_json::from_str(&out.stdout).expect("one JSON document");
        assert!(doc.is_object(), "{value}");
    }
}

#[test]
fn a_usage_error_with_json_prints_the_json_error_document() {
    let sb = sandbox();
    for (name, args) in [
        (
            "json_usage_error_bad_value",
            &["--json", "test-launch", "--timeout", "abc"][..],
        ),
        (
            "json_usage_error_unknown_command",
            &["--json", "frobnicate"][..],
        ),
    ] {
        let out = mcpctl_snapshot!(name, sb, sb.mcpctl().args(args));
        assert!(out.json()["error"]["hint"].is_string(), "{out:?}");
    }
}

/// Each command's `--help` opens with its own summary, the one `mcpctl
/// --help` lists beside it (the subcommands' arguments are built only when
/// needed, and an options struct flattened into a command must not lend it
/// its summary: `test-launch --help` once opened with "Output for CI").
#[test]
fn every_command_help_opens_with_its_own_summary() {
    let sb = Sandbox::new();
    let top = sb.run(sb.mcpctl().arg("--help"));
    let listed: Vec<(String, String)> = top
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // a wrapped summary goes on under more indentation
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| {
            let (name, about) = l.trim_start().split_once(' ')?;
            Some((name.to_string(), about.trim().to_string()))
        })
        .filter(|(name, _)| name != "help")
        .collect();
    assert!(listed.len() > 15, "{}", top.stdout);
    for (name, about) in listed {
        let help = sb.run(sb.mcpctl().args([name.as_str(), "--help"]));
        let first = help.stdout.lines().next().unwrap_or_default();
        let head: String = first.chars().take(30).collect();
        assert!(head.len() >= 10, "`{name} --help` opens with {first:?}");
        assert!(
            about.starts_with(&head),
            "`{name} --help` opens with {first:?}; `--help` lists {about:?}"
        );
    }
}
