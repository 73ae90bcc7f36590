//! A config file's bytes as read, plus byte-offset → line:column mapping.
//! Every diagnostic points into a [`Source`] with a [`Span`].
//!
//! Reading is guarded ([`read_file`]): only a regular file (or a symlink
//! to one) of at most [`MAX_BYTES`] is read. A device, a FIFO or a socket
//! is refused before it is read (a FIFO would block, `/dev/zero` never
//! ends, and `/dev/null` reads as an empty file that a writing command
//! would then replace), and a dangling symlink or a loop of links is named
//! as such instead of looking like a missing file.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Spot;
use crate::platform::files::{kind_of, open_nonblocking};

/// The largest config read. Claude Desktop's configs are a few KB (the
/// largest published ones are under 100 KB); a file of megabytes is a log,
/// a database or a minified script given by mistake.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Bytes per block of the character index behind [`Source::line_col`].
const BLOCK: usize = 4096;

/// A half-open byte range `[start, end)` into [`Source::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn at(offset: usize) -> Span {
        Span {
            start: offset,
            end: offset,
        }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, which is
/// what editors show for UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The file as read: the raw bytes (kept for byte-exact writes and for the
/// "changed since read" check) and the text. Invalid UTF-8 sequences are
/// replaced by U+FFFD in `text` (the syntax pass reports them), so offsets
/// into `text` equal offsets into `bytes` only for valid UTF-8 files.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before each [`BLOCK`]-byte boundary of `text`, so a
    /// column is counted from the nearest boundary, not from the start of
    /// a line that may be megabytes long.
    block_chars: Vec<usize>,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Source {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let line_starts = std::iter::once(0)
            .chain(crate::text::bytes::positions(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let mut block_chars = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            block_chars.push(chars);
            chars += char_starts(block);
        }
        block_chars.push(chars);
        Source {
            path: path.into(),
            bytes,
            text,
            line_starts,
            block_chars,
        }
    }

    /// Read a config file, refusing what is not one ([`read_file`]).
    pub fn read(path: &Path) -> Result<Source, ReadError> {
        Ok(Source::new(path, read_file(path)?))
    }

    pub fn from_text(path: impl Into<PathBuf>, text: &str) -> Source {
        Source::new(path, text.as_bytes().to_vec())
    }

    /// Whether the bytes were valid UTF-8 (so `text` is exact).
    pub fn is_exact_text(&self) -> bool {
        self.text.len() == self.bytes.len()
    }

    /// 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let end = floor_char_boundary(&self.text, offset);
        // a line shorter than a block is counted directly
        let column = if end - start < BLOCK {
            char_starts(&self.text.as_bytes()[start..end]) + 1
        } else {
            self.chars_before(end) - self.chars_before(start) + 1
        };
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    /// Characters in `text[..at]` (`at` on a character boundary): the
    /// block index, then at most one block counted.
    fn chars_before(&self, at: usize) -> usize {
        let block = at / BLOCK;
        self.block_chars[block] + char_starts(&self.text.as_bytes()[block * BLOCK..at])
    }

    /// The byte offset where a 1-based line starts (the end of the text
    /// past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The place of `span` as an error's [`Spot`]: its line whole, the
    /// span and the `secrets` on that line in offsets of the line.
    pub fn spot(&self, span: Span, secrets: &[Span], label: Option<&str>) -> Spot {
        let at = self.line_col(span.start);
        let line_start = self.line_start(at.line);
        let line_text = self.line_text(at.line);
        let on_line = |o: usize| o.saturating_sub(line_start).min(line_text.len());
        Spot {
            path: self.path.display().to_string(),
            line: at.line,
            column: at.column,
            line_text: line_text.to_string(),
            start: on_line(span.start),
            end: on_line(span.end),
            secrets: secrets
                .iter()
                .filter(|s| s.end > line_start && s.start < line_start + line_text.len())
                .map(|s| (on_line(s.start), on_line(s.end)))
                .collect(),
            label: label.map(str::to_string),
        }
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let s = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let e = floor_char_boundary(&self.text, span.end.min(self.text.len()));
        &self.text[s..e.max(s)]
    }
}

/// Characters that start in `bytes` (UTF-8: every byte that is not a
/// continuation byte).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Why a config file was not read. [`ReadError::message`] names the path
/// and what is there; [`ReadError::hint`] says what to do.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at the path.
    NotFound,
    /// A symbolic link whose target does not exist.
    Dangling { target: PathBuf },
    /// Symbolic links that point at each other (or too many in a row).
    Loop,
    /// A folder.
    Folder,
    /// A device, a FIFO, a socket: `kind` says which.
    NotRegular { kind: &'static str },
    /// Larger than [`MAX_BYTES`].
    TooBig { len: u64 },
    /// Any other I/O error (permissions, ...).
    Io(std::io::Error),
}

impl ReadError {
    pub fn message(&self, path: &Path) -> String {
        let p = path.display();
        match self {
            ReadError::NotFound => format!("no file at {p}"),
            ReadError::Dangling { target } => format!(
                "{p} is a symbolic link to {}, which does not exist",
                target.display()
            ),
            ReadError::Loop => format!(
                "{p} is a symbolic link that never reaches a file (the links point at each other)"
            ),
            ReadError::Folder => format!("{p} is a folder, not a config file"),
            ReadError::NotRegular { kind } => {
                format!("{p} is {kind}, not a regular file: mcpctl neither reads nor replaces it")
            }
            ReadError::TooBig { len } => format!(
                "{p} is {} MB: Claude Desktop's config is a few KB, so this is not one (mcpctl \
reads at most {} MB)",
                mb(*len),
                mb(MAX_BYTES)
            ),
            ReadError::Io(e) => format!("cannot read {p}: {e}"),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::NotFound => "`mcpctl path` shows where mcpctl looks",
            ReadError::Dangling { .. } => {
                "point the link at the real config file, remove the link, or pass the file itself \
with --config PATH"
            }
            ReadError::Loop if cfg!(windows) => {
                "fix the links (`dir /AL` shows where each points), or pass the file \
itself with --config PATH"
            }
            ReadError::Loop => {
                "fix the links (`ls -l` shows where each points), or pass the file \
itself with --config PATH"
            }
            ReadError::Folder | ReadError::NotRegular { .. } | ReadError::TooBig { .. } => {
                "pass the config file itself with --config PATH (`mcpctl path` shows where Claude \
Desktop reads it)"
            }
            ReadError::Io(_) => crate::platform::unreadable_file_hint(),
        }
    }
}

fn mb(bytes: u64) -> String {
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The bytes of the config file at `path`, when it is a regular file (or
/// a symlink to one) of at most [`MAX_BYTES`]. What is there is checked
/// before it is read, and again on the open handle (a file swapped for a
/// FIFO in between is still refused, and never blocks: it is opened
/// non-blocking).
/// Whether a config text holds nothing at all: JSON white space only,
/// after a byte-order mark at most (a `touch`ed file, or what PowerShell 5
/// writes for an empty string). There is nothing in it to lose.
pub fn is_blank(text: &str) -> bool {
    text.strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .bytes()
        .all(|b| b.is_ascii_whitespace())
}

pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| not_there(path, e))?;
    check_kind(&meta)?;
    let file = open_nonblocking(path).map_err(|e| not_there(path, e))?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    check_kind(&meta)?;
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_BYTES) as usize);
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooBig {
            len: meta.len().max(bytes.len() as u64),
        });
    }
    Ok(bytes)
}

/// Whether the file at `path` may be read as a config (see [`read_file`]),
/// without reading it.
pub fn check_path(path: &Path) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| not_there(path, e))?;
    check_kind(&meta)
}

fn check_kind(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular {
            kind: kind_of(meta),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::TooBig { len: meta.len() });
    }
    Ok(())
}

/// What a failed `stat`/`open` of `path` means: nothing there, a link to
/// nothing, a loop of links, or another error.
fn not_there(path: &Path, e: std::io::Error) -> ReadError {
    if is_loop(&e) {
        return ReadError::Loop;
    }
    if e.kind() != std::io::ErrorKind::NotFound {
        return ReadError::Io(e);
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => ReadError::Dangling {
            target: dangling_target(path),
        },
        _ => ReadError::NotFound,
    }
}

/// Where a dangling link ends: the last link of the chain's target.
fn dangling_target(path: &Path) -> PathBuf {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        let Ok(next) = std::fs::read_link(&at) else {
            break;
        };
        let next = match at.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            _ => next,
        };
        at = next;
        if !std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            break;
        }
    }
    at
}

/// Whether `e` says a path is a loop of symbolic links.
#[cfg(unix)]
pub(crate) fn is_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

/// Windows: ERROR_CANT_RESOLVE_FILENAME.
#[cfg(not(unix))]
pub(crate) fn is_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(1921)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spot_is_its_line_with_the_span_and_the_secrets_of_that_line() {
        let text = "{\"env\": {\"A\": \"s1\"},\n  \"B\": \"s2\", oops\n}\n";
        let s = Source::from_text("p.json", text);
        let at = |needle: &str| {
            let i = text.find(needle).unwrap();
            Span {
                start: i,
                end: i + needle.len(),
            }
        };
        // one secret on line 1, one on line 2
        let secrets = [at("\"s1\""), at("\"s2\"")];
        let spot = s.spot(at("oops"), &secrets, Some("here"));
        assert_eq!(
            (spot.path.as_str(), spot.line, spot.column),
            ("p.json", 2, 14)
        );
        assert_eq!(spot.line_text, "  \"B\": \"s2\", oops");
        assert_eq!(&spot.line_text[spot.start..spot.end], "oops");
        // only the secret on this line, in the line's offsets
        assert_eq!(spot.secrets, [(7, 11)]);
        assert_eq!(spot.label.as_deref(), Some("here"));
    }

    #[test]
    fn line_col_is_one_based_and_counts_chars() {
        let s = Source::from_text("x.json", "{\n  \"é\": 1,\n}\n");
        assert_eq!(s.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(s.line_col(2), LineCol { line: 2, column: 1 });
        // the comma after `1` on line 2: bytes `  "é": 1` = 2+1+2+1+1+1+1 = 9
        let comma = s.text.find(",").unwrap();
        assert_eq!(s.line_col(comma), LineCol { line: 2, column: 9 });
        assert_eq!(s.line_text(2), "  \"é\": 1,");
        assert_eq!(s.line_text(99), "");
    }

    #[test]
    fn crlf_lines_are_trimmed() {
        let s = Source::from_text("x", "a\r\nb\r\n");
        assert_eq!(s.line_text(1), "a");
        assert_eq!(s.line_col(3), LineCol { line: 2, column: 1 });
    }
}
