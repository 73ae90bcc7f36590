//! A diagnostic as a report model: the stable JSON shape documented in
//! `docs/json/diagnostic.md`, with positions as lines and columns of the
//! file. The text form is `report::text::diagnostics`.

use serde::Serialize;

use crate::codes::Code;
use crate::config::diag::{Diagnostic, Severity};
use crate::config::model::{ServerEntry, owner};
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
    /// The `mcpServers` entry the diagnostic lies inside (its name), or
    /// None: a file-level problem, one without a position, or a file that
    /// has no `mcpServers` (an extension's manifest).
    pub server: Option<String>,
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
    /// `server`: the entry `diag` lies inside, as [`owner`] decides.
    pub fn new(source: &Source, diag: &Diagnostic, server: Option<&str>) -> DiagnosticJson {
        let (start, end) = match diag.span {
            Some(s) => (Some(source.line_col(s.start)), Some(source.line_col(s.end))),
            None => (None, None),
        };
        DiagnosticJson {
            code: diag.code,
            severity: diag.severity,
            message: diag.message.clone(),
            file: source.path.display().to_string(),
            server: server.map(str::to_string),
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

    /// Every diagnostic of `diags`, in order, each with the entry of
    /// `entries` (every definition under `mcpServers`, in source order)
    /// it lies inside.
    pub fn all(
        source: &Source,
        entries: &[ServerEntry],
        diags: &[Diagnostic],
    ) -> Vec<DiagnosticJson> {
        diags
            .iter()
            .map(|d| DiagnosticJson::new(source, d, server(entries, d)))
            .collect()
    }

    /// Every diagnostic of `diags`, in order, all about one entry or none
    /// (`server`): a doctor section's, already grouped by [`owner`], or a
    /// manifest's.
    pub fn all_of(
        source: &Source,
        server: Option<&str>,
        diags: &[Diagnostic],
    ) -> Vec<DiagnosticJson> {
        diags
            .iter()
            .map(|d| DiagnosticJson::new(source, d, server))
            .collect()
    }
}

/// The name of the entry of `entries` that `diag` lies inside.
fn server<'a>(entries: &'a [ServerEntry], diag: &Diagnostic) -> Option<&'a str> {
    let at = owner(entries, diag.span?)?;
    Some(entries[at].name.as_str())
}

/// The stable JSON form of a diagnostic, as a value (see
/// `docs/json/diagnostic.md`); `entries` as in [`DiagnosticJson::all`].
pub fn to_json(source: &Source, entries: &[ServerEntry], diag: &Diagnostic) -> serde_json::Value {
    serde_json::to_value(DiagnosticJson::new(source, diag, server(entries, diag)))
        .unwrap_or_default()
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
        let v = to_json(&src, &[], &trailing_comma_diag(&src));
        assert_eq!(
            v,
            serde_json::json!({
                "code": "trailing-comma", "severity": "error",
                "message": "trailing comma after the last entry of an object",
                "file": "/c.json", "server": null,
                "line": 4, "column": 3, "end_line": 4, "end_column": 4,
                "hint": "strict JSON rejects trailing commas", "related": [], "fixable": true
            })
        );
        let v = to_json(&src, &[], &Diagnostic::error(Code::EmptyFile, "m"));
        assert!(v["line"].is_null() && v["end_column"].is_null() && v["hint"].is_null());
        assert_eq!(v.get("server"), Some(&serde_json::Value::Null));
    }

    #[test]
    fn server_is_the_entry_the_span_lies_inside() {
        let text = "{\"mcpServers\": {\"a\": {\"command\": 1}, \"b\": {}}, \"x\": 2}";
        let src = Source::from_text("/c.json", text);
        let doc = crate::config::syntax::parse(&src);
        let entries = crate::config::model::servers(doc.root.as_ref().unwrap());
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Diagnostic::error(Code::Schema, "m").at(Span::new(start, start + needle.len()))
        };
        let diags = [
            at("1"),
            at("{}"),
            at("\"x\""),
            Diagnostic::error(Code::Schema, "m"),
        ];
        let servers: Vec<Option<String>> = DiagnosticJson::all(&src, &entries, &diags)
            .into_iter()
            .map(|d| d.server)
            .collect();
        assert_eq!(servers, [Some("a".into()), Some("b".into()), None, None]);
        assert_eq!(to_json(&src, &entries, &diags[1])["server"], "b");
        // one server for all, as a doctor section gives it
        let of = DiagnosticJson::all_of(&src, Some("b"), &diags[1..2]);
        assert_eq!(of[0].server.as_deref(), Some("b"));
    }
}
