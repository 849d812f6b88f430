//! The ops `run_ops` runs back to back without `exec`: loads, stores, int arithmetic,
//! jumps, and the peephole pass's fused forms of them (the learner's hot loops).

use super::super::interp::{Res, Stop};
use super::super::ir::{builtin_types as bt, *};
use super::super::value::*;
use super::{binary, store_into, wrap_int, zero_of};
use std::cell::RefCell;
use std::rc::Rc;
/// What a simple op asks of the loop running it.
pub(super) enum Flow {
    Next,
    Goto(u32),
    /// Not a simple op: `exec` runs it.
    Other,
}

/// Runs `op` if it touches only the current frame's slots and captures, the stack and
/// globals (loads, stores, arithmetic, jumps). `run_ops` runs these back to back in a
/// tight loop, without `exec`'s per-op setup.
#[inline(always)]
pub(super) fn simple_op(
    prog: &Program,
    globals: &[CellRef],
    op: &Op,
    base: usize,
    captures: &[CellRef],
    stack: &mut Vec<Value>,
) -> Result<Flow, Box<Stop>> {
    match op {
        Op::Const(k) => stack.push(prog.consts[*k as usize].clone()),
        Op::Zero(t) => {
            let z = zero_of(prog, *t);
            stack.push(z)
        }
        Op::Pop => {
            stack.pop();
        }
        Op::Dup => {
            let v = stack.last().cloned().unwrap_or_default();
            stack.push(v);
        }
        Op::LoadLocal(s) => {
            let v = match &stack[base + *s as usize] {
                Value::Int(x, t) => Value::Int(*x, *t),
                v => v.clone(),
            };
            stack.push(v);
        }
        Op::StoreLocal(s) => {
            let v = stack.pop().unwrap_or_default();
            store_local(&mut stack[base + *s as usize], v);
        }
        Op::BinaryLocal { slot, right, op } => {
            let a = &stack[base + *slot as usize];
            let b = operand(prog, stack, base, *right);
            let v = match int_arith(*op, a, b) {
                Some(v) => v,
                None => binary(prog, *op, a.clone(), b.clone())?,
            };
            stack.push(v);
        }
        Op::UpdateLocal { slot, op } => {
            let b = stack.pop().unwrap_or_default();
            let a = &mut stack[base + *slot as usize];
            if int_update(*op, a, &b) {
                forget_int(b);
            } else {
                let v = binary(prog, *op, a.clone(), b)?;
                store_local(a, v);
            }
        }
        Op::UpdateLocalBy { slot, right, op } => {
            let b = operand(prog, stack, base, *right);
            let i = base + *slot as usize;
            let b = match b {
                &Value::Int(y, bt::INT) => Value::Int(y, bt::INT),
                b => b.clone(),
            };
            if int_update(*op, &mut stack[i], &b) {
                forget_int(b);
            } else {
                let v = binary(prog, *op, stack[i].clone(), b)?;
                store_local(&mut stack[i], v);
            }
        }
        Op::IncLoop {
            slot,
            delta,
            right,
            op,
            target,
        } => {
            inc_local(prog, &mut stack[base + *slot as usize], *delta);
            if compare(prog, stack, base, *slot, *right, *op)? {
                return Ok(Flow::Goto(*target));
            }
        }
        Op::IncLocal(s, d) => inc_local(prog, &mut stack[base + *s as usize], *d),
        Op::LoadBoxed(s) => {
            let v = match &stack[base + *s as usize] {
                Value::Ptr(Pointer::Cell(c), _) => c.borrow().clone(),
                v => v.clone(),
            };
            stack.push(v);
        }
        Op::StoreBoxed(s) => {
            let v = stack.pop().unwrap_or_default();
            match &stack[base + *s as usize] {
                Value::Ptr(Pointer::Cell(c), _) => store_into(&mut c.borrow_mut(), v),
                _ => {
                    stack[base + *s as usize] =
                        Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(v.copied()))), 0)
                }
            }
        }
        Op::NewBox(s) => {
            let v = stack.pop().unwrap_or_default().copied();
            stack[base + *s as usize] = Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(v))), 0);
        }
        Op::RebindBox(s) => {
            if let Value::Ptr(Pointer::Cell(c), _) = &stack[base + *s as usize] {
                let v = c.borrow().clone().copied();
                stack[base + *s as usize] = Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(v))), 0);
            }
        }
        Op::LoadCapture(i) => {
            let v = captures[*i as usize].borrow().clone();
            stack.push(v);
        }
        Op::StoreCapture(i) => {
            let v = stack.pop().unwrap_or_default();
            let c = captures[*i as usize].clone();
            store_into(&mut c.borrow_mut(), v);
        }
        Op::LoadGlobal(i) => {
            let v = globals[*i as usize].borrow().clone();
            stack.push(v);
        }
        Op::StoreGlobal(i) => {
            let v = stack.pop().unwrap_or_default();
            store_into(&mut globals[*i as usize].borrow_mut(), v);
        }
        Op::Binary(op) => {
            let b = stack.pop().unwrap_or_default();
            let a = stack.pop().unwrap_or_default();
            let v = match int_arith(*op, &a, &b) {
                Some(v) => {
                    forget_int(a);
                    forget_int(b);
                    v
                }
                None => binary(prog, *op, a, b)?,
            };
            stack.push(v);
        }
        Op::Unary(op) => {
            let a = stack.pop().unwrap_or_default();
            let v = match (op, a) {
                (UnOp::Neg, Value::Int(x, t)) => Value::Int(x.wrapping_neg(), t),
                (UnOp::Neg, Value::Float(x, t)) => Value::Float(-x, t),
                (UnOp::Not, Value::Bool(b)) => Value::Bool(!b),
                (UnOp::BitNot, Value::Int(x, t)) => match prog.kind(t) {
                    Kind::Int { bits, signed } => Value::Int(wrap_int(!x, *bits, *signed), t),
                    _ => Value::Int(!x, t),
                },
                (_, v) => v,
            };
            stack.push(v);
        }
        Op::Jump(t) => return Ok(Flow::Goto(*t)),
        Op::CompareJump {
            slot,
            right,
            op,
            target,
        } => {
            if !compare(prog, stack, base, *slot, *right, *op)? {
                return Ok(Flow::Goto(*target));
            }
        }
        Op::CompareLoop {
            slot,
            right,
            op,
            target,
        } => {
            if compare(prog, stack, base, *slot, *right, *op)? {
                return Ok(Flow::Goto(*target));
            }
        }
        Op::JumpIfFalse(t) => {
            if !stack.pop().unwrap_or_default().as_bool() {
                return Ok(Flow::Goto(*t));
            }
        }
        Op::JumpIfTrue(t) => {
            if stack.pop().unwrap_or_default().as_bool() {
                return Ok(Flow::Goto(*t));
            }
        }
        Op::RangeChanNext { .. } | Op::Nop => {}
        _ => return Ok(Flow::Other),
    }
    Ok(Flow::Next)
}

/// `x++` and `x--` on a local.
#[inline(always)]
fn inc_local(prog: &Program, slot: &mut Value, d: i64) {
    match slot {
        Value::Int(x, bt::INT) => *x = x.wrapping_add(d),
        Value::Int(x, t) => {
            *x = match prog.kind(*t) {
                Kind::Int { bits, signed } => wrap_int(x.wrapping_add(d), *bits, *signed),
                _ => x.wrapping_add(d),
            }
        }
        Value::Float(f, _) => *f += d as f64,
        _ => {}
    }
}

/// `StoreLocal`: an int into a slot that holds one is written in place, and a number or
/// bool into a slot that holds one is a plain move.
#[inline(always)]
fn store_local(slot: &mut Value, v: Value) {
    match (&mut *slot, &v) {
        (Value::Int(x, t), &Value::Int(y, ty)) => {
            (*x, *t) = (y, ty);
            forget_int(v);
        }
        (Value::Int(..) | Value::Bool(_) | Value::Nil, Value::Int(..) | Value::Bool(_)) => {
            *slot = v
        }
        _ => store_into(slot, v),
    }
}

/// Drops a value known to be a number without calling `Value`'s drop glue (out of line,
/// and a tenth of a tight loop's time): a number owns nothing.
#[inline(always)]
fn forget_int(v: Value) {
    debug_assert!(matches!(v, Value::Int(..) | Value::Bool(_)));
    std::mem::forget(v);
}

/// `x op= y` for two Go `int`s, in place; false (and `x` untouched) for anything else.
#[inline(always)]
fn int_update(op: BinOp, x: &mut Value, y: &Value) -> bool {
    let (Value::Int(x, bt::INT), &Value::Int(y, bt::INT)) = (x, y) else {
        return false;
    };
    match int_op(op, *x, y) {
        Some(r) => {
            *x = r;
            true
        }
        None => false,
    }
}

/// The arithmetic of two `int`s; `None` for comparisons, shifts and a division by zero.
#[inline(always)]
fn int_op(op: BinOp, x: i64, y: i64) -> Option<i64> {
    use BinOp::*;
    Some(match op {
        Add => x.wrapping_add(y),
        Sub => x.wrapping_sub(y),
        Mul => x.wrapping_mul(y),
        Div if y != 0 => x.wrapping_div(y),
        Rem if y != 0 => x.wrapping_rem(y),
        And => x & y,
        Or => x | y,
        Xor => x ^ y,
        AndNot => x & !y,
        _ => return None,
    })
}

#[inline(always)]
fn operand<'a>(prog: &'a Program, stack: &'a [Value], base: usize, right: Operand) -> &'a Value {
    match right {
        Operand::Const(k) => &prog.consts[k as usize],
        Operand::Local(s) => &stack[base + s as usize],
    }
}

/// A fused comparison of a local with a constant or local.
#[inline(always)]
fn compare(
    prog: &Program,
    stack: &[Value],
    base: usize,
    slot: u16,
    right: Operand,
    op: BinOp,
) -> Res<bool> {
    let a = &stack[base + slot as usize];
    let b = operand(prog, stack, base, right);
    Ok(match int_arith(op, a, b) {
        Some(v) => v.as_bool(),
        None => binary(prog, op, a.clone(), b.clone())?.as_bool(),
    })
}

/// Arithmetic and comparison of two Go `int`s (the learner's counters and indexes), and
/// equality of any two ints of one type, without the general `binary`; `None` for
/// anything else, a division by zero and shifts included, which `binary` handles.
#[inline(always)]
fn int_arith(op: BinOp, a: &Value, b: &Value) -> Option<Value> {
    use BinOp::*;
    let (&Value::Int(x, tx), &Value::Int(y, ty)) = (a, b) else {
        return None;
    };
    if tx != bt::INT || ty != bt::INT {
        return match op {
            Eq if tx == ty => Some(Value::Bool(x == y)),
            Ne if tx == ty => Some(Value::Bool(x != y)),
            _ => None,
        };
    }
    match op {
        Eq => Some(Value::Bool(x == y)),
        Ne => Some(Value::Bool(x != y)),
        Lt => Some(Value::Bool(x < y)),
        Le => Some(Value::Bool(x <= y)),
        Gt => Some(Value::Bool(x > y)),
        Ge => Some(Value::Bool(x >= y)),
        _ => int_op(op, x, y).map(|r| Value::Int(r, bt::INT)),
    }
}
