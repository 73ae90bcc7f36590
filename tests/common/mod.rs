//! Plumbing shared by every end-to-end test file: the `mcpctl` binary with a
//! cleared, controlled environment, and its captured output.
//!
//! Use from a test file with `mod common;` (declared before any support
//! module that builds on it). Domain helpers (fake tools, fixtures, pid
//! files) stay in the support module of the suite that needs them.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// `mcpctl` with an empty environment except `HOME` and `PATH`, so the
/// developer's own config, tools and `MCPCTL_*` variables are never read.
///
/// `NO_COLOR` is deliberately not set: suites that want it add it, and
/// checks such as "no colour on a pipe" stay meaningful.
pub fn mcpctl(home: &Path, path: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::cargo_bin("mcpctl").expect("mcpctl binary");
    cmd.env_clear().env("HOME", home).env("PATH", path);
    cmd
}

/// What one `mcpctl` run showed: exit code (`None` when killed by a
/// signal), stdout and stderr as text.
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Out {
    fn from(o: Output) -> Out {
        Out {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Out {
    /// stdout followed by stderr, for failure messages.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// stdout parsed as JSON (panics showing both streams when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = self
            .code
            .map_or_else(|| "by signal".to_string(), |c| c.to_string());
        write!(
            f,
            "exit {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        )
    }
}
