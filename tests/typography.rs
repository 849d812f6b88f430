//! Chinese text uses full-width punctuation: `，：；（）？！` between Chinese characters,
//! not `, : ; ( ) ? !` (code, inline code and URLs keep ASCII). Checked on the lessons'
//! Chinese prose and front matter and on the Chinese string literals of the sources.

use std::fs;
use std::path::Path;

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Half-width marks that touch a Chinese character in `text` (inline code removed).
fn half_width_marks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            continue; // inside inline code
        }
        let chars: Vec<char> = part.chars().collect();
        for (at, &c) in chars.iter().enumerate() {
            if !",:;()?!".contains(c) {
                continue;
            }
            let before = at.checked_sub(1).map(|b| chars[b]);
            let after = chars.get(at + 1).copied();
            let touches = before.is_some_and(is_chinese)
                || (after.is_some_and(is_chinese) && before.is_some_and(|b| b != ' '));
            if touches {
                let from = at.saturating_sub(6);
                let to = (at + 6).min(chars.len());
                found.push(chars[from..to].iter().collect());
            }
        }
    }
    found
}

/// The Chinese parts of a lesson.md: the `::: zh` body (outside fenced code) and the
/// `zh = "…"` values of the front matter.
fn chinese_of_lesson(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let (mut in_zh, mut in_code) = (false, false);
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if let Some(lang) = trimmed.strip_prefix(":::") {
            in_zh = lang.trim() == "zh";
            continue;
        }
        let front_zh = trimmed.starts_with("zh =") || trimmed.contains(".zh =");
        if !in_code && (in_zh || front_zh) {
            out.push((n + 1, without_link_targets(line)));
        }
    }
    out
}

/// `[text](target)` becomes `[text]`: a link's target is a URL, not prose.
fn without_link_targets(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 2..];
        rest = rest.find(')').map_or("", |close| &rest[close + 1..]);
    }
    out.push_str(rest);
    out
}

/// String literals of a Rust source line that contain Chinese.
fn chinese_literals(line: &str) -> Vec<String> {
    line.split('"')
        .enumerate()
        .filter(|(i, s)| i % 2 == 1 && s.chars().any(is_chinese))
        .map(|(_, s)| s.to_owned())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn chinese_text_uses_full_width_punctuation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for entry in fs::read_dir(root.join("lessons")).unwrap() {
        let lesson = entry.unwrap().path().join("lesson.md");
        let Ok(text) = fs::read_to_string(&lesson) else {
            continue;
        };
        for (line, zh) in chinese_of_lesson(&text) {
            for mark in half_width_marks(&zh) {
                problems.push(format!("{}:{line}: `{mark}`", lesson.display()));
            }
        }
    }
    let mut sources = Vec::new();
    rust_files(&root.join("src"), &mut sources);
    for path in sources {
        let text = fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for literal in chinese_literals(line) {
                for mark in half_width_marks(&literal) {
                    problems.push(format!("{}:{}: `{mark}`", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "half-width punctuation in Chinese text (use ，：；（）？！):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_half_width_marks_beside_chinese_only() {
    assert_eq!(half_width_marks("阻塞:发送"), vec!["阻塞:发送"]);
    assert_eq!(half_width_marks("为什么?"), vec!["为什么?"]);
    assert_eq!(half_width_marks("KiB:超过"), vec!["KiB:超过"]);
    assert!(half_width_marks("阻塞：发送，然后（见上）").is_empty());
    assert!(half_width_marks("调用 `f(x, y)` 之后").is_empty());
    assert!(half_width_marks("blocked: send (closed)?").is_empty());
    assert_eq!(
        without_link_targets("见[上一课](#/lesson/x)里的"),
        "见[上一课]里的"
    );
}
