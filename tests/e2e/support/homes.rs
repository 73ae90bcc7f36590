//! The fixture homes of `tests/fixtures/homes/` (what Claude Desktop keeps
//! beside its config: Desktop Extensions, their settings and record,
//! mcpctl's side file and backups), copied into a sandbox so a test may
//! change them, with each extension's server installed at its manifest's
//! entry point (the homes hold manifests only; see their README), and a
//! PATH that finds the real `node` and `python3` of this machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Sandbox, repo};

/// The data folder of a fixture home, in the repository.
pub fn fixture_data_dir(home: &str) -> PathBuf {
    let homes = repo().join("tests/fixtures/homes");
    match home {
        "macos" => homes.join("macos/Library/Application Support/Claude"),
        "windows-msix" => homes.join(
            "windows-msix/AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude",
        ),
        _ => homes.join("linux/.config/Claude"),
    }
}

/// Copy a fixture home's data folder to `data/Claude` in the sandbox;
/// returns the config file's path there.
pub fn copy_home(sb: &Sandbox, home: &str) -> PathBuf {
    let to = sb.root().join("data/Claude");
    copy_dir(&fixture_data_dir(home), &to);
    to.join("claude_desktop_config.json")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Put a server at each extension's entry point under `data_dir`: the
/// node script for node bundles, the python script for python ones, the
/// built `mcpctl-example-server` for binary ones (`server.exe` on
/// Windows).
pub fn install_servers(data_dir: &Path) {
    let servers = repo().join("tests/fixtures/homes/_servers");
    let exts = data_dir.join("Claude Extensions");
    let Ok(entries) = std::fs::read_dir(&exts) else {
        return;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
            continue;
        };
        let m: serde_json::Value = serde_json::from_str(&text).expect("fixture manifest is JSON");
        let entry_point = m["server"]["entry_point"].as_str().unwrap_or_default();
        let (from, entry_point) = match m["server"]["type"].as_str() {
            Some("node") => (servers.join("node-server.js"), entry_point.to_string()),
            Some("python" | "uv") => (servers.join("python-server.py"), entry_point.to_string()),
            Some("binary") if cfg!(windows) => (
                PathBuf::from(super::example_server()),
                format!("{entry_point}.exe"),
            ),
            Some("binary") => (
                PathBuf::from(super::example_server()),
                entry_point.to_string(),
            ),
            _ => continue,
        };
        let to = dir.join(entry_point);
        std::fs::create_dir_all(to.parent().expect("entry point folder")).expect("create folder");
        std::fs::copy(&from, &to).expect("install fixture server");
    }
}

/// The folder of the real program behind `program` on this machine (a
/// pyenv or asdf shim asks its manager, which needs the user's HOME: the
/// program itself is asked where it lives).
fn real_dir(program: &str, ask: &[&str]) -> Option<String> {
    super::on_path(program)?;
    let out = Command::new(program).args(ask).output().ok()?;
    let exe = String::from_utf8(out.stdout).ok()?;
    let exe = Path::new(exe.trim());
    Some(exe.parent()?.display().to_string())
}

/// A PATH that finds the real `node` and `python3` (None when either is
/// missing) and the system folders.
pub fn runtime_path() -> Option<String> {
    let node = real_dir("node", &["-e", "console.log(process.execPath)"])?;
    let python = real_dir("python3", &["-c", "import sys; print(sys.executable)"])?;
    let mut dirs = vec![node];
    for d in [
        python,
        "/usr/local/bin".into(),
        "/usr/bin".into(),
        "/bin".into(),
    ] {
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    Some(dirs.join(if cfg!(windows) { ";" } else { ":" }))
}
