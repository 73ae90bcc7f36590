//! Every syntax diagnostic class at its exact line:column, the acceptance
//! file, multi-error recovery, and that the mechanical fixes repair files.

use mcpctl::codes::{Code, Kind};
use mcpctl::config::diag::{Severity, apply_fixes};
use mcpctl::config::source::Source;
use mcpctl::config::syntax::{self, Document};

/// (code, line, column); (code, 0, 0) for a diagnostic without a span.
type Pos = (&'static str, usize, usize);

fn parse_bytes(bytes: &[u8]) -> (Source, Document) {
    let src = Source::new("claude_desktop_config.json", bytes.to_vec());
    let doc = syntax::parse(&src);
    (src, doc)
}

fn positions(src: &Source, doc: &Document) -> Vec<Pos> {
    doc.diagnostics
        .iter()
        .map(|d| match d.span {
            Some(s) => {
                let lc = src.line_col(s.start);
                (d.code.id(), lc.line, lc.column)
            }
            None => (d.code.id(), 0, 0),
        })
        .collect()
}

const CASES: &[(&str, &str, &[Pos])] = &[
    ("bom", "\u{feff}{}", &[("bom", 1, 1)]),
    ("empty", "", &[("empty-file", 0, 0)]),
    ("whitespace only", "  \n\t\r\n", &[("empty-file", 0, 0)]),
    (
        "only a comment",
        "// nothing yet\n",
        &[("comment", 1, 1), ("empty-file", 0, 0)],
    ),
    (
        "comments",
        "{\n  // note\n  \"a\": 1 /* x */\n}",
        &[("comment", 2, 3), ("comment", 3, 10)],
    ),
    (
        "unclosed block comment",
        "{} /* never",
        &[("comment", 1, 4)],
    ),
    (
        "trailing commas",
        "{\"a\": [1, 2,],\n}",
        &[("trailing-comma", 1, 12), ("trailing-comma", 1, 14)],
    ),
    ("smart quotes", "{“a”: 1}", &[("smart-quote", 1, 2)]),
    ("curly single quotes", "{‘a’: 1}", &[("smart-quote", 1, 2)]),
    (
        "straight open, curly close",
        "{\"a\": \"b”}",
        &[("smart-quote", 1, 9)],
    ),
    (
        "curly quotes inside a string are content",
        "{\"a\": \"say “hi” ‘x’\"}",
        &[],
    ),
    (
        "single quotes",
        "{'a': 'it \"x\"'}",
        &[("single-quote", 1, 2), ("single-quote", 1, 7)],
    ),
    (
        "unquoted key",
        "{mcpServers: {}}",
        &[("unquoted-key", 1, 2)],
    ),
    (
        "missing comma between members",
        "{\"a\": 1\n \"b\": 2}",
        &[("missing-comma", 2, 2)],
    ),
    (
        "missing comma in array",
        "[1 2]",
        &[("missing-comma", 1, 4)],
    ),
    ("missing colon", "{\"a\" 1}", &[("missing-colon", 1, 6)]),
    (
        "equals for colon",
        "{\"a\" = 1}",
        &[("missing-colon", 1, 6)],
    ),
    ("missing value", "{\"a\": }", &[("missing-value", 1, 7)]),
    (
        "value where a key belongs",
        "{{\"a\": 1}}",
        &[("missing-key", 1, 2)],
    ),
    (
        "snippet without its outer braces",
        "\"mcpServers\": {\"a\": {}},\n\"b\": 1",
        &[("missing-brace", 1, 1)],
    ),
    (
        "only the opening brace missing",
        "\"a\": 1}",
        &[("missing-brace", 1, 1)],
    ),
    ("key alone", "{\"a\"}", &[("missing-value", 1, 5)]),
    (
        "unterminated string at end of file",
        "{\"a\": \"abc}",
        &[("unclosed", 1, 1), ("unterminated-string", 1, 7)],
    ),
    (
        "unterminated string at end of line",
        "{\"a\": \"abc,\n\"b\": 1}",
        &[("unterminated-string", 1, 7), ("missing-comma", 2, 1)],
    ),
    (
        "raw tab in string",
        "{\"a\": \"x\ty\"}",
        &[("control-character", 1, 9)],
    ),
    (
        "raw line break in string",
        "{\"a\": \"line one\nline two\"}",
        &[("control-character", 1, 16)],
    ),
    (
        "windows path",
        "{\"p\": \"C:\\Users\\me\"}",
        &[("invalid-escape", 1, 10)],
    ),
    (
        "windows path ending in a backslash",
        "{\"p\": \"C:\\dir\\\"}",
        &[("invalid-escape", 1, 10), ("invalid-escape", 1, 14)],
    ),
    (
        "short unicode escape",
        "{\"a\": \"\\u12\"}",
        &[("invalid-escape", 1, 8)],
    ),
    (
        "numbers",
        "[01, +1, .5, 1., NaN, Infinity, -Infinity, 0x1F, 1e]",
        &[
            ("invalid-number", 1, 2),
            ("invalid-number", 1, 6),
            ("invalid-number", 1, 10),
            ("invalid-number", 1, 14),
            ("invalid-number", 1, 18),
            ("invalid-number", 1, 23),
            ("invalid-number", 1, 33),
            ("invalid-number", 1, 44),
            ("invalid-number", 1, 50),
        ],
    ),
    (
        "literals",
        "[True, False, None, undefined, nil, npx, TRUE]",
        &[
            ("invalid-literal", 1, 2),
            ("invalid-literal", 1, 8),
            ("invalid-literal", 1, 15),
            ("invalid-literal", 1, 21),
            ("invalid-literal", 1, 32),
            ("invalid-literal", 1, 37),
            ("invalid-literal", 1, 42),
        ],
    ),
    (
        "no-break space",
        "{\u{a0}\"a\": 1}",
        &[("invalid-whitespace", 1, 2)],
    ),
    (
        "zero-width space",
        "{\"a\":\u{200b}1}",
        &[("invalid-whitespace", 1, 6)],
    ),
    (
        "unclosed brackets",
        "{\"a\": [1, 2",
        &[("unclosed", 1, 1), ("unclosed", 1, 7)],
    ),
    (
        "extra closing brace",
        "{\"a\": 1} }",
        &[("unexpected-character", 1, 10)],
    ),
    (
        "junk as a value",
        "{\"a\": ;}",
        &[("unexpected-character", 1, 7)],
    ),
    (
        "semicolon separator",
        "{\"a\": 1; \"b\": 2}",
        &[("unexpected-character", 1, 8)],
    ),
    ("extra comma", "[1,,2]", &[("unexpected-character", 1, 4)]),
    (
        "mismatched bracket",
        "{\"a\": [1, 2}",
        &[("mismatched-bracket", 1, 12)],
    ),
    (
        "two objects pasted",
        "{\"mcpServers\": {}}\n{\"mcpServers\": {}}",
        &[("multiple-values", 2, 1)],
    ),
    (
        "two objects with a comma",
        "{}, {}",
        &[("multiple-values", 1, 5)],
    ),
    (
        "duplicate key",
        "{\n \"a\": 1,\n \"a\": 2\n}",
        &[("duplicate-key", 3, 2)],
    ),
];

#[test]
fn every_class_at_its_exact_position() {
    let mut failures = Vec::new();
    for (name, text, want) in CASES {
        let (src, doc) = parse_bytes(text.as_bytes());
        let got = positions(&src, &doc);
        if got != *want {
            failures.push(format!("{name}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let (src, doc) = parse_bytes(b"{\"a\": \"caf\xe9\", \"b\": \xff}");
    assert_eq!(
        positions(&src, &doc),
        [
            ("invalid-utf8", 1, 11),
            ("invalid-utf8", 1, 20),
            ("missing-value", 1, 21)
        ]
    );
    assert!(
        doc.diagnostics[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("UTF-8")
    );
}

#[test]
fn utf16_file_is_one_diagnostic() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "{\"mcpServers\": {}}".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (src, doc) = parse_bytes(&bytes);
    assert_eq!(positions(&src, &doc), [("invalid-utf8", 0, 0)]);
    assert!(doc.diagnostics[0].message.contains("UTF-16"));
}

#[test]
fn too_deep_nesting_is_reported_not_a_stack_overflow() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (src, doc) = parse_bytes(text.as_bytes());
    let col = syntax::MAX_DEPTH + 1;
    assert_eq!(positions(&src, &doc), [("too-deep", 1, col)]);
    let text = "[".repeat(100_000);
    let (_, doc) = parse_bytes(text.as_bytes());
    assert!(doc.diagnostics.iter().any(|d| d.code == Code::Unclosed));
}

#[test]
fn every_code_is_covered_by_a_case() {
    let mut seen: Vec<&str> = CASES
        .iter()
        .flat_map(|(_, _, want)| want.iter().map(|p| p.0))
        .collect();
    seen.extend(["invalid-utf8", "too-deep"]);
    for code in Code::of_kind(Kind::Syntax) {
        assert!(seen.contains(&code.id()), "no test case for `{code}`");
    }
}

#[test]
fn details_that_matter_to_the_user() {
    let (src, doc) = parse_bytes(b"{\"a\": [1, 2}");
    let d = &doc.diagnostics[0];
    assert_eq!(d.related.len(), 1);
    assert_eq!(src.line_col(d.related[0].span.start).column, 7);
    assert!(d.message.contains("expected `]`"), "{}", d.message);

    let (src, doc) = parse_bytes(b"{\n \"a\": 1,\n \"a\": 2\n}");
    let d = &doc.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("lines 2 and 3"), "{}", d.message);
    assert_eq!(src.line_col(d.related[0].span.start).line, 2);
    assert!(d.hint.as_deref().unwrap().contains("ignores the earlier"));
    assert!(doc.is_strict_json(), "duplicate keys are legal JSON");
    assert_eq!(doc.root.unwrap().to_json(), serde_json::json!({"a": 2}));

    let (_, doc) = parse_bytes(b"{\"p\": \"C:\\Users\\me\"}");
    let hint = doc.diagnostics[0].hint.as_deref().unwrap();
    assert!(
        hint.contains(r#""C:\\Users\\me""#) && hint.contains("C:/Users/me"),
        "{hint}"
    );
    assert_eq!(doc.root.unwrap().to_json()["p"], r"C:\Users\me");

    let (_, doc) = parse_bytes(b"{\"a\": 1}\n{\"b\": 2}");
    assert_eq!(doc.root.unwrap().to_json(), serde_json::json!({"a": 1}));
    assert_eq!(doc.extra_values.len(), 1);
    assert!(
        doc.diagnostics[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("mcpServers")
    );

    let (_, doc) = parse_bytes(b"\"mcpServers\": {\"a\": {}},\n\"b\": 1");
    let want = serde_json::json!({"mcpServers": {"a": {}}, "b": 1});
    assert_eq!(doc.root.unwrap().to_json(), want);

    let (_, doc) = parse_bytes(b"");
    assert!(
        doc.diagnostics[0]
            .hint
            .as_deref()
            .unwrap()
            .contains(r#"{"mcpServers": {}}"#)
    );
}

#[test]
fn acceptance_bom_and_two_trailing_commas() {
    let text = "\u{feff}{
  \"mcpServers\": {
    \"github\": {
      \"command\": \"npx\",
      \"args\": [\"-y\", \"@modelcontextprotocol/server-github\",],
      \"env\": {\"PORT\": 8080}
    },
  }
}
";
    let (src, doc) = parse_bytes(text.as_bytes());
    assert_eq!(
        positions(&src, &doc),
        [
            ("bom", 1, 1),
            ("trailing-comma", 5, 59),
            ("trailing-comma", 7, 6)
        ]
    );
    assert!(!doc.is_strict_json());
    let fixed = apply_fixes(&src.text, &doc.diagnostics);
    let (_, again) = parse_bytes(fixed.as_bytes());
    assert!(again.is_strict_json(), "{fixed}");
    assert_eq!(
        again.root.unwrap().to_json()["mcpServers"]["github"]["env"]["PORT"],
        8080
    );
}

#[test]
fn many_mistakes_in_one_pass_in_source_order() {
    let text = "\u{feff}{
  // my servers
  mcpServers: {
    “github”: {
      'command': \"npx\"
      \"args\": [\"-y\", \"C:\\tools\\x\"],
      \"enabled\": True,
    },
  }
}
{\"mcpServers\": {}}
";
    let (src, doc) = parse_bytes(text.as_bytes());
    assert_eq!(
        positions(&src, &doc),
        [
            ("bom", 1, 1),
            ("comment", 2, 3),
            ("unquoted-key", 3, 3),
            ("smart-quote", 4, 5),
            ("single-quote", 5, 7),
            ("missing-comma", 6, 7),
            ("invalid-escape", 6, 31),
            ("invalid-literal", 7, 18),
            ("trailing-comma", 7, 22),
            ("trailing-comma", 8, 6),
            ("multiple-values", 11, 1),
        ]
    );
    let root = doc.root.expect("a tree despite the errors");
    let github = &root.to_json()["mcpServers"]["github"];
    assert_eq!(github["command"], "npx");
    assert_eq!(github["args"][1], "C:\tools\\x");
    assert_eq!(github["enabled"], true);
}

#[test]
fn fixes_turn_a_broken_file_into_strict_json() {
    let text = "\u{feff}{
  // servers
  \"mcpServers\": {
    “memory”: {
      \"command\": 'npx', /* default */
      \"args\": [\"-y\", \"@modelcontextprotocol/server-memory\",],
      \"env\": {\u{a0}\"DEBUG\": False, \"LEVEL\": +1, \"r\": .5}
    },
  },
}
";
    let (src, doc) = parse_bytes(text.as_bytes());
    assert!(
        doc.diagnostics.iter().all(|d| d.fix.is_some()),
        "{:#?}",
        doc.diagnostics
    );
    let fixed = apply_fixes(&src.text, &doc.diagnostics);
    let (_, again) = parse_bytes(fixed.as_bytes());
    assert!(again.is_strict_json(), "{fixed}\n{:#?}", again.diagnostics);
    assert_eq!(
        again.root.unwrap().to_json(),
        serde_json::json!({"mcpServers": {"memory": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-memory"],
            "env": {"DEBUG": false, "LEVEL": 1, "r": 0.5}
        }}})
    );
    assert_eq!(
        fixed,
        "{
  \"mcpServers\": {
    \"memory\": {
      \"command\": \"npx\",
      \"args\": [\"-y\", \"@modelcontextprotocol/server-memory\"],
      \"env\": { \"DEBUG\": false, \"LEVEL\": 1, \"r\": 0.5}
    }
  }
}
"
    );
}

#[test]
fn strictness_matches_json_parse() {
    for ok in [
        "{}",
        "[]",
        "0",
        "\"s\"",
        " {\"a\": [1, {\"b\": null}]}\r\n",
        "{\"a\":1,\"a\":2}",
    ] {
        let (_, doc) = parse_bytes(ok.as_bytes());
        assert!(doc.is_strict_json(), "{ok}: {:?}", doc.diagnostics);
    }
    for bad in [
        "\u{feff}{}",
        "",
        "{} {}",
        "{,}",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "'a'",
    ] {
        let (_, doc) = parse_bytes(bad.as_bytes());
        assert!(!doc.is_strict_json(), "{bad}");
    }
}
