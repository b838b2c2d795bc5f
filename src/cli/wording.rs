//! The library's typed errors in the user's words: the flag (and profile key) to change, what
//! was wrong and what is allowed. Only the CLI names flags.

use crate::aspects::MAX_USER_TAGS;
use crate::blueprint::{NetworkError, OptionsError, SettingsError};
use crate::check::{CheckError, RulesError};
use crate::stacks::api::ApiOptionsError;
use crate::stacks::limiter::LimiterOptionsError;
use crate::stacks::redis::{RedisOptionsError, WINDOWS_ALLOWED};

/// The flag of a setting: its profile key in kebab-case.
pub fn flag(key: &str) -> String {
    format!("--{}", key.replace('_', "-"))
}

/// Why `zael check` could not run, with the flags that caused it.
pub fn check_error(error: &CheckError) -> String {
    match error {
        CheckError::UnknownSkip { skip } => {
            format!("--skip {skip}: no such rule (see `zael check --list-rules`)")
        }
        CheckError::Unsuppressible {
            skip,
            rule,
            by_policy,
        } => format!(
            "--skip {skip}: rule {rule} may not be suppressed ({})",
            if *by_policy {
                "--no-skip"
            } else {
                "marked `# zael: unsuppressible` in its rules file"
            }
        ),
        CheckError::SkipWithoutReason { skip } => format!("--skip {skip} needs a --reason"),
        CheckError::Guard(error) => error.to_string(),
    }
}

/// Why a `--rules` directory cannot be used.
pub fn rules_error(error: &RulesError) -> String {
    match error {
        RulesError::UnreadableDir { dir, error } => {
            format!("cannot read --rules {}: {error}", dir.display())
        }
        RulesError::NoGuardFiles { dir } => {
            format!("--rules {} holds no .guard files", dir.display())
        }
        RulesError::UnreadableFile { path, error } => {
            format!("cannot read --rules file {}: {error}", path.display())
        }
        RulesError::Invalid(message) => message.clone(),
    }
}

pub fn settings_error(error: &SettingsError) -> String {
    match error {
        SettingsError::TooManyTags { count } => format!(
            "--tag: {count} tags given; at most {MAX_USER_TAGS} (AWS allows 50 per resource, and zael keeps 5 for its own)"
        ),
        SettingsError::ProvisionedNeedsCapacity => {
            "--billing-mode provisioned needs both --read-capacity and --write-capacity".into()
        }
        SettingsError::CapacityNeedsProvisioned => "--read-capacity and --write-capacity need --billing-mode provisioned; on-demand tables take no capacity".into(),
        SettingsError::Network(error) => network_error(error).into(),
        SettingsError::NeedsVpcId { setting } => format!(
            "{} needs --vpc-id: it belongs to an existing VPC, and without --vpc-id the stack creates its own",
            flag(setting)
        ),
    }
}

fn network_error(error: &NetworkError) -> &'static str {
    match error {
        NetworkError::Incomplete => "a VPC placement needs both --lambda-subnet-ids and --lambda-security-group-ids (profile keys lambda_subnet_ids, lambda_security_group_ids)",
        NetworkError::EndpointsNeedVpc => "--vpc-endpoints needs --lambda-vpc-id (profile key lambda_vpc_id): endpoints belong to a VPC",
        NetworkError::GatewayNeedsRouteTables => "the dynamodb and s3 gateway endpoints need --route-table-ids (profile key route_table_ids): the route tables of the functions' subnets",
        NetworkError::RouteTablesWithoutGateway => "--route-table-ids is only for the gateway endpoints; add dynamodb or s3 to --vpc-endpoints",
    }
}

pub fn options_error(error: &OptionsError) -> String {
    match error {
        OptionsError::Limiter(LimiterOptionsError::RolesWithoutIam) => "--create-iam-roles needs IAM resources, which --no-iam turns off (profile keys create_iam_roles, enable_iam)".into(),
        OptionsError::Limiter(LimiterOptionsError::ArchivalWithoutS3Route) => "--lambda-subnet-ids puts the aggregator in private subnets with audit archival on, but nothing gives it a route to S3: every archival upload would fail and its records go to the dead-letter queue; add s3 to --vpc-endpoints (a free gateway endpoint, with --route-table-ids), or turn archival off with --no-audit-archival (profile keys vpc_endpoints, enable_audit_archival)".into(),
        OptionsError::Limiter(LimiterOptionsError::ParallelizationOverReservedConcurrency { factor, reserved }) => format!("--parallelization-factor {factor} runs up to {factor} aggregator instances per stream shard, but --lambda-reserved-concurrency {reserved} caps them below that: the extra batches would be throttled and retried; lower the factor to at most {reserved} or raise the reserved concurrency (profile keys parallelization_factor, lambda_reserved_concurrency)"),
        OptionsError::Limiter(LimiterOptionsError::AutoScalingNeedsProvisioned) => "--autoscaling-target-pct, --autoscaling-min-capacity and --autoscaling-max-capacity scale a provisioned table: add --billing-mode provisioned with --read-capacity and --write-capacity (on demand, DynamoDB scales by itself) (profile keys billing_mode, autoscaling_target_pct, autoscaling_min_capacity, autoscaling_max_capacity)".into(),
        OptionsError::Limiter(LimiterOptionsError::AutoScalingMinAboveMax { min, max }) => format!("--autoscaling-min-capacity {min} is above --autoscaling-max-capacity {max}; the minimum must not exceed the maximum (profile keys autoscaling_min_capacity, autoscaling_max_capacity)"),
        OptionsError::Limiter(LimiterOptionsError::AggregatorWithoutRole) => "--no-iam leaves the aggregator without an execution role: give --aggregator-role-arn, or turn the aggregator off with --no-aggregator (profile keys aggregator_role_arn, enable_aggregator)".into(),
        OptionsError::Redis(RedisOptionsError::WindowsOverlap {
            snapshot,
            maintenance,
            overlap,
        }) => format!(
            "--cache-maintenance-window '{maintenance}' and --cache-snapshot-window '{snapshot}' share {overlap} UTC; {WINDOWS_ALLOWED}"
        ),
        OptionsError::Redis(other) => other.to_string(),
        OptionsError::Api(ApiOptionsError::StageRateBelowPlan { rate, plan, plan_rate }) => format!(
            "invalid value '{rate}' for '--api-rate-limit': the {plan} usage plan promises {plan_rate} requests/s, so the stage must allow at least that; raise --api-rate-limit or lower the plan's rate (--usage-plan)"
        ),
        OptionsError::Api(ApiOptionsError::UsagePlans(message)) => format!(
            "--usage-plan (profile key usage_plans): {message}"
        ),
        OptionsError::Api(ApiOptionsError::WebAclCapacity { units, limit }) => format!(
            "the web ACL's rules need {units} capacity units (WCU), over the {limit} a web ACL may use; turn a managed rule group off with --no-waf-known-bad-inputs or --no-waf-ip-reputation"
        ),
        OptionsError::Api(ApiOptionsError::StageBurstBelowPlan { burst, plan, plan_burst }) => format!(
            "invalid value '{burst}' for '--api-burst-limit': the {plan} usage plan promises a burst of {plan_burst}, so the stage must allow at least that; raise --api-burst-limit or lower the plan's burst (--usage-plan)"
        ),
    }
}

/// Seed 003's "align concurrency with throttling", with the arithmetic.
pub fn concurrency_warning(shortfall: &crate::stacks::api::ConcurrencyShortfall) -> String {
    let crate::stacks::api::ConcurrencyShortfall {
        rate,
        concurrency,
        seconds_per_request: seconds,
        needed,
        servable,
    } = shortfall;
    format!(
        "--api-rate-limit {rate} outruns --handler-reserved-concurrency {concurrency}: at up to {seconds} s per request (seed 003 aligns the two one to one), {rate} requests/s × {seconds} s = {needed} executions, but {concurrency} are reserved, so Lambda throttles past {concurrency} ÷ {seconds} s = {servable} requests/s and clients get errors instead of the stage's 429; raise --handler-reserved-concurrency to {needed} or lower --api-rate-limit to {servable}"
    )
}
