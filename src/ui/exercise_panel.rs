use super::checker;
use super::progress_store::use_progress;
use super::runner::Runner;
use super::{tr, use_lang};
use crate::analysis::GoVersion;
use crate::lessons::exercise::{verdict, RunSummary, Verdict};
use crate::lessons::{Lang, Lesson};
use crate::sim::Config;
use crate::view::inline_code::to_html;
use leptos::prelude::*;

/// The prediction asked before running, checked against a simulation of the starter.
#[component]
pub fn PredictionCard(
    lesson: &'static Lesson,
    go_version: RwSignal<GoVersion>,
    runs: ReadSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress().progress;
    let id = lesson.id.as_str();
    let Some(prediction) = lesson.prediction.as_ref() else {
        return ().into_any();
    };
    let predicted = Memo::new(move |_| progress.with(|p| p.lesson(id).predicted));
    // The starter's own simulation decides, whatever the learner has edited since.
    let actual = RwSignal::new(None::<i64>);
    let runner = StoredValue::new_local(Runner::default());
    let simulate_starter = move || {
        let config = Config {
            go_version: go_version.get_untracked(),
            ..Config::default()
        };
        let measure = prediction.measure;
        runner.with_value(|r| {
            r.start(
                &lesson.starter_code,
                &config,
                |_, _| {},
                move |o| actual.set(Some(RunSummary::from_outcome(&o).measure(measure))),
            )
        });
    };
    let choose = move |value: i64| {
        progress.update(|p| p.update(id, |l| l.predicted = Some(value)));
        simulate_starter();
    };
    if predicted.get_untracked().is_some() {
        simulate_starter();
    }
    // Revealed once the learner has pressed Run after predicting.
    let revealed = move || runs.get() > 0 && predicted.get().is_some() && actual.get().is_some();
    Effect::new(move |_| {
        if let (true, Some(p), Some(a)) = (revealed(), predicted.get(), actual.get()) {
            let correct = p == a;
            if progress.with_untracked(|pr| pr.lesson(id).prediction_correct) != Some(correct) {
                progress.update(|pr| pr.update(id, |l| l.prediction_correct = Some(correct)));
            }
        }
    });
    let choices = prediction.choices.clone();
    view! {
        <section class="ll-predict" data-testid="prediction">
            <h2 class="ll-predict__title">{move || tr(lang.get(), "Predict first", "先预测")}</h2>
            <p inner_html=move || to_html(prediction.question.get(lang.get()))></p>
            <div class="ll-predict__choices" role="group">
                {choices.into_iter().map(|c| view! {
                    <button
                        class="ll-button"
                        class:ll-button--chosen=move || predicted.get() == Some(c)
                        data-testid="prediction-choice"
                        data-value=c
                        aria-pressed=move || (predicted.get() == Some(c)).to_string()
                        on:click=move |_| choose(c)
                    >{c}</button>
                }).collect_view()}
            </div>
            <p class="ll-predict__result" data-testid="prediction-result" data-correct=move || if revealed() { (predicted.get() == actual.get()).to_string() } else { String::new() }>
                {move || match (predicted.get(), actual.get(), revealed(), lang.get()) {
                    (None, _, _, l) => tr(l, "Choose an answer, then press Run.", "选一个答案，然后点击运行。").to_owned(),
                    (Some(_), _, false, l) => tr(l, "Now press Run and watch.", "现在点击运行，看看结果。").to_owned(),
                    (Some(p), Some(a), true, Lang::En) if p == a => format!("✓ Right: the simulation shows {a}."),
                    (Some(p), Some(a), true, Lang::Zh) if p == a => format!("✓ 答对了：模拟结果是 {a}。"),
                    (Some(p), Some(a), true, Lang::En) => format!("✗ You said {p}; the simulation shows {a}. The timeline shows why."),
                    (Some(p), Some(a), true, Lang::Zh) => format!("✗ 你的答案是 {p}，模拟结果是 {a}。看看时间线就知道原因。"),
                    _ => String::new(),
                }}
            </p>
        </section>
    }
    .into_any()
}

#[derive(Clone, PartialEq)]
enum CheckState {
    Idle,
    Checking,
    Done(Verdict),
    /// The checker or simulator could not run (the reason, in English from the browser).
    Unavailable(String),
}

/// "Check my fix": the static check, a simulation of the learner's code and of the solution,
/// and the comparison (see `lessons::exercise::verdict`).
#[component]
pub fn ExercisePanel(
    lesson: &'static Lesson,
    code: RwSignal<String>,
    go_version: RwSignal<GoVersion>,
) -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress().progress;
    let id = lesson.id.as_str();
    let Some(exercise) = lesson.exercise.as_ref() else {
        return ().into_any();
    };
    let state = RwSignal::new(CheckState::Idle);
    let learner_runner = StoredValue::new_local(Runner::default());
    let solution_runner = StoredValue::new_local(Runner::default());
    // The solution's run depends only on the Go version: simulate it once per version.
    let solution_runs = StoredValue::new_local(Vec::<(GoVersion, RunSummary)>::new());
    let check = move |_| {
        state.set(CheckState::Checking);
        let text = code.get_untracked();
        let version = go_version.get_untracked();
        // The static check first (in the checking worker), then both simulations.
        checker::check(text.clone(), version, move |checked| {
            let report = match checked {
                Ok(reply) => reply.report,
                Err(why) => {
                    state.try_set(CheckState::Unavailable(why));
                    return;
                }
            };
            let config = Config {
                go_version: version,
                ..Config::default()
            };
            let judge = move |learner: &RunSummary, solution: &RunSummary| {
                let v = verdict(lesson, exercise, &report, learner, solution);
                if v.passed() {
                    progress.update(|p| p.update(id, |l| l.exercise_passed = true));
                }
                state.set(CheckState::Done(v));
            };
            let solution_config = config.clone();
            learner_runner.with_value(|r| {
                r.start(
                    &text,
                    &config,
                    |_, _| {},
                    move |learner| {
                        let learner = RunSummary::from_outcome(&learner);
                        let cached = solution_runs.with_value(|runs| {
                            runs.iter()
                                .find(|(v, _)| *v == version)
                                .map(|(_, run)| run.clone())
                        });
                        match cached {
                            Some(solution) => judge(&learner, &solution),
                            None => solution_runner.with_value(|r| {
                                r.start(
                                    &lesson.solution_code,
                                    &solution_config,
                                    |_, _| {},
                                    move |solution| {
                                        let solution = RunSummary::from_outcome(&solution);
                                        solution_runs.update_value(|runs| {
                                            runs.push((version, solution.clone()))
                                        });
                                        judge(&learner, &solution);
                                    },
                                )
                            }),
                        }
                    },
                )
            });
        });
    };
    let passed_before = move || progress.with(|p| p.lesson(id).exercise_passed);
    view! {
        <section class="ll-exercise" data-testid="exercise">
            <h2 class="ll-exercise__title">
                {move || tr(lang.get(), "Your turn: fix the leak", "轮到你了：修复泄漏")}
                <Show when=passed_before><span class="ll-badge ll-badge--done" data-testid="solved-badge">{move || tr(lang.get(), "solved", "已完成")}</span></Show>
            </h2>
            <p class="ll-exercise__how">
                {move || tr(lang.get(),
                    "Passing needs all three: the checker is quiet about this lesson's rules, the simulation ends without the leak, and the program still prints what the fixed version prints.",
                    "通过需要同时满足三点：检查器不再报告本课的规则；模拟运行结束时没有泄漏；程序输出与修复版一致。")}
            </p>
            <button class="ll-button ll-button--primary" data-testid="check-fix" disabled=move || state.get() == CheckState::Checking on:click=check>
                {move || tr(lang.get(), "Check my fix", "检查我的修复")}
            </button>
            {move || match state.get() {
                CheckState::Idle => ().into_any(),
                CheckState::Checking => view! { <p role="status">{move || tr(lang.get(), "Checking…", "检查中…")}</p> }.into_any(),
                CheckState::Unavailable(why) => view! {
                    <p class="ll-verdict ll-verdict--fail" role="alert" data-testid="verdict-unavailable">
                        {move || tr(lang.get(), "Your fix could not be checked: ", "无法检查你的修复：")}{why.clone()}
                    </p>
                }.into_any(),
                CheckState::Done(v) if v.passed() => view! {
                    <p class="ll-verdict ll-verdict--pass" role="status" data-testid="verdict" data-passed="true">
                        {move || tr(lang.get(), "✓ Fixed! No leak pattern, no leaked goroutine, same output.", "✓ 修复成功！没有泄漏模式，没有泄漏的 goroutine，输出一致。")}
                    </p>
                }.into_any(),
                CheckState::Done(v) => view! {
                    <div class="ll-verdict ll-verdict--fail" role="status" data-testid="verdict" data-passed="false">
                        <p>{move || tr(lang.get(), "Not yet:", "还没有通过：")}</p>
                        <ul>{v.reasons.iter().map(|r| { let t = r.describe(); view! { <li inner_html=move || to_html(t.get(lang.get()))></li> } }).collect_view()}</ul>
                    </div>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
