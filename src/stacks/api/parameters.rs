//! Deploy-time parameters: where the handler's package is, and how long logs are kept.

use super::options::ApiOptions;
use crate::assets;
use crate::stacks::artifact::add_artifact_parameters;
use crate::stacks::common::add_log_retention_parameter;
use crate::template::{Parameter, ParameterHandle, Stack};

/// The parameter naming the region's DynamoDB prefix list, the handler's one destination.
pub const DYNAMODB_PREFIX_LIST_PARAMETER: &str = "DynamoDbPrefixListId";

pub struct Parameters {
    pub log_retention_days: ParameterHandle,
    pub dynamodb_prefix_list: ParameterHandle,
    pub code_bucket: ParameterHandle,
    pub code_key: ParameterHandle,
}

pub fn add_parameters(stack: &mut Stack, options: &ApiOptions) -> Parameters {
    let log_retention_days = add_log_retention_parameter(
        stack,
        "the function's logs, the API access logs and the VPC flow logs",
        options.log_retention_days,
    );
    let (code_bucket, code_key) = add_artifact_parameters(
        stack,
        &assets::api_handler(),
        "the API handler's",
        "zael synth --blueprint api --out",
        options.artifact_bucket.as_deref(),
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
