//! Expressions: names, operators, selectors, indexing and addresses.

use super::*;

pub(super) fn strip_parens(mut n: Node) -> Node {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

pub(super) fn binop(op: &str) -> Option<BinOp> {
    Some(match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Rem,
        "&" => BinOp::And,
        "|" => BinOp::Or,
        "^" => BinOp::Xor,
        "&^" => BinOp::AndNot,
        "<<" => BinOp::Shl,
        ">>" => BinOp::Shr,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        _ => return None,
    })
}

impl Lowerer<'_> {
    pub(super) fn load_name(&mut self, n: Node) -> R<()> {
        let name = self.text(n);
        match name {
            "true" => {
                let k = self.konst(Value::Bool(true));
                self.emit(Op::Const(k));
                return Ok(());
            }
            "false" => {
                let k = self.konst(Value::Bool(false));
                self.emit(Op::Const(k));
                return Ok(());
            }
            "nil" => {
                let k = self.konst(Value::Nil);
                self.emit(Op::Const(k));
                return Ok(());
            }
            _ => {}
        }
        match self.lookup(name) {
            Some(Binding::Local(slot, false)) => self.emit(Op::LoadLocal(slot)),
            Some(Binding::Local(slot, true)) => self.emit(Op::LoadBoxed(slot)),
            Some(Binding::Capture(i)) => self.emit(Op::LoadCapture(i)),
            Some(Binding::Global(g)) => self.emit(Op::LoadGlobal(g)),
            Some(Binding::Func(id)) => self.emit(Op::MakeClosure {
                func: id,
                captures: Vec::new(),
            }),
            Some(Binding::Type(_)) => {
                return err(
                    LowerErrorKind::Compile,
                    self.pos(n),
                    format!("{name} (type) is not an expression"),
                )
            }
            Some(Binding::Package(_)) => {
                return err(
                    LowerErrorKind::Compile,
                    self.pos(n),
                    format!("use of package {name} without selector"),
                )
            }
            None => match natives::builtin(name) {
                Some(b) => self.emit(Op::NativeValue(b)),
                None => {
                    return err(
                        LowerErrorKind::Compile,
                        self.pos(n),
                        format!("undefined: {name}"),
                    )
                }
            },
        };
        Ok(())
    }

    pub(super) fn expr(&mut self, n: Node) -> R<()> {
        match n.kind() {
            "int_literal"
            | "float_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "rune_literal"
            | "iota" => self.literal_expr(n)?,
            "true" | "false" | "nil" | "identifier" => self.load_name(n)?,
            "parenthesized_expression" => self.expr(n.named_child(0).unwrap())?,
            "binary_expression" | "unary_expression" => self.operator_expr(n)?,
            "call_expression" => self.call(n, 1)?,
            "selector_expression" => {
                let operand = n.child_by_field_name("operand").unwrap();
                let field = self
                    .text(n.child_by_field_name("field").unwrap())
                    .to_owned();
                if let Some(pkg) = self.package_of(operand) {
                    match natives::lookup(&pkg, &field) {
                        Some(Member::Value(v)) => {
                            let k = self.konst(v);
                            self.emit(Op::Const(k));
                        }
                        Some(Member::Func(f)) => {
                            self.emit(Op::NativeValue(f));
                        }
                        _ => return self.not_simulated(n, &format!("{pkg}.{field}")),
                    }
                } else if let Some(id) = self.method_expression(operand, &field) {
                    // `T.M`, `(*T).M`: the method as a function of its receiver.
                    self.emit(Op::MakeClosure {
                        func: id,
                        captures: Vec::new(),
                    });
                } else {
                    self.expr(operand)?;
                    let nm = self.name(&field);
                    self.cur_pos = self.pos(n);
                    self.emit(Op::LoadField(nm));
                }
            }
            "index_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                let index = n.child_by_field_name("index").unwrap();
                self.refuse_negative_index(index)?;
                self.expr(index)?;
                self.cur_pos = self.pos(n);
                self.emit(Op::Index);
            }
            "slice_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                let mut flags = [false; 3];
                for (i, f) in ["start", "end", "capacity"].iter().enumerate() {
                    if let Some(x) = n.child_by_field_name(f) {
                        self.refuse_negative_index(x)?;
                        self.expr(x)?;
                        flags[i] = true;
                    }
                }
                self.cur_pos = self.pos(n);
                self.emit(Op::Slice {
                    has_low: flags[0],
                    has_high: flags[1],
                    has_max: flags[2],
                });
            }
            "type_assertion_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                let ty = self.resolve_type(n.child_by_field_name("type").unwrap())?;
                self.cur_pos = self.pos(n);
                self.emit(Op::TypeAssert { ty, ok: false });
            }
            "type_conversion_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                let ty = self.resolve_type(n.child_by_field_name("type").unwrap())?;
                self.emit(Op::Convert(ty));
            }
            "composite_literal" => self.composite(n, None)?,
            "func_literal" => self.func_literal(n)?,
            "type_instantiation_expression" => {
                let mut c = n.walk();
                let first = n.named_children(&mut c).next().unwrap();
                self.expr(first)?;
            }
            _ => return self.not_simulated(n, &format!("expression `{}`", n.kind())),
        }
        Ok(())
    }

    /// Binary and unary operators, with short-circuit `&&` and `||`.
    fn operator_expr(&mut self, n: Node) -> R<()> {
        match n.kind() {
            "binary_expression" => {
                let op = self.text(n.child_by_field_name("operator").unwrap());
                let (l, r) = (
                    n.child_by_field_name("left").unwrap(),
                    n.child_by_field_name("right").unwrap(),
                );
                match op {
                    "&&" | "||" => {
                        self.expr(l)?;
                        self.emit(Op::Dup);
                        let j = if op == "&&" {
                            self.emit(Op::JumpIfFalse(0))
                        } else {
                            self.emit(Op::JumpIfTrue(0))
                        };
                        self.emit(Op::Pop);
                        self.expr(r)?;
                        let here = self.here();
                        self.patch(j, here);
                    }
                    _ => {
                        self.expr(l)?;
                        self.expr(r)?;
                        let b = binop(op)
                            .ok_or(())
                            .or_else(|_| self.not_simulated(n, "operator"))?;
                        self.cur_pos = self.pos(n);
                        self.emit(Op::Binary(b));
                    }
                }
            }
            "unary_expression" => {
                let op = self.text(n.child_by_field_name("operator").unwrap());
                let operand = n.child_by_field_name("operand").unwrap();
                match op {
                    "-" => {
                        self.expr(operand)?;
                        self.emit(Op::Unary(UnOp::Neg));
                    }
                    "+" => self.expr(operand)?,
                    "!" => {
                        self.expr(operand)?;
                        self.emit(Op::Unary(UnOp::Not));
                    }
                    "^" => {
                        self.expr(operand)?;
                        self.emit(Op::Unary(UnOp::BitNot));
                    }
                    "<-" => {
                        self.expr(operand)?;
                        self.cur_pos = self.pos(n);
                        self.emit(Op::Recv);
                    }
                    "*" => {
                        self.expr(operand)?;
                        self.cur_pos = self.pos(n);
                        self.emit(Op::Deref);
                    }
                    "&" => self.address_of(operand)?,
                    _ => return self.not_simulated(n, "unary operator"),
                }
            }
            other => return self.not_simulated(n, other),
        }
        Ok(())
    }

    /// Literals and `iota`: constants of the program.
    fn literal_expr(&mut self, n: Node) -> R<()> {
        match n.kind() {
            "int_literal" => {
                let v = parse_int(self.text(n))
                    .ok_or(())
                    .or_else(|_| self.not_simulated(n, "integer literal out of range"))?;
                let k = self.konst(Value::int(v));
                self.emit(Op::Const(k));
            }
            "float_literal" => {
                let v: f64 = self
                    .text(n)
                    .replace('_', "")
                    .parse()
                    .or_else(|_| self.not_simulated(n, "float literal"))?;
                let k = self.konst(Value::Float(v, bt::FLOAT64));
                self.emit(Op::Const(k));
            }
            "interpreted_string_literal" | "raw_string_literal" => {
                let s = if n.kind() == "raw_string_literal" {
                    let t = self.text(n);
                    t[1..t.len().saturating_sub(1).max(1)].replace('\r', "")
                } else {
                    let t = self.text(n);
                    let pieces = unescape(&t[1..t.len().saturating_sub(1).max(1)])
                        .or_else(|e| err(LowerErrorKind::Compile, self.pos(n), e))?;
                    // Strings are UTF-8 text here; bytes that are not (`"\xff"`) would
                    // print and count wrongly, so they stop the run instead.
                    String::from_utf8(string_bytes(&pieces)).or_else(|_| {
                        self.not_simulated(n, "a string literal with bytes that are not UTF-8")
                    })?
                };
                let k = self.konst(Value::str(&s));
                self.emit(Op::Const(k));
            }
            "rune_literal" => {
                let t = self.text(n);
                let pieces = unescape(&t[1..t.len().saturating_sub(1).max(1)])
                    .or_else(|e| err(LowerErrorKind::Compile, self.pos(n), e))?;
                let value = match pieces[..] {
                    [Piece::Byte(b)] => b as i64,
                    [Piece::Char(c)] => c as i64,
                    _ => {
                        return err(
                            LowerErrorKind::Compile,
                            self.pos(n),
                            "more than one character in rune literal",
                        )
                    }
                };
                let k = self.konst(Value::Int(value, bt::INT32));
                self.emit(Op::Const(k));
            }
            "iota" => {
                let v = self.iota.ok_or(()).or_else(|_| {
                    err(
                        LowerErrorKind::Compile,
                        self.pos(n),
                        "cannot use iota outside constant declaration",
                    )
                })?;
                let k = self.konst(Value::int(v));
                self.emit(Op::Const(k));
            }
            other => return self.not_simulated(n, other),
        }
        Ok(())
    }

    /// Loads the current value of an assignment target that is about to be updated.
    pub(super) fn expr_for_update(&mut self, target: Node) -> R<()> {
        let t = strip_parens(target);
        if t.kind() == "index_expression" {
            self.expr(t.child_by_field_name("operand").unwrap())?;
            self.expr(t.child_by_field_name("index").unwrap())?;
            self.emit(Op::IndexForUpdate);
            return Ok(());
        }
        self.expr(target)
    }

    pub(super) fn address_of(&mut self, operand: Node) -> R<()> {
        let operand = strip_parens(operand);
        match operand.kind() {
            "identifier" => match self.lookup(self.text(operand)) {
                Some(Binding::Local(slot, _)) => {
                    self.emit(Op::AddrBoxed(slot));
                }
                Some(Binding::Capture(i)) => {
                    self.emit(Op::AddrCapture(i));
                }
                Some(Binding::Global(g)) => {
                    self.emit(Op::AddrGlobal(g));
                }
                _ => {
                    return err(
                        LowerErrorKind::Compile,
                        self.pos(operand),
                        format!("undefined: {}", self.text(operand)),
                    )
                }
            },
            "composite_literal" => {
                self.composite(operand, None)?;
                self.emit(Op::AddrOfValue);
            }
            "selector_expression" => {
                self.expr(operand.child_by_field_name("operand").unwrap())?;
                let f = self
                    .text(operand.child_by_field_name("field").unwrap())
                    .to_owned();
                let nm = self.name(&f);
                self.emit(Op::AddrField(nm));
            }
            "index_expression" => {
                self.expr(operand.child_by_field_name("operand").unwrap())?;
                self.expr(operand.child_by_field_name("index").unwrap())?;
                self.emit(Op::AddrIndex);
            }
            _ => return self.not_simulated(operand, "address of this expression"),
        }
        Ok(())
    }
}

impl Lowerer<'_> {
    /// The method `field` of the type `operand` names, when `operand` is a type
    /// (`point.String`, `(*point).Scale`): a method expression.
    fn method_expression(&mut self, operand: Node, field: &str) -> Option<FuncId> {
        let ty = self.is_type_node(operand)?;
        let base = match &self.types[ty as usize].kind {
            Kind::Ptr(inner) if !self.types[ty as usize].named => *inner,
            _ => ty,
        };
        let name = self.name(field);
        self.types[base as usize]
            .methods
            .get(&name)
            .map(|&(id, _)| id)
    }
}

/// A constant index or slice bound written with literals only (`-1`, `1 - 2`, `(0 - 3)`):
/// its value and Go's spelling of it. Names are left out: a local can shadow a constant.
fn literal_constant(l: &Lowerer, n: Node) -> Option<(i64, String)> {
    match n.kind() {
        "int_literal" => Some((super::literal::parse_int(l.text(n))?, l.text(n).to_owned())),
        "parenthesized_expression" => {
            let (v, t) = literal_constant(l, n.named_child(0)?)?;
            Some((v, format!("({t})")))
        }
        "unary_expression" => {
            let op = l.text(n.child_by_field_name("operator")?);
            let (v, t) = literal_constant(l, n.child_by_field_name("operand")?)?;
            match op {
                "-" => Some((v.checked_neg()?, format!("-{t}"))),
                "+" => Some((v, format!("+{t}"))),
                _ => None,
            }
        }
        "binary_expression" => {
            let op = l.text(n.child_by_field_name("operator")?);
            let (a, ta) = literal_constant(l, n.child_by_field_name("left")?)?;
            let (b, tb) = literal_constant(l, n.child_by_field_name("right")?)?;
            let v = match op {
                "+" => a.checked_add(b)?,
                "-" => a.checked_sub(b)?,
                "*" => a.checked_mul(b)?,
                _ => return None,
            };
            Some((v, format!("{ta} {op} {tb}")))
        }
        _ => None,
    }
}

impl Lowerer<'_> {
    /// Go refuses a negative constant index or slice bound when it compiles the program.
    pub(super) fn refuse_negative_index(&self, index: Node) -> R<()> {
        match literal_constant(self, index) {
            Some((v, text)) if v < 0 => {
                let what = if text == v.to_string() {
                    format!("{text} (constant of type int)")
                } else {
                    format!("{text} (constant {v} of type int)")
                };
                err(
                    LowerErrorKind::Compile,
                    self.pos(index),
                    format!("invalid argument: index {what} must not be negative"),
                )
            }
            _ => Ok(()),
        }
    }
}
