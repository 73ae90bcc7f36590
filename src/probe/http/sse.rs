//! Server-Sent Events, as MCP's HTTP transports use them: a Streamable
//! HTTP reply to a POST (`message` events, then the stream ends), and the
//! legacy transport's long-lived GET stream (an `endpoint` event first,
//! then `message` events). Read with the same memory bound as stdio lines
//! (`framing::LineReader`): one event's data is at most
//! [`framing::MAX_MESSAGE`]. Pure over `std::io::Read`.

use std::io::{self, Read};

use super::super::framing::{self, Frame, LineReader};

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The `event:` field; `message` when absent.
    pub kind: String,
    /// The `data:` lines joined with `\n` (only the start when `too_long`).
    pub data: String,
    pub id: Option<String>,
    /// The data was over the cap: its length in bytes.
    pub too_long: Option<u64>,
}

impl Event {
    /// The event's data as a stdio-style frame, for the handshake.
    pub fn frame(&self) -> Frame {
        match self.too_long {
            Some(len) => Frame::TooLong {
                head: self.data.as_bytes().to_vec(),
                len,
            },
            None => Frame::Line(self.data.clone().into_bytes()),
        }
    }
}

/// Reads events off a stream.
pub struct Reader<R> {
    lines: LineReader<R>,
}

impl<R: Read> Reader<R> {
    pub fn new(inner: R) -> Reader<R> {
        Reader {
            lines: LineReader::new(inner, framing::MAX_MESSAGE),
        }
    }

    /// The next event with data (comments, empty-data "priming" events
    /// and bare `retry:` lines are skipped); `None` at the end of the
    /// stream.
    pub fn next_event(&mut self) -> io::Result<Option<Event>> {
        let mut kind = String::new();
        let mut data: Vec<String> = Vec::new();
        let mut id = None;
        let mut too_long = None;
        loop {
            let line = match self.lines.next_frame()? {
                None => return Ok(None),
                Some(Frame::Line(l)) => crate::text::lossy_owned(l),
                Some(Frame::TooLong { head, len }) => {
                    too_long = Some(len);
                    let head = String::from_utf8_lossy(&head).into_owned();
                    head.strip_prefix("data:")
                        .map(|d| format!("data:{d}"))
                        .unwrap_or(head)
                }
            };
            if line.is_empty() {
                if data.is_empty() || data.iter().all(String::is_empty) {
                    kind.clear();
                    data.clear();
                    too_long = None;
                    continue;
                }
                return Ok(Some(Event {
                    kind: if kind.is_empty() {
                        "message".into()
                    } else {
                        kind
                    },
                    data: data.join("\n"),
                    id,
                    too_long,
                }));
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
                None => (line.as_str(), ""),
            };
            match field {
                "event" => kind = value.to_string(),
                "data" => data.push(value.to_string()),
                "id" => id = Some(value.to_string()),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Event> {
        let mut r = Reader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Ok(Some(e)) = r.next_event() {
            out.push(e);
        }
        out
    }

    #[test]
    fn events_messages_endpoints_and_priming() {
        let events = all(
            ": comment\r\nid: 1\r\ndata:\r\n\r\nevent: endpoint\ndata: /message?sessionId=abc\n\n\
             data: {\"jsonrpc\":\"2.0\",\ndata: \"id\":0}\n\nevent: message\ndata:{}\n\ndata: unterminated",
        );
        let kinds: Vec<(&str, &str)> = events
            .iter()
            .map(|e| (e.kind.as_str(), e.data.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("endpoint", "/message?sessionId=abc"),
                ("message", "{\"jsonrpc\":\"2.0\",\n\"id\":0}"),
                ("message", "{}"),
            ]
        );
        assert_eq!(events[0].id, Some("1".into()));
    }

    #[test]
    fn an_oversized_event_is_cut_and_measured() {
        let big = "x".repeat(framing::MAX_MESSAGE + 10);
        let text = format!("data: {big}\n\n");
        let e = all(&text).pop().expect("one event");
        assert_eq!(e.too_long, Some((framing::MAX_MESSAGE + 16) as u64));
        assert!(matches!(e.frame(), Frame::TooLong { .. }));
    }
}
