//! The browser UI (wasm32 only): thin Leptos components over the pure core.

pub fn mount() {}
