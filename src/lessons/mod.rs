//! Lessons as files: `lessons/index.toml` lists the lesson folders in order; each folder
//! has a `lesson.md` (TOML front matter between `+++` lines, then prose per language under
//! `::: zh` / `::: en` lines) and real `.go` files. Everything is compiled into the native build; the
//! web app fetches the same lessons as JSON files written at build time (`content`).

pub mod challenge;
pub mod content;
pub mod exercise;
pub mod markdown;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod bundle {
    include!(concat!(env!("OUT_DIR"), "/lessons_bundle.rs"));
}

/// The learner's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The one of `en` and `zh` in this language.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// A text in both languages.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: Text,
    summary: Text,
    #[serde(default)]
    rules: Vec<String>,
    starter: String,
    solution: String,
    /// The Go version the lesson's programs run under by default (e.g. "1.21").
    go: Option<String>,
    prediction: Option<Prediction>,
    exercise: Option<Exercise>,
    #[serde(default)]
    hints: Vec<Text>,
    challenge: Option<challenge::ChallengeMatter>,
    #[serde(default)]
    go_versions: Vec<VersionEffectMatter>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionEffectMatter {
    go: String,
    measure: Measure,
    expected: i64,
}

/// What choosing another Go version changes in the starter's run, where the prose says so:
/// under `go`, `measure` is `expected`, which differs from the lesson's default version
/// (the content test simulates both).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct VersionEffect {
    pub go: crate::analysis::GoVersion,
    pub measure: Measure,
    pub expected: i64,
}

/// What a prediction asks the learner to guess about the starter program's run.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// `runtime.NumGoroutine()` when the program ends.
    Goroutines,
    /// Goroutines still blocked when the program ends.
    Leaked,
    /// Bytes still retained when the program ends, in KiB (rounded down).
    RetainedKib,
    /// The most bytes retained at any point of the run, in KiB (rounded down).
    PeakRetainedKib,
    /// The process exit code (2 for a panic or fatal error).
    ExitCode,
}

/// A question asked before the first run, checked against the simulation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    pub question: Text,
    pub measure: Measure,
    /// What simulating the starter gives (the content test keeps it honest).
    pub expected: i64,
    /// Offered answers; empty means a free number.
    #[serde(default)]
    pub choices: Vec<i64>,
}

/// When a learner's fix passes: no diagnostic of the lesson's rules; the simulation exits
/// normally with at most `max_leaked` goroutines left blocked (and, if set, at most
/// `max_retained_kib` retained at the end and `max_peak_retained_kib` at any time); and its
/// stdout equals the solution's, ignoring lines that start with one of
/// `ignore_output_prefixes` (counts and sizes that the fix changes).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    #[serde(default)]
    pub max_leaked: usize,
    pub max_retained_kib: Option<u64>,
    /// For memory spikes (large arrays copied per goroutine) rather than leaks.
    pub max_peak_retained_kib: Option<u64>,
    /// The concurrency the fix must keep: at some point at least this many goroutines
    /// (main included) are alive, so removing the goroutines is not a fix.
    pub min_peak_goroutines: Option<usize>,
    #[serde(default)]
    pub ignore_output_prefixes: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Lesson {
    pub id: String,
    /// The folder under `lessons/`.
    pub folder: String,
    pub title: Text,
    pub summary: Text,
    /// Ids of the rules this lesson teaches.
    pub rules: Vec<String>,
    pub starter_file: String,
    pub solution_file: String,
    /// The leaky program shown in the editor.
    pub starter_code: String,
    pub solution_code: String,
    /// The Go version the programs run under by default.
    pub go_version: crate::analysis::GoVersion,
    pub prediction: Option<Prediction>,
    pub exercise: Option<Exercise>,
    /// Up to three, shown one at a time before the solution.
    pub hints: Vec<Text>,
    /// A schedule for the learner to find, on a program of its own.
    pub challenge: Option<challenge::Challenge>,
    /// What the Go-version switch changes in the starter's run.
    pub version_effects: Vec<VersionEffect>,
    /// The prose, as markdown (not shipped to the web app, which gets `body_html`).
    #[serde(skip)]
    pub body: Text,
    /// The prose rendered by [`markdown::to_html`] (raw HTML escaped).
    pub body_html: Text,
    /// The starter checked under `go_version` by the content export, so the editor shows
    /// its colours and problems before the checking worker has loaded.
    #[serde(default)]
    pub starter_check: Option<crate::analysis::wire::CheckReply>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Index {
    lessons: Vec<String>,
}

/// Every lesson in index order, or every problem found in the content.
pub fn load_all() -> Result<Vec<Lesson>, Vec<String>> {
    let folders: BTreeMap<&str, &[(&str, &str)]> = bundle::FOLDERS.iter().copied().collect();
    load(bundle::INDEX, &folders)
}

/// Loads lessons from an index text and folder contents (a pure function for tests).
pub fn load(
    index: &str,
    folders: &BTreeMap<&str, &[(&str, &str)]>,
) -> Result<Vec<Lesson>, Vec<String>> {
    let index: Index =
        toml::from_str(index).map_err(|e| vec![format!("lessons/index.toml: {e}")])?;
    let mut problems = Vec::new();
    let mut lessons = Vec::new();
    for name in &index.lessons {
        match folders.get(name.as_str()) {
            None => problems.push(format!(
                "lessons/index.toml lists `{name}` but lessons/{name}/ does not exist"
            )),
            Some(files) => match parse_lesson(name, files) {
                Ok(lesson) => lessons.push(lesson),
                Err(e) => problems.push(format!("lessons/{name}/lesson.md: {e}")),
            },
        }
    }
    for folder in folders.keys() {
        if !index.lessons.iter().any(|l| l == folder) {
            problems.push(format!(
                "lessons/{folder}/ is not listed in lessons/index.toml"
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for lesson in &lessons {
        if !seen.insert(lesson.id.as_str()) {
            problems.push(format!("lesson id `{}` is used twice", lesson.id));
        }
    }
    if problems.is_empty() {
        Ok(lessons)
    } else {
        Err(problems)
    }
}

fn parse_lesson(folder: &str, files: &[(&str, &str)]) -> Result<Lesson, String> {
    let file = |name: &str| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    };
    let text = file("lesson.md").ok_or("missing lesson.md")?;
    let (front, body) = split_front_matter(text)?;
    let fm: FrontMatter = toml::from_str(front).map_err(|e| format!("front matter: {e}"))?;
    let starter_code =
        file(&fm.starter).ok_or_else(|| format!("starter file `{}` is missing", fm.starter))?;
    let solution_code =
        file(&fm.solution).ok_or_else(|| format!("solution file `{}` is missing", fm.solution))?;
    let body = split_languages(body)?;
    let go_version = match &fm.go {
        Some(v) => crate::analysis::GoVersion::parse(v)?,
        None => crate::analysis::GoVersion::default(),
    };
    let mut version_effects = Vec::new();
    for effect in fm.go_versions {
        let go = crate::analysis::GoVersion::parse(&effect.go)?;
        if go == go_version {
            return Err(format!(
                "go_versions lists Go {go}, the lesson's own version"
            ));
        }
        version_effects.push(VersionEffect {
            go,
            measure: effect.measure,
            expected: effect.expected,
        });
    }
    if fm.hints.len() > 3 {
        return Err(format!("{} hints; at most 3", fm.hints.len()));
    }
    let challenge = match fm.challenge {
        Some(c) => Some(challenge::Challenge {
            goal: c.goal,
            code: file(&c.program)
                .ok_or_else(|| format!("challenge program `{}` is missing", c.program))?
                .to_owned(),
            file: c.program,
            text_html: Text {
                zh: markdown::to_html(&c.text.zh),
                en: markdown::to_html(&c.text.en),
            },
        }),
        None => None,
    };
    Ok(Lesson {
        id: fm.id,
        folder: folder.to_owned(),
        title: fm.title,
        summary: fm.summary,
        rules: fm.rules,
        starter_file: fm.starter,
        solution_file: fm.solution,
        starter_code: starter_code.to_owned(),
        solution_code: solution_code.to_owned(),
        go_version,
        prediction: fm.prediction,
        exercise: fm.exercise,
        hints: fm.hints,
        challenge,
        version_effects,
        body_html: Text {
            zh: markdown::to_html(&body.zh),
            en: markdown::to_html(&body.en),
        },
        body,
        starter_check: None,
    })
}

/// Splits `+++\n<toml>\n+++\n<body>`.
fn split_front_matter(text: &str) -> Result<(&str, &str), String> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or("must start with a `+++` line (TOML front matter)")?;
    let end = rest
        .find("\n+++")
        .ok_or("front matter has no closing `+++` line")?;
    let front = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after.split_once('\n').map_or("", |(_, b)| b);
    Ok((front, body))
}

/// Splits the prose into the `::: zh` and `::: en` sections; both must be present.
fn split_languages(body: &str) -> Result<Text, String> {
    let mut sections: BTreeMap<&str, String> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(code) = trimmed.strip_prefix("::: ") {
            if Lang::from_code(code).is_none() {
                return Err(format!(
                    "unknown language section `::: {code}` (expected zh or en)"
                ));
            }
            if sections.contains_key(code) {
                return Err(format!("language section `::: {code}` appears twice"));
            }
            sections.insert(code, String::new());
            current = Some(code);
            continue;
        }
        match current {
            Some(code) => sections
                .get_mut(code)
                .expect("inserted above")
                .push_str(line),
            None if trimmed.is_empty() => {}
            None => return Err("prose must start with a `::: zh` or `::: en` line".into()),
        }
    }
    let mut take = |code: &str| -> Result<String, String> {
        let text = sections
            .remove(code)
            .ok_or(format!("missing `::: {code}` section"))?;
        if text.trim().is_empty() {
            return Err(format!("`::: {code}` section is empty"));
        }
        Ok(text)
    };
    Ok(Text {
        zh: take("zh")?,
        en: take("en")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\nid = \"a\"\nstarter = \"leaky.go\"\nsolution = \"fixed.go\"\nrules = []\n[title]\nzh = \"甲\"\nen = \"A\"\n[summary]\nzh = \"乙\"\nen = \"B\"\n+++\n::: en\nHello\n::: zh\n你好\n";

    fn folders<'a>(
        entries: &'a [(&'a str, &'a [(&'a str, &'a str)])],
    ) -> BTreeMap<&'a str, &'a [(&'a str, &'a str)]> {
        entries.iter().copied().collect()
    }

    #[test]
    fn loads_a_well_formed_lesson() {
        let files: &[(&str, &str)] = &[
            ("lesson.md", GOOD),
            ("leaky.go", "package main\n"),
            ("fixed.go", "package main\n"),
        ];
        let lessons = load("lessons = [\"a\"]", &folders(&[("a", files)])).unwrap();
        assert_eq!(lessons[0].id, "a");
        assert_eq!(lessons[0].title.get(Lang::Zh), "甲");
        assert_eq!(lessons[0].body.en.trim(), "Hello");
        assert_eq!(lessons[0].body.zh.trim(), "你好");
    }

    #[test]
    fn reports_unlisted_and_missing_folders() {
        let files: &[(&str, &str)] = &[("lesson.md", GOOD), ("leaky.go", ""), ("fixed.go", "")];
        let err = load("lessons = [\"ghost\"]", &folders(&[("a", files)])).unwrap_err();
        assert!(err.iter().any(|e| e.contains("ghost")), "{err:?}");
        assert!(err.iter().any(|e| e.contains("not listed")), "{err:?}");
    }

    #[test]
    fn reports_a_missing_language_and_a_missing_file() {
        let no_zh = GOOD.replace("::: zh\n你好\n", "");
        let files: &[(&str, &str)] = &[("lesson.md", &no_zh), ("leaky.go", ""), ("fixed.go", "")];
        let err = load("lessons = [\"a\"]", &folders(&[("a", files)])).unwrap_err();
        assert!(err[0].contains("missing `::: zh`"), "{err:?}");

        let files: &[(&str, &str)] = &[("lesson.md", GOOD), ("leaky.go", "")];
        let err = load("lessons = [\"a\"]", &folders(&[("a", files)])).unwrap_err();
        assert!(err[0].contains("fixed.go"), "{err:?}");
    }

    #[test]
    fn reads_prediction_exercise_and_hints() {
        let full = GOOD.replacen("+++\nid", "+++\ngo = \"1.21\"\nid", 1).replace(
            "+++\n::: en",
            "[prediction]\nquestion = { zh = \"几个？\", en = \"How many?\" }\nmeasure = \"goroutines\"\nexpected = 4\nchoices = [1, 4]\n[exercise]\nmax_leaked = 0\nignore_output_prefixes = [\"goroutines:\"]\n[[hints]]\nzh = \"提示\"\nen = \"Hint\"\n+++\n::: en",
        );
        let files: &[(&str, &str)] = &[("lesson.md", &full), ("leaky.go", ""), ("fixed.go", "")];
        let lesson = load("lessons = [\"a\"]", &folders(&[("a", files)]))
            .unwrap()
            .remove(0);
        assert_eq!(lesson.go_version.minor, 21);
        let p = lesson.prediction.unwrap();
        assert_eq!(
            (p.measure, p.expected, p.choices),
            (Measure::Goroutines, 4, vec![1, 4])
        );
        assert_eq!(
            lesson.exercise.unwrap().ignore_output_prefixes,
            vec!["goroutines:"]
        );
        assert_eq!(lesson.hints[0].en, "Hint");
    }

    #[test]
    fn rejects_front_matter_typos() {
        let typo = GOOD.replace("starter =", "startr =");
        let files: &[(&str, &str)] = &[("lesson.md", &typo), ("leaky.go", ""), ("fixed.go", "")];
        assert!(load("lessons = [\"a\"]", &folders(&[("a", files)])).is_err());
    }
}
