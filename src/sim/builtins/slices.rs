//! Packages slices and sort.

use super::*;

impl Machine {
    pub(super) fn call_slices(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        use Native::*;
        let prog = self.prog.clone();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        match f {
            SortSlice | SlicesSortFunc => self.sort_with_comparator(g, f, args),
            SlicesCompact => {
                let v = arg(0);
                if let Value::Slice(s) = &v {
                    let elems = slice_elems(&v);
                    let mut kept: Vec<Value> = Vec::new();
                    for e in elems {
                        if kept.last().is_none_or(|l| !values_equal(l, &e)) {
                            kept.push(e);
                        }
                    }
                    if let Some(a) = &s.arr {
                        let z = zero_of(&prog, a.elem);
                        let mut d = a.data.borrow_mut();
                        for i in 0..s.length() {
                            d.set(
                                s.offset() + i,
                                kept.get(i).cloned().unwrap_or_else(|| z.clone()),
                            );
                        }
                    }
                    let mut r = s.clone();
                    r.len = slice_u32(kept.len());
                    return one(Value::Slice(r));
                }
                one(v)
            }
            BytesClone | SlicesClone => {
                let v = arg(0);
                if v.is_nil() {
                    return one(v);
                }
                let ty = v.type_of(&prog);
                let id = self.obj_id();
                let elems = slice_elems(&v);
                // Clone appends to an empty, non-nil slice: capacity follows append's rounding.
                let empty = Value::Slice(SliceVal {
                    arr: Some(new_array(&prog, prog.elem(ty), Vec::new(), 0)),
                    off: 0,
                    len: 0,
                    cap: 0,
                    ty,
                });
                one(append(&prog, empty, elems, id, false))
            }
            SlicesContains | SlicesIndex => {
                let x = arg(1);
                let pos = slice_elems(&arg(0))
                    .iter()
                    .position(|v| values_equal(v, &x));
                if f == SlicesContains {
                    one(Value::Bool(pos.is_some()))
                } else {
                    one(Value::int(pos.map_or(-1, |p| p as i64)))
                }
            }
            SlicesSort | SortInts | SortStrings | SlicesReverse => {
                let v = arg(0);
                if let Value::Slice(s) = &v {
                    if let Some(a) = &s.arr {
                        let mut elems = slice_elems(&v);
                        if f == SlicesReverse {
                            elems.reverse();
                        } else {
                            elems.sort_by(|x, y| match (x, y) {
                                (Value::Int(a, _), Value::Int(b, _)) => a.cmp(b),
                                (Value::Float(a, _), Value::Float(b, _)) => {
                                    a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
                                }
                                (Value::Str(a, _), Value::Str(b, _)) => a.cmp(b),
                                _ => std::cmp::Ordering::Equal,
                            });
                        }
                        let mut d = a.data.borrow_mut();
                        for (i, e) in elems.into_iter().enumerate() {
                            d.set(s.offset() + i, e);
                        }
                    }
                }
                many(vec![])
            }
            SlicesMax | SlicesMin => {
                let elems = slice_elems(&arg(0));
                if elems.is_empty() {
                    return Err(Stop::Panic(error_value(if f == SlicesMax {
                        "slices.Max: empty list"
                    } else {
                        "slices.Min: empty list"
                    })));
                }
                let mut best = elems[0].clone();
                for e in &elems[1..] {
                    let less = crate::sim::exec::binary(&prog, BinOp::Lt, e.clone(), best.clone())?
                        .as_bool();
                    if (f == SlicesMin) == less {
                        best = e.clone();
                    }
                }
                one(best)
            }
            _ => Err(misrouted(f)),
        }
    }
}

impl Machine {
    /// `sort.Slice` and `slices.SortFunc`: the comparator is Go code, called per comparison.
    fn sort_with_comparator(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        {
            // Insertion sort calling the Go comparator (stable; inputs are small).
            let v = arg(0);
            let less = arg(1);
            if let Value::Slice(s) = &v {
                if let Some(a) = &s.arr {
                    let mut elems = slice_elems(&v);
                    let n = elems.len();
                    let mut idx: Vec<usize> = (0..n).collect();
                    for i in 1..n {
                        let mut j = i;
                        while j > 0 {
                            let before = if f == Native::SortSlice {
                                // sort.Slice compares by index into the current slice.
                                {
                                    let mut d = a.data.borrow_mut();
                                    for (k, &e) in idx.iter().enumerate() {
                                        d.set(s.offset() + k, elems[e].clone());
                                    }
                                }
                                let r = self.call_sync(
                                    g.id,
                                    less.clone(),
                                    vec![Value::int(j as i64), Value::int(j as i64 - 1)],
                                )?;
                                r.first().is_some_and(|x| x.as_bool())
                            } else {
                                let r = self.call_sync(
                                    g.id,
                                    less.clone(),
                                    vec![elems[idx[j]].clone(), elems[idx[j - 1]].clone()],
                                )?;
                                r.first().is_some_and(|x| x.as_int() < 0)
                            };
                            if !before {
                                break;
                            }
                            idx.swap(j, j - 1);
                            j -= 1;
                        }
                    }
                    let sorted: Vec<Value> =
                        idx.iter().map(|&i| std::mem::take(&mut elems[i])).collect();
                    let mut d = a.data.borrow_mut();
                    for (k, e) in sorted.into_iter().enumerate() {
                        d.set(s.offset() + k, e);
                    }
                }
            }
            many(vec![])
        }
    }
}
