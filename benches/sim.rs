//! `cargo bench --bench sim` (in `make bench`): the simulator's speed, each figure beside
//! its baseline measured in the same run.
//! - The 3M-iteration tight loop: `leaklab run` as a process against the same program built
//!   by Go (process wall times, median of alternating runs; the goal is ≤ 15×).
//! - The seed article's 1,000,000-iteration `time.After` loop, in process (real Go needs
//!   17 minutes of real time for it, so its baseline is the 1,000-iteration variant below).
//! - The 1,000-iteration variant: `leaklab run` against `go build` + run.
//!
//! Without `go` on PATH the Go baselines are skipped, with a line saying so.

use leaklab::sim::{self, Config};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const TIGHT_LOOP: &str = "package main\nimport \"fmt\"\nfunc main() {\n\tsum := 0\n\tfor i := 0; i < 3000000; i++ {\n\t\tsum += i % 7\n\t}\n\tfmt.Println(sum)\n}\n";
const PROCESS_RUNS: usize = 7;

fn simulate(name: &str, src: &str) -> f64 {
    let start = Instant::now();
    let o = sim::run(src, &Config::default());
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name:<34} {:>10} steps  {secs:>7.3} s in process  {:>6.1} M steps/s  exit {}  stdout {:?}",
        o.steps,
        o.steps as f64 / secs / 1e6,
        o.exit_code,
        o.stdout.lines().last().unwrap_or("")
    );
    secs
}

/// A throwaway module holding `src` as main.go.
fn go_module(src: &str, name: &str) -> Option<PathBuf> {
    Command::new("go").arg("version").output().ok()?;
    let dir = std::env::temp_dir().join(format!("leaklab-bench-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join("go.mod"), "module x\ngo 1.27\n").ok()?;
    std::fs::write(dir.join("main.go"), src).ok()?;
    Some(dir)
}

fn go_build(dir: &Path) -> Option<PathBuf> {
    let built = Command::new("go")
        .args(["build", "-o", "prog", "."])
        .current_dir(dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .status()
        .ok()?;
    built.success().then(|| dir.join("prog"))
}

/// Wall seconds of one run of `cmd` as a process, its output discarded.
fn process_secs(cmd: &mut Command) -> f64 {
    let start = Instant::now();
    let ran = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
    let secs = start.elapsed().as_secs_f64();
    assert!(ran.is_ok(), "could not start {cmd:?}");
    secs
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The tight loop: `leaklab run` against the Go-built binary, run by turns.
fn tight_loop_against_go() {
    let Some(dir) = go_module(TIGHT_LOOP, "tight") else {
        println!("go not on PATH: no Go-built baseline for the tight loop");
        return;
    };
    let file = dir.join("main.go");
    if let Some(prog) = go_build(&dir) {
        let leaklab = env!("CARGO_BIN_EXE_leaklab");
        let (mut ours, mut go) = (Vec::new(), Vec::new());
        for _ in 0..PROCESS_RUNS {
            ours.push(process_secs(Command::new(leaklab).arg("run").arg(&file)));
            go.push(process_secs(&mut Command::new(&prog)));
        }
        let (ours, go) = (median(ours), median(go));
        println!(
            "tight loop, process wall (median of {PROCESS_RUNS}): leaklab run {ours:.3} s, Go-built binary {go:.3} s: {:.1}x the Go binary (goal <= 15x)",
            ours / go
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/sim");
    let read = |name: &str| std::fs::read_to_string(corpus.join(name)).unwrap_or_default();
    simulate("tight loop (3M iterations)", TIGHT_LOOP);
    tight_loop_against_go();
    let million = read("perf_time_after_million.go");
    if !million.is_empty() {
        let secs = simulate("time.After loop (1,000,000)", &million);
        println!(
            "time.After loop (1,000,000): {secs:.3} s natively; {:.0} ns per iteration (goal in Chromium < 0.5 s)",
            secs * 1e9 / 1e6
        );
    }
    let thousand = read("perf_time_after_thousand.go");
    if thousand.is_empty() {
        return;
    }
    let sim_secs = simulate("time.After loop (1,000)", &thousand);
    let Some(dir) = go_module(&thousand, "thousand") else {
        println!("go not on PATH: no real-Go comparison");
        return;
    };
    let start = Instant::now();
    if let Some(prog) = go_build(&dir) {
        process_secs(&mut Command::new(prog));
        let go_secs = start.elapsed().as_secs_f64();
        println!(
            "time.After loop (1,000): go build + run {go_secs:.3} s, leaklab {sim_secs:.3} s in process: go/leaklab = {:.0}",
            go_secs / sim_secs
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
