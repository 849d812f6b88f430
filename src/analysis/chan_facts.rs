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

use super::incremental::{self, Shift};
use super::{Diagnostic, ParsedFile, Span};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;
use tree_sitter::Node;

/// Field ids of the Go grammar, looked up once: `child_by_field_name` compares the name
/// with every field name of the grammar on each call, which dominated the walk.
static FIELD_IDS: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();

const FIELDS: &[&str] = &[
    "alternative",
    "arguments",
    "body",
    "channel",
    "communication",
    "condition",
    "consequence",
    "field",
    "function",
    "initializer",
    "key",
    "label",
    "left",
    "name",
    "operand",
    "operator",
    "parameters",
    "receiver",
    "right",
    "type",
    "update",
    "value",
];

/// `child_by_field_name` with the field id cached.
trait FieldExt<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

impl<'t> FieldExt<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let ids = FIELD_IDS.get_or_init(|| {
            let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
            FIELDS
                .iter()
                .filter_map(|f| language.field_id_for_name(f).map(|id| (*f, id.get())))
                .collect()
        });
        match ids.get(name) {
            Some(&id) => self.child_by_field_id(id),
            None => self.child_by_field_name(name),
        }
    }
}

/// Deeper nesting than this is not walked (keeps pathological input from overflowing the stack).
const MAX_DEPTH: usize = 300;

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

/// Why a receiver may stop receiving before every value was taken.
#[derive(Clone, Debug)]
pub struct LeaveReason {
    pub span: Span,
    pub message: String,
    /// The consumer drains with `range` or a forever loop (rather than collecting results).
    pub drain: bool,
}

/// Goroutine sends on a local channel that can block forever.
#[derive(Clone, Debug)]
pub struct BlockedSends<'a> {
    pub chan: &'a str,
    pub make: &'a MakeSite,
    pub sends: Vec<&'a ChanOp>,
    pub total: Count,
    pub reason: LeaveReason,
}

/// The sends on `chan` made by goroutines that may block forever because every receiver
/// can stop receiving first and the buffer is smaller than the number of sends.
pub fn blocked_sends<'a>(facts: &'a FuncFacts, chan: &'a str) -> Option<BlockedSends<'a>> {
    let make = facts.make_of(chan)?;
    if facts.escapes(chan) {
        return None;
    }
    let sender_ctxs: Vec<CtxId> = facts
        .ops_of(chan)
        .filter(|o| o.kind == OpKind::Send)
        .map(|o| o.ctx)
        .collect();
    let sends: Vec<&ChanOp> = facts
        .ops_of(chan)
        .filter(|o| {
            o.kind == OpKind::Send && facts.is_goroutine(o.ctx) && !facts.in_multi_case_select(o)
        })
        .collect();
    if sends.is_empty() {
        return None;
    }
    // Any send outside a goroutine makes the counting meaningless.
    if sender_ctxs.iter().any(|&c| !facts.is_goroutine(c)) {
        return None;
    }
    let total = send_total(facts, &sends, Some(make));
    let capacity = make.capacity.as_ref()?;
    if capacity.covers(&total) {
        return None;
    }
    // A receiver that closes the channel is `close-does-not-unblock-sender`'s case.
    if facts
        .ops_of(chan)
        .any(|o| matches!(o.kind, OpKind::Close { .. }) && !sender_ctxs.contains(&o.ctx))
    {
        return None;
    }
    let reason = leave_reason(facts, chan, &|c| !sender_ctxs.contains(&c), &total)?;
    Some(BlockedSends {
        chan,
        make,
        sends,
        total,
        reason,
    })
}

/// How many values the goroutines send: per goroutine the largest count of one send site
/// (sites in one goroutine are usually alternatives, `errc <- err` or `errc <- nil`),
/// times how many such goroutines start.
pub fn send_total(facts: &FuncFacts, sends: &[&ChanOp], make: Option<&MakeSite>) -> Count {
    let mut ctxs: Vec<CtxId> = sends.iter().map(|s| s.ctx).collect();
    ctxs.sort_unstable();
    ctxs.dedup();
    let mut total = Count::Exact(0);
    for ctx in ctxs {
        let mut per_goroutine: Option<Count> = None;
        for s in sends.iter().filter(|s| s.ctx == ctx) {
            let local = facts
                .own_loops(&s.loops, make)
                .fold(Count::Exact(1), |acc, l| acc.times(&facts.loop_count(l)));
            per_goroutine = Some(match per_goroutine {
                None => local,
                Some(prev) if prev == local => prev,
                Some(Count::Exact(a)) => match local {
                    Count::Exact(b) => Count::Exact(a.max(b)),
                    _ => Count::Many,
                },
                Some(_) => Count::Many,
            });
        }
        let count = per_goroutine.unwrap_or(Count::Exact(0));
        total = total.plus(&facts.goroutines_per_channel(ctx, make).times(&count));
    }
    total
}

/// Whether the receivers of `chan` (contexts accepted by `is_receiver`) may stop before
/// receiving `total` values, and where.
pub fn leave_reason(
    facts: &FuncFacts,
    chan: &str,
    is_receiver: &dyn Fn(CtxId) -> bool,
    total: &Count,
) -> Option<LeaveReason> {
    let receives: Vec<&ChanOp> = facts
        .ops_of(chan)
        .filter(|o| matches!(o.kind, OpKind::Recv | OpKind::Range) && is_receiver(o.ctx))
        .collect();
    let Some(first) = receives.first() else {
        let make = facts.make_of(chan)?;
        return Some(LeaveReason {
            span: make.span,
            message: format!("nothing receives from `{chan}`"),
            drain: false,
        });
    };
    let make = facts.make_of(chan);
    let received_later = |ctx: CtxId, after: usize| {
        receives
            .iter()
            .any(|o| o.ctx == ctx && o.span.start_byte >= after)
    };
    // Drain loops: `range ch`, or a receive inside a loop that has no trip count.
    for op in &receives {
        let drain_loop = if op.kind == OpKind::Range {
            op.loops.last().copied()
        } else {
            facts
                .own_loops(&op.loops, make)
                .rev()
                .find(|&l| matches!(facts.loops[l].kind, LoopKind::Forever | LoopKind::Cond))
        };
        let Some(l) = drain_loop else { continue };
        let loop_end = facts.loops[l].span.end_byte;
        // With a single send, leaving right after receiving it strands nobody.
        let single = *total == Count::Exact(1);
        let after_receiving = |e: &Exit| {
            op.kind == OpKind::Range
                || e.case.is_some_and(|(s, i)| {
                    facts.selects[s].cases[i].kind == CaseKind::Recv(Some(chan.to_owned()))
                })
        };
        let exit = facts.exits.iter().find(|e| {
            e.ctx == op.ctx
                && e.leaves(l)
                && !e.ok_guarded
                && !(single && after_receiving(e))
                && !(e.kind != ExitKind::Return && received_later(op.ctx, loop_end))
        });
        if let Some(e) = exit {
            return Some(LeaveReason {
                span: e.span,
                message: "the receiving loop exits here before the channel is drained".to_owned(),
                drain: true,
            });
        }
    }
    if receives.iter().any(|o| {
        o.kind == OpKind::Range
            || facts
                .own_loops(&o.loops, make)
                .any(|l| matches!(facts.loops[l].kind, LoopKind::Forever | LoopKind::Cond))
    }) {
        return None;
    }
    // A select that can take another case and move on.
    for op in &receives {
        let Some((sid, own)) = op.case else { continue };
        let sel = &facts.selects[sid];
        for (i, case) in sel.cases.iter().enumerate() {
            if i == own || case.kind == CaseKind::Recv(Some(chan.to_owned())) {
                continue;
            }
            // "Result or error": the same goroutines send either on `chan` or on the
            // other channel, so taking the other case strands nobody.
            if let CaseKind::Recv(Some(other)) = &case.kind {
                let same_senders = |c: &str| -> Vec<CtxId> {
                    let mut v: Vec<CtxId> = facts
                        .ops_of(c)
                        .filter(|o| o.kind == OpKind::Send)
                        .map(|o| o.ctx)
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                let ours = same_senders(chan);
                let theirs = same_senders(other);
                if !theirs.is_empty() && theirs.iter().all(|c| ours.contains(c)) {
                    continue;
                }
            }
            let receives_in_case = receives.iter().any(|o| {
                o.case == Some((sid, i)) || (o.ctx == sel.ctx && within(&o.span, &case.span))
            });
            let moves_on = match facts.own_loops(&sel.loops, make).next_back() {
                None => !receives_in_case && !received_later(sel.ctx, sel.span.end_byte),
                Some(l) => facts
                    .exits
                    .iter()
                    .any(|e| e.case == Some((sid, i)) && e.leaves(l)),
            };
            if moves_on {
                let message = if case.kind == CaseKind::Default {
                    "the receiver takes the `default` case here and moves on".to_owned()
                } else {
                    format!("the receiver stops waiting here on `{}`", case.text)
                };
                return Some(LeaveReason {
                    span: case.span,
                    message,
                    drain: false,
                });
            }
        }
    }
    // A counted receive loop that can end early.
    for op in &receives {
        for l in facts.own_loops(&op.loops, make) {
            if let Some(e) = facts
                .exits
                .iter()
                .find(|e| e.ctx == op.ctx && e.leaves(l) && !e.ok_guarded)
            {
                return Some(LeaveReason {
                    span: e.span,
                    message: "the receiving loop exits here before every value is received"
                        .to_owned(),
                    drain: false,
                });
            }
        }
    }
    // Fewer receives than sends.
    let mut received = Count::Exact(0);
    let mut receiver_ctxs: Vec<CtxId> = receives.iter().map(|o| o.ctx).collect();
    receiver_ctxs.dedup();
    for &c in &receiver_ctxs {
        received = received.plus(&facts.receives_in(chan, c, make));
    }
    if received.surely_below(total) {
        return Some(LeaveReason {
            span: first.span,
            message: "only the first value is received here".to_owned(),
            drain: false,
        });
    }
    // The receiving function returns after starting the goroutine, before its first receive.
    let ctx = first.ctx;
    let receive_at = receives
        .iter()
        .filter(|o| o.ctx == ctx)
        .map(|o| {
            o.case
                .map_or(o.span.start_byte, |(s, _)| facts.selects[s].span.start_byte)
        })
        .min()?;
    // Only the goroutines that send on this channel count.
    let started_at = facts
        .ops_of(chan)
        .filter(|o| o.kind == OpKind::Send)
        .filter_map(|o| facts.contexts.get(o.ctx))
        .filter(|c| c.parent == Some(ctx) && c.kind == ContextKind::Goroutine)
        .filter_map(|c| c.start.map(|s| s.end_byte))
        .min()?;
    facts
        .exits
        .iter()
        .find(|e| {
            e.ctx == ctx
                && e.kind == ExitKind::Return
                && e.span.start_byte > started_at
                && e.span.end_byte <= receive_at
        })
        .map(|e| LeaveReason {
            span: e.span,
            message: "the function returns here before receiving".to_owned(),
            drain: false,
        })
}

/// Whether a close of `chan` in context `op.ctx` can run while goroutines still send.
pub fn close_races_senders(facts: &FuncFacts, op: &ChanOp) -> Option<LeaveReason> {
    let chan = op.chan.as_str();
    facts.make_of(chan)?;
    if facts.escapes(chan) {
        return None;
    }
    let sends: Vec<&ChanOp> = facts
        .ops_of(chan)
        .filter(|o| o.kind == OpKind::Send)
        .collect();
    if sends.is_empty()
        || sends
            .iter()
            .any(|s| s.ctx == op.ctx || !facts.is_goroutine(s.ctx))
    {
        return None;
    }
    let deferred = matches!(op.kind, OpKind::Close { deferred: true });
    let waits = if deferred {
        facts.waits.iter().any(|&(c, _)| c == op.ctx)
    } else {
        facts.waits_before(op.ctx, op.span.start_byte)
    };
    // Waiting on another channel first (`<-done` per sender) is a hand-made WaitGroup.
    let synchronises = facts.ops.iter().any(|o| {
        o.ctx == op.ctx
            && o.chan != chan
            && matches!(o.kind, OpKind::Recv | OpKind::Range)
            && !facts.in_multi_case_select(o)
            && (deferred || o.span.start_byte < op.span.start_byte)
    });
    if waits || synchronises {
        return None;
    }
    let total = send_total(facts, &sends, facts.make_of(chan));
    let closer = op.ctx;
    leave_reason(facts, chan, &|c| c == closer, &total)
}

thread_local! {
    /// The facts of the last source seen on this thread, with what each function
    /// contributed: every rule asks for them, and the next check (usually one keystroke
    /// later) rebuilds only the functions the edit touched.
    static FACTS_CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

struct Cached {
    source: String,
    facts: Rc<FileFacts>,
    pieces: Vec<Piece>,
}

/// What one function declaration contributed to [`FileFacts`], and what it read.
struct Piece {
    kind_id: u16,
    range: (usize, usize),
    func: usize,
    bindings: Range<usize>,
    default_client_calls: Range<usize>,
    client_literals: Range<usize>,
    /// Other declarations looked up by name (`go worker(ch)` walks `worker`'s body).
    callees: Vec<(String, Option<(usize, usize)>)>,
}

/// Everything the rules of this module need, from one walk of the tree.
#[derive(Debug, Default)]
pub struct FileFacts {
    /// One entry per function and method declared in the file.
    pub funcs: Vec<FuncFacts>,
    pub resources: ResourceFacts,
}

/// The facts of the file, rebuilt only where the text changed since the last call on this
/// thread.
pub fn file_facts(file: &ParsedFile<'_>) -> Rc<FileFacts> {
    FACTS_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(hit) = cache.as_ref().filter(|c| c.source == file.source) {
            return Rc::clone(&hit.facts);
        }
        let previous = cache.take();
        let (facts, pieces) = compute_file_facts(file, previous.as_ref());
        let facts = Rc::new(facts);
        *cache = Some(Cached {
            source: file.source.to_owned(),
            facts: Rc::clone(&facts),
            pieces,
        });
        facts
    })
}

/// Facts of every top-level function, each reused from `previous` (moved) when the edit
/// since left it and the functions it read untouched, else built by a walk.
fn compute_file_facts(file: &ParsedFile<'_>, previous: Option<&Cached>) -> (FileFacts, Vec<Piece>) {
    let root = file.tree.root_node();
    let mut decls: HashMap<&str, Node<'_>> = HashMap::new();
    let mut cursor = root.walk();
    let top: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
    for n in &top {
        if n.kind() == "function_declaration" {
            if let Some(name) = n.field("name") {
                decls.insert(file.text(name), *n);
            }
        }
    }
    // Old pieces the edit left alone, by where they are now.
    let reusable = previous.map_or_else(HashMap::new, |old| {
        incremental::reusable(&old.source, file.source, &old.pieces, |p| p.range)
    });
    let still_resolves = |callees: &[(String, Option<(usize, usize)>)], shift: &Shift| {
        callees.iter().all(|(name, old_range)| {
            let now = decls
                .get(name.as_str())
                .map(|d| (d.start_byte(), d.end_byte()));
            match old_range {
                Some(r) => shift.keeps(*r) && now == Some(shift.range(*r)),
                None => now.is_none(),
            }
        })
    };
    let mut out = FileFacts::default();
    let mut pieces = Vec::new();
    for n in top {
        let body = match n.field("body") {
            Some(b) if matches!(n.kind(), "function_declaration" | "method_declaration") => b,
            _ => {
                // Package-level declarations: only resources live here.
                collect_resources(file, n, &mut out.resources);
                continue;
            }
        };
        let range = (n.start_byte(), n.end_byte());
        let marks = (
            out.resources.bindings.len(),
            out.resources.default_client_calls.len(),
            out.resources.client_literals.len(),
        );
        let old = previous.and_then(|prev| {
            let (piece, shift) = reusable.get(&range).filter(|(piece, shift)| {
                piece.kind_id == n.kind_id()
                    && !n.has_error()
                    && still_resolves(&piece.callees, shift)
            })?;
            Some((*piece, &prev.facts, shift))
        });
        let callees = match old {
            Some((piece, facts, shift)) => {
                out.funcs.push(facts.funcs[piece.func].moved(shift));
                let res = &facts.resources;
                let moved = |b: &Binding| b.moved(shift);
                out.resources
                    .bindings
                    .extend(res.bindings[piece.bindings.clone()].iter().map(moved));
                out.resources.default_client_calls.extend(
                    res.default_client_calls[piece.default_client_calls.clone()]
                        .iter()
                        .map(|c| c.moved(shift)),
                );
                out.resources.client_literals.extend(
                    res.client_literals[piece.client_literals.clone()]
                        .iter()
                        .map(|c| c.moved(shift)),
                );
                piece
                    .callees
                    .iter()
                    .map(|(name, r)| (name.clone(), r.map(|r| shift.range(r))))
                    .collect()
            }
            None => walk_function(file, &decls, n, body, &mut out),
        };
        pieces.push(Piece {
            kind_id: n.kind_id(),
            range,
            func: out.funcs.len() - 1,
            bindings: marks.0..out.resources.bindings.len(),
            default_client_calls: marks.1..out.resources.default_client_calls.len(),
            client_literals: marks.2..out.resources.client_literals.len(),
            callees,
        });
    }
    (out, pieces)
}

/// Walks one function declaration into `out`; returns the declarations it looked up.
fn walk_function<'f>(
    file: &'f ParsedFile<'_>,
    decls: &'f HashMap<&'f str, Node<'f>>,
    n: Node<'f>,
    body: Node<'f>,
    out: &mut FileFacts,
) -> Vec<(String, Option<(usize, usize)>)> {
    let mut w = Walker {
        file,
        decls,
        resources: std::mem::take(&mut out.resources),
        scopes: vec![(n.start_byte(), n.end_byte())],
        cursor: n.walk(),
        facts: FuncFacts {
            name: n
                .field("name")
                .map(|x| file.text(x).to_owned())
                .unwrap_or_default(),
            span: Some(file.span(n)),
            body_start: body.start_byte(),
            ..FuncFacts::default()
        },
        ctx: 0,
        loops: Vec::new(),
        breakables: Vec::new(),
        case: None,
        aliases: Vec::new(),
        ok_guards: 0,
        ok_names: Vec::new(),
        inline_literal: 0,
        depth: 0,
        named_depth: 0,
        callees: Vec::new(),
    };
    w.facts.contexts.push(Context {
        kind: ContextKind::Body,
        parent: None,
        start: None,
        multiplicity: Count::Exact(1),
        named: false,
        start_loops: Vec::new(),
    });
    if let Some(r) = n.field("receiver") {
        w.declare_params(r);
    }
    if let Some(p) = n.field("parameters") {
        w.declare_params(p);
    }
    w.walk(body);
    out.resources = w.resources;
    out.funcs.push(w.facts);
    w.callees
}

impl FuncFacts {
    /// These facts with every position moved by `shift` (all fields listed, so a new
    /// field cannot be forgotten).
    fn moved(&self, shift: &Shift) -> FuncFacts {
        let span = |s: &mut Span| *s = shift.span(*s);
        let mut f = self.clone();
        let FuncFacts {
            name: _,
            span: own_span,
            contexts,
            loops,
            selects,
            ops,
            exits,
            makes,
            nil_decls,
            assigned: _,
            other_uses: _,
            params: _,
            waits,
            empty_selects,
            body_start,
        } = &mut f;
        own_span.iter_mut().for_each(span);
        contexts
            .iter_mut()
            .flat_map(|c| &mut c.start)
            .for_each(span);
        loops.iter_mut().for_each(|l| span(&mut l.span));
        for s in selects {
            span(&mut s.span);
            s.cases.iter_mut().for_each(|c| span(&mut c.span));
        }
        ops.iter_mut().for_each(|o| span(&mut o.span));
        exits.iter_mut().for_each(|e| span(&mut e.span));
        for m in makes {
            span(&mut m.span);
            m.insert_capacity_at = m.insert_capacity_at.map(|b| shift.byte(b));
        }
        nil_decls.iter_mut().for_each(|d| span(&mut d.span));
        waits.iter_mut().for_each(|w| w.1 = shift.byte(w.1));
        empty_selects.iter_mut().for_each(|e| span(&mut e.1));
        *body_start = shift.byte(*body_start);
        f
    }
}

#[derive(Clone, Copy)]
enum Breakable {
    Loop(LoopId),
    Other,
}

struct Walker<'f, 't> {
    file: &'f ParsedFile<'t>,
    decls: &'f HashMap<&'f str, Node<'f>>,
    facts: FuncFacts,
    /// Network/IO facts gathered on the same walk.
    resources: ResourceFacts,
    /// Byte ranges of the enclosing function declaration and literals.
    scopes: Vec<(usize, usize)>,
    cursor: tree_sitter::TreeCursor<'f>,
    ctx: CtxId,
    loops: Vec<LoopId>,
    breakables: Vec<Breakable>,
    case: Option<(SelectId, usize)>,
    /// Parameter names of literals, bound to the caller's identifier (or to nothing).
    aliases: Vec<(String, Option<String>)>,
    ok_guards: usize,
    ok_names: Vec<String>,
    /// Inside a deferred or immediately called literal: its `return` ends only the literal.
    inline_literal: usize,
    depth: usize,
    named_depth: usize,
    /// Declarations looked up by name, with their byte ranges (what the facts depend on).
    callees: Vec<(String, Option<(usize, usize)>)>,
}

impl<'f, 't> Walker<'f, 't> {
    fn text(&self, n: Node<'f>) -> &'t str {
        self.file.source.get(n.byte_range()).unwrap_or("")
    }

    fn span(&self, n: Node<'f>) -> Span {
        self.file.span(n)
    }

    /// The channel variable an identifier refers to, after literal parameters.
    fn resolve(&self, name: &str) -> Option<String> {
        for (param, bound) in self.aliases.iter().rev() {
            if param == name {
                return bound.clone();
            }
        }
        Some(name.to_owned())
    }

    fn ident(&self, n: Option<Node<'f>>) -> Option<String> {
        let mut n = n?;
        // `(ch)`, `((ch))`: a loop, not recursion, for arbitrarily nested parentheses.
        while n.kind() == "parenthesized_expression" {
            n = n.named_child(0)?;
        }
        (n.kind() == "identifier").then(|| self.resolve(self.text(n)))?
    }

    fn walk_children(&mut self, n: Node<'f>) {
        // One cursor for the whole walk: making one per node costs an allocation each.
        let kids: Vec<Node<'f>> = n.named_children(&mut self.cursor).collect();
        for k in kids {
            self.walk(k);
        }
    }

    fn walk(&mut self, n: Node<'f>) {
        if self.depth > MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.resource_hook(n);
        self.visit(n);
        self.depth -= 1;
    }

    /// Records network/IO facts of `n`, except inside named goroutine bodies (their own
    /// declaration is walked too).
    fn resource_hook(&mut self, n: Node<'f>) {
        if self.named_depth > 0 {
            return;
        }
        let scope = self
            .scopes
            .last()
            .copied()
            .unwrap_or((0, self.file.source.len()));
        resource_node(self.file, n, scope, &mut self.resources);
    }

    fn op(&mut self, chan: String, kind: OpKind, span: Span) {
        self.facts.ops.push(ChanOp {
            chan,
            kind,
            ctx: self.ctx,
            span,
            loops: self.loops.clone(),
            case: None,
            ok_var: None,
        });
    }

    fn exit(&mut self, kind: ExitKind, n: Node<'f>) {
        if self.inline_literal > 0 {
            return;
        }
        let span = self.span(n);
        self.facts.exits.push(Exit {
            kind,
            ctx: self.ctx,
            span,
            loops: self.loops.clone(),
            case: self.case,
            ok_guarded: self.ok_guards > 0,
        });
    }

    fn visit(&mut self, n: Node<'f>) {
        match n.kind() {
            "identifier" => {
                if let Some(name) = self.resolve(self.text(n)) {
                    self.facts.other_uses.push((name, self.ctx));
                }
            }
            "send_statement" => {
                match self.ident(n.field("channel")) {
                    Some(chan) => self.op(chan, OpKind::Send, self.span(n)),
                    None => {
                        if let Some(c) = n.field("channel") {
                            self.walk(c);
                        }
                    }
                }
                if let Some(v) = n.field("value") {
                    self.walk(v);
                }
            }
            "unary_expression" => {
                let op = n.field("operator").map(|o| o.kind());
                let operand = n.field("operand");
                match (op, self.ident(operand)) {
                    (Some("<-"), Some(chan)) => self.op(chan, OpKind::Recv, self.span(n)),
                    (Some("&"), Some(name)) => self.facts.assigned.push(name),
                    _ => self.walk_children(n),
                }
            }
            "go_statement" => self.visit_go(n),
            "defer_statement" => self.visit_defer(n),
            "call_expression" => self.visit_call(n),
            "func_literal" => self.visit_literal(n, ContextKind::Callback, None, None),
            "short_var_declaration" | "assignment_statement" => self.visit_assign(n),
            "var_spec" => self.visit_var_spec(n),
            "for_statement" => self.visit_for(n, None),
            "labeled_statement" => {
                let label = n.field("label").map(|l| self.text(l).to_owned());
                let mut c = n.walk();
                let stmt = n.named_children(&mut c).find(|k| k.kind() != "label_name");
                match stmt {
                    Some(s) if s.kind() == "for_statement" => self.visit_for(s, label),
                    Some(s) => self.walk(s),
                    None => {}
                }
            }
            "select_statement" => self.visit_select(n),
            "expression_switch_statement" | "type_switch_statement" => {
                self.breakables.push(Breakable::Other);
                self.walk_children(n);
                self.breakables.pop();
            }
            "return_statement" => {
                self.exit(ExitKind::Return, n);
                self.walk_children(n);
            }
            "goto_statement" => self.exit(ExitKind::Goto, n),
            "break_statement" => {
                let target = match self.label_of(n) {
                    Some(label) => self.loop_labelled(&label).map(Breakable::Loop),
                    None => self.breakables.last().copied(),
                };
                if let Some(Breakable::Loop(l)) = target {
                    self.exit(ExitKind::Break(l), n);
                }
            }
            "continue_statement" => {
                if let Some(label) = self.label_of(n) {
                    if let Some(l) = self.loop_labelled(&label) {
                        if self.loops.last() != Some(&l) {
                            self.exit(ExitKind::ContinueOuter(l), n);
                        }
                    }
                }
            }
            "if_statement" => self.visit_if(n),
            "field_identifier" | "type_identifier" | "package_identifier" | "label_name" => {}
            "comment" | "interpreted_string_literal" | "raw_string_literal" => {}
            _ => self.walk_children(n),
        }
    }

    fn label_of(&self, n: Node<'f>) -> Option<String> {
        let mut c = n.walk();
        let label = n
            .named_children(&mut c)
            .find(|k| k.kind() == "label_name")
            .map(|l| self.text(l).to_owned());
        label
    }

    fn loop_labelled(&self, label: &str) -> Option<LoopId> {
        self.loops
            .iter()
            .rev()
            .copied()
            .find(|&l| self.facts.loops[l].label.as_deref() == Some(label))
    }

    fn visit_if(&mut self, n: Node<'f>) {
        if let Some(init) = n.field("initializer") {
            self.walk(init);
        }
        let cond = n.field("condition");
        let mut guarded = false;
        if let Some(cond) = cond {
            let is_not_ok = cond.kind() == "unary_expression"
                && cond.field("operator").is_some_and(|o| o.kind() == "!")
                && cond
                    .field("operand")
                    .is_some_and(|o| self.ok_names.iter().any(|k| k == self.text(o)));
            guarded = is_not_ok;
            self.walk(cond);
        }
        if let Some(c) = n.field("consequence") {
            if guarded {
                self.ok_guards += 1;
            }
            self.walk(c);
            if guarded {
                self.ok_guards -= 1;
            }
        }
        if let Some(a) = n.field("alternative") {
            self.walk(a);
        }
    }

    fn visit_go(&mut self, n: Node<'f>) {
        let Some(call) = n.named_child(0).filter(|c| c.kind() == "call_expression") else {
            self.walk_children(n);
            return;
        };
        self.resource_hook(call);
        let start = self.span(n);
        let function = call.field("function");
        let args = call.field("arguments");
        match function {
            Some(f) if f.kind() == "func_literal" => {
                let bound = self.bind_arguments(args);
                self.visit_literal(f, ContextKind::Goroutine, Some(start), Some(bound));
            }
            Some(f) if f.kind() == "identifier" && self.named_depth < 2 => {
                let name = self.text(f);
                let decl = self.decls.get(name).copied();
                self.callees.push((
                    name.to_owned(),
                    decl.map(|d| (d.start_byte(), d.end_byte())),
                ));
                match decl {
                    Some(decl) => {
                        let bound = self.bind_arguments(args);
                        self.named_depth += 1;
                        self.enter_function(decl, ContextKind::Goroutine, Some(start), bound, true);
                        self.named_depth -= 1;
                    }
                    None => self.walk_children(call),
                }
            }
            _ => self.walk_children(call),
        }
    }

    /// Arguments of an immediately called function: identifiers bind the parameters,
    /// anything else is walked as a use.
    fn bind_arguments(&mut self, args: Option<Node<'f>>) -> Vec<Option<String>> {
        let mut bound = Vec::new();
        let Some(args) = args else { return bound };
        let mut c = args.walk();
        let kids: Vec<Node<'f>> = args.named_children(&mut c).collect();
        for a in kids {
            match self.ident(Some(a)) {
                Some(name) if a.kind() == "identifier" => bound.push(Some(name)),
                _ => {
                    self.walk(a);
                    bound.push(None);
                }
            }
        }
        bound
    }

    fn visit_defer(&mut self, n: Node<'f>) {
        let Some(call) = n.named_child(0).filter(|c| c.kind() == "call_expression") else {
            self.walk_children(n);
            return;
        };
        let function = call.field("function");
        let args = call.field("arguments");
        if let Some(chan) = self.close_target(function, args) {
            self.op(chan, OpKind::Close { deferred: true }, self.span(n));
            return;
        }
        self.resource_hook(call);
        match function {
            Some(f) if f.kind() == "func_literal" => {
                let bound = self.bind_arguments(args);
                self.visit_literal(f, ContextKind::Body, None, Some(bound));
            }
            _ => self.visit_call(call),
        }
    }

    fn close_target(&self, function: Option<Node<'f>>, args: Option<Node<'f>>) -> Option<String> {
        let f = function?;
        if f.kind() != "identifier" || self.text(f) != "close" {
            return None;
        }
        let args = args?;
        if args.named_child_count() != 1 {
            return None;
        }
        self.ident(args.named_child(0))
    }

    fn visit_call(&mut self, n: Node<'f>) {
        let function = n.field("function");
        let args = n.field("arguments");
        if let Some(chan) = self.close_target(function, args) {
            self.op(chan, OpKind::Close { deferred: false }, self.span(n));
            return;
        }
        let Some(f) = function else {
            self.walk_children(n);
            return;
        };
        match f.kind() {
            "identifier" if matches!(self.text(f), "len" | "cap") => {
                // Measuring a channel does not let it escape.
                if let Some(a) = args {
                    let mut c = a.walk();
                    let kids: Vec<Node<'f>> = a.named_children(&mut c).collect();
                    for k in kids.into_iter().filter(|k| k.kind() != "identifier") {
                        self.walk(k);
                    }
                }
            }
            "identifier" => {
                if let Some(a) = args {
                    self.walk(a);
                }
            }
            "func_literal" => {
                let bound = self.bind_arguments(args);
                self.visit_literal(f, ContextKind::Body, None, Some(bound));
            }
            "selector_expression" => {
                let field = f.field("field").map(|x| self.text(x));
                if field == Some("Wait") {
                    self.facts.waits.push((self.ctx, n.start_byte()));
                }
                if let Some(op) = f.field("operand") {
                    self.walk(op);
                }
                let Some(a) = args else { return };
                let mut c = a.walk();
                let kids: Vec<Node<'f>> = a.named_children(&mut c).collect();
                for k in kids {
                    if field == Some("Go") && k.kind() == "func_literal" {
                        let start = self.span(n);
                        self.visit_literal(
                            k,
                            ContextKind::Goroutine,
                            Some(start),
                            Some(Vec::new()),
                        );
                    } else {
                        self.walk(k);
                    }
                }
            }
            _ => self.walk_children(n),
        }
    }

    /// Walks a function literal's body in a new context (or the current one for
    /// deferred and immediately called literals).
    fn visit_literal(
        &mut self,
        lit: Node<'f>,
        kind: ContextKind,
        start: Option<Span>,
        bound: Option<Vec<Option<String>>>,
    ) {
        self.enter_function(lit, kind, start, bound.unwrap_or_default(), false);
    }

    fn enter_function(
        &mut self,
        func: Node<'f>,
        kind: ContextKind,
        start: Option<Span>,
        bound: Vec<Option<String>>,
        named: bool,
    ) {
        let saved_ctx = self.ctx;
        let saved_loops = std::mem::take(&mut self.loops);
        let saved_breakables = std::mem::take(&mut self.breakables);
        let saved_case = self.case.take();
        let saved_guards = std::mem::replace(&mut self.ok_guards, 0);
        let saved_inline = self.inline_literal;
        let saved_aliases = self.aliases.len();
        let saved_scopes = self.scopes.len();
        if !named {
            self.scopes.push((func.start_byte(), func.end_byte()));
        }
        let new_ctx = kind != ContextKind::Body;
        if new_ctx {
            let mut multiplicity = self.facts.contexts[saved_ctx].multiplicity.clone();
            for &l in &saved_loops {
                multiplicity = multiplicity.times(&self.facts.loop_count(l));
            }
            if kind == ContextKind::Callback {
                multiplicity = Count::Many;
            }
            self.facts.contexts.push(Context {
                kind,
                parent: Some(saved_ctx),
                start,
                multiplicity,
                named,
                start_loops: saved_loops.clone(),
            });
            self.ctx = self.facts.contexts.len() - 1;
            self.inline_literal = 0;
        } else {
            self.inline_literal += 1;
            // A deferred or immediately called literal runs here, inside the same loops.
            self.loops = saved_loops.clone();
            self.breakables = Vec::new();
        }
        // A named function's body sees only its parameters, not the caller's names.
        let mut index = 0;
        if let Some(params) = func.field("parameters") {
            let mut c = params.walk();
            let decls: Vec<Node<'f>> = params.named_children(&mut c).collect();
            for d in decls {
                let mut c2 = d.walk();
                let names: Vec<Node<'f>> = d.children_by_field_name("name", &mut c2).collect();
                if names.is_empty() {
                    index += 1;
                }
                for name in names {
                    let target = bound.get(index).cloned().flatten();
                    self.aliases.push((self.text(name).to_owned(), target));
                    index += 1;
                }
            }
        }
        if let Some(body) = func.field("body") {
            self.walk(body);
        }
        self.aliases.truncate(saved_aliases);
        self.scopes.truncate(saved_scopes);
        self.ctx = saved_ctx;
        self.loops = saved_loops;
        self.breakables = saved_breakables;
        self.case = saved_case;
        self.ok_guards = saved_guards;
        self.inline_literal = saved_inline;
    }

    fn declare_params(&mut self, list: Node<'f>) {
        let mut c = list.walk();
        let decls: Vec<Node<'f>> = list.named_children(&mut c).collect();
        for d in decls {
            let mut c2 = d.walk();
            for name in d.children_by_field_name("name", &mut c2) {
                let text = self.text(name).to_owned();
                self.facts.params.push(text);
            }
        }
    }

    fn visit_assign(&mut self, n: Node<'f>) {
        let left = n.field("left");
        let right = n.field("right");
        let lefts = named_kids(left);
        let rights = named_kids(right);
        let is_define = n.kind() == "short_var_declaration";
        let op_text = n.field("operator").map(|o| self.text(o)).unwrap_or("=");
        for (i, l) in lefts.iter().enumerate() {
            if l.kind() != "identifier" {
                self.walk(*l);
                continue;
            }
            let name = match self.resolve(self.text(*l)) {
                Some(name) => name,
                None => continue,
            };
            if name == "_" {
                continue;
            }
            if op_text != "=" && op_text != ":=" {
                self.facts.other_uses.push((name.clone(), self.ctx));
            }
            let value = (lefts.len() == rights.len()).then(|| rights[i]);
            match value.and_then(|v| self.make_site(&name, v)) {
                Some(site) => {
                    if !is_define && self.ctx != 0 {
                        self.facts.assigned.push(name);
                    }
                    self.facts.makes.push(site);
                }
                None => {
                    if !is_define {
                        self.facts.assigned.push(name);
                    }
                }
            }
        }
        // `v, ok := <-ch`: remember `ok` for `if !ok { return }`.
        if lefts.len() == 2 && rights.len() == 1 && is_receive(self.file, rights[0]) {
            self.ok_names.push(self.text(lefts[1]).to_owned());
        }
        for r in rights {
            if r.kind() == "call_expression" && self.is_make_chan(r) {
                self.walk_make_args(r);
            } else {
                self.walk(r);
            }
        }
    }

    fn visit_var_spec(&mut self, n: Node<'f>) {
        let mut c = n.walk();
        let names: Vec<Node<'f>> = n.children_by_field_name("name", &mut c).collect();
        let ty = n.field("type");
        let values = named_kids(n.field("value"));
        for (i, name) in names.iter().enumerate() {
            let text = self.text(*name).to_owned();
            match values.get(i) {
                Some(v) if values.len() == names.len() => match self.make_site(&text, *v) {
                    Some(site) => self.facts.makes.push(site),
                    None => self.facts.assigned.push(text),
                },
                Some(_) => self.facts.assigned.push(text),
                None => {
                    if let Some(t) = ty.filter(|t| t.kind() == "channel_type") {
                        let span = self.span(n);
                        let chan_type = self.text(t).to_owned();
                        self.facts.nil_decls.push(NilDecl {
                            chan: text,
                            span,
                            chan_type,
                        });
                    }
                }
            }
        }
        for v in values {
            if v.kind() == "call_expression" && self.is_make_chan(v) {
                self.walk_make_args(v);
            } else {
                self.walk(v);
            }
        }
    }

    fn is_make_chan(&self, call: Node<'f>) -> bool {
        let f = call.field("function");
        f.is_some_and(|f| f.kind() == "identifier" && self.text(f) == "make")
            && call
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .is_some_and(|t| t.kind() == "channel_type")
    }

    fn walk_make_args(&mut self, call: Node<'f>) {
        if let Some(a) = call.field("arguments") {
            let kids = named_kids(Some(a));
            for k in kids.into_iter().skip(1) {
                self.walk(k);
            }
        }
    }

    fn make_site(&self, name: &str, value: Node<'f>) -> Option<MakeSite> {
        if value.kind() != "call_expression" || !self.is_make_chan(value) {
            return None;
        }
        let args = value.field("arguments")?;
        let kids = named_kids(Some(args));
        let chan_type = self.text(kids[0]).to_owned();
        let (capacity, insert_capacity_at) = match kids.get(1) {
            None => {
                let close = args.end_byte().saturating_sub(1);
                let at = (self.file.source.as_bytes().get(close) == Some(&b')')).then_some(close);
                (Some(Count::Exact(0)), at)
            }
            Some(c) => (self.count_expr(*c), None),
        };
        Some(MakeSite {
            chan: name.to_owned(),
            ctx: self.ctx,
            span: self.span(value),
            chan_type,
            capacity,
            insert_capacity_at,
            loops: self.loops.clone(),
        })
    }

    /// A count written in the source: a literal, an identifier or `len(x)`.
    fn count_expr(&self, n: Node<'f>) -> Option<Count> {
        match n.kind() {
            "int_literal" => self.text(n).replace('_', "").parse().ok().map(Count::Exact),
            "identifier" => Some(Count::Symbolic(self.text(n).to_owned())),
            "call_expression" => {
                let f = n.field("function")?;
                let arg = n.field("arguments")?.named_child(0)?;
                (self.text(f) == "len"
                    && matches!(arg.kind(), "identifier" | "selector_expression"))
                .then(|| Count::Symbolic(format!("len({})", self.text(arg))))
            }
            _ => None,
        }
    }

    fn visit_for(&mut self, n: Node<'f>, label: Option<String>) {
        let body = n.field("body");
        let mut c = n.walk();
        let header = n
            .named_children(&mut c)
            .find(|k| Some(*k) != body && k.kind() != "comment");
        let mut range_chan = None;
        let kind = match header {
            None => LoopKind::Forever,
            Some(h) if h.kind() == "for_clause" => {
                let count = self.clause_count(h);
                match (h.field("condition"), count) {
                    (None, _) => LoopKind::Forever,
                    (Some(_), Some(c)) => LoopKind::Counted(c),
                    (Some(_), None) => LoopKind::Cond,
                }
            }
            Some(h) if h.kind() == "range_clause" => {
                let right = h.field("right");
                let chan = self.ident(right);
                let known_chan = chan.as_ref().is_some_and(|name| self.looks_like_chan(name));
                if known_chan {
                    range_chan = chan;
                    LoopKind::RangeChan
                } else {
                    let count = right.and_then(|r| match r.kind() {
                        "int_literal" => self.count_expr(r),
                        "identifier" | "selector_expression" => {
                            Some(Count::Symbolic(format!("len({})", self.text(r))))
                        }
                        _ => None,
                    });
                    LoopKind::Counted(count.unwrap_or(Count::Many))
                }
            }
            Some(_) => LoopKind::Cond,
        };
        // The header runs in the enclosing loops.
        if let Some(h) = header {
            if range_chan.is_none() {
                if h.kind() == "range_clause" {
                    if let Some(r) = h.field("right") {
                        self.walk(r);
                    }
                } else {
                    self.walk(h);
                }
            }
        }
        let span = self.span(n);
        self.facts.loops.push(Loop {
            kind,
            ctx: self.ctx,
            span,
            label,
            outer: self.loops.clone(),
        });
        let id = self.facts.loops.len() - 1;
        self.loops.push(id);
        if let Some(chan) = range_chan {
            self.op(chan, OpKind::Range, span);
        }
        self.breakables.push(Breakable::Loop(id));
        if let Some(b) = body {
            self.walk(b);
        }
        self.breakables.pop();
        self.loops.pop();
    }

    /// Whether `name` is used as a channel anywhere in this function so far or declared so.
    fn looks_like_chan(&self, name: &str) -> bool {
        self.facts.makes.iter().any(|m| m.chan == name)
            || self.facts.nil_decls.iter().any(|m| m.chan == name)
            || self.facts.ops.iter().any(|o| o.chan == name)
            || self.chan_param(name)
    }

    fn chan_param(&self, name: &str) -> bool {
        // Channel-typed parameters of the analysed function, found by text.
        let Some(span) = self.facts.span else {
            return false;
        };
        let header_end = self.facts.body_start.min(self.file.source.len());
        let header = self
            .file
            .source
            .get(span.start_byte..header_end)
            .unwrap_or("");
        header.split(',').any(|part| {
            let part = part.trim_start_matches(['(', ' ']);
            let mut words = part.split_whitespace();
            words.next() == Some(name)
                && words
                    .next()
                    .is_some_and(|t| t.starts_with("chan") || t.starts_with("<-chan"))
        })
    }

    /// `i := 0; i < N; i++` with N a literal, identifier or `len(x)`.
    fn clause_count(&self, clause: Node<'f>) -> Option<Count> {
        let init = clause.field("initializer")?;
        let cond = clause.field("condition")?;
        let update = clause.field("update")?;
        if init.kind() != "short_var_declaration" || cond.kind() != "binary_expression" {
            return None;
        }
        let var = named_kids(init.field("left")).first().copied()?;
        let start = named_kids(init.field("right")).first().copied()?;
        if self.text(start) != "0" {
            return None;
        }
        let op = cond.field("operator").map(|o| self.text(o))?;
        let left = cond.field("left")?;
        let right = cond.field("right")?;
        let update_text: String = self.text(update).split_whitespace().collect();
        let var_text = self.text(var);
        if op != "<" || self.text(left) != var_text || update_text != format!("{var_text}++") {
            return None;
        }
        self.count_expr(right)
    }

    fn visit_select(&mut self, n: Node<'f>) {
        let span = self.span(n);
        let cases_nodes = named_kids(Some(n))
            .into_iter()
            .filter(|k| matches!(k.kind(), "communication_case" | "default_case"))
            .collect::<Vec<_>>();
        if cases_nodes.is_empty() {
            self.facts.empty_selects.push((self.ctx, span));
        }
        self.facts.selects.push(Select {
            ctx: self.ctx,
            span,
            loops: self.loops.clone(),
            cases: Vec::new(),
        });
        let sid = self.facts.selects.len() - 1;
        let saved_case = self.case;
        self.breakables.push(Breakable::Other);
        for (i, case) in cases_nodes.into_iter().enumerate() {
            let comm = case.field("communication");
            let (kind, text) = match comm {
                None => (CaseKind::Default, "default".to_owned()),
                Some(c) if c.kind() == "send_statement" => {
                    let chan = self.ident(c.field("channel"));
                    if let Some(name) = &chan {
                        self.op(name.clone(), OpKind::Send, self.span(c));
                        self.set_last_case(sid, i);
                    } else if let Some(ch) = c.field("channel") {
                        self.walk(ch);
                    }
                    if let Some(v) = c.field("value") {
                        self.walk(v);
                    }
                    (CaseKind::Send(chan), self.text(c).to_owned())
                }
                Some(c) => {
                    // receive_statement (or a bare expression).
                    let right = if c.kind() == "receive_statement" {
                        c.field("right")
                    } else {
                        Some(c)
                    };
                    let operand = right
                        .filter(|r| r.kind() == "unary_expression")
                        .and_then(|r| r.field("operand"));
                    let chan = self.ident(operand);
                    let text = right.map(|r| self.text(r).to_owned()).unwrap_or_default();
                    match &chan {
                        Some(name) => {
                            let span = self.span(c);
                            self.op(name.clone(), OpKind::Recv, span);
                            self.set_last_case(sid, i);
                            let lefts = named_kids(c.field("left"));
                            if lefts.len() == 2 {
                                let ok = self.text(lefts[1]).to_owned();
                                if let Some(last) = self.facts.ops.last_mut() {
                                    last.ok_var = Some(ok.clone());
                                }
                                self.ok_names.push(ok);
                            }
                        }
                        None => {
                            if let Some(o) = operand {
                                self.walk(o);
                            }
                        }
                    }
                    (CaseKind::Recv(chan), text)
                }
            };
            let case_span = self.span(case);
            self.facts.selects[sid].cases.push(SelectCase {
                kind,
                span: case_span,
                text,
            });
            self.case = Some((sid, i));
            let mut c = case.walk();
            let stmts: Vec<Node<'f>> = case
                .named_children(&mut c)
                .filter(|k| Some(*k) != comm)
                .collect();
            for s in stmts {
                self.walk(s);
            }
            self.case = saved_case;
        }
        self.breakables.pop();
    }

    fn set_last_case(&mut self, sid: SelectId, i: usize) {
        if let Some(last) = self.facts.ops.last_mut() {
            last.case = Some((sid, i));
        }
    }
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

// ---------------------------------------------------------------------------------------
// Resources (network/IO rules): values bound from a call, and how each is used afterwards.

/// `x, err := pkg.Call(...)` (or `=`, or `var x, err = ...`): the names bound from one call.
#[derive(Clone, Debug)]
pub struct Binding {
    /// Left-hand names in order (`_` kept).
    pub names: Vec<String>,
    /// Declared here (`:=` or `var`) rather than assigned to an existing variable.
    pub defines: bool,
    /// The callee as written, without spaces: `http.Get`, `client.Do`, `net.Dial`.
    pub callee: String,
    /// The call's arguments as written.
    pub args: Vec<String>,
    pub stmt: Span,
    /// Byte range of the innermost function (declaration or literal) holding the binding.
    pub scope: (usize, usize),
    /// Byte range of the statement node (a `var_spec` for `var` bindings).
    pub stmt_range: (usize, usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UseKind {
    /// `x.Close()`, `x.Body.Close()`: the call path after `x`.
    Call(String),
    /// `f(x)` or `f(x.Body)`: the callee and the path passed.
    Argument {
        callee: String,
        path: String,
    },
    Returned,
    /// Assigned elsewhere, put in a composite literal, sent on a channel.
    Stored,
    /// Assigned a new value (`x = ...`).
    Reassigned,
    Other,
}

#[derive(Clone, Debug)]
pub struct Use {
    pub kind: UseKind,
    /// The selector chain starting at the name, without spaces: `resp.Body.Close`.
    pub path: String,
    pub span: Span,
}

/// A call of the package-level HTTP helpers or of `http.DefaultClient`.
#[derive(Clone, Debug)]
pub struct DefaultClientCall {
    /// `http.Get`, `http.DefaultClient.Do`...
    pub callee: String,
    /// The first argument as written (the request, for `Do`).
    pub first_arg: String,
    pub span: Span,
    pub scope: (usize, usize),
}

/// An `http.Client{...}` literal.
#[derive(Clone, Debug)]
pub struct ClientLiteral {
    pub span: Span,
    pub has_timeout: bool,
    /// `c.Timeout = ...` follows in the same function for the variable it is declared into.
    pub timeout_assigned_later: bool,
    /// The `{...}` part, when it is empty (for the mechanical fix).
    pub empty_body: Option<(usize, usize)>,
}

/// What the network/IO rules need, from one walk of the file.
#[derive(Clone, Debug, Default)]
pub struct ResourceFacts {
    pub bindings: Vec<Binding>,
    pub default_client_calls: Vec<DefaultClientCall>,
    pub client_literals: Vec<ClientLiteral>,
}

impl Binding {
    fn moved(&self, shift: &Shift) -> Binding {
        let Binding {
            names,
            defines,
            callee,
            args,
            stmt,
            scope,
            stmt_range,
        } = self;
        Binding {
            names: names.clone(),
            defines: *defines,
            callee: callee.clone(),
            args: args.clone(),
            stmt: shift.span(*stmt),
            scope: shift.range(*scope),
            stmt_range: shift.range(*stmt_range),
        }
    }
}

impl DefaultClientCall {
    fn moved(&self, shift: &Shift) -> DefaultClientCall {
        let DefaultClientCall {
            callee,
            first_arg,
            span,
            scope,
        } = self;
        DefaultClientCall {
            callee: callee.clone(),
            first_arg: first_arg.clone(),
            span: shift.span(*span),
            scope: shift.range(*scope),
        }
    }
}

impl ClientLiteral {
    fn moved(&self, shift: &Shift) -> ClientLiteral {
        let ClientLiteral {
            span,
            has_timeout,
            timeout_assigned_later,
            empty_body,
        } = self;
        ClientLiteral {
            span: shift.span(*span),
            has_timeout: *has_timeout,
            timeout_assigned_later: *timeout_assigned_later,
            empty_body: empty_body.map(|r| shift.range(r)),
        }
    }
}

/// Network/IO facts of the file: `.resources` of [`file_facts`].
pub fn resource_facts(file: &ParsedFile<'_>) -> Rc<FileFacts> {
    file_facts(file)
}

/// `http.Get(...)`, `http.DefaultClient.Do(...)`: surely an HTTP call through the
/// default client.
pub fn default_client_callee(callee: &str) -> bool {
    let Some((receiver, method)) = callee.rsplit_once('.') else {
        return false;
    };
    match receiver {
        "http" => matches!(method, "Get" | "Post" | "Head" | "PostForm"),
        "http.DefaultClient" => matches!(method, "Do" | "Get" | "Post" | "Head" | "PostForm"),
        _ => false,
    }
}

/// One cursor walk over the whole tree (iterative: no recursion, one cursor).
fn collect_resources(file: &ParsedFile<'_>, root: Node<'_>, out: &mut ResourceFacts) {
    let mut cursor = root.walk();
    let mut scopes: Vec<(usize, usize)> = vec![(0, file.source.len())];
    loop {
        let n = cursor.node();
        while scopes.len() > 1 && scopes.last().is_some_and(|s| n.start_byte() >= s.1) {
            scopes.pop();
        }
        if matches!(
            n.kind(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            scopes.push((n.start_byte(), n.end_byte()));
        }
        let scope = scopes.last().copied().unwrap_or((0, file.source.len()));
        if n.is_named() {
            resource_node(file, n, scope, out);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

fn resource_node(
    file: &ParsedFile<'_>,
    n: Node<'_>,
    scope: (usize, usize),
    out: &mut ResourceFacts,
) {
    match n.kind() {
        "short_var_declaration" | "assignment_statement" | "var_spec" => {
            if let Some(b) = binding_of(file, n, scope) {
                out.bindings.push(b);
            }
        }
        "call_expression" => {
            if let Some(f) = n.field("function") {
                let callee: String = file.text(f).split_whitespace().collect();
                if default_client_callee(&callee) {
                    let first_arg = n
                        .field("arguments")
                        .and_then(|a| a.named_child(0))
                        .map(|a| file.text(a).to_owned())
                        .unwrap_or_default();
                    out.default_client_calls.push(DefaultClientCall {
                        callee,
                        first_arg,
                        span: file.span(n),
                        scope,
                    });
                }
            }
        }
        "composite_literal" => {
            if let Some(lit) = client_literal(file, n, scope) {
                out.client_literals.push(lit);
            }
        }
        _ => {}
    }
}

fn client_literal(
    file: &ParsedFile<'_>,
    lit: Node<'_>,
    scope: (usize, usize),
) -> Option<ClientLiteral> {
    let ty = lit.field("type")?;
    if file.text(ty).split_whitespace().collect::<String>() != "http.Client" {
        return None;
    }
    let body = lit.field("body")?;
    let mut c = body.walk();
    let has_timeout = body.named_children(&mut c).any(|e| {
        e.kind() == "keyed_element"
            && e.field("key")
                .is_some_and(|k| file.text(k).trim() == "Timeout")
    });
    let timeout_assigned_later = declared_name(file, lit).is_some_and(|var| {
        let rest: String = file
            .source
            .get(lit.end_byte()..scope.1)
            .unwrap_or("")
            .split_whitespace()
            .collect();
        rest.contains(&format!("{var}.Timeout="))
    });
    Some(ClientLiteral {
        span: file.span(lit),
        has_timeout,
        timeout_assigned_later,
        empty_body: (body.named_child_count() == 0).then(|| (body.start_byte(), body.end_byte())),
    })
}

/// The variable a literal (or `&literal`) is declared or assigned into, if any.
fn declared_name<'s>(file: &ParsedFile<'s>, lit: Node<'_>) -> Option<&'s str> {
    let mut top = lit;
    if let Some(p) = top.parent().filter(|p| p.kind() == "unary_expression") {
        top = p;
    }
    let list = top.parent().filter(|p| p.kind() == "expression_list")?;
    let stmt = list.parent()?;
    if !matches!(
        stmt.kind(),
        "short_var_declaration" | "assignment_statement"
    ) {
        return None;
    }
    let name = stmt.field("left")?.named_child(0)?;
    (name.kind() == "identifier").then(|| file.source.get(name.byte_range()).unwrap_or(""))
}

fn binding_of(file: &ParsedFile<'_>, n: Node<'_>, scope: (usize, usize)) -> Option<Binding> {
    let (names, values): (Vec<Node<'_>>, Vec<Node<'_>>) = if n.kind() == "var_spec" {
        let mut c = n.walk();
        let names = n.children_by_field_name("name", &mut c).collect();
        (names, named_kids(n.field("value")))
    } else {
        let op = n.field("operator").map(|o| file.text(o));
        if n.kind() == "assignment_statement" && op != Some("=") {
            return None;
        }
        (named_kids(n.field("left")), named_kids(n.field("right")))
    };
    let [call] = values.as_slice() else {
        return None;
    };
    if call.kind() != "call_expression" || names.is_empty() {
        return None;
    }
    let function = call.field("function")?;
    let callee: String = file.text(function).split_whitespace().collect();
    let args = named_kids(call.field("arguments"))
        .into_iter()
        .map(|a| file.text(a).to_owned())
        .collect();
    let names = names.iter().map(|x| file.text(*x).to_owned()).collect();
    Some(Binding {
        names,
        defines: n.kind() != "assignment_statement",
        callee,
        args,
        stmt: file.span(n),
        scope,
        stmt_range: (n.start_byte(), n.end_byte()),
    })
}

/// The end of an `if err != nil { ... }` right after `stmt`, and `stmt`'s indentation.
/// Where a statement can be inserted after the `if err != nil { ... }` that follows the
/// binding, with the binding line's indentation. (Computed only for a fix: finding a
/// sibling in tree-sitter walks down from the root.)
pub fn after_error_check(file: &ParsedFile<'_>, b: &Binding) -> Option<(usize, String)> {
    let stmt = file
        .tree
        .root_node()
        .descendant_for_byte_range(b.stmt_range.0, b.stmt_range.1)?;
    let stmt = if stmt.kind() == "var_spec" {
        stmt.parent()?
    } else {
        stmt
    };
    let next = stmt.next_named_sibling()?;
    let cond = next.field("condition")?;
    if next.kind() != "if_statement" || !file.text(cond).contains("err") {
        return None;
    }
    let line_start = file.source[..stmt.start_byte()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent: String = file.source[line_start..stmt.start_byte()]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    Some((next.end_byte(), indent))
}

/// How `name` is used inside `scope` after byte `after`.
pub fn uses_of(file: &ParsedFile<'_>, scope: (usize, usize), name: &str, after: usize) -> Vec<Use> {
    let mut out = Vec::new();
    let root = file.tree.root_node();
    let Some(scope_node) = root.descendant_for_byte_range(scope.0, scope.1) else {
        return out;
    };
    collect_uses(file, scope_node, name, after, &mut out, &mut Vec::new());
    out
}

/// `ancestors` holds the nodes from the scope down to `n`'s parent: classifying a use
/// looks a few levels up, and `Node::parent` searches down from the root each time.
fn collect_uses<'t>(
    file: &ParsedFile<'_>,
    n: Node<'t>,
    name: &str,
    after: usize,
    out: &mut Vec<Use>,
    ancestors: &mut Vec<Node<'t>>,
) {
    if ancestors.len() > MAX_DEPTH || n.end_byte() <= after {
        return;
    }
    if n.kind() == "identifier" && n.start_byte() >= after && file.text(n) == name {
        let (kind, path) = classify_use(file, n, ancestors);
        out.push(Use {
            kind,
            path,
            span: file.span(n),
        });
        return;
    }
    ancestors.push(n);
    let mut c = n.walk();
    let kids: Vec<Node<'t>> = n.named_children(&mut c).collect();
    for k in kids {
        collect_uses(file, k, name, after, out, ancestors);
    }
    ancestors.pop();
}

fn classify_use(
    file: &ParsedFile<'_>,
    ident: Node<'_>,
    ancestors: &[Node<'_>],
) -> (UseKind, String) {
    // Climb the selector chain `x.a.b`.
    let mut top = ident;
    let mut above = ancestors.len();
    while let Some(&p) = above.checked_sub(1).and_then(|i| ancestors.get(i)) {
        if p.kind() == "selector_expression" && p.field("operand") == Some(top) {
            top = p;
            above -= 1;
        } else {
            break;
        }
    }
    let path: String = file.text(top).split_whitespace().collect();
    let Some(&parent) = above.checked_sub(1).and_then(|i| ancestors.get(i)) else {
        return (UseKind::Other, path);
    };
    let grandparent = above.checked_sub(2).and_then(|i| ancestors.get(i)).copied();
    let kind = match parent.kind() {
        "call_expression" if parent.field("function") == Some(top) => {
            let after_name = path.split_once('.').map_or("", |(_, rest)| rest);
            UseKind::Call(after_name.to_owned())
        }
        "argument_list" => {
            let callee = grandparent
                .and_then(|c| c.field("function"))
                .map(|f| file.text(f).split_whitespace().collect())
                .unwrap_or_default();
            UseKind::Argument {
                callee,
                path: path.clone(),
            }
        }
        "expression_list" => match grandparent.map(|g| (g.kind(), g)) {
            Some(("return_statement", _)) => UseKind::Returned,
            Some(("assignment_statement" | "short_var_declaration" | "var_spec", g)) => {
                if g.field("left") == Some(parent) {
                    UseKind::Reassigned
                } else {
                    UseKind::Stored
                }
            }
            _ => UseKind::Other,
        },
        "return_statement" => UseKind::Returned,
        "literal_element" | "keyed_element" | "literal_value" | "send_statement" => UseKind::Stored,
        _ => UseKind::Other,
    };
    (kind, path)
}

/// Functions that read or write a value passed to them but never close it.
pub fn never_closes(callee: &str) -> bool {
    matches!(
        callee,
        "io.Copy"
            | "io.CopyN"
            | "io.CopyBuffer"
            | "io.ReadAll"
            | "ioutil.ReadAll"
            | "io.ReadFull"
            | "io.ReadAtLeast"
            | "io.WriteString"
            | "io.LimitReader"
            | "io.TeeReader"
            | "bufio.NewReader"
            | "bufio.NewReaderSize"
            | "bufio.NewWriter"
            | "bufio.NewScanner"
            | "json.NewDecoder"
            | "json.NewEncoder"
            | "xml.NewDecoder"
            | "fmt.Fprintf"
            | "fmt.Fprintln"
            | "fmt.Fprint"
            | "fmt.Fscan"
            | "fmt.Fscanf"
            | "fmt.Fscanln"
            | "fmt.Println"
            | "fmt.Printf"
            | "log.Println"
            | "log.Printf"
    )
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
