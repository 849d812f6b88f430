//! Helpers over tree-sitter's concrete syntax tree, shared by every walker of Go code
//! (the fact builders and the rules), so each reads fields and children the same way.

use std::collections::HashMap;
use std::num::NonZeroU16;
use std::sync::OnceLock;
use tree_sitter::Node;

/// Expression and declaration walks stop deeper than this (pathological input must not
/// overflow the stack; the rules stay quiet there).
pub const MAX_DEPTH: usize = 300;

/// Statement models stop sooner: each level recurses through more frames (statement,
/// block, path walk), and wasm's stack is small.
pub const MAX_STATEMENT_DEPTH: usize = 120;

/// `child_by_field_name` with the field id looked up once: tree-sitter would otherwise
/// compare the name against every field name of the grammar on each call, which
/// dominated the walks.
pub trait FieldExt<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> FieldExt<'t> for Node<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>> {
        static IDS: OnceLock<HashMap<String, NonZeroU16>> = OnceLock::new();
        let ids = IDS.get_or_init(|| {
            let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
            let mut ids = HashMap::new();
            for id in 1..=language.field_count() as u16 {
                if let (Some(name), Some(nz)) =
                    (language.field_name_for_id(id), NonZeroU16::new(id))
                {
                    ids.insert(name.to_owned(), nz);
                }
            }
            ids
        });
        self.child_by_field_id(ids.get(name)?.get())
    }
}

/// The named children of `node`, collected.
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    #[test]
    fn fields_are_found_by_name_as_tree_sitter_finds_them() {
        let src = "package p\nfunc f(a int) { if a > 1 { return } }\n";
        let mut analyzer = Analyzer::new();
        let file = analyzer.parse(src);
        let func = file.tree.root_node().named_child(1).unwrap();
        for name in ["name", "parameters", "body", "result", "no_such_field"] {
            assert_eq!(
                func.field(name).map(|n| n.byte_range()),
                func.child_by_field_name(name).map(|n| n.byte_range()),
                "{name}"
            );
        }
        let body = func.field("body").unwrap();
        assert_eq!(named_children(body).len(), body.named_child_count());
    }
}
