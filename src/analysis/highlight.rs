//! Syntax highlighting from the tree-sitter tree (not regexes): each leaf token gets a class.

use super::syntax::ParsedFile;
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

pub fn tokens(file: &ParsedFile<'_>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cursor = file.tree.walk();
    'walk: loop {
        let node = cursor.node();
        let whole = classify_whole(node);
        if let Some(class) = whole {
            push(&mut out, node, class);
        } else if node.child_count() == 0 {
            if let Some(class) = classify_leaf(file, node) {
                push(&mut out, node, class);
            }
        }
        if whole.is_none() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
}

fn push(out: &mut Vec<Token>, node: Node<'_>, class: TokenClass) {
    let (start_byte, end_byte) = (node.start_byte(), node.end_byte());
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

fn classify_leaf(file: &ParsedFile<'_>, node: Node<'_>) -> Option<TokenClass> {
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
        "field_identifier" if is_called(node) => Some(TokenClass::Function),
        "identifier" => {
            let parent = node.parent()?;
            if parent.kind() == "function_declaration" || is_called(node) {
                let name = file.text(node);
                if BUILTINS.contains(&name)
                    || parent.kind() == "function_declaration"
                    || is_called(node)
                {
                    return Some(TokenClass::Function);
                }
            }
            None
        }
        _ => None,
    }
}

/// True for the name in `f(...)` and `x.f(...)`.
fn is_called(node: Node<'_>) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let callee = match parent.kind() {
        "selector_expression" if parent.child_by_field_name("field") == Some(node) => parent,
        "call_expression" => node,
        _ => return false,
    };
    callee.parent().is_some_and(|call| {
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
