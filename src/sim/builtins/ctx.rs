//! Package context: cancellation trees, deadlines and values.

use super::*;

impl Machine {
    pub(super) fn call_context(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        use Native::*;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        match f {
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
            _ => Err(misrouted(f)),
        }
    }
}

impl Machine {
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
