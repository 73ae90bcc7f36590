//! `mcpctl export` and `mcpctl import` (issue 14): a machine's servers as
//! a portable document and back, end to end: export then import into an
//! empty config round-trips (the entries byte for byte, the document
//! exported again identical), `--redact` placeholders filled from the
//! environment or refused, name conflicts, `--dry-run`, the disabled
//! entries and Desktop Extensions listed (extensions cannot be installed),
//! and a config the app cannot parse refused.

use serde_json::Value;

use crate::edit::{Env, strict};
use crate::support::{self, homes};

/// A config with what real ones hold: env values, a secret in args, an
/// mcp-remote bridge, keys mcpctl does not know, a name written twice (the app keeps
/// the last), app preferences beside the servers.
fn source_config() -> String {
    format!(
        r#"{{
  "mcpServers": {{
    "ex": {{"command": {ex}, "args": ["--token", "ghp_abcdefghijklmnop0123"], "env": {{"API_KEY": "sk-live-0123456789", "MODE": "fast"}}}},
    "remote": {{"command": "npx", "args": ["-y", "mcp-remote", "https://mcp.example.com/mcp", "--header", "Authorization:${{AUTH_HEADER}}"], "env": {{"AUTH_HEADER": "Bearer abc"}}}},
    "twice": {{"command": {ex}, "args": ["--first"]}},
    "twice": {{"command": {ex}, "args": ["a b", "ü"], "cwd": "/tmp"}}
  }},
  "globalShortcut": "Ctrl+Space"
}}
"#,
        ex = serde_json::to_string(support::example_server()).unwrap()
    )
}

/// The `mcpServers` of `text` as the app parses it, serialized compactly
/// (key order kept): equal strings are equal entries, byte for byte.
fn servers_of(text: &str) -> String {
    serde_json::to_string(&strict(text)["mcpServers"]).unwrap()
}

#[test]
fn export_then_import_into_an_empty_config_round_trips() {
    let from = Env::with(&source_config());
    let out = from.run(&["export", "-o", "servers.json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("exported 3 servers, 0 disabled, 0 extensions to servers.json"),
        "{out:?}"
    );
    assert!(out.stderr.contains("holds env values in clear"), "{out:?}");
    let exported = std::fs::read_to_string(from.cwd().join("servers.json")).unwrap();
    let doc: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(doc["mcpctlExport"], 1);
    assert_eq!(doc["redacted"], false);
    // the export holds what the app reads: the last `twice`
    assert_eq!(
        serde_json::to_string(&doc["mcpServers"]).unwrap(),
        servers_of(&source_config())
    );

    let to = Env::new();
    let file = from.cwd().join("servers.json");
    let mut cmd = to.cmd(&["import"]);
    cmd.arg(&file);
    let out = to.sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains("sk-live-0123456789"), "{out:?}");
    assert_eq!(servers_of(&to.read()), servers_of(&source_config()));
    // and exported again: the same document, byte for byte
    let again = to.run(&["export"]);
    assert_eq!(again.code, Some(0), "{again:?}");
    assert_eq!(again.stdout, exported);
}

#[test]
fn redacted_placeholders_are_filled_from_the_environment_or_refused() {
    let from = Env::with(&source_config());
    let out = from.run(&["export", "--redact", "-o", "team.json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let file = from.cwd().join("team.json");
    let exported = std::fs::read_to_string(&file).unwrap();
    for secret in [
        "sk-live-0123456789",
        "ghp_abcdefghijklmnop0123",
        "fast",
        "Bearer abc",
    ] {
        assert!(!exported.contains(secret), "{secret} in:\n{exported}");
    }
    let doc: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(doc["mcpServers"]["ex"]["env"]["API_KEY"], "${API_KEY}");
    assert_eq!(doc["mcpServers"]["ex"]["args"][1], "${EX_TOKEN}");
    let names: Vec<&str> = doc["placeholders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["API_KEY", "MODE", "EX_TOKEN", "AUTH_HEADER"]);
    assert_eq!(doc["placeholders"][2]["at"], "/mcpServers/ex/args/1");
    // the bridge's own `${AUTH_HEADER}` is the config's: kept as written
    assert_eq!(
        doc["mcpServers"]["remote"]["args"][4],
        "Authorization:${AUTH_HEADER}"
    );

    // not set: refused, naming them, nothing written
    let to = Env::with("{}\n");
    let import = |env: &[(&str, &str)], extra: &[&str]| {
        let mut cmd = to.cmd(&["import"]);
        cmd.args(extra).arg(&file);
        for (k, v) in env {
            cmd.env(k, v);
        }
        to.sb.run(&mut cmd)
    };
    let out = import(&[("API_KEY", "sk-live-0123456789")], &[]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("needs 3 placeholders that are not set in mcpctl's environment: MODE, EX_TOKEN, AUTH_HEADER"),
        "{out:?}"
    );
    assert_eq!(to.read(), "{}\n");
    // --allow-missing: saved as written
    let out = import(&[], &["--allow-missing", "--dry-run"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("\"${EX_TOKEN}\""), "{out:?}");
    assert!(
        out.stderr.contains(
            "not set, saved as written (--allow-missing): API_KEY, MODE, EX_TOKEN, AUTH_HEADER"
        ),
        "{out:?}"
    );
    assert_eq!(to.read(), "{}\n");
    // a placeholder left unfilled is no secret but what the user must
    // fill: the entry and the diff show it as written, not `****`
    let out = import(&[], &["--allow-missing", "--dry-run", "--json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let ex = report["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "ex")
        .unwrap();
    assert_eq!(ex["entry"]["env"]["API_KEY"], "${API_KEY}", "{ex}");
    assert_eq!(ex["entry"]["env"]["MODE"], "${MODE}", "{ex}");
    let diff = report["diff"].as_str().unwrap();
    assert!(
        diff.contains("${API_KEY}") && !diff.contains("****"),
        "{diff}"
    );
    assert_eq!(to.read(), "{}\n");
    // all set: the original values, never shown
    let env = [
        ("API_KEY", "sk-live-0123456789"),
        ("MODE", "fast"),
        ("EX_TOKEN", "ghp_abcdefghijklmnop0123"),
        ("AUTH_HEADER", "Bearer abc"),
    ];
    let out = import(&env, &[]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains("sk-live-0123456789"), "{out:?}");
    assert!(
        out.stderr
            .contains("filled from the environment: API_KEY, MODE, EX_TOKEN, AUTH_HEADER"),
        "{out:?}"
    );
    assert_eq!(servers_of(&to.read()), servers_of(&source_config()));
}

/// `--redact` replaces secrets, not what the config holds that is none: a
/// `${VAR}` stays as written (it is the config's, and import leaves it
/// so), and a number (a port) or a switch stays a number or a switch; a
/// number named as a secret (`API_PIN`) is replaced as masking hides it.
#[test]
fn redact_keeps_references_and_plain_numbers_as_written() {
    let from = Env::with(
        "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\", \"env\": {\"HOME_DIR\": \"${HOME}\", \
\"PORT\": 8080, \"DEBUG\": true, \"API_PIN\": 987654321, \"API_KEY\": \"sk-live-0123456789\"}}}}\n",
    );
    let out = from.run(&["export", "--redact"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        doc["mcpServers"]["a"]["env"],
        serde_json::json!({
            "HOME_DIR": "${HOME}",
            "PORT": 8080,
            "DEBUG": true,
            "API_PIN": "${API_PIN}",
            "API_KEY": "${API_KEY}"
        }),
        "{}",
        out.stdout
    );
    let names: Vec<&str> = doc["placeholders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["API_PIN", "API_KEY"]);
    assert!(!out.stdout.contains("987654321") && !out.stdout.contains("sk-live"));

    // imported, `${HOME}` stays as written though HOME is set: it was no
    // placeholder of the export's
    // (a command absolute on every OS: `/bin/true` is not on Windows)
    let ex = serde_json::to_string(support::example_server()).unwrap();
    let only_home = Env::with(&format!(
        "{{\"mcpServers\": {{\"a\": {{\"command\": {ex}, \"env\": {{\"HOME_DIR\": \"${{HOME}}\"}}}}}}}}\n"
    ));
    let out = only_home.run(&["export", "--redact", "-o", "team.json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let to = Env::with("{}\n");
    let mut cmd = to.cmd(&["import"]);
    cmd.arg(only_home.cwd().join("team.json"))
        .env("HOME", "/home/elsewhere");
    let out = to.sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        strict(&to.read())["mcpServers"]["a"]["env"]["HOME_DIR"],
        "${HOME}"
    );
}

/// Numbers go through export and import as they were written: an integer
/// past 2^64, a decimal with a trailing zero, one past what a double holds
/// (JSON.parse reads Infinity; the app keeps whatever it reads), and `-0`.
#[test]
fn numbers_round_trip_as_written() {
    let ex = serde_json::to_string(support::example_server()).unwrap();
    let config = format!(
        "{{\"mcpServers\": {{\"a\": {{\"command\": {ex}, \"timeoutMs\": 0.10, \
\"seed\": 123456789012345678901234567890, \"far\": 1e400, \"neg\": -0}}}}}}\n"
    );
    let from = Env::with(&config);
    let out = from.run(&["export", "-o", "n.json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let exported = std::fs::read_to_string(from.cwd().join("n.json")).unwrap();
    // (`1e400` is written `1e+400`: the same number, its sign said)
    for digits in ["0.10", "123456789012345678901234567890", "1e+400", "-0"] {
        assert!(exported.contains(digits), "{digits} lost: {exported}");
    }
    let to = Env::with("{}\n");
    let mut cmd = to.cmd(&["import"]);
    cmd.arg(from.cwd().join("n.json"));
    let out = to.sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(servers_of(&to.read()), servers_of(&config));
    assert!(to.read().contains("\"far\": 1e+400"), "{}", to.read());
    // (serde_json reads a number held in a value back as an integer where
    // it can: import once wrote `0`)
    assert!(to.read().contains("\"neg\": -0"), "{}", to.read());
}

/// An absolute command the exporting machine had and this one lacks is
/// said once, with `validate`'s hint, as `add` and `add-json` say it once:
/// not also as the machine survey's `command-missing`, whose hint differs.
/// (A macOS path: on Windows it is no absolute path at all.)
#[cfg(unix)]
#[test]
fn a_missing_absolute_command_is_one_warning() {
    let to = Env::with("{}\n");
    let npx = "/Users/ann/.nvm/versions/node/v20.11.0/bin/npx";
    let doc = format!(
        r#"{{"mcpctlExport": 1, "redacted": false, "placeholders": [],
  "mcpServers": {{"gh": {{"command": "{npx}", "args": ["-y", "pkg"]}}}},
  "disabled": {{}}, "extensions": []}}"#
    );
    std::fs::write(to.cwd().join("team.json"), doc).unwrap();
    let out = to.run(&["import", "team.json", "--dry-run", "--json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let warnings: Vec<&str> = report["servers"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let about: Vec<&&str> = warnings.iter().filter(|w| w.contains(npx)).collect();
    assert_eq!(about.len(), 1, "{warnings:#?}");
    assert!(about[0].contains("[command-not-found]"), "{warnings:#?}");
    let text = to.run(&["import", "team.json", "--dry-run"]);
    assert_eq!(text.code, Some(0), "{text:?}");
    assert_eq!(text.stderr.matches(npx).count(), 1, "{text:?}");
    assert!(!text.stderr.contains("command-missing"), "{text:?}");
}

#[test]
fn a_name_that_exists_refuses_the_import_unless_forced() {
    let from = Env::with(&source_config());
    assert_eq!(from.run(&["export", "-o", "s.json"]).code, Some(0));
    let file = from.cwd().join("s.json");
    let mine = format!(
        "{{\n  \"mcpServers\": {{\n    \"twice\": {{\"command\": {}}}\n  }}\n}}\n",
        serde_json::to_string(support::example_server()).unwrap()
    );
    let mine = mine.as_str();
    let to = Env::with(mine);
    let run = |extra: &[&str]| {
        let mut cmd = to.cmd(&["import"]);
        cmd.args(extra).arg(&file);
        to.sb.run(&mut cmd)
    };
    let out = run(&[]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("server `twice` already exists"),
        "{out:?}"
    );
    assert_eq!(to.read(), mine, "all or nothing");
    // --dry-run --json: the plan, nothing written
    let out = run(&["--json", "--dry-run", "--force"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["written"], false);
    assert_eq!(doc["from"], file.display().to_string());
    let actions: Vec<(&str, &str)> = doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [("ex", "add"), ("remote", "add"), ("twice", "replace")]
    );
    assert_eq!(doc["servers"][0]["entry"]["env"]["API_KEY"], "****");
    assert!(!out.stdout.contains("sk-live-0123456789"), "{out:?}");
    assert_eq!(to.read(), mine);
    let out = run(&["--force"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(strict(&to.read())["mcpServers"]["twice"]["args"][0], "a b");
    assert_eq!(to.backups().len(), 1);
}

/// The disabled entries and the Desktop Extensions beside the config are
/// in the export; import lists them and says what to do.
#[test]
fn disabled_entries_and_extensions_are_exported_and_listed_on_import() {
    let sb = support::Sandbox::new();
    let config = homes::copy_home(&sb, "macos");
    let mut cmd = sb.mcpctl();
    cmd.arg("--config").arg(&config).args(["disable", "memory"]);
    assert_eq!(sb.run(&mut cmd).code, Some(0));
    let mut cmd = sb.mcpctl();
    cmd.arg("--config")
        .arg(&config)
        .args(["export", "-o", "all.json"]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(sb.work().join("all.json")).unwrap())
            .unwrap();
    assert!(doc["disabled"]["memory"]["command"].is_string(), "{doc:#}");
    assert!(doc["mcpServers"].get("memory").is_none(), "{doc:#}");
    let hello = doc["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "ant.dir.mcpctl.hello-node")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(hello["version"], "1.2.0");
    assert_eq!(hello["enabled"], true);

    let to = Env::new();
    std::fs::copy(sb.work().join("all.json"), to.cwd().join("all.json")).unwrap();
    // Unix only: the snapshot shows the Linux profile's PATH
    #[cfg(unix)]
    let out = mcpctl_snapshot!(
        "import_lists_disabled_and_extensions",
        to.sb,
        &mut to.cmd(&["import", "all.json"])
    );
    #[cfg(not(unix))]
    let out = to.run(&["import", "all.json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(strict(&to.read())["mcpServers"].get("memory").is_none());
}

#[test]
fn what_cannot_be_exported_or_imported_is_refused() {
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"},}}\n");
    let out = env.run(&["export"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("is not strict JSON"), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    // a folder that does not exist is named, not the temp file's name
    let ok = Env::with("{\"mcpServers\": {}}\n");
    let out = ok.run(&["export", "-o", "no-such-folder/s.json"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("cannot write the export to no-such-folder/s.json: no folder no-such-folder"),
        "{out:?}"
    );
    assert!(!out.stderr.contains(".tmp"), "{out:?}");
    let to = Env::with("{}\n");
    to.sb
        .write(to.cwd().join("not.json"), "{\"mcpServers\": {}}");
    to.sb
        .write(to.cwd().join("new.json"), "{\"mcpctlExport\": 2}");
    for (file, says) in [
        ("not.json", "is not an mcpctl export"),
        ("new.json", "this mcpctl reads format 1"),
        ("none.json", "no file at none.json"),
        (".", "is a folder"),
    ] {
        let out = to.run(&["import", file]);
        assert_eq!(out.code, Some(2), "{out:?}");
        assert!(out.stderr.contains(says), "{file}: {out:?}");
    }
    assert_eq!(to.read(), "{}\n");
}

/// `-o` that names the config (by any path, a link too) or the file of
/// disabled entries is refused before anything is written: the export
/// would replace the user's file with no backup.
#[test]
fn an_export_never_overwrites_the_files_it_reads() {
    let text = "{\n  \"globalShortcut\": \"Ctrl+Space\",\n  \"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}\n}\n";
    let env = Env::with(text);
    let side = env.config.parent().unwrap().join("mcpctl-disabled.json");
    let relative = format!(
        "Claude{}claude_desktop_config.json",
        std::path::MAIN_SEPARATOR
    );
    let mut targets = vec![
        env.config.display().to_string(),
        relative,
        side.display().to_string(),
    ];
    #[cfg(unix)]
    {
        let link = env.cwd().join("link.json");
        std::os::unix::fs::symlink(&env.config, &link).unwrap();
        targets.push(link.display().to_string());
    }
    for to in &targets {
        let out = env.run(&["export", "--redact", "-o", to]);
        assert_eq!(out.code, Some(2), "{to}: {out:?}");
        assert!(
            out.stderr.contains("the export would replace it"),
            "{out:?}"
        );
        assert!(
            out.stderr
                .contains("hint: write the export to a file of its own"),
            "{out:?}"
        );
        assert_eq!(env.read(), text, "{to}");
        assert!(!side.exists(), "{to}");
    }
    // nor a file the app or mcpctl keeps beside it: the extensions' settings
    // and manifests, a backup, the lock
    let dir = env.config.parent().unwrap().to_path_buf();
    let settings = dir.join("Claude Extensions Settings/ant.test.hello.json");
    let manifest = dir.join("Claude Extensions/ant.test.hello/manifest.json");
    let backup = dir.join("mcpctl-backups/claude_desktop_config.20261130T000000Z.json");
    for f in [&settings, &manifest, &backup] {
        env.sb.write(f, "{\"keep\": true}");
    }
    let lock = dir.join(".claude_desktop_config.json.mcpctl-lock");
    for to in [&settings, &manifest, &backup, &lock] {
        for args in [
            &["export", "-o", &to.display().to_string()][..],
            &["validate", "--junit", &to.display().to_string()],
        ] {
            let out = env.run(args);
            assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
            assert!(out.stderr.contains("would replace it"), "{args:?}: {out:?}");
        }
        if to != &lock {
            assert_eq!(std::fs::read_to_string(to).unwrap(), "{\"keep\": true}");
        }
    }
    // a file of its own is fine
    let out = env.run(&["export", "-o", "servers.json"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(env.read(), text);
    // `-o -` is stdout, as `import -` is stdin: no file named `-`
    let out = env.run(&["export", "-o", "-"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        strict(&out.stdout)["mcpServers"]["a"].is_object(),
        "{out:?}"
    );
    assert!(!env.cwd().join("-").exists());
}

/// `-o` through a symlink writes the file it names (the link stays), keeps
/// an existing file's permissions, and never replaces a read-only file.
#[cfg(unix)]
#[test]
fn an_export_writes_through_links_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}\n");
    let real = env.cwd().join("real.json");
    env.sb.write(&real, "old");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = env.cwd().join("olink");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = env.run(&["export", "-o", "olink"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("mcpctlExport")
    );
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read_to_string(&real).unwrap();
    let out = env.run(&["export", "-o", "real.json"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("is read-only"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), before);
    // nor does a JUnit report
    let out = env.run(&["validate", "--junit", "real.json"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("read-only"), "{out:?}");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), before);
}

/// A file of disabled entries that cannot be read is said, not skipped in
/// silence: the export has no disabled entries because of it.
#[test]
fn an_unreadable_file_of_disabled_entries_is_said() {
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}\n");
    let side = env.config.parent().unwrap().join("mcpctl-disabled.json");
    env.sb.write(&side, "{\"version\": 1, \"servers\": [");
    let out = env.run(&["export"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stderr.contains("warning[side-file-unreadable]"),
        "{out:?}"
    );
    assert_eq!(strict(&out.stdout)["disabled"], serde_json::json!({}));
}

/// An export that is not JSON, and a config that does not parse, are
/// refused at their place: the line with a caret under it, env values
/// masked; `at` in JSON.
#[test]
fn a_broken_export_or_config_is_refused_at_its_place() {
    let to = Env::with("{}\n");
    to.sb.name("sk-export-0123456789", "[SECRET]");
    to.sb.write(
        to.cwd().join("broken.json"),
        "{\n  \"mcpctlExport\": 1,\n  \"servers\": {\"a\": {\"command\": \"npx\", \"env\": {\"K\": \"sk-export-0123456789\"}},}\n}\n",
    );
    let out = mcpctl_snapshot!(
        "import_broken_export",
        to.sb,
        &mut to.cmd(&["import", "broken.json"])
    );
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(!out.stderr.contains("sk-export"), "{out:?}");
    let out = to.run(&["--json", "import", "broken.json"]);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["error"]["at"]["line"], 3, "{out:?}");
    assert_eq!(doc["error"]["at"]["column"], 76, "{out:?}");
    assert_eq!(to.read(), "{}\n");
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"npx\"},}}\n");
    let out = mcpctl_snapshot!("export_broken_config", env.sb, &mut env.cmd(&["export"]));
    assert_eq!(out.code, Some(2), "{out:?}");
}

/// An empty document (a file, or nothing on stdin) is said to be empty,
/// with how to make one, not as a parser's "EOF while parsing"; a
/// document in the wrong shape is refused at its place (`at` in JSON, the
/// line with a caret in text), as a config's errors are.
#[test]
fn an_empty_or_misshapen_export_is_said_so() {
    use std::io::Write;
    use std::process::Stdio;
    let to = Env::with("{}\n");
    to.sb.write(to.cwd().join("empty.json"), "");
    let out = to.run(&["import", "empty.json"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: empty.json is empty: nothing to import\n"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("hint: an export is the document mcpctl export -o FILE writes"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("EOF"), "{out:?}");
    for args in [&["import", "-"][..], &["--json", "import", "-"]] {
        let mut child = to
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mcpctl");
        child.stdin.take().expect("stdin").write_all(b"\n").unwrap();
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(2));
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("stdin is empty: nothing to import"), "{all}");
        assert!(!all.contains("EOF"), "{all}");
    }
    to.sb.write(
        to.cwd().join("shape.json"),
        "{\n  \"mcpctlExport\": 1,\n  \"mcpServers\": [\"a\"]\n}\n",
    );
    let out = to.run(&["import", "shape.json"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains(
            "\"mcpServers\" is an array, not an object of servers by name (line 3, column 17)"
        ),
        "{out:?}"
    );
    assert!(out.stderr.contains("--> shape.json:3:17"), "{out:?}");
    assert!(
        out.stderr
            .contains("hint: make one with mcpctl export -o FILE"),
        "{out:?}"
    );
    let doc = to.run(&["--json", "import", "shape.json"]).json();
    assert_eq!(doc["error"]["at"]["line"], 3, "{doc:#}");
    assert_eq!(doc["error"]["at"]["column"], 17, "{doc:#}");
    assert_eq!(to.read(), "{}\n");
}

/// What is not an export file is refused before it is read, as a config
/// would be: a FIFO (it would block) and a device (endless), and stdin is
/// read to 4 MB at most.
#[cfg(unix)]
#[test]
fn import_reads_only_a_regular_file_and_a_bounded_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let to = Env::with("{}\n");
    let fifo = to.cwd().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let t0 = std::time::Instant::now();
    for (file, says) in [
        ("pipe.json", "named pipe"),
        ("/dev/zero", "character device"),
    ] {
        let out = to.run(&["import", file]);
        assert_eq!(out.code, Some(2), "{out:?}");
        assert!(
            out.stderr.contains(says) && out.stderr.contains("hint:"),
            "{out:?}"
        );
    }
    assert!(t0.elapsed().as_secs() < 10, "took {:?}", t0.elapsed());
    let mut child = to
        .cmd(&["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mcpctl");
    let mut stdin = child.stdin.take().expect("stdin");
    // mcpctl stops reading at 4 MB: the rest of the write may fail
    let _ = stdin.write_all(&vec![b' '; 5 * 1024 * 1024]);
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("over 4 MB"), "{err}");
    assert_eq!(to.read(), "{}\n");
}

/// `import --check` launches each server as written in the export before
/// anything is written: one that fails refuses the import (exit 1), unless
/// `--force`; a healthy one has its check in the JSON.
#[test]
fn import_check_launches_each_server_first() {
    let to = Env::with("{\"mcpServers\": {}}\n");
    let ex = serde_json::to_string(support::example_server()).unwrap();
    to.sb.write(
        to.cwd().join("bad.json"),
        format!(r#"{{"mcpctlExport": 1, "mcpServers": {{"f": {{"command": {ex}, "args": ["--exit-code", "3"]}}}}}}"#),
    );
    let out = to.run(&["import", "bad.json", "--check", "--timeout", "10"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.contains("failed the check; nothing was written"),
        "{out:?}"
    );
    assert_eq!(to.read(), "{\"mcpServers\": {}}\n");
    to.sb.write(
        to.cwd().join("good.json"),
        format!(r#"{{"mcpctlExport": 1, "mcpServers": {{"g": {{"command": {ex}}}}}}}"#),
    );
    let out = to.run(&[
        "--json",
        "import",
        "good.json",
        "--check",
        "--timeout",
        "10",
    ]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.json()["servers"][0]["check"]["verdict"],
        "ok",
        "{out:?}"
    );
    assert!(strict(&to.read())["mcpServers"]["g"].is_object());
}
