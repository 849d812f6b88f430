//! `waitgroup-done-missing`: a counted goroutine with a path that skips its `wg.Done()`.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, Exit, FuncFact, FuncKind, PathWalk, Stmt};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct WaitgroupDoneMissing;

static META: RuleMeta = RuleMeta {
    id: "waitgroup-done-missing",
    severity: Severity::Error,
    summary: "A goroutine counted by `wg.Add` has a path that skips `wg.Done()`, so `wg.Wait()` never returns; make `defer wg.Done()` its first statement.",
};

impl Rule for WaitgroupDoneMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        for func in facts.funcs.iter().filter(|f| !f.has_goto) {
            // Goroutine literals count the parent's wait group; declared workers take it
            // as a `*sync.WaitGroup` parameter.
            let groups: Vec<String> = match func.kind {
                FuncKind::Goroutine { .. } => {
                    let mut v: Vec<String> = Vec::new();
                    for c in sf::all_calls(&func.body) {
                        if c.method == "Done" && !c.receiver.is_empty() && !v.contains(&c.receiver)
                        {
                            v.push(c.receiver.clone());
                        }
                    }
                    v.retain(|wg| sf::is_waitgroup(&facts, wg));
                    v
                }
                FuncKind::Declared => func
                    .params
                    .iter()
                    .filter(|p| p.ty == "*sync.WaitGroup")
                    .map(|p| p.name.clone())
                    .collect(),
                _ => continue,
            };
            for wg in groups {
                check_group(file, func, &wg, out);
            }
        }
    }
}

fn check_group(file: &ParsedFile<'_>, func: &FuncFact, wg: &str, out: &mut Vec<Diagnostic>) {
    if sf::deferred_calls(&func.body)
        .iter()
        .any(|c| c.is(wg, "Done"))
    {
        return;
    }
    // The Done calls at the top of the body or in its branches (a Done inside a loop
    // counts per iteration: another shape).
    let mut dones = Vec::new();
    let mut in_loop = false;
    sf::each_stmt(&func.body, &mut |s, loops| {
        if let Stmt::Simple { calls, .. } = s {
            for c in calls.iter().filter(|c| c.is(wg, "Done")) {
                in_loop |= loops > 0;
                dones.push(c.clone());
            }
        }
    });
    let Some(first) = dones.first() else { return };
    if in_loop {
        return;
    }
    let mut skips: Vec<Exit> = Vec::new();
    let mut on_call = |pending: &mut bool, c: &sf::Call| {
        if c.is(wg, "Done") {
            *pending = false;
        }
    };
    let mut on_exit = |pending: &bool, exit: Exit| {
        if *pending && !skips.contains(&exit) {
            skips.push(exit);
        }
    };
    PathWalk::new(|a, b| *a || *b, &mut on_call, &mut on_exit).run(func, true);
    let Some(skip) = skips.first() else { return };
    let (at, how) = match *skip {
        Exit::Return { start } => (
            start,
            format!("returns at line {}", sf::line_of(file, start)),
        ),
        Exit::Panic { start } => (
            start,
            format!("panics at line {}", sf::line_of(file, start)),
        ),
        Exit::EndOfBody { at } => (
            at,
            format!("ends at line {} without it", sf::line_of(file, at)),
        ),
    };
    let who = match func.kind {
        FuncKind::Goroutine { .. } => "the goroutine".to_owned(),
        _ => func.name.clone(),
    };
    let mut d = META.diagnostic_in(file, META.severity,
        (first.start, first.end),
        format!(
            "`{wg}.Done()` is skipped when {who} {how}, so `{wg}.Wait()` never returns; make `defer {wg}.Done()` the first statement of {who}"
        ),
    );
    for exit in &skips {
        let at = match *exit {
            Exit::Return { start } | Exit::Panic { start } => start,
            Exit::EndOfBody { at } => at,
        };
        d.related.push(sf::related(
            file,
            (at, at + 1),
            format!("`{wg}.Done()` is not called on this path"),
        ));
    }
    let _ = at;
    out.push(d);
}
