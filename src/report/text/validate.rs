//! `mcpctl validate` as text: every diagnostic rustc-style, then a
//! one-line summary (red with errors, yellow with warnings, else green).

use super::diagnostics::render_all;
use crate::report::style::Style;
use crate::report::validate::ValidateReport;
use crate::text::plural;

pub fn render(r: &ValidateReport, s: Style) -> String {
    let mut out = render_all(&r.source, &r.found, s);
    if !out.is_empty() {
        out.push('\n');
    }
    let line = summary(r);
    let line = if r.errors > 0 {
        s.red(&line)
    } else if r.warnings > 0 {
        s.yellow(&line)
    } else {
        s.green(&line)
    };
    out.push_str(&line);
    out.push('\n');
    out
}

/// `2 errors, 1 warning in PATH`, or `no problems in PATH (N servers)`.
pub fn summary(r: &ValidateReport) -> String {
    let path = &r.file;
    if r.errors + r.warnings == 0 {
        return format!("no problems in {path} ({})", plural(r.servers, "server"));
    }
    format!(
        "{}, {} in {path}",
        plural(r.errors, "error"),
        plural(r.warnings, "warning")
    )
}
