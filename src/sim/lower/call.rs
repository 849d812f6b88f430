//! Calls: callees, receivers, arguments and result counts.

use super::*;

impl<'s> Lowerer<'s> {
    pub(super) fn package_path(&self, alias: &str) -> String {
        self.packages
            .iter()
            .find(|p| p.rsplit('/').next() == Some(alias))
            .cloned()
            .unwrap_or_else(|| alias.to_owned())
    }

    /// Pushes a callable value and its arguments (for go/defer).
    pub(super) fn callee_and_args(&mut self, call: Node) -> R<(u8, bool)> {
        let f = strip_parens(call.child_by_field_name("function").unwrap());
        match f.kind() {
            "selector_expression" => {
                let operand = f.child_by_field_name("operand").unwrap();
                let field = self
                    .text(f.child_by_field_name("field").unwrap())
                    .to_owned();
                if let Some(pkg) = self.package_of(operand) {
                    match natives::lookup(&pkg, &field) {
                        Some(Member::Func(nf)) => {
                            self.emit(Op::NativeValue(nf));
                        }
                        _ => return self.not_simulated(f, &format!("{pkg}.{field}")),
                    }
                } else {
                    self.receiver(operand)?;
                    let nm = self.name(&field);
                    self.emit(Op::BindMethod(nm));
                }
            }
            "identifier"
                if self.lookup(self.text(f)).is_none()
                    && natives::builtin(self.text(f)).is_some() =>
            {
                let b = natives::builtin(self.text(f)).unwrap();
                self.emit(Op::NativeValue(b));
            }
            _ => self.expr(f)?,
        }
        self.args(call)
    }

    pub(super) fn package_of(&mut self, operand: Node) -> Option<String> {
        if operand.kind() != "identifier" {
            return None;
        }
        match self.lookup(self.text(operand)) {
            Some(Binding::Package(i)) => Some(self.packages[i].clone()),
            _ => None,
        }
    }

    /// Pushes the arguments of a call; returns (count, spread `xs...`).
    pub(super) fn args(&mut self, call: Node) -> R<(u8, bool)> {
        let args = call.child_by_field_name("arguments").unwrap();
        let mut c = args.walk();
        let list: Vec<Node> = args
            .named_children(&mut c)
            .filter(|x| x.kind() != "comment")
            .collect();
        let mut spread = false;
        if list.len() == 1 && strip_parens(list[0]).kind() == "call_expression" {
            self.call(strip_parens(list[0]), WANT_TUPLE)?;
            return Ok((1, false));
        }
        for a in &list {
            if a.kind() == "variadic_argument" {
                spread = true;
                self.expr(a.named_child(0).unwrap())?;
            } else {
                self.expr(*a)?;
            }
        }
        Ok((list.len() as u8, spread))
    }

    pub(super) fn unpack_args(&self, call: Node) -> bool {
        let args = call.child_by_field_name("arguments").unwrap();
        let mut c = args.walk();
        let list: Vec<Node> = args
            .named_children(&mut c)
            .filter(|x| x.kind() != "comment")
            .collect();
        list.len() == 1 && strip_parens(list[0]).kind() == "call_expression"
    }

    /// Pushes a method receiver: the variable's address when it is a boxed local or a
    /// global (so pointer methods mutate it), else its value.
    pub(super) fn receiver(&mut self, operand: Node) -> R<()> {
        let operand = strip_parens(operand);
        if operand.kind() == "identifier" {
            match self.lookup(self.text(operand)) {
                Some(Binding::Local(slot, true)) => {
                    self.emit(Op::AddrBoxed(slot));
                    return Ok(());
                }
                Some(Binding::Capture(i)) => {
                    self.emit(Op::AddrCapture(i));
                    return Ok(());
                }
                Some(Binding::Global(g)) => {
                    self.emit(Op::AddrGlobal(g));
                    return Ok(());
                }
                _ => {}
            }
        }
        if operand.kind() == "selector_expression"
            && self
                .package_of(operand.child_by_field_name("operand").unwrap())
                .is_none()
        {
            self.expr(operand.child_by_field_name("operand").unwrap())?;
            let f = self
                .text(operand.child_by_field_name("field").unwrap())
                .to_owned();
            let nm = self.name(&f);
            self.emit(Op::AddrField(nm));
            return Ok(());
        }
        if operand.kind() == "index_expression" {
            self.expr(operand.child_by_field_name("operand").unwrap())?;
            self.expr(operand.child_by_field_name("index").unwrap())?;
            self.emit(Op::AddrIndex);
            return Ok(());
        }
        self.expr(operand)
    }

    pub(super) fn call(&mut self, n: Node, want: u8) -> R<()> {
        let f = strip_parens(n.child_by_field_name("function").unwrap());
        let pos = self.pos(n);
        // conversions
        if let Some(ty) = self.is_type_node(f) {
            let args = n.child_by_field_name("arguments").unwrap();
            let arg = args.named_child(0).ok_or(()).or_else(|_| {
                err(
                    LowerErrorKind::Compile,
                    pos,
                    "missing argument in conversion",
                )
            })?;
            self.expr(arg)?;
            self.cur_pos = pos;
            self.emit(Op::Convert(ty));
            return self.adjust_single(want);
        }
        let unpack = self.unpack_args(n);
        match f.kind() {
            "identifier"
                if self.lookup(self.text(f)).is_none()
                    && natives::builtin(self.text(f)).is_some() =>
            {
                let name = self.text(f);
                let mut b = natives::builtin(name).unwrap();
                if b == Native::Append && self.f().loops.iter().any(|l| !l.is_switch) {
                    b = Native::AppendInLoop;
                }
                self.check_used_value(n, want, no_value(b.has_no_result()))?;
                let (nargs, spread) = self.args(n)?;
                self.cur_pos = pos;
                self.emit(Op::CallNative {
                    f: b,
                    nargs,
                    want,
                    spread,
                    unpack,
                });
            }
            "identifier"
                if matches!(self.text(f), "make" | "new")
                    && self.lookup(self.text(f)).is_none() =>
            {
                let args = n.child_by_field_name("arguments").unwrap();
                let mut c = args.walk();
                let list: Vec<Node> = args
                    .named_children(&mut c)
                    .filter(|x| x.kind() != "comment")
                    .collect();
                let Some(first) = list.first() else {
                    return err(
                        LowerErrorKind::Compile,
                        pos,
                        format!("not enough arguments in call to {}", self.text(f)),
                    );
                };
                let ty = self.resolve_type(*first)?;
                for a in &list[1..] {
                    self.expr(*a)?;
                }
                self.cur_pos = pos;
                let nf = if self.text(f) == "make" {
                    Native::Make(ty)
                } else {
                    Native::New(ty)
                };
                self.emit(Op::CallNative {
                    f: nf,
                    nargs: (list.len() - 1) as u8,
                    want,
                    spread: false,
                    unpack: false,
                });
            }
            "selector_expression" => {
                let operand = f.child_by_field_name("operand").unwrap();
                let field = self
                    .text(f.child_by_field_name("field").unwrap())
                    .to_owned();
                if let Some(pkg) = self.package_of(operand) {
                    match natives::lookup(&pkg, &field) {
                        Some(Member::Func(nf)) => {
                            self.check_used_value(n, want, no_value(nf.has_no_result()))?;
                            let (nargs, spread) = self.args(n)?;
                            self.cur_pos = pos;
                            self.emit(Op::CallNative {
                                f: nf,
                                nargs,
                                want,
                                spread,
                                unpack,
                            });
                        }
                        _ => return self.not_simulated(f, &format!("{pkg}.{field}")),
                    }
                } else {
                    self.receiver(operand)?;
                    let (nargs, spread) = self.args(n)?;
                    let name = self.name(&field);
                    self.cur_pos = pos;
                    self.emit(Op::CallMethod {
                        name,
                        nargs,
                        want,
                        spread,
                        unpack,
                    });
                }
            }
            _ => {
                self.check_arg_count(n)?;
                let results = self.declared_results(n);
                self.check_used_value(n, want, results)?;
                self.expr(f)?;
                let (nargs, spread) = self.args(n)?;
                self.cur_pos = pos;
                self.emit(Op::Call {
                    nargs,
                    want,
                    spread,
                    unpack,
                });
            }
        }
        Ok(())
    }

    /// Go refuses a call whose result count does not fit its use: no value where one is
    /// wanted, several in a single-value context, or a count other than the assignment's.
    /// The interpreter would otherwise run short of values, or silently drop some.
    fn check_used_value(
        &self,
        call: Node,
        want: u8,
        results: Option<(String, usize, String)>,
    ) -> R<()> {
        let Some((name, count, types)) = results else {
            return Ok(());
        };
        let message = match (want, count) {
            (0, _) => return Ok(()),
            (_, 0) => format!("{} (no value) used as value", self.text(call)),
            (WANT_TUPLE, _) => return Ok(()),
            (1, 1) => return Ok(()),
            (1, _) => format!(
                "multiple-value {} (value of type {types}) in single-value context",
                self.text(call)
            ),
            (w, c) if usize::from(w) == c => return Ok(()),
            (w, c) => format!(
                "assignment mismatch: {w} variables but {name} returns {c} value{}",
                if c == 1 { "" } else { "s" }
            ),
        };
        err(LowerErrorKind::Compile, self.pos(call), message)
    }

    /// For a call of a function declared in the file, by name: its name, how many results
    /// it has and their types as Go prints them.
    pub(super) fn declared_results(&mut self, call: Node) -> Option<(String, usize, String)> {
        let f = call.child_by_field_name("function")?;
        if f.kind() != "identifier" {
            return None;
        }
        let name = self.text(f).to_owned();
        match self.lookup(&name) {
            Some(Binding::Func(id)) => {
                let (count, types) = self.func_results.get(&id)?.clone();
                Some((name, count, types))
            }
            _ => None,
        }
    }

    /// Go refuses a call of a function declared in the file with too few or too many
    /// arguments (a spread `xs...` and a multi-value `f(g())` are left to run time).
    fn check_arg_count(&mut self, call: Node) -> R<()> {
        let Some(f) = call.child_by_field_name("function") else {
            return Ok(());
        };
        if f.kind() != "identifier" {
            return Ok(());
        }
        let name = self.text(f).to_owned();
        let Some(Binding::Func(id)) = self.lookup(&name) else {
            return Ok(());
        };
        let Some(params) = self.func_params.get(&id).cloned() else {
            return Ok(());
        };
        let Some(args) = call.child_by_field_name("arguments") else {
            return Ok(());
        };
        let mut c = args.walk();
        let list: Vec<Node> = args
            .named_children(&mut c)
            .filter(|x| x.kind() != "comment")
            .collect();
        let spread = list.iter().any(|a| a.kind() == "variadic_argument");
        if spread || (list.len() == 1 && strip_parens(list[0]).kind() == "call_expression") {
            return Ok(());
        }
        let fixed = params.count - params.variadic as usize;
        // Go points at the last argument, or at the call when there is none.
        let (problem, at) = if list.len() < fixed {
            let at = self.pos(list.last().copied().unwrap_or(call));
            ("not enough", at)
        } else if list.len() > params.count && !params.variadic {
            ("too many", self.pos(list[params.count]))
        } else {
            return Ok(());
        };
        err(
            LowerErrorKind::Compile,
            at,
            format!(
                "{problem} arguments in call to {name}\n\twant {}",
                params.want
            ),
        )
    }

    /// A declaration's parameter list: how many, whether the last is variadic, and the
    /// types as Go's `want` line prints them.
    pub(super) fn params_of(&self, list: Option<Node>) -> Params {
        let mut types = Vec::new();
        let mut variadic = false;
        if let Some(list) = list {
            let mut cursor = list.walk();
            for decl in list.named_children(&mut cursor) {
                let Some(ty) = decl.child_by_field_name("type") else {
                    continue;
                };
                let mut ty = self.text(ty).to_owned();
                if decl.kind() == "variadic_parameter_declaration" {
                    variadic = true;
                    ty = format!("...{ty}");
                }
                let names = self.declared_names(decl).len().max(1);
                types.extend(std::iter::repeat_n(ty, names));
            }
        }
        Params {
            count: types.len(),
            variadic,
            want: format!("({})", types.join(", ")),
        }
    }

    /// A declaration's result list: its count and `(T1, T2)` / `(a T1, b T2)` as Go
    /// prints it in errors.
    pub(super) fn results_of(&self, result: Option<Node>) -> (usize, String) {
        let Some(r) = result else {
            return (0, "()".to_owned());
        };
        if r.kind() != "parameter_list" {
            return (1, self.text(r).to_owned());
        }
        let mut parts = Vec::new();
        let mut cursor = r.walk();
        for decl in r.named_children(&mut cursor) {
            let Some(ty) = decl.child_by_field_name("type") else {
                continue;
            };
            let ty = self.text(ty).to_owned();
            let names = self.declared_names(decl);
            if names.is_empty() {
                parts.push(ty);
            } else {
                parts.extend(names.into_iter().map(|n| format!("{n} {ty}")));
            }
        }
        let text = if parts.len() == 1 && !parts[0].contains(' ') {
            parts[0].clone()
        } else {
            format!("({})", parts.join(", "))
        };
        (parts.len(), text)
    }

    /// A conversion produced one value; fit it to what the context wants.
    pub(super) fn adjust_single(&mut self, want: u8) -> R<()> {
        match want {
            0 => {
                self.emit(Op::Pop);
            }
            WANT_TUPLE => {
                self.emit(Op::MakeTuple(1));
            }
            _ => {}
        }
        Ok(())
    }
}

/// A native with no result, as [`Lowerer::check_used_value`] takes it.
fn no_value(no_result: bool) -> Option<(String, usize, String)> {
    no_result.then(|| (String::new(), 0, String::new()))
}
