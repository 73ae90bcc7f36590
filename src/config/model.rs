//! The servers a config declares, read off the span-aware tree: what the
//! app would launch for each entry, plus where each part is in the source.
//! Tolerant: a malformed entry still yields what can be read (the schema
//! pass reports what is wrong with it).

use super::ast::{Member, Node, Value};
use super::source::Span;

/// The top-level key that holds the servers.
pub const SERVERS_KEY: &str = "mcpServers";

#[derive(Debug, Clone, PartialEq)]
pub struct ServerEntry {
    pub name: String,
    /// The name's key span (with quotes).
    pub name_span: Span,
    /// The whole member: `"name": { ... }`.
    pub span: Span,
    pub command: Option<String>,
    pub args: Vec<String>,
    /// String-valued env entries in source order (non-strings are skipped;
    /// the schema pass reports them). Last duplicate wins, like the app.
    pub env: Vec<(String, String)>,
    /// The entry's value node, for passes that need more than the above.
    pub node: Node,
}

impl ServerEntry {
    fn from_member(m: &Member) -> ServerEntry {
        let node = &m.value;
        let command = node
            .get("command")
            .and_then(Node::as_str)
            .map(str::to_string);
        let args = node
            .get("args")
            .and_then(Node::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut env: Vec<(String, String)> = Vec::new();
        if let Some(Value::Object(members)) = node.get("env").map(|n| &n.value) {
            for em in members {
                if let Some(v) = em.value.as_str() {
                    env.retain(|(k, _)| k != &em.key);
                    env.push((em.key.clone(), v.to_string()));
                }
            }
        }
        ServerEntry {
            name: m.key.clone(),
            name_span: m.key_span,
            span: m.span(),
            command,
            args,
            env,
            node: node.clone(),
        }
    }
}

impl ServerEntry {
    /// Env keys whose value is not a string (a number, a boolean...), with
    /// the value's JSON type: the schema rejects them, and `env` above
    /// leaves them out, so listings name them here.
    pub fn env_not_strings(&self) -> Vec<(String, &'static str)> {
        self.node
            .get("env")
            .and_then(Node::as_object)
            .map(|members| {
                members
                    .iter()
                    .filter(|m| m.value.as_str().is_none())
                    .map(|m| (m.key.clone(), m.value.type_name()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Every entry under `mcpServers`, in source order. Duplicate names are all
/// returned (lint reports them; the app keeps the last).
pub fn servers(root: &Node) -> Vec<ServerEntry> {
    match root.get(SERVERS_KEY).and_then(Node::as_object) {
        Some(members) => members.iter().map(ServerEntry::from_member).collect(),
        None => Vec::new(),
    }
}

/// The servers the app actually runs: one per name, at the position of its
/// first definition with the value of its last (JSON.parse semantics). The
/// one rule for duplicate names: `test-launch`, `doctor` and the machine
/// survey all go through it.
pub fn effective(all: &[ServerEntry]) -> Vec<ServerEntry> {
    let mut out: Vec<ServerEntry> = Vec::new();
    for e in all {
        match out.iter_mut().find(|o| o.name == e.name) {
            Some(existing) => *existing = e.clone(),
            None => out.push(e.clone()),
        }
    }
    out
}

/// Objects whose string values are secrets for display purposes.
const SECRET_OBJECTS: &[&str] = &["env", "headers"];

/// What display code must mask, in source order: the spans of every string
/// value inside an `env` or `headers` object, and of every secret inside an
/// `args` array (`crate::secrets`: `--token X`, `Bearer X`, `?api_key=X`).
/// Each span has one byte of context on either side that stays visible
/// (the quotes of a whole string; for a secret inside an argument, the
/// `=`, space or quote around it). Works on the tolerant tree, so broken
/// files are covered too.
pub fn secret_spans(root: &Node) -> Vec<Span> {
    let mut spans = Vec::new();
    collect_secrets(root, false, &mut spans);
    spans.sort_by_key(|s| s.start);
    spans
}

/// The secrets of an `args` array as spans (see [`secret_spans`]). When a
/// string's source holds escapes, offsets inside it are not its value's:
/// the whole string is masked instead.
fn arg_secrets(items: &[Node], spans: &mut Vec<Span>) {
    let words: Vec<&str> = items.iter().map(|n| n.as_str().unwrap_or("")).collect();
    for s in crate::secrets::in_args(&words) {
        let node = &items[s.arg];
        let raw_len = node.span.end - node.span.start;
        if raw_len == words[s.arg].len() + 2 {
            let start = node.span.start + 1 + s.range.start;
            let end = node.span.start + 1 + s.range.end;
            spans.push(Span::new(start - 1, end + 1));
        } else {
            spans.push(node.span);
        }
    }
}

fn collect_secrets(node: &Node, in_secret: bool, spans: &mut Vec<Span>) {
    match &node.value {
        Value::String(_) if in_secret => spans.push(node.span),
        Value::Object(members) => {
            for m in members {
                if !in_secret
                    && m.key == "args"
                    && let Some(items) = m.value.as_array()
                {
                    arg_secrets(items, spans);
                    continue;
                }
                let secret = SECRET_OBJECTS.contains(&m.key.as_str())
                    && matches!(m.value.value, Value::Object(_));
                collect_secrets(&m.value, in_secret || secret, spans);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_secrets(item, in_secret, spans);
            }
        }
        _ => {}
    }
}

/// Mask a secret for display: never reveals more than the length class.
pub fn mask(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        "****".to_string()
    }
}
