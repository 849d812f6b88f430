//! A measurement hook for the browser tests: Trunk exposes wasm-bindgen exports on
//! `window.wasmBindings`.

use super::now_ms;
use crate::analysis::{self, Options};
use wasm_bindgen::prelude::*;

/// Checks `code` `runs` times after one warm-up and returns the median milliseconds.
/// Consecutive checks alternate between the code and the code with one more line, as
/// typing does, so every check re-parses (incrementally) and re-runs every rule. The
/// page's clock is coarse (≈0.1 ms), so each sample times a batch of 10 checks.
#[wasm_bindgen]
pub fn bench_check(code: &str, runs: u32) -> f64 {
    let options = Options::default();
    let variants = [code.to_owned(), format!("{code}\n// edited\n")];
    let _ = analysis::check(code, &options);
    let mut samples: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = now_ms();
            for i in 0..10 {
                std::hint::black_box(analysis::check(&variants[i % 2], &options));
            }
            (now_ms() - start) / 10.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
