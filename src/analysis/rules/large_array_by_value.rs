//! `large-array-by-value`: a big array type copied by value into each call or goroutine.

use super::{Rule, RuleMeta};
use crate::analysis::cst::FieldExt;
use crate::analysis::sync_facts::{self as sf, FileFacts};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};
use tree_sitter::Node;

pub struct LargeArrayByValue;

static META: RuleMeta = RuleMeta {
    id: "large-array-by-value",
    severity: Severity::Warning,
    summary: "An array of 64 KiB or more is passed or ranged by value, copying all of it per call, goroutine or iteration; pass a pointer (`*[N]T`) or a slice.",
};

const THRESHOLD: i128 = 64 * 1024;

/// Size in bytes of a type, when it is known from the type text alone.
fn type_size(file: &ParsedFile<'_>, facts: &FileFacts, ty: Node<'_>) -> Option<i128> {
    match ty.kind() {
        "type_identifier" => match file.text(ty) {
            "byte" | "uint8" | "int8" | "bool" => Some(1),
            "int16" | "uint16" => Some(2),
            "int32" | "uint32" | "rune" | "float32" => Some(4),
            "int" | "uint" | "int64" | "uint64" | "float64" | "uintptr" | "complex64" => Some(8),
            "complex128" | "string" => Some(16),
            _ => None,
        },
        "pointer_type" | "map_type" | "channel_type" | "function_type" => Some(8),
        "slice_type" => Some(24),
        "array_type" => {
            let len = sf::const_value(file, ty.field("length")?, &facts.consts)?;
            let elem = type_size(file, facts, ty.field("element")?)?;
            len.checked_mul(elem)
        }
        "parenthesized_type" => type_size(file, facts, ty.named_child(0)?),
        _ => None,
    }
}

/// File-level `type Name [N]T` declarations (following `type A B` a few levels), so a
/// parameter of a named array type is sized like the array itself.
fn named_array_types<'t>(file: &ParsedFile<'_>, root: Node<'t>) -> Vec<(String, Node<'t>)> {
    let mut specs: Vec<(String, Node<'t>)> = Vec::new();
    let mut cursor = root.walk();
    for decl in root
        .named_children(&mut cursor)
        .filter(|d| d.kind() == "type_declaration")
    {
        let mut c = decl.walk();
        for spec in decl
            .named_children(&mut c)
            .filter(|s| s.kind() == "type_spec")
        {
            if let (Some(name), Some(ty)) = (
                spec.child_by_field_name("name"),
                spec.child_by_field_name("type"),
            ) {
                specs.push((file.text(name).to_owned(), ty));
            }
        }
    }
    let mut out = Vec::new();
    for (name, ty) in &specs {
        let mut ty = *ty;
        for _ in 0..4 {
            if ty.kind() != "type_identifier" {
                break;
            }
            match specs.iter().find(|(n, _)| n == file.text(ty)) {
                Some((_, next)) => ty = *next,
                None => break,
            }
        }
        if ty.kind() == "array_type" {
            out.push((name.clone(), ty));
        }
    }
    out
}

fn human(bytes: i128) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

impl Rule for LargeArrayByValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let root = file.tree.root_node();
        let node_at = |(start, end): (usize, usize), kind: &str| {
            root.descendant_for_byte_range(start, end)
                .filter(|n| n.kind() == kind && n.start_byte() == start && n.end_byte() == end)
        };
        let named = named_array_types(file, root);
        let mut reported_decls = Vec::new();
        for param in facts.funcs.iter().flat_map(|f| f.params.iter()) {
            if reported_decls.contains(&param.start) {
                continue;
            }
            let ty = if param.ty.starts_with('[') {
                node_at(param.ty_range, "array_type")
            } else {
                named
                    .iter()
                    .find(|(name, _)| *name == param.ty)
                    .map(|(_, ty)| *ty)
            };
            let Some(ty) = ty else {
                continue;
            };
            let Some(size) = type_size(file, &facts, ty).filter(|s| *s >= THRESHOLD) else {
                continue;
            };
            reported_decls.push(param.start);
            let t = &param.ty;
            out.push(META.diagnostic_in(file, META.severity,
                (param.start, param.end),
                format!("this parameter of type `{t}` copies {} on every call (and for every goroutine started with it); pass `*{t}` or a slice instead", human(size)),
            ));
        }
        // Declared types of names: parameters and `var x T`.
        // Names with where they are declared and their type's byte range; the type node is
        // looked up only for a name that is ranged over.
        let mut declared: Vec<(&str, usize, (usize, usize))> = Vec::new();
        for param in facts.funcs.iter().flat_map(|f| f.params.iter()) {
            declared.push((&param.name, param.start, param.ty_range));
        }
        for (name, at, range) in &facts.typed_vars {
            declared.push((name, *at, *range));
        }
        for &range in &facts.range_clauses {
            if let Some(clause) = node_at(range, "range_clause") {
                check_range(file, &facts, &declared, clause, out);
            }
        }
    }
}

/// `for _, v := range xs` where each element of `xs` is a large array: copied per iteration.
fn check_range(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    declared: &[(&str, usize, (usize, usize))],
    clause: Node<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(left) = clause.field("left") else {
        return;
    };
    let mut cursor = left.walk();
    let names: Vec<Node<'_>> = left.named_children(&mut cursor).collect();
    let [_, value] = names.as_slice() else { return };
    if file.text(*value) == "_" {
        return;
    }
    let Some(right) = clause.field("right") else {
        return;
    };
    // The nearest declaration of that name before the loop.
    let name = file.text(right);
    let Some(&(_, _, (start, end))) = declared
        .iter()
        .filter(|(n, at, _)| *n == name && *at < clause.start_byte())
        .max_by_key(|(_, at, _)| *at)
    else {
        return;
    };
    let Some(ty) = file.tree.root_node().descendant_for_byte_range(start, end) else {
        return;
    };
    if !matches!(ty.kind(), "slice_type" | "array_type") {
        return;
    }
    let Some(elem) = ty.field("element") else {
        return;
    };
    if elem.kind() != "array_type" {
        return;
    }
    let Some(size) = type_size(file, facts, elem).filter(|s| *s >= THRESHOLD) else {
        return;
    };
    let v = file.text(*value);
    out.push(META.diagnostic_in(file, META.severity,
        (value.start_byte(), value.end_byte()),
        format!("`{v}` is a copy of a {} array on every iteration; range over the index and use `&{}[i]` instead", human(size), file.text(right)),
    ));
}
