//! Format-preserving edits: from the text as read and its span-aware tree
//! to the new text. Pure, like `toml_edit` under `cargo add`: this module
//! decides *what* text changes; `write` puts the result on disk.
//!
//! Every edit is a small [`TextEdit`] on the original text, so everything
//! not being changed stays byte for byte: unknown keys, key order,
//! indentation, line endings, the final newline (or its absence). New
//! members are rendered in the style detected from the file ([`Layout`]),
//! and never with a trailing comma (the app's parser is strict JSON).
//!
//! Inserting a member and then removing it gives back the original bytes,
//! except that an object emptied by a removal is written `{}`.

use serde_json::Value as Json;

use super::ast::{Member, Node};
use super::diag::TextEdit;
use super::model::SERVERS_KEY;
use super::source::{Span, is_blank};
use super::syntax;

/// One level of indentation, as the file does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indent {
    Spaces(usize),
    Tab,
}

impl Indent {
    pub fn unit(self) -> String {
        match self {
            Indent::Spaces(n) => " ".repeat(n),
            Indent::Tab => "\t".to_string(),
        }
    }
}

/// The formatting conventions of a file, used to render new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub indent: Indent,
    /// `"\n"` or `"\r\n"`.
    pub newline: &'static str,
    /// What sits between a key and its value, e.g. `": "`.
    pub colon: String,
    pub final_newline: bool,
}

impl Default for Layout {
    /// What Claude Desktop itself writes: two spaces, LF, `": "`.
    fn default() -> Layout {
        Layout {
            indent: Indent::Spaces(2),
            newline: "\n",
            colon: ": ".to_string(),
            final_newline: true,
        }
    }
}

/// Why an edit cannot be made. Every variant renders to a message with a
/// hint for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The file has text but no value could be parsed from it.
    NoTree,
    /// A value that must be an object is something else.
    NotAnObject { path: String, found: &'static str },
    /// `add` without `--force` for a name that is already there.
    Exists { name: String },
    /// `remove`/replace of a name that is not there.
    Missing { name: String, existing: Vec<String> },
    /// `rename_key` onto a key that already exists.
    KeyTaken { key: String },
    /// Two text edits touch the same bytes (a caller bug).
    Overlap,
}

impl EditError {
    /// The message, naming `file` (the config's path as shown).
    pub fn message(&self, file: &str) -> String {
        match self {
            EditError::NoTree => format!("{file} has no JSON value to edit"),
            EditError::NotAnObject { path, found } => {
                let what = if path == TOP_LEVEL {
                    format!("the top level of {file}")
                } else {
                    format!("`{path}` in {file}")
                };
                format!("{what} is {}, not an object", with_article(found))
            }
            EditError::Exists { name } => {
                format!("a server named `{name}` already exists in {file}")
            }
            EditError::Missing { name, existing } if existing.is_empty() => {
                format!("no server named `{name}`: {file} declares no servers")
            }
            EditError::Missing { name, existing } => format!(
                "no server named `{name}` in {file}; the servers are: {}",
                existing.join(", ")
            ),
            EditError::KeyTaken { key } => format!("the key `{key}` already exists in {file}"),
            EditError::Overlap => "internal error: overlapping edits".to_string(),
        }
    }

    pub fn hint(&self) -> String {
        match self {
            EditError::NoTree => {
                "run `mcpctl validate` to see what is wrong, or `mcpctl restore` to put a backup back"
                    .to_string()
            }
            EditError::NotAnObject { .. } => {
                "the file's shape is {\"mcpServers\": {NAME: {\"command\": ..., \"args\": [...]}}}; \
                 run `mcpctl validate` for details"
                    .to_string()
            }
            EditError::Exists { .. } => {
                "pass --force to replace it, or choose another name".to_string()
            }
            EditError::Missing { .. } => "names are case-sensitive; see `mcpctl list`".to_string(),
            EditError::KeyTaken { .. } => {
                "merge the two by hand, then run `mcpctl validate`".to_string()
            }
            EditError::Overlap => "please report this as a bug".to_string(),
        }
    }
}

/// `an array`, `a string`, but plain `null`.
fn with_article(word: &str) -> String {
    match word {
        "null" => word.to_string(),
        w if w.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {w}"),
        w => format!("a {w}"),
    }
}

/// The `path` of [`EditError::NotAnObject`] for the file's root value.
const TOP_LEVEL: &str = "(top level)";

// ---------------------------------------------------------------- layout

/// The line ending `text` uses throughout (`\r\n` or `\n`); none for a
/// one-line text or one that mixes them (left as it is).
pub fn line_ending(text: &str) -> Option<&'static str> {
    let lines = text.matches('\n').count();
    let crlf = text.matches("\r\n").count();
    match (lines, crlf) {
        (0, _) => None,
        (n, c) if c == n => Some("\r\n"),
        (_, 0) => Some("\n"),
        _ => None,
    }
}

/// `text` with its line endings made `eol` (text saved from a file with
/// others, put back into this one: a JSON string holds no raw line break,
/// so every one is layout).
pub fn with_line_ending(text: &str, eol: &str) -> String {
    let lf = text.replace("\r\n", "\n");
    if eol == "\n" {
        lf
    } else {
        lf.replace('\n', eol)
    }
}

/// Detect the file's conventions. Indentation comes from the smallest
/// indentation of any line (JSON strings cannot span lines, so every
/// indented line is structural); the colon style from the first member.
pub fn detect_layout(text: &str, root: Option<&Node>) -> Layout {
    let mut layout = Layout::default();
    if is_blank(text) {
        return layout;
    }
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    if crlf > 0 && crlf >= lf {
        layout.newline = "\r\n";
    }
    layout.final_newline = text.ends_with('\n');
    if let Some(indent) = detect_indent(text) {
        layout.indent = indent;
    }
    if let Some(colon) = root.and_then(|r| first_colon(text, r)) {
        layout.colon = colon;
    }
    layout
}

fn detect_indent(text: &str) -> Option<Indent> {
    let (mut tabs, mut min_spaces) = (0usize, None::<usize>);
    let mut space_lines = 0usize;
    for line in text.lines() {
        let ws: &str = &line[..line.len() - line.trim_start().len()];
        if ws.len() == line.len() {
            continue; // blank line
        }
        if ws.starts_with('\t') {
            tabs += 1;
        } else if !ws.is_empty() {
            let n = ws.chars().take_while(|c| *c == ' ').count();
            if n > 0 {
                space_lines += 1;
                min_spaces = Some(min_spaces.map_or(n, |m| m.min(n)));
            }
        }
    }
    if tabs > space_lines {
        Some(Indent::Tab)
    } else {
        min_spaces.map(Indent::Spaces)
    }
}

/// The text between the first key and its value, when it is a plain
/// one-line colon.
fn first_colon(text: &str, node: &Node) -> Option<String> {
    let m = node.as_object()?.first()?;
    let between = text.get(m.key_span.end..m.value.span.start)?;
    let ok = between.trim() == ":" && !between.contains('\n') && !between.contains('\r');
    ok.then(|| between.to_string())
}

// ------------------------------------------------------------- rendering

/// Render a JSON value in the file's style. `base` is the indentation of
/// the line the value starts on; nested lines get one more level each.
pub fn render(value: &Json, layout: &Layout, base: &str, multiline: bool) -> String {
    let mut out = String::new();
    render_into(&mut out, value, layout, base, multiline);
    out
}

fn render_into(out: &mut String, value: &Json, layout: &Layout, base: &str, multiline: bool) {
    let inner = format!("{base}{}", layout.indent.unit());
    match value {
        Json::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                open_item(out, layout, &inner, multiline, i);
                out.push_str(&json_string(k));
                out.push_str(&layout.colon);
                render_into(out, v, layout, &inner, multiline);
            }
            close(out, layout, base, multiline);
            out.push('}');
        }
        Json::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                open_item(out, layout, &inner, multiline, i);
                render_into(out, v, layout, &inner, multiline);
            }
            close(out, layout, base, multiline);
            out.push(']');
        }
        Json::Object(_) => out.push_str("{}"),
        Json::Array(_) => out.push_str("[]"),
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn open_item(out: &mut String, layout: &Layout, inner: &str, multiline: bool, i: usize) {
    if multiline {
        out.push_str(layout.newline);
        out.push_str(inner);
    } else if i > 0 {
        out.push(' ');
    }
}

fn close(out: &mut String, layout: &Layout, base: &str, multiline: bool) {
    if multiline {
        out.push_str(layout.newline);
        out.push_str(base);
    }
}

fn json_string(s: &str) -> String {
    Json::String(s.to_string()).to_string()
}

/// A whole new config file holding one server, in the default layout.
pub fn new_file(name: &str, entry: &Json) -> String {
    let mut servers = serde_json::Map::new();
    servers.insert(name.to_string(), entry.clone());
    let mut root = serde_json::Map::new();
    root.insert(SERVERS_KEY.to_string(), Json::Object(servers));
    let layout = Layout::default();
    format!(
        "{}{}",
        render(&Json::Object(root), &layout, "", true),
        layout.newline
    )
}

// ------------------------------------------------------- text primitives

/// Apply edits made against `text`. Edits must not overlap.
pub fn apply(text: &str, edits: &[TextEdit]) -> Result<String, EditError> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.span.start < at || e.span.end < e.span.start {
            return Err(EditError::Overlap);
        }
        out.push_str(text.get(at..e.span.start).ok_or(EditError::Overlap)?);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(text.get(at..).ok_or(EditError::Overlap)?);
    Ok(out)
}

/// The leading whitespace of the line that contains `offset`.
pub fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

fn members<'a>(node: &'a Node, path: &str) -> Result<&'a [Member], EditError> {
    node.as_object().ok_or(EditError::NotAnObject {
        path: path.to_string(),
        found: node.type_name(),
    })
}

/// Insert `"key": value` as the last member of the object `obj`.
/// `multiline_if_empty` decides how an empty `{}` opens up.
pub fn insert_member(
    text: &str,
    obj: &Node,
    key: &str,
    value: &Json,
    layout: &Layout,
    multiline_if_empty: bool,
) -> Result<TextEdit, EditError> {
    insert_with(text, obj, key, layout, multiline_if_empty, |base, ml| {
        render(value, layout, base, ml)
    })
}

/// Insert `"key": VALUE_TEXT` as the last member of `obj`, the value
/// exactly as given (e.g. as written in another file at the same nesting
/// depth): nothing inside it is re-indented or re-rendered.
pub fn insert_member_raw(
    text: &str,
    obj: &Node,
    key: &str,
    value_text: &str,
    layout: &Layout,
    multiline_if_empty: bool,
) -> Result<TextEdit, EditError> {
    insert_with(text, obj, key, layout, multiline_if_empty, |_, _| {
        value_text.to_string()
    })
}

/// [`insert_member`] with the value's text from `value(base, multiline)`.
fn insert_with(
    text: &str,
    obj: &Node,
    key: &str,
    layout: &Layout,
    multiline_if_empty: bool,
    value: impl Fn(&str, bool) -> String,
) -> Result<TextEdit, EditError> {
    let ms = members(obj, key)?;
    let Some(last) = ms.last() else {
        let indent = line_indent(text, obj.span.start);
        let inner = format!("{indent}{}", layout.indent.unit());
        let member = |base: &str, ml: bool| {
            format!("{}{}{}", json_string(key), layout.colon, value(base, ml))
        };
        let replacement = if multiline_if_empty {
            let nl = layout.newline;
            format!("{nl}{inner}{}{nl}{indent}", member(&inner, true))
        } else {
            member(indent, false)
        };
        return Ok(TextEdit {
            span: Span::new(obj.span.start + 1, obj.span.end.saturating_sub(1)),
            replacement,
        });
    };
    let sep = member_separator(text, obj, ms);
    let multiline = sep.contains('\n');
    let base = if multiline {
        sep.rsplit('\n').next().unwrap_or("").to_string()
    } else {
        line_indent(text, last.key_span.start).to_string()
    };
    let replacement = format!(
        ",{sep}{}{}{}",
        json_string(key),
        layout.colon,
        value(&base, multiline)
    );
    Ok(TextEdit {
        span: Span::at(last.value.span.end),
        replacement,
    })
}

/// The whitespace before the last member's key: after the previous comma,
/// or after `{` when there is only one member. Never empty.
fn member_separator(text: &str, obj: &Node, ms: &[Member]) -> String {
    let last = &ms[ms.len() - 1];
    let from = match ms.len() {
        1 => obj.span.start + 1,
        n => ms[n - 2].value.span.end,
    };
    let between = text.get(from..last.key_span.start).unwrap_or("");
    let ws = between.rsplit(',').next().unwrap_or("");
    if ws.is_empty() {
        " ".to_string()
    } else {
        ws.to_string()
    }
}

/// Remove member `index` of `obj`, with its comma and (when it has one to
/// itself) its line.
pub fn remove_member(obj: &Node, index: usize) -> Result<TextEdit, EditError> {
    let ms = members(obj, "")?;
    let span = match (ms.len(), index) {
        (n, i) if i >= n => return Err(EditError::Overlap),
        (1, _) => Span::new(obj.span.start + 1, obj.span.end.saturating_sub(1)),
        (n, i) if i == n - 1 => Span::new(ms[i - 1].value.span.end, ms[i].value.span.end),
        (_, i) => Span::new(ms[i].key_span.start, ms[i + 1].key_span.start),
    };
    Ok(TextEdit {
        span,
        replacement: String::new(),
    })
}

/// Replace a member's value, rendered at the member's own indentation.
/// `multiline` says whether the new value spreads over lines (use
/// whether the enclosing object does).
pub fn replace_value(
    text: &str,
    member: &Member,
    value: &Json,
    layout: &Layout,
    multiline: bool,
) -> TextEdit {
    let base = line_indent(text, member.key_span.start);
    TextEdit {
        span: member.value.span,
        replacement: render(value, layout, base, multiline),
    }
}

// ------------------------------------------------------ server operations

/// The root object, or why there is none. `None` for a blank file.
fn root_object<'a>(text: &str, root: Option<&'a Node>) -> Result<Option<&'a Node>, EditError> {
    match root {
        None if is_blank(text) => Ok(None),
        None => Err(EditError::NoTree),
        Some(r) => members(r, TOP_LEVEL).map(|_| Some(r)),
    }
}

fn servers_object(root: &Node) -> Result<Option<&Node>, EditError> {
    match root.get(SERVERS_KEY) {
        None => Ok(None),
        Some(s) => members(s, SERVERS_KEY).map(|_| Some(s)),
    }
}

/// The names declared under `mcpServers`, in order, without repeats.
pub fn server_names(root: Option<&Node>) -> Vec<String> {
    let ms = root
        .and_then(|r| r.get(SERVERS_KEY))
        .and_then(Node::as_object)
        .unwrap_or(&[]);
    // (a set: a config may hold thousands of names)
    let mut seen = crate::text::FastSet::default();
    ms.iter()
        .filter(|m| seen.insert(m.key.as_str()))
        .map(|m| m.key.clone())
        .collect()
}

/// Whether a root object spreads over several lines (then new objects
/// opened inside it do too).
pub fn is_multiline(text: &str, root: &Node) -> bool {
    root.as_object().is_none_or(|m| m.is_empty())
        || text
            .get(root.span.start..root.span.end)
            .is_some_and(|t| t.contains('\n'))
}

/// Add a server. Creates `mcpServers` when missing and the whole file when
/// `text` is blank. Fails when the name exists.
pub fn add_server(
    text: &str,
    root: Option<&Node>,
    name: &str,
    entry: &Json,
) -> Result<String, EditError> {
    let Some(root) = root_object(text, root)? else {
        return Ok(new_file(name, entry));
    };
    let layout = detect_layout(text, Some(root));
    let multiline = is_multiline(text, root);
    let edit = match servers_object(root)? {
        Some(servers) => {
            if servers.member(name).is_some() {
                return Err(EditError::Exists {
                    name: name.to_string(),
                });
            }
            insert_member(text, servers, name, entry, &layout, multiline)?
        }
        None => {
            let mut map = serde_json::Map::new();
            map.insert(name.to_string(), entry.clone());
            let servers = Json::Object(map);
            insert_member(text, root, SERVERS_KEY, &servers, &layout, multiline)?
        }
    };
    apply(text, &[edit])
}

/// Replace an existing server's value in place (keeping its position).
/// Earlier duplicates of the name, which the app ignores, are removed.
pub fn replace_server(
    text: &str,
    root: Option<&Node>,
    name: &str,
    entry: &Json,
) -> Result<String, EditError> {
    let root = root_object(text, root)?.ok_or_else(|| missing(name, None))?;
    let servers = servers_object(root)?.ok_or_else(|| missing(name, Some(root)))?;
    let member = servers
        .member(name)
        .ok_or_else(|| missing(name, Some(root)))?;
    let layout = detect_layout(text, Some(root));
    let multiline = text
        .get(servers.span.start..servers.span.end)
        .is_some_and(|t| t.contains('\n'));
    let edit = replace_value(text, member, entry, &layout, multiline);
    let replaced = apply(text, &[edit])?;
    // drop the shadowed duplicates, if any: all but the last occurrence
    // (a new value changes no other member: a name written once needs no
    // second look at the new text)
    let written = members(servers, SERVERS_KEY)?
        .iter()
        .filter(|m| m.key == name)
        .count();
    if written <= 1 {
        return Ok(replaced);
    }
    remove_named(&replaced, name, 1)
}

/// Add, or with `replace` overwrite, a server.
pub fn set_server(
    text: &str,
    root: Option<&Node>,
    name: &str,
    entry: &Json,
    replace: bool,
) -> Result<String, EditError> {
    let exists = root
        .and_then(|r| r.get(SERVERS_KEY))
        .and_then(|s| s.member(name))
        .is_some();
    if exists && replace {
        replace_server(text, root, name, entry)
    } else {
        add_server(text, root, name, entry)
    }
}

/// [`set_server`] for many servers in one pass over one parse of `text`:
/// each existing name's value replaced in place (with `replace`), the new
/// ones appended in order as set_server would append them one by one.
/// `None` when one pass cannot say it the same way, and the caller sets
/// them one at a time: no `mcpServers` object with members, a last member
/// spread over lines after others on one line, or a name written twice
/// (in the file or in `batch`).
/// (An import of thousands of servers re-parsed the growing text after
/// each one: quadratic.)
pub fn set_servers(
    text: &str,
    root: Option<&Node>,
    batch: &[(&str, &Json)],
    replace: bool,
) -> Result<Option<String>, EditError> {
    let Some(root) = root_object(text, root)? else {
        return Ok(None);
    };
    let Some(servers) = servers_object(root)? else {
        return Ok(None);
    };
    let ms = members(servers, SERVERS_KEY)?;
    let Some(last) = ms.last() else {
        return Ok(None);
    };
    let sep = member_separator(text, servers, ms);
    let multiline = sep.contains('\n');
    let base = match sep.rsplit_once('\n') {
        Some((_, base)) => base,
        // the new members go on the last one's line, as one by one they
        // would: only when that member is all on one line
        None if text
            .get(last.key_span.start..last.value.span.end)
            .is_none_or(|t| t.contains('\n')) =>
        {
            return Ok(None);
        }
        None => line_indent(text, last.key_span.start),
    };
    let object_multiline = text
        .get(servers.span.start..servers.span.end)
        .is_some_and(|t| t.contains('\n'));
    let mut written: crate::text::FastMap<&str, &Member> = crate::text::FastMap::default();
    for m in ms {
        if written.insert(m.key.as_str(), m).is_some() {
            return Ok(None);
        }
    }
    let mut named = crate::text::FastSet::default();
    if !batch.iter().all(|(name, _)| named.insert(*name)) {
        return Ok(None);
    }
    let layout = detect_layout(text, Some(root));
    let mut edits = Vec::new();
    let mut appended = String::new();
    for (name, entry) in batch {
        match written.get(*name) {
            Some(_) if !replace => {
                return Err(EditError::Exists {
                    name: name.to_string(),
                });
            }
            Some(m) => edits.push(replace_value(text, m, entry, &layout, object_multiline)),
            None => {
                appended.push(',');
                appended.push_str(&sep);
                appended.push_str(&json_string(name));
                appended.push_str(&layout.colon);
                render_into(&mut appended, entry, &layout, base, multiline);
            }
        }
    }
    if !appended.is_empty() {
        edits.push(TextEdit {
            span: Span::at(last.value.span.end),
            replacement: appended,
        });
    }
    apply(text, &edits).map(Some)
}

/// Remove a server (every occurrence, when the name is duplicated).
pub fn remove_server(text: &str, root: Option<&Node>, name: &str) -> Result<String, EditError> {
    let root = root_object(text, root)?.ok_or_else(|| missing(name, None))?;
    let servers = servers_object(root)?.ok_or_else(|| missing(name, Some(root)))?;
    if servers.member(name).is_none() {
        return Err(missing(name, Some(root)));
    }
    remove_named(text, name, 0)
}

/// Remove occurrences of `name` under `mcpServers` until `keep` remain
/// (the last ones). Re-parses after each removal so commas stay right.
fn remove_named(text: &str, name: &str, keep: usize) -> Result<String, EditError> {
    let mut text = text.to_string();
    loop {
        let doc = syntax::parse(&super::source::Source::from_text("", &text));
        let Some(servers) = doc.root.as_ref().and_then(|r| r.get(SERVERS_KEY)) else {
            return Ok(text);
        };
        let ms = members(servers, SERVERS_KEY)?;
        let hits: Vec<usize> = (0..ms.len()).filter(|&i| ms[i].key == name).collect();
        if hits.len() <= keep {
            return Ok(text);
        }
        let edit = remove_member(servers, hits[0])?;
        text = apply(&text, &[edit])?;
    }
}

fn missing(name: &str, root: Option<&Node>) -> EditError {
    EditError::Missing {
        name: name.to_string(),
        existing: server_names(root),
    }
}

/// What an edit of one environment variable did (in JSON: `added`,
/// `changed`, `unchanged`, `removed`, `absent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvChange {
    /// The variable was not there and now is.
    Added,
    /// It had another value (or a value that was not a string).
    Changed,
    /// It already had this value: the text is unchanged.
    #[serde(rename = "unchanged")]
    Same,
    /// It was there and is gone (every occurrence of the key).
    Removed,
    /// It was not there to remove: the text is unchanged.
    Absent,
}

/// The server `name` (its last, effective entry) as an object, or why not.
fn server_object<'a>(
    text: &str,
    root: Option<&'a Node>,
    name: &str,
) -> Result<&'a Node, EditError> {
    let root = root_object(text, root)?.ok_or_else(|| missing(name, None))?;
    let servers = servers_object(root)?.ok_or_else(|| missing(name, Some(root)))?;
    let server = servers.get(name).ok_or_else(|| missing(name, Some(root)))?;
    members(server, &format!("{SERVERS_KEY}.{name}"))?;
    Ok(server)
}

/// Set `key` to `value` in the `env` of server `name`: the value replaced
/// where it is (the last occurrence, the one the app reads), the member
/// added at the end of `env`, or `env` added at the end of the entry.
/// Whether server `name`'s entry and its `env` (when it has one) are
/// objects, as a listing of its variables needs: the error [`set_env`]
/// would give otherwise.
pub fn env_shape(text: &str, root: Option<&Node>, name: &str) -> Result<(), EditError> {
    let server = server_object(text, root, name)?;
    if let Some(env) = server.get("env") {
        members(env, &format!("{SERVERS_KEY}.{name}.env"))?;
    }
    Ok(())
}

pub fn set_env(
    text: &str,
    root: Option<&Node>,
    name: &str,
    key: &str,
    value: &str,
) -> Result<(String, EnvChange), EditError> {
    let server = server_object(text, root, name)?;
    let root = root.ok_or(EditError::NoTree)?;
    if let Some(env) = server.get("env") {
        members(env, &format!("{SERVERS_KEY}.{name}.env"))?;
        match env.get(key).map(Node::as_str) {
            Some(Some(v)) if v == value => return Ok((text.to_string(), EnvChange::Same)),
            Some(_) => {
                return Ok((
                    set_env_in(text, root, server, key, value)?,
                    EnvChange::Changed,
                ));
            }
            None => {}
        }
    }
    Ok((
        set_env_in(text, root, server, key, value)?,
        EnvChange::Added,
    ))
}

/// [`set_env`] on a server node already found (`doctor --fix`'s PATH).
pub fn set_env_in(
    text: &str,
    root: &Node,
    server: &Node,
    key: &str,
    value: &str,
) -> Result<String, EditError> {
    let layout = detect_layout(text, Some(root));
    apply(text, &[env_edit(text, server, key, value, &layout)?])
}

/// The edit that sets `key` to `value` in the `env` of `server` (a node of
/// `text`, laid out as `layout`), creating `env` when missing.
pub fn env_edit(
    text: &str,
    server: &Node,
    key: &str,
    value: &str,
    layout: &Layout,
) -> Result<TextEdit, EditError> {
    let multiline = text
        .get(server.span.start..server.span.end)
        .is_some_and(|t| t.contains('\n'));
    match server.get("env") {
        Some(env) => match env.member(key) {
            Some(m) => Ok(TextEdit {
                span: m.value.span,
                replacement: json_string(value),
            }),
            None => {
                let value = Json::String(value.to_string());
                insert_member(text, env, key, &value, layout, multiline)
            }
        },
        None => {
            let mut map = serde_json::Map::new();
            map.insert(key.to_string(), Json::String(value.to_string()));
            insert_member(text, server, "env", &Json::Object(map), layout, multiline)
        }
    }
}

/// Remove `key` (every occurrence) from the `env` of server `name`. An
/// `env` left empty stays, as `{}`.
pub fn unset_env(
    text: &str,
    root: Option<&Node>,
    name: &str,
    key: &str,
) -> Result<(String, EnvChange), EditError> {
    let server = server_object(text, root, name)?;
    let Some(env) = server.get("env") else {
        return Ok((text.to_string(), EnvChange::Absent));
    };
    members(env, &format!("{SERVERS_KEY}.{name}.env"))?;
    if env.member(key).is_none() {
        return Ok((text.to_string(), EnvChange::Absent));
    }
    let mut text = text.to_string();
    // one occurrence at a time, re-parsed so the commas stay right
    loop {
        let doc = syntax::parse(&super::source::Source::from_text("", &text));
        let env = server_object(&text, doc.root.as_ref(), name)?
            .get("env")
            .ok_or(EditError::NoTree)?;
        let Some(i) = members(env, "env")?.iter().position(|m| m.key == key) else {
            return Ok((text, EnvChange::Removed));
        };
        let edit = remove_member(env, i)?;
        text = apply(&text, &[edit])?;
    }
}

/// Rename a top-level key (doctor: `servers` → `mcpServers`), keeping its
/// value and position.
pub fn rename_key(
    text: &str,
    root: Option<&Node>,
    from: &str,
    to: &str,
) -> Result<String, EditError> {
    let root = root_object(text, root)?.ok_or(EditError::NoTree)?;
    if root.member(to).is_some() {
        return Err(EditError::KeyTaken {
            key: to.to_string(),
        });
    }
    let member = root.member(from).ok_or_else(|| EditError::Missing {
        name: from.to_string(),
        existing: root
            .as_object()
            .unwrap_or(&[])
            .iter()
            .map(|m| m.key.clone())
            .collect(),
    })?;
    let edit = TextEdit {
        span: member.key_span,
        replacement: json_string(to),
    };
    apply(text, &[edit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::source::Source;
    use serde_json::json;

    fn parse(text: &str) -> Option<Node> {
        syntax::parse(&Source::from_text("t.json", text)).root
    }

    fn add(text: &str, name: &str, entry: &Json) -> String {
        add_server(text, parse(text).as_ref(), name, entry).expect("add")
    }

    fn remove(text: &str, name: &str) -> String {
        remove_server(text, parse(text).as_ref(), name).expect("remove")
    }

    fn strict(text: &str) {
        serde_json::from_str::<Json>(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    }

    /// `set_server` for each, one after another, each on the last's text.
    fn one_by_one(text: &str, batch: &[(&str, &Json)], replace: bool) -> String {
        batch.iter().fold(text.to_string(), |t, (name, entry)| {
            set_server(&t, parse(&t).as_ref(), name, entry, replace).expect("set")
        })
    }

    #[test]
    fn set_servers_writes_what_one_by_one_writes() {
        let a = json!({"command": "npx", "args": ["-y", "pkg"], "env": {"K": "v"}});
        let b = json!({"url": "https://x.example/mcp"});
        let batch: [(&str, &Json); 3] = [("new1", &a), ("old", &b), ("new2", &b)];
        let texts = [
            "{\n  \"mcpServers\": {\n    \"old\": {\"command\": \"x\"}\n  },\n  \"keep\": 1\n}\n",
            "{\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {},\r\n\t\t\"old\": {\r\n\t\t\t\"command\": \"x\"\r\n\t\t}\r\n\t}\r\n}",
            "{\"mcpServers\":{\"old\":{\"command\":\"x\"},\"b\":{}}}",
            "{\"mcpServers\": {\"old\": {\"command\": \"x\"}}, \"x\": [1, 2]}",
            "{\n    \"mcpServers\": {\n        \"old\": {\n            \"command\": \"x\"\n        } // mine\n    }\n}",
        ];
        for text in texts {
            let once = set_servers(text, parse(text).as_ref(), &batch, true)
                .expect("set")
                .unwrap_or_else(|| panic!("one pass refused {text:?}"));
            assert_eq!(once, one_by_one(text, &batch, true), "{text:?}");
            assert!(once.starts_with(&text[..text.find("\"old\"").expect("old")]));
        }
    }

    #[test]
    fn set_servers_leaves_to_one_by_one_what_one_pass_cannot_say() {
        let a = json!({"command": "npx"});
        let refused = |text: &str, batch: &[(&str, &Json)]| {
            set_servers(text, parse(text).as_ref(), batch, true)
                .expect("no error")
                .is_none()
        };
        // no member to append after, no object at all
        assert!(refused("{\"mcpServers\": {}}", &[("n", &a)]));
        assert!(refused("{}", &[("n", &a)]));
        // a name written twice, in the file or in the batch
        assert!(refused(
            "{\"mcpServers\": {\"x\": {}, \"x\": {}}}",
            &[("n", &a)]
        ));
        assert!(refused(
            "{\"mcpServers\": {\"x\": {}}}",
            &[("n", &a), ("n", &a)]
        ));
        // the last member spread over lines after another on its line
        assert!(refused(
            "{\"mcpServers\": {\"x\": {}, \"y\": {\n}}}",
            &[("n", &a)]
        ));
        // an existing name not to be replaced is the same error as one by one
        let text = "{\"mcpServers\": {\"x\": {}}}";
        assert!(matches!(
            set_servers(text, parse(text).as_ref(), &[("x", &a)], false),
            Err(EditError::Exists { name }) if name == "x"
        ));
    }

    #[test]
    fn line_endings_are_told_and_made_alike() {
        assert_eq!(line_ending("{\r\n}\r\n"), Some("\r\n"));
        assert_eq!(line_ending("{\n}\n"), Some("\n"));
        assert_eq!(line_ending("{\r\n}\n"), None, "mixed: left as it is");
        assert_eq!(line_ending("{}"), None);
        assert_eq!(with_line_ending("a\r\nb\nc", "\n"), "a\nb\nc");
        assert_eq!(with_line_ending("a\r\nb\nc", "\r\n"), "a\r\nb\r\nc");
    }

    #[test]
    fn layout_detection() {
        let l = detect_layout(
            "{\r\n\t\"a\" : 1\r\n}",
            parse("{\r\n\t\"a\" : 1\r\n}").as_ref(),
        );
        assert_eq!(l.indent, Indent::Tab);
        assert_eq!(l.newline, "\r\n");
        assert_eq!(l.colon, " : ");
        assert!(!l.final_newline);
        let l = detect_layout("{\n    \"a\": {\n        \"b\": 1\n    }\n}\n", None);
        assert_eq!(l.indent, Indent::Spaces(4));
        assert_eq!(l.newline, "\n");
        assert!(l.final_newline);
    }

    #[test]
    fn add_to_pretty_file_matches_style() {
        let text = "{\n    \"mcpServers\": {\n        \"a\": {\n            \"command\": \"x\"\n        }\n    }\n}";
        let out = add(text, "b", &json!({"command": "y", "args": ["1"]}));
        assert_eq!(
            out,
            "{\n    \"mcpServers\": {\n        \"a\": {\n            \"command\": \"x\"\n        },\n        \"b\": {\n            \"command\": \"y\",\n            \"args\": [\n                \"1\"\n            ]\n        }\n    }\n}"
        );
    }

    #[test]
    fn add_creates_servers_key_and_file() {
        let out = add(
            "{\n  \"preferences\": {}\n}\n",
            "b",
            &json!({"command": "y"}),
        );
        assert_eq!(
            out,
            "{\n  \"preferences\": {},\n  \"mcpServers\": {\n    \"b\": {\n      \"command\": \"y\"\n    }\n  }\n}\n"
        );
        let out = add("", "b", &json!({"command": "y"}));
        assert_eq!(
            out,
            "{\n  \"mcpServers\": {\n    \"b\": {\n      \"command\": \"y\"\n    }\n  }\n}\n"
        );
        let out = add("{}", "b", &json!({"command": "y"}));
        strict(&out);
        assert!(
            out.starts_with("{\n  \"mcpServers\": {\n    \"b\""),
            "{out}"
        );
    }

    #[test]
    fn add_into_empty_servers_and_back() {
        let text = "{\r\n  \"mcpServers\": {}\r\n}\r\n";
        let out = add(text, "b", &json!({"command": "y"}));
        assert_eq!(
            out,
            "{\r\n  \"mcpServers\": {\r\n    \"b\": {\r\n      \"command\": \"y\"\r\n    }\r\n  }\r\n}\r\n"
        );
        assert_eq!(remove(&out, "b"), text);
    }

    #[test]
    fn compact_file_stays_compact() {
        let text = r#"{"mcpServers":{"a":{"command":"x"}}}"#;
        let out = add(text, "b", &json!({"command": "y"}));
        assert_eq!(
            out,
            r#"{"mcpServers":{"a":{"command":"x"}, "b":{"command":"y"}}}"#
        );
        assert_eq!(remove(&out, "b"), text);
    }

    #[test]
    fn remove_middle_first_last() {
        let text =
            "{\n  \"mcpServers\": {\n    \"a\": {},\n    \"b\": {},\n    \"c\": {}\n  }\n}\n";
        assert_eq!(
            remove(text, "b"),
            "{\n  \"mcpServers\": {\n    \"a\": {},\n    \"c\": {}\n  }\n}\n"
        );
        assert_eq!(
            remove(text, "a"),
            "{\n  \"mcpServers\": {\n    \"b\": {},\n    \"c\": {}\n  }\n}\n"
        );
        assert_eq!(
            remove(text, "c"),
            "{\n  \"mcpServers\": {\n    \"a\": {},\n    \"b\": {}\n  }\n}\n"
        );
        let only = "{\n  \"mcpServers\": {\n    \"a\": {}\n  }\n}\n";
        assert_eq!(remove(only, "a"), "{\n  \"mcpServers\": {}\n}\n");
    }

    #[test]
    fn remove_takes_every_duplicate() {
        let text = r#"{"mcpServers": {"a": 1, "b": 2, "a": 3}}"#;
        assert_eq!(remove(text, "a"), r#"{"mcpServers": {"b": 2}}"#);
    }

    #[test]
    fn replace_keeps_position_and_drops_shadowed_duplicates() {
        let text = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"old\"},\n    \"b\": {},\n    \"a\": {\"command\": \"x\"}\n  }\n}\n";
        let out =
            replace_server(text, parse(text).as_ref(), "a", &json!({"command": "new"})).unwrap();
        assert_eq!(
            out,
            "{\n  \"mcpServers\": {\n    \"b\": {},\n    \"a\": {\n      \"command\": \"new\"\n    }\n  }\n}\n"
        );
    }

    fn set(text: &str, name: &str, key: &str, value: &str) -> (String, EnvChange) {
        set_env(text, parse(text).as_ref(), name, key, value).expect("set env")
    }

    fn unset(text: &str, name: &str, key: &str) -> (String, EnvChange) {
        unset_env(text, parse(text).as_ref(), name, key).expect("unset env")
    }

    #[test]
    fn an_env_value_is_replaced_where_it_is() {
        let text = "{\n\t\"mcpServers\": {\n\t\t\"a\": {\n\t\t\t\"command\": \"x\",\n\t\t\t\"env\": {\"K\": \"old\", \"L\": \"1\"}\n\t\t}\n\t},\n\t\"preferences\": {}\n}";
        let (out, change) = set(text, "a", "K", "new \"quoted\"");
        assert_eq!(change, EnvChange::Changed);
        assert_eq!(out, text.replace("\"old\"", "\"new \\\"quoted\\\"\""));
        assert_eq!(
            set(&out, "a", "K", "new \"quoted\""),
            (out.clone(), EnvChange::Same)
        );
        // a number the app would refuse becomes the string asked for
        let (out, change) = set(
            r#"{"mcpServers": {"a": {"env": {"N": 10}}}}"#,
            "a",
            "N",
            "10",
        );
        assert_eq!(change, EnvChange::Changed);
        assert_eq!(out, r#"{"mcpServers": {"a": {"env": {"N": "10"}}}}"#);
    }

    #[test]
    fn a_new_env_variable_follows_the_file_style_and_unset_gives_the_bytes_back() {
        let text = "{\r\n  \"mcpServers\": {\r\n    \"a\": {\r\n      \"command\": \"x\",\r\n      \"env\": {\r\n        \"K\": \"1\"\r\n      }\r\n    }\r\n  }\r\n}\r\n";
        let (out, change) = set(text, "a", "TOKEN", "s3cret");
        assert_eq!(change, EnvChange::Added);
        assert_eq!(
            out,
            text.replace(
                "\"K\": \"1\"\r\n",
                "\"K\": \"1\",\r\n        \"TOKEN\": \"s3cret\"\r\n"
            )
        );
        assert_eq!(
            unset(&out, "a", "TOKEN"),
            (text.to_string(), EnvChange::Removed)
        );
    }

    #[test]
    fn an_entry_without_env_gets_one_and_a_compact_one_stays_compact() {
        let text =
            "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"x\"\n    }\n  }\n}\n";
        let (out, change) = set(text, "a", "K", "v");
        assert_eq!(change, EnvChange::Added);
        assert_eq!(
            out,
            "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"x\",\n      \"env\": {\n        \"K\": \"v\"\n      }\n    }\n  }\n}\n"
        );
        let (out, _) = set(r#"{"mcpServers":{"a":{"command":"x"}}}"#, "a", "K", "v");
        assert_eq!(
            out,
            r#"{"mcpServers":{"a":{"command":"x", "env":{"K":"v"}}}}"#
        );
        // the emptied env stays as {}
        let (out, change) = unset(&out, "a", "K");
        assert_eq!(change, EnvChange::Removed);
        assert_eq!(out, r#"{"mcpServers":{"a":{"command":"x", "env":{}}}}"#);
    }

    #[test]
    fn unset_takes_every_occurrence_and_says_when_there_was_none() {
        let text = r#"{"mcpServers": {"a": {"env": {"K": "1", "L": "2", "K": "3"}}}}"#;
        assert_eq!(
            unset(text, "a", "K"),
            (
                r#"{"mcpServers": {"a": {"env": {"L": "2"}}}}"#.to_string(),
                EnvChange::Removed
            )
        );
        assert_eq!(unset(text, "a", "M"), (text.to_string(), EnvChange::Absent));
        let bare = r#"{"mcpServers": {"a": {"command": "x"}}}"#;
        assert_eq!(unset(bare, "a", "K"), (bare.to_string(), EnvChange::Absent));
    }

    #[test]
    fn env_edits_only_on_the_last_entry_of_a_name_and_only_in_objects() {
        let text = r#"{"mcpServers": {"a": {"env": {"K": "1"}}, "a": {"command": "x"}}}"#;
        let (out, change) = set(text, "a", "K", "2");
        assert_eq!(change, EnvChange::Added);
        assert_eq!(
            out,
            r#"{"mcpServers": {"a": {"env": {"K": "1"}}, "a": {"command": "x", "env": {"K": "2"}}}}"#
        );
        let broken = r#"{"mcpServers": {"a": {"env": ["K=1"]}, "b": "x"}}"#;
        let root = parse(broken);
        let e = set_env(broken, root.as_ref(), "a", "K", "1").unwrap_err();
        assert_eq!(
            e.message("c.json"),
            "`mcpServers.a.env` in c.json is an array, not an object"
        );
        let e = unset_env(broken, root.as_ref(), "b", "K").unwrap_err();
        assert_eq!(
            e.message("c.json"),
            "`mcpServers.b` in c.json is a string, not an object"
        );
        let e = set_env(broken, root.as_ref(), "zz", "K", "1").unwrap_err();
        assert_eq!(
            e.message("c.json"),
            "no server named `zz` in c.json; the servers are: a, b"
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let text = r#"{"mcpServers": {"a": {}}}"#;
        let e = add_server(text, parse(text).as_ref(), "a", &json!({})).unwrap_err();
        assert_eq!(e, EditError::Exists { name: "a".into() });
        let e = remove_server(text, parse(text).as_ref(), "zz").unwrap_err();
        assert_eq!(
            e.message("c.json"),
            "no server named `zz` in c.json; the servers are: a"
        );
        let text = r#"{"mcpServers": []}"#;
        let e = add_server(text, parse(text).as_ref(), "a", &json!({})).unwrap_err();
        assert_eq!(
            e.message("c.json"),
            "`mcpServers` in c.json is an array, not an object"
        );
        let text = r#"{"mcpServers": null}"#;
        let e = add_server(text, parse(text).as_ref(), "a", &json!({})).unwrap_err();
        assert_eq!(
            e.message("c.json"),
            "`mcpServers` in c.json is null, not an object"
        );
        let text = "[]";
        let e = add_server(text, parse(text).as_ref(), "a", &json!({})).unwrap_err();
        assert_eq!(
            e.message("c.json"),
            "the top level of c.json is an array, not an object"
        );
        assert_eq!(
            add_server("{,", None, "a", &json!({})),
            Err(EditError::NoTree)
        );
    }

    #[test]
    fn rename_top_level_key() {
        let text = "{\n  \"servers\": {\"a\": {}}\n}";
        let out = rename_key(text, parse(text).as_ref(), "servers", "mcpServers").unwrap();
        assert_eq!(out, "{\n  \"mcpServers\": {\"a\": {}}\n}");
    }

    #[test]
    fn strings_are_escaped() {
        let out = add("{}", "we\"ird", &json!({"command": "C:\\x\\y.exe"}));
        strict(&out);
        assert!(out.contains(r#""we\"ird""#));
        assert!(out.contains(r#""C:\\x\\y.exe""#));
    }
}
