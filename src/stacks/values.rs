//! Parsers for option values every blueprint shares. Each error says what is allowed; the
//! caller adds which flag or profile key held the value.

use super::value_error::ValueError;
use crate::resources::logs::RETENTION_DAYS;

fn integer(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok()
}

/// An integer in `min..=max`, described with `unit` in errors.
pub fn in_range(value: &str, min: u32, max: u32, unit: &'static str) -> Result<u32, ValueError> {
    let n = integer(value).ok_or(ValueError::NotNumberInRange { min, max, unit })?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(ValueError::OutOfRange { min, max, unit })
    }
}

/// The longest `--name`: `ZAEL-` plus 50 makes the 55-character stack-name limit of the
/// rate limiter's deploy CLI, which zael keeps so the same names work with both.
pub const MAX_NAME: usize = 50;

/// Letters, digits and hyphens, starting with a letter: the characters every physical name
/// derived from it (table, function, queue, role, alarm, replication group) accepts.
pub fn stack_name(value: &str) -> Result<String, ValueError> {
    let allowed = "use letters, digits and hyphens, starting with a letter";
    let Some(first) = value.chars().next() else {
        return Err(ValueError::invalid("must not be empty", allowed));
    };
    let explain = |c: char| match c {
        '_' => Some("underscores are not allowed in names that become Lambda and IAM names"),
        '.' => Some("dots are not allowed in names that become SQS queue and Lambda names"),
        ' ' => Some("spaces are not allowed in AWS resource names"),
        _ => None,
    };
    if let Some(reason) = value.chars().find_map(explain) {
        return Err(ValueError::invalid(reason, allowed));
    }
    if !first.is_ascii_alphabetic() {
        return Err(ValueError::invalid("must start with a letter", allowed));
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(ValueError::invalid(format!("contains {bad:?}"), allowed));
    }
    if value.len() > MAX_NAME {
        return Err(ValueError::invalid(
            format!("is {} characters", value.len()),
            format!(
                "at most {MAX_NAME}, so that the stack name ZAEL-{{name}} stays within 55 and leaves room for the suffixes of IAM role names (64 characters at most); shorten it by {}",
                crate::validate::characters(value.len() - MAX_NAME)
            ),
        ));
    }
    Ok(value.to_string())
}

pub fn log_retention_days(value: &str) -> Result<u32, ValueError> {
    let allowed = || {
        let days: Vec<String> = RETENTION_DAYS.iter().map(u32::to_string).collect();
        format!("CloudWatch Logs allows {}", days.join(", "))
    };
    let days = integer(value).ok_or_else(|| ValueError::NotNumber {
        allowed: allowed().into(),
    })?;
    if RETENTION_DAYS.contains(&days) {
        Ok(days)
    } else {
        Err(ValueError::not_allowed(allowed()))
    }
}

/// An SNS topic ARN: `arn:<partition>:sns:<region>:<12-digit account>:<topic>`.
pub fn sns_topic_arn(value: &str) -> Result<String, ValueError> {
    let expected = "expected arn:aws:sns:<region>:<12-digit account id>:<topic name>";
    let valid = Arn::parse(value).is_some_and(|arn| {
        arn.service == "sns"
            && is_region(arn.region)
            && is_account_id(arn.account)
            && is_topic_name(arn.resource)
    });
    if valid {
        Ok(value.to_string())
    } else {
        Err(ValueError::not_allowed(expected))
    }
}

/// An AWS region name such as `eu-west-1`.
pub fn region(value: &str) -> Result<String, ValueError> {
    let parts: Vec<&str> = value.split('-').collect();
    let valid = parts.len() >= 3
        && parts.iter().all(|p| !p.is_empty())
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit());
    if valid {
        Ok(value.to_string())
    } else {
        Err(ValueError::not_allowed(
            "expected a region name such as us-east-1 or eu-west-1",
        ))
    }
}

/// The region of an ARN (`arn:partition:service:region:...`), when it has one.
pub fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

/// The fields of an ARN, `arn:<partition>:<service>:<region>:<account>:<resource>`, as the
/// option rules read them: each rule then says what its service, region, account and
/// resource must be.
pub(crate) struct Arn<'a> {
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// The six fields, when `value` has them and names a partition AWS has.
    pub(crate) fn parse(value: &'a str) -> Option<Arn<'a>> {
        let parts: Vec<&str> = value.splitn(6, ':').collect();
        let valid = parts.len() == 6 && parts[0] == "arn" && is_partition(parts[1]);
        valid.then(|| Arn {
            service: parts[2],
            region: parts[3],
            account: parts[4],
            resource: parts[5],
        })
    }
}

fn is_partition(p: &str) -> bool {
    matches!(p, "aws" | "aws-cn" | "aws-us-gov")
}

fn is_region(r: &str) -> bool {
    !r.is_empty()
        && r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An AWS account ID: 12 digits (the option rules, fleet targets and layer 1's ARN checks).
pub(crate) fn is_account_id(a: &str) -> bool {
    a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())
}

fn is_topic_name(t: &str) -> bool {
    (1..=256).contains(&t.len())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `{prefix}-` and 8 or 17 lowercase hex digits: the shape of EC2 resource IDs.
pub(crate) fn is_ec2_id(value: &str, prefix: &str) -> bool {
    value
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| {
            matches!(hex.len(), 8 | 17)
                && hex
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
}

/// The VPC of the Lambda functions (limiter) or of the cache (redis).
pub fn vpc_id(value: &str) -> Result<String, ValueError> {
    ec2_id(value, "vpc")
}

pub(crate) fn ec2_id(value: &str, prefix: &str) -> Result<String, ValueError> {
    if is_ec2_id(value, prefix) {
        Ok(value.to_string())
    } else {
        Err(ValueError::not_allowed(format!(
            "expected {prefix}- and 8 or 17 lowercase hex digits, e.g. {prefix}-0123456789abcdef0"
        )))
    }
}

/// A comma-separated list of the items `item` knows by name, each at most once, sorted: an
/// unknown item (a `kind`) or a repeated one is refused with what is `allowed`.
pub(crate) fn item_set<T: Ord>(
    value: &str,
    kind: &'static str,
    allowed: &'static str,
    item: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, ValueError> {
    let mut items = Vec::new();
    for part in value.split(',').map(str::trim) {
        let found = item(part).ok_or_else(|| ValueError::UnknownItem {
            kind,
            item: part.to_string(),
            allowed: allowed.into(),
        })?;
        if items.contains(&found) {
            return Err(ValueError::ListedTwice {
                item: part.to_string(),
                allowed: allowed.into(),
            });
        }
        items.push(found);
    }
    items.sort();
    Ok(items)
}

/// Comma-separated EC2 IDs of one kind (`subnet`, `sg`, `rtb`), `min..=max` of them, distinct.
pub(crate) fn ec2_id_list(
    value: &str,
    prefix: &str,
    min: usize,
    max: usize,
) -> Result<Vec<String>, ValueError> {
    let ids: Vec<String> = value.split(',').map(|s| s.trim().to_string()).collect();
    for id in &ids {
        ec2_id(id, prefix).map_err(|e| e.in_part(format!("{id:?}")))?;
    }
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != ids.len() {
        return Err(ValueError::not_allowed("lists an ID twice"));
    }
    if !(min..=max).contains(&ids.len()) {
        return Err(ValueError::not_allowed(format!(
            "expected {min} to {max} IDs, comma-separated"
        )));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_accept_their_bounds_and_reject_outside() {
        assert_eq!(in_range("1", 1, 35, "days"), Ok(1));
        assert_eq!(in_range("35", 1, 35, "days"), Ok(35));
        assert_eq!(
            in_range("36", 1, 35, "days"),
            Err(ValueError::OutOfRange {
                min: 1,
                max: 35,
                unit: "days"
            })
        );
        assert_eq!(
            in_range("x", 1, 35, "days").unwrap_err().to_string(),
            "expected a whole number from 1 to 35 days"
        );
    }

    #[test]
    fn stack_names_explain_each_forbidden_character() {
        assert!(stack_name("prod-limiter").is_ok());
        let error = |name: &str| stack_name(name).unwrap_err().to_string();
        assert!(error("my_app").starts_with("underscores"));
        assert!(error("my.app").starts_with("dots"));
        assert!(error("my app").starts_with("spaces"));
        assert!(error("1app").starts_with("must start with a letter"));
        assert!(stack_name("").is_err());
        assert!(error("a/b").contains("'/'"));
    }

    #[test]
    fn log_retention_takes_only_cloudwatch_values() {
        assert_eq!(log_retention_days("90"), Ok(90));
        let err = log_retention_days("31").unwrap_err().to_string();
        assert!(err.contains("1, 3, 5, 7, 14, 30, 60, 90"), "{err}");
    }
}
