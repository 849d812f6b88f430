//! The learner's progress, as stored in localStorage and exported/imported as JSON.
//! The schema is versioned; a damaged store keeps every entry that still reads and drops
//! only the broken ones, saying which.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u64 = 1;
/// Edited code larger than this is not kept (a paste of a huge file should not fill storage).
pub const MAX_SAVED_CODE_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    /// The learner's answer to the prediction, and whether it matched the simulation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction_correct: Option<bool>,
    #[serde(default)]
    pub exercise_passed: bool,
    #[serde(default)]
    pub hints_shown: u8,
    /// Edited code, kept until the learner resets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub lessons: BTreeMap<String, LessonProgress>,
}

impl Progress {
    pub fn to_json(&self) -> String {
        let lessons: serde_json::Map<String, Value> = self
            .lessons
            .iter()
            .map(|(id, p)| (id.clone(), serde_json::to_value(p).unwrap_or(Value::Null)))
            .collect();
        serde_json::json!({ "version": SCHEMA_VERSION, "lessons": lessons }).to_string()
    }

    /// Reads stored or imported JSON. Never fails: returns what could be read plus a
    /// warning per thing that could not.
    pub fn from_json(text: &str) -> (Progress, Vec<String>) {
        let mut warnings = Vec::new();
        let mut progress = Progress::default();
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                warnings.push(format!(
                    "progress data is not valid JSON ({e}); starting fresh"
                ));
                return (progress, warnings);
            }
        };
        match value.get("version").and_then(Value::as_u64) {
            Some(SCHEMA_VERSION) => {}
            Some(v) => warnings.push(format!("progress data has schema version {v}; reading what matches version {SCHEMA_VERSION}")),
            None => warnings.push("progress data has no schema version; reading what it can".to_owned()),
        }
        let Some(lessons) = value.get("lessons").and_then(Value::as_object) else {
            warnings.push("progress data has no `lessons` object; starting fresh".to_owned());
            return (progress, warnings);
        };
        for (id, entry) in lessons {
            match serde_json::from_value::<LessonProgress>(entry.clone()) {
                Ok(p) => {
                    progress.lessons.insert(id.clone(), p);
                }
                Err(e) => warnings.push(format!(
                    "progress for lesson `{id}` was damaged and is dropped ({e})"
                )),
            }
        }
        (progress, warnings)
    }

    pub fn lesson(&self, id: &str) -> LessonProgress {
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut LessonProgress)) {
        let entry = self.lessons.entry(id.to_owned()).or_default();
        change(entry);
        if entry
            .code
            .as_ref()
            .is_some_and(|c| c.len() > MAX_SAVED_CODE_BYTES)
        {
            entry.code = None;
        }
        if *entry == LessonProgress::default() {
            self.lessons.remove(id);
        }
    }

    /// Completed exercises among `lesson_ids`.
    pub fn completed(&self, lesson_ids: &[&str]) -> usize {
        lesson_ids
            .iter()
            .filter(|id| self.lessons.get(**id).is_some_and(|p| p.exercise_passed))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut p = Progress::default();
        p.update("a", |l| {
            l.exercise_passed = true;
            l.predicted = Some(4);
            l.prediction_correct = Some(true);
        });
        p.update("b", |l| l.code = Some("package main\n".into()));
        let (back, warnings) = Progress::from_json(&p.to_json());
        assert_eq!(back, p);
        assert!(warnings.is_empty());
        assert_eq!(p.completed(&["a", "b", "c"]), 1);
    }

    #[test]
    fn a_damaged_entry_is_dropped_and_the_rest_kept() {
        let json = r#"{"version":1,"lessons":{"a":{"exercise_passed":true},"b":{"exercise_passed":"yes"},"c":7}}"#;
        let (p, warnings) = Progress::from_json(json);
        assert!(p.lesson("a").exercise_passed);
        assert!(!p.lessons.contains_key("b") && !p.lessons.contains_key("c"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn garbage_starts_fresh_with_a_warning() {
        for text in ["", "{", "null", "[1,2]", "{\"version\":1}"] {
            let (p, warnings) = Progress::from_json(text);
            assert!(p.lessons.is_empty());
            assert!(!warnings.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn huge_code_is_not_kept_and_empty_entries_vanish() {
        let mut p = Progress::default();
        p.update("a", |l| l.code = Some("x".repeat(MAX_SAVED_CODE_BYTES + 1)));
        assert!(!p.lessons.contains_key("a"));
    }
}
