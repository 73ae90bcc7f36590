//! `Message from client: ...` / `Message from server: ...` bodies, in both
//! formats the app has written:
//!
//! - builds up to mid-2025: the whole JSON-RPC message,
//!   `{"method":"initialize","params":{...},"jsonrpc":"2.0","id":0}`
//!   (anthropics' own examples in wonderwhy-er/DesktopCommanderMCP#19, #80);
//! - 2026 builds: a summary, `method="tools/call" id=3 params`,
//!   `id=0 result`, `id=8 result(1 blocks)`, `id=3 error(code=-32603)`.
//!
//! Only what the session model needs is kept: direction, method, id,
//! result or error code, and a cancellation's reason (that is where
//! `MCP error -32001: Request timed out` appears in 2025 logs).

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client,
    Server,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    Request,
    Notification,
    Result,
    Error,
    /// A body that could be read neither as JSON nor as a summary.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    pub from: Side,
    pub kind: MessageKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The id as written (`0`, `"abc"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    /// `notifications/cancelled`'s reason, e.g.
    /// `Error: MCP error -32001: Request timed out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Message {
    /// Whether this answers the app's `initialize` (id 0) with a result.
    pub fn answers_initialize(&self) -> bool {
        self.from == Side::Server
            && self.kind == MessageKind::Result
            && self.id.as_deref() == Some("0")
    }
}

/// A message line, looked at without parsing or allocating: enough to
/// count it. `notable` lines (the `initialize` exchange, a cancellation)
/// and errors need [`parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peek {
    pub from: Side,
    pub error: bool,
    pub notable: bool,
}

pub fn peek(text: &str) -> Option<Peek> {
    let (from, body) = split(text)?;
    let body = body.trim_start();
    let (error, notable) = if body.starts_with('{') {
        let answer0 = from == Side::Server
            && (body.contains("\"id\":0,") || body.contains("\"id\":0}"))
            && body.contains("\"result\"");
        (
            body.contains("\"error\":{"),
            answer0
                || body.contains("\"method\":\"initialize\"")
                || body.contains("notifications/cancelled"),
        )
    } else {
        let error = body.contains("error(") || body.ends_with(" error") || body.contains(" error ");
        let answer0 = from == Side::Server && body.starts_with("id=0 ");
        (
            error,
            answer0
                || body.contains("method=\"initialize\"")
                || body.contains("notifications/cancelled"),
        )
    };
    Some(Peek {
        from,
        error,
        notable,
    })
}

fn split(text: &str) -> Option<(Side, &str)> {
    if let Some(b) = text.strip_prefix("Message from client: ") {
        Some((Side::Client, b))
    } else {
        text.strip_prefix("Message from server: ")
            .map(|b| (Side::Server, b))
    }
}

/// Parse a line's text if it is a message line.
pub fn parse(text: &str) -> Option<Message> {
    let (from, body) = split(text)?;
    let body = body.trim();
    Some(if body.starts_with('{') {
        from_json(from, body)
    } else {
        from_summary(from, body)
    })
}

#[derive(Deserialize)]
struct Raw<'a> {
    #[serde(borrow)]
    method: Option<std::borrow::Cow<'a, str>>,
    id: Option<serde_json::Value>,
    error: Option<RawError>,
    result: Option<serde::de::IgnoredAny>,
    params: Option<RawParams>,
}

#[derive(Deserialize)]
struct RawError {
    code: Option<i64>,
}

#[derive(Deserialize)]
struct RawParams {
    reason: Option<String>,
    #[serde(rename = "requestId")]
    request_id: Option<serde_json::Value>,
}

fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(format!("\"{s}\"")),
        other => Some(other.to_string()),
    }
}

fn from_json(from: Side, body: &str) -> Message {
    // the first JSON value; anything after it (metadata) is ignored
    let mut stream = serde_json::Deserializer::from_str(body).into_iter::<Raw>();
    let Some(Ok(raw)) = stream.next() else {
        return from_cut_json(from, body);
    };
    let id = raw.id.as_ref().and_then(id_text);
    let kind = kind_of(
        raw.error.is_some(),
        raw.result.is_some(),
        raw.method.is_some(),
        id.is_some(),
    );
    let (reason, cancelled_id) = match raw.params {
        Some(p) => (p.reason, p.request_id.as_ref().and_then(id_text)),
        None => (None, None),
    };
    Message {
        from,
        kind,
        method: raw.method.map(|m| m.into_owned()),
        id: id.or(cancelled_id.filter(|_| reason.is_some())),
        error_code: raw.error.and_then(|e| e.code),
        reason,
    }
}

/// A JSON body cut short (an oversized line): read what the head says.
fn from_cut_json(from: Side, body: &str) -> Message {
    let method = json_string_after(body, "\"method\":");
    let id = body
        .find("\"id\":")
        .map(|i| body[i + 5..].trim_start())
        .and_then(|r| {
            let end = r.find([',', '}']).unwrap_or(r.len());
            let v = r[..end].trim();
            (!v.is_empty()).then(|| v.to_string())
        });
    let error_code = body
        .find("\"error\":{\"code\":")
        .and_then(|i| leading_int(&body[i + 16..]));
    let kind = kind_of(
        body.contains("\"error\":{"),
        body.contains("\"result\":"),
        method.is_some(),
        id.is_some(),
    );
    Message {
        from,
        kind,
        method,
        id,
        error_code,
        reason: json_string_after(body, "\"reason\":"),
    }
}

/// What a message is, from what it holds.
fn kind_of(error: bool, result: bool, method: bool, id: bool) -> MessageKind {
    match (error, result, method, id) {
        (true, _, _, _) => MessageKind::Error,
        (_, true, _, _) => MessageKind::Result,
        (_, _, true, true) => MessageKind::Request,
        (_, _, true, false) => MessageKind::Notification,
        _ => MessageKind::Unknown,
    }
}

fn json_string_after(s: &str, key: &str) -> Option<String> {
    let rest = s[s.find(key)? + key.len()..]
        .trim_start()
        .strip_prefix('"')?;
    super::inspect::read_quoted(rest, '"').map(|(v, _)| v)
}

fn leading_int(s: &str) -> Option<i64> {
    let s = s.trim_start();
    let end = s
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(s.len(), |(i, _)| i);
    s[..end].parse().ok()
}

/// `method="tools/call" id=3 params`, `id=0 result(1 blocks)`,
/// `id=3 error(code=-32603)`.
fn from_summary(from: Side, body: &str) -> Message {
    let method = body
        .find("method=\"")
        .and_then(|i| super::inspect::read_quoted(&body[i + 8..], '"'))
        .map(|(v, _)| v);
    let id = body.find("id=").and_then(|i| {
        let before_ok = i == 0 || body.as_bytes()[i - 1] == b' ';
        let r = &body[i + 3..];
        let end = r.find([' ', ',']).unwrap_or(r.len());
        (before_ok && end > 0).then(|| r[..end].to_string())
    });
    let error_code = body
        .find("error(code=")
        .and_then(|i| leading_int(&body[i + 11..]));
    let word = |w: &str| body.split([' ', '(']).any(|t| t == w);
    let kind = kind_of(
        error_code.is_some() || word("error"),
        word("result"),
        method.is_some(),
        id.is_some(),
    );
    Message {
        from,
        kind,
        method,
        id,
        error_code,
        reason: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_of_2026_builds() {
        let m = parse("Message from client: method=\"tools/call\" id=3 params").unwrap();
        assert_eq!((m.from, m.kind), (Side::Client, MessageKind::Request));
        assert_eq!(m.method.as_deref(), Some("tools/call"));
        assert_eq!(m.id.as_deref(), Some("3"));

        let m = parse("Message from server: id=0 result").unwrap();
        assert!(m.answers_initialize());
        let m = parse("Message from server: id=8 result(1 blocks)").unwrap();
        assert_eq!((m.kind, m.id.as_deref()), (MessageKind::Result, Some("8")));
        let m = parse("Message from server: id=3 error(code=-32603)").unwrap();
        assert_eq!((m.kind, m.error_code), (MessageKind::Error, Some(-32603)));
        let m = parse("Message from client: method=\"notifications/initialized\"").unwrap();
        assert_eq!(m.kind, MessageKind::Notification);
    }

    #[test]
    fn whole_messages_of_2025_builds() {
        let m = parse(r#"Message from client: {"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"claude-ai","version":"0.1.0"}},"jsonrpc":"2.0","id":0}"#).unwrap();
        assert_eq!((m.kind, m.id.as_deref()), (MessageKind::Request, Some("0")));
        let m = parse(r#"Message from server: {"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2024-11-05"}} { metadata: undefined }"#).unwrap();
        assert!(m.answers_initialize());
        let m = parse(r#"Message from client: {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":0,"reason":"Error: MCP error -32001: Request timed out"}}"#).unwrap();
        assert_eq!(m.kind, MessageKind::Notification);
        assert_eq!(m.id.as_deref(), Some("0"));
        assert!(m.reason.unwrap().contains("-32001"));
        let m = parse(r#"Message from server: {"jsonrpc":"2.0","id":"a","error":{"code":-32601,"message":"Method not found"}}"#).unwrap();
        assert_eq!(
            (m.kind, m.error_code, m.id.as_deref()),
            (MessageKind::Error, Some(-32601), Some("\"a\""))
        );
    }

    #[test]
    fn a_cut_json_body_still_says_what_it_was() {
        let m = parse(r#"Message from server: {"jsonrpc":"2.0","id":12,"result":{"content":[{"type":"text","text":"aaaa"#).unwrap();
        assert_eq!((m.kind, m.id.as_deref()), (MessageKind::Result, Some("12")));
    }

    #[test]
    fn a_peek_agrees_with_the_parse() {
        for (line, error, notable) in [
            (
                "Message from client: method=\"initialize\" id=0 params",
                false,
                true,
            ),
            ("Message from server: id=0 result", false, true),
            ("Message from server: id=10 result(1 blocks)", false, false),
            ("Message from server: id=3 error(code=-32603)", true, false),
            (
                "Message from client: method=\"tools/call\" id=3 params",
                false,
                false,
            ),
            (
                r#"Message from server: {"jsonrpc":"2.0","id":0,"result":{}}"#,
                false,
                true,
            ),
            (
                r#"Message from server: {"jsonrpc":"2.0","id":2,"error":{"code":-32601}}"#,
                true,
                false,
            ),
            (
                r#"Message from client: {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":0}}"#,
                false,
                true,
            ),
        ] {
            let p = peek(line).unwrap();
            assert_eq!((p.error, p.notable), (error, notable), "{line}");
            let m = parse(line).unwrap();
            assert_eq!(m.kind == MessageKind::Error, error, "{line}");
            assert_eq!(m.from, p.from);
        }
        assert!(peek("Initializing server...").is_none());
    }

    #[test]
    fn other_lines_are_not_messages() {
        assert!(parse("Initializing server...").is_none());
    }
}
