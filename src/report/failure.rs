//! The report of a run that could not do its job: the error's message and
//! hint. As JSON (docs/json/*.md): `{"error": {"message", "hint"}}` on
//! stdout, so a script that asked for JSON always gets JSON.

use serde::Serialize;

use crate::error::Error;

/// `{"message": ..., "hint": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorJson {
    pub message: String,
    pub hint: Option<String>,
}

impl From<&Error> for ErrorJson {
    fn from(e: &Error) -> ErrorJson {
        ErrorJson {
            message: e.message.clone(),
            hint: e.hint.clone(),
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
