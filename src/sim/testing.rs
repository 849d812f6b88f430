//! `func TestX(t *testing.T)` entry points: when a file has no `main`, goroutine 1 runs
//! each test in its own goroutine, as `go test -v` does, printing its RUN/PASS lines.

use super::interp::*;
use super::ir::builtin_types as bt;
use super::natives::Native;
use super::value::*;
use super::wait::WaitReason;
use std::cell::RefCell;
use std::rc::Rc;

pub struct TestDriver {
    pub next: usize,
    pub current: Option<(String, Value, i64)>,
    pub any_failed: bool,
    pub goexit: Value,
    pub file_name: String,
}

impl TestDriver {
    pub fn new(file_name: &str) -> TestDriver {
        TestDriver {
            next: 0,
            current: None,
            any_failed: false,
            goexit: error_value("runtime.Goexit"),
            file_name: file_name.to_owned(),
        }
    }
    pub fn is_goexit(&self, v: &Value) -> bool {
        match (v, &self.goexit) {
            (Value::Obj(a, _), Value::Obj(b, _)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Machine {
    /// One step of the test runner on goroutine 1: report the finished test, start the
    /// next one and wait for it, or print the summary.
    pub fn test_runner_step(&mut self, g: &mut Goroutine) -> Res<Vec<Value>> {
        let prog = self.prog.clone();
        let Some(driver) = self.tests.as_mut() else {
            return Ok(vec![]);
        };
        if let Some((name, t, started)) = driver.current.take() {
            let failed = match &t {
                Value::Obj(o, _) => match &**o {
                    Object::TestingT(s) => s.borrow().failed,
                    _ => false,
                },
                _ => false,
            };
            driver.any_failed |= failed;
            let secs = (self.clock.now - started) as f64 / 1e9;
            let line = format!(
                "--- {}: {} ({:.2}s)\n",
                if failed { "FAIL" } else { "PASS" },
                name,
                secs
            );
            self.output(g.id, &line, false)?;
        }
        let driver = self.tests.as_mut().unwrap();
        if driver.next >= prog.tests.len() {
            let secs = self.clock.now as f64 / 1e9;
            let summary = if driver.any_failed {
                format!("FAIL\nFAIL\tx\t{secs:.3}s\nFAIL\n")
            } else {
                format!("PASS\nok  \tx\t{secs:.3}s\n")
            };
            let failed = driver.any_failed;
            self.output(g.id, &summary, false)?;
            if failed {
                return Err(Stop::Exit(1));
            }
            return Ok(vec![]);
        }
        let (name, func) = prog.tests[driver.next].clone();
        driver.next += 1;
        let t = Value::Obj(
            Rc::new(Object::TestingT(RefCell::new(TestState {
                failed: false,
                name: name.clone(),
            }))),
            bt::TESTING_T,
        );
        driver.current = Some((name.clone(), t.clone(), self.clock.now));
        self.output(g.id, &format!("=== RUN   {name}\n"), false)?;
        let captures: Rc<[CellRef]> = Rc::from(Vec::new());
        let test_fn = Value::Func(Rc::new(Callable::Func { func, captures }));
        let bound = Value::Func(Rc::new(Callable::Native {
            f: Native::RunThen,
            recv: Some(Value::Tuple(Rc::new(vec![
                Value::Func(Rc::new(Callable::Native {
                    f: Native::TestRunner,
                    recv: None,
                })),
                Value::Nil,
            ]))),
        }));
        let _ = bound;
        // The test goroutine runs the test, then wakes goroutine 1 (deferred, so it also
        // happens after t.Fatal).
        let wake_runner = Value::Func(Rc::new(Callable::Native {
            f: Native::ObjMethod(u32::MAX),
            recv: None,
        }));
        let _ = wake_runner;
        let line = prog.funcs[func as usize].line;
        let with_t = Value::Func(Rc::new(Callable::Native {
            f: Native::RunThen,
            recv: Some(Value::Tuple(Rc::new(vec![
                bind_arg(test_fn, t),
                Value::Func(Rc::new(Callable::Native {
                    f: Native::TestDone,
                    recv: None,
                })),
            ]))),
        }));
        self.spawn(g.id, line, with_t, vec![])?;
        g.start = Some((
            Value::Func(Rc::new(Callable::Native {
                f: Native::TestRunner,
                recv: None,
            })),
            vec![],
        ));
        Err(self.block(g, WaitKind::Forever, WaitReason::ChanReceive, Vec::new()))
    }

    pub fn test_done(&mut self, by: u32) {
        if self.gs.first().is_some_and(|g| g.state == GState::Blocked) {
            self.wake(1, by, Value::Nil, true, 0, false);
        }
    }

    pub fn testing_method(
        &mut self,
        g: &mut Goroutine,
        o: &Rc<Object>,
        name: &str,
        args: Vec<Value>,
    ) -> Res<Vec<Value>> {
        let Object::TestingT(state) = &**o else {
            return Ok(vec![]);
        };
        let line = self.cur_line(g);
        let text = match name {
            "Log" | "Error" | "Fatal" | "Skip" => {
                let s = self.sprintln(g.id, &args)?;
                Some(s.trim_end_matches('\n').to_owned())
            }
            "Logf" | "Errorf" | "Fatalf" | "Skipf" => {
                let f = super::fmt::to_str(&args.first().cloned().unwrap_or_default());
                Some(self.sprintf(g.id, &f, &args[1.min(args.len())..])?)
            }
            _ => None,
        };
        if let Some(t) = text {
            let file = self
                .tests
                .as_ref()
                .map(|d| d.file_name.clone())
                .unwrap_or_else(|| "main_test.go".into());
            let mut out = String::new();
            for (i, l) in t.split('\n').enumerate() {
                if i == 0 {
                    out.push_str(&format!("    {file}:{line}: {l}\n"));
                } else {
                    out.push_str(&format!("        {l}\n"));
                }
            }
            self.output(g.id, &out, false)?;
        }
        match name {
            "Error" | "Errorf" | "Fail" => state.borrow_mut().failed = true,
            "Fatal" | "Fatalf" | "FailNow" => {
                state.borrow_mut().failed = true;
                let v = self
                    .tests
                    .as_ref()
                    .map(|d| d.goexit.clone())
                    .unwrap_or_default();
                return Err(Stop::Panic(v));
            }
            "Skip" | "Skipf" | "SkipNow" => {
                let v = self
                    .tests
                    .as_ref()
                    .map(|d| d.goexit.clone())
                    .unwrap_or_default();
                return Err(Stop::Panic(v));
            }
            "Failed" => return Ok(vec![Value::Bool(state.borrow().failed)]),
            "Name" => return Ok(vec![Value::str(&state.borrow().name)]),
            "Helper" | "Parallel" | "Log" | "Logf" => {}
            "Cleanup" | "Run" => return Err(Stop::NotSimulated(format!("t.{name}"))),
            _ => {}
        }
        Ok(vec![])
    }
}

fn bind_arg(f: Value, arg: Value) -> Value {
    match &f {
        Value::Func(c) => match &**c {
            Callable::Func { func, .. } => Value::Func(Rc::new(Callable::Bound {
                recv: arg,
                func: *func,
            })),
            _ => f,
        },
        _ => f,
    }
}
