//! Each rule's markdown doc (`docs/<id>.md`: What it finds / Why it leaks / Leaky example /
//! Fixed example / Go versions), looked up by id. Kept apart from [`super::RuleMeta`] so the
//! web app's wasm doesn't carry them: the app fetches them pre-rendered (`content/rules.json`).

/// The doc of the rule `id`, if there is such a rule.
pub fn doc(id: &str) -> Option<&'static str> {
    Some(match id {
        "close-does-not-unblock-sender" => include_str!("docs/close-does-not-unblock-sender.md"),
        "concurrent-map-write" => include_str!("docs/concurrent-map-write.md"),
        "connection-never-closed" => include_str!("docs/connection-never-closed.md"),
        "context-cancel-not-called" => include_str!("docs/context-cancel-not-called.md"),
        "empty-select-in-goroutine" => include_str!("docs/empty-select-in-goroutine.md"),
        "http-client-without-timeout" => include_str!("docs/http-client-without-timeout.md"),
        "large-array-by-value" => include_str!("docs/large-array-by-value.md"),
        "lock-order-inversion" => include_str!("docs/lock-order-inversion.md"),
        "loop-variable-captured" => include_str!("docs/loop-variable-captured.md"),
        "map-grows-without-bound" => include_str!("docs/map-grows-without-bound.md"),
        "mutex-locked-twice" => include_str!("docs/mutex-locked-twice.md"),
        "mutex-not-unlocked" => include_str!("docs/mutex-not-unlocked.md"),
        "nil-channel-operation" => include_str!("docs/nil-channel-operation.md"),
        "range-consumer-exits-early" => include_str!("docs/range-consumer-exits-early.md"),
        "receive-without-sender" => include_str!("docs/receive-without-sender.md"),
        "response-body-not-closed" => include_str!("docs/response-body-not-closed.md"),
        "subslice-retains-backing-array" => include_str!("docs/subslice-retains-backing-array.md"),
        "ticker-not-stopped" => include_str!("docs/ticker-not-stopped.md"),
        "time-after-in-loop" => include_str!("docs/time-after-in-loop.md"),
        "time-tick-leak" => include_str!("docs/time-tick-leak.md"),
        "unbuffered-send-may-block" => include_str!("docs/unbuffered-send-may-block.md"),
        "waitgroup-add-in-goroutine" => include_str!("docs/waitgroup-add-in-goroutine.md"),
        "waitgroup-count-mismatch" => include_str!("docs/waitgroup-count-mismatch.md"),
        "waitgroup-done-missing" => include_str!("docs/waitgroup-done-missing.md"),
        "worker-jobs-never-closed" => include_str!("docs/worker-jobs-never-closed.md"),
        _ => return None,
    })
}
