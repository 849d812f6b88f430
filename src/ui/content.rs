//! Lessons and rule docs come from `content/*.json` beside index.html (written at build time
//! by `leaklab export-content`), fetched when a page needs them and kept for the session,
//! so the wasm of the first load stays small.

use crate::lessons::content::{self, LessonCard, RuleDoc};
use crate::lessons::Lesson;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const BASE: &str = "./content/";

thread_local! {
    static INDEX: RefCell<Option<&'static [LessonCard]>> = const { RefCell::new(None) };
    static LESSONS: RefCell<HashMap<String, &'static Lesson>> = RefCell::new(HashMap::new());
    static RULES: RefCell<Option<&'static [RuleDoc]>> = const { RefCell::new(None) };
}

async fn fetch_text(path: &str) -> Result<String, String> {
    let url = format!("{BASE}{path}");
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| format!("{url}: the network request failed (offline and not cached yet?)"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response
        .text()
        .map_err(|_| format!("{url}: unreadable body"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{url}: unreadable body"))
}

/// The lessons, in order.
pub async fn index() -> Result<&'static [LessonCard], String> {
    if let Some(cards) = INDEX.with(|i| *i.borrow()) {
        return Ok(cards);
    }
    let cards = content::parse_index(&fetch_text(content::INDEX_FILE).await?)?;
    let cards: &'static [LessonCard] = Box::leak(cards.into_boxed_slice());
    INDEX.with(|i| *i.borrow_mut() = Some(cards));
    Ok(cards)
}

/// The lesson `id`; `Ok(None)` if there is no such lesson.
pub async fn lesson(id: &str) -> Result<Option<&'static Lesson>, String> {
    if let Some(l) = LESSONS.with(|m| m.borrow().get(id).copied()) {
        return Ok(Some(l));
    }
    // Only ids from the index are fetched: the id comes from the URL.
    if !index().await?.iter().any(|c| c.id == id) {
        return Ok(None);
    }
    let lesson = content::parse_lesson(&fetch_text(&content::lesson_file(id)).await?)?;
    Ok(Some(LESSONS.with(|m| {
        *m.borrow_mut()
            .entry(id.to_owned())
            .or_insert_with(|| Box::leak(Box::new(lesson)))
    })))
}

/// Every rule's doc, pre-rendered.
pub async fn rule_docs() -> Result<&'static [RuleDoc], String> {
    if let Some(docs) = RULES.with(|r| *r.borrow()) {
        return Ok(docs);
    }
    let docs = content::parse_rules(&fetch_text(content::RULES_FILE).await?)?;
    let docs: &'static [RuleDoc] = Box::leak(docs.into_boxed_slice());
    RULES.with(|r| *r.borrow_mut() = Some(docs));
    Ok(docs)
}

/// A signal that holds `None` while `load` runs, then its result.
pub fn loaded<T: Clone + Send + Sync + 'static>(
    load: impl std::future::Future<Output = Result<T, String>> + 'static,
) -> ReadSignal<Option<Result<T, String>>> {
    let (get, set) = signal(None);
    leptos::task::spawn_local(async move { set.set(Some(load.await)) });
    get
}

/// Shown while content loads, or when it can't.
#[component]
pub fn ContentStatus(error: Option<String>) -> impl IntoView {
    match error {
        None => {
            view! { <p class="ll-loading" role="status" data-testid="loading">"…"</p> }.into_any()
        }
        Some(e) => view! {
            <div class="ll-error" role="alert" data-testid="content-error">
                <p>"Go Leak Lab could not load this content / 无法加载内容："</p>
                <pre>{e}</pre>
            </div>
        }
        .into_any(),
    }
}

/// A rule's documentation, fetched with the other docs on first use.
#[component]
pub fn RuleDocText(#[prop(into)] rule: String) -> impl IntoView {
    let docs = loaded(rule_docs());
    move || match docs.get() {
        None => view! { <ContentStatus error=None/> }.into_any(),
        Some(Err(e)) => view! { <ContentStatus error=Some(e)/> }.into_any(),
        Some(Ok(docs)) => {
            let html = docs
                .iter()
                .find(|d| d.id == rule)
                .map_or(String::new(), |d| d.html.clone());
            view! { <div class="ll-prose ll-prose--doc" inner_html=html></div> }.into_any()
        }
    }
}
