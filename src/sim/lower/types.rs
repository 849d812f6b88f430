//! Go types: named, composite and builtin types resolved to `Ty`, constant array lengths.

use super::*;

impl Lowerer<'_> {
    pub(super) fn intern_type(&mut self, name: String, kind: Kind) -> Ty {
        if let Some(&t) = self.type_by_name.get(&name) {
            return t;
        }
        self.types.push(TypeInfo {
            name: name.clone(),
            kind,
            named: false,
            methods: HashMap::new(),
        });
        let t = (self.types.len() - 1) as Ty;
        self.type_by_name.insert(name, t);
        t
    }

    pub fn slice_of(&mut self, e: Ty) -> Ty {
        let name = format!("[]{}", self.types[e as usize].name);
        self.intern_type(name, Kind::Slice(e))
    }

    pub(super) fn ptr_to(&mut self, e: Ty) -> Ty {
        let name = format!("*{}", self.types[e as usize].name);
        self.intern_type(name, Kind::Ptr(e))
    }

    pub(super) fn resolve_type(&mut self, n: Node) -> R<Ty> {
        let pos = self.pos(n);
        match n.kind() {
            "type_identifier" | "identifier" => {
                let name = self.text(n);
                match self.lookup(name) {
                    Some(Binding::Type(t)) => Ok(t),
                    _ => match self.type_by_name.get(name) {
                        Some(&t) => Ok(t),
                        None => err(LowerErrorKind::Compile, pos, format!("undefined: {name}")),
                    },
                }
            }
            "qualified_type" | "selector_expression" => {
                let (pkg, name) = if n.kind() == "qualified_type" {
                    (
                        n.child_by_field_name("package"),
                        n.child_by_field_name("name"),
                    )
                } else {
                    (
                        n.child_by_field_name("operand"),
                        n.child_by_field_name("field"),
                    )
                };
                let (pkg, name) = (self.text(pkg.unwrap()), self.text(name.unwrap()));
                match natives::lookup(self.package_path(pkg).as_str(), name) {
                    Some(Member::Type(t)) => Ok(t),
                    _ => self.not_simulated(n, &format!("type {pkg}.{name}")),
                }
            }
            "pointer_type" => {
                let inner = self.resolve_type(n.named_child(0).unwrap())?;
                // Runtime objects are already references.
                if matches!(
                    self.types[inner as usize].kind,
                    Kind::Opaque(
                        Opaque::Timer
                            | Opaque::Ticker
                            | Opaque::TestingT
                            | Opaque::Context
                            | Opaque::Cond
                    )
                ) {
                    return Ok(inner);
                }
                Ok(self.ptr_to(inner))
            }
            "slice_type" => {
                let e = self.resolve_type(n.child_by_field_name("element").unwrap())?;
                Ok(self.slice_of(e))
            }
            "array_type" => {
                let e = self.resolve_type(n.child_by_field_name("element").unwrap())?;
                let len_node = n.child_by_field_name("length").unwrap();
                let len = self.const_int(len_node)?;
                if len < 0 {
                    return err(
                        LowerErrorKind::Compile,
                        self.pos(len_node),
                        format!("invalid array length {len}"),
                    );
                }
                // Zero values are materialised: keep arrays to what a lesson could hold.
                let size = (len as u64).saturating_mul(crate::sim::ir::size_of_in(&self.types, e));
                if size > MAX_ARRAY_BYTES || len > MAX_ARRAY_LEN {
                    return self.not_simulated(n, "an array larger than 1 GiB or 2^26 elements");
                }
                let name = format!("[{len}]{}", self.types[e as usize].name);
                Ok(self.intern_type(name, Kind::Array(len as u64, e)))
            }
            "map_type" => {
                let k = self.resolve_type(n.child_by_field_name("key").unwrap())?;
                let v = self.resolve_type(n.child_by_field_name("value").unwrap())?;
                let name = format!(
                    "map[{}]{}",
                    self.types[k as usize].name, self.types[v as usize].name
                );
                Ok(self.intern_type(name, Kind::Map(k, v)))
            }
            "channel_type" => {
                let e = self.resolve_type(n.child_by_field_name("value").unwrap())?;
                let t = self.text(n);
                let prefix = if t.starts_with("<-") {
                    "<-chan "
                } else if t.starts_with("chan<-") || t.starts_with("chan <-") {
                    "chan<- "
                } else {
                    "chan "
                };
                let name = format!("{prefix}{}", self.types[e as usize].name);
                Ok(self.intern_type(name, Kind::Chan(e)))
            }
            "function_type" => Ok(bt::FUNC),
            "interface_type" => {
                let mut methods = Vec::new();
                let mut cursor = n.walk();
                for c in n.named_children(&mut cursor) {
                    if c.kind() == "method_elem" {
                        let name = self.text(c.child_by_field_name("name").unwrap()).to_owned();
                        methods.push(self.name(&name));
                    }
                }
                if methods.is_empty() {
                    return Ok(bt::ANY);
                }
                let name = format!("interface {{ {} }}", self.text(n).len());
                Ok(self.intern_type(name, Kind::Interface(methods)))
            }
            "struct_type" => {
                let fields = self.struct_fields(n)?;
                let name = format!(
                    "struct {{{}}}",
                    fields
                        .iter()
                        .map(|f| format!(
                            "{} {}",
                            self.names[f.name as usize], self.types[f.ty as usize].name
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
                Ok(self.intern_type(name, Kind::Struct(fields)))
            }
            "parenthesized_type" => self.resolve_type(n.named_child(0).unwrap()),
            "generic_type" => self.resolve_type(n.child_by_field_name("type").unwrap()),
            "implicit_length_array_type" => {
                let e = self.resolve_type(n.child_by_field_name("element").unwrap())?;
                Ok(self.slice_of(e))
            }
            _ => self.not_simulated(n, &format!("type `{}`", self.text(n))),
        }
    }

    pub(super) fn struct_fields(&mut self, n: Node) -> R<Vec<Field>> {
        let mut fields = Vec::new();
        let list = n.named_child(0).unwrap();
        let mut cursor = list.walk();
        let decls: Vec<Node> = list
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "field_declaration")
            .collect();
        for d in decls {
            let ty_node = d.child_by_field_name("type").unwrap();
            let ty = self.resolve_type(ty_node)?;
            let names = self.declared_names(d);
            if names.is_empty() {
                let base = self.types[ty as usize]
                    .name
                    .trim_start_matches('*')
                    .rsplit('.')
                    .next()
                    .unwrap_or("")
                    .to_owned();
                let name = self.name(&base);
                fields.push(Field {
                    name,
                    ty,
                    embedded: true,
                });
            } else {
                for nm in names {
                    let name = self.name(&nm);
                    fields.push(Field {
                        name,
                        ty,
                        embedded: false,
                    });
                }
            }
        }
        Ok(fields)
    }

    pub(super) fn const_int(&mut self, n: Node) -> R<i64> {
        match n.kind() {
            "int_literal" => parse_int(self.text(n))
                .ok_or(())
                .or_else(|_| self.not_simulated(n, "integer literal")),
            "identifier" => {
                let name = self.text(n).to_owned();
                if let Some(v) = self.const_values.get(&name) {
                    return Ok(*v);
                }
                self.not_simulated(n, "array length that is not a literal")
            }
            "binary_expression" => {
                let a = self.const_int(n.child_by_field_name("left").unwrap())?;
                let b = self.const_int(n.child_by_field_name("right").unwrap())?;
                let op = self.text(n.child_by_field_name("operator").unwrap());
                Ok(match op {
                    "+" => a.wrapping_add(b),
                    "-" => a.wrapping_sub(b),
                    "*" => a.wrapping_mul(b),
                    "/" if b != 0 => a / b,
                    "<<" => a.wrapping_shl(b as u32),
                    _ => return self.not_simulated(n, "constant expression"),
                })
            }
            "parenthesized_expression" => self.const_int(n.named_child(0).unwrap()),
            _ => self.not_simulated(n, "array length that is not a constant"),
        }
    }

    pub(super) fn is_type_node(&mut self, f: Node) -> Option<Ty> {
        match f.kind() {
            "slice_type" | "array_type" | "map_type" | "pointer_type" | "channel_type"
            | "function_type" | "qualified_type" | "interface_type" | "struct_type" => {
                self.resolve_type(f).ok()
            }
            "parenthesized_expression" | "parenthesized_type" => {
                let inner = f.named_child(0)?;
                if inner.kind() == "unary_expression" && self.text(inner).starts_with('*') {
                    let t = self.is_type_node(inner.child_by_field_name("operand")?)?;
                    return Some(self.ptr_to(t));
                }
                self.is_type_node(inner)
            }
            "identifier" | "type_identifier" => {
                let name = self.text(f);
                match self.lookup(name) {
                    Some(Binding::Type(t)) => Some(t),
                    None if natives::builtin(name).is_none() => {
                        self.type_by_name.get(name).copied()
                    }
                    _ => None,
                }
            }
            "selector_expression" => {
                let pkg = self.package_of(f.child_by_field_name("operand")?)?;
                match natives::lookup(&pkg, self.text(f.child_by_field_name("field")?)) {
                    Some(Member::Type(t)) => Some(t),
                    _ => None,
                }
            }
            "generic_type" => self.resolve_type(f).ok(),
            _ => None,
        }
    }
}
