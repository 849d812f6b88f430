//! Top-level declarations: the file's passes, named types, function signatures and bodies, closures.

use super::*;

impl Lowerer<'_> {
    pub(super) fn file(&mut self, root: Node) -> R<()> {
        let mut cursor = root.walk();
        let items: Vec<Node> = root.named_children(&mut cursor).collect();
        self.imports(&items)?;
        // type names first (they may refer to each other)
        let mut type_specs = Vec::new();
        for it in &items {
            if it.kind() == "type_declaration" {
                let mut c = it.walk();
                for spec in it.named_children(&mut c) {
                    let name = self
                        .text(spec.child_by_field_name("name").unwrap())
                        .to_owned();
                    let t = self.declare_named_type(&name);
                    self.globals_scope.insert(name, Binding::Type(t));
                    type_specs.push((spec, t));
                }
            }
        }
        // constants needed by array types
        for it in &items {
            if it.kind() == "const_declaration" {
                self.collect_const_ints(*it);
            }
        }
        for (spec, t) in type_specs {
            self.define_named_type(spec, t)?;
        }
        // function and method signatures
        let mut bodies = Vec::new();
        for it in &items {
            match it.kind() {
                "function_declaration" => {
                    let name = self
                        .text(it.child_by_field_name("name").unwrap())
                        .to_owned();
                    let id = self.reserve_func(&name, self.pos(*it).0);
                    let results = self.results_of(it.child_by_field_name("result"));
                    self.func_results.insert(id, results);
                    let params = self.params_of(it.child_by_field_name("parameters"));
                    self.func_params.insert(id, params);
                    if name != "init" {
                        self.globals_scope.insert(name, Binding::Func(id));
                    }
                    bodies.push((*it, id, None));
                }
                "method_declaration" => {
                    let recv = it.child_by_field_name("receiver").unwrap();
                    let decl = recv
                        .named_child(0)
                        .ok_or(())
                        .or_else(|_| self.not_simulated(*it, "method without receiver"))?;
                    let ty_node = decl.child_by_field_name("type").unwrap();
                    let (ptr, base_node) = if ty_node.kind() == "pointer_type" {
                        (true, ty_node.named_child(0).unwrap())
                    } else {
                        (false, ty_node)
                    };
                    let base_node = if base_node.kind() == "generic_type" {
                        base_node.child_by_field_name("type").unwrap()
                    } else {
                        base_node
                    };
                    let base = self.resolve_type(base_node)?;
                    let mname = self
                        .text(it.child_by_field_name("name").unwrap())
                        .to_owned();
                    let id = self.reserve_func(
                        &format!("{}.{}", self.types[base as usize].name, mname),
                        self.pos(*it).0,
                    );
                    let n = self.name(&mname);
                    self.types[base as usize].methods.insert(n, (id, ptr));
                    bodies.push((*it, id, Some(decl)));
                }
                _ => {}
            }
        }
        // globals
        let mut init_items = Vec::new();
        for it in &items {
            if matches!(it.kind(), "var_declaration" | "const_declaration") {
                let mut c = it.walk();
                let mut specs = Vec::new();
                for spec in it.named_children(&mut c) {
                    if spec.kind() == "var_spec_list" {
                        let mut c2 = spec.walk();
                        specs.extend(
                            spec.named_children(&mut c2)
                                .filter(|x| x.kind() == "var_spec"),
                        );
                    } else if matches!(spec.kind(), "var_spec" | "const_spec") {
                        specs.push(spec);
                    }
                }
                for spec in &specs {
                    let mut c2 = spec.walk();
                    for nm in spec.children_by_field_name("name", &mut c2) {
                        if nm.kind() == "identifier" {
                            let name = self.text(nm).to_owned();
                            self.global_names.push(name.clone());
                            let g = (self.global_names.len() - 1) as u32;
                            if name != "_" {
                                self.globals_scope.insert(name, Binding::Global(g));
                            }
                        }
                    }
                }
                init_items.push(*it);
            }
        }
        for (node, id, recv) in bodies {
            self.function(node, id, recv)?;
        }
        // the init function: package-level initialisers in order
        let init_id = self.reserve_func("init-globals", 0);
        self.begin_fn("init-globals", Rc::new(HashSet::new()));
        for it in init_items {
            self.decl(it, true)?;
        }
        self.emit(Op::Return(0));
        self.end_fn(init_id);
        Ok(())
    }

    /// Binds each imported package under its name or alias; an import outside the
    /// simulated standard library stops the program as not simulated.
    pub(super) fn imports(&mut self, items: &[Node]) -> R<()> {
        for it in items {
            if it.kind() == "import_declaration" {
                let mut specs = Vec::new();
                let mut c = it.walk();
                for ch in it.named_children(&mut c) {
                    if ch.kind() == "import_spec" {
                        specs.push(ch);
                    } else if ch.kind() == "import_spec_list" {
                        let mut c2 = ch.walk();
                        specs.extend(
                            ch.named_children(&mut c2)
                                .filter(|x| x.kind() == "import_spec"),
                        );
                    }
                }
                for spec in specs {
                    let path = self
                        .text(spec.child_by_field_name("path").unwrap())
                        .trim_matches(|c| c == '"' || c == '`')
                        .to_owned();
                    if !natives::KNOWN_PACKAGES.contains(&path.as_str()) {
                        return self.not_simulated(spec, &format!("package \"{path}\""));
                    }
                    let alias = match spec.child_by_field_name("name") {
                        Some(n) => self.text(n).to_owned(),
                        None => package_name(&path).to_owned(),
                    };
                    self.packages.push(path.clone());
                    let idx = self.packages.len() - 1;
                    self.globals_scope.insert(alias, Binding::Package(idx));
                }
            }
        }
        Ok(())
    }

    pub(super) fn collect_const_ints(&mut self, decl: Node) {
        let mut c = decl.walk();
        let mut iota = 0;
        let mut last: Option<Node> = None;
        for spec in decl.named_children(&mut c) {
            if spec.kind() != "const_spec" {
                continue;
            }
            let value = spec
                .child_by_field_name("value")
                .and_then(|v| v.named_child(0))
                .or(last);
            last = value;
            let name = spec
                .child_by_field_name("name")
                .map(|n| self.text(n).to_owned());
            if let (Some(name), Some(v)) = (name, value) {
                let text = self.text(v);
                let val = if text == "iota" {
                    Some(iota)
                } else {
                    parse_int(text)
                };
                if let Some(val) = val {
                    self.const_values.insert(name, val);
                }
            }
            iota += 1;
        }
    }

    pub(super) fn declare_named_type(&mut self, name: &str) -> Ty {
        let full = format!("main.{name}");
        self.types.push(TypeInfo {
            name: full.clone(),
            kind: Kind::Pending,
            named: true,
            methods: HashMap::new(),
        });
        let t = (self.types.len() - 1) as Ty;
        self.type_by_name.insert(full, t);
        t
    }

    pub(super) fn define_named_type(&mut self, spec: Node, t: Ty) -> R<()> {
        // `type Stack[T any] struct{…}`: the parameters are erased to `any` while the
        // underlying type is resolved, as in generic functions.
        let mut shadowed = Vec::new();
        if let Some(tp) = spec.child_by_field_name("type_parameters") {
            let mut c = tp.walk();
            for d in tp.named_children(&mut c) {
                let mut c2 = d.walk();
                for n in d.children_by_field_name("name", &mut c2) {
                    let nm = self.text(n).to_owned();
                    let old = self
                        .globals_scope
                        .insert(nm.clone(), Binding::Type(bt::TYPE_PARAM));
                    shadowed.push((nm, old));
                }
            }
        }
        let under = self.resolve_type(spec.child_by_field_name("type").unwrap());
        for (nm, old) in shadowed.into_iter().rev() {
            match old {
                Some(b) => self.globals_scope.insert(nm, b),
                None => self.globals_scope.remove(&nm),
            };
        }
        let under = under?;
        let kind = self.types[under as usize].kind.clone();
        if spec.kind() == "type_alias" {
            self.types[t as usize] = self.types[under as usize].clone();
        } else {
            self.types[t as usize].kind = kind;
            // A named type over a named type keeps no methods, but opaque kinds keep behaviour.
        }
        Ok(())
    }

    pub(super) fn reserve_func(&mut self, name: &str, line: u32) -> FuncId {
        self.funcs.push(FuncCode {
            name: name.to_owned(),
            line,
            ..Default::default()
        });
        self.func_pos.push(Vec::new());
        (self.funcs.len() - 1) as FuncId
    }

    pub(super) fn begin_fn(&mut self, name: &str, boxed: Rc<HashSet<String>>) {
        self.fns.push(FnCtx {
            code: FuncCode {
                name: name.to_owned(),
                ..Default::default()
            },
            pos: Vec::new(),
            scopes: vec![HashMap::new()],
            captures: Vec::new(),
            boxed_names: boxed,
            loops: Vec::new(),
            result_types: Vec::new(),
        });
    }

    pub(super) fn end_fn(&mut self, id: FuncId) -> Vec<(String, Capture)> {
        let ctx = self.fns.pop().unwrap();
        let line = self.funcs[id as usize].line;
        let mut code = ctx.code;
        code.line = line;
        self.funcs[id as usize] = code;
        self.func_pos[id as usize] = ctx.pos;
        ctx.captures
    }

    /// Declares parameters and results; returns nothing but fills the FuncCode header.
    pub(super) fn signature(
        &mut self,
        params: Node,
        result: Option<Node>,
        recv: Option<Node>,
    ) -> R<()> {
        let mut decls: Vec<(Option<Node>, Node, bool)> = Vec::new();
        if let Some(r) = recv {
            decls.push((
                r.child_by_field_name("name"),
                r.child_by_field_name("type").unwrap(),
                false,
            ));
        }
        let mut c = params.walk();
        for p in params.named_children(&mut c) {
            if !matches!(
                p.kind(),
                "parameter_declaration" | "variadic_parameter_declaration"
            ) {
                continue;
            }
            let ty = p.child_by_field_name("type").unwrap();
            let variadic = p.kind() == "variadic_parameter_declaration";
            let mut c2 = p.walk();
            let names: Vec<Node> = p.children_by_field_name("name", &mut c2).collect();
            if names.is_empty() {
                decls.push((None, ty, variadic));
            }
            for n in names {
                decls.push((Some(n), ty, variadic));
            }
        }
        let nparams = decls.len() as u16;
        for (name, ty_node, variadic) in decls {
            let mut ty = self.resolve_type(ty_node)?;
            if variadic {
                ty = self.slice_of(ty);
                self.f().code.variadic = true;
            }
            let name = name
                .map(|n| self.text(n).to_owned())
                .unwrap_or_else(|| "_".to_owned());
            let (slot, boxed) = self.declare_local(&name);
            if boxed {
                self.f().code.boxed_params.push(slot);
            }
            if self.is_numeric_named(ty) {
                self.f().code.param_types.push((slot, ty));
            }
            if variadic {
                self.f().code.param_types.push((slot, ty));
            }
        }
        self.f().code.nparams = nparams;
        // results
        let mut result_types = Vec::new();
        if let Some(r) = result {
            if r.kind() == "parameter_list" {
                let mut c = r.walk();
                let mut named = false;
                for p in r.named_children(&mut c) {
                    if p.kind() != "parameter_declaration" {
                        continue;
                    }
                    let ty = self.resolve_type(p.child_by_field_name("type").unwrap())?;
                    let mut c2 = p.walk();
                    let names: Vec<Node> = p.children_by_field_name("name", &mut c2).collect();
                    if names.is_empty() {
                        self.declare_local("_");
                        result_types.push(ty);
                    }
                    for n in names {
                        named = true;
                        if ty == bt::TYPE_PARAM {
                            // `(v T, ok bool)`: v starts as T's zero, which erasure loses.
                            self.stop_when_run(n, "the zero value of a type parameter");
                        }
                        let name = self.text(n).to_owned();
                        let (slot, boxed) = self.declare_local(&name);
                        if boxed {
                            self.f().code.boxed_params.push(slot);
                        }
                        result_types.push(ty);
                    }
                }
                self.f().code.named_results = named;
            } else {
                let ty = self.resolve_type(r)?;
                self.declare_local("_");
                result_types.push(ty);
            }
        }
        self.f().code.nresults = result_types.len() as u16;
        self.f().code.result_types = result_types.clone();
        self.f().result_types = result_types;
        Ok(())
    }

    pub(super) fn is_numeric_named(&self, t: Ty) -> bool {
        t != bt::INT && matches!(self.types[t as usize].kind, Kind::Int { .. } | Kind::Float)
    }

    pub(super) fn function(&mut self, node: Node, id: FuncId, recv: Option<Node>) -> R<()> {
        let Some(body) = node.child_by_field_name("body") else {
            return self.not_simulated(node, "function without body");
        };
        let boxed = Rc::new(boxed_names(self.src, body));
        let name = self.funcs[id as usize].name.clone();
        self.begin_fn(&name, boxed);
        self.cur_pos = self.pos(node);
        if let Some(tp) = node.child_by_field_name("type_parameters") {
            let mut c = tp.walk();
            for d in tp.named_children(&mut c) {
                let mut c2 = d.walk();
                for n in d.children_by_field_name("name", &mut c2) {
                    let nm = self.text(n).to_owned();
                    self.f().scopes[0].insert(nm, Binding::Type(bt::TYPE_PARAM));
                }
            }
        }
        // `func (s *Stack[T]) Push(v T)`: the receiver's type parameters, erased like a
        // generic function's.
        if let Some(recv) = recv {
            let mut ty = recv.child_by_field_name("type");
            while let Some(t) = ty.filter(|t| t.kind() == "pointer_type") {
                ty = t.named_child(0);
            }
            if let Some(args) = ty
                .filter(|t| t.kind() == "generic_type")
                .and_then(|t| t.child_by_field_name("type_arguments"))
            {
                let mut c = args.walk();
                for a in args.named_children(&mut c) {
                    let nm = self.text(a).to_owned();
                    self.f().scopes[0].insert(nm, Binding::Type(bt::TYPE_PARAM));
                }
            }
        }
        self.signature(
            node.child_by_field_name("parameters").unwrap(),
            node.child_by_field_name("result"),
            recv,
        )?;
        self.block(body)?;
        self.cur_pos = self.end_pos(body);
        self.emit(Op::ReturnNamed);
        self.end_fn(id);
        Ok(())
    }

    pub(super) fn end_pos(&self, n: Node) -> (u32, u32) {
        let p = self
            .lines
            .position(self.src, n.end_byte().saturating_sub(1));
        (p.line as u32, p.column as u32)
    }

    pub(super) fn func_literal(&mut self, node: Node) -> R<()> {
        let id = self.reserve_func("func", self.pos(node).0);
        let parent = self
            .fns
            .last()
            .map(|f| f.code.name.clone())
            .unwrap_or_default();
        let body = node.child_by_field_name("body").unwrap();
        // Its own analysis: what it captures is reached through its captures, so only
        // its own locals' needs count (a cell per `ok` of a loop would be wasted work).
        let boxed = Rc::new(boxed_names(self.src, body));
        self.begin_fn(&format!("{parent}.func"), boxed);
        self.signature(
            node.child_by_field_name("parameters").unwrap(),
            node.child_by_field_name("result"),
            None,
        )?;
        self.block(body)?;
        self.cur_pos = self.end_pos(body);
        self.emit(Op::ReturnNamed);
        let captures = self.end_fn(id);
        self.emit(Op::MakeClosure {
            func: id,
            captures: captures.into_iter().map(|(_, c)| c).collect(),
        });
        Ok(())
    }
}

/// The name a package is used by when imported without one: the last element of its
/// path, skipping a major-version element (`math/rand/v2` is `rand`).
pub(super) fn package_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    let is_version =
        last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit());
    match parts.next() {
        Some(previous) if is_version => previous,
        _ => last,
    }
}
