//! The op loop: executes IR ops of one goroutine until it blocks, yields or ends.

use super::chan::{Chan, RecvOutcome, SendOutcome, Waiter};
use super::interp::*;
use super::ir::{builtin_types as bt, *};
use super::trace::EventKind;
use super::value::*;
use std::cell::RefCell;
use std::rc::Rc;

impl Machine {
    /// Runs `g` for at most `fuel` ops.
    pub fn run_ops(&mut self, g: &mut Goroutine, fuel: u64) -> Stop {
        let prog = self.prog.clone();
        let mut fuel = fuel;
        if let Some(p) = g.pending_panic.take() {
            if let Err(stop) = self.start_panic(g, p) {
                return stop;
            }
        }
        if let Some((callee, args)) = g.start.take() {
            if let Err(stop) = self.call_value(g, callee, args, 0, FrameKind::Entry, false) {
                return stop;
            }
        }
        loop {
            if fuel == 0 {
                return Stop::Yield;
            }
            if self.steps >= self.budgets.max_steps {
                self.steps += 1;
                return Stop::Budget(super::BudgetKind::Steps, format!("leaklab: stopped after {} steps (step budget); the program may loop forever", self.budgets.max_steps));
            }
            // A map write overlaps only the op that follows it.
            if let Some(m) = g.map_writing.take() {
                m.writer.set(None);
            }
            // Simple ops run back to back here, keeping the frame and its code at hand.
            let room = fuel.min(self.budgets.max_steps - self.steps);
            let mut ran = 0;
            let mut result = Ok(());
            // Whether the next op is one for `exec` (it also handles a missing frame and
            // running off the end of the code).
            let mut needs_exec = true;
            if let Some(frame) = g.frames.last_mut() {
                let code = &prog.funcs[frame.func as usize].code;
                let (base, captures) = (frame.base as usize, &frame.captures);
                let mut pc = frame.pc;
                while ran < room {
                    let Some(op) = code.get(pc as usize) else {
                        break;
                    };
                    match simple_op(&prog, &self.globals, op, base, captures, &mut g.stack) {
                        Ok(Flow::Next) => pc += 1,
                        Ok(Flow::Goto(t)) => pc = t,
                        Ok(Flow::Other) => break,
                        Err(stop) => {
                            // Positions are read from the op after the one that failed.
                            pc += 1;
                            ran += 1;
                            result = Err(stop);
                            needs_exec = false;
                            break;
                        }
                    }
                    ran += 1;
                }
                frame.pc = pc;
                needs_exec &= ran < room;
            }
            fuel -= ran;
            self.steps += ran;
            if needs_exec {
                fuel -= 1;
                self.steps += 1;
                result = self.exec(g, &prog);
            }
            if let Err(stop) = result {
                match stop {
                    Stop::Panic(v) => {
                        if let Err(stop) = self.start_panic(g, v) {
                            return stop;
                        }
                    }
                    other => return other,
                }
            }
        }
    }

    fn exec(&mut self, g: &mut Goroutine, prog: &Program) -> Res<()> {
        let frame = g.frames.last_mut().ok_or(Stop::Done)?;
        let code = &prog.funcs[frame.func as usize].code;
        let Some(op) = code.get(frame.pc as usize) else {
            return self.do_return(g, 0);
        };
        frame.pc += 1;
        let base = frame.base as usize;
        match op {
            Op::AddrBoxed(s) => {
                let v = match &g.stack[base + *s as usize] {
                    Value::Ptr(Pointer::Cell(c), _) => addr_of_cell(prog, c),
                    v => addr_of_value(prog, v.clone()),
                };
                g.stack.push(v);
            }
            Op::AddrCapture(i) => {
                let c = frame.captures[*i as usize].clone();
                g.stack.push(addr_of_cell(prog, &c));
            }
            Op::AddrGlobal(i) => {
                let c = self.globals[*i as usize].clone();
                g.stack.push(addr_of_cell(prog, &c));
            }
            Op::AddrField(name) => {
                let obj = g.stack.pop().unwrap_or_default();
                let obj = deref_struct(obj)?;
                let v = match &obj {
                    Value::Struct(s) => match field_index(prog, s.ty, *name) {
                        Some(FieldPath::Direct(i)) => {
                            let inner = s.fields.borrow()[i].clone();
                            match inner {
                                Value::Struct(inner_s) => {
                                    Value::Ptr(Pointer::Struct(inner_s.clone()), 0)
                                }
                                Value::Obj(..) => inner,
                                _ => Value::Ptr(Pointer::Field(s.clone(), i as u32), 0),
                            }
                        }
                        Some(FieldPath::Embedded(i)) => {
                            let inner = s.fields.borrow()[i].clone();
                            get_field(prog, inner, *name)?
                        }
                        None => obj.clone(),
                    },
                    _ => obj.clone(),
                };
                g.stack.push(v);
            }
            Op::AddrIndex => {
                let idx = g.stack.pop().unwrap_or_default();
                let coll = g.stack.pop().unwrap_or_default();
                let v = match &coll {
                    Value::Slice(s) => {
                        let i = idx.as_int();
                        if i < 0 || i as usize >= s.length() {
                            return Err(runtime_error(format!(
                                "index out of range [{i}] with length {}",
                                s.len
                            )));
                        }
                        let arr = s.arr.clone().unwrap();
                        let e = arr.data.borrow().get(s.offset() + i as usize);
                        match e {
                            Value::Struct(st) => Value::Ptr(Pointer::Struct(st), 0),
                            _ => Value::Ptr(Pointer::Elem(arr, s.off + i as u32), 0),
                        }
                    }
                    Value::Array(a, _) => {
                        let i = idx.as_int();
                        let e = a.data.borrow().get(i as usize);
                        match e {
                            Value::Struct(st) => Value::Ptr(Pointer::Struct(st), 0),
                            _ => Value::Ptr(Pointer::Elem(a.clone(), i as u32), 0),
                        }
                    }
                    _ => index_value(prog, &coll, &idx)?,
                };
                g.stack.push(v);
            }
            Op::Convert(t) => {
                let v = g.stack.pop().unwrap_or_default();
                let v = convert(prog, v, *t, self)?;
                g.stack.push(v);
            }
            Op::Call {
                nargs,
                want,
                spread,
                unpack,
            } => {
                let (nargs, want, spread, unpack) = (*nargs, *want, *spread, *unpack);
                let n = self.unpack(g, nargs, unpack);
                let callee_at = g.stack.len() - n - 1;
                // Fast path: a plain Go function with exactly its parameters.
                if let Value::Func(c) = &g.stack[callee_at] {
                    if let Callable::Func { func, captures } = &**c {
                        let f = &prog.funcs[*func as usize];
                        if !f.variadic && !spread && f.nparams as usize == n {
                            let (func, captures) = (*func, captures.clone());
                            let b = (callee_at + 1) as u32;
                            return self.push_frame(
                                g,
                                func,
                                captures,
                                b,
                                callee_at as u32,
                                want,
                                FrameKind::Normal,
                            );
                        }
                    }
                }
                let args = g.stack.split_off(callee_at + 1);
                let callee = g.stack.pop().unwrap_or_default();
                return self.call_value(g, callee, args, want, FrameKind::Normal, spread);
            }
            Op::CallMethod {
                name,
                nargs,
                want,
                spread,
                unpack,
            } => {
                let (name, nargs, want, spread, unpack) = (*name, *nargs, *want, *spread, *unpack);
                let n = self.unpack(g, nargs, unpack);
                let recv_at = g.stack.len() - n - 1;
                let args = g.stack.split_off(recv_at + 1);
                let recv = g.stack.pop().unwrap_or_default();
                return self.call_method(g, recv, name, args, want, spread);
            }
            Op::CallNative {
                f,
                nargs,
                want,
                spread,
                unpack,
            } => {
                let (f, nargs, want, spread, unpack) = (*f, *nargs, *want, *spread, *unpack);
                let n = self.unpack(g, nargs, unpack);
                // The argument list's allocation is kept between calls.
                let mut args = std::mem::take(&mut self.native_args);
                let at = g.stack.len() - n;
                for slot in &mut g.stack[at..] {
                    args.push(std::mem::take(slot));
                }
                g.stack.truncate(at);
                if spread
                    && !matches!(
                        f,
                        super::natives::Native::Append | super::natives::Native::AppendInLoop
                    )
                {
                    if let Some(last) = args.pop() {
                        args.extend(slice_elems(&last));
                    }
                } else if spread {
                    // append(a, b...) : keep b as a slice, marked by a tuple wrapper
                    if let Some(last) = args.pop() {
                        args.push(Value::Tuple(Rc::new(vec![last])));
                    }
                }
                let results = self.call_native(g, f, &mut args);
                args.clear();
                self.native_args = args;
                push_results(g, results?, want);
            }
            Op::BindMethod(name) => {
                let recv = g.stack.pop().unwrap_or_default();
                let v = self.bind_method(recv, *name)?;
                g.stack.push(v);
            }
            Op::NativeValue(f) => g
                .stack
                .push(Value::Func(Rc::new(Callable::Native { f: *f, recv: None }))),
            Op::MakeClosure { func, captures } => {
                let cells: Vec<CellRef> = captures
                    .iter()
                    .map(|c| match c {
                        Capture::Local(s) => match &g.stack[base + *s as usize] {
                            Value::Ptr(Pointer::Cell(c), _) => c.clone(),
                            v => Rc::new(RefCell::new(v.clone())),
                        },
                        Capture::Outer(i) => frame.captures[*i as usize].clone(),
                    })
                    .collect();
                g.stack.push(Value::Func(Rc::new(Callable::Func {
                    func: *func,
                    captures: Rc::from(cells),
                })));
            }
            Op::Go { nargs, spread } => {
                let (nargs, spread) = (*nargs as usize, *spread);
                let n = self.unpack(g, nargs as u8, false);
                let mut args = g.stack.split_off(g.stack.len() - n);
                let callee = g.stack.pop().unwrap_or_default();
                if spread {
                    if let Value::Func(c) = &callee {
                        if let Callable::Func { func, .. } = &**c {
                            if prog.funcs[*func as usize].variadic {
                                // keep the slice as the variadic parameter
                            } else if let Some(last) = args.pop() {
                                args.extend(slice_elems(&last));
                            }
                        }
                    }
                }
                let args: Vec<Value> = args.into_iter().map(|a| a.copied()).collect();
                let line = self.cur_line(g);
                self.spawn(g.id, line, callee, args)?;
            }
            Op::Defer { nargs, spread } => {
                let n = *nargs as usize;
                let _ = spread;
                let args = g.stack.split_off(g.stack.len() - n);
                let callee = g.stack.pop().unwrap_or_default();
                let args = args.into_iter().map(|a| a.copied()).collect();
                g.frames
                    .last_mut()
                    .unwrap()
                    .defers
                    .push(Deferred { callee, args });
            }
            Op::Return(n) => return self.do_return(g, *n),
            Op::ReturnNamed => {
                let f = g.frames.last_mut().unwrap();
                f.returning = true;
                return self.continue_return(g);
            }
            Op::LoadField(name) => {
                let obj = g.stack.pop().unwrap_or_default();
                let v = match get_field(prog, obj.clone(), *name) {
                    Ok(v) => v,
                    Err(Stop::NotSimulated(_)) => self.bind_method(obj, *name)?,
                    Err(e) => return Err(e),
                };
                g.stack.push(v);
            }
            Op::StoreField(name) => {
                let v = g.stack.pop().unwrap_or_default();
                let obj = g.stack.pop().unwrap_or_default();
                set_field(prog, obj, *name, v)?;
            }
            Op::IndexForUpdate => {
                let idx = g.stack.pop().unwrap_or_default();
                let coll = g.stack.pop().unwrap_or_default();
                let v = index_value(prog, &coll, &idx)?;
                g.stack.push(v);
            }
            Op::Index => {
                let idx = g.stack.pop().unwrap_or_default();
                let coll = g.stack.pop().unwrap_or_default();
                if let Value::Map(m, _) = &coll {
                    if let Some(w) = m.writer.get() {
                        if w != g.id {
                            return Err(Stop::Fatal("concurrent map read and map write".into()));
                        }
                    }
                }
                let v = index_value(prog, &coll, &idx)?;
                g.stack.push(v);
            }
            Op::IndexOk => {
                let idx = g.stack.pop().unwrap_or_default();
                let coll = g.stack.pop().unwrap_or_default();
                let (v, ok) = match &coll {
                    Value::Map(m, ty) => match m.entries.borrow().get(&idx.map_key()) {
                        Some((_, v)) => (v.clone(), true),
                        None => (zero_of(prog, prog.elem(*ty)), false),
                    },
                    Value::NilOf(ty) => (zero_of(prog, prog.elem(*ty)), false),
                    Value::Obj(o, _) => match &**o {
                        Object::SyncMap(m) => match m.borrow().get(&idx.map_key()) {
                            Some((_, v)) => (v.clone(), true),
                            None => (Value::Nil, false),
                        },
                        _ => (Value::Nil, false),
                    },
                    _ => (index_value(prog, &coll, &idx)?, true),
                };
                g.stack.push(v);
                g.stack.push(Value::Bool(ok));
            }
            Op::StoreIndex => {
                let v = g.stack.pop().unwrap_or_default();
                let idx = g.stack.pop().unwrap_or_default();
                let coll = g.stack.pop().unwrap_or_default();
                self.store_index(g, coll, idx, v)?;
            }
            Op::Slice {
                has_low,
                has_high,
                has_max,
            } => {
                let max = if *has_max {
                    Some(g.stack.pop().unwrap_or_default().as_int())
                } else {
                    None
                };
                let high = if *has_high {
                    Some(g.stack.pop().unwrap_or_default().as_int())
                } else {
                    None
                };
                let low = if *has_low {
                    g.stack.pop().unwrap_or_default().as_int()
                } else {
                    0
                };
                let coll = g.stack.pop().unwrap_or_default();
                let v = slice_value(prog, coll, low, high, max)?;
                g.stack.push(v);
            }
            Op::Deref => {
                let p = g.stack.pop().unwrap_or_default();
                match p {
                    Value::Ptr(p, _) => g.stack.push(p.load()),
                    Value::Obj(..) => g.stack.push(p),
                    _ => {
                        return Err(Stop::Panic(runtime_err_value(
                            "invalid memory address or nil pointer dereference",
                        )))
                    }
                }
            }
            Op::StoreDeref => {
                let v = g.stack.pop().unwrap_or_default();
                match g.stack.pop().unwrap_or_default() {
                    Value::Ptr(p, _) => p.store(v.copied()),
                    _ => {
                        return Err(Stop::Panic(runtime_err_value(
                            "invalid memory address or nil pointer dereference",
                        )))
                    }
                }
            }
            Op::MakeSlice { ty, n } => {
                let vals = g.stack.split_off(g.stack.len() - *n as usize);
                let id = self.obj_id();
                let v = make_slice_from(prog, *ty, coerce_all(prog, vals, prog.elem(*ty)), id);
                g.stack.push(v);
            }
            Op::MakeTuple(n) => {
                let vals = g.stack.split_off(g.stack.len() - *n as usize);
                g.stack.push(Value::Tuple(Rc::new(vals)));
            }
            Op::MakeArray { ty, n } => {
                let mut vals = coerce_all(
                    prog,
                    g.stack.split_off(g.stack.len() - *n as usize),
                    prog.elem(*ty),
                );
                if let Kind::Array(len, e) = prog.kind(*ty) {
                    while vals.len() < *len as usize {
                        vals.push(zero_of(prog, *e));
                    }
                }
                let id = self.obj_id();
                let vals = vals.into_iter().map(|v| v.copied()).collect();
                g.stack
                    .push(Value::Array(new_array(prog, prog.elem(*ty), vals, id), *ty));
            }
            Op::MakeKeyedArray { ty, n } => {
                let pairs = g.stack.split_off(g.stack.len() - 2 * *n as usize);
                let e = prog.elem(*ty);
                let mut vals: Vec<Value> = Vec::new();
                let mut next = 0usize;
                for p in pairs.chunks(2) {
                    let k = p[0].as_int();
                    let i = if k < 0 { next } else { k as usize };
                    while vals.len() <= i {
                        vals.push(zero_of(prog, e));
                    }
                    vals[i] = coerce(prog, p[1].clone(), e).copied();
                    next = i + 1;
                }
                if let Kind::Array(len, _) = prog.kind(*ty) {
                    while vals.len() < *len as usize {
                        vals.push(zero_of(prog, e));
                    }
                    let id = self.obj_id();
                    g.stack
                        .push(Value::Array(new_array(prog, e, vals, id), *ty));
                } else {
                    let id = self.obj_id();
                    g.stack.push(make_slice_from(prog, *ty, vals, id));
                }
            }
            Op::MakeMap { ty, n } => {
                let pairs = g.stack.split_off(g.stack.len() - 2 * *n as usize);
                let (kt, vt) = match prog.kind(*ty) {
                    Kind::Map(k, v) => (*k, *v),
                    _ => (bt::ANY, bt::ANY),
                };
                let mut entries = std::collections::BTreeMap::new();
                for p in pairs.chunks(2) {
                    let k = coerce(prog, p[0].clone(), kt).copied();
                    entries.insert(k.map_key(), (k, coerce(prog, p[1].clone(), vt).copied()));
                }
                let id = self.obj_id();
                g.stack.push(Value::Map(
                    Rc::new(MapObj {
                        entries: RefCell::new(entries),
                        writer: Default::default(),
                        id,
                    }),
                    *ty,
                ));
            }
            Op::MakeStruct { ty, fields } => {
                let vals = g.stack.split_off(g.stack.len() - fields.len());
                let v = zero_of(prog, *ty);
                if let Value::Struct(s) = &v {
                    if let Kind::Struct(fs) = prog.kind(*ty) {
                        let mut slots = s.fields.borrow_mut();
                        for (name, val) in fields.iter().zip(vals) {
                            if let Some(i) = fs.iter().position(|f| f.name == *name) {
                                slots[i] = coerce(prog, val, fs[i].ty).copied();
                            }
                        }
                    }
                }
                g.stack.push(v);
            }
            Op::MakeStructPositional { ty, n } => {
                let vals = g.stack.split_off(g.stack.len() - *n as usize);
                let v = zero_of(prog, *ty);
                if let Value::Struct(s) = &v {
                    if let Kind::Struct(fs) = prog.kind(*ty) {
                        let mut slots = s.fields.borrow_mut();
                        for (i, val) in vals.into_iter().enumerate() {
                            if i < slots.len() {
                                slots[i] = coerce(prog, val, fs[i].ty).copied();
                            }
                        }
                    }
                }
                g.stack.push(v);
            }
            Op::AddrOfValue => {
                let v = g.stack.pop().unwrap_or_default();
                g.stack.push(addr_of_value(prog, v));
            }
            Op::Send => {
                let v = g.stack.pop().unwrap_or_default();
                let ch = g.stack.pop().unwrap_or_default();
                return self.send(g, ch, v);
            }
            Op::Recv | Op::RecvOk => {
                let ok_form = matches!(op, Op::RecvOk);
                let ch = g.stack.pop().unwrap_or_default();
                return self.recv(
                    g,
                    ch,
                    if ok_form {
                        WaitKind::RecvOk
                    } else {
                        WaitKind::Recv
                    },
                );
            }
            Op::Select { cases, has_default } => {
                return self.select(g, cases, *has_default);
            }
            Op::TypeAssert { ty, ok } => {
                let v = g.stack.pop().unwrap_or_default();
                let matches = type_matches(prog, &v, *ty);
                if *ok {
                    g.stack.push(if matches { v } else { zero_of(prog, *ty) });
                    g.stack.push(Value::Bool(matches));
                } else if matches {
                    g.stack.push(v);
                } else {
                    let have = if v.is_nil() && matches!(v, Value::Nil) {
                        "nil".to_owned()
                    } else {
                        prog.ty(v.type_of(prog)).name.clone()
                    };
                    let msg = format!(
                        "interface conversion: interface {{}} is {have}, not {}",
                        prog.ty(*ty).name
                    );
                    return Err(Stop::Panic(Value::Obj(
                        Rc::new(Object::Error {
                            msg: Rc::from(msg.as_str()),
                            wrapped: Vec::new(),
                        }),
                        bt::RUNTIME_ERROR,
                    )));
                }
            }
            Op::TypeIs(ty) => {
                let v = g.stack.pop().unwrap_or_default();
                let m = if *ty == bt::INVALID {
                    matches!(v, Value::Nil)
                } else {
                    type_matches(prog, &v, *ty)
                };
                g.stack.push(Value::Bool(m));
            }
            Op::RangeStart => {
                let coll = g.stack.pop().unwrap_or_default();
                let it = match coll {
                    Value::Int(n, ty) => RangeIter::Int {
                        next: 0,
                        end: n,
                        ty,
                    },
                    Value::Str(s, _) => RangeIter::Str { s, pos: 0 },
                    Value::Map(m, _) => {
                        let items = m.entries.borrow().values().cloned().collect();
                        RangeIter::Map {
                            items,
                            next: 0,
                            map: m,
                        }
                    }
                    Value::Chan(..) | Value::NilOf(_) if !matches!(coll, Value::NilOf(t) if !matches!(prog.kind(t), Kind::Chan(_))) =>
                    {
                        g.stack.push(coll);
                        return Ok(());
                    }
                    Value::Ptr(p, _) => {
                        let v = p.load();
                        let len = seq_len(&v);
                        RangeIter::Seq {
                            coll: v,
                            next: 0,
                            len,
                        }
                    }
                    Value::Func(_) => return Err(Stop::NotSimulated("range over function".into())),
                    other => {
                        let len = seq_len(&other);
                        RangeIter::Seq {
                            coll: other,
                            next: 0,
                            len,
                        }
                    }
                };
                g.stack.push(Value::Iter(Rc::new(RefCell::new(it))));
            }
            Op::RangeNext { end, want } => {
                let (end, want) = (*end, *want);
                let it = g.stack.pop().unwrap_or_default();
                match it {
                    Value::Iter(it) => {
                        let mut it = it.borrow_mut();
                        let item: Option<(Value, Value)> = match &mut *it {
                            RangeIter::Int { next, end, ty } => {
                                if *next < *end {
                                    *next += 1;
                                    Some((Value::Int(*next - 1, *ty), Value::Nil))
                                } else {
                                    None
                                }
                            }
                            RangeIter::Seq { coll, next, len } => {
                                if *next < *len {
                                    *next += 1;
                                    let v = if want >= 2 {
                                        index_value(prog, coll, &Value::int(*next as i64 - 1))?
                                    } else {
                                        Value::Nil
                                    };
                                    Some((Value::int(*next as i64 - 1), v))
                                } else {
                                    None
                                }
                            }
                            RangeIter::Str { s, pos } => match s[*pos..].chars().next() {
                                Some(c) => {
                                    let p = *pos;
                                    *pos += c.len_utf8();
                                    Some((Value::int(p as i64), Value::Int(c as i64, bt::INT32)))
                                }
                                None => None,
                            },
                            RangeIter::Map { items, next, map } => {
                                let mut found = None;
                                while *next < items.len() {
                                    let (k, v) = items[*next].clone();
                                    *next += 1;
                                    if let Some((_, cur)) = map.entries.borrow().get(&k.map_key()) {
                                        let _ = v;
                                        found = Some((k, cur.clone()));
                                        break;
                                    }
                                }
                                found
                            }
                        };
                        match item {
                            Some((k, v)) => {
                                if want >= 1 {
                                    g.stack.push(k);
                                }
                                if want >= 2 {
                                    g.stack.push(v);
                                }
                            }
                            None => g.frames.last_mut().unwrap().pc = end,
                        }
                    }
                    ch => return self.recv(g, ch, WaitKind::RangeChan { end, want }),
                }
            }
            // `run_ops` runs these itself; here for completeness.
            Op::Const(_)
            | Op::Zero(_)
            | Op::Pop
            | Op::Dup
            | Op::LoadLocal(_)
            | Op::StoreLocal(_)
            | Op::IncLocal(..)
            | Op::LoadBoxed(_)
            | Op::StoreBoxed(_)
            | Op::NewBox(_)
            | Op::RebindBox(_)
            | Op::LoadCapture(_)
            | Op::StoreCapture(_)
            | Op::LoadGlobal(_)
            | Op::StoreGlobal(_)
            | Op::Binary(_)
            | Op::Unary(_)
            | Op::Jump(_)
            | Op::JumpIfFalse(_)
            | Op::CompareJump { .. }
            | Op::JumpIfTrue(_)
            | Op::RangeChanNext { .. }
            | Op::Nop => {
                match simple_op(prog, &self.globals, op, base, &frame.captures, &mut g.stack)? {
                    Flow::Goto(t) => frame.pc = t,
                    Flow::Next | Flow::Other => {}
                }
            }
            Op::NotSimulated(k) => {
                let what = prog
                    .not_simulated
                    .get(*k as usize)
                    .cloned()
                    .unwrap_or_default();
                return Err(Stop::NotSimulated(what));
            }
        }
        Ok(())
    }

    /// Records a completed send on `c`; a value handed straight to a waiting receiver
    /// also wakes it.
    fn sent(&mut self, gid: u32, c: &Chan, line: u32, receiver: Option<Waiter>) {
        self.event(EventKind::ChanSend {
            id: gid,
            chan: c.id,
            occupancy: c.len(),
            cap: c.cap,
            line,
        });
        if let Some(w) = receiver {
            self.wake(w.gid, gid, w.value, true, w.case, false);
        }
    }

    /// Records a completed receive from `c`; a value taken from a waiting sender also
    /// wakes it.
    fn received(&mut self, gid: u32, c: &Chan, line: u32, sender: Option<Waiter>) {
        let from = sender.as_ref().map(|w| w.gid);
        self.event(EventKind::ChanRecv {
            id: gid,
            chan: c.id,
            occupancy: c.len(),
            cap: c.cap,
            line,
            from,
        });
        if let Some(w) = sender {
            self.wake(w.gid, gid, Value::Nil, false, w.case, false);
        }
    }

    fn unpack(&mut self, g: &mut Goroutine, nargs: u8, unpack: bool) -> usize {
        if unpack {
            if let Some(Value::Tuple(t)) = g.stack.last() {
                let t = t.clone();
                g.stack.pop();
                g.stack.extend(t.iter().cloned());
                return t.len();
            }
        }
        nargs as usize
    }

    fn do_return(&mut self, g: &mut Goroutine, n: u8) -> Res<()> {
        let prog = self.prog.clone();
        let frame = g.frames.last_mut().unwrap();
        let f = &prog.funcs[frame.func as usize];
        let start = frame.base as usize + f.nparams as usize;
        let vals = g.stack.split_off(g.stack.len() - n as usize);
        for (i, v) in vals.into_iter().enumerate() {
            let slot = start + i;
            let v = v.copied();
            match &g.stack[slot] {
                Value::Ptr(Pointer::Cell(c), 0)
                    if f.boxed_params.contains(&((f.nparams as usize + i) as u16)) =>
                {
                    *c.borrow_mut() = v
                }
                _ => g.stack[slot] = v,
            }
        }
        frame.returning = true;
        self.continue_return(g)
    }

    pub fn send(&mut self, g: &mut Goroutine, ch: Value, v: Value) -> Res<()> {
        let c = match ch {
            Value::Chan(c, _) => c,
            _ => {
                let s = self.block(g, WaitKind::Forever, "chan send (nil chan)", Vec::new());
                return Err(s);
            }
        };
        let v = coerce(&self.prog, v, c.elem).copied();
        let outcome = c.try_send(v.clone(), &|w| self.is_live_waiter(w));
        let line = self.cur_line(g);
        match outcome {
            SendOutcome::Handed(w) => {
                self.sent(g.id, &c, line, Some(w));
                Ok(())
            }
            SendOutcome::Buffered => {
                self.sent(g.id, &c, line, None);
                Ok(())
            }
            SendOutcome::Closed => Err(Stop::Panic(error_value("send on closed channel"))),
            SendOutcome::WouldBlock => {
                g.ticket += 1;
                c.state.borrow_mut().sendq.push_back(Waiter {
                    gid: g.id,
                    ticket: g.ticket,
                    case: 0,
                    value: v,
                });
                let mut on = g.take_blocked_on();
                on.push(Value::Chan(c.clone(), 0));
                Err(self.block(g, WaitKind::Send, "chan send", on))
            }
        }
    }

    pub fn recv(&mut self, g: &mut Goroutine, ch: Value, kind: WaitKind) -> Res<()> {
        let c = match ch {
            Value::Chan(c, _) => c,
            _ => {
                let s = self.block(g, WaitKind::Forever, "chan receive (nil chan)", Vec::new());
                return Err(s);
            }
        };
        let prog = self.prog.clone();
        let outcome = c.try_recv(&|| chan_elem_zero(&prog, &c), &|w| self.is_live_waiter(w));
        let line = self.cur_line(g);
        match outcome {
            RecvOutcome::Got(v, ok, sender) => {
                self.received(g.id, &c, line, sender);
                match kind {
                    WaitKind::Recv => g.stack.push(v),
                    WaitKind::RecvOk => {
                        g.stack.push(v);
                        g.stack.push(Value::Bool(ok));
                    }
                    WaitKind::RangeChan { end, want } => {
                        if ok {
                            if want > 0 {
                                g.stack.push(v);
                            }
                        } else {
                            g.frames.last_mut().unwrap().pc = end;
                        }
                    }
                    _ => {}
                }
                Ok(())
            }
            RecvOutcome::WouldBlock => {
                g.ticket += 1;
                c.state.borrow_mut().recvq.push_back(Waiter {
                    gid: g.id,
                    ticket: g.ticket,
                    case: 0,
                    value: Value::Nil,
                });
                let mut on = g.take_blocked_on();
                on.push(Value::Chan(c.clone(), 0));
                Err(self.block(g, kind, "chan receive", on))
            }
        }
    }

    fn select(&mut self, g: &mut Goroutine, kinds: &[SelectCase], has_default: bool) -> Res<()> {
        // Operands, in case order: send → (chan, value), recv → chan.
        let count: usize = kinds
            .iter()
            .map(|k| if *k == SelectCase::Send { 2 } else { 1 })
            .sum();
        let (mut cases, mut order) = std::mem::take(&mut self.select_scratch);
        let base = g.stack.len() - count;
        let mut i = base;
        for k in kinds {
            let ch = match &g.stack[i] {
                Value::Chan(c, _) => Some(c.clone()),
                _ => None,
            };
            if *k == SelectCase::Send {
                cases.push((*k, ch, g.stack[i + 1].clone()));
                i += 2;
            } else {
                cases.push((*k, ch, Value::Nil));
                i += 1;
            }
        }
        g.stack.truncate(base);
        let result = self.select_cases(g, &mut cases, &mut order, has_default);
        // Emptied before they are kept, so no channel or value outlives the select here.
        cases.clear();
        order.clear();
        self.select_scratch = (cases, order);
        result
    }

    fn select_cases(
        &mut self,
        g: &mut Goroutine,
        cases: &mut Vec<SelectOperand>,
        order: &mut Vec<usize>,
        has_default: bool,
    ) -> Res<()> {
        let n = cases.len();
        // random poll order
        order.extend(0..n);
        for j in (1..n).rev() {
            let k = self.rng.below(j as u64 + 1) as usize;
            order.swap(j, k);
        }
        let prog = self.prog.clone();
        let line = self.cur_line(g);
        for &ci in order.iter() {
            let (kind, ch, val) = &cases[ci];
            let Some(c) = ch else { continue };
            match kind {
                SelectCase::Send => {
                    let v = coerce(&prog, val.clone(), c.elem).copied();
                    match c.try_send(v, &|w| self.is_live_waiter(w)) {
                        SendOutcome::Handed(w) => {
                            self.sent(g.id, c, line, Some(w));
                        }
                        SendOutcome::Buffered => {
                            self.sent(g.id, c, line, None);
                        }
                        SendOutcome::Closed => {
                            return Err(Stop::Panic(error_value("send on closed channel")))
                        }
                        SendOutcome::WouldBlock => continue,
                    }
                    g.stack.push(Value::Nil);
                    g.stack.push(Value::Bool(false));
                    g.stack.push(Value::int(ci as i64));
                    return Ok(());
                }
                SelectCase::Recv => {
                    match c.try_recv(&|| chan_elem_zero(&prog, c), &|w| self.is_live_waiter(w)) {
                        RecvOutcome::Got(v, ok, sender) => {
                            self.received(g.id, c, line, sender);
                            g.stack.push(v);
                            g.stack.push(Value::Bool(ok));
                            g.stack.push(Value::int(ci as i64));
                            return Ok(());
                        }
                        RecvOutcome::WouldBlock => continue,
                    }
                }
            }
        }
        if has_default {
            g.stack.push(Value::Nil);
            g.stack.push(Value::Bool(false));
            g.stack.push(Value::int(n as i64));
            return Ok(());
        }
        if cases.iter().all(|c| c.1.is_none()) {
            let reason = if n == 0 {
                "select (no cases)"
            } else {
                "select"
            };
            return Err(self.block(g, WaitKind::Forever, reason, Vec::new()));
        }
        g.ticket += 1;
        let mut on = g.take_blocked_on();
        for (ci, (kind, ch, val)) in cases.drain(..).enumerate() {
            if let Some(c) = ch {
                let w = Waiter {
                    gid: g.id,
                    ticket: g.ticket,
                    case: ci as u16,
                    value: if kind == SelectCase::Send {
                        coerce(&prog, val, c.elem).copied()
                    } else {
                        Value::Nil
                    },
                };
                if kind == SelectCase::Send {
                    c.state.borrow_mut().sendq.push_back(w);
                } else {
                    c.state.borrow_mut().recvq.push_back(w);
                }
                on.push(Value::Chan(c, 0));
            }
        }
        Err(self.block(g, WaitKind::Select, "select", on))
    }

    fn store_index(&mut self, g: &mut Goroutine, coll: Value, idx: Value, v: Value) -> Res<()> {
        let prog = self.prog.clone();
        match coll {
            Value::Map(m, ty) => {
                if let Some(w) = m.writer.get() {
                    if w != g.id {
                        return Err(Stop::Fatal("concurrent map writes".into()));
                    }
                }
                m.writer.set(Some(g.id));
                let (kt, vt) = match prog.kind(ty) {
                    Kind::Map(k, v) => (*k, *v),
                    _ => (bt::ANY, bt::ANY),
                };
                let k = coerce(&prog, idx, kt);
                m.entries
                    .borrow_mut()
                    .insert(k.map_key(), (k, coerce(&prog, v, vt).copied()));
                g.map_writing = Some(m);
                // keep the flag raised until this goroutine runs its next op
                let m2 = g.map_writing.clone();
                g.map_writing = None;
                self.pending_map_write(g, m2);
                Ok(())
            }
            Value::NilOf(_) => Err(Stop::Panic(error_value("assignment to entry in nil map"))),
            Value::Slice(s) => {
                let i = idx.as_int();
                if i < 0 || i as usize >= s.length() {
                    return Err(runtime_error(format!(
                        "index out of range [{i}] with length {}",
                        s.len
                    )));
                }
                let arr = s.arr.unwrap();
                let v = coerce(&prog, v, arr.elem).copied();
                arr.data.borrow_mut().set(s.off as usize + i as usize, v);
                Ok(())
            }
            Value::Array(a, _) => {
                let i = idx.as_int();
                let len = a.data.borrow().len();
                if i < 0 || i as usize >= len {
                    return Err(runtime_error(format!(
                        "index out of range [{i}] with length {len}"
                    )));
                }
                let v = coerce(&prog, v, a.elem).copied();
                a.data.borrow_mut().set(i as usize, v);
                Ok(())
            }
            Value::Ptr(p, _) => self.store_index(g, p.load(), idx, v),
            _ => Err(Stop::Panic(runtime_err_value(
                "invalid memory address or nil pointer dereference",
            ))),
        }
    }

    fn pending_map_write(&mut self, g: &mut Goroutine, m: Option<Rc<MapObj>>) {
        // The write is "in progress" until the goroutine executes its next op; if it is
        // preempted right here, another goroutine's write to the same map overlaps it.
        g.map_writing = m;
    }
}

/// What a simple op asks of the loop running it.
enum Flow {
    Next,
    Goto(u32),
    /// Not a simple op: `exec` runs it.
    Other,
}

/// Runs `op` if it touches only the current frame's slots and captures, the stack and
/// globals (loads, stores, arithmetic, jumps). `run_ops` runs these back to back in a
/// tight loop, without `exec`'s per-op setup.
#[inline(always)]
fn simple_op(
    prog: &Program,
    globals: &[CellRef],
    op: &Op,
    base: usize,
    captures: &[CellRef],
    stack: &mut Vec<Value>,
) -> Res<Flow> {
    match op {
        Op::Const(k) => stack.push(prog.consts[*k as usize].clone()),
        Op::Zero(t) => {
            let z = zero_of(prog, *t);
            stack.push(z)
        }
        Op::Pop => {
            stack.pop();
        }
        Op::Dup => {
            let v = stack.last().cloned().unwrap_or_default();
            stack.push(v);
        }
        Op::LoadLocal(s) => {
            let v = match &stack[base + *s as usize] {
                Value::Int(x, t) => Value::Int(*x, *t),
                v => v.clone(),
            };
            stack.push(v);
        }
        Op::StoreLocal(s) => {
            let v = stack.pop().unwrap_or_default();
            let slot = &mut stack[base + *s as usize];
            match (&*slot, v) {
                (
                    Value::Int(..) | Value::Bool(_) | Value::Nil,
                    v @ (Value::Int(..) | Value::Bool(_)),
                ) => *slot = v,
                (_, v) => store_into(slot, v),
            }
        }
        Op::IncLocal(s, d) => {
            let slot = &mut stack[base + *s as usize];
            match slot {
                Value::Int(x, t) => {
                    let kind = prog.kind(*t);
                    *x = match kind {
                        Kind::Int { bits, signed } => wrap_int(x.wrapping_add(*d), *bits, *signed),
                        _ => x.wrapping_add(*d),
                    }
                }
                Value::Float(f, _) => *f += *d as f64,
                _ => {}
            }
        }
        Op::LoadBoxed(s) => {
            let v = match &stack[base + *s as usize] {
                Value::Ptr(Pointer::Cell(c), _) => c.borrow().clone(),
                v => v.clone(),
            };
            stack.push(v);
        }
        Op::StoreBoxed(s) => {
            let v = stack.pop().unwrap_or_default();
            match &stack[base + *s as usize] {
                Value::Ptr(Pointer::Cell(c), _) => store_into(&mut c.borrow_mut(), v),
                _ => {
                    stack[base + *s as usize] =
                        Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(v.copied()))), 0)
                }
            }
        }
        Op::NewBox(s) => {
            let v = stack.pop().unwrap_or_default().copied();
            stack[base + *s as usize] = Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(v))), 0);
        }
        Op::RebindBox(s) => {
            if let Value::Ptr(Pointer::Cell(c), _) = &stack[base + *s as usize] {
                let v = c.borrow().clone().copied();
                stack[base + *s as usize] = Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(v))), 0);
            }
        }
        Op::LoadCapture(i) => {
            let v = captures[*i as usize].borrow().clone();
            stack.push(v);
        }
        Op::StoreCapture(i) => {
            let v = stack.pop().unwrap_or_default();
            let c = captures[*i as usize].clone();
            store_into(&mut c.borrow_mut(), v);
        }
        Op::LoadGlobal(i) => {
            let v = globals[*i as usize].borrow().clone();
            stack.push(v);
        }
        Op::StoreGlobal(i) => {
            let v = stack.pop().unwrap_or_default();
            store_into(&mut globals[*i as usize].borrow_mut(), v);
        }
        Op::Binary(op) => {
            let b = stack.pop().unwrap_or_default();
            let a = stack.pop().unwrap_or_default();
            let v = match int_comparison(*op, &a, &b) {
                Some(holds) => Value::Bool(holds),
                None => binary(prog, *op, a, b)?,
            };
            stack.push(v);
        }
        Op::Unary(op) => {
            let a = stack.pop().unwrap_or_default();
            let v = match (op, a) {
                (UnOp::Neg, Value::Int(x, t)) => Value::Int(x.wrapping_neg(), t),
                (UnOp::Neg, Value::Float(x, t)) => Value::Float(-x, t),
                (UnOp::Not, Value::Bool(b)) => Value::Bool(!b),
                (UnOp::BitNot, Value::Int(x, t)) => match prog.kind(t) {
                    Kind::Int { bits, signed } => Value::Int(wrap_int(!x, *bits, *signed), t),
                    _ => Value::Int(!x, t),
                },
                (_, v) => v,
            };
            stack.push(v);
        }
        Op::Jump(t) => return Ok(Flow::Goto(*t)),
        Op::CompareJump {
            slot,
            right,
            op,
            target,
        } => {
            let a = &stack[base + *slot as usize];
            let b = match right {
                Operand::Const(k) => &prog.consts[*k as usize],
                Operand::Local(s) => &stack[base + *s as usize],
            };
            let holds = match int_comparison(*op, a, b) {
                Some(holds) => holds,
                None => binary(prog, *op, a.clone(), b.clone())?.as_bool(),
            };
            if !holds {
                return Ok(Flow::Goto(*target));
            }
        }
        Op::JumpIfFalse(t) => {
            if !stack.pop().unwrap_or_default().as_bool() {
                return Ok(Flow::Goto(*t));
            }
        }
        Op::JumpIfTrue(t) => {
            if stack.pop().unwrap_or_default().as_bool() {
                return Ok(Flow::Goto(*t));
            }
        }
        Op::RangeChanNext { .. } | Op::Nop => {}
        _ => return Ok(Flow::Other),
    }
    Ok(Flow::Next)
}

/// Int equality and `int` order (case tests, loop conditions) without the general
/// `binary`; `None` for anything else (unsigned order, for one, needs it).
#[inline(always)]
fn int_comparison(op: BinOp, a: &Value, b: &Value) -> Option<bool> {
    match (op, a, b) {
        (BinOp::Eq, Value::Int(x, tx), Value::Int(y, ty)) if tx == ty => Some(x == y),
        (BinOp::Ne, Value::Int(x, tx), Value::Int(y, ty)) if tx == ty => Some(x != y),
        (BinOp::Lt, Value::Int(x, bt::INT), Value::Int(y, bt::INT)) => Some(x < y),
        _ => None,
    }
}

/// Stores `v` into a variable slot: structs are copied in place so pointers to the
/// variable keep seeing it.
pub fn store_into(slot: &mut Value, v: Value) {
    if let (Value::Struct(dst), Value::Struct(src)) = (&*slot, &v) {
        if Rc::ptr_eq(dst, src) {
            return;
        }
        if dst.ty == src.ty {
            let fields: Vec<Value> = src.fields.borrow().iter().map(|f| f.deep_copy()).collect();
            *dst.fields.borrow_mut() = fields;
            return;
        }
    }
    *slot = v.copied();
}

fn addr_of_cell(prog: &Program, c: &CellRef) -> Value {
    let _ = prog;
    match &*c.borrow() {
        Value::Struct(s) => return Value::Ptr(Pointer::Struct(s.clone()), 0),
        Value::Obj(..) => return c.borrow().clone(),
        _ => {}
    }
    Value::Ptr(Pointer::Cell(c.clone()), 0)
}

pub fn addr_of_value(prog: &Program, v: Value) -> Value {
    let _ = prog;
    match v {
        Value::Struct(s) => Value::Ptr(Pointer::Struct(s), 0),
        Value::Obj(..) => v,
        other => Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(other))), 0),
    }
}

fn deref_struct(v: Value) -> Res<Value> {
    match v {
        Value::Ptr(p, _) => Ok(p.load()),
        Value::NilOf(_) | Value::Nil => Err(Stop::Panic(runtime_err_value(
            "invalid memory address or nil pointer dereference",
        ))),
        v => Ok(v),
    }
}

pub enum FieldPath {
    Direct(usize),
    Embedded(usize),
}

pub fn field_index(prog: &Program, ty: Ty, name: Name) -> Option<FieldPath> {
    let Kind::Struct(fields) = prog.kind(ty) else {
        return None;
    };
    if let Some(i) = fields.iter().position(|f| f.name == name) {
        return Some(FieldPath::Direct(i));
    }
    for (i, f) in fields.iter().enumerate() {
        if f.embedded {
            let inner = match prog.kind(f.ty) {
                Kind::Ptr(e) => *e,
                _ => f.ty,
            };
            if field_index(prog, inner, name).is_some() {
                return Some(FieldPath::Embedded(i));
            }
        }
    }
    None
}

pub fn get_field(prog: &Program, obj: Value, name: Name) -> Res<Value> {
    let obj = match obj {
        Value::Obj(o, ty) => {
            if let Object::Timer(t) = &*o {
                if prog.name(name) == "C" {
                    return Ok(Value::Chan(t.borrow().chan.clone(), bt::CHAN_TIME));
                }
            }
            return Err(Stop::NotSimulated(format!(
                "field {} of {}",
                prog.name(name),
                prog.ty(ty).name
            )));
        }
        o => deref_struct(o)?,
    };
    match &obj {
        Value::Struct(s) => match field_index(prog, s.ty, name) {
            Some(FieldPath::Direct(i)) => Ok(s.fields.borrow()[i].clone()),
            Some(FieldPath::Embedded(i)) => {
                let inner = s.fields.borrow()[i].clone();
                get_field(prog, inner, name)
            }
            None => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
        },
        _ => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
    }
}

fn set_field(prog: &Program, obj: Value, name: Name, v: Value) -> Res<()> {
    let obj = deref_struct(obj)?;
    match &obj {
        Value::Struct(s) => match field_index(prog, s.ty, name) {
            Some(FieldPath::Direct(i)) => {
                let fty = match prog.kind(s.ty) {
                    Kind::Struct(fs) => fs[i].ty,
                    _ => bt::ANY,
                };
                let v = coerce(prog, v, fty);
                let mut fields = s.fields.borrow_mut();
                store_into(&mut fields[i], v);
                Ok(())
            }
            Some(FieldPath::Embedded(i)) => {
                let inner = s.fields.borrow()[i].clone();
                set_field(prog, inner, name, v)
            }
            None => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
        },
        _ => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
    }
}

/// Implicit conversion when storing into a typed place (untyped constants).
pub fn coerce(prog: &Program, v: Value, ty: Ty) -> Value {
    match (&v, prog.kind(ty)) {
        (Value::Int(_, t), Kind::Int { .. })
            if *t != ty && (*t == bt::INT || prog.ty(ty).named || ty != bt::INT) =>
        {
            match v {
                Value::Int(x, _) => Value::Int(x, ty),
                _ => v,
            }
        }
        (Value::Int(x, _), Kind::Float) => Value::Float(*x as f64, ty),
        (Value::Float(x, t), Kind::Float) if *t != ty => Value::Float(*x, ty),
        (Value::Nil, Kind::Map(..) | Kind::Chan(_) | Kind::Ptr(_) | Kind::Slice(_)) => {
            zero_of(prog, ty)
        }
        _ => v,
    }
}

fn coerce_all(prog: &Program, vals: Vec<Value>, ty: Ty) -> Vec<Value> {
    vals.into_iter().map(|v| coerce(prog, v, ty)).collect()
}

pub fn seq_len(v: &Value) -> usize {
    match v {
        Value::Slice(s) => s.length(),
        Value::Array(a, _) => a.data.borrow().len(),
        Value::Str(s, _) => s.len(),
        _ => 0,
    }
}

pub fn index_value(prog: &Program, coll: &Value, idx: &Value) -> Res<Value> {
    match coll {
        Value::Slice(s) => {
            let i = idx.as_int();
            if i < 0 || i as usize >= s.length() {
                return Err(runtime_error(format!(
                    "index out of range [{i}] with length {}",
                    s.len
                )));
            }
            Ok(s.arr
                .as_ref()
                .unwrap()
                .data
                .borrow()
                .get(s.offset() + i as usize))
        }
        Value::Array(a, _) => {
            let i = idx.as_int();
            let d = a.data.borrow();
            if i < 0 || i as usize >= d.len() {
                return Err(runtime_error(format!(
                    "index out of range [{i}] with length {}",
                    d.len()
                )));
            }
            Ok(d.get(i as usize))
        }
        Value::Str(s, _) => {
            let i = idx.as_int();
            if i < 0 || i as usize >= s.len() {
                return Err(runtime_error(format!(
                    "index out of range [{i}] with length {}",
                    s.len()
                )));
            }
            Ok(Value::Int(s.as_bytes()[i as usize] as i64, bt::UINT8))
        }
        Value::Map(m, ty) => Ok(match m.entries.borrow().get(&idx.map_key()) {
            Some((_, v)) => v.clone(),
            None => zero_of(prog, prog.elem(*ty)),
        }),
        Value::NilOf(ty) if matches!(prog.kind(*ty), Kind::Map(..)) => {
            Ok(zero_of(prog, prog.elem(*ty)))
        }
        Value::Ptr(p, _) => index_value(prog, &p.load(), idx),
        _ => Err(Stop::Panic(runtime_err_value(
            "invalid memory address or nil pointer dereference",
        ))),
    }
}

fn slice_value(
    prog: &Program,
    coll: Value,
    low: i64,
    high: Option<i64>,
    max: Option<i64>,
) -> Res<Value> {
    match coll {
        Value::Str(s, t) => {
            let h = high.unwrap_or(s.len() as i64);
            if low < 0 || h < low || h as usize > s.len() {
                return Err(runtime_error(format!(
                    "slice bounds out of range [{}:{}] with length {}",
                    low,
                    h,
                    s.len()
                )));
            }
            let bytes = &s.as_bytes()[low as usize..h as usize];
            Ok(Value::Str(
                Rc::from(String::from_utf8_lossy(bytes).as_ref()),
                t,
            ))
        }
        Value::Slice(s) => {
            let h = high.unwrap_or(s.len as i64);
            let m = max.unwrap_or(s.cap as i64);
            if m < 0 || m as usize > s.capacity() {
                return Err(runtime_error(format!(
                    "slice bounds out of range [::{m}] with capacity {}",
                    s.cap
                )));
            }
            if h < 0 || h > m {
                if max.is_some() {
                    return Err(runtime_error(format!(
                        "slice bounds out of range [:{h}:{m}]"
                    )));
                }
                return Err(runtime_error(format!(
                    "slice bounds out of range [:{h}] with capacity {}",
                    s.cap
                )));
            }
            if low < 0 || low > h {
                return Err(runtime_error(format!(
                    "slice bounds out of range [{low}:{h}]"
                )));
            }
            Ok(Value::Slice(SliceVal {
                arr: s.arr,
                off: s.off + low as u32,
                len: (h - low) as u32,
                cap: (m - low) as u32,
                ty: s.ty,
            }))
        }
        Value::Array(a, ty) => {
            let len = a.data.borrow().len() as i64;
            let h = high.unwrap_or(len);
            let m = max.unwrap_or(len);
            if h > len || low > h || m > len {
                return Err(runtime_error(format!(
                    "slice bounds out of range [:{h}] with length {len}"
                )));
            }
            let elem = prog.elem(ty);
            let sty = prog
                .type_by_name
                .get(&format!("[]{}", prog.ty(elem).name))
                .copied()
                .unwrap_or(bt::ANY);
            Ok(Value::Slice(SliceVal {
                arr: Some(a),
                off: low as u32,
                len: (h - low) as u32,
                cap: (m - low) as u32,
                ty: sty,
            }))
        }
        Value::Ptr(p, _) => slice_value(prog, p.load(), low, high, max),
        Value::NilOf(t) => Ok(Value::Slice(SliceVal {
            arr: None,
            off: 0,
            len: 0,
            cap: 0,
            ty: t,
        })),
        _ => Err(Stop::NotSimulated("slicing this value".into())),
    }
}

pub fn type_matches(prog: &Program, v: &Value, ty: Ty) -> bool {
    if matches!(v, Value::Nil) {
        return false;
    }
    let vt = v.type_of(prog);
    if vt == ty {
        return true;
    }
    match prog.kind(ty) {
        Kind::Interface(methods) => {
            if ty == bt::ERROR {
                return matches!(v, Value::Obj(o, _) if matches!(**o, Object::Error { .. }))
                    || has_method(
                        prog,
                        v,
                        prog.names
                            .iter()
                            .position(|n| n == "Error")
                            .map(|x| x as u32),
                    );
            }
            methods.iter().all(|m| has_method(prog, v, Some(*m)))
        }
        Kind::Ptr(e) => matches!(v, Value::Ptr(Pointer::Struct(s), _) if s.ty == *e),
        _ => false,
    }
}

fn has_method(prog: &Program, v: &Value, name: Option<Name>) -> bool {
    let Some(name) = name else { return false };
    let (ty, is_ptr) = match v {
        Value::Ptr(Pointer::Struct(s), _) => (s.ty, true),
        Value::Ptr(p, _) => (p.load().type_of(prog), true),
        v => (v.type_of(prog), false),
    };
    match prog.ty(ty).methods.get(&name) {
        Some((_, ptr_recv)) => is_ptr || !ptr_recv,
        None => false,
    }
}

pub fn binary(prog: &Program, op: BinOp, a: Value, b: Value) -> Res<Value> {
    use BinOp::*;
    Ok(match (a, b) {
        (Value::Int(x, tx), Value::Int(y, ty)) => {
            let t = if tx == bt::INT && ty != bt::INT && !matches!(op, Shl | Shr) {
                ty
            } else {
                tx
            };
            let (bits, signed) = match prog.kind(t) {
                Kind::Int { bits, signed } => (*bits, *signed),
                _ => (64, true),
            };
            let r = match op {
                Add => x.wrapping_add(y),
                Sub => x.wrapping_sub(y),
                Mul => x.wrapping_mul(y),
                Div | Rem => {
                    if y == 0 {
                        return Err(runtime_error("integer divide by zero".into()));
                    }
                    if signed || bits < 64 {
                        if op == Div {
                            x.wrapping_div(y)
                        } else {
                            x.wrapping_rem(y)
                        }
                    } else if op == Div {
                        ((x as u64) / (y as u64)) as i64
                    } else {
                        ((x as u64) % (y as u64)) as i64
                    }
                }
                And => x & y,
                Or => x | y,
                Xor => x ^ y,
                AndNot => x & !y,
                Shl => {
                    if y >= 64 {
                        0
                    } else {
                        x.wrapping_shl(y as u32)
                    }
                }
                Shr => {
                    if signed {
                        if y >= 64 {
                            if x < 0 {
                                -1
                            } else {
                                0
                            }
                        } else {
                            x >> y
                        }
                    } else if y >= 64 {
                        0
                    } else {
                        ((x as u64) >> y) as i64
                    }
                }
                Eq => return Ok(Value::Bool(x == y)),
                Ne => return Ok(Value::Bool(x != y)),
                Lt => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x < y
                    } else {
                        (x as u64) < (y as u64)
                    }))
                }
                Le => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x <= y
                    } else {
                        (x as u64) <= (y as u64)
                    }))
                }
                Gt => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x > y
                    } else {
                        (x as u64) > (y as u64)
                    }))
                }
                Ge => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x >= y
                    } else {
                        (x as u64) >= (y as u64)
                    }))
                }
            };
            Value::Int(wrap_int(r, bits, signed), t)
        }
        (a @ (Value::Float(..) | Value::Int(..)), b @ (Value::Float(..) | Value::Int(..))) => {
            let t = match (&a, &b) {
                (Value::Float(_, t), _) | (_, Value::Float(_, t)) => *t,
                _ => bt::FLOAT64,
            };
            let (x, y) = (a.as_float(), b.as_float());
            let r = match op {
                Add => x + y,
                Sub => x - y,
                Mul => x * y,
                Div => x / y,
                Eq => return Ok(Value::Bool(x == y)),
                Ne => return Ok(Value::Bool(x != y)),
                Lt => return Ok(Value::Bool(x < y)),
                Le => return Ok(Value::Bool(x <= y)),
                Gt => return Ok(Value::Bool(x > y)),
                Ge => return Ok(Value::Bool(x >= y)),
                _ => return Err(Stop::NotSimulated("this operator on floats".into())),
            };
            Value::Float(if t == bt::FLOAT32 { r as f32 as f64 } else { r }, t)
        }
        (Value::Str(x, t), Value::Str(y, _)) => match op {
            Add => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(&x);
                s.push_str(&y);
                Value::Str(Rc::from(s.as_str()), t)
            }
            Eq => Value::Bool(x == y),
            Ne => Value::Bool(x != y),
            Lt => Value::Bool(x < y),
            Le => Value::Bool(x <= y),
            Gt => Value::Bool(x > y),
            Ge => Value::Bool(x >= y),
            _ => return Err(Stop::NotSimulated("this operator on strings".into())),
        },
        (a, b) => match op {
            Eq => Value::Bool(values_equal(&a, &b)),
            Ne => Value::Bool(!values_equal(&a, &b)),
            _ => match (&a, &b) {
                (Value::Bool(x), Value::Bool(y)) => match op {
                    And => Value::Bool(*x & *y),
                    Or => Value::Bool(*x | *y),
                    _ => return Err(Stop::NotSimulated("operator on these values".into())),
                },
                _ => {
                    return Err(Stop::NotSimulated(format!(
                        "operator {op:?} on these values"
                    )))
                }
            },
        },
    })
}
