//! The estimate as JSON, keys in a fixed order, for scripts and budgets.

use serde_json::{json, Value};

use crate::estimate::{Bill, Estimate};

fn bill(bill: &Bill) -> Value {
    json!({
        "lines": bill.lines.iter().map(|l| json!({
            "component": l.component, "basis": l.basis, "monthly_usd": round(l.monthly_usd),
        })).collect::<Vec<_>>(),
        "total_usd": round(bill.total()),
    })
}

/// Money to a tenth of a cent: enough for the smallest line, and stable across platforms.
fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

pub fn json(estimate: &Estimate, stack_name: &str) -> String {
    let w = &estimate.workload;
    let p = &estimate.prices;
    let mut document = json!({
        "blueprint": estimate.blueprint,
        "stack": stack_name,
        "prices": {"region": p.region, "as_of": p.as_of, "source": p.source},
        "workload": {
            "requests_per_day": round(w.requests_per_hour * 24.0),
            "requests_per_hour": round(w.requests_per_hour),
            "requests_per_month": round(w.requests_per_month()),
            "limits_per_request": w.limits_per_request,
            "cascade_pct": w.cascade_pct,
            "stored_limits_pct": w.stored_limits_pct,
        },
    });
    let object = document.as_object_mut().expect("an object");
    if let Some(c) = &estimate.capacity {
        object.insert(
            "capacity_per_hour".into(),
            json!({"rcu": round(c.rcu), "wcu": round(c.wcu), "aggregator_wcu": round(c.aggregator_wcu), "total_wcu": round(c.total_wcu())}),
        );
    }
    if let Some((invocations, per_invocation)) = estimate.aggregator {
        object.insert(
            "aggregator".into(),
            json!({"invocations_per_month": round(invocations), "records_per_invocation": round(per_invocation)}),
        );
    }
    object.insert("on_demand".into(), bill(&estimate.on_demand));
    if let Some(provisioned) = &estimate.provisioned {
        object.insert("provisioned".into(), bill(provisioned));
    }
    if let Some((read, write)) = &estimate.scaling {
        object.insert("auto_scaling".into(), json!({"read": read, "write": write}));
    }
    if let Some(advice) = estimate.advice {
        object.insert(
            "break_even_requests_per_day".into(),
            json!(estimate.break_even_requests_per_day.map(f64::round)),
        );
        object.insert(
            "switch_requests_per_day".into(),
            json!(estimate.switch_requests_per_day.map(f64::round)),
        );
        object.insert("advice".into(), json!(advice));
    }
    if let Some(seed) = &estimate.seed_method {
        object.insert(
            "seed_method".into(),
            json!({
                "writes_usd": round(seed.writes_usd), "reads_usd": round(seed.reads_usd),
                "streams_usd": round(seed.streams_usd), "lambda_requests_usd": round(seed.lambda_requests_usd),
                "on_demand_total_usd": round(seed.on_demand_total_usd),
                "provisioned_total_usd": round(seed.provisioned_total_usd),
            }),
        );
    }
    object.insert("notes".into(), json!(estimate.notes));
    let mut text = serde_json::to_string_pretty(&document).expect("estimates serialize");
    text.push('\n');
    text
}
