//! Package strconv: parsing and formatting numbers, booleans and quoted strings.

use super::*;

impl Machine {
    pub(super) fn call_strconv(
        &mut self,
        g: &mut Goroutine,
        f: Native,
        args: &[Value],
    ) -> Res<Results> {
        use Native::*;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        let one = |v: Value| Ok(Results::One(v));
        let many = |v: Vec<Value>| Ok(Results::Many(v));
        match f {
            ParseBool => {
                let s = crate::sim::fmt::to_str(&arg(0));
                match s.as_str() {
                    "1" | "t" | "T" | "true" | "TRUE" | "True" => {
                        many(vec![Value::Bool(true), Value::Nil])
                    }
                    "0" | "f" | "F" | "false" | "FALSE" | "False" => {
                        many(vec![Value::Bool(false), Value::Nil])
                    }
                    _ => many(vec![
                        Value::Bool(false),
                        error_value(&format!(
                            "strconv.ParseBool: parsing {}: invalid syntax",
                            crate::sim::fmt::quote(&s)
                        )),
                    ]),
                }
            }
            FormatFloat => {
                let (v, verb, prec) = (
                    arg(0).as_float(),
                    arg(1).as_int() as u8 as char,
                    arg(2).as_int(),
                );
                let fake = Value::Float(v, bt::FLOAT64);
                let spec = if prec < 0 {
                    String::new()
                } else {
                    format!(".{prec}")
                };
                let s = self.sprintf(g.id, &format!("%{spec}{verb}"), &[fake])?;
                one(Value::str(&s))
            }
            Itoa => one(Value::str(&arg(0).as_int().to_string())),
            FormatInt => {
                let (v, base) = (arg(0).as_int(), arg(1).as_int());
                one(Value::str(&crate::sim::fmt::format_radix(v, base as u32)))
            }
            AppendInt => {
                let (v, base) = (arg(1).as_int(), arg(2).as_int());
                if !(2..=36).contains(&base) {
                    return Err(Stop::Panic(error_value(
                        "strconv: illegal AppendInt/FormatInt base",
                    )));
                }
                let digits = crate::sim::fmt::format_radix(v, base as u32);
                let extra = digits
                    .bytes()
                    .map(|b| Value::Int(b as i64, bt::UINT8))
                    .collect();
                let id = self.obj_id();
                one(append(&self.prog, arg(0), extra, id, false))
            }
            Quote => one(Value::str(&crate::sim::fmt::quote(
                &crate::sim::fmt::to_str(&arg(0)),
            ))),
            Atoi => {
                let s = crate::sim::fmt::to_str(&arg(0));
                match s.parse::<i64>() {
                    Ok(v) => many(vec![Value::int(v), Value::Nil]),
                    Err(_) => many(vec![
                        Value::int(0),
                        error_value(&format!(
                            "strconv.Atoi: parsing {}: invalid syntax",
                            crate::sim::fmt::quote(&s)
                        )),
                    ]),
                }
            }
            _ => Err(misrouted(f)),
        }
    }
}
