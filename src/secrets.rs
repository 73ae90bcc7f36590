//! The one masking function. A run collects the secrets it knows (every
//! `env` and `headers` value of the config, the `--env` values of `add`)
//! into a [`Secrets`] set, hands it to the output layer once, and every
//! byte of human text and every string of a JSON document passes through
//! [`Secrets::mask`] on its way out: a secret is hidden wherever it shows
//! up (a diagnostic's message or hint, a refusal, a server's stderr echoing
//! its environment, a line cut by a truncation), not only in the places a
//! renderer thought of. `--show-secrets` hands an empty set.
//!
//! What counts as a secret in free text:
//!
//! - a value whose name says it is one (`API_KEY`, `GITHUB_TOKEN`,
//!   `Authorization`, `DB_PASSWORD`...) or that looks random (12+
//!   characters mixing letters and digits, no spaces, not a path): masked
//!   wherever it appears, as written or JSON-escaped;
//! - any other value (`production`, `1`, `info`): masked only where it is
//!   quoted whole (`"1"`, `'info'`, `` `production` ``), or it would eat
//!   every `[info]` and `warning:` of the output;
//! - the start of a hunted secret right before a cut (`token=sk-li…`);
//! - whatever a [`Pattern`] finds: rules that know secrets by their shape
//!   (`--token VALUE`, `Authorization: Bearer VALUE`, `?api_key=VALUE`)
//!   plug in as plain functions from text to byte ranges.
//!
//! A leaf: strings in, strings out.

use std::borrow::Cow;
use std::ops::Range;

/// What a secret is replaced by (the mask `mcpctl list` shows).
pub const MASK: &str = "****";

/// A rule that finds secrets in text by their shape: the byte ranges to
/// mask (each on character boundaries).
pub type Pattern = fn(&str) -> Vec<Range<usize>>;

/// Shortest value hunted anywhere when its name says it is a secret.
const MIN_NAMED: usize = 4;
/// Shortest value hunted anywhere for looking random.
const MIN_RANDOM: usize = 12;
/// Characters of a hunted secret's start that count as the secret when a
/// cut (`…`) leaves only them.
const MIN_CUT_PREFIX: usize = 3;
/// The mark a truncation leaves.
const CUT: char = '…';

/// Words in a name that say its value is a secret.
const SECRET_NAMES: &[&str] = &[
    "TOKEN",
    "SECRET",
    "KEY",
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "AUTH",
    "CREDENTIAL",
    "COOKIE",
    "SESSION",
    "PRIVATE",
    "SIGNATURE",
    "PAT",
    "DSN",
    "BEARER",
];

/// The secrets of one run and the rules that find more.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// Masked wherever they appear; longest first.
    anywhere: Vec<String>,
    /// Masked where quoted whole.
    quoted: Vec<String>,
    patterns: Vec<Pattern>,
}

impl Secrets {
    /// Nothing to hide (`--show-secrets`).
    pub fn none() -> Secrets {
        Secrets::default()
    }

    pub fn is_empty(&self) -> bool {
        self.anywhere.is_empty() && self.quoted.is_empty() && self.patterns.is_empty()
    }

    /// A value, named by its key when it has one (`API_KEY`, `headers`'
    /// `Authorization`).
    pub fn add(&mut self, key: Option<&str>, value: &str) {
        let value = value.trim_matches(['\r', '\n']);
        if value.is_empty() || is_placeholder(value) || is_flag(value) {
            return;
        }
        let named = key.is_some_and(names_a_secret) && value.chars().count() >= MIN_NAMED;
        self.push(value, named || looks_random(value));
    }

    /// A value with no name to go by, hunted by its length alone (the
    /// logs' rule: a log line has no key beside the value): `min_anywhere`
    /// characters or more, masked wherever it appears; shorter, only where
    /// quoted whole.
    pub fn add_unnamed(&mut self, value: &str, min_anywhere: usize) {
        if value.is_empty() {
            return;
        }
        self.push(value, value.chars().count() >= min_anywhere);
    }

    /// Every form of `value`, to be masked anywhere or only where quoted.
    fn push(&mut self, value: &str, anywhere: bool) {
        let list = if anywhere {
            &mut self.anywhere
        } else {
            &mut self.quoted
        };
        for form in forms(value) {
            if !list.contains(&form) {
                list.push(form);
            }
        }
        self.anywhere.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// A rule that finds secrets by their shape.
    pub fn add_pattern(&mut self, p: Pattern) {
        if !self.patterns.contains(&p) {
            self.patterns.push(p);
        }
    }

    /// Everything of `other` too.
    pub fn extend(&mut self, other: &Secrets) {
        for v in &other.anywhere {
            if !self.anywhere.contains(v) {
                self.anywhere.push(v.clone());
            }
        }
        self.anywhere.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for v in &other.quoted {
            if !self.quoted.contains(v) {
                self.quoted.push(v.clone());
            }
        }
        for p in &other.patterns {
            self.add_pattern(*p);
        }
    }

    /// `text` with every secret replaced by [`MASK`].
    pub fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_empty() || text.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for v in &self.anywhere {
            ranges.extend(text.match_indices(v.as_str()).map(|(i, m)| i..i + m.len()));
        }
        for v in &self.quoted {
            for (open, close) in [('"', '"'), ('\'', '\''), ('`', '`')] {
                let quoted = format!("{open}{v}{close}");
                ranges.extend(
                    text.match_indices(quoted.as_str())
                        .map(|(i, m)| i + open.len_utf8()..i + m.len() - close.len_utf8()),
                );
            }
        }
        for p in &self.patterns {
            ranges.extend(p(text).into_iter().filter(|r| {
                r.start < r.end
                    && r.end <= text.len()
                    && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end)
            }));
        }
        for (cut, _) in text.match_indices(CUT) {
            if let Some(r) = self.cut_prefix(&text[..cut]) {
                ranges.push(r);
            }
        }
        if ranges.is_empty() {
            return Cow::Borrowed(text);
        }
        ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in ranges {
            if r.end <= at {
                continue;
            }
            let start = r.start.max(at);
            out.push_str(&text[at..start]);
            if start == r.start {
                out.push_str(MASK);
            }
            at = r.end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// The range of the longest start of a hunted secret that `before`
    /// (text up to a cut) ends with.
    fn cut_prefix(&self, before: &str) -> Option<Range<usize>> {
        self.anywhere
            .iter()
            .flat_map(|v| {
                v.char_indices()
                    .skip(MIN_CUT_PREFIX)
                    .map(move |(i, _)| &v[..i])
            })
            .filter(|prefix| before.ends_with(prefix))
            .map(str::len)
            .max()
            .map(|n| before.len() - n..before.len())
    }
}

/// Whether a name (an env key, a header) says its value is a secret:
/// one of its words is `TOKEN`, `KEY`, `PASSWORD`... (`API_KEY`,
/// `githubToken`, `x-api-key`), or a whole-word match like `Authorization`.
pub fn names_a_secret(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    if upper.starts_with("AUTHORIZATION") || upper.contains("APIKEY") {
        return true;
    }
    words(key).any(|w| SECRET_NAMES.contains(&w.as_str()))
}

/// The words of a name: split at `_`, `-`, `.` and lower→upper case turns.
fn words(key: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            out.push(std::mem::take(&mut cur));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_uppercase());
    }
    out.push(cur);
    out.into_iter().filter(|w| !w.is_empty())
}

/// A value that stands for a secret without being one: a variable
/// (`${API_KEY}`, `$TOKEN`, `%TOKEN%`) or a placeholder (`<YOUR_KEY>`).
/// Messages about them must show them.
pub fn is_placeholder(value: &str) -> bool {
    let name = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    let inner = value
        .strip_prefix("${")
        .and_then(|v| v.strip_suffix('}'))
        .or_else(|| value.strip_prefix('$'))
        .or_else(|| value.strip_prefix('%').and_then(|v| v.strip_suffix('%')));
    inner.is_some_and(name)
        || (value.starts_with('<')
            && value.ends_with('>')
            && !value[1..value.len() - 1].contains(['<', '>']))
}

/// `true`, `false`, `null` (any case): a switch, never a secret, and
/// hints quote them (`quote it: "true"`).
fn is_flag(value: &str) -> bool {
    ["true", "false", "null"]
        .iter()
        .any(|w| value.eq_ignore_ascii_case(w))
}

/// A token-like value: long, letters and digits, no spaces, not a path or
/// a version.
pub fn looks_random(value: &str) -> bool {
    let n = value.chars().count();
    n >= MIN_RANDOM
        && !value.contains(char::is_whitespace)
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_alphabetic())
        && !is_path_like(value)
}

fn is_path_like(v: &str) -> bool {
    let b = v.as_bytes();
    v.starts_with(['/', '~', '.', '\\', '$', '%'])
        || (b.len() > 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
        || v.contains("://") && !v.contains('?') && !v.contains('@')
}

/// The value as written, as a JSON string's inside escapes it, and as a
/// single-quoted JavaScript inspect string does (the app's logs: `args`,
/// `paths`; backslashes doubled, `'` escaped).
fn forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    let inspect = v.replace('\\', "\\\\").replace('\'', "\\'");
    for f in [serde_json_escape(v), inspect] {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// What `"..."` holds for `v` in JSON (quotes and backslashes escaped,
/// control characters as `\n`, `\t` or `\u00XX`).
fn serde_json_escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(&str, &str)]) -> Secrets {
        let mut s = Secrets::none();
        for (k, v) in pairs {
            s.add(Some(k), v);
        }
        s
    }

    #[test]
    fn named_and_random_values_are_masked_anywhere() {
        let s = set(&[("API_KEY", "sk-live-0123"), ("X", "ghp_a1b2c3d4e5f6g7h8")]);
        assert_eq!(
            s.mask("`sk-live-0123` is not a JSON value; token ghp_a1b2c3d4e5f6g7h8!"),
            "`****` is not a JSON value; token ****!"
        );
        // JSON-escaped form too
        let s = set(&[("PASSWORD", "a\"b\\c")]);
        assert_eq!(s.mask(r#"{"v": "a\"b\\c"}"#), r#"{"v": "****"}"#);
    }

    #[test]
    fn plain_values_only_where_quoted_whole() {
        let s = set(&[("LOG_LEVEL", "warning"), ("DEBUG", "1"), ("PIN", "0123")]);
        assert_eq!(
            s.mask("warning: quote it: \"1\" or '1'; `0123` is not a number; line 1"),
            "warning: quote it: \"****\" or '****'; `****` is not a number; line 1"
        );
    }

    #[test]
    fn the_start_of_a_secret_before_a_cut_is_masked() {
        let s = set(&[("TOKEN", "abcdefghijklmnop")]);
        assert_eq!(s.mask("using abcdef… and more"), "using ****… and more");
        assert_eq!(s.mask("ab… stays"), "ab… stays");
    }

    #[test]
    fn patterns_plug_in() {
        fn bearer(text: &str) -> Vec<Range<usize>> {
            text.match_indices("Bearer ")
                .map(|(i, m)| {
                    let start = i + m.len();
                    let end = text[start..]
                        .find(char::is_whitespace)
                        .map_or(text.len(), |e| start + e);
                    start..end
                })
                .collect()
        }
        let mut s = Secrets::none();
        s.add_pattern(bearer);
        assert_eq!(
            s.mask("Authorization: Bearer xyz.123 ok"),
            "Authorization: Bearer **** ok"
        );
    }

    #[test]
    fn placeholders_are_not_secrets() {
        let s = set(&[
            ("API_KEY", "${API_KEY}"),
            ("TOKEN", "<YOUR_TOKEN>"),
            ("K", "%K%"),
        ]);
        assert!(s.is_empty());
        assert!(!is_placeholder("${A}x") && !is_placeholder("sk-123"));
    }

    #[test]
    fn names_and_shapes() {
        for k in [
            "API_KEY",
            "githubToken",
            "x-api-key",
            "Authorization",
            "DB_PASSWORD",
            "apikey",
        ] {
            assert!(names_a_secret(k), "{k}");
        }
        for k in ["PATH", "HOME", "NODE_ENV", "LOG_LEVEL", "KEYBOARD_LAYOUT"] {
            assert!(!names_a_secret(k), "{k}");
        }
        assert!(looks_random("sk-proj-abc123def456"));
        for v in [
            "production",
            "/home/u/bin1234567",
            "v20.11.1",
            "C:\\Users\\me1234567",
            "hello world 123456",
        ] {
            assert!(!looks_random(v), "{v}");
        }
    }

    #[test]
    fn nothing_to_mask_borrows_and_overlaps_mask_once() {
        let s = set(&[("TOKEN", "abcdefgh"), ("SECRET", "abcdefgh-long")]);
        assert!(matches!(s.mask("plain"), Cow::Borrowed(_)));
        assert_eq!(s.mask("k=abcdefgh-long;"), "k=****;");
        assert!(matches!(Secrets::none().mask("abcdefgh"), Cow::Borrowed(_)));
    }
}
