//! AWS::Lambda::Function and AWS::Lambda::EventSourceMapping

use super::{OrderedMap, Tag};
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    pub struct Function as "AWS::Lambda::Function" {
        pub function_name: Option<Expr>,
        pub description: Option<String>,
        pub runtime: String,
        pub handler: String,
        pub architectures: Vec<String>,
        pub code: Code,
        pub role: Expr,
        pub memory_size: Option<Expr>,
        pub timeout: Option<Expr>,
        pub reserved_concurrent_executions: Option<Expr>,
        pub environment: Option<Environment>,
        pub logging_config: Option<LoggingConfig>,
        pub tracing_config: Option<TracingConfig>,
        pub vpc_config: Option<VpcConfig>,
        pub kms_key_arn: Option<Expr>,
        pub tags: Vec<Tag>,
    }
    handle { ref name, get { arn: "Arn" } }

    /// Code from an S3 object: never inline placeholder code.
    pub struct Code {
        pub s3_bucket: Expr,
        pub s3_key: Expr,
    }

    pub struct Environment {
        pub variables: OrderedMap,
    }

    pub struct LoggingConfig {
        pub log_format: String,
        pub log_group: Option<Expr>,
        pub application_log_level: Option<String>,
        pub system_log_level: Option<String>,
    }

    pub struct TracingConfig {
        pub mode: String,
    }

    pub struct VpcConfig {
        pub subnet_ids: Expr,
        pub security_group_ids: Expr,
    }

    pub struct EventSourceMapping as "AWS::Lambda::EventSourceMapping" {
        pub event_source_arn: Expr,
        pub function_name: Expr,
        pub starting_position: String,
        pub batch_size: Option<Expr>,
        pub maximum_batching_window_in_seconds: Option<Expr>,
        pub maximum_retry_attempts: Option<Expr>,
        pub maximum_record_age_in_seconds: Option<Expr>,
        pub bisect_batch_on_function_error: Option<bool>,
        pub parallelization_factor: Option<Expr>,
        pub function_response_types: Vec<String>,
        pub destination_config: Option<DestinationConfig>,
        pub filter_criteria: Option<FilterCriteria>,
        pub tags: Vec<Tag>,
    }

    pub struct DestinationConfig {
        pub on_failure: OnFailure,
    }

    pub struct OnFailure {
        pub destination: Expr,
    }

    pub struct FilterCriteria {
        pub filters: Vec<Filter>,
    }

    /// An event filter; `pattern` is the JSON text of an EventBridge-style pattern.
    pub struct Filter {
        pub pattern: String,
    }

    /// Lets a service invoke a function.
    pub struct Permission as "AWS::Lambda::Permission" {
        pub action: String,
        pub function_name: Expr,
        pub principal: String,
        pub source_arn: Option<Expr>,
        pub source_account: Option<Expr>,
    }
}
