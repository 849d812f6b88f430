//! Channels: a buffer plus queues of parked senders and receivers (as in runtime/chan.go).

use super::ir::Ty;
use super::value::Value;
use std::cell::RefCell;
use std::collections::VecDeque;

/// A goroutine parked on a channel; `ticket` tells a stale select registration apart.
#[derive(Clone, Debug)]
pub struct Waiter {
    pub gid: u32,
    pub ticket: u64,
    pub case: u16,
    pub value: Value,
}

#[derive(Debug)]
pub struct Chan {
    pub id: u32,
    pub cap: usize,
    pub elem: Ty,
    pub state: RefCell<ChanState>,
    /// Timer channels are filled by the runtime, not by a goroutine.
    pub is_timer: bool,
}

#[derive(Debug, Default)]
pub struct ChanState {
    pub buf: VecDeque<Value>,
    pub closed: bool,
    pub recvq: WaitQueue,
    pub sendq: WaitQueue,
}

/// Parked goroutines in arrival order. A channel mostly has at most one parked at a time
/// (a `select` in a loop parks on a fresh `time.After` channel every iteration), so the
/// front waiter is kept inline and only a second one allocates.
#[derive(Debug, Default)]
pub struct WaitQueue {
    /// `None` only when the queue is empty.
    front: Option<Waiter>,
    rest: VecDeque<Waiter>,
}

impl WaitQueue {
    pub fn push_back(&mut self, w: Waiter) {
        if self.front.is_none() {
            self.front = Some(w);
        } else {
            self.rest.push_back(w);
        }
    }
    pub fn pop_front(&mut self) -> Option<Waiter> {
        let w = self.front.take()?;
        self.front = self.rest.pop_front();
        Some(w)
    }
    pub fn retain(&mut self, keep: impl Fn(&Waiter) -> bool) {
        if self.front.as_ref().is_some_and(|w| !keep(w)) {
            self.front = None;
        }
        self.rest.retain(|w| keep(w));
        if self.front.is_none() {
            self.front = self.rest.pop_front();
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = &Waiter> {
        self.front.iter().chain(self.rest.iter())
    }
    pub fn len(&self) -> usize {
        self.front.is_some() as usize + self.rest.len()
    }
    pub fn is_empty(&self) -> bool {
        self.front.is_none()
    }
    /// Empties the queue, in order.
    pub fn take_all(&mut self) -> Vec<Waiter> {
        std::iter::from_fn(|| self.pop_front()).collect()
    }
}

pub enum SendOutcome {
    /// Handed straight to a parked receiver, who must be woken with the value.
    Handed(Waiter),
    Buffered,
    Closed,
    WouldBlock,
}

pub enum RecvOutcome {
    /// A value (and ok); a parked sender to wake, if one was taken.
    Got(Value, bool, Option<Waiter>),
    WouldBlock,
}

impl Chan {
    pub fn new(id: u32, cap: usize, elem: Ty) -> Chan {
        Chan {
            id,
            cap,
            elem,
            state: RefCell::new(ChanState::default()),
            is_timer: false,
        }
    }

    pub fn len(&self) -> usize {
        self.state.borrow().buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn try_send(&self, value: Value, live: &dyn Fn(&Waiter) -> bool) -> SendOutcome {
        let mut st = self.state.borrow_mut();
        if st.closed {
            return SendOutcome::Closed;
        }
        while let Some(mut w) = st.recvq.pop_front() {
            if live(&w) {
                w.value = value;
                return SendOutcome::Handed(w);
            }
        }
        if st.buf.len() < self.cap {
            st.buf.push_back(value);
            return SendOutcome::Buffered;
        }
        SendOutcome::WouldBlock
    }

    pub fn try_recv(
        &self,
        zero: &dyn Fn() -> Value,
        live: &dyn Fn(&Waiter) -> bool,
    ) -> RecvOutcome {
        let mut st = self.state.borrow_mut();
        let sender = loop {
            match st.sendq.pop_front() {
                Some(w) if live(&w) => break Some(w),
                Some(_) => continue,
                None => break None,
            }
        };
        if let Some(mut w) = sender {
            let v = std::mem::take(&mut w.value);
            if let Some(head) = st.buf.pop_front() {
                st.buf.push_back(v);
                return RecvOutcome::Got(head, true, Some(w));
            }
            return RecvOutcome::Got(v, true, Some(w));
        }
        if let Some(v) = st.buf.pop_front() {
            return RecvOutcome::Got(v, true, None);
        }
        if st.closed {
            return RecvOutcome::Got(zero(), false, None);
        }
        RecvOutcome::WouldBlock
    }

    /// Closes the channel; returns the parked receivers and senders to wake.
    pub fn close(&self) -> Result<(Vec<Waiter>, Vec<Waiter>), &'static str> {
        let mut st = self.state.borrow_mut();
        if st.closed {
            return Err("close of closed channel");
        }
        st.closed = true;
        Ok((st.recvq.take_all(), st.sendq.take_all()))
    }

    /// Forgets every registration of goroutine `gid` (after a select completed).
    pub fn forget(&self, gid: u32) {
        let mut st = self.state.borrow_mut();
        st.recvq.retain(|w| w.gid != gid);
        st.sendq.retain(|w| w.gid != gid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_live(_: &Waiter) -> bool {
        true
    }

    #[test]
    fn buffered_channel_fills_then_blocks() {
        let c = Chan::new(1, 2, 2);
        assert!(matches!(
            c.try_send(Value::int(1), &all_live),
            SendOutcome::Buffered
        ));
        assert!(matches!(
            c.try_send(Value::int(2), &all_live),
            SendOutcome::Buffered
        ));
        assert!(matches!(
            c.try_send(Value::int(3), &all_live),
            SendOutcome::WouldBlock
        ));
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn unbuffered_send_hands_to_a_parked_receiver() {
        let c = Chan::new(1, 0, 2);
        c.state.borrow_mut().recvq.push_back(Waiter {
            gid: 7,
            ticket: 1,
            case: 0,
            value: Value::Nil,
        });
        match c.try_send(Value::int(5), &all_live) {
            SendOutcome::Handed(w) => {
                assert_eq!(w.gid, 7);
                assert_eq!(w.value.as_int(), 5);
            }
            _ => panic!("expected a handoff"),
        }
    }

    #[test]
    fn receive_from_closed_empty_channel_gives_zero_and_false() {
        let c = Chan::new(1, 1, 2);
        c.close().unwrap();
        match c.try_recv(&|| Value::int(0), &all_live) {
            RecvOutcome::Got(v, ok, _) => assert!(!ok && v.as_int() == 0),
            RecvOutcome::WouldBlock => panic!("closed channels never block"),
        }
        assert!(c.close().is_err());
    }

    fn waiter(gid: u32) -> Waiter {
        Waiter {
            gid,
            ticket: 1,
            case: 0,
            value: Value::Nil,
        }
    }

    #[test]
    fn wait_queues_keep_arrival_order_through_pops_and_forgets() {
        let mut q = WaitQueue::default();
        for gid in 1..=4 {
            q.push_back(waiter(gid));
        }
        assert_eq!(q.pop_front().map(|w| w.gid), Some(1));
        q.retain(|w| w.gid != 2);
        assert_eq!(q.iter().map(|w| w.gid).collect::<Vec<_>>(), vec![3, 4]);
        q.push_back(waiter(5));
        assert_eq!(q.len(), 3);
        assert_eq!(
            q.take_all().iter().map(|w| w.gid).collect::<Vec<_>>(),
            vec![3, 4, 5]
        );
        assert!(q.is_empty() && q.pop_front().is_none());
    }

    #[test]
    fn stale_waiters_are_skipped() {
        let c = Chan::new(1, 0, 2);
        c.state.borrow_mut().recvq.push_back(Waiter {
            gid: 3,
            ticket: 1,
            case: 0,
            value: Value::Nil,
        });
        assert!(matches!(
            c.try_send(Value::int(1), &|_| false),
            SendOutcome::WouldBlock
        ));
    }
}
