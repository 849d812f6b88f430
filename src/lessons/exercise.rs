//! The exercise verdict: a fix passes only when the checker is quiet about the lesson's
//! rules, the simulated run ends cleanly without the leak, and the program still prints what
//! the solution prints (so deleting the code can't pass).

use super::{Exercise, Lesson, Measure, Text};
use crate::analysis::{self, Options, Report};
use crate::sim::{self, End, Outcome};

/// What the verdict needs to know about one simulated run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunSummary {
    pub stdout: String,
    /// The first line of stderr: a panic or fatal error, a budget message, "not simulated…".
    pub stderr_first_line: String,
    pub exit_code: i32,
    /// Goroutines still blocked when the program ended.
    pub leaked: usize,
    pub retained_bytes: u64,
    /// The most retained at any sample of the run.
    pub peak_retained_bytes: u64,
    /// `runtime.NumGoroutine()` as `main` ended (main itself included).
    pub goroutines: usize,
    /// The most goroutines alive at once during the run (main included).
    pub peak_goroutines: usize,
}

impl RunSummary {
    pub fn from_outcome(o: &Outcome) -> Self {
        // The simulator counts goroutines after main is gone; NumGoroutine in main's last
        // line also counted main.
        let main_alive_at_end = usize::from(o.end == End::MainReturned);
        // The most goroutines alive at once, from the samples (one pass over a trace that
        // may be long); the memory peak is the run's own.
        let peak_goroutines = o
            .trace
            .events
            .iter()
            .filter_map(|e| match e.kind {
                sim::EventKind::Sample { num_goroutine, .. } => Some(num_goroutine),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        RunSummary {
            stdout: o.stdout.clone(),
            stderr_first_line: o.stderr.lines().next().unwrap_or("").to_owned(),
            exit_code: o.exit_code,
            leaked: o.leaked.len(),
            retained_bytes: o.retained_bytes_final,
            peak_retained_bytes: o.peak_bytes,
            goroutines: o.num_goroutine_final + main_alive_at_end,
            peak_goroutines,
        }
    }

    /// The value a prediction about this run is checked against.
    pub fn measure(&self, measure: Measure) -> i64 {
        match measure {
            Measure::Goroutines => self.goroutines as i64,
            Measure::Leaked => self.leaked as i64,
            Measure::RetainedKib => (self.retained_bytes / 1024) as i64,
            Measure::PeakRetainedKib => (self.peak_retained_bytes / 1024) as i64,
            Measure::ExitCode => self.exit_code as i64,
        }
    }
}

/// Simulates a lesson program under the lesson's Go version (natively: tests and the CLI).
pub fn simulate(lesson: &Lesson, code: &str) -> RunSummary {
    simulate_under(code, lesson.go_version)
}

/// Simulates a program under `go_version` with the default schedule.
pub fn simulate_under(code: &str, go_version: crate::analysis::GoVersion) -> RunSummary {
    let config = sim::Config {
        go_version,
        ..sim::Config::default()
    };
    RunSummary::from_outcome(&sim::run(code, &config))
}

/// The whole verdict for `code`: checks and simulates it (natively) and compares it with
/// `solution`, the run of the lesson's solution (simulate it once, judge many times).
pub fn judge(lesson: &Lesson, code: &str, solution: &RunSummary) -> Option<Verdict> {
    let exercise = lesson.exercise.as_ref()?;
    let report = analysis::check(
        code,
        &Options {
            go_version: lesson.go_version,
        },
    );
    let learner = simulate(lesson, code);
    Some(verdict(lesson, exercise, &report, &learner, solution))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The lesson's rules still fire (rule id, line).
    RuleStillFires(Vec<(String, usize)>),
    SyntaxErrors(usize),
    /// The run crashed, hit a budget or used something not simulated.
    RunFailed {
        exit_code: i32,
        message: String,
    },
    StillLeaks {
        leaked: usize,
        allowed: usize,
    },
    RetainsTooMuch {
        kib: u64,
        allowed_kib: u64,
    },
    PeaksTooHigh {
        kib: u64,
        allowed_kib: u64,
    },
    /// The goroutines the lesson is about were removed or run one after another.
    TooFewGoroutines {
        peak: usize,
        required: usize,
    },
    /// The first differing meaningful output line (1-based among meaningful lines).
    OutputDiffers {
        line: usize,
        expected: String,
        got: String,
    },
}

impl Reason {
    pub fn describe(&self) -> Text {
        let (en, zh) = match self {
            Reason::SyntaxErrors(n) => (
                format!("The code has {n} syntax error(s)."),
                format!("代码有 {n} 处语法错误。"),
            ),
            Reason::RuleStillFires(found) => {
                let list = found
                    .iter()
                    .map(|(r, l)| format!("{r} (line {l})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let list_zh = found
                    .iter()
                    .map(|(r, l)| format!("{r}（第 {l} 行）"))
                    .collect::<Vec<_>>()
                    .join("、");
                (
                    format!("The checker still reports: {list}."),
                    format!("检查器仍然报告：{list_zh}。"),
                )
            }
            Reason::RunFailed { exit_code, message } => (
                format!("The program did not end normally (exit code {exit_code}): {message}"),
                format!("程序没有正常结束（退出码 {exit_code}）：{message}"),
            ),
            Reason::StillLeaks { leaked, allowed } => (
                format!("{leaked} goroutine(s) are still blocked at the end (allowed: {allowed})."),
                format!("结束时仍有 {leaked} 个 goroutine 阻塞（允许 {allowed} 个）。"),
            ),
            Reason::RetainsTooMuch { kib, allowed_kib } => (
                format!("{kib} KiB are still retained at the end (allowed: {allowed_kib} KiB)."),
                format!("结束时仍保留 {kib} KiB 内存（允许 {allowed_kib} KiB）。"),
            ),
            Reason::PeaksTooHigh { kib, allowed_kib } => (
                format!("Memory peaked at {kib} KiB during the run (allowed: {allowed_kib} KiB)."),
                format!("运行期间内存峰值达到 {kib} KiB（允许 {allowed_kib} KiB）。"),
            ),
            Reason::TooFewGoroutines { peak, required } => (
                format!("At most {peak} goroutine(s) ran at once; the program needs {required} running together. Fix the leak and keep the concurrency."),
                format!("同一时刻最多只有 {peak} 个 goroutine 在运行；程序需要 {required} 个同时运行。修复泄漏，但要保留并发。"),
            ),
            Reason::OutputDiffers {
                line,
                expected,
                got,
            } => (
                format!("Output line {line} should be `{expected}` but is `{got}`."),
                format!("输出第 {line} 行应为 `{expected}`，实际为 `{got}`。"),
            ),
        };
        Text { en, zh }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Empty when the fix passes.
    pub reasons: Vec<Reason>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// Judges a learner's program: its check `report` and simulated run against the solution's run.
pub fn verdict(
    lesson: &Lesson,
    exercise: &Exercise,
    report: &Report,
    learner: &RunSummary,
    solution: &RunSummary,
) -> Verdict {
    let mut reasons = Vec::new();
    if !report.syntax_errors.is_empty() {
        reasons.push(Reason::SyntaxErrors(report.syntax_errors.len()));
    }
    let firing: Vec<(String, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| lesson.rules.iter().any(|r| *r == d.rule))
        .map(|d| (d.rule.to_string(), d.span.start.line))
        .collect();
    if !firing.is_empty() {
        reasons.push(Reason::RuleStillFires(firing));
    }
    if learner.exit_code != 0 {
        reasons.push(Reason::RunFailed {
            exit_code: learner.exit_code,
            message: learner.stderr_first_line.clone(),
        });
    }
    if learner.leaked > exercise.max_leaked {
        reasons.push(Reason::StillLeaks {
            leaked: learner.leaked,
            allowed: exercise.max_leaked,
        });
    }
    if let Some(allowed_kib) = exercise.max_retained_kib {
        let kib = learner.retained_bytes / 1024;
        if kib > allowed_kib {
            reasons.push(Reason::RetainsTooMuch { kib, allowed_kib });
        }
    }
    if let Some(allowed_kib) = exercise.max_peak_retained_kib {
        let kib = learner.peak_retained_bytes / 1024;
        if kib > allowed_kib {
            reasons.push(Reason::PeaksTooHigh { kib, allowed_kib });
        }
    }
    if let Some(required) = exercise.min_peak_goroutines {
        if learner.peak_goroutines < required {
            reasons.push(Reason::TooFewGoroutines {
                peak: learner.peak_goroutines,
                required,
            });
        }
    }
    let expected = meaningful_lines(&solution.stdout, &exercise.ignore_output_prefixes);
    let got = meaningful_lines(&learner.stdout, &exercise.ignore_output_prefixes);
    if expected != got {
        let i = expected
            .iter()
            .zip(&got)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(got.len()));
        reasons.push(Reason::OutputDiffers {
            line: i + 1,
            expected: expected
                .get(i)
                .map_or("(end of output)".to_owned(), |s| s.to_string()),
            got: got
                .get(i)
                .map_or("(end of output)".to_owned(), |s| s.to_string()),
        });
    }
    Verdict { reasons }
}

/// Output lines that must match, without those starting with an ignored prefix.
pub fn meaningful_lines<'a>(stdout: &'a str, ignore_prefixes: &[String]) -> Vec<&'a str> {
    stdout
        .lines()
        .filter(|l| !ignore_prefixes.iter().any(|p| l.starts_with(p.as_str())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{check, Options};

    fn lesson() -> Lesson {
        Lesson {
            id: "l".into(),
            folder: "l".into(),
            title: Text::default(),
            summary: Text::default(),
            rules: vec!["some-rule".into()],
            starter_file: "leaky.go".into(),
            solution_file: "fixed.go".into(),
            starter_code: String::new(),
            solution_code: String::new(),
            go_version: Default::default(),
            prediction: None,
            exercise: None,
            hints: vec![],
            challenge: None,
            version_effects: vec![],
            body: Text::default(),
            body_html: Text::default(),
            starter_check: None,
        }
    }

    fn run(stdout: &str, exit_code: i32, leaked: usize) -> RunSummary {
        RunSummary {
            stdout: stdout.into(),
            stderr_first_line: String::new(),
            exit_code,
            leaked,
            retained_bytes: 0,
            peak_retained_bytes: 0,
            goroutines: 1,
            peak_goroutines: 2,
        }
    }

    fn exercise() -> Exercise {
        Exercise {
            max_leaked: 0,
            max_retained_kib: Some(64),
            max_peak_retained_kib: None,
            min_peak_goroutines: Some(2),
            ignore_output_prefixes: vec!["goroutines:".into()],
        }
    }

    #[test]
    fn a_real_fix_passes() {
        let report = check("package main\nfunc main() {}\n", &Options::default());
        let v = verdict(
            &lesson(),
            &exercise(),
            &report,
            &run("ok\ngoroutines: 1\n", 0, 0),
            &run("ok\ngoroutines: 1\n", 0, 0),
        );
        assert!(v.passed(), "{v:?}");
    }

    #[test]
    fn ignored_lines_may_differ_but_nothing_else() {
        let report = Report::default();
        let ok = verdict(
            &lesson(),
            &exercise(),
            &report,
            &run("ok\ngoroutines: 4\n", 0, 0),
            &run("ok\ngoroutines: 1\n", 0, 0),
        );
        assert!(ok.passed());
        let deleted = verdict(
            &lesson(),
            &exercise(),
            &report,
            &run("goroutines: 1\n", 0, 0),
            &run("ok\ngoroutines: 1\n", 0, 0),
        );
        assert_eq!(
            deleted.reasons,
            vec![Reason::OutputDiffers {
                line: 1,
                expected: "ok".into(),
                got: "(end of output)".into()
            }]
        );
    }

    #[test]
    fn leaks_crashes_and_memory_fail() {
        let report = Report::default();
        let mut learner = run("ok\n", 2, 3);
        learner.stderr_first_line = "fatal error: all goroutines are asleep - deadlock!".into();
        learner.retained_bytes = 1 << 20;
        let v = verdict(
            &lesson(),
            &exercise(),
            &report,
            &learner,
            &run("ok\n", 0, 0),
        );
        assert!(matches!(
            v.reasons[0],
            Reason::RunFailed { exit_code: 2, .. }
        ));
        assert_eq!(
            v.reasons[1],
            Reason::StillLeaks {
                leaked: 3,
                allowed: 0
            }
        );
        assert_eq!(
            v.reasons[2],
            Reason::RetainsTooMuch {
                kib: 1024,
                allowed_kib: 64
            }
        );
        assert!(v.reasons[1].describe().zh.contains("3 个"));
    }

    #[test]
    fn syntax_errors_fail() {
        let report = check("package main\nfunc main() {\n", &Options::default());
        let v = verdict(
            &lesson(),
            &exercise(),
            &report,
            &run("", 0, 0),
            &run("", 0, 0),
        );
        assert!(matches!(v.reasons[0], Reason::SyntaxErrors(_)));
    }
}
