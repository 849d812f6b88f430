//! The real-time budget of a run a person waits for (`leaklab run`): the step budget is
//! deterministic, this one fits the host. Natively only: the browser's worker has Cancel,
//! and `std::time::Instant` does not exist on wasm32-unknown-unknown.

use std::time::Duration;

/// How many scheduling steps pass between two looks at the clock.
#[cfg(not(target_arch = "wasm32"))]
const STEPS_PER_LOOK: u32 = 4096;

#[derive(Debug)]
pub struct WallClock {
    #[cfg(not(target_arch = "wasm32"))]
    limit: Option<(Duration, std::time::Instant)>,
    #[cfg(not(target_arch = "wasm32"))]
    countdown: u32,
}

impl WallClock {
    pub fn new(limit: Option<Duration>) -> WallClock {
        #[cfg(target_arch = "wasm32")]
        let _ = limit;
        WallClock {
            #[cfg(not(target_arch = "wasm32"))]
            limit: limit.map(|l| (l, std::time::Instant::now())),
            #[cfg(not(target_arch = "wasm32"))]
            countdown: STEPS_PER_LOOK,
        }
    }

    /// The limit, once it has passed (looked up every few thousand steps).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn expired(&mut self) -> Option<Duration> {
        let (limit, started) = self.limit?;
        self.countdown -= 1;
        if self.countdown > 0 {
            return None;
        }
        self.countdown = STEPS_PER_LOOK;
        (started.elapsed() >= limit).then_some(limit)
    }

    #[cfg(target_arch = "wasm32")]
    pub fn expired(&mut self) -> Option<Duration> {
        None
    }
}
