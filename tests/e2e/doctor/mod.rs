//! `mcpctl doctor` end to end (`cli`: the report and its exit codes; `fix`:
//! `--fix` round trips; `machine`: the machine as the app sees it). The
//! [`World`] here is a sandbox with a project folder holding the config
//! (fixtures from `tests/fixtures/doctor/` with their placeholders filled
//! in) and fake tool trees (nvm versions, a pyenv shim) in its HOME. The
//! app's PATH is emulated with `MCPCTL_APP_PATH`.

mod cli;
mod fix;
mod machine;
mod summary;

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::support::{self, Sandbox};

/// One test's world: the sandbox's `work/` folder is the project (the
/// current folder) and holds the config file.
pub struct World {
    pub sb: Sandbox,
}

impl World {
    pub fn new() -> World {
        let sb = Sandbox::new();
        sb.snapshots_differ_by_os(
            "doctor shows the app's folders, install places and launch profile of the OS it runs on",
        );
        World { sb }
    }

    pub fn home(&self) -> PathBuf {
        self.sb.home()
    }

    pub fn project(&self) -> PathBuf {
        self.sb.work()
    }

    pub fn config(&self) -> PathBuf {
        self.project().join("claude_desktop_config.json")
    }

    pub fn backups(&self) -> Vec<PathBuf> {
        crate::support::backups_in(&self.project().join("mcpctl-backups"))
    }

    /// Writes `text` as the config file.
    pub fn write_config(&self, text: &str) {
        self.sb.write(self.config(), text);
    }

    /// Write a fixture with `{{EXAMPLE}}`, `{{TRUE}}` ([`support::true_cmd`]),
    /// `{{HOME}}`, `{{PROJECT}}` and any `extra` placeholders replaced (inside JSON strings, so escaped);
    /// returns the bytes written.
    pub fn write_fixture(&self, name: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let path = support::repo().join("tests/fixtures/doctor").join(name);
        let mut text = std::fs::read_to_string(&path).expect("fixture");
        let home = self.home().display().to_string();
        let project = self.project().display().to_string();
        let mut subs = vec![
            ("EXAMPLE", support::example_server()),
            ("TRUE", support::true_cmd()),
            ("HOME", home.as_str()),
            ("PROJECT", project.as_str()),
        ];
        subs.extend_from_slice(extra);
        for (k, v) in subs {
            text = text.replace(&format!("{{{{{k}}}}}"), &support::in_json(v));
        }
        self.write_config(&text);
        text.into_bytes()
    }

    /// `~/.nvm/versions/node/VERSION/bin/{node,npx}` for each version: a
    /// `node` that answers `--version` and `-p process.execPath`.
    pub fn fake_nvm(&self, versions: &[&str]) -> Vec<PathBuf> {
        versions
            .iter()
            .map(|v| {
                let bin = self.home().join(".nvm/versions/node").join(v).join("bin");
                self.sb.script(
                    bin.join("node"),
                    &format!(
                        "case \"$1\" in --version) echo {v};; -p) echo \"$0\";; *) exit 1;; esac"
                    ),
                );
                self.sb.script(bin.join("npx"), "exec node \"$@\"");
                bin
            })
            .collect()
    }

    /// `~/.pyenv/shims/python3` that resolves (in any folder but `/`) to
    /// `~/.pyenv/versions/3.12.1/bin/python3`, like a real shim with a
    /// global version missing.
    #[cfg(unix)]
    pub fn fake_pyenv(&self) -> (PathBuf, PathBuf) {
        let real = self.home().join(".pyenv/versions/3.12.1/bin/python3");
        self.sb.script(
            &real,
            "case \"$1\" in --version) echo 'Python 3.12.1';; -c) echo \"$0\";; *) exit 1;; esac",
        );
        let shim = self.sb.script(
            self.home().join(".pyenv/shims/python3"),
            &format!(
                "if [ \"$(pwd)\" = / ]; then echo 'pyenv: python3: command not found' >&2; exit 127; fi\nexec {} \"$@\"",
                real.display()
            ),
        );
        (shim, real)
    }

    /// `mcpctl --config FILE doctor ARGS` (PATH: the sandbox's `bin/`,
    /// where no real tool is, so the machine section is the same on every
    /// machine; a test that needs another PATH sets it).
    pub fn doctor(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.mcpctl();
        cmd.arg("--config")
            .arg(self.config())
            .arg("doctor")
            .args(args);
        cmd
    }

    /// `doctor --json ARGS` run (with `env` set), parsed.
    pub fn doctor_json(&self, env: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.sb.run(self.doctor(&all).envs(env.iter().copied()));
        (out.code.unwrap_or(-1), out.json())
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
