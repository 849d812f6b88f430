//! The problems list under the editor: syntax errors and leak diagnostics as one sorted list.

use crate::analysis::{Report, Severity};

/// The pseudo rule id under which syntax errors are listed.
pub const SYNTAX_ERROR: &str = "syntax-error";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// A rule id, or [`SYNTAX_ERROR`].
    pub rule: String,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    /// Index into `Report::diagnostics` when this problem is a diagnostic.
    pub diagnostic: Option<usize>,
}

impl Problem {
    /// `12:5`, as shown beside the message.
    pub fn location(&self) -> String {
        format!("{}:{}", self.line, self.column)
    }
}

/// Syntax errors first at equal positions, then by position.
pub fn problems(report: &Report) -> Vec<Problem> {
    let mut out: Vec<Problem> = report
        .syntax_errors
        .iter()
        .map(|e| Problem {
            rule: SYNTAX_ERROR.to_owned(),
            severity: Severity::Error,
            line: e.span.start.line,
            column: e.span.start.column,
            end_line: e.span.end.line,
            end_column: e.span.end.column,
            message: e.message.clone(),
            diagnostic: None,
        })
        .collect();
    out.extend(report.diagnostics.iter().enumerate().map(|(i, d)| Problem {
        rule: d.rule.to_string(),
        severity: d.severity,
        line: d.span.start.line,
        column: d.span.start.column,
        end_line: d.span.end.line,
        end_column: d.span.end.column,
        message: d.message.clone(),
        diagnostic: Some(i),
    }));
    out.sort_by_key(|p| (p.line, p.column, p.diagnostic.is_some()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{check, Options};

    #[test]
    fn a_syntax_error_becomes_a_problem_at_its_line() {
        let report = check(
            "package main\n\nfunc main() {\n\tx := := 1\n}\n",
            &Options::default(),
        );
        let list = problems(&report);
        assert!(!list.is_empty());
        assert_eq!(list[0].rule, SYNTAX_ERROR);
        assert_eq!(list[0].line, 4);
        assert_eq!(list[0].location(), format!("4:{}", list[0].column));
    }

    #[test]
    fn clean_code_has_no_problems() {
        let report = check("package main\n\nfunc main() {}\n", &Options::default());
        assert!(problems(&report).is_empty());
    }
}

/// The offset in UTF-16 code units (what a textarea's selection uses) of 1-based
/// `line`/`column` (column in characters) in `text`, clamped to the text.
pub fn utf16_offset(text: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0u32;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .trim_end_matches('\n')
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return offset + within as u32;
        }
        offset += l.encode_utf16().count() as u32;
    }
    offset
}

#[cfg(test)]
mod offset_tests {
    use super::utf16_offset;

    #[test]
    fn offsets_count_utf16_units() {
        let text = "ab\n泄漏x\n😀y\n";
        assert_eq!(utf16_offset(text, 1, 1), 0);
        assert_eq!(utf16_offset(text, 2, 1), 3);
        assert_eq!(utf16_offset(text, 2, 3), 5);
        assert_eq!(utf16_offset(text, 3, 2), 9, "the emoji is two UTF-16 units");
        assert_eq!(
            utf16_offset(text, 99, 1),
            text.encode_utf16().count() as u32
        );
    }
}
