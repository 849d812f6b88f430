//! `ticker-not-stopped`: `time.NewTicker`/`time.NewTimer` never stopped, or a goroutine
//! looping on a ticker channel with no way out.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, FuncKind, Stmt, UseKind};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct TickerNotStopped;

static META: RuleMeta = RuleMeta {
    id: "ticker-not-stopped",
    severity: Severity::Warning,
    summary: "A `time.NewTicker`/`NewTimer` is never stopped (never collected before Go 1.23), or a goroutine loops on its channel with no exit; `defer t.Stop()` and give the loop a `case <-done: return`.",
};

impl Rule for TickerNotStopped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let collectable = options.go_version.collectable_timers();
        let version = options.go_version;
        let mut tickers: Vec<&str> = Vec::new();
        for b in &facts.bindings {
            let is_ticker = b.call.callee == "time.NewTicker";
            if !is_ticker && b.call.callee != "time.NewTimer" {
                continue;
            }
            let Some(name) = b.names.first().map(String::as_str) else {
                continue;
            };
            if is_ticker {
                tickers.push(name);
            }
            let Some(func_index) = b.func else { continue };
            let simple = name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
            if name == "_" || !simple || facts.package_vars.contains_key(name) {
                continue;
            }
            // Returned, stored or passed on: whoever receives it owns the Stop.
            let mut stopped = false;
            let mut escapes = false;
            for u in facts.uses_in(func_index, name).filter(|u| u.start >= b.end) {
                match u.kind {
                    UseKind::Other | UseKind::Assigned | UseKind::Declared => escapes = true,
                    _ => {}
                }
            }
            for (j, f) in facts.funcs.iter().enumerate() {
                if facts.is_within(j, func_index) {
                    stopped |= sf::all_calls(&f.body).iter().any(|c| c.is(name, "Stop"));
                }
            }
            if stopped || escapes || (!is_ticker && collectable) {
                continue;
            }
            let what = if is_ticker { "ticker" } else { "timer" };
            let (severity, consequence) = match (is_ticker, collectable) {
                (true, true) => (
                    Severity::Warning,
                    format!("it keeps firing until the garbage collector finds it unreferenced (Go {version} collects unstopped tickers)"),
                ),
                (true, false) => (
                    Severity::Error,
                    format!("before Go 1.23 an unstopped ticker is never collected (Go {version} selected), so it fires forever"),
                ),
                (false, _) => (
                    Severity::Warning,
                    format!("before Go 1.23 an unstopped timer stays in the runtime until it fires (Go {version} selected)"),
                ),
            };
            out.push(META.diagnostic_in(file, severity,
                (b.call.start, b.call.end),
                format!("the {what} `{name}` is never stopped: {consequence}; add `defer {name}.Stop()` after creating it"),
            ));
        }
        report_endless_ticker_loops(file, &tickers, out);
    }
}

/// A goroutine (not started from `main`/`init`) looping on `t.C` with no way out.
fn report_endless_ticker_loops(file: &ParsedFile<'_>, tickers: &[&str], out: &mut Vec<Diagnostic>) {
    let facts = sf::facts(file);
    for (index, g) in facts.funcs.iter().enumerate() {
        if !matches!(g.kind, FuncKind::Goroutine { .. }) {
            continue;
        }
        let top = &facts.funcs[facts.top_level(index)];
        if matches!(top.name.as_str(), "main" | "init") && top.receiver.is_none() {
            continue;
        }
        sf::each_stmt(&g.body, &mut |s, _| {
            let Stmt::Loop {
                body,
                infinite,
                range_over,
                start,
                end,
                ..
            } = s
            else {
                return;
            };
            let text = file.source.get(*start..*end).unwrap_or("");
            let Some(ticker) = tickers.iter().find(|t| {
                range_over.as_deref() == Some(&format!("{t}.C"))
                    || text.contains(&format!("<-{t}.C"))
            }) else {
                return;
            };
            let endless = *infinite || range_over.as_deref() == Some(&format!("{ticker}.C"));
            if !endless || !sf::loop_never_exits(body) {
                return;
            }
            out.push(META.diagnostic_in(file, Severity::Error,
                (*start, *start + 3),
                format!("this goroutine loops on `{ticker}.C` with no way out, so it never exits in any Go version (Stop does not close `{ticker}.C`); add a `case <-done: return` or `case <-ctx.Done(): return` to the loop"),
            ));
        });
    }
}
