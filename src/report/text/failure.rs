//! A failed run as text, on stderr: `error: MESSAGE` and `  hint: HINT`.

use crate::report::failure::FailureReport;
use crate::report::style::Style;

pub fn render(f: &FailureReport, s: Style) -> String {
    let mut out = format!("{} {}\n", s.red("error:"), f.error.message);
    if let Some(h) = &f.error.hint {
        out.push_str(&format!("  {} {h}\n", s.cyan("hint:")));
    }
    out
}
