//! The content the web app fetches instead of carrying it in its wasm (which must stay
//! small): the lesson list, one file per lesson, and the rule docs, all as JSON with the
//! markdown already rendered. `leaklab export-content DIR` writes them at build time.

use super::{Lesson, Text};
use crate::analysis::wire::{CheckReply, CheckRequest};
use crate::analysis::{rules, Severity};
use serde::{Deserialize, Serialize};

/// What the home page lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonCard {
    pub id: String,
    pub title: Text,
    pub summary: Text,
}

/// A rule's doc for the rules page and "Why?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDoc {
    pub id: String,
    pub severity: Severity,
    pub summary: String,
    pub html: String,
}

pub const INDEX_FILE: &str = "index.json";
pub const RULES_FILE: &str = "rules.json";

pub fn lesson_file(id: &str) -> String {
    format!("lesson/{id}.json")
}

/// Every content file as (path relative to the content folder, JSON text).
pub fn files() -> Result<Vec<(String, String)>, Vec<String>> {
    let lessons = super::load_all()?;
    let cards: Vec<LessonCard> = lessons
        .iter()
        .map(|l| LessonCard {
            id: l.id.clone(),
            title: l.title.clone(),
            summary: l.summary.clone(),
        })
        .collect();
    let mut out = vec![(INDEX_FILE.to_owned(), json(&cards))];
    for lesson in &lessons {
        let checked = Lesson {
            starter_check: Some(starter_check(lesson)),
            ..lesson.clone()
        };
        out.push((lesson_file(&lesson.id), json(&checked)));
    }
    let docs: Vec<RuleDoc> = rules::ALL
        .iter()
        .map(|r| r.meta())
        .map(|m| RuleDoc {
            id: m.id.to_owned(),
            severity: m.severity,
            summary: m.summary.to_owned(),
            html: super::markdown::to_html(rules::doc(m.id).unwrap_or("")),
        })
        .collect();
    out.push((RULES_FILE.to_owned(), json(&docs)));
    Ok(out)
}

/// What the editor shows for the unedited starter (the checking worker answers the same).
fn starter_check(lesson: &Lesson) -> CheckReply {
    let request = CheckRequest {
        id: 0,
        code: lesson.starter_code.clone(),
        go_version: lesson.go_version,
    };
    CheckReply {
        check_ms: 0.0,
        ..crate::analysis::wire::answer(&request, || 0.0)
    }
}

/// Reads the lesson list; a damaged file gets a reason, never a panic.
pub fn parse_index(text: &str) -> Result<Vec<LessonCard>, String> {
    serde_json::from_str(text).map_err(|e| format!("{INDEX_FILE}: {e}"))
}

pub fn parse_lesson(text: &str) -> Result<Lesson, String> {
    serde_json::from_str(text).map_err(|e| format!("lesson file: {e}"))
}

pub fn parse_rules(text: &str) -> Result<Vec<RuleDoc>, String> {
    serde_json::from_str(text).map_err(|e| format!("{RULES_FILE}: {e}"))
}

/// Content types are plain data: serialising them can't fail.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("content is plain data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_and_rule_round_trips_through_its_file() {
        let files = files().expect("the lessons load");
        let get = |path: &str| {
            files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, t)| t.as_str())
                .unwrap_or_else(|| panic!("{path} is missing"))
        };
        let lessons = crate::lessons::load_all().unwrap();
        let cards = parse_index(get(INDEX_FILE)).unwrap();
        assert_eq!(cards.len(), lessons.len());
        for (card, lesson) in cards.iter().zip(&lessons) {
            assert_eq!(card.id, lesson.id);
            let read = parse_lesson(get(&lesson_file(&lesson.id))).unwrap();
            assert_eq!(read.starter_code, lesson.starter_code);
            assert_eq!(read.solution_code, lesson.solution_code);
            assert_eq!(read.body_html, lesson.body_html);
            // The editor's first colours and problems are the checker's own answer.
            let pre = read.starter_check.expect("the export checks each starter");
            let options = crate::analysis::Options {
                go_version: lesson.go_version,
            };
            let (report, tokens) =
                crate::analysis::check_highlighted(&lesson.starter_code, &options);
            assert_eq!(
                (pre.report.clone(), pre.tokens()),
                (report, tokens),
                "{}",
                lesson.id
            );
            assert!(
                !pre.report.diagnostics.is_empty(),
                "{}: the starter leaks",
                lesson.id
            );
            assert_eq!(read.go_version, lesson.go_version);
            assert_eq!(read.hints, lesson.hints);
            assert!(read.body_html.en.contains("<p>"), "{}", lesson.id);
        }
        let docs = parse_rules(get(RULES_FILE)).unwrap();
        assert_eq!(docs.len(), rules::ALL.len());
        assert!(docs.iter().all(|d| d.html.contains("<h2")), "docs render");
    }

    #[test]
    fn damaged_files_get_a_reason() {
        for text in ["", "{", "[1,2]", "\"x\"", "\u{0}"] {
            assert!(parse_index(text).is_err());
            assert!(parse_lesson(text).is_err());
            assert!(parse_rules(text).is_err());
        }
    }
}
