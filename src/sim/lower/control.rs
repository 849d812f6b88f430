//! Control flow: if, for, range, switch, type switch, select, and loop break/continue targets.

use super::*;

pub(super) fn last_stmt_is_fallthrough(case: Node) -> bool {
    last_stmt_kind(case).as_deref() == Some("fallthrough_statement")
}

pub(super) fn last_stmt_kind(case: Node) -> Option<String> {
    let mut c = case.walk();
    let list = case
        .named_children(&mut c)
        .find(|x| x.kind() == "statement_list")?;
    let mut c2 = list.walk();
    let last = list
        .named_children(&mut c2)
        .filter(|x| x.kind() != "comment")
        .last()?;
    Some(last.kind().to_owned())
}

impl<'s> Lowerer<'s> {
    pub(super) fn if_stmt(&mut self, n: Node) -> R<()> {
        self.push_scope();
        if let Some(init) = n.child_by_field_name("initializer") {
            self.stmt(init)?;
        }
        self.cur_pos = self.pos(n);
        self.expr(n.child_by_field_name("condition").unwrap())?;
        let jf = self.emit(Op::JumpIfFalse(0));
        self.block(n.child_by_field_name("consequence").unwrap())?;
        if let Some(alt) = n.child_by_field_name("alternative") {
            let jend = self.emit(Op::Jump(0));
            let here = self.here();
            self.patch(jf, here);
            if alt.kind() == "if_statement" {
                self.if_stmt(alt)?;
            } else {
                self.block(alt)?;
            }
            let here = self.here();
            self.patch(jend, here);
        } else {
            let here = self.here();
            self.patch(jf, here);
        }
        self.pop_scope();
        Ok(())
    }

    pub(super) fn begin_loop(&mut self, label: Option<String>, is_switch: bool) {
        self.f().loops.push(LoopCtx {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_switch,
        });
    }

    pub(super) fn end_loop(&mut self, continue_target: usize, break_target: usize) {
        let l = self.f().loops.pop().unwrap();
        for b in l.breaks {
            self.patch(b, break_target);
        }
        for c in l.continues {
            self.patch(c, continue_target);
        }
    }

    pub(super) fn for_stmt(&mut self, n: Node, label: Option<String>) -> R<()> {
        self.push_scope();
        let body = n.child_by_field_name("body").unwrap();
        let mut c = n.walk();
        let header = n
            .named_children(&mut c)
            .find(|x| x.id() != body.id() && x.kind() != "comment");
        match header {
            Some(h) if h.kind() == "range_clause" => self.range_loop(h, body, label)?,
            Some(h) if h.kind() == "for_clause" => {
                let mut loop_vars = Vec::new();
                if let Some(init) = h.child_by_field_name("initializer") {
                    self.stmt(init)?;
                    if init.kind() == "short_var_declaration" {
                        for l in self.expr_list(init.child_by_field_name("left").unwrap()) {
                            if let Some(Binding::Local(slot, true)) = self.lookup(self.text(l)) {
                                loop_vars.push(slot);
                            }
                        }
                    }
                }
                let top = self.here();
                let mut jf = None;
                if let Some(cond) = h.child_by_field_name("condition") {
                    self.cur_pos = self.pos(cond);
                    self.expr(cond)?;
                    jf = Some(self.emit(Op::JumpIfFalse(0)));
                }
                self.begin_loop(label, false);
                self.block(body)?;
                let cont = self.here();
                if self.version.per_iteration_loop_vars() {
                    for s in &loop_vars {
                        self.emit(Op::RebindBox(*s));
                    }
                }
                if let Some(update) = h.child_by_field_name("update") {
                    self.stmt(update)?;
                }
                self.emit(Op::Jump(top as u32));
                let end = self.here();
                if let Some(j) = jf {
                    self.patch(j, end);
                }
                self.end_loop(cont, end);
            }
            Some(cond) => {
                let top = self.here();
                self.expr(cond)?;
                let jf = self.emit(Op::JumpIfFalse(0));
                self.begin_loop(label, false);
                self.block(body)?;
                self.emit(Op::Jump(top as u32));
                let end = self.here();
                self.patch(jf, end);
                self.end_loop(top, end);
            }
            None => {
                let top = self.here();
                self.begin_loop(label, false);
                self.block(body)?;
                self.emit(Op::Jump(top as u32));
                let end = self.here();
                self.end_loop(top, end);
            }
        }
        self.pop_scope();
        Ok(())
    }

    pub(super) fn range_loop(&mut self, h: Node, body: Node, label: Option<String>) -> R<()> {
        let right = h.child_by_field_name("right").unwrap();
        let lhs = h
            .child_by_field_name("left")
            .map(|l| self.expr_list(l))
            .unwrap_or_default();
        let define = {
            let t = self.text(h);
            let left_end = h
                .child_by_field_name("left")
                .map(|l| l.end_byte())
                .unwrap_or(h.start_byte());
            self.src
                .get(left_end..right.start_byte())
                .unwrap_or(t)
                .contains(":=")
        };
        self.cur_pos = self.pos(h);
        self.expr(right)?;
        self.emit(Op::RangeStart);
        let it = self.new_slot();
        self.emit(Op::StoreLocal(it));
        // Shared loop variables (Go <= 1.21): declared once, outside the body scope.
        let per_iter = self.version.per_iteration_loop_vars();
        let mut shared = Vec::new();
        if define && !per_iter {
            for l in &lhs {
                let name = self.text(*l).to_owned();
                self.emit(Op::Zero(bt::ANY));
                let (slot, boxed) = self.declare_local(&name);
                self.init_local(slot, boxed);
                shared.push(name);
            }
        }
        let top = self.here();
        self.emit(Op::LoadLocal(it));
        let next = self.emit(Op::RangeNext {
            end: 0,
            want: lhs.len() as u8,
        });
        self.push_scope();
        for l in lhs.iter().rev() {
            let name = self.text(*l).to_owned();
            if define && per_iter {
                if name == "_" {
                    self.emit(Op::Pop);
                } else {
                    let (slot, boxed) = self.declare_local(&name);
                    self.init_local(slot, boxed);
                }
            } else {
                self.store_to(*l)?;
            }
        }
        self.begin_loop(label, false);
        self.block(body)?;
        self.pop_scope();
        self.emit(Op::Jump(top as u32));
        let end = self.here();
        self.patch(next, end);
        self.end_loop(top, end);
        Ok(())
    }

    pub(super) fn switch_stmt(&mut self, n: Node, label: Option<String>) -> R<()> {
        self.push_scope();
        if let Some(init) = n.child_by_field_name("initializer") {
            self.stmt(init)?;
        }
        let tag = match n.child_by_field_name("value") {
            Some(v) => {
                self.expr(v)?;
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                Some(t)
            }
            None => None,
        };
        let mut c = n.walk();
        let cases: Vec<Node> = n
            .named_children(&mut c)
            .filter(|x| matches!(x.kind(), "expression_case" | "default_case"))
            .collect();
        let mut body_jumps = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            if case.kind() == "expression_case" {
                for v in self.expr_list(case.child_by_field_name("value").unwrap()) {
                    self.cur_pos = self.pos(v);
                    match tag {
                        Some(t) => {
                            self.emit(Op::LoadLocal(t));
                            self.expr(v)?;
                            self.emit(Op::Binary(BinOp::Eq));
                        }
                        None => self.expr(v)?,
                    }
                    let j = self.emit(Op::JumpIfTrue(0));
                    body_jumps.push((i, j));
                }
            }
        }
        let to_default = self.emit(Op::Jump(0));
        self.begin_loop(label, true);
        let mut starts = Vec::new();
        let mut end_jumps = Vec::new();
        let mut fall_from: Option<usize> = None;
        for case in &cases {
            let start = self.here();
            if let Some(f) = fall_from.take() {
                self.patch(f, start);
            }
            starts.push(start);
            self.push_scope();
            self.stmt_list_of(*case)?;
            self.pop_scope();
            let falls = last_stmt_is_fallthrough(*case);
            let j = self.emit(Op::Jump(0));
            if falls {
                fall_from = Some(j);
            } else {
                end_jumps.push(j);
            }
        }
        let end = self.here();
        if let Some(f) = fall_from {
            self.patch(f, end);
        }
        self.close_switch(&cases, body_jumps, &starts, to_default, end_jumps, end);
        Ok(())
    }

    /// Points each case test at its body, the fall-through jump at `default` (or the end),
    /// and every body's exit at the end; then closes the switch's break scope.
    pub(super) fn close_switch(
        &mut self,
        cases: &[Node],
        body_jumps: Vec<(usize, usize)>,
        starts: &[usize],
        to_default: usize,
        end_jumps: Vec<usize>,
        end: usize,
    ) {
        for (i, j) in body_jumps {
            self.patch(j, starts[i]);
        }
        match cases.iter().position(|c| c.kind() == "default_case") {
            Some(d) => self.patch(to_default, starts[d]),
            None => self.patch(to_default, end),
        }
        for j in end_jumps {
            self.patch(j, end);
        }
        self.end_loop(end, end);
        self.pop_scope();
    }

    pub(super) fn type_switch(&mut self, n: Node, label: Option<String>) -> R<()> {
        self.push_scope();
        if let Some(init) = n.child_by_field_name("initializer") {
            self.stmt(init)?;
        }
        let alias = n
            .child_by_field_name("alias")
            .map(|a| self.expr_list(a))
            .and_then(|v| v.first().map(|x| self.text(*x).to_owned()));
        self.expr(n.child_by_field_name("value").unwrap())?;
        let t = self.new_slot();
        self.emit(Op::StoreLocal(t));
        let mut c = n.walk();
        let cases: Vec<Node> = n
            .named_children(&mut c)
            .filter(|x| matches!(x.kind(), "type_case" | "default_case"))
            .collect();
        let mut body_jumps = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            if case.kind() == "type_case" {
                let mut c2 = case.walk();
                let types: Vec<Node> = case.children_by_field_name("type", &mut c2).collect();
                for tn in types {
                    let ty = if self.text(tn) == "nil" {
                        bt::INVALID
                    } else {
                        self.resolve_type(tn)?
                    };
                    self.emit(Op::LoadLocal(t));
                    self.emit(Op::TypeIs(ty));
                    let j = self.emit(Op::JumpIfTrue(0));
                    body_jumps.push((i, j));
                }
            }
        }
        let to_default = self.emit(Op::Jump(0));
        self.begin_loop(label, true);
        let mut starts = Vec::new();
        let mut end_jumps = Vec::new();
        for case in &cases {
            starts.push(self.here());
            self.push_scope();
            if let Some(a) = &alias {
                self.emit(Op::LoadLocal(t));
                let (slot, boxed) = self.declare_local(a);
                self.init_local(slot, boxed);
            }
            self.stmt_list_of(*case)?;
            self.pop_scope();
            end_jumps.push(self.emit(Op::Jump(0)));
        }
        let end = self.here();
        self.close_switch(&cases, body_jumps, &starts, to_default, end_jumps, end);
        Ok(())
    }

    pub(super) fn select_stmt(&mut self, n: Node, label: Option<String>) -> R<()> {
        let mut c = n.walk();
        let cases: Vec<Node> = n
            .named_children(&mut c)
            .filter(|x| matches!(x.kind(), "communication_case" | "default_case"))
            .collect();
        let mut kinds = Vec::new();
        let mut comm_cases = Vec::new();
        for case in &cases {
            if case.kind() == "default_case" {
                continue;
            }
            let comm = case.child_by_field_name("communication").unwrap();
            self.cur_pos = self.pos(comm);
            if comm.kind() == "send_statement" {
                self.expr(comm.child_by_field_name("channel").unwrap())?;
                self.expr(comm.child_by_field_name("value").unwrap())?;
                kinds.push(SelectCase::Send);
            } else {
                let recv = strip_parens(comm.child_by_field_name("right").unwrap());
                let chan = if recv.kind() == "unary_expression" {
                    recv.child_by_field_name("operand").unwrap()
                } else {
                    recv
                };
                self.expr(chan)?;
                kinds.push(SelectCase::Recv);
            }
            comm_cases.push(*case);
        }
        let has_default = cases.iter().any(|c| c.kind() == "default_case");
        self.cur_pos = self.pos(n);
        self.emit(Op::Select {
            cases: kinds,
            has_default,
        });
        let (ti, tok, tv) = (self.new_slot(), self.new_slot(), self.new_slot());
        self.emit(Op::StoreLocal(ti));
        self.emit(Op::StoreLocal(tok));
        self.emit(Op::StoreLocal(tv));
        self.begin_loop(label, true);
        let mut end_jumps = Vec::new();
        let mut default_case = None;
        for (i, case) in comm_cases.iter().enumerate() {
            self.emit(Op::LoadLocal(ti));
            let k = self.konst(Value::int(i as i64));
            self.emit(Op::Const(k));
            self.emit(Op::Binary(BinOp::Eq));
            let jf = self.emit(Op::JumpIfFalse(0));
            self.push_scope();
            let comm = case.child_by_field_name("communication").unwrap();
            if comm.kind() == "receive_statement" {
                if let Some(left) = comm.child_by_field_name("left") {
                    let lhs = self.expr_list(left);
                    let define = self
                        .src
                        .get(
                            left.end_byte()
                                ..comm.child_by_field_name("right").unwrap().start_byte(),
                        )
                        .unwrap_or("")
                        .contains(":=");
                    let temps = [tv, tok];
                    for (l, t) in lhs.iter().zip(temps) {
                        self.emit(Op::LoadLocal(t));
                        if define {
                            let name = self.text(*l).to_owned();
                            if name == "_" {
                                self.emit(Op::Pop);
                            } else {
                                let (slot, boxed) = self.declare_local(&name);
                                self.init_local(slot, boxed);
                            }
                        } else {
                            self.store_to(*l)?;
                        }
                    }
                }
            }
            self.stmt_list_of(*case)?;
            self.pop_scope();
            end_jumps.push(self.emit(Op::Jump(0)));
            let here = self.here();
            self.patch(jf, here);
        }
        if has_default {
            let d = cases.iter().find(|c| c.kind() == "default_case").unwrap();
            self.push_scope();
            self.stmt_list_of(*d)?;
            self.pop_scope();
            default_case = Some(());
        }
        let _ = default_case;
        let end = self.here();
        for j in end_jumps {
            self.patch(j, end);
        }
        self.end_loop(end, end);
        Ok(())
    }
}
