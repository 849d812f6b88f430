//! The timeline view model: a pure function from a trace prefix (events up to the cursor)
//! to what the timeline draws — lanes of coloured state segments, creation and hand-off
//! arrows, NumGoroutine and retained-bytes series, channel occupancy, console text.
//!
//! The x axis counts events (every scheduling event gets the same width, so nothing that
//! happens "at the same virtual instant" is invisible); the virtual time of each event is
//! kept for tick labels. Long traces are quantised to a fixed number of columns.

use crate::lessons::Lang;
use crate::sim::{Event, EventKind, LeakedGoroutine, WaitReason};
use std::collections::BTreeMap;

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
            LaneState::BlockedSend => ("blocked: send", "阻塞:发送"),
            LaneState::BlockedRecv => ("blocked: receive", "阻塞:接收"),
            LaneState::Select => ("blocked: select", "阻塞:select"),
            LaneState::Lock => ("blocked: lock", "阻塞:锁"),
            LaneState::WaitGroup => ("blocked: WaitGroup", "阻塞:WaitGroup"),
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
            WaitReason::ChanSendNilChan | WaitReason::ChanReceiveNilChan => LaneState::Blocked,
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
    /// Retained bytes samples by column.
    pub retained: Vec<(u32, u64)>,
    pub channels: Vec<ChannelState>,
    pub num_goroutine: usize,
    pub retained_bytes: u64,
    pub console: String,
    /// Columns where virtual time changes, with the new time (for axis ticks).
    pub time_ticks: Vec<(u32, u64)>,
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
            } => {
                self.live = *num_goroutine + usize::from(self.main_exited);
                self.retained_bytes = *bytes;
                self.retained.push((x, *bytes));
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
                    "goroutine {}(创建于第 {} 行):{when_zh}阻塞在第 {} 行的 {}",
                    l.id, l.created_line, l.blocked_line, l.wait_reason
                ),
            )
        })
        .collect()
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_truncated_trace_shows_the_whole_stdout_at_the_end() {
        assert_eq!(console_text("a\n", "a\nb\n", true, true), "a\nb\n");
        assert_eq!(console_text("a\n", "a\nb\n", false, true), "a\n");
        assert_eq!(console_text("a\n", "a\n", true, false), "a\n");
    }

    use super::*;
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

/// Pixel geometry of the timeline SVG (pure, so the component only draws it).
pub mod geometry {
    use super::{LaneState, TimelineView};
    use crate::lessons::Lang;

    pub const LABEL_WIDTH: f64 = 110.0;
    pub const LANE_HEIGHT: f64 = 22.0;
    pub const LANE_GAP: f64 = 4.0;
    pub const CHART_HEIGHT: f64 = 70.0;

    #[derive(Clone, Debug, PartialEq)]
    pub struct Rect {
        pub x: f64,
        pub y: f64,
        pub width: f64,
        pub height: f64,
        pub state: LaneState,
        pub title: String,
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct Line {
        pub x1: f64,
        pub y1: f64,
        pub x2: f64,
        pub y2: f64,
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct LaneLabel {
        pub y: f64,
        pub text: String,
        pub goroutine: u32,
        pub state: LaneState,
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct Geometry {
        pub width: f64,
        pub lanes_height: f64,
        pub rects: Vec<Rect>,
        pub labels: Vec<LaneLabel>,
        pub creations: Vec<Line>,
        pub handoffs: Vec<Line>,
        pub cursor_x: f64,
        /// SVG path data of the NumGoroutine step chart (height CHART_HEIGHT).
        pub goroutine_path: String,
        pub goroutine_max: usize,
        pub retained_path: String,
        pub retained_max: u64,
        /// Axis ticks: x and a label like "50ms".
        pub ticks: Vec<(f64, String)>,
    }

    pub fn x_of(view: &TimelineView, width: f64, column: u32) -> f64 {
        LABEL_WIDTH + (width - LABEL_WIDTH) * column as f64 / view.columns.max(1) as f64
    }

    fn lane_y(i: usize) -> f64 {
        i as f64 * (LANE_HEIGHT + LANE_GAP)
    }

    pub fn layout(view: &TimelineView, width: f64) -> Geometry {
        let index_of = |g: u32| view.lanes.iter().position(|l| l.goroutine == g);
        let mut rects = Vec::new();
        let mut labels = Vec::new();
        for (i, lane) in view.lanes.iter().enumerate() {
            let y = lane_y(i);
            let name = if lane.goroutine == 1 {
                "main".to_owned()
            } else {
                format!("g{}", lane.goroutine)
            };
            let text = if lane.created_line > 0 {
                format!("{name} · L{}", lane.created_line)
            } else {
                name
            };
            labels.push(LaneLabel {
                y: y + LANE_HEIGHT / 2.0,
                text,
                goroutine: lane.goroutine,
                state: lane.state,
            });
            for s in &lane.segments {
                let x = x_of(view, width, s.start);
                let end = x_of(view, width, s.end.max(s.start));
                let title = match (&s.reason, s.line) {
                    (Some(r), line) if line > 0 => {
                        format!("{} · {r} · line {line}", lane_title(lane.goroutine))
                    }
                    (Some(r), _) => format!("{} · {r}", lane_title(lane.goroutine)),
                    (None, _) => format!(
                        "{} · {}",
                        lane_title(lane.goroutine),
                        s.state.label(Lang::En)
                    ),
                };
                // A leaked or still-open stretch of zero width still gets a sliver.
                let width = (end - x).max(if s.state == LaneState::Leaked {
                    3.0
                } else {
                    0.0
                });
                if width > 0.0 {
                    rects.push(Rect {
                        x,
                        y,
                        width,
                        height: LANE_HEIGHT,
                        state: s.state,
                        title,
                    });
                }
            }
        }
        let arrow = |a: &super::Arrow| -> Option<Line> {
            let (from, to) = (index_of(a.from)?, index_of(a.to)?);
            let x = x_of(view, width, a.x);
            Some(Line {
                x1: x,
                y1: lane_y(from) + LANE_HEIGHT / 2.0,
                x2: x,
                y2: lane_y(to) + LANE_HEIGHT / 2.0,
            })
        };
        let goroutine_max = view
            .goroutines
            .iter()
            .map(|&(_, c)| c)
            .max()
            .unwrap_or(1)
            .max(1);
        let retained_max = view
            .retained
            .iter()
            .map(|&(_, b)| b)
            .max()
            .unwrap_or(1)
            .max(1);
        let cursor_x = x_of(view, width, view.cursor);
        Geometry {
            width,
            lanes_height: lane_y(view.lanes.len()).max(LANE_HEIGHT),
            rects,
            labels,
            creations: view.creations.iter().filter_map(arrow).collect(),
            handoffs: view.handoffs.iter().filter_map(arrow).collect(),
            cursor_x,
            goroutine_path: step_path(
                view,
                width,
                &view
                    .goroutines
                    .iter()
                    .map(|&(x, c)| (x, c as f64))
                    .collect::<Vec<_>>(),
                goroutine_max as f64,
            ),
            goroutine_max,
            retained_path: step_path(
                view,
                width,
                &view
                    .retained
                    .iter()
                    .map(|&(x, b)| (x, b as f64))
                    .collect::<Vec<_>>(),
                retained_max as f64,
            ),
            retained_max,
            ticks: ticks(view, width),
        }
    }

    fn lane_title(g: u32) -> String {
        if g == 1 {
            "main".to_owned()
        } else {
            format!("goroutine {g}")
        }
    }

    /// A step line over `points` (column, value) up to the cursor.
    fn step_path(view: &TimelineView, width: f64, points: &[(u32, f64)], max: f64) -> String {
        let y = |v: f64| CHART_HEIGHT - 4.0 - (CHART_HEIGHT - 8.0) * v / max;
        let mut d = String::new();
        let mut last_y = y(0.0);
        d.push_str(&format!("M{:.1},{:.1}", LABEL_WIDTH, last_y));
        for &(col, v) in points {
            let x = x_of(view, width, col);
            let ny = y(v);
            d.push_str(&format!(" H{x:.1} V{ny:.1}"));
            last_y = ny;
        }
        let _ = last_y;
        d.push_str(&format!(" H{:.1}", x_of(view, width, view.cursor)));
        d
    }

    /// Up to ~8 labelled ticks where virtual time changes.
    fn ticks(view: &TimelineView, width: f64) -> Vec<(f64, String)> {
        let mut out: Vec<(f64, String)> = Vec::new();
        let min_gap = (width - LABEL_WIDTH) / 8.0;
        for &(col, t) in &view.time_ticks {
            let x = x_of(view, width, col);
            if out.last().is_none_or(|(lx, _)| x - lx >= min_gap) {
                out.push((x, format_duration(t)));
            }
        }
        out
    }

    /// `0`, `250µs`, `50ms`, `1.5s`, `2m0s`: short labels for virtual time.
    pub fn format_duration(ns: u64) -> String {
        match ns {
            0 => "0".to_owned(),
            n if n < 1_000 => format!("{n}ns"),
            n if n < 1_000_000 => format!("{}µs", trim(n as f64 / 1e3)),
            n if n < 1_000_000_000 => format!("{}ms", trim(n as f64 / 1e6)),
            n if n < 60_000_000_000 => format!("{}s", trim(n as f64 / 1e9)),
            n => format!(
                "{}m{}s",
                n / 60_000_000_000,
                (n % 60_000_000_000) / 1_000_000_000
            ),
        }
    }

    fn trim(v: f64) -> String {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::sim::{run, Config};

        #[test]
        fn durations_are_short_and_exact() {
            assert_eq!(format_duration(0), "0");
            assert_eq!(format_duration(50_000_000), "50ms");
            assert_eq!(format_duration(1_500_000_000), "1.5s");
            assert_eq!(format_duration(250_000), "250µs");
            assert_eq!(format_duration(125_000_000_000), "2m5s");
        }

        #[test]
        fn the_layout_stays_inside_the_drawing() {
            let outcome = run(
                include_str!("../../lessons/select-timeout-sender/leaky.go"),
                &Config::default(),
            );
            let view =
                super::super::timeline(&outcome.trace.events, usize::MAX, 800, &outcome.leaked);
            let g = layout(&view, 900.0);
            assert!(g
                .rects
                .iter()
                .all(|r| r.x >= LABEL_WIDTH - 0.01 && r.x + r.width <= 900.0 + 3.01));
            assert_eq!(g.labels.len(), 4);
            assert_eq!(g.goroutine_max, 4);
            assert!((g.cursor_x - 900.0).abs() < 0.01);
            assert!(
                g.rects
                    .iter()
                    .filter(|r| r.state == LaneState::Leaked)
                    .count()
                    == 3
            );
        }
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

/// One row per lane segment, for the screen-reader table: goroutine, from, to, state, line.
pub fn table_rows(view: &TimelineView) -> Vec<(String, String, String, LaneState, String)> {
    let mut rows = Vec::new();
    for lane in &view.lanes {
        let name = if lane.goroutine == 1 {
            "main".to_owned()
        } else {
            format!("goroutine {}", lane.goroutine)
        };
        for s in &lane.segments {
            let reason = match (s.reason, s.line) {
                (Some(r), 0) => r.to_string(),
                (Some(r), line) => format!("{r} (line {line})"),
                (None, _) => String::new(),
            };
            rows.push((
                name.clone(),
                geometry::format_duration(time_at(view, s.start)),
                geometry::format_duration(time_at(view, s.end.saturating_sub(1).max(s.start))),
                s.state,
                reason,
            ));
        }
    }
    rows
}
