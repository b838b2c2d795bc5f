//! Throughput of the pure aggregation core (no I/O) on one core, on a realistic skewed
//! workload, plus the write savings of coalescing on the same workload.
//!
//! `cargo bench -p zael-aggregator --bench aggregate`
//!
//! * `plan/fresh_batch`: parse + window + coalesce one 100-record batch right after it
//!   was deserialized, as in an invocation (the batch is in cache). The headline figure.
//! * `plan/cold_10k`: the same over 10,000 records held in memory, cache-cold: the
//!   records' attribute maps are scattered heap objects, so this measures memory latency.
//! * `plan_and_render/fresh_batch`: also builds the guarded writes and renders every
//!   `UpdateItem` expression: all CPU work of an invocation after deserialization.
//! * `decode_and_plan/batch`: JSON bytes to `aws_lambda_events` records, then plan.

use aws_lambda_events::dynamodb::{Event, EventRecord};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::cell::Cell;
use std::hint::black_box;
use std::time::Duration;
use zael_aggregator::expr::render;
use zael_aggregator::plan::{count_writes, plan};
use zael_aggregator::window::WindowKind;
use zael_aggregator::workload::{zipf_workload, WorkloadSpec};

/// Lambda's default batch size for DynamoDB streams.
const BATCH: usize = 100;
const WINDOWS: [WindowKind; 2] = [WindowKind::Hourly, WindowKind::Daily];

fn print_write_counts(records: &[EventRecord], spec: &WorkloadSpec) {
    let c = count_writes(records, &WINDOWS, BATCH);
    println!(
        "writes per 1,000 records ({} records, {} Zipf(s={}) entities, 2 limits, hourly+daily, batches of {BATCH}): \
         coalesced {:.0} vs naive {:.0} ({:.1}x fewer)",
        c.records,
        spec.entities,
        spec.zipf_s,
        c.coalesced_per_1000(),
        c.naive_per_1000(),
        c.naive_writes as f64 / c.coalesced_writes as f64
    );
}

fn bench(c: &mut Criterion) {
    let spec = WorkloadSpec::default();
    let mut records = zipf_workload(&spec);
    records.truncate(records.len() / BATCH * BATCH);
    print_write_counts(&records, &spec);
    let batches_json: Vec<String> = records
        .chunks(BATCH)
        .map(|b| serde_json::to_string(&serde_json::json!({ "Records": b })).unwrap())
        .collect();
    let next = Cell::new(0usize);
    let fresh_batch = || {
        let i = next.get();
        next.set((i + 1) % batches_json.len());
        serde_json::from_str::<Event>(&batches_json[i]).unwrap()
    };

    let mut g = c.benchmark_group("aggregate");
    g.measurement_time(Duration::from_secs(4));

    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("plan/fresh_batch", |b| {
        b.iter_batched_ref(
            fresh_batch,
            |ev| plan(black_box(&ev.records), &WINDOWS).groups.len(),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("plan_and_render/fresh_batch", |b| {
        b.iter_batched_ref(
            fresh_batch,
            |ev| {
                let mut bytes = 0;
                for group in plan(black_box(&ev.records), &WINDOWS).groups {
                    bytes += render(&group.first_write(90)).update_expression.len();
                }
                bytes
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("decode_and_plan/batch", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % batches_json.len();
            let ev: Event = serde_json::from_str(black_box(&batches_json[i])).unwrap();
            plan(&ev.records, &WINDOWS).groups.len()
        })
    });

    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("plan/cold_10k", |b| {
        b.iter(|| {
            records
                .chunks(BATCH)
                .map(|batch| plan(black_box(batch), &WINDOWS).groups.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
