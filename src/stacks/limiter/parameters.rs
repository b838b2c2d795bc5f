//! Deploy-time parameters: what the seeds list as template parameters, plus where the
//! aggregator's code is. Synth options set their defaults, so a synthesized template deploys
//! as configured and can still be tuned with `--parameter-overrides`.

use super::options::{LimiterOptions, Window};
use crate::assets;
use crate::stacks::artifact::add_artifact_parameters;
use crate::stacks::common::add_log_retention_parameter;
use crate::template::{ConditionHandle, Expr, Parameter, ParameterHandle, Stack};

pub struct Parameters {
    pub pitr_enabled: ConditionHandle,
    /// Present when the aggregator is deployed: nothing else reads them.
    pub aggregator: Option<AggregatorParameters>,
}

pub struct AggregatorParameters {
    pub snapshot_windows: ParameterHandle,
    pub snapshot_retention_days: ParameterHandle,
    pub log_retention_days: ParameterHandle,
    pub code_bucket: ParameterHandle,
    pub code_key: ParameterHandle,
}

pub fn add_parameters(stack: &mut Stack, options: &LimiterOptions) -> Parameters {
    let enable_pitr = stack.add_parameter(
        "EnablePITR",
        Parameter::string("Point-in-time recovery of the rate-limit table")
            .default(if options.pitr_recovery_days.is_some() {
                "true"
            } else {
                "false"
            })
            .allowed_values(["true", "false"]),
    );
    let pitr_enabled =
        stack.add_condition("PITREnabled", Expr::equals(enable_pitr.reference(), "true"));
    let aggregator = options
        .enable_aggregator
        .then(|| aggregator_parameters(stack, options));
    Parameters {
        pitr_enabled,
        aggregator,
    }
}

fn aggregator_parameters(stack: &mut Stack, options: &LimiterOptions) -> AggregatorParameters {
    let windows: Vec<&str> = Window::ALL.iter().map(|w| w.as_str()).collect();
    let window = format!("({})", windows.join("|"));
    let snapshot_windows = stack.add_parameter(
        "SnapshotWindows",
        Parameter::string("Usage snapshot windows the aggregator maintains, comma-separated")
            .default(options.snapshot_windows_csv())
            .pattern(
                &format!("^{window}(,{window})*$"),
                "a comma-separated list of hourly, daily, monthly",
            ),
    );
    let snapshot_retention_days = stack.add_parameter(
        "SnapshotRetentionDays",
        Parameter::number("Days usage snapshots are kept before DynamoDB TTL removes them")
            .default(i64::from(options.snapshot_retention_days))
            .range(1, 3650),
    );
    let log_retention_days =
        add_log_retention_parameter(stack, "the aggregator's logs", options.log_retention_days);
    let (code_bucket, code_key) = add_artifact_parameters(
        stack,
        &assets::aggregator(),
        "the aggregator's",
        "zael synth --out",
        options.artifact_bucket.as_deref(),
    );
    AggregatorParameters {
        snapshot_windows,
        snapshot_retention_days,
        log_retention_days,
        code_bucket,
        code_key,
    }
}
