//! Owned facts about channels and goroutines, per top-level function, shared by the
//! channel, goroutine-lifetime and network rules.
//!
//! One recursive walk per function turns the tree into small records: the contexts code
//! runs in (the function body, each goroutine, unknown callbacks), loops with their trip
//! counts, `select`s and their cases, channel operations by variable name, and the ways
//! control leaves a loop. Rules then answer their questions over these records only.
//!
//! Names are matched textually inside one function (shadowing in nested blocks is not
//! tracked); a channel that reaches code we cannot see "escapes" and the rules stay quiet.

mod cache;
mod resources;
mod verdicts;
mod walker;

pub use cache::*;
pub use resources::*;
pub use verdicts::*;
use walker::*;

use super::cst::{FieldExt, MAX_DEPTH};
use super::incremental::{self, Shift};
use super::{Diagnostic, ParsedFile, Span};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use tree_sitter::Node;

pub type CtxId = usize;
pub type LoopId = usize;
pub type SelectId = usize;

/// How many times something happens: a known number, a count spelled in the source
/// (`n`, `len(urls)`), or unknown/unbounded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Count {
    Exact(u64),
    Symbolic(String),
    Many,
}

impl Count {
    pub fn times(&self, other: &Count) -> Count {
        match (self, other) {
            (Count::Exact(0), _) | (_, Count::Exact(0)) => Count::Exact(0),
            (Count::Exact(1), x) | (x, Count::Exact(1)) => x.clone(),
            (Count::Exact(a), Count::Exact(b)) => {
                a.checked_mul(*b).map_or(Count::Many, Count::Exact)
            }
            _ => Count::Many,
        }
    }

    pub fn plus(&self, other: &Count) -> Count {
        match (self, other) {
            (Count::Exact(0), x) | (x, Count::Exact(0)) => x.clone(),
            (Count::Exact(a), Count::Exact(b)) => {
                a.checked_add(*b).map_or(Count::Many, Count::Exact)
            }
            _ => Count::Many,
        }
    }

    /// Whether `self` is surely at least `need`.
    pub fn covers(&self, need: &Count) -> bool {
        match (self, need) {
            (_, Count::Exact(0)) => true,
            (Count::Exact(a), Count::Exact(b)) => a >= b,
            (Count::Symbolic(a), Count::Symbolic(b)) => a == b || format!("len({a})") == *b,
            _ => false,
        }
    }

    /// Whether `self` is surely smaller than `other` ("1 receive for n sends").
    pub fn surely_below(&self, other: &Count) -> bool {
        match (self, other) {
            (Count::Exact(a), Count::Exact(b)) => a < b,
            // "One receive for n goroutines": the first-of-N shape.
            (Count::Exact(1), Count::Symbolic(_)) => true,
            // `Many` is also "unknown": never conclude from it.
            _ => false,
        }
    }

    /// The count as Go source, when it is one.
    pub fn as_go(&self) -> Option<String> {
        match self {
            Count::Exact(n) => Some(n.to_string()),
            Count::Symbolic(s) => Some(s.clone()),
            Count::Many => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextKind {
    /// The analysed function's own body (and deferred or immediately called literals).
    Body,
    /// A `go` statement or a `.Go(func...)` callback (errgroup, WaitGroup.Go).
    Goroutine,
    /// A function literal stored or passed elsewhere: when and where it runs is unknown.
    Callback,
}

#[derive(Clone, Debug)]
pub struct Context {
    pub kind: ContextKind,
    pub parent: Option<CtxId>,
    /// The `go` statement (or `.Go` call) that starts it.
    pub start: Option<Span>,
    /// How many goroutines this start creates (loops around it, nested starts).
    pub multiplicity: Count,
    /// Started as `go namedFunc(...)`: its body is another function of the file.
    pub named: bool,
    /// Loops of the parent context around the start.
    pub start_loops: Vec<LoopId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoopKind {
    /// `for i := 0; i < n; i++`, `for _, x := range xs` (the count of iterations).
    Counted(Count),
    /// `for v := range ch`: runs until the channel is closed.
    RangeChan,
    /// `for cond {}`.
    Cond,
    /// `for {}`.
    Forever,
}

#[derive(Clone, Debug)]
pub struct Loop {
    pub kind: LoopKind,
    pub ctx: CtxId,
    pub span: Span,
    pub label: Option<String>,
    /// Enclosing loops in the same context, outermost first.
    pub outer: Vec<LoopId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpKind {
    Send,
    Recv,
    Range,
    Close { deferred: bool },
}

/// A send, receive, range or close on a channel variable.
#[derive(Clone, Debug)]
pub struct ChanOp {
    pub chan: String,
    pub kind: OpKind,
    pub ctx: CtxId,
    pub span: Span,
    /// Enclosing loops in the same context, outermost first.
    pub loops: Vec<LoopId>,
    /// The select case this op is the communication of.
    pub case: Option<(SelectId, usize)>,
    /// For `v, ok := <-ch`: the `ok` name.
    pub ok_var: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseKind {
    Recv(Option<String>),
    Send(Option<String>),
    Default,
}

#[derive(Clone, Debug)]
pub struct SelectCase {
    pub kind: CaseKind,
    pub span: Span,
    /// The communication text (`<-time.After(d)`, `<-ctx.Done()`), for messages.
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Select {
    pub ctx: CtxId,
    pub span: Span,
    pub loops: Vec<LoopId>,
    pub cases: Vec<SelectCase>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitKind {
    Return,
    /// `break` (possibly labelled) ending this loop.
    Break(LoopId),
    /// `continue label` to an outer loop: ends every loop inside it.
    ContinueOuter(LoopId),
    Goto,
}

/// A statement that makes control leave loops (or the function).
#[derive(Clone, Debug)]
pub struct Exit {
    pub kind: ExitKind,
    pub ctx: CtxId,
    pub span: Span,
    pub loops: Vec<LoopId>,
    /// The innermost select case it sits in.
    pub case: Option<(SelectId, usize)>,
    /// Inside `if !ok { ... }`: the normal end of a receive loop, not an early exit.
    pub ok_guarded: bool,
}

impl Exit {
    /// Whether this exit ends loop `l`.
    pub fn leaves(&self, l: LoopId) -> bool {
        let Some(pos) = self.loops.iter().position(|&x| x == l) else {
            return false;
        };
        match self.kind {
            ExitKind::Return | ExitKind::Goto => true,
            ExitKind::Break(target) => self.loops[..=pos].contains(&target),
            ExitKind::ContinueOuter(target) => self.loops[..pos].contains(&target),
        }
    }
}

/// `name := make(chan T[, cap])`.
#[derive(Clone, Debug)]
pub struct MakeSite {
    pub chan: String,
    pub ctx: CtxId,
    pub span: Span,
    /// `chan T` as written.
    pub chan_type: String,
    /// `None`: a capacity we cannot compare, assumed big enough.
    pub capacity: Option<Count>,
    /// Where `, N` goes to buffer an unbuffered make (the closing parenthesis).
    pub insert_capacity_at: Option<usize>,
    /// Loops around the make in its context: each iteration makes a new channel, so
    /// they neither multiply its sends nor count as its receiving loops.
    pub loops: Vec<LoopId>,
}

/// `var name chan T` without a value.
#[derive(Clone, Debug)]
pub struct NilDecl {
    pub chan: String,
    pub span: Span,
    /// `chan T` as written.
    pub chan_type: String,
}

#[derive(Clone, Debug, Default)]
pub struct FuncFacts {
    pub name: String,
    pub span: Option<Span>,
    pub contexts: Vec<Context>,
    pub loops: Vec<Loop>,
    pub selects: Vec<Select>,
    pub ops: Vec<ChanOp>,
    pub exits: Vec<Exit>,
    pub makes: Vec<MakeSite>,
    pub nil_decls: Vec<NilDecl>,
    /// Names assigned something that is not a `make(chan ...)`, or whose address is taken.
    pub assigned: Vec<String>,
    /// Identifier uses that are not channel operations (arguments, returns, values...).
    pub other_uses: Vec<(String, CtxId)>,
    /// Parameters of the function (and of literals not bound to an argument).
    pub params: Vec<String>,
    /// `x.Wait()` calls: (context, byte offset).
    pub waits: Vec<(CtxId, usize)>,
    pub empty_selects: Vec<(CtxId, Span)>,
    /// Where the function body starts (its header ends).
    pub body_start: usize,
}

impl FuncFacts {
    /// Every channel variable made in this function, once each.
    pub fn made_chans(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.makes.iter().map(|m| m.chan.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    pub fn is_goroutine(&self, ctx: CtxId) -> bool {
        self.contexts
            .get(ctx)
            .is_some_and(|c| c.kind == ContextKind::Goroutine)
    }

    pub fn ops_of<'a>(&'a self, chan: &'a str) -> impl Iterator<Item = &'a ChanOp> + 'a {
        self.ops.iter().filter(move |o| o.chan == chan)
    }

    /// The single make site of `chan`; `None` when there is none or several.
    pub fn make_of(&self, chan: &str) -> Option<&MakeSite> {
        let mut it = self.makes.iter().filter(|m| m.chan == chan);
        let first = it.next()?;
        it.next().is_none().then_some(first)
    }

    /// Whether the channel reaches code the rules cannot see: passed, returned, stored,
    /// reassigned, or used inside a callback.
    pub fn escapes(&self, chan: &str) -> bool {
        self.other_uses.iter().any(|(n, _)| n == chan)
            || self.assigned.iter().any(|n| n == chan)
            || self.params.iter().any(|n| n == chan)
            || self
                .ops_of(chan)
                .any(|o| self.contexts[o.ctx].kind == ContextKind::Callback)
    }

    /// Whether the op is a select case next to other cases (it can give up).
    pub fn in_multi_case_select(&self, op: &ChanOp) -> bool {
        op.case
            .is_some_and(|(s, _)| self.selects.get(s).is_some_and(|s| s.cases.len() > 1))
    }

    /// How many times an op runs per channel made at `make`: goroutine starts times the
    /// loops around it, leaving out the loops that make a new channel each iteration.
    pub fn times(&self, op: &ChanOp, make: Option<&MakeSite>) -> Count {
        let mut count = self.goroutines_per_channel(op.ctx, make);
        for l in self.own_loops(&op.loops, make) {
            count = count.times(&self.loop_count(l));
        }
        count
    }

    /// Loops of `loops` that do not enclose `make`.
    pub fn own_loops<'a>(
        &'a self,
        loops: &'a [LoopId],
        make: Option<&'a MakeSite>,
    ) -> impl DoubleEndedIterator<Item = LoopId> + 'a {
        loops
            .iter()
            .copied()
            .filter(move |l| make.is_none_or(|m| !m.loops.contains(l)))
    }

    /// How many goroutines run context `ctx` per channel made at `make`.
    fn goroutines_per_channel(&self, ctx: CtxId, make: Option<&MakeSite>) -> Count {
        let make_ctx = make.map_or(0, |m| m.ctx);
        let mut count = Count::Exact(1);
        let mut c = ctx;
        // Bounded by the number of contexts: each step goes to a parent.
        for _ in 0..=self.contexts.len() {
            if c == make_ctx {
                return count;
            }
            let Some(info) = self.contexts.get(c) else {
                return Count::Many;
            };
            match info.kind {
                ContextKind::Body => return count,
                ContextKind::Callback => return Count::Many,
                ContextKind::Goroutine => {}
            }
            for l in self.own_loops(&info.start_loops, make) {
                count = count.times(&self.loop_count(l));
            }
            match info.parent {
                Some(p) => c = p,
                None => return count,
            }
        }
        Count::Many
    }

    pub fn loop_count(&self, l: LoopId) -> Count {
        match &self.loops[l].kind {
            LoopKind::Counted(c) => c.clone(),
            _ => Count::Many,
        }
    }

    /// Receives of `chan` in context `ctx`, counting loops only inside `ctx`.
    fn receives_in(&self, chan: &str, ctx: CtxId, make: Option<&MakeSite>) -> Count {
        let mut total = Count::Exact(0);
        for op in self.ops_of(chan).filter(|o| o.ctx == ctx) {
            if !matches!(op.kind, OpKind::Recv | OpKind::Range) {
                continue;
            }
            let mut c = if op.kind == OpKind::Range {
                Count::Many
            } else {
                Count::Exact(1)
            };
            for l in self.own_loops(&op.loops, make) {
                c = c.times(&self.loop_count(l));
            }
            total = total.plus(&c);
        }
        total
    }

    fn waits_before(&self, ctx: CtxId, byte: usize) -> bool {
        self.waits.iter().any(|&(c, b)| c == ctx && b < byte)
    }
}

thread_local! {
    /// The facts of the last source seen on this thread, with what each function
    /// contributed: every rule asks for them, and the next check (usually one keystroke
    /// later) rebuilds only the functions the edit touched.
    static FACTS_CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

fn named_kids(n: Option<Node<'_>>) -> Vec<Node<'_>> {
    let Some(n) = n else { return Vec::new() };
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

fn is_receive(file: &ParsedFile<'_>, n: Node<'_>) -> bool {
    n.kind() == "unary_expression" && n.field("operator").is_some_and(|o| file.text(o) == "<-")
}

/// The Go spelling of the make call with a capacity, e.g. `make(chan error, 1)`.
pub fn buffered_make(make: &MakeSite, capacity: &str) -> String {
    format!("make({}, {capacity})", make.chan_type)
}

/// Whether a span lies inside another.
pub fn within(inner: &Span, outer: &Span) -> bool {
    inner.start_byte >= outer.start_byte && inner.end_byte <= outer.end_byte
}

/// Keeps one diagnostic per rule and place (named goroutine bodies are walked from
/// every function that starts them).
pub fn push_once(out: &mut Vec<Diagnostic>, d: Diagnostic) {
    if !out
        .iter()
        .any(|o| o.rule == d.rule && o.span.start_byte == d.span.start_byte)
    {
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn facts_of(src: &str) -> Rc<FileFacts> {
        let mut a = Analyzer::new();
        let file = a.parse(src);
        file_facts(&file)
    }

    #[test]
    fn counts_compare_only_when_sure() {
        let n = Count::Symbolic("n".to_owned());
        assert!(Count::Exact(3).covers(&Count::Exact(3)));
        assert!(!Count::Exact(1).covers(&Count::Exact(2)));
        assert!(Count::Symbolic("xs".to_owned()).covers(&Count::Symbolic("len(xs)".to_owned())));
        assert!(!Count::Exact(1).covers(&n));
        assert!(Count::Exact(1).surely_below(&n));
        assert!(!n.surely_below(&Count::Many));
        assert!(!Count::Exact(2).surely_below(&Count::Many));
        assert_eq!(Count::Exact(2).times(&n), Count::Many);
        assert_eq!(Count::Exact(1).times(&n), n);
    }

    #[test]
    fn break_in_select_leaves_the_select_not_the_loop() {
        let src = "package p\nfunc f(ch chan int, q chan bool) {\n\tfor {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tbreak\n\t\tcase <-q:\n\t\t\treturn\n\t\t}\n\t}\n}\n";
        let facts = facts_of(src);
        let f = &facts.funcs[0];
        assert_eq!(f.loops.len(), 1);
        assert_eq!(f.exits.len(), 1, "{:?}", f.exits);
        assert_eq!(f.exits[0].kind, ExitKind::Return);
        assert!(f.exits[0].leaves(0));
    }

    #[test]
    fn goroutines_in_counted_loops_multiply() {
        let src = "package p\nfunc f(n int) {\n\tc := make(chan int)\n\tfor i := 0; i < n; i++ {\n\t\tgo func() { c <- 1 }()\n\t}\n\tfor j := 0; j < 3; j++ {\n\t\tgo func() { c <- 2 }()\n\t}\n}\n";
        let facts = facts_of(src);
        let f = &facts.funcs[0];
        let sends: Vec<&ChanOp> = f.ops_of("c").filter(|o| o.kind == OpKind::Send).collect();
        let make = f.make_of("c");
        assert_eq!(f.times(sends[0], make), Count::Symbolic("n".to_owned()));
        assert_eq!(f.times(sends[1], make), Count::Exact(3));
        assert_eq!(send_total(f, &sends, make), Count::Many);
        assert_eq!(f.make_of("c").unwrap().capacity, Some(Count::Exact(0)));
    }

    #[test]
    fn channel_arguments_bind_literal_parameters() {
        let src = "package p\nfunc f() {\n\tc := make(chan int)\n\tgo func(out chan<- int) { out <- 1 }(c)\n\t<-c\n}\n";
        let facts = facts_of(src);
        let f = &facts.funcs[0];
        assert_eq!(f.ops_of("c").count(), 2);
        assert!(!f.escapes("c"));
    }

    #[test]
    fn facts_are_reused_for_the_same_source() {
        let src = "package p\nfunc f() {}\n";
        assert!(Rc::ptr_eq(&facts_of(src), &facts_of(src)));
    }
}
