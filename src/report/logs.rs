//! `mcpctl logs` as a report: which config's servers were looked for,
//! where Claude Desktop's logs are and what was read of them, and each
//! server's last app session (`app::logs`). The config's env values are
//! masked in every quoted text when the model is built, unless
//! `--show-secrets`. The JSON of docs/json/logs.md; `report::text::logs`
//! renders the same model.

use serde::Serialize;

use crate::app::logs::{FileKind, LogsReport, mask::mask_session};

/// The document of docs/json/logs.md.
#[derive(Debug, Clone, Serialize)]
pub struct LogsView {
    pub config: ConfigUsed,
    #[serde(flatten)]
    pub report: LogsReport,
}

/// The config whose server names were looked for and whose env values are
/// masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigUsed {
    /// Null when no path could be derived.
    pub path: Option<String>,
    /// Its servers, in file order.
    pub servers: Vec<String>,
    /// Why it could not be read (the servers of the app's last launch are
    /// shown instead); null when it was.
    pub error: Option<String>,
}

impl LogsView {
    /// The report as shown: only the servers in `only` (all when empty),
    /// secrets masked unless `show`.
    pub fn new(
        config: ConfigUsed,
        mut report: LogsReport,
        only: &[String],
        secrets: &[String],
        show: bool,
    ) -> LogsView {
        if !only.is_empty() {
            report.sessions.servers.retain(|s| only.contains(&s.server));
            report.sessions.not_found.retain(|n| only.contains(n));
            report
                .sessions
                .unreadable_servers
                .retain(|u| only.contains(&u.server));
            // another server's own file is not what was asked about;
            // mcp.log and main.log hold every server's lines
            report
                .sessions
                .unreadable
                .retain(|u| u.kind != FileKind::Server || only.iter().any(|n| u.is_of_server(n)));
        }
        if !show {
            for s in &mut report.sessions.servers {
                mask_session(s, secrets);
            }
        }
        LogsView { config, report }
    }
}
