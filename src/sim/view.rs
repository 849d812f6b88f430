//! The view model the timeline UI draws, computed from a trace prefix by a pure function:
//! one lane per goroutine (creation order) with state segments, creation and
//! send→receive handoff arrows, channel occupancy, the NumGoroutine and retained-bytes
//! series and the console text so far.

use super::trace::{EventKind, Trace};
use super::LeakedGoroutine;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LaneState {
    Running,
    Runnable,
    BlockedSend,
    BlockedRecv,
    Select,
    Lock,
    WaitGroup,
    Sleep,
    Exited,
    Leaked,
}

impl LaneState {
    /// The state a wait reason (Go's names) is drawn as.
    pub fn from_reason(reason: &str) -> LaneState {
        match reason {
            r if r.starts_with("chan send") => LaneState::BlockedSend,
            r if r.starts_with("chan receive") => LaneState::BlockedRecv,
            r if r.starts_with("select") => LaneState::Select,
            r if r.starts_with("sync.Mutex") || r.starts_with("sync.RWMutex") => LaneState::Lock,
            "sync.WaitGroup.Wait" => LaneState::WaitGroup,
            "sleep" => LaneState::Sleep,
            _ => LaneState::BlockedRecv,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    pub start_ns: u64,
    /// `None` while the segment is still open at the end of the prefix.
    pub end_ns: Option<u64>,
    pub state: LaneState,
    /// Where the goroutine blocked (0 when not blocked).
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lane {
    pub goroutine: u32,
    pub created_line: u32,
    pub segments: Vec<Segment>,
}

impl Lane {
    pub fn state(&self) -> Option<LaneState> {
        self.segments.last().map(|s| s.state)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Arrow {
    pub from: u32,
    pub to: u32,
    pub time_ns: u64,
    pub chan: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChannelView {
    pub id: u32,
    pub occupancy: usize,
    pub cap: usize,
    pub closed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ViewModel {
    pub lanes: Vec<Lane>,
    pub creations: Vec<Arrow>,
    pub handoffs: Vec<Arrow>,
    pub channels: Vec<ChannelView>,
    pub num_goroutine: Vec<(u64, usize)>,
    pub retained_bytes: Vec<(u64, u64)>,
    pub console: String,
    pub now_ns: u64,
}

impl ViewModel {
    fn lane(&mut self, id: u32) -> Option<&mut Lane> {
        self.lanes.iter_mut().find(|l| l.goroutine == id)
    }

    fn switch(&mut self, id: u32, t: u64, state: LaneState, line: u32) {
        if let Some(lane) = self.lane(id) {
            if let Some(last) = lane.segments.last_mut() {
                if last.state == state && last.line == line {
                    return;
                }
                last.end_ns = Some(t);
            }
            lane.segments.push(Segment {
                start_ns: t,
                end_ns: None,
                state,
                line,
            });
        }
    }

    /// Marks the goroutines the final report lists as leaked (call with the full trace).
    pub fn mark_leaked(&mut self, leaked: &[LeakedGoroutine]) {
        let t = self.now_ns;
        for l in leaked.iter().filter(|l| l.forever) {
            self.switch(l.id, t, LaneState::Leaked, l.blocked_line);
        }
    }
}

/// The view after the first `upto` events of `trace`.
pub fn view(trace: &Trace, upto: usize) -> ViewModel {
    let mut vm = ViewModel::default();
    let mut channels: BTreeMap<u32, ChannelView> = BTreeMap::new();
    let mut running: Option<u32> = None;
    let events = &trace.events[..upto.min(trace.events.len())];
    for (i, e) in events.iter().enumerate() {
        let t = e.time_ns;
        vm.now_ns = t;
        match &e.kind {
            EventKind::GoroutineCreated { id, parent, line } => {
                vm.lanes.push(Lane {
                    goroutine: *id,
                    created_line: *line,
                    segments: vec![Segment {
                        start_ns: t,
                        end_ns: None,
                        state: LaneState::Runnable,
                        line: 0,
                    }],
                });
                if *parent != 0 {
                    vm.creations.push(Arrow {
                        from: *parent,
                        to: *id,
                        time_ns: t,
                        chan: None,
                    });
                }
            }
            EventKind::Running { id } => {
                if let Some(prev) = running.replace(*id) {
                    if vm
                        .lanes
                        .iter()
                        .any(|l| l.goroutine == prev && l.state() == Some(LaneState::Running))
                    {
                        vm.switch(prev, t, LaneState::Runnable, 0);
                    }
                }
                vm.switch(*id, t, LaneState::Running, 0);
            }
            EventKind::Blocked { id, reason, line } => {
                vm.switch(*id, t, LaneState::from_reason(reason), *line)
            }
            EventKind::Unblocked { id, by } => {
                vm.switch(*id, t, LaneState::Runnable, 0);
                if let Some(EventKind::ChanSend {
                    id: sender, chan, ..
                }) = i.checked_sub(1).map(|p| &events[p].kind)
                {
                    if sender == by {
                        vm.handoffs.push(Arrow {
                            from: *by,
                            to: *id,
                            time_ns: t,
                            chan: Some(*chan),
                        });
                    }
                }
            }
            EventKind::Exited { id } => {
                vm.switch(*id, t, LaneState::Exited, 0);
                if running == Some(*id) {
                    running = None;
                }
            }
            EventKind::ChanSend {
                chan,
                occupancy,
                cap,
                ..
            } => {
                let c = channels.entry(*chan).or_insert(ChannelView {
                    id: *chan,
                    occupancy: 0,
                    cap: *cap,
                    closed: false,
                });
                c.occupancy = *occupancy;
            }
            EventKind::ChanRecv {
                id,
                chan,
                occupancy,
                cap,
                from,
                ..
            } => {
                let c = channels.entry(*chan).or_insert(ChannelView {
                    id: *chan,
                    occupancy: 0,
                    cap: *cap,
                    closed: false,
                });
                c.occupancy = *occupancy;
                if let Some(sender) = from {
                    vm.handoffs.push(Arrow {
                        from: *sender,
                        to: *id,
                        time_ns: t,
                        chan: Some(*chan),
                    });
                }
            }
            EventKind::ChanClose { chan, .. } => {
                channels
                    .entry(*chan)
                    .or_insert(ChannelView {
                        id: *chan,
                        occupancy: 0,
                        cap: 0,
                        closed: false,
                    })
                    .closed = true;
            }
            EventKind::Stdout { text, .. } => vm.console.push_str(text),
            EventKind::Sample {
                num_goroutine,
                retained_bytes,
            } => {
                vm.num_goroutine.push((t, *num_goroutine));
                vm.retained_bytes.push((t, *retained_bytes));
            }
            EventKind::Lock { .. } | EventKind::Unlock { .. } | EventKind::TimerFired { .. } => {}
        }
    }
    vm.channels = channels.into_values().collect();
    vm
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{run, Config};

    const LEAKY: &str = include_str!("../../lessons/select-timeout-sender/leaky.go");

    #[test]
    fn lanes_follow_creation_order_and_end_blocked() {
        let o = run(LEAKY, &Config::default());
        let mut vm = view(&o.trace, o.trace.events.len());
        assert_eq!(
            vm.lanes.iter().map(|l| l.goroutine).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        assert_eq!(vm.creations.len(), 3);
        for lane in &vm.lanes[1..] {
            assert_eq!(lane.state(), Some(LaneState::BlockedSend));
            assert_eq!(lane.segments.last().unwrap().line, 26);
        }
        assert_eq!(vm.lanes[0].state(), Some(LaneState::Exited));
        assert!(vm.console.ends_with("goroutines: 4\n"));
        assert_eq!(vm.num_goroutine.iter().map(|s| s.1).max(), Some(4));
        vm.mark_leaked(&o.leaked);
        assert!(vm.lanes[1..]
            .iter()
            .all(|l| l.state() == Some(LaneState::Leaked)));
    }

    #[test]
    fn a_prefix_shows_only_what_happened_so_far() {
        let o = run(LEAKY, &Config::default());
        let early = view(&o.trace, 3);
        assert!(early.lanes.len() <= 2);
        assert!(early.console.is_empty());
        let all = view(&o.trace, usize::MAX);
        assert_eq!(all, view(&o.trace, o.trace.events.len()));
    }

    #[test]
    fn unbuffered_handoffs_draw_arrows() {
        let src = "package main\nimport \"fmt\"\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tfmt.Println(<-ch)\n}\n";
        let o = run(src, &Config::default());
        let vm = view(&o.trace, usize::MAX);
        assert!(
            vm.handoffs
                .iter()
                .any(|a| a.from == 2 && a.to == 1 || a.from == 1 && a.to == 2),
            "{:?}",
            vm.handoffs
        );
        assert_eq!(vm.channels.len(), 1);
    }
}
