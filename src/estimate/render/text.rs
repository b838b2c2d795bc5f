//! The estimate as a table for people.

use std::fmt::Write;

use super::{usd, volume};
use crate::estimate::{cost::count, Estimate, Mode, SWITCH_BUFFER_PCT};

pub fn text(estimate: &Estimate, stack_name: &str) -> String {
    let mut out = String::new();
    let w = &estimate.workload;
    let p = &estimate.prices;
    let _ = writeln!(
        out,
        "zael estimate: {} {stack_name}, {} prices of {}",
        estimate.blueprint, p.region, p.as_of
    );
    let _ = writeln!(
        out,
        "Workload: {} requests/day ({}/hour, {:.2}/s), {} limits per request, {}% cascade, {}% stored limits",
        count(w.requests_per_hour * 24.0),
        count(w.requests_per_hour),
        w.requests_per_second(),
        w.limits_per_request,
        w.cascade_pct,
        w.stored_limits_pct
    );
    if let Some(c) = &estimate.capacity {
        let _ = writeln!(out, "\nCapacity per hour (seed 002's formulas)");
        let _ = writeln!(out, "  RCU  {}", count(c.rcu));
        let _ = writeln!(
            out,
            "  WCU  {} by acquire + {} by the aggregator = {}",
            count(c.wcu),
            count(c.aggregator_wcu),
            count(c.total_wcu())
        );
    }
    if let Some((invocations, per_invocation)) = estimate.aggregator {
        let _ = writeln!(
            out,
            "Aggregator: {} invocations a month, {per_invocation:.1} records each",
            count(invocations)
        );
    }
    bill_table(&mut out, estimate);
    if let Some(advice) = estimate.advice {
        let _ = writeln!(out);
        match estimate.break_even_requests_per_day {
            Some(v) => {
                let units = estimate.operations_per_month_at(v).unwrap_or(0.0);
                let _ = writeln!(
                    out,
                    "Break-even: {} requests/day ({} acquire() reads and writes a month; seed 002: ~5M operations a month)",
                    volume(v),
                    volume(units)
                );
            }
            None => {
                let _ = writeln!(out, "Break-even: none up to 100 billion requests/day");
            }
        }
        if let Some(v) = estimate.switch_requests_per_day {
            let _ = writeln!(
                out,
                "Switch point: on-demand exceeds provisioned + {SWITCH_BUFFER_PCT}% from {} requests/day",
                volume(v)
            );
        }
        let (on_demand, provisioned) = (
            estimate.on_demand.total(),
            estimate.provisioned.as_ref().map_or(0.0, |b| b.total()),
        );
        let why = match advice {
            Mode::OnDemand => format!(
                "on-demand {} is not more than provisioned {} + {SWITCH_BUFFER_PCT}%",
                usd(on_demand),
                usd(provisioned)
            ),
            Mode::Provisioned => format!(
                "on-demand {} exceeds provisioned {} + {SWITCH_BUFFER_PCT}%",
                usd(on_demand),
                usd(provisioned)
            ),
        };
        let _ = writeln!(
            out,
            "Advice: --billing-mode {} ({why})",
            advice.flag_value()
        );
    }
    if let Some(seed) = &estimate.seed_method {
        let _ = writeln!(
            out,
            "\nThe seeds' method for this workload: {} on demand (writes {}, reads {}, streams {}, Lambda {}), {} provisioned",
            usd(seed.on_demand_total_usd),
            usd(seed.writes_usd),
            usd(seed.reads_usd),
            usd(seed.streams_usd),
            usd(seed.lambda_requests_usd),
            usd(seed.provisioned_total_usd)
        );
    }
    if !estimate.notes.is_empty() {
        let _ = writeln!(out, "\nNotes");
        for note in &estimate.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    let _ = writeln!(out, "\nPrices: {}", p.source);
    out
}

/// One row per component, with a column per billing mode.
fn bill_table(out: &mut String, estimate: &Estimate) {
    let mut components: Vec<&'static str> = Vec::new();
    let bills: Vec<_> = std::iter::once(&estimate.on_demand)
        .chain(estimate.provisioned.as_ref())
        .collect();
    for bill in &bills {
        for line in &bill.lines {
            if !components.contains(&line.component) {
                components.push(line.component);
            }
        }
    }
    let width = components.iter().map(|c| c.len()).max().unwrap_or(0).max(5);
    let _ = writeln!(out);
    if bills.len() == 2 {
        let _ = writeln!(
            out,
            "{:width$}  {:>12}  {:>12}  Basis",
            "Monthly cost", "On-demand", "Provisioned"
        );
    } else {
        let _ = writeln!(out, "{:width$}  {:>12}  Basis", "Monthly cost", "Cost");
    }
    for component in components {
        let mut row = format!("{component:width$}");
        let mut basis = String::new();
        for bill in &bills {
            match bill.lines.iter().find(|l| l.component == component) {
                Some(line) => {
                    let _ = write!(row, "  {:>12}", usd(line.monthly_usd));
                    if basis.is_empty() {
                        basis = line.basis.clone();
                    }
                }
                None => {
                    let _ = write!(row, "  {:>12}", "-");
                }
            }
        }
        let _ = writeln!(out, "{row}  {basis}");
    }
    let mut total = format!("{:width$}", "Total");
    for bill in &bills {
        let _ = write!(total, "  {:>12}", usd(bill.total()));
    }
    let _ = writeln!(out, "{total}");
}
