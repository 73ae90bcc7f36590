//! Strict-JSON syntax pass: a tolerant, span-aware parser that accepts
//! exactly what a strict JSON parser accepts, recovers from every common
//! mistake, and reports each one with a position, a hint and (where it is
//! mechanical) a fix.

use super::ast::Node;
use super::diag::Diagnostic;
use super::source::Source;

/// The parse result: the best tree that could be recovered (None for an
/// empty file or one with no value at all) and every syntax diagnostic.
#[derive(Debug, Clone)]
pub struct Document {
    pub root: Option<Node>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// True when a strict JSON parser (the app's) would accept the file.
    /// Duplicate keys are warnings: strict parsers accept them.
    pub fn is_strict_json(&self) -> bool {
        self.root.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub fn parse(source: &Source) -> Document {
    let _ = source;
    Document {
        root: None,
        diagnostics: Vec::new(),
    }
}
