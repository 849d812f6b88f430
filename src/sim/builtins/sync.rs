//! Package sync's functions (its types' methods are in `sim::methods`).

use super::*;
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
            _ => Err(misrouted(f)),
        }
    }
}
