//! `waitgroup-add-in-goroutine`: `wg.Add` inside the goroutine it is meant to count.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, FuncKind};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};

pub struct WaitgroupAddInGoroutine;

static META: RuleMeta = RuleMeta {
    id: "waitgroup-add-in-goroutine",
    severity: Severity::Error,
    summary: "`wg.Add` runs inside the goroutine it counts, so `wg.Wait()` may return before it runs; call `wg.Add(1)` before the `go` statement.",
};

impl Rule for WaitgroupAddInGoroutine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        for g in &facts.funcs {
            let FuncKind::Goroutine { go_start, .. } = g.kind else {
                continue;
            };
            let Some(parent) = g.parent else { continue };
            for add in sf::all_calls(&g.body) {
                if add.method != "Add" || add.receiver.is_empty() || add.args.len() != 1 {
                    continue;
                }
                let wg = add.receiver.as_str();
                if !sf::is_waitgroup(&facts, wg) {
                    continue;
                }
                // The parent counting the goroutine itself means this Add is for a child.
                let parent_adds = sf::all_calls(&facts.funcs[parent].body)
                    .iter()
                    .any(|c| c.is(wg, "Add"));
                if parent_adds {
                    continue;
                }
                let mut d = META.diagnostic_in(file, META.severity,
                    (add.start, add.end),
                    format!(
                        "`{wg}.Add` runs inside the goroutine, so `{wg}.Wait()` can return before it counts this goroutine; call `{wg}.Add({})` before the `go` statement at line {}",
                        add.args[0],
                        sf::line_of(file, go_start)
                    ),
                );
                d.related.push(sf::related(
                    file,
                    (go_start, go_start + 2),
                    "the goroutine starts here".to_owned(),
                ));
                d.fix = move_before_go(file, add, go_start);
                out.push(d);
            }
        }
    }
}

/// Deletes the Add's line and re-inserts it before the `go` statement, when the Add is
/// alone on its line.
fn move_before_go(file: &ParsedFile<'_>, add: &sf::Call, go_start: usize) -> Option<Fix> {
    let src = file.source;
    let line_start = src[..add.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[add.end..]
        .find('\n')
        .map_or(src.len(), |i| add.end + i + 1);
    let call_text = src.get(add.start..add.end)?;
    if src[line_start..line_end].trim() != call_text {
        return None;
    }
    let indent = sf::indent_at(src, go_start);
    Some(Fix {
        title: "Move the Add before the `go` statement".to_owned(),
        edits: vec![
            TextEdit {
                start_byte: go_start,
                end_byte: go_start,
                replacement: format!("{call_text}\n{indent}"),
            },
            TextEdit {
                start_byte: line_start,
                end_byte: line_end,
                replacement: String::new(),
            },
        ],
    })
}
