//! What a line says, as a typed [`Event`]: every line kind issue 11 lists
//! (field notes, "The app in late 2026" / Logs, and the threads cited in
//! tests/fixtures/logs/README.md). Anything else is [`Event::Other`], kept
//! as text. Pure: a [`Frame`] in, an [`Entry`] out.

use super::inspect::string_array;
use super::line::{Frame, Level};
use super::message::{self, Message, Side};
use super::time::Time;

/// The two ways the app runs a server since 2026-08: its chat connection,
/// and its own copy for Cowork and Code sessions (`context: 'shared-pool'`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    Chat,
    Cowork,
}

/// The command line the app logged: `Using MCP server command: CMD with
/// args and path: { metadata: { args: [...], paths: [...] } }`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct LaunchCommand {
    pub command: String,
    pub args: Vec<String>,
    /// The PATH the app gave the server, one entry per element.
    pub path: Vec<String>,
    /// The app's inspect output elided some entries (`... 5 more items`).
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// `Initializing server...`: a launch begins.
    Initializing,
    /// `Using MCP server command: ...`
    Command(LaunchCommand),
    /// `Using built-in Node.js for MCP server`
    BuiltInNode,
    /// `Era probe verdict: legacy (sibling did not complete the exchange)`
    EraVerdict { verdict: String, reason: String },
    /// `Server started and connected successfully` (the process is up;
    /// `initialize` may still fail).
    Connected,
    /// `Connection failed: spawn npx ENOENT` (2025: a bare `spawn npx ENOENT`).
    ConnectionFailed { reason: String },
    /// `Server transport closed unexpectedly, this is likely due to the
    /// process exiting early...`
    ClosedUnexpectedly,
    /// `Server disconnected. For troubleshooting guidance...`
    Disconnected,
    /// `Client transport closed` / `Server transport closed
    /// (intentional shutdown)`.
    TransportClosed { side: Side, intentional: bool },
    /// `Shutting down server...`
    ShuttingDown,
    /// `Couldn't start this server for Cowork and Code sessions (they run
    /// their own copy of it), so they can't use its tools: REASON`.
    LaneFailed { reason: String },
    /// `Version negotiation failed: ...` on its own line.
    VersionNegotiationFailed { detail: String },
    /// `Tool 'X' has an invalid outputSchema: ...` (or inputSchema).
    ToolSchemaRefused {
        tool: Option<String>,
        schema: String,
        detail: String,
    },
    /// `MCP error -32001: Request timed out`, on its own or as the reason
    /// of a `notifications/cancelled` the app sent.
    RequestTimedOut { request_id: Option<String> },
    /// `Message from client|server: ...`
    Message(Message),
    /// An unprefixed line of a `mcp-server-NAME.log`: the server's stderr.
    Stderr,
    /// Any other stamped line.
    Other,
}

impl Event {
    /// Events that end a run of the server.
    pub fn ends_run(&self) -> bool {
        matches!(
            self,
            Event::ConnectionFailed { .. }
                | Event::ClosedUnexpectedly
                | Event::Disconnected
                | Event::ShuttingDown
        ) || matches!(
            self,
            Event::TransportClosed {
                intentional: true,
                ..
            }
        )
    }
}

/// One parsed (logical) line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// None for stderr lines (they carry no stamp).
    pub at: Option<Time>,
    pub level: Option<Level>,
    pub server: Option<String>,
    pub lane: Lane,
    #[serde(flatten)]
    pub event: Event,
    /// The line's text as written, metadata cut off (at most [`MAX_TEXT`]
    /// bytes).
    pub text: String,
    /// The metadata object as written, when it says more than
    /// `{ metadata: undefined }` (the command's args and PATH, a context).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Byte offset of the line in its file.
    #[serde(skip)]
    pub offset: u64,
}

impl Entry {
    /// Every free text of the entry taken from the log (the line, its
    /// metadata, what was parsed out of them), for masking. A launch
    /// command's values are not among them: each is a whole value.
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        let mut v: Vec<&mut String> = vec![&mut self.text];
        v.extend(self.metadata.as_mut());
        match &mut self.event {
            Event::EraVerdict { verdict, reason } => v.extend([verdict, reason]),
            Event::ConnectionFailed { reason } | Event::LaneFailed { reason } => v.push(reason),
            Event::VersionNegotiationFailed { detail } => v.push(detail),
            Event::ToolSchemaRefused {
                tool,
                schema,
                detail,
            } => {
                v.extend(tool.as_mut());
                v.extend([schema, detail]);
            }
            Event::RequestTimedOut { request_id } => v.extend(request_id.as_mut()),
            Event::Message(m) => {
                v.extend(m.method.as_mut());
                v.extend(m.id.as_mut());
                v.extend(m.reason.as_mut());
            }
            Event::Initializing
            | Event::Command(_)
            | Event::BuiltInNode
            | Event::Connected
            | Event::ClosedUnexpectedly
            | Event::Disconnected
            | Event::TransportClosed { .. }
            | Event::ShuttingDown
            | Event::Stderr
            | Event::Other => {}
        }
        v
    }
}

/// Longest text kept per entry; longer lines are cut with `…`.
pub const MAX_TEXT: usize = 4096;

/// Cut `s` to at most `max` bytes on a char boundary, marking the cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Classify a stamped line.
pub fn classify(f: &Frame<'_>) -> Event {
    let t = f.text;
    // the bulk of every log: message lines
    if t.starts_with("Message from ")
        && let Some(m) = message::parse(t)
    {
        if m.reason.as_deref().is_some_and(is_timeout) {
            return Event::RequestTimedOut { request_id: m.id };
        }
        return Event::Message(m);
    }
    if t.starts_with("Initializing server") {
        return Event::Initializing;
    }
    if let Some(rest) = t.strip_prefix("Using MCP server command:") {
        return Event::Command(command(rest, f.meta));
    }
    if t.starts_with("Using built-in Node.js") {
        return Event::BuiltInNode;
    }
    if let Some(rest) = t.strip_prefix("Era probe verdict:") {
        let rest = rest.trim();
        let (verdict, reason) = match rest.find(" (") {
            Some(i) => (&rest[..i], rest[i + 2..].trim_end_matches(')')),
            None => (rest, ""),
        };
        return Event::EraVerdict {
            verdict: verdict.to_string(),
            reason: reason.to_string(),
        };
    }
    if t.starts_with("Server started and connected successfully") {
        return Event::Connected;
    }
    if let Some(rest) = t.strip_prefix("Connection failed:") {
        return Event::ConnectionFailed {
            reason: clip(rest.trim().trim_start_matches("Error: "), MAX_TEXT),
        };
    }
    if f.level == Some(Level::Error) && t.starts_with("spawn ") {
        return Event::ConnectionFailed {
            reason: clip(t, MAX_TEXT),
        };
    }
    if t.starts_with("Server transport closed unexpectedly") {
        return Event::ClosedUnexpectedly;
    }
    if t.starts_with("Server disconnected") {
        return Event::Disconnected;
    }
    for (prefix, side) in [
        ("Client transport closed", Side::Client),
        ("Server transport closed", Side::Server),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return Event::TransportClosed {
                side,
                intentional: rest.contains("intentional"),
            };
        }
    }
    if t.starts_with("Shutting down server") {
        return Event::ShuttingDown;
    }
    if t.contains("Couldn't start") && t.contains("Cowork and Code sessions") {
        let reason = match t.find("can't use its tools:") {
            Some(i) => &t[i + 20..],
            None => t.find("Error:").map_or(t, |i| &t[i + 6..]),
        };
        return Event::LaneFailed {
            reason: clip(reason.trim(), MAX_TEXT),
        };
    }
    if let Some(i) = t.find("Version negotiation failed") {
        return Event::VersionNegotiationFailed {
            detail: clip(t[i + 26..].trim_start_matches(':').trim(), MAX_TEXT),
        };
    }
    for (marker, schema) in [
        ("has an invalid outputSchema", "outputSchema"),
        ("has an invalid inputSchema", "inputSchema"),
    ] {
        if let Some(i) = t.find(marker) {
            let tool = t[..i].find("Tool '").and_then(|s| {
                t[s + 6..i]
                    .rfind('\'')
                    .map(|e| t[s + 6..s + 6 + e].to_string())
            });
            let detail = t[i..].find(':').map_or("", |c| t[i + c + 1..].trim());
            return Event::ToolSchemaRefused {
                tool,
                schema: schema.to_string(),
                detail: clip(detail, MAX_TEXT),
            };
        }
    }
    if is_timeout(t) {
        return Event::RequestTimedOut { request_id: None };
    }
    Event::Other
}

fn is_timeout(t: &str) -> bool {
    t.contains("-32001") || t.contains("Request timed out")
}

/// `CMD with args and path:` + the metadata object.
fn command(rest: &str, meta: &str) -> LaunchCommand {
    let rest = rest.trim();
    let mut cmd = rest.trim_end_matches(':').trim();
    for marker in [" with args and path", " with path", " with args"] {
        if let Some(i) = rest.rfind(marker) {
            cmd = rest[..i].trim();
            break;
        }
    }
    let args = string_array(meta, "args").unwrap_or_default();
    let path = string_array(meta, "paths").unwrap_or_default();
    LaunchCommand {
        command: cmd.to_string(),
        truncated: args.truncated || path.truncated,
        args: args.items,
        path: path.items,
    }
}

/// Build the entry for a stamped line.
pub fn entry(f: &Frame<'_>, offset: u64) -> Entry {
    let event = classify(f);
    let lane = if f.context == Some("shared-pool") || matches!(event, Event::LaneFailed { .. }) {
        Lane::Cowork
    } else {
        Lane::Chat
    };
    Entry {
        at: Some(f.at),
        level: f.level,
        server: f.server.map(str::to_string),
        lane,
        event,
        text: clip(f.text, MAX_TEXT),
        metadata: informative(f.meta).then(|| clip(f.meta, MAX_TEXT)),
        offset,
    }
}

/// Metadata worth keeping: not empty, not `{ metadata: undefined }`.
fn informative(meta: &str) -> bool {
    let mut m = meta.chars().filter(|c| !c.is_whitespace()).peekable();
    m.peek().is_some() && !m.eq("{metadata:undefined}".chars())
}

/// The entry for an unprefixed line of a per-server file.
pub fn stderr_entry(server: Option<&str>, line: &str, offset: u64) -> Entry {
    Entry {
        at: None,
        level: None,
        server: server.map(str::to_string),
        lane: Lane::Chat,
        event: Event::Stderr,
        text: clip(line, MAX_TEXT),
        metadata: None,
        offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::logs::line::{Shape, frame};
    use crate::app::logs::time::utc;

    fn ev(line: &str) -> Entry {
        let f = frame(line, Shape::Mcp, utc).expect("stamped");
        entry(&f, 0)
    }

    #[test]
    fn launch_lines() {
        assert_eq!(
            ev(
                "2026-08-13T09:55:02.449Z [info] [x] Initializing server... { metadata: undefined }"
            )
            .event,
            Event::Initializing
        );
        assert_eq!(ev("2026-08-27T08:12:57.389Z [info] [x] Using built-in Node.js for MCP server: x { metadata: undefined }").event, Event::BuiltInNode);
        let e = ev(
            "2026-08-27T08:12:58.594Z [info] [x] Era probe verdict: legacy (exec lane pinned — no sibling probe) { metadata: undefined }",
        );
        assert_eq!(
            e.event,
            Event::EraVerdict {
                verdict: "legacy".into(),
                reason: "exec lane pinned — no sibling probe".into()
            }
        );
    }

    #[test]
    fn the_command_line_with_args_and_path() {
        let line = "2026-09-01T08:00:00.010Z [info] [fs] Using MCP server command: /opt/homebrew/bin/npx with args and path: {\n  metadata: {\n    args: [ '-y', '@modelcontextprotocol/server-filesystem', '/Users/ann/Documents' ],\n    paths: [ '/usr/local/bin', '/opt/homebrew/bin', '/usr/bin', '/bin' ]\n  }\n}";
        let Event::Command(c) = ev(line).event else {
            panic!()
        };
        assert_eq!(c.command, "/opt/homebrew/bin/npx");
        assert_eq!(
            c.args,
            [
                "-y",
                "@modelcontextprotocol/server-filesystem",
                "/Users/ann/Documents"
            ]
        );
        assert_eq!(
            c.path,
            ["/usr/local/bin", "/opt/homebrew/bin", "/usr/bin", "/bin"]
        );
        // a Windows command with spaces, path only
        let line = "2026-08-13T09:55:02.465Z [info] [cbm] Using MCP server command: C:\\Program Files\\cbm\\cbm.exe with path: {\n  metadata: {\n    paths: [\n      'C:\\\\Windows\\\\system32',\n    ]\n  }\n}";
        let Event::Command(c) = ev(line).event else {
            panic!()
        };
        assert_eq!(c.command, "C:\\Program Files\\cbm\\cbm.exe");
        assert!(c.args.is_empty());
        assert_eq!(c.path, ["C:\\Windows\\system32"]);
        // spaces after the object (one line, or its closing line) change nothing
        for line in [
            "2026-09-01T08:00:00.010Z [info] [fs] Using MCP server command: npx with args and path: { metadata: { args: [ '-y', 'pkg' ], paths: [ '/bin' ] } }  ",
            "2026-09-01T08:00:00.010Z [info] [fs] Using MCP server command: npx with args and path: {\n  metadata: {\n    args: [ '-y', 'pkg' ],\n    paths: [ '/bin' ]\n  }\n} ",
        ] {
            let Event::Command(c) = ev(line).event else {
                panic!("{line}")
            };
            assert_eq!(
                (c.command.as_str(), c.args),
                ("npx", vec!["-y".to_string(), "pkg".into()]),
                "{line}"
            );
            assert_eq!(c.path, ["/bin"], "{line}");
        }
    }

    #[test]
    fn failures() {
        assert_eq!(
            ev("2026-09-01T08:00:00.000Z [error] [x] Connection failed: spawn npx ENOENT { metadata: undefined }").event,
            Event::ConnectionFailed { reason: "spawn npx ENOENT".into() }
        );
        assert_eq!(
            ev(r#"2025-04-04T03:24:08.811Z [error] [x] spawn npx ENOENT {"context":"connection","stack":"Error"}"#).event,
            Event::ConnectionFailed { reason: "spawn npx ENOENT".into() }
        );
        assert_eq!(ev("2025-04-04T03:24:08.815Z [info] [x] Server transport closed unexpectedly, this is likely due to the process exiting early. If you are").event, Event::ClosedUnexpectedly);
        assert_eq!(ev("2025-04-04T03:24:08.815Z [error] [x] Server disconnected. For troubleshooting guidance, please visit").event, Event::Disconnected);
        assert_eq!(
            ev("2026-08-27T08:12:58.660Z [info] [x] Server transport closed (intentional shutdown) { metadata: undefined }").event,
            Event::TransportClosed { side: Side::Server, intentional: true }
        );
        assert_eq!(
            ev("2025-04-18T19:43:22.136Z [error] [x] MCP error -32001: Request timed out").event,
            Event::RequestTimedOut { request_id: None }
        );
    }

    #[test]
    fn cowork_lane_lines() {
        let e = ev(
            "2026-08-19T10:00:00.000Z [error] [Macuse] Couldn't start this server for Cowork and Code sessions (they run their own copy of it), so they can't use its tools: Version negotiation failed: the connection closed during the server/discover probe { metadata: { context: 'shared-pool', stack: undefined } }",
        );
        assert_eq!(e.lane, Lane::Cowork);
        let Event::LaneFailed { reason } = e.event else {
            panic!()
        };
        assert!(
            reason.starts_with("Version negotiation failed: the connection closed"),
            "{reason}"
        );
        let e = ev(
            "2026-09-15T02:38:37.004Z [error] [c] Couldn't start for Cowork and Code sessions. Error: Not ready after 60 seconds; the sessions waiting for it started without it { metadata: { context: 'shared-pool', stack: undefined } }",
        );
        assert_eq!(
            e.event,
            Event::LaneFailed {
                reason:
                    "Not ready after 60 seconds; the sessions waiting for it started without it"
                        .into()
            }
        );
        let e = ev(
            "2026-09-15T02:38:37.004Z [error] [c] Version negotiation failed: no common version { metadata: { context: 'shared-pool', stack: undefined } }",
        );
        assert_eq!(e.lane, Lane::Cowork);
        assert_eq!(
            e.event,
            Event::VersionNegotiationFailed {
                detail: "no common version".into()
            }
        );
    }

    #[test]
    fn tool_schema_refusals() {
        let e = ev(
            "2026-09-10T10:00:00.000Z [error] [fs] Tool 'list_directory' has an invalid outputSchema: JSON Schema declares an unsupported dialect (\"$schema\": \"http://json-schema.org/draft-07/schema#\"). The default validator supports JSON Schema 2020-12 only",
        );
        let Event::ToolSchemaRefused {
            tool,
            schema,
            detail,
        } = e.event
        else {
            panic!()
        };
        assert_eq!(tool.as_deref(), Some("list_directory"));
        assert_eq!(schema, "outputSchema");
        assert!(detail.starts_with("JSON Schema declares an unsupported dialect"));
        let e =
            ev("2026-09-10T10:00:00.000Z [error] [fs] Error: Tool has an invalid outputSchema: x");
        assert!(matches!(
            e.event,
            Event::ToolSchemaRefused { tool: None, .. }
        ));
    }

    #[test]
    fn a_cancelled_initialize_is_a_timeout() {
        let e = ev(
            r#"2025-03-23T18:31:56.632Z [info] [d] Message from client: {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":0,"reason":"Error: MCP error -32001: Request timed out"}}"#,
        );
        assert_eq!(
            e.event,
            Event::RequestTimedOut {
                request_id: Some("0".into())
            }
        );
    }

    #[test]
    fn long_texts_are_clipped_on_a_char_boundary() {
        let s = "é".repeat(3000);
        let c = clip(&s, MAX_TEXT);
        assert!(c.len() <= MAX_TEXT + 3 && c.ends_with('…'));
    }
}
