//! Helpers for the `mcpctl doctor` end-to-end tests: a temp home with fake
//! tool trees (nvm versions, pyenv shims), fixture configs from
//! `tests/fixtures/doctor/` with their placeholders filled in, and `mcpctl`
//! run with a controlled environment (`env_clear` + HOME/PATH, and
//! `MCPCTL_APP_PATH` to emulate the PATH the app gives servers). Needs
//! `mod common;` in the test file.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub use crate::common::Out;

pub fn example_server() -> &'static str {
    env!("CARGO_BIN_EXE_mcpctl-example-server")
}

/// One test's world: a home folder, a project folder (the current folder),
/// and the config file.
pub struct World {
    pub dir: tempfile::TempDir,
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        let w = World { dir };
        std::fs::create_dir_all(w.home()).unwrap();
        std::fs::create_dir_all(w.project()).unwrap();
        w
    }
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
    pub fn project(&self) -> PathBuf {
        self.dir.path().join("project")
    }
    pub fn config(&self) -> PathBuf {
        self.project().join("claude_desktop_config.json")
    }
    pub fn backups(&self) -> Vec<PathBuf> {
        let dir = self.project().join("mcpctl-backups");
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    /// Write a fixture with `{{EXAMPLE}}`, `{{HOME}}`, `{{PROJECT}}` and
    /// any `extra` placeholders replaced; returns the bytes written.
    pub fn write_fixture(&self, name: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/doctor")
            .join(name);
        let mut text = String::from_utf8(std::fs::read(&path).expect("fixture")).unwrap();
        let home = self.home().display().to_string();
        let project = self.project().display().to_string();
        let mut subs = vec![
            ("EXAMPLE", example_server()),
            ("HOME", home.as_str()),
            ("PROJECT", project.as_str()),
        ];
        subs.extend_from_slice(extra);
        for (k, v) in subs {
            text = text.replace(&format!("{{{{{k}}}}}"), v);
        }
        std::fs::write(self.config(), &text).unwrap();
        text.into_bytes()
    }

    /// An executable shell script.
    pub fn script(&self, path: &Path, body: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// `~/.nvm/versions/node/VERSION/bin/{node,npx}` for each version: a
    /// `node` that answers `--version` and `-p process.execPath`.
    pub fn fake_nvm(&self, versions: &[&str]) -> Vec<PathBuf> {
        versions
            .iter()
            .map(|v| {
                let bin = self.home().join(".nvm/versions/node").join(v).join("bin");
                self.script(
                    &bin.join("node"),
                    &format!(
                        "case \"$1\" in --version) echo {v};; -p) echo \"$0\";; *) exit 1;; esac"
                    ),
                );
                self.script(&bin.join("npx"), "exec node \"$@\"");
                bin
            })
            .collect()
    }

    /// `~/.pyenv/shims/python3` that resolves (in any folder but `/`) to
    /// `~/.pyenv/versions/3.12.1/bin/python3`, like a real shim with a
    /// global version missing.
    pub fn fake_pyenv(&self) -> (PathBuf, PathBuf) {
        let real = self.home().join(".pyenv/versions/3.12.1/bin/python3");
        self.script(
            &real,
            "case \"$1\" in --version) echo 'Python 3.12.1';; -c) echo \"$0\";; *) exit 1;; esac",
        );
        let shim = self.home().join(".pyenv/shims/python3");
        self.script(
            &shim,
            &format!(
                "if [ \"$(pwd)\" = / ]; then echo 'pyenv: python3: command not found' >&2; exit 127; fi\nexec {} \"$@\"",
                real.display()
            ),
        );
        (shim, real)
    }

    /// `mcpctl` with only HOME and PATH set (plus `extra`), run in the
    /// project folder.
    pub fn mcpctl(&self, path: &str, extra: &[(&str, &str)]) -> Command {
        let mut cmd = crate::common::mcpctl(&self.home(), path);
        cmd.current_dir(self.project());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd
    }

    /// `mcpctl --config FILE doctor ARGS` → (exit code, stdout, stderr).
    pub fn doctor(&self, path: &str, extra: &[(&str, &str)], args: &[&str]) -> Out {
        let out = self
            .mcpctl(path, extra)
            .arg("--config")
            .arg(self.config())
            .arg("doctor")
            .args(args)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("run mcpctl");
        Out::from(out)
    }

    /// `doctor --json ARGS`, parsed.
    pub fn doctor_json(&self, path: &str, extra: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let o = self.doctor(path, extra, &all);
        (o.code.unwrap_or(-1), o.json())
    }
}

/// Every finding/diagnostic code reported for a server in doctor's JSON.
pub fn server_codes(doc: &Value, server: &str) -> Vec<String> {
    let s = doc["servers"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["name"] == server))
        .unwrap_or_else(|| panic!("no server {server} in {doc:#}"));
    let mut codes: Vec<String> = Vec::new();
    for key in ["diagnostics", "findings"] {
        for d in s[key].as_array().into_iter().flatten() {
            codes.push(d["code"].as_str().unwrap_or("").to_string());
        }
    }
    codes
}

pub const SYSTEM_PATH: &str = "/usr/bin:/bin";
