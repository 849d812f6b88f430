//! Worker goroutines range over a jobs channel that is never closed.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{self, LoopKind, OpKind};
use crate::analysis::{Diagnostic, Options, ParsedFile, Related, Severity};

pub struct WorkerJobsNeverClosed;

static META: RuleMeta = RuleMeta {
    id: "worker-jobs-never-closed",
    severity: Severity::Error,
    summary: "worker goroutines ranging over a jobs channel never stop when the producer never closes it; close(jobs) after the last send",
};

impl Rule for WorkerJobsNeverClosed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        for facts in chan_facts::file_facts(file).funcs.iter() {
            for chan in facts.made_chans() {
                if facts.make_of(chan).is_none() || facts.escapes(chan) {
                    continue;
                }
                if facts
                    .ops_of(chan)
                    .any(|o| matches!(o.kind, OpKind::Close { .. }))
                {
                    continue;
                }
                // A producer that sends forever never "finishes": the pool is meant to live.
                let finite_send = facts.ops_of(chan).find(|o| {
                    o.kind == OpKind::Send
                        && !o
                            .loops
                            .iter()
                            .any(|&l| facts.loops[l].kind == LoopKind::Forever)
                });
                let Some(send) = finite_send else { continue };
                for op in facts.ops_of(chan) {
                    if op.kind != OpKind::Range || !facts.is_goroutine(op.ctx) {
                        continue;
                    }
                    let ctx = &facts.contexts[op.ctx];
                    // A named worker is reported where it is started: its range is fine
                    // for callers that do close the channel.
                    let span = match (ctx.named, ctx.start) {
                        (true, Some(start)) => start,
                        _ => op.span,
                    };
                    let message = format!(
                        "workers ranging over `{chan}` never stop because `{chan}` is never closed; `close({chan})` after the last send"
                    );
                    let mut d = META.diagnostic(span, message);
                    d.related.push(Related {
                        span: send.span,
                        message: format!(
                            "values are sent on `{chan}` here, but it is never closed"
                        ),
                    });
                    chan_facts::push_once(out, d);
                }
            }
        }
    }
}
