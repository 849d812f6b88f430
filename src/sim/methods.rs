//! Method calls: user methods on named types (value/pointer receivers, promotion through
//! embedded fields) and the methods of runtime objects (sync, time, context, testing).

use super::exec::addr_of_value;
use super::interp::*;
use super::ir::{builtin_types as bt, *};
use super::natives::Native;
use super::trace::EventKind;
use super::value::*;
use super::wait::WaitReason;
use std::rc::Rc;

enum Resolved {
    Go(FuncId, Value),
    Object(Value),
    FieldFunc(Value),
}

impl Machine {
    fn resolve_method(&self, recv: Value, name: Name) -> Res<Resolved> {
        let prog = self.prog.clone();
        // The lowerer passes an addressable receiver by address (for pointer-receiver
        // methods); when the variable, field or element holds a pointer, interface value,
        // map or the like, the method is that value's.
        let recv = match &recv {
            Value::Ptr(p @ (Pointer::Cell(_) | Pointer::Field(..) | Pointer::Elem(..)), _) => {
                let inner = p.load();
                match inner {
                    Value::Ptr(..)
                    | Value::Map(..)
                    | Value::Chan(..)
                    | Value::Func(_)
                    | Value::Slice(_)
                    | Value::Str(..) => inner,
                    _ => recv,
                }
            }
            _ => recv,
        };
        let (base, ptr) = match &recv {
            Value::Ptr(p, _) => (p.load(), Some(recv.clone())),
            v => (v.clone(), None),
        };
        let ty = match &recv {
            Value::Ptr(Pointer::Cell(_), _) | Value::Ptr(..) => base.type_of(&prog),
            v => v.type_of(&prog),
        };
        if let Some(&(func, ptr_recv)) = prog.ty(ty).methods.get(&name) {
            let arg = if ptr_recv {
                match ptr {
                    Some(p) => p,
                    None => addr_of_value(&prog, base),
                }
            } else {
                base.copied()
            };
            return Ok(Resolved::Go(func, arg));
        }
        match &base {
            Value::Struct(s) => {
                if let Kind::Struct(fields) = prog.kind(s.ty) {
                    if let Some(i) = fields.iter().position(|f| f.name == name) {
                        return Ok(Resolved::FieldFunc(s.fields.borrow()[i].clone()));
                    }
                    for (i, f) in fields.iter().enumerate() {
                        if f.embedded {
                            let inner = s.fields.borrow()[i].clone();
                            let inner = match inner {
                                Value::Struct(st) => Value::Ptr(Pointer::Struct(st), 0),
                                v => v,
                            };
                            if let Ok(r) = self.resolve_method(inner, name) {
                                return Ok(r);
                            }
                        }
                    }
                }
                Err(Stop::NotSimulated(format!(
                    "method {} on {}",
                    prog.name(name),
                    prog.ty(s.ty).name
                )))
            }
            Value::Obj(..) | Value::Int(_, bt::DURATION) | Value::Chan(..) => {
                Ok(Resolved::Object(base))
            }
            Value::Nil | Value::NilOf(_) => Err(Stop::Panic(runtime_err_value(
                "invalid memory address or nil pointer dereference",
            ))),
            _ => Err(Stop::NotSimulated(format!(
                "method {} on {}",
                prog.name(name),
                prog.ty(ty).name
            ))),
        }
    }

    pub fn call_method(
        &mut self,
        g: &mut Goroutine,
        recv: Value,
        name: Name,
        mut args: Vec<Value>,
        want: u8,
        spread: bool,
    ) -> Res<()> {
        match self.resolve_method(recv, name)? {
            Resolved::Go(func, r) => {
                args.insert(0, r);
                let captures: Rc<[CellRef]> = Rc::from(Vec::new());
                self.call_value(
                    g,
                    Value::Func(Rc::new(Callable::Func { func, captures })),
                    args,
                    want,
                    FrameKind::Normal,
                    spread,
                )
            }
            Resolved::FieldFunc(f) => self.call_value(g, f, args, want, FrameKind::Normal, spread),
            Resolved::Object(obj) => {
                if spread {
                    if let Some(last) = args.pop() {
                        args.extend(slice_elems(&last));
                    }
                }
                if let Value::Obj(o, _) = &obj {
                    if matches!(&**o, Object::TestingT(_)) && self.prog.name(name) == "Run" {
                        return self.test_run(g, o, args, want);
                    }
                }
                let results = self.object_method(g, obj, name, args)?;
                push_results(g, results, want);
                Ok(())
            }
        }
    }

    pub fn bind_method(&mut self, recv: Value, name: Name) -> Res<Value> {
        Ok(match self.resolve_method(recv, name)? {
            Resolved::Go(func, r) => Value::Func(Rc::new(Callable::Bound { recv: r, func })),
            Resolved::FieldFunc(f) => f,
            Resolved::Object(obj) => {
                let f = Native::ObjMethod(name);
                Value::Func(Rc::new(Callable::Native { f, recv: Some(obj) }))
            }
        })
    }

    pub fn object_method(
        &mut self,
        g: &mut Goroutine,
        obj: Value,
        name: Name,
        args: Vec<Value>,
    ) -> Res<Vec<Value>> {
        let prog = self.prog.clone();
        let mname = prog.name(name).to_owned();
        let o = match &obj {
            Value::Obj(o, _) => o.clone(),
            Value::Int(d, _) => {
                let m = args.first().map(|a| a.as_int()).unwrap_or(0);
                return Ok(match mname.as_str() {
                    "Truncate" if m > 0 => vec![Value::Int(d - d % m, bt::DURATION)],
                    "Round" if m > 0 => {
                        let r = d % m;
                        vec![Value::Int(
                            if r + r < m { d - r } else { d + m - r },
                            bt::DURATION,
                        )]
                    }
                    _ => duration_method(*d, &mname),
                });
            }
            Value::Chan(..) => {
                return Err(Stop::NotSimulated(format!("method {mname} on a channel")))
            }
            _ => return Err(Stop::NotSimulated(format!("method {mname}"))),
        };
        match &*o {
            Object::Mutex(_) => self.mutex_method(g, &obj, &mname),
            Object::Cond(_) => self.cond_method(g, &obj, &mname),
            Object::Pool(pool) => self.pool_method(g, pool, &mname, args),
            Object::Atomic(cell) => {
                let ty = match &obj {
                    Value::Obj(_, t) => *t,
                    _ => bt::ATOMIC_INT64,
                };
                atomic_method(cell, ty, &mname, &args)
            }
            Object::WaitGroup(_) | Object::Once(_) | Object::SyncMap(_) => {
                self.sync_method(g, &obj, &mname, args)
            }
            _ => self.value_method(g, &obj, &mname, args),
        }
    }

    /// Methods of sync.Mutex and RWMutex.
    fn mutex_method(&mut self, g: &mut Goroutine, obj: &Value, mname: &str) -> Res<Vec<Value>> {
        let (o, oty) = match obj {
            Value::Obj(o, t) => (o.clone(), *t),
            _ => return Err(Stop::NotSimulated(format!("method {mname}"))),
        };
        let line = self.cur_line(g);
        match (&*o, mname) {
            (Object::Mutex(m), "Lock" | "RLock") => {
                let write = mname == "Lock";
                let id = self.ensure_id_mutex(m);
                if m.borrow_mut().try_lock(write) {
                    self.event(EventKind::Lock {
                        id: g.id,
                        mutex: id,
                        line,
                    });
                    m.borrow_mut().locked_line = line;
                    return Ok(vec![]);
                }
                m.borrow_mut().waiters.push_back((g.id, write));
                let reason = match (oty == bt::RWMUTEX, write) {
                    (false, _) => WaitReason::MutexLock,
                    (true, true) => WaitReason::RWMutexLock,
                    (true, false) => WaitReason::RWMutexRLock,
                };
                Err(self.block(g, WaitKind::Lock, reason, vec![obj.clone()]))
            }
            (Object::Mutex(m), "TryLock") => Ok(vec![Value::Bool(m.borrow_mut().try_lock(true))]),
            (Object::Mutex(m), "Unlock" | "RUnlock") => {
                let id = self.ensure_id_mutex(m);
                let woken = m.borrow_mut().unlock(mname == "Unlock");
                match woken {
                    Ok(w) => {
                        self.event(EventKind::Unlock {
                            id: g.id,
                            mutex: id,
                            line,
                        });
                        for gid in w {
                            self.wake(gid, g.id, Value::Nil, true, 0, false);
                            self.event(EventKind::Lock {
                                id: gid,
                                mutex: id,
                                line,
                            });
                        }
                        Ok(vec![])
                    }
                    Err(e) => {
                        if oty == bt::RWMUTEX && mname == "Unlock" {
                            Err(Stop::Fatal("sync: Unlock of unlocked RWMutex".to_owned()))
                        } else {
                            Err(Stop::Fatal(e.to_owned()))
                        }
                    }
                }
            }
            _ => Err(no_method(&self.prog, mname, oty)),
        }
    }

    /// Methods of sync.WaitGroup, Once and Map.
    fn sync_method(
        &mut self,
        g: &mut Goroutine,
        obj: &Value,
        mname: &str,
        args: Vec<Value>,
    ) -> Res<Vec<Value>> {
        let (o, oty) = match obj {
            Value::Obj(o, t) => (o.clone(), *t),
            _ => return Err(Stop::NotSimulated(format!("method {mname}"))),
        };
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let line = self.cur_line(g);
        match (&*o, mname) {
            (Object::WaitGroup(w), "Add" | "Done") => {
                let delta = if mname == "Done" { -1 } else { arg(0).as_int() };
                let r = w.borrow_mut().add(delta);
                match r {
                    Ok(wake) => {
                        for gid in wake {
                            self.wake(gid, g.id, Value::Nil, true, 0, false);
                        }
                        Ok(vec![])
                    }
                    Err(e) => Err(Stop::Panic(error_value(e))),
                }
            }
            (Object::WaitGroup(w), "Wait") => {
                if w.borrow().count == 0 {
                    return Ok(vec![]);
                }
                w.borrow_mut().waiters.push(g.id);
                Err(self.block(
                    g,
                    WaitKind::WaitGroup,
                    WaitReason::WaitGroupWait,
                    vec![obj.clone()],
                ))
            }
            (Object::WaitGroup(w), "Go") => {
                w.borrow_mut().count += 1;
                let f = arg(0);
                let done = Value::Func(Rc::new(Callable::Native {
                    f: Native::WgDone,
                    recv: Some(obj.clone()),
                }));
                let wrapper = Value::Func(Rc::new(Callable::Native {
                    f: Native::RunThen,
                    recv: Some(Value::Tuple(Rc::new(vec![f, done]))),
                }));
                self.spawn(g.id, line, wrapper, vec![])?;
                Ok(vec![])
            }
            (Object::Once(done), "Do") => {
                if done.get() {
                    return Ok(vec![]);
                }
                done.set(true);
                self.call_value(g, arg(0), vec![], 0, FrameKind::Normal, false)?;
                Ok(vec![])
            }
            (Object::SyncMap(m), "Store") => {
                let k = arg(0);
                m.borrow_mut().insert(k.map_key(), (k, arg(1)));
                Ok(vec![])
            }
            (Object::SyncMap(m), "Load") => Ok(match m.borrow().get(&arg(0).map_key()) {
                Some((_, v)) => vec![v.clone(), Value::Bool(true)],
                None => vec![Value::Nil, Value::Bool(false)],
            }),
            (Object::SyncMap(m), "LoadOrStore") => {
                let k = arg(0);
                let existing = m.borrow().get(&k.map_key()).map(|e| e.1.clone());
                Ok(match existing {
                    Some(v) => vec![v, Value::Bool(true)],
                    None => {
                        m.borrow_mut().insert(k.map_key(), (k, arg(1)));
                        vec![arg(1), Value::Bool(false)]
                    }
                })
            }
            (Object::SyncMap(m), "LoadAndDelete") => {
                Ok(match m.borrow_mut().remove(&arg(0).map_key()) {
                    Some((_, v)) => vec![v, Value::Bool(true)],
                    None => vec![Value::Nil, Value::Bool(false)],
                })
            }
            (Object::SyncMap(m), "Delete") => {
                m.borrow_mut().remove(&arg(0).map_key());
                Ok(vec![])
            }
            (Object::SyncMap(m), "Range") => {
                let items: Vec<(Value, Value)> = m.borrow().values().cloned().collect();
                for (k, v) in items {
                    let r = self.call_sync(g.id, arg(0), vec![k, v])?;
                    if !r.first().map(|v| v.as_bool()).unwrap_or(false) {
                        break;
                    }
                }
                Ok(vec![])
            }
            _ => Err(no_method(&self.prog, mname, oty)),
        }
    }

    /// Methods of timers, contexts, errors, times, testing.T and strings.Builder.
    fn value_method(
        &mut self,
        g: &mut Goroutine,
        obj: &Value,
        mname: &str,
        args: Vec<Value>,
    ) -> Res<Vec<Value>> {
        let (o, oty) = match obj {
            Value::Obj(o, t) => (o.clone(), *t),
            _ => return Err(Stop::NotSimulated(format!("method {mname}"))),
        };
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        match (&*o, mname) {
            (Object::Timer(_), "Stop") => Ok(vec![Value::Bool(self.timer_stop(&o))]),
            (Object::Timer(_), "Reset") => {
                let was = self.timer_stop(&o);
                self.timer_arm(obj, arg(0).as_int());
                Ok(vec![Value::Bool(was)])
            }
            (Object::Context(_), "Done") => Ok(vec![self.ctx_done(obj)]),
            (Object::Context(c), "Err") => Ok(vec![match c.borrow().err {
                Some(e) => self.ctx_error(e),
                None => Value::Nil,
            }]),
            (Object::Context(c), "Value") => {
                let key = arg(0);
                let mut cur = Some(Value::Obj(o.clone(), oty));
                let _ = c;
                while let Some(Value::Obj(co, _)) = cur {
                    if let Object::Context(cc) = &*co {
                        let cc = cc.borrow();
                        if let Some((_, v)) = cc.values.iter().find(|(k, _)| values_equal(k, &key))
                        {
                            return Ok(vec![v.clone()]);
                        }
                        cur = cc.parent.clone();
                    } else {
                        break;
                    }
                }
                Ok(vec![Value::Nil])
            }
            (Object::Context(c), "Deadline") => {
                let d = c.borrow().deadline;
                Ok(vec![
                    Value::Obj(Rc::new(Object::Time(d.unwrap_or(0))), bt::TIME),
                    Value::Bool(d.is_some()),
                ])
            }
            (Object::Error { msg, .. }, "Error") => {
                Ok(vec![Value::Str(msg.clone().into(), bt::STRING)])
            }
            (Object::Time(t), "Sub") => {
                let other = match arg(0) {
                    Value::Obj(o2, _) => match &*o2 {
                        Object::Time(u) => *u,
                        _ => 0,
                    },
                    _ => 0,
                };
                Ok(vec![Value::Int(t - other, bt::DURATION)])
            }
            (Object::Time(t), "Equal") => {
                let other = match arg(0) {
                    Value::Obj(o2, _) => match &*o2 {
                        Object::Time(u) => *u,
                        _ => 0,
                    },
                    _ => 0,
                };
                Ok(vec![Value::Bool(*t == other)])
            }
            (Object::Time(t), "Add") => Ok(vec![Value::Obj(
                Rc::new(Object::Time(t + arg(0).as_int())),
                bt::TIME,
            )]),
            (Object::Time(t), "After") | (Object::Time(t), "Before") => {
                let other = match arg(0) {
                    Value::Obj(o2, _) => match &*o2 {
                        Object::Time(u) => *u,
                        _ => 0,
                    },
                    _ => 0,
                };
                Ok(vec![Value::Bool(if mname == "After" {
                    *t > other
                } else {
                    *t < other
                })])
            }
            (Object::Time(t), "UnixNano") => Ok(vec![Value::int(*t + super::EPOCH_NS)]),
            (Object::Time(t), "Unix") => {
                Ok(vec![Value::int((*t + super::EPOCH_NS) / 1_000_000_000)])
            }
            (Object::TestingT(_), _) => self.testing_method(g, &o, mname, args),
            (Object::Builder(b), "WriteString") => {
                b.borrow_mut().push_str(&super::fmt::to_str(&arg(0)));
                Ok(vec![Value::int(0), Value::Nil])
            }
            (Object::Builder(b), "WriteByte") => {
                b.borrow_mut().push(arg(0).as_int() as u8 as char);
                Ok(vec![Value::Nil])
            }
            (Object::Builder(b), "WriteRune") => {
                b.borrow_mut()
                    .push(char::from_u32(arg(0).as_int() as u32).unwrap_or('?'));
                Ok(vec![Value::int(1), Value::Nil])
            }
            (Object::Builder(b), "String") => Ok(vec![Value::str(&b.borrow())]),
            (Object::Builder(b), "Len") => Ok(vec![Value::int(b.borrow().len() as i64)]),
            (Object::Builder(b), "Reset") => {
                b.borrow_mut().clear();
                Ok(vec![])
            }
            _ => Err(no_method(&self.prog, mname, oty)),
        }
    }

    /// Methods of sync.Cond. `Wait` releases L and parks until `Signal` or `Broadcast`,
    /// then takes L again before it returns; `Signal` wakes the longest waiter.
    fn cond_method(&mut self, g: &mut Goroutine, obj: &Value, mname: &str) -> Res<Vec<Value>> {
        let Value::Obj(o, _) = obj else {
            return Err(Stop::NotSimulated(format!("method {mname}")));
        };
        let Object::Cond(c) = &**o else {
            return Err(Stop::NotSimulated(format!("method {mname}")));
        };
        let locker = cond_locker(&c.borrow().l)?;
        match mname {
            "Wait" => {
                self.mutex_method(g, &locker, "Unlock")?;
                c.borrow_mut().waiters.push_back(g.id);
                Err(self.block(g, WaitKind::Lock, WaitReason::CondWait, vec![obj.clone()]))
            }
            "Signal" | "Broadcast" => {
                let woken: Vec<u32> = {
                    let mut c = c.borrow_mut();
                    let n = if mname == "Signal" {
                        1
                    } else {
                        c.waiters.len()
                    };
                    let n = n.min(c.waiters.len());
                    c.waiters.drain(..n).collect()
                };
                let line = self.cur_line(g);
                for gid in woken {
                    self.relock_for(gid, g.id, &locker, line);
                }
                Ok(vec![])
            }
            _ => Err(no_method(&self.prog, mname, bt::COND)),
        }
    }

    /// A goroutine woken from `Cond.Wait` takes the Cond's lock before it runs on: at once
    /// if the lock is free, else it queues for the lock like any `Lock` call.
    fn relock_for(&mut self, gid: u32, by: u32, locker: &Value, line: u32) {
        let Value::Obj(o, _) = locker else { return };
        let Object::Mutex(m) = &**o else { return };
        let mutex = self.ensure_id_mutex(m);
        if m.borrow_mut().try_lock(true) {
            self.wake(gid, by, Value::Nil, true, 0, false);
            self.event(EventKind::Lock {
                id: gid,
                mutex,
                line,
            });
            return;
        }
        m.borrow_mut().waiters.push_back((gid, true));
        let waiter = &mut self.gs[gid as usize - 1];
        waiter.wait_reason = Some(WaitReason::MutexLock);
        waiter.blocked_on.clear();
        waiter.blocked_on.push(locker.clone());
        let blocked_line = waiter.blocked_line;
        self.event(EventKind::Blocked {
            id: gid,
            reason: WaitReason::MutexLock,
            line: blocked_line,
        });
    }

    /// `Get` hands back the newest value `Put`, else calls `New` (nil without one).
    fn pool_method(
        &mut self,
        g: &mut Goroutine,
        pool: &std::cell::RefCell<PoolObj>,
        mname: &str,
        args: Vec<Value>,
    ) -> Res<Vec<Value>> {
        match mname {
            "Put" => {
                if let Some(v) = args.into_iter().next() {
                    if !matches!(v, Value::Nil) {
                        pool.borrow_mut().items.push(v);
                    }
                }
                Ok(vec![])
            }
            "Get" => {
                if let Some(v) = pool.borrow_mut().items.pop() {
                    return Ok(vec![v]);
                }
                let new = pool.borrow().new.clone();
                if matches!(new, Value::Nil | Value::NilOf(_)) {
                    return Ok(vec![Value::Nil]);
                }
                let made = self.call_sync(g.id, new, Vec::new())?;
                Ok(vec![made.into_iter().next().unwrap_or_default()])
            }
            _ => Err(no_method(&self.prog, mname, bt::POOL)),
        }
    }

    fn ensure_id_mutex(&mut self, m: &std::cell::RefCell<super::mutex::Mutex>) -> u32 {
        if m.borrow().id == 0 {
            let id = self.obj_id();
            m.borrow_mut().id = id;
        }
        m.borrow().id
    }

    /// Calls a Go function to completion right now (String/Error methods inside fmt,
    /// sort comparators). It may not block.
    pub fn call_sync(&mut self, gid: u32, callee: Value, args: Vec<Value>) -> Res<Vec<Value>> {
        if self.sync_depth > 32 {
            return Err(Stop::NotSimulated(
                "deeply nested String/Error methods".into(),
            ));
        }
        self.sync_depth += 1;
        let mut tmp = Goroutine {
            id: gid,
            state: GState::Runnable,
            ..Default::default()
        };
        let r = self.call_value(&mut tmp, callee, args, WANT_TUPLE, FrameKind::Entry, false);
        let result = match r {
            Err(Stop::Done) | Ok(()) if tmp.frames.is_empty() => Ok(()),
            Err(e) => Err(e),
            Ok(()) => loop {
                match self.run_ops(&mut tmp, u64::MAX) {
                    Stop::Done => break Ok(()),
                    Stop::Block => {
                        break Err(Stop::NotSimulated(
                            "blocking inside a String, Error or comparison function".into(),
                        ))
                    }
                    Stop::Yield => continue,
                    other => break Err(other),
                }
            },
        };
        self.sync_depth -= 1;
        result?;
        Ok(match tmp.stack.pop() {
            Some(Value::Tuple(t)) => t.to_vec(),
            Some(v) => vec![v],
            None => vec![],
        })
    }

    /// `Error()` or `String()` of a value with such a Go method, if it has one.
    pub fn stringer(&mut self, gid: u32, v: &Value) -> Res<Option<String>> {
        let prog = self.prog.clone();
        let ty = v.type_of(&prog);
        let (ty, via_ptr) = match v {
            Value::Ptr(Pointer::Struct(s), _) => (s.ty, true),
            _ => (ty, false),
        };
        for m in ["Error", "String"] {
            let Some(n) = prog.names.iter().position(|x| x == m) else {
                continue;
            };
            if let Some(&(func, ptr_recv)) = prog.ty(ty).methods.get(&(n as Name)) {
                if ptr_recv && !via_ptr {
                    continue;
                }
                let recv = if ptr_recv {
                    v.clone()
                } else if via_ptr {
                    match v {
                        Value::Ptr(p, _) => p.load().copied(),
                        _ => v.clone(),
                    }
                } else {
                    v.clone().copied()
                };
                let captures: Rc<[CellRef]> = Rc::from(Vec::new());
                let r = self.call_sync(
                    gid,
                    Value::Func(Rc::new(Callable::Func { func, captures })),
                    vec![recv],
                )?;
                return Ok(Some(r.first().map(super::fmt::to_str).unwrap_or_default()));
            }
        }
        Ok(None)
    }

    pub fn timer_stop(&mut self, o: &Rc<Object>) -> bool {
        if let Object::Timer(t) = &**o {
            let mut t = t.borrow_mut();
            let was = match t.pending.take() {
                Some(seq) => self.clock.cancel(seq),
                None => false,
            };
            if self.version.collectable_timers() {
                t.chan.state.borrow_mut().buf.clear();
            }
            return was;
        }
        false
    }

    pub fn timer_arm(&mut self, timer: &Value, d: i64) {
        if let Value::Obj(o, _) = timer {
            if let Object::Timer(t) = &**o {
                let (chan, period, func) = {
                    let t = t.borrow();
                    (t.chan.clone(), t.period, t.func.clone())
                };
                let when = self.clock.now + d.max(0);
                let action = match func {
                    Some(f) => super::timer::TimerAction::AfterFunc(f),
                    None => super::timer::TimerAction::Fire {
                        chan,
                        period: if period > 0 { d.max(1) } else { 0 },
                        timer: Some(timer.clone()),
                    },
                };
                let seq = self.clock.schedule(when, action);
                let mut t = t.borrow_mut();
                t.pending = Some(seq);
                if t.period > 0 {
                    t.period = d.max(1);
                }
            }
        }
    }
}

pub fn duration_method(d: i64, name: &str) -> Vec<Value> {
    match name {
        "Seconds" => vec![Value::Float(d as f64 / 1e9, bt::FLOAT64)],
        "Milliseconds" => vec![Value::Int(d / 1_000_000, bt::INT64)],
        "Microseconds" => vec![Value::Int(d / 1_000, bt::INT64)],
        "Nanoseconds" => vec![Value::Int(d, bt::INT64)],
        "Minutes" => vec![Value::Float(d as f64 / 6e10, bt::FLOAT64)],
        "Hours" => vec![Value::Float(d as f64 / 3.6e12, bt::FLOAT64)],
        "String" => vec![Value::str(&super::fmt::duration_string(d))],
        "Truncate" | "Round" => vec![Value::Int(d, bt::DURATION)],
        _ => vec![Value::Nil],
    }
}

/// The stop for a method the simulator does not model on a value of type `ty`.
fn no_method(prog: &Program, mname: &str, ty: Ty) -> Stop {
    Stop::NotSimulated(format!("method {mname} of {}", prog.ty(ty).name))
}

/// The Mutex or RWMutex a Cond was made with (`sync.NewCond(&mu)` passes a pointer).
fn cond_locker(l: &Value) -> Res<Value> {
    let v = match l {
        Value::Ptr(p, _) => p.load(),
        v => v.clone(),
    };
    match &v {
        Value::Obj(o, _) if matches!(&**o, Object::Mutex(_)) => Ok(v),
        _ => Err(Stop::NotSimulated(
            "a sync.Cond whose Locker is not a sync.Mutex or sync.RWMutex".into(),
        )),
    }
}

/// Methods of `atomic.Int64` and friends: one goroutine runs at a time, so each is one
/// step; arithmetic wraps at the type's width.
fn atomic_method(
    cell: &std::cell::Cell<i64>,
    ty: Ty,
    mname: &str,
    args: &[Value],
) -> Res<Vec<Value>> {
    let wrap = |v: i64| match ty {
        bt::ATOMIC_INT32 => v as i32 as i64,
        bt::ATOMIC_UINT32 => v as u32 as i64,
        bt::ATOMIC_BOOL => i64::from(v != 0),
        _ => v,
    };
    let as_raw = |v: &Value| match v {
        Value::Bool(b) => i64::from(*b),
        v => v.as_int(),
    };
    let value_ty = match ty {
        bt::ATOMIC_INT32 => bt::INT32,
        bt::ATOMIC_UINT32 => bt::UINT32,
        bt::ATOMIC_UINT64 => bt::UINT64,
        _ => bt::INT64,
    };
    let out = |v: i64| {
        if ty == bt::ATOMIC_BOOL {
            Value::Bool(v != 0)
        } else {
            Value::Int(v, value_ty)
        }
    };
    let arg = |i: usize| args.get(i).map_or(0, as_raw);
    let old = cell.get();
    Ok(match mname {
        "Load" => vec![out(old)],
        "Store" => {
            cell.set(wrap(arg(0)));
            vec![]
        }
        "Add" if ty != bt::ATOMIC_BOOL => {
            let new = wrap(old.wrapping_add(arg(0)));
            cell.set(new);
            vec![out(new)]
        }
        "Swap" => {
            cell.set(wrap(arg(0)));
            vec![out(old)]
        }
        "CompareAndSwap" => {
            let swapped = old == wrap(arg(0));
            if swapped {
                cell.set(wrap(arg(1)));
            }
            vec![Value::Bool(swapped)]
        }
        _ => return Err(Stop::NotSimulated(format!("method {mname} of sync/atomic"))),
    })
}
