//! The MCP conversation, over any [`Conn`] (a real process or a scripted
//! one in tests): `initialize` with id 0 as Claude Desktop sends it,
//! `notifications/initialized`, then the listings the server advertises,
//! following `nextCursor`; a server that refuses `initialize` with -32022
//! (it speaks only 2026-07-28) is asked `server/discover` on the same
//! connection and listed with the era's `_meta`, as the app does since the
//! era probe. Separately: the 2026-07-28 conversation from the start
//! ([`run_modern`]) and the era probe's lone `server/discover`
//! ([`discover`]). Each conversation speaks as a [`Client`] (the lane's
//! clientInfo, `roots` declared and answered or not). Strict where
//! JSON-RPC is strict (exact ids, one message per line), tolerant where
//! the spec allows (notifications and a `ping` before a reply). Produces
//! facts and a [`Failure`]; `verdict` turns those into words.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::framing::{Frame, Incoming, RpcError, StdoutKind, classify, truncate};

/// What mcpctl (like Claude Desktop today) asks for.
pub const REQUESTED_VERSION: &str = "2025-11-25";
/// Versions of the initialize era that mcpctl and the app speak.
pub const KNOWN_VERSIONS: &[&str] = &[
    "2024-10-07",
    "2024-11-05",
    "2025-03-26",
    "2025-06-18",
    "2025-11-25",
];
/// The revision that replaced `initialize` with `server/discover`.
pub const MODERN_VERSION: &str = "2026-07-28";
/// How long a reply with an unexpected id leaves for the right one
/// (`Rpc::call_id`).
const STRAY_GRACE: Duration = Duration::from_secs(1);

/// How long, after `initialize` with id 0 timed out, the same request with
/// id 1 is given: a server that takes id 0 for a notification answers it
/// as fast as it reads it.
const ID_ZERO_CHECK: Duration = Duration::from_millis(300);
/// "Unsupported protocol version": what a 2026-07-28-only server answers
/// to `initialize`.
pub const ERR_UNSUPPORTED_VERSION: i64 = -32022;
/// Pages followed per listing before giving up (a cursor loop).
pub const MAX_PAGES: usize = 100;

/// Where in a launch something stalled or failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Phase {
    #[serde(rename = "spawn")]
    Spawn,
    #[serde(rename = "initialize")]
    Initialize,
    #[serde(rename = "initialized")]
    Initialized,
    #[serde(rename = "tools/list")]
    ToolsList,
    #[serde(rename = "resources/list")]
    ResourcesList,
    #[serde(rename = "prompts/list")]
    PromptsList,
    #[serde(rename = "tools/call")]
    ToolsCall,
    #[serde(rename = "discover")]
    Discover,
    #[serde(rename = "shutdown")]
    Shutdown,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Spawn => "spawn",
            Phase::Initialize => "initialize",
            Phase::Initialized => "initialized",
            Phase::ToolsList => "tools/list",
            Phase::ResourcesList => "resources/list",
            Phase::PromptsList => "prompts/list",
            Phase::ToolsCall => "tools/call",
            Phase::Discover => "discover",
            Phase::Shutdown => "shutdown",
        }
    }

    /// What the server was asked in this phase, for messages.
    pub fn request(self) -> &'static str {
        match self {
            Phase::Initialized => "the initialize handshake",
            Phase::Discover => "server/discover",
            other => other.as_str(),
        }
    }
}

/// One event from the server's stdout.
#[derive(Debug)]
pub enum Event {
    Frame(Frame),
    /// stdout reached end of file (the server exited or closed it).
    Closed,
    TimedOut,
}

/// A connection to a server's stdio.
pub trait Conn {
    /// Write one message as one line. False when the server's stdin is
    /// closed (it exited or stopped reading).
    fn send(&mut self, msg: &Value) -> bool;
    /// The next stdout event, waiting at most until `deadline`.
    fn recv(&mut self, deadline: Instant) -> Event;
    /// A frame already read, without waiting.
    fn try_recv(&mut self) -> Option<Frame>;
    /// Requests about to be sent one after the other (each waiting for
    /// its reply), which the connection may send ahead, side by side.
    /// Their replies must still come to `recv` after `send` of each,
    /// in that order. Stdio sends nothing ahead.
    fn prefetch(&mut self, _msgs: &[Value]) {}
    /// Bytes of a stdout line read so far that has no newline yet.
    fn pending_line(&self) -> u64 {
        0
    }
}

/// What stdout carried while mcpctl waited in vain for a reply: the
/// difference between a server that is silent (waiting for a login, the
/// network) and one that talks but never answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seen {
    /// Notifications received.
    pub notifications: usize,
    /// Requests received (pings, sampling...).
    pub requests: usize,
    /// Bytes of an unfinished line (no newline yet) when time ran out.
    pub partial_line: u64,
    /// Requests mcpctl left unanswered (past [`MAX_ANSWERS`]).
    pub unanswered: usize,
    /// Pages of the listing that timed out it had answered (its next page
    /// is the one it did not).
    pub pages_answered: usize,
    /// `initialize` with id 0 went unanswered, and the same request with
    /// id 1, sent after the time ran out, got its answer at once: the
    /// server takes id 0 (falsy in JavaScript and Python) for no id.
    pub ignores_id_zero: bool,
    /// `initialize` went unanswered within the time, but its reply came
    /// just after (while the same request was asked again with id 1): the
    /// server is slower to start than the timeout.
    pub answered_late: bool,
}

impl Seen {
    /// Nothing came on stdout but replies.
    pub fn is_quiet(&self) -> bool {
        self.notifications == 0
            && self.requests == 0
            && self.partial_line == 0
            && self.unanswered == 0
    }
}

/// What went wrong in the conversation, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Closed {
        phase: Phase,
    },
    TimedOut {
        phase: Phase,
        seen: Seen,
    },
    NonProtocol {
        phase: Phase,
        line: String,
        kind: StdoutKind,
        node_error: Option<String>,
    },
    Split {
        phase: Phase,
        line: String,
    },
    TooLong {
        phase: Phase,
        len: u64,
        head: String,
    },
    /// Ids as JSON text (`0`, `"0"`; `null` when no request was pending);
    /// `error`: the reply was a JSON-RPC error (`-32700: Parse error`).
    WrongId {
        phase: Phase,
        expected: String,
        got: String,
        error: Option<String>,
    },
    Malformed {
        phase: Phase,
        reason: String,
    },
    RpcError {
        phase: Phase,
        error: Box<RpcError>,
    },
    /// `initialize` answered with -32022: the server speaks only the
    /// 2026-07-28 era, and `server/discover` on the same connection
    /// failed too (`after`).
    OnlyModern {
        supported: Vec<String>,
        after: Box<Failure>,
    },
    /// A protocol version Claude Desktop does not speak: `initialize`
    /// answered with it, or every version `server/discover` offers is one.
    Incompatible {
        phase: Phase,
        version: String,
    },
    TooManyPages {
        phase: Phase,
    },
    /// A message nested deeper than mcpctl reads (`framing::MAX_DEPTH`),
    /// which the app's client reads.
    TooDeep {
        phase: Phase,
        depth: usize,
    },
}

impl Failure {
    pub fn phase(&self) -> Phase {
        match self {
            Failure::OnlyModern { .. } => Phase::Initialize,
            Failure::Incompatible { phase, .. } => *phase,
            Failure::Closed { phase }
            | Failure::TimedOut { phase, .. }
            | Failure::NonProtocol { phase, .. }
            | Failure::Split { phase, .. }
            | Failure::TooLong { phase, .. }
            | Failure::WrongId { phase, .. }
            | Failure::Malformed { phase, .. }
            | Failure::RpcError { phase, .. }
            | Failure::TooManyPages { phase }
            | Failure::TooDeep { phase, .. } => *phase,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServerInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Capabilities {
    pub tools: bool,
    pub resources: bool,
    pub prompts: bool,
}

/// Items per listing; `None` when the capability is not advertised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Counts {
    pub tools: Option<usize>,
    pub resources: Option<usize>,
    pub prompts: Option<usize>,
}

/// One tool as `tools/list` describes it: what `test-launch --tools`
/// shows and `call` checks a tool name against.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ToolInfo {
    pub name: String,
    pub description: Option<String>,
}

/// Everything learned from one conversation.
#[derive(Debug, Clone, Default)]
pub struct Handshake {
    pub server_info: Option<ServerInfo>,
    pub protocol_version: Option<String>,
    pub capabilities: Option<Capabilities>,
    pub counts: Counts,
    pub bad_tool_names: Vec<String>,
    /// Names two or more of its tools share, once each: the Claude API
    /// refuses a request whose tool names repeat.
    pub duplicate_tool_names: Vec<String>,
    /// Why the MCP TypeScript SDK's client rejects the whole `tools/list`
    /// result (`schemas::client_rejects`): the app then has none of the
    /// server's tools.
    pub client_rejects: Option<super::schemas::Rejected>,
    /// `resources/list` or `prompts/list` failed in the app's client (a
    /// JSON-RPC error, or a result its schema rejects), in words after the
    /// request's name: the app logs it and goes on with the tools, and so
    /// does mcpctl.
    pub listing_errors: Vec<(Phase, String)>,
    /// The tools as listed, whole (for the schema checks and the context
    /// cost).
    pub tool_defs: Vec<Value>,
    /// The conversation went the 2026-07-28 way (`server/discover`, then
    /// requests with `_meta`).
    pub modern: bool,
    /// `initialize` was refused with -32022 (the versions it named) and
    /// `server/discover` answered instead.
    pub refused_initialize: Option<Vec<String>>,
    /// The tools listed, in the server's order.
    pub tools: Vec<ToolInfo>,
    /// The first request id the conversation did not use (a request on
    /// the same connection afterwards takes it).
    pub next_id: i64,
    /// `server/discover` was answered with a result (well-formed or not).
    pub discover_answered: bool,
    /// Replies whose id is not the request's but that the app's client
    /// takes for it (`"0"` or `0.0` for `0`).
    pub loose_ids: LooseIds,
    /// Its `supportedVersions`.
    pub versions: Vec<String>,
    /// From the start to the `initialize` reply.
    pub first_reply: Option<Duration>,
    /// From the start to the end of the conversation.
    pub elapsed: Duration,
    pub failure: Option<Failure>,
}

/// Replies whose id is not the request's but that the app's client takes
/// for it: the first in words (`replied to initialize (id 0) with id
/// "0"`), and how many more followed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LooseIds {
    pub first: Option<String>,
    pub more: usize,
}

/// Who mcpctl says it is on one connection (a lane's clientInfo), and
/// whether it declares `roots`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub name: String,
    pub version: String,
    /// Declare the `roots` capability and answer `roots/list` (with no
    /// roots: the server keeps the folders its arguments name).
    pub roots: bool,
}

impl Client {
    /// mcpctl as itself.
    pub fn mcpctl() -> Client {
        Client {
            name: "mcpctl".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            roots: false,
        }
    }

    fn info(&self) -> Value {
        json!({"name": self.name, "version": self.version})
    }

    fn capabilities(&self) -> Value {
        if self.roots {
            json!({"roots": {}})
        } else {
            json!({})
        }
    }
}

/// The `initialize` request, exactly as sent (id 0, like the app).
pub fn initialize_request(client: &Client) -> Value {
    initialize_request_with_id(client, 0)
}

/// `initialize` with another id (on a connection whose id 0 is taken).
fn initialize_request_with_id(client: &Client, id: i64) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": "initialize",
        "params": {
            "protocolVersion": REQUESTED_VERSION,
            "capabilities": client.capabilities(),
            "clientInfo": client.info(),
        }
    })
}

/// Whether a tool name satisfies `^[a-zA-Z0-9_-]{1,64}$`.
pub fn valid_tool_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Run the initialize-era conversation as `client` (falling back to
/// `server/discover` on the same connection when `initialize` is refused
/// with -32022). `start` is when the process was spawned (timings count
/// from there).
pub fn run(conn: &mut dyn Conn, client: &Client, start: Instant, deadline: Instant) -> Handshake {
    converse_with(conn, client, start, deadline, 0, converse)
}

/// [`run`] on a connection that already carried requests up to id
/// `first_id - 1` (ids are never used twice on one connection).
pub fn run_after(
    conn: &mut dyn Conn,
    client: &Client,
    start: Instant,
    deadline: Instant,
    first_id: i64,
) -> Handshake {
    converse_with(conn, client, start, deadline, first_id, converse)
}

/// Run the 2026-07-28 conversation from the start: `server/discover`,
/// then the listings it advertises, every request with the era's `_meta`.
pub fn run_modern(
    conn: &mut dyn Conn,
    client: &Client,
    start: Instant,
    deadline: Instant,
) -> Handshake {
    converse_with(conn, client, start, deadline, 0, converse_modern)
}

type Conversation = fn(&mut Rpc, &mut Handshake, Instant, &mut Phase) -> Result<(), Failure>;

fn converse_with(
    conn: &mut dyn Conn,
    client: &Client,
    start: Instant,
    deadline: Instant,
    first_id: i64,
    conversation: Conversation,
) -> Handshake {
    let mut hs = Handshake::default();
    let mut rpc = Rpc::new(conn, client, deadline);
    rpc.next_id = first_id;
    let mut last_phase = Phase::Initialize;
    let result = conversation(&mut rpc, &mut hs, start, &mut last_phase);
    hs.failure = result.err().or_else(|| stray_output(&mut rpc, last_phase));
    hs.elapsed = start.elapsed();
    hs.next_id = rpc.next_id;
    hs.loose_ids = std::mem::take(&mut rpc.loose_ids);
    hs
}

/// Call one tool on a connection whose handshake completed: `tools/call`
/// with request id `id` (the handshake's `next_id`), waiting until
/// `deadline`. The result as the server sent it (a `CallToolResult`,
/// checked to be an object).
pub fn call_tool(
    conn: &mut dyn Conn,
    client: &Client,
    deadline: Instant,
    id: i64,
    name: &str,
    arguments: Value,
) -> Result<Value, Failure> {
    let mut rpc = Rpc::new(conn, client, deadline);
    rpc.next_id = id;
    let params = json!({"name": name, "arguments": arguments});
    let result = rpc.call(Phase::ToolsCall, "tools/call", params)?;
    if !result.is_object() {
        return Err(Failure::Malformed {
            phase: Phase::ToolsCall,
            reason: "the tools/call result is not an object".into(),
        });
    }
    Ok(result)
}

fn converse(
    rpc: &mut Rpc,
    hs: &mut Handshake,
    start: Instant,
    last_phase: &mut Phase,
) -> Result<(), Failure> {
    let init_id = rpc.next_id;
    let init = rpc.call_raw(
        Phase::Initialize,
        initialize_request_with_id(rpc.client, init_id),
    );
    let init = match init {
        Err(Failure::TimedOut { phase, mut seen }) if init_id == 0 => {
            let strays = rpc.strays;
            let answered = answers_another_id(rpc);
            // the reply to id 0 came after all, before the one to id 1:
            // a slow start, not an id it ignores
            seen.answered_late = rpc.strays > strays;
            seen.ignores_id_zero = answered && !seen.answered_late;
            Err(Failure::TimedOut { phase, seen })
        }
        other => other,
    };
    if matches!(
        init,
        Ok(_) | Err(Failure::RpcError { .. } | Failure::WrongId { .. } | Failure::Malformed { .. })
    ) {
        // a reply with the wrong id came when it came, not after the
        // grace mcpctl gave the right one
        let at = match (&init, rpc.stray_at) {
            (Err(Failure::WrongId { .. }), Some(at)) => at.saturating_duration_since(start),
            _ => start.elapsed(),
        };
        hs.first_reply = Some(at);
    }
    let init = match init {
        Err(Failure::RpcError { error, .. }) if error.code == ERR_UNSUPPORTED_VERSION => {
            let supported = supported_from_error(&error);
            // Modern servers keep no connection state: the same process
            // is asked the 2026-07-28 way (field notes).
            return match converse_modern(rpc, hs, start, last_phase) {
                Ok(()) => {
                    hs.refused_initialize = Some(supported);
                    Ok(())
                }
                // it answered server/discover: what it offers is the trouble
                Err(f @ Failure::Incompatible { .. }) => Err(f),
                Err(after) => Err(Failure::OnlyModern {
                    supported,
                    after: Box::new(after),
                }),
            };
        }
        other => other?,
    };
    read_initialize_result(&init, hs)?;
    let version = hs.protocol_version.clone().unwrap_or_default();
    if !KNOWN_VERSIONS.contains(&version.as_str()) {
        return Err(Failure::Incompatible {
            phase: Phase::Initialize,
            version,
        });
    }
    *last_phase = Phase::Initialized;
    rpc.notify("notifications/initialized");
    listings(rpc, hs, None, last_phase)
}

/// After `initialize` with id 0 went unanswered: whether the same
/// request with the next id gets an answer (a result or an error) within
/// [`ID_ZERO_CHECK`]. A server still busy with the first answers neither.
fn answers_another_id(rpc: &mut Rpc) -> bool {
    let deadline = rpc.deadline;
    rpc.deadline = Instant::now() + ID_ZERO_CHECK;
    let again = initialize_request_with_id(rpc.client, rpc.next_id);
    let answered = matches!(
        rpc.call_raw(Phase::Initialize, again),
        Ok(_) | Err(Failure::RpcError { .. })
    );
    rpc.deadline = deadline;
    answered
}

/// `server/discover` and the listings it advertises, with `_meta`.
fn converse_modern(
    rpc: &mut Rpc,
    hs: &mut Handshake,
    start: Instant,
    last_phase: &mut Phase,
) -> Result<(), Failure> {
    let meta = modern_meta(rpc.client);
    *last_phase = Phase::Discover;
    let result = rpc.call(Phase::Discover, "server/discover", json!({"_meta": meta}));
    if hs.first_reply.is_none()
        && !matches!(
            result,
            Err(Failure::Closed { .. } | Failure::TimedOut { .. })
        )
    {
        hs.first_reply = Some(start.elapsed());
    }
    let result = result?;
    hs.discover_answered = true;
    read_discover_result(&result, hs)?;
    hs.modern = true;
    listings(rpc, hs, Some(&meta), last_phase)
}

/// The listings the capabilities advertise, each followed through every
/// `nextCursor` page. Their first pages take the next ids in order, and
/// the connection may send them ahead side by side ([`Conn::prefetch`]);
/// later pages take the ids after those.
fn listings(
    rpc: &mut Rpc,
    hs: &mut Handshake,
    meta: Option<&Value>,
    last_phase: &mut Phase,
) -> Result<(), Failure> {
    let caps = hs.capabilities.unwrap_or_default();
    let wanted: Vec<(Phase, &str, &str)> = [
        (caps.tools, Phase::ToolsList, "tools/list", "tools"),
        (
            caps.resources,
            Phase::ResourcesList,
            "resources/list",
            "resources",
        ),
        (caps.prompts, Phase::PromptsList, "prompts/list", "prompts"),
    ]
    .into_iter()
    .filter(|w| w.0)
    .map(|(_, phase, method, key)| (phase, method, key))
    .collect();
    let first = rpc.next_id;
    rpc.next_id += wanted.len() as i64;
    let firsts: Vec<Value> = (first..)
        .zip(&wanted)
        .map(|(id, (_, method, _))| list_request(id, method, None, meta))
        .collect();
    rpc.conn.prefetch(&firsts);
    for (id, (phase, method, key)) in (first..).zip(wanted) {
        *last_phase = phase;
        let items = match rpc.list(phase, method, key, meta, id) {
            Ok(Ok(items)) => items,
            Err(Failure::RpcError { error, .. }) if phase != Phase::ToolsList => {
                let what = format!(
                    "answered error {}: {}",
                    error.code,
                    truncate(&error.message, 120)
                );
                hs.listing_errors.push((phase, what));
                continue;
            }
            Ok(Err(reason)) if phase != Phase::ToolsList => {
                let what = format!("gave a result the app cannot use: {reason}");
                hs.listing_errors.push((phase, what));
                continue;
            }
            Ok(Err(reason)) => return Err(Failure::Malformed { phase, reason }),
            Err(f) => return Err(f),
        };
        match phase {
            Phase::ToolsList => {
                hs.counts.tools = Some(items.len());
                hs.bad_tool_names = bad_tool_names(&items)?;
                hs.duplicate_tool_names = duplicate_tool_names(&items);
                hs.client_rejects = super::schemas::client_rejects(&items);
                hs.tools = items.iter().map(tool_info).collect();
                hs.tool_defs = items;
            }
            Phase::ResourcesList => hs.counts.resources = Some(items.len()),
            _ => hs.counts.prompts = Some(items.len()),
        }
    }
    Ok(())
}

/// One page of a listing, as sent.
fn list_request(id: i64, method: &str, cursor: Option<&str>, meta: Option<&Value>) -> Value {
    let mut params = serde_json::Map::new();
    if let Some(c) = cursor {
        params.insert("cursor".into(), json!(c));
    }
    if let Some(m) = meta {
        params.insert("_meta".into(), m.clone());
    }
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": Value::Object(params)})
}

/// The `server/discover` result: `supportedVersions` (required; the
/// protocol is 2026-07-28 when listed, else the newest listed),
/// `capabilities`, and the server's name and version when given (in
/// `_meta["io.modelcontextprotocol/serverInfo"]`, where 2026-07-28 puts
/// them, or a plain `serverInfo`).
fn read_discover_result(v: &Value, hs: &mut Handshake) -> Result<(), Failure> {
    let Some(versions) = v.get("supportedVersions").and_then(Value::as_array) else {
        return Err(Failure::Malformed {
            phase: Phase::Discover,
            reason: "the server/discover result lacks a \"supportedVersions\" array".into(),
        });
    };
    let versions: Vec<&str> = versions.iter().filter_map(Value::as_str).collect();
    hs.versions = versions.iter().map(|v| (*v).to_string()).collect();
    let speaks = |v: &&str| *v == MODERN_VERSION || KNOWN_VERSIONS.contains(v);
    if !versions.iter().any(speaks) {
        // the SDK's client finds no version to speak: version negotiation fails
        return Err(Failure::Incompatible {
            phase: Phase::Discover,
            version: versions.join(", "),
        });
    }
    hs.protocol_version = if versions.contains(&MODERN_VERSION) {
        Some(MODERN_VERSION.to_string())
    } else {
        versions.iter().max().map(|v| (*v).to_string())
    };
    let caps = v.get("capabilities").filter(|c| c.is_object());
    let has = |k: &str| caps.and_then(|c| c.get(k)).is_some_and(|c| !c.is_null());
    hs.capabilities = Some(Capabilities {
        tools: has("tools"),
        resources: has("resources"),
        prompts: has("prompts"),
    });
    let info = v
        .get("_meta")
        .and_then(|m| m.get("io.modelcontextprotocol/serverInfo"))
        .or_else(|| v.get("serverInfo"));
    let field = |k: &str| info?.get(k).and_then(Value::as_str).map(str::to_string);
    if let (Some(name), Some(version)) = (field("name"), field("version")) {
        hs.server_info = Some(ServerInfo { name, version });
    }
    Ok(())
}

/// `data.supported` of a -32022 error (the versions the server speaks).
fn supported_from_error(error: &RpcError) -> Vec<String> {
    error
        .data
        .as_ref()
        .and_then(|d| d.get("supported"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn read_initialize_result(v: &Value, hs: &mut Handshake) -> Result<(), Failure> {
    let bad = |reason: &str| Failure::Malformed {
        phase: Phase::Initialize,
        reason: reason.to_string(),
    };
    if !v.is_object() {
        return Err(bad("the initialize result is not an object"));
    }
    let version = v
        .get("protocolVersion")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("the initialize result lacks a string \"protocolVersion\""))?;
    hs.protocol_version = Some(version.to_string());
    let caps = v
        .get("capabilities")
        .filter(|c| c.is_object())
        .ok_or_else(|| bad("the initialize result lacks a \"capabilities\" object"))?;
    // the SDK's client refuses the whole result for a capability that is
    // not an object (`"tools": true`, `false`, `null`), so the app connects
    // to nothing
    // (`logging` and `completions` are only checked to be JSON objects
    // in JavaScript's sense, which an array is too)
    let strict = ["tools", "resources", "prompts", "experimental"];
    let loose = ["logging", "completions"];
    let wrong = |k: &'static str| {
        let c = caps.get(k)?;
        let fine = c.is_object() || (loose.contains(&k) && c.is_array());
        (!fine).then_some((k, c))
    };
    if let Some((k, c)) = strict.iter().chain(&loose).copied().find_map(wrong) {
        return Err(bad(&format!(
            "capabilities.{k} is {}, not an object (the MCP SDK's client refuses the whole \
result: write {{}} to declare it, or leave it out)",
            crate::text::json_kind(c)
        )));
    }
    let has = |k: &str| caps.get(k).is_some_and(|c| !c.is_null());
    hs.capabilities = Some(Capabilities {
        tools: has("tools"),
        resources: has("resources"),
        prompts: has("prompts"),
    });
    let info = v
        .get("serverInfo")
        .ok_or_else(|| bad("the initialize result lacks \"serverInfo\""))?;
    let field = |k: &str| info.get(k).and_then(Value::as_str).map(str::to_string);
    match (field("name"), field("version")) {
        (Some(name), Some(version)) => {
            hs.server_info = Some(ServerInfo { name, version });
            Ok(())
        }
        _ => Err(bad(
            "\"serverInfo\" lacks a string \"name\" or \"version\" (both are required)",
        )),
    }
}

/// A listed tool's name and description (its name was checked to be a
/// string by [`bad_tool_names`]).
fn tool_info(tool: &Value) -> ToolInfo {
    let text = |k: &str| tool.get(k).and_then(Value::as_str).map(str::to_string);
    ToolInfo {
        name: text("name").unwrap_or_default(),
        description: text("description"),
    }
}

fn bad_tool_names(tools: &[Value]) -> Result<Vec<String>, Failure> {
    let mut bad = Vec::new();
    for t in tools {
        let Some(name) = t.get("name").and_then(Value::as_str) else {
            return Err(Failure::Malformed {
                phase: Phase::ToolsList,
                reason: "a tool in the tools/list result has no string \"name\"".into(),
            });
        };
        if !valid_tool_name(name) {
            bad.push(name.to_string());
        }
    }
    Ok(bad)
}

/// The names two or more tools share, once each, in listing order.
fn duplicate_tool_names(tools: &[Value]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut twice: Vec<String> = Vec::new();
    for name in tools
        .iter()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
    {
        if !seen.insert(name) && !twice.iter().any(|n| n == name) {
            twice.push(name.to_string());
        }
    }
    twice
}

/// Output that arrived after the last reply but was already read: a print
/// right after startup fails the server in the app just the same.
fn stray_output(rpc: &mut Rpc, phase: Phase) -> Option<Failure> {
    for _ in 0..MAX_STRAY {
        let Some(frame) = rpc.conn.try_recv() else {
            break;
        };
        match rpc.handle(phase, &frame, None) {
            // a reply nobody waits for: the SDK's client drops it
            Ok(_) | Err(Failure::WrongId { .. }) => {}
            Err(f) => return Some(f),
        }
    }
    None
}

/// What a `--discover` launch learned.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Discover {
    pub supported: bool,
    pub versions: Vec<String>,
    /// Tools listed with the 2026-07-28 `_meta` (null when not listed).
    pub tools: Option<usize>,
    /// Why it is not supported, or what failed after it answered.
    pub error: Option<String>,
}

/// The `_meta` every 2026-07-28 request carries.
pub fn modern_meta(client: &Client) -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
        "io.modelcontextprotocol/clientCapabilities": client.capabilities(),
        "io.modelcontextprotocol/clientInfo": client.info(),
    })
}

/// What went wrong in the `--discover` launch, as data (`verdict` words
/// it for the `error` field).
#[derive(Debug, Clone, PartialEq)]
pub enum DiscoverProblem {
    /// No answer to `server/discover` within the budget (`waited`).
    NoAnswer { waited: Duration },
    /// `server/discover` failed otherwise.
    Failed(Failure),
    /// It answered without a `supportedVersions` array.
    NoVersions,
    /// `tools/list` failed after `server/discover` answered.
    ListFailed(Failure),
}

/// The 2026-07-28 era on a fresh connection, briefly (the HTTP probe):
/// `server/discover`, then `tools/list`, both with the era's `_meta`. Never a verdict: the result
/// says whether the server supports it (its `error` left for the caller
/// to word from the problem). `start` is when the process was spawned.
pub fn discover(
    conn: &mut dyn Conn,
    client: &Client,
    start: Instant,
    deadline: Instant,
) -> (Discover, Option<DiscoverProblem>) {
    let mut rpc = Rpc::new(conn, client, deadline);
    let meta = modern_meta(client);
    let mut out = Discover {
        supported: false,
        versions: Vec::new(),
        tools: None,
        error: None,
    };
    let result = match rpc.call(Phase::Discover, "server/discover", json!({"_meta": meta})) {
        Ok(r) => r,
        Err(Failure::TimedOut { .. }) => {
            // the connection may have cut the wait short (see `group`)
            let waited = start
                .elapsed()
                .min(deadline.saturating_duration_since(start));
            return (out, Some(DiscoverProblem::NoAnswer { waited }));
        }
        Err(f) => return (out, Some(DiscoverProblem::Failed(f))),
    };
    let Some(versions) = result.get("supportedVersions").and_then(Value::as_array) else {
        return (out, Some(DiscoverProblem::NoVersions));
    };
    out.supported = true;
    out.versions = versions
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let has_tools = result
        .get("capabilities")
        .and_then(|c| c.get("tools"))
        .is_some_and(|t| !t.is_null());
    if has_tools {
        let id = rpc.next_id;
        rpc.next_id += 1;
        match rpc.list(Phase::ToolsList, "tools/list", "tools", Some(&meta), id) {
            Ok(Ok(tools)) => out.tools = Some(tools.len()),
            Ok(Err(reason)) => {
                let f = Failure::Malformed {
                    phase: Phase::ToolsList,
                    reason,
                };
                return (out, Some(DiscoverProblem::ListFailed(f)));
            }
            Err(f) => return (out, Some(DiscoverProblem::ListFailed(f))),
        }
    }
    (out, None)
}

/// What a 2026-07-28 conversation from the start ([`run_modern`] on a
/// fresh process: the era probe) says about `server/discover`, as the
/// `--discover` field and the problem `verdict` words (`waited`: from the
/// spawn to the end). Never a verdict.
pub fn discover_outcome(hs: &Handshake, waited: Duration) -> (Discover, Option<DiscoverProblem>) {
    let supported = hs.modern;
    let d = Discover {
        supported,
        versions: hs.versions.clone(),
        tools: if supported { hs.counts.tools } else { None },
        error: None,
    };
    let problem = match &hs.failure {
        None => None,
        Some(f) if supported => Some(DiscoverProblem::ListFailed(f.clone())),
        Some(f @ Failure::Incompatible { .. }) => Some(DiscoverProblem::Failed(f.clone())),
        Some(_) if hs.discover_answered => Some(DiscoverProblem::NoVersions),
        Some(Failure::TimedOut { .. }) => Some(DiscoverProblem::NoAnswer { waited }),
        Some(f) => Some(DiscoverProblem::Failed(f.clone())),
    };
    (d, problem)
}

/// Request/response plumbing over a [`Conn`].
struct Rpc<'a> {
    conn: &'a mut dyn Conn,
    deadline: Instant,
    next_id: i64,
    /// Server-to-client requests answered so far.
    answered: usize,
    client: &'a Client,
    /// Traffic since the last reply.
    seen: Seen,
    /// Replies whose id matched only as the app's client matches ids
    /// ([`same_id_for_the_app`]).
    loose_ids: LooseIds,
    /// Replies to another request than the one waited for, so far.
    strays: usize,
    /// When the first stray reply of the last call came (a reply with the
    /// wrong id still is the server's first reply).
    stray_at: Option<Instant>,
}

/// Server-to-client requests answered per conversation, and the longest id
/// echoed: together they keep mcpctl's writes far below a pipe buffer.
pub const MAX_ANSWERS: usize = 64;
const MAX_ANSWER_ID: usize = 256;
/// Whether the app's client takes a reply with id `got` for the request
/// with id `sent`: the MCP TypeScript SDK looks its pending requests up
/// by `Number(response.id)`, so `"0"`, `" 0"`, `0.0` and `-0` all answer
/// request 0 (JSON-RPC itself wants the id echoed exactly, and other
/// clients drop such a reply). mcpctl's ids are integers.
fn same_id_for_the_app(sent: &Value, got: &Value) -> bool {
    let Some(sent) = sent.as_i64() else {
        return false;
    };
    let number = match got {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => js_number(s),
        _ => None,
    };
    number.is_some_and(|n| n == sent as f64)
}

/// JavaScript's `Number(text)` for the forms an id may take: blank is 0,
/// decimal with an exponent, and `0x`/`0o`/`0b` integers; `None` is NaN.
fn js_number(text: &str) -> Option<f64> {
    let t = text.trim_matches(crate::text::is_js_space);
    if t.is_empty() {
        return Some(0.0);
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = t.strip_prefix(prefix) {
            return u64::from_str_radix(digits, radix).ok().map(|n| n as f64);
        }
    }
    let decimal = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    decimal.then(|| t.parse::<f64>().ok()).flatten()
}

/// Frames examined after the last reply.
const MAX_STRAY: usize = 1000;

impl<'a> Rpc<'a> {
    fn new(conn: &'a mut dyn Conn, client: &'a Client, deadline: Instant) -> Rpc<'a> {
        Rpc {
            conn,
            deadline,
            next_id: 0,
            answered: 0,
            client,
            loose_ids: LooseIds::default(),
            seen: Seen::default(),
            strays: 0,
            stray_at: None,
        }
    }

    fn call(&mut self, phase: Phase, method: &str, params: Value) -> Result<Value, Failure> {
        let id = self.next_id;
        self.call_raw(
            phase,
            json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )
    }

    /// Send `msg` (a request whose id is `next_id`) and wait for its reply.
    fn call_raw(&mut self, phase: Phase, msg: Value) -> Result<Value, Failure> {
        self.next_id += 1;
        self.call_id(phase, msg)
    }

    /// Send `msg` (a request with an id of its own) and wait for its reply.
    fn call_id(&mut self, phase: Phase, msg: Value) -> Result<Value, Failure> {
        let id = msg.get("id").cloned().unwrap_or(Value::Null);
        // A failed write is not the end: the server may have printed why
        // it is leaving. The reader reports the close.
        let _ = self.conn.send(&msg);
        self.seen = Seen::default();
        // A reply with another id (a duplicate, a stray): the SDK's client
        // drops it and keeps waiting, so the right reply may still come.
        // It gets STRAY_GRACE; without it the stray is the verdict, which
        // says more than the timeout the app would meet.
        let mut stray: Option<(Failure, Instant)> = None;
        self.stray_at = None;
        loop {
            let until = stray.as_ref().map_or(self.deadline, |(_, at)| {
                (*at + STRAY_GRACE).min(self.deadline)
            });
            // Checked here too: a server flooding notifications would
            // otherwise keep `recv` from ever timing out.
            if Instant::now() >= until {
                return Err(stray.map_or_else(|| self.timed_out(phase), |(f, _)| f));
            }
            match self.conn.recv(until) {
                Event::Closed => {
                    return Err(stray.map_or(Failure::Closed { phase }, |(f, _)| f));
                }
                Event::TimedOut => {
                    return Err(stray.map_or_else(|| self.timed_out(phase), |(f, _)| f));
                }
                Event::Frame(frame) => match self.handle(phase, &frame, Some(&id)) {
                    Ok(Some(reply)) => return Ok(reply),
                    Ok(None) => {}
                    Err(f @ Failure::WrongId { .. }) => {
                        self.strays += 1;
                        if stray.is_none() {
                            let now = Instant::now();
                            self.stray_at = Some(now);
                            stray = Some((f, now));
                        }
                    }
                    Err(f) => return Err(f),
                },
            }
        }
    }

    fn timed_out(&self, phase: Phase) -> Failure {
        Failure::TimedOut {
            phase,
            seen: Seen {
                partial_line: self.conn.pending_line(),
                ..self.seen
            },
        }
    }

    fn notify(&mut self, method: &str) {
        let _ = self.conn.send(&json!({"jsonrpc": "2.0", "method": method}));
    }

    /// Deal with one frame while waiting for the reply to `expected`:
    /// `Ok(Some(result))` is that reply, `Ok(None)` means keep waiting.
    fn handle(
        &mut self,
        phase: Phase,
        frame: &Frame,
        expected: Option<&Value>,
    ) -> Result<Option<Value>, Failure> {
        match classify(frame) {
            Incoming::Notification { .. } => {
                self.seen.notifications += 1;
                Ok(None)
            }
            Incoming::Request { id, method } => {
                self.seen.requests += 1;
                self.answer(id, &method);
                Ok(None)
            }
            Incoming::Response { id, result } => {
                if let Some(want) = expected
                    && *want != id
                    && same_id_for_the_app(want, &id)
                {
                    // the first in words, the others counted
                    if self.loose_ids.first.is_none() {
                        // the id as the server wrote it, cut and one-lined
                        // as other server text
                        self.loose_ids.first = Some(format!(
                            "replied to {} (id {want}) with id {}",
                            phase.request(),
                            super::framing::truncate(&id.to_string(), 40)
                        ));
                    } else {
                        self.loose_ids.more += 1;
                    }
                } else if expected != Some(&id) {
                    return Err(Failure::WrongId {
                        phase,
                        expected: expected.map_or_else(|| "null".into(), Value::to_string),
                        got: id.to_string(),
                        error: result
                            .err()
                            .map(|e| format!("{}: {}", e.code, truncate(&e.message, 120))),
                    });
                }
                result.map(Some).map_err(|error| Failure::RpcError {
                    phase,
                    error: Box::new(error),
                })
            }
            Incoming::Malformed { reason, .. } => Err(Failure::Malformed { phase, reason }),
            Incoming::TooDeep { depth } => Err(Failure::TooDeep { phase, depth }),
            Incoming::Split { line } => Err(Failure::Split { phase, line }),
            Incoming::NonProtocol {
                line,
                kind,
                node_error,
            } => Err(Failure::NonProtocol {
                phase,
                line,
                kind,
                node_error,
            }),
            Incoming::TooLong { head, len } => Err(Failure::TooLong { phase, len, head }),
        }
    }

    /// Answer a server-to-client request: `ping` with `{}`, `roots/list`
    /// with no roots when the client declares `roots`, anything else with
    /// "method not found" (no other client capability is declared).
    fn answer(&mut self, id: Value, method: &str) {
        // Bounded: a server that sends requests without reading its stdin
        // must not fill the pipe and block mcpctl's writes.
        if self.answered >= MAX_ANSWERS || id.to_string().len() > MAX_ANSWER_ID {
            self.seen.unanswered += 1;
            return;
        }
        self.answered += 1;
        let reply = if method == "ping" {
            json!({"jsonrpc": "2.0", "id": id, "result": {}})
        } else if method == "roots/list" && self.client.roots {
            json!({"jsonrpc": "2.0", "id": id, "result": {"roots": []}})
        } else {
            json!({"jsonrpc": "2.0", "id": id,
                   "error": {"code": -32601, "message": "Method not found"}})
        };
        let _ = self.conn.send(&reply);
    }

    /// A paginated listing: every item of `key` across `nextCursor` pages,
    /// the first page asked with `first_id`, the others with the next ids.
    /// `Ok(Err(why))`: a page the MCP SDK's client rejects by its shape (no
    /// `key` array, a `nextCursor` that is not a string), so the app has no
    /// listing at all.
    fn list(
        &mut self,
        phase: Phase,
        method: &str,
        key: &str,
        meta: Option<&Value>,
        first_id: i64,
    ) -> Result<Result<Vec<Value>, String>, Failure> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        let mut id = first_id;
        for page in 0..MAX_PAGES {
            let asked = self.call_id(phase, list_request(id, method, cursor.as_deref(), meta));
            let mut result = match asked {
                Err(Failure::TimedOut { phase, mut seen }) => {
                    seen.pages_answered = page;
                    return Err(Failure::TimedOut { phase, seen });
                }
                other => other?,
            };
            // moved out of the reply, not copied: a listing can be megabytes
            let Some(Value::Array(page)) = result.get_mut(key).map(Value::take) else {
                return Ok(Err(format!("the {method} result lacks a \"{key}\" array")));
            };
            items.extend(page);
            match result.get("nextCursor") {
                None => return Ok(Ok(items)),
                // the SDK's client (`nextCursor: CursorSchema.optional()`)
                // takes a string or nothing: null fails the whole listing
                Some(Value::Null) => {
                    return Ok(Err(format!(
                        "\"nextCursor\" in the {method} result is null, where the MCP SDK's \
client (Claude Desktop's) takes a string or nothing, so it rejects the whole listing; omit \
\"nextCursor\" on the last page"
                    )));
                }
                Some(Value::String(s)) if s.is_empty() => return Ok(Ok(items)),
                // the cursor it was just asked with: it would never end
                Some(Value::String(s)) if cursor.as_deref() == Some(s.as_str()) => {
                    return Err(Failure::Malformed {
                        phase,
                        reason: format!(
                            "\"nextCursor\" in the {method} result is the cursor it was asked \
with ({}): the listing would never end",
                            truncate(s, 80)
                        ),
                    });
                }
                Some(Value::String(s)) => cursor = Some(s.clone()),
                Some(_) => {
                    return Ok(Err(format!(
                        "\"nextCursor\" in the {method} result is not a string"
                    )));
                }
            }
            id = self.next_id;
            self.next_id += 1;
        }
        Err(Failure::TooManyPages { phase })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// A scripted server: for each message mcpctl sends, the lines it
    /// answers with (by method), then `Closed` when the script runs out.
    struct Script {
        replies: Vec<(&'static str, Vec<String>)>,
        queue: VecDeque<Event>,
        sent: Vec<Value>,
        /// What mcpctl offered to send ahead.
        ahead: Vec<Value>,
    }

    impl Script {
        fn new(replies: Vec<(&'static str, Vec<String>)>) -> Script {
            Script {
                replies,
                queue: VecDeque::new(),
                sent: Vec::new(),
                ahead: Vec::new(),
            }
        }
    }

    impl Conn for Script {
        fn send(&mut self, msg: &Value) -> bool {
            self.sent.push(msg.clone());
            let method = msg.get("method").and_then(Value::as_str).unwrap_or("");
            if let Some(pos) = self.replies.iter().position(|(m, _)| *m == method) {
                let (_, lines) = self.replies.remove(pos);
                for l in lines {
                    self.queue
                        .push_back(Event::Frame(Frame::Line(l.into_bytes())));
                }
            }
            true
        }
        fn recv(&mut self, _deadline: Instant) -> Event {
            self.queue.pop_front().unwrap_or(Event::Closed)
        }
        fn try_recv(&mut self) -> Option<Frame> {
            match self.queue.pop_front() {
                Some(Event::Frame(f)) => Some(f),
                _ => None,
            }
        }
        fn prefetch(&mut self, msgs: &[Value]) {
            self.ahead.extend_from_slice(msgs);
        }
    }

    fn init_ok(id: &str, caps: &str) -> String {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"result":{{"protocolVersion":"2025-06-18","capabilities":{caps},"serverInfo":{{"name":"s","version":"1.0"}}}}}}"#
        )
    }

    fn go(script: &mut Script) -> Handshake {
        let now = Instant::now();
        run(script, &Client::mcpctl(), now, now + Duration::from_secs(5))
    }

    #[test]
    fn a_healthy_conversation_paginates_and_counts() {
        let mut s = Script::new(vec![
            ("initialize", vec![init_ok("0", r#"{"tools":{},"prompts":{}}"#)]),
            (
                "tools/list",
                vec![r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"}],"nextCursor":"p2"}}"#.into()],
            ),
            (
                "tools/list",
                vec![r#"{"jsonrpc":"2.0","id":3,"result":{"tools":[{"name":"b.c"},{"name":"d"}]}}"#.into()],
            ),
            (
                "prompts/list",
                vec![r#"{"jsonrpc":"2.0","id":2,"result":{"prompts":[]}}"#.into()],
            ),
        ]);
        let hs = go(&mut s);
        assert_eq!(hs.failure, None);
        assert_eq!(hs.counts.tools, Some(3));
        assert_eq!(hs.counts.resources, None);
        assert_eq!(hs.counts.prompts, Some(0));
        assert_eq!(hs.bad_tool_names, vec!["b.c"]);
        assert_eq!(s.sent[0]["id"], json!(0));
        assert_eq!(s.sent[1]["method"], json!("notifications/initialized"));
        // the first pages take ids 1 and 2 (and may go ahead together);
        // the second page of tools takes the next id
        assert_eq!(s.ahead, vec![s.sent[2].clone(), s.sent[4].clone()]);
        assert_eq!(s.ahead[0]["method"], json!("tools/list"));
        assert_eq!(s.ahead[1]["id"], json!(2));
        assert_eq!(s.sent[3]["params"]["cursor"], json!("p2"));
        assert_eq!(s.sent[3]["id"], json!(3));
        assert_eq!(hs.next_id, 4);
    }

    #[test]
    fn listed_tools_are_kept_and_a_call_takes_the_next_id() {
        let mut s = Script::new(vec![
            ("initialize", vec![init_ok("0", r#"{"tools":{}}"#)]),
            (
                "tools/list",
                vec![r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","description":"Say it back"},{"name":"add"}]}}"#.into()],
            ),
            (
                "tools/call",
                vec![
                    r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#.into(),
                    r#"{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"hi"}]}}"#.into(),
                ],
            ),
        ]);
        let hs = go(&mut s);
        assert_eq!(hs.failure, None);
        assert_eq!(
            hs.tools,
            vec![
                ToolInfo {
                    name: "echo".into(),
                    description: Some("Say it back".into())
                },
                ToolInfo {
                    name: "add".into(),
                    description: None
                }
            ]
        );
        assert_eq!(hs.next_id, 2);
        let deadline = Instant::now() + Duration::from_secs(5);
        let r = call_tool(
            &mut s,
            &Client::mcpctl(),
            deadline,
            hs.next_id,
            "echo",
            json!({"text": "hi"}),
        );
        assert_eq!(r, Ok(json!({"content": [{"type": "text", "text": "hi"}]})));
        let sent = s.sent.last().cloned().unwrap_or_default();
        assert_eq!(sent["id"], json!(2));
        assert_eq!(
            sent["params"],
            json!({"name": "echo", "arguments": {"text": "hi"}})
        );
        // The script has run out: the server is gone.
        assert_eq!(
            call_tool(&mut s, &Client::mcpctl(), deadline, 3, "echo", json!({})),
            Err(Failure::Closed {
                phase: Phase::ToolsCall
            })
        );
    }

    /// `"0"` for 0 is taken as the app's client takes it (by number), and
    /// named; an id no client matches is a mismatch.
    #[test]
    fn a_string_id_is_taken_by_number_and_another_id_is_a_mismatch() {
        let mut s = Script::new(vec![("initialize", vec![init_ok("\"0\"", "{}")])]);
        let hs = go(&mut s);
        assert_eq!(
            hs.loose_ids.first.as_deref(),
            Some("replied to initialize (id 0) with id \"0\"")
        );
        assert!(
            !matches!(hs.failure, Some(Failure::WrongId { .. })),
            "{:?}",
            hs.failure
        );
        let mut s = Script::new(vec![("initialize", vec![init_ok("\"zero\"", "{}")])]);
        let hs = go(&mut s);
        assert_eq!(
            hs.failure,
            Some(Failure::WrongId {
                phase: Phase::Initialize,
                expected: "0".into(),
                got: "\"zero\"".into(),
                error: None,
            })
        );
    }

    /// A wrong-id reply is the server's first reply when it came, not once
    /// the grace for the right one has run out.
    #[test]
    fn a_wrong_id_reply_is_timed_when_it_came() {
        /// The script, then silence until the caller's deadline.
        struct Quiet(Script);
        impl Conn for Quiet {
            fn send(&mut self, msg: &Value) -> bool {
                self.0.send(msg)
            }
            fn recv(&mut self, deadline: Instant) -> Event {
                match self.0.queue.pop_front() {
                    Some(e) => e,
                    None => {
                        std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
                        Event::TimedOut
                    }
                }
            }
            fn try_recv(&mut self) -> Option<Frame> {
                self.0.try_recv()
            }
        }
        let mut q = Quiet(Script::new(vec![(
            "initialize",
            vec![init_ok("9999", "{}")],
        )]));
        let now = Instant::now();
        let hs = run(&mut q, &Client::mcpctl(), now, now + Duration::from_secs(5));
        assert!(
            matches!(hs.failure, Some(Failure::WrongId { .. })),
            "{:?}",
            hs.failure
        );
        assert!(now.elapsed() >= STRAY_GRACE, "the grace was given");
        let first = hs.first_reply.expect("a first reply");
        assert!(first < STRAY_GRACE / 2, "first reply at {first:?}");
    }

    #[test]
    fn an_id_the_sdk_matches_by_number_is_the_same_id() {
        let same = |sent: Value, got: Value| same_id_for_the_app(&sent, &got);
        for got in [
            json!("0"),
            json!(" 0 "),
            json!(0.0),
            json!(-0.0),
            json!("0e0"),
            json!("0x0"),
        ] {
            assert!(same(json!(0), got.clone()), "{got}");
        }
        assert!(same(json!(7), json!("7")));
        for got in [
            json!("zero"),
            json!(null),
            json!(1),
            json!("0.5"),
            json!([0]),
            json!("inf"),
            // JavaScript's trim keeps U+0085: `Number("\u00850")` is NaN
            json!("\u{85}0"),
        ] {
            assert!(!same(json!(0), got.clone()), "{got}");
        }
        // U+2028 and U+FEFF it takes
        assert!(same(json!(0), json!("\u{2028}0\u{feff}")));
    }

    #[test]
    fn a_stray_reply_before_the_right_one_is_dropped_as_the_sdk_does() {
        let mut s = Script::new(vec![
            (
                "initialize",
                vec![
                    r#"{"jsonrpc":"2.0","id":77,"result":{}}"#.into(),
                    init_ok("0", r#"{"tools":{}}"#),
                    // a duplicate of the initialize reply, after it
                    init_ok("0", r#"{"tools":{}}"#),
                ],
            ),
            (
                "tools/list",
                vec![r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}"#.into()],
            ),
        ]);
        let hs = go(&mut s);
        assert_eq!(hs.failure, None);
        assert_eq!(hs.counts.tools, Some(0));
    }

    #[test]
    fn notifications_and_ping_before_the_reply_are_fine() {
        let mut s = Script::new(vec![(
            "initialize",
            vec![
                r#"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}"#.into(),
                r#"{"jsonrpc":"2.0","id":"srv-1","method":"ping"}"#.into(),
                init_ok("0", "{}"),
            ],
        )]);
        let hs = go(&mut s);
        assert_eq!(hs.failure, None);
        assert!(
            s.sent
                .contains(&json!({"jsonrpc":"2.0","id":"srv-1","result":{}}))
        );
    }

    const REFUSED: &str = r#"{"jsonrpc":"2.0","id":0,"error":{"code":-32022,"message":"Unsupported protocol version","data":{"supported":["2026-07-28"],"requested":"2025-11-25"}}}"#;

    #[test]
    fn minus_32022_and_no_discover_either_means_only_the_modern_era() {
        let mut s = Script::new(vec![("initialize", vec![REFUSED.into()])]);
        assert_eq!(
            go(&mut s).failure,
            Some(Failure::OnlyModern {
                supported: vec!["2026-07-28".into()],
                after: Box::new(Failure::Closed {
                    phase: Phase::Discover
                }),
            })
        );
    }

    #[test]
    fn minus_32022_then_discover_on_the_same_connection_lists_the_modern_way() {
        let mut s = Script::new(vec![
            ("initialize", vec![REFUSED.into()]),
            (
                "server/discover",
                vec![r#"{"jsonrpc":"2.0","id":1,"result":{"supportedVersions":["2026-07-28"],"capabilities":{"tools":{}},"serverInfo":{"name":"m","version":"2"}}}"#.into()],
            ),
            (
                "tools/list",
                vec![r#"{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"x","inputSchema":{"type":"object"}}]}}"#.into()],
            ),
        ]);
        let hs = go(&mut s);
        assert_eq!(hs.failure, None);
        assert!(hs.modern);
        assert_eq!(hs.refused_initialize, Some(vec!["2026-07-28".to_string()]));
        assert_eq!(hs.protocol_version.as_deref(), Some("2026-07-28"));
        assert_eq!(hs.counts.tools, Some(1));
        assert_eq!(hs.tools.len(), 1);
        assert_eq!(hs.server_info.map(|i| i.name).as_deref(), Some("m"));
        assert_eq!(s.sent[2]["params"]["_meta"], modern_meta(&Client::mcpctl()));
    }

    #[test]
    fn a_capability_that_is_not_an_object_is_malformed() {
        let init = |caps: &str| {
            format!(
                r#"{{"jsonrpc":"2.0","id":0,"result":{{"protocolVersion":"2025-11-25","capabilities":{caps},"serverInfo":{{"name":"s","version":"1"}}}}}}"#
            )
        };
        // an array passes the SDK's looser check of `logging`
        let mut s = Script::new(vec![("initialize", vec![init(r#"{"logging":[]}"#)])]);
        assert_eq!(go(&mut s).failure, None);
        for caps in [
            r#"{"tools":false}"#,
            r#"{"tools":null}"#,
            r#"{"prompts":[]}"#,
            r#"{"logging":null}"#,
        ] {
            let mut s = Script::new(vec![("initialize", vec![init(caps)])]);
            assert!(
                matches!(&go(&mut s).failure, Some(Failure::Malformed { reason, .. })
                    if reason.contains("not an object")),
                "{caps}"
            );
        }
    }

    #[test]
    fn a_discover_offering_no_version_the_app_speaks_is_incompatible() {
        let mut s = Script::new(vec![
            ("initialize", vec![REFUSED.into()]),
            (
                "server/discover",
                vec![r#"{"jsonrpc":"2.0","id":1,"result":{"supportedVersions":["2099-01-01"],"capabilities":{"tools":{}}}}"#.into()],
            ),
        ]);
        let hs = go(&mut s);
        assert_eq!(
            hs.failure,
            Some(Failure::Incompatible {
                phase: Phase::Discover,
                version: "2099-01-01".into()
            })
        );
        let facts = super::super::verdict::Facts {
            command: "s",
            timeout: Duration::from_secs(5),
            exit: None,
            stderr_tail: &[],
        };
        let j = super::super::verdict::judge_failure(hs.failure.as_ref().unwrap(), &facts);
        assert!(
            j.hint
                .unwrap_or_default()
                .contains("newer protocol than the app")
        );
    }

    #[test]
    fn a_lane_with_roots_declares_them_and_answers_roots_list() {
        let mut s = Script::new(vec![
            ("initialize", vec![init_ok("0", r#"{"tools":{}}"#)]),
            (
                "tools/list",
                vec![
                    r#"{"jsonrpc":"2.0","id":"r1","method":"roots/list"}"#.into(),
                    r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}"#.into(),
                ],
            ),
        ]);
        let cowork = Client {
            name: "local-agent-mode-x".into(),
            version: "1.0.0".into(),
            roots: true,
        };
        let now = Instant::now();
        let hs = run(&mut s, &cowork, now, now + Duration::from_secs(5));
        assert_eq!(hs.failure, None);
        assert_eq!(s.sent[0]["params"]["capabilities"], json!({"roots": {}}));
        assert_eq!(
            s.sent[0]["params"]["clientInfo"],
            json!({"name": "local-agent-mode-x", "version": "1.0.0"})
        );
        assert!(
            s.sent
                .contains(&json!({"jsonrpc": "2.0", "id": "r1", "result": {"roots": []}}))
        );
        // without roots declared, roots/list is a method mcpctl does not have
        let mut s = Script::new(vec![(
            "initialize",
            vec![
                r#"{"jsonrpc":"2.0","id":"r1","method":"roots/list"}"#.into(),
                init_ok("0", "{}"),
            ],
        )]);
        assert_eq!(go(&mut s).failure, None);
        assert_eq!(s.sent[1]["error"]["code"], json!(-32601));
    }

    #[test]
    fn unknown_version_is_incompatible_and_missing_server_info_is_malformed() {
        let mut s = Script::new(vec![(
            "initialize",
            vec![r#"{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"1999-01-01","capabilities":{},"serverInfo":{"name":"s","version":"1"}}}"#.into()],
        )]);
        assert_eq!(
            go(&mut s).failure,
            Some(Failure::Incompatible {
                phase: Phase::Initialize,
                version: "1999-01-01".into()
            })
        );
        let mut s = Script::new(vec![(
            "initialize",
            vec![r#"{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{}}}"#.into()],
        )]);
        assert!(matches!(
            go(&mut s).failure,
            Some(Failure::Malformed { .. })
        ));
    }

    #[test]
    fn a_cursor_loop_stops() {
        // a new cursor every page, without end: stopped at MAX_PAGES
        let page = r#"{"jsonrpc":"2.0","id":ID,"result":{"tools":[],"nextCursor":"cID"}}"#;
        let mut replies = vec![("initialize", vec![init_ok("0", r#"{"tools":{}}"#)])];
        for i in 1..=MAX_PAGES {
            replies.push(("tools/list", vec![page.replace("ID", &i.to_string())]));
        }
        let mut s = Script::new(replies);
        assert_eq!(
            go(&mut s).failure,
            Some(Failure::TooManyPages {
                phase: Phase::ToolsList
            })
        );
        // the cursor it was asked with, again: seen on the second page
        let same = r#"{"jsonrpc":"2.0","id":ID,"result":{"tools":[],"nextCursor":"same"}}"#;
        let mut s = Script::new(vec![
            ("initialize", vec![init_ok("0", r#"{"tools":{}}"#)]),
            ("tools/list", vec![same.replace("ID", "1")]),
            ("tools/list", vec![same.replace("ID", "2")]),
        ]);
        let hs = go(&mut s);
        assert!(
            matches!(&hs.failure, Some(Failure::Malformed { reason, .. }) if reason.contains("never end")),
            "{:?}",
            hs.failure
        );
        assert_eq!(s.sent.len(), 4, "initialize, initialized, two pages");
    }

    #[test]
    fn a_null_cursor_is_refused_as_the_app_refuses_it() {
        let mut s = Script::new(vec![
            ("initialize", vec![init_ok("0", r#"{"tools":{}}"#)]),
            (
                "tools/list",
                vec![r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"}],"nextCursor":null}}"#.into()],
            ),
        ]);
        let hs = go(&mut s);
        assert!(
            matches!(&hs.failure, Some(Failure::Malformed { phase: Phase::ToolsList, reason })
                if reason.contains("is null") && reason.contains("omit")),
            "{:?}",
            hs.failure
        );
    }

    #[test]
    fn a_print_right_after_the_last_reply_still_fails() {
        let mut s = Script::new(vec![(
            "initialize",
            vec![init_ok("0", "{}"), "ready!".into()],
        )]);
        assert!(matches!(
            go(&mut s).failure,
            Some(Failure::NonProtocol {
                phase: Phase::Initialized,
                ..
            })
        ));
    }

    /// The era probe's conversation, as `discover_outcome` reads it.
    fn modern(script: &mut Script) -> (Discover, Option<DiscoverProblem>) {
        let now = Instant::now();
        let hs = run_modern(script, &Client::mcpctl(), now, now + Duration::from_secs(5));
        discover_outcome(&hs, now.elapsed())
    }

    #[test]
    fn initialize_after_a_refused_discover_takes_the_next_id() {
        let mut s = Script::new(vec![("initialize", vec![init_ok("1", "{}")])]);
        let now = Instant::now();
        let hs = run_after(
            &mut s,
            &Client::mcpctl(),
            now,
            now + Duration::from_secs(5),
            1,
        );
        assert_eq!(hs.failure, None);
        assert_eq!(s.sent[0]["id"], json!(1));
    }

    #[test]
    fn discover_reports_versions_and_tools() {
        let mut s = Script::new(vec![
            (
                "server/discover",
                vec![r#"{"jsonrpc":"2.0","id":0,"result":{"supportedVersions":["2025-11-25","2026-07-28"],"capabilities":{"tools":{}},"serverInfo":{"name":"s","version":"1"}}}"#.into()],
            ),
            (
                "tools/list",
                vec![r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"x"}]}}"#.into()],
            ),
        ]);
        let (d, problem) = modern(&mut s);
        assert_eq!(problem, None);
        assert!(d.supported);
        assert_eq!(d.versions, vec!["2025-11-25", "2026-07-28"]);
        assert_eq!(d.tools, Some(1));
        assert_eq!(
            s.sent[0]["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"],
            json!("2026-07-28")
        );
        assert_eq!(s.sent[1]["params"]["_meta"], modern_meta(&Client::mcpctl()));

        let mut s = Script::new(vec![(
            "server/discover",
            vec![
                r#"{"jsonrpc":"2.0","id":0,"error":{"code":-32601,"message":"Method not found"}}"#
                    .into(),
            ],
        )]);
        let (d, problem) = modern(&mut s);
        assert!(!d.supported);
        let error = problem.map(|p| super::super::verdict::discover_error(&p));
        assert!(error.unwrap_or_default().contains("-32601"));
    }

    #[test]
    fn a_failed_listing_after_discover_names_tools_list() {
        let mut s = Script::new(vec![(
            "server/discover",
            vec![r#"{"jsonrpc":"2.0","id":0,"result":{"supportedVersions":["2026-07-28"],"capabilities":{"tools":{}}}}"#.into()],
        )]);
        let (d, problem) = modern(&mut s);
        assert!(d.supported);
        assert_eq!(
            problem
                .map(|p| super::super::verdict::discover_error(&p))
                .as_deref(),
            Some("after server/discover: exited before answering tools/list")
        );
    }

    /// Floods notifications and pings forever, never reading or replying.
    struct Flood {
        sent: usize,
    }
    impl Conn for Flood {
        fn send(&mut self, _msg: &Value) -> bool {
            self.sent += 1;
            true
        }
        fn recv(&mut self, _deadline: Instant) -> Event {
            let line = if self.sent.is_multiple_of(2) {
                r#"{"jsonrpc":"2.0","id":"p","method":"ping"}"#
            } else {
                r#"{"jsonrpc":"2.0","method":"notifications/message","params":{}}"#
            };
            Event::Frame(Frame::Line(line.as_bytes().to_vec()))
        }
        fn try_recv(&mut self) -> Option<Frame> {
            None
        }
    }

    #[test]
    fn a_flood_still_times_out_and_answers_are_bounded() {
        let mut f = Flood { sent: 0 };
        let now = Instant::now();
        let hs = run(
            &mut f,
            &Client::mcpctl(),
            now,
            now + Duration::from_millis(50),
        );
        match hs.failure {
            Some(Failure::TimedOut {
                phase: Phase::Initialize,
                seen,
            }) => {
                assert!(seen.notifications > 0, "{seen:?}");
                assert_eq!(seen.partial_line, 0);
            }
            other => panic!("{other:?}"),
        }
        assert!(f.sent <= 1 + MAX_ANSWERS, "{}", f.sent);
    }

    #[test]
    fn tool_name_rule() {
        assert!(valid_tool_name("get_weather-2"));
        assert!(!valid_tool_name(""));
        assert!(!valid_tool_name("a.b"));
        assert!(!valid_tool_name("a b"));
        assert!(!valid_tool_name(&"a".repeat(65)));
        assert!(valid_tool_name(&"a".repeat(64)));
    }
}
