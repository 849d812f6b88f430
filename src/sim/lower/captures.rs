//! The pre-pass that picks which locals live in cells (captured, address taken, method receivers).

use super::*;

/// Identifiers that must live in cells: used inside a closure, address taken, or a
/// method-call receiver.
pub(super) fn boxed_names(src: &str, body: Node) -> HashSet<String> {
    let mut out = HashSet::new();
    fn walk(src: &str, n: Node, in_closure: bool, out: &mut HashSet<String>) {
        let text = |x: Node| src.get(x.byte_range()).unwrap_or("").to_owned();
        match n.kind() {
            "identifier" if in_closure => {
                out.insert(text(n));
            }
            "unary_expression" => {
                if let (Some(op), Some(operand)) = (
                    n.child_by_field_name("operator"),
                    n.child_by_field_name("operand"),
                ) {
                    if text(op) == "&" {
                        let mut base = operand;
                        while matches!(
                            base.kind(),
                            "selector_expression" | "index_expression" | "parenthesized_expression"
                        ) {
                            base = match base.kind() {
                                "selector_expression" | "index_expression" => {
                                    base.child_by_field_name("operand").unwrap()
                                }
                                _ => base.named_child(0).unwrap(),
                            };
                        }
                        if base.kind() == "identifier" {
                            out.insert(text(base));
                        }
                    }
                }
            }
            "call_expression" => {
                if let Some(f) = n.child_by_field_name("function") {
                    if f.kind() == "selector_expression" {
                        if let Some(o) = f.child_by_field_name("operand") {
                            if o.kind() == "identifier" {
                                out.insert(text(o));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        let inner = in_closure || n.kind() == "func_literal";
        let mut c = n.walk();
        for ch in n.children(&mut c) {
            walk(src, ch, inner, out);
        }
    }
    walk(src, body, false, &mut out);
    out
}
