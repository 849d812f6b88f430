//! Facts per file, recomputed per top-level declaration: a declaration whose text is
//! unchanged keeps its facts, shifted to where it now sits.

use super::*;

pub(super) struct Cached {
    pub(super) source: String,
    pub(super) facts: Rc<FileFacts>,
    pub(super) pieces: Vec<Piece>,
}

/// What one function declaration contributed to [`FileFacts`], and what it read.
pub(super) struct Piece {
    pub(super) kind_id: u16,
    pub(super) range: (usize, usize),
    pub(super) func: usize,
    pub(super) bindings: Range<usize>,
    pub(super) default_client_calls: Range<usize>,
    pub(super) client_literals: Range<usize>,
    /// Other declarations looked up by name (`go worker(ch)` walks `worker`'s body).
    pub(super) callees: Vec<(String, Option<(usize, usize)>)>,
}

/// Everything the rules of this module need, from one walk of the tree.
#[derive(Debug, Default)]
pub struct FileFacts {
    /// One entry per function and method declared in the file.
    pub funcs: Vec<FuncFacts>,
    pub resources: ResourceFacts,
}

/// The facts of the file, rebuilt only where the text changed since the last call on this
/// thread.
pub fn file_facts(file: &ParsedFile<'_>) -> Rc<FileFacts> {
    FACTS_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(hit) = cache.as_ref().filter(|c| c.source == file.source) {
            return Rc::clone(&hit.facts);
        }
        let previous = cache.take();
        let (facts, pieces) = compute_file_facts(file, previous.as_ref());
        let facts = Rc::new(facts);
        *cache = Some(Cached {
            source: file.source.to_owned(),
            facts: Rc::clone(&facts),
            pieces,
        });
        facts
    })
}

/// Facts of every top-level function, each reused from `previous` (moved) when the edit
/// since left it and the functions it read untouched, else built by a walk.
pub(super) fn compute_file_facts(
    file: &ParsedFile<'_>,
    previous: Option<&Cached>,
) -> (FileFacts, Vec<Piece>) {
    let root = file.tree.root_node();
    let mut decls: HashMap<&str, Node<'_>> = HashMap::new();
    let mut cursor = root.walk();
    let top: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
    for n in &top {
        if n.kind() == "function_declaration" {
            if let Some(name) = n.field("name") {
                decls.insert(file.text(name), *n);
            }
        }
    }
    // Old pieces the edit left alone, by where they are now.
    let reusable = previous.map_or_else(HashMap::new, |old| {
        incremental::reusable(&old.source, file.source, &old.pieces, |p| p.range)
    });
    let still_resolves = |callees: &[(String, Option<(usize, usize)>)], shift: &Shift| {
        callees.iter().all(|(name, old_range)| {
            let now = decls
                .get(name.as_str())
                .map(|d| (d.start_byte(), d.end_byte()));
            match old_range {
                Some(r) => shift.keeps(*r) && now == Some(shift.range(*r)),
                None => now.is_none(),
            }
        })
    };
    let mut out = FileFacts::default();
    let mut pieces = Vec::new();
    for n in top {
        let body = match n.field("body") {
            Some(b) if matches!(n.kind(), "function_declaration" | "method_declaration") => b,
            _ => {
                // Package-level declarations: only resources live here.
                collect_resources(file, n, &mut out.resources);
                continue;
            }
        };
        let range = (n.start_byte(), n.end_byte());
        let marks = (
            out.resources.bindings.len(),
            out.resources.default_client_calls.len(),
            out.resources.client_literals.len(),
        );
        let old = previous.and_then(|prev| {
            let (piece, shift) = reusable.get(&range).filter(|(piece, shift)| {
                piece.kind_id == n.kind_id()
                    && !n.has_error()
                    && still_resolves(&piece.callees, shift)
            })?;
            Some((*piece, &prev.facts, shift))
        });
        let callees = match old {
            Some((piece, facts, shift)) => {
                out.funcs.push(facts.funcs[piece.func].moved(shift));
                let res = &facts.resources;
                let moved = |b: &Binding| b.moved(shift);
                out.resources
                    .bindings
                    .extend(res.bindings[piece.bindings.clone()].iter().map(moved));
                out.resources.default_client_calls.extend(
                    res.default_client_calls[piece.default_client_calls.clone()]
                        .iter()
                        .map(|c| c.moved(shift)),
                );
                out.resources.client_literals.extend(
                    res.client_literals[piece.client_literals.clone()]
                        .iter()
                        .map(|c| c.moved(shift)),
                );
                piece
                    .callees
                    .iter()
                    .map(|(name, r)| (name.clone(), r.map(|r| shift.range(r))))
                    .collect()
            }
            None => walk_function(file, &decls, n, body, &mut out),
        };
        pieces.push(Piece {
            kind_id: n.kind_id(),
            range,
            func: out.funcs.len() - 1,
            bindings: marks.0..out.resources.bindings.len(),
            default_client_calls: marks.1..out.resources.default_client_calls.len(),
            client_literals: marks.2..out.resources.client_literals.len(),
            callees,
        });
    }
    (out, pieces)
}

/// Walks one function declaration into `out`; returns the declarations it looked up.
pub(super) fn walk_function<'f>(
    file: &'f ParsedFile<'_>,
    decls: &'f HashMap<&'f str, Node<'f>>,
    n: Node<'f>,
    body: Node<'f>,
    out: &mut FileFacts,
) -> Vec<(String, Option<(usize, usize)>)> {
    let mut w = Walker {
        file,
        decls,
        resources: std::mem::take(&mut out.resources),
        scopes: vec![(n.start_byte(), n.end_byte())],
        cursor: n.walk(),
        facts: FuncFacts {
            name: n
                .field("name")
                .map(|x| file.text(x).to_owned())
                .unwrap_or_default(),
            span: Some(file.span(n)),
            body_start: body.start_byte(),
            ..FuncFacts::default()
        },
        ctx: 0,
        loops: Vec::new(),
        breakables: Vec::new(),
        case: None,
        aliases: Vec::new(),
        ok_guards: 0,
        ok_names: Vec::new(),
        inline_literal: 0,
        depth: 0,
        named_depth: 0,
        callees: Vec::new(),
    };
    w.facts.contexts.push(Context {
        kind: ContextKind::Body,
        parent: None,
        start: None,
        multiplicity: Count::Exact(1),
        named: false,
        start_loops: Vec::new(),
    });
    if let Some(r) = n.field("receiver") {
        w.declare_params(r);
    }
    if let Some(p) = n.field("parameters") {
        w.declare_params(p);
    }
    w.walk(body);
    out.resources = w.resources;
    out.funcs.push(w.facts);
    w.callees
}

impl FuncFacts {
    /// These facts with every position moved by `shift` (all fields listed, so a new
    /// field cannot be forgotten).
    pub(super) fn moved(&self, shift: &Shift) -> FuncFacts {
        let span = |s: &mut Span| *s = shift.span(*s);
        let mut f = self.clone();
        let FuncFacts {
            name: _,
            span: own_span,
            contexts,
            loops,
            selects,
            ops,
            exits,
            makes,
            nil_decls,
            assigned: _,
            other_uses: _,
            params: _,
            waits,
            empty_selects,
            body_start,
        } = &mut f;
        own_span.iter_mut().for_each(span);
        contexts
            .iter_mut()
            .flat_map(|c| &mut c.start)
            .for_each(span);
        loops.iter_mut().for_each(|l| span(&mut l.span));
        for s in selects {
            span(&mut s.span);
            s.cases.iter_mut().for_each(|c| span(&mut c.span));
        }
        ops.iter_mut().for_each(|o| span(&mut o.span));
        exits.iter_mut().for_each(|e| span(&mut e.span));
        for m in makes {
            span(&mut m.span);
            m.insert_capacity_at = m.insert_capacity_at.map(|b| shift.byte(b));
        }
        nil_decls.iter_mut().for_each(|d| span(&mut d.span));
        waits.iter_mut().for_each(|w| w.1 = shift.byte(w.1));
        empty_selects.iter_mut().for_each(|e| span(&mut e.1));
        *body_start = shift.byte(*body_start);
        f
    }
}
