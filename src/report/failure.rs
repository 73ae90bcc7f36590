//! The report of a run that could not do its job: the error's message and
//! hint. As JSON (docs/json/*.md): `{"error": {"message", "hint"}}` on
//! stdout, so a script that asked for JSON always gets JSON; with `"at":
//! {"path", "line", "column"}` as well when the error is about a place in
//! a text (a config that does not parse, a broken paste).

use serde::Serialize;

use crate::error::{Error, Spot};

/// `{"message": ..., "hint": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorJson {
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<AtJson>,
}

/// Where: the file (or `<pasted>`), 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AtJson {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl From<&Spot> for AtJson {
    fn from(s: &Spot) -> AtJson {
        AtJson {
            path: s.path.clone(),
            line: s.line,
            column: s.column,
        }
    }
}

impl AtJson {
    /// The JSON pair `config_parse_error` (`line L:C: why`) and
    /// `config_parse_error_at` (the place) of the app's verdict on a file:
    /// both `None` when it can parse it.
    pub fn parse_error(
        e: Option<&crate::config::model::AppParseError>,
    ) -> (Option<String>, Option<AtJson>) {
        match e {
            Some(e) => (Some(e.why.clone()), e.spot.as_ref().map(AtJson::from)),
            None => (None, None),
        }
    }
}

impl From<&Error> for ErrorJson {
    fn from(e: &Error) -> ErrorJson {
        ErrorJson {
            message: e.message.clone(),
            hint: e.hint.clone(),
            at: e.spot.as_deref().map(AtJson::from),
        }
    }
}

/// The whole document of a failed run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureReport {
    pub error: ErrorJson,
}

impl FailureReport {
    pub fn new(e: &Error) -> FailureReport {
        FailureReport { error: e.into() }
    }
}
