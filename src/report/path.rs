//! `mcpctl path` as a report: which config file mcpctl (and Claude
//! Desktop) reads, whether it exists, the rule that chose it, candidates
//! that exist but are ignored; and where the app's logs are (the log
//! engine's locator, as `logs` and `doctor` use it). JSON shape:
//! docs/json/path.md.

use std::path::PathBuf;

use serde::Serialize;

use crate::app::logs::LogFolders;
use crate::config::locate::Located;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathReport {
    pub path: PathBuf,
    pub exists: bool,
    pub rule: &'static str,
    pub reason: String,
    pub ignored: Vec<Ignored>,
    pub app_reads: Option<PathBuf>,
    /// Where Claude Desktop's logs are (`mcpctl logs --json`'s `location`).
    pub logs: LogFolders,
}

/// A candidate file that exists but that the app does not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    pub path: PathBuf,
    pub reason: String,
}

impl PathReport {
    pub fn new(located: &Located, logs: LogFolders) -> PathReport {
        let reason = ignored_reason(located);
        PathReport {
            path: located.path.clone(),
            exists: located.exists,
            rule: located.rule,
            reason: located.reason.clone(),
            ignored: located
                .ignored
                .iter()
                .map(|p| Ignored {
                    path: p.clone(),
                    reason: reason.clone(),
                })
                .collect(),
            app_reads: located.app_reads.clone(),
            logs,
        }
    }
}

/// Why an ignored candidate is ignored.
pub fn ignored_reason(located: &Located) -> String {
    format!(
        "exists, but Claude Desktop reads {}: edits there are silently ignored",
        located.path.display()
    )
}
