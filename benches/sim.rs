//! `cargo bench --bench sim`: simulated steps per second, the seed article's
//! 1,000,000-iteration `time.After` loop, and simulating vs `go build` + run of the same
//! program when `go` is on PATH (the 1,000-iteration variant: the million one needs
//! 17 minutes of real time in Go).

use leaklab::sim::{self, Config};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const TIGHT_LOOP: &str = "package main\nimport \"fmt\"\nfunc main() {\n\tsum := 0\n\tfor i := 0; i < 3000000; i++ {\n\t\tsum += i % 7\n\t}\n\tfmt.Println(sum)\n}\n";

fn simulate(name: &str, src: &str) -> f64 {
    let start = Instant::now();
    let o = sim::run(src, &Config::default());
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name:<32} {:>12} steps  {secs:>8.3} s  {:>6.1} M steps/s  exit {}  stdout {:?}",
        o.steps,
        o.steps as f64 / secs / 1e6,
        o.exit_code,
        o.stdout.lines().last().unwrap_or("")
    );
    secs
}

fn real_go(src: &str) -> Option<f64> {
    Command::new("go").arg("version").output().ok()?;
    let dir = std::env::temp_dir().join(format!("leaklab-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join("go.mod"), "module x\ngo 1.27\n").ok()?;
    std::fs::write(dir.join("main.go"), src).ok()?;
    let start = Instant::now();
    let build = Command::new("go")
        .args(["build", "-o", "prog", "."])
        .current_dir(&dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .status()
        .ok()?;
    if !build.success() {
        return None;
    }
    Command::new(dir.join("prog"))
        .current_dir(&dir)
        .output()
        .ok()?;
    let secs = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    Some(secs)
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/sim");
    let read = |name: &str| std::fs::read_to_string(corpus.join(name)).unwrap_or_default();
    simulate("tight loop (3M iterations)", TIGHT_LOOP);
    let million = read("perf_time_after_million.go");
    if !million.is_empty() {
        simulate("time.After loop (1,000,000)", &million);
    }
    let thousand = read("perf_time_after_thousand.go");
    if !thousand.is_empty() {
        let sim_secs = simulate("time.After loop (1,000)", &thousand);
        match real_go(&thousand) {
            Some(go_secs) => println!(
                "go build + run of the 1,000 loop: {go_secs:.3} s; leaklab: {sim_secs:.3} s; ratio go/leaklab = {:.1}",
                go_secs / sim_secs
            ),
            None => println!("go not on PATH: no real-Go comparison"),
        }
    }
}
