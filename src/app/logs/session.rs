//! A server's last app session: the lines from its last `Initializing
//! server...` to the end of the log, folded into what happened: when it
//! started, the command, args and PATH the app logged, built-in Node or
//! not, the era verdict, the outcome per lane, the tool schemas refused,
//! the tail of its stderr.
//!
//! [`Builder`] collects a session reading *backwards* with bounded memory
//! (messages are counted, not kept; stderr keeps a tail; other events are
//! capped), then [`Builder::finish`] folds the events forwards.
//!
//! Where the session starts: the last `Initializing server...`, merged with
//! an earlier one less than [`MERGE_WINDOW_MS`] before it when no run ended
//! in between (the app may start a second copy for the Cowork/Code lane
//! right after the chat one; anthropics/claude-code#92758 shows both in one
//! flow). `Shutting down server...` or a failure between two starts keeps
//! them apart (oscardvs/zoteus#18, apify/apify-mcp-server#641).

use std::path::PathBuf;

use super::event::{Entry, Event, Lane, LaunchCommand};
use super::message::{MessageKind, Side};
use super::time::Time;

/// Two starts closer than this, with no end between, are one session.
pub const MERGE_WINDOW_MS: i64 = 90_000;

/// Repeatable events kept per session (the launch lines and the
/// `initialize` exchange always are).
const MAX_EVENTS: usize = 200;
/// Lines between two starts held while deciding whether to merge them.
const MAX_PENDING: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Session {
    pub server: String,
    /// The file the session was read from.
    #[serde(serialize_with = "crate::paths::lossy")]
    pub source: PathBuf,
    /// Other files that added to it (mcp.log beside a per-server file,
    /// main.log for the Cowork/Code lane).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "crate::paths::lossy"
    )]
    pub also_from: Vec<PathBuf>,
    /// True when its `Initializing server...` line was read; false when the
    /// start lies before `--since`, beyond the scan budget, or was rotated
    /// away.
    pub complete: bool,
    pub started_at: Option<Time>,
    pub last_at: Option<Time>,
    /// What the app logged it ran (`Using MCP server command: ...`).
    pub command: Option<LaunchCommand>,
    /// `Using built-in Node.js for MCP server` was logged.
    pub built_in_node: bool,
    pub era: Option<EraVerdict>,
    pub lanes: Lanes,
    pub tool_schema_refusals: Vec<Refusal>,
    /// The server's last stderr lines, oldest first (per-server file only).
    pub stderr_tail: Vec<String>,
    pub messages: MessageStats,
    /// The notable events in file order (no message traffic, no stderr).
    pub events: Vec<Entry>,
    /// Byte offset of the session's first line in `source` (for `--raw`
    /// and for following from there).
    #[serde(skip)]
    pub start_offset: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EraVerdict {
    /// `modern`, `legacy`, or what the app wrote.
    pub verdict: String,
    /// The parenthesised reason, e.g. `sibling did not complete the exchange`.
    pub reason: String,
    pub at: Option<Time>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Lanes {
    pub chat: LaneOutcome,
    pub cowork: LaneOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneState {
    /// Chat: `initialize` was answered (or, for builds that log no
    /// messages, the app said connected). Cowork: connected was logged in
    /// the shared-pool context.
    Connected,
    /// It never worked in this session: spawn error, exit before
    /// answering `initialize`, timeout, refused lane.
    Failed,
    /// It worked, then the process went away unexpectedly.
    Disconnected,
    /// The app shut it down (quit, restart, config reload).
    Stopped,
    /// Started, no outcome logged yet.
    Starting,
    /// Nothing logged for this lane.
    NotLogged,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LaneOutcome {
    pub state: LaneState,
    pub at: Option<Time>,
    /// The app's own words for a failure or disconnection.
    pub reason: Option<String>,
}

impl LaneOutcome {
    fn new(state: LaneState, at: Option<Time>, reason: Option<String>) -> Self {
        LaneOutcome { state, at, reason }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refusal {
    pub tool: Option<String>,
    /// `outputSchema` or `inputSchema`.
    pub schema: String,
    pub detail: String,
    pub at: Option<Time>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MessageStats {
    pub from_client: u64,
    pub from_server: u64,
    /// Error answers from the server.
    pub errors: u64,
    pub last_at: Option<Time>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// No start seen yet (reading backwards).
    Open,
    /// A start was seen; an earlier start after `deadline` may merge.
    Closing {
        deadline: Time,
    },
    Closed,
}

/// Collects one server's last session from lines handed in backwards.
#[derive(Debug)]
pub struct Builder {
    server: String,
    state: State,
    events_rev: Vec<Entry>,
    stderr_rev: Vec<String>,
    pending_rev: Vec<Entry>,
    pending_stderr_rev: Vec<String>,
    stats: MessageStats,
    last_at: Option<Time>,
    start_offset: Option<u64>,
    start_at: Option<Time>,
    stderr_max: usize,
    /// Capped events kept so far.
    minor: usize,
}

impl Builder {
    pub fn new(server: &str, stderr_max: usize) -> Self {
        Builder {
            server: server.to_string(),
            state: State::Open,
            events_rev: Vec::new(),
            stderr_rev: Vec::new(),
            pending_rev: Vec::new(),
            pending_stderr_rev: Vec::new(),
            stats: MessageStats::default(),
            last_at: None,
            start_offset: None,
            start_at: None,
            stderr_max,
            minor: 0,
        }
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// The name a file's lines gave (a per-server file is opened under the
    /// name in its file name).
    pub fn rename(&mut self, name: &str) {
        self.server = name.to_string();
    }

    /// The session's (current) start, once seen.
    pub fn start(&self) -> Option<Time> {
        self.start_at
    }

    /// Whether the session is final: nothing earlier can join it.
    pub fn closed(&self) -> bool {
        self.state == State::Closed
    }

    /// Whether no line stamped `at` (or earlier) can change the session.
    pub fn settled(&self, at: Option<Time>) -> bool {
        match self.state {
            State::Open => false,
            State::Closed => true,
            State::Closing { deadline } => at.is_some_and(|t| t < deadline),
        }
    }

    /// Hand in the previous line (backwards order).
    pub fn feed(&mut self, e: Entry) {
        if let State::Closing { deadline } = self.state {
            if e.at.is_some_and(|t| t < deadline) || e.event.ends_run() {
                self.close();
                return;
            }
            if e.event != Event::Initializing {
                if e.event == Event::Stderr {
                    self.pending_stderr_rev.push(e.text);
                } else {
                    self.pending_rev.push(e);
                }
                if self.pending_rev.len() + self.pending_stderr_rev.len() > MAX_PENDING {
                    self.close();
                }
                return;
            }
            // an earlier start close enough: one session
            self.events_rev.append(&mut self.pending_rev);
            for line in std::mem::take(&mut self.pending_stderr_rev) {
                self.keep_stderr(line);
            }
        }
        if self.state == State::Closed {
            return;
        }
        if e.at.is_some() && self.last_at.is_none() {
            self.last_at = e.at;
        }
        match &e.event {
            Event::Stderr => self.keep_stderr(e.text),
            Event::Message(m) => {
                self.tally(e.at, m.from, m.kind == MessageKind::Error);
                // keep what decides the outcome: the initialize exchange
                // always, error answers while there is room
                if m.method.as_deref() == Some("initialize") || m.answers_initialize() {
                    self.events_rev.push(e);
                } else if m.kind == MessageKind::Error {
                    self.keep_minor(e);
                }
            }
            Event::Initializing => {
                self.start_offset = Some(e.offset);
                self.start_at = e.at;
                if let Some(at) = e.at {
                    self.state = State::Closing {
                        deadline: at.plus_ms(-MERGE_WINDOW_MS),
                    };
                } else {
                    self.state = State::Closed;
                }
                self.events_rev.push(e);
            }
            Event::ToolSchemaRefused { tool, schema, .. } => {
                let dup = self.events_rev.iter().any(|x| {
                    matches!(&x.event, Event::ToolSchemaRefused { tool: t, schema: s, .. } if t == tool && s == schema)
                });
                if !dup {
                    self.keep_minor(e);
                }
            }
            // the launch lines: few per session, always kept
            Event::Command(_)
            | Event::BuiltInNode
            | Event::EraVerdict { .. }
            | Event::Connected => {
                self.events_rev.push(e);
            }
            _ => self.keep_minor(e),
        }
    }

    /// Count a message line without keeping it (the scanner's fast path
    /// for the bulk of the log: see [`super::message::peek`]).
    pub fn count(&mut self, at: Time, from: Side, error: bool) {
        match self.state {
            State::Closed => {}
            State::Closing { deadline } => {
                if at < deadline {
                    self.close();
                }
            }
            State::Open => {
                if self.last_at.is_none() {
                    self.last_at = Some(at);
                }
                self.tally(Some(at), from, error);
            }
        }
    }

    fn tally(&mut self, at: Option<Time>, from: Side, error: bool) {
        match from {
            Side::Client => self.stats.from_client += 1,
            Side::Server => self.stats.from_server += 1,
        }
        if error {
            self.stats.errors += 1;
        }
        if self.stats.last_at.is_none() {
            self.stats.last_at = at;
        }
    }

    /// Everything else that may repeat through a long session (failures,
    /// closes, refusals, other lines): the latest [`MAX_EVENTS`] are kept.
    fn keep_minor(&mut self, e: Entry) {
        if self.minor < MAX_EVENTS {
            self.minor += 1;
            self.events_rev.push(e);
        }
    }

    fn keep_stderr(&mut self, line: String) {
        if self.stderr_rev.len() < self.stderr_max {
            self.stderr_rev.push(line);
        }
    }

    fn close(&mut self) {
        self.state = State::Closed;
        self.pending_rev.clear();
        self.pending_stderr_rev.clear();
    }

    /// Fold the collected lines (forwards) into the session.
    pub fn finish(self, source: PathBuf) -> Session {
        let complete = self.state != State::Open;
        let mut events = self.events_rev;
        events.reverse();
        let mut stderr_tail = self.stderr_rev;
        stderr_tail.reverse();
        let started_at = if complete {
            events
                .iter()
                .find(|e| e.event == Event::Initializing)
                .and_then(|e| e.at)
        } else {
            None
        };
        let mut s = Session {
            server: self.server,
            source,
            also_from: Vec::new(),
            complete,
            started_at,
            last_at: self.last_at,
            command: None,
            built_in_node: false,
            era: None,
            lanes: Lanes {
                chat: LaneOutcome::new(LaneState::NotLogged, None, None),
                cowork: LaneOutcome::new(LaneState::NotLogged, None, None),
            },
            tool_schema_refusals: Vec::new(),
            stderr_tail,
            messages: self.stats,
            events,
            start_offset: self.start_offset.filter(|_| complete),
        };
        s.fold();
        s
    }
}

impl Session {
    /// Derive the summary fields from `events` (file order).
    pub fn fold(&mut self) {
        let mut chat = ChatFold::default();
        let mut cowork = LaneOutcome::new(LaneState::NotLogged, None, None);
        self.tool_schema_refusals.clear();
        self.command = None;
        self.built_in_node = false;
        self.era = None;
        for e in &self.events {
            match &e.event {
                Event::Command(c) if e.lane == Lane::Chat || self.command.is_none() => {
                    self.command = Some(c.clone());
                }
                Event::BuiltInNode => self.built_in_node = true,
                Event::EraVerdict { verdict, reason } => {
                    self.era = Some(EraVerdict {
                        verdict: verdict.clone(),
                        reason: reason.clone(),
                        at: e.at,
                    });
                }
                Event::ToolSchemaRefused {
                    tool,
                    schema,
                    detail,
                } => self.tool_schema_refusals.push(Refusal {
                    tool: tool.clone(),
                    schema: schema.clone(),
                    detail: detail.clone(),
                    at: e.at,
                }),
                _ => {}
            }
            match e.lane {
                Lane::Cowork => cowork_step(&mut cowork, e),
                Lane::Chat => chat.step(e),
            }
        }
        self.lanes = Lanes {
            chat: chat.outcome(self.messages.from_client + self.messages.from_server > 0),
            cowork,
        };
    }
}

fn cowork_step(out: &mut LaneOutcome, e: &Entry) {
    match &e.event {
        Event::LaneFailed { reason } => {
            *out = LaneOutcome::new(LaneState::Failed, e.at, Some(reason.clone()))
        }
        Event::VersionNegotiationFailed { detail } if out.state != LaneState::Failed => {
            *out = LaneOutcome::new(
                LaneState::Failed,
                e.at,
                Some(format!("Version negotiation failed: {detail}")),
            );
        }
        Event::Connected => *out = LaneOutcome::new(LaneState::Connected, e.at, None),
        Event::ConnectionFailed { reason } => {
            *out = LaneOutcome::new(LaneState::Failed, e.at, Some(reason.clone()));
        }
        _ => {}
    }
}

/// The chat lane, folded forwards.
#[derive(Default)]
struct ChatFold {
    started: Option<Option<Time>>,
    spawned: Option<Option<Time>>,
    answered: Option<Option<Time>>,
    timed_out: Option<Option<Time>>,
    end: Option<LaneOutcome>,
}

impl ChatFold {
    fn step(&mut self, e: &Entry) {
        let at = e.at;
        match &e.event {
            Event::Initializing if self.started.is_none() => self.started = Some(at),
            Event::Connected => self.spawned = Some(at),
            Event::Message(m) if m.answers_initialize() => {
                self.answered = Some(at);
                // answered after an earlier end: it came back
                self.end = None;
            }
            Event::RequestTimedOut { .. } => self.timed_out = Some(at),
            Event::ConnectionFailed { reason } => {
                self.end = Some(LaneOutcome::new(
                    LaneState::Failed,
                    at,
                    Some(reason.clone()),
                ));
            }
            Event::ClosedUnexpectedly | Event::Disconnected => {
                if self
                    .end
                    .as_ref()
                    .is_some_and(|o| matches!(o.state, LaneState::Failed | LaneState::Disconnected))
                {
                    return; // the first line of the cluster already said why
                }
                self.end = Some(if self.answered.is_some() {
                    LaneOutcome::new(
                        LaneState::Disconnected,
                        at,
                        Some("Server transport closed unexpectedly".into()),
                    )
                } else if self.timed_out.is_some() {
                    LaneOutcome::new(
                        LaneState::Failed,
                        at,
                        Some(
                            "MCP error -32001: Request timed out (initialize was never answered)"
                                .into(),
                        ),
                    )
                } else {
                    LaneOutcome::new(
                        LaneState::Failed,
                        at,
                        Some("Server transport closed unexpectedly (the process exited before answering initialize)".into()),
                    )
                });
            }
            Event::ShuttingDown
            | Event::TransportClosed {
                intentional: true, ..
            } if self.end.is_none() => {
                self.end = Some(LaneOutcome::new(LaneState::Stopped, at, None));
            }
            _ => {}
        }
    }

    fn outcome(self, messages_logged: bool) -> LaneOutcome {
        if let Some(end) = self.end {
            return end;
        }
        if let Some(at) = self.answered {
            return LaneOutcome::new(LaneState::Connected, at, None);
        }
        if let Some(at) = self.spawned {
            // builds that log no messages only say "connected"
            if !messages_logged {
                return LaneOutcome::new(LaneState::Connected, at, None);
            }
            return LaneOutcome::new(LaneState::Starting, at, None);
        }
        match self.started {
            Some(at) => LaneOutcome::new(LaneState::Starting, at, None),
            None => LaneOutcome::new(LaneState::NotLogged, None, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::logs::event::entry;
    use crate::app::logs::line::{Shape, frame};
    use crate::app::logs::time::utc;

    /// Feed `lines` (file order) backwards, as the scanner does.
    fn session(lines: &[&str]) -> Session {
        let mut b = Builder::new("s", 5);
        for (i, l) in lines.iter().enumerate().rev() {
            match frame(l, Shape::Mcp, utc) {
                Some(f) => b.feed(entry(&f, i as u64)),
                None => b.feed(crate::app::logs::event::stderr_entry(
                    Some("s"),
                    l,
                    i as u64,
                )),
            }
        }
        b.finish(PathBuf::from("mcp.log"))
    }

    #[test]
    fn a_healthy_2026_session() {
        let s = session(&[
            "2026-09-01T08:00:00.000Z [info] [s] Initializing server... { metadata: undefined }",
            "2026-09-01T08:00:00.002Z [info] [s] Using built-in Node.js for MCP server: s { metadata: undefined }",
            "2026-09-01T08:00:01.000Z [info] [s] Era probe verdict: modern (sibling answered server/discover) { metadata: undefined }",
            "2026-09-01T08:00:01.100Z [info] [s] Server started and connected successfully { metadata: undefined }",
            "2026-09-01T08:00:01.101Z [info] [s] Message from client: method=\"initialize\" id=0 params { metadata: undefined }",
            "2026-09-01T08:00:01.300Z [info] [s] Message from server: id=0 result { metadata: undefined }",
            "2026-09-01T08:05:00.000Z [info] [s] Message from client: method=\"tools/call\" id=3 params { metadata: undefined }",
            "2026-09-01T08:05:00.100Z [info] [s] Message from server: id=3 error(code=-32603) { metadata: undefined }",
        ]);
        assert!(s.complete);
        assert_eq!(s.started_at.unwrap().rfc3339(), "2026-09-01T08:00:00.000Z");
        assert!(s.built_in_node);
        assert_eq!(s.era.as_ref().unwrap().verdict, "modern");
        assert_eq!(s.lanes.chat.state, LaneState::Connected);
        assert_eq!(s.lanes.cowork.state, LaneState::NotLogged);
        assert_eq!(
            (
                s.messages.from_client,
                s.messages.from_server,
                s.messages.errors
            ),
            (2, 2, 1)
        );
        assert_eq!(s.start_offset, Some(0));
    }

    #[test]
    fn only_the_last_session_counts() {
        let s = session(&[
            "2025-04-04T03:00:00.000Z [info] [s] Initializing server...",
            "2025-04-04T03:00:00.100Z [error] [s] spawn npx ENOENT",
            "2025-04-04T03:20:00.000Z [info] [s] Initializing server...",
            "2025-04-04T03:20:00.100Z [info] [s] Server started and connected successfully",
        ]);
        assert_eq!(s.started_at.unwrap().rfc3339(), "2025-04-04T03:20:00.000Z");
        assert_eq!(
            s.lanes.chat.state,
            LaneState::Connected,
            "no messages logged: connected is what the app said"
        );
        assert_eq!(s.start_offset, Some(2));
    }

    #[test]
    fn a_timeout_then_exit_is_a_failure() {
        let s = session(&[
            "2025-03-23T18:30:58.409Z [info] [s] Initializing server...",
            "2025-03-23T18:30:58.412Z [info] [s] Server started and connected successfully",
            r#"2025-03-23T18:30:58.413Z [info] [s] Message from client: {"method":"initialize","params":{},"jsonrpc":"2.0","id":0}"#,
            "npx: installed 57 in 12.39s",
            r#"2025-03-23T18:31:56.632Z [info] [s] Message from client: {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":0,"reason":"Error: MCP error -32001: Request timed out"}}"#,
            "2025-03-23T18:31:56.635Z [info] [s] Server transport closed unexpectedly, this is likely due to the process exiting early.",
            "2025-03-23T18:31:56.635Z [error] [s] Server disconnected. For troubleshooting guidance, please visit",
        ]);
        assert_eq!(s.lanes.chat.state, LaneState::Failed);
        assert!(s.lanes.chat.reason.as_deref().unwrap().contains("-32001"));
        assert_eq!(s.stderr_tail, ["npx: installed 57 in 12.39s"]);
    }

    #[test]
    fn a_cowork_copy_started_right_after_is_the_same_session() {
        let s = session(&[
            "2026-09-15T02:37:30.000Z [info] [s] Initializing server... { metadata: undefined }",
            "2026-09-15T02:37:30.500Z [info] [s] Using MCP server command: /usr/bin/node with args and path: { metadata: { args: [ 'x.js' ], paths: [ '/usr/bin' ] } }",
            "2026-09-15T02:37:31.000Z [info] [s] Message from server: id=0 result { metadata: undefined }",
            "2026-09-15T02:37:35.000Z [info] [s] Initializing server... { metadata: { context: 'shared-pool', stack: undefined } }",
            "2026-09-15T02:38:37.004Z [error] [s] Couldn't start for Cowork and Code sessions. Error: Not ready after 60 seconds; the sessions waiting for it started without it { metadata: { context: 'shared-pool', stack: undefined } }",
        ]);
        assert_eq!(s.started_at.unwrap().rfc3339(), "2026-09-15T02:37:30.000Z");
        assert_eq!(s.command.as_ref().unwrap().path, ["/usr/bin"]);
        assert_eq!(s.lanes.chat.state, LaneState::Connected);
        assert_eq!(s.lanes.cowork.state, LaneState::Failed);
        assert!(
            s.lanes
                .cowork
                .reason
                .as_deref()
                .unwrap()
                .starts_with("Not ready after 60 seconds")
        );
    }

    #[test]
    fn a_shutdown_between_two_starts_keeps_them_apart() {
        let s = session(&[
            "2026-04-07T03:15:52.813Z [info] [s] Initializing server... { metadata: undefined }",
            "2026-04-07T03:15:52.814Z [info] [s] Using built-in Node.js for MCP server: s { metadata: undefined }",
            "2026-04-07T03:15:52.849Z [info] [s] Shutting down server... { metadata: undefined }",
            "2026-04-07T03:15:52.850Z [info] [s] Initializing server... { metadata: undefined }",
            "2026-04-07T03:15:52.851Z [info] [s] Server started and connected successfully { metadata: undefined }",
        ]);
        assert_eq!(s.started_at.unwrap().rfc3339(), "2026-04-07T03:15:52.850Z");
        assert!(
            !s.built_in_node,
            "the node line belongs to the run that was shut down"
        );
        assert_eq!(s.events.len(), 2);
    }

    #[test]
    fn a_session_whose_start_was_not_read_is_incomplete() {
        let s = session(&["2026-09-01T08:00:01.300Z [info] [s] Message from server: id=0 result"]);
        assert!(!s.complete);
        assert_eq!(s.started_at, None);
        assert_eq!(s.lanes.chat.state, LaneState::Connected);
    }

    #[test]
    fn a_long_session_keeps_its_launch_lines() {
        let mut lines = vec![
            "2026-09-01T08:00:00.000Z [info] [s] Initializing server...".to_string(),
            "2026-09-01T08:00:00.100Z [info] [s] Era probe verdict: legacy (x)".to_string(),
            "2026-09-01T08:00:00.200Z [info] [s] Message from server: id=0 result".to_string(),
        ];
        for i in 1..5000 {
            lines.push(format!(
                "2026-09-01T09:00:00.000Z [info] [s] Message from server: id={i} error(code=-32603)"
            ));
            lines.push("2026-09-01T09:00:00.000Z [info] [s] Client transport closed".to_string());
        }
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let s = session(&lines);
        assert!(s.events.len() <= MAX_EVENTS + 3, "{}", s.events.len());
        assert_eq!(s.era.unwrap().reason, "x");
        assert_eq!(s.lanes.chat.state, LaneState::Connected);
        assert_eq!(s.messages.errors, 4999);
    }

    #[test]
    fn stderr_keeps_a_bounded_tail() {
        let mut lines = vec!["2026-09-01T08:00:00.000Z [info] [s] Initializing server..."];
        let noise: Vec<String> = (0..50).map(|i| format!("stderr {i}")).collect();
        lines.extend(noise.iter().map(String::as_str));
        let s = session(&lines);
        assert_eq!(
            s.stderr_tail,
            [
                "stderr 45",
                "stderr 46",
                "stderr 47",
                "stderr 48",
                "stderr 49"
            ]
        );
    }
}
