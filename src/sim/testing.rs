//! `func TestX(t *testing.T)` entry points: when a file has no `main`, goroutine 1 runs
//! each test in its own goroutine, as `go test -v` does, printing its RUN/PASS lines.
//! With [`TestOptions::leak_check`] the runner checks each test as goleak's `VerifyNone`
//! does: it retries with backoff (in virtual time) until the test's goroutines are gone,
//! and fails the test with the ones still there.

use super::interp::*;
use super::ir::builtin_types as bt;
use super::ir::Program;
use super::natives::Native;
use super::timer::TimerAction;
use super::value::*;
use super::wait::WaitReason;
use super::LeakedGoroutine;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// What a test file's run does beyond `go test -v`.
#[derive(Clone, Debug, Default)]
pub struct TestOptions {
    /// After each test, wait for its goroutines and fail it with those left (goleak).
    pub leak_check: bool,
    /// Run only the tests with these names (as `go test -run` selected them).
    pub only: Option<Vec<String>>,
}

/// One top-level test's result.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TestReport {
    pub name: String,
    pub failed: bool,
    /// The goroutines still there after the leak check's retries.
    pub leaked: Vec<LeakedGoroutine>,
}

/// goleak's defaults: 20 retries, sleeping 1 µs doubling up to 100 ms (about 0.43 s).
pub const LEAK_CHECK_RETRIES: u32 = 20;
const LEAK_CHECK_MAX_SLEEP_NS: i64 = 100_000_000;

fn leak_check_backoff(retry: u32) -> i64 {
    (1_000i64 << retry.min(40)).min(LEAK_CHECK_MAX_SLEEP_NS)
}

pub struct TestDriver {
    pub next: usize,
    pub current: Option<(String, Value, i64)>,
    pub any_failed: bool,
    pub goexit: Value,
    pub file_name: String,
    /// The test whose `=== RUN` or `=== NAME` line came last: output from another test
    /// first prints `=== NAME  <test>`, as `go test -v` does.
    pub last_named: String,
    pub reports: Vec<TestReport>,
    /// Leak-check retries done for the test that just returned.
    pub retries: u32,
    /// Goroutines an earlier test's leak check already reported.
    pub reported: HashSet<u32>,
    pub ran_any: bool,
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
            reports: Vec::new(),
            retries: 0,
            reported: HashSet::new(),
            ran_any: false,
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
        if driver.current.is_some() {
            let mut leaked = Vec::new();
            if self.test_options.leak_check {
                match self.leak_check(g)? {
                    LeakCheck::Retry(stop) => return Err(stop),
                    LeakCheck::Done(left) => leaked = left,
                }
            }
            self.report_test(g, leaked)?;
        }
        self.start_next_test(g, &prog)
    }

    /// Prints the `--- PASS`/`--- FAIL` line of the test that returned (after the leak
    /// check's message, if it found goroutines) and records its report.
    fn report_test(&mut self, g: &mut Goroutine, leaked: Vec<LeakedGoroutine>) -> Res<()> {
        let driver = self.tests.as_mut().unwrap();
        let file = driver.file_name.clone();
        if let Some((name, t, started)) = driver.current.take() {
            if !leaked.is_empty() {
                if let Value::Obj(o, _) = &t {
                    if let Object::TestingT(s) = &**o {
                        s.borrow_mut().failed = true;
                    }
                }
                let mut text = format!("    {file}: found unexpected goroutines:\n");
                for l in &leaked {
                    text.push_str(&format!(
                        "        [Goroutine {} in state {}, created at line {}{}{}]\n",
                        l.id,
                        l.wait_reason,
                        l.created_line,
                        if l.blocked_line > 0 {
                            format!(", blocked at line {}", l.blocked_line)
                        } else {
                            String::new()
                        },
                        if l.forever { ", forever" } else { "" }
                    ));
                }
                self.output(g.id, &text, false)?;
            }
            let driver = self.tests.as_mut().unwrap();
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
            driver.reports.push(TestReport {
                name,
                failed,
                leaked,
            });
            self.output(g.id, &line, false)?;
        }
        Ok(())
    }

    /// Starts the next selected test and parks the runner until it returns, or prints
    /// the summary when none is left.
    fn start_next_test(&mut self, g: &mut Goroutine, prog: &Program) -> Res<Vec<Value>> {
        let only = self.test_options.only.clone();
        let driver = self.tests.as_mut().unwrap();
        while driver.next < prog.tests.len()
            && only
                .as_ref()
                .is_some_and(|names| !names.contains(&prog.tests[driver.next].0))
        {
            driver.next += 1;
        }
        if driver.next >= prog.tests.len() {
            let secs = self.clock.now as f64 / 1e9;
            let summary = if driver.any_failed {
                format!("FAIL\nFAIL\tx\t{secs:.3}s\nFAIL\n")
            } else if !driver.ran_any {
                format!("testing: warning: no tests to run\nPASS\nok  \tx\t{secs:.3}s [no tests to run]\n")
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
        driver.ran_any = true;
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

    /// goleak's `VerifyNone` for the test that just returned: the goroutines left beside
    /// the runner (`g`, out of its slot now) that no earlier check reported. While some of
    /// them could still finish, the runner sleeps and retries; after the last retry, or once
    /// every one left is blocked forever, they are the test's leaks.
    fn leak_check(&mut self, g: &mut Goroutine) -> Res<LeakCheck> {
        let driver = self.tests.as_ref().unwrap();
        let left: Vec<LeakedGoroutine> = super::leak_report(self)
            .into_iter()
            .filter(|l| l.id != g.id && !driver.reported.contains(&l.id))
            .collect();
        let could_finish = left.iter().any(|l| !l.forever);
        let driver = self.tests.as_mut().unwrap();
        if could_finish && driver.retries < LEAK_CHECK_RETRIES {
            let pause = leak_check_backoff(driver.retries);
            driver.retries += 1;
            g.ticket += 1;
            let when = self.clock.now.saturating_add(pause);
            self.clock
                .schedule(when, TimerAction::WakeSleeper(g.id, g.ticket));
            g.start = Some((
                Value::Func(Rc::new(Callable::Native {
                    f: Native::TestRunner,
                    recv: None,
                })),
                vec![],
            ));
            return Ok(LeakCheck::Retry(self.block(
                g,
                WaitKind::Sleep,
                WaitReason::Sleep,
                Vec::new(),
            )));
        }
        driver.retries = 0;
        driver.reported.extend(left.iter().map(|l| l.id));
        Ok(LeakCheck::Done(left))
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

enum LeakCheck {
    /// The runner sleeps until its next retry.
    Retry(Stop),
    /// The goroutines the test left.
    Done(Vec<LeakedGoroutine>),
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
