//! Exploring one program's schedules: up to N runs, each under a different [`Schedule`]
//! (Go's run queue with random time slices, and PCT at depths 1–3), with a histogram of
//! how the runs ended and the distinct failures, each with the token that replays it.
//! Every run is deterministic, so the whole exploration is: the same source, Go version
//! and run count give the same histogram and tokens.

use super::{Compiled, Config, End, LeakedGoroutine, Outcome, Schedule, Sim, Strategy, Trace};

/// How one run ended, as the exploration counts it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Ended normally with nothing blocked forever.
    Ok,
    /// Ended with a goroutine blocked forever, or a test left goroutines behind.
    Leaked,
    /// `fatal error: all goroutines are asleep - deadlock!`.
    Deadlock,
    /// A panic or another fatal error (concurrent map writes, unlock of unlocked mutex).
    Panic,
    /// A non-zero exit without a panic: a failed test, `os.Exit(1)`.
    Failed,
    /// A budget (steps, virtual time, goroutines, output, depth) stopped the run.
    Budget,
    NotSimulated,
    Invalid,
}

impl Verdict {
    pub const ALL: [Verdict; 8] = [
        Verdict::Ok,
        Verdict::Leaked,
        Verdict::Deadlock,
        Verdict::Panic,
        Verdict::Failed,
        Verdict::Budget,
        Verdict::NotSimulated,
        Verdict::Invalid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Leaked => "leaked",
            Verdict::Deadlock => "deadlock",
            Verdict::Panic => "panic",
            Verdict::Failed => "failed",
            Verdict::Budget => "budget",
            Verdict::NotSimulated => "not_simulated",
            Verdict::Invalid => "invalid",
        }
    }

    /// A schedule worth showing: the program misbehaved (not: the simulator gave up).
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Verdict::Leaked | Verdict::Deadlock | Verdict::Panic | Verdict::Failed
        )
    }

    pub fn of(o: &Outcome) -> Verdict {
        match o.end {
            End::Deadlock => Verdict::Deadlock,
            End::Panicked | End::Fatal => Verdict::Panic,
            End::Budget(_) => Verdict::Budget,
            End::NotSimulated => Verdict::NotSimulated,
            // Only a replayed manual token can pause: like a bad token, it says nothing
            // about the program.
            End::Invalid | End::Paused => Verdict::Invalid,
            End::MainReturned | End::Exited => {
                if !leaks(o).is_empty() {
                    Verdict::Leaked
                } else if o.exit_code != 0 {
                    Verdict::Failed
                } else {
                    Verdict::Ok
                }
            }
        }
    }
}

/// The goroutines a run leaked: those its tests left behind (the leak check's finding),
/// then those blocked forever at the end that no test reported.
pub fn leaks(o: &Outcome) -> Vec<&LeakedGoroutine> {
    let mut found: Vec<&LeakedGoroutine> = o.tests.iter().flat_map(|t| &t.leaked).collect();
    for l in &o.leaked {
        if l.forever && !found.iter().any(|f| f.id == l.id) {
            found.push(l);
        }
    }
    found
}

/// The goroutines a failure is about: all those stuck in a deadlock, else the leaked ones.
fn goroutines_of(verdict: Verdict, o: &Outcome) -> Vec<&LeakedGoroutine> {
    match verdict {
        Verdict::Deadlock => o.leaked.iter().collect(),
        _ => leaks(o),
    }
}

/// What makes two failures the same: how the run ended and where its goroutines were
/// created and blocked (not their ids, nor the values printed).
fn signature(verdict: Verdict, o: &Outcome) -> String {
    let mut sites: Vec<String> = match verdict {
        Verdict::Leaked | Verdict::Deadlock => goroutines_of(verdict, o)
            .iter()
            .map(|l| format!("{}>{}:{}", l.created_line, l.blocked_line, l.wait_reason))
            .collect(),
        Verdict::Panic => vec![o.stderr.lines().next().unwrap_or("").to_owned()],
        _ => vec![format!("exit {}", o.exit_code)],
    };
    sites.sort();
    sites.dedup();
    format!("{} {}", verdict.as_str(), sites.join(" "))
}

/// One distinct way the program failed.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The first schedule that failed this way.
    pub schedule: Schedule,
    pub verdict: Verdict,
    pub signature: String,
    /// How many schedules failed this way.
    pub count: usize,
    /// The first such run (its trace left out: replay the schedule to see it).
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Default)]
pub struct Exploration {
    pub schedules: usize,
    /// Runs per verdict, in [`Verdict::ALL`] order.
    pub outcomes: [usize; 8],
    /// The distinct failures, in the order they were first met.
    pub failures: Vec<Failure>,
}

impl Failure {
    /// The goroutines to show for this failure (see [`goroutines_of`]).
    pub fn goroutines(&self) -> Vec<&LeakedGoroutine> {
        goroutines_of(self.verdict, &self.outcome)
    }
}

/// A goroutine seen blocked forever under some explored schedules, by where it was
/// created and where it blocked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObservedLeak {
    pub created_line: u32,
    pub blocked_line: u32,
    pub wait_reason: super::GoroutineStatus,
    /// In how many schedules it was seen.
    pub schedules: usize,
    /// The first schedule that showed it.
    pub schedule: Schedule,
}

impl Exploration {
    /// Every goroutine a leaking or deadlocked schedule left blocked forever, merged by
    /// site (created, blocked, wait reason) over the distinct failures, by blocked line.
    pub fn observed_leaks(&self) -> Vec<ObservedLeak> {
        let mut found: Vec<ObservedLeak> = Vec::new();
        for f in self
            .failures
            .iter()
            .filter(|f| matches!(f.verdict, Verdict::Leaked | Verdict::Deadlock))
        {
            let mut sites: Vec<(u32, u32, super::GoroutineStatus)> = f
                .goroutines()
                .iter()
                .filter(|l| l.forever && l.blocked_line > 0)
                .map(|l| (l.created_line, l.blocked_line, l.wait_reason))
                .collect();
            sites.sort_by_key(|s| (s.1, s.0));
            sites.dedup();
            for (created_line, blocked_line, wait_reason) in sites {
                let same = |o: &&mut ObservedLeak| {
                    (o.created_line, o.blocked_line, o.wait_reason)
                        == (created_line, blocked_line, wait_reason)
                };
                match found.iter_mut().find(same) {
                    Some(o) => o.schedules += f.count,
                    None => found.push(ObservedLeak {
                        created_line,
                        blocked_line,
                        wait_reason,
                        schedules: f.count,
                        schedule: f.schedule.clone(),
                    }),
                }
            }
        }
        found.sort_by_key(|o| (o.blocked_line, o.created_line));
        found
    }

    pub fn count(&self, v: Verdict) -> usize {
        self.outcomes[v as usize]
    }

    pub fn first_failure(&self) -> Option<&Failure> {
        self.failures.first()
    }

    /// Adds another exploration's counts (e.g. one test's to a file's totals).
    pub fn absorb(&mut self, other: &Exploration) {
        self.schedules += other.schedules;
        for (a, b) in self.outcomes.iter_mut().zip(other.outcomes) {
            *a += b;
        }
        for f in &other.failures {
            match self
                .failures
                .iter_mut()
                .find(|g| g.signature == f.signature)
            {
                Some(g) => g.count += f.count,
                None => self.failures.push(f.clone()),
            }
        }
    }

    fn record(&mut self, schedule: Schedule, mut outcome: Outcome) -> Verdict {
        let verdict = Verdict::of(&outcome);
        self.schedules += 1;
        self.outcomes[verdict as usize] += 1;
        if verdict.is_failure() {
            let signature = signature(verdict, &outcome);
            match self.failures.iter_mut().find(|f| f.signature == signature) {
                Some(f) => f.count += 1,
                None => {
                    outcome.trace = Trace::default();
                    self.failures.push(Failure {
                        schedule,
                        verdict,
                        signature,
                        count: 1,
                        outcome,
                    });
                }
            }
        }
        verdict
    }
}

/// The PCT depths the exploration cycles through (1 = priorities only, no change point).
const PCT_DEPTHS: [u8; 3] = [1, 2, 3];

/// The `i`-th schedule of an exploration: first the default run (the base seed, as
/// `leaklab run` and the Run button do), then PCT and random slices without the spawn
/// grace ([`Strategy::Slices`]) alternating.
/// `horizon` is the op count of the default run, where PCT places its change points.
pub fn schedule_at(i: usize, base_seed: u64, horizon: u64) -> Schedule {
    if i == 0 {
        return Schedule::random(base_seed);
    }
    let seed = base_seed.wrapping_add(i as u64);
    if i % 2 == 1 {
        Schedule {
            strategy: Strategy::Pct {
                depth: PCT_DEPTHS[(i / 2) % PCT_DEPTHS.len()],
                horizon: horizon.max(1),
            },
            seed,
        }
    } else {
        Schedule::slices(seed)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopAt {
    /// Run every schedule (for the histogram).
    All,
    /// Stop at the first failing schedule.
    FirstFailure,
}

/// Runs `compiled` under up to `runs` schedules: the default run; then, for a small
/// program, up to half the runs by context bounding (every schedule with 0, 1, then 2
/// preemptions, [`super::bounded`]); the rest PCT and random slices ([`schedule_at`]).
/// `progress(found so far)` is called after each run; returning false cancels the rest.
pub fn explore(
    compiled: &Compiled,
    base: &Config,
    runs: usize,
    stop: StopAt,
    mut progress: impl FnMut(&Exploration) -> bool,
) -> Exploration {
    let mut found = Exploration::default();
    // A program that does not compile, or stops before it starts, ends the same way
    // under every schedule.
    let settled = compiled.error.is_some();
    let mut go_on = |found: &mut Exploration, schedule: Schedule, outcome: Outcome| {
        let verdict = found.record(schedule, outcome);
        !(settled || (stop == StopAt::FirstFailure && verdict.is_failure()) || !progress(found))
    };
    if runs == 0 {
        return found;
    }
    let default = schedule_at(0, base.seed, 1);
    let first = replay(compiled, base, default.clone());
    let horizon = first.steps.max(1);
    let small = horizon <= super::bounded::MAX_STEPS && first.end != End::NotSimulated;
    if !go_on(&mut found, default, first) {
        return found;
    }
    let mut stopped = false;
    if small {
        super::bounded::enumerate(
            compiled,
            base,
            super::bounded::MAX_PREEMPTIONS,
            (runs - 1) / 2,
            |schedule, outcome| {
                stopped = !go_on(&mut found, schedule, outcome);
                !stopped
            },
        );
    }
    let mut i = 1;
    while !stopped && found.schedules < runs {
        let schedule = schedule_at(i, base.seed, horizon);
        let outcome = replay(compiled, base, schedule.clone());
        stopped = !go_on(&mut found, schedule, outcome);
        i += 1;
    }
    found
}

/// Runs `compiled` under one schedule.
pub fn replay(compiled: &Compiled, base: &Config, schedule: Schedule) -> Outcome {
    let mut sim = Sim::from_compiled(compiled, &base.with_schedule(schedule));
    while sim.step() {}
    sim.finish()
}
