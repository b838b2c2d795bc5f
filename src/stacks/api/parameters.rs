//! Deploy-time parameters: where the handler's package is, and how long logs are kept.

use super::options::ApiOptions;
use crate::assets;
use crate::resources::logs::RETENTION_DAYS;
use crate::template::{Expr, Parameter, ParameterHandle, Stack};

/// The parameters that locate the handler's package in S3 (as the limiter's aggregator).
pub const ARTIFACT_BUCKET_PARAMETER: &str = "ArtifactBucket";
pub const ARTIFACT_KEY_PARAMETER: &str = "ArtifactKey";

pub struct Parameters {
    pub log_retention_days: ParameterHandle,
    pub code_bucket: ParameterHandle,
    pub code_key: ParameterHandle,
}

pub fn add_parameters(stack: &mut Stack, options: &ApiOptions) -> Parameters {
    let log_retention_days = stack.add_parameter(
        "LogRetentionDays",
        Parameter::number(
            "Days CloudWatch Logs keeps the function's logs, the API access logs and the VPC flow logs",
        )
        .default(i64::from(options.log_retention_days))
        .allowed_values(RETENTION_DAYS.iter().map(|d| Expr::Int(i64::from(*d)))),
    );
    let mut bucket = Parameter::string(
        "S3 bucket holding the API handler's deployment package (upload the zip that `zael synth --blueprint api --out` writes)",
    )
    .pattern(
        "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
    );
    if let Some(name) = &options.artifact_bucket {
        bucket = bucket.default(name.as_str());
    }
    let code_bucket = stack.add_parameter(ARTIFACT_BUCKET_PARAMETER, bucket);
    let code_key = stack.add_parameter(
        ARTIFACT_KEY_PARAMETER,
        Parameter::string(
            "S3 key of the API handler's deployment package; the default names the package built from this version's source",
        )
        .default(assets::api_handler().s3_key())
        .length(1, 1024),
    );
    Parameters {
        log_retention_days,
        code_bucket,
        code_key,
    }
}
