//! Remote servers over HTTP, probed directly: a url entry, the URL inside a
//! bridge entry (never the bridge itself: spawning `mcp-remote` can open a
//! browser sign-in), or `test-launch --url`. Within one budget (1 and 2 on
//! two threads at once: they are independent, and both are reported):
//!
//! 1. the 2026-07-28 era: a stateless POST of `server/discover` (with the
//!    `Mcp-Method` header and the era's `_meta`), then `tools/list`;
//! 2. Streamable HTTP `initialize` (JSON or SSE replies, `Mcp-Session-Id`),
//!    then the listings, with the very conversation stdio servers get
//!    (`handshake::run`: the same checks of ids, shapes, tool names and
//!    counts); the session is ended with a DELETE;
//! 3. when the POST found no MCP endpoint (4xx other than 401/403), the
//!    legacy HTTP+SSE transport: GET the stream, POST to its `endpoint`.
//!
//! A 401/403 is never evidence about the era: it ends the probe with the
//! authorization facts (`auth`: resource metadata, the authorization
//! server, the registration it supports), read from public metadata only.
//! Nothing here signs in or opens a browser.
//!
//! Lanes: the app's remote connectors are account-level (connected from
//! Anthropic's cloud, one connection for chat, Cowork and Code); a bridge
//! entry is started by the app once per lane like any stdio entry, each
//! copy connecting (and signing in) on its own. One probe covers both: the
//! remote server is the same, and the bridge forwards its answers
//! unchanged, so each selected lane is judged (`lanes`, with that lane's
//! client rules: the tool schemas it refuses) on the one conversation. A
//! url entry is judged as the bridge `doctor --fix` makes of it, and a
//! `--url` as a bridge entry to it would be.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::era::{self, EraVerdict};
use super::framing::truncate;
use super::handshake::{self, Discover, Failure, Handshake, Phase};
use super::lane_report::{self, LaneReport, LaneReports};
use super::lanes::{Lane, Lanes};
use super::verdict::{self, Facts, Judgement, Verdict};
use super::{ProbeReport, Timings};
use crate::text::{human_secs, plural};

pub mod auth;
pub mod client;
pub mod conn;
pub mod sse;

use client::{Client, NetError, TlsProblem};
use conn::{Legacy, Problem, Shared, Streamable};

/// Which transport to try first (what the entry says it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Streamable HTTP (both eras), then legacy SSE.
    #[default]
    Auto,
    /// Legacy SSE only (`type: "sse"`, `mcp-remote --transport sse-only`).
    Sse,
}

/// How the app reaches the server, for the words and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// `test-launch --url`.
    CommandLine,
    /// A url entry in the file (the app skips it).
    UrlEntry,
    /// A bridge entry: the package (`mcp-remote`, ...).
    Bridge(String),
}

/// One remote server to probe.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub url: String,
    /// Headers as the bridge would send them (values are secrets: never
    /// reported, only the names).
    pub headers: Vec<(String, String)>,
    pub order: Order,
    pub via: Via,
    /// The entry as written, for the report.
    pub command: String,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub setup: client::Setup,
    /// Where each CA file came from (same order as `setup.ca_files`).
    pub ca_from: Vec<String>,
    /// Notes the caller knows already (a proxy the bridge would not use).
    pub notes: Vec<String>,
    /// Only this machine (or its network) can reach the host.
    pub private_host: bool,
    /// Why the bridge exits whatever the server does (mcp-remote refusing
    /// a plain http URL, Node's fetch a URL with credentials): the app
    /// sees it exit, so the probe's verdict is `exited-early`.
    pub bridge_exits: Option<String>,
}

/// Which transport answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transport {
    StreamableHttp,
    Sse,
}

impl Transport {
    pub fn name(self) -> &'static str {
        match self {
            Transport::StreamableHttp => "Streamable HTTP",
            Transport::Sse => "the legacy HTTP+SSE transport",
        }
    }
}

/// What the HTTP probe learned beyond the stdio fields (the `remote`
/// object of docs/json/test-launch.md).
#[derive(Debug, Clone, Serialize)]
pub struct RemoteFacts {
    pub url: String,
    pub via: Via,
    /// The transport that answered (`null`: none did).
    pub transport: Option<Transport>,
    /// The eras that answered: `"2026-07-28"` (server/discover) and
    /// `"initialize"`.
    pub eras: Vec<String>,
    /// The server gave an `Mcp-Session-Id`.
    pub session: bool,
    /// `"307 → https://..."`, in order.
    pub redirects: Vec<String>,
    /// Every request made, in order.
    pub requests: Vec<conn::Request>,
    /// Names of the headers sent (values never shown).
    pub headers: Vec<String>,
    /// The proxy used (credentials masked).
    pub proxy: Option<String>,
    /// Extra CA files used, with the variable that named them.
    pub ca_files: Vec<String>,
    pub tls: Option<TlsProblem>,
    pub auth: Option<auth::AuthFacts>,
    pub notes: Vec<String>,
}

impl RemoteFacts {
    /// Nothing learned yet about `t` (only where it is and how it was found).
    fn blank(t: &Target) -> RemoteFacts {
        RemoteFacts {
            url: t.url.clone(),
            via: t.via.clone(),
            transport: None,
            eras: Vec::new(),
            session: false,
            redirects: Vec::new(),
            requests: Vec::new(),
            headers: Vec::new(),
            proxy: None,
            ca_files: Vec::new(),
            tls: None,
            auth: None,
            notes: Vec::new(),
        }
    }
}

/// The part of the budget the 2026-07-28 attempt may use: servers of the
/// initialize era answer it at once (an error), but one that never
/// answers must not eat the whole `--timeout`.
fn modern_budget(timeout: Duration) -> Duration {
    (timeout / 3).clamp(
        Duration::from_millis(300).min(timeout),
        Duration::from_secs(10),
    )
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The outcome before it becomes a report.
struct Outcome {
    judgement: Judgement,
    handshake: Option<Handshake>,
    transport: Option<Transport>,
    first_reply: Option<Duration>,
}

impl Outcome {
    fn bare(j: Judgement) -> Outcome {
        Outcome {
            judgement: j,
            handshake: None,
            transport: None,
            first_reply: None,
        }
    }

    /// A problem that ended the probe after `initialize` was answered
    /// over `transport`: what the server said of itself is kept (as over
    /// stdio), not only the verdict.
    fn after(mut self, hs: Handshake, transport: Transport, facts: &mut RemoteFacts) -> Outcome {
        if hs.first_reply.is_none() || hs.server_info.is_none() {
            return self;
        }
        answered_initialize(&hs, facts);
        self.first_reply = hs.first_reply;
        self.handshake = Some(hs);
        self.transport = Some(transport);
        self
    }
}

/// `initialize` was answered (a result with serverInfo): the era is
/// named once in `facts.eras`, whatever ended the probe after it.
fn answered_initialize(hs: &Handshake, facts: &mut RemoteFacts) {
    if hs.first_reply.is_some()
        && hs.server_info.is_some()
        && !facts.eras.iter().any(|e| e == "initialize")
    {
        facts.eras.push("initialize".into());
    }
}

/// Probe one remote server within `timeout`, judging the `lanes` selected
/// on its one conversation.
pub fn probe(t: &Target, timeout: Duration, lanes: Lanes) -> ProbeReport {
    let t0 = Instant::now();
    let deadline = t0 + timeout;
    let mut facts = RemoteFacts {
        headers: t.headers.iter().map(|(k, _)| k.clone()).collect(),
        proxy: t.setup.proxy.as_deref().map(client::mask_proxy),
        ca_files: t
            .setup
            .ca_files
            .iter()
            .zip(&t.ca_from)
            .map(|(p, from)| format!("{} ({from})", p.display()))
            .collect(),
        notes: t.notes.clone(),
        ..RemoteFacts::blank(t)
    };
    let mut discover = None;
    // the session's DELETE: after the verdict, not counted in `total`
    let mut closing = Duration::ZERO;
    // a header no HTTP client can send: said without a request
    let unsendable = t
        .headers
        .iter()
        .find(|(k, v)| !client::sendable_header(k, v));
    let mut outcome = if let Some((name, _)) = unsendable {
        Outcome::bare(header_judgement(t, name, Phase::Initialize))
    } else if !crate::urls::is_http_url(&t.url) {
        Outcome::bare(Judgement::new(
            Verdict::NotMcp,
            Some(Phase::Spawn),
            format!("`{}` is not an http(s) URL", truncate(&t.url, 200)),
            "a remote MCP server's URL starts with https:// (or http:// on your own network), \
e.g. https://example.com/mcp",
        ))
    } else if let Some(why) = crate::urls::port_problem(&t.url) {
        // said as every URL the HTTP client cannot use is, but before any
        // connection: a port out of range may be wrapped round to another
        Outcome::bare(net_judgement(
            &NetError::BadUrl { detail: why },
            Phase::Initialize,
            t,
            timeout,
        ))
    } else {
        let https = t.url.trim().to_ascii_lowercase().starts_with("https://");
        match Client::new(&t.setup, https) {
            Err(e) => Outcome::bare(net_judgement(&e, Phase::Spawn, t, timeout)),
            Ok((client, ca_notes)) => {
                facts.notes.extend(ca_notes);
                let mut shared = Shared {
                    client: &client,
                    headers: &t.headers,
                    log: Vec::new(),
                    redirects: Vec::new(),
                };
                let o = converse(
                    t,
                    &mut shared,
                    &mut facts,
                    &mut discover,
                    &mut closing,
                    deadline,
                    timeout,
                );
                facts.requests = std::mem::take(&mut shared.log);
                facts.redirects = std::mem::take(&mut shared.redirects);
                o
            }
        }
    };
    if let Some(why) = &t.bridge_exits
        && unsendable.is_none()
    {
        bridge_exits(t, why, &mut outcome);
    }
    facts.transport = outcome.transport;
    add_notes(t, &outcome, &mut facts);
    report(t, outcome, facts, discover, lanes, t0, closing)
}

/// Steps 1-3. `closing`: the time the session's DELETE took (a courtesy
/// after the conversation, [`Streamable::close`]).
#[allow(clippy::too_many_arguments)]
fn converse(
    t: &Target,
    shared: &mut Shared,
    facts: &mut RemoteFacts,
    discover_out: &mut Option<(Discover, Option<EraVerdict>)>,
    closing: &mut Duration,
    deadline: Instant,
    timeout: Duration,
) -> Outcome {
    let mut evidence: Vec<(String, Problem)> = Vec::new();
    if t.order == Order::Auto {
        // 1 and 2 side by side: the 2026-07-28 attempt and Streamable HTTP
        // `initialize` are independent requests, and both eras are reported
        // either way, so `initialize` does not wait a round trip for the
        // era probe (the app, too, probes the era beside its connection).
        let (client, headers) = (shared.client, shared.headers);
        let fresh = || Shared {
            client,
            headers,
            log: Vec::new(),
            redirects: Vec::new(),
        };
        let (modern, init) = std::thread::scope(|s| {
            let modern = s.spawn(|| {
                let mut sh = fresh();
                let start = Instant::now();
                let md = (start + modern_budget(timeout)).min(deadline);
                let mut c = Streamable::new(&mut sh, &t.url, true, md);
                let (d, dp) = handshake::discover(&mut c, &handshake::Client::mcpctl(), start, md);
                let problem = c.problem.take();
                drop(c);
                (d, dp, problem, sh, Instant::now())
            });
            let mut sh = fresh();
            let start = Instant::now();
            let mut c = Streamable::new(&mut sh, &t.url, false, deadline);
            let hs = handshake::run(&mut c, &handshake::Client::mcpctl(), start, deadline);
            let problem = c.problem.take();
            let session = c.session.is_some();
            let closed_from = Instant::now();
            c.close();
            let closed_at = Instant::now();
            drop(c);
            let modern = modern
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            // the DELETE's time, but for what the era attempt still did
            // meanwhile (the probe's work)
            *closing = closed_at.saturating_duration_since(closed_from.max(modern.4));
            (modern, (hs, problem, session, sh))
        });
        let (mut d, dp, problem, modern_log, _) = modern;
        let (hs, init_problem, session, init_log) = init;
        // `initialize` answered: what the 2026-07-28 attempt met (a 401 or
        // 403 to `server/discover` alone, a dropped connection) is said
        // in `discover`, not the server's verdict; the app, and
        // mcp-remote, open with `initialize`
        let init_answered = hs.first_reply.is_some();
        // both refused the same way (a 401 to each): initialize's is the
        // one the app meets, judged below
        let init_final = init_problem
            .as_ref()
            .is_some_and(|q| final_problem(q, false));
        for log in [modern_log, init_log] {
            shared.log.extend(log.log);
            for r in log.redirects {
                // both attempts follow the same redirect: say it once
                if !shared.redirects.contains(&r) {
                    shared.redirects.push(r);
                }
            }
        }
        // refused alike (the network, auth, a redirect): initialize's
        // verdict says it, and the era stays unknown, not "unsupported"
        let alike = !init_answered
            && init_final
            && problem.as_ref().is_some_and(|p| final_problem(p, true));
        // the era as the app's probe would find it through a bridge: only
        // from an answer (a result or a JSON-RPC error), not from HTTP
        // trouble
        let mut era = None;
        match problem {
            Some(p) if final_problem(&p, true) && !init_answered && !init_final => {
                return judge_problem(
                    t,
                    shared,
                    facts,
                    p,
                    Phase::Discover,
                    deadline,
                    timeout,
                    &evidence,
                );
            }
            Some(p) => {
                d.error = Some(format!("over HTTP: {}", problem_words(&p)));
                evidence.push(("server/discover".into(), p));
            }
            None => {
                d.error = dp.as_ref().map(discover_error);
                era = Some(remote_era(&d, dp.as_ref()));
            }
        }
        if d.supported {
            facts.eras.push(handshake::MODERN_VERSION.into());
        }
        if !alike {
            *discover_out = Some((d, era));
        }
        facts.session = session;
        let problem = init_problem;
        match problem {
            Some(p) if final_problem(&p, false) => {
                let phase = hs
                    .failure
                    .as_ref()
                    .map_or(Phase::Initialize, Failure::phase);
                let o = judge_problem(t, shared, facts, p, phase, deadline, timeout, &evidence);
                return o.after(hs, Transport::StreamableHttp, facts);
            }
            // no reply to initialize at all: not a Streamable HTTP endpoint
            Some(p) if hs.first_reply.is_none() => evidence.push(("initialize".into(), p)),
            Some(p) => {
                let phase = hs
                    .failure
                    .as_ref()
                    .map_or(Phase::Initialize, Failure::phase);
                let j = after_reply_problem(&p, phase, Transport::StreamableHttp);
                answered_initialize(&hs, facts);
                return Outcome {
                    first_reply: hs.first_reply,
                    judgement: j,
                    handshake: Some(hs),
                    transport: Some(Transport::StreamableHttp),
                };
            }
            None => return judged(hs, Transport::StreamableHttp, facts, timeout),
        }
    }

    // 3. legacy HTTP+SSE
    let start = Instant::now();
    match Legacy::open(shared, &t.url, deadline) {
        Ok(mut c) => {
            let hs = handshake::run(&mut c, &handshake::Client::mcpctl(), start, deadline);
            let problem = c.problem.take();
            let c_endpoint = c.endpoint.clone();
            drop(c);
            match problem {
                Some(p) if final_problem(&p, false) => {
                    let phase = hs
                        .failure
                        .as_ref()
                        .map_or(Phase::Initialize, Failure::phase);
                    judge_problem(t, shared, facts, p, phase, deadline, timeout, &evidence).after(
                        hs,
                        Transport::Sse,
                        facts,
                    )
                }
                // the stream named an endpoint, and the POST of
                // initialize there failed: nothing was answered yet
                Some(p) if hs.first_reply.is_none() => {
                    Outcome::bare(legacy_post_failed(&p, &c_endpoint))
                }
                Some(p) => {
                    let phase = hs
                        .failure
                        .as_ref()
                        .map_or(Phase::Initialize, Failure::phase);
                    answered_initialize(&hs, facts);
                    Outcome {
                        first_reply: hs.first_reply,
                        judgement: after_reply_problem(&p, phase, Transport::Sse),
                        handshake: Some(hs),
                        transport: Some(Transport::Sse),
                    }
                }
                None => judged(hs, Transport::Sse, facts, timeout),
            }
        }
        Err(p) if final_problem(&p, false) => judge_problem(
            t,
            shared,
            facts,
            p,
            Phase::Initialize,
            deadline,
            timeout,
            &evidence,
        ),
        Err(p) => {
            evidence.push(("GET (legacy SSE)".into(), p));
            Outcome::bare(nothing_answered(t, &evidence))
        }
    }
}

/// Problems that end the probe: the network, auth, redirects; a timeout
/// too, except in the 2026-07-28 attempt (servers of the other era may
/// not answer it).
fn final_problem(p: &Problem, modern: bool) -> bool {
    match p {
        Problem::Net(NetError::Timeout { .. }) => !modern,
        Problem::Net(_) | Problem::Auth { .. } | Problem::Redirect { .. } => true,
        Problem::Status { .. } | Problem::NotMcp { .. } | Problem::NoReply { .. } => false,
        Problem::Stream { .. } => !modern,
    }
}

/// A problem in a few words, for the `discover.error` field and lists.
fn problem_words(p: &Problem) -> String {
    match p {
        Problem::Net(e) => net_words(e),
        Problem::Auth { status, .. } => format!("HTTP {status}"),
        Problem::Status {
            status,
            rpc_error,
            media,
            head,
        } => match rpc_error {
            Some(e) => format!("HTTP {status} with JSON-RPC error {e}"),
            None if media.contains("html") => format!("HTTP {status} with an HTML page"),
            None if head.is_empty() => format!("HTTP {status}"),
            None => format!("HTTP {status}: {}", truncate(head, 120)),
        },
        Problem::NotMcp { status, media, .. } => {
            format!("HTTP {status} with {}", media_words(media))
        }
        Problem::Redirect { status, why, .. } => format!("redirect {status} {why}"),
        Problem::NoReply { status } => format!("HTTP {status} and no reply"),
        Problem::Stream { why } => why.clone(),
    }
}

fn media_words(media: &str) -> String {
    match media {
        "" => "no content type".into(),
        m if m.contains("html") => "an HTML page".into(),
        m => format!("`{m}`"),
    }
}

fn net_words(e: &NetError) -> String {
    match e {
        NetError::Dns { host } => format!("{host} does not resolve"),
        NetError::Refused { detail } => format!("connection refused ({detail})"),
        NetError::Tls { detail, .. } => format!("TLS failed: {detail}"),
        NetError::Timeout { phase } => format!("no answer in time ({phase})"),
        NetError::Proxy { detail } => format!("the proxy is not usable: {detail}"),
        NetError::BadUrl { detail } => format!("the URL is not usable: {detail}"),
        NetError::BadHeader { name } => {
            format!("the header {name} holds a line break or another control character")
        }
        NetError::NotHttp { detail } => format!("the reply is not HTTP ({detail})"),
        NetError::BadHead { detail } => format!("the reply's head is not valid HTTP ({detail})"),
        NetError::BadBody { detail } => format!("the reply's body cannot be decoded ({detail})"),
        NetError::Other { detail } => detail.clone(),
    }
}

/// The `discover.error` field in HTTP words: a reply's body, not a
/// stdout line.
fn discover_error(p: &handshake::DiscoverProblem) -> String {
    use handshake::DiscoverProblem as D;
    let (after, f) = match p {
        D::Failed(f) => ("", f),
        D::ListFailed(f) => ("after server/discover: ", f),
        other => return verdict::discover_error(other),
    };
    match f {
        Failure::NonProtocol { line, .. } | Failure::Split { line, .. } => {
            format!("{after}a reply that is not JSON-RPC: {line}")
        }
        Failure::TooLong { len, .. } => format!(
            "{after}a reply of {len} bytes to {}: over the 10 MiB a message may be",
            f.phase().request()
        ),
        _ => verdict::discover_error(p),
    }
}

/// A conversation that got its replies: the stdio verdicts, worded for
/// HTTP where stdio's words would mislead.
fn judged(
    hs: Handshake,
    transport: Transport,
    facts: &mut RemoteFacts,
    timeout: Duration,
) -> Outcome {
    answered_initialize(&hs, facts);
    let j = match &hs.failure {
        None => {
            let mut j = verdict::judge_success(&hs, "");
            j.message = j.message.replacen(
                "answered initialize",
                &format!("answered initialize over {}", transport.name()),
                1,
            );
            j
        }
        Some(f) => http_failure(f, timeout),
    };
    Outcome {
        first_reply: hs.first_reply,
        judgement: j,
        handshake: Some(hs),
        transport: Some(transport),
    }
}

/// A handshake failure in HTTP words.
fn http_failure(f: &Failure, timeout: Duration) -> Judgement {
    let phase = Some(f.phase());
    match f {
        Failure::TimedOut { phase: p, .. } => timed_out(*p, timeout),
        Failure::Closed { phase: p } => Judgement::new(
            Verdict::BadReply,
            phase,
            format!("the connection ended before the reply to {}", p.request()),
            "the server (or a proxy in front of it) dropped the request: its logs say why",
        ),
        Failure::NonProtocol { line, .. } | Failure::Split { line, .. } => Judgement::new(
            Verdict::BadReply,
            phase,
            format!(
                "sent a message that is not JSON-RPC while answering {}: `{line}`",
                f.phase().request()
            ),
            "each message (a JSON body, or one SSE event's data) must be one JSON-RPC message",
        ),
        Failure::TooLong { len, .. } => Judgement::new(
            Verdict::BadReply,
            phase,
            format!(
                "a message of {len} bytes while answering {}: over the 10 MiB Claude Desktop's \
MCP SDK accepts",
                f.phase().request()
            ),
            "return less per message (paginate listings with nextCursor)",
        ),
        Failure::OnlyModern { .. } => {
            let mut j = verdict::judge_failure(f, &no_facts(timeout));
            j.hint = Some(
                "bridges (mcp-remote and others on the v1 MCP SDK) open with initialize and cannot use it: use a release of the server that still accepts initialize"
                    .into(),
            );
            j
        }
        other => verdict::judge_failure(other, &no_facts(timeout)),
    }
}

fn no_facts(timeout: Duration) -> Facts<'static> {
    Facts {
        command: "",
        timeout,
        exit: None,
        stderr_tail: &[],
    }
}

fn timed_out(phase: Phase, timeout: Duration) -> Judgement {
    let secs = human_secs(timeout.as_secs_f64());
    let message = if phase == Phase::Initialize || phase == Phase::Discover {
        format!("no reply to {} within {secs}", phase.request())
    } else {
        format!(
            "answered initialize but not {} within {secs}",
            phase.request()
        )
    };
    Judgement::new(
        Verdict::Timeout,
        Some(phase),
        message,
        "the server accepted the connection but did not answer: it may be overloaded, or a proxy \
holds the request; try again with a longer --timeout (Claude Desktop waits 60 s for initialize)",
    )
}

/// A transport problem after the server had answered initialize (a
/// listing refused, the session lost, the stream cut).
fn after_reply_problem(p: &Problem, phase: Phase, transport: Transport) -> Judgement {
    match p {
        Problem::Net(NetError::Timeout { .. }) => timed_out(phase, Duration::ZERO),
        _ => Judgement::new(
            Verdict::BadReply,
            Some(phase),
            format!(
                "answered initialize, then {} failed: {}",
                phase.request(),
                problem_words(p)
            ),
            match transport {
                Transport::StreamableHttp => {
                    "the server dropped the session or refused the request: its logs say why (a \
server behind a load balancer needs sticky sessions for Mcp-Session-Id)"
                }
                Transport::Sse => LEGACY_POST_HINT,
            },
        ),
    }
}

const LEGACY_POST_HINT: &str = "the server refused the message POSTed to the endpoint its event \
stream named, or dropped the stream: its logs say why (a server behind a load balancer needs \
sticky sessions, so that each POST reaches the instance holding the stream)";

/// The legacy stream named an endpoint, and the POST of `initialize`
/// there failed before any reply: the endpoint refused it.
fn legacy_post_failed(p: &Problem, endpoint: &str) -> Judgement {
    let path = crate::urls::path(endpoint);
    Judgement::new(
        Verdict::BadReply,
        Some(Phase::Initialize),
        format!(
            "its legacy SSE stream named `{}` as the endpoint, and the POST of initialize there \
failed: {}",
            truncate(path, 200),
            problem_words(p)
        ),
        LEGACY_POST_HINT,
    )
}

/// The verdict for a problem that ends the probe.
#[allow(clippy::too_many_arguments)]
fn judge_problem(
    t: &Target,
    shared: &mut Shared,
    facts: &mut RemoteFacts,
    p: Problem,
    phase: Phase,
    deadline: Instant,
    timeout: Duration,
    evidence: &[(String, Problem)],
) -> Outcome {
    let _ = evidence;
    let j = match &p {
        Problem::Auth {
            status,
            www_authenticate,
            url,
        } => {
            // the metadata is read within what is left of --timeout (the
            // whole probe is); a 403 only says where it is when it names it
            let auth_deadline = deadline;
            let challenge = www_authenticate.as_deref().and_then(auth::parse_challenge);
            let look = *status == 401
                || challenge
                    .as_ref()
                    .is_some_and(|c| c.resource_metadata.is_some());
            let a = if look {
                auth::discover(
                    shared.client,
                    url,
                    *status,
                    www_authenticate.as_deref(),
                    auth_deadline,
                )
            } else {
                auth::AuthFacts {
                    status: *status,
                    challenge,
                    ..auth::AuthFacts::default()
                }
            };
            let j = auth_judgement(t, &a, phase, url);
            facts.auth = Some(a);
            j
        }
        Problem::Net(e) => {
            if let NetError::Tls { problem, .. } = e {
                facts.tls = Some(*problem);
            }
            net_judgement(e, phase, t, timeout)
        }
        Problem::Redirect { status, to, why } => Judgement::new(
            Verdict::BadRedirect,
            Some(phase),
            format!(
                "answered {} with a redirect{}: {why}",
                phase.request(),
                match (status, to) {
                    (0, _) => String::new(),
                    (s, Some(to)) => format!(" ({s} to {to})"),
                    (s, None) => format!(" ({s})"),
                }
            ),
            "put the URL the server finally answers on in the config (open it in a browser or \
`curl -sI` it to see where it leads); MCP clients keep a POST only through 307/308 redirects \
to the same scheme",
        ),
        other => Judgement::new(
            Verdict::BadReply,
            Some(phase),
            format!("{} failed: {}", phase.request(), problem_words(other)),
            "the server's logs say why",
        ),
    };
    Outcome::bare(j)
}

/// A header that cannot be sent. One of the user's (a token with its
/// line end): the bridge's fetch refuses it at its first request, and the
/// app sees the bridge exit; one the server gave (a session ID): a bad
/// reply.
fn header_judgement(t: &Target, name: &str, phase: Phase) -> Judgement {
    let mine = t.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    if !mine {
        return Judgement::new(
            Verdict::BadReply,
            Some(phase),
            format!(
                "gave a `{}` header mcpctl cannot send back: it holds a line break or another \
control character",
                truncate(name, 80)
            ),
            "MCP clients refuse such a header value too: the server's owner must fix it",
        );
    }
    let who = match &t.via {
        Via::Bridge(pkg) => format!("{pkg} exits at its first request"),
        Via::UrlEntry => "as a bridge entry (what `mcpctl doctor --fix` makes of it), mcp-remote \
would exit at its first request"
            .to_string(),
        Via::CommandLine => "it cannot be sent".to_string(),
    };
    Judgement::new(
        Verdict::ExitedEarly,
        Some(phase),
        format!(
            "the value of the header {} holds a line break or another control character: {who} \
(Node's fetch refuses such a header); not probed",
            truncate(name, 80)
        ),
        "HTTP header values are one line: strip the line break from the value (or from the \
variable in the entry's \"env\" it comes from; a token read from a file keeps its line end: \
`$(tr -d '\\r\\n' < token.txt)`)",
    )
}

/// A bridge that exits whatever the server does (`t.bridge_exits`): the
/// app sees it exit, so the verdict is `exited-early`; what the probe of
/// the URL found is kept in the message.
fn bridge_exits(t: &Target, why: &str, o: &mut Outcome) {
    let found = &o.judgement;
    let mut message = format!(
        "{why}; the URL itself, probed directly: {} ({})",
        found.verdict.as_str(),
        found.message
    );
    if message.len() > 1000 {
        message = truncate(&message, 1000).to_string();
    }
    let hint = match &t.via {
        Via::Bridge(pkg) => format!("fix the entry's args so that {pkg} can start: {}", {
            if why.contains("credentials") {
                "move the credentials into a header (`mcpctl doctor --fix` does it; see \
`bridge-url-credentials` in `mcpctl validate`)"
            } else {
                "add \"--allow-http\" to its args (your own network only: plain http is not \
encrypted), or use an https:// URL (see `bridge-needs-allow-http` in `mcpctl validate`)"
            }
        }),
        _ => String::new(),
    };
    o.judgement = Judgement::new(
        Verdict::ExitedEarly,
        Some(if why.contains("at start") {
            Phase::Spawn
        } else {
            Phase::Initialize
        }),
        message,
        &hint,
    );
}

/// Words for a network failure.
fn net_judgement(e: &NetError, phase: Phase, t: &Target, timeout: Duration) -> Judgement {
    let host = crate::urls::host_of(&t.url).unwrap_or(&t.url).to_string();
    match e {
        NetError::Dns { .. } => Judgement::new(
            Verdict::DnsError,
            Some(phase),
            format!("the host name {host} does not resolve"),
            "check the URL for a typo; a name that only resolves on a VPN or your company's \
network needs that connection (and cannot be a Connector: Anthropic's cloud connects to \
Connectors)",
        ),
        // through a proxy, the connection refused may be the proxy's
        NetError::Refused { detail } if t.setup.proxy.is_some() => Judgement::new(
            Verdict::Refused,
            Some(phase),
            format!(
                "the connection through the proxy {} was refused ({detail})",
                t.setup
                    .proxy
                    .as_deref()
                    .map(client::mask_proxy)
                    .unwrap_or_default()
            ),
            "check that the proxy runs and its address in HTTPS_PROXY / HTTP_PROXY / ALL_PROXY \
is right, or add the host to NO_PROXY; then that the server listens",
        ),
        // accepted, then reset or aborted: something listens there
        NetError::Refused { detail }
            if detail == "connection reset" || detail == "connection aborted" =>
        {
            Judgement::new(
                Verdict::Refused,
                Some(phase),
                format!("{host} accepted the connection, then broke it off ({detail})"),
                "something listens at that address and port but dropped the connection before \
any reply: the server, or something in front of it (a proxy, a firewall), broke it off; the \
server's logs (or the proxy's) say why",
            )
        }
        NetError::Refused { detail } => Judgement::new(
            Verdict::Refused,
            Some(phase),
            if detail == "connection refused" {
                format!("{host} refused the connection")
            } else {
                format!("{host} refused the connection ({detail})")
            },
            "nothing listens at that address and port: start the server, or check the port in \
the URL",
        ),
        NetError::NotHttp { detail } => Judgement::new(
            Verdict::NotMcp,
            Some(phase),
            format!(
                "another service answered at {host}: its reply is not HTTP ({})",
                truncate(detail, 120)
            ),
            "the port belongs to something else (SSH, a database, ...): check the port in the \
URL against the server's docs",
        ),
        NetError::BadHeader { name } => header_judgement(t, name, phase),
        NetError::BadHead { detail } => Judgement::new(
            Verdict::BadReply,
            Some(phase),
            format!(
                "the head of its reply is not valid HTTP ({})",
                truncate(detail, 120)
            ),
            "Node's HTTP client (and so the app's and mcp-remote's) refuses such a reply too (a \
header value holding a control character, say): the server's owner must fix it",
        ),
        NetError::BadBody { detail } => Judgement::new(
            Verdict::BadReply,
            Some(phase),
            format!(
                "the body of its reply cannot be decoded ({})",
                truncate(detail, 120)
            ),
            "the body is not what its Content-Encoding says (gzip, br): Node's fetch (and so the \
app's and mcp-remote's) refuses it too; the server, or a proxy in front of it, must fix it",
        ),
        NetError::Tls { problem, detail } => {
            let (what, hint) = tls_words(*problem, t);
            Judgement::new(
                Verdict::TlsError,
                Some(phase),
                format!("{what} ({})", truncate(detail, 200)),
                &hint,
            )
        }
        NetError::Timeout { phase: during } => {
            let mut j = timed_out(phase, timeout);
            if during != "the whole request" {
                j.message = format!("{} ({during})", j.message);
            }
            j
        }
        NetError::Proxy { detail } => Judgement::new(
            Verdict::Refused,
            Some(phase),
            format!("the proxy cannot be used: {detail}"),
            "fix HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (a URL such as http://proxy:3128), or add \
the host to NO_PROXY",
        ),
        NetError::BadUrl { detail } => Judgement::new(
            Verdict::NotMcp,
            Some(phase),
            format!("`{}` is not a usable URL: {detail}", truncate(&t.url, 200)),
            "a remote MCP server's URL looks like https://example.com/mcp",
        ),
        NetError::Other { detail } => Judgement::new(
            Verdict::Refused,
            Some(phase),
            // not always at the connection: a reply can break later
            format!(
                "the exchange with {host} broke off: {}",
                truncate(detail, 200)
            ),
            "check the URL and your network (a proxy in between can break replies too)",
        ),
    }
}

fn tls_words(p: TlsProblem, t: &Target) -> (String, String) {
    let bridge = matches!(t.via, Via::Bridge(_));
    let ca_hint = if bridge {
        "if your network uses its own CA (a company proxy, a VPN), add \"NODE_EXTRA_CA_CERTS\": \
\"/path/to/ca.pem\" to this entry's env: the bridge (Node) reads that, and the app does not pass \
your shell's variables"
    } else {
        "if your network uses its own CA, point SSL_CERT_FILE (or NODE_EXTRA_CA_CERTS) at its PEM \
file to let mcpctl check the rest; a bridge entry needs NODE_EXTRA_CA_CERTS in its own env, and \
a Connector only accepts certificates from public CAs"
    };
    match p {
        TlsProblem::UnknownIssuer => (
            "the server's certificate is self-signed or signed by a CA that is not trusted".into(),
            format!("use a certificate from a public CA (Let's Encrypt is free); {ca_hint}"),
        ),
        TlsProblem::Expired => (
            "the server's certificate has expired (or is not valid yet)".into(),
            "renew the certificate; also check this machine's clock".into(),
        ),
        TlsProblem::WrongName => (
            "the server's certificate is for another name than the URL's host".into(),
            "use the host name the certificate was issued for, or get one for this name".into(),
        ),
        TlsProblem::Handshake => (
            "the TLS handshake failed".into(),
            "if the server speaks plain HTTP on this port, use http:// (your own network only); \
otherwise its TLS setup is broken"
                .into(),
        ),
    }
}

/// `needs-auth` or `forbidden`, from what the metadata says; `answered_at`
/// is the URL that refused (after redirects).
fn auth_judgement(t: &Target, a: &auth::AuthFacts, phase: Phase, answered_at: &str) -> Judgement {
    let c = a.challenge.as_ref();
    let has_token = t
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("authorization"));
    // credentials stay behind at a redirect to another origin
    let elsewhere = !crate::urls::same_origin(answered_at, &t.url);
    let sent_token = has_token && !elsewhere;
    let mut parts: Vec<String> = Vec::new();
    if let Some(u) = &a.resource_metadata_url {
        parts.push(format!("resource metadata: {u}"));
    }
    if let Some(i) = a.authorization_servers.first().or(a.issuer.as_ref()) {
        let reg = registration_words(a);
        parts.push(format!("authorization server: {i}{reg}"));
    }
    let facts = if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join("; "))
    };
    let error = c
        .and_then(|c| c.error.as_deref())
        .map(|e| {
            let d = c
                .and_then(|c| c.error_description.as_deref())
                .map(|d| format!(": {}", truncate(d, 120)))
                .unwrap_or_default();
            format!(" (error {e}{d})")
        })
        .unwrap_or_default();
    if a.status == 403 {
        let scope = c
            .and_then(|c| c.scope.as_deref())
            .map(|s| format!(" needs scope `{s}`;"))
            .unwrap_or_default();
        return Judgement::new(
            Verdict::Forbidden,
            Some(phase),
            format!(
                "answered 403 Forbidden to {}{error}{facts}",
                phase.request()
            ),
            &format!(
                "the server refused this client:{scope} {} (a firewall or an IP allowlist answers \
403 too: a Connector connects from Anthropic's IP ranges, a bridge from this machine)",
                if sent_token {
                    "the token sent is valid but lacks the rights; ask for a token with them"
                } else {
                    "sign in with an account that has access"
                }
            ),
        );
    }
    // a `${VAR}` the entry's env does not set is sent as written (by
    // mcp-remote too): that, not the token, is what was refused
    let unset = t
        .headers
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("authorization") && v.contains("${"))
        .and_then(|(_, v)| {
            let i = v.find("${")?;
            let j = v[i..].find('}')?;
            Some(v[i..=i + j].to_string())
        });
    let message = if let (true, Some(var)) = (sent_token, &unset) {
        format!(
            "answered 401 Unauthorized to {}: the Authorization header held `{var}` as written, \
because the entry's env does not set {}{error}{facts}",
            phase.request(),
            &var[2..var.len() - 1]
        )
    } else if sent_token {
        format!(
            "answered 401 Unauthorized to {}: the token in the Authorization header was \
refused{error}{facts}",
            phase.request()
        )
    } else if has_token {
        format!(
            "answered 401 Unauthorized to {} at {}, where the server redirected: your \
Authorization header was not sent there (credentials do not follow a redirect to another \
origin, as in the app){error}{facts}",
            phase.request(),
            crate::urls::origin(answered_at).unwrap_or(answered_at)
        )
    } else if let Some(what) = no_oauth(a) {
        format!(
            "answered 401 Unauthorized to {}: {what}{error}{facts}",
            phase.request()
        )
    } else if c.is_none() && a.issuer.is_none() && a.authorization_servers.is_empty() {
        // no challenge, and no metadata read to say it is OAuth
        format!(
            "answered 401 Unauthorized to {}: {NO_CHALLENGE}{facts}",
            phase.request()
        )
    } else {
        format!(
            "answered 401 Unauthorized to {}: it needs a sign-in (OAuth){error}{facts}",
            phase.request()
        )
    };
    // nothing can sign in there (a Basic realm, no OAuth metadata): the
    // way is a header, whether or not one was sent
    if no_oauth(a).is_some() && (!sent_token || unset.is_none()) {
        let scheme = c.map_or("Bearer", |c| c.scheme.as_str());
        let sent = match c {
            _ if !sent_token => String::new(),
            Some(_) => format!(
                "the credentials sent were refused (it asks for `{scheme}`); check the header's \
scheme and value. "
            ),
            None => "the credentials sent were refused; check the header's scheme and value. "
                .to_string(),
        };
        return Judgement::new(
            Verdict::NeedsAuth,
            Some(phase),
            message,
            &format!(
                "{sent}neither a Connector nor mcp-remote can sign in there: send the credentials in a \
header. A bridge entry: \"args\": [\"-y\", \"mcp-remote\", \"URL\", \"--header\", \
\"Authorization:${{AUTH_HEADER}}\"] with \"env\": {{\"AUTH_HEADER\": \"{scheme} ...\"}}; check it \
with `mcpctl test-launch --url URL --header 'Authorization: {scheme} CREDENTIALS'`"
            ),
        );
    }
    let no_registration = a.dynamic_client_registration == Some(false)
        && a.client_id_metadata_documents == Some(false);
    let mut hint = match &t.via {
        Via::Bridge(pkg) if pkg == "mcp-remote" => {
            "the app will ask you to sign in: mcp-remote opens your browser on its first start \
and keeps the token in ~/.mcp-auth (a stale one there is removed with `rm -rf ~/.mcp-auth`)"
                .to_string()
        }
        Via::Bridge(pkg) => format!(
            "{pkg} does not sign in (it only forwards headers): give it a token header, or use \
`npx -y mcp-remote URL` or a Connector, with which the app will ask you to sign in"
        ),
        Via::UrlEntry | Via::CommandLine if crate::urls::is_private_host(&t.url) => {
            "use a bridge entry (`npx -y mcp-remote URL`): it opens your browser to sign in on its \
first start (a Connector cannot: it connects from Anthropic's cloud, which cannot reach this \
host)"
                .to_string()
        }
        Via::UrlEntry | Via::CommandLine => {
            "add it as a Connector (Settings → Connectors → Add custom connector): the app will \
ask you to sign in; or use a bridge entry (`npx -y mcp-remote URL`), which opens your browser to \
sign in on its first start"
                .to_string()
        }
    };
    if let (true, Some(var)) = (sent_token, &unset) {
        hint = format!(
            "set {} in the entry's \"env\" (the app passes a server nothing from your shell); or \
drop the header and {hint}",
            &var[2..var.len() - 1]
        );
    } else if sent_token {
        hint = format!(
            "the token may have expired or be for another server: get a fresh one; or drop the \
header and {hint}"
        );
    } else {
        hint.push_str(
            ". mcpctl never signs in: to check the signed-in path with a token, run `mcpctl \
test-launch --url URL --header 'Authorization: Bearer TOKEN'`",
        );
    }
    if a.clients_refuse {
        hint.push_str(
            ". But its metadata fails a check MCP clients make before signing in (the auth problem \
below): the sign-in fails until the server's owner fixes it",
        );
    }
    if no_registration {
        hint.push_str(
            ". Its authorization server supports neither dynamic client registration nor client \
ID metadata documents: the app needs a client ID (and secret) from the server's owner \
(Connector: Advanced settings; mcp-remote: --static-oauth-client-info)",
        );
    }
    if a.pkce_s256 == Some(false) {
        hint.push_str(
            ". Its authorization server does not list PKCE S256 (code_challenge_methods_supported): \
MCP clients refuse to sign in there",
        );
    }
    Judgement::new(Verdict::NeedsAuth, Some(phase), message, &hint)
}

/// A 401 without a `WWW-Authenticate` header, in words.
const NO_CHALLENGE: &str = "it does not say how to authenticate (no WWW-Authenticate header)";

/// Why MCP clients cannot sign in at all, when they cannot: the challenge
/// is not Bearer (`Basic realm="corp"`), or no authorization server is
/// published where they look (no protected-resource metadata naming one,
/// no metadata at the server's origin).
fn no_oauth(a: &auth::AuthFacts) -> Option<String> {
    let known_server = a.issuer.is_some() || !a.authorization_servers.is_empty();
    if known_server {
        return None;
    }
    let c = a.challenge.as_ref();
    let realm = c
        .and_then(|c| c.realm.as_deref())
        .map(|r| format!(" (realm \"{}\")", truncate(r, 80)))
        .unwrap_or_default();
    match c.map(|c| c.scheme.as_str()) {
        Some(scheme) if !scheme.eq_ignore_ascii_case("bearer") => Some(format!(
            "it asks for {scheme} credentials{realm}, not an OAuth sign-in"
        )),
        // every place looked at answered "not here" (a lookup that failed
        // otherwise proves nothing)
        _ if a.resource_metadata_url.is_none()
            && !a.problems.is_empty()
            && a.problems.iter().all(|p| p.ends_with("answered HTTP 404")) =>
        {
            let what = match c {
                Some(_) => format!("it wants a Bearer token{realm} but"),
                None => format!("{NO_CHALLENGE} and"),
            };
            Some(format!(
                "{what} publishes no OAuth metadata where MCP clients look (RFC 9728 \
protected-resource metadata, RFC 8414 authorization server metadata), so no client can sign in"
            ))
        }
        _ => None,
    }
}

fn registration_words(a: &auth::AuthFacts) -> String {
    match (
        a.dynamic_client_registration,
        a.client_id_metadata_documents,
    ) {
        (Some(dcr), Some(cimd)) => format!(
            " (dynamic client registration: {}; client ID metadata documents: {})",
            yes(dcr),
            yes(cimd)
        ),
        _ => " (its metadata could not be read)".into(),
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Nothing spoke MCP at the URL: `not-mcp` (or `bad-reply` when every
/// answer was a server error).
fn nothing_answered(t: &Target, evidence: &[(String, Problem)]) -> Judgement {
    let said: Vec<String> = evidence
        .iter()
        .map(|(what, p)| format!("{what}: {}", problem_words(p)))
        .collect();
    // a JSON-RPC error in the body: MCP answered at this path and refused
    // the request (a header it wants, a session it does not know);
    // initialize's is the one the app meets
    // (a 5xx's JSON-RPC error is a crash caught by the server's own
    // handler, `-32603 Internal server error`: a failing server, below)
    let rpc = |(what, p): &(String, Problem)| match p {
        Problem::Status {
            status,
            rpc_error: Some(e),
            ..
        } if *status < 500 => Some((what.clone(), *status, e.clone())),
        _ => None,
    };
    let rpc_error = evidence
        .iter()
        .filter(|(what, _)| what == "initialize")
        .find_map(rpc)
        .or_else(|| evidence.iter().find_map(rpc));
    if let Some((what, status, e)) = rpc_error {
        let phase = if what == "server/discover" {
            Phase::Discover
        } else {
            Phase::Initialize
        };
        return Judgement::new(
            Verdict::JsonrpcError,
            Some(phase),
            format!(
                "answered {} with HTTP {status} and JSON-RPC error {}",
                phase.request(),
                truncate(&e, 300)
            ),
            "an MCP server answers at this URL but refused the request: its message says why (a \
header it wants, a session ID it does not know), and its logs say more",
        );
    }
    // a web page refusing the method (`python3 -m http.server`'s HTML 501
    // Not Implemented to a POST, a 405): another service answered, one
    // that takes no POST, not a failing server
    let no_post_page = |p: &Problem| {
        matches!(p, Problem::Status { status: 405 | 501, media, rpc_error: None, .. }
            if media.contains("html"))
    };
    let is_5xx = |p: &Problem| {
        matches!(p, Problem::Status { status, .. } if *status >= 500) && !no_post_page(p)
    };
    let all_5xx = !evidence.is_empty() && evidence.iter().all(|(_, p)| is_5xx(p));
    // a server error to the POST of initialize: the server is failing
    // there, whatever the legacy GET met
    let init_5xx = evidence
        .iter()
        .any(|(what, p)| what == "initialize" && is_5xx(p));
    if all_5xx || init_5xx {
        return Judgement::new(
            Verdict::BadReply,
            Some(Phase::Initialize),
            format!(
                "answered {} with a server error ({})",
                if all_5xx {
                    "every request"
                } else {
                    "initialize"
                },
                said.join("; ")
            ),
            "the server (or a proxy in front of it: 502/503/504) is failing: check that it runs \
and its logs",
        );
    }
    let html = evidence.iter().any(|(_, p)| {
        matches!(p, Problem::Status { media, .. } | Problem::NotMcp { media, .. } if media.contains("html"))
    });
    let path = crate::urls::path(&t.url);
    // the POST of initialize found nothing at this path (Express's HTML
    // "Cannot POST /x" too): the path, not a web page, is what is wrong
    let not_found = evidence
        .iter()
        .any(|(what, p)| what == "initialize" && matches!(p, Problem::Status { status: 404, .. }));
    // a JSON-RPC reply under another content type: the endpoint is right,
    // its header is not (the SDK's client takes only JSON or SSE)
    let mislabelled = evidence.iter().find_map(|(_, p)| match p {
        Problem::NotMcp { media, head, .. }
            if head.contains("\"jsonrpc\"") && !media.contains("html") =>
        {
            Some(media.clone())
        }
        _ => None,
    });
    let hint = if let Some(media) = mislabelled {
        format!(
            "it answered JSON-RPC, but as {}: MCP clients take a reply only as application/json \
or text/event-stream (the TypeScript SDK: \"Unexpected content type\"); the server must set \
Content-Type",
            if media.is_empty() {
                "a reply without a content type".to_string()
            } else {
                format!("`{media}`")
            }
        )
    } else if not_found {
        format!(
            "the server has nothing at the path {} (HTTP 404): check the path in the URL against \
the server's docs; MCP servers commonly serve /mcp (Streamable HTTP) or /sse (older servers)",
            truncate(path, 200)
        )
    } else if let Some(status) = evidence.iter().find_map(|(what, p)| match p {
        Problem::Status { status, .. } if what == "initialize" && no_post_page(p) => Some(status),
        _ => None,
    }) {
        format!(
            "a web server that takes no POST (HTTP {status}) answers at this address, not an \
MCP server: check the port in the URL (the MCP server may listen on another) and its path against \
the MCP server's docs (it often ends in /mcp, or /sse for older servers)"
        )
    } else if html {
        "this URL is a web page, not an MCP endpoint: the server's docs name the endpoint (it \
often ends in /mcp, or /sse for older servers)"
            .to_string()
    } else if path == "/" {
        "MCP endpoints usually have a path: try the URL with /mcp (or /sse for older servers)"
            .to_string()
    } else {
        "check the path in the URL against the server's docs (Streamable HTTP endpoints often \
end in /mcp, legacy SSE ones in /sse)"
            .to_string()
    };
    Judgement::new(
        Verdict::NotMcp,
        Some(Phase::Initialize),
        format!(
            "nothing at this URL speaks MCP: {}",
            if said.is_empty() {
                "no transport answered".to_string()
            } else {
                said.join("; ")
            }
        ),
        &hint,
    )
}

/// The note on a bridge entry to a host only this machine can reach.
pub const PRIVATE_HOST_NOTE: &str = "only this machine (or its network) can reach this host: a \
Connector connects from Anthropic's cloud and cannot, so keep it as a bridge entry";
/// The note on a url entry to such a host, which is no bridge entry yet.
pub const PRIVATE_HOST_URL_NOTE: &str = "only this machine (or its network) can reach this host: \
a Connector connects from Anthropic's cloud and cannot, so make it a bridge entry, not a \
Connector";
/// The note on a url entry to such a host: the bridge is the one way.
pub const PRIVATE_URL_ENTRY_NOTE: &str = "Claude Desktop skips url entries: `mcpctl doctor --fix` \
turns this one into an mcp-remote bridge entry";
/// The note on a url entry to any other host.
pub const URL_ENTRY_NOTE: &str = "Claude Desktop skips url entries: `mcpctl doctor --fix` turns \
this one into an mcp-remote bridge entry, or removes it for you to add as a Connector; its lanes \
are judged as that bridge entry's, on this one conversation";

/// Notes that depend on the outcome.
fn add_notes(t: &Target, o: &Outcome, facts: &mut RemoteFacts) {
    if t.private_host
        && let Some(note) = private_host_note(&t.via)
    {
        facts.notes.push(note.into());
    }
    match &t.via {
        // a private host: the bridge is the one way
        Via::UrlEntry if t.private_host => facts.notes.push(PRIVATE_URL_ENTRY_NOTE.into()),
        Via::UrlEntry => facts.notes.push(URL_ENTRY_NOTE.into()),
        Via::Bridge(_) => facts.notes.push(
            "probed directly, without starting the bridge; the app starts the bridge once per \
lane (chat, Cowork/Code), each copy connecting on its own and forwarding the same answers, so \
each lane is judged on this one conversation"
                .into(),
        ),
        Via::CommandLine => {}
    }
    let only_modern = facts.eras == [handshake::MODERN_VERSION] && !o.judgement.verdict.is_ok();
    if only_modern {
        facts.notes.push(format!(
            "it answers server/discover ({}) but not initialize: bridges built on the v1 MCP \
SDK (mcp-remote) open with initialize",
            handshake::MODERN_VERSION
        ));
    }
}

/// Why a host only this machine reaches stays a local entry: a bridge
/// entry is kept as one; a url entry, which the app skips, is not one yet.
fn private_host_note(via: &Via) -> Option<&'static str> {
    match via {
        Via::Bridge(_) => Some(PRIVATE_HOST_NOTE),
        Via::UrlEntry => Some(PRIVATE_HOST_URL_NOTE),
        Via::CommandLine => None,
    }
}

/// The era the app's probe would find through a bridge, from the
/// server's answer to `server/discover` (the bridge forwards it): the
/// words speak of the server, not of a sibling copy.
fn remote_era(d: &Discover, problem: Option<&handshake::DiscoverProblem>) -> EraVerdict {
    let mut v = era::judge(d, problem, None, &[]);
    v.detail = v
        .detail
        .replacen("the sibling", "the server (over HTTP)", 1);
    v
}

/// Each selected lane's report from the one conversation: the same
/// verdict and tools, judged with the lane's client rules (the Cowork/Code
/// lane refuses tools whose schemas its SDK rejects). The conversation's
/// time (`took`) is the first lane's; the others had no run of their own.
fn lane_reports(
    t: &Target,
    o: &Outcome,
    era: Option<&EraVerdict>,
    lanes: Lanes,
    took: Duration,
) -> LaneReports {
    let reports: Vec<LaneReport> = [Lane::Chat, Lane::Cowork]
        .into_iter()
        .filter(|l| lanes.has(*l))
        .enumerate()
        .map(|(i, lane)| {
            let client = super::group::client(lane, &t.name);
            lane_report::from_copy(
                lane_report::Copy {
                    lane,
                    client: &client,
                    judgement: &o.judgement,
                    handshake: o.handshake.as_ref(),
                    exit: None,
                    stderr_tail: &[],
                },
                era.cloned(),
            )
            .took((i == 0).then_some(took))
        })
        .collect();
    LaneReports(reports)
}

/// The report; `closing` (the session's DELETE, [`Streamable::close`]) is
/// not the probe's work: left out of `timings_ms.total`.
fn report(
    t: &Target,
    o: Outcome,
    mut facts: RemoteFacts,
    discover: Option<(Discover, Option<EraVerdict>)>,
    selected: Lanes,
    t0: Instant,
    closing: Duration,
) -> ProbeReport {
    let (discover, era) = discover.map_or((None, None), |(d, e)| (Some(d), e));
    let took = t0.elapsed().saturating_sub(closing);
    let lanes = lane_reports(t, &o, era.as_ref(), selected, took);
    let ok = if lanes.0.is_empty() {
        o.judgement.verdict.is_ok()
    } else {
        lanes.all_ok()
    };
    if t.via == Via::CommandLine && o.judgement.verdict.is_ok() && !lanes.all_ok() {
        facts.notes.push(
            "lanes judged as a bridge entry to this URL would be (the app starts it once per \
lane and it forwards the same answers), on this one conversation; a Connector is not judged by \
lane"
                .into(),
        );
    }
    let hs = o.handshake.unwrap_or_default();
    let listing_errors = verdict::listing_errors(&hs);
    let tolerated = verdict::tolerated(&hs);
    let j = o.judgement;
    ProbeReport {
        name: t.name.clone(),
        ok,
        verdict: j.verdict,
        message: j.message,
        hint: j.hint,
        command: t.command.clone(),
        args: t.args.clone(),
        env: t.env.clone(),
        resolved_command: None,
        phase: j.phase,
        server_info: hs.server_info,
        protocol_version: hs.protocol_version,
        capabilities: hs.capabilities,
        counts: hs.counts,
        listing_errors,
        tolerated,
        bad_tool_names: hs.bad_tool_names,
        tools: hs.tools,
        discover,
        timings_ms: Timings {
            first_reply: o.first_reply.map(millis),
            total: millis(took),
        },
        exit: None,
        stdout_line: None,
        stdout_kind: None,
        stderr_tail: Vec::new(),
        leftover: Vec::new(),
        shell_comparison: None,
        app_path: None,
        remote: Some(facts),
        lanes,
        context: hs
            .counts
            .tools
            .map(|_| super::ContextCost::of(&hs.tool_defs)),
    }
}

/// Probe many remote servers, at most `jobs` at once, results in input
/// order; `on_done(index, report)` as each finishes. The last one is
/// probed on this thread ([`super::gate::each`]).
pub fn probe_all(
    targets: &[Target],
    timeout: Duration,
    lanes: Lanes,
    jobs: usize,
    on_done: &(dyn Fn(usize, &ProbeReport) + Sync),
) -> Vec<ProbeReport> {
    let gate = super::Gate::new(jobs.max(1));
    super::gate::each(
        targets,
        &gate,
        &|i, t, slot| {
            let r = probe(t, timeout, lanes);
            drop(slot);
            on_done(i, &r);
            r
        },
        &|t| {
            let o = Outcome::bare(Judgement::new(
                Verdict::Refused,
                None,
                "mcpctl's probe failed, or its thread could not start (a bug, or out of threads)"
                    .into(),
                "",
            ));
            report(
                t,
                o,
                RemoteFacts::blank(t),
                None,
                lanes,
                Instant::now(),
                Duration::ZERO,
            )
        },
    )
}

/// A short line for lists: `3 tools over Streamable HTTP`.
pub fn summary(r: &ProbeReport) -> String {
    let how = r
        .remote
        .as_ref()
        .and_then(|f| f.transport)
        .map_or("no transport answered".to_string(), |t| {
            format!("over {}", t.name())
        });
    match r.counts.tools {
        Some(n) => format!("{} {how}", plural(n, "tool")),
        None => how,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bridge entry to a private host is kept as one; a url entry is
    /// not one yet, so it is told to become one, not to stay one.
    #[test]
    fn a_private_host_keeps_a_bridge_entry_and_bridges_a_url_entry() {
        let bridge = private_host_note(&Via::Bridge("mcp-remote".into())).unwrap_or_default();
        assert!(bridge.ends_with("so keep it as a bridge entry"), "{bridge}");
        let url = private_host_note(&Via::UrlEntry).unwrap_or_default();
        assert!(
            url.ends_with("so make it a bridge entry, not a Connector"),
            "{url}"
        );
        assert!(!url.contains("keep it"), "{url}");
        assert_eq!(private_host_note(&Via::CommandLine), None);
    }

    #[test]
    fn the_modern_attempt_gets_a_bounded_share() {
        assert_eq!(
            modern_budget(Duration::from_secs(60)),
            Duration::from_secs(10)
        );
        assert_eq!(
            modern_budget(Duration::from_secs(3)),
            Duration::from_secs(1)
        );
        assert_eq!(
            modern_budget(Duration::from_millis(600)),
            Duration::from_millis(300)
        );
        assert_eq!(
            modern_budget(Duration::from_millis(100)),
            Duration::from_millis(100)
        );
    }

    /// Who can sign in: nobody for a Basic challenge, nor for a Bearer one
    /// when every metadata lookup answered 404; a lookup that failed
    /// otherwise, or an authorization server found, proves nothing of the
    /// sort.
    #[test]
    fn no_oauth_only_when_nothing_can_sign_in() {
        let challenge = |scheme: &str| auth::Challenge {
            scheme: scheme.into(),
            resource_metadata: None,
            scope: None,
            error: None,
            error_description: None,
            realm: Some("corp".into()),
        };
        let basic = auth::AuthFacts {
            status: 401,
            challenge: Some(challenge("Basic")),
            ..Default::default()
        };
        assert_eq!(
            no_oauth(&basic).as_deref(),
            Some("it asks for Basic credentials (realm \"corp\"), not an OAuth sign-in")
        );
        let not_found = auth::AuthFacts {
            status: 401,
            challenge: Some(challenge("Bearer")),
            problems: vec![
                "http://h/.well-known/oauth-protected-resource answered HTTP 404".into(),
            ],
            ..Default::default()
        };
        assert!(no_oauth(&not_found).is_some_and(|w| w.contains("publishes no OAuth metadata")));
        let hung = auth::AuthFacts {
            problems: vec!["http://h/.well-known/x: timed out the whole request".into()],
            ..not_found.clone()
        };
        assert_eq!(no_oauth(&hung), None);
        let found = auth::AuthFacts {
            issuer: Some("http://h/as".into()),
            ..basic.clone()
        };
        assert_eq!(no_oauth(&found), None);
        // no challenge at all: no scheme is named
        let silent = auth::AuthFacts {
            challenge: None,
            ..not_found.clone()
        };
        assert!(no_oauth(&silent).is_some_and(|w| w.starts_with(
            "it does not say how to authenticate (no WWW-Authenticate header) and publishes no"
        )));
    }

    /// A remote server's JSON-RPC error is not explained by a stderr it
    /// does not have.
    #[test]
    fn a_remote_json_rpc_error_points_at_its_logs() {
        let f = Failure::RpcError {
            phase: Phase::ToolsList,
            error: Box::new(crate::probe::framing::RpcError {
                code: -32603,
                message: "boom".into(),
                data: None,
            }),
        };
        let j = http_failure(&f, Duration::from_secs(5));
        assert_eq!(j.verdict, Verdict::JsonrpcError);
        let hint = j.hint.unwrap_or_default();
        assert!(
            hint.contains("its own logs say why") && !hint.contains("stderr"),
            "{hint}"
        );
    }

    /// The era attempt's error in HTTP words: a reply, not stdout.
    #[test]
    fn discover_errors_speak_of_replies_not_stdout() {
        use handshake::DiscoverProblem as D;
        let odd = D::Failed(Failure::NonProtocol {
            phase: Phase::Discover,
            line: "\u{1f}\u{8b}".into(),
            kind: crate::probe::framing::StdoutKind::Other,
            node_error: None,
        });
        let big = D::Failed(Failure::TooLong {
            phase: Phase::Discover,
            len: 62_914_560,
            head: "{".into(),
        });
        for p in [odd, big] {
            let words = discover_error(&p);
            assert!(
                words.contains("a reply") && !words.contains("stdout"),
                "{words}"
            );
        }
    }

    /// A JSON-RPC error in a refused POST is MCP refusing the request;
    /// a 5xx to initialize is a failing server: neither is "check the
    /// path".
    #[test]
    fn nothing_answered_tells_mcp_errors_and_failing_servers_apart() {
        let t = Target {
            name: "t".into(),
            url: "http://127.0.0.1:9/mcp".into(),
            headers: Vec::new(),
            order: Order::Auto,
            via: Via::CommandLine,
            command: String::new(),
            args: Vec::new(),
            env: Vec::new(),
            setup: client::Setup::default(),
            ca_from: Vec::new(),
            notes: Vec::new(),
            private_host: true,
            bridge_exits: None,
        };
        let status = |status: u16, rpc: Option<&str>| Problem::Status {
            status,
            media: "text/plain".into(),
            head: String::new(),
            rpc_error: rpc.map(str::to_string),
        };
        let j = nothing_answered(
            &t,
            &[
                ("server/discover".into(), status(404, None)),
                (
                    "initialize".into(),
                    status(400, Some("-32000: Bad Request")),
                ),
                ("GET (legacy SSE)".into(), status(405, None)),
            ],
        );
        assert_eq!(j.verdict, Verdict::JsonrpcError);
        assert_eq!(
            j.message,
            "answered initialize with HTTP 400 and JSON-RPC error -32000: Bad Request"
        );
        let j = nothing_answered(
            &t,
            &[
                ("initialize".into(), status(500, None)),
                ("GET (legacy SSE)".into(), status(405, None)),
            ],
        );
        assert_eq!(j.verdict, Verdict::BadReply);
        assert!(j.hint.unwrap_or_default().contains("is failing"));
        // a crash its handler caught: a 500 with -32603 is a failing server
        let j = nothing_answered(
            &t,
            &[
                (
                    "initialize".into(),
                    status(500, Some("-32603: Internal server error")),
                ),
                ("GET (legacy SSE)".into(), status(405, None)),
            ],
        );
        assert_eq!(j.verdict, Verdict::BadReply, "{}", j.message);
        assert!(j.hint.unwrap_or_default().contains("is failing"));
        let j = nothing_answered(
            &t,
            &[
                ("initialize".into(), status(404, None)),
                ("GET (legacy SSE)".into(), status(405, None)),
            ],
        );
        assert_eq!(j.verdict, Verdict::NotMcp);
        // a plain web server's HTML 501 to a POST: another service, not a
        // failing one
        let page = |status: u16| Problem::Status {
            status,
            media: "text/html".into(),
            head: "<!DOCTYPE HTML>".into(),
            rpc_error: None,
        };
        let j = nothing_answered(
            &t,
            &[
                ("server/discover".into(), page(501)),
                ("initialize".into(), page(501)),
                ("GET (legacy SSE)".into(), page(200)),
            ],
        );
        assert_eq!(j.verdict, Verdict::NotMcp, "{}", j.message);
        assert!(
            j.hint
                .unwrap_or_default()
                .starts_with("a web server that takes no POST (HTTP 501)")
        );
        // a proxy's HTML 502 is a failing server still
        let j = nothing_answered(
            &t,
            &[
                ("initialize".into(), page(502)),
                ("GET (legacy SSE)".into(), page(502)),
            ],
        );
        assert_eq!(j.verdict, Verdict::BadReply, "{}", j.message);
    }

    #[test]
    fn problems_in_few_words() {
        let p = Problem::Status {
            status: 400,
            media: "application/json".into(),
            head: String::new(),
            rpc_error: Some("-32000: Bad Request: Server not initialized".into()),
        };
        assert_eq!(
            problem_words(&p),
            "HTTP 400 with JSON-RPC error -32000: Bad Request: Server not initialized"
        );
        assert!(final_problem(
            &Problem::Net(NetError::Timeout { phase: "x".into() }),
            false
        ));
        assert!(!final_problem(
            &Problem::Net(NetError::Timeout { phase: "x".into() }),
            true
        ));
        assert!(final_problem(
            &Problem::Auth {
                status: 401,
                www_authenticate: None,
                url: String::new()
            },
            true
        ));
    }
}
