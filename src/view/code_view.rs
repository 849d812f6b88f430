//! The highlighted layer drawn under the editor's transparent textarea: syntax classes and
//! squiggles for problems, as escaped HTML with exactly the textarea's characters.

use crate::analysis::highlight::Token;
use crate::analysis::Severity;

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
    let marks: Vec<Mark> = marks.iter().map(|m| widen(source, *m)).collect();
    let mut cuts: Vec<usize> = vec![0, source.len()];
    for t in tokens {
        cuts.extend([t.start_byte.min(source.len()), t.end_byte.min(source.len())]);
    }
    for m in &marks {
        cuts.extend([m.start_byte, m.end_byte]);
    }
    cuts.retain(|&c| source.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::with_capacity(source.len() * 2);
    let mut token_index = 0;
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
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
        let text = &source[start..end];
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
    out
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
    use crate::analysis::highlight::TokenClass;

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
pub fn gutter_html(line_count: usize, problem_lines: &[(usize, Severity)]) -> String {
    let mut worst: Vec<Option<Severity>> = vec![None; line_count + 1];
    for &(line, severity) in problem_lines {
        if let Some(slot) = worst.get_mut(line) {
            *slot = Some(slot.map_or(severity, |s| s.min(severity)));
        }
    }
    let mut out = String::with_capacity(line_count * 8);
    for (line, mark) in worst.iter().enumerate().skip(1) {
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
        );
        assert_eq!(html, "1\n<span class=\"ll-gutter-mark ll-gutter-mark--error\" data-testid=\"gutter-mark\" data-line=\"2\">2</span>\n3\n");
    }
}
