//! Workers of the checker-and-simulator module (`src/bin/sim_worker.rs`). The page fetches
//! and compiles the module once, on the first worker it starts, and posts the compiled
//! module to each new worker (`sim_worker_loader.js` starts it from there): the checking
//! worker and every run's worker share one download and one compile, and a run cancelled
//! mid-`for {}` is replaced without fetching anything.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Worker;

/// Written beside index.html by Trunk (index.html: the worker's rust link and its loader).
const LOADER_URL: &str = "./sim_worker_loader.js";
const MODULE_URL: &str = "./sim_worker_bg.wasm";

thread_local! {
    /// The module's compilation, shared by every worker of the page.
    static MODULE: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

/// Starts a worker and sends it the module once compiled. The worker says `Ready` when it
/// has started; `on_fail` is told why if the module can't be fetched or compiled.
pub fn start(on_fail: impl FnOnce(String) + 'static) -> Result<Worker, String> {
    let worker = Worker::new(LOADER_URL).map_err(|e| format!("{e:?}"))?;
    let module = module();
    let target = worker.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(module).await {
            // A failure to post shows up as the worker's error event.
            Ok(module) => drop(target.post_message(&module)),
            Err(e) => {
                // The next worker tries again (the network may be back).
                MODULE.with(|m| m.borrow_mut().take());
                on_fail(format!(
                    "{MODULE_URL} could not be loaded: {}",
                    describe(&e)
                ));
            }
        }
    });
    Ok(worker)
}

/// Removes a worker's listeners, before the closures behind them are dropped.
pub fn detach(worker: &Worker) {
    worker.set_onmessage(None);
    worker.set_onerror(None);
}

/// Ends a worker, its listeners first: a worker ended while it loads still fires its
/// error event, which must not reach a dropped closure.
pub fn end(worker: &Worker) {
    detach(worker);
    worker.terminate();
}

fn module() -> js_sys::Promise {
    MODULE.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| wasm_bindgen_futures::future_to_promise(compile()))
            .clone()
    })
}

/// Compiles the module while it downloads; from its bytes when the server doesn't say
/// `application/wasm` (streaming compilation refuses that).
async fn compile() -> Result<JsValue, JsValue> {
    use js_sys::WebAssembly;
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let streamed = WebAssembly::compile_streaming(&window.fetch_with_str(MODULE_URL));
    if let Ok(module) = JsFuture::from(streamed).await {
        return Ok(module);
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(MODULE_URL))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from_str(&format!("HTTP {}", response.status())));
    }
    let bytes = JsFuture::from(response.array_buffer()?).await?;
    JsFuture::from(WebAssembly::compile(&bytes)).await
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
