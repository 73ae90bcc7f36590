//! The text renderer: what a person reads, one module per report, each a
//! pure function from a report model (and a [`Style`]) to text. Colour is
//! the style's business (off on a pipe and with NO_COLOR); secrets were
//! masked when the model was built.

use super::style::Style;
use crate::machine::{Finding, Level};

pub mod app_state;
pub mod backups;
pub mod call;
pub mod diagnostics;
pub mod diff;
pub mod disable;
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

/// Stderr: Claude Desktop cannot parse `file` (`e.why`), `then` (what it
/// means, and what this command does anyway), the place with a caret, and
/// the hint that repairs it. One wording for test-launch (`as_error`: its
/// verdict on the run), call and env (a warning: they go on).
pub fn app_cannot_parse(
    s: Style,
    as_error: bool,
    file: &str,
    e: &crate::config::model::AppParseError,
    then: &str,
) -> String {
    let lead = if as_error {
        s.red("error:")
    } else {
        s.yellow("warning:")
    };
    format!(
        "{lead} Claude Desktop cannot parse {file} ({}), {then}\n{}  {} fix the file first: \
`mcpctl validate` shows every error, `mcpctl doctor --fix` repairs the mechanical ones\n",
        e.why,
        e.spot
            .as_ref()
            .map(|at| diagnostics::spot(at, s))
            .unwrap_or_default(),
        s.cyan("hint:")
    )
}

/// `<number: must be a string>`: an env value the app rejects, in red.
pub fn not_a_string(s: Style, json_type: &str) -> String {
    s.red(&format!("<{json_type}: must be a string>"))
}

/// `note: MESSAGE` (stderr), with the label coloured.
pub fn note(s: Style, message: &str) -> String {
    format!("{} {message}\n", s.cyan("note:"))
}

/// `warning: MESSAGE` (stderr), with the label coloured.
pub fn warning(s: Style, message: &str) -> String {
    format!("{} {message}\n", s.yellow("warning:"))
}

/// `error[code]: message` and its hint, after `pad`, one line each: a
/// value the message quotes (a `command` with a line break or a tab in
/// it) cannot start a line of its own.
pub fn finding(s: Style, f: &Finding, pad: &str) -> String {
    let word = match f.level {
        Level::Error => s.red("error"),
        Level::Warning => s.yellow("warning"),
        Level::Note => s.cyan("note"),
    };
    let mut out = format!(
        "{pad}{word}{} {}\n",
        s.bold(&format!("[{}]:", f.code)),
        crate::escape::name(&f.message)
    );
    if let Some(h) = &f.hint {
        out.push_str(&format!(
            "{pad}  {} {}\n",
            s.cyan("= hint:"),
            crate::escape::name(h)
        ));
    }
    out
}
