//! Native functions: Go builtins and the standard-library subset.

use super::context::{self, Context};
use super::heap::grow_cap;
use super::interp::*;
use super::ir::{builtin_types as bt, *};
use super::natives::Native;
use super::timer::{TimerAction, TimerObj};
use super::trace::EventKind;
use super::value::*;
use super::wait::WaitReason;
use std::cell::RefCell;
use std::rc::Rc;

impl Machine {
    pub fn call_native(
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
                Value::Ptr(p, _) => super::exec::seq_len(&p.load()),
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
            Copy => {
                let (dst, src) = (arg(0), arg(1));
                let src_vals = match &src {
                    Value::Str(s, _) => {
                        s.bytes().map(|b| Value::Int(b as i64, bt::UINT8)).collect()
                    }
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
            Close => match arg(0) {
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
            },
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
                    s.push_str(&super::fmt::builtin_print(a));
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
                    let less =
                        super::exec::binary(&prog, BinOp::Lt, a.clone(), best.clone())?.as_bool();
                    if (f == Min) == less {
                        best = a.clone();
                    }
                }
                one(best)
            }
            Make(ty) => match prog.kind(ty).clone() {
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
                    let id = self.obj_id();
                    one(Value::Map(
                        Rc::new(MapObj {
                            entries: RefCell::new(Default::default()),
                            writer: Default::default(),
                            id,
                        }),
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
            },
            New(ty) => {
                let z = zero_of(&prog, ty);
                one(super::exec::addr_of_value(&prog, z))
            }
            FmtPrintln | FmtPrint | FmtPrintf | FmtFprintln | FmtFprintf | FmtFprint => {
                let (to_stderr, rest) = match f {
                    FmtFprintln | FmtFprintf | FmtFprint => (arg(0).as_int() == 2, &args[1..]),
                    _ => (false, &args[..]),
                };
                let s = match f {
                    FmtPrintln | FmtFprintln => self.sprintln(g.id, rest)?,
                    FmtPrint | FmtFprint => self.sprint(g.id, rest)?,
                    _ => {
                        let fmt = super::fmt::to_str(&rest.first().cloned().unwrap_or_default());
                        self.sprintf(g.id, &fmt, &rest[1.min(rest.len())..])?
                    }
                };
                self.output(g.id, &s, to_stderr)?;
                many(vec![Value::int(s.len() as i64), Value::Nil])
            }
            FmtSprintf => {
                let fmt = super::fmt::to_str(&arg(0));
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
                let fmt = super::fmt::to_str(&arg(0));
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
            ErrorsNew => one(error_value(&super::fmt::to_str(&arg(0)))),
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
            TimeSleep => {
                let d = arg(0).as_int();
                if d <= 0 {
                    return Err(Stop::Yield);
                }
                g.ticket += 1;
                let when = self.clock.now.saturating_add(d);
                self.clock
                    .schedule(when, TimerAction::WakeSleeper(g.id, g.ticket));
                Err(self.block(g, WaitKind::Sleep, WaitReason::Sleep, Vec::new()))
            }
            TimeAfter | TimeNewTimer | TimeTick | TimeNewTicker => {
                let d = arg(0).as_int();
                let ticker = matches!(f, TimeTick | TimeNewTicker);
                if ticker && d <= 0 {
                    if f == TimeTick {
                        return one(Value::NilOf(bt::CHAN_TIME));
                    }
                    return Err(Stop::Panic(error_value(
                        "non-positive interval for NewTicker",
                    )));
                }
                let timer = self.new_timer(d, ticker, None);
                match f {
                    TimeAfter | TimeTick => {
                        let c = match &timer {
                            Value::Obj(o, _) => match &**o {
                                Object::Timer(t) => t.borrow().chan.clone(),
                                _ => unreachable!(),
                            },
                            _ => unreachable!(),
                        };
                        one(Value::Chan(c, bt::CHAN_TIME))
                    }
                    _ => one(timer),
                }
            }
            TimeAfterFunc => {
                let t = self.new_timer(arg(0).as_int(), false, Some(arg(1)));
                one(t)
            }
            TimeNow => one(Value::Obj(Rc::new(Object::Time(self.clock.now)), bt::TIME)),
            TimeSince => {
                let t = match arg(0) {
                    Value::Obj(o, _) => match &*o {
                        Object::Time(t) => *t,
                        _ => 0,
                    },
                    _ => 0,
                };
                one(Value::Int(self.clock.now - t, bt::DURATION))
            }
            SortSlice | SlicesSortFunc => {
                // Insertion sort calling the Go comparator (stable; inputs are small).
                let v = arg(0);
                let less = arg(1);
                if let Value::Slice(s) = &v {
                    if let Some(a) = &s.arr {
                        let mut elems = slice_elems(&v);
                        let n = elems.len();
                        let mut idx: Vec<usize> = (0..n).collect();
                        for i in 1..n {
                            let mut j = i;
                            while j > 0 {
                                let before = if f == SortSlice {
                                    // sort.Slice compares by index into the current slice.
                                    {
                                        let mut d = a.data.borrow_mut();
                                        for (k, &e) in idx.iter().enumerate() {
                                            d.set(s.offset() + k, elems[e].clone());
                                        }
                                    }
                                    let r = self.call_sync(
                                        g.id,
                                        less.clone(),
                                        vec![Value::int(j as i64), Value::int(j as i64 - 1)],
                                    )?;
                                    r.first().is_some_and(|x| x.as_bool())
                                } else {
                                    let r = self.call_sync(
                                        g.id,
                                        less.clone(),
                                        vec![elems[idx[j]].clone(), elems[idx[j - 1]].clone()],
                                    )?;
                                    r.first().is_some_and(|x| x.as_int() < 0)
                                };
                                if !before {
                                    break;
                                }
                                idx.swap(j, j - 1);
                                j -= 1;
                            }
                        }
                        let sorted: Vec<Value> =
                            idx.iter().map(|&i| std::mem::take(&mut elems[i])).collect();
                        let mut d = a.data.borrow_mut();
                        for (k, e) in sorted.into_iter().enumerate() {
                            d.set(s.offset() + k, e);
                        }
                    }
                }
                many(vec![])
            }
            TimeUntil => {
                let t = match arg(0) {
                    Value::Obj(o, _) => match &*o {
                        Object::Time(t) => *t,
                        _ => 0,
                    },
                    _ => 0,
                };
                one(Value::Int(t - self.clock.now, bt::DURATION))
            }
            ParseBool => {
                let s = super::fmt::to_str(&arg(0));
                match s.as_str() {
                    "1" | "t" | "T" | "true" | "TRUE" | "True" => {
                        many(vec![Value::Bool(true), Value::Nil])
                    }
                    "0" | "f" | "F" | "false" | "FALSE" | "False" => {
                        many(vec![Value::Bool(false), Value::Nil])
                    }
                    _ => many(vec![
                        Value::Bool(false),
                        error_value(&format!(
                            "strconv.ParseBool: parsing {}: invalid syntax",
                            super::fmt::quote(&s)
                        )),
                    ]),
                }
            }
            FormatFloat => {
                let (v, verb, prec) = (
                    arg(0).as_float(),
                    arg(1).as_int() as u8 as char,
                    arg(2).as_int(),
                );
                let fake = Value::Float(v, bt::FLOAT64);
                let spec = if prec < 0 {
                    String::new()
                } else {
                    format!(".{prec}")
                };
                let s = self.sprintf(g.id, &format!("%{spec}{verb}"), &[fake])?;
                one(Value::str(&s))
            }
            SlicesCompact => {
                let v = arg(0);
                if let Value::Slice(s) = &v {
                    let elems = slice_elems(&v);
                    let mut kept: Vec<Value> = Vec::new();
                    for e in elems {
                        if kept.last().is_none_or(|l| !values_equal(l, &e)) {
                            kept.push(e);
                        }
                    }
                    if let Some(a) = &s.arr {
                        let z = zero_of(&prog, a.elem);
                        let mut d = a.data.borrow_mut();
                        for i in 0..s.length() {
                            d.set(
                                s.offset() + i,
                                kept.get(i).cloned().unwrap_or_else(|| z.clone()),
                            );
                        }
                    }
                    let mut r = s.clone();
                    r.len = slice_u32(kept.len());
                    return one(Value::Slice(r));
                }
                one(v)
            }
            BytesEqual => {
                let a: Vec<i64> = slice_elems(&arg(0)).iter().map(|v| v.as_int()).collect();
                let b: Vec<i64> = slice_elems(&arg(1)).iter().map(|v| v.as_int()).collect();
                one(Value::Bool(a == b))
            }
            BytesContains => {
                let a: Vec<u8> = slice_elems(&arg(0))
                    .iter()
                    .map(|v| v.as_int() as u8)
                    .collect();
                let b: Vec<u8> = slice_elems(&arg(1))
                    .iter()
                    .map(|v| v.as_int() as u8)
                    .collect();
                one(Value::Bool(
                    b.is_empty() || a.windows(b.len()).any(|w| w == b.as_slice()),
                ))
            }
            NumGoroutine => one(Value::int(self.live as i64)),
            Gc => many(vec![]),
            Gosched => Err(Stop::Yield),
            NumCpu => one(Value::int(8)),
            Gomaxprocs => one(Value::int(8)),
            CtxBackground => one(Value::Obj(
                Rc::new(Object::Context(RefCell::new(Context::background()))),
                bt::CONTEXT,
            )),
            CtxWithCancel | CtxWithTimeout | CtxWithDeadline => {
                let parent = arg(0);
                let deadline = match f {
                    CtxWithTimeout => Some(self.clock.now.saturating_add(arg(1).as_int())),
                    CtxWithDeadline => Some(match arg(1) {
                        Value::Obj(o, _) => match &*o {
                            Object::Time(t) => *t,
                            _ => 0,
                        },
                        _ => 0,
                    }),
                    _ => None,
                };
                let ctx = self.new_cancel_ctx(parent, deadline);
                let cancel = Value::Func(Rc::new(Callable::Native {
                    f: CtxCancel,
                    recv: Some(ctx.clone()),
                }));
                many(vec![ctx, cancel])
            }
            CtxWithValue => {
                let mut c = Context::background();
                let parent = arg(0);
                if let Value::Obj(o, _) = &parent {
                    if let Object::Context(p) = &**o {
                        let p = p.borrow();
                        c.done = p.done.clone();
                        c.err = p.err;
                        c.deadline = p.deadline;
                    }
                }
                c.values.push((arg(1), arg(2)));
                c.parent = Some(parent);
                one(Value::Obj(
                    Rc::new(Object::Context(RefCell::new(c))),
                    bt::CONTEXT,
                ))
            }
            CtxCancel => {
                self.cancel_ctx(&arg(0), context::CANCELED, g.id);
                many(vec![])
            }
            StrRepeat => {
                let n = arg(1).as_int();
                if n < 0 {
                    return Err(Stop::Panic(error_value("strings: negative Repeat count")));
                }
                one(Value::str(&super::fmt::to_str(&arg(0)).repeat(n as usize)))
            }
            StrToUpper => one(Value::str(&super::fmt::to_str(&arg(0)).to_uppercase())),
            StrToLower => one(Value::str(&super::fmt::to_str(&arg(0)).to_lowercase())),
            StrContains => one(Value::Bool(
                super::fmt::to_str(&arg(0)).contains(super::fmt::to_str(&arg(1)).as_str()),
            )),
            StrHasPrefix => one(Value::Bool(
                super::fmt::to_str(&arg(0)).starts_with(super::fmt::to_str(&arg(1)).as_str()),
            )),
            StrHasSuffix => one(Value::Bool(
                super::fmt::to_str(&arg(0)).ends_with(super::fmt::to_str(&arg(1)).as_str()),
            )),
            StrTrimSpace => one(Value::str(super::fmt::to_str(&arg(0)).trim())),
            StrTrimPrefix => {
                let s = super::fmt::to_str(&arg(0));
                let p = super::fmt::to_str(&arg(1));
                one(Value::str(s.strip_prefix(p.as_str()).unwrap_or(&s)))
            }
            StrTrimSuffix => {
                let s = super::fmt::to_str(&arg(0));
                let p = super::fmt::to_str(&arg(1));
                one(Value::str(s.strip_suffix(p.as_str()).unwrap_or(&s)))
            }
            StrIndex => one(Value::int(
                super::fmt::to_str(&arg(0))
                    .find(super::fmt::to_str(&arg(1)).as_str())
                    .map_or(-1, |i| i as i64),
            )),
            StrReplaceAll => one(Value::str(&super::fmt::to_str(&arg(0)).replace(
                super::fmt::to_str(&arg(1)).as_str(),
                &super::fmt::to_str(&arg(2)),
            ))),
            StrClone => one(Value::str(&super::fmt::to_str(&arg(0)))),
            StrSplit | StrFields => {
                let s = super::fmt::to_str(&arg(0));
                let parts: Vec<Value> = if f == StrFields {
                    s.split_whitespace().map(Value::str).collect()
                } else {
                    let sep = super::fmt::to_str(&arg(1));
                    if sep.is_empty() {
                        s.chars().map(|c| Value::str(&c.to_string())).collect()
                    } else {
                        s.split(sep.as_str()).map(Value::str).collect()
                    }
                };
                let sty = prog
                    .type_by_name
                    .get("[]string")
                    .copied()
                    .unwrap_or(bt::ANY);
                let id = self.obj_id();
                one(make_slice_from(&prog, sty, parts, id))
            }
            StrJoin => {
                let parts: Vec<String> = slice_elems(&arg(0))
                    .iter()
                    .map(super::fmt::to_str)
                    .collect();
                one(Value::str(&parts.join(&super::fmt::to_str(&arg(1)))))
            }
            BytesClone | SlicesClone => {
                let v = arg(0);
                if v.is_nil() {
                    return one(v);
                }
                let ty = v.type_of(&prog);
                let id = self.obj_id();
                let elems = slice_elems(&v);
                // Clone appends to an empty, non-nil slice: capacity follows append's rounding.
                let empty = Value::Slice(SliceVal {
                    arr: Some(new_array(&prog, prog.elem(ty), Vec::new(), 0)),
                    off: 0,
                    len: 0,
                    cap: 0,
                    ty,
                });
                one(append(&prog, empty, elems, id, false))
            }
            BytesRepeat => {
                let elems = slice_elems(&arg(0));
                let n = arg(1).as_int().max(0) as usize;
                let all: Vec<Value> = (0..n).flat_map(|_| elems.clone()).collect();
                let id = self.obj_id();
                one(make_slice_from(&prog, bt::BYTES, all, id))
            }
            Itoa => one(Value::str(&arg(0).as_int().to_string())),
            FormatInt => {
                let (v, base) = (arg(0).as_int(), arg(1).as_int());
                one(Value::str(&super::fmt::format_radix(v, base as u32)))
            }
            Quote => one(Value::str(&super::fmt::quote(&super::fmt::to_str(&arg(0))))),
            Atoi => {
                let s = super::fmt::to_str(&arg(0));
                match s.parse::<i64>() {
                    Ok(v) => many(vec![Value::int(v), Value::Nil]),
                    Err(_) => many(vec![
                        Value::int(0),
                        error_value(&format!(
                            "strconv.Atoi: parsing {}: invalid syntax",
                            super::fmt::quote(&s)
                        )),
                    ]),
                }
            }
            SlicesContains | SlicesIndex => {
                let x = arg(1);
                let pos = slice_elems(&arg(0))
                    .iter()
                    .position(|v| values_equal(v, &x));
                if f == SlicesContains {
                    one(Value::Bool(pos.is_some()))
                } else {
                    one(Value::int(pos.map_or(-1, |p| p as i64)))
                }
            }
            SlicesSort | SortInts | SortStrings | SlicesReverse => {
                let v = arg(0);
                if let Value::Slice(s) = &v {
                    if let Some(a) = &s.arr {
                        let mut elems = slice_elems(&v);
                        if f == SlicesReverse {
                            elems.reverse();
                        } else {
                            elems.sort_by(|x, y| match (x, y) {
                                (Value::Int(a, _), Value::Int(b, _)) => a.cmp(b),
                                (Value::Float(a, _), Value::Float(b, _)) => {
                                    a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
                                }
                                (Value::Str(a, _), Value::Str(b, _)) => a.cmp(b),
                                _ => std::cmp::Ordering::Equal,
                            });
                        }
                        let mut d = a.data.borrow_mut();
                        for (i, e) in elems.into_iter().enumerate() {
                            d.set(s.offset() + i, e);
                        }
                    }
                }
                many(vec![])
            }
            SlicesMax | SlicesMin => {
                let elems = slice_elems(&arg(0));
                if elems.is_empty() {
                    return Err(Stop::Panic(error_value(if f == SlicesMax {
                        "slices.Max: empty list"
                    } else {
                        "slices.Min: empty list"
                    })));
                }
                let mut best = elems[0].clone();
                for e in &elems[1..] {
                    let less =
                        super::exec::binary(&prog, BinOp::Lt, e.clone(), best.clone())?.as_bool();
                    if (f == SlicesMin) == less {
                        best = e.clone();
                    }
                }
                one(best)
            }
            OsExit => Err(Stop::Exit(arg(0).as_int() as i32)),
            MathSqrt => one(Value::Float(arg(0).as_float().sqrt(), bt::FLOAT64)),
            MathAbs => one(Value::Float(arg(0).as_float().abs(), bt::FLOAT64)),
            MathMaxF => one(Value::Float(
                arg(0).as_float().max(arg(1).as_float()),
                bt::FLOAT64,
            )),
            MathMinF => one(Value::Float(
                arg(0).as_float().min(arg(1).as_float()),
                bt::FLOAT64,
            )),
            MathFloor => one(Value::Float(arg(0).as_float().floor(), bt::FLOAT64)),
            MathPow => one(Value::Float(
                arg(0).as_float().powf(arg(1).as_float()),
                bt::FLOAT64,
            )),
            ObjMethod(name) => {
                let mut args = std::mem::take(args);
                if args.is_empty() {
                    return Err(Stop::NotSimulated("method value without receiver".into()));
                }
                let recv = args.remove(0);
                self.object_method(g, recv, name, args).map(Results::from)
            }
            WgDone => {
                if let Value::Obj(o, _) = arg(0) {
                    if let Object::WaitGroup(w) = &*o {
                        let r = w.borrow_mut().add(-1);
                        match r {
                            Ok(wake) => {
                                for gid in wake {
                                    self.wake(gid, g.id, Value::Nil, true, 0, false);
                                }
                            }
                            Err(e) => return Err(Stop::Panic(error_value(e))),
                        }
                    }
                }
                many(vec![])
            }
            RunThen => {
                let pair = slice_elems(&arg(0));
                let (f0, done) = (
                    pair.first().cloned().unwrap_or_default(),
                    pair.get(1).cloned().unwrap_or_default(),
                );
                let depth = g.frames.len();
                self.call_value(g, f0, vec![], 0, FrameKind::Entry, false)?;
                if g.frames.len() > depth {
                    g.frames.last_mut().unwrap().defers.insert(
                        0,
                        Deferred {
                            callee: done,
                            args: vec![],
                        },
                    );
                    many(vec![])
                } else {
                    self.call_value(g, done, vec![], 0, FrameKind::Normal, false)?;
                    many(vec![])
                }
            }
            TestRunner => self.test_runner_step(g).map(Results::from),
            TestDone => {
                self.test_done(g.id);
                many(vec![])
            }
        }
    }

    pub fn new_timer(&mut self, d: i64, ticker: bool, func: Option<Value>) -> Value {
        let chan = {
            let id = self.obj_id();
            let mut c = super::chan::Chan::new(id, 1, bt::TIME);
            c.is_timer = true;
            Rc::new(c)
        };
        let id = self.obj_id();
        let obj = Rc::new(Object::Timer(RefCell::new(TimerObj {
            chan,
            pending: None,
            period: if ticker { d.max(1) } else { 0 },
            id,
            func,
        })));
        let v = Value::Obj(obj, if ticker { bt::TICKER } else { bt::TIMER });
        self.timer_arm(&v, d);
        v
    }

    pub fn new_cancel_ctx(&mut self, parent: Value, deadline: Option<i64>) -> Value {
        let done = new_chan(self, 0, bt::EMPTY_STRUCT);
        let mut c = Context::background();
        c.done = Some(done);
        c.parent = Some(parent.clone());
        let mut parent_deadline = None;
        let mut parent_err = None;
        if let Value::Obj(o, _) = &parent {
            if let Object::Context(p) = &**o {
                let p = p.borrow();
                parent_deadline = p.deadline;
                parent_err = p.err;
            }
        }
        c.deadline = match (deadline, parent_deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let ctx = Value::Obj(Rc::new(Object::Context(RefCell::new(c))), bt::CONTEXT);
        if let Value::Obj(o, _) = &parent {
            if let Object::Context(p) = &**o {
                p.borrow_mut().children.push(ctx.clone());
            }
        }
        if let Some(e) = parent_err {
            self.cancel_ctx(&ctx, e, 0);
        } else if let Some(d) = deadline {
            if d <= self.clock.now {
                self.cancel_ctx(&ctx, context::DEADLINE_EXCEEDED, 0);
            } else {
                let seq = self
                    .clock
                    .schedule(d, TimerAction::CancelContext(ctx.clone()));
                if let Value::Obj(o, _) = &ctx {
                    if let Object::Context(c) = &**o {
                        c.borrow_mut().timer_seq = Some(seq);
                    }
                }
            }
        }
        ctx
    }

    pub fn cancel_ctx(&mut self, ctx: &Value, err: &'static str, by: u32) {
        let Value::Obj(o, _) = ctx else { return };
        let Object::Context(c) = &**o else { return };
        let (done, children, seq) = {
            let mut c = c.borrow_mut();
            if c.err.is_some() || c.done.is_none() {
                return;
            }
            c.err = Some(err);
            (
                c.done.clone(),
                std::mem::take(&mut c.children),
                c.timer_seq.take(),
            )
        };
        if let Some(seq) = seq {
            self.clock.cancel(seq);
        }
        if let Some(d) = done {
            if let Ok((receivers, _)) = d.close() {
                let line = 0;
                self.event(EventKind::ChanClose {
                    id: by,
                    chan: d.id,
                    line,
                });
                for w in receivers {
                    if self.is_live_waiter(&w) {
                        self.wake(w.gid, by, Value::Nil, false, w.case, false);
                    }
                }
            }
        }
        for child in children {
            self.cancel_ctx(&child, err, by);
        }
    }

    pub fn ctx_done(&mut self, ctx: &Value) -> Value {
        if let Value::Obj(o, _) = ctx {
            if let Object::Context(c) = &**o {
                if let Some(d) = &c.borrow().done {
                    return Value::Chan(d.clone(), bt::CHAN_STRUCT);
                }
            }
        }
        Value::NilOf(bt::CHAN_STRUCT)
    }

    pub fn ctx_error(&mut self, e: &'static str) -> Value {
        // Sentinel errors compare equal through `is_same_sentinel`.
        error_value(e)
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

pub fn append(prog: &Program, base: Value, extra: Vec<Value>, id: u32, in_loop: bool) -> Value {
    let (arr, off, len, cap, ty) = match base {
        Value::Slice(s) => {
            let (off, len, cap) = (s.offset(), s.length(), s.capacity());
            (s.arr, off, len, cap, s.ty)
        }
        Value::NilOf(t) => (None, 0, 0, 0, t),
        _ => (None, 0, 0, 0, bt::ANY),
    };
    if extra.is_empty() {
        return Value::Slice(SliceVal::new(arr, off, len, cap, ty));
    }
    let elem = prog.elem(ty);
    let extra: Vec<Value> = extra
        .into_iter()
        .map(|v| super::exec::coerce(prog, v, elem).copied())
        .collect();
    let new_len = len + extra.len();
    if new_len <= cap {
        let a = arr.unwrap();
        {
            let mut d = a.data.borrow_mut();
            for (i, v) in extra.into_iter().enumerate() {
                d.set(off + len + i, v);
            }
        }
        return Value::Slice(SliceVal::new(Some(a), off, new_len, cap, ty));
    }
    let elem_size = prog.size_of(elem);
    let mut new_cap = grow_cap(cap, new_len, elem_size);
    // Go 1.25+ gives the first append to a nil slice a 32-byte backing store (on the
    // stack when the slice does not escape; we cannot tell, so we always do).
    if in_loop
        && arr.is_none()
        && elem_size > 0
        && elem_size <= 32
        && (new_len as u64) * elem_size <= 32
    {
        new_cap = new_cap.max((32 / elem_size) as usize);
    }
    let mut vals: Vec<Value> = match &arr {
        Some(a) => {
            let d = a.data.borrow();
            (off..off + len).map(|i| d.get(i)).collect()
        }
        None => Vec::new(),
    };
    vals.extend(extra);
    let z = zero_of(prog, elem);
    vals.resize(new_cap, z);
    let a = new_array(prog, elem, vals, id);
    Value::Slice(SliceVal::new(Some(a), 0, new_len, new_cap, ty))
}
