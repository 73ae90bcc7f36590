//! The manifest lint: an extension's `manifest.json` checked against the
//! bundled mcpb manifest schema (`schemas/mcpb-manifest.schema.json`) for
//! the version it declares, with every problem at a line and column, like
//! the config file's diagnostics (same syntax pass, same [`Diagnostic`]).
//!
//! The version comes from `manifest_version`, else the deprecated
//! `dxt_version`, as the mcpb library reads it. A version mcpctl does not
//! know is checked as the newest one it knows, with a warning.
//!
//! Severity follows what the app tolerates: keys the version does not
//! define, and a uv server without `mcp_config`, are warnings (the mcpb
//! library's lenient reading accepts them; `mcpb validate` does not);
//! everything else is an error.

use crate::codes::Code;
use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as J;

use crate::config::ast::{Node, Value};
use crate::config::diag::Diagnostic;
use crate::config::source::{Source, Span};
use crate::config::syntax::{self, Document};

/// The bundled schema, verbatim.
pub const SCHEMA_TEXT: &str = include_str!("../../../schemas/mcpb-manifest.schema.json");

/// The manifest versions mcpctl knows, oldest first.
pub const VERSIONS: &[&str] = &["0.1", "0.2", "0.3", "0.4"];

/// Every code this lint emits besides the syntax pass's (for docs).
pub const CODES: &[&str] = &[
    "manifest-version",
    "manifest-missing-key",
    "manifest-unknown-key",
    "manifest-wrong-type",
    "manifest-bad-value",
    "manifest-schema",
];

/// The result of linting one manifest.
#[derive(Debug, Clone)]
pub struct ManifestCheck {
    pub source: Source,
    pub doc: Document,
    /// The version checked against (one of [`VERSIONS`]).
    pub version: &'static str,
    /// What the manifest says its version is, when it says one.
    pub declared: Option<String>,
    /// Syntax then schema diagnostics, by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl ManifestCheck {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Lint a manifest's text (as read from `source.path`).
pub fn check(source: &Source) -> ManifestCheck {
    let doc = syntax::parse(source);
    let mut diagnostics = doc.diagnostics.clone();
    for d in &mut diagnostics {
        // the syntax pass speaks of a config; an empty manifest is not one
        if d.code == crate::codes::Code::EmptyFile {
            d.hint = Some(
                "an extension's manifest.json is a JSON object with at least \"manifest_version\", \
\"name\", \"version\", \"author\" and \"server\": reinstall the extension to get it back"
                    .into(),
            );
        }
        // one bad manifest breaks its extension, not every server
        if let Some(h) = &mut d.hint {
            *h = h.replace(
                "and one is enough for the app to ignore every server",
                "and one is enough for the app to ignore this extension",
            );
        }
    }
    let (version, declared) = match &doc.root {
        Some(root) => version_of(root, &mut diagnostics),
        None => (latest(), None),
    };
    if let Some(root) = &doc.root {
        diagnostics.extend(validate(root, version));
    }
    crate::config::load::sort(&mut diagnostics);
    ManifestCheck {
        source: source.clone(),
        doc,
        version,
        declared,
        diagnostics,
    }
}

fn latest() -> &'static str {
    VERSIONS[VERSIONS.len() - 1]
}

/// The version to check against, and the one declared. Reports a missing
/// or unknown version.
fn version_of(root: &Node, diags: &mut Vec<Diagnostic>) -> (&'static str, Option<String>) {
    let known = |key: &str| {
        let s = root.get(key)?.as_str()?;
        VERSIONS.iter().find(|v| **v == s).copied()
    };
    if let Some(v) = known("manifest_version").or_else(|| known("dxt_version")) {
        return (v, Some(v.to_string()));
    }
    let declared = ["manifest_version", "dxt_version"]
        .iter()
        .find_map(|k| root.member(k));
    match declared {
        Some(m) => {
            let shown = source_text(&m.value);
            diags.push(
                Diagnostic::warning(
                    Code::ManifestVersion,
                    format!(
                        "`{}` is {shown}, a version mcpctl does not know ({}–{}): checked as {}",
                        m.key,
                        VERSIONS[0],
                        latest(),
                        latest()
                    ),
                )
                .at(m.value.span)
                .hint("a newer mcpctl may know it; an app older than the bundle may refuse it"),
            );
            (latest(), m.value.as_str().map(str::to_string))
        }
        None => {
            diags.push(
                Diagnostic::error(Code::ManifestVersion,
                    "the manifest says neither `manifest_version` nor `dxt_version`: the mcpb library cannot tell how to read it",
                )
                .at(narrow(root))
                .hint(format!("add \"manifest_version\": \"{}\" (the version the bundle was written for)", latest())),
            );
            (latest(), None)
        }
    }
}

fn source_text(node: &Node) -> String {
    match &node.value {
        Value::String(s) => format!("\"{s}\""),
        _ => format!("{}", node.to_json()),
    }
}

/// One compiled validator per version, built once.
fn validator(version: &'static str) -> Result<&'static Validator, String> {
    static CELLS: OnceLock<Vec<Result<Validator, String>>> = OnceLock::new();
    let all = CELLS.get_or_init(|| VERSIONS.iter().map(|v| compile(v)).collect());
    let i = VERSIONS.iter().position(|v| *v == version).unwrap_or(0);
    all[i].as_ref().map_err(Clone::clone)
}

fn compile(version: &str) -> Result<Validator, String> {
    let mut schema: J = serde_json::from_str(SCHEMA_TEXT).map_err(|e| e.to_string())?;
    let root = schema
        .as_object_mut()
        .ok_or("the schema is not an object")?;
    root.insert(
        "$ref".into(),
        J::from(format!("#/$defs/manifest-{version}")),
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| e.to_string())
}

/// Schema diagnostics for `root` checked as `version`.
pub fn validate(root: &Node, version: &'static str) -> Vec<Diagnostic> {
    let validator = match validator(version) {
        Ok(v) => v,
        Err(e) => {
            return vec![
                Diagnostic::error(
                    Code::ManifestSchema,
                    format!("the bundled mcpb schema is broken ({e})"),
                )
                .hint("this is a bug in mcpctl: please report it"),
            ];
        }
    };
    let instance = root.to_json();
    let uv = instance.pointer("/server/type").and_then(J::as_str) == Some("uv");
    let mut out = Vec::new();
    for e in validator.iter_errors(&instance) {
        let path: Vec<String> = e.instance_path().iter().map(|s| s.to_string()).collect();
        let Some((node, key_span)) = root.pointer(e.instance_path().as_str()) else {
            continue;
        };
        let at = At {
            path: &path,
            node,
            key_span,
            version,
        };
        out.extend(diagnose(e.kind(), &at, uv, || e.to_string()));
    }
    out
}

/// Where one validation error is.
struct At<'a> {
    path: &'a [String],
    node: &'a Node,
    /// The key of `node`, when it is an object member.
    key_span: Option<Span>,
    version: &'static str,
}

impl At<'_> {
    /// `` `server.type` `` or "the manifest".
    fn shown(&self) -> String {
        match dotted(self.path) {
            p if p.is_empty() => "the manifest".to_string(),
            p => format!("`{p}`"),
        }
    }
    fn spec_hint(&self) -> String {
        format!(
            "see the mcpb {} manifest specification (MANIFEST.md in modelcontextprotocol/mcpb)",
            self.version
        )
    }
}

/// The diagnostics for one validation error (none for the ones
/// [`version_of`] reports).
fn diagnose(
    kind: &ValidationErrorKind,
    at: &At,
    uv: bool,
    text: impl Fn() -> String,
) -> Vec<Diagnostic> {
    let (node, version, shown) = (at.node, at.version, at.shown());
    let d = match kind {
        ValidationErrorKind::AnyOf { .. } if at.path.is_empty() => return Vec::new(),
        ValidationErrorKind::Constant { .. }
            if matches!(at.path, [k] if k == "manifest_version" || k == "dxt_version")
                && !VERSIONS.contains(&node.as_str().unwrap_or("")) =>
        {
            return Vec::new();
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            return unknown_keys(unexpected, at);
        }
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or("?");
            let lenient = uv && key == "mcp_config" && at.path == ["server"];
            let message = format!("{shown} lacks `{key}`, which mcpb {version} requires");
            let d = if lenient {
                Diagnostic::warning(Code::ManifestMissingKey, message).hint(
                    "the app runs a uv server itself; `mcpb validate` still wants `mcp_config` in 0.4",
                )
            } else {
                Diagnostic::error(Code::ManifestMissingKey, message).hint(at.spec_hint())
            };
            return vec![d.at(at.key_span.unwrap_or_else(|| narrow(node)))];
        }
        ValidationErrorKind::Type { kind } => Diagnostic::error(
            Code::ManifestWrongType,
            format!(
                "{shown} must be {}, not {}",
                type_words(kind),
                a_type(node.type_name())
            ),
        )
        .hint(at.spec_hint()),
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let hint = if node.as_str() == Some("uv") && version != "0.4" {
                "the `uv` server type needs \"manifest_version\": \"0.4\"".to_string()
            } else {
                format!("use one of: {}", allowed.join(", "))
            };
            Diagnostic::error(
                Code::ManifestBadValue,
                format!(
                    "{shown} is {}; mcpb {version} allows {}",
                    source_text(node),
                    allowed.join(", ")
                ),
            )
            .hint(hint)
        }
        ValidationErrorKind::Constant { expected_value } => Diagnostic::error(
            Code::ManifestBadValue,
            format!(
                "{shown} is {} but the manifest is read as mcpb {version}",
                source_text(node)
            ),
        )
        .hint(format!(
            "write {expected_value}, or drop the deprecated `dxt_version`"
        )),
        ValidationErrorKind::Format { format } => {
            let what = match format.as_str() {
                "uri" => "a full URL (https://...)",
                "email" => "an email address",
                other => other,
            };
            Diagnostic::error(
                Code::ManifestBadValue,
                format!("{shown} is {}, not {what}", source_text(node)),
            )
            .hint("the mcpb library refuses a manifest with a malformed URL or email")
        }
        _ => Diagnostic::error(Code::ManifestBadValue, format!("{shown}: {}", text()))
            .hint(at.spec_hint()),
    };
    vec![d.at(narrow(node))]
}

/// One warning per key the version does not define. A failing part of the
/// version's schema drops its annotations (JSON Schema 2020-12), so keys
/// it defines are filtered out here rather than reported as unknown.
fn unknown_keys(unexpected: &[String], at: &At) -> Vec<Diagnostic> {
    let known = if at.path.is_empty() {
        top_level_keys(at.version)
    } else {
        &[][..]
    };
    unexpected
        .iter()
        .filter(|k| !known.contains(k))
        .map(|key| {
            let span = at
                .node
                .member(key)
                .map_or_else(|| narrow(at.node), |m| m.key_span);
            let full = dotted(&[at.path.to_vec(), vec![key.clone()]].concat());
            Diagnostic::warning(
                Code::ManifestUnknownKey,
                format!("`{full}` is not part of an mcpb {} manifest", at.version),
            )
            .at(span)
            .hint(unknown_hint(key, at.version))
        })
        .collect()
}

/// The top-level keys `$defs/manifest-<version>` defines, through its
/// `$ref` and `allOf` parts, read off the bundled schema once.
fn top_level_keys(version: &str) -> &'static [String] {
    static CELL: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let all = CELL.get_or_init(|| {
        let schema: J = serde_json::from_str(SCHEMA_TEXT).unwrap_or(J::Null);
        VERSIONS
            .iter()
            .map(|v| {
                let mut keys = Vec::new();
                collect_keys(&schema, &format!("#/$defs/manifest-{v}"), &mut keys);
                keys
            })
            .collect()
    });
    let i = VERSIONS.iter().position(|v| *v == version).unwrap_or(0);
    &all[i]
}

fn collect_keys(schema: &J, reference: &str, keys: &mut Vec<String>) {
    let Some(def) = reference.strip_prefix('#').and_then(|p| schema.pointer(p)) else {
        return;
    };
    if let Some(props) = def.get("properties").and_then(J::as_object) {
        keys.extend(props.keys().cloned());
    }
    let parts = def.get("allOf").and_then(J::as_array).into_iter().flatten();
    for r in std::iter::once(def)
        .chain(parts)
        .filter_map(|p| p.get("$ref")?.as_str())
    {
        collect_keys(schema, r, keys);
    }
}

/// `server.mcp_config.args[1]` from pointer segments.
fn dotted(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        if seg.parse::<usize>().is_ok() && !out.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

fn unknown_hint(key: &str, version: &str) -> String {
    let since = match key {
        "privacy_policies" => Some("0.2"),
        "icons" | "localization" | "_meta" => Some("0.3"),
        _ => None,
    };
    match since {
        Some(v) if v > version => {
            format!("`{key}` arrived in mcpb {v}: raise `manifest_version`, or remove it")
        }
        _ => "the app ignores it and `mcpb validate` refuses it: check the spelling or remove it"
            .to_string(),
    }
}

fn type_words(kind: &TypeKind) -> String {
    let one = |t: &jsonschema::JsonType| a_type(&t.to_string());
    match kind {
        TypeKind::Single(t) => one(t),
        TypeKind::Multiple(set) => set.iter().map(|t| one(&t)).collect::<Vec<_>>().join(" or "),
    }
}

fn a_type(t: &str) -> String {
    match t {
        "null" => "null".to_string(),
        "object" | "array" | "integer" => format!("an {t}"),
        _ => format!("a {t}"),
    }
}

/// Objects and arrays point at their opening bracket only.
fn narrow(node: &Node) -> Span {
    match node.value {
        Value::Object(_) | Value::Array(_) => {
            Span::new(node.span.start, (node.span.start + 1).min(node.span.end))
        }
        _ => node.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::diag::Severity;

    /// (code, severity, line, column) of a diagnostic.
    type Found = (&'static str, Severity, usize, usize);

    fn run(text: &str) -> Vec<Found> {
        let src = Source::from_text("manifest.json", text);
        let c = check(&src);
        c.diagnostics
            .iter()
            .map(|d| {
                let lc = src.line_col(d.span.map_or(0, |s| s.start));
                (d.code.id(), d.severity, lc.line, lc.column)
            })
            .collect()
    }

    fn manifest(version_line: &str, server: &str, extra: &str) -> String {
        format!(
            "{{\n  {version_line},\n  \"name\": \"x\",\n  \"version\": \"1.0.0\",\n  \"description\": \"d\",\n  \"author\": {{\"name\": \"a\"}},\n  \"server\": {server}{extra}\n}}\n"
        )
    }

    const NODE: &str = r#"{"type": "node", "entry_point": "i.js", "mcp_config": {"command": "node", "args": ["${__dirname}/i.js"]}}"#;

    use Severity::{Error as E, Warning as W};

    /// A syntax hint written for the config speaks of this extension here.
    #[test]
    fn a_trailing_comma_breaks_this_extension_not_every_server() {
        let src = Source::from_text(
            "manifest.json",
            &manifest(r#""manifest_version": "0.3""#, NODE, ",\n"),
        );
        let c = check(&src);
        let d = c
            .diagnostics
            .iter()
            .find(|d| d.code.id() == "trailing-comma")
            .expect("a trailing comma");
        let hint = d.hint.as_deref().unwrap_or("");
        assert!(hint.contains("ignore this extension"), "{hint}");
        assert!(!hint.contains("every server"), "{hint}");
    }

    /// An empty manifest is not told about configs.
    #[test]
    fn an_empty_manifest_gets_a_manifest_hint() {
        let c = check(&Source::from_text("/x/manifest.json", ""));
        let hint = c.diagnostics[0].hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("manifest_version") && !hint.contains("mcpServers"),
            "{hint}"
        );
    }

    #[test]
    fn every_version_compiles_and_a_clean_manifest_passes() {
        for v in VERSIONS {
            assert!(validator(v).is_ok(), "{v}: {:?}", validator(v).err());
            let text = manifest(&format!("\"manifest_version\": \"{v}\""), NODE, "");
            assert_eq!(run(&text), [], "{v}");
            let text = manifest(&format!("\"dxt_version\": \"{v}\""), NODE, "");
            assert_eq!(run(&text), [], "dxt {v}");
        }
    }

    #[test]
    fn problems_with_positions() {
        let v3 = "\"manifest_version\": \"0.3\"";
        let cases: &[(&str, String, &[Found])] = &[
            (
                "unknown key at the key, a warning",
                manifest(v3, NODE, ",\n  \"permissions\": []"),
                &[("manifest-unknown-key", W, 8, 3)],
            ),
            (
                "icons before 0.3",
                manifest("\"manifest_version\": \"0.2\"", NODE, ",\n  \"icons\": []"),
                &[("manifest-unknown-key", W, 8, 3)],
            ),
            (
                "wrong type at the value",
                manifest(v3, NODE, ",\n  \"keywords\": \"demo\""),
                &[("manifest-wrong-type", E, 8, 15)],
            ),
            (
                "uv before 0.4",
                manifest(v3, r#"{"type": "uv", "entry_point": "s.py", "mcp_config": {"command": "uv"}}"#, ""),
                &[("manifest-bad-value", E, 7, 22)],
            ),
            (
                "uv without mcp_config in 0.4: a warning at `server`",
                manifest("\"manifest_version\": \"0.4\"", r#"{"type": "uv", "entry_point": "s.py"}"#, ""),
                &[("manifest-missing-key", W, 7, 3)],
            ),
            (
                "node without mcp_config: an error",
                manifest(v3, r#"{"type": "node", "entry_point": "i.js"}"#, ""),
                &[("manifest-missing-key", E, 7, 3)],
            ),
            (
                "bad URL",
                manifest(v3, NODE, ",\n  \"homepage\": \"example dot com\""),
                &[("manifest-bad-value", E, 8, 15)],
            ),
            (
                "args with a number, deep",
                manifest(v3, r#"{"type": "node", "entry_point": "i.js", "mcp_config": {"command": "node", "args": [1]}}"#, ""),
                &[("manifest-wrong-type", E, 7, 96)],
            ),
            (
                "unknown version: a warning, checked as the newest",
                manifest("\"manifest_version\": \"0.9\"", NODE, ""),
                &[("manifest-version", W, 2, 23)],
            ),
            (
                "no version at all",
                "{\"name\": \"x\", \"version\": \"1\", \"description\": \"d\", \"author\": {\"name\": \"a\"}, \"server\": {\"type\": \"binary\", \"entry_point\": \"s\", \"mcp_config\": {\"command\": \"s\"}}}".to_string(),
                &[("manifest-version", E, 1, 1)],
            ),
            (
                "a trailing comma: the syntax pass says it",
                manifest(v3, NODE, ",\n  \"license\": \"MIT\","),
                &[("trailing-comma", E, 8, 19)],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(run(text), *want, "{name}\n{text}");
        }
    }

    #[test]
    fn messages_name_the_key_and_the_version() {
        let src = Source::from_text(
            "m.json",
            &manifest(
                "\"manifest_version\": \"0.2\"",
                r#"{"type": "deno", "entry_point": "i.js", "mcp_config": {"command": "deno"}}"#,
                ",\n  \"icons\": []",
            ),
        );
        let c = check(&src);
        let msgs: Vec<&str> = c.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "`server.type` is \"deno\"; mcpb 0.2 allows python, node, binary",
                "`icons` is not part of an mcpb 0.2 manifest"
            ]
        );
        assert_eq!(
            c.diagnostics[1].hint.as_deref(),
            Some("`icons` arrived in mcpb 0.3: raise `manifest_version`, or remove it")
        );
        assert_eq!(c.version, "0.2");
    }

    #[test]
    fn a_manifest_that_is_not_an_object() {
        let c = check(&Source::from_text("m.json", "[]"));
        let msgs: Vec<&str> = c.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "the manifest says neither `manifest_version` nor `dxt_version`: the mcpb library cannot tell how to read it",
                "the manifest must be an object, not an array"
            ]
        );
    }

    #[test]
    fn a_broken_common_part_does_not_flag_every_key_as_unknown() {
        // `description` missing makes the shared part fail; the keys it
        // defines must still count as known
        let text = "{\"manifest_version\": \"0.3\", \"name\": \"x\", \"version\": \"1\", \"author\": {\"name\": \"a\"}, \"server\": {\"type\": \"node\", \"entry_point\": \"i\", \"mcp_config\": {\"command\": \"node\"}}}";
        let codes: Vec<_> = run(text).into_iter().map(|f| f.0).collect();
        assert_eq!(codes, ["manifest-missing-key"]);
    }
}
