use super::embed::EmbedPage;
use super::header::Header;
use super::home::Home;
use super::lesson_page::LessonPage;
use super::not_found::NotFound;
use super::playground::Playground;
use super::rules_page::RulesPage;
use super::{storage, tr, LangContext};
use crate::lessons::Lang;
use crate::view::route::{page_title, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn current_route() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::from_hash(&hash)
}

fn initial_lang() -> Lang {
    if let Some(lang) = storage::get("lang").as_deref().and_then(Lang::from_code) {
        return lang;
    }
    let browser = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    if browser.starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

#[component]
pub fn App() -> impl IntoView {
    let route = RwSignal::new(current_route());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = current_route();
        // A new page starts at its top, not at the previous page's scroll position.
        if route.with_untracked(|r| *r != next) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        route.set(next);
    });
    on_cleanup(move || listener.remove());

    let lang = RwSignal::new(initial_lang());
    provide_context(LangContext(lang));
    let embedded = move || matches!(route.get(), Route::Embed(_));
    Effect::new(move |_| {
        let lang = lang.get();
        // An embed's `lang=` option is the wiki's choice, not the learner's preference.
        if !embedded() {
            storage::set("lang", lang.code());
        }
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", if lang == Lang::Zh { "zh-CN" } else { "en" });
        }
    });

    // Lesson pages set their own title once the lesson is loaded.
    Effect::new(move |_| {
        let r = route.get();
        if !matches!(r, Route::Lesson(_) | Route::Embed(_)) {
            document().set_title(&page_title(&r, lang.get(), None));
        }
    });

    super::progress_store::provide_progress();
    let notices = super::progress_store::use_progress().warnings;

    // Keyboard users skip the header: to the page's code if it has an editor, else its content.
    let skip = move |_| {
        let target = document()
            .query_selector("[data-testid=editor]")
            .ok()
            .flatten()
            .or_else(|| document().query_selector("main").ok().flatten());
        if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    };
    view! {
        <Show when=move || !embedded()>
            <button class="ll-button ll-skip" data-testid="skip" on:click=skip>
                {move || match route.get() {
                    Route::Lesson(_) | Route::Playground => tr(lang.get(), "Skip to the code", "跳到代码"),
                    _ => tr(lang.get(), "Skip to the content", "跳到正文"),
                }}
            </button>
            <Header/>
        </Show>
        <Show when=move || notices.with(|w| !w.is_empty())>
            <div class="ll-notice" role="status" data-testid="notice">
                <ul>{move || notices.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                <button class="ll-button ll-button--small" on:click=move |_| notices.set(Vec::new())>"OK"</button>
            </div>
        </Show>
        <main class="ll-main" tabindex="-1">
            {move || match route.get() {
                Route::Home => view! { <Home/> }.into_any(),
                Route::Lesson(id) => view! { <LessonPage id=id/> }.into_any(),
                Route::Embed(id) => view! { <EmbedPage id=id/> }.into_any(),
                Route::Playground => view! { <Playground/> }.into_any(),
                Route::Rules => view! { <RulesPage/> }.into_any(),
                Route::NotFound(path) => view! { <NotFound path=path/> }.into_any(),
            }}
        </main>
    }
}
