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
            "Stage.Properties.MethodSettings",
            "api_rate_limit|api_burst_limit",
        ),
        (
            "Stage.Properties.Description",
            "api_rate_limit|api_burst_limit",
        ),
        (
            "WebAcl.Properties.Rules",
            "waf_rate_limit|enable_waf_known_bad_inputs|enable_waf_ip_reputation",
        ),
        (
            "HandlerFunction.Properties.ReservedConcurrentExecutions",
            "handler_reserved_concurrency",
        ),
        (
            "HandlerConcurrencyAlarm.Properties.Threshold",
            "handler_reserved_concurrency",
        ),
    ],
    components: &[
        ("HandlerSecurityGroup", NETWORK),
        ("HandlerInvokePermission", GATEWAY),
        ("Handler*", HANDLER),
        ("ApiGateway*", ACCOUNT),
        ("WebAcl*", WAF),
        ("*UsagePlan", PLANS),
        ("*ApiKey", PLANS),
        ("*UsagePlanKey", PLANS),
        ("RestApi", GATEWAY),
        ("PostMethod", GATEWAY),
        ("Deployment*", GATEWAY),
        ("*Response", GATEWAY),
        ("AccessLogGroup", GATEWAY),
        ("ExecutionLogGroup", GATEWAY),
        ("Stage", GATEWAY),
        ("Table", TABLE),
        ("AlarmTopic", ALARMS),
        ("*", NETWORK),
    ],
};

// The components, each named once with the file that builds it.
const NETWORK: &str = "network (src/stacks/api/network.rs)";
const GATEWAY: &str = "gateway (src/stacks/api/gateway.rs)";
const HANDLER: &str = "handler (src/stacks/api/handler.rs)";
const ACCOUNT: &str = "account (src/stacks/api/account.rs)";
const WAF: &str = "waf (src/stacks/api/waf.rs)";
const PLANS: &str = "plans (src/stacks/api/plans.rs)";
const TABLE: &str = "table (src/stacks/api/mod.rs)";
const ALARMS: &str = "alarms (src/stacks/api/mod.rs)";
