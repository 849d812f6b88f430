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
    /// The test whose `=== RUN` or `=== NAME` line came last: output from another test
    /// first prints `=== NAME  <test>`, as `go test -v` does.
    pub last_named: String,
}

impl TestDriver {
    pub fn new(file_name: &str) -> TestDriver {
        TestDriver {
            next: 0,
            current: None,
            any_failed: false,
            goexit: error_value("runtime.Goexit"),
            file_name: file_name.to_owned(),
            last_named: String::new(),
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
            let (failed, sub_results) = match &t {
                Value::Obj(o, _) => match &**o {
                    Object::TestingT(s) => {
                        let mut s = s.borrow_mut();
                        (s.failed, std::mem::take(&mut s.results))
                    }
                    _ => (false, Vec::new()),
                },
                _ => (false, Vec::new()),
            };
            driver.any_failed |= failed;
            let secs = (self.clock.now - started) as f64 / 1e9;
            let mut line = format!(
                "--- {}: {} ({:.2}s)\n",
                if failed { "FAIL" } else { "PASS" },
                name,
                secs
            );
            for r in sub_results {
                line.push_str(&r);
            }
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
                name: name.clone(),
                started: self.clock.now,
                ..TestState::default()
            }))),
            bt::TESTING_T,
        );
        driver.current = Some((name.clone(), t.clone(), self.clock.now));
        driver.last_named = name.clone();
        self.output(g.id, &format!("=== RUN   {name}\n"), false)?;
        let captures: Rc<[CellRef]> = Rc::from(Vec::new());
        let test_fn = Value::Func(Rc::new(Callable::Func { func, captures }));
        // The test goroutine runs the test, then wakes goroutine 1 (deferred, so it also
        // happens after t.Fatal).
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
            let test_name = state.borrow().name.clone();
            if let Some(d) = self.tests.as_mut() {
                if d.last_named != test_name {
                    out.push_str(&format!("=== NAME  {test_name}\n"));
                    d.last_named = test_name;
                }
            }
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
            "Cleanup" => return Err(Stop::NotSimulated(format!("t.{name}"))),
            _ => {}
        }
        Ok(vec![])
    }
}

impl Machine {
    /// `t.Run(name, f)`: prints `=== RUN   Parent/name`, runs `f` in a goroutine of its
    /// own with a child T, and parks the caller until it ends (`subtest_done`).
    pub fn test_run(
        &mut self,
        g: &mut Goroutine,
        parent: &Rc<Object>,
        args: Vec<Value>,
        want: u8,
    ) -> Res<()> {
        let Object::TestingT(state) = &**parent else {
            return Err(Stop::NotSimulated("method Run".into()));
        };
        let sub = super::fmt::to_str(&args.first().cloned().unwrap_or_default()).replace(' ', "_");
        let f = args.get(1).cloned().unwrap_or_default();
        let (name, depth) = {
            let s = state.borrow();
            (format!("{}/{sub}", s.name), s.depth + 1)
        };
        if let Some(d) = self.tests.as_mut() {
            d.last_named = name.clone();
        }
        self.output(g.id, &format!("=== RUN   {name}\n"), false)?;
        let child = Value::Obj(
            Rc::new(Object::TestingT(RefCell::new(TestState {
                name,
                depth,
                parent: Some((parent.clone(), g.id)),
                parent_wants_result: want > 0,
                started: self.clock.now,
                ..TestState::default()
            }))),
            bt::TESTING_T,
        );
        let runner = Value::Func(Rc::new(Callable::Native {
            f: Native::RunThen,
            recv: Some(Value::Tuple(Rc::new(vec![
                Value::Tuple(Rc::new(vec![f, child.clone()])),
                Value::Func(Rc::new(Callable::Native {
                    f: Native::SubtestDone,
                    recv: Some(child),
                })),
            ]))),
        }));
        let line = self.cur_line(g);
        self.spawn(g.id, line, runner, vec![])?;
        let wait = if want > 0 {
            WaitKind::Recv
        } else {
            WaitKind::Lock
        };
        Err(self.block(g, wait, WaitReason::ChanReceive, Vec::new()))
    }

    /// A subtest's goroutine ended (returned, or t.Fatal): its result lines go to the
    /// parent, a failure fails the parent, and the parent's `t.Run` returns.
    pub fn subtest_done(&mut self, by: u32, child: &Value) {
        let Value::Obj(o, _) = child else { return };
        let Object::TestingT(state) = &**o else {
            return;
        };
        let (lines, failed, parent, wants) = {
            let mut s = state.borrow_mut();
            let secs = (self.clock.now - s.started) as f64 / 1e9;
            let mut lines = format!(
                "{}--- {}: {} ({secs:.2}s)\n",
                "    ".repeat(s.depth),
                if s.failed { "FAIL" } else { "PASS" },
                s.name
            );
            for r in std::mem::take(&mut s.results) {
                lines.push_str(&r);
            }
            (lines, s.failed, s.parent.clone(), s.parent_wants_result)
        };
        let Some((parent, gid)) = parent else { return };
        if let Object::TestingT(p) = &*parent {
            let mut p = p.borrow_mut();
            p.results.push(lines);
            p.failed |= failed;
        }
        let result = if wants {
            Value::Bool(!failed)
        } else {
            Value::Nil
        };
        self.wake(gid, by, result, true, 0, false);
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
