//! Iterative context bounding (Musuvathi & Qadeer, PLDI 2007): every schedule with no
//! preemption, then every one with one, then two. A preemption is switching away from a
//! goroutine that could go on; switching when it blocks or exits is free. Schedules are
//! manual ones (a pick at each statement where goroutines compete), so each has a token
//! that replays it. Most concurrency bugs need very few preemptions, and on a small
//! program this finds them systematically rather than by chance.

use super::{Compiled, Config, Outcome, Schedule, Sim};

/// The most preemptions a bounded schedule may have.
pub const MAX_PREEMPTIONS: usize = 2;
/// Programs whose default run takes more ops than this are left to PCT and random slices
/// (a bounded run goes statement by statement, and the number of schedules grows with
/// the program's length).
pub const MAX_STEPS: u64 = 20_000;
/// Choices beyond this many picks are not branched on (the run still finishes).
const MAX_BRANCHING_PICKS: usize = 400;

/// Runs up to `budget` schedules of `compiled`, fewest preemptions first (at most
/// `bound`), each handed to `visit` with its outcome until `visit` says stop. Returns how
/// many ran. Deterministic: the same program gives the same schedules in the same order.
pub fn enumerate(
    compiled: &Compiled,
    base: &Config,
    bound: usize,
    budget: usize,
    mut visit: impl FnMut(Schedule, Outcome) -> bool,
) -> usize {
    // Prefixes of picks still to run, by the preemptions they already have.
    let mut pending: Vec<Vec<Vec<u32>>> = vec![Vec::new(); bound + 1];
    pending[0].push(Vec::new());
    let mut ran = 0;
    for cost in 0..=bound {
        while let Some(mut picks) = pending[cost].pop() {
            if ran == budget {
                return ran;
            }
            let mut sim =
                Sim::from_compiled(compiled, &base.with_schedule(Schedule::manual(&picks)));
            sim.play(usize::MAX, |choices, last| {
                let can_go_on = choices.iter().any(|c| c.id == last);
                // Without a preemption: the goroutine that ran goes on, else the lowest id.
                let default = if can_go_on { last } else { choices[0].id };
                let extra = usize::from(can_go_on);
                if picks.len() < MAX_BRANCHING_PICKS && cost + extra <= bound {
                    for c in choices.iter().rev().filter(|c| c.id != default) {
                        let mut other = picks.clone();
                        other.push(c.id);
                        pending[cost + extra].push(other);
                    }
                }
                picks.push(default);
                default
            });
            ran += 1;
            if !visit(Schedule::manual(&picks), sim.finish()) {
                return ran;
            }
        }
    }
    ran
}
