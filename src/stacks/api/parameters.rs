//! Deploy-time parameters: where the handler's package is, and how long logs are kept.

use super::options::ApiOptions;
use crate::assets;
use crate::resources::logs::RETENTION_DAYS;
use crate::template::{Expr, Parameter, ParameterHandle, Stack};

/// The parameters that locate the handler's package in S3 (as the limiter's aggregator).
pub const ARTIFACT_BUCKET_PARAMETER: &str = "ArtifactBucket";
pub const ARTIFACT_KEY_PARAMETER: &str = "ArtifactKey";

/// The parameter naming the region's DynamoDB prefix list, the handler's one destination.
pub const DYNAMODB_PREFIX_LIST_PARAMETER: &str = "DynamoDbPrefixListId";

pub struct Parameters {
    pub log_retention_days: ParameterHandle,
    pub dynamodb_prefix_list: ParameterHandle,
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
    // CloudFormation exposes neither the gateway endpoint's prefix list nor the region's
    // (its ID differs per region), so the deployer looks it up once:
    // aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.dynamodb
    let dynamodb_prefix_list = stack.add_parameter(
        DYNAMODB_PREFIX_LIST_PARAMETER,
        Parameter::string(
            "ID of the region's AWS-managed prefix list com.amazonaws.<region>.dynamodb (pl-...), the only destination the handler's security group allows: aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.<region>.dynamodb --query 'PrefixLists[0].PrefixListId' --output text",
        )
        .pattern(
            "^pl-[0-9a-f]{8}([0-9a-f]{9})?$",
            "a prefix list ID: pl- and 8 or 17 hexadecimal digits",
        ),
    );
    Parameters {
        log_retention_days,
        dynamodb_prefix_list,
        code_bucket,
        code_key,
    }
}
