//! What looks like a secret outside `env`: the one rule every display path
//! and the lint share. `env` values are secrets by position (the masking of
//! `env`/`headers` objects does not need this); in `args` a secret shows by
//! its shape:
//!
//! - the value of a flag named like a credential: `--token X`,
//!   `--api-key=X`, `--password X`, `--client-secret X`, `--key X`;
//! - an HTTP header that carries one: `Authorization: Bearer X`,
//!   `X-API-Key: X` (alone or as `--header` value);
//! - a URL's query parameter named like one (`?api_key=X&token=Y`) or the
//!   password in `https://user:X@host`;
//! - a value that is a well-known token by itself (`sk-...`, `ghp_...`,
//!   `github_pat_...`, `xoxb-...`, `glpat-...`, `AKIA...`).
//!
//! A reference to a variable (`${TOKEN}`, `$TOKEN`, `%TOKEN%`) and a README
//! placeholder (`<YOUR_TOKEN>`, `YOUR_API_KEY`) are not secrets: nothing
//! leaks by showing them. Pure; a leaf (no `crate::` paths).

use std::ops::Range;

/// The mask shown in place of a secret.
pub const MASK: &str = "****";

/// One secret inside a command line: which argument, and the byte range of
/// the secret inside it (the flag or header name around it stays visible).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgSecret {
    pub arg: usize,
    pub range: Range<usize>,
    /// How it was recognised, for messages: `--token`, `Authorization`,
    /// `?api_key=`, `sk-...`. Never the secret itself.
    pub label: String,
}

/// Every secret in `args`, in order.
pub fn in_args<S: AsRef<str>>(args: &[S]) -> Vec<ArgSecret> {
    let mut out = Vec::new();
    let mut flag: Option<String> = None;
    for (i, a) in args.iter().enumerate() {
        let a = a.as_ref();
        if let Some(name) = flag.take()
            && !a.starts_with('-')
        {
            push(&mut out, i, 0..a.len(), name, a);
            continue;
        }
        if let Some(name) = secret_flag(a) {
            match a.split_once('=') {
                Some((f, v)) => push(&mut out, i, f.len() + 1..a.len(), name, v),
                None => flag = Some(name),
            }
            continue;
        }
        let before = out.len();
        in_text(a, i, &mut out);
        if out.len() == before
            && let Some((f, v)) = a.split_once('=').filter(|(f, _)| f.starts_with('-'))
            && let Some(label) = token_shape(v)
        {
            push(&mut out, i, f.len() + 1..a.len(), label, v);
        } else if out.len() == before
            && let Some(label) = token_shape(a)
        {
            push(&mut out, i, 0..a.len(), label, a);
        }
    }
    out
}

/// `args` with every secret replaced by [`MASK`].
pub fn mask_args(args: &[String]) -> Vec<String> {
    let found = in_args(args);
    args.iter()
        .enumerate()
        .map(|(i, a)| {
            let mut ranges: Vec<&Range<usize>> = found
                .iter()
                .filter(|s| s.arg == i)
                .map(|s| &s.range)
                .collect();
            ranges.sort_by_key(|r| std::cmp::Reverse(r.start));
            let mut a = a.clone();
            for r in ranges {
                a.replace_range(r.clone(), MASK);
            }
            a
        })
        .collect()
}

/// The secret values themselves (for masking free text such as a server's
/// stderr that may echo them).
pub fn values<S: AsRef<str>>(args: &[S]) -> Vec<String> {
    in_args(args)
        .into_iter()
        .filter_map(|s| args[s.arg].as_ref().get(s.range).map(str::to_string))
        .collect()
}

fn push(out: &mut Vec<ArgSecret>, arg: usize, range: Range<usize>, label: String, value: &str) {
    if is_secret_value(value) {
        out.push(ArgSecret { arg, range, label });
    }
}

/// A value worth hiding: not empty, not a variable reference, not a README
/// placeholder.
fn is_secret_value(v: &str) -> bool {
    let t = v.trim();
    !(t.len() < 4
        || t.starts_with('$')
        || (t.starts_with('%') && t.ends_with('%'))
        || (t.starts_with('<') && t.ends_with('>'))
        || (t.starts_with('{') && t.ends_with('}'))
        || (t.starts_with('[') && t.ends_with(']'))
        || t.contains("${")
        || is_placeholder_word(t))
}

/// `YOUR_API_KEY`, `your-token-here`, `xxxxxxxx`, `...`, `changeme`.
fn is_placeholder_word(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    lower.starts_with("your")
        || lower.ends_with("here")
        || lower.ends_with("...")
        || lower.ends_with('…')
        || lower.contains("xxxxxx")
        || matches!(lower.as_str(), "changeme" | "change-me" | "replace-me")
}

/// Words that name a credential when they end a flag, a header or a query
/// parameter (`--api-key`, `X-Auth-Token`, `access_token`).
const SECRET_WORDS: &[&str] = &[
    "token",
    "key",
    "apikey",
    "secret",
    "password",
    "passwd",
    "pwd",
    "pat",
    "credential",
    "credentials",
    "authorization",
    "auth",
    "bearer",
    "sig",
    "signature",
];

/// Words before the last one that make it not a secret after all
/// (`--public-key`, `--key-file` ends in `file`, `--sort-key`).
const NOT_SECRET_BEFORE: &[&str] = &["public", "sort", "primary", "partition", "foreign"];

/// Whether a name (`api_key`, `X-API-Key`, `clientSecret`) is a
/// credential's name.
fn secret_name(name: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '-' || c == '_' || c == '.' {
            words.push(std::mem::take(&mut cur));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    words.push(cur);
    words.retain(|w| !w.is_empty());
    let Some(last) = words.last() else {
        return false;
    };
    let before = &words[..words.len() - 1];
    SECRET_WORDS.contains(&last.as_str())
        && !before
            .iter()
            .any(|w| NOT_SECRET_BEFORE.contains(&w.as_str()))
        && !(last == "key" && before.iter().any(|w| w == "ssh"))
}

/// `--token`, `--api-key=...`, `-token`: the flag's display label.
fn secret_flag(arg: &str) -> Option<String> {
    let flag = arg.split('=').next().unwrap_or(arg);
    let name = flag.strip_prefix("--").or_else(|| {
        flag.strip_prefix('-')
            .filter(|n| n.len() > 1 && !n.starts_with('-'))
    })?;
    (!name.is_empty() && secret_name(name)).then(|| flag.to_string())
}

/// Headers and URLs inside one argument.
fn in_text(a: &str, i: usize, out: &mut Vec<ArgSecret>) {
    if let Some((name, range)) = header(a) {
        let value = &a[range.clone()];
        push(out, i, range, name, value);
        return;
    }
    for (name, range) in url_secrets(a) {
        let value = &a[range.clone()];
        push(out, i, range, name, value);
    }
}

/// `Authorization: Bearer X` → the range of `X`; `X-API-Key: X` → `X`.
fn header(a: &str) -> Option<(String, Range<usize>)> {
    let (name, _) = a.split_once(':')?;
    let name = name.trim();
    if name.is_empty()
        || name.contains(char::is_whitespace)
        || name.contains('/')
        || !secret_name(name)
    {
        return None;
    }
    let colon = a.find(':')?;
    let rest = &a[colon + 1..];
    let value_start = colon + 1 + (rest.len() - rest.trim_start().len());
    let value = &a[value_start..];
    // `Bearer X`, `Basic X`, `token X`: the scheme stays visible
    let skip = value
        .split_once(' ')
        .filter(|(scheme, _)| {
            matches!(
                scheme.to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "token" | "digest"
            )
        })
        .map_or(0, |(scheme, rest)| {
            scheme.len() + 1 + (rest.len() - rest.trim_start().len())
        });
    let start = value_start + skip;
    (start < a.len()).then(|| (name.to_string(), start..a.len()))
}

/// Secret query parameters and a URL's password.
fn url_secrets(a: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    if let Some(scheme_end) = a.find("://") {
        let auth_start = scheme_end + 3;
        let auth_end = a[auth_start..]
            .find(['/', '?', '#'])
            .map_or(a.len(), |k| auth_start + k);
        if let Some(at) = a[auth_start..auth_end].rfind('@')
            && let Some(colon) = a[auth_start..auth_start + at].find(':')
        {
            out.push((
                "the URL's password".to_string(),
                auth_start + colon + 1..auth_start + at,
            ));
        }
    }
    let Some(q) = a.find('?') else {
        return out;
    };
    let mut at = q + 1;
    let end = a[at..].find('#').map_or(a.len(), |k| at + k);
    while at < end {
        let next = a[at..end].find('&').map_or(end, |k| at + k);
        if let Some(eq) = a[at..next].find('=') {
            let name = &a[at..at + eq];
            if secret_name(name) {
                out.push((format!("?{name}="), at + eq + 1..next));
            }
        }
        at = next + 1;
    }
    out
}

/// Prefixes of well-known tokens, with the shortest real length.
const TOKEN_PREFIXES: &[(&str, usize)] = &[
    ("sk-", 20),
    ("sk_live_", 20),
    ("sk_test_", 20),
    ("rk_live_", 20),
    ("ghp_", 30),
    ("gho_", 30),
    ("ghu_", 30),
    ("ghs_", 30),
    ("github_pat_", 30),
    ("glpat-", 20),
    ("xoxb-", 20),
    ("xoxp-", 20),
    ("xapp-", 20),
    ("hf_", 30),
    ("npm_", 30),
    ("AKIA", 20),
    ("AIza", 35),
];

/// `sk-...`, `ghp_...`: a value that is a token by its look alone.
fn token_shape(v: &str) -> Option<String> {
    if v.contains(char::is_whitespace) || !is_secret_value(v) {
        return None;
    }
    TOKEN_PREFIXES
        .iter()
        .find(|(p, min)| {
            v.starts_with(p)
                && v.len() >= *min
                && v[p.len()..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(|(p, _)| format!("{p}..."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(args: &[&str]) -> Vec<String> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        mask_args(&args)
    }

    #[test]
    fn secrets_in_args_are_masked() {
        let key = "sk-ant-api03-AbCdEfGhIjKlMnOpQrSt";
        let cases: &[(&[&str], &[&str])] = &[
            (&["--token", "abc123xyz"], &["--token", "****"]),
            (&["--api-key=abc123xyz"], &["--api-key=****"]),
            (&["--apiKey", "abc123xyz"], &["--apiKey", "****"]),
            (
                &["--client-secret", "s3cr3t!!"],
                &["--client-secret", "****"],
            ),
            (&["--password", "hunter22"], &["--password", "****"]),
            (&["--key", "0b2f-uuid-like"], &["--key", "****"]),
            (
                &["--header", "Authorization: Bearer abc.def.ghi"],
                &["--header", "Authorization: Bearer ****"],
            ),
            (
                &["Authorization:Bearer abcdef"],
                &["Authorization:Bearer ****"],
            ),
            (&["X-API-Key: abcdef123"], &["X-API-Key: ****"]),
            (
                &["https://mcp.example.com/sse?api_key=abc123&x=1"],
                &["https://mcp.example.com/sse?api_key=****&x=1"],
            ),
            (
                &["https://h.dev/mcp?foo=1&access_token=zzzzzz#top"],
                &["https://h.dev/mcp?foo=1&access_token=****#top"],
            ),
            (
                &["postgresql://user:p4ssw0rd@db:5432/app"],
                &["postgresql://user:****@db:5432/app"],
            ),
            (&[key], &["****"]),
            (
                &["--openai=sk-proj-abcdefghijklmnopqrstu"],
                &["--openai=****"],
            ),
            (&["ghp_abcdefghijklmnopqrstuvwxyz0123456789"], &["****"]),
        ];
        for (args, want) in cases {
            assert_eq!(masked(args), want.to_vec(), "{args:?}");
        }
    }

    #[test]
    fn what_is_not_a_secret_stays() {
        let cases: &[&[&str]] = &[
            &["-y", "@modelcontextprotocol/server-memory"],
            &["--token", "${GITHUB_TOKEN}"],
            &["--token", "$GITHUB_TOKEN"],
            &["--api-key", "<YOUR_API_KEY>"],
            &["--api-key", "YOUR_API_KEY"],
            &["--api-key", "your-key-here"],
            &["--header", "Authorization:${AUTH_HEADER}"],
            &["--public-key", "/etc/key.pem"],
            &["--key-file", "/etc/key.pem"],
            &["--sort-key", "name"],
            &["--token"],
            &["--token", "--verbose"],
            &["https://example.com/mcp?page=2"],
            &["https://user@example.com/"],
            &["sk-short"],
            &["Content-Type: application/json"],
            &["--db-path", "/Users/a/x.db"],
            &["C:\\Users\\ann\\key"],
            &["mcp/fetch:latest"],
        ];
        for args in cases {
            let want: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            assert_eq!(masked(args), want, "{args:?}");
        }
    }

    #[test]
    fn labels_never_hold_the_secret() {
        let args = [
            "--token",
            "abc123xyz",
            "https://h?api_key=qqqqqq",
            "sk-abcdefghijklmnopqrstuv",
        ];
        let found = in_args(&args);
        let labels: Vec<&str> = found.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["--token", "?api_key=", "sk-..."]);
        assert_eq!(
            values(&args),
            ["abc123xyz", "qqqqqq", "sk-abcdefghijklmnopqrstuv"]
        );
    }

    #[test]
    fn names_split_on_case_and_separators() {
        for n in [
            "api_key",
            "X-API-Key",
            "clientSecret",
            "ACCESS_TOKEN",
            "auth",
            "pat",
        ] {
            assert!(secret_name(n), "{n}");
        }
        for n in [
            "keyboard",
            "tokens-dir",
            "public_key",
            "ssh-key",
            "monkey",
            "path",
        ] {
            assert!(!secret_name(n), "{n}");
        }
    }
}
