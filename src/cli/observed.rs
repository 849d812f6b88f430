//! `leaklab check --explore N`: leaks the simulator sees become diagnostics (rule
//! `observed-leak`) beside the static ones, so a leak no rule knows is still reported.

use crate::analysis::source::{LineIndex, Span};
use crate::analysis::{Diagnostic, Options, Severity};
use crate::sim::explore::{self, StopAt};
use crate::sim::{Compiled, Config};
use std::path::Path;

pub const RULE: &str = "observed-leak";

/// What exploring `source` under `runs` schedules saw blocked forever, as diagnostics at
/// the blocking lines; or why the simulator could not say (`Err`: a note for stderr).
/// A file that is not a program or a test file (no `main`, no `TestX`) gives nothing.
pub fn observed_leaks(
    path: &Path,
    source: &str,
    options: &Options,
    runs: usize,
) -> Result<Vec<Diagnostic>, String> {
    let mut config = Config {
        go_version: options.go_version,
        ..Config::default()
    };
    let compiled = Compiled::new(source, config.go_version);
    let is_test = !compiled.test_names().is_empty();
    config.tests.leak_check = is_test;
    let found = explore::explore(&compiled, &config, runs, StopAt::All, |_| true);
    let unsimulated = found.count(explore::Verdict::NotSimulated);
    if unsimulated == found.schedules {
        let first = explore::replay(&compiled, &config, config.schedule());
        let why = first.stderr.lines().next().unwrap_or("").to_owned();
        return Err(format!("{}: not explored: {why}", path.display()));
    }
    let command = if is_test { "test" } else { "run" };
    let lines = LineIndex::new(source);
    Ok(found
        .observed_leaks()
        .into_iter()
        .map(|o| Diagnostic {
            rule: RULE.into(),
            severity: Severity::Warning,
            span: line_span(&lines, source, o.blocked_line as usize),
            message: format!(
                "observed: a goroutine created at line {} is blocked here forever ({}) in {} of {} schedules; replay: leaklab {command} --replay {} {}",
                o.created_line,
                o.wait_reason,
                o.schedules,
                found.schedules,
                o.schedule.token(),
                path.display()
            ),
            related: Vec::new(),
            fix: None,
        })
        .collect())
}

/// Line `line` (1-based) from its first non-blank character to its end.
fn line_span(lines: &LineIndex, source: &str, line: usize) -> Span {
    let start = lines.line_start(line);
    let text = source[start..].split('\n').next().unwrap_or("");
    let indent = text.len() - text.trim_start().len();
    let end = text.trim_end().len().max(indent);
    lines.span(source, start + indent, start + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_span_covers_the_statement_without_its_indent() {
        let src = "package main\n\n\tch <- 1 \nx";
        let lines = LineIndex::new(src);
        let s = line_span(&lines, src, 3);
        assert_eq!(&src[s.start_byte..s.end_byte], "ch <- 1");
        assert_eq!((s.start.column, s.end.column), (2, 9));
        assert_eq!(line_span(&lines, src, 4).start_byte, src.len() - 1);
    }
}
