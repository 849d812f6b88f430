//! Editor key behaviour as pure text changes: Tab / Shift+Tab indent, Enter keeps the
//! indentation and opens blocks. Offsets are UTF-16 code units, as textarea selections are.

/// Replace `start..end` with `insert`, then select `select_start..select_end` (all UTF-16).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextChange {
    pub start: u32,
    pub end: u32,
    pub insert: String,
    pub select_start: u32,
    pub select_end: u32,
}

impl TextChange {
    /// Applies the change to `text` (used by tests and as the fallback when the browser
    /// can't insert through its undo stack).
    pub fn apply(&self, text: &str) -> String {
        let start = byte_at(text, self.start);
        let end = byte_at(text, self.end).max(start);
        format!("{}{}{}", &text[..start], self.insert, &text[end..])
    }
}

/// Byte index of UTF-16 offset `units` (clamped; inside a surrogate pair rounds down).
pub fn byte_at(text: &str, units: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in text.char_indices() {
        if seen + c.len_utf16() as u32 > units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    text.len()
}

fn units(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

/// Bytes of the whole lines touched by `start..end`.
fn line_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A selection ending right at a line start does not include that line.
    let end = if end > start && text[..end].ends_with('\n') {
        end - 1
    } else {
        end
    };
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    (line_start, line_end)
}

/// Tab: a tab at the caret, or one more tab at the start of every selected line.
pub fn indent(text: &str, sel_start: u32, sel_end: u32) -> TextChange {
    let (s, e) = (byte_at(text, sel_start), byte_at(text, sel_end));
    if !text[s..e].contains('\n') {
        let at = units(&text[..s]);
        return TextChange {
            start: at,
            end: units(&text[..e]),
            insert: "\t".into(),
            select_start: at + 1,
            select_end: at + 1,
        };
    }
    let (ls, le) = line_range(text, s, e);
    let insert: String = text[ls..le]
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                l.to_owned()
            } else {
                format!("\t{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let start = units(&text[..ls]);
    TextChange {
        start,
        end: units(&text[..le]),
        select_start: start,
        select_end: start + units(&insert),
        insert,
    }
}

/// Shift+Tab: remove one tab (or up to four spaces) from the start of every touched line.
pub fn outdent(text: &str, sel_start: u32, sel_end: u32) -> TextChange {
    let (s, e) = (byte_at(text, sel_start), byte_at(text, sel_end));
    let (ls, le) = line_range(text, s, e);
    let insert: String = text[ls..le]
        .split('\n')
        .map(|l| {
            if let Some(rest) = l.strip_prefix('\t') {
                rest
            } else {
                let spaces = l.len() - l.trim_start_matches(' ').len();
                &l[spaces.min(4)..]
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let start = units(&text[..ls]);
    let single = !text[s..e].contains('\n');
    let removed = units(&text[ls..le]) - units(&insert);
    let (select_start, select_end) = if single {
        let caret = sel_start.saturating_sub(removed).max(start);
        (caret, caret)
    } else {
        (start, start + units(&insert))
    };
    TextChange {
        start,
        end: units(&text[..le]),
        insert,
        select_start,
        select_end,
    }
}

/// Enter: keep the line's indentation; after `{`, `(`, `[` or a `case …:` indent one more;
/// between a bracket pair put the closer on its own line.
pub fn newline(text: &str, sel_start: u32, sel_end: u32) -> TextChange {
    let (s, e) = (byte_at(text, sel_start), byte_at(text, sel_end));
    let line_start = text[..s].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..s];
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let before = line.trim_end();
    let opens =
        before.ends_with(['{', '(', '[']) || (before.ends_with(':') && is_case_label(before));
    let after = text[e..].trim_start_matches([' ', '\t']);
    let closes = opens
        && matches!(
            (before.chars().last(), after.chars().next()),
            (Some('{'), Some('}')) | (Some('('), Some(')')) | (Some('['), Some(']'))
        );
    let inner = if opens {
        format!("{indent}\t")
    } else {
        indent.clone()
    };
    let mut insert = format!("\n{inner}");
    let caret = units(&text[..s]) + units(&insert);
    if closes {
        insert.push('\n');
        insert.push_str(&indent);
    }
    TextChange {
        start: units(&text[..s]),
        end: units(&text[..e]),
        insert,
        select_start: caret,
        select_end: caret,
    }
}

fn is_case_label(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("case ") || t == "default:"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a change and renders the selection as `|` (caret) or `[..]`.
    fn show(text: &str, change: &TextChange) -> String {
        let out = change.apply(text);
        let (a, b) = (
            byte_at(&out, change.select_start),
            byte_at(&out, change.select_end),
        );
        if a == b {
            format!("{}|{}", &out[..a], &out[a..])
        } else {
            format!("{}[{}]{}", &out[..a], &out[a..b], &out[b..])
        }
    }

    #[test]
    fn tab_inserts_at_the_caret() {
        assert_eq!(show("ab", &indent("ab", 1, 1)), "a\t|b");
    }

    #[test]
    fn tab_indents_every_selected_line() {
        let text = "a\nb\n\nc";
        assert_eq!(show(text, &indent(text, 0, 6)), "[\ta\n\tb\n\n\tc]");
    }

    #[test]
    fn shift_tab_outdents_tabs_and_spaces() {
        let text = "\ta\n    b\n  c";
        assert_eq!(show(text, &outdent(text, 0, units(text))), "[a\nb\nc]");
        assert_eq!(show("\tab", &outdent("\tab", 2, 2)), "a|b");
    }

    #[test]
    fn enter_keeps_indent_and_opens_blocks() {
        assert_eq!(
            show("\tx := 1", &newline("\tx := 1", 7, 7)),
            "\tx := 1\n\t|"
        );
        assert_eq!(
            show("\tif ok {", &newline("\tif ok {", 8, 8)),
            "\tif ok {\n\t\t|"
        );
        assert_eq!(
            show("\tgo func() {}()", &newline("\tgo func() {}()", 12, 12)),
            "\tgo func() {\n\t\t|\n\t}()"
        );
        assert_eq!(
            show("\tcase v := <-ch:", &newline("\tcase v := <-ch:", 16, 16)),
            "\tcase v := <-ch:\n\t\t|"
        );
    }

    #[test]
    fn offsets_are_utf16() {
        let text = "😀\n\tx";
        // The emoji is two UTF-16 units; the caret after it is at 2.
        assert_eq!(show(text, &indent(text, 2, 2)), "😀\t|\n\tx");
        assert_eq!(byte_at(text, 1), 0, "inside a surrogate pair rounds down");
        assert_eq!(byte_at(text, 99), text.len());
    }
}
