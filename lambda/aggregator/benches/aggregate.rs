//! Throughput of the pure aggregation core (no I/O) on one core, on a realistic skewed
//! workload in zae-limiter 0.17.0's record format, plus the snapshot writes it makes
//! against the reference aggregator's on the same records, and on the records the real
//! library wrote (the captured fixture). Targets are printed beside the figures.
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
use zael_aggregator::refill::plan_refill;
use zael_aggregator::refill_state::bucket_states;
use zael_aggregator::window::WindowKind;
use zael_aggregator::workload::{zipf_workload, WorkloadSpec};

/// Lambda's default batch size for DynamoDB streams.
const BATCH: usize = 100;
const WINDOWS: [WindowKind; 2] = [WindowKind::Hourly, WindowKind::Daily];

/// Bucket refills both aggregators make (the same ones: same rule, same conditions), one
/// second after each batch's latest `rf`.
fn refill_writes(records: &[EventRecord]) -> usize {
    records
        .chunks(BATCH)
        .map(|batch| {
            let (states, _) = bucket_states(batch);
            let now = states.iter().map(|s| s.rf).max().unwrap_or(0) + 1_000;
            let now = i64::try_from(now).unwrap_or(i64::MAX);
            states
                .iter()
                .filter(|s| plan_refill(s, now).is_ok())
                .count()
        })
        .sum()
}

fn print_write_counts(what: &str, records: &[EventRecord]) {
    let c = count_writes(records, &WINDOWS, BATCH);
    let refills = refill_writes(records);
    let per_1000 = |n: usize| n as f64 * 1000.0 / c.records as f64;
    let (ours, theirs) = (c.coalesced_writes + refills, c.reference_writes + refills);
    let ratio = ours as f64 / theirs as f64;
    println!(
        "writes per 1,000 records, {what} ({} records, hourly+daily, batches of {BATCH}): \
         zael {:.0} vs reference aggregator {:.0} = {:.3} of it (target: at most 0.200) {} \
         [snapshots {:.0} vs {:.0}; bucket refills {:.0} each]",
        c.records,
        per_1000(ours),
        per_1000(theirs),
        ratio,
        if ratio <= 0.2 { "MET" } else { "MISSED" },
        c.coalesced_per_1000(),
        c.reference_per_1000(),
        per_1000(refills),
    );
}

/// CPU time this thread has run, from the kernel's scheduler statistics (Linux), so
/// time the machine spent on other processes does not count.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Records per second of the pure core (parse, window, coalesce) on batches fresh from
/// deserialization, as in an invocation (each planned `REPEAT` times, so the clock reads
/// cost nothing measurable); printed beside the target, by wall time and by this
/// thread's CPU time.
fn print_core_rate(batches_json: &[String]) {
    const REPEAT: usize = 20;
    let (mut wall, mut cpu) = (Duration::ZERO, Duration::ZERO);
    let mut records = 0usize;
    for json in batches_json {
        let ev: Event = serde_json::from_str(json).unwrap();
        black_box(plan(&ev.records, &WINDOWS).groups.len()); // warm up
        let (started, cpu_started) = (std::time::Instant::now(), thread_cpu());
        for _ in 0..REPEAT {
            black_box(plan(black_box(&ev.records), &WINDOWS).groups.len());
        }
        wall += started.elapsed();
        if let (Some(a), Some(b)) = (cpu_started, thread_cpu()) {
            cpu += b.saturating_sub(a);
        }
        records += ev.records.len() * REPEAT;
    }
    let rate = |d: Duration| records as f64 / d.as_secs_f64();
    let verdict = |r: f64| if r > 1e6 { "MET" } else { "MISSED" };
    println!(
        "pure core (parse + window + coalesce), fresh batches of {BATCH}: {:.2} M records/s by wall time, \
         {:.2} M records/s by thread CPU time (target: above 1 M/s) {}",
        rate(wall) / 1e6,
        rate(cpu) / 1e6,
        verdict(if cpu.is_zero() { rate(wall) } else { rate(cpu) })
    );
}

fn library_records() -> Vec<EventRecord> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/zae_limiter_0_17_0.json"
    );
    let text = std::fs::read_to_string(path).expect("the captured fixture");
    serde_json::from_str::<Event>(&text)
        .expect("fixture records")
        .records
}

fn bench(c: &mut Criterion) {
    let spec = WorkloadSpec::default();
    let mut records = zipf_workload(&spec);
    records.truncate(records.len() / BATCH * BATCH);
    print_write_counts(
        &format!(
            "{} Zipf(s={}) entities, 2 limits",
            spec.entities, spec.zipf_s
        ),
        &records,
    );
    print_write_counts("zae-limiter 0.17.0's own records", &library_records());
    let batches_json: Vec<String> = records
        .chunks(BATCH)
        .map(|b| serde_json::to_string(&serde_json::json!({ "Records": b })).unwrap())
        .collect();
    print_core_rate(&batches_json);
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
