//! Blocks, statements and local declarations.

use super::*;

impl Lowerer<'_> {
    pub(super) fn block(&mut self, n: Node) -> R<()> {
        self.push_scope();
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        for ch in children {
            if ch.kind() == "statement_list" {
                let mut c2 = ch.walk();
                let stmts: Vec<Node> = ch.named_children(&mut c2).collect();
                for s in stmts {
                    self.stmt(s)?;
                }
            } else {
                self.stmt(ch)?;
            }
        }
        self.pop_scope();
        Ok(())
    }

    pub(super) fn stmt_list_of(&mut self, n: Node) -> R<()> {
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        for ch in children {
            if ch.kind() == "statement_list" {
                let mut c2 = ch.walk();
                let stmts: Vec<Node> = ch.named_children(&mut c2).collect();
                for s in stmts {
                    self.stmt(s)?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, n: Node) -> R<()> {
        self.cur_pos = self.pos(n);
        match n.kind() {
            "comment" | "empty_statement" => Ok(()),
            "expression_statement" => {
                let e = n.named_child(0).unwrap();
                if e.kind() == "call_expression" {
                    self.call(e, 0)
                } else {
                    self.expr(e)?;
                    self.emit(Op::Pop);
                    Ok(())
                }
            }
            "send_statement" => {
                self.expr(n.child_by_field_name("channel").unwrap())?;
                self.expr(n.child_by_field_name("value").unwrap())?;
                self.cur_pos = self.pos(n);
                self.emit(Op::Send);
                Ok(())
            }
            "inc_statement" | "dec_statement" => {
                let target = n.named_child(0).unwrap();
                let delta = if n.kind() == "inc_statement" { 1 } else { -1 };
                if target.kind() == "identifier" {
                    if let Some(Binding::Local(slot, false)) = self.lookup(self.text(target)) {
                        self.emit(Op::IncLocal(slot, delta));
                        return Ok(());
                    }
                }
                self.expr_for_update(target)?;
                let k = self.konst(Value::int(1));
                self.emit(Op::Const(k));
                self.emit(Op::Binary(if delta > 0 { BinOp::Add } else { BinOp::Sub }));
                self.store_to(target)
            }
            "assignment_statement" => self.assignment(n),
            "short_var_declaration" => self.short_var(n),
            "var_declaration" | "const_declaration" => self.decl(n, false),
            "type_declaration" => {
                let mut c = n.walk();
                let specs: Vec<Node> = n.named_children(&mut c).collect();
                for spec in specs {
                    let name = self
                        .text(spec.child_by_field_name("name").unwrap())
                        .to_owned();
                    let t = self.declare_named_type(&name);
                    self.f()
                        .scopes
                        .last_mut()
                        .unwrap()
                        .insert(name, Binding::Type(t));
                    self.define_named_type(spec, t)?;
                }
                Ok(())
            }
            "return_statement" => self.return_stmt(n),
            "go_statement" | "defer_statement" => self.go_defer(n),
            "if_statement" => self.if_stmt(n),
            "for_statement" => self.for_stmt(n, None),
            "expression_switch_statement" => self.switch_stmt(n, None),
            "type_switch_statement" => self.type_switch(n, None),
            "select_statement" => self.select_stmt(n, None),
            "labeled_statement" => {
                let label = self
                    .text(n.child_by_field_name("label").unwrap())
                    .to_owned();
                let inner = n.named_child(1);
                match inner {
                    Some(s) if s.kind() == "for_statement" => self.for_stmt(s, Some(label)),
                    Some(s) if s.kind() == "expression_switch_statement" => {
                        self.switch_stmt(s, Some(label))
                    }
                    Some(s) if s.kind() == "type_switch_statement" => {
                        self.type_switch(s, Some(label))
                    }
                    Some(s) if s.kind() == "select_statement" => self.select_stmt(s, Some(label)),
                    Some(s) => self.stmt(s),
                    None => Ok(()),
                }
            }
            "break_statement" | "continue_statement" => {
                let label = n.named_child(0).map(|l| self.text(l).to_owned());
                let is_break = n.kind() == "break_statement";
                let at = self.emit(Op::Jump(0));
                let f = self.f();
                let target = f.loops.iter_mut().rev().find(|l| match &label {
                    Some(lb) => l.label.as_deref() == Some(lb.as_str()),
                    None => is_break || !l.is_switch,
                });
                match target {
                    Some(l) if is_break => l.breaks.push(at),
                    Some(l) => l.continues.push(at),
                    None => {
                        return err(
                            LowerErrorKind::Compile,
                            self.pos(n),
                            format!(
                                "{} is not in a loop",
                                if is_break { "break" } else { "continue" }
                            ),
                        )
                    }
                }
                Ok(())
            }
            "block" => self.block(n),
            "fallthrough_statement" => Ok(()),
            "goto_statement" => self.not_simulated(n, "goto"),
            _ => self.not_simulated(n, &format!("statement `{}`", n.kind())),
        }
    }

    pub(super) fn decl(&mut self, n: Node, global: bool) -> R<()> {
        let mut c = n.walk();
        let mut specs = Vec::new();
        for spec in n.named_children(&mut c) {
            if spec.kind() == "var_spec_list" {
                let mut c2 = spec.walk();
                specs.extend(
                    spec.named_children(&mut c2)
                        .filter(|x| x.kind() == "var_spec"),
                );
            } else if matches!(spec.kind(), "var_spec" | "const_spec") {
                specs.push(spec);
            }
        }
        let is_const = n.kind() == "const_declaration";
        let mut last_values: Option<Node> = None;
        let mut last_type: Option<Node> = None;
        for (iota, spec) in specs.into_iter().enumerate() {
            self.cur_pos = self.pos(spec);
            let mut c2 = spec.walk();
            let names: Vec<String> = spec
                .children_by_field_name("name", &mut c2)
                .filter(|x| x.kind() == "identifier")
                .map(|x| self.text(x).to_owned())
                .collect();
            let mut ty_node = spec.child_by_field_name("type");
            let mut values = spec.child_by_field_name("value");
            if is_const {
                if values.is_none() {
                    values = last_values;
                    ty_node = last_type;
                } else {
                    last_values = values;
                    last_type = ty_node;
                }
                self.iota = Some(iota as i64);
            }
            let ty = match ty_node {
                Some(t) => Some(self.resolve_type(t)?),
                None => None,
            };
            match values {
                Some(vs) => {
                    let exprs = self.expr_list(vs);
                    if exprs.len() == 1 && names.len() > 1 {
                        self.multi_value(exprs[0], names.len())?;
                    } else {
                        for e in &exprs {
                            self.expr(*e)?;
                            if let Some(t) = ty {
                                self.emit(Op::Convert(t));
                            }
                        }
                    }
                }
                None => {
                    // `var zero T` in generic code: the simulator erases T, so it cannot
                    // know whether the zero is 0, "" or nil; the run stops if it gets here.
                    if ty == Some(bt::TYPE_PARAM) {
                        self.stop_when_run(n, "the zero value of a type parameter");
                    }
                    for _ in &names {
                        self.emit(Op::Zero(ty.unwrap_or(bt::ANY)));
                    }
                }
            }
            self.iota = None;
            for name in names.iter().rev() {
                if global {
                    match self.globals_scope.get(name.as_str()) {
                        Some(Binding::Global(g)) => {
                            let g = *g;
                            self.emit(Op::StoreGlobal(g));
                        }
                        _ => {
                            self.emit(Op::Pop);
                        }
                    }
                } else {
                    let (slot, boxed) = self.declare_local_deferred(name);
                    self.init_local(slot, boxed);
                }
            }
            if !global {
                self.commit_pending();
            }
        }
        Ok(())
    }

    /// Declares a local whose name becomes visible only after `commit_pending` (so that
    /// `x := x + 1` in an inner scope reads the outer x).
    pub(super) fn declare_local_deferred(&mut self, name: &str) -> (u16, bool) {
        let slot = self.new_slot();
        let boxed = name != "_" && self.f().boxed_names.contains(name);
        if name != "_" {
            self.pending
                .push((name.to_owned(), Binding::Local(slot, boxed)));
        }
        (slot, boxed)
    }

    pub(super) fn commit_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for (name, b) in pending {
            self.f().scopes.last_mut().unwrap().insert(name, b);
        }
    }

    pub(super) fn init_local(&mut self, slot: u16, boxed: bool) {
        if boxed {
            self.emit(Op::NewBox(slot));
        } else {
            self.emit(Op::StoreLocal(slot));
        }
    }

    pub(super) fn expr_list<'t>(&self, n: Node<'t>) -> Vec<Node<'t>> {
        if n.kind() == "expression_list" {
            let mut c = n.walk();
            n.named_children(&mut c)
                .filter(|x| x.kind() != "comment")
                .collect()
        } else {
            vec![n]
        }
    }
}
