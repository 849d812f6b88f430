//! The leak rules, one per file, registered in `ALL`.

use super::{Diagnostic, Options, ParsedFile, Severity};

mod close_does_not_unblock_sender;
mod connection_never_closed;
mod empty_select_in_goroutine;
mod http_client_without_timeout;
mod loop_variable_captured;
mod nil_channel_operation;
mod range_consumer_exits_early;
mod receive_without_sender;
mod response_body_not_closed;
mod unbuffered_send_may_block;
mod worker_jobs_never_closed;

/// What a rule is, as data: shown by `leaklab rules`, the rules page and "Why?".
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id, also the rule's file name in snake case.
    pub id: &'static str,
    pub severity: Severity,
    /// One line, no context needed.
    pub summary: &'static str,
    /// Markdown: What it finds / Why it leaks / Leaky example / Fixed example / Go versions.
    pub doc: &'static str,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, file: &ParsedFile<'_>, options: &Options, out: &mut Vec<Diagnostic>);
}

/// Every rule, in the order `leaklab rules` lists them.
pub static ALL: &[&dyn Rule] = &[
    &unbuffered_send_may_block::UnbufferedSendMayBlock,
    &close_does_not_unblock_sender::CloseDoesNotUnblockSender,
    &range_consumer_exits_early::RangeConsumerExitsEarly,
    &receive_without_sender::ReceiveWithoutSender,
    &nil_channel_operation::NilChannelOperation,
    &empty_select_in_goroutine::EmptySelectInGoroutine,
    &worker_jobs_never_closed::WorkerJobsNeverClosed,
    &loop_variable_captured::LoopVariableCaptured,
    &http_client_without_timeout::HttpClientWithoutTimeout,
    &response_body_not_closed::ResponseBodyNotClosed,
    &connection_never_closed::ConnectionNeverClosed,
];

pub fn find(id: &str) -> Option<&'static RuleMeta> {
    ALL.iter().map(|r| r.meta()).find(|m| m.id == id)
}

pub fn run_all(file: &ParsedFile<'_>, options: &Options) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in ALL {
        rule.check(file, options, &mut out);
    }
    out.sort_by_key(|d| (d.span.start_byte, d.rule));
    out
}
