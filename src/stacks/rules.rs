//! The rules of the options every blueprint shares (see [`crate::stacks::rule`]).

use super::values;
use crate::aspects::{ManagedPolicyNameFormat, PermissionBoundary, RoleNameFormat};
use crate::stacks::limiter::values as iam_values;
use crate::stacks::limiter::values::KmsKey;
use crate::text_rule;

/// The schema patterns that more than one rule's items take (the Redis tier's and the
/// limiter's subnets and security groups; role and policy name formats).
pub const SUBNET_ID: &str = "^subnet-[0-9a-f]{8}([0-9a-f]{9})?$";
pub const SECURITY_GROUP_ID: &str = "^sg-[0-9a-f]{8}([0-9a-f]{9})?$";
const NAME_FORMAT: &str = "^[A-Za-z0-9+=,.@_-]*\\{\\}[A-Za-z0-9+=,.@_-]*$";

text_rule!(
    /// `--name` / `name`: letters, digits and hyphens, starting with a letter.
    StackName, String, values::stack_name,
    {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9-]*$"}
);

text_rule!(
    /// `--alarm-sns-topic` / `alarm_sns_topic`: an SNS topic ARN.
    AlarmSnsTopic, String, values::sns_topic_arn,
    {"type": "string", "pattern": "^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$"}
);

text_rule!(
    /// `--log-retention-days` / `log_retention_days`: a retention CloudWatch Logs accepts.
    LogRetentionDays, u32, values::log_retention_days,
    {"type": "integer", "enum": crate::resources::logs::RETENTION_DAYS}
);

text_rule!(
    /// `region`: where the profile's stack is deployed; ARNs it names must be there too.
    Region, String, values::region,
    {"type": "string", "pattern": "^[a-z]+(-[a-z]+)+-[0-9]+$"}
);

text_rule!(
    /// `--lambda-vpc-id` / `lambda_vpc_id` (limiter), `--vpc-id` / `vpc_id` (redis).
    VpcId, String, values::vpc_id,
    {"type": "string", "pattern": "^vpc-[0-9a-f]{8}([0-9a-f]{9})?$"}
);

text_rule!(
    /// `--permission-boundary` / `permission_boundary`: a policy name or ARN.
    Boundary, PermissionBoundary, iam_values::permission_boundary,
    {"type": "string", "description": "a policy name or a full policy ARN"}
);
text_rule!(
    RoleFormat, RoleNameFormat, iam_values::role_name_format,
    {"type": "string", "pattern": NAME_FORMAT}
);
text_rule!(
    PolicyFormat, ManagedPolicyNameFormat, iam_values::policy_name_format,
    {"type": "string", "pattern": NAME_FORMAT}
);
text_rule!(
    /// `--kms-key` / `kms_key`: `create`, or the ARN of an existing key.
    Kms, KmsKey, iam_values::kms_key,
    {"type": "string", "pattern": "^(create|arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+)$"}
);
