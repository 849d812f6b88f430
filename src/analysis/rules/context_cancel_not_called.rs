//! `context-cancel-not-called`: the cancel of `context.WithCancel/Timeout/Deadline` is
//! discarded or not called on every path.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, Exit, FuncKind, PathWalk, UseKind};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};

pub struct ContextCancelNotCalled;

static META: RuleMeta = RuleMeta {
    id: "context-cancel-not-called",
    severity: Severity::Error,
    summary: "The cancel function of a derived context is discarded or not called on every path, so the context (and its timer) lives until the parent ends; add `defer cancel()`.",
};

fn is_with_cancel(callee: &str) -> bool {
    matches!(
        callee,
        "context.WithCancel"
            | "context.WithTimeout"
            | "context.WithDeadline"
            | "context.WithCancelCause"
            | "context.WithTimeoutCause"
            | "context.WithDeadlineCause"
    )
}

impl Rule for ContextCancelNotCalled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        for b in &facts.bindings {
            if !is_with_cancel(&b.call.callee) || b.names.len() != 2 {
                continue;
            }
            let Some(func_index) = b.func else { continue };
            let func = &facts.funcs[func_index];
            let callee = &b.call.callee;
            let cancel = b.names[1].as_str();
            if cancel == "_" {
                out.push(META.diagnostic_in(file, META.severity,
                    (b.start, b.end),
                    format!("the cancel function of `{callee}` is discarded, so the derived context and its resources live until the parent is cancelled; keep it as `cancel` and add `defer cancel()`"),
                ));
                continue;
            }
            // Stored in a field or map, or a name we cannot follow: stay quiet.
            if !cancel
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_')
                || func.has_goto
            {
                continue;
            }
            let mut escapes = false;
            for u in facts
                .uses_in(func_index, cancel)
                .filter(|u| u.start >= b.end)
            {
                let in_nested = u.func != Some(func_index);
                escapes |= match u.kind {
                    UseKind::Called => in_nested,
                    UseKind::Discarded => false,
                    // Reassigned later: a second context whose flow we do not follow.
                    UseKind::Assigned | UseKind::Declared | UseKind::Selected | UseKind::Other => {
                        true
                    }
                };
            }
            if escapes {
                continue;
            }
            let mut pending_exits: Vec<Exit> = Vec::new();
            let mut on_call = |pending: &mut bool, c: &sf::Call| {
                if c.start == b.call.start {
                    *pending = true;
                } else if c.callee == cancel {
                    *pending = false;
                }
            };
            let mut on_exit = |pending: &bool, exit: Exit| {
                if *pending && !matches!(exit, Exit::Panic { .. }) && !pending_exits.contains(&exit)
                {
                    pending_exits.push(exit);
                }
            };
            PathWalk::new(|a, b| *a || *b, &mut on_call, &mut on_exit)
                .with_defers_as_calls()
                .run(func, false);
            let Some(first) = pending_exits.first() else {
                continue;
            };
            let who = match func.kind {
                FuncKind::Goroutine { .. } => "the goroutine".to_owned(),
                FuncKind::Declared => sf::func_label(func),
                _ => "the function literal".to_owned(),
            };
            let (at, how) = match *first {
                Exit::Return { start } => (
                    start,
                    format!("returns at line {}", sf::line_of(file, start)),
                ),
                Exit::EndOfBody { at } | Exit::Panic { start: at } => {
                    (at, format!("ends at line {}", sf::line_of(file, at)))
                }
            };
            let mut d = META.diagnostic_in(file, META.severity,
                (b.start, b.end),
                format!("`{cancel}` from `{callee}` is not called when {who} {how}, so the context and its timer stay alive until the parent ends; add `defer {cancel}()` after this line"),
            );
            d.related.push(sf::related(
                file,
                (at, at + 1),
                format!("`{cancel}` has not been called here"),
            ));
            let called_somewhere = facts
                .uses_in(func_index, cancel)
                .any(|u| u.kind == UseKind::Called && u.start > b.end);
            if !called_somewhere {
                let indent = sf::indent_at(file.source, b.start);
                d.fix = Some(Fix {
                    title: format!("Add `defer {cancel}()`"),
                    edits: vec![TextEdit {
                        start_byte: b.end,
                        end_byte: b.end,
                        replacement: format!("\n{indent}defer {cancel}()"),
                    }],
                });
            }
            out.push(d);
        }
    }
}
