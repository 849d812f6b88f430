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
    pub tokens: PackedTokens,
    /// How long the check took in the worker.
    pub check_ms: f64,
}

/// The highlighted ranges, sent on every keystroke (a 300-line file has a few thousand):
/// a flat list of small numbers, three per token: the gap after the previous token, the
/// length, and the class (`CLASSES`), e.g. `[3,4,0,1,2,1]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<u32>", into = "Vec<u32>")]
pub struct PackedTokens(pub Vec<Token>);

const CLASSES: [TokenClass; 8] = [
    TokenClass::Keyword,
    TokenClass::String,
    TokenClass::Number,
    TokenClass::Comment,
    TokenClass::Function,
    TokenClass::Type,
    TokenClass::Constant,
    TokenClass::Operator,
];

impl From<PackedTokens> for Vec<u32> {
    fn from(PackedTokens(tokens): PackedTokens) -> Self {
        let mut out = Vec::with_capacity(tokens.len() * 3);
        let mut end = 0;
        for t in tokens {
            let class = CLASSES.iter().position(|c| *c == t.class).unwrap_or(0);
            // Tokens are sorted and never overlap; saturate rather than trust that blindly.
            out.extend([
                t.start_byte.saturating_sub(end) as u32,
                t.end_byte.saturating_sub(t.start_byte) as u32,
                class as u32,
            ]);
            end = t.end_byte.max(end);
        }
        out
    }
}

impl From<Vec<u32>> for PackedTokens {
    fn from(numbers: Vec<u32>) -> Self {
        let mut end = 0usize;
        let tokens = numbers
            .chunks_exact(3)
            .filter_map(|t| {
                let start_byte = end.checked_add(t[0] as usize)?;
                let end_byte = start_byte.checked_add(t[1] as usize)?;
                end = end_byte;
                Some(Token {
                    start_byte,
                    end_byte,
                    class: *CLASSES.get(t[2] as usize)?,
                })
            })
            .collect();
        PackedTokens(tokens)
    }
}

impl CheckReply {
    pub fn tokens(&self) -> Vec<Token> {
        self.tokens.0.clone()
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
        tokens: PackedTokens(tokens),
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
    fn tokens_travel_as_gaps_lengths_and_classes() {
        let tokens = vec![
            Token {
                start_byte: 3,
                end_byte: 7,
                class: TokenClass::Keyword,
            },
            Token {
                start_byte: 8,
                end_byte: 10,
                class: TokenClass::String,
            },
        ];
        let text = serde_json::to_string(&PackedTokens(tokens.clone())).unwrap();
        assert_eq!(text, "[3,4,0,1,2,1]");
        let read: PackedTokens = serde_json::from_str(&text).unwrap();
        assert_eq!(read.0, tokens);
        // A damaged list loses its bad entries, never panics.
        let read: PackedTokens = serde_json::from_str("[1,2,99,4294967295,1,0,5]").unwrap();
        assert_eq!(read.0.len(), 1);
    }
}
