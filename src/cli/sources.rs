//! A finding's source in the words of a report: the flag and profile key of the setting that
//! changes the value, or the blueprint component that builds it. Each blueprint's table is
//! its own ([`crate::blueprint::Sources`]); the library names the settings' keys, the CLI
//! words them as flags.

use crate::blueprint::sources::{self, Source};
use crate::blueprint::BlueprintName;

/// The source of the value at `path` of a template synthesized from `blueprint`.
pub fn source(blueprint: BlueprintName, path: &str) -> String {
    match sources::source(blueprint, path) {
        Source::Settings(keys) => keys
            .iter()
            .map(|key| format!("{} / profile key {key}", super::wording::flag(key)))
            .collect::<Vec<_>>()
            .join(", or "),
        Source::Blueprint(component) => component,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlueprintName::{Api, Limiter, Redis};

    #[test]
    fn flags_profile_keys_and_components_are_named() {
        assert_eq!(
            source(Limiter, "Resources.RateLimitsTable.Properties.PointInTimeRecoverySpecification.RecoveryPeriodInDays"),
            "--pitr-recovery-days / profile key pitr_recovery_days"
        );
        assert_eq!(
            source(Limiter, "Resources.AppRole.Properties.RoleName"),
            "--name / profile key name, or --role-name-format / profile key role_name_format"
        );
        assert_eq!(
            source(
                Limiter,
                "Resources.AggregatorLogGroup.Properties.LogGroupName"
            ),
            "--name / profile key name"
        );
        assert_eq!(
            source(
                Limiter,
                "Resources.AggregatorDeadLetterQueue.Properties.SqsManagedSseEnabled"
            ),
            "limiter blueprint: aggregator (src/stacks/limiter/aggregator.rs)"
        );
        assert_eq!(
            source(
                Redis,
                "Resources.ReplicationGroup.Properties.NumCacheClusters"
            ),
            "--cache-replicas / profile key cache_replicas"
        );
    }

    #[test]
    fn api_findings_are_credited_to_the_api_blueprint() {
        assert_eq!(
            source(Api, "Resources.Stage.Properties.MethodSettings.0.ThrottlingRateLimit"),
            "--api-rate-limit / profile key api_rate_limit, or --api-burst-limit / profile key api_burst_limit"
        );
        assert_eq!(
            source(Api, "Resources.WebAcl.Properties.DefaultAction"),
            "api blueprint: waf (src/stacks/api/waf.rs)"
        );
        assert_eq!(
            source(Api, "Resources.HandlerRole.Properties.Policies"),
            "api blueprint: handler (src/stacks/api/handler.rs)"
        );
        assert_eq!(
            source(Api, "Outputs.ApiUrl.Value"),
            "api blueprint: outputs (src/stacks/api/outputs.rs)"
        );
    }
}
