//! `close(ch)` offered as the fix for a blocked sender: it panics or never runs.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{
    self, blocked_sends, buffered_make, close_races_senders, OpKind,
};
use crate::analysis::{Diagnostic, Options, ParsedFile, Related, Severity};

pub struct CloseDoesNotUnblockSender;

static META: RuleMeta = RuleMeta {
    id: "close-does-not-unblock-sender",
    severity: Severity::Error,
    summary: "closing a channel does not unblock a goroutine waiting to send on it (it panics, or the close never runs); buffer the channel instead",
};

impl Rule for CloseDoesNotUnblockSender {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        for facts in chan_facts::file_facts(file).funcs.iter() {
            // The receiver closes while senders may still send.
            for op in &facts.ops {
                if !matches!(op.kind, OpKind::Close { .. }) {
                    continue;
                }
                let Some(reason) = close_races_senders(facts, op) else {
                    continue;
                };
                let chan = op.chan.as_str();
                let send_ops: Vec<_> = facts
                    .ops_of(chan)
                    .filter(|o| o.kind == OpKind::Send)
                    .collect();
                let sends = chan_facts::send_total(facts, &send_ops, facts.make_of(chan));
                let advice = match (facts.make_of(chan), sends.as_go()) {
                    (Some(m), Some(n)) => format!(
                        "remove the close and make the channel `{}`",
                        buffered_make(m, &n)
                    ),
                    _ => {
                        "close it only after every sender is done (wait on a sync.WaitGroup first)"
                            .to_owned()
                    }
                };
                let message = format!(
                    "closing `{chan}` here can happen while a goroutine still sends on it, which panics with \"send on closed channel\"; {advice}"
                );
                let mut d = META.diagnostic(op.span, message);
                d.related.push(Related {
                    span: reason.span,
                    message: reason.message,
                });
                chan_facts::push_once(out, d);
            }
            // The sender defers the close behind a send that blocks forever.
            for chan in facts.made_chans() {
                let Some(blocked) = blocked_sends(facts, chan) else {
                    continue;
                };
                if blocked.reason.drain {
                    continue;
                }
                for close in facts.ops_of(chan).filter(|o| {
                    o.kind == (OpKind::Close { deferred: true })
                        && blocked.sends.iter().any(|s| s.ctx == o.ctx)
                }) {
                    let advice = match blocked.total.as_go() {
                        Some(n) => format!("make it `{}` instead", buffered_make(blocked.make, &n)),
                        None => "buffer the channel or select on a done channel instead".to_owned(),
                    };
                    let message = format!(
                        "`defer close({chan})` never runs while this goroutine's send on `{chan}` blocks forever; {advice}"
                    );
                    let mut d = META.diagnostic(close.span, message);
                    d.related.push(Related {
                        span: blocked.reason.span,
                        message: blocked.reason.message.clone(),
                    });
                    chan_facts::push_once(out, d);
                }
            }
        }
    }
}
