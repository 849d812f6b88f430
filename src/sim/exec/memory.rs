//! Memory: stores through cells, indexes and fields, addresses, coercions, indexing and slicing.

use super::*;
use crate::sim::gostr::GoStr;

/// Stores `v` into a variable slot: structs are copied in place so pointers to the
/// variable keep seeing it.
pub fn store_into(slot: &mut Value, v: Value) {
    if let (Value::Struct(dst), Value::Struct(src)) = (&*slot, &v) {
        if Rc::ptr_eq(dst, src) {
            return;
        }
        if dst.ty == src.ty {
            let fields: Vec<Value> = src.fields.borrow().iter().map(|f| f.deep_copy()).collect();
            *dst.fields.borrow_mut() = fields;
            return;
        }
    }
    *slot = v.copied();
}

pub(super) fn addr_of_cell(prog: &Program, c: &CellRef) -> Value {
    let _ = prog;
    match &*c.borrow() {
        Value::Struct(s) => return Value::Ptr(Pointer::Struct(s.clone()), 0),
        Value::Obj(..) => return c.borrow().clone(),
        _ => {}
    }
    Value::Ptr(Pointer::Cell(c.clone()), 0)
}

pub fn addr_of_value(prog: &Program, v: Value) -> Value {
    let _ = prog;
    match v {
        Value::Struct(s) => Value::Ptr(Pointer::Struct(s), 0),
        Value::Obj(..) => v,
        other => Value::Ptr(Pointer::Cell(Rc::new(RefCell::new(other))), 0),
    }
}

pub(super) fn deref_struct(v: Value) -> Res<Value> {
    match v {
        Value::Ptr(p, _) => Ok(p.load()),
        Value::NilOf(_) | Value::Nil => Err(Stop::Panic(runtime_err_value(
            "invalid memory address or nil pointer dereference",
        ))),
        v => Ok(v),
    }
}

pub fn field_index(prog: &Program, ty: Ty, name: Name) -> Option<FieldPath> {
    let Kind::Struct(fields) = prog.kind(ty) else {
        return None;
    };
    if let Some(i) = fields.iter().position(|f| f.name == name) {
        return Some(FieldPath::Direct(i));
    }
    for (i, f) in fields.iter().enumerate() {
        if f.embedded {
            let inner = match prog.kind(f.ty) {
                Kind::Ptr(e) => *e,
                _ => f.ty,
            };
            if field_index(prog, inner, name).is_some() {
                return Some(FieldPath::Embedded(i));
            }
        }
    }
    None
}

pub fn get_field(prog: &Program, obj: Value, name: Name) -> Res<Value> {
    let obj = match obj {
        Value::Obj(o, ty) => {
            if let Object::Timer(t) = &*o {
                if prog.name(name) == "C" {
                    return Ok(Value::Chan(t.borrow().chan.clone(), bt::CHAN_TIME));
                }
            }
            if let Object::Cond(c) = &*o {
                if prog.name(name) == "L" {
                    return Ok(c.borrow().l.clone());
                }
            }
            return Err(Stop::NotSimulated(format!(
                "field {} of {}",
                prog.name(name),
                prog.ty(ty).name
            )));
        }
        o => deref_struct(o)?,
    };
    match &obj {
        Value::Struct(s) => match field_index(prog, s.ty, name) {
            Some(FieldPath::Direct(i)) => Ok(s.fields.borrow()[i].clone()),
            Some(FieldPath::Embedded(i)) => {
                let inner = s.fields.borrow()[i].clone();
                get_field(prog, inner, name)
            }
            None => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
        },
        _ => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
    }
}

pub(super) fn set_field(prog: &Program, obj: Value, name: Name, v: Value) -> Res<()> {
    let obj = deref_struct(obj)?;
    match &obj {
        Value::Struct(s) => match field_index(prog, s.ty, name) {
            Some(FieldPath::Direct(i)) => {
                let fty = match prog.kind(s.ty) {
                    Kind::Struct(fs) => fs[i].ty,
                    _ => bt::ANY,
                };
                let v = coerce(prog, v, fty);
                let mut fields = s.fields.borrow_mut();
                store_into(&mut fields[i], v);
                Ok(())
            }
            Some(FieldPath::Embedded(i)) => {
                let inner = s.fields.borrow()[i].clone();
                set_field(prog, inner, name, v)
            }
            None => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
        },
        _ => Err(Stop::NotSimulated(format!("field {}", prog.name(name)))),
    }
}

/// Implicit conversion when storing into a typed place (untyped constants).
pub fn coerce(prog: &Program, v: Value, ty: Ty) -> Value {
    match (&v, prog.kind(ty)) {
        (Value::Int(_, t), Kind::Int { .. })
            if *t != ty && (*t == bt::INT || prog.ty(ty).named || ty != bt::INT) =>
        {
            match v {
                Value::Int(x, _) => Value::Int(x, ty),
                _ => v,
            }
        }
        (Value::Int(x, _), Kind::Float) => Value::Float(*x as f64, ty),
        (Value::Float(x, t), Kind::Float) if *t != ty => Value::Float(*x, ty),
        (Value::Nil, Kind::Map(..) | Kind::Chan(_) | Kind::Ptr(_) | Kind::Slice(_)) => {
            zero_of(prog, ty)
        }
        _ => v,
    }
}

pub(super) fn coerce_all(prog: &Program, vals: Vec<Value>, ty: Ty) -> Vec<Value> {
    vals.into_iter().map(|v| coerce(prog, v, ty)).collect()
}

pub fn seq_len(v: &Value) -> usize {
    match v {
        Value::Slice(s) => s.length(),
        Value::Array(a, _) => a.data.borrow().len(),
        Value::Str(s, _) => s.len(),
        _ => 0,
    }
}

pub fn index_value(prog: &Program, coll: &Value, idx: &Value) -> Res<Value> {
    match coll {
        Value::Slice(s) => {
            let i = idx.as_int();
            if i < 0 || i as usize >= s.length() {
                return Err(runtime_error(format!(
                    "index out of range [{i}] with length {}",
                    s.len
                )));
            }
            Ok(s.arr
                .as_ref()
                .unwrap()
                .data
                .borrow()
                .get(s.offset() + i as usize))
        }
        Value::Array(a, _) => {
            let i = idx.as_int();
            let d = a.data.borrow();
            if i < 0 || i as usize >= d.len() {
                return Err(runtime_error(format!(
                    "index out of range [{i}] with length {}",
                    d.len()
                )));
            }
            Ok(d.get(i as usize))
        }
        Value::Str(s, _) => {
            let i = idx.as_int();
            if i < 0 || i as usize >= s.len() {
                return Err(runtime_error(format!(
                    "index out of range [{i}] with length {}",
                    s.len()
                )));
            }
            Ok(Value::Int(s.as_bytes()[i as usize] as i64, bt::UINT8))
        }
        Value::Map(m, ty) => Ok(match m.entries.borrow().get(&idx.map_key()) {
            Some((_, v)) => v.clone(),
            None => zero_of(prog, prog.elem(*ty)),
        }),
        Value::NilOf(ty) if matches!(prog.kind(*ty), Kind::Map(..)) => {
            Ok(zero_of(prog, prog.elem(*ty)))
        }
        Value::Ptr(p, _) => index_value(prog, &p.load(), idx),
        _ => Err(Stop::Panic(runtime_err_value(
            "invalid memory address or nil pointer dereference",
        ))),
    }
}

/// The low bound of a slice expression against its (checked) high bound, with Go's
/// messages: a negative bound is shown alone.
fn check_low(low: i64, high: i64) -> Res<()> {
    if low < 0 {
        return Err(runtime_error(format!("slice bounds out of range [{low}:]")));
    }
    if low > high {
        return Err(runtime_error(format!(
            "slice bounds out of range [{low}:{high}]"
        )));
    }
    Ok(())
}

pub(super) fn slice_value(
    prog: &Program,
    coll: Value,
    low: i64,
    high: Option<i64>,
    max: Option<i64>,
) -> Res<Value> {
    match coll {
        Value::Str(s, t) => {
            let h = high.unwrap_or(s.len() as i64);
            if low < 0 || h < low || h as usize > s.len() {
                return Err(runtime_error(format!(
                    "slice bounds out of range [{}:{}] with length {}",
                    low,
                    h,
                    s.len()
                )));
            }
            // Go shares the bytes; a bound inside a UTF-8 sequence gets a (lossy) copy.
            let piece = s.substr(low as usize, h as usize).unwrap_or_else(|| {
                GoStr::from(
                    String::from_utf8_lossy(&s.as_bytes()[low as usize..h as usize]).as_ref(),
                )
            });
            Ok(Value::Str(piece, t))
        }
        Value::Slice(s) => {
            let h = high.unwrap_or(s.len as i64);
            let m = max.unwrap_or(s.cap as i64);
            if m < 0 || m as usize > s.capacity() {
                return Err(runtime_error(format!(
                    "slice bounds out of range [::{m}] with capacity {}",
                    s.cap
                )));
            }
            if h < 0 || h > m {
                if max.is_some() {
                    return Err(runtime_error(format!(
                        "slice bounds out of range [:{h}:{m}]"
                    )));
                }
                return Err(runtime_error(format!(
                    "slice bounds out of range [:{h}] with capacity {}",
                    s.cap
                )));
            }
            check_low(low, h)?;
            Ok(Value::Slice(SliceVal {
                arr: s.arr,
                off: s.off + low as u32,
                len: (h - low) as u32,
                cap: (m - low) as u32,
                ty: s.ty,
            }))
        }
        Value::Array(a, ty) => {
            let len = a.data.borrow().len() as i64;
            let h = high.unwrap_or(len);
            let m = max.unwrap_or(len);
            if m < 0 || m > len {
                return Err(runtime_error(format!(
                    "slice bounds out of range [::{m}] with length {len}"
                )));
            }
            if h < 0 || h > m {
                return Err(runtime_error(format!(
                    "slice bounds out of range [:{h}] with length {len}"
                )));
            }
            check_low(low, h)?;
            let elem = prog.elem(ty);
            let sty = prog
                .type_by_name
                .get(&format!("[]{}", prog.ty(elem).name))
                .copied()
                .unwrap_or(bt::ANY);
            Ok(Value::Slice(SliceVal {
                arr: Some(a),
                off: low as u32,
                len: (h - low) as u32,
                cap: (m - low) as u32,
                ty: sty,
            }))
        }
        Value::Ptr(p, _) => slice_value(prog, p.load(), low, high, max),
        Value::NilOf(t) => Ok(Value::Slice(SliceVal {
            arr: None,
            off: 0,
            len: 0,
            cap: 0,
            ty: t,
        })),
        _ => Err(Stop::NotSimulated("slicing this value".into())),
    }
}

impl Machine {
    pub(super) fn store_index(
        &mut self,
        g: &mut Goroutine,
        coll: Value,
        idx: Value,
        v: Value,
    ) -> Res<()> {
        let prog = self.prog.clone();
        match coll {
            Value::Map(m, ty) => {
                if let Some(w) = m.writer.get() {
                    if w != g.id {
                        return Err(Stop::Fatal("concurrent map writes".into()));
                    }
                }
                m.writer.set(Some(g.id));
                let (kt, vt) = match prog.kind(ty) {
                    Kind::Map(k, v) => (*k, *v),
                    _ => (bt::ANY, bt::ANY),
                };
                let k = coerce(&prog, idx, kt);
                let mut entries = m.entries.borrow_mut();
                entries.insert(k.map_key(), (k, coerce(&prog, v, vt).copied()));
                m.note_len(entries.len());
                drop(entries);
                g.map_writing = Some(m);
                // keep the flag raised until this goroutine runs its next op
                let m2 = g.map_writing.clone();
                g.map_writing = None;
                self.pending_map_write(g, m2);
                Ok(())
            }
            Value::NilOf(_) => Err(Stop::Panic(error_value("assignment to entry in nil map"))),
            Value::Slice(s) => {
                let i = idx.as_int();
                if i < 0 || i as usize >= s.length() {
                    return Err(runtime_error(format!(
                        "index out of range [{i}] with length {}",
                        s.len
                    )));
                }
                let arr = s.arr.unwrap();
                let v = coerce(&prog, v, arr.elem).copied();
                arr.data.borrow_mut().set(s.off as usize + i as usize, v);
                Ok(())
            }
            Value::Array(a, _) => {
                let i = idx.as_int();
                let len = a.data.borrow().len();
                if i < 0 || i as usize >= len {
                    return Err(runtime_error(format!(
                        "index out of range [{i}] with length {len}"
                    )));
                }
                let v = coerce(&prog, v, a.elem).copied();
                a.data.borrow_mut().set(i as usize, v);
                Ok(())
            }
            Value::Ptr(p, _) => self.store_index(g, p.load(), idx, v),
            _ => Err(Stop::Panic(runtime_err_value(
                "invalid memory address or nil pointer dereference",
            ))),
        }
    }

    pub(super) fn pending_map_write(&mut self, g: &mut Goroutine, m: Option<Rc<MapObj>>) {
        // The write is "in progress" until the goroutine executes its next op; if it is
        // preempted right here, another goroutine's write to the same map overlaps it.
        g.map_writing = m;
    }
}
