//! In-process cost of synthesizing the rate-limiter stack: build, document, YAML and JSON.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use zael::stacks::limiter::{self, LimiterOptions};
use zael::template::{to_json, to_yaml};

fn production() -> LimiterOptions {
    LimiterOptions {
        name: "prod-limiter".into(),
        pitr_recovery_days: Some(7),
        log_retention_days: 90,
        alarm_sns_topic: Some("arn:aws:sns:us-east-1:123456789012:alerts".into()),
        ..LimiterOptions::default()
    }
}

fn synth(c: &mut Criterion) {
    let options = production();
    c.bench_function("build stack", |b| {
        b.iter(|| limiter::build(black_box(&options)))
    });
    c.bench_function("synth yaml (build + document + emit)", |b| {
        b.iter(|| to_yaml(&limiter::build(black_box(&options)).to_document()))
    });
    c.bench_function("synth json (build + document + emit)", |b| {
        b.iter(|| to_json(&limiter::build(black_box(&options)).to_document()))
    });
}

criterion_group!(benches, synth);
criterion_main!(benches);
