//! The live check runs in a worker: the page's wasm carries no parser, so the home page
//! loads without one and a lesson page fetches tree-sitter once, in the worker's wasm (the
//! simulator's module, instantiated once more for checks). One checking worker per page,
//! started by the first check and kept, so its analyzer re-parses incrementally from one
//! request to the next. Callers keep at most one request in flight (`LiveCheck`), so a
//! burst of keystrokes costs one check per reply, never a queue.

use crate::analysis::wire::{CheckReply, CheckRequest};
use crate::analysis::GoVersion;
use crate::sim::stream::{Reply, Request};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

type Waiter = Box<dyn FnOnce(Result<CheckReply, String>)>;
/// The worker's listeners, kept alive as long as the worker.
type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(ErrorEvent)>,
);

#[derive(Default)]
struct Checker {
    worker: Option<Worker>,
    ready: bool,
    /// Requests posted before the worker said Ready.
    queued: Vec<String>,
    next_id: u64,
    /// Callers waiting for a reply, by request id.
    waiting: Vec<(u64, Waiter)>,
    handlers: Option<Handlers>,
}

thread_local! {
    static CHECKER: RefCell<Checker> = RefCell::new(Checker::default());
}

/// Checks `code` in the worker; `done` gets the report and highlighting of exactly this
/// text, or why the check could not run (the worker failed to load or died).
pub fn check(
    code: String,
    go_version: GoVersion,
    done: impl FnOnce(Result<CheckReply, String>) + 'static,
) {
    let done: Waiter = Box::new(done);
    let started = CHECKER.with(move |c| {
        let mut c = c.borrow_mut();
        if c.worker.is_none() {
            if let Err(why) = spawn(&mut c) {
                return Err((why, done));
            }
        }
        c.next_id += 1;
        let id = c.next_id;
        let text = Request::Check(CheckRequest {
            id,
            code,
            go_version,
        })
        .to_json();
        c.waiting.push((id, done));
        if c.ready {
            post(&c, &text);
        } else {
            c.queued.push(text);
        }
        Ok(())
    });
    if let Err((why, done)) = started {
        done(Err(why));
    }
}

/// [`check`] as a future (the latency benchmark awaits one round trip after another).
pub async fn check_async(code: &str, go_version: GoVersion) -> Result<CheckReply, String> {
    let slot = Rc::new(RefCell::new(None));
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let slot = slot.clone();
        check(code.to_owned(), go_version, move |result| {
            *slot.borrow_mut() = Some(result);
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
    });
    let _ = JsFuture::from(promise).await;
    let result = slot.borrow_mut().take();
    result.unwrap_or_else(|| Err(CHECKER_UNAVAILABLE.to_owned()))
}

const CHECKER_UNAVAILABLE: &str = "the checker could not start in this browser";

fn spawn(c: &mut Checker) -> Result<(), String> {
    let worker = super::worker_module::start(|why| report_failure(&why))
        .map_err(|e| format!("{CHECKER_UNAVAILABLE} ({e})"))?;
    let message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let reply = match ev.data().as_string() {
            Some(text) => Reply::from_json(&text),
            None => Err("the checker sent something other than text".to_owned()),
        };
        on_reply(reply);
    });
    let error = Closure::<dyn FnMut(ErrorEvent)>::new(|ev: ErrorEvent| {
        ev.prevent_default();
        report_failure(&format!("the checker stopped: {}", ev.message()));
    });
    worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(error.as_ref().unchecked_ref()));
    c.worker = Some(worker);
    c.ready = false;
    c.handlers = Some((message, error));
    Ok(())
}

fn post(c: &Checker, text: &str) {
    if let Some(w) = &c.worker {
        // A failure shows up as the worker's error event.
        let _ = w.post_message(&JsValue::from_str(text));
    }
}

fn on_reply(reply: Result<Reply, String>) {
    match reply {
        Ok(Reply::Ready) => CHECKER.with(|c| {
            let mut c = c.borrow_mut();
            c.ready = true;
            for text in std::mem::take(&mut c.queued) {
                post(&c, &text);
            }
        }),
        Ok(Reply::Checked(reply)) => {
            let waiter = CHECKER.with(|c| {
                let mut c = c.borrow_mut();
                let at = c.waiting.iter().position(|(id, _)| *id == reply.id)?;
                Some(c.waiting.remove(at).1)
            });
            // Called with the checker unborrowed: it may ask for the next check.
            if let Some(waiter) = waiter {
                waiter(Ok(reply));
            }
        }
        Ok(Reply::Rejected { reason }) => report_failure(&reason),
        Ok(other) => report_failure(&format!("the checker sent an unexpected reply: {other:?}")),
        Err(why) => report_failure(&why),
    }
}

/// Stops the worker and tells every waiting caller why; the next check starts a new one.
fn report_failure(why: &str) {
    let waiting = CHECKER.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(w) = c.worker.take() {
            super::worker_module::end(&w);
        }
        c.handlers = None;
        c.ready = false;
        c.queued.clear();
        std::mem::take(&mut c.waiting)
    });
    for (_, waiter) in waiting {
        waiter(Err(why.to_owned()));
    }
}
