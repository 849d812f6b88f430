//! Owned facts about a Go file for the sync, context, timer, map and memory rules:
//! every function (declared, method or literal) with a small statement tree that keeps
//! only what control-flow questions need (calls, returns, branches, loops, defer, go),
//! plus identifier uses and map writes. Built once per source text and shared.
//!
//! `walk_paths` answers "what holds at each exit of this function?" over that tree; rules
//! give it a state, a join and a transfer function for calls.

use super::incremental::{self, Shift};
use super::ParsedFile;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroU16;
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;
use tree_sitter::Node;

/// Nesting deeper than this is not modelled (the rules stay quiet there).
const MAX_DEPTH: usize = 120;

/// A call such as `s.mu.Lock()`: `receiver` is `s.mu`, `method` is `Lock`.
#[derive(Clone, Debug)]
pub struct Call {
    /// The called expression without spaces, like `s.mu.Lock` or `cancel`.
    pub callee: String,
    pub receiver: String,
    pub method: String,
    /// Argument texts.
    pub args: Vec<String>,
    pub start: usize,
    pub end: usize,
    /// End of the statement holding the call (where a fix inserts a line after it).
    pub stmt_end: usize,
}

impl Call {
    pub fn is(&self, receiver: &str, method: &str) -> bool {
        self.receiver == receiver && self.method == method
    }
}

#[derive(Clone, Debug)]
pub enum Stmt {
    /// Any statement without its own control flow: the calls it makes, in order.
    Simple {
        calls: Vec<Call>,
        start: usize,
    },
    /// `defer ...`: the calls it will make at exit (those of a deferred literal included).
    Defer {
        calls: Vec<Call>,
        start: usize,
    },
    /// `go ...`: the literal's function index, or the called function for `go f(x)`.
    Go {
        literal: Option<usize>,
        call: Option<Call>,
        start: usize,
        end: usize,
    },
    Return {
        calls: Vec<Call>,
        start: usize,
    },
    /// `panic(...)`, `os.Exit`, `log.Fatal...`: the path ends without returning normally.
    Panic {
        start: usize,
    },
    If {
        head: Vec<Call>,
        then: Vec<Stmt>,
        otherwise: Option<Vec<Stmt>>,
    },
    /// switch, type switch or select.
    Branches {
        head: Vec<Call>,
        arms: Vec<Vec<Stmt>>,
        exhaustive: bool,
        /// The cases of a `select` (empty for switches).
        select_cases: Vec<SelectCase>,
        start: usize,
    },
    Loop {
        head: Vec<Call>,
        body: Vec<Stmt>,
        /// `for { }` with no condition or clause.
        infinite: bool,
        /// No clause at all: `for { }` or `for cond { }`.
        plain: bool,
        /// The `range` operand text, when it is a range loop.
        range_over: Option<String>,
        /// Iterations known statically: `for i := 0; i < 3; i++` or `for range 3`.
        count: Option<i128>,
        start: usize,
        end: usize,
    },
    Break,
    Continue,
    Block(Vec<Stmt>),
    /// `goto`: not modelled; functions containing it are skipped by flow rules.
    Goto,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FuncKind {
    Declared,
    /// A literal started by `go func() {...}()`; `in_loop` when that `go` is inside a loop.
    Goroutine {
        go_start: usize,
        in_loop: bool,
    },
    Deferred,
    Closure,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub ty: String,
    /// Byte range of the type node.
    pub ty_range: (usize, usize),
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug)]
pub struct FuncFact {
    /// Declared name; empty for literals.
    pub name: String,
    /// The receiver of a method: name and type without `*`.
    pub receiver: Option<(String, String)>,
    pub params: Vec<Param>,
    /// Result type text (empty when none).
    pub result: String,
    pub kind: FuncKind,
    /// The innermost enclosing function, for literals.
    pub parent: Option<usize>,
    pub body: Vec<Stmt>,
    pub start: usize,
    pub end: usize,
    pub body_end: usize,
    pub has_goto: bool,
}

impl FuncFact {
    pub fn contains(&self, byte: usize) -> bool {
        self.start <= byte && byte < self.end
    }
}

/// How an identifier occurrence is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UseKind {
    /// `x(...)`
    Called,
    /// `x.f` (the operand of a selector)
    Selected,
    /// Left side of `=`.
    Assigned,
    /// Left side of `:=` or a `var` name.
    Declared,
    /// `_ = x`: only silences "declared and not used".
    Discarded,
    Other,
}

#[derive(Clone, Debug)]
pub struct IdentUse {
    pub name: String,
    pub kind: UseKind,
    pub start: usize,
    /// Innermost function containing it, if any.
    pub func: Option<usize>,
}

/// `m[k] = v`, `m[k]++`, `m[k] op= v` or `delete(m, k)`.
#[derive(Clone, Debug)]
pub struct MapWrite {
    /// The map expression text, like `m` or `s.cache`.
    pub map: String,
    pub start: usize,
    pub end: usize,
    pub func: Option<usize>,
}

/// `a, b := f(x)`, `a = f(x)` or `var a = f(x)` with a call on the right.
#[derive(Clone, Debug)]
pub struct Binding {
    /// Left-hand texts (`_` included), like `ctx`, `cancel` or `s.t`.
    pub names: Vec<String>,
    /// The right-hand call (outermost).
    pub call: Call,
    pub start: usize,
    pub end: usize,
    pub func: Option<usize>,
}

/// One case of a `select`.
#[derive(Clone, Debug)]
pub struct SelectCase {
    /// The received operand (`time.After(d)`, `t.C`, `done`) of a receive case.
    pub receives: Option<String>,
    /// Where the received operand is.
    pub operand_start: usize,
    pub is_default: bool,
    pub calls: Vec<Call>,
}

/// Renumbers a function index of a reused piece.
type Renumber<'a> = &'a dyn Fn(Option<usize>) -> Option<usize>;

impl Call {
    fn moved(&self, shift: &Shift) -> Call {
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

fn moved_calls(calls: &[Call], shift: &Shift) -> Vec<Call> {
    calls.iter().map(|c| c.moved(shift)).collect()
}

fn moved_body(body: &[Stmt], shift: &Shift, func: Renumber<'_>) -> Vec<Stmt> {
    body.iter().map(|s| s.moved(shift, func)).collect()
}

impl Stmt {
    fn moved(&self, shift: &Shift, func: Renumber<'_>) -> Stmt {
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
    fn moved(&self, shift: &Shift, func: Renumber<'_>) -> FuncFact {
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
    fn moved(&self, shift: &Shift, func: Renumber<'_>) -> Binding {
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

#[derive(Debug, Default)]
pub struct FileFacts {
    pub funcs: Vec<FuncFact>,
    pub bindings: Vec<Binding>,
    pub idents: Vec<IdentUse>,
    pub map_writes: Vec<MapWrite>,
    /// Variables declared or assigned as maps (`make(map...)`, a map literal, `var m map[..]..`),
    /// with the function declaring them (None: package level).
    pub map_vars: Vec<(String, Option<usize>)>,
    /// Package-level `var` names with their type text (or `make(...)`/literal text).
    pub package_vars: BTreeMap<String, String>,
    /// Byte ranges of every `x[i:j]`.
    pub slice_exprs: Vec<(usize, usize)>,
    /// Byte ranges of every `range` clause.
    pub range_clauses: Vec<(usize, usize)>,
    /// `var` names with where the name is and the byte range of their declared type.
    pub typed_vars: Vec<(String, usize, (usize, usize))>,
    /// Integer constants declared anywhere in the file.
    pub consts: BTreeMap<String, i128>,
    /// Imported package paths.
    pub imports: Vec<String>,
}

impl FileFacts {
    /// The innermost function containing `byte`.
    pub fn func_at(&self, byte: usize) -> Option<usize> {
        self.funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.contains(byte))
            .min_by_key(|(_, f)| f.end - f.start)
            .map(|(i, _)| i)
    }

    /// True when function `inner` is `outer` or nested inside it.
    pub fn is_within(&self, inner: usize, outer: usize) -> bool {
        let mut at = Some(inner);
        while let Some(i) = at {
            if i == outer {
                return true;
            }
            at = self.funcs[i].parent;
        }
        false
    }

    /// Uses of `name` inside function `func` (nested literals included).
    pub fn uses_in<'a>(&'a self, func: usize, name: &'a str) -> impl Iterator<Item = &'a IdentUse> {
        self.idents
            .iter()
            .filter(move |u| u.name == name && u.func.is_some_and(|f| self.is_within(f, func)))
    }

    /// The declared function (not method) named `name`.
    pub fn declared(&self, name: &str) -> Option<usize> {
        self.funcs
            .iter()
            .position(|f| f.kind == FuncKind::Declared && f.receiver.is_none() && f.name == name)
    }

    /// The method `name` of receiver type `ty`.
    pub fn method(&self, ty: &str, name: &str) -> Option<usize> {
        self.funcs
            .iter()
            .position(|f| f.name == name && f.receiver.as_ref().is_some_and(|(_, t)| t == ty))
    }

    /// The outermost declared function around `func` (itself if declared).
    pub fn top_level(&self, func: usize) -> usize {
        let mut at = func;
        while let Some(p) = self.funcs[at].parent {
            at = p;
        }
        at
    }

    pub fn imports(&self, path: &str) -> bool {
        self.imports.iter().any(|i| i == path)
    }
}

thread_local! {
    /// The facts of the last source seen on this thread, with what each top-level
    /// declaration contributed: the next check (usually one keystroke later) rebuilds only
    /// the declarations the edit touched.
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

struct Cached {
    source: String,
    facts: Rc<FileFacts>,
    pieces: Vec<Piece>,
}

/// What one top-level declaration contributed to [`FileFacts`] (ranges into its lists),
/// and what its scan read from outside it.
#[derive(Clone)]
struct Piece {
    kind_id: u16,
    range: (usize, usize),
    funcs: Range<usize>,
    bindings: Range<usize>,
    idents: Range<usize>,
    map_writes: Range<usize>,
    map_vars: Range<usize>,
    slice_exprs: Range<usize>,
    range_clauses: Range<usize>,
    typed_vars: Range<usize>,
    /// Constants known when the scan began, and after it (a function's own `const`s join).
    consts_before: BTreeMap<String, i128>,
    consts_after: BTreeMap<String, i128>,
    /// Names bound to `time.Tick(...)` before the declaration.
    ticks_before: Vec<String>,
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

/// `child_by_field_name` with the field id looked up once: tree-sitter would otherwise
/// compare the name against every field name of the grammar on each call.
pub trait FieldExt<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> FieldExt<'t> for Node<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>> {
        static IDS: OnceLock<HashMap<String, NonZeroU16>> = OnceLock::new();
        let ids = IDS.get_or_init(|| {
            let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
            (1..=language.field_count() as u16)
                .filter_map(|id| {
                    let n = language.field_name_for_id(id)?;
                    Some((n.to_owned(), NonZeroU16::new(id)?))
                })
                .collect()
        });
        self.child_by_field_id(ids.get(name)?.get())
    }
}

fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

struct Builder<'f, 's> {
    file: &'f ParsedFile<'s>,
    out: FileFacts,
    /// Start of the `go` statements being scanned (innermost last).
    go_starts: Vec<usize>,
    /// Every call seen by the scan, in pre-order (so by start byte), with its innermost
    /// function: statements take theirs from here instead of walking expressions again.
    calls: Vec<(Option<usize>, Call)>,
}

/// What the parent of a node being scanned makes of it.
#[derive(Clone, Copy, Debug)]
enum Hint {
    None,
    Use(UseKind),
    /// The call of a `go`/`defer` statement.
    CallIn(FuncRole),
    /// The literal called by a `go`/`defer` statement.
    Literal(FuncRole),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FuncRole {
    Go,
    Defer,
}

impl<'f, 's> Builder<'f, 's> {
    fn build(file: &'f ParsedFile<'s>, previous: Option<&Cached>) -> (FileFacts, Vec<Piece>) {
        let mut b = Builder {
            file,
            out: FileFacts::default(),
            go_starts: Vec::new(),
            calls: Vec::new(),
        };
        let root = file.tree.root_node();
        let top = named_children(root);
        for &child in &top {
            match child.kind() {
                "import_declaration" => b.imports(child),
                "var_declaration" => b.package_var(child),
                _ => {}
            }
        }
        for &child in &top {
            if child.kind() == "const_declaration" {
                b.consts(child, 0);
            }
        }
        // Old pieces the edit left alone, by where they are now.
        let reusable = previous.map_or_else(HashMap::new, |old| {
            incremental::reusable(&old.source, file.source, &old.pieces, |p| p.range)
        });
        let mut pieces = Vec::with_capacity(top.len());
        let mut ticks: Vec<String> = Vec::new();
        for child in top {
            let range = (child.start_byte(), child.end_byte());
            let o = &b.out;
            let marks = [
                o.funcs.len(),
                o.bindings.len(),
                o.idents.len(),
                o.map_writes.len(),
                o.map_vars.len(),
                o.slice_exprs.len(),
                o.range_clauses.len(),
                o.typed_vars.len(),
            ];
            let old = previous.and_then(|prev| {
                let (piece, shift) = reusable.get(&range).filter(|(piece, _)| {
                    piece.kind_id == child.kind_id()
                        && !child.has_error()
                        && piece.ticks_before == ticks
                        && piece.consts_before == b.out.consts
                })?;
                Some((*piece, &prev.facts, shift))
            });
            let consts_before = match old {
                Some((piece, _, _)) => piece.consts_before.clone(),
                None => b.out.consts.clone(),
            };
            match old {
                Some((piece, facts, shift)) => {
                    b.out.consts = piece.consts_after.clone();
                    b.reuse(piece, facts, shift);
                }
                None => b.scan(child, None, 1, false, Hint::None),
            }
            let o = &b.out;
            let piece = Piece {
                kind_id: child.kind_id(),
                range,
                funcs: marks[0]..o.funcs.len(),
                bindings: marks[1]..o.bindings.len(),
                idents: marks[2]..o.idents.len(),
                map_writes: marks[3]..o.map_writes.len(),
                map_vars: marks[4]..o.map_vars.len(),
                slice_exprs: marks[5]..o.slice_exprs.len(),
                range_clauses: marks[6]..o.range_clauses.len(),
                typed_vars: marks[7]..o.typed_vars.len(),
                consts_before,
                consts_after: o.consts.clone(),
                ticks_before: ticks.clone(),
            };
            ticks.extend(
                o.bindings[piece.bindings.clone()]
                    .iter()
                    .filter(|b| b.call.callee == "time.Tick")
                    .filter_map(|b| b.names.first().cloned()),
            );
            pieces.push(piece);
        }
        (b.out, pieces)
    }

    /// Appends an old piece's facts, moved by `shift` and renumbered to follow the
    /// functions already in `self.out`.
    fn reuse(&mut self, piece: &Piece, old: &FileFacts, shift: &Shift) {
        let base = self.out.funcs.len();
        let func = |f: Option<usize>| f.map(|i| i - piece.funcs.start + base);
        let out = &mut self.out;
        out.funcs.extend(
            old.funcs[piece.funcs.clone()]
                .iter()
                .map(|f| f.moved(shift, &func)),
        );
        out.bindings.extend(
            old.bindings[piece.bindings.clone()]
                .iter()
                .map(|b| b.moved(shift, &func)),
        );
        out.idents
            .extend(old.idents[piece.idents.clone()].iter().map(|u| {
                let IdentUse {
                    name,
                    kind,
                    start,
                    func: f,
                } = u;
                IdentUse {
                    name: name.clone(),
                    kind: *kind,
                    start: shift.byte(*start),
                    func: func(*f),
                }
            }));
        out.map_writes
            .extend(old.map_writes[piece.map_writes.clone()].iter().map(|w| {
                let MapWrite {
                    map,
                    start,
                    end,
                    func: f,
                } = w;
                MapWrite {
                    map: map.clone(),
                    start: shift.byte(*start),
                    end: shift.byte(*end),
                    func: func(*f),
                }
            }));
        out.map_vars.extend(
            old.map_vars[piece.map_vars.clone()]
                .iter()
                .map(|(name, f)| (name.clone(), func(*f))),
        );
        out.slice_exprs.extend(
            old.slice_exprs[piece.slice_exprs.clone()]
                .iter()
                .map(|&r| shift.range(r)),
        );
        out.range_clauses.extend(
            old.range_clauses[piece.range_clauses.clone()]
                .iter()
                .map(|&r| shift.range(r)),
        );
        out.typed_vars.extend(
            old.typed_vars[piece.typed_vars.clone()]
                .iter()
                .map(|(name, at, ty)| (name.clone(), shift.byte(*at), shift.range(*ty))),
        );
    }

    fn imports(&mut self, node: Node<'_>) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == "import_spec" {
                if let Some(p) = n.field("path") {
                    let path = self.file.text(p).trim_matches(|c| c == '"' || c == '`');
                    self.out.imports.push(path.to_owned());
                }
            } else {
                stack.extend(named_children(n));
            }
        }
    }

    fn package_var(&mut self, node: Node<'_>) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == "var_spec" {
                let ty = n
                    .field("type")
                    .or_else(|| n.field("value"))
                    .map(|t| compact(self.file, t))
                    .unwrap_or_default();
                let mut cursor = n.walk();
                for name in n.children_by_field_name("name", &mut cursor) {
                    self.out
                        .package_vars
                        .insert(self.file.text(name).to_owned(), ty.clone());
                }
            } else {
                stack.extend(named_children(n));
            }
        }
    }

    fn consts(&mut self, node: Node<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if node.kind() == "const_spec" {
            let mut cursor = node.walk();
            let names: Vec<Node<'_>> = node.children_by_field_name("name", &mut cursor).collect();
            if let Some(values) = node.field("value") {
                for (name, value) in names.iter().zip(named_children(values)) {
                    if let Some(v) = const_value(self.file, value, &self.out.consts) {
                        self.out.consts.insert(self.file.text(*name).to_owned(), v);
                    }
                }
            }
            return;
        }
        for c in named_children(node) {
            self.consts(c, depth + 1);
        }
    }

    /// Walks everything, registering functions, identifier uses and map writes.
    fn scan(
        &mut self,
        node: Node<'_>,
        func: Option<usize>,
        depth: usize,
        in_loop: bool,
        hint: Hint,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match node.kind() {
            "function_declaration" | "method_declaration" | "func_literal" => {
                let index = self.register_func(node, func, in_loop, hint);
                self.scan_children(node, Some(index), depth, false);
                if let Some(body) = node.field("body") {
                    let mut has_goto = false;
                    let stmts = self.block(index, body, 0, &mut has_goto);
                    let f = &mut self.out.funcs[index];
                    f.body = stmts;
                    f.has_goto = has_goto;
                }
                return;
            }
            "const_declaration" if func.is_some() => self.consts(node, depth),
            "slice_expression" => self
                .out
                .slice_exprs
                .push((node.start_byte(), node.end_byte())),
            "range_clause" => self
                .out
                .range_clauses
                .push((node.start_byte(), node.end_byte())),
            "identifier" => {
                let kind = match hint {
                    Hint::Use(k) => k,
                    _ => UseKind::Other,
                };
                self.out.idents.push(IdentUse {
                    name: self.file.text(node).to_owned(),
                    kind,
                    start: node.start_byte(),
                    func,
                });
            }
            "assignment_statement" | "short_var_declaration" => {
                if let Some(left) = node.field("left") {
                    for target in named_children(left) {
                        self.map_write(target, node, func);
                    }
                    let names: Vec<String> = named_children(left)
                        .into_iter()
                        .map(|n| compact(self.file, n))
                        .collect();
                    if node.kind() == "short_var_declaration" {
                        if let Some(right) = node.field("right") {
                            for (name, value) in names.iter().zip(named_children(right)) {
                                if is_map_value(self.file, value) {
                                    self.out.map_vars.push((name.clone(), func));
                                }
                            }
                        }
                    }
                    self.binding(names, node.field("right"), node, func);
                }
            }
            "var_spec" => {
                let mut cursor = node.walk();
                let names: Vec<String> = node
                    .children_by_field_name("name", &mut cursor)
                    .map(|n| compact(self.file, n))
                    .collect();
                let ty = node.field("type");
                let typed_map = ty.is_some_and(|t| t.kind() == "map_type");
                if let Some(t) = ty {
                    let mut cursor = node.walk();
                    for n in node.children_by_field_name("name", &mut cursor) {
                        self.out.typed_vars.push((
                            self.file.text(n).to_owned(),
                            n.start_byte(),
                            (t.start_byte(), t.end_byte()),
                        ));
                    }
                }
                let values: Vec<Node<'_>> =
                    node.field("value").map(named_children).unwrap_or_default();
                for (i, name) in names.iter().enumerate() {
                    if typed_map || values.get(i).is_some_and(|v| is_map_value(self.file, *v)) {
                        self.out.map_vars.push((name.clone(), func));
                    }
                }
                self.binding(names, node.field("value"), node, func);
            }
            "inc_statement" | "dec_statement" => {
                if let Some(target) = node.named_child(0) {
                    self.map_write(target, node, func);
                }
            }
            "call_expression" => {
                self.calls
                    .extend(call_fact(self.file, node, 0).map(|c| (func, c)));
                let callee = node.field("function");
                if callee.is_some_and(|c| self.file.text(c) == "delete") {
                    if let Some(m) = node.field("arguments").and_then(|a| a.named_child(0)) {
                        self.out.map_writes.push(MapWrite {
                            map: compact(self.file, m),
                            start: node.start_byte(),
                            end: node.end_byte(),
                            func,
                        });
                    }
                }
            }
            _ => {}
        }
        let loop_here = in_loop || node.kind() == "for_statement";
        self.scan_children(node, func, depth, loop_here);
    }

    /// Scans the named children of `node`, telling each how its parent uses it (so no
    /// child has to look up its parent, which tree-sitter does slowly from the root).
    fn scan_children(&mut self, node: Node<'_>, func: Option<usize>, depth: usize, in_loop: bool) {
        // Leaves and literals hold nothing the rules need: skip the cursor entirely.
        if node.named_child_count() == 0 {
            return;
        }
        let kind = node.kind();
        if matches!(
            kind,
            "interpreted_string_literal"
                | "raw_string_literal"
                | "import_declaration"
                | "package_clause"
                | "comment"
        ) {
            return;
        }
        let discard_right = kind == "assignment_statement"
            && node
                .field("left")
                .is_some_and(|l| self.file.text(l).trim() == "_");
        let mut cursor = node.walk();
        if !cursor.goto_first_child() {
            return;
        }
        let mut children = Vec::new();
        loop {
            let child = cursor.node();
            if child.is_named() {
                let field = cursor.field_name();
                let hint = match (kind, field) {
                    ("call_expression", Some("function")) => Hint::Use(UseKind::Called),
                    ("selector_expression", Some("operand")) => Hint::Use(UseKind::Selected),
                    ("short_var_declaration", Some("left")) => Hint::Use(UseKind::Declared),
                    ("assignment_statement", Some("left")) => Hint::Use(UseKind::Assigned),
                    ("assignment_statement", Some("right")) if discard_right => {
                        Hint::Use(UseKind::Discarded)
                    }
                    ("var_spec", Some("name")) => Hint::Use(UseKind::Declared),
                    ("go_statement", _) => Hint::CallIn(FuncRole::Go),
                    ("defer_statement", _) => Hint::CallIn(FuncRole::Defer),
                    _ => Hint::None,
                };
                children.push((child, hint));
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        let is_go = kind == "go_statement";
        if is_go {
            self.go_starts.push(node.start_byte());
        }
        for (child, hint) in children {
            // `go f(...)`/`defer f(...)`: the called literal learns its role; a list passes
            // its parent's use on to its items.
            let hint = match (hint, child.kind()) {
                (Hint::CallIn(role), "call_expression") => Hint::CallIn(role),
                (Hint::CallIn(_), _) => Hint::None,
                (h, _) => h,
            };
            if let Hint::CallIn(role) = hint {
                // Scan the call: its function child is the literal with that role.
                self.scan_call_in(child, func, depth + 1, in_loop, role);
            } else if child.kind() == "expression_list" {
                self.scan_list(child, func, depth + 1, in_loop, hint);
            } else {
                self.scan(child, func, depth + 1, in_loop, hint);
            }
        }
        if is_go {
            self.go_starts.pop();
        }
    }

    fn scan_list(
        &mut self,
        list: Node<'_>,
        func: Option<usize>,
        depth: usize,
        in_loop: bool,
        hint: Hint,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for item in named_children(list) {
            self.scan(item, func, depth + 1, in_loop, hint);
        }
    }

    fn scan_call_in(
        &mut self,
        call: Node<'_>,
        func: Option<usize>,
        depth: usize,
        in_loop: bool,
        role: FuncRole,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        self.calls
            .extend(call_fact(self.file, call, 0).map(|c| (func, c)));
        let mut cursor = call.walk();
        let mut children = Vec::new();
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                if child.is_named() {
                    let is_function = cursor.field_name() == Some("function");
                    children.push((child, is_function));
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        for (child, is_function) in children {
            let hint = match (is_function, child.kind()) {
                (true, "func_literal") => Hint::Literal(role),
                (true, _) => Hint::Use(UseKind::Called),
                _ => Hint::None,
            };
            self.scan(child, func, depth + 1, in_loop, hint);
        }
    }

    fn binding(
        &mut self,
        names: Vec<String>,
        right: Option<Node<'_>>,
        stmt: Node<'_>,
        func: Option<usize>,
    ) {
        let Some(value) = right.and_then(|r| r.named_child(0)) else {
            return;
        };
        if value.kind() != "call_expression" {
            return;
        }
        if let Some(call) = call_fact(self.file, value, stmt.end_byte()) {
            self.out.bindings.push(Binding {
                names,
                call,
                start: stmt.start_byte(),
                end: stmt.end_byte(),
                func,
            });
        }
    }

    fn map_write(&mut self, target: Node<'_>, stmt: Node<'_>, func: Option<usize>) {
        if target.kind() != "index_expression" {
            return;
        }
        if let Some(operand) = target.field("operand") {
            self.out.map_writes.push(MapWrite {
                map: compact(self.file, operand),
                start: stmt.start_byte(),
                end: stmt.end_byte(),
                func,
            });
        }
    }

    fn register_func(
        &mut self,
        node: Node<'_>,
        parent: Option<usize>,
        in_loop: bool,
        hint: Hint,
    ) -> usize {
        let file = self.file;
        let name = node
            .field("name")
            .map(|n| file.text(n).to_owned())
            .unwrap_or_default();
        let receiver = node.field("receiver").and_then(|r| {
            let decl = named_children(r)
                .into_iter()
                .find(|c| c.kind() == "parameter_declaration")?;
            let rname = decl
                .field("name")
                .map(|n| file.text(n).to_owned())
                .unwrap_or_default();
            let ty = decl.field("type").map(|t| compact(file, t))?;
            let ty = ty.trim_start_matches('*');
            let ty = ty.split('[').next().unwrap_or(ty).to_owned();
            Some((rname, ty))
        });
        let mut params = Vec::new();
        if let Some(list) = node.field("parameters") {
            for decl in named_children(list) {
                let ty_node = decl.field("type");
                let ty = ty_node.map(|t| compact(file, t)).unwrap_or_default();
                let ty_range = ty_node.map_or((0, 0), |t| (t.start_byte(), t.end_byte()));
                let mut cursor = decl.walk();
                for n in decl.children_by_field_name("name", &mut cursor) {
                    params.push(Param {
                        name: file.text(n).to_owned(),
                        ty: ty.clone(),
                        ty_range,
                        start: decl.start_byte(),
                        end: decl.end_byte(),
                    });
                }
            }
        }
        let result = node
            .field("result")
            .map(|r| compact(file, r))
            .unwrap_or_default();
        let kind = match (node.kind(), hint) {
            ("func_literal", Hint::Literal(FuncRole::Go)) => FuncKind::Goroutine {
                go_start: self.go_starts.last().copied().unwrap_or(node.start_byte()),
                in_loop,
            },
            ("func_literal", Hint::Literal(FuncRole::Defer)) => FuncKind::Deferred,
            ("func_literal", _) => FuncKind::Closure,
            _ => FuncKind::Declared,
        };
        let body_end = node.field("body").map_or(node.end_byte(), |b| b.end_byte());
        self.out.funcs.push(FuncFact {
            name,
            receiver,
            params,
            result,
            kind,
            parent,
            body: Vec::new(),
            start: node.start_byte(),
            end: node.end_byte(),
            body_end,
            has_goto: false,
        });
        self.out.funcs.len() - 1
    }

    /// The function index registered for the literal starting at `start`.
    fn literal_at(&self, start: usize) -> Option<usize> {
        self.out.funcs.iter().position(|f| f.start == start)
    }

    /// The recorded calls inside `start..end` in evaluation order (inner calls first), of
    /// function `func` only (None: nested literals included), tagged with `stmt_end`.
    fn calls_in(
        &self,
        start: usize,
        end: usize,
        func: Option<usize>,
        stmt_end: usize,
    ) -> Vec<Call> {
        let first = self.calls.partition_point(|(_, c)| c.start < start);
        let mut out: Vec<Call> = self.calls[first..]
            .iter()
            .take_while(|(_, c)| c.start < end)
            .filter(|(f, c)| c.end <= end && (func.is_none() || *f == func))
            .map(|(_, c)| Call {
                stmt_end,
                ..c.clone()
            })
            .collect();
        out.sort_by_key(|c| (c.end, std::cmp::Reverse(c.start)));
        out
    }

    fn block(&self, func: usize, node: Node<'_>, depth: usize, goto: &mut bool) -> Vec<Stmt> {
        let mut out = Vec::new();
        for c in named_children(node) {
            if c.kind() == "statement_list" {
                for s in named_children(c) {
                    out.extend(self.stmt(func, s, depth + 1, goto));
                }
            } else {
                out.extend(self.stmt(func, c, depth + 1, goto));
            }
        }
        out
    }

    fn stmt(&self, func: usize, node: Node<'_>, depth: usize, goto: &mut bool) -> Option<Stmt> {
        if depth > MAX_DEPTH {
            *goto = true;
            return None;
        }
        let file = self.file;
        let calls = |n: Option<Node<'_>>| match n {
            Some(n) => self.calls_in(n.start_byte(), n.end_byte(), Some(func), node.end_byte()),
            None => Vec::new(),
        };
        let s = match node.kind() {
            "block" => Stmt::Block(self.block(func, node, depth, goto)),
            "labeled_statement" => {
                let inner = named_children(node)
                    .into_iter()
                    .find(|c| c.kind() != "label_name")?;
                return self.stmt(func, inner, depth + 1, goto);
            }
            "return_statement" => Stmt::Return {
                calls: calls(Some(node)),
                start: node.start_byte(),
            },
            "break_statement" => Stmt::Break,
            "continue_statement" => Stmt::Continue,
            "goto_statement" => {
                *goto = true;
                Stmt::Goto
            }
            "defer_statement" => Stmt::Defer {
                calls: self.calls_in(node.start_byte(), node.end_byte(), None, node.end_byte()),
                start: node.start_byte(),
            },
            "go_statement" => {
                let call = node
                    .named_child(0)
                    .filter(|c| c.kind() == "call_expression");
                let literal = call
                    .and_then(|c| c.field("function"))
                    .filter(|f| f.kind() == "func_literal")
                    .and_then(|f| self.literal_at(f.start_byte()));
                let call = match (literal, call) {
                    (None, Some(c)) => call_fact(file, c, node.end_byte()),
                    _ => None,
                };
                Stmt::Go {
                    literal,
                    call,
                    start: node.start_byte(),
                    end: node.end_byte(),
                }
            }
            "if_statement" => {
                let mut head = calls(node.field("initializer"));
                head.extend(calls(node.field("condition")));
                let then = node
                    .field("consequence")
                    .map(|b| self.block(func, b, depth, goto))
                    .unwrap_or_default();
                let otherwise = node.field("alternative").map(|alt| {
                    if alt.kind() == "block" {
                        self.block(func, alt, depth, goto)
                    } else {
                        self.stmt(func, alt, depth + 1, goto).into_iter().collect()
                    }
                });
                Stmt::If {
                    head,
                    then,
                    otherwise,
                }
            }
            "expression_switch_statement" | "type_switch_statement" | "select_statement" => {
                let mut head = calls(node.field("initializer"));
                head.extend(calls(node.field("value")));
                let mut arms = Vec::new();
                let mut select_cases = Vec::new();
                let mut has_default = false;
                for case in named_children(node) {
                    if !matches!(
                        case.kind(),
                        "expression_case" | "type_case" | "communication_case" | "default_case"
                    ) {
                        continue;
                    }
                    has_default |= case.kind() == "default_case";
                    let mut arm = Vec::new();
                    let comm = case.field("communication");
                    if let Some(comm) = comm {
                        arm.push(Stmt::Simple {
                            calls: calls(Some(comm)),
                            start: comm.start_byte(),
                        });
                    }
                    if node.kind() == "select_statement" {
                        let operand = comm.and_then(received_operand);
                        select_cases.push(SelectCase {
                            receives: operand.map(|o| compact(file, o)),
                            operand_start: operand.map_or(case.start_byte(), |o| o.start_byte()),
                            is_default: case.kind() == "default_case",
                            calls: calls(comm),
                        });
                    }
                    for c in named_children(case) {
                        if c.kind() == "statement_list" {
                            for s in named_children(c) {
                                arm.extend(self.stmt(func, s, depth + 1, goto));
                            }
                        }
                    }
                    arms.push(arm);
                }
                let is_select = node.kind() == "select_statement";
                Stmt::Branches {
                    head,
                    arms,
                    exhaustive: has_default || is_select,
                    select_cases,
                    start: node.start_byte(),
                }
            }
            "for_statement" => {
                let mut head = Vec::new();
                let mut infinite = true;
                let mut plain = true;
                let mut range_over = None;
                let mut count = None;
                for c in named_children(node) {
                    match c.kind() {
                        "block" => {}
                        "range_clause" => {
                            plain = false;
                            let right = c.field("right");
                            range_over = right.map(|r| compact(file, r));
                            // A `time.Tick` channel is never closed: ranging over it never ends.
                            infinite = range_over.as_deref().is_some_and(|r| {
                                r.starts_with("time.Tick(")
                                    || self.out.bindings.iter().any(|b| {
                                        b.call.callee == "time.Tick"
                                            && b.start < c.start_byte()
                                            && b.names.first().map(String::as_str) == Some(r)
                                    })
                            });
                            count = right.and_then(|r| const_value(file, r, &self.out.consts));
                            head.extend(calls(Some(c)));
                        }
                        "for_clause" => {
                            plain = false;
                            infinite &= c.field("condition").is_none();
                            count = counted_loop(file, c, &self.out.consts);
                            head.extend(calls(Some(c)));
                        }
                        _ => {
                            infinite = false;
                            head.extend(calls(Some(c)));
                        }
                    }
                }
                let body = node
                    .field("body")
                    .map(|b| self.block(func, b, depth, goto))
                    .unwrap_or_default();
                Stmt::Loop {
                    head,
                    body,
                    infinite,
                    plain,
                    range_over,
                    count,
                    start: node.start_byte(),
                    end: node.end_byte(),
                }
            }
            "expression_statement" => {
                let calls = calls(Some(node));
                let ends = node.named_child(0).is_some_and(|c| {
                    c.kind() == "call_expression"
                        && c.field("function")
                            .is_some_and(|f| is_terminating(&compact(file, f)))
                });
                if ends {
                    Stmt::Panic {
                        start: node.start_byte(),
                    }
                } else {
                    Stmt::Simple {
                        calls,
                        start: node.start_byte(),
                    }
                }
            }
            "comment" | "empty_statement" => return None,
            _ => Stmt::Simple {
                calls: calls(Some(node)),
                start: node.start_byte(),
            },
        };
        Some(s)
    }
}

/// `make(map[K]V...)` or `map[K]V{...}`.
fn is_map_value(file: &ParsedFile<'_>, value: Node<'_>) -> bool {
    match value.kind() {
        "composite_literal" => value.field("type").is_some_and(|t| t.kind() == "map_type"),
        "call_expression" => {
            value
                .field("function")
                .is_some_and(|f| file.text(f) == "make")
                && value
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .is_some_and(|t| t.kind() == "map_type")
        }
        _ => false,
    }
}

/// The operand of `<-x` in a receive statement (`v := <-x`, `<-x`).
fn received_operand(comm: Node<'_>) -> Option<Node<'_>> {
    if comm.kind() != "receive_statement" {
        return None;
    }
    let expr = comm.field("right")?;
    if expr.kind() == "unary_expression" {
        expr.field("operand")
    } else {
        None
    }
}

/// `for i := 0; i < N; i++` with a constant N: N iterations.
fn counted_loop(
    file: &ParsedFile<'_>,
    clause: Node<'_>,
    consts: &BTreeMap<String, i128>,
) -> Option<i128> {
    let init = clause.field("initializer")?;
    let cond = clause.field("condition")?;
    let update = clause.field("update")?;
    let var = init.field("left")?.named_child(0)?;
    let var = file.text(var);
    let start = const_value(file, init.field("right")?.named_child(0)?, consts)?;
    if cond.kind() != "binary_expression"
        || file.text(cond.field("left")?) != var
        || compact(file, update) != format!("{var}++")
    {
        return None;
    }
    let bound = const_value(file, cond.field("right")?, consts)?;
    match file.text(cond.field("operator")?) {
        "<" => Some((bound - start).max(0)),
        "<=" => Some((bound - start + 1).max(0)),
        _ => None,
    }
}

fn is_terminating(callee: &str) -> bool {
    matches!(callee, "panic" | "os.Exit" | "runtime.Goexit")
        || callee.starts_with("log.Fatal")
        || callee.starts_with("log.Panic")
}

fn call_fact(file: &ParsedFile<'_>, call: Node<'_>, stmt_end: usize) -> Option<Call> {
    let function = call.field("function")?;
    let callee = compact(file, function);
    let (receiver, method) = match callee.rsplit_once('.') {
        Some((r, m)) => (r.to_owned(), m.to_owned()),
        None => (String::new(), callee.clone()),
    };
    let args = call
        .field("arguments")
        .map(|a| {
            named_children(a)
                .into_iter()
                .map(|x| compact(file, x))
                .collect()
        })
        .unwrap_or_default();
    Some(Call {
        callee,
        receiver,
        method,
        args,
        start: call.start_byte(),
        end: call.end_byte(),
        stmt_end,
    })
}

/// Value of a constant integer expression (literals, known consts, + - * / << >> and parens).
pub fn const_value(
    file: &ParsedFile<'_>,
    node: Node<'_>,
    consts: &BTreeMap<String, i128>,
) -> Option<i128> {
    match node.kind() {
        "int_literal" => {
            let t: String = file.text(node).chars().filter(|&c| c != '_').collect();
            let lower = t.to_ascii_lowercase();
            if let Some(h) = lower.strip_prefix("0x") {
                i128::from_str_radix(h, 16).ok()
            } else if let Some(b) = lower.strip_prefix("0b") {
                i128::from_str_radix(b, 2).ok()
            } else if let Some(o) = lower.strip_prefix("0o") {
                i128::from_str_radix(o, 8).ok()
            } else if lower.len() > 1 && lower.starts_with('0') {
                i128::from_str_radix(&lower[1..], 8).ok()
            } else {
                lower.parse().ok()
            }
        }
        "identifier" => consts.get(file.text(node)).copied(),
        "parenthesized_expression" => const_value(file, node.named_child(0)?, consts),
        "binary_expression" => {
            let a = const_value(file, node.field("left")?, consts)?;
            let b = const_value(file, node.field("right")?, consts)?;
            let op = node.field("operator")?;
            match file.text(op) {
                "+" => a.checked_add(b),
                "-" => a.checked_sub(b),
                "*" => a.checked_mul(b),
                "/" if b != 0 => Some(a / b),
                "<<" if (0..64).contains(&b) => a.checked_mul(1i128 << b),
                ">>" if (0..64).contains(&b) => Some(a >> b),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Where a path through a function ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Return {
        start: usize,
    },
    /// Falling off the end of the body (`at` is the closing brace).
    EndOfBody {
        at: usize,
    },
    Panic {
        start: usize,
    },
}

/// A forward walk over every path of a function body. `S` is the rule's state; paths meet
/// through `join`; `on_call` updates the state at each call; `on_exit` sees each exit.
pub struct PathWalk<'a, S> {
    pub join: fn(&S, &S) -> S,
    pub on_call: &'a mut dyn FnMut(&mut S, &Call),
    pub on_exit: &'a mut dyn FnMut(&S, Exit),
    /// When set, a `defer` counts as its calls at the point it is registered: right for
    /// "is this released by the time the function exits?", wrong for "is it held now?".
    pub defers_as_calls: bool,
    frames: Vec<Frame<S>>,
}

struct Frame<S> {
    is_loop: bool,
    breaks: Option<S>,
    continues: Option<S>,
}

impl<'a, S: Clone + PartialEq> PathWalk<'a, S> {
    pub fn new(
        join: fn(&S, &S) -> S,
        on_call: &'a mut dyn FnMut(&mut S, &Call),
        on_exit: &'a mut dyn FnMut(&S, Exit),
    ) -> Self {
        PathWalk {
            join,
            on_call,
            on_exit,
            defers_as_calls: false,
            frames: Vec::new(),
        }
    }

    /// See `defers_as_calls`.
    pub fn with_defers_as_calls(mut self) -> Self {
        self.defers_as_calls = true;
        self
    }

    /// Walks the body of `func` from `init`, reporting its end as an exit too.
    pub fn run(&mut self, func: &FuncFact, init: S) {
        if let Some(end) = self.list(&func.body, Some(init)) {
            (self.on_exit)(
                &end,
                Exit::EndOfBody {
                    at: func.body_end.saturating_sub(1),
                },
            );
        }
    }

    fn merge(&self, a: Option<S>, b: Option<S>) -> Option<S> {
        match (a, b) {
            (Some(a), Some(b)) => Some((self.join)(&a, &b)),
            (a, None) => a,
            (None, b) => b,
        }
    }

    fn calls(&mut self, state: &mut S, calls: &[Call]) {
        for c in calls {
            (self.on_call)(state, c);
        }
    }

    fn list(&mut self, stmts: &[Stmt], mut state: Option<S>) -> Option<S> {
        for s in stmts {
            state = Some(self.stmt(s, state?)?);
        }
        state
    }

    fn stmt(&mut self, stmt: &Stmt, mut st: S) -> Option<S> {
        match stmt {
            Stmt::Simple { calls, .. } => {
                self.calls(&mut st, calls);
                Some(st)
            }
            Stmt::Defer { calls, .. } if self.defers_as_calls => {
                self.calls(&mut st, calls);
                Some(st)
            }
            Stmt::Defer { .. } | Stmt::Go { .. } | Stmt::Goto => Some(st),
            Stmt::Return { calls, start } => {
                self.calls(&mut st, calls);
                (self.on_exit)(&st, Exit::Return { start: *start });
                None
            }
            Stmt::Panic { start } => {
                (self.on_exit)(&st, Exit::Panic { start: *start });
                None
            }
            Stmt::Block(b) => self.list(b, Some(st)),
            Stmt::If {
                head,
                then,
                otherwise,
            } => {
                self.calls(&mut st, head);
                let a = self.list(then, Some(st.clone()));
                let b = match otherwise {
                    Some(o) => self.list(o, Some(st)),
                    None => Some(st),
                };
                self.merge(a, b)
            }
            Stmt::Branches {
                head,
                arms,
                exhaustive,
                ..
            } => {
                self.calls(&mut st, head);
                self.frames.push(Frame {
                    is_loop: false,
                    breaks: None,
                    continues: None,
                });
                let mut out = if *exhaustive { None } else { Some(st.clone()) };
                for arm in arms {
                    let end = self.list(arm, Some(st.clone()));
                    out = self.merge(out, end);
                }
                let frame = self.frames.pop()?;
                self.merge(out, frame.breaks)
            }
            Stmt::Loop {
                head,
                body,
                infinite,
                ..
            } => {
                self.calls(&mut st, head);
                self.frames.push(Frame {
                    is_loop: true,
                    breaks: None,
                    continues: None,
                });
                let mut entry = st.clone();
                for _ in 0..4 {
                    let end = self.list(body, Some(entry.clone()));
                    let frame = self.frames.last_mut()?;
                    let cont = frame.continues.take();
                    let back = self.merge(end, cont);
                    let next = self.merge(Some(st.clone()), back)?;
                    if next == entry {
                        break;
                    }
                    entry = next;
                }
                let frame = self.frames.pop()?;
                if *infinite {
                    frame.breaks
                } else {
                    self.merge(frame.breaks, Some(entry))
                }
            }
            Stmt::Break => {
                if let Some(i) = self.frames.len().checked_sub(1) {
                    let prev = self.frames[i].breaks.take();
                    self.frames[i].breaks = self.merge(prev, Some(st));
                }
                None
            }
            Stmt::Continue => {
                if let Some(i) = self.frames.iter().rposition(|f| f.is_loop) {
                    let prev = self.frames[i].continues.take();
                    self.frames[i].continues = self.merge(prev, Some(st));
                }
                None
            }
        }
    }
}

/// Every statement of `body`, nested ones included (not entering function literals).
pub fn each_stmt<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a Stmt, usize)) {
    fn go<'a>(body: &'a [Stmt], loops: usize, visit: &mut dyn FnMut(&'a Stmt, usize)) {
        for s in body {
            visit(s, loops);
            match s {
                Stmt::If {
                    then, otherwise, ..
                } => {
                    go(then, loops, visit);
                    if let Some(o) = otherwise {
                        go(o, loops, visit);
                    }
                }
                Stmt::Branches { arms, .. } => {
                    for a in arms {
                        go(a, loops, visit);
                    }
                }
                Stmt::Loop { body, .. } => go(body, loops + 1, visit),
                Stmt::Block(b) => go(b, loops, visit),
                _ => {}
            }
        }
    }
    go(body, 0, visit)
}

/// Every statement list of `body` (the body itself, branches, loop bodies), not entering
/// function literals.
pub fn each_list<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a [Stmt])) {
    visit(body);
    for s in body {
        match s {
            Stmt::If {
                then, otherwise, ..
            } => {
                each_list(then, visit);
                if let Some(o) = otherwise {
                    each_list(o, visit);
                }
            }
            Stmt::Branches { arms, .. } => {
                for a in arms {
                    each_list(a, visit);
                }
            }
            Stmt::Loop { body, .. } => each_list(body, visit),
            Stmt::Block(b) => each_list(b, visit),
            _ => {}
        }
    }
}

/// True when `stmt` can leave the enclosing list early: return, break, continue or panic
/// somewhere inside it (not counting loops nested in it).
pub fn may_leave(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Return { .. } | Stmt::Break | Stmt::Continue | Stmt::Panic { .. } | Stmt::Goto => {
            true
        }
        Stmt::If {
            then, otherwise, ..
        } => then.iter().any(may_leave) || otherwise.iter().flatten().any(may_leave),
        Stmt::Branches { arms, .. } => arms
            .iter()
            .flatten()
            .any(|s| !matches!(s, Stmt::Break) && may_leave(s)),
        Stmt::Block(b) => b.iter().any(may_leave),
        Stmt::Loop { body, .. } => body
            .iter()
            .any(|s| matches!(s, Stmt::Return { .. } | Stmt::Panic { .. })),
        _ => false,
    }
}

/// True when nothing in the loop `body` leaves the loop: no return or panic anywhere in
/// it, and no `break` aimed at it (a `break` inside a select or switch only leaves that).
pub fn loop_never_exits(body: &[Stmt]) -> bool {
    fn breaks_out(stmts: &[Stmt]) -> bool {
        stmts.iter().any(|s| match s {
            Stmt::Break | Stmt::Goto => true,
            Stmt::If {
                then, otherwise, ..
            } => breaks_out(then) || otherwise.as_deref().is_some_and(breaks_out),
            Stmt::Block(b) => breaks_out(b),
            _ => false,
        })
    }
    let mut leaves = breaks_out(body);
    each_stmt(body, &mut |s, _| {
        leaves |= matches!(s, Stmt::Return { .. } | Stmt::Panic { .. } | Stmt::Goto);
    });
    !leaves
}

/// Every call made directly by `body` (not inside literals), with deferred ones.
pub fn all_calls(body: &[Stmt]) -> Vec<&Call> {
    let mut out = Vec::new();
    each_stmt(body, &mut |s, _| match s {
        Stmt::Simple { calls, .. }
        | Stmt::Defer { calls, .. }
        | Stmt::Return { calls, .. }
        | Stmt::If { head: calls, .. }
        | Stmt::Branches { head: calls, .. }
        | Stmt::Loop { head: calls, .. } => out.extend(calls.iter()),
        Stmt::Go { call: Some(c), .. } => out.push(c),
        _ => {}
    });
    out
}

/// The deferred calls of `body` (including those inside deferred literals).
pub fn deferred_calls(body: &[Stmt]) -> Vec<&Call> {
    let mut out = Vec::new();
    each_stmt(body, &mut |s, _| {
        if let Stmt::Defer { calls, .. } = s {
            out.extend(calls.iter());
        }
    });
    out
}

/// The leading whitespace of the line holding `byte`.
pub fn indent_at(source: &str, byte: usize) -> &str {
    let byte = byte.min(source.len());
    let line_start = source[..byte].rfind('\n').map_or(0, |i| i + 1);
    let rest = &source[line_start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

/// 1-based line of `byte`.
pub fn line_of(file: &ParsedFile<'_>, byte: usize) -> usize {
    file.lines.position(file.source, byte).line
}

/// A related place: `message` at `start..end`.
pub fn related(
    file: &ParsedFile<'_>,
    (start, end): (usize, usize),
    message: String,
) -> super::Related {
    super::Related {
        span: file.lines.span(file.source, start, end),
        message,
    }
}

/// A display name for a function: `save`, `(*Store).save` or `the goroutine`.
pub fn func_label(f: &FuncFact) -> String {
    match (&f.kind, &f.receiver) {
        (FuncKind::Declared, Some((_, ty))) => format!("{ty}.{}", f.name),
        (FuncKind::Declared, None) => f.name.clone(),
        (FuncKind::Goroutine { .. }, _) => "the goroutine".to_owned(),
        _ => "the function literal".to_owned(),
    }
}

/// True when `recv` looks like a `sync.WaitGroup`: something calls `recv.Wait()`, or it
/// is declared with a WaitGroup type.
pub fn is_waitgroup(facts: &FileFacts, recv: &str) -> bool {
    let waited = facts.funcs.iter().any(|f| {
        all_calls(&f.body)
            .iter()
            .any(|c| c.is(recv, "Wait") && c.args.is_empty())
    });
    let declared = facts
        .package_vars
        .get(recv)
        .is_some_and(|t| t.contains("WaitGroup"))
        || facts
            .funcs
            .iter()
            .flat_map(|f| f.params.iter())
            .any(|p| p.name == recv && p.ty.contains("WaitGroup"));
    waited || declared
}

/// How many `Done` calls of `wg` the goroutine started by a `go` statement makes, when
/// that is known: the literal's body, or a declared function given `&wg`.
pub fn goroutine_done_count(
    facts: &FileFacts,
    literal: Option<usize>,
    call: Option<&Call>,
    wg: &str,
) -> Option<usize> {
    let count_in = |body: &[Stmt], name: &str| {
        all_calls(body)
            .iter()
            .filter(|c| c.is(name, "Done"))
            .count()
    };
    if let Some(l) = literal {
        // Done calls in nested closures other than deferred ones are not counted: unknown.
        let nested_done = facts.funcs.iter().enumerate().any(|(j, f)| {
            j != l
                && facts.is_within(j, l)
                && f.kind != FuncKind::Deferred
                && all_calls(&f.body).iter().any(|c| c.is(wg, "Done"))
        });
        return (!nested_done).then(|| count_in(&facts.funcs[l].body, wg));
    }
    let call = call?;
    let mentions = |a: &str| a == wg || a.strip_prefix('&') == Some(wg);
    let arg = call.args.iter().position(|a| mentions(a));
    let target = facts.declared(&call.callee)?;
    let f = &facts.funcs[target];
    match arg {
        Some(i) => {
            let p = f.params.get(i)?;
            Some(count_in(&f.body, &p.name))
        }
        None if facts.package_vars.contains_key(wg) => None,
        None => Some(0),
    }
}

/// A mutex held on every path reaching a point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldLock {
    pub mutex: String,
    /// `Lock` or `RLock`.
    pub read: bool,
    pub start: usize,
    pub end: usize,
}

/// A Lock/RLock reached while `held` locks are held on every path.
#[derive(Clone, Debug)]
pub struct Acquire {
    pub mutex: String,
    pub read: bool,
    pub start: usize,
    pub end: usize,
    /// Set when the lock is taken inside a method of the same receiver called here.
    pub via: Option<String>,
}

/// The `Lock`/`RLock` calls (receiver, read) a method makes on its own receiver's fields,
/// renamed to `receiver` in the caller.
fn method_locks(facts: &FileFacts, func: &FuncFact, call: &Call) -> Vec<(String, bool)> {
    let Some((recv, ty)) = &func.receiver else {
        return Vec::new();
    };
    if call.receiver != *recv || recv.is_empty() {
        return Vec::new();
    }
    let Some(m) = facts.method(ty, &call.method) else {
        return Vec::new();
    };
    let Some((inner_recv, _)) = &facts.funcs[m].receiver else {
        return Vec::new();
    };
    let prefix = format!("{inner_recv}.");
    all_calls(&facts.funcs[m].body)
        .iter()
        .filter(|c| c.args.is_empty() && (c.method == "Lock" || c.method == "RLock"))
        .filter_map(|c| {
            let rest = c.receiver.strip_prefix(&prefix)?;
            Some((format!("{recv}.{rest}"), c.method == "RLock"))
        })
        .collect()
}

/// Walks `func` tracking the locks held on every path (deferred unlocks release only at
/// exit) and calls `on_acquire` at each Lock/RLock, and at each call of a method of the same
/// receiver that locks one of its fields.
pub fn walk_held_locks(
    facts: &FileFacts,
    func: &FuncFact,
    on_acquire: &mut dyn FnMut(&[HeldLock], &Acquire),
) {
    if func.has_goto {
        return;
    }
    let mut on_call = |held: &mut Vec<HeldLock>, c: &Call| {
        let is_lock = c.args.is_empty() && (c.method == "Lock" || c.method == "RLock");
        let is_unlock = c.args.is_empty() && (c.method == "Unlock" || c.method == "RUnlock");
        if is_lock && !c.receiver.is_empty() {
            let a = Acquire {
                mutex: c.receiver.clone(),
                read: c.method == "RLock",
                start: c.start,
                end: c.end,
                via: None,
            };
            on_acquire(held, &a);
            held.retain(|h| h.mutex != c.receiver);
            held.push(HeldLock {
                mutex: a.mutex,
                read: a.read,
                start: c.start,
                end: c.end,
            });
        } else if is_unlock {
            held.retain(|h| h.mutex != c.receiver);
        } else {
            for (mutex, read) in method_locks(facts, func, c) {
                on_acquire(
                    held,
                    &Acquire {
                        mutex,
                        read,
                        start: c.start,
                        end: c.end,
                        via: Some(c.method.clone()),
                    },
                );
            }
        }
    };
    let mut on_exit = |_: &Vec<HeldLock>, _: Exit| {};
    let join: fn(&Vec<HeldLock>, &Vec<HeldLock>) -> Vec<HeldLock> = |a, b| {
        a.iter()
            .filter(|h| b.iter().any(|o| o.mutex == h.mutex && o.read == h.read))
            .cloned()
            .collect()
    };
    PathWalk::new(join, &mut on_call, &mut on_exit).run(func, Vec::new());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{self, Analyzer, Options};

    fn exits_with_state(src: &str, func: &str) -> Vec<(bool, Exit)> {
        let mut a = Analyzer::new();
        let file = a.parse(src);
        let facts = facts(&file);
        let f = facts
            .funcs
            .iter()
            .find(|f| f.name == func)
            .expect("function");
        let mut seen = Vec::new();
        let mut on_call = |st: &mut bool, c: &Call| {
            if c.callee == "acquire" {
                *st = true;
            } else if c.callee == "release" {
                *st = false;
            }
        };
        let mut on_exit = |st: &bool, e: Exit| seen.push((*st, e));
        PathWalk::new(|a, b| *a || *b, &mut on_call, &mut on_exit).run(f, false);
        seen
    }

    #[test]
    fn every_return_and_the_end_are_exits_with_their_state() {
        let src = "package p\nfunc f(x int) {\n\tacquire()\n\tif x > 0 {\n\t\trelease()\n\t\treturn\n\t}\n\tswitch x {\n\tcase 1:\n\t\treturn\n\t}\n\trelease()\n}\n";
        let exits = exits_with_state(src, "f");
        assert_eq!(exits.len(), 3, "{exits:?}");
        assert!(!exits[0].0, "released before the first return");
        assert!(exits[1].0, "still held at the return in the switch");
        assert!(matches!(exits[2], (false, Exit::EndOfBody { .. })));
    }

    #[test]
    fn a_continue_carries_its_state_around_the_loop() {
        let src = "package p\nfunc f(xs []int) {\n\tfor _, x := range xs {\n\t\tacquire()\n\t\tif x == 0 {\n\t\t\tcontinue\n\t\t}\n\t\trelease()\n\t}\n}\n";
        let exits = exits_with_state(src, "f");
        assert_eq!(exits.len(), 1);
        assert!(
            exits[0].0,
            "a held state reaches the end through the continue"
        );
    }

    #[test]
    fn an_endless_loop_without_break_never_falls_through() {
        let src = "package p\nfunc f(ch chan int) {\n\tacquire()\n\tfor {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tbreak\n\t\t}\n\t}\n}\n";
        assert!(exits_with_state(src, "f").is_empty());
        let src = "package p\nfunc f(ch chan int) {\n\tfor {\n\t\tif <-ch == 0 {\n\t\t\tbreak\n\t\t}\n\t}\n}\n";
        assert_eq!(exits_with_state(src, "f").len(), 1);
    }

    #[test]
    fn constants_and_counted_loops_are_evaluated() {
        let src = "package p\nconst n = 1 << 4\nconst m = n * 2\nfunc f() {\n\tfor i := 0; i < m; i++ {\n\t}\n\tfor range 3 {\n\t}\n}\n";
        let mut a = Analyzer::new();
        let file = a.parse(src);
        let facts = facts(&file);
        assert_eq!(facts.consts.get("m"), Some(&32));
        let f = facts.funcs.iter().find(|f| f.name == "f").unwrap();
        let counts: Vec<Option<i128>> = f
            .body
            .iter()
            .filter_map(|s| match s {
                Stmt::Loop { count, .. } => Some(*count),
                _ => None,
            })
            .collect();
        assert_eq!(counts, vec![Some(32), Some(3)]);
    }

    #[test]
    fn goroutine_literals_know_their_parent_and_loop() {
        let src = "package p\nfunc f(xs []int) {\n\tfor range xs {\n\t\tgo func() {}()\n\t}\n\tgo func() {}()\n}\n";
        let mut a = Analyzer::new();
        let file = a.parse(src);
        let facts = facts(&file);
        let kinds: Vec<&FuncKind> = facts.funcs.iter().skip(1).map(|f| &f.kind).collect();
        assert!(matches!(
            kinds[0],
            FuncKind::Goroutine { in_loop: true, .. }
        ));
        assert!(matches!(
            kinds[1],
            FuncKind::Goroutine { in_loop: false, .. }
        ));
        assert!(facts.funcs[1..].iter().all(|f| f.parent == Some(0)));
    }

    /// Applies the first fix of `rule` and checks that the result parses and is silent.
    fn fix_silences(rule: &str, src: &str) -> String {
        let report = analysis::check(src, &Options::default());
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .unwrap_or_else(|| panic!("{rule} does not fire on:\n{src}"));
        let fix = d
            .fix
            .as_ref()
            .unwrap_or_else(|| panic!("{rule} offers no fix"));
        let fixed = fix.apply(src).expect("the fix applies");
        let after = analysis::check(&fixed, &Options::default());
        assert!(after.syntax_errors.is_empty(), "{fixed}");
        assert!(
            !after.diagnostics.iter().any(|d| d.rule == rule),
            "{rule} still fires after its fix:\n{fixed}"
        );
        fixed
    }

    #[test]
    fn mechanical_fixes_apply_and_silence_their_rule() {
        let fixed = fix_silences(
            "mutex-not-unlocked",
            "package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\nvar n int\n\nfunc f() int {\n\tmu.Lock()\n\tif n > 0 {\n\t\treturn n\n\t}\n\treturn 0\n}\n",
        );
        assert!(
            fixed.contains("\tmu.Lock()\n\tdefer mu.Unlock()\n"),
            "{fixed}"
        );
        let fixed = fix_silences(
            "waitgroup-add-in-goroutine",
            "package p\n\nimport \"sync\"\n\nfunc f(xs []int) {\n\tvar wg sync.WaitGroup\n\tfor range xs {\n\t\tgo func() {\n\t\t\twg.Add(1)\n\t\t\tdefer wg.Done()\n\t\t}()\n\t}\n\twg.Wait()\n}\n",
        );
        assert!(
            fixed.contains("\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()"),
            "{fixed}"
        );
        let fixed = fix_silences(
            "context-cancel-not-called",
            "package p\n\nimport \"context\"\n\nfunc f(p context.Context) error {\n\tctx, cancel := context.WithCancel(p)\n\t_ = cancel\n\treturn ctx.Err()\n}\n",
        );
        assert!(
            fixed.contains("context.WithCancel(p)\n\tdefer cancel()\n"),
            "{fixed}"
        );
        let fixed = fix_silences(
            "subslice-retains-backing-array",
            "package p\n\nimport \"bytes\"\n\nvar keep []byte\n\nvar _ = bytes.Equal\n\nfunc f(b []byte) {\n\tkeep = b[:4]\n}\n",
        );
        assert!(fixed.contains("keep = bytes.Clone(b[:4])"), "{fixed}");
        let fixed = fix_silences(
            "subslice-retains-backing-array",
            "package p\n\nvar keep []int\n\nfunc f(b []int) {\n\tkeep = b[:4]\n}\n",
        );
        assert!(
            fixed.contains("keep = append([]int(nil), b[:4]...)"),
            "{fixed}"
        );
    }

    #[test]
    fn version_changes_the_timer_rules() {
        let ticker = "package p\n\nimport \"time\"\n\nfunc f(n int) {\n\tt := time.NewTicker(time.Second)\n\tfor i := 0; i < n; i++ {\n\t\t<-t.C\n\t}\n}\n";
        let old = Options {
            go_version: crate::analysis::GoVersion::new(22),
        };
        let only = |src: &str, o: &Options, rule: &str| -> Vec<crate::analysis::Diagnostic> {
            let report = analysis::check(src, o);
            report
                .diagnostics
                .into_iter()
                .filter(|d| d.rule == rule)
                .collect()
        };
        let d = only(ticker, &old, "ticker-not-stopped");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::analysis::Severity::Error);
        assert!(d[0].message.contains("1.22"), "{}", d[0].message);
        let d = only(ticker, &Options::default(), "ticker-not-stopped");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::analysis::Severity::Warning);
        let tick = "package p\n\nimport \"time\"\n\nfunc f() {\n\tfor range time.Tick(time.Second) {\n\t\treturn\n\t}\n}\n";
        assert_eq!(only(tick, &old, "time-tick-leak").len(), 1);
        assert!(only(tick, &Options::default(), "time-tick-leak").is_empty());
    }

    /// Every prefix of every fixture (partial code as typed in an editor) is checked
    /// without a panic.
    #[test]
    fn truncated_fixtures_never_panic() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/rules");
        let mut checked = 0;
        for dir in std::fs::read_dir(root).unwrap().flatten() {
            for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
                let src = std::fs::read_to_string(file.path()).unwrap();
                let mut cut = 0;
                while cut < src.len() {
                    if src.is_char_boundary(cut) {
                        let _ = analysis::check(&src[..cut], &Options::default());
                        let mangled = format!("{}}}{{)({}", &src[..cut], &src[cut..]);
                        let _ = analysis::check(&mangled, &Options::default());
                        checked += 1;
                    }
                    cut += 151;
                }
            }
        }
        assert!(checked > 100);
    }
}
