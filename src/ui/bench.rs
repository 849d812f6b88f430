//! A measurement hook for the browser tests: Trunk exposes wasm-bindgen exports on
//! `window.wasmBindings`.

use super::now_ms;
use crate::analysis::{self, Options};
use wasm_bindgen::prelude::*;

/// Checks `code` `runs` times after one warm-up and returns the median milliseconds.
/// Consecutive checks alternate between the code and the code with a space typed at the
/// end of its middle line (inside a function, in a typical file), as typing does: every
/// check re-parses incrementally, rebuilds the facts of the declaration typed in, moves
/// the others', and re-runs every rule. The page's clock is coarse (≈0.1 ms), so each
/// sample times a batch of 10 checks.
#[wasm_bindgen]
pub fn bench_check(code: &str, runs: u32) -> f64 {
    let options = Options::default();
    let mut middle = code.len() / 2;
    while !code.is_char_boundary(middle) {
        middle -= 1;
    }
    let line_end = code[middle..].find('\n').map_or(code.len(), |i| middle + i);
    let variants = [
        code.to_owned(),
        format!("{} {}", &code[..line_end], &code[line_end..]),
    ];
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
