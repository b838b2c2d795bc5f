//! Parsers for option values every blueprint shares. Each error says what is allowed; the
//! caller adds which flag or profile key held the value.

use crate::resources::logs::RETENTION_DAYS;

fn integer(value: &str) -> Result<u32, String> {
    value
        .trim()
        .parse::<u32>()
        .map_err(|_| "expected a whole number".to_string())
}

/// An integer in `min..=max`, described with `unit` in errors.
pub fn in_range(value: &str, min: u32, max: u32, unit: &str) -> Result<u32, String> {
    let n = integer(value).map_err(|e| format!("{e} from {min} to {max} {unit}"))?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(format!("must be from {min} to {max} {unit}"))
    }
}

/// The longest `--name`: `ZAEL-` plus 50 makes the 55-character stack-name limit of the
/// rate limiter's deploy CLI, which zael keeps so the same names work with both.
pub const MAX_NAME: usize = 50;

/// Letters, digits and hyphens, starting with a letter: the characters every physical name
/// derived from it (table, function, queue, role, alarm, replication group) accepts.
pub fn stack_name(value: &str) -> Result<String, String> {
    let allowed = "use letters, digits and hyphens, starting with a letter";
    let Some(first) = value.chars().next() else {
        return Err(format!("must not be empty; {allowed}"));
    };
    let explain = |c: char| match c {
        '_' => Some("underscores are not allowed in names that become Lambda and IAM names"),
        '.' => Some("dots are not allowed in names that become SQS queue and Lambda names"),
        ' ' => Some("spaces are not allowed in AWS resource names"),
        _ => None,
    };
    if let Some(reason) = value.chars().find_map(explain) {
        return Err(format!("{reason}; {allowed}"));
    }
    if !first.is_ascii_alphabetic() {
        return Err(format!("must start with a letter; {allowed}"));
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(format!("contains {bad:?}; {allowed}"));
    }
    if value.len() > MAX_NAME {
        return Err(format!(
            "is {} characters; at most {MAX_NAME}, so that the stack name ZAEL-{{name}} stays within 55 and leaves room for the suffixes of IAM role names (64 characters at most); shorten it by {}",
            value.len(),
            crate::validate::characters(value.len() - MAX_NAME)
        ));
    }
    Ok(value.to_string())
}

pub fn log_retention_days(value: &str) -> Result<u32, String> {
    let allowed = || {
        let days: Vec<String> = RETENTION_DAYS.iter().map(u32::to_string).collect();
        format!("CloudWatch Logs allows {}", days.join(", "))
    };
    let days = integer(value).map_err(|e| format!("{e}; {}", allowed()))?;
    if RETENTION_DAYS.contains(&days) {
        Ok(days)
    } else {
        Err(allowed())
    }
}

/// An SNS topic ARN: `arn:<partition>:sns:<region>:<12-digit account>:<topic>`.
pub fn sns_topic_arn(value: &str) -> Result<String, String> {
    let expected = "expected arn:aws:sns:<region>:<12-digit account id>:<topic name>";
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let valid = parts.len() == 6
        && parts[0] == "arn"
        && is_partition(parts[1])
        && parts[2] == "sns"
        && is_region(parts[3])
        && is_account_id(parts[4])
        && is_topic_name(parts[5]);
    if valid {
        Ok(value.to_string())
    } else {
        Err(expected.to_string())
    }
}

/// An AWS region name such as `eu-west-1`.
pub fn region(value: &str) -> Result<String, String> {
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
        Err("expected a region name such as us-east-1 or eu-west-1".into())
    }
}

/// The region of an ARN (`arn:partition:service:region:...`), when it has one.
pub fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

pub(crate) fn is_partition(p: &str) -> bool {
    matches!(p, "aws" | "aws-cn" | "aws-us-gov")
}

fn is_region(r: &str) -> bool {
    !r.is_empty()
        && r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

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

pub(crate) fn ec2_id(value: &str, prefix: &str) -> Result<String, String> {
    if is_ec2_id(value, prefix) {
        Ok(value.to_string())
    } else {
        Err(format!(
            "expected {prefix}- and 8 or 17 lowercase hex digits, e.g. {prefix}-0123456789abcdef0"
        ))
    }
}

/// Comma-separated EC2 IDs of one kind (`subnet`, `sg`, `rtb`), `min..=max` of them, distinct.
pub(crate) fn ec2_id_list(
    value: &str,
    prefix: &str,
    min: usize,
    max: usize,
) -> Result<Vec<String>, String> {
    let ids: Vec<String> = value.split(',').map(|s| s.trim().to_string()).collect();
    for id in &ids {
        ec2_id(id, prefix).map_err(|e| format!("{id:?}: {e}"))?;
    }
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != ids.len() {
        return Err("lists an ID twice".to_string());
    }
    if !(min..=max).contains(&ids.len()) {
        return Err(format!("expected {min} to {max} IDs, comma-separated"));
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
            Err("must be from 1 to 35 days".into())
        );
        assert_eq!(
            in_range("x", 1, 35, "days"),
            Err("expected a whole number from 1 to 35 days".into())
        );
    }

    #[test]
    fn stack_names_explain_each_forbidden_character() {
        assert!(stack_name("prod-limiter").is_ok());
        assert!(stack_name("my_app").unwrap_err().starts_with("underscores"));
        assert!(stack_name("my.app").unwrap_err().starts_with("dots"));
        assert!(stack_name("my app").unwrap_err().starts_with("spaces"));
        assert!(stack_name("1app")
            .unwrap_err()
            .starts_with("must start with a letter"));
        assert!(stack_name("").is_err());
        assert!(stack_name("a/b").unwrap_err().contains("'/'"));
    }

    #[test]
    fn log_retention_takes_only_cloudwatch_values() {
        assert_eq!(log_retention_days("90"), Ok(90));
        let err = log_retention_days("31").unwrap_err();
        assert!(err.contains("1, 3, 5, 7, 14, 30, 60, 90"), "{err}");
    }
}
