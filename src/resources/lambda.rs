//! AWS::Lambda::Function and AWS::Lambda::EventSourceMapping

use serde::Serialize;

use super::{OrderedMap, Tag};
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub runtime: String,
    pub handler: String,
    pub architectures: Vec<String>,
    pub code: Code,
    pub role: Expr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrent_executions: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_config: Option<LoggingConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_config: Option<TracingConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<VpcConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Function, "AWS::Lambda::Function", tags);

handle_accessors!(Function, ref name, get { arn: "Arn" });

/// Code from an S3 object: never inline placeholder code.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Code {
    pub s3_bucket: Expr,
    pub s3_key: Expr,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Environment {
    pub variables: OrderedMap,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfig {
    pub log_format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_log_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_log_level: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TracingConfig {
    pub mode: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcConfig {
    pub subnet_ids: Expr,
    pub security_group_ids: Expr,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSourceMapping {
    pub event_source_arn: Expr,
    pub function_name: Expr,
    pub starting_position: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_batching_window_in_seconds: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_retry_attempts: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_record_age_in_seconds: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bisect_batch_on_function_error: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelization_factor: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub function_response_types: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_config: Option<DestinationConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_criteria: Option<FilterCriteria>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(EventSourceMapping, "AWS::Lambda::EventSourceMapping", tags);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationConfig {
    pub on_failure: OnFailure,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OnFailure {
    pub destination: Expr,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FilterCriteria {
    pub filters: Vec<Filter>,
}

/// An event filter; `pattern` is the JSON text of an EventBridge-style pattern.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub pattern: String,
}

/// Lets a service invoke a function.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    pub action: String,
    pub function_name: Expr,
    pub principal: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_account: Option<Expr>,
}
l1_resource!(Permission, "AWS::Lambda::Permission");
