//! Inside the worker: reads run requests, simulates with `sim::stream`, and posts the
//! events back as they are produced; reads check requests and answers with the report and
//! highlighting (`analysis::wire`). A run goes to its end without yielding: the page
//! terminates the worker to cancel it. The page keeps one instance of this module for
//! checks and others for runs, so a long run never delays the live check.

use crate::analysis::wire;
use crate::sim::stream::{
    explore_request, parse_request, Reply, Request, RunRequest, StreamedRun, WARM_UP_PROGRAM,
};
use crate::sim::Event;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The first events go out at once (the page draws its first frame from them); later ones
/// in larger batches, so posting stays a small share of the work.
const REPORT_EVERY_MS: f64 = 60.0;
/// A report never carries more events than this (the page parses each on its own thread).
const MAX_EVENTS_PER_REPORT: usize = 4096;
/// Scheduling steps before the first report, and then between clock reads.
const FIRST_STEPS: u64 = 16;
const STEPS_PER_CHECK: u64 = 256;

pub fn serve() {
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        match ev
            .data()
            .as_string()
            .ok_or_else(|| "a run request must be text".to_owned())
        {
            Ok(text) => match parse_request(&text) {
                Ok(Request::Run(request)) => run(&request),
                Ok(Request::Check(request)) => {
                    post(&Reply::Checked(wire::answer(&request, now_ms)))
                }
                Err(reason) => post(&Reply::Rejected { reason }),
            },
            Err(reason) => post(&Reply::Rejected { reason }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    warm_up();
    post(&Reply::Ready);
}

/// Runs and checks a small program once before saying Ready, so the engine has compiled
/// the simulator's and the checker's hot paths before the learner's first Run (which must
/// draw within 50 ms) and first keystroke.
fn warm_up() {
    let mut run = StreamedRun::new(WARM_UP_PROGRAM, &crate::sim::Config::default());
    while run.advance(STEPS_PER_CHECK).outcome.is_none() {}
    let _ = crate::analysis::check(WARM_UP_PROGRAM, &crate::analysis::Options::default());
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// The worker's performance clock (how long a check took, shown on the page).
fn now_ms() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn post(reply: &Reply) {
    let _ = scope().post_message(&JsValue::from_str(&reply.to_json()));
}

fn run(request: &RunRequest) {
    if let Some(runs) = request.explore {
        let mut next_report = 0.0;
        let due = move || {
            let now = js_sys::Date::now();
            let due = now >= next_report;
            if due {
                next_report = now + REPORT_EVERY_MS;
            }
            due
        };
        explore_request(request, runs, due, |reply| post(&reply));
        return;
    }
    let mut run = StreamedRun::new(&request.code, &request.config());
    let mut pending: Vec<Event> = Vec::new();
    let mut next_report = 0.0;
    let mut steps = FIRST_STEPS;
    loop {
        let chunk = run.advance(steps);
        steps = STEPS_PER_CHECK;
        if let Some(outcome) = chunk.outcome {
            if !pending.is_empty() {
                post(&Reply::Progress {
                    job: request.job,
                    steps: chunk.steps,
                    events: pending,
                });
            }
            post(&Reply::Done {
                job: request.job,
                outcome,
            });
            return;
        }
        pending.extend(chunk.events);
        let now = js_sys::Date::now();
        if now >= next_report || pending.len() >= MAX_EVENTS_PER_REPORT {
            post(&Reply::Progress {
                job: request.job,
                steps: chunk.steps,
                events: std::mem::take(&mut pending),
            });
            next_report = now + REPORT_EVERY_MS;
        }
    }
}
