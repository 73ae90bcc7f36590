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
            unterminated: None,
            done: false,
        }
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
        self.done && self.pieces.is_empty()
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
        let start = match bytes::rfind(b'\n', &self.buf[..self.end]) {
            Some(i) => i + 1,
            None if self.pos == 0 => {
                self.done = true;
                0
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
        let n = (self.block as u64).min(self.pos) as usize;
        self.pos -= n as u64;
        let mut next = std::mem::take(&mut self.spare);
        next.clear();
        next.resize(n, 0);
        self.src.seek(SeekFrom::Start(self.pos))?;
        self.src.read_exact(&mut next)?;
        self.scanned += n as u64;
        next.extend_from_slice(&self.buf[..self.end]);
        self.spare = std::mem::replace(&mut self.buf, next);
        self.end = self.buf.len();
        if self.end > self.max_line && bytes::find(b'\n', &self.buf).is_none() {
            // a giant line: keep its head only (the earliest bytes)
            self.end = self.max_line;
            self.cutting = true;
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
