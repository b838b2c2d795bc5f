//! In-process time of `zael check`'s parts on the rate-limiter template (default stack):
//! layer 1, and each guard rule of the bundled packs as `check` evaluates it (on the
//! resources and properties it reads). Prints the median of RUNS (default 50) per part,
//! after one warm-up run that pays the one-time costs (cfn-guard's key converters compile
//! their regexes on the first missing key), shown apart.

use std::time::Instant;

use zael::check::guard::evaluate_pruned;
use zael::check::guard_data;
use zael::check::packs::PACKS;
use zael::stacks::limiter::LimiterOptions;
use zael::validate::{self, Body};

fn median_us(runs: usize, mut work: impl FnMut()) -> (f64, f64) {
    let first = Instant::now();
    work();
    let first = first.elapsed().as_secs_f64() * 1e6;
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (first, times[times.len() / 2])
}

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let document = zael::synth::document(LimiterOptions::default()).expect("the default stack");
    let data = guard_data(&document, 30, false);
    println!(
        "zael check parts, rate-limiter template, in process (median of {runs}; first run apart):"
    );
    let (first, median) = median_us(runs, || {
        validate::template(&document, Body::File(0));
    });
    println!(
        "  {:<58} {median:8.0} µs   (first {first:.0} µs)",
        "layer 1 (every ZV rule)"
    );
    let mut total = 0.0;
    for pack in PACKS {
        for file in pack.rule_files() {
            let (first, median) = median_us(runs, || {
                evaluate_pruned(&data, std::slice::from_ref(&file)).expect("bundled rules run");
            });
            total += median;
            println!(
                "  {:<58} {median:8.0} µs   (first {first:.0} µs)",
                file.name
            );
        }
    }
    println!("  {:<58} {total:8.0} µs", "every bundled guard rule");
}
