//! `mcpctl validate` as a report: the file's syntax, schema and lint
//! diagnostics with positions and hints, and the counts; with
//! `--extensions`, each Desktop Extension's manifest lint too. JSON shape:
//! docs/json/validate.md.

use serde::Serialize;

use super::app_state::ManifestReport;
use super::diagnostics::{DiagnosticJson, listed};
use crate::config::diag::Diagnostic;
use crate::config::load::Loaded;
use crate::config::source::Source;

#[derive(Debug, Clone, Serialize)]
pub struct ValidateReport {
    pub file: String,
    /// No errors (and, with `--strict`, no warnings).
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    pub servers: usize,
    /// The first [`SHOWN`](super::diagnostics::SHOWN), in position order.
    pub diagnostics: Vec<DiagnosticJson>,
    /// How many more were found and not listed (absent when none).
    #[serde(skip_serializing_if = "crate::report::is_zero")]
    pub omitted: usize,
    /// With `--extensions`: each extension's manifest lint, by id (only
    /// then present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<ManifestReport>>,
    /// The file and its diagnostics, for the text's source snippets.
    #[serde(skip)]
    pub source: Source,
    #[serde(skip)]
    pub found: Vec<Diagnostic>,
    /// Where the file's secret values sit (masked in the snippets), taken
    /// from the tree already parsed.
    #[serde(skip)]
    pub secret_spans: Vec<crate::config::source::Span>,
}

impl ValidateReport {
    /// With the manifests' lint: `ok` then also needs them clean (no
    /// errors; with `--strict`, no warnings either).
    pub fn with_manifests(
        mut self,
        manifests: Vec<ManifestReport>,
        strict: bool,
    ) -> ValidateReport {
        let bad = manifests
            .iter()
            .any(|m| m.errors > 0 || (strict && m.warnings > 0));
        self.ok &= !bad;
        self.extensions = Some(manifests);
        self
    }

    pub fn new(loaded: &Loaded, strict: bool) -> ValidateReport {
        let errors = loaded.error_count();
        let warnings = loaded.warning_count();
        let (shown, omitted) = listed(&loaded.diagnostics, loaded.doc.dropped.total());
        ValidateReport {
            file: loaded.source.path.display().to_string(),
            ok: !(errors > 0 || (strict && warnings > 0)),
            errors,
            warnings,
            servers: loaded.servers.len(),
            diagnostics: DiagnosticJson::all(&loaded.source, &loaded.servers, shown),
            omitted,
            extensions: None,
            source: loaded.source.clone(),
            found: shown.to_vec(),
            secret_spans: crate::config::model::secret_spans(
                loaded.doc.root.as_ref(),
                &loaded.doc.extra_values,
                &loaded.source.text,
            ),
        }
    }
}
