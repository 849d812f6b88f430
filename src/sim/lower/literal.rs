//! Literals: composite literals and their elements, integer and string literal text.

use super::*;

pub(super) fn parse_int(t: &str) -> Option<i64> {
    let t = t.replace('_', "");
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h.to_owned(), 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b.to_owned(), 2)
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (o.to_owned(), 8)
    } else if t.len() > 1 && t.starts_with('0') {
        (t[1..].to_owned(), 8)
    } else {
        (t, 10)
    };
    u64::from_str_radix(&digits, radix).ok().map(|v| v as i64)
}

pub(super) fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut chars = s.chars().peekable();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        if !bytes.is_empty() {
            out.push_str(&String::from_utf8_lossy(bytes));
            bytes.clear();
        }
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush(&mut bytes, &mut out);
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('0'..='7') => {
                // octal \NNN (first digit consumed)
                let mut v = 0u32;
                let _ = v;
                v = 0;
                let _ = &mut v;
                out.push('?');
            }
            Some('x') => {
                let h: String = chars.by_ref().take(2).collect();
                if let Ok(b) = u8::from_str_radix(&h, 16) {
                    bytes.push(b);
                }
                continue;
            }
            Some('u') => {
                let h: String = chars.by_ref().take(4).collect();
                if let Some(c) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some('U') => {
                let h: String = chars.by_ref().take(8).collect();
                if let Some(c) = u32::from_str_radix(&h, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(o) => out.push(o),
            None => {}
        }
        flush(&mut bytes, &mut out);
    }
    flush(&mut bytes, &mut out);
    out
}

impl Lowerer<'_> {
    pub(super) fn composite(&mut self, n: Node, elided: Option<Ty>) -> R<()> {
        let ty = match (n.kind(), n.child_by_field_name("type")) {
            ("composite_literal", Some(t)) => {
                if t.kind() == "array_type"
                    && self.text(t.child_by_field_name("length").unwrap()) == "..."
                {
                    None
                } else {
                    Some(self.resolve_type(t)?)
                }
            }
            _ => elided,
        };
        let body = if n.kind() == "literal_value" {
            n
        } else {
            n.child_by_field_name("body").unwrap()
        };
        let mut c = body.walk();
        let elems: Vec<Node> = body
            .named_children(&mut c)
            .filter(|x| x.kind() != "comment")
            .collect();
        let ty = match ty {
            Some(t) => t,
            None => {
                // [...]T{…}
                let t = n.child_by_field_name("type").unwrap();
                let e = self.resolve_type(t.child_by_field_name("element").unwrap())?;
                let name = format!("[{}]{}", elems.len(), self.types[e as usize].name);
                self.intern_type(name, Kind::Array(elems.len() as u64, e))
            }
        };
        // &T elided inside []*T{{…}}
        if let Kind::Ptr(inner) = self.types[ty as usize].kind.clone() {
            self.composite(body, Some(inner))?;
            self.emit(Op::AddrOfValue);
            return Ok(());
        }
        let kind = self.types[ty as usize].kind.clone();
        match kind {
            Kind::Struct(fields) => {
                let keyed = elems.iter().any(|e| e.kind() == "keyed_element");
                if keyed {
                    let mut names = Vec::new();
                    for e in &elems {
                        let key = e.child_by_field_name("key").unwrap();
                        let fname = self.text(key).to_owned();
                        let nm = self.name(&fname);
                        let fty = fields.iter().find(|f| f.name == nm).map(|f| f.ty);
                        self.element(e.child_by_field_name("value").unwrap(), fty)?;
                        names.push(nm);
                    }
                    self.emit(Op::MakeStruct { ty, fields: names });
                } else {
                    for (i, e) in elems.iter().enumerate() {
                        let fty = fields.get(i).map(|f| f.ty);
                        self.element(*e, fty)?;
                    }
                    self.emit(Op::MakeStructPositional {
                        ty,
                        n: elems.len() as u32,
                    });
                }
            }
            Kind::Slice(e) | Kind::Array(_, e) => {
                let keyed = elems.iter().any(|x| x.kind() == "keyed_element");
                for x in &elems {
                    if keyed {
                        if x.kind() == "keyed_element" {
                            self.element(x.child_by_field_name("key").unwrap(), Some(bt::INT))?;
                            self.element(x.child_by_field_name("value").unwrap(), Some(e))?;
                        } else {
                            let k = self.konst(Value::int(-1));
                            self.emit(Op::Const(k));
                            self.element(*x, Some(e))?;
                        }
                    } else {
                        self.element(*x, Some(e))?;
                    }
                }
                let n = elems.len() as u32;
                if keyed {
                    self.emit(Op::MakeKeyedArray { ty, n });
                } else if matches!(kind, Kind::Slice(_)) {
                    self.emit(Op::MakeSlice { ty, n });
                } else {
                    self.emit(Op::MakeArray { ty, n });
                }
            }
            Kind::Map(k, v) => {
                for x in &elems {
                    if x.kind() != "keyed_element" {
                        return err(
                            LowerErrorKind::Compile,
                            self.pos(*x),
                            "missing key in map literal",
                        );
                    }
                    self.element(x.child_by_field_name("key").unwrap(), Some(k))?;
                    self.element(x.child_by_field_name("value").unwrap(), Some(v))?;
                }
                self.emit(Op::MakeMap {
                    ty,
                    n: elems.len() as u32,
                });
            }
            // `sync.Mutex{}`, `&sync.WaitGroup{}`: the zero value, ready to use.
            Kind::Opaque(
                Opaque::Mutex
                | Opaque::RWMutex
                | Opaque::WaitGroup
                | Opaque::Once
                | Opaque::SyncMap
                | Opaque::StringsBuilder,
            ) if elems.is_empty() => {
                self.emit(Op::Zero(ty));
            }
            _ => return self.not_simulated(n, "composite literal of this type"),
        }
        Ok(())
    }

    pub(super) fn element(&mut self, e: Node, ty: Option<Ty>) -> R<()> {
        let inner = if e.kind() == "literal_element" {
            e.named_child(0).unwrap()
        } else {
            e
        };
        if inner.kind() == "literal_value" {
            return self.composite(inner, ty);
        }
        self.expr(inner)?;
        if let Some(t) = ty {
            if self.is_numeric_named(t) {
                self.emit(Op::Convert(t));
            }
        }
        Ok(())
    }
}
