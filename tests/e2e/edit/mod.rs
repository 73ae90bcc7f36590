//! Editing the config: `add`, `remove` and `restore` as a user sees them
//! (`commands`), a server's variables (`env`), byte-for-byte preservation (`preserve`), the write path's
//! promises (`safety`), the warning while the app runs (`app_running`),
//! and the editor's add/remove round trip as a property (`roundtrip`,
//! library level). [`Env`] is a sandbox whose config lives in a `Claude/`
//! folder under the current folder (absent until a test writes it).

mod app_running;
mod commands;
mod env;
mod preserve;
mod roundtrip;
mod safety;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Out, Sandbox};

pub const FILE: &str = "claude_desktop_config.json";

/// A sandbox holding (or about to hold) a config file.
pub struct Env {
    pub sb: Sandbox,
    pub config: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let sb = Sandbox::new();
        let config = sb.work().join("Claude").join(FILE);
        Env { sb, config }
    }

    /// A config file with these exact bytes.
    pub fn with(bytes: &str) -> Env {
        let env = Env::new();
        env.write(bytes);
        env
    }

    pub fn write(&self, bytes: &str) {
        self.sb.write(&self.config, bytes);
    }

    pub fn read(&self) -> String {
        std::fs::read_to_string(&self.config).expect("config readable")
    }

    /// The current folder of every run.
    pub fn cwd(&self) -> PathBuf {
        self.sb.work()
    }

    pub fn backups_dir(&self) -> PathBuf {
        self.config.parent().unwrap().join("mcpctl-backups")
    }

    pub fn backups(&self) -> Vec<PathBuf> {
        crate::support::backups_in(&self.backups_dir())
    }

    /// `mcpctl --config CONFIG ARGS...` (PATH: the sandbox's `bin/`).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.sb.mcpctl();
        c.arg("--config").arg(&self.config).args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.sb.run(&mut self.cmd(args))
    }
}

/// Strict JSON, as the app parses it.
pub fn strict(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not strict JSON ({e}):\n{text}"))
}

pub fn mtime(p: &Path) -> std::time::SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}
