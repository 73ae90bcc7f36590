//! `mcpctl validate` as text: every diagnostic rustc-style (at most
//! [`SHOWN`](crate::report::diagnostics::SHOWN), then how many more), then a
//! one-line summary (red with errors, yellow with warnings, else green).

use super::diagnostics::{Snippets, more, render_all};
use crate::report::app_state::ManifestReport;
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
    Snippets::with_secrets(&r.source, r.secret_spans.clone()).each(&r.found, s, emit)?;
    emit(&more(r.omitted, s))?;
    if !r.found.is_empty() {
        emit("\n")?;
    }
    emit(&format!(
        "{}\n",
        painted(s, &summary(r), r.errors, r.warnings)
    ))?;
    for m in r.extensions.iter().flatten() {
        emit(&manifest(m, s))?;
    }
    Ok(())
}

/// A summary line: red with errors, yellow with warnings, else green.
fn painted(s: Style, line: &str, errors: usize, warnings: usize) -> String {
    if errors > 0 {
        s.red(line)
    } else if warnings > 0 {
        s.yellow(line)
    } else {
        s.green(line)
    }
}

/// One extension's manifest: its diagnostics, then its summary line.
fn manifest(m: &ManifestReport, s: Style) -> String {
    let mut out = String::from("\n");
    out.push_str(&render_all(&m.source, &m.found, s));
    if !m.found.is_empty() {
        out.push('\n');
    }
    let checked = match &m.declared {
        Some(d) if d == m.checked_as => format!("mcpb {d}"),
        _ if m.checked_as == ManifestReport::UNREAD => "not read".to_string(),
        _ => format!("checked as mcpb {}", m.checked_as),
    };
    // the path holds the extension's folder name: kept on one line
    let file = crate::escape::one_line(&m.file);
    let line = if m.errors + m.warnings == 0 {
        format!("no problems in {file} ({checked})")
    } else {
        format!(
            "{}, {} in {file} ({checked})",
            plural(m.errors, "error"),
            plural(m.warnings, "warning"),
        )
    };
    out.push_str(&painted(s, &line, m.errors, m.warnings));
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
