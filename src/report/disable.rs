//! `mcpctl disable NAME` / `mcpctl enable NAME` as a report: what was
//! turned off or on (a config server moved to or from mcpctl's side file,
//! or an extension's `isEnabled`), each file written in the order it was
//! written, and the config's diff (env values masked). JSON shape:
//! docs/json/disable.md; `report::text::disable` renders the text.

use serde::Serialize;

use super::edit::Written;
use crate::machine::Finding;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct ToggleReport {
    /// `disable` or `enable`.
    pub action: &'static str,
    pub name: String,
    /// `server` (a config entry) or `extension`.
    pub kind: &'static str,
    /// An extension's display name (None for a server).
    pub display_name: Option<String>,
    pub dry_run: bool,
    /// False when it already was in that state (nothing to write).
    pub changed: bool,
    /// True when this run completed a disable or enable that was stopped
    /// between its two writes.
    pub finished_interrupted: bool,
    /// The files written (or, with `--dry-run`, that would be), in order.
    pub files: Vec<FileWrite>,
    /// The config file's diff (servers only; env values masked).
    pub diff: String,
    /// What still stands in the way (an extension the app would not start).
    pub notes: Vec<Finding>,
}

/// One file of the change.
#[derive(Debug, Clone, Serialize)]
pub struct FileWrite {
    pub file: String,
    /// `config`, `side-file` or `extension-settings`.
    pub role: &'static str,
    #[serde(flatten)]
    pub written: Written,
}

impl ToggleReport {
    /// `disabled` / `enabled`.
    pub fn done_word(&self) -> &'static str {
        if self.action == "disable" {
            "disabled"
        } else {
            "enabled"
        }
    }
    /// The file of `role`, when the change touches it.
    pub fn file(&self, role: &str) -> Option<&FileWrite> {
        self.files.iter().find(|f| f.role == role)
    }
}
