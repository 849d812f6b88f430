//! Reusing facts across edits. A keystroke changes one place of the file; the fact
//! builders rebuild only the top-level declarations that place touched and move the others'
//! positions by the edit's size, so a check while typing costs one declaration, not the file.
//!
//! Invariant (tested by `tests/incremental_facts.rs`): facts built this way equal facts
//! built from scratch, for any sequence of edits.

use super::source::Span;
use std::collections::HashMap;

/// The single edit between a previous source and the current one, as a map from the old
/// text's positions to the new text's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Old bytes up to here (inclusive as an end) are unchanged and do not move.
    edit_start: usize,
    /// Old bytes from here on are unchanged, start lines the edit did not touch, and move
    /// by `bytes` and `lines`; columns stay.
    moved_from: usize,
    bytes: isize,
    lines: isize,
}

/// How many leading items `old` and `new` share.
pub fn common_prefix<T: PartialEq>(old: &[T], new: &[T]) -> usize {
    old.iter().zip(new).take_while(|(a, b)| a == b).count()
}

/// How many trailing items `old` and `new` share, at most `max` (so a suffix does not
/// overlap a prefix already counted).
pub fn common_suffix<T: PartialEq>(old: &[T], new: &[T], max: usize) -> usize {
    old.iter()
        .rev()
        .zip(new.iter().rev())
        .take(max)
        .take_while(|(a, b)| a == b)
        .count()
}

impl Shift {
    pub fn between(old: &str, new: &str) -> Shift {
        let (o, n) = (old.as_bytes(), new.as_bytes());
        let prefix = common_prefix(o, n);
        let suffix = common_suffix(o, n, o.len().min(n.len()) - prefix);
        let (old_end, new_end) = (o.len() - suffix, n.len() - suffix);
        let at_line_start = |text: &[u8], i: usize| i == 0 || text[i - 1] == b'\n';
        // Positions after the edit keep their column only from the next line start on
        // (or right away when the edit ends a line in both texts).
        let moved_from = if at_line_start(o, old_end) && at_line_start(n, new_end) {
            old_end
        } else {
            o[old_end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(usize::MAX, |i| old_end + i + 1)
        };
        let newlines = |text: &[u8]| text.iter().filter(|&&b| b == b'\n').count() as isize;
        Shift {
            edit_start: prefix,
            moved_from,
            bytes: n.len() as isize - o.len() as isize,
            lines: newlines(&n[prefix..new_end]) - newlines(&o[prefix..old_end]),
        }
    }

    /// Whether the old byte range `start..end` lies outside the edit, so what was computed
    /// from it holds in the new text once moved.
    pub fn keeps(&self, (start, end): (usize, usize)) -> bool {
        // A range starting right at an insertion could belong before or after it: not kept.
        end <= self.edit_start || (start >= self.moved_from && start > self.edit_start)
    }

    /// Where an old byte offset (of a kept range) is in the new text.
    pub fn byte(&self, old: usize) -> usize {
        if old <= self.edit_start {
            old
        } else {
            old.wrapping_add_signed(self.bytes)
        }
    }

    pub fn range(&self, (start, end): (usize, usize)) -> (usize, usize) {
        (self.byte(start), self.byte(end))
    }

    pub fn span(&self, span: Span) -> Span {
        let line = |old_byte: usize, line: usize| {
            if old_byte <= self.edit_start {
                line
            } else {
                line.wrapping_add_signed(self.lines)
            }
        };
        let mut moved = span;
        moved.start_byte = self.byte(span.start_byte);
        moved.end_byte = self.byte(span.end_byte);
        moved.start.line = line(span.start_byte, span.start.line);
        moved.end.line = line(span.end_byte, span.end.line);
        moved
    }

    /// No edit at all: everything is kept in place.
    pub fn is_identity(&self) -> bool {
        self.bytes == 0 && self.lines == 0 && self.moved_from <= self.edit_start
    }
}

/// The pieces of a previous check that the edit since left alone, keyed by the byte range
/// they cover now, each with the shift that moves its positions there. `range` gives a
/// piece's byte range in the old text.
pub fn reusable<'p, P>(
    old_source: &str,
    new_source: &str,
    pieces: &'p [P],
    range: impl Fn(&P) -> (usize, usize),
) -> HashMap<(usize, usize), (&'p P, Shift)> {
    let shift = Shift::between(old_source, new_source);
    pieces
        .iter()
        .filter(|piece| shift.keeps(range(piece)))
        .map(|piece| (shift.range(range(piece)), (piece, shift)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::LineIndex;

    fn check_moves(old: &str, new: &str, ranges: &[(usize, usize)]) {
        let shift = Shift::between(old, new);
        let (old_lines, new_lines) = (LineIndex::new(old), LineIndex::new(new));
        for &r in ranges {
            assert!(shift.keeps(r), "{r:?} kept for {old:?} -> {new:?}");
            let (a, b) = shift.range(r);
            assert_eq!(&old[r.0..r.1], &new[a..b]);
            assert_eq!(
                shift.span(old_lines.span(old, r.0, r.1)),
                new_lines.span(new, a, b)
            );
        }
    }

    #[test]
    fn text_before_and_after_an_edit_moves_with_it() {
        let old = "func a() {}\nfunc b() {}\nfunc c() {}\n";
        // Typing inside b: a stays, c moves by the bytes typed.
        let new = "func a() {}\nfunc b() { x++ }\nfunc c() {}\n";
        check_moves(old, new, &[(0, 11), (24, 35)]);
        assert!(!Shift::between(old, new).keeps((12, 23)));
        // A new line before c moves it one line down.
        let new = "func a() {}\nfunc b() {\n}\nfunc c() {}\n";
        check_moves(old, new, &[(0, 11), (24, 35)]);
        // Deleting b entirely: a stays (c may be rebuilt: the edit's bounds are ambiguous).
        check_moves(old, "func a() {}\nfunc c() {}\n", &[(0, 11)]);
        // Inserting whole lines at a line start (b starts right at the insertion, so is
        // rebuilt).
        let new = "func a() {}\n\n\nfunc b() {}\nfunc c() {}\n";
        check_moves(old, new, &[(0, 11), (24, 35)]);
        assert!(!Shift::between(old, new).keeps((12, 23)));
    }

    #[test]
    fn text_on_the_edited_line_is_not_kept() {
        let old = "var x = 1; func f() {}\n";
        let new = "var xy = 1; func f() {}\n";
        let shift = Shift::between(old, new);
        assert!(!shift.keeps((11, 22)), "its column changed");
        assert!(Shift::between(old, old).is_identity());
    }
}
