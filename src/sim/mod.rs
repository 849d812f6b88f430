//! The Go concurrency simulator: lowers the syntax tree to an IR ([`lower`], [`ir`]) and
//! interprets it ([`interp`], [`exec`]) with a seeded scheduler ([`sched`]) and a virtual
//! clock ([`timer`]) that jumps to the next timer when every goroutine is blocked. Nothing
//! reads the real clock: the same source, Go version and seed give the same [`Trace`].
//!
//! Runtime objects (channels, mutexes, wait groups, timers, contexts, heap blocks) are
//! reference-counted values carrying a small serial id for the trace, rather than indices
//! into arenas: a learner's loop may create millions of short-lived timers and channels,
//! and reference counting frees them without a garbage collector of our own.
//!
//! # Memory model
//! Every backing array, map, string made at run time, struct behind a pointer and channel
//! buffer is a heap block with a nominal size (`len * size_of(elem)` etc.; a map's slots at
//! the most entries it held, as Go maps never shrink; a string's whole buffer, which its
//! slices share). "Retained bytes" is the sum over the blocks reachable from globals and
//! from the frames of live goroutines, plus each live goroutine's stack (2 KiB, doubled
//! until the arrays and structs its frames hold by value fit), [`G_STRUCT_BYTES`] per live
//! goroutine and [`TIMER_BYTES`] per pending timer (from Go 1.23 on, only timers still
//! referenced count, as the runtime collects the others). `peak_bytes` is the most that
//! any sample saw.
//!
//! # Leaks
//! At the end every goroutine still alive is reported with its creation and blocking
//! sites. It is blocked `forever` when no *live agent* can reach the primitive it waits
//! on. Live agents are runnable goroutines, sleeping goroutines, pending timers (which
//! reach the channel they will send on) and, transitively, blocked goroutines whose
//! primitive a live agent reaches. A live agent reaches whatever its frames reference
//! and, unlike Go 1.27's `goroutineleak` profile, globals are not roots by themselves:
//! they count as reachable only when some live agent exists, so a global mutex that is
//! never unlocked after `main` returns is still reported as a forever leak.
//!
//! # Supported Go subset
//! Package `main` with imports of fmt, errors, time, runtime, sync, context, strings,
//! bytes, strconv, slices, sort, os, math, testing; funcs, closures (capture by
//! reference), methods with value and pointer receivers (also promoted through embedded
//! fields), interfaces and type switches/assertions, generics (type parameters are erased:
//! values carry their dynamic types), multiple results, named results changed by defers,
//! named types, structs, pointers, arrays (copied as values), slices (2- and 3-index
//! slicing, `append` growth with Go's size classes, `copy`), maps (comma-ok, delete,
//! range; printed sorted), strings/runes/bytes, all `for` forms including range over
//! int/slice/array/map/string/channel, labels, switch with fallthrough, select
//! (pseudo-random choice), goroutines, channels (buffered, unbuffered, nil, closed,
//! directional), `time.Sleep/After/Tick/NewTimer/NewTicker/AfterFunc/Now/Since/Until`,
//! Duration methods, context (Background, WithCancel/Timeout/Deadline/Value),
//! `sync.Mutex/RWMutex/WaitGroup (incl. Go)/Once/Map`, `runtime.NumGoroutine/GC/Gosched`,
//! defer/panic/recover, `os.Exit`, `func TestX(t *testing.T)` entry points, and loop
//! variables per iteration from Go 1.22.
//!
//! # Deliberately not simulated (stops with `not simulated: <what> at L:C`)
//! Other packages (net/http, io, os files…), `goto`, range over functions, `t.Run` and
//! `t.Cleanup`, `sync.Cond`, `sync/atomic` functions, complex numbers, struct tags'
//! effects, unsafe. Known approximations: compile errors other than syntax errors and
//! undefined names (unused variables/imports, type mismatches) are not reported; an
//! interface holding a typed nil pointer compares equal to nil; map iteration is in key
//! order (Go randomises it); goroutine dumps after a panic's first line are not
//! reproduced (nor the `[signal SIGSEGV…]` details beyond a fixed line); `time.Now`
//! starts at the playground epoch. The first `append` to a nil slice inside a loop gets
//! a 32-byte backing array, as Go 1.25+ gives non-escaping slices on the stack.

pub mod bounded;
pub mod builtins;
pub mod chan;
pub mod context;
pub mod exec;
pub mod explore;
pub mod fmt;
pub mod footprint;
pub mod gostr;
pub mod heap;
pub mod interp;
pub mod ir;
pub mod lower;
pub mod methods;
pub mod mutex;
pub mod natives;
pub mod peephole;
pub mod sched;
pub mod stream;
pub mod testing;
pub mod timer;
pub mod trace;
pub mod value;
pub mod wait;
pub mod waitgroup;

use crate::analysis::GoVersion;
use interp::{GState, Goroutine, Machine, Stop};
use std::collections::HashSet;
use std::rc::Rc;
use timer::TimerAction;
use value::{Callable, Object, Value};

pub use sched::{Schedule, Strategy};
pub use testing::{TestOptions, TestReport};
pub use trace::{Event, EventKind, Trace};
pub use wait::{GoroutineStatus, WaitReason};

/// Nominal bytes of a goroutine's runtime structures (its `g`), besides its stack.
pub const G_STRUCT_BYTES: u64 = 512;
/// Nominal bytes of a pending runtime timer.
pub const TIMER_BYTES: u64 = 200;
/// Virtual time 0 is 2009-11-10 23:00:00 UTC, as on the Go playground.
pub const EPOCH_NS: i64 = 1_257_894_000_000_000_000;
/// Retained bytes are sampled at least this often in virtual time.
pub const SAMPLE_EVERY_NS: i64 = 10_000_000;

#[derive(Clone, Debug)]
pub struct Config {
    pub go_version: GoVersion,
    pub seed: u64,
    pub strategy: Strategy,
    pub budgets: Budgets,
    pub tests: testing::TestOptions,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            go_version: GoVersion::LATEST,
            seed: 1,
            strategy: Strategy::Random,
            budgets: Budgets::default(),
            tests: testing::TestOptions::default(),
        }
    }
}

impl Config {
    pub fn schedule(&self) -> Schedule {
        Schedule {
            strategy: self.strategy.clone(),
            seed: self.seed,
        }
    }

    pub fn with_schedule(&self, schedule: Schedule) -> Config {
        Config {
            seed: schedule.seed,
            strategy: schedule.strategy,
            ..self.clone()
        }
    }
}

#[derive(Clone, Debug)]
pub struct Budgets {
    pub max_steps: u64,
    pub max_goroutines: usize,
    pub max_virtual_time_ns: u64,
    pub max_output_bytes: usize,
    pub max_call_depth: usize,
}

impl Budgets {
    /// One run a person asked for and waits on (`leaklab run`, the page's Run): ended by
    /// the host's clock (the CLI's time budget, [`Sim::stop_for_time`]) or Cancel (the
    /// page), not by a step count a real program could need, such as filling eight 1 MiB
    /// buffers byte by byte. Explorations and tests keep the default per-run budget.
    pub fn for_one_run() -> Budgets {
        Budgets {
            max_steps: 2_000_000_000,
            ..Budgets::default()
        }
    }
}

impl Default for Budgets {
    /// Enough for every lesson, including a 1,000,000-iteration loop (each IR op is a step).
    fn default() -> Self {
        Budgets {
            max_steps: 50_000_000,
            max_goroutines: 10_000,
            max_virtual_time_ns: 3_600_000_000_000,
            max_output_bytes: 1 << 20,
            max_call_depth: 10_000,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BudgetKind {
    Steps,
    Goroutines,
    VirtualTime,
    Output,
    CallDepth,
    WallTime,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum End {
    /// `main` returned (or every test ran): exit code 0 unless os.Exit said otherwise.
    MainReturned,
    /// `os.Exit(n)`.
    Exited,
    /// An unrecovered panic: exit code 2.
    Panicked,
    /// A runtime fatal error other than a deadlock (concurrent map writes, unlock of an
    /// unlocked mutex).
    Fatal,
    /// `fatal error: all goroutines are asleep - deadlock!`: exit code 2.
    Deadlock,
    Budget(BudgetKind),
    /// A construct the simulator does not model: exit code 3.
    NotSimulated,
    /// The program does not compile (syntax error, undefined name), or a manual schedule
    /// picks a goroutine that cannot run: exit code 1.
    Invalid,
    /// A manual schedule ran out of picks where two or more goroutines can run: the run
    /// waits for the learner ([`Outcome::choices`]), exit code 5. Nothing has ended, so
    /// nothing is reported as leaked.
    Paused,
}

/// Exit code of a run the simulator stopped at a construct it does not model.
pub const EXIT_NOT_SIMULATED: i32 = 3;
/// Exit code of a run a budget stopped (steps, time, goroutines, output, depth).
pub const EXIT_BUDGET: i32 = 4;
/// Exit code of a manual run that waits for the next pick.
pub const EXIT_PAUSED: i32 = 5;

impl End {
    /// The process exit code of a program that ended this way, as `go run` reports it
    /// (1 for a compile error, 2 for a panic or fatal error), plus the simulator's own
    /// 3 and 4. `None` for `os.Exit(n)`, whose code is the program's `n`.
    pub fn exit_code(&self) -> Option<i32> {
        match self {
            End::MainReturned => Some(0),
            End::Exited => None,
            End::Invalid => Some(1),
            End::Panicked | End::Fatal | End::Deadlock => Some(2),
            End::NotSimulated => Some(EXIT_NOT_SIMULATED),
            End::Budget(_) => Some(EXIT_BUDGET),
            End::Paused => Some(EXIT_PAUSED),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeakedGoroutine {
    pub id: u32,
    pub created_line: u32,
    /// Where it waits; for a goroutine still runnable, the line it runs next.
    pub blocked_line: u32,
    /// Go's wait reason (`chan send`, `select`, `sync.Mutex.Lock`, …); `runnable` if not blocked.
    pub wait_reason: GoroutineStatus,
    pub forever: bool,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    pub end: End,
    pub num_goroutine_final: usize,
    pub leaked: Vec<LeakedGoroutine>,
    pub retained_bytes_final: u64,
    /// The most memory (heap and stacks) any sample of the run saw.
    pub peak_bytes: u64,
    pub virtual_time_ns: u64,
    pub steps: u64,
    pub trace: Trace,
    /// A test file's tests in the order they ran, each with the goroutines it left
    /// (found only when [`TestOptions::leak_check`] is on); empty for a program. Not sent
    /// to the page, which does not show them (and so does not carry their decoder).
    #[serde(skip)]
    pub tests: Vec<TestReport>,
    /// When the run is [`End::Paused`]: the goroutines that can run next, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

/// A goroutine the learner may pick next, and the line it would run.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    pub id: u32,
    pub line: u32,
}

impl Outcome {
    /// A run that never started (e.g. the browser couldn't load the simulator): exit code 3
    /// like other programs the simulator can't run, and `why` on stderr.
    pub fn not_run(why: &str) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: format!("{why}\n"),
            exit_code: EXIT_NOT_SIMULATED,
            end: End::NotSimulated,
            num_goroutine_final: 0,
            leaked: Vec::new(),
            retained_bytes_final: 0,
            peak_bytes: 0,
            virtual_time_ns: 0,
            steps: 0,
            trace: Trace::default(),
            tests: Vec::new(),
            choices: Vec::new(),
        }
    }
}

/// Simulates `source` to the end.
pub fn run(source: &str, config: &Config) -> Outcome {
    let mut sim = Sim::new(source, config);
    while sim.step() {}
    sim.finish()
}

/// A simulation that advances one scheduling event per [`Sim::step`].
pub struct Sim {
    m: Machine,
    leaked: Vec<LeakedGoroutine>,
    finished: bool,
    choices: Vec<Choice>,
}

/// A program lowered once, to be simulated under many schedules.
#[derive(Clone)]
pub struct Compiled {
    program: Rc<ir::Program>,
    positions: Rc<Vec<Vec<(u32, u32)>>>,
    pub(crate) error: Option<lower::LowerError>,
}

impl Compiled {
    pub fn new(source: &str, go_version: GoVersion) -> Compiled {
        match lower::lower(source, go_version) {
            Ok(l) => Compiled {
                program: Rc::new(l.program),
                positions: Rc::new(l.positions),
                error: None,
            },
            Err(e) => Compiled {
                program: Rc::new(empty_program()),
                positions: Rc::new(Vec::new()),
                error: Some(e),
            },
        }
    }

    /// The names of the file's `TestX` functions, in source order.
    pub fn test_names(&self) -> Vec<String> {
        self.program.tests.iter().map(|(n, _)| n.clone()).collect()
    }
}

impl Sim {
    pub fn new(source: &str, config: &Config) -> Sim {
        Sim::from_compiled(&Compiled::new(source, config.go_version), config)
    }

    /// A simulation of `compiled` (which must have been lowered for `config.go_version`).
    pub fn from_compiled(compiled: &Compiled, config: &Config) -> Sim {
        let mut m = Machine::new(
            compiled.program.clone(),
            compiled.positions.clone(),
            config.seed,
            config.budgets.clone(),
            config.go_version,
        );
        match &config.strategy {
            Strategy::Random => m.spawn_grace = true,
            Strategy::Slices => {}
            Strategy::Pct { depth, horizon } => {
                m.pct = Some(sched::Pct::new(*depth, *horizon, config.seed))
            }
            Strategy::Manual(picks) => {
                m.manual = Some(sched::Manual {
                    picks: picks.to_vec(),
                    used: 0,
                })
            }
        }
        m.test_options = config.tests.clone();
        let mut sim = Sim {
            m,
            leaked: Vec::new(),
            finished: false,
            choices: Vec::new(),
        };
        if let Some(e) = &compiled.error {
            let (end, text) = match e.kind {
                lower::LowerErrorKind::NotSimulated => (
                    End::NotSimulated,
                    format!("not simulated: {} at {}:{}\n", e.message, e.line, e.col),
                ),
                _ => (
                    End::Invalid,
                    format!("{}:{}: {}\n", e.line, e.col, e.message),
                ),
            };
            sim.m.stderr = text;
            sim.m.end = Some(end);
            return sim;
        }
        sim.start();
        sim
    }

    fn start(&mut self) {
        let m = &mut self.m;
        let prog = m.prog.clone();
        let no_captures: Rc<[value::CellRef]> = Rc::from(Vec::new());
        let mut inits = vec![prog.init];
        inits.extend(prog.init_funcs.iter().copied());
        for f in inits {
            let callee = Value::Func(Rc::new(Callable::Func {
                func: f,
                captures: no_captures.clone(),
            }));
            if let Err(stop) = m.call_sync(1, callee, Vec::new()) {
                let mut g = Goroutine {
                    id: 1,
                    ..Default::default()
                };
                self.end_with(stop, &mut g);
                return;
            }
        }
        let entry = match prog.main {
            Some(f) => Value::Func(Rc::new(Callable::Func {
                func: f,
                captures: no_captures,
            })),
            None if !prog.tests.is_empty() => {
                m.tests = Some(testing::TestDriver::new("prog_test.go"));
                Value::Func(Rc::new(Callable::Native {
                    f: natives::Native::TestRunner,
                    recv: None,
                }))
            }
            None => {
                m.stderr = "function main is undeclared in the main package\n".into();
                m.end = Some(End::Invalid);
                return;
            }
        };
        let _ = m.spawn(
            0,
            prog.main.map_or(0, |f| prog.funcs[f as usize].line),
            entry,
            Vec::new(),
        );
        self.sample(true);
    }

    pub fn trace(&self) -> &Trace {
        &self.m.trace
    }

    /// Advances one scheduling event (a goroutine's time slice or a timer firing);
    /// returns whether anything is left to do.
    pub fn step(&mut self) -> bool {
        if self.m.end == Some(End::Paused) {
            return false;
        }
        if self.m.end.is_some() {
            if !self.finished {
                self.finalize();
            }
            return false;
        }
        if self.m.manual.is_some() {
            return self.manual_step();
        }
        let m = &mut self.m;
        let next = match &mut m.pct {
            Some(pct) => pct.pick(&mut m.runq, &mut m.runnext, |gid| {
                m.gs[gid as usize - 1].state == GState::Runnable
            }),
            None => loop {
                let cand = m.runnext.take().or_else(|| m.runq.pop_front());
                match cand {
                    Some(gid) if m.gs[gid as usize - 1].state == GState::Runnable => {
                        break Some(gid)
                    }
                    Some(_) => continue,
                    None => break None,
                }
            },
        };
        match next {
            Some(gid) => self.run_goroutine(gid),
            None => self.advance_clock(),
        }
        true
    }

    /// Ends a run that has taken `limit` of the host's real time (the core reads no
    /// clock: the CLI measures and calls this); the next `step` finishes it.
    pub fn stop_for_time(&mut self, limit: std::time::Duration) {
        if self.m.end.is_some() {
            return;
        }
        self.m.stderr.push_str(&format!("leaklab: stopped after {} s of real time (time budget); the program may loop forever\n", limit.as_secs()));
        self.m.end = Some(End::Budget(BudgetKind::WallTime));
    }

    /// The goroutines a paused manual run may pick from (empty unless paused).
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// Resumes a paused manual run with `gid` as its next pick; the run continues (on
    /// [`Sim::step`]) exactly as a replay of the longer token would.
    pub fn choose(&mut self, gid: u32) {
        if let (Some(End::Paused), Some(manual)) = (&self.m.end, &mut self.m.manual) {
            manual.picks.push(gid);
            self.m.end = None;
            self.choices.clear();
        }
    }

    /// Plays a manual run: at each pause `pick(choices, last)` names the next goroutine
    /// (`last`: the one that ran last), until the run ends or `max_picks` picks were made
    /// (then it stays paused).
    pub fn play(&mut self, max_picks: usize, mut pick: impl FnMut(&[Choice], u32) -> u32) {
        let mut made = 0;
        loop {
            while self.step() {}
            if self.choices.is_empty() || made == max_picks {
                return;
            }
            let next = pick(&self.choices, self.m.last_running);
            self.choose(next);
            made += 1;
        }
    }

    /// The manual picks made so far, as a token.
    pub fn manual_token(&self) -> Option<String> {
        let manual = self.m.manual.as_ref()?;
        Some(Schedule::manual(&manual.picks[..manual.used]).token())
    }

    /// One step of a manual run: the only goroutine that can run runs one statement; where
    /// several can, the next pick chooses, and without one the run pauses.
    fn manual_step(&mut self) -> bool {
        let m = &mut self.m;
        let mut runnable: Vec<u32> = m
            .runnext
            .iter()
            .chain(m.runq.iter())
            .copied()
            .filter(|&g| m.gs[g as usize - 1].state == GState::Runnable)
            .collect();
        runnable.sort_unstable();
        runnable.dedup();
        let gid = match runnable[..] {
            [] => {
                self.advance_clock();
                return true;
            }
            [only] => only,
            _ => {
                let manual = m.manual.as_mut().expect("a manual run");
                match manual.picks.get(manual.used).copied() {
                    Some(pick) if runnable.contains(&pick) => {
                        manual.used += 1;
                        pick
                    }
                    Some(pick) => {
                        let can: Vec<String> = runnable.iter().map(u32::to_string).collect();
                        m.stderr.push_str(&format!("leaklab: pick {} of the schedule is goroutine {pick}, but only goroutines {} can run there\n", manual.used + 1, can.join(", ")));
                        m.end = Some(End::Invalid);
                        return true;
                    }
                    None => {
                        self.choices = runnable
                            .iter()
                            .map(|&id| Choice {
                                id,
                                line: m.next_line(&m.gs[id as usize - 1]),
                            })
                            .collect();
                        m.end = Some(End::Paused);
                        return true;
                    }
                }
            }
        };
        if let Some(next) = m.runnext.take() {
            m.runq.push_front(next);
        }
        m.runq.retain(|&g| g != gid);
        self.run_goroutine(gid);
        true
    }

    fn run_goroutine(&mut self, gid: u32) {
        let m = &mut self.m;
        let slot = gid as usize - 1;
        let idle = m.idle_slot.take().unwrap_or_default();
        let mut g = std::mem::replace(&mut m.gs[slot], idle);
        if m.last_running != gid {
            m.last_running = gid;
            m.event(EventKind::Running { id: gid });
        }
        let live_before = m.live;
        let stop = match (&mut m.pct, &m.manual) {
            (_, Some(_)) => m.run_statement(&mut g),
            (Some(pct), None) => {
                let fuel = pct.fuel(m.steps);
                m.run_ops(&mut g, fuel)
            }
            (None, None) => {
                let fuel = interp::slice_step_fuel(&mut m.rng);
                m.run_ops(&mut g, fuel)
            }
        };
        if let Some(pct) = &mut m.pct {
            pct.slice_ended(gid, m.steps, matches!(stop, Stop::Yield));
        }
        match stop {
            Stop::Yield => m.runq.push_back(gid),
            Stop::Block => {}
            Stop::Done => {
                g.state = GState::Exited;
                g.frames.clear();
                g.stack.clear();
                g.blocked_on.clear();
                m.live -= 1;
                m.event(EventKind::Exited { id: gid });
                if gid == 1 {
                    m.end = Some(End::MainReturned);
                }
            }
            other => self.end_with(other, &mut g),
        }
        self.m.idle_slot = Some(std::mem::replace(&mut self.m.gs[slot], g));
        if self.m.live != live_before {
            self.sample(false);
        }
    }

    fn end_with(&mut self, stop: Stop, g: &mut Goroutine) {
        let m = &mut self.m;
        let (end, text) = match stop {
            Stop::Panic(v) => {
                let text = panic_text(m, g.id, &v);
                let mut s = format!("panic: {text}");
                if text.contains("nil pointer dereference") {
                    s.push_str(
                        "\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]",
                    );
                }
                s.push_str(&format!("\n\ngoroutine {} [running]:\n", g.id));
                (End::Panicked, s)
            }
            Stop::Fatal(msg) => (
                End::Fatal,
                format!("fatal error: {msg}\n\ngoroutine {} [running]:\n", g.id),
            ),
            Stop::Exit(n) => {
                m.os_exit_code = n;
                (End::Exited, String::new())
            }
            Stop::NotSimulated(what) => {
                let (l, c) = m.cur_pos(g);
                (
                    End::NotSimulated,
                    format!("not simulated: {what} at {l}:{c}\n"),
                )
            }
            Stop::Budget(kind, msg) => (End::Budget(kind), format!("{msg}\n")),
            Stop::Done | Stop::Yield | Stop::Block => (End::MainReturned, String::new()),
        };
        m.stderr.push_str(&text);
        m.end = Some(end);
    }

    fn advance_clock(&mut self) {
        let m = &mut self.m;
        let Some(when) = m.clock.next_when() else {
            // Nothing can run and no timer is pending.
            let g1 = &m.gs[0];
            let reason = g1.wait_reason.unwrap_or(WaitReason::SelectNoCases);
            m.stderr.push_str(&format!("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [{reason}]:\nmain.main()\n"));
            m.end = Some(End::Deadlock);
            return;
        };
        if when as u64 > m.budgets.max_virtual_time_ns {
            let secs = m.budgets.max_virtual_time_ns / 1_000_000_000;
            m.stderr.push_str(&format!("leaklab: stopped at {} of virtual time (time budget); the program may wait forever\n", fmt::duration_string(secs as i64 * 1_000_000_000)));
            m.end = Some(End::Budget(BudgetKind::VirtualTime));
            return;
        }
        m.clock.now = m.clock.now.max(when);
        while let Some((seq, action)) = m.clock.pop_due() {
            m.event(EventKind::TimerFired { timer: seq });
            match action {
                TimerAction::WakeSleeper(gid, ticket) => {
                    let g = &m.gs[gid as usize - 1];
                    if g.state == GState::Blocked && g.ticket == ticket {
                        m.wake(gid, 0, Value::Nil, true, 0, false);
                    }
                }
                TimerAction::Fire {
                    chan,
                    period,
                    timer,
                } => {
                    // A channel only this entry (and its own unreferenced timer) holds can
                    // never be received from: the send would be unobservable work.
                    let unreferenced = match &timer {
                        Some(Value::Obj(o, _)) => {
                            Rc::strong_count(o) == 1 && Rc::strong_count(&chan) == 2
                        }
                        _ => Rc::strong_count(&chan) == 1,
                    };
                    if !unreferenced {
                        let now =
                            Value::Obj(Rc::new(Object::Time(m.clock.now)), ir::builtin_types::TIME);
                        let outcome = chan.try_send(now, &|w| m.is_live_waiter(w));
                        if let chan::SendOutcome::Handed(w) = outcome {
                            m.wake(w.gid, 0, w.value, true, w.case, false);
                        }
                    }
                    if let Some(Value::Obj(o, _)) = &timer {
                        if let Object::Timer(t) = &**o {
                            let mut t = t.borrow_mut();
                            t.pending = None;
                            if period > 0 {
                                let seq = m.clock.schedule(
                                    m.clock.now + period,
                                    TimerAction::Fire {
                                        chan: chan.clone(),
                                        period,
                                        timer: timer.clone(),
                                    },
                                );
                                t.pending = Some(seq);
                            }
                        }
                    }
                }
                TimerAction::CancelContext(ctx) => {
                    m.cancel_ctx(&ctx, context::DEADLINE_EXCEEDED, 0)
                }
                TimerAction::AfterFunc(f) => {
                    if let Err(stop) = m.spawn(0, 0, f, Vec::new()) {
                        let mut g = Goroutine::default();
                        self.end_with(stop, &mut g);
                        return;
                    }
                }
            }
        }
        if self.m.clock.now - self.m.last_sample_ns >= SAMPLE_EVERY_NS {
            self.sample(true);
        } else {
            // Between samples, still measure while goroutines sit in their frames, so
            // that a short run's peak is seen.
            self.measure(true);
        }
    }

    /// Measures the footprint if enough steps ran since the last measure. The reachability
    /// pass costs about as much as the heap is large: run it again only after twenty times
    /// that many steps, so it stays a small share of the work; as the clock moves
    /// (goroutines parked in their frames, as a profile would see them), after twice that.
    fn measure(&mut self, as_clock_moves: bool) {
        let m = &mut self.m;
        let factor = if as_clock_moves { 2 } else { 20 };
        let since = m.steps.saturating_sub(m.last_sample_steps);
        if since >= factor * m.last_sample_cost {
            let now = interp::footprint(m, None);
            m.last_sample_cost = now.cost;
            m.note_footprint(&now);
            m.last_sample_steps = m.steps;
        } else if as_clock_moves && since >= m.gs.len() as u64 {
            // The heap pass waits, but goroutines that parked with large frames since
            // the last one are seen: stacks now, beside the heap as last measured.
            let stacks = footprint::stacks(m);
            m.note_stacks(stacks);
        }
    }

    fn sample(&mut self, force: bool) {
        if force || self.m.trace.events.len() < 2_000 {
            self.measure(force);
        }
        let m = &mut self.m;
        m.last_sample_ns = m.clock.now;
        let (n, b, stack_bytes) = (m.live, m.last_retained, m.last_stacks);
        m.event(EventKind::Sample {
            num_goroutine: n,
            retained_bytes: b,
            stack_bytes,
        });
    }

    fn finalize(&mut self) {
        self.finished = true;
        if self.m.end != Some(End::Paused) {
            self.leaked = leak_report(&self.m);
        }
        let now = interp::footprint(&self.m, None);
        self.m.note_footprint(&now);
        let n = self.m.live;
        self.m.event(EventKind::Sample {
            num_goroutine: n,
            retained_bytes: now.total,
            stack_bytes: now.stacks,
        });
    }

    pub fn finish(mut self) -> Outcome {
        if !self.finished {
            if self.m.end.is_none() {
                self.m.end = Some(End::MainReturned);
            }
            self.finalize();
        }
        let end = self.m.end.clone().unwrap_or(End::MainReturned);
        let exit_code = end.exit_code().unwrap_or(self.m.os_exit_code);
        Outcome {
            stdout: std::mem::take(&mut self.m.stdout),
            stderr: std::mem::take(&mut self.m.stderr),
            exit_code,
            end,
            num_goroutine_final: self.m.live,
            leaked: self.leaked,
            retained_bytes_final: self.m.last_retained,
            peak_bytes: self.m.peak_bytes,
            virtual_time_ns: self.m.clock.now as u64,
            steps: self.m.steps,
            trace: std::mem::take(&mut self.m.trace),
            tests: self
                .m
                .tests
                .as_mut()
                .map(|d| std::mem::take(&mut d.reports))
                .unwrap_or_default(),
            choices: self.choices,
        }
    }
}

fn panic_text(m: &mut Machine, gid: u32, v: &Value) -> String {
    match v {
        Value::Str(s, t) if *t == ir::builtin_types::STRING => s.to_string(),
        Value::Obj(o, _) => match &**o {
            Object::Error { msg, .. } => msg.to_string(),
            _ => m.type_name(v),
        },
        Value::Int(i, t) if *t == ir::builtin_types::INT => i.to_string(),
        _ => match m.stringer(gid, v) {
            Ok(Some(s)) => s,
            _ => match v {
                Value::Int(i, _) => format!("{}({i})", m.type_name(v)),
                Value::Str(s, _) => format!("{}({})", m.type_name(v), fmt::quote(s)),
                Value::Float(f, _) => fmt::builtin_print(&Value::Float(*f, 0)),
                Value::Bool(b) => b.to_string(),
                _ => format!("({}) 0xc000012120", m.type_name(v)),
            },
        },
    }
}

/// Identity of a blocking primitive (for the reachability pass).
fn prim_addr(v: &Value) -> Option<usize> {
    match v {
        Value::Chan(c, _) => Some(Rc::as_ptr(c) as *const u8 as usize),
        Value::Obj(o, _) => Some(Rc::as_ptr(o) as *const u8 as usize),
        _ => None,
    }
}

fn leak_report(m: &Machine) -> Vec<LeakedGoroutine> {
    let alive: Vec<&Goroutine> =
        m.gs.iter()
            .map(|g| &**g)
            .filter(|g| g.state != GState::Exited)
            .collect();
    let prog: &ir::Program = &m.prog;
    // Live agents: runnable or sleeping goroutines, plus whatever pending timers reach.
    let mut live: HashSet<u32> = alive
        .iter()
        .filter(|g| g.state == GState::Runnable || g.wait == interp::WaitKind::Sleep)
        .map(|g| g.id)
        .collect();
    let mut timer_reach: HashSet<usize> = HashSet::new();
    for a in m.clock.actions() {
        match a {
            TimerAction::Fire { chan, .. } => {
                timer_reach.insert(Rc::as_ptr(chan) as *const u8 as usize);
            }
            TimerAction::CancelContext(ctx) => {
                if let Value::Obj(o, _) = ctx {
                    if let Object::Context(c) = &**o {
                        if let Some(d) = &c.borrow().done {
                            timer_reach.insert(Rc::as_ptr(d) as *const u8 as usize);
                        }
                    }
                }
            }
            TimerAction::AfterFunc(_) => {}
            TimerAction::WakeSleeper(..) => {}
        }
    }
    let any_timer_agents = m
        .clock
        .actions()
        .any(|a| matches!(a, TimerAction::AfterFunc(_)));
    loop {
        let mut reach = heap::Reach::new(prog, &m.static_strings);
        let mut agents = 0;
        for g in &alive {
            if live.contains(&g.id) {
                agents += 1;
                for v in &g.stack {
                    reach.value(v);
                }
                for f in &g.frames {
                    for c in f.captures.iter() {
                        reach.value(&Value::Ptr(value::Pointer::Cell(c.clone()), 0));
                    }
                    for d in &f.defers {
                        reach.value(&d.callee);
                        for a in &d.args {
                            reach.value(a);
                        }
                    }
                }
                if let Some((c, args)) = &g.start {
                    reach.value(c);
                    for a in args {
                        reach.value(a);
                    }
                }
            }
        }
        if agents > 0 || any_timer_agents {
            for c in &m.globals {
                reach.value(&c.borrow());
            }
            for a in m.clock.actions() {
                if let TimerAction::AfterFunc(f) = a {
                    reach.value(f);
                }
            }
        }
        let mut changed = false;
        for g in &alive {
            if live.contains(&g.id) {
                continue;
            }
            let wakeable = g
                .blocked_on
                .iter()
                .filter_map(prim_addr)
                .any(|a| reach.objects.contains(&a) || timer_reach.contains(&a));
            if wakeable {
                live.insert(g.id);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    alive
        .iter()
        .map(|g| LeakedGoroutine {
            id: g.id,
            created_line: g.created_line,
            blocked_line: if g.state == GState::Blocked {
                g.blocked_line
            } else {
                m.next_line(g)
            },
            wait_reason: match (g.state, g.wait_reason) {
                (GState::Blocked, Some(w)) => GoroutineStatus::Waiting(w),
                _ => GoroutineStatus::Runnable,
            },
            forever: !live.contains(&g.id),
        })
        .collect()
}

fn empty_program() -> ir::Program {
    ir::Program {
        types: Vec::new(),
        names: Vec::new(),
        consts: Vec::new(),
        funcs: Vec::new(),
        globals: 0,
        global_names: Vec::new(),
        init: 0,
        main: None,
        init_funcs: Vec::new(),
        tests: Vec::new(),
        not_simulated: Vec::new(),
        type_by_name: Default::default(),
    }
}
