//! Property: for random valid configs (2/4-space or tab indentation, or all
//! on one line; LF or CRLF; final newline or not; extra top-level keys
//! before and after; 0..n servers), adding a server with a new name gives
//! strict JSON holding exactly the old content plus that entry, and
//! removing it again gives back the original bytes.

use mcpctl::config::edit;
use mcpctl::config::source::Source;
use mcpctl::config::syntax;
use proptest::prelude::*;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
struct Style {
    indent: &'static str,
    nl: &'static str,
    colon: &'static str,
    final_newline: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop_oneof![Just("  "), Just("    "), Just("\t"), Just("")],
        prop_oneof![Just("\n"), Just("\r\n")],
        prop_oneof![Just(": "), Just(":")],
        any::<bool>(),
    )
        .prop_map(|(indent, nl, colon, final_newline)| Style {
            // "" indentation means the one-line (compact) form
            nl: if indent.is_empty() { "" } else { nl },
            indent,
            colon,
            final_newline,
        })
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _./@é\"\\\\-]{0,10}"
}

fn server() -> impl Strategy<Value = Value> {
    (
        text(),
        prop::collection::vec(text(), 0..3),
        prop::collection::btree_map("[A-Z_]{1,6}", text(), 0..3),
    )
        .prop_map(|(command, args, env)| {
            let mut v = json!({"command": command, "args": args});
            if !env.is_empty() {
                v["env"] = json!(env);
            }
            v
        })
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(|n| json!(n)),
        text().prop_map(Value::String),
        Just(json!({})),
        Just(json!({"nested": {"deep": [1, "x"]}})),
    ]
}

/// Render like a human or an app would: this is the test's own renderer,
/// independent of mcpctl's.
fn render(v: &Value, s: &Style, depth: usize) -> String {
    let pad = |d: usize| s.indent.repeat(d);
    let sep = if s.nl.is_empty() { ", " } else { "," };
    match v {
        Value::Object(m) if !m.is_empty() => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}{}{}{}{}",
                        s.nl,
                        pad(depth + 1),
                        Value::String(k.clone()),
                        s.colon,
                        render(v, s, depth + 1)
                    )
                })
                .collect();
            format!("{{{}{}{}}}", items.join(sep), s.nl, pad(depth))
        }
        Value::Array(a) if !a.is_empty() => {
            let items: Vec<String> = a
                .iter()
                .map(|v| format!("{}{}{}", s.nl, pad(depth + 1), render(v, s, depth + 1)))
                .collect();
            format!("[{}{}{}]", items.join(sep), s.nl, pad(depth))
        }
        other => other.to_string(),
    }
}

fn config() -> impl Strategy<Value = (String, Value)> {
    (
        style(),
        prop::collection::vec(("[a-z]{1,8}", scalar()), 0..3),
        prop::collection::vec(("[a-z]{1,6}", server()), 0..4),
        prop::collection::vec(("[a-z]{1,8}", scalar()), 0..3),
    )
        .prop_map(|(s, before, servers, after)| {
            let mut root = serde_json::Map::new();
            for (k, v) in before {
                root.insert(format!("pre_{k}"), v);
            }
            let servers: serde_json::Map<String, Value> = servers.into_iter().collect();
            root.insert("mcpServers".into(), Value::Object(servers));
            for (k, v) in after {
                root.insert(format!("post_{k}"), v);
            }
            let root = Value::Object(root);
            let mut text = render(&root, &s, 0);
            if s.final_newline {
                text.push_str(if s.nl.is_empty() { "\n" } else { s.nl });
            }
            (text, root)
        })
}

fn parse(text: &str) -> Option<mcpctl::config::ast::Node> {
    syntax::parse(&Source::from_text("c.json", text)).root
}

proptest! {
    #[test]
    fn add_then_remove_is_byte_identical((original, before) in config(), entry in server()) {
        let name = "zz-new";
        let added = edit::add_server(&original, parse(&original).as_ref(), name, &entry)
            .expect("add");
        // the result is strict JSON: the old content plus the entry, in place
        let after: Value = serde_json::from_str(&added)
            .unwrap_or_else(|e| panic!("not strict JSON ({e}):\n{added}"));
        let mut expected = before.clone();
        expected["mcpServers"][name] = entry.clone();
        prop_assert_eq!(&after, &expected);
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        prop_assert_eq!(keys(&after), keys(&before), "top-level key order kept");
        // same line endings throughout
        if original.contains("\r\n") {
            prop_assert_eq!(added.matches('\n').count(), added.matches("\r\n").count());
        } else {
            prop_assert!(!added.contains('\r'));
        }
        prop_assert_eq!(added.ends_with('\n'), original.ends_with('\n'));

        let removed = edit::remove_server(&added, parse(&added).as_ref(), name).expect("remove");
        prop_assert_eq!(removed, original);
    }
}

#[test]
fn missing_servers_key_is_created_once() {
    let original = "{\r\n\t\"preferences\": {\r\n\t\t\"x\": true\r\n\t}\r\n}";
    let added = edit::add_server(
        original,
        parse(original).as_ref(),
        "a",
        &json!({"command": "/x"}),
    )
    .unwrap();
    assert_eq!(
        added,
        "{\r\n\t\"preferences\": {\r\n\t\t\"x\": true\r\n\t},\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\r\n\t\t\t\"command\": \"/x\"\r\n\t\t}\r\n\t}\r\n}"
    );
}
