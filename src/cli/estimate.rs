//! `zael estimate`: a stack's monthly cost for a workload (the stack from the same flags or
//! profile as `synth`), as a table, JSON or the SVG cost chart.

use clap::{ArgGroup, ArgMatches, Args, ValueEnum};

use super::stack_args::StackArgs;
use super::{CliError, Output};
use crate::blueprint::StackOptions;
use crate::estimate::{self, render, Assumptions, StackRef, Workload};
use crate::stacks::ValueError;

/// The estimate's output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum EstimateFormat {
    /// A table for people
    #[default]
    Text,
    /// For scripts and budgets
    Json,
    /// The cost chart: monthly cost against requests per day, both billing modes
    Svg,
}

/// The most requests a day an estimate takes: a hundred billion (about 1.2 M/s).
const MAX_REQUESTS_PER_DAY: f64 = 1e11;

/// `value` as a finite number of `what`.
fn number(value: &str, what: &str) -> Result<f64, ValueError> {
    match value.trim().parse::<f64>() {
        Ok(number) if number.is_finite() => Ok(number),
        _ => Err(ValueError::not_allowed(format!(
            "must be a number of {what}"
        ))),
    }
}

/// More than 0 and at most `max`.
fn positive(value: &str, what: &str, max: f64) -> Result<f64, ValueError> {
    let number = number(value, what)?;
    if number <= 0.0 || number > max {
        return Err(ValueError::not_allowed(format!(
            "must be more than 0 and at most {} {what}",
            estimate::count(max.floor())
        )));
    }
    Ok(number)
}

/// From 0 to `max`.
fn non_negative(value: &str, what: &str, max: f64) -> Result<f64, ValueError> {
    let number = number(value, what)?;
    if !(0.0..=max).contains(&number) {
        return Err(ValueError::not_allowed(format!(
            "must be from 0 to {} {what}",
            estimate::count(max)
        )));
    }
    Ok(number)
}

fn requests_per_day(value: &str) -> Result<f64, ValueError> {
    positive(value, "requests a day", MAX_REQUESTS_PER_DAY)
}

fn requests_per_second(value: &str) -> Result<f64, ValueError> {
    positive(value, "requests a second", MAX_REQUESTS_PER_DAY / 86_400.0)
}

fn percent(value: &str) -> Result<u32, ValueError> {
    match value.trim().parse::<u32>() {
        Ok(n) if n <= 100 => Ok(n),
        _ => Err(ValueError::not_allowed(
            "must be a whole percentage from 0 to 100",
        )),
    }
}

/// TransactWriteItems holds at most 100 items, and a cascading request writes each limit
/// twice (seed 002), so 50 limits is the most one request can check.
fn limits_per_request(value: &str) -> Result<u32, ValueError> {
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=50).contains(&n) => Ok(n),
        _ => Err(ValueError::not_allowed("must be from 1 to 50: TransactWriteItems holds at most 100 items, and a cascading request writes each limit twice")),
    }
}

fn duration_ms(value: &str) -> Result<f64, ValueError> {
    positive(value, "milliseconds (Lambda's timeout)", 900_000.0)
}

fn storage_gb(value: &str) -> Result<f64, ValueError> {
    non_negative(value, "GB", 1e6)
}

fn events_per_day(value: &str) -> Result<f64, ValueError> {
    non_negative(value, "events a day", MAX_REQUESTS_PER_DAY)
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("volume").args(["requests_per_day", "requests_per_second"])))]
pub struct EstimateArgs {
    /// Requests (acquire() calls, or API requests for --blueprint api) a day, on average
    #[arg(long, value_name = "N", value_parser = requests_per_day, help_heading = "Workload")]
    pub requests_per_day: Option<f64>,

    /// Requests a second, on average (instead of --requests-per-day)
    #[arg(long, value_name = "N", value_parser = requests_per_second, help_heading = "Workload")]
    pub requests_per_second: Option<f64>,

    /// Limits each request checks (seed 002's examples: 2, rpm and tpm)
    #[arg(long, value_name = "N", default_value = "2", value_parser = limits_per_request, help_heading = "Workload")]
    pub limits_per_request: u32,

    /// Share of requests whose entity cascades to its parent
    #[arg(long, value_name = "PCT", default_value = "0", value_parser = percent, help_heading = "Workload")]
    pub cascade_pct: u32,

    /// Share of requests that read stored limits (config cache misses)
    #[arg(long, value_name = "PCT", default_value = "0", value_parser = percent, help_heading = "Workload")]
    pub stored_limits_pct: u32,

    /// Average billed duration of one Lambda invocation (the dashboard's duration widget)
    #[arg(long, value_name = "MS", default_value = "100", value_parser = duration_ms, help_heading = "Workload")]
    pub lambda_duration_ms: f64,

    /// Size of the limiter's table
    #[arg(long, value_name = "GB", default_value = "0.01", value_parser = storage_gb, help_heading = "Workload")]
    pub storage_gb: f64,

    /// Audit items that expire, and are archived to S3, a day
    #[arg(long, value_name = "N", default_value = "0", value_parser = events_per_day, help_heading = "Workload")]
    pub audit_events_per_day: f64,

    /// Whose prices [default: the profile's region, else us-east-1]
    #[arg(long, value_name = "REGION", help_heading = "Workload")]
    pub region: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = EstimateFormat::Text)]
    pub format: EstimateFormat,

    #[command(flatten)]
    pub stack: StackArgs,
}

pub fn run(args: &EstimateArgs, matches: &ArgMatches) -> Result<Output, CliError> {
    let resolved = args.stack.resolve(matches)?;
    let region = args
        .region
        .clone()
        .or_else(|| resolved.region.clone())
        .unwrap_or_else(|| "us-east-1".into());
    let requests_per_hour = match (args.requests_per_day, args.requests_per_second) {
        (Some(per_day), _) => per_day / 24.0,
        (None, Some(per_second)) => per_second * 3600.0,
        (None, None) => return Err(CliError::usage(
            "estimate needs the workload's volume: --requests-per-day N or --requests-per-second N",
        )),
    };
    let workload = Workload {
        requests_per_hour,
        limits_per_request: args.limits_per_request,
        cascade_pct: args.cascade_pct,
        stored_limits_pct: args.stored_limits_pct,
    };
    let assumptions = Assumptions {
        lambda_duration_ms: args.lambda_duration_ms,
        storage_gb: args.storage_gb,
        audit_events_per_day: args.audit_events_per_day,
    };
    let (stack, stack_name) = match &resolved.options {
        StackOptions::Limiter(o) => (StackRef::Limiter(o), o.stack_name()),
        StackOptions::Redis(o) => (StackRef::Redis(o), format!("ZAEL-{}-redis", o.name)),
        StackOptions::Api(o) => (StackRef::Api(o), o.stack_name()),
    };
    let estimate = estimate::estimate(stack, &workload, &assumptions, &region).map_err(|e| {
        let source = if args.region.is_some() {
            "--region"
        } else {
            "the profile's region"
        };
        CliError::usage(format!(
            "{source} {region}: {e} (price tables live in src/estimate/prices/)"
        ))
    })?;
    let text = match args.format {
        EstimateFormat::Text => render::text(&estimate, &stack_name),
        EstimateFormat::Json => render::json(&estimate, &stack_name),
        EstimateFormat::Svg => render::svg(&estimate, &stack_name),
    };
    Ok(text.into_bytes())
}
