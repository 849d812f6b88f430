//! The typed trace of a run: what the timeline draws and what determinism tests compare.

use super::wait::WaitReason;
use serde::{Deserialize, Serialize};

/// Externally tagged in JSON (`{"Running":{"id":2}}`): decoding an internally tagged enum
/// buffers each event first, slower and a larger decoder in the page's wasm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    GoroutineCreated {
        id: u32,
        parent: u32,
        line: u32,
    },
    Running {
        id: u32,
    },
    Blocked {
        id: u32,
        /// Go's name for the wait (`chan send`, `select`…), as text in JSON.
        reason: WaitReason,
        line: u32,
    },
    Unblocked {
        id: u32,
        by: u32,
    },
    Exited {
        id: u32,
    },
    ChanSend {
        id: u32,
        chan: u32,
        occupancy: usize,
        cap: usize,
        line: u32,
    },
    ChanRecv {
        id: u32,
        chan: u32,
        occupancy: usize,
        cap: usize,
        line: u32,
        from: Option<u32>,
    },
    ChanClose {
        id: u32,
        chan: u32,
        line: u32,
    },
    Lock {
        id: u32,
        mutex: u32,
        line: u32,
    },
    Unlock {
        id: u32,
        mutex: u32,
        line: u32,
    },
    TimerFired {
        timer: u64,
    },
    Stdout {
        id: u32,
        text: String,
    },
    Sample {
        num_goroutine: usize,
        /// Heap, stacks and runtime structures.
        retained_bytes: u64,
        /// The stacks alone (part of `retained_bytes`).
        stack_bytes: u64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub time_ns: u64,
    pub kind: EventKind,
}

/// Events in order. Very long runs keep the first [`Trace::LIMIT`] events and count the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub events: Vec<Event>,
    pub dropped: u64,
}

impl Trace {
    pub const LIMIT: usize = 50_000;

    pub fn push(&mut self, time_ns: u64, kind: EventKind) {
        if self.events.len() < Self::LIMIT {
            self.events.push(Event { time_ns, kind });
        } else {
            self.dropped += 1;
        }
    }

    /// A readable rendering, one event a line (for golden tests and debugging).
    pub fn render(&self) -> String {
        let mut out = String::new();
        for e in &self.events {
            out.push_str(&format!("{:>12} {:?}\n", e.time_ns, e.kind));
        }
        if self.dropped > 0 {
            out.push_str(&format!("... {} more events\n", self.dropped));
        }
        out
    }
}
