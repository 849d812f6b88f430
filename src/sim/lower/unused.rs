//! Two compile errors Go gives and a learner's edit often causes: a local variable that is
//! declared and never used, and an import that is never used. Found on the syntax tree
//! before lowering, with Go's texts and positions.
//!
//! Conservative by design: wherever this pass is unsure (a composite literal's key, a
//! shadowing constant or type), it counts a use, so it can miss one of Go's errors but
//! never refuses a program Go accepts.

use crate::analysis::source::LineIndex;
use std::collections::HashMap;
use tree_sitter::Node;

/// One unused name: where Go reports it and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unused {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// Every unused local and import of the file, in source order.
pub fn find(root: Node, src: &str) -> Vec<Unused> {
    let lines = LineIndex::new(src);
    let mut walk = Walk {
        src,
        scopes: Vec::new(),
        decls: Vec::new(),
    };
    walk.visit(root);
    let mut found: Vec<(usize, String)> = walk
        .decls
        .into_iter()
        .filter(|d| !d.used)
        .filter_map(|d| Some((d.byte, d.report?)))
        .collect();
    found.extend(unused_imports(root, src));
    found.sort_by_key(|f| f.0);
    found
        .into_iter()
        .map(|(byte, message)| {
            let p = lines.position(src, byte);
            Unused {
                line: p.line as u32,
                col: p.column as u32,
                message,
            }
        })
        .collect()
}

/// How Go words a declared name that goes unused, if it reports it at all.
#[derive(Clone, Copy)]
enum Report {
    /// Parameters, results and constants: never reported, but they shadow outer names.
    Never,
    Variable,
    /// `switch t := x.(type)`.
    SwitchAlias,
}

struct Decl {
    byte: usize,
    /// The message if it goes unused; `None` for names that are never reported
    /// (parameters, results, constants), which still shadow outer ones.
    report: Option<String>,
    used: bool,
}

struct Walk<'s> {
    src: &'s str,
    scopes: Vec<HashMap<&'s str, usize>>,
    decls: Vec<Decl>,
}

impl<'s> Walk<'s> {
    fn text(&self, n: Node) -> &'s str {
        n.utf8_text(self.src.as_bytes()).unwrap_or("")
    }

    fn declare(&mut self, name: Node, report: Report) {
        let text = self.text(name);
        if text == "_" || self.scopes.is_empty() {
            return;
        }
        let report = match report {
            Report::Never => None,
            Report::Variable => Some(format!("declared and not used: {text}")),
            Report::SwitchAlias => Some(format!("{text} declared and not used")),
        };
        self.decls.push(Decl {
            byte: name.start_byte(),
            report,
            used: false,
        });
        let id = self.decls.len() - 1;
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(text, id);
        }
    }

    fn use_name(&mut self, name: Node) {
        let text = self.text(name);
        if let Some(&id) = self.scopes.iter().rev().find_map(|s| s.get(text)) {
            self.decls[id].used = true;
        }
    }

    fn in_scope(&mut self, f: impl FnOnce(&mut Self)) {
        self.scopes.push(HashMap::new());
        f(self);
        self.scopes.pop();
    }

    fn children(&mut self, n: Node) {
        let mut c = n.walk();
        let kids: Vec<Node> = n.named_children(&mut c).collect();
        for k in kids {
            self.visit(k);
        }
    }

    fn field(&mut self, n: Node, name: &str) {
        if let Some(f) = n.child_by_field_name(name) {
            self.visit(f);
        }
    }

    /// Identifiers directly in an expression list (the names a `:=` or `var` declares).
    fn names(n: Node) -> Vec<Node> {
        let mut c = n.walk();
        n.named_children(&mut c)
            .filter(|k| k.kind() == "identifier")
            .collect()
    }

    fn visit(&mut self, n: Node) {
        match n.kind() {
            "identifier" => self.use_name(n),
            "import_declaration" | "package_clause" | "comment" => {}
            "function_declaration" | "method_declaration" | "func_literal" => self.in_scope(|w| {
                for field in ["receiver", "parameters", "result"] {
                    if let Some(p) = n.child_by_field_name(field) {
                        w.parameters(p);
                    }
                }
                w.field(n, "body");
            }),
            "block"
            | "expression_case"
            | "default_case"
            | "type_case"
            | "communication_case"
            | "if_statement"
            | "for_statement"
            | "expression_switch_statement"
            | "select_statement" => self.in_scope(|w| w.children(n)),
            "type_switch_statement" => self.type_switch(n),
            "short_var_declaration" => self.short_var(n),
            "var_spec" | "const_spec" => {
                self.field(n, "value");
                self.field(n, "type");
                let report = match n.kind() {
                    "var_spec" => Report::Variable,
                    _ => Report::Never,
                };
                self.declare_field(n, "name", report);
            }
            // `for k, v := range xs` and `case v, ok := <-ch`, or the same with `=`.
            "range_clause" | "receive_statement" => {
                self.field(n, "right");
                if let Some(left) = n.child_by_field_name("left") {
                    if self.defines(n) {
                        for name in Self::names(left) {
                            self.declare(name, Report::Variable);
                        }
                    } else {
                        self.assigned(left);
                    }
                }
            }
            "assignment_statement" => {
                self.field(n, "right");
                let plain = n
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.text(o) == "=");
                if let Some(left) = n.child_by_field_name("left") {
                    if plain {
                        self.assigned(left);
                    } else {
                        self.visit(left);
                    }
                }
            }
            _ => self.children(n),
        }
    }

    /// Declares every `field` child of `n` (a spec's or parameter declaration's names).
    fn declare_field(&mut self, n: Node, field: &str, report: Report) {
        let mut c = n.walk();
        let names: Vec<Node> = n.children_by_field_name(field, &mut c).collect();
        for name in names {
            self.declare(name, report);
        }
    }

    /// Whether a range clause or receive declares its names (`:=`).
    fn defines(&self, n: Node) -> bool {
        let mut c = n.walk();
        let defines = n.children(&mut c).any(|k| k.kind() == ":=");
        defines
    }

    /// The left of a plain `=`: a bare name is written, not used; `a[i]`, `p.f`, `*p` use
    /// what they name.
    fn assigned(&mut self, left: Node) {
        let mut c = left.walk();
        let targets: Vec<Node> = left.named_children(&mut c).collect();
        for t in targets {
            if t.kind() != "identifier" {
                self.visit(t);
            }
        }
    }

    fn short_var(&mut self, n: Node) {
        self.field(n, "right");
        let Some(left) = n.child_by_field_name("left") else {
            return;
        };
        for name in Self::names(left) {
            let text = self.text(name);
            // A name already declared in this scope is assigned, not declared again.
            if !self.scopes.last().is_some_and(|s| s.contains_key(text)) {
                self.declare(name, Report::Variable);
            }
        }
    }

    fn parameters(&mut self, list: Node) {
        let mut c = list.walk();
        let decls: Vec<Node> = list.named_children(&mut c).collect();
        for d in decls {
            self.field(d, "type");
            self.declare_field(d, "name", Report::Never);
        }
    }

    /// `switch t := x.(type)`: `t` is used if any clause uses it (Go's own wording).
    fn type_switch(&mut self, n: Node) {
        self.in_scope(|w| {
            w.field(n, "initializer");
            w.field(n, "value");
            if let Some(alias) = n.child_by_field_name("alias") {
                for name in Self::names(alias) {
                    w.declare(name, Report::SwitchAlias);
                }
            }
            let mut c = n.walk();
            let clauses: Vec<Node> = n
                .named_children(&mut c)
                .filter(|k| k.kind() == "type_case" || k.kind() == "default_case")
                .collect();
            for clause in clauses {
                w.visit(clause);
            }
        })
    }
}

/// Imports whose name no identifier of the file mentions (`_` and `.` imports aside).
fn unused_imports(root: Node, src: &str) -> Vec<(usize, String)> {
    let text = |n: Node| n.utf8_text(src.as_bytes()).unwrap_or("");
    let mut specs = Vec::new();
    let mut mentioned = std::collections::HashSet::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "import_spec" => specs.push(n),
            "identifier" | "package_identifier" => {
                mentioned.insert(text(n));
            }
            _ => {}
        }
        if n.kind() != "import_spec" {
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }
    let mut unused = Vec::new();
    for spec in specs {
        let Some(path) = spec.child_by_field_name("path") else {
            continue;
        };
        let path = text(path).trim_matches(|c| c == '"' || c == '`');
        let package = super::decls::package_name(path);
        let alias = spec.child_by_field_name("name").map(text);
        let name = alias.unwrap_or(package);
        if name == "_" || name == "." || mentioned.contains(name) {
            continue;
        }
        let message = match alias {
            Some(a) if a != package => format!("\"{path}\" imported as {a} and not used"),
            _ => format!("\"{path}\" imported and not used"),
        };
        unused.push((spec.start_byte(), message));
    }
    unused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn unused(src: &str) -> Vec<String> {
        let mut a = Analyzer::new();
        let parsed = a.parse(src);
        find(parsed.tree.root_node(), src)
            .into_iter()
            .map(|u| format!("{}:{}: {}", u.line, u.col, u.message))
            .collect()
    }

    #[test]
    fn finds_what_go_refuses_and_nothing_it_accepts() {
        // Go 1.27.3 (go build -gcflags=-e) on this file reports exactly the expected list.
        let src = include_str!("testdata/unused.go");
        let expected: Vec<String> = src
            .lines()
            .filter_map(|l| l.strip_prefix("// want "))
            .map(str::to_owned)
            .collect();
        assert_eq!(unused(src), expected);
    }

    #[test]
    fn every_lesson_and_fidelity_program_passes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for dir in ["tests/testdata", "lessons", "benches/data"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "go") {
                        let src = std::fs::read_to_string(&p).unwrap_or_default();
                        assert_eq!(unused(&src), Vec::<String>::new(), "{}", p.display());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 140, "{checked} files");
    }
}
