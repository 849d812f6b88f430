//! Packages runtime, os and math, and the natives the simulator itself calls (method
//! values, WaitGroup.Go, test runners).

use super::*;

impl Machine {
    pub(super) fn call_runtime(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &mut Vec<Value>,
    ) -> Res<Results> {
        use Native::*;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        match f {
            NumGoroutine => one(Value::int(self.live as i64)),
            Gc => many(vec![]),
            Gosched => Err(Stop::Yield),
            NumCpu => one(Value::int(8)),
            Gomaxprocs => one(Value::int(8)),
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
                // `(f, x)` calls f(x): a subtest's function with its T.
                let (f0, args) = match &f0 {
                    Value::Tuple(t) if t.len() == 2 => (t[0].clone(), vec![t[1].clone()]),
                    _ => (f0, vec![]),
                };
                let depth = g.frames.len();
                self.call_value(g, f0, args, 0, FrameKind::Entry, false)?;
                if g.frames.len() > depth {
                    g.frames.last_mut().unwrap().defers.insert(
                        0,
                        Deferred {
                            callee: done,
                            args: vec![],
                            spread: false,
                        },
                    );
                    many(vec![])
                } else {
                    self.call_value(g, done, vec![], 0, FrameKind::Normal, false)?;
                    many(vec![])
                }
            }
            TestRunner => self.test_runner_step(g).map(Results::from),
            SubtestDone => {
                self.subtest_done(g.id, &arg(0));
                many(vec![])
            }
            TestDone => {
                self.test_done(g.id);
                many(vec![])
            }
            _ => Err(misrouted(f)),
        }
    }
}
