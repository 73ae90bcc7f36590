//! Properties of the syntax pass on arbitrary input: it never panics, every
//! span it returns is inside the text, it accepts exactly what a strict
//! parser (serde_json here, standing in for JSON.parse) accepts and then
//! builds the same value, and rendering/fixing any result is safe.

use mcpctl::config::ast::Node;
use mcpctl::config::diag::apply_fixes;
use mcpctl::config::source::{Source, Span};
use mcpctl::config::syntax::{self, Document};
use mcpctl::report::diagnostics::to_json;
use mcpctl::report::style::Style;
use mcpctl::report::text::diagnostics::render_text;
use proptest::prelude::*;

fn span_ok(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

fn node_spans_ok(text: &str, node: &Node) -> bool {
    use mcpctl::config::ast::Value;
    span_ok(text, node.span)
        && match &node.value {
            Value::Object(ms) => ms
                .iter()
                .all(|m| span_ok(text, m.key_span) && node_spans_ok(text, &m.value)),
            Value::Array(items) => items.iter().all(|n| node_spans_ok(text, n)),
            _ => true,
        }
}

/// Everything that must hold for any input at all.
fn check_any(bytes: &[u8]) -> Result<(Source, Document), TestCaseError> {
    let src = Source::new("c.json", bytes.to_vec());
    let doc = syntax::parse(&src);
    let text = &src.text;
    let entries = doc
        .root
        .as_ref()
        .map(mcpctl::config::model::servers)
        .unwrap_or_default();
    for d in &doc.diagnostics {
        prop_assert!(d.span.is_none_or(|s| span_ok(text, s)), "{d:?}");
        prop_assert!(d.related.iter().all(|r| span_ok(text, r.span)), "{d:?}");
        let edits = d.fix.iter().flat_map(|f| &f.edits);
        prop_assert!(edits.clone().all(|e| span_ok(text, e.span)), "{d:?}");
        prop_assert!(!d.code.id().is_empty() && d.hint.is_some(), "{d:?}");
        let rendered = render_text(&src, d, Style::plain());
        prop_assert!(rendered.contains(d.code.id()));
        let _ = to_json(&src, &entries, d);
    }
    let starts: Vec<usize> = doc
        .diagnostics
        .iter()
        .map(|d| d.span.map_or(0, |s| s.start))
        .collect();
    prop_assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "not in source order"
    );
    for node in doc.root.iter().chain(&doc.extra_values) {
        prop_assert!(node_spans_ok(text, node));
    }
    let fixed = apply_fixes(text, &doc.diagnostics);
    let _ = syntax::parse(&Source::from_text("c.json", &fixed));
    Ok((src, doc))
}

/// Strict exactly when serde_json accepts, with the same value.
fn check_strictness(bytes: &[u8], doc: &Document) -> Result<(), TestCaseError> {
    // (`1e501`, valid JSON that JSON.parse reads as Infinity, serde_json
    // keeps as written: arbitrary_precision)
    let strict = serde_json::from_slice::<serde_json::Value>(bytes);
    prop_assert_eq!(
        doc.is_strict_json(),
        strict.is_ok(),
        "{:?} {:?}",
        String::from_utf8_lossy(bytes),
        doc.diagnostics
    );
    if let Ok(v) = strict {
        prop_assert_eq!(doc.root.as_ref().map(Node::to_json), Some(v));
    }
    Ok(())
}

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\"a\"",
    "\"b\"",
    "\"\"",
    "'c'",
    "“d”",
    "‘e’",
    "\"",
    "'",
    "”",
    "1",
    "-",
    "0",
    "01",
    "1.5",
    ".5",
    "1.",
    "+1",
    "1e5",
    "0x1F",
    "true",
    "True",
    "null",
    "None",
    "NaN",
    "npx",
    "//c\n",
    "/* c */",
    "/*",
    "*/",
    "/",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\"\\n\"",
    "\"\\x\"",
    "\"\\u00e9\"",
    "\"\\u12\"",
    "\"C:\\Users\"",
    "\"a\tb\"",
    "\\",
    ";",
    "=",
    "@",
    "é",
    "😀",
    "\u{0}",
    "\"mcpServers\"",
    "{\"a\": 1}",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Writes a value as JSON with random mistakes that all have a fix.
struct Messy<'a> {
    dice: &'a [u8],
    i: usize,
    out: String,
}

impl Messy<'_> {
    /// True one time in `n`.
    fn roll(&mut self, n: u8) -> bool {
        let d = self.dice[self.i % self.dice.len()];
        self.i += 1;
        d.is_multiple_of(n)
    }

    fn gap(&mut self) {
        let s = match (self.dice[self.i % self.dice.len()] % 6) as usize {
            0 => "/* note */",
            1 => "// note\n",
            2 => "\u{a0}",
            _ => " ",
        };
        self.i += 1;
        self.out.push_str(s);
    }

    fn string(&mut self, s: &str) {
        let inner = serde_json::to_string(s).unwrap();
        let inner = &inner[1..inner.len() - 1];
        let curly = |c: char| ('\u{2018}'..='\u{201F}').contains(&c);
        if !s.contains(curly) && self.roll(4) {
            self.out.push_str(&format!("“{inner}”"));
        } else if !s.contains(['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'])
            && self.roll(4)
        {
            self.out.push_str(&format!("'{inner}'"));
        } else {
            self.out.push_str(&format!("\"{inner}\""));
        }
    }

    fn value(&mut self, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Null => {
                let t = if self.roll(3) { "None" } else { "null" };
                self.out.push_str(t);
            }
            Value::Bool(b) => {
                let t = match (b, self.roll(3)) {
                    (true, true) => "True",
                    (false, true) => "False",
                    (true, false) => "true",
                    (false, false) => "false",
                };
                self.out.push_str(t);
            }
            Value::Number(n) => {
                let t = n.to_string();
                if !t.starts_with('-') && self.roll(3) {
                    self.out.push('+');
                }
                self.out.push_str(&t);
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.gap();
                    self.value(item);
                }
                self.close(!items.is_empty(), ']');
            }
            Value::Object(map) => {
                self.out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.gap();
                    self.string(k);
                    self.out.push(':');
                    self.gap();
                    self.value(item);
                }
                self.close(!map.is_empty(), '}');
            }
        }
    }

    fn close(&mut self, any: bool, bracket: char) {
        if any && self.roll(3) {
            self.out.push(',');
        }
        self.gap();
        self.out.push(bracket);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let (_, doc) = check_any(&bytes)?;
        check_strictness(&bytes, &doc)?;
    }

    #[test]
    fn token_soup_never_panics_and_strictness_is_exact(text in soup()) {
        let (_, doc) = check_any(text.as_bytes())?;
        check_strictness(text.as_bytes(), &doc)?;
    }

    #[test]
    fn valid_json_parses_clean_to_the_same_value(v in arb_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        let src = Source::from_text("c.json", &text);
        let doc = syntax::parse(&src);
        prop_assert!(doc.diagnostics.is_empty(), "{text}: {:?}", doc.diagnostics);
        prop_assert!(doc.is_strict_json());
        let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(doc.root.map(|r| r.to_json()), Some(expected));
    }

    #[test]
    fn fixes_restore_the_intended_value(
        v in arb_json(),
        dice in prop::collection::vec(any::<u8>(), 1..64),
        bom in any::<bool>(),
    ) {
        let mut m = Messy { dice: &dice, i: 0, out: String::new() };
        if bom {
            m.out.push('\u{feff}');
        }
        m.value(&v);
        let src = Source::from_text("c.json", &m.out);
        let doc = syntax::parse(&src);
        let unfixable: Vec<_> = doc.diagnostics.iter().filter(|d| d.fix.is_none()).collect();
        prop_assert!(unfixable.is_empty(), "{}: {:?}", m.out, unfixable);
        let fixed = apply_fixes(&src.text, &doc.diagnostics);
        let again = syntax::parse(&Source::from_text("c.json", &fixed));
        prop_assert!(again.is_strict_json(), "{} -> {}: {:?}", m.out, fixed, again.diagnostics);
        prop_assert_eq!(again.root.map(|r| r.to_json()), Some(v));
    }
}
