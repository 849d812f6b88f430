//! Facts rebuilt incrementally while typing must equal facts built from scratch.
//!
//! Each Go file of the lessons and the rule tests (plus the benchmark file) goes through a
//! seeded sequence of edits, as a learner makes them: typing and deleting characters,
//! new and removed lines, whole statements, broken syntax. After every edit the shared
//! analyzer (incremental parse, reused facts) must give the same channel facts, sync facts
//! report and highlighting as a fresh thread that has never seen the file.
//! `LEAKLAB_INCREMENTAL_EDITS` sets the edits per file (default 24).

use leaklab::analysis::{self, chan_facts, sync_facts, Analyzer, Options, ParsedFile};
use std::path::{Path, PathBuf};
use tree_sitter::Tree;

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            go_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "go") {
            out.push(path);
        }
    }
}

/// Everything the rules see, as text (both fact types print deterministically).
fn snapshot(analyzer: &mut Analyzer, source: &str) -> (String, Tree) {
    let file = analyzer.parse(source);
    (describe(&file), file.tree.clone())
}

fn describe(file: &ParsedFile<'_>) -> String {
    let chan = chan_facts::file_facts(file);
    let sync = sync_facts::facts(file);
    let report = analysis::rules::run_all(file, &Options::default());
    let tokens = analysis::highlight::tokens(file);
    format!("{chan:#?}\n{sync:#?}\n{report:#?}\n{tokens:#?}")
}

/// The same, on a thread that has never seen the file (so empty caches), for the same tree:
/// on broken code an incremental re-parse may recover from errors differently than a
/// fresh parse, and this test is about the facts, not about tree-sitter.
fn from_scratch(source: &str, tree: &Tree) -> String {
    let (source, tree) = (source.to_owned(), tree.clone());
    std::thread::spawn(move || {
        let fresh = Analyzer::new().parse(&source);
        let file = ParsedFile {
            source: &source,
            tree,
            lines: fresh.lines,
            syntax_errors: fresh.syntax_errors,
        };
        describe(&file)
    })
    .join()
    .expect("a check from scratch does not panic")
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const TYPED: &[&str] = &[
    "x",
    " ",
    "\n",
    "}",
    "{",
    "(",
    ")",
    "\"",
    "//",
    "\t",
    "0",
    "<-",
    "go worker(ch)\n",
    "ch <- 1\n",
    "defer mu.Unlock()\n",
    "for range 3 {\n",
    "const n = 4\n",
    "func helper() {}\n",
    "t := time.Tick(time.Second)\n",
    "select {}\n",
];

fn char_floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One edit a learner might make.
fn edit(rng: &mut Rng, text: &str) -> String {
    let at = char_floor(text, rng.below(text.len() + 1));
    let mut out = text.to_owned();
    match rng.below(6) {
        0..=2 => out.insert_str(at, TYPED[rng.below(TYPED.len())]),
        3 => {
            let end = char_floor(text, (at + 1 + rng.below(12)).min(text.len()));
            out.replace_range(at..end, "");
        }
        4 => {
            // Delete the line around `at`.
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            out.replace_range(start..end, "");
        }
        _ => {
            // Duplicate the line around `at`.
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            let line = text[start..end].to_owned();
            out.insert_str(start, &line);
        }
    }
    out
}

#[test]
fn facts_after_each_edit_equal_facts_from_scratch() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    go_files(&root.join("lessons"), &mut files);
    go_files(&root.join("tests/testdata/rules"), &mut files);
    files.push(root.join("benches/data/realistic.go"));
    files.sort();
    let edits: usize = std::env::var("LEAKLAB_INCREMENTAL_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let mut analyzer = Analyzer::new();
    let mut checked = 0;
    for (n, path) in files.iter().enumerate() {
        let mut rng = Rng(n as u64 + 1);
        let mut text = std::fs::read_to_string(path).unwrap();
        let _ = snapshot(&mut analyzer, &text);
        for step in 0..edits {
            let before = text.clone();
            text = edit(&mut rng, &text);
            let (incremental, tree) = snapshot(&mut analyzer, &text);
            let scratch = from_scratch(&text, &tree);
            if incremental != scratch {
                // Everything needed to reproduce, next to the build output.
                let dir = root.join("target/incremental-mismatch");
                let _ = std::fs::create_dir_all(&dir);
                for (name, content) in [
                    ("before.go", &before),
                    ("after.go", &text),
                    ("incremental.txt", &incremental),
                    ("scratch.txt", &scratch),
                ] {
                    let _ = std::fs::write(dir.join(name), content);
                }
                let (a, b): (Vec<_>, Vec<_>) =
                    (incremental.lines().collect(), scratch.lines().collect());
                let first = a
                    .iter()
                    .zip(&b)
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.len().min(b.len()));
                panic!(
                    "{} after edit {step}: incremental facts differ from scratch at line {first}:\n  incremental: {}\n  scratch:     {}\n--- source ---\n{text}",
                    path.display(),
                    a.get(first).unwrap_or(&"<end>"),
                    b.get(first).unwrap_or(&"<end>"),
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= files.len() * edits, "{checked} edits checked");
}

#[test]
fn typing_a_statement_into_the_middle_of_a_long_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = std::fs::read_to_string(root.join("benches/data/realistic.go")).unwrap();
    let at = base.find("\n}\n").expect("a function end") + 1;
    let typed = "\tgo func() { results <- len(orders) }()\n";
    let mut analyzer = Analyzer::new();
    let _ = snapshot(&mut analyzer, &base);
    for i in 1..=typed.len() {
        let mut text = base.clone();
        text.insert_str(at, &typed[..i]);
        let (incremental, tree) = snapshot(&mut analyzer, &text);
        assert_eq!(
            incremental,
            from_scratch(&text, &tree),
            "after typing {:?}",
            &typed[..i]
        );
    }
}
