//! Goroutines that capture a loop variable, under Go <= 1.21 semantics.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts;
use crate::analysis::cst::MAX_DEPTH;
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};
use tree_sitter::Node;

pub struct LoopVariableCaptured;

static META: RuleMeta = RuleMeta {
    id: "loop-variable-captured",
    severity: Severity::Warning,
    summary: "before Go 1.22 a goroutine started in a loop shares the loop variable with every iteration; pass it as an argument or copy it with `v := v`",
};

impl Rule for LoopVariableCaptured {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, options: &Options, out: &mut Vec<Diagnostic>) {
        if options.go_version.per_iteration_loop_vars() {
            return;
        }
        let mut loops = Vec::new();
        collect(file.tree.root_node(), "for_statement", &mut loops, 0);
        for l in loops {
            let vars = loop_vars(file, l);
            if vars.is_empty() {
                continue;
            }
            let Some(body) = l.child_by_field_name("body") else {
                continue;
            };
            let mut starts = Vec::new();
            goroutine_literals(body, file, &mut starts, 0);
            for (start, lit) in starts {
                for var in &vars {
                    if copied_before(file, body, var, start.start_byte())
                        || declares(file, lit, var)
                    {
                        continue;
                    }
                    let Some(lit_body) = lit.child_by_field_name("body") else {
                        continue;
                    };
                    let Some(use_site) = first_use(file, lit_body, var, 0) else {
                        continue;
                    };
                    let version = options.go_version;
                    let message = format!(
                        "this goroutine reads loop variable `{var}`, which all iterations share under Go {version} semantics (before 1.22); pass `{var}` as an argument or add `{var} := {var}` before the `go` statement"
                    );
                    let mut d = META.diagnostic(file.span(use_site), message);
                    let line_start = file.source[..start.start_byte()]
                        .rfind('\n')
                        .map_or(0, |i| i + 1);
                    let indent: String = file.source[line_start..start.start_byte()]
                        .chars()
                        .take_while(|c| c.is_whitespace())
                        .collect();
                    d.fix = Some(Fix {
                        title: format!("copy `{var}` for this iteration"),
                        edits: vec![TextEdit {
                            start_byte: start.start_byte(),
                            end_byte: start.start_byte(),
                            replacement: format!("{var} := {var}\n{indent}"),
                        }],
                    });
                    chan_facts::push_once(out, d);
                }
            }
        }
    }
}

fn collect<'t>(n: Node<'t>, kind: &str, out: &mut Vec<Node<'t>>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if n.kind() == kind {
        out.push(n);
    }
    let mut c = n.walk();
    for k in n.named_children(&mut c) {
        collect(k, kind, out, depth + 1);
    }
}

/// Variables the loop header declares with `:=`.
fn loop_vars<'s>(file: &ParsedFile<'s>, l: Node<'_>) -> Vec<&'s str> {
    let mut c = l.walk();
    let Some(header) = l
        .named_children(&mut c)
        .find(|k| matches!(k.kind(), "for_clause" | "range_clause"))
    else {
        return Vec::new();
    };
    let left = match header.kind() {
        "for_clause" => header
            .child_by_field_name("initializer")
            .filter(|i| i.kind() == "short_var_declaration")
            .and_then(|i| i.child_by_field_name("left")),
        _ => {
            let mut c2 = header.walk();
            let defines = header.children(&mut c2).any(|t| t.kind() == ":=");
            header.child_by_field_name("left").filter(|_| defines)
        }
    };
    let Some(left) = left else { return Vec::new() };
    let mut c3 = left.walk();
    left.named_children(&mut c3)
        .filter(|n| n.kind() == "identifier")
        .map(|n| file.source.get(n.byte_range()).unwrap_or("_"))
        .filter(|name| *name != "_")
        .collect()
}

/// `go func(){...}()` and `g.Go(func() error {...})` literals in a loop body, not inside
/// other function literals.
fn goroutine_literals<'t>(
    n: Node<'t>,
    file: &ParsedFile<'_>,
    out: &mut Vec<(Node<'t>, Node<'t>)>,
    depth: usize,
) {
    if depth > MAX_DEPTH || n.kind() == "func_literal" {
        return;
    }
    if n.kind() == "go_statement" {
        let lit = n
            .named_child(0)
            .and_then(|call| call.child_by_field_name("function"))
            .filter(|f| f.kind() == "func_literal");
        if let Some(lit) = lit {
            out.push((n, lit));
            return;
        }
    }
    if n.kind() == "call_expression" {
        let is_go_method = n
            .child_by_field_name("function")
            .filter(|f| f.kind() == "selector_expression")
            .and_then(|f| f.child_by_field_name("field"))
            .is_some_and(|f| file.text(f) == "Go");
        if is_go_method {
            if let Some(args) = n.child_by_field_name("arguments") {
                let mut c = args.walk();
                for a in args.named_children(&mut c) {
                    if a.kind() == "func_literal" {
                        out.push((n, a));
                    }
                }
            }
        }
    }
    let mut c = n.walk();
    for k in n.named_children(&mut c) {
        goroutine_literals(k, file, out, depth + 1);
    }
}

/// `v := v` (or any redeclaration of `v`) in the loop body before `before`.
fn copied_before(file: &ParsedFile<'_>, body: Node<'_>, var: &str, before: usize) -> bool {
    let mut decls = Vec::new();
    collect(body, "short_var_declaration", &mut decls, 0);
    decls.iter().any(|d| {
        d.start_byte() < before
            && d.child_by_field_name("left").is_some_and(|left| {
                let mut c = left.walk();
                let found = left.named_children(&mut c).any(|n| file.text(n) == var);
                found
            })
    })
}

/// Whether the literal declares `var` itself (a parameter or a local of that name).
fn declares(file: &ParsedFile<'_>, lit: Node<'_>, var: &str) -> bool {
    let mut names = Vec::new();
    if let Some(params) = lit.child_by_field_name("parameters") {
        collect(params, "identifier", &mut names, 0);
    }
    if let Some(body) = lit.child_by_field_name("body") {
        let mut decls = Vec::new();
        collect(body, "short_var_declaration", &mut decls, 0);
        collect(body, "var_spec", &mut decls, 0);
        for d in decls {
            if let Some(left) = d.child_by_field_name("left") {
                collect(left, "identifier", &mut names, 0);
            } else {
                let mut c = d.walk();
                names.extend(d.children_by_field_name("name", &mut c));
            }
        }
    }
    names.iter().any(|n| file.text(*n) == var)
}

fn first_use<'t>(file: &ParsedFile<'_>, n: Node<'t>, var: &str, depth: usize) -> Option<Node<'t>> {
    if depth > MAX_DEPTH {
        return None;
    }
    if n.kind() == "identifier" && file.text(n) == var {
        return Some(n);
    }
    let mut c = n.walk();
    let kids: Vec<Node<'t>> = n.named_children(&mut c).collect();
    kids.into_iter()
        .find_map(|k| first_use(file, k, var, depth + 1))
}
