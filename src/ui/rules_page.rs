use super::content::{loaded, rule_docs, ContentStatus};
use super::{tr, use_lang};
use crate::lessons::content::RuleDoc;
use crate::view::inline_code::to_html;
use leptos::prelude::*;

/// Every rule with its documentation, from `content/rules.json` (the page's wasm carries
/// neither the rules nor their docs).
#[component]
pub fn RulesPage() -> impl IntoView {
    let lang = use_lang();
    let docs = loaded(rule_docs());
    let rule = move |doc: &'static RuleDoc| {
        let severity = doc.severity.as_str();
        view! {
            <li class="ll-rule" id=format!("rule-{}", doc.id) data-testid="rule" data-rule=doc.id.clone()>
                <h2 class="ll-rule__id"><code>{doc.id.clone()}</code> <span class=format!("ll-badge ll-badge--{severity}")>{severity}</span></h2>
                <p class="ll-rule__summary" inner_html=to_html(&doc.summary)></p>
                <details class="ll-rule__doc">
                    <summary>{move || tr(lang.get(), "Documentation", "说明文档")}</summary>
                    <div class="ll-prose ll-prose--doc" inner_html=doc.html.clone()></div>
                </details>
            </li>
        }
    };
    view! {
        <section class="ll-page ll-rules" data-testid="rules-page">
            <h1>{move || tr(lang.get(), "Leak rules", "泄漏检查规则")}</h1>
            <p class="ll-home__intro" inner_html=move || to_html(tr(lang.get(), "What the checker looks for. The same rules run in the editor and in `leaklab check`.", "检查器会找什么。编辑器和 `leaklab check` 使用同一套规则。"))></p>
            {move || match docs.get() {
                None => view! { <ContentStatus error=None/> }.into_any(),
                Some(Err(e)) => view! { <ContentStatus error=Some(e)/> }.into_any(),
                Some(Ok(docs)) => view! {
                    <ul class="ll-rules__list">{docs.iter().map(rule).collect_view()}</ul>
                }.into_any(),
            }}
        </section>
    }
}
