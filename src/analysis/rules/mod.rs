//! The leak rules, one per file, registered in `ALL`.

use super::{Diagnostic, Options, ParsedFile, Severity, Span};

mod close_does_not_unblock_sender;
mod concurrent_map_write;
mod connection_never_closed;
mod context_cancel_not_called;
mod docs;
mod empty_select_in_goroutine;
mod http_client_without_timeout;
mod large_array_by_value;
mod lock_order_inversion;
mod loop_variable_captured;
mod map_grows_without_bound;
mod mutex_locked_twice;
mod mutex_not_unlocked;
mod nil_channel_operation;
mod range_consumer_exits_early;
mod receive_without_sender;
mod response_body_not_closed;
mod subslice_retains_backing_array;
mod ticker_not_stopped;
mod time_after_in_loop;
mod time_tick_leak;
mod unbuffered_send_may_block;
mod waitgroup_add_in_goroutine;
mod waitgroup_count_mismatch;
mod waitgroup_done_missing;
mod worker_jobs_never_closed;

/// What a rule is, as data: shown by `leaklab rules`, the rules page and "Why?".
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id, also the rule's file name in snake case.
    pub id: &'static str,
    pub severity: Severity,
    /// One line, no context needed.
    pub summary: &'static str,
}

impl RuleMeta {
    /// A diagnostic of this rule at `span`, with the rule's severity.
    pub fn diagnostic(&self, span: Span, message: String) -> Diagnostic {
        Diagnostic {
            rule: std::borrow::Cow::Borrowed(self.id),
            severity: self.severity,
            span,
            message,
            related: Vec::new(),
            fix: None,
        }
    }

    /// A diagnostic of this rule over the bytes `start..end` of `file`, at `severity`
    /// (some rules grade a finding by the Go version).
    pub fn diagnostic_in(
        &self,
        file: &ParsedFile<'_>,
        severity: Severity,
        (start, end): (usize, usize),
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            ..self.diagnostic(file.lines.span(file.source, start, end), message)
        }
    }
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
    &mutex_not_unlocked::MutexNotUnlocked,
    &waitgroup_add_in_goroutine::WaitgroupAddInGoroutine,
    &waitgroup_done_missing::WaitgroupDoneMissing,
    &waitgroup_count_mismatch::WaitgroupCountMismatch,
    &context_cancel_not_called::ContextCancelNotCalled,
    &ticker_not_stopped::TickerNotStopped,
    &time_after_in_loop::TimeAfterInLoop,
    &time_tick_leak::TimeTickLeak,
    &concurrent_map_write::ConcurrentMapWrite,
    &subslice_retains_backing_array::SubsliceRetainsBackingArray,
    &map_grows_without_bound::MapGrowsWithoutBound,
    &mutex_locked_twice::MutexLockedTwice,
    &lock_order_inversion::LockOrderInversion,
    &large_array_by_value::LargeArrayByValue,
];

pub use docs::doc;

pub fn find(id: &str) -> Option<&'static RuleMeta> {
    ALL.iter().map(|r| r.meta()).find(|m| m.id == id)
}

pub fn run_all(file: &ParsedFile<'_>, options: &Options) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in ALL {
        rule.check(file, options, &mut out);
    }
    out.sort_by(|a, b| (a.span.start_byte, &a.rule).cmp(&(b.span.start_byte, &b.rule)));
    out
}
