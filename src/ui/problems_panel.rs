use super::{tr, use_lang};
use crate::analysis::Report;
use crate::view::problems::problems;
use leptos::prelude::*;

/// The list of syntax errors and leak diagnostics; a click jumps to the line.
#[component]
pub fn ProblemsPanel(
    report: ReadSignal<Report>,
    /// How long the last check took, in milliseconds (shown to tests as a data attribute).
    check_ms: ReadSignal<f64>,
    on_jump: Callback<(usize, usize)>,
) -> impl IntoView {
    let lang = use_lang();
    let list = Memo::new(move |_| report.with(problems));
    view! {
        <section class="ll-problems" data-testid="problems" data-check-ms=move || format!("{:.3}", check_ms.get())>
            <h2 class="ll-problems__title">
                {move || tr(lang.get(), "Problems", "问题")}
                <span class="ll-problems__count" data-testid="problem-count">{move || list.with(Vec::len)}</span>
            </h2>
            <Show
                when=move || list.with(|l| !l.is_empty())
                fallback=move || view! {
                    <p class="ll-problems__clean" data-testid="no-problems">
                        {move || tr(lang.get(), "No syntax errors and no leak patterns found.", "没有语法错误,也没有发现泄漏模式。")}
                    </p>
                }
            >
                <ul class="ll-problems__list">
                    {move || list.get().into_iter().map(|p| {
                        let (line, column) = (p.line, p.column);
                        view! {
                            <li
                                class=format!("ll-problem ll-problem--{}", p.severity.as_str())
                                data-testid="diagnostic"
                                data-rule=p.rule.clone()
                                data-line=p.line.to_string()
                            >
                                <button class="ll-problem__jump" on:click=move |_| on_jump.run((line, column))>
                                    <span class="ll-problem__location">{p.location()}</span>
                                    <span class="ll-problem__rule">{p.rule.clone()}</span>
                                    <span class="ll-problem__message">{p.message.clone()}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
