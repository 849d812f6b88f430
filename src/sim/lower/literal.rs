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

/// One element of a Go string or rune literal: a byte written as an octal or hex escape,
/// or a character (itself, or a `\u`/`\U`/single-letter escape).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    Byte(u8),
    Char(char),
}

/// Decodes the escapes of a literal's text between its quotes, as Go's spec defines them;
/// `Err` carries Go's compile error for a malformed escape.
pub(super) fn unescape(s: &str) -> Result<Vec<Piece>, &'static str> {
    let mut out = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(Piece::Char(c));
            continue;
        }
        let e = chars.next().ok_or("escape sequence not terminated")?;
        let simple = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '\\' => Some('\\'),
            '\'' => Some('\''),
            '"' => Some('"'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'v' => Some('\x0b'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(Piece::Char(c));
            continue;
        }
        let (digits, radix) = match e {
            '0'..='7' => (2, 8),
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            _ => return Err("unknown escape sequence"),
        };
        let mut text: String = if radix == 8 {
            e.to_string()
        } else {
            String::new()
        };
        text.extend(chars.by_ref().take(digits));
        let want = if radix == 8 { 3 } else { digits };
        if text.chars().count() != want || !text.chars().all(|c| c.is_digit(radix)) {
            return Err("invalid escape sequence");
        }
        let value = u32::from_str_radix(&text, radix).map_err(|_| "invalid escape sequence")?;
        match e {
            '0'..='7' => {
                let b = u8::try_from(value).map_err(|_| "octal escape value > 255")?;
                out.push(Piece::Byte(b));
            }
            'x' => out.push(Piece::Byte(value as u8)),
            _ => out.push(Piece::Char(
                char::from_u32(value).ok_or("escape sequence is invalid Unicode code point")?,
            )),
        }
    }
    Ok(out)
}

/// The bytes of a string literal: escaped bytes as written, characters as UTF-8.
pub(super) fn string_bytes(pieces: &[Piece]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in pieces {
        match *p {
            Piece::Byte(b) => out.push(b),
            Piece::Char(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    out
}

impl Lowerer<'_> {
    /// `sync.Pool{New: f}`: the pool made with its New function.
    fn pool_literal(&mut self, elems: &[Node]) -> R<()> {
        let mut nargs = 0;
        for e in elems {
            let key = e
                .child_by_field_name("key")
                .map(|k| self.text(k).to_owned());
            let (Some("New"), Some(v)) = (key.as_deref(), e.child_by_field_name("value")) else {
                return self.not_simulated(*e, "a sync.Pool field other than New");
            };
            self.element(v, None)?;
            nargs = 1;
        }
        self.emit(Op::CallNative {
            f: Native::SyncNewPool,
            nargs,
            want: 1,
            spread: false,
            unpack: false,
        });
        Ok(())
    }

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
                        let (Some(key), Some(value)) =
                            (e.child_by_field_name("key"), e.child_by_field_name("value"))
                        else {
                            return err(
                                LowerErrorKind::Compile,
                                self.pos(*e),
                                "mixture of field:value and value elements in struct literal",
                            );
                        };
                        let fname = self.text(key).to_owned();
                        let nm = self.name(&fname);
                        let fty = fields.iter().find(|f| f.name == nm).map(|f| f.ty);
                        self.element(value, fty)?;
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
                | Opaque::StringsBuilder
                | Opaque::Atomic,
            ) if elems.is_empty() => {
                self.emit(Op::Zero(ty));
            }
            // `sync.Pool{New: f}`.
            Kind::Opaque(Opaque::Pool) => self.pool_literal(&elems)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_to_the_bytes_go_writes() {
        let bytes = |s: &str| string_bytes(&unescape(s).unwrap());
        assert_eq!(bytes(r"\101\x42\u0043"), b"ABC");
        assert_eq!(bytes(r"\377\xff"), [0xff, 0xff]);
        assert_eq!(bytes(r"\u00e9"), "é".as_bytes());
        assert_eq!(bytes(r"\U0001F600"), "😀".as_bytes());
        assert_eq!(bytes(r#"\a\b\f\v\\\'\""#), b"\x07\x08\x0c\x0b\\'\"");
        assert_eq!(unescape(r"\106").unwrap(), [Piece::Byte(70)]);
    }

    #[test]
    fn malformed_escapes_are_go_compile_errors() {
        assert_eq!(unescape(r"\q"), Err("unknown escape sequence"));
        assert_eq!(unescape(r"\x4"), Err("invalid escape sequence"));
        assert_eq!(unescape(r"\8"), Err("unknown escape sequence"));
        assert_eq!(unescape(r"\400"), Err("octal escape value > 255"));
        assert_eq!(
            unescape(r"\ud800"),
            Err("escape sequence is invalid Unicode code point")
        );
        assert_eq!(unescape("\\"), Err("escape sequence not terminated"));
    }
}
