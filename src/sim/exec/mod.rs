//! The op loop: executes IR ops of one goroutine until it blocks, yields or ends.

use super::chan::{Chan, RecvOutcome, SendOutcome, Waiter};

use super::interp::*;

use super::ir::{builtin_types as bt, *};

use super::sched;
use super::trace::EventKind;
use super::wait::WaitReason;

use super::value::*;

use std::cell::RefCell;

use std::rc::Rc;

mod chan_ops;
mod memory;
mod simple;
mod statement;
mod values;

pub use memory::*;
use simple::{simple_op, Flow};
pub use values::*;

impl Machine {
    /// Runs `g` for at most `fuel` ops.
    pub fn run_ops(&mut self, g: &mut Goroutine, fuel: u64) -> Stop {
        let prog = self.prog.clone();
        let mut fuel = fuel;
        // Ops this slice may still gain by starting goroutines (see `sched::SPAWN_GRACE`).
        let mut grace_left = sched::SPAWN_GRACE_MAX;
        if let Some(p) = g.pending_panic.take() {
            if let Err(stop) = self.start_panic(g, p) {
                return stop;
            }
        }
        if let Some((callee, args)) = g.start.take() {
            let spread = std::mem::take(&mut g.start_spread);
            if let Err(stop) = self.call_value(g, callee, args, 0, FrameKind::Entry, spread) {
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
                            result = Err(*stop);
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
                let goroutines_before = self.gs.len();
                result = self.exec(g, &prog);
                if self.spawn_grace && self.gs.len() > goroutines_before && grace_left > 0 {
                    let top_up = sched::SPAWN_GRACE.saturating_sub(fuel).min(grace_left);
                    fuel += top_up;
                    grace_left -= top_up;
                }
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
                    // A runtime object's field (a Cond's L, a Timer's C).
                    Value::Obj(..) => get_field(prog, obj.clone(), *name)?,
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
                let args = g.stack.split_off(g.stack.len() - n);
                let callee = g.stack.pop().unwrap_or_default();
                let args: Vec<Value> = args.into_iter().map(|a| a.copied()).collect();
                let line = self.cur_line(g);
                let id = self.spawn(g.id, line, callee, args)?;
                // `go f(xs...)`: the slice is the variadic parameter, as in a direct call.
                self.gs[id as usize - 1].start_spread = spread;
            }
            Op::Defer { nargs, spread } => {
                let (n, spread) = (*nargs as usize, *spread);
                let args = g.stack.split_off(g.stack.len() - n);
                let callee = g.stack.pop().unwrap_or_default();
                let args = args.into_iter().map(|a| a.copied()).collect();
                g.frames.last_mut().unwrap().defers.push(Deferred {
                    callee,
                    args,
                    spread,
                });
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
                g.stack
                    .push(Value::Map(Rc::new(MapObj::new(entries, id, 0)), *ty));
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
                        if let Value::Array(_, ty) = &other {
                            // Go's frame holds a copy of a ranged array for the loop.
                            g.note_stack_need(prog, prog.size_of(*ty));
                        }
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
            | Op::CompareLoop { .. }
            | Op::IncLoop { .. }
            | Op::BinaryLocal { .. }
            | Op::UpdateLocal { .. }
            | Op::UpdateLocalBy { .. }
            | Op::JumpIfTrue(_)
            | Op::RangeChanNext { .. }
            | Op::Nop => {
                match simple_op(prog, &self.globals, op, base, &frame.captures, &mut g.stack)
                    .map_err(|stop| *stop)?
                {
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
}

pub enum FieldPath {
    Direct(usize),
    Embedded(usize),
}
