//! Lexer of the syntax pass: turns the text into tokens with byte spans and
//! reports every problem that is visible without context — BOM, invalid
//! UTF-8, comments, odd whitespace, and everything about strings (quotes,
//! escapes, control characters, unterminated strings). Words (numbers,
//! literals, unquoted keys) are classified later by the parser, which knows
//! whether a key or a value is expected.

use crate::codes::Code;
use crate::config::diag::{Capped, Diagnostic, TextEdit};
use crate::config::source::{Source, Span};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    /// A string of any quote style, already decoded.
    Str(String),
    /// A run of word characters: a number, literal, or bare word.
    Word,
    /// A run of characters that cannot start any token.
    Junk,
    Eof,
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub kind: Kind,
    pub span: Span,
}

pub(super) struct Lexed {
    pub tokens: Vec<Token>,
    pub diags: Capped,
}

/// The hint every encoding problem ends with.
const SAVE_AS_UTF8: &str = "re-save the file as UTF-8 (not \"UTF-8 with BOM\", not UTF-16): in an editor use \"Save with Encoding\" → UTF-8; in PowerShell 7 use `Set-Content -Encoding utf8NoBOM`";

/// A file in a wide encoding cannot be parsed as UTF-8 at all: one
/// diagnostic instead of hundreds. UTF-16 is what Windows PowerShell 5's
/// `>` and `Out-File` write; UTF-32 is rarer (and also starts `FF FE`, so
/// it is told apart first). NULs that fit neither pattern (a UTF-8 file
/// padded with zeros after a crash) are left to the lexer, which names
/// them.
pub(super) fn encoding_diagnostic(bytes: &[u8]) -> Option<Diagnostic> {
    let (name, hint) = match wide_encoding(bytes)? {
        Wide::Utf32 => (
            "UTF-32",
            format!("an editor or script saved it as UTF-32; {SAVE_AS_UTF8}"),
        ),
        Wide::Utf16 => (
            "UTF-16",
            format!("Windows PowerShell's `>` and `Out-File` write UTF-16; {SAVE_AS_UTF8}"),
        ),
    };
    Some(
        Diagnostic::error(
            Code::InvalidUtf8,
            format!("the file is {name} encoded, but Claude Desktop reads it as UTF-8"),
        )
        .hint(hint),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    Utf16,
    Utf32,
}

/// The wide encoding of `bytes`, by byte order mark, or by where the NULs
/// of mostly-ASCII text fall (every other byte: UTF-16; three of every
/// four: UTF-32), looking at the first 4 KiB.
fn wide_encoding(bytes: &[u8]) -> Option<Wide> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some(Wide::Utf32);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(Wide::Utf16);
    }
    let head = &bytes[..bytes.len().min(4096) / 4 * 4];
    // (both need NULs in most units: text with none is neither, and
    // finding none is one fast scan)
    if head.len() < 4 || !head.contains(&0) {
        return None;
    }
    let share = |unit: usize, ok: &dyn Fn(&[u8]) -> bool| {
        let units = head.chunks(unit);
        let n = units.len();
        units.filter(|u| ok(u)).count() * 4 >= n * 3
    };
    let ascii32 =
        |u: &[u8]| (u[1..] == [0, 0, 0] && u[0] != 0) || (u[..3] == [0, 0, 0] && u[3] != 0);
    let ascii16 = |u: &[u8]| (u[1] == 0 && u[0] != 0) || (u[0] == 0 && u[1] != 0);
    if share(4, &ascii32) {
        Some(Wide::Utf32)
    } else if share(2, &ascii16) {
        Some(Wide::Utf16)
    } else {
        None
    }
}

pub(super) fn lex(source: &Source) -> Lexed {
    let mut lx = Lexer {
        text: &source.text,
        pos: 0,
        bad_utf8: if source.is_exact_text() {
            Vec::new()
        } else {
            invalid_utf8_offsets(&source.bytes)
        },
        tokens: Vec::new(),
        diags: Capped::default(),
    };
    lx.run();
    Lexed {
        tokens: lx.tokens,
        diags: lx.diags,
    }
}

/// Offsets in the lossy text of the U+FFFD that replaced each invalid
/// sequence (`from_utf8_lossy` replaces each chunk's invalid part by one).
fn invalid_utf8_offsets(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut t = 0;
    for chunk in bytes.utf8_chunks() {
        t += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            out.push(t);
            t += '\u{FFFD}'.len_utf8();
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Double,
    Single,
    CurlyDouble,
    CurlySingle,
}

impl Quote {
    fn of(c: char) -> Option<Quote> {
        match c {
            '"' => Some(Quote::Double),
            '\'' => Some(Quote::Single),
            c if is_curly_double(c) => Some(Quote::CurlyDouble),
            c if is_curly_single(c) => Some(Quote::CurlySingle),
            _ => None,
        }
    }
    fn closes(self, c: char) -> bool {
        match self {
            Quote::Double => c == '"',
            Quote::Single => c == '\'',
            Quote::CurlyDouble => c == '"' || is_curly_double(c),
            Quote::CurlySingle => c == '\'' || is_curly_single(c),
        }
    }
    fn is_single(self) -> bool {
        matches!(self, Quote::Single | Quote::CurlySingle)
    }
}

fn is_curly_double(c: char) -> bool {
    matches!(c, '\u{201C}'..='\u{201F}')
}
fn is_curly_single(c: char) -> bool {
    matches!(c, '\u{2018}'..='\u{201B}')
}

/// Whitespace strict JSON rejects: NBSP, zero-width spaces, a BOM in the
/// middle of the file, vertical tab, form feed, ...
fn is_invalid_space(c: char) -> bool {
    !matches!(c, ' ' | '\t' | '\n' | '\r')
        && (c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '_' | '$' | '-' | '+' | '.' | '@' | '/' | '\\' | '~' | '%'
        )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Punct,
    Comment,
    Quote,
    Bom,
    BadSpace,
    BadUtf8,
    Nul,
    Word,
    Junk,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    bad_utf8: Vec<usize>,
    tokens: Vec<Token>,
    diags: Capped,
}

/// What a string scan found besides its value.
struct StrScan {
    value: String,
    /// Byte offset just past the string (after the closing quote if any).
    end: usize,
    close: Option<(usize, char)>,
    diags: Capped,
    /// Offsets of `"` inside a single-quoted string (need escaping).
    inner_double: Vec<usize>,
    /// Offsets of `\'` inside a single-quoted string (JS escape).
    escaped_single: Vec<usize>,
    /// Places a `"` string may really have ended: a curly closing quote or
    /// a `\"` whose backslash was meant literally. (offset, value length).
    candidates: Vec<(usize, usize)>,
    /// Raw `\n`-like escapes that are valid but suspicious in a path.
    suspicious: Vec<String>,
    /// The `\"` that swallowed the closing quote, when the string was cut.
    swallowed: Option<Diagnostic>,
}

impl<'a> Lexer<'a> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..)?.chars().next()
    }

    fn class(&self, i: usize, c: char) -> Class {
        match c {
            ' ' | '\t' | '\n' | '\r' => Class::Space,
            '{' | '}' | '[' | ']' | ':' | ',' => Class::Punct,
            '/' if matches!(self.char_at(i + 1), Some('/' | '*')) => Class::Comment,
            '#' if self.starts_hash_comment(i) => Class::Comment,
            c if Quote::of(c).is_some() => Class::Quote,
            '\u{FEFF}' if i == 0 => Class::Bom,
            c if is_invalid_space(c) => Class::BadSpace,
            '\u{FFFD}' if self.bad_utf8.binary_search(&i).is_ok() => Class::BadUtf8,
            '\0' => Class::Nul,
            c if is_word_char(c) => Class::Word,
            _ => Class::Junk,
        }
    }

    fn run(&mut self) {
        for &off in &self.bad_utf8 {
            self.diags.push(invalid_utf8(off));
        }
        while let Some(c) = self.char_at(self.pos) {
            match self.class(self.pos, c) {
                Class::Space | Class::BadUtf8 => self.pos += c.len_utf8(),
                Class::Punct => self.punct(c),
                Class::Comment => self.comment(),
                Class::Quote => self.string(c),
                Class::Bom => self.bom(),
                Class::BadSpace => self.bad_space(),
                Class::Nul => self.nuls(),
                Class::Word => self.run_of(Class::Word, Kind::Word),
                Class::Junk => self.run_of(Class::Junk, Kind::Junk),
            }
        }
        let end = self.text.len();
        self.tokens.push(Token {
            kind: Kind::Eof,
            span: Span::at(end),
        });
    }

    fn punct(&mut self, c: char) {
        let kind = match c {
            '{' => Kind::LBrace,
            '}' => Kind::RBrace,
            '[' => Kind::LBracket,
            ']' => Kind::RBracket,
            ':' => Kind::Colon,
            _ => Kind::Comma,
        };
        self.tokens.push(Token {
            kind,
            span: Span::new(self.pos, self.pos + 1),
        });
        self.pos += 1;
    }

    /// A maximal run of characters of one class as one token.
    fn run_of(&mut self, class: Class, kind: Kind) {
        let start = self.pos;
        while let Some(c) = self.char_at(self.pos) {
            if self.pos > start && self.class(self.pos, c) != class {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.tokens.push(Token {
            kind,
            span: Span::new(start, self.pos),
        });
    }

    fn bom(&mut self) {
        let span = Span::new(0, '\u{FEFF}'.len_utf8());
        self.diags.push(
            Diagnostic::error(
                Code::Bom,
                "the file starts with a UTF-8 byte order mark (BOM), which Claude Desktop cannot parse",
            )
            .at(span)
            .hint("PowerShell's `Set-Content`/`Out-File -Encoding utf8` add a BOM; `mcpctl doctor --fix` removes it, or save as UTF-8 without BOM (PowerShell 7: `-Encoding utf8NoBOM`)")
            .fix("remove the byte order mark", vec![edit(span, "")]),
        );
        self.pos = span.end;
    }

    fn bad_space(&mut self) {
        let start = self.pos;
        let mut chars = Vec::new();
        while let Some(c) = self.char_at(self.pos) {
            if self.class(self.pos, c) != Class::BadSpace {
                break;
            }
            chars.push(c);
            self.pos += c.len_utf8();
        }
        let span = Span::new(start, self.pos);
        let names: Vec<String> = chars.iter().map(|c| space_name(*c)).collect();
        let mut names_dedup = names.clone();
        names_dedup.dedup();
        self.diags.push(
            Diagnostic::error(
                Code::InvalidWhitespace,
                format!(
                    "invisible character {} where JSON allows only spaces, tabs and line breaks",
                    names_dedup.join(", ")
                ),
            )
            .at(span)
            .hint("this usually comes from copy-pasting out of a web page or chat; replace it with a plain space (`mcpctl doctor --fix` does)")
            .fix(
                "replace with a plain space",
                vec![edit(span, &" ".repeat(chars.len()))],
            ),
        );
    }

    /// A run of NUL bytes outside strings: a file cut short by a crash or
    /// a full disk is often padded with zeros up to its old length.
    fn nuls(&mut self) {
        let start = self.pos;
        let len = self.text[start..].bytes().take_while(|&b| b == 0).count();
        self.pos += len;
        let span = Span::new(start, self.pos);
        let at_end = self.text[self.pos..].trim().is_empty();
        let what = if at_end {
            "the file ends with NUL bytes (zeros), which JSON does not allow; a crash or a full \
disk while it was written often leaves a file padded like this"
        } else {
            "NUL bytes (zeros) in the file, which JSON does not allow"
        };
        self.diags.push(
            Diagnostic::error(
                Code::UnexpectedCharacter,
                format!("{} ({len} of them)", what),
            )
            .at(span)
            .hint("delete them (`mcpctl doctor --fix` does); check that the rest of the file is complete")
            .fix("delete the NUL bytes", vec![edit(span, "")]),
        );
    }

    /// `#` opens a comment (YAML, TOML, shell habit) where a comment could
    /// stand: first on its line, or after a blank. Elsewhere it is junk.
    /// Looks back over blanks only, never to the start of a long line.
    fn starts_hash_comment(&self, i: usize) -> bool {
        let before = &self.text[..i];
        let trimmed = before.trim_end_matches([' ', '\t']);
        trimmed.len() < before.len() || trimmed.is_empty() || trimmed.ends_with('\n')
    }

    fn comment(&mut self) {
        let text = self.text;
        let start = self.pos;
        let hash = self.char_at(start) == Some('#');
        let block = !hash && self.char_at(start + 1) == Some('*');
        let (end, closed) = if block {
            match text[start + 2..].find("*/") {
                Some(k) => (start + 2 + k + 2, true),
                None => (text.len(), false),
            }
        } else {
            let nl = text[start..].find('\n').map_or(text.len(), |k| start + k);
            let end = if text[..nl].ends_with('\r') {
                nl - 1
            } else {
                nl
            };
            (end.max(start + if hash { 1 } else { 2 }), true)
        };
        self.pos = end;
        let span = Span::new(start, end);
        let kind = match (hash, block) {
            (true, _) => "#",
            (false, true) => "/* */",
            (false, false) => "//",
        };
        let mut d = Diagnostic::error(
            Code::Comment,
            if closed {
                format!("JSON does not allow comments (`{kind}`)")
            } else {
                "JSON does not allow comments, and this `/*` comment is never closed".to_string()
            },
        )
        .at(span)
        .hint(
            "Claude Desktop reads the file with a strict JSON parser, so one comment makes it ignore every server; delete the comment (keep notes in a separate file)",
        );
        if closed {
            d = d.fix(
                "delete the comment",
                vec![edit(comment_removal(text, span), "")],
            );
        }
        self.diags.push(d);
    }

    fn string(&mut self, open: char) {
        let start = self.pos;
        let Some(q) = Quote::of(open) else {
            return;
        };
        let mut scan = self.scan_string(start, open, q);
        if q == Quote::Double && scan.close.is_none() {
            self.cut_at_candidate(&mut scan, "so the string never ends");
        } else if q == Quote::Double && self.swallowed_a_separator(&scan) {
            self.cut_at_candidate(&mut scan, "so the string runs on into the next one");
        }
        let span = Span::new(start, scan.end);
        let mut diags = std::mem::take(&mut scan.diags).kept;
        // the hint quotes the string: written only for a string that needs it
        if !diags.is_empty() || scan.swallowed.is_some() {
            let hint = escape_hint(&self.text[span.start..span.end], &scan.suspicious);
            diags = group_escapes(diags, &hint);
            if let Some(d) = scan.swallowed.take() {
                diags.push(d.hint(hint));
            }
        }
        match scan.close {
            None => diags.push(unterminated(self.text, span)),
            Some((close_at, close)) => {
                if let Some(d) = quote_diag(self.text, q, start, open, close_at, close, &scan) {
                    diags.push(d);
                }
            }
        }
        self.diags.extend(diags);
        self.tokens.push(Token {
            kind: Kind::Str(scan.value),
            span,
        });
        self.pos = scan.end;
    }

    fn scan_string(&self, start: usize, open: char, q: Quote) -> StrScan {
        let mut s = StrScan {
            value: String::new(),
            end: start + open.len_utf8(),
            close: None,
            diags: Capped::default(),
            inner_double: Vec::new(),
            escaped_single: Vec::new(),
            candidates: Vec::new(),
            suspicious: Vec::new(),
            swallowed: None,
        };
        let mut i = s.end;
        let bytes = self.text.as_bytes();
        loop {
            // a run of plain ASCII (no quote, backslash or control
            // character) is taken whole: most strings are nothing else
            let run = bytes[i..]
                .iter()
                .position(|&b| !b.is_ascii() || b < 0x20 || matches!(b, b'"' | b'\\' | b'\''))
                .unwrap_or(bytes.len() - i);
            s.value.push_str(&self.text[i..i + run]);
            i += run;
            let Some(c) = self.char_at(i) else {
                break;
            };
            if q.closes(c) {
                s.close = Some((i, c));
                i += c.len_utf8();
                break;
            }
            match c {
                '\\' => i = self.escape(i, q, &mut s),
                '\n' | '\r' if self.line_break_len(i) > 0 => {
                    let len = self.line_break_len(i);
                    if q == Quote::Double && continues_after_newline(self.text, i + len) {
                        s.diags
                            .push(control_char(Span::new(i, i + len), &self.text[i..i + len]));
                        s.value.push_str(&self.text[i..i + len]);
                        i += len;
                    } else {
                        break;
                    }
                }
                c if (c as u32) < 0x20 => {
                    s.diags
                        .push(control_char(Span::new(i, i + 1), &c.to_string()));
                    s.value.push(c);
                    i += 1;
                }
                _ => {
                    if c == '"' && q.is_single() {
                        s.inner_double.push(i);
                    }
                    if is_curly_double(c) && q == Quote::Double {
                        s.candidates.push((i, s.value.len()));
                    }
                    s.value.push(c);
                    i += c.len_utf8();
                }
            }
        }
        s.end = i;
        s
    }

    /// Length of the line break at `i` (`\n` or `\r\n`), 0 for a lone `\r`.
    fn line_break_len(&self, i: usize) -> usize {
        let b = self.text.as_bytes();
        match b.get(i) {
            Some(b'\n') => 1,
            Some(b'\r') if b.get(i + 1) == Some(&b'\n') => 2,
            _ => 0,
        }
    }

    /// One escape sequence starting at the backslash at `i`; returns the
    /// offset after it.
    fn escape(&self, i: usize, q: Quote, s: &mut StrScan) -> usize {
        let Some(n) = self.char_at(i + 1) else {
            s.value.push('\\');
            return i + 1;
        };
        let simple = match n {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(v) = simple {
            if n == '"' && q == Quote::Double {
                // `"C:\dir\"`: maybe the backslash was meant literally
                s.candidates.push((i, s.value.len()));
            }
            if matches!(n, 'b' | 'f' | 'n' | 'r' | 't') {
                s.suspicious.push(format!("\\{n}"));
            }
            s.value.push(v);
            return i + 2;
        }
        match n {
            'u' => self.unicode_escape(i, s),
            '\'' if q.is_single() => {
                s.escaped_single.push(i);
                s.value.push('\'');
                i + 2
            }
            '\n' | '\r' => {
                s.diags.push(invalid_escape(
                    Span::new(i, i + 1),
                    "a backslash at the end of a line is not a valid escape",
                ));
                s.value.push('\\');
                i + 1
            }
            n => {
                let end = i + 1 + n.len_utf8();
                s.diags.push(invalid_escape(
                    Span::new(i, end),
                    format!("`\\{n}` is not a valid escape in a JSON string"),
                ));
                s.value.push('\\');
                s.value.push(n);
                end
            }
        }
    }

    /// `\uXXXX`, combining surrogate pairs; a lone surrogate (accepted by
    /// JSON.parse) becomes U+FFFD in the tree.
    fn unicode_escape(&self, i: usize, s: &mut StrScan) -> usize {
        let Some(unit) = self.hex4(i + 2) else {
            let digits = self.text[i + 2..]
                .chars()
                .take(4)
                .take_while(char::is_ascii_hexdigit)
                .count();
            let end = i + 2 + digits;
            s.diags.push(invalid_escape(
                Span::new(i, end),
                "`\\u` must be followed by exactly four hex digits",
            ));
            s.value.push_str(&self.text[i..end]);
            return end;
        };
        if (0xD800..0xDC00).contains(&unit)
            && self.text.get(i + 6..i + 8) == Some("\\u")
            && let Some(low) = self.hex4(i + 8)
            && (0xDC00..0xE000).contains(&low)
        {
            let cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            s.value.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
            return i + 12;
        }
        s.value.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
        i + 6
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let h = self.text.get(at..at + 4)?;
        if !h.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    }

    /// An unterminated `"` string that contains a curly closing quote or a
    /// `\"` followed by what usually follows a string (`,` `:` `}` `]` or
    /// the end of the line) most likely ended there: cut it and say why.
    /// A string that did close, but on the opening quote of the next one:
    /// its last `\"` is followed by nothing but `,` and spaces before the
    /// closing quote, and a value's text comes right after that quote
    /// (`"C:\\me\\Desktop\", "D:\\ok"]`: a Windows path ending in a
    /// backslash, in a list). Then the `\"` was meant to close it.
    fn swallowed_a_separator(&self, s: &StrScan) -> bool {
        let text = self.text;
        let (Some((close_at, '"')), Some(&(at, _))) = (s.close, s.candidates.last()) else {
            return false;
        };
        if !text[at..].starts_with('\\') || at + 2 > close_at {
            return false;
        }
        let between = text[at + 2..close_at].trim_matches([' ', '\t']);
        let next = text[close_at + 1..].chars().next();
        between == ","
            && next.is_some_and(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | ':'))
    }

    fn cut_at_candidate(&self, s: &mut StrScan, so: &str) {
        let text = self.text;
        let Some(&(at, vlen)) = s.candidates.iter().rev().find(|(at, _)| {
            let len = if text[*at..].starts_with('\\') { 2 } else { 3 };
            rest_looks_like_end(&text[at + len..])
        }) else {
            return;
        };
        let escaped = text[at..].starts_with('\\');
        let (len, close) = if escaped {
            (2, '"')
        } else {
            (3, text[at..].chars().next().unwrap_or('"'))
        };
        s.value.truncate(vlen);
        s.diags.retain(|d| d.span.is_none_or(|sp| sp.start < at));
        s.end = at + len;
        if escaped {
            s.value.push('\\');
            s.swallowed = Some(invalid_escape(
                Span::new(at, at + 2),
                format!("`\\\"` escapes the closing quote, {so}"),
            ));
            s.close = Some((at + 1, '"'));
        } else {
            s.close = Some((at, close));
        }
    }
}

fn edit(span: Span, replacement: &str) -> TextEdit {
    TextEdit {
        span,
        replacement: replacement.to_string(),
    }
}

fn invalid_utf8(offset: usize) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidUtf8,
        "bytes that are not valid UTF-8 (shown as �)",
    )
    .at(Span::new(offset, offset + '\u{FFFD}'.len_utf8()))
    .hint(format!(
        "the file was saved in another encoding (often Windows-1252 or Latin-1); {SAVE_AS_UTF8}"
    ))
}

fn space_name(c: char) -> String {
    let name = match c {
        '\u{A0}' => "no-break space",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "byte order mark",
        '\u{B}' => "vertical tab",
        '\u{C}' => "form feed",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} ({name})", c as u32)
    }
}

/// What to delete for a comment: the whole line when it stands alone,
/// else the comment and the blanks before it when it ends the line, else
/// just the comment.
fn comment_removal(text: &str, span: Span) -> Span {
    let line_start = text[..span.start].rfind('\n').map_or(0, |k| k + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |k| span.end + k);
    let is_blank = |s: &str| s.chars().all(|c| matches!(c, ' ' | '\t' | '\r'));
    let before = &text[line_start..span.start];
    let after = &text[span.end..line_end];
    if is_blank(before) && is_blank(after) {
        let end = if line_end < text.len() {
            line_end + 1
        } else {
            line_end
        };
        return Span::new(line_start, end);
    }
    if is_blank(after) {
        let trimmed = before.trim_end_matches([' ', '\t']);
        return Span::new(line_start + trimmed.len(), span.end);
    }
    span
}

/// Whether what follows a quote looks like the end of a string.
fn rest_looks_like_end(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    matches!(
        rest.chars().next(),
        None | Some('\n' | '\r' | ',' | ':' | '}' | ']')
    )
}

/// At a raw line break inside a `"` string: does the string go on? Yes when
/// the next line holding a quote has it after some text and followed by
/// what ends a string; no when the quote opens the line (a new key/value).
fn continues_after_newline(text: &str, mut line_start: usize) -> bool {
    for _ in 0..3 {
        let rest = &text[line_start..];
        let line = rest.split('\n').next().unwrap_or("");
        if let Some(q) = first_unescaped_quote(line) {
            return !line[..q].trim().is_empty() && rest_looks_like_end(&line[q + 1..]);
        }
        if line.len() == rest.len() {
            return false;
        }
        line_start += line.len() + 1;
    }
    false
}

fn first_unescaped_quote(line: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

fn control_char(span: Span, raw: &str) -> Diagnostic {
    let (what, escaped) = match raw {
        "\n" => ("a raw line break".to_string(), "\\n".to_string()),
        "\r\n" => ("a raw line break".to_string(), "\\r\\n".to_string()),
        "\t" => ("a raw tab".to_string(), "\\t".to_string()),
        _ => {
            let c = raw.chars().next().unwrap_or('\0') as u32;
            (
                format!("control character U+{c:04X}"),
                format!("\\u{c:04x}"),
            )
        }
    };
    Diagnostic::error(Code::ControlCharacter, format!("{what} inside a string"))
        .at(span)
        .hint("JSON strings cannot contain raw control characters: write \\n for a line break and \\t for a tab (and in Windows paths double the backslashes, `C:\\\\temp`)")
        .fix(format!("replace with `{escaped}`"), vec![edit(span, &escaped)])
}

/// One `invalid-escape` per string (at the first bad escape, counting the
/// others): a Windows path has several and they share one fix.
fn group_escapes(diags: Vec<Diagnostic>, hint: &str) -> Vec<Diagnostic> {
    let (escapes, mut rest): (Vec<_>, Vec<_>) = diags
        .into_iter()
        .partition(|d| d.code == Code::InvalidEscape);
    if let Some(first) = escapes.first() {
        let mut d = first.clone().hint(hint);
        if escapes.len() > 1 {
            d.message = format!(
                "{} (and {} more in this string)",
                d.message,
                escapes.len() - 1
            );
        }
        rest.push(d);
    }
    rest
}

fn invalid_escape(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::InvalidEscape, message).at(span)
}

/// The hint for an invalid escape, quoting the string with its backslashes
/// doubled (and with forward slashes) when it is short enough to show.
fn escape_hint(raw: &str, suspicious: &[String]) -> String {
    let generic = "a backslash starts an escape in JSON; in Windows paths double every backslash (`C:\\\\Users\\\\me`) or use forward slashes (`C:/Users/me`)";
    let inner = raw
        .get(1..raw.len().saturating_sub(1))
        .filter(|_| raw.len() >= 2 && raw.ends_with('"') && raw.starts_with('"'));
    let Some(inner) = inner.filter(|s| s.chars().count() <= 80) else {
        return generic.to_string();
    };
    let doubled = double_backslashes(inner);
    let forward = inner.replace("\\\\", "/").replace('\\', "/");
    let mut hint = format!(
        "a backslash starts an escape in JSON; double every backslash, \"{doubled}\", or use forward slashes, \"{forward}\""
    );
    if !suspicious.is_empty() {
        hint.push_str(&format!(
            " (note: {} in this string currently reads as a control character, not a backslash)",
            suspicious.join(", ")
        ));
    }
    hint
}

fn double_backslashes(inner: &str) -> String {
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('\\') | Some('"') => {
                out.push('\\');
                out.extend(chars.next());
            }
            _ => out.push_str("\\\\"),
        }
    }
    out
}

fn unterminated(text: &str, span: Span) -> Diagnostic {
    let at_eof = span.end >= text.len();
    let opener = text[span.start..].chars().next().unwrap_or('"');
    Diagnostic::error(
        Code::UnterminatedString,
        format!(
            "string is never closed: no closing `{}` before the end of the {}",
            closing_of(opener),
            if at_eof { "file" } else { "line" }
        ),
    )
    .at(span)
    .hint("add the closing `\"`; a string cannot run over a line break (write \\n inside it instead), and a Windows path ending in a backslash needs it doubled (`C:\\\\dir\\\\`)")
}

fn closing_of(open: char) -> char {
    match open {
        '\u{201C}' => '\u{201D}',
        '\u{2018}' => '\u{2019}',
        c => c,
    }
}

/// The diagnostic (with its fix) for a string not delimited by two `"`.
fn quote_diag(
    text: &str,
    q: Quote,
    start: usize,
    open: char,
    close_at: usize,
    close: char,
    s: &StrScan,
) -> Option<Diagnostic> {
    if open == '"' && close == '"' {
        return None;
    }
    let mut edits = Vec::new();
    if open != '"' {
        edits.push(edit(Span::new(start, start + open.len_utf8()), "\""));
    }
    if q.is_single() {
        for &at in &s.inner_double {
            edits.push(edit(Span::new(at, at + 1), "\\\""));
        }
        for &at in &s.escaped_single {
            edits.push(edit(Span::new(at, at + 2), "'"));
        }
    }
    if close != '"' {
        edits.push(edit(Span::new(close_at, close_at + close.len_utf8()), "\""));
    }
    edits.sort_by_key(|e| e.span.start);
    let curly = is_curly_double(open)
        || is_curly_single(open)
        || is_curly_double(close)
        || is_curly_single(close);
    let d = if curly {
        let first = if open != '"' && open != '\'' {
            Span::new(start, start + open.len_utf8())
        } else {
            Span::new(close_at, close_at + close.len_utf8())
        };
        Diagnostic::error(
            Code::SmartQuote,
            format!("curly quote `{}` used as a string quote; JSON needs straight double quotes", &text[first.start..first.end]),
        )
        .at(first)
        .hint("editors like TextEdit and Notes, and text copied from chats or web pages, turn \" into “ ”; replace them with straight quotes (`mcpctl doctor --fix` does; on macOS turn off System Settings → Keyboard → \"Use smart quotes\")")
        .fix("replace with straight `\"`", edits)
    } else {
        Diagnostic::error(Code::SingleQuote, "string in single quotes; JSON strings need double quotes")
            .at(Span::new(start, close_at + close.len_utf8()))
            .hint("JSON only accepts \"double quotes\" around keys and strings (single quotes are a JavaScript/Python habit)")
            .fix("use double quotes", edits)
    };
    Some(d)
}
