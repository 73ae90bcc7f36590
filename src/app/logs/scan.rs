//! The backward scan of one log file chain: raw lines (from
//! [`RevLines`]) become logical lines (a stamped line that opens an inspect
//! object takes the unprefixed lines that continue it), then go to a
//! [`Visitor`] that decides when to stop. Three visitors: every server of
//! `mcp.log` ([`McpVisitor`]), one server's own file ([`ServerVisitor`]),
//! and the Cowork/Code lane lines of `main.log` ([`MainVisitor`]).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};

use crate::text::{FastMap, FastSet};

use super::event::{Entry, Event, entry, stderr_entry};
use super::files::{Chain, FileKind, LogFile, Unreadable, open_log};
use super::line::{Frame, Level, Shape, frame, looks_stamped, nesting, opens_block};
use super::message;
use super::reverse::RevLines;
use super::session::{Builder, Session};
use super::time::{LocalOffset, Time};

/// Servers whose last start is this much older than the oldest start
/// already found are not part of the app's last launch.
pub const LAUNCH_WINDOW_MS: i64 = 5 * 60_000;

/// Unprefixed lines held while looking for the stamped line they may
/// continue; beyond this they are stderr.
const MAX_HELD_LINES: usize = 512;
const MAX_HELD_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

pub trait Visitor {
    /// Called when the scan moves to another file of the chain.
    fn file(&mut self, _path: &Path) {}
    fn stamped(&mut self, f: &Frame<'_>, offset: u64) -> Flow;
    fn unprefixed(&mut self, text: &str, offset: u64) -> Flow;
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub offset: LocalOffset,
    pub block: usize,
    pub max_line: usize,
}

/// What was read of one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileRead {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    pub kind: FileKind,
    pub size: u64,
    /// Bytes read, from the end.
    pub scanned: u64,
    /// The scan reached the file's first line.
    pub whole: bool,
    /// The last line had no line end (being written, or cut).
    pub unterminated_last_line: bool,
    /// The scan stopped because the byte budget ran out.
    pub budget_exhausted: bool,
    /// Bytes of a line the budget ran out inside, dropped: its start (its
    /// stamp, its server) was not read (0: none).
    pub dropped_at_budget: u64,
}

/// Scan a chain newest file first, until the visitor stops or the budget
/// runs out. A file that cannot be opened or read is put in `unreadable`
/// and ends the scan of its chain: what the older files hold is not the
/// last of that log (the lines read before the error stay with the
/// visitor).
pub fn scan_chain(
    chain: &Chain,
    shape: Shape,
    limits: &Limits,
    budget: &mut u64,
    v: &mut dyn Visitor,
    reads: &mut Vec<FileRead>,
    unreadable: &mut Vec<Unreadable>,
) {
    for file in &chain.files {
        v.file(&file.path);
        let (read, flow) = match scan_file(file, shape, limits, budget, v) {
            Ok(r) => r,
            Err(e) => {
                unreadable.push(Unreadable::new(&file.path, file.kind, &e));
                return;
            }
        };
        let exhausted = read.budget_exhausted;
        reads.push(read);
        if flow == Flow::Stop || exhausted {
            break;
        }
    }
}

fn scan_file(
    file: &LogFile,
    shape: Shape,
    limits: &Limits,
    budget: &mut u64,
    v: &mut dyn Visitor,
) -> io::Result<(FileRead, Flow)> {
    // never blocks: a FIFO in a log file's place is an error, not a wait
    let f = open_log(&file.path)?;
    let size = f.metadata()?.len();
    // the budget holds inside a line too: a file that is one giant line
    // costs the budget, not the file
    let mut rev = RevLines::with_sizes(f, size, limits.block, limits.max_line).limit(*budget);
    let mut held: VecDeque<(u64, String)> = VecDeque::new();
    let mut held_bytes = 0usize;
    let mut flow = Flow::Continue;
    let mut exhausted = false;
    'lines: loop {
        if rev.scanned() >= *budget {
            exhausted = !rev.at_start();
            break;
        }
        let Some(line) = rev.next_line()? else {
            exhausted = rev.cut_short();
            break;
        };
        let offset = line.offset;
        let text = match std::str::from_utf8(line.bytes) {
            Ok(t) => Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(line.bytes),
        };
        if !looks_stamped(line.bytes) {
            held_bytes += text.len();
            held.push_back((offset, text.into_owned()));
            while held.len() > MAX_HELD_LINES || held_bytes > MAX_HELD_BYTES {
                let Some((o, t)) = held.pop_front() else {
                    break;
                };
                held_bytes -= t.len();
                if v.unprefixed(&t, o) == Flow::Stop {
                    flow = Flow::Stop;
                    break 'lines;
                }
            }
            continue;
        }
        // a stamped line that opens an object takes its continuation lines
        let logical: Cow<'_, str> = if opens_block(&text) {
            let mut depth = nesting(&text);
            let mut s = text.into_owned();
            while depth > 0 {
                let Some((_, l)) = held.pop_back() else { break };
                depth += nesting(&l);
                s.push('\n');
                s.push_str(&l);
            }
            Cow::Owned(s)
        } else {
            text
        };
        // held lines not continuing it come after it in the file
        while let Some((o, t)) = held.pop_front() {
            if v.unprefixed(&t, o) == Flow::Stop {
                flow = Flow::Stop;
                break 'lines;
            }
        }
        held_bytes = 0;
        let step = match frame(&logical, shape, limits.offset) {
            Some(fr) => v.stamped(&fr, offset),
            None => v.unprefixed(&logical, offset),
        };
        if step == Flow::Stop {
            flow = Flow::Stop;
            break;
        }
    }
    if flow == Flow::Continue && !exhausted {
        while let Some((o, t)) = held.pop_front() {
            if v.unprefixed(&t, o) == Flow::Stop {
                flow = Flow::Stop;
                break;
            }
        }
    }
    *budget = budget.saturating_sub(rev.scanned());
    let read = FileRead {
        path: file.path.clone(),
        kind: file.kind,
        size,
        scanned: rev.scanned(),
        whole: rev.at_start(),
        unterminated_last_line: rev.unterminated(),
        budget_exhausted: exhausted,
        dropped_at_budget: rev.dropped(),
    };
    Ok((read, flow))
}

/// A builder and the file its session started in.
struct Tracked {
    builder: Builder,
    start_file: Option<PathBuf>,
    first_file: PathBuf,
    /// Every file a line of the session came from (a session may run
    /// across a rotation: started in `mcp.old.log`, going on in `mcp.log`).
    files: Vec<PathBuf>,
}

impl Tracked {
    fn new(name: &str, stderr_max: usize, file: &Path) -> Self {
        Tracked {
            builder: Builder::new(name, stderr_max),
            start_file: None,
            first_file: file.to_path_buf(),
            files: Vec::new(),
        }
    }

    fn feed(&mut self, e: Entry, file: &Path) {
        let start = e.event == Event::Initializing;
        let open = !self.builder.closed();
        self.builder.feed(e);
        if open && !self.files.iter().any(|f| f == file) {
            self.files.push(file.to_path_buf());
        }
        if start && self.builder.start().is_some() {
            self.start_file = Some(file.to_path_buf());
        }
    }

    fn finish(self) -> Session {
        let source = self.start_file.unwrap_or(self.first_file);
        let mut s = self.builder.finish(source);
        for f in self.files {
            if f != s.source && !s.also_from.contains(&f) {
                s.also_from.push(f);
            }
        }
        s
    }
}

/// Every server of `mcp.log`: stops once the last session of every server
/// seen (and of every server named) is complete and the scan is
/// [`LAUNCH_WINDOW_MS`] past the oldest of their starts.
pub struct McpVisitor<'a> {
    names: &'a [String],
    since: Option<Time>,
    stderr_max: usize,
    file: PathBuf,
    servers: Vec<Tracked>,
    /// Server name -> its index (looked up for every line that names one).
    index: FastMap<String, usize>,
    /// Indexes of the named servers seen so far, and how many are unseen.
    named: Vec<usize>,
    missing: usize,
}

impl<'a> McpVisitor<'a> {
    pub fn new(names: &'a [String], since: Option<Time>, stderr_max: usize) -> Self {
        McpVisitor {
            names,
            since,
            stderr_max,
            file: PathBuf::new(),
            servers: Vec::new(),
            index: FastMap::default(),
            named: Vec::new(),
            missing: names.iter().collect::<FastSet<_>>().len(),
        }
    }

    fn done(&self, at: Time) -> bool {
        if self.missing > 0 || self.servers.is_empty() {
            return false;
        }
        let mut oldest: Option<Time> = None;
        let watched: &mut dyn Iterator<Item = &Tracked> = if self.names.is_empty() {
            &mut self.servers.iter()
        } else {
            &mut self.named.iter().map(|&i| &self.servers[i])
        };
        for t in watched {
            if !t.builder.settled(Some(at)) {
                return false;
            }
            if let Some(s) = t.builder.start() {
                oldest = Some(oldest.map_or(s, |o| o.min(s)));
            }
        }
        oldest.is_some_and(|o| at < o.plus_ms(-LAUNCH_WINDOW_MS))
    }

    pub fn finish(self) -> Vec<Session> {
        self.servers.into_iter().map(Tracked::finish).collect()
    }
}

impl Visitor for McpVisitor<'_> {
    fn file(&mut self, path: &Path) {
        self.file = path.to_path_buf();
    }

    fn stamped(&mut self, f: &Frame<'_>, offset: u64) -> Flow {
        if before(self.since, f.at) {
            return Flow::Stop;
        }
        let names = self.names;
        let known = f.server.and_then(|n| known_name(n, f, names));
        let (name, f) = match &known {
            Some((n, fixed)) => (Some(*n), fixed),
            None => (f.server, f),
        };
        let Some(name) = name else {
            return Flow::Continue;
        };
        if self.done(f.at) {
            return Flow::Stop;
        }
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.servers.len();
                self.servers
                    .push(Tracked::new(name, self.stderr_max, &self.file));
                self.index.insert(name.to_string(), i);
                if self.names.iter().any(|n| n == name) {
                    self.named.push(i);
                    self.missing -= 1;
                }
                i
            }
        };
        let t = &mut self.servers[i];
        if t.builder.closed() {
            return Flow::Continue;
        }
        // the bulk of the log, message traffic, is only counted
        if let Some(p) = message::peek(f.text)
            && !p.notable
            && !p.error
        {
            t.builder.count(f.at, p.from, false);
            return Flow::Continue;
        }
        t.feed(entry(f, offset), &self.file);
        Flow::Continue
    }

    fn unprefixed(&mut self, _text: &str, _offset: u64) -> Flow {
        // mcp.log holds no stderr; an unprefixed line here is a stray
        Flow::Continue
    }
}

/// A server name holding `] [` (`x] [error`) is cut at its first `] ` by
/// the line's frame: `[level] [x] [error] text` gives `x` and the text
/// `[error] text`; `[x] [error] [level] text` (a server's own file) gives
/// `x`, the level `error`, and the text `[level] text`. The known name it
/// begins, and the text after it, when one fits.
fn known_name<'a, 'n>(
    cut: &str,
    frame: &Frame<'a>,
    names: &'n [String],
) -> Option<(&'n str, Frame<'a>)> {
    let text = frame.text;
    names
        .iter()
        .find_map(|k| {
            let rest = k.strip_prefix(cut)?.strip_prefix("] ")?;
            if let Some(after) = text.strip_prefix(rest) {
                let after = after
                    .strip_prefix("] ")
                    .or_else(|| after.strip_prefix(']'))?;
                return Some((k.as_str(), after, frame.level));
            }
            // the level the frame took was the name's tail: the real one leads
            // the text
            Level::parse(rest.strip_prefix('[')?)?;
            let (level, after) = text.strip_prefix('[')?.split_once("] ")?;
            Some((k.as_str(), after, Some(Level::parse(level)?)))
        })
        .map(|(name, text, level)| {
            let f = Frame {
                text,
                level,
                ..frame.clone()
            };
            (name, f)
        })
}

/// One server's own file: its lines and its stderr, until its last
/// session is complete.
pub struct ServerVisitor {
    since: Option<Time>,
    file: PathBuf,
    named: bool,
    server: Tracked,
    saw_lines: bool,
}

impl ServerVisitor {
    /// `stem`: the name in the file name, until a line says the real one.
    pub fn new(stem: &str, since: Option<Time>, stderr_max: usize, file: &Path) -> Self {
        ServerVisitor {
            since,
            file: file.to_path_buf(),
            named: false,
            server: Tracked::new(stem, stderr_max, file),
            saw_lines: false,
        }
    }

    pub fn finish(self) -> Option<Session> {
        self.saw_lines.then(|| self.server.finish())
    }

    /// Stop once the session is final.
    fn flow(&self) -> Flow {
        if self.server.builder.closed() {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

/// Whether a line stamped `at` is older than `--since`.
fn before(since: Option<Time>, at: Time) -> bool {
    since.is_some_and(|s| at < s)
}

impl Visitor for ServerVisitor {
    fn file(&mut self, path: &Path) {
        self.file = path.to_path_buf();
    }

    fn stamped(&mut self, f: &Frame<'_>, offset: u64) -> Flow {
        if before(self.since, f.at) {
            return Flow::Stop;
        }
        // the file's own name says the server's whole name
        let stem = [self.server.builder.server().to_string()];
        let known = f.server.and_then(|n| known_name(n, f, &stem));
        let (name, f) = match &known {
            Some((n, fixed)) => (Some(*n), fixed),
            None => (f.server, f),
        };
        let Some(name) = name else {
            return Flow::Continue;
        };
        if !self.named {
            self.named = true;
            self.server.builder.rename(name);
        } else if name != self.server.builder.server() {
            return Flow::Continue;
        }
        self.saw_lines = true;
        self.server.feed(entry(f, offset), &self.file);
        self.flow()
    }

    fn unprefixed(&mut self, text: &str, offset: u64) -> Flow {
        let name = self.server.builder.server().to_string();
        self.server
            .feed(stderr_entry(Some(&name), text, offset), &self.file);
        if self.server.builder.closed() {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

/// `main.log`: the Cowork/Code lane's lines (the lane's errors are written
/// only there on some builds), back to `cutoff`.
pub struct MainVisitor {
    cutoff: Option<Time>,
    pub found: Vec<Entry>,
}

const MAX_MAIN_ENTRIES: usize = 256;

impl MainVisitor {
    pub fn new(cutoff: Option<Time>) -> Self {
        MainVisitor {
            cutoff,
            found: Vec::new(),
        }
    }
}

impl Visitor for MainVisitor {
    fn stamped(&mut self, f: &Frame<'_>, offset: u64) -> Flow {
        if before(self.cutoff, f.at) {
            return Flow::Stop;
        }
        let lane_line = f.context == Some("shared-pool")
            || f.text.contains("Cowork and Code sessions")
            || f.text.contains("Version negotiation failed");
        if lane_line && self.found.len() < MAX_MAIN_ENTRIES {
            self.found.push(entry(f, offset));
        }
        Flow::Continue
    }

    fn unprefixed(&mut self, _text: &str, _offset: u64) -> Flow {
        Flow::Continue
    }
}

/// Which of `known` server names a main.log line is about: `[NAME]`,
/// `MCP NAME:`, `'NAME'`, `"NAME"` or `server NAME`; the longest match wins.
pub fn resolve_server(text: &str, known: &[&str]) -> Option<String> {
    known
        .iter()
        .filter(|n| !n.is_empty())
        .filter(|n| {
            [
                format!("[{n}]"),
                format!("MCP {n}:"),
                format!("'{n}'"),
                format!("\"{n}\""),
                format!("server {n}"),
                format!("server: {n}"),
            ]
            .iter()
            .any(|p| text.contains(p.as_str()))
        })
        .max_by_key(|n| n.len())
        .map(|n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_log_lines_name_their_server() {
        let known = ["github", "git", "Desktop Commander"];
        assert_eq!(
            resolve_server(
                "[LocalMcpServerManager] MCP github: Couldn't start this server",
                &known
            )
            .as_deref(),
            Some("github")
        );
        assert_eq!(
            resolve_server(
                "[MCP] Couldn't start ... { server: 'Desktop Commander' }",
                &known
            )
            .as_deref(),
            Some("Desktop Commander")
        );
        assert_eq!(resolve_server("Couldn't start this server", &known), None);
    }
}
