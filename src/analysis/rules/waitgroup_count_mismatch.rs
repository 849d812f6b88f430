//! `waitgroup-count-mismatch`: `wg.Add(n)` that does not match the goroutines started.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, Call, FileFacts, Stmt};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct WaitgroupCountMismatch;

static META: RuleMeta = RuleMeta {
    id: "waitgroup-count-mismatch",
    severity: Severity::Error,
    summary: "`wg.Add(n)` does not match the number of goroutines that call `wg.Done()`, so `wg.Wait()` blocks forever or panics; call `wg.Add(1)` right before each `go`.",
};

/// What an Add promises.
enum Expected {
    Exactly(i128),
    /// `Add(len(x))`: one goroutine per element of `x`.
    PerItem(String),
    /// `Add(len(x) + k)`: `k` more (or fewer) than one per element of `x`.
    PerItemPlus(String, i128),
}

/// What the statements after the Add start.
enum Started {
    Exactly(i128),
    /// One per element of this range operand, unconditionally.
    EveryItem(String),
    /// Per element of this operand but not on every iteration.
    SomeItems(String, usize),
    Unknown,
}

impl Rule for WaitgroupCountMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        for func in &facts.funcs {
            let self_done: Vec<&str> = sf::all_calls(&func.body)
                .iter()
                .filter(|c| c.method == "Done")
                .map(|c| c.receiver.as_str())
                .collect();
            sf::each_list(&func.body, &mut |list| {
                for (i, stmt) in list.iter().enumerate() {
                    let Stmt::Simple { calls, .. } = stmt else {
                        continue;
                    };
                    // The statement's outermost call (arguments like `len(x)` come first).
                    let Some(add) = calls.last() else { continue };
                    if add.method != "Add" || add.args.len() != 1 || add.receiver.is_empty() {
                        continue;
                    }
                    // A function that calls Done itself does its own counting.
                    if self_done.contains(&add.receiver.as_str())
                        || !sf::is_waitgroup(&facts, &add.receiver)
                    {
                        continue;
                    }
                    let arg = &add.args[0];
                    let expected = if let Ok(n) = arg.parse::<i128>() {
                        Expected::Exactly(n)
                    } else if let Some(x) =
                        arg.strip_prefix("len(").and_then(|r| r.strip_suffix(')'))
                    {
                        Expected::PerItem(x.to_owned())
                    } else if let Some((x, k)) = len_plus(arg) {
                        Expected::PerItemPlus(x, k)
                    } else {
                        continue;
                    };
                    let started = count_started(&facts, &list[i + 1..], &add.receiver);
                    if let Some(message) = mismatch(file, add, &expected, &started) {
                        out.push(META.diagnostic_in(
                            file,
                            META.severity,
                            (add.start, add.end),
                            message,
                        ));
                    }
                }
            });
        }
    }
}

fn mismatch(
    file: &ParsedFile<'_>,
    add: &Call,
    expected: &Expected,
    started: &Started,
) -> Option<String> {
    let wg = &add.receiver;
    let call = format!("{wg}.Add({})", add.args[0]);
    match (expected, started) {
        (Expected::Exactly(n), Started::Exactly(m)) if n > m && *m > 0 => Some(format!(
            "`{call}` counts {n} goroutines but only {m} call `{wg}.Done()`, so `{wg}.Wait()` never returns; call `{wg}.Add(1)` right before each `go` instead"
        )),
        (Expected::Exactly(n), Started::Exactly(m)) if n < m => Some(format!(
            "`{call}` counts {n} goroutines but {m} call `{wg}.Done()`, so the counter goes negative (`panic: sync: negative WaitGroup counter`); call `{wg}.Add(1)` right before each `go` instead"
        )),
        (Expected::PerItemPlus(x, k), Started::EveryItem(y)) if x == y && *k > 0 => Some(format!(
            "`{call}` counts {k} more than the goroutines the loop over `{x}` starts (one per element, each calling `{wg}.Done()` once), so `{wg}.Wait()` never returns; call `{wg}.Add(1)` right before each `go` instead"
        )),
        (Expected::PerItemPlus(x, k), Started::EveryItem(y)) if x == y && *k < 0 => Some(format!(
            "`{call}` counts {} fewer than the goroutines the loop over `{x}` starts, so the counter goes negative (`panic: sync: negative WaitGroup counter`); call `{wg}.Add(1)` right before each `go` instead",
            -k
        )),
        (Expected::PerItem(x), Started::SomeItems(y, line)) if x == y => Some(format!(
            "`{call}` counts every element of `{x}` but the loop starts a goroutine only on some iterations (see line {}), so `{wg}.Wait()` never returns; call `{wg}.Add(1)` right before the `go`",
            sf::line_of(file, *line)
        )),
        _ => None,
    }
}

/// Goroutines calling `wg.Done()` started by `stmts`, up to the next Add or Wait of `wg`.
fn count_started(facts: &FileFacts, stmts: &[Stmt], wg: &str) -> Started {
    let mut total: i128 = 0;
    let mut per_item: Option<Started> = None;
    for s in stmts {
        let touches = |calls: &[Call]| {
            calls
                .iter()
                .any(|c| c.receiver == wg && (c.method == "Add" || c.method == "Wait"))
        };
        match s {
            Stmt::Simple { calls, .. } | Stmt::Return { calls, .. } if touches(calls) => break,
            Stmt::Return { .. }
            | Stmt::Panic { .. }
            | Stmt::Break
            | Stmt::Continue
            | Stmt::Goto => break,
            Stmt::Go { literal, call, .. } => {
                match sf::goroutine_done_count(facts, *literal, call.as_ref(), wg) {
                    Some(0) => {}
                    Some(1) => total += 1,
                    _ => return Started::Unknown,
                }
            }
            Stmt::Loop {
                body,
                range_over,
                count,
                ..
            } => {
                let Some(loop_started) = loop_goroutines(facts, body, wg) else {
                    return Started::Unknown;
                };
                match loop_started {
                    LoopGo::None => {}
                    LoopGo::Every => match (count, range_over) {
                        (Some(n), _) => total += n,
                        (None, Some(x)) if per_item.is_none() && total == 0 => {
                            per_item = Some(Started::EveryItem(x.clone()))
                        }
                        _ => return Started::Unknown,
                    },
                    LoopGo::Some(line) => match range_over {
                        Some(x) if per_item.is_none() && total == 0 => {
                            per_item = Some(Started::SomeItems(x.clone(), line))
                        }
                        _ => return Started::Unknown,
                    },
                }
            }
            other => {
                // A goroutine started (or the group touched) inside a branch: unknown.
                let mut unknown = false;
                sf::each_stmt(std::slice::from_ref(other), &mut |n, _| match n {
                    Stmt::Go { .. } => unknown = true,
                    Stmt::Simple { calls, .. } if touches(calls) => unknown = true,
                    _ => {}
                });
                if unknown {
                    return Started::Unknown;
                }
            }
        }
    }
    match per_item {
        Some(p) if total == 0 => p,
        Some(_) => Started::Unknown,
        None => Started::Exactly(total),
    }
}

enum LoopGo {
    None,
    /// One goroutine on every iteration.
    Every,
    /// Only on some iterations; where that `go` starts.
    Some(usize),
}

/// How a loop body starts goroutines that call `wg.Done()`; None when unknown.
fn loop_goroutines(facts: &FileFacts, body: &[Stmt], wg: &str) -> Option<LoopGo> {
    let mut found = LoopGo::None;
    let mut left_early_before = false;
    for s in body {
        match s {
            Stmt::Go {
                literal,
                call,
                start,
                ..
            } => match sf::goroutine_done_count(facts, *literal, call.as_ref(), wg)? {
                0 => {}
                1 if matches!(found, LoopGo::None) => {
                    found = if left_early_before {
                        LoopGo::Some(*start)
                    } else {
                        LoopGo::Every
                    }
                }
                _ => return None,
            },
            Stmt::Simple { calls, .. } if calls.iter().any(|c| c.receiver == wg) => return None,
            other => {
                let mut nested_go = None;
                sf::each_stmt(std::slice::from_ref(other), &mut |n, _| {
                    if let Stmt::Go {
                        literal,
                        call,
                        start,
                        ..
                    } = n
                    {
                        if sf::goroutine_done_count(facts, *literal, call.as_ref(), wg) != Some(0) {
                            nested_go = Some(*start);
                        }
                    }
                });
                if let Some(start) = nested_go {
                    // Conditionally started (inside an if/switch) or in a nested loop.
                    let conditional = matches!(other, Stmt::If { .. } | Stmt::Branches { .. });
                    if !conditional || !matches!(found, LoopGo::None) {
                        return None;
                    }
                    found = LoopGo::Some(start);
                }
                left_early_before |= sf::may_leave(other);
            }
        }
    }
    Some(found)
}

/// `len(x) + 1`, `len(x)-2`: the operand and the constant added.
fn len_plus(arg: &str) -> Option<(String, i128)> {
    let compact: String = arg.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = compact.strip_prefix("len(")?;
    let close = rest.find(')')?;
    let (x, tail) = (&rest[..close], &rest[close + 1..]);
    let k: i128 = match tail.as_bytes().first()? {
        b'+' => tail[1..].parse().ok()?,
        b'-' => -tail[1..].parse::<i128>().ok()?,
        _ => return None,
    };
    (!x.is_empty() && k != 0).then(|| (x.to_owned(), k))
}
