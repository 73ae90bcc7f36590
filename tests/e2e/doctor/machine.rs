//! The machine as the app sees it, end to end: a command found only on the
//! shell's PATH, nvm's version folders putting an old Node first, and a
//! pyenv shim that breaks from `/`. The app's PATH is emulated with
//! `MCPCTL_APP_PATH` (as the macOS app builds it: every nvm folder first, in
//! lexical order) over fake tool trees in a temp home.

use super::{SYSTEM_PATH, World, server_codes};

fn finding<'a>(doc: &'a serde_json::Value, server: &str, code: &str) -> &'a serde_json::Value {
    doc["servers"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["name"] == server))
        .and_then(|s| s["findings"].as_array())
        .and_then(|f| f.iter().find(|f| f["code"] == code))
        .unwrap_or_else(|| panic!("no {code} for {server}: {doc:#}"))
}

#[test]
fn a_command_only_on_the_shell_path_is_found_and_resolved() {
    let w = World::new();
    let shell_bin = w.home().join(".local/bin");
    w.sb.script(shell_bin.join("my-mcp-tool"), "exit 0");
    w.write_fixture("shell-path-only.json", &[]);
    let path = format!("{}:{SYSTEM_PATH}", shell_bin.display());
    let env = [("MCPCTL_APP_PATH", SYSTEM_PATH)];

    let (code, doc) = w.doctor_json(&path, &env, &["--no-launch"]);
    assert_eq!(code, 1);
    let f = finding(&doc, "tool", "command-only-on-shell-path");
    assert_eq!(f["level"], "error");
    assert_eq!(
        f["message"],
        "`my-mcp-tool` is not on the app's PATH; your shell finds it in ~/.local/bin"
    );
    assert!(
        f["hint"]
            .as_str()
            .unwrap()
            .contains("spawn my-mcp-tool ENOENT")
    );

    let o = w.doctor(&path, &env, &["--no-launch", "--fix", "--yes"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    let text = std::fs::read_to_string(w.config()).unwrap();
    let want = format!(
        "\"command\": \"{}\"",
        shell_bin.join("my-mcp-tool").display()
    );
    assert!(text.contains(&want), "{text}");
}

#[test]
fn nvm_lexical_order_runs_an_absolute_npx_under_the_oldest_node_and_fix_pins_it() {
    let w = World::new();
    let bins = w.fake_nvm(&["v18.20.0", "v22.11.0"]);
    let (v18, v22) = (bins[0].display().to_string(), bins[1].display().to_string());
    w.write_fixture("nvm-absolute-npx.json", &[]);
    let shell_path = format!("{v22}:{SYSTEM_PATH}");
    let app_path = format!("{v18}:{v22}:{SYSTEM_PATH}");
    let env = [("MCPCTL_APP_PATH", app_path.as_str())];

    let (code, doc) = w.doctor_json(&shell_path, &env, &["--no-launch"]);
    assert_eq!(code, 1, "{doc:#}");
    let node = &doc["machine"]["tools"][0];
    assert_eq!(node["name"], "node");
    assert_eq!(node["app"]["version"], "v18.20.0");
    assert_eq!(node["shell"]["version"], "v22.11.0");
    assert_eq!(node["app"]["manager"], "nvm");
    let machine_codes: Vec<&str> = doc["machine"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(machine_codes.contains(&"node-differs"), "{machine_codes:?}");
    let f = finding(&doc, "memory", "node-version-mismatch");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("v18.20.0") && msg.contains("v22.11.0"),
        "{msg}"
    );

    // the repair puts v22's folder first on the entry's PATH
    let o = w.doctor(&shell_path, &env, &["--no-launch", "--fix", "--yes"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    let cfg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.config()).unwrap()).unwrap();
    let pinned = cfg["mcpServers"]["memory"]["env"]["PATH"].as_str().unwrap();
    assert!(pinned.starts_with(&format!("{v22}:{v18}")), "{pinned}");

    // fixed for good: a second --fix has nothing to do
    let before = std::fs::read(w.config()).unwrap();
    let o = w.doctor(&shell_path, &env, &["--no-launch", "--fix", "--yes"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    assert!(
        o.stdout.contains("nothing doctor can repair safely"),
        "{o:?}"
    );
    assert_eq!(std::fs::read(w.config()).unwrap(), before);
}

#[test]
fn a_pyenv_shim_that_breaks_from_root_is_pinned_to_the_real_python() {
    let w = World::new();
    let (shim, real) = w.fake_pyenv();
    let shims = shim.parent().unwrap().display().to_string();
    w.write_fixture("pyenv-shim.json", &[]);
    let path = format!("{shims}:{SYSTEM_PATH}");
    let env = [("MCPCTL_APP_PATH", path.as_str())];

    let (code, doc) = w.doctor_json(&path, &env, &["--no-launch"]);
    assert_eq!(code, 1, "{doc:#}");
    let py = doc["machine"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "python3")
        .unwrap();
    // asked from `/`, as the app would: the shim fails there
    assert!(py["app"]["version"].is_null(), "{py:#}");
    assert_eq!(py["shell"]["version"], "Python 3.12.1");
    assert_eq!(py["app"]["manager"], "pyenv");
    let f = finding(&doc, "time", "version-manager-shim");
    assert_eq!(f["level"], "warning");
    assert!(
        f["hint"]
            .as_str()
            .unwrap()
            .contains(&real.display().to_string())
    );

    let o = w.doctor(&path, &env, &["--no-launch", "--fix", "--yes"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    let cfg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.config()).unwrap()).unwrap();
    assert_eq!(
        cfg["mcpServers"]["time"]["command"],
        real.display().to_string()
    );
    assert_eq!(cfg["mcpServers"]["time"]["args"][1], "mcp_server_time");
    let (_, after) = w.doctor_json(&path, &env, &["--no-launch"]);
    assert!(server_codes(&after, "time").is_empty(), "{after:#}");
}
