//! The interpreter: goroutines with explicit frame stacks running IR ops, the run queue,
//! blocking and waking, panics and defers.

use super::chan::{Chan, RecvOutcome, SendOutcome, Waiter};
pub use super::footprint::{footprint, Footprint};
use super::ir::{builtin_types as bt, *};
use super::sched::{self, Rng};
use super::timer::Clock;
use super::trace::{EventKind, Trace};
use super::value::*;
use super::wait::WaitReason;
use super::{Budgets, End};
use crate::analysis::GoVersion;
use crate::sim::gostr::GoStr;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

pub fn error_value(msg: &str) -> Value {
    Value::Obj(
        Rc::new(Object::Error {
            msg: Rc::from(msg),
            wrapped: Vec::new(),
        }),
        bt::ERROR_STRING,
    )
}

pub fn runtime_error(msg: String) -> Stop {
    Stop::Panic(Value::Obj(
        Rc::new(Object::Error {
            msg: Rc::from(format!("runtime error: {msg}").as_str()),
            wrapped: Vec::new(),
        }),
        bt::RUNTIME_ERROR,
    ))
}

/// Why a goroutine stopped running ops.
#[derive(Debug)]
pub enum Stop {
    Panic(Value),
    Fatal(String),
    Block,
    Yield,
    Exit(i32),
    NotSimulated(String),
    Budget(super::BudgetKind, String),
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    Normal,
    Deferred,
    Entry,
}

#[derive(Debug)]
pub struct Deferred {
    pub callee: Value,
    pub args: Vec<Value>,
    /// `defer f(xs...)`: the last argument is the variadic slice itself.
    pub spread: bool,
}

#[derive(Debug)]
pub struct Frame {
    pub func: FuncId,
    pub pc: u32,
    pub base: u32,
    pub ret_to: u32,
    pub captures: Rc<[CellRef]>,
    pub defers: Vec<Deferred>,
    pub want: u8,
    pub kind: FrameKind,
    pub returning: bool,
    pub unwinding: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitKind {
    None,
    Recv,
    RecvOk,
    Send,
    Select,
    RangeChan { end: u32, want: u8 },
    Sleep,
    Lock,
    WaitGroup,
    Forever,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GState {
    Runnable,
    Blocked,
    Exited,
}

#[derive(Debug)]
pub struct Goroutine {
    pub id: u32,
    pub parent: u32,
    pub created_line: u32,
    pub frames: Vec<Frame>,
    pub stack: Vec<Value>,
    pub state: GState,
    pub wait: WaitKind,
    /// Set while blocked; kept after waking only until the next block.
    pub wait_reason: Option<WaitReason>,
    pub blocked_line: u32,
    pub blocked_on: Vec<Value>,
    pub ticket: u64,
    pub panicking: Option<Value>,
    pub pending_panic: Option<Value>,
    pub start: Option<(Value, Vec<Value>)>,
    /// `go f(xs...)`: the start's last argument is the variadic slice itself.
    pub start_spread: bool,
    pub map_writing: Option<Rc<MapObj>>,
    /// The most bytes its frames have needed (stacks do not shrink before a GC).
    pub stack_need_high: u64,
}

impl Goroutine {
    /// The empty list of what the goroutine blocks on, with the last block's allocation.
    pub fn take_blocked_on(&mut self) -> Vec<Value> {
        let mut on = std::mem::take(&mut self.blocked_on);
        on.clear();
        on
    }
}

impl Default for Goroutine {
    fn default() -> Self {
        Goroutine {
            id: 0,
            parent: 0,
            created_line: 0,
            frames: Vec::new(),
            stack: Vec::new(),
            state: GState::Exited,
            wait: WaitKind::None,
            wait_reason: None,
            blocked_line: 0,
            blocked_on: Vec::new(),
            ticket: 0,
            panicking: None,
            pending_panic: None,
            start: None,
            start_spread: false,
            map_writing: None,
            stack_need_high: 0,
        }
    }
}

pub struct Machine {
    pub prog: Rc<Program>,
    pub positions: Rc<Vec<Vec<(u32, u32)>>>,
    /// Boxed so the scheduler moves a pointer, not the goroutine, in and out of its slot.
    pub gs: Vec<Box<Goroutine>>,
    /// What stands in a goroutine's slot while it runs (an exited goroutine, as a fresh
    /// default would be); kept to avoid allocating one per time slice.
    pub idle_slot: Option<Box<Goroutine>>,
    pub runq: VecDeque<u32>,
    pub runnext: Option<u32>,
    pub clock: Clock,
    pub globals: Vec<CellRef>,
    pub rng: Rng,
    /// math/rand's generator, apart from the scheduler's, so drawing numbers does not
    /// change the interleaving.
    pub rand: Rng,
    pub stdout: String,
    pub stderr: String,
    pub trace: Trace,
    pub steps: u64,
    pub budgets: Budgets,
    pub version: GoVersion,
    pub next_obj: u32,
    pub end: Option<End>,
    /// The code `os.Exit` was called with (the exit code when `end` is `End::Exited`).
    pub os_exit_code: i32,
    pub live: usize,
    pub last_running: u32,
    pub sync_depth: u32,
    pub addresses: std::collections::HashMap<usize, u64>,
    pub last_sample_ns: i64,
    pub last_sample_steps: u64,
    pub last_retained: u64,
    /// The stacks' share of `last_retained`.
    pub last_stacks: u64,
    /// The most `last_retained` has been.
    pub peak_bytes: u64,
    pub last_sample_cost: u64,
    /// The program's string constants, which memory counts leave out.
    pub static_strings: super::heap::AddressSet,
    pub tests: Option<super::testing::TestDriver>,
    pub test_options: super::testing::TestOptions,
    /// The PCT scheduler's priorities, when the run's strategy is PCT.
    pub pct: Option<super::sched::Pct>,
    /// Whether starting a goroutine extends the slice (`sched::SPAWN_GRACE`).
    pub spawn_grace: bool,
    /// The learner's picks, when the learner is the scheduler.
    pub manual: Option<super::sched::Manual>,
    pub output_bytes: usize,
    /// `select`'s working lists, kept between calls so a select in a loop allocates
    /// nothing; always empty outside `select` (they must not keep channels alive).
    pub select_scratch: (Vec<SelectOperand>, Vec<usize>),
    /// A native call's argument list, kept between calls (always empty between them).
    pub native_args: Vec<Value>,
}

/// A `select` case's kind, channel (None for nil) and value to send.
pub type SelectOperand = (SelectCase, Option<Rc<super::chan::Chan>>, Value);

pub type Res<T> = Result<T, Stop>;

impl Machine {
    /// Records a footprint as the run's latest memory sample.
    pub fn note_footprint(&mut self, now: &Footprint) {
        self.last_retained = now.total;
        self.last_stacks = now.stacks;
        self.peak_bytes = self.peak_bytes.max(now.total);
    }

    /// Replaces the stacks' share of the last footprint with `stacks`, measured now.
    pub fn note_stacks(&mut self, stacks: u64) {
        self.last_retained = self.last_retained - self.last_stacks + stacks;
        self.last_stacks = stacks;
        self.peak_bytes = self.peak_bytes.max(self.last_retained);
    }

    pub fn new(
        prog: Rc<Program>,
        positions: Rc<Vec<Vec<(u32, u32)>>>,
        seed: u64,
        budgets: Budgets,
        version: GoVersion,
    ) -> Machine {
        let static_strings = super::heap::static_strings(&prog);
        let globals = (0..prog.globals)
            .map(|_| Rc::new(RefCell::new(Value::Nil)))
            .collect();
        Machine {
            prog,
            positions,
            gs: Vec::new(),
            idle_slot: None,
            runq: VecDeque::new(),
            runnext: None,
            spawn_grace: false,
            clock: Clock::default(),
            globals,
            rng: Rng::new(seed),
            rand: Rng::new(seed.rotate_left(17) ^ 0x5EED),
            stdout: String::new(),
            stderr: String::new(),
            trace: Trace::default(),
            steps: 0,
            budgets,
            version,
            next_obj: 0,
            end: None,
            os_exit_code: 0,
            live: 0,
            last_running: 0,
            sync_depth: 0,
            select_scratch: (Vec::new(), Vec::new()),
            native_args: Vec::new(),
            addresses: Default::default(),
            last_sample_ns: 0,
            last_sample_steps: 0,
            last_retained: 0,
            last_stacks: 0,
            peak_bytes: 0,
            last_sample_cost: 0,
            static_strings,
            tests: None,
            test_options: Default::default(),
            pct: None,
            manual: None,
            output_bytes: 0,
        }
    }

    pub fn obj_id(&mut self) -> u32 {
        self.next_obj += 1;
        self.next_obj
    }

    pub fn now(&self) -> u64 {
        self.clock.now as u64
    }

    pub fn event(&mut self, kind: EventKind) {
        let t = self.now();
        self.trace.push(t, kind);
    }

    /// Creates a goroutine that will call `callee(args)` when first scheduled.
    pub fn spawn(&mut self, parent: u32, line: u32, callee: Value, args: Vec<Value>) -> Res<u32> {
        if self.live >= self.budgets.max_goroutines {
            return Err(Stop::Budget(super::BudgetKind::Goroutines, format!("leaklab: stopped with {} live goroutines (goroutine budget); the program may start goroutines without bound", self.live)));
        }
        let id = self.gs.len() as u32 + 1;
        self.gs.push(Box::new(Goroutine {
            id,
            parent,
            created_line: line,
            state: GState::Runnable,
            start: Some((callee, args)),
            ..Default::default()
        }));
        self.live += 1;
        self.event(EventKind::GoroutineCreated { id, parent, line });
        if let Some(prev) = self.runnext.replace(id) {
            self.runq.push_back(prev);
        }
        Ok(id)
    }

    pub fn is_live_waiter(&self, w: &Waiter) -> bool {
        match self.gs.get(w.gid as usize - 1) {
            Some(g) => g.state == GState::Blocked && g.ticket == w.ticket,
            None => false,
        }
    }

    /// Makes a blocked goroutine runnable, pushing what the blocking op produces.
    pub fn wake(&mut self, gid: u32, by: u32, value: Value, ok: bool, case: u16, closed: bool) {
        let g = &mut self.gs[gid as usize - 1];
        if g.state != GState::Blocked {
            return;
        }
        let wait = std::mem::replace(&mut g.wait, WaitKind::None);
        match wait {
            WaitKind::Recv => g.stack.push(value),
            WaitKind::RecvOk => {
                g.stack.push(value);
                g.stack.push(Value::Bool(ok));
            }
            WaitKind::Send if closed => {
                g.pending_panic = Some(error_value("send on closed channel"))
            }
            WaitKind::Select => {
                if closed && ok {
                    g.pending_panic = Some(error_value("send on closed channel"));
                }
                g.stack.push(value);
                g.stack.push(Value::Bool(ok && !closed));
                g.stack.push(Value::int(case as i64));
            }
            WaitKind::RangeChan { end, want } => {
                if ok {
                    if want > 0 {
                        g.stack.push(value);
                    }
                } else if let Some(f) = g.frames.last_mut() {
                    f.pc = end;
                }
            }
            _ => {}
        }
        g.state = GState::Runnable;
        if g.blocked_on.len() > 1 {
            for v in &g.blocked_on {
                if let Value::Chan(c, _) = v {
                    c.forget(gid);
                }
            }
        }
        // Cleared, not dropped: the next block reuses the allocation.
        g.blocked_on.clear();
        self.event(EventKind::Unblocked { id: gid, by });
        if let Some(prev) = self.runnext.replace(gid) {
            self.runq.push_back(prev);
        }
    }

    pub fn block(
        &mut self,
        g: &mut Goroutine,
        wait: WaitKind,
        reason: WaitReason,
        on: Vec<Value>,
    ) -> Stop {
        g.state = GState::Blocked;
        g.wait = wait;
        g.wait_reason = Some(reason);
        g.blocked_on = on;
        g.blocked_line = self.cur_line(g);
        let (id, line) = (g.id, g.blocked_line);
        self.event(EventKind::Blocked { id, reason, line });
        Stop::Block
    }

    pub fn cur_pos(&self, g: &Goroutine) -> (u32, u32) {
        match g.frames.last() {
            Some(f) => {
                let pos = &self.positions[f.func as usize];
                let pc = (f.pc as usize).saturating_sub(1);
                pos.get(pc).copied().unwrap_or((0, 0))
            }
            None => (g.created_line, 0),
        }
    }

    pub fn cur_line(&self, g: &Goroutine) -> u32 {
        self.cur_pos(g).0
    }

    pub fn output(&mut self, gid: u32, text: &str, to_stderr: bool) -> Res<()> {
        self.output_bytes += text.len();
        if self.output_bytes > self.budgets.max_output_bytes {
            return Err(Stop::Budget(
                super::BudgetKind::Output,
                format!(
                    "leaklab: stopped after {} bytes of output (output budget)",
                    self.budgets.max_output_bytes
                ),
            ));
        }
        if to_stderr {
            self.stderr.push_str(text);
        } else {
            self.stdout.push_str(text);
            self.event(EventKind::Stdout {
                id: gid,
                text: text.to_owned(),
            });
        }
        Ok(())
    }

    pub fn fake_addr(&mut self, addr: usize) -> u64 {
        let n = self.addresses.len() as u64;
        *self
            .addresses
            .entry(addr)
            .or_insert(0xc000010000 + n * 0x18)
    }

    pub fn zero(&self, ty: Ty) -> Value {
        zero_value(&self.prog, ty, self)
    }

    // ---------- calls ----------

    /// Calls `callee` with `args`; Go functions get a new frame, natives run now.
    pub fn call_value(
        &mut self,
        g: &mut Goroutine,
        callee: Value,
        mut args: Vec<Value>,
        want: u8,
        kind: FrameKind,
        spread: bool,
    ) -> Res<()> {
        match callee {
            Value::Func(c) => match &*c {
                Callable::Func { func, captures } => {
                    let base = g.stack.len() as u32;
                    let ret_to = base;
                    let f = &self.prog.funcs[*func as usize];
                    if f.variadic && !spread {
                        let fixed = f.nparams as usize - 1;
                        let rest: Vec<Value> = if args.len() > fixed {
                            args.split_off(fixed)
                        } else {
                            Vec::new()
                        };
                        let sty = f
                            .param_types
                            .iter()
                            .rev()
                            .find(|(s, _)| *s as usize == fixed)
                            .map(|p| p.1)
                            .unwrap_or(bt::ANY);
                        args.push(make_slice_from(&self.prog, sty, rest, self.next_obj));
                    }
                    g.stack.extend(args);
                    self.push_frame(g, *func, captures.clone(), base, ret_to, want, kind)
                }
                Callable::Bound { recv, func } => {
                    args.insert(0, recv.clone());
                    let captures: Rc<[CellRef]> = Rc::from(Vec::new());
                    let callee = Value::Func(Rc::new(Callable::Func {
                        func: *func,
                        captures,
                    }));
                    self.call_value(g, callee, args, want, kind, spread)
                }
                Callable::Native { f, recv } => {
                    if let Some(r) = recv {
                        args.insert(0, r.clone());
                    }
                    if spread {
                        if let Some(last) = args.pop() {
                            args.extend(slice_elems(&last));
                        }
                    }
                    let results = self.call_native(g, *f, &mut args)?;
                    push_results(g, results, want);
                    if kind == FrameKind::Entry && g.frames.is_empty() {
                        return Err(Stop::Done);
                    }
                    Ok(())
                }
            },
            Value::Nil | Value::NilOf(_) => Err(Stop::Panic(runtime_err_value(
                "invalid memory address or nil pointer dereference",
            ))),
            other => Err(Stop::NotSimulated(format!(
                "calling a value of kind {other:?}"
            ))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn push_frame(
        &mut self,
        g: &mut Goroutine,
        func: FuncId,
        captures: Rc<[CellRef]>,
        base: u32,
        ret_to: u32,
        want: u8,
        kind: FrameKind,
    ) -> Res<()> {
        if g.frames.len() >= self.budgets.max_call_depth {
            return Err(Stop::Budget(super::BudgetKind::CallDepth, format!("leaklab: stopped at call depth {} (call-depth budget); the program may recurse without end", self.budgets.max_call_depth)));
        }
        let prog = self.prog.clone();
        let f = &prog.funcs[func as usize];
        let have = g.stack.len() - base as usize;
        let np = f.nparams as usize;
        if have < np {
            for _ in have..np {
                g.stack.push(Value::Nil);
            }
        } else if have > np {
            g.stack.truncate(base as usize + np);
        }
        for v in &mut g.stack[base as usize..base as usize + np] {
            if matches!(v, Value::Struct(_) | Value::Array(..)) {
                *v = std::mem::take(v).copied();
            }
        }
        for &(slot, ty) in &f.param_types {
            let i = base as usize + slot as usize;
            let v = std::mem::take(&mut g.stack[i]);
            g.stack[i] = convert(&prog, v, ty, self)?;
        }
        for (i, &ty) in f.result_types.iter().enumerate() {
            let _ = i;
            let z = zero_value(&prog, ty, self);
            g.stack.push(z);
        }
        let extra = f.nlocals as usize - np - f.result_types.len();
        g.stack.extend(std::iter::repeat_n(Value::Nil, extra));
        for &slot in &f.boxed_params {
            let i = base as usize + slot as usize;
            let v = std::mem::take(&mut g.stack[i]).copied();
            g.stack[i] = Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(v))), 0);
        }
        g.frames.push(Frame {
            func,
            pc: 0,
            base,
            ret_to,
            captures,
            defers: Vec::new(),
            want,
            kind,
            returning: false,
            unwinding: false,
        });
        Ok(())
    }

    /// Continues returning from the top frame: runs pending defers, then pops it.
    pub fn continue_return(&mut self, g: &mut Goroutine) -> Res<()> {
        loop {
            let frame = g.frames.last_mut().expect("a frame to return from");
            if let Some(d) = frame.defers.pop() {
                let depth = g.frames.len();
                self.call_value(g, d.callee, d.args, 0, FrameKind::Deferred, d.spread)?;
                if g.frames.len() > depth {
                    return Ok(()); // the deferred Go function runs first
                }
                continue;
            }
            let frame = g.frames.pop().unwrap();
            let f = &self.prog.funcs[frame.func as usize];
            let nres = f.result_types.len();
            let start = frame.base as usize + f.nparams as usize;
            let mut results = Vec::with_capacity(nres);
            for i in 0..nres {
                let v = std::mem::take(&mut g.stack[start + i]);
                let v = match v {
                    Value::Ptr(Pointer::Cell(c), 0)
                        if f.boxed_params.contains(&((f.nparams as usize + i) as u16)) =>
                    {
                        c.borrow().clone()
                    }
                    v => v,
                };
                results.push(v);
            }
            g.stack.truncate(frame.ret_to as usize);
            match frame.kind {
                FrameKind::Normal => {
                    push_results(g, results, frame.want);
                    return Ok(());
                }
                FrameKind::Entry => {
                    push_results(g, results, frame.want);
                    return Err(Stop::Done);
                }
                FrameKind::Deferred => {
                    // Back in the frame that deferred: keep returning or unwinding.
                    let parent = g.frames.last().expect("deferred calls have a caller");
                    if parent.unwinding {
                        if g.panicking.is_some() {
                            return self.unwind(g);
                        }
                        // recovered: the frame returns normally
                        let p = g.frames.last_mut().unwrap();
                        p.unwinding = false;
                        p.returning = true;
                    }
                    continue;
                }
            }
        }
    }

    /// Starts (or continues) a panic: runs deferred calls frame by frame.
    pub fn start_panic(&mut self, g: &mut Goroutine, value: Value) -> Res<()> {
        g.panicking = Some(value);
        if let Some(f) = g.frames.last_mut() {
            f.unwinding = true;
        }
        self.unwind(g)
    }

    fn unwind(&mut self, g: &mut Goroutine) -> Res<()> {
        loop {
            let Some(frame) = g.frames.last_mut() else {
                let v = g.panicking.take().unwrap_or(Value::Nil);
                return Err(Stop::Panic(v));
            };
            frame.unwinding = true;
            if let Some(d) = frame.defers.pop() {
                let depth = g.frames.len();
                self.call_value(g, d.callee, d.args, 0, FrameKind::Deferred, d.spread)?;
                if g.frames.len() > depth {
                    return Ok(());
                }
                if g.panicking.is_none() {
                    let p = g.frames.last_mut().unwrap();
                    p.unwinding = false;
                    return self.continue_return(g);
                }
                continue;
            }
            let frame = g.frames.pop().unwrap();
            g.stack.truncate(frame.ret_to as usize);
            if frame.kind == FrameKind::Entry || g.frames.is_empty() {
                let v = g.panicking.take().unwrap_or(Value::Nil);
                if let Some(t) = self.tests.as_mut() {
                    if t.is_goexit(&v) {
                        return Err(Stop::Done);
                    }
                }
                return Err(Stop::Panic(v));
            }
            if frame.kind == FrameKind::Deferred {
                // A deferred call panicked: the frame that deferred it keeps unwinding.
                continue;
            }
        }
    }
}

pub fn runtime_err_value(msg: &str) -> Value {
    Value::Obj(
        Rc::new(Object::Error {
            msg: Rc::from(format!("runtime error: {msg}").as_str()),
            wrapped: Vec::new(),
        }),
        bt::RUNTIME_ERROR,
    )
}

/// What a call returns: natives mostly return one value, which needs no allocation.
pub enum Results {
    One(Value),
    Many(Vec<Value>),
}

impl From<Vec<Value>> for Results {
    fn from(values: Vec<Value>) -> Self {
        Results::Many(values)
    }
}

impl Results {
    pub fn into_vec(self) -> Vec<Value> {
        match self {
            Results::One(v) => vec![v],
            Results::Many(values) => values,
        }
    }
}

pub fn push_results(g: &mut Goroutine, results: impl Into<Results>, want: u8) {
    let mut results = match (results.into(), want) {
        (_, 0) => return,
        (Results::One(v), 1) => return g.stack.push(v),
        (Results::Many(mut values), 1) => {
            let first = if values.is_empty() {
                Value::Nil
            } else {
                values.swap_remove(0)
            };
            return g.stack.push(first);
        }
        (results, _) => results.into_vec(),
    };
    if want == WANT_TUPLE {
        g.stack.push(Value::Tuple(Rc::new(results)));
    } else {
        results.resize(want as usize, Value::Nil);
        g.stack.extend(results);
    }
}

pub fn slice_elems(v: &Value) -> Vec<Value> {
    match v {
        Value::Slice(s) => match &s.arr {
            Some(a) => {
                let d = a.data.borrow();
                (s.offset()..s.offset() + s.length())
                    .map(|i| d.get(i))
                    .collect()
            }
            None => Vec::new(),
        },
        Value::Tuple(t) => t.to_vec(),
        _ => Vec::new(),
    }
}

pub fn new_array(prog: &Program, elem: Ty, vals: Vec<Value>, id: u32) -> Rc<ArrayObj> {
    let data = if elem == bt::UINT8 {
        Storage::Bytes(vals.iter().map(|v| v.as_int() as u8).collect())
    } else {
        let _ = prog;
        Storage::Values(vals)
    };
    Rc::new(ArrayObj {
        elem,
        data: RefCell::new(data),
        id,
    })
}

pub fn make_slice_from(prog: &Program, slice_ty: Ty, vals: Vec<Value>, id: u32) -> Value {
    let elem = prog.elem(slice_ty);
    let n = vals.len();
    let vals = vals.into_iter().map(|v| v.copied()).collect();
    Value::Slice(SliceVal::new(
        Some(new_array(prog, elem, vals, id)),
        0,
        n,
        n,
        slice_ty,
    ))
}

pub fn zero_value(prog: &Program, ty: Ty, m: &Machine) -> Value {
    let _ = m;
    zero_of(prog, ty)
}

pub fn zero_of(prog: &Program, ty: Ty) -> Value {
    match prog.kind(ty) {
        Kind::Bool => Value::Bool(false),
        Kind::Int { .. } => Value::Int(0, ty),
        Kind::Float => Value::Float(0.0, ty),
        Kind::String => Value::Str(GoStr::from(""), ty),
        Kind::Slice(_) => Value::Slice(SliceVal {
            arr: None,
            off: 0,
            len: 0,
            cap: 0,
            ty,
        }),
        Kind::Array(n, e) => {
            let n = *n as usize;
            let vals: Vec<Value> = (0..n).map(|_| zero_of(prog, *e)).collect();
            Value::Array(new_array(prog, *e, vals, 0), ty)
        }
        Kind::Struct(fields) => Value::Struct(Rc::new(StructObj {
            ty,
            fields: RefCell::new(fields.iter().map(|f| zero_of(prog, f.ty)).collect()),
        })),
        Kind::Map(..) | Kind::Chan(_) | Kind::Ptr(_) => Value::NilOf(ty),
        Kind::Opaque(o) => match o {
            Opaque::Mutex | Opaque::RWMutex => Value::Obj(
                Rc::new(Object::Mutex(RefCell::new(super::mutex::Mutex::new(0)))),
                ty,
            ),
            Opaque::WaitGroup => Value::Obj(
                Rc::new(Object::WaitGroup(RefCell::new(
                    super::waitgroup::WaitGroup::new(0),
                ))),
                ty,
            ),
            Opaque::Once => Value::Obj(Rc::new(Object::Once(std::cell::Cell::new(false))), ty),
            Opaque::SyncMap => Value::Obj(
                Rc::new(Object::SyncMap(RefCell::new(Default::default()))),
                ty,
            ),
            Opaque::StringsBuilder => {
                Value::Obj(Rc::new(Object::Builder(RefCell::new(String::new()))), ty)
            }
            Opaque::Time => Value::Obj(Rc::new(Object::Time(0)), ty),
            Opaque::Atomic => Value::Obj(Rc::new(Object::Atomic(std::cell::Cell::new(0))), ty),
            Opaque::Pool => Value::Obj(
                Rc::new(Object::Pool(RefCell::new(PoolObj {
                    new: Value::Nil,
                    items: Vec::new(),
                }))),
                ty,
            ),
            _ => Value::NilOf(ty),
        },
        _ => Value::Nil,
    }
}

/// Go conversion `T(v)` (and the implicit conversion of untyped constants).
pub fn convert(prog: &Program, v: Value, ty: Ty, m: &Machine) -> Res<Value> {
    let _ = m;
    Ok(match (prog.kind(ty), v) {
        (Kind::Int { bits, signed }, Value::Int(x, _)) => {
            Value::Int(wrap_int(x, *bits, *signed), ty)
        }
        (Kind::Int { bits, signed }, Value::Float(f, _)) => {
            Value::Int(wrap_int(f as i64, *bits, *signed), ty)
        }
        (Kind::Float, Value::Int(x, _)) => Value::Float(x as f64, ty),
        (Kind::Float, Value::Float(f, _)) => Value::Float(
            if ty == bt::FLOAT32 {
                f as f32 as f64
            } else {
                f
            },
            ty,
        ),
        (Kind::String, Value::Int(x, _)) => Value::Str(
            GoStr::from(char::from_u32(x as u32).unwrap_or('\u{FFFD}').to_string()),
            ty,
        ),
        (Kind::String, Value::Str(s, _)) => Value::Str(s, ty),
        (Kind::String, Value::Slice(s)) => {
            let bytes: Vec<u8> = slice_elems(&Value::Slice(s.clone()))
                .iter()
                .map(|v| v.as_int() as u8)
                .collect();
            let text = if prog.elem(s.ty) == bt::INT32 {
                slice_elems(&Value::Slice(s))
                    .iter()
                    .map(|v| char::from_u32(v.as_int() as u32).unwrap_or('\u{FFFD}'))
                    .collect()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            Value::Str(GoStr::from(text.as_str()), ty)
        }
        (Kind::Slice(e), Value::Str(s, _)) => {
            let vals: Vec<Value> = if *e == bt::INT32 {
                s.chars().map(|c| Value::Int(c as i64, bt::INT32)).collect()
            } else {
                s.bytes().map(|b| Value::Int(b as i64, bt::UINT8)).collect()
            };
            make_slice_from(prog, ty, vals, 0)
        }
        (Kind::Slice(_), Value::Slice(mut s)) => {
            s.ty = ty;
            Value::Slice(s)
        }
        (Kind::Struct(_), Value::Struct(s)) => {
            let copy = Value::Struct(s).deep_copy();
            if let Value::Struct(c) = &copy {
                return Ok(Value::Struct(Rc::new(StructObj {
                    ty,
                    fields: RefCell::new(c.fields.borrow().clone()),
                })));
            }
            copy
        }
        (Kind::Map(..), Value::Map(mm, _)) => Value::Map(mm, ty),
        (Kind::Chan(_), Value::Chan(c, _)) => Value::Chan(c, ty),
        (Kind::Func, f @ Value::Func(_)) => f,
        (Kind::Ptr(_), Value::Ptr(p, _)) => Value::Ptr(p, ty),
        (_, Value::Nil) => zero_of(prog, ty),
        (Kind::Interface(_), v) => v,
        (_, v) => v,
    })
}

pub fn wrap_int(x: i64, bits: u8, signed: bool) -> i64 {
    match (bits, signed) {
        (8, true) => x as i8 as i64,
        (16, true) => x as i16 as i64,
        (32, true) => x as i32 as i64,
        (8, false) => x as u8 as i64,
        (16, false) => x as u16 as i64,
        (32, false) => x as u32 as i64,
        _ => x,
    }
}

pub fn chan_elem_zero(prog: &Program, c: &Chan) -> Value {
    zero_of(prog, c.elem)
}

pub fn new_chan(m: &mut Machine, cap: usize, elem: Ty) -> Rc<Chan> {
    let id = m.obj_id();
    Rc::new(Chan::new(id, cap, elem))
}

pub fn send_outcome_is_block(o: &SendOutcome) -> bool {
    matches!(o, SendOutcome::WouldBlock)
}

pub fn recv_outcome_is_block(o: &RecvOutcome) -> bool {
    matches!(o, RecvOutcome::WouldBlock)
}

pub fn slice_step_fuel(rng: &mut Rng) -> u64 {
    sched::MIN_SLICE + rng.below(sched::SLICE_SPREAD)
}
