//! A goroutine receives from a channel that nothing sends to or closes.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{self, OpKind};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct ReceiveWithoutSender;

static META: RuleMeta = RuleMeta {
    id: "receive-without-sender",
    severity: Severity::Error,
    summary: "a goroutine receives from a channel that nothing sends to or closes, so it blocks forever; close the channel when the goroutine should stop",
};

impl Rule for ReceiveWithoutSender {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        for facts in chan_facts::file_facts(file).funcs.iter() {
            for chan in facts.made_chans() {
                if facts.make_of(chan).is_none() || facts.escapes(chan) {
                    continue;
                }
                let written = facts
                    .ops_of(chan)
                    .any(|o| matches!(o.kind, OpKind::Send | OpKind::Close { .. }));
                if written {
                    continue;
                }
                for op in facts.ops_of(chan) {
                    let receives = matches!(op.kind, OpKind::Recv | OpKind::Range);
                    if !receives || !facts.is_goroutine(op.ctx) || facts.in_multi_case_select(op) {
                        continue;
                    }
                    let message = format!(
                        "this goroutine blocks forever receiving from `{chan}`: nothing in this function sends to or closes it; `close({chan})` when the goroutine should stop"
                    );
                    chan_facts::push_once(out, META.diagnostic(op.span, message));
                }
            }
        }
    }
}
