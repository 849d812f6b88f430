//! The virtual clock and its timers: sleeps, timer/ticker channels, context deadlines
//! and AfterFunc. Time only moves when every goroutine is blocked: it jumps to the
//! earliest pending timer.

use super::chan::Chan;
use super::value::Value;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::rc::Rc;

#[derive(Debug)]
pub struct TimerObj {
    pub chan: Rc<Chan>,
    /// Sequence number of the pending entry, if armed.
    pub pending: Option<u64>,
    pub period: i64,
    pub id: u32,
    pub func: Option<Value>,
}

#[derive(Debug, Clone)]
pub enum TimerAction {
    WakeSleeper(u32, u64),
    /// Send the current time on a timer/ticker channel; re-arm every `period` if > 0.
    Fire {
        chan: Rc<Chan>,
        period: i64,
        timer: Option<Value>,
    },
    CancelContext(Value),
    AfterFunc(Value),
}

/// Hashes the timer sequence numbers (already unique integers) with one multiply.
#[derive(Default)]
pub struct SeqHasher(u64);

impl std::hash::Hasher for SeqHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | *b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type SeqMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<SeqHasher>>;

#[derive(Default)]
pub struct Clock {
    pub now: i64,
    heap: BinaryHeap<Reverse<(i64, u64)>>,
    entries: SeqMap<TimerAction>,
    next_seq: u64,
}

impl Clock {
    pub fn schedule(&mut self, when: i64, action: TimerAction) -> u64 {
        self.next_seq += 1;
        let seq = self.next_seq;
        self.heap.push(Reverse((when, seq)));
        self.entries.insert(seq, action);
        seq
    }
    /// Stops a pending entry; true if it had not fired yet.
    pub fn cancel(&mut self, seq: u64) -> bool {
        self.entries.remove(&seq).is_some()
    }
    pub fn pending(&self) -> usize {
        self.entries.len()
    }
    pub fn is_pending(&self, seq: u64) -> bool {
        self.entries.contains_key(&seq)
    }
    pub fn actions(&self) -> impl Iterator<Item = &TimerAction> {
        self.entries.values()
    }
    /// The time of the earliest live entry.
    pub fn next_when(&mut self) -> Option<i64> {
        while let Some(Reverse((when, seq))) = self.heap.peek().copied() {
            if self.entries.contains_key(&seq) {
                return Some(when);
            }
            self.heap.pop();
        }
        None
    }
    /// Removes and returns the earliest live entry if it is due at or before `now`.
    pub fn pop_due(&mut self) -> Option<(u64, TimerAction)> {
        while let Some(&Reverse((when, seq))) = self.heap.peek() {
            if when > self.now {
                return None;
            }
            self.heap.pop();
            if let Some(a) = self.entries.remove(&seq) {
                return Some((seq, a));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_fire_in_time_order_and_cancelled_ones_never() {
        let mut c = Clock::default();
        let a = c.schedule(30, TimerAction::WakeSleeper(1, 0));
        c.schedule(10, TimerAction::WakeSleeper(2, 0));
        c.schedule(20, TimerAction::WakeSleeper(3, 0));
        assert!(c.cancel(a));
        assert_eq!(c.next_when(), Some(10));
        c.now = 25;
        let fired: Vec<u32> = std::iter::from_fn(|| c.pop_due())
            .map(|(_, a)| match a {
                TimerAction::WakeSleeper(g, _) => g,
                _ => 0,
            })
            .collect();
        assert_eq!(fired, vec![2, 3]);
        assert_eq!(c.next_when(), None);
    }
}
