use super::content::RuleDocText;
use super::{tr, use_lang};
use crate::analysis::rules;
use leptos::prelude::*;

/// Every rule with its documentation.
#[component]
pub fn RulesPage() -> impl IntoView {
    let lang = use_lang();
    let items = rules::ALL
        .iter()
        .map(|rule| {
            let m = rule.meta();
            view! {
                <li class="ll-rule" id=format!("rule-{}", m.id) data-testid="rule" data-rule=m.id>
                    <h2 class="ll-rule__id"><code>{m.id}</code> <span class=format!("ll-badge ll-badge--{}", m.severity.as_str())>{m.severity.as_str()}</span></h2>
                    <p class="ll-rule__summary">{m.summary}</p>
                    <details class="ll-rule__doc">
                        <summary>{move || tr(lang.get(), "Documentation", "说明文档")}</summary>
                        <RuleDocText rule=m.id/>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="ll-page ll-rules" data-testid="rules-page">
            <h1>{move || tr(lang.get(), "Leak rules", "泄漏检查规则")}</h1>
            <p class="ll-home__intro">
                {move || tr(lang.get(), "What the checker looks for. The same rules run in the editor and in `leaklab check`.", "检查器会找什么。编辑器和 `leaklab check` 使用同一套规则。")}
            </p>
            <ul class="ll-rules__list">{items}</ul>
        </section>
    }
}
