//! The rule harness. Fixtures are real Go files under `tests/testdata/rules/<rule-id>/`;
//! a line that must fire ends with `// want "<rule-id>"` (several ids may follow, each
//! quoted); every other line must stay silent. Outcomes, as ast-grep names them:
//! Validated (wanted and found), Reported (total found), Noisy (found, not wanted),
//! Missing (wanted, not found). Noisy or Missing fails the test.
//!
//! Each rule also needs at least 6 positive cases (want lines) and 6 negative cases
//! (top-level functions with no want line) and must have doc examples that behave:
//! the doc's first ```go block after "## Leaky example" fires, the one after
//! "## Fixed example" does not.

use leaklab::analysis::{self, rules, GoVersion, Options};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

const MIN_POSITIVE: usize = 6;
const MIN_NEGATIVE: usize = 6;

/// `(line, rule)` pairs wanted by `// want "a" "b"` comments.
fn wanted(source: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(pos) = line.find("// want ") {
            let mut rest = &line[pos + "// want ".len()..];
            while let Some(start) = rest.find('"') {
                let after = &rest[start + 1..];
                let Some(end) = after.find('"') else { break };
                out.insert((i + 1, after[..end].to_owned()));
                rest = &after[end + 1..];
            }
        }
    }
    out
}

/// The Go version a fixture asks for with a `// leaklab:go 1.21` line (default latest).
fn fixture_options(source: &str) -> Options {
    let go_version = source
        .lines()
        .find_map(|l| l.trim().strip_prefix("// leaklab:go "))
        .map(|v| GoVersion::parse(v).expect("valid leaklab:go version"))
        .unwrap_or_default();
    Options { go_version }
}

/// Top-level functions without a want line in their body: the negative cases.
fn negative_functions(source: &str) -> usize {
    let mut count = 0;
    let mut in_func = false;
    let mut has_want = false;
    for line in source.lines() {
        if line.starts_with("func ") {
            in_func = true;
            has_want = false;
        }
        if in_func && line.contains("// want ") {
            has_want = true;
        }
        if in_func && line.starts_with('}') {
            in_func = false;
            if !has_want {
                count += 1;
            }
        }
    }
    count
}

#[derive(Default)]
struct Tally {
    validated: usize,
    reported: usize,
    noisy: Vec<String>,
    missing: Vec<String>,
    positive: usize,
    negative: usize,
}

#[test]
fn every_rule_fixture_is_validated_with_no_noise_and_nothing_missing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/rules");
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for rule in rules::ALL {
        tallies.insert(rule.meta().id.to_owned(), Tally::default());
    }
    let mut problems = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let dir_rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        if rules::find(&dir_rule).is_none() {
            problems.push(format!("{}: no rule has this id", dir.display()));
            continue;
        }
        let mut files: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|x| x == "go"))
        {
            let source = fs::read_to_string(file).unwrap();
            let report = analysis::check(&source, &fixture_options(&source));
            let name = file.strip_prefix(&root).unwrap().display().to_string();
            for e in &report.syntax_errors {
                problems.push(format!("{name}:{}:{}: {}", e.line(), e.column(), e.message));
            }
            let want = wanted(&source);
            let found: BTreeSet<(usize, String)> = report
                .diagnostics
                .iter()
                .map(|d| (d.span.start.line, d.rule.to_string()))
                .collect();
            tallies.get_mut(&dir_rule).unwrap().negative += negative_functions(&source);
            for (line, rule) in &want {
                let t = tallies.entry(rule.clone()).or_default();
                t.positive += 1;
                if found.contains(&(*line, rule.clone())) {
                    t.validated += 1;
                } else {
                    t.missing.push(format!("{name}:{line}"));
                }
            }
            for (line, rule) in &found {
                let t = tallies.entry(rule.clone()).or_default();
                t.reported += 1;
                if !want.contains(&(*line, rule.clone())) {
                    t.noisy.push(format!("{name}:{line}"));
                }
            }
        }
    }

    println!(
        "{:<36} {:>9} {:>8} {:>5} {:>7} {:>4} {:>4}",
        "rule", "Validated", "Reported", "Noisy", "Missing", "pos", "neg"
    );
    for (rule, t) in &tallies {
        println!(
            "{:<36} {:>9} {:>8} {:>5} {:>7} {:>4} {:>4}",
            rule,
            t.validated,
            t.reported,
            t.noisy.len(),
            t.missing.len(),
            t.positive,
            t.negative
        );
        for n in &t.noisy {
            problems.push(format!("Noisy {rule} at {n}"));
        }
        for m in &t.missing {
            problems.push(format!("Missing {rule} at {m}"));
        }
        if t.positive < MIN_POSITIVE || t.negative < MIN_NEGATIVE {
            problems.push(format!(
                "{rule}: needs at least {MIN_POSITIVE} positive and {MIN_NEGATIVE} negative cases, has {} and {}",
                t.positive, t.negative
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "rule harness:\n{}",
        problems.join("\n")
    );
}

/// The first ```go block after `heading` in a rule doc.
fn doc_example(doc: &str, heading: &str) -> Option<String> {
    let after = &doc[doc.find(heading)? + heading.len()..];
    let start = after.find("```go\n")? + "```go\n".len();
    let end = after[start..].find("```")?;
    Some(after[start..start + end].to_owned())
}

#[test]
fn every_rule_doc_has_the_sections_and_its_examples_behave() {
    let mut problems = Vec::new();
    for rule in rules::ALL {
        let m = rule.meta();
        let Some(doc) = rules::doc(m.id) else {
            problems.push(format!("{}: no docs/{}.md", m.id, m.id));
            continue;
        };
        for section in [
            "## What it finds",
            "## Why it leaks",
            "## Leaky example",
            "## Fixed example",
            "## Go versions",
        ] {
            if !doc.contains(section) {
                problems.push(format!("{}: doc lacks `{section}`", m.id));
            }
        }
        if m.summary.trim().is_empty() || m.summary.contains('\n') {
            problems.push(format!("{}: summary must be one non-empty line", m.id));
        }
        let options = Options::default();
        match doc_example(doc, "## Leaky example") {
            Some(code) => {
                let report = analysis::check(&code, &fixture_options(&code));
                if !report.diagnostics.iter().any(|d| d.rule == m.id) {
                    problems.push(format!("{}: the leaky doc example does not fire", m.id));
                }
            }
            None => problems.push(format!("{}: no ```go block under Leaky example", m.id)),
        }
        match doc_example(doc, "## Fixed example") {
            Some(code) => {
                let report = analysis::check(&code, &options);
                if let Some(d) = report.diagnostics.iter().find(|d| d.rule == m.id) {
                    problems.push(format!(
                        "{}: the fixed doc example fires at line {}",
                        m.id, d.span.start.line
                    ));
                }
                if !report.syntax_errors.is_empty() {
                    problems.push(format!("{}: the fixed doc example has syntax errors", m.id));
                }
            }
            None => problems.push(format!("{}: no ```go block under Fixed example", m.id)),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rule_ids_are_unique_kebab_case() {
    let mut seen = BTreeSet::new();
    for rule in rules::ALL {
        let id = rule.meta().id;
        assert!(seen.insert(id), "duplicate rule id {id}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id} is not kebab-case"
        );
    }
}

#[test]
fn want_comments_are_parsed() {
    let w = wanted("a\nch <- 1 // want \"x\" \"y\"\n");
    assert_eq!(
        w,
        BTreeSet::from([(2, "x".to_owned()), (2, "y".to_owned())])
    );
    assert_eq!(
        negative_functions("func a() {\n}\nfunc b() {\n\tx // want \"r\"\n}\n"),
        1
    );
}
