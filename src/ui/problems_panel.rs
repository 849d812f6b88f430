use super::content::RuleDocText;
use super::{tr, use_lang};
use crate::analysis::Report;
use crate::view::inline_code::to_html;
use crate::view::problems::problems;
use leptos::prelude::*;

/// The list of syntax errors and leak diagnostics: click to jump to the line, "Why?" for
/// the rule's documentation, "Apply fix" when the rule offers a mechanical fix.
#[component]
pub fn ProblemsPanel(
    #[prop(into)] report: Signal<Report>,
    /// How long the last check took, in milliseconds (shown to tests as a data attribute).
    #[prop(into)]
    check_ms: Signal<f64>,
    /// False until the checker's first reply (the list is not known yet).
    #[prop(into)]
    replied: Signal<bool>,
    on_jump: Callback<(usize, usize)>,
    /// Called with the index of the diagnostic whose fix to apply.
    on_apply_fix: Callback<usize>,
) -> impl IntoView {
    let lang = use_lang();
    let list = Memo::new(move |_| report.with(problems));
    let item = move |p: crate::view::problems::Problem| {
        let (line, column) = (p.line, p.column);
        let has_fix = p.diagnostic.is_some_and(|i| {
            report.with_untracked(|r| r.diagnostics.get(i).is_some_and(|d| d.fix.is_some()))
        });
        let fix_title = p.diagnostic.and_then(|i| {
            report.with_untracked(|r| {
                r.diagnostics
                    .get(i)
                    .and_then(|d| d.fix.as_ref().map(|f| f.title.clone()))
            })
        });
        // Every diagnostic comes from a rule, and every rule has a doc (tests/rules.rs).
        let doc = p.diagnostic.is_some().then(|| p.rule.clone());
        let diagnostic = p.diagnostic;
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
                    <span class="ll-problem__message" inner_html=to_html(&p.message)></span>
                </button>
                <div class="ll-problem__actions">
                    {has_fix.then(|| view! {
                        <button
                            class="ll-button ll-button--small"
                            data-testid="apply-fix"
                            title=fix_title.clone().unwrap_or_default()
                            on:click=move |_| { if let Some(i) = diagnostic { on_apply_fix.run(i) } }
                        >
                            {move || tr(lang.get(), "Apply fix", "应用修复")}
                        </button>
                    })}
                    {doc.map(|id| {
                        let opened = RwSignal::new(false);
                        view! {
                            <details class="ll-problem__why" data-testid="why" on:toggle=move |_| opened.set(true)>
                                <summary>{move || tr(lang.get(), "Why?", "为什么？")}</summary>
                                <Show when=move || opened.get()>
                                    <RuleDocText rule=id.clone()/>
                                </Show>
                            </details>
                        }
                    })}
                </div>
            </li>
        }
    };
    view! {
        <section class="ll-problems" data-testid="problems" data-check-ms=move || format!("{:.3}", check_ms.get())>
            <h2 class="ll-problems__title">
                {move || tr(lang.get(), "Problems", "问题")}
                <span class="ll-problems__count" data-testid="problem-count">{move || list.with(Vec::len)}</span>
            </h2>
            <Show
                when=move || list.with(|l| !l.is_empty())
                fallback=move || if replied.get() {
                    view! {
                        <p class="ll-problems__clean" data-testid="no-problems">
                            {move || tr(lang.get(), "No syntax errors, and none of the leak patterns this checker knows. That is not a proof: press Run to see what the program does.", "没有语法错误，也没有本检查器认得的泄漏模式。但这不能证明没有泄漏：点击运行，看看程序实际做了什么。")}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p class="ll-problems__clean" role="status" data-testid="checking">
                            {move || tr(lang.get(), "Checking…", "检查中…")}
                        </p>
                    }.into_any()
                }
            >
                <ul class="ll-problems__list">
                    {move || list.get().into_iter().map(item).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
