//! A connection, client or file opened and never closed; `*sql.Rows` and `*sql.Tx`, and
//! values of the file's own types with a `Close` method, not closed on some return path.

use super::response_body_not_closed::close_fix;
use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{never_closes, resource_facts, uses_of, UseKind};
use crate::analysis::cst::FieldExt;
use crate::analysis::sync_facts::{self as sf, Exit, FileFacts, FuncFact, FuncKind, PathWalk};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};
use tree_sitter::Node;

pub struct ConnectionNeverClosed;

static META: RuleMeta = RuleMeta {
    id: "connection-never-closed",
    severity: Severity::Error,
    summary: "a connection, client, file, sql.Rows or sql.Tx (or a value of the file's own type with a Close method) that is not closed on some path, nor returned or stored, leaks; add `defer x.Close()` after the error check",
};

/// Calls returning something that must be closed.
fn opens_resource(callee: &str) -> bool {
    matches!(
        callee,
        "net.Dial"
            | "net.DialTimeout"
            | "net.DialTCP"
            | "net.DialUDP"
            | "net.DialUnix"
            | "net.DialIP"
            | "net.Listen"
            | "net.ListenPacket"
            | "net.ListenTCP"
            | "net.ListenUDP"
            | "tls.Dial"
            | "tls.DialWithDialer"
            | "grpc.Dial"
            | "grpc.DialContext"
            | "grpc.NewClient"
            | "sql.Open"
            | "os.Open"
            | "os.Create"
            | "os.OpenFile"
    )
}

impl Rule for ConnectionNeverClosed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = resource_facts(file);
        for b in &facts.resources.bindings {
            if !b.defines || !opens_resource(&b.callee) {
                continue;
            }
            let Some(name) = b.names.first().map(String::as_str) else {
                continue;
            };
            if name == "_" {
                let message = format!(
                    "the result of `{}` is discarded, so it can never be closed; keep it and `defer x.Close()`",
                    b.callee
                );
                out.push(META.diagnostic(b.stmt, message));
                continue;
            }
            let uses = uses_of(file, b.scope, name, b.stmt.end_byte);
            let closed = uses
                .iter()
                .any(|u| u.kind == UseKind::Call("Close".to_owned()));
            let escapes = uses.iter().any(|u| match &u.kind {
                UseKind::Returned | UseKind::Stored | UseKind::Reassigned => u.path == name,
                UseKind::Argument { callee, path } => path == name && !never_closes(callee),
                _ => false,
            });
            if closed || escapes {
                continue;
            }
            let message = format!(
                "`{name}` from `{}` is never closed, nor returned or stored, so it leaks (with any goroutine blocked reading it); add `defer {name}.Close()` after the error check",
                b.callee
            );
            let mut d = META.diagnostic(b.stmt, message);
            d.fix = close_fix(file, b, &format!("defer {name}.Close()"));
            out.push(d);
        }
        check_paths(file, out);
    }
}

/// What a path-checked value is, which decides what closes it and how the message reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `*sql.Rows` (or a rows iterator like it) from `Query`/`QueryContext`.
    Rows,
    /// `*sql.Tx` from `Begin`/`BeginTx`.
    Tx,
    /// A value of a type declared in this file that has a `Close` method.
    Own,
}

impl Kind {
    fn closers(self) -> &'static [&'static str] {
        match self {
            Kind::Tx => &["Commit", "Rollback"],
            Kind::Rows | Kind::Own => &["Close"],
        }
    }

    fn deferred(self, name: &str) -> String {
        match self {
            Kind::Tx => format!("defer {name}.Rollback()"),
            Kind::Rows | Kind::Own => format!("defer {name}.Close()"),
        }
    }
}

/// The value along one path, ordered so that joining two paths keeps the more open one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Open {
    /// Not opened on this path yet, or closed or handed on.
    No,
    /// Bound, and inside the `if err != nil` right after the binding (or not yet past
    /// it): on the error path the value is nil and there is nothing to close.
    Checking,
    Yes,
}

/// A binding the path check follows: the value at `at` in the names, of `kind`, with the
/// type as the callee's result spells it (for own types).
struct Tracked {
    kind: Kind,
    at: usize,
    ty: String,
}

/// `*sql.Rows`, `*sql.Tx` and the file's own closable types, bound from a call and not
/// closed (nor returned, stored or handed on) on some path to a return.
fn check_paths(file: &ParsedFile<'_>, out: &mut Vec<Diagnostic>) {
    let facts = sf::facts(file);
    if facts.bindings.is_empty() {
        return;
    }
    let packages = imported_names(file);
    for b in &facts.bindings {
        let Some(fi) = b.func else { continue };
        let func = &facts.funcs[fi];
        // Returning from main ends the process, which releases everything.
        let ends_process = func.kind == FuncKind::Declared
            && func.receiver.is_none()
            && matches!(func.name.as_str(), "main" | "init");
        if func.has_goto || ends_process {
            continue;
        }
        let Some(t) = classify(file, &facts, &packages, b, fi) else {
            continue;
        };
        let name = b.names[t.at].as_str();
        let callee = &b.call.callee;
        if name == "_" {
            if t.kind == Kind::Rows && facts.imports("database/sql") {
                out.push(META.diagnostic_in(file, META.severity, (b.start, b.end), format!(
                    "the rows of `{callee}` are discarded, so they can never be closed and their connection never goes back to the pool; use `Exec` for a statement that returns no rows, or keep them and `defer rows.Close()`"
                )));
            }
            continue;
        }
        if !is_identifier(name)
            || named_results(file, func).iter().any(|n| n == name)
            || escapes(file, &facts, fi, b, name)
        {
            continue;
        }
        let err = b.names.get(t.at + 1).map(String::as_str);
        let check = err.and_then(|e| error_check(file, b, e));
        let closers = t.kind.closers();
        let closes = |c: &sf::Call| {
            (c.receiver == name && closers.contains(&c.method.as_str()))
                || (c.receiver != name
                    && c.args
                        .iter()
                        .any(|a| a == name || a.strip_prefix('&') == Some(name))
                    && !never_closes(&c.callee))
        };
        let later_calls: Vec<&sf::Call> = sf::all_calls(&func.body)
            .into_iter()
            .filter(|c| c.start >= b.end)
            .collect();
        let closed_somewhere = later_calls.iter().any(|c| closes(c));
        let who = match func.kind {
            FuncKind::Goroutine { .. } => "the goroutine".to_owned(),
            FuncKind::Declared => sf::func_label(func),
            _ => "the function literal".to_owned(),
        };
        // A defer in a loop runs only when the function returns: in a loop, say so.
        let looped = in_loop(file, b);
        let deferred = t.kind.deferred(name);
        let advice = if looped {
            format!("close it before every `continue`, or move the loop body into a function with `{deferred}`")
        } else if check.is_some() {
            format!("add `{deferred}` after the error check")
        } else {
            format!("add `{deferred}` after this line")
        };
        // An error that is not checked right after the call: the paths where the value is
        // nil cannot be told apart, so only a value closed nowhere is reported.
        if err.is_some_and(|e| e != "_") && check.is_none() {
            let returned = uses_of(file, (func.start, func.end), name, b.end)
                .iter()
                .any(|u| u.kind == UseKind::Returned && u.path == name);
            if !closed_somewhere && !returned {
                // A defer before the check would close a nil value on the error path.
                let e = err.unwrap_or("err");
                let advice = format!("check `{e}` right after the call, then `{deferred}`");
                let message = message(&t, name, callee, "never", &advice);
                out.push(META.diagnostic_in(file, META.severity, (b.start, b.end), message));
            }
            continue;
        }
        let Some(exit) = first_open_exit(file, func, b, name, check, &closes) else {
            continue;
        };
        let (at, when) = match exit {
            Exit::Return { start } => (
                start,
                format!("when {who} returns at line {}", sf::line_of(file, start)),
            ),
            Exit::EndOfBody { at } | Exit::Panic { start: at } => (
                at,
                format!("when {who} ends at line {}", sf::line_of(file, at)),
            ),
        };
        let mut d = META.diagnostic_in(
            file,
            META.severity,
            (b.start, b.end),
            message(&t, name, callee, &when, &advice),
        );
        d.related.push(sf::related(
            file,
            (at, at + 1),
            format!("`{name}` is still open here"),
        ));
        // A second Close of the file's own type may not be harmless; sql's Close and a
        // Rollback after Commit are.
        if !looped && (t.kind != Kind::Own || !closed_somewhere) {
            let insert_at = check.map_or(b.end, |c| c.if_end);
            let statement = deferred;
            let indent = sf::indent_at(file.source, b.start);
            d.fix = Some(Fix {
                title: format!("add `{statement}`"),
                edits: vec![TextEdit {
                    start_byte: insert_at,
                    end_byte: insert_at,
                    replacement: format!("\n{indent}{statement}"),
                }],
            });
        }
        out.push(d);
    }
}

fn message(t: &Tracked, name: &str, callee: &str, when: &str, advice: &str) -> String {
    let never = when == "never";
    match t.kind {
        Kind::Rows => format!(
            "`{name}` from `{callee}` is {} closed{}, so the rows keep their pooled connection and later queries wait for a free one; {advice}",
            if never { "never" } else { "not" },
            if never { String::new() } else { format!(" {when}") },
        ),
        Kind::Tx => format!(
            "`{name}` from `{callee}` is {} committed nor rolled back{}, so it keeps its pooled connection and its locks; {advice}",
            "neither",
            if never { String::new() } else { format!(" {when}") },
        ),
        Kind::Own => format!(
            "`{name}` (a `{}`) from `{callee}` is {} closed{}, so what it holds is never given back; {advice}",
            t.ty,
            if never { "never" } else { "not" },
            if never { String::new() } else { format!(" {when}") },
        ),
    }
}

/// Where the error check after a binding is, and the statement list holding both.
#[derive(Clone, Copy)]
struct Check {
    if_end: usize,
    block_end: usize,
}

/// Walks every path of `func` and returns the first exit reached with the value open.
fn first_open_exit(
    file: &ParsedFile<'_>,
    func: &FuncFact,
    b: &sf::Binding,
    name: &str,
    check: Option<Check>,
    closes: &dyn Fn(&sf::Call) -> bool,
) -> Option<Exit> {
    let bind_start = b.call.start;
    let mut exits: Vec<Exit> = Vec::new();
    let mut on_call = |st: &mut Open, c: &sf::Call| {
        if c.start == bind_start {
            *st = if check.is_some() {
                Open::Checking
            } else {
                Open::Yes
            };
            return;
        }
        if let (Open::Checking, Some(k)) = (*st, check) {
            if c.start >= k.if_end && c.start < k.block_end {
                *st = Open::Yes;
            } else if c.start < bind_start || c.start >= k.block_end {
                // Left the statement list through the error path (continue, break).
                *st = Open::No;
            }
        }
        if *st == Open::Yes && closes(c) {
            *st = Open::No;
        }
    };
    let mut on_exit = |st: &Open, exit: Exit| {
        let at = match exit {
            Exit::Return { start } => start,
            Exit::EndOfBody { at } => at,
            Exit::Panic { .. } => return,
        };
        let open = match st {
            Open::Yes => true,
            // Past the error check with no call in between: `return nil` right after it.
            Open::Checking => check.is_some_and(|k| at >= k.if_end && at < k.block_end),
            Open::No => false,
        };
        if open && !returns_name(file, exit, name) && !exits.contains(&exit) {
            exits.push(exit);
        }
    };
    let join: fn(&Open, &Open) -> Open = |a, b| (*a).max(*b);
    PathWalk::new(join, &mut on_call, &mut on_exit)
        .with_defers_as_calls()
        .run(func, Open::No);
    exits.first().copied()
}

/// Decides whether the value bound by `b` is one this check follows.
fn classify(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    packages: &[String],
    b: &sf::Binding,
    fi: usize,
) -> Option<Tracked> {
    let call = &b.call;
    let targets: Vec<&FuncFact> = if call.receiver.is_empty() {
        facts
            .declared(&call.callee)
            .map(|i| &facts.funcs[i])
            .into_iter()
            .collect()
    } else if packages.contains(&call.receiver) {
        Vec::new()
    } else {
        facts
            .funcs
            .iter()
            .filter(|f| {
                f.kind == FuncKind::Declared && f.receiver.is_some() && f.name == call.method
            })
            .collect()
    };
    if !targets.is_empty() {
        // The file says what the call returns: follow only what it says must be closed.
        let mut found: Option<Tracked> = None;
        for f in targets {
            let results = result_types(file, f);
            if results.len() != b.names.len() {
                return None;
            }
            let here = results.iter().enumerate().find_map(|(at, ty)| {
                let kind = match ty.as_str() {
                    "*sql.Rows" => Kind::Rows,
                    "*sql.Tx" => Kind::Tx,
                    _ => {
                        let base = ty.strip_prefix('*').unwrap_or(ty);
                        if !is_identifier(base) || facts.method(base, "Close").is_none() {
                            return None;
                        }
                        Kind::Own
                    }
                };
                Some(Tracked {
                    kind,
                    at,
                    ty: ty.clone(),
                })
            })?;
            match &found {
                Some(prev) if prev.at != here.at || prev.ty != here.ty => return None,
                _ => found = Some(here),
            }
        }
        return found;
    }
    if b.names.len() != 2 || call.receiver.is_empty() {
        return None;
    }
    let name = b.names[0].as_str();
    let called = |method: &str| {
        sf::all_calls(&facts.funcs[fi].body)
            .iter()
            .any(|c| c.receiver == name && c.method == method)
    };
    let sql = facts.imports("database/sql");
    let kind = match call.method.as_str() {
        "Query" | "QueryContext" if sql || called("Next") => Kind::Rows,
        "Begin" | "BeginTx" if sql || called("Commit") || called("Rollback") => Kind::Tx,
        _ => return None,
    };
    Some(Tracked {
        kind,
        at: 0,
        ty: String::new(),
    })
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The tree node of a function fact.
fn func_node<'t>(file: &'t ParsedFile<'_>, f: &FuncFact) -> Option<Node<'t>> {
    let mut n = file
        .tree
        .root_node()
        .descendant_for_byte_range(f.start, f.end)?;
    loop {
        if matches!(
            n.kind(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            return Some(n);
        }
        n = n.parent().filter(|p| p.start_byte() == f.start)?;
    }
}

/// Result types of a function as written, one per result: `(*Rows, error)` gives
/// `["*Rows", "error"]`, `(r *Rows, err error)` the same.
fn result_types(file: &ParsedFile<'_>, f: &FuncFact) -> Vec<String> {
    let compact = |n: Node<'_>| file.text(n).split_whitespace().collect::<String>();
    let Some(result) = func_node(file, f).and_then(|n| n.field("result")) else {
        return Vec::new();
    };
    if result.kind() != "parameter_list" {
        return vec![compact(result)];
    }
    let mut out = Vec::new();
    let mut c = result.walk();
    for decl in result.named_children(&mut c) {
        let Some(ty) = decl.field("type") else {
            continue;
        };
        let mut nc = decl.walk();
        let names = decl.children_by_field_name("name", &mut nc).count().max(1);
        out.extend(std::iter::repeat_n(compact(ty), names));
    }
    out
}

/// Names of a function's named results (a bare `return` returns them).
fn named_results(file: &ParsedFile<'_>, f: &FuncFact) -> Vec<String> {
    let Some(result) = func_node(file, f).and_then(|n| n.field("result")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut c = result.walk();
    for decl in result.named_children(&mut c) {
        let mut nc = decl.walk();
        out.extend(
            decl.children_by_field_name("name", &mut nc)
                .map(|n| file.text(n).to_owned()),
        );
    }
    out
}

/// Names the file's imports are used by (`sql`, an alias, `pgx` for `.../pgx/v5`).
fn imported_names(file: &ParsedFile<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let root = file.tree.root_node();
    let mut c = root.walk();
    for decl in root
        .named_children(&mut c)
        .filter(|n| n.kind() == "import_declaration")
    {
        let mut stack = vec![decl];
        while let Some(n) = stack.pop() {
            if n.kind() == "import_spec" {
                if let Some(alias) = n.field("name") {
                    out.push(file.text(alias).to_owned());
                    continue;
                }
                let path = n
                    .field("path")
                    .map_or("", |p| file.text(p))
                    .trim_matches('"');
                let mut parts = path.rsplit('/');
                let last = parts.next().unwrap_or("");
                let versioned = last.len() > 1
                    && last.starts_with('v')
                    && last[1..].bytes().all(|b| b.is_ascii_digit());
                let name = if versioned {
                    parts.next().unwrap_or(last)
                } else {
                    last
                };
                out.push(name.to_owned());
                continue;
            }
            let mut nc = n.walk();
            stack.extend(n.named_children(&mut nc));
        }
    }
    out
}

/// Stored, reassigned, or used by a closure or goroutine: who closes it cannot be followed.
fn escapes(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    fi: usize,
    b: &sf::Binding,
    name: &str,
) -> bool {
    let func = &facts.funcs[fi];
    let handed_on = uses_of(file, (func.start, func.end), name, b.end)
        .iter()
        .any(|u| matches!(u.kind, UseKind::Stored | UseKind::Reassigned) && u.path == name);
    let in_closure = facts
        .uses_in(fi, name)
        .filter(|u| u.start >= b.end)
        .any(|u| {
            u.func
                .is_some_and(|g| g != fi && facts.funcs[g].kind != FuncKind::Deferred)
        });
    handed_on || in_closure
}

/// The `if err != nil { ... }` (with no init and no else) right after the binding.
fn error_check(file: &ParsedFile<'_>, b: &sf::Binding, err: &str) -> Option<Check> {
    if err == "_" {
        return None;
    }
    let mut stmt = file
        .tree
        .root_node()
        .descendant_for_byte_range(b.start, b.end)?;
    loop {
        let parent = stmt.parent()?;
        if matches!(parent.kind(), "block" | "statement_list" | "source_file") {
            break;
        }
        if matches!(
            parent.kind(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            return None;
        }
        stmt = parent;
    }
    let list = stmt.parent()?;
    // The block's closing brace belongs to the list: falling off the end happens there.
    let block = if list.kind() == "statement_list" {
        list.parent().unwrap_or(list)
    } else {
        list
    };
    let mut next = stmt.next_named_sibling()?;
    while next.kind() == "comment" {
        next = next.next_named_sibling()?;
    }
    if next.kind() != "if_statement"
        || next.field("initializer").is_some()
        || next.field("alternative").is_some()
    {
        return None;
    }
    let cond: String = next
        .field("condition")
        .map(|c| file.text(c).split_whitespace().collect())?;
    (cond == format!("{err}!=nil")).then(|| Check {
        if_end: next.end_byte(),
        block_end: block.end_byte(),
    })
}

/// `return x, nil` with `x` itself among the results: the caller owns it now.
fn returns_name(file: &ParsedFile<'_>, exit: Exit, name: &str) -> bool {
    let Exit::Return { start } = exit else {
        return false;
    };
    let Some(mut n) = file
        .tree
        .root_node()
        .descendant_for_byte_range(start, start + 1)
    else {
        return false;
    };
    while n.kind() != "return_statement" || n.start_byte() != start {
        match n.parent() {
            Some(p) if p.start_byte() == start => n = p,
            _ => return false,
        }
    }
    let mut c = n.walk();
    let found = n
        .named_children(&mut c)
        .filter(|k| k.kind() == "expression_list")
        .any(|list| {
            let mut lc = list.walk();
            let hit = list
                .named_children(&mut lc)
                .any(|e| file.text(e).trim() == name);
            hit
        });
    found
}

/// The binding sits in a loop of its own function.
fn in_loop(file: &ParsedFile<'_>, b: &sf::Binding) -> bool {
    let mut n = file
        .tree
        .root_node()
        .descendant_for_byte_range(b.start, b.end);
    while let Some(node) = n {
        match node.kind() {
            "for_statement" => return true,
            "function_declaration" | "method_declaration" | "func_literal" => return false,
            _ => n = node.parent(),
        }
    }
    false
}
