//! AWS::ApiGateway::* of a REST API: the API, its method, deployment and stage, usage plans
//! and keys, gateway responses, and the account's CloudWatch role.

use serde::Serialize;

use super::{OrderedMap, Tag};
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestApi {
    pub name: Expr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_configuration: Option<EndpointConfiguration>,
    /// `HEADER`: clients send their key in `x-api-key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_source_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(RestApi, "AWS::ApiGateway::RestApi", tags);

handle_accessors!(
    RestApi,
    ref id,
    get {
        root_resource_id: "RootResourceId",
    }
);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointConfiguration {
    pub types: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Method {
    pub rest_api_id: Expr,
    pub resource_id: Expr,
    pub http_method: String,
    pub authorization_type: String,
    pub api_key_required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_name: Option<String>,
    pub integration: Integration,
}
l1_resource!(Method, "AWS::ApiGateway::Method");

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Integration {
    #[serde(rename = "Type")]
    pub kind: String,
    pub integration_http_method: String,
    pub uri: Expr,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Deployment {
    pub rest_api_id: Expr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
l1_resource!(Deployment, "AWS::ApiGateway::Deployment");

handle_accessors!(Deployment, ref id);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    pub rest_api_id: Expr,
    pub deployment_id: Expr,
    pub stage_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub tracing_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_log_setting: Option<AccessLogSetting>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub method_settings: Vec<MethodSetting>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Stage, "AWS::ApiGateway::Stage", tags);

handle_accessors!(Stage, ref name);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessLogSetting {
    /// A log group ARN without the trailing `:*`.
    pub destination_arn: Expr,
    /// The line written per request, with `$context` variables.
    pub format: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MethodSetting {
    pub resource_path: String,
    pub http_method: String,
    pub throttling_rate_limit: f64,
    pub throttling_burst_limit: u32,
    pub metrics_enabled: bool,
    /// Execution logging: `OFF`, `ERROR` or `INFO`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_level: Option<String>,
    /// Full request and response bodies in the execution logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_trace_enabled: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsagePlan {
    pub usage_plan_name: Expr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub api_stages: Vec<ApiStage>,
    pub throttle: ThrottleSettings,
    pub quota: QuotaSettings,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(UsagePlan, "AWS::ApiGateway::UsagePlan", tags);

handle_accessors!(UsagePlan, ref id);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiStage {
    pub api_id: Expr,
    pub stage: Expr,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ThrottleSettings {
    pub rate_limit: f64,
    pub burst_limit: u32,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QuotaSettings {
    pub limit: u32,
    /// `DAY`, `WEEK` or `MONTH`.
    pub period: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiKey {
    pub name: Expr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub enabled: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(ApiKey, "AWS::ApiGateway::ApiKey", tags);

handle_accessors!(
    ApiKey,
    /// `Ref` of an API key is its ID (not its value, which stays out of the template).
    ref id
);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsagePlanKey {
    pub key_id: Expr,
    pub key_type: String,
    pub usage_plan_id: Expr,
}
l1_resource!(UsagePlanKey, "AWS::ApiGateway::UsagePlanKey");

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GatewayResponse {
    pub rest_api_id: Expr,
    pub response_type: String,
    pub status_code: String,
    pub response_templates: OrderedMap,
}
l1_resource!(GatewayResponse, "AWS::ApiGateway::GatewayResponse");

/// The region's API Gateway settings: one per account and region, whichever stack set it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Account {
    pub cloud_watch_role_arn: Expr,
}
l1_resource!(Account, "AWS::ApiGateway::Account");
