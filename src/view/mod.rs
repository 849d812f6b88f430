//! Pure view models: everything the UI shows is computed here, natively tested, and the
//! Leptos components in `ui` only render it.

pub mod code_view;
pub mod diff;
pub mod editing;
pub mod explore;
pub mod inline_code;
pub mod problems;
pub mod progress;
pub mod route;
pub mod scheduler;
pub mod share;
pub mod theme;
pub mod timeline;
