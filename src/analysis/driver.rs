//! The checker's entry points: parse, run every rule, collect the report. The one module
//! that knows both the syntax layer and the rules, so neither has to know the other.

use super::syntax::Analyzer;
use super::{highlight, rules, Options, Report};
use std::cell::RefCell;

impl Analyzer {
    pub fn check(&mut self, source: &str, options: &Options) -> Report {
        let file = self.parse(source);
        let diagnostics = rules::run_all(&file, options);
        Report {
            syntax_errors: file.syntax_errors,
            diagnostics,
        }
    }

    /// The report plus highlighting tokens from the same parse (what the editor needs).
    pub fn check_highlighted(
        &mut self,
        source: &str,
        options: &Options,
    ) -> (Report, Vec<highlight::Token>) {
        let file = self.parse(source);
        let diagnostics = rules::run_all(&file, options);
        let tokens = highlight::tokens(&file);
        (
            Report {
                syntax_errors: file.syntax_errors,
                diagnostics,
            },
            tokens,
        )
    }
}

thread_local! {
    static SHARED: RefCell<Analyzer> = RefCell::new(Analyzer::new());
}

/// Checks `source` with a parser (and compiled queries) shared by every call on this
/// thread; consecutive calls re-parse incrementally.
pub fn check(source: &str, options: &Options) -> Report {
    SHARED.with(|a| a.borrow_mut().check(source, options))
}

/// Like [`check`], plus the editor's highlighting tokens from the same parse.
pub fn check_highlighted(source: &str, options: &Options) -> (Report, Vec<highlight::Token>) {
    SHARED.with(|a| a.borrow_mut().check_highlighted(source, options))
}
