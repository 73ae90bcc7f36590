//! stdio framing: newline-delimited JSON-RPC 2.0, read with a hard memory
//! bound, and the classification of each stdout line (a message, a reply
//! split over several lines, an oversized message, or output that is not
//! JSON-RPC at all — a dotenv banner, a print, LSP `Content-Length`
//! framing). Also the bounded ring that keeps a server's recent stderr.
//! Pure over `std::io::Read`: no processes here.

use std::collections::VecDeque;
use std::io::{self, Read};

use serde_json::Value;

/// The largest message accepted: the TypeScript SDK that Claude Desktop
/// uses gives up on a single message over 10 MiB.
pub const MAX_MESSAGE: usize = 10 * 1024 * 1024;
/// Bytes kept of a line that is over its cap (for quoting it).
pub const HEAD_BYTES: usize = 1024;
/// Characters of an offending line quoted in reports.
pub const QUOTE_CHARS: usize = 200;
/// Read size. A line is stored only up to its cap, so memory per reader
/// stays under `cap + CHUNK`. 16 KB: the buffer is zeroed for every
/// reader (two per server, one per HTTP reply stream), and 64 KB of it
/// was 5% of an HTTP probe's instructions and 16 page faults a reader.
const CHUNK: usize = 16 * 1024;

/// One line read from a stream, without its `\n` (and a `\r` before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    Line(Vec<u8>),
    /// Longer than the cap: only the first [`HEAD_BYTES`] were kept.
    TooLong {
        head: Vec<u8>,
        len: u64,
    },
}

/// Splits a byte stream into lines, never storing more than `cap` bytes of
/// one line.
pub struct LineReader<R> {
    inner: R,
    cap: usize,
    cur: Vec<u8>,
    /// Length of the current line once it went over the cap.
    over: Option<u64>,
    ready: VecDeque<Frame>,
    eof: bool,
    peak: usize,
    chunk: Vec<u8>,
    /// Where the length of the unfinished line is published (for a reader
    /// on another thread), when asked for.
    progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

impl<R: Read> LineReader<R> {
    pub fn new(inner: R, cap: usize) -> LineReader<R> {
        LineReader {
            inner,
            cap,
            cur: Vec::new(),
            over: None,
            ready: VecDeque::new(),
            eof: false,
            peak: 0,
            chunk: vec![0u8; CHUNK],
            progress: None,
        }
    }

    /// Publish the length of the line being read (no newline yet) to
    /// `progress` after every read.
    pub fn with_progress(
        mut self,
        progress: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> LineReader<R> {
        self.progress = Some(progress);
        self
    }

    /// Bytes of the current line read so far (no newline yet).
    pub fn pending(&self) -> u64 {
        self.over.unwrap_or(self.cur.len() as u64)
    }

    /// The next complete line; `None` at end of stream. A last line
    /// without a newline is dropped, as a newline-delimited reader would
    /// never see it.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut chunk = std::mem::take(&mut self.chunk);
        let result = self.fill(&mut chunk);
        self.chunk = chunk;
        result
    }

    fn fill(&mut self, chunk: &mut [u8]) -> io::Result<Option<Frame>> {
        loop {
            if let Some(f) = self.ready.pop_front() {
                return Ok(Some(f));
            }
            if self.eof {
                return Ok(None);
            }
            let n = match self.inner.read(chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                self.eof = true;
                continue;
            }
            self.feed(&chunk[..n]);
            if let Some(p) = &self.progress {
                p.store(self.pending(), std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    /// The most bytes of one line held at once so far (for tests).
    pub fn peak_buffered(&self) -> usize {
        self.peak
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let (seg, rest, ends) = match bytes.iter().position(|&b| b == b'\n') {
                Some(i) => (&bytes[..i], &bytes[i + 1..], true),
                None => (bytes, &[][..], false),
            };
            self.append(seg);
            if ends {
                self.finish_line();
            }
            bytes = rest;
        }
    }

    fn append(&mut self, seg: &[u8]) {
        if let Some(len) = &mut self.over {
            *len += seg.len() as u64;
            return;
        }
        if self.cur.len() + seg.len() > self.cap {
            self.over = Some((self.cur.len() + seg.len()) as u64);
            let room = HEAD_BYTES.saturating_sub(self.cur.len());
            self.cur.extend_from_slice(&seg[..room.min(seg.len())]);
            self.cur.truncate(HEAD_BYTES);
            self.cur.shrink_to_fit();
            return;
        }
        // Grow by doubling, but never past the cap (plain Vec growth could
        // double a 9 MiB buffer to 18 MiB).
        let need = self.cur.len() + seg.len();
        if need > self.cur.capacity() {
            let target = (self.cur.capacity() * 2).max(need).min(self.cap);
            self.cur.reserve_exact(target - self.cur.len());
        }
        self.cur.extend_from_slice(seg);
        self.peak = self.peak.max(self.cur.capacity());
    }

    /// At the end of the stream, the last line when it had no newline
    /// (`next_frame` drops it, as a newline-delimited reader would): for
    /// a stream read by people, such as stderr, where it is what the
    /// program said last.
    pub fn unterminated(&mut self) -> Option<Frame> {
        if !self.eof || (self.cur.is_empty() && self.over.is_none()) {
            return None;
        }
        self.finish_line();
        self.ready.pop_back()
    }

    fn finish_line(&mut self) {
        let mut line = std::mem::take(&mut self.cur);
        let frame = match self.over.take() {
            Some(len) => Frame::TooLong { head: line, len },
            None => {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                Frame::Line(line)
            }
        };
        self.ready.push_back(frame);
    }
}

/// What kind of non-protocol line a server printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StdoutKind {
    /// dotenv@17's `[dotenv@17.x.x] injecting env ...` banner.
    DotenvBanner,
    /// Anything else printed: `print()`, `console.log`.
    Print,
    /// A log record (`INFO:root:...`, `[INFO] ...`,
    /// `2026-09-01 10:00:00,123 - x - INFO - ...`): a logger writing to
    /// stdout.
    LogRecord,
    /// LSP-style `Content-Length:` header framing: the wrong transport.
    ContentLength,
    /// A UTF-8 byte order mark before the line (a .NET or PowerShell
    /// console encoding writes one): the message itself may be fine, but
    /// the app's parser fails on the mark.
    ByteOrderMark,
    /// Valid JSON that is not a JSON-RPC message, or an oversized line.
    Other,
}

impl StdoutKind {
    /// Classify a line of text that is not JSON.
    pub fn of_text(line: &str) -> StdoutKind {
        if line.starts_with('\u{feff}') {
            return StdoutKind::ByteOrderMark;
        }
        let l = line.trim_start();
        if l.contains("[dotenv@") || l.contains("injecting env") {
            StdoutKind::DotenvBanner
        } else if l
            .get(..15)
            .is_some_and(|p| p.eq_ignore_ascii_case("content-length:"))
        {
            StdoutKind::ContentLength
        } else if log_record(l).is_some() {
            StdoutKind::LogRecord
        } else {
            StdoutKind::Print
        }
    }
}

/// Level names a log record carries, as the loggers spell them.
const LOG_LEVELS: &[&str] = &[
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL",
];

/// What a log record looks like: which shape it has, for the hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogShape {
    /// A shape only Python's `logging` (or a Python logger) writes:
    /// `INFO:root:msg` (basicConfig's default), an asctime with a comma
    /// before the milliseconds (`2026-09-01 10:00:00,123`), rich's
    /// `[09/01/26 10:00:00] INFO`, loguru's `| INFO     |`.
    Python,
    /// Any other logger: `[INFO] msg`, `2026-09-01T10:00:00Z INFO msg`.
    Other,
}

/// Whether a stdout line is a log record, and of which shape: a level
/// name first (upper case, or in brackets), or among the first words
/// after a timestamp.
pub fn log_record(line: &str) -> Option<LogShape> {
    let l = line.trim_start();
    if python_default_format(l) {
        return Some(LogShape::Python);
    }
    let is_level = |w: &str| LOG_LEVELS.contains(&w.to_ascii_uppercase().as_str());
    let (stamp, after) = timestamp(l);
    if let Some(stamp) = stamp {
        let mut words = after
            .split([' ', '\t', '[', ']', '|', '-', ':'])
            .filter(|w| !w.is_empty());
        if !words.by_ref().take(3).any(is_level) {
            return None;
        }
        let python =
            stamp.contains(',') || (stamp.starts_with('[') && stamp.contains('/')) || after_pipe(l);
        return Some(if python {
            LogShape::Python
        } else {
            LogShape::Other
        });
    }
    // No timestamp: `[INFO] msg`, `[info] msg`, `INFO msg`, `WARN: msg`.
    let (bracketed, rest) = match l.strip_prefix('[') {
        Some(r) => (true, r),
        None => (false, l),
    };
    let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    let next = rest[word.len()..].chars().next();
    let fits = if bracketed {
        next == Some(']')
    } else {
        word.chars().all(|c| c.is_ascii_uppercase())
            && matches!(next, None | Some(' ' | ':' | '\t'))
    };
    (fits && is_level(&word)).then_some(LogShape::Other)
}

/// `INFO:root:msg`, `WARNING:mcp.server:msg`: the format of Python's
/// `logging.basicConfig()` (`%(levelname)s:%(name)s:%(message)s`).
fn python_default_format(l: &str) -> bool {
    let mut parts = l.splitn(3, ':');
    let (Some(level), Some(logger), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"].contains(&level)
        && !logger.is_empty()
        && !logger.contains(char::is_whitespace)
}

/// loguru's `2026-09-01 10:00:00.123 | INFO     | mod:fn:12 - msg`.
fn after_pipe(l: &str) -> bool {
    let parts: Vec<&str> = l.splitn(3, " | ").collect();
    parts.len() == 3
}

/// A timestamp at the start of `l` (`2026-09-01 10:00:00,123`,
/// `2026-09-01T10:00:00.000Z`, `[09/01/26 10:00:00]`, `10:00:00`), and the
/// rest of the line.
fn timestamp(l: &str) -> (Option<&str>, &str) {
    let bracket = l.starts_with('[');
    let body = if bracket { &l[1..] } else { l };
    let len = body
        .char_indices()
        .take_while(|&(i, c)| {
            c.is_ascii_digit()
                || matches!(c, '-' | '/' | ':' | '.' | ',' | '+')
                || (c == 'T' && i > 0)
                || (c == 'Z' && i > 0)
                || (c == ' ' && body[i + 1..].starts_with(|n: char| n.is_ascii_digit()))
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    let stamp = &body[..len];
    let digits = stamp.chars().filter(char::is_ascii_digit).count();
    if digits < 6 || !stamp.contains(':') {
        return (None, l);
    }
    let end = if bracket {
        match body[len..].strip_prefix(']') {
            Some(_) => len + 2,
            None => return (None, l),
        }
    } else {
        len
    };
    (Some(&l[..end]), &l[end..])
}

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

/// One stdout line, understood.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Request {
        id: Value,
        method: String,
    },
    Notification {
        method: String,
    },
    Response {
        id: Value,
        result: Result<Value, RpcError>,
    },
    /// A JSON object that is not a valid JSON-RPC 2.0 message.
    Malformed {
        reason: String,
        line: String,
    },
    /// JSON that Node's `JSON.parse` reads, nested deeper than
    /// [`MAX_DEPTH`]: mcpctl cannot read it, and it is no print.
    TooDeep {
        depth: usize,
    },
    /// The start of a JSON value that ends on a later line: a
    /// pretty-printed message.
    Split {
        line: String,
    },
    /// Not JSON-RPC at all; `node_error` is what Claude Desktop's Node
    /// says about the line (`JSON.parse`'s message; `None` for JSON that
    /// is not a JSON-RPC message).
    NonProtocol {
        line: String,
        kind: StdoutKind,
        node_error: Option<String>,
    },
    /// Over [`MAX_MESSAGE`].
    TooLong {
        head: String,
        len: u64,
    },
}

/// Understand one stdout frame.
pub fn classify(frame: &Frame) -> Incoming {
    match frame {
        Frame::TooLong { head, len } => Incoming::TooLong {
            head: mark_cut(quote(head)),
            len: *len,
        },
        Frame::Line(bytes) => classify_line(bytes),
    }
}

fn classify_line(bytes: &[u8]) -> Incoming {
    // The app's SDK decodes each line as UTF-8 with replacement (Node's
    // `buffer.toString("utf8")`) before `JSON.parse`: invalid bytes inside
    // a string become U+FFFD, not an error. Parse the same text.
    let text = crate::text::lossy(bytes);
    if text.trim().is_empty() {
        return Incoming::NonProtocol {
            line: quote(bytes),
            kind: StdoutKind::Print,
            node_error: super::node_json::parse_error(&text),
        };
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => message(map, bytes),
        Ok(_) => Incoming::NonProtocol {
            line: quote(bytes),
            kind: StdoutKind::Other,
            node_error: None,
        },
        Err(e) => {
            let first = text.trim_start().chars().next();
            if e.is_eof() && matches!(first, Some('{') | Some('[')) {
                return Incoming::Split { line: quote(bytes) };
            }
            let node_error = super::node_json::parse_error(&text);
            // JSON to JSON.parse, not to serde_json: a lone surrogate escape
            // (`"\udcc3"`: Python's surrogateescape, a string cut inside an
            // emoji): read it mended (a number past a double, `1e400`, is
            // read as written: serde_json keeps a number's digits)
            if node_error.is_none()
                && let Some(mended) = mended_for_serde(&text)
                && let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&mended)
            {
                return message(map, bytes);
            }
            // JSON that Node reads, nested past what serde_json takes (128
            // levels, a bound that keeps mcpctl's stack safe): not a print
            if node_error.is_none() {
                let depth = depth(&text);
                if depth > MAX_DEPTH {
                    return Incoming::TooDeep { depth };
                }
            }
            Incoming::NonProtocol {
                line: quote(bytes),
                kind: StdoutKind::of_text(&text),
                node_error,
            }
        }
    }
}

/// `text` mended where JSON.parse reads what serde_json refuses: every
/// `\uXXXX` escape of a lone UTF-16 surrogate (one no partner follows or
/// precedes) written `\uFFFD`, as JavaScript would show it; `None` when
/// there is none.
fn mended_for_serde(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let unit = |i: usize| -> Option<u16> {
        (b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u'))
            .then(|| text.get(i + 2..i + 6))
            .flatten()
            .and_then(|h| u16::from_str_radix(h, 16).ok())
    };
    let is_high = |u: u16| (0xD800..0xDC00).contains(&u);
    let is_low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out = String::new();
    let (mut i, mut last, mut in_string) = (0, 0, false);
    let mend = |out: &mut String, from: usize, to: usize, with: &str, last: &mut usize| {
        out.push_str(&text[*last..from]);
        out.push_str(with);
        *last = to;
    };
    while i < b.len() {
        match b[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                match unit(i) {
                    Some(u) if is_high(u) && unit(i + 6).is_some_and(is_low) => i += 12,
                    Some(u) if is_high(u) || is_low(u) => {
                        mend(&mut out, i, i + 6, "\\uFFFD", &mut last);
                        i += 6;
                    }
                    _ => i += 2,
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// How deep serde_json nests before it gives up: a bound that keeps
/// mcpctl's stack safe (its pump threads have small ones).
pub const MAX_DEPTH: usize = 128;

/// How deep the arrays and objects of a JSON text nest (strings skipped).
fn depth(text: &str) -> usize {
    let (mut now, mut most, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                now += 1;
                most = most.max(now);
            }
            b']' | b'}' => now = now.saturating_sub(1),
            _ => {}
        }
    }
    most
}

/// The keys of a JSON-RPC message: an object with none of them is not a
/// message gone wrong but other output (a JSON logger's record).
const RPC_KEYS: &[&str] = &["jsonrpc", "id", "method", "result", "error"];
/// Keys that make a JSON object a log record (pino, winston, bunyan,
/// structlog, a JSON formatter of Python's `logging`).
const LOG_KEYS: &[&str] = &[
    "level",
    "levelname",
    "severity",
    "msg",
    "message",
    "time",
    "timestamp",
];

fn message(mut map: serde_json::Map<String, Value>, bytes: &[u8]) -> Incoming {
    let malformed = |reason: &str| Incoming::Malformed {
        reason: reason.to_string(),
        line: quote(bytes),
    };
    if !RPC_KEYS.iter().any(|k| map.contains_key(*k)) {
        let log = LOG_KEYS.iter().any(|k| map.contains_key(*k));
        return Incoming::NonProtocol {
            line: quote(bytes),
            kind: if log {
                StdoutKind::LogRecord
            } else {
                StdoutKind::Other
            },
            node_error: None,
        };
    }
    if map.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return malformed("it lacks \"jsonrpc\": \"2.0\"");
    }
    if let Some(method) = map.get("method") {
        let Some(method) = method.as_str() else {
            return malformed("its \"method\" is not a string");
        };
        return match map.get("id") {
            Some(id) => Incoming::Request {
                id: id.clone(),
                method: method.to_string(),
            },
            None => Incoming::Notification {
                method: method.to_string(),
            },
        };
    }
    let Some(id) = map.get("id").cloned() else {
        return malformed("it has neither \"method\" nor \"id\"");
    };
    // the client's reply schemas are strict: one key more and the line is
    // no reply to it
    if let Some(extra) = map
        .keys()
        .find(|k| !["jsonrpc", "id", "result", "error"].contains(&k.as_str()))
    {
        return malformed(&format!(
            "it has a key JSON-RPC replies do not have ({}): the app's client does not take it \
for a reply and waits on until it times out",
            serde_json::to_string(&truncate(extra, 40)).unwrap_or_default()
        ));
    }
    // the result is moved out, not copied: a listing can be megabytes
    match (map.remove("result"), map.get("error")) {
        (Some(_), Some(_)) => malformed("it has both \"result\" and \"error\""),
        (Some(r), None) => match dropped_result(&r) {
            Some(why) => malformed(&why),
            None => Incoming::Response { id, result: Ok(r) },
        },
        (None, Some(err)) => match rpc_error(err) {
            Some(e) => Incoming::Response { id, result: Err(e) },
            None => malformed("its \"error\" lacks an integer \"code\" or a string \"message\""),
        },
        (None, None) => malformed("it has neither \"result\" nor \"error\""),
    }
}

/// Why the app's client (MCP TypeScript SDK 1.32.2) does not take a
/// reply with this `result` for a reply at all: its `ResultSchema` wants an
/// object whose `_meta`, when present, is an object (a `progressToken` in
/// it a string or an integer, a related task an object with a string
/// `taskId`). It drops such a line and waits on: a timeout in the app. A Go
/// struct without `omitempty` or a Rust `Option` serialised as `null`
/// writes `"_meta": null`.
fn dropped_result(r: &Value) -> Option<String> {
    const TASK: &str = "io.modelcontextprotocol/related-task";
    let tail = "the app's client does not take it for a reply and waits on until it times out";
    let Some(o) = r.as_object() else {
        return Some(format!(
            "its \"result\" is {}, not an object: {tail}",
            crate::text::json_kind(r)
        ));
    };
    let meta = o.get("_meta")?;
    let Some(m) = meta.as_object() else {
        return Some(format!(
            "its result's \"_meta\" is {}, not an object: {tail}; leave \"_meta\" out when \
there is none",
            crate::text::json_kind(meta)
        ));
    };
    // (3.0 is an integer to JavaScript)
    let token_ok = |t: &Value| t.is_string() || t.as_f64().is_some_and(|f| f.fract() == 0.0);
    if m.get("progressToken").is_some_and(|t| !token_ok(t)) {
        return Some(format!(
            "its result's \"_meta\".progressToken is neither a string nor an integer: {tail}"
        ));
    }
    if m.get(TASK)
        .is_some_and(|t| !t.get("taskId").is_some_and(Value::is_string))
    {
        return Some(format!(
            "its result's \"_meta\" names a related task without a string \"taskId\": {tail}"
        ));
    }
    None
}

fn rpc_error(v: &Value) -> Option<RpcError> {
    Some(RpcError {
        code: v.get("code")?.as_i64()?,
        message: v.get("message")?.as_str()?.to_string(),
        data: v.get("data").cloned(),
    })
}

/// A line for quoting: lossy UTF-8, at most [`QUOTE_CHARS`] characters
/// (an ellipsis marks the cut).
pub fn quote(bytes: &[u8]) -> String {
    let text = crate::text::lossy(bytes);
    truncate(&text, QUOTE_CHARS)
}

/// A stderr line, cut to `max` characters (shown line by line, escaped on
/// its way out).
fn clip(s: &str, max: usize) -> String {
    crate::text::clip(s, max).into_owned()
}

/// The head of a line that was cut, always ending in the cut mark `…`
/// (the head may be shorter than a quote, and would then show no mark).
fn mark_cut(mut head: String) -> String {
    if !head.ends_with('…') {
        head.push('…');
    }
    head
}

/// Text a server chose (an error message, a page's head), cut to `max`
/// characters (the cut marked with `…`) and made one line for quoting in
/// a message: a line break in it is shown as `\n` ([`crate::escape::one_line`]),
/// so it cannot start a line of its own, such as a forged `FAIL` line or a
/// `::error::` workflow command in CI output.
pub fn truncate(s: &str, max: usize) -> String {
    crate::escape::one_line(&crate::text::clip(s, max)).into_owned()
}

/// The last lines a server wrote to stderr, bounded in count and length.
#[derive(Debug, Clone, Default)]
pub struct Ring {
    lines: VecDeque<String>,
    max: usize,
}

/// Characters kept per stderr line.
pub const STDERR_LINE_CHARS: usize = 500;

impl Ring {
    pub fn new(max: usize) -> Ring {
        Ring {
            lines: VecDeque::new(),
            max,
        }
    }

    pub fn push_frame(&mut self, frame: &Frame) {
        let line = match frame {
            Frame::Line(b) => clip(&String::from_utf8_lossy(b), STDERR_LINE_CHARS),
            Frame::TooLong { head, len } => format!(
                "{} ({len} bytes)",
                mark_cut(clip(&String::from_utf8_lossy(head), STDERR_LINE_CHARS))
            ),
        };
        if self.max == 0 {
            return;
        }
        if self.lines.len() == self.max {
            self.lines.pop_front();
        }
        self.lines.push_back(line);
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8], cap: usize) -> Vec<Frame> {
        let mut r = LineReader::new(input, cap);
        let mut out = Vec::new();
        while let Some(f) = r.next_frame().expect("read") {
            out.push(f);
        }
        out
    }

    #[test]
    fn a_lone_surrogate_escape_is_json_as_javascript_reads_it() {
        let line = r#"{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"caf\udcc3 \ud83d\ude00 \ud83d"}]}}"#;
        let Incoming::Response { result: Ok(r), .. } = classify_line(line.as_bytes()) else {
            panic!("not a response: {line}");
        };
        assert_eq!(r["content"][0]["text"], "caf\u{fffd} \u{1f600} \u{fffd}");
        // an escaped backslash before `u` is no escape
        assert_eq!(mended_for_serde(r#"{"a":"\\ud800"}"#), None);
        // a number past a double's range (a Python int, `1e400`): JSON.parse
        // reads Infinity; mcpctl keeps the digits the server wrote
        let big = format!(
            r#"{{"jsonrpc":"2.0","id":1,"result":{{"n":{},"m":-1e400,"s":"1e400"}}}}"#,
            "9".repeat(400)
        );
        let Incoming::Response { result: Ok(r), .. } = classify_line(big.as_bytes()) else {
            panic!("not a response");
        };
        assert_eq!(r["n"].to_string(), "9".repeat(400));
        // (serde_json writes the exponent's sign: the same number)
        assert_eq!(r["m"].to_string(), "-1e+400");
        assert_eq!(r["s"], "1e400");
    }

    #[test]
    fn json_nested_past_what_mcpctl_reads_is_no_print() {
        let deep = |n: usize| {
            format!(
                "{{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{{\"t\":{}1{}}}}}",
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        // 2 levels of the message around the tree
        assert!(matches!(
            classify_line(deep(200).as_bytes()),
            Incoming::TooDeep { depth: 202 }
        ));
        assert!(matches!(
            classify_line(deep(100).as_bytes()),
            Incoming::Response { .. }
        ));
        // deep, but not JSON (Node says so too): a print as before
        let broken = format!("{}x", "[".repeat(200));
        assert!(matches!(
            classify_line(broken.as_bytes()),
            Incoming::NonProtocol { .. }
        ));
        // brackets inside strings do not count
        assert_eq!(depth(r#"{"a": "[[[[{{{{", "b": ["\"]"]}"#), 2);
    }

    #[test]
    fn the_unterminated_last_line_is_there_when_asked_for() {
        let mut r = LineReader::new(&b"one\nfatal: no key"[..], 100);
        assert_eq!(r.next_frame().unwrap(), Some(Frame::Line(b"one".to_vec())));
        assert_eq!(r.next_frame().unwrap(), None);
        assert_eq!(
            r.unterminated(),
            Some(Frame::Line(b"fatal: no key".to_vec()))
        );
        assert_eq!(r.unterminated(), None);
        let mut ended = LineReader::new(&b"one\n"[..], 100);
        while ended.next_frame().unwrap().is_some() {}
        assert_eq!(ended.unterminated(), None);
        let mut long = LineReader::new(&[b'x'; 300][..], 100);
        while long.next_frame().unwrap().is_some() {}
        assert!(matches!(
            long.unterminated(),
            Some(Frame::TooLong { len: 300, .. })
        ));
    }

    #[test]
    fn splits_lines_and_strips_crlf() {
        let f = frames(b"a\r\nb\n\nc", 100);
        assert_eq!(
            f,
            vec![
                Frame::Line(b"a".to_vec()),
                Frame::Line(b"b".to_vec()),
                Frame::Line(Vec::new())
            ]
        );
    }

    /// A reader of `n` bytes of `x` then a newline and `{}`, generated on
    /// the fly so the test itself holds no big buffer.
    struct Flood {
        left: usize,
        tail: &'static [u8],
    }
    impl Read for Flood {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.left > 0 {
                let n = buf.len().min(self.left);
                buf[..n].fill(b'x');
                self.left -= n;
                return Ok(n);
            }
            let n = buf.len().min(self.tail.len());
            buf[..n].copy_from_slice(&self.tail[..n]);
            self.tail = &self.tail[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_huge_line_is_bounded_and_reported_with_its_length() {
        let mut r = LineReader::new(
            Flood {
                left: 100 * 1024 * 1024,
                tail: b"\n{}\n",
            },
            MAX_MESSAGE,
        );
        let first = r.next_frame().expect("read").expect("frame");
        match first {
            Frame::TooLong { head, len } => {
                assert_eq!(len, 100 * 1024 * 1024);
                assert_eq!(head.len(), HEAD_BYTES);
            }
            other => panic!("expected TooLong, got {other:?}"),
        }
        assert!(
            r.peak_buffered() <= MAX_MESSAGE + CHUNK,
            "{}",
            r.peak_buffered()
        );
        assert_eq!(
            r.next_frame().expect("read"),
            Some(Frame::Line(b"{}".to_vec()))
        );
    }

    #[test]
    fn classifies_messages() {
        let c = |s: &str| classify(&Frame::Line(s.as_bytes().to_vec()));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","id":0,"result":{}}"#),
            Incoming::Response { id, result: Ok(_) } if id == serde_json::json!(0)
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","id":"0","result":{}}"#),
            Incoming::Response { id, .. } if id == serde_json::json!("0")
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"nope"}}"#),
            Incoming::Response {
                result: Err(RpcError { code: -32601, .. }),
                ..
            }
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","method":"notifications/message","params":{}}"#),
            Incoming::Notification { .. }
        ));
        assert!(matches!(
            c(r#"{"jsonrpc":"2.0","id":"p","method":"ping"}"#),
            Incoming::Request { .. }
        ));
        assert!(matches!(
            c(r#"{"id":0,"result":{}}"#),
            Incoming::Malformed { .. }
        ));
        // JSON that is no message at all: a JSON logger's record, or other
        assert!(matches!(
            c(r#"{"level":30,"time":1764400000000,"msg":"listening"}"#),
            Incoming::NonProtocol {
                kind: StdoutKind::LogRecord,
                node_error: None,
                ..
            }
        ));
        assert!(matches!(
            c(r#"{"ready":true}"#),
            Incoming::NonProtocol {
                kind: StdoutKind::Other,
                ..
            }
        ));
        assert!(matches!(c("{"), Incoming::Split { .. }));
        assert!(matches!(c(r#"{"jsonrpc": "2.0","#), Incoming::Split { .. }));
        assert!(matches!(
            c("42"),
            Incoming::NonProtocol {
                kind: StdoutKind::Other,
                ..
            }
        ));
    }

    /// Node decodes stdout as UTF-8 with replacement before JSON.parse, so
    /// a stray byte inside a string is a U+FFFD in the value, not junk.
    #[test]
    fn invalid_utf8_inside_a_string_is_a_message_as_in_node() {
        let line =
            b"{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"serverInfo\":{\"name\":\"caf\xe9\"}}}";
        match classify(&Frame::Line(line.to_vec())) {
            Incoming::Response { result: Ok(v), .. } => {
                assert_eq!(v["serverInfo"]["name"], "caf\u{FFFD}");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Replies the app's client drops as no reply (checked against
    /// `isJSONRPCResultResponse` of SDK 1.32.2): each a wrong shape here.
    #[test]
    fn results_the_client_does_not_take_for_replies() {
        let dropped = |result: &str| {
            let line = format!(r#"{{"jsonrpc":"2.0","id":0,"result":{result}}}"#);
            match classify_line(line.as_bytes()) {
                Incoming::Malformed { reason, .. } => Some(reason),
                Incoming::Response { .. } => None,
                other => panic!("{other:?}"),
            }
        };
        for bad in [
            r#"{"_meta":null}"#,
            r#"{"_meta":"x"}"#,
            r#"{"_meta":[]}"#,
            "5",
            "null",
            r#"{"_meta":{"progressToken":1.5}}"#,
            r#"{"_meta":{"io.modelcontextprotocol/related-task":{}}}"#,
        ] {
            let why = dropped(bad).unwrap_or_default();
            assert!(why.contains("does not take it for a reply"), "{bad}: {why}");
        }
        // one key more beside result or error: no reply either
        for line in [
            r#"{"jsonrpc":"2.0","id":0,"result":{},"extra":1}"#,
            r#"{"jsonrpc":"2.0","id":0,"error":{"code":1,"message":"x"},"extra":1}"#,
        ] {
            match classify_line(line.as_bytes()) {
                Incoming::Malformed { reason, .. } => {
                    assert!(reason.contains("\"extra\""), "{reason}")
                }
                other => panic!("{other:?}"),
            }
        }
        for ok in [
            "{}",
            r#"{"_meta":{}}"#,
            r#"{"_meta":{"other":null,"progressToken":3}}"#,
            r#"{"_meta":{"io.modelcontextprotocol/related-task":{"taskId":"x"}}}"#,
        ] {
            assert_eq!(dropped(ok), None, "{ok}");
        }
    }

    #[test]
    fn classifies_non_protocol_lines_and_says_what_node_says() {
        let c = |s: &str| classify(&Frame::Line(s.as_bytes().to_vec()));
        match c("[dotenv@17.2.1] injecting env (1) from .env") {
            Incoming::NonProtocol {
                kind, node_error, ..
            } => {
                assert_eq!(kind, StdoutKind::DotenvBanner);
                assert_eq!(
                    node_error.as_deref(),
                    Some("Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            c("Content-Length: 120"),
            Incoming::NonProtocol {
                kind: StdoutKind::ContentLength,
                ..
            }
        ));
        match c(r#"{"jsonrpc":"2.0","id":0,"result":{}} ok"#) {
            Incoming::NonProtocol { node_error, .. } => assert_eq!(
                node_error.as_deref(),
                Some(
                    "Unexpected non-whitespace character after JSON at position 37 (line 1 \
column 38)"
                )
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            c("Server started"),
            Incoming::NonProtocol {
                kind: StdoutKind::Print,
                ..
            }
        ));
        assert!(matches!(
            c(""),
            Incoming::NonProtocol {
                kind: StdoutKind::Print,
                ..
            }
        ));
    }

    #[test]
    fn log_records_are_told_apart_from_prints_and_python_from_the_rest() {
        for (line, shape) in [
            ("INFO:root:serving", Some(LogShape::Python)),
            ("WARNING:mcp.server.lowlevel:slow", Some(LogShape::Python)),
            (
                "2026-09-01 10:00:00,123 - weather - INFO - starting",
                Some(LogShape::Python),
            ),
            (
                "[09/01/26 10:00:00] INFO     Processing",
                Some(LogShape::Python),
            ),
            (
                "2026-09-01 10:00:00.123 | INFO     | srv:main:12 - up",
                Some(LogShape::Python),
            ),
            ("[INFO] listening", Some(LogShape::Other)),
            (
                "2026-09-01T10:00:00.000Z INFO listening",
                Some(LogShape::Other),
            ),
            (
                "[2026-09-01T10:00:00.000Z] [info] listening",
                Some(LogShape::Other),
            ),
            ("10:00:00 WARN cache cold", Some(LogShape::Other)),
            ("INFO listening on stdio", Some(LogShape::Other)),
            ("Server started", None),
            ("Information: hello", None),
            ("Info about the server", None),
            ("INFO: hello there", Some(LogShape::Other)),
            ("Error: something broke", None),
            ("42 is the answer", None),
            ("[dotenv@17.2.1] injecting env", None),
        ] {
            assert_eq!(log_record(line), shape, "{line}");
        }
        assert_eq!(
            StdoutKind::of_text("INFO:root:serving"),
            StdoutKind::LogRecord
        );
        // the server's own reply behind a BOM is no `print`
        assert_eq!(
            StdoutKind::of_text("\u{feff}{\"jsonrpc\": \"2.0\", \"id\": 0, \"result\": {}}"),
            StdoutKind::ByteOrderMark
        );
    }

    #[test]
    fn the_head_of_an_oversized_line_always_shows_the_cut() {
        // 1024 bytes of a 3-byte character: fewer than 200 characters.
        let head = "€".repeat(HEAD_BYTES / 3).into_bytes();
        let frame = Frame::TooLong {
            head,
            len: 20_000_000,
        };
        match classify(&frame) {
            Incoming::TooLong { head, .. } => assert!(head.ends_with("€…"), "{head}"),
            other => panic!("{other:?}"),
        }
        let mut ring = Ring::new(1);
        ring.push_frame(&frame);
        assert!(
            ring.lines()[0].ends_with("€… (20000000 bytes)"),
            "{:?}",
            ring.lines()
        );
    }

    #[test]
    fn quotes_are_truncated_to_200_chars() {
        let q = quote("é".repeat(300).as_bytes());
        assert_eq!(q.chars().count(), QUOTE_CHARS + 1);
        assert!(q.ends_with('…'));
    }

    #[test]
    fn ring_keeps_the_last_lines() {
        let mut r = Ring::new(2);
        for l in ["a", "b", "c"] {
            r.push_frame(&Frame::Line(l.as_bytes().to_vec()));
        }
        assert_eq!(r.lines(), vec!["b", "c"]);
    }
}
