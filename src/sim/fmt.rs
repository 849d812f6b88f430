//! fmt: Go's formatting of values (Println, Printf verbs, %v of composite values).

use super::interp::*;
use super::ir::{builtin_types as bt, *};
use super::value::*;

/// The Go string in a string value (other values: their %v text without methods).
pub fn to_str(v: &Value) -> String {
    match v {
        Value::Str(s, _) => s.to_string(),
        Value::Obj(o, _) => match &**o {
            Object::Error { msg, .. } => msg.to_string(),
            _ => String::new(),
        },
        Value::Int(i, _) => i.to_string(),
        _ => String::new(),
    }
}

pub fn duration_string(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        // sub-second: ns, µs, ms with fraction
        let (unit, div) = if u < 1_000 {
            ("ns", 1u64)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac(u, div));
        out.push_str(unit);
    } else {
        let h = u / 3_600_000_000_000;
        let rem = u % 3_600_000_000_000;
        let m = rem / 60_000_000_000;
        let s_ns = rem % 60_000_000_000;
        if h > 0 {
            out.push_str(&format!("{h}h{m}m"));
        } else if m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac(s_ns, 1_000_000_000));
        out.push('s');
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let mut rem = v % div;
    if rem == 0 {
        return whole.to_string();
    }
    let mut digits = String::new();
    let mut d = div;
    while rem > 0 && d > 1 {
        d /= 10;
        digits.push(char::from(b'0' + (rem / d) as u8));
        rem %= d;
    }
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            '\u{80}'..='\u{9f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn format_radix(v: i64, base: u32) -> String {
    let neg = v < 0;
    let mut u = v.unsigned_abs();
    if u == 0 {
        return "0".into();
    }
    let mut digits = Vec::new();
    while u > 0 {
        digits.push(std::char::from_digit((u % base as u64) as u32, base).unwrap_or('?'));
        u /= base as u64;
    }
    if neg {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

/// Go's %v for floats: shortest representation, exponent form when exp < -4 || exp >= 21.
pub fn format_float_v(f: f64, fmt_e_threshold: i32) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let e = format!("{:e}", f); // like 1.5e6
    let (mant, exp) = e.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= fmt_e_threshold {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let s = format!("{}", f);
        s
    }
}

fn float_e(f: f64, prec: usize) -> String {
    let e = format!("{:.*e}", prec, f);
    let (mant, exp) = e.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", exp.abs())
}

/// `println` builtin formatting (to stderr).
pub fn builtin_print(v: &Value) -> String {
    match v {
        Value::Str(s, _) => s.to_string(),
        Value::Int(i, _) => i.to_string(),
        Value::Float(f, _) => {
            let s = float_e(*f, 6);
            if *f >= 0.0 {
                format!("+{s}")
            } else {
                s
            }
        }
        Value::Bool(b) => b.to_string(),
        Value::Nil => "nil".into(),
        _ => "0xc000010000".into(),
    }
}

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

impl Machine {
    pub fn sprint(&mut self, gid: u32, args: &[Value]) -> Res<String> {
        let mut out = String::new();
        for (i, a) in args.iter().enumerate() {
            let is_str = matches!(a, Value::Str(..));
            if i > 0 && !is_str && !matches!(args[i - 1], Value::Str(..)) {
                out.push(' ');
            }
            out.push_str(&self.fmt_value(gid, a, 'v', Spec::default(), 0)?);
        }
        Ok(out)
    }

    pub fn sprintln(&mut self, gid: u32, args: &[Value]) -> Res<String> {
        let mut out = String::new();
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&self.fmt_value(gid, a, 'v', Spec::default(), 0)?);
        }
        out.push('\n');
        Ok(out)
    }

    pub fn sprintf(&mut self, gid: u32, fmt: &str, args: &[Value]) -> Res<String> {
        let mut out = String::new();
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        let mut ai = 0;
        while i < chars.len() {
            let c = chars[i];
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            let mut spec = Spec::default();
            while i < chars.len() {
                match chars[i] {
                    '-' => spec.minus = true,
                    '+' => spec.plus = true,
                    '#' => spec.sharp = true,
                    '0' => spec.zero = true,
                    ' ' => spec.space = true,
                    _ => break,
                }
                i += 1;
            }
            let num = |i: &mut usize, ai: &mut usize| -> Option<usize> {
                if *i < chars.len() && chars[*i] == '*' {
                    *i += 1;
                    let v = args.get(*ai).map(|v| v.as_int().max(0) as usize);
                    *ai += 1;
                    return v;
                }
                let start = *i;
                while *i < chars.len() && chars[*i].is_ascii_digit() {
                    *i += 1;
                }
                if *i > start {
                    chars[start..*i].iter().collect::<String>().parse().ok()
                } else {
                    None
                }
            };
            spec.width = num(&mut i, &mut ai);
            if i < chars.len() && chars[i] == '.' {
                i += 1;
                spec.prec = Some(num(&mut i, &mut ai).unwrap_or(0));
            }
            if i >= chars.len() {
                out.push_str("%!(NOVERB)");
                break;
            }
            let verb = chars[i];
            i += 1;
            if verb == '%' {
                out.push('%');
                continue;
            }
            let Some(arg) = args.get(ai) else {
                out.push_str(&format!("%!{verb}(MISSING)"));
                continue;
            };
            ai += 1;
            let s = self.fmt_value(gid, arg, verb, spec, 0)?;
            out.push_str(&pad(&s, spec));
        }
        if ai < args.len() {
            out.push_str("%!(EXTRA ");
            let extra: Vec<String> = args[ai..]
                .iter()
                .map(|a| {
                    let t = self.type_name(a);
                    let v = self
                        .fmt_value(gid, a, 'v', Spec::default(), 0)
                        .unwrap_or_default();
                    format!("{t}={v}")
                })
                .collect();
            out.push_str(&extra.join(", "));
            out.push(')');
        }
        Ok(out)
    }

    pub fn type_name(&self, v: &Value) -> String {
        match v {
            Value::Nil => "<nil>".into(),
            Value::Ptr(Pointer::Struct(s), _) => format!("*{}", self.prog.ty(s.ty).name),
            Value::Ptr(p, 0) => format!("*{}", self.prog.ty(p.load().type_of(&self.prog)).name),
            Value::Func(_) => "func()".into(),
            Value::Obj(o, t) => match &**o {
                Object::Error { wrapped, .. } if !wrapped.is_empty() => "*fmt.wrapError".into(),
                Object::Error { .. } if *t == bt::RUNTIME_ERROR => "runtime.boundsError".into(),
                Object::Error { .. } => "*errors.errorString".into(),
                _ => self.prog.ty(*t).name.clone(),
            },
            v => self.prog.ty(v.type_of(&self.prog)).name.clone(),
        }
    }

    fn fmt_value(
        &mut self,
        gid: u32,
        v: &Value,
        verb: char,
        spec: Spec,
        depth: usize,
    ) -> Res<String> {
        let prog = self.prog.clone();
        if verb == 'T' {
            return Ok(self.type_name(v));
        }
        if verb == 'p' {
            return self.fmt_address(gid, v, depth);
        }
        // Error() / String() methods for %v %s %q and friends.
        if matches!(verb, 'v' | 's' | 'q') && !spec.sharp && depth < 20 {
            if let Value::Int(d, bt::DURATION) = v {
                return Ok(self.wrap_q(duration_string(*d), verb));
            }
            if let Value::Obj(o, _) = v {
                if let Object::Error { msg, .. } = &**o {
                    return Ok(self.wrap_q(msg.to_string(), verb));
                }
            }
            if !matches!(v, Value::Nil | Value::NilOf(_)) {
                if let Some(s) = self.stringer(gid, v)? {
                    return Ok(self.wrap_q(s, verb));
                }
            }
        }
        Ok(match v {
            Value::Nil => match verb {
                'v' | 's' => "<nil>".into(),
                _ => format!("%!{verb}(<nil>)"),
            },
            Value::Bool(b) => match verb {
                'v' | 't' => b.to_string(),
                _ => format!("%!{verb}(bool={b})"),
            },
            Value::Int(i, t) => self.fmt_int(gid, v, (*i, *t), verb, spec, depth)?,
            Value::Float(f, _) => fmt_float(*f, verb, spec),
            Value::Str(s, _) => match verb {
                'v' | 's' => match spec.prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                },
                'q' => quote(s),
                'x' => s.bytes().map(|b| format!("{b:02x}")).collect(),
                'X' => s.bytes().map(|b| format!("{b:02X}")).collect(),
                _ => format!("%!{verb}(string={s})"),
            },
            Value::Slice(sl) => {
                let elems = slice_elems(v);
                if prog.elem(sl.ty) == bt::UINT8 && matches!(verb, 's' | 'q' | 'x' | 'X') {
                    let bytes: Vec<u8> = elems.iter().map(|e| e.as_int() as u8).collect();
                    let s = String::from_utf8_lossy(&bytes).into_owned();
                    return self.fmt_value(gid, &Value::str(&s), verb, spec, depth);
                }
                if spec.sharp && verb == 'v' {
                    let parts: Res<Vec<String>> = elems
                        .iter()
                        .map(|e| self.fmt_value(gid, e, verb, spec, depth + 1))
                        .collect();
                    return Ok(format!("{}{{{}}}", prog.ty(sl.ty).name, parts?.join(", ")));
                }
                let parts: Res<Vec<String>> = elems
                    .iter()
                    .map(|e| self.fmt_value(gid, e, verb, spec, depth + 1))
                    .collect();
                format!("[{}]", parts?.join(" "))
            }
            Value::Array(..) => {
                let elems: Vec<Value> = match v {
                    Value::Array(a, _) => {
                        let d = a.data.borrow();
                        (0..d.len()).map(|i| d.get(i)).collect()
                    }
                    _ => vec![],
                };
                let parts: Res<Vec<String>> = elems
                    .iter()
                    .map(|e| self.fmt_value(gid, e, verb, spec, depth + 1))
                    .collect();
                format!("[{}]", parts?.join(" "))
            }
            Value::Map(m, _) => {
                let entries: Vec<(Value, Value)> = m.entries.borrow().values().cloned().collect();
                let mut parts = Vec::new();
                for (k, val) in entries {
                    parts.push(format!(
                        "{}:{}",
                        self.fmt_value(gid, &k, verb, spec, depth + 1)?,
                        self.fmt_value(gid, &val, verb, spec, depth + 1)?
                    ));
                }
                format!("map[{}]", parts.join(" "))
            }
            Value::NilOf(t) => match prog.kind(*t) {
                Kind::Map(..) => "map[]".into(),
                Kind::Slice(_) => "[]".into(),
                _ => "<nil>".into(),
            },
            Value::Struct(s) => self.fmt_struct(gid, s, verb, spec, depth)?,
            Value::Ptr(p, _) => {
                let target = p.load();
                if depth == 0
                    && matches!(
                        target,
                        Value::Struct(_) | Value::Array(..) | Value::Slice(_) | Value::Map(..)
                    )
                    && matches!(p, Pointer::Struct(_) | Pointer::Cell(_))
                {
                    format!("&{}", self.fmt_value(gid, &target, verb, spec, depth + 1)?)
                } else {
                    format!("0x{:x}", self.fake_addr(p.addr()))
                }
            }
            Value::Chan(c, _) => format!(
                "0x{:x}",
                self.fake_addr(std::rc::Rc::as_ptr(c) as *const u8 as usize)
            ),
            Value::Func(f) => format!(
                "0x{:x}",
                self.fake_addr(std::rc::Rc::as_ptr(f) as *const u8 as usize)
            ),
            Value::Obj(o, t) => self.fmt_object(o, *t),
            Value::Tuple(t) => {
                let parts: Res<Vec<String>> = t
                    .iter()
                    .map(|e| self.fmt_value(gid, e, verb, spec, depth + 1))
                    .collect();
                parts?.join(" ")
            }
            Value::Iter(_) => String::new(),
        })
    }

    fn wrap_q(&self, s: String, verb: char) -> String {
        if verb == 'q' {
            quote(&s)
        } else {
            s
        }
    }
}

pub fn time_string(ns: i64) -> String {
    // The virtual clock starts at 2009-11-10 23:00:00 UTC (the Go playground's epoch).
    let total = super::EPOCH_NS + ns;
    let secs = total.div_euclid(1_000_000_000);
    let nanos = total.rem_euclid(1_000_000_000);
    let days = secs.div_euclid(86400);
    let sod = secs.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let frac = if nanos == 0 {
        String::new()
    } else {
        format!(".{}", format!("{nanos:09}").trim_end_matches('0'))
    };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}{frac} +0000 UTC m=+{}.{:09}",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60,
        ns / 1_000_000_000,
        ns % 1_000_000_000
    )
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z.rem_euclid(146097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn format_g_prec(f: f64, p: usize) -> String {
    let p = p.max(1);
    let e = format!("{:.*e}", p - 1, f);
    let (mant, exp) = e.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.')
        } else {
            mant
        };
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{:.*}", decimals, f);
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    }
}

fn format_radix_u(i: i64, base: u32, unsigned: bool, upper: bool) -> String {
    let s = if unsigned || i >= 0 {
        let mut u = i as u64;
        if u == 0 {
            "0".to_owned()
        } else {
            let mut d = Vec::new();
            while u > 0 {
                d.push(std::char::from_digit((u % base as u64) as u32, base).unwrap());
                u /= base as u64;
            }
            d.iter().rev().collect()
        }
    } else {
        format_radix(i, base)
    };
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

fn zero_pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        return s.to_owned();
    }
    let (sign, rest) = if s.starts_with('-') || s.starts_with('+') {
        s.split_at(1)
    } else {
        ("", s)
    };
    format!("{sign}{}{rest}", "0".repeat(w - n))
}

fn pad(s: &str, spec: Spec) -> String {
    let Some(w) = spec.width else {
        return s.to_owned();
    };
    let n = s.chars().count();
    if n >= w {
        return s.to_owned();
    }
    if spec.minus {
        format!("{s}{}", " ".repeat(w - n))
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

impl Machine {
    /// `%p`: an address for reference values, Go's `%!p(T=v)` for the rest.
    fn fmt_address(&mut self, gid: u32, v: &Value, depth: usize) -> Res<String> {
        Ok(match v {
            Value::Ptr(p, _) => format!("0x{:x}", self.fake_addr(p.addr())),
            Value::Chan(c, _) => format!(
                "0x{:x}",
                self.fake_addr(std::rc::Rc::as_ptr(c) as *const u8 as usize)
            ),
            Value::Map(m, _) => format!(
                "0x{:x}",
                self.fake_addr(std::rc::Rc::as_ptr(m) as *const u8 as usize)
            ),
            Value::Obj(o, _) => format!(
                "0x{:x}",
                self.fake_addr(std::rc::Rc::as_ptr(o) as *const u8 as usize)
            ),
            _ => format!(
                "%!p({}={})",
                self.type_name(v),
                self.fmt_value(gid, v, 'v', Spec::default(), depth)?
            ),
        })
    }

    /// An integer under any verb; `%f` of an int reports the mismatch as Go does.
    fn fmt_int(
        &mut self,
        gid: u32,
        v: &Value,
        (i, t): (i64, Ty),
        verb: char,
        spec: Spec,
        depth: usize,
    ) -> Res<String> {
        let prog = self.prog.clone();
        Ok({
            let unsigned = matches!(prog.kind(t), Kind::Int { signed: false, .. });
            let u = i as u64;
            let body = match verb {
                'v' | 'd' => {
                    if unsigned {
                        u.to_string()
                    } else {
                        i.to_string()
                    }
                }
                'x' => format_radix_u(i, 16, unsigned, false),
                'X' => format_radix_u(i, 16, unsigned, true),
                'o' => format_radix_u(i, 8, unsigned, false),
                'b' => format_radix_u(i, 2, unsigned, false),
                'c' => char::from_u32(i as u32).unwrap_or('\u{FFFD}').to_string(),
                'q' => quote_rune(char::from_u32(i as u32).unwrap_or('\u{FFFD}')),
                'U' => format!("U+{:04X}", i),
                'f' | 'e' | 'g' => {
                    return self
                        .fmt_value(gid, &Value::Float(i as f64, bt::FLOAT64), verb, spec, depth)
                        .map(|s| format!("%!{verb}(int={i})").replace(&s, &s))
                }
                's' => format!("%!s({}={i})", self.type_name(v)),
                _ => format!("%!{verb}({}={i})", self.type_name(v)),
            };
            if spec.plus && i >= 0 && verb == 'd' {
                format!("+{body}")
            } else if spec.zero && !spec.minus {
                if let Some(w) = spec.width {
                    zero_pad(&body, w)
                } else {
                    body
                }
            } else {
                body
            }
        })
    }

    /// `{a b}`, `{A:a B:b}` under `%+v`, `main.T{A:a, B:b}` under `%#v`.
    fn fmt_struct(
        &mut self,
        gid: u32,
        s: &std::rc::Rc<StructObj>,
        verb: char,
        spec: Spec,
        depth: usize,
    ) -> Res<String> {
        let prog = self.prog.clone();
        Ok({
            let fields = s.fields.borrow().clone();
            let names: Vec<String> = match prog.kind(s.ty) {
                Kind::Struct(fs) => fs.iter().map(|f| prog.name(f.name).to_owned()).collect(),
                _ => vec![],
            };
            let mut parts = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                let val = self.fmt_value(gid, f, verb, spec, depth + 1)?;
                if spec.plus || spec.sharp {
                    parts.push(format!(
                        "{}:{}",
                        names.get(i).cloned().unwrap_or_default(),
                        val
                    ));
                } else {
                    parts.push(val);
                }
            }
            if spec.sharp {
                format!("{}{{{}}}", prog.ty(s.ty).name, parts.join(", "))
            } else {
                format!("{{{}}}", parts.join(" "))
            }
        })
    }

    /// Runtime objects print their Go struct layout (a Mutex as `{{} {0 0}}`) or an address.
    fn fmt_object(&mut self, o: &std::rc::Rc<Object>, t: Ty) -> String {
        match &**o {
            Object::Time(ns) => time_string(*ns),
            Object::Mutex(m) => {
                let m = m.borrow();
                if t == bt::RWMUTEX {
                    format!(
                        "{{{{{} 0}} 0 0 {{{{}} 0}} {{{{}} 0}}}}",
                        if m.locked { 1 } else { 0 }
                    )
                } else {
                    format!("{{{{}} {{{} 0}}}}", if m.locked { 1 } else { 0 })
                }
            }
            Object::WaitGroup(w) => {
                format!("{{{{}} {{{{}} {{}} {}}} 0}}", w.borrow().count << 32)
            }
            Object::Builder(b) => format!("{{<nil> {}}}", b.borrow()),
            // Go's layouts: Int64/Uint64 carry noCopy and align64, the rest noCopy only.
            Object::Atomic(v) => match t {
                bt::ATOMIC_INT64 => format!("{{{{}} {{}} {}}}", v.get()),
                bt::ATOMIC_UINT64 => format!("{{{{}} {{}} {}}}", v.get() as u64),
                bt::ATOMIC_UINT32 => format!("{{{{}} {}}}", v.get() as u32),
                _ => format!("{{{{}} {}}}", v.get()),
            },
            _ => format!(
                "0x{:x}",
                self.fake_addr(std::rc::Rc::as_ptr(o) as *const u8 as usize)
            ),
        }
    }
}

/// A float under `%v %g %f %e`, with sign and zero padding.
fn fmt_float(f: f64, verb: char, spec: Spec) -> String {
    {
        let body = match verb {
            'v' | 'g' => match spec.prec {
                Some(p) => format_g_prec(f, p),
                None => format_float_v(f, 6),
            },
            'f' | 'F' => format!("{:.*}", spec.prec.unwrap_or(6), f),
            'e' => float_e(f, spec.prec.unwrap_or(6)),
            _ => format!("%!{verb}(float64={})", format_float_v(f, 6)),
        };
        let body = if spec.plus && f >= 0.0 && verb != 'v' {
            format!("+{body}")
        } else {
            body
        };
        if spec.zero && !spec.minus {
            if let Some(w) = spec.width {
                zero_pad(&body, w)
            } else {
                body
            }
        } else {
            body
        }
    }
}

/// Go's `%q` of a rune (`strconv.QuoteRune`): `'a'`, `'\n'`, `'\''`, `'"'`.
pub fn quote_rune(c: char) -> String {
    let inner = match c {
        '"' => "\"".to_owned(),
        '\'' => "\\'".to_owned(),
        c => {
            let q = quote(&c.to_string());
            q[1..q.len() - 1].to_owned()
        }
    };
    format!("'{inner}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        assert_eq!(duration_string(1_500_000_000), "1.5s");
        assert_eq!(duration_string(200_000_000), "200ms");
        assert_eq!(duration_string(90_000_000_000), "1m30s");
        assert_eq!(duration_string(3_600_000_000_000), "1h0m0s");
        assert_eq!(duration_string(0), "0s");
        assert_eq!(duration_string(1500), "1.5µs");
    }

    #[test]
    fn floats_print_like_go() {
        assert_eq!(format_float_v(3.5, 6), "3.5");
        assert_eq!(format_float_v(1e6, 6), "1e+06");
        assert_eq!(format_float_v(100.0, 21), "100");
        assert_eq!(format_float_v(1e21, 21), "1e+21");
        assert_eq!(format_float_v(0.0001, 21), "0.0001");
        assert_eq!(format_float_v(0.00001, 21), "1e-05");
        assert_eq!(format_g_prec(1.23456, 3), "1.23");
    }

    #[test]
    fn quoting_escapes() {
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
    }
}
