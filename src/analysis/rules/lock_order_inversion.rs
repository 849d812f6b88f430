//! `lock-order-inversion`: two mutexes taken in opposite orders by two functions.

use super::{Rule, RuleMeta};
use crate::analysis::sync_facts::{self as sf, FileFacts};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct LockOrderInversion;

static META: RuleMeta = RuleMeta {
    id: "lock-order-inversion",
    severity: Severity::Error,
    summary: "Two mutexes are taken in opposite orders in two places, so two goroutines can each hold one and wait for the other forever; always take them in one fixed order.",
};

/// "`first` is held when `second` is taken", at `second`'s acquisition.
struct Order {
    first: String,
    second: String,
    /// Display names as written in the code.
    first_text: String,
    second_text: String,
    func: usize,
    start: usize,
    end: usize,
}

/// A name for a mutex that is the same in every function: receiver fields by type
/// (`Store.mu`), package variables as they are, locals of one outer function by that
/// function. Parameters and other values are not comparable: None.
fn canonical(facts: &FileFacts, func: usize, mutex: &str) -> Option<String> {
    let root = mutex.split('.').next().unwrap_or(mutex);
    let top = facts.top_level(func);
    let outer = &facts.funcs[top];
    if let Some((recv, ty)) = &outer.receiver {
        if recv == root {
            return Some(format!("{ty}{}", &mutex[root.len()..]));
        }
    }
    if outer.params.iter().any(|p| p.name == root) {
        return None;
    }
    if facts.package_vars.contains_key(root) {
        return Some(mutex.to_owned());
    }
    let local = facts
        .idents
        .iter()
        .any(|u| u.name == root && u.kind == sf::UseKind::Declared && outer.contains(u.start));
    local.then(|| format!("{top}#{mutex}"))
}

impl Rule for LockOrderInversion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let mut orders: Vec<Order> = Vec::new();
        for (index, func) in facts.funcs.iter().enumerate() {
            sf::walk_held_locks(&facts, func, &mut |held, acq| {
                let Some(second) = canonical(&facts, index, &acq.mutex) else {
                    return;
                };
                for h in held {
                    let Some(first) = canonical(&facts, index, &h.mutex) else {
                        continue;
                    };
                    if first != second {
                        orders.push(Order {
                            first,
                            second: second.clone(),
                            first_text: h.mutex.clone(),
                            second_text: acq.mutex.clone(),
                            func: index,
                            start: acq.start,
                            end: acq.end,
                        });
                    }
                }
            });
        }
        let mut reported: Vec<(String, String)> = Vec::new();
        for later in &orders {
            let Some(earlier) = orders.iter().find(|o| {
                o.first == later.second
                    && o.second == later.first
                    && o.func != later.func
                    && o.start < later.start
            }) else {
                continue;
            };
            let key = (later.first.clone(), later.second.clone());
            if reported.contains(&key) || reported.contains(&(key.1.clone(), key.0.clone())) {
                continue;
            }
            reported.push(key);
            let mut d = META.diagnostic_in(file, META.severity,
                (later.start, later.end),
                format!(
                    "`{}` is taken here while `{}` is held, but line {} takes them in the opposite order, so two goroutines can each hold one and wait forever; take `{}` and `{}` in the same order everywhere",
                    later.second_text,
                    later.first_text,
                    sf::line_of(file, earlier.start),
                    earlier.first_text,
                    earlier.second_text,
                ),
            );
            d.related.push(sf::related(
                file,
                (earlier.start, earlier.end),
                format!(
                    "`{}` is taken while `{}` is held here",
                    earlier.second_text, earlier.first_text
                ),
            ));
            out.push(d);
        }
    }
}
