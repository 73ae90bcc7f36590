//! Diagnostics as text: rustc-style, with the source line and carets
//! (`render_text`). Pure functions of the source and the diagnostic;
//! printing is the caller's job. Source lines are shown with
//! every `env`/`headers` value masked (`"****"`): a diagnostic is often
//! pasted into an issue, and the line of a trailing comma after the last
//! env entry is the line of an API key.

use crate::config::diag::{Diagnostic, Severity};
use crate::config::model::secret_spans;
use crate::config::source::{Source, Span};
use crate::config::syntax;
use crate::report::style::Style;

/// Tabs are shown as this many spaces (in the line and under it alike).
const TAB_WIDTH: usize = 4;

/// Render one diagnostic, e.g.
///
/// ```text
/// error[trailing-comma]: trailing comma after the last entry of an object
///   --> /home/u/claude_desktop_config.json:5:6
///    |
///  5 |     },
///    |      ^ remove this comma
///    = hint: strict JSON (and Claude Desktop) rejects trailing commas; ...
/// ```
///
/// The caret label is the fix's description when there is a fix. Related
/// spans follow as `note:` blocks; the hint comes last. Ends with `\n`.
pub fn render_text(source: &Source, diag: &Diagnostic, style: Style) -> String {
    render_masked(source, diag, style, &secrets_of(source))
}

/// Render several diagnostics separated by blank lines.
pub fn render_all(source: &Source, diags: &[Diagnostic], style: Style) -> String {
    let secrets = secrets_of(source);
    diags
        .iter()
        .map(|d| render_masked(source, d, style, &secrets))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The spans of the secret values in the file (masked in source lines).
fn secrets_of(source: &Source) -> Vec<Span> {
    syntax::parse(source)
        .root
        .as_ref()
        .map(secret_spans)
        .unwrap_or_default()
}

fn render_masked(source: &Source, diag: &Diagnostic, style: Style, secrets: &[Span]) -> String {
    let paint = |s: &str| match diag.severity {
        Severity::Error => style.red(s),
        Severity::Warning => style.yellow(s),
    };
    let level = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let width = gutter_width(source, diag);
    let mut out = format!(
        "{}{}\n",
        paint(&format!("{level}[{}]", diag.code)),
        style.bold(&format!(": {}", diag.message))
    );
    match diag.span {
        Some(span) => {
            let label = diag.fix.as_ref().map(|f| f.description.as_str());
            let at = Place { span, label };
            out.push_str(&snippet(source, at, secrets, width, style, &paint));
        }
        None => out.push_str(&format!(
            "{}{} {}\n",
            " ".repeat(width + 1),
            style.cyan("-->"),
            source.path.display()
        )),
    }
    for rel in &diag.related {
        out.push_str(&format!(
            "{}{}\n",
            style.bold("note"),
            format_args!(": {}", rel.message)
        ));
        let at = Place {
            span: rel.span,
            label: None,
        };
        out.push_str(&snippet(source, at, secrets, width, style, &|s: &str| {
            style.cyan(s)
        }));
    }
    if let Some(hint) = &diag.hint {
        let pad = " ".repeat(width + 2);
        let mut lines = hint.lines();
        let first = lines.next().unwrap_or("");
        out.push_str(&format!("{pad}{} {first}\n", style.cyan("= hint:")));
        for more in lines {
            out.push_str(&format!("{pad}        {more}\n"));
        }
    }
    out
}

/// Digits of the largest line number shown.
fn gutter_width(source: &Source, diag: &Diagnostic) -> usize {
    let max_line = diag
        .span
        .iter()
        .chain(diag.related.iter().map(|r| &r.span))
        .map(|s| source.line_col(s.start).line)
        .max()
        .unwrap_or(1);
    max_line.to_string().len()
}

/// Where carets go, and the text after them.
struct Place<'a> {
    span: Span,
    label: Option<&'a str>,
}

/// The `-->` location, the source line (secrets masked) and the carets
/// under the span (clipped to its first line; at least one caret).
fn snippet(
    source: &Source,
    at: Place,
    secrets: &[Span],
    width: usize,
    style: Style,
    paint: &dyn Fn(&str) -> String,
) -> String {
    let Place { span, label } = at;
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    let line_text = source.line_text(start.line);
    let pad = " ".repeat(width + 2);
    let bar = style.cyan("|");
    let (shown, cols) = display_line(line_text, source.line_start(start.line), secrets);
    let chars_in_line = line_text.chars().count();
    let first = (start.column - 1).min(chars_in_line);
    let last = if end.line == start.line {
        (end.column - 1).min(chars_in_line)
    } else {
        chars_in_line
    };
    let offset: usize = cols[..first].iter().sum();
    let carets: usize = cols[first..last.max(first)].iter().sum::<usize>().max(1);
    let label = label.map(|l| format!(" {l}")).unwrap_or_default();
    let source_line = if shown.is_empty() {
        String::new()
    } else {
        format!(" {shown}")
    };
    format!(
        "{arrow_pad}{arrow} {path}:{line}:{col}\n{pad}{bar}\n{gutter} {bar}{source_line}\n{pad}{bar} {spaces}{marks}\n",
        arrow_pad = " ".repeat(width + 1),
        arrow = style.cyan("-->"),
        path = source.path.display(),
        line = start.line,
        col = start.column,
        gutter = style.cyan(&format!(" {:>width$}", start.line)),
        spaces = " ".repeat(offset),
        marks = paint(&format!("{}{label}", "^".repeat(carets))),
    )
}

/// The line as displayed (tabs expanded, invisible characters made
/// visible, the inside of each secret string shown as `****`) and the
/// display width of each of its characters. `line_start` is the line's
/// byte offset in the source, `secrets` the spans to mask.
fn display_line(line: &str, line_start: usize, secrets: &[Span]) -> (String, Vec<usize>) {
    let mut shown = String::new();
    let mut cols = Vec::new();
    for (i, c) in line.char_indices() {
        let at = line_start + i;
        // inside the quotes of a secret: `****` once, then nothing
        if let Some(s) = secrets.iter().find(|s| s.start < at && at + 1 < s.end) {
            let first = at == s.start + 1 || i == 0;
            shown.push_str(if first { "****" } else { "" });
            cols.push(if first { 4 } else { 0 });
            continue;
        }
        match c {
            '\t' => {
                shown.push_str(&" ".repeat(TAB_WIDTH));
                cols.push(TAB_WIDTH);
            }
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
                shown.push('\u{2423}');
                cols.push(1);
            }
            c if c.is_control() => {
                shown.push('\u{FFFD}');
                cols.push(1);
            }
            c => {
                shown.push(c);
                cols.push(1);
            }
        }
    }
    (shown, cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;
    use crate::report::diagnostics::tests::trailing_comma_diag;

    #[test]
    fn renders_like_rustc() {
        let src = Source::from_text("/c.json", "{\n \"a\": {\n  \"b\": 1\n },\n}\n");
        let got = render_text(&src, &trailing_comma_diag(&src), Style::plain());
        let want = "\
error[trailing-comma]: trailing comma after the last entry of an object
  --> /c.json:4:3
   |
 4 |  },
   |   ^ remove this comma
   = hint: strict JSON rejects trailing commas
";
        assert_eq!(got, want);
    }

    #[test]
    fn tabs_expand_and_long_spans_clip() {
        let src = Source::from_text("f", "\t\"abc\": x\n");
        let d = Diagnostic::error(Code::Schema, "m").at(Span::new(1, 100));
        let got = render_text(&src, &d, Style::plain());
        assert!(got.contains(" 1 |     \"abc\": x\n"), "{got}");
        assert!(got.contains("   |     ^^^^^^^^\n"), "{got}");
    }

    #[test]
    fn empty_span_gets_one_caret_and_no_span_just_the_path() {
        let src = Source::from_text("f", "ab");
        let d = Diagnostic::error(Code::Schema, "m").at(Span::at(2));
        assert!(render_text(&src, &d, Style::plain()).contains("   |   ^\n"));
        let d = Diagnostic::warning(Code::EmptyFile, "the file is empty");
        assert_eq!(
            render_text(&src, &d, Style::plain()),
            "warning[empty-file]: the file is empty\n  --> f\n"
        );
    }

    #[test]
    fn secrets_are_masked_in_source_lines_and_carets_follow() {
        let text = "{\"env\": {\"TOKEN\": \"sk-live-0123456789\",}, \"args\": [\"sk-shown\"]}";
        let src = Source::from_text("f", text);
        let comma = text.find("\",}").unwrap() + 1;
        let d = Diagnostic::error(Code::TrailingComma, "m").at(Span::new(comma, comma + 1));
        let got = render_all(&src, &[d], Style::plain());
        assert!(!got.contains("sk-live"), "{got}");
        assert!(
            got.contains(" 1 | {\"env\": {\"TOKEN\": \"****\",}, \"args\": [\"sk-shown\"]}\n"),
            "{got}"
        );
        let caret = format!("   | {}^\n", " ".repeat(24));
        assert!(got.contains(&caret), "{got}");
        // the position itself is the file's, not the masked line's
        assert!(got.contains("--> f:1:39\n"), "{got}");
    }
}
