//! The checker across the worker boundary: the page posts the editor's text, the worker
//! checks it and answers with the report and the highlighting of that same text. The page
//! carries no parser (its wasm stays small); only these plain types cross, as JSON.

use super::highlight::{Token, TokenClass};
use super::{GoVersion, Options, Report};
use serde::{Deserialize, Serialize};

/// Page → worker: check this text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckRequest {
    /// Echoed in the reply, so the page can tell which text a report belongs to.
    pub id: u64,
    pub code: String,
    pub go_version: GoVersion,
}

/// Worker → page: what the editor shows for the request's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckReply {
    pub id: u64,
    pub report: Report,
    pub tokens: Vec<WireToken>,
    /// How long the check took in the worker.
    pub check_ms: f64,
}

/// A highlighted range as a 3-element array (`[12,16,"kw"]`): a 300-line file has a few
/// thousand, sent on every keystroke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireToken(pub usize, pub usize, pub TokenClass);

impl From<Token> for WireToken {
    fn from(t: Token) -> Self {
        WireToken(t.start_byte, t.end_byte, t.class)
    }
}

impl From<WireToken> for Token {
    fn from(WireToken(start_byte, end_byte, class): WireToken) -> Self {
        Token {
            start_byte,
            end_byte,
            class,
        }
    }
}

impl CheckReply {
    pub fn tokens(&self) -> Vec<Token> {
        self.tokens.iter().map(|&t| t.into()).collect()
    }
}

/// Checks the request's text with this thread's shared analyzer (consecutive requests
/// re-parse incrementally); `now_ms` is the caller's clock.
pub fn answer(request: &CheckRequest, now_ms: impl Fn() -> f64) -> CheckReply {
    let start = now_ms();
    let options = Options {
        go_version: request.go_version,
    };
    let (report, tokens) = super::check_highlighted(&request.code, &options);
    CheckReply {
        id: request.id,
        report,
        tokens: tokens.into_iter().map(WireToken::from).collect(),
        check_ms: now_ms() - start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str =
        "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n";

    #[test]
    fn a_reply_round_trips_through_json_with_its_report_and_tokens() {
        let request = CheckRequest {
            id: 7,
            code: PROGRAM.to_owned(),
            go_version: GoVersion::new(21),
        };
        let text = serde_json::to_string(&request).unwrap();
        let request: CheckRequest = serde_json::from_str(&text).unwrap();
        let reply = answer(&request, || 0.0);
        let (report, tokens) = super::super::check_highlighted(
            PROGRAM,
            &Options {
                go_version: GoVersion::new(21),
            },
        );
        assert!(!report.diagnostics.is_empty(), "the program leaks");
        let read: CheckReply =
            serde_json::from_str(&serde_json::to_string(&reply).unwrap()).unwrap();
        assert_eq!(read.id, 7);
        assert_eq!(read.report, report);
        assert_eq!(read.tokens(), tokens);
    }

    #[test]
    fn tokens_travel_as_short_arrays() {
        let text = serde_json::to_string(&WireToken(3, 7, TokenClass::Keyword)).unwrap();
        assert_eq!(text, r#"[3,7,"kw"]"#);
    }
}
