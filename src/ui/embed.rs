//! A lesson inside another site (a wiki's iframe): no site chrome, options from the URL
//! (`view::share::EmbedOptions`), and the page's height posted to the parent so the
//! iframe can fit it: `{"source":"leaklab","type":"resize","lesson":<id>,"height":<px>}`.

use super::content::{self, ContentStatus};
use super::share::{app_url, current_hash};
use super::workspace::Workspace;
use super::{storage, tr, use_lang};
use crate::lessons::Lesson;
use crate::view::share::{open_fragment, query, resize_message, EmbedOptions};
use crate::view::theme::Theme;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn EmbedPage(id: String) -> impl IntoView {
    let options = EmbedOptions::from_params(&query(&current_hash()));
    if let Some(lang) = options.lang {
        use_lang().set(lang);
    }
    // No site header (and so no theme toggle) in an embed: the option, else the reader's
    // saved theme (same-site embeds share it), else the system's.
    let theme = options
        .theme
        .or_else(|| storage::get("theme").as_deref().and_then(Theme::from_code));
    if let (Some(theme), Some(html)) = (theme, document().document_element()) {
        let _ = match theme.attribute() {
            Some(value) => html.set_attribute("data-theme", value),
            None => html.remove_attribute("data-theme"),
        };
    }
    report_height(id.clone());
    let lesson = content::loaded({
        let id = id.clone();
        async move { content::lesson(&id).await }
    });
    move || match lesson.get() {
        None => view! { <ContentStatus error=None/> }.into_any(),
        Some(Err(e)) => view! { <ContentStatus error=Some(e)/> }.into_any(),
        Some(Ok(Some(lesson))) => {
            view! { <EmbedView lesson=lesson options=options.clone()/> }.into_any()
        }
        Some(Ok(None)) => view! {
            <p class="ll-error" role="alert" data-testid="content-error">
                {format!("Go Leak Lab has no lesson `{id}`.")}
            </p>
        }
        .into_any(),
    }
}

#[component]
fn EmbedView(lesson: &'static Lesson, options: EmbedOptions) -> impl IntoView {
    let lang = use_lang();
    let shared_code = options.shared.code.clone();
    let code = RwSignal::new(match &shared_code {
        Some(Ok(code)) => code.clone(),
        _ => lesson.starter_code.clone(),
    });
    let go_version = RwSignal::new(options.shared.go_version.unwrap_or(lesson.go_version));
    let panels = options.panels;
    // "Open in Go Leak Lab" carries the embed's code when it isn't the lesson's own (shared
    // or edited). The link is brought up to date when it is about to be used (a pointer
    // press, which comes before a click or a context menu, or keyboard focus), not on every
    // keystroke: deflating a large paste each time would slow typing.
    let open_href = move || {
        let fragment = code.with_untracked(|c| {
            open_fragment(
                &lesson.id,
                (&lesson.starter_code, lesson.go_version),
                (c, go_version.get_untracked()),
            )
        });
        format!("{}{fragment}", app_url())
    };
    let refresh_open = move |ev: web_sys::Event| {
        if let Some(link) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = link.set_attribute("href", &open_href());
        }
    };
    view! {
        <article class="ll-embed" data-testid="embed" data-lesson=lesson.id.clone()
            class:ll-embed--no-code=!panels.code class:ll-embed--no-run=!panels.run>
            <header class="ll-embed__head">
                <h1 class="ll-embed__title" data-testid="lesson-title">{move || lesson.title.get(lang.get()).to_owned()}</h1>
                <a class="ll-embed__open" data-testid="open-in-app" href=open_href() target="_blank" rel="noopener"
                    on:pointerdown=move |ev| refresh_open(ev.into()) on:focus=move |ev| refresh_open(ev.into())>
                    {move || tr(lang.get(), "Open in Go Leak Lab ↗", "在 Go 泄漏实验室中打开 ↗")}
                </a>
            </header>
            {matches!(shared_code, Some(Err(_))).then(|| view! {
                <p class="ll-notice" role="status" data-testid="share-damaged">
                    {move || tr(lang.get(), "The shared code could not be read; showing the lesson's code.", "无法读取分享的代码，显示课程原始代码。")}
                </p>
            })}
            {panels.prose.then(|| view! {
                <div class="ll-prose" data-testid="prose" inner_html=move || lesson.body_html.get(lang.get()).to_owned()></div>
            })}
            <Workspace
                original=lesson.starter_code.clone()
                file_name=lesson.starter_file.clone()
                code=code
                go_version=go_version
                read_only=options.read_only
                schedule=RwSignal::new(options.shared.schedule.clone())
            />
        </article>
    }
}

/// Posts the document's height to the parent whenever it changes.
fn report_height(lesson: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let last = std::cell::Cell::new(0i32);
    let post = Closure::<dyn FnMut()>::new(move || {
        let height = document().document_element().map_or(0, |e| {
            e.scroll_height()
                .max(e.get_bounding_client_rect().height() as i32)
        });
        if height != last.get() {
            last.set(height);
            // The message carries no secret, and the embedding page's origin is unknown.
            let message = resize_message(&lesson, height.max(0) as u32);
            if let Ok(object) = js_sys::JSON::parse(&message) {
                let _ = parent.post_message(&object, "*");
            }
        }
    });
    match web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        Ok(observer) => {
            if let Some(body) = document().body() {
                observer.observe(&body);
            }
            std::mem::forget(observer);
        }
        Err(_) => {
            // No ResizeObserver: check twice a second.
            let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
                post.as_ref().unchecked_ref(),
                500,
            );
        }
    }
    post.forget();
}
