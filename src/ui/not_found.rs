use super::{tr, use_lang};
use crate::view::route::Route;
use leptos::prelude::*;

#[component]
pub fn NotFound(path: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="ll-page ll-not-found" data-testid="not-found">
            <h1>{move || tr(lang.get(), "Page not found", "页面不存在")}</h1>
            <p><code>{path}</code></p>
            <p><a href=Route::Home.to_hash()>{move || tr(lang.get(), "Back to the lessons", "返回课程列表")}</a></p>
        </section>
    }
}
