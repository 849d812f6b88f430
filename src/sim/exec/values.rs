//! Operations on values: type tests and binary and unary operators with Go's semantics.

use super::*;
use crate::sim::gostr::GoStr;

pub fn type_matches(prog: &Program, v: &Value, ty: Ty) -> bool {
    if matches!(v, Value::Nil) {
        return false;
    }
    let vt = v.type_of(prog);
    if vt == ty {
        return true;
    }
    match prog.kind(ty) {
        Kind::Interface(methods) => {
            if ty == bt::ERROR {
                return matches!(v, Value::Obj(o, _) if matches!(**o, Object::Error { .. }))
                    || has_method(
                        prog,
                        v,
                        prog.names
                            .iter()
                            .position(|n| n == "Error")
                            .map(|x| x as u32),
                    );
            }
            methods.iter().all(|m| has_method(prog, v, Some(*m)))
        }
        Kind::Ptr(e) => matches!(v, Value::Ptr(Pointer::Struct(s), _) if s.ty == *e),
        _ => false,
    }
}

pub(super) fn has_method(prog: &Program, v: &Value, name: Option<Name>) -> bool {
    let Some(name) = name else { return false };
    let (ty, is_ptr) = match v {
        Value::Ptr(Pointer::Struct(s), _) => (s.ty, true),
        Value::Ptr(p, _) => (p.load().type_of(prog), true),
        v => (v.type_of(prog), false),
    };
    match prog.ty(ty).methods.get(&name) {
        Some((_, ptr_recv)) => is_ptr || !ptr_recv,
        None => false,
    }
}

pub fn binary(prog: &Program, op: BinOp, a: Value, b: Value) -> Res<Value> {
    use BinOp::*;
    Ok(match (a, b) {
        (Value::Int(x, tx), Value::Int(y, ty)) => {
            let t = if tx == bt::INT && ty != bt::INT && !matches!(op, Shl | Shr) {
                ty
            } else {
                tx
            };
            let (bits, signed) = match prog.kind(t) {
                Kind::Int { bits, signed } => (*bits, *signed),
                _ => (64, true),
            };
            let r = match op {
                Add => x.wrapping_add(y),
                Sub => x.wrapping_sub(y),
                Mul => x.wrapping_mul(y),
                Div | Rem => {
                    if y == 0 {
                        return Err(runtime_error("integer divide by zero".into()));
                    }
                    if signed || bits < 64 {
                        if op == Div {
                            x.wrapping_div(y)
                        } else {
                            x.wrapping_rem(y)
                        }
                    } else if op == Div {
                        ((x as u64) / (y as u64)) as i64
                    } else {
                        ((x as u64) % (y as u64)) as i64
                    }
                }
                And => x & y,
                Or => x | y,
                Xor => x ^ y,
                AndNot => x & !y,
                Shl => {
                    if y >= 64 {
                        0
                    } else {
                        x.wrapping_shl(y as u32)
                    }
                }
                Shr => {
                    if signed {
                        if y >= 64 {
                            if x < 0 {
                                -1
                            } else {
                                0
                            }
                        } else {
                            x >> y
                        }
                    } else if y >= 64 {
                        0
                    } else {
                        ((x as u64) >> y) as i64
                    }
                }
                Eq => return Ok(Value::Bool(x == y)),
                Ne => return Ok(Value::Bool(x != y)),
                Lt => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x < y
                    } else {
                        (x as u64) < (y as u64)
                    }))
                }
                Le => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x <= y
                    } else {
                        (x as u64) <= (y as u64)
                    }))
                }
                Gt => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x > y
                    } else {
                        (x as u64) > (y as u64)
                    }))
                }
                Ge => {
                    return Ok(Value::Bool(if signed || bits < 64 {
                        x >= y
                    } else {
                        (x as u64) >= (y as u64)
                    }))
                }
            };
            Value::Int(wrap_int(r, bits, signed), t)
        }
        (a @ (Value::Float(..) | Value::Int(..)), b @ (Value::Float(..) | Value::Int(..))) => {
            let t = match (&a, &b) {
                (Value::Float(_, t), _) | (_, Value::Float(_, t)) => *t,
                _ => bt::FLOAT64,
            };
            let (x, y) = (a.as_float(), b.as_float());
            let r = match op {
                Add => x + y,
                Sub => x - y,
                Mul => x * y,
                Div => x / y,
                Eq => return Ok(Value::Bool(x == y)),
                Ne => return Ok(Value::Bool(x != y)),
                Lt => return Ok(Value::Bool(x < y)),
                Le => return Ok(Value::Bool(x <= y)),
                Gt => return Ok(Value::Bool(x > y)),
                Ge => return Ok(Value::Bool(x >= y)),
                _ => return Err(Stop::NotSimulated("this operator on floats".into())),
            };
            Value::Float(if t == bt::FLOAT32 { r as f32 as f64 } else { r }, t)
        }
        (Value::Str(x, t), Value::Str(y, _)) => match op {
            Add => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(&x);
                s.push_str(&y);
                Value::Str(GoStr::from(s.as_str()), t)
            }
            Eq => Value::Bool(x == y),
            Ne => Value::Bool(x != y),
            Lt => Value::Bool(x < y),
            Le => Value::Bool(x <= y),
            Gt => Value::Bool(x > y),
            Ge => Value::Bool(x >= y),
            _ => return Err(Stop::NotSimulated("this operator on strings".into())),
        },
        (a, b) => match op {
            Eq => Value::Bool(values_equal(&a, &b)),
            Ne => Value::Bool(!values_equal(&a, &b)),
            _ => match (&a, &b) {
                (Value::Bool(x), Value::Bool(y)) => match op {
                    And => Value::Bool(*x & *y),
                    Or => Value::Bool(*x | *y),
                    _ => return Err(Stop::NotSimulated("operator on these values".into())),
                },
                _ => {
                    return Err(Stop::NotSimulated(format!(
                        "operator {op:?} on these values"
                    )))
                }
            },
        },
    })
}
