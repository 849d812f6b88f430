//! Simulations in the page run in slices across timer ticks, so a long or endless program
//! never freezes the page; a newer run (or Cancel) abandons the older one.

use super::now_ms;
use crate::sim::{Config, Outcome, Sim};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

/// Work per slice; the rest of each frame stays free for painting and input.
const SLICE_MS: f64 = 12.0;

/// Cancels the run when told to, or when a newer run starts through the same `Runner`.
#[derive(Clone, Default)]
pub struct Runner {
    generation: Rc<RefCell<u64>>,
}

impl Runner {
    /// Simulates `code`; `on_progress(steps)` after each slice, `on_done(outcome)` at the end.
    pub fn start(
        &self,
        code: &str,
        config: &Config,
        on_progress: impl Fn(u64) + 'static,
        on_done: impl FnOnce(Arc<Outcome>) + 'static,
    ) {
        let mine = {
            let mut g = self.generation.borrow_mut();
            *g += 1;
            *g
        };
        let job = Job {
            sim: Sim::new(code, config),
            generation: self.generation.clone(),
            mine,
            steps: 0,
            on_progress: Box::new(on_progress),
            on_done: Some(Box::new(on_done)),
        };
        job.slice();
    }

    pub fn cancel(&self) {
        *self.generation.borrow_mut() += 1;
    }
}

struct Job {
    sim: Sim,
    generation: Rc<RefCell<u64>>,
    mine: u64,
    /// Steps taken so far (for the progress indicator).
    steps: u64,
    on_progress: Box<dyn Fn(u64)>,
    on_done: Option<Box<dyn FnOnce(Arc<Outcome>)>>,
}

impl Job {
    fn slice(mut self) {
        if *self.generation.borrow() != self.mine {
            return;
        }
        let deadline = now_ms() + SLICE_MS;
        loop {
            for _ in 0..2000 {
                self.steps += 1;
                if !self.sim.step() {
                    let done = self.on_done.take();
                    let outcome = Arc::new(self.sim.finish());
                    if let Some(done) = done {
                        done(outcome);
                    }
                    return;
                }
            }
            if now_ms() >= deadline {
                break;
            }
        }
        (self.on_progress)(self.steps);
        gloo_timers::callback::Timeout::new(0, move || self.slice()).forget();
    }
}
