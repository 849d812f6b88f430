//! `concurrent-map-write`: a map written from several goroutines without a common lock.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, FileFacts, FuncKind, MapWrite, Stmt};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct ConcurrentMapWrite;

static META: RuleMeta = RuleMeta {
    id: "concurrent-map-write",
    severity: Severity::Error,
    summary: "A map is written from several goroutines with no common lock (`fatal error: concurrent map writes`); guard every write with one sync.Mutex or use sync.Map.",
};

/// Who performs a write.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Actor {
    /// The function declaring the map (or any non-goroutine code for a package map).
    Parent,
    /// A goroutine: the literal's index, or a declared function started with `go f()`.
    Goroutine {
        func: usize,
        many: bool,
        go_start: usize,
    },
}

impl Rule for ConcurrentMapWrite {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let mut done: Vec<(&str, Option<usize>)> = Vec::new();
        for (name, declared_in) in &facts.map_vars {
            if done.contains(&(name.as_str(), *declared_in)) {
                continue;
            }
            done.push((name, *declared_in));
            let writes: Vec<(&MapWrite, Actor, Option<String>)> = facts
                .map_writes
                .iter()
                .filter(|w| w.map == *name && in_scope(&facts, w, *declared_in))
                .filter_map(|w| {
                    let actor = actor(&facts, w, *declared_in)?;
                    Some((w, actor, guard(&facts, w)))
                })
                .collect();
            let racy = racy_writes(file, &facts, &writes);
            if racy.is_empty() {
                continue;
            }
            let guards: Vec<&Option<String>> = racy.iter().map(|(_, _, g)| g).collect();
            if guards.iter().all(|g| g.is_some() && *g == guards[0]) {
                continue;
            }
            let in_goroutines: Vec<_> = racy
                .iter()
                .filter(|(_, a, g)| matches!(a, Actor::Goroutine { .. }) && g.is_none())
                .collect();
            let reported: Vec<_> = if in_goroutines.is_empty() {
                racy.iter().filter(|(_, _, g)| g.is_none()).collect()
            } else {
                in_goroutines
            };
            let mut lines = Vec::new();
            for (w, _, _) in &reported {
                let line = sf::line_of(file, w.start);
                if lines.contains(&line) {
                    continue;
                }
                lines.push(line);
                let mut d = META.diagnostic_in(file, META.severity,
                    (w.start, w.end),
                    format!("`{name}` is written here while other goroutines write it too, with no common lock (`fatal error: concurrent map writes`); guard every write with the same sync.Mutex or use sync.Map"),
                );
                if let Some((other, _, _)) = racy.iter().find(|(o, _, _)| o.start != w.start) {
                    d.related.push(sf::related(
                        file,
                        (other.start, other.end),
                        format!("`{name}` is also written here"),
                    ));
                }
                out.push(d);
            }
        }
    }
}

/// The write refers to this declaration: inside the declaring function (locals) or
/// anywhere not shadowed by a local of the same name (package maps).
fn in_scope(facts: &FileFacts, w: &MapWrite, declared_in: Option<usize>) -> bool {
    let Some(func) = w.func else { return false };
    match declared_in {
        Some(d) => facts.is_within(func, d),
        None => !facts
            .map_vars
            .iter()
            .any(|(n, f)| *n == w.map && f.is_some_and(|f| facts.is_within(func, f))),
    }
}

fn actor(facts: &FileFacts, w: &MapWrite, declared_in: Option<usize>) -> Option<Actor> {
    let mut at = w.func?;
    loop {
        if Some(at) == declared_in {
            return Some(Actor::Parent);
        }
        let f = &facts.funcs[at];
        if let FuncKind::Goroutine { in_loop, go_start } = f.kind {
            return Some(Actor::Goroutine {
                func: at,
                many: in_loop,
                go_start,
            });
        }
        match f.parent {
            Some(p) => at = p,
            None => break,
        }
    }
    // A package map written by a declared function: a goroutine when started with `go f()`.
    let f = &facts.funcs[at];
    let mut starts = Vec::new();
    for g in &facts.funcs {
        sf::each_stmt(&g.body, &mut |s, loops| {
            if let Stmt::Go {
                call: Some(c),
                start,
                ..
            } = s
            {
                if f.receiver.is_none() && c.callee == f.name {
                    starts.push((*start, loops > 0 || !matches!(g.kind, FuncKind::Declared)));
                }
            }
        });
    }
    match starts.as_slice() {
        [] => Some(Actor::Parent),
        [(go_start, in_loop)] => Some(Actor::Goroutine {
            func: at,
            many: *in_loop,
            go_start: *go_start,
        }),
        [(go_start, _), ..] => Some(Actor::Goroutine {
            func: at,
            many: true,
            go_start: *go_start,
        }),
    }
}

/// The mutex held at the write: the last `X.Lock()` before it in the same function with
/// no `X.Unlock()` between.
fn guard(facts: &FileFacts, w: &MapWrite) -> Option<String> {
    let f = &facts.funcs[w.func?];
    let calls = sf::all_calls(&f.body);
    let deferred: Vec<usize> = sf::deferred_calls(&f.body)
        .iter()
        .map(|c| c.start)
        .collect();
    let lock = calls
        .iter()
        .filter(|c| c.method == "Lock" && c.end <= w.start && !c.receiver.is_empty())
        .max_by_key(|c| c.start)?;
    let released = calls.iter().any(|c| {
        c.is(&lock.receiver, "Unlock")
            && c.start > lock.start
            && c.start < w.start
            && !deferred.contains(&c.start)
    });
    (!released).then(|| lock.receiver.clone())
}

type Write<'a> = (&'a MapWrite, Actor, Option<String>);

/// The writes that can run at the same time as another write of the same map.
fn racy_writes<'a>(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    writes: &[Write<'a>],
) -> Vec<Write<'a>> {
    let goroutines: Vec<(usize, bool, usize)> = {
        let mut v: Vec<(usize, bool, usize)> = Vec::new();
        for (_, a, _) in writes {
            if let Actor::Goroutine {
                func,
                many,
                go_start,
            } = *a
            {
                if !v.iter().any(|(f, _, _)| *f == func) {
                    v.push((func, many, go_start));
                }
            }
        }
        v
    };
    if goroutines.is_empty() {
        return Vec::new();
    }
    let several = goroutines.len() >= 2 || goroutines.iter().any(|(_, many, _)| *many);
    let mut racy = Vec::new();
    for (w, a, g) in writes {
        let is_racy = match a {
            Actor::Goroutine { .. } => {
                several
                    || writes.iter().any(|(o, oa, _)| {
                        *oa == Actor::Parent && parent_races(file, facts, o, &goroutines)
                    })
            }
            Actor::Parent => parent_races(file, facts, w, &goroutines),
        };
        if is_racy {
            racy.push((*w, *a, g.clone()));
        }
    }
    racy
}

/// A parent write after a `go` of a writing goroutine, with no Wait or receive between.
fn parent_races(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    w: &MapWrite,
    goroutines: &[(usize, bool, usize)],
) -> bool {
    goroutines.iter().any(|(func, _, go_start)| {
        let same_parent = facts.funcs[*func].parent.is_some_and(|p| w.func == Some(p));
        if !same_parent || *go_start >= w.start {
            return false;
        }
        let go_end = facts.funcs[*func].end.min(w.start);
        let after_go = file.source.get(go_end..w.start).unwrap_or("");
        !(after_go.contains(".Wait()") || after_go.contains("<-"))
    })
}
