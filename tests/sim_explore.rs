//! Schedule exploration (`sim::explore`) and the goleak-style leak check of tests, on
//! programs shaped like service code (structs with methods, constructors, interfaces,
//! errors returned, table-driven tests) under `tests/testdata/explore/`. Each leaky
//! program has a fixed twin that must never fail under any explored schedule.

use leaklab::sim::explore::{self, Exploration, StopAt, Verdict};
use leaklab::sim::{self, Compiled, Config, GoroutineStatus, Schedule, Strategy, WaitReason};

fn source(name: &str) -> String {
    let path = format!(
        "{}/tests/testdata/explore/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn explore_file(name: &str, runs: usize, config: &Config) -> Exploration {
    let compiled = Compiled::new(&source(name), config.go_version);
    explore::explore(&compiled, config, runs, StopAt::All, |_| true)
}

fn summary(found: &Exploration) -> String {
    Verdict::ALL
        .iter()
        .map(|v| format!("{}={}", v.as_str(), found.count(*v)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn opposite_transfers_deadlock_under_some_schedules_and_the_ordered_bank_never() {
    let found = explore_file("bank_lock_order.go", 200, &Config::default());
    assert!(found.count(Verdict::Deadlock) > 0, "{}", summary(&found));
    assert!(found.count(Verdict::Ok) > 0, "{}", summary(&found));
    assert_eq!(found.schedules, 200);
    let deadlock = found
        .failures
        .iter()
        .find(|f| f.verdict == Verdict::Deadlock)
        .unwrap();
    assert!(deadlock
        .outcome
        .stderr
        .starts_with("fatal error: all goroutines are asleep - deadlock!"));
    // Both transfer goroutines wait at `dst.mu.Lock()` (line 41), started at line 53.
    let at_lock: Vec<_> = deadlock
        .outcome
        .leaked
        .iter()
        .filter(|l| l.wait_reason == GoroutineStatus::Waiting(WaitReason::MutexLock))
        .map(|l| (l.created_line, l.blocked_line))
        .collect();
    assert_eq!(at_lock, vec![(53, 41), (53, 41)]);

    let fixed = explore_file("bank_lock_order_fixed.go", 300, &Config::default());
    assert_eq!(fixed.count(Verdict::Ok), 300, "{}", summary(&fixed));
    assert!(fixed.failures.is_empty());
}

#[test]
fn an_unlocked_closed_flag_panics_under_some_schedules_and_the_locked_pool_never() {
    let found = explore_file("pool_close_race.go", 300, &Config::default());
    assert!(found.count(Verdict::Panic) > 0, "{}", summary(&found));
    assert!(found.count(Verdict::Ok) > 0, "{}", summary(&found));
    let panic = &found.failures[0];
    assert_eq!(panic.verdict, Verdict::Panic);
    assert!(
        panic
            .outcome
            .stderr
            .starts_with("panic: send on closed channel"),
        "{}",
        panic.outcome.stderr
    );
    let fixed = explore_file("pool_close_race_fixed.go", 300, &Config::default());
    assert_eq!(fixed.count(Verdict::Ok), 300, "{}", summary(&fixed));
}

#[test]
fn exploring_twice_gives_the_same_histogram_and_tokens() {
    let a = explore_file("pool_close_race.go", 120, &Config::default());
    let b = explore_file("pool_close_race.go", 120, &Config::default());
    assert_eq!(a.outcomes, b.outcomes);
    let tokens = |e: &Exploration| {
        e.failures
            .iter()
            .map(|f| (f.schedule.token(), f.signature.clone(), f.count))
            .collect::<Vec<_>>()
    };
    assert_eq!(tokens(&a), tokens(&b));
}

#[test]
fn a_failing_token_replays_the_failure() {
    let found = explore_file("bank_lock_order.go", 60, &Config::default());
    for f in &found.failures {
        let schedule = Schedule::parse(&f.schedule.token()).unwrap();
        let again = sim::run(
            &source("bank_lock_order.go"),
            &Config::default().with_schedule(schedule),
        );
        assert_eq!(Verdict::of(&again), f.verdict);
        assert_eq!(again.stderr, f.outcome.stderr);
        assert_eq!(again.leaked, f.outcome.leaked);
    }
}

#[test]
fn stopping_at_the_first_failure_stops_there() {
    let compiled = Compiled::new(&source("bank_lock_order.go"), Config::default().go_version);
    let found = explore::explore(
        &compiled,
        &Config::default(),
        200,
        StopAt::FirstFailure,
        |_| true,
    );
    assert_eq!(found.failures.len(), 1);
    assert_eq!(found.failures[0].count, 1);
    assert!(found.schedules < 200);
    let mut seen = 0;
    let cancelled = explore::explore(&compiled, &Config::default(), 200, StopAt::All, |so_far| {
        seen = so_far.schedules;
        seen < 7
    });
    assert_eq!((cancelled.schedules, seen), (7, 7));
}

#[test]
fn schedule_tokens_round_trip_and_bad_ones_are_refused() {
    for s in [
        Schedule::random(0),
        Schedule::random(u64::MAX),
        Schedule {
            strategy: Strategy::Pct {
                depth: 3,
                horizon: 1200,
            },
            seed: 42,
        },
    ] {
        assert_eq!(Schedule::parse(&s.token()), Ok(s));
    }
    assert_eq!(Schedule::random(7).token(), "r7");
    for bad in [
        "",
        "r",
        "rx",
        "p3.10",
        "p0.10.1",
        "p99.10.1",
        "q1",
        "p3.10.1.2",
        "r-1",
    ] {
        let e = Schedule::parse(bad).unwrap_err();
        assert!(e.contains("not a schedule token"), "{bad}: {e}");
    }
}

/// Under PCT the highest priority runs until it blocks; a goroutine spinning on a flag
/// that another sets must still let that one run (the starvation guard), as Go does.
#[test]
fn pct_orders_by_priority_and_a_spinning_goroutine_cannot_starve_the_others() {
    let printers = r#"package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Print(name)
		}()
	}
	wg.Wait()
	fmt.Println()
}
"#;
    let orders: std::collections::BTreeSet<String> = (0..30)
        .map(|seed| {
            let config = Config::default().with_schedule(Schedule {
                strategy: Strategy::Pct {
                    depth: 1,
                    horizon: 100,
                },
                seed,
            });
            sim::run(printers, &config).stdout
        })
        .collect();
    assert!(orders.len() >= 4, "{orders:?}");
    assert!(orders.iter().all(|o| o.len() == 4), "{orders:?}");

    let spinner = r#"package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	var ready atomic.Bool
	go func() { ready.Store(true) }()
	spins := 0
	for !ready.Load() {
		spins++
	}
	fmt.Println("ready")
}
"#;
    for seed in 0..20 {
        for depth in 1..=3 {
            let config = Config::default().with_schedule(Schedule {
                strategy: Strategy::Pct { depth, horizon: 50 },
                seed,
            });
            let o = sim::run(spinner, &config);
            assert_eq!(
                (o.stdout.as_str(), o.exit_code),
                ("ready\n", 0),
                "{}",
                o.stderr
            );
        }
    }
}

fn leak_checked() -> Config {
    let mut config = Config::default();
    config.tests.leak_check = true;
    config
}

#[test]
fn the_leak_check_reports_what_goleak_would_after_each_test() {
    let o = sim::run(&source("flusher_test.go"), &leak_checked());
    let by_name: Vec<(&str, bool, usize)> = o
        .tests
        .iter()
        .map(|t| (t.name.as_str(), t.failed, t.leaked.len()))
        .collect();
    // Stopped: its goroutine exits. Late writer: finishes during the retries. Never
    // stopped: its ticker keeps it selecting, so it is left (not forever: a timer is live).
    assert_eq!(
        by_name,
        vec![
            ("TestFlusherStopped", false, 0),
            ("TestLateWriter", false, 0),
            ("TestFlusherNeverStopped", true, 1)
        ]
    );
    let left = &o.tests[2].leaked[0];
    assert_eq!(
        left.wait_reason,
        GoroutineStatus::Waiting(WaitReason::Select)
    );
    assert_eq!(
        (left.created_line, left.blocked_line, left.forever),
        (34, 43, false)
    );
    assert_eq!(o.exit_code, 1);
    assert!(
        o.stdout.contains("found unexpected goroutines"),
        "{}",
        o.stdout
    );
    assert_eq!(Verdict::of(&o), Verdict::Leaked);

    let o = sim::run(
        &source("cache_timeout_test.go"),
        &leaked_check_only("TestGet"),
    );
    assert_eq!(o.tests.len(), 1);
    let left = &o.tests[0].leaked;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(
        (left[0].created_line, left[0].blocked_line, left[0].forever),
        (39, 41, true)
    );
    assert_eq!(
        left[0].wait_reason,
        GoroutineStatus::Waiting(WaitReason::ChanSend)
    );
}

fn leaked_check_only(name: &str) -> Config {
    let mut config = leak_checked();
    config.tests.only = Some(vec![name.to_owned()]);
    config
}

#[test]
fn without_the_leak_check_a_test_file_runs_as_go_test_does() {
    let o = sim::run(&source("flusher_test.go"), &Config::default());
    assert_eq!(o.exit_code, 0, "{}", o.stdout);
    assert!(
        o.stdout.ends_with("PASS\nok  \tx\t0.015s\n"),
        "{}",
        o.stdout
    );
    assert!(o.tests.iter().all(|t| t.leaked.is_empty() && !t.failed));
    assert_eq!(o.tests.len(), 3);
}

#[test]
fn only_the_selected_tests_run() {
    let o = sim::run(
        &source("flusher_test.go"),
        &leaked_check_only("TestLateWriter"),
    );
    assert!(
        o.stdout.starts_with("=== RUN   TestLateWriter\n"),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("TestFlusher"), "{}", o.stdout);
    let mut none = leak_checked();
    none.tests.only = Some(Vec::new());
    let o = sim::run(&source("flusher_test.go"), &none);
    assert!(
        o.stdout
            .starts_with("testing: warning: no tests to run\nPASS\n"),
        "{}",
        o.stdout
    );
    assert_eq!(o.exit_code, 0);
}

/// 1,000 schedules of a small real-world-shaped program take well under 5 s natively
/// (the target); printed for the closing note, asserted loosely so a slow machine passes.
#[test]
fn a_thousand_schedules_of_a_small_program_are_quick() {
    let started = std::time::Instant::now();
    let found = explore_file("pool_close_race_fixed.go", 1000, &Config::default());
    let took = started.elapsed();
    println!("1000 schedules of pool_close_race_fixed.go: {took:?} (this build profile)");
    assert_eq!(found.schedules, 1000);
    assert!(took.as_secs() < 60, "{took:?}");
}

/// Plays a manual run to its end, picking at each pause with `pick(choices, n)`; returns
/// the outcome and the token of the picks.
fn play(source: &str, pick: impl Fn(&[sim::Choice], usize) -> u32) -> (sim::Outcome, String) {
    let config = Config::default().with_schedule(Schedule::manual(&[]));
    let mut run = sim::Sim::new(source, &config);
    let mut n = 0;
    run.play(10_000, |choices, _| {
        n += 1;
        pick(choices, n - 1)
    });
    let token = run.manual_token().unwrap();
    (run.finish(), token)
}

#[test]
fn a_learner_who_picks_the_goroutines_can_deadlock_the_bank_or_let_it_finish() {
    let bank = source("bank_lock_order.go");
    // Always the lowest goroutine: main starts both workers, then the first runs its three
    // transfers alone.
    let (first_wins, token) = play(&bank, |c, _| c[0].id);
    assert_eq!(first_wins.end, sim::End::MainReturned, "{token}");
    assert_eq!(first_wins.stdout, "20\n");
    // Alternating between the workers at every statement: each locks its source, then
    // waits for the other's.
    let (alternating, token) = play(&bank, |c, n| c[n % c.len()].id);
    assert_eq!(alternating.end, sim::End::Deadlock, "{token}");
    assert!(alternating
        .stderr
        .starts_with("fatal error: all goroutines are asleep"));
    // The token replays the learner's run exactly.
    let again = sim::run(
        &bank,
        &Config::default().with_schedule(Schedule::parse(&token).unwrap()),
    );
    assert_eq!(again.trace, alternating.trace);
    // The fixed bank finishes under the same alternation.
    let (fixed, token) = play(&source("bank_lock_order_fixed.go"), |c, n| {
        c[n % c.len()].id
    });
    assert_eq!(fixed.end, sim::End::MainReturned, "{token}");
}

#[test]
fn a_manual_run_pauses_where_goroutines_compete_and_lists_their_next_lines() {
    let program = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tfmt.Println(\"worker\")\n\t\tdone <- true\n\t}()\n\tfmt.Println(\"main\")\n\t<-done\n}\n";
    let run = |token: &str| {
        sim::run(
            program,
            &Config::default().with_schedule(Schedule::parse(token).unwrap()),
        )
    };
    let start = run("m");
    assert_eq!(start.end, sim::End::Paused);
    assert_eq!(start.exit_code, sim::EXIT_PAUSED);
    assert!(
        start.leaked.is_empty(),
        "a paused run has not ended: nothing leaked yet"
    );
    let lines: Vec<(u32, u32)> = start.choices.iter().map(|c| (c.id, c.line)).collect();
    assert_eq!(
        lines,
        [(1, 11), (2, 8)],
        "main's next line, and the new goroutine's first"
    );
    // The worker first: it prints, blocks sending, and main runs alone until it receives.
    let worker_first = run("m2x2");
    assert_eq!(worker_first.stdout, "worker\nmain\n");
    assert_eq!(worker_first.end, sim::End::Paused);
    let done = run("m2x2.1");
    assert_eq!((done.end, done.exit_code), (sim::End::MainReturned, 0));
    // A pick that names a goroutine that cannot run there is an error, not a guess.
    let wrong = run("m3");
    assert_eq!(wrong.end, sim::End::Invalid);
    assert!(
        wrong.stderr.contains(
            "pick 1 of the schedule is goroutine 3, but only goroutines 1, 2 can run there"
        ),
        "{}",
        wrong.stderr
    );
}

fn lesson_challenge(folder: &str) -> String {
    let path = format!(
        "{}/lessons/{folder}/challenge.go",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn context_bounding_finds_a_deadlock_that_needs_one_preemption_and_none_without() {
    use leaklab::sim::bounded;
    let source = lesson_challenge("lock-order-deadlock");
    let compiled = Compiled::new(&source, Config::default().go_version);
    let run = |bound: usize| {
        let mut seen: Vec<(String, sim::End)> = Vec::new();
        let n = bounded::enumerate(&compiled, &Config::default(), bound, 10_000, |s, o| {
            seen.push((s.token(), o.end));
            true
        });
        assert_eq!(n, seen.len());
        seen
    };
    let none = run(0);
    assert!(!none.is_empty());
    assert!(
        none.iter().all(|(_, e)| *e == sim::End::MainReturned),
        "{none:?}"
    );
    let one = run(1);
    let (token, _) = one
        .iter()
        .find(|(_, e)| *e == sim::End::Deadlock)
        .expect("one preemption (login between its two Locks) deadlocks");
    // Every schedule is new, the order is the same each time, and the token replays.
    let mut tokens: Vec<&String> = one.iter().map(|(t, _)| t).collect();
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), one.len());
    assert_eq!(run(1), one);
    let replayed = sim::run(
        &source,
        &Config::default().with_schedule(Schedule::parse(token).unwrap()),
    );
    assert_eq!(replayed.end, sim::End::Deadlock);
}

#[test]
fn an_exploration_of_a_small_program_includes_bounded_schedules_first() {
    let source = lesson_challenge("concurrent-map-writes");
    let compiled = Compiled::new(&source, Config::default().go_version);
    let found = explore::explore(
        &compiled,
        &Config::default(),
        40,
        StopAt::FirstFailure,
        |_| true,
    );
    let first = found
        .first_failure()
        .expect("two unlocked map writes collide");
    assert!(
        first.schedule.token().starts_with('m'),
        "{}",
        first.schedule.token()
    );
    assert!(first
        .outcome
        .stderr
        .starts_with("fatal error: concurrent map writes"));
    assert!(
        found.schedules <= 21,
        "found within the bounded half: {}",
        found.schedules
    );
}
