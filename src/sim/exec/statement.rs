//! The learner's scheduling step: a goroutine runs one statement at a time.

use super::super::interp::{Goroutine, Machine, Stop};
use super::super::value::{Callable, Value};

/// A statement that loops on its own line (`for {}`) yields to the learner after this
/// many ops.
pub const MAX_STATEMENT_OPS: u32 = 10_000;

impl Machine {
    /// The line of the op `g` runs next (for a goroutine not yet started, its function's
    /// first line); 0 where no op has a position.
    pub fn next_line(&self, g: &Goroutine) -> u32 {
        match (g.frames.last(), &g.start) {
            (Some(f), _) => self.positions[f.func as usize]
                .get(f.pc as usize)
                .map_or_else(|| self.cur_line(g), |p| p.0),
            (None, Some((Value::Func(c), _))) => match &**c {
                Callable::Func { func, .. } => self.positions[*func as usize]
                    .first()
                    .map_or(g.created_line, |p| p.0),
                _ => g.created_line,
            },
            (None, _) => g.created_line,
        }
    }

    /// Runs `g` to the end of its current statement: until the next op is on another line,
    /// or it blocks, exits or stops the run (the learner's scheduling step).
    pub fn run_statement(&mut self, g: &mut Goroutine) -> Stop {
        let start = self.next_line(g);
        for _ in 0..MAX_STATEMENT_OPS {
            let stop = self.run_ops(g, 1);
            if !matches!(stop, Stop::Yield) {
                return stop;
            }
            let line = self.next_line(g);
            if line != 0 && line != start {
                break;
            }
        }
        Stop::Yield
    }
}
