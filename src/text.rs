//! Small text helpers shared by every layer: counts with their noun
//! (`1 server`, `2 servers`), durations (`850 ms`, `2.5 s`), a typed
//! command line split into words, the edit distance behind every
//! "did you mean", and server-chosen text made safe for a terminal; and
//! the hash map every layer's small maps use. Pure.

/// A hash map for one run's small maps (paths, names, keys): foldhash's
/// fixed-seed hasher, several times quicker than the standard SipHash on
/// short keys (SipHash was 6% of `doctor --no-launch`'s instructions). The
/// keys come from the user's own files and machine; nothing here needs a
/// defence against crafted collisions, nor a random seed (one less system
/// call at start).
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// The set of [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// Whether `s` ends with `suffix`, ASCII letters compared without case
/// (`NPX.CMD` ends with `.cmd`), without a lower-case copy of `s`.
pub fn ends_with_ignore_ascii_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// `s` cut to its first `max` characters and `…` when longer: a value
/// quoted in a message (an argument of 200 000 characters is not).
pub fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..at])),
        None => std::borrow::Cow::Borrowed(s),
    }
}

/// `` `a`, `b`, `c` `` or `` `a`, `b`, `c` and 4 more ``: at most `shown`
/// names, each in backticks and cut at 80 characters.
pub fn name_list<S: AsRef<str>>(names: &[S], shown: usize) -> String {
    let listed: Vec<String> = names
        .iter()
        .take(shown)
        .map(|n| format!("`{}`", clip(n.as_ref(), 80)))
        .collect();
    match names.len().saturating_sub(shown) {
        0 => listed.join(", "),
        more => format!("{} and {more} more", listed.join(", ")),
    }
}

/// The terminal columns `s` takes (a CJK character or an emoji 2, a
/// combining mark 0), to pad a column of names: `chars().count()` puts a
/// wide name's neighbours out of line. Measure the text as shown: a name
/// escaped for the terminal (`\x1b`, 4 columns) is measured escaped.
pub fn columns(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` and the spaces that make it `width` terminal [`columns`] wide (as
/// it is when already wider): the one way every aligned column of a table
/// is padded (`format!("{s:<width$}")` counts characters, so a CJK or
/// emoji name pushes the next column out of line). `s` is the text as
/// shown, escapes included; `width` the widest cell as [`columns`] counts.
pub fn pad(s: &str, width: usize) -> String {
    let spaces = width.saturating_sub(columns(s));
    let mut out = String::with_capacity(s.len() + spaces);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', spaces));
    out
}

/// `1 server`, `0 servers`, `2 servers`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Byte searches that never ask the CPU what it has. The `memchr` crate's
/// generic entry points detect the vector unit on first use (`cpuid`,
/// which on a virtual machine traps to the hypervisor: about 4 µs each on
/// the 2-core VM this was measured on, some 40 µs in all, 3% of
/// `validate`). SSE2 is part of x86_64, so its searcher is taken directly;
/// elsewhere the crate's own choice is static (NEON on aarch64).
#[allow(clippy::disallowed_methods)] // the one place allowed: static choice off x86_64
pub mod bytes {
    /// The first `needle` in `haystack`.
    pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        return sse2(needle).find(haystack);
        #[cfg(not(target_arch = "x86_64"))]
        return memchr::memchr(needle, haystack);
    }

    /// The last `needle` in `haystack`.
    pub fn rfind(needle: u8, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        return sse2(needle).rfind(haystack);
        #[cfg(not(target_arch = "x86_64"))]
        return memchr::memrchr(needle, haystack);
    }

    /// Every position of `needle` in `haystack`, in order.
    pub fn positions(needle: u8, haystack: &[u8]) -> Positions<'_> {
        Positions {
            #[cfg(target_arch = "x86_64")]
            searcher: sse2(needle),
            #[cfg(not(target_arch = "x86_64"))]
            needle,
            haystack,
            at: 0,
        }
    }

    pub struct Positions<'h> {
        #[cfg(target_arch = "x86_64")]
        searcher: memchr::arch::x86_64::sse2::memchr::One,
        #[cfg(not(target_arch = "x86_64"))]
        needle: u8,
        haystack: &'h [u8],
        at: usize,
    }

    impl Iterator for Positions<'_> {
        type Item = usize;
        fn next(&mut self) -> Option<usize> {
            let rest = self.haystack.get(self.at..)?;
            #[cfg(target_arch = "x86_64")]
            let found = self.searcher.find(rest);
            #[cfg(not(target_arch = "x86_64"))]
            let found = memchr::memchr(self.needle, rest);
            let i = self.at + found?;
            self.at = i + 1;
            Some(i)
        }
    }

    #[cfg(target_arch = "x86_64")]
    fn sse2(needle: u8) -> memchr::arch::x86_64::sse2::memchr::One {
        memchr::arch::x86_64::sse2::memchr::One::new(needle)
            .expect("SSE2 is part of every x86_64 CPU")
    }
}

/// `word` as one word of a shell command line that POSIX shells,
/// PowerShell and `cmd.exe` all read alike: as it is when it holds only
/// letters, digits and `_ . / : @ % + = , -`; else in double quotes, which
/// all three honour, when it holds none of the characters they treat
/// differently inside them (a double quote, curly or straight, `$`, `\`,
/// a backtick, `!`, `%`); else in single quotes, the
/// POSIX way (a quote inside written `'\''`), for the rare word left.
/// Every use shows the word in a suggested command: a word holding a
/// character [`crate::escape::name`] would escape (a control character,
/// a line break, a tab, a bidirectional override: a name a config chose)
/// is written in ANSI-C quotes, `$'a\x1bb'`, which bash, zsh and ksh read
/// back as the very word, so the suggestion stays one safe line and can
/// still be pasted. (PowerShell and `cmd.exe` have no such quotes; no
/// form of such a word is typed there.)
pub fn shell_word(word: &str) -> String {
    match crate::escape::name(word) {
        std::borrow::Cow::Borrowed(_) => quote_word(word),
        std::borrow::Cow::Owned(_) => ansi_c_quoted(word),
    }
}

/// `word` as `$'...'`: backslash and single quote escaped, every
/// character [`crate::escape::name`] escapes written as `\n`, `\t`,
/// `\r`, `\xHH` (below U+0080), `\uHHHH` or `\UHHHHHHHH`.
fn ansi_c_quoted(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 8);
    out.push_str("$'");
    for c in word.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if matches!(
                crate::escape::name(c.encode_utf8(&mut [0; 4])),
                std::borrow::Cow::Owned(_)
            ) =>
            {
                let n = c as u32;
                out.push_str(&if n < 0x80 {
                    format!("\\x{n:02x}")
                } else if n <= 0xffff {
                    format!("\\u{n:04x}")
                } else {
                    format!("\\U{n:08x}")
                });
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `word` as a completion candidate for `shell` (`MCPCTL_COMPLETE`'s
/// value): bash inserts a candidate on the command line as it is, so every
/// ASCII character but letters, digits and `_ . / + , -` gets a backslash
/// (`my\ server`, `\$\(x\)`: typed back, the shell reads the very name).
/// The others as they are: clap_complete escapes zsh's `:` and `\` for
/// `_describe` itself, and zsh, fish, PowerShell and elvish quote what
/// they insert.
pub fn completion_word(shell: &str, word: &str) -> String {
    let escaped = |special: &dyn Fn(char) -> bool| {
        let mut out = String::with_capacity(word.len() + 4);
        for c in word.chars() {
            if special(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    match shell {
        "bash" => escaped(&|c| c.is_ascii() && !c.is_ascii_alphanumeric() && !"_./+,-".contains(c)),
        _ => word.to_string(),
    }
}

fn quote_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c));
    if plain {
        word.to_string()
    } else if !word
        .chars()
        .any(|c| "\"$\\`!%\u{201c}\u{201d}\u{201e}".contains(c))
    {
        format!("\"{word}\"")
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// What JavaScript takes for white space (`trim`, `Number`, a regular
/// expression's `\s`): its WhiteSpace and LineTerminator, U+FEFF among
/// them; not U+0085, which Rust's `char::is_whitespace` takes.
pub fn is_js_space(c: char) -> bool {
    c != '\u{85}' && (c.is_whitespace() || c == '\u{feff}')
}

/// Bytes as text, invalid UTF-8 replaced by U+FFFD (as
/// `String::from_utf8_lossy`), checked first with `str::from_utf8`,
/// which reads ASCII a word at a time where the lossy decoder goes byte
/// by byte: server replies are nearly always valid.
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// [`lossy`] for bytes already owned: valid UTF-8 is not copied.
pub fn lossy_owned(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Seconds for messages: `3 s`, `2.5 s`, `250 ms`, `2.5 ms`.
pub fn human_secs(s: f64) -> String {
    if s < 1.0 {
        let ms = s * 1000.0;
        return if ms < 10.0 && ms.fract() != 0.0 {
            format!("{ms:.1} ms")
        } else {
            format!("{ms:.0} ms")
        };
    }
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// Split a typed command line into words: whitespace separates, single and
/// double quotes group, a backslash escapes the next character outside
/// single quotes (but stays as typed before ordinary characters, so Windows
/// paths survive).
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => match chars.peek() {
                Some(&n) if n == '"' || n == '\\' || (quote.is_none() && n == '\'') => {
                    cur.push(n);
                    chars.next();
                    in_word = true;
                }
                _ => {
                    cur.push('\\');
                    in_word = true;
                }
            },
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if let Some(q) = quote {
        return Err(format!("unclosed {q} quote"));
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Levenshtein distance between two words (in characters).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_within(&a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// The edit distance of `a` and `b` when it is at most `limit`: two rows
/// reused, and given up as soon as a whole row is over the limit (the
/// distance never comes back down).
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|d| *d <= limit)
}

/// The candidate a typed name most likely stands for (`npxx` → `npx`,
/// `pyhton3` → `python3`): one edit away for names of up to five
/// characters, two for longer ones; the first of equally close ones wins,
/// so put the likeliest candidates first. None for an exact match.
pub fn likely_typo<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower: Vec<char> = typed.to_lowercase().chars().collect();
    let limit = if typed.chars().count() <= 5 { 1 } else { 2 };
    let mut best: Option<(usize, &'a str)> = None;
    let mut c_lower: Vec<char> = Vec::new();
    for c in candidates {
        // the distance is at least the difference in length: a name too
        // long or too short to be within the limit needs no table (the
        // byte length bounds the character count from above)
        if c.len() + limit < lower.len() || c == typed {
            continue;
        }
        let n = c.chars().count();
        if n < 2 || n.abs_diff(lower.len()) > limit {
            continue;
        }
        c_lower.clear();
        c_lower.extend(c.chars().flat_map(char::to_lowercase));
        if c_lower.len().abs_diff(lower.len()) > limit {
            continue;
        }
        let Some(d) = distance_within(&lower, &c_lower, limit) else {
            continue;
        };
        let d = d.max(usize::from(!c.eq_ignore_ascii_case(typed)));
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Text a server chose, made safe for a terminal: what
/// [`crate::escape`] holds unsafe (controls, bidirectional overrides and
/// marks, tag characters) becomes visible escapes spelt as everywhere
/// else (`escape::visible`: `\x1b`, `\u{202e}`), so a tool's
/// output or description cannot move the cursor, recolour the screen or
/// reorder what follows. With `multiline`, newlines and tabs stay;
/// otherwise they show as `\n` and `\t` too (and U+2028, U+2029 as
/// `\u{2028}`, `\u{2029}`).
pub fn terminal_safe(s: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' if multiline => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // the Unicode line and paragraph separators: line breaks too
            '\u{2028}' | '\u{2029}' if !multiline => out.push_str(&crate::escape::visible(c)),
            c if crate::escape::is_unsafe(c) => out.push_str(&crate::escape::visible(c)),
            c => out.push(c),
        }
    }
    out
}

/// A JSON value's type, as a message names it (`an array`).
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_searches_agree_with_a_plain_scan() {
        let text: Vec<u8> = (0..300u32)
            .map(|i| {
                if i % 7 == 0 || i == 299 {
                    b'\n'
                } else {
                    b'a' + (i % 26) as u8
                }
            })
            .collect();
        for hay in [&text[..], &text[..5], &text[3..40], b"", b"\n"] {
            let plain: Vec<usize> = (0..hay.len()).filter(|&i| hay[i] == b'\n').collect();
            assert_eq!(bytes::positions(b'\n', hay).collect::<Vec<_>>(), plain);
            assert_eq!(bytes::find(b'\n', hay), plain.first().copied());
            assert_eq!(bytes::rfind(b'\n', hay), plain.last().copied());
        }
        assert_eq!(bytes::find(b'z', b"abc"), None);
    }

    #[test]
    fn a_shell_word_is_quoted_only_when_it_must_be() {
        assert_eq!(shell_word("github"), "github");
        assert_eq!(shell_word("my.server-2"), "my.server-2");
        // double quotes: sh, PowerShell and cmd.exe read them alike
        assert_eq!(shell_word("my server"), "\"my server\"");
        assert_eq!(shell_word("it's"), "\"it's\"");
        assert_eq!(shell_word(""), "\"\"");
        assert_eq!(shell_word("a&b|c;d"), "\"a&b|c;d\"");
        // what double quotes would expand: single quotes, the POSIX way
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_word("50%"), "50%");
        // a name a config chose, on one safe line that bash reads back
        assert_eq!(shell_word("x\ny"), "$'x\\ny'");
        assert_eq!(shell_word("a\u{1b}[31m"), "$'a\\x1b[31m'");
        assert_eq!(shell_word("it's\t\\"), "$'it\\'s\\t\\\\'");
        assert_eq!(shell_word("a\u{202e}b\u{e0041}"), "$'a\\u202eb\\U000e0041'");
        assert_eq!(shell_word("50% off"), "'50% off'");
        assert_eq!(shell_word("hi!"), "'hi!'");
        assert_eq!(shell_word("it's $5"), "'it'\\''s $5'");
    }

    #[test]
    fn a_completion_is_written_as_the_shell_inserts_it() {
        assert_eq!(completion_word("bash", "memory"), "memory");
        assert_eq!(completion_word("bash", "my server"), "my\\ server");
        assert_eq!(
            completion_word("bash", "$(touch x)y"),
            "\\$\\(touch\\ x\\)y"
        );
        assert_eq!(
            completion_word("bash", "it's\"a\"&b;c"),
            "it\\'s\\\"a\\\"\\&b\\;c"
        );
        assert_eq!(completion_word("bash", "café-2.x"), "café-2.x");
        // clap_complete escapes zsh's colon itself
        assert_eq!(completion_word("zsh", "a:b c"), "a:b c");
        assert_eq!(completion_word("fish", "my server"), "my server");
    }

    #[test]
    fn typos_find_the_name_meant() {
        let known = ["npx", "uvx", "uv", "node", "python3", "docker"];
        assert_eq!(likely_typo("npxx", known), Some("npx"));
        assert_eq!(likely_typo("nxp", known), None); // a swap is two edits
        assert_eq!(likely_typo("pyhton3", known), Some("python3"));
        assert_eq!(likely_typo("NPX", known), Some("npx"));
        assert_eq!(likely_typo("npx", known), None);
        assert_eq!(likely_typo("ls", known), None);
        assert_eq!(likely_typo("mcp-server-fetch", known), None);
        // the bound gives up early but never changes a distance
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        let (a, b): (Vec<char>, Vec<char>) =
            ("kitten".chars().collect(), "sitting".chars().collect());
        assert_eq!(distance_within(&a, &b, 3), Some(3));
        assert_eq!(distance_within(&a, &b, 2), None);
        // the first of equally close candidates wins, duplicates or not
        assert_eq!(
            likely_typo("pythn3", ["python3", "python3", "pythonx"]),
            Some("python3")
        );
    }

    #[test]
    fn server_text_cannot_drive_the_terminal() {
        assert_eq!(
            terminal_safe("\u{1b}[31mred\u{1b}[0m\r\nnext\tcol \u{202e}abc", true),
            "\\x1b[31mred\\x1b[0m\\r\nnext\tcol \\u{202e}abc"
        );
        assert_eq!(terminal_safe("a\nb\tc é", false), "a\\nb\\tc é");
        assert_eq!(terminal_safe("a\u{2028}b", false), "a\\u{2028}b");
    }

    #[test]
    fn counts_and_durations() {
        assert_eq!(plural(1, "server"), "1 server");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(2, "repair"), "2 repairs");
        assert_eq!(human_secs(3.0), "3 s");
        assert_eq!(human_secs(2.5), "2.5 s");
        assert_eq!(human_secs(0.25), "250 ms");
        assert_eq!(human_secs(0.0025), "2.5 ms");
    }

    #[test]
    fn padding_counts_terminal_columns_not_characters() {
        assert_eq!(pad("abc", 6), "abc   ");
        assert_eq!(pad("日本語", 6), "日本語");
        assert_eq!(pad("🚀x", 6), "🚀x   ");
        // an escaped name is measured as shown: `\x1b` is 4 columns
        assert_eq!(pad("a\\x1b", 6), "a\\x1b ");
        // a cell wider than the column is left whole
        assert_eq!(pad("abcdefgh", 6), "abcdefgh");
    }

    #[test]
    fn words() {
        assert_eq!(
            split_words(r#"npx -y "@a/b c" 'x y' C:\tools\a.exe "q\"q""#).unwrap(),
            ["npx", "-y", "@a/b c", "x y", r"C:\tools\a.exe", "q\"q"]
        );
        assert_eq!(split_words("  ").unwrap(), Vec::<String>::new());
        assert_eq!(split_words("a ''").unwrap(), ["a", ""]);
        assert!(split_words("a \"b").is_err());
    }

    #[test]
    fn lossy_text_is_what_the_lossy_decoder_gives() {
        use std::borrow::Cow;
        assert!(matches!(lossy("héllo".as_bytes()), Cow::Borrowed("héllo")));
        for bad in [&b"a\xffb"[..], b"\xe2\x82", b"ok \xc3\x28 end", b""] {
            assert_eq!(lossy(bad), String::from_utf8_lossy(bad));
            assert_eq!(lossy_owned(bad.to_vec()), String::from_utf8_lossy(bad));
        }
        assert_eq!(lossy(b"a\xffb"), "a\u{FFFD}b");
        assert_eq!(lossy_owned("déjà".as_bytes().to_vec()), "déjà");
    }
}
