//! Packages fmt and errors: printing, formatting, wrapping and unwrapping errors.

use super::*;

impl Machine {
    pub(super) fn call_fmt_errors(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        use Native::*;
        let prog = self.prog.clone();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        match f {
            FmtPrintln | FmtPrint | FmtPrintf | FmtFprintln | FmtFprintf | FmtFprint => {
                let (to_stderr, rest) = match f {
                    FmtFprintln | FmtFprintf | FmtFprint => (arg(0).as_int() == 2, &args[1..]),
                    _ => (false, args),
                };
                let s = match f {
                    FmtPrintln | FmtFprintln => self.sprintln(g.id, rest)?,
                    FmtPrint | FmtFprint => self.sprint(g.id, rest)?,
                    _ => {
                        let fmt =
                            crate::sim::fmt::to_str(&rest.first().cloned().unwrap_or_default());
                        self.sprintf(g.id, &fmt, &rest[1.min(rest.len())..])?
                    }
                };
                self.output(g.id, &s, to_stderr)?;
                many(vec![Value::int(s.len() as i64), Value::Nil])
            }
            FmtSprintf => {
                let fmt = crate::sim::fmt::to_str(&arg(0));
                let s = self.sprintf(g.id, &fmt, &args[1.min(args.len())..])?;
                one(Value::str(&s))
            }
            FmtSprint => {
                let s = self.sprint(g.id, args)?;
                one(Value::str(&s))
            }
            FmtSprintln => {
                let s = self.sprintln(g.id, args)?;
                one(Value::str(&s))
            }
            FmtErrorf => {
                let fmt = crate::sim::fmt::to_str(&arg(0));
                let rest = &args[1.min(args.len())..];
                let s = self.sprintf(g.id, &fmt.replace("%w", "%v"), rest)?;
                let mut wrapped = Vec::new();
                let mut ai = 0;
                let mut chars = fmt.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '%' {
                        // skip flags/width
                        while let Some(&n) = chars.peek() {
                            if n.is_ascii_alphabetic() || n == '%' {
                                break;
                            }
                            chars.next();
                        }
                        match chars.next() {
                            Some('%') => {}
                            Some('w') => {
                                wrapped.push(rest.get(ai).cloned().unwrap_or_default());
                                ai += 1;
                            }
                            Some(_) => ai += 1,
                            None => {}
                        }
                    }
                }
                let ty = if wrapped.is_empty() {
                    bt::ERROR_STRING
                } else {
                    bt::WRAP_ERROR
                };
                one(Value::Obj(
                    Rc::new(Object::Error {
                        msg: Rc::from(s.as_str()),
                        wrapped,
                    }),
                    ty,
                ))
            }
            ErrorsNew => one(error_value(&crate::sim::fmt::to_str(&arg(0)))),
            ErrorsJoin => self.errors_join(g, args),
            ErrorsUnwrap => one(match arg(0) {
                Value::Obj(o, _) => match &*o {
                    Object::Error { wrapped, .. } if wrapped.len() == 1 => wrapped[0].clone(),
                    _ => Value::Nil,
                },
                _ => Value::Nil,
            }),
            ErrorsIs => {
                let target = arg(1);
                let mut stack = vec![arg(0)];
                while let Some(e) = stack.pop() {
                    if values_equal(&e, &target)
                        || matches!((&e, &target), (Value::Obj(a, _), Value::Obj(b, _)) if is_same_sentinel(a, b))
                    {
                        return one(Value::Bool(true));
                    }
                    if let Value::Obj(o, _) = &e {
                        if let Object::Error { wrapped, .. } = &**o {
                            stack.extend(wrapped.iter().cloned());
                        }
                    }
                }
                one(Value::Bool(false))
            }
            ErrorsAs => {
                // errors.As(err, &target): match by dynamic type along the chain.
                let target = arg(1);
                let want_ty = match &target {
                    Value::Ptr(p, _) => p.load().type_of(&prog),
                    _ => bt::INVALID,
                };
                let mut stack = vec![arg(0)];
                while let Some(e) = stack.pop() {
                    let ety = e.type_of(&prog);
                    if ety == want_ty && ety != bt::INVALID {
                        if let Value::Ptr(p, _) = &target {
                            p.store(e);
                        }
                        return one(Value::Bool(true));
                    }
                    if let Value::Obj(o, _) = &e {
                        if let Object::Error { wrapped, .. } = &**o {
                            stack.extend(wrapped.iter().cloned());
                        }
                    }
                }
                one(Value::Bool(false))
            }
            _ => Err(misrouted(f)),
        }
    }
}

fn is_same_sentinel(a: &Rc<Object>, b: &Rc<Object>) -> bool {
    match (&**a, &**b) {
        (
            Object::Error {
                msg: x,
                wrapped: wa,
            },
            Object::Error {
                msg: y,
                wrapped: wb,
            },
        ) => {
            wa.is_empty()
                && wb.is_empty()
                && x == y
                && (&**x == context::CANCELED || &**x == context::DEADLINE_EXCEEDED)
        }
        _ => false,
    }
}

impl Machine {
    /// `errors.Join`: the non-nil errors, their texts one per line; nil if there are none.
    fn errors_join(&mut self, g: &mut Goroutine, args: &[Value]) -> Res<Results> {
        let one = |v: Value| Ok(Results::One(v));
        {
            // The non-nil errors, their texts one per line; nil if there are none.
            let errs: Vec<Value> = args
                .iter()
                .filter(|e| !matches!(e, Value::Nil | Value::NilOf(_)))
                .cloned()
                .collect();
            if errs.is_empty() {
                return one(Value::Nil);
            }
            let mut texts = Vec::new();
            for e in &errs {
                texts.push(self.sprintf(g.id, "%v", std::slice::from_ref(e))?);
            }
            one(Value::Obj(
                Rc::new(Object::Error {
                    msg: Rc::from(texts.join("\n")),
                    wrapped: errs,
                }),
                bt::WRAP_ERROR,
            ))
        }
    }
}
