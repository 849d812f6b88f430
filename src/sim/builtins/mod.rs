//! Native functions: Go builtins and the standard-library subset.

mod ctx;
mod fmt_errors;
mod lang;
mod rand;
mod runtime;
mod slices;
mod strconv;
mod strings;
mod sync;
mod time;

use super::context::{self, Context};
use super::heap::grow_cap;
use super::interp::*;
use super::ir::{builtin_types as bt, *};
use super::natives::Native;
use super::timer::{TimerAction, TimerObj};
use super::trace::EventKind;
use super::value::*;
use super::wait::WaitReason;
use std::cell::RefCell;
use std::rc::Rc;

/// A native sent to the wrong package's handler: a simulator bug, reported as a construct
/// not simulated rather than a panic.
fn misrouted(f: Native) -> Stop {
    Stop::NotSimulated(format!("native {f:?} (misrouted)"))
}

impl Machine {
    /// Calls a native, dispatching on its package.
    pub fn call_native(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &mut Vec<Value>,
    ) -> Res<Results> {
        use Native::*;
        match f {
            Len | Cap | Append | AppendInLoop | Copy | Delete | Clear | Close | Panic | Recover
            | Print | Println | Min | Max | Make(_) | New(_) => self.call_builtin(g, f, args),
            FmtPrintln | FmtPrint | FmtPrintf | FmtFprintln | FmtFprintf | FmtFprint
            | FmtSprintf | FmtSprint | FmtSprintln | FmtErrorf | ErrorsNew | ErrorsUnwrap
            | ErrorsIs | ErrorsAs | ErrorsJoin => self.call_fmt_errors(g, f, args),
            TimeSleep | TimeAfter | TimeNewTimer | TimeTick | TimeNewTicker | TimeAfterFunc
            | TimeNow | TimeSince | TimeUntil => self.call_time(g, f, args),
            CtxBackground | CtxWithCancel | CtxWithTimeout | CtxWithDeadline | CtxWithValue
            | CtxCancel => self.call_context(g, f, args),
            BytesEqual | BytesContains | StrRepeat | StrToUpper | StrToLower | StrContains
            | StrHasPrefix | StrHasSuffix | StrTrimSpace | StrTrimPrefix | StrTrimSuffix
            | StrIndex | StrReplaceAll | StrClone | StrSplit | StrFields | StrJoin
            | BytesRepeat => self.call_strings(g, f, args),
            ParseBool | FormatFloat | Itoa | FormatInt | AppendInt | Quote | Atoi => {
                self.call_strconv(g, f, args)
            }
            SortSlice | SlicesSortFunc | SlicesCompact | BytesClone | SlicesClone
            | SlicesContains | SlicesIndex | SlicesSort | SortInts | SortStrings
            | SlicesReverse | SlicesMax | SlicesMin => self.call_slices(g, f, args),
            SyncNewCond | SyncNewPool | Atomic(_) => self.call_sync_package(g, f, args),
            Rand(r) => self.call_rand(g, r, args),
            NumGoroutine | Gc | Gosched | NumCpu | Gomaxprocs | OsExit | MathSqrt | MathAbs
            | MathMaxF | MathMinF | MathFloor | MathPow | ObjMethod(_) | WgDone | RunThen
            | TestRunner | TestDone | SubtestDone => self.call_runtime(g, f, args),
        }
    }
}

pub fn append(prog: &Program, base: Value, extra: Vec<Value>, id: u32, in_loop: bool) -> Value {
    let (arr, off, len, cap, ty) = match base {
        Value::Slice(s) => {
            let (off, len, cap) = (s.offset(), s.length(), s.capacity());
            (s.arr, off, len, cap, s.ty)
        }
        Value::NilOf(t) => (None, 0, 0, 0, t),
        _ => (None, 0, 0, 0, bt::ANY),
    };
    if extra.is_empty() {
        return Value::Slice(SliceVal::new(arr, off, len, cap, ty));
    }
    let elem = prog.elem(ty);
    let extra: Vec<Value> = extra
        .into_iter()
        .map(|v| super::exec::coerce(prog, v, elem).copied())
        .collect();
    let new_len = len + extra.len();
    if new_len <= cap {
        let a = arr.unwrap();
        {
            let mut d = a.data.borrow_mut();
            for (i, v) in extra.into_iter().enumerate() {
                d.set(off + len + i, v);
            }
        }
        return Value::Slice(SliceVal::new(Some(a), off, new_len, cap, ty));
    }
    let elem_size = prog.size_of(elem);
    let mut new_cap = grow_cap(cap, new_len, elem_size);
    // Go 1.25+ gives the first append to a nil slice a 32-byte backing store (on the
    // stack when the slice does not escape; we cannot tell, so we always do).
    if in_loop
        && arr.is_none()
        && elem_size > 0
        && elem_size <= 32
        && (new_len as u64) * elem_size <= 32
    {
        new_cap = new_cap.max((32 / elem_size) as usize);
    }
    let mut vals: Vec<Value> = match &arr {
        Some(a) => {
            let d = a.data.borrow();
            (off..off + len).map(|i| d.get(i)).collect()
        }
        None => Vec::new(),
    };
    vals.extend(extra);
    let z = zero_of(prog, elem);
    vals.resize(new_cap, z);
    let a = new_array(prog, elem, vals, id);
    Value::Slice(SliceVal::new(Some(a), 0, new_len, new_cap, ty))
}
