use super::share::{current_hash, ShareBar};
use super::workspace::Workspace;
use super::{tr, use_lang};
use crate::view::route::Route;
use crate::view::share::{query, Shared};
use leptos::prelude::*;

const STARTER: &str =
    "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello, leak lab\")\n}\n";

/// A free workspace: any Go program, checked as you type.
#[component]
pub fn Playground() -> impl IntoView {
    let lang = use_lang();
    let shared = Shared::from_params(&query(&current_hash()));
    let share_damaged = matches!(shared.code, Some(Err(_)));
    let code = RwSignal::new(match shared.code {
        Some(Ok(code)) => code,
        _ => STARTER.to_owned(),
    });
    let go_version = RwSignal::new(shared.go_version.unwrap_or_default());
    let schedule = RwSignal::new(shared.schedule);
    view! {
        <section class="ll-playground" data-testid="playground">
            <h1>{move || tr(lang.get(), "Playground", "练习场")}</h1>
            <p class="ll-lesson__summary">
                {move || tr(lang.get(), "Write or paste any Go program; leak patterns are underlined as you type.", "编写或粘贴任意 Go 程序，输入时即会标出泄漏模式。")}
            </p>
            <ShareBar route_hash=Route::Playground.to_hash() code=code.into() go_version=go_version.into() schedule/>
            {share_damaged.then(|| view! {
                <p class="ll-notice" role="status" data-testid="share-damaged">
                    {move || tr(lang.get(), "The shared code in this link could not be read.", "无法读取此链接中分享的代码。")}
                </p>
            })}
            <Workspace original=STARTER.to_owned() file_name="main.go".to_owned() code=code go_version=go_version schedule/>
        </section>
    }
}
