//! Packages strings, bytes and strconv.

use super::*;
use crate::sim::gostr::GoStr;

impl Machine {
    pub(super) fn call_strings(
        &mut self,
        _g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        use Native::*;
        let prog = self.prog.clone();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        match f {
            BytesEqual => {
                let a: Vec<i64> = slice_elems(&arg(0)).iter().map(|v| v.as_int()).collect();
                let b: Vec<i64> = slice_elems(&arg(1)).iter().map(|v| v.as_int()).collect();
                one(Value::Bool(a == b))
            }
            BytesContains => {
                let a: Vec<u8> = slice_elems(&arg(0))
                    .iter()
                    .map(|v| v.as_int() as u8)
                    .collect();
                let b: Vec<u8> = slice_elems(&arg(1))
                    .iter()
                    .map(|v| v.as_int() as u8)
                    .collect();
                one(Value::Bool(
                    b.is_empty() || a.windows(b.len()).any(|w| w == b.as_slice()),
                ))
            }
            StrRepeat => {
                let s = crate::sim::fmt::to_str(&arg(0));
                let n = repeat_count(arg(1).as_int(), s.len(), "strings")?;
                one(Value::str(&s.repeat(n)))
            }
            StrToUpper => one(Value::str(&crate::sim::fmt::to_str(&arg(0)).to_uppercase())),
            StrToLower => one(Value::str(&crate::sim::fmt::to_str(&arg(0)).to_lowercase())),
            StrContains => one(Value::Bool(
                crate::sim::fmt::to_str(&arg(0))
                    .contains(crate::sim::fmt::to_str(&arg(1)).as_str()),
            )),
            StrHasPrefix => one(Value::Bool(
                crate::sim::fmt::to_str(&arg(0))
                    .starts_with(crate::sim::fmt::to_str(&arg(1)).as_str()),
            )),
            StrHasSuffix => one(Value::Bool(
                crate::sim::fmt::to_str(&arg(0))
                    .ends_with(crate::sim::fmt::to_str(&arg(1)).as_str()),
            )),
            StrTrimSpace => one(piece_of(&arg(0), |s| s.trim())),
            StrTrimPrefix => {
                let p = crate::sim::fmt::to_str(&arg(1));
                one(piece_of(&arg(0), |s| {
                    s.strip_prefix(p.as_str()).unwrap_or(s)
                }))
            }
            StrTrimSuffix => {
                let p = crate::sim::fmt::to_str(&arg(1));
                one(piece_of(&arg(0), |s| {
                    s.strip_suffix(p.as_str()).unwrap_or(s)
                }))
            }
            StrIndex => one(Value::int(
                crate::sim::fmt::to_str(&arg(0))
                    .find(crate::sim::fmt::to_str(&arg(1)).as_str())
                    .map_or(-1, |i| i as i64),
            )),
            StrReplaceAll => one(Value::str(&crate::sim::fmt::to_str(&arg(0)).replace(
                crate::sim::fmt::to_str(&arg(1)).as_str(),
                &crate::sim::fmt::to_str(&arg(2)),
            ))),
            StrClone => one(Value::str(&crate::sim::fmt::to_str(&arg(0)))),
            StrSplit | StrFields => self.split(f, args),
            StrJoin => {
                let parts: Vec<String> = slice_elems(&arg(0))
                    .iter()
                    .map(crate::sim::fmt::to_str)
                    .collect();
                one(Value::str(&parts.join(&crate::sim::fmt::to_str(&arg(1)))))
            }
            BytesRepeat => {
                let elems = slice_elems(&arg(0));
                let n = repeat_count(arg(1).as_int(), elems.len(), "bytes")?;
                let all: Vec<Value> = (0..n).flat_map(|_| elems.clone()).collect();
                let id = self.obj_id();
                one(make_slice_from(&prog, bt::BYTES, all, id))
            }
            _ => Err(misrouted(f)),
        }
    }
}

impl Machine {
    /// `strings.Split` and `strings.Fields`.
    fn split(&mut self, f: Native, args: &[Value]) -> Res<Results> {
        let prog = self.prog.clone();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        {
            let whole = match arg(0) {
                Value::Str(s, _) => s,
                other => GoStr::from(crate::sim::fmt::to_str(&other)),
            };
            // The parts share the string's bytes, as in Go.
            let part = |p: &str| Value::Str(whole.piece(p), bt::STRING);
            let parts: Vec<Value> = if f == Native::StrFields {
                whole.split_whitespace().map(part).collect()
            } else {
                let sep = crate::sim::fmt::to_str(&arg(1));
                if sep.is_empty() {
                    whole
                        .char_indices()
                        .map(|(i, c)| part(&whole[i..i + c.len_utf8()]))
                        .collect()
                } else {
                    whole.split(sep.as_str()).map(part).collect()
                }
            };
            let sty = prog
                .type_by_name
                .get("[]string")
                .copied()
                .unwrap_or(bt::ANY);
            let id = self.obj_id();
            one(make_slice_from(&prog, sty, parts, id))
        }
    }
}

/// `f`'s piece of the string `v`, sharing its bytes (Go's trimming functions return
/// slices of their argument).
fn piece_of(v: &Value, f: impl FnOnce(&str) -> &str) -> Value {
    match v {
        Value::Str(s, _) => Value::Str(s.piece(f(s)), bt::STRING),
        other => Value::str(f(&crate::sim::fmt::to_str(other))),
    }
}

/// Strings and byte slices larger than this are not simulated (a browser tab would run
/// out of memory long before Go does).
const MAX_REPEAT_BYTES: u64 = 1 << 30;

/// The count of `strings.Repeat`/`bytes.Repeat`, checked as Go checks it (negative
/// counts and lengths that overflow panic), and refused when the result is huge.
fn repeat_count(n: i64, len: usize, pkg: &str) -> Res<usize> {
    if n < 0 {
        return Err(Stop::Panic(error_value(&format!(
            "{pkg}: negative Repeat count"
        ))));
    }
    let Some(total) = (len as u64)
        .checked_mul(n as u64)
        .filter(|t| *t <= i64::MAX as u64)
    else {
        return Err(Stop::Panic(error_value(&format!(
            "{pkg}: Repeat output length overflow"
        ))));
    };
    if total > MAX_REPEAT_BYTES {
        return Err(Stop::NotSimulated(format!(
            "{pkg}.Repeat of {total} bytes (more than 1 GiB)"
        )));
    }
    Ok(n as usize)
}
