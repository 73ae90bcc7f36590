//! The app-state engines against the fixture homes in
//! `tests/fixtures/homes/` (a macOS home with every kind of extension, a
//! Windows Store home with a `Claude-3p` folder, a Linux home whose config
//! the app replaced with a stub). Files are read with this machine's path
//! rules; launches are described for an injected OS.

use std::path::{Path, PathBuf};

use super::disabled::{self, SideFile};
use super::extensions::manifest;
use super::extensions::{
    Extension, Inventory, Runtime, SettingsState, Signature, launch, read_inventory,
};
use super::folders::AppFolders;
use super::{policy, wipe};
use crate::config::backup;
use crate::config::source::Source;
use crate::platform::{HostEnv, Os};

fn home(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/homes")
        .join(name)
}

fn data_dir(os_home: &str) -> PathBuf {
    match os_home {
        "macos" => home("macos").join("Library/Application Support/Claude"),
        "windows-msix" => home("windows-msix")
            .join("AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude"),
        _ => home("linux").join(".config/Claude"),
    }
}

/// The inventory beside a fixture config, read with this machine's rules.
fn inventory(os_home: &str) -> Inventory {
    let config = data_dir(os_home).join("claude_desktop_config.json");
    read_inventory(&AppFolders::for_config(Os::current(), &config))
}

fn host(os: Os, home: &str) -> HostEnv {
    HostEnv {
        os,
        home: Some(PathBuf::from(home)),
        vars: Default::default(),
        cwd: PathBuf::from("/"),
        non_unicode: Default::default(),
    }
}

fn ext<'a>(inv: &'a Inventory, id: &str) -> &'a Extension {
    inv.get(id).unwrap_or_else(|| {
        panic!(
            "no {id} in {:?}",
            inv.extensions.iter().map(|e| &e.id).collect::<Vec<_>>()
        )
    })
}

#[test]
fn macos_home_inventory_has_every_kind() {
    let inv = inventory("macos");
    assert!(inv.problems.is_empty(), "{:?}", inv.problems);
    type Row<'a> = (
        &'a str,
        bool,
        Option<Runtime>,
        Signature,
        Option<&'a str>,
        Option<&'a str>,
        SettingsState,
        Vec<&'static str>,
    );
    let rows: Vec<Row> = inv
        .extensions
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.enabled,
                e.runtime,
                e.signature,
                e.install_source.as_deref(),
                e.version.as_deref(),
                e.settings_state,
                e.problems.iter().map(|p| p.code.id()).collect(),
            )
        })
        .collect();
    use Runtime::*;
    use SettingsState::{Missing, Read};
    use Signature::*;
    let want: Vec<Row> = vec![
        (
            "ant.dir.mcpctl.hello-node",
            true,
            Some(Node),
            Signed,
            Some("registry"),
            Some("1.2.0"),
            Read,
            vec![],
        ),
        (
            "ant.dir.mcpctl.weather-uv",
            false,
            Some(Uv),
            Signed,
            Some("registry"),
            Some("2.0.0"),
            Read,
            vec![],
        ),
        (
            "local.mcpctl.gone",
            false,
            Some(Node),
            Unsigned,
            Some("local"),
            Some("1.0.0"),
            Missing,
            vec!["extension-folder-missing"],
        ),
        (
            "local.mcpctl.missing-workspace",
            true,
            Some(Python),
            Unsigned,
            Some("local"),
            Some("0.1.0"),
            Read,
            vec![],
        ),
        (
            "local.mcpctl.needs-key",
            true,
            Some(Node),
            Unsigned,
            Some("local"),
            Some("1.0.0"),
            Read,
            vec![],
        ),
        (
            "local.mcpctl.no-settings",
            false,
            Some(Node),
            Unsigned,
            Some("local"),
            Some("0.0.1"),
            Missing,
            vec![],
        ),
        (
            "local.mcpctl.notes-python",
            true,
            Some(Python),
            Unsigned,
            Some("local"),
            Some("0.3.1"),
            Read,
            vec![],
        ),
        (
            "local.mcpctl.rmcp-example",
            true,
            Some(Binary),
            SelfSigned,
            Some("local"),
            Some("0.1.0"),
            Read,
            vec![],
        ),
    ];
    assert_eq!(rows, want);
    assert_eq!(ext(&inv, "ant.dir.mcpctl.hello-node").name, "Hello (Node)");
    assert_eq!(
        ext(&inv, "local.mcpctl.no-settings").name,
        "no-settings",
        "no display_name: the name"
    );
    assert_eq!(
        ext(&inv, "local.mcpctl.gone").name,
        "gone",
        "the manifest copy in the record"
    );
    assert_eq!(inv.enabled().count(), 5);
    // the fixture config has a `hello-node` entry, like the extension's name
    let names: Vec<String> = ["memory", "hello-node", "Memory"]
        .map(String::from)
        .to_vec();
    let c = super::extensions::collisions(&names, &inv.extensions);
    let got: Vec<(&str, Vec<String>)> = c.into_iter().map(|c| (c.kind, c.names)).collect();
    assert_eq!(
        got,
        [
            ("case", vec!["memory".to_string(), "Memory".into()]),
            (
                "config-vs-extension",
                vec!["hello-node".to_string(), "ant.dir.mcpctl.hello-node".into()]
            )
        ]
    );
}

#[test]
fn macos_launches_as_the_app_would() {
    let inv = inventory("macos");
    let h = host(Os::MacOs, "/Users/ann");
    let d = |id: &str| launch::describe(ext(&inv, id), &h);
    let dir = |id: &str| ext(&inv, id).dir.to_string_lossy().into_owned();
    let codes = |f: &[crate::machine::Finding]| f.iter().map(|f| f.code.id()).collect::<Vec<_>>();

    let hello = d("ant.dir.mcpctl.hello-node");
    assert_eq!(hello.command, "node");
    assert_eq!(
        hello.args,
        [
            format!("{}/server/index.js", dir("ant.dir.mcpctl.hello-node")),
            "/Users/ann/Projects".into(),
            "/Users/ann/Notes".into()
        ]
    );
    let env: Vec<(&str, &str)> = hello
        .env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        env,
        [
            ("FIXTURE_NAME", "hello-node"),
            ("HELLO_PLATFORM", "macos"),
            ("HELLO_GREETING", "hello")
        ]
    );
    assert_eq!(
        codes(&hello.notes),
        [
            "platform-override",
            "extension-setting-default",
            "extension-builtin-node"
        ]
    );
    assert!(hello.problems.is_empty() && hello.app_starts);

    let notes = d("local.mcpctl.notes-python");
    assert_eq!(notes.command, "python3");
    let env: Vec<(&str, String)> = notes
        .env
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    assert_eq!(
        env,
        [
            ("FIXTURE_NAME", "notes-python".to_string()),
            (
                "PYTHONPATH",
                format!("{}/server/lib", dir("local.mcpctl.notes-python"))
            ),
            ("NOTES_MAX", "7".into()),
            ("NOTES_READONLY", "true".into())
        ]
    );

    let rmcp = d("local.mcpctl.rmcp-example");
    assert_eq!(
        rmcp.command,
        format!("{}/server", dir("local.mcpctl.rmcp-example"))
    );
    assert_eq!(
        rmcp.args,
        ["--require-env", "GREETING", "--data-dir", "/Users/ann"]
    );
    assert_eq!(
        rmcp.env,
        [(
            "GREETING".to_string(),
            "hello from the manifest".to_string()
        )]
    );
    assert!(rmcp.problems.is_empty());
    let on_windows = launch::describe(
        ext(&inv, "local.mcpctl.rmcp-example"),
        &host(Os::Windows, r"C:\Users\ann"),
    );
    assert!(
        on_windows.command.ends_with(r"\server.exe"),
        "{}",
        on_windows.command
    );
    assert_eq!(on_windows.args[3], r"C:\Users\ann");

    let key = d("local.mcpctl.needs-key");
    assert_eq!(codes(&key.problems), ["extension-keychain-value"]);
    assert!(
        key.app_starts,
        "a keychain value is not missing for the app"
    );
    assert_eq!(
        key.env,
        [("FIXTURE_NAME".to_string(), "needs-key".to_string())]
    );
    assert_eq!(key.args[1..], ["--region", "us"]);

    let ws = d("local.mcpctl.missing-workspace");
    assert!(!ws.app_starts);
    assert_eq!(codes(&ws.problems), ["extension-setting-missing"]);
    assert!(
        ws.problems[0].message.contains("`workspace` (Workspace)"),
        "{}",
        ws.problems[0].message
    );

    let uv = d("ant.dir.mcpctl.weather-uv");
    assert_eq!(uv.command, "uv");
    assert_eq!(
        uv.args,
        [
            "run",
            "--directory",
            &dir("ant.dir.mcpctl.weather-uv"),
            "src/server.py"
        ]
    );
}

#[test]
fn fixture_manifests_lint_as_expected() {
    let inv = inventory("macos");
    for e in &inv.extensions {
        let Some(src) = &e.manifest_source else {
            assert_eq!(e.id, "local.mcpctl.gone");
            continue;
        };
        let check = manifest::check(src);
        let found: Vec<(&str, usize)> = check
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.id(),
                    src.line_col(d.span.map_or(0, |s| s.start)).line,
                )
            })
            .collect();
        let want: &[(&str, usize)] = match e.id.as_str() {
            "local.mcpctl.no-settings" => {
                &[("manifest-wrong-type", 19), ("manifest-unknown-key", 20)]
            }
            "ant.dir.mcpctl.weather-uv" => &[("manifest-missing-key", 10)],
            _ => &[],
        };
        assert_eq!(found, want, "{}", e.id);
    }
    let src = Source::read(&ext(&inv, "local.mcpctl.notes-python").manifest_file).unwrap();
    assert_eq!(
        manifest::check(&src).declared.as_deref(),
        Some("0.1"),
        "from dxt_version"
    );
}

#[test]
fn windows_store_home_and_its_claude_3p_folder() {
    let inv = inventory("windows-msix");
    let ids: Vec<&str> = inv.extensions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["ant.dir.mcpctl.hello-node", "local.mcpctl.rmcp-example"]
    );
    let h = host(Os::Windows, r"C:\Users\ann");
    let hello = launch::describe(ext(&inv, "ant.dir.mcpctl.hello-node"), &h);
    assert!(
        hello
            .env
            .contains(&("HELLO_PLATFORM".into(), "windows".into())),
        "{:?}",
        hello.env
    );
    assert_eq!(
        hello.args[1..],
        [r"C:\Users\ann/Projects", r"C:\Users\ann/Notes"]
    );
    let tp = policy::third_party(&inv.folders, &|p: &Path| p.exists()).expect("Claude-3p");
    assert!(tp.config.is_some());
    assert_eq!(
        policy::third_party_finding(&tp).code.id(),
        "third-party-config"
    );
    assert_eq!(
        policy::third_party(
            &AppFolders::for_config(Os::current(), &data_dir("macos").join("c.json")),
            &|p: &Path| p.exists()
        ),
        None
    );
}

#[test]
fn linux_home_wiped_by_the_app_is_detected_and_merged_back() {
    let dir = data_dir("linux");
    let config = dir.join("claude_desktop_config.json");
    let stub = std::fs::read_to_string(&config).unwrap();
    let newest = &backup::list(&config).unwrap()[0];
    assert!(newest.name.contains("2026-11-20"), "{}", newest.name);
    let backup_text = std::fs::read_to_string(&newest.path).unwrap();
    let side_text = std::fs::read_to_string(dir.join("mcpctl-disabled.json")).unwrap();
    let side = disabled::parse_side(Some(&side_text)).unwrap();

    let json = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
    let w = wipe::detect(&json(&stub), Some(&json(&backup_text)), Some(&side)).expect("a wipe");
    assert_eq!(
        w.lost,
        ["memory", "fetch", "github"],
        "the disabled one is not lost"
    );
    assert_eq!(w.side_evidence, ["fetch", "github"]);
    assert_eq!(w.stub_keys, ["preferences"]);

    let merged = wipe::merge_servers(&stub, &backup_text, &side.names()).unwrap();
    assert_eq!(merged.restored, ["memory", "fetch", "github"]);
    let v = json(&merged.text);
    assert_eq!(
        v["preferences"],
        serde_json::json!({"menuBarEnabled": true, "quickEntryShortcut": "off"})
    );
    assert!(v["mcpServers"].get("everything").is_none());

    // enabling the disabled one afterwards gives the backup's servers back
    // byte for byte
    let back = disabled::enable(&merged.text, side.clone(), "everything").unwrap();
    let servers_text = |t: &str| {
        let start = t.find("\"mcpServers\": {").unwrap();
        let end = t[start..].find("\n  }").unwrap();
        t[start..start + end].to_string()
    };
    assert_eq!(servers_text(&back.config), servers_text(&backup_text));
    assert!(back.side.is_empty());

    // the fixture side file is what `disable` writes for that backup
    let mut fresh = disabled::disable(
        &backup_text,
        SideFile::default(),
        "everything",
        side.servers[0].disabled_at.clone(),
    )
    .unwrap();
    assert_eq!(fresh.side.servers.pop(), side.servers.first().cloned());
    assert_eq!(
        disabled::render_side(&side),
        side_text,
        "the fixture is in mcpctl's own rendering"
    );
}
