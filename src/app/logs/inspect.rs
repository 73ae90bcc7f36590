//! Reading values out of the metadata the app prints with Node's
//! `util.inspect` (`{ metadata: { args: [ '-y', 'pkg' ], paths: [...] } }`,
//! single-quoted strings with backslash escapes, possibly over many lines,
//! long arrays cut with `... 12 more items`) and out of its JSON twin.

/// The string array under `key` (`key: [...]` or `"key":[...]`); None when
/// the key is absent. `truncated` is set when inspect elided items or the
/// array was cut off.
pub fn string_array(s: &str, key: &str) -> Option<StringArray> {
    let start = find_key(s, key)?;
    let body = s[start..].trim_start().strip_prefix('[')?;
    let bytes = body.as_bytes();
    let mut out = StringArray::default();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            out.truncated = true;
            return Some(out);
        };
        match b {
            b']' => return Some(out),
            b'\'' | b'"' | b'`' => match read_quoted(&body[i + 1..], char::from(b)) {
                Some((value, used)) => {
                    out.items.push(value);
                    i += 1 + used;
                }
                None => {
                    out.truncated = true;
                    return Some(out);
                }
            },
            // `... 5 more items` or anything unexpected: skip to the next
            // separator
            _ => {
                out.truncated |= b == b'.';
                while i < bytes.len() && bytes[i] != b',' && bytes[i] != b']' {
                    i += 1;
                }
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringArray {
    pub items: Vec<String>,
    pub truncated: bool,
}

/// Byte index just after `key:` / `"key":` / `'key':`.
fn find_key(s: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(key) {
        let at = from + i;
        let before = s[..at].chars().next_back();
        let after = &s[at + key.len()..];
        let (quoted, after) = match after.strip_prefix('"').or_else(|| after.strip_prefix('\'')) {
            Some(a) => (true, a),
            None => (false, after),
        };
        let boundary = match before {
            None => true,
            Some(c) if quoted => c == '"' || c == '\'',
            Some(c) => !(c.is_alphanumeric() || c == '_'),
        };
        if boundary && let Some(rest) = after.trim_start().strip_prefix(':') {
            return Some(s.len() - rest.len());
        }
        from = at + key.len();
    }
    None
}

/// Read a quoted string's body (after the opening quote): (value, bytes
/// used including the closing quote). None when it never closes.
pub fn read_quoted(s: &str, quote: char) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut it = s.char_indices();
    while let Some((i, c)) = it.next() {
        if c == quote {
            return Some((out, i + c.len_utf8()));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let (_, e) = it.next()?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' => out.push('\0'),
            'x' => {
                let hex: String = (0..2).filter_map(|_| it.next().map(|(_, c)| c)).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            'u' => {
                let hex: String = (0..4).filter_map(|_| it.next().map(|(_, c)| c)).collect();
                out.push(
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}'),
                );
            }
            other => out.push(other),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspect_arrays_over_many_lines() {
        let meta = "{\n  metadata: {\n    args: [ '-y', '@scope/pkg@1.2.3', 'it\\'s' ],\n    paths: [\n      'C:\\\\Program Files\\\\nodejs',\n      '/usr/bin'\n    ]\n  }\n}";
        let args = string_array(meta, "args").unwrap();
        assert_eq!(args.items, ["-y", "@scope/pkg@1.2.3", "it's"]);
        assert!(!args.truncated);
        let paths = string_array(meta, "paths").unwrap();
        assert_eq!(paths.items, [r"C:\Program Files\nodejs", "/usr/bin"]);
    }

    #[test]
    fn json_arrays_and_elisions() {
        let s = r#"{"args":["a","b\"c"],"paths":["/x", ... 3 more items]}"#;
        assert_eq!(string_array(s, "args").unwrap().items, ["a", "b\"c"]);
        let p = string_array(s, "paths").unwrap();
        assert_eq!(p.items, ["/x"]);
        assert!(p.truncated);
    }

    #[test]
    fn missing_or_cut_arrays() {
        assert_eq!(string_array("{ metadata: undefined }", "args"), None);
        // `xargs:` is not `args:`
        assert_eq!(string_array("{ xargs: ['a'] }", "args"), None);
        let cut = string_array("{ paths: [ '/usr/bin', '/op", "paths").unwrap();
        assert_eq!(cut.items, ["/usr/bin"]);
        assert!(cut.truncated);
    }
}
