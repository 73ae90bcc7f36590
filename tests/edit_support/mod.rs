//! Helpers for the `edit_*` tests: run `mcpctl` against a config in a temp
//! folder with a controlled environment (no colour, a known PATH and HOME,
//! no MCPCTL_CONFIG from the developer's shell). Needs `mod common;` in
//! the test file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub use crate::common::Out;

pub const FILE: &str = "claude_desktop_config.json";

/// A temp folder holding (or about to hold) a config file.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("Claude").join(FILE);
        Env { dir, config }
    }

    /// A config file with these exact bytes.
    pub fn with(bytes: &str) -> Env {
        let env = Env::new();
        env.write(bytes);
        env
    }

    pub fn write(&self, bytes: &str) {
        std::fs::create_dir_all(self.config.parent().unwrap()).unwrap();
        std::fs::write(&self.config, bytes).unwrap();
    }

    pub fn read(&self) -> String {
        std::fs::read_to_string(&self.config).expect("config readable")
    }

    pub fn backups_dir(&self) -> PathBuf {
        self.config.parent().unwrap().join("mcpctl-backups")
    }

    pub fn backups(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.backups_dir())
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    /// `mcpctl --config CONFIG ARGS...`, cwd = the temp folder.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = crate::common::mcpctl(self.dir.path(), "/usr/bin:/bin");
        c.env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .arg("--config")
            .arg(&self.config)
            .args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        Out::from(self.cmd(args).output().expect("run mcpctl"))
    }
}

/// Strict JSON, as the app parses it.
pub fn strict(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not strict JSON ({e}):\n{text}"))
}

pub fn mtime(p: &Path) -> std::time::SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}
