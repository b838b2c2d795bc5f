//! `zael estimate`: what a stack costs a month for a workload, by seed 002's capacity
//! formulas and a dated price table, and which DynamoDB billing mode to run.
//!
//! Pure: the same options, workload and price table always give the same figures. The stack
//! is synthesized first, and what the bill depends on (alarms, dashboards, indexes, WAF rules)
//! is counted in that template.

mod billing;
mod capacity;
mod cost;
mod facts;
mod limiter;
pub mod prices;
pub mod render;
mod scaling;
mod seeds;
mod services;
mod workload;

pub use billing::{advise, crossing, Mode, SWITCH_BUFFER_PCT};
pub use capacity::HourlyCapacity;
pub use cost::{count, Bill, Line};
pub use facts::TemplateFacts;
pub use limiter::{Assumptions, LimiterBills, LimiterCase, LOG_BYTES_PER_INVOCATION};
pub use prices::PriceTable;
pub use scaling::{provisioned_units, Scaling};
pub use seeds::{SeedMethod, DIFFERENCES};
pub use workload::{Workload, HOURS_PER_MONTH};

use thiserror::Error;

use crate::stacks::api::ApiOptions;
use crate::stacks::limiter::LimiterOptions;
use crate::stacks::redis::RedisOptions;
use crate::stacks::{api, limiter as limiter_stack, redis};

/// The stack whose bill is estimated.
#[derive(Clone, Copy, Debug)]
pub enum StackRef<'a> {
    Limiter(&'a LimiterOptions),
    Redis(&'a RedisOptions),
    Api(&'a ApiOptions),
}

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum EstimateError {
    #[error("zael has no price table for region {region}; it has: {}", .known.join(", "))]
    UnknownRegion { region: String, known: Vec<String> },
}

/// Request volumes the cost chart spans, per day: 1,000 to 1,000,000,000.
pub const CHART_DECADES: (i32, i32) = (3, 9);
/// Points per decade of the chart.
const CHART_STEPS_PER_DECADE: i32 = 4;
/// The largest volume searched for the break-even, per day.
const MAX_VOLUME_PER_DAY: f64 = 1e11;

/// One volume on the cost chart: monthly totals of each mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    pub requests_per_day: f64,
    pub on_demand_usd: f64,
    pub provisioned_usd: Option<f64>,
}

/// A stack's monthly cost for one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub blueprint: &'static str,
    pub prices: PriceTable,
    pub workload: Workload,
    /// The limiter's capacity per hour by seed 002's formulas.
    pub capacity: Option<HourlyCapacity>,
    /// The limiter's aggregator: invocations a month and records per invocation.
    pub aggregator: Option<(f64, f64)>,
    /// The bill on demand; the only bill of the Redis tier and the API service.
    pub on_demand: Bill,
    /// The limiter's bill with provisioned capacity and auto scaling.
    pub provisioned: Option<Bill>,
    pub scaling: Option<(Scaling, Scaling)>,
    /// Requests a day where the two modes cost the same.
    pub break_even_requests_per_day: Option<f64>,
    /// Requests a day past which on-demand exceeds provisioned + 20% (seed 002's rule).
    pub switch_requests_per_day: Option<f64>,
    pub advice: Option<Mode>,
    /// The same workload priced the seeds' way.
    pub seed_method: Option<SeedMethod>,
    pub notes: Vec<String>,
    pub chart: Vec<ChartPoint>,
}

impl Estimate {
    /// `acquire()`'s reads and writes a month at `requests_per_day`, with this estimate's
    /// workload mix: seed 002 states its break-even in these "operations".
    pub fn operations_per_month_at(&self, requests_per_day: f64) -> Option<f64> {
        let capacity = self.capacity?;
        let per_request_hour = (capacity.rcu + capacity.wcu) / self.workload.requests_per_hour;
        per_request_hour
            .is_finite()
            .then(|| per_request_hour * requests_per_day / 24.0 * HOURS_PER_MONTH)
    }
}

/// Estimates `stack`'s bill for `workload` with `region`'s prices.
pub fn estimate(
    stack: StackRef<'_>,
    workload: &Workload,
    assumptions: &Assumptions,
    region: &str,
) -> Result<Estimate, EstimateError> {
    let prices = prices::for_region(region).ok_or_else(|| EstimateError::UnknownRegion {
        region: region.to_string(),
        known: prices::regions().into_iter().map(str::to_string).collect(),
    })?;
    Ok(match stack {
        StackRef::Limiter(options) => limiter_estimate(options, workload, assumptions, prices),
        StackRef::Redis(options) => {
            let facts = TemplateFacts::of(&redis::build(options).to_document());
            let bill = services::redis_bill(options, facts, &prices);
            let total = bill.total();
            flat(
                "redis",
                prices,
                workload,
                bill,
                |_| total,
                vec!["ElastiCache bills by node-hour whatever the traffic; a request volume changes nothing here.".into()],
            )
        }
        StackRef::Api(options) => {
            let facts = TemplateFacts::of(&api::build(options).to_document());
            let bill = services::api_bill(options, facts, workload, assumptions, &prices);
            let at = |per_day: f64| {
                services::api_bill(
                    options,
                    facts,
                    &workload.at_requests_per_hour(per_day / 24.0),
                    assumptions,
                    &prices,
                )
                .total()
            };
            flat(
                "api",
                prices.clone(),
                workload,
                bill,
                at,
                vec!["VPC flow logs and data transfer are not priced.".into()],
            )
        }
    })
}

fn chart_volumes() -> impl Iterator<Item = f64> {
    let (from, to) = CHART_DECADES;
    (from * CHART_STEPS_PER_DECADE..=to * CHART_STEPS_PER_DECADE)
        .map(|step| 10f64.powf(f64::from(step) / f64::from(CHART_STEPS_PER_DECADE)))
}

/// An estimate with one bill and no billing-mode choice.
fn flat(
    blueprint: &'static str,
    prices: PriceTable,
    workload: &Workload,
    bill: Bill,
    total_at: impl Fn(f64) -> f64,
    notes: Vec<String>,
) -> Estimate {
    Estimate {
        blueprint,
        prices,
        workload: workload.clone(),
        capacity: None,
        aggregator: None,
        on_demand: bill,
        provisioned: None,
        scaling: None,
        break_even_requests_per_day: None,
        switch_requests_per_day: None,
        advice: None,
        seed_method: None,
        notes,
        chart: chart_volumes()
            .map(|v| ChartPoint {
                requests_per_day: v,
                on_demand_usd: total_at(v),
                provisioned_usd: None,
            })
            .collect(),
    }
}

/// Auto scaling of reads and writes as the stack sets it; an on-demand stack is compared
/// with seed 002's 70% target from the smallest capacity.
pub fn limiter_scaling(options: &LimiterOptions) -> (Scaling, Scaling) {
    let scaling = |base: u32| {
        let (min_capacity, max_capacity) = options.autoscaling.bounds(base);
        Scaling {
            target_pct: options.autoscaling.target_pct,
            min_capacity,
            max_capacity,
        }
    };
    match options.capacity {
        crate::constructs::Capacity::Provisioned { read, write } => (scaling(read), scaling(write)),
        crate::constructs::Capacity::OnDemand => (Scaling::default(), Scaling::default()),
    }
}

fn limiter_estimate(
    options: &LimiterOptions,
    workload: &Workload,
    assumptions: &Assumptions,
    prices: PriceTable,
) -> Estimate {
    let facts = TemplateFacts::of(&limiter_stack::build(options).to_document());
    let (read_scaling, write_scaling) = limiter_scaling(options);
    let bills_at = |workload: &Workload| {
        LimiterCase {
            options,
            facts,
            workload,
            assumptions,
            prices: &prices,
            read_scaling,
            write_scaling,
        }
        .bills()
    };
    let totals_at = |per_day: f64| {
        let bills = bills_at(&workload.at_requests_per_hour(per_day / 24.0));
        (bills.on_demand.total(), bills.provisioned.total())
    };
    let bills = bills_at(workload);
    let break_even = crossing(totals_at, 1.0, MAX_VOLUME_PER_DAY);
    let switch = crossing(
        totals_at,
        1.0 + f64::from(SWITCH_BUFFER_PCT) / 100.0,
        MAX_VOLUME_PER_DAY,
    );
    let mut notes: Vec<String> = DIFFERENCES.iter().map(|s| s.to_string()).collect();
    if bills.capped {
        notes.insert(
            0,
            "Auto scaling's maximum is below what this load needs at the target: the provisioned table would throttle. Raise the maximum.".into(),
        );
    }
    if facts.global_indexes > 0 {
        notes.push(format!(
            "Index writes: seed 002's formulas count none, and zael follows them: on demand no index write is priced, and provisioned holds each of the table's {} global indexes at its scaling minimum. Bucket and snapshot items carry the keys of an index that projects all attributes (GSI2 in zae-limiter's table), so each of their writes also writes that index: budget up to one more write unit per write, and in provisioned mode give that index the table's write capacity.",
            facts.global_indexes
        ));
    }
    // Past auto scaling's maximum the provisioned table throttles: no price is drawn there.
    let chart = chart_volumes()
        .map(|v| {
            let bills = bills_at(&workload.at_requests_per_hour(v / 24.0));
            ChartPoint {
                requests_per_day: v,
                on_demand_usd: bills.on_demand.total(),
                provisioned_usd: (!bills.capped).then(|| bills.provisioned.total()),
            }
        })
        .collect();
    Estimate {
        blueprint: "limiter",
        workload: workload.clone(),
        capacity: Some(bills.capacity),
        aggregator: options
            .enable_aggregator
            .then_some((bills.invocations_per_month, bills.records_per_invocation)),
        advice: Some(advise(bills.on_demand.total(), bills.provisioned.total())),
        on_demand: bills.on_demand,
        provisioned: Some(bills.provisioned),
        scaling: Some((read_scaling, write_scaling)),
        break_even_requests_per_day: break_even,
        switch_requests_per_day: switch,
        seed_method: Some(SeedMethod::of(
            workload,
            &prices,
            (read_scaling, write_scaling),
            facts.global_indexes,
        )),
        prices,
        notes,
        chart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter_at(requests_per_day: f64, options: &LimiterOptions) -> Estimate {
        estimate(
            StackRef::Limiter(options),
            &Workload::per_day(requests_per_day),
            &Assumptions::default(),
            "us-east-1",
        )
        .unwrap()
    }

    /// Seed 002: "Break-even: ~5M operations/month" (read as rounded to the nearest 5M).
    #[test]
    fn the_break_even_is_about_five_million_operations_a_month() {
        let estimate = limiter_at(10_000.0, &LimiterOptions::default());
        let even = estimate.break_even_requests_per_day.unwrap();
        let units = estimate.operations_per_month_at(even).unwrap();
        assert!((2_500_000.0..7_500_000.0).contains(&units), "{units}");
        // At the break-even the two bills are equal; past the switch point seed 002's rule
        // advises provisioned, and below it on-demand.
        let at_even = limiter_at(even, &LimiterOptions::default());
        let (od, prov) = (
            at_even.on_demand.total(),
            at_even.provisioned.as_ref().unwrap().total(),
        );
        assert!((od - prov).abs() < 0.01, "{od} vs {prov}");
        let switch = estimate.switch_requests_per_day.unwrap();
        assert!(switch > even);
        assert_eq!(
            limiter_at(switch * 0.99, &LimiterOptions::default()).advice,
            Some(Mode::OnDemand)
        );
        assert_eq!(
            limiter_at(switch * 1.01, &LimiterOptions::default()).advice,
            Some(Mode::Provisioned)
        );
    }

    /// Seed 002's low-volume example stays on demand; its medium volume goes provisioned.
    #[test]
    fn advice_follows_the_seeds_examples() {
        assert_eq!(
            limiter_at(10_000.0, &LimiterOptions::default()).advice,
            Some(Mode::OnDemand)
        );
        assert_eq!(
            limiter_at(1_000_000.0, &LimiterOptions::default()).advice,
            Some(Mode::Provisioned)
        );
    }

    #[test]
    fn the_aggregator_adds_its_writes_and_invocations_only_when_deployed() {
        let with = limiter_at(1_000_000.0, &LimiterOptions::default());
        let without = limiter_at(
            1_000_000.0,
            &LimiterOptions {
                enable_aggregator: false,
                ..LimiterOptions::default()
            },
        );
        assert_eq!(
            with.capacity.unwrap().aggregator_wcu,
            1_000_000.0 / 24.0 * 2.0 * 2.0
        );
        assert_eq!(without.capacity.unwrap().aggregator_wcu, 0.0);
        assert!(without.aggregator.is_none());
        let has = |e: &Estimate, c: &str| e.on_demand.lines.iter().any(|l| l.component == c);
        assert!(has(&with, "Lambda requests") && !has(&without, "Lambda requests"));
        // 1M/day is 11.6 bucket updates a second: a 5 s window gathers a full batch of 100.
        let (invocations, per_invocation) = with.aggregator.unwrap();
        assert_eq!(per_invocation, 100.0);
        assert_eq!(invocations, 60_000_000.0 / 100.0);
    }

    #[test]
    fn alarms_are_counted_in_the_template() {
        let all = limiter_at(10_000.0, &LimiterOptions::default());
        let none = limiter_at(
            10_000.0,
            &LimiterOptions {
                enable_alarms: false,
                ..LimiterOptions::default()
            },
        );
        let alarms = |e: &Estimate| {
            e.on_demand
                .lines
                .iter()
                .find(|l| l.component == "CloudWatch alarms")
                .unwrap()
                .monthly_usd
        };
        assert!((alarms(&all) - 0.6).abs() < 1e-9);
        assert_eq!(alarms(&none), 0.0);
    }

    #[test]
    fn redis_bills_its_nodes_by_the_hour() {
        let options = RedisOptions::default();
        let e = estimate(
            StackRef::Redis(&options),
            &Workload::per_day(1.0),
            &Assumptions::default(),
            "us-east-1",
        )
        .unwrap();
        let nodes = &e.on_demand.lines[0];
        // Seed 004: cache.r6g.xlarge "~$300/month", three nodes.
        assert!((nodes.monthly_usd / 3.0 - 300.0).abs() < 5.0, "{nodes:?}");
        assert!(e.provisioned.is_none() && e.advice.is_none());
    }

    #[test]
    fn the_api_bills_per_request() {
        let options = ApiOptions::default();
        let at = |per_day: f64| {
            estimate(
                StackRef::Api(&options),
                &Workload::per_day(per_day),
                &Assumptions::default(),
                "us-east-1",
            )
            .unwrap()
        };
        let gateway = |e: &Estimate| e.on_demand.lines[0].monthly_usd;
        // 1M a day is 30M a month at $3.50/million.
        assert!((gateway(&at(1_000_000.0)) - 105.0).abs() < 1e-6);
        let waf = at(1.0)
            .on_demand
            .lines
            .iter()
            .find(|l| l.component == "WAF")
            .unwrap()
            .monthly_usd;
        // Each AWS managed rule group is billed as one rule.
        assert!(
            (waf - 8.0).abs() < 0.01,
            "one web ACL, two managed rule groups and the rate rule: {waf}"
        );
    }

    #[test]
    fn an_unknown_region_names_the_known_ones() {
        let error = estimate(
            StackRef::Limiter(&LimiterOptions::default()),
            &Workload::per_day(1.0),
            &Assumptions::default(),
            "mars-north-1",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "zael has no price table for region mars-north-1; it has: us-east-1"
        );
    }
}
