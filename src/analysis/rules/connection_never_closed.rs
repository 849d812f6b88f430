//! A connection, client or file opened and never closed.

use super::response_body_not_closed::close_fix;
use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{never_closes, resource_facts, uses_of, UseKind};
use crate::analysis::{Diagnostic, Options, ParsedFile, Severity};

pub struct ConnectionNeverClosed;

static META: RuleMeta = RuleMeta {
    id: "connection-never-closed",
    severity: Severity::Error,
    summary: "a connection, client or file that is opened and never closed (nor returned or stored) leaks; add `defer x.Close()` after the error check",
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
    }
}
