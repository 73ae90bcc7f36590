//! Diagnostics: one problem found in a config, with where it is, why it
//! matters and how to fix it. Produced by the syntax, schema and lint passes
//! (and by doctor); rendered by `report::diagnostics`.

use super::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One text replacement; a [`Fix`] is a set of them that together repair
/// one diagnostic without changing what the user meant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TextEdit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// What applying it does, e.g. "remove the trailing comma".
    pub description: String,
    pub edits: Vec<TextEdit>,
}

/// Another place that matters to a diagnostic (e.g. the first of two
/// duplicate keys).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable identifier, e.g. `trailing-comma`, `env-not-string`. Documented
    /// in the README; scripts may match on it.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub hint: Option<String>,
    pub related: Vec<Related>,
    /// A safe, mechanical repair (`doctor --fix` applies these).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span: None,
            hint: None,
            related: Vec::new(),
            fix: None,
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message)
    }
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
    pub fn fix(mut self, description: impl Into<String>, edits: Vec<TextEdit>) -> Diagnostic {
        self.fix = Some(Fix {
            description: description.into(),
            edits,
        });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
