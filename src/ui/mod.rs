//! The browser UI (wasm32 only): thin Leptos components that render the pure view models
//! of `crate::view` and call the core. No analysis or simulation logic lives here.

mod app;
mod bench;
mod checker;
mod content;
mod editor;
mod embed;
mod exercise_panel;
mod explore_panel;
mod header;
mod home;
mod lesson_page;
mod not_found;
mod playground;
mod problems_panel;
mod progress_store;
mod rules_page;
mod run_panel;
mod runner;
mod scheduler_panel;
mod share;
pub mod sim_worker;
mod solution;
mod storage;
mod worker_module;
mod workspace;

use crate::lessons::Lang;
use leptos::prelude::*;

pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    register_service_worker();
}

/// Offline support: `sw.js` (written by scripts/finish-dist.mjs) caches the whole app after
/// the first visit. Only over http(s); a browser without service workers just stays online.
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let secure_enough = window
        .location()
        .protocol()
        .is_ok_and(|p| p == "https:" || p == "http:");
    let supported =
        js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false);
    if secure_enough && supported {
        // Failure (e.g. an insecure origin) only means no offline cache.
        let _ = window.navigator().service_worker().register("./sw.js");
    }
}

/// The learner's language, shared through context.
#[derive(Clone, Copy)]
pub(crate) struct LangContext(pub RwSignal<Lang>);

pub(crate) fn use_lang() -> RwSignal<Lang> {
    expect_context::<LangContext>().0
}

/// Milliseconds from the page's performance clock (for the latency shown to tests).
pub(crate) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A UI string in both languages.
pub(crate) fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    lang.pick(en, zh)
}
