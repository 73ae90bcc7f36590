//! A session's lines as the app wrote them (`mcpctl logs --raw`): from the
//! session's first byte to the end of its file, the lines that belong to
//! one server. In a per-server file that is every line (its stderr
//! included); in `mcp.log`, the server's stamped lines and the unprefixed
//! lines that continue them (a multi-line inspect object).
//!
//! Followed (`--raw --follow`), a cursor tells a rotated or truncated file
//! ([`Cursor::seen`]) and, on Unix, reads what the app wrote to the
//! rotated one before it moved on ([`Cursor::read_rotated_tail`]).
//!
//! Streams: memory stays one read buffer plus one line, and a line longer
//! than [`MAX_LINE`] keeps its head and is marked cut. Line ends (`\n`,
//! `\r\n`, a lone `\r`) are removed; the bytes are handed out as they are,
//! for the caller to decode, mask and escape.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::follow::{FileId, HEAD, Restart, file_id, read_head};
use super::line::{Shape, frame, looks_stamped};
use super::reverse::MAX_LINE;
use super::time::LocalOffset;

/// One line handed out: its bytes, and whether its tail was cut.
pub type Each<'a> = &'a mut dyn FnMut(&[u8], bool) -> io::Result<()>;

/// Which servers' lines of `mcp.log` to hand out (a per-server file is
/// one server's: all its lines are).
#[derive(Debug, Clone, Copy)]
pub enum Keep<'a> {
    /// One server (`--raw`).
    Server(&'a str),
    /// These servers; every server when empty (`--raw --follow`).
    Servers(&'a [String]),
}

impl Keep<'_> {
    fn keeps(&self, server: Option<&str>) -> bool {
        match (self, server) {
            (Keep::Server(s), Some(x)) => *s == x,
            (Keep::Servers(v), x) => v.is_empty() || x.is_some_and(|x| v.iter().any(|n| n == x)),
            (Keep::Server(_), None) => false,
        }
    }
}

/// What [`Cursor::seen`] found at the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// No file (the app is rotating it).
    Missing,
    /// The same file, no longer.
    Unchanged,
    /// The same file, with more to read.
    Grown,
    /// Read it again from its start.
    Restart(Restart),
}

/// Where reading a file has got to.
#[derive(Debug)]
pub struct Cursor {
    pub path: PathBuf,
    pub shape: Shape,
    /// The next byte to read.
    pub offset: u64,
    offset_fn: LocalOffset,
    /// The last stamped line was kept (the lines continuing it follow it).
    mine: bool,
    /// The identity of the file last read (where the OS gives one).
    id: Option<FileId>,
    /// Where the OS gives no identity (Windows): the file's first bytes
    /// (up to [`HEAD`]) as last read; a file that starts otherwise is
    /// another file (a rotated log starts with another stamped line).
    head: Vec<u8>,
    /// The file last read, held open (Unix: a file renamed away stays
    /// readable), so that the lines written to it before a rotation are
    /// read before the new file's.
    #[cfg(unix)]
    held: Option<File>,
}

impl Cursor {
    pub fn new(path: &Path, shape: Shape, offset: u64, offset_fn: LocalOffset) -> Cursor {
        Cursor {
            path: path.to_path_buf(),
            shape,
            offset,
            offset_fn,
            mine: shape != Shape::Mcp,
            id: None,
            head: Vec::new(),
            #[cfg(unix)]
            held: None,
        }
    }

    /// A cursor for following: the file is held open from now (Unix), so
    /// that lines written before a rotation that comes before the first
    /// read are read too.
    pub fn following(mut self) -> Cursor {
        if let Ok(file) = super::files::open_log(&self.path) {
            self.id = file.metadata().ok().as_ref().and_then(file_id);
            #[cfg(unix)]
            {
                self.held = Some(file);
            }
        }
        self
    }

    /// While following, what is at the name since the last read: nothing
    /// (mid-rotation), the same file with nothing new or grown, or a reason
    /// to start over: another file (the app rotated the log) or the same
    /// one shorter (truncated). One `stat` (and, where the OS gives no
    /// identity, the first bytes); changes nothing:
    /// [`Cursor::read_rotated_tail`], then [`Cursor::start_over`], follow
    /// a restart.
    pub fn seen(&self) -> io::Result<Seen> {
        let meta = match std::fs::metadata(&self.path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Seen::Missing),
            Err(e) => return Err(e),
        };
        let id = file_id(&meta);
        let replaced = if id.is_some() && self.id.is_some() {
            id != self.id
        } else {
            // no identity: by the first bytes, once some were read
            !self.head.is_empty()
                && match super::files::open_log(&self.path) {
                    Ok(mut f) => other_start(&self.head, &read_head(&mut f)?),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => false,
                    Err(e) => return Err(e),
                }
        };
        Ok(if replaced {
            Seen::Restart(Restart::Replaced)
        } else if meta.len() < self.offset {
            Seen::Restart(Restart::Truncated)
        } else if meta.len() == self.offset {
            Seen::Unchanged
        } else {
            Seen::Grown
        })
    }

    /// The kept lines written to the file last read since, when the name
    /// no longer leads to it (Unix, where it stays readable; elsewhere
    /// nothing), its unfinished last line included: it will get no end.
    pub fn read_rotated_tail(&mut self, keep: Keep<'_>, each: Each<'_>) -> io::Result<()> {
        #[cfg(unix)]
        if let Some(file) = self.held.take() {
            self.read_file(file, keep, true, each)?;
        }
        #[cfg(not(unix))]
        let _ = (keep, each);
        Ok(())
    }

    /// Read the file under the name from its start (after a restart).
    pub fn start_over(&mut self) {
        *self = Cursor::new(&self.path, self.shape, 0, self.offset_fn);
    }

    /// Hand the kept lines from the cursor to the end of the file to
    /// `each`. With `partial`, a last line without its end is handed out
    /// too (a session read once); without, it waits for the next call (a
    /// file being written, `--follow`).
    pub fn read(&mut self, keep: Keep<'_>, partial: bool, each: Each<'_>) -> io::Result<()> {
        let mut file = super::files::open_log(&self.path)?;
        self.id = file_id(&file.metadata()?);
        if self.id.is_none() && self.head.len() < HEAD {
            // (a file shorter than HEAD grows: its longer start is kept)
            self.head = read_head(&mut file)?;
        }
        self.read_file(file, keep, partial, each)
    }

    /// [`Cursor::read`] of an open file, which is held afterwards.
    fn read_file(
        &mut self,
        mut file: File,
        keep: Keep<'_>,
        partial: bool,
        each: Each<'_>,
    ) -> io::Result<()> {
        file.seek(SeekFrom::Start(self.offset))?;
        let mut reader = BufReader::with_capacity(256 * 1024, file);
        let mut line: Vec<u8> = Vec::new();
        let mut cut = false;
        let mut pos = self.offset;
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let (piece, ends, used) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], true, i + 1),
                None => (buf, false, buf.len()),
            };
            let room = MAX_LINE.saturating_sub(line.len());
            if piece.len() > room {
                cut = true;
            }
            line.extend_from_slice(&piece[..piece.len().min(room)]);
            reader.consume(used);
            pos += used as u64;
            if ends {
                self.emit(&line, cut, keep, each)?;
                self.offset = pos;
                line.clear();
                cut = false;
            }
        }
        if partial && pos > self.offset {
            self.emit(&line, cut, keep, each)?;
            self.offset = pos;
        }
        #[cfg(unix)]
        {
            self.held = Some(reader.into_inner());
        }
        Ok(())
    }

    fn emit(&mut self, line: &[u8], cut: bool, keep: Keep<'_>, each: Each<'_>) -> io::Result<()> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        for piece in line.split(|&b| b == b'\r') {
            if piece.is_empty() {
                continue;
            }
            if self.shape == Shape::Mcp && looks_stamped(piece) {
                let text = String::from_utf8_lossy(piece);
                if let Some(f) = frame(&text, self.shape, self.offset_fn) {
                    self.mine = keep.keeps(f.server);
                }
            }
            if self.mine {
                each(piece, cut)?;
            }
        }
        Ok(())
    }
}

/// Whether two starts of a file (the first bytes as read then, and now)
/// are another file's: they differ where both have bytes.
fn other_start(was: &[u8], now: &[u8]) -> bool {
    let n = was.len().min(now.len());
    was[..n] != now[..n]
}

/// Hand `server`'s lines of `path`, from byte `from` to the end, to `each`.
pub fn session_lines(
    path: &Path,
    shape: Shape,
    from: u64,
    server: &str,
    offset: LocalOffset,
    each: Each<'_>,
) -> io::Result<()> {
    Cursor::new(path, shape, from, offset).read(Keep::Server(server), true, each)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::logs::time::utc;

    fn lines(data: &[u8], shape: Shape, from: u64, server: &str) -> Vec<(String, bool)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.log");
        std::fs::write(&p, data).unwrap();
        let mut out = Vec::new();
        session_lines(&p, shape, from, server, utc, &mut |b, cut| {
            out.push((String::from_utf8_lossy(b).into_owned(), cut));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn mcp_log_gives_one_servers_lines_and_their_continuations() {
        let data = b"2026-09-02T07:58:10.210Z [info] [a] Initializing server...\n\
2026-09-02T07:58:10.212Z [info] [b] Initializing server...\n\
2026-09-02T07:58:10.213Z [info] [a] Using MCP server command: npx with args and path: {\r\n\
\x20 metadata: { args: [], paths: [ '/usr/bin' ] }\r\n\
}\n\
2026-09-02T07:58:10.214Z [info] [b] Using MCP server command: x with path: {\n\
\x20 metadata: {}\n\
}\n\
2026-09-02T07:58:10.251Z [error] [a] Connection failed: spawn npx ENOENT";
        let got: Vec<String> = lines(data, Shape::Mcp, 0, "a")
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(
            got,
            [
                "2026-09-02T07:58:10.210Z [info] [a] Initializing server...",
                "2026-09-02T07:58:10.213Z [info] [a] Using MCP server command: npx with args and path: {",
                "  metadata: { args: [], paths: [ '/usr/bin' ] }",
                "}",
                "2026-09-02T07:58:10.251Z [error] [a] Connection failed: spawn npx ENOENT",
            ]
        );
    }

    #[test]
    fn a_server_file_gives_everything_from_the_offset_with_invalid_bytes_and_lone_crs() {
        let head = b"2026-09-02T07:00:00.000Z [s] [info] old run\n";
        let mut data = head.to_vec();
        data.extend_from_slice(
            b"2026-09-02T08:00:00.000Z [s] [info] Initializing server...\r\nIndexing 10%\rIndexing 99%\r\nbad \xe4 byte\n",
        );
        let got = lines(&data, Shape::Server, head.len() as u64, "s");
        let texts: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            texts,
            [
                "2026-09-02T08:00:00.000Z [s] [info] Initializing server...",
                "Indexing 10%",
                "Indexing 99%",
                "bad \u{fffd} byte",
            ]
        );
    }

    #[test]
    fn a_giant_line_keeps_its_head() {
        let mut data = b"2026-09-02T08:00:00.000Z [s] [info] ".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_LINE + 10));
        data.extend_from_slice(b"\nafter\n");
        let got = lines(&data, Shape::Server, 0, "s");
        assert_eq!(got.len(), 2);
        assert!(got[0].1 && got[0].0.len() == MAX_LINE);
        assert_eq!(got[1], ("after".to_string(), false));
    }

    #[test]
    fn following_leaves_an_unfinished_line_for_the_next_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mcp.log");
        std::fs::write(
            &p,
            "2026-09-02T08:00:00.000Z [info] [a] one\n2026-09-02T08:00:01.000Z [info] [b] other\n2026-09-02T08:00:02.000Z [info] [a] tw",
        )
        .unwrap();
        let mut c = Cursor::new(&p, Shape::Mcp, 0, utc);
        let mut got = Vec::new();
        let names = vec!["a".to_string()];
        let take = |c: &mut Cursor, got: &mut Vec<String>| {
            c.read(Keep::Servers(&names), false, &mut |b, _| {
                got.push(String::from_utf8_lossy(b).into_owned());
                Ok(())
            })
            .unwrap()
        };
        take(&mut c, &mut got);
        assert_eq!(got, ["2026-09-02T08:00:00.000Z [info] [a] one"]);
        let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
        std::io::Write::write_all(&mut f, b"o\r\n").unwrap();
        take(&mut c, &mut got);
        assert_eq!(got[1], "2026-09-02T08:00:02.000Z [info] [a] two");
        assert_eq!(c.offset, std::fs::metadata(&p).unwrap().len());
    }

    /// The app writes its last lines, renames the log away and starts a
    /// new one, bigger than what was read: that is a rotation (not "more
    /// of the same file"), and the old file's lines come first.
    #[cfg(unix)]
    #[test]
    fn a_rotation_is_told_and_the_old_files_last_lines_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mcp.log");
        std::fs::write(&p, "2026-09-02T08:00:00.000Z [info] [a] one\n").unwrap();
        let mut c = Cursor::new(&p, Shape::Mcp, 0, utc);
        let mut got: Vec<String> = Vec::new();
        let mut each = |b: &[u8], _: bool| {
            got.push(String::from_utf8_lossy(b).into_owned());
            Ok(())
        };
        c.read(Keep::Servers(&[]), false, &mut each).unwrap();
        assert_eq!(c.seen().unwrap(), Seen::Unchanged);
        let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
        std::io::Write::write_all(
            &mut f,
            b"2026-09-02T08:00:01.000Z [info] [a] last, unfinished",
        )
        .unwrap();
        assert_eq!(c.seen().unwrap(), Seen::Grown);
        std::fs::rename(&p, dir.path().join("mcp1.log")).unwrap();
        assert_eq!(c.seen().unwrap(), Seen::Missing, "mid-rotation");
        std::fs::write(
            &p,
            "2026-09-02T09:00:00.000Z [info] [b] a new file, longer than the old\n",
        )
        .unwrap();
        assert_eq!(c.seen().unwrap(), Seen::Restart(Restart::Replaced));
        c.read_rotated_tail(Keep::Servers(&[]), &mut each).unwrap();
        c.start_over();
        c.read(Keep::Servers(&[]), false, &mut each).unwrap();
        assert_eq!(
            got,
            [
                "2026-09-02T08:00:00.000Z [info] [a] one",
                "2026-09-02T08:00:01.000Z [info] [a] last, unfinished",
                "2026-09-02T09:00:00.000Z [info] [b] a new file, longer than the old",
            ]
        );
        // shorter, the same file: truncated
        std::fs::write(&p, "x\n").unwrap();
        assert_eq!(c.seen().unwrap(), Seen::Restart(Restart::Truncated));
    }

    /// Where the OS gives no identity (Windows, here forced): a file that
    /// starts otherwise is another file, however long; one that only grew
    /// is the same.
    #[test]
    fn without_an_identity_a_rotation_is_told_by_the_first_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mcp.log");
        std::fs::write(&p, "2026-09-02T08:00:00.000Z [info] [a] one\n").unwrap();
        let mut c = Cursor::new(&p, Shape::Mcp, 0, utc);
        c.read(Keep::Servers(&[]), false, &mut |_, _| Ok(()))
            .unwrap();
        // (what `read` keeps where the OS gives no identity)
        c.id = None;
        c.head = read_head(&mut File::open(&p).unwrap()).unwrap();
        assert_eq!(c.head, b"2026-09-02T08:00:00.000Z [info] [a] one\n");
        let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
        std::io::Write::write_all(&mut f, b"2026-09-02T08:00:01.000Z [info] [a] two\n").unwrap();
        assert_eq!(c.seen().unwrap(), Seen::Grown, "the same file");
        std::fs::remove_file(&p).unwrap();
        std::fs::write(
            &p,
            format!("2026-09-02T09:00:00.000Z [info] [b] {}\n", "x".repeat(200)),
        )
        .unwrap();
        assert_eq!(c.seen().unwrap(), Seen::Restart(Restart::Replaced));
        assert!(!other_start(b"abc", b"ab") && other_start(b"abc", b"abd"));
    }
}
