//! Terminal safety: text a server or a config chose (a server name, a
//! tool name, an error message, a stderr line, an env key, an argument)
//! must not reach a terminal as control sequences: no clear-screen, no
//! window title, no OSC 52 clipboard write, no OSC 8 link, no carriage
//! return that hides what came before, no right-to-left override that
//! shows code in another order. [`terminal`] makes every such character
//! visible (`\x1b`, `\r`, `\u{202e}`); the output layer applies it to all
//! human text, once, on its way out.
//!
//! mcpctl's own colours are the one exception: with colour on, the exact
//! SGR sequences `report::style` writes (bold, dim, four colours, reset)
//! pass. Text that copies one of them can at worst colour itself; nothing
//! else with an ESC survives.
//!
//! A leaf: strings in, strings out.

use std::borrow::Cow;

/// The SGR sequences mcpctl's styles write (`report::style`).
const OWN_SGR: &[&str] = &[
    "\x1b[0m",
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[1;31m",
    "\x1b[1;32m",
    "\x1b[1;33m",
    "\x1b[1;36m",
];

/// Whether `c` must not reach a terminal as is: C0 controls but newline
/// and tab, DEL, C1 controls, the bidirectional overrides, isolates and
/// marks (U+061C, U+200E, U+200F: invisible, they reorder what follows),
/// the zero-width space, word joiner and no-break space (U+200B, U+2060,
/// U+FEFF: invisible, they make `git<U+200B>hub` look like `github`; the
/// joiners U+200C/U+200D stay, emoji and several scripts need them), and
/// the tag characters (U+E0000..U+E007F: invisible ASCII, the carrier of
/// text hidden in a tool description).
pub(crate) fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2060}' | '\u{feff}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{e0000}'..='\u{e007f}')
}

/// Whether a byte of UTF-8 text may begin a character [`is_unsafe`] or
/// [`is_line_break`] matches: a control byte but tab (newline included),
/// or [`may_start_raw`].
fn may_start_unsafe(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || may_start_raw(b)
}

/// Whether a byte may begin an unsafe character above the C0 controls:
/// DEL, or the lead byte of the C1 controls (0xC2), of U+061C (0xD8), of
/// the bidirectional marks, zero-width space, word joiner, overrides and
/// line separators (0xE2), of U+FEFF (0xEF), or of the tag characters
/// (0xF3). A byte-wise test the compiler vectorises: most text has none,
/// and is passed as it is.
fn may_start_raw(b: u8) -> bool {
    matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef | 0xf3)
}

/// Line breaks a one-line field must not hold: newline and the Unicode
/// line and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}')
}

/// `text` with every unsafe character shown as an escape; with `color`,
/// mcpctl's own SGR sequences are kept.
pub fn terminal(text: &str, color: bool) -> Cow<'_, str> {
    if !text.bytes().any(|b| may_start_unsafe(b) && b != b'\n') {
        return Cow::Borrowed(text);
    }
    escaped(text, color, is_unsafe)
}

/// [`terminal`] for a field that must stay on one line (a quoted log
/// line, a name in a table): line breaks are shown as escapes too.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(may_start_unsafe) {
        return Cow::Borrowed(text);
    }
    escaped(text, false, |c| is_unsafe(c) || is_line_break(c))
}

/// [`one_line`] for a name (a server's, a tool's, an extension's) or a
/// message quoting one: a tab is shown as an escape too, since in a table
/// or a sentence it reads as spaces that are not there.
pub fn name(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| may_start_unsafe(b) || b == b'\t') {
        return Cow::Borrowed(text);
    }
    escaped(text, false, |c| {
        is_unsafe(c) || is_line_break(c) || c == '\t'
    })
}

/// A JSON document as a serializer wrote it, with every unsafe character
/// and line separator it left raw (C1 controls, DEL, the bidirectional
/// overrides, U+2028/U+2029: JSON allows them in strings) written as a
/// `\uXXXX` escape. The same document, safe on a terminal: outside
/// strings a JSON text holds none of them.
pub fn json(text: &str) -> Cow<'_, str> {
    let raw = |c: char| is_unsafe(c) || (is_line_break(c) && c != '\n');
    if !text.bytes().any(may_start_raw) || !text.chars().any(raw) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            // a tag character is past U+FFFF: JSON writes it as a pair
            let mut units = [0; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How an unsafe character is shown: `\r`, `\n`, `\x1b`, `\u{202e}`.
pub(crate) fn visible(c: char) -> String {
    match c {
        '\r' => "\\r".into(),
        '\n' => "\\n".into(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

fn escaped(text: &str, color: bool, is_unsafe: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b'
            && color
            && let Some(sgr) = OWN_SGR.iter().find(|s| rest.starts_with(**s))
        {
            out.push_str(sgr);
            rest = &rest[sgr.len()..];
            continue;
        }
        if is_unsafe(c) {
            out.push_str(&visible(c));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_become_visible() {
        assert_eq!(
            terminal("a\x1b[2Jb\x1b]0;title\x07c\rd\u{9b}e\u{202e}f\x7f", false),
            "a\\x1b[2Jb\\x1b]0;title\\x07c\\rd\\u{9b}e\\u{202e}f\\x7f"
        );
        // OSC 52 clipboard write and OSC 8 link
        assert_eq!(
            terminal("\x1b]52;c;aGk=\x1b\\", true),
            "\\x1b]52;c;aGk=\\x1b\\"
        );
        assert!(matches!(terminal("plain\ttext\n", false), Cow::Borrowed(_)));
    }

    /// The byte test never lets through a character the escapes catch.
    #[test]
    fn the_byte_prefilter_admits_every_unsafe_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if is_unsafe(c) || is_line_break(c) {
                let mut buf = [0; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(may_start_unsafe(lead), "U+{:04X}", c as u32);
            }
        }
        assert_eq!(terminal("é\u{9b}", false), "é\\u{9b}");
    }

    #[test]
    fn json_keeps_the_document_and_escapes_what_serde_leaves_raw() {
        let value = serde_json::json!({"n\u{9b}": "a\u{9b}[2Jb\u{202e}c\u{2028}d\u{7f}é\n\x1b"});
        let text = serde_json::to_string(&value).unwrap();
        let safe = json(&text);
        assert_eq!(
            safe,
            r#"{"n\u009b":"a\u009b[2Jb\u202ec\u2028d\u007fé\n\u001b"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
        assert!(matches!(json("{\"a\": \"é\"}"), Cow::Borrowed(_)));
    }

    /// Invisible text that reorders or hides: the bidirectional marks and
    /// the tag characters (ASCII smuggled into a tool description) are
    /// shown; Arabic and emoji pass as they are.
    #[test]
    fn marks_and_tag_characters_become_visible() {
        let hidden = "read\u{e0049}\u{e0067}file\u{200f}x\u{61c}y\u{200e}";
        assert_eq!(
            terminal(hidden, false),
            "read\\u{e0049}\\u{e0067}file\\u{200f}x\\u{61c}y\\u{200e}"
        );
        let value = serde_json::json!({ "d": hidden });
        let safe = json(&serde_json::to_string(&value).unwrap()).into_owned();
        assert!(
            safe.contains(r"read\udb40\udc49\udb40\udc67file\u200fx\u061cy\u200e"),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
        for plain in ["مرحبا بالعالم", "ok 👍 👨\u{200d}👩\u{200d}👧"] {
            assert_eq!(terminal(plain, false), plain);
            assert_eq!(one_line(plain), plain);
        }
    }

    /// Zero-width characters that make one name look like another are
    /// shown, in text and in JSON; the joiners emoji need pass.
    #[test]
    fn zero_width_characters_become_visible() {
        let spoof = "git\u{200b}hub\u{2060}-mcp\u{feff}";
        assert_eq!(
            terminal(spoof, false),
            "git\\u{200b}hub\\u{2060}-mcp\\u{feff}"
        );
        assert_eq!(one_line(spoof), "git\\u{200b}hub\\u{2060}-mcp\\u{feff}");
        let value = serde_json::json!({ "name": spoof });
        let safe = json(&serde_json::to_string(&value).unwrap()).into_owned();
        assert!(safe.contains(r"git\u200bhub\u2060-mcp\ufeff"), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
        // other characters with the lead byte of U+FEFF pass as they are
        for plain in ["ｆｕｌｌ ｗｉｄｔｈ", "\u{fe0f}❤\u{fe0f}", "ﬁle"] {
            assert_eq!(terminal(plain, false), plain);
        }
    }

    #[test]
    fn a_name_shows_its_tabs_too() {
        assert_eq!(name("tab\tname\n\x1b"), "tab\\x09name\\n\\x1b");
        assert_eq!(name("plain name"), "plain name");
        assert_eq!(one_line("tab\tname"), "tab\tname");
    }

    #[test]
    fn one_line_escapes_line_breaks_too() {
        assert_eq!(
            one_line("a\nb\u{2028}c\td\x1b[0m"),
            "a\\nb\\u{2028}c\td\\x1b[0m"
        );
        assert_eq!(terminal("a\nb", false), "a\nb");
    }

    #[test]
    fn own_colours_pass_only_with_colour_on() {
        let red = "\x1b[1;31merror\x1b[0m: x";
        assert_eq!(terminal(red, true), red);
        assert_eq!(terminal(red, false), "\\x1b[1;31merror\\x1b[0m: x");
        // a near miss is not ours
        assert_eq!(terminal("\x1b[1;35mx", true), "\\x1b[1;35mx");
    }
}
