//! Facts per file, rebuilt per top-level declaration: an unchanged declaration keeps
//! its facts, renumbered and shifted to where it now sits.

use super::*;

impl Call {
    pub(super) fn moved(&self, shift: &Shift) -> Call {
        let Call {
            callee,
            receiver,
            method,
            args,
            start,
            end,
            stmt_end,
        } = self;
        Call {
            callee: callee.clone(),
            receiver: receiver.clone(),
            method: method.clone(),
            args: args.clone(),
            start: shift.byte(*start),
            end: shift.byte(*end),
            stmt_end: shift.byte(*stmt_end),
        }
    }
}

pub(super) fn moved_calls(calls: &[Call], shift: &Shift) -> Vec<Call> {
    calls.iter().map(|c| c.moved(shift)).collect()
}

pub(super) fn moved_body(body: &[Stmt], shift: &Shift, func: Renumber<'_>) -> Vec<Stmt> {
    body.iter().map(|s| s.moved(shift, func)).collect()
}

impl Stmt {
    pub(super) fn moved(&self, shift: &Shift, func: Renumber<'_>) -> Stmt {
        let b = |x: &usize| shift.byte(*x);
        match self {
            Stmt::Simple { calls, start } => Stmt::Simple {
                calls: moved_calls(calls, shift),
                start: b(start),
            },
            Stmt::Defer { calls, start } => Stmt::Defer {
                calls: moved_calls(calls, shift),
                start: b(start),
            },
            Stmt::Go {
                literal,
                call,
                start,
                end,
            } => Stmt::Go {
                literal: func(*literal),
                call: call.as_ref().map(|c| c.moved(shift)),
                start: b(start),
                end: b(end),
            },
            Stmt::Return { calls, start } => Stmt::Return {
                calls: moved_calls(calls, shift),
                start: b(start),
            },
            Stmt::Panic { start } => Stmt::Panic { start: b(start) },
            Stmt::If {
                head,
                then,
                otherwise,
            } => Stmt::If {
                head: moved_calls(head, shift),
                then: moved_body(then, shift, func),
                otherwise: otherwise.as_ref().map(|o| moved_body(o, shift, func)),
            },
            Stmt::Branches {
                head,
                arms,
                exhaustive,
                select_cases,
                start,
            } => Stmt::Branches {
                head: moved_calls(head, shift),
                arms: arms.iter().map(|a| moved_body(a, shift, func)).collect(),
                exhaustive: *exhaustive,
                select_cases: select_cases
                    .iter()
                    .map(|c| {
                        let SelectCase {
                            receives,
                            operand_start,
                            is_default,
                            calls,
                        } = c;
                        SelectCase {
                            receives: receives.clone(),
                            operand_start: b(operand_start),
                            is_default: *is_default,
                            calls: moved_calls(calls, shift),
                        }
                    })
                    .collect(),
                start: b(start),
            },
            Stmt::Loop {
                head,
                body,
                infinite,
                plain,
                range_over,
                count,
                start,
                end,
            } => Stmt::Loop {
                head: moved_calls(head, shift),
                body: moved_body(body, shift, func),
                infinite: *infinite,
                plain: *plain,
                range_over: range_over.clone(),
                count: *count,
                start: b(start),
                end: b(end),
            },
            Stmt::Break => Stmt::Break,
            Stmt::Continue => Stmt::Continue,
            Stmt::Block(body) => Stmt::Block(moved_body(body, shift, func)),
            Stmt::Goto => Stmt::Goto,
        }
    }
}

impl FuncFact {
    pub(super) fn moved(&self, shift: &Shift, func: Renumber<'_>) -> FuncFact {
        let FuncFact {
            name,
            receiver,
            params,
            result,
            kind,
            parent,
            body,
            start,
            end,
            body_end,
            has_goto,
        } = self;
        FuncFact {
            name: name.clone(),
            receiver: receiver.clone(),
            params: params
                .iter()
                .map(|p| {
                    let Param {
                        name,
                        ty,
                        ty_range,
                        start,
                        end,
                    } = p;
                    Param {
                        name: name.clone(),
                        ty: ty.clone(),
                        ty_range: shift.range(*ty_range),
                        start: shift.byte(*start),
                        end: shift.byte(*end),
                    }
                })
                .collect(),
            result: result.clone(),
            kind: match kind {
                FuncKind::Goroutine { go_start, in_loop } => FuncKind::Goroutine {
                    go_start: shift.byte(*go_start),
                    in_loop: *in_loop,
                },
                other => other.clone(),
            },
            parent: func(*parent),
            body: moved_body(body, shift, func),
            start: shift.byte(*start),
            end: shift.byte(*end),
            body_end: shift.byte(*body_end),
            has_goto: *has_goto,
        }
    }
}

impl Binding {
    pub(super) fn moved(&self, shift: &Shift, func: Renumber<'_>) -> Binding {
        let Binding {
            names,
            call,
            start,
            end,
            func: f,
        } = self;
        Binding {
            names: names.clone(),
            call: call.moved(shift),
            start: shift.byte(*start),
            end: shift.byte(*end),
            func: func(*f),
        }
    }
}

pub(super) struct Cached {
    pub(super) source: String,
    pub(super) facts: Rc<FileFacts>,
    pub(super) pieces: Vec<Piece>,
}

/// What one top-level declaration contributed to [`FileFacts`] (ranges into its lists),
/// and what its scan read from outside it.
#[derive(Clone)]
pub(super) struct Piece {
    pub(super) kind_id: u16,
    pub(super) range: (usize, usize),
    pub(super) funcs: Range<usize>,
    pub(super) bindings: Range<usize>,
    pub(super) idents: Range<usize>,
    pub(super) map_writes: Range<usize>,
    pub(super) map_vars: Range<usize>,
    pub(super) slice_exprs: Range<usize>,
    pub(super) range_clauses: Range<usize>,
    pub(super) typed_vars: Range<usize>,
    /// Constants known when the scan began, and after it (a function's own `const`s join).
    pub(super) consts_before: BTreeMap<String, i128>,
    pub(super) consts_after: BTreeMap<String, i128>,
    /// Names bound to `time.Tick(...)` before the declaration.
    pub(super) ticks_before: Vec<String>,
}

/// The facts of `file`, rebuilt only where the text changed since the last call on this
/// thread.
pub fn facts(file: &ParsedFile<'_>) -> Rc<FileFacts> {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(hit) = c.as_ref().filter(|c| c.source == file.source) {
            return Rc::clone(&hit.facts);
        }
        let previous = c.take();
        let (facts, pieces) = Builder::build(file, previous.as_ref());
        let facts = Rc::new(facts);
        *c = Some(Cached {
            source: file.source.to_owned(),
            facts: Rc::clone(&facts),
            pieces,
        });
        facts
    })
}

/// Text of `node` without whitespace.
pub fn compact(file: &ParsedFile<'_>, node: Node<'_>) -> String {
    file.text(node).split_whitespace().collect()
}
