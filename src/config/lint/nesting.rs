//! Server entries at the wrong depth, the paste mistakes that make the app
//! start none of them without a word: a misspelt `mcpServers`
//! (`mcpservers`, `mcp_servers`, `"mcpServers "`), a whole `mcpServers`
//! block pasted inside `mcpServers` (or an entry wrapping entries), and
//! entries nested under another top-level key (VS Code's
//! `{"mcp": {"servers": ...}}`, `{"preferences": {"mcpServers": ...}}`).
//! Pure: the tree in, diagnostics out.

use super::super::ast::{Member, Node};
use super::super::diag::{Diagnostic, TextEdit};
use super::super::model::SERVERS_KEY;
use super::super::remote;
use super::super::source::{Source, Span};
use super::diag;
use crate::codes::Code;

/// A key the app does not read but the user meant as `mcpServers`: the
/// same letters in another case, with `_`, `-` or spaces, singular, or one
/// typo away.
pub fn misspelt_servers_key(key: &str) -> bool {
    if key == SERVERS_KEY {
        return false;
    }
    let letters: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // the same letters, or one typo away (`mcpSevers`, `mcpServes`)
    matches!(letters.as_str(), "mcpservers" | "mcpserver")
        || (letters.starts_with("mcp") && crate::text::edit_distance(&letters, "mcpservers") == 1)
}

/// A key that names a set of servers: `mcpServers`, VS Code's `servers`,
/// or a misspelling of the first.
fn servers_like(key: &str) -> bool {
    key == SERVERS_KEY || key == "servers" || misspelt_servers_key(key)
}

/// A server entry: an object with a `command` or a remote URL.
fn is_entry(node: &Node) -> bool {
    node.get("command").and_then(Node::as_str).is_some()
        || remote::URL_KEYS.iter().any(|k| node.get(k).is_some())
}

/// A value under `mcpServers` that is no entry but holds entries: a block
/// pasted one level too deep. The app starts none of them.
pub fn pasted_block(node: &Node) -> bool {
    pasted_entries(node).is_some()
}

/// The object holding the entries of a [`pasted_block`]: the value itself
/// (`"mcpServers": {"mcpServers": {"a": ...}}`), or its servers-like member
/// (a whole config pasted under a name: `"b": {"mcpServers": {"a": ...}}`).
fn pasted_entries(node: &Node) -> Option<&Node> {
    let holds = |n: &Node| {
        n.as_object()
            .is_some_and(|ms| ms.iter().any(|m| is_entry(&m.value)))
    };
    if is_entry(node) {
        return None;
    }
    if holds(node) {
        return Some(node);
    }
    node.as_object()?
        .iter()
        .find(|m| servers_like(&m.key) && holds(&m.value))
        .map(|m| &m.value)
}

/// Each member of `mcpServers` that is a [`pasted_block`], with the fix
/// that lifts its entries up to where they belong (text as written, less
/// indented) when none of their names is taken and nothing else is lost.
pub fn check_pasted(source: &Source, servers: &Node, out: &mut Vec<Diagnostic>) {
    let Some(members) = servers.as_object() else {
        return;
    };
    for m in members {
        let Some(entries) = pasted_entries(&m.value) else {
            continue;
        };
        let inner: Vec<&str> = entries
            .as_object()
            .unwrap_or_default()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        let whole_config = !std::ptr::eq(entries, &m.value);
        let what = if whole_config {
            format!(
                "a whole config is pasted inside `mcpServers` as `{}`",
                m.key
            )
        } else if servers_like(&m.key) {
            format!(
                "a whole `{}` block is pasted inside `mcpServers`",
                m.key.trim()
            )
        } else {
            format!("`{}` wraps server entries instead of being one", m.key)
        };
        let d = diag(
            Code::NestedServers,
            format!(
                "{what}: Claude Desktop reads `{}` as one server with no `command`, and starts \
none of {}",
                m.key,
                crate::text::name_list(&inner, 5)
            ),
            m.key_span,
        );
        let taken: Vec<&str> = inner
            .iter()
            .copied()
            .filter(|n| members.iter().any(|o| o.key == *n && o.key != m.key))
            .collect();
        let block = if servers_like(&m.key) {
            format!("the inner `{}`", m.key)
        } else {
            format!("`{}`", m.key)
        };
        let move_up = format!(
            "take {} out of {block} and put {} directly in the top-level `mcpServers`, then \
delete {block}",
            crate::text::name_list(&inner, 5),
            if inner.len() == 1 { "it" } else { "them" },
        );
        let extra = whole_config && m.value.as_object().is_some_and(|ms| ms.len() > 1);
        let d = if !taken.is_empty() {
            d.hint(format!(
                "{move_up}; `mcpServers` already has {}: rename or delete one of each pair first",
                crate::text::name_list(&taken, 5)
            ))
        } else if extra {
            d.hint(format!(
                "{move_up} (the other keys of `{}` are not server settings)",
                m.key
            ))
        } else {
            match lift(source, m, entries) {
                Some(edit) => d
                    .hint(format!("{move_up} (`mcpctl doctor --fix` does)"))
                    .fix(
                        format!(
                            "move {} up into `mcpServers`",
                            crate::text::name_list(&inner, 5)
                        ),
                        vec![edit],
                    ),
                None => d.hint(move_up),
            }
        };
        out.push(d);
    }
}

/// The edit that replaces member `m` (key to the end of its value) with
/// the members of `entries`, each line moved back to `m`'s indent.
fn lift(source: &Source, m: &Member, entries: &Node) -> Option<TextEdit> {
    let text = &source.text;
    let v = entries.span;
    let inner = text.get(v.start + 1..v.end.checked_sub(1)?)?.trim();
    if inner.is_empty() {
        return None;
    }
    // the indent of the entries, taken back to the block's own: JSON
    // strings hold no raw line breaks, so each one is layout
    let first = entries.as_object()?.first()?.key_span.start;
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let key_line_start = text[..m.key_span.start].rfind('\n').map_or(0, |i| i + 1);
    let deeper = &text[line_start..first];
    let outer = &text[key_line_start..m.key_span.start];
    let replacement =
        if deeper.trim().is_empty() && outer.trim().is_empty() && deeper.len() > outer.len() {
            inner.replace(&format!("\n{deeper}"), &format!("\n{outer}"))
        } else {
            inner.to_string()
        };
    Some(TextEdit {
        span: Span::new(m.key_span.start, m.value.span.end),
        replacement,
    })
}

/// Top-level members other than `mcpServers` (and its misspellings) that
/// hold a servers-like object of entries: `{"mcp": {"servers": {...}}}`.
pub fn check_nested(top: &[Member], out: &mut Vec<Diagnostic>) {
    for m in top.iter().filter(|m| !servers_like(&m.key)) {
        let Some(inner) = m.value.as_object() else {
            continue;
        };
        for s in inner.iter().filter(|s| servers_like(&s.key)) {
            let names: Vec<&str> = s
                .value
                .as_object()
                .unwrap_or_default()
                .iter()
                .filter(|e| is_entry(&e.value))
                .map(|e| e.key.as_str())
                .collect();
            if names.is_empty() {
                continue;
            }
            out.push(
                diag(
                    Code::NestedServers,
                    format!(
                        "`{}.{}` holds server entries, but Claude Desktop reads servers only from \
a top-level `mcpServers`, so it starts none of {}",
                        m.key,
                        s.key,
                        crate::text::name_list(&names, 5)
                    ),
                    s.key_span,
                )
                .hint(format!(
                    "move the entries inside `{}.{}` into a top-level \"mcpServers\" object",
                    m.key, s.key
                )),
            );
        }
    }
}
