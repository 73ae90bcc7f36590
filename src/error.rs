//! The error a user reads when mcpctl cannot do what was asked: a message
//! that says what went wrong, and a hint that says what to do about it
//! (uv's errors are the model), with the place in a text it is about when
//! there is one ([`Spot`]: shown as that line with a caret). A leaf: every
//! layer may return it or turn its own error type into it; only the top
//! decides the exit code (2).
//!
//! A command stops early for one of two reasons ([`Stop`]): it could not
//! do its job (an [`Error`], shown to the user), or its output could not be
//! written (an I/O error from the one output path, e.g. a closed pipe).

use std::fmt;

/// What went wrong, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub hint: Option<String>,
    /// The place in a text the error is about (a broken JSON file or
    /// paste), shown under the message as its line with a caret.
    pub spot: Option<Box<Spot>>,
}

/// A place in a text, as plain data any layer can fill (the config layer
/// does, from its parser's diagnostic) and the text renderer shows
/// rustc-style. Offsets are bytes into `line_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// The file, or what stands for the text (`<pasted>`), after `-->`.
    pub path: String,
    /// 1-based line, and column in characters.
    pub line: usize,
    pub column: usize,
    /// The whole line, as it is in the text.
    pub line_text: String,
    /// The span the carets go under (its part on this line).
    pub start: usize,
    pub end: usize,
    /// Secret values on the line: shown as `****`, never as they are.
    pub secrets: Vec<(usize, usize)>,
    /// The text after the carets (what to do there), if any.
    pub label: Option<String>,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            hint: None,
            spot: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// The place the error is about, when there is one.
    pub fn at(mut self, spot: Option<impl Into<Box<Spot>>>) -> Error {
        self.spot = spot.map(Into::into);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Why a command stopped before its end.
#[derive(Debug)]
pub enum Stop {
    /// It could not do what was asked: the error is shown, exit 2.
    Failed(Error),
    /// Writing its output failed (a closed pipe is a quiet exit).
    Output(std::io::Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Failed(e)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        Stop::Output(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_carries_its_hint() {
        let e = Error::new("no config file at /x").hint("create it");
        assert_eq!(e.message, "no config file at /x");
        assert_eq!(e.hint.as_deref(), Some("create it"));
        assert_eq!(e.to_string(), "no config file at /x (hint: create it)");
    }
}
