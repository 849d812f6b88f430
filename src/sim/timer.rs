//! The virtual clock and its timers: sleeps, timer/ticker channels, context deadlines
//! and AfterFunc. Time only moves when every goroutine is blocked: it jumps to the
//! earliest pending timer.

use super::chan::Chan;
use super::value::Value;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
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

/// Pending timer entries, as (time, order, handle) over a slab of actions. A handle is a
/// slot index plus that slot's generation, so a cancelled entry's stale queue item never
/// fires the slot's next tenant; lookups are array indexing, not hashing (a loop calling
/// `time.After` keeps thousands of timers pending).
///
/// Programs mostly reuse a few durations (`time.Sleep(time.Millisecond)`,
/// `time.After(10 * time.Second)`), and since the clock never goes back, the entries of one
/// duration come due in the order they were made: each of the first few durations gets a
/// FIFO queue, so the next entry is the earliest of a few queue fronts; other durations go
/// to a heap.
#[derive(Default)]
pub struct Clock {
    pub now: i64,
    /// Ties on time fire in scheduling order.
    heap: BinaryHeap<Reverse<Entry>>,
    by_duration: Vec<(i64, VecDeque<Entry>)>,
    slots: Vec<Slot>,
    free: Vec<u32>,
    live: usize,
    next_order: u64,
    /// What `earliest` last found, while nothing has invalidated it: the loop that fires
    /// due timers and the next `next_when` would otherwise each search the queues again.
    front: Option<(Entry, Option<usize>)>,
}

#[derive(Default)]
struct Slot {
    generation: u32,
    action: Option<TimerAction>,
}

/// (when, scheduling order, handle).
type Entry = (i64, u64, u64);

/// Durations that get their own FIFO queue (the rest share the heap).
const DURATION_QUEUES: usize = 8;

fn handle(slot: u32, generation: u32) -> u64 {
    (generation as u64) << 32 | slot as u64
}

impl Clock {
    /// Schedules `action` at `when`; the returned handle cancels it.
    pub fn schedule(&mut self, when: i64, action: TimerAction) -> u64 {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(Slot::default());
                (self.slots.len() - 1) as u32
            }
        };
        let entry = &mut self.slots[slot as usize];
        entry.generation = entry.generation.wrapping_add(1);
        entry.action = Some(action);
        let h = handle(slot, entry.generation);
        self.next_order += 1;
        let item = (when, self.next_order, h);
        let duration = when - self.now;
        let queues = self.by_duration.len();
        let place = match self.by_duration.iter().position(|(d, _)| *d == duration) {
            // In order: `now` only grows, so `when` is at least the back's.
            Some(i) if self.by_duration[i].1.back().is_none_or(|b| b.0 <= when) => {
                self.by_duration[i].1.push_back(item);
                Some(i)
            }
            None if queues < DURATION_QUEUES => {
                self.by_duration.push((duration, VecDeque::from([item])));
                Some(queues)
            }
            _ => {
                self.heap.push(Reverse(item));
                None
            }
        };
        // A known front stays the front unless the new entry comes first; an unknown
        // one stays unknown.
        if let Some((f, _)) = self.front {
            if (when, self.next_order) < (f.0, f.1) {
                self.front = Some((item, place));
            }
        }
        self.live += 1;
        h
    }
    /// The earliest live entry (dropping stale ones): `None` for the heap, else a queue.
    fn earliest(&mut self) -> Option<(Entry, Option<usize>)> {
        if let Some(front) = self.front {
            return Some(front);
        }
        let found = self.search_earliest();
        self.front = found;
        found
    }
    fn search_earliest(&mut self) -> Option<(Entry, Option<usize>)> {
        while let Some(&Reverse(e)) = self.heap.peek() {
            if self.live_slot(e.2).is_some() {
                break;
            }
            self.heap.pop();
        }
        let mut best: Option<(Entry, Option<usize>)> =
            self.heap.peek().map(|&Reverse(e)| (e, None));
        for i in 0..self.by_duration.len() {
            while let Some(&e) = self.by_duration[i].1.front() {
                if self.live_slot(e.2).is_some() {
                    break;
                }
                self.by_duration[i].1.pop_front();
            }
            if let Some(&e) = self.by_duration[i].1.front() {
                if best.is_none_or(|(b, _)| (e.0, e.1) < (b.0, b.1)) {
                    best = Some((e, Some(i)));
                }
            }
        }
        best
    }
    fn live_slot(&self, h: u64) -> Option<usize> {
        let slot = (h & u32::MAX as u64) as usize;
        let entry = self.slots.get(slot)?;
        (entry.generation == (h >> 32) as u32 && entry.action.is_some()).then_some(slot)
    }
    fn take(&mut self, slot: usize) -> Option<TimerAction> {
        let action = self.slots[slot].action.take()?;
        // Whether it was the front or not, a search finds the right one again.
        self.front = None;
        self.free.push(slot as u32);
        self.live -= 1;
        Some(action)
    }
    /// Stops a pending entry; true if it had not fired yet.
    pub fn cancel(&mut self, h: u64) -> bool {
        match self.live_slot(h) {
            Some(slot) => self.take(slot).is_some(),
            None => false,
        }
    }
    pub fn pending(&self) -> usize {
        self.live
    }
    pub fn is_pending(&self, h: u64) -> bool {
        self.live_slot(h).is_some()
    }
    pub fn actions(&self) -> impl Iterator<Item = &TimerAction> {
        self.slots.iter().filter_map(|s| s.action.as_ref())
    }
    /// The time of the earliest live entry.
    pub fn next_when(&mut self) -> Option<i64> {
        self.earliest().map(|(e, _)| e.0)
    }
    /// Removes and returns the earliest live entry if it is due at or before `now`.
    pub fn pop_due(&mut self) -> Option<(u64, TimerAction)> {
        let ((when, _, h), queue) = self.earliest()?;
        if when > self.now {
            return None;
        }
        match queue {
            None => self.heap.pop(),
            Some(i) => self.by_duration[i].1.pop_front().map(Reverse),
        };
        self.front = None;
        let slot = self.live_slot(h)?;
        self.take(slot).map(|a| (h, a))
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

    #[test]
    fn many_durations_fire_in_time_then_scheduling_order() {
        let mut c = Clock::default();
        let mut expected = Vec::new();
        // Twelve durations (more than get their own queue), scheduled as time moves on.
        for round in 0..5_i64 {
            c.now = round * 7;
            for d in 0..12_i64 {
                let when = c.now + (d * 13) % 29;
                let id = (round * 12 + d) as u32;
                c.schedule(when, TimerAction::WakeSleeper(id, 0));
                expected.push((when, id));
            }
        }
        expected.sort_by_key(|&(when, id)| (when, id));
        c.now = i64::MAX;
        let fired: Vec<u32> = std::iter::from_fn(|| c.pop_due())
            .map(|(_, a)| match a {
                TimerAction::WakeSleeper(g, _) => g,
                _ => u32::MAX,
            })
            .collect();
        assert_eq!(
            fired,
            expected.iter().map(|&(_, id)| id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_remembered_front_follows_schedules_cancels_and_pops() {
        let mut c = Clock::default();
        let late = c.schedule(50, TimerAction::WakeSleeper(1, 0));
        assert_eq!(c.next_when(), Some(50));
        let early = c.schedule(20, TimerAction::WakeSleeper(2, 0));
        assert_eq!(
            c.next_when(),
            Some(20),
            "an earlier entry becomes the front"
        );
        c.schedule(30, TimerAction::WakeSleeper(3, 0));
        assert_eq!(c.next_when(), Some(20), "a later one does not");
        assert!(c.cancel(early));
        assert_eq!(
            c.next_when(),
            Some(30),
            "cancelling the front finds the next"
        );
        c.now = 30;
        assert!(matches!(
            c.pop_due(),
            Some((_, TimerAction::WakeSleeper(3, 0)))
        ));
        assert!(c.pop_due().is_none());
        assert!(c.cancel(late));
        assert_eq!(c.next_when(), None);
    }

    #[test]
    fn a_reused_slot_is_not_fired_by_the_cancelled_entry_it_held() {
        let mut c = Clock::default();
        let early = c.schedule(10, TimerAction::WakeSleeper(1, 0));
        assert!(c.cancel(early));
        assert!(!c.cancel(early), "cancelled once");
        let late = c.schedule(50, TimerAction::WakeSleeper(2, 0));
        assert!(!c.is_pending(early) && c.is_pending(late));
        c.now = 20;
        assert!(c.pop_due().is_none(), "the stale entry at 10 fires nothing");
        assert_eq!(c.next_when(), Some(50));
        assert_eq!(c.pending(), 1);
        c.now = 50;
        assert!(matches!(c.pop_due(), Some((h, TimerAction::WakeSleeper(2, 0))) if h == late));
        assert_eq!(c.pending(), 0);
    }
}
