//! "Be the scheduler": the Run panel runs the editor's program one statement at a time and
//! the learner picks which goroutine goes next (a button per goroutine, or keys 1–9); each
//! pick re-runs the program from the start under the longer manual schedule, which the
//! simulator replays exactly (the Run panel's key handler turns keys 1–9 into clicks on
//! the choice buttons). The panel is one markup string with a delegated click (a
//! tree of reactive views would cost the page's wasm far more).

use super::use_lang;
use crate::lessons::challenge::Goal;
use crate::sim::Outcome;
use crate::view::scheduler::panel_html;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// What the learner did in the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchedulerAction {
    /// Enter scheduler mode, or start again from the first pick.
    Start,
    Undo,
    Leave,
    Pick(u32),
}

#[component]
pub fn SchedulerPanel(
    /// The learner's picks; `None` outside scheduler mode. Read when `outcome` changes.
    picks: StoredValue<Option<Vec<u32>>>,
    /// Bumped when `picks` change without a run (leaving the mode).
    tick: RwSignal<u32>,
    /// The manual run's outcome (absent while it runs).
    outcome: Signal<Option<Arc<Outcome>>>,
    /// The challenge's goal, on a challenge's own program.
    goal: Option<Goal>,
    on_action: Callback<SchedulerAction>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div on:click=move |ev| {
            let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("button").ok().flatten())
            else {
                return;
            };
            let action = match (el.get_attribute("data-action").as_deref(), el.get_attribute("data-pick")) {
                (Some("start"), _) => SchedulerAction::Start,
                (Some("undo"), _) => SchedulerAction::Undo,
                (Some("leave"), _) => SchedulerAction::Leave,
                (_, Some(g)) => match g.parse() {
                    Ok(g) => SchedulerAction::Pick(g),
                    Err(_) => return,
                },
                _ => return,
            };
            on_action.run(action);
        } inner_html=move || {
            tick.track();
            let o = outcome.get();
            picks.with_value(|p| panel_html(p.as_deref(), o.as_deref(), goal, lang.get()))
        }></div>
    }
}
