//! The walk that turns one file's tree into sync facts: declarations, calls with their
//! receivers, statements in order, map writes and bindings.

use super::*;

pub(super) struct Builder<'f, 's> {
    pub(super) file: &'f ParsedFile<'s>,
    pub(super) out: FileFacts,
    /// Start of the `go` statements being scanned (innermost last).
    pub(super) go_starts: Vec<usize>,
    /// Every call seen by the scan, in pre-order (so by start byte), with its innermost
    /// function: statements take theirs from here instead of walking expressions again.
    pub(super) calls: Vec<(Option<usize>, Call)>,
}

/// What the parent of a node being scanned makes of it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Hint {
    None,
    Use(UseKind),
    /// The call of a `go`/`defer` statement.
    CallIn(FuncRole),
    /// The literal called by a `go`/`defer` statement.
    Literal(FuncRole),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FuncRole {
    Go,
    Defer,
}

impl<'f, 's> Builder<'f, 's> {
    pub(super) fn build(
        file: &'f ParsedFile<'s>,
        previous: Option<&Cached>,
    ) -> (FileFacts, Vec<Piece>) {
        let mut b = Builder {
            file,
            out: FileFacts::default(),
            go_starts: Vec::new(),
            calls: Vec::new(),
        };
        let root = file.tree.root_node();
        let top = named_children(root);
        for &child in &top {
            match child.kind() {
                "import_declaration" => b.imports(child),
                "var_declaration" => b.package_var(child),
                _ => {}
            }
        }
        for &child in &top {
            if child.kind() == "const_declaration" {
                b.consts(child, 0);
            }
        }
        // Old pieces the edit left alone, by where they are now.
        let reusable = previous.map_or_else(HashMap::new, |old| {
            incremental::reusable(&old.source, file.source, &old.pieces, |p| p.range)
        });
        let mut pieces = Vec::with_capacity(top.len());
        let mut ticks: Vec<String> = Vec::new();
        for child in top {
            let range = (child.start_byte(), child.end_byte());
            let o = &b.out;
            let marks = [
                o.funcs.len(),
                o.bindings.len(),
                o.idents.len(),
                o.map_writes.len(),
                o.map_vars.len(),
                o.slice_exprs.len(),
                o.range_clauses.len(),
                o.typed_vars.len(),
            ];
            let old = previous.and_then(|prev| {
                let (piece, shift) = reusable.get(&range).filter(|(piece, _)| {
                    piece.kind_id == child.kind_id()
                        && !child.has_error()
                        && piece.ticks_before == ticks
                        && piece.consts_before == b.out.consts
                })?;
                Some((*piece, &prev.facts, shift))
            });
            let consts_before = match old {
                Some((piece, _, _)) => piece.consts_before.clone(),
                None => b.out.consts.clone(),
            };
            match old {
                Some((piece, facts, shift)) => {
                    b.out.consts = piece.consts_after.clone();
                    b.reuse(piece, facts, shift);
                }
                None => b.scan(child, None, 1, false, Hint::None),
            }
            let o = &b.out;
            let piece = Piece {
                kind_id: child.kind_id(),
                range,
                funcs: marks[0]..o.funcs.len(),
                bindings: marks[1]..o.bindings.len(),
                idents: marks[2]..o.idents.len(),
                map_writes: marks[3]..o.map_writes.len(),
                map_vars: marks[4]..o.map_vars.len(),
                slice_exprs: marks[5]..o.slice_exprs.len(),
                range_clauses: marks[6]..o.range_clauses.len(),
                typed_vars: marks[7]..o.typed_vars.len(),
                consts_before,
                consts_after: o.consts.clone(),
                ticks_before: ticks.clone(),
            };
            ticks.extend(
                o.bindings[piece.bindings.clone()]
                    .iter()
                    .filter(|b| b.call.callee == "time.Tick")
                    .filter_map(|b| b.names.first().cloned()),
            );
            pieces.push(piece);
        }
        (b.out, pieces)
    }

    /// Appends an old piece's facts, moved by `shift` and renumbered to follow the
    /// functions already in `self.out`.
    pub(super) fn reuse(&mut self, piece: &Piece, old: &FileFacts, shift: &Shift) {
        let base = self.out.funcs.len();
        let func = |f: Option<usize>| f.map(|i| i - piece.funcs.start + base);
        let out = &mut self.out;
        out.funcs.extend(
            old.funcs[piece.funcs.clone()]
                .iter()
                .map(|f| f.moved(shift, &func)),
        );
        out.bindings.extend(
            old.bindings[piece.bindings.clone()]
                .iter()
                .map(|b| b.moved(shift, &func)),
        );
        out.idents
            .extend(old.idents[piece.idents.clone()].iter().map(|u| {
                let IdentUse {
                    name,
                    kind,
                    start,
                    func: f,
                } = u;
                IdentUse {
                    name: name.clone(),
                    kind: *kind,
                    start: shift.byte(*start),
                    func: func(*f),
                }
            }));
        out.map_writes
            .extend(old.map_writes[piece.map_writes.clone()].iter().map(|w| {
                let MapWrite {
                    map,
                    start,
                    end,
                    func: f,
                } = w;
                MapWrite {
                    map: map.clone(),
                    start: shift.byte(*start),
                    end: shift.byte(*end),
                    func: func(*f),
                }
            }));
        out.map_vars.extend(
            old.map_vars[piece.map_vars.clone()]
                .iter()
                .map(|(name, f)| (name.clone(), func(*f))),
        );
        out.slice_exprs.extend(
            old.slice_exprs[piece.slice_exprs.clone()]
                .iter()
                .map(|&r| shift.range(r)),
        );
        out.range_clauses.extend(
            old.range_clauses[piece.range_clauses.clone()]
                .iter()
                .map(|&r| shift.range(r)),
        );
        out.typed_vars.extend(
            old.typed_vars[piece.typed_vars.clone()]
                .iter()
                .map(|(name, at, ty)| (name.clone(), shift.byte(*at), shift.range(*ty))),
        );
    }

    pub(super) fn imports(&mut self, node: Node<'_>) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == "import_spec" {
                if let Some(p) = n.field("path") {
                    let path = self.file.text(p).trim_matches(|c| c == '"' || c == '`');
                    self.out.imports.push(path.to_owned());
                }
            } else {
                stack.extend(named_children(n));
            }
        }
    }

    pub(super) fn package_var(&mut self, node: Node<'_>) {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == "var_spec" {
                let ty = n
                    .field("type")
                    .or_else(|| n.field("value"))
                    .map(|t| compact(self.file, t))
                    .unwrap_or_default();
                let mut cursor = n.walk();
                for name in n.children_by_field_name("name", &mut cursor) {
                    self.out
                        .package_vars
                        .insert(self.file.text(name).to_owned(), ty.clone());
                }
            } else {
                stack.extend(named_children(n));
            }
        }
    }

    pub(super) fn consts(&mut self, node: Node<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if node.kind() == "const_spec" {
            let mut cursor = node.walk();
            let names: Vec<Node<'_>> = node.children_by_field_name("name", &mut cursor).collect();
            if let Some(values) = node.field("value") {
                for (name, value) in names.iter().zip(named_children(values)) {
                    if let Some(v) = const_value(self.file, value, &self.out.consts) {
                        self.out.consts.insert(self.file.text(*name).to_owned(), v);
                    }
                }
            }
            return;
        }
        for c in named_children(node) {
            self.consts(c, depth + 1);
        }
    }

    /// Walks everything, registering functions, identifier uses and map writes.
    pub(super) fn scan(
        &mut self,
        node: Node<'_>,
        func: Option<usize>,
        depth: usize,
        in_loop: bool,
        hint: Hint,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match node.kind() {
            "function_declaration" | "method_declaration" | "func_literal" => {
                let index = self.register_func(node, func, in_loop, hint);
                self.scan_children(node, Some(index), depth, false);
                if let Some(body) = node.field("body") {
                    let mut has_goto = false;
                    let stmts = self.block(index, body, 0, &mut has_goto);
                    let f = &mut self.out.funcs[index];
                    f.body = stmts;
                    f.has_goto = has_goto;
                }
                return;
            }
            "const_declaration" if func.is_some() => self.consts(node, depth),
            "slice_expression" => self
                .out
                .slice_exprs
                .push((node.start_byte(), node.end_byte())),
            "range_clause" => self
                .out
                .range_clauses
                .push((node.start_byte(), node.end_byte())),
            "identifier" => {
                let kind = match hint {
                    Hint::Use(k) => k,
                    _ => UseKind::Other,
                };
                self.out.idents.push(IdentUse {
                    name: self.file.text(node).to_owned(),
                    kind,
                    start: node.start_byte(),
                    func,
                });
            }
            "assignment_statement" | "short_var_declaration" => {
                if let Some(left) = node.field("left") {
                    for target in named_children(left) {
                        self.map_write(target, node, func);
                    }
                    let names: Vec<String> = named_children(left)
                        .into_iter()
                        .map(|n| compact(self.file, n))
                        .collect();
                    if node.kind() == "short_var_declaration" {
                        if let Some(right) = node.field("right") {
                            for (name, value) in names.iter().zip(named_children(right)) {
                                if is_map_value(self.file, value) {
                                    self.out.map_vars.push((name.clone(), func));
                                }
                            }
                        }
                    }
                    self.binding(names, node.field("right"), node, func);
                }
            }
            "var_spec" => {
                let mut cursor = node.walk();
                let names: Vec<String> = node
                    .children_by_field_name("name", &mut cursor)
                    .map(|n| compact(self.file, n))
                    .collect();
                let ty = node.field("type");
                let typed_map = ty.is_some_and(|t| t.kind() == "map_type");
                if let Some(t) = ty {
                    let mut cursor = node.walk();
                    for n in node.children_by_field_name("name", &mut cursor) {
                        self.out.typed_vars.push((
                            self.file.text(n).to_owned(),
                            n.start_byte(),
                            (t.start_byte(), t.end_byte()),
                        ));
                    }
                }
                let values: Vec<Node<'_>> =
                    node.field("value").map(named_children).unwrap_or_default();
                for (i, name) in names.iter().enumerate() {
                    if typed_map || values.get(i).is_some_and(|v| is_map_value(self.file, *v)) {
                        self.out.map_vars.push((name.clone(), func));
                    }
                }
                self.binding(names, node.field("value"), node, func);
            }
            "inc_statement" | "dec_statement" => {
                if let Some(target) = node.named_child(0) {
                    self.map_write(target, node, func);
                }
            }
            "call_expression" => {
                self.calls
                    .extend(call_fact(self.file, node, 0).map(|c| (func, c)));
                let callee = node.field("function");
                if callee.is_some_and(|c| self.file.text(c) == "delete") {
                    if let Some(m) = node.field("arguments").and_then(|a| a.named_child(0)) {
                        self.out.map_writes.push(MapWrite {
                            map: compact(self.file, m),
                            start: node.start_byte(),
                            end: node.end_byte(),
                            func,
                        });
                    }
                }
            }
            _ => {}
        }
        let loop_here = in_loop || node.kind() == "for_statement";
        self.scan_children(node, func, depth, loop_here);
    }

    /// Scans the named children of `node`, telling each how its parent uses it (so no
    /// child has to look up its parent, which tree-sitter does slowly from the root).
    pub(super) fn scan_children(
        &mut self,
        node: Node<'_>,
        func: Option<usize>,
        depth: usize,
        in_loop: bool,
    ) {
        // Leaves and literals hold nothing the rules need: skip the cursor entirely.
        if node.named_child_count() == 0 {
            return;
        }
        let kind = node.kind();
        if matches!(
            kind,
            "interpreted_string_literal"
                | "raw_string_literal"
                | "import_declaration"
                | "package_clause"
                | "comment"
        ) {
            return;
        }
        let discard_right = kind == "assignment_statement"
            && node
                .field("left")
                .is_some_and(|l| self.file.text(l).trim() == "_");
        let mut cursor = node.walk();
        if !cursor.goto_first_child() {
            return;
        }
        let mut children = Vec::new();
        loop {
            let child = cursor.node();
            if child.is_named() {
                let field = cursor.field_name();
                let hint = match (kind, field) {
                    ("call_expression", Some("function")) => Hint::Use(UseKind::Called),
                    ("selector_expression", Some("operand")) => Hint::Use(UseKind::Selected),
                    ("short_var_declaration", Some("left")) => Hint::Use(UseKind::Declared),
                    ("assignment_statement", Some("left")) => Hint::Use(UseKind::Assigned),
                    ("assignment_statement", Some("right")) if discard_right => {
                        Hint::Use(UseKind::Discarded)
                    }
                    ("var_spec", Some("name")) => Hint::Use(UseKind::Declared),
                    ("go_statement", _) => Hint::CallIn(FuncRole::Go),
                    ("defer_statement", _) => Hint::CallIn(FuncRole::Defer),
                    _ => Hint::None,
                };
                children.push((child, hint));
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        let is_go = kind == "go_statement";
        if is_go {
            self.go_starts.push(node.start_byte());
        }
        for (child, hint) in children {
            // `go f(...)`/`defer f(...)`: the called literal learns its role; a list passes
            // its parent's use on to its items.
            let hint = match (hint, child.kind()) {
                (Hint::CallIn(role), "call_expression") => Hint::CallIn(role),
                (Hint::CallIn(_), _) => Hint::None,
                (h, _) => h,
            };
            if let Hint::CallIn(role) = hint {
                // Scan the call: its function child is the literal with that role.
                self.scan_call_in(child, func, depth + 1, in_loop, role);
            } else if child.kind() == "expression_list" {
                self.scan_list(child, func, depth + 1, in_loop, hint);
            } else {
                self.scan(child, func, depth + 1, in_loop, hint);
            }
        }
        if is_go {
            self.go_starts.pop();
        }
    }

    pub(super) fn scan_list(
        &mut self,
        list: Node<'_>,
        func: Option<usize>,
        depth: usize,
        in_loop: bool,
        hint: Hint,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for item in named_children(list) {
            self.scan(item, func, depth + 1, in_loop, hint);
        }
    }

    pub(super) fn scan_call_in(
        &mut self,
        call: Node<'_>,
        func: Option<usize>,
        depth: usize,
        in_loop: bool,
        role: FuncRole,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        self.calls
            .extend(call_fact(self.file, call, 0).map(|c| (func, c)));
        let mut cursor = call.walk();
        let mut children = Vec::new();
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                if child.is_named() {
                    let is_function = cursor.field_name() == Some("function");
                    children.push((child, is_function));
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        for (child, is_function) in children {
            let hint = match (is_function, child.kind()) {
                (true, "func_literal") => Hint::Literal(role),
                (true, _) => Hint::Use(UseKind::Called),
                _ => Hint::None,
            };
            self.scan(child, func, depth + 1, in_loop, hint);
        }
    }

    pub(super) fn binding(
        &mut self,
        names: Vec<String>,
        right: Option<Node<'_>>,
        stmt: Node<'_>,
        func: Option<usize>,
    ) {
        let Some(value) = right.and_then(|r| r.named_child(0)) else {
            return;
        };
        if value.kind() != "call_expression" {
            return;
        }
        if let Some(call) = call_fact(self.file, value, stmt.end_byte()) {
            self.out.bindings.push(Binding {
                names,
                call,
                start: stmt.start_byte(),
                end: stmt.end_byte(),
                func,
            });
        }
    }

    pub(super) fn map_write(&mut self, target: Node<'_>, stmt: Node<'_>, func: Option<usize>) {
        if target.kind() != "index_expression" {
            return;
        }
        if let Some(operand) = target.field("operand") {
            self.out.map_writes.push(MapWrite {
                map: compact(self.file, operand),
                start: stmt.start_byte(),
                end: stmt.end_byte(),
                func,
            });
        }
    }

    pub(super) fn register_func(
        &mut self,
        node: Node<'_>,
        parent: Option<usize>,
        in_loop: bool,
        hint: Hint,
    ) -> usize {
        let file = self.file;
        let name = node
            .field("name")
            .map(|n| file.text(n).to_owned())
            .unwrap_or_default();
        let receiver = node.field("receiver").and_then(|r| {
            let decl = named_children(r)
                .into_iter()
                .find(|c| c.kind() == "parameter_declaration")?;
            let rname = decl
                .field("name")
                .map(|n| file.text(n).to_owned())
                .unwrap_or_default();
            let ty = decl.field("type").map(|t| compact(file, t))?;
            let ty = ty.trim_start_matches('*');
            let ty = ty.split('[').next().unwrap_or(ty).to_owned();
            Some((rname, ty))
        });
        let mut params = Vec::new();
        if let Some(list) = node.field("parameters") {
            for decl in named_children(list) {
                let ty_node = decl.field("type");
                let ty = ty_node.map(|t| compact(file, t)).unwrap_or_default();
                let ty_range = ty_node.map_or((0, 0), |t| (t.start_byte(), t.end_byte()));
                let mut cursor = decl.walk();
                for n in decl.children_by_field_name("name", &mut cursor) {
                    params.push(Param {
                        name: file.text(n).to_owned(),
                        ty: ty.clone(),
                        ty_range,
                        start: decl.start_byte(),
                        end: decl.end_byte(),
                    });
                }
            }
        }
        let result = node
            .field("result")
            .map(|r| compact(file, r))
            .unwrap_or_default();
        let kind = match (node.kind(), hint) {
            ("func_literal", Hint::Literal(FuncRole::Go)) => FuncKind::Goroutine {
                go_start: self.go_starts.last().copied().unwrap_or(node.start_byte()),
                in_loop,
            },
            ("func_literal", Hint::Literal(FuncRole::Defer)) => FuncKind::Deferred,
            ("func_literal", _) => FuncKind::Closure,
            _ => FuncKind::Declared,
        };
        let body_end = node.field("body").map_or(node.end_byte(), |b| b.end_byte());
        self.out.funcs.push(FuncFact {
            name,
            receiver,
            params,
            result,
            kind,
            parent,
            body: Vec::new(),
            start: node.start_byte(),
            end: node.end_byte(),
            body_end,
            has_goto: false,
        });
        self.out.funcs.len() - 1
    }

    /// The function index registered for the literal starting at `start`.
    pub(super) fn literal_at(&self, start: usize) -> Option<usize> {
        self.out.funcs.iter().position(|f| f.start == start)
    }

    /// The recorded calls inside `start..end` in evaluation order (inner calls first), of
    /// function `func` only (None: nested literals included), tagged with `stmt_end`.
    pub(super) fn calls_in(
        &self,
        start: usize,
        end: usize,
        func: Option<usize>,
        stmt_end: usize,
    ) -> Vec<Call> {
        let first = self.calls.partition_point(|(_, c)| c.start < start);
        let mut out: Vec<Call> = self.calls[first..]
            .iter()
            .take_while(|(_, c)| c.start < end)
            .filter(|(f, c)| c.end <= end && (func.is_none() || *f == func))
            .map(|(_, c)| Call {
                stmt_end,
                ..c.clone()
            })
            .collect();
        out.sort_by_key(|c| (c.end, std::cmp::Reverse(c.start)));
        out
    }

    pub(super) fn block(
        &self,
        func: usize,
        node: Node<'_>,
        depth: usize,
        goto: &mut bool,
    ) -> Vec<Stmt> {
        let mut out = Vec::new();
        for c in named_children(node) {
            if c.kind() == "statement_list" {
                for s in named_children(c) {
                    out.extend(self.stmt(func, s, depth + 1, goto));
                }
            } else {
                out.extend(self.stmt(func, c, depth + 1, goto));
            }
        }
        out
    }

    pub(super) fn stmt(
        &self,
        func: usize,
        node: Node<'_>,
        depth: usize,
        goto: &mut bool,
    ) -> Option<Stmt> {
        if depth > MAX_DEPTH {
            *goto = true;
            return None;
        }
        let file = self.file;
        let calls = |n: Option<Node<'_>>| self.calls_under(n, func, node.end_byte());
        let s = match node.kind() {
            "block" => Stmt::Block(self.block(func, node, depth, goto)),
            "labeled_statement" => {
                let inner = named_children(node)
                    .into_iter()
                    .find(|c| c.kind() != "label_name")?;
                return self.stmt(func, inner, depth + 1, goto);
            }
            "return_statement" => Stmt::Return {
                calls: calls(Some(node)),
                start: node.start_byte(),
            },
            "break_statement" => Stmt::Break,
            "continue_statement" => Stmt::Continue,
            "goto_statement" => {
                *goto = true;
                Stmt::Goto
            }
            "defer_statement" => Stmt::Defer {
                calls: self.calls_in(node.start_byte(), node.end_byte(), None, node.end_byte()),
                start: node.start_byte(),
            },
            "go_statement" => {
                let call = node
                    .named_child(0)
                    .filter(|c| c.kind() == "call_expression");
                let literal = call
                    .and_then(|c| c.field("function"))
                    .filter(|f| f.kind() == "func_literal")
                    .and_then(|f| self.literal_at(f.start_byte()));
                let call = match (literal, call) {
                    (None, Some(c)) => call_fact(file, c, node.end_byte()),
                    _ => None,
                };
                Stmt::Go {
                    literal,
                    call,
                    start: node.start_byte(),
                    end: node.end_byte(),
                }
            }
            "if_statement" => {
                let mut head = calls(node.field("initializer"));
                head.extend(calls(node.field("condition")));
                let then = node
                    .field("consequence")
                    .map(|b| self.block(func, b, depth, goto))
                    .unwrap_or_default();
                let otherwise = node.field("alternative").map(|alt| {
                    if alt.kind() == "block" {
                        self.block(func, alt, depth, goto)
                    } else {
                        self.stmt(func, alt, depth + 1, goto).into_iter().collect()
                    }
                });
                Stmt::If {
                    head,
                    then,
                    otherwise,
                }
            }
            "expression_switch_statement" | "type_switch_statement" | "select_statement" => {
                self.branches(func, node, depth, goto)
            }
            "for_statement" => self.for_loop(func, node, depth, goto),
            "expression_statement" => {
                let calls = calls(Some(node));
                let ends = node.named_child(0).is_some_and(|c| {
                    c.kind() == "call_expression"
                        && c.field("function")
                            .is_some_and(|f| is_terminating(&compact(file, f)))
                });
                if ends {
                    Stmt::Panic {
                        start: node.start_byte(),
                    }
                } else {
                    Stmt::Simple {
                        calls,
                        start: node.start_byte(),
                    }
                }
            }
            "comment" | "empty_statement" => return None,
            _ => Stmt::Simple {
                calls: calls(Some(node)),
                start: node.start_byte(),
            },
        };
        Some(s)
    }

    /// The calls under `n` (none when absent), made by `func` in a statement ending at `stmt_end`.
    fn calls_under(&self, n: Option<Node<'_>>, func: usize, stmt_end: usize) -> Vec<Call> {
        match n {
            Some(n) => self.calls_in(n.start_byte(), n.end_byte(), Some(func), stmt_end),
            None => Vec::new(),
        }
    }

    /// A `switch`, type switch or `select`: one arm per case, with the select cases
    /// kept for the rules that ask what each case receives.
    fn branches(&self, func: usize, node: Node<'_>, depth: usize, goto: &mut bool) -> Stmt {
        let file = self.file;
        let calls = |n: Option<Node<'_>>| self.calls_under(n, func, node.end_byte());
        let mut head = calls(node.field("initializer"));
        head.extend(calls(node.field("value")));
        let mut arms = Vec::new();
        let mut select_cases = Vec::new();
        let mut has_default = false;
        for case in named_children(node) {
            if !matches!(
                case.kind(),
                "expression_case" | "type_case" | "communication_case" | "default_case"
            ) {
                continue;
            }
            has_default |= case.kind() == "default_case";
            let mut arm = Vec::new();
            let comm = case.field("communication");
            if let Some(comm) = comm {
                arm.push(Stmt::Simple {
                    calls: calls(Some(comm)),
                    start: comm.start_byte(),
                });
            }
            if node.kind() == "select_statement" {
                let operand = comm.and_then(received_operand);
                select_cases.push(SelectCase {
                    receives: operand.map(|o| compact(file, o)),
                    operand_start: operand.map_or(case.start_byte(), |o| o.start_byte()),
                    is_default: case.kind() == "default_case",
                    calls: calls(comm),
                });
            }
            for c in named_children(case) {
                if c.kind() == "statement_list" {
                    for s in named_children(c) {
                        arm.extend(self.stmt(func, s, depth + 1, goto));
                    }
                }
            }
            arms.push(arm);
        }
        let is_select = node.kind() == "select_statement";
        Stmt::Branches {
            head,
            arms,
            exhaustive: has_default || is_select,
            select_cases,
            start: node.start_byte(),
        }
    }

    /// A `for` loop: its head calls, whether it can end, what it ranges over, its trip count.
    fn for_loop(&self, func: usize, node: Node<'_>, depth: usize, goto: &mut bool) -> Stmt {
        let file = self.file;
        let calls = |n: Option<Node<'_>>| self.calls_under(n, func, node.end_byte());
        let mut head = Vec::new();
        let mut infinite = true;
        let mut plain = true;
        let mut range_over = None;
        let mut count = None;
        for c in named_children(node) {
            match c.kind() {
                "block" => {}
                "range_clause" => {
                    plain = false;
                    let right = c.field("right");
                    range_over = right.map(|r| compact(file, r));
                    // A `time.Tick` channel is never closed: ranging over it never ends.
                    infinite = range_over.as_deref().is_some_and(|r| {
                        r.starts_with("time.Tick(")
                            || self.out.bindings.iter().any(|b| {
                                b.call.callee == "time.Tick"
                                    && b.start < c.start_byte()
                                    && b.names.first().map(String::as_str) == Some(r)
                            })
                    });
                    count = right.and_then(|r| const_value(file, r, &self.out.consts));
                    head.extend(calls(Some(c)));
                }
                "for_clause" => {
                    plain = false;
                    infinite &= c.field("condition").is_none();
                    count = counted_loop(file, c, &self.out.consts);
                    head.extend(calls(Some(c)));
                }
                _ => {
                    infinite = false;
                    head.extend(calls(Some(c)));
                }
            }
        }
        let body = node
            .field("body")
            .map(|b| self.block(func, b, depth, goto))
            .unwrap_or_default();
        Stmt::Loop {
            head,
            body,
            infinite,
            plain,
            range_over,
            count,
            start: node.start_byte(),
            end: node.end_byte(),
        }
    }
}
