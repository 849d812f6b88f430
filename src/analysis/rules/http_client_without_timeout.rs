//! HTTP calls through a client that has no timeout.

use super::response_body_not_closed::surely_http;
use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{self, bindings, Binding};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};
use tree_sitter::Node;

pub struct HttpClientWithoutTimeout;

static META: RuleMeta = RuleMeta {
    id: "http-client-without-timeout",
    severity: Severity::Warning,
    summary: "an HTTP call through a client without a timeout (http.Get, http.DefaultClient, http.Client{}) can block forever on a hung server; set Client.Timeout or use a request context with a deadline",
    doc: include_str!("docs/http-client-without-timeout.md"),
};

const MAX_DEPTH: usize = 300;

impl Rule for HttpClientWithoutTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let all = bindings(file);
        let imports_time = file.source.contains("\"time\"");
        let root = file.tree.root_node();
        walk(
            file,
            root,
            (0, file.source.len()),
            &all,
            imports_time,
            out,
            0,
        );
    }
}

fn walk(
    file: &ParsedFile<'_>,
    n: Node<'_>,
    scope: (usize, usize),
    all: &[Binding],
    imports_time: bool,
    out: &mut Vec<Diagnostic>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let scope = if matches!(
        n.kind(),
        "function_declaration" | "method_declaration" | "func_literal"
    ) {
        (n.start_byte(), n.end_byte())
    } else {
        scope
    };
    match n.kind() {
        "call_expression" => check_call(file, n, scope, all, out),
        "composite_literal" => check_literal(file, n, scope, imports_time, out),
        _ => {}
    }
    let mut c = n.walk();
    for k in n.named_children(&mut c) {
        walk(file, k, scope, all, imports_time, out, depth + 1);
    }
}

fn check_call(
    file: &ParsedFile<'_>,
    call: Node<'_>,
    scope: (usize, usize),
    all: &[Binding],
    out: &mut Vec<Diagnostic>,
) {
    let Some(function) = call.child_by_field_name("function") else {
        return;
    };
    let callee: String = file.text(function).split_whitespace().collect();
    if !surely_http(&callee) {
        return;
    }
    if callee == "http.DefaultClient.Do" {
        let req = call
            .child_by_field_name("arguments")
            .and_then(|a| a.named_child(0))
            .map(|r| file.text(r))
            .unwrap_or("");
        if request_has_context(file, scope, all, req) {
            return;
        }
    }
    let message = format!(
        "`{callee}` uses http.DefaultClient, which has no timeout, so a hung server blocks this goroutine forever; use an `&http.Client{{Timeout: ...}}` or a request from `http.NewRequestWithContext` with a deadline"
    );
    out.push(chan_facts::diagnostic(&META, file.span(call), message));
}

/// Whether `req` was made with `http.NewRequestWithContext` from a real context (or
/// given one later with `req.WithContext`).
fn request_has_context(
    file: &ParsedFile<'_>,
    scope: (usize, usize),
    all: &[Binding],
    req: &str,
) -> bool {
    if req.is_empty() {
        return false;
    }
    let made_with_context = all.iter().any(|b| {
        b.scope == scope
            && b.names.first().is_some_and(|n| n == req)
            && ((b.callee == "http.NewRequestWithContext"
                && b.args
                    .first()
                    .is_some_and(|ctx| ctx != "context.Background()" && ctx != "context.TODO()"))
                || b.callee == format!("{req}.WithContext"))
    });
    let scope_text = file.source.get(scope.0..scope.1).unwrap_or("");
    made_with_context || scope_text.contains(&format!("{req}.WithContext("))
}

fn check_literal(
    file: &ParsedFile<'_>,
    lit: Node<'_>,
    scope: (usize, usize),
    imports_time: bool,
    out: &mut Vec<Diagnostic>,
) {
    let is_client = lit
        .child_by_field_name("type")
        .is_some_and(|t| file.text(t).split_whitespace().collect::<String>() == "http.Client");
    let Some(body) = lit.child_by_field_name("body") else {
        return;
    };
    if !is_client {
        return;
    }
    let mut c = body.walk();
    let has_timeout = body.named_children(&mut c).any(|e| {
        e.kind() == "keyed_element"
            && e.child_by_field_name("key")
                .is_some_and(|k| file.text(k).trim() == "Timeout")
    });
    if has_timeout {
        return;
    }
    // `c := &http.Client{}` followed by `c.Timeout = ...`.
    if let Some(var) = bound_name(file, lit) {
        let scope_text = file.source.get(lit.end_byte()..scope.1).unwrap_or("");
        let assigned: String = format!("{var}.Timeout=");
        let compact: String = scope_text.split_whitespace().collect();
        if compact.contains(&assigned) {
            return;
        }
    }
    let message = "this `http.Client` has no `Timeout`, so a hung server blocks the calling goroutine forever; set `Timeout: 10 * time.Second` (or what suits the call)".to_owned();
    let mut d = chan_facts::diagnostic(&META, file.span(lit), message);
    if imports_time && body.named_child_count() == 0 {
        d.fix = Some(Fix {
            title: "set a 10 second timeout".to_owned(),
            edits: vec![TextEdit {
                start_byte: body.start_byte(),
                end_byte: body.end_byte(),
                replacement: "{Timeout: 10 * time.Second}".to_owned(),
            }],
        });
    }
    out.push(d);
}

/// The variable a literal (or `&literal`) is declared into, if any.
fn bound_name<'s>(file: &ParsedFile<'s>, lit: Node<'_>) -> Option<&'s str> {
    let mut top = lit;
    if let Some(p) = top.parent().filter(|p| p.kind() == "unary_expression") {
        top = p;
    }
    let list = top.parent().filter(|p| p.kind() == "expression_list")?;
    let stmt = list.parent()?;
    let left = match stmt.kind() {
        "short_var_declaration" | "assignment_statement" => stmt.child_by_field_name("left")?,
        _ => return None,
    };
    let name = left.named_child(0)?;
    (name.kind() == "identifier").then(|| file.source.get(name.byte_range()).unwrap_or(""))
}
