//! Control-flow paths through a function's statements: which calls each path makes
//! before it returns, panics or exits, with defers run at the end.

use super::*;

/// Where a path through a function ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Return {
        start: usize,
    },
    /// Falling off the end of the body (`at` is the closing brace).
    EndOfBody {
        at: usize,
    },
    Panic {
        start: usize,
    },
}

/// A forward walk over every path of a function body. `S` is the rule's state; paths meet
/// through `join`; `on_call` updates the state at each call; `on_exit` sees each exit.
pub struct PathWalk<'a, S> {
    pub join: fn(&S, &S) -> S,
    pub on_call: &'a mut dyn FnMut(&mut S, &Call),
    pub on_exit: &'a mut dyn FnMut(&S, Exit),
    /// When set, a `defer` counts as its calls at the point it is registered, and `go f()`
    /// as a call of `f` (the new goroutine makes it): right for "is this released by the
    /// time the function exits?", wrong for "is it held now?".
    pub defers_as_calls: bool,
    pub(super) frames: Vec<Frame<S>>,
}

pub(super) struct Frame<S> {
    pub(super) is_loop: bool,
    pub(super) breaks: Option<S>,
    pub(super) continues: Option<S>,
}

impl<'a, S: Clone + PartialEq> PathWalk<'a, S> {
    pub fn new(
        join: fn(&S, &S) -> S,
        on_call: &'a mut dyn FnMut(&mut S, &Call),
        on_exit: &'a mut dyn FnMut(&S, Exit),
    ) -> Self {
        PathWalk {
            join,
            on_call,
            on_exit,
            defers_as_calls: false,
            frames: Vec::new(),
        }
    }

    /// See `defers_as_calls`.
    pub fn with_defers_as_calls(mut self) -> Self {
        self.defers_as_calls = true;
        self
    }

    /// Walks the body of `func` from `init`, reporting its end as an exit too.
    pub fn run(&mut self, func: &FuncFact, init: S) {
        if let Some(end) = self.list(&func.body, Some(init)) {
            (self.on_exit)(
                &end,
                Exit::EndOfBody {
                    at: func.body_end.saturating_sub(1),
                },
            );
        }
    }

    pub(super) fn merge(&self, a: Option<S>, b: Option<S>) -> Option<S> {
        match (a, b) {
            (Some(a), Some(b)) => Some((self.join)(&a, &b)),
            (a, None) => a,
            (None, b) => b,
        }
    }

    pub(super) fn calls(&mut self, state: &mut S, calls: &[Call]) {
        for c in calls {
            (self.on_call)(state, c);
        }
    }

    pub(super) fn list(&mut self, stmts: &[Stmt], mut state: Option<S>) -> Option<S> {
        for s in stmts {
            state = Some(self.stmt(s, state?)?);
        }
        state
    }

    pub(super) fn stmt(&mut self, stmt: &Stmt, mut st: S) -> Option<S> {
        match stmt {
            Stmt::Simple { calls, .. } => {
                self.calls(&mut st, calls);
                Some(st)
            }
            Stmt::Defer { calls, .. } if self.defers_as_calls => {
                self.calls(&mut st, calls);
                Some(st)
            }
            Stmt::Go { call: Some(c), .. } if self.defers_as_calls => {
                (self.on_call)(&mut st, c);
                Some(st)
            }
            Stmt::Defer { .. } | Stmt::Go { .. } | Stmt::Goto => Some(st),
            Stmt::Return { calls, start } => {
                self.calls(&mut st, calls);
                (self.on_exit)(&st, Exit::Return { start: *start });
                None
            }
            Stmt::Panic { start } => {
                (self.on_exit)(&st, Exit::Panic { start: *start });
                None
            }
            Stmt::Block(b) => self.list(b, Some(st)),
            Stmt::If {
                head,
                then,
                otherwise,
            } => {
                self.calls(&mut st, head);
                let a = self.list(then, Some(st.clone()));
                let b = match otherwise {
                    Some(o) => self.list(o, Some(st)),
                    None => Some(st),
                };
                self.merge(a, b)
            }
            Stmt::Branches {
                head,
                arms,
                exhaustive,
                ..
            } => {
                self.calls(&mut st, head);
                self.frames.push(Frame {
                    is_loop: false,
                    breaks: None,
                    continues: None,
                });
                let mut out = if *exhaustive { None } else { Some(st.clone()) };
                for arm in arms {
                    let end = self.list(arm, Some(st.clone()));
                    out = self.merge(out, end);
                }
                let frame = self.frames.pop()?;
                self.merge(out, frame.breaks)
            }
            Stmt::Loop {
                head,
                body,
                infinite,
                ..
            } => {
                self.calls(&mut st, head);
                self.frames.push(Frame {
                    is_loop: true,
                    breaks: None,
                    continues: None,
                });
                let mut entry = st.clone();
                for _ in 0..4 {
                    let end = self.list(body, Some(entry.clone()));
                    let frame = self.frames.last_mut()?;
                    let cont = frame.continues.take();
                    let back = self.merge(end, cont);
                    let next = self.merge(Some(st.clone()), back)?;
                    if next == entry {
                        break;
                    }
                    entry = next;
                }
                let frame = self.frames.pop()?;
                if *infinite {
                    frame.breaks
                } else {
                    self.merge(frame.breaks, Some(entry))
                }
            }
            Stmt::Break => {
                if let Some(i) = self.frames.len().checked_sub(1) {
                    let prev = self.frames[i].breaks.take();
                    self.frames[i].breaks = self.merge(prev, Some(st));
                }
                None
            }
            Stmt::Continue => {
                if let Some(i) = self.frames.iter().rposition(|f| f.is_loop) {
                    let prev = self.frames[i].continues.take();
                    self.frames[i].continues = self.merge(prev, Some(st));
                }
                None
            }
        }
    }
}

/// Every statement of `body`, nested ones included (not entering function literals).
pub fn each_stmt<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a Stmt, usize)) {
    fn go<'a>(body: &'a [Stmt], loops: usize, visit: &mut dyn FnMut(&'a Stmt, usize)) {
        for s in body {
            visit(s, loops);
            match s {
                Stmt::If {
                    then, otherwise, ..
                } => {
                    go(then, loops, visit);
                    if let Some(o) = otherwise {
                        go(o, loops, visit);
                    }
                }
                Stmt::Branches { arms, .. } => {
                    for a in arms {
                        go(a, loops, visit);
                    }
                }
                Stmt::Loop { body, .. } => go(body, loops + 1, visit),
                Stmt::Block(b) => go(b, loops, visit),
                _ => {}
            }
        }
    }
    go(body, 0, visit)
}

/// Every statement list of `body` (the body itself, branches, loop bodies), not entering
/// function literals.
pub fn each_list<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a [Stmt])) {
    visit(body);
    for s in body {
        match s {
            Stmt::If {
                then, otherwise, ..
            } => {
                each_list(then, visit);
                if let Some(o) = otherwise {
                    each_list(o, visit);
                }
            }
            Stmt::Branches { arms, .. } => {
                for a in arms {
                    each_list(a, visit);
                }
            }
            Stmt::Loop { body, .. } => each_list(body, visit),
            Stmt::Block(b) => each_list(b, visit),
            _ => {}
        }
    }
}

/// True when `stmt` can leave the enclosing list early: return, break, continue or panic
/// somewhere inside it (not counting loops nested in it).
pub fn may_leave(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Return { .. } | Stmt::Break | Stmt::Continue | Stmt::Panic { .. } | Stmt::Goto => {
            true
        }
        Stmt::If {
            then, otherwise, ..
        } => then.iter().any(may_leave) || otherwise.iter().flatten().any(may_leave),
        Stmt::Branches { arms, .. } => arms
            .iter()
            .flatten()
            .any(|s| !matches!(s, Stmt::Break) && may_leave(s)),
        Stmt::Block(b) => b.iter().any(may_leave),
        Stmt::Loop { body, .. } => body
            .iter()
            .any(|s| matches!(s, Stmt::Return { .. } | Stmt::Panic { .. })),
        _ => false,
    }
}

/// True when nothing in the loop `body` leaves the loop: no return or panic anywhere in
/// it, and no `break` aimed at it (a `break` inside a select or switch only leaves that).
pub fn loop_never_exits(body: &[Stmt]) -> bool {
    fn breaks_out(stmts: &[Stmt]) -> bool {
        stmts.iter().any(|s| match s {
            Stmt::Break | Stmt::Goto => true,
            Stmt::If {
                then, otherwise, ..
            } => breaks_out(then) || otherwise.as_deref().is_some_and(breaks_out),
            Stmt::Block(b) => breaks_out(b),
            _ => false,
        })
    }
    let mut leaves = breaks_out(body);
    each_stmt(body, &mut |s, _| {
        leaves |= matches!(s, Stmt::Return { .. } | Stmt::Panic { .. } | Stmt::Goto);
    });
    !leaves
}

/// Every call made directly by `body` (not inside literals), with deferred ones.
pub fn all_calls(body: &[Stmt]) -> Vec<&Call> {
    let mut out = Vec::new();
    each_stmt(body, &mut |s, _| match s {
        Stmt::Simple { calls, .. }
        | Stmt::Defer { calls, .. }
        | Stmt::Return { calls, .. }
        | Stmt::If { head: calls, .. }
        | Stmt::Branches { head: calls, .. }
        | Stmt::Loop { head: calls, .. } => out.extend(calls.iter()),
        Stmt::Go { call: Some(c), .. } => out.push(c),
        _ => {}
    });
    out
}

/// The deferred calls of `body` (including those inside deferred literals).
pub fn deferred_calls(body: &[Stmt]) -> Vec<&Call> {
    let mut out = Vec::new();
    each_stmt(body, &mut |s, _| {
        if let Stmt::Defer { calls, .. } = s {
            out.extend(calls.iter());
        }
    });
    out
}
