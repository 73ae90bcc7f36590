//! A diagnostic as a report model: the stable JSON shape documented in
//! `docs/json/diagnostic.md`, with positions as lines and columns of the
//! file. The text form is `report::text::diagnostics`.

use serde::Serialize;

use crate::codes::Code;
use crate::config::diag::{Diagnostic, Severity};
use crate::config::source::Source;

/// The most diagnostics a report lists per file (the rest are counted:
/// after a hundred, fixing the first ones and running again tells more
/// than reading on, and a minified script given as a config would
/// otherwise print gigabytes).
pub const SHOWN: usize = 100;

/// The diagnostics a report lists, and how many it leaves out (`dropped`:
/// those the syntax pass only counted).
pub fn listed(diags: &[Diagnostic], dropped: usize) -> (&[Diagnostic], usize) {
    let shown = &diags[..diags.len().min(SHOWN)];
    (shown, diags.len() - shown.len() + dropped)
}

/// One diagnostic of docs/json/diagnostic.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticJson {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub hint: Option<String>,
    pub related: Vec<RelatedJson>,
    pub fixable: bool,
}

/// Another place that matters, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedJson {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl DiagnosticJson {
    pub fn new(source: &Source, diag: &Diagnostic) -> DiagnosticJson {
        let (start, end) = match diag.span {
            Some(s) => (Some(source.line_col(s.start)), Some(source.line_col(s.end))),
            None => (None, None),
        };
        DiagnosticJson {
            code: diag.code,
            severity: diag.severity,
            message: diag.message.clone(),
            file: source.path.display().to_string(),
            line: start.map(|l| l.line),
            column: start.map(|l| l.column),
            end_line: end.map(|l| l.line),
            end_column: end.map(|l| l.column),
            hint: diag.hint.clone(),
            related: diag
                .related
                .iter()
                .map(|r| {
                    let lc = source.line_col(r.span.start);
                    RelatedJson {
                        line: lc.line,
                        column: lc.column,
                        message: r.message.clone(),
                    }
                })
                .collect(),
            // a url entry has no fix of its own: doctor --fix makes it a
            // bridge entry (or removes it, as chosen) all the same
            fixable: diag.fix.is_some() || diag.planned_fix,
        }
    }

    /// Every diagnostic of `diags`, in order.
    pub fn all(source: &Source, diags: &[Diagnostic]) -> Vec<DiagnosticJson> {
        diags
            .iter()
            .map(|d| DiagnosticJson::new(source, d))
            .collect()
    }
}

/// The stable JSON form of a diagnostic, as a value (see
/// `docs/json/diagnostic.md`).
pub fn to_json(source: &Source, diag: &Diagnostic) -> serde_json::Value {
    serde_json::to_value(DiagnosticJson::new(source, diag)).unwrap_or_default()
}

/// The short form (`code`, `severity`, `message`, `hint`) used where the
/// file's lines are not shown (e.g. add's refusal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefDiagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&Diagnostic> for BriefDiagnostic {
    fn from(d: &Diagnostic) -> BriefDiagnostic {
        BriefDiagnostic {
            code: d.code,
            severity: d.severity,
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::source::Span;

    pub(crate) fn trailing_comma_diag(src: &Source) -> Diagnostic {
        let at = src.text.find("},").unwrap() + 1;
        Diagnostic::error(
            Code::TrailingComma,
            "trailing comma after the last entry of an object",
        )
        .at(Span::new(at, at + 1))
        .hint("strict JSON rejects trailing commas")
        .fix(
            "remove this comma",
            vec![crate::config::diag::TextEdit {
                span: Span::new(at, at + 1),
                replacement: String::new(),
            }],
        )
    }

    #[test]
    fn json_shape() {
        let src = Source::from_text("/c.json", "{\n \"a\": {\n  \"b\": 1\n },\n}\n");
        let v = to_json(&src, &trailing_comma_diag(&src));
        assert_eq!(
            v,
            serde_json::json!({
                "code": "trailing-comma", "severity": "error",
                "message": "trailing comma after the last entry of an object",
                "file": "/c.json", "line": 4, "column": 3, "end_line": 4, "end_column": 4,
                "hint": "strict JSON rejects trailing commas", "related": [], "fixable": true
            })
        );
        let v = to_json(&src, &Diagnostic::error(Code::EmptyFile, "m"));
        assert!(v["line"].is_null() && v["end_column"].is_null() && v["hint"].is_null());
    }
}
