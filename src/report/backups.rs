//! `mcpctl restore` (no argument) as a report: the config's backups,
//! newest first, with their time and server names. JSON shape:
//! docs/json/restore.md.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupsReport {
    pub file: String,
    pub backup_dir: String,
    pub backups: Vec<BackupItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupItem {
    /// What `mcpctl restore N` puts back.
    pub index: usize,
    pub name: String,
    pub path: String,
    /// RFC 3339, UTC.
    pub time: String,
    /// Strict JSON (restore refuses a backup that is not).
    pub parses: bool,
    /// Its server names; empty when it does not parse.
    pub servers: Vec<String>,
    /// The time as the text shows it.
    #[serde(skip)]
    pub when: String,
}
