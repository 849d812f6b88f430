//! The standard-library functions the simulator knows, by package and name.

use super::ir::{builtin_types as bt, Ty};
use super::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicOp {
    Add,
    Load,
    Store,
    Swap,
    CompareAndSwap,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RandFn {
    /// `Intn`, `IntN`, `Int63n`, `Int64N`, `Int31n`, `Int32N`, `N`: uniform in `0..n`.
    Below,
    /// `Int`, `Int63`, `Int64`: non-negative 63-bit.
    NonNegative63,
    /// `Int31`, `Int32`: non-negative 31-bit.
    NonNegative31,
    Uint32,
    Uint64,
    Float64,
    Perm,
    Shuffle,
    /// `Seed`: deprecated since Go 1.20 and ignored here (the run's seed decides).
    Seed,
}

/// The `math/rand` (and `/v2`) function called `name`.
fn rand_fn(name: &str) -> Option<RandFn> {
    use RandFn::*;
    Some(match name {
        "Intn" | "IntN" | "Int63n" | "Int64N" | "Int31n" | "Int32N" | "N" | "UintN" | "Uint64N"
        | "Uint32N" => Below,
        "Int" | "Int63" | "Int64" => NonNegative63,
        "Int31" | "Int32" => NonNegative31,
        "Uint32" => Uint32,
        "Uint64" => Uint64,
        "Float64" => Float64,
        "Perm" => Perm,
        "Shuffle" => Shuffle,
        "Seed" => Seed,
        _ => return None,
    })
}

/// The `sync/atomic` function called `name` (`AddInt64`, `CompareAndSwapUint32`…).
fn atomic_op(name: &str) -> Option<AtomicOp> {
    let widths = ["Int32", "Int64", "Uint32", "Uint64", "Uintptr"];
    let (op, width) = [
        ("CompareAndSwap", AtomicOp::CompareAndSwap),
        ("Add", AtomicOp::Add),
        ("Load", AtomicOp::Load),
        ("Store", AtomicOp::Store),
        ("Swap", AtomicOp::Swap),
    ]
    .into_iter()
    .find_map(|(prefix, op)| name.strip_prefix(prefix).map(|w| (op, w)))?;
    widths.contains(&width).then_some(op)
}

impl Native {
    /// Natives Go declares without a result: using their call as a value is a compile
    /// error (`time.Sleep(d) (no value) used as value`).
    pub fn has_no_result(self) -> bool {
        use Native::*;
        matches!(
            self,
            Delete
                | Close
                | Panic
                | Print
                | Println
                | Clear
                | TimeSleep
                | Gc
                | Gosched
                | OsExit
                | SortSlice
                | SlicesSortFunc
                | SlicesSort
                | SortInts
                | SortStrings
                | SlicesReverse
                | Atomic(AtomicOp::Store)
                | Rand(RandFn::Shuffle | RandFn::Seed)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Native {
    // builtins
    Len,
    Cap,
    Append,
    /// `append` inside a loop (Go 1.25+ may give the first append a 32-byte stack buffer).
    AppendInLoop,
    Copy,
    Delete,
    Close,
    Panic,
    Recover,
    Print,
    Println,
    Min,
    Max,
    Clear,
    Make(Ty),
    New(Ty),
    // fmt
    FmtPrintln,
    FmtPrintf,
    FmtPrint,
    FmtSprintf,
    FmtSprint,
    FmtSprintln,
    FmtErrorf,
    FmtFprintln,
    FmtFprintf,
    FmtFprint,
    // errors
    ErrorsNew,
    ErrorsIs,
    ErrorsUnwrap,
    ErrorsAs,
    ErrorsJoin,
    // time
    TimeSleep,
    // sync
    SyncNewCond,
    /// `sync.Pool{New: f}` (the literal; the zero Pool is its zero value).
    SyncNewPool,
    /// `sync/atomic` functions on a pointer to an integer.
    Atomic(AtomicOp),
    /// `math/rand` and `math/rand/v2`, drawn from the run's seed.
    Rand(RandFn),
    TimeAfter,
    TimeTick,
    TimeNewTimer,
    TimeNewTicker,
    TimeAfterFunc,
    TimeNow,
    TimeSince,
    // runtime
    NumGoroutine,
    Gc,
    Gosched,
    NumCpu,
    Gomaxprocs,
    // context
    CtxBackground,
    CtxWithCancel,
    CtxWithTimeout,
    CtxWithDeadline,
    CtxWithValue,
    // strings / bytes / strconv / slices / sort / os / math
    StrRepeat,
    StrToUpper,
    StrToLower,
    StrContains,
    StrHasPrefix,
    StrHasSuffix,
    StrSplit,
    StrJoin,
    StrTrimSpace,
    StrIndex,
    StrFields,
    StrReplaceAll,
    StrClone,
    StrTrimPrefix,
    StrTrimSuffix,
    BytesClone,
    BytesRepeat,
    Itoa,
    Atoi,
    FormatInt,
    AppendInt,
    Quote,
    SlicesClone,
    SlicesContains,
    SlicesIndex,
    SlicesSort,
    SlicesReverse,
    SlicesMax,
    SlicesMin,
    SortInts,
    SortStrings,
    OsExit,
    MathSqrt,
    MathAbs,
    MathMaxF,
    MathMinF,
    MathFloor,
    MathPow,
    TimeUntil,
    SortSlice,
    SlicesSortFunc,
    ParseBool,
    FormatFloat,
    SlicesCompact,
    BytesEqual,
    BytesContains,
    /// A method of a runtime object, bound to its receiver.
    ObjMethod(super::ir::Name),
    WgDone,
    /// Calls the first element of its receiver tuple, then the second (WaitGroup.Go).
    RunThen,
    CtxCancel,
    TestRunner,
    TestDone,
    /// Ends the goroutine of a subtest: reports to the parent waiting in t.Run.
    SubtestDone,
}

/// What a `pkg.Name` selector denotes.
pub enum Member {
    Func(Native),
    Value(Value),
    Type(Ty),
}

pub fn lookup(pkg: &str, name: &str) -> Option<Member> {
    use Native::*;
    let f = |n| Some(Member::Func(n));
    let dur = |ns: i64| Some(Member::Value(Value::Int(ns, bt::DURATION)));
    match (pkg, name) {
        ("sync/atomic", "Int32") => return Some(Member::Type(bt::ATOMIC_INT32)),
        ("sync/atomic", "Int64") => return Some(Member::Type(bt::ATOMIC_INT64)),
        ("sync/atomic", "Uint32") => return Some(Member::Type(bt::ATOMIC_UINT32)),
        ("sync/atomic", "Uint64") => return Some(Member::Type(bt::ATOMIC_UINT64)),
        ("sync/atomic", "Bool") => return Some(Member::Type(bt::ATOMIC_BOOL)),
        _ => {}
    }
    match pkg {
        "sync/atomic" => return atomic_op(name).map(|op| Member::Func(Atomic(op))),
        "math/rand" | "math/rand/v2" => return rand_fn(name).map(|r| Member::Func(Rand(r))),
        _ => {}
    }
    match (pkg, name) {
        ("fmt", "Println") => f(FmtPrintln),
        ("fmt", "Printf") => f(FmtPrintf),
        ("fmt", "Print") => f(FmtPrint),
        ("fmt", "Sprintf") => f(FmtSprintf),
        ("fmt", "Sprint") => f(FmtSprint),
        ("fmt", "Sprintln") => f(FmtSprintln),
        ("fmt", "Errorf") => f(FmtErrorf),
        ("fmt", "Fprintln") => f(FmtFprintln),
        ("fmt", "Fprintf") => f(FmtFprintf),
        ("fmt", "Fprint") => f(FmtFprint),
        ("os", "Stdout") => Some(Member::Value(Value::Int(1, bt::UINTPTR))),
        ("os", "Stderr") => Some(Member::Value(Value::Int(2, bt::UINTPTR))),
        ("os", "Exit") => f(OsExit),
        ("errors", "New") => f(ErrorsNew),
        ("errors", "Join") => f(ErrorsJoin),
        ("errors", "Is") => f(ErrorsIs),
        ("errors", "Unwrap") => f(ErrorsUnwrap),
        ("errors", "As") => f(ErrorsAs),
        ("time", "Sleep") => f(TimeSleep),
        ("time", "After") => f(TimeAfter),
        ("time", "Tick") => f(TimeTick),
        ("time", "NewTimer") => f(TimeNewTimer),
        ("time", "NewTicker") => f(TimeNewTicker),
        ("time", "AfterFunc") => f(TimeAfterFunc),
        ("time", "Now") => f(TimeNow),
        ("time", "Since") => f(TimeSince),
        ("time", "Until") => f(TimeUntil),
        ("sort", "Slice") | ("sort", "SliceStable") => f(SortSlice),
        ("slices", "SortFunc") | ("slices", "SortStableFunc") => f(SlicesSortFunc),
        ("strconv", "ParseBool") => f(ParseBool),
        ("strconv", "FormatFloat") => f(FormatFloat),
        ("slices", "Compact") => f(SlicesCompact),
        ("bytes", "Equal") => f(BytesEqual),
        ("bytes", "Contains") => f(BytesContains),
        ("time", "Nanosecond") => dur(1),
        ("time", "Microsecond") => dur(1_000),
        ("time", "Millisecond") => dur(1_000_000),
        ("time", "Second") => dur(1_000_000_000),
        ("time", "Minute") => dur(60_000_000_000),
        ("time", "Hour") => dur(3_600_000_000_000),
        ("time", "Duration") => Some(Member::Type(bt::DURATION)),
        ("time", "Timer") => Some(Member::Type(bt::TIMER)),
        ("time", "Ticker") => Some(Member::Type(bt::TICKER)),
        ("time", "Time") => Some(Member::Type(bt::TIME)),
        ("runtime", "NumGoroutine") => f(NumGoroutine),
        ("runtime", "GC") => f(Gc),
        ("runtime", "Gosched") => f(Gosched),
        ("runtime", "NumCPU") => f(NumCpu),
        ("runtime", "GOMAXPROCS") => f(Gomaxprocs),
        ("sync", "Mutex") => Some(Member::Type(bt::MUTEX)),
        ("sync", "RWMutex") => Some(Member::Type(bt::RWMUTEX)),
        ("sync", "WaitGroup") => Some(Member::Type(bt::WAITGROUP)),
        ("sync", "Once") => Some(Member::Type(bt::ONCE)),
        ("sync", "Cond") => Some(Member::Type(bt::COND)),
        ("sync", "Pool") => Some(Member::Type(bt::POOL)),
        ("sync", "NewCond") => f(SyncNewCond),
        ("sync", "Map") => Some(Member::Type(bt::SYNCMAP)),
        ("context", "Background") | ("context", "TODO") => f(CtxBackground),
        ("context", "WithCancel") => f(CtxWithCancel),
        ("context", "WithTimeout") => f(CtxWithTimeout),
        ("context", "WithDeadline") => f(CtxWithDeadline),
        ("context", "WithValue") => f(CtxWithValue),
        ("context", "Context") => Some(Member::Type(bt::CONTEXT)),
        ("context", "CancelFunc") => Some(Member::Type(bt::CANCEL_FUNC)),
        ("context", "Canceled") => Some(Member::Value(super::interp::error_value(
            super::context::CANCELED,
        ))),
        ("context", "DeadlineExceeded") => Some(Member::Value(super::interp::error_value(
            super::context::DEADLINE_EXCEEDED,
        ))),
        ("testing", "T") => Some(Member::Type(bt::TESTING_T)),
        ("strings", "Builder") => Some(Member::Type(bt::STRINGS_BUILDER)),
        ("strings", "Repeat") => f(StrRepeat),
        ("strings", "ToUpper") => f(StrToUpper),
        ("strings", "ToLower") => f(StrToLower),
        ("strings", "Contains") => f(StrContains),
        ("strings", "HasPrefix") => f(StrHasPrefix),
        ("strings", "HasSuffix") => f(StrHasSuffix),
        ("strings", "Split") => f(StrSplit),
        ("strings", "Join") => f(StrJoin),
        ("strings", "TrimSpace") => f(StrTrimSpace),
        ("strings", "TrimPrefix") => f(StrTrimPrefix),
        ("strings", "TrimSuffix") => f(StrTrimSuffix),
        ("strings", "Index") => f(StrIndex),
        ("strings", "Fields") => f(StrFields),
        ("strings", "ReplaceAll") => f(StrReplaceAll),
        ("strings", "Clone") => f(StrClone),
        ("bytes", "Clone") => f(BytesClone),
        ("bytes", "Repeat") => f(BytesRepeat),
        ("strconv", "Itoa") => f(Itoa),
        ("strconv", "Atoi") => f(Atoi),
        ("strconv", "FormatInt") => f(FormatInt),
        ("strconv", "AppendInt") => f(AppendInt),
        ("strconv", "Quote") => f(Quote),
        ("slices", "Clone") => f(SlicesClone),
        ("slices", "Contains") => f(SlicesContains),
        ("slices", "Index") => f(SlicesIndex),
        ("slices", "Sort") => f(SlicesSort),
        ("slices", "Reverse") => f(SlicesReverse),
        ("slices", "Max") => f(SlicesMax),
        ("slices", "Min") => f(SlicesMin),
        ("sort", "Ints") => f(SortInts),
        ("sort", "Strings") => f(SortStrings),
        ("math", "Sqrt") => f(MathSqrt),
        ("math", "Abs") => f(MathAbs),
        ("math", "Max") => f(MathMaxF),
        ("math", "Min") => f(MathMinF),
        ("math", "Floor") => f(MathFloor),
        ("math", "Pow") => f(MathPow),
        ("math", "MaxInt") | ("math", "MaxInt64") => Some(Member::Value(Value::int(i64::MAX))),
        ("math", "MinInt") | ("math", "MinInt64") => Some(Member::Value(Value::int(i64::MIN))),
        ("math", "Pi") => Some(Member::Value(Value::Float(
            std::f64::consts::PI,
            bt::FLOAT64,
        ))),
        _ => None,
    }
}

/// Builtin function names (usable unless shadowed).
pub fn builtin(name: &str) -> Option<Native> {
    use Native::*;
    Some(match name {
        "len" => Len,
        "cap" => Cap,
        "append" => Append,
        "copy" => Copy,
        "delete" => Delete,
        "close" => Close,
        "panic" => Panic,
        "recover" => Recover,
        "print" => Print,
        "println" => Println,
        "min" => Min,
        "max" => Max,
        "clear" => Clear,
        _ => return None,
    })
}

/// Packages whose members the simulator knows.
pub const KNOWN_PACKAGES: &[&str] = &[
    "fmt",
    "errors",
    "time",
    "runtime",
    "sync",
    "context",
    "strings",
    "bytes",
    "strconv",
    "slices",
    "sort",
    "os",
    "math",
    "testing",
    "sync/atomic",
    "math/rand",
    "math/rand/v2",
];
