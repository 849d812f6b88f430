//! A producer goroutine keeps sending after the consumer's loop has exited.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{self, blocked_sends};
use crate::analysis::{Diagnostic, Options, ParsedFile, Related, Severity};

pub struct RangeConsumerExitsEarly;

static META: RuleMeta = RuleMeta {
    id: "range-consumer-exits-early",
    severity: Severity::Error,
    summary: "a producer goroutine blocks forever when the consumer's `for range` loop exits early; select on ctx.Done() or a done channel in the producer's send",
};

impl Rule for RangeConsumerExitsEarly {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        for facts in chan_facts::file_facts(file).funcs.iter() {
            for chan in facts.made_chans() {
                let Some(blocked) = blocked_sends(facts, chan) else {
                    continue;
                };
                if !blocked.reason.drain {
                    continue; // unbuffered-send-may-block
                }
                let message = format!(
                    "producer goroutine may block forever sending on `{chan}` after the consumer's loop exits early; send in a `select` with a `case <-ctx.Done(): return` (or a done channel)"
                );
                for send in &blocked.sends {
                    let mut d = META.diagnostic(send.span, message.clone());
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
