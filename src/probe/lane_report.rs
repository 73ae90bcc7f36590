//! One lane's verdict and what led to it ([`LaneReport`], the objects of a
//! server's `lanes` in docs/json/test-launch.md), and the words of the
//! verdicts only lanes have: a tool refused for its schema, an era probe
//! whose sibling died, a copy that fails only beside another (the cause
//! read from its stderr). The app's own message is quoted where it has
//! one (field notes, "The app in late 2026"). Pure: facts in, reports out.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::era::{EraVerdict, last_stderr_line};
use super::handshake::{Client, Counts, Handshake, Phase};
use super::lanes::{
    APP_CONNECTION_CLOSED, APP_TIMED_OUT, Dialect, ERA_PROBE_CLOSED, Lane, SchemaField,
};
use super::schemas::{self, Problem, SchemaFinding};
use super::verdict::{ExitInfo, Judgement, Verdict};
use std::time::Duration;

use crate::text::{human_secs, plural};

/// Who mcpctl was to the lane's copy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClientJson {
    pub name: String,
    pub version: String,
    pub roots: bool,
}

impl From<&Client> for ClientJson {
    fn from(c: &Client) -> ClientJson {
        ClientJson {
            name: c.name.clone(),
            version: c.version.clone(),
            roots: c.roots,
        }
    }
}

/// Which copy of a server failed beside the chat copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    /// The era probe's throw-away sibling.
    EraProbe,
    /// The lane's own copy.
    LaneCopy,
}

/// Which copy failed beside the chat copy, why, and how it did alone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SecondCopy {
    pub copy: Which,
    /// What its stderr says: `address in use`, `lock held`,
    /// `another instance running`; `null` when not recognised.
    pub cause: Option<&'static str>,
    /// The stderr line that says it.
    pub line: Option<String>,
    /// Its verdict with no other copy running: launched again alone, or
    /// the same copy once mcpctl stopped the others (`waited_ms`); `null`
    /// when the cause was recognised and it was not launched again.
    pub alone: Option<Verdict>,
    /// How long the lane's own copy said nothing beside the running chat
    /// copy before mcpctl stopped the other copies, after which it
    /// answered; `null` when that is not how it was found.
    pub waited_ms: Option<u64>,
}

/// One lane's outcome for one server.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LaneReport {
    /// The key of this report in `lanes`.
    #[serde(skip)]
    pub lane: Lane,
    pub ok: bool,
    pub verdict: Verdict,
    pub message: String,
    pub hint: Option<String>,
    pub phase: Option<Phase>,
    /// The clientInfo (and `roots`) the lane's copy was given.
    pub client: ClientJson,
    /// The era probe's verdict (`null` when it did not run).
    pub era: Option<EraVerdict>,
    /// How the lane's copy was spoken to: `initialize` or
    /// `server/discover`; `null` when it was not.
    pub via: Option<&'static str>,
    pub protocol_version: Option<String>,
    pub counts: Counts,
    /// Problems with tool schemas, as this lane sees them.
    pub tool_schemas: Vec<SchemaFinding>,
    /// Its own copy's stderr when the lane fails (the chat lane's is the
    /// server's `stderr_tail`).
    pub stderr_tail: Vec<String>,
    pub exit: Option<ExitInfo>,
    pub second_copy: Option<SecondCopy>,
    /// How long this lane's own run took (its time in JUnit, docs/ci.md):
    /// the chat lane's, its copy's launch to its last reply
    /// (`timings_ms.total`); the cowork lane's, the era probe's sibling
    /// from its launch to its last reply, its own copy's conversation when
    /// it had one, and the launch alone that tells a second-copy failure.
    /// `None`: no run of its own (judged on another lane's conversation,
    /// as a remote server's other lanes are).
    #[serde(skip)]
    pub elapsed: Option<Duration>,
}

impl LaneReport {
    /// The report, with how long its run took.
    pub fn took(mut self, elapsed: Option<Duration>) -> LaneReport {
        self.elapsed = elapsed;
        self
    }
}

/// A server's lanes: serialised as an object keyed by lane (`"chat"`,
/// `"cowork"`), holding only the lanes checked.
#[derive(Debug, Clone, Default)]
pub struct LaneReports(pub Vec<LaneReport>);

impl LaneReports {
    pub fn get(&self, lane: Lane) -> Option<&LaneReport> {
        self.0.iter().find(|r| r.lane == lane)
    }

    pub fn all_ok(&self) -> bool {
        self.0.iter().all(|r| r.ok)
    }
}

impl Serialize for LaneReports {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for r in &self.0 {
            map.serialize_entry(r.lane.as_str(), r)?;
        }
        map.end()
    }
}

/// What one lane's copy did, for [`from_copy`].
#[derive(Debug, Clone, Copy)]
pub struct Copy<'a> {
    pub lane: Lane,
    pub client: &'a Client,
    pub judgement: &'a Judgement,
    /// `None` when the process never started.
    pub handshake: Option<&'a Handshake>,
    pub exit: Option<&'a ExitInfo>,
    pub stderr_tail: &'a [String],
}

/// The lane's report from its own copy: the launch verdict, then the tool
/// schemas the lane refuses (a copy that answered but serves refused tools
/// fails with `bad-tool-schema`).
pub fn from_copy(c: Copy, era: Option<EraVerdict>) -> LaneReport {
    let hs = c.handshake;
    let tool_schemas = hs
        .filter(|h| h.failure.is_none())
        .map(|h| schemas::check(c.lane, &h.tool_defs))
        .unwrap_or_default();
    let mut j = c.judgement.clone();
    if j.verdict.is_ok()
        && let Some(h) = hs
        && let Some(words) = refused_words(&tool_schemas, h.tool_defs.len())
    {
        j = Judgement {
            verdict: Verdict::BadToolSchema,
            phase: Some(Phase::ToolsList),
            message: words.0,
            hint: Some(words.1),
            stdout_line: None,
            stdout_kind: None,
        };
    }
    let ok = j.verdict.is_ok();
    let app = c.lane.profile().app_failure;
    let mut message = j.message.clone();
    if !ok && !app.is_empty() {
        let reason = match j.verdict {
            Verdict::ExitedEarly => Some(APP_CONNECTION_CLOSED),
            Verdict::Timeout => Some(APP_TIMED_OUT),
            _ => None,
        };
        if let Some(r) = reason {
            message.push_str(&format!(" (the app: \"{app}: {r}\")"));
        }
    }
    LaneReport {
        lane: c.lane,
        ok,
        verdict: j.verdict,
        message,
        hint: j.hint,
        phase: j.phase,
        client: c.client.into(),
        era,
        via: hs.filter(|h| h.first_reply.is_some()).map(|h| {
            if h.modern && h.refused_initialize.is_none() {
                "server/discover"
            } else if h.modern {
                "initialize, then server/discover"
            } else {
                "initialize"
            }
        }),
        protocol_version: hs.and_then(|h| h.protocol_version.clone()),
        counts: hs.map(|h| h.counts).unwrap_or_default(),
        tool_schemas,
        // a copy that answered has nothing to say on stderr about its tools
        stderr_tail: if c.judgement.verdict.is_ok() {
            Vec::new()
        } else {
            c.stderr_tail.to_vec()
        },
        exit: c.exit.cloned(),
        second_copy: None,
        elapsed: None,
    }
}

/// A lane that needs the era probe, whose sibling closed the connection
/// during it (the lane's own copy is then never started).
pub fn era_probe_failed(
    lane: Lane,
    client: &Client,
    era: EraVerdict,
    exit: Option<&ExitInfo>,
    stderr_tail: &[String],
) -> LaneReport {
    let app = lane.profile().app_failure;
    LaneReport {
        lane,
        ok: false,
        verdict: Verdict::EraProbeFailed,
        message: format!(
            "the era probe's {} (the app: \"{app}: {ERA_PROBE_CLOSED}\")",
            era.detail.trim_start_matches("the ")
        ),
        hint: Some(
            "the app first starts a throw-away copy whose first request is server/discover: \
the server must survive it (answer it, or refuse it with a JSON-RPC error such as -32601 \
Method not found) instead of exiting; servers on old releases of rmcp (the Rust SDK) exit on \
any request before initialize: update the server's MCP SDK"
                .into(),
        ),
        phase: Some(Phase::Discover),
        client: client.into(),
        era: Some(era),
        via: None,
        protocol_version: None,
        counts: Counts::default(),
        tool_schemas: Vec::new(),
        stderr_tail: stderr_tail.to_vec(),
        exit: exit.cloned(),
        second_copy: None,
        elapsed: None,
    }
}

/// The lane failed only beside the chat copy: `base` (its report as it
/// failed: the sibling's `era-probe-failed`, or its own copy's verdict)
/// restated as `concurrent-copy`, with the cause.
pub fn concurrent_copy(mut base: LaneReport, second: SecondCopy) -> LaneReport {
    let cause = match (second.cause, &second.line) {
        // the message quotes the line already (its last stderr line)
        (Some(c), Some(l)) if base.message.contains(l.as_str()) => c.to_string(),
        (Some(c), Some(l)) => format!("{c}: `{l}`"),
        _ if second.waited_ms.is_some() => {
            "it waits, without a word, for something the chat copy holds".to_string()
        }
        _ if second.alone.is_some_and(Verdict::is_ok) => {
            "its stderr does not say why; launched again with no other copy running, it works"
                .to_string()
        }
        _ => "its stderr does not say why".to_string(),
    };
    let what = match second.copy {
        Which::EraProbe => "",
        Which::LaneCopy => "its own copy ",
    };
    base.message = format!(
        "a second copy fails while the chat copy is running ({cause}): {what}{}",
        base.message
    );
    base.hint = Some(second_copy_hint(second.cause));
    base.verdict = Verdict::ConcurrentCopy;
    base.ok = false;
    base.second_copy = Some(second);
    base
}

/// The lane's own copy said nothing for `silent` beside the running chat
/// copy and answered `answered_in` after mcpctl stopped the other copies
/// (`base` is its report, a success): in the app, where the chat copy
/// keeps running, it waits until the app gives up. `concurrent-copy`.
pub fn waited_beside_chat(
    mut base: LaneReport,
    silent: Duration,
    answered_in: Duration,
) -> LaneReport {
    let first = base.via.unwrap_or("initialize");
    let app = base.lane.profile().app_failure;
    base.message = format!(
        "said nothing for {} beside the chat copy, and answered {first} {} after mcpctl \
stopped the chat copy; the app keeps the chat copy running, so there this copy waits until the \
app gives up (the app: \"{app}: {APP_TIMED_OUT}\")",
        human_secs(silent.as_secs_f64()),
        human_secs(answered_in.as_secs_f64()),
    );
    base.phase = Some(if first == "server/discover" {
        Phase::Discover
    } else {
        Phase::Initialize
    });
    let second = SecondCopy {
        copy: Which::LaneCopy,
        cause: None,
        line: None,
        alone: Some(Verdict::Ok),
        waited_ms: Some(u64::try_from(silent.as_millis()).unwrap_or(u64::MAX)),
    };
    concurrent_copy(base, second)
}

fn second_copy_hint(cause: Option<&str>) -> String {
    let what = match cause {
        Some(ADDRESS_IN_USE) => {
            "both copies listen on the same port: make the port configurable per copy (an \
argument or an env variable), or let the server take a free one (port 0)"
        }
        Some(LOCK_HELD) => {
            "both copies take the same lock (a lock file, a database opened exclusively): \
make its path configurable per copy (an argument or an env variable), or open it shared"
        }
        Some(_) => {
            "the server refuses to run twice: let each copy run on its own (a per-copy port, \
lock or data folder)"
        }
        None => {
            "make whatever a copy holds exclusively (a port, a lock file, a database) \
configurable per copy (an argument or an env variable)"
        }
    };
    format!(
        "the app runs a second copy for Cowork and Code sessions while the chat copy runs: \
{what}"
    )
}

/// Causes recognised in a failing copy's stderr.
pub const ADDRESS_IN_USE: &str = "address in use";
pub const LOCK_HELD: &str = "lock held";
pub const ANOTHER_INSTANCE: &str = "another instance running";

/// Words in stderr that say why a second copy failed, lower-case
/// (Node's EADDRINUSE, the OS's own words on Linux, macOS and Windows,
/// SQLite, LevelDB and lock-file libraries).
const CAUSES: &[(&str, &[&str])] = &[
    (
        ADDRESS_IN_USE,
        &[
            "eaddrinuse",
            "address already in use",
            "address in use",
            "only one usage of each socket address",
            "port is already allocated",
            "port already in use",
        ],
    ),
    (
        LOCK_HELD,
        &[
            "database is locked",
            "sqlite_busy",
            "lock held",
            "could not acquire lock",
            "unable to acquire lock",
            "failed to acquire lock",
            "already locked",
            "is locked by another",
            "elocked",
            "lock file",
            "lockfile",
            "/lock: resource temporarily unavailable",
        ],
    ),
    (ANOTHER_INSTANCE, &["already running", "another instance"]),
];

/// Why a copy failed beside another, read from its stderr: the cause and
/// the (last) line that says it.
pub fn second_copy_cause(stderr_tail: &[String]) -> Option<(&'static str, String)> {
    for line in stderr_tail.iter().rev() {
        let lower = line.to_lowercase();
        for (cause, words) in CAUSES {
            if words.iter().any(|w| lower.contains(w)) {
                let shown = last_stderr_line(std::slice::from_ref(line)).unwrap_or_default();
                return Some((cause, shown));
            }
        }
    }
    None
}

/// The message and hint of `bad-tool-schema` when the lane refuses some
/// tools (`None` when it refuses none).
fn refused_words(findings: &[SchemaFinding], tools: usize) -> Option<(String, String)> {
    let refused: Vec<&SchemaFinding> = findings.iter().filter(|f| f.refused).collect();
    if refused.is_empty() {
        return None;
    }
    let mut tools_refused: Vec<&str> = refused.iter().map(|f| f.tool.as_str()).collect();
    tools_refused.dedup();
    // one group per kind of problem, in the order first seen
    let mut groups: Vec<(Group, Vec<&str>)> = Vec::new();
    for f in &refused {
        let g = Group::of(f);
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, names)) => {
                if !names.contains(&f.tool.as_str()) {
                    names.push(&f.tool);
                }
            }
            None => groups.push((g, vec![&f.tool])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(g, names)| {
            format!(
                "{} {} ({})",
                names.len(),
                g.words(names.len()),
                crate::text::name_list(names, 5)
            )
        })
        .collect();
    let mut message = format!(
        "{} of {} would be refused when called: {}",
        tools_refused.len(),
        plural(tools, "tool"),
        parts.join("; ")
    );
    if let Some(f) = refused
        .iter()
        .find(|f| f.problem == Problem::UnsupportedDialect)
        && let Some((_, says)) = f.message.split_once(": \"")
    {
        message.push_str(&format!(" (the app: \"{says})"));
    }
    let mut yours: Vec<&str> = Vec::new();
    let mut authors: Vec<&str> = Vec::new();
    for (g, _) in &groups {
        let (user, author) = g.hint();
        for (list, h) in [(&mut yours, user), (&mut authors, Some(author))] {
            if let Some(h) = h
                && !list.contains(&h)
            {
                list.push(h);
            }
        }
    }
    let hint = if yours.is_empty() {
        authors.join("; ")
    } else {
        format!(
            "{}. For its author: {}",
            yours.join("; "),
            authors.join("; ")
        )
    };
    Some((message, hint))
}

/// What a user of the server can do about a declared dialect the lane
/// refuses: nothing in the config (the server sends the schemas).
const DIALECT_USER_HINT: &str = "nothing to change in your config: chat accepts these tools, but \
Cowork and Code sessions refuse them; update the server to a version that emits JSON Schema \
2020-12, or report it to its author";

/// Longest `$schema` quoted in a message, in characters.
const QUOTED_MAX: usize = 60;

/// A kind of refusal, for grouping tools in one message.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Group {
    Dialect(SchemaField, Option<Dialect>),
    /// A `$schema` that is no string, as JSON (`5`).
    NotUri(SchemaField, String),
    NotObject,
    Invalid(SchemaField),
}

impl Group {
    fn of(f: &SchemaFinding) -> Group {
        match (f.problem, &f.declared) {
            (Problem::UnknownDialect, Some(v)) if !v.is_string() => {
                let json = v.to_string();
                let shown = match json.char_indices().nth(QUOTED_MAX) {
                    Some((i, _)) => format!("{}...", &json[..i]),
                    None => json,
                };
                Group::NotUri(f.field, shown)
            }
            (Problem::UnsupportedDialect | Problem::UnknownDialect, _) => {
                Group::Dialect(f.field, f.dialect)
            }
            (Problem::NotAnObjectSchema, _) => Group::NotObject,
            (Problem::InvalidSchema, _) => Group::Invalid(f.field),
        }
    }

    fn words(&self, n: usize) -> String {
        let (verb, have) = if n == 1 {
            ("declares", "has")
        } else {
            ("declare", "have")
        };
        match self {
            Group::Dialect(field, Some(d)) => {
                format!("{verb} {} on {}", d.as_str(), field.as_str())
            }
            Group::Dialect(field, None) => {
                format!("{verb} an unknown dialect on {}", field.as_str())
            }
            Group::NotUri(field, json) => format!(
                "{verb} \"$schema\": {json} on {}, not a dialect URI",
                field.as_str()
            ),
            Group::NotObject => format!("{have} an inputSchema that is not \"type\": \"object\""),
            Group::Invalid(field) => format!("{have} an invalid {}", field.as_str()),
        }
    }

    /// What the server's user can do, if anything, and what its author
    /// can.
    fn hint(&self) -> (Option<&'static str>, &'static str) {
        match self {
            Group::Dialect(..) => (
                Some(DIALECT_USER_HINT),
                "emit JSON Schema 2020-12, or drop \"$schema\" (a schema without one reads as \
2020-12, the MCP default): zod-to-json-schema, which v1 TypeScript SDK servers use, stamps \
draft-07 unless its `target` option says otherwise",
            ),
            Group::NotUri(..) => (
                Some(DIALECT_USER_HINT),
                "drop \"$schema\" (a schema without one reads as 2020-12, the MCP default), or \
make it the string \"https://json-schema.org/draft/2020-12/schema\"",
            ),
            Group::NotObject => (
                None,
                "give every tool an inputSchema with \"type\": \"object\", even one without \
arguments: {\"type\": \"object\", \"properties\": {}}",
            ),
            Group::Invalid(_) => (
                None,
                "make the schema valid against the meta-schema of the dialect it declares \
(with --json, each finding of `tool_schemas` names the place), or declare the dialect it is \
written in",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn judgement(verdict: Verdict, message: &str) -> Judgement {
        Judgement {
            verdict,
            phase: None,
            message: message.into(),
            hint: None,
            stdout_line: None,
            stdout_kind: None,
        }
    }

    fn cowork() -> Client {
        Client {
            name: "local-agent-mode-fs".into(),
            version: "1.0.0".into(),
            roots: true,
        }
    }

    /// The cowork lane's report on a copy that failed to answer.
    fn failed_copy(client: &Client, tail: &[String]) -> LaneReport {
        let j = judgement(
            Verdict::ExitedEarly,
            "exited with code 1 before answering initialize",
        );
        from_copy(
            Copy {
                lane: Lane::Cowork,
                client,
                judgement: &j,
                handshake: None,
                exit: None,
                stderr_tail: tail,
            },
            None,
        )
    }

    #[test]
    fn refused_tools_fail_the_lane_naming_dialect_field_and_tools() {
        let d7 = json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"});
        let tools: Vec<_> = (0..7)
            .map(|i| json!({"name": format!("t{i}"), "inputSchema": d7, "outputSchema": d7}))
            .collect();
        let hs = Handshake {
            tool_defs: tools,
            first_reply: Some(std::time::Duration::from_millis(5)),
            ..Handshake::default()
        };
        let ok = judgement(Verdict::Ok, "answered initialize: fs 1.0");
        let client = cowork();
        let copy = Copy {
            lane: Lane::Cowork,
            client: &client,
            judgement: &ok,
            handshake: Some(&hs),
            exit: None,
            stderr_tail: &[],
        };
        let r = from_copy(copy, None);
        assert_eq!(r.verdict, Verdict::BadToolSchema);
        assert!(!r.ok);
        assert_eq!(r.tool_schemas.len(), 7);
        assert!(
            r.message.starts_with(
                "7 of 7 tools would be refused when called: 7 declare draft-07 on outputSchema \
(`t0`, `t1`, `t2`, `t3`, `t4` and 2 more) (the app: \"Tool 't0' has an invalid outputSchema: \
JSON Schema declares an unsupported dialect"
            ),
            "{}",
            r.message
        );
        // what the server's user can do first, then its author
        let hint = r.hint.unwrap_or_default();
        assert!(
            hint.starts_with(
                "nothing to change in your config: chat accepts these tools, but Cowork and \
Code sessions refuse them; update the server to a version that emits JSON Schema 2020-12, or \
report it to its author. For its author: emit JSON Schema 2020-12, or drop \"$schema\""
            ),
            "{hint}"
        );
        assert_eq!(r.via, Some("initialize"));
        let chat = from_copy(
            Copy {
                lane: Lane::Chat,
                ..copy
            },
            None,
        );
        assert!(chat.ok, "chat keeps 2025's rules: {}", chat.message);
    }

    /// The lane's report on a copy that listed `tools`.
    fn listed(tools: Vec<serde_json::Value>) -> LaneReport {
        let hs = Handshake {
            tool_defs: tools,
            first_reply: Some(std::time::Duration::from_millis(5)),
            ..Handshake::default()
        };
        let ok = judgement(Verdict::Ok, "answered initialize: fs 1.0");
        let client = cowork();
        from_copy(
            Copy {
                lane: Lane::Cowork,
                client: &client,
                judgement: &ok,
                handshake: Some(&hs),
                exit: None,
                stderr_tail: &[],
            },
            None,
        )
    }

    #[test]
    fn a_schema_that_is_no_string_is_quoted_as_json() {
        let five = json!({"$schema": 5, "type": "object"});
        let tools = ["a", "b"]
            .map(|n| json!({"name": n, "inputSchema": {"type": "object"}, "outputSchema": five}));
        let r = listed(tools.to_vec());
        assert_eq!(r.verdict, Verdict::BadToolSchema);
        assert_eq!(
            r.message,
            "2 of 2 tools would be refused when called: 2 declare \"$schema\": 5 on \
outputSchema, not a dialect URI (`a`, `b`)"
        );
        let hint = r.hint.unwrap_or_default();
        assert!(
            hint.starts_with("nothing to change in your config: ")
                && hint.ends_with(
                    ". For its author: drop \"$schema\" (a schema without one reads as 2020-12, \
the MCP default), or make it the string \"https://json-schema.org/draft/2020-12/schema\""
                ),
            "{hint}"
        );
    }

    /// Refusals of several kinds: what the user can do once, then each
    /// thing for the author.
    #[test]
    fn the_hint_says_what_the_user_can_do_once() {
        let d7 = json!({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"});
        let d4 = json!({"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"});
        let r = listed(vec![
            json!({"name": "a", "inputSchema": {"type": "object"}, "outputSchema": d7}),
            json!({"name": "b", "inputSchema": {"type": "object"}, "outputSchema": d4}),
            json!({"name": "c", "inputSchema": {}}),
        ]);
        let hint = r.hint.unwrap_or_default();
        assert_eq!(
            hint.matches("nothing to change in your config").count(),
            1,
            "{hint}"
        );
        assert_eq!(hint.matches("For its author: ").count(), 1, "{hint}");
        assert!(
            hint.ends_with(
                "says otherwise; give every tool an inputSchema with \"type\": \"object\", \
even one without arguments: {\"type\": \"object\", \"properties\": {}}"
            ),
            "{hint}"
        );
    }

    #[test]
    fn a_failing_copy_quotes_what_the_app_says() {
        let r = failed_copy(&cowork(), &["boom".into()]);
        assert!(
            r.message.ends_with(
                "(the app: \"Couldn't start this server for Cowork and Code sessions (they run \
their own copy of it), so they can't use its tools: Connection closed\")"
            ),
            "{}",
            r.message
        );
        assert_eq!(r.stderr_tail, ["boom"]);
    }

    #[test]
    fn the_cause_of_a_second_copys_failure_is_read_from_stderr() {
        let tail = |l: &str| vec!["starting".to_string(), l.to_string()];
        for (line, cause) in [
            (
                "Error: listen EADDRINUSE: address already in use 127.0.0.1:3000",
                ADDRESS_IN_USE,
            ),
            (
                "error: cannot listen on 127.0.0.1:4000: Address already in use (os error 98)",
                ADDRESS_IN_USE,
            ),
            (
                "OSError: [WinError 10048] Only one usage of each socket address",
                ADDRESS_IN_USE,
            ),
            ("sqlite3.OperationalError: database is locked", LOCK_HELD),
            (
                "IO error: lock /data/LOCK: Resource temporarily unavailable",
                LOCK_HELD,
            ),
            ("another instance is already running", ANOTHER_INSTANCE),
        ] {
            assert_eq!(
                second_copy_cause(&tail(line)),
                Some((cause, line.to_string())),
                "{line}"
            );
        }
        assert_eq!(second_copy_cause(&tail("Traceback: KeyError")), None);
    }

    #[test]
    fn a_concurrent_copy_names_cause_and_hint() {
        let base = failed_copy(&cowork(), &[]);
        let r = concurrent_copy(
            base,
            SecondCopy {
                copy: Which::LaneCopy,
                cause: Some(ADDRESS_IN_USE),
                line: Some("EADDRINUSE 3000".into()),
                alone: None,
                waited_ms: None,
            },
        );
        assert_eq!(r.verdict, Verdict::ConcurrentCopy);
        assert!(
            r.message.starts_with(
                "a second copy fails while the chat copy is running (address in use: \
`EADDRINUSE 3000`): its own copy exited with code 1"
            ),
            "{}",
            r.message
        );
        assert!(r.hint.as_deref().unwrap_or_default().contains("same port"));
        let v = serde_json::to_value(LaneReports(vec![r])).unwrap_or_default();
        assert_eq!(v["cowork"]["verdict"], json!("concurrent-copy"));
        assert_eq!(v["cowork"]["second_copy"]["cause"], json!("address in use"));
    }

    /// A copy that answered only once mcpctl stopped the chat copy fails
    /// the lane with the app's timeout words, and says how long it waited.
    #[test]
    fn a_copy_that_answered_once_the_chat_copy_stopped_is_a_concurrent_copy() {
        let client = cowork();
        let j = judgement(Verdict::Ok, "ok");
        let hs = Handshake {
            first_reply: Some(Duration::from_millis(5004)),
            ..Handshake::default()
        };
        let base = from_copy(
            Copy {
                lane: Lane::Cowork,
                client: &client,
                judgement: &j,
                handshake: Some(&hs),
                exit: None,
                stderr_tail: &[],
            },
            None,
        );
        assert!(base.ok);
        let r = waited_beside_chat(base, Duration::from_millis(5000), Duration::from_millis(4));
        assert!(!r.ok);
        assert_eq!(r.verdict, Verdict::ConcurrentCopy);
        assert_eq!(r.phase, Some(Phase::Initialize));
        assert_eq!(
            r.message,
            "a second copy fails while the chat copy is running (it waits, without a word, for \
something the chat copy holds): its own copy said nothing for 5 s beside the chat copy, and \
answered initialize 4 ms after mcpctl stopped the chat copy; the app keeps the chat copy \
running, so there this copy waits until the app gives up (the app: \"Couldn't start this \
server for Cowork and Code sessions (they run their own copy of it), so they can't use its \
tools: Request timed out\")"
        );
        let v = serde_json::to_value(LaneReports(vec![r])).unwrap_or_default();
        assert_eq!(v["cowork"]["second_copy"]["waited_ms"], json!(5000));
        assert_eq!(v["cowork"]["second_copy"]["alone"], json!("ok"));
    }
}
