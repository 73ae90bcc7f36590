//! Following a log as the app writes it (`mcpctl logs --follow`): given a
//! file and an offset, each [`Follower::poll`] parses the complete lines
//! appended since, with the same parsing as the session model. A partial
//! last line waits for its end; a stamped line opening an inspect object
//! waits for the lines that close it. When the file shrinks (truncated) or
//! is replaced (rotated: another file under the same name), reading starts
//! again at its beginning and the batch says so; where the OS lets a file
//! renamed away be read (Unix), what was written to it since the last poll
//! comes first, in a batch of its own. Another file is told by
//! its identity (device and inode) where the OS gives one, else (Windows)
//! by its first bytes: a rotated log starts with another stamped line.
//!
//! The caller owns the loop and the sleeping; a poll reads at most
//! [`CHUNK`] bytes, so memory stays bounded however much was appended
//! (call again while [`Batch::more`] is true).

use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::event::{Entry, entry, stderr_entry};
use super::line::{Shape, frame, looks_stamped, nesting, opens_block};
use super::reverse::MAX_LINE;
use super::time::{LocalOffset, parse_stamp};

/// Most bytes one poll reads.
pub const CHUNK: usize = 4 * 1024 * 1024;

/// Why reading started again at the beginning of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Restart {
    /// The file got shorter than what was read.
    Truncated,
    /// Another file now has the name (rotation).
    Replaced,
}

#[derive(Debug, Default)]
pub struct Batch {
    pub restarted: Option<Restart>,
    /// The new lines, in file order.
    pub entries: Vec<Entry>,
    /// More bytes are waiting: poll again without sleeping.
    pub more: bool,
}

pub struct Follower {
    path: PathBuf,
    shape: Shape,
    offset_fn: LocalOffset,
    /// Bytes consumed into `carry` and entries.
    offset: u64,
    id: Option<FileId>,
    /// The file's first bytes (up to [`HEAD`]) as last seen: where there
    /// is no [`FileId`], a file whose start differs is another file.
    head: Vec<u8>,
    /// An incomplete last line (no line end yet).
    carry: Vec<u8>,
    carry_offset: u64,
    /// Dropping the rest of a giant line up to its end.
    skipping: bool,
    /// A stamped line waiting for its continuation lines.
    open: Option<Open>,
    /// The server of a per-server file (for its stderr lines).
    server: Option<String>,
    /// The file last read, held open (Unix: a file renamed away stays
    /// readable), so that the lines written to it before a rotation are
    /// read before the new file's.
    #[cfg(unix)]
    held: Option<std::fs::File>,
}

struct Open {
    offset: u64,
    text: String,
    depth: i32,
}

/// A file's identity (device, inode) where the OS gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileId(u64, u64);

/// How many first bytes tell a file from the next one where the OS gives
/// no [`FileId`] (a log line's time stamp alone is 24).
pub(super) const HEAD: usize = 64;

/// The first bytes of `file` (at most [`HEAD`]); leaves its position
/// anywhere.
pub(super) fn read_head(file: &mut std::fs::File) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(HEAD);
    file.take(HEAD as u64).read_to_end(&mut head)?;
    Ok(head)
}

pub(super) fn file_id(meta: &std::fs::Metadata) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FileId(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

impl Follower {
    /// Follow `path` from byte `offset` (a session's start offset, or 0).
    pub fn new(path: &Path, shape: Shape, offset: u64, offset_fn: LocalOffset) -> Self {
        // one open for the identity, the first bytes and (Unix) the file
        // held from the start: a rotation before the first poll loses
        // nothing either
        let mut file = super::files::open_log(path).ok();
        let id = file
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .as_ref()
            .and_then(file_id);
        let head = file
            .as_mut()
            .and_then(|f| read_head(f).ok())
            .unwrap_or_default();
        Follower {
            path: path.to_path_buf(),
            shape,
            offset_fn,
            offset,
            id,
            head,
            carry: Vec::new(),
            carry_offset: offset,
            skipping: false,
            open: None,
            server: None,
            #[cfg(unix)]
            held: file,
        }
    }

    /// Follow only what is appended from now on.
    pub fn at_end(path: &Path, shape: Shape, offset_fn: LocalOffset) -> io::Result<Self> {
        let len = std::fs::metadata(path)?.len();
        Ok(Self::new(path, shape, len, offset_fn))
    }

    /// Name the server of a per-server file (its stderr lines carry none).
    pub fn for_server(mut self, name: &str) -> Self {
        self.server = Some(name.to_string());
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes of the file read so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Read what was appended since the last poll. A missing file is not
    /// an error (the app may be rotating it): the batch is empty.
    pub fn poll(&mut self) -> io::Result<Batch> {
        let mut batch = Batch::default();
        // never blocks: a FIFO in the file's place is an error
        let opened = match super::files::open_log(&self.path) {
            Ok(f) => Some(f),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let meta = opened.as_ref().map(std::fs::File::metadata).transpose()?;
        #[cfg(unix)]
        if self.drain_held(meta.as_ref().and_then(file_id), &mut batch)? {
            return Ok(batch);
        }
        let (Some(mut file), Some(meta)) = (opened, meta) else {
            return Ok(batch);
        };
        let id = file_id(&meta);
        let restart = if id.is_some() && self.id.is_some() && id != self.id {
            Some(Restart::Replaced)
        } else if meta.len() < self.offset {
            Some(Restart::Truncated)
        } else {
            None
        };
        let restart = match restart {
            None if id.is_none() => {
                let head = read_head(&mut file)?;
                let n = head.len().min(self.head.len());
                let other = head[..n] != self.head[..n];
                if head.len() >= self.head.len() || other {
                    self.head = head;
                }
                other.then_some(Restart::Replaced)
            }
            r => {
                if id.is_none() {
                    self.head = read_head(&mut file)?;
                }
                r
            }
        };
        self.id = id;
        if let Some(r) = restart {
            batch.restarted = Some(r);
            self.offset = 0;
            self.carry.clear();
            self.carry_offset = 0;
            self.skipping = false;
            self.open = None;
        }
        batch.more = self.read_from(&mut file, meta.len(), &mut batch.entries)?;
        #[cfg(unix)]
        {
            self.held = Some(file);
        }
        Ok(batch)
    }

    /// Read `file` from the offset up to `len` (at most [`CHUNK`]) into
    /// `out`; whether bytes are left.
    fn read_from(
        &mut self,
        file: &mut std::fs::File,
        len: u64,
        out: &mut Vec<Entry>,
    ) -> io::Result<bool> {
        let want = len.saturating_sub(self.offset).min(CHUNK as u64) as usize;
        if want == 0 {
            return Ok(false);
        }
        file.seek(SeekFrom::Start(self.offset))?;
        let mut buf = vec![0u8; want];
        file.read_exact(&mut buf)?;
        self.offset += want as u64;
        self.consume(&buf, out);
        Ok(self.offset < len)
    }

    /// When the name no longer leads to the file last read (`now`: the
    /// identity of the one it leads to, if any): read what was written to
    /// that file since, its last lines handed out whole, before the new
    /// file is read. True when this batch is that tail (the caller polls
    /// again at once, and the next poll starts the new file).
    #[cfg(unix)]
    fn drain_held(&mut self, now: Option<FileId>, batch: &mut Batch) -> io::Result<bool> {
        if now.is_some() && now == self.id {
            return Ok(false);
        }
        let Some(mut held) = self.held.take() else {
            return Ok(false);
        };
        let len = held.metadata()?.len();
        if len <= self.offset {
            return Ok(false);
        }
        let more = self.read_from(&mut held, len, &mut batch.entries)?;
        if more {
            self.held = Some(held);
        } else {
            batch.entries.extend(self.flush());
        }
        batch.more = true;
        Ok(true)
    }

    /// Hand out a held line now (when following stops).
    pub fn flush(&mut self) -> Vec<Entry> {
        let mut out = Vec::new();
        if !self.carry.is_empty() {
            let carry = std::mem::take(&mut self.carry);
            let at = self.carry_offset;
            self.line(at, &carry, &mut out);
        }
        self.close_open(&mut out);
        out
    }

    fn consume(&mut self, buf: &[u8], out: &mut Vec<Entry>) {
        let base = self.offset - buf.len() as u64;
        let mut start = 0;
        for i in 0..buf.len() {
            if buf[i] != b'\n' {
                continue;
            }
            let piece = &buf[start..i];
            if self.skipping {
                self.skipping = false;
            } else if self.carry.is_empty() {
                self.line(base + start as u64, piece, out);
            } else {
                let mut whole = std::mem::take(&mut self.carry);
                whole.extend_from_slice(piece);
                self.line(self.carry_offset, &whole, out);
            }
            start = i + 1;
        }
        if start < buf.len() && !self.skipping {
            if self.carry.is_empty() {
                self.carry_offset = base + start as u64;
            }
            self.carry.extend_from_slice(&buf[start..]);
            if self.carry.len() > MAX_LINE {
                // a giant line: hand out its head now, drop the rest
                let head = std::mem::take(&mut self.carry);
                self.line(self.carry_offset, &head[..MAX_LINE], out);
                self.skipping = true;
            }
        }
    }

    /// A line ended by `\n`; a `\r` before it is part of the end, a lone
    /// `\r` inside ends a line of its own.
    fn line(&mut self, offset: u64, bytes: &[u8], out: &mut Vec<Entry>) {
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let mut s = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\r' {
                self.one(offset + s as u64, &bytes[s..i], out);
                s = i + 1;
            }
        }
        self.one(offset + s as u64, &bytes[s..], out);
    }

    fn one(&mut self, offset: u64, bytes: &[u8], out: &mut Vec<Entry>) {
        if bytes.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(bytes);
        let stamped = looks_stamped(bytes) && parse_stamp(bytes, self.offset_fn).is_some();
        if !stamped {
            if let Some(open) = &mut self.open {
                open.depth += nesting(&text);
                open.text.push('\n');
                open.text.push_str(&text);
                if open.depth <= 0 {
                    self.close_open(out);
                }
                return;
            }
            if self.shape == Shape::Server {
                out.push(stderr_entry(self.server.as_deref(), &text, offset));
            }
            return;
        }
        self.close_open(out);
        if opens_block(&text) {
            self.open = Some(Open {
                offset,
                depth: nesting(&text),
                text: text.into_owned(),
            });
            return;
        }
        self.stamped(offset, &text, out);
    }

    fn close_open(&mut self, out: &mut Vec<Entry>) {
        if let Some(open) = self.open.take() {
            self.stamped(open.offset, &open.text, out);
        }
    }

    fn stamped(&mut self, offset: u64, text: &str, out: &mut Vec<Entry>) {
        if let Some(f) = frame(text, self.shape, self.offset_fn) {
            if self.shape == Shape::Server && self.server.is_none() {
                self.server = f.server.map(str::to_string);
            }
            out.push(entry(&f, offset));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::logs::event::Event;
    use crate::app::logs::time::utc;
    use std::io::Write;

    fn append(path: &Path, s: &[u8]) {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .unwrap();
        f.write_all(s).unwrap();
    }

    fn kinds(b: &Batch) -> Vec<String> {
        b.entries
            .iter()
            .map(|e| {
                format!("{:?}", e.event)
                    .split([' ', '{', '('])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn appended_complete_lines_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mcp.log");
        let first = b"2026-09-01T08:00:00.000Z [info] [a] Initializing server...\n";
        let second =
            b"2026-09-01T08:00:01.000Z [info] [a] Server started and connected successfully\n";
        append(&p, first);
        let mut f = Follower::at_end(&p, Shape::Mcp, utc).unwrap();
        assert!(f.poll().unwrap().entries.is_empty());
        append(&p, second);
        append(&p, b"2026-09-01T08:00:02.000Z [error] [a] Connection fa");
        let b = f.poll().unwrap();
        assert_eq!(kinds(&b), ["Connected"]);
        append(&p, b"iled: spawn npx ENOENT\r\n");
        let b = f.poll().unwrap();
        assert_eq!(
            b.entries[0].event,
            Event::ConnectionFailed {
                reason: "spawn npx ENOENT".into()
            }
        );
        assert_eq!(b.entries[0].offset, (first.len() + second.len()) as u64);
    }

    #[test]
    fn multi_line_metadata_waits_for_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mcp-server-a.log");
        std::fs::write(&p, b"").unwrap();
        let mut f = Follower::new(&p, Shape::Server, 0, utc);
        append(&p, b"2026-09-01T08:00:00.000Z [a] [info] Using MCP server command: /bin/a with path: {\n  metadata: {\n    paths: [\n");
        assert!(f.poll().unwrap().entries.is_empty());
        append(&p, b"      '/usr/bin'\n    ]\n  }\n}\nhello from stderr\n");
        let b = f.poll().unwrap();
        let Event::Command(c) = &b.entries[0].event else {
            panic!("{:?}", b.entries)
        };
        assert_eq!(c.path, ["/usr/bin"]);
        assert_eq!(b.entries[1].event, Event::Stderr);
        assert_eq!(b.entries[1].server.as_deref(), Some("a"));
        assert_eq!(b.entries[1].text, "hello from stderr");
    }

    /// An `mcp.log` of one line in a fresh folder, followed from its end.
    fn following_mcp_log() -> (tempfile::TempDir, PathBuf, Follower) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mcp.log");
        append(
            &p,
            b"2026-09-01T08:00:00.000Z [info] [a] Initializing server...\n",
        );
        let f = Follower::at_end(&p, Shape::Mcp, utc).unwrap();
        (dir, p, f)
    }

    #[test]
    fn truncation_and_rotation_start_over() {
        let (dir, p, mut f) = following_mcp_log();
        std::fs::write(
            &p,
            b"2026-09-01T09:00:00.000Z [info] [b] Initializing server...\n",
        )
        .unwrap();
        // same length, same file: nothing new is visible; shorter: truncated
        std::fs::write(
            &p,
            b"2026-09-01T09:00:00.000Z [info] [b] Shutting down server...\n",
        )
        .unwrap();
        std::fs::write(&p, b"2026-09-01T09:00:00.000Z [info] [b] Shutting\n").unwrap();
        let b = f.poll().unwrap();
        assert_eq!(b.restarted, Some(Restart::Truncated));
        assert_eq!(b.entries.len(), 1);
        // rotation: the old file is renamed away, a new one takes the name
        std::fs::rename(&p, dir.path().join("mcp1.log")).unwrap();
        assert!(
            f.poll().unwrap().entries.is_empty(),
            "missing file: nothing, no error"
        );
        append(&p, b"2026-09-01T10:00:00.000Z [info] [c] Initializing server...\n2026-09-01T10:00:01.000Z [info] [c] Server started and connected successfully\n");
        let b = f.poll().unwrap();
        assert_eq!(b.restarted, Some(Restart::Replaced));
        assert_eq!(kinds(&b), ["Initializing", "Connected"]);
    }

    /// The app appends its last lines, then renames the log away and
    /// starts a new one between two polls: those lines come first, whole,
    /// then the new file's, with the rotation said.
    #[cfg(unix)]
    #[test]
    fn the_lines_written_before_a_rotation_are_not_lost() {
        let (dir, p, mut f) = following_mcp_log();
        // (no poll before: the file is held from the start)

        append(
            &p,
            b"2026-09-01T08:00:01.000Z [info] [a] Server started and connected successfully\n\
2026-09-01T08:00:02.000Z [error] [a] Connection failed: spawn npx ENOENT",
        );
        std::fs::rename(&p, dir.path().join("mcp1.log")).unwrap();
        append(
            &p,
            b"2026-09-01T10:00:00.000Z [info] [c] Initializing server...\n",
        );
        let tail = f.poll().unwrap();
        assert_eq!(tail.restarted, None);
        assert!(tail.more, "poll again for the new file");
        assert_eq!(kinds(&tail), ["Connected", "ConnectionFailed"]);
        let new = f.poll().unwrap();
        assert_eq!(new.restarted, Some(Restart::Replaced));
        assert_eq!(kinds(&new), ["Initializing"]);
        assert_eq!(new.entries[0].server.as_deref(), Some("c"));
        // renamed away with no new file yet: its tail is read all the same
        append(
            &p,
            b"2026-09-01T10:00:01.000Z [info] [c] Server started and connected successfully\n",
        );
        std::fs::rename(&p, dir.path().join("mcp2.log")).unwrap();
        assert_eq!(kinds(&f.poll().unwrap()), ["Connected"]);
        assert!(f.poll().unwrap().entries.is_empty());
    }

    #[test]
    fn polls_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mcp.log");
        std::fs::write(&p, b"").unwrap();
        let mut f = Follower::new(&p, Shape::Mcp, 0, utc);
        let line = b"2026-09-01T08:00:00.000Z [info] [a] Message from server: id=1 result\n";
        let n = CHUNK / line.len() + 10;
        append(&p, &line.repeat(n));
        let mut total = 0;
        let mut polls = 0;
        loop {
            let b = f.poll().unwrap();
            total += b.entries.len();
            polls += 1;
            if !b.more {
                break;
            }
        }
        assert_eq!(total, n);
        assert_eq!(polls, 2);
    }
}
