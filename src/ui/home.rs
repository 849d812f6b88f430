use super::content::{self, ContentStatus};
use super::progress_store::{self, use_progress};
use super::{tr, use_lang};
use crate::lessons::content::LessonCard;
use crate::view::inline_code::to_html;
use crate::view::progress::Progress;
use crate::view::route::Route;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let ctx = use_progress();
    let progress = ctx.progress;
    let cards = content::loaded(content::index());
    let content = move || match cards.get() {
        None => view! { <ContentStatus error=None/> }.into_any(),
        Some(Err(e)) => view! { <ContentStatus error=Some(e)/> }.into_any(),
        Some(Ok(lessons)) => lesson_list(lessons, progress, lang),
    };
    view! {
        <section class="ll-page ll-home">
            <h1>{move || tr(lang.get(), "Learn how Go programs leak — and fix them", "Go 泄漏实验室：看懂泄漏，动手修复")}</h1>
            <p class="ll-home__intro">
                {move || tr(
                    lang.get(),
                    "Each lesson is a small Go program with a leak. Read why it leaks, edit the code, and watch the checker react as you type.",
                    "每节课都是一个会泄漏的 Go 小程序。读懂它为什么泄漏，动手改代码，看检查器随你的输入实时给出提示。",
                )}
            </p>
            {content}
        </section>
    }
}

/// Export, import and reset of the learner's progress.
#[component]
fn ProgressActions() -> impl IntoView {
    let lang = use_lang();
    let ctx = use_progress();
    let on_export = move |_| {
        if ctx.progress.with_untracked(progress_store::export).is_err() {
            ctx.warnings
                .set(vec!["could not export the progress".to_owned()]);
        }
    };
    let on_import = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        {
            leptos::task::spawn_local(progress_store::import(file, ctx));
        }
        if let Some(input) = input {
            input.set_value("");
        }
    };
    let on_reset = move |_| {
        let question = tr(
            lang.get_untracked(),
            "Forget all progress and edited code?",
            "清除所有进度和修改过的代码？",
        );
        if window().confirm_with_message(question).unwrap_or(false) {
            ctx.progress.set(Progress::default());
        }
    };
    view! {
        <div class="ll-progress__actions">
            <button class="ll-button ll-button--small" data-testid="export-progress" on:click=on_export>
                {move || tr(lang.get(), "Export", "导出")}
            </button>
            <label class="ll-button ll-button--small">
                {move || tr(lang.get(), "Import", "导入")}
                <input type="file" accept="application/json,.json" class="ll-visually-hidden" data-testid="import-progress" on:change=on_import/>
            </label>
            <button class="ll-button ll-button--small" data-testid="reset-progress" on:click=on_reset>
                {move || tr(lang.get(), "Reset", "重置")}
            </button>
        </div>
    }
}

fn lesson_list(
    lessons: &'static [LessonCard],
    progress: RwSignal<Progress>,
    lang: RwSignal<crate::lessons::Lang>,
) -> AnyView {
    let ids: Vec<&'static str> = lessons.iter().map(|l| l.id.as_str()).collect();
    let total = ids.len();
    let done = Memo::new(move |_| progress.with(|p| p.completed(&ids)));
    let items = lessons
                .iter()
                .enumerate()
                .map(|(i, lesson)| {
                    let href = Route::Lesson(lesson.id.clone()).to_hash();
                    let id = lesson.id.as_str();
                    let passed = move || progress.with(|p| p.lesson(id).exercise_passed);
                    view! {
                        <li
                            class="ll-lessons__item"
                            class:ll-lessons__item--done=passed
                            data-testid="lesson-link"
                            data-lesson=lesson.id.clone()
                            data-done=move || passed().to_string()
                        >
                            <a class="ll-lessons__link" href=href>
                                <span class="ll-lessons__number">{move || if passed() { "✓".to_owned() } else { (i + 1).to_string() }}</span>
                                <span class="ll-lessons__title">{move || lesson.title.get(lang.get()).to_owned()}</span>
                            </a>
                            <p class="ll-lessons__summary" inner_html=move || to_html(lesson.summary.get(lang.get()))></p>
                        </li>
                    }
                })
                .collect_view();
    view! {
                <div class="ll-progress" data-testid="progress">
                    <div class="ll-progress__bar" role="progressbar" aria-valuemin="0" aria-valuemax=total aria-valuenow=move || done.get()>
                        <div class="ll-progress__fill" style:width=move || format!("{}%", done.get() * 100 / total.max(1))></div>
                    </div>
                    <span data-testid="progress-summary">
                        {move || match lang.get() {
                            crate::lessons::Lang::En => format!("{} of {total} exercises solved", done.get()),
                            crate::lessons::Lang::Zh => format!("已完成 {} / {total} 个练习", done.get()),
                        }}
                    </span>
                    <ProgressActions/>
                </div>
                <ol class="ll-lessons" data-testid="lesson-list">{items}</ol>
            }
            .into_any()
}
