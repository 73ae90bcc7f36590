//! MCP's HTTP transports as [`handshake::Conn`]s, so the conversation
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
use super::client::{Client, NetError, Reply};
use super::sse;
use crate::urls;

/// Redirects followed per request (307/308 only: they keep the POST).
pub const MAX_REDIRECTS: usize = 5;
/// Characters of a body kept to quote it.
pub const BODY_HEAD: usize = 300;

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
            if urls::origin(&to) != urls::origin(&url) {
                // credentials must not follow to another origin
                headers.truncate(extra.len());
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
    let mut bytes = Vec::new();
    let _ = reply
        .body
        .take(BODY_HEAD as u64 * 4)
        .read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one.chars().take(BODY_HEAD).collect()
}

/// A JSON-RPC error object in a body, as `code: message`.
fn rpc_error_of(head: &str) -> Option<String> {
    let v: Value = serde_json::from_str(head).ok()?;
    let e = v.get("error")?;
    Some(format!(
        "{}: {}",
        e.get("code").map(Value::to_string).unwrap_or_default(),
        e.get("message").and_then(Value::as_str).unwrap_or("")
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
    let head = head_of(reply);
    Problem::Status {
        status,
        rpc_error: rpc_error_of(&head),
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

    /// Ask the server to end the session (best effort, short).
    pub fn close(&mut self) {
        self.stream = None;
        if let Some(s) = self.session.take() {
            let deadline = Instant::now() + Duration::from_secs(2);
            let h = vec![("Mcp-Session-Id".to_string(), s)];
            let _ = self
                .shared
                .send("DELETE", &self.url.clone(), &h, None, None, deadline);
        }
    }
}

impl Conn for Streamable<'_, '_> {
    fn send(&mut self, msg: &Value) -> bool {
        self.stream = None;
        if self.problem.is_some() {
            return false;
        }
        let is_request = msg.get("id").is_some() && msg.get("method").is_some();
        let rpc = msg
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string);
        let body = msg.to_string();
        let headers = self.headers_for(msg);
        let url = self.url.clone();
        let result = self.shared.send(
            "POST",
            &url,
            &headers,
            Some(&body),
            rpc.as_deref(),
            self.deadline,
        );
        let (reply, at) = match result {
            Ok(r) => r,
            Err(p) => {
                self.problem = Some(p);
                return false;
            }
        };
        // later requests go where the redirects led
        self.url = at;
        if let Some(s) = reply.header("mcp-session-id")
            && !self.modern
        {
            self.session = Some(s.to_string());
        }
        let status = reply.status;
        if !(200..300).contains(&status) {
            self.problem = Some(status_problem(reply, &self.url));
            return false;
        }
        let media = reply.media_type();
        match media.as_str() {
            "text/event-stream" => {
                self.stream = Some(sse::Reader::new(reply.body));
                self.waiting = is_request;
            }
            "application/json" => match reply.text() {
                Ok(text) if text.trim().is_empty() => {
                    if is_request {
                        self.problem = Some(Problem::NoReply { status });
                    }
                }
                Ok(text) => {
                    let frames: Vec<Frame> = match serde_json::from_str::<Value>(&text) {
                        // a batch of replies
                        Ok(Value::Array(items)) => items
                            .iter()
                            .map(|i| Frame::Line(i.to_string().into_bytes()))
                            .collect(),
                        _ => vec![Frame::Line(text.trim().as_bytes().to_vec())],
                    };
                    for f in frames {
                        self.learn(&f);
                        self.queue.push_back(f);
                    }
                }
                Err(e) => self.problem = Some(Problem::Net(e)),
            },
            _ if status == 202 || status == 204 => {
                if is_request {
                    self.problem = Some(Problem::NoReply { status });
                }
            }
            _ => {
                let head = head_of(reply);
                if head.is_empty() && !is_request {
                    return true;
                }
                self.problem = Some(Problem::NotMcp {
                    status,
                    media,
                    head,
                });
            }
        }
        self.problem.is_none()
    }

    fn recv(&mut self, deadline: Instant) -> HsEvent {
        loop {
            if let Some(f) = self.queue.pop_front() {
                return HsEvent::Frame(f);
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
