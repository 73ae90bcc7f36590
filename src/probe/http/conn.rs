//! MCP's HTTP transports as [`Conn`]s, so the conversation
//! (`handshake::run`, `handshake::discover`) is the very one stdio servers
//! get:
//! - [`Streamable`]: one POST per message with `Accept: application/json,
//!   text/event-stream`; the reply is one JSON document or an SSE stream of
//!   messages; `Mcp-Session-Id` and `MCP-Protocol-Version` as the 2025 era
//!   wants them, or, for the 2026-07-28 era, no session and the
//!   `Mcp-Method` header on every request;
//! - [`Legacy`]: the 2024-11-05 HTTP+SSE transport: a GET stream whose
//!   first `endpoint` event names where to POST, replies arriving on the
//!   stream.
//!
//! Whatever goes wrong below JSON-RPC (a status, a content type, the
//! network) stops the conversation and is kept as a [`Problem`] for
//! `probe::http` to judge; the handshake then only sees the connection
//! close.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::super::framing::Frame;
use super::super::handshake::{Conn, Event as HsEvent, MODERN_VERSION};
use super::client::{Client, Message, NetError, Reply};
use super::sse;
use crate::urls;

/// Redirects followed per request (307/308 only: they keep the POST).
pub const MAX_REDIRECTS: usize = 5;
/// Characters of a body kept to quote it.
pub const BODY_HEAD: usize = 300;
/// Bytes of a refused request's body read to find a JSON-RPC error in it
/// (its `data` may hold a stack trace): the head quoted is cut from them.
const ERROR_BODY: u64 = 64 * 1024;
/// Characters of a JSON-RPC error's message kept (the message quotes it).
const ERROR_MESSAGE: usize = 500;

/// What went wrong below JSON-RPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Net(NetError),
    /// 401 or 403, with the challenge (the auth step reads the rest).
    Auth {
        status: u16,
        www_authenticate: Option<String>,
        url: String,
    },
    /// Another status than the transport allows.
    Status {
        status: u16,
        media: String,
        head: String,
        /// A JSON-RPC error in the body (`Bad Request: No valid session
        /// ID provided`, `Server not initialized`), as `code: message`.
        rpc_error: Option<String>,
    },
    /// A 2xx whose content is not MCP: an HTML page, another JSON, text.
    NotMcp {
        status: u16,
        media: String,
        head: String,
    },
    /// A redirect MCP clients cannot follow (or too many).
    Redirect {
        status: u16,
        to: Option<String>,
        why: String,
    },
    /// A request answered with no reply and no stream.
    NoReply {
        status: u16,
    },
    /// The legacy stream ended, or sent no `endpoint` event in time.
    Stream {
        why: String,
    },
}

/// One HTTP request as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Request {
    pub method: String,
    pub url: String,
    /// The JSON-RPC method carried, when there is one.
    pub rpc: Option<String>,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub ms: u64,
}

/// The most the session's DELETE waits ([`Streamable::close`]).
pub const CLOSE_MAX: Duration = Duration::from_secs(1);
/// What the session's DELETE gets when the probe's deadline has passed
/// or is nearer ([`Streamable::close`]).
pub const CLOSE_GRACE: Duration = Duration::from_millis(150);

/// What every connection to one target shares.
pub struct Shared<'a> {
    pub client: &'a Client,
    /// The user's headers (values are secrets: never reported).
    pub headers: &'a [(String, String)],
    pub log: Vec<Request>,
    /// `"307 → https://..."`.
    pub redirects: Vec<String>,
}

impl Shared<'_> {
    fn note(
        &mut self,
        method: &str,
        url: &str,
        rpc: Option<&str>,
        reply: Option<&Reply>,
        t0: Instant,
    ) {
        self.log.push(Request {
            method: method.into(),
            url: url.into(),
            rpc: rpc.map(str::to_string),
            status: reply.map(|r| r.status),
            content_type: reply.and_then(|r| r.header("content-type").map(str::to_string)),
            ms: u64::try_from(t0.elapsed().as_millis()).unwrap_or(u64::MAX),
        });
    }

    /// A request, following 307/308 like `fetch` does; a redirect that
    /// would turn the POST into a GET, leave https, loop or lack a
    /// `Location` is a [`Problem::Redirect`]. Returns the reply and the
    /// URL that answered.
    fn send(
        &mut self,
        method: &str,
        url: &str,
        extra: &[(String, String)],
        body: Option<&str>,
        rpc: Option<&str>,
        deadline: Instant,
    ) -> Result<(Reply, String), Problem> {
        let mut url = url.to_string();
        let mut headers: Vec<(String, String)> = extra.to_vec();
        headers.extend(self.headers.iter().cloned());
        for _ in 0..=MAX_REDIRECTS {
            let t0 = Instant::now();
            let reply = match self.client.request(method, &url, &headers, body, deadline) {
                Ok(r) => r,
                Err(e) => {
                    self.note(method, &url, rpc, None, t0);
                    return Err(Problem::Net(e));
                }
            };
            self.note(method, &url, rpc, Some(&reply), t0);
            if !(300..400).contains(&reply.status) || reply.status == 304 {
                return Ok((reply, url));
            }
            let to = reply.header("location").map(|l| urls::join(&url, l));
            let Some(to) = to else {
                return Err(Problem::Redirect {
                    status: reply.status,
                    to: None,
                    why: "without a Location header".into(),
                });
            };
            // a Location no HTTP client can follow (another scheme, a
            // control character): the redirect's fault, not the URL's
            if !urls::is_http_url(&to) || to.chars().any(char::is_control) {
                let shown = if to.chars().any(char::is_control) {
                    None
                } else {
                    Some(to.chars().take(200).collect())
                };
                return Err(Problem::Redirect {
                    status: reply.status,
                    to: shown,
                    why: if urls::is_http_url(&to) {
                        "to a Location holding a control character".into()
                    } else {
                        "to a Location that is not an http(s) URL".into()
                    },
                });
            }
            self.redirects.push(format!("{} → {to}", reply.status));
            if method == "POST" && !matches!(reply.status, 307 | 308) {
                return Err(Problem::Redirect {
                    status: reply.status,
                    to: Some(to),
                    why: "a POST redirected this way becomes a GET and loses its message".into(),
                });
            }
            if url.starts_with("https://") && to.starts_with("http://") {
                return Err(Problem::Redirect {
                    status: reply.status,
                    to: Some(to),
                    why: "from https to plain http".into(),
                });
            }
            if !urls::same_origin(&to, &url) {
                // credentials do not follow to another origin; the user's
                // other headers do, as Node's fetch (the bridge's) sends them
                let user = headers.split_off(extra.len());
                headers.extend(
                    user.into_iter()
                        .filter(|(k, _)| !urls::is_credential_header(k)),
                );
            }
            url = to;
        }
        Err(Problem::Redirect {
            status: 0,
            to: Some(url),
            why: format!("more than {MAX_REDIRECTS} redirects (a loop?)"),
        })
    }
}

/// The start of a body, for quoting (lossy, one line).
fn head_of(reply: Reply) -> String {
    body_of(reply, BODY_HEAD as u64 * 4).0
}

/// Up to `limit` bytes of a body: the text, and its start for quoting
/// (one line, [`BODY_HEAD`] characters).
fn body_of(reply: Reply, limit: u64) -> (String, String) {
    let mut bytes = Vec::new();
    let _ = reply.body.take(limit).read_to_end(&mut bytes);
    let text = crate::text::lossy_owned(bytes);
    let head = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(BODY_HEAD)
        .collect();
    (head, text)
}

/// A JSON-RPC error object in a body (the whole body: an error with a long
/// `data` is one still), as `code: message`. A body cut at [`ERROR_BODY`]
/// inside its `data` (a stack trace, a dump) is read up to it.
fn rpc_error_of(body: &str) -> Option<String> {
    rpc_error_in(body).or_else(|| {
        let at = body.find("\"data\"")?;
        let before = body[..at].trim_end().strip_suffix(',')?;
        rpc_error_in(&format!("{before}}}}}"))
    })
}

fn rpc_error_in(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    // a JSON-RPC error object has a numeric code; `{"error": "not found"}`
    // is some other service's JSON, quoted as it is
    let e = v
        .get("error")
        .filter(|e| e.get("code").is_some_and(Value::is_i64))?;
    let message = e.get("message").and_then(Value::as_str).unwrap_or("");
    Some(format!(
        "{}: {}",
        e.get("code").map(Value::to_string).unwrap_or_default(),
        crate::text::clip(message, ERROR_MESSAGE)
    ))
}

/// The problem a non-2xx reply is.
fn status_problem(reply: Reply, url: &str) -> Problem {
    let status = reply.status;
    if status == 401 || status == 403 {
        return Problem::Auth {
            status,
            www_authenticate: reply.header("www-authenticate").map(str::to_string),
            url: url.to_string(),
        };
    }
    let media = reply.media_type();
    let (head, body) = body_of(reply, ERROR_BODY);
    Problem::Status {
        status,
        rpc_error: rpc_error_of(&body),
        media,
        head,
    }
}

/// Streamable HTTP (either era).
pub struct Streamable<'s, 'a> {
    pub shared: &'s mut Shared<'a>,
    pub url: String,
    /// The 2026-07-28 era: `Mcp-Method` on every request, no session.
    pub modern: bool,
    pub deadline: Instant,
    pub session: Option<String>,
    /// The version negotiated by `initialize` (sent as
    /// `MCP-Protocol-Version` afterwards).
    pub negotiated: Option<String>,
    pub problem: Option<Problem>,
    queue: VecDeque<Frame>,
    stream: Option<sse::Reader<Box<dyn Read + Send>>>,
    /// A request was sent whose reply has not come.
    waiting: bool,
    /// The reply stream failed while it was read ahead.
    stream_error: Option<NetError>,
    /// Requests POSTed ahead ([`Conn::prefetch`]) and what each brought.
    prefetched: Vec<(Value, Posted)>,
    /// The quickest POST so far, from sending to the reply's head: how
    /// far away the server is.
    fastest: Option<Duration>,
}

impl<'s, 'a> Streamable<'s, 'a> {
    pub fn new(shared: &'s mut Shared<'a>, url: &str, modern: bool, deadline: Instant) -> Self {
        Streamable {
            shared,
            url: url.to_string(),
            modern,
            deadline,
            session: None,
            negotiated: None,
            problem: None,
            queue: VecDeque::new(),
            stream: None,
            waiting: false,
            stream_error: None,
            prefetched: Vec::new(),
            fastest: None,
        }
    }

    fn headers_for(&self, msg: &Value) -> Vec<(String, String)> {
        let mut h = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            (
                "Accept".to_string(),
                "application/json, text/event-stream".to_string(),
            ),
        ];
        let method = msg.get("method").and_then(Value::as_str);
        if self.modern {
            h.push(("MCP-Protocol-Version".into(), MODERN_VERSION.into()));
            if let Some(m) = method {
                h.push(("Mcp-Method".into(), m.into()));
            }
        } else if let Some(v) = &self.negotiated {
            h.push(("MCP-Protocol-Version".into(), v.clone()));
        }
        if let Some(s) = &self.session {
            h.push(("Mcp-Session-Id".into(), s.clone()));
        }
        h
    }

    /// Read the initialize result's version off a frame (for the header).
    fn learn(&mut self, frame: &Frame) {
        if self.modern || self.negotiated.is_some() {
            return;
        }
        if let Frame::Line(l) = frame
            && let Ok(v) = serde_json::from_slice::<Value>(l)
            && let Some(pv) = v
                .get("result")
                .and_then(|r| r.get("protocolVersion"))
                .and_then(Value::as_str)
        {
            self.negotiated = Some(pv.to_string());
        }
    }

    /// Ask the server to end the session with a DELETE: a courtesy once
    /// the conversation is over, not part of the probe's work. It gets
    /// what is left of the probe's deadline, within [`CLOSE_GRACE`] and
    /// [`CLOSE_MAX`]: a server that used up `--timeout` (it hung on a
    /// listing) costs at most the grace more, and one whose DELETE hangs
    /// at most [`CLOSE_MAX`], never the rest of a long budget. The report
    /// leaves its time out of `timings_ms.total` (`probe::http::converse`).
    pub fn close(&mut self) {
        self.retire_stream();
        let Some(s) = self.session.take() else {
            return;
        };
        let t0 = Instant::now();
        let left = self.deadline.saturating_duration_since(t0);
        let deadline = t0 + left.clamp(CLOSE_GRACE, CLOSE_MAX);
        let h = vec![("Mcp-Session-Id".to_string(), s)];
        let _ = self
            .shared
            .send("DELETE", &self.url.clone(), &h, None, None, deadline);
    }
}

/// What one POST of a message brought: where later requests go, the
/// session, the frames already read, the reply stream left to read, and
/// the problem, if any. [`Streamable::send`] takes it in at once; a
/// prefetch reads it ahead on a thread of its own.
struct Posted {
    /// The URL that answered (after redirects).
    at: Option<String>,
    session: Option<String>,
    frames: Vec<Frame>,
    stream: Option<sse::Reader<Box<dyn Read + Send>>>,
    /// A request was sent whose reply has not been read yet.
    waiting: bool,
    /// The reply stream failed while it was read ahead.
    stream_error: Option<NetError>,
    problem: Option<Problem>,
}

impl Posted {
    fn empty() -> Posted {
        Posted {
            at: None,
            session: None,
            frames: Vec::new(),
            stream: None,
            waiting: false,
            stream_error: None,
            problem: None,
        }
    }

    fn failed(problem: Problem) -> Posted {
        Posted {
            problem: Some(problem),
            ..Posted::empty()
        }
    }

    /// Read the reply stream ahead until the reply to `id`, a request
    /// from the server (it may wait for the answer), the stream's end, or
    /// [`MAX_AHEAD`] messages (a server flooding notifications is left to
    /// the handshake, which bounds it by the deadline, not held in memory).
    fn read_ahead(&mut self, id: &Value) {
        if !self.waiting {
            return;
        }
        while let Some(stream) = self.stream.as_mut() {
            if self.frames.len() >= MAX_AHEAD {
                return;
            }
            match stream.next_event() {
                Ok(Some(e)) if e.kind == "message" => {
                    let f = e.frame();
                    let head = match &f {
                        Frame::Line(l) => serde_json::from_slice::<Head>(l).ok(),
                        _ => None,
                    };
                    self.frames.push(f);
                    match head {
                        Some(h) if h.method.is_none() && h.id.as_ref() == Some(id) => {
                            // the reply: nothing more is wanted from it
                            retire_stream(self.stream.take());
                            return;
                        }
                        // a request: the server may wait for mcpctl's answer
                        Some(h) if h.method.is_some() && h.id.is_some() => return,
                        // a notification, another reply: read on
                        Some(_) => {}
                        None => return,
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => self.stream = None,
                Err(e) => {
                    self.stream = None;
                    self.stream_error = Some(super::client::read_error(&e));
                }
            }
        }
    }
}

/// From this round trip on, a server is far away: the listings are sent
/// side by side (each one sent ahead saves a round trip of the network)
/// and reply streams are read to their end to keep their connections
/// (each saves a TCP and TLS set-up). Below it the server's own work is
/// what a request waits for: requests side by side only share out the
/// CPU and a thread costs more than a local connection (a local
/// `server-everything` on 2 cores answered about 0.2 ms later that way).
pub const PREFETCH_LATENCY: Duration = Duration::from_millis(10);

/// How long a retired reply stream is waited for to end.
const RETIRE_WAIT: Duration = Duration::from_millis(2);

/// A reply no longer needed, read to its end (`drain`) on a thread of its
/// own and waited for briefly: a server that ends it right after the
/// reply (the SDKs do) gives the connection back for the next request,
/// which saves a TCP (and TLS) set-up on both sides. A reply the server
/// keeps open is dropped when it ends or its request's deadline passes.
fn retire(drain: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("mcpctl-drain".into())
        .spawn(move || {
            drain();
            let _ = tx.send(());
        });
    if spawned.is_ok() {
        let _ = rx.recv_timeout(RETIRE_WAIT);
    }
}

/// [`retire`] for a reply stream.
fn retire_stream(stream: Option<sse::Reader<Box<dyn Read + Send>>>) {
    if let Some(mut stream) = stream {
        retire(move || {
            for _ in 0..MAX_DRAINED {
                if !matches!(stream.next_event(), Ok(Some(_))) {
                    break;
                }
            }
        });
    }
}

/// Messages a reply stream is read ahead by ([`Posted::read_ahead`]).
const MAX_AHEAD: usize = 64;

/// Events read off a retired stream before it is given up.
const MAX_DRAINED: usize = 64;
/// Bytes read off another retired body.
const MAX_DRAINED_BYTES: u64 = 64 * 1024;

/// What [`Posted::read_ahead`] reads of a message (the rest is skipped,
/// not built).
#[derive(serde::Deserialize)]
struct Head {
    id: Option<Value>,
    method: Option<serde::de::IgnoredAny>,
}

/// POST one message and take in the reply's head (and a JSON body).
/// `far`: the server is far away ([`Streamable::far`]): worth a thread
/// to keep the connection of a reply that may not end at once.
#[allow(clippy::too_many_arguments)]
fn post(
    shared: &mut Shared,
    url: &str,
    headers: &[(String, String)],
    msg: &Value,
    modern: bool,
    far: bool,
    deadline: Instant,
) -> Posted {
    let is_request = msg.get("id").is_some() && msg.get("method").is_some();
    let rpc = msg.get("method").and_then(Value::as_str);
    let body = msg.to_string();
    let (reply, at) = match shared.send("POST", url, headers, Some(&body), rpc, deadline) {
        Ok(r) => r,
        Err(p) => return Posted::failed(p),
    };
    let mut out = Posted::empty();
    if !modern {
        out.session = reply.header("mcp-session-id").map(str::to_string);
    }
    let status = reply.status;
    if !(200..300).contains(&status) {
        out.problem = Some(status_problem(reply, &at));
        out.at = Some(at);
        return out;
    }
    out.at = Some(at);
    let media = reply.media_type();
    match media.as_str() {
        "text/event-stream" => {
            out.stream = Some(sse::Reader::new(reply.body));
            out.waiting = is_request;
        }
        "application/json" => match reply.message() {
            Ok(Message::TooLong { head, len }) => {
                out.frames = vec![Frame::TooLong { head, len }];
            }
            Ok(Message::Text(text)) if text.trim().is_empty() => {
                if is_request {
                    out.problem = Some(Problem::NoReply { status });
                }
            }
            Ok(Message::Text(text)) => {
                out.frames = match serde_json::from_str::<Value>(&text) {
                    // a batch of replies
                    Ok(Value::Array(items)) => items
                        .iter()
                        .map(|i| Frame::Line(i.to_string().into_bytes()))
                        .collect(),
                    _ => vec![Frame::Line(text.trim().as_bytes().to_vec())],
                };
            }
            Err(e) => out.problem = Some(Problem::Net(e)),
        },
        _ if status == 202 || status == 204 => {
            // the (empty) body read to its end gives the connection back
            // for the next request: one TCP set-up less on both sides
            if status == 204 || reply.header("content-length") == Some("0") {
                let _ = reply.text();
            } else if far {
                let mut body = reply.body.take(MAX_DRAINED_BYTES);
                retire(move || {
                    let _ = std::io::copy(&mut body, &mut std::io::sink());
                });
            }
            if is_request {
                out.problem = Some(Problem::NoReply { status });
            }
        }
        _ => {
            let head = head_of(reply);
            if !head.is_empty() || is_request {
                out.problem = Some(Problem::NotMcp {
                    status,
                    media,
                    head,
                });
            }
        }
    }
    out
}

impl Streamable<'_, '_> {
    /// The server is far away: its quickest round trip so far is at
    /// least [`PREFETCH_LATENCY`], so the network, not the server's work,
    /// is what each request waits for.
    fn far(&self) -> bool {
        self.fastest.is_some_and(|d| d >= PREFETCH_LATENCY)
    }

    /// Done with the reply stream: kept reading to its end when the
    /// server is far (a new connection costs round trips there), else
    /// dropped (a thread costs more than a local connection).
    fn retire_stream(&mut self) {
        let stream = self.stream.take();
        if self.far() {
            retire_stream(stream);
        }
    }

    /// POST `msg` to where this connection POSTs, with its headers.
    fn post(&mut self, msg: &Value, far: bool) -> Posted {
        let headers = self.headers_for(msg);
        let url = self.url.clone();
        post(
            self.shared,
            &url,
            &headers,
            msg,
            self.modern,
            far,
            self.deadline,
        )
    }

    /// POST mcpctl's answer to a request the server sent on a reply
    /// stream, and go on reading that stream: the reply mcpctl waits for
    /// comes after it.
    fn answer(&mut self, msg: &Value) -> bool {
        let posted = self.post(msg, false);
        self.follow(posted.at);
        for f in posted.frames {
            self.learn(&f);
            self.queue.push_back(f);
        }
        self.problem = posted.problem;
        self.problem.is_none()
    }

    /// Later requests go where a POST's redirects led, within the origin:
    /// a redirect to another origin is followed anew at each request, as
    /// the SDK's `fetch` does, so credentials never go there.
    fn follow(&mut self, at: Option<String>) {
        if let Some(at) = at.filter(|at| urls::same_origin(at, &self.url)) {
            self.url = at;
        }
    }

    /// Take in what a POST brought.
    fn take(&mut self, posted: Posted) -> bool {
        self.follow(posted.at);
        if let Some(s) = posted.session {
            self.session = Some(s);
        }
        for f in posted.frames {
            self.learn(&f);
            self.queue.push_back(f);
        }
        self.stream = posted.stream;
        self.waiting = posted.waiting;
        self.stream_error = posted.stream_error;
        self.problem = posted.problem;
        self.problem.is_none()
    }
}

impl Conn for Streamable<'_, '_> {
    fn send(&mut self, msg: &Value) -> bool {
        if self.problem.is_some() {
            return false;
        }
        if msg.get("method").is_none() {
            return self.answer(msg);
        }
        self.retire_stream();
        self.stream_error = None;
        if let Some(i) = self.prefetched.iter().position(|(m, _)| m == msg) {
            let (_, posted) = self.prefetched.swap_remove(i);
            return self.take(posted);
        }
        let t0 = Instant::now();
        let posted = self.post(msg, self.far());
        let took = t0.elapsed();
        self.fastest = Some(self.fastest.map_or(took, |f| f.min(took)));
        self.take(posted)
    }

    /// The requests POSTed side by side, each on a thread of its own that
    /// reads its reply stream up to the reply; `send` then takes each in
    /// as if it had just been POSTed. The request log keeps their order.
    /// Only for a server far away ([`PREFETCH_LATENCY`]).
    fn prefetch(&mut self, msgs: &[Value]) {
        if self.problem.is_some() || msgs.len() < 2 || !self.far() {
            return;
        }
        let url = self.url.clone();
        let (client, user_headers) = (self.shared.client, self.shared.headers);
        let (modern, deadline) = (self.modern, self.deadline);
        let jobs: Vec<(&Value, Vec<(String, String)>)> =
            msgs.iter().map(|m| (m, self.headers_for(m))).collect();
        let done: Vec<(Posted, Shared)> = std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .iter()
                .map(|(msg, headers)| {
                    let url = &url;
                    scope.spawn(move || {
                        let mut shared = Shared {
                            client,
                            headers: user_headers,
                            log: Vec::new(),
                            redirects: Vec::new(),
                        };
                        let mut posted =
                            post(&mut shared, url, headers, msg, modern, true, deadline);
                        posted.read_ahead(msg.get("id").unwrap_or(&Value::Null));
                        (posted, shared)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for ((msg, _), (posted, shared)) in jobs.iter().zip(done) {
            self.shared.log.extend(shared.log);
            for r in shared.redirects {
                if !self.shared.redirects.contains(&r) {
                    self.shared.redirects.push(r);
                }
            }
            self.prefetched.push(((*msg).clone(), posted));
        }
    }

    fn recv(&mut self, deadline: Instant) -> HsEvent {
        loop {
            if let Some(f) = self.queue.pop_front() {
                return HsEvent::Frame(f);
            }
            if let Some(net) = self.stream_error.take() {
                if matches!(net, NetError::Timeout { .. }) {
                    return HsEvent::TimedOut;
                }
                self.problem = Some(Problem::Net(net));
                return HsEvent::Closed;
            }
            if Instant::now() >= deadline {
                return HsEvent::TimedOut;
            }
            let Some(stream) = self.stream.as_mut() else {
                if self.problem.is_none() && self.waiting {
                    self.problem = Some(Problem::Stream {
                        why: "the reply stream ended without the reply".into(),
                    });
                }
                return HsEvent::Closed;
            };
            match stream.next_event() {
                Ok(Some(e)) if e.kind == "message" => {
                    let f = e.frame();
                    self.learn(&f);
                    return HsEvent::Frame(f);
                }
                Ok(Some(_)) => {}
                Ok(None) => self.stream = None,
                Err(e) => {
                    self.stream = None;
                    let net = super::client::read_error(&e);
                    if matches!(net, NetError::Timeout { .. }) {
                        return HsEvent::TimedOut;
                    }
                    self.problem = Some(Problem::Net(net));
                    return HsEvent::Closed;
                }
            }
        }
    }

    fn try_recv(&mut self) -> Option<Frame> {
        self.queue.pop_front()
    }
}

/// The legacy HTTP+SSE transport.
pub struct Legacy<'s, 'a> {
    pub shared: &'s mut Shared<'a>,
    pub endpoint: String,
    pub deadline: Instant,
    pub problem: Option<Problem>,
    events: mpsc::Receiver<Result<sse::Event, NetError>>,
}

impl<'s, 'a> Legacy<'s, 'a> {
    /// GET the stream and wait for its `endpoint` event.
    pub fn open(
        shared: &'s mut Shared<'a>,
        url: &str,
        deadline: Instant,
    ) -> Result<Legacy<'s, 'a>, Problem> {
        let h = vec![("Accept".to_string(), "text/event-stream".to_string())];
        let (reply, at) = shared.send("GET", url, &h, None, None, deadline)?;
        if !(200..300).contains(&reply.status) {
            return Err(status_problem(reply, &at));
        }
        let media = reply.media_type();
        if media != "text/event-stream" {
            let status = reply.status;
            return Err(Problem::NotMcp {
                status,
                media,
                head: head_of(reply),
            });
        }
        let (tx, rx) = mpsc::channel();
        let body = reply.body;
        // Ends when the stream does, or at the request's deadline (its
        // read times out): nothing outlives the probe by more than that.
        std::thread::Builder::new()
            .name("mcpctl-sse".into())
            .spawn(move || {
                let mut r = sse::Reader::new(body);
                loop {
                    let item = match r.next_event() {
                        Ok(Some(e)) => Ok(e),
                        Ok(None) => break,
                        Err(e) => Err(super::client::read_error(&e)),
                    };
                    let stop = item.is_err();
                    if tx.send(item).is_err() || stop {
                        break;
                    }
                }
            })
            .map_err(|e| Problem::Stream {
                why: format!("could not start a reader thread: {e}"),
            })?;
        let left = deadline.saturating_duration_since(Instant::now());
        let endpoint = match rx.recv_timeout(left) {
            Ok(Ok(e)) if e.kind == "endpoint" => urls::join(&at, e.data.trim()),
            Ok(Ok(e)) => {
                return Err(Problem::Stream {
                    why: format!(
                        "the stream's first event is `{}`, not `endpoint`: the server may speak \
another protocol",
                        e.kind
                    ),
                });
            }
            Ok(Err(e)) => return Err(Problem::Net(e)),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(Problem::Net(NetError::Timeout {
                    phase: "waiting for the stream's endpoint event".into(),
                }));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Problem::Stream {
                    why: "the stream ended before its endpoint event".into(),
                });
            }
        };
        if endpoint.chars().any(char::is_control) {
            // never sent, never shown: it would write to the terminal
            return Err(Problem::Stream {
                why: "the stream's `endpoint` event holds a control character: no URL can be \
made of it"
                    .into(),
            });
        }
        if !urls::same_origin(&endpoint, url) {
            // the SDK refuses it; mcpctl would send the user's headers there
            return Err(Problem::Stream {
                why: format!(
                    "the stream's `endpoint` event names another origin ({endpoint}): the MCP SDK \
refuses an endpoint outside the server's origin"
                ),
            });
        }
        Ok(Legacy {
            shared,
            endpoint,
            deadline,
            problem: None,
            events: rx,
        })
    }
}

impl Conn for Legacy<'_, '_> {
    fn send(&mut self, msg: &Value) -> bool {
        if self.problem.is_some() {
            return false;
        }
        let h = vec![("Content-Type".to_string(), "application/json".to_string())];
        let rpc = msg
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string);
        let endpoint = self.endpoint.clone();
        match self.shared.send(
            "POST",
            &endpoint,
            &h,
            Some(&msg.to_string()),
            rpc.as_deref(),
            self.deadline,
        ) {
            Ok((reply, at)) if (200..300).contains(&reply.status) => {
                let _ = at;
                true
            }
            Ok((reply, at)) => {
                self.problem = Some(status_problem(reply, &at));
                false
            }
            Err(p) => {
                self.problem = Some(p);
                false
            }
        }
    }

    fn recv(&mut self, deadline: Instant) -> HsEvent {
        // the POST failed: no reply can come on the stream, and waiting
        // for one would wait out the whole budget
        if self.problem.is_some() {
            return HsEvent::Closed;
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Ok(e)) if e.kind == "message" => return HsEvent::Frame(e.frame()),
                Ok(Ok(_)) => {}
                Ok(Err(NetError::Timeout { .. })) | Err(mpsc::RecvTimeoutError::Timeout) => {
                    return HsEvent::TimedOut;
                }
                Ok(Err(e)) => {
                    self.problem = Some(Problem::Net(e));
                    return HsEvent::Closed;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    if self.problem.is_none() {
                        self.problem = Some(Problem::Stream {
                            why: "the server closed the event stream".into(),
                        });
                    }
                    return HsEvent::Closed;
                }
            }
        }
    }

    fn try_recv(&mut self) -> Option<Frame> {
        match self.events.try_recv() {
            Ok(Ok(e)) if e.kind == "message" => Some(e.frame()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a JSON-RPC error object (with a numeric code) is named one.
    #[test]
    fn only_a_json_rpc_error_is_called_one() {
        assert_eq!(
            rpc_error_of(r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Bad"}}"#)
                .as_deref(),
            Some("-32000: Bad")
        );
        assert_eq!(rpc_error_of(r#"{"error":"not found"}"#), None);
        assert_eq!(rpc_error_of(r#"{"error":{"message":"x"}}"#), None);
        // past the quoted head: still the error
        let long = format!(
            r#"{{"jsonrpc":"2.0","id":null,"error":{{"code":-32000,"message":"Bad","data":"{}"}}}}"#,
            "x".repeat(400)
        );
        assert!(long.len() > BODY_HEAD);
        assert_eq!(rpc_error_of(&long).as_deref(), Some("-32000: Bad"));
        // cut inside a `data` longer than what is read
        let cut = &long[..long.len() - 100];
        assert_eq!(rpc_error_of(cut).as_deref(), Some("-32000: Bad"));
        assert_eq!(rpc_error_of(r#"{"error":{"message":"x","data":"#), None);
    }

    fn streamed(events: &[String]) -> Posted {
        let body: String = events
            .iter()
            .map(|e| format!("event: message\ndata: {e}\n\n"))
            .collect();
        let reader: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(body.into_bytes()));
        Posted {
            stream: Some(sse::Reader::new(reader)),
            waiting: true,
            ..Posted::empty()
        }
    }

    fn note(i: usize) -> String {
        format!(r#"{{"jsonrpc":"2.0","method":"notifications/message","params":{{"n":{i}}}}}"#)
    }

    #[test]
    fn reading_ahead_passes_notifications_and_stops_at_the_reply() {
        let reply = r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}"#.to_string();
        let mut p = streamed(&[note(0), note(1), reply]);
        p.read_ahead(&serde_json::json!(1));
        assert_eq!(p.frames.len(), 3);
        assert!(p.stream.is_none(), "the stream is retired after the reply");
    }

    #[test]
    fn reading_ahead_stops_at_a_request_and_keeps_the_stream() {
        let ping = r#"{"jsonrpc":"2.0","id":"s1","method":"ping"}"#.to_string();
        let reply = r#"{"jsonrpc":"2.0","id":1,"result":{}}"#.to_string();
        let mut p = streamed(&[note(0), ping, reply]);
        p.read_ahead(&serde_json::json!(1));
        assert_eq!(p.frames.len(), 2);
        assert!(p.stream.is_some(), "the reply is still to be read");
    }

    #[test]
    fn a_flood_of_notifications_is_not_read_ahead_into_memory() {
        let mut events: Vec<String> = (0..MAX_AHEAD * 4).map(note).collect();
        events.push(r#"{"jsonrpc":"2.0","id":1,"result":{}}"#.into());
        let mut p = streamed(&events);
        p.read_ahead(&serde_json::json!(1));
        assert_eq!(p.frames.len(), MAX_AHEAD);
        assert!(p.stream.is_some(), "the rest is left for the handshake");
    }
}
