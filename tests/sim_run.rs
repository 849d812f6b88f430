//! Simulator behaviour on small programs: output, exit codes, leak reports, budgets,
//! not-simulated messages, determinism, and the lesson programs.

use leaklab::analysis::GoVersion;
use leaklab::sim::{self, Budgets, Config, End, Outcome};

fn run(src: &str) -> Outcome {
    sim::run(src, &Config::default())
}

fn run_with(src: &str, config: Config) -> Outcome {
    sim::run(src, &config)
}

fn main_of(body: &str) -> String {
    format!("package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n\t\"sync\"\n\t\"time\"\n)\n\nvar _, _ = fmt.Sprint, runtime.NumGoroutine\nvar _ sync.Mutex\nvar _ = time.Second\n\nfunc main() {{\n{body}\n}}\n")
}

#[test]
fn prints_and_exits_zero() {
    let o = run(&main_of("fmt.Println(\"hi\", 1+2)"));
    assert_eq!(o.stdout, "hi 3\n");
    assert_eq!(o.exit_code, 0);
    assert_eq!(o.end, End::MainReturned);
}

#[test]
fn lesson_select_timeout_sender_leaky_leaks_three_forever() {
    let src = include_str!("../lessons/select-timeout-sender/leaky.go");
    let o = run(src);
    assert_eq!(o.stdout, "request 0 error: timeout\nrequest 1 error: timeout\nrequest 2 error: timeout\ngoroutines: 4\n");
    assert_eq!(o.leaked.len(), 3);
    for l in &o.leaked {
        assert_eq!(l.blocked_line, 26);
        assert_eq!(l.wait_reason, "chan send");
        assert!(l.forever);
    }
    assert!(o.retained_bytes_final >= 3 * (2048 + sim::G_STRUCT_BYTES));
}

#[test]
fn lesson_select_timeout_sender_fixed_leaks_nothing() {
    let o = run(include_str!("../lessons/select-timeout-sender/fixed.go"));
    assert!(o.stdout.ends_with("goroutines: 1\n"), "{}", o.stdout);
    assert!(o.leaked.is_empty());
}

#[test]
fn same_seed_same_trace_and_different_seeds_can_differ() {
    let src = main_of(
        "var wg sync.WaitGroup\n\tfor i := 0; i < 5; i++ {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); for j := 0; j < 200; j++ { _ = j * i }; fmt.Println(i) }()\n\t}\n\twg.Wait()",
    );
    let a = run(&src);
    let b = run(&src);
    assert_eq!(a.trace, b.trace);
    assert_eq!(a.stdout, b.stdout);
    let outputs: std::collections::HashSet<String> = (1..20)
        .map(|seed| {
            run_with(
                &src,
                Config {
                    seed,
                    ..Config::default()
                },
            )
            .stdout
        })
        .collect();
    assert!(
        outputs.len() > 1,
        "different seeds should interleave differently"
    );
}

#[test]
fn deadlock_is_a_fatal_error() {
    let o = run(&main_of("ch := make(chan int)\n\t<-ch"));
    assert!(
        o.stderr
            .starts_with("fatal error: all goroutines are asleep - deadlock!"),
        "{}",
        o.stderr
    );
    assert_eq!(o.exit_code, 2);
    assert_eq!(o.end, End::Deadlock);
}

#[test]
fn no_deadlock_while_a_timer_is_pending() {
    let o = run(&main_of("ch := make(chan int)\n\tgo func() { time.Sleep(time.Second); ch <- 1 }()\n\tfmt.Println(<-ch)"));
    assert_eq!(o.stdout, "1\n");
    assert_eq!(o.virtual_time_ns, 1_000_000_000);
}

#[test]
fn panics_have_go_texts_and_exit_two() {
    let cases = [
        (
            "var s []int\n\t_ = s[5]",
            "panic: runtime error: index out of range [5] with length 0",
        ),
        (
            "var m map[string]int\n\tm[\"a\"] = 1",
            "panic: assignment to entry in nil map",
        ),
        (
            "ch := make(chan int)\n\tclose(ch)\n\tclose(ch)",
            "panic: close of closed channel",
        ),
        (
            "ch := make(chan int, 1)\n\tclose(ch)\n\tch <- 1",
            "panic: send on closed channel",
        ),
        (
            "var ch chan int\n\tclose(ch)",
            "panic: close of nil channel",
        ),
        (
            "a, b := 1, 0\n\tfmt.Println(a / b)",
            "panic: runtime error: integer divide by zero",
        ),
        (
            "var wg sync.WaitGroup\n\twg.Done()",
            "panic: sync: negative WaitGroup counter",
        ),
        ("panic(\"boom\")", "panic: boom"),
        ("panic(fmt.Errorf(\"wrapped: %d\", 3))", "panic: wrapped: 3"),
        (
            "type P struct{ x int }\n\tvar p *P\n\tfmt.Println(p.x)",
            "panic: runtime error: invalid memory address or nil pointer dereference",
        ),
    ];
    let fine = main_of("\tlogf(\"%d\\n\", 1)\n\tfmt.Println(add(pair()))")
        + "\nfunc pair() (int, int) { return 1, 2 }\n\nfunc add(x, y int) int { return x + y }\n\nfunc logf(format string, args ...any) { fmt.Printf(format, args...) }\n";
    let o = run(&fine);
    assert_eq!(
        (o.exit_code, o.stdout.as_str()),
        (0, "1\n3\n"),
        "{}",
        o.stderr
    );
    for (body, want) in cases {
        let o = run(&main_of(body));
        assert_eq!(o.stderr.lines().next(), Some(want), "{body}");
        assert_eq!(o.exit_code, 2, "{body}");
    }
}

#[test]
fn fatal_unlock_of_unlocked_mutex() {
    let o = run(&main_of("var mu sync.Mutex\n\tmu.Unlock()"));
    assert_eq!(
        o.stderr.lines().next(),
        Some("fatal error: sync: unlock of unlocked mutex")
    );
    assert_eq!(o.exit_code, 2);
}

#[test]
fn recover_stops_a_panic_and_defers_run_lifo() {
    let src = "package main\nimport \"fmt\"\nfunc f() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"recovered: %v\", r)\n\t\t}\n\t}()\n\tdefer fmt.Println(\"second\")\n\tpanic(\"bad\")\n}\nfunc main() { fmt.Println(f()) }\n";
    let o = run(src);
    assert_eq!(o.stdout, "second\nrecovered: bad\n");
    assert_eq!(o.exit_code, 0);
}

#[test]
fn main_returning_ends_the_program_with_goroutines_blocked() {
    let o = run(&main_of("ch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tgo func() { for { time.Sleep(time.Second) } }()\n\ttime.Sleep(10 * time.Millisecond)\n\tfmt.Println(runtime.NumGoroutine())"));
    assert_eq!(o.stdout, "3\n");
    assert_eq!(o.exit_code, 0);
    assert_eq!(o.leaked.len(), 2);
    let send = o
        .leaked
        .iter()
        .find(|l| l.wait_reason == "chan send")
        .unwrap();
    assert!(send.forever);
    let sleeper = o.leaked.iter().find(|l| l.wait_reason == "sleep").unwrap();
    assert!(!sleeper.forever);
}

#[test]
fn global_mutex_never_unlocked_is_a_forever_leak() {
    let src = "package main\nimport (\"fmt\"; \"sync\"; \"time\")\nvar mu sync.Mutex\nfunc main() {\n\tmu.Lock()\n\tgo func() { mu.Lock() }()\n\ttime.Sleep(time.Millisecond)\n\tfmt.Println(\"done\")\n}\n";
    let o = run(src);
    assert_eq!(o.leaked.len(), 1);
    assert_eq!(o.leaked[0].wait_reason, "sync.Mutex.Lock");
    assert_eq!(o.leaked[0].blocked_line, 6);
    assert!(o.leaked[0].forever);
}

#[test]
fn step_budget_stops_an_infinite_loop() {
    let config = Config {
        budgets: Budgets {
            max_steps: 10_000,
            ..Budgets::default()
        },
        ..Config::default()
    };
    let o = run_with(&main_of("for {}"), config);
    assert_eq!(o.exit_code, 4);
    assert!(o.stderr.contains("step budget"), "{}", o.stderr);
}

/// A run a person waits for is stopped by real time, not by a step count a real program
/// could need: eight 1 MiB buffers filled byte by byte (milliseconds in Go) used to stop
/// at the 50M-step budget.
#[test]
fn one_run_is_stopped_by_real_time_not_by_a_real_programs_steps() {
    let fill = "package main\n\nimport \"fmt\"\n\nfunc fill(buf []byte, seed byte) {\n\tfor i := range buf {\n\t\tbuf[i] = seed + byte(i)\n\t}\n}\n\nfunc main() {\n\tbufs := make([][]byte, 8)\n\ttotal := 0\n\tfor i := range bufs {\n\t\tbufs[i] = make([]byte, 1<<20)\n\t\tfill(bufs[i], byte(i))\n\t\ttotal += len(bufs[i])\n\t}\n\tfmt.Println(\"filled\", total, bufs[7][1<<20-1])\n}\n";
    let one_run = Config {
        budgets: Budgets::for_one_run(),
        ..Config::default()
    };
    let o = run_with(fill, one_run.clone());
    assert_eq!(
        (o.exit_code, o.stdout.as_str()),
        (0, "filled 8388608 6\n"),
        "{}",
        o.stderr
    );
    assert_eq!(
        run(fill).end,
        End::Budget(sim::BudgetKind::Steps),
        "explorations keep the step budget"
    );

    // The host's clock ends a run (the CLI after 10 s): here after 1,000 steps.
    let mut endless = sim::Sim::new(&main_of("for {}"), &one_run);
    for _ in 0..1_000 {
        endless.step();
    }
    endless.stop_for_time(std::time::Duration::from_secs(10));
    while endless.step() {}
    let o = endless.finish();
    assert_eq!(
        (o.exit_code, &o.end),
        (4, &End::Budget(sim::BudgetKind::WallTime))
    );
    assert!(
        o.stderr.contains("s of real time (time budget)"),
        "{}",
        o.stderr
    );
}

#[test]
fn goroutine_budget_stops_unbounded_spawning() {
    let config = Config {
        budgets: Budgets {
            max_goroutines: 100,
            ..Budgets::default()
        },
        ..Config::default()
    };
    let o = run_with(
        &main_of("for {\n\t\tgo func() { select {} }()\n\t}"),
        config,
    );
    assert_eq!(o.exit_code, 4);
    assert!(o.stderr.contains("goroutine budget"), "{}", o.stderr);
}

#[test]
fn call_depth_budget_stops_runaway_recursion() {
    let src = "package main\nfunc f(n int) int { return f(n+1) }\nfunc main() { f(0) }\n";
    let o = run(src);
    assert_eq!(o.exit_code, 4);
    assert!(o.stderr.contains("call-depth budget"), "{}", o.stderr);
}

#[test]
fn virtual_time_budget_stops_endless_sleeping() {
    let o = run(&main_of("for {\n\t\ttime.Sleep(time.Minute)\n\t}"));
    assert_eq!(o.exit_code, 4);
    assert!(o.stderr.contains("time budget"), "{}", o.stderr);
}

#[test]
fn output_budget_stops_endless_printing() {
    let config = Config {
        budgets: Budgets {
            max_output_bytes: 1000,
            ..Budgets::default()
        },
        ..Config::default()
    };
    let o = run_with(&main_of("for {\n\t\tfmt.Println(\"spam\")\n\t}"), config);
    assert_eq!(o.exit_code, 4);
    assert!(o.stderr.contains("output budget"), "{}", o.stderr);
}

/// `src` stops with exit code 3 and a stderr starting with `message`.
fn assert_not_simulated(src: &str, message: &str) {
    let o = run(src);
    assert_eq!(o.exit_code, 3, "{}", o.stderr);
    assert!(o.stderr.starts_with(message), "{}", o.stderr);
}

/// Generics are erased, so a type parameter's zero value (0, "" or nil?) is unknown:
/// reaching one stops the run instead of printing `<nil>` where Go prints 0. Code that
/// never needs it runs.
#[test]
fn the_zero_value_of_a_type_parameter_stops_only_when_reached() {
    let src = "package main\n\nimport \"fmt\"\n\ntype Stack[T any] struct{ items []T }\n\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\n\nfunc (s *Stack[T]) Pop() (T, bool) {\n\tif len(s.items) == 0 {\n\t\tvar zero T\n\t\treturn zero, false\n\t}\n\tv := s.items[len(s.items)-1]\n\ts.items = s.items[:len(s.items)-1]\n\treturn v, true\n}\n\nfunc main() {\n\tvar s Stack[int]\n\ts.Push(4)\n\tfmt.Println(s.Pop())\n\tfmt.Println(s.Pop())\n}\n";
    let o = run(src);
    assert_eq!(o.stdout, "4 true\n");
    assert_eq!(o.exit_code, 3);
    assert!(
        o.stderr
            .starts_with("not simulated: the zero value of a type parameter at 11:3"),
        "{}",
        o.stderr
    );
}

/// Found by the fuzzer: a huge Repeat count aborted the process (a 64 TB allocation).
#[test]
fn huge_results_of_natives_stop_instead_of_exhausting_memory() {
    assert_not_simulated(
        &main_of("\t_ = fmt.Sprint\n\ts := \"abcdefgh\"\n\tprintln(len(strings.Repeat(s, 8000000000000)))")
            .replace("\"fmt\"\n", "\"fmt\"\n\t\"strings\"\n"),
        "not simulated: strings.Repeat of 64000000000000 bytes (more than 1 GiB) at 18:14",
    );
    let o = run(
        &main_of("\t_ = fmt.Sprint\n\tprintln(len(strings.Repeat(\"ab\", 3)))")
            .replace("\"fmt\"\n", "\"fmt\"\n\t\"strings\"\n"),
    );
    assert_eq!((o.exit_code, o.stderr.as_str()), (0, "6\n"));
}

#[test]
fn unsupported_constructs_say_not_simulated_with_position() {
    assert_not_simulated(
        "package main\nimport \"net/http\"\nfunc main() { http.Get(\"x\") }\n",
        "not simulated: package \"net/http\" at 2:8",
    );
    // More elements than a slice header holds: refused, not allocated.
    assert_not_simulated(
        &main_of("s := make([]struct{}, 5_000_000_000)\n\tprintln(len(s))"),
        "not simulated: a slice of more than 4,294,967,295 elements",
    );
    assert_not_simulated(
        "package main\nfunc main() {\n\tgoto end\nend:\n}\n",
        "not simulated: goto at 3:2",
    );
}

#[test]
fn syntax_and_name_errors_exit_one() {
    let o = run("package main\nfunc main() {\n\tx := := 1\n}\n");
    assert_eq!(o.exit_code, 1);
    assert!(o.stderr.starts_with("3:"), "{}", o.stderr);
    let o = run("package main\nfunc main() { undefinedThing() }\n");
    assert_eq!(o.exit_code, 1);
    assert!(
        o.stderr.contains("undefined: undefinedThing"),
        "{}",
        o.stderr
    );
}

/// Edits Go refuses to compile run nowhere: `leaklab run` exits 1 with Go's text and
/// position, as `go run` does (texts and columns checked against Go 1.27.3). Before, the
/// first one aborted the simulator with an index out of bounds.
#[test]
fn go_compile_errors_of_everyday_edits_exit_one_with_gos_text() {
    let cases = [
        (
            "\tvar audit sync.Mutex\n\taudit.Lock():=\n\ttime.Sleep(50 * time.Millisecond)\n\taudit.Unlock()",
            "16:2: non-name audit.Lock() on left side of :=",
        ),
        (
            "\tx := time.Sleep(time.Millisecond)\n\t_ = x",
            "15:7: time.Sleep(time.Millisecond) (no value) used as value",
        ),
        (
            "\tfmt.Println(time.Sleep(1))",
            "15:14: time.Sleep(1) (no value) used as value",
        ),
        ("\tvar x int\n\tx = done()\n\t_ = x", "16:6: done() (no value) used as value"),
        ("\ta, b := 1, 2, 3\n\t_, _ = a, b", "15:10: assignment mismatch: 2 variables but 3 values"),
        // A function's extra results are never silently dropped (was: printed 1, exit 0).
        ("\tx := pair()\n\t_ = x", "15:7: assignment mismatch: 1 variable but pair returns 2 values"),
        ("\tvar y = pair()\n\t_ = y", "15:10: multiple-value pair() (value of type (int, int)) in single-value context"),
        ("\tfmt.Println(named() == 1)", "15:14: multiple-value named() (value of type (a int, b int, err error)) in single-value context"),
        ("\tp, q := one()\n\t_, _ = p, q", "15:10: assignment mismatch: 2 variables but one returns 1 value"),
        ("\tr, s := named()\n\t_, _ = r, s", "15:10: assignment mismatch: 2 variables but named returns 3 values"),
        // The line that used err deleted; Go reports errors in source order.
        ("\tv, err := pair()\n\t_ = v", "15:5: declared and not used: err"),
        ("\tunused := 1\n\tx := pair()\n\t_ = x", "15:2: declared and not used: unused"),
        ("\tx := pair()\n\t_ = x\n\tlate := 2", "15:7: assignment mismatch: 1 variable but pair returns 2 values"),
        // Argument counts (was: not simulated: operator Add on these values).
        ("\t_ = add(1)", "15:10: not enough arguments in call to add"),
        ("\t_ = add()", "15:6: not enough arguments in call to add"),
        ("\t_ = add(1, 2, 3)", "15:16: too many arguments in call to add"),
        ("\tlogf()", "15:2: not enough arguments in call to logf"),
        // A negative constant index or bound (was: ran, then panicked at run time).
        ("\ts := []int{1, 2}\n\t_ = s[-1]", "16:8: invalid argument: index -1 (constant of type int) must not be negative"),
        ("\ts := []int{1, 2}\n\t_ = s[1-2:]", "16:8: invalid argument: index 1 - 2 (constant -1 of type int) must not be negative"),
        ("\ts := []int{1, 2}\n\ts[-1] = 3", "16:4: invalid argument: index -1 (constant of type int) must not be negative"),
        ("\ta := [2]int{}\n\t_ = a[:(0 - 1)]", "16:9: invalid argument: index (0 - 1) (constant -1 of type int) must not be negative"),
    ];
    for (body, want) in cases {
        let src = main_of(body)
            + "\nfunc done() {}\n\nfunc pair() (int, int) { return 1, 2 }\n\nfunc named() (a, b int, err error) { return }\n\nfunc one() int { return 1 }\n\nfunc add(x, y int) int { return x + y }\n\nfunc logf(format string, args ...any) { fmt.Printf(format, args...) }\n";
        let o = run(&src);
        assert_eq!(
            (o.exit_code, &o.end),
            (1, &End::Invalid),
            "{body}: {}",
            o.stderr
        );
        assert_eq!(o.stderr.lines().next(), Some(want), "{body}");
    }
}

/// An import left behind by an edit: Go refuses the program, before any construct the
/// simulator would refuse (here `unsafe`, which it does not model).
#[test]
fn an_unused_import_is_a_compile_error() {
    let o = run("package main\n\nimport (\n\t\"fmt\"\n\tstr \"strings\"\n)\n\nfunc main() {\n\tfmt.Println(1)\n}\n");
    assert_eq!((o.exit_code, &o.end), (1, &End::Invalid));
    assert_eq!(
        o.stderr.lines().next(),
        Some("5:2: \"strings\" imported as str and not used")
    );
    let o = run("package main\n\nimport (\n\t\"os\"\n\t\"unsafe\"\n)\n\nfunc main() {\n\tprintln(unsafe.Sizeof(0))\n}\n");
    assert_eq!(
        o.stderr.lines().next(),
        Some("4:2: \"os\" imported and not used")
    );
}

#[test]
fn loop_variables_follow_the_go_version() {
    let src = "package main\nimport \"fmt\"\nfunc main() {\n\tvar fs []func()\n\tfor i := 0; i < 3; i++ {\n\t\tfs = append(fs, func() { fmt.Print(i) })\n\t}\n\tfor _, f := range fs { f() }\n\tfmt.Println()\n}\n";
    assert_eq!(run(src).stdout, "012\n");
    let old = Config {
        go_version: GoVersion::new(21),
        ..Config::default()
    };
    assert_eq!(run_with(src, old).stdout, "333\n");
}

#[test]
fn os_exit_sets_the_exit_code() {
    let o = run("package main\nimport (\"fmt\"; \"os\")\nfunc main() {\n\tdefer fmt.Println(\"not printed\")\n\tos.Exit(3)\n}\n");
    assert_eq!(o.exit_code, 3);
    assert_eq!(o.stdout, "");
}

#[test]
fn subslice_in_a_global_retains_the_whole_array_and_clone_does_not() {
    let leaky = "package main\nvar keep []byte\nfunc main() {\n\tb := make([]byte, 1<<20)\n\tkeep = b[:3]\n}\n";
    let fixed = "package main\nimport \"slices\"\nvar keep []byte\nfunc main() {\n\tb := make([]byte, 1<<20)\n\tkeep = slices.Clone(b[:3])\n}\n";
    let a = run(leaky);
    let b = run(fixed);
    assert!(
        a.retained_bytes_final >= 1 << 20,
        "{}",
        a.retained_bytes_final
    );
    assert!(b.retained_bytes_final < 1024, "{}", b.retained_bytes_final);
}

#[test]
fn traces_record_creation_blocking_and_samples() {
    let o = run(include_str!("../lessons/select-timeout-sender/leaky.go"));
    use leaklab::sim::EventKind;
    let created = o
        .trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::GoroutineCreated { .. }))
        .count();
    assert_eq!(created, 4);
    assert!(o.trace.events.iter().any(
        |e| matches!(&e.kind, EventKind::Blocked { reason, line: 26, .. } if *reason == "chan send")
    ));
    assert!(o.trace.events.iter().any(|e| matches!(
        e.kind,
        EventKind::Sample {
            num_goroutine: 4,
            ..
        }
    )));
    assert!(o
        .trace
        .events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Stdout { text, .. } if text == "goroutines: 4\n")));
}

#[test]
fn step_api_advances_one_event_at_a_time() {
    let src = include_str!("../lessons/select-timeout-sender/fixed.go");
    let mut s = sim::Sim::new(src, &Config::default());
    let mut steps = 0;
    let mut last_len = 0;
    while s.step() {
        steps += 1;
        assert!(s.trace().events.len() >= last_len);
        last_len = s.trace().events.len();
    }
    assert!(steps > 5);
    let o = s.finish();
    assert_eq!(o.trace, run(src).trace);
}

#[test]
fn test_functions_run_like_go_test_v() {
    let src = "package main\nimport \"testing\"\nfunc TestA(t *testing.T) {\n\tt.Log(\"hello\")\n}\nfunc TestB(t *testing.T) {\n\tt.Fatal(\"bad\")\n\tt.Log(\"unreached\")\n}\n";
    let o = run(src);
    assert_eq!(o.stdout, "=== RUN   TestA\n    prog_test.go:4: hello\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n    prog_test.go:7: bad\n--- FAIL: TestB (0.00s)\nFAIL\nFAIL\tx\t0.000s\nFAIL\n");
    assert_eq!(o.exit_code, 1);
}

#[test]
fn concurrent_map_writes_can_crash() {
    let src = "package main\nimport \"sync\"\nfunc main() {\n\tm := map[int]int{}\n\tvar wg sync.WaitGroup\n\tfor g := 0; g < 4; g++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tfor i := 0; i < 1000; i++ { m[i] = g }\n\t\t}()\n\t}\n\twg.Wait()\n}\n";
    let crashed = (1..10).any(|seed| {
        run_with(
            src,
            Config {
                seed,
                ..Config::default()
            },
        )
        .stderr
        .starts_with("fatal error: concurrent map writes")
    });
    assert!(crashed);
}
