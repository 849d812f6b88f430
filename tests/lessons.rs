//! The content test (rustlings' `dev check`): every lesson is listed, well-formed and
//! consistent with the checker.

use leaklab::analysis::{self, Options};
use leaklab::lessons::{self, markdown, Lang};

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
