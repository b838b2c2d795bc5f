//! The rate limiter's monthly bill, on demand and provisioned with auto scaling.

use super::capacity::HourlyCapacity;
use super::cost::{count, price, Bill};
use super::facts::TemplateFacts;
use super::prices::PriceTable;
use super::scaling::{provisioned_units, Scaling};
use super::workload::{Workload, HOURS_PER_MONTH};
use crate::stacks::limiter::LimiterOptions;

/// Bytes the aggregator logs per invocation: Lambda's JSON `platform.start`, `platform.report`
/// lines and the function's one `batch processed` line (measured on the bootstrap tests' output).
pub const LOG_BYTES_PER_INVOCATION: f64 = 1_200.0;

/// DynamoDB Streams splits a stream into one shard per 1,000 WCU (seed 002).
const WCU_PER_SHARD: f64 = 1_000.0;

/// Lambda polls each shard about four times a second when no batching window is set.
const MIN_GATHER_SECONDS: f64 = 0.25;

const GB: f64 = 1024.0 * 1024.0 * 1024.0;

/// What the estimate assumes where the stack's options do not say.
#[derive(Clone, Debug, PartialEq)]
pub struct Assumptions {
    /// Average billed duration of one aggregator invocation. Default: 100 ms (read the
    /// dashboard's duration widget and pass the real figure).
    pub lambda_duration_ms: f64,
    /// Table size. Default: 0.01 GB (seed 002: "~10 MB").
    pub storage_gb: f64,
    /// Audit items that expire (and are archived to S3) per day. Default: 0.
    pub audit_events_per_day: f64,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            lambda_duration_ms: 100.0,
            storage_gb: 0.01,
            audit_events_per_day: 0.0,
        }
    }
}

/// Everything the limiter's bill is computed from.
pub struct LimiterCase<'a> {
    pub options: &'a LimiterOptions,
    pub facts: TemplateFacts,
    pub workload: &'a Workload,
    pub assumptions: &'a Assumptions,
    pub prices: &'a PriceTable,
    /// Auto scaling of the table and of each index, read and write.
    pub read_scaling: Scaling,
    pub write_scaling: Scaling,
}

/// The capacity, the aggregator's invocations and the two bills of one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct LimiterBills {
    pub capacity: HourlyCapacity,
    pub invocations_per_month: f64,
    pub records_per_invocation: f64,
    pub on_demand: Bill,
    pub provisioned: Bill,
    /// Auto scaling's maximum is below what the average load needs.
    pub capped: bool,
}

impl LimiterCase<'_> {
    fn windows(&self) -> u32 {
        if self.options.enable_aggregator {
            self.options.snapshot_windows.len() as u32
        } else {
            0
        }
    }

    pub fn bills(&self) -> LimiterBills {
        let capacity = HourlyCapacity::of(self.workload, self.windows());
        let (invocations, per_invocation) = self.invocations(&capacity);
        let mut shared = Bill::default();
        self.shared_lines(&mut shared, &capacity, invocations);

        let p = &self.prices.dynamodb;
        let mut on_demand = Bill::default();
        let writes = capacity.total_wcu() * HOURS_PER_MONTH;
        let reads = capacity.rcu * HOURS_PER_MONTH;
        on_demand.add(
            "DynamoDB writes",
            format!(
                "{} write request units ({} by acquire, {} by the aggregator) × {}/million",
                count(writes),
                count(capacity.wcu * HOURS_PER_MONTH),
                count(capacity.aggregator_wcu * HOURS_PER_MONTH),
                price(p.write_request_per_million)
            ),
            writes / 1e6 * p.write_request_per_million,
        );
        on_demand.per_million(
            "DynamoDB reads",
            reads,
            "read request units",
            p.read_request_per_million,
        );

        let mut provisioned = Bill::default();
        let (wcu, write_capped) =
            provisioned_units(capacity.total_wcu() / 3600.0, self.write_scaling);
        let (rcu, read_capped) = provisioned_units(capacity.rcu / 3600.0, self.read_scaling);
        provisioned.add(
            "DynamoDB write capacity",
            format!(
                "{wcu} WCU (average {:.2}/s at {}% target) × {} h × {}",
                capacity.total_wcu() / 3600.0,
                self.write_scaling.target_pct,
                HOURS_PER_MONTH,
                price(p.wcu_hour)
            ),
            f64::from(wcu) * HOURS_PER_MONTH * p.wcu_hour,
        );
        provisioned.add(
            "DynamoDB read capacity",
            format!(
                "{rcu} RCU (average {:.2}/s at {}% target) × {} h × {}",
                capacity.rcu / 3600.0,
                self.read_scaling.target_pct,
                HOURS_PER_MONTH,
                price(p.rcu_hour)
            ),
            f64::from(rcu) * HOURS_PER_MONTH * p.rcu_hour,
        );
        let indexes = self.facts.global_indexes;
        if indexes > 0 {
            // Seed 002's formulas count no index writes; each index is held at its minimum
            // (the estimate's notes say what GSI2's writes add).
            let units_hour = f64::from(self.write_scaling.min_capacity) * p.wcu_hour
                + f64::from(self.read_scaling.min_capacity) * p.rcu_hour;
            provisioned.add(
                "DynamoDB index capacity",
                format!(
                    "{indexes} global indexes at their minimum ({} WCU, {} RCU) × {} h",
                    self.write_scaling.min_capacity,
                    self.read_scaling.min_capacity,
                    HOURS_PER_MONTH
                ),
                f64::from(indexes) * units_hour * HOURS_PER_MONTH,
            );
        }
        for line in &shared.lines {
            on_demand.lines.push(line.clone());
            provisioned.lines.push(line.clone());
        }
        LimiterBills {
            capacity,
            invocations_per_month: invocations,
            records_per_invocation: per_invocation,
            on_demand,
            provisioned,
            capped: write_capped || read_capped,
        }
    }

    /// Invocations a month and records per invocation: the stream mapping hands the function
    /// what a shard gathered in its batching window, up to the batch size.
    fn invocations(&self, capacity: &HourlyCapacity) -> (f64, f64) {
        if !self.options.enable_aggregator {
            return (0.0, 0.0);
        }
        // Only bucket updates pass the mapping's filter; the snapshot writes do not.
        let events_per_second = capacity.wcu / 3600.0;
        if events_per_second <= 0.0 {
            return (0.0, 0.0);
        }
        let shards = (capacity.total_wcu() / 3600.0 / WCU_PER_SHARD)
            .ceil()
            .max(1.0);
        let gather = f64::from(self.options.stream_batching_window_seconds).max(MIN_GATHER_SECONDS);
        let per_invocation = (events_per_second / shards * gather)
            .clamp(1.0, f64::from(self.options.stream_batch_size));
        (
            capacity.wcu * HOURS_PER_MONTH / per_invocation,
            per_invocation,
        )
    }

    /// The lines both billing modes share.
    fn shared_lines(&self, bill: &mut Bill, capacity: &HourlyCapacity, invocations: f64) {
        let prices = self.prices;
        let a = self.assumptions;
        bill.add(
            "DynamoDB storage",
            format!(
                "{} GB × {}/GB-month",
                a.storage_gb,
                price(prices.dynamodb.storage_gb_month)
            ),
            a.storage_gb * prices.dynamodb.storage_gb_month,
        );
        if self.options.enable_aggregator {
            bill.add(
                "DynamoDB Streams",
                format!(
                    "{} stream records read by the Lambda trigger: free",
                    count(capacity.total_wcu() * HOURS_PER_MONTH)
                ),
                0.0,
            );
            lambda_lines(
                bill,
                invocations,
                a.lambda_duration_ms,
                self.options.lambda_memory_mb,
                prices,
            );
        }
        alarm_and_dashboard_lines(bill, self.facts, prices);
        if self.options.enable_aggregator {
            let ingested = invocations * LOG_BYTES_PER_INVOCATION / GB;
            log_line(bill, ingested, self.options.log_retention_days, prices);
            if self.options.audit_archival {
                let uploads = a.audit_events_per_day * 30.0;
                bill.add(
                    "S3 audit archive",
                    format!(
                        "{} uploads (at most one per expired audit item) × {}/1,000",
                        count(uploads),
                        price(prices.s3.put_per_thousand)
                    ),
                    uploads / 1000.0 * prices.s3.put_per_thousand,
                );
            }
        }
    }
}

/// A function's requests and its duration in GB-seconds at its memory size.
pub fn lambda_lines(
    bill: &mut Bill,
    invocations: f64,
    duration_ms: f64,
    memory_mb: u32,
    prices: &PriceTable,
) {
    bill.per_million(
        "Lambda requests",
        invocations,
        "invocations",
        prices.lambda.request_per_million,
    );
    let gb_seconds = invocations * duration_ms / 1000.0 * f64::from(memory_mb) / 1024.0;
    bill.add(
        "Lambda duration",
        format!(
            "{} GB-s ({duration_ms} ms at {memory_mb} MB) × {}",
            count(gb_seconds),
            price(prices.lambda.gb_second)
        ),
        gb_seconds * prices.lambda.gb_second,
    );
}

/// CloudWatch alarms and dashboards, counted in the template.
pub fn alarm_and_dashboard_lines(bill: &mut Bill, facts: TemplateFacts, prices: &PriceTable) {
    let cw = &prices.cloudwatch;
    bill.add(
        "CloudWatch alarms",
        format!("{} alarms × {}/month", facts.alarms, price(cw.alarm_month)),
        f64::from(facts.alarms) * cw.alarm_month,
    );
    if facts.dashboards > 0 {
        bill.add(
            "CloudWatch dashboard",
            format!(
                "{} dashboard × {}/month (an account's first three are free)",
                facts.dashboards,
                price(cw.dashboard_month)
            ),
            f64::from(facts.dashboards) * cw.dashboard_month,
        );
    }
}

/// CloudWatch Logs: a month's ingestion, and what the retention period keeps stored.
pub fn log_line(bill: &mut Bill, ingested_gb: f64, retention_days: u32, prices: &PriceTable) {
    let cw = &prices.cloudwatch;
    let stored_gb = ingested_gb * f64::from(retention_days) / 30.0;
    bill.add(
        "CloudWatch Logs",
        format!(
            "{ingested_gb:.3} GB ingested × {} + {stored_gb:.3} GB kept ({retention_days} days) × {}/GB-month",
            price(cw.log_ingestion_gb),
            price(cw.log_storage_gb_month)
        ),
        ingested_gb * cw.log_ingestion_gb + stored_gb * cw.log_storage_gb_month,
    );
}
