//! A measurement hook for the browser tests: Trunk exposes wasm-bindgen exports on
//! `window.wasmBindings`.

use super::{checker, now_ms};
use crate::analysis::GoVersion;
use wasm_bindgen::prelude::*;

/// Checks `code` `runs` times after one warm-up, each a round trip to the checking worker
/// as a keystroke makes (post the text, check, reply, decode), and resolves to the median
/// milliseconds. Consecutive checks alternate between the code and the code with a space
/// typed at the end of its middle line (inside a function, in a typical file), as typing
/// does: every check re-parses incrementally, rebuilds the facts of the declaration typed
/// in, moves the others', and re-runs every rule. The page's clock is coarse (≈0.1 ms), so
/// each sample times a batch of 10 round trips. Rejects when the checker can't run.
#[wasm_bindgen]
pub fn bench_check(code: String, runs: u32) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let version = GoVersion::default();
        let mut middle = code.len() / 2;
        while !code.is_char_boundary(middle) {
            middle -= 1;
        }
        let line_end = code[middle..].find('\n').map_or(code.len(), |i| middle + i);
        let variants = [
            code.clone(),
            format!("{} {}", &code[..line_end], &code[line_end..]),
        ];
        let fail = |why: String| JsValue::from_str(&why);
        checker::check_async(&code, version).await.map_err(fail)?;
        let mut samples = Vec::new();
        for _ in 0..runs.max(1) {
            let start = now_ms();
            for variant in variants.iter().cycle().take(10) {
                checker::check_async(variant, version).await.map_err(fail)?;
            }
            samples.push((now_ms() - start) / 10.0);
        }
        samples.sort_by(f64::total_cmp);
        Ok(JsValue::from_f64(samples[samples.len() / 2]))
    })
}
