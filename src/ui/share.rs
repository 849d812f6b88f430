//! "Copy link" and "Copy embed code": the workspace as a URL (`view::share`), copied to the
//! clipboard, or shown for copying by hand when the browser refuses.

use super::{tr, use_lang};
use crate::analysis::GoVersion;
use crate::lessons::Lang;
use crate::view::share::{embed_snippet, share_fragment};
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// `location.hash`.
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The app's address up to the `#` (works under any subpath).
pub fn app_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or("").to_owned()
}

/// Sets the address's fragment to `route_hash` without a reload, a history entry or a
/// `hashchange`. Once a learner edits code that came from a share link, a reload then shows
/// their saved edits instead of the link's code again.
pub fn forget_share_params(route_hash: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !current_hash().contains('?') {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(route_hash));
    }
}

async fn copy(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(&text))
        .await
        .is_ok()
}

#[derive(Clone)]
enum Copied {
    Nothing,
    /// What was produced, and whether it reached the clipboard.
    Text {
        text: String,
        in_clipboard: bool,
    },
    Refused(String),
}

/// Buttons to share the workspace; with `embed`, also the iframe snippet of the lesson.
#[component]
pub fn ShareBar(
    /// The page's route (`#/lesson/<id>` or `#/playground`).
    route_hash: String,
    code: Signal<String>,
    go_version: Signal<GoVersion>,
    /// `(lesson id, title)` for "Copy embed code".
    #[prop(optional)]
    embed: Option<(String, Signal<String>)>,
    /// The schedule of the last run, if it was not the default one.
    #[prop(optional)]
    schedule: Option<RwSignal<Option<crate::sim::Schedule>>>,
) -> impl IntoView {
    let lang = use_lang();
    let status = RwSignal::new(Copied::Nothing);
    let deliver = move |text: String| {
        leptos::task::spawn_local(async move {
            let in_clipboard = copy(text.clone()).await;
            status.set(Copied::Text { text, in_clipboard });
        });
    };
    let copy_link = move |_| match share_fragment(
        &route_hash,
        &code.get_untracked(),
        go_version.get_untracked(),
        schedule.and_then(|s| s.get_untracked()).as_ref(),
    ) {
        Ok(fragment) => deliver(format!("{}{fragment}", app_url())),
        Err(why) => status.set(Copied::Refused(why)),
    };
    let embed_button = embed.map(|(id, title)| {
        let copy_embed = move |_| {
            deliver(embed_snippet(
                &app_url(),
                &id,
                &title.get_untracked(),
                lang.get_untracked(),
            ))
        };
        view! {
            <button class="ll-button ll-button--small" data-testid="copy-embed" on:click=copy_embed>
                {move || tr(lang.get(), "Copy embed code", "复制嵌入代码")}
            </button>
        }
    });
    view! {
        <div class="ll-share" data-testid="share">
            <button class="ll-button ll-button--small" data-testid="copy-link" on:click=copy_link>
                {move || tr(lang.get(), "Copy link", "复制链接")}
            </button>
            {embed_button}
            {move || match status.get() {
                Copied::Nothing => ().into_any(),
                Copied::Text { text, in_clipboard } => view! {
                    <span class="ll-share__status" role="status">
                        {match (in_clipboard, lang.get()) {
                            (true, Lang::En) => "Copied:",
                            (true, Lang::Zh) => "已复制：",
                            (false, Lang::En) => "Copy this:",
                            (false, Lang::Zh) => "请手动复制：",
                        }}
                    </span>
                    <input class="ll-share__text" data-testid="share-text" readonly prop:value=text on:focus=select_all />
                }.into_any(),
                Copied::Refused(why) => view! {
                    <span class="ll-share__status ll-share__status--error" role="alert" data-testid="share-error">{why}</span>
                }.into_any(),
            }}
        </div>
    }
}

fn select_all(ev: leptos::ev::FocusEvent) {
    event_target::<web_sys::HtmlInputElement>(&ev).select();
}
