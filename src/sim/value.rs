//! Runtime values. Every value carries its dynamic type. Structs and arrays are shared
//! `Rc` objects that are deep-copied whenever they are stored (Go's value semantics);
//! slices, maps, channels and pointers share their target.

use super::gostr::GoStr;
use super::ir::{builtin_types as bt, FuncId, Program, Ty};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

pub type CellRef = Rc<RefCell<Value>>;

#[derive(Clone, Debug, Default)]
pub enum Value {
    /// Untyped nil, nil interfaces and nil funcs.
    #[default]
    Nil,
    Bool(bool),
    Int(i64, Ty),
    Float(f64, Ty),
    Str(GoStr, Ty),
    Slice(SliceVal),
    Array(Rc<ArrayObj>, Ty),
    Struct(Rc<StructObj>),
    Ptr(Pointer, Ty),
    /// A nil pointer, map, channel or slice-less reference of a known type.
    NilOf(Ty),
    Map(Rc<MapObj>, Ty),
    Chan(Rc<super::chan::Chan>, Ty),
    Func(Rc<Callable>),
    Obj(Rc<Object>, Ty),
    Tuple(Rc<Vec<Value>>),
    /// Range iterator state (never visible to Go code).
    Iter(Rc<RefCell<RangeIter>>),
}

/// Offsets and lengths are `u32` so that a `Value` fits in 32 bytes (every stack slot,
/// channel buffer entry and parked sender's value is one); `make` refuses larger slices.
#[derive(Clone, Debug)]
pub struct SliceVal {
    pub arr: Option<Rc<ArrayObj>>,
    pub off: u32,
    pub len: u32,
    pub cap: u32,
    pub ty: Ty,
}

/// A length as a slice stores it (`make` refuses lengths that do not fit).
pub fn slice_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl SliceVal {
    pub fn new(arr: Option<Rc<ArrayObj>>, off: usize, len: usize, cap: usize, ty: Ty) -> Self {
        SliceVal {
            arr,
            off: slice_u32(off),
            len: slice_u32(len),
            cap: slice_u32(cap),
            ty,
        }
    }
    pub fn offset(&self) -> usize {
        self.off as usize
    }
    pub fn length(&self) -> usize {
        self.len as usize
    }
    pub fn capacity(&self) -> usize {
        self.cap as usize
    }
}

#[derive(Debug)]
pub enum Storage {
    Bytes(Vec<u8>),
    Values(Vec<Value>),
}

impl Storage {
    pub fn len(&self) -> usize {
        match self {
            Storage::Bytes(b) => b.len(),
            Storage::Values(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn get(&self, i: usize) -> Value {
        match self {
            Storage::Bytes(b) => Value::Int(b[i] as i64, bt::UINT8),
            Storage::Values(v) => v[i].clone(),
        }
    }
    pub fn set(&mut self, i: usize, v: Value) {
        match self {
            Storage::Bytes(b) => b[i] = v.as_int() as u8,
            Storage::Values(vals) => vals[i] = v,
        }
    }
}

/// A backing array: a heap block of `cap` elements.
#[derive(Debug)]
pub struct ArrayObj {
    pub elem: Ty,
    pub data: RefCell<Storage>,
    pub id: u32,
}

#[derive(Debug)]
pub struct StructObj {
    pub ty: Ty,
    pub fields: RefCell<Vec<Value>>,
}

#[derive(Clone, Debug)]
pub enum Pointer {
    Cell(CellRef),
    Struct(Rc<StructObj>),
    Field(Rc<StructObj>, u32),
    Elem(Rc<ArrayObj>, u32),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MapKey {
    Nil,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(GoStr),
    Tuple(Vec<MapKey>),
    Addr(usize),
}

#[derive(Debug)]
pub struct MapObj {
    pub entries: RefCell<BTreeMap<MapKey, (Value, Value)>>,
    /// The goroutine in the middle of a write (for `concurrent map writes`).
    pub writer: Cell<Option<u32>>,
    pub id: u32,
    /// The most entries the map has held (or its `make` hint): Go maps never shrink, so
    /// their slots stay allocated after `delete` and `clear`.
    pub high_water: Cell<u32>,
}

impl MapObj {
    pub fn new(entries: BTreeMap<MapKey, (Value, Value)>, id: u32, hint: usize) -> Self {
        let high_water = Cell::new(slice_u32(entries.len().max(hint)));
        MapObj {
            entries: RefCell::new(entries),
            writer: Default::default(),
            id,
            high_water,
        }
    }

    /// Records that the map holds `len` entries now.
    pub fn note_len(&self, len: usize) {
        if len as u64 > self.high_water.get() as u64 {
            self.high_water.set(slice_u32(len));
        }
    }
}

#[derive(Debug)]
pub enum Callable {
    Func {
        func: FuncId,
        captures: Rc<[CellRef]>,
    },
    Bound {
        recv: Value,
        func: FuncId,
    },
    Native {
        f: super::natives::Native,
        recv: Option<Value>,
    },
}

/// Runtime-provided objects (sync, time, context, errors, testing).
#[derive(Debug)]
pub enum Object {
    Mutex(RefCell<super::mutex::Mutex>),
    WaitGroup(RefCell<super::waitgroup::WaitGroup>),
    Once(Cell<bool>),
    SyncMap(RefCell<BTreeMap<MapKey, (Value, Value)>>),
    Timer(RefCell<super::timer::TimerObj>),
    Context(RefCell<super::context::Context>),
    Error {
        msg: Rc<str>,
        wrapped: Vec<Value>,
    },
    Time(i64),
    TestingT(RefCell<TestState>),
    Builder(RefCell<String>),
    Cond(RefCell<CondObj>),
    /// An `atomic.Int64` and friends: the value, kept as its type's integer (0/1 for Bool).
    Atomic(Cell<i64>),
    Pool(RefCell<PoolObj>),
}

/// A `sync.Pool`: its `New` function (or nil) and the values `Put` back, newest last.
/// Nothing is dropped by a collection: a program may not rely on either.
#[derive(Debug)]
pub struct PoolObj {
    pub new: Value,
    pub items: Vec<Value>,
}

/// A `sync.Cond`: its Locker and the goroutines parked in `Wait`, in arrival order.
#[derive(Debug)]
pub struct CondObj {
    pub l: Value,
    pub waiters: std::collections::VecDeque<u32>,
}

#[derive(Debug, Default)]
pub struct TestState {
    pub failed: bool,
    pub name: String,
    /// Subtest nesting: 0 for a `TestX`, 1 for its `t.Run`s, and so on.
    pub depth: usize,
    /// For a subtest: its parent's state and the goroutine waiting in `t.Run`.
    pub parent: Option<(Rc<Object>, u32)>,
    /// Whether the waiting `t.Run` wants its bool result.
    pub parent_wants_result: bool,
    /// Virtual time the test started at (for `(0.01s)`).
    pub started: i64,
    /// The finished subtests' `--- PASS` lines, printed after this test's own.
    pub results: Vec<String>,
}

#[derive(Debug)]
pub enum RangeIter {
    Int {
        next: i64,
        end: i64,
        ty: Ty,
    },
    Seq {
        coll: Value,
        next: usize,
        len: usize,
    },
    Str {
        s: GoStr,
        pos: usize,
    },
    Map {
        items: Vec<(Value, Value)>,
        next: usize,
        map: Rc<MapObj>,
    },
}

impl Value {
    pub fn int(v: i64) -> Value {
        Value::Int(v, bt::INT)
    }
    pub fn str(s: &str) -> Value {
        Value::Str(GoStr::from(s), bt::STRING)
    }
    pub fn as_int(&self) -> i64 {
        match self {
            Value::Int(v, _) => *v,
            Value::Float(f, _) => *f as i64,
            Value::Bool(b) => *b as i64,
            _ => 0,
        }
    }
    pub fn as_float(&self) -> f64 {
        match self {
            Value::Int(v, _) => *v as f64,
            Value::Float(f, _) => *f,
            _ => 0.0,
        }
    }
    pub fn as_bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
    pub fn is_nil(&self) -> bool {
        match self {
            Value::Nil | Value::NilOf(_) => true,
            Value::Slice(s) => s.arr.is_none(),
            _ => false,
        }
    }

    /// Go's value semantics: storing a struct or array stores a copy.
    pub fn copied(self) -> Value {
        match &self {
            Value::Struct(_) | Value::Array(..) => self.deep_copy(),
            _ => self,
        }
    }

    pub fn deep_copy(&self) -> Value {
        match self {
            Value::Struct(s) => Value::Struct(Rc::new(StructObj {
                ty: s.ty,
                fields: RefCell::new(s.fields.borrow().iter().map(|f| f.deep_copy()).collect()),
            })),
            Value::Array(a, ty) => {
                let data = match &*a.data.borrow() {
                    Storage::Bytes(b) => Storage::Bytes(b.clone()),
                    Storage::Values(v) => {
                        Storage::Values(v.iter().map(|x| x.deep_copy()).collect())
                    }
                };
                Value::Array(
                    Rc::new(ArrayObj {
                        elem: a.elem,
                        data: RefCell::new(data),
                        id: a.id,
                    }),
                    *ty,
                )
            }
            Value::Obj(o, ty) => match &**o {
                // Copying a zero Mutex/WaitGroup by value (e.g. inside a struct literal)
                // gives an independent lock, as in Go.
                Object::Mutex(m) => Value::Obj(
                    Rc::new(Object::Mutex(RefCell::new(m.borrow().copy_state()))),
                    *ty,
                ),
                Object::WaitGroup(w) => Value::Obj(
                    Rc::new(Object::WaitGroup(RefCell::new(w.borrow().copy_state()))),
                    *ty,
                ),
                Object::Once(c) => Value::Obj(Rc::new(Object::Once(Cell::new(c.get()))), *ty),
                _ => self.clone(),
            },
            _ => self.clone(),
        }
    }

    /// The dynamic type (for `%T`, type switches and method lookup).
    pub fn type_of(&self, prog: &Program) -> Ty {
        match self {
            Value::Nil | Value::Iter(_) | Value::Tuple(_) => bt::INVALID,
            Value::Bool(_) => bt::BOOL,
            Value::Int(_, t) | Value::Float(_, t) | Value::Str(_, t) => *t,
            Value::Slice(s) => s.ty,
            Value::Ptr(p, 0) => {
                let inner = p.load().type_of(prog);
                prog.type_by_name
                    .get(&format!("*{}", prog.ty(inner).name))
                    .copied()
                    .unwrap_or(bt::INVALID)
            }
            Value::Array(_, t)
            | Value::Ptr(_, t)
            | Value::NilOf(t)
            | Value::Map(_, t)
            | Value::Chan(_, t)
            | Value::Obj(_, t) => *t,
            Value::Struct(s) => s.ty,
            Value::Func(_) => {
                let _ = prog;
                bt::FUNC
            }
        }
    }

    pub fn map_key(&self) -> MapKey {
        match self {
            Value::Nil | Value::NilOf(_) => MapKey::Nil,
            Value::Bool(b) => MapKey::Bool(*b),
            Value::Int(v, _) => MapKey::Int(*v),
            Value::Float(f, _) => MapKey::Float(f.to_bits()),
            Value::Str(s, _) => MapKey::Str(s.clone()),
            Value::Struct(s) => {
                MapKey::Tuple(s.fields.borrow().iter().map(|f| f.map_key()).collect())
            }
            Value::Array(a, _) => {
                let d = a.data.borrow();
                MapKey::Tuple((0..d.len()).map(|i| d.get(i).map_key()).collect())
            }
            Value::Ptr(p, _) => MapKey::Addr(p.addr()),
            Value::Chan(c, _) => MapKey::Addr(Rc::as_ptr(c) as usize),
            Value::Map(m, _) => MapKey::Addr(Rc::as_ptr(m) as usize),
            Value::Obj(o, _) => MapKey::Addr(Rc::as_ptr(o) as *const u8 as usize),
            Value::Func(f) => MapKey::Addr(Rc::as_ptr(f) as *const u8 as usize),
            Value::Slice(s) => MapKey::Addr(s.arr.as_ref().map_or(0, |a| Rc::as_ptr(a) as usize)),
            Value::Tuple(_) | Value::Iter(_) => MapKey::Nil,
        }
    }
}

impl Pointer {
    pub fn addr(&self) -> usize {
        match self {
            Pointer::Cell(c) => Rc::as_ptr(c) as *const u8 as usize,
            Pointer::Struct(s) => Rc::as_ptr(s) as *const u8 as usize,
            Pointer::Field(s, i) => Rc::as_ptr(s) as *const u8 as usize + 8 * *i as usize,
            Pointer::Elem(a, i) => Rc::as_ptr(a) as *const u8 as usize + 8 * *i as usize,
        }
    }
    pub fn load(&self) -> Value {
        match self {
            Pointer::Cell(c) => c.borrow().clone(),
            Pointer::Struct(s) => Value::Struct(s.clone()),
            Pointer::Field(s, i) => s.fields.borrow()[*i as usize].clone(),
            Pointer::Elem(a, i) => a.data.borrow().get(*i as usize),
        }
    }
    pub fn store(&self, v: Value) {
        match self {
            Pointer::Cell(c) => *c.borrow_mut() = v,
            Pointer::Struct(s) => {
                if let Value::Struct(src) = v {
                    let new = src.fields.borrow().iter().map(|f| f.deep_copy()).collect();
                    *s.fields.borrow_mut() = new;
                }
            }
            Pointer::Field(s, i) => s.fields.borrow_mut()[*i as usize] = v,
            Pointer::Elem(a, i) => a.data.borrow_mut().set(*i as usize, v),
        }
    }
}

/// Equality as Go's `==` (for comparable values).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::Int(x, _), Value::Float(y, _)) | (Value::Float(y, _), Value::Int(x, _)) => {
            (*x as f64) == *y
        }
        (Value::Str(x, _), Value::Str(y, _)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (x, y) if x.is_nil() || y.is_nil() => x.is_nil() && y.is_nil(),
        (Value::Ptr(p, _), Value::Ptr(q, _)) => p.addr() == q.addr(),
        (Value::Chan(p, _), Value::Chan(q, _)) => Rc::ptr_eq(p, q),
        (Value::Map(p, _), Value::Map(q, _)) => Rc::ptr_eq(p, q),
        (Value::Obj(p, _), Value::Obj(q, _)) => Rc::ptr_eq(p, q),
        (Value::Struct(p), Value::Struct(q)) => {
            p.ty == q.ty && {
                let (f, g) = (p.fields.borrow(), q.fields.borrow());
                f.iter().zip(g.iter()).all(|(x, y)| values_equal(x, y))
            }
        }
        (Value::Array(..), Value::Array(..)) => a.map_key() == b.map_key(),
        _ => false,
    }
}
