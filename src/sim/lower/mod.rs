//! Lowering: tree-sitter Go syntax → [`Program`] (types, functions of stack ops).
//!
//! Names are resolved to slots here. A local that a closure may capture, whose address
//! is taken, or that receives a method call lives in a cell (boxed) so that every
//! reference sees the same variable; the choice is made per function by a pre-pass
//! that over-approximates (boxing too much costs speed, never correctness).

use super::ir::{builtin_types as bt, *};

use super::natives::{self, Member, Native};

use super::value::Value;

use crate::analysis::{Analyzer, GoVersion, LineIndex};

use std::collections::{HashMap, HashSet};

use std::rc::Rc;

use tree_sitter::Node;

mod assign;
mod call;
mod captures;
mod control;
mod decls;
mod expr;
mod literal;
mod stmt;
mod types;
mod unused;

use captures::boxed_names;
use expr::{binop, strip_parens};
use literal::{parse_int, string_bytes, unescape, Piece};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LowerErrorKind {
    Syntax,
    Compile,
    NotSimulated,
}

/// Arrays above this are not simulated (their zero values are materialised).
const MAX_ARRAY_BYTES: u64 = 1 << 30;

const MAX_ARRAY_LEN: i64 = 1 << 26;

#[derive(Debug, Clone)]
pub struct LowerError {
    pub kind: LowerErrorKind,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

type R<T> = Result<T, LowerError>;

/// A declared function's parameters, for Go's argument-count errors.
#[derive(Clone, Debug)]
struct Params {
    count: usize,
    variadic: bool,
    /// `(int, ...string)`, as Go's `want` line prints them.
    want: String,
}

#[derive(Clone, Copy, Debug)]
enum Binding {
    Local(u16, bool),
    Capture(u16),
    Global(u32),
    Func(FuncId),
    Type(Ty),
    Package(usize),
}

struct FnCtx {
    code: FuncCode,
    pos: Vec<(u32, u32)>,
    scopes: Vec<HashMap<String, Binding>>,
    captures: Vec<(String, Capture)>,
    boxed_names: Rc<HashSet<String>>,
    /// Break/continue patch lists: (label, continue target, break patches, continue patches).
    loops: Vec<LoopCtx>,
    result_types: Vec<Ty>,
}

struct LoopCtx {
    label: Option<String>,
    breaks: Vec<usize>,
    continues: Vec<usize>,
    is_switch: bool,
}

pub struct Lowerer<'s> {
    src: &'s str,
    lines: LineIndex,
    version: GoVersion,
    types: Vec<TypeInfo>,
    type_by_name: HashMap<String, Ty>,
    names: Vec<String>,
    name_ids: HashMap<String, Name>,
    consts: Vec<Value>,
    funcs: Vec<FuncCode>,
    /// Declared functions' results: how many, and their types as Go prints them
    /// (`(int, int)`, `(a int, err error)`), for Go's value-count errors.
    func_results: HashMap<FuncId, (usize, String)>,
    func_params: HashMap<FuncId, Params>,
    /// Constructs that stop the run only if reached (`Op::NotSimulated` indexes these).
    runtime_stops: Vec<String>,
    func_pos: Vec<Vec<(u32, u32)>>,
    globals_scope: HashMap<String, Binding>,
    global_names: Vec<String>,
    packages: Vec<String>,
    fns: Vec<FnCtx>,
    cur_pos: (u32, u32),
    iota: Option<i64>,
    const_values: HashMap<String, i64>,
    pending: Vec<(String, Binding)>,
}

/// Per-function positions of each op (line, column), parallel to `FuncCode::code`.
pub struct Lowered {
    pub program: Program,
    pub positions: Vec<Vec<(u32, u32)>>,
}

pub fn lower(source: &str, version: GoVersion) -> R<Lowered> {
    let mut analyzer = Analyzer::new();
    let parsed = analyzer.parse(source);
    if let Some(e) = parsed.syntax_errors.first() {
        return Err(LowerError {
            kind: LowerErrorKind::Syntax,
            line: e.line() as u32,
            col: e.column() as u32,
            message: e.message.clone(),
        });
    }
    // Go reports its compile errors in source order: an unused name before the first
    // error lowering finds (or before a construct it does not simulate) comes first.
    let unused = unused::find(parsed.tree.root_node(), source)
        .into_iter()
        .next();
    let refused = unused.map(|u| LowerError {
        kind: LowerErrorKind::Compile,
        line: u.line,
        col: u.col,
        message: u.message,
    });
    let mut l = Lowerer::new(source, version);
    let lowered = l.file(parsed.tree.root_node());
    match (refused, lowered) {
        (Some(u), Err(e))
            if e.kind == LowerErrorKind::Compile && (e.line, e.col) < (u.line, u.col) =>
        {
            return Err(e)
        }
        (Some(u), _) => return Err(u),
        (None, lowered) => lowered?,
    }
    let mut lowered = l.finish();
    super::peephole::optimize(&mut lowered.program, &mut lowered.positions);
    Ok(lowered)
}

fn err<T>(kind: LowerErrorKind, pos: (u32, u32), message: impl Into<String>) -> R<T> {
    Err(LowerError {
        kind,
        line: pos.0,
        col: pos.1,
        message: message.into(),
    })
}

impl<'s> Lowerer<'s> {
    fn new(src: &'s str, version: GoVersion) -> Self {
        let mut l = Lowerer {
            src,
            lines: LineIndex::new(src),
            version,
            types: Vec::new(),
            type_by_name: HashMap::new(),
            names: Vec::new(),
            name_ids: HashMap::new(),
            consts: Vec::new(),
            funcs: Vec::new(),
            func_results: HashMap::new(),
            func_params: HashMap::new(),
            runtime_stops: Vec::new(),
            func_pos: Vec::new(),
            globals_scope: HashMap::new(),
            global_names: Vec::new(),
            packages: Vec::new(),
            fns: Vec::new(),
            cur_pos: (1, 1),
            iota: None,
            const_values: HashMap::new(),
            pending: Vec::new(),
        };
        l.builtin_types();
        l
    }

    fn builtin_types(&mut self) {
        let int = |bits, signed| Kind::Int { bits, signed };
        let table: Vec<(&str, Kind, bool)> = vec![
            ("invalid", Kind::Interface(vec![]), false),
            ("bool", Kind::Bool, false),
            ("int", int(64, true), false),
            ("int8", int(8, true), false),
            ("int16", int(16, true), false),
            ("int32", int(32, true), false),
            ("int64", int(64, true), false),
            ("uint", int(64, false), false),
            ("uint8", int(8, false), false),
            ("uint16", int(16, false), false),
            ("uint32", int(32, false), false),
            ("uint64", int(64, false), false),
            ("uintptr", int(64, false), false),
            ("float64", Kind::Float, false),
            ("float32", Kind::Float, false),
            ("string", Kind::String, false),
            ("interface {}", Kind::Interface(vec![]), false),
            ("error", Kind::Interface(vec![]), false),
            ("time.Duration", int(64, true), true),
            ("func()", Kind::Func, false),
            ("sync.Mutex", Kind::Opaque(Opaque::Mutex), true),
            ("sync.RWMutex", Kind::Opaque(Opaque::RWMutex), true),
            ("sync.WaitGroup", Kind::Opaque(Opaque::WaitGroup), true),
            ("sync.Once", Kind::Opaque(Opaque::Once), true),
            ("sync.Map", Kind::Opaque(Opaque::SyncMap), true),
            ("*time.Timer", Kind::Opaque(Opaque::Timer), true),
            ("*time.Ticker", Kind::Opaque(Opaque::Ticker), true),
            ("time.Time", Kind::Opaque(Opaque::Time), true),
            ("*context.cancelCtx", Kind::Opaque(Opaque::Context), true),
            ("*testing.T", Kind::Opaque(Opaque::TestingT), true),
            (
                "strings.Builder",
                Kind::Opaque(Opaque::StringsBuilder),
                true,
            ),
            ("*errors.errorString", Kind::Opaque(Opaque::Time), true),
            ("*fmt.wrapError", Kind::Opaque(Opaque::Time), true),
            ("context.CancelFunc", Kind::Func, true),
            ("[]uint8", Kind::Slice(bt::UINT8), false),
            ("<-chan time.Time", Kind::Chan(bt::TIME), false),
            ("chan struct {}", Kind::Chan(bt::EMPTY_STRUCT), false),
            ("struct {}", Kind::Struct(vec![]), false),
            ("runtime.Error", Kind::Opaque(Opaque::Time), true),
            ("time.Month", int(64, true), true),
            ("*sync.Cond", Kind::Opaque(Opaque::Cond), true),
            ("[]int", Kind::Slice(bt::INT), false),
            ("atomic.Int32", Kind::Opaque(Opaque::Atomic), true),
            ("atomic.Int64", Kind::Opaque(Opaque::Atomic), true),
            ("atomic.Uint32", Kind::Opaque(Opaque::Atomic), true),
            ("atomic.Uint64", Kind::Opaque(Opaque::Atomic), true),
            ("atomic.Bool", Kind::Opaque(Opaque::Atomic), true),
            ("sync.Pool", Kind::Opaque(Opaque::Pool), true),
            ("any", Kind::Interface(vec![]), false),
        ];
        for (name, kind, named) in table {
            self.types.push(TypeInfo {
                name: name.to_owned(),
                kind,
                named,
                methods: HashMap::new(),
            });
            self.type_by_name
                .insert(name.to_owned(), (self.types.len() - 1) as Ty);
        }
        debug_assert_eq!(self.types.len() as Ty, bt::COUNT);
        self.type_by_name.insert("byte".into(), bt::UINT8);
        self.type_by_name.insert("rune".into(), bt::INT32);
        self.type_by_name.insert("any".into(), bt::ANY);
        let error_name = self.name("Error");
        self.types[bt::ERROR as usize].kind = Kind::Interface(vec![error_name]);
    }

    fn finish(mut self) -> Lowered {
        let tests: Vec<(String, FuncId)> = Vec::new();
        let _ = &mut self;
        let main = match self.globals_scope.get("main") {
            Some(Binding::Func(f)) => Some(*f),
            _ => None,
        };
        let mut tests = tests;
        for (i, f) in self.funcs.iter().enumerate() {
            if f.name.starts_with("Test")
                && f.nparams == 1
                && !f.name.contains('.')
                && f.name != "TestMain"
            {
                tests.push((f.name.clone(), i as FuncId));
            }
        }
        tests.sort_by_key(|(_, id)| self.funcs[*id as usize].line);
        let init = self.funcs.len() as FuncId - 1;
        let init_funcs = self
            .funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name == "init")
            .map(|(i, _)| i as FuncId)
            .collect();
        Lowered {
            program: Program {
                types: self.types,
                names: self.names,
                consts: self.consts,
                funcs: self.funcs,
                globals: self.global_names.len(),
                global_names: self.global_names,
                init,
                main,
                init_funcs,
                tests,
                not_simulated: self.runtime_stops,
                type_by_name: self.type_by_name,
            },
            positions: self.func_pos,
        }
    }

    fn text(&self, n: Node) -> &'s str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    /// The names a field, parameter or result declaration declares (`a, b int`: a, b).
    fn declared_names(&self, decl: Node) -> Vec<String> {
        let mut cursor = decl.walk();
        decl.children_by_field_name("name", &mut cursor)
            .map(|n| self.text(n).to_owned())
            .collect()
    }

    fn pos(&self, n: Node) -> (u32, u32) {
        let p = self.lines.position(self.src, n.start_byte());
        (p.line as u32, p.column as u32)
    }

    fn name(&mut self, s: &str) -> Name {
        if let Some(&n) = self.name_ids.get(s) {
            return n;
        }
        self.names.push(s.to_owned());
        let n = (self.names.len() - 1) as Name;
        self.name_ids.insert(s.to_owned(), n);
        n
    }

    fn konst(&mut self, v: Value) -> u32 {
        self.consts.push(v);
        (self.consts.len() - 1) as u32
    }

    /// Emits a stop that ends the run as `not simulated: <what>` only when reached, for
    /// a construct that is rare on the paths programs take.
    fn stop_when_run(&mut self, n: Node, what: &str) {
        self.runtime_stops.push(what.to_owned());
        self.cur_pos = self.pos(n);
        self.emit(Op::NotSimulated((self.runtime_stops.len() - 1) as u32));
    }

    fn not_simulated<T>(&self, n: Node, what: &str) -> R<T> {
        err(LowerErrorKind::NotSimulated, self.pos(n), what.to_owned())
    }

    fn f(&mut self) -> &mut FnCtx {
        self.fns.last_mut().expect("inside a function")
    }

    fn emit(&mut self, op: Op) -> usize {
        let pos = self.cur_pos;
        let f = self.f();
        f.code.code.push(op);
        f.pos.push(pos);
        f.code.code.len() - 1
    }

    fn here(&mut self) -> usize {
        self.f().code.code.len()
    }

    fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        match &mut self.f().code.code[at] {
            Op::Jump(x) | Op::JumpIfFalse(x) | Op::JumpIfTrue(x) => *x = t,
            Op::RangeNext { end, .. } | Op::RangeChanNext { end } => *end = t,
            _ => {}
        }
    }

    fn new_slot(&mut self) -> u16 {
        let f = self.f();
        let s = f.code.nlocals;
        f.code.nlocals += 1;
        s
    }

    fn declare_local(&mut self, name: &str) -> (u16, bool) {
        let slot = self.new_slot();
        if name == "_" {
            return (slot, false);
        }
        let boxed = self.f().boxed_names.contains(name);
        self.f()
            .scopes
            .last_mut()
            .unwrap()
            .insert(name.to_owned(), Binding::Local(slot, boxed));
        (slot, boxed)
    }

    fn push_scope(&mut self) {
        self.f().scopes.push(HashMap::new());
    }

    fn pop_scope(&mut self) {
        self.f().scopes.pop();
    }

    fn lookup(&mut self, name: &str) -> Option<Binding> {
        let depth = self.fns.len();
        self.lookup_in(name, depth)
    }

    fn lookup_in(&mut self, name: &str, depth: usize) -> Option<Binding> {
        if depth == 0 {
            return self.globals_scope.get(name).copied();
        }
        let fi = depth - 1;
        for s in self.fns[fi].scopes.iter().rev() {
            if let Some(b) = s.get(name) {
                return Some(*b);
            }
        }
        if let Some(i) = self.fns[fi].captures.iter().position(|(n, _)| n == name) {
            return Some(Binding::Capture(i as u16));
        }
        match self.lookup_in(name, fi)? {
            Binding::Local(slot, true) if fi > 0 => {
                self.fns[fi]
                    .captures
                    .push((name.to_owned(), Capture::Local(slot)));
                Some(Binding::Capture((self.fns[fi].captures.len() - 1) as u16))
            }
            Binding::Capture(i) if fi > 0 => {
                self.fns[fi]
                    .captures
                    .push((name.to_owned(), Capture::Outer(i)));
                Some(Binding::Capture((self.fns[fi].captures.len() - 1) as u16))
            }
            Binding::Local(_, false) => None,
            b => Some(b),
        }
    }
}
