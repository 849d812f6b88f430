use super::explore_panel::SchedulesPanel;
use super::runner::Runner;
use super::scheduler_panel::{SchedulerAction, SchedulerPanel};
use super::{now_ms, tr, use_lang};
use crate::analysis::GoVersion;
use crate::lessons::challenge::Goal;
use crate::lessons::Lang;
use crate::sim::{Budgets, Config, Event, Outcome, Schedule, Strategy};
use crate::view::timeline::geometry::{
    self, format_bytes, layout, CHART_HEIGHT, LABEL_WIDTH, LANE_HEIGHT,
};
use crate::view::timeline::{
    console_text, crashed_blocked, leak_lines, table_rows, timeline, LaneState, RunVerdict,
    TimelineView,
};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;

const WIDTH: f64 = 900.0;
const MAX_COLUMNS: u32 = 1500;
/// While a run goes on, the live timeline shows at most this many events and redraws at
/// most every `LIVE_REDRAW_MS` (a long run streams hundreds of thousands).
const LIVE_EVENTS: usize = 1_500;
const LIVE_REDRAW_MS: f64 = 200.0;

/// The state of the Run panel.
#[derive(Clone)]
enum RunState {
    Idle,
    /// Events arrive while the simulation runs; the timeline follows them live.
    Running {
        events: Arc<Vec<Event>>,
    },
    Done(Arc<Outcome>),
}

/// Run, playback, the timeline with its charts, the console and the leak summary.
#[component]
pub fn RunPanel(
    code: Signal<String>,
    go_version: RwSignal<GoVersion>,
    /// Told about each finished run (for predictions and exercises).
    #[prop(optional)]
    on_outcome: Option<Callback<Arc<Outcome>>>,
    on_jump: Callback<(usize, usize)>,
    /// On a challenge's program: the ending the learner must reach as the scheduler.
    #[prop(optional_no_strip)]
    challenge: Option<Goal>,
    /// Filled, in scheduler mode, with the line each goroutine that may run next stands on.
    #[prop(optional)]
    next_lines: Option<RwSignal<Vec<(usize, u32)>>>,
    /// The schedule of the last run, for share links (`None`: the default run). A link's
    /// schedule arrives here and runs at once.
    #[prop(optional)]
    shared_schedule: Option<RwSignal<Option<Schedule>>>,
) -> impl IntoView {
    let shared_schedule = shared_schedule.unwrap_or_else(|| RwSignal::new(None));
    let next_lines = next_lines.unwrap_or_else(|| RwSignal::new(Vec::new()));
    // The learner's picks in scheduler mode (`None`: not in it).
    let picks = StoredValue::new(None::<Vec<u32>>);
    let picks_tick = RwSignal::new(0u32);
    let root = NodeRef::<leptos::html::Section>::new();
    let lang = use_lang();
    let state = RwSignal::new(RunState::Idle);
    let cursor = RwSignal::new(0usize);
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(1.0f64);
    let show_table = RwSignal::new(false);
    let first_frame_ms = RwSignal::new(0.0f64);
    let live_steps = RwSignal::new(0u64);
    // The schedule the next Run replays (one an exploration found), or the default run.
    let schedule = RwSignal::new(None::<Schedule>);
    let from_link = shared_schedule.get_untracked();
    match &from_link {
        Some(Schedule {
            strategy: Strategy::Manual(p),
            ..
        }) => picks.set_value(Some(p.to_vec())),
        other => schedule.set(other.clone()),
    }

    let outcome = Signal::derive(move || match state.get() {
        RunState::Done(o) => Some(o),
        _ => None,
    });
    let event_count =
        Memo::new(move |_| outcome.with(|o| o.as_ref().map_or(0, |o| o.trace.events.len())));
    let at_end = Memo::new(move |_| cursor.get() >= event_count.get());
    let view = Memo::new(move |_| state.with(|s| timeline_at(s, cursor.get())));
    let geo = Memo::new(move |_| view.with(|v| v.as_ref().map(|v| layout(v, WIDTH))));

    let reduced_motion = prefers_reduced_motion();

    let runner = StoredValue::new_local(Runner::default());
    let sim_ready = RwSignal::new(false);
    // Run click → outcome known (shown to tests).
    let outcome_ms = RwSignal::new(0.0_f64);
    runner.with_value(|r| {
        r.warm(move || {
            warm_up_page_code();
            sim_ready.set(true)
        })
    });
    let run = move || {
        let started = now_ms();
        first_frame_ms.set(0.0);
        outcome_ms.set(0.0);
        playing.set(false);
        live_steps.set(0);
        state.set(RunState::Running {
            events: Arc::default(),
        });
        // A run the learner waits for ends by Cancel, not by a step count a real program
        // could need (a check of a fix keeps the default budget).
        let base = Config {
            go_version: go_version.get_untracked(),
            budgets: Budgets::for_one_run(),
            ..Config::default()
        };
        let manual = picks.get_value();
        let stepping = manual.is_some();
        let chosen = match manual {
            Some(p) => Some(Schedule::manual(&p)),
            None => schedule.get_untracked(),
        };
        shared_schedule.set(chosen.clone());
        let config = match chosen {
            Some(s) => base.with_schedule(s),
            None => base,
        };
        runner.with_value(|runner| {
            runner.start(
                &code.get_untracked(),
                &config,
                live_redraw(state, live_steps, first_frame_ms, started),
                move |o: Arc<Outcome>| {
                    let n = o.trace.events.len();
                    outcome_ms.set(now_ms() - started);
                    state.set(RunState::Done(o.clone()));
                    // A learner's own schedule shows where it stands; it is not a run
                    // of the program for predictions and exercises.
                    if stepping {
                        cursor.set(n);
                        next_lines.set(o.choices.iter().map(|c| (c.line as usize, c.id)).collect());
                        return;
                    }
                    if reduced_motion {
                        cursor.set(n);
                    } else {
                        cursor.set(0);
                        playing.set(true);
                    }
                    if first_frame_ms.get_untracked() == 0.0 {
                        first_frame_ms.set(now_ms() - started);
                    }
                    if let Some(cb) = on_outcome {
                        cb.run(o);
                    }
                },
            )
        });
    };
    let cancel = move || {
        runner.with_value(Runner::cancel);
        state.set(RunState::Idle);
    };

    use_playback(playing, speed, cursor, event_count.into());

    let step = move |delta: isize| {
        playing.set(false);
        let n = event_count.get_untracked();
        cursor.update(|c| *c = (*c as isize + delta).clamp(0, n as isize) as usize);
    };
    let toggle_play = move || {
        if event_count.get_untracked() == 0 {
            return;
        }
        if cursor.get_untracked() >= event_count.get_untracked() {
            cursor.set(0);
        }
        if reduced_motion {
            cursor.set(event_count.get_untracked());
        } else {
            playing.update(|p| *p = !*p);
        }
    };

    let leave_scheduler = move || {
        picks.set_value(None);
        picks_tick.update(|t| *t += 1);
        next_lines.set(Vec::new());
    };
    let scheduler_action = move |action: SchedulerAction| {
        match action {
            SchedulerAction::Leave => return leave_scheduler(),
            SchedulerAction::Start => picks.set_value(Some(Vec::new())),
            SchedulerAction::Undo => picks.update_value(|p| {
                if let Some(p) = p {
                    p.pop();
                }
            }),
            SchedulerAction::Pick(g) => {
                picks.update_value(|p| p.get_or_insert_with(Vec::new).push(g))
            }
        }
        schedule.set(None);
        run();
    };
    let run_default = move || {
        schedule.set(None);
        leave_scheduler();
        run();
    };
    use_run_keys(root, run_default, toggle_play, step);

    if from_link.is_some() {
        run();
    }
    let run_click = run_default;
    let cancel_click = cancel;
    view! {
        <section class="ll-run" node_ref=root data-testid="run-panel" data-first-frame-ms=move || format!("{:.1}", first_frame_ms.get()) data-outcome-ms=move || format!("{:.1}", outcome_ms.get()) data-sim-ready=move || sim_ready.get().to_string()>
            <RunToolbar
                on_run=Callback::new(move |()| run_click())
                go_version
                event_count=event_count.into()
                playing
                speed
                show_table
                on_step=Callback::new(step)
                on_toggle=Callback::new(move |()| toggle_play())
            />
            <SchedulesPanel code go_version loaded=schedule on_load=Callback::new(move |s: Schedule| {
                schedule.set(Some(s));
                leave_scheduler();
                run();
            })/>
            <SchedulerPanel picks tick=picks_tick outcome goal=challenge on_action=Callback::new(scheduler_action)/>
            <RunStatus state live_steps on_cancel=Callback::new(move |()| cancel_click())/>
            <Show when=move || view.with(Option::is_some)>
                <RunStats view/>
                <input
                    class="ll-run__scrub"
                    type="range"
                    min="0"
                    max=move || event_count.get()
                    prop:value=move || cursor.get()
                    data-testid="scrub"
                    aria-label=move || tr(lang.get(), "Timeline position", "时间线位置")
                    aria-valuetext=move || view.with(|v| v.as_ref().map(|v| v.position_text(lang.get())).unwrap_or_default())
                    on:input=move |ev| { playing.set(false); cursor.set(event_target_value(&ev).parse().unwrap_or(0)) }
                />
                {move || geo.get().map(|g| timeline_svg(g, lang.get()))}
                {move || view.with(|v| v.as_ref().map(|v| channels(&v.channels, lang.get())))}
                <Legend/>
                <Show when=move || show_table.get()>
                    <TraceTable view/>
                </Show>
                <pre class="ll-console" data-testid="console" aria-live="polite">{move || {
                    let done = outcome.get();
                    let at_end = cursor.get() >= event_count.get();
                    view.with(|v| v.as_ref().map_or(String::new(), |v| match &done {
                        Some(o) => console_text(&v.console, &o.stdout, at_end, o.trace.dropped > 0).to_owned(),
                        None => v.console.clone(),
                    }))
                }}</pre>
                {move || outcome.get().map(|o| if at_end.get() {
                    summary(o, true, lang.get(), on_jump)
                } else {
                    // The answer at once; the film plays on (or jumps to its end).
                    early_outcome(&o, lang.get(), Callback::new(move |()| {
                        playing.set(false);
                        cursor.set(event_count.get_untracked());
                    }))
                })}
            </Show>
        </section>
    }
}

/// Playback: the whole trace plays in about 8 s at 1×, at least 12 events a second.
fn use_playback(
    playing: RwSignal<bool>,
    speed: RwSignal<f64>,
    cursor: RwSignal<usize>,
    event_count: Signal<usize>,
) {
    let ticker = StoredValue::new_local(None::<gloo_timers::callback::Interval>);
    Effect::new(move |_| {
        // Replacing the interval drops (and so stops) the previous one.
        ticker.set_value(None);
        if !playing.get() {
            return;
        }
        let n = event_count.get_untracked();
        let per_tick = ((n as f64 / 8.0).max(12.0) * speed.get() * 0.05).max(0.0);
        let carry = Rc::new(RefCell::new(0.0f64));
        let interval = gloo_timers::callback::Interval::new(50, move || {
            let mut c = carry.borrow_mut();
            *c += per_tick;
            let advance = c.floor() as usize;
            *c -= advance as f64;
            let next = (cursor.get_untracked() + advance).min(n);
            cursor.set(next);
            if next >= n {
                playing.set(false);
            }
        });
        ticker.set_value(Some(interval));
    });
}

/// Keyboard: Shift+Enter runs anywhere; Space and arrows when not typing. With two
/// workspaces on a page, the keys go to the one with the focus (or else the first).
fn use_run_keys(
    root: NodeRef<leptos::html::Section>,
    run: impl Fn() + Clone + 'static,
    toggle_play: impl Fn() + Clone + 'static,
    step: impl Fn(isize) + Clone + 'static,
) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        // Digits pick in a scheduler: with the focus nowhere (a pick re-renders the buttons),
        // they go to the first panel whose scheduler is on.
        let digit = ev.key().len() == 1 && ev.key().chars().all(|c| c.is_ascii_digit());
        let first = if digit {
            "[data-testid=run-panel]:has([data-testid=scheduler][data-active=true])"
        } else {
            "[data-testid=run-panel]"
        };
        if !root
            .get_untracked()
            .is_some_and(|r| owns_page_keys(&r, first))
        {
            return;
        }
        let focus = document().active_element();
        let typing = focus.as_ref().is_some_and(|el| {
            matches!(
                el.tag_name().as_str(),
                "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON"
            )
        });
        let editing = || {
            focus.as_ref().is_some_and(|el| {
                matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT")
                    && !el.has_attribute("readonly")
            })
        };
        match ev.key().as_str() {
            "Enter" if ev.shift_key() => {
                ev.prevent_default();
                run();
            }
            " " if !typing => {
                ev.prevent_default();
                toggle_play();
            }
            // The scheduler's choice buttons carry their digit; a read-only editor (a
            // challenge's) is not typing.
            digit @ ("1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9")
                if !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() && !editing() =>
            {
                let button = root.get_untracked().and_then(|r| {
                    r.query_selector(&format!("[data-pick][aria-keyshortcuts=\"{digit}\"]"))
                        .ok()
                        .flatten()
                });
                if let Some(b) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                    ev.prevent_default();
                    b.click();
                }
            }
            "ArrowRight" if !typing => step(1),
            "ArrowLeft" if !typing => step(-1),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

/// Run, the Go version, stepping, play/pause, speed and the table toggle.
#[component]
fn RunToolbar(
    on_run: Callback<()>,
    go_version: RwSignal<GoVersion>,
    event_count: Signal<usize>,
    playing: RwSignal<bool>,
    speed: RwSignal<f64>,
    show_table: RwSignal<bool>,
    on_step: Callback<isize>,
    on_toggle: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
    <div class="ll-run__toolbar">
        <button class="ll-button ll-button--primary" data-testid="run" title="Shift+Enter" on:click=move |_| on_run.run(())>
            {move || tr(lang.get(), "▶ Run", "▶ 运行")}
        </button>
        <label class="ll-run__version">
            "Go "
            <select data-testid="go-version" on:change=move |ev| {
                if let Ok(v) = GoVersion::parse(&event_target_value(&ev)) { go_version.set(v) }
            }>
                {[21u32, 22, 23, 27].into_iter().map(|m| {
                    let v = GoVersion::new(m);
                    view! { <option value=v.to_string() selected=move || go_version.get() == v>{v.to_string()}</option> }
                }).collect_view()}
            </select>
        </label>
        <span class="ll-run__sep"></span>
        <button class="ll-button" data-testid="step-back" title="←" aria-label=move || tr(lang.get(), "Step back", "后退一步") disabled=move || event_count.get() == 0 on:click=move |_| on_step.run(-1)>"◀"</button>
        <button class="ll-button" data-testid="play" title="Space" disabled=move || event_count.get() == 0 on:click=move |_| on_toggle.run(())>
            {move || if playing.get() { tr(lang.get(), "Pause", "暂停") } else { tr(lang.get(), "Play", "播放") }}
        </button>
        <button class="ll-button" data-testid="step" title="→" aria-label=move || tr(lang.get(), "Step forward", "前进一步") disabled=move || event_count.get() == 0 on:click=move |_| on_step.run(1)>"▶"</button>
        <label class="ll-run__speed">
            {move || tr(lang.get(), "Speed", "速度")}
            <select data-testid="speed" on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(1.0))>
                {[0.25, 0.5, 1.0, 2.0, 4.0, 8.0].into_iter().map(|s| view! { <option value=s.to_string() selected=s == 1.0>{format!("{s}×")}</option> }).collect_view()}
            </select>
        </label>
        <button class="ll-button" data-testid="table-toggle" aria-pressed=move || show_table.get().to_string() on:click=move |_| show_table.update(|t| *t = !*t)>
            {move || tr(lang.get(), "Table view", "表格视图")}
        </button>
    </div>
    }
}

/// The timeline as a table: one row per goroutine state, for screen readers and copying.
#[component]
fn TraceTable(view: Memo<Option<TimelineView>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="ll-trace-table" data-testid="trace-table">
            <thead><tr><th>"goroutine"</th><th>{move || tr(lang.get(), "from", "从")}</th><th>{move || tr(lang.get(), "to", "到")}</th><th>{move || tr(lang.get(), "state", "状态")}</th><th>{move || tr(lang.get(), "where", "位置")}</th></tr></thead>
            <tbody>
                {move || view.with(|v| v.as_ref().map(table_rows).unwrap_or_default()).into_iter().map(|row| {
                    let label = row.state.label(lang.get());
                    view! { <tr><td>{row.goroutine}</td><td>{row.from}</td><td>{row.to}</td><td>{label}</td><td>{row.place}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The timeline at `cursor` of a finished run, or of what a running one streamed so far.
fn timeline_at(state: &RunState, cursor: usize) -> Option<TimelineView> {
    match state {
        RunState::Done(o) => Some(timeline(&o.trace.events, cursor, MAX_COLUMNS, &o.leaked)),
        RunState::Running { events } if !events.is_empty() => {
            Some(timeline(events, events.len(), MAX_COLUMNS, &[]))
        }
        _ => None,
    }
}

/// With reduced motion, a run shows its end at once instead of playing.
fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// The live view while a run streams: redraws at most every `LIVE_REDRAW_MS`, showing
/// the first `LIVE_EVENTS` events, and notes when the first frame appeared.
fn live_redraw(
    state: RwSignal<RunState>,
    live_steps: RwSignal<u64>,
    first_frame_ms: RwSignal<f64>,
    started: f64,
) -> impl Fn(u64, &[Event]) + 'static {
    let last_draw = Rc::new(RefCell::new(f64::MIN));
    move |steps, events: &[Event]| {
        let now = now_ms();
        let shown = events.len().min(LIVE_EVENTS);
        let drawn = state.with_untracked(|s| match s {
            RunState::Running { events, .. } => events.clone(),
            _ => Arc::default(),
        });
        let redraw = shown > drawn.len() && now - *last_draw.borrow() >= LIVE_REDRAW_MS;
        live_steps.set(steps);
        if redraw {
            *last_draw.borrow_mut() = now;
            if first_frame_ms.get_untracked() == 0.0 {
                first_frame_ms.set(now - started);
            }
            state.set(RunState::Running {
                events: Arc::new(events[..shown].to_vec()),
            });
        }
    }
}

/// What the panel says before a run and while one goes on.
#[component]
fn RunStatus(
    state: RwSignal<RunState>,
    live_steps: RwSignal<u64>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        match state.get() {
        RunState::Idle => view! {
            <p class="ll-run__hint">{move || tr(lang.get(), "Press Run (Shift+Enter) to simulate the program in the editor.", "点击运行（Shift+Enter）模拟编辑器中的程序。")}</p>
        }.into_any(),
        RunState::Running { .. } => {
            view! {
                <p class="ll-run__progress" role="status" data-testid="run-progress">
                    {move || tr(lang.get(), "Simulating… ", "模拟中… ")}{move || format!("{} steps", live_steps.get())}
                    <button class="ll-button ll-button--small" data-testid="cancel" on:click=move |_| on_cancel.run(())>{move || tr(lang.get(), "Cancel", "取消")}</button>
                </p>
            }.into_any()
        }
        RunState::Done(_) => ().into_any(),
    }
    }
}

/// Virtual time, NumGoroutine and retained memory at the cursor.
#[component]
fn RunStats(view: Memo<Option<TimelineView>>) -> impl IntoView {
    let lang = use_lang();
    let count_text = move || {
        view.with(|v| {
            v.as_ref()
                .map_or(String::from("–"), |v| v.num_goroutine.to_string())
        })
    };
    let time_text = move || {
        view.with(|v| {
            v.as_ref().map_or(String::new(), |v| {
                geometry::format_duration(v.cursor_time_ns)
            })
        })
    };
    let retained_text = move || {
        view.with(|v| {
            v.as_ref()
                .map_or(String::new(), |v| format_bytes(v.retained_bytes))
        })
    };
    view! {
        <div class="ll-run__stats">
            <span>{move || tr(lang.get(), "time ", "时间 ")}<strong data-testid="virtual-time">{time_text}</strong></span>
            <span>"NumGoroutine "<strong data-testid="goroutine-count">{count_text}</strong></span>
            <span>{move || tr(lang.get(), "retained ", "占用 ")}<strong data-testid="retained">{retained_text}</strong></span>
        </div>
    }
}

fn timeline_svg(g: geometry::Geometry, lang: Lang) -> impl IntoView {
    let lanes_top = CHART_HEIGHT * 2.0 + 24.0;
    let height = lanes_top + g.lanes_height + 20.0;
    let chart_label =
        |y: f64, text: String| view! { <text class="ll-tl__chart-label" x="4" y=y>{text}</text> };
    view! {
        <svg class="ll-tl" data-testid="timeline" viewBox=format!("0 0 {} {height}", g.width) role="img"
            aria-label=match lang { Lang::En => "Goroutine timeline", Lang::Zh => "goroutine 时间线" }>
            <defs>
                <marker id="ll-arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M0,0 L6,3 L0,6 z" class="ll-tl__arrowhead"/>
                </marker>
            </defs>
            <g class="ll-tl__chart" data-testid="goroutine-chart">
                {chart_label(14.0, format!("NumGoroutine (max {})", g.goroutine_max))}
                <path class="ll-tl__line ll-tl__line--goroutines" d=g.goroutine_path.clone()/>
            </g>
            <g class="ll-tl__chart" transform=format!("translate(0 {})", CHART_HEIGHT + 8.0) data-testid="memory-chart">
                {chart_label(14.0, match lang { Lang::En => format!("retained (max {}; dashed: stacks)", format_bytes(g.retained_max)), Lang::Zh => format!("占用内存（最大 {}；虚线：栈）", format_bytes(g.retained_max)) })}
                <path class="ll-tl__line ll-tl__line--retained" d=g.retained_path.clone()/>
                <path class="ll-tl__line ll-tl__line--stacks" data-testid="stack-line" d=g.stack_path.clone()/>
            </g>
            <g transform=format!("translate(0 {lanes_top})")>
                {g.labels.iter().map(|l| view! {
                    <text class="ll-tl__lane-label" x="4" y=l.y dominant-baseline="middle" data-testid="lane" data-goroutine=l.goroutine data-state=l.state.css()>{l.text.clone()}</text>
                }).collect_view()}
                {g.rects.iter().map(|r| view! {
                    <rect class=format!("ll-seg ll-seg--{}", r.state.css()) x=format!("{:.2}", r.x) y=r.y width=format!("{:.2}", r.width) height=LANE_HEIGHT>
                        <title>{r.title.clone()}</title>
                    </rect>
                }).collect_view()}
                {g.creations.iter().map(|a| view! { <line class="ll-tl__create" x1=a.x1 y1=a.y1 x2=a.x2 y2=a.y2 marker-end="url(#ll-arrow)"/> }).collect_view()}
                {g.handoffs.iter().map(|a| view! { <line class="ll-tl__handoff" x1=a.x1 y1=a.y1 x2=a.x2 y2=a.y2 marker-end="url(#ll-arrow)"/> }).collect_view()}
                {g.ticks.iter().map(|(x, t)| view! { <text class="ll-tl__tick" x=*x y=g.lanes_height + 14.0>{t.clone()}</text> }).collect_view()}
            </g>
            <line class="ll-tl__cursor" data-testid="cursor" x1=g.cursor_x y1="0" x2=g.cursor_x y2=height/>
            <line class="ll-tl__axis" x1=LABEL_WIDTH y1="0" x2=LABEL_WIDTH y2=height/>
        </svg>
    }
}

/// Channel buffers at the cursor: capacity, values waiting, closed.
fn channels(list: &[crate::view::timeline::ChannelState], lang: Lang) -> impl IntoView {
    const SHOWN: usize = 12;
    let items = list
        .iter()
        .take(SHOWN)
        .map(|c| {
            let label = if c.cap == 0 {
                match lang {
                    Lang::En => format!("chan #{} unbuffered", c.id),
                    Lang::Zh => format!("chan #{} 无缓冲", c.id),
                }
            } else {
                format!("chan #{} {}/{}", c.id, c.occupancy, c.cap)
            };
            let slots = (0..c.cap.min(16))
                .map(|i| view! { <span class="ll-chan__slot" class:ll-chan__slot--full=i < c.occupancy></span> })
                .collect_view();
            view! {
                <li class="ll-chan" class:ll-chan--closed=c.closed data-testid="channel" data-cap=c.cap data-occupancy=c.occupancy>
                    <span class="ll-chan__label">{label}{c.closed.then_some(match lang { Lang::En => " (closed)", Lang::Zh => "（已关闭）" })}</span>
                    <span class="ll-chan__slots">{slots}</span>
                </li>
            }
        })
        .collect_view();
    let more = list.len().saturating_sub(SHOWN);
    view! {
        <ul class="ll-chans" aria-label="Channels">
            {items}
            {(more > 0).then(|| view! { <li class="ll-chan">{format!("+{more}")}</li> })}
        </ul>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="ll-legend" aria-label="Legend">
            {LaneState::LEGEND.iter().map(|s| view! {
                <li><span class=format!("ll-legend__swatch ll-seg--{}", s.css())></span>{move || s.label(lang.get())}</li>
            }).collect_view()}
        </ul>
    }
}

/// How the run ended, shown as soon as the simulation is done while the timeline still
/// plays: the headline and a way to the end (where the full summary is).
fn early_outcome(outcome: &Outcome, lang: Lang, on_show_end: Callback<()>) -> AnyView {
    let verdict = RunVerdict::of(outcome);
    if verdict == RunVerdict::Paused {
        return ().into_any();
    }
    let (en, zh) = verdict.headline();
    view! {
        <div class="ll-summary ll-summary--early" role="status" data-testid="run-outcome" data-verdict=format!("{verdict:?}") data-clean=(verdict == RunVerdict::NoLeak).to_string()>
            <p>{match lang { Lang::En => en, Lang::Zh => zh }}</p>
            <button class="ll-button ll-button--small" data-testid="show-end" on:click=move |_| on_show_end.run(())>
                {tr(lang, "Show the end", "跳到结尾")}
            </button>
        </div>
    }
    .into_any()
}

fn summary(
    outcome: Arc<Outcome>,
    at_end: bool,
    lang: Lang,
    on_jump: Callback<(usize, usize)>,
) -> AnyView {
    let verdict = RunVerdict::of(&outcome);
    // A paused manual run has not ended: the scheduler panel says what comes next.
    if !at_end || verdict == RunVerdict::Paused {
        return ().into_any();
    }
    let lines = match verdict {
        RunVerdict::Leaked { .. } => leak_lines(&outcome.leaked),
        RunVerdict::Crashed { .. } => {
            let parked: Vec<_> = crashed_blocked(&outcome).cloned().collect();
            leak_lines(&parked)
        }
        _ => Vec::new(),
    };
    let (en, zh) = verdict.headline();
    let headline = match lang {
        Lang::En => en,
        Lang::Zh => zh,
    };
    // Green only for a real all-clear.
    let shown_leaked = match verdict {
        RunVerdict::NoLeak => 0,
        _ => outcome.leaked.len().max(1),
    };
    let stderr = outcome.stderr.lines().next().unwrap_or("").to_owned();
    view! {
        <div class="ll-summary" role="status" data-testid="leak-summary" data-leaked=outcome.leaked.len() data-verdict=format!("{verdict:?}") data-clean=(shown_leaked == 0).to_string() data-exit-code=outcome.exit_code>
            <Show when={let s = stderr.clone(); move || !s.is_empty()}>
                <pre class="ll-summary__fatal" data-testid="fatal">{stderr.clone()}</pre>
            </Show>
            <p>{headline}</p>
            <ul>
                {lines.into_iter().map(|(line, en, zh)| view! {
                    <li><button class="ll-link" on:click=move |_| on_jump.run((line as usize, 1))>{match lang { Lang::En => en.clone(), Lang::Zh => zh.clone() }}</button></li>
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

/// Runs the reply decoder and the timeline code once on a sample, so the first real Run
/// doesn't pay for the engine compiling them (wasm functions compile on first call).
fn warm_up_page_code() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.with(|d| d.replace(true)) {
        return;
    }
    if let Ok(crate::sim::stream::Reply::Progress { events, .. }) =
        crate::sim::stream::Reply::from_json(&crate::sim::stream::sample_reply_json())
    {
        let view = timeline(&events, events.len(), MAX_COLUMNS, &[]);
        let _ = layout(&view, WIDTH);
    }
}

/// Whether a page-wide key belongs to the panel at `root`: the focus is in its workspace,
/// or in none and `root` holds the first element on the page that `selector` matches (a
/// lesson page has a second workspace for its challenge).
pub(super) fn owns_page_keys(root: &web_sys::Element, selector: &str) -> bool {
    let workspace = |el: &web_sys::Element| el.closest(".ll-workspace").ok().flatten();
    match document().active_element().as_ref().and_then(workspace) {
        Some(focused) => workspace(root).is_some_and(|mine| mine == focused),
        None => document()
            .query_selector(selector)
            .ok()
            .flatten()
            .is_some_and(|first| root == &first || root.contains(Some(&first))),
    }
}
