//! HTTP calls through a client that has no timeout.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{resource_facts, ResourceFacts};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};

pub struct HttpClientWithoutTimeout;

static META: RuleMeta = RuleMeta {
    id: "http-client-without-timeout",
    severity: Severity::Warning,
    summary: "an HTTP call through a client without a timeout (http.Get, http.DefaultClient, http.Client{}) can block forever on a hung server; set Client.Timeout or use a request context with a deadline",
};

impl Rule for HttpClientWithoutTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = resource_facts(file);
        for call in &facts.resources.default_client_calls {
            if call.callee == "http.DefaultClient.Do"
                && request_has_context(file, &facts.resources, call.scope, &call.first_arg)
            {
                continue;
            }
            let message = format!(
                "`{}` uses http.DefaultClient, which has no timeout, so a hung server blocks this goroutine forever; use an `&http.Client{{Timeout: ...}}` or a request from `http.NewRequestWithContext` with a deadline",
                call.callee
            );
            out.push(META.diagnostic(call.span, message));
        }
        let imports_time = file.source.contains("\"time\"");
        for lit in &facts.resources.client_literals {
            if lit.has_timeout || lit.timeout_assigned_later {
                continue;
            }
            let message = "this `http.Client` has no `Timeout`, so a hung server blocks the calling goroutine forever; set `Timeout: 10 * time.Second` (or what suits the call)".to_owned();
            let mut d = META.diagnostic(lit.span, message);
            if let (true, Some((start, end))) = (imports_time, lit.empty_body) {
                d.fix = Some(Fix {
                    title: "set a 10 second timeout".to_owned(),
                    edits: vec![TextEdit {
                        start_byte: start,
                        end_byte: end,
                        replacement: "{Timeout: 10 * time.Second}".to_owned(),
                    }],
                });
            }
            out.push(d);
        }
    }
}

/// Whether `req` was made with `http.NewRequestWithContext` from a real context (or
/// given one later with `req.WithContext`).
fn request_has_context(
    file: &ParsedFile<'_>,
    facts: &ResourceFacts,
    scope: (usize, usize),
    req: &str,
) -> bool {
    if req.is_empty() {
        return false;
    }
    let made_with_context = facts.bindings.iter().any(|b| {
        b.scope == scope
            && b.names.first().is_some_and(|n| n == req)
            && b.callee == "http.NewRequestWithContext"
            && b.args
                .first()
                .is_some_and(|ctx| ctx != "context.Background()" && ctx != "context.TODO()")
    });
    let scope_text = file.source.get(scope.0..scope.1).unwrap_or("");
    made_with_context || scope_text.contains(&format!("{req}.WithContext("))
}
