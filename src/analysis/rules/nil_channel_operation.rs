//! Send, receive or range on a channel variable that is never `make`d.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{self, FuncFacts, OpKind};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct NilChannelOperation;

static META: RuleMeta = RuleMeta {
    id: "nil-channel-operation",
    severity: Severity::Error,
    summary: "a send, receive or range on a channel declared with `var` and never made blocks forever; initialise it with make(chan T)",
};

impl Rule for NilChannelOperation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let all = chan_facts::file_facts(file);
        let package_nils = package_nil_channels(file);
        // A package-level channel assigned anywhere in the file is not nil for sure.
        let assigned_anywhere = |name: &str| {
            all.funcs.iter().any(|f| {
                f.assigned.iter().any(|a| a == name) || f.makes.iter().any(|m| m.chan == name)
            })
        };
        for facts in all.funcs.iter() {
            let mut nils: Vec<(&str, &str)> = facts
                .nil_decls
                .iter()
                .filter(|d| !never_nil_locally(facts, &d.chan))
                .map(|d| (d.chan.as_str(), d.chan_type.as_str()))
                .collect();
            for (name, ty) in &package_nils {
                let shadowed = facts.nil_decls.iter().any(|d| d.chan == *name)
                    || facts.params.iter().any(|p| p == name);
                if !shadowed && !assigned_anywhere(name) {
                    nils.push((name, ty));
                }
            }
            for (name, ty) in nils {
                for op in facts.ops_of(name) {
                    let what = match op.kind {
                        OpKind::Send => "sending on",
                        OpKind::Recv => "receiving from",
                        OpKind::Range => "ranging over",
                        OpKind::Close { .. } => continue,
                    };
                    // A nil channel in a select case disables that case on purpose.
                    if op.case.is_some() {
                        continue;
                    }
                    let message = format!(
                        "{what} `{name}` blocks forever because it is a nil channel (declared, never made); initialise it with `{name} = make({ty})`"
                    );
                    chan_facts::push_once(out, META.diagnostic(op.span, message));
                }
            }
        }
    }
}

fn never_nil_locally(facts: &FuncFacts, name: &str) -> bool {
    facts.makes.iter().any(|m| m.chan == name)
        || facts.assigned.iter().any(|a| a == name)
        || facts.params.iter().any(|p| p == name)
}

/// `var name chan T` at package level, without a value.
fn package_nil_channels<'s>(file: &ParsedFile<'s>) -> Vec<(&'s str, &'s str)> {
    let mut out = Vec::new();
    let root = file.tree.root_node();
    let mut c = root.walk();
    for decl in root.named_children(&mut c) {
        if decl.kind() != "var_declaration" {
            continue;
        }
        let mut stack = vec![decl];
        while let Some(n) = stack.pop() {
            if n.kind() == "var_spec" {
                let ty = n.child_by_field_name("type");
                if n.child_by_field_name("value").is_some() {
                    continue;
                }
                let Some(ty) = ty.filter(|t| t.kind() == "channel_type") else {
                    continue;
                };
                let mut c2 = n.walk();
                for name in n.children_by_field_name("name", &mut c2) {
                    let text = file.source.get(name.byte_range()).unwrap_or("");
                    let ty_text = file.source.get(ty.byte_range()).unwrap_or("");
                    out.push((text, ty_text));
                }
            } else {
                let mut c2 = n.walk();
                stack.extend(n.named_children(&mut c2));
            }
        }
    }
    out
}
