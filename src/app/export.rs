//! The portable export of one machine's servers (`mcpctl export`, read back
//! by `mcpctl import`): a JSON document, versioned by its `mcpctlExport`
//! key (docs/json/export.md), holding the config's entries as the app
//! reads them, the entries `mcpctl disable` set aside, and the Desktop
//! Extensions installed (by id and version: mcpctl cannot install them).
//!
//! `--redact` replaces each env value with a `${KEY}` placeholder (made
//! unique, `${SERVER_KEY}`, when two servers hold different values under
//! one key), each header value with `${SERVER_HEADER}`, and each secret
//! recognised in args (`crate::secrets`) with `${SERVER_LABEL}`; the names
//! are listed in `placeholders`. What is no secret stays as written, as
//! the masking of all output shows it: a `${VAR}` the config holds (or
//! another reference or placeholder), `true`/`false`, and a number whose
//! name does not say it is a secret (a port). Import fills exactly the
//! listed names from the environment, in env values, args and header
//! values. Pure: values in, values out.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::disabled::SideFile;
use super::extensions::Inventory;
use crate::config::ast::Node;
use crate::config::model::{SERVERS_KEY, secret_spans};
use crate::config::source::{Source, Span};
use crate::config::syntax;
use crate::error::Spot;

/// The format's version: the value of `mcpctlExport`.
pub const VERSION: u64 = 1;

/// The document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    #[serde(rename = "mcpctlExport")]
    pub version: u64,
    #[serde(rename = "_about", default)]
    pub about: String,
    /// Env values (and secrets in args) replaced by placeholders.
    #[serde(default)]
    pub redacted: bool,
    /// The placeholders the document holds, each where it is, for import
    /// to fill from its environment (only there: a `${VAR}` the config
    /// itself holds, as mcp-remote's `--header` arguments do, stays).
    #[serde(default)]
    pub placeholders: Vec<Placeholder>,
    /// The config's entries, as the app reads them (a name written twice:
    /// the last), in the file's order.
    #[serde(rename = "mcpServers", default)]
    pub servers: Map<String, Json>,
    /// Entries `mcpctl disable` set aside.
    #[serde(default)]
    pub disabled: Map<String, Json>,
    #[serde(default)]
    pub extensions: Vec<ExportedExtension>,
}

/// One `${NAME}` the export put in place of a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeholder {
    pub name: String,
    /// A JSON pointer into the document: `/mcpServers/SERVER/env/KEY`,
    /// `/mcpServers/SERVER/args/1`, `/mcpServers/SERVER/headers/NAME`
    /// (or under `/disabled`).
    pub at: String,
}

/// An installed Desktop Extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedExtension {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub enabled: bool,
    /// `registry` (the app's directory) or `local` (a file), as recorded.
    pub source: Option<String>,
}

const ABOUT: &str = "Claude Desktop MCP servers exported by mcpctl; put them in another \
config with `mcpctl import FILE` (docs/json/export.md)";

/// The export of a config (`root`: its parsed tree), its side file and
/// the extensions beside it.
pub fn document(
    root: Option<&Node>,
    side: &SideFile,
    inventory: &Inventory,
    redact: bool,
) -> Export {
    let servers = root
        .and_then(|r| r.get(SERVERS_KEY))
        .map(Node::to_json)
        .and_then(|j| j.as_object().cloned())
        .unwrap_or_default();
    let disabled = side
        .servers
        .iter()
        .filter_map(|d| {
            let doc = syntax::parse(&Source::from_text("", &format!("{{{}}}", d.text)));
            let value = doc.root?.get(&d.name)?.to_json();
            Some((d.name.clone(), value))
        })
        .collect();
    let extensions = inventory
        .extensions
        .iter()
        .map(|e| ExportedExtension {
            id: e.id.clone(),
            name: e.name.clone(),
            version: e.version.clone(),
            enabled: e.enabled,
            source: e.install_source.clone(),
        })
        .collect();
    let mut doc = Export {
        version: VERSION,
        about: ABOUT.into(),
        redacted: redact,
        placeholders: Vec::new(),
        servers,
        disabled,
        extensions,
    };
    if redact {
        doc.redact();
    }
    doc
}

impl Export {
    /// Some entry holds an env value (not redacted: in clear).
    pub fn holds_env_values(&self) -> bool {
        self.servers
            .values()
            .chain(self.disabled.values())
            .any(|e| env_values(e).iter().any(|(_, v)| !v.is_empty()))
    }

    /// Replace env values and secrets in args with placeholders.
    fn redact(&mut self) {
        let mut names: Vec<Placeholder> = Vec::new();
        // a key held with different values by two servers gets a name per server
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut clash: Vec<String> = Vec::new();
        for entry in self.servers.values().chain(self.disabled.values()) {
            for (k, v) in env_values(entry) {
                match seen.iter().find(|(sk, _)| *sk == k) {
                    Some((_, sv)) if *sv != v => clash.push(k),
                    Some(_) => {}
                    None => seen.push((k, v)),
                }
            }
        }
        // a key every server holds with one value keeps its name; every
        // other name is claimed, so no name stands for two values
        let mut taken = Taken(
            seen.into_iter()
                .filter(|(k, _)| !clash.contains(k))
                .collect(),
        );
        for (section, map) in [
            ("mcpServers", &mut self.servers),
            ("disabled", &mut self.disabled),
        ] {
            for (server, entry) in map.iter_mut() {
                let at = format!("/{section}/{}", pointer_token(server));
                redact_entry(server, &at, entry, &clash, &mut taken, &mut names);
            }
        }
        self.placeholders = names;
    }

    /// The names of the placeholders, each once, in order.
    pub fn placeholder_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.placeholders {
            push_once(&mut out, &p.name);
        }
        out
    }

    /// Each placeholder of the servers filled by `lookup`, at its place;
    /// returns the names filled and those `lookup` did not know (left as
    /// written). A placeholder whose place no longer holds its `${NAME}` is
    /// skipped, and so are the disabled entries': import does not import
    /// them, so their values are neither filled nor asked for.
    pub fn fill(&mut self, lookup: &dyn Fn(&str) -> Option<String>) -> Filled {
        let mut filled = Filled::default();
        let mut servers = Json::Object(std::mem::take(&mut self.servers));
        for p in &self.placeholders {
            let Some(rest) = p.at.strip_prefix("/mcpServers") else {
                continue;
            };
            let Some(Json::String(s)) = servers.pointer_mut(rest) else {
                continue;
            };
            let token = format!("${{{}}}", p.name);
            if !s.contains(&token) {
                continue;
            }
            match lookup(&p.name) {
                Some(v) => {
                    *s = s.replace(&token, &v);
                    push_once(&mut filled.filled, &p.name);
                }
                None => push_once(&mut filled.missing, &p.name),
            }
        }
        if let Json::Object(m) = servers {
            self.servers = m;
        }
        filled
    }
}

/// A key as a JSON pointer token (`~` → `~0`, `/` → `~1`).
fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What [`Export::fill`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filled {
    pub filled: Vec<String>,
    pub missing: Vec<String>,
}

fn push_once(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// An entry's env values that `--redact` replaces, as text (see
/// [`env_secret`]).
fn env_values(entry: &Json) -> Vec<(String, String)> {
    entry
        .get("env")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), env_secret(k, v)?)))
        .collect()
}

/// The env value `v` (under `key`) as the text a placeholder stands for,
/// or `None` when `--redact` leaves it as written, as the masking of all
/// output does (`config::model`): an empty string or `null`; a `${VAR}`
/// (or another reference or placeholder: no secret, and not the export's
/// to fill); `true`/`false`; a number, unless its name says it is a secret
/// (`API_PIN`: a port or a count is no secret). An object or an array (the
/// app refuses them) is replaced whole: it may hold anything.
fn env_secret(key: &str, v: &Json) -> Option<String> {
    match v {
        Json::Null | Json::Bool(_) => None,
        Json::String(s) if s.is_empty() || is_reference(s) => None,
        Json::String(s) => Some(s.clone()),
        Json::Number(_) if !crate::secrets::names_a_secret(key) => None,
        other => Some(other.to_string()),
    }
}

/// A value that is a reference or a placeholder standing for a secret
/// (`${API_KEY}`, `$TOKEN`, `%TOKEN%`, `<YOUR_KEY>`), not one: the
/// config's own, kept as written ([`crate::secrets::is_reference`]).
fn is_reference(value: &str) -> bool {
    crate::secrets::is_reference(value)
}

/// The placeholder names given so far, each with the one value it stands
/// for: import fills a name from one variable, so two values under one
/// name would give a server another's secret.
struct Taken(Vec<(String, String)>);

impl Taken {
    /// `proposed` for `value`, or `proposed_2`, `_3`, ... when `proposed`
    /// already stands for another value.
    fn claim(&mut self, proposed: String, value: &str) -> String {
        let mut name = proposed.clone();
        for n in 2.. {
            match self.0.iter().find(|(k, _)| *k == name) {
                Some((_, v)) if v == value => return name,
                Some(_) => name = format!("{proposed}_{n}"),
                None => break,
            }
        }
        self.0.push((name.clone(), value.to_string()));
        name
    }
}

/// Put a placeholder for each string or number in `value` (at `place`,
/// under `key`) whose key names a secret.
fn redact_named(
    server: &str,
    place: &str,
    key: &str,
    value: &mut Json,
    taken: &mut Taken,
    put: &mut dyn FnMut(String, String),
) {
    match value {
        Json::Object(o) => {
            for (k, v) in o.iter_mut() {
                let at = format!("{place}/{}", pointer_token(k));
                redact_named(server, &at, k, v, taken, put);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                redact_named(server, &format!("{place}/{i}"), key, v, taken, put);
            }
        }
        Json::String(_) | Json::Number(_) if crate::secrets::names_a_secret_value(key) => {
            let text = match &*value {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            if text.is_empty() || is_reference(&text) {
                return;
            }
            let name = taken.claim(var_name(&format!("{server}_{key}")), &text);
            *value = Json::from(format!("${{{name}}}"));
            put(name, place.to_string());
        }
        // a password in a URL (`"connectionString": "postgres://u:pw@h"`)
        // under any name, as in args
        Json::String(text) => {
            let found = crate::secrets::in_args(std::slice::from_ref(text));
            let mut text = text.clone();
            for s in found.iter().rev() {
                let label = s.label.trim_start_matches("the ").replace("'s ", " ");
                let secret = text.get(s.range.clone()).unwrap_or_default().to_string();
                let name = taken.claim(var_name(&format!("{server}_{label}")), &secret);
                text.replace_range(s.range.clone(), &format!("${{{name}}}"));
                put(name, place.to_string());
            }
            *value = Json::from(text);
        }
        _ => {}
    }
}

fn redact_entry(
    server: &str,
    at: &str,
    entry: &mut Json,
    clash: &[String],
    taken: &mut Taken,
    names: &mut Vec<Placeholder>,
) {
    let mut put = |name: String, place: String| {
        names.push(Placeholder {
            name,
            at: format!("{at}/{place}"),
        })
    };
    if let Some(env) = entry.get_mut("env").and_then(Json::as_object_mut) {
        for (k, v) in env.iter_mut() {
            let Some(value) = env_secret(k, v) else {
                continue;
            };
            let name = if clash.contains(k) {
                taken.claim(var_name(&format!("{server}_{k}")), &value)
            } else {
                k.clone()
            };
            *v = Json::from(format!("${{{name}}}"));
            put(name, format!("env/{}", pointer_token(k)));
        }
    }
    if let Some(headers) = entry.get_mut("headers").and_then(Json::as_object_mut) {
        for (k, v) in headers.iter_mut() {
            if let Some(value) = v.as_str().filter(|s| !s.is_empty() && !is_reference(s)) {
                let name = taken.claim(var_name(&format!("{server}_{k}")), value);
                *v = Json::from(format!("${{{name}}}"));
                put(name, format!("headers/{}", pointer_token(k)));
            }
        }
    }
    // a value named a secret under any other key (`"auth": {"password":
    // ...}` another client's entry carries), at any depth
    if let Some(o) = entry.as_object_mut() {
        for (k, v) in o.iter_mut() {
            if !matches!(k.as_str(), "env" | "headers" | "args" | "command") {
                redact_named(server, &pointer_token(k), k, v, taken, &mut put);
            }
        }
    }
    let args: Option<Vec<String>> = entry.get("args").and_then(|a| {
        a.as_array()?
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect()
    });
    let Some(mut args) = args else { return };
    let found = crate::secrets::in_args(&args);
    if found.is_empty() {
        return;
    }
    // right to left within an arg, so earlier ranges stay valid
    for s in found.iter().rev() {
        // a label in words ("the URL's password") names a variable without
        // its article and possessive: A_URL_PASSWORD
        let label = s.label.trim_start_matches("the ").replace("'s ", " ");
        let value = args[s.arg]
            .get(s.range.clone())
            .unwrap_or_default()
            .to_string();
        let name = taken.claim(var_name(&format!("{server}_{label}")), &value);
        args[s.arg].replace_range(s.range.clone(), &format!("${{{name}}}"));
        put(name, format!("args/{}", s.arg));
    }
    if let Some(o) = entry.as_object_mut() {
        o.insert("args".into(), Json::from(args));
    }
}

/// `text` as an environment variable name: upper case, `_` for anything
/// else, runs folded, no leading digit.
pub fn var_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    match out.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("_{out}"),
        None => "SECRET".into(),
        _ => out,
    }
}

/// Why a document cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing but white space: an empty file, nothing on stdin.
    Empty,
    /// What is wrong (the config parser's words, with line and column),
    /// and the place the text breaks.
    NotJson(String, Option<Box<Spot>>),
    /// JSON, but not an object with `mcpctlExport` (`Some`: what it is
    /// instead of an object, `an array`).
    NotAnExport(Option<&'static str>),
    /// JSON with an export's version whose parts are not what the format
    /// says: what is wrong, and where.
    BadShape(String, Option<Box<Spot>>),
    Newer(u64),
}

impl ReadError {
    pub fn message(&self, from: &str) -> String {
        match self {
            ReadError::Empty => format!("{from} is empty: nothing to import"),
            ReadError::NotJson(e, _) => format!("{from} is not JSON: {e}"),
            ReadError::NotAnExport(None) => format!(
                "{from} is not an mcpctl export (it has no \"mcpctlExport\" version number)"
            ),
            ReadError::NotAnExport(Some(kind)) => format!(
                "{from} is not an mcpctl export: it is {kind}, not an object with an \
\"mcpctlExport\" version number"
            ),
            ReadError::BadShape(e, _) => {
                format!("{from} is JSON but not a well-formed mcpctl export: {e}")
            }
            ReadError::Newer(v) => format!(
                "{from} is an mcpctl export of format {v}; this mcpctl reads format {VERSION}"
            ),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Empty => {
                "an export is the document mcpctl export -o FILE writes where the servers are: \
pass that file (or pipe it in, and pass -)"
            }
            ReadError::NotJson(..) | ReadError::NotAnExport(_) | ReadError::BadShape(..) => {
                "make one with mcpctl export -o FILE where the servers are; to add a \
README's snippet, use `mcpctl add-json`"
            }
            ReadError::Newer(_) => "upgrade mcpctl (cargo install --locked claude-mcpctl)",
        }
    }

    /// Where the document breaks, when that is one place.
    pub fn spot(&self) -> Option<Box<Spot>> {
        match self {
            ReadError::NotJson(_, spot) | ReadError::BadShape(_, spot) => spot.clone(),
            _ => None,
        }
    }
}

/// Read an export document; `from` names it in a broken text's place.
pub fn read(text: &str, from: &str) -> Result<Export, ReadError> {
    let text = text.trim_start_matches('\u{FEFF}');
    if crate::config::source::is_blank(text) {
        return Err(ReadError::Empty);
    }
    let source = Source::from_text(from, text);
    let doc = syntax::parse(&source);
    // the place of a message, as `validate` shows it: its line, env and
    // header values masked
    let at_labelled = |span: Span, what: String, label: Option<&str>| {
        let secrets = secret_spans(doc.root.as_ref(), &doc.extra_values, text);
        let spot = source.spot(span, &secrets, label);
        let what = format!("{what} (line {}, column {})", spot.line, spot.column);
        (what, Some(Box::new(spot)))
    };
    let at = |span: Span, what: String| at_labelled(span, what, None);
    if let Some(d) = doc.first_error() {
        let label = d.fix.as_ref().map(|f| f.description.as_str());
        let (what, spot) = match d.span {
            Some(span) => at_labelled(span, d.message.clone(), label),
            None => (d.message.clone(), None),
        };
        return Err(ReadError::NotJson(what, spot));
    }
    // the strict parser's verdict (the tree is the config parser's; the
    // export is read from the text below). Into a `Value`, not ignored:
    // serde_json checks a skipped string's escapes less (a lone surrogate)
    serde_json::from_str::<Json>(text).map_err(|e| {
        // what the config parser takes and a strict one does not: serde's
        // words, at serde's place
        let place = format!(" at line {} column {}", e.line(), e.column());
        let why = e.to_string().trim_end_matches(&place).to_string();
        let offset = source.line_start(e.line().max(1)) + e.column().saturating_sub(1);
        let (what, spot) = at(Span::at(offset.min(text.len())), why);
        ReadError::NotJson(what, spot)
    })?;
    let Some(root) = doc.root.as_ref() else {
        return Err(ReadError::NotAnExport(None));
    };
    if root.as_object().is_none() {
        return Err(ReadError::NotAnExport(Some(value_kind(root))));
    }
    match root.get("mcpctlExport") {
        None => return Err(ReadError::NotAnExport(None)),
        Some(v) => match v.to_json().as_u64() {
            Some(n) if n > VERSION => return Err(ReadError::Newer(n)),
            Some(n) if n >= 1 => {}
            // `"1"`, `1.0`, `0`: the key is there, its value is no version
            _ => {
                let what = format!(
                    "\"mcpctlExport\" is {}, not a format version (a whole number from 1 to \
{VERSION})",
                    value_kind(v)
                );
                let (what, spot) = at(v.span, what);
                return Err(ReadError::BadShape(what, spot));
            }
        },
    }
    if let Some((what, span)) = shape_error(root).or_else(|| stray_placeholder(root)) {
        let (what, spot) = at(span, what);
        return Err(ReadError::BadShape(what, spot));
    }
    // from the text, never through a `Value`: serde_json reads a number
    // held in one back as an integer where it can, and `-0` became `0`
    serde_json::from_str(text).map_err(|e| ReadError::BadShape(e.to_string(), None))
}

/// The first placeholder whose place holds no string of the export (its
/// server renamed or removed by hand): filling it would do nothing, and the
/// value it stands for would be imported as its `${NAME}`. In words, and
/// where its `"at"` is.
fn stray_placeholder(root: &Node) -> Option<(String, Span)> {
    let list = root.get("placeholders")?.as_array()?;
    list.iter().enumerate().find_map(|(i, item)| {
        let at = item.get("at")?;
        let Json::String(pointer) = at.to_json() else {
            return None;
        };
        if root
            .pointer(&pointer)
            .is_some_and(|(n, _)| matches!(n.value, crate::config::ast::Value::String(_)))
        {
            return None;
        }
        let what = format!(
            "\"placeholders\"[{i}].at is {}, which is no string of the export (its server \
renamed or removed by hand?)",
            Json::String(pointer)
        );
        Some((what, at.span))
    })
}

/// `node`'s JSON type, with its article (`a number`, `null`).
fn value_kind(node: &Node) -> &'static str {
    crate::text::json_kind(&node.to_json())
}

/// The first part of an export (a JSON object) that is not what the
/// format says, in words, and its place: `"mcpServers"` an object, `"placeholders"`
/// a list of `{"name", "at"}`, `"extensions"` a list of `{"id", "name",
/// "enabled", "version", "source"}`, `"redacted"` true or false.
fn shape_error(root: &Node) -> Option<(String, Span)> {
    use crate::config::ast::Value as V;
    let is_text = |n: &Node| matches!(n.value, V::String(_));
    let is_text_or_null = |n: &Node| matches!(n.value, V::String(_) | V::Null);
    let is_bool = |n: &Node| matches!(n.value, V::Bool(_));
    let is_object = |n: &Node| matches!(n.value, V::Object(_));
    let wrong = |n: &Node, path: &str, what: &str| {
        Some((format!("{path} is {}, not {what}", value_kind(n)), n.span))
    };
    // each item of a list of objects: its keys, each with its test, its
    // words, and whether it must be there
    type Field<'a> = (&'a str, &'a dyn Fn(&Node) -> bool, &'a str, bool);
    let items = |list: &Node, key: &str, fields: &[Field]| -> Option<(String, Span)> {
        let Some(items) = list.as_array() else {
            return wrong(list, &format!("\"{key}\""), "a list");
        };
        for (i, item) in items.iter().enumerate() {
            let path = format!("\"{key}\"[{i}]");
            if !is_object(item) {
                return wrong(item, &path, "an object");
            }
            for (field, ok, what, required) in fields {
                match item.get(field) {
                    None if *required => {
                        return Some((format!("{path} has no \"{field}\""), item.span));
                    }
                    Some(v) if !ok(v) => return wrong(v, &format!("{path}.{field}"), what),
                    _ => {}
                }
            }
        }
        None
    };
    for m in root.as_object()? {
        let v = &m.value;
        let key = format!("\"{}\"", m.key);
        let found = match m.key.as_str() {
            "_about" if !is_text(v) => wrong(v, &key, "a string"),
            "redacted" if !is_bool(v) => wrong(v, &key, "true or false"),
            SERVERS_KEY | "disabled" if !is_object(v) => {
                wrong(v, &key, "an object of servers by name")
            }
            "placeholders" => items(
                v,
                "placeholders",
                &[
                    ("name", &is_text, "a string", true),
                    ("at", &is_text, "a string", true),
                ],
            ),
            "extensions" => items(
                v,
                "extensions",
                &[
                    ("id", &is_text, "a string", true),
                    ("name", &is_text, "a string", true),
                    ("enabled", &is_bool, "true or false", true),
                    ("version", &is_text_or_null, "a string or null", false),
                    ("source", &is_text_or_null, "a string or null", false),
                ],
            ),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn export(servers: Json) -> Export {
        Export {
            version: VERSION,
            about: String::new(),
            redacted: false,
            placeholders: Vec::new(),
            servers: servers.as_object().unwrap().clone(),
            disabled: Map::new(),
            extensions: Vec::new(),
        }
    }

    /// Redact `servers`, then fill every placeholder from the values it
    /// replaced: the result must be the servers as they were. A name
    /// standing for two values gives one server the other's secret.
    fn round_trip(servers: Json) -> Export {
        let mut e = export(servers.clone());
        e.redact();
        let mut by_name: Vec<(String, String)> = Vec::new();
        for p in &e.placeholders {
            let rest = p.at.strip_prefix("/mcpServers").unwrap();
            let was = servers.pointer(rest).unwrap();
            let now = Json::Object(e.servers.clone());
            let now = now.pointer(rest).unwrap().as_str().unwrap().to_string();
            let was = match was {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            // what the placeholder stands for: the text it replaced
            let token = format!("${{{}}}", p.name);
            let at = now.find(&token).unwrap();
            let value = was[at..was.len() - (now.len() - at - token.len())].to_string();
            match by_name.iter().find(|(n, _)| *n == p.name) {
                Some((_, v)) => assert_eq!(*v, value, "{} stands for two values", p.name),
                None => by_name.push((p.name.clone(), value)),
            }
        }
        let mut filled = e.clone();
        let f = filled.fill(&|n| by_name.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()));
        assert!(f.missing.is_empty(), "{f:?}");
        assert_eq!(Json::Object(filled.servers), servers);
        e
    }

    #[test]
    fn no_placeholder_name_stands_for_two_secrets() {
        // github's TOKEN clashes with slack's and becomes GITHUB_TOKEN, the
        // very key actions holds with another value
        let e = round_trip(json!({
            "github": {"command": "x", "env": {"TOKEN": "ghp_personal_1111111111111111"}},
            "slack": {"command": "x", "env": {"TOKEN": "xoxb-2222222222222222"}},
            "actions": {"command": "x", "env": {"GITHUB_TOKEN": "ghp_ci_bot_3333333333333333"}},
        }));
        assert_eq!(
            e.servers["actions"]["env"]["GITHUB_TOKEN"],
            "${GITHUB_TOKEN}"
        );
        assert_eq!(e.servers["github"]["env"]["TOKEN"], "${GITHUB_TOKEN_2}");
        // two secrets of one server under one label
        round_trip(json!({
            "s": {"command": "x", "args": ["--api-key=hunter2hunter2", "https://h.example/sse?api_key=k123456789"]},
        }));
        // a derived name meeting another server's key
        round_trip(json!({
            "gh": {"command": "x", "env": {"API_KEY": "x1x1x1x1"}},
            "ex": {"command": "x", "env": {"API_KEY": "y2y2y2y2", "GH_API_KEY": "z3z3z3z3"}},
        }));
        // one value under two names is fine, and one name for one value
        // stays one name
        let e = round_trip(json!({
            "a": {"command": "x", "env": {"K": "same-value"}},
            "b": {"command": "x", "env": {"K": "same-value"}},
        }));
        assert_eq!(e.placeholder_names(), ["K"]);
    }

    #[test]
    fn redact_puts_placeholders_for_env_values_and_secret_args() {
        let mut e = export(json!({
            "gh": {"command": "x", "args": ["--token", "ghp_abcdefghijklmnop0123"], "env": {"API_KEY": "k1", "EMPTY": ""}},
            "other": {"command": "y", "env": {"API_KEY": "k2", "MODE": "fast"}},
            "web": {"url": "https://h/mcp", "headers": {"Authorization": "Bearer x"}},
        }));
        e.redact();
        assert_eq!(
            e.servers["gh"]["env"],
            json!({"API_KEY": "${GH_API_KEY}", "EMPTY": ""})
        );
        assert_eq!(e.servers["gh"]["args"], json!(["--token", "${GH_TOKEN}"]));
        assert_eq!(
            e.servers["other"]["env"],
            json!({"API_KEY": "${OTHER_API_KEY}", "MODE": "${MODE}"})
        );
        assert_eq!(
            e.servers["web"]["headers"]["Authorization"],
            "${WEB_AUTHORIZATION}"
        );
        assert_eq!(
            e.placeholder_names(),
            [
                "GH_API_KEY",
                "GH_TOKEN",
                "OTHER_API_KEY",
                "MODE",
                "WEB_AUTHORIZATION"
            ]
        );
        assert_eq!(e.placeholders[1].at, "/mcpServers/gh/args/1");
        // fill: known names filled, unknown reported and left
        let filled = e.fill(&|n| (n != "MODE").then(|| format!("v-{n}")));
        assert_eq!(filled.missing, ["MODE"]);
        assert_eq!(e.servers["gh"]["args"][1], "v-GH_TOKEN");
        assert_eq!(e.servers["other"]["env"]["MODE"], "${MODE}");
    }

    /// A value named a secret under another client's key (`auth`, a
    /// top-level `apiKey`) is redacted too; a plain name is kept.
    #[test]
    fn redact_takes_values_named_secrets_under_any_key() {
        let mut e = export(json!({
            "r": {"url": "https://h/mcp", "auth": {"username": "ann", "password": "Tr0ub4dor-3"}},
            "t": {"command": "x", "apiKey": 12345678, "cwd": "/srv"},
        }));
        e.redact();
        assert_eq!(
            e.servers["r"]["auth"],
            json!({"username": "ann", "password": "${R_PASSWORD}"})
        );
        assert_eq!(e.servers["t"]["apiKey"], "${T_APIKEY}");
        assert_eq!(e.servers["t"]["cwd"], "/srv");
        assert_eq!(e.placeholders[0].at, "/mcpServers/r/auth/password");
        // a URL's password under any name; a plain setting kept
        let mut e = export(json!({
            "db": {"command": "x", "connectionString": "postgres://ann:dbpass999@localhost/db",
                   "auth": "github"},
        }));
        e.redact();
        let shown = e.servers["db"]["connectionString"]
            .as_str()
            .unwrap_or_default();
        assert!(!shown.contains("dbpass999"), "{shown}");
        assert_eq!(e.servers["db"]["auth"], "github");
    }

    /// A URL names its secrets (`?api_key=`, a password): redacted however
    /// short, as `list` masks them.
    #[test]
    fn redact_takes_short_url_secrets_too() {
        let mut e = export(json!({
            "s": {"command": "x", "args": ["https://h/sse?api_key=K1&x=1", "https://u:pw@h/"]},
        }));
        e.redact();
        assert_eq!(
            e.servers["s"]["args"],
            json!([
                "https://h/sse?api_key=${S_API_KEY}&x=1",
                "https://u:${S_URL_PASSWORD}@h/"
            ])
        );
    }

    #[test]
    fn redact_keeps_what_is_no_secret_as_written() {
        let mut e = export(json!({
            "a": {"command": "x", "env": {"HOME_DIR": "${HOME}", "PORT": 8080, "ON": true,
                "ALT": "$TOKEN", "K": "<YOUR_KEY>"},
                "headers": {"Authorization": "${AUTH}"}, "auth": {"password": "${PW}"}},
            // the other server's PORT is no clash: a's is kept, not claimed
            "b": {"command": "y", "env": {"HOME_DIR": "/home/b", "PORT": 9090}},
        }));
        assert!(e.holds_env_values());
        let before = e.servers["a"].clone();
        e.redact();
        assert_eq!(e.servers["a"], before);
        assert_eq!(
            e.servers["b"]["env"],
            json!({"HOME_DIR": "${HOME_DIR}", "PORT": 9090})
        );
        assert_eq!(e.placeholder_names(), ["HOME_DIR"]);
        // nothing in clear but references and a port: nothing to warn of
        assert!(
            !export(json!({"a": {"command": "x", "env": {"H": "${HOME}", "PORT": 1}}}))
                .holds_env_values()
        );
    }

    /// A secret that starts with `$` or sits in `%...%` or `<...>` is no
    /// reference: only names in capitals are kept as written.
    #[test]
    fn redact_takes_a_secret_shaped_like_a_reference() {
        let secrets = [
            "$ecretPass",
            "%Secr3t%",
            "<hunter2>",
            "<correct horse battery>",
            "${ghp_abcdefghijklmnopqrstuvwxyz0123456789}",
        ];
        let env: serde_json::Map<String, Json> = secrets
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("SECRET_{i}"), json!(v)))
            .collect();
        let mut e = export(json!({
            "a": {"command": "x", "env": env, "headers": {"X-Api-Key": "$ecretKey99"}},
        }));
        e.redact();
        let text = serde_json::to_string(&e.servers).unwrap();
        for v in secrets.iter().chain(&["$ecretKey99"]) {
            let shown = serde_json::to_string(v).unwrap();
            assert!(!text.contains(shown.trim_matches('"')), "{v} in {text}");
        }
        // a reference in another client's form is kept
        let mut e = export(json!({"a": {"command": "x", "env": {"T": "${env:GH_TOKEN}"}}}));
        e.redact();
        assert_eq!(e.servers["a"]["env"]["T"], "${env:GH_TOKEN}");
    }

    #[test]
    fn redact_takes_a_number_named_a_secret_and_an_object() {
        let mut e = export(json!({
            "a": {"command": "x", "env": {"API_PIN": 987654321, "OBJ": {"k": "objsecret"}, "N": null}},
            "b": {"command": "y", "env": {"API_PIN": 1234}},
        }));
        assert!(e.holds_env_values());
        e.redact();
        assert_eq!(
            e.servers["a"]["env"],
            json!({"API_PIN": "${A_API_PIN}", "OBJ": "${OBJ}", "N": null})
        );
        assert_eq!(e.servers["b"]["env"]["API_PIN"], "${B_API_PIN}");
        let text = serde_json::to_string(&e.servers).unwrap();
        assert!(!text.contains("987654321") && !text.contains("objsecret"));
    }

    /// Import leaves the disabled entries out, so their placeholders are
    /// not asked for (a missing one refused the whole import).
    #[test]
    fn only_the_servers_placeholders_are_filled_or_asked_for() {
        let mut e = export(json!({"a": {"command": "x", "env": {"S": "v1"}}}));
        e.disabled = json!({"b": {"command": "y", "env": {"H": "v2"}}})
            .as_object()
            .unwrap()
            .clone();
        e.redact();
        assert_eq!(e.placeholder_names(), ["S", "H"]);
        let filled = e.fill(&|n| (n == "S").then(|| "x".to_string()));
        assert_eq!(
            filled,
            Filled {
                filled: vec!["S".into()],
                missing: vec![]
            }
        );
        assert_eq!(e.servers["a"]["env"]["S"], "x");
    }

    #[test]
    fn only_placeholders_the_export_made_are_filled() {
        // mcp-remote's own `${AUTH}` in args is the config's, not a placeholder
        let mut e = export(
            json!({"a/b": {"command": "x", "args": ["Authorization:${AUTH}"], "env": {"AUTH": "Bearer t"}}}),
        );
        e.redact();
        assert_eq!(e.placeholders[0].at, "/mcpServers/a~1b/env/AUTH");
        let filled = e.fill(&|_| Some("Bearer t".into()));
        assert_eq!(filled.filled, ["AUTH"]);
        assert_eq!(e.servers["a/b"]["args"][0], "Authorization:${AUTH}");
        assert_eq!(e.servers["a/b"]["env"]["AUTH"], "Bearer t");
    }

    #[test]
    fn read_checks_the_version() {
        assert_eq!(read("{}", "f"), Err(ReadError::NotAnExport(None)));
        assert_eq!(
            read(r#"{"mcpctlExport": 9}"#, "f"),
            Err(ReadError::Newer(9))
        );
        assert!(matches!(read("nope", "f"), Err(ReadError::NotJson(..))));
        assert_eq!(
            read("[1, 2]", "f"),
            Err(ReadError::NotAnExport(Some("an array")))
        );
        // what the config parser takes and a strict one does not (a lone
        // surrogate escape): the strict parser's words, at its place
        let lone = read(r#"{"mcpctlExport": 1, "x": "\ud800"}"#, "f").unwrap_err();
        assert!(
            matches!(&lone, ReadError::NotJson(m, Some(_)) if m.contains("line 1")),
            "{lone:?}"
        );
        // the key with a value that is no version is not "no version number"
        for v in [r#""1""#, "1.0", "0"] {
            let e = read(&format!(r#"{{"mcpctlExport": {v}}}"#), "f").unwrap_err();
            assert!(
                matches!(&e, ReadError::BadShape(m, Some(_)) if m.contains("not a format version")),
                "{v}: {e:?}"
            );
        }
        // valid JSON in the wrong shape is not called "not JSON"
        let bad = read(r#"{"mcpctlExport": 1, "mcpServers": []}"#, "f").unwrap_err();
        assert!(matches!(bad, ReadError::BadShape(..)), "{bad:?}");
        assert!(
            bad.message("f")
                .starts_with("f is JSON but not a well-formed mcpctl export: ")
        );
        let e = read(
            r#"{"mcpctlExport": 1, "mcpServers": {"a": {"command": "x"}}}"#,
            "f",
        )
        .unwrap();
        assert_eq!(e.servers["a"]["command"], "x");
    }

    #[test]
    fn read_says_what_is_wrong_and_where() {
        for empty in ["", " \n\t", "\u{FEFF}", "\u{FEFF}\r\n"] {
            let e = read(empty, "f").unwrap_err();
            assert_eq!(e, ReadError::Empty, "{empty:?}");
            assert_eq!(e.message("stdin"), "stdin is empty: nothing to import");
            assert!(e.hint().contains("mcpctl export -o FILE"));
        }
        assert_eq!(
            read("[1]", "f").unwrap_err().message("f"),
            "f is not an mcpctl export: it is an array, not an object with an \"mcpctlExport\" \
version number"
        );
        let place = |text: &str| {
            let e = read(text, "f").unwrap_err();
            let s = e.spot().unwrap_or_else(|| panic!("no place: {e:?}"));
            (e.message("f"), s.line, s.column)
        };
        let (m, line, column) = place("{\"mcpctlExport\": 1,\n \"mcpServers\": []}");
        assert_eq!(
            m,
            "f is JSON but not a well-formed mcpctl export: \"mcpServers\" is an array, not an \
object of servers by name (line 2, column 16)"
        );
        assert_eq!((line, column), (2, 16));
        let (m, ..) = place(r#"{"mcpctlExport": 1, "placeholders": [{"name": "A"}]}"#);
        assert!(
            m.ends_with("\"placeholders\"[0] has no \"at\" (line 1, column 38)"),
            "{m}"
        );
        let (m, ..) =
            place(r#"{"mcpctlExport": 1, "extensions": [{"id": "x", "name": "y", "enabled": 1}]}"#);
        assert!(
            m.contains("\"extensions\"[0].enabled is a number, not true or false"),
            "{m}"
        );
        let (m, ..) = place(r#"{"mcpctlExport": 1, "redacted": "no"}"#);
        assert!(
            m.contains("\"redacted\" is a string, not true or false"),
            "{m}"
        );
        // the config parser's words where it breaks, and a strict parser's
        // where only that one refuses
        let (m, line, column) = place("{\"mcpctlExport\": 1,}");
        assert!(m.starts_with("f is not JSON: trailing comma"), "{m}");
        assert_eq!((line, column), (1, 19));
        // a number past a double is read as written, as JSON.parse reads it
        let big = read(
            r#"{"mcpctlExport": 1, "mcpServers": {"a": {"command": "x", "n": 1e400}}}"#,
            "f",
        );
        assert_eq!(big.unwrap().servers["a"]["n"].to_string(), "1e+400");
        // a placeholder whose server was renamed by hand: its value would
        // be imported as its `${NAME}`
        let (m, line, column) = place(
            "{\"mcpctlExport\": 1,\n \"mcpServers\": {\"b\": {\"command\": \"x\", \"env\": {\"T\": \"${T}\"}}},\n \
\"placeholders\": [{\"name\": \"T\", \"at\": \"/mcpServers/a/env/T\"}]}",
        );
        assert_eq!(
            m,
            "f is JSON but not a well-formed mcpctl export: \"placeholders\"[0].at is \
\"/mcpServers/a/env/T\", which is no string of the export (its server renamed or removed by \
hand?) (line 3, column 39)"
        );
        assert_eq!((line, column), (3, 39));
        // what serde would take and the format leaves open stays fine
        let ok = read(
            r#"{"mcpctlExport": 1, "extensions": [{"id": "x", "name": "y", "enabled": true, "version": null}], "unknown": 1}"#,
            "f",
        );
        assert!(ok.is_ok(), "{ok:?}");
    }

    #[test]
    fn var_names() {
        assert_eq!(var_name("my-server_--token"), "MY_SERVER_TOKEN");
        assert_eq!(var_name("1x"), "_1X");
        assert_eq!(var_name("?api_key="), "API_KEY");
        let mut e = export(
            json!({"a": {"command": "npx", "args": ["mcp-remote", "https://u:pw-0123456789@h/mcp"]}}),
        );
        e.redact();
        assert_eq!(e.placeholder_names(), ["A_URL_PASSWORD"]);
    }
}
