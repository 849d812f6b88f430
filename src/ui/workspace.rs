use super::checker;
use super::editor::{replace_all, Editor};
use super::problems_panel::ProblemsPanel;
use super::run_panel::RunPanel;
use super::{tr, use_lang};
use crate::analysis::wire::CheckReply;
use crate::analysis::GoVersion;
use crate::analysis::{self, highlight::Token, Report};
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
    /// `original` checked under the starting Go version ahead of time (lesson content):
    /// shown at once when the code starts as the original, before the worker answers.
    #[prop(default = None)]
    precheck: Option<CheckReply>,
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
    // The text the last check reply belongs to, and that reply. The check runs in a worker
    // (`ui::checker`), one request in flight: until the reply for the newest text arrives,
    // the layer under the textarea shows the last reply's colours moved with the edit.
    let LiveCheck {
        checked_source,
        checked,
        checker_error,
        replied,
        ..
    } = LiveCheck::start(code, go_version, &original, precheck);
    let too_large = Memo::new(move |_| code.with(|c| c.len() > LIVE_CHECK_MAX_BYTES));
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
    let gutter = gutter_memo(code, checked.into(), next_lines);

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
                    <span class="ll-workspace__keys" data-testid="editor-keys">{move || tr(lang.get(), KEYS_EN, KEYS_ZH)}</span>
                })}
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
                keys=Signal::derive(move || tr(lang.get(), KEYS_EN, KEYS_ZH).to_owned())
                read_only=read_only
            />
            <Show when=move || too_large.get()>
                <TooLargeNotice code/>
            </Show>
            {move || checker_error.get().map(|why| view! {
                <p class="ll-notice" role="alert" data-testid="checker-error">
                    {move || tr(lang.get(), "The live check is not running: ", "实时检查未在运行：")}{why.clone()}
                </p>
            })}
            <ProblemsPanel report=report check_ms=check_ms replied=replied on_jump=jump on_apply_fix=apply_fix/>
            <RunPanel code=code.into() go_version=go_version on_jump=jump on_outcome=on_outcome.unwrap_or_else(|| Callback::new(|_| ())) challenge=challenge next_lines=next_lines shared_schedule=schedule.unwrap_or_else(|| RwSignal::new(None))/>
        </section>
    }
}

/// The gutter: line numbers, problem marks and the scheduler's "runs next" marks. A
/// memo, so the gutter's DOM is only touched when its text changes.
fn gutter_memo(
    code: RwSignal<String>,
    checked: Signal<(Report, Vec<Token>, f64)>,
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

/// The editor's keys, shown beside it and read out when it takes the focus.
const KEYS_EN: &str = "Tab indents · Esc, then Tab, leaves the editor";
const KEYS_ZH: &str = "Tab 缩进 · 先按 Esc 再按 Tab 离开编辑器";

/// Above this the live check pauses (a 1 MB paste would keep the checker busy for
/// seconds); `leaklab check` handles any size.
const LIVE_CHECK_MAX_BYTES: usize = 256 * 1024;

/// The workspace's side of the worker check: at most one request in flight; text typed
/// meanwhile waits, and only the newest waiting text is sent when the reply comes.
#[derive(Clone, Copy)]
struct LiveCheck {
    checked_source: RwSignal<String>,
    checked: RwSignal<(Report, Vec<Token>, f64)>,
    checker_error: RwSignal<Option<String>>,
    replied: RwSignal<bool>,
    state: StoredValue<InFlight, LocalStorage>,
}

#[derive(Default)]
struct InFlight {
    busy: bool,
    waiting: Option<(String, GoVersion)>,
}

impl LiveCheck {
    /// Checks the code now and after every edit or version change. A `precheck` of the
    /// original is shown until the first reply when the code starts as the original.
    fn start(
        code: RwSignal<String>,
        go_version: RwSignal<GoVersion>,
        original: &str,
        precheck: Option<CheckReply>,
    ) -> Self {
        let precheck = precheck.filter(|_| code.with_untracked(|c| c == original));
        let live = LiveCheck {
            checked_source: RwSignal::new(code.get_untracked()),
            checked: RwSignal::new(precheck.as_ref().map_or_else(
                || (Report::default(), Vec::new(), 0.0),
                |p| (p.report.clone(), p.tokens(), 0.0),
            )),
            checker_error: RwSignal::new(None),
            // False until the first reply: the problems panel says "checking", not "all clear".
            replied: RwSignal::new(precheck.is_some()),
            state: StoredValue::new_local(InFlight::default()),
        };
        Effect::new(move |_| {
            let text = code.get();
            let version = go_version.get();
            if text.len() > LIVE_CHECK_MAX_BYTES {
                live.checked.set((Report::default(), Vec::new(), 0.0));
                live.checked_source.set(text);
                live.replied.set(true);
            } else {
                live.request(text, version);
            }
        });
        live
    }

    fn request(self, text: String, version: GoVersion) {
        let busy = self.state.try_update_value(|s| {
            if s.busy {
                s.waiting = Some((text.clone(), version));
            }
            std::mem::replace(&mut s.busy, true)
        });
        if busy != Some(false) {
            return;
        }
        checker::check(text.clone(), version, move |result| {
            // The workspace may be gone (the learner left the page): then nothing is set.
            match result {
                Ok(reply) => {
                    let tokens = reply.tokens();
                    self.checked.try_set((reply.report, tokens, reply.check_ms));
                    self.checked_source.try_set(text);
                    self.checker_error.try_set(None);
                    self.replied.try_set(true);
                }
                Err(why) => {
                    self.checker_error.try_set(Some(why));
                }
            }
            let next = self.state.try_update_value(|s| {
                s.busy = false;
                s.waiting.take()
            });
            if let Some(Some((text, version))) = next {
                self.request(text, version);
            }
        });
    }
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
