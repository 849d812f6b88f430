//! The highlighted layer drawn under the editor's transparent textarea: syntax classes and
//! squiggles for problems, as escaped HTML with exactly the textarea's characters.

use crate::analysis::highlight::{Token, TokenClass};
use crate::analysis::incremental::{common_prefix, common_suffix};
use crate::analysis::Severity;
use std::ops::Range;

/// A byte range to underline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start_byte: usize,
    pub end_byte: usize,
    pub severity: Severity,
}

/// Renders `source` as HTML spans. Every character of the source appears exactly once, in
/// order, so the layer lines up with the textarea above it. Empty marks (a missing `}`)
/// widen to the neighbouring character so they stay visible.
pub fn render_html(source: &str, tokens: &[Token], marks: &[Mark]) -> String {
    render_lines(source, tokens, marks).concat()
}

/// [`render_html`] cut into one self-contained HTML string per source line (no span crosses
/// a line break), each ending with its `\n` except the last, so the editor can replace only
/// the lines that changed. Concatenated, they are the whole layer.
pub fn render_lines(source: &str, tokens: &[Token], marks: &[Mark]) -> Vec<String> {
    let marks: Vec<Mark> = marks.iter().map(|m| widen(source, *m)).collect();
    let mut cuts: Vec<usize> = vec![0, source.len()];
    for t in tokens {
        cuts.extend([t.start_byte.min(source.len()), t.end_byte.min(source.len())]);
    }
    for m in &marks {
        cuts.extend([m.start_byte, m.end_byte]);
    }
    for (i, _) in source.match_indices('\n') {
        cuts.extend([i, i + 1]);
    }
    cuts.retain(|&c| source.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();

    let mut lines = Vec::with_capacity(source.len() / 32 + 1);
    let mut out = String::new();
    let mut token_index = 0;
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let text = &source[start..end];
        if text == "\n" {
            out.push('\n');
            lines.push(std::mem::take(&mut out));
            continue;
        }
        while token_index < tokens.len() && tokens[token_index].end_byte <= start {
            token_index += 1;
        }
        let class = tokens
            .get(token_index)
            .filter(|t| t.start_byte <= start && end <= t.end_byte)
            .map(|t| t.class.css());
        let severity = marks
            .iter()
            .filter(|m| m.start_byte <= start && end <= m.end_byte)
            .map(|m| m.severity)
            .min();
        match (class, severity) {
            (None, None) => escape_into(&mut out, text),
            _ => {
                out.push_str("<span class=\"");
                if let Some(class) = class {
                    out.push_str("ll-tok-");
                    out.push_str(class);
                }
                if let Some(severity) = severity {
                    if class.is_some() {
                        out.push(' ');
                    }
                    out.push_str("ll-squiggle ll-squiggle--");
                    out.push_str(severity.as_str());
                }
                out.push_str("\">");
                escape_into(&mut out, text);
                out.push_str("</span>");
            }
        }
    }
    // A final newline in a <pre> draws no line; the textarea does draw one.
    if source.ends_with('\n') || source.is_empty() {
        out.push(' ');
    }
    lines.push(out);
    lines
}

/// Which lines of the layer to replace: `remove` lines from `start` of the old layer give
/// way to `insert` (a range of the new layer's lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineSplice {
    pub start: usize,
    pub remove: usize,
    pub insert: std::ops::Range<usize>,
}

/// Files shorter than this draw every highlighted line; longer ones draw only a window
/// around what is scrolled into view, so a keystroke lays out a hundred lines, not thousands.
pub const WINDOW_FROM_LINES: usize = 400;
/// Lines drawn above and below the visible ones, so scrolling shows no blank band.
pub const OVERSCAN_LINES: usize = 60;
/// The window's start moves in steps of this many lines, so scrolling redraws it rarely.
const WINDOW_STEP: usize = 30;

/// Which lines of a `line_count`-line text the highlighted layer draws, when its frame is
/// scrolled `scroll_top` pixels down and shows `viewport` pixels of lines `line_px` tall.
pub fn visible_window(
    line_count: usize,
    scroll_top: f64,
    viewport: f64,
    line_px: f64,
) -> Range<usize> {
    if line_count < WINDOW_FROM_LINES || line_px.is_nan() || line_px <= 0.0 {
        return 0..line_count;
    }
    let lines = |px: f64| (px.max(0.0) / line_px) as usize;
    let first_visible = lines(scroll_top).min(line_count);
    let start = (first_visible / WINDOW_STEP * WINDOW_STEP).saturating_sub(OVERSCAN_LINES);
    let end = first_visible + lines(viewport) + 1 + WINDOW_STEP + OVERSCAN_LINES;
    start..end.min(line_count)
}

/// The smallest single splice turning `old` into `new` (common first and last lines kept).
pub fn diff_lines(old: &[String], new: &[String]) -> LineSplice {
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(old, new, old.len().min(new.len()) - prefix);
    LineSplice {
        start: prefix,
        remove: old.len() - suffix - prefix,
        insert: prefix..new.len() - suffix,
    }
}

/// Carries the tokens and marks computed for `old` over to `new` (one edit later, before
/// its check has run): those before the edit stay, those after it move with the text,
/// those the edit touches are dropped, except a token (like a comment) that contains an
/// edit without line breaks, which grows with it. So only the edited line loses colour.
pub fn carry_over(
    old: &str,
    new: &str,
    tokens: &[Token],
    marks: &[Mark],
) -> (Vec<Token>, Vec<Mark>) {
    let (start, old_end, new_end) = changed_range(old, new);
    let inserted = &new[start..new_end];
    let moved = |b: usize| b + new_end - old_end;
    let tokens = tokens
        .iter()
        .filter_map(|t| {
            let grows = t.start_byte < start
                && (old_end < t.end_byte
                    || (old_end == t.end_byte && t.class == TokenClass::Comment))
                && !inserted.contains('\n')
                && !old[start..old_end].contains('\n');
            if grows {
                Some(Token {
                    end_byte: moved(t.end_byte),
                    ..*t
                })
            } else if t.end_byte <= start {
                Some(*t)
            } else if t.start_byte >= old_end {
                Some(Token {
                    start_byte: moved(t.start_byte),
                    end_byte: moved(t.end_byte),
                    ..*t
                })
            } else {
                None
            }
        })
        .collect();
    let marks = marks
        .iter()
        .filter_map(|m| {
            if m.end_byte <= start {
                Some(*m)
            } else if m.start_byte >= old_end {
                Some(Mark {
                    start_byte: moved(m.start_byte),
                    end_byte: moved(m.end_byte),
                    ..*m
                })
            } else {
                None
            }
        })
        .collect();
    (tokens, marks)
}

/// The edit between two texts: `start..old_end` of `old` became `start..new_end` of `new`.
fn changed_range(old: &str, new: &str) -> (usize, usize, usize) {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (prefix, old.len() - suffix, new.len() - suffix)
}

fn widen(source: &str, mut m: Mark) -> Mark {
    m.end_byte = m.end_byte.min(source.len());
    m.start_byte = m.start_byte.min(m.end_byte);
    if m.start_byte == m.end_byte {
        if let Some(c) = source[m.end_byte..].chars().next().filter(|&c| c != '\n') {
            m.end_byte += c.len_utf8();
        } else if let Some(c) = source[..m.start_byte].chars().next_back() {
            m.start_byte -= c.len_utf8();
        }
    }
    m
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn every_character_appears_once_in_order() {
        let src = "ch <- a && b // 泄漏 <x>\n";
        let tokens = [
            Token {
                start_byte: 3,
                end_byte: 5,
                class: TokenClass::Operator,
            },
            Token {
                start_byte: 13,
                end_byte: src.len() - 1,
                class: TokenClass::Comment,
            },
        ];
        let marks = [Mark {
            start_byte: 0,
            end_byte: 8,
            severity: Severity::Warning,
        }];
        let html = render_html(src, &tokens, &marks);
        assert_eq!(strip_tags(&html), format!("{src} "));
        assert!(
            html.contains(
                "<span class=\"ll-tok-op ll-squiggle ll-squiggle--warning\">&lt;-</span>"
            ),
            "{html}"
        );
        assert!(!html.contains("<x>"));
    }

    #[test]
    fn empty_marks_widen_to_a_visible_character() {
        let html = render_html(
            "a}",
            &[],
            &[Mark {
                start_byte: 1,
                end_byte: 1,
                severity: Severity::Error,
            }],
        );
        assert_eq!(
            html,
            "a<span class=\"ll-squiggle ll-squiggle--error\">}</span>"
        );
        let html = render_html(
            "ab\n",
            &[],
            &[Mark {
                start_byte: 2,
                end_byte: 2,
                severity: Severity::Error,
            }],
        );
        assert!(html.contains(">b</span>"), "{html}");
    }

    fn tok(start_byte: usize, end_byte: usize, class: TokenClass) -> Token {
        Token {
            start_byte,
            end_byte,
            class,
        }
    }

    #[test]
    fn lines_are_self_contained_and_concatenate_to_the_layer() {
        let src = "a /* x\ny */ b\n\nc\n";
        let tokens = [tok(2, 11, TokenClass::Comment)];
        let lines = render_lines(src, &tokens, &[]);
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert_eq!(lines[0], "a <span class=\"ll-tok-com\">/* x</span>\n");
        assert_eq!(lines[1], "<span class=\"ll-tok-com\">y */</span> b\n");
        assert_eq!(lines[2], "\n");
        assert_eq!(lines[4], " ");
        for l in &lines {
            assert_eq!(
                l.matches("<span").count(),
                l.matches("</span>").count(),
                "{l}"
            );
        }
        assert_eq!(strip_tags(&lines.concat()), format!("{src} "));
        assert_eq!(render_lines("", &[], &[]), vec![" ".to_owned()]);
    }

    #[test]
    fn diff_keeps_the_common_first_and_last_lines() {
        let v = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
        let d = diff_lines(&v("a,b,c,d"), &v("a,B,c,d"));
        assert_eq!(
            d,
            LineSplice {
                start: 1,
                remove: 1,
                insert: 1..2
            }
        );
        let d = diff_lines(&v("a,b"), &v("a,b,b"));
        assert_eq!(
            d,
            LineSplice {
                start: 2,
                remove: 0,
                insert: 2..3
            }
        );
        let d = diff_lines(&v("a,x,x,b"), &v("a,b"));
        assert_eq!(
            d,
            LineSplice {
                start: 1,
                remove: 2,
                insert: 1..1
            }
        );
        let d = diff_lines(&v("a"), &v("a"));
        assert_eq!((d.remove, d.insert.len()), (0, 0));
        let d = diff_lines(&[], &v("a,b"));
        assert_eq!(
            d,
            LineSplice {
                start: 0,
                remove: 0,
                insert: 0..2
            }
        );
    }

    #[test]
    fn applying_the_diff_gives_the_new_lines() {
        let texts = ["a\nb\nc", "a\nbb\nc", "a\nb\nb\nc", "x", "", "a\nb\nc\n"];
        for old in texts {
            for new in texts {
                let o = render_lines(old, &[], &[]);
                let n = render_lines(new, &[], &[]);
                let d = diff_lines(&o, &n);
                let mut patched = o.clone();
                patched.splice(
                    d.start..d.start + d.remove,
                    n[d.insert.clone()].iter().cloned(),
                );
                assert_eq!(patched, n, "{old:?} -> {new:?}");
            }
        }
    }

    #[test]
    fn carried_over_tokens_follow_the_text() {
        let old = "if x // hi\ny := 1\n";
        let tokens = [
            tok(0, 2, TokenClass::Keyword),
            tok(5, 10, TokenClass::Comment),
            tok(16, 17, TokenClass::Number),
        ];
        let marks = [Mark {
            start_byte: 11,
            end_byte: 12,
            severity: Severity::Warning,
        }];
        // Typing inside the comment: it grows; everything after moves by one.
        let new = "if x // hit\ny := 1\n";
        let (t, m) = carry_over(old, new, &tokens, &marks);
        assert_eq!(
            t,
            vec![
                tok(0, 2, TokenClass::Keyword),
                tok(5, 11, TokenClass::Comment),
                tok(17, 18, TokenClass::Number)
            ]
        );
        assert_eq!((m[0].start_byte, m[0].end_byte), (12, 13));
        assert_eq!(&new[17..18], "1");
        // Replacing the keyword drops its colour only.
        let new = "for x // hi\ny := 1\n";
        let (t, _) = carry_over(old, new, &tokens, &marks);
        assert_eq!(
            t,
            vec![
                tok(6, 11, TokenClass::Comment),
                tok(17, 18, TokenClass::Number)
            ]
        );
        // Unchanged text keeps everything.
        let (t, m) = carry_over(old, old, &tokens, &marks);
        assert_eq!((t.as_slice(), m.as_slice()), (&tokens[..], &marks[..]));
        // Multi-byte characters around the edit never split.
        let (t, _) = carry_over("泄漏", "泄露", &[tok(0, 6, TokenClass::String)], &[]);
        assert!(t
            .iter()
            .all(|t| "泄露".is_char_boundary(t.start_byte) && "泄露".is_char_boundary(t.end_byte)));
    }

    #[test]
    fn marks_out_of_range_do_not_panic() {
        let html = render_html(
            "ab",
            &[],
            &[Mark {
                start_byte: 9,
                end_byte: 12,
                severity: Severity::Info,
            }],
        );
        assert_eq!(strip_tags(&html), "ab");
    }
}

/// The widest line in columns (tabs to the next multiple of `tab`, wide CJK characters as 2),
/// so the editor can be exactly as wide as its text.
pub fn max_columns(text: &str, tab: usize) -> usize {
    text.split('\n')
        .map(|line| {
            line.chars().fold(0, |col, c| match c {
                '\t' => (col / tab + 1) * tab,
                c if is_wide(c) => col + 2,
                _ => col + 1,
            })
        })
        .max()
        .unwrap_or(0)
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FF60}' | '\u{1F300}'..='\u{1FAFF}')
}

/// The line-number gutter: one number per line, marked with the most severe problem on it.
pub fn gutter_html(
    line_count: usize,
    problem_lines: &[(usize, Severity)],
    next_lines: &[(usize, u32)],
) -> String {
    let mut worst: Vec<Option<Severity>> = vec![None; line_count + 1];
    for &(line, severity) in problem_lines {
        if let Some(slot) = worst.get_mut(line) {
            *slot = Some(slot.map_or(severity, |s| s.min(severity)));
        }
    }
    let mut next: Vec<Vec<u32>> = vec![Vec::new(); line_count + 1];
    for &(line, goroutine) in next_lines {
        if let Some(slot) = next.get_mut(line) {
            slot.push(goroutine);
        }
    }
    let mut out = String::with_capacity(line_count * 8);
    for (line, mark) in worst.iter().enumerate().skip(1) {
        // The scheduler's "runs next" marker wins over a problem mark: it is what the
        // learner is deciding on now.
        if !next[line].is_empty() {
            let ids: Vec<String> = next[line].iter().map(u32::to_string).collect();
            out.push_str(&format!("<span class=\"ll-gutter-next\" data-testid=\"gutter-next\" data-line=\"{line}\" data-goroutines=\"{}\">{line}</span>\n", ids.join(" ")));
            continue;
        }
        match mark {
            Some(s) => {
                out.push_str(&format!("<span class=\"ll-gutter-mark ll-gutter-mark--{}\" data-testid=\"gutter-mark\" data-line=\"{line}\">{line}</span>\n", s.as_str()));
            }
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn columns_expand_tabs_and_wide_characters() {
        assert_eq!(max_columns("ab\n\tx\n泄漏", 4), 5);
        assert_eq!(max_columns("", 4), 0);
    }

    #[test]
    fn gutter_marks_the_worst_problem_per_line() {
        let html = gutter_html(
            3,
            &[
                (2, Severity::Warning),
                (2, Severity::Error),
                (9, Severity::Info),
            ],
            &[],
        );
        assert_eq!(html, "1\n<span class=\"ll-gutter-mark ll-gutter-mark--error\" data-testid=\"gutter-mark\" data-line=\"2\">2</span>\n3\n");
    }

    #[test]
    fn gutter_marks_the_lines_goroutines_run_next_over_problems() {
        let html = gutter_html(
            3,
            &[(2, Severity::Error)],
            &[(2, 1), (2, 3), (3, 2), (7, 4)],
        );
        assert_eq!(html, "1\n<span class=\"ll-gutter-next\" data-testid=\"gutter-next\" data-line=\"2\" data-goroutines=\"1 3\">2</span>\n<span class=\"ll-gutter-next\" data-testid=\"gutter-next\" data-line=\"3\" data-goroutines=\"2\">3</span>\n");
    }

    #[test]
    fn short_files_draw_every_line_long_ones_a_window_around_the_view() {
        assert_eq!(visible_window(120, 900.0, 600.0, 21.0), 0..120);
        let w = visible_window(2000, 21.0 * 1000.0, 630.0, 21.0);
        assert!(
            w.start <= 1000 && w.end >= 1000 + 30,
            "{w:?} covers lines 1000..1030"
        );
        assert!(w.len() < 250, "{w:?} is small");
        // Scrolling a few lines keeps the window; the end of the file clamps it.
        assert_eq!(
            visible_window(2000, 21.0 * 1003.0, 630.0, 21.0).start,
            w.start
        );
        assert_eq!(visible_window(2000, 1e9, 630.0, 21.0).end, 2000);
        assert_eq!(visible_window(2000, -50.0, 630.0, 21.0).start, 0);
        // An unknown line height draws everything rather than nothing.
        assert_eq!(visible_window(2000, 0.0, 630.0, 0.0), 0..2000);
    }
}
