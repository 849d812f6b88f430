//! `leaklab run --explore N`, `--replay TOKEN` and `leaklab test`: the simulator's
//! schedule exploration and goleak-style leak checks from the command line.

use super::{go_files, walk_args, CliError, Format};
use crate::analysis::GoVersion;
use crate::sim::explore::{self, Exploration, Failure, StopAt, Verdict};
use crate::sim::{Compiled, Config, GoroutineStatus, LeakedGoroutine, Schedule};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most schedules one `--explore` may ask for.
pub const MAX_EXPLORE: usize = 1_000_000;

pub fn parse_explore(v: &str) -> Result<usize, String> {
    match v.parse::<usize>() {
        Ok(n) if (1..=MAX_EXPLORE).contains(&n) => Ok(n),
        _ => Err(format!(
            "--explore needs a number of schedules from 1 to {MAX_EXPLORE}, not `{v}`"
        )),
    }
}

/// `go test -run`'s pattern, for the forms used in practice: alternatives split by `|`,
/// each a name or part of one, optionally anchored by `^` and `$`.
#[derive(Clone, Debug)]
pub struct TestPattern {
    alternatives: Vec<(bool, String, bool)>,
}

impl TestPattern {
    pub fn parse(text: &str) -> Result<TestPattern, String> {
        let mut alternatives = Vec::new();
        for alt in text.split('|') {
            let (start, rest) = match alt.strip_prefix('^') {
                Some(r) => (true, r),
                None => (false, alt),
            };
            let (rest, end) = match rest.strip_suffix('$') {
                Some(r) => (r, true),
                None => (rest, false),
            };
            if let Some(c) = rest.chars().find(|c| !(c.is_alphanumeric() || *c == '_')) {
                return Err(format!(
                    "--run supports names, `|`, `^` and `$` only; `{c}` in `{text}` is not supported"
                ));
            }
            alternatives.push((start, rest.to_owned(), end));
        }
        Ok(TestPattern { alternatives })
    }

    pub fn matches(&self, name: &str) -> bool {
        self.alternatives
            .iter()
            .any(|(start, s, end)| match (start, end) {
                (true, true) => name == s,
                (true, false) => name.starts_with(s.as_str()),
                (false, true) => name.ends_with(s.as_str()),
                (false, false) => name.contains(s.as_str()),
            })
    }
}

/// `leaklab run --explore N FILE`: exit 1 when a schedule failed.
pub fn explore_program(
    path: &Path,
    source: &str,
    config: &Config,
    runs: usize,
    stop: StopAt,
    format: &Format,
    out: &mut dyn Write,
) -> Result<i32, CliError> {
    let compiled = Compiled::new(source, config.go_version);
    let found = explore::explore(&compiled, config, runs, stop, |_| true);
    let replay = format!("leaklab run --replay TOKEN {}", path.display());
    let written = match format {
        Format::Json => writeln!(out, "{}", exploration_json(&found)),
        Format::Text => write_exploration(&found, &replay, "", out),
    };
    written.map_err(write_error)?;
    Ok(exploration_exit_code(&found))
}

fn write_error(e: std::io::Error) -> CliError {
    CliError::Io(format!("cannot write output: {e}"))
}

/// 1 if any schedule failed; else the simulator's own 3 or 4 if it could not run the
/// program under any schedule; else 0.
fn exploration_exit_code(found: &Exploration) -> i32 {
    if !found.failures.is_empty() {
        return 1;
    }
    let gave_up = |v| found.count(v) == found.schedules && found.schedules > 0;
    if gave_up(Verdict::Invalid) {
        1
    } else if gave_up(Verdict::NotSimulated) {
        crate::sim::EXIT_NOT_SIMULATED
    } else if found.count(Verdict::Ok) == 0 && found.count(Verdict::Budget) > 0 {
        crate::sim::EXIT_BUDGET
    } else {
        0
    }
}

fn histogram_text(found: &Exploration) -> String {
    Verdict::ALL
        .iter()
        .filter(|v| found.count(**v) > 0)
        .map(|v| format!("{} {}", v.as_str().replace('_', " "), found.count(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_exploration(
    found: &Exploration,
    replay: &str,
    indent: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{indent}explored {} schedule{}: {}",
        found.schedules,
        if found.schedules == 1 { "" } else { "s" },
        histogram_text(found)
    )?;
    for f in &found.failures {
        writeln!(
            out,
            "{indent}{} in {} of {} schedules; first: {}",
            f.verdict.as_str(),
            f.count,
            found.schedules,
            replay.replace("TOKEN", &f.schedule.token())
        )?;
        let stderr_first = f.outcome.stderr.lines().next().unwrap_or("");
        if !stderr_first.is_empty() {
            writeln!(out, "{indent}  {stderr_first}")?;
        }
        for l in f.goroutines() {
            writeln!(out, "{indent}  {}", leak_line(l))?;
        }
    }
    Ok(())
}

fn leak_line(l: &LeakedGoroutine) -> String {
    let at = match (l.blocked_line, l.wait_reason) {
        (0, _) => String::new(),
        (line, GoroutineStatus::Runnable) => format!(", still running at line {line}"),
        (line, _) => format!(", blocked at line {line}"),
    };
    format!(
        "goroutine {} [{}{}]: created at line {}{at}",
        l.id,
        l.wait_reason,
        if l.forever { ", forever" } else { "" },
        l.created_line
    )
}

/// Goroutines as the JSON of `run` and `test` lists them.
pub fn leaked_json(leaked: &[&LeakedGoroutine]) -> Vec<Value> {
    leaked
        .iter()
        .map(|l| {
            json!({"goroutine": l.id, "created_line": l.created_line, "blocked_line": l.blocked_line,
                   "wait_reason": l.wait_reason, "forever": l.forever})
        })
        .collect()
}

fn failure_json(f: &Failure) -> Value {
    json!({
        "schedule": f.schedule.token(),
        "verdict": f.verdict.as_str(),
        "count": f.count,
        "exit_code": f.outcome.exit_code,
        "stdout": f.outcome.stdout,
        "stderr": f.outcome.stderr,
        "leaked": leaked_json(&f.goroutines()),
    })
}

pub fn exploration_json(found: &Exploration) -> Value {
    let outcomes: serde_json::Map<String, Value> = Verdict::ALL
        .iter()
        .map(|v| (v.as_str().to_owned(), json!(found.count(*v))))
        .collect();
    json!({
        "schedules": found.schedules,
        "outcomes": outcomes,
        "first_failure": found.first_failure().map(failure_json),
        "failures": found.failures.iter().map(failure_json).collect::<Vec<_>>(),
    })
}

pub struct TestArgs {
    pub config: Config,
    pub format: Format,
    pub paths: Vec<PathBuf>,
    pub explore: Option<usize>,
    pub stop: StopAt,
    pub replay: Option<Schedule>,
    pub pattern: Option<TestPattern>,
}

fn parse_test_args(args: &[String]) -> Result<TestArgs, String> {
    let mut parsed = TestArgs {
        config: Config::default(),
        format: Format::Text,
        paths: Vec::new(),
        explore: None,
        stop: StopAt::All,
        replay: None,
        pattern: None,
    };
    parsed.config.tests.leak_check = true;
    walk_args(args, |flag, arg, value| {
        match flag {
            "--go" => parsed.config.go_version = GoVersion::parse(&value()?)?,
            "--format" => parsed.format = super::parse_format(&value()?)?,
            "--explore" => parsed.explore = Some(parse_explore(&value()?)?),
            "--stop-at-first" => parsed.stop = StopAt::FirstFailure,
            "--replay" => parsed.replay = Some(Schedule::parse(&value()?)?),
            "--run" => parsed.pattern = Some(TestPattern::parse(&value()?)?),
            f if f.starts_with('-') && f.len() > 1 => return Err(format!("unknown option `{f}`")),
            _ => parsed.paths.push(PathBuf::from(arg)),
        }
        Ok(())
    })?;
    if parsed.paths.is_empty() {
        return Err("test needs a Go test file or a folder".to_owned());
    }
    if parsed.replay.is_some() && parsed.explore.is_some() {
        return Err("--replay and --explore do not go together".to_owned());
    }
    Ok(parsed)
}

/// The files `leaklab test` runs: files named on the command line, and `*_test.go`
/// under folders.
fn test_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        go_files(path, &mut found)?;
        files.extend(
            found
                .into_iter()
                .filter(|f| f.to_string_lossy().ends_with("_test.go")),
        );
    }
    if files.is_empty() {
        return Err("no *_test.go files found".to_owned());
    }
    Ok(files)
}

/// `leaklab test`: every selected `TestX` of each file, as `go test -v` runs them, with a
/// goleak-style leak check after each; with `--explore N`, each test under N schedules.
/// Exit 1 when a test failed, leaked or deadlocked under any schedule.
pub fn test_command(
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, CliError> {
    let args = parse_test_args(args)?;
    let files = test_files(&args.paths).map_err(CliError::Io)?;
    let mut exit = 0;
    let mut totals = Exploration::default();
    let mut tests_json = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file)
            .map_err(|e| CliError::Io(format!("cannot read {}: {e}", file.display())))?;
        let source = String::from_utf8_lossy(&bytes);
        let compiled = Compiled::new(&source, args.config.go_version);
        let names: Vec<String> = compiled
            .test_names()
            .into_iter()
            .filter(|n| args.pattern.as_ref().is_none_or(|p| p.matches(n)))
            .collect();
        let mut config = args.config.clone();
        config.tests.only = Some(names.clone());
        let Some(runs) = args.explore else {
            let schedule = args.replay.clone().unwrap_or_else(|| config.schedule());
            let outcome = explore::replay(&compiled, &config, schedule);
            if args.format == Format::Text {
                out.write_all(outcome.stdout.as_bytes())
                    .map_err(write_error)?;
                err.write_all(outcome.stderr.as_bytes())
                    .map_err(write_error)?;
            } else {
                tests_json.push(json!({
                    "file": file.display().to_string(),
                    "exit_code": outcome.exit_code,
                    "stdout": outcome.stdout,
                    "stderr": outcome.stderr,
                    "tests": outcome.tests.iter().map(|t| json!({
                        "name": t.name, "failed": t.failed,
                        "leaked": leaked_json(&t.leaked.iter().collect::<Vec<_>>()),
                    })).collect::<Vec<_>>(),
                }));
            }
            if outcome.exit_code != 0 || Verdict::of(&outcome) != Verdict::Ok {
                exit = exit.max(outcome.exit_code.max(1));
            }
            continue;
        };
        // A file the simulator cannot run has no tests to explore one by one.
        let groups: Vec<Option<String>> = if compiled.error.is_some() || names.is_empty() {
            vec![None]
        } else {
            names.iter().cloned().map(Some).collect()
        };
        for name in groups {
            if let Some(n) = &name {
                config.tests.only = Some(vec![n.clone()]);
            }
            let found = explore::explore(&compiled, &config, runs, args.stop, |_| true);
            let label = name.clone().unwrap_or_else(|| "(file)".to_owned());
            let replay = match &name {
                Some(n) => format!(
                    "leaklab test --run '^{n}$' --replay TOKEN {}",
                    file.display()
                ),
                None => format!("leaklab test --replay TOKEN {}", file.display()),
            };
            if args.format == Format::Text {
                writeln!(out, "{}: {label}", file.display()).map_err(write_error)?;
                write_exploration(&found, &replay, "  ", out).map_err(write_error)?;
            } else {
                let mut entry = exploration_json(&found);
                entry["name"] = json!(label);
                entry["file"] = json!(file.display().to_string());
                tests_json.push(entry);
            }
            exit = exit.max(exploration_exit_code(&found));
            totals.absorb(&found);
        }
    }
    if args.format == Format::Json {
        let mut top = if args.explore.is_some() {
            exploration_json(&totals)
        } else {
            json!({"exit_code": exit})
        };
        top["tests"] = Value::Array(tests_json);
        writeln!(out, "{top}").map_err(write_error)?;
    }
    Ok(exit)
}
