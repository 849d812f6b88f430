//! A bounded fuzz run of the whole core: parse → check → lower → simulate, on mutations of
//! every lesson and fidelity program and on token soup and binary garbage. Nothing may
//! panic or hang; every run must end with a documented exit code and message.
//!
//! Deterministic (fixed seeds, so a failure reproduces: it prints the seed and the input).
//! `LEAKLAB_FUZZ_SECS` (default 20) bounds the time; `LEAKLAB_FUZZ_SEED` picks another seed.
//! Longer run: `LEAKLAB_FUZZ_SECS=600 cargo test --release --test fuzz -- --nocapture`.

use leaklab::analysis::{self, GoVersion, Options};
use leaklab::sim::explore::schedule_at;
use leaklab::sim::{self, Budgets, Config, End, Schedule};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "go ",
    "func",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "chan",
    "<-",
    "select {",
    "case",
    "default:",
    "make(chan int)",
    "close(ch)",
    "for {",
    "range",
    "defer",
    "return",
    "var",
    "x",
    ":=",
    "=",
    "nil",
    "\"s\"",
    "0",
    "1<<62",
    "-1",
    "time.After(time.Second)",
    "sync.Mutex",
    ".Lock()",
    "wg.Wait()",
    "panic(1)",
    "recover()",
    "go func() {}()",
    "break",
    "continue",
    "goto L",
    "L:",
    "switch",
    "type T struct{}",
    "interface{}",
    "...",
    ";",
    "\n",
    "//",
    "/*",
    "`",
    "'a'",
    "0x",
    "1e309",
    "map[string]int{}",
    "[]int{}",
    "[3]int{}",
    "&",
    "*",
    "%",
    "^",
];

fn corpus() -> Vec<String> {
    let mut programs: Vec<String> = leaklab::lessons::load_all()
        .expect("lessons load")
        .into_iter()
        .flat_map(|l| [l.starter_code, l.solution_code])
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/sim");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fidelity corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    files.sort();
    programs.extend(files.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    programs
}

fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut lines: Vec<String> = base.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(4) {
        let n = lines.len().max(1);
        match rng.below(8) {
            0 if !lines.is_empty() => {
                let at = rng.below(n);
                let len = 1 + rng.below(4);
                lines.drain(at..(at + len).min(lines.len()));
            }
            1 if !lines.is_empty() => {
                let at = rng.below(n);
                let copy = lines[at].clone();
                lines.insert(rng.below(n), copy);
            }
            2 if lines.len() > 1 => {
                let (a, b) = (rng.below(n), rng.below(n));
                lines.swap(a, b);
            }
            3 if !lines.is_empty() => {
                let at = rng.below(n);
                let line = &mut lines[at];
                let cut = line
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(rng.below(line.len() + 1));
                let token = TOKENS[rng.below(TOKENS.len())];
                match cut {
                    Some(i) => line.insert_str(i, token),
                    None => line.push_str(token),
                }
            }
            4 => {
                let bytes: Vec<u8> = (0..1 + rng.below(12)).map(|_| rng.next() as u8).collect();
                lines.insert(rng.below(n), String::from_utf8_lossy(&bytes).into_owned());
            }
            5 if !lines.is_empty() => {
                let keep = rng.below(n);
                lines.truncate(keep.max(1));
            }
            6 => {
                let soup: String = (0..1 + rng.below(20))
                    .map(|_| TOKENS[rng.below(TOKENS.len())])
                    .collect::<Vec<_>>()
                    .join(" ");
                lines.insert(rng.below(n), soup);
            }
            _ => {
                // Replace a number with an extreme one.
                let at = rng.below(n);
                if let Some(line) = lines.get_mut(at) {
                    *line = line.replacen(
                        '1',
                        ["0", "-1", "1000000000", "9223372036854775807"][rng.below(4)],
                        1,
                    );
                }
            }
        }
    }
    lines.join("\n")
}

fn garbage(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => {
            let bytes: Vec<u8> = (0..rng.below(400)).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        1 => {
            let body: Vec<&str> = (0..rng.below(60))
                .map(|_| TOKENS[rng.below(TOKENS.len())])
                .collect();
            format!("package main\nfunc main() {{\n{}\n}}\n", body.join(" "))
        }
        _ => format!(
            "package main\nfunc main() {{ {} }}\n",
            "{".repeat(rng.below(3000))
        ),
    }
}

/// Checks and simulates `code` on another thread; an error names what went wrong.
fn exercise(code: String, go: GoVersion) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| {
            let report = analysis::check(&code, &Options { go_version: go });
            let _ = report.diagnostics.len();
            let config = Config {
                go_version: go,
                budgets: Budgets {
                    max_steps: 200_000,
                    max_goroutines: 500,
                    max_virtual_time_ns: 60_000_000_000,
                    max_output_bytes: 64 * 1024,
                    max_call_depth: 500,
                },
                ..Config::default()
            };
            // Inputs alternate between the default schedule and a PCT one, so the
            // exploration's scheduler is fuzzed too; test files get the leak check.
            // One in five is a learner's manual schedule (picks that may not fit).
            let schedule = match code.len() % 5 {
                4 => Schedule::manual(&[2, 1, 2, 2, 1, 3, 1, 2, 2, 1]),
                _ => schedule_at(code.len() % 4, 1, 400),
            };
            let mut config = config.with_schedule(schedule);
            config.tests.leak_check = code.len().is_multiple_of(3);
            sim::run(&code, &config)
        });
        let _ = tx.send(result);
    });
    let outcome = match rx.recv_timeout(Duration::from_secs(20)) {
        Err(_) => return Err("no result within 20 s (hang)".into()),
        Ok(Err(_)) => return Err("panicked".into()),
        Ok(Ok(o)) => o,
    };
    let first = outcome.stderr.lines().next().unwrap_or("");
    let well_formed = match outcome.end {
        End::NotSimulated => outcome.exit_code == 3 && first.starts_with("not simulated: "),
        End::Budget(_) => outcome.exit_code == 4 && first.starts_with("leaklab: stopped"),
        End::Invalid => outcome.exit_code == 1 && !first.is_empty(),
        End::Panicked => outcome.exit_code == 2 && first.starts_with("panic: "),
        End::Fatal => outcome.exit_code == 2 && first.starts_with("fatal error: "),
        End::Deadlock => {
            outcome.exit_code == 2 && first == "fatal error: all goroutines are asleep - deadlock!"
        }
        End::Paused => outcome.exit_code == 5 && outcome.choices.len() >= 2,
        End::MainReturned | End::Exited => true,
    };
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "ill-formed outcome: {:?} exit {} stderr {first:?}",
            outcome.end, outcome.exit_code
        ))
    }
}

#[test]
fn the_core_survives_mutated_and_garbage_programs() {
    let seconds: u64 = std::env::var("LEAKLAB_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("LEAKLAB_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261128);
    let corpus = corpus();
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut runs = 0u64;
    let mut failures = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) && failures.len() < 5 {
        let input_seed = rng.next();
        let mut input_rng = Rng(input_seed);
        let code = if input_rng.below(5) == 0 {
            garbage(&mut input_rng)
        } else {
            let base = &corpus[input_rng.below(corpus.len())];
            mutate(&mut input_rng, base)
        };
        let go = [GoVersion::new(21), GoVersion::new(22), GoVersion::LATEST][input_rng.below(3)];
        // An abort (e.g. a huge allocation) can't be caught: this names the input first.
        if std::env::var_os("LEAKLAB_FUZZ_TRACE").is_some() {
            eprintln!("input seed {input_seed}\n{code}\n--- end of input");
        }
        if let Err(why) = exercise(code.clone(), go) {
            failures.push(format!(
                "input seed {input_seed} (Go {go}): {why}\n--- input ---\n{code}\n---"
            ));
        }
        runs += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {runs} inputs in {secs:.1} s ({:.0}/s), seed {seed}, {} failures",
        runs as f64 / secs,
        failures.len()
    );
    assert!(runs > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
