//! Assignments, short variable declarations, multi-value expressions, return, go and defer.

use super::*;

impl Lowerer<'_> {
    /// Pushes exactly `n` values from one expression: a call, `m[k]`, `<-ch`, `x.(T)`.
    pub(super) fn multi_value(&mut self, e: Node, n: usize) -> R<()> {
        let e = strip_parens(e);
        match e.kind() {
            "call_expression" => self.call(e, n as u8),
            "index_expression" if n == 2 => {
                self.expr(e.child_by_field_name("operand").unwrap())?;
                self.expr(e.child_by_field_name("index").unwrap())?;
                self.cur_pos = self.pos(e);
                self.emit(Op::IndexOk);
                Ok(())
            }
            "unary_expression"
                if n == 2 && self.text(e.child_by_field_name("operator").unwrap()) == "<-" =>
            {
                self.expr(e.child_by_field_name("operand").unwrap())?;
                self.cur_pos = self.pos(e);
                self.emit(Op::RecvOk);
                Ok(())
            }
            "type_assertion_expression" if n == 2 => {
                self.expr(e.child_by_field_name("operand").unwrap())?;
                let ty = self.resolve_type(e.child_by_field_name("type").unwrap())?;
                self.emit(Op::TypeAssert { ty, ok: true });
                Ok(())
            }
            _ => err(
                LowerErrorKind::Compile,
                self.pos(e),
                format!("assignment mismatch: {n} variables but 1 value"),
            ),
        }
    }

    pub(super) fn short_var(&mut self, n: Node) -> R<()> {
        let lhs = self.expr_list(n.child_by_field_name("left").unwrap());
        let rhs = self.expr_list(n.child_by_field_name("right").unwrap());
        if let Some(l) = lhs.iter().find(|l| l.kind() != "identifier") {
            let text = self.text(*l).to_owned();
            return err(
                LowerErrorKind::Compile,
                self.pos(*l),
                format!("non-name {text} on left side of :="),
            );
        }
        if rhs.len() > 1 && rhs.len() != lhs.len() {
            return err(
                LowerErrorKind::Compile,
                self.pos(rhs[0]),
                assignment_mismatch(lhs.len(), rhs.len()),
            );
        }
        if rhs.len() == 1 && lhs.len() > 1 {
            self.multi_value(rhs[0], lhs.len())?;
        } else {
            self.one_value_assigned(&lhs, &rhs)?;
            for r in &rhs {
                self.expr(*r)?;
            }
        }
        self.cur_pos = self.pos(n);
        for l in lhs.iter().rev() {
            let name = self.text(*l).to_owned();
            // Redeclaration in the same scope assigns.
            let existing = self.f().scopes.last().unwrap().get(&name).copied();
            match existing {
                Some(_) if name != "_" => self.store_to(*l)?,
                _ => {
                    if name == "_" {
                        self.emit(Op::Pop);
                    } else {
                        let (slot, boxed) = self.declare_local_deferred(&name);
                        self.init_local(slot, boxed);
                    }
                }
            }
        }
        self.commit_pending();
        Ok(())
    }

    pub(super) fn assignment(&mut self, n: Node) -> R<()> {
        let lhs = self.expr_list(n.child_by_field_name("left").unwrap());
        let rhs = self.expr_list(n.child_by_field_name("right").unwrap());
        let op = self.text(n.child_by_field_name("operator").unwrap());
        if op != "=" {
            let bin = binop(&op[..op.len() - 1])
                .ok_or(())
                .or_else(|_| self.not_simulated(n, "assignment operator"))?;
            self.expr_for_update(lhs[0])?;
            self.expr(rhs[0])?;
            self.cur_pos = self.pos(n);
            self.emit(Op::Binary(bin));
            return self.store_to(lhs[0]);
        }
        if rhs.len() == 1 && lhs.len() > 1 {
            self.multi_value(rhs[0], lhs.len())?;
            for l in lhs.iter().rev() {
                self.store_to(*l)?;
            }
            return Ok(());
        }
        if lhs.len() == 1 {
            self.one_value_assigned(&lhs, &rhs)?;
            self.expr(rhs[0])?;
            self.cur_pos = self.pos(n);
            return self.store_to(lhs[0]);
        }
        // Parallel assignment: evaluate everything first.
        let mut temps = Vec::new();
        for r in &rhs {
            self.expr(*r)?;
            let t = self.new_slot();
            self.emit(Op::StoreLocal(t));
            temps.push(t);
        }
        for (l, t) in lhs.iter().zip(temps) {
            self.emit(Op::LoadLocal(t));
            self.store_to(*l)?;
        }
        Ok(())
    }

    /// Stores the value on top of the stack into the place `target`.
    pub(super) fn store_to(&mut self, target: Node) -> R<()> {
        let target = strip_parens(target);
        match target.kind() {
            "identifier" => {
                let name = self.text(target);
                if name == "_" {
                    self.emit(Op::Pop);
                    return Ok(());
                }
                match self.lookup(name) {
                    Some(Binding::Local(slot, false)) => {
                        self.emit(Op::StoreLocal(slot));
                    }
                    Some(Binding::Local(slot, true)) => {
                        self.emit(Op::StoreBoxed(slot));
                    }
                    Some(Binding::Capture(i)) => {
                        self.emit(Op::StoreCapture(i));
                    }
                    Some(Binding::Global(g)) => {
                        self.emit(Op::StoreGlobal(g));
                    }
                    _ => {
                        return err(
                            LowerErrorKind::Compile,
                            self.pos(target),
                            format!("undefined: {name}"),
                        )
                    }
                }
                Ok(())
            }
            "index_expression" => {
                // value is on top; we need container, index below it.
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                self.expr(target.child_by_field_name("operand").unwrap())?;
                let index = target.child_by_field_name("index").unwrap();
                self.refuse_negative_index(index)?;
                self.expr(index)?;
                self.emit(Op::LoadLocal(t));
                self.cur_pos = self.pos(target);
                self.emit(Op::StoreIndex);
                Ok(())
            }
            "selector_expression" => {
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                self.expr(target.child_by_field_name("operand").unwrap())?;
                self.emit(Op::LoadLocal(t));
                let name = self
                    .text(target.child_by_field_name("field").unwrap())
                    .to_owned();
                let nm = self.name(&name);
                self.cur_pos = self.pos(target);
                self.emit(Op::StoreField(nm));
                Ok(())
            }
            "unary_expression"
                if self.text(target.child_by_field_name("operator").unwrap()) == "*" =>
            {
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                self.expr(target.child_by_field_name("operand").unwrap())?;
                self.emit(Op::LoadLocal(t));
                self.cur_pos = self.pos(target);
                self.emit(Op::StoreDeref);
                Ok(())
            }
            _ => self.not_simulated(target, "assignment target"),
        }
    }

    pub(super) fn return_stmt(&mut self, n: Node) -> R<()> {
        let nres = self.f().result_types.len();
        let exprs = match n.named_child(0) {
            Some(list) => self.expr_list(list),
            None => Vec::new(),
        };
        if exprs.is_empty() {
            self.emit(Op::ReturnNamed);
            return Ok(());
        }
        if exprs.len() == 1 && nres > 1 {
            self.multi_value(exprs[0], nres)?;
        } else {
            let types = self.f().result_types.clone();
            for (i, e) in exprs.iter().enumerate() {
                self.expr(*e)?;
                if let Some(&t) = types.get(i) {
                    if self.is_numeric_named(t) {
                        self.emit(Op::Convert(t));
                    }
                }
            }
        }
        self.cur_pos = self.pos(n);
        self.emit(Op::Return(nres as u8));
        Ok(())
    }

    pub(super) fn go_defer(&mut self, n: Node) -> R<()> {
        let call = strip_parens(n.named_child(0).unwrap());
        if call.kind() != "call_expression" {
            return err(
                LowerErrorKind::Compile,
                self.pos(n),
                "expression in go/defer must be function call",
            );
        }
        let (nargs, spread) = self.callee_and_args(call)?;
        self.cur_pos = self.pos(n);
        if n.kind() == "go_statement" {
            self.emit(Op::Go { nargs, spread });
        } else {
            self.emit(Op::Defer { nargs, spread });
        }
        Ok(())
    }
}

impl Lowerer<'_> {
    /// `x := pair()` / `x = pair()` with a function of several results: Go's assignment
    /// mismatch (elsewhere the same call is a multiple-value in single-value context).
    fn one_value_assigned(&mut self, lhs: &[Node], rhs: &[Node]) -> R<()> {
        let ([_], [call]) = (lhs, rhs) else {
            return Ok(());
        };
        let call = strip_parens(*call);
        if call.kind() != "call_expression" {
            return Ok(());
        }
        match self.declared_results(call) {
            Some((name, count, _)) if count > 1 => err(
                LowerErrorKind::Compile,
                self.pos(call),
                format!("assignment mismatch: 1 variable but {name} returns {count} values"),
            ),
            _ => Ok(()),
        }
    }
}

/// Go's text for `a, b := 1, 2, 3` and friends.
pub(super) fn assignment_mismatch(vars: usize, values: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "assignment mismatch: {} but {}",
        plural(vars, "variable"),
        plural(values, "value")
    )
}
