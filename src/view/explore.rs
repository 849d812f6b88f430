//! What the schedule explorer shows: a bar per ending, a headline that never gives an
//! all-clear the runs do not support, and the distinct failures the learner can load.

use crate::lessons::Lang;
use crate::sim::explore::Verdict;
use crate::sim::stream::ExploreSummary;
use crate::sim::Schedule;

#[derive(Clone, Debug, PartialEq)]
pub struct ExploreView {
    pub headline: String,
    /// Whether the headline reports a failure (styled as a warning).
    pub failing: bool,
    pub bars: Vec<Bar>,
    pub failures: Vec<FailureRow>,
    /// Schedules run so far.
    pub done: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub verdict: Verdict,
    pub label: &'static str,
    pub count: usize,
    /// Share of the schedules run so far, 0–100.
    pub percent: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FailureRow {
    pub schedule: Schedule,
    pub token: String,
    pub title: String,
    pub detail: String,
}

pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Ok => lang.pick("ended normally", "正常结束"),
        Verdict::Leaked => lang.pick("leaked", "泄漏"),
        Verdict::Deadlock => lang.pick("deadlock", "死锁"),
        Verdict::Panic => lang.pick("panic", "panic"),
        Verdict::Failed => lang.pick("failed", "失败退出"),
        Verdict::Budget => lang.pick("stopped by a budget", "超出预算"),
        Verdict::NotSimulated => lang.pick("not simulated", "无法模拟"),
        Verdict::Invalid => lang.pick("does not compile", "无法编译"),
    }
}

pub fn explore_view(summary: &ExploreSummary, lang: Lang) -> ExploreView {
    let done = summary.schedules;
    let bars: Vec<Bar> = Verdict::ALL
        .iter()
        .filter(|v| summary.count(**v) > 0)
        .map(|&verdict| Bar {
            verdict,
            label: verdict_label(verdict, lang),
            count: summary.count(verdict),
            percent: 100.0 * summary.count(verdict) as f64 / done.max(1) as f64,
        })
        .collect();
    let failed: usize = bars
        .iter()
        .filter(|b| b.verdict.is_failure())
        .map(|b| b.count)
        .sum();
    let gave_up = summary.count(Verdict::NotSimulated)
        + summary.count(Verdict::Budget)
        + summary.count(Verdict::Invalid);
    let headline = if failed > 0 {
        let kinds: Vec<String> = bars
            .iter()
            .filter(|b| b.verdict.is_failure())
            .map(|b| b.label.to_owned())
            .collect();
        match lang {
            Lang::En => format!("{} in {failed} of {done} schedules", kinds.join(" or ")),
            Lang::Zh => format!("{done} 种调度中有 {failed} 种出现{}", kinds.join("或")),
        }
    } else if gave_up > 0 {
        match lang {
            Lang::En => {
                format!("Not judged: the simulator could not finish {gave_up} of {done} schedules")
            }
            Lang::Zh => format!("无法判断：{done} 种调度中有 {gave_up} 种模拟未能完成"),
        }
    } else if done == 0 {
        lang.pick("Trying schedules…", "正在尝试调度…").to_owned()
    } else {
        match lang {
            Lang::En => format!("No failure in {done} schedules"),
            Lang::Zh => format!("{done} 种调度均未出错"),
        }
    };
    let failures = summary
        .failures
        .iter()
        .map(|f| {
            let label = verdict_label(f.verdict, lang);
            let title = match lang {
                Lang::En => format!("{label}: {} of {done}", f.count),
                Lang::Zh => format!("{label}：{done} 种中 {} 种", f.count),
            };
            let lines = f
                .blocked_lines
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let detail = match (f.message.is_empty(), lines.is_empty(), lang) {
                (false, _, _) => f.message.clone(),
                (true, false, Lang::En) => format!("blocked forever at line {lines}"),
                (true, false, Lang::Zh) => format!("永久阻塞于第 {lines} 行"),
                (true, true, _) => String::new(),
            };
            FailureRow {
                schedule: f.schedule.clone(),
                token: f.schedule.token(),
                title,
                detail,
            }
        })
        .collect();
    ExploreView {
        headline,
        failing: failed > 0,
        bars,
        failures,
        done,
    }
}

pub(crate) fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The results as markup (one string instead of a tree of reactive views keeps the page's
/// wasm small). Every text is escaped; a failure's Show button carries its token in
/// `data-token` and is pressed when `loaded` is its schedule.
pub fn results_html(v: &ExploreView, lang: Lang, loaded: Option<Schedule>) -> String {
    let mut h = String::new();
    h.push_str(if v.failing {
        r#"<p class="ll-explore__headline ll-explore__headline--failing" data-testid="explore-headline">"#
    } else {
        r#"<p class="ll-explore__headline" data-testid="explore-headline">"#
    });
    escape(&mut h, &v.headline);
    h.push_str(r#"</p><ul class="ll-explore__bars" data-testid="explore-bars">"#);
    for b in &v.bars {
        let verdict = b.verdict.as_str();
        h.push_str(&format!(
            r#"<li class="ll-explore__row" data-verdict="{verdict}"><span class="ll-explore__label">{}</span><span class="ll-explore__track"><span class="ll-explore__fill ll-explore__fill--{verdict}" style="width: {:.1}%"></span></span><span class="ll-explore__count">{}</span></li>"#,
            b.label, b.percent, b.count
        ));
    }
    h.push_str(r#"</ul><ul class="ll-explore__failures">"#);
    for f in &v.failures {
        h.push_str(&format!(
            r#"<li class="ll-explore__failure"><button type="button" class="ll-button" data-testid="explore-load" data-token="{}" aria-pressed="{}">{}</button><span class="ll-explore__title">"#,
            f.token,
            loaded.as_ref() == Some(&f.schedule),
            lang.pick("Show", "查看")
        ));
        escape(&mut h, &f.title);
        h.push_str(r#"</span><code class="ll-explore__token">"#);
        escape(&mut h, &f.token);
        h.push_str(r#"</code><span class="ll-explore__detail">"#);
        escape(&mut h, &f.detail);
        h.push_str("</span></li>");
    }
    h.push_str("</ul>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::stream::FailureSummary;

    #[test]
    fn the_markup_escapes_what_the_program_printed() {
        let s = summary(
            &[(Verdict::Panic, 1)],
            vec![FailureSummary {
                schedule: Schedule::random(3),
                verdict: Verdict::Panic,
                count: 1,
                message: r#"panic: <img src=x onerror="alert(1)"> & 'q'"#.into(),
                blocked_lines: vec![],
            }],
        );
        let v = explore_view(&s, Lang::En);
        let h = results_html(&v, Lang::En, Some(Schedule::random(3)));
        assert!(!h.contains("<img"), "{h}");
        assert!(
            h.contains("panic: &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;"),
            "{h}"
        );
        assert!(h.contains(r#"data-token="r3" aria-pressed="true""#), "{h}");
        assert!(h.contains(r#"data-verdict="panic""#), "{h}");
        let h = results_html(&v, Lang::En, None);
        assert!(h.contains(r#"aria-pressed="false""#), "{h}");
    }

    fn summary(outcomes: &[(Verdict, usize)], failures: Vec<FailureSummary>) -> ExploreSummary {
        let mut counts = vec![0; Verdict::ALL.len()];
        for (v, n) in outcomes {
            counts[*v as usize] = *n;
        }
        ExploreSummary {
            schedules: counts.iter().sum(),
            runs: 200,
            outcomes: counts,
            failures,
        }
    }

    #[test]
    fn failures_lead_the_headline_and_each_can_be_loaded() {
        let s = summary(
            &[(Verdict::Ok, 163), (Verdict::Deadlock, 37)],
            vec![FailureSummary {
                schedule: Schedule::random(5),
                verdict: Verdict::Deadlock,
                count: 37,
                message: "fatal error: all goroutines are asleep - deadlock!".into(),
                blocked_lines: vec![9, 10],
            }],
        );
        let v = explore_view(&s, Lang::En);
        assert_eq!(v.headline, "deadlock in 37 of 200 schedules");
        assert!(v.failing);
        assert_eq!(v.bars.len(), 2);
        assert!((v.bars[1].percent - 18.5).abs() < 1e-9);
        assert_eq!(v.failures[0].token, "r5");
        assert_eq!(v.failures[0].title, "deadlock: 37 of 200");
        let zh = explore_view(&s, Lang::Zh);
        assert_eq!(zh.headline, "200 种调度中有 37 种出现死锁");
    }

    #[test]
    fn no_all_clear_when_the_simulator_gave_up() {
        let v = explore_view(
            &summary(&[(Verdict::Ok, 3), (Verdict::NotSimulated, 197)], vec![]),
            Lang::En,
        );
        assert!(v.headline.starts_with("Not judged"), "{}", v.headline);
        assert!(!v.failing);
        let v = explore_view(&summary(&[(Verdict::Ok, 200)], vec![]), Lang::En);
        assert_eq!(v.headline, "No failure in 200 schedules");
        let v = explore_view(&summary(&[], vec![]), Lang::En);
        assert_eq!(v.headline, "Trying schedules…");
    }

    #[test]
    fn a_leak_without_a_message_names_its_lines() {
        let s = summary(
            &[(Verdict::Leaked, 2)],
            vec![FailureSummary {
                schedule: Schedule::random(1),
                verdict: Verdict::Leaked,
                count: 2,
                message: String::new(),
                blocked_lines: vec![14],
            }],
        );
        assert_eq!(
            explore_view(&s, Lang::En).failures[0].detail,
            "blocked forever at line 14"
        );
        assert_eq!(
            explore_view(&s, Lang::Zh).failures[0].detail,
            "永久阻塞于第 14 行"
        );
    }
}
