//! Everything the app runs, end to end on copies of the fixture homes
//! (`tests/fixtures/homes/`): `list` and `path` see the Desktop Extensions
//! and the disabled entries beside the config, `validate --extensions`
//! lints the manifests with positions, `test-launch` and `doctor` launch
//! each enabled extension from its manifest (real node, python and the
//! rmcp example server) and list the disabled ones, and doctor's wipe
//! guard sees a config the app replaced with a stub.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::support::homes::{self, copy_home, install_servers};
use crate::support::{self, Sandbox};

/// A sandbox with a copy of a fixture home; commands get `--config` to it.
struct Home {
    sb: Sandbox,
    config: PathBuf,
}

impl Home {
    fn new(home: &str) -> Home {
        let sb = Sandbox::new();
        sb.snapshots_differ_by_os(
            "the app's own folders, policy places and extensions' platform overrides are the OS's",
        );
        let config = copy_home(&sb, home);
        Home { sb, config }
    }

    fn data_dir(&self) -> PathBuf {
        self.config.parent().expect("data folder").to_path_buf()
    }

    /// `mcpctl --config CONFIG ARGS...`.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.mcpctl();
        cmd.arg("--config").arg(&self.config).args(args);
        cmd
    }

    /// The servers installed and a PATH for the app that finds node and
    /// python3; None (with a loud skip, a failure under CI) when either is
    /// missing.
    fn ready_to_launch(&self, test: &str) -> Option<String> {
        let Some(path) = homes::runtime_path() else {
            assert!(
                !support::is_ci(),
                "{test}: node and python3 are needed under CI"
            );
            support::loud_skip(test, "node or python3 is not on PATH");
            return None;
        };
        install_servers(&self.data_dir());
        self.sb.name(&path, "[PATH]");
        Some(path)
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    x["name"]
                        .as_str()
                        .or(x["id"].as_str())
                        .unwrap_or("?")
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn list_shows_config_servers_and_extensions_together() {
    let h = Home::new("macos");
    let [text, json] = text_and_json!("list_macos", h.sb, &["list"], |args: &[&str]| h.cmd(args));
    assert_eq!(text.code, Some(0), "collisions are warnings: {text:?}");
    assert!(text.stderr.contains("warning[name-collision]"), "{text:?}");
    let v = json.json();
    assert_eq!(v["servers"][0]["source"], "config");
    let exts = &v["extensions"];
    assert_eq!(exts.as_array().map(Vec::len), Some(8));
    let enabled: Vec<&str> = exts
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["enabled"] == true)
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(
        enabled,
        [
            "ant.dir.mcpctl.hello-node",
            "local.mcpctl.missing-workspace",
            "local.mcpctl.needs-key",
            "local.mcpctl.notes-python",
            "local.mcpctl.rmcp-example"
        ]
    );
    assert_eq!(v["collisions"][0]["code"], "name-collision");
}

#[test]
fn list_shows_disabled_entries_of_the_side_file() {
    let h = Home::new("linux");
    let out = mcpctl_snapshot!("list_linux", h.sb, &mut h.cmd(&["list"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    let v = h.sb.run(&mut h.cmd(&["list", "--json"])).json();
    assert_eq!(ids(&v["disabled"]), ["everything"]);
    assert_eq!(v["disabled"][0]["source"], "disabled");
    assert_eq!(v["disabled"][0]["enabled"], false);
}

#[test]
fn path_names_where_the_apps_state_is_read() {
    let h = Home::new("macos");
    let [_, json] = text_and_json!("path_macos", h.sb, &["path"], |args: &[&str]| h.cmd(args));
    let v = json.json();
    assert_eq!(v["app_state"]["extensions_dir"]["exists"], true);
    assert_eq!(v["app_state"]["disabled_file"]["exists"], false);
    // the places the app reads an admin policy from: none on Linux, the
    // registry keys on Windows
    let policy = v["app_state"]["policy"].as_array().expect("policy list");
    assert_eq!(policy.is_empty(), !cfg!(windows), "{policy:?}");
}

#[test]
fn validate_lints_every_manifest_with_positions() {
    let h = Home::new("macos");
    let out = mcpctl_snapshot!(
        "validate_extensions",
        h.sb,
        &mut h.cmd(&["validate", "--extensions"])
    );
    assert_eq!(out.code, Some(1), "a manifest has an error: {out:?}");
    // without the flag, only the config
    let plain = h.sb.run(&mut h.cmd(&["validate"]));
    assert_eq!(plain.code, Some(0), "{plain:?}");
    let v =
        h.sb.run(&mut h.cmd(&["validate", "--json", "--extensions"]))
            .json();
    let bad = v["extensions"]
        .as_array()
        .and_then(|a| a.iter().find(|m| m["id"] == "local.mcpctl.no-settings"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(bad["diagnostics"][0]["code"], "manifest-wrong-type");
    assert_eq!(bad["diagnostics"][0]["line"], 19);
    assert_eq!(bad["diagnostics"][0]["column"], 15);
    // a manifest has no mcpServers: the one shape, with no server
    assert_eq!(bad["diagnostics"][0].get("server"), Some(&Value::Null));
    assert_eq!(v["ok"], false);
}

#[cfg(unix)]
#[test]
fn test_launch_launches_each_enabled_extension_from_its_manifest() {
    let h = Home::new("macos");
    let Some(path) = h.ready_to_launch("test_launch_launches_each_enabled_extension") else {
        return;
    };
    // the config: the example server alone (launching the fixture's npx
    // entry would need the network)
    let config = format!(
        "{{\n  \"mcpServers\": {{\n    \"example\": {{\n      \"command\":\n        {}\n    }}\n  }}\n}}\n",
        serde_json::to_string(support::example_server()).unwrap()
    );
    std::fs::write(&h.config, config).unwrap();
    let mut cmd = h.cmd(&["test-launch"]);
    cmd.env("MCPCTL_APP_PATH", &path);
    let out = mcpctl_snapshot!("test_launch_macos", h.sb, &mut cmd);
    assert_eq!(out.code, Some(1), "the app would not start one: {out:?}");

    let mut cmd = h.cmd(&["--json", "test-launch"]);
    cmd.env("MCPCTL_APP_PATH", &path);
    let v = h.sb.run(&mut cmd).json();
    let launched: Vec<(String, Value)> = v["extensions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["name"].as_str().unwrap_or("").to_string(),
                e["result"]["ok"].clone(),
            )
        })
        .collect();
    let want = |id: &str, ok: Value| (id.to_string(), ok);
    assert_eq!(
        launched,
        [
            want("ant.dir.mcpctl.hello-node", Value::Bool(true)),
            want("local.mcpctl.missing-workspace", Value::Null),
            want("local.mcpctl.needs-key", Value::Bool(true)),
            want("local.mcpctl.notes-python", Value::Bool(true)),
            want("local.mcpctl.rmcp-example", Value::Bool(true)),
        ],
        "{v:#}"
    );
    assert_eq!(
        ids(&v["not_launched"]),
        [
            "ant.dir.mcpctl.weather-uv",
            "local.mcpctl.gone",
            "local.mcpctl.no-settings"
        ]
    );
    assert_eq!(v["summary"]["total"], 6);
    assert_eq!(v["summary"]["failed"], 1);
    // the list setting expanded into arguments, the saved number and the
    // boolean as the app writes them
    let hello = &v["extensions"][0];
    assert_eq!(hello["args"][1], "/Users/ann/Projects");
    assert_eq!(hello["args"][2], "/Users/ann/Notes");
    // the keychain value is named, not guessed
    assert_eq!(
        v["extensions"][2]["problems"][0]["code"],
        "extension-keychain-value"
    );
}

#[cfg(unix)]
#[test]
fn test_launch_takes_extension_names_and_lists_disabled_ones() {
    let h = Home::new("macos");
    let Some(path) = h.ready_to_launch("test_launch_takes_extension_names") else {
        return;
    };
    let mut cmd = h.cmd(&["--json", "test-launch", "notes (python)", "weather-uv"]);
    cmd.env("MCPCTL_APP_PATH", &path);
    let out = h.sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    let v = out.json();
    assert_eq!(
        v["servers"],
        serde_json::json!([]),
        "no config server asked for"
    );
    assert_eq!(ids(&v["extensions"]), ["local.mcpctl.notes-python"]);
    assert_eq!(ids(&v["not_launched"]), ["ant.dir.mcpctl.weather-uv"]);
    let unknown = h.sb.run(&mut h.cmd(&["test-launch", "nope"]));
    assert_eq!(unknown.code, Some(2));
    assert!(
        unknown.stderr.contains("local.mcpctl.rmcp-example"),
        "the error lists the extensions: {unknown:?}"
    );
}

#[cfg(unix)]
#[test]
fn doctor_launches_extensions_lints_manifests_and_counts_them() {
    let h = Home::new("macos");
    let Some(path) = h.ready_to_launch("doctor_launches_extensions") else {
        return;
    };
    std::fs::write(&h.config, "{\n  \"mcpServers\": {}\n}\n").unwrap();
    let mut cmd = h.cmd(&["doctor"]);
    cmd.env("MCPCTL_APP_PATH", &path);
    let out = h.sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    // the section alone: the machine section shows this machine's tools
    let section: String = out
        .stdout
        .split("\n5. ")
        .nth(1)
        .map(|s| format!("5. {s}"))
        .unwrap_or_default();
    text_snapshot!("doctor_macos_section", h.sb, section);

    let mut cmd = h.cmd(&["--json", "doctor"]);
    cmd.env("MCPCTL_APP_PATH", &path);
    let v = h.sb.run(&mut cmd).json();
    let app = &v["app_state"];
    let ext = |id: &str| {
        app["extensions"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        ext("local.mcpctl.rmcp-example")["launch"]["result"]["ok"],
        true
    );
    assert_eq!(ext("local.mcpctl.rmcp-example")["healthy"], true);
    assert_eq!(ext("local.mcpctl.missing-workspace")["errors"], 1);
    assert!(
        ext("ant.dir.mcpctl.weather-uv")["launch"].is_null(),
        "disabled: not launched"
    );
    assert_eq!(ext("local.mcpctl.no-settings")["manifest"]["errors"], 1);
    assert_eq!(
        ext("local.mcpctl.no-settings")["errors"],
        0,
        "disabled: not counted"
    );
    // missing-workspace's error, needs-key's keychain warning
    assert_eq!(v["summary"]["errors"], 1, "{:#}", v["summary"]);
    assert_eq!(v["summary"]["warnings"], 1, "{:#}", v["summary"]);
    // no config server: the tools in the context are the extensions'
    let tools = v["summary"]["context"]["tools"].as_u64().unwrap_or(0);
    assert!(tools > 0, "{:#}", v["summary"]);
}

#[test]
fn doctor_sees_a_wiped_file_and_names_the_command() {
    let h = Home::new("linux");
    let out = h.sb.run(&mut h.cmd(&["--json", "doctor", "--no-launch"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    let v = out.json();
    let wipe = &v["app_state"]["wipe"];
    assert_eq!(
        wipe["lost"],
        serde_json::json!(["memory", "fetch", "github"])
    );
    let cmd = format!(
        "mcpctl --config {} restore --merge-servers",
        h.config.display()
    );
    assert_eq!(wipe["restore"], cmd.as_str());
    assert_eq!(v["app_state"]["findings"][0]["code"], "config-wiped");
    let text = h.sb.run(&mut h.cmd(&["doctor", "--no-launch"]));
    let section: String = text
        .stdout
        .split("\n5. ")
        .nth(1)
        .map(|s| format!("5. {s}"))
        .unwrap_or_default();
    text_snapshot!("doctor_wiped_section", h.sb, section);
}

/// A sandbox with a config of one server in `work/`, a folder of no app.
fn one_server_in_work() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let config = sb.write(
        "work/c.json",
        "{\"mcpServers\": {\"a\": {\"command\": \"/bin/true\"}}}",
    );
    (sb, config)
}

#[test]
fn an_empty_folder_changes_nothing() {
    // no extensions, nothing disabled, no policy on Linux: list and doctor
    // say what they always said
    let (sb, config) = one_server_in_work();
    let list = sb.run(sb.mcpctl().arg("--config").arg(&config).arg("list"));
    assert!(!list.stdout.contains("SOURCE"), "{list:?}");
    let doctor =
        sb.run(
            sb.mcpctl()
                .arg("--config")
                .arg(&config)
                .args(["--json", "doctor", "--no-launch"]),
        );
    assert!(doctor.json().get("app_state").is_none(), "{doctor:?}");
}

/// `validate --extensions` over shared files it cannot read: a file where
/// the `Claude Extensions` folder goes is an error (which extensions there
/// are is unknown), a broken installation record a warning; each named by
/// its file, not left out in silence.
#[test]
fn validate_extensions_says_the_shared_files_cannot_be_read() {
    let (sb, config) = one_server_in_work();
    sb.write("work/Claude Extensions", "not a folder");
    sb.write("work/extensions-installations.json", "{");
    let run = |args: &[&str]| sb.run(sb.mcpctl().arg("--config").arg(&config).args(args));
    let out = run(&["--json", "validate", "--extensions"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let v = out.json();
    // (errors, warnings, the one diagnostic's code and severity)
    let said = |id: &str| {
        let e = v["extensions"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no {id}: {v:#}"));
        let d = &e["diagnostics"][0];
        (
            e["errors"].as_u64(),
            e["warnings"].as_u64(),
            d["code"].as_str().map(String::from),
            d["severity"].as_str().map(String::from),
        )
    };
    let text = |s: &str| Some(s.to_string());
    assert_eq!(
        said("Claude Extensions"),
        (
            Some(1),
            Some(0),
            text("extensions-folder-unreadable"),
            text("error")
        )
    );
    assert_eq!(
        said("extensions-installations.json"),
        (
            Some(0),
            Some(1),
            text("extensions-record-unreadable"),
            text("warning")
        )
    );
    let text = run(&["validate", "--extensions"]);
    assert_eq!(text.code, Some(1), "{text:?}");
    assert!(
        text.stdout.contains("extensions-folder-unreadable"),
        "{text:?}"
    );
    assert!(
        text.stdout.contains("extensions-record-unreadable"),
        "{text:?}"
    );
}

/// A data folder whose extensions the app cannot load (folder gone,
/// manifest missing, not strict JSON, a command that is not a string),
/// though the installation record keeps a good copy of each manifest, and
/// one whose command is a sensitive setting's value.
fn unloadable_extensions(sb: &Sandbox) -> PathBuf {
    let server = serde_json::to_string(support::example_server()).unwrap();
    let manifest = |command: &str| {
        format!(
            r#"{{"manifest_version": "0.3", "name": "n", "version": "1.0.0", "description": "d",
 "author": {{"name": "a"}}, "server": {{"type": "binary", "entry_point": "x",
 "mcp_config": {{"command": {command}}}}},
 "user_config": {{"bin": {{"type": "string", "title": "b", "description": "d", "sensitive": true}}}}}}"#
        )
    };
    let good = manifest(&server);
    let ids = [
        "ext.gone",
        "ext.no-manifest",
        "ext.not-json",
        "ext.array",
        "ext.secret",
        "ext.bare",
    ];
    // ext.bare's record keeps no copy of its manifest
    let records: Vec<String> = ids
        .iter()
        .map(|id| match *id {
            "ext.bare" => format!(r#""{id}": {{"id": "{id}", "version": "1.0.0"}}"#),
            _ => format!(r#""{id}": {{"id": "{id}", "version": "1.0.0", "manifest": {good}}}"#),
        })
        .collect();
    let config = sb.write(
        "data/claude_desktop_config.json",
        "{\n  \"mcpServers\": {}\n}\n",
    );
    sb.write(
        "data/extensions-installations.json",
        format!("{{\"extensions\": {{{}}}}}", records.join(",\n")),
    );
    std::fs::create_dir_all(sb.root().join("data/Claude Extensions/ext.no-manifest")).unwrap();
    sb.write(
        "data/Claude Extensions/ext.not-json/manifest.json",
        good.replace("\"n\",", "\"n\",,"),
    );
    sb.write(
        "data/Claude Extensions/ext.bare/manifest.json",
        "{\n  // a comment\n  \"name\": \"bare\"\n}\n",
    );
    sb.write(
        "data/Claude Extensions/ext.array/manifest.json",
        manifest(&format!("[{server}]")),
    );
    sb.write(
        "data/Claude Extensions/ext.secret/manifest.json",
        manifest("\"${user_config.bin}\""),
    );
    for id in ids {
        let saved = if id == "ext.secret" {
            r#"{"isEnabled": true, "userConfig": {"bin": "no-such-SECRETBIN-42"}}"#
        } else {
            r#"{"isEnabled": true}"#
        };
        sb.write(format!("data/Claude Extensions Settings/{id}.json"), saved);
    }
    config
}

#[test]
fn an_extension_the_app_cannot_load_is_a_failure_not_a_launch_of_its_record() {
    let sb = Sandbox::new();
    let config = unloadable_extensions(&sb);
    let run = |args: &[&str]| {
        let mut cmd = sb.mcpctl();
        cmd.arg("--config").arg(&config).args(args);
        sb.run(&mut cmd)
    };
    let out = run(&["--json", "test-launch"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let v = out.json();
    let seen: Vec<(String, bool, String, bool)> = v["extensions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["name"].as_str().unwrap_or("").to_string(),
                e["app_starts"] == true,
                e["problems"][0]["code"].as_str().unwrap_or("").to_string(),
                e["result"].is_null(),
            )
        })
        .collect();
    let want = |id: &str, starts: bool, code: &str, unlaunched: bool| {
        (id.to_string(), starts, code.to_string(), unlaunched)
    };
    assert_eq!(
        seen,
        [
            want("ext.array", false, "extension-no-command", true),
            want("ext.bare", false, "manifest-not-json", true),
            want("ext.gone", false, "extension-folder-missing", true),
            want("ext.no-manifest", false, "manifest-missing", true),
            want("ext.not-json", false, "manifest-not-json", true),
            want("ext.secret", true, "", false),
        ],
        "{v:#}"
    );
    assert_eq!(v["summary"]["failed"], 6, "{v:#}");
    // the installation problem alone: not what the record's copy lacks
    for e in v["extensions"].as_array().into_iter().flatten() {
        let problems = e["problems"].as_array().map_or(0, Vec::len);
        assert!(e["app_starts"] == true || problems == 1, "{e:#}");
    }

    // a sensitive setting's value never shows, wherever it stands (here:
    // the command, so the spawn error and its hint quote it)
    for args in [
        &["test-launch"][..],
        &["--json", "test-launch"],
        &["test-launch", "--format", "github"],
        &["doctor"],
        &["--json", "doctor"],
        &["doctor", "--no-launch"],
    ] {
        let out = run(args);
        assert!(!out.all().contains("SECRETBIN"), "{args:?}: {out:?}");
    }
    let shown = run(&["test-launch", "--show-secrets", "ext.secret"]);
    assert!(shown.all().contains("no-such-SECRETBIN-42"), "{shown:?}");

    // doctor says each installation problem once, and counts it once
    let v = run(&["--json", "doctor"]).json();
    let gone = v["app_state"]["extensions"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"] == "ext.gone"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(gone["errors"], 1, "{gone:#}");
    assert_eq!(
        gone["launch"]["problems"],
        serde_json::json!([]),
        "{gone:#}"
    );

    // validate --extensions fails on a manifest it could not read
    let out = run(&["--json", "validate", "--extensions"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let v = out.json();
    let missing = v["extensions"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"] == "ext.no-manifest"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(missing["checked_as"], "none", "{v:#}");
    assert_eq!(
        missing["diagnostics"][0]["code"], "manifest-missing",
        "{v:#}"
    );
}

/// A manifest's version and display name are the manifest's words: a line
/// break in them is shown as an escape in `doctor`'s and `list`'s lines,
/// never a line of its own that reads as another extension's status.
#[test]
fn a_manifests_line_break_cannot_forge_a_status_line() {
    let sb = Sandbox::new();
    let manifest = r#"{"manifest_version": "0.3", "name": "nl", "display_name": "Fine\nFORGED-NAME",
 "version": "1.0.0\n  ok    FORGED-VERSION", "description": "d", "author": {"name": "a"},
 "server": {"type": "node", "entry_point": "i.js",
 "mcp_config": {"command": "node", "args": ["i.js"]}}}"#;
    let config = sb.write(
        "data/claude_desktop_config.json",
        "{\n  \"mcpServers\": {}\n}\n",
    );
    sb.write(
        "data/extensions-installations.json",
        format!(r#"{{"extensions": {{"bad.nl": {{"id": "bad.nl", "version": "1.0.0", "manifest": {manifest}}}}}}}"#),
    );
    sb.write("data/Claude Extensions/bad.nl/manifest.json", manifest);
    sb.write(
        "data/Claude Extensions Settings/bad.nl.json",
        r#"{"isEnabled": true}"#,
    );
    for args in [&["doctor", "--no-launch"][..], &["list"]] {
        let mut cmd = sb.mcpctl();
        cmd.arg("--config").arg(&config).args(args);
        let out = sb.run(&mut cmd);
        assert!(out.stdout.contains("FORGED-VERSION"), "{args:?}: {out:?}");
        for line in out.stdout.lines() {
            assert!(
                !line.trim_start().starts_with("ok    FORGED")
                    && !line.trim_start().starts_with("FORGED"),
                "{args:?}: a manifest started a line: {line:?}\n{}",
                out.stdout
            );
        }
    }
}
