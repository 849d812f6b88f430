//! Packages sync and sync/atomic: their functions (the types' methods are in
//! `sim::methods`). One goroutine runs at a time, so each atomic function is one step.

use super::*;
use crate::sim::natives::AtomicOp;
use std::collections::VecDeque;

impl Machine {
    pub(super) fn call_sync_package(
        &mut self,
        _g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        match f {
            Native::SyncNewCond => {
                let l = args.first().cloned().unwrap_or_default();
                if matches!(l, Value::Nil | Value::NilOf(_)) {
                    return Err(Stop::NotSimulated("sync.NewCond(nil)".into()));
                }
                let cond = CondObj {
                    l,
                    waiters: VecDeque::new(),
                };
                Ok(Results::One(Value::Obj(
                    Rc::new(Object::Cond(RefCell::new(cond))),
                    bt::COND,
                )))
            }
            Native::Atomic(op) => atomic(op, args),
            Native::SyncNewPool => Ok(Results::One(Value::Obj(
                Rc::new(Object::Pool(RefCell::new(PoolObj {
                    new: args.first().cloned().unwrap_or_default(),
                    items: Vec::new(),
                }))),
                bt::POOL,
            ))),
            _ => Err(misrouted(f)),
        }
    }
}

/// `atomic.AddInt64(&n, d)` and the rest: the pointee keeps its integer type, and
/// arithmetic wraps at its width as Go's does.
fn atomic(op: AtomicOp, args: &[Value]) -> Res<Results> {
    let Some(Value::Ptr(p, _)) = args.first() else {
        return Err(Stop::Panic(runtime_err_value(
            "invalid memory address or nil pointer dereference",
        )));
    };
    let Value::Int(current, ty) = p.load() else {
        return Err(Stop::NotSimulated(
            "a sync/atomic function on a value that is not an integer".into(),
        ));
    };
    let arg = |i: usize| args.get(i).map_or(0, Value::as_int);
    let store = |v: i64| p.store(Value::Int(v, ty));
    Ok(Results::One(match op {
        AtomicOp::Add => {
            let new = current.wrapping_add(arg(1));
            let new = match ty {
                bt::INT32 => new as i32 as i64,
                bt::UINT32 => new as u32 as i64,
                _ => new,
            };
            store(new);
            Value::Int(new, ty)
        }
        AtomicOp::Load => Value::Int(current, ty),
        AtomicOp::Store => {
            store(arg(1));
            return Ok(Results::Many(Vec::new()));
        }
        AtomicOp::Swap => {
            store(arg(1));
            Value::Int(current, ty)
        }
        AtomicOp::CompareAndSwap => {
            let swapped = current == arg(1);
            if swapped {
                store(arg(2));
            }
            Value::Bool(swapped)
        }
    }))
}
