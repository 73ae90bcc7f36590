//! `mcpctl disable` / `mcpctl enable`, and `restore --merge-servers`, end
//! to end: a server moved out of the config into mcpctl's side file and back
//! gives the file back byte for byte (a property over odd formatting, run
//! through the real binary), a move stopped halfway is seen and finished,
//! an extension's `isEnabled` is flipped (and refused while the app runs),
//! and a file the app replaced with a preferences-only stub gets its
//! servers back with the app's new preferences kept.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

use crate::support::homes::copy_home;
use crate::support::{Out, Sandbox};

struct Env {
    sb: Sandbox,
    config: PathBuf,
}

impl Env {
    fn with(text: &str) -> Env {
        let sb = Sandbox::new();
        let config = sb.write("work/claude_desktop_config.json", text);
        Env { sb, config }
    }

    fn home(home: &str) -> Env {
        let sb = Sandbox::new();
        let config = copy_home(&sb, home);
        Env { sb, config }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.mcpctl();
        cmd.arg("--config").arg(&self.config).args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Out {
        self.sb.run(&mut self.cmd(args))
    }

    fn dir(&self) -> &Path {
        self.config.parent().expect("folder")
    }

    fn side(&self) -> PathBuf {
        self.dir().join("mcpctl-disabled.json")
    }

    fn text(&self) -> String {
        std::fs::read_to_string(&self.config).expect("read config")
    }

    fn backups(&self) -> Vec<String> {
        self.backups_under("mcpctl-backups")
    }

    /// The backups' names in `folder` (relative to the config's).
    fn backups_under(&self, folder: &str) -> Vec<String> {
        crate::support::backups_in(&self.dir().join(folder))
            .iter()
            .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
            .collect()
    }
}

const CONFIG: &str = "{\n  \"mcpServers\": {\n    \"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-memory\"]},\n    \"github\": {\n      \"command\": \"npx\",\n      \"env\": {\"GITHUB_TOKEN\": \"ghp_secret_value\"}\n    }\n  },\n  \"preferences\": {\"menuBarEnabled\": true}\n}\n";

#[test]
fn disable_then_enable_gives_the_file_back() {
    let env = Env::with(CONFIG);
    let out = mcpctl_snapshot!(
        "disable_github",
        env.sb,
        &mut env.cmd(&["disable", "github"])
    );
    assert_eq!(out.code, Some(0));
    assert!(!env.text().contains("github"), "{}", env.text());
    let side = std::fs::read_to_string(env.side()).expect("side file");
    assert!(
        side.contains("ghp_secret_value"),
        "the entry, byte for byte"
    );
    assert!(
        !out.all().contains("ghp_secret_value"),
        "never shown: {out:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.side()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the side file holds secrets: {mode:o}");
    }
    mcpctl_snapshot!("list_after_disable", env.sb, &mut env.cmd(&["list"]));
    let again = env.run(&["disable", "github"]);
    assert_eq!(again.code, Some(0));
    assert!(again.stdout.contains("already disabled"), "{again:?}");

    let out = mcpctl_snapshot!("enable_github", env.sb, &mut env.cmd(&["enable", "github"]));
    assert_eq!(out.code, Some(0));
    assert_eq!(env.text(), CONFIG, "byte for byte");
    // one backup of the config per write, one of the side file
    assert_eq!(env.backups().len(), 3, "{:?}", env.backups());
}

/// A name holding an escape character is shown in ANSI-C quotes: one safe
/// line, and the suggested command pasted into bash finds the server.
#[cfg(unix)]
#[test]
fn a_suggested_command_with_an_odd_name_can_be_pasted() {
    let config = "{\"mcpServers\": {\"a\\u001b[31mb\": {\"command\": \"npx\"}}}\n";
    let env = Env::with(config);
    let out = env.run(&["disable", "a\u{1b}[31mb"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.all().contains('\u{1b}'), "no raw escape: {out:?}");
    let start = out.stdout.find("(`mcpctl ").expect("the suggestion");
    let suggested = out.stdout[start + 2..]
        .split('`')
        .next()
        .expect("closing backquote");
    assert!(suggested.ends_with(" enable $'a\\x1b[31mb'"), "{suggested}");
    // what a user pastes, run by bash with this build first on PATH
    let bin = std::path::Path::new(crate::support::mcpctl_bin())
        .parent()
        .expect("folder");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let pasted = Command::new("bash")
        .arg("-c")
        .arg(suggested)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash");
    assert!(
        pasted.status.success(),
        "{}",
        String::from_utf8_lossy(&pasted.stderr)
    );
    assert_eq!(env.text(), config, "put back byte for byte");
}

/// `text` with every other line ending made CRLF.
fn mixed_line_endings(text: &str) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(n, l)| {
            if n % 2 == 1 {
                l.replace('\n', "\r\n")
            } else {
                l.to_string()
            }
        })
        .collect()
}

/// Disabled from a CRLF file, or one that mixed CRLF and LF, that the app
/// (or an editor) then rewrote with LF: the entry comes back with LF, not
/// with its old line ends. A file still as it was gets its very bytes
/// back, mixed ones too.
#[test]
fn an_entry_comes_back_with_the_files_line_endings() {
    for source in [CONFIG.replace('\n', "\r\n"), mixed_line_endings(CONFIG)] {
        let env = Env::with(&source);
        assert_eq!(env.run(&["disable", "memory"]).code, Some(0));
        let lf = env.text().replace("\r\n", "\n");
        std::fs::write(&env.config, &lf).unwrap();
        assert_eq!(env.run(&["enable", "memory"]).code, Some(0));
        let text = env.text();
        assert!(!text.contains('\r'), "{text:?}");
        assert_eq!(text, CONFIG);

        let env = Env::with(&source);
        assert_eq!(env.run(&["disable", "memory"]).code, Some(0));
        assert_eq!(env.run(&["enable", "memory"]).code, Some(0));
        assert_eq!(env.text(), source, "untouched since: byte for byte");
    }
}

/// The entry's own lines count too: separators on one line (`"a": {...},
/// "b"`) say nothing of the endings inside the entry.
#[test]
fn an_entry_whose_separators_hold_no_line_end_takes_the_files_too() {
    let lf = "{\n  \"mcpServers\": {\"a\": {\n    \"command\": \"node\", \"args\": [\"/tmp/a.js\"]\n  }, \"b\": {\"command\": \"node\", \"args\": [\"/tmp/b.js\"]}}\n}\n";
    let env = Env::with(lf);
    assert_eq!(env.run(&["disable", "a"]).code, Some(0));
    let crlf = env.text().replace('\n', "\r\n");
    std::fs::write(&env.config, &crlf).unwrap();
    assert_eq!(env.run(&["enable", "a"]).code, Some(0));
    assert_eq!(env.text(), lf.replace('\n', "\r\n"));
}

#[test]
fn json_dry_run_and_unknown_names() {
    let env = Env::with(CONFIG);
    let dry = env.run(&["--json", "disable", "memory", "--dry-run"]);
    assert_eq!(dry.code, Some(0), "{dry:?}");
    let v = dry.json();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["files"][0]["role"], "side-file");
    assert_eq!(v["files"][1]["role"], "config");
    assert_eq!(v["files"][1]["written"], false);
    assert_eq!(env.text(), CONFIG, "nothing written");
    assert!(!env.side().exists());
    let out = mcpctl_snapshot!(
        "unknown_name",
        env.sb,
        &mut env.cmd(&["--json", "enable", "nope"])
    );
    assert_eq!(out.code, Some(2));
}

#[test]
fn a_move_stopped_halfway_is_seen_and_finished_either_way() {
    let env = Env::with(CONFIG);
    assert_eq!(env.run(&["disable", "memory"]).code, Some(0));
    // mcpctl stopped after the side file, before the config: the entry is
    // in both files
    std::fs::write(&env.config, CONFIG).unwrap();
    let list = env.run(&["list"]);
    assert!(
        list.stderr.contains("warning[disable-unfinished]"),
        "{list:?}"
    );
    let doctor = env.run(&["--json", "doctor", "--no-launch"]).json();
    assert_eq!(
        doctor["app_state"]["findings"][0]["code"],
        "disable-unfinished"
    );

    let done = env.run(&["--json", "enable", "memory"]).json();
    assert_eq!(done["finished_interrupted"], true);
    assert_eq!(env.text(), CONFIG);
    let side: Value = serde_json::from_str(&std::fs::read_to_string(env.side()).unwrap()).unwrap();
    assert_eq!(side["servers"], serde_json::json!([]));

    // the other way: disable finishes by taking it out of the config
    assert_eq!(env.run(&["disable", "memory"]).code, Some(0));
    let disabled = env.text();
    std::fs::write(&env.config, CONFIG).unwrap();
    let done = env.run(&["--json", "disable", "memory"]).json();
    assert_eq!(done["finished_interrupted"], true);
    assert_eq!(env.text(), disabled);
    assert_eq!(env.run(&["enable", "memory"]).code, Some(0));
    assert_eq!(env.text(), CONFIG);
}

#[test]
fn an_entry_added_again_is_not_overwritten() {
    let env = Env::with(CONFIG);
    assert_eq!(env.run(&["disable", "memory"]).code, Some(0));
    let readded = env.text().replace(
        "\"mcpServers\": {",
        "\"mcpServers\": {\n    \"memory\": {\"command\": \"uvx\"},",
    );
    std::fs::write(&env.config, &readded).unwrap();
    let out = env.run(&["enable", "memory"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("added again"), "{out:?}");
    assert_eq!(env.text(), readded, "nothing written");
}

/// A read-only config is refused before the side file is written: no
/// side file, no backups folder, no copy of the entry (and its secrets)
/// made for a change that is then undone.
#[test]
fn a_read_only_config_is_refused_before_anything_is_written() {
    let env = Env::with(CONFIG);
    let mut perm = std::fs::metadata(&env.config).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&env.config, perm.clone()).unwrap();
    let out = env.run(&["disable", "github"]);
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(&env.config, perm).unwrap();
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("read-only"), "{out:?}");
    assert_eq!(env.text(), CONFIG);
    assert!(!env.side().exists(), "no side file");
    assert!(!env.dir().join("mcpctl-backups").exists(), "no backups");
}

/// A config of `n` servers written with odd but valid formatting.
fn odd_config() -> impl Strategy<Value = (String, usize)> {
    let ws = prop::sample::select(vec![
        "", " ", "  ", "\t", "\n", "\n    ", "\r\n\t\t", " \n ",
    ]);
    (
        prop::collection::vec((ws.clone(), ws.clone(), ws.clone(), ws.clone()), 1..5),
        ws.clone(),
        any::<bool>(),
    )
        .prop_map(|(gaps, end, prefs_first)| {
            let members: Vec<String> = gaps
                .iter()
                .enumerate()
                .map(|(i, (a, b, c, d))| {
                    format!(
                        "{a}\"s{i}\"{b}:{c}{{\"command\":{d}\"/bin/s{i}\",\"args\":[{c}\"-x\"{d}]}}"
                    )
                })
                .collect();
            let servers = format!("{{{}{end}}}", members.join(","));
            let prefs = "\"preferences\" : { \"quickEntryShortcut\" : \"off\" }";
            let text = if prefs_first {
                format!("{{ {prefs},\n\"mcpServers\":{servers}}}{end}")
            } else {
                format!("{{\"mcpServers\":  {servers} ,{end}{prefs}}}\n")
            };
            (text, gaps.len())
        })
}

#[test]
fn disable_then_enable_is_byte_identical_over_odd_formatting() {
    // the real binary, a few cases: the library's property runs thousands
    let mut runner = TestRunner::new(Config {
        cases: 6,
        failure_persistence: None,
        ..Config::default()
    });
    let sb = Sandbox::new();
    let config = sb.root().join("work/claude_desktop_config.json");
    let run = |args: &[&str]| sb.run(sb.mcpctl().arg("--config").arg(&config).args(args));
    let strategy = (odd_config(), any::<prop::sample::Index>());
    runner
        .run(&strategy, |((text, n), pick)| {
            std::fs::write(&config, &text).unwrap();
            let name = format!("s{}", pick.index(n));
            let off = run(&["disable", &name]);
            prop_assert_eq!(off.code, Some(0), "{:?}", off);
            let after: Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap())
                .expect("still strict JSON");
            prop_assert!(after["mcpServers"].get(&name).is_none());
            let on = run(&["enable", &name]);
            prop_assert_eq!(on.code, Some(0), "{:?}", on);
            prop_assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
            Ok(())
        })
        .unwrap();
}

#[test]
fn an_extension_is_turned_off_and_on_in_its_settings_file() {
    let env = Env::home("macos");
    let settings = env
        .dir()
        .join("Claude Extensions Settings/ant.dir.mcpctl.hello-node.json");
    let before = std::fs::read_to_string(&settings).unwrap();
    // `hello-node` is also a config server: --extension picks the extension
    let out = mcpctl_snapshot!(
        "disable_extension",
        env.sb,
        &mut env.cmd(&["disable", "--extension", "hello-node"])
    );
    assert_eq!(out.code, Some(0));
    let after = std::fs::read_to_string(&settings).unwrap();
    assert_eq!(
        after,
        before.replace("\"isEnabled\": true", "\"isEnabled\": false")
    );
    let beside = env.backups_under("mcpctl-backups/extension-settings");
    assert!(
        beside
            .iter()
            .any(|b| b.starts_with("ant.dir.mcpctl.hello-node.")),
        "the backup is beside the config, in its own folder: {beside:?}"
    );
    assert!(
        env.backups().iter().all(|b| !b.starts_with("ant.dir")),
        "not among the config's: {:?}",
        env.backups()
    );
    assert!(
        !env.dir()
            .join("Claude Extensions Settings/mcpctl-backups")
            .exists()
    );
    let list = env.run(&["--json", "list"]).json();
    let hello = list["extensions"][0].clone();
    assert_eq!(
        (hello["id"].as_str(), hello["enabled"].as_bool()),
        (Some("ant.dir.mcpctl.hello-node"), Some(false))
    );
    assert_eq!(env.run(&["enable", "Hello (Node)"]).code, Some(0));
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), before);

    // no settings file (reads as disabled): enabling writes one, and says
    // why the app would still not start one
    let missing = env
        .run(&["--json", "enable", "local.mcpctl.missing-workspace"])
        .json();
    assert_eq!(missing["changed"], false, "already enabled");
    assert_eq!(missing["notes"][0]["code"], "extension-setting-missing");
    let out = env.run(&["enable", "no-settings"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let made = env
        .dir()
        .join("Claude Extensions Settings/local.mcpctl.no-settings.json");
    assert_eq!(
        std::fs::read_to_string(made).unwrap(),
        "{\n  \"isEnabled\": true\n}\n"
    );
    // a folder that is gone cannot be enabled
    let gone = env.run(&["enable", "local.mcpctl.gone"]);
    assert_eq!(gone.code, Some(2), "{gone:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn an_extension_is_not_touched_while_the_app_runs() {
    use crate::support::FakeApp;
    let env = Env::home("macos");
    let settings = env
        .dir()
        .join("Claude Extensions Settings/local.mcpctl.notes-python.json");
    let before = std::fs::read_to_string(&settings).unwrap();
    let app = FakeApp::start(&env.sb, env.dir());
    let out = env.run(&["disable", "notes-python"]);
    drop(app);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("Claude Desktop is running"), "{out:?}");
    assert!(out.stderr.contains("quit Claude Desktop"), "{out:?}");
    // the command to run again names the extension, not a server of the
    // same name in the config
    assert!(
        out.stderr
            .contains(" disable --extension notes-python` again"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), before);
}

#[test]
fn a_wiped_file_gets_its_servers_back_with_the_new_preferences() {
    let env = Env::home("linux");
    let stub = env.text();
    let out = mcpctl_snapshot!(
        "merge_servers",
        env.sb,
        &mut env.cmd(&["restore", "--merge-servers"])
    );
    assert_eq!(out.code, Some(0));
    let v: Value = serde_json::from_str(&env.text()).expect("strict JSON");
    let stub_v: Value = serde_json::from_str(&stub).unwrap();
    assert_eq!(
        v["preferences"], stub_v["preferences"],
        "the app's new preferences kept"
    );
    let names: Vec<&String> = v["mcpServers"].as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        ["memory", "fetch", "github"],
        "`everything` stays disabled"
    );
    assert!(
        env.text()
            .starts_with(stub.trim_end_matches('}').trim_end()),
        "{}",
        env.text()
    );

    let doctor = env.run(&["--json", "doctor", "--no-launch"]).json();
    assert!(doctor["app_state"]["wipe"].is_null(), "{doctor:#}");
    // the app wipes it again: the newest backup is now the stub, the one
    // before has the servers, and the wipe is still seen
    std::fs::write(&env.config, &stub).unwrap();
    let doctor = env.run(&["--json", "doctor", "--no-launch"]).json();
    assert_eq!(
        doctor["app_state"]["wipe"]["lost"],
        serde_json::json!(["memory", "fetch", "github"])
    );
    let again = env.run(&["--json", "restore", "--merge-servers"]).json();
    assert_eq!(again["action"], "merge-servers");
    assert_eq!(
        again["merged"],
        serde_json::json!(["memory", "fetch", "github"])
    );
    let nothing = env.run(&["--json", "restore", "--merge-servers"]).json();
    assert_eq!(nothing["merged"], serde_json::json!([]));
    assert_eq!(nothing["written"], false);
}

/// The wipe guard compares with the newest copy that has servers, never an
/// older backup: the app wiping a file whose one server is disabled, after
/// another was removed on purpose, is no loss (the removed one is in the
/// backups from before, and is not named lost nor merged back).
#[test]
fn a_wipe_does_not_bring_back_a_server_removed_on_purpose() {
    let env = Env::with(
        "{\"mcpServers\": {\"x\": {\"command\": \"/x\"}, \"y\": {\"command\": \"/y\"}}}\n",
    );
    assert_eq!(env.run(&["remove", "y"]).code, Some(0));
    assert_eq!(env.run(&["disable", "x"]).code, Some(0));
    env.sb.write(&env.config, "{\"preferences\": {}}\n");
    let doctor = env.run(&["--json", "doctor", "--no-launch"]).json();
    assert!(doctor["app_state"]["wipe"].is_null(), "{doctor:#}");
    let out = env.run(&["--json", "restore", "--merge-servers"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let v = out.json();
    assert_eq!(v["merged"], serde_json::json!([]), "{v:#}");
    assert_eq!(v["older"]["merges"], serde_json::json!(["y"]), "{v:#}");
    assert_eq!(env.text(), "{\"preferences\": {}}\n");
}

/// The app wipes the file, then `mcpctl add` writes over the stub: the
/// file has a server again, and the wipe is still seen. What is lost is
/// what mcpctl left before the stub (kept in the ring by the write over
/// it), not the server removed on purpose before that; the command doctor
/// gives names that backup and puts the server back beside the new one.
#[test]
fn a_wipe_written_over_by_add_is_still_seen_and_undone() {
    let env = Env::with(
        "{\"mcpServers\": {\"x\": {\"command\": \"/x\"}, \"y\": {\"command\": \"/y\"}}}\n",
    );
    assert_eq!(env.run(&["remove", "y"]).code, Some(0));
    env.sb
        .write(&env.config, "{\"preferences\": {\"theme\": \"dark\"}}\n");
    // the write over the stub says so on the spot
    let add = env.run(&["add", "d", "--", "/d"]);
    assert_eq!(add.code, Some(0), "{}", add.all());
    assert!(
        add.stderr.contains(
            "the file had no `mcpServers` when this write found it, but mcpctl had last left 1 server in it (`x`)"
        ),
        "{}",
        add.all()
    );
    let out = env.run(&["--json", "doctor", "--no-launch"]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    let v = out.json();
    let wipe = &v["app_state"]["wipe"];
    assert_eq!(wipe["lost"], serde_json::json!(["x"]), "{v:#}");
    assert_eq!(wipe["written_over"], true, "{v:#}");
    assert_eq!(wipe["stub_keys"], serde_json::json!(["preferences"]));
    assert_eq!(v["app_state"]["findings"][0]["code"], "config-wiped");
    let backup = wipe["backup"].as_str().expect("the backup named");
    let name = std::path::Path::new(backup)
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a file name");
    let restore = wipe["restore"].as_str().expect("a command");
    assert!(
        restore.ends_with(&format!("restore --merge-servers {name}")),
        "{restore}"
    );
    let text = env.run(&["doctor", "--no-launch"]);
    assert!(
        text.stdout
            .contains("a server mcpctl left in the file before its last write is gone: `x`"),
        "{}",
        text.stdout
    );
    let merged = env.run(&["--json", "restore", "--merge-servers", name]);
    assert_eq!(merged.code, Some(0), "{}", merged.all());
    assert_eq!(merged.json()["merged"], serde_json::json!(["x"]));
    let saved: Value = serde_json::from_str(&env.text()).expect("strict JSON");
    let names: Vec<&String> = saved["mcpServers"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["d", "x"], "y stays removed");
    assert_eq!(saved["preferences"]["theme"], "dark");
    let again = env.run(&["--json", "doctor", "--no-launch"]).json();
    assert!(again["app_state"]["wipe"].is_null(), "{again:#}");
}

/// A disabled entry's secrets in args are masked in `list`, text and JSON,
/// as the config's are.
#[test]
fn a_disabled_entry_s_secret_args_are_masked_in_list() {
    let env = Env::with(
        "{\"mcpServers\": {\"ex\": {\"command\": \"npx\", \"args\": [\"--token\", \"abc123zz\"]}}}\n",
    );
    assert_eq!(env.run(&["disable", "ex"]).code, Some(0));
    for args in [&["list"][..], &["--json", "list"]] {
        let out = env.run(args);
        assert_eq!(out.code, Some(0), "{out:?}");
        assert!(!out.all().contains("abc123zz"), "{args:?}: {out:?}");
    }
    let shown = env.run(&["--json", "list", "--show-secrets"]);
    assert!(shown.stdout.contains("abc123zz"), "{shown:?}");
}

/// `test-launch NAME` on a server `disable` set aside is exit 2 with the
/// way back, as `call` and `env` are: a CI step that names a server the
/// app will not start must not pass with nothing launched.
#[test]
fn test_launch_of_a_disabled_server_by_name_is_a_usage_error() {
    let env = Env::with(
        "{\"mcpServers\": {\"a\": {\"command\": \"/x\"}, \"b\": {\"command\": \"/x\"}}}\n",
    );
    assert_eq!(env.run(&["disable", "a"]).code, Some(0));
    let out = env.run(&["--json", "test-launch", "a"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    let e = &out.json()["error"];
    assert!(
        e["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("`a` is disabled")),
        "{}",
        out.all()
    );
    assert!(
        e["hint"].as_str().is_some_and(|h| h.contains("enable a`")),
        "{}",
        out.all()
    );
}

/// `add` of a name `disable` set aside is refused (exit 2, the file
/// unchanged): a second `a` would leave `enable a` (the name is taken) and
/// `disable a` (it is disabled already) stuck.
#[test]
fn add_under_a_disabled_servers_name_is_refused() {
    let env = Env::with("{\"mcpServers\": {\"a\": {\"command\": \"/x\"}}}\n");
    assert_eq!(env.run(&["disable", "a"]).code, Some(0));
    let before = env.text();
    let out = env.run(&["add", "a", "--", "/y"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(
        out.stderr.contains("is the name of a disabled server"),
        "{}",
        out.all()
    );
    assert!(
        out.stderr.contains("enable a` puts it back"),
        "{}",
        out.all()
    );
    assert_eq!(env.text(), before);
    assert_eq!(env.run(&["enable", "a"]).code, Some(0));
}

/// `remove` of a disabled server says it is disabled and how to get it
/// back, as `env` does, instead of "no server named".
#[test]
fn remove_of_a_disabled_server_says_it_is_disabled() {
    let env = Env::with(
        "{\"mcpServers\": {\"a\": {\"command\": \"/x\"}, \"b\": {\"command\": \"/x\"}}}\n",
    );
    assert_eq!(env.run(&["disable", "a"]).code, Some(0));
    let out = env.run(&["remove", "a"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(
        out.stderr.contains("server `a` is disabled"),
        "{}",
        out.all()
    );
    assert!(
        out.stderr
            .contains("puts it back in the config; then remove it"),
        "{}",
        out.all()
    );
}

/// `add-json` and `import` refuse a disabled server's name as `add` does
/// (exit 2, nothing written).
#[test]
fn add_json_and_import_under_a_disabled_servers_name_are_refused() {
    let env = Env::with(
        "{\"mcpServers\": {\"x\": {\"command\": \"/x\"}, \"y\": {\"command\": \"/y\"}}}\n",
    );
    assert_eq!(env.run(&["disable", "x"]).code, Some(0));
    let before = env.text();
    let export = env.sb.write(
        "work/export.json",
        "{\"mcpctlExport\": 1, \"mcpServers\": {\"x\": {\"command\": \"/z\"}}}",
    );
    for args in [
        vec!["add-json", "{\"x\": {\"command\": \"/z\"}}"],
        vec!["import", export.to_str().expect("utf-8 path")],
    ] {
        let out = env.run(&args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.all());
        assert!(
            out.stderr.contains("the name of a disabled server"),
            "{args:?}: {}",
            out.all()
        );
        assert_eq!(env.text(), before, "{args:?}");
    }
}

/// The configs of one folder share its side file, and each keeps its own
/// entries: one disabled from c1.json is not c2.json's to list, to block a
/// name in, or to enable (which would put c1.json's server, secret and
/// all, into c2.json). `enable` there is refused, naming the config that
/// works; c1.json still gets its entry back byte for byte. (Unix: the
/// entries run `/bin/echo`, no absolute path on Windows.)
#[cfg(unix)]
#[test]
fn the_configs_of_one_folder_keep_their_own_disabled_servers() {
    let sb = Sandbox::new();
    let c1_text = "{\n  \"mcpServers\": {\n    \"x\": {\"command\": \"/bin/echo\", \"env\": {\"SECRET_TOKEN\": \"one-secret-c1\"}}\n  }\n}\n";
    let c2_text = "{\n  \"mcpServers\": {\n    \"y\": {\"command\": \"/bin/true\"}\n  }\n}\n";
    let c1 = sb.write("work/c1.json", c1_text);
    let c2 = sb.write("work/c2.json", c2_text);
    let side = c1.with_file_name("mcpctl-disabled.json");
    let run = |config: &Path, args: &[&str]| {
        let mut cmd = sb.mcpctl();
        cmd.arg("--config").arg(config).args(args);
        sb.run(&mut cmd)
    };
    let read = |p: &Path| std::fs::read_to_string(p).expect("read");
    let side_names = || -> Vec<(String, String)> {
        let v: Value = serde_json::from_str(&read(&side)).expect("side file");
        v["servers"]
            .as_array()
            .expect("servers")
            .iter()
            .map(|e| {
                (
                    e["name"].as_str().unwrap_or_default().to_string(),
                    e["config"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let pair = |n: &str, c: &str| (n.to_string(), c.to_string());

    assert_eq!(run(&c1, &["disable", "x"]).code, Some(0));
    assert_eq!(side_names(), [pair("x", "c1.json")]);

    // c2.json lists only its own
    let list = run(&c2, &["--json", "list"]);
    assert_eq!(list.code, Some(0), "{}", list.all());
    assert!(!list.stdout.contains("\"x\""), "{}", list.stdout);
    let list = run(&c2, &["list"]);
    assert!(!list.all().contains("disabled"), "{}", list.all());

    // enable there is refused: nothing written, and the way that works
    let out = run(&c2, &["enable", "x"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert_eq!(read(&c2), c2_text, "c2.json unchanged");
    assert!(
        out.stderr
            .contains("`x` was disabled from c1.json, not from"),
        "{}",
        out.all()
    );
    // the command that works: c1.json's path, as a shell word (a path
    // mcpctl made canonical may differ in its folder on macOS or Windows)
    let works = if cfg!(target_os = "linux") {
        format!(
            "`mcpctl --config {} enable x`",
            mcpctl::text::shell_word(&c1.display().to_string())
        )
    } else {
        "c1.json enable x`".to_string()
    };
    assert!(out.stderr.contains(&works), "{works}: {}", out.all());
    assert!(!out.all().contains("one-secret-c1"), "{}", out.all());
    let json = run(&c2, &["--json", "enable", "x"]);
    assert_eq!(json.code, Some(2));
    assert!(
        json.json()["error"]["hint"]
            .as_str()
            .is_some_and(|h| h.contains(&works)),
        "{}",
        json.stdout
    );

    // a disable/enable cycle in c2.json keeps c1.json's entry
    assert_eq!(run(&c2, &["disable", "y"]).code, Some(0));
    assert_eq!(side_names(), [pair("x", "c1.json"), pair("y", "c2.json")]);
    let list = run(&c2, &["--json", "list"]);
    assert!(!list.stdout.contains("\"x\""), "{}", list.stdout);
    assert_eq!(run(&c2, &["enable", "y"]).code, Some(0));
    assert_eq!(read(&c2), c2_text);
    assert_eq!(side_names(), [pair("x", "c1.json")]);

    // the name is free in c2.json
    let added = run(&c2, &["add", "x", "--", "/bin/true"]);
    assert_eq!(added.code, Some(0), "{}", added.all());
    assert_eq!(run(&c2, &["remove", "x"]).code, Some(0));
    assert_eq!(read(&c2), c2_text);

    // c1.json's enable still works, byte for byte
    let out = run(&c1, &["enable", "x"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(read(&c1), c1_text);
    assert_eq!(side_names(), []);
}
