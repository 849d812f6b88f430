//! Small readers of tree shapes the builder asks about: counted loops, constant values,
//! receive operands, terminating statements.

use super::*;

/// `make(map[K]V...)` or `map[K]V{...}`.
pub(super) fn is_map_value(file: &ParsedFile<'_>, value: Node<'_>) -> bool {
    match value.kind() {
        "composite_literal" => value.field("type").is_some_and(|t| t.kind() == "map_type"),
        "call_expression" => {
            value
                .field("function")
                .is_some_and(|f| file.text(f) == "make")
                && value
                    .field("arguments")
                    .and_then(|a| a.named_child(0))
                    .is_some_and(|t| t.kind() == "map_type")
        }
        _ => false,
    }
}

/// The operand of `<-x` in a receive statement (`v := <-x`, `<-x`).
pub(super) fn received_operand(comm: Node<'_>) -> Option<Node<'_>> {
    if comm.kind() != "receive_statement" {
        return None;
    }
    let expr = comm.field("right")?;
    if expr.kind() == "unary_expression" {
        expr.field("operand")
    } else {
        None
    }
}

/// `for i := 0; i < N; i++` with a constant N: N iterations.
pub(super) fn counted_loop(
    file: &ParsedFile<'_>,
    clause: Node<'_>,
    consts: &BTreeMap<String, i128>,
) -> Option<i128> {
    let init = clause.field("initializer")?;
    let cond = clause.field("condition")?;
    let update = clause.field("update")?;
    let var = init.field("left")?.named_child(0)?;
    let var = file.text(var);
    let start = const_value(file, init.field("right")?.named_child(0)?, consts)?;
    if cond.kind() != "binary_expression"
        || file.text(cond.field("left")?) != var
        || compact(file, update) != format!("{var}++")
    {
        return None;
    }
    let bound = const_value(file, cond.field("right")?, consts)?;
    match file.text(cond.field("operator")?) {
        "<" => Some((bound - start).max(0)),
        "<=" => Some((bound - start + 1).max(0)),
        _ => None,
    }
}

pub(super) fn is_terminating(callee: &str) -> bool {
    matches!(callee, "panic" | "os.Exit" | "runtime.Goexit")
        || callee.starts_with("log.Fatal")
        || callee.starts_with("log.Panic")
}

pub(super) fn call_fact(file: &ParsedFile<'_>, call: Node<'_>, stmt_end: usize) -> Option<Call> {
    let function = call.field("function")?;
    let callee = compact(file, function);
    let (receiver, method) = match callee.rsplit_once('.') {
        Some((r, m)) => (r.to_owned(), m.to_owned()),
        None => (String::new(), callee.clone()),
    };
    let args = call
        .field("arguments")
        .map(|a| {
            named_children(a)
                .into_iter()
                .map(|x| compact(file, x))
                .collect()
        })
        .unwrap_or_default();
    Some(Call {
        callee,
        receiver,
        method,
        args,
        start: call.start_byte(),
        end: call.end_byte(),
        stmt_end,
    })
}

/// Value of a constant integer expression (literals, known consts, + - * / << >> and parens).
pub fn const_value(
    file: &ParsedFile<'_>,
    node: Node<'_>,
    consts: &BTreeMap<String, i128>,
) -> Option<i128> {
    match node.kind() {
        "int_literal" => {
            let t: String = file.text(node).chars().filter(|&c| c != '_').collect();
            let lower = t.to_ascii_lowercase();
            if let Some(h) = lower.strip_prefix("0x") {
                i128::from_str_radix(h, 16).ok()
            } else if let Some(b) = lower.strip_prefix("0b") {
                i128::from_str_radix(b, 2).ok()
            } else if let Some(o) = lower.strip_prefix("0o") {
                i128::from_str_radix(o, 8).ok()
            } else if lower.len() > 1 && lower.starts_with('0') {
                i128::from_str_radix(&lower[1..], 8).ok()
            } else {
                lower.parse().ok()
            }
        }
        "identifier" => consts.get(file.text(node)).copied(),
        "parenthesized_expression" => const_value(file, node.named_child(0)?, consts),
        "binary_expression" => {
            let a = const_value(file, node.field("left")?, consts)?;
            let b = const_value(file, node.field("right")?, consts)?;
            let op = node.field("operator")?;
            match file.text(op) {
                "+" => a.checked_add(b),
                "-" => a.checked_sub(b),
                "*" => a.checked_mul(b),
                "/" if b != 0 => Some(a / b),
                "<<" if (0..64).contains(&b) => a.checked_mul(1i128 << b),
                ">>" if (0..64).contains(&b) => Some(a >> b),
                _ => None,
            }
        }
        _ => None,
    }
}
