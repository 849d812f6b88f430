//! The native `leaklab` command line: the same core the web page uses.

use crate::analysis::{self, GoVersion, Options, Report};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

mod explore;
mod observed;

use explore::leaked_json;

const USAGE: &str = "usage:
  leaklab check [--go VERSION] [--format text|json] PATH...   find leak patterns in Go files or folders
  leaklab check --explore N [...] PATH...          also simulate each program or test file under
                                                   N schedules: goroutines seen blocked forever
                                                   are reported as observed-leak
  leaklab run [--go VERSION] [--seed N | --replay TOKEN] [--format text|json] FILE
                                                   simulate a Go program (one schedule; a manual
                                                   token m1.2.2… picks who runs at each choice)
  leaklab run --explore N [--stop-at-first] [--go VERSION] [--format text|json] FILE
                                                   simulate it under N schedules; exit 1 if one fails
  leaklab test [--explore N | --replay TOKEN] [--run REGEXP] [--go VERSION] [--format text|json] FILE|DIR...
                                                   run its TestX functions with a leak check after each
  leaklab rules                                               list the rules
  leaklab export-content DIR                                  write the web app's lesson/rule JSON
  leaklab help                                                this text";

/// Runs the CLI with `args` (without the program name); returns the exit code.
/// Exit codes: 0 nothing found, 1 findings, 2 usage or I/O errors.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..], out, err),
        Some("run") => run_program(&args[1..], out, err),
        Some("test") => explore::test_command(&args[1..], out, err),
        Some("rules") if args.len() == 1 => rules(out),
        Some("export-content") if args.len() == 2 => export_content(Path::new(&args[1]), out),
        Some("help" | "--help" | "-h") => {
            let _ = writeln!(out, "{USAGE}");
            Ok(0)
        }
        Some(other) => Err(CliError::Usage(format!("unknown command `{other}`"))),
        None => Err(CliError::Usage("no command given".to_owned())),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Usage(message)) => {
            let _ = writeln!(err, "leaklab: {message}\n{USAGE}");
            2
        }
        Err(CliError::Io(message)) => {
            let _ = writeln!(err, "leaklab: {message}");
            2
        }
    }
}

/// Usage errors print the usage text; I/O errors only say what failed.
enum CliError {
    Usage(String),
    Io(String),
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError::Usage(message)
    }
}

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
}

fn parse_format(v: &str) -> Result<Format, String> {
    match v {
        "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        other => Err(format!("unknown format `{other}` (expected text or json)")),
    }
}

struct CheckArgs {
    options: Options,
    format: Format,
    paths: Vec<PathBuf>,
    /// Also simulate each program or test file under this many schedules.
    explore: Option<usize>,
}

fn parse_check_args(args: &[String]) -> Result<CheckArgs, String> {
    let mut parsed = CheckArgs {
        options: Options::default(),
        format: Format::Text,
        paths: Vec::new(),
        explore: None,
    };
    walk_args(args, |flag, arg, value| {
        match flag {
            "--go" => parsed.options.go_version = GoVersion::parse(&value()?)?,
            "--explore" => parsed.explore = Some(explore::parse_explore(&value()?)?),
            "--format" => parsed.format = parse_format(&value()?)?,
            f if f.starts_with('-') && f.len() > 1 => return Err(format!("unknown option `{f}`")),
            _ => parsed.paths.push(PathBuf::from(arg)),
        }
        Ok(())
    })?;
    if parsed.paths.is_empty() {
        return Err("check needs at least one file or folder".to_owned());
    }
    Ok(parsed)
}

/// Walks the arguments: `handle(flag, arg, value)` for each, where `flag` is `--x` of
/// `--x=v` (else the whole argument) and `value()` takes the flag's value: the inline
/// one, or the next argument.
fn walk_args(
    args: &[String],
    mut handle: impl FnMut(&str, &str, &mut dyn FnMut() -> Result<String, String>) -> Result<(), String>,
) -> Result<(), String> {
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{flag} needs a value"))
        };
        handle(flag, arg, &mut value)?;
    }
    Ok(())
}

/// The `.go` files named by `path`: the file itself, or every `*.go` under a folder (sorted).
fn go_files(path: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.is_file() {
        found.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            go_files(&entry, found)?;
        } else if entry.extension().is_some_and(|x| x == "go") {
            found.push(entry);
        }
    }
    Ok(())
}

fn check(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, CliError> {
    let args = parse_check_args(args)?;
    let mut files = Vec::new();
    for path in &args.paths {
        go_files(path, &mut files).map_err(CliError::Io)?;
    }
    let mut reports = Vec::new();
    let mut io_error = false;
    for path in files {
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let mut report = analysis::check(&text, &args.options);
                if let Some(runs) = args.explore.filter(|_| report.syntax_errors.is_empty()) {
                    match observed::observed_leaks(&path, &text, &args.options, runs) {
                        Ok(found) => report.diagnostics.extend(found),
                        Err(note) => {
                            let _ = writeln!(err, "leaklab: {note}");
                        }
                    }
                    report.diagnostics.sort_by(|a, b| {
                        (a.span.start_byte, &a.rule).cmp(&(b.span.start_byte, &b.rule))
                    });
                }
                reports.push((path, report));
            }
            Err(e) => {
                let _ = writeln!(err, "leaklab: cannot read {}: {e}", path.display());
                io_error = true;
            }
        }
    }
    let found = reports.iter().any(|(_, r)| !r.is_clean());
    let written = match args.format {
        Format::Text => write_text(&reports, out),
        Format::Json => writeln!(out, "{}", report_json(&reports)),
    };
    written.map_err(|e| CliError::Io(format!("cannot write output: {e}")))?;
    Ok(if io_error {
        2
    } else if found {
        1
    } else {
        0
    })
}

fn write_text(reports: &[(PathBuf, Report)], out: &mut dyn Write) -> std::io::Result<()> {
    for (path, report) in reports {
        let path = path.display();
        for e in &report.syntax_errors {
            writeln!(out, "{path}:{}:{}: {}", e.line(), e.column(), e.message)?;
        }
        for d in &report.diagnostics {
            writeln!(
                out,
                "{path}:{}:{}: {}: {}",
                d.span.start.line, d.span.start.column, d.rule, d.message
            )?;
        }
    }
    Ok(())
}

pub fn report_json(reports: &[(PathBuf, Report)]) -> Value {
    let files: Vec<Value> = reports
        .iter()
        .map(|(path, report)| {
            let syntax_errors: Vec<Value> = report
                .syntax_errors
                .iter()
                .map(|e| json!({"line": e.line(), "column": e.column(), "message": e.message}))
                .collect();
            let diagnostics: Vec<Value> = report
                .diagnostics
                .iter()
                .map(|d| {
                    json!({
                        "rule": d.rule,
                        "severity": d.severity.as_str(),
                        "line": d.span.start.line,
                        "column": d.span.start.column,
                        "end_line": d.span.end.line,
                        "end_column": d.span.end.column,
                        "message": d.message,
                        "fix": d.fix,
                    })
                })
                .collect();
            json!({"path": path.display().to_string(), "syntax_errors": syntax_errors, "diagnostics": diagnostics})
        })
        .collect();
    json!({ "files": files })
}

/// Writes the web app's content files (lessons, rule docs) as JSON under `dir`.
fn export_content(dir: &Path, out: &mut dyn Write) -> Result<i32, CliError> {
    let files = crate::lessons::content::files()
        .map_err(|problems| CliError::Io(format!("lesson content:\n{}", problems.join("\n"))))?;
    for (path, text) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CliError::Io(format!("{}: {e}", parent.display())))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| CliError::Io(format!("{}: {e}", target.display())))?;
    }
    let _ = writeln!(
        out,
        "wrote {} content files to {}",
        files.len(),
        dir.display()
    );
    Ok(0)
}

fn rules(out: &mut dyn Write) -> Result<i32, CliError> {
    for rule in analysis::rules::ALL {
        let m = rule.meta();
        writeln!(out, "{:<36} {:<8} {}", m.id, m.severity.as_str(), m.summary)
            .map_err(|e| CliError::Io(e.to_string()))?;
    }
    Ok(0)
}

struct RunArgs {
    config: crate::sim::Config,
    format: Format,
    path: PathBuf,
    explore: Option<usize>,
    stop: crate::sim::explore::StopAt,
}

fn parse_run_args(args: &[String]) -> Result<RunArgs, String> {
    let mut config = crate::sim::Config::default();
    let mut format = Format::Text;
    let mut path = None;
    let mut explore = None;
    let mut stop = crate::sim::explore::StopAt::All;
    let mut replayed = false;
    walk_args(args, |flag, arg, value| {
        match flag {
            "--go" => config.go_version = GoVersion::parse(&value()?)?,
            "--seed" => {
                let v = value()?;
                config.seed = v
                    .parse()
                    .map_err(|_| format!("--seed needs a number, not `{v}`"))?;
            }
            "--format" => format = parse_format(&value()?)?,
            "--explore" => explore = Some(explore::parse_explore(&value()?)?),
            "--stop-at-first" => stop = crate::sim::explore::StopAt::FirstFailure,
            "--replay" => {
                let schedule = crate::sim::Schedule::parse(&value()?)?;
                config = config.with_schedule(schedule);
                replayed = true;
            }
            f if f.starts_with('-') && f.len() > 1 => return Err(format!("unknown option `{f}`")),
            _ => {
                if path.replace(PathBuf::from(arg)).is_some() {
                    return Err("run takes exactly one file".to_owned());
                }
            }
        }
        Ok(())
    })?;
    let path = path.ok_or("run needs a Go file")?;
    if replayed && explore.is_some() {
        return Err("--replay and --explore do not go together".to_owned());
    }
    if explore.is_none() {
        config.budgets = crate::sim::Budgets::for_one_run();
    }
    Ok(RunArgs {
        config,
        format,
        path,
        explore,
        stop,
    })
}

/// How long `leaklab run` lets one simulation take (its step budget is generous).
const RUN_TIME_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

/// Simulates `source`, ending the run once it has taken `limit` of real time.
fn run_for_at_most(
    source: &str,
    config: &crate::sim::Config,
    limit: std::time::Duration,
) -> crate::sim::Outcome {
    let started = std::time::Instant::now();
    let mut sim = crate::sim::Sim::new(source, config);
    let mut steps = 0u32;
    while sim.step() {
        steps = steps.wrapping_add(1);
        // A look at the clock every few thousand scheduling steps costs nothing.
        if steps.is_multiple_of(4096) && started.elapsed() >= limit {
            sim.stop_for_time(limit);
        }
    }
    sim.finish()
}

/// `leaklab run`: the simulated program's stdout and stderr, then its exit code.
fn run_program(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, CliError> {
    let args = parse_run_args(args)?;
    let bytes = std::fs::read(&args.path)
        .map_err(|e| CliError::Io(format!("cannot read {}: {e}", args.path.display())))?;
    let source = String::from_utf8_lossy(&bytes);
    if let Some(runs) = args.explore {
        return explore::explore_program(
            &args.path,
            &source,
            &args.config,
            runs,
            args.stop,
            &args.format,
            out,
        );
    }
    let outcome = run_for_at_most(&source, &args.config, RUN_TIME_BUDGET);
    let io = |e: std::io::Error| CliError::Io(format!("cannot write output: {e}"));
    match args.format {
        Format::Text => {
            out.write_all(outcome.stdout.as_bytes()).map_err(io)?;
            err.write_all(outcome.stderr.as_bytes()).map_err(io)?;
            if let Some(hint) = paused_hint(&outcome, &args.config.schedule()) {
                writeln!(err, "{hint}").map_err(io)?;
            }
        }
        Format::Json => writeln!(out, "{}", outcome_json(&outcome)).map_err(io)?,
    }
    Ok(outcome.exit_code)
}

/// For a manual run that stopped at a choice: who can run next, and the tokens that pick
/// each of them.
fn paused_hint(o: &crate::sim::Outcome, schedule: &crate::sim::Schedule) -> Option<String> {
    let crate::sim::Strategy::Manual(picks) = &schedule.strategy else {
        return None;
    };
    if o.choices.is_empty() {
        return None;
    }
    let options: Vec<String> = o
        .choices
        .iter()
        .map(|c| {
            let mut next = picks.to_vec();
            next.push(c.id);
            format!(
                "  goroutine {} (next: line {}): --replay {}",
                c.id,
                c.line,
                crate::sim::Schedule::manual(&next).token()
            )
        })
        .collect();
    Some(format!(
        "leaklab: paused after {} pick(s); choose the goroutine that runs next:\n{}",
        picks.len(),
        options.join("\n")
    ))
}

pub fn outcome_json(o: &crate::sim::Outcome) -> Value {
    let leaked = leaked_json(&o.leaked.iter().collect::<Vec<_>>());
    json!({
        "stdout": o.stdout,
        "stderr": o.stderr,
        "exit_code": o.exit_code,
        "num_goroutine_final": o.num_goroutine_final,
        "leaked": leaked,
        "retained_bytes_final": o.retained_bytes_final,
        "peak_bytes": o.peak_bytes,
        "virtual_time_ns": o.virtual_time_ns,
        "steps": o.steps,
        "choices": o.choices.iter().map(|c| json!({"goroutine": c.id, "line": c.line})).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod run_tests {
    use super::*;

    fn run_cli(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn lesson(name: &str) -> String {
        format!(
            "{}/lessons/select-timeout-sender/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    #[test]
    fn run_text_passes_stdout_through_and_returns_the_exit_code() {
        let (code, out, err) = run_cli(&["run", &lesson("leaky.go")]);
        assert_eq!(code, 0);
        assert!(out.ends_with("goroutines: 4\n"), "{out}");
        assert_eq!(err, "");
    }

    #[test]
    fn run_json_has_the_documented_shape() {
        let (code, out, _) = run_cli(&[
            "run",
            "--format",
            "json",
            "--seed",
            "7",
            "--go",
            "1.22",
            &lesson("leaky.go"),
        ]);
        assert_eq!(code, 0);
        let v: Value = serde_json::from_str(out.trim()).unwrap();
        for key in [
            "stdout",
            "stderr",
            "exit_code",
            "num_goroutine_final",
            "leaked",
            "retained_bytes_final",
            "peak_bytes",
            "virtual_time_ns",
            "steps",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        let leaked = v["leaked"].as_array().unwrap();
        assert_eq!(leaked.len(), 3);
        assert_eq!(leaked[0]["wait_reason"], "chan send");
        assert_eq!(leaked[0]["blocked_line"], 26);
        assert_eq!(leaked[0]["forever"], true);
    }

    #[test]
    fn run_usage_errors() {
        assert_eq!(run_cli(&["run"]).0, 2);
        assert_eq!(run_cli(&["run", "--seed", "x", "f.go"]).0, 2);
        assert_eq!(run_cli(&["run", "/nonexistent/file.go"]).0, 2);
    }
}
