//! Pixel geometry of the timeline SVG (pure, so the component only draws it).

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
    /// The stacks' share of the memory chart, on the same scale.
    pub stack_path: String,
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
        stack_path: step_path(
            view,
            width,
            &view
                .stacks
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

/// `512 B`, `1.5 KiB`, `4.00 MiB`: retained memory as the stats line and chart show it.
pub fn format_bytes(b: u64) -> String {
    match b {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.2} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_in_the_unit_that_fits() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(4 << 20), "4.00 MiB");
    }
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
            include_str!("../../../lessons/select-timeout-sender/leaky.go"),
            &Config::default(),
        );
        let view = super::super::timeline(&outcome.trace.events, usize::MAX, 800, &outcome.leaked);
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
