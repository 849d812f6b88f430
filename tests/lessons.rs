//! The content test (rustlings' `dev check`): every lesson is listed, well-formed and
//! consistent with the checker.

use leaklab::analysis::{self, Options};
use leaklab::lessons::{self, exercise, markdown, Lang};

#[test]
fn every_lesson_loads() {
    let lessons = lessons::load_all()
        .unwrap_or_else(|problems| panic!("content problems:\n{}", problems.join("\n")));
    assert!(!lessons.is_empty());
}

#[test]
fn lesson_programs_and_prose_code_parse() {
    for lesson in lessons::load_all().unwrap() {
        for (name, code) in [
            (&lesson.starter_file, &lesson.starter_code),
            (&lesson.solution_file, &lesson.solution_code),
        ] {
            let report = analysis::check(code, &Options::default());
            assert!(
                report.syntax_errors.is_empty(),
                "{}/{name}: {:?}",
                lesson.folder,
                report.syntax_errors
            );
        }
        for lang in Lang::ALL {
            for (info, code) in markdown::code_blocks(lesson.body.get(lang)) {
                if info != "go" {
                    continue;
                }
                // Prose shows fragments; wrap statement fragments in a function to parse them.
                let file = if code.trim_start().starts_with("package") {
                    code.clone()
                } else if code.trim_start().starts_with("func ")
                    || code.trim_start().starts_with("type ")
                {
                    format!("package p\n{code}")
                } else {
                    format!("package p\nfunc f() {{\n{code}\n}}\n")
                };
                let report = analysis::check(&file, &Options::default());
                assert!(
                    report.syntax_errors.is_empty(),
                    "{} ({}) code block does not parse:\n{code}\n{:?}",
                    lesson.folder,
                    lang.code(),
                    report.syntax_errors
                );
            }
        }
    }
}

#[test]
fn both_languages_are_present_for_every_text() {
    for lesson in lessons::load_all().unwrap() {
        for lang in Lang::ALL {
            assert!(
                !lesson.title.get(lang).trim().is_empty(),
                "{} title {}",
                lesson.id,
                lang.code()
            );
            assert!(
                !lesson.summary.get(lang).trim().is_empty(),
                "{} summary {}",
                lesson.id,
                lang.code()
            );
            assert!(
                !lesson.body.get(lang).trim().is_empty(),
                "{} body {}",
                lesson.id,
                lang.code()
            );
        }
    }
}

#[test]
fn every_lesson_rule_exists_fires_on_the_starter_and_not_on_the_solution() {
    let mut problems = Vec::new();
    for lesson in lessons::load_all().unwrap() {
        let options = Options {
            go_version: lesson.go_version,
        };
        let starter = analysis::check(&lesson.starter_code, &options);
        let solution = analysis::check(&lesson.solution_code, &options);
        for rule in &lesson.rules {
            if analysis::rules::find(rule).is_none() {
                problems.push(format!("{}: no rule `{rule}`", lesson.id));
                continue;
            }
            if !starter.diagnostics.iter().any(|d| d.rule == *rule) {
                problems.push(format!(
                    "{}: `{rule}` does not fire on {}",
                    lesson.id, lesson.starter_file
                ));
            }
        }
        // The solution must be clean of every rule, not only the lesson's.
        for d in &solution.diagnostics {
            problems.push(format!(
                "{}: {} line {}: {}: {}",
                lesson.id, lesson.solution_file, d.span.start.line, d.rule, d.message
            ));
        }
        if lesson.rules.is_empty() {
            problems.push(format!("{}: teaches no rule", lesson.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn predictions_match_the_simulation_of_the_starter() {
    let mut problems = Vec::new();
    for lesson in lessons::load_all().unwrap() {
        let Some(prediction) = &lesson.prediction else {
            problems.push(format!("{}: no prediction", lesson.id));
            continue;
        };
        let run = exercise::simulate(&lesson, &lesson.starter_code);
        let got = run.measure(prediction.measure);
        if got != prediction.expected {
            problems.push(format!(
                "{}: prediction expects {:?} = {}, the simulation gives {got} (stderr: {})",
                lesson.id, prediction.measure, prediction.expected, run.stderr_first_line
            ));
        }
        if !prediction.choices.is_empty() && !prediction.choices.contains(&prediction.expected) {
            problems.push(format!(
                "{}: the expected answer is not among the choices",
                lesson.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_solution_passes_the_exercise_and_the_starter_fails_it() {
    let mut problems = Vec::new();
    for lesson in lessons::load_all().unwrap() {
        let solution_run = exercise::simulate(&lesson, &lesson.solution_code);
        let Some(solution) = exercise::judge(&lesson, &lesson.solution_code, &solution_run) else {
            problems.push(format!("{}: no exercise", lesson.id));
            continue;
        };
        if !solution.passed() {
            let reasons: Vec<String> = solution.reasons.iter().map(|r| r.describe().en).collect();
            problems.push(format!(
                "{}: the solution fails: {}",
                lesson.id,
                reasons.join(" ")
            ));
        }
        let starter = exercise::judge(&lesson, &lesson.starter_code, &solution_run).unwrap();
        if starter.passed() {
            problems.push(format!("{}: the untouched starter passes", lesson.id));
        }
        // Deleting the program must not pass either.
        let emptied =
            exercise::judge(&lesson, "package main\n\nfunc main() {}\n", &solution_run).unwrap();
        if emptied.passed() {
            problems.push(format!("{}: an empty main passes", lesson.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the simulation shows wrong with a run, judged by the lesson's own limits: a crash
/// or deadlock, goroutines left blocked, or more memory retained (at the end or at the
/// peak) than the exercise allows.
fn problems_shown(lesson: &lessons::Lesson, run: &exercise::RunSummary) -> Vec<String> {
    let exercise = lesson.exercise.as_ref().expect("an exercise");
    let mut shown = Vec::new();
    if run.exit_code != 0 {
        shown.push(format!(
            "exit {} ({})",
            run.exit_code, run.stderr_first_line
        ));
    }
    if run.leaked > exercise.max_leaked {
        shown.push(format!("{} leaked", run.leaked));
    }
    if let Some(kib) = exercise.max_retained_kib {
        if run.retained_bytes > kib * 1024 {
            shown.push(format!("{} B retained", run.retained_bytes));
        }
    }
    if let Some(kib) = exercise.max_peak_retained_kib {
        if run.peak_retained_bytes > kib * 1024 {
            shown.push(format!("{} B at the peak", run.peak_retained_bytes));
        }
    }
    shown
}

/// Every lesson's starter shows its problem when run (a leak, a crash, retained or peak
/// memory), not only in the checker, and its solution shows none.
#[test]
fn the_starter_shows_its_problem_when_run_and_the_solution_does_not() {
    let mut problems = Vec::new();
    for lesson in lessons::load_all().unwrap() {
        let starter = problems_shown(&lesson, &exercise::simulate(&lesson, &lesson.starter_code));
        if starter.is_empty() {
            problems.push(format!("{}: the starter's run shows no problem", lesson.id));
        }
        let solution = problems_shown(&lesson, &exercise::simulate(&lesson, &lesson.solution_code));
        if !solution.is_empty() {
            problems.push(format!(
                "{}: the solution's run shows {solution:?}",
                lesson.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Removing the lesson's subject is not a fix: deleting what-is-a-leak's helper goroutine,
/// or waiting for each goroutine in turn in large-array-by-value and concurrent-map-writes,
/// keeps the checker quiet, the run clean and the output the same, and still fails.
#[test]
fn known_non_fixes_that_remove_the_concurrency_fail_the_exercise() {
    let lessons = lessons::load_all().unwrap();
    let find = |id: &str| lessons.iter().find(|l| l.id == id).unwrap();
    let in_turn = |code: &str| {
        let sequential = code.replacen(
            "\t\t}()\n\t}\n\twg.Wait()",
            "\t\t}()\n\t\twg.Wait()\n\t}\n\twg.Wait()",
            1,
        );
        assert_ne!(sequential, code, "the loop's shape changed");
        sequential
    };
    let no_helper = |code: &str| {
        let start = code.find("\tgo func() {").unwrap();
        let end = start + code[start..].find("\t}()\n").unwrap() + "\t}()\n".len();
        format!("{}{}", &code[..start], &code[end..])
    };
    // Applied to the solution, so that removing the concurrency is the only thing wrong.
    let cases = [
        (
            "what-is-a-leak",
            no_helper(&find("what-is-a-leak").solution_code),
        ),
        (
            "large-array-by-value",
            in_turn(&find("large-array-by-value").solution_code),
        ),
        (
            "concurrent-map-writes",
            in_turn(&find("concurrent-map-writes").solution_code),
        ),
    ];
    for (id, non_fix) in cases {
        let lesson = find(id);
        let solution_run = exercise::simulate(lesson, &lesson.solution_code);
        let verdict = exercise::judge(lesson, &non_fix, &solution_run).unwrap();
        assert!(
            !verdict.passed(),
            "{id}: removing the concurrency passes:\n{non_fix}"
        );
        assert!(
            matches!(
                verdict.reasons[..],
                [exercise::Reason::TooFewGoroutines { .. }]
            ),
            "{id}: {:?}",
            verdict.reasons
        );
    }
}

/// A scheduling challenge must be a puzzle: its program runs fine under the default
/// schedule and when the learner always picks the first goroutine, and some sequence of
/// picks (found here by random play, as a learner might) reaches the goal; its token, replayed, reaches it too.
#[test]
fn every_challenge_is_fine_by_default_and_reachable_by_picking() {
    use leaklab::sim::{Config, Schedule, Sim};
    let lessons = lessons::load_all().unwrap();
    let with: Vec<_> = lessons.iter().filter(|l| l.challenge.is_some()).collect();
    assert!(
        with.len() >= 3,
        "lock-order, map writes and select-timeout each have one"
    );
    for lesson in with {
        let c = lesson.challenge.as_ref().unwrap();
        let base = Config {
            go_version: lesson.go_version,
            ..Config::default()
        };
        let default = leaklab::sim::run(&c.code, &base);
        assert!(
            !c.goal.met_by(&default),
            "{}: met without trying",
            lesson.id
        );
        assert_eq!(default.exit_code, 0, "{}: {}", lesson.id, default.stderr);
        // Seed 0 always picks the first goroutine that can run; others pick at random.
        let play = |seed: u64| {
            let mut sim = Sim::new(&c.code, &base.with_schedule(Schedule::manual(&[])));
            let mut state = seed;
            sim.play(500, |choices, _| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let at = if seed == 0 {
                    0
                } else {
                    (state >> 33) as usize % choices.len()
                };
                choices[at].id
            });
            let token = sim.manual_token().unwrap();
            (sim.finish(), token)
        };
        let (first_only, token) = play(0);
        assert!(!c.goal.met_by(&first_only), "{}: met by {token}", lesson.id);
        assert_eq!(
            first_only.exit_code, 0,
            "{}: {token}: {}",
            lesson.id, first_only.stderr
        );
        let won = (1..400).map(play).find(|(o, _)| c.goal.met_by(o));
        let (_, token) =
            won.unwrap_or_else(|| panic!("{}: no play of 400 meets the goal", lesson.id));
        let replayed = leaklab::sim::run(
            &c.code,
            &base.with_schedule(Schedule::parse(&token).unwrap()),
        );
        assert!(c.goal.met_by(&replayed), "{}: {token}", lesson.id);
    }
}

/// A lesson that tells the learner to choose another Go version names what changes in its
/// `go_versions`, and the simulation under that version shows it (and the default does not).
#[test]
fn the_go_version_switch_changes_what_each_lesson_says_it_changes() {
    let mut problems = Vec::new();
    for lesson in lessons::load_all().unwrap() {
        for version in versions_the_prose_asks_for(&lesson.body.en) {
            if !lesson.version_effects.iter().any(|e| e.go.minor == version) {
                problems.push(format!(
                    "{}: the prose asks for Go 1.{version}, but go_versions says nothing about it",
                    lesson.id
                ));
            }
        }
        let default = exercise::simulate(&lesson, &lesson.starter_code);
        for effect in &lesson.version_effects {
            let under = exercise::simulate_under(&lesson.starter_code, effect.go);
            let got = under.measure(effect.measure);
            if got != effect.expected {
                problems.push(format!(
                    "{}: under Go {} {:?} should be {}, the simulation gives {got}",
                    lesson.id, effect.go, effect.measure, effect.expected
                ));
            }
            if default.measure(effect.measure) == effect.expected {
                problems.push(format!(
                    "{}: Go {} changes nothing: the default version also gives {:?} = {}",
                    lesson.id, effect.go, effect.measure, effect.expected
                ));
            }
            let named = format!("Go {}", effect.go);
            for (lang, body) in [("en", &lesson.body.en), ("zh", &lesson.body.zh)] {
                if !body.contains(&named) {
                    problems.push(format!(
                        "{}: the {lang} prose never names {named}",
                        lesson.id
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The minor versions an English lesson asks the learner to switch the simulator to
/// ("choose Go 1.21", "switch the simulator to Go 1.22").
fn versions_the_prose_asks_for(body: &str) -> Vec<u32> {
    let lower = body.to_lowercase().replace('\n', " ");
    let mut found = Vec::new();
    for cue in [
        "choose go 1.",
        "switch the simulator to go 1.",
        "switch the simulator to 1.",
    ] {
        for (at, _) in lower.match_indices(cue) {
            let digits: String = lower[at + cue.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(minor) = digits.parse() {
                found.push(minor);
            }
        }
    }
    found
}

#[test]
fn the_version_cues_are_found_in_prose() {
    assert_eq!(
        versions_the_prose_asks_for(
            "text. Choose Go 1.21 above\nthe timeline; Switch the simulator to\nGo 1.22 to see"
        ),
        vec![21, 22]
    );
    assert!(versions_the_prose_asks_for("Before Go 1.22 every goroutine").is_empty());
}
