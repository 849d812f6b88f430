//! `time-tick-leak`: `time.Tick` where its ticker outlives its use.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, Exit, FuncFact, FuncKind, PathWalk};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct TimeTickLeak;

static META: RuleMeta = RuleMeta {
    id: "time-tick-leak",
    severity: Severity::Error,
    summary: "`time.Tick` in a function that returns leaks its unstoppable ticker before Go 1.23, and in a goroutine that loops on it forever leaks the goroutine in every version; use `time.NewTicker` with `defer t.Stop()` and an exit case.",
};

/// True when some path of `func` returns or falls off its end.
fn can_return(func: &FuncFact) -> bool {
    let mut returns = false;
    let mut on_call = |_: &mut (), _: &sf::Call| {};
    let mut on_exit = |_: &(), exit: Exit| {
        returns |= !matches!(exit, Exit::Panic { .. });
    };
    PathWalk::new(|_, _| (), &mut on_call, &mut on_exit).run(func, ());
    returns
}

impl Rule for TimeTickLeak {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let version = options.go_version;
        for (index, func) in facts.funcs.iter().enumerate() {
            let ticks: Vec<_> = sf::all_calls(&func.body)
                .into_iter()
                .filter(|c| c.callee == "time.Tick")
                .collect();
            if ticks.is_empty() || func.has_goto {
                continue;
            }
            let top = &facts.funcs[facts.top_level(index)];
            let in_main = top.receiver.is_none() && matches!(top.name.as_str(), "main" | "init");
            let is_goroutine = matches!(func.kind, FuncKind::Goroutine { .. });
            let returns = can_return(func);
            let message = if !returns && is_goroutine && !in_main {
                "this goroutine loops on `time.Tick` with no way out, so it never exits in any Go version and its ticker can never be stopped; use `time.NewTicker` with `defer t.Stop()` and a `case <-done: return`".to_owned()
            } else if returns
                && !version.collectable_timers()
                && !(in_main && index == facts.top_level(index))
            {
                format!("`time.Tick` creates a ticker that can never be stopped, and before Go 1.23 it is never collected (Go {version} selected), so each call of {} leaks one; use `time.NewTicker` with `defer t.Stop()`", sf::func_label(func))
            } else {
                continue;
            };
            for t in ticks {
                out.push(META.diagnostic_in(
                    file,
                    META.severity,
                    (t.start, t.end),
                    message.clone(),
                ));
            }
        }
    }
}
