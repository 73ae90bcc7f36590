//! Verdicts: what happened to a server, in one stable word (the JSON
//! contract's `verdict`), one human line and a hint that says how to fix
//! it. Messages and hints come from the field notes (real reports). Pure:
//! facts in, words out.

use std::time::Duration;

use super::causes;
use super::framing::{LogShape, StdoutKind, log_record, truncate};
use super::handshake::{
    Counts, DiscoverProblem, Failure, Handshake, KNOWN_VERSIONS, MODERN_VERSION, Phase,
    REQUESTED_VERSION, Seen, ServerInfo,
};
use crate::text::{human_secs, plural};

/// Claude Desktop's fixed limit for the `initialize` reply.
pub const APP_INIT_LIMIT: Duration = Duration::from_secs(60);

/// The outcome of one launch (see docs/json/test-launch.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ok,
    CommandNotFound,
    NotExecutable,
    SpawnFailed,
    ExitedEarly,
    Timeout,
    NonProtocolOutput,
    JsonrpcError,
    BadReply,
    IncompatibleVersion,
    BadToolNames,
    SlowStart,
    /// A lane refuses some of the server's tools for their schemas.
    BadToolSchema,
    /// The era probe's sibling closed the connection during
    /// `server/discover` (lanes that need the probe fail).
    EraProbeFailed,
    /// A second copy fails while the first runs (a port, a lock).
    ConcurrentCopy,
    NeedsAuth,
    Forbidden,
    NotMcp,
    TlsError,
    DnsError,
    Refused,
    BadRedirect,
}

impl Verdict {
    /// Every verdict, in the order of docs/json/test-launch.md#verdicts.
    pub const ALL: &[Verdict] = &[
        Verdict::Ok,
        Verdict::CommandNotFound,
        Verdict::NotExecutable,
        Verdict::SpawnFailed,
        Verdict::ExitedEarly,
        Verdict::Timeout,
        Verdict::NonProtocolOutput,
        Verdict::JsonrpcError,
        Verdict::BadReply,
        Verdict::IncompatibleVersion,
        Verdict::BadToolNames,
        Verdict::SlowStart,
        Verdict::BadToolSchema,
        Verdict::EraProbeFailed,
        Verdict::ConcurrentCopy,
        Verdict::NeedsAuth,
        Verdict::Forbidden,
        Verdict::NotMcp,
        Verdict::TlsError,
        Verdict::DnsError,
        Verdict::Refused,
        Verdict::BadRedirect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::CommandNotFound => "command-not-found",
            Verdict::NotExecutable => "not-executable",
            Verdict::SpawnFailed => "spawn-failed",
            Verdict::ExitedEarly => "exited-early",
            Verdict::Timeout => "timeout",
            Verdict::NonProtocolOutput => "non-protocol-output",
            Verdict::JsonrpcError => "jsonrpc-error",
            Verdict::BadReply => "bad-reply",
            Verdict::IncompatibleVersion => "incompatible-version",
            Verdict::BadToolNames => "bad-tool-names",
            Verdict::SlowStart => "slow-start",
            Verdict::BadToolSchema => "bad-tool-schema",
            Verdict::EraProbeFailed => "era-probe-failed",
            Verdict::ConcurrentCopy => "concurrent-copy",
            Verdict::NeedsAuth => "needs-auth",
            Verdict::Forbidden => "forbidden",
            Verdict::NotMcp => "not-mcp",
            Verdict::TlsError => "tls-error",
            Verdict::DnsError => "dns-error",
            Verdict::Refused => "refused",
            Verdict::BadRedirect => "bad-redirect",
        }
    }

    pub fn is_ok(self) -> bool {
        self == Verdict::Ok
    }

    /// The server starts and answers; what fails is what it serves (shown
    /// as a warning-coloured failure).
    pub fn is_soft(self) -> bool {
        matches!(
            self,
            Verdict::SlowStart | Verdict::BadToolNames | Verdict::BadToolSchema
        )
    }
}

/// How a process ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExitInfo {
    pub code: Option<i32>,
    /// Signal name (`SIGKILL`, or `signal N` when unnamed).
    pub signal: Option<String>,
}

impl ExitInfo {
    /// `exited with code 1`, `was killed by SIGKILL`.
    pub fn describe(&self) -> String {
        match (&self.code, &self.signal) {
            (Some(c), _) => format!("exited with code {c}"),
            (None, Some(s)) => format!("was killed by {s}"),
            (None, None) => "exited".to_string(),
        }
    }
}

/// The name of a Unix signal number.
pub fn signal_name(sig: i32) -> String {
    let name = match sig {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => return format!("signal {sig}"),
    };
    name.to_string()
}

/// A verdict with its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub verdict: Verdict,
    pub phase: Option<Phase>,
    pub message: String,
    pub hint: Option<String>,
    pub stdout_line: Option<String>,
    pub stdout_kind: Option<StdoutKind>,
}

impl Judgement {
    pub fn new(verdict: Verdict, phase: Option<Phase>, message: String, hint: &str) -> Judgement {
        Judgement {
            verdict,
            phase,
            message,
            hint: (!hint.is_empty()).then(|| hint.to_string()),
            stdout_line: None,
            stdout_kind: None,
        }
    }
}

/// What the words may mention about the launch.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// `command` as written in the config.
    pub command: &'a str,
    pub timeout: Duration,
    /// How the process ended, when it exited on its own.
    pub exit: Option<&'a ExitInfo>,
    pub stderr_tail: &'a [String],
}

/// Which package runner a command is, for download/offline hints.
fn runner(command: &str) -> Option<&'static str> {
    match command_stem(command).as_str() {
        "npx" | "pnpx" | "bunx" => Some("npx"),
        "uvx" => Some("uvx"),
        _ => None,
    }
}

const NPX_SLOW: &str = "a first `npx -y` run downloads the package and can take longer than \
Claude Desktop's 60 s; without network npx hangs silently. Run the same command once in a \
terminal to fill npm's cache, then try again";
const UVX_SLOW: &str = "uvx downloads the tool on its first run; offline it fails or stalls even \
for a cached tool unless UV_OFFLINE=1 is in the entry's env (or `--offline` in args). Run the \
same command once in a terminal first";

/// A verdict for a conversation that failed.
/// A `tools/call` result the app's MCP client refuses (`why`, from
/// `schemas::call_rejects`).
pub fn call_refused(tool: &str, why: &str) -> Judgement {
    Judgement::new(
        Verdict::BadReply,
        Some(Phase::ToolsCall),
        format!("`{tool}` answered, but Claude Desktop's MCP client refuses the result: {why}"),
        "the model then gets an error instead of the result: return `content` as an array of \
         text, image, audio, resource_link or resource items, and, when the tool declares an \
         outputSchema, `structuredContent` that matches it",
    )
}

pub fn judge_failure(f: &Failure, facts: &Facts) -> Judgement {
    let phase = Some(f.phase());
    match f {
        Failure::Closed { phase: p } => exited_early(*p, facts),
        Failure::TimedOut { phase: p, seen } => timed_out(*p, *seen, facts),
        Failure::NonProtocol {
            line,
            kind,
            node_error,
            ..
        } => non_protocol(phase, line, *kind, node_error.as_deref(), facts.command),
        Failure::Split { phase: p, line } => Judgement::new(
            Verdict::BadReply,
            phase,
            format!(
                "reply to {} split over several lines: the first line `{line}` is not a complete \
JSON-RPC message (stdio allows one message per line)",
                p.request()
            ),
            "write each message on one line: no indent in json.dumps / JSON.stringify",
        ),
        Failure::TooLong {
            phase: p,
            len,
            head,
        } => {
            let mut j = Judgement::new(
                Verdict::BadReply,
                phase,
                format!(
                    "a stdout line of {} while waiting for {} is over the 10 MiB ({} bytes) a \
message may be (Claude Desktop's MCP SDK gives up on it; it starts `{head}`)",
                    human_bytes(*len),
                    p.request(),
                    super::framing::MAX_MESSAGE
                ),
                "return less per message (paginate listings with nextCursor); if it is not meant \
to be a message, write it to stderr",
            );
            j.stdout_line = Some(head.clone());
            j.stdout_kind = Some(StdoutKind::Other);
            j
        }
        Failure::WrongId {
            phase: p,
            expected,
            got,
            error,
        } => wrong_id(*p, expected, got, error.as_deref()),
        Failure::Malformed { phase: p, reason } => Judgement::new(
            Verdict::BadReply,
            phase,
            format!("reply to {} has the wrong shape: {reason}", p.request()),
            "the reply must follow the MCP schema; an up-to-date MCP SDK produces it",
        ),
        Failure::RpcError { phase: p, error } => Judgement::new(
            Verdict::JsonrpcError,
            phase,
            format!(
                "answered {} with JSON-RPC error {}: {}",
                p.request(),
                error.code,
                truncate(&error.message, 200)
            ),
            match (p, error.code) {
                (Phase::ToolsCall, -32602) => {
                    "the server rejected the arguments: compare them with the tool's input schema \
(its README, or the server's tools/list)"
                }
                // a remote server, or one that wrote nothing there: no
                // stderr below to point at
                _ if facts.stderr_tail.is_empty() => {
                    "the server refused the request; its own logs say why"
                }
                _ => "the server refused the request; its stderr (below) or its own logs say why",
            },
        ),
        Failure::OnlyModern { supported, after } => Judgement::new(
            Verdict::IncompatibleVersion,
            phase,
            format!(
                "refused initialize ({REQUESTED_VERSION}) with error -32022{}, and server/discover \
on the same connection failed too ({}): the app reaches a {MODERN_VERSION}-only server through \
server/discover",
                if supported.is_empty() {
                    String::new()
                } else {
                    format!(" (supported: {})", supported.join(", "))
                },
                summary(after)
            ),
            "a server that refuses initialize must answer server/discover (with the 2026-07-28 \
`_meta`) on the same connection; or use a release that still accepts initialize",
        ),
        Failure::Incompatible { phase: p, version } => {
            let newest = KNOWN_VERSIONS.iter().max().copied().unwrap_or_default();
            let newer = version.split(", ").all(|v| v > newest);
            let message = if *p == Phase::Discover {
                format!(
                    "answered server/discover offering only {version}: no version Claude Desktop \
speaks ({}, {MODERN_VERSION}), so version negotiation fails",
                    KNOWN_VERSIONS.join(", ")
                )
            } else {
                format!(
                    "negotiated protocol version {version}, which Claude Desktop does not speak \
(known: {})",
                    KNOWN_VERSIONS.join(", ")
                )
            };
            let hint = if newer {
                format!(
                    "the server speaks only a newer protocol than the app: update Claude Desktop, \
or use a server release (or SDK) that still speaks {newest} or {MODERN_VERSION}"
                )
            } else {
                "upgrade the server or its MCP SDK".to_string()
            };
            Judgement::new(Verdict::IncompatibleVersion, phase, message, &hint)
        }
        Failure::TooManyPages { phase: p } => Judgement::new(
            Verdict::BadReply,
            phase,
            format!(
                "{} still returned a nextCursor after {} pages (a cursor that never ends?)",
                p.as_str(),
                super::handshake::MAX_PAGES
            ),
            "the last page must omit nextCursor",
        ),
        Failure::TooDeep { phase: p, depth } => Judgement::new(
            Verdict::BadReply,
            phase,
            format!(
                "its reply to {} is JSON nested {depth} levels deep, past the {} mcpctl reads: \
Claude Desktop's client reads it, but mcpctl cannot check it",
                p.request(),
                super::framing::MAX_DEPTH
            ),
            "not a fault the app sees: if it shows the server's tools, the server works; a \
flatter reply (a tree as a list with parent ids, a schema's nesting cut by `$ref`) lets mcpctl \
check it",
        ),
    }
}

/// The `--discover` launch's `error` field.
pub fn discover_error(p: &DiscoverProblem) -> String {
    match p {
        DiscoverProblem::NoAnswer { waited } => format!(
            "no answer to server/discover within {}; servers of the initialize era may \
ignore it",
            human_secs(waited.as_secs_f64())
        ),
        DiscoverProblem::Failed(f) => summary(f),
        DiscoverProblem::NoVersions => {
            "the server/discover result lacks a \"supportedVersions\" array".into()
        }
        DiscoverProblem::ListFailed(f) => format!("after server/discover: {}", summary(f)),
    }
}

/// A short description of a failure (for the `--discover` error field).
pub fn summary(f: &Failure) -> String {
    match f {
        Failure::Closed { phase } => format!("exited before answering {}", phase.request()),
        Failure::TimedOut { phase, seen } => {
            format!("no answer to {}{}", phase.request(), what_it_sent(seen))
        }
        Failure::RpcError { error, .. } => {
            format!("error {}: {}", error.code, truncate(&error.message, 200))
        }
        Failure::NonProtocol { line, .. } => format!("non-protocol output on stdout: {line}"),
        other => {
            judge_failure(
                other,
                &Facts {
                    command: "",
                    timeout: Duration::ZERO,
                    exit: None,
                    stderr_tail: &[],
                },
            )
            .message
        }
    }
}

fn exited_early(phase: Phase, facts: &Facts) -> Judgement {
    let how = match facts.exit {
        Some(e) => e.describe(),
        None => "closed its stdout (it may still be running)".to_string(),
    };
    let tail = facts.stderr_tail;
    let last = tail.iter().rev().find(|l| !l.trim().is_empty());
    let said = match (causes::cause_line(tail), last) {
        (Some(cause), Some(last)) if cause == last.trim() => {
            format!("; last stderr line: {}", truncate(cause, 200))
        }
        (Some(cause), _) => format!("; its stderr says: {}", truncate(cause, 200)),
        (None, Some(last)) => format!("; last stderr line: {}", truncate(last.trim(), 200)),
        (None, None) => "; it wrote nothing to stderr".to_string(),
    };
    let code = facts.exit.and_then(|e| e.code);
    // after its initialize reply it is an MCP server that serves stdio: the
    // hint for a program that never answered would mislead
    let hint = if phase != Phase::Initialize
        && phase != Phase::Discover
        && code == Some(0)
        && causes::cause_line(tail).is_none()
    {
        format!(
            "it answered initialize, then ended without error instead of answering {}: it may \
stop once it has answered a request, or take an early end of input for the end of the session; \
run it in a terminal and send it the same requests",
            phase.request()
        )
    } else {
        causes::exit_hint(tail, code)
    };
    Judgement::new(
        Verdict::ExitedEarly,
        Some(phase),
        format!("{how} before answering {}{said}", phase.request()),
        &hint,
    )
}

/// `: it sent N notifications instead` / `: it was writing one line of
/// 1.0 GB with no newline yet`: what stdout carried while mcpctl waited
/// (empty when it was silent).
fn what_it_sent(seen: &Seen) -> String {
    let mut parts = Vec::new();
    if seen.notifications > 0 {
        parts.push(plural(seen.notifications, "notification"));
    }
    if seen.requests > 0 {
        parts.push(plural(seen.requests, "request"));
    }
    let mut out = String::new();
    if !parts.is_empty() {
        out = format!("; it sent {} instead", parts.join(" and "));
    }
    if stuck_line(seen) {
        out.push_str(&format!(
            "; it was writing one stdout line of {} with no newline yet{}",
            human_bytes(seen.partial_line),
            if seen.partial_line > super::framing::MAX_MESSAGE as u64 {
                " (over the 10 MiB a message may be)"
            } else {
                ""
            }
        ));
    }
    out
}

/// A line with no newline yet that is worth naming: the only thing stdout
/// carried, or one as long as few messages are. Amid a flood of whole
/// messages it is only where the last read stopped.
fn stuck_line(seen: &Seen) -> bool {
    /// Below this, a partial line amid whole messages is the read's cut.
    const LONG_LINE: u64 = 64 * 1024;
    seen.partial_line > 0
        && (seen.partial_line >= LONG_LINE || (seen.notifications == 0 && seen.requests == 0))
}

fn timed_out(phase: Phase, seen: Seen, facts: &Facts) -> Judgement {
    let secs = facts.timeout.as_secs_f64();
    if phase == Phase::ToolsCall {
        let message = format!("no answer to tools/call within {}", human_secs(secs));
        // the server died during the call, a child of its holding stdout
        if let Some(exit) = facts.exit {
            return Judgement::new(
                Verdict::Timeout,
                Some(phase),
                format!(
                    "{message}: the server {} during the call, but a process it started keeps \
its stdout open, so no end of output came",
                    exit.describe()
                ),
                "the tool ends the server (its stderr may say why); and whatever it starts in \
the background must not inherit its stdout (the app waits on that pipe as mcpctl did)",
            );
        }
        return Judgement::new(
            Verdict::Timeout,
            Some(phase),
            message,
            "the tool may need longer (--timeout SECS), or be waiting on something it never \
gets (a login, the network); its stderr may say which",
        );
    }
    let message = if phase == Phase::Initialize {
        format!("no reply to initialize within {}", human_secs(secs))
    } else if seen.pages_answered > 0 {
        format!(
            "answered initialize and {} of {}, but not the next page within {}",
            plural(seen.pages_answered, "page"),
            phase.request(),
            human_secs(secs)
        )
    } else {
        format!(
            "answered initialize but not {} within {}",
            phase.request(),
            human_secs(secs)
        )
    };
    let message = format!("{message}{}", what_it_sent(&seen));
    // the process itself is gone, but no end of its output came: something
    // it started holds its stdout (the app waits on the same pipe)
    if let Some(exit) = facts.exit {
        let message = format!(
            "{message}: the process {} early on, but a process it started keeps its stdout open, \
so no end of output came",
            exit.describe()
        );
        let why = super::causes::exit_hint(facts.stderr_tail, exit.code);
        let hint = format!(
            "{why}; and whatever it starts in the background must not inherit its stdout \
(the app waits on that pipe as mcpctl did)"
        );
        return Judgement::new(Verdict::Timeout, Some(phase), message, &hint);
    }
    if seen.answered_late {
        return Judgement::new(
            Verdict::Timeout,
            Some(phase),
            format!(
                "{message}; its reply came just after that: it takes longer than {} to start",
                human_secs(secs)
            ),
            &if facts.timeout < APP_INIT_LIMIT {
                format!(
                    "mcpctl waited {}; Claude Desktop waits 60 s: try --timeout 60",
                    human_secs(secs)
                )
            } else {
                "the app waits 60 s and gives up too: make its start faster (load less before \
reading stdin; download nothing at start)"
                    .to_string()
            },
        );
    }
    if seen.ignores_id_zero {
        return Judgement::new(
            Verdict::Timeout,
            Some(phase),
            format!(
                "{message}; asked the same way with id 1 after that, it answered at once: it \
takes id 0, the id of the app's first request, for no id at all"
            ),
            "id 0 is falsy: tell a request from a notification by whether it has an id \
(`\"id\" in msg`, in JavaScript as in Python), not by `if (!msg.id)` or `if not msg.get(\"id\")`; \
the app always sends initialize with id 0",
        );
    }
    let mut hint = if seen.unanswered > 0 {
        format!(
            "it sent requests of its own before replying, and mcpctl answers {} per launch (its \
writes stay bounded): {} went unanswered. If the server waits for those answers, the timeout is \
mcpctl's limit, not the app's; a server should not need that many answers before it replies",
            super::handshake::MAX_ANSWERS,
            seen.unanswered
        )
    } else if stuck_line(&seen) {
        "each message must end with a newline, and stay under 10 MiB: the app waits for the \
newline as mcpctl did; write logs and data to stderr or to a file"
            .to_string()
    } else if !seen.is_quiet() {
        "it talks but never answers: it must reply to each request with the request's id (an \
MCP SDK does); a flood of notifications or logs on stdout delays the reply too"
            .to_string()
    } else if matches!(
        phase,
        Phase::ToolsList | Phase::ResourcesList | Phase::PromptsList
    ) && seen.pages_answered > 0
    {
        format!(
            "it answered the first {} of {}, then not the page its nextCursor asked for: the \
cursor may be one it cannot serve, or the work behind that page blocks; the app asks the same",
            match seen.pages_answered {
                1 => "page".to_string(),
                n => format!("{n} pages"),
            },
            phase.request()
        )
    } else if matches!(
        phase,
        Phase::ToolsList | Phase::ResourcesList | Phase::PromptsList
    ) {
        // it read stdin and answered: this request is its own trouble
        format!(
            "it answered its first request, then not {}: the work behind that request blocks (a \
slow or unreachable service, a lock, a deadlock); the app waits for the same answer and gets none",
            phase.request()
        )
    } else {
        match runner(facts.command) {
            Some("npx") => NPX_SLOW.to_string(),
            Some(_) => UVX_SLOW.to_string(),
            // whether it read the request mcpctl cannot tell (its stderr,
            // shown below, may): both ways are said
            None => "it may be waiting for input, a login or the network before reading stdin, \
or the work behind initialize blocks (a slow or unreachable service, a lock); run it in a \
terminal to see what it does"
                .to_string(),
        }
    };
    if phase == Phase::Initialize && facts.timeout < APP_INIT_LIMIT {
        hint.push_str(&format!(
            " (mcpctl waited {}; Claude Desktop waits 60 s: try --timeout 60)",
            human_secs(secs)
        ));
    }
    Judgement::new(Verdict::Timeout, Some(phase), message, &hint)
}

fn non_protocol(
    phase: Option<Phase>,
    line: &str,
    kind: StdoutKind,
    node_error: Option<&str>,
    command: &str,
) -> Judgement {
    let app_error = match node_error {
        Some(e) => format!(" (Claude Desktop: {e})"),
        None => String::new(),
    };
    let python = python_launcher(command) || log_record(line) == Some(LogShape::Python);
    let (what, hint) = match kind {
        StdoutKind::DotenvBanner => (
            "a dotenv banner",
            "add \"DOTENV_CONFIG_QUIET\": \"true\" to this server's env (dotenv 17 prints the \
banner on stdout), or load dotenv with { quiet: true }",
        ),
        StdoutKind::ContentLength => (
            "LSP-style Content-Length framing (the wrong transport)",
            "MCP over stdio is one JSON message per line with no headers: this may be a \
language server, or the server needs its stdio option",
        ),
        StdoutKind::LogRecord if python => (
            "a log record",
            "Python's `logging` writes to stdout here (a handler on sys.stdout, e.g. \
`logging.basicConfig(stream=sys.stdout)`); stdout is reserved for JSON-RPC messages: log to \
stderr (`logging.basicConfig()` alone does)",
        ),
        StdoutKind::LogRecord => (
            "a log record",
            "the server's logger writes to stdout, which is reserved for JSON-RPC messages: \
point it at stderr (console.error in Node; a stderr destination in winston or pino)",
        ),
        StdoutKind::ByteOrderMark => (
            "a UTF-8 byte order mark before its JSON",
            "write stdout as UTF-8 without a BOM: in .NET `Console.OutputEncoding = new \
UTF8Encoding(false)` (Encoding.UTF8 writes the mark), in Python not `utf-8-sig`, in PowerShell 7 \
`$OutputEncoding = [System.Text.UTF8Encoding]::new($false)`",
        ),
        StdoutKind::Print => (
            "a line of text (print/console.log)",
            "stdout is reserved for JSON-RPC messages: log to stderr (console.error in Node, \
print(..., file=sys.stderr) or logging in Python)",
        ),
        StdoutKind::Other => (
            "JSON that is not a JSON-RPC 2.0 message",
            "stdout is reserved for JSON-RPC messages: write anything else to stderr",
        ),
    };
    let mut j = Judgement::new(
        Verdict::NonProtocolOutput,
        phase,
        format!("printed {what} on stdout: `{line}`{app_error}"),
        hint,
    );
    j.stdout_line = Some(line.to_string());
    j.stdout_kind = Some(kind);
    j
}

/// Whether a command starts Python (an interpreter, or a tool that runs
/// Python projects).
fn python_launcher(command: &str) -> bool {
    let stem = command_stem(command);
    stem.starts_with("python")
        || [
            "uv", "uvx", "pipx", "poetry", "pdm", "hatch", "pipenv", "conda",
        ]
        .contains(&stem.as_str())
}

/// `C:\\x\\NPX.cmd` → `npx`: the command's file name, lower case, without
/// `.cmd` or `.exe`.
fn command_stem(command: &str) -> String {
    let base = command.rsplit(['/', '\\']).next().unwrap_or(command);
    base.strip_suffix(".cmd")
        .or_else(|| base.strip_suffix(".exe"))
        .unwrap_or(base)
        .to_ascii_lowercase()
}

fn wrong_id(phase: Phase, expected: &str, got: &str, error: Option<&str>) -> Judgement {
    // an error with id null: JSON-RPC's answer to a request the server could
    // not read at all (-32700 Parse error, -32600 Invalid Request)
    if got == "null"
        && expected != "null"
        && let Some(e) = error
    {
        return Judgement::new(
            Verdict::BadReply,
            Some(phase),
            format!(
                "answered {} with JSON-RPC error {e} and id null: the reply to a request it \
could not read, so it did not take mcpctl's request (sent as the app sends it) for one",
                phase.request()
            ),
            "it may expect another framing (one JSON message per line, no Content-Length \
headers), choke on a field of the request, or mishandle id 0 (falsy in JavaScript: test \
`id === undefined`, not `!id`); its stderr may say which",
        );
    }
    let kind = |v: &str| match v.chars().next() {
        Some('"') => "a string",
        Some('-' | '0'..='9') => "a number",
        _ if v == "null" => "null",
        _ => "neither string nor number",
    };
    let message = if expected == "null" {
        format!("sent a reply with id {got} to no pending request")
    } else {
        format!(
            "replied to {} (id {expected}, {}) with id {got} ({}): not the request's id, nor \
its number (what the app's client matches a reply by), so Claude Desktop never sees this reply",
            phase.request(),
            kind(expected),
            kind(got)
        )
    };
    let hint = if expected == "0" {
        "echo the request's id unchanged, same type; id 0 is falsy in JavaScript: test \
`id === undefined`, not `!id`"
    } else {
        "echo the request's id unchanged, same type"
    };
    Judgement::new(Verdict::BadReply, Some(phase), message, hint)
}

/// The verdict for a conversation that completed: ok, or a slow start or
/// bad tool names.
pub fn judge_success(hs: &Handshake, command: &str) -> Judgement {
    let first = hs.first_reply.unwrap_or_default();
    if first > APP_INIT_LIMIT {
        let hint = match runner(command) {
            Some("npx") => NPX_SLOW,
            Some(_) => UVX_SLOW,
            None => "do slow setup after answering initialize, not before",
        };
        return Judgement::new(
            Verdict::SlowStart,
            Some(Phase::Initialize),
            format!(
                "answered initialize after {}, past Claude Desktop's fixed 60 s limit",
                human_secs(first.as_secs_f64())
            ),
            hint,
        );
    }
    if let Some(r) = &hs.client_rejects {
        let tools = hs.counts.tools.unwrap_or_default();
        return Judgement::new(
            Verdict::BadReply,
            Some(Phase::ToolsList),
            format!(
                "its tools/list result breaks the MCP SDK's tool schema: {}; Claude Desktop's \
MCP client rejects the whole listing for it, so the app gets none of the {}",
                r.why,
                plural(tools, "tool")
            ),
            r.hint,
        );
    }
    if !hs.bad_tool_names.is_empty() {
        return Judgement::new(
            Verdict::BadToolNames,
            Some(Phase::ToolsList),
            format!(
                "{} break{} the rule ^[a-zA-Z0-9_-]{{1,64}}$: {}",
                plural(hs.bad_tool_names.len(), "tool name"),
                if hs.bad_tool_names.len() == 1 {
                    "s"
                } else {
                    ""
                },
                crate::text::name_list(&hs.bad_tool_names, 10)
            ),
            "rename them (letters, digits, _ and - only, at most 64): one bad name makes \
Claude Desktop withhold the tools of every server, with an error that does not say which",
        );
    }
    if !hs.duplicate_tool_names.is_empty() {
        return Judgement::new(
            Verdict::BadToolNames,
            Some(Phase::ToolsList),
            format!(
                "two or more of its tools share a name: {}; the Claude API refuses every request \
that carries them (\"tools: Tool names must be unique.\")",
                crate::text::name_list(&hs.duplicate_tool_names, 10)
            ),
            "give each tool a name of its own (the second definition of a name is usually a \
leftover or a variant that needs a suffix)",
        );
    }
    Judgement::new(Verdict::Ok, None, ok_message(hs), "")
}

fn ok_message(hs: &Handshake) -> String {
    let parts = server_facts(
        hs.server_info.as_ref(),
        hs.protocol_version.as_deref(),
        &hs.counts,
    );
    let how = match (&hs.refused_initialize, hs.modern) {
        (Some(_), _) => {
            "refused initialize with -32022 (it speaks only 2026-07-28) and \
answered server/discover on the same connection"
        }
        (None, true) => "answered server/discover",
        (None, false) => "answered initialize",
    };
    let mut text = format!("{how}: {}", parts.join(", "));
    for e in listing_errors(hs) {
        text.push_str(&format!("; {e}"));
    }
    for n in tolerated(hs) {
        text.push_str(&format!("; {n}"));
    }
    text
}

/// What the app lets pass and other clients may not, in words: a reply
/// whose id only the app's client takes for the request's.
pub fn tolerated(hs: &Handshake) -> Vec<String> {
    let Some(first) = &hs.loose_ids.first else {
        return Vec::new();
    };
    let more = match hs.loose_ids.more {
        0 => String::new(),
        1 => " (and 1 more reply like it)".to_string(),
        n => format!(" (and {n} more replies like it)"),
    };
    vec![format!(
        "it {first}{more}, which Claude Desktop's client (the MCP TypeScript SDK) matches by \
its number, but JSON-RPC wants the id echoed exactly and other clients drop such a reply"
    )]
}

/// Each `resources/list` or `prompts/list` that failed in the app's
/// client, in words: the server stays ok, as in the app.
pub fn listing_errors(hs: &Handshake) -> Vec<String> {
    hs.listing_errors
        .iter()
        .map(|(phase, what)| {
            format!(
                "{} {what} (the app logs it and goes on with the tools)",
                phase.request()
            )
        })
        .collect()
}

/// What a server said about itself, for messages and reports:
/// `["fixture 1.0", "protocol 2025-11-25", "2 tools", "1 prompt"]`.
pub fn server_facts(
    info: Option<&ServerInfo>,
    version: Option<&str>,
    counts: &Counts,
) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(i) = info {
        // the server's own words: one line each (a newline would start a
        // line of the report)
        // (a server may send an empty version: no gap before the comma)
        let name = crate::escape::one_line(&i.name);
        parts.push(match i.version.trim() {
            "" => name.into_owned(),
            v => format!("{name} {}", crate::escape::one_line(v)),
        });
    }
    if let Some(v) = version {
        parts.push(format!("protocol {}", crate::escape::one_line(v)));
    }
    for (n, what) in [
        (counts.tools, "tool"),
        (counts.resources, "resource"),
        (counts.prompts, "prompt"),
    ] {
        if let Some(n) = n {
            parts.push(plural(n, what));
        }
    }
    parts
}

/// `command` is empty: nothing to launch.
pub fn no_command() -> Judgement {
    Judgement::new(
        Verdict::SpawnFailed,
        Some(Phase::Spawn),
        "the entry has no \"command\" to launch".into(),
        "Claude Desktop launches local commands only: add \"command\" (and \"args\"); for a \
remote server use a stdio bridge such as `npx mcp-remote URL`",
    )
}

/// The command was not found on `os`. `path` is the PATH searched (already
/// masked by the caller when it came from the entry's env), `cwd` the
/// working directory relative paths resolve from.
pub fn not_found(os: crate::platform::Os, command: &str, path: &str, cwd: &str) -> Judgement {
    use crate::paths::{Style, is_absolute};
    let absolute = is_absolute(Style::Unix, command) || is_absolute(Style::Windows, command);
    let relative = command.contains('/') || command.contains('\\');
    // quoted as a name: a tab in it (`C:\tools` written with one
    // backslash) is shown, not printed as spaces
    let shown = crate::escape::name(command);
    let command = shown.as_ref();
    let (message, hint) = if absolute {
        (
            format!("`{command}` does not exist"),
            // the lint's words for the same entry (config::lint), so the two agree
            os.missing_program_hint(),
        )
    } else if relative {
        (
            format!(
                "`{command}` does not exist (relative paths resolve from {cwd}, where the server starts)"
            ),
            "use the absolute path of the file".to_string(),
        )
    } else {
        let path = if path.is_empty() { "(empty)" } else { path };
        (
            format!("`{command}` not found on the PATH servers get: {path}"),
            format!(
                "if your terminal finds it (`{}`), set \"command\" to that absolute path: \
Claude Desktop does not use your shell's PATH; if it does not, install it first",
                match os {
                    crate::platform::Os::Windows => format!("where {command}"),
                    _ => format!("command -v {command}"),
                }
            ),
        )
    };
    Judgement::new(Verdict::CommandNotFound, Some(Phase::Spawn), message, &hint)
}

/// Why a Windows batch file given as the command cannot run
/// (`spawn::resolve`): Node's spawn refuses it without a shell.
pub const BATCH: &str = "it is a batch file, which Node's spawn refuses to start without a \
shell (spawn EINVAL, since the fix of CVE-2024-27980 in Node 18.20.2 and 20.12.2)";

/// Found but cannot be run. A folder is not made executable by chmod:
/// point at the program inside it instead.
pub fn not_executable(path: &str, why: &str) -> Judgement {
    let hint = if why == FOLDER {
        "point \"command\" at the program itself (often in the folder's `bin/`), or at its \
interpreter (e.g. python3 or node) with the script first in args"
            .to_string()
    } else if why == BATCH {
        "run it through cmd: \"command\": \"cmd\", \"args\": [\"/c\", NAME, ...] (by its bare \
name when its path has a space, with its folder on PATH); `mcpctl doctor --fix` writes it"
            .to_string()
    } else {
        format!(
            "make it executable (chmod +x {path}), or set \"command\" to its interpreter \
(e.g. python3 or node) and put the script first in args"
        )
    };
    Judgement::new(
        Verdict::NotExecutable,
        Some(Phase::Spawn),
        format!("`{path}` cannot be executed: {why}"),
        &hint,
    )
}

/// Why a folder given as the command cannot run (`spawn::resolve`).
pub const FOLDER: &str = "it is a folder";

/// Any other OS error when starting.
pub fn spawn_failed(path: &str, err: &str) -> Judgement {
    Judgement::new(
        Verdict::SpawnFailed,
        Some(Phase::Spawn),
        format!("could not start `{path}`: {err}"),
        "check that the command runs in a terminal with the same arguments",
    )
}

/// `12.0 MiB (12582913 bytes)`: exact, since a line just over the limit
/// would otherwise read as "10.0 MiB is over 10 MiB".
fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    match n {
        0..KIB => crate::text::plural(n as usize, "byte"),
        KIB..0x10_0000 => format!("{:.1} KiB ({n} bytes)", n as f64 / KIB as f64),
        _ => format!("{:.1} MiB ({n} bytes)", n as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::framing::RpcError;
    use serde_json::json;

    #[test]
    fn a_server_s_facts_leave_out_an_empty_version() {
        let counts = Counts {
            tools: Some(1),
            ..Counts::default()
        };
        let info = |version: &str| ServerInfo {
            name: "fm".into(),
            version: version.into(),
        };
        assert_eq!(
            server_facts(Some(&info("")), Some("2025-11-25"), &counts),
            ["fm", "protocol 2025-11-25", "1 tool"]
        );
        assert_eq!(server_facts(Some(&info("1.2")), None, &counts)[0], "fm 1.2");
    }

    fn facts<'a>(command: &'a str, exit: Option<&'a ExitInfo>, tail: &'a [String]) -> Facts<'a> {
        Facts {
            command,
            timeout: Duration::from_secs(3),
            exit,
            stderr_tail: tail,
        }
    }

    /// A line cut where the last read stopped, amid a flood of whole
    /// messages, is not blamed on a missing newline; a line that is all
    /// Requests mcpctl stopped answering are its limit, said as such.
    #[test]
    fn requests_mcpctl_left_unanswered_are_not_blamed_on_the_server() {
        let f = facts("server", None, &[]);
        let j = timed_out(
            Phase::Initialize,
            Seen {
                requests: 100,
                unanswered: 36,
                ..Seen::default()
            },
            &f,
        );
        let hint = j.hint.unwrap_or_default();
        assert!(hint.contains("36 went unanswered"), "{hint}");
        assert!(!hint.starts_with("it talks but never answers"), "{hint}");
    }

    /// stdout carried, or a long one, is.
    #[test]
    fn an_unfinished_line_is_named_only_when_it_is_the_story() {
        let f = facts("server", None, &[]);
        let timeout = |seen: Seen| timed_out(Phase::Initialize, seen, &f);
        let flood = timeout(Seen {
            notifications: 890_311,
            requests: 0,
            partial_line: 4,
            ..Seen::default()
        });
        assert!(
            flood
                .message
                .ends_with("; it sent 890311 notifications instead"),
            "{}",
            flood.message
        );
        let hint = flood.hint.unwrap_or_default();
        assert!(hint.starts_with("it talks but never answers"), "{hint}");
        let alone = timeout(Seen {
            partial_line: 149,
            ..Seen::default()
        });
        assert!(
            alone
                .message
                .ends_with("; it was writing one stdout line of 149 bytes with no newline yet"),
            "{}",
            alone.message
        );
        let hint = alone.hint.unwrap_or_default();
        assert!(
            hint.starts_with("each message must end with a newline"),
            "{hint}"
        );
        let long = timeout(Seen {
            notifications: 2,
            requests: 0,
            partial_line: 2 * 1024 * 1024,
            ..Seen::default()
        });
        assert!(
            long.message
                .contains("one stdout line of 2.0 MiB (2097152 bytes)"),
            "{}",
            long.message
        );
        assert_eq!(human_bytes(1536), "1.5 KiB (1536 bytes)");
    }

    #[test]
    fn a_missing_command_is_explained_by_its_shape() {
        use crate::platform::Os::{Linux, Windows};
        let abs = not_found(Linux, "/nope/server", "/usr/bin", "/");
        assert_eq!(abs.message, "`/nope/server` does not exist");
        assert_eq!(
            abs.hint.as_deref(),
            Some("check the path (run `ls -l` on it), or reinstall the program")
        );
        let win = not_found(Windows, r"C:\tools\server.exe", "", r"C:\");
        assert_eq!(win.message, r"`C:\tools\server.exe` does not exist");
        assert_eq!(
            win.hint.as_deref(),
            Some("check the path (run `dir` on it), or reinstall the program")
        );
        let rel = not_found(Linux, "./build/index.js", "/usr/bin", "/");
        assert!(
            rel.message.contains("relative paths resolve from /"),
            "{}",
            rel.message
        );
        assert_eq!(
            rel.hint.as_deref(),
            Some("use the absolute path of the file")
        );
        let bare = not_found(Linux, "npx", "/usr/bin", "/");
        assert!(
            bare.message
                .contains("not found on the PATH servers get: /usr/bin")
        );
    }

    #[test]
    fn every_verdict_is_documented_once_and_matches_its_json() {
        let doc = include_str!("../../docs/json/test-launch.md");
        let table = doc.split("## Verdicts").nth(1).unwrap_or_default();
        let mut seen = std::collections::BTreeSet::new();
        for v in Verdict::ALL {
            assert!(seen.insert(v.as_str()), "{} listed twice", v.as_str());
            assert!(
                table.contains(&format!("| `{}` |", v.as_str())),
                "docs/json/test-launch.md#verdicts lacks {}",
                v.as_str()
            );
            assert_eq!(serde_json::to_value(v).ok(), Some(json!(v.as_str())));
        }
        let rows = table
            .lines()
            .take_while(|l| !l.starts_with("Known"))
            .filter(|l| l.starts_with("| `"))
            .count();
        assert_eq!(
            rows,
            Verdict::ALL.len(),
            "a documented verdict mcpctl does not have"
        );
    }

    #[test]
    fn verdict_words_match_the_contract() {
        assert_eq!(
            serde_json::to_value(Verdict::NonProtocolOutput).ok(),
            Some(json!("non-protocol-output"))
        );
        assert_eq!(
            serde_json::to_value(Phase::ToolsList).ok(),
            Some(json!("tools/list"))
        );
        for v in [Verdict::Ok, Verdict::JsonrpcError, Verdict::SlowStart] {
            assert_eq!(serde_json::to_value(v).ok(), Some(json!(v.as_str())));
        }
    }

    #[test]
    fn a_timeout_on_a_later_page_says_which() {
        let j = judge_failure(
            &Failure::TimedOut {
                phase: Phase::ToolsList,
                seen: Seen {
                    pages_answered: 2,
                    ..Seen::default()
                },
            },
            &facts("node", None, &[]),
        );
        assert_eq!(
            j.message,
            "answered initialize and 2 pages of tools/list, but not the next page within 3 s"
        );
        let hint = j.hint.unwrap_or_default();
        assert!(hint.starts_with("it answered the first 2 pages"), "{hint}");
    }

    #[test]
    fn a_timeout_of_npx_mentions_downloads_and_the_app_limit() {
        let j = judge_failure(
            &Failure::TimedOut {
                phase: Phase::Initialize,
                seen: Seen::default(),
            },
            &facts("npx", None, &[]),
        );
        assert_eq!(j.verdict, Verdict::Timeout);
        assert_eq!(j.message, "no reply to initialize within 3 s");
        let hint = j.hint.unwrap_or_default();
        assert!(hint.contains("downloads"), "{hint}");
        assert!(hint.contains("--timeout 60"), "{hint}");
    }

    /// A server that died during tools/call while a child of its holds
    /// stdout: said, not "the tool may need longer".
    #[test]
    fn a_call_timeout_after_the_server_died_says_so() {
        let exit = ExitInfo {
            code: Some(5),
            signal: None,
        };
        let j = timed_out(
            Phase::ToolsCall,
            Seen::default(),
            &facts("srv", Some(&exit), &[]),
        );
        assert!(
            j.message
                .ends_with("the server exited with code 5 during the call, but a process it started keeps its stdout open, so no end of output came"),
            "{}",
            j.message
        );
        assert!(!j.hint.unwrap_or_default().contains("need longer"));
    }

    #[test]
    fn an_early_exit_quotes_stderr_and_hints_from_it() {
        let exit = ExitInfo {
            code: Some(1),
            signal: None,
        };
        let tail = vec![
            "Traceback".to_string(),
            "ModuleNotFoundError: No module named 'mcp'".into(),
        ];
        let j = judge_failure(
            &Failure::Closed {
                phase: Phase::Initialize,
            },
            &facts("python3", Some(&exit), &tail),
        );
        assert_eq!(j.verdict, Verdict::ExitedEarly);
        assert!(
            j.message
                .starts_with("exited with code 1 before answering initialize")
        );
        assert!(j.message.contains("No module named 'mcp'"));
        assert!(j.hint.unwrap_or_default().contains("venv"));
    }

    #[test]
    fn an_exit_without_error_or_stderr_does_not_point_at_stderr() {
        let closed = Failure::Closed {
            phase: Phase::Initialize,
        };
        let zero = ExitInfo {
            code: Some(0),
            signal: None,
        };
        let j = judge_failure(&closed, &facts("some-cli", Some(&zero), &[]));
        assert_eq!(
            j.message,
            "exited with code 0 before answering initialize; it wrote nothing to stderr"
        );
        let hint = j.hint.unwrap_or_default();
        assert!(hint.contains("not be an MCP server"), "{hint}");
        assert!(hint.contains("--stdio"), "{hint}");
        let two = ExitInfo {
            code: Some(2),
            signal: None,
        };
        let hint = judge_failure(&closed, &facts("x", Some(&two), &[]))
            .hint
            .unwrap_or_default();
        assert!(!hint.contains("lines are shown"), "{hint}");
        assert!(hint.contains("said nothing on stderr"), "{hint}");
    }

    #[test]
    fn the_headline_quotes_the_cause_not_the_boilerplate_after_it() {
        let exit = ExitInfo {
            code: Some(1),
            signal: None,
        };
        let tail: Vec<String> = [
            "npm error npx canceled due to missing packages and no YES option: \
[\"@modelcontextprotocol/server-memory@2026.8.31\"]",
            "npm error A complete log of this run can be found in: /h/.npm/_logs/x-debug-0.log",
        ]
        .map(String::from)
        .to_vec();
        let j = judge_failure(
            &Failure::Closed {
                phase: Phase::Initialize,
            },
            &facts("npx", Some(&exit), &tail),
        );
        assert_eq!(
            j.message,
            "exited with code 1 before answering initialize; its stderr says: npm error npx \
canceled due to missing packages and no YES option: [\"@modelcontextprotocol/server-memory@2026.8.31\"]"
        );
        assert!(j.hint.unwrap_or_default().contains("add \"-y\""));
    }

    #[test]
    fn a_python_log_record_on_stdout_blames_logging() {
        let record = "2026-09-01 10:00:00,123 - weather - INFO - starting";
        let j = judge_failure(
            &Failure::NonProtocol {
                phase: Phase::Initialize,
                line: record.into(),
                kind: StdoutKind::LogRecord,
                node_error: crate::probe::node_json::parse_error(record),
            },
            &facts("/opt/weather/bin/weather-mcp", None, &[]),
        );
        assert_eq!(
            j.message,
            "printed a log record on stdout: `2026-09-01 10:00:00,123 - weather - INFO - \
starting` (Claude Desktop: Unexpected non-whitespace character after JSON at position 4 (line 1 \
column 5))"
        );
        assert!(j.hint.unwrap_or_default().contains("Python's `logging`"));
        // The same record shape from a Node server's logger: not Python's.
        let node = "[INFO] listening";
        let j = judge_failure(
            &Failure::NonProtocol {
                phase: Phase::Initialize,
                line: node.into(),
                kind: StdoutKind::LogRecord,
                node_error: None,
            },
            &facts("node", None, &[]),
        );
        assert!(j.hint.unwrap_or_default().contains("console.error"));
        assert!(python_launcher("C:\\Python312\\python.exe") && python_launcher("uvx"));
        assert!(!python_launcher("npx"));
    }

    #[test]
    fn an_oversized_reply_is_quoted_and_measured_exactly() {
        let j = judge_failure(
            &Failure::TooLong {
                phase: Phase::ToolsList,
                len: 10 * 1024 * 1024 + 1,
                head: r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[…"#.into(),
            },
            &facts("x", None, &[]),
        );
        assert_eq!(j.verdict, Verdict::BadReply);
        assert!(
            j.message.starts_with(
                "a stdout line of 10.0 MiB (10485761 bytes) while waiting for \
tools/list is over the 10 MiB (10485760 bytes)"
            ),
            "{}",
            j.message
        );
        assert_eq!(
            j.stdout_line.as_deref(),
            Some(r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[…"#)
        );
        assert_eq!(j.stdout_kind, Some(StdoutKind::Other));
    }

    /// A server that answered and then stalls on a listing read its
    /// stdin: the hint says so, not "waiting for input".
    #[test]
    fn a_stall_after_the_first_answer_is_not_blamed_on_stdin() {
        let facts = facts("/opt/srv", None, &[]);
        let j = timed_out(Phase::ToolsList, Seen::default(), &facts);
        assert!(
            j.message
                .starts_with("answered initialize but not tools/list"),
            "{}",
            j.message
        );
        let hint = j.hint.unwrap_or_default();
        assert!(
            hint.starts_with("it answered its first request, then not tools/list"),
            "{hint}"
        );
        assert!(!hint.contains("stdin"), "{hint}");
        let j = timed_out(Phase::Initialize, Seen::default(), &facts);
        assert!(j.hint.unwrap_or_default().contains("before reading stdin"));
    }

    #[test]
    fn sub_second_timeouts_are_said_in_milliseconds() {
        assert_eq!(human_secs(0.0001), "0.1 ms");
        assert_eq!(human_secs(0.04), "40 ms");
        assert_eq!(human_secs(2.0), "2 s");
        assert_eq!(human_secs(2.5), "2.5 s");
    }

    #[test]
    fn a_dotenv_banner_hints_the_quiet_variable() {
        let j = judge_failure(
            &Failure::NonProtocol {
                phase: Phase::Initialize,
                line: "[dotenv@17.2.1] injecting env".into(),
                kind: StdoutKind::DotenvBanner,
                node_error: Some(
                    "Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON".into(),
                ),
            },
            &facts("node", None, &[]),
        );
        assert_eq!(j.verdict, Verdict::NonProtocolOutput);
        assert!(j.hint.unwrap_or_default().contains("DOTENV_CONFIG_QUIET"));
        assert!(
            j.message.ends_with(
                "(Claude Desktop: Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON)"
            ),
            "{}",
            j.message
        );
        assert_eq!(j.stdout_kind, Some(StdoutKind::DotenvBanner));
    }

    /// An error with id null is a server that could not read the request:
    /// said with the error, not as a mismatched id.
    #[test]
    fn a_parse_error_with_id_null_says_the_request_was_not_read() {
        let j = judge_failure(
            &Failure::WrongId {
                phase: Phase::Initialize,
                expected: "0".into(),
                got: "null".into(),
                error: Some("-32700: Parse error".into()),
            },
            &facts("x", None, &[]),
        );
        assert_eq!(j.verdict, Verdict::BadReply);
        assert!(
            j.message.starts_with(
                "answered initialize with JSON-RPC error -32700: Parse error and id null"
            ),
            "{}",
            j.message
        );
    }

    #[test]
    fn a_string_zero_id_is_explained() {
        let j = judge_failure(
            &Failure::WrongId {
                phase: Phase::Initialize,
                expected: "0".into(),
                got: "\"0\"".into(),
                error: None,
            },
            &facts("x", None, &[]),
        );
        assert_eq!(j.verdict, Verdict::BadReply);
        assert!(j.message.contains("id \"0\" (a string)"), "{}", j.message);
    }

    #[test]
    fn only_modern_names_the_era() {
        let j = judge_failure(
            &Failure::OnlyModern {
                supported: vec!["2026-07-28".into()],
                after: Box::new(Failure::Closed {
                    phase: Phase::Discover,
                }),
            },
            &facts("x", None, &[]),
        );
        assert_eq!(j.verdict, Verdict::IncompatibleVersion);
        assert!(
            j.message
                .contains("-32022 (supported: 2026-07-28), and server/discover"),
            "{}",
            j.message
        );
        assert!(
            j.message
                .contains("(exited before answering server/discover)")
        );
        let e = judge_failure(
            &Failure::RpcError {
                phase: Phase::ToolsList,
                error: Box::new(RpcError {
                    code: -32603,
                    message: "boom".into(),
                    data: None,
                }),
            },
            &facts("x", None, &[]),
        );
        assert_eq!(
            e.message,
            "answered tools/list with JSON-RPC error -32603: boom"
        );
    }

    #[test]
    fn success_is_ok_unless_slow_or_badly_named() {
        let mut hs = Handshake {
            first_reply: Some(Duration::from_millis(300)),
            ..Handshake::default()
        };
        assert_eq!(judge_success(&hs, "x").verdict, Verdict::Ok);
        hs.bad_tool_names = vec!["a.b".into()];
        let j = judge_success(&hs, "x");
        assert_eq!(j.verdict, Verdict::BadToolNames);
        assert!(j.message.contains("`a.b`"));
        hs.bad_tool_names.clear();
        hs.duplicate_tool_names = vec!["echo".into()];
        let j = judge_success(&hs, "x");
        assert_eq!(j.verdict, Verdict::BadToolNames);
        assert!(j.message.contains("share a name: `echo`"), "{}", j.message);
        hs.first_reply = Some(Duration::from_secs(61));
        assert_eq!(judge_success(&hs, "uvx").verdict, Verdict::SlowStart);
    }
}
