//! `mcpctl restore` (no argument) as text: the backups, newest first, with
//! their time and server names, and how to put one back.

use crate::report::backups::BackupsReport;
use crate::report::style::Style;

pub fn render(r: &BackupsReport, s: Style) -> String {
    if r.backups.is_empty() {
        return format!(
            "No backups of {} yet (mcpctl saves one in {} before every change it writes).\n",
            r.file, r.backup_dir
        );
    }
    let mut out = format!("Backups of {} (newest first):\n", r.file);
    for b in &r.backups {
        let what = if !b.parses {
            s.yellow("(does not parse)")
        } else if b.servers.is_empty() {
            s.dim("(no servers)")
        } else {
            b.servers.join(", ")
        };
        out.push_str(&format!("  {:>2}  {}  {what}\n", b.index, b.when));
        out.push_str(&format!("      {}\n", s.dim(&b.path)));
    }
    // backticked: the output layer adds --config to a suggested command
    out.push_str("Put one back with: `mcpctl restore NUMBER` (or its file name)\n");
    out
}
