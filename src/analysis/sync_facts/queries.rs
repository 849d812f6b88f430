//! Questions the sync rules ask: where a line is, which WaitGroup a call is on, how
//! many Done calls a goroutine makes, which locks a method holds and in which order.

use super::*;

/// The leading whitespace of the line holding `byte`.
pub fn indent_at(source: &str, byte: usize) -> &str {
    let byte = byte.min(source.len());
    let line_start = source[..byte].rfind('\n').map_or(0, |i| i + 1);
    let rest = &source[line_start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

/// 1-based line of `byte`.
pub fn line_of(file: &ParsedFile<'_>, byte: usize) -> usize {
    file.lines.position(file.source, byte).line
}

/// A related place: `message` at `start..end`.
pub fn related(
    file: &ParsedFile<'_>,
    (start, end): (usize, usize),
    message: String,
) -> crate::analysis::Related {
    crate::analysis::Related {
        span: file.lines.span(file.source, start, end),
        message,
    }
}

/// A display name for a function: `save`, `(*Store).save` or `the goroutine`.
pub fn func_label(f: &FuncFact) -> String {
    match (&f.kind, &f.receiver) {
        (FuncKind::Declared, Some((_, ty))) => format!("{ty}.{}", f.name),
        (FuncKind::Declared, None) => f.name.clone(),
        (FuncKind::Goroutine { .. }, _) => "the goroutine".to_owned(),
        _ => "the function literal".to_owned(),
    }
}

/// True when `recv` looks like a `sync.WaitGroup`: something calls `recv.Wait()`, or it
/// is declared with a WaitGroup type.
pub fn is_waitgroup(facts: &FileFacts, recv: &str) -> bool {
    let waited = facts.funcs.iter().any(|f| {
        all_calls(&f.body)
            .iter()
            .any(|c| c.is(recv, "Wait") && c.args.is_empty())
    });
    let declared = facts
        .package_vars
        .get(recv)
        .is_some_and(|t| t.contains("WaitGroup"))
        || facts
            .funcs
            .iter()
            .flat_map(|f| f.params.iter())
            .any(|p| p.name == recv && p.ty.contains("WaitGroup"));
    waited || declared
}

/// How many `Done` calls of `wg` the goroutine started by a `go` statement makes, when
/// that is known: the literal's body, or a declared function given `&wg`.
pub fn goroutine_done_count(
    facts: &FileFacts,
    literal: Option<usize>,
    call: Option<&Call>,
    wg: &str,
) -> Option<usize> {
    let count_in = |body: &[Stmt], name: &str| {
        all_calls(body)
            .iter()
            .filter(|c| c.is(name, "Done"))
            .count()
    };
    if let Some(l) = literal {
        // Done calls in nested closures other than deferred ones are not counted: unknown.
        let nested_done = facts.funcs.iter().enumerate().any(|(j, f)| {
            j != l
                && facts.is_within(j, l)
                && f.kind != FuncKind::Deferred
                && all_calls(&f.body).iter().any(|c| c.is(wg, "Done"))
        });
        return (!nested_done).then(|| count_in(&facts.funcs[l].body, wg));
    }
    let call = call?;
    let mentions = |a: &str| a == wg || a.strip_prefix('&') == Some(wg);
    let arg = call.args.iter().position(|a| mentions(a));
    let target = facts.declared(&call.callee)?;
    let f = &facts.funcs[target];
    match arg {
        Some(i) => {
            let p = f.params.get(i)?;
            Some(count_in(&f.body, &p.name))
        }
        None if facts.package_vars.contains_key(wg) => None,
        None => Some(0),
    }
}

/// A mutex held on every path reaching a point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldLock {
    pub mutex: String,
    /// `Lock` or `RLock`.
    pub read: bool,
    pub start: usize,
    pub end: usize,
}

/// A Lock/RLock reached while `held` locks are held on every path.
#[derive(Clone, Debug)]
pub struct Acquire {
    pub mutex: String,
    pub read: bool,
    pub start: usize,
    pub end: usize,
    /// Set when the lock is taken inside a method of the same receiver called here.
    pub via: Option<String>,
}

/// The `Lock`/`RLock` calls (receiver, read) a method makes on its own receiver's fields,
/// renamed to `receiver` in the caller.
pub(super) fn method_locks(facts: &FileFacts, func: &FuncFact, call: &Call) -> Vec<(String, bool)> {
    let Some((recv, ty)) = &func.receiver else {
        return Vec::new();
    };
    if call.receiver != *recv || recv.is_empty() {
        return Vec::new();
    }
    let Some(m) = facts.method(ty, &call.method) else {
        return Vec::new();
    };
    let Some((inner_recv, _)) = &facts.funcs[m].receiver else {
        return Vec::new();
    };
    let prefix = format!("{inner_recv}.");
    all_calls(&facts.funcs[m].body)
        .iter()
        .filter(|c| c.args.is_empty() && (c.method == "Lock" || c.method == "RLock"))
        .filter_map(|c| {
            let rest = c.receiver.strip_prefix(&prefix)?;
            Some((format!("{recv}.{rest}"), c.method == "RLock"))
        })
        .collect()
}

/// Walks `func` tracking the locks held on every path (deferred unlocks release only at
/// exit) and calls `on_acquire` at each Lock/RLock, and at each call of a method of the same
/// receiver that locks one of its fields.
pub fn walk_held_locks(
    facts: &FileFacts,
    func: &FuncFact,
    on_acquire: &mut dyn FnMut(&[HeldLock], &Acquire),
) {
    if func.has_goto {
        return;
    }
    let mut on_call = |held: &mut Vec<HeldLock>, c: &Call| {
        let is_lock = c.args.is_empty() && (c.method == "Lock" || c.method == "RLock");
        let is_unlock = c.args.is_empty() && (c.method == "Unlock" || c.method == "RUnlock");
        if is_lock && !c.receiver.is_empty() {
            let a = Acquire {
                mutex: c.receiver.clone(),
                read: c.method == "RLock",
                start: c.start,
                end: c.end,
                via: None,
            };
            on_acquire(held, &a);
            held.retain(|h| h.mutex != c.receiver);
            held.push(HeldLock {
                mutex: a.mutex,
                read: a.read,
                start: c.start,
                end: c.end,
            });
        } else if is_unlock {
            held.retain(|h| h.mutex != c.receiver);
        } else {
            for (mutex, read) in method_locks(facts, func, c) {
                on_acquire(
                    held,
                    &Acquire {
                        mutex,
                        read,
                        start: c.start,
                        end: c.end,
                        via: Some(c.method.clone()),
                    },
                );
            }
        }
    };
    let mut on_exit = |_: &Vec<HeldLock>, _: Exit| {};
    let join: fn(&Vec<HeldLock>, &Vec<HeldLock>) -> Vec<HeldLock> = |a, b| {
        a.iter()
            .filter(|h| b.iter().any(|o| o.mutex == h.mutex && o.read == h.read))
            .cloned()
            .collect()
    };
    PathWalk::new(join, &mut on_call, &mut on_exit).run(func, Vec::new());
}
