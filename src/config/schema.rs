//! The schema pass: validates the recovered tree against the bundled JSON
//! Schema (`schemas/claude_desktop_config.schema.json`, the single source of
//! truth) with the `jsonschema` crate, which turns it into code at build
//! time, and turns each validation error into a [`Diagnostic`] that points
//! into the source. `build.rs` indexes where the schema keeps its wording.
//!
//! Two mcpctl keywords in the schema carry the wording, so that the schema
//! stays the only place that says what the file may hold:
//! - `x-mcpctl-diagnostic` (a validation keyword registered here): on a
//!   property's subschema, it fires whenever that property is present and
//!   reports `{code, severity, message, hint}`. This is how keys the app
//!   ignores become warnings and remote-server keys become errors.
//! - `x-mcpctl-messages` (an annotation): next to a standard keyword such as
//!   `type` or `required`, maps that keyword's failure to a friendly
//!   `{code, message, hint, at}`.
//!
//! Templates may use `{key}` (the offending key), `{server}` (the server's
//! name), `{value}` (the value as written), `{quoted}` (it as a JSON
//! string), `{a_type}` ("a number"), `{url}` (the server's `url`) and
//! `{app_cwd}` (where the app starts servers on the OS checked for: `` `/` ``,
//! or "its own folder" on Windows). A
//! `hint-private-url` replaces `hint` when that url names a host only this
//! machine or its network can reach (a Connector, which the cloud connects,
//! cannot).

use std::cell::RefCell;
use std::rc::Rc;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Keyword, ValidationError, paths::Location};
use serde_json::Value as J;

use super::ast::{Node, Value};
use super::diag::{Diagnostic, Severity, TextEdit};
use super::model::SERVERS_KEY;
use super::source::{Source, Span};
use crate::codes::{Code, Kind};
use crate::platform::Os;
use crate::text::FastMap;

/// The bundled schema, verbatim (`mcpctl schema` prints it).
pub const SCHEMA_TEXT: &str = include_str!("../../schemas/claude_desktop_config.schema.json");

/// The validation keyword that turns a present property into a diagnostic.
pub const DIAGNOSTIC_KEYWORD: &str = "x-mcpctl-diagnostic";
/// The annotation that rewords a standard keyword's failure.
pub const MESSAGES_KEYWORD: &str = "x-mcpctl-messages";

/// Diagnostic code when no friendlier wording applies.
pub const FALLBACK_CODE: Code = Code::Schema;

/// The schema compiled into code at build time (a schema the crate cannot
/// compile is a build error), so no command pays for compiling it at start.
#[jsonschema::validator(
    path = "schemas/claude_desktop_config.schema.json",
    keywords = { "x-mcpctl-diagnostic" => crate::config::schema::diagnostic_keyword }
)]
struct BuiltSchema;

fn diagnostic_keyword<'a>(
    _: &'a serde_json::Map<String, J>,
    _: &'a J,
    _: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    Ok(Box::new(AlwaysFires))
}

/// `x-mcpctl-diagnostic` fails wherever it is evaluated: it sits on the
/// subschema of a property that should not be there.
struct AlwaysFires;

impl<'i> Keyword<'i> for AlwaysFires {
    fn validate(&self, _instance: &'i J) -> Result<(), ValidationError<'i>> {
        Err(ValidationError::custom(DIAGNOSTIC_KEYWORD))
    }
    fn is_valid(&self, _instance: &'i J) -> bool {
        false
    }
}

/// One validation error, reduced to what the mapping needs.
#[derive(Debug, Clone)]
struct Raw {
    /// Instance path segments (unescaped).
    path: Vec<String>,
    instance_pointer: String,
    /// The failing keyword ("type", "required", ..., or the custom one).
    keyword: String,
    /// Where that keyword sits in the schema, as segments (canonical).
    schema_path: Vec<String>,
    text: String,
}

/// Validate the tree; every diagnostic points into `source`. `os`: the OS
/// the file is checked for (what `{app_cwd}` says).
pub fn validate(root: &Node, source: &Source, os: Os) -> Vec<Diagnostic> {
    let instance = root.to_json();
    let raws: Vec<Raw> = BuiltSchema::iter_errors(&instance)
        .map(|e| to_raw(&e))
        .collect();
    let mut out: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for raw in &raws {
        if superseded(raw, &raws) {
            continue;
        }
        if in_pasted_block(root, &raw.path) {
            continue;
        }
        let d = diagnose(raw, root, source, os);
        out.push((d, raw.path.clone()));
    }
    tidy_remote(out)
}

/// Whether a path lies in a block of entries pasted one level too deep
/// inside `mcpServers`: lint's `nested-servers` says what is wrong there,
/// where the schema would say "no command" and "unknown key" per entry.
fn in_pasted_block(root: &Node, path: &[String]) -> bool {
    match path {
        [first, name, ..] if first == SERVERS_KEY => root
            .get(SERVERS_KEY)
            .and_then(|s| s.get(name))
            .is_some_and(super::lint::nesting::pasted_block),
        _ => false,
    }
}

fn to_raw(e: &ValidationError<'_>) -> Raw {
    let keyword = match e.kind() {
        ValidationErrorKind::Custom { message, .. } if message == DIAGNOSTIC_KEYWORD => {
            DIAGNOSTIC_KEYWORD.to_string()
        }
        k => k.keyword().to_string(),
    };
    Raw {
        path: segments(e.instance_path()),
        instance_pointer: e.instance_path().as_str().to_string(),
        keyword,
        schema_path: schema_segments(e),
        text: e.to_string(),
    }
}

fn segments(loc: &Location) -> Vec<String> {
    loc.iter().map(|s| s.to_string()).collect()
}

/// The canonical location of the failing keyword in the schema document:
/// from the absolute keyword location's fragment when there is one (it
/// follows `$ref` to the definition), else the plain schema path.
fn schema_segments(e: &ValidationError<'_>) -> Vec<String> {
    if let Some(uri) = e.absolute_keyword_location()
        && let Some(frag) = uri.fragment()
    {
        return pointer_segments(&crate::urls::percent_decode(frag.as_str()));
    }
    segments(e.schema_path())
}

fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// A standard-keyword error at the same place as a fired
/// `x-mcpctl-diagnostic` adds nothing (e.g. the `not: {}` that makes editors
/// flag `url`).
fn superseded(raw: &Raw, all: &[Raw]) -> bool {
    raw.keyword != DIAGNOSTIC_KEYWORD
        && all
            .iter()
            .any(|o| o.keyword == DIAGNOSTIC_KEYWORD && o.instance_pointer == raw.instance_pointer)
}

/// The wording for one error: from `x-mcpctl-diagnostic`, from
/// `x-mcpctl-messages`, or the fallback.
struct Wording {
    code: Code,
    severity: Severity,
    message: String,
    hint: String,
    /// The hint when the server's url is a private host.
    hint_private_url: Option<String>,
    /// The hint when the entry has no url at all (a local server with a
    /// stray remote key: there is nothing to bridge).
    hint_no_url: Option<String>,
    /// The hint when the entry has a url and a command too (doctor --fix
    /// does not guess which is meant).
    hint_with_command: Option<String>,
    at_key: bool,
    did_you_mean: Vec<String>,
    /// `"quote"`: a number or boolean can be quoted mechanically.
    fix: Option<String>,
}

// `WORDING`: generated by build.rs from the schema
include!(concat!(env!("OUT_DIR"), "/schema_wording.rs"));

/// The wording keys of the schema object at `path` (segments), from the
/// build-time index: a few hundred bytes parsed, not the whole schema, and
/// each once per thread (doctor checks its text more than once).
fn wording_keys(path: &[String]) -> Option<Rc<J>> {
    thread_local! {
        static PARSED: RefCell<FastMap<usize, Option<Rc<J>>>> = RefCell::default();
    }
    let pointer: String = path
        .iter()
        .map(|seg| format!("/{}", seg.replace('~', "~0").replace('/', "~1")))
        .collect();
    let at = WORDING
        .binary_search_by(|(p, _)| (*p).cmp(pointer.as_str()))
        .ok()?;
    PARSED.with(|parsed| {
        parsed
            .borrow_mut()
            .entry(at)
            .or_insert_with(|| serde_json::from_str(WORDING[at].1).ok().map(Rc::new))
            .clone()
    })
}

fn wording(raw: &Raw) -> Wording {
    let (parent_path, last) = match raw.schema_path.split_last() {
        Some((last, parent)) => (parent, std::slice::from_ref(last)),
        None => (&raw.schema_path[..], &[][..]),
    };
    let parent = wording_keys(parent_path);
    let parent = parent.as_deref();
    let keyword_schema = parent.and_then(|p| lookup(p, last));
    let spec = if raw.keyword == DIAGNOSTIC_KEYWORD {
        keyword_schema.and_then(J::as_object)
    } else {
        parent
            .and_then(|p| p.get(MESSAGES_KEYWORD))
            .and_then(|m| m.get(&raw.keyword))
            .and_then(J::as_object)
    };
    let Some(spec) = spec else {
        return Wording {
            code: FALLBACK_CODE,
            severity: Severity::Error,
            message: raw.text.clone(),
            hint: "`mcpctl schema` prints what the file may hold".into(),
            hint_private_url: None,
            hint_no_url: None,
            hint_with_command: None,
            at_key: matches!(raw.keyword.as_str(), "required" | "additionalProperties"),
            did_you_mean: Vec::new(),
            fix: None,
        };
    };
    let text = |k: &str| spec.get(k).and_then(J::as_str).unwrap_or("").to_string();
    let default_at_key =
        raw.keyword == DIAGNOSTIC_KEYWORD || matches!(raw.keyword.as_str(), "required");
    Wording {
        code: intern_code(&text("code")),
        severity: match spec.get("severity").and_then(J::as_str) {
            Some("warning") => Severity::Warning,
            _ => Severity::Error,
        },
        message: text("message"),
        hint: text("hint"),
        hint_private_url: spec
            .get("hint-private-url")
            .and_then(J::as_str)
            .map(str::to_string),
        hint_no_url: spec
            .get("hint-no-url")
            .and_then(J::as_str)
            .map(str::to_string),
        hint_with_command: spec
            .get("hint-with-command")
            .and_then(J::as_str)
            .map(str::to_string),
        at_key: spec
            .get("at")
            .and_then(J::as_str)
            .map_or(default_at_key, |a| a == "key"),
        did_you_mean: string_list(spec.get("did-you-mean")),
        fix: spec.get("fix").and_then(J::as_str).map(str::to_string),
    }
}

fn string_list(v: Option<&J>) -> Vec<String> {
    v.and_then(J::as_array)
        .map(|a| a.iter().filter_map(J::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn lookup<'a>(schema: &'a J, path: &[String]) -> Option<&'a J> {
    let mut node = schema;
    for seg in path {
        node = match node {
            J::Object(m) => m.get(seg)?,
            J::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The schema names its codes by id; each is a [`Code`] of kind `Schema`
/// in the registry (an unknown one falls back to `schema`).
fn intern_code(code: &str) -> Code {
    Code::from_id(Kind::Schema, code).unwrap_or(FALLBACK_CODE)
}

fn diagnose(raw: &Raw, root: &Node, source: &Source, os: Os) -> Diagnostic {
    let w = wording(raw);
    let found = root.pointer(&raw.instance_pointer);
    let vars = Vars::new(raw, root, found.map(|(n, _)| n), source, os);
    let hint_template = match (&w.hint_private_url, &w.hint_no_url, &w.hint_with_command) {
        (_, _, Some(h)) if vars.has_url && vars.has_command => h,
        (Some(h), _, _) if vars.has_url && crate::urls::is_private_host(&vars.url) => h,
        (_, Some(h), _) if !vars.has_url => h,
        _ => &w.hint,
    };
    let mut hint = vars.fill(hint_template);
    if let Some(key) = raw.path.last()
        && let Some(best) = closest(key, &w.did_you_mean)
    {
        hint = format!("did you mean `{best}`? {hint}");
    }
    let mut d = Diagnostic::new(w.code, w.severity, vars.fill(&w.message));
    // a url entry: doctor --fix bridges it; with no url, nothing can
    d.planned_fix = w.code == Code::RemoteServer && vars.has_url && !vars.has_command;
    let d = if hint.is_empty() { d } else { d.hint(hint) };
    let Some((node, key_span)) = found else {
        return d;
    };
    let d = d.at(place(node, key_span, w.at_key));
    match w.fix.as_deref() {
        Some("quote") => quote_fix(d, node, source),
        _ => d,
    }
}

/// A number or boolean where a string belongs: quoting it as written
/// keeps what the user meant (`8080` → `"8080"`).
fn quote_fix(d: Diagnostic, node: &Node, source: &Source) -> Diagnostic {
    if !matches!(node.value, Value::Number(_) | Value::Bool(_)) {
        return d;
    }
    let text = source.slice(node.span);
    let replacement = serde_json::to_string(text).unwrap_or_default();
    d.fix(
        format!("quote it: {replacement}"),
        vec![TextEdit {
            span: node.span,
            replacement,
        }],
    )
}

/// Where to point: the key for "should not be here"/"is missing" errors
/// (for `required`, the instance is the object: its key names it), the
/// value for type errors. Objects and arrays point at their opening
/// bracket only.
fn place(node: &Node, key_span: Option<Span>, at_key: bool) -> Span {
    match key_span {
        Some(k) if at_key => k,
        _ => narrow(node),
    }
}

fn narrow(node: &Node) -> Span {
    match node.value {
        Value::Object(_) | Value::Array(_) => {
            Span::new(node.span.start, (node.span.start + 1).min(node.span.end))
        }
        _ => node.span,
    }
}

/// Template variables for one error.
struct Vars {
    key: String,
    server: String,
    value: String,
    quoted: String,
    a_type: String,
    url: String,
    /// Where the app starts servers (`` `/` ``, "its own folder").
    app_cwd: &'static str,
    /// The entry has a url (`url` is not the "URL" placeholder).
    has_url: bool,
    /// The entry has a (non-empty) `command` too.
    has_command: bool,
}

impl Vars {
    fn new(raw: &Raw, root: &Node, node: Option<&Node>, source: &Source, os: Os) -> Vars {
        let server = match raw.path.as_slice() {
            [first, name, ..] if first == SERVERS_KEY => name.clone(),
            _ => String::new(),
        };
        let entry = root.get(SERVERS_KEY).and_then(|s| s.get(&server));
        let found_url = super::remote::URL_KEYS
            .iter()
            .find_map(|k| entry.and_then(|e| e.get(k)).and_then(Node::as_str));
        let url = found_url.unwrap_or("URL").to_string();
        let value = node.map(|n| source.slice(n.span)).unwrap_or("").to_string();
        let value = shorten(&value, 60);
        let quoted = match node.map(|n| &n.value) {
            Some(Value::String(s)) => serde_json::to_string(s).unwrap_or_default(),
            // `null` means nothing to keep; `NaN`, `undefined`, `None`
            // (read as null) are text the user wrote
            Some(Value::Null) if value == "null" => "\"\"".into(),
            _ => serde_json::to_string(&value).unwrap_or_default(),
        };
        Vars {
            key: raw.path.last().cloned().unwrap_or_default(),
            server,
            value,
            quoted,
            a_type: node.map(|n| a_type(n.type_name())).unwrap_or_default(),
            url,
            app_cwd: super::lint::app_cwd(os),
            has_url: found_url.is_some(),
            has_command: entry
                .and_then(|e| e.get("command"))
                .and_then(Node::as_str)
                .is_some_and(|c| !c.trim().is_empty()),
        }
    }

    /// `template` with each `{name}` replaced, in one pass: what a value
    /// brings in (a key the user named `{url}`) is never read as a name.
    fn fill(&self, template: &str) -> String {
        let vars: [(&str, &str); 7] = [
            ("{key}", &self.key),
            ("{server}", &self.server),
            ("{value}", &self.value),
            ("{quoted}", &self.quoted),
            ("{a_type}", &self.a_type),
            ("{url}", &self.url),
            ("{app_cwd}", self.app_cwd),
        ];
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            rest = &rest[open..];
            match vars.iter().find(|(name, _)| rest.starts_with(name)) {
                Some((name, value)) => {
                    out.push_str(value);
                    rest = &rest[name.len()..];
                }
                None => {
                    out.push('{');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn a_type(t: &str) -> String {
    match t {
        "null" => "null".to_string(),
        "object" | "array" => format!("an {t}"),
        _ => format!("a {t}"),
    }
}

fn shorten(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max).collect();
    format!("{cut}…")
}

/// The closest known key, for "did you mean" (case, prefix or 2 edits).
fn closest(key: &str, known: &[String]) -> Option<String> {
    let k = key.to_lowercase();
    known
        .iter()
        .map(|c| {
            let score = if c.to_lowercase() == k {
                0
            } else if k.starts_with(c.as_str()) || c.starts_with(k.as_str()) && k.len() >= 3 {
                1
            } else {
                crate::text::edit_distance(&k, c) + 1
            };
            (score, c)
        })
        .filter(|(s, _)| *s <= 3)
        .min_by_key(|(s, _)| *s)
        .map(|(_, c)| c.clone())
}

fn is_url_key(k: &str) -> bool {
    super::remote::URL_KEYS.contains(&k)
}

/// One `remote-server` error per server (preferring the one at `url`), and
/// no `command-missing` or `disabled-ignored` beside it: the entry is not a
/// local command, so the app starts it in no case.
fn tidy_remote(items: Vec<(Diagnostic, Vec<String>)>) -> Vec<Diagnostic> {
    let server_of = |p: &[String]| -> Option<String> {
        match p {
            [first, name, ..] if first == SERVERS_KEY => Some(name.clone()),
            _ => None,
        }
    };
    let remote: Vec<(String, bool)> = items
        .iter()
        .filter(|(d, _)| d.code == Code::RemoteServer)
        .filter_map(|(_, p)| Some((server_of(p)?, p.last().is_some_and(|k| is_url_key(k)))))
        .collect();
    let mut kept_remote: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (d, p) in items {
        let server = server_of(&p);
        let is_remote_server = |s: &Option<String>| {
            s.as_ref()
                .is_some_and(|s| remote.iter().any(|(r, _)| r == s))
        };
        // a url entry is skipped anyway: that it has no command, or that
        // `disabled` would not turn it off, is beside the point
        if matches!(d.code, Code::CommandMissing | Code::DisabledIgnored)
            && is_remote_server(&server)
        {
            continue;
        }
        if d.code == Code::RemoteServer {
            let Some(s) = server else {
                out.push(d);
                continue;
            };
            let has_url = remote.iter().any(|(r, u)| *r == s && *u);
            let is_url = p.last().is_some_and(|k| is_url_key(k));
            if kept_remote.contains(&s) || (has_url && !is_url) {
                continue;
            }
            kept_remote.push(s);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::syntax;

    /// The schema as data (the product only needs its wording index).
    fn schema_json() -> &'static J {
        static CELL: std::sync::OnceLock<J> = std::sync::OnceLock::new();
        CELL.get_or_init(|| serde_json::from_str(SCHEMA_TEXT).expect("the schema is JSON"))
    }

    /// (code, severity, line, column) of each schema diagnostic, in order.
    fn run(text: &str) -> Vec<Found> {
        let src = Source::from_text("c.json", text);
        let doc = syntax::parse(&src);
        let root = doc.root.expect("test input parses");
        let mut ds = validate(&root, &src, Os::MacOs);
        ds.sort_by_key(|d| d.span.map(|s| s.start));
        ds.iter()
            .map(|d| {
                let lc = src.line_col(d.span.expect("positioned").start);
                (d.code.id(), d.severity, lc.line, lc.column)
            })
            .collect()
    }

    use Severity::{Error as E, Warning as W};

    /// (code, severity, line, column).
    type Found = (&'static str, Severity, usize, usize);

    /// The validator the build generated reports exactly what the crate's
    /// run-time compiler (with the schema itself checked against 2020-12)
    /// reports, on every config the tests keep and every case below.
    #[test]
    fn the_built_validator_agrees_with_the_runtime_compiler() {
        let runtime = jsonschema::options()
            .with_keyword(DIAGNOSTIC_KEYWORD, |_, _, _| {
                Ok(Box::new(AlwaysFires) as Box<dyn for<'i> Keyword<'i>>)
            })
            .build(schema_json())
            .expect("the schema compiles at run time too");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = Vec::new();
        for dir in [
            "tests/fixtures/configs",
            "tests/fixtures/real_world",
            "examples",
        ] {
            for e in std::fs::read_dir(root.join(dir)).expect("fixture folder") {
                let p = e.expect("entry").path();
                if p.extension().is_some_and(|x| x == "json") {
                    texts.push(std::fs::read_to_string(&p).expect("fixture"));
                }
            }
        }
        texts.extend(CASES.iter().map(|(_, t, _)| t.to_string()));
        let (mut compared, mut failing) = (0, 0);
        for text in &texts {
            let src = Source::from_text("c.json", text);
            let Some(tree) = syntax::parse(&src).root else {
                continue;
            };
            let instance = tree.to_json();
            let raw = |e: ValidationError<'_>| format!("{:?}", to_raw(&e));
            let built: Vec<String> = BuiltSchema::iter_errors(&instance).map(raw).collect();
            let run: Vec<String> = runtime.iter_errors(&instance).map(raw).collect();
            assert_eq!(built, run, "on {text}");
            compared += 1;
            failing += usize::from(!built.is_empty());
        }
        assert!(
            compared > 40 && failing > 20,
            "{compared} compared, {failing} with errors"
        );
    }

    /// The build-time index holds every schema object's wording keys, as
    /// the schema has them.
    #[test]
    fn the_wording_index_matches_the_schema() {
        fn walk(v: &J, path: &mut Vec<String>, seen: &mut usize) {
            match v {
                J::Object(m) => {
                    let keys: serde_json::Map<String, J> = [MESSAGES_KEYWORD, DIAGNOSTIC_KEYWORD]
                        .iter()
                        .filter_map(|k| Some((k.to_string(), m.get(*k)?.clone())))
                        .collect();
                    let indexed = wording_keys(path).as_deref().cloned();
                    if keys.is_empty() {
                        assert_eq!(indexed, None, "at {path:?}");
                    } else {
                        assert_eq!(indexed, Some(J::Object(keys)), "at {path:?}");
                        *seen += 1;
                    }
                    for (k, x) in m {
                        path.push(k.clone());
                        walk(x, path, seen);
                        path.pop();
                    }
                }
                J::Array(a) => {
                    for (i, x) in a.iter().enumerate() {
                        path.push(i.to_string());
                        walk(x, path, seen);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        let mut seen = 0;
        walk(schema_json(), &mut Vec::new(), &mut seen);
        assert_eq!(seen, WORDING.len());
        assert!(seen > 10);
    }

    #[test]
    fn the_schema_compiles_and_is_2020_12_with_an_id() {
        let s = schema_json();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(s["$id"].as_str().is_some_and(|i| !i.is_empty()));
        assert!(
            s["description"]
                .as_str()
                .is_some_and(|d| d.contains("never dropped"))
        );
    }

    /// Each case: (name, config text, diagnostics expected).
    const CASES: &[(&str, &str, &[Found])] = &[
        (
            "clean",
            r#"{"mcpServers": {"a": {"command": "npx", "args": ["-y", "x"], "env": {"K": "v"}}}, "preferences": {"x": 1}, "globalShortcut": "Alt+Space", "somethingNew": 1}"#,
            &[],
        ),
        (
            "numeric env value: at the value",
            "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"npx\",\n      \"env\": {\"PORT\": 8080}\n    }\n  }\n}\n",
            &[("env-not-string", E, 5, 23)],
        ),
        (
            "missing command: at the server's name",
            "{\n  \"mcpServers\": {\n    \"a\": {\"args\": []}\n  }\n}",
            &[("command-missing", E, 3, 5)],
        ),
        (
            "empty command",
            "{\"mcpServers\": {\"a\": {\"command\": \"\"}}}",
            &[("command-empty", E, 1, 34)],
        ),
        (
            "command not a string",
            "{\"mcpServers\": {\"a\": {\"command\": [\"npx\"]}}}",
            &[("command-not-string", E, 1, 34)],
        ),
        (
            "url entry: one error at `url`, no command-missing",
            "{\"mcpServers\": {\n  \"r\": {\"type\": \"http\", \"url\": \"https://x.dev/mcp\"}\n}}",
            &[("remote-server", E, 2, 25)],
        ),
        (
            "url entry marked disabled: still one error, no disabled-ignored",
            "{\"mcpServers\": {\n  \"r\": {\"url\": \"https://x.dev/mcp\", \"disabled\": true}\n}}",
            &[("remote-server", E, 2, 9)],
        ),
        (
            "cwd and disabled: warnings at the key",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\",\n \"cwd\": \"/x\",\n \"disabled\": true}}}",
            &[("ignored-key", W, 2, 2), ("disabled-ignored", W, 3, 2)],
        ),
        (
            "disabled false says what the app does anyway: no warning",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"disabled\": false}}}",
            &[],
        ),
        (
            "disabled as a string is no off switch either",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"disabled\": \"yes\"}}}",
            &[("disabled-ignored", W, 1, 41)],
        ),
        (
            "args with a number",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"args\": [\"--port\", 8080]}}}",
            &[("args-not-strings", E, 1, 60)],
        ),
        (
            "args not an array",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"args\": \"-y x\"}}}",
            &[("args-not-array", E, 1, 49)],
        ),
        (
            "env not an object",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"env\": [\"K=v\"]}}}",
            &[("env-not-object", E, 1, 48)],
        ),
        (
            "mcpServers not an object",
            "{\"mcpServers\": [{\"command\": \"npx\"}]}",
            &[("servers-not-object", E, 1, 16)],
        ),
        (
            "server not an object",
            "{\"mcpServers\": {\"a\": \"npx\"}}",
            &[("server-not-object", E, 1, 22)],
        ),
        ("root not an object", "[1]", &[("root-not-object", E, 1, 1)]),
        (
            "type stdio is only ignored",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"type\": \"stdio\"}}}",
            &[("ignored-key", W, 1, 41)],
        ),
        (
            "names with / and ~ are escaped in pointers",
            "{\"mcpServers\": {\"a/b~c\": {\"command\": \"x\", \"env\": {\"K/1\": 1}}}}",
            &[("env-not-string", E, 1, 58)],
        ),
        (
            "workingDirectory (a real-world habit) is ignored like cwd",
            "{\"mcpServers\": {\"a\": {\"command\": \"uv\",\n \"workingDirectory\": \"/x\"}}}",
            &[("ignored-key", W, 2, 2)],
        ),
        (
            "unknown key",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"arguments\": []}}}",
            &[("unknown-key", W, 1, 41)],
        ),
    ];

    #[test]
    fn schema_cases_with_exact_positions() {
        let cases = CASES;
        for (name, text, want) in cases {
            assert_eq!(run(text), *want, "{name}");
        }
    }

    fn first(text: &str) -> Diagnostic {
        let src = Source::from_text("c.json", text);
        let root = syntax::parse(&src).root.expect("parses");
        validate(&root, &src, Os::MacOs).remove(0)
    }

    /// `NaN` is read as null, but it is what the user wrote: the hint
    /// quotes it; a real `null` has nothing to keep.
    #[test]
    fn a_null_env_value_written_otherwise_is_quoted_as_written() {
        let d = first(r#"{"mcpServers": {"a": {"command": "x", "env": {"N": NaN}}}}"#);
        assert_eq!(d.hint.as_deref(), Some(r#"quote it: "N": "NaN""#));
        let d = first(r#"{"mcpServers": {"a": {"command": "x", "env": {"N": null}}}}"#);
        assert_eq!(d.hint.as_deref(), Some(r#"quote it: "N": """#));
    }

    /// A template's names are filled once: a key or value the user wrote
    /// that looks like one stays as written.
    #[test]
    fn text_the_user_wrote_is_never_read_as_a_template_name() {
        let d = first(r#"{"mcpServers": {"{url}": {"command": "x", "env": {"{server}": 1}}}}"#);
        assert_eq!(
            d.message,
            "env value `{server}` of server `{url}` is a number; environment values must be strings"
        );
        assert_eq!(d.hint.as_deref(), Some(r#"quote it: "{server}": "1""#));
    }

    #[test]
    fn numeric_env_hint_says_how_to_quote_it() {
        let d = first(r#"{"mcpServers": {"a": {"command": "x", "env": {"PORT": 8080}}}}"#);
        assert_eq!(d.hint.as_deref(), Some(r#"quote it: "PORT": "8080""#));
        let edits = &d.fix.as_ref().expect("quotable").edits;
        assert_eq!(edits[0].replacement, "\"8080\"");
        assert!(
            d.message.contains("`PORT`") && d.message.contains("a number"),
            "{}",
            d.message
        );
    }

    #[test]
    fn remote_hint_names_the_bridge_and_the_url() {
        let d = first(r#"{"mcpServers": {"r": {"url": "https://x.dev/mcp"}}}"#);
        let hint = d.hint.unwrap_or_default();
        assert!(
            hint.contains(r#""args": ["-y", "mcp-remote", "https://x.dev/mcp"]"#),
            "{hint}"
        );
        assert!(
            hint.contains("connector") && hint.contains("doctor --fix"),
            "{hint}"
        );
        // Windsurf's serverUrl and Gemini's httpUrl are remote servers too
        for key in ["serverUrl", "httpUrl"] {
            let d = first(&format!(
                r#"{{"mcpServers": {{"r": {{"{key}": "https://w.dev/mcp"}}}}}}"#
            ));
            assert_eq!(d.code, Code::RemoteServer, "{key}");
            assert!(
                d.hint.unwrap_or_default().contains("https://w.dev/mcp"),
                "{key}"
            );
        }
    }

    /// A local server with a stray remote key has no url to bridge: the
    /// hint says to remove the key, and promises no repair with a `URL`
    /// placeholder in it.
    #[test]
    fn a_remote_key_without_a_url_is_not_offered_a_bridge() {
        let d =
            first(r#"{"mcpServers": {"r": {"command": "npx", "args": ["x"], "type": "http"}}}"#);
        assert_eq!(d.code, Code::RemoteServer);
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains("remove `type`"), "{hint}");
        assert!(!hint.contains("\"URL\""), "{hint}");
        // and validate --json does not call it fixable (doctor --fix has
        // nothing to do); a url entry it does bridge
        assert!(!d.planned_fix);
        assert!(first(r#"{"mcpServers": {"r": {"url": "https://w.dev/mcp"}}}"#).planned_fix);
        // a command beside the url: doctor does not guess which is meant
        let both = first(r#"{"mcpServers": {"r": {"command": "x", "url": "https://w.dev/mcp"}}}"#);
        assert!(!both.planned_fix);
        assert!(both.hint.unwrap_or_default().contains("both a `command`"));
    }

    /// A connector is reached from the cloud: for a url only this machine
    /// or its network can reach, the hint offers the bridge alone.
    #[test]
    fn a_private_url_is_not_offered_as_a_connector() {
        for url in [
            "http://localhost:3000/mcp",
            "http://192.168.1.5/mcp",
            "http://nas.local/mcp",
        ] {
            let d = first(&format!(r#"{{"mcpServers": {{"r": {{"url": "{url}"}}}}}}"#));
            let hint = d.hint.unwrap_or_default();
            assert!(hint.contains("mcp-remote") && hint.contains(url), "{hint}");
            assert!(hint.contains("a connector cannot work here"), "{hint}");
            assert!(!hint.contains("Settings → Connectors"), "{hint}");
        }
        let d = first(r#"{"mcpServers": {"r": {"url": "https://x.dev/mcp"}}}"#);
        assert!(d.hint.unwrap_or_default().contains("Settings → Connectors"));
    }

    #[test]
    fn ignored_keys_say_the_app_ignores_them() {
        let d = first(r#"{"mcpServers": {"a": {"command": "x", "cwd": "/p"}}}"#);
        assert!(
            d.message.contains("ignored by Claude Desktop"),
            "{}",
            d.message
        );
        assert_eq!(d.severity, Severity::Warning);
    }

    /// Where the app starts servers, said for the OS checked: `/` on macOS
    /// and Linux, the app's own folder on Windows (never "on macOS" there).
    #[test]
    fn ignored_cwd_names_where_the_app_starts_servers_on_the_os_checked() {
        let text = r#"{"mcpServers": {"a": {"command": "x", "cwd": "/p"}}}"#;
        let src = Source::from_text("c.json", text);
        let root = syntax::parse(&src).root.expect("parses");
        for (os, want) in [
            (Os::MacOs, "the app starts servers from `/`"),
            (Os::Linux, "the app starts servers from `/`"),
            (Os::Windows, "the app starts servers from its own folder"),
        ] {
            let d = validate(&root, &src, os).remove(0);
            assert_eq!(d.code, Code::IgnoredKey);
            assert!(d.message.ends_with(want), "{os:?}: {}", d.message);
            assert!(!d.message.contains("macOS"), "{os:?}: {}", d.message);
        }
    }

    #[test]
    fn disabled_true_is_the_trap_and_points_at_mcpctl_disable() {
        let d = first(r#"{"mcpServers": {"a": {"command": "x", "disabled": true}}}"#);
        assert_eq!(d.code, Code::DisabledIgnored);
        assert_eq!(
            d.message,
            "`\"disabled\": true` does not turn server `a` off: Claude Desktop ignores the key \
and starts the server anyway"
        );
        let hint = d.hint.unwrap_or_default();
        assert!(
            hint.starts_with("to turn it off, run `mcpctl disable a`"),
            "{hint}"
        );
        assert_eq!(d.severity, Severity::Warning);
    }

    #[test]
    fn ignored_working_directory_names_its_own_key() {
        let d = first(r#"{"mcpServers": {"a": {"command": "x", "workingDirectory": "/p"}}}"#);
        assert!(
            d.message.starts_with("`workingDirectory` of server `a`"),
            "{}",
            d.message
        );
        assert!(
            d.hint
                .unwrap_or_default()
                .ends_with("remove `workingDirectory`")
        );
    }

    #[test]
    fn unknown_key_suggests_the_closest_known_one() {
        let d = first(r#"{"mcpServers": {"a": {"command": "x", "Env": {}}}}"#);
        assert!(
            d.hint
                .unwrap_or_default()
                .starts_with("did you mean `env`?")
        );
    }

    #[test]
    fn every_code_in_the_schema_is_known() {
        let mut found = Vec::new();
        collect_codes(schema_json(), &mut found);
        assert!(!found.is_empty());
        for c in found {
            assert!(
                Code::from_id(Kind::Schema, &c).is_some(),
                "code {c} is not a schema code in codes::CODES"
            );
        }
    }

    fn collect_codes(v: &J, out: &mut Vec<String>) {
        match v {
            J::Object(m) => {
                if let Some(J::String(c)) = m.get("code") {
                    out.push(c.clone());
                }
                m.values().for_each(|x| collect_codes(x, out));
            }
            J::Array(a) => a.iter().for_each(|x| collect_codes(x, out)),
            _ => {}
        }
    }

    #[test]
    fn closest_is_conservative() {
        let known: Vec<String> = ["command", "args", "env"].map(String::from).to_vec();
        assert_eq!(closest("arg", &known).as_deref(), Some("args"));
        assert_eq!(closest("environment", &known).as_deref(), Some("env"));
        assert_eq!(closest("comand", &known).as_deref(), Some("command"));
        assert_eq!(closest("description", &known), None);
    }
}
