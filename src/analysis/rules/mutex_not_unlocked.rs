//! `mutex-not-unlocked`: a Lock with a return path (or goroutine end) that keeps it held.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, Exit, FuncFact, PathWalk};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};

pub struct MutexNotUnlocked;

static META: RuleMeta = RuleMeta {
    id: "mutex-not-unlocked",
    severity: Severity::Error,
    summary: "A mutex stays locked on some return path, so every later Lock blocks forever; add `defer mu.Unlock()` right after the Lock.",
};

/// `Lock` pairs with `Unlock`, `RLock` with `RUnlock`.
pub fn unlock_for(lock: &str) -> Option<&'static str> {
    match lock {
        "Lock" => Some("Unlock"),
        "RLock" => Some("RUnlock"),
        _ => None,
    }
}

/// A lock helper like `func (s *S) lock() { s.mu.Lock() }` keeps the lock on purpose.
fn is_lock_helper(f: &FuncFact) -> bool {
    let only_locks = match f.body.as_slice() {
        [sf::Stmt::Simple { calls, .. }] => calls.iter().all(|c| unlock_for(&c.method).is_some()),
        _ => false,
    };
    only_locks && f.name.to_ascii_lowercase().contains("lock")
}

impl Rule for MutexNotUnlocked {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        for (index, func) in facts.funcs.iter().enumerate() {
            if func.has_goto || is_lock_helper(func) {
                continue;
            }
            let calls = sf::all_calls(&func.body);
            let mut seen: Vec<(String, &str)> = Vec::new();
            for lock in &calls {
                let Some(unlock) = unlock_for(&lock.method) else {
                    continue;
                };
                if lock.receiver.is_empty() || !lock.args.is_empty() {
                    continue;
                }
                let mutex = lock.receiver.clone();
                if seen.iter().any(|(m, u)| *m == mutex && *u == unlock) {
                    continue;
                }
                seen.push((mutex.clone(), unlock));
                // An Unlock inside a closure or goroutine of this function may run on any
                // path; the flow cannot tell, so stay quiet.
                let unlocked_elsewhere = facts.funcs.iter().enumerate().any(|(j, g)| {
                    j != index
                        && facts.is_within(j, index)
                        && sf::all_calls(&g.body).iter().any(|c| c.is(&mutex, unlock))
                });
                if unlocked_elsewhere {
                    continue;
                }
                report_paths(file, func, &mutex, &lock.method, unlock, out);
            }
        }
    }
}

/// Walks `func` tracking which Lock of `mutex` may still be held, and reports each Lock
/// that reaches an exit.
fn report_paths(
    file: &ParsedFile<'_>,
    func: &FuncFact,
    mutex: &str,
    lock: &str,
    unlock: &str,
    out: &mut Vec<Diagnostic>,
) {
    // State: the Lock call (start, end, stmt_end) that may still be held.
    type Held = Option<(usize, usize, usize)>;
    let mut leaks: Vec<((usize, usize, usize), Exit)> = Vec::new();
    let mut on_call = |st: &mut Held, c: &sf::Call| {
        if c.receiver == mutex && c.method == lock {
            *st = Some((c.start, c.end, c.stmt_end));
        } else if c.receiver == mutex && c.method == unlock {
            *st = None;
        }
    };
    let mut on_exit = |st: &Held, exit: Exit| {
        if let (Some(l), Exit::Return { .. } | Exit::EndOfBody { .. }) = (st, exit) {
            if !leaks.iter().any(|(m, _)| m == l) {
                leaks.push((*l, exit));
            }
        }
    };
    let join: fn(&Held, &Held) -> Held = |a, b| a.or(*b);
    PathWalk::new(join, &mut on_call, &mut on_exit)
        .with_defers_as_calls()
        .run(func, None);

    let has_explicit_unlock = sf::all_calls(&func.body)
        .iter()
        .any(|c| c.is(mutex, unlock));
    let name = sf::func_label(func);
    for ((start, end, stmt_end), exit) in leaks {
        let (at, how) = match exit {
            Exit::Return { start } => (
                start,
                format!("when {name} returns at line {}", sf::line_of(file, start)),
            ),
            Exit::EndOfBody { at } => (
                at,
                format!("when {name} ends at line {}", sf::line_of(file, at)),
            ),
            Exit::Panic { .. } => continue,
        };
        let mut d = META.diagnostic_in(file, META.severity,
            (start, end),
            format!("`{mutex}` stays locked {how}, so every later {lock} blocks forever; add `defer {mutex}.{unlock}()` after the {lock}"),
        );
        d.related.push(sf::related(
            file,
            (at, at + 1),
            format!("`{mutex}` is still held here"),
        ));
        if !has_explicit_unlock {
            let indent = sf::indent_at(file.source, start);
            d.fix = Some(Fix {
                title: format!("Add `defer {mutex}.{unlock}()`"),
                edits: vec![TextEdit {
                    start_byte: stmt_end,
                    end_byte: stmt_end,
                    replacement: format!("\n{indent}defer {mutex}.{unlock}()"),
                }],
            });
        }
        out.push(d);
    }
}
