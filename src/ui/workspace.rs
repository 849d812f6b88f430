use super::editor::{replace_all, Editor};
use super::problems_panel::ProblemsPanel;
use super::run_panel::RunPanel;
use super::{now_ms, tr, use_lang};
use crate::analysis::GoVersion;
use crate::analysis::{self, highlight::Token, Options, Report};
use crate::sim::Outcome;
use crate::view::code_view::{carry_over, gutter_html, render_lines, Mark};
use crate::view::problems::{problems, utf16_offset};
use leptos::html::Textarea;
use leptos::prelude::*;
use std::sync::Arc;

/// The editor with its live check: highlighting, squiggles, gutter marks, problems.
#[component]
pub fn Workspace(
    /// The code to reset to.
    original: String,
    file_name: String,
    /// Told about every edit (to save it), with `None` once the code is the original again.
    #[prop(optional)]
    on_change: Option<Callback<Option<String>>>,
    /// The Go version the simulation and checker use.
    #[prop(optional)]
    go_version: Option<RwSignal<GoVersion>>,
    /// Told about each finished run.
    #[prop(optional)]
    on_outcome: Option<Callback<Arc<Outcome>>>,
    /// The code, when the caller starts from saved edits or needs it too (otherwise the
    /// workspace keeps its own, starting from `original`).
    #[prop(optional)]
    code: Option<RwSignal<String>>,
    /// Embeds may show code that can be run but not edited.
    #[prop(optional)]
    read_only: bool,
    /// On a challenge's program: the ending the learner must reach as the scheduler.
    #[prop(optional)]
    challenge: Option<crate::lessons::challenge::Goal>,
    /// The schedule of the last run, shared in links; a link's runs on arrival.
    #[prop(optional)]
    schedule: Option<RwSignal<Option<crate::sim::Schedule>>>,
) -> impl IntoView {
    let next_lines = RwSignal::new(Vec::<(usize, u32)>::new());
    let go_version = go_version.unwrap_or_else(|| RwSignal::new(GoVersion::default()));
    let lang = use_lang();
    let code = code.unwrap_or_else(|| RwSignal::new(original.clone()));
    if let Some(on_change) = on_change {
        let original = original.clone();
        Effect::new(move |previous: Option<()>| {
            let text = code.get();
            if previous.is_some() {
                on_change.run((text != original).then_some(text));
            }
        });
    }
    // The text the check last ran on. Small files are checked on every keystroke; when a
    // check gets slow (a 2,000-line paste), typing stays immediate and the check waits for a
    // pause, while the layer under the textarea shows the new text without colours.
    let checked_source = RwSignal::new(code.get_untracked());
    let checked = Memo::new(move |_| {
        let options = Options {
            go_version: go_version.get(),
        };
        checked_source.with(|c| {
            if c.len() > LIVE_CHECK_MAX_BYTES {
                (Report::default(), Vec::new(), 0.0)
            } else {
                timed_check(c, &options)
            }
        })
    });
    let too_large = Memo::new(move |_| code.with(|c| c.len() > LIVE_CHECK_MAX_BYTES));
    let pending_check = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    Effect::new(move |_| {
        let text = code.get();
        let slow = checked.with_untracked(|(_, _, ms)| *ms) > SLOW_CHECK_MS;
        if slow {
            let timer = gloo_timers::callback::Timeout::new(CHECK_PAUSE_MS, move || {
                checked_source.set(text)
            });
            pending_check.set_value(Some(timer));
        } else {
            pending_check.set_value(None);
            checked_source.set(text);
        }
    });
    let report = Signal::derive(move || checked.with(|(r, _, _)| r.clone()));
    let check_ms = Signal::derive(move || checked.with(|(_, _, ms)| *ms));
    // While a check is pending, the last check's colours move with the text, so only the
    // edited line changes (the editor redraws only changed lines).
    let highlight_lines = Memo::new(move |_| {
        code.with(|c| {
            checked_source.with(|s| {
                checked.with(|(report, tokens, _)| {
                    if s == c {
                        render_lines(c, tokens, &marks(report))
                    } else {
                        let (tokens, marks) = carry_over(s, c, tokens, &marks(report));
                        render_lines(c, &tokens, &marks)
                    }
                })
            })
        })
    });
    let gutter = gutter_memo(code, checked, next_lines);

    let textarea = NodeRef::<Textarea>::new();
    let jump = Callback::new(move |(line, column): (usize, usize)| {
        if let Some(el) = textarea.get() {
            let offset = code.with_untracked(|c| utf16_offset(c, line, column));
            let _ = el.focus();
            let _ = el.set_selection_range(offset, offset);
        }
    });
    let apply_fix = Callback::new(move |index: usize| {
        // The fix's offsets belong to the checked text; never apply them to newer text.
        if checked_source.with_untracked(|s| code.with_untracked(|c| s != c)) {
            return;
        }
        let fixed = checked
            .with_untracked(|(r, _, _)| r.diagnostics.get(index).and_then(|d| d.fix.clone()));
        if let (Some(fix), Some(el)) = (fixed, textarea.get()) {
            if let Ok(text) = code.with_untracked(|c| fix.apply(c)) {
                replace_all(&el, &text, code);
            }
        }
    });
    let reset = move |_| {
        if let Some(el) = textarea.get() {
            replace_all(&el, &original, code);
        }
    };

    view! {
        <section class="ll-workspace" aria-label="Workspace">
            <div class="ll-workspace__toolbar">
                <span class="ll-workspace__file">{file_name}</span>
                {(!read_only).then(|| view! {
                    <button class="ll-button" data-testid="reset" on:click=reset>
                        {move || tr(lang.get(), "Reset code", "恢复原始代码")}
                    </button>
                })}
            </div>
            <Editor
                code=code
                node_ref=textarea
                highlight_lines=highlight_lines.into()
                gutter_html=gutter.into()
                label=Signal::derive(move || tr(lang.get(), "Go code", "Go 代码").to_owned())
                read_only=read_only
            />
            <Show when=move || too_large.get()>
                <TooLargeNotice code/>
            </Show>
            <ProblemsPanel report=report check_ms=check_ms on_jump=jump on_apply_fix=apply_fix/>
            <RunPanel code=code.into() go_version=go_version on_jump=jump on_outcome=on_outcome.unwrap_or_else(|| Callback::new(|_| ())) challenge=challenge next_lines=next_lines shared_schedule=schedule.unwrap_or_else(|| RwSignal::new(None))/>
        </section>
    }
}

/// The gutter: line numbers, problem marks and the scheduler's "runs next" marks. A
/// memo, so the gutter's DOM is only touched when its text changes.
fn gutter_memo(
    code: RwSignal<String>,
    checked: Memo<(Report, Vec<Token>, f64)>,
    next_lines: RwSignal<Vec<(usize, u32)>>,
) -> Memo<String> {
    Memo::new(move |_| {
        let lines = code.with(|c| c.split('\n').count());
        checked.with(|(report, _, _)| {
            let marked: Vec<_> = problems(report)
                .iter()
                .map(|p| (p.line, p.severity))
                .collect();
            next_lines.with(|next| gutter_html(lines, &marked, next))
        })
    })
}

/// Says why colours and checks stopped for a very large file, and what to do instead.
#[component]
fn TooLargeNotice(code: RwSignal<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="ll-notice" role="status" data-testid="too-large">
            {move || {
                let kib = code.with(|c| c.len()) / 1024;
                match lang.get() {
                    crate::lessons::Lang::En => format!("This file is {kib} KiB: live checking pauses above {} KiB so typing stays fast. Run `leaklab check` on it, or shorten it.", LIVE_CHECK_MAX_BYTES / 1024),
                    crate::lessons::Lang::Zh => format!("此文件有 {kib} KiB：超过 {} KiB 时暂停实时检查，以保证输入流畅。请用 `leaklab check` 检查，或缩短代码。", LIVE_CHECK_MAX_BYTES / 1024),
                }
            }}
        </p>
    }
}

/// A check slower than this (ms) no longer runs on every keystroke...
const SLOW_CHECK_MS: f64 = 12.0;
/// Above this the live check pauses (a 1 MB paste would block the page for seconds);
/// `leaklab check` handles any size.
const LIVE_CHECK_MAX_BYTES: usize = 256 * 1024;
/// ...but after this pause in typing (ms).
const CHECK_PAUSE_MS: u32 = 150;

/// Checks `code`, returning the report, highlighting and how long it took.
fn timed_check(code: &str, options: &Options) -> (Report, Vec<Token>, f64) {
    let start = now_ms();
    let (report, tokens) = analysis::check_highlighted(code, options);
    (report, tokens, now_ms() - start)
}

fn marks(report: &Report) -> Vec<Mark> {
    let syntax = report.syntax_errors.iter().map(|e| Mark {
        start_byte: e.span.start_byte,
        end_byte: e.span.end_byte,
        severity: analysis::Severity::Error,
    });
    let leaks = report.diagnostics.iter().map(|d| Mark {
        start_byte: d.span.start_byte,
        end_byte: d.span.end_byte,
        severity: d.severity,
    });
    syntax.chain(leaks).collect()
}
