//! Diagnostics: one problem found in a config, with where it is, why it
//! matters and how to fix it. Produced by the syntax, schema and lint passes
//! (and by doctor); rendered by `report::diagnostics`.

use super::source::Span;
use crate::codes::{Code, Level};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl From<Level> for Severity {
    /// A diagnostic is an error or a warning (the registry gives no config
    /// diagnostic the level of a note; one would be shown as a warning).
    fn from(l: Level) -> Severity {
        match l {
            Level::Error => Severity::Error,
            Level::Warning | Level::Note => Severity::Warning,
        }
    }
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
    /// Stable identifier, e.g. `trailing-comma`, `env-not-string`
    /// (`codes::CODES` says where each is documented); scripts may match
    /// on it.
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub hint: Option<String>,
    pub related: Vec<Related>,
    /// A safe, mechanical repair (`doctor --fix` applies these).
    pub fix: Option<Fix>,
    /// `doctor --fix` repairs it by a plan of its own rather than an edit
    /// here: a remote server's `url` entry becomes a bridge (or goes).
    pub planned_fix: bool,
}

impl Diagnostic {
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span: None,
            hint: None,
            related: Vec::new(),
            fix: None,
            planned_fix: false,
        }
    }
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
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

    /// A diagnostic at the severity the code registry gives `code`.
    pub fn of(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, code.severity().into(), message)
    }
}

/// The most diagnostics one syntax pass keeps. Past it they are only
/// counted: a minified script given as a config has one problem every few
/// bytes, and keeping them all would cost memory and time in proportion to
/// the file for nothing anyone reads (reports show far fewer).
pub const MAX_KEPT: usize = 1000;

/// Diagnostics that were found but not kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    pub errors: usize,
    pub warnings: usize,
    /// Of `warnings`, the `duplicate-key` ones (lint reports duplicate
    /// server names better and the read pipeline drops those: it needs to
    /// know how many were only counted).
    #[serde(skip)]
    pub duplicate_keys: usize,
}

impl Dropped {
    pub fn total(&self) -> usize {
        self.errors + self.warnings
    }
    fn count(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        if d.code == Code::DuplicateKey {
            self.duplicate_keys += 1;
        }
    }
    pub fn add(&mut self, other: Dropped) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.duplicate_keys += other.duplicate_keys;
    }
}

/// A list of diagnostics that keeps the first [`MAX_KEPT`] and counts the
/// rest.
#[derive(Debug, Clone, Default)]
pub struct Capped {
    pub kept: Vec<Diagnostic>,
    pub dropped: Dropped,
}

impl Capped {
    pub fn push(&mut self, d: Diagnostic) {
        if self.kept.len() < MAX_KEPT {
            self.kept.push(d);
        } else {
            self.dropped.count(&d);
        }
    }
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }
    pub fn retain(&mut self, f: impl FnMut(&Diagnostic) -> bool) {
        self.kept.retain(f);
    }
    /// Merge `other` in, then keep the first [`MAX_KEPT`] by position.
    pub fn merge(&mut self, other: Capped) {
        self.dropped.add(other.dropped);
        self.kept.extend(other.kept);
        self.kept.sort_by_key(|d| d.span.map_or(0, |s| s.start));
        if self.kept.len() > MAX_KEPT {
            for d in self.kept.drain(MAX_KEPT..) {
                self.dropped.count(&d);
            }
        }
    }
}

/// Apply every diagnostic's fix to `text` (the text the diagnostics were
/// computed on). Fixes are taken in source order; a fix with an edit that
/// overlaps an edit already accepted (or that is out of bounds / not on a
/// character boundary) is skipped whole, so no fix is half-applied. Two
/// insertions at the same offset count as overlapping.
pub fn apply_fixes(text: &str, diags: &[Diagnostic]) -> String {
    let mut fixes: Vec<&Fix> = diags.iter().filter_map(|d| d.fix.as_ref()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.span.start, e.span.end)).min());
    let mut taken = SpanSet::default();
    let mut accepted: Vec<&TextEdit> = Vec::new();
    for fix in fixes {
        let ok = fix.edits.iter().enumerate().all(|(i, e)| {
            edit_in_bounds(text, e)
                && !taken.overlaps(e.span)
                && !fix.edits[..i].iter().any(|b| overlaps(b.span, e.span))
        });
        if ok {
            accepted.extend(&fix.edits);
            fix.edits.iter().for_each(|e| taken.insert(e.span));
        }
    }
    accepted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for e in accepted {
        out.push_str(&text[cursor..e.span.start]);
        out.push_str(&e.replacement);
        cursor = e.span.end;
    }
    out.push_str(&text[cursor..]);
    out
}

fn edit_in_bounds(text: &str, e: &TextEdit) -> bool {
    e.span.start <= e.span.end
        && e.span.end <= text.len()
        && text.is_char_boundary(e.span.start)
        && text.is_char_boundary(e.span.end)
}

/// Whether two edits collide: they share a byte, or they are insertions
/// at the same place.
pub fn overlaps(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || (a.is_empty() && b.is_empty() && a.start == b.start)
}

/// Spans that do not [`overlap`](overlaps) each other, with a look-up
/// that costs a logarithm, not a scan (a file with 20 000 comments has
/// 20 000 fixes).
#[derive(Debug, Default)]
pub struct SpanSet(std::collections::BTreeSet<(usize, usize)>);

impl SpanSet {
    pub fn insert(&mut self, s: Span) {
        self.0.insert((s.start, s.end));
    }

    /// Whether `s` overlaps a span of the set.
    pub fn overlaps(&self, s: Span) -> bool {
        let hit = |&(start, end): &(usize, usize)| overlaps(Span::new(start, end), s);
        // those starting inside `s` (or at its start)...
        if self
            .0
            .range((s.start, 0)..(s.end.max(s.start + 1), 0))
            .any(hit)
        {
            return true;
        }
        // ...and those starting before it: they do not overlap each other,
        // so only the ones up to the last non-empty one can reach into `s`
        for span in self.0.range(..(s.start, 0)).rev() {
            if hit(span) {
                return true;
            }
            if span.1 > span.0 {
                break;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_fix(edits: &[(usize, usize, &str)]) -> Diagnostic {
        let edits = edits
            .iter()
            .map(|&(s, e, r)| TextEdit {
                span: Span::new(s, e),
                replacement: r.to_string(),
            })
            .collect();
        Diagnostic::error(Code::Schema, "m").fix("f", edits)
    }

    #[test]
    fn applies_in_order_and_skips_overlaps_whole() {
        let text = "abcdef";
        let diags = [
            with_fix(&[(4, 5, "E")]),
            with_fix(&[(0, 1, "A"), (2, 3, "C")]),
            with_fix(&[(2, 4, "zz"), (5, 6, "F")]), // overlaps (2,3): skipped whole
            with_fix(&[(6, 6, "!")]),
            with_fix(&[(6, 6, "?")]), // same insertion point: skipped
            with_fix(&[(3, 99, "")]), // out of bounds: skipped
        ];
        assert_eq!(apply_fixes(text, &diags), "AbCdEf!");
    }

    #[test]
    fn span_set_agrees_with_a_scan() {
        let spans: Vec<Span> = (0..60)
            .map(|i| Span::new(i * 7 % 50, i * 7 % 50 + i % 4))
            .collect();
        let mut set = SpanSet::default();
        let mut kept: Vec<Span> = Vec::new();
        for s in spans {
            let scan = kept.iter().any(|k| overlaps(*k, s));
            assert_eq!(set.overlaps(s), scan, "{s:?} against {kept:?}");
            if !scan {
                set.insert(s);
                kept.push(s);
            }
        }
    }

    #[test]
    fn insertion_next_to_deletion_both_apply() {
        let diags = [with_fix(&[(1, 2, "")]), with_fix(&[(1, 1, ",")])];
        assert_eq!(apply_fixes("a b", &diags), "a,b");
    }
}
