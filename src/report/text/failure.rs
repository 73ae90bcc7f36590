//! A failed run as text, on stderr: `error: MESSAGE`, the line the error
//! is about with a caret under the place (when it is about a place in a
//! text, shown like a diagnostic's snippet), and `  hint: HINT`.

use crate::error::Error;
use crate::report::style::Style;
use crate::report::text::diagnostics;

pub fn render(e: &Error, s: Style) -> String {
    let mut out = format!("{} {}\n", s.red("error:"), e.message);
    if let Some(spot) = &e.spot {
        out.push_str(&diagnostics::spot(spot, s));
    }
    if let Some(h) = &e.hint {
        out.push_str(&format!("  {} {h}\n", s.cyan("hint:")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Spot;

    fn spot(line_text: &str, start: usize, end: usize, secrets: Vec<(usize, usize)>) -> Spot {
        Spot {
            path: "/c.json".into(),
            line: 12,
            column: start + 1,
            line_text: line_text.into(),
            start,
            end,
            secrets,
            label: Some("remove this comma".into()),
        }
    }

    #[test]
    fn an_error_about_a_place_shows_its_line_and_a_caret_between_message_and_hint() {
        let line = r#"    "a": {"env": {"K": "sk-live-0123"}},"#;
        let comma = line.len() - 1;
        // a secret's span is the inside of its string
        let secret = line.find("sk-").unwrap();
        let e = Error::new("refusing to write: /c.json is not valid JSON")
            .hint("fix it")
            .at(Some(spot(
                line,
                comma,
                comma + 1,
                vec![(secret, secret + 12)],
            )));
        let want = "\
error: refusing to write: /c.json is not valid JSON
   --> /c.json:12:40
    |
 12 |     \"a\": {\"env\": {\"K\": \"****\"}},
    |                                ^ remove this comma
  hint: fix it
";
        assert_eq!(render(&e, Style::plain()), want);
    }

    #[test]
    fn an_error_without_a_place_is_message_and_hint() {
        let e = Error::new("no config").hint("add one");
        assert_eq!(
            render(&e, Style::plain()),
            "error: no config\n  hint: add one\n"
        );
    }

    #[test]
    fn a_long_line_is_clipped_around_the_place() {
        let line = format!("{}x{}", "a".repeat(500), "b".repeat(500));
        let e = Error::new("broken").at(Some(spot(&line, 500, 501, Vec::new())));
        let got = render(&e, Style::plain());
        assert!(got.contains("…") && got.contains('x'), "{got}");
        assert!(got.lines().all(|l| l.chars().count() < 200), "{got}");
    }
}
