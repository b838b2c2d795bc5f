//! Parsers for the rate limiter's option values. Each error says what is allowed; the caller
//! adds which flag or profile key held the value.

use super::options::Window;
use crate::aspects::{ManagedPolicyNameFormat, PermissionBoundary, RoleNameFormat};
use crate::stacks::values::{ec2_id_list, is_account_id, item_set, Arn};
pub use crate::stacks::values::{in_range, log_retention_days, sns_topic_arn, stack_name};
use crate::stacks::ValueError;

/// `hourly`, `daily` and `monthly`, comma-separated, each at most once.
pub fn snapshot_windows(value: &str) -> Result<Vec<Window>, ValueError> {
    item_set(
        value,
        "window",
        "expected a comma-separated list of hourly, daily, monthly",
        |part| Window::ALL.into_iter().find(|w| w.as_str() == part),
    )
}

/// A managed policy ARN, or a customer-managed policy name (with an optional path).
pub fn permission_boundary(value: &str) -> Result<PermissionBoundary, ValueError> {
    let boundary = PermissionBoundary::parse(value);
    match &boundary {
        PermissionBoundary::Arn(arn) => {
            let valid = Arn::parse(arn).is_some_and(|arn| {
                arn.service == "iam"
                    && arn.region.is_empty()
                    && (is_account_id(arn.account) || arn.account == "aws")
                    && arn
                        .resource
                        .strip_prefix("policy/")
                        .is_some_and(is_policy_path)
            });
            if !valid {
                return Err(ValueError::not_allowed("expected a policy ARN arn:aws:iam::<12-digit account id>:policy/<name> or a policy name"));
            }
        }
        PermissionBoundary::Name(name) => {
            if !is_policy_path(name) {
                return Err(ValueError::not_allowed("a policy name is 1-128 of letters, digits and +=,.@_- (optionally after a /path/); or give a full policy ARN"));
            }
        }
    }
    Ok(boundary)
}

/// A format with exactly one `{}` and only characters IAM allows in role names.
pub fn role_name_format(value: &str) -> Result<RoleNameFormat, ValueError> {
    name_format(value, "role").map(RoleNameFormat)
}

/// A managed-policy name format: exactly one `{}`, and only characters IAM allows.
pub fn policy_name_format(value: &str) -> Result<ManagedPolicyNameFormat, ValueError> {
    name_format(value, "managed policy").map(ManagedPolicyNameFormat)
}

fn name_format(value: &str, what: &str) -> Result<String, ValueError> {
    if value.matches("{}").count() != 1 {
        return Err(ValueError::not_allowed(
            "must contain exactly one {} placeholder, e.g. PowerUserPB-{}",
        ));
    }
    let rest = value.replacen("{}", "", 1);
    if let Some(bad) = rest.chars().find(|c| !is_iam_name_char(*c)) {
        return Err(ValueError::invalid(
            format!("contains {bad:?}"),
            format!("IAM {what} names allow letters, digits and +=,.@_-"),
        ));
    }
    Ok(value.to_string())
}

/// How the table is billed; provisioned needs read and write capacity too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillingModeChoice {
    OnDemand,
    Provisioned,
}

pub fn billing_mode(value: &str) -> Result<BillingModeChoice, ValueError> {
    match value {
        "on-demand" => Ok(BillingModeChoice::OnDemand),
        "provisioned" => Ok(BillingModeChoice::Provisioned),
        // DynamoDB's own names (seed 002 writes PAY_PER_REQUEST): say which word is ours.
        _ if value
            .replace('-', "_")
            .eq_ignore_ascii_case("PAY_PER_REQUEST") =>
        {
            Err(ValueError::not_allowed(
                "expected on-demand (DynamoDB's PAY_PER_REQUEST) or provisioned",
            ))
        }
        _ => Err(ValueError::not_allowed("expected on-demand or provisioned")),
    }
}

/// The customer-managed KMS key that encrypts the stack's data at rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KmsKey {
    /// The stack creates a key, with rotation on and a least-privilege key policy.
    Create,
    /// An existing key, by ARN; its key policy is the owner's business.
    Existing(String),
}

pub fn kms_key(value: &str) -> Result<KmsKey, ValueError> {
    let expected =
        "expected create, or a key ARN arn:aws:kms:<region>:<12-digit account id>:key/<key id>";
    if value == "create" {
        return Ok(KmsKey::Create);
    }
    let valid = Arn::parse(value).is_some_and(|arn| {
        arn.service == "kms"
            && !arn.region.is_empty()
            && is_account_id(arn.account)
            && arn.resource.strip_prefix("key/").is_some_and(|id| {
                !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    });
    if valid {
        Ok(KmsKey::Existing(value.to_string()))
    } else {
        Err(ValueError::not_allowed(expected))
    }
}

/// Subnets for the Lambda functions: 1-16, as Lambda's VpcConfig allows.
pub fn lambda_subnet_ids(value: &str) -> Result<Vec<String>, ValueError> {
    ec2_id_list(value, "subnet", 1, 16)
}

/// Security groups for the Lambda functions: 1-5, as Lambda's VpcConfig allows.
pub fn security_group_ids(value: &str) -> Result<Vec<String>, ValueError> {
    ec2_id_list(value, "sg", 1, 5)
}

/// Route tables the DynamoDB gateway endpoint joins.
pub fn route_table_ids(value: &str) -> Result<Vec<String>, ValueError> {
    ec2_id_list(value, "rtb", 1, 200)
}

/// An interface or gateway endpoint the stack adds to the Lambda functions' VPC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum VpcEndpoint {
    /// A gateway endpoint: free, and joined to the given route tables.
    Dynamodb,
    /// An interface endpoint for CloudWatch Logs in the functions' subnets.
    Logs,
    /// A gateway endpoint for S3 (audit archival), joined to the given route tables.
    S3,
}

impl VpcEndpoint {
    /// Gateway endpoints add routes to route tables; interface endpoints sit in subnets.
    pub fn is_gateway(self) -> bool {
        matches!(self, VpcEndpoint::Dynamodb | VpcEndpoint::S3)
    }
}

const VPC_ENDPOINTS_ALLOWED: &str = "expected dynamodb, logs, s3";

/// `dynamodb`, `logs`, `s3`, comma-separated, each at most once.
pub fn vpc_endpoints(value: &str) -> Result<Vec<VpcEndpoint>, ValueError> {
    item_set(
        value,
        "endpoint",
        VPC_ENDPOINTS_ALLOWED,
        |part| match part {
            "dynamodb" => Some(VpcEndpoint::Dynamodb),
            "logs" => Some(VpcEndpoint::Logs),
            "s3" => Some(VpcEndpoint::S3),
            _ => None,
        },
    )
}

/// An IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/<path/name>`.
pub fn role_arn(value: &str) -> Result<String, ValueError> {
    let valid = Arn::parse(value).is_some_and(|arn| {
        arn.service == "iam"
            && arn.region.is_empty()
            && is_account_id(arn.account)
            && arn
                .resource
                .strip_prefix("role/")
                .is_some_and(|name| !name.is_empty() && is_policy_path(name))
    });
    if valid {
        Ok(value.to_string())
    } else {
        Err(ValueError::not_allowed(
            "expected a role ARN arn:aws:iam::<12-digit account id>:role/<name>",
        ))
    }
}

/// An S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens.
pub fn bucket_name(value: &str) -> Result<String, ValueError> {
    let valid = (3..=63).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value.ends_with(|c: char| c.is_ascii_alphanumeric());
    if valid {
        Ok(value.to_string())
    } else {
        Err(ValueError::not_allowed("an S3 bucket name is 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit"))
    }
}

fn is_iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}

/// `name` or `/path/to/name`, as IAM allows for managed policies.
fn is_policy_path(value: &str) -> bool {
    let name = value.rsplit('/').next().unwrap_or_default();
    (1..=128).contains(&name.len())
        && name.chars().all(is_iam_name_char)
        && value.chars().all(|c| c == '/' || is_iam_name_char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamodbs_name_for_on_demand_is_pointed_to_ours() {
        assert_eq!(billing_mode("on-demand"), Ok(BillingModeChoice::OnDemand));
        for dynamodb in ["PAY_PER_REQUEST", "pay-per-request"] {
            let error = billing_mode(dynamodb).unwrap_err().to_string();
            assert!(
                error.contains("on-demand (DynamoDB's PAY_PER_REQUEST)"),
                "{error}"
            );
        }
        let error = billing_mode("reserved").unwrap_err().to_string();
        assert!(
            error.ends_with("expected on-demand or provisioned"),
            "{error}"
        );
    }

    #[test]
    fn windows_are_sorted_and_unique() {
        assert_eq!(
            snapshot_windows("daily,hourly"),
            Ok(vec![Window::Hourly, Window::Daily])
        );
        assert!(snapshot_windows("hourly,hourly").is_err());
        assert!(matches!(
            snapshot_windows("weekly"),
            Err(ValueError::UnknownItem { item, .. }) if item == "weekly"
        ));
    }

    #[test]
    fn endpoints_are_sorted_and_an_unknown_or_repeated_one_is_named() {
        assert_eq!(
            vpc_endpoints("s3, dynamodb"),
            Ok(vec![VpcEndpoint::Dynamodb, VpcEndpoint::S3])
        );
        let said = |value| vpc_endpoints(value).unwrap_err().to_string();
        assert_eq!(
            said("logs,sqs"),
            "unknown endpoint \"sqs\"; expected dynamodb, logs, s3"
        );
        assert_eq!(
            said("s3,logs,s3"),
            "\"s3\" is listed twice; expected dynamodb, logs, s3"
        );
    }

    #[test]
    fn arns_are_checked_for_shape() {
        assert!(sns_topic_arn("arn:aws:sns:us-east-1:123456789012:alerts").is_ok());
        assert!(sns_topic_arn("arn:aws:sns:us-east-1:1234:alerts").is_err());
        assert!(sns_topic_arn("alerts").is_err());
        assert_eq!(
            permission_boundary("arn:aws:iam::123456789012:policy/Boundary"),
            Ok(PermissionBoundary::Arn(
                "arn:aws:iam::123456789012:policy/Boundary".into()
            ))
        );
        assert_eq!(
            permission_boundary("Boundary"),
            Ok(PermissionBoundary::Name("Boundary".into()))
        );
        assert!(permission_boundary("arn:aws:iam::123456789012:role/x").is_err());
        assert!(permission_boundary("bad name").is_err());
    }

    #[test]
    fn role_name_formats_need_one_placeholder() {
        assert!(role_name_format("PowerUserPB-{}").is_ok());
        assert!(role_name_format("PowerUserPB").is_err());
        assert!(role_name_format("{}-{}").is_err());
        assert!(role_name_format("a b {}").is_err());
    }

    #[test]
    fn bucket_names_follow_s3_rules() {
        assert!(bucket_name("my-artifacts.eu").is_ok());
        assert!(bucket_name("My_Bucket").is_err());
        assert!(bucket_name("ab").is_err());
    }
}
