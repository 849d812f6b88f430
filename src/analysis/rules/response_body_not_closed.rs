//! An HTTP response whose body is never closed.

use super::{Rule, RuleMeta};
use crate::analysis::chan_facts::{
    after_error_check, default_client_callee, never_closes, resource_facts, uses_of, Binding,
    UseKind,
};
use crate::analysis::{Diagnostic, Fix, Options, ParsedFile, Severity, TextEdit};

pub struct ResponseBodyNotClosed;

static META: RuleMeta = RuleMeta {
    id: "response-body-not-closed",
    severity: Severity::Error,
    summary: "an HTTP response body that is never closed leaks its connection and read goroutine; add `defer resp.Body.Close()` after the error check",
};

const HTTP_METHODS: [&str; 5] = ["Do", "Get", "Post", "Head", "PostForm"];

/// `client.Get(...)` where the file declares `client` as an `*http.Client` (a literal
/// assigned to it, or a parameter/field of that type).
fn client_variable(source: &str, callee: &str) -> bool {
    let Some((receiver, method)) = callee.rsplit_once('.') else {
        return false;
    };
    let receiver = receiver.rsplit('.').next().unwrap_or(receiver);
    if !HTTP_METHODS.contains(&method) || receiver.is_empty() {
        return false;
    }
    // Whitespace is ignored around the punctuation: `c := &http.Client{`, `c=&http.Client {`,
    // `c *http.Client`. Scanning for `http.Client` beats copying the file without spaces.
    let ends_with_receiver = |before: &str| before.trim_end().ends_with(receiver);
    source.match_indices("http.Client").any(|(at, found)| {
        let before = source[..at].trim_end();
        let after = source[at + found.len()..].trim_start();
        if let Some(rest) = before.strip_suffix('*') {
            return ends_with_receiver(rest);
        }
        let Some(rest) = before.strip_suffix('&') else {
            return false;
        };
        let Some(rest) = rest.trim_end().strip_suffix('=') else {
            return false;
        };
        let rest = rest.strip_suffix(':').unwrap_or(rest);
        after.starts_with('{') && ends_with_receiver(rest)
    })
}

/// `client.Do(...)`, `c.http.Get(...)`: an HTTP call if the result is used like a response.
fn maybe_http(callee: &str) -> bool {
    callee
        .rsplit_once('.')
        .is_some_and(|(receiver, method)| HTTP_METHODS.contains(&method) && !receiver.is_empty())
}

impl Rule for ResponseBodyNotClosed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, file: &ParsedFile<'_>, _options: &Options, out: &mut Vec<Diagnostic>) {
        let facts = resource_facts(file);
        let all = &facts.resources.bindings;
        if all.is_empty() {
            return;
        }
        // The source without whitespace, built only when a call needs it.
        for b in all {
            if !b.defines || b.names.len() != 2 {
                continue;
            }
            let sure = default_client_callee(&b.callee)
                || (maybe_http(&b.callee) && client_variable(file.source, &b.callee));
            if !sure && !maybe_http(&b.callee) {
                continue;
            }
            let resp = b.names[0].as_str();
            if resp == "_" {
                if sure {
                    let message = format!(
                        "the response of `{}` is discarded, so its body can never be closed and the connection leaks; keep it and `defer resp.Body.Close()`",
                        b.callee
                    );
                    out.push(META.diagnostic(b.stmt, message));
                }
                continue;
            }
            let uses = uses_of(file, b.scope, resp, b.stmt.end_byte);
            let body_path = format!("{resp}.Body");
            let looks_like_response = uses.iter().any(|u| {
                u.path.starts_with(&body_path)
                    || u.path.starts_with(&format!("{resp}.StatusCode"))
                    || u.path.starts_with(&format!("{resp}.Header"))
            });
            if !sure && !looks_like_response {
                continue;
            }
            let closed = uses
                .iter()
                .any(|u| u.kind == UseKind::Call("Body.Close".to_owned()));
            let escapes = uses.iter().any(|u| match &u.kind {
                UseKind::Returned | UseKind::Stored | UseKind::Reassigned => u.path == resp,
                UseKind::Argument { callee, path } => {
                    path == resp || (path.starts_with(&body_path) && !never_closes(callee))
                }
                _ => false,
            });
            if closed || escapes {
                continue;
            }
            let message = format!(
                "the body of `{resp}` from `{}` is never closed, which leaks the connection and its read goroutine; add `defer {resp}.Body.Close()` after the error check",
                b.callee
            );
            let mut d = META.diagnostic(b.stmt, message);
            d.fix = close_fix(file, b, &format!("defer {resp}.Body.Close()"));
            out.push(d);
        }
    }
}

/// Inserts `statement` on its own line after the error check that follows the binding.
pub fn close_fix(file: &ParsedFile<'_>, b: &Binding, statement: &str) -> Option<Fix> {
    let (at, indent) = after_error_check(file, b)?;
    Some(Fix {
        title: format!("add `{statement}`"),
        edits: vec![TextEdit {
            start_byte: at,
            end_byte: at,
            replacement: format!("\n{indent}{statement}"),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::client_variable;

    #[test]
    fn client_variables_are_found_whatever_the_spacing() {
        let sure = [
            ("c := &http.Client{Timeout: time.Second}", "c.Get"),
            ("c = & http.Client {}", "c.Do"),
            ("func fetch(c *http.Client) {}", "c.Post"),
            ("type api struct { client  * http.Client }", "a.client.Get"),
        ];
        for (source, callee) in sure {
            assert!(client_variable(source, callee), "{source} / {callee}");
        }
        let not = [
            ("var c http.Client", "c.Get"),
            ("c := &http.Client{}", "d.Get"),
            ("c := &http.Client{}", "c.Close"),
            ("c := http.Transport{}", "c.Get"),
            ("", "c.Get"),
        ];
        for (source, callee) in not {
            assert!(!client_variable(source, callee), "{source} / {callee}");
        }
    }
}
