//! Parsing Go with tree-sitter-go, incrementally, and collecting syntax errors.

use super::incremental::{common_prefix, common_suffix};
use super::source::{LineIndex, Span};
use serde::Serialize;
use tree_sitter::{InputEdit, Node, Parser, Point, Tree};

/// An ERROR or MISSING node of the tree, as a message with its place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

impl SyntaxError {
    pub fn line(&self) -> usize {
        self.span.start.line
    }
    pub fn column(&self) -> usize {
        self.span.start.column
    }
}

/// A parsed source: the tree, the text it came from, and its syntax errors.
pub struct ParsedFile<'s> {
    pub source: &'s str,
    pub tree: Tree,
    pub lines: LineIndex,
    pub syntax_errors: Vec<SyntaxError>,
}

impl ParsedFile<'_> {
    pub fn text(&self, node: Node<'_>) -> &str {
        self.source.get(node.byte_range()).unwrap_or("")
    }
    pub fn span(&self, node: Node<'_>) -> Span {
        self.lines
            .span(self.source, node.start_byte(), node.end_byte())
    }
}

/// Owns one parser and the last tree, so each call re-parses only what changed.
pub struct Analyzer {
    parser: Parser,
    previous: Option<(String, Tree)>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    pub fn new() -> Self {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_go::LANGUAGE.into())
            .expect("the bundled Go grammar matches the tree-sitter runtime");
        Analyzer {
            parser,
            previous: None,
        }
    }

    /// Parses `source`, reusing the previous tree where the text is unchanged.
    pub fn parse<'s>(&mut self, source: &'s str) -> ParsedFile<'s> {
        let old_tree = match self.previous.take() {
            Some((old_source, mut tree)) => {
                tree.edit(&edit_between(&old_source, source));
                Some(tree)
            }
            None => None,
        };
        let tree = self
            .parser
            .parse(source, old_tree.as_ref())
            .or_else(|| {
                // Only a cancelled or timed-out parse returns None; retry from scratch.
                self.parser.reset();
                self.parser.parse(source, None)
            })
            .expect("tree-sitter parses any text when no timeout or cancellation is set");
        self.previous = Some((source.to_owned(), tree.clone()));
        let lines = LineIndex::new(source);
        let syntax_errors = collect_syntax_errors(source, &lines, &tree);
        ParsedFile {
            source,
            tree,
            lines,
            syntax_errors,
        }
    }
}

/// The single edit that turns `old` into `new`: the span between their common prefix and suffix.
fn edit_between(old: &str, new: &str) -> InputEdit {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let mut prefix = common_prefix(o, n);
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = common_suffix(o, n, old.len().min(new.len()) - prefix);
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let old_end = old.len() - suffix;
    let new_end = new.len() - suffix;
    InputEdit {
        start_byte: prefix,
        old_end_byte: old_end,
        new_end_byte: new_end,
        start_position: point_at(old, prefix),
        old_end_position: point_at(old, old_end),
        new_end_position: point_at(new, new_end),
    }
}

fn point_at(text: &str, byte: usize) -> Point {
    let before = &text.as_bytes()[..byte];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Point {
        row,
        column: byte - line_start,
    }
}

fn collect_syntax_errors(source: &str, lines: &LineIndex, tree: &Tree) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    if !tree.root_node().has_error() {
        return errors;
    }
    let mut cursor = tree.walk();
    let mut descend = true;
    loop {
        let node = cursor.node();
        let mut skip_children = false;
        if node.is_missing() {
            let what = node.kind();
            errors.push(SyntaxError {
                span: lines.span(source, node.start_byte(), node.end_byte()),
                message: format!("syntax error: missing `{}`", what.trim()),
            });
            skip_children = true;
        } else if node.is_error() {
            errors.push(SyntaxError {
                span: lines.span(source, node.start_byte(), node.end_byte()),
                message: unexpected_message(source, node),
            });
            skip_children = true;
        } else if !node.has_error() {
            skip_children = true;
        }
        if descend && !skip_children && cursor.goto_first_child() {
            continue;
        }
        // Move to the next sibling, or up until one exists.
        loop {
            if cursor.goto_next_sibling() {
                descend = true;
                break;
            }
            if !cursor.goto_parent() {
                return errors;
            }
        }
    }
}

fn unexpected_message(source: &str, node: Node<'_>) -> String {
    let text = source.get(node.byte_range()).unwrap_or("");
    let first = text.split_whitespace().next().unwrap_or("");
    if first.is_empty() {
        return "syntax error: unexpected input".to_owned();
    }
    let shown: String = first.chars().take(24).collect();
    let ellipsis = if first.chars().count() > 24 {
        "…"
    } else {
        ""
    };
    format!("syntax error: unexpected `{shown}{ellipsis}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<(usize, usize, String)> {
        let mut a = Analyzer::new();
        a.parse(src)
            .syntax_errors
            .into_iter()
            .map(|e| (e.line(), e.column(), e.message))
            .collect()
    }

    #[test]
    fn valid_go_has_no_syntax_errors() {
        assert!(errors("package main\n\nfunc main() {\n\tprintln(1)\n}\n").is_empty());
    }

    #[test]
    fn an_error_is_reported_at_its_line() {
        let errs = errors("package main\n\nfunc main() {\n\tx := := 1\n}\n");
        assert!(!errs.is_empty());
        assert_eq!(errs[0].0, 4, "{errs:?}");
    }

    #[test]
    fn garbage_parses_without_panicking() {
        let errs = errors("\u{0}\u{1}}{{)(\"unterminated");
        assert!(!errs.is_empty());
    }

    #[test]
    fn incremental_reparse_matches_a_fresh_parse() {
        let versions = [
            "package main\nfunc main() {}\n",
            "package main\nfunc main() { x := 1 }\n",
            "package main\nfunc main() { x := 1; _ = x }\n",
            "package main\n// 泄漏\nfunc main() { x := 1; _ = x }\n",
            "package main\n",
            "",
        ];
        let mut incremental = Analyzer::new();
        for v in versions {
            let a = incremental.parse(v).tree.root_node().to_sexp();
            let b = Analyzer::new().parse(v).tree.root_node().to_sexp();
            assert_eq!(a, b, "after editing to {v:?}");
        }
    }

    #[test]
    fn edit_between_finds_the_changed_middle() {
        let e = edit_between("abcXdef", "abcYYdef");
        assert_eq!((e.start_byte, e.old_end_byte, e.new_end_byte), (3, 4, 5));
        let e = edit_between("aaa", "aaaa");
        assert_eq!((e.start_byte, e.old_end_byte, e.new_end_byte), (3, 3, 4));
    }
}
