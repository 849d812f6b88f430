//! Questions the channel rules ask of a function's facts: will these sends block,
//! why does the consumer leave, can a close race a sender.

use super::*;

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
    // A semaphore: every sender also takes a value back itself (`sem <- x` … `<-sem`),
    // so a blocked sender only waits for another to finish its turn.
    let gives_back = |ctx: CtxId| {
        facts
            .ops_of(chan)
            .any(|o| matches!(o.kind, OpKind::Recv) && o.ctx == ctx)
    };
    if sender_ctxs.iter().all(|&c| gives_back(c)) {
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
    let received_later = |ctx: CtxId, after: usize| received_later(&receives, ctx, after);
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
    if let Some(reason) = select_moves_on(facts, chan, &receives, make) {
        return Some(reason);
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
    returns_before_receiving(facts, chan, &receives)
}

/// Whether some receive in `ctx` comes at or after byte `after`.
fn received_later(receives: &[&ChanOp], ctx: CtxId, after: usize) -> bool {
    receives
        .iter()
        .any(|o| o.ctx == ctx && o.span.start_byte >= after)
}

/// A `select` whose receiver can take another case (or `default`) and move on while
/// senders on `chan` still wait.
fn select_moves_on(
    facts: &FuncFacts,
    chan: &str,
    receives: &[&ChanOp],
    make: Option<&MakeSite>,
) -> Option<LeaveReason> {
    for op in receives {
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
                None => !receives_in_case && !received_later(receives, sel.ctx, sel.span.end_byte),
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
    None
}

/// The receiving function returns after starting the senders, before its first receive.
fn returns_before_receiving(
    facts: &FuncFacts,
    chan: &str,
    receives: &[&ChanOp],
) -> Option<LeaveReason> {
    let ctx = receives.first()?.ctx;
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
