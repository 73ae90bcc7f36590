//! A config file's bytes as read, plus byte-offset → line:column mapping.
//! Every diagnostic points into a [`Source`] with a [`Span`].

use std::path::{Path, PathBuf};

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
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Source {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            path: path.into(),
            bytes,
            text,
            line_starts,
        }
    }

    /// Read a file. I/O errors are returned as-is for the caller to report.
    pub fn read(path: &Path) -> std::io::Result<Source> {
        Ok(Source::new(path, std::fs::read(path)?))
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
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        LineCol {
            line: line_idx + 1,
            column,
        }
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

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let s = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let e = floor_char_boundary(&self.text, span.end.min(self.text.len()));
        &self.text[s..e.max(s)]
    }
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
