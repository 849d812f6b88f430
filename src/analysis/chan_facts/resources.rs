//! Resources that must be closed (response bodies, connections, files) and the
//! http.Client literals and calls the resource rules inspect.

use super::*;

/// `x, err := pkg.Call(...)` (or `=`, or `var x, err = ...`): the names bound from one call.
#[derive(Clone, Debug)]
pub struct Binding {
    /// Left-hand names in order (`_` kept).
    pub names: Vec<String>,
    /// Declared here (`:=` or `var`) rather than assigned to an existing variable.
    pub defines: bool,
    /// The callee as written, without spaces: `http.Get`, `client.Do`, `net.Dial`.
    pub callee: String,
    /// The call's arguments as written.
    pub args: Vec<String>,
    pub stmt: Span,
    /// Byte range of the innermost function (declaration or literal) holding the binding.
    pub scope: (usize, usize),
    /// Byte range of the statement node (a `var_spec` for `var` bindings).
    pub stmt_range: (usize, usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UseKind {
    /// `x.Close()`, `x.Body.Close()`: the call path after `x`.
    Call(String),
    /// `f(x)` or `f(x.Body)`: the callee and the path passed.
    Argument {
        callee: String,
        path: String,
    },
    Returned,
    /// Assigned elsewhere, put in a composite literal, sent on a channel.
    Stored,
    /// Assigned a new value (`x = ...`).
    Reassigned,
    Other,
}

#[derive(Clone, Debug)]
pub struct Use {
    pub kind: UseKind,
    /// The selector chain starting at the name, without spaces: `resp.Body.Close`.
    pub path: String,
    pub span: Span,
}

/// A call of the package-level HTTP helpers or of `http.DefaultClient`.
#[derive(Clone, Debug)]
pub struct DefaultClientCall {
    /// `http.Get`, `http.DefaultClient.Do`...
    pub callee: String,
    /// The first argument as written (the request, for `Do`).
    pub first_arg: String,
    pub span: Span,
    pub scope: (usize, usize),
}

/// An `http.Client{...}` literal.
#[derive(Clone, Debug)]
pub struct ClientLiteral {
    pub span: Span,
    pub has_timeout: bool,
    /// `c.Timeout = ...` follows in the same function for the variable it is declared into.
    pub timeout_assigned_later: bool,
    /// The `{...}` part, when it is empty (for the mechanical fix).
    pub empty_body: Option<(usize, usize)>,
}

/// What the network/IO rules need, from one walk of the file.
#[derive(Clone, Debug, Default)]
pub struct ResourceFacts {
    pub bindings: Vec<Binding>,
    pub default_client_calls: Vec<DefaultClientCall>,
    pub client_literals: Vec<ClientLiteral>,
}

impl Binding {
    pub(super) fn moved(&self, shift: &Shift) -> Binding {
        let Binding {
            names,
            defines,
            callee,
            args,
            stmt,
            scope,
            stmt_range,
        } = self;
        Binding {
            names: names.clone(),
            defines: *defines,
            callee: callee.clone(),
            args: args.clone(),
            stmt: shift.span(*stmt),
            scope: shift.range(*scope),
            stmt_range: shift.range(*stmt_range),
        }
    }
}

impl DefaultClientCall {
    pub(super) fn moved(&self, shift: &Shift) -> DefaultClientCall {
        let DefaultClientCall {
            callee,
            first_arg,
            span,
            scope,
        } = self;
        DefaultClientCall {
            callee: callee.clone(),
            first_arg: first_arg.clone(),
            span: shift.span(*span),
            scope: shift.range(*scope),
        }
    }
}

impl ClientLiteral {
    pub(super) fn moved(&self, shift: &Shift) -> ClientLiteral {
        let ClientLiteral {
            span,
            has_timeout,
            timeout_assigned_later,
            empty_body,
        } = self;
        ClientLiteral {
            span: shift.span(*span),
            has_timeout: *has_timeout,
            timeout_assigned_later: *timeout_assigned_later,
            empty_body: empty_body.map(|r| shift.range(r)),
        }
    }
}

/// Network/IO facts of the file: `.resources` of [`file_facts`].
pub fn resource_facts(file: &ParsedFile<'_>) -> Rc<FileFacts> {
    file_facts(file)
}

/// `http.Get(...)`, `http.DefaultClient.Do(...)`: surely an HTTP call through the
/// default client.
pub fn default_client_callee(callee: &str) -> bool {
    let Some((receiver, method)) = callee.rsplit_once('.') else {
        return false;
    };
    match receiver {
        "http" => matches!(method, "Get" | "Post" | "Head" | "PostForm"),
        "http.DefaultClient" => matches!(method, "Do" | "Get" | "Post" | "Head" | "PostForm"),
        _ => false,
    }
}

/// One cursor walk over the whole tree (iterative: no recursion, one cursor).
pub(super) fn collect_resources(file: &ParsedFile<'_>, root: Node<'_>, out: &mut ResourceFacts) {
    let mut cursor = root.walk();
    let mut scopes: Vec<(usize, usize)> = vec![(0, file.source.len())];
    loop {
        let n = cursor.node();
        while scopes.len() > 1 && scopes.last().is_some_and(|s| n.start_byte() >= s.1) {
            scopes.pop();
        }
        if matches!(
            n.kind(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            scopes.push((n.start_byte(), n.end_byte()));
        }
        let scope = scopes.last().copied().unwrap_or((0, file.source.len()));
        if n.is_named() {
            resource_node(file, n, scope, out);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

pub(super) fn resource_node(
    file: &ParsedFile<'_>,
    n: Node<'_>,
    scope: (usize, usize),
    out: &mut ResourceFacts,
) {
    match n.kind() {
        "short_var_declaration" | "assignment_statement" | "var_spec" => {
            if let Some(b) = binding_of(file, n, scope) {
                out.bindings.push(b);
            }
        }
        "call_expression" => {
            if let Some(f) = n.field("function") {
                let callee: String = file.text(f).split_whitespace().collect();
                if default_client_callee(&callee) {
                    let first_arg = n
                        .field("arguments")
                        .and_then(|a| a.named_child(0))
                        .map(|a| file.text(a).to_owned())
                        .unwrap_or_default();
                    out.default_client_calls.push(DefaultClientCall {
                        callee,
                        first_arg,
                        span: file.span(n),
                        scope,
                    });
                }
            }
        }
        "composite_literal" => {
            if let Some(lit) = client_literal(file, n, scope) {
                out.client_literals.push(lit);
            }
        }
        _ => {}
    }
}

pub(super) fn client_literal(
    file: &ParsedFile<'_>,
    lit: Node<'_>,
    scope: (usize, usize),
) -> Option<ClientLiteral> {
    let ty = lit.field("type")?;
    if file.text(ty).split_whitespace().collect::<String>() != "http.Client" {
        return None;
    }
    let body = lit.field("body")?;
    let mut c = body.walk();
    let has_timeout = body.named_children(&mut c).any(|e| {
        e.kind() == "keyed_element"
            && e.field("key")
                .is_some_and(|k| file.text(k).trim() == "Timeout")
    });
    let timeout_assigned_later = declared_name(file, lit).is_some_and(|var| {
        let rest: String = file
            .source
            .get(lit.end_byte()..scope.1)
            .unwrap_or("")
            .split_whitespace()
            .collect();
        rest.contains(&format!("{var}.Timeout="))
    });
    Some(ClientLiteral {
        span: file.span(lit),
        has_timeout,
        timeout_assigned_later,
        empty_body: (body.named_child_count() == 0).then(|| (body.start_byte(), body.end_byte())),
    })
}

/// The variable a literal (or `&literal`) is declared or assigned into, if any.
pub(super) fn declared_name<'s>(file: &ParsedFile<'s>, lit: Node<'_>) -> Option<&'s str> {
    let mut top = lit;
    if let Some(p) = top.parent().filter(|p| p.kind() == "unary_expression") {
        top = p;
    }
    let list = top.parent().filter(|p| p.kind() == "expression_list")?;
    let stmt = list.parent()?;
    if !matches!(
        stmt.kind(),
        "short_var_declaration" | "assignment_statement"
    ) {
        return None;
    }
    let name = stmt.field("left")?.named_child(0)?;
    (name.kind() == "identifier").then(|| file.source.get(name.byte_range()).unwrap_or(""))
}

pub(super) fn binding_of(
    file: &ParsedFile<'_>,
    n: Node<'_>,
    scope: (usize, usize),
) -> Option<Binding> {
    let (names, values): (Vec<Node<'_>>, Vec<Node<'_>>) = if n.kind() == "var_spec" {
        let mut c = n.walk();
        let names = n.children_by_field_name("name", &mut c).collect();
        (names, named_kids(n.field("value")))
    } else {
        let op = n.field("operator").map(|o| file.text(o));
        if n.kind() == "assignment_statement" && op != Some("=") {
            return None;
        }
        (named_kids(n.field("left")), named_kids(n.field("right")))
    };
    let [call] = values.as_slice() else {
        return None;
    };
    if call.kind() != "call_expression" || names.is_empty() {
        return None;
    }
    let function = call.field("function")?;
    let callee: String = file.text(function).split_whitespace().collect();
    let args = named_kids(call.field("arguments"))
        .into_iter()
        .map(|a| file.text(a).to_owned())
        .collect();
    let names = names.iter().map(|x| file.text(*x).to_owned()).collect();
    Some(Binding {
        names,
        defines: n.kind() != "assignment_statement",
        callee,
        args,
        stmt: file.span(n),
        scope,
        stmt_range: (n.start_byte(), n.end_byte()),
    })
}

/// The end of an `if err != nil { ... }` right after `stmt`, and `stmt`'s indentation.
/// Where a statement can be inserted after the `if err != nil { ... }` that follows the
/// binding, with the binding line's indentation. (Computed only for a fix: finding a
/// sibling in tree-sitter walks down from the root.)
pub fn after_error_check(file: &ParsedFile<'_>, b: &Binding) -> Option<(usize, String)> {
    let stmt = file
        .tree
        .root_node()
        .descendant_for_byte_range(b.stmt_range.0, b.stmt_range.1)?;
    let stmt = if stmt.kind() == "var_spec" {
        stmt.parent()?
    } else {
        stmt
    };
    let next = stmt.next_named_sibling()?;
    let cond = next.field("condition")?;
    if next.kind() != "if_statement" || !file.text(cond).contains("err") {
        return None;
    }
    let line_start = file.source[..stmt.start_byte()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent: String = file.source[line_start..stmt.start_byte()]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    Some((next.end_byte(), indent))
}

/// How `name` is used inside `scope` after byte `after`.
pub fn uses_of(file: &ParsedFile<'_>, scope: (usize, usize), name: &str, after: usize) -> Vec<Use> {
    let mut out = Vec::new();
    let root = file.tree.root_node();
    let Some(scope_node) = root.descendant_for_byte_range(scope.0, scope.1) else {
        return out;
    };
    collect_uses(file, scope_node, name, after, &mut out, &mut Vec::new());
    out
}

/// `ancestors` holds the nodes from the scope down to `n`'s parent: classifying a use
/// looks a few levels up, and `Node::parent` searches down from the root each time.
pub(super) fn collect_uses<'t>(
    file: &ParsedFile<'_>,
    n: Node<'t>,
    name: &str,
    after: usize,
    out: &mut Vec<Use>,
    ancestors: &mut Vec<Node<'t>>,
) {
    if ancestors.len() > MAX_DEPTH || n.end_byte() <= after {
        return;
    }
    if n.kind() == "identifier" && n.start_byte() >= after && file.text(n) == name {
        let (kind, path) = classify_use(file, n, ancestors);
        out.push(Use {
            kind,
            path,
            span: file.span(n),
        });
        return;
    }
    ancestors.push(n);
    let mut c = n.walk();
    let kids: Vec<Node<'t>> = n.named_children(&mut c).collect();
    for k in kids {
        collect_uses(file, k, name, after, out, ancestors);
    }
    ancestors.pop();
}

pub(super) fn classify_use(
    file: &ParsedFile<'_>,
    ident: Node<'_>,
    ancestors: &[Node<'_>],
) -> (UseKind, String) {
    // Climb the selector chain `x.a.b`.
    let mut top = ident;
    let mut above = ancestors.len();
    while let Some(&p) = above.checked_sub(1).and_then(|i| ancestors.get(i)) {
        if p.kind() == "selector_expression" && p.field("operand") == Some(top) {
            top = p;
            above -= 1;
        } else {
            break;
        }
    }
    let path: String = file.text(top).split_whitespace().collect();
    let Some(&parent) = above.checked_sub(1).and_then(|i| ancestors.get(i)) else {
        return (UseKind::Other, path);
    };
    let grandparent = above.checked_sub(2).and_then(|i| ancestors.get(i)).copied();
    let kind = match parent.kind() {
        "call_expression" if parent.field("function") == Some(top) => {
            let after_name = path.split_once('.').map_or("", |(_, rest)| rest);
            UseKind::Call(after_name.to_owned())
        }
        "argument_list" => {
            let callee = grandparent
                .and_then(|c| c.field("function"))
                .map(|f| file.text(f).split_whitespace().collect())
                .unwrap_or_default();
            UseKind::Argument {
                callee,
                path: path.clone(),
            }
        }
        "expression_list" => match grandparent.map(|g| (g.kind(), g)) {
            Some(("return_statement", _)) => UseKind::Returned,
            Some(("assignment_statement" | "short_var_declaration" | "var_spec", g)) => {
                if g.field("left") == Some(parent) {
                    UseKind::Reassigned
                } else {
                    UseKind::Stored
                }
            }
            _ => UseKind::Other,
        },
        "return_statement" => UseKind::Returned,
        "literal_element" | "keyed_element" | "literal_value" | "send_statement" => UseKind::Stored,
        _ => UseKind::Other,
    };
    (kind, path)
}

/// Functions that read or write a value passed to them but never close it.
pub fn never_closes(callee: &str) -> bool {
    matches!(
        callee,
        "io.Copy"
            | "io.CopyN"
            | "io.CopyBuffer"
            | "io.ReadAll"
            | "ioutil.ReadAll"
            | "io.ReadFull"
            | "io.ReadAtLeast"
            | "io.WriteString"
            | "io.LimitReader"
            | "io.TeeReader"
            | "bufio.NewReader"
            | "bufio.NewReaderSize"
            | "bufio.NewWriter"
            | "bufio.NewScanner"
            | "json.NewDecoder"
            | "json.NewEncoder"
            | "xml.NewDecoder"
            | "fmt.Fprintf"
            | "fmt.Fprintln"
            | "fmt.Fprint"
            | "fmt.Fscan"
            | "fmt.Fscanf"
            | "fmt.Fscanln"
            | "fmt.Println"
            | "fmt.Printf"
            | "log.Println"
            | "log.Printf"
    )
}
