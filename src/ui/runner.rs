//! Simulations run in the simulation worker (`src/bin/sim_worker.rs`, a second wasm module
//! loaded on demand): the simulator stays out of the page's first load, a long or endless
//! program never blocks the page, and events arrive while the run goes on. Each `Runner`
//! holds one worker; a newer run or Cancel while it is busy terminates it (instantly, even
//! mid-`for {}`) and a fresh one takes the next run. Idle, loaded workers outlive the page
//! that used them (a small pool), so the next lesson's first Run doesn't wait for a load.

use super::worker_module;
use crate::sim::stream::{assemble, ExploreSummary, Reply, Request, RunRequest};
use crate::sim::{Config, Event, Outcome};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

type ProgressFn = Box<dyn Fn(u64, &[Event])>;
type DoneFn = Box<dyn FnOnce(Arc<Outcome>)>;
/// Told the counts so far (`true` on the last), or why the exploration could not run.
type ExploreFn = Rc<dyn Fn(Result<Arc<ExploreSummary>, String>, bool)>;

#[derive(Clone, Default)]
pub struct Runner {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Default)]
struct Inner {
    worker: Option<Worker>,
    ready: bool,
    busy: bool,
    job: u64,
    /// The request waiting for the worker to finish loading.
    queued: Option<String>,
    /// Events of the current job so far.
    events: Vec<Event>,
    on_progress: Option<Rc<ProgressFn>>,
    on_done: Option<DoneFn>,
    on_explore: Option<ExploreFn>,
    /// Told when a worker has loaded (the page shows it to tests).
    on_ready: Option<Rc<dyn Fn()>>,
    handlers: Option<Handlers>,
}

struct Handlers {
    _message: Closure<dyn FnMut(MessageEvent)>,
    _error: Closure<dyn FnMut(ErrorEvent)>,
}

/// Loaded workers kept for the next page.
const POOL_SIZE: usize = 2;

thread_local! {
    static IDLE: RefCell<Vec<Worker>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Inner {
    fn drop(&mut self) {
        let Some(w) = self.worker.take() else {
            return;
        };
        if self.busy || !self.ready {
            worker_module::end(&w);
            return;
        }
        // The listeners go with `self`; the next page's runner sets its own.
        worker_module::detach(&w);
        IDLE.with(|idle| {
            let mut idle = idle.borrow_mut();
            if idle.len() < POOL_SIZE {
                idle.push(w);
            } else {
                w.terminate();
            }
        });
    }
}

impl Runner {
    /// Starts loading the worker now, so the first Run doesn't wait for it;
    /// `on_ready` is called whenever a loaded worker is ready for runs.
    pub fn warm(&self, on_ready: impl Fn() + 'static) {
        let mut inner = self.inner.borrow_mut();
        inner.on_ready = Some(Rc::new(on_ready));
        if inner.worker.is_none() {
            // A failure here shows again, with its message, on the first Run.
            let _ = spawn(&self.inner, &mut inner);
        }
        let ready = inner.ready.then(|| inner.on_ready.clone()).flatten();
        drop(inner);
        if let Some(ready) = ready {
            ready();
        }
    }

    /// Simulates `code`: `on_progress(steps, events so far)` while it runs,
    /// `on_done(outcome)` at the end.
    pub fn start(
        &self,
        code: &str,
        config: &Config,
        on_progress: impl Fn(u64, &[Event]) + 'static,
        on_done: impl FnOnce(Arc<Outcome>) + 'static,
    ) {
        let mut inner = self.inner.borrow_mut();
        if inner.busy {
            stop_worker(&mut inner);
        }
        inner.job += 1;
        inner.events.clear();
        inner.on_progress = Some(Rc::new(Box::new(on_progress)));
        inner.on_done = Some(Box::new(on_done));
        inner.on_explore = None;
        let request = RunRequest {
            job: inner.job,
            code: code.to_owned(),
            go_version: config.go_version,
            seed: config.seed,
            schedule: Some(config.schedule()),
            explore: None,
            max_steps: Some(config.budgets.max_steps),
        };
        drop(inner);
        self.send(request);
    }

    /// Simulates `code` under `runs` schedules: `on_update(counts so far, finished)`.
    pub fn explore(
        &self,
        code: &str,
        config: &Config,
        runs: u32,
        on_update: impl Fn(Result<Arc<ExploreSummary>, String>, bool) + 'static,
    ) {
        let mut inner = self.inner.borrow_mut();
        if inner.busy {
            stop_worker(&mut inner);
        }
        inner.job += 1;
        inner.events.clear();
        inner.on_progress = None;
        inner.on_done = None;
        inner.on_explore = Some(Rc::new(on_update));
        let request = RunRequest {
            job: inner.job,
            code: code.to_owned(),
            go_version: config.go_version,
            seed: config.seed,
            schedule: None,
            explore: Some(runs),
            max_steps: None,
        };
        drop(inner);
        self.send(request);
    }

    fn send(&self, request: RunRequest) {
        let mut inner = self.inner.borrow_mut();
        let text = Request::Run(request).to_json();
        inner.busy = true;
        if inner.worker.is_none() {
            if let Err(why) = spawn(&self.inner, &mut inner) {
                let done = take_failed(&mut inner);
                drop(inner);
                finish_failed(done, &why);
                return;
            }
        }
        if inner.ready {
            post(&inner, &text);
        } else {
            inner.queued = Some(text);
        }
    }

    pub fn cancel(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.on_progress = None;
        inner.on_done = None;
        inner.on_explore = None;
        if inner.busy {
            stop_worker(&mut inner);
        }
    }
}

fn stop_worker(inner: &mut Inner) {
    if let Some(w) = inner.worker.take() {
        worker_module::end(&w);
    }
    inner.handlers = None;
    inner.ready = false;
    inner.busy = false;
    inner.queued = None;
}

fn post(inner: &Inner, text: &str) {
    if let Some(w) = &inner.worker {
        // A failure shows up as the worker's error event.
        let _ = w.post_message(&JsValue::from_str(text));
    }
}

fn spawn(shared: &Rc<RefCell<Inner>>, inner: &mut Inner) -> Result<(), String> {
    let (worker, ready) = match IDLE.with(|idle| idle.borrow_mut().pop()) {
        Some(w) => (w, true),
        None => {
            let weak = Rc::downgrade(shared);
            let on_fail = move |why: String| on_reply(&weak, Err(why));
            (worker_module::start(on_fail)?, false)
        }
    };
    inner.ready = ready;
    let weak = Rc::downgrade(shared);
    let message = Closure::<dyn FnMut(MessageEvent)>::new({
        let weak = weak.clone();
        move |ev: MessageEvent| {
            let reply = match ev.data().as_string() {
                Some(text) => Reply::from_json(&text),
                None => Err("the worker sent something other than text".to_owned()),
            };
            on_reply(&weak, reply);
        }
    });
    let error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        ev.prevent_default();
        on_reply(&weak, Err(ev.message()));
    });
    worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(error.as_ref().unchecked_ref()));
    inner.worker = Some(worker);
    inner.handlers = Some(Handlers {
        _message: message,
        _error: error,
    });
    Ok(())
}

/// Stops a worker that can't run the job; returns the job's callback, to be called once
/// the runner is no longer borrowed (it may start another run).
fn take_failed(inner: &mut Inner) -> (Option<DoneFn>, Option<ExploreFn>) {
    let done = inner.on_done.take();
    let explore = inner.on_explore.take();
    inner.on_progress = None;
    stop_worker(inner);
    (done, explore)
}

/// Ends a job the worker couldn't run with a clear message (never a made-up result).
fn finish_failed((done, explore): (Option<DoneFn>, Option<ExploreFn>), why: &str) {
    let message = format!("leaklab: the simulator could not run in this browser ({why})");
    if let Some(done) = done {
        done(Arc::new(Outcome::not_run(&message)));
    }
    if let Some(explore) = explore {
        explore(Err(message), true);
    }
}

fn on_reply(weak: &Weak<RefCell<Inner>>, reply: Result<Reply, String>) {
    let Some(shared) = weak.upgrade() else {
        return;
    };
    let mut inner = shared.borrow_mut();
    match reply {
        Ok(Reply::Ready) => {
            inner.ready = true;
            if let Some(text) = inner.queued.take() {
                post(&inner, &text);
            }
            let ready = inner.on_ready.clone();
            drop(inner);
            if let Some(ready) = ready {
                ready();
            }
        }
        Ok(Reply::Progress { job, steps, events }) if job == inner.job && inner.busy => {
            inner.events.extend(events);
            let Some(progress) = inner.on_progress.clone() else {
                return;
            };
            let events = std::mem::take(&mut inner.events);
            drop(inner);
            progress(steps, &events);
            // The callback may have started a new run meanwhile: keep these only if not.
            let mut inner = shared.borrow_mut();
            if inner.job == job && inner.events.is_empty() {
                inner.events = events;
            }
        }
        Ok(Reply::Done { job, outcome }) if job == inner.job && inner.busy => {
            inner.busy = false;
            inner.on_progress = None;
            let streamed = std::mem::take(&mut inner.events);
            let done = inner.on_done.take();
            drop(inner);
            if let Some(done) = done {
                done(Arc::new(assemble(streamed, outcome)));
            }
        }
        Ok(Reply::Explored { job, summary, done }) if job == inner.job && inner.busy => {
            if done {
                inner.busy = false;
            }
            let update = if done {
                inner.on_explore.take()
            } else {
                inner.on_explore.clone()
            };
            drop(inner);
            if let Some(update) = update {
                update(Ok(Arc::new(summary)), done);
            }
        }
        // Replies of an abandoned job (checks go to `ui::checker`'s worker).
        Ok(
            Reply::Progress { .. }
            | Reply::Done { .. }
            | Reply::Explored { .. }
            | Reply::Checked(_),
        ) => {}
        Ok(Reply::Rejected { reason: why }) | Err(why) => {
            let done = take_failed(&mut inner);
            drop(inner);
            finish_failed(done, &why);
        }
    }
}
