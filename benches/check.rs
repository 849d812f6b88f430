//! Times `analysis::check` natively on a realistic ~300-line Go file
//! (`benches/data/realistic.go`): cold first call, then warm calls on one `Analyzer`.
//! Prints numbers only; run with `cargo bench --bench check`.

use leaklab::analysis::{chan_facts, rules, sync_facts, Analyzer, Options};
use std::time::{Duration, Instant};

const RUNS: usize = 300;
const SOURCE: &str = include_str!("data/realistic.go");

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    // The minimum is printed too: on a shared, loaded machine it is the steadiest figure.
    println!(
        "{label:<44} median {:>8.1} µs   p90 {:>8.1} µs   min {:>8.1} µs   ({} runs)",
        micros(percentile(&times, 0.5)),
        micros(percentile(&times, 0.9)),
        micros(times[0]),
        times.len()
    );
}

fn main() {
    let options = Options::default();
    let lines = SOURCE.lines().count();

    // Cold: a new analyzer (parser setup) and the first check of the file.
    let start = Instant::now();
    let mut analyzer = Analyzer::new();
    let report_cold = analyzer.check(SOURCE, &options);
    let cold = start.elapsed();
    println!(
        "realistic.go: {lines} lines, {} diagnostics, {} syntax errors",
        report_cold.diagnostics.len(),
        report_cold.syntax_errors.len()
    );
    println!(
        "cold first check (new Analyzer)              {:>8.1} µs",
        micros(cold)
    );

    // Warm, as while typing: each call differs from the last by one character, so the
    // parser re-parses incrementally and every rule runs on the new tree.
    let edited = SOURCE.replacen("orders map[string]Order", "orders map[string]Order ", 1);
    let mut times = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let text = if i % 2 == 0 { edited.as_str() } else { SOURCE };
        let start = Instant::now();
        let r = analyzer.check(text, &options);
        times.push(start.elapsed());
        std::hint::black_box(r);
    }
    report("warm check, one-character edit each call", times);

    // Warm parser state but a parse from scratch each time (a new file opened). The text
    // alternates too: rule facts are cached per source text, and the same text every time
    // would time a parse plus cache hits, not a full check.
    let mut times = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let text = if i % 2 == 0 { edited.as_str() } else { SOURCE };
        let mut fresh = Analyzer::new();
        let start = Instant::now();
        let r = fresh.check(text, &options);
        times.push(start.elapsed());
        std::hint::black_box(r);
    }
    report("full parse + check (fresh tree each call)", times);

    // Where a warm check's time goes: the incremental parse, the two fact builders, then
    // each rule over facts already computed.
    let mut parse_times = Vec::with_capacity(RUNS);
    let mut chan_times = Vec::with_capacity(RUNS);
    let mut sync_times = Vec::with_capacity(RUNS);
    let mut rule_times = vec![Vec::with_capacity(RUNS); rules::ALL.len()];
    for i in 0..RUNS {
        let text = if i % 2 == 0 { edited.as_str() } else { SOURCE };
        let start = Instant::now();
        let file = analyzer.parse(text);
        parse_times.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(chan_facts::file_facts(&file));
        chan_times.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(sync_facts::facts(&file));
        sync_times.push(start.elapsed());
        for (rule, times) in rules::ALL.iter().zip(&mut rule_times) {
            let mut out = Vec::new();
            let start = Instant::now();
            rule.check(&file, &options, &mut out);
            times.push(start.elapsed());
            std::hint::black_box(out);
        }
    }
    report("  incremental parse", parse_times);
    report("  channel facts", chan_times);
    report("  sync facts", sync_times);
    let mut by_rule: Vec<(&str, Vec<Duration>)> = rules::ALL
        .iter()
        .map(|r| r.meta().id)
        .zip(rule_times)
        .collect();
    by_rule.sort_by_key(|(_, t)| std::cmp::Reverse(t.iter().sum::<Duration>()));
    for (id, times) in by_rule.into_iter().take(6) {
        report(&format!("  rule {id}"), times);
    }
}
