//! `mutex-locked-twice`: a mutex locked again while the same goroutine still holds it.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts as sf;
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct MutexLockedTwice;

static META: RuleMeta = RuleMeta {
    id: "mutex-locked-twice",
    severity: Severity::Error,
    summary: "A mutex is locked again while this goroutine still holds it (Go mutexes are not reentrant), a self-deadlock; unlock first or move the work into an unlocked helper.",
};

impl Rule for MutexLockedTwice {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        for func in &facts.funcs {
            let mut found: Vec<(sf::HeldLock, sf::Acquire)> = Vec::new();
            sf::walk_held_locks(&facts, func, &mut |held, acq| {
                let Some(h) = held.iter().find(|h| h.mutex == acq.mutex) else {
                    return;
                };
                // Two read locks can both be held (unless a writer queues between them).
                if h.read && acq.read {
                    return;
                }
                if !found.iter().any(|(_, a)| a.start == acq.start) {
                    found.push((h.clone(), acq.clone()));
                }
            });
            for (held, acq) in found {
                let m = &acq.mutex;
                let held_how = if held.read { "read-locked" } else { "locked" };
                let what = match &acq.via {
                    Some(method) => format!("calling `{method}`, which locks `{m}` again,"),
                    None if acq.read => format!("`{m}.RLock()`"),
                    None => format!("`{m}.Lock()`"),
                };
                let mut d = META.diagnostic_in(file, META.severity,
                    (acq.start, acq.end),
                    format!(
                        "{what} while `{m}` is still {held_how} since line {} blocks this goroutine forever (sync mutexes are not reentrant); unlock before, or call a helper that expects the lock held",
                        sf::line_of(file, held.start)
                    ),
                );
                d.related.push(sf::related(
                    file,
                    (held.start, held.end),
                    format!("`{m}` is first {held_how} here"),
                ));
                out.push(d);
            }
        }
    }
}
