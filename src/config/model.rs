//! The servers a config declares, read off the span-aware tree: what the
//! app would launch for each entry, plus where each part is in the source.
//! Tolerant: a malformed entry still yields what can be read (the schema
//! pass reports what is wrong with it).

use super::ast::{Member, Node, Value};
use super::diag::Diagnostic;
use super::source::{Source, Span};
use super::syntax::Document;
use crate::error::Spot;

/// The top-level key that holds the servers.
pub const SERVERS_KEY: &str = "mcpServers";

/// Whether `root` has the shape of Claude Desktop's preferences-only stub
/// (the file the app sometimes writes in place of the config): an object
/// whose `mcpServers` is missing or null. `"mcpServers": {}` is no stub:
/// it is what removing the last server leaves.
pub fn is_stub(root: &Node) -> bool {
    root.as_object().is_some()
        && root
            .get(SERVERS_KEY)
            .is_none_or(|s| matches!(s.value, Value::Null))
}

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
    pub(super) fn from_member(m: &Member) -> ServerEntry {
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
    kept(all).into_iter().map(|i| all[i].clone()).collect()
}

/// [`effective`] of entries the caller owns: moved, not copied.
pub fn into_effective(all: Vec<ServerEntry>) -> Vec<ServerEntry> {
    let pick = kept(&all);
    if pick.len() == all.len() {
        // no name defined twice: every entry, in order
        return all;
    }
    let mut slots: Vec<Option<ServerEntry>> = all.into_iter().map(Some).collect();
    pick.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Where in `all` each entry [`effective`] keeps is: one per name, in the
/// order of first definitions, each the name's last definition.
fn kept(all: &[ServerEntry]) -> Vec<usize> {
    let mut pick: Vec<usize> = Vec::with_capacity(all.len());
    let mut at: crate::text::FastMap<&str, usize> = crate::text::FastMap::default();
    for (i, e) in all.iter().enumerate() {
        match at.get(e.name.as_str()) {
            Some(&k) => pick[k] = i,
            None => {
                at.insert(&e.name, pick.len());
                pick.push(i);
            }
        }
    }
    pick
}

/// Which entry a diagnostic at `span` is about: the index in `entries`
/// (every definition under `mcpServers`, in source order, as [`servers`]
/// returns them) of the definition `span` lies wholly inside, or None when
/// it lies inside none (a file-level problem, or one straddling an
/// entry's edge). Every definition of a duplicate name owns what lies
/// inside it, so the name `entries[i].name` is the one [`effective`] keeps.
/// The one rule doctor's grouping, `server` in a diagnostic's JSON and
/// validate's JUnit cases share.
pub fn owner(entries: &[ServerEntry], span: Span) -> Option<usize> {
    // entries never overlap: the one that starts last at or before the
    // span is the only candidate
    let k = entries.partition_point(|e| e.span.start <= span.start);
    let i = k.checked_sub(1)?;
    (span.end <= entries[i].span.end).then_some(i)
}

/// Objects whose values are secrets for display purposes.
const SECRET_OBJECTS: &[&str] = &["env", "headers"];

/// One secret value in the file: where its text is (inside the quotes of
/// a string; the whole of any other value: an unquoted word, a number)
/// and its name (the env key or header it is the value of; `None` in an
/// `env` array).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretValue {
    pub span: Span,
    pub key: Option<String>,
    /// Found in `args` by its shape (`--token X`): `key` is how it was
    /// recognised (`--token`), not a name it is the value of.
    pub in_args: bool,
}

/// Every value inside an `env` or `headers` object or array, at any depth,
/// in every top-level value (a second pasted object too): a string, an
/// unquoted word, a number JSON rejects (`0123`), the strings of an array
/// or object given as a value. Valid numbers, `true`, `false` and `null`
/// are not secrets (a port, a flag) and stay visible. Works on the tolerant tree, so broken files
/// are covered too. Sorted by position.
pub fn secret_values(root: Option<&Node>, extra: &[Node], text: &str) -> Vec<SecretValue> {
    secret_parts(root, extra, text).0
}

/// [`secret_values`], and the secrets found in `args` with their decoded
/// values (one walk of the tree serves both).
fn secret_parts(
    root: Option<&Node>,
    extra: &[Node],
    text: &str,
) -> (Vec<SecretValue>, Vec<ArgSecret>) {
    let mut out = Vec::new();
    let mut args = Vec::new();
    for node in root.into_iter().chain(extra) {
        collect_secrets(node, None, false, text, &mut out);
        arg_secrets(node, text, &mut args);
    }
    out.extend(args.iter().map(|a| SecretValue {
        span: a.span,
        key: Some(a.label.clone()),
        in_args: true,
    }));
    out.sort_by_key(|s| s.span.start);
    out.dedup_by_key(|s| s.span);
    (out, args)
}

/// The spans of [`secret_values`]: what display code must mask.
pub fn secret_spans(root: Option<&Node>, extra: &[Node], text: &str) -> Vec<Span> {
    secret_values(root, extra, text)
        .into_iter()
        .map(|s| s.span)
        .collect()
}

/// Where the app's strict JSON parser rejects a file: then it starts none
/// of the file's servers.
#[derive(Debug, Clone)]
pub struct AppParseError {
    /// `line L:C: why` (or why alone, for an error with no place).
    pub why: String,
    /// The place, for a caret (env and header values masked).
    pub spot: Option<Spot>,
}

/// The app's verdict on `source` (parsed as `doc`): `None` when its strict
/// parser accepts it.
pub fn app_parse_error(source: &Source, doc: &Document) -> Option<AppParseError> {
    if doc.is_strict_json() {
        return None;
    }
    let Some(first) = doc.first_error() else {
        return Some(AppParseError {
            why: "it holds no JSON value".to_string(),
            spot: None,
        });
    };
    let why = match first.span {
        Some(span) => {
            let at = source.line_col(span.start);
            format!("line {}:{}: {}", at.line, at.column, first.message)
        }
        None => first.message.clone(),
    };
    Some(AppParseError {
        why,
        spot: spot_of(source, doc, first),
    })
}

/// Where a strict parser stops in `source` (parsed as `doc`): the spot
/// of its first syntax error, if it has a place.
pub fn first_error_spot(source: &Source, doc: &Document) -> Option<Spot> {
    spot_of(source, doc, doc.first_error()?)
}

/// Where diagnostic `d` of `doc` (the parse of `source`) is, as an error's
/// [`Spot`]: its line with the env and header values masked, as
/// `validate` shows it, and the fix's description after the caret. None
/// for a diagnostic with no place.
pub fn spot_of(source: &Source, doc: &Document, d: &Diagnostic) -> Option<Spot> {
    let secrets = secret_spans(doc.root.as_ref(), &doc.extra_values, &source.text);
    let fix = d.fix.as_ref().map(|f| f.description.as_str());
    Some(source.spot(d.span?, &secrets, fix))
}

/// The secrets written in a file: each value as written and as decoded,
/// named by its key. What the output layer masks is this and what the
/// file's remote entries send ([`super::secrets::of`]).
pub(super) fn secrets(root: Option<&Node>, extra: &[Node], text: &str) -> crate::secrets::Secrets {
    let mut set = crate::secrets::Secrets::none();
    // what a server or the app prints may carry a token nothing names
    set.add_pattern(crate::secrets::in_free_text);
    for node in root.into_iter().chain(extra) {
        add_decoded(node, None, false, &mut set);
    }
    let (values, args) = secret_parts(root, extra, text);
    for a in &args {
        set.add(Some(&a.label), &a.value);
    }
    for v in values {
        if let Some(raw) = text.get(v.span.start..v.span.end) {
            set.add(v.key.as_deref(), raw);
        }
    }
    // an old token commented out (`// "API_KEY": "sk-..."`): the parse has
    // no node for it, yet a snippet, or `doctor --fix`'s diff removing the
    // comment, would show it
    for (key, value) in commented_pairs(text) {
        if crate::secrets::names_a_secret(key) || crate::secrets::looks_random(value) {
            set.add(Some(key), value);
        }
    }
    // a URL's credentials as the probe's client sends them (Basic), which a
    // server may echo
    for node in root.into_iter().chain(extra) {
        let Some(members) = node.get(SERVERS_KEY).and_then(Node::as_object) else {
            continue;
        };
        for m in members {
            let args = m.value.get("args").and_then(Node::as_array).unwrap_or(&[]);
            let words = ["url", "serverUrl"]
                .iter()
                .filter_map(|k| m.value.get(k))
                .chain(args)
                .filter_map(Node::as_str);
            for basic in words.filter_map(crate::urls::basic_credentials) {
                set.add(Some("authorization"), &basic);
            }
        }
    }
    // a plain value that is also a server's name (`"NAME": "tools"`) would
    // hide that name in every message quoting it
    for node in root.into_iter().chain(extra) {
        for s in servers(node) {
            set.keep_quoted_visible(&s.name);
        }
    }
    set
}

/// The `"KEY": "VALUE"` pairs written inside comments (`//`, `#` and
/// `/* */`, outside strings), as written.
fn commented_pairs(text: &str) -> Vec<(&str, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < b.len() {
        if in_string {
            match b[i] {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        let end = match (b[i], b.get(i + 1)) {
            (b'"', _) => {
                in_string = true;
                i += 1;
                continue;
            }
            (b'/', Some(b'*')) => text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e),
            (b'/', Some(b'/')) | (b'#', _) => text[i..].find('\n').map_or(b.len(), |e| i + e),
            _ => {
                i += 1;
                continue;
            }
        };
        pairs_in(&text[i..end], &mut out);
        i = end.max(i + 1);
    }
    out
}

/// `"KEY": "VALUE"` pairs in a comment's text (quotes without escapes).
fn pairs_in<'a>(comment: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    let strings: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut open = None;
        for (i, c) in comment.char_indices() {
            if c == '"' {
                match open.take() {
                    None => open = Some(i + 1),
                    Some(s) => v.push((s, i)),
                }
            }
        }
        v
    };
    for w in strings.windows(2) {
        let ((ks, ke), (vs, ve)) = (w[0], w[1]);
        if comment[ke + 1..vs - 1].trim() == ":" {
            out.push((&comment[ks..ke], &comment[vs..ve]));
        }
    }
}

/// Keys that hold a remote server's URL, in the order they are read
/// (`remote`).
pub const URL_KEYS: &[&str] = &["url", "serverUrl", "httpUrl"];

/// A secret inside an `args` array, outside `env`/`headers`
/// (`crate::secrets::in_args`: `--token X`, `Bearer X`, `?api_key=X`).
struct ArgSecret {
    /// How it was recognised (`--token`, `?api_key=`): the name it goes by.
    label: String,
    value: String,
    /// Its text in the file: inside the string; the whole string's
    /// content when the source holds escapes (offsets inside it are not
    /// its value's then).
    span: Span,
}

fn arg_secrets(node: &Node, text: &str, out: &mut Vec<ArgSecret>) {
    match &node.value {
        Value::Object(members) => {
            for m in members {
                if m.key == "args"
                    && let Some(items) = m.value.as_array()
                {
                    in_args(items, text, out);
                } else if m.key == "command" && m.value.as_str().is_some() {
                    // a whole command line written in `command` (`"npx pkg
                    // --token X"`, `"TOKEN=X npx pkg"`): validate quotes it
                    in_command(&m.value, text, out);
                } else if URL_KEYS.contains(&m.key.as_str()) && m.value.as_str().is_some() {
                    // a remote entry's URL: its password, its ?token=
                    in_args(std::slice::from_ref(&m.value), text, out);
                } else if !SECRET_OBJECTS.contains(&m.key.as_str()) {
                    arg_secrets(&m.value, text, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| arg_secrets(i, text, out)),
        _ => {}
    }
}

fn in_args(items: &[Node], text: &str, out: &mut Vec<ArgSecret>) {
    let words: Vec<&str> = items.iter().map(|n| n.as_str().unwrap_or("")).collect();
    for s in crate::secrets::in_args(&words) {
        push_arg_secret(&items[s.arg], words[s.arg], s, text, out);
    }
}

/// The secrets of a `command` string ([`crate::secrets::in_command`]).
fn in_command(node: &Node, text: &str, out: &mut Vec<ArgSecret>) {
    let word = node.as_str().unwrap_or("");
    for s in crate::secrets::in_command(word) {
        push_arg_secret(node, word, s, text, out);
    }
}

/// Secret `s`, found in `word` (the string `node` holds), with its place
/// in the file: inside the string, or the whole string's content when the
/// source holds escapes.
fn push_arg_secret(
    node: &Node,
    word: &str,
    s: crate::secrets::ArgSecret,
    text: &str,
    out: &mut Vec<ArgSecret>,
) {
    let span = if node.span.end - node.span.start == word.len() + 2 {
        Some(Span::new(
            node.span.start + 1 + s.range.start,
            node.span.start + 1 + s.range.end,
        ))
    } else {
        content_span(node.span, text)
    };
    if let (Some(span), Some(value)) = (span, word.get(s.range.clone())) {
        out.push(ArgSecret {
            label: s.label,
            value: value.to_string(),
            span,
        });
    }
}

fn add_decoded(node: &Node, key: Option<&str>, inside: bool, set: &mut crate::secrets::Secrets) {
    walk_secrets(node, key, inside, &mut |n, key| match &n.value {
        Value::String(s) | Value::Number(s) => set.add(key, s),
        _ => {}
    });
}

fn is_secret_holder(m: &Member) -> bool {
    SECRET_OBJECTS.contains(&m.key.as_str())
        && matches!(m.value.value, Value::Object(_) | Value::Array(_))
}

/// Call `f` on every scalar inside an `env`/`headers` object or array,
/// with the key it is the value of (none in an `env` array), and on every
/// scalar elsewhere whose key names a secret (`password`, `apiKey`).
fn walk_secrets(
    node: &Node,
    key: Option<&str>,
    inside: bool,
    f: &mut dyn FnMut(&Node, Option<&str>),
) {
    match &node.value {
        Value::Object(members) => {
            for m in members {
                // a value, or a list of values (`"apiKeys": [...]`)
                let scalar = match &m.value.value {
                    Value::Object(_) => false,
                    Value::Array(items) => items
                        .iter()
                        .all(|i| !matches!(i.value, Value::Object(_) | Value::Array(_))),
                    _ => true,
                };
                if inside || (scalar && crate::secrets::names_a_secret_value(&m.key)) {
                    // in env/headers; or a value named a secret anywhere
                    // (`"auth": {"password": "..."}` a client put in)
                    walk_secrets(&m.value, Some(&m.key), true, f);
                } else {
                    walk_secrets(&m.value, None, is_secret_holder(m), f);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_secrets(item, key, inside, f);
            }
        }
        // a number, `true`, `false`, `null`: shown (a port, a flag), so
        // the hint that says to quote them can show them too; but a number
        // under a name that says it is a secret (`API_PIN: 987654321`) is one
        Value::Bool(_) | Value::Null => {}
        Value::Number(n)
            if super::syntax::is_json_number(n)
                && !(inside && key.is_some_and(crate::secrets::names_a_secret)) => {}
        _ if inside => f(node, key),
        _ => {}
    }
}

fn collect_secrets(
    node: &Node,
    key: Option<&str>,
    inside: bool,
    text: &str,
    out: &mut Vec<SecretValue>,
) {
    walk_secrets(node, key, inside, &mut |n, key| {
        if let Some(span) = content_span(n.span, text) {
            out.push(SecretValue {
                span,
                key: key.map(str::to_string),
                in_args: false,
            });
        }
    });
}

/// The text of a value without its quotes (any quote style the tolerant
/// parser accepts); `None` when no letter or digit is left.
fn content_span(span: Span, text: &str) -> Option<Span> {
    let raw = text.get(span.start..span.end)?;
    let quote = |c: char| {
        matches!(
            c,
            '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}'
        )
    };
    let mut start = span.start;
    let mut end = span.end;
    if let Some(c) = raw.chars().next().filter(|c| quote(*c)) {
        start += c.len_utf8();
        if let Some(last) = raw[c.len_utf8()..]
            .chars()
            .next_back()
            .filter(|c| quote(*c))
        {
            end -= last.len_utf8();
        }
    }
    // nothing but punctuation (what a broken file's tolerant parse may
    // take for a value: `}`, `: `) is no secret (`secrets::Secrets::add`)
    let inner = text.get(start..end)?;
    // a reference holds none either ([`mask`] shows it as written); of
    // `${NAME:-DEFAULT}`, only the default can
    if shown_as_written(inner) {
        return None;
    }
    if let Some(r) = crate::secrets::defaulted_reference(inner) {
        start += r.start;
        end = start + r.len();
    }
    let inner = text.get(start..end)?;
    inner
        .chars()
        .any(char::is_alphanumeric)
        .then(|| Span::new(start, end))
}

/// A `${NAME}` reference (`secrets::is_reference`), which [`mask`] and
/// the masked spans of a quoted line alike show as written.
fn shown_as_written(value: &str) -> bool {
    value.starts_with("${") && crate::secrets::is_reference(value)
}

/// Mask a secret for display: never reveals more than the length class.
/// A `${NAME}` reference (what `export --redact` writes and `import
/// --allow-missing` saves, for the user to fill) holds no secret: it shows
/// as written; of `${NAME:-DEFAULT}` the default is masked.
pub fn mask(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else if shown_as_written(value) {
        value.to_string()
    } else if let Some(r) = crate::secrets::defaulted_reference(value) {
        // `${NAME:-****}`: which variable, never its default
        let hidden = if r.is_empty() { "" } else { "****" };
        format!("{}{hidden}{}", &value[..r.start], &value[r.end..])
    } else {
        "****".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_commented_out_is_still_a_secret() {
        let text = "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\n  \
/* \"PASSWORD\": \"hunter2hunter2\" */\n  // \"GITHUB_TOKEN\": \"old-abcdef123456\"\n  \
# \"NOTE\": \"plain words\"\n  \"X\": \"a // \\\"TOKEN\\\": \\\"not-a-comment\\\"\"}}}}";
        assert_eq!(
            commented_pairs(text),
            [
                ("PASSWORD", "hunter2hunter2"),
                ("GITHUB_TOKEN", "old-abcdef123456"),
                ("NOTE", "plain words")
            ]
        );
        let source = Source::from_text("/c.json", text);
        let doc = crate::config::syntax::parse(&source);
        let set = secrets(doc.root.as_ref(), &doc.extra_values, text);
        let shown = set.mask(text);
        assert!(!shown.contains("hunter2hunter2"), "{shown}");
        assert!(!shown.contains("old-abcdef123456"), "{shown}");
        assert!(shown.contains("plain words"), "{shown}");
    }

    /// The app keeps one entry per name, where it was first written, with
    /// its last value: the same whether the entries are borrowed or moved.
    #[test]
    fn a_name_written_twice_is_kept_once_with_its_last_value() {
        let text = r#"{"mcpServers": {"a": {"command": "one"}, "b": {"command": "b"},
            "a": {"command": "two"}, "c": {"command": "c"}}}"#;
        let doc = crate::config::syntax::parse(&Source::from_text("/c.json", text));
        let all = servers(doc.root.as_ref().unwrap());
        let shown = |v: &[ServerEntry]| -> Vec<(String, Option<String>)> {
            v.iter()
                .map(|e| (e.name.clone(), e.command.clone()))
                .collect()
        };
        let want = [("a", "two"), ("b", "b"), ("c", "c")]
            .map(|(n, c)| (n.to_string(), Some(c.to_string())));
        assert_eq!(shown(&effective(&all)), want);
        assert_eq!(shown(&into_effective(all.clone())), want);
        // no name twice: the same entries, in order
        let once = all[1..].to_vec();
        assert_eq!(shown(&into_effective(once.clone())), shown(&once));
    }

    #[test]
    fn a_span_belongs_to_the_definition_it_lies_inside() {
        let text = r#"{"top": [1],
 "mcpServers": {
  "a": {"command": "x"},
  "b": {"command": "y"},
  "a": {"command": "z"}
 }}"#;
        let doc = crate::config::syntax::parse(&Source::from_text("/c.json", text));
        let all = servers(doc.root.as_ref().unwrap());
        let names: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "a"]);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            owner(&all, Span::new(start, start + needle.len()))
        };
        // inside each definition, duplicates included: both are "a"
        assert_eq!(at("\"x\""), Some(0));
        assert_eq!(at("\"y\""), Some(1));
        assert_eq!(at("\"z\""), Some(2));
        assert_eq!(all[2].name, all[0].name);
        // a whole entry, its key alone, a zero-width point at its end
        assert_eq!(at(r#""b": {"command": "y"}"#), Some(1));
        assert_eq!(at(r#""b""#), Some(1));
        let end_of_b = all[1].span.end;
        assert_eq!(owner(&all, Span::new(end_of_b, end_of_b)), Some(1));
        // outside every entry: before the first, between two, after the last
        assert_eq!(at("\"top\""), None);
        assert_eq!(at("mcpServers"), None);
        assert_eq!(owner(&all, Span::new(end_of_b + 1, end_of_b + 1)), None);
        assert_eq!(owner(&all, Span::new(text.len() - 1, text.len())), None);
        // straddling: from one entry into the next, or from outside into one
        let (a, b) = (all[0].span, all[1].span);
        assert_eq!(owner(&all, Span::new(a.start + 1, b.start + 1)), None);
        assert_eq!(owner(&all, Span::new(a.start - 1, a.end)), None);
        // no entries at all
        assert_eq!(owner(&[], Span::new(0, 1)), None);
    }

    fn verdict(text: &str) -> Option<AppParseError> {
        let source = Source::from_text("/c.json", text);
        let doc = crate::config::syntax::parse(&source);
        app_parse_error(&source, &doc)
    }

    #[test]
    fn the_apps_parse_error_says_where_and_masks_the_line() {
        assert!(verdict("{\"mcpServers\": {}}\n").is_none());
        let e = verdict(
            "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"K\": \"sk-live-0123456789\"}},}}\n",
        )
        .expect("a trailing comma");
        assert!(
            e.why.starts_with("line 1:") && e.why.contains("trailing comma"),
            "{}",
            e.why
        );
        let spot = e.spot.expect("a place");
        assert_eq!((spot.path.as_str(), spot.line), ("/c.json", 1));
        assert_eq!(
            e.why,
            format!(
                "line 1:{}: {}",
                spot.column, "trailing comma after the last entry of an object"
            )
        );
        assert!(
            !spot.secrets.is_empty(),
            "the env value is masked on the line"
        );
        // an error with no place: its message alone, and no caret
        let empty = verdict("").expect("no value");
        assert_eq!(empty.why, "the file is empty");
        assert!(empty.spot.is_none());
    }

    #[test]
    fn a_reference_is_shown_and_of_a_default_only_the_default_is_hidden() {
        let text = r#"{"mcpServers": {"a": {"command": "x", "env": {"API_KEY": "${API_KEY}", "K": "${W:-sk-live-0123456789}", "E": "${E:-}", "V": "${OPENAI_API_KEY_V2}", "P": "plain-value"}}}}"#;
        let doc = crate::config::syntax::parse(&Source::from_text("/c.json", text));
        let hidden: Vec<&str> = secret_spans(doc.root.as_ref(), &doc.extra_values, text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(hidden, ["sk-live-0123456789", "plain-value"]);
        // (a name with digits is no less a name: shown on the quoted line
        // as in the message and in `list`)
        assert_eq!(mask("${OPENAI_API_KEY_V2}"), "${OPENAI_API_KEY_V2}");
        assert_eq!(mask("${API_KEY}"), "${API_KEY}");
        assert_eq!(mask("${W:-sk-live-0123456789}"), "${W:-****}");
        assert_eq!(mask("${E:-}"), "${E:-}");
        assert_eq!(mask("${w:-x}"), "****");
        assert_eq!(mask("plain-value"), "****");
    }
}
