//! The simulator's IR: a type table and, per function, a flat list of stack-machine ops.
//!
//! Values carry their dynamic type (`Ty`), so the lowerer needs static types only where
//! Go's syntax names them (zero values, composite literals, conversions, `make`).

use std::collections::HashMap;

/// Index into [`Program::types`].
pub type Ty = u32;
/// Index into [`Program::names`] (interned identifiers: fields, methods).
pub type Name = u32;
/// Index into [`Program::funcs`].
pub type FuncId = u32;

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Bool,
    Int {
        bits: u8,
        signed: bool,
    },
    Float,
    String,
    Slice(Ty),
    Array(u64, Ty),
    Map(Ty, Ty),
    Chan(Ty),
    Ptr(Ty),
    Struct(Vec<Field>),
    Func,
    Interface(Vec<Name>),
    /// A runtime-provided opaque type (sync.Mutex, time.Timer, context.Context…).
    Opaque(Opaque),
    /// Declared but not yet resolved (only during lowering).
    Pending,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opaque {
    Mutex,
    RWMutex,
    WaitGroup,
    Once,
    SyncMap,
    Timer,
    Ticker,
    Time,
    Context,
    TestingT,
    StringsBuilder,
    Cond,
    /// `atomic.Int32`, `Int64`, `Uint32`, `Uint64`, `Bool`: the type id says which.
    Atomic,
    Pool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Name,
    pub ty: Ty,
    pub embedded: bool,
}

#[derive(Clone, Debug)]
pub struct TypeInfo {
    /// As `%T` prints it: `int`, `main.Job`, `[]string`, `*main.Job`.
    pub name: String,
    pub kind: Kind,
    pub named: bool,
    /// Methods declared on this named type: name → (function, pointer receiver).
    pub methods: HashMap<Name, (FuncId, bool)>,
}

pub mod builtin_types {
    use super::Ty;
    pub const INVALID: Ty = 0;
    pub const BOOL: Ty = 1;
    pub const INT: Ty = 2;
    pub const INT8: Ty = 3;
    pub const INT16: Ty = 4;
    pub const INT32: Ty = 5;
    pub const INT64: Ty = 6;
    pub const UINT: Ty = 7;
    pub const UINT8: Ty = 8;
    pub const UINT16: Ty = 9;
    pub const UINT32: Ty = 10;
    pub const UINT64: Ty = 11;
    pub const UINTPTR: Ty = 12;
    pub const FLOAT64: Ty = 13;
    pub const FLOAT32: Ty = 14;
    pub const STRING: Ty = 15;
    pub const ANY: Ty = 16;
    pub const ERROR: Ty = 17;
    pub const DURATION: Ty = 18;
    pub const FUNC: Ty = 19;
    pub const MUTEX: Ty = 20;
    pub const RWMUTEX: Ty = 21;
    pub const WAITGROUP: Ty = 22;
    pub const ONCE: Ty = 23;
    pub const SYNCMAP: Ty = 24;
    pub const TIMER: Ty = 25;
    pub const TICKER: Ty = 26;
    pub const TIME: Ty = 27;
    pub const CONTEXT: Ty = 28;
    pub const TESTING_T: Ty = 29;
    pub const STRINGS_BUILDER: Ty = 30;
    pub const ERROR_STRING: Ty = 31;
    pub const WRAP_ERROR: Ty = 32;
    pub const CANCEL_FUNC: Ty = 33;
    pub const BYTES: Ty = 34;
    pub const CHAN_TIME: Ty = 35;
    pub const CHAN_STRUCT: Ty = 36;
    pub const EMPTY_STRUCT: Ty = 37;
    pub const RUNTIME_ERROR: Ty = 38;
    pub const MONTH: Ty = 39;
    pub const COND: Ty = 40;
    pub const INTS: Ty = 41;
    pub const ATOMIC_INT32: Ty = 42;
    pub const ATOMIC_INT64: Ty = 43;
    pub const ATOMIC_UINT32: Ty = 44;
    pub const ATOMIC_UINT64: Ty = 45;
    pub const ATOMIC_BOOL: Ty = 46;
    pub const POOL: Ty = 47;
    /// A type parameter, erased: it holds any value, but has no zero value of its own.
    pub const TYPE_PARAM: Ty = 48;
    pub const COUNT: Ty = 49;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    And,
    Or,
    Xor,
    AndNot,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    BitNot,
}

/// How many results a call leaves on the caller's stack.
pub const WANT_TUPLE: u8 = 255;

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Const(u32),
    Zero(Ty),
    Pop,
    Dup,
    LoadLocal(u16),
    StoreLocal(u16),
    /// The slot holds a cell (variable captured by a closure or whose address is taken).
    LoadBoxed(u16),
    StoreBoxed(u16),
    /// Pops a value and puts a fresh cell holding it into the slot.
    NewBox(u16),
    /// Replaces the slot's cell by a fresh cell holding the same value (Go 1.22 loop vars).
    RebindBox(u16),
    LoadCapture(u16),
    StoreCapture(u16),
    LoadGlobal(u32),
    StoreGlobal(u32),
    AddrBoxed(u16),
    AddrCapture(u16),
    AddrGlobal(u32),
    /// `&x.f`, `&a[i]`: pops operand (and index).
    AddrField(Name),
    AddrIndex,
    Binary(BinOp),
    Unary(UnOp),
    Convert(Ty),
    Jump(u32),
    JumpIfFalse(u32),
    JumpIfTrue(u32),
    /// `LoadLocal(slot); Const(k) or LoadLocal(k); Binary(op); JumpIfFalse(target)`
    /// fused by the peephole pass (case tests and loop conditions).
    CompareJump {
        slot: u16,
        right: Operand,
        op: BinOp,
        target: u32,
    },
    /// A loop's back edge: `Jump` to a `CompareJump` whose exit is the op after the jump,
    /// fused into one test that jumps to `target` (the loop body) while it holds.
    CompareLoop {
        slot: u16,
        right: Operand,
        op: BinOp,
        target: u32,
    },
    /// `IncLocal(slot, delta); CompareLoop { slot, .. }`: a counting loop's step and test.
    IncLoop {
        slot: u16,
        delta: i64,
        right: Operand,
        op: BinOp,
        target: u32,
    },
    /// `LoadLocal(slot); Const(k) or LoadLocal(k); Binary(op)`: pushes the result.
    BinaryLocal {
        slot: u16,
        right: Operand,
        op: BinOp,
    },
    /// `LoadLocal(slot); <push v>; Binary(op); StoreLocal(slot)` (`x += v`): pops `v`.
    UpdateLocal {
        slot: u16,
        op: BinOp,
    },
    /// `x = x op k` and `x op= y` with a constant or local right-hand side.
    UpdateLocalBy {
        slot: u16,
        right: Operand,
        op: BinOp,
    },
    /// Stack: callee, args… → results (per `want`).
    Call {
        nargs: u8,
        want: u8,
        spread: bool,
        unpack: bool,
    },
    /// Stack: receiver, args… → results.
    CallMethod {
        name: Name,
        nargs: u8,
        want: u8,
        spread: bool,
        unpack: bool,
    },
    CallNative {
        f: super::natives::Native,
        nargs: u8,
        want: u8,
        spread: bool,
        unpack: bool,
    },
    /// Pops a receiver and pushes the bound method value.
    BindMethod(Name),
    /// Pushes a native function value (for `go`/`defer`/values like `strings.ToUpper`).
    NativeValue(super::natives::Native),
    MakeClosure {
        func: FuncId,
        captures: Vec<Capture>,
    },
    Go {
        nargs: u8,
        spread: bool,
    },
    Defer {
        nargs: u8,
        spread: bool,
    },
    Return(u8),
    /// Return with named results already stored in result slots.
    ReturnNamed,
    LoadField(Name),
    StoreField(Name),
    Index,
    /// `m[k] op= v` reads as part of the write (no separate map read for the race check).
    IndexForUpdate,
    IndexOk,
    StoreIndex,
    Slice {
        has_low: bool,
        has_high: bool,
        has_max: bool,
    },
    Deref,
    StoreDeref,
    /// Composite literals: pops `n` values (or key/value pairs).
    MakeSlice {
        ty: Ty,
        n: u32,
    },
    MakeArray {
        ty: Ty,
        n: u32,
    },
    MakeKeyedArray {
        ty: Ty,
        n: u32,
    },
    MakeMap {
        ty: Ty,
        n: u32,
    },
    MakeStruct {
        ty: Ty,
        fields: Vec<Name>,
    },
    MakeStructPositional {
        ty: Ty,
        n: u32,
    },
    /// `&T{…}`: boxes the value on the stack behind a pointer.
    AddrOfValue,
    Send,
    Recv,
    RecvOk,
    /// Stack: for each case (send: chan, value; recv: chan) → pushes case index, then
    /// the received value and ok for receive cases.
    Select {
        cases: Vec<SelectCase>,
        has_default: bool,
    },
    TypeAssert {
        ty: Ty,
        ok: bool,
    },
    /// Pushes whether the top value has type `ty` (type switches); keeps the value.
    TypeIs(Ty),
    /// Range support: converts the collection into an iterator value.
    RangeStart,
    /// Stack: iterator → (iterator, key, value) and jumps to `end` when done.
    RangeNext {
        end: u32,
        want: u8,
    },
    RangeChanNext {
        end: u32,
    },
    MakeTuple(u8),
    Nop,
    NotSimulated(u32),
    /// `i++` on a local: fast path.
    IncLocal(u16, i64),
}

/// The right-hand side of a fused comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    Const(u32),
    Local(u16),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectCase {
    Send,
    Recv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The enclosing function's boxed local slot.
    Local(u16),
    /// One of the enclosing closure's own captures.
    Outer(u16),
}

#[derive(Clone, Debug, Default)]
pub struct FuncCode {
    pub name: String,
    pub nparams: u16,
    pub nresults: u16,
    pub variadic: bool,
    pub nlocals: u16,
    /// Slots holding named results (to read at return), if the results are named.
    pub named_results: bool,
    /// Parameters that are boxed: their slot gets a cell at entry.
    pub boxed_params: Vec<u16>,
    /// Parameters with a numeric declared type: converted at entry.
    pub param_types: Vec<(u16, Ty)>,
    pub result_types: Vec<Ty>,
    pub code: Vec<Op>,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct Program {
    pub types: Vec<TypeInfo>,
    pub names: Vec<String>,
    pub consts: Vec<super::value::Value>,
    pub funcs: Vec<FuncCode>,
    pub globals: usize,
    pub global_names: Vec<String>,
    /// Runs package-level var initialisers, then returns.
    pub init: FuncId,
    pub main: Option<FuncId>,
    pub init_funcs: Vec<FuncId>,
    /// `func TestX(t *testing.T)` in source order (used when there is no main).
    pub tests: Vec<(String, FuncId)>,
    pub not_simulated: Vec<String>,
    pub type_by_name: HashMap<String, Ty>,
}

impl Program {
    pub fn name(&self, n: Name) -> &str {
        &self.names[n as usize]
    }
    pub fn ty(&self, t: Ty) -> &TypeInfo {
        &self.types[t as usize]
    }
    /// The underlying kind, following named types.
    pub fn kind(&self, t: Ty) -> &Kind {
        &self.types[t as usize].kind
    }
    pub fn is_pointer_to_struct(&self, t: Ty) -> bool {
        matches!(self.kind(t), Kind::Ptr(e) if matches!(self.kind(*e), Kind::Struct(_)))
    }
    pub fn elem(&self, t: Ty) -> Ty {
        match self.kind(t) {
            Kind::Slice(e) | Kind::Array(_, e) | Kind::Chan(e) | Kind::Ptr(e) => *e,
            Kind::Map(_, v) => *v,
            _ => builtin_types::INVALID,
        }
    }
    /// Nominal size in bytes of one value of type `t` (for retained-memory accounting).
    pub fn size_of(&self, t: Ty) -> u64 {
        size_of_in(&self.types, t)
    }
}

/// Nominal size in bytes of one value of type `t` among `types` (saturating: a type
/// may describe more memory than exists).
pub fn size_of_in(types: &[TypeInfo], t: Ty) -> u64 {
    let Some(info) = types.get(t as usize) else {
        return 8;
    };
    match &info.kind {
        Kind::Bool => 1,
        Kind::Int { bits, .. } => (*bits as u64 / 8).max(1),
        Kind::Float => 8,
        Kind::String => 16,
        Kind::Slice(_) => 24,
        Kind::Array(n, e) => n.saturating_mul(size_of_in(types, *e)),
        Kind::Struct(fields) => fields
            .iter()
            .fold(0u64, |sum, f| sum.saturating_add(size_of_in(types, f.ty))),
        Kind::Interface(_) => 16,
        Kind::Opaque(Opaque::Time) => 24,
        Kind::Opaque(Opaque::Mutex) => 8,
        Kind::Opaque(Opaque::RWMutex) => 24,
        Kind::Opaque(Opaque::WaitGroup) => 16,
        _ => 8,
    }
}
