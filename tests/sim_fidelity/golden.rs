//! The fidelity corpus: Go programs under `tests/testdata/sim/` and their goldens,
//! produced by real Go with `scripts/regen-sim-goldens` (its header documents the format).
//!
//! A golden lists one or more allowed outcomes:
//! ```text
//! # comments, only before the first outcome
//! exit: 2
//! stderr: panic: send on closed channel
//! --- stdout
//! <stdout verbatim, each line ending in a newline>
//! === or
//! exit: 0
//! stderr:
//! --- stdout
//! ...
//! ```
//! Only the first stderr line is compared: the panic or fatal-error text. The goroutine
//! dump after it differs between runs (and from the simulator) by design.
//!
//! Program directives: `// leaklab:go 1.21` (Go version, default 1.27),
//! `// leaklab:outcomes N` (N allowed outcomes, scheduling-dependent),
//! `// leaklab:slow-in-real-go` (golden written by hand, never run in real Go),
//! `// leaklab:racy` (a data race: other schedules may end otherwise).
//! `*_test.go` programs run as `go test -v -count=1`; their stdout is normalised by
//! [`normalise_test_output`] on both sides.

#![allow(dead_code)] // Each test target uses a different part of this module.

use leaklab::analysis::GoVersion;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

pub const SEPARATOR: &str = "=== or";

/// What a run of a program produced, reduced to what goldens record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    pub exit_code: i32,
    pub stderr_first_line: String,
    pub stdout: String,
}

impl RunOutcome {
    /// Keeps stderr's first line only (empty when stderr is empty).
    pub fn new(exit_code: i32, stderr: &str, stdout: &str) -> Self {
        RunOutcome {
            exit_code,
            stderr_first_line: first_line(stderr).to_owned(),
            stdout: stdout.to_owned(),
        }
    }
}

pub fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("").trim_end_matches('\r')
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Golden {
    pub outcomes: Vec<RunOutcome>,
}

/// Parses a golden file; errors name the 1-based line.
pub fn parse_golden(text: &str) -> Result<Golden, String> {
    let mut lines = text.split_inclusive('\n').enumerate().peekable();
    while let Some((_, line)) = lines.peek() {
        if line.starts_with('#') {
            lines.next();
        } else {
            break;
        }
    }
    let mut outcomes = Vec::new();
    loop {
        let (exit_no, exit_line) = lines
            .next()
            .ok_or_else(|| format!("line {}: expected `exit: <code>`", text.lines().count() + 1))?;
        let exit_code = exit_line
            .trim_end_matches('\n')
            .strip_prefix("exit: ")
            .and_then(|code| code.parse::<i32>().ok())
            .ok_or_else(|| {
                format!(
                    "line {}: expected `exit: <code>`, found {exit_line:?}",
                    exit_no + 1
                )
            })?;
        let (stderr_no, stderr_line) = lines
            .next()
            .ok_or_else(|| format!("line {}: expected `stderr:` after exit", exit_no + 2))?;
        let stderr_line = stderr_line.trim_end_matches('\n');
        let stderr_first_line = if stderr_line == "stderr:" {
            String::new()
        } else {
            stderr_line
                .strip_prefix("stderr: ")
                .ok_or_else(|| format!("line {}: expected `stderr: <first line>`", stderr_no + 1))?
                .to_owned()
        };
        match lines.next() {
            Some((_, "--- stdout\n")) => {}
            Some((n, other)) => {
                return Err(format!(
                    "line {}: expected `--- stdout`, found {other:?}",
                    n + 1
                ))
            }
            None => return Err(format!("line {}: expected `--- stdout`", stderr_no + 2)),
        }
        let mut stdout = String::new();
        let mut more = false;
        for (n, line) in lines.by_ref() {
            if line.trim_end_matches('\n') == SEPARATOR {
                more = true;
                break;
            }
            if !line.ends_with('\n') {
                return Err(format!(
                    "line {}: stdout must end with a newline (the file ends mid-line)",
                    n + 1
                ));
            }
            stdout.push_str(line);
        }
        outcomes.push(RunOutcome {
            exit_code,
            stderr_first_line,
            stdout,
        });
        if !more {
            break;
        }
    }
    Ok(Golden { outcomes })
}

/// Renders outcomes in the golden format (as the regen script writes them).
pub fn render_outcomes(outcomes: &[RunOutcome]) -> String {
    let mut out = String::new();
    for (i, o) in outcomes.iter().enumerate() {
        if i > 0 {
            out.push_str(SEPARATOR);
            out.push('\n');
        }
        let _ = writeln!(out, "exit: {}", o.exit_code);
        if o.stderr_first_line.is_empty() {
            out.push_str("stderr:\n");
        } else {
            let _ = writeln!(out, "stderr: {}", o.stderr_first_line);
        }
        out.push_str("--- stdout\n");
        out.push_str(&o.stdout);
    }
    out
}

impl Golden {
    /// Ok(index of the matching outcome), or why the closest outcome differs.
    pub fn find_match(&self, actual: &RunOutcome) -> Result<usize, String> {
        if let Some(i) = self.outcomes.iter().position(|o| o == actual) {
            return Ok(i);
        }
        let reasons: Vec<String> = self
            .outcomes
            .iter()
            .map(|o| difference(o, actual))
            .collect();
        if reasons.len() == 1 {
            Err(reasons.into_iter().next().unwrap_or_default())
        } else {
            Err(format!(
                "none of {} allowed outcomes: {}",
                reasons.len(),
                reasons
                    .iter()
                    .enumerate()
                    .map(|(i, r)| format!("#{}: {r}", i + 1))
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        }
    }
}

/// The first way `actual` differs from `want`, in words.
pub fn difference(want: &RunOutcome, actual: &RunOutcome) -> String {
    let mut parts = Vec::new();
    if want.exit_code != actual.exit_code {
        parts.push(format!(
            "exit {} (want {})",
            actual.exit_code, want.exit_code
        ));
    }
    if want.stderr_first_line != actual.stderr_first_line {
        parts.push(format!(
            "stderr {:?} (want {:?})",
            actual.stderr_first_line, want.stderr_first_line
        ));
    }
    if want.stdout != actual.stdout {
        let want_lines: Vec<&str> = want.stdout.split_inclusive('\n').collect();
        let got_lines: Vec<&str> = actual.stdout.split_inclusive('\n').collect();
        let at = want_lines
            .iter()
            .zip(&got_lines)
            .position(|(w, g)| w != g)
            .unwrap_or(want_lines.len().min(got_lines.len()));
        parts.push(format!(
            "stdout line {}: {:?} (want {:?})",
            at + 1,
            got_lines.get(at).copied().unwrap_or("<end>"),
            want_lines.get(at).copied().unwrap_or("<end>")
        ));
    }
    if parts.is_empty() {
        "identical".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The text after `// leaklab:<name>` on a line of its own, if present.
pub fn directive<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    let prefix = format!("// leaklab:{name}");
    source.lines().find_map(|line| {
        let rest = line.trim().strip_prefix(prefix.as_str())?;
        if rest.is_empty() {
            Some("")
        } else {
            rest.strip_prefix(' ').map(str::trim)
        }
    })
}

/// One corpus program with its golden.
#[derive(Debug, Clone)]
pub struct Program {
    pub name: String,
    pub path: PathBuf,
    pub source: String,
    pub golden_text: String,
}

impl Program {
    pub fn go_version(&self) -> Result<GoVersion, String> {
        match directive(&self.source, "go") {
            Some(v) => GoVersion::parse(v),
            None => Ok(GoVersion::default()),
        }
    }

    /// The `go.mod` version line the regen script uses.
    pub fn go_mod_version(&self) -> &str {
        directive(&self.source, "go").unwrap_or("1.27")
    }

    /// How many distinct outcomes are allowed (1 unless `leaklab:outcomes N`).
    pub fn expected_outcomes(&self) -> Result<usize, String> {
        match directive(&self.source, "outcomes") {
            Some(n) => n
                .parse::<usize>()
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| format!("`// leaklab:outcomes {n}` is not a positive number")),
            None => Ok(1),
        }
    }

    /// A data race whose answer real Go's timing settles (`leaklab:racy`): only the
    /// default schedule, which follows that timing, must match the golden.
    pub fn racy(&self) -> bool {
        directive(&self.source, "racy").is_some()
    }

    pub fn slow_in_real_go(&self) -> bool {
        directive(&self.source, "slow-in-real-go").is_some()
    }

    pub fn is_test_shaped(&self) -> bool {
        self.name.ends_with("_test.go")
    }

    pub fn golden(&self) -> Result<Golden, String> {
        parse_golden(&self.golden_text)
            .map_err(|e| format!("{}: {e}", golden_path(&self.path).display()))
    }

    /// Output normalised the way goldens are (only test-shaped programs change).
    pub fn normalise_stdout(&self, stdout: &str) -> String {
        if self.is_test_shaped() {
            normalise_test_output(stdout)
        } else {
            stdout.to_owned()
        }
    }
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/sim")
}

pub fn golden_path(program: &Path) -> PathBuf {
    program.with_extension("golden")
}

/// Every `*.go` program under the corpus directory, sorted by name, with its golden.
pub fn load_corpus() -> Result<Vec<Program>, String> {
    let dir = corpus_dir();
    let entries = fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let source =
                fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let gp = golden_path(&path);
            let golden_text = fs::read_to_string(&gp).map_err(|e| {
                format!(
                    "{}: {e} (run scripts/regen-sim-goldens {name})",
                    gp.display()
                )
            })?;
            Ok(Program {
                name,
                path,
                source,
                golden_text,
            })
        })
        .collect()
}

/// `go test -v` output made comparable: durations `(1.23s)` become `(0.00s)`, the package
/// summary `ok  \tx\t0.004s` / `FAIL\tx\t0.004s` ends in `0.000s`, and a log line's
/// `<file>_test.go:<line>: ` prefix names the file `prog_test.go`. Mirrors the regen script.
pub fn normalise_test_output(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let line = zero_durations(line);
            let line = zero_summary(&line);
            rename_log_file(&line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn digits_len(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Length of `<digits>.<digits>s` at the start of `bytes`, if it is one.
fn seconds_len(bytes: &[u8]) -> Option<usize> {
    let whole = digits_len(bytes);
    if whole == 0 || bytes.get(whole) != Some(&b'.') {
        return None;
    }
    let frac = digits_len(&bytes[whole + 1..]);
    if frac == 0 || bytes.get(whole + 1 + frac) != Some(&b's') {
        return None;
    }
    Some(whole + 1 + frac + 1)
}

fn zero_durations(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            if let Some(len) = seconds_len(&bytes[i + 1..]) {
                if bytes.get(i + 1 + len) == Some(&b')') {
                    out.push_str("(0.00s)");
                    i += len + 2;
                    continue;
                }
            }
        }
        let ch = line[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

fn zero_summary(line: &str) -> String {
    for head in ["ok  \tx\t", "FAIL\tx\t"] {
        if let Some(rest) = line.strip_prefix(head) {
            if seconds_len(rest.as_bytes()) == Some(rest.len()) {
                return format!("{head}0.000s");
            }
        }
    }
    line.to_owned()
}

fn rename_log_file(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    if indent == 0 {
        return line.to_owned();
    }
    let rest = &line[indent..];
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        .count();
    let (name, after) = rest.split_at(name_len);
    let Some(after_colon) = after.strip_prefix(':') else {
        return line.to_owned();
    };
    let line_digits = digits_len(after_colon.as_bytes());
    if !name.ends_with("_test.go")
        || line_digits == 0
        || !after_colon[line_digits..].starts_with(": ")
    {
        return line.to_owned();
    }
    format!("{}prog_test.go{}", &line[..indent], after)
}

/// One row of the results table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub program: String,
    pub status: Status,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::Skip => "skip",
        }
    }
}

/// A plain-text table, then `K skipped` when some were, then the summary line.
pub fn render_table(title: &str, rows: &[Row]) -> String {
    let width = rows
        .iter()
        .map(|r| r.program.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let mut out = format!("{:width$}  {:6}  reason\n", "program", "result");
    for row in rows {
        let _ = writeln!(
            out,
            "{:width$}  {:6}  {}",
            row.program,
            row.status.label(),
            row.reason
        );
    }
    let skipped = rows.iter().filter(|r| r.status == Status::Skip).count();
    if skipped > 0 {
        let _ = writeln!(out, "{skipped} skipped");
    }
    out.push_str(&summary_line(title, rows));
    out.push('\n');
    out
}

/// `<title>: N passed, M failed`.
pub fn summary_line(title: &str, rows: &[Row]) -> String {
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    format!(
        "{title}: {} passed, {} failed",
        count(Status::Pass),
        count(Status::Fail)
    )
}

pub fn failures(rows: &[Row]) -> usize {
    rows.iter().filter(|r| r.status == Status::Fail).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "# a comment\n# another\nexit: 0\nstderr:\n--- stdout\nchose left\n\
                       === or\nexit: 2\nstderr: panic: boom\n--- stdout\n";

    #[test]
    fn parses_comments_and_alternatives() {
        let g = parse_golden(TWO).expect("parses");
        assert_eq!(
            g.outcomes,
            vec![
                RunOutcome::new(0, "", "chose left\n"),
                RunOutcome::new(2, "panic: boom\n\ngoroutine 1 [running]:\n", ""),
            ]
        );
    }

    #[test]
    fn render_then_parse_round_trips() {
        let outcomes = vec![
            RunOutcome::new(1, "fatal error: x", "a\n\n  b \n"),
            RunOutcome::new(0, "", ""),
            RunOutcome::new(0, "", "=== RUN   TestX\n"),
        ];
        let text = render_outcomes(&outcomes);
        assert_eq!(parse_golden(&text).expect("parses").outcomes, outcomes);
    }

    #[test]
    fn keeps_blank_stdout_lines_and_trailing_spaces() {
        let g = parse_golden("exit: 0\nstderr:\n--- stdout\n0 1 \n\n").expect("parses");
        assert_eq!(g.outcomes[0].stdout, "0 1 \n\n");
    }

    #[test]
    fn rejects_malformed_goldens_with_line_numbers() {
        let cases = [
            ("", "line 1: expected `exit: <code>`"),
            ("exit: two\n", "line 1: expected `exit: <code>`"),
            ("exit: 0\n", "line 2: expected `stderr:`"),
            (
                "exit: 0\nstdout:\n",
                "line 2: expected `stderr: <first line>`",
            ),
            (
                "exit: 0\nstderr:\nstdout\n",
                "line 3: expected `--- stdout`",
            ),
            (
                "exit: 0\nstderr:\n--- stdout\nno newline",
                "line 4: stdout must end",
            ),
            (
                "exit: 0\nstderr:\n--- stdout\n=== or\n",
                "expected `exit: <code>`",
            ),
        ];
        for (text, want) in cases {
            let err = parse_golden(text).expect_err(text);
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn matching_picks_the_allowed_outcome_or_explains() {
        let g = parse_golden(TWO).expect("parses");
        assert_eq!(g.find_match(&RunOutcome::new(2, "panic: boom", "")), Ok(1));
        let err = g
            .find_match(&RunOutcome::new(0, "", "chose right\n"))
            .expect_err("differs");
        assert!(err.contains("none of 2 allowed outcomes"), "{err}");
        assert!(
            err.contains(r#"stdout line 1: "chose right\n" (want "chose left\n")"#),
            "{err}"
        );
        let single = parse_golden("exit: 2\nstderr: panic: x\n--- stdout\na\n").expect("parses");
        let err = single
            .find_match(&RunOutcome::new(0, "", "a\nb\n"))
            .expect_err("differs");
        assert_eq!(
            err,
            r#"exit 0 (want 2), stderr "" (want "panic: x"), stdout line 2: "b\n" (want "<end>")"#
        );
    }

    #[test]
    fn first_line_of_stderr_only() {
        assert_eq!(first_line(""), "");
        assert_eq!(first_line("panic: x\n\ngoroutine 1"), "panic: x");
        assert_eq!(first_line("fatal error: y\r\n"), "fatal error: y");
    }

    #[test]
    fn directives_are_whole_comment_lines() {
        let src = "// leaklab:go 1.21\n  // leaklab:outcomes 3\n// leaklab:slow-in-real-go\n\
                   // leaklab:gopher 9\n";
        assert_eq!(directive(src, "go"), Some("1.21"));
        assert_eq!(directive(src, "outcomes"), Some("3"));
        assert_eq!(directive(src, "slow-in-real-go"), Some(""));
        assert_eq!(directive(src, "goph"), None);
        assert_eq!(directive("x := 1 // leaklab:go 1.2", "go"), None);
    }

    #[test]
    fn normalises_go_test_output() {
        let raw = "=== RUN   TestA\n    leak_test.go:12: n=3 (1.5s)\n    panic.go:694: x\n\
                   --- FAIL: TestA (0.13s)\nFAIL\nFAIL\tx\t0.004s\nFAIL\nok  \tx\t12.5s\n\
                   text (1.2.3s) (s) (1.s)\n";
        let want = "=== RUN   TestA\n    prog_test.go:12: n=3 (0.00s)\n    panic.go:694: x\n\
                    --- FAIL: TestA (0.00s)\nFAIL\nFAIL\tx\t0.000s\nFAIL\nok  \tx\t0.000s\n\
                    text (1.2.3s) (s) (1.s)\n";
        assert_eq!(normalise_test_output(raw), want);
        assert_eq!(normalise_test_output(want), want);
        assert_eq!(
            normalise_test_output("héllo (0.5s) ü\n"),
            "héllo (0.00s) ü\n"
        );
    }

    #[test]
    fn table_lists_rows_and_summary() {
        let rows = vec![
            Row {
                program: "a.go".into(),
                status: Status::Pass,
                reason: String::new(),
            },
            Row {
                program: "bb.go".into(),
                status: Status::Fail,
                reason: "exit 0".into(),
            },
            Row {
                program: "c.go".into(),
                status: Status::Skip,
                reason: "slow".into(),
            },
        ];
        let table = render_table("sim fidelity", &rows);
        assert!(table.contains("bb.go    FAIL    exit 0\n"), "{table}");
        assert!(
            table.ends_with("1 skipped\nsim fidelity: 1 passed, 1 failed\n"),
            "{table}"
        );
        assert_eq!(failures(&rows), 1);
    }
}
