//! What the user reads: rendered syntax diagnostics (colour off) and their
//! JSON form, produced from real parses.

use mcpctl::config::model::{ServerEntry, servers};
use mcpctl::config::source::Source;
use mcpctl::config::syntax;
use mcpctl::report::diagnostics::to_json;
use mcpctl::report::style::Style;
use mcpctl::report::text::diagnostics::{render_all, render_text};

const PATH: &str = "/home/u/claude_desktop_config.json";

fn parsed(text: &str) -> (Source, syntax::Document) {
    let src = Source::from_text(PATH, text);
    let doc = syntax::parse(&src);
    (src, doc)
}

/// Every entry under `mcpServers` of `doc`, for the diagnostics' `server`.
fn entries(doc: &syntax::Document) -> Vec<ServerEntry> {
    doc.root.as_ref().map(servers).unwrap_or_default()
}

#[test]
fn trailing_comma_and_bom_render_like_rustc() {
    let (src, doc) = parsed(
        "\u{feff}{\n  \"mcpServers\": {\n    \"memory\": {\n      \"command\": \"npx\"\n    },\n  }\n}\n",
    );
    let got = render_all(&src, &doc.diagnostics, Style::plain());
    let want = r#"error[bom]: the file starts with a UTF-8 byte order mark (BOM), which Claude Desktop cannot parse
  --> /home/u/claude_desktop_config.json:1:1
   |
 1 | ␣{
   | ^ remove the byte order mark
   = hint: PowerShell's `Set-Content`/`Out-File -Encoding utf8` add a BOM; `mcpctl doctor --fix` removes it, or save as UTF-8 without BOM (PowerShell 7: `-Encoding utf8NoBOM`)

error[trailing-comma]: trailing comma after the last entry of an object
  --> /home/u/claude_desktop_config.json:5:6
   |
 5 |     },
   |      ^ remove this comma
   = hint: strict JSON (and Claude Desktop) rejects trailing commas, and one is enough for the app to ignore every server; remove it
"#;
    assert_eq!(got, want);
}

#[test]
fn related_spans_render_as_notes_with_their_own_line() {
    let text = "{\n\t\"mcpServers\": {\n\t\t\"fs\": {\"command\": \"a\"},\n\t\t\"fs\": {\"command\": \"b\"}\n\t}\n}\n";
    let (src, doc) = parsed(text);
    let got = render_text(&src, &doc.diagnostics[0], Style::plain());
    let want = r#"warning[duplicate-key]: duplicate key "fs" (lines 3 and 4); only the last one counts
  --> /home/u/claude_desktop_config.json:4:3
   |
 4 |         "fs": {"command": "b"}
   |         ^^^^
note: first "fs" here, ignored by the app
  --> /home/u/claude_desktop_config.json:3:3
   |
 3 |         "fs": {"command": "a"},
   |         ^^^^
   = hint: Claude Desktop silently keeps the last "fs" and ignores the earlier one; merge them into one, or delete the one you do not want
"#;
    assert_eq!(got, want);
    let v = to_json(&src, &entries(&doc), &doc.diagnostics[0]);
    assert_eq!(v["severity"], "warning");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(
        (v["end_line"].as_u64(), v["end_column"].as_u64()),
        (Some(4), Some(7))
    );
    assert_eq!(
        v["related"],
        serde_json::json!([{"line": 3, "column": 3, "message": "first \"fs\" here, ignored by the app"}])
    );
    assert_eq!(v["fixable"], false);
    assert_eq!(v["file"], PATH);
    // the second "fs" is the one the warning points into
    assert_eq!(v["server"], "fs");
}

#[test]
fn multi_line_span_is_clipped_to_its_first_line() {
    let (src, doc) = parsed("{\"a\": 1}\n{\"b\":\n 2}\n");
    let got = render_text(&src, &doc.diagnostics[0], Style::plain());
    assert!(got.contains(" 2 | {\"b\":\n   | ^^^^^\n"), "{got}");
    let v = to_json(&src, &entries(&doc), &doc.diagnostics[0]);
    assert_eq!(
        (v["end_line"].as_u64(), v["end_column"].as_u64()),
        (Some(3), Some(4))
    );
}

#[test]
fn colour_only_when_asked() {
    let (src, doc) = parsed("[1,]");
    let plain = render_text(&src, &doc.diagnostics[0], Style::plain());
    let coloured = render_text(&src, &doc.diagnostics[0], Style::new(true));
    assert!(!plain.contains('\x1b'));
    assert!(
        coloured.contains("\x1b[1;31merror[trailing-comma]\x1b[0m"),
        "{coloured}"
    );
}

#[test]
fn empty_file_shows_just_the_path() {
    let (src, doc) = parsed("");
    let got = render_text(&src, &doc.diagnostics[0], Style::plain());
    assert_eq!(
        got,
        format!(
            "error[empty-file]: the file is empty\n  --> {PATH}\n   = hint: Claude Desktop needs a JSON object; the smallest valid config is {{\"mcpServers\": {{}}}}\n"
        )
    );
    assert!(to_json(&src, &entries(&doc), &doc.diagnostics[0])["line"].is_null());
}
