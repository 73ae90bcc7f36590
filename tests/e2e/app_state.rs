//! The app's own state read where it is odd, end to end: a data folder
//! built by hand beside a config (`data/`), with Desktop Extensions whose
//! folder name holds a line break, whose `Claude Extensions` folder cannot
//! be listed, whose names answer to more than one, whose manifest cannot be
//! read or whose bundle lacks its entry point, and with no config file at
//! all. What a user sees: no forged line, one diagnostic where one thing
//! is wrong, hints that fit an installed extension, and extensions listed
//! and launched with or without a config file.

use std::cell::RefCell;
use std::path::PathBuf;

use crate::support::{self, Out, Sandbox};

/// A data folder (`data/`) with a config and the extensions added.
struct Data {
    sb: Sandbox,
    config: PathBuf,
    /// The installation record's entries so far.
    records: RefCell<Vec<String>>,
}

impl Data {
    /// With `{"mcpServers": {}}` as the config.
    fn new() -> Data {
        let sb = Sandbox::new();
        let config = sb.write(
            "data/claude_desktop_config.json",
            "{\n  \"mcpServers\": {}\n}\n",
        );
        Data {
            sb,
            config,
            records: RefCell::new(Vec::new()),
        }
    }

    /// With no config file (the folder beside it only).
    fn without_config() -> Data {
        let d = Data::new();
        std::fs::remove_file(&d.config).unwrap();
        d
    }

    fn dir(&self) -> PathBuf {
        self.config.parent().unwrap().to_path_buf()
    }

    /// An installed extension: its folder and manifest, its settings file
    /// (`isEnabled`), its entry in the installation record.
    fn ext(&self, id: &str, manifest: &str, enabled: bool) {
        self.sb.write(
            format!("data/Claude Extensions/{id}/manifest.json"),
            manifest,
        );
        self.sb.write(
            format!("data/Claude Extensions Settings/{id}.json"),
            format!("{{\"isEnabled\": {enabled}}}"),
        );
        self.record(id);
    }

    /// `id` in the installation record only.
    fn record(&self, id: &str) {
        let id_json = serde_json::to_string(id).unwrap();
        self.records.borrow_mut().push(format!(
            "{id_json}: {{\"id\": {id_json}, \"version\": \"1.0.0\"}}"
        ));
        self.sb.write(
            "data/extensions-installations.json",
            format!(
                "{{\"extensions\": {{{}}}}}",
                self.records.borrow().join(",\n")
            ),
        );
    }

    /// `mcpctl --config CONFIG ARGS...`, run.
    fn run(&self, args: &[&str]) -> Out {
        let mut cmd = self.sb.mcpctl();
        cmd.arg("--config").arg(&self.config).args(args);
        self.sb.run(&mut cmd)
    }
}

/// A binary extension's manifest: `name`, `display_name` when given, and
/// `command` (a JSON string) with `args` (a JSON array).
fn binary(name: &str, display: Option<&str>, command: &str, args: &str) -> String {
    let display = display
        .map(|d| format!("\"display_name\": {},", serde_json::to_string(d).unwrap()))
        .unwrap_or_default();
    format!(
        r#"{{"manifest_version": "0.3", "name": "{name}", {display} "version": "1.0.0",
 "description": "d", "author": {{"name": "a"}},
 "server": {{"type": "binary", "entry_point": "server",
 "mcp_config": {{"command": {command}, "args": {args}}}}}}}"#
    )
}

/// The example server as a manifest's `command`.
fn example() -> String {
    serde_json::to_string(support::example_server()).unwrap()
}

/// The first line of `text` that starts (indent aside) with `start`.
fn line_starting<'a>(text: &'a str, start: &str) -> Option<&'a str> {
    text.lines().find(|l| l.trim_start().starts_with(start))
}

/// An extension's folder is named by its id: a line break in it is shown
/// as an escape, never a line of its own that reads as mcpctl's.
#[cfg(unix)]
#[test]
fn a_folder_name_cannot_forge_a_line() {
    let d = Data::new();
    let id = "x\n  error[config-wiped]: FORGED LINE";
    // an unknown key: the manifest lint shows the file's path (`-->`)
    let manifest = binary("nl", None, &example(), "[]").replacen('{', "{\"extra\": 1, ", 1);
    d.ext(id, &manifest, true);
    for args in [
        &["list"][..],
        &["doctor", "--no-launch"],
        &["validate", "--extensions"],
    ] {
        let out = d.run(args);
        let all = out.all();
        assert!(all.contains("FORGED LINE"), "{args:?}: {out:?}");
        assert_eq!(
            line_starting(&all, "error[config-wiped]"),
            None,
            "{args:?}: a folder name started a line:\n{all}"
        );
    }
}

/// `Claude Extensions` that cannot be listed (a loop of links, a file in
/// its place) is one error naming the folder and what to do; the
/// extensions recorded there are not said to be gone, nor to be
/// uninstalled.
#[test]
fn an_extensions_folder_that_cannot_be_listed_is_said_once() {
    let d = Data::new();
    d.record("ext.one");
    d.record("ext.two");
    let folder = d.dir().join("Claude Extensions");
    let mut cases: Vec<&str> = Vec::new();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("Claude Extensions", &folder).unwrap();
        cases.push("it is a loop of symbolic links");
    }
    cases.push("a file stands where the folder should be");
    for hint in cases {
        if hint.starts_with("a file") {
            let _ = std::fs::remove_file(&folder);
            std::fs::write(&folder, "not a folder").unwrap();
        }
        for args in [&["list"][..], &["doctor", "--no-launch"]] {
            let out = d.run(args);
            let all = out.all();
            assert_eq!(
                all.matches(
                    "error[extensions-folder-unreadable]: cannot list `Claude Extensions` ("
                )
                .count(),
                1,
                "{args:?}: {out:?}"
            );
            assert!(
                all.contains(&folder.display().to_string()),
                "{args:?}: {out:?}"
            );
            assert!(all.contains(hint), "{args:?}: {out:?}");
            for wrong in ["is gone", "uninstall", "extension-folder-missing"] {
                assert!(!all.contains(wrong), "{args:?} says {wrong:?}: {out:?}");
            }
        }
        let v = d.run(&["--json", "list"]).json();
        assert_eq!(
            v["problems"][0]["code"], "extensions-folder-unreadable",
            "{v:#}"
        );
        for e in v["extensions"].as_array().into_iter().flatten() {
            assert_eq!(
                e["problems"][0]["code"], "extensions-folder-unreadable",
                "{e:#}"
            );
        }
    }
}

/// With no config file the app still runs its extensions: `list` shows
/// them, doctor launches them (and says why a summary has no server),
/// `test-launch NAME` launches one.
#[test]
fn with_no_config_file_the_extensions_are_listed_and_launched() {
    let d = Data::without_config();
    d.ext(
        "ext.ok",
        &binary("ok", Some("Okay"), &example(), "[]"),
        true,
    );
    d.ext("ext.off", &binary("off", None, &example(), "[]"), false);
    // no command: not launched, and said why (not "--no-launch")
    let no_command = binary("nocmd", None, &example(), "[]").replace("\"command\"", "\"cmd\"");
    d.ext("ext.nocmd", &no_command, true);

    let list = d.run(&["list"]);
    assert_eq!(list.code, Some(0), "{list:?}");
    assert!(list.stdout.starts_with("no config file at "), "{list:?}");
    assert!(
        list.stdout.contains("3 Desktop Extensions (2 enabled)"),
        "{list:?}"
    );
    let v = d.run(&["--json", "list"]).json();
    assert_eq!(v["no_file"], true, "{v:#}");
    assert_eq!(v["extensions"].as_array().map(Vec::len), Some(3), "{v:#}");

    let doctor = d.run(&["doctor"]);
    assert_eq!(doctor.code, Some(2), "no file, as before: {doctor:?}");
    assert!(!doctor.stdout.contains("--no-launch"), "{doctor:?}");
    assert!(
        doctor
            .stdout
            .contains("not checked: there is no config file, so no config server was checked"),
        "{doctor:?}"
    );
    assert!(
        doctor
            .stdout
            .contains("3 Desktop Extensions (2 enabled): 1 healthy, 1 with problems"),
        "{doctor:?}"
    );
    assert!(
        doctor
            .stdout
            .contains("not launched: its manifest gives no command to run"),
        "{doctor:?}"
    );
    let v = d.run(&["--json", "doctor"]).json();
    let ok = v["app_state"]["extensions"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["id"] == "ext.ok"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(ok["launch"]["result"]["ok"], true, "{v:#}");
    let quiet = d.run(&["doctor", "--no-launch"]);
    assert!(
        quiet.stdout.contains("not launched (--no-launch)"),
        "{quiet:?}"
    );

    let one = d.run(&["test-launch", "Okay"]);
    assert_eq!(one.code, Some(0), "{one:?}");
    assert!(
        one.stderr.contains("there is no config file at "),
        "{one:?}"
    );
    assert!(!one.all().contains("cannot parse"), "{one:?}");
    let v = d.run(&["--json", "test-launch", "ok"]).json();
    assert_eq!(v["extensions"][0]["name"], "ext.ok", "{v:#}");
    assert_eq!(v["extensions"][0]["result"]["ok"], true, "{v:#}");
    assert_eq!(v["config_parse_error"], serde_json::Value::Null, "{v:#}");

    // nothing beside the missing file: the error it always was
    let empty = Data::without_config();
    let out = empty.run(&["list"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("no config file at"), "{out:?}");
}

/// A name two extensions answer to: the exact (case-sensitive) one wins,
/// else the name is ambiguous and each is named by id.
#[test]
fn a_name_two_extensions_answer_to_is_exact_or_ambiguous() {
    let d = Data::new();
    d.ext(
        "dup.memory1",
        &binary("memory", None, &example(), "[]"),
        true,
    );
    d.ext(
        "dup.memory2",
        &binary("memory-two", Some("Memory"), &example(), "[]"),
        true,
    );
    let launched = |name: &str| {
        let out = d.run(&["--json", "test-launch", name]);
        assert_eq!(out.code, Some(0), "{name}: {out:?}");
        let v = out.json();
        v["extensions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["name"].as_str().unwrap_or("?").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(launched("Memory"), ["dup.memory2"]);
    assert_eq!(launched("memory"), ["dup.memory1"]);

    let out = d.run(&["test-launch", "MEMORY"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains(
            "`MEMORY` is ambiguous: 2 Desktop Extensions answer to it: `dup.memory1` (memory), \
`dup.memory2` (memory-two, Memory)"
        ),
        "{out:?}"
    );
    assert!(out.stderr.contains(" test-launch dup.memory1`"), "{out:?}");

    let settings = |id: &str| {
        std::fs::read_to_string(
            d.dir()
                .join(format!("Claude Extensions Settings/{id}.json")),
        )
        .unwrap()
    };
    let out = d.run(&["disable", "--extension", "MEMORY"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("is ambiguous"), "{out:?}");
    assert!(
        out.stderr.contains(" disable --extension dup.memory1`"),
        "{out:?}"
    );
    let out = d.run(&["disable", "--extension", "memory"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(settings("dup.memory1").contains("\"isEnabled\": false"));
    assert!(settings("dup.memory2").contains("true"));
}

/// What to do about a manifest that cannot be read follows why; a bundle
/// without its entry point is reinstalled, not given absolute paths.
#[test]
fn hints_fit_the_failure_and_an_installed_extension() {
    let d = Data::new();
    d.ext("ext.dir", "", true);
    let manifest = d.dir().join("Claude Extensions/ext.dir/manifest.json");
    std::fs::remove_file(&manifest).unwrap();
    std::fs::create_dir(&manifest).unwrap();
    #[cfg(unix)]
    {
        d.ext("ext.loop", "", true);
        let looped = d.dir().join("Claude Extensions/ext.loop/manifest.json");
        std::fs::remove_file(&looped).unwrap();
        std::os::unix::fs::symlink("manifest.json", &looped).unwrap();
    }
    d.ext(
        "ext.noentry",
        &binary("noentry", None, "\"${__dirname}/bin/server\"", "[]"),
        true,
    );
    let v = d.run(&["--json", "list"]).json();
    let hint = |id: &str| {
        v["extensions"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["id"] == id))
            .map(|e| e["problems"][0]["hint"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    assert!(
        hint("ext.dir").contains("it is a folder, not a file"),
        "{v:#}"
    );
    if cfg!(unix) {
        assert!(hint("ext.loop").contains("loop of symbolic links"), "{v:#}");
    }
    for id in ["ext.dir", "ext.loop"] {
        assert!(!hint(id).contains("permissions"), "{id}: {v:#}");
    }

    let out = d.run(&["--json", "test-launch", "ext.noentry"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let v = out.json();
    let hint = v["extensions"][0]["result"]["hint"].as_str().unwrap_or("");
    assert!(
        hint.contains("`bin/server` is missing from the extension's folder")
            && hint.contains("reinstall or update the extension"),
        "{v:#}"
    );
}

/// A Node extension whose entry point is not in its bundle: Node cannot
/// find the module, and the hint says to reinstall the extension (not to
/// use absolute paths and run `npm install`, a config entry's fix).
/// Unix only, as inventory's launches of Node extensions: the Windows
/// suite runs under Wine, where no node is.
#[cfg(unix)]
#[test]
fn a_node_extension_without_its_entry_point_is_reinstalled() {
    let Some(path) = crate::support::homes::runtime_path() else {
        assert!(!support::is_ci(), "node is needed under CI");
        support::loud_skip(
            "a_node_extension_without_its_entry_point",
            "no node on PATH",
        );
        return;
    };
    let d = Data::new();
    d.ext(
        "ext.node",
        r#"{"manifest_version": "0.3", "name": "n", "version": "1.0.0", "description": "d",
 "author": {"name": "a"}, "server": {"type": "node", "entry_point": "server/index.js",
 "mcp_config": {"command": "node", "args": ["${__dirname}/server/index.js"]}}}"#,
        true,
    );
    let mut cmd = d.sb.mcpctl();
    cmd.env("PATH", &path)
        .arg("--config")
        .arg(&d.config)
        .args(["test-launch", "ext.node"]);
    let out = d.sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("Cannot find module"), "{out:?}");
    assert!(
        out.stdout
            .contains("is missing from the extension's folder"),
        "{out:?}"
    );
    assert!(!out.stdout.contains("npm install"), "{out:?}");
}
