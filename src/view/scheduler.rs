//! "You are the scheduler": what the panel shows for a manual run, computed from its
//! outcome and the learner's picks so far.

use crate::lessons::challenge::Goal;
use crate::lessons::Lang;
use crate::sim::{End, Outcome, Schedule};

/// Keys 1–9 pick the first nine choices.
pub const KEYED_CHOICES: usize = 9;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceButton {
    pub goroutine: u32,
    pub line: u32,
    /// The digit key that picks it, for the first nine.
    pub key: Option<usize>,
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchedulerState {
    /// Waiting for the learner's pick.
    Paused,
    /// The program ended (and met the challenge's goal, if one is set: `Won`).
    Ended,
    Won,
    /// The program cannot be scheduled (it does not compile, the simulator stops, or a
    /// pick did not fit).
    Stuck,
}

impl SchedulerState {
    pub fn as_str(self) -> &'static str {
        match self {
            SchedulerState::Paused => "paused",
            SchedulerState::Ended => "ended",
            SchedulerState::Won => "won",
            SchedulerState::Stuck => "stuck",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchedulerView {
    pub state: SchedulerState,
    pub headline: String,
    pub choices: Vec<ChoiceButton>,
    /// The picks as a schedule token (share it, or `leaklab run --replay` it).
    pub token: String,
    /// (line, goroutine) for each choice, for the editor's gutter.
    pub next_lines: Vec<(usize, u32)>,
}

fn goal_name(goal: Goal, lang: Lang) -> &'static str {
    match (goal, lang) {
        (Goal::Deadlock, Lang::En) => "a deadlock",
        (Goal::Deadlock, Lang::Zh) => "死锁",
        (Goal::Crash, Lang::En) => "a crash",
        (Goal::Crash, Lang::Zh) => "崩溃",
        (Goal::Leak, Lang::En) => "a goroutine blocked forever at the end",
        (Goal::Leak, Lang::Zh) => "结束时有 goroutine 永久阻塞",
    }
}

pub fn scheduler_view(
    outcome: &Outcome,
    picks: &[u32],
    goal: Option<Goal>,
    lang: Lang,
) -> SchedulerView {
    let n = picks.len();
    let token = Schedule::manual(picks).token();
    let choices: Vec<ChoiceButton> = outcome
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| ChoiceButton {
            goroutine: c.id,
            line: c.line,
            key: (i < KEYED_CHOICES).then_some(i + 1),
            label: lang.pick(
                format!("goroutine {} · line {}", c.id, c.line),
                format!("goroutine {} · 第 {} 行", c.id, c.line),
            ),
        })
        .collect();
    let next_lines = choices
        .iter()
        .map(|c| (c.line as usize, c.goroutine))
        .collect();
    let first_line = outcome.stderr.lines().next().unwrap_or("").to_owned();
    let (state, headline) = match (&outcome.end, goal) {
        (End::Paused, _) => (
            SchedulerState::Paused,
            lang.pick(
                format!("Pick {}: which goroutine runs its next statement?", n + 1),
                format!("第 {} 步：哪个 goroutine 运行下一条语句？", n + 1),
            ),
        ),
        (End::Invalid | End::NotSimulated | End::Budget(_), _) => (
            SchedulerState::Stuck,
            lang.pick(
                format!("This program can't be scheduled here: {first_line}"),
                format!("无法在此调度这个程序：{first_line}"),
            ),
        ),
        (_, Some(goal)) if goal.met_by(outcome) => (
            SchedulerState::Won,
            lang.pick(
                format!("✓ Challenge met in {n} picks: you made {}.", goal_name(goal, lang)),
                format!("✓ 挑战完成，用了 {n} 步：你制造了{}。", goal_name(goal, lang)),
            ),
        ),
        (_, Some(goal)) => (
            SchedulerState::Ended,
            lang.pick(
                format!("The program ended after {n} picks without {}. Undo a few picks and try another order.", goal_name(goal, lang)),
                format!("程序在 {n} 步后结束，没有出现{}。撤销几步，换个顺序再试。", goal_name(goal, lang)),
            ),
        ),
        (_, None) => (
            SchedulerState::Ended,
            lang.pick(
                format!("The program ended after {n} picks."),
                format!("程序在 {n} 步后结束。"),
            ),
        ),
    };
    SchedulerView {
        state,
        headline,
        choices,
        token,
        next_lines,
    }
}

/// The whole panel as markup: the Start/Restart, Undo and Leave buttons (`data-action`),
/// then, once the manual run has an outcome, [`scheduler_html`]. `picks` is `None`
/// outside scheduler mode; `outcome` is `None` while the run goes on.
pub fn panel_html(
    picks: Option<&[u32]>,
    outcome: Option<&Outcome>,
    goal: Option<Goal>,
    lang: Lang,
) -> String {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let view = picks
        .zip(outcome)
        .map(|(p, o)| scheduler_view(o, p, goal, lang));
    let state = match (&picks, &view) {
        (None, _) => "off",
        (Some(_), None) => "running",
        (Some(_), Some(v)) => v.state.as_str(),
    };
    let mut h = format!(
        r#"<div class="ll-sched" data-testid="scheduler" data-active="{}" data-state="{state}"><div class="ll-sched__bar"><button type="button" class="ll-button" data-action="start" data-testid="sched-start" aria-pressed="{}">{}</button>"#,
        picks.is_some(),
        picks.is_some(),
        if picks.is_some() {
            t("Restart", "从头开始")
        } else {
            t("Be the scheduler", "你来调度")
        }
    );
    if let Some(p) = picks {
        h.push_str(&format!(
            r#"<button type="button" class="ll-button" data-action="undo" data-testid="sched-undo"{}>{}</button><button type="button" class="ll-button" data-action="leave" data-testid="sched-leave">{}</button>"#,
            if p.is_empty() { " disabled" } else { "" },
            t("Undo", "撤销"),
            t("Leave", "退出")
        ));
    }
    h.push_str("</div>");
    if let Some(v) = &view {
        h.push_str(&scheduler_html(v, lang));
    }
    h.push_str("</div>");
    h
}

/// The headline and the choice buttons as markup (one string, as for the explorer's
/// results): each button carries its goroutine in `data-pick`.
pub fn scheduler_html(v: &SchedulerView, lang: Lang) -> String {
    let mut h = format!(
        r#"<p class="ll-sched__headline ll-sched__headline--{}" data-testid="sched-headline">"#,
        v.state.as_str()
    );
    super::explore::escape(&mut h, &v.headline);
    h.push_str(r#"</p><div class="ll-sched__choices" role="group">"#);
    for c in &v.choices {
        let key = c.key.map(|k| k.to_string()).unwrap_or_default();
        h.push_str(&format!(
            r#"<button type="button" class="ll-button ll-sched__pick" data-testid="sched-pick" data-pick="{}" aria-keyshortcuts="{key}"><kbd>{key}</kbd> {}</button>"#,
            c.goroutine, c.label
        ));
    }
    h.push_str(&format!(
        r#"</div><p class="ll-sched__token">{} <code data-testid="sched-token">"#,
        lang.pick("Schedule:", "调度：")
    ));
    super::explore::escape(&mut h, &v.token);
    h.push_str("</code></p>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{self, Config};

    const PING: &str = "package main\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tdone <- true\n\t}()\n\t<-done\n}\n";

    fn manual(picks: &[u32]) -> Outcome {
        sim::run(
            PING,
            &Config::default().with_schedule(Schedule::manual(picks)),
        )
    }

    #[test]
    fn a_paused_run_offers_each_goroutine_with_its_key_and_next_line() {
        let v = scheduler_view(&manual(&[]), &[], None, Lang::En);
        assert_eq!(v.state, SchedulerState::Paused);
        assert_eq!(
            v.headline,
            "Pick 1: which goroutine runs its next statement?"
        );
        let shown: Vec<_> = v
            .choices
            .iter()
            .map(|c| (c.goroutine, c.key, c.label.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (1, Some(1), "goroutine 1 · line 8"),
                (2, Some(2), "goroutine 2 · line 6")
            ]
        );
        assert_eq!(v.next_lines, [(8, 1), (6, 2)]);
        assert_eq!(v.token, "m");
    }

    #[test]
    fn the_end_says_whether_the_goal_was_met() {
        let mut picks = Vec::new();
        let mut o = manual(&picks);
        while o.end == End::Paused {
            picks.push(o.choices[0].id);
            o = manual(&picks);
        }
        let v = scheduler_view(&o, &picks, Some(Goal::Deadlock), Lang::En);
        assert_eq!(v.state, SchedulerState::Ended);
        assert!(v.headline.contains("without a deadlock"), "{}", v.headline);
        assert!(v.choices.is_empty());
        let deadlock = sim::run(
            "package main\n\nfunc main() {\n\tch := make(chan int)\n\tch <- 1\n}\n",
            &Config::default().with_schedule(Schedule::manual(&[])),
        );
        let v = scheduler_view(&deadlock, &[], Some(Goal::Deadlock), Lang::Zh);
        assert_eq!(v.state, SchedulerState::Won);
        assert!(v.headline.starts_with("✓ 挑战完成"), "{}", v.headline);
    }

    #[test]
    fn a_pick_that_does_not_fit_is_stuck_with_the_reason() {
        let v = scheduler_view(&manual(&[7]), &[7], None, Lang::En);
        assert_eq!(v.state, SchedulerState::Stuck);
        assert!(v.headline.contains("goroutine 7"), "{}", v.headline);
    }

    #[test]
    fn the_panel_offers_start_outside_the_mode_and_undo_once_there_are_picks() {
        let off = panel_html(None, None, None, Lang::En);
        assert!(
            off.contains(r#"data-active="false" data-state="off""#),
            "{off}"
        );
        assert!(
            off.contains(">Be the scheduler</button>") && !off.contains("sched-undo"),
            "{off}"
        );
        let running = panel_html(Some(&[]), None, None, Lang::Zh);
        assert!(
            running.contains(r#"data-state="running""#)
                && running.contains(r#"data-testid="sched-undo" disabled>撤销"#),
            "{running}"
        );
        let o = manual(&[2]);
        let paused = panel_html(Some(&[2]), Some(&o), None, Lang::En);
        assert!(
            paused.contains(r#"data-state="paused""#)
                && paused.contains(r#"data-testid="sched-undo">Undo"#),
            "{paused}"
        );
        assert!(
            paused.contains(r#"<code data-testid="sched-token">m2</code>"#),
            "{paused}"
        );
    }

    #[test]
    fn the_markup_has_a_keyed_button_per_choice_and_escapes_the_reason() {
        let v = scheduler_view(&manual(&[]), &[], None, Lang::En);
        let h = scheduler_html(&v, Lang::En);
        assert!(
            h.contains(
                r#"data-pick="2" aria-keyshortcuts="2"><kbd>2</kbd> goroutine 2 · line 6</button>"#
            ),
            "{h}"
        );
        assert!(
            h.contains(r#"<code data-testid="sched-token">m</code>"#),
            "{h}"
        );
        let bad = sim::run(
            "package main\n\nfunc main() {\n\tx := \"<b>\" +\n}\n",
            &Config::default().with_schedule(Schedule::manual(&[])),
        );
        let h = scheduler_html(&scheduler_view(&bad, &[], None, Lang::En), Lang::En);
        assert!(!h.contains("<b>"), "{h}");
    }
}
