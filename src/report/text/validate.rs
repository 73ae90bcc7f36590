//! `mcpctl validate` as text: every diagnostic rustc-style (at most
//! [`SHOWN`](crate::report::diagnostics::SHOWN), then how many more), then a
//! one-line summary (red with errors, yellow with warnings, else green).

use super::diagnostics::{Snippets, more};
use crate::report::style::Style;
use crate::report::validate::ValidateReport;
use crate::text::plural;

/// The whole text.
pub fn render(r: &ValidateReport, s: Style) -> String {
    let mut out = String::new();
    render_each(r, s, &mut |chunk| {
        out.push_str(chunk);
        Ok(())
    })
    .unwrap_or_default();
    out
}

/// The text handed out a diagnostic at a time, so it can be written as it
/// is rendered.
pub fn render_each(
    r: &ValidateReport,
    s: Style,
    emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    Snippets::new(&r.source).each(&r.found, s, emit)?;
    emit(&more(r.omitted, s))?;
    if !r.found.is_empty() {
        emit("\n")?;
    }
    let line = summary(r);
    let line = if r.errors > 0 {
        s.red(&line)
    } else if r.warnings > 0 {
        s.yellow(&line)
    } else {
        s.green(&line)
    };
    emit(&format!("{line}\n"))
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
