//! Diagnostics as text: rustc-style, with the source line and carets
//! (`render_text`). Pure functions of the source and the diagnostic;
//! printing is the caller's job. Source lines are shown with
//! every `env`/`headers` value masked (`"****"`): a diagnostic is often
//! pasted into an issue, and the line of a trailing comma after the last
//! env entry is the line of an API key.
//!
//! The cost of one diagnostic does not grow with the file: a long line
//! (a minified script given as a config) is clipped to a window around the
//! column, positions come from the source's index, and the secrets are
//! found once per file ([`Snippets`]). A report lists at most
//! [`SHOWN`](crate::report::diagnostics::SHOWN) per file and says how many
//! more there are ([`more`]).

use crate::config::diag::{Diagnostic, Severity};
use crate::config::model::secret_spans;
use crate::config::source::{Source, Span};
use crate::config::syntax;
use crate::error::Spot;
use crate::report::style::Style;

/// Tabs are shown as this many spaces (in the line and under it alike).
const TAB_WIDTH: usize = 4;
/// A source line up to this many bytes is shown whole...
const WHOLE: usize = 240;
/// ...a longer one as this many characters before the column...
const BEFORE: usize = 60;
/// ...and this many from it on.
const AFTER: usize = 100;
/// The mark for the clipped part of a line.
const CLIP: &str = "…";

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
    Snippets::new(source).render(diag, style)
}

/// Render several diagnostics separated by blank lines.
pub fn render_all(source: &Source, diags: &[Diagnostic], style: Style) -> String {
    Snippets::new(source).render_all(diags, style)
}

/// `... and N more` after a capped list (empty when nothing was left out).
pub fn more(omitted: usize, style: Style) -> String {
    if omitted == 0 {
        return String::new();
    }
    format!(
        "{}\n",
        style.dim(&format!(
            "... and {omitted} more (fix these first, then run again)"
        ))
    )
}

/// One file's diagnostics as text, its secrets found once.
pub struct Snippets<'a> {
    source: &'a Source,
    secrets: Vec<Span>,
}

impl<'a> Snippets<'a> {
    pub fn new(source: &'a Source) -> Snippets<'a> {
        Snippets {
            source,
            secrets: secrets_of(source),
        }
    }

    /// With the secrets' spans already known (from the parsed tree), so
    /// the file is not parsed again.
    pub fn with_secrets(source: &'a Source, secrets: Vec<Span>) -> Snippets<'a> {
        Snippets { source, secrets }
    }

    pub fn render(&self, diag: &Diagnostic, style: Style) -> String {
        render_masked(self.source, diag, style, &self.secrets)
    }

    /// Several diagnostics separated by blank lines.
    pub fn render_all(&self, diags: &[Diagnostic], style: Style) -> String {
        let mut out = String::new();
        self.each(diags, style, &mut |chunk| {
            out.push_str(chunk);
            Ok(())
        })
        .unwrap_or_default();
        out
    }

    /// [`Snippets::render_all`] handed out one diagnostic at a time, so a
    /// caller can write each as it is rendered.
    pub fn each(
        &self,
        diags: &[Diagnostic],
        style: Style,
        emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        for (i, d) in diags.iter().enumerate() {
            if i > 0 {
                emit("\n")?;
            }
            emit(&self.render(d, style))?;
        }
        Ok(())
    }
}

/// The spans of the secret values in the file (masked in source lines).
fn secrets_of(source: &Source) -> Vec<Span> {
    let doc = syntax::parse(source);
    secret_spans(doc.root.as_ref(), &doc.extra_values, &source.text)
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
        // one line and a few hundred characters, whatever text of the
        // config it quotes
        style.bold(&format!(": {}", shown(&diag.message)))
    );
    match diag.span {
        Some(span) => {
            let label = diag.fix.as_ref().map(|f| f.description.as_str());
            let at = Place { span, label };
            out.push_str(&snippet(
                &Line::of(source, span.start),
                at,
                secrets,
                width,
                style,
                &paint,
            ));
        }
        None => out.push_str(&format!(
            "{}{} {}\n",
            " ".repeat(width + 1),
            style.cyan("-->"),
            crate::escape::one_line(&source.path.display().to_string())
        )),
    }
    for rel in &diag.related {
        out.push_str(&format!(
            "{}{}\n",
            style.bold("note"),
            format_args!(": {}", shown(&rel.message))
        ));
        let at = Place {
            span: rel.span,
            label: None,
        };
        let line = Line::of(source, rel.span.start);
        out.push_str(&snippet(&line, at, secrets, width, style, &|s: &str| {
            style.cyan(s)
        }));
    }
    if let Some(hint) = &diag.hint {
        let pad = " ".repeat(width + 2);
        let mut lines = hint.lines().map(|l| crate::text::clip(l, MAX_SHOWN));
        let first = lines.next().unwrap_or_default();
        out.push_str(&format!("{pad}{} {first}\n", style.cyan("= hint:")));
        for more in lines {
            out.push_str(&format!("{pad}        {more}\n"));
        }
    }
    out
}

/// The most characters of a message or hint line shown: a value of the
/// config quoted whole (an argument of 200 000 characters) is cut.
const MAX_SHOWN: usize = 400;

/// A message as shown: on one line, cut at [`MAX_SHOWN`] characters.
fn shown(message: &str) -> String {
    crate::escape::name(&crate::text::clip(message, MAX_SHOWN)).into_owned()
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

/// One line of a text, for [`snippet`]: where it is, and where it starts
/// in the offsets of the span and the secrets.
struct Line<'a> {
    path: String,
    number: usize,
    column: usize,
    text: &'a str,
    start: usize,
}

impl<'a> Line<'a> {
    /// The line of `source` that holds `offset`.
    fn of(source: &'a Source, offset: usize) -> Line<'a> {
        let at = source.line_col(offset);
        Line {
            // a manifest's path holds its extension's folder name: a line
            // break there is shown escaped, not a line of its own
            path: crate::escape::one_line(&source.path.display().to_string()).into_owned(),
            number: at.line,
            column: at.column,
            text: source.line_text(at.line),
            start: source.line_start(at.line),
        }
    }
}

/// An error's [`Spot`] as the `-->` location, its line (secrets masked,
/// clipped when long) and the carets, like a diagnostic's snippet.
pub fn spot(spot: &Spot, style: Style) -> String {
    let line = Line {
        path: spot.path.clone(),
        number: spot.line,
        column: spot.column,
        text: &spot.line_text,
        start: 0,
    };
    let secrets: Vec<Span> = spot
        .secrets
        .iter()
        .map(|&(start, end)| Span { start, end })
        .collect();
    let at = Place {
        span: Span {
            start: spot.start,
            end: spot.end,
        },
        label: spot.label.as_deref(),
    };
    let width = spot.line.to_string().len();
    snippet(&line, at, &secrets, width, style, &|s: &str| style.red(s))
}

/// The `-->` location, the line (secrets masked, clipped around the
/// column when long) and the carets under the span (clipped to its first
/// line and to what is shown; at least one caret).
fn snippet(
    line: &Line,
    at: Place,
    secrets: &[Span],
    width: usize,
    style: Style,
    paint: &dyn Fn(&str) -> String,
) -> String {
    let Place { span, label } = at;
    let line_text = line.text;
    let line_start = line.start;
    let pad = " ".repeat(width + 2);
    let bar = style.cyan("|");
    // the caret's byte offset in the line, on a character boundary
    let col_at = floor_boundary(line_text, span.start.saturating_sub(line_start));
    let (from, to) = if line_text.len() <= WHOLE {
        (0, line_text.len())
    } else {
        (
            back_chars(line_text, col_at, BEFORE),
            forward_chars(line_text, col_at, AFTER),
        )
    };
    let head = if from > 0 { CLIP } else { "" };
    let tail = if to < line_text.len() { CLIP } else { "" };
    let window = &line_text[from..to];
    let (shown, cols) = display_line(window, line_start + from, secrets);
    let first = window[..col_at - from].chars().count();
    let span_end = span.end.saturating_sub(line_start).min(to).max(col_at);
    let last = first
        + line_text[col_at..floor_boundary(line_text, span_end)]
            .chars()
            .count();
    let offset: usize = head.chars().count() + cols[..first].iter().sum::<usize>();
    let carets: usize = cols[first..last.min(cols.len())]
        .iter()
        .sum::<usize>()
        .max(1);
    let label = label.map(|l| format!(" {l}")).unwrap_or_default();
    let source_line = if shown.is_empty() {
        String::new()
    } else {
        format!(" {head}{shown}{tail}")
    };
    format!(
        "{arrow_pad}{arrow} {path}:{line}:{col}\n{pad}{bar}\n{gutter} {bar}{source_line}\n{pad}{bar} {spaces}{marks}\n",
        arrow_pad = " ".repeat(width + 1),
        arrow = style.cyan("-->"),
        path = line.path,
        line = line.number,
        col = line.column,
        gutter = style.cyan(&format!(" {:>width$}", line.number)),
        spaces = " ".repeat(offset),
        marks = paint(&format!("{}{label}", "^".repeat(carets))),
    )
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The offset `n` characters before `at` (or the start).
fn back_chars(s: &str, at: usize, n: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The offset `n` characters after `at` (or the end).
fn forward_chars(s: &str, at: usize, n: usize) -> usize {
    s[at..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| at + i)
}

/// The line as displayed (tabs expanded, invisible characters made
/// visible, the inside of each secret string shown as `****`) and the
/// display width of each of its characters. `line_start` is the line's
/// byte offset in the source, `secrets` the spans to mask (sorted, so the
/// one around a character is found by binary search).
fn display_line(line: &str, line_start: usize, secrets: &[Span]) -> (String, Vec<usize>) {
    let mut shown = String::new();
    let mut cols = Vec::new();
    for (i, c) in line.char_indices() {
        let at = line_start + i;
        // inside a secret: `****` once, then nothing
        let around = secrets.partition_point(|s| s.start <= at);
        if let Some(s) = around
            .checked_sub(1)
            .map(|k| secrets[k])
            .filter(|s| at < s.end)
        {
            let first = at == s.start || i == 0;
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
            // what the terminal guard would escape later (bidirectional
            // marks, tag characters): escaped here, so the caret counts
            // the columns the escape takes
            c if crate::escape::is_unsafe(c) => {
                let e = crate::escape::visible(c);
                cols.push(e.len());
                shown.push_str(&e);
            }
            c => {
                shown.push(c);
                // as a terminal draws it: CJK and emoji take two columns,
                // a combining mark none (it sits on the character before)
                cols.push(unicode_width::UnicodeWidthChar::width(c).unwrap_or(0));
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

    /// A caret sits under its character however wide the ones before it
    /// are drawn: CJK and emoji two columns, a combining mark none.
    /// A character the terminal guard escapes is escaped in the snippet
    /// already, and the caret still points under the span.
    #[test]
    fn the_caret_counts_escaped_characters() {
        let (shown, cols) = display_line("a\u{200e}b", 0, &[]);
        assert_eq!(shown, "a\\u{200e}b");
        assert_eq!(cols, [1, 8, 1]);
    }

    #[test]
    fn columns_are_as_a_terminal_draws_them() {
        let (_, cols) = display_line("日a😀e\u{301},", 0, &[]);
        assert_eq!(cols, [2, 1, 2, 1, 0, 1]);
        let src = Source::from_text("/c.json", "{\"日本語😀\": {\"a\": {},}}\n");
        let got = render_text(&src, &trailing_comma_diag(&src), Style::plain());
        let line = got.lines().find(|l| l.contains("},}")).unwrap();
        let caret = got
            .lines()
            .find(|l| l.trim_end().ends_with("remove this comma"))
            .unwrap();
        let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        let comma = width(&line[..line.find("},").unwrap() + 1]);
        assert_eq!(width(&caret[..caret.find('^').unwrap()]), comma, "{got}");
    }

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

    /// A message or hint quoting a huge value of the config is cut, and
    /// kept on one line.
    #[test]
    fn huge_quoted_values_are_cut_and_line_breaks_escaped() {
        let src = Source::from_text("f", "{}");
        let huge = "x".repeat(200_000);
        let d = Diagnostic::error(Code::Schema, format!("holds `{huge}`\nand more"))
            .at(Span::new(0, 1))
            .hint(format!("replace `{huge}`"));
        let got = render_text(&src, &d, Style::plain());
        assert!(got.len() < 2_000, "{}", got.len());
        assert!(
            got.lines().next().is_some_and(|l| l.ends_with("…")),
            "{got}"
        );
        let d = Diagnostic::error(Code::Schema, "a\nb").at(Span::new(0, 1));
        let got = render_text(&src, &d, Style::plain());
        assert!(got.starts_with("error[schema]: a\\nb\n"), "{got}");
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
