//! Reading a file's lines from the end towards the start, in blocks, so
//! that the last session of a 200 MB log costs what the session costs, not
//! what the file costs. Memory stays bounded: one block plus one line, and
//! a line longer than `max_line` keeps only its head (that is where the
//! stamp and the server name are) and is marked cut.
//!
//! Line ends may be `\n`, `\r\n` or a lone `\r`, mixed in one file; empty
//! lines are skipped. Bytes are handed out as they are (the caller decodes
//! them lossily); a last line without its newline (the app was writing, or
//! the file was cut) is handed out too and reported by
//! [`RevLines::unterminated`].
//!
//! Reads stop at a byte limit ([`RevLines::limit`]), inside a line too: a
//! file that is one 20 GB line (of NUL bytes, say) costs the limit, not
//! the file. The line the limit falls in has no start in reach (no stamp,
//! no server name): it is dropped, and [`RevLines::cut_short`] says so.

use std::io::{self, Read, Seek, SeekFrom};

use crate::text::bytes;

/// Default block size: large enough to amortise the seeks, small enough to
/// stay in cache.
pub const BLOCK: usize = 256 * 1024;

/// Default longest line kept whole (the 2025 builds logged whole JSON-RPC
/// messages, some of them megabytes long).
pub const MAX_LINE: usize = 1024 * 1024;

pub struct RevLines<R> {
    src: R,
    /// File bytes `[0, pos)` are not read yet.
    pos: u64,
    /// File bytes from `pos` on; `buf[..end]` is not handed out yet.
    buf: Vec<u8>,
    end: usize,
    /// The previous `buf`, reused for the next block.
    spare: Vec<u8>,
    /// Ranges of `buf` (pieces of the current line) still to hand out,
    /// the last piece on top.
    pieces: Vec<(usize, usize)>,
    /// The current line lost its tail to the cap (its last piece is cut).
    line_cut: Option<usize>,
    /// The line being assembled in `buf` lost its tail to the cap.
    cutting: bool,
    block: usize,
    max_line: usize,
    scanned: u64,
    /// Most bytes read from the file.
    limit: u64,
    /// The limit stopped the reads before the file's start.
    cut_short: bool,
    /// Bytes of a line dropped at the limit (read, its start not).
    dropped: u64,
    /// Where the line being assembled ends in the file.
    line_end: u64,
    /// `buf[fresh..end]` is known to hold no line end (searched already).
    fresh: usize,
    unterminated: Option<bool>,
    done: bool,
}

/// One line, borrowed until the next call.
#[derive(Debug, PartialEq, Eq)]
pub struct RevLine<'a> {
    /// Byte offset of the line's first byte in the file.
    pub offset: u64,
    pub bytes: &'a [u8],
    /// True when the line was longer than the cap and only its head is here.
    pub cut: bool,
}

impl<R: Read + Seek> RevLines<R> {
    /// Read `src`, whose length is `len`, from the end.
    pub fn new(src: R, len: u64) -> Self {
        Self::with_sizes(src, len, BLOCK, MAX_LINE)
    }

    pub fn with_sizes(src: R, len: u64, block: usize, max_line: usize) -> Self {
        RevLines {
            src,
            pos: len,
            buf: Vec::new(),
            end: 0,
            spare: Vec::new(),
            pieces: Vec::new(),
            line_cut: None,
            cutting: false,
            block: block.max(1),
            max_line: max_line.max(1),
            scanned: 0,
            limit: u64::MAX,
            cut_short: false,
            dropped: 0,
            line_end: len,
            fresh: usize::MAX,
            unterminated: None,
            done: false,
        }
    }

    /// Read at most `limit` bytes of the file (the last ones).
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    /// Bytes read from the file so far.
    pub fn scanned(&self) -> u64 {
        self.scanned
    }

    /// Whether the file's last line had no line end (known once a line
    /// was handed out).
    pub fn unterminated(&self) -> bool {
        self.unterminated.unwrap_or(false)
    }

    /// Whether the whole file has been handed out.
    pub fn at_start(&self) -> bool {
        self.done && !self.cut_short && self.pieces.is_empty()
    }

    /// Whether the limit stopped the reads before the file's start: the
    /// older lines were not read.
    pub fn cut_short(&self) -> bool {
        self.cut_short
    }

    /// Bytes read of a line whose start was past the limit, dropped (0:
    /// the limit fell between lines, or was not reached).
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The previous line (towards the file's start), or None at the start.
    pub fn next_line(&mut self) -> io::Result<Option<RevLine<'_>>> {
        while self.pieces.is_empty() {
            if self.done {
                return Ok(None);
            }
            self.take_line()?;
        }
        let Some((start, end)) = self.pieces.pop() else {
            return Ok(None);
        };
        Ok(Some(RevLine {
            offset: self.pos + start as u64,
            bytes: &self.buf[start..end],
            cut: self.line_cut == Some(end),
        }))
    }

    /// Split the last line of `buf[..end]` into pieces (reading a block
    /// first when no line end is in sight).
    fn take_line(&mut self) -> io::Result<()> {
        let unsearched = self.end.min(std::mem::replace(&mut self.fresh, usize::MAX));
        let start = match bytes::rfind(b'\n', &self.buf[..unsearched]) {
            Some(i) => i + 1,
            None if self.pos == 0 => {
                self.done = true;
                0
            }
            None if self.scanned >= self.limit => {
                // the line's start is past the limit: without it (its
                // stamp, its server) the part read is no line; dropped
                if self.unterminated.is_none() && self.scanned > 0 {
                    // nothing read holds a line end: nor does the last byte
                    self.unterminated = Some(true);
                }
                self.dropped = self.line_end - self.pos;
                self.end = 0;
                self.cutting = false;
                self.cut_short = true;
                self.done = true;
                return Ok(());
            }
            None => return self.read_block(),
        };
        let end = self.end;
        if self.unterminated.is_none() {
            // the first line handed out is the file's last one
            self.unterminated = Some(start < end || (self.done && end > 0));
        }
        self.line_cut = std::mem::take(&mut self.cutting).then_some(end);
        self.end = start.saturating_sub(1);
        self.line_end = self.pos + self.end as u64;
        // `\r\n` ends: the `\r` goes with the line end; a lone `\r` ends a
        // line of its own; empty pieces are skipped
        let mut stop = end;
        if stop > start && self.buf[stop - 1] == b'\r' && self.line_cut.is_none() {
            stop -= 1;
        }
        let mut piece = start;
        for i in bytes::positions(b'\r', &self.buf[start..stop]) {
            let i = start + i;
            if i > piece {
                self.pieces.push((piece, i));
            }
            piece = i + 1;
        }
        if stop > piece {
            self.pieces.push((piece, stop));
            if self.line_cut.is_some() {
                self.line_cut = Some(stop);
            }
        }
        // pushed in file order: `pop` hands out the last piece first
        Ok(())
    }

    fn read_block(&mut self) -> io::Result<()> {
        let left = self.limit.saturating_sub(self.scanned);
        let n = (self.block as u64).min(self.pos).min(left) as usize;
        self.pos -= n as u64;
        let mut next = std::mem::take(&mut self.spare);
        // read over the spare's old bytes (no zeroing: the read fills them)
        if next.len() >= n {
            next.truncate(n);
        } else {
            next.resize(n, 0);
        }
        self.src.seek(SeekFrom::Start(self.pos))?;
        self.src.read_exact(&mut next)?;
        self.scanned += n as u64;
        next.extend_from_slice(&self.buf[..self.end]);
        self.spare = std::mem::replace(&mut self.buf, next);
        self.end = self.buf.len();
        self.fresh = n;
        // the bytes after the block hold no line end (that is why it was
        // read): only the block is searched, so a giant line costs one
        // pass over its bytes
        if self.end > self.max_line && bytes::find(b'\n', &self.buf[..n]).is_none() {
            // a giant line: keep its head only (the earliest bytes)
            self.end = self.max_line;
            self.cutting = true;
            self.fresh = 0;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn all(data: &[u8], block: usize, max_line: usize) -> (Vec<(u64, String, bool)>, bool) {
        let mut r = RevLines::with_sizes(
            Cursor::new(data.to_vec()),
            data.len() as u64,
            block,
            max_line,
        );
        let mut out = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            out.push((
                l.offset,
                String::from_utf8_lossy(l.bytes).into_owned(),
                l.cut,
            ));
        }
        (out, r.unterminated())
    }

    fn texts(data: &[u8], block: usize) -> Vec<String> {
        all(data, block, 1 << 20)
            .0
            .into_iter()
            .map(|(_, t, _)| t)
            .collect()
    }

    #[test]
    fn lines_come_last_first_with_their_offsets() {
        for block in [1, 2, 3, 7, 4096] {
            let (lines, unterminated) = all(b"ab\ncde\n\nf\n", block, 1 << 20);
            assert_eq!(
                lines,
                [
                    (8, "f".into(), false),
                    (3, "cde".into(), false),
                    (0, "ab".into(), false)
                ],
                "block {block}"
            );
            assert!(!unterminated);
        }
    }

    #[test]
    fn mixed_line_ends() {
        for block in [1, 2, 5, 64] {
            assert_eq!(
                texts(b"a\r\nb\nc\rd\r\ne\r\n", block),
                ["e", "d", "c", "b", "a"],
                "block {block}"
            );
        }
    }

    #[test]
    fn a_last_line_without_newline_is_handed_out_and_reported() {
        let (lines, unterminated) = all(b"one\ntwo\nthr", 2, 1 << 20);
        assert_eq!(lines[0], (8, "thr".into(), false));
        assert!(unterminated);
        let (_, unterminated) = all(b"only", 3, 1 << 20);
        assert!(unterminated);
        let (lines, _) = all(b"", 3, 1 << 20);
        assert!(lines.is_empty());
    }

    #[test]
    fn giant_lines_keep_their_head() {
        let mut data = b"first\n".to_vec();
        data.extend_from_slice(b"HEAD");
        data.extend(std::iter::repeat_n(b'x', 10_000));
        data.extend_from_slice(b"\nlast\n");
        let (lines, _) = all(&data, 64, 100);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].1, "last");
        assert!(lines[1].1.starts_with("HEADxxx") && lines[1].1.len() <= 100 + 64);
        assert!(lines[1].2, "marked cut");
        assert_eq!(lines[1].0, 6);
        assert_eq!(lines[2], (0, "first".into(), false));
    }

    /// A reader that counts the bytes it hands out: the limit holds for
    /// what is read, not only for what is kept.
    struct Counted {
        inner: Cursor<Vec<u8>>,
        read: u64,
    }

    impl Read for Counted {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n as u64;
            Ok(n)
        }
    }

    impl Seek for Counted {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            self.inner.seek(to)
        }
    }

    fn limited(data: &[u8], block: usize, max_line: usize, limit: u64) -> RevLines<Counted> {
        let src = Counted {
            inner: Cursor::new(data.to_vec()),
            read: 0,
        };
        RevLines::with_sizes(src, data.len() as u64, block, max_line).limit(limit)
    }

    #[test]
    fn the_limit_holds_inside_a_giant_line_which_is_dropped() {
        // one line, no line end: 100 KB of NUL bytes
        let data = vec![0u8; 100_000];
        for (block, max_line) in [(64, 100), (4096, 1 << 20), (1000, 10)] {
            let mut r = limited(&data, block, max_line, 10_000);
            assert_eq!(r.next_line().unwrap(), None, "block {block}");
            assert_eq!(r.scanned(), 10_000);
            assert_eq!(r.src.read, 10_000, "read no more than the limit");
            assert!(r.cut_short() && !r.at_start());
            assert_eq!(r.dropped(), 10_000);
            assert!(r.unterminated());
        }
        // the lines after it are handed out; the one the limit falls in is
        // dropped, with the bytes read of it
        let mut data = b"first\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', 50_000));
        data.extend_from_slice(b"\nlast\n");
        let mut r = limited(&data, 256, 100, 1024);
        assert_eq!(r.next_line().unwrap().unwrap().bytes, b"last");
        assert_eq!(r.next_line().unwrap(), None);
        assert!(r.cut_short() && !r.unterminated());
        assert_eq!(r.dropped(), 1024 - b"\nlast\n".len() as u64);
        assert_eq!(r.src.read, 1024);
    }

    #[test]
    fn a_limit_past_the_start_changes_nothing() {
        let data = b"ab\ncde\n\nf\n";
        let mut r = limited(data, 3, 1 << 20, data.len() as u64);
        let mut got = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            got.push(String::from_utf8_lossy(l.bytes).into_owned());
        }
        assert_eq!(got, ["f", "cde", "ab"]);
        assert!(r.at_start() && !r.cut_short());
        assert_eq!(r.dropped(), 0);
    }

    #[test]
    fn invalid_utf8_passes_through() {
        let lines = texts(b"ok\n\xff\xfe bad\n", 4);
        assert_eq!(lines[0], "\u{fffd}\u{fffd} bad");
    }

    #[test]
    fn stopping_early_reads_little() {
        let mut data = Vec::new();
        for i in 0..100_000 {
            data.extend_from_slice(format!("line {i}\n").as_bytes());
        }
        let mut r =
            RevLines::with_sizes(Cursor::new(data.clone()), data.len() as u64, 4096, 1 << 20);
        for _ in 0..10 {
            r.next_line().unwrap();
        }
        assert!(r.scanned() <= 4096, "{}", r.scanned());
        assert!(!r.at_start());
    }
}
