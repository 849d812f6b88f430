use super::content::{self, ContentStatus};
use super::exercise_panel::{ExercisePanel, PredictionCard};
use super::not_found::NotFound;
use super::progress_store::use_progress;
use super::share::{current_hash, forget_share_params, ShareBar};
use super::solution::HintsAndSolution;
use super::workspace::Workspace;
use super::{tr, use_lang};
use crate::analysis::GoVersion;
use crate::lessons::challenge::Challenge;
use crate::lessons::Lesson;
use crate::view::inline_code::to_html;
use crate::view::route::{neighbours, page_title, Route};
use crate::view::share::{query, Shared};
use leptos::prelude::*;

#[component]
pub fn LessonPage(id: String) -> impl IntoView {
    let lesson = content::loaded({
        let id = id.clone();
        async move { content::lesson(&id).await }
    });
    move || match lesson.get() {
        None => view! { <ContentStatus error=None/> }.into_any(),
        Some(Err(e)) => view! { <ContentStatus error=Some(e)/> }.into_any(),
        Some(Ok(Some(lesson))) => view! { <LessonView lesson=lesson/> }.into_any(),
        Some(Ok(None)) => view! { <NotFound path=format!("/lesson/{id}")/> }.into_any(),
    }
}

#[component]
fn LessonView(lesson: &'static Lesson) -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress().progress;
    let prose = move || lesson.body_html.get(lang.get()).to_owned();
    let id = lesson.id.as_str();
    // A share link's code and Go version win over saved edits, which stay saved until the
    // learner edits the shared code; from then on the address is the plain lesson's, so a
    // reload shows what they saved.
    let shared = Shared::from_params(&query(&current_hash()));
    let from_link = shared.code.is_some() || shared.go_version.is_some();
    let save = Callback::new(move |code: Option<String>| {
        if from_link {
            forget_share_params(&Route::Lesson(id.to_owned()).to_hash());
        }
        progress.update(|p| p.update(id, |l| l.code = code))
    });
    let saved = progress.with_untracked(|p| p.lesson(id).code);
    let code = RwSignal::new(match &shared.code {
        Some(Ok(code)) => code.clone(),
        _ => saved.unwrap_or_else(|| lesson.starter_code.clone()),
    });
    let share_damaged = matches!(shared.code, Some(Err(_)));
    let go_version = RwSignal::new(shared.go_version.unwrap_or(lesson.go_version));
    let schedule = RwSignal::new(shared.schedule.clone());
    let title = Signal::derive(move || lesson.title.get(lang.get()).to_owned());
    {
        let route = Route::Lesson(id.to_owned());
        Effect::new(move |_| {
            document().set_title(&page_title(&route, lang.get(), Some(&title.get())));
        });
    }
    let (runs, set_runs) = signal(0u32);
    let count_run = Callback::new(move |_| set_runs.update(|n| *n += 1));
    view! {
        <article class="ll-lesson" data-testid="lesson" data-lesson=lesson.id.clone()>
            <header class="ll-lesson__head">
                <h1 data-testid="lesson-title">{move || lesson.title.get(lang.get()).to_owned()}</h1>
                <p class="ll-lesson__summary" inner_html=move || to_html(lesson.summary.get(lang.get()))></p>
                <ShareBar
                    route_hash=Route::Lesson(id.to_owned()).to_hash()
                    code=code.into()
                    go_version=go_version.into()
                    embed=(id.to_owned(), title)
                    schedule
                />
                {share_damaged.then(|| view! {
                    <p class="ll-notice" role="status" data-testid="share-damaged">
                        {move || tr(lang.get(), "The shared code in this link could not be read; showing your code instead.", "无法读取此链接中分享的代码，显示你自己的代码。")}
                    </p>
                })}
            </header>
            <div class="ll-lesson__body">
                <div class="ll-prose" data-testid="prose" inner_html=prose></div>
                <div class="ll-lesson__side">
                    <PredictionCard lesson=lesson go_version=go_version runs=runs/>
                    <Workspace
                        original=lesson.starter_code.clone()
                        code=code
                        file_name=lesson.starter_file.clone()
                        on_change=save
                        go_version=go_version
                        on_outcome=count_run
                        schedule
                        precheck=lesson.starter_check.clone().filter(|_| go_version.get_untracked() == lesson.go_version)
                    />
                    <ExercisePanel lesson=lesson code=code go_version=go_version/>
                    <HintsAndSolution lesson=lesson/>
                    {lesson.challenge.as_ref().map(|c| view! { <ChallengeCard challenge=c go=lesson.go_version/> })}
                </div>
            </div>
            <LessonNav id=id/>
        </article>
    }
}

/// Links to the previous and the next lesson (the last one links back to the list).
#[component]
fn LessonNav(id: &'static str) -> impl IntoView {
    let lang = use_lang();
    let cards = content::loaded(content::index());
    move || {
        let Some(Ok(cards)) = cards.get() else {
            return ().into_any();
        };
        let ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
        let (before, after) = neighbours(&ids, id);
        let link = move |to: &str,
                         class: &'static str,
                         testid: &'static str,
                         label: (&'static str, &'static str)| {
            let card = cards.iter().find(|c| c.id == to)?;
            Some(view! {
                <a class=class data-testid=testid href=Route::Lesson(card.id.clone()).to_hash()>
                    <span class="ll-lesson-nav__label">{move || tr(lang.get(), label.0, label.1)}</span>
                    <span class="ll-lesson-nav__title">{move || card.title.get(lang.get()).to_owned()}</span>
                </a>
            })
        };
        view! {
            <nav class="ll-lesson-nav" aria-label=move || tr(lang.get(), "Lessons", "课程")>
                {before.and_then(|b| link(b, "ll-lesson-nav__prev", "previous-lesson", ("← Previous lesson", "← 上一课")))}
                {match after {
                    Some(a) => link(a, "ll-lesson-nav__next", "next-lesson", ("Next lesson →", "下一课 →")).into_any(),
                    None => view! {
                        <a class="ll-lesson-nav__next" data-testid="next-lesson" href=Route::Home.to_hash()>
                            <span class="ll-lesson-nav__label">{move || tr(lang.get(), "That was the last lesson", "这是最后一课")}</span>
                            <span class="ll-lesson-nav__title">{move || tr(lang.get(), "All lessons →", "全部课程 →")}</span>
                        </a>
                    }.into_any(),
                }}
            </nav>
        }
        .into_any()
    }
}

/// A scheduling challenge: its task, and on request its own program in a read-only
/// workspace whose Run panel offers "Be the scheduler" (mounted only when opened, so the
/// lesson page checks and runs one program until the learner asks for the second).
#[component]
fn ChallengeCard(challenge: &'static Challenge, go: GoVersion) -> impl IntoView {
    let lang = use_lang();
    let opened = RwSignal::new(false);
    view! {
        <section class="ll-challenge" data-testid="challenge" data-goal=challenge.goal.as_str()>
            <h2>{move || tr(lang.get(), "Challenge: be the scheduler", "挑战：你来调度")}</h2>
            <div class="ll-challenge__task" inner_html=move || challenge.text_html.get(lang.get()).to_owned()></div>
            {move || if opened.get() {
                view! {
                    <Workspace
                        original=challenge.code.clone()
                        file_name=challenge.file.clone()
                        go_version=RwSignal::new(go)
                        read_only=true
                        challenge=challenge.goal
                    />
                }.into_any()
            } else {
                view! {
                    <button class="ll-button" data-testid="challenge-open" on:click=move |_| opened.set(true)>
                        {move || tr(lang.get(), "Take the challenge", "接受挑战")}
                    </button>
                }.into_any()
            }}
        </section>
    }
}
