//! A simulation run in chunks, with its events shipped as they are produced: what the web
//! app's simulation worker does (the page shows the timeline while the run goes on), kept
//! here so it is pure and tested natively. Requests and replies cross the worker boundary
//! as JSON.

use super::explore::{Exploration, Verdict};
use super::{Config, Event, Outcome, Schedule, Sim};
use crate::analysis::wire::{CheckReply, CheckRequest};
use crate::analysis::GoVersion;
use serde::{Deserialize, Serialize};

/// What the worker simulates once when it loads, so the engine compiles the simulator's
/// hot paths (goroutines, channels, select, timers, fmt) before the first real Run.
pub const WARM_UP_PROGRAM: &str = "package main\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n\t\"time\"\n)\n\nfunc main() {\n\tvar wg sync.WaitGroup\n\tch := make(chan int)\n\tfor i := 0; i < 20; i++ {\n\t\twg.Add(1)\n\t\tgo func(n int) {\n\t\t\tdefer wg.Done()\n\t\t\tselect {\n\t\t\tcase ch <- n:\n\t\t\tcase <-time.After(time.Millisecond):\n\t\t\t}\n\t\t}(i)\n\t}\n\tfmt.Println(<-ch > -1)\n\twg.Wait()\n}\n";

/// A reply like the ones a real run sends, with one event of each common kind, as JSON.
/// The page parses it once when a worker is ready: engines compile wasm functions lazily,
/// so the first Run would otherwise pay for compiling the reply decoder.
pub fn sample_reply_json() -> String {
    use super::EventKind::*;
    let kinds = [
        GoroutineCreated {
            id: 2,
            parent: 1,
            line: 3,
        },
        Running { id: 2 },
        Blocked {
            id: 2,
            reason: crate::sim::WaitReason::ChanSend,
            line: 4,
        },
        Unblocked { id: 2, by: 1 },
        ChanSend {
            id: 1,
            chan: 1,
            occupancy: 1,
            cap: 1,
            line: 5,
        },
        ChanRecv {
            id: 1,
            chan: 1,
            occupancy: 0,
            cap: 1,
            line: 6,
            from: Some(2),
        },
        ChanClose {
            id: 1,
            chan: 1,
            line: 7,
        },
        Lock {
            id: 1,
            mutex: 1,
            line: 8,
        },
        Unlock {
            id: 1,
            mutex: 1,
            line: 9,
        },
        TimerFired { timer: 1 },
        Stdout {
            id: 1,
            text: "x\n".into(),
        },
        Sample {
            num_goroutine: 2,
            retained_bytes: 2560,
            stack_bytes: 2048,
        },
        Exited { id: 2 },
    ];
    let events = kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| Event {
            time_ns: i as u64,
            kind,
        })
        .collect();
    Reply::Progress {
        job: 0,
        steps: 1,
        events,
    }
    .to_json()
}

/// Page → worker. Externally tagged like [`Reply`]: `{"Run":{…}}` or `{"Check":{…}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Run(RunRequest),
    /// The live check (`analysis::wire`): the same module also checks, so a page fetches
    /// the parser once.
    Check(CheckRequest),
}

impl Request {
    pub fn to_json(&self) -> String {
        // Plain data (strings, numbers, enums): serialising can't fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Simulate `code` (under one schedule, or explore `explore` of them).
/// A newer job replaces an older one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRequest {
    pub job: u64,
    pub code: String,
    pub go_version: GoVersion,
    pub seed: u64,
    /// Replay this schedule instead of the seed's default one.
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// Explore this many schedules instead of running one.
    #[serde(default)]
    pub explore: Option<u32>,
    /// The step budget of one run (the page's Run waits for Cancel: `for_one_run`'s);
    /// otherwise the default per-run budget.
    #[serde(default)]
    pub max_steps: Option<u64>,
}

/// The most schedules the page may ask the worker to explore.
pub const MAX_EXPLORE: u32 = 10_000;

impl RunRequest {
    pub fn config(&self) -> Config {
        let config = Config {
            go_version: self.go_version,
            seed: self.seed,
            budgets: super::Budgets {
                max_steps: self
                    .max_steps
                    .unwrap_or(super::Budgets::default().max_steps),
                ..super::Budgets::default()
            },
            ..Config::default()
        };
        match &self.schedule {
            Some(s) => config.with_schedule(s.clone()),
            None => config,
        }
    }
}

/// An exploration as the page shows it: counts per ending and the distinct failures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExploreSummary {
    pub schedules: usize,
    /// The exploration asked for.
    pub runs: usize,
    /// Runs per verdict, in [`Verdict::ALL`] order.
    pub outcomes: Vec<usize>,
    pub failures: Vec<FailureSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureSummary {
    pub schedule: Schedule,
    pub verdict: Verdict,
    pub count: usize,
    /// The first line of the failing run's stderr (the panic or fatal error), if any.
    pub message: String,
    /// Lines where its goroutines were blocked forever.
    pub blocked_lines: Vec<u32>,
}

impl ExploreSummary {
    pub fn new(found: &Exploration, runs: usize) -> ExploreSummary {
        ExploreSummary {
            schedules: found.schedules,
            runs,
            outcomes: found.outcomes.to_vec(),
            failures: found
                .failures
                .iter()
                .map(|f| {
                    let mut blocked_lines: Vec<u32> = f
                        .outcome
                        .leaked
                        .iter()
                        .chain(f.outcome.tests.iter().flat_map(|t| &t.leaked))
                        .filter(|l| l.forever && l.blocked_line > 0)
                        .map(|l| l.blocked_line)
                        .collect();
                    blocked_lines.sort_unstable();
                    blocked_lines.dedup();
                    FailureSummary {
                        schedule: f.schedule.clone(),
                        verdict: f.verdict,
                        count: f.count,
                        message: f.outcome.stderr.lines().next().unwrap_or("").to_owned(),
                        blocked_lines,
                    }
                })
                .collect(),
        }
    }

    pub fn count(&self, v: Verdict) -> usize {
        self.outcomes.get(v as usize).copied().unwrap_or(0)
    }
}

/// Worker → page. Externally tagged (`{"Done":{…}}`): an internally tagged enum makes serde
/// buffer the whole reply and decode every nested type a second way, which cost the page's
/// wasm about 10 KB gzip.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has loaded and takes requests.
    Ready,
    /// Events produced since the previous reply of this job.
    Progress {
        job: u64,
        steps: u64,
        events: Vec<Event>,
    },
    /// The end; `outcome.trace.events` holds only the events not sent before.
    Done { job: u64, outcome: Outcome },
    /// An exploration's counts so far; `done` on the last one.
    Explored {
        job: u64,
        summary: ExploreSummary,
        done: bool,
    },
    /// The report and highlighting of a check request's text.
    Checked(CheckReply),
    /// The request could not be read.
    Rejected { reason: String },
}

impl Reply {
    pub fn to_json(&self) -> String {
        // Every field is plain data (strings, numbers, enums): serialising can't fail.
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(r#"{{"Rejected":{{"reason":"cannot encode reply: {e}"}}}}"#)
        })
    }

    pub fn from_json(text: &str) -> Result<Reply, String> {
        serde_json::from_str(text).map_err(|e| format!("unreadable worker reply: {e}"))
    }
}

/// Explores `runs` schedules of the request's program, handing `report` the counts so far
/// after each run for which `due()` says yes, and always at the end (`done: true`).
pub fn explore_request(
    request: &RunRequest,
    runs: u32,
    mut due: impl FnMut() -> bool,
    mut report: impl FnMut(Reply),
) {
    let config = request.config();
    let runs = runs.clamp(1, MAX_EXPLORE) as usize;
    let compiled = super::Compiled::new(&request.code, config.go_version);
    let found = super::explore::explore(
        &compiled,
        &config,
        runs,
        super::explore::StopAt::All,
        |so_far| {
            if due() {
                report(Reply::Explored {
                    job: request.job,
                    summary: ExploreSummary::new(so_far, runs),
                    done: false,
                });
            }
            true
        },
    );
    report(Reply::Explored {
        job: request.job,
        summary: ExploreSummary::new(&found, runs),
        done: true,
    });
}

/// Reads a request; garbage gets a reason instead of a panic.
pub fn parse_request(text: &str) -> Result<Request, String> {
    serde_json::from_str(text).map_err(|e| format!("unreadable request: {e}"))
}

/// What one [`StreamedRun::advance`] produced.
pub struct Chunk {
    /// Events since the previous chunk.
    pub events: Vec<Event>,
    /// Scheduling steps taken so far in the whole run.
    pub steps: u64,
    /// Set once the run has ended (its trace holds only events not in earlier chunks).
    pub outcome: Option<Outcome>,
}

/// A simulation advanced a bounded number of steps at a time.
pub struct StreamedRun {
    sim: Option<Sim>,
    sent: usize,
    steps: u64,
}

impl StreamedRun {
    pub fn new(code: &str, config: &Config) -> StreamedRun {
        StreamedRun {
            sim: Some(Sim::new(code, config)),
            sent: 0,
            steps: 0,
        }
    }

    pub fn is_done(&self) -> bool {
        self.sim.is_none()
    }

    /// Advances at most `max_steps` scheduling steps (a step may run many IR ops).
    pub fn advance(&mut self, max_steps: u64) -> Chunk {
        let Some(sim) = self.sim.as_mut() else {
            return Chunk {
                events: Vec::new(),
                steps: self.steps,
                outcome: None,
            };
        };
        let mut finished = false;
        for _ in 0..max_steps {
            self.steps += 1;
            if !sim.step() {
                finished = true;
                break;
            }
        }
        if finished {
            let mut outcome = self.sim.take().map(Sim::finish).expect("checked above");
            let sent = self.sent.min(outcome.trace.events.len());
            outcome.trace.events.drain(..sent);
            return Chunk {
                events: Vec::new(),
                steps: self.steps,
                outcome: Some(outcome),
            };
        }
        let events = &sim.trace().events;
        let fresh = events[self.sent.min(events.len())..].to_vec();
        self.sent = events.len();
        Chunk {
            events: fresh,
            steps: self.steps,
            outcome: None,
        }
    }
}

/// Puts a streamed run back together: the events received in chunks, then the outcome's own.
pub fn assemble(mut streamed: Vec<Event>, mut outcome: Outcome) -> Outcome {
    streamed.append(&mut outcome.trace.events);
    outcome.trace.events = streamed;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{run, Budgets};

    const LEAKY: &str = r#"package main

import (
	"fmt"
	"runtime"
	"time"
)

func main() {
	for i := 0; i < 5; i++ {
		ch := make(chan int)
		go func() { ch <- i }()
		time.Sleep(time.Millisecond)
	}
	fmt.Println(runtime.NumGoroutine())
}
"#;

    fn streamed(code: &str, chunk_steps: u64) -> Outcome {
        let config = Config::default();
        let mut run = StreamedRun::new(code, &config);
        let mut events = Vec::new();
        loop {
            let chunk = run.advance(chunk_steps);
            // Every chunk crosses the boundary as JSON, as in the browser.
            let reply = match chunk.outcome {
                Some(outcome) => Reply::Done { job: 1, outcome },
                None => Reply::Progress {
                    job: 1,
                    steps: chunk.steps,
                    events: chunk.events,
                },
            };
            match Reply::from_json(&reply.to_json()).unwrap() {
                Reply::Progress { events: e, .. } => events.extend(e),
                Reply::Done { outcome, .. } => return assemble(events, outcome),
                other => panic!("unexpected reply {other:?}"),
            }
        }
    }

    #[test]
    fn a_run_streamed_in_chunks_equals_the_whole_run() {
        let whole = run(LEAKY, &Config::default());
        for chunk_steps in [1, 3, 17, 1000] {
            let parts = streamed(LEAKY, chunk_steps);
            assert_eq!(parts.trace, whole.trace, "chunks of {chunk_steps} steps");
            assert_eq!(parts.stdout, whole.stdout);
            assert_eq!(parts.leaked, whole.leaked);
            assert_eq!(parts.exit_code, whole.exit_code);
            assert_eq!(parts.end, whole.end);
        }
        assert_eq!(whole.leaked.len(), 5);
    }

    #[test]
    fn a_program_that_does_not_compile_streams_its_error() {
        let parts = streamed("package main\nfunc main() { x := }\n", 10);
        assert_eq!(parts.exit_code, 1);
        assert!(!parts.stderr.is_empty());
    }

    #[test]
    fn the_sample_reply_reads_back() {
        match Reply::from_json(&sample_reply_json()).unwrap() {
            Reply::Progress { events, .. } => assert_eq!(events.len(), 13),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_warm_up_program_runs_cleanly() {
        let o = run(WARM_UP_PROGRAM, &Config::default());
        assert_eq!(
            (o.exit_code, o.stdout.as_str()),
            (0, "true\n"),
            "{}",
            o.stderr
        );
    }

    #[test]
    fn garbage_requests_are_rejected_with_a_reason() {
        for text in [
            "",
            "{",
            "null",
            r#"{"job":1}"#,
            r#"{"Run":{"job":1}}"#,
            "\u{0}\u{1}",
        ] {
            let err = parse_request(text).unwrap_err();
            assert!(err.starts_with("unreadable request"), "{err}");
        }
        let run = |text: &str| match parse_request(text).unwrap() {
            Request::Run(r) => r,
            other => panic!("not a run: {other:?}"),
        };
        let ok = RunRequest {
            job: 7,
            code: "package main".into(),
            go_version: GoVersion::new(22),
            seed: 3,
            schedule: Schedule::parse("p2.100.9").ok(),
            explore: None,
            max_steps: None,
        };
        assert_eq!(run(&Request::Run(ok.clone()).to_json()), ok);
        assert_eq!(ok.config().go_version, GoVersion::new(22));
        assert_eq!(ok.config().schedule().token(), "p2.100.9");
        assert_eq!(ok.config().budgets.max_steps, Budgets::default().max_steps);
        let waited = RunRequest {
            max_steps: Some(Budgets::for_one_run().max_steps),
            ..ok.clone()
        };
        assert_eq!(
            run(&Request::Run(waited).to_json())
                .config()
                .budgets
                .max_steps,
            2_000_000_000
        );
        // A request from before schedules existed still reads.
        let mut old = serde_json::to_value(&ok).unwrap();
        old.as_object_mut().unwrap().remove("schedule");
        old.as_object_mut().unwrap().remove("explore");
        assert_eq!(run(&format!(r#"{{"Run":{old}}}"#)).schedule, None);
        let check = Request::Check(CheckRequest {
            id: 4,
            code: "package main".into(),
            go_version: GoVersion::new(21),
        });
        assert_eq!(parse_request(&check.to_json()).unwrap(), check);
    }

    const LOCK_ORDER: &str = r#"package main

import "sync"

func main() {
	var a, b sync.Mutex
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a.Lock(); b.Lock(); b.Unlock(); a.Unlock() }()
	go func() { defer wg.Done(); b.Lock(); a.Lock(); a.Unlock(); b.Unlock() }()
	wg.Wait()
}
"#;

    #[test]
    fn an_exploration_reports_as_it_goes_and_its_failures_replay() {
        let request = RunRequest {
            job: 4,
            code: LOCK_ORDER.into(),
            go_version: GoVersion::LATEST,
            seed: 1,
            schedule: None,
            explore: Some(60),
            max_steps: None,
        };
        let mut replies = Vec::new();
        let mut n = 0;
        explore_request(
            &request,
            60,
            || {
                n += 1;
                n % 20 == 0
            },
            |r| replies.push(Reply::from_json(&r.to_json()).unwrap()),
        );
        let summaries: Vec<(usize, bool, ExploreSummary)> = replies
            .into_iter()
            .map(|r| match r {
                Reply::Explored {
                    job: 4,
                    summary,
                    done,
                } => (summary.schedules, done, summary),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        let counts: Vec<(usize, bool)> = summaries.iter().map(|(n, d, _)| (*n, *d)).collect();
        assert_eq!(
            counts,
            vec![(20, false), (40, false), (60, false), (60, true)]
        );
        let last = &summaries[3].2;
        assert_eq!(last.runs, 60);
        assert_eq!(last.outcomes.iter().sum::<usize>(), 60);
        let deadlock = last
            .failures
            .iter()
            .find(|f| f.verdict == Verdict::Deadlock)
            .expect("some schedule deadlocks");
        assert_eq!(last.count(Verdict::Deadlock), deadlock.count);
        assert!(deadlock
            .message
            .starts_with("fatal error: all goroutines are asleep"));
        assert_eq!(deadlock.blocked_lines, vec![9, 10, 11]);
        // Replaying its schedule through a run request deadlocks again.
        let replay = RunRequest {
            schedule: Some(deadlock.schedule.clone()),
            explore: None,
            ..request
        };
        assert_eq!(
            run(LOCK_ORDER, &replay.config()).end,
            crate::sim::End::Deadlock
        );
    }
}
