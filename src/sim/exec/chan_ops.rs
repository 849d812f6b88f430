//! Channel operations: send, receive and select, and the hand-off that wakes a parked goroutine.

use super::*;

impl Machine {
    /// Records a completed send on `c`; a value handed straight to a waiting receiver
    /// also wakes it.
    pub(super) fn sent(&mut self, gid: u32, c: &Chan, line: u32, receiver: Option<Waiter>) {
        self.event(EventKind::ChanSend {
            id: gid,
            chan: c.id,
            occupancy: c.len(),
            cap: c.cap,
            line,
        });
        if let Some(w) = receiver {
            self.wake(w.gid, gid, w.value, true, w.case, false);
        }
    }

    /// Records a completed receive from `c`; a value taken from a waiting sender also
    /// wakes it.
    pub(super) fn received(&mut self, gid: u32, c: &Chan, line: u32, sender: Option<Waiter>) {
        let from = sender.as_ref().map(|w| w.gid);
        self.event(EventKind::ChanRecv {
            id: gid,
            chan: c.id,
            occupancy: c.len(),
            cap: c.cap,
            line,
            from,
        });
        if let Some(w) = sender {
            self.wake(w.gid, gid, Value::Nil, false, w.case, false);
        }
    }

    pub fn send(&mut self, g: &mut Goroutine, ch: Value, v: Value) -> Res<()> {
        let c = match ch {
            Value::Chan(c, _) => c,
            _ => {
                let s = self.block(
                    g,
                    WaitKind::Forever,
                    WaitReason::ChanSendNilChan,
                    Vec::new(),
                );
                return Err(s);
            }
        };
        let v = coerce(&self.prog, v, c.elem).copied();
        let outcome = c.try_send(v.clone(), &|w| self.is_live_waiter(w));
        let line = self.cur_line(g);
        match outcome {
            SendOutcome::Handed(w) => {
                self.sent(g.id, &c, line, Some(w));
                Ok(())
            }
            SendOutcome::Buffered => {
                self.sent(g.id, &c, line, None);
                Ok(())
            }
            SendOutcome::Closed => Err(Stop::Panic(error_value("send on closed channel"))),
            SendOutcome::WouldBlock => {
                g.ticket += 1;
                c.state.borrow_mut().sendq.push_back(Waiter {
                    gid: g.id,
                    ticket: g.ticket,
                    case: 0,
                    value: v,
                });
                let mut on = g.take_blocked_on();
                on.push(Value::Chan(c.clone(), 0));
                Err(self.block(g, WaitKind::Send, WaitReason::ChanSend, on))
            }
        }
    }

    pub fn recv(&mut self, g: &mut Goroutine, ch: Value, kind: WaitKind) -> Res<()> {
        let c = match ch {
            Value::Chan(c, _) => c,
            _ => {
                let s = self.block(
                    g,
                    WaitKind::Forever,
                    WaitReason::ChanReceiveNilChan,
                    Vec::new(),
                );
                return Err(s);
            }
        };
        let prog = self.prog.clone();
        let outcome = c.try_recv(&|| chan_elem_zero(&prog, &c), &|w| self.is_live_waiter(w));
        let line = self.cur_line(g);
        match outcome {
            RecvOutcome::Got(v, ok, sender) => {
                self.received(g.id, &c, line, sender);
                match kind {
                    WaitKind::Recv => g.stack.push(v),
                    WaitKind::RecvOk => {
                        g.stack.push(v);
                        g.stack.push(Value::Bool(ok));
                    }
                    WaitKind::RangeChan { end, want } => {
                        if ok {
                            if want > 0 {
                                g.stack.push(v);
                            }
                        } else {
                            g.frames.last_mut().unwrap().pc = end;
                        }
                    }
                    _ => {}
                }
                Ok(())
            }
            RecvOutcome::WouldBlock => {
                g.ticket += 1;
                c.state.borrow_mut().recvq.push_back(Waiter {
                    gid: g.id,
                    ticket: g.ticket,
                    case: 0,
                    value: Value::Nil,
                });
                let mut on = g.take_blocked_on();
                on.push(Value::Chan(c.clone(), 0));
                Err(self.block(g, kind, WaitReason::ChanReceive, on))
            }
        }
    }

    pub(super) fn select(
        &mut self,
        g: &mut Goroutine,
        kinds: &[SelectCase],
        has_default: bool,
    ) -> Res<()> {
        // Operands, in case order: send → (chan, value), recv → chan.
        let count: usize = kinds
            .iter()
            .map(|k| if *k == SelectCase::Send { 2 } else { 1 })
            .sum();
        let (mut cases, mut order) = std::mem::take(&mut self.select_scratch);
        let base = g.stack.len() - count;
        let mut i = base;
        for k in kinds {
            let ch = match &g.stack[i] {
                Value::Chan(c, _) => Some(c.clone()),
                _ => None,
            };
            if *k == SelectCase::Send {
                cases.push((*k, ch, g.stack[i + 1].clone()));
                i += 2;
            } else {
                cases.push((*k, ch, Value::Nil));
                i += 1;
            }
        }
        g.stack.truncate(base);
        let result = self.select_cases(g, &mut cases, &mut order, has_default);
        // Emptied before they are kept, so no channel or value outlives the select here.
        cases.clear();
        order.clear();
        self.select_scratch = (cases, order);
        result
    }

    pub(super) fn select_cases(
        &mut self,
        g: &mut Goroutine,
        cases: &mut Vec<SelectOperand>,
        order: &mut Vec<usize>,
        has_default: bool,
    ) -> Res<()> {
        let n = cases.len();
        // random poll order
        order.extend(0..n);
        for j in (1..n).rev() {
            let k = self.rng.below(j as u64 + 1) as usize;
            order.swap(j, k);
        }
        let prog = self.prog.clone();
        let line = self.cur_line(g);
        for &ci in order.iter() {
            let (kind, ch, val) = &cases[ci];
            let Some(c) = ch else { continue };
            match kind {
                SelectCase::Send => {
                    let v = coerce(&prog, val.clone(), c.elem).copied();
                    match c.try_send(v, &|w| self.is_live_waiter(w)) {
                        SendOutcome::Handed(w) => {
                            self.sent(g.id, c, line, Some(w));
                        }
                        SendOutcome::Buffered => {
                            self.sent(g.id, c, line, None);
                        }
                        SendOutcome::Closed => {
                            return Err(Stop::Panic(error_value("send on closed channel")))
                        }
                        SendOutcome::WouldBlock => continue,
                    }
                    g.stack.push(Value::Nil);
                    g.stack.push(Value::Bool(false));
                    g.stack.push(Value::int(ci as i64));
                    return Ok(());
                }
                SelectCase::Recv => {
                    match c.try_recv(&|| chan_elem_zero(&prog, c), &|w| self.is_live_waiter(w)) {
                        RecvOutcome::Got(v, ok, sender) => {
                            self.received(g.id, c, line, sender);
                            g.stack.push(v);
                            g.stack.push(Value::Bool(ok));
                            g.stack.push(Value::int(ci as i64));
                            return Ok(());
                        }
                        RecvOutcome::WouldBlock => continue,
                    }
                }
            }
        }
        if has_default {
            g.stack.push(Value::Nil);
            g.stack.push(Value::Bool(false));
            g.stack.push(Value::int(n as i64));
            return Ok(());
        }
        if cases.iter().all(|c| c.1.is_none()) {
            let reason = if n == 0 {
                WaitReason::SelectNoCases
            } else {
                WaitReason::Select
            };
            return Err(self.block(g, WaitKind::Forever, reason, Vec::new()));
        }
        g.ticket += 1;
        let mut on = g.take_blocked_on();
        for (ci, (kind, ch, val)) in cases.drain(..).enumerate() {
            if let Some(c) = ch {
                let w = Waiter {
                    gid: g.id,
                    ticket: g.ticket,
                    case: ci as u16,
                    value: if kind == SelectCase::Send {
                        coerce(&prog, val, c.elem).copied()
                    } else {
                        Value::Nil
                    },
                };
                if kind == SelectCase::Send {
                    c.state.borrow_mut().sendq.push_back(w);
                } else {
                    c.state.borrow_mut().recvq.push_back(w);
                }
                on.push(Value::Chan(c, 0));
            }
        }
        Err(self.block(g, WaitKind::Select, WaitReason::Select, on))
    }
}
