//! Package time: sleeping, timers, tickers and the virtual clock.

use super::*;

impl Machine {
    pub(super) fn call_time(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        use Native::*;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        match f {
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
            _ => Err(misrouted(f)),
        }
    }
}

impl Machine {
    pub fn new_timer(&mut self, d: i64, ticker: bool, func: Option<Value>) -> Value {
        let chan = {
            let id = self.obj_id();
            let mut c = crate::sim::chan::Chan::new(id, 1, bt::TIME);
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
}
