//! The text renderer: what a person reads, one module per report, each a
//! pure function from a report model (and a [`Style`]) to text. Colour is
//! the style's business (off on a pipe and with NO_COLOR); secrets were
//! masked when the model was built.

use super::style::Style;

pub mod backups;
pub mod diagnostics;
pub mod diff;
pub mod doctor;
pub mod edit;
pub mod failure;
pub mod launch;
pub mod list;
pub mod logs;
pub mod path;
pub mod recorded;
pub mod validate;

/// Every non-empty line of `text` with `pad` in front (empty lines stay
/// empty).
pub fn indent(text: &str, pad: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect()
}

/// `note: MESSAGE` (stderr), with the label coloured.
pub fn note(s: Style, message: &str) -> String {
    format!("{} {message}\n", s.cyan("note:"))
}

/// `warning: MESSAGE` (stderr), with the label coloured.
pub fn warning(s: Style, message: &str) -> String {
    format!("{} {message}\n", s.yellow("warning:"))
}
