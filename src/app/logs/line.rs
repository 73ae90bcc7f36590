//! One log line's frame: stamp, level, server name, text and the trailing
//! metadata object, for the three shapes the app writes (field notes,
//! "The app in late 2026" / Logs; DeusData/codebase-memory-mcp#1582):
//!
//! - `mcp.log`: `2026-08-13T07:09:45.382Z [info] [NAME] text`
//! - `mcp-server-NAME.log`: `2026-08-13T09:49:30.567Z [NAME] [info] text`,
//!   with the server's own stderr in between, unprefixed
//! - `main.log`: `2026-08-13 09:49:30 [info] [Component] text` (local time)
//!
//! The metadata suffix is `{ metadata: undefined }` or
//! `{ metadata: { context: 'shared-pool', stack: undefined } }` on 2026
//! builds and `{"context":"connection","stack":"..."}` on 2025 ones.

use super::time::{LocalOffset, Time, parse_stamp};

/// Which file a line comes from: decides the order of `[level]` and
/// `[server]` (each shape still accepts the other order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `mcp.log` (and its rotations): level, then server.
    Mcp,
    /// `mcp-server-NAME.log`: server, then level; stderr lines between.
    Server,
    /// `main.log`: level, then the app's component tags (not servers).
    Main,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

impl Level {
    pub(crate) fn parse(token: &str) -> Option<Level> {
        Some(match token {
            "debug" | "DEBUG" | "verbose" | "silly" => Level::Debug,
            "info" | "INFO" => Level::Info,
            "warn" | "WARN" | "warning" | "WARNING" => Level::Warn,
            "error" | "ERROR" => Level::Error,
            _ => return None,
        })
    }
}

/// The frame of a stamped line; `text` excludes the metadata suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame<'a> {
    pub at: Time,
    pub level: Option<Level>,
    pub server: Option<&'a str>,
    pub text: &'a str,
    /// The metadata object cut off the text (empty when there was none).
    pub meta: &'a str,
    /// The metadata's `context` (`shared-pool`, `connection`), if any.
    pub context: Option<&'a str>,
}

/// Whether a raw line starts with a stamp (cheap test, no parsing).
pub fn looks_stamped(line: &[u8]) -> bool {
    line.len() >= 19
        && line[0].is_ascii_digit()
        && line[4] == b'-'
        && line[7] == b'-'
        && (line[10] == b'T' || line[10] == b' ')
        && line[13] == b':'
}

/// Split a stamped line into its frame; None for an unprefixed line (a
/// server's stderr, or the continuation of a multi-line metadata object).
pub fn frame(line: &str, shape: Shape, offset: LocalOffset) -> Option<Frame<'_>> {
    let stamp = parse_stamp(line.as_bytes(), offset)?;
    let rest = line[stamp.len..]
        .strip_prefix(' ')
        .unwrap_or(&line[stamp.len..]);
    let (level, server, body) = match shape {
        Shape::Main => {
            let (level, body) =
                match first_token(rest).and_then(|(t, b)| Some((Level::parse(t)?, b))) {
                    Some((l, b)) => (Some(l), b),
                    None => (None, rest),
                };
            (level, None, body)
        }
        Shape::Mcp => level_then_server(rest)
            .or_else(|| server_then_level(rest))
            .unwrap_or((None, None, rest)),
        Shape::Server => server_then_level(rest)
            .or_else(|| level_then_server(rest))
            .unwrap_or((None, None, rest)),
    };
    let (text, meta) = split_metadata(body);
    // `[]` or `[ ]` names no server: an app line, not a session of ""
    let server = server.filter(|s| !s.trim().is_empty());
    Some(Frame {
        at: stamp.at,
        level,
        server,
        text,
        meta,
        context: context_of(meta),
    })
}

type Parts<'a> = (Option<Level>, Option<&'a str>, &'a str);

/// `[token] rest` → (token, rest).
fn first_token(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix('[')?;
    let end = inner.find(']')?;
    let rest = &inner[end + 1..];
    Some((&inner[..end], rest.strip_prefix(' ').unwrap_or(rest)))
}

/// `[level] [server] text` (`[level] text` for app-level lines).
fn level_then_server(s: &str) -> Option<Parts<'_>> {
    let (tok, rest) = first_token(s)?;
    let level = Level::parse(tok)?;
    let Some(inner) = rest.strip_prefix('[') else {
        return Some((Some(level), None, rest));
    };
    // the server name runs to the first "] " (names may hold spaces)
    let (name, body) = match inner.find("] ") {
        Some(end) => (&inner[..end], &inner[end + 2..]),
        None => match inner.strip_suffix(']') {
            Some(name) => (name, ""),
            None => return Some((Some(level), None, rest)),
        },
    };
    Some((Some(level), Some(name), body))
}

/// `[server] [level] text`: the name runs to the first `] [level]`, so
/// names holding brackets or spaces survive.
fn server_then_level(s: &str) -> Option<Parts<'_>> {
    let inner = s.strip_prefix('[')?;
    let mut best: Option<(usize, Level, usize)> = None;
    for (pat, level) in [
        ("] [info]", Level::Info),
        ("] [error]", Level::Error),
        ("] [warn]", Level::Warn),
        ("] [debug]", Level::Debug),
        ("] [warning]", Level::Warn),
    ] {
        if let Some(i) = inner.find(pat)
            && best.is_none_or(|(b, _, _)| i < b)
        {
            best = Some((i, level, pat.len()));
        }
    }
    let (i, level, len) = best?;
    let rest = &inner[i + len..];
    Some((
        Some(level),
        Some(&inner[..i]),
        rest.strip_prefix(' ').unwrap_or(rest),
    ))
}

/// Cut the trailing metadata object off a line's text: (text, metadata).
/// Handles the one-line and multi-line inspect form and the 2025 JSON form.
pub fn split_metadata(body: &str) -> (&str, &str) {
    const UNDEFINED: &str = " { metadata: undefined }";
    // a line may end in spaces (or a CR) after the object
    let body = body.trim_end();
    if let Some(text) = body.strip_suffix(UNDEFINED) {
        return (text, &body[text.len() + 1..]);
    }
    if !body.ends_with('}') {
        return (body, "");
    }
    if let Some(m) = body.rfind("metadata:") {
        let before = body[..m].trim_end();
        if let Some(open) = before.strip_suffix('{') {
            return (open.trim_end(), &body[open.len()..]);
        }
    }
    if let Some(i) = body.rfind(" {\"context\":") {
        return (&body[..i], &body[i + 1..]);
    }
    (body, "")
}

/// The `context` of a metadata object (`shared-pool`, `connection`).
pub fn context_of(meta: &str) -> Option<&str> {
    if meta.len() < 12 || meta == "{ metadata: undefined }" {
        return None;
    }
    quoted_after(meta, "context:").or_else(|| quoted_after(meta, "\"context\":"))
}

/// The quoted value after `key` (`key 'v'` or `key"v"`).
fn quoted_after<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let rest = s[s.find(key)? + key.len()..].trim_start();
    if rest.is_empty() {
        return None;
    }
    let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let v = &rest[1..];
    Some(&v[..v.find(q)?])
}

/// Net nesting a piece of inspect/JSON text opens (`{`/`[` minus
/// `}`/`]`), ignoring brackets inside quoted strings.
pub fn nesting(s: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for &b in s.as_bytes() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'\'' | b'"' => quote = Some(b),
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// Whether a stamped line opens a multi-line metadata object that the
/// following unprefixed lines continue (`... with path: {`).
pub fn opens_block(text_line: &str) -> bool {
    let t = text_line.trim_end();
    (t.ends_with('{') || t.ends_with('[')) && nesting(t) > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::logs::time::utc;

    #[test]
    fn mcp_log_shape() {
        let f = frame(
            "2026-08-13T07:09:45.382Z [info] [github] Message from client: method=\"initialize\" id=0 params { metadata: undefined }",
            Shape::Mcp,
            utc,
        )
        .unwrap();
        assert_eq!(f.level, Some(Level::Info));
        assert_eq!(f.server, Some("github"));
        assert_eq!(
            f.text,
            "Message from client: method=\"initialize\" id=0 params"
        );
        assert_eq!(f.context, None);
    }

    #[test]
    fn server_log_shape_with_spaces_and_context() {
        let f = frame(
            "2026-09-15T02:38:37.004Z [Zoteus — Zotero MCP] [error] Couldn't start for Cowork and Code sessions. Error: Connection closed { metadata: { context: 'shared-pool', stack: undefined } }",
            Shape::Server,
            utc,
        )
        .unwrap();
        assert_eq!(f.server, Some("Zoteus — Zotero MCP"));
        assert_eq!(f.level, Some(Level::Error));
        assert_eq!(f.context, Some("shared-pool"));
        assert!(f.text.ends_with("Error: Connection closed"), "{}", f.text);
    }

    #[test]
    fn a_blank_server_tag_names_no_server() {
        for line in [
            "2026-11-30T08:00:00.000Z [info] [] x",
            "2026-11-30T08:00:00.000Z [info] [ ] x",
            "2026-11-30T08:00:00.000Z [] [info] x",
        ] {
            let f = frame(line, Shape::Mcp, utc).unwrap();
            assert_eq!(f.server, None, "{line}");
        }
    }

    #[test]
    fn each_shape_accepts_the_other_order() {
        let a = frame(
            "2025-04-04T03:24:08.784Z [solana-mcp] [info] Initializing server...",
            Shape::Mcp,
            utc,
        )
        .unwrap();
        let b = frame(
            "2025-04-04T03:24:08.785Z [info] [solana-mcp] Initializing server...",
            Shape::Server,
            utc,
        )
        .unwrap();
        assert_eq!(a.server, b.server);
        assert_eq!(a.text, b.text);
    }

    #[test]
    fn json_metadata_of_2025_builds() {
        let f = frame(
            r#"2025-04-04T03:24:08.811Z [solana-mcp] [error] spawn npx ENOENT {"context":"connection","stack":"Error: spawn npx ENOENT\n    at x"}"#,
            Shape::Server,
            utc,
        )
        .unwrap();
        assert_eq!(f.text, "spawn npx ENOENT");
        assert_eq!(f.context, Some("connection"));
    }

    #[test]
    fn main_log_tags_are_not_servers() {
        let f = frame(
            "2026-06-03 22:27:24 [debug] [InternalMcpServerManager] Created proxy server",
            Shape::Main,
            utc,
        )
        .unwrap();
        assert_eq!(f.server, None);
        assert_eq!(f.level, Some(Level::Debug));
        assert_eq!(f.text, "[InternalMcpServerManager] Created proxy server");
    }

    #[test]
    fn unprefixed_lines_have_no_frame() {
        assert!(
            frame(
                "Debugger listening on ws://127.0.0.1:9229/x",
                Shape::Server,
                utc
            )
            .is_none()
        );
        assert!(!looks_stamped(b"    paths: ["));
    }

    #[test]
    fn blocks_open_on_a_trailing_brace() {
        assert!(opens_block(
            "Using MCP server command: /usr/bin/npx with args and path: {"
        ));
        assert!(!opens_block(
            r#"Message from client: {"method":"initialize"}"#
        ));
        assert_eq!(nesting("    ]"), -1);
        assert_eq!(nesting(r"      'C:\\Program Files\\{x',"), 0);
    }
}
