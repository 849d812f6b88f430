//! `map-grows-without-bound`: a long-lived map (a package variable, or a field of a shared
//! struct) that gains a key per call and never loses one: no `delete`, no `clear`, no
//! `len` check, no fresh map, so it holds every key for the life of the process.

use super::{Rule, RuleMeta};
use crate::analysis::cst::{named_children, FieldExt};
use crate::analysis::sync_facts::{self as sf, FileFacts, FuncKind, Stmt, UseKind};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};
use std::collections::{BTreeMap, BTreeSet};
use tree_sitter::Node;

pub struct MapGrowsWithoutBound;

static META: RuleMeta = RuleMeta {
    id: "map-grows-without-bound",
    severity: Severity::Warning,
    summary: "A package-level map or a field of a shared struct gains a key per call and nothing ever removes one (no `delete`, `clear`, `len` check or fresh map), so it grows for the life of the process; cap it and evict, expire entries on a TTL, or rebuild it periodically.",
};

/// Functions whose name says they fill a registry once, at start-up.
const REGISTRY_PREFIXES: &[&str] = &["Register", "register", "MustRegister", "mustRegister"];

/// Key types with few values: a map keyed by them cannot grow far.
const SMALL_KEY_TYPES: &[&str] = &["bool", "byte", "uint8", "int8"];

/// What the file does with one map.
#[derive(Default)]
struct Uses<'t> {
    /// `m[k] = v` with a key that is not a constant: the index expression and its function.
    inserts: Vec<(Node<'t>, usize)>,
    /// Something removes keys, caps the size, rebuilds the map or hands it to other code.
    bounded: bool,
    /// Looked up by key or ranged over somewhere in the file.
    read: bool,
}

impl Rule for MapGrowsWithoutBound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = sf::facts(file);
        let decls = Declarations::read(file, &facts);
        let globals: BTreeMap<&str, Uses<'_>> = facts
            .package_vars
            .iter()
            .filter(|(_, ty)| map_key_type(ty).is_some_and(|k| !decls.small_key(k)))
            .map(|(name, _)| (name.as_str(), Uses::default()))
            .collect();
        let fields: BTreeMap<&str, Uses<'_>> = decls
            .fields
            .iter()
            .filter(|(_, key)| !decls.small_key(key))
            .map(|(name, _)| (name.as_str(), Uses::default()))
            .collect();
        if globals.is_empty() && fields.is_empty() {
            return;
        }
        let globals = global_uses(file, &facts, &decls, globals);
        let fields = field_uses(file, &facts, &decls, fields);
        let targets =
            globals
                .into_iter()
                .map(|(name, uses)| (format!("the package-level `{name}`"), uses))
                .chain(fields.into_iter().map(|(name, uses)| {
                    (format!("the field `{name}` of a long-lived struct"), uses)
                }));
        for (place, uses) in targets {
            // A map nothing here reads has its readers, and likely its pruning, in
            // another file of the package.
            if uses.bounded || !uses.read {
                continue;
            }
            let mut lines = Vec::new();
            for (index, func) in uses.inserts {
                let line = sf::line_of(file, index.start_byte());
                if lines.contains(&line) || !runs_per_call(&facts, func) {
                    continue;
                }
                lines.push(line);
                let map = index.field("operand").map_or("", |o| file.text(o));
                let key = index.field("index").map_or("", |k| file.text(k));
                out.push(META.diagnostic_in(file, META.severity,
                    (index.start_byte(), index.end_byte()),
                    format!("`{map}` gets a new entry for every new `{key}` and nothing in this file ever removes one (no `delete`, `clear`, `len` check or fresh map), so {place} grows for as long as the process runs (and a Go map never shrinks); cap it with a `len` check and evict, expire entries on a TTL with `delete`, or rebuild the map periodically"),
                ));
            }
        }
    }
}

/// The key type of a map type text (`map[string]*T` → `string`), or of `make(map[..]..)`
/// and a map literal.
fn map_key_type(ty: &str) -> Option<&str> {
    let rest = ty
        .strip_prefix("make(")
        .unwrap_or(ty)
        .strip_prefix("map[")?;
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => return Some(&rest[..i]),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// What the file's top-level declarations say: map fields of shared structs, constants,
/// and the named types that have constants (enums).
#[derive(Default)]
struct Declarations {
    /// Map fields of structs that live long, by name, with their key type (empty when
    /// fields of that name disagree).
    fields: BTreeMap<String, String>,
    consts: BTreeSet<String>,
    enum_types: BTreeSet<String>,
}

impl Declarations {
    fn read(file: &ParsedFile<'_>, facts: &FileFacts) -> Self {
        let mut d = Declarations::default();
        let root = file.tree.root_node();
        for decl in named_children(root) {
            match decl.kind() {
                "const_declaration" => {
                    for spec in named_children(decl) {
                        if spec.kind() != "const_spec" {
                            continue;
                        }
                        if let Some(ty) = spec.field("type") {
                            d.enum_types.insert(sf::compact(file, ty));
                        }
                        let mut cursor = spec.walk();
                        for name in spec.children_by_field_name("name", &mut cursor) {
                            d.consts.insert(file.text(name).to_owned());
                        }
                    }
                }
                "type_declaration" => {
                    for spec in named_children(decl) {
                        d.struct_fields(file, facts, spec);
                    }
                }
                _ => {}
            }
        }
        d.consts.extend(facts.consts.keys().cloned());
        d
    }

    /// The map fields of `type T struct {...}` when T is shared: it holds a mutex, or a
    /// package variable holds a T.
    fn struct_fields(&mut self, file: &ParsedFile<'_>, facts: &FileFacts, spec: Node<'_>) {
        let (Some(name), Some(body)) = (spec.field("name"), spec.field("type")) else {
            return;
        };
        if spec.kind() != "type_spec" || body.kind() != "struct_type" {
            return;
        }
        let Some(list) = named_children(body)
            .into_iter()
            .find(|c| c.kind() == "field_declaration_list")
        else {
            return;
        };
        let name = file.text(name);
        let mut maps = Vec::new();
        let mut has_mutex = false;
        for field in named_children(list) {
            let Some(ty) = field.field("type") else {
                continue;
            };
            let ty_text = sf::compact(file, ty);
            let bare = ty_text.trim_start_matches('*');
            has_mutex |= bare == "sync.Mutex" || bare == "sync.RWMutex";
            if ty.kind() != "map_type" {
                continue;
            }
            let key = ty.field("key").map(|k| sf::compact(file, k));
            let mut cursor = field.walk();
            for n in field.children_by_field_name("name", &mut cursor) {
                maps.push((file.text(n).to_owned(), key.clone().unwrap_or_default()));
            }
        }
        let held_globally = facts.package_vars.values().any(|v| {
            has_word(v, name)
                || v.contains(&format!("New{name}("))
                || v.contains(&format!("new{name}("))
        });
        if has_mutex || held_globally {
            for (field, key) in maps {
                let known = self.fields.entry(field).or_insert_with(|| key.clone());
                if *known != key {
                    known.clear();
                }
            }
        }
    }

    fn small_key(&self, key_type: &str) -> bool {
        SMALL_KEY_TYPES.contains(&key_type) || self.enum_types.contains(key_type)
    }

    /// A key that is a literal or a declared constant.
    fn constant(&self, file: &ParsedFile<'_>, key: Node<'_>) -> bool {
        match key.kind() {
            "interpreted_string_literal"
            | "raw_string_literal"
            | "int_literal"
            | "float_literal"
            | "rune_literal"
            | "true"
            | "false"
            | "nil" => true,
            "identifier" => self.consts.contains(file.text(key)),
            _ => false,
        }
    }
}

/// `word` occurs in `text` with no identifier character on either side.
fn has_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + word.len()..].chars().next().is_some_and(ident)
    })
}

/// The insertion runs once per request or call, not in one-time set-up: not directly in
/// `main` or `init`, nor in a `Register…` function or one only `main` and `init` call.
fn runs_per_call(facts: &FileFacts, func: usize) -> bool {
    let f = &facts.funcs[func];
    if f.kind == FuncKind::Declared && f.receiver.is_none() && is_start_up(&f.name) {
        return false;
    }
    let top_index = facts.top_level(func);
    let top = &facts.funcs[top_index];
    if REGISTRY_PREFIXES.iter().any(|p| top.name.starts_with(p)) {
        return false;
    }
    if top.receiver.is_some() {
        return true;
    }
    // Called only from `main` or `init`, outside loops and not with `go`: filled once at
    // start-up.
    let (mut start_up, mut per_call) = (0, 0);
    for g in &facts.funcs {
        let in_start_up =
            g.kind == FuncKind::Declared && g.receiver.is_none() && is_start_up(&g.name);
        sf::each_stmt(&g.body, &mut |s, loops| {
            let (calls, started): (&[sf::Call], bool) = match s {
                Stmt::Go { call: Some(c), .. } => (std::slice::from_ref(c), true),
                Stmt::Simple { calls, .. }
                | Stmt::Defer { calls, .. }
                | Stmt::Return { calls, .. }
                | Stmt::If { head: calls, .. }
                | Stmt::Branches { head: calls, .. }
                | Stmt::Loop { head: calls, .. } => (calls, false),
                _ => return,
            };
            let n = calls.iter().filter(|c| c.callee == top.name).count();
            // A loop's head runs once per iteration too.
            let looped = loops > 0 || matches!(s, Stmt::Loop { .. });
            if in_start_up && !looped && !started {
                start_up += n;
            } else {
                per_call += n;
            }
        });
    }
    !(start_up > 0 && per_call == 0)
}

fn is_start_up(name: &str) -> bool {
    matches!(name, "main" | "init")
}

/// One-time set-up where assigning a fresh map is its first value, not a rebuild.
fn is_setup(facts: &FileFacts, func: Option<usize>) -> bool {
    let Some(func) = func else { return true };
    let top = &facts.funcs[facts.top_level(func)];
    let name = top.name.as_str();
    (top.receiver.is_none() && is_start_up(name))
        || name.starts_with("New")
        || name.starts_with("new")
}

/// What the file does with each package map, skipping uses shadowed by a local.
fn global_uses<'t, 'n>(
    file: &'t ParsedFile<'_>,
    facts: &FileFacts,
    decls: &Declarations,
    mut maps: BTreeMap<&'n str, Uses<'t>>,
) -> BTreeMap<&'n str, Uses<'t>> {
    let root = file.tree.root_node();
    let locals: Vec<&sf::IdentUse> = facts
        .idents
        .iter()
        .filter(|u| u.kind == UseKind::Declared && u.func.is_some())
        .filter(|u| maps.contains_key(u.name.as_str()))
        .collect();
    for u in &facts.idents {
        let Some(func) = u.func else { continue };
        let Some(uses) = maps.get_mut(u.name.as_str()) else {
            continue;
        };
        if uses.bounded || shadowed(facts, &locals, func, &u.name, u.start) {
            continue;
        }
        let Some(node) = root
            .descendant_for_byte_range(u.start, u.start + u.name.len())
            .filter(|n| n.kind() == "identifier")
        else {
            continue;
        };
        classify(file, facts, decls, node, Some(func), u.kind, uses);
    }
    maps
}

/// A parameter or local named `name` in `func` or around it, declared before `at`.
fn shadowed(
    facts: &FileFacts,
    locals: &[&sf::IdentUse],
    func: usize,
    name: &str,
    at: usize,
) -> bool {
    let mut f = Some(func);
    while let Some(i) = f {
        let fact = &facts.funcs[i];
        if fact.params.iter().any(|p| p.name == name)
            || fact.receiver.as_ref().is_some_and(|(r, _)| r == name)
        {
            return true;
        }
        f = fact.parent;
    }
    locals.iter().any(|u| {
        u.name == name && u.start <= at && u.func.is_some_and(|d| facts.is_within(func, d))
    })
}

/// What the file does with each map field: every `x.name`, whatever `x` is (a field is
/// identified by its name alone). One pass over the source for all of them.
fn field_uses<'t, 'n>(
    file: &'t ParsedFile<'_>,
    facts: &FileFacts,
    decls: &Declarations,
    mut maps: BTreeMap<&'n str, Uses<'t>>,
) -> BTreeMap<&'n str, Uses<'t>> {
    let root = file.tree.root_node();
    let source = file.source;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    for (dot, _) in source.match_indices('.') {
        let at = dot + 1;
        let rest = &source[at..];
        let len = rest.find(|c: char| !ident(c)).unwrap_or(rest.len());
        let Some(uses) = maps.get_mut(&rest[..len]) else {
            continue;
        };
        if uses.bounded {
            continue;
        }
        let Some(selector) = root
            .descendant_for_byte_range(at, at + len)
            .filter(|n| n.kind() == "field_identifier")
            .and_then(|n| n.parent())
            .filter(|p| p.kind() == "selector_expression")
        else {
            continue;
        };
        let func = facts.func_at(at);
        classify(file, facts, decls, selector, func, UseKind::Other, uses);
    }
    maps
}

/// Records what one occurrence `map` of the map does.
fn classify<'t>(
    file: &ParsedFile<'_>,
    facts: &FileFacts,
    decls: &Declarations,
    map: Node<'t>,
    func: Option<usize>,
    kind: UseKind,
    uses: &mut Uses<'t>,
) {
    let Some(parent) = map.parent() else { return };
    match parent.kind() {
        "index_expression" => {
            if parent.field("operand").map(|o| o.id()) != Some(map.id()) {
                return;
            }
            match write_kind(parent) {
                Some(true) => {
                    let key = parent.field("index");
                    if let (Some(key), Some(func)) = (key, func) {
                        if !decls.constant(file, key) {
                            uses.inserts.push((parent, func));
                        }
                    }
                }
                // `m[k]++`, `m[k] += n`: a counter, neither an insertion nor a lookup.
                Some(false) => {}
                None => uses.read = true,
            }
        }
        "argument_list" => {
            let Some(call) = parent.parent() else { return };
            let callee = call.field("function").map_or("", |f| file.text(f));
            uses.bounded |= match callee {
                // Removes entries.
                "delete" | "clear" => true,
                // A size check bounds it; `len` printed or returned does not.
                "len" => call.parent().is_some_and(|p| is_comparison(file, p)),
                "cap" => false,
                // Printing does not keep or prune it; any other callee might prune it.
                c => !(c.starts_with("fmt.") || c.starts_with("log.")),
            };
        }
        // `for k, v := range m`: reading.
        "range_clause" => uses.read = true,
        "expression_list" => {
            let stmt = parent.parent();
            let is_left = stmt.and_then(|s| s.field("left")).map(|l| l.id()) == Some(parent.id());
            uses.bounded |= if is_left || kind == UseKind::Assigned {
                // A fresh map assigned after set-up rebuilds it.
                !is_setup(facts, func)
            } else {
                // Aliased, returned or sent: other code may prune it.
                true
            };
        }
        // Any other whole-value use (returned alone, stored in a literal, compared) hands
        // it to code this rule does not follow.
        "return_statement" | "keyed_element" | "literal_element" | "send_statement" => {
            uses.bounded = true;
        }
        _ => {}
    }
}

/// How `m[k]` is written: `Some(true)` for `m[k] = v`, `Some(false)` for `m[k]++` and
/// `m[k] op= v`, `None` when it is read.
fn write_kind(index: Node<'_>) -> Option<bool> {
    let parent = index.parent()?;
    if matches!(parent.kind(), "inc_statement" | "dec_statement") {
        return Some(false);
    }
    if parent.kind() != "expression_list" {
        return None;
    }
    let stmt = parent
        .parent()
        .filter(|s| s.kind() == "assignment_statement")?;
    if stmt.field("left").map(|l| l.id()) != Some(parent.id()) {
        return None;
    }
    Some(stmt.field("operator").is_some_and(|op| op.kind() == "="))
}

fn is_comparison(file: &ParsedFile<'_>, node: Node<'_>) -> bool {
    node.kind() == "binary_expression"
        && node
            .field("operator")
            .is_some_and(|op| matches!(file.text(op), "<" | "<=" | ">" | ">=" | "==" | "!="))
}

#[cfg(test)]
mod tests {
    use super::{has_word, map_key_type};

    #[test]
    fn key_types_are_read_from_types_makes_and_literals() {
        assert_eq!(map_key_type("map[string]*session"), Some("string"));
        assert_eq!(map_key_type("make(map[[16]byte][]int)"), Some("[16]byte"));
        assert_eq!(map_key_type("map[Kind]int{}"), Some("Kind"));
        assert_eq!(map_key_type("[]string"), None);
        assert_eq!(map_key_type("map[string"), None);
    }

    #[test]
    fn words_are_whole_identifiers() {
        assert!(has_word("*Server", "Server"));
        assert!(has_word("&Server{}", "Server"));
        assert!(!has_word("NewServer()", "Server"));
        assert!(!has_word("*Servers", "Server"));
    }
}
