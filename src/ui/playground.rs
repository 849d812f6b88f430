use super::workspace::Workspace;
use super::{tr, use_lang};
use leptos::prelude::*;

const STARTER: &str =
    "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello, leak lab\")\n}\n";

/// A free workspace: any Go program, checked as you type.
#[component]
pub fn Playground() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="ll-playground" data-testid="playground">
            <h1>{move || tr(lang.get(), "Playground", "练习场")}</h1>
            <p class="ll-lesson__summary">
                {move || tr(lang.get(), "Write or paste any Go program; leak patterns are underlined as you type.", "编写或粘贴任意 Go 程序,输入时即会标出泄漏模式。")}
            </p>
            <Workspace original=STARTER.to_owned() file_name="main.go".to_owned()/>
        </section>
    }
}
