//! The module arrows of ARCHITECTURE.md, checked: each layer names only the layers below
//! it, and the core never names the browser. Reads the sources as text (paths after
//! `crate::`, `super::` and `self::`, outside `#[cfg(test)]`), so it needs no build of the UI.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

/// Top-level modules, lowest first; a module may name only modules of a lower rank.
const CRATE_LAYERS: &[(&str, u32)] = &[
    ("analysis", 0),
    ("sim", 1),
    ("lessons", 2),
    ("view", 3),
    ("cli", 4),
    ("ui", 4),
];

/// Inside `analysis`: the syntax layer knows no facts, facts know no rules, rules know no
/// driver. Names defined in `analysis/mod.rs` itself (Diagnostic, Options…) are shared.
const ANALYSIS_LAYERS: &[(&str, u32)] = &[
    ("source", 0),
    ("incremental", 1),
    ("syntax", 2),
    ("cst", 2),
    ("highlight", 3),
    ("chan_facts", 3),
    ("sync_facts", 3),
    ("rules", 4),
    ("driver", 5),
];

/// Crates only the browser UI may use.
const BROWSER_CRATES: &[&str] = &[
    "leptos",
    "leptos_use",
    "web_sys",
    "wasm_bindgen",
    "wasm_bindgen_futures",
    "js_sys",
    "gloo_timers",
    "gloo",
];

const CORE: &[&str] = &["analysis", "sim", "lessons", "view"];

struct Source {
    /// Module path without `crate`, e.g. `["analysis", "rules", "docs"]`.
    module: Vec<String>,
    /// The text before the file's `#[cfg(test)]` module.
    text: String,
    file: String,
}

fn sources() -> Vec<Source> {
    let mut out = Vec::new();
    collect(Path::new("src"), &mut out);
    out
}

fn collect(dir: &Path, out: &mut Vec<Source>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix("src").unwrap().with_extension("");
            let mut module: Vec<String> = rel
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            if module
                .last()
                .is_some_and(|m| m == "mod" || m == "lib" || m == "main")
            {
                module.pop();
            }
            if module.first().is_some_and(|m| m == "bin") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let text = match text.find("#[cfg(test)]") {
                Some(i) => text[..i].to_owned(),
                None => text,
            };
            out.push(Source {
                module,
                text,
                file: path.display().to_string(),
            });
        }
    }
}

/// Every crate-relative path the text names, resolved to an absolute module path;
/// `use a::{b, c::d}` yields `a::b` and `a::c::d`.
fn named_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0
            || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let head = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|h| rest.starts_with(h));
        match head {
            Some(h) if starts_word => {
                let (path, end) = read_path(&bytes, i);
                let base = resolve_head(module, h);
                for tail in path {
                    let mut full = base.clone();
                    full.extend(
                        tail.into_iter()
                            .skip_while(|s| s == "super" || s == "crate" || s == "self"),
                    );
                    out.push(full);
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// The module that `crate::`, `super::` or `self::` means in `module`.
fn resolve_head(module: &[String], head: &str) -> Vec<String> {
    let mut here = module.to_vec();
    match head {
        "crate::" => Vec::new(),
        "self::" => here,
        _ => {
            // In `a/b.rs` and in `a/b/mod.rs` alike, `super` is `a`.
            here.pop();
            here
        }
    }
}

/// Reads `x::y::{a, b::c}` from `start`; returns each leaf path and where it ended.
fn read_path(chars: &[char], start: usize) -> (Vec<Vec<String>>, usize) {
    let mut segs = Vec::new();
    let mut i = start;
    loop {
        let s = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        if i > s {
            segs.push(chars[s..i].iter().collect::<String>());
        }
        if chars[i..].starts_with(&[':', ':']) {
            i += 2;
            if chars.get(i) == Some(&'{') {
                let close = matching_brace(chars, i);
                let inner: String = chars[i + 1..close].iter().collect();
                let mut leaves = Vec::new();
                for item in split_top_level(&inner) {
                    let item: Vec<char> = item.trim().chars().collect();
                    if item.is_empty() {
                        continue;
                    }
                    let (sub, _) = read_path(&item, 0);
                    for tail in sub {
                        let mut full = segs.clone();
                        full.extend(tail.into_iter().filter(|t| t != "self"));
                        leaves.push(full);
                    }
                }
                return (leaves, close + 1);
            }
            continue;
        }
        return (vec![segs], i);
    }
}

fn matching_brace(chars: &[char], open: usize) -> usize {
    let mut depth = 0;
    for (k, c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    chars.len() - 1
}

fn split_top_level(inner: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(c);
    }
    parts
}

/// `pub use x::{A, B}` in `analysis/mod.rs`: the module each re-exported name comes from.
fn reexports(analysis_mod: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for line in analysis_mod.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let chars: Vec<char> = rest.trim_end_matches(';').chars().collect();
        for path in read_path(&chars, 0).0 {
            if path.len() >= 2 {
                map.insert(path.last().unwrap().clone(), path[0].clone());
            }
        }
    }
    map
}

fn rank(layers: &[(&str, u32)], name: &str) -> Option<u32> {
    layers.iter().find(|(n, _)| *n == name).map(|&(_, r)| r)
}

/// The arrows in `sources` that run the wrong way, as readable lines.
fn violations(sources: &[Source]) -> Vec<String> {
    let analysis_mod = sources
        .iter()
        .find(|s| s.module == ["analysis"])
        .map_or(String::new(), |s| s.text.clone());
    let reexported = reexports(&analysis_mod);
    let mut out = Vec::new();
    for src in sources {
        let Some(top) = src.module.first() else {
            continue;
        };
        for path in named_paths(&src.module, &src.text) {
            let Some(target) = path.first() else { continue };
            if target != top {
                if let (Some(from), Some(to)) =
                    (rank(CRATE_LAYERS, top), rank(CRATE_LAYERS, target))
                {
                    if to >= from {
                        out.push(format!("{}: `{top}` names `{}`", src.file, path.join("::")));
                    }
                }
                continue;
            }
            if top != "analysis" || src.module.len() < 2 || path.len() < 2 {
                continue;
            }
            let from = &src.module[1];
            let to = reexported.get(&path[1]).unwrap_or(&path[1]);
            if to == from {
                continue;
            }
            if let (Some(f), Some(t)) = (rank(ANALYSIS_LAYERS, from), rank(ANALYSIS_LAYERS, to)) {
                if t >= f {
                    out.push(format!(
                        "{}: `analysis::{from}` names `{}`",
                        src.file,
                        path.join("::")
                    ));
                }
            }
        }
        if CORE.contains(&top.as_str()) {
            for krate in BROWSER_CRATES {
                if src.text.contains(&format!("{krate}::")) && word_boundary_use(&src.text, krate) {
                    out.push(format!(
                        "{}: the core (`{top}`) names the browser crate `{krate}`",
                        src.file
                    ));
                }
            }
        }
    }
    out
}

fn word_boundary_use(text: &str, krate: &str) -> bool {
    let pat = format!("{krate}::");
    text.match_indices(&pat).any(|(i, _)| {
        i == 0 || {
            let c = text[..i].chars().last().unwrap();
            !(c.is_alphanumeric() || c == '_' || c == ':')
        }
    })
}

#[test]
fn module_arrows_run_one_way() {
    let sources = sources();
    assert!(sources.len() > 50, "read the sources from the crate root");
    let bad = violations(&sources);
    assert!(
        bad.is_empty(),
        "arrows against the layering:\n{}",
        bad.join("\n")
    );
}

fn fake(file: &str, module: &[&str], text: &str) -> Source {
    Source {
        module: module.iter().map(|s| s.to_string()).collect(),
        text: text.to_owned(),
        file: file.to_owned(),
    }
}

#[test]
fn the_check_catches_each_kind_of_wrong_arrow() {
    let root = fake(
        "src/analysis/mod.rs",
        &["analysis"],
        "pub use driver::{check, check_highlighted};\npub use syntax::{Analyzer, ParsedFile};\n",
    );
    let cases = [
        fake(
            "src/analysis/chan_facts.rs",
            &["analysis", "chan_facts"],
            "use super::rules::RuleMeta;",
        ),
        fake(
            "src/analysis/syntax.rs",
            &["analysis", "syntax"],
            "use super::{highlight, rules, Options};",
        ),
        fake(
            "src/analysis/chan_facts/walk.rs",
            &["analysis", "chan_facts", "walk"],
            "use crate::analysis::sync_facts::Call;",
        ),
        fake(
            "src/analysis/rules/x.rs",
            &["analysis", "rules", "x"],
            "let r = crate::analysis::check(src, &o);",
        ),
        fake("src/sim/x.rs", &["sim", "x"], "use crate::view::timeline;"),
        fake(
            "src/view/x.rs",
            &["view", "x"],
            "let w = web_sys::window();",
        ),
    ];
    for case in cases {
        let file = case.file.clone();
        let found = violations(&[fake(&root.file, &["analysis"], &root.text), case]);
        assert!(!found.is_empty(), "{file}: not caught");
    }
    let fine = [
        fake(
            "src/analysis/rules/x.rs",
            &["analysis", "rules", "x"],
            "use crate::analysis::chan_facts::{self, uses_of};\nuse super::RuleMeta;",
        ),
        fake(
            "src/analysis/chan_facts/walk.rs",
            &["analysis", "chan_facts", "walk"],
            "use super::*;\nuse crate::analysis::{Diagnostic, ParsedFile};",
        ),
        fake(
            "src/view/x.rs",
            &["view", "x"],
            "use crate::sim::WaitReason;",
        ),
        fake(
            "src/ui/x.rs",
            &["ui", "x"],
            "use leptos::prelude::*; use crate::view::route;",
        ),
    ];
    for case in fine {
        let file = case.file.clone();
        let found = violations(&[fake(&root.file, &["analysis"], &root.text), case]);
        assert!(found.is_empty(), "{file}: {found:?}");
    }
}

/// Every `.rs` file under `src/` with its text (tests included).
fn all_sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((
                    path.display().to_string(),
                    fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("src"), &mut out);
    out
}

/// Functions as (name, first line, length in lines): a `fn` line up to the `}` at its
/// own indentation (rustfmt's layout).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let rest = [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ]
        .iter()
        .fold(trimmed, |t, p| t.strip_prefix(p).unwrap_or(t));
        let Some(sig) = rest.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = sig
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        if let Some(end) = (i + 1..lines.len()).find(|&j| lines[j] == close) {
            out.push((name, i + 1, end - i + 1));
        }
    }
    out
}

#[test]
fn files_and_functions_stay_readable() {
    let sources = all_sources();
    let big_files: Vec<String> = sources
        .iter()
        .filter(|(_, t)| t.lines().count() > 1000)
        .map(|(f, t)| format!("{f}: {} lines", t.lines().count()))
        .collect();
    assert!(
        big_files.is_empty(),
        "split these files (over 1,000 lines): {big_files:?}"
    );
    let long: Vec<String> = sources
        .iter()
        .flat_map(|(f, t)| {
            functions(t)
                .into_iter()
                .filter(|(_, _, n)| *n > 150)
                .map(move |(name, line, n)| format!("{f}:{line} {name}: {n} lines"))
        })
        .collect();
    // The interpreter's two dispatch loops (`exec`, `simple_op`) may be long; one more.
    assert!(long.len() <= 3, "functions over 150 lines: {long:#?}");
}

#[test]
fn the_function_scanner_measures_what_rustfmt_lays_out() {
    let text = "impl X {\n    pub(super) fn a(&self) -> u8 {\n        1\n    }\n}\n\nfn b() {\n    let x = 1;\n}\nfn decl();\n";
    assert_eq!(
        functions(text),
        vec![("a".to_owned(), 2, 3), ("b".to_owned(), 7, 3)]
    );
}
