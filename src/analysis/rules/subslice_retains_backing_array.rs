//! `subslice-retains-backing-array`: a small sub-slice or substring of a big buffer kept
//! in a long-lived place, which keeps the whole buffer alive.

use super::{Rule, RuleMeta};
use crate::analysis::cst::FieldExt;
use crate::analysis::sync_facts::{self as sf, FileFacts, FuncFact};
use crate::analysis::{Diagnostic, Fix, GoVersion, Options, ParsedFile, Severity, TextEdit};
use tree_sitter::Node;

pub struct SubsliceRetainsBackingArray;

static META: RuleMeta = RuleMeta {
    id: "subslice-retains-backing-array",
    severity: Severity::Warning,
    summary: "A sub-slice or substring of a parameter or large buffer is kept in a long-lived place (or returned as a small header), pinning the whole backing array; store a copy (`bytes.Clone`, `strings.Clone`, `slices.Clone`).",
};

/// Function names that promise a small piece of their input.
const HEADER_WORDS: &[&str] = &[
    "header", "head", "prefix", "magic", "first", "peek", "preview", "sig", "tag", "token", "key",
    "id", "type", "kind",
];

/// A `make([]byte, N)` at least this big counts as a large buffer.
const LARGE_BUFFER: i128 = 4096;

impl Rule for SubsliceRetainsBackingArray {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let root = file.tree.root_node();
        for &(start, end) in &facts.slice_exprs {
            let Some(node) = root
                .descendant_for_byte_range(start, end)
                .filter(|n| n.kind() == "slice_expression")
            else {
                continue;
            };
            if let Some(d) = check_slice(file, &facts, node, options.go_version) {
                out.push(d);
            }
        }
    }
}

/// Where the sliced value comes from, with its type text.
fn source_type(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    func: usize,
    name: &str,
    at: usize,
) -> Option<String> {
    // A parameter of this function or of an enclosing one.
    let mut f = Some(func);
    while let Some(i) = f {
        let fact = &facts.funcs[i];
        if let Some(p) = fact.params.iter().find(|p| p.name == name) {
            let ty = p.ty.clone();
            return (ty == "string" || ty.starts_with("[]")).then_some(ty);
        }
        f = fact.parent;
    }
    // A large buffer made or read in this function.
    let b = facts
        .bindings
        .iter()
        .filter(|b| {
            b.func == Some(func)
                && b.start < at
                && b.names.first().map(String::as_str) == Some(name)
        })
        .max_by_key(|b| b.start)?;
    match b.call.callee.as_str() {
        "os.ReadFile" | "io.ReadAll" => Some("[]byte".to_owned()),
        "make" if b.call.args.len() >= 2 && b.call.args[0].starts_with("[]") => {
            let size = size_of_arg(file, &b.call.args[1], facts)?;
            (size >= LARGE_BUFFER).then(|| b.call.args[0].clone())
        }
        _ => None,
    }
}

fn size_of_arg(_file: &ParsedFile<'_>, arg: &str, facts: &FileFacts) -> Option<i128> {
    let t: String = arg.chars().filter(|c| *c != '_').collect();
    if let Ok(n) = t.parse::<i128>() {
        return Some(n);
    }
    if let Some((a, b)) = t.split_once("<<") {
        let a = a
            .parse::<i128>()
            .ok()
            .or_else(|| facts.consts.get(a).copied())?;
        let b = b.parse::<u32>().ok().filter(|b| *b < 64)?;
        return a.checked_mul(1i128 << b);
    }
    if let Some((a, b)) = t.split_once('*') {
        let a = a
            .parse::<i128>()
            .ok()
            .or_else(|| facts.consts.get(a).copied())?;
        let b = b
            .parse::<i128>()
            .ok()
            .or_else(|| facts.consts.get(b).copied())?;
        return a.checked_mul(b);
    }
    facts.consts.get(&t).copied()
}

/// A long-lived assignment target: a package variable, an element of one, or a field of
/// the method's receiver or of a package variable.
fn long_lived_target(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    func: &FuncFact,
    target: Node<'_>,
) -> Option<String> {
    let text = sf::compact(file, target);
    let root = text.split(['.', '[']).next().unwrap_or("");
    let receiver = func.receiver.as_ref().map(|(n, _)| n.as_str());
    let global = facts.package_vars.contains_key(root) && !is_local(facts, func, root);
    match target.kind() {
        "identifier" if global => Some(format!("the package variable `{text}`")),
        "index_expression" if global => Some(format!("the package-level `{root}`")),
        "selector_expression" if global || Some(root) == receiver => {
            Some(format!("the long-lived field `{text}`"))
        }
        _ => None,
    }
}

fn is_local(facts: &FileFacts, func: &FuncFact, name: &str) -> bool {
    func.params.iter().any(|p| p.name == name)
        || facts.idents.iter().any(|u| {
            u.name == name
                && u.kind == sf::UseKind::Declared
                && func.contains(u.start)
                && u.func.is_some()
        })
}

fn check_slice(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    slice: Node<'_>,
    version: GoVersion,
) -> Option<Diagnostic> {
    let operand = slice.field("operand")?;
    if operand.kind() != "identifier" {
        return None;
    }
    let name = file.text(operand);
    let func_index = facts.func_at(slice.start_byte())?;
    let func = &facts.funcs[func_index];
    let ty = source_type(file, facts, func_index, name, slice.start_byte())?;

    // Where the sub-slice goes.
    let mut value = slice;
    let mut parent = slice.parent()?;
    if parent.kind() == "argument_list" {
        // append(global, b[:n]) assigned back to the global.
        let call = parent.parent()?;
        let callee = call.field("function")?;
        if file.text(callee) != "append" {
            return None;
        }
        value = call;
        parent = call.parent()?;
    }
    if parent.kind() != "expression_list" {
        return None;
    }
    let stmt = parent.parent()?;
    let place = match stmt.kind() {
        "assignment_statement" => {
            if stmt.field("right").map(|r| r.id()) != Some(parent.id()) {
                return None;
            }
            let position = {
                let mut cursor = parent.walk();
                let index = parent
                    .named_children(&mut cursor)
                    .position(|c| c.id() == value.id());
                index?
            };
            let left = stmt.field("left")?;
            let mut cursor = left.walk();
            let target = left.named_children(&mut cursor).nth(position)?;
            long_lived_target(file, facts, func, target)?
        }
        "return_statement" if value.id() == slice.id() => {
            let is_param = func.params.iter().any(|p| p.name == name);
            let lower = func.name.to_ascii_lowercase();
            let headerish = HEADER_WORDS.iter().any(|w| lower.contains(w));
            if !is_param || !headerish || func.kind != sf::FuncKind::Declared {
                return None;
            }
            format!(
                "the result of `{}`, a small piece of the caller's buffer",
                func.name
            )
        }
        _ => return None,
    };

    let text = file.text(slice);
    let (clone, fix_text) = clone_advice(facts, &ty, text, version);
    let mut d = META.diagnostic_in(file, META.severity,
        (slice.start_byte(), slice.end_byte()),
        format!("`{text}` shares the backing array of `{name}`, so keeping it in {place} keeps all of `{name}` alive; store a copy with {clone}"),
    );
    d.fix = Some(Fix {
        title: "Store a copy".to_owned(),
        edits: vec![TextEdit {
            start_byte: slice.start_byte(),
            end_byte: slice.end_byte(),
            replacement: fix_text,
        }],
    });
    Some(d)
}

/// The advice for the message and a replacement that compiles with the file's imports.
fn clone_advice(facts: &FileFacts, ty: &str, text: &str, version: GoVersion) -> (String, String) {
    let portable = if ty == "string" {
        format!("string([]byte({text}))")
    } else {
        format!("append({ty}(nil), {text}...)")
    };
    let modern = match ty {
        "string" if version.minor >= 20 => Some(("strings", format!("strings.Clone({text})"))),
        "[]byte" if version.minor >= 20 => Some(("bytes", format!("bytes.Clone({text})"))),
        _ if ty != "string" && version.minor >= 21 => {
            Some(("slices", format!("slices.Clone({text})")))
        }
        _ => None,
    };
    match modern {
        Some((package, call)) => {
            let fix = if facts.imports(package) {
                call.clone()
            } else {
                portable
            };
            (format!("`{call}`"), fix)
        }
        None => (
            format!("`{portable}` (Go {version} has no Clone helper)"),
            portable,
        ),
    }
}
