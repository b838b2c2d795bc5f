//! AWS::ApiGateway::* of a REST API: the API, its method, deployment and stage, usage plans
//! and keys, gateway responses, and the account's CloudWatch role.

use super::{OrderedMap, Tag};
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    pub struct RestApi as "AWS::ApiGateway::RestApi" {
        pub name: Expr,
        pub description: Option<String>,
        pub endpoint_configuration: Option<EndpointConfiguration>,
        /// `HEADER`: clients send their key in `x-api-key`.
        pub api_key_source_type: Option<String>,
        pub tags: Vec<Tag>,
    }
    handle {
        ref id,
        get {
            root_resource_id: "RootResourceId",
        }
    }

    pub struct EndpointConfiguration {
        pub types: Vec<String>,
    }

    pub struct Method as "AWS::ApiGateway::Method" {
        pub rest_api_id: Expr,
        pub resource_id: Expr,
        pub http_method: String,
        pub authorization_type: String,
        pub api_key_required: bool,
        pub operation_name: Option<String>,
        pub integration: Integration,
    }

    pub struct Integration {
        #[serde(rename = "Type")]
        pub kind: String,
        pub integration_http_method: String,
        pub uri: Expr,
    }

    pub struct Deployment as "AWS::ApiGateway::Deployment" {
        pub rest_api_id: Expr,
        pub description: Option<String>,
    }
    handle { ref id }

    pub struct Stage as "AWS::ApiGateway::Stage" {
        pub rest_api_id: Expr,
        pub deployment_id: Expr,
        pub stage_name: String,
        pub description: Option<String>,
        pub tracing_enabled: bool,
        pub access_log_setting: Option<AccessLogSetting>,
        pub method_settings: Vec<MethodSetting>,
        pub tags: Vec<Tag>,
    }
    handle { ref name }

    pub struct AccessLogSetting {
        /// A log group ARN without the trailing `:*`.
        pub destination_arn: Expr,
        /// The line written per request, with `$context` variables.
        pub format: String,
    }

    pub struct MethodSetting {
        pub resource_path: String,
        pub http_method: String,
        pub throttling_rate_limit: f64,
        pub throttling_burst_limit: u32,
        pub metrics_enabled: bool,
        /// Execution logging: `OFF`, `ERROR` or `INFO`.
        pub logging_level: Option<String>,
        /// Full request and response bodies in the execution logs.
        pub data_trace_enabled: Option<bool>,
    }

    pub struct UsagePlan as "AWS::ApiGateway::UsagePlan" {
        pub usage_plan_name: Expr,
        pub description: Option<String>,
        pub api_stages: Vec<ApiStage>,
        pub throttle: ThrottleSettings,
        pub quota: QuotaSettings,
        pub tags: Vec<Tag>,
    }
    handle { ref id }

    pub struct ApiStage {
        pub api_id: Expr,
        pub stage: Expr,
    }

    pub struct ThrottleSettings {
        pub rate_limit: f64,
        pub burst_limit: u32,
    }

    pub struct QuotaSettings {
        pub limit: u32,
        /// `DAY`, `WEEK` or `MONTH`.
        pub period: String,
    }

    pub struct ApiKey as "AWS::ApiGateway::ApiKey" {
        pub name: Expr,
        pub description: Option<String>,
        pub enabled: bool,
        pub tags: Vec<Tag>,
    }
    handle {
        /// `Ref` of an API key is its ID (not its value, which stays out of the template).
        ref id
    }

    pub struct UsagePlanKey as "AWS::ApiGateway::UsagePlanKey" {
        pub key_id: Expr,
        pub key_type: String,
        pub usage_plan_id: Expr,
    }

    pub struct GatewayResponse as "AWS::ApiGateway::GatewayResponse" {
        pub rest_api_id: Expr,
        pub response_type: String,
        pub status_code: String,
        pub response_templates: OrderedMap,
    }

    /// The region's API Gateway settings: one per account and region, whichever stack set it.
    pub struct Account as "AWS::ApiGateway::Account" {
        pub cloud_watch_role_arn: Expr,
    }
}
