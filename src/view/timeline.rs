//! The timeline view model: a pure function from a trace prefix (events up to the cursor)
//! to what the timeline draws — lanes of coloured state segments, creation and hand-off
//! arrows, NumGoroutine and retained-bytes series, channel occupancy, console text.
//!
//! The x axis counts events (every scheduling event gets the same width, so nothing that
//! happens "at the same virtual instant" is invisible); the virtual time of each event is
//! kept for tick labels. Long traces are quantised to a fixed number of columns.

use crate::lessons::Lang;
use crate::sim::{End, Event, EventKind, GoroutineStatus, LeakedGoroutine, Outcome, WaitReason};
use std::collections::BTreeMap;

pub mod geometry;

/// What a goroutine is doing during a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LaneState {
    Running,
    Runnable,
    BlockedSend,
    BlockedRecv,
    Select,
    Lock,
    WaitGroup,
    Sleep,
    /// Blocked on something else (a `sync.Cond`, a nil channel…).
    Blocked,
    Exited,
    /// Still blocked when the program ended, and nothing could ever wake it.
    Leaked,
}

impl LaneState {
    pub const LEGEND: [LaneState; 11] = [
        LaneState::Running,
        LaneState::Runnable,
        LaneState::BlockedSend,
        LaneState::BlockedRecv,
        LaneState::Select,
        LaneState::Lock,
        LaneState::WaitGroup,
        LaneState::Sleep,
        LaneState::Blocked,
        LaneState::Exited,
        LaneState::Leaked,
    ];

    /// The CSS modifier (`ll-seg--running`…).
    pub fn css(self) -> &'static str {
        match self {
            LaneState::Running => "running",
            LaneState::Runnable => "runnable",
            LaneState::BlockedSend => "send",
            LaneState::BlockedRecv => "recv",
            LaneState::Select => "select",
            LaneState::Lock => "lock",
            LaneState::WaitGroup => "waitgroup",
            LaneState::Sleep => "sleep",
            LaneState::Blocked => "blocked",
            LaneState::Exited => "exited",
            LaneState::Leaked => "leaked",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            LaneState::Running => ("running", "运行中"),
            LaneState::Runnable => ("runnable", "可运行"),
            LaneState::BlockedSend => ("blocked: send", "阻塞：发送"),
            LaneState::BlockedRecv => ("blocked: receive", "阻塞：接收"),
            LaneState::Select => ("blocked: select", "阻塞：select"),
            LaneState::Lock => ("blocked: lock", "阻塞：锁"),
            LaneState::WaitGroup => ("blocked: WaitGroup", "阻塞：WaitGroup"),
            LaneState::Sleep => ("sleeping", "休眠"),
            LaneState::Blocked => ("blocked", "阻塞"),
            LaneState::Exited => ("exited", "已退出"),
            LaneState::Leaked => ("leaked forever", "永久泄漏"),
        };
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The state for a wait reason Go prints as `reason`; one the simulator doesn't
    /// know is plain `Blocked`.
    pub fn from_wait_reason(reason: &str) -> LaneState {
        WaitReason::parse(reason).map_or(LaneState::Blocked, LaneState::waiting_on)
    }

    pub fn waiting_on(reason: WaitReason) -> LaneState {
        match reason {
            WaitReason::ChanSend => LaneState::BlockedSend,
            WaitReason::ChanReceive => LaneState::BlockedRecv,
            WaitReason::Select | WaitReason::SelectNoCases => LaneState::Select,
            WaitReason::MutexLock | WaitReason::RWMutexLock | WaitReason::RWMutexRLock => {
                LaneState::Lock
            }
            WaitReason::WaitGroupWait => LaneState::WaitGroup,
            WaitReason::Sleep => LaneState::Sleep,
            WaitReason::ChanSendNilChan | WaitReason::ChanReceiveNilChan | WaitReason::CondWait => {
                LaneState::Blocked
            }
        }
    }
}

/// `[start, end)` in x units (columns), in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: u32,
    pub end: u32,
    pub state: LaneState,
    /// The wait reason and source line while blocked.
    pub reason: Option<WaitReason>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    pub goroutine: u32,
    pub created_line: u32,
    pub segments: Vec<Segment>,
    /// The state at the cursor.
    pub state: LaneState,
}

/// An arrow between two lanes at column `x` (creation: parent → child; hand-off: sender → receiver).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrow {
    pub x: u32,
    pub from: u32,
    pub to: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChannelState {
    pub id: u32,
    pub cap: usize,
    pub occupancy: usize,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineView {
    /// Width of the x axis in columns (events, or quantised events).
    pub columns: u32,
    /// Column of the cursor.
    pub cursor: u32,
    pub cursor_time_ns: u64,
    /// Lanes in creation order (main first); at most `MAX_LANES`, the rest counted.
    pub lanes: Vec<Lane>,
    pub hidden_lanes: usize,
    pub creations: Vec<Arrow>,
    pub handoffs: Vec<Arrow>,
    /// NumGoroutine after each column (max within the column). After `main` returns it
    /// stays at the value `runtime.NumGoroutine()` had then.
    pub goroutines: Vec<(u32, usize)>,
    /// Retained bytes samples by column (heap, stacks and runtime structures).
    pub retained: Vec<(u32, u64)>,
    /// The stacks' share of each sample.
    pub stacks: Vec<(u32, u64)>,
    pub channels: Vec<ChannelState>,
    pub num_goroutine: usize,
    pub retained_bytes: u64,
    pub console: String,
    /// Columns where virtual time changes, with the new time (for axis ticks).
    pub time_ticks: Vec<(u32, u64)>,
}

impl TimelineView {
    /// What the timeline's slider announces at the cursor: the time, NumGoroutine and
    /// the memory retained (`aria-valuetext`).
    pub fn position_text(&self, lang: Lang) -> String {
        let time = geometry::format_duration(self.cursor_time_ns);
        let bytes = geometry::format_bytes(self.retained_bytes);
        let n = self.num_goroutine;
        match lang {
            Lang::En => format!(
                "{time}: {n} goroutine{}, {bytes} retained",
                if n == 1 { "" } else { "s" }
            ),
            Lang::Zh => format!("{time}：{n} 个 goroutine，占用 {bytes}"),
        }
    }
}

pub const MAX_LANES: usize = 64;
/// Arrows beyond this many are not drawn (a loop of a million hand-offs is a smear anyway).
pub const MAX_ARROWS: usize = 400;

/// Builds the view of `events[..cursor]` (`cursor` clamped), over an x axis of at most
/// `max_columns` columns. `leaked` (from the outcome) marks lanes as leaked when the
/// cursor is at the end of the trace.
pub fn timeline(
    events: &[Event],
    cursor: usize,
    max_columns: u32,
    leaked: &[LeakedGoroutine],
) -> TimelineView {
    let total = events.len().max(1);
    let cursor = cursor.min(events.len());
    let columns = (total as u32).min(max_columns.max(1));
    let column_of = |i: usize| ((i as u64 * columns as u64) / total as u64) as u32;

    let mut r = Replay::default();
    let mut last_time = u64::MAX;
    // Main exists from the start even if the trace does not announce it.
    ensure_lane(
        &mut r.lanes,
        &mut r.lane_index,
        &mut r.hidden_lanes,
        1,
        0,
        0,
    );
    r.live += usize::from(
        !events
            .iter()
            .take(cursor)
            .any(|e| matches!(e.kind, EventKind::GoroutineCreated { id: 1, .. })),
    );
    for (i, event) in events[..cursor].iter().enumerate() {
        let x = column_of(i);
        if event.time_ns != last_time {
            if r.time_ticks.last().is_none_or(|&(tx, _)| tx != x) {
                r.time_ticks.push((x, event.time_ns));
            }
            last_time = event.time_ns;
        }
        r.apply(x, &event.kind);
        match r.goroutines.last_mut() {
            Some((gx, count)) if *gx == x => *count = (*count).max(r.live),
            _ => r.goroutines.push((x, r.live)),
        }
    }

    let cursor_x = if cursor == events.len() {
        columns
    } else {
        column_of(cursor)
    };
    let at_end = cursor == events.len() && !events.is_empty();
    r.close_lanes(cursor_x, at_end, leaked);
    TimelineView {
        columns,
        cursor: cursor_x,
        cursor_time_ns: events[..cursor].last().map_or(0, |e| e.time_ns),
        lanes: r.lanes,
        hidden_lanes: r.hidden_lanes,
        creations: r.creations,
        handoffs: r.handoffs,
        goroutines: r.goroutines,
        retained: r.retained,
        stacks: r.stacks,
        channels: r.channels.into_values().collect(),
        num_goroutine: r.live,
        retained_bytes: r.retained_bytes,
        console: r.console,
        time_ticks: r.time_ticks,
    }
}

/// The state of a replay of the trace up to the cursor, one event at a time.
#[derive(Default)]
struct Replay {
    lanes: Vec<Lane>,
    lane_index: BTreeMap<u32, usize>,
    hidden_lanes: usize,
    creations: Vec<Arrow>,
    handoffs: Vec<Arrow>,
    goroutines: Vec<(u32, usize)>,
    retained: Vec<(u32, u64)>,
    stacks: Vec<(u32, u64)>,
    channels: BTreeMap<u32, ChannelState>,
    console: String,
    time_ticks: Vec<(u32, u64)>,
    live: usize,
    retained_bytes: u64,
    running: Option<u32>,
    main_exited: bool,
}

impl Replay {
    fn set(&mut self, x: u32, id: u32, state: LaneState, reason: Option<WaitReason>, line: u32) {
        if let Some(&li) = self.lane_index.get(&id) {
            set_state(&mut self.lanes[li], x, state, reason, line);
        }
    }

    /// The channel `chan`, first seen with capacity `cap`.
    fn channel(&mut self, chan: u32, cap: usize) -> &mut ChannelState {
        self.channels.entry(chan).or_insert(ChannelState {
            id: chan,
            cap,
            occupancy: 0,
            closed: false,
        })
    }

    /// Applies one event at column `x`.
    fn apply(&mut self, x: u32, kind: &EventKind) {
        match kind {
            EventKind::GoroutineCreated { id, parent, line } => {
                self.live += 1;
                if ensure_lane(
                    &mut self.lanes,
                    &mut self.lane_index,
                    &mut self.hidden_lanes,
                    *id,
                    *line,
                    x,
                ) && *id != 1
                    && self.creations.len() < MAX_ARROWS
                {
                    self.creations.push(Arrow {
                        x,
                        from: *parent,
                        to: *id,
                    });
                }
            }
            EventKind::Running { id } => {
                if let Some(prev) = self.running.filter(|p| p != id) {
                    if let Some(&li) = self.lane_index.get(&prev) {
                        if self.lanes[li].state == LaneState::Running {
                            set_state(&mut self.lanes[li], x, LaneState::Runnable, None, 0);
                        }
                    }
                }
                self.running = Some(*id);
                self.set(x, *id, LaneState::Running, None, 0);
            }
            EventKind::Blocked { id, reason, line } => {
                if self.running == Some(*id) {
                    self.running = None;
                }
                self.set(x, *id, LaneState::waiting_on(*reason), Some(*reason), *line);
            }
            EventKind::Unblocked { id, .. } => self.set(x, *id, LaneState::Runnable, None, 0),
            EventKind::Exited { id } => {
                // When main returns the program ends: the count stays what
                // runtime.NumGoroutine() said at that moment.
                if *id == 1 {
                    self.main_exited = true;
                } else {
                    self.live = self.live.saturating_sub(1);
                }
                if self.running == Some(*id) {
                    self.running = None;
                }
                self.set(x, *id, LaneState::Exited, None, 0);
            }
            EventKind::ChanSend {
                chan,
                occupancy,
                cap,
                ..
            } => {
                self.channel(*chan, *cap).occupancy = *occupancy;
            }
            EventKind::ChanRecv {
                id,
                chan,
                occupancy,
                cap,
                from,
                ..
            } => {
                self.channel(*chan, *cap).occupancy = *occupancy;
                if let Some(sender) = from {
                    if self.handoffs.len() < MAX_ARROWS
                        && self.lane_index.contains_key(sender)
                        && self.lane_index.contains_key(id)
                    {
                        self.handoffs.push(Arrow {
                            x,
                            from: *sender,
                            to: *id,
                        });
                    }
                }
            }
            EventKind::ChanClose { chan, .. } => {
                self.channel(*chan, 0).closed = true;
            }
            EventKind::Stdout { text, .. } => self.console.push_str(text),
            EventKind::Sample {
                num_goroutine,
                retained_bytes: bytes,
                stack_bytes,
            } => {
                self.live = *num_goroutine + usize::from(self.main_exited);
                self.retained_bytes = *bytes;
                self.retained.push((x, *bytes));
                self.stacks.push((x, *stack_bytes));
            }
            EventKind::Lock { .. } | EventKind::Unlock { .. } | EventKind::TimerFired { .. } => {}
        }
    }

    /// Ends every lane at the cursor; at the end of the trace, goroutines blocked
    /// forever become leaked lanes.
    fn close_lanes(&mut self, cursor_x: u32, at_end: bool, leaked: &[LeakedGoroutine]) {
        for lane in &mut self.lanes {
            if at_end
                && lane.state != LaneState::Exited
                && leaked.iter().any(|l| l.id == lane.goroutine && l.forever)
            {
                let reason = lane.segments.last().and_then(|s| s.reason);
                let line = lane.segments.last().map_or(0, |s| s.line);
                set_state(lane, cursor_x, LaneState::Leaked, reason, line);
                // The leaked state colours the whole final blocked stretch.
                let n = lane.segments.len();
                if n >= 2 && lane.segments[n - 1].start == lane.segments[n - 2].end {
                    let blocked_from = lane.segments[n - 2].start;
                    lane.segments.remove(n - 2);
                    let last = lane.segments.last_mut().expect("leaked segment");
                    last.start = blocked_from;
                }
            }
            if let Some(last) = lane.segments.last_mut() {
                last.end = cursor_x.max(last.start);
            }
            lane.segments
                .retain(|s| s.end > s.start || s.state == LaneState::Leaked);
        }
    }
}

/// Adds a lane for `id` if there is room; true if the goroutine has a lane.
fn ensure_lane(
    lanes: &mut Vec<Lane>,
    index: &mut BTreeMap<u32, usize>,
    hidden: &mut usize,
    id: u32,
    line: u32,
    x: u32,
) -> bool {
    if let Some(&li) = index.get(&id) {
        if line != 0 {
            lanes[li].created_line = line;
        }
        return true;
    }
    if lanes.len() >= MAX_LANES {
        *hidden += 1;
        return false;
    }
    index.insert(id, lanes.len());
    lanes.push(Lane {
        goroutine: id,
        created_line: line,
        segments: vec![Segment {
            start: x,
            end: x,
            state: LaneState::Runnable,
            reason: None,
            line: 0,
        }],
        state: LaneState::Runnable,
    });
    true
}

fn set_state(lane: &mut Lane, x: u32, state: LaneState, reason: Option<WaitReason>, line: u32) {
    let last = lane
        .segments
        .last_mut()
        .expect("a lane starts with a segment");
    if last.state == state && last.reason == reason {
        return;
    }
    last.end = x;
    if last.start == x {
        // Zero-width: replace instead of stacking invisible segments in one column.
        *last = Segment {
            start: x,
            end: x,
            state,
            reason,
            line,
        };
        // Merge with the previous one if it now matches.
        let n = lane.segments.len();
        if n >= 2
            && lane.segments[n - 2].state == state
            && lane.segments[n - 2].reason == lane.segments[n - 1].reason
        {
            lane.segments.pop();
        }
    } else {
        lane.segments.push(Segment {
            start: x,
            end: x,
            state,
            reason,
            line,
        });
    }
    lane.state = state;
}

/// A one-line summary per leaked goroutine: "goroutine 3 (created at line 24): blocked
/// forever on chan send at line 26".
pub fn leak_lines(leaked: &[LeakedGoroutine]) -> Vec<(u32, String, String)> {
    leaked
        .iter()
        .map(|l| {
            if l.wait_reason == GoroutineStatus::Runnable {
                return (
                    l.blocked_line,
                    format!(
                        "goroutine {} (created at line {}): still running at line {} when the program ended",
                        l.id, l.created_line, l.blocked_line
                    ),
                    format!(
                        "goroutine {}（创建于第 {} 行）：程序结束时仍在运行，位于第 {} 行",
                        l.id, l.created_line, l.blocked_line
                    ),
                );
            }
            let when = if l.forever { "forever" } else { "at exit" };
            let when_zh = if l.forever {
                "永久"
            } else {
                "程序退出时"
            };
            (
                l.blocked_line,
                format!(
                    "goroutine {} (created at line {}): blocked {when} on {} at line {}",
                    l.id, l.created_line, l.wait_reason, l.blocked_line
                ),
                format!(
                    "goroutine {}（创建于第 {} 行）：{when_zh}阻塞在第 {} 行的 {}",
                    l.id, l.created_line, l.blocked_line, l.wait_reason
                ),
            )
        })
        .collect()
}

/// What a finished run says about leaks. Only a program that ran to its end can be
/// judged; a run the simulator stopped (not simulated, a budget, a compile error) must
/// never read as an all-clear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunVerdict {
    /// The program ended and every goroutine had finished.
    NoLeak,
    /// The program ended with these many goroutines still blocked (`forever` of them for good).
    Leaked { blocked: usize, forever: usize },
    /// A panic or fatal error ended the program; `blocked` goroutines were parked then.
    Crashed { blocked: usize },
    /// The simulator does not model something in the program: nothing is known.
    NotSimulated,
    /// The program does not compile.
    DoesNotCompile,
    /// A budget stopped the run before the program ended.
    Stopped,
    /// The learner is the scheduler and has the next pick.
    Paused,
}

/// The goroutines parked when a program crashed (not the one that crashed or others
/// that were running).
pub fn crashed_blocked(outcome: &Outcome) -> impl Iterator<Item = &LeakedGoroutine> {
    outcome
        .leaked
        .iter()
        .filter(|l| l.wait_reason.wait_reason().is_some())
}

impl RunVerdict {
    pub fn of(outcome: &Outcome) -> RunVerdict {
        let blocked = outcome.leaked.len();
        let forever = outcome.leaked.iter().filter(|l| l.forever).count();
        match outcome.end {
            End::MainReturned | End::Exited if blocked == 0 => RunVerdict::NoLeak,
            End::MainReturned | End::Exited => RunVerdict::Leaked { blocked, forever },
            End::Panicked | End::Fatal | End::Deadlock => RunVerdict::Crashed {
                blocked: crashed_blocked(outcome).count(),
            },
            End::NotSimulated => RunVerdict::NotSimulated,
            End::Invalid => RunVerdict::DoesNotCompile,
            End::Budget(_) => RunVerdict::Stopped,
            End::Paused => RunVerdict::Paused,
        }
    }

    /// The headline, in English and Chinese.
    pub fn headline(self) -> (String, String) {
        match self {
            RunVerdict::NoLeak => (
                "No goroutine leaked: every goroutine had finished when the program ended.".into(),
                "没有 goroutine 泄漏：程序结束时所有 goroutine 都已完成。".into(),
            ),
            RunVerdict::Leaked { blocked, forever } => (
                format!("{blocked} goroutine(s) still blocked when the program ended ({forever} forever):"),
                format!("程序结束时仍有 {blocked} 个 goroutine 阻塞（其中 {forever} 个永久阻塞）："),
            ),
            RunVerdict::Crashed { blocked: 0 } => (
                "The program crashed (above); its goroutines ended with it.".into(),
                "程序崩溃（见上）；其 goroutine 随之结束。".into(),
            ),
            RunVerdict::Crashed { blocked } => (
                format!("The program crashed (above) with {blocked} goroutine(s) blocked:"),
                format!("程序崩溃（见上）时有 {blocked} 个 goroutine 处于阻塞："),
            ),
            RunVerdict::NotSimulated => (
                "This run says nothing about leaks: the simulator stopped at something it does not model (above). Real Go may still leak here.".into(),
                "本次运行无法判断是否泄漏：模拟器遇到了尚未支持的写法（见上）。真实的 Go 仍可能在此泄漏。".into(),
            ),
            RunVerdict::DoesNotCompile => (
                "The program does not compile (above): fix it and run again.".into(),
                "程序无法编译（见上）：修正后再运行。".into(),
            ),
            RunVerdict::Stopped => (
                "A budget stopped the run before the program ended (above), so leaks are not judged.".into(),
                "运行在程序结束前被预算终止（见上），因此不判断是否泄漏。".into(),
            ),
            RunVerdict::Paused => (
                "Your move: pick the goroutine that runs next.".into(),
                "轮到你了：选出下一个运行的 goroutine。".into(),
            ),
        }
    }
}

/// The console at the cursor. A very long run's trace keeps only its first events, so at
/// the end the program's whole stdout is shown rather than what those events printed.
pub fn console_text<'a>(
    view_console: &'a str,
    stdout: &'a str,
    at_end: bool,
    trace_truncated: bool,
) -> &'a str {
    if at_end && trace_truncated {
        stdout
    } else {
        view_console
    }
}

/// The virtual time at column `col` (the last time change at or before it).
pub fn time_at(view: &TimelineView, col: u32) -> u64 {
    let i = view.time_ticks.partition_point(|&(x, _)| x <= col);
    if i == 0 {
        0
    } else {
        view.time_ticks[i - 1].1
    }
}

/// One row of the screen-reader table: a lane segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// `main` or `goroutine N`.
    pub goroutine: String,
    pub from: String,
    pub to: String,
    pub state: LaneState,
    /// The wait reason and line while blocked, else empty.
    pub place: String,
}

/// One row per lane segment, for the screen-reader table.
pub fn table_rows(view: &TimelineView) -> Vec<TableRow> {
    let mut rows = Vec::new();
    for lane in &view.lanes {
        let name = if lane.goroutine == 1 {
            "main".to_owned()
        } else {
            format!("goroutine {}", lane.goroutine)
        };
        for (i, s) in lane.segments.iter().enumerate() {
            // A moment of running or waiting to run between two states (no virtual time
            // passes) is noise read out row by row; the lane's last state always stays.
            let from = time_at(view, s.start);
            let to = time_at(view, s.end.saturating_sub(1).max(s.start));
            let last = i + 1 == lane.segments.len();
            if from == to && !last && matches!(s.state, LaneState::Running | LaneState::Runnable) {
                continue;
            }
            let place = match (s.reason, s.line) {
                (Some(r), 0) => r.to_string(),
                (Some(r), line) => format!("{r} (line {line})"),
                (None, _) => String::new(),
            };
            rows.push(TableRow {
                goroutine: name.clone(),
                from: geometry::format_duration(from),
                to: geometry::format_duration(to),
                state: s.state,
                place,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_truncated_trace_shows_the_whole_stdout_at_the_end() {
        assert_eq!(console_text("a\n", "a\nb\n", true, true), "a\nb\n");
        assert_eq!(console_text("a\n", "a\nb\n", false, true), "a\n");
        assert_eq!(console_text("a\n", "a\n", true, false), "a\n");
    }

    use super::*;

    #[test]
    fn a_goroutine_still_running_at_exit_is_said_to_run_at_its_next_line() {
        // The worker is busy (no wait at all) when main returns.
        let src = "package main\n\nimport \"runtime\"\n\nfunc spin() {\n\tfor i := 0; ; i++ {\n\t\t_ = i * 2\n\t}\n}\n\nfunc main() {\n\tgo spin()\n\truntime.Gosched()\n}\n";
        let o = crate::sim::run(src, &crate::sim::Config::default());
        let lines = leak_lines(&o.leaked);
        assert_eq!(lines.len(), 1, "{:?}", o.leaked);
        let (line, en, zh) = &lines[0];
        assert!((6..=7).contains(line), "{en}");
        assert!(en.contains("still running at line"), "{en}");
        assert!(!en.contains("runnable") && !en.contains("line 0"), "{en}");
        assert!(zh.contains("仍在运行"), "{zh}");
    }

    #[test]
    fn the_table_leaves_out_instants_of_running_between_states() {
        let src = std::fs::read_to_string("lessons/lock-order-deadlock/leaky.go").unwrap();
        let o = crate::sim::run(&src, &crate::sim::Config::default());
        let view = timeline(&o.trace.events, usize::MAX, 2000, &o.leaked);
        let rows = table_rows(&view);
        let text: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{} {}-{} {:?} {}",
                    r.goroutine, r.from, r.to, r.state, r.place
                )
            })
            .collect();
        assert!(
            rows.iter()
                .all(|r| r.from != r.to
                    || !matches!(r.state, LaneState::Running | LaneState::Runnable)),
            "{text:#?}"
        );
        let leaked = rows.iter().filter(|r| r.state == LaneState::Leaked).count();
        assert_eq!(leaked, o.leaked.len(), "{text:#?}");
        assert!(rows.len() < 16, "{text:#?}");
    }

    #[test]
    fn the_slider_says_the_time_and_the_goroutines_at_the_cursor() {
        let src = "package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n\t\"time\"\n)\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tgo func() { ch <- 2 }()\n\t<-ch\n\ttime.Sleep(5 * time.Millisecond)\n\tfmt.Println(runtime.NumGoroutine())\n}\n";
        let o = crate::sim::run(src, &crate::sim::Config::default());
        assert_eq!(o.stdout, "2\n");
        let end = timeline(&o.trace.events, usize::MAX, 2000, &o.leaked);
        let en = end.position_text(Lang::En);
        assert!(
            en.starts_with("5ms: 2 goroutines, ") && en.ends_with(" retained"),
            "{en}"
        );
        assert!(end
            .position_text(Lang::Zh)
            .starts_with("5ms：2 个 goroutine，占用 "));
        let start = timeline(&o.trace.events, 0, 2000, &o.leaked);
        assert!(
            start.position_text(Lang::En).contains(": 1 goroutine,"),
            "{}",
            start.position_text(Lang::En)
        );
    }

    #[test]
    fn only_a_program_that_ran_to_its_end_gets_an_all_clear() {
        let src = "package main\nimport \"sync\"\nfunc main() {\n\tvar mu sync.Mutex\n\tc := sync.NewCond(&mu)\n\t_ = c\n\tvar p *int\n\t_ = *p\n}\n";
        let crashed = crate::sim::run(src, &crate::sim::Config::default());
        assert_eq!(RunVerdict::of(&crashed), RunVerdict::Crashed { blocked: 0 });
        let not_simulated = crate::sim::Outcome::not_run("not simulated: reflect at 3:2");
        assert_eq!(RunVerdict::of(&not_simulated), RunVerdict::NotSimulated);
        assert!(!RunVerdict::NotSimulated
            .headline()
            .0
            .contains("No goroutine leaked"));
        let bad = crate::sim::run(
            "package main\nfunc main() { x := }\n",
            &crate::sim::Config::default(),
        );
        assert_eq!(RunVerdict::of(&bad), RunVerdict::DoesNotCompile);
        let clean = crate::sim::run(
            "package main\nfunc main() {}\n",
            &crate::sim::Config::default(),
        );
        assert_eq!(RunVerdict::of(&clean), RunVerdict::NoLeak);
    }

    use crate::sim::{run, Config};

    const LEAKY: &str = include_str!("../../lessons/select-timeout-sender/leaky.go");
    const FIXED: &str = include_str!("../../lessons/select-timeout-sender/fixed.go");

    #[test]
    fn the_end_of_the_leaky_lesson_shows_three_leaked_lanes() {
        let outcome = run(LEAKY, &Config::default());
        let view = timeline(&outcome.trace.events, usize::MAX, 2000, &outcome.leaked);
        assert_eq!(view.num_goroutine, 4);
        assert_eq!(view.lanes.len(), 4);
        let leaked: Vec<_> = view
            .lanes
            .iter()
            .filter(|l| l.state == LaneState::Leaked)
            .collect();
        assert_eq!(leaked.len(), 3);
        for lane in leaked {
            assert_eq!(
                lane.segments.last().unwrap().reason.map(WaitReason::as_str),
                Some("chan send")
            );
            assert_eq!(lane.segments.last().unwrap().line, 26);
        }
        assert_eq!(view.creations.len(), 3);
        assert!(
            view.console.ends_with("goroutines: 4\n"),
            "{}",
            view.console
        );
    }

    #[test]
    fn the_fixed_lesson_ends_with_every_worker_exited() {
        let outcome = run(FIXED, &Config::default());
        let view = timeline(&outcome.trace.events, usize::MAX, 2000, &outcome.leaked);
        assert_eq!(view.num_goroutine, 1);
        assert!(
            view.lanes
                .iter()
                .skip(1)
                .all(|l| l.state == LaneState::Exited),
            "{:?}",
            view.lanes
        );
    }

    #[test]
    fn a_prefix_shows_the_state_at_the_cursor_and_no_leaks_yet() {
        let outcome = run(LEAKY, &Config::default());
        let n = outcome.trace.events.len();
        let half = timeline(&outcome.trace.events, n / 2, 2000, &outcome.leaked);
        assert!(half.lanes.iter().all(|l| l.state != LaneState::Leaked));
        assert!(half.console.len() < run(LEAKY, &Config::default()).stdout.len());
        let start = timeline(&outcome.trace.events, 0, 2000, &outcome.leaked);
        assert_eq!((start.lanes.len(), start.console.as_str()), (1, ""));
    }

    #[test]
    fn segments_are_ordered_and_within_the_axis() {
        let outcome = run(LEAKY, &Config::default());
        for columns in [10, 2000] {
            let view = timeline(&outcome.trace.events, usize::MAX, columns, &outcome.leaked);
            for lane in &view.lanes {
                for pair in lane.segments.windows(2) {
                    assert!(pair[0].end <= pair[1].start, "{lane:?}");
                }
                assert!(lane.segments.iter().all(|s| s.end <= view.columns));
            }
        }
    }

    #[test]
    fn wait_reasons_map_to_states() {
        assert_eq!(
            LaneState::from_wait_reason("chan send"),
            LaneState::BlockedSend
        );
        assert_eq!(
            LaneState::from_wait_reason("select (no cases)"),
            LaneState::Select
        );
        assert_eq!(
            LaneState::from_wait_reason("sync.RWMutex.RLock"),
            LaneState::Lock
        );
        assert_eq!(
            LaneState::from_wait_reason("sync.Cond.Wait"),
            LaneState::Blocked
        );
    }
}
