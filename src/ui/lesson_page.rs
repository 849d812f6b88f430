use super::not_found::NotFound;
use super::workspace::Workspace;
use super::{all_lessons, use_lang};
use crate::lessons::{markdown, Lesson};
use leptos::prelude::*;

#[component]
pub fn LessonPage(id: String) -> impl IntoView {
    let lesson = all_lessons()
        .as_ref()
        .ok()
        .and_then(|all| all.iter().find(|l| l.id == id));
    match lesson {
        Some(lesson) => view! { <LessonView lesson=lesson/> }.into_any(),
        None => view! { <NotFound path=format!("/lesson/{id}")/> }.into_any(),
    }
}

#[component]
fn LessonView(lesson: &'static Lesson) -> impl IntoView {
    let lang = use_lang();
    let prose = Memo::new(move |_| markdown::to_html(lesson.body.get(lang.get())));
    view! {
        <article class="ll-lesson" data-testid="lesson" data-lesson=lesson.id.clone()>
            <header class="ll-lesson__head">
                <h1 data-testid="lesson-title">{move || lesson.title.get(lang.get()).to_owned()}</h1>
                <p class="ll-lesson__summary">{move || lesson.summary.get(lang.get()).to_owned()}</p>
            </header>
            <div class="ll-lesson__body">
                <div class="ll-prose" data-testid="prose" inner_html=move || prose.get()></div>
                <Workspace original=lesson.starter_code.clone() file_name=lesson.starter_file.clone()/>
            </div>
        </article>
    }
}
