//! How much memory a run holds at one moment: the heap reachable from its roots, each
//! live goroutine's stack, runtime structures and pending timers.

use super::heap;
use super::interp::{GState, Goroutine, Machine};
use super::ir::Program;
use super::timer::TimerAction;
use super::value::{Pointer, Value};
use std::rc::Rc;

/// What a run holds at one moment.
pub struct Footprint {
    /// Heap reachable from the roots, goroutine stacks and runtime structures.
    pub total: u64,
    /// The goroutines' stacks alone.
    pub stacks: u64,
    /// The work the pass did (objects visited plus timers scanned).
    pub cost: u64,
}

/// Bytes a goroutine's frame takes besides its variables (return address, frame pointer).
const FRAME_BYTES: u64 = 32;

/// The memory the run holds now: what the heap reaches from globals and goroutines, each
/// live goroutine's stack (2 KiB, doubled to fit its frames' variables) and runtime
/// structures, and pending timers.
pub fn footprint(m: &Machine, extra: Option<&Goroutine>) -> Footprint {
    let prog: &Program = &m.prog;
    let mut reach = heap::Reach::new(prog, &m.static_strings);
    for c in &m.globals {
        reach.value(&c.borrow());
    }
    let gs: Vec<&Goroutine> =
        m.gs.iter()
            .map(|g| &**g)
            .chain(extra)
            .filter(|g| g.holds_a_stack())
            .collect();
    // What escaped first, so that a frame's variable the heap also reaches counts there.
    for g in &gs {
        for f in &g.frames {
            for c in f.captures.iter() {
                reach.value(&Value::Ptr(Pointer::Cell(c.clone()), 0));
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
    let mut stacks = 0u64;
    for g in &gs {
        for v in &g.stack {
            reach.on_stack(v);
        }
        stacks += g.stack_bytes(prog);
    }
    let goroutines = gs.len() as u64;
    let mut timers = 0u64;
    for a in m.clock.actions() {
        match a {
            TimerAction::Fire { chan, .. } => {
                let addr = Rc::as_ptr(chan) as *const u8 as usize;
                if !m.version.collectable_timers() || reach.objects.contains(&addr) {
                    timers += 1;
                }
            }
            TimerAction::AfterFunc(_) | TimerAction::CancelContext(_) => timers += 1,
            TimerAction::WakeSleeper(..) => {}
        }
    }
    let cost = reach.visited() + m.clock.pending() as u64 + m.gs.len() as u64;
    Footprint {
        total: reach.bytes
            + stacks
            + goroutines * super::G_STRUCT_BYTES
            + timers * super::TIMER_BYTES,
        stacks,
        cost,
    }
}

/// The live goroutines' stacks alone: cheap beside the heap pass (no reachability), so it
/// can follow goroutines parking with large frames between heap passes.
pub fn stacks(m: &Machine) -> u64 {
    m.gs.iter()
        .filter(|g| g.holds_a_stack())
        .map(|g| g.stack_bytes(&m.prog))
        .sum()
}

impl Goroutine {
    fn holds_a_stack(&self) -> bool {
        !(self.state == GState::Exited && self.frames.is_empty())
    }

    /// Its stack: 2 KiB doubled until what its frames need, now or ever, fits.
    fn stack_bytes(&self, prog: &Program) -> u64 {
        heap::stack_size(self.stack_need(prog, 0).max(self.stack_need_high))
    }

    /// The bytes its frames need now, plus `extra`.
    pub fn stack_need(&self, prog: &Program, extra: u64) -> u64 {
        let vars: u64 = self.stack.iter().map(|v| heap::inline_size(prog, v)).sum();
        self.frames.len() as u64 * FRAME_BYTES + vars + extra
    }

    /// Raises the stack's high-water mark to what the frames need with `extra` more.
    pub fn note_stack_need(&mut self, prog: &Program, extra: u64) {
        self.stack_need_high = self.stack_need_high.max(self.stack_need(prog, extra));
    }
}
