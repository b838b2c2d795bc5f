//! The API service as a [`Blueprint`].

use super::{build, ApiOptions, ApiOptionsError, ApiSettings};
use crate::assets;
use crate::blueprint::{Artifact, Blueprint, SettingsError, Sources};
use crate::stacks::artifact::artifact;
use crate::template::Stack;

pub struct Api;

impl Blueprint for Api {
    const NAME: &'static str = "api";
    type Options = ApiOptions;
    type Settings = ApiSettings;
    type Error = ApiOptionsError;
    type Profile = crate::profile::ApiProfile;

    fn apply(settings: &ApiSettings, options: &mut ApiOptions) -> Result<(), SettingsError> {
        settings.apply(options)
    }

    fn validate(options: &ApiOptions) -> Result<(), ApiOptionsError> {
        options.validate()
    }

    fn build(options: &ApiOptions) -> Stack {
        build(options)
    }

    fn artifacts(_: &ApiOptions) -> Vec<Artifact> {
        vec![artifact(assets::api_handler())]
    }

    fn sources() -> &'static Sources {
        &SOURCES
    }
}

static SOURCES: Sources = Sources {
    settings: &[
        (
            "Stage",
            "Properties.MethodSettings",
            "api_rate_limit|api_burst_limit",
        ),
        (
            "Stage",
            "Properties.Description",
            "api_rate_limit|api_burst_limit",
        ),
        (
            "WebAcl",
            "Properties.Rules",
            "waf_rate_limit|enable_waf_known_bad_inputs|enable_waf_ip_reputation",
        ),
        (
            "HandlerFunction",
            "Properties.ReservedConcurrentExecutions",
            "handler_reserved_concurrency",
        ),
        (
            "HandlerConcurrencyAlarm",
            "Properties.Threshold",
            "handler_reserved_concurrency",
        ),
    ],
    components: &[
        (
            "HandlerSecurityGroup",
            "network (src/stacks/api/network.rs)",
        ),
        (
            "HandlerInvokePermission",
            "gateway (src/stacks/api/gateway.rs)",
        ),
        ("Handler*", "handler (src/stacks/api/handler.rs)"),
        ("ApiGateway*", "account (src/stacks/api/account.rs)"),
        ("WebAcl*", "waf (src/stacks/api/waf.rs)"),
        ("*UsagePlan", "plans (src/stacks/api/plans.rs)"),
        ("*ApiKey", "plans (src/stacks/api/plans.rs)"),
        ("*UsagePlanKey", "plans (src/stacks/api/plans.rs)"),
        ("RestApi", "gateway (src/stacks/api/gateway.rs)"),
        ("PostMethod", "gateway (src/stacks/api/gateway.rs)"),
        ("Deployment*", "gateway (src/stacks/api/gateway.rs)"),
        ("*Response", "gateway (src/stacks/api/gateway.rs)"),
        ("AccessLogGroup", "gateway (src/stacks/api/gateway.rs)"),
        ("ExecutionLogGroup", "gateway (src/stacks/api/gateway.rs)"),
        ("Stage", "gateway (src/stacks/api/gateway.rs)"),
        ("Table", "table (src/stacks/api/mod.rs)"),
        ("AlarmTopic", "alarms (src/stacks/api/mod.rs)"),
        ("*", "network (src/stacks/api/network.rs)"),
    ],
};
