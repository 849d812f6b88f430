//! A goroutine sends its result on a channel whose receiver can stop waiting first.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{self, blocked_sends, buffered_make, Count};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Related, Severity, TextEdit};

pub struct UnbufferedSendMayBlock;

static META: RuleMeta = RuleMeta {
    id: "unbuffered-send-may-block",
    severity: Severity::Error,
    summary: "a goroutine sends on an unbuffered (or too small) channel whose receiver can stop waiting first; buffer the channel to the number of sends",
};

impl Rule for UnbufferedSendMayBlock {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        for facts in chan_facts::file_facts(file).funcs.iter() {
            for chan in facts.made_chans() {
                let Some(blocked) = blocked_sends(facts, chan) else {
                    continue;
                };
                if blocked.reason.drain {
                    continue; // range-consumer-exits-early
                }
                let capacity = match &blocked.make.capacity {
                    Some(Count::Exact(0)) | None => None,
                    Some(c) => c.as_go(),
                };
                let which = match &capacity {
                    None => format!("unbuffered `{chan}`"),
                    Some(c) => format!("`{chan}` (buffer {c})"),
                };
                let wanted = blocked.total.as_go();
                let fix = match (&wanted, blocked.make.insert_capacity_at) {
                    (Some(n), Some(at)) => Some(Fix {
                        title: format!("buffer `{chan}` to {n}"),
                        edits: vec![TextEdit {
                            start_byte: at,
                            end_byte: at,
                            replacement: format!(", {n}"),
                        }],
                    }),
                    _ => None,
                };
                let advice = match &wanted {
                    Some(n) => format!("make it `{}`", buffered_make(blocked.make, n)),
                    None => {
                        "buffer it to the number of sends or select on a done channel in the sender"
                            .to_owned()
                    }
                };
                let message = format!(
                    "goroutine may block forever sending on {which} because {}; {advice}",
                    short_reason(&blocked.reason.message)
                );
                for send in &blocked.sends {
                    let mut d = META.diagnostic(send.span, message.clone());
                    d.related.push(Related {
                        span: blocked.reason.span,
                        message: blocked.reason.message.clone(),
                    });
                    d.related.push(Related {
                        span: blocked.make.span,
                        message: format!("`{chan}` is made here"),
                    });
                    d.fix = fix.clone();
                    chan_facts::push_once(out, d);
                }
            }
        }
    }
}

/// The reason, phrased to follow "because".
fn short_reason(reason: &str) -> &'static str {
    if reason.starts_with("nothing receives") {
        "nothing receives from it"
    } else if reason.contains("returns here before receiving") {
        "the function can return before receiving"
    } else if reason.contains("only the first") {
        "only the first value is received"
    } else if reason.contains("loop exits") {
        "the receiving loop can exit before every value is received"
    } else {
        "the receiver can stop waiting first"
    }
}
