//! "Try N schedules": the worker explores the editor's program under many schedules; the
//! panel shows the endings as bars and loads a failing schedule into the timeline.

use super::runner::Runner;
use super::{tr, use_lang};
use crate::analysis::GoVersion;
use crate::sim::stream::ExploreSummary;
use crate::sim::{Config, Schedule};
use crate::view::explore::{explore_view, results_html};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

const CHOICES: [u32; 3] = [50, 200, 1000];
const DEFAULT_RUNS: u32 = 200;

#[derive(Clone)]
enum ExploreState {
    Idle,
    Running(Option<Arc<ExploreSummary>>),
    Done(Arc<ExploreSummary>),
    Failed(String),
}

#[component]
pub fn SchedulesPanel(
    code: Signal<String>,
    go_version: RwSignal<GoVersion>,
    /// Runs one schedule in the Run panel (its timeline shows it).
    on_load: Callback<Schedule>,
    /// The schedule the timeline shows, if it is not the default run.
    loaded: RwSignal<Option<Schedule>>,
) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(ExploreState::Idle);
    let runs = RwSignal::new(DEFAULT_RUNS);
    let runner = StoredValue::new_local(Runner::default());
    let start = move || {
        state.set(ExploreState::Running(None));
        let config = Config {
            go_version: go_version.get_untracked(),
            ..Config::default()
        };
        runner.with_value(|r| {
            r.explore(
                &code.get_untracked(),
                &config,
                runs.get_untracked(),
                move |reply, done| {
                    state.set(match (reply, done) {
                        (Ok(s), true) => ExploreState::Done(s),
                        (Ok(s), false) => ExploreState::Running(Some(s)),
                        (Err(why), _) => ExploreState::Failed(why),
                    })
                },
            )
        });
    };
    let cancel = move || {
        runner.with_value(Runner::cancel);
        state.set(ExploreState::Idle);
    };
    // A memo, so progress updates don't re-create the Cancel button under the pointer.
    let running = Memo::new(move |_| matches!(state.get(), ExploreState::Running(_)));
    let shown = Memo::new(move |_| match state.get() {
        ExploreState::Running(Some(s)) | ExploreState::Done(s) => {
            Some(explore_view(&s, lang.get()))
        }
        _ => None,
    });
    view! {
        <div class="ll-explore" data-testid="explore" data-state=move || match state.get() {
            ExploreState::Idle => "idle",
            ExploreState::Running(_) => "running",
            ExploreState::Done(_) => "done",
            ExploreState::Failed(_) => "failed",
        }>
            <div class="ll-explore__bar">
                <button class="ll-button" data-testid="explore-run" disabled=move || running.get() on:click=move |_| start()>
                    {move || tr(lang.get(), "Try schedules", "尝试多种调度")}
                </button>
                <select data-testid="explore-runs" aria-label=move || tr(lang.get(), "Number of schedules", "调度数量")
                    on:change=move |ev| runs.set(event_target_value(&ev).parse().unwrap_or(DEFAULT_RUNS))>
                    {CHOICES.into_iter().map(|n| view! { <option value=n.to_string() selected=n == DEFAULT_RUNS>{n.to_string()}</option> }).collect_view()}
                </select>
                <Show when=move || running.get()>
                    <progress class="ll-explore__progress" data-testid="explore-progress"
                        max=move || runs.get().to_string()
                        value=move || shown.get().map_or(0, |v| v.done).to_string()></progress>
                    <button class="ll-button" data-testid="explore-cancel" on:click=move |_| cancel()>
                        {move || tr(lang.get(), "Cancel", "取消")}
                    </button>
                </Show>
            </div>
            {move || match state.get() {
                ExploreState::Failed(why) => Some(view! { <p class="ll-explore__error" role="alert">{why}</p> }),
                _ => None,
            }}
            <div aria-live="polite" on:click=move |ev| {
                let token = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("[data-token]").ok().flatten())
                    .and_then(|el| el.get_attribute("data-token"));
                if let Some(schedule) = token.and_then(|t| Schedule::parse(&t).ok()) {
                    on_load.run(schedule);
                }
            } inner_html=move || shown.get().map(|v| results_html(&v, lang.get(), loaded.get())).unwrap_or_default()></div>
        </div>
    }
}
