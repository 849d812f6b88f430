use super::{tr, use_lang};
use crate::lessons::Lang;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let lang_button = move |target: Lang, label: &'static str| {
        view! {
            <button
                class="ll-header__lang"
                class:ll-header__lang--active=move || lang.get() == target
                aria-pressed=move || (lang.get() == target).to_string()
                data-testid=format!("lang-{}", target.code())
                on:click=move |_| lang.set(target)
            >
                {label}
            </button>
        }
    };
    view! {
        <header class="ll-header">
            <a class="ll-header__brand" href="#/">"Go Leak Lab"</a>
            <nav class="ll-header__nav">
                <a href="#/">{move || tr(lang.get(), "Lessons", "课程")}</a>
            </nav>
            <div class="ll-header__langs" role="group" aria-label="Language / 语言">
                {lang_button(Lang::En, "EN")}
                {lang_button(Lang::Zh, "中文")}
            </div>
        </header>
    }
}
