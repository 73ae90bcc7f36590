//! What Claude Desktop says about a stdout line that is not JSON: the
//! exact `SyntaxError` message of Node's `JSON.parse` for that line (the
//! MCP TypeScript SDK parses each line with it, and the app logs the
//! message), so a user can match mcpctl's report with the app's log.
//!
//! An emulation of V8's JSON parser's error reporting, step for step:
//! which token it stops at, the position in UTF-16 code units, the
//! message template, and the 10-character context around the token in
//! long lines. Checked against Node v22.23.5 and v24.22.3 (identical;
//! the table in the tests was produced with them by
//! `scripts/node-json-errors.js`). Node 20 says the same without the
//! trailing ` (line L column C)`. Pure.

/// The message `JSON.parse(line)` throws in Node 22/24, or `None` when it
/// accepts the line.
pub fn parse_error(line: &str) -> Option<String> {
    let units: Vec<u16> = line.encode_utf16().collect();
    let mut p = Parser {
        s: &units,
        pos: 0,
        depth: Vec::new(),
    };
    p.document().err().map(|e| p.message(e))
}

/// V8's one-character token classes (`one_char_json_tokens`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Eos,
    String,
    Number,
    True,
    False,
    Null,
    Whitespace,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    Colon,
    Comma,
    Illegal,
}

fn token_of(c: u16) -> Token {
    match c {
        0x22 => Token::String,
        0x2d | 0x30..=0x39 => Token::Number,
        0x74 => Token::True,
        0x66 => Token::False,
        0x6e => Token::Null,
        0x20 | 0x09 | 0x0a | 0x0d => Token::Whitespace,
        0x7b => Token::LBrace,
        0x7d => Token::RBrace,
        0x5b => Token::LBrack,
        0x5d => Token::RBrack,
        0x3a => Token::Colon,
        0x2c => Token::Comma,
        _ => Token::Illegal,
    }
}

/// The message templates that carry a position (V8's `kJsonParse*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Template {
    ExpectedPropNameOrRBrace,
    ExpectedCommaOrRBrack,
    ExpectedCommaOrRBrace,
    UnexpectedNonWhiteSpace,
    BadEscapedCharacter,
    BadControlCharacter,
    BadUnicodeEscape,
    NoNumberAfterMinusSign,
    ExponentPartMissingNumber,
    ExpectedColonAfterPropertyName,
    UnterminatedFractionalNumber,
    ExpectedDoubleQuotedPropertyName,
    UnterminatedString,
}

impl Template {
    fn text(self) -> &'static str {
        match self {
            Template::ExpectedPropNameOrRBrace => "Expected property name or '}' in JSON",
            Template::ExpectedCommaOrRBrack => "Expected ',' or ']' after array element in JSON",
            Template::ExpectedCommaOrRBrace => "Expected ',' or '}' after property value in JSON",
            Template::UnexpectedNonWhiteSpace => "Unexpected non-whitespace character after JSON",
            Template::BadEscapedCharacter => "Bad escaped character in JSON",
            Template::BadControlCharacter => "Bad control character in string literal in JSON",
            Template::BadUnicodeEscape => "Bad Unicode escape in JSON",
            Template::NoNumberAfterMinusSign => "No number after minus sign in JSON",
            Template::ExponentPartMissingNumber => "Exponent part is missing a number in JSON",
            Template::ExpectedColonAfterPropertyName => "Expected ':' after property name in JSON",
            Template::UnterminatedFractionalNumber => "Unterminated fractional number in JSON",
            Template::ExpectedDoubleQuotedPropertyName => {
                "Expected double-quoted property name in JSON"
            }
            Template::UnterminatedString => "Unterminated string in JSON",
        }
    }
}

/// Where V8 stopped: the token at `pos`, and the explicit template, if
/// any (an explicit template wins over the token's own message).
#[derive(Debug, Clone, Copy)]
struct Stop {
    token: Token,
    pos: usize,
    template: Option<Template>,
}

/// What a container expects after a value.
enum Frame {
    Object,
    Array,
}

struct Parser<'a> {
    s: &'a [u16],
    pos: usize,
    depth: Vec<Frame>,
}

/// Below this length the whole line is quoted; above, 10 characters of
/// context either side of the token (V8's
/// `kMinOriginalSourceLengthForContext`, `kMaxContextCharacters`).
const MIN_LENGTH_FOR_CONTEXT: usize = 21;
const CONTEXT: usize = 10;

/// Whole lines V8 names without a token (`IsSpecialString`).
const SPECIAL: &[&str] = &["[object Object]", "undefined", "Infinity", "NaN"];

impl Parser<'_> {
    fn at(&self, i: usize) -> Option<u16> {
        self.s.get(i).copied()
    }

    fn peek(&self) -> Token {
        self.at(self.pos).map_or(Token::Eos, token_of)
    }

    fn skip_whitespace(&mut self) {
        while self.peek() == Token::Whitespace {
            self.pos += 1;
        }
    }

    fn stop(&self, token: Token, template: Option<Template>) -> Stop {
        Stop {
            token,
            pos: self.pos,
            template,
        }
    }

    /// `ReportUnexpectedCharacter`: the token class of the character here.
    fn unexpected_here(&self) -> Stop {
        self.stop(self.peek(), None)
    }

    /// `Check`: skip whitespace; consume `t` when it is next.
    fn check(&mut self, t: Token) -> bool {
        self.skip_whitespace();
        if self.peek() == t {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `ExpectNext`: skip whitespace; `t` must be next.
    fn expect_next(&mut self, t: Token, template: Template) -> Result<(), Stop> {
        self.skip_whitespace();
        self.expect(t, template)
    }

    fn expect(&mut self, t: Token, template: Template) -> Result<(), Stop> {
        if self.peek() == t {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.stop(self.peek(), Some(template)))
        }
    }

    fn document(&mut self) -> Result<(), Stop> {
        self.value()?;
        if !self.check(Token::Eos) {
            return Err(self.stop(self.peek(), Some(Template::UnexpectedNonWhiteSpace)));
        }
        Ok(())
    }

    /// `ParseJsonValue`: iterative, like V8's, with a stack of containers.
    fn value(&mut self) -> Result<(), Stop> {
        loop {
            // Produce one value (or open a container and loop for its first).
            self.skip_whitespace();
            match self.peek() {
                Token::String => {
                    self.pos += 1;
                    self.string()?;
                }
                Token::Number => self.number()?,
                Token::LBrace => {
                    self.pos += 1;
                    if !self.check(Token::RBrace) {
                        self.depth.push(Frame::Object);
                        self.property_key(Template::ExpectedPropNameOrRBrace)?;
                        continue;
                    }
                }
                Token::LBrack => {
                    self.pos += 1;
                    if !self.check(Token::RBrack) {
                        self.depth.push(Frame::Array);
                        continue;
                    }
                }
                Token::True => self.literal("true")?,
                Token::False => self.literal("false")?,
                Token::Null => self.literal("null")?,
                _ => return Err(self.unexpected_here()),
            }
            // A value is done: close the containers it completes.
            loop {
                match self.depth.last() {
                    None => return Ok(()),
                    Some(Frame::Object) => {
                        if self.check(Token::Comma) {
                            self.property_key(Template::ExpectedDoubleQuotedPropertyName)?;
                            break;
                        }
                        self.expect(Token::RBrace, Template::ExpectedCommaOrRBrace)?;
                    }
                    Some(Frame::Array) => {
                        if self.check(Token::Comma) {
                            break;
                        }
                        self.expect(Token::RBrack, Template::ExpectedCommaOrRBrack)?;
                    }
                }
                self.depth.pop();
            }
        }
    }

    /// A property name and its colon.
    fn property_key(&mut self, missing: Template) -> Result<(), Stop> {
        self.expect_next(Token::String, missing)?;
        self.string()?;
        self.expect_next(Token::Colon, Template::ExpectedColonAfterPropertyName)
    }

    /// `ScanJsonString`, after the opening quote.
    fn string(&mut self) -> Result<(), Stop> {
        loop {
            let Some(c) = self.at(self.pos) else {
                return Err(self.stop(Token::Illegal, Some(Template::UnterminatedString)));
            };
            match c {
                0x22 => {
                    self.pos += 1;
                    return Ok(());
                }
                0x5c => {
                    self.pos += 1;
                    match self.at(self.pos) {
                        None => return Err(self.stop(Token::Eos, None)),
                        Some(0x22 | 0x5c | 0x2f | 0x62 | 0x66 | 0x6e | 0x72 | 0x74) => {
                            self.pos += 1;
                        }
                        Some(0x75) => {
                            for _ in 0..4 {
                                self.pos += 1;
                                let hex = self
                                    .at(self.pos)
                                    .and_then(|h| char::from_u32(u32::from(h)))
                                    .is_some_and(|h| h.is_ascii_hexdigit());
                                if !hex {
                                    return Err(
                                        self.stop(Token::Illegal, Some(Template::BadUnicodeEscape))
                                    );
                                }
                            }
                            self.pos += 1;
                        }
                        Some(_) => {
                            return Err(
                                self.stop(Token::Illegal, Some(Template::BadEscapedCharacter))
                            );
                        }
                    }
                }
                c if c < 0x20 => {
                    return Err(self.stop(Token::Illegal, Some(Template::BadControlCharacter)));
                }
                _ => self.pos += 1,
            }
        }
    }

    fn is_digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| (0x30..=0x39).contains(&c))
    }

    /// `IsNumberPart`: digits, `.`, `e`, `E`, `-`, `+`.
    fn is_number_part(&self, i: usize) -> bool {
        self.is_digit(i) || matches!(self.at(i), Some(0x2e | 0x65 | 0x45 | 0x2d | 0x2b))
    }

    fn skip_digits(&mut self) {
        while self.is_digit(self.pos) {
            self.pos += 1;
        }
    }

    /// `ParseJsonNumber`.
    fn number(&mut self) -> Result<(), Stop> {
        let negative = self.at(self.pos) == Some(0x2d);
        if negative {
            self.pos += 1;
        }
        if self.at(self.pos) == Some(0x30) {
            self.pos += 1;
            if self.is_number_part(self.pos) {
                if self.is_digit(self.pos) {
                    return Err(self.stop(Token::Number, None));
                }
            } else if !negative {
                return Ok(());
            }
        } else {
            let start = self.pos;
            self.skip_digits();
            if self.pos == start {
                return Err(self.stop(Token::Illegal, Some(Template::NoNumberAfterMinusSign)));
            }
            if !self.is_number_part(self.pos) {
                return Ok(());
            }
        }
        if self.at(self.pos) == Some(0x2e) {
            self.pos += 1;
            if !self.is_digit(self.pos) {
                return Err(self.stop(Token::Illegal, Some(Template::UnterminatedFractionalNumber)));
            }
            self.skip_digits();
        }
        if matches!(self.at(self.pos), Some(0x65 | 0x45)) {
            self.pos += 1;
            if matches!(self.at(self.pos), Some(0x2d | 0x2b)) {
                self.pos += 1;
            }
            if !self.is_digit(self.pos) {
                return Err(self.stop(Token::Illegal, Some(Template::ExponentPartMissingNumber)));
            }
            self.skip_digits();
        }
        Ok(())
    }

    /// `ScanLiteral`: the first character matched already.
    fn literal(&mut self, word: &str) -> Result<(), Stop> {
        let word: Vec<u16> = word.encode_utf16().collect();
        self.pos += 1;
        for &expected in &word[1..] {
            match self.at(self.pos) {
                None => return Err(self.stop(Token::Eos, None)),
                Some(c) if c != expected => return Err(self.unexpected_here()),
                Some(_) => self.pos += 1,
            }
        }
        Ok(())
    }

    /// The message V8 builds for `stop`.
    fn message(&self, stop: Stop) -> String {
        let at = |what: &str| {
            format!(
                "{what} at position {} (line 1 column {})",
                stop.pos,
                stop.pos + 1
            )
        };
        if let Some(t) = stop.template {
            return at(t.text());
        }
        match stop.token {
            Token::Eos => "Unexpected end of JSON input".to_string(),
            Token::Number => at("Unexpected number in JSON"),
            Token::String => at("Unexpected string in JSON"),
            _ => self.unexpected_token(stop.pos),
        }
    }

    /// `Unexpected token 'X', "..." is not valid JSON`, with V8's context.
    fn unexpected_token(&self, pos: usize) -> String {
        let whole = String::from_utf16_lossy(self.s);
        if SPECIAL.contains(&whole.as_str()) {
            return format!("\"{whole}\" is not valid JSON");
        }
        let token = String::from_utf16_lossy(&self.s[pos..=pos.min(self.s.len() - 1)]);
        let len = self.s.len();
        if len < MIN_LENGTH_FOR_CONTEXT {
            return format!("Unexpected token '{token}', \"{whole}\" is not valid JSON");
        }
        let (start, end, before, after) = if pos < CONTEXT {
            (0, pos + CONTEXT, "", "...")
        } else if pos < len - CONTEXT {
            (pos - CONTEXT, pos + CONTEXT, "...", "...")
        } else {
            (pos - CONTEXT, len, "...", "")
        };
        let context = String::from_utf16_lossy(&self.s[start..end]);
        format!("Unexpected token '{token}', {before}\"{context}\"{after} is not valid JSON")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines and what `JSON.parse` says about them in Node v22.23.5 and
    /// v24.22.3 (`scripts/node-json-errors.js` prints this table).
    const NODE: &[(&str, Option<&str>)] = &[
        (
            "Server started",
            Some("Unexpected token 'S', \"Server started\" is not valid JSON"),
        ),
        (
            "[dotenv@17.2.1] injecting env (2) from .env -- tip: encrypt with dotenvx",
            Some("Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON"),
        ),
        (
            "Content-Length: 120",
            Some("Unexpected token 'C', \"Content-Length: 120\" is not valid JSON"),
        ),
        ("", Some("Unexpected end of JSON input")),
        ("42", None),
        (
            "42 is the answer",
            Some("Unexpected non-whitespace character after JSON at position 3 (line 1 column 4)"),
        ),
        (
            "2026-09-01 10:00:00,123 - srv - INFO - hello",
            Some("Unexpected non-whitespace character after JSON at position 4 (line 1 column 5)"),
        ),
        (
            "INFO:root:hello",
            Some("Unexpected token 'I', \"INFO:root:hello\" is not valid JSON"),
        ),
        (
            "[09/01/26 10:00:00] INFO     Processing",
            Some("Unexpected number in JSON at position 2 (line 1 column 3)"),
        ),
        (
            r#"{"jsonrpc":"2.0","id":0,"result":{}} extra"#,
            Some(
                "Unexpected non-whitespace character after JSON at position 37 (line 1 column 38)",
            ),
        ),
        (
            "{not json}",
            Some("Expected property name or '}' in JSON at position 1 (line 1 column 2)"),
        ),
        (
            "true story",
            Some("Unexpected non-whitespace character after JSON at position 5 (line 1 column 6)"),
        ),
        ("tru", Some("Unexpected end of JSON input")),
        (
            "nullable",
            Some("Unexpected non-whitespace character after JSON at position 4 (line 1 column 5)"),
        ),
        (
            r#"{"a":1"#,
            Some(
                "Expected ',' or '}' after property value in JSON at position 6 (line 1 column 7)",
            ),
        ),
        (
            "[INFO] x",
            Some("Unexpected token 'I', \"[INFO] x\" is not valid JSON"),
        ),
        (
            "'single'",
            Some("Unexpected token ''', \"'single'\" is not valid JSON"),
        ),
        (
            r#""str" x"#,
            Some("Unexpected non-whitespace character after JSON at position 6 (line 1 column 7)"),
        ),
        (
            "Server started on port 3000 with a very long message indeed",
            Some("Unexpected token 'S', \"Server sta\"... is not valid JSON"),
        ),
        (
            "-",
            Some("No number after minus sign in JSON at position 1 (line 1 column 2)"),
        ),
        (
            "1.",
            Some("Unterminated fractional number in JSON at position 2 (line 1 column 3)"),
        ),
        (
            "1e",
            Some("Exponent part is missing a number in JSON at position 2 (line 1 column 3)"),
        ),
        (
            "\"abc",
            Some("Unterminated string in JSON at position 4 (line 1 column 5)"),
        ),
        (
            r#"{"a" 1}"#,
            Some("Expected ':' after property name in JSON at position 5 (line 1 column 6)"),
        ),
        (
            r#"{"a":1,}"#,
            Some("Expected double-quoted property name in JSON at position 7 (line 1 column 8)"),
        ),
        (
            "[1,]",
            Some("Unexpected token ']', \"[1,]\" is not valid JSON"),
        ),
        (
            "[1 2]",
            Some("Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)"),
        ),
        (
            r#""\x""#,
            Some("Bad escaped character in JSON at position 2 (line 1 column 3)"),
        ),
        (
            "é café",
            Some("Unexpected token 'é', \"é café\" is not valid JSON"),
        ),
        (
            "😀 smile",
            Some("Unexpected token '\u{fffd}', \"😀 smile\" is not valid JSON"),
        ),
        (
            "   Server",
            Some("Unexpected token 'S', \"   Server\" is not valid JSON"),
        ),
        (
            "t1",
            Some("Unexpected number in JSON at position 1 (line 1 column 2)"),
        ),
        ("tx", Some("Unexpected token 'x', \"tx\" is not valid JSON")),
        ("nul", Some("Unexpected end of JSON input")),
        (
            "t\"",
            Some("Unexpected string in JSON at position 1 (line 1 column 2)"),
        ),
        ("undefined", Some("\"undefined\" is not valid JSON")),
        ("NaN", Some("\"NaN\" is not valid JSON")),
        (
            "[object Object]",
            Some("\"[object Object]\" is not valid JSON"),
        ),
        (
            " undefined",
            Some("Unexpected token 'u', \" undefined\" is not valid JSON"),
        ),
        (
            r#""\u12x4""#,
            Some("Bad Unicode escape in JSON at position 5 (line 1 column 6)"),
        ),
        (
            r#""\u12"#,
            Some("Bad Unicode escape in JSON at position 5 (line 1 column 6)"),
        ),
        ("\"\\", Some("Unexpected end of JSON input")),
        (
            "\"a\tb\"",
            Some("Bad control character in string literal in JSON at position 2 (line 1 column 3)"),
        ),
        (
            "{",
            Some("Expected property name or '}' in JSON at position 1 (line 1 column 2)"),
        ),
        ("[", Some("Unexpected end of JSON input")),
        (r#"{"a":"#, Some("Unexpected end of JSON input")),
        (
            r#"{"a":1,"b" 2}"#,
            Some("Expected ':' after property name in JSON at position 11 (line 1 column 12)"),
        ),
        ("-0", None),
        (
            "-01",
            Some("Unexpected number in JSON at position 2 (line 1 column 3)"),
        ),
        (
            "0x",
            Some("Unexpected non-whitespace character after JSON at position 1 (line 1 column 2)"),
        ),
        (
            "1E+",
            Some("Exponent part is missing a number in JSON at position 3 (line 1 column 4)"),
        ),
        (
            "[]]",
            Some("Unexpected non-whitespace character after JSON at position 2 (line 1 column 3)"),
        ),
        (
            "abcdefghijklmnopqrst",
            Some("Unexpected token 'a', \"abcdefghijklmnopqrst\" is not valid JSON"),
        ),
        (
            "abcdefghijklmnopqrstu",
            Some("Unexpected token 'a', \"abcdefghij\"... is not valid JSON"),
        ),
        (
            "          abcdefghijklmnopqrstuv",
            Some("Unexpected token 'a', ...\"          abcdefghij\"... is not valid JSON"),
        ),
        (
            "ab😀cdefghijklmnopqrstuvwxyz",
            Some("Unexpected token 'a', \"ab😀cdefgh\"... is not valid JSON"),
        ),
        (
            "           😀bcdefghijklmnopqrstuvwxyz",
            Some("Unexpected token '\u{fffd}', ...\"          😀bcdefghi\"... is not valid JSON"),
        ),
        (r#""\ud800""#, None),
        (
            r#"{"a":1 "b":2}"#,
            Some(
                "Expected ',' or '}' after property value in JSON at position 7 (line 1 column 8)",
            ),
        ),
        (
            "[1,2,3,4,5,6,7,8,9,10,11,12,x]",
            Some("Unexpected token 'x', ...\",10,11,12,x]\" is not valid JSON"),
        ),
        ("123456789012345", None),
        (
            r#"{"jsonrpc":"2.0","id":0,"result":{"a":[1,2.5e-3,true,null]}}"#,
            None,
        ),
    ];

    #[test]
    fn says_what_node_says_for_every_kind_of_line() {
        for (line, want) in NODE {
            assert_eq!(parse_error(line).as_deref(), *want, "JSON.parse({line:?})");
        }
    }

    /// Generated lines, JSON-ish on purpose (brackets, quotes, digits,
    /// literals, escapes, log-like words), from a fixed seed.
    fn generated(n: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            " ",
            "0",
            "1",
            "9",
            "-",
            "+",
            ".",
            "e",
            "E",
            "t",
            "true",
            "f",
            "false",
            "n",
            "null",
            "\\",
            "\\u",
            "\\n",
            "a",
            "x",
            "\t",
            "é",
            "😀",
            "INFO",
            "2026-09-01 ",
            "Server started on port 3000 ",
            "\"jsonrpc\"",
            "{\"a\":",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..n)
            .map(|_| {
                let len = (next() % 12) as usize;
                (0..len)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    /// The machine's `node` agrees with the emulation on thousands of
    /// generated lines (Node before 22 does not add the line and column:
    /// both sides are compared without them then).
    #[test]
    #[allow(clippy::print_stderr)]
    fn agrees_with_the_machines_node() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let script = "const ls = JSON.parse(require('fs').readFileSync(0, 'utf8'));\
            console.log(JSON.stringify([process.versions.node, ls.map(l => { \
            try { JSON.parse(l); return null; } catch (e) { return e.message.replace(\
            /[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]/g, \
            '\\uFFFD'); } })]));";
        let Ok(mut child) = Command::new("node")
            .args(["-e", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
        else {
            eprintln!("SKIPPED: node not found; the JSON.parse cross-check needs it");
            return;
        };
        let lines = generated(3000);
        let input = serde_json::to_string(&lines).unwrap_or_default();
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(input.as_bytes());
        }
        let out = child.wait_with_output().expect("node ran");
        let (version, said): (String, Vec<Option<String>>) =
            serde_json::from_slice(&out.stdout).expect("node's answer");
        let major: u32 = version
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        let plain = |m: Option<String>| {
            m.map(|m| match m.find(" (line ") {
                Some(i) if major < 22 => m[..i].to_string(),
                _ => m,
            })
        };
        let mut wrong = Vec::new();
        for (line, node) in lines.iter().zip(said) {
            let ours = plain(parse_error(line));
            if ours != node {
                wrong.push(format!("{line:?}: node {node:?}, mcpctl {ours:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "node {version} disagrees on {} lines:\n{}",
            wrong.len(),
            wrong[..wrong.len().min(20)].join("\n")
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for line in [
            "\u{0}", "\"", "-", "[[[[", "{\"", "\"\\u", "[-", "0.", "1e+",
        ] {
            assert!(parse_error(line).is_some(), "{line:?}");
        }
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse_error(&deep), None);
    }
}
