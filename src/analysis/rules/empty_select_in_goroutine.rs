//! `select {}` inside a goroutine: it blocks that goroutine forever.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts;
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct EmptySelectInGoroutine;

static META: RuleMeta = RuleMeta {
    id: "empty-select-in-goroutine",
    severity: Severity::Warning,
    summary: "`select {}` in a goroutine blocks it forever; return, or wait on a done channel or ctx.Done()",
};

impl Rule for EmptySelectInGoroutine {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        for facts in chan_facts::file_facts(file).funcs.iter() {
            for (ctx, span) in &facts.empty_selects {
                if !facts.is_goroutine(*ctx) {
                    continue; // `select {}` at the end of main parks main on purpose
                }
                let message = "`select {}` blocks this goroutine forever (wait reason `select (no cases)`); return, or wait on a done channel or `ctx.Done()`".to_owned();
                chan_facts::push_once(out, META.diagnostic(*span, message));
            }
        }
    }
}
