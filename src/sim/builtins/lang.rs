//! Go's predeclared functions: len, cap, append, copy, delete, clear, close, panic,
//! recover, print, min, max, make, new.

use super::*;

impl Machine {
    pub(super) fn call_builtin(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &mut Vec<Value>,
    ) -> Res<Results> {
        use Native::*;
        let prog = self.prog.clone();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        match f {
            Len => one(Value::int(match arg(0) {
                Value::Str(s, _) => s.len(),
                Value::Slice(s) => s.length(),
                Value::Array(a, _) => a.data.borrow().len(),
                Value::Map(m, _) => m.entries.borrow().len(),
                Value::Chan(c, _) => c.len(),
                Value::Ptr(p, _) => crate::sim::exec::seq_len(&p.load()),
                _ => 0,
            } as i64)),
            Cap => one(Value::int(match arg(0) {
                Value::Slice(s) => s.capacity(),
                Value::Array(a, _) => a.data.borrow().len(),
                Value::Chan(c, _) => c.cap,
                _ => 0,
            } as i64)),
            Append | AppendInLoop => {
                let mut it = std::mem::take(args).into_iter();
                let base = it.next().unwrap_or_default();
                let mut extra: Vec<Value> = Vec::new();
                for a in it {
                    match a {
                        Value::Tuple(t) if t.len() == 1 => match &t[0] {
                            Value::Str(s, _) => {
                                extra.extend(s.bytes().map(|b| Value::Int(b as i64, bt::UINT8)))
                            }
                            other => extra.extend(slice_elems(other)),
                        },
                        v => extra.push(v),
                    }
                }
                let id = self.obj_id();
                one(append(&prog, base, extra, id, f == AppendInLoop))
            }
            Copy => self.copy(args),
            Delete => {
                if let Value::Map(m, _) = arg(0) {
                    if let Some(w) = m.writer.get() {
                        if w != g.id {
                            return Err(Stop::Fatal("concurrent map writes".into()));
                        }
                    }
                    m.entries.borrow_mut().remove(&arg(1).map_key());
                }
                many(vec![])
            }
            Clear => {
                match arg(0) {
                    Value::Map(m, _) => m.entries.borrow_mut().clear(),
                    Value::Slice(s) => {
                        if let Some(a) = &s.arr {
                            let z = zero_of(&prog, a.elem);
                            for i in 0..s.length() {
                                a.data.borrow_mut().set(s.offset() + i, z.clone());
                            }
                        }
                    }
                    _ => {}
                }
                many(vec![])
            }
            Close => self.close(g, args),
            Panic => {
                let v = arg(0);
                if matches!(v, Value::Nil) {
                    return Err(Stop::Panic(Value::Obj(
                        Rc::new(Object::Error {
                            msg: Rc::from(
                                "panic called with nil argument (use runtime.PanicNilError)",
                            ),
                            wrapped: vec![],
                        }),
                        bt::RUNTIME_ERROR,
                    )));
                }
                Err(Stop::Panic(v))
            }
            Recover => {
                // Only a deferred call, run directly by a panicking frame, recovers.
                let n = g.frames.len();
                let deferred_direct = n >= 2
                    && g.frames[n - 1].kind == FrameKind::Deferred
                    && g.frames[n - 2].unwinding;
                if deferred_direct {
                    if let Some(v) = g.panicking.take() {
                        return one(v);
                    }
                }
                one(Value::Nil)
            }
            Print | Println => {
                let mut s = String::new();
                for (i, a) in args.iter().enumerate() {
                    if i > 0 && f == Println {
                        s.push(' ');
                    }
                    s.push_str(&crate::sim::fmt::builtin_print(a));
                }
                if f == Println {
                    s.push('\n');
                }
                self.output(g.id, &s, true)?;
                many(vec![])
            }
            Min | Max => {
                let mut best = arg(0);
                for a in args.iter().skip(1) {
                    let less = crate::sim::exec::binary(&prog, BinOp::Lt, a.clone(), best.clone())?
                        .as_bool();
                    if (f == Min) == less {
                        best = a.clone();
                    }
                }
                one(best)
            }
            Make(ty) => self.make(ty, args),
            New(ty) => {
                let z = zero_of(&prog, ty);
                one(crate::sim::exec::addr_of_value(&prog, z))
            }
            _ => Err(misrouted(f)),
        }
    }
}

impl Machine {
    /// `make(T, …)` for a slice, map or channel type.
    fn make(&mut self, ty: Ty, args: &[Value]) -> Res<Results> {
        let prog = self.prog.clone();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        match prog.kind(ty).clone() {
            Kind::Slice(e) => {
                let len = arg(0).as_int();
                let cap = if args.len() > 1 { arg(1).as_int() } else { len };
                if len < 0 {
                    return Err(runtime_error("makeslice: len out of range".into()));
                }
                if cap < len {
                    return Err(runtime_error("makeslice: cap out of range".into()));
                }
                if (cap as u64).saturating_mul(prog.size_of(e).max(1)) > (1 << 34) {
                    return Err(Stop::NotSimulated("a slice larger than 16 GiB".into()));
                }
                if cap > u32::MAX as i64 {
                    return Err(Stop::NotSimulated(
                        "a slice of more than 4,294,967,295 elements".into(),
                    ));
                }
                let z = zero_of(&prog, e);
                let id = self.obj_id();
                let data = if e == bt::UINT8 {
                    Storage::Bytes(vec![0; cap as usize])
                } else {
                    Storage::Values(vec![z; cap as usize])
                };
                let arr = Rc::new(ArrayObj {
                    elem: e,
                    data: RefCell::new(data),
                    id,
                });
                one(Value::Slice(SliceVal {
                    arr: Some(arr),
                    off: 0,
                    len: len as u32,
                    cap: cap as u32,
                    ty,
                }))
            }
            Kind::Map(..) => {
                let hint = if args.is_empty() { 0 } else { arg(0).as_int() };
                if hint < 0 {
                    return Err(runtime_error("makemap: size out of range".into()));
                }
                let id = self.obj_id();
                let hint = usize::try_from(hint).unwrap_or(usize::MAX);
                one(Value::Map(
                    Rc::new(MapObj::new(Default::default(), id, hint)),
                    ty,
                ))
            }
            Kind::Chan(e) => {
                let cap = arg(0).as_int();
                // Go's limit: the buffer must fit in maxAlloc (2^48 on 64-bit) less the
                // channel header; zero-size elements allow any size.
                let buffer = (cap as u64).checked_mul(prog.size_of(e));
                if cap < 0 || buffer.is_none_or(|b| b > (1 << 48) - 96) {
                    return Err(Stop::Panic(error_value("makechan: size out of range")));
                }
                let c = new_chan(self, cap as usize, e);
                one(Value::Chan(c, ty))
            }
            _ => Err(Stop::NotSimulated(format!("make({})", prog.ty(ty).name))),
        }
    }
}

impl Machine {
    /// `close(ch)`: wakes every parked receiver with the zero value and panics every parked sender.
    fn close(&mut self, g: &mut Goroutine, args: &[Value]) -> Res<Results> {
        let prog = self.prog.clone();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        match arg(0) {
            Value::Chan(c, _) => match c.close() {
                Ok((receivers, senders)) => {
                    let line = self.cur_line(g);
                    self.event(EventKind::ChanClose {
                        id: g.id,
                        chan: c.id,
                        line,
                    });
                    let zero = chan_elem_zero(&prog, &c);
                    for w in receivers {
                        if self.is_live_waiter(&w) {
                            self.wake(w.gid, g.id, zero.clone(), false, w.case, false);
                        }
                    }
                    for w in senders {
                        if self.is_live_waiter(&w) {
                            self.wake(w.gid, g.id, Value::Nil, true, w.case, true);
                        }
                    }
                    many(vec![])
                }
                Err(e) => Err(Stop::Panic(error_value(e))),
            },
            _ => Err(Stop::Panic(error_value("close of nil channel"))),
        }
    }
}

impl Machine {
    /// `copy(dst, src)`, also from a string into a byte slice.
    fn copy(&mut self, args: &[Value]) -> Res<Results> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        {
            let (dst, src) = (arg(0), arg(1));
            let src_vals = match &src {
                Value::Str(s, _) => s.bytes().map(|b| Value::Int(b as i64, bt::UINT8)).collect(),
                v => slice_elems(v),
            };
            let n = match &dst {
                Value::Slice(d) => {
                    let n = d.length().min(src_vals.len());
                    if let Some(a) = &d.arr {
                        let mut data = a.data.borrow_mut();
                        for (i, v) in src_vals.into_iter().take(n).enumerate() {
                            data.set(d.offset() + i, v.copied());
                        }
                    }
                    n
                }
                _ => 0,
            };
            one(Value::int(n as i64))
        }
    }
}
