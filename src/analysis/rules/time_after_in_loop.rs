//! `time-after-in-loop`: `time.After` as a select case inside a `for` loop.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, Stmt};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct TimeAfterInLoop;

static META: RuleMeta = RuleMeta {
    id: "time-after-in-loop",
    severity: Severity::Warning,
    summary: "`time.After` inside a `for`-`select` loop makes a new timer every iteration, so the timeout restarts whenever another case wins (and piles up timers before Go 1.23); create the timer once before the loop.",
};

impl Rule for TimeAfterInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let version = options.go_version;
        for (index, func) in facts.funcs.iter().enumerate() {
            sf::each_stmt(&func.body, &mut |s, _| {
                let Stmt::Loop {
                    body,
                    plain: true,
                    start: loop_start,
                    end: loop_end,
                    ..
                } = s
                else {
                    return;
                };
                // The selects of this loop (not those of nested loops: they get their own visit).
                let mut selects = Vec::new();
                collect_selects(body, &mut selects);
                for cases in selects {
                    for (i, case) in cases.iter().enumerate() {
                        let Some(op) = case.receives.as_deref() else {
                            continue;
                        };
                        let timer_at = if op.starts_with("time.After(") {
                            Some(case.operand_start)
                        } else {
                            // `timeout := time.After(d)` assigned inside this loop.
                            facts
                                .bindings
                                .iter()
                                .find(|b| {
                                    b.func == Some(index)
                                        && b.call.callee == "time.After"
                                        && b.names.first().map(String::as_str) == Some(op)
                                        && *loop_start < b.start
                                        && b.end <= *loop_end
                                })
                                .map(|b| b.call.start)
                        };
                        let Some(at) = timer_at else { continue };
                        let others = cases
                            .iter()
                            .enumerate()
                            .any(|(j, c)| j != i && !c.is_default);
                        if !others {
                            continue;
                        }
                        let end = file.source[at..].find(')').map_or(at + 1, |e| at + e + 1);
                        let (severity, memory) = if version.collectable_timers() {
                            (Severity::Warning, String::new())
                        } else {
                            (
                                Severity::Error,
                                format!(", and before Go 1.23 each pending timer stays in memory until it fires (Go {version} selected)"),
                            )
                        };
                        out.push(META.diagnostic_in(file, severity,
                            (at, end),
                            format!("`time.After` here creates a new timer on every loop iteration, so the timeout restarts each time another case wins and may never fire{memory}; create the timer once before the loop (or use `time.NewTimer` with `Reset`)"),
                        ));
                    }
                }
            });
        }
    }
}

/// The cases of each `select` in `body`, not entering nested loops.
fn collect_selects<'a>(body: &'a [Stmt], out: &mut Vec<&'a [sf::SelectCase]>) {
    for s in body {
        match s {
            Stmt::Branches {
                select_cases, arms, ..
            } => {
                if !select_cases.is_empty() {
                    out.push(select_cases);
                }
                for a in arms {
                    collect_selects(a, out);
                }
            }
            Stmt::If {
                then, otherwise, ..
            } => {
                collect_selects(then, out);
                if let Some(o) = otherwise {
                    collect_selects(o, out);
                }
            }
            Stmt::Block(b) => collect_selects(b, out),
            _ => {}
        }
    }
}
