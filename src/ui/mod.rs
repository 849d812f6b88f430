//! The browser UI (wasm32 only): thin Leptos components that render the pure view models
//! of `crate::view` and call the core. No analysis or simulation logic lives here.

mod app;
mod bench;
mod editor;
mod exercise_panel;
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
mod solution;
mod storage;
mod workspace;

use crate::lessons::{self, Lang, Lesson};
use leptos::prelude::*;
use std::sync::OnceLock;

pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

/// Every lesson, loaded once; a content error is shown on the page, never a panic.
pub(crate) fn all_lessons() -> &'static Result<Vec<Lesson>, Vec<String>> {
    static LESSONS: OnceLock<Result<Vec<Lesson>, Vec<String>>> = OnceLock::new();
    LESSONS.get_or_init(lessons::load_all)
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
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}
