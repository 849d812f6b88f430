use super::{all_lessons, tr, use_lang};
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let content = match all_lessons() {
        Ok(lessons) => {
            let items = lessons
                .iter()
                .enumerate()
                .map(|(i, lesson)| {
                    let href = format!("#/lesson/{}", lesson.id);
                    view! {
                        <li class="ll-lessons__item" data-testid="lesson-link" data-lesson=lesson.id.clone()>
                            <a class="ll-lessons__link" href=href>
                                <span class="ll-lessons__number">{i + 1}</span>
                                <span class="ll-lessons__title">{move || lesson.title.get(lang.get()).to_owned()}</span>
                            </a>
                            <p class="ll-lessons__summary">{move || lesson.summary.get(lang.get()).to_owned()}</p>
                        </li>
                    }
                })
                .collect_view();
            view! { <ol class="ll-lessons" data-testid="lesson-list">{items}</ol> }.into_any()
        }
        Err(problems) => view! {
            <div class="ll-error" role="alert">
                <p>"The lesson content has errors:"</p>
                <ul>{problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
    };
    view! {
        <section class="ll-page ll-home">
            <h1>{move || tr(lang.get(), "Learn how Go programs leak — and fix them", "Go 泄漏实验室:看懂泄漏,动手修复")}</h1>
            <p class="ll-home__intro">
                {move || tr(
                    lang.get(),
                    "Each lesson is a small Go program with a leak. Read why it leaks, edit the code, and watch the checker react as you type.",
                    "每节课都是一个会泄漏的 Go 小程序。读懂它为什么泄漏,动手改代码,看检查器随你的输入实时给出提示。",
                )}
            </p>
            {content}
        </section>
    }
}
