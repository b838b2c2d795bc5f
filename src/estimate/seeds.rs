//! The seeds' own cost method, kept beside zael's so every difference is stated, not hidden.
//!
//! Seed 002's examples ("Low volume: 10K requests/day ... ~$0.70/month", "Medium volume: 1M
//! requests/day ... ~$70/month, ~$45 provisioned with auto-scaling") and seed 000's table
//! price each acquire write as one stream event and one Lambda invocation, and leave the
//! aggregator's snapshot writes out.

use serde::Serialize;

use super::capacity::HourlyCapacity;
use super::prices::PriceTable;
use super::scaling::{provisioned_units, Scaling};
use super::workload::{Workload, HOURS_PER_MONTH};

/// A workload priced the seeds' way.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SeedMethod {
    pub writes_usd: f64,
    pub reads_usd: f64,
    pub streams_usd: f64,
    pub lambda_requests_usd: f64,
    /// Reads and writes: seed 000's "DynamoDB" column.
    pub dynamodb_usd: f64,
    pub on_demand_total_usd: f64,
    /// Seed 002's "provisioned with auto-scaling": the same reads and writes held by auto
    /// scaling at its target, each index at its minimum, plus streams and Lambda as above.
    pub provisioned_total_usd: f64,
}

impl SeedMethod {
    pub fn of(
        workload: &Workload,
        prices: &PriceTable,
        (read, write): (Scaling, Scaling),
        indexes: u32,
    ) -> Self {
        let capacity = HourlyCapacity::of(workload, 0);
        let writes = capacity.wcu * HOURS_PER_MONTH;
        let reads = capacity.rcu * HOURS_PER_MONTH;
        let p = &prices.dynamodb;
        let writes_usd = writes / 1e6 * p.write_request_per_million;
        let reads_usd = reads / 1e6 * p.read_request_per_million;
        let streams_usd = writes / 1e5 * p.stream_read_per_100k;
        let lambda_requests_usd = writes / 1e6 * prices.lambda.request_per_million;
        let (wcu, _) = provisioned_units(capacity.wcu / 3600.0, write);
        let (rcu, _) = provisioned_units(capacity.rcu / 3600.0, read);
        let index_units = f64::from(indexes)
            * (f64::from(write.min_capacity) * p.wcu_hour
                + f64::from(read.min_capacity) * p.rcu_hour);
        let provisioned_dynamodb = (f64::from(wcu) * p.wcu_hour + f64::from(rcu) * p.rcu_hour)
            * HOURS_PER_MONTH
            + index_units * HOURS_PER_MONTH;
        SeedMethod {
            writes_usd,
            reads_usd,
            streams_usd,
            lambda_requests_usd,
            dynamodb_usd: writes_usd + reads_usd,
            on_demand_total_usd: writes_usd + reads_usd + streams_usd + lambda_requests_usd,
            provisioned_total_usd: provisioned_dynamodb + streams_usd + lambda_requests_usd,
        }
    }
}

/// Where zael's figure differs from the seeds', and why; printed with every limiter estimate.
pub const DIFFERENCES: &[&str] = &[
    "DynamoDB Streams: the seeds charge $0.02 per 100,000 stream events; reads by a Lambda trigger are free, so zael charges nothing.",
    "Lambda requests: the seeds count one invocation per stream event; the stream mapping batches records (up to the batch size, gathered over the batching window), so zael counts invocations, not events.",
    "Aggregator writes: seed 002's cost examples leave out the snapshot writes its own formula adds (requests x limits x windows); zael includes them, as an upper bound (the aggregator writes one update per snapshot item and batch).",
    "CloudWatch: seed 000's column (~$0.10, ~$1, ~$5) states no basis; zael prices the alarms and dashboard counted in the template and the aggregator's logs.",
    "Transactions: zael follows seed 002's unit counts (one write unit per item of acquire()'s TransactWriteItems); DynamoDB bills transactional writes at two units, so real write costs can be up to twice these.",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::prices;

    fn within(value: f64, seed: f64, rounding: f64) -> bool {
        (value - seed).abs() <= rounding / 2.0
    }

    fn at(requests_per_day: f64) -> SeedMethod {
        SeedMethod::of(
            &Workload::per_day(requests_per_day),
            &prices::for_region("us-east-1").unwrap(),
            (Scaling::default(), Scaling::default()),
            2,
        )
    }

    /// Seed 002, "Low volume: 10K requests/day": $0.38 + $0.08 + $0.12 + $0.12, "~$0.70".
    #[test]
    fn seed_002_low_volume() {
        let m = at(10_000.0);
        assert!(within(m.writes_usd, 0.38, 0.01), "{m:?}");
        assert!(within(m.reads_usd, 0.08, 0.01), "{m:?}");
        assert!(within(m.streams_usd, 0.12, 0.01), "{m:?}");
        assert!(within(m.lambda_requests_usd, 0.12, 0.01), "{m:?}");
        assert!(within(m.on_demand_total_usd, 0.70, 0.1), "{m:?}");
    }

    /// Seed 002, "Medium volume: 1M requests/day": $37.50 + $7.50 + $12.00 + $12.00, "~$70".
    #[test]
    fn seed_002_medium_volume() {
        let m = at(1_000_000.0);
        assert!(within(m.writes_usd, 37.50, 0.01), "{m:?}");
        assert!(within(m.reads_usd, 7.50, 0.01), "{m:?}");
        assert!(within(m.streams_usd, 12.00, 0.01), "{m:?}");
        assert!(within(m.lambda_requests_usd, 12.00, 0.01), "{m:?}");
        assert!(within(m.on_demand_total_usd, 70.0, 10.0), "{m:?}");
        // "Total (provisioned with auto-scaling): ~$45/month", with GSI1 and GSI2.
        assert!(within(m.provisioned_total_usd, 45.0, 5.0), "{m:?}");
    }

    /// Seed 000's cost table: DynamoDB ~$0.50, ~$5, ~$45; Lambda ~$12 at 1M a day.
    #[test]
    fn seed_000_cost_table() {
        assert!(within(at(10_000.0).dynamodb_usd, 0.50, 0.1));
        assert!(within(at(100_000.0).dynamodb_usd, 5.0, 1.0));
        assert!(within(at(1_000_000.0).dynamodb_usd, 45.0, 5.0));
        assert!(within(at(1_000_000.0).lambda_requests_usd, 12.0, 1.0));
    }
}
