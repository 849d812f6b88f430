use super::progress_store::use_progress;
use super::{tr, use_lang};
use crate::lessons::Lesson;
use crate::view::diff::{diff_lines, Change};
use crate::view::inline_code::to_html;
use leptos::prelude::*;

/// Hints one at a time, then the solution as a diff against the starter.
#[component]
pub fn HintsAndSolution(lesson: &'static Lesson) -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress().progress;
    let id = lesson.id.as_str();
    let shown = Memo::new(move |_| {
        progress
            .with(|p| p.lesson(id).hints_shown as usize)
            .min(lesson.hints.len())
    });
    let solution_open = RwSignal::new(false);
    let more =
        move |_| progress.update(|p| p.update(id, |l| l.hints_shown = (l.hints_shown + 1).min(3)));
    let hints = move || {
        lesson.hints[..shown.get()]
            .iter()
            .enumerate()
            .map(|(i, h)| view! { <li data-testid="hint"><strong>{format!("{}. ", i + 1)}</strong><span inner_html=move || to_html(h.get(lang.get()))></span></li> })
            .collect_view()
    };
    let diff = move || {
        diff_lines(&lesson.starter_code, &lesson.solution_code)
            .into_iter()
            .map(|l| {
                let (class, sign) = match l.change {
                    Change::Same => ("ll-diff__line", " "),
                    Change::Removed => ("ll-diff__line ll-diff__line--removed", "-"),
                    Change::Added => ("ll-diff__line ll-diff__line--added", "+"),
                };
                let number = l.new_line.or(l.old_line).map_or(String::new(), |n| n.to_string());
                view! { <div class=class><span class="ll-diff__number">{number}</span><span class="ll-diff__sign">{sign}</span>{l.text}</div> }
            })
            .collect_view()
    };
    view! {
        <section class="ll-hints" data-testid="hints">
            <h2 class="ll-hints__title">{move || tr(lang.get(), "Stuck?", "卡住了？")}</h2>
            <ol class="ll-hints__list">{hints}</ol>
            <div class="ll-hints__actions">
                <Show when=move || { shown.get() < lesson.hints.len() }>
                    <button class="ll-button" data-testid="next-hint" on:click=more>
                        {move || match lang.get() {
                            crate::lessons::Lang::En => format!("Show a hint ({} of {})", shown.get() + 1, lesson.hints.len()),
                            crate::lessons::Lang::Zh => format!("看提示（第 {} / {} 条）", shown.get() + 1, lesson.hints.len()),
                        }}
                    </button>
                </Show>
                <button class="ll-button" data-testid="show-solution" aria-expanded=move || solution_open.get().to_string() on:click=move |_| solution_open.update(|o| *o = !*o)>
                    {move || if solution_open.get() { tr(lang.get(), "Hide the solution", "隐藏答案") } else { tr(lang.get(), "Show the solution", "查看答案") }}
                </button>
            </div>
            <Show when=move || solution_open.get()>
                <pre class="ll-diff" data-testid="solution-diff" aria-label="Solution diff">{diff}</pre>
            </Show>
        </section>
    }
}
