//! Pure view models: everything the UI shows is computed here, natively tested, and the
//! Leptos components in `ui` only render it.

pub mod problems;
pub mod route;
