//! Where Claude Desktop's config file is: a pure function from the host
//! (OS, home, env vars) and what exists on disk to the chosen path, the rule
//! that chose it, and the other candidates that exist but are ignored.

use std::path::PathBuf;

/// The result of locating the config file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Located {
    /// The file mcpctl will read (and the app reads, unless overridden).
    pub path: PathBuf,
    pub exists: bool,
    /// Machine id of the rule, e.g. `flag`, `env`, `macos`, `windows-msix`,
    /// `windows-classic`, `linux-xdg`, `linux-home`.
    pub rule: &'static str,
    /// Human explanation of why this path was chosen.
    pub reason: String,
    /// Other candidate files that exist but the app ignores.
    pub ignored: Vec<PathBuf>,
}
