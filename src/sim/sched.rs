//! The scheduler's strategies and their randomness. A [`Schedule`] (strategy + seed) decides
//! every scheduling choice of a run, so its token replays that run exactly for the same
//! source and Go version. The generator is splitmix64 (no external crate), so the same seed
//! gives the same interleaving on every platform.

use std::collections::VecDeque;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
        }
    }
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// Ops a goroutine runs before the scheduler may switch (a random length per slice, so
/// that preemption lands at varied points, e.g. in the middle of two map writes).
pub const MIN_SLICE: u64 = 20;
pub const SLICE_SPREAD: u64 = 60;

/// In the default schedule ([`Strategy::Random`]) a goroutine that starts another runs at
/// least this many more ops before its slice may end. In Go the new goroutine waits in its creator's `runnext`
/// while another P wakes up, and `runqsteal` leaves a `runnext` alone for about 3 µs, so a
/// short spawning loop finishes before its first goroutine runs: under Go 1.21 loop
/// semantics every goroutine then reads the loop variable's last value, as real Go shows.
pub const SPAWN_GRACE: u64 = 256;
/// At most this many ops are added to one slice that way, so a goroutine that starts
/// goroutines without pause still lets the others run.
pub const SPAWN_GRACE_MAX: u64 = 4096;

/// How the scheduler picks the goroutine that runs next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Go's run queue (a woken or new goroutine runs next), with time slices of random
    /// length: the default run.
    Random,
    /// The same slices without `SPAWN_GRACE`: a new goroutine may run before its creator's
    /// spawning loop ends, as on a busy machine. Exploration uses it to reach the races
    /// that Go's usual timing hides.
    Slices,
    /// Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): every goroutine
    /// gets a random priority and the highest-priority runnable one runs until it blocks;
    /// at `depth - 1` random points among the run's first `horizon` ops the running
    /// goroutine drops below all others. A bug that needs `depth` ordering constraints is
    /// found with probability at least 1/(n·horizon^(depth-1)) per run for n goroutines.
    Pct { depth: u8, horizon: u64 },
    /// The learner is the scheduler: goroutines run one statement at a time, and wherever
    /// two or more can run, the next pick (a goroutine id) says which. When the picks run
    /// out at such a point the run pauses ([`super::End::Paused`]) and lists the choices.
    Manual(Arc<[u32]>),
}

/// One schedule: replaying it gives the same run, event for event. In JSON it is its
/// token (a string decodes in less code than a struct holding an enum).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub strategy: Strategy,
    pub seed: u64,
}

impl serde::Serialize for Schedule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.token())
    }
}

impl<'de> serde::Deserialize<'de> for Schedule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Schedule, D::Error> {
        let token = String::deserialize(d)?;
        Schedule::parse(&token).map_err(serde::de::Error::custom)
    }
}

impl Schedule {
    pub fn random(seed: u64) -> Schedule {
        Schedule {
            strategy: Strategy::Random,
            seed,
        }
    }

    /// Random slices without the spawn grace (exploration).
    pub fn slices(seed: u64) -> Schedule {
        Schedule {
            strategy: Strategy::Slices,
            seed,
        }
    }

    /// The learner's picks so far.
    pub fn manual(picks: &[u32]) -> Schedule {
        Schedule {
            strategy: Strategy::Manual(picks.into()),
            seed: 0,
        }
    }

    /// `r<seed>`, `s<seed>`, `p<depth>.<horizon>.<seed>` or `m<pick>.<pick>…` (a run of one
    /// pick written `<id>x<count>`): short, and safe in a URL.
    pub fn token(&self) -> String {
        match &self.strategy {
            Strategy::Random => format!("r{}", self.seed),
            Strategy::Slices => format!("s{}", self.seed),
            Strategy::Pct { depth, horizon } => format!("p{depth}.{horizon}.{}", self.seed),
            Strategy::Manual(picks) => {
                let mut runs: Vec<String> = Vec::new();
                let mut i = 0;
                while i < picks.len() {
                    let n = picks[i..].iter().take_while(|&&g| g == picks[i]).count();
                    runs.push(match n {
                        1 => picks[i].to_string(),
                        n => format!("{}x{n}", picks[i]),
                    });
                    i += n;
                }
                format!("m{}", runs.join("."))
            }
        }
    }

    pub fn parse(token: &str) -> Result<Schedule, String> {
        let bad = || {
            format!("`{token}` is not a schedule token (expected r<seed>, s<seed> or p<depth>.<horizon>.<seed>, as printed by --explore, or m<goroutine>.<goroutine>…, as the scheduler mode writes it)")
        };
        let number = |s: &str| s.parse::<u64>().map_err(|_| bad());
        if let Some(seed) = token.strip_prefix('r') {
            return Ok(Schedule::random(number(seed)?));
        }
        if let Some(seed) = token.strip_prefix('s') {
            return Ok(Schedule::slices(number(seed)?));
        }
        if let Some(picks) = token.strip_prefix('m') {
            let mut out: Vec<u32> = Vec::new();
            for run in picks.split('.').filter(|r| !r.is_empty()) {
                let (id, count) = run.split_once('x').unwrap_or((run, "1"));
                let id = u32::try_from(number(id)?).map_err(|_| bad())?;
                let count = number(count)?;
                if id == 0 || count == 0 || out.len() as u64 + count > MAX_MANUAL_PICKS {
                    return Err(bad());
                }
                out.extend(std::iter::repeat_n(id, count as usize));
            }
            return Ok(Schedule::manual(&out));
        }
        let rest = token.strip_prefix('p').ok_or_else(bad)?;
        let parts: Vec<&str> = rest.split('.').collect();
        let [depth, horizon, seed] = parts[..] else {
            return Err(bad());
        };
        let depth = u8::try_from(number(depth)?).map_err(|_| bad())?;
        if depth == 0 || depth > MAX_PCT_DEPTH {
            return Err(bad());
        }
        Ok(Schedule {
            strategy: Strategy::Pct {
                depth,
                horizon: number(horizon)?.max(1),
            },
            seed: number(seed)?,
        })
    }
}

/// The deepest PCT schedule a token may ask for (each level is one forced preemption).
pub const MAX_PCT_DEPTH: u8 = 16;

/// The most picks a manual token may hold (far more than anyone clicks).
pub const MAX_MANUAL_PICKS: u64 = 1_000_000;

/// A manual run's picks and how many it has used.
#[derive(Clone, Debug)]
pub struct Manual {
    pub picks: Vec<u32>,
    pub used: usize,
}

/// A PCT goroutine runs at most about this many ops (a random length between half and
/// one and a half times it, so the point varies as Go's time-based preemption does)
/// before it yields to the next priority: a goroutine that spins waiting for another
/// (`for !done.Load() {}`) cannot starve it.
pub const PCT_MAX_SLICE: u64 = 10_000;

/// A goroutine's own priority is random in `PCT_BAND..2 * PCT_BAND`. A change point gives
/// `depth - 1`, `depth - 2`, … 1 (below every own priority); a goroutine whose slice ran
/// out, or that called Gosched, gets 0, -1, -2, … (below everything: round-robin, as
/// Go's preemption is fair to every goroutine).
const PCT_BAND: i64 = 1 << 40;

/// The PCT scheduler's state for one run.
#[derive(Clone, Debug)]
pub struct Pct {
    /// Priority by goroutine slot (id - 1); assigned when the goroutine is first seen.
    prio: Vec<i64>,
    /// Op counts at which the running goroutine drops below the others, ascending.
    change_points: VecDeque<u64>,
    /// The priority the next change point gives.
    next_low: i64,
    /// The priority the next yield gives.
    next_yielded: i64,
    rng: Rng,
}

impl Pct {
    pub fn new(depth: u8, horizon: u64, seed: u64) -> Pct {
        let mut rng = Rng::new(seed ^ 0x9C7_5EED);
        let mut change_points: Vec<u64> =
            (1..depth).map(|_| 1 + rng.below(horizon.max(1))).collect();
        change_points.sort_unstable();
        Pct {
            prio: Vec::new(),
            change_points: change_points.into(),
            next_low: i64::from(depth.max(1)) - 1,
            next_yielded: 0,
            rng,
        }
    }

    fn priority(&mut self, gid: u32) -> i64 {
        let slot = gid as usize - 1;
        while self.prio.len() <= slot {
            // Ties (1 in 2^40) go to the goroutine first in the queue.
            let p = PCT_BAND + (self.rng.next_u64() >> 24) as i64;
            self.prio.push(p);
        }
        self.prio[slot]
    }

    /// Removes and returns the highest-priority goroutine that `runnable` accepts from the
    /// queue (entries it rejects are stale and dropped).
    pub fn pick(
        &mut self,
        runq: &mut VecDeque<u32>,
        runnext: &mut Option<u32>,
        runnable: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        if let Some(g) = runnext.take() {
            runq.push_front(g);
        }
        runq.retain(|&g| runnable(g));
        let mut best: Option<(usize, i64)> = None;
        for (i, &g) in runq.iter().enumerate() {
            let p = self.priority(g);
            if best.is_none_or(|(_, bp)| p > bp) {
                best = Some((i, p));
            }
        }
        best.and_then(|(i, _)| runq.remove(i))
    }

    /// Ops the goroutine picked now may run: up to the next change point, at most
    /// about [`PCT_MAX_SLICE`].
    pub fn fuel(&mut self, steps: u64) -> u64 {
        let guard = PCT_MAX_SLICE / 2 + self.rng.below(PCT_MAX_SLICE);
        match self.change_points.front() {
            Some(&at) if at > steps => (at - steps).min(guard),
            Some(_) => 1,
            None => guard,
        }
    }

    /// The slice of `gid` ended after `steps` ops in all: at a change point the goroutine
    /// drops to the next low priority; otherwise, if it yielded, below everything.
    pub fn slice_ended(&mut self, gid: u32, steps: u64, yielded: bool) {
        let _ = self.priority(gid);
        let slot = gid as usize - 1;
        if self.change_points.front().is_some_and(|&at| at <= steps) {
            while self.change_points.front().is_some_and(|&at| at <= steps) {
                self.change_points.pop_front();
            }
            self.prio[slot] = self.next_low;
            self.next_low -= 1;
        } else if yielded {
            self.prio[slot] = self.next_yielded;
            self.next_yielded -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_different_seed_differs() {
        let a: Vec<u64> = {
            let mut r = Rng::new(1);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(1);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(2);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn manual_tokens_round_trip_with_runs_compressed() {
        let s = Schedule::manual(&[1, 2, 2, 2, 1, 3, 3]);
        assert_eq!(s.token(), "m1.2x3.1.3x2");
        assert_eq!(Schedule::parse("m1.2x3.1.3x2"), Ok(s));
        assert_eq!(Schedule::parse("m"), Ok(Schedule::manual(&[])));
        for bad in ["m0", "m1x0", "m1.y", "m2x2000000", "mx3"] {
            assert!(Schedule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(7);
        assert!((0..1000).all(|_| r.below(3) < 3));
    }
}
