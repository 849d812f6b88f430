//! Positions in source text: byte offsets to 1-based lines and 1-based character columns.

use serde::Serialize;

/// A 1-based line and a 1-based column counted in characters (not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A byte range `start..end` into the source, with its line/column range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Span {
    pub start_byte: usize,
    pub end_byte: usize,
    pub start: Position,
    pub end: Position,
}

/// Maps byte offsets of one source text to positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// The position of `byte` (clamped to the text; a byte inside a multi-byte character
    /// counts as that character).
    pub fn position(&self, source: &str, byte: usize) -> Position {
        let byte = byte.min(source.len());
        let line = self.line_starts.partition_point(|&start| start <= byte) - 1;
        let line_start = self.line_starts[line];
        let mut end = byte;
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let column = source[line_start..end].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    pub fn span(&self, source: &str, start_byte: usize, end_byte: usize) -> Span {
        Span {
            start_byte,
            end_byte,
            start: self.position(source, start_byte),
            end: self.position(source, end_byte),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of 1-based `line` (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "a\n// 泄漏 x\n";
        let idx = LineIndex::new(src);
        let x = src.find('x').unwrap();
        assert_eq!(idx.position(src, x), Position { line: 2, column: 7 });
        assert_eq!(idx.position(src, 0), Position { line: 1, column: 1 });
        assert_eq!(
            idx.position(src, src.len()),
            Position { line: 3, column: 1 }
        );
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let src = "ab";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 99), Position { line: 1, column: 3 });
    }
}
