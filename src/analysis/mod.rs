//! Static analysis of Go source: parsing with tree-sitter-go and the leak rules.
//!
//! Parsing never fails: a source with syntax errors still yields a tree (with ERROR and
//! MISSING nodes) plus the list of errors, and the rules still run on what parsed.

pub mod chan_facts;
pub mod cst;
mod driver;
pub mod highlight;
pub mod incremental;
pub mod rules;
pub mod source;
pub mod sync_facts;
pub mod syntax;
pub mod wire;

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

pub use driver::{check, check_highlighted};
pub use source::{LineIndex, Position, Span};
pub use syntax::{Analyzer, ParsedFile, SyntaxError};

/// The Go release whose semantics apply (loop variables changed in 1.22, timers in 1.23).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct GoVersion {
    pub minor: u32,
}

impl GoVersion {
    pub const LATEST: GoVersion = GoVersion { minor: 27 };
    /// The oldest release the lessons talk about.
    pub const OLDEST: GoVersion = GoVersion { minor: 18 };

    pub const fn new(minor: u32) -> Self {
        GoVersion { minor }
    }

    /// Parses `1.22`, `go1.22` or `1.22.3`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let t = t.strip_prefix("go").unwrap_or(t);
        let mut parts = t.split('.');
        let major = parts.next().unwrap_or("");
        let minor = parts.next().unwrap_or("");
        let patch_ok = parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        match (major, minor.parse::<u32>()) {
            ("1", Ok(minor))
                if patch_ok && (Self::OLDEST.minor..=Self::LATEST.minor).contains(&minor) =>
            {
                Ok(GoVersion { minor })
            }
            _ => Err(format!(
                "unsupported Go version `{text}`: expected 1.{}..1.{} (like 1.22)",
                Self::OLDEST.minor,
                Self::LATEST.minor
            )),
        }
    }

    /// From Go 1.22 each loop iteration has its own loop variable.
    pub fn per_iteration_loop_vars(self) -> bool {
        self.minor >= 22
    }

    /// From Go 1.23 unreferenced timers/tickers are collected and timer channels are synchronous.
    pub fn collectable_timers(self) -> bool {
        self.minor >= 23
    }
}

impl Default for GoVersion {
    fn default() -> Self {
        Self::LATEST
    }
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub go_version: GoVersion,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Replace the bytes `start_byte..end_byte` of the source with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub start_byte: usize,
    pub end_byte: usize,
    pub replacement: String,
}

/// A mechanical fix: edits that do not overlap, applied together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
}

impl Fix {
    /// Applies the edits to `source`. Edits that overlap or fall outside the text are
    /// rejected rather than producing a garbled file.
    pub fn apply(&self, source: &str) -> Result<String, String> {
        let mut edits: Vec<&TextEdit> = self.edits.iter().collect();
        edits.sort_by_key(|e| (e.start_byte, e.end_byte));
        let mut out = String::with_capacity(source.len());
        let mut cursor = 0;
        for e in edits {
            let in_bounds = e.start_byte <= e.end_byte && e.end_byte <= source.len();
            if !in_bounds
                || e.start_byte < cursor
                || !source.is_char_boundary(e.start_byte)
                || !source.is_char_boundary(e.end_byte)
            {
                return Err(format!("fix `{}` does not apply to this text", self.title));
            }
            out.push_str(&source[cursor..e.start_byte]);
            out.push_str(&e.replacement);
            cursor = e.end_byte;
        }
        out.push_str(&source[cursor..]);
        Ok(out)
    }
}

/// A place related to a diagnostic, e.g. "the receiver returns here".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule's id (borrowed from the rule; owned when read back from the checker's
    /// worker).
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub syntax_errors: Vec<SyntaxError>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.syntax_errors.is_empty() && self.diagnostics.is_empty()
    }
}
