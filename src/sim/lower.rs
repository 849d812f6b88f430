//! Lowering: tree-sitter Go syntax → [`Program`] (types, functions of stack ops).
//!
//! Names are resolved to slots here. A local that a closure may capture, whose address
//! is taken, or that receives a method call lives in a cell (boxed) so that every
//! reference sees the same variable; the choice is made per function by a pre-pass
//! that over-approximates (boxing too much costs speed, never correctness).

use super::ir::{builtin_types as bt, *};
use super::natives::{self, Member, Native};
use super::value::Value;
use crate::analysis::{Analyzer, GoVersion, LineIndex};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use tree_sitter::Node;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LowerErrorKind {
    Syntax,
    Compile,
    NotSimulated,
}

/// Arrays above this are not simulated (their zero values are materialised).
const MAX_ARRAY_BYTES: u64 = 1 << 30;
const MAX_ARRAY_LEN: i64 = 1 << 26;

#[derive(Debug, Clone)]
pub struct LowerError {
    pub kind: LowerErrorKind,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

type R<T> = Result<T, LowerError>;

#[derive(Clone, Copy, Debug)]
enum Binding {
    Local(u16, bool),
    Capture(u16),
    Global(u32),
    Func(FuncId),
    Type(Ty),
    Package(usize),
}

struct FnCtx {
    code: FuncCode,
    pos: Vec<(u32, u32)>,
    scopes: Vec<HashMap<String, Binding>>,
    captures: Vec<(String, Capture)>,
    boxed_names: Rc<HashSet<String>>,
    /// Break/continue patch lists: (label, continue target, break patches, continue patches).
    loops: Vec<LoopCtx>,
    result_types: Vec<Ty>,
}

struct LoopCtx {
    label: Option<String>,
    breaks: Vec<usize>,
    continues: Vec<usize>,
    is_switch: bool,
}

pub struct Lowerer<'s> {
    src: &'s str,
    lines: LineIndex,
    version: GoVersion,
    types: Vec<TypeInfo>,
    type_by_name: HashMap<String, Ty>,
    names: Vec<String>,
    name_ids: HashMap<String, Name>,
    consts: Vec<Value>,
    funcs: Vec<FuncCode>,
    func_pos: Vec<Vec<(u32, u32)>>,
    globals_scope: HashMap<String, Binding>,
    global_names: Vec<String>,
    packages: Vec<String>,
    fns: Vec<FnCtx>,
    cur_pos: (u32, u32),
    iota: Option<i64>,
    const_values: HashMap<String, i64>,
    pending: Vec<(String, Binding)>,
}

/// Per-function positions of each op (line, column), parallel to `FuncCode::code`.
pub struct Lowered {
    pub program: Program,
    pub positions: Vec<Vec<(u32, u32)>>,
}

pub fn lower(source: &str, version: GoVersion) -> R<Lowered> {
    let mut analyzer = Analyzer::new();
    let parsed = analyzer.parse(source);
    if let Some(e) = parsed.syntax_errors.first() {
        return Err(LowerError {
            kind: LowerErrorKind::Syntax,
            line: e.line() as u32,
            col: e.column() as u32,
            message: e.message.clone(),
        });
    }
    let mut l = Lowerer::new(source, version);
    l.file(parsed.tree.root_node())?;
    let mut lowered = l.finish();
    super::peephole::optimize(&mut lowered.program, &mut lowered.positions);
    Ok(lowered)
}

fn err<T>(kind: LowerErrorKind, pos: (u32, u32), message: impl Into<String>) -> R<T> {
    Err(LowerError {
        kind,
        line: pos.0,
        col: pos.1,
        message: message.into(),
    })
}

impl<'s> Lowerer<'s> {
    fn new(src: &'s str, version: GoVersion) -> Self {
        let mut l = Lowerer {
            src,
            lines: LineIndex::new(src),
            version,
            types: Vec::new(),
            type_by_name: HashMap::new(),
            names: Vec::new(),
            name_ids: HashMap::new(),
            consts: Vec::new(),
            funcs: Vec::new(),
            func_pos: Vec::new(),
            globals_scope: HashMap::new(),
            global_names: Vec::new(),
            packages: Vec::new(),
            fns: Vec::new(),
            cur_pos: (1, 1),
            iota: None,
            const_values: HashMap::new(),
            pending: Vec::new(),
        };
        l.builtin_types();
        l
    }

    fn builtin_types(&mut self) {
        let int = |bits, signed| Kind::Int { bits, signed };
        let table: Vec<(&str, Kind, bool)> = vec![
            ("invalid", Kind::Interface(vec![]), false),
            ("bool", Kind::Bool, false),
            ("int", int(64, true), false),
            ("int8", int(8, true), false),
            ("int16", int(16, true), false),
            ("int32", int(32, true), false),
            ("int64", int(64, true), false),
            ("uint", int(64, false), false),
            ("uint8", int(8, false), false),
            ("uint16", int(16, false), false),
            ("uint32", int(32, false), false),
            ("uint64", int(64, false), false),
            ("uintptr", int(64, false), false),
            ("float64", Kind::Float, false),
            ("float32", Kind::Float, false),
            ("string", Kind::String, false),
            ("interface {}", Kind::Interface(vec![]), false),
            ("error", Kind::Interface(vec![]), false),
            ("time.Duration", int(64, true), true),
            ("func()", Kind::Func, false),
            ("sync.Mutex", Kind::Opaque(Opaque::Mutex), true),
            ("sync.RWMutex", Kind::Opaque(Opaque::RWMutex), true),
            ("sync.WaitGroup", Kind::Opaque(Opaque::WaitGroup), true),
            ("sync.Once", Kind::Opaque(Opaque::Once), true),
            ("sync.Map", Kind::Opaque(Opaque::SyncMap), true),
            ("*time.Timer", Kind::Opaque(Opaque::Timer), true),
            ("*time.Ticker", Kind::Opaque(Opaque::Ticker), true),
            ("time.Time", Kind::Opaque(Opaque::Time), true),
            ("*context.cancelCtx", Kind::Opaque(Opaque::Context), true),
            ("*testing.T", Kind::Opaque(Opaque::TestingT), true),
            (
                "strings.Builder",
                Kind::Opaque(Opaque::StringsBuilder),
                true,
            ),
            ("*errors.errorString", Kind::Opaque(Opaque::Time), true),
            ("*fmt.wrapError", Kind::Opaque(Opaque::Time), true),
            ("context.CancelFunc", Kind::Func, true),
            ("[]uint8", Kind::Slice(bt::UINT8), false),
            ("<-chan time.Time", Kind::Chan(bt::TIME), false),
            ("chan struct {}", Kind::Chan(bt::EMPTY_STRUCT), false),
            ("struct {}", Kind::Struct(vec![]), false),
            ("runtime.Error", Kind::Opaque(Opaque::Time), true),
            ("time.Month", int(64, true), true),
        ];
        for (name, kind, named) in table {
            self.types.push(TypeInfo {
                name: name.to_owned(),
                kind,
                named,
                methods: HashMap::new(),
            });
            self.type_by_name
                .insert(name.to_owned(), (self.types.len() - 1) as Ty);
        }
        debug_assert_eq!(self.types.len() as Ty, bt::COUNT);
        self.type_by_name.insert("byte".into(), bt::UINT8);
        self.type_by_name.insert("rune".into(), bt::INT32);
        self.type_by_name.insert("any".into(), bt::ANY);
        let error_name = self.name("Error");
        self.types[bt::ERROR as usize].kind = Kind::Interface(vec![error_name]);
    }

    fn finish(mut self) -> Lowered {
        let tests: Vec<(String, FuncId)> = Vec::new();
        let _ = &mut self;
        let main = match self.globals_scope.get("main") {
            Some(Binding::Func(f)) => Some(*f),
            _ => None,
        };
        let mut tests = tests;
        for (i, f) in self.funcs.iter().enumerate() {
            if f.name.starts_with("Test")
                && f.nparams == 1
                && !f.name.contains('.')
                && f.name != "TestMain"
            {
                tests.push((f.name.clone(), i as FuncId));
            }
        }
        tests.sort_by_key(|(_, id)| self.funcs[*id as usize].line);
        let init = self.funcs.len() as FuncId - 1;
        let init_funcs = self
            .funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name == "init")
            .map(|(i, _)| i as FuncId)
            .collect();
        Lowered {
            program: Program {
                types: self.types,
                names: self.names,
                consts: self.consts,
                funcs: self.funcs,
                globals: self.global_names.len(),
                global_names: self.global_names,
                init,
                main,
                init_funcs,
                tests,
                not_simulated: Vec::new(),
                type_by_name: self.type_by_name,
            },
            positions: self.func_pos,
        }
    }

    // ---------- helpers ----------

    fn text(&self, n: Node) -> &'s str {
        self.src.get(n.byte_range()).unwrap_or("")
    }
    fn pos(&self, n: Node) -> (u32, u32) {
        let p = self.lines.position(self.src, n.start_byte());
        (p.line as u32, p.column as u32)
    }
    fn name(&mut self, s: &str) -> Name {
        if let Some(&n) = self.name_ids.get(s) {
            return n;
        }
        self.names.push(s.to_owned());
        let n = (self.names.len() - 1) as Name;
        self.name_ids.insert(s.to_owned(), n);
        n
    }
    fn konst(&mut self, v: Value) -> u32 {
        self.consts.push(v);
        (self.consts.len() - 1) as u32
    }
    fn not_simulated<T>(&self, n: Node, what: &str) -> R<T> {
        err(LowerErrorKind::NotSimulated, self.pos(n), what.to_owned())
    }
    fn f(&mut self) -> &mut FnCtx {
        self.fns.last_mut().expect("inside a function")
    }
    fn emit(&mut self, op: Op) -> usize {
        let pos = self.cur_pos;
        let f = self.f();
        f.code.code.push(op);
        f.pos.push(pos);
        f.code.code.len() - 1
    }
    fn here(&mut self) -> usize {
        self.f().code.code.len()
    }
    fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        match &mut self.f().code.code[at] {
            Op::Jump(x) | Op::JumpIfFalse(x) | Op::JumpIfTrue(x) => *x = t,
            Op::RangeNext { end, .. } | Op::RangeChanNext { end } => *end = t,
            _ => {}
        }
    }
    fn new_slot(&mut self) -> u16 {
        let f = self.f();
        let s = f.code.nlocals;
        f.code.nlocals += 1;
        s
    }
    fn declare_local(&mut self, name: &str) -> (u16, bool) {
        let slot = self.new_slot();
        if name == "_" {
            return (slot, false);
        }
        let boxed = self.f().boxed_names.contains(name);
        self.f()
            .scopes
            .last_mut()
            .unwrap()
            .insert(name.to_owned(), Binding::Local(slot, boxed));
        (slot, boxed)
    }
    fn push_scope(&mut self) {
        self.f().scopes.push(HashMap::new());
    }
    fn pop_scope(&mut self) {
        self.f().scopes.pop();
    }

    fn lookup(&mut self, name: &str) -> Option<Binding> {
        let depth = self.fns.len();
        self.lookup_in(name, depth)
    }

    fn lookup_in(&mut self, name: &str, depth: usize) -> Option<Binding> {
        if depth == 0 {
            return self.globals_scope.get(name).copied();
        }
        let fi = depth - 1;
        for s in self.fns[fi].scopes.iter().rev() {
            if let Some(b) = s.get(name) {
                return Some(*b);
            }
        }
        if let Some(i) = self.fns[fi].captures.iter().position(|(n, _)| n == name) {
            return Some(Binding::Capture(i as u16));
        }
        match self.lookup_in(name, fi)? {
            Binding::Local(slot, true) if fi > 0 => {
                self.fns[fi]
                    .captures
                    .push((name.to_owned(), Capture::Local(slot)));
                Some(Binding::Capture((self.fns[fi].captures.len() - 1) as u16))
            }
            Binding::Capture(i) if fi > 0 => {
                self.fns[fi]
                    .captures
                    .push((name.to_owned(), Capture::Outer(i)));
                Some(Binding::Capture((self.fns[fi].captures.len() - 1) as u16))
            }
            Binding::Local(_, false) => None,
            b => Some(b),
        }
    }

    // ---------- types ----------

    fn intern_type(&mut self, name: String, kind: Kind) -> Ty {
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
    fn ptr_to(&mut self, e: Ty) -> Ty {
        let name = format!("*{}", self.types[e as usize].name);
        self.intern_type(name, Kind::Ptr(e))
    }

    fn resolve_type(&mut self, n: Node) -> R<Ty> {
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
                        Opaque::Timer | Opaque::Ticker | Opaque::TestingT | Opaque::Context
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
                let size = (len as u64).saturating_mul(super::ir::size_of_in(&self.types, e));
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

    fn struct_fields(&mut self, n: Node) -> R<Vec<Field>> {
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
            let mut c2 = d.walk();
            let names: Vec<String> = d
                .children_by_field_name("name", &mut c2)
                .map(|x| self.text(x).to_owned())
                .collect();
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

    fn const_int(&mut self, n: Node) -> R<i64> {
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
}

impl Lowerer<'_> {
    fn package_path(&self, alias: &str) -> String {
        self.packages
            .iter()
            .find(|p| p.rsplit('/').next() == Some(alias))
            .cloned()
            .unwrap_or_else(|| alias.to_owned())
    }
}

fn parse_int(t: &str) -> Option<i64> {
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

/// Identifiers that must live in cells: used inside a closure, address taken, or a
/// method-call receiver.
fn boxed_names(src: &str, body: Node) -> HashSet<String> {
    let mut out = HashSet::new();
    fn walk(src: &str, n: Node, in_closure: bool, out: &mut HashSet<String>) {
        let text = |x: Node| src.get(x.byte_range()).unwrap_or("").to_owned();
        match n.kind() {
            "identifier" if in_closure => {
                out.insert(text(n));
            }
            "unary_expression" => {
                if let (Some(op), Some(operand)) = (
                    n.child_by_field_name("operator"),
                    n.child_by_field_name("operand"),
                ) {
                    if text(op) == "&" {
                        let mut base = operand;
                        while matches!(
                            base.kind(),
                            "selector_expression" | "index_expression" | "parenthesized_expression"
                        ) {
                            base = match base.kind() {
                                "selector_expression" | "index_expression" => {
                                    base.child_by_field_name("operand").unwrap()
                                }
                                _ => base.named_child(0).unwrap(),
                            };
                        }
                        if base.kind() == "identifier" {
                            out.insert(text(base));
                        }
                    }
                }
            }
            "call_expression" => {
                if let Some(f) = n.child_by_field_name("function") {
                    if f.kind() == "selector_expression" {
                        if let Some(o) = f.child_by_field_name("operand") {
                            if o.kind() == "identifier" {
                                out.insert(text(o));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        let inner = in_closure || n.kind() == "func_literal";
        let mut c = n.walk();
        for ch in n.children(&mut c) {
            walk(src, ch, inner, out);
        }
    }
    walk(src, body, false, &mut out);
    out
}

impl Lowerer<'_> {
    fn file(&mut self, root: Node) -> R<()> {
        let mut cursor = root.walk();
        let items: Vec<Node> = root.named_children(&mut cursor).collect();
        // imports
        for it in &items {
            if it.kind() == "package_clause" {
                let name = self.text(it.named_child(0).unwrap());
                if name != "main" {
                    // Test files of other packages still run their tests.
                }
            }
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
                        None => path.rsplit('/').next().unwrap().to_owned(),
                    };
                    self.packages.push(path.clone());
                    let idx = self.packages.len() - 1;
                    self.globals_scope.insert(alias, Binding::Package(idx));
                }
            }
        }
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

    fn collect_const_ints(&mut self, decl: Node) {
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

    fn declare_named_type(&mut self, name: &str) -> Ty {
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

    fn define_named_type(&mut self, spec: Node, t: Ty) -> R<()> {
        let under = self.resolve_type(spec.child_by_field_name("type").unwrap())?;
        let kind = self.types[under as usize].kind.clone();
        if spec.kind() == "type_alias" {
            self.types[t as usize] = self.types[under as usize].clone();
        } else {
            self.types[t as usize].kind = kind;
            // A named type over a named type keeps no methods, but opaque kinds keep behaviour.
        }
        Ok(())
    }

    fn reserve_func(&mut self, name: &str, line: u32) -> FuncId {
        self.funcs.push(FuncCode {
            name: name.to_owned(),
            line,
            ..Default::default()
        });
        self.func_pos.push(Vec::new());
        (self.funcs.len() - 1) as FuncId
    }

    fn begin_fn(&mut self, name: &str, boxed: Rc<HashSet<String>>) {
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

    fn end_fn(&mut self, id: FuncId) -> Vec<(String, Capture)> {
        let ctx = self.fns.pop().unwrap();
        let line = self.funcs[id as usize].line;
        let mut code = ctx.code;
        code.line = line;
        self.funcs[id as usize] = code;
        self.func_pos[id as usize] = ctx.pos;
        ctx.captures
    }

    /// Declares parameters and results; returns nothing but fills the FuncCode header.
    fn signature(&mut self, params: Node, result: Option<Node>, recv: Option<Node>) -> R<()> {
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
                        let (slot, _) = self.declare_local("_");
                        let _ = slot;
                        result_types.push(ty);
                    }
                    for n in names {
                        named = true;
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

    fn is_numeric_named(&self, t: Ty) -> bool {
        t != bt::INT && matches!(self.types[t as usize].kind, Kind::Int { .. } | Kind::Float)
    }

    fn function(&mut self, node: Node, id: FuncId, recv: Option<Node>) -> R<()> {
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
                    self.f().scopes[0].insert(nm, Binding::Type(bt::ANY));
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

    fn end_pos(&self, n: Node) -> (u32, u32) {
        let p = self
            .lines
            .position(self.src, n.end_byte().saturating_sub(1));
        (p.line as u32, p.column as u32)
    }

    fn func_literal(&mut self, node: Node) -> R<()> {
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

    // ---------- statements ----------

    fn block(&mut self, n: Node) -> R<()> {
        self.push_scope();
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        for ch in children {
            if ch.kind() == "statement_list" {
                let mut c2 = ch.walk();
                let stmts: Vec<Node> = ch.named_children(&mut c2).collect();
                for s in stmts {
                    self.stmt(s)?;
                }
            } else {
                self.stmt(ch)?;
            }
        }
        self.pop_scope();
        Ok(())
    }

    fn stmt_list_of(&mut self, n: Node) -> R<()> {
        let mut c = n.walk();
        let children: Vec<Node> = n.named_children(&mut c).collect();
        for ch in children {
            if ch.kind() == "statement_list" {
                let mut c2 = ch.walk();
                let stmts: Vec<Node> = ch.named_children(&mut c2).collect();
                for s in stmts {
                    self.stmt(s)?;
                }
            }
        }
        Ok(())
    }

    fn stmt(&mut self, n: Node) -> R<()> {
        self.cur_pos = self.pos(n);
        match n.kind() {
            "comment" | "empty_statement" => Ok(()),
            "expression_statement" => {
                let e = n.named_child(0).unwrap();
                if e.kind() == "call_expression" {
                    self.call(e, 0)
                } else {
                    self.expr(e)?;
                    self.emit(Op::Pop);
                    Ok(())
                }
            }
            "send_statement" => {
                self.expr(n.child_by_field_name("channel").unwrap())?;
                self.expr(n.child_by_field_name("value").unwrap())?;
                self.cur_pos = self.pos(n);
                self.emit(Op::Send);
                Ok(())
            }
            "inc_statement" | "dec_statement" => {
                let target = n.named_child(0).unwrap();
                let delta = if n.kind() == "inc_statement" { 1 } else { -1 };
                if target.kind() == "identifier" {
                    if let Some(Binding::Local(slot, false)) = self.lookup(self.text(target)) {
                        self.emit(Op::IncLocal(slot, delta));
                        return Ok(());
                    }
                }
                self.expr_for_update(target)?;
                let k = self.konst(Value::int(1));
                self.emit(Op::Const(k));
                self.emit(Op::Binary(if delta > 0 { BinOp::Add } else { BinOp::Sub }));
                self.store_to(target)
            }
            "assignment_statement" => self.assignment(n),
            "short_var_declaration" => self.short_var(n),
            "var_declaration" | "const_declaration" => self.decl(n, false),
            "type_declaration" => {
                let mut c = n.walk();
                let specs: Vec<Node> = n.named_children(&mut c).collect();
                for spec in specs {
                    let name = self
                        .text(spec.child_by_field_name("name").unwrap())
                        .to_owned();
                    let t = self.declare_named_type(&name);
                    self.f()
                        .scopes
                        .last_mut()
                        .unwrap()
                        .insert(name, Binding::Type(t));
                    self.define_named_type(spec, t)?;
                }
                Ok(())
            }
            "return_statement" => self.return_stmt(n),
            "go_statement" | "defer_statement" => self.go_defer(n),
            "if_statement" => self.if_stmt(n),
            "for_statement" => self.for_stmt(n, None),
            "expression_switch_statement" => self.switch_stmt(n, None),
            "type_switch_statement" => self.type_switch(n, None),
            "select_statement" => self.select_stmt(n, None),
            "labeled_statement" => {
                let label = self
                    .text(n.child_by_field_name("label").unwrap())
                    .to_owned();
                let inner = n.named_child(1);
                match inner {
                    Some(s) if s.kind() == "for_statement" => self.for_stmt(s, Some(label)),
                    Some(s) if s.kind() == "expression_switch_statement" => {
                        self.switch_stmt(s, Some(label))
                    }
                    Some(s) if s.kind() == "type_switch_statement" => {
                        self.type_switch(s, Some(label))
                    }
                    Some(s) if s.kind() == "select_statement" => self.select_stmt(s, Some(label)),
                    Some(s) => self.stmt(s),
                    None => Ok(()),
                }
            }
            "break_statement" | "continue_statement" => {
                let label = n.named_child(0).map(|l| self.text(l).to_owned());
                let is_break = n.kind() == "break_statement";
                let at = self.emit(Op::Jump(0));
                let f = self.f();
                let target = f.loops.iter_mut().rev().find(|l| match &label {
                    Some(lb) => l.label.as_deref() == Some(lb.as_str()),
                    None => is_break || !l.is_switch,
                });
                match target {
                    Some(l) if is_break => l.breaks.push(at),
                    Some(l) => l.continues.push(at),
                    None => {
                        return err(
                            LowerErrorKind::Compile,
                            self.pos(n),
                            format!(
                                "{} is not in a loop",
                                if is_break { "break" } else { "continue" }
                            ),
                        )
                    }
                }
                Ok(())
            }
            "block" => self.block(n),
            "fallthrough_statement" => Ok(()),
            "goto_statement" => self.not_simulated(n, "goto"),
            _ => self.not_simulated(n, &format!("statement `{}`", n.kind())),
        }
    }

    fn decl(&mut self, n: Node, global: bool) -> R<()> {
        let mut c = n.walk();
        let mut specs = Vec::new();
        for spec in n.named_children(&mut c) {
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
        let is_const = n.kind() == "const_declaration";
        let mut last_values: Option<Node> = None;
        let mut last_type: Option<Node> = None;
        for (iota, spec) in specs.into_iter().enumerate() {
            self.cur_pos = self.pos(spec);
            let mut c2 = spec.walk();
            let names: Vec<String> = spec
                .children_by_field_name("name", &mut c2)
                .filter(|x| x.kind() == "identifier")
                .map(|x| self.text(x).to_owned())
                .collect();
            let mut ty_node = spec.child_by_field_name("type");
            let mut values = spec.child_by_field_name("value");
            if is_const {
                if values.is_none() {
                    values = last_values;
                    ty_node = last_type;
                } else {
                    last_values = values;
                    last_type = ty_node;
                }
                self.iota = Some(iota as i64);
            }
            let ty = match ty_node {
                Some(t) => Some(self.resolve_type(t)?),
                None => None,
            };
            match values {
                Some(vs) => {
                    let exprs = self.expr_list(vs);
                    if exprs.len() == 1 && names.len() > 1 {
                        self.multi_value(exprs[0], names.len())?;
                    } else {
                        for e in &exprs {
                            self.expr(*e)?;
                            if let Some(t) = ty {
                                self.emit(Op::Convert(t));
                            }
                        }
                    }
                }
                None => {
                    for _ in &names {
                        self.emit(Op::Zero(ty.unwrap_or(bt::ANY)));
                    }
                }
            }
            self.iota = None;
            for name in names.iter().rev() {
                if global {
                    match self.globals_scope.get(name.as_str()) {
                        Some(Binding::Global(g)) => {
                            let g = *g;
                            self.emit(Op::StoreGlobal(g));
                        }
                        _ => {
                            self.emit(Op::Pop);
                        }
                    }
                } else {
                    let (slot, boxed) = self.declare_local_deferred(name);
                    self.init_local(slot, boxed);
                }
            }
            if !global {
                self.commit_pending();
            }
        }
        Ok(())
    }

    /// Declares a local whose name becomes visible only after `commit_pending` (so that
    /// `x := x + 1` in an inner scope reads the outer x).
    fn declare_local_deferred(&mut self, name: &str) -> (u16, bool) {
        let slot = self.new_slot();
        let boxed = name != "_" && self.f().boxed_names.contains(name);
        if name != "_" {
            self.pending
                .push((name.to_owned(), Binding::Local(slot, boxed)));
        }
        (slot, boxed)
    }

    fn commit_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for (name, b) in pending {
            self.f().scopes.last_mut().unwrap().insert(name, b);
        }
    }

    fn init_local(&mut self, slot: u16, boxed: bool) {
        if boxed {
            self.emit(Op::NewBox(slot));
        } else {
            self.emit(Op::StoreLocal(slot));
        }
    }

    fn expr_list<'t>(&self, n: Node<'t>) -> Vec<Node<'t>> {
        if n.kind() == "expression_list" {
            let mut c = n.walk();
            n.named_children(&mut c)
                .filter(|x| x.kind() != "comment")
                .collect()
        } else {
            vec![n]
        }
    }
}

impl Lowerer<'_> {
    /// Pushes exactly `n` values from one expression: a call, `m[k]`, `<-ch`, `x.(T)`.
    fn multi_value(&mut self, e: Node, n: usize) -> R<()> {
        let e = strip_parens(e);
        match e.kind() {
            "call_expression" => self.call(e, n as u8),
            "index_expression" if n == 2 => {
                self.expr(e.child_by_field_name("operand").unwrap())?;
                self.expr(e.child_by_field_name("index").unwrap())?;
                self.cur_pos = self.pos(e);
                self.emit(Op::IndexOk);
                Ok(())
            }
            "unary_expression"
                if n == 2 && self.text(e.child_by_field_name("operator").unwrap()) == "<-" =>
            {
                self.expr(e.child_by_field_name("operand").unwrap())?;
                self.cur_pos = self.pos(e);
                self.emit(Op::RecvOk);
                Ok(())
            }
            "type_assertion_expression" if n == 2 => {
                self.expr(e.child_by_field_name("operand").unwrap())?;
                let ty = self.resolve_type(e.child_by_field_name("type").unwrap())?;
                self.emit(Op::TypeAssert { ty, ok: true });
                Ok(())
            }
            _ => err(
                LowerErrorKind::Compile,
                self.pos(e),
                format!("assignment mismatch: {n} variables but 1 value"),
            ),
        }
    }

    fn short_var(&mut self, n: Node) -> R<()> {
        let lhs = self.expr_list(n.child_by_field_name("left").unwrap());
        let rhs = self.expr_list(n.child_by_field_name("right").unwrap());
        if rhs.len() == 1 && lhs.len() > 1 {
            self.multi_value(rhs[0], lhs.len())?;
        } else {
            for r in &rhs {
                self.expr(*r)?;
            }
        }
        self.cur_pos = self.pos(n);
        for l in lhs.iter().rev() {
            let name = self.text(*l).to_owned();
            // Redeclaration in the same scope assigns.
            let existing = self.f().scopes.last().unwrap().get(&name).copied();
            match existing {
                Some(_) if name != "_" => self.store_to(*l)?,
                _ => {
                    if name == "_" {
                        self.emit(Op::Pop);
                    } else {
                        let (slot, boxed) = self.declare_local_deferred(&name);
                        self.init_local(slot, boxed);
                    }
                }
            }
        }
        self.commit_pending();
        Ok(())
    }

    fn assignment(&mut self, n: Node) -> R<()> {
        let lhs = self.expr_list(n.child_by_field_name("left").unwrap());
        let rhs = self.expr_list(n.child_by_field_name("right").unwrap());
        let op = self.text(n.child_by_field_name("operator").unwrap());
        if op != "=" {
            let bin = binop(&op[..op.len() - 1])
                .ok_or(())
                .or_else(|_| self.not_simulated(n, "assignment operator"))?;
            self.expr_for_update(lhs[0])?;
            self.expr(rhs[0])?;
            self.cur_pos = self.pos(n);
            self.emit(Op::Binary(bin));
            return self.store_to(lhs[0]);
        }
        if rhs.len() == 1 && lhs.len() > 1 {
            self.multi_value(rhs[0], lhs.len())?;
            for l in lhs.iter().rev() {
                self.store_to(*l)?;
            }
            return Ok(());
        }
        if lhs.len() == 1 {
            self.expr(rhs[0])?;
            self.cur_pos = self.pos(n);
            return self.store_to(lhs[0]);
        }
        // Parallel assignment: evaluate everything first.
        let mut temps = Vec::new();
        for r in &rhs {
            self.expr(*r)?;
            let t = self.new_slot();
            self.emit(Op::StoreLocal(t));
            temps.push(t);
        }
        for (l, t) in lhs.iter().zip(temps) {
            self.emit(Op::LoadLocal(t));
            self.store_to(*l)?;
        }
        Ok(())
    }

    /// Stores the value on top of the stack into the place `target`.
    fn store_to(&mut self, target: Node) -> R<()> {
        let target = strip_parens(target);
        match target.kind() {
            "identifier" => {
                let name = self.text(target);
                if name == "_" {
                    self.emit(Op::Pop);
                    return Ok(());
                }
                match self.lookup(name) {
                    Some(Binding::Local(slot, false)) => {
                        self.emit(Op::StoreLocal(slot));
                    }
                    Some(Binding::Local(slot, true)) => {
                        self.emit(Op::StoreBoxed(slot));
                    }
                    Some(Binding::Capture(i)) => {
                        self.emit(Op::StoreCapture(i));
                    }
                    Some(Binding::Global(g)) => {
                        self.emit(Op::StoreGlobal(g));
                    }
                    _ => {
                        return err(
                            LowerErrorKind::Compile,
                            self.pos(target),
                            format!("undefined: {name}"),
                        )
                    }
                }
                Ok(())
            }
            "index_expression" => {
                // value is on top; we need container, index below it.
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                self.expr(target.child_by_field_name("operand").unwrap())?;
                self.expr(target.child_by_field_name("index").unwrap())?;
                self.emit(Op::LoadLocal(t));
                self.cur_pos = self.pos(target);
                self.emit(Op::StoreIndex);
                Ok(())
            }
            "selector_expression" => {
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                self.expr(target.child_by_field_name("operand").unwrap())?;
                self.emit(Op::LoadLocal(t));
                let name = self
                    .text(target.child_by_field_name("field").unwrap())
                    .to_owned();
                let nm = self.name(&name);
                self.cur_pos = self.pos(target);
                self.emit(Op::StoreField(nm));
                Ok(())
            }
            "unary_expression"
                if self.text(target.child_by_field_name("operator").unwrap()) == "*" =>
            {
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                self.expr(target.child_by_field_name("operand").unwrap())?;
                self.emit(Op::LoadLocal(t));
                self.cur_pos = self.pos(target);
                self.emit(Op::StoreDeref);
                Ok(())
            }
            _ => self.not_simulated(target, "assignment target"),
        }
    }

    fn return_stmt(&mut self, n: Node) -> R<()> {
        let nres = self.f().result_types.len();
        let exprs = match n.named_child(0) {
            Some(list) => self.expr_list(list),
            None => Vec::new(),
        };
        if exprs.is_empty() {
            self.emit(Op::ReturnNamed);
            return Ok(());
        }
        if exprs.len() == 1 && nres > 1 {
            self.multi_value(exprs[0], nres)?;
        } else {
            let types = self.f().result_types.clone();
            for (i, e) in exprs.iter().enumerate() {
                self.expr(*e)?;
                if let Some(&t) = types.get(i) {
                    if self.is_numeric_named(t) {
                        self.emit(Op::Convert(t));
                    }
                }
            }
        }
        self.cur_pos = self.pos(n);
        self.emit(Op::Return(nres as u8));
        Ok(())
    }

    fn go_defer(&mut self, n: Node) -> R<()> {
        let call = strip_parens(n.named_child(0).unwrap());
        if call.kind() != "call_expression" {
            return err(
                LowerErrorKind::Compile,
                self.pos(n),
                "expression in go/defer must be function call",
            );
        }
        let (nargs, spread) = self.callee_and_args(call)?;
        self.cur_pos = self.pos(n);
        if n.kind() == "go_statement" {
            self.emit(Op::Go { nargs, spread });
        } else {
            self.emit(Op::Defer { nargs, spread });
        }
        Ok(())
    }

    /// Pushes a callable value and its arguments (for go/defer).
    fn callee_and_args(&mut self, call: Node) -> R<(u8, bool)> {
        let f = strip_parens(call.child_by_field_name("function").unwrap());
        match f.kind() {
            "selector_expression" => {
                let operand = f.child_by_field_name("operand").unwrap();
                let field = self
                    .text(f.child_by_field_name("field").unwrap())
                    .to_owned();
                if let Some(pkg) = self.package_of(operand) {
                    match natives::lookup(&pkg, &field) {
                        Some(Member::Func(nf)) => {
                            self.emit(Op::NativeValue(nf));
                        }
                        _ => return self.not_simulated(f, &format!("{pkg}.{field}")),
                    }
                } else {
                    self.receiver(operand)?;
                    let nm = self.name(&field);
                    self.emit(Op::BindMethod(nm));
                }
            }
            "identifier"
                if self.lookup(self.text(f)).is_none()
                    && natives::builtin(self.text(f)).is_some() =>
            {
                let b = natives::builtin(self.text(f)).unwrap();
                self.emit(Op::NativeValue(b));
            }
            _ => self.expr(f)?,
        }
        self.args(call)
    }

    fn package_of(&mut self, operand: Node) -> Option<String> {
        if operand.kind() != "identifier" {
            return None;
        }
        match self.lookup(self.text(operand)) {
            Some(Binding::Package(i)) => Some(self.packages[i].clone()),
            _ => None,
        }
    }

    /// Pushes the arguments of a call; returns (count, spread `xs...`).
    fn args(&mut self, call: Node) -> R<(u8, bool)> {
        let args = call.child_by_field_name("arguments").unwrap();
        let mut c = args.walk();
        let list: Vec<Node> = args
            .named_children(&mut c)
            .filter(|x| x.kind() != "comment")
            .collect();
        let mut spread = false;
        if list.len() == 1 && strip_parens(list[0]).kind() == "call_expression" {
            self.call(strip_parens(list[0]), WANT_TUPLE)?;
            return Ok((1, false));
        }
        for a in &list {
            if a.kind() == "variadic_argument" {
                spread = true;
                self.expr(a.named_child(0).unwrap())?;
            } else {
                self.expr(*a)?;
            }
        }
        Ok((list.len() as u8, spread))
    }

    fn unpack_args(&self, call: Node) -> bool {
        let args = call.child_by_field_name("arguments").unwrap();
        let mut c = args.walk();
        let list: Vec<Node> = args
            .named_children(&mut c)
            .filter(|x| x.kind() != "comment")
            .collect();
        list.len() == 1 && strip_parens(list[0]).kind() == "call_expression"
    }

    /// Pushes a method receiver: the variable's address when it is a boxed local or a
    /// global (so pointer methods mutate it), else its value.
    fn receiver(&mut self, operand: Node) -> R<()> {
        let operand = strip_parens(operand);
        if operand.kind() == "identifier" {
            match self.lookup(self.text(operand)) {
                Some(Binding::Local(slot, true)) => {
                    self.emit(Op::AddrBoxed(slot));
                    return Ok(());
                }
                Some(Binding::Capture(i)) => {
                    self.emit(Op::AddrCapture(i));
                    return Ok(());
                }
                Some(Binding::Global(g)) => {
                    self.emit(Op::AddrGlobal(g));
                    return Ok(());
                }
                _ => {}
            }
        }
        if operand.kind() == "selector_expression"
            && self
                .package_of(operand.child_by_field_name("operand").unwrap())
                .is_none()
        {
            self.expr(operand.child_by_field_name("operand").unwrap())?;
            let f = self
                .text(operand.child_by_field_name("field").unwrap())
                .to_owned();
            let nm = self.name(&f);
            self.emit(Op::AddrField(nm));
            return Ok(());
        }
        if operand.kind() == "index_expression" {
            self.expr(operand.child_by_field_name("operand").unwrap())?;
            self.expr(operand.child_by_field_name("index").unwrap())?;
            self.emit(Op::AddrIndex);
            return Ok(());
        }
        self.expr(operand)
    }

    fn if_stmt(&mut self, n: Node) -> R<()> {
        self.push_scope();
        if let Some(init) = n.child_by_field_name("initializer") {
            self.stmt(init)?;
        }
        self.cur_pos = self.pos(n);
        self.expr(n.child_by_field_name("condition").unwrap())?;
        let jf = self.emit(Op::JumpIfFalse(0));
        self.block(n.child_by_field_name("consequence").unwrap())?;
        if let Some(alt) = n.child_by_field_name("alternative") {
            let jend = self.emit(Op::Jump(0));
            let here = self.here();
            self.patch(jf, here);
            if alt.kind() == "if_statement" {
                self.if_stmt(alt)?;
            } else {
                self.block(alt)?;
            }
            let here = self.here();
            self.patch(jend, here);
        } else {
            let here = self.here();
            self.patch(jf, here);
        }
        self.pop_scope();
        Ok(())
    }

    fn begin_loop(&mut self, label: Option<String>, is_switch: bool) {
        self.f().loops.push(LoopCtx {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_switch,
        });
    }

    fn end_loop(&mut self, continue_target: usize, break_target: usize) {
        let l = self.f().loops.pop().unwrap();
        for b in l.breaks {
            self.patch(b, break_target);
        }
        for c in l.continues {
            self.patch(c, continue_target);
        }
    }

    fn for_stmt(&mut self, n: Node, label: Option<String>) -> R<()> {
        self.push_scope();
        let body = n.child_by_field_name("body").unwrap();
        let mut c = n.walk();
        let header = n
            .named_children(&mut c)
            .find(|x| x.id() != body.id() && x.kind() != "comment");
        match header {
            Some(h) if h.kind() == "range_clause" => self.range_loop(h, body, label)?,
            Some(h) if h.kind() == "for_clause" => {
                let mut loop_vars = Vec::new();
                if let Some(init) = h.child_by_field_name("initializer") {
                    self.stmt(init)?;
                    if init.kind() == "short_var_declaration" {
                        for l in self.expr_list(init.child_by_field_name("left").unwrap()) {
                            if let Some(Binding::Local(slot, true)) = self.lookup(self.text(l)) {
                                loop_vars.push(slot);
                            }
                        }
                    }
                }
                let top = self.here();
                let mut jf = None;
                if let Some(cond) = h.child_by_field_name("condition") {
                    self.cur_pos = self.pos(cond);
                    self.expr(cond)?;
                    jf = Some(self.emit(Op::JumpIfFalse(0)));
                }
                self.begin_loop(label, false);
                self.block(body)?;
                let cont = self.here();
                if self.version.per_iteration_loop_vars() {
                    for s in &loop_vars {
                        self.emit(Op::RebindBox(*s));
                    }
                }
                if let Some(update) = h.child_by_field_name("update") {
                    self.stmt(update)?;
                }
                self.emit(Op::Jump(top as u32));
                let end = self.here();
                if let Some(j) = jf {
                    self.patch(j, end);
                }
                self.end_loop(cont, end);
            }
            Some(cond) => {
                let top = self.here();
                self.expr(cond)?;
                let jf = self.emit(Op::JumpIfFalse(0));
                self.begin_loop(label, false);
                self.block(body)?;
                self.emit(Op::Jump(top as u32));
                let end = self.here();
                self.patch(jf, end);
                self.end_loop(top, end);
            }
            None => {
                let top = self.here();
                self.begin_loop(label, false);
                self.block(body)?;
                self.emit(Op::Jump(top as u32));
                let end = self.here();
                self.end_loop(top, end);
            }
        }
        self.pop_scope();
        Ok(())
    }

    fn range_loop(&mut self, h: Node, body: Node, label: Option<String>) -> R<()> {
        let right = h.child_by_field_name("right").unwrap();
        let lhs = h
            .child_by_field_name("left")
            .map(|l| self.expr_list(l))
            .unwrap_or_default();
        let define = {
            let t = self.text(h);
            let left_end = h
                .child_by_field_name("left")
                .map(|l| l.end_byte())
                .unwrap_or(h.start_byte());
            self.src
                .get(left_end..right.start_byte())
                .unwrap_or(t)
                .contains(":=")
        };
        self.cur_pos = self.pos(h);
        self.expr(right)?;
        self.emit(Op::RangeStart);
        let it = self.new_slot();
        self.emit(Op::StoreLocal(it));
        // Shared loop variables (Go <= 1.21): declared once, outside the body scope.
        let per_iter = self.version.per_iteration_loop_vars();
        let mut shared = Vec::new();
        if define && !per_iter {
            for l in &lhs {
                let name = self.text(*l).to_owned();
                self.emit(Op::Zero(bt::ANY));
                let (slot, boxed) = self.declare_local(&name);
                self.init_local(slot, boxed);
                shared.push(name);
            }
        }
        let top = self.here();
        self.emit(Op::LoadLocal(it));
        let next = self.emit(Op::RangeNext {
            end: 0,
            want: lhs.len() as u8,
        });
        self.push_scope();
        for l in lhs.iter().rev() {
            let name = self.text(*l).to_owned();
            if define && per_iter {
                if name == "_" {
                    self.emit(Op::Pop);
                } else {
                    let (slot, boxed) = self.declare_local(&name);
                    self.init_local(slot, boxed);
                }
            } else {
                self.store_to(*l)?;
            }
        }
        self.begin_loop(label, false);
        self.block(body)?;
        self.pop_scope();
        self.emit(Op::Jump(top as u32));
        let end = self.here();
        self.patch(next, end);
        self.end_loop(top, end);
        Ok(())
    }

    fn switch_stmt(&mut self, n: Node, label: Option<String>) -> R<()> {
        self.push_scope();
        if let Some(init) = n.child_by_field_name("initializer") {
            self.stmt(init)?;
        }
        let tag = match n.child_by_field_name("value") {
            Some(v) => {
                self.expr(v)?;
                let t = self.new_slot();
                self.emit(Op::StoreLocal(t));
                Some(t)
            }
            None => None,
        };
        let mut c = n.walk();
        let cases: Vec<Node> = n
            .named_children(&mut c)
            .filter(|x| matches!(x.kind(), "expression_case" | "default_case"))
            .collect();
        let mut body_jumps = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            if case.kind() == "expression_case" {
                for v in self.expr_list(case.child_by_field_name("value").unwrap()) {
                    self.cur_pos = self.pos(v);
                    match tag {
                        Some(t) => {
                            self.emit(Op::LoadLocal(t));
                            self.expr(v)?;
                            self.emit(Op::Binary(BinOp::Eq));
                        }
                        None => self.expr(v)?,
                    }
                    let j = self.emit(Op::JumpIfTrue(0));
                    body_jumps.push((i, j));
                }
            }
        }
        let to_default = self.emit(Op::Jump(0));
        self.begin_loop(label, true);
        let mut starts = Vec::new();
        let mut end_jumps = Vec::new();
        let mut fall_from: Option<usize> = None;
        for case in &cases {
            let start = self.here();
            if let Some(f) = fall_from.take() {
                self.patch(f, start);
            }
            starts.push(start);
            self.push_scope();
            self.stmt_list_of(*case)?;
            self.pop_scope();
            let falls = last_stmt_is_fallthrough(*case);
            let j = self.emit(Op::Jump(0));
            if falls {
                fall_from = Some(j);
            } else {
                end_jumps.push(j);
            }
        }
        let end = self.here();
        if let Some(f) = fall_from {
            self.patch(f, end);
        }
        self.close_switch(&cases, body_jumps, &starts, to_default, end_jumps, end);
        Ok(())
    }

    /// Points each case test at its body, the fall-through jump at `default` (or the end),
    /// and every body's exit at the end; then closes the switch's break scope.
    fn close_switch(
        &mut self,
        cases: &[Node],
        body_jumps: Vec<(usize, usize)>,
        starts: &[usize],
        to_default: usize,
        end_jumps: Vec<usize>,
        end: usize,
    ) {
        for (i, j) in body_jumps {
            self.patch(j, starts[i]);
        }
        match cases.iter().position(|c| c.kind() == "default_case") {
            Some(d) => self.patch(to_default, starts[d]),
            None => self.patch(to_default, end),
        }
        for j in end_jumps {
            self.patch(j, end);
        }
        self.end_loop(end, end);
        self.pop_scope();
    }

    fn type_switch(&mut self, n: Node, label: Option<String>) -> R<()> {
        self.push_scope();
        if let Some(init) = n.child_by_field_name("initializer") {
            self.stmt(init)?;
        }
        let alias = n
            .child_by_field_name("alias")
            .map(|a| self.expr_list(a))
            .and_then(|v| v.first().map(|x| self.text(*x).to_owned()));
        self.expr(n.child_by_field_name("value").unwrap())?;
        let t = self.new_slot();
        self.emit(Op::StoreLocal(t));
        let mut c = n.walk();
        let cases: Vec<Node> = n
            .named_children(&mut c)
            .filter(|x| matches!(x.kind(), "type_case" | "default_case"))
            .collect();
        let mut body_jumps = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            if case.kind() == "type_case" {
                let mut c2 = case.walk();
                let types: Vec<Node> = case.children_by_field_name("type", &mut c2).collect();
                for tn in types {
                    let ty = if self.text(tn) == "nil" {
                        bt::INVALID
                    } else {
                        self.resolve_type(tn)?
                    };
                    self.emit(Op::LoadLocal(t));
                    self.emit(Op::TypeIs(ty));
                    let j = self.emit(Op::JumpIfTrue(0));
                    body_jumps.push((i, j));
                }
            }
        }
        let to_default = self.emit(Op::Jump(0));
        self.begin_loop(label, true);
        let mut starts = Vec::new();
        let mut end_jumps = Vec::new();
        for case in &cases {
            starts.push(self.here());
            self.push_scope();
            if let Some(a) = &alias {
                self.emit(Op::LoadLocal(t));
                let (slot, boxed) = self.declare_local(a);
                self.init_local(slot, boxed);
            }
            self.stmt_list_of(*case)?;
            self.pop_scope();
            end_jumps.push(self.emit(Op::Jump(0)));
        }
        let end = self.here();
        self.close_switch(&cases, body_jumps, &starts, to_default, end_jumps, end);
        Ok(())
    }

    fn select_stmt(&mut self, n: Node, label: Option<String>) -> R<()> {
        let mut c = n.walk();
        let cases: Vec<Node> = n
            .named_children(&mut c)
            .filter(|x| matches!(x.kind(), "communication_case" | "default_case"))
            .collect();
        let mut kinds = Vec::new();
        let mut comm_cases = Vec::new();
        for case in &cases {
            if case.kind() == "default_case" {
                continue;
            }
            let comm = case.child_by_field_name("communication").unwrap();
            self.cur_pos = self.pos(comm);
            if comm.kind() == "send_statement" {
                self.expr(comm.child_by_field_name("channel").unwrap())?;
                self.expr(comm.child_by_field_name("value").unwrap())?;
                kinds.push(SelectCase::Send);
            } else {
                let recv = strip_parens(comm.child_by_field_name("right").unwrap());
                let chan = if recv.kind() == "unary_expression" {
                    recv.child_by_field_name("operand").unwrap()
                } else {
                    recv
                };
                self.expr(chan)?;
                kinds.push(SelectCase::Recv);
            }
            comm_cases.push(*case);
        }
        let has_default = cases.iter().any(|c| c.kind() == "default_case");
        self.cur_pos = self.pos(n);
        self.emit(Op::Select {
            cases: kinds,
            has_default,
        });
        let (ti, tok, tv) = (self.new_slot(), self.new_slot(), self.new_slot());
        self.emit(Op::StoreLocal(ti));
        self.emit(Op::StoreLocal(tok));
        self.emit(Op::StoreLocal(tv));
        self.begin_loop(label, true);
        let mut end_jumps = Vec::new();
        let mut default_case = None;
        for (i, case) in comm_cases.iter().enumerate() {
            self.emit(Op::LoadLocal(ti));
            let k = self.konst(Value::int(i as i64));
            self.emit(Op::Const(k));
            self.emit(Op::Binary(BinOp::Eq));
            let jf = self.emit(Op::JumpIfFalse(0));
            self.push_scope();
            let comm = case.child_by_field_name("communication").unwrap();
            if comm.kind() == "receive_statement" {
                if let Some(left) = comm.child_by_field_name("left") {
                    let lhs = self.expr_list(left);
                    let define = self
                        .src
                        .get(
                            left.end_byte()
                                ..comm.child_by_field_name("right").unwrap().start_byte(),
                        )
                        .unwrap_or("")
                        .contains(":=");
                    let temps = [tv, tok];
                    for (l, t) in lhs.iter().zip(temps) {
                        self.emit(Op::LoadLocal(t));
                        if define {
                            let name = self.text(*l).to_owned();
                            if name == "_" {
                                self.emit(Op::Pop);
                            } else {
                                let (slot, boxed) = self.declare_local(&name);
                                self.init_local(slot, boxed);
                            }
                        } else {
                            self.store_to(*l)?;
                        }
                    }
                }
            }
            self.stmt_list_of(*case)?;
            self.pop_scope();
            end_jumps.push(self.emit(Op::Jump(0)));
            let here = self.here();
            self.patch(jf, here);
        }
        if has_default {
            let d = cases.iter().find(|c| c.kind() == "default_case").unwrap();
            self.push_scope();
            self.stmt_list_of(*d)?;
            self.pop_scope();
            default_case = Some(());
        }
        let _ = default_case;
        let end = self.here();
        for j in end_jumps {
            self.patch(j, end);
        }
        self.end_loop(end, end);
        Ok(())
    }
}

fn last_stmt_is_fallthrough(case: Node) -> bool {
    last_stmt_kind(case).as_deref() == Some("fallthrough_statement")
}

fn last_stmt_kind(case: Node) -> Option<String> {
    let mut c = case.walk();
    let list = case
        .named_children(&mut c)
        .find(|x| x.kind() == "statement_list")?;
    let mut c2 = list.walk();
    let last = list
        .named_children(&mut c2)
        .filter(|x| x.kind() != "comment")
        .last()?;
    Some(last.kind().to_owned())
}

fn strip_parens(mut n: Node) -> Node {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

fn binop(op: &str) -> Option<BinOp> {
    Some(match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Rem,
        "&" => BinOp::And,
        "|" => BinOp::Or,
        "^" => BinOp::Xor,
        "&^" => BinOp::AndNot,
        "<<" => BinOp::Shl,
        ">>" => BinOp::Shr,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        _ => return None,
    })
}

impl Lowerer<'_> {
    fn load_name(&mut self, n: Node) -> R<()> {
        let name = self.text(n);
        match name {
            "true" => {
                let k = self.konst(Value::Bool(true));
                self.emit(Op::Const(k));
                return Ok(());
            }
            "false" => {
                let k = self.konst(Value::Bool(false));
                self.emit(Op::Const(k));
                return Ok(());
            }
            "nil" => {
                let k = self.konst(Value::Nil);
                self.emit(Op::Const(k));
                return Ok(());
            }
            _ => {}
        }
        match self.lookup(name) {
            Some(Binding::Local(slot, false)) => self.emit(Op::LoadLocal(slot)),
            Some(Binding::Local(slot, true)) => self.emit(Op::LoadBoxed(slot)),
            Some(Binding::Capture(i)) => self.emit(Op::LoadCapture(i)),
            Some(Binding::Global(g)) => self.emit(Op::LoadGlobal(g)),
            Some(Binding::Func(id)) => self.emit(Op::MakeClosure {
                func: id,
                captures: Vec::new(),
            }),
            Some(Binding::Type(_)) => {
                return err(
                    LowerErrorKind::Compile,
                    self.pos(n),
                    format!("{name} (type) is not an expression"),
                )
            }
            Some(Binding::Package(_)) => {
                return err(
                    LowerErrorKind::Compile,
                    self.pos(n),
                    format!("use of package {name} without selector"),
                )
            }
            None => match natives::builtin(name) {
                Some(b) => self.emit(Op::NativeValue(b)),
                None => {
                    return err(
                        LowerErrorKind::Compile,
                        self.pos(n),
                        format!("undefined: {name}"),
                    )
                }
            },
        };
        Ok(())
    }

    fn expr(&mut self, n: Node) -> R<()> {
        match n.kind() {
            "int_literal" => {
                let v = parse_int(self.text(n))
                    .ok_or(())
                    .or_else(|_| self.not_simulated(n, "integer literal out of range"))?;
                let k = self.konst(Value::int(v));
                self.emit(Op::Const(k));
            }
            "float_literal" => {
                let v: f64 = self
                    .text(n)
                    .replace('_', "")
                    .parse()
                    .or_else(|_| self.not_simulated(n, "float literal"))?;
                let k = self.konst(Value::Float(v, bt::FLOAT64));
                self.emit(Op::Const(k));
            }
            "interpreted_string_literal" | "raw_string_literal" => {
                let s = if n.kind() == "raw_string_literal" {
                    let t = self.text(n);
                    t[1..t.len().saturating_sub(1).max(1)].replace('\r', "")
                } else {
                    unescape(&self.text(n)[1..self.text(n).len().saturating_sub(1).max(1)])
                };
                let k = self.konst(Value::str(&s));
                self.emit(Op::Const(k));
            }
            "rune_literal" => {
                let t = self.text(n);
                let inner = unescape(&t[1..t.len().saturating_sub(1).max(1)]);
                let c = inner.chars().next().unwrap_or('\0');
                let k = self.konst(Value::Int(c as i64, bt::INT32));
                self.emit(Op::Const(k));
            }
            "true" | "false" | "nil" | "identifier" => self.load_name(n)?,
            "iota" => {
                let v = self.iota.ok_or(()).or_else(|_| {
                    err(
                        LowerErrorKind::Compile,
                        self.pos(n),
                        "cannot use iota outside constant declaration",
                    )
                })?;
                let k = self.konst(Value::int(v));
                self.emit(Op::Const(k));
            }
            "parenthesized_expression" => self.expr(n.named_child(0).unwrap())?,
            "binary_expression" => {
                let op = self.text(n.child_by_field_name("operator").unwrap());
                let (l, r) = (
                    n.child_by_field_name("left").unwrap(),
                    n.child_by_field_name("right").unwrap(),
                );
                match op {
                    "&&" | "||" => {
                        self.expr(l)?;
                        self.emit(Op::Dup);
                        let j = if op == "&&" {
                            self.emit(Op::JumpIfFalse(0))
                        } else {
                            self.emit(Op::JumpIfTrue(0))
                        };
                        self.emit(Op::Pop);
                        self.expr(r)?;
                        let here = self.here();
                        self.patch(j, here);
                    }
                    _ => {
                        self.expr(l)?;
                        self.expr(r)?;
                        let b = binop(op)
                            .ok_or(())
                            .or_else(|_| self.not_simulated(n, "operator"))?;
                        self.cur_pos = self.pos(n);
                        self.emit(Op::Binary(b));
                    }
                }
            }
            "unary_expression" => {
                let op = self.text(n.child_by_field_name("operator").unwrap());
                let operand = n.child_by_field_name("operand").unwrap();
                match op {
                    "-" => {
                        self.expr(operand)?;
                        self.emit(Op::Unary(UnOp::Neg));
                    }
                    "+" => self.expr(operand)?,
                    "!" => {
                        self.expr(operand)?;
                        self.emit(Op::Unary(UnOp::Not));
                    }
                    "^" => {
                        self.expr(operand)?;
                        self.emit(Op::Unary(UnOp::BitNot));
                    }
                    "<-" => {
                        self.expr(operand)?;
                        self.cur_pos = self.pos(n);
                        self.emit(Op::Recv);
                    }
                    "*" => {
                        self.expr(operand)?;
                        self.cur_pos = self.pos(n);
                        self.emit(Op::Deref);
                    }
                    "&" => self.address_of(operand)?,
                    _ => return self.not_simulated(n, "unary operator"),
                }
            }
            "call_expression" => self.call(n, 1)?,
            "selector_expression" => {
                let operand = n.child_by_field_name("operand").unwrap();
                let field = self
                    .text(n.child_by_field_name("field").unwrap())
                    .to_owned();
                if let Some(pkg) = self.package_of(operand) {
                    match natives::lookup(&pkg, &field) {
                        Some(Member::Value(v)) => {
                            let k = self.konst(v);
                            self.emit(Op::Const(k));
                        }
                        Some(Member::Func(f)) => {
                            self.emit(Op::NativeValue(f));
                        }
                        _ => return self.not_simulated(n, &format!("{pkg}.{field}")),
                    }
                } else {
                    self.expr(operand)?;
                    let nm = self.name(&field);
                    self.cur_pos = self.pos(n);
                    self.emit(Op::LoadField(nm));
                }
            }
            "index_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                self.expr(n.child_by_field_name("index").unwrap())?;
                self.cur_pos = self.pos(n);
                self.emit(Op::Index);
            }
            "slice_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                let mut flags = [false; 3];
                for (i, f) in ["start", "end", "capacity"].iter().enumerate() {
                    if let Some(x) = n.child_by_field_name(f) {
                        self.expr(x)?;
                        flags[i] = true;
                    }
                }
                self.cur_pos = self.pos(n);
                self.emit(Op::Slice {
                    has_low: flags[0],
                    has_high: flags[1],
                    has_max: flags[2],
                });
            }
            "type_assertion_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                let ty = self.resolve_type(n.child_by_field_name("type").unwrap())?;
                self.cur_pos = self.pos(n);
                self.emit(Op::TypeAssert { ty, ok: false });
            }
            "type_conversion_expression" => {
                self.expr(n.child_by_field_name("operand").unwrap())?;
                let ty = self.resolve_type(n.child_by_field_name("type").unwrap())?;
                self.emit(Op::Convert(ty));
            }
            "composite_literal" => self.composite(n, None)?,
            "func_literal" => self.func_literal(n)?,
            "type_instantiation_expression" => {
                let mut c = n.walk();
                let first = n.named_children(&mut c).next().unwrap();
                self.expr(first)?;
            }
            _ => return self.not_simulated(n, &format!("expression `{}`", n.kind())),
        }
        Ok(())
    }

    /// Loads the current value of an assignment target that is about to be updated.
    fn expr_for_update(&mut self, target: Node) -> R<()> {
        let t = strip_parens(target);
        if t.kind() == "index_expression" {
            self.expr(t.child_by_field_name("operand").unwrap())?;
            self.expr(t.child_by_field_name("index").unwrap())?;
            self.emit(Op::IndexForUpdate);
            return Ok(());
        }
        self.expr(target)
    }

    fn address_of(&mut self, operand: Node) -> R<()> {
        let operand = strip_parens(operand);
        match operand.kind() {
            "identifier" => match self.lookup(self.text(operand)) {
                Some(Binding::Local(slot, _)) => {
                    self.emit(Op::AddrBoxed(slot));
                }
                Some(Binding::Capture(i)) => {
                    self.emit(Op::AddrCapture(i));
                }
                Some(Binding::Global(g)) => {
                    self.emit(Op::AddrGlobal(g));
                }
                _ => {
                    return err(
                        LowerErrorKind::Compile,
                        self.pos(operand),
                        format!("undefined: {}", self.text(operand)),
                    )
                }
            },
            "composite_literal" => {
                self.composite(operand, None)?;
                self.emit(Op::AddrOfValue);
            }
            "selector_expression" => {
                self.expr(operand.child_by_field_name("operand").unwrap())?;
                let f = self
                    .text(operand.child_by_field_name("field").unwrap())
                    .to_owned();
                let nm = self.name(&f);
                self.emit(Op::AddrField(nm));
            }
            "index_expression" => {
                self.expr(operand.child_by_field_name("operand").unwrap())?;
                self.expr(operand.child_by_field_name("index").unwrap())?;
                self.emit(Op::AddrIndex);
            }
            _ => return self.not_simulated(operand, "address of this expression"),
        }
        Ok(())
    }

    fn composite(&mut self, n: Node, elided: Option<Ty>) -> R<()> {
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
            _ => return self.not_simulated(n, "composite literal of this type"),
        }
        Ok(())
    }

    fn element(&mut self, e: Node, ty: Option<Ty>) -> R<()> {
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

    fn is_type_node(&mut self, f: Node) -> Option<Ty> {
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

    fn call(&mut self, n: Node, want: u8) -> R<()> {
        let f = strip_parens(n.child_by_field_name("function").unwrap());
        let pos = self.pos(n);
        // conversions
        if let Some(ty) = self.is_type_node(f) {
            let args = n.child_by_field_name("arguments").unwrap();
            let arg = args.named_child(0).ok_or(()).or_else(|_| {
                err(
                    LowerErrorKind::Compile,
                    pos,
                    "missing argument in conversion",
                )
            })?;
            self.expr(arg)?;
            self.cur_pos = pos;
            self.emit(Op::Convert(ty));
            return self.adjust_single(want);
        }
        let unpack = self.unpack_args(n);
        match f.kind() {
            "identifier"
                if self.lookup(self.text(f)).is_none()
                    && natives::builtin(self.text(f)).is_some() =>
            {
                let name = self.text(f);
                let mut b = natives::builtin(name).unwrap();
                if b == Native::Append && self.f().loops.iter().any(|l| !l.is_switch) {
                    b = Native::AppendInLoop;
                }
                let (nargs, spread) = self.args(n)?;
                self.cur_pos = pos;
                self.emit(Op::CallNative {
                    f: b,
                    nargs,
                    want,
                    spread,
                    unpack,
                });
            }
            "identifier"
                if matches!(self.text(f), "make" | "new")
                    && self.lookup(self.text(f)).is_none() =>
            {
                let args = n.child_by_field_name("arguments").unwrap();
                let mut c = args.walk();
                let list: Vec<Node> = args
                    .named_children(&mut c)
                    .filter(|x| x.kind() != "comment")
                    .collect();
                let Some(first) = list.first() else {
                    return err(
                        LowerErrorKind::Compile,
                        pos,
                        format!("not enough arguments in call to {}", self.text(f)),
                    );
                };
                let ty = self.resolve_type(*first)?;
                for a in &list[1..] {
                    self.expr(*a)?;
                }
                self.cur_pos = pos;
                let nf = if self.text(f) == "make" {
                    Native::Make(ty)
                } else {
                    Native::New(ty)
                };
                self.emit(Op::CallNative {
                    f: nf,
                    nargs: (list.len() - 1) as u8,
                    want,
                    spread: false,
                    unpack: false,
                });
            }
            "selector_expression" => {
                let operand = f.child_by_field_name("operand").unwrap();
                let field = self
                    .text(f.child_by_field_name("field").unwrap())
                    .to_owned();
                if let Some(pkg) = self.package_of(operand) {
                    match natives::lookup(&pkg, &field) {
                        Some(Member::Func(nf)) => {
                            let (nargs, spread) = self.args(n)?;
                            self.cur_pos = pos;
                            self.emit(Op::CallNative {
                                f: nf,
                                nargs,
                                want,
                                spread,
                                unpack,
                            });
                        }
                        _ => return self.not_simulated(f, &format!("{pkg}.{field}")),
                    }
                } else {
                    self.receiver(operand)?;
                    let (nargs, spread) = self.args(n)?;
                    let name = self.name(&field);
                    self.cur_pos = pos;
                    self.emit(Op::CallMethod {
                        name,
                        nargs,
                        want,
                        spread,
                        unpack,
                    });
                }
            }
            _ => {
                self.expr(f)?;
                let (nargs, spread) = self.args(n)?;
                self.cur_pos = pos;
                self.emit(Op::Call {
                    nargs,
                    want,
                    spread,
                    unpack,
                });
            }
        }
        Ok(())
    }

    /// A conversion produced one value; fit it to what the context wants.
    fn adjust_single(&mut self, want: u8) -> R<()> {
        match want {
            0 => {
                self.emit(Op::Pop);
            }
            WANT_TUPLE => {
                self.emit(Op::MakeTuple(1));
            }
            _ => {}
        }
        Ok(())
    }
}

fn unescape(s: &str) -> String {
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
