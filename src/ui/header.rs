use super::{storage, tr, use_lang};
use crate::lessons::Lang;
use crate::view::route::Route;
use crate::view::theme::Theme;
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
    let theme = RwSignal::new(
        storage::get("theme")
            .as_deref()
            .and_then(Theme::from_code)
            .unwrap_or_default(),
    );
    Effect::new(move |_| {
        let theme = theme.get();
        storage::set("theme", theme.code());
        if let Some(html) = document().document_element() {
            let _ = match theme.attribute() {
                Some(value) => html.set_attribute("data-theme", value),
                None => html.remove_attribute("data-theme"),
            };
        }
    });
    let theme_label = move || match (theme.get(), lang.get()) {
        (Theme::System, l) => tr(l, "Theme: system", "主题：跟随系统"),
        (Theme::Light, l) => tr(l, "Theme: light", "主题：浅色"),
        (Theme::Dark, l) => tr(l, "Theme: dark", "主题：深色"),
    };
    view! {
        <header class="ll-header">
            <a class="ll-header__brand" href=Route::Home.to_hash()>"Go Leak Lab"</a>
            <nav class="ll-header__nav">
                <a href=Route::Home.to_hash()>{move || tr(lang.get(), "Lessons", "课程")}</a>
                <a href=Route::Playground.to_hash()>{move || tr(lang.get(), "Playground", "练习场")}</a>
                <a href=Route::Rules.to_hash()>{move || tr(lang.get(), "Rules", "规则")}</a>
            </nav>
            <button class="ll-header__theme" data-testid="theme" on:click=move |_| theme.update(|t| *t = t.next())>
                {theme_label}
            </button>
            <div class="ll-header__langs" role="group" aria-label="Language / 语言">
                {lang_button(Lang::En, "EN")}
                {lang_button(Lang::Zh, "中文")}
            </div>
        </header>
    }
}
