//! Go Leak Lab: a pure core (`analysis`, `sim`, `lessons`) that builds and tests natively,
//! a CLI over it (`cli`, native only) and a thin Leptos UI (`ui`, wasm32 only).

pub mod analysis;
pub mod lessons;
pub mod sim;
pub mod view;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
