//! Fidelity of the simulator against real Go: every program under `tests/testdata/sim/`
//! is simulated and its stdout (exactly), first stderr line and exit code must equal one
//! of the outcomes its golden lists (goldens come from real Go 1.27 via
//! `scripts/regen-sim-goldens`; the format is in `tests/sim_fidelity/golden.rs`).
//!
//! - The Go version comes from a `// leaklab:go 1.21` line (default 1.27).
//! - Programs marked `// leaklab:outcomes N` are simulated with seeds 1, 2 and 3; each
//!   result must be one of the allowed outcomes. Others use seed 1.
//! - Programs marked `// leaklab:racy` hold a data race whose answer Go's usual timing
//!   settles: only their default schedule is compared, not explored or picked ones.
//! - `*_test.go` programs are test-shaped: the simulator runs their `TestX` functions as
//!   `go test -v` would; both sides are normalised (durations, `prog_test.go` file name).
//! - Every program simulated twice with the same seed must give an identical trace.
//! - `perf_time_after_million.go` (1,000,000 iterations, too slow for real Go, golden
//!   written by hand) has its own test; the <1 s requirement is checked by the release
//!   benchmark, here it only has to finish and print the right thing.
//!
//! `tests/sim_goldens.rs` checks the goldens themselves (format, coverage, real Go).

#[path = "sim_fidelity/golden.rs"]
mod golden;

use golden::{load_corpus, render_table, summary_line, Program, Row, RunOutcome, Status};
use leaklab::sim::explore::{self, schedule_at};
use leaklab::sim::{self, Compiled, Config, Schedule};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SEEDS_FOR_SCHEDULING_DEPENDENT: [u64; 3] = [1, 2, 3];
/// Generous: a hang must fail the test with a name, not stall it.
const PROGRAM_TIMEOUT: Duration = Duration::from_secs(60);
const PERF_TIMEOUT: Duration = Duration::from_secs(300);
const PERF_PROGRAM: &str = "perf_time_after_million.go";

fn corpus() -> Vec<Program> {
    load_corpus().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `job` on its own thread so a simulator panic or hang becomes a failed row
/// instead of aborting or stalling the whole table.
fn guarded<T: Send + 'static>(
    timeout: Duration,
    job: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).unwrap_or_else(|panic| {
                let text = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "non-string panic".to_owned());
                Err(format!("simulator panicked: {text}"))
            });
        let _ = tx.send(result);
    });
    rx.recv_timeout(timeout)
        .unwrap_or_else(|_| Err(format!("simulation did not finish within {timeout:?}")))
}

fn config_for(p: &Program, seed: u64) -> Result<Config, String> {
    Ok(Config {
        go_version: p.go_version()?,
        seed,
        ..Config::default()
    })
}

/// Simulates `p` with `seed` and reduces the result to what goldens record.
fn simulate(p: &Program, seed: u64) -> Result<RunOutcome, String> {
    let config = config_for(p, seed)?;
    let outcome = sim::run(&p.source, &config);
    Ok(RunOutcome::new(
        outcome.exit_code,
        &outcome.stderr,
        &p.normalise_stdout(&outcome.stdout),
    ))
}

fn seeds_for(p: &Program) -> Result<Vec<u64>, String> {
    Ok(if p.expected_outcomes()? > 1 {
        SEEDS_FOR_SCHEDULING_DEPENDENT.to_vec()
    } else {
        vec![1]
    })
}

/// Checks one program against its golden for every seed it needs.
fn check_program(p: Program) -> Result<String, String> {
    let golden = p.golden()?;
    let mut matched = Vec::new();
    for seed in seeds_for(&p)? {
        let actual = simulate(&p, seed)?;
        let index = golden
            .find_match(&actual)
            .map_err(|e| format!("seed {seed}: {e}"))?;
        matched.push(format!("seed {seed} -> outcome {}", index + 1));
    }
    Ok(if golden.outcomes.len() > 1 {
        matched.join(", ")
    } else {
        String::new()
    })
}

#[test]
fn simulator_matches_real_go_goldens() {
    corpus_table("sim fidelity", check_program);
}

/// Where two renderings first differ, with a little context.
fn first_divergence(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let around = |s: &str| {
        let mut start = at.saturating_sub(60).min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + 60).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        s[start..end].to_owned()
    };
    format!(
        "traces diverge at byte {at}: {:?} vs {:?}",
        around(a),
        around(b)
    )
}

#[test]
fn same_seed_gives_identical_trace() {
    corpus_table("sim determinism", |p| {
        for seed in seeds_for(&p)? {
            let config = config_for(&p, seed)?;
            let first = sim::run(&p.source, &config);
            let second = sim::run(&p.source, &config);
            if first.trace != second.trace {
                let detail = first_divergence(
                    &format!("{:?}", first.trace),
                    &format!("{:?}", second.trace),
                );
                return Err(format!("seed {seed}: {detail}"));
            }
            if first.stdout != second.stdout || first.exit_code != second.exit_code {
                return Err(format!("seed {seed}: same trace but different output"));
            }
        }
        Ok(String::new())
    });
}

/// Runs `check` on every program but the slow one, each guarded, and fails with the table.
fn corpus_table(title: &str, check: fn(Program) -> Result<String, String>) {
    let mut rows = Vec::new();
    for p in corpus() {
        let name = p.name.clone();
        if p.slow_in_real_go() {
            rows.push(Row {
                program: name,
                status: Status::Skip,
                reason: "own test".into(),
            });
            continue;
        }
        rows.push(match guarded(PROGRAM_TIMEOUT, move || check(p)) {
            Ok(reason) => Row {
                program: name,
                status: Status::Pass,
                reason,
            },
            Err(reason) => Row {
                program: name,
                status: Status::Fail,
                reason,
            },
        });
    }
    println!("{}", render_table(title, &rows));
    assert_eq!(golden::failures(&rows), 0, "{}", summary_line(title, &rows));
}

/// Schedules of an exploration each program is also run under.
const EXPLORED_SCHEDULES: usize = 24;

/// The exploration's schedules (PCT and random slices) must only find endings real Go
/// can reach: each run matches one of the program's golden outcomes.
#[test]
fn every_explored_schedule_ends_as_real_go_allows() {
    corpus_table("sim explored schedules", |p| {
        if p.racy() {
            return Ok("racy: the default schedule only".into());
        }
        let golden = p.golden()?;
        let base = config_for(&p, 1)?;
        let compiled = Compiled::new(&p.source, base.go_version);
        let mut horizon = 1;
        for i in 0..EXPLORED_SCHEDULES {
            let schedule = schedule_at(i, base.seed, horizon);
            let o = explore::replay(&compiled, &base, schedule.clone());
            if i == 0 {
                horizon = o.steps.max(1);
            }
            let actual = RunOutcome::new(o.exit_code, &o.stderr, &p.normalise_stdout(&o.stdout));
            golden
                .find_match(&actual)
                .map_err(|e| format!("schedule {}: {e}", schedule.token()))?;
        }
        Ok(String::new())
    });
}

/// A schedule's token, parsed back, replays its run exactly: the same trace and output.
#[test]
fn a_schedule_token_replays_its_run_exactly() {
    corpus_table("sim replay", |p| {
        let base = config_for(&p, 1)?;
        let compiled = Compiled::new(&p.source, base.go_version);
        let horizon = explore::replay(&compiled, &base, Schedule::random(1)).steps;
        for i in 0..4 {
            let schedule = schedule_at(i, 1, horizon);
            let first = explore::replay(&compiled, &base, schedule.clone());
            let parsed = Schedule::parse(&schedule.token())?;
            let again = sim::run(&p.source, &base.with_schedule(parsed));
            if first.trace != again.trace {
                let detail =
                    first_divergence(&format!("{:?}", first.trace), &format!("{:?}", again.trace));
                return Err(format!("{}: {detail}", schedule.token()));
            }
            if (first.stdout, first.stderr, first.exit_code)
                != (again.stdout, again.stderr, again.exit_code)
            {
                return Err(format!(
                    "{}: same trace, different output",
                    schedule.token()
                ));
            }
        }
        Ok(String::new())
    });
}

/// Picks a manual run may make here before the rest of the program is left unplayed.
const MANUAL_PICKS: usize = 3_000;

/// The learner as the scheduler: a run played pick by pick (a random choice at each pause)
/// ends only as real Go can end, and its token, replayed from the start, gives the same
/// trace and output as the run played step by step.
#[test]
fn a_learners_schedule_ends_as_real_go_allows_and_its_token_replays_it() {
    corpus_table("sim manual schedules", |p| {
        if p.racy() {
            return Ok("racy: the default schedule only".into());
        }
        let golden = p.golden()?;
        let base = config_for(&p, 1)?;
        let compiled = Compiled::new(&p.source, base.go_version);
        let mut sim =
            sim::Sim::from_compiled(&compiled, &base.with_schedule(Schedule::manual(&[])));
        let mut state = p.source.len() as u64 | 1;
        let mut picks = 0;
        sim.play(MANUAL_PICKS, |choices, _| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            picks += 1;
            choices[(state >> 33) as usize % choices.len()].id
        });
        let token = sim.manual_token().ok_or("not a manual run")?;
        let played = sim.finish();
        let replayed = sim::run(&p.source, &base.with_schedule(Schedule::parse(&token)?));
        if played.trace != replayed.trace
            || (&played.stdout, &played.stderr) != (&replayed.stdout, &replayed.stderr)
        {
            return Err(format!(
                "{token}: replaying the token differs from the played run"
            ));
        }
        if played.end == sim::End::Paused {
            return Ok(format!("paused after {picks} picks"));
        }
        let actual = RunOutcome::new(
            played.exit_code,
            &played.stderr,
            &p.normalise_stdout(&played.stdout),
        );
        golden
            .find_match(&actual)
            .map_err(|e| format!("{picks} picks: {e}"))?;
        Ok(format!("{picks} picks"))
    });
}

#[test]
fn million_iteration_time_after_loop_simulates() {
    let program = corpus()
        .into_iter()
        .find(|p| p.name == PERF_PROGRAM)
        .unwrap_or_else(|| panic!("{PERF_PROGRAM} is missing from the corpus"));
    let golden = program.golden().unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let result = guarded(PERF_TIMEOUT, move || {
        let config = config_for(&program, 1)?;
        let outcome = sim::run(&program.source, &config);
        let actual = RunOutcome::new(outcome.exit_code, &outcome.stderr, &outcome.stdout);
        Ok((actual, outcome.virtual_time_ns, outcome.steps))
    });
    let (actual, virtual_time_ns, steps) = result.unwrap_or_else(|e| panic!("{PERF_PROGRAM}: {e}"));
    println!(
        "{PERF_PROGRAM}: {steps} steps, {:.0} s virtual, {:.2} s wall (this build profile)",
        virtual_time_ns as f64 / 1e9,
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = golden.find_match(&actual) {
        panic!("{PERF_PROGRAM}: {e}");
    }
    // 1,000,000 sleeps of 1ms: at least 1,000 s of virtual time must have passed.
    assert!(
        virtual_time_ns >= 1_000_000_000_000,
        "only {virtual_time_ns} ns of virtual time for 1,000,000 x 1ms sleeps"
    );
}
