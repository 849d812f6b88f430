//! The walk over one function body that records channels, operations, loops, selects,
//! goroutines and exits.

use super::*;

#[derive(Clone, Copy)]
pub(super) enum Breakable {
    Loop(LoopId),
    Other,
}

pub(super) struct Walker<'f, 't> {
    pub(super) file: &'f ParsedFile<'t>,
    pub(super) decls: &'f HashMap<&'f str, Node<'f>>,
    pub(super) facts: FuncFacts,
    /// Network/IO facts gathered on the same walk.
    pub(super) resources: ResourceFacts,
    /// Byte ranges of the enclosing function declaration and literals.
    pub(super) scopes: Vec<(usize, usize)>,
    pub(super) cursor: tree_sitter::TreeCursor<'f>,
    pub(super) ctx: CtxId,
    pub(super) loops: Vec<LoopId>,
    pub(super) breakables: Vec<Breakable>,
    pub(super) case: Option<(SelectId, usize)>,
    /// Parameter names of literals, bound to the caller's identifier (or to nothing).
    pub(super) aliases: Vec<(String, Option<String>)>,
    pub(super) ok_guards: usize,
    pub(super) ok_names: Vec<String>,
    /// Inside a deferred or immediately called literal: its `return` ends only the literal.
    pub(super) inline_literal: usize,
    pub(super) depth: usize,
    pub(super) named_depth: usize,
    /// Declarations looked up by name, with their byte ranges (what the facts depend on).
    pub(super) callees: Vec<(String, Option<(usize, usize)>)>,
}

impl<'f, 't> Walker<'f, 't> {
    pub(super) fn text(&self, n: Node<'f>) -> &'t str {
        self.file.source.get(n.byte_range()).unwrap_or("")
    }

    pub(super) fn span(&self, n: Node<'f>) -> Span {
        self.file.span(n)
    }

    /// The channel variable an identifier refers to, after literal parameters.
    pub(super) fn resolve(&self, name: &str) -> Option<String> {
        for (param, bound) in self.aliases.iter().rev() {
            if param == name {
                return bound.clone();
            }
        }
        Some(name.to_owned())
    }

    pub(super) fn ident(&self, n: Option<Node<'f>>) -> Option<String> {
        let mut n = n?;
        // `(ch)`, `((ch))`: a loop, not recursion, for arbitrarily nested parentheses.
        while n.kind() == "parenthesized_expression" {
            n = n.named_child(0)?;
        }
        (n.kind() == "identifier").then(|| self.resolve(self.text(n)))?
    }

    pub(super) fn walk_children(&mut self, n: Node<'f>) {
        // One cursor for the whole walk: making one per node costs an allocation each.
        let kids: Vec<Node<'f>> = n.named_children(&mut self.cursor).collect();
        for k in kids {
            self.walk(k);
        }
    }

    pub(super) fn walk(&mut self, n: Node<'f>) {
        if self.depth > MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.resource_hook(n);
        self.visit(n);
        self.depth -= 1;
    }

    /// Records network/IO facts of `n`, except inside named goroutine bodies (their own
    /// declaration is walked too).
    pub(super) fn resource_hook(&mut self, n: Node<'f>) {
        if self.named_depth > 0 {
            return;
        }
        let scope = self
            .scopes
            .last()
            .copied()
            .unwrap_or((0, self.file.source.len()));
        resource_node(self.file, n, scope, &mut self.resources);
    }

    pub(super) fn op(&mut self, chan: String, kind: OpKind, span: Span) {
        self.facts.ops.push(ChanOp {
            chan,
            kind,
            ctx: self.ctx,
            span,
            loops: self.loops.clone(),
            case: None,
            ok_var: None,
        });
    }

    pub(super) fn exit(&mut self, kind: ExitKind, n: Node<'f>) {
        if self.inline_literal > 0 {
            return;
        }
        let span = self.span(n);
        self.facts.exits.push(Exit {
            kind,
            ctx: self.ctx,
            span,
            loops: self.loops.clone(),
            case: self.case,
            ok_guarded: self.ok_guards > 0,
        });
    }

    pub(super) fn visit(&mut self, n: Node<'f>) {
        match n.kind() {
            "identifier" => {
                if let Some(name) = self.resolve(self.text(n)) {
                    self.facts.other_uses.push((name, self.ctx));
                }
            }
            "send_statement" => {
                match self.ident(n.field("channel")) {
                    Some(chan) => self.op(chan, OpKind::Send, self.span(n)),
                    None => {
                        if let Some(c) = n.field("channel") {
                            self.walk(c);
                        }
                    }
                }
                if let Some(v) = n.field("value") {
                    self.walk(v);
                }
            }
            "unary_expression" => {
                let op = n.field("operator").map(|o| o.kind());
                let operand = n.field("operand");
                match (op, self.ident(operand)) {
                    (Some("<-"), Some(chan)) => self.op(chan, OpKind::Recv, self.span(n)),
                    (Some("&"), Some(name)) => self.facts.assigned.push(name),
                    _ => self.walk_children(n),
                }
            }
            "go_statement" => self.visit_go(n),
            "defer_statement" => self.visit_defer(n),
            "call_expression" => self.visit_call(n),
            "func_literal" => self.visit_literal(n, ContextKind::Callback, None, None),
            "short_var_declaration" | "assignment_statement" => self.visit_assign(n),
            "var_spec" => self.visit_var_spec(n),
            "for_statement" => self.visit_for(n, None),
            "labeled_statement" => {
                let label = n.field("label").map(|l| self.text(l).to_owned());
                let mut c = n.walk();
                let stmt = n.named_children(&mut c).find(|k| k.kind() != "label_name");
                match stmt {
                    Some(s) if s.kind() == "for_statement" => self.visit_for(s, label),
                    Some(s) => self.walk(s),
                    None => {}
                }
            }
            "select_statement" => self.visit_select(n),
            "expression_switch_statement" | "type_switch_statement" => {
                self.breakables.push(Breakable::Other);
                self.walk_children(n);
                self.breakables.pop();
            }
            "return_statement" => {
                self.exit(ExitKind::Return, n);
                self.walk_children(n);
            }
            "goto_statement" => self.exit(ExitKind::Goto, n),
            "break_statement" => {
                let target = match self.label_of(n) {
                    Some(label) => self.loop_labelled(&label).map(Breakable::Loop),
                    None => self.breakables.last().copied(),
                };
                if let Some(Breakable::Loop(l)) = target {
                    self.exit(ExitKind::Break(l), n);
                }
            }
            "continue_statement" => {
                if let Some(label) = self.label_of(n) {
                    if let Some(l) = self.loop_labelled(&label) {
                        if self.loops.last() != Some(&l) {
                            self.exit(ExitKind::ContinueOuter(l), n);
                        }
                    }
                }
            }
            "if_statement" => self.visit_if(n),
            "field_identifier" | "type_identifier" | "package_identifier" | "label_name" => {}
            "comment" | "interpreted_string_literal" | "raw_string_literal" => {}
            _ => self.walk_children(n),
        }
    }

    pub(super) fn label_of(&self, n: Node<'f>) -> Option<String> {
        let mut c = n.walk();
        let label = n
            .named_children(&mut c)
            .find(|k| k.kind() == "label_name")
            .map(|l| self.text(l).to_owned());
        label
    }

    pub(super) fn loop_labelled(&self, label: &str) -> Option<LoopId> {
        self.loops
            .iter()
            .rev()
            .copied()
            .find(|&l| self.facts.loops[l].label.as_deref() == Some(label))
    }

    pub(super) fn visit_if(&mut self, n: Node<'f>) {
        if let Some(init) = n.field("initializer") {
            self.walk(init);
        }
        let cond = n.field("condition");
        let mut guarded = false;
        if let Some(cond) = cond {
            let is_not_ok = cond.kind() == "unary_expression"
                && cond.field("operator").is_some_and(|o| o.kind() == "!")
                && cond
                    .field("operand")
                    .is_some_and(|o| self.ok_names.iter().any(|k| k == self.text(o)));
            guarded = is_not_ok;
            self.walk(cond);
        }
        if let Some(c) = n.field("consequence") {
            if guarded {
                self.ok_guards += 1;
            }
            self.walk(c);
            if guarded {
                self.ok_guards -= 1;
            }
        }
        if let Some(a) = n.field("alternative") {
            self.walk(a);
        }
    }

    pub(super) fn visit_go(&mut self, n: Node<'f>) {
        let Some(call) = n.named_child(0).filter(|c| c.kind() == "call_expression") else {
            self.walk_children(n);
            return;
        };
        self.resource_hook(call);
        let start = self.span(n);
        let function = call.field("function");
        let args = call.field("arguments");
        match function {
            Some(f) if f.kind() == "func_literal" => {
                let bound = self.bind_arguments(args);
                self.visit_literal(f, ContextKind::Goroutine, Some(start), Some(bound));
            }
            Some(f) if f.kind() == "identifier" && self.named_depth < 2 => {
                let name = self.text(f);
                let decl = self.decls.get(name).copied();
                self.callees.push((
                    name.to_owned(),
                    decl.map(|d| (d.start_byte(), d.end_byte())),
                ));
                match decl {
                    Some(decl) => {
                        let bound = self.bind_arguments(args);
                        self.named_depth += 1;
                        self.enter_function(decl, ContextKind::Goroutine, Some(start), bound, true);
                        self.named_depth -= 1;
                    }
                    None => self.walk_children(call),
                }
            }
            _ => self.walk_children(call),
        }
    }

    /// Arguments of an immediately called function: identifiers bind the parameters,
    /// anything else is walked as a use.
    pub(super) fn bind_arguments(&mut self, args: Option<Node<'f>>) -> Vec<Option<String>> {
        let mut bound = Vec::new();
        let Some(args) = args else { return bound };
        let mut c = args.walk();
        let kids: Vec<Node<'f>> = args.named_children(&mut c).collect();
        for a in kids {
            match self.ident(Some(a)) {
                Some(name) if a.kind() == "identifier" => bound.push(Some(name)),
                _ => {
                    self.walk(a);
                    bound.push(None);
                }
            }
        }
        bound
    }

    pub(super) fn visit_defer(&mut self, n: Node<'f>) {
        let Some(call) = n.named_child(0).filter(|c| c.kind() == "call_expression") else {
            self.walk_children(n);
            return;
        };
        let function = call.field("function");
        let args = call.field("arguments");
        if let Some(chan) = self.close_target(function, args) {
            self.op(chan, OpKind::Close { deferred: true }, self.span(n));
            return;
        }
        self.resource_hook(call);
        match function {
            Some(f) if f.kind() == "func_literal" => {
                let bound = self.bind_arguments(args);
                self.visit_literal(f, ContextKind::Body, None, Some(bound));
            }
            _ => self.visit_call(call),
        }
    }

    pub(super) fn close_target(
        &self,
        function: Option<Node<'f>>,
        args: Option<Node<'f>>,
    ) -> Option<String> {
        let f = function?;
        if f.kind() != "identifier" || self.text(f) != "close" {
            return None;
        }
        let args = args?;
        if args.named_child_count() != 1 {
            return None;
        }
        self.ident(args.named_child(0))
    }

    pub(super) fn visit_call(&mut self, n: Node<'f>) {
        let function = n.field("function");
        let args = n.field("arguments");
        if let Some(chan) = self.close_target(function, args) {
            self.op(chan, OpKind::Close { deferred: false }, self.span(n));
            return;
        }
        let Some(f) = function else {
            self.walk_children(n);
            return;
        };
        match f.kind() {
            "identifier" if matches!(self.text(f), "len" | "cap") => {
                // Measuring a channel does not let it escape.
                if let Some(a) = args {
                    let mut c = a.walk();
                    let kids: Vec<Node<'f>> = a.named_children(&mut c).collect();
                    for k in kids.into_iter().filter(|k| k.kind() != "identifier") {
                        self.walk(k);
                    }
                }
            }
            "identifier" => {
                if let Some(a) = args {
                    self.walk(a);
                }
            }
            "func_literal" => {
                let bound = self.bind_arguments(args);
                self.visit_literal(f, ContextKind::Body, None, Some(bound));
            }
            "selector_expression" => {
                let field = f.field("field").map(|x| self.text(x));
                if field == Some("Wait") {
                    self.facts.waits.push((self.ctx, n.start_byte()));
                }
                if let Some(op) = f.field("operand") {
                    self.walk(op);
                }
                let Some(a) = args else { return };
                let mut c = a.walk();
                let kids: Vec<Node<'f>> = a.named_children(&mut c).collect();
                for k in kids {
                    if field == Some("Go") && k.kind() == "func_literal" {
                        let start = self.span(n);
                        self.visit_literal(
                            k,
                            ContextKind::Goroutine,
                            Some(start),
                            Some(Vec::new()),
                        );
                    } else {
                        self.walk(k);
                    }
                }
            }
            _ => self.walk_children(n),
        }
    }

    /// Walks a function literal's body in a new context (or the current one for
    /// deferred and immediately called literals).
    pub(super) fn visit_literal(
        &mut self,
        lit: Node<'f>,
        kind: ContextKind,
        start: Option<Span>,
        bound: Option<Vec<Option<String>>>,
    ) {
        self.enter_function(lit, kind, start, bound.unwrap_or_default(), false);
    }

    pub(super) fn enter_function(
        &mut self,
        func: Node<'f>,
        kind: ContextKind,
        start: Option<Span>,
        bound: Vec<Option<String>>,
        named: bool,
    ) {
        let saved_ctx = self.ctx;
        let saved_loops = std::mem::take(&mut self.loops);
        let saved_breakables = std::mem::take(&mut self.breakables);
        let saved_case = self.case.take();
        let saved_guards = std::mem::replace(&mut self.ok_guards, 0);
        let saved_inline = self.inline_literal;
        let saved_aliases = self.aliases.len();
        let saved_scopes = self.scopes.len();
        if !named {
            self.scopes.push((func.start_byte(), func.end_byte()));
        }
        let new_ctx = kind != ContextKind::Body;
        if new_ctx {
            let mut multiplicity = self.facts.contexts[saved_ctx].multiplicity.clone();
            for &l in &saved_loops {
                multiplicity = multiplicity.times(&self.facts.loop_count(l));
            }
            if kind == ContextKind::Callback {
                multiplicity = Count::Many;
            }
            self.facts.contexts.push(Context {
                kind,
                parent: Some(saved_ctx),
                start,
                multiplicity,
                named,
                start_loops: saved_loops.clone(),
            });
            self.ctx = self.facts.contexts.len() - 1;
            self.inline_literal = 0;
        } else {
            self.inline_literal += 1;
            // A deferred or immediately called literal runs here, inside the same loops.
            self.loops = saved_loops.clone();
            self.breakables = Vec::new();
        }
        // A named function's body sees only its parameters, not the caller's names.
        let mut index = 0;
        if let Some(params) = func.field("parameters") {
            let mut c = params.walk();
            let decls: Vec<Node<'f>> = params.named_children(&mut c).collect();
            for d in decls {
                let mut c2 = d.walk();
                let names: Vec<Node<'f>> = d.children_by_field_name("name", &mut c2).collect();
                if names.is_empty() {
                    index += 1;
                }
                for name in names {
                    let target = bound.get(index).cloned().flatten();
                    self.aliases.push((self.text(name).to_owned(), target));
                    index += 1;
                }
            }
        }
        if let Some(body) = func.field("body") {
            self.walk(body);
        }
        self.aliases.truncate(saved_aliases);
        self.scopes.truncate(saved_scopes);
        self.ctx = saved_ctx;
        self.loops = saved_loops;
        self.breakables = saved_breakables;
        self.case = saved_case;
        self.ok_guards = saved_guards;
        self.inline_literal = saved_inline;
    }

    pub(super) fn declare_params(&mut self, list: Node<'f>) {
        let mut c = list.walk();
        let decls: Vec<Node<'f>> = list.named_children(&mut c).collect();
        for d in decls {
            let mut c2 = d.walk();
            for name in d.children_by_field_name("name", &mut c2) {
                let text = self.text(name).to_owned();
                self.facts.params.push(text);
            }
        }
    }

    pub(super) fn visit_assign(&mut self, n: Node<'f>) {
        let left = n.field("left");
        let right = n.field("right");
        let lefts = named_kids(left);
        let rights = named_kids(right);
        let is_define = n.kind() == "short_var_declaration";
        let op_text = n.field("operator").map(|o| self.text(o)).unwrap_or("=");
        for (i, l) in lefts.iter().enumerate() {
            if l.kind() != "identifier" {
                self.walk(*l);
                continue;
            }
            let name = match self.resolve(self.text(*l)) {
                Some(name) => name,
                None => continue,
            };
            if name == "_" {
                continue;
            }
            if op_text != "=" && op_text != ":=" {
                self.facts.other_uses.push((name.clone(), self.ctx));
            }
            let value = (lefts.len() == rights.len()).then(|| rights[i]);
            match value.and_then(|v| self.make_site(&name, v)) {
                Some(site) => {
                    if !is_define && self.ctx != 0 {
                        self.facts.assigned.push(name);
                    }
                    self.facts.makes.push(site);
                }
                None => {
                    if !is_define {
                        self.facts.assigned.push(name);
                    }
                }
            }
        }
        // `v, ok := <-ch`: remember `ok` for `if !ok { return }`.
        if lefts.len() == 2 && rights.len() == 1 && is_receive(self.file, rights[0]) {
            self.ok_names.push(self.text(lefts[1]).to_owned());
        }
        for r in rights {
            if r.kind() == "call_expression" && self.is_make_chan(r) {
                self.walk_make_args(r);
            } else {
                self.walk(r);
            }
        }
    }

    pub(super) fn visit_var_spec(&mut self, n: Node<'f>) {
        let mut c = n.walk();
        let names: Vec<Node<'f>> = n.children_by_field_name("name", &mut c).collect();
        let ty = n.field("type");
        let values = named_kids(n.field("value"));
        for (i, name) in names.iter().enumerate() {
            let text = self.text(*name).to_owned();
            match values.get(i) {
                Some(v) if values.len() == names.len() => match self.make_site(&text, *v) {
                    Some(site) => self.facts.makes.push(site),
                    None => self.facts.assigned.push(text),
                },
                Some(_) => self.facts.assigned.push(text),
                None => {
                    if let Some(t) = ty.filter(|t| t.kind() == "channel_type") {
                        let span = self.span(n);
                        let chan_type = self.text(t).to_owned();
                        self.facts.nil_decls.push(NilDecl {
                            chan: text,
                            span,
                            chan_type,
                        });
                    }
                }
            }
        }
        for v in values {
            if v.kind() == "call_expression" && self.is_make_chan(v) {
                self.walk_make_args(v);
            } else {
                self.walk(v);
            }
        }
    }

    pub(super) fn is_make_chan(&self, call: Node<'f>) -> bool {
        let f = call.field("function");
        f.is_some_and(|f| f.kind() == "identifier" && self.text(f) == "make")
            && call
                .field("arguments")
                .and_then(|a| a.named_child(0))
                .is_some_and(|t| t.kind() == "channel_type")
    }

    pub(super) fn walk_make_args(&mut self, call: Node<'f>) {
        if let Some(a) = call.field("arguments") {
            let kids = named_kids(Some(a));
            for k in kids.into_iter().skip(1) {
                self.walk(k);
            }
        }
    }

    pub(super) fn make_site(&self, name: &str, value: Node<'f>) -> Option<MakeSite> {
        if value.kind() != "call_expression" || !self.is_make_chan(value) {
            return None;
        }
        let args = value.field("arguments")?;
        let kids = named_kids(Some(args));
        let chan_type = self.text(kids[0]).to_owned();
        let (capacity, insert_capacity_at) = match kids.get(1) {
            None => {
                let close = args.end_byte().saturating_sub(1);
                let at = (self.file.source.as_bytes().get(close) == Some(&b')')).then_some(close);
                (Some(Count::Exact(0)), at)
            }
            Some(c) => (self.count_expr(*c), None),
        };
        Some(MakeSite {
            chan: name.to_owned(),
            ctx: self.ctx,
            span: self.span(value),
            chan_type,
            capacity,
            insert_capacity_at,
            loops: self.loops.clone(),
        })
    }

    /// A count written in the source: a literal, an identifier or `len(x)`.
    pub(super) fn count_expr(&self, n: Node<'f>) -> Option<Count> {
        match n.kind() {
            "int_literal" => self.text(n).replace('_', "").parse().ok().map(Count::Exact),
            "identifier" => Some(Count::Symbolic(self.text(n).to_owned())),
            "call_expression" => {
                let f = n.field("function")?;
                let arg = n.field("arguments")?.named_child(0)?;
                (self.text(f) == "len"
                    && matches!(arg.kind(), "identifier" | "selector_expression"))
                .then(|| Count::Symbolic(format!("len({})", self.text(arg))))
            }
            _ => None,
        }
    }

    /// `xs[:3]`, `xs[1:4]`: a count when both bounds are literals (or the start omitted).
    fn slice_len(&self, n: Node<'f>) -> Option<Count> {
        let bound = |field| -> Option<u64> {
            match n.field(field) {
                None => Some(0),
                Some(b) if b.kind() == "int_literal" => self.text(b).replace('_', "").parse().ok(),
                Some(_) => None,
            }
        };
        n.field("end")?;
        let (start, end) = (bound("start")?, bound("end")?);
        end.checked_sub(start).map(Count::Exact)
    }

    pub(super) fn visit_for(&mut self, n: Node<'f>, label: Option<String>) {
        let body = n.field("body");
        let mut c = n.walk();
        let header = n
            .named_children(&mut c)
            .find(|k| Some(*k) != body && k.kind() != "comment");
        let mut range_chan = None;
        let kind = match header {
            None => LoopKind::Forever,
            Some(h) if h.kind() == "for_clause" => {
                let count = self.clause_count(h);
                match (h.field("condition"), count) {
                    (None, _) => LoopKind::Forever,
                    (Some(_), Some(c)) => LoopKind::Counted(c),
                    (Some(_), None) => LoopKind::Cond,
                }
            }
            Some(h) if h.kind() == "range_clause" => {
                let right = h.field("right");
                let chan = self.ident(right);
                let known_chan = chan.as_ref().is_some_and(|name| self.looks_like_chan(name));
                if known_chan {
                    range_chan = chan;
                    LoopKind::RangeChan
                } else {
                    let count = right.and_then(|r| match r.kind() {
                        "int_literal" => self.count_expr(r),
                        "identifier" | "selector_expression" => {
                            Some(Count::Symbolic(format!("len({})", self.text(r))))
                        }
                        "composite_literal" => literal_len(r),
                        "slice_expression" => self.slice_len(r),
                        _ => None,
                    });
                    LoopKind::Counted(count.unwrap_or(Count::Many))
                }
            }
            Some(_) => LoopKind::Cond,
        };
        // The header runs in the enclosing loops.
        if let Some(h) = header {
            if range_chan.is_none() {
                if h.kind() == "range_clause" {
                    if let Some(r) = h.field("right") {
                        self.walk(r);
                    }
                } else {
                    self.walk(h);
                }
            }
        }
        let span = self.span(n);
        self.facts.loops.push(Loop {
            kind,
            ctx: self.ctx,
            span,
            label,
            outer: self.loops.clone(),
        });
        let id = self.facts.loops.len() - 1;
        self.loops.push(id);
        if let Some(chan) = range_chan {
            self.op(chan, OpKind::Range, span);
        }
        self.breakables.push(Breakable::Loop(id));
        if let Some(b) = body {
            self.walk(b);
        }
        self.breakables.pop();
        self.loops.pop();
    }

    /// Whether `name` is used as a channel anywhere in this function so far or declared so.
    pub(super) fn looks_like_chan(&self, name: &str) -> bool {
        self.facts.makes.iter().any(|m| m.chan == name)
            || self.facts.nil_decls.iter().any(|m| m.chan == name)
            || self.facts.ops.iter().any(|o| o.chan == name)
            || self.chan_param(name)
    }

    pub(super) fn chan_param(&self, name: &str) -> bool {
        // Channel-typed parameters of the analysed function, found by text.
        let Some(span) = self.facts.span else {
            return false;
        };
        let header_end = self.facts.body_start.min(self.file.source.len());
        let header = self
            .file
            .source
            .get(span.start_byte..header_end)
            .unwrap_or("");
        header.split(',').any(|part| {
            let part = part.trim_start_matches(['(', ' ']);
            let mut words = part.split_whitespace();
            words.next() == Some(name)
                && words
                    .next()
                    .is_some_and(|t| t.starts_with("chan") || t.starts_with("<-chan"))
        })
    }

    /// `i := 0; i < N; i++` with N a literal, identifier or `len(x)`.
    pub(super) fn clause_count(&self, clause: Node<'f>) -> Option<Count> {
        let init = clause.field("initializer")?;
        let cond = clause.field("condition")?;
        let update = clause.field("update")?;
        if init.kind() != "short_var_declaration" || cond.kind() != "binary_expression" {
            return None;
        }
        let var = named_kids(init.field("left")).first().copied()?;
        let start = named_kids(init.field("right")).first().copied()?;
        if self.text(start) != "0" {
            return None;
        }
        let op = cond.field("operator").map(|o| self.text(o))?;
        let left = cond.field("left")?;
        let right = cond.field("right")?;
        let update_text: String = self.text(update).split_whitespace().collect();
        let var_text = self.text(var);
        if op != "<" || self.text(left) != var_text || update_text != format!("{var_text}++") {
            return None;
        }
        self.count_expr(right)
    }

    pub(super) fn visit_select(&mut self, n: Node<'f>) {
        let span = self.span(n);
        let cases_nodes = named_kids(Some(n))
            .into_iter()
            .filter(|k| matches!(k.kind(), "communication_case" | "default_case"))
            .collect::<Vec<_>>();
        if cases_nodes.is_empty() {
            self.facts.empty_selects.push((self.ctx, span));
        }
        self.facts.selects.push(Select {
            ctx: self.ctx,
            span,
            loops: self.loops.clone(),
            cases: Vec::new(),
        });
        let sid = self.facts.selects.len() - 1;
        let saved_case = self.case;
        self.breakables.push(Breakable::Other);
        for (i, case) in cases_nodes.into_iter().enumerate() {
            let comm = case.field("communication");
            let (kind, text) = match comm {
                None => (CaseKind::Default, "default".to_owned()),
                Some(c) if c.kind() == "send_statement" => {
                    let chan = self.ident(c.field("channel"));
                    if let Some(name) = &chan {
                        self.op(name.clone(), OpKind::Send, self.span(c));
                        self.set_last_case(sid, i);
                    } else if let Some(ch) = c.field("channel") {
                        self.walk(ch);
                    }
                    if let Some(v) = c.field("value") {
                        self.walk(v);
                    }
                    (CaseKind::Send(chan), self.text(c).to_owned())
                }
                Some(c) => {
                    // receive_statement (or a bare expression).
                    let right = if c.kind() == "receive_statement" {
                        c.field("right")
                    } else {
                        Some(c)
                    };
                    let operand = right
                        .filter(|r| r.kind() == "unary_expression")
                        .and_then(|r| r.field("operand"));
                    let chan = self.ident(operand);
                    let text = right.map(|r| self.text(r).to_owned()).unwrap_or_default();
                    match &chan {
                        Some(name) => {
                            let span = self.span(c);
                            self.op(name.clone(), OpKind::Recv, span);
                            self.set_last_case(sid, i);
                            let lefts = named_kids(c.field("left"));
                            if lefts.len() == 2 {
                                let ok = self.text(lefts[1]).to_owned();
                                if let Some(last) = self.facts.ops.last_mut() {
                                    last.ok_var = Some(ok.clone());
                                }
                                self.ok_names.push(ok);
                            }
                        }
                        None => {
                            if let Some(o) = operand {
                                self.walk(o);
                            }
                        }
                    }
                    (CaseKind::Recv(chan), text)
                }
            };
            let case_span = self.span(case);
            self.facts.selects[sid].cases.push(SelectCase {
                kind,
                span: case_span,
                text,
            });
            self.case = Some((sid, i));
            let mut c = case.walk();
            let stmts: Vec<Node<'f>> = case
                .named_children(&mut c)
                .filter(|k| Some(*k) != comm)
                .collect();
            for s in stmts {
                self.walk(s);
            }
            self.case = saved_case;
        }
        self.breakables.pop();
    }

    pub(super) fn set_last_case(&mut self, sid: SelectId, i: usize) {
        if let Some(last) = self.facts.ops.last_mut() {
            last.case = Some((sid, i));
        }
    }
}

/// The number of elements of a slice or map literal (`[]string{"a", "b"}` is 2); `None`
/// for an indexed form (`[]int{5: x}`), whose length is not the element count.
fn literal_len(n: Node<'_>) -> Option<Count> {
    let body = n.field("body")?;
    let mut c = body.walk();
    let mut count = 0u64;
    for e in body.named_children(&mut c) {
        match e.kind() {
            "comment" => {}
            "keyed_element" if n.field("type").is_some_and(|t| t.kind() != "map_type") => {
                return None
            }
            _ => count += 1,
        }
    }
    Some(Count::Exact(count))
}
