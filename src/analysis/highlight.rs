//! Syntax highlighting from the tree-sitter tree (not regexes): each leaf token gets a class.

use super::incremental;
use super::syntax::ParsedFile;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenClass {
    Keyword,
    String,
    Number,
    Comment,
    Function,
    Type,
    Constant,
    Operator,
}

impl TokenClass {
    pub fn css(self) -> &'static str {
        match self {
            TokenClass::Keyword => "kw",
            TokenClass::String => "str",
            TokenClass::Number => "num",
            TokenClass::Comment => "com",
            TokenClass::Function => "fn",
            TokenClass::Type => "ty",
            TokenClass::Constant => "con",
            TokenClass::Operator => "op",
        }
    }
}

/// A highlighted byte range; ranges are sorted and never overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start_byte: usize,
    pub end_byte: usize,
    pub class: TokenClass,
}

const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

const BUILTINS: &[&str] = &[
    "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max",
    "min", "new", "panic", "print", "println", "real", "recover",
];

thread_local! {
    /// The last source highlighted on this thread, with each top-level node's tokens: while
    /// typing, only the declaration being edited is walked again.
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

struct Cached {
    source: String,
    tokens: Vec<Token>,
    /// Per top-level node: its kind, byte range and its tokens' range in `tokens`.
    pieces: Vec<(u16, (usize, usize), Range<usize>)>,
}

/// The highlighting tokens of the file, sorted and disjoint.
pub fn tokens(file: &ParsedFile<'_>) -> Vec<Token> {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(hit) = cache.as_ref().filter(|c| c.source == file.source) {
            return hit.tokens.clone();
        }
        let previous = cache.take();
        let reusable = previous.as_ref().map_or_else(HashMap::new, |old| {
            incremental::reusable(&old.source, file.source, &old.pieces, |p| p.1)
        });
        let mut out = Vec::new();
        let mut pieces = Vec::new();
        let root = file.tree.root_node();
        let mut cursor = root.walk();
        for top in root.children(&mut cursor) {
            let range = (top.start_byte(), top.end_byte());
            let first = out.len();
            let old = previous.as_ref().and_then(|prev| {
                let ((kind, _, tokens), shift) = reusable.get(&range)?;
                let same = *kind == top.kind_id() && !top.has_error();
                same.then(|| (&prev.tokens[tokens.clone()], shift))
            });
            match old {
                Some((old, shift)) => {
                    for t in old {
                        let (start_byte, end_byte) = shift.range((t.start_byte, t.end_byte));
                        push_token(&mut out, start_byte, end_byte, t.class);
                    }
                }
                _ => walk(file, top, root, &mut out),
            }
            pieces.push((top.kind_id(), range, first..out.len()));
        }
        *cache = Some(Cached {
            source: file.source.to_owned(),
            tokens: out.clone(),
            pieces,
        });
        out
    })
}

/// Appends the tokens of `top`, a child of `root`.
fn walk<'t>(file: &ParsedFile<'_>, top: Node<'t>, root: Node<'t>, out: &mut Vec<Token>) {
    let mut cursor = top.walk();
    // The nodes above the cursor: `Node::parent` searches down from the root each time,
    // which made highlighting a long file quadratic.
    let mut ancestors: Vec<Node<'t>> = vec![root];
    'walk: loop {
        let node = cursor.node();
        let whole = classify_whole(node);
        if let Some(class) = whole {
            push(out, node, class);
        } else if node.child_count() == 0 {
            if let Some(class) = classify_leaf(file, node, &ancestors) {
                push(out, node, class);
            }
        }
        if whole.is_none() && cursor.goto_first_child() {
            ancestors.push(node);
            continue;
        }
        loop {
            if ancestors.len() > 1 && cursor.goto_next_sibling() {
                continue 'walk;
            }
            if ancestors.len() == 1 || !cursor.goto_parent() {
                break 'walk;
            }
            ancestors.pop();
        }
    }
}

fn push(out: &mut Vec<Token>, node: Node<'_>, class: TokenClass) {
    push_token(out, node.start_byte(), node.end_byte(), class);
}

fn push_token(out: &mut Vec<Token>, start_byte: usize, end_byte: usize, class: TokenClass) {
    if start_byte < end_byte && out.last().is_none_or(|t| t.end_byte <= start_byte) {
        out.push(Token {
            start_byte,
            end_byte,
            class,
        });
    }
}

/// Nodes highlighted as one piece, without looking inside.
fn classify_whole(node: Node<'_>) -> Option<TokenClass> {
    match node.kind() {
        "comment" => Some(TokenClass::Comment),
        "interpreted_string_literal" | "raw_string_literal" | "rune_literal" => {
            Some(TokenClass::String)
        }
        _ => None,
    }
}

/// `ancestors` ends with the leaf's parent.
fn classify_leaf(
    file: &ParsedFile<'_>,
    node: Node<'_>,
    ancestors: &[Node<'_>],
) -> Option<TokenClass> {
    let kind = node.kind();
    if !node.is_named() {
        if KEYWORDS.contains(&kind) {
            return Some(TokenClass::Keyword);
        }
        if kind == "<-" || kind == ":=" {
            return Some(TokenClass::Operator);
        }
        return None;
    }
    match kind {
        "int_literal" | "float_literal" | "imaginary_literal" => Some(TokenClass::Number),
        "true" | "false" | "nil" | "iota" => Some(TokenClass::Constant),
        "type_identifier" => Some(TokenClass::Type),
        "field_identifier" if is_called(node, ancestors) => Some(TokenClass::Function),
        "identifier" => {
            let parent = ancestors.last()?;
            if parent.kind() == "function_declaration" || is_called(node, ancestors) {
                let name = file.text(node);
                if BUILTINS.contains(&name)
                    || parent.kind() == "function_declaration"
                    || is_called(node, ancestors)
                {
                    return Some(TokenClass::Function);
                }
            }
            None
        }
        _ => None,
    }
}

/// True for the name in `f(...)` and `x.f(...)`; `ancestors` ends with `node`'s parent.
fn is_called(node: Node<'_>, ancestors: &[Node<'_>]) -> bool {
    let mut up = ancestors.iter().rev();
    let Some(&parent) = up.next() else {
        return false;
    };
    let (callee, call) = match parent.kind() {
        "selector_expression" if parent.child_by_field_name("field") == Some(node) => {
            (parent, up.next().copied())
        }
        "call_expression" => (node, Some(parent)),
        _ => return false,
    };
    call.is_some_and(|call| {
        call.kind() == "call_expression" && call.child_by_field_name("function") == Some(callee)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn classes(src: &str) -> Vec<(String, TokenClass)> {
        let mut a = Analyzer::new();
        let file = a.parse(src);
        tokens(&file)
            .iter()
            .map(|t| (src[t.start_byte..t.end_byte].to_owned(), t.class))
            .collect()
    }

    #[test]
    fn highlights_keywords_strings_comments_calls_and_types() {
        let got = classes("package main\n// hi\nfunc main() {\n\tch := make(chan int, 1)\n\tch <- 42\n\tfmt.Println(\"x\", nil)\n}\n");
        let has = |text: &str, class| got.iter().any(|(t, c)| t == text && *c == class);
        assert!(has("package", TokenClass::Keyword));
        assert!(has("// hi", TokenClass::Comment));
        assert!(has("main", TokenClass::Function));
        assert!(has("make", TokenClass::Function));
        assert!(has("chan", TokenClass::Keyword));
        assert!(has("42", TokenClass::Number));
        assert!(has("Println", TokenClass::Function));
        assert!(has("\"x\"", TokenClass::String));
        assert!(has("nil", TokenClass::Constant));
        assert!(has("<-", TokenClass::Operator));
    }

    #[test]
    fn tokens_are_sorted_and_disjoint_even_for_broken_code() {
        let mut a = Analyzer::new();
        let src = "package main\nfunc f( { \"unterminated\n var x chan\n";
        let file = a.parse(src);
        let toks = tokens(&file);
        for pair in toks.windows(2) {
            assert!(pair[0].end_byte <= pair[1].start_byte, "{pair:?}");
        }
    }
}
