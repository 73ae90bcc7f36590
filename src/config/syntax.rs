//! Strict-JSON syntax pass: a tolerant, span-aware parser that accepts
//! exactly what a strict JSON parser (RFC 8259, `JSON.parse`) accepts,
//! recovers from every common mistake, and reports each one with a
//! position, a hint and (where it is mechanical) a fix.
//!
//! `lex` finds tokens and everything visible without context (BOM,
//! encoding, comments, whitespace, strings); this file builds the tree and
//! reports structure (commas, colons, brackets, keys); `words` judges bare
//! words (numbers and literals). Diagnostics come out in source order.

mod lex;
mod words;

use super::ast::{Member, Node, Value};
use super::diag::{Capped, Diagnostic, Dropped, TextEdit};
use super::source::{Source, Span};
use crate::codes::Code;
use crate::text::FastMap;
use lex::{Kind, Token};

pub use words::is_json_number;

/// Nesting deeper than this is reported (`too-deep`) and skipped, so no
/// input can exhaust the stack. Real configs nest 4–6 levels.
pub const MAX_DEPTH: usize = 128;

/// The parse result: the best tree that could be recovered (None for an
/// empty file or one with no value at all) and every syntax diagnostic.
#[derive(Debug, Clone)]
pub struct Document {
    pub root: Option<Node>,
    /// Values after the first top-level one (each reported as
    /// `multiple-values`), e.g. a second pasted `{"mcpServers": ...}`.
    pub extra_values: Vec<Node>,
    /// The first [`MAX_KEPT`](super::diag::MAX_KEPT) diagnostics, in
    /// source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Those found past that, only counted.
    pub dropped: Dropped,
}

impl Document {
    /// True when a strict JSON parser (the app's) would accept the file.
    /// Duplicate keys are warnings: strict parsers accept them.
    pub fn is_strict_json(&self) -> bool {
        self.root.is_some()
            && self.dropped.errors == 0
            && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The first syntax error: where a strict parser stops.
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }
}

/// Parse a config file. Never panics; always returns every problem found.
pub fn parse(source: &Source) -> Document {
    if let Some(d) = lex::encoding_diagnostic(&source.bytes) {
        return Document {
            root: None,
            extra_values: Vec::new(),
            diagnostics: vec![d],
            dropped: Dropped::default(),
        };
    }
    let lexed = lex::lex(source);
    let mut p = Parser {
        source,
        toks: lexed.tokens,
        pos: 0,
        open: Vec::new(),
        mismatch_reported: None,
        unclosed_deeper: 0,
        diags: Capped::default(),
    };
    let (root, extra_values) = p.document();
    let mut diagnostics = lexed.diags;
    diagnostics.merge(p.diags);
    Document {
        root,
        extra_values,
        diagnostics: diagnostics.kept,
        dropped: diagnostics.dropped,
    }
}

/// Why `parse_value` found no value.
enum NoValue {
    /// Nothing that starts a value; the caller reports it.
    Missing,
    /// Something was there and has been reported already.
    Reported,
}

/// What a closing bracket means where it was found.
enum Closer {
    /// It closes the innermost open bracket.
    Own,
    /// It closes an outer bracket: the inner one is left unclosed.
    Outer,
    /// It closes nothing (reported and consumed).
    Stray,
}

struct Parser<'a> {
    source: &'a Source,
    toks: Vec<Token>,
    pos: usize,
    /// Open brackets, innermost last: (`{` or `[`, its span).
    open: Vec<(char, Span)>,
    /// Offset of the closer a mismatch was last reported at, so nested
    /// levels don't repeat it.
    mismatch_reported: Option<usize>,
    /// Brackets left open at the end of the file deeper than
    /// [`UNCLOSED_SHOWN`], reported as one (innermost come first).
    unclosed_deeper: usize,
    diags: Capped,
}

/// How many levels of brackets left open at the end of the file get an
/// error each; the deeper ones are counted in one more error (a config
/// truncated by a paste leaves three or four open).
const UNCLOSED_SHOWN: usize = 4;

impl<'a> Parser<'a> {
    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, n: usize) -> &Token {
        let last = self.toks.len() - 1; // lex always ends with Eof
        &self.toks[(self.pos + n).min(last)]
    }

    /// Take the current token (Eof stays in place).
    fn bump(&mut self) -> Token {
        let i = self.pos.min(self.toks.len() - 1);
        if self.toks[i].kind == Kind::Eof {
            return self.toks[i].clone();
        }
        self.pos += 1;
        let span = self.toks[i].span;
        Token {
            kind: std::mem::replace(&mut self.toks[i].kind, Kind::Junk),
            span,
        }
    }

    fn text(&self, span: Span) -> &'a str {
        self.source.slice(span)
    }

    fn where_(&self, span: Span) -> String {
        let lc = self.source.line_col(span.start);
        format!("line {}, column {}", lc.line, lc.column)
    }

    // ---- top level -------------------------------------------------------

    fn document(&mut self) -> (Option<Node>, Vec<Node>) {
        let mut root: Option<Node> = None;
        let mut extra = Vec::new();
        let mut comma: Option<Span> = None;
        loop {
            let t = self.peek().clone();
            match t.kind {
                Kind::Eof => break,
                Kind::LBrace | Kind::LBracket | Kind::Str(_) | Kind::Word => {
                    let Ok(node) = self.value() else { continue };
                    match &root {
                        None => root = Some(node),
                        Some(first) => {
                            self.diags
                                .push(multiple_values(self.source, first, &node, comma));
                            extra.push(node);
                        }
                    }
                    comma = None;
                }
                Kind::Colon
                    if extra.is_empty()
                        && comma.is_none()
                        && root.as_ref().is_some_and(|r| r.as_str().is_some()) =>
                {
                    root = root.map(|key| self.implicit_object(key));
                }
                Kind::Comma if root.is_some() && comma.is_none() => {
                    self.bump();
                    comma = Some(t.span);
                }
                Kind::RBrace | Kind::RBracket => {
                    self.bump();
                    self.stray_closer(&t);
                }
                _ => {
                    self.bump();
                    self.unexpected(&t, "outside of any value");
                }
            }
        }
        if let Some(c) = comma {
            self.diags.push(
                Diagnostic::error(
                    Code::UnexpectedCharacter,
                    "comma after the end of the JSON value",
                )
                .at(c)
                .hint("the file must be one JSON object; remove this comma")
                .fix("remove this comma", vec![edit(c, "")]),
            );
        }
        if root.is_none() && self.toks.len() == 1 {
            self.diags.push(empty_file(self.source));
        }
        (root, extra)
    }

    // ---- values ----------------------------------------------------------

    fn value(&mut self) -> Result<Node, NoValue> {
        let mut reported = false;
        loop {
            let t = self.peek().clone();
            match t.kind {
                Kind::LBrace => return Ok(self.container('{')),
                Kind::LBracket => return Ok(self.container('[')),
                Kind::Str(_) => {
                    let t = self.bump();
                    let s = match t.kind {
                        Kind::Str(s) => s,
                        _ => String::new(),
                    };
                    return Ok(Node {
                        value: Value::String(s),
                        span: t.span,
                    });
                }
                Kind::Word => {
                    self.bump();
                    let (value, diag) = words::value_word(self.text(t.span), t.span);
                    self.diags.extend(diag);
                    return Ok(Node {
                        value,
                        span: t.span,
                    });
                }
                Kind::Junk => {
                    self.bump();
                    self.unexpected(&t, "where a value was expected");
                    reported = true;
                }
                _ if reported => return Err(NoValue::Reported),
                _ => return Err(NoValue::Missing),
            }
        }
    }

    /// An object or array starting at the current `{` / `[`.
    fn container(&mut self, open: char) -> Node {
        let open_tok = self.bump();
        if self.open.len() >= MAX_DEPTH {
            return self.too_deep(open_tok.span);
        }
        self.open.push((open, open_tok.span));
        let node = if open == '{' {
            self.object_body(open_tok.span)
        } else {
            self.array_body(open_tok.span)
        };
        self.open.pop();
        node
    }

    fn object_body(&mut self, open: Span) -> Node {
        self.object_entries(open, false, Vec::new())
    }

    /// The file starts with `"key":` — an object whose `{` is missing.
    /// `key` is the string already read; the current token is the `:`.
    fn implicit_object(&mut self, key: Node) -> Node {
        let Value::String(name) = key.value else {
            return key;
        };
        self.diags.push(
            Diagnostic::error(
                Code::MissingBrace,
                "the file starts with a key, so the opening `{` of the object is missing",
            )
            .at(key.span)
            .hint("a config is one object: put `{` before the first key (and `}` after the last value if that is missing too)"),
        );
        self.bump();
        let mut first = Vec::new();
        match self.value() {
            Ok(value) => first.push(Member {
                key: name,
                key_span: key.span,
                value,
            }),
            Err(NoValue::Missing) => {
                let at = self.peek().span;
                self.diags.push(missing_value(&name, at));
            }
            Err(NoValue::Reported) => {}
        }
        self.object_entries(key.span, true, first)
    }

    /// The entries of an object up to its `}`. `open` is the `{` (or, when
    /// `implicit`, the first key of an object missing its `{`).
    fn object_entries(&mut self, open: Span, implicit: bool, mut members: Vec<Member>) -> Node {
        let mut seen: FastMap<String, Span> = FastMap::default();
        let mut sep = Separated::new(open.end);
        for m in &members {
            seen.insert(m.key.clone(), m.key_span);
            sep.value_end(m.value.span.end);
        }
        let end = loop {
            let t = self.peek().clone();
            match t.kind {
                Kind::Eof => {
                    if !implicit {
                        self.unclosed('{', open);
                    }
                    break sep.last_end;
                }
                Kind::RBrace | Kind::RBracket => match self.closer('{', open, &t) {
                    Closer::Own => {
                        self.bump();
                        self.trailing_comma(&sep, "object");
                        break t.span.end;
                    }
                    Closer::Outer => break sep.last_end,
                    Closer::Stray => continue,
                },
                Kind::Comma | Kind::Junk if self.separator(&t, &mut sep) => {}
                Kind::Colon => {
                    self.bump();
                    self.unexpected(&t, "where a key was expected");
                    sep.junk = true;
                }
                _ => {
                    self.missing_comma(&t, &sep, "object entries");
                    let before = self.pos;
                    if let Some(m) = self.member() {
                        sep.value_end(m.value.span.end);
                        self.check_duplicate(&mut seen, &m);
                        members.push(m);
                    } else {
                        sep.value_end(self.prev_end());
                    }
                    if self.pos == before {
                        self.bump(); // never loop without progress
                    }
                }
            }
        };
        Node {
            value: Value::Object(members),
            span: Span::new(open.start, end),
        }
    }

    fn array_body(&mut self, open: Span) -> Node {
        let mut items = Vec::new();
        let mut sep = Separated::new(open.end);
        let end = loop {
            let t = self.peek().clone();
            match t.kind {
                Kind::Eof => {
                    self.unclosed('[', open);
                    break sep.last_end;
                }
                Kind::RBrace | Kind::RBracket => match self.closer('[', open, &t) {
                    Closer::Own => {
                        self.bump();
                        self.trailing_comma(&sep, "array");
                        break t.span.end;
                    }
                    Closer::Outer => break sep.last_end,
                    Closer::Stray => continue,
                },
                Kind::Comma | Kind::Junk if self.separator(&t, &mut sep) => {}
                Kind::Colon => {
                    self.bump();
                    self.unexpected_colon_in_array(&t);
                    sep.junk = true;
                }
                _ => {
                    self.missing_comma(&t, &sep, "array items");
                    let before = self.pos;
                    match self.value() {
                        Ok(node) => {
                            sep.value_end(node.span.end);
                            items.push(node);
                        }
                        Err(_) => sep.value_end(self.prev_end()),
                    }
                    if self.pos == before {
                        self.bump();
                    }
                }
            }
        };
        Node {
            value: Value::Array(items),
            span: Span::new(open.start, end),
        }
    }

    fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .map_or(0, |t| t.span.end)
    }

    /// One `key: value` member; None when it cannot be made sense of (the
    /// problem is reported).
    fn member(&mut self) -> Option<Member> {
        if matches!(self.peek().kind, Kind::LBrace | Kind::LBracket) {
            // a value where a key belongs: report, parse and drop it
            let span = self.peek().span;
            self.diags.push(
                Diagnostic::error(
                    Code::MissingKey,
                    format!("expected a key in double quotes, found `{}`", self.text(span)),
                )
                .at(span)
                .hint("each entry of an object is \"name\": value; give this value a key, or use [ ] if you meant a list"),
            );
            let _ = self.value();
            return None;
        }
        let t = self.bump();
        let (key, key_span) = match t.kind {
            Kind::Str(s) => (s, t.span),
            _ => {
                let word = self.text(t.span).to_string();
                self.diags.push(unquoted_key(&word, t.span));
                (word, t.span)
            }
        };
        if !self.colon(&key, key_span) {
            return None;
        }
        match self.value() {
            Ok(value) => Some(Member {
                key,
                key_span,
                value,
            }),
            Err(NoValue::Reported) => None,
            Err(NoValue::Missing) => {
                let at = self.peek().span;
                self.diags.push(missing_value(&key, at));
                None
            }
        }
    }

    /// Expect the `:` after a key. False when the key has no value at all.
    fn colon(&mut self, key: &str, key_span: Span) -> bool {
        let t = self.peek().clone();
        match &t.kind {
            Kind::Colon => {
                self.bump();
                true
            }
            Kind::Junk if matches!(self.text(t.span), "=" | "=>") => {
                self.bump();
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingColon,
                        format!("expected `:` after the key, found `{}`", self.text(t.span)),
                    )
                    .at(t.span)
                    .hint("JSON separates a key from its value with a colon")
                    .fix("replace with `:`", vec![edit(t.span, ":")]),
                );
                true
            }
            Kind::Str(_) | Kind::Word if self.peek_at(1).kind == Kind::Colon => {
                // `"a" "b": 1`: the key has no value; the next token is a key
                self.diags.push(missing_value(key, t.span));
                false
            }
            Kind::Str(_) | Kind::Word | Kind::LBrace | Kind::LBracket => {
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingColon,
                        format!("missing `:` after the key {}", words::quoted(key)),
                    )
                    .at(t.span)
                    .hint("write \"name\": value — a colon between the key and its value")
                    .fix(
                        "insert `:` after the key",
                        vec![edit(Span::at(key_span.end), ":")],
                    ),
                );
                true
            }
            _ => {
                self.diags.push(missing_value(key, t.span));
                false
            }
        }
    }

    // ---- separators ------------------------------------------------------

    /// Handle a `,` or junk between entries; true when it was consumed.
    fn separator(&mut self, t: &Token, sep: &mut Separated) -> bool {
        match t.kind {
            Kind::Comma => {
                self.bump();
                if sep.after_value {
                    sep.comma = Some(t.span);
                    sep.after_value = false;
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnexpectedCharacter,
                            "extra comma with no entry before it",
                        )
                        .at(t.span)
                        .hint("remove this comma; entries are separated by exactly one comma")
                        .fix("remove this comma", vec![edit(t.span, "")]),
                    );
                }
                true
            }
            Kind::Junk => {
                self.bump();
                if sep.after_value && self.text(t.span) == ";" {
                    let last = matches!(self.peek().kind, Kind::RBrace | Kind::RBracket);
                    let (hint, fix, with) = if last {
                        ("remove it; nothing follows the last entry", "remove it", "")
                    } else {
                        (
                            "replace the semicolon with a comma",
                            "replace with `,`",
                            ",",
                        )
                    };
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnexpectedCharacter,
                            "`;` cannot separate entries; JSON uses `,`",
                        )
                        .at(t.span)
                        .hint(hint)
                        .fix(fix, vec![edit(t.span, with)]),
                    );
                    sep.after_value = false;
                } else {
                    self.unexpected(t, "between entries");
                    sep.junk = true;
                }
                true
            }
            _ => false,
        }
    }

    fn missing_comma(&mut self, next: &Token, sep: &Separated, what: &str) {
        if !sep.after_value || sep.junk {
            return;
        }
        self.diags.push(
            Diagnostic::error(Code::MissingComma, format!("missing `,` between {what}"))
                .at(next.span)
                .hint("separate entries with a comma (and put none after the last one)")
                .fix(
                    "insert `,` after the previous entry",
                    vec![edit(Span::at(sep.last_end), ",")],
                ),
        );
    }

    fn trailing_comma(&mut self, sep: &Separated, what: &str) {
        let Some(c) = sep.comma else { return };
        self.diags.push(
            Diagnostic::error(Code::TrailingComma, format!("trailing comma after the last entry of an {what}"))
                .at(c)
                .hint("strict JSON (and Claude Desktop) rejects trailing commas, and one is enough for the app to ignore every server; remove it")
                .fix("remove this comma", vec![edit(c, "")]),
        );
    }

    // ---- brackets --------------------------------------------------------

    fn closer(&mut self, own: char, own_span: Span, t: &Token) -> Closer {
        let found = if t.kind == Kind::RBrace { '}' } else { ']' };
        if found == close_of(own) {
            return Closer::Own;
        }
        let outer = self.open[..self.open.len().saturating_sub(1)]
            .iter()
            .any(|(c, _)| close_of(*c) == found);
        if !outer {
            self.bump();
            self.stray_closer(t);
            return Closer::Stray;
        }
        if self.mismatch_reported != Some(t.span.start) {
            self.mismatch_reported = Some(t.span.start);
            let what = if own == '{' { "object" } else { "array" };
            self.diags.push(
                Diagnostic::error(
                    Code::MismatchedBracket,
                    format!(
                        "expected `{}` to close the {what} opened at {}, found `{found}`",
                        close_of(own),
                        self.where_(own_span)
                    ),
                )
                .at(t.span)
                .related(own_span, format!("the {what} opened here is never closed"))
                .hint(format!(
                    "brackets must pair up, `{{` with `}}` and `[` with `]`; add the missing `{}` where the {what} ends",
                    close_of(own)
                )),
            );
        }
        Closer::Outer
    }

    fn stray_closer(&mut self, t: &Token) {
        let c = self.text(t.span);
        self.diags.push(
            Diagnostic::error(Code::UnexpectedCharacter, format!("`{c}` does not close anything"))
                .at(t.span)
                .hint("remove it; an extra bracket is often left behind after deleting or pasting a server"),
        );
    }

    fn unclosed(&mut self, open: char, span: Span) {
        let what = if open == '{' { "object" } else { "array" };
        let depth = self.open.len();
        if depth > UNCLOSED_SHOWN + 1 {
            self.unclosed_deeper += 1;
            return;
        }
        let inside = match std::mem::take(&mut self.unclosed_deeper) {
            0 => String::new(),
            1 => ", nor is the bracket opened inside it".to_string(),
            n => format!(", nor are the {n} brackets opened inside it"),
        };
        self.diags.push(
            Diagnostic::error(
                Code::Unclosed,
                format!(
                    "this `{open}` is never closed{inside}: expected `{}` before the end of the file",
                    close_of(open)
                ),
            )
            .at(span)
            .hint(format!(
                "add the missing `{}` where the {what} ends (a server entry copied without its last line is the usual cause)",
                close_of(open)
            )),
        );
    }

    /// Skip a too-deeply nested value without recursion.
    fn too_deep(&mut self, open: Span) -> Node {
        let mut depth = 1usize;
        let mut end = open.end;
        while depth > 0 {
            let t = self.peek().clone();
            match t.kind {
                Kind::Eof => break,
                Kind::LBrace | Kind::LBracket => depth += 1,
                Kind::RBrace | Kind::RBracket => depth -= 1,
                _ => {}
            }
            end = t.span.end;
            self.bump();
        }
        self.diags.push(
            Diagnostic::error(
                Code::TooDeep,
                format!("values nested more than {MAX_DEPTH} levels deep; mcpctl does not read further in"),
            )
            .at(open)
            .hint("a Claude Desktop config nests only a few levels; this part was probably generated by mistake"),
        );
        Node {
            value: Value::Null,
            span: Span::new(open.start, end),
        }
    }

    // ---- other problems --------------------------------------------------

    fn unexpected(&mut self, t: &Token, place: &str) {
        let text = self.text(t.span);
        let shown: String = text.chars().take(20).collect();
        self.diags.push(
            Diagnostic::error(Code::UnexpectedCharacter, format!("unexpected `{shown}` {place}"))
                .at(t.span)
                .hint("JSON only has objects {...}, arrays [...], \"strings\", numbers, true, false and null; remove this"),
        );
    }

    fn unexpected_colon_in_array(&mut self, t: &Token) {
        self.diags.push(
            Diagnostic::error(Code::UnexpectedCharacter, "unexpected `:` inside an array")
                .at(t.span)
                .hint("\"key\": value pairs belong in an object { }, not an array [ ]"),
        );
    }

    fn check_duplicate(&mut self, seen: &mut FastMap<String, Span>, m: &Member) {
        let Some(first) = seen.insert(m.key.clone(), m.key_span) else {
            return;
        };
        let (l1, l2) = (
            self.source.line_col(first.start).line,
            self.source.line_col(m.key_span.start).line,
        );
        let key = words::quoted(&m.key);
        let lines = if l1 == l2 {
            format!("twice on line {l1}")
        } else {
            format!("lines {l1} and {l2}")
        };
        self.diags.push(
            Diagnostic::warning(
                Code::DuplicateKey,
                format!("duplicate key {key} ({lines}); only the last one counts"),
            )
            .at(m.key_span)
            .related(first, format!("first {key} here, ignored by the app"))
            .hint(format!(
                "Claude Desktop silently keeps the last {key} and ignores the earlier one; merge them into one, or delete the one you do not want"
            )),
        );
    }
}

/// Bookkeeping for the entries of one object or array.
struct Separated {
    /// A value was just read, so a `,` or the closer must come next.
    after_value: bool,
    /// The comma after the last value, while nothing followed it yet.
    comma: Option<Span>,
    /// Where the last value (or the opening bracket) ended.
    last_end: usize,
    /// Junk was skipped since the last value (don't also claim a comma).
    junk: bool,
}

impl Separated {
    fn new(open_end: usize) -> Separated {
        Separated {
            after_value: false,
            comma: None,
            last_end: open_end,
            junk: false,
        }
    }
    fn value_end(&mut self, end: usize) {
        self.after_value = true;
        self.comma = None;
        self.last_end = end;
        self.junk = false;
    }
}

fn close_of(open: char) -> char {
    if open == '{' { '}' } else { ']' }
}

fn edit(span: Span, replacement: &str) -> TextEdit {
    TextEdit {
        span,
        replacement: replacement.to_string(),
    }
}

fn unquoted_key(word: &str, span: Span) -> Diagnostic {
    let q = words::quoted(word);
    Diagnostic::error(
        Code::UnquotedKey,
        format!("key `{word}` is not in double quotes"),
    )
    .at(span)
    .hint(format!("JSON keys are strings: write {q}"))
    .fix(format!("write {q}"), vec![edit(span, &q)])
}

fn missing_value(key: &str, at: Span) -> Diagnostic {
    let key = words::quoted(key);
    Diagnostic::error(Code::MissingValue, format!("the key {key} has no value"))
        .at(at)
        .hint(format!(
            "write {key}: followed by a value (\"\" or null if empty), or remove the key"
        ))
}

fn empty_file(source: &Source) -> Diagnostic {
    let blank = super::source::is_blank(&source.text);
    let d = Diagnostic::error(
        Code::EmptyFile,
        if blank {
            "the file is empty"
        } else {
            "the file contains no JSON value"
        },
    )
    .hint("Claude Desktop needs a JSON object; the smallest valid config is {\"mcpServers\": {}}");
    if !blank {
        return d;
    }
    // nothing to lose: the whole text (a byte-order mark and line breaks
    // at most) becomes the smallest config
    d.fix(
        "write the smallest config, {\"mcpServers\": {}}",
        vec![TextEdit {
            span: Span::new(0, source.text.len()),
            replacement: "{\n  \"mcpServers\": {}\n}\n".into(),
        }],
    )
}

fn multiple_values(
    source: &Source,
    first: &Node,
    second: &Node,
    comma: Option<Span>,
) -> Diagnostic {
    let end = first.span.end.min(source.text.len());
    let last_len = source.text[..end]
        .chars()
        .next_back()
        .map_or(0, char::len_utf8);
    let first_end = Span::new(end - last_len, end);
    let lc = |s: usize| source.line_col(s).line;
    let mut d = Diagnostic::error(
        Code::MultipleValues,
        format!(
            "a second JSON value starts here, after the first one ended on line {}",
            lc(first_end.start)
        ),
    )
    .at(second.span)
    .related(first_end, "the first value ends here");
    let both_objects = first.as_object().is_some() && second.as_object().is_some();
    let hint = if both_objects {
        "the file must hold exactly one object: move the servers of this second object into the first \"mcpServers\" object, then delete the rest of it"
    } else {
        "the file must hold exactly one JSON value (one object); merge or delete the extra one"
    };
    d = d.hint(if comma.is_some() {
        format!("{hint} (a comma between two objects does not make a list)")
    } else {
        hint.to_string()
    });
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::diag::apply_fixes;

    fn codes(text: &str) -> Vec<(&'static str, usize, usize)> {
        let src = Source::from_text("c.json", text);
        parse(&src)
            .diagnostics
            .iter()
            .map(|d| {
                let lc = src.line_col(d.span.map_or(0, |s| s.start));
                (d.code.id(), lc.line, lc.column)
            })
            .collect()
    }

    /// A Windows folder ending in a backslash, in a list: its `\"` takes
    /// the closing quote, and the string closes on the next one's opening
    /// quote. Said once, at the `\"`, not as junk after it; a JSON string
    /// holding `\", \"` legitimately is left alone.
    #[test]
    fn a_swallowed_quote_before_the_next_item_is_named_at_the_backslash() {
        let text = r#"{"a": ["-y", "C:\\me\\Desktop\", "D:\\ok"]}"#;
        assert_eq!(codes(text), [("invalid-escape", 1, 30)]);
        let d = &parse(&Source::from_text("c.json", text)).diagnostics[0];
        assert!(
            d.message.ends_with("runs on into the next one"),
            "{}",
            d.message
        );
        assert_eq!(codes(r#"{"a": ["{\"k\": \"v\", \"w\": 1}", "x"]}"#), []);
    }

    #[test]
    fn a_hash_line_is_a_comment_and_its_fix_leaves_strict_json() {
        let text = "{\n  \"mcpServers\": {\n    # my servers\n    \"a\": {\"command\": \"x\"} # the one\n  }\n}\n";
        assert_eq!(codes(text), [("comment", 3, 5), ("comment", 4, 27)]);
        let src = Source::from_text("c.json", text);
        let fixed = apply_fixes(text, &parse(&src).diagnostics);
        assert_eq!(
            fixed,
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"}\n  }\n}\n"
        );
        assert!(parse(&Source::from_text("c.json", &fixed)).is_strict_json());
    }

    #[test]
    fn a_hash_inside_a_word_or_a_string_is_no_comment() {
        assert_eq!(codes("{\"a#b\": \"#c\"}"), []);
        let junk = codes("{\"a\": 1,#x\n}");
        assert!(!junk.iter().any(|(c, ..)| *c == "comment"), "{junk:?}");
    }

    #[test]
    fn brackets_left_open_deep_down_are_counted_in_one_error() {
        let open = |n: usize| format!("{{\"mcpServers\": {{\"a\": {{\"args\": {}", "[".repeat(n));
        let unclosed = |text: &str| -> Vec<String> {
            let src = Source::from_text("c.json", text);
            parse(&src)
                .diagnostics
                .into_iter()
                .filter(|d| d.code == Code::Unclosed)
                .map(|d| d.message)
                .collect()
        };
        // A truncated paste: every bracket gets its own error.
        assert_eq!(unclosed(&open(1)).len(), 4);
        let deep = unclosed(&open(40));
        assert_eq!(deep.len(), UNCLOSED_SHOWN + 1, "{deep:#?}");
        assert!(
            deep[UNCLOSED_SHOWN].contains("nor are the 38 brackets opened inside it"),
            "{deep:#?}"
        );
        assert!(unclosed(&open(3))[4].contains("nor is the bracket opened inside it"));
    }
}
