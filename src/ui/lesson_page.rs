use super::editor::Editor;
use super::not_found::NotFound;
use super::problems_panel::ProblemsPanel;
use super::{all_lessons, now_ms, tr, use_lang};
use crate::analysis::{self, Options, Report};
use crate::lessons::{markdown, Lesson};
use crate::view::problems::utf16_offset;
use leptos::html::Textarea;
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

/// Checks `code`, returning the report and how long it took.
fn timed_check(code: &str) -> (Report, f64) {
    let start = now_ms();
    let report = analysis::check(code, &Options::default());
    (report, now_ms() - start)
}

#[component]
fn LessonView(lesson: &'static Lesson) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(lesson.starter_code.clone());
    let (first_report, first_ms) = timed_check(&lesson.starter_code);
    let (report, set_report) = signal(first_report);
    let (check_ms, set_check_ms) = signal(first_ms);
    Effect::new(move |previous: Option<()>| {
        let text = code.get();
        if previous.is_some() {
            let (r, ms) = timed_check(&text);
            set_report.set(r);
            set_check_ms.set(ms);
        }
    });

    let textarea = NodeRef::<Textarea>::new();
    let jump = Callback::new(move |(line, column): (usize, usize)| {
        if let Some(el) = textarea.get() {
            let offset = code.with_untracked(|c| utf16_offset(c, line, column));
            let _ = el.focus();
            let _ = el.set_selection_range(offset, offset);
        }
    });
    let reset = move |_| {
        code.set(lesson.starter_code.clone());
        if let Some(el) = textarea.get() {
            el.set_value(&lesson.starter_code);
        }
    };
    let prose = Memo::new(move |_| markdown::to_html(lesson.body.get(lang.get())));

    view! {
        <article class="ll-lesson" data-testid="lesson" data-lesson=lesson.id.clone()>
            <header class="ll-lesson__head">
                <h1 data-testid="lesson-title">{move || lesson.title.get(lang.get()).to_owned()}</h1>
                <p class="ll-lesson__summary">{move || lesson.summary.get(lang.get()).to_owned()}</p>
            </header>
            <div class="ll-lesson__body">
                <div class="ll-prose" data-testid="prose" inner_html=move || prose.get()></div>
                <section class="ll-workspace" aria-label="Workspace">
                    <div class="ll-workspace__toolbar">
                        <span class="ll-workspace__file">{lesson.starter_file.clone()}</span>
                        <button class="ll-button" data-testid="reset" on:click=reset>
                            {move || tr(lang.get(), "Reset code", "恢复原始代码")}
                        </button>
                    </div>
                    <Editor
                        code=code
                        node_ref=textarea
                        label=Signal::derive(move || tr(lang.get(), "Go code", "Go 代码").to_owned())
                    />
                    <ProblemsPanel report=report check_ms=check_ms on_jump=jump/>
                </section>
            </div>
        </article>
    }
}
