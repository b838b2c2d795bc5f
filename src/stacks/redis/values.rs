//! Parsers for the Redis tier's option values. Each error says what is allowed; the caller
//! adds which flag or profile key held the value.

use super::options::{
    EngineVersion, NodeType, REPLICAS_ALLOWED, RETENTION_ALLOWED, SUBNETS_ALLOWED,
};
use super::windows::{DailyWindow, WeeklyWindow};
use crate::stacks::values::{ec2_id, is_ec2_id};
use crate::stacks::ValueError;

/// The one of `all` whose `name` is `value`; otherwise refused with `says` and every name.
fn one_of<T: Copy>(
    value: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    says: &str,
) -> Result<T, ValueError> {
    all.iter()
        .copied()
        .find(|v| name(*v) == value)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            ValueError::not_allowed(format!("{says} {}", names.join(", ")))
        })
}

/// One of the node types of seed 004's cost table.
pub fn node_type(value: &str) -> Result<NodeType, ValueError> {
    one_of(
        value,
        &NodeType::ALL,
        NodeType::as_str,
        "seed 004's cost table lists",
    )
}

pub fn engine_version(value: &str) -> Result<EngineVersion, ValueError> {
    one_of(
        value,
        &EngineVersion::ALL,
        EngineVersion::as_str,
        "Redis OSS 7 on ElastiCache is",
    )
}

/// A whole number in `range`; `allowed` says the range and why.
fn whole_number(
    value: &str,
    range: std::ops::RangeInclusive<u32>,
    allowed: &'static str,
) -> Result<u32, ValueError> {
    let n = value
        .trim()
        .parse::<u32>()
        .map_err(|_| ValueError::NotNumber {
            allowed: allowed.into(),
        })?;
    range
        .contains(&n)
        .then_some(n)
        .ok_or_else(|| ValueError::not_allowed(allowed))
}

pub fn replicas(value: &str) -> Result<u32, ValueError> {
    whole_number(value, 1..=5, REPLICAS_ALLOWED)
}

pub fn snapshot_retention_days(value: &str) -> Result<u32, ValueError> {
    whole_number(value, 1..=35, RETENTION_ALLOWED)
}

pub fn snapshot_window(value: &str) -> Result<DailyWindow, ValueError> {
    DailyWindow::parse(value)
}

pub fn maintenance_window(value: &str) -> Result<WeeklyWindow, ValueError> {
    WeeklyWindow::parse(value)
}

pub fn security_group_id(value: &str) -> Result<String, ValueError> {
    ec2_id(value, "sg")
}

/// Two or more distinct subnet IDs, comma-separated.
pub fn subnet_ids(value: &str) -> Result<Vec<String>, ValueError> {
    let subnets: Vec<String> = value.split(',').map(|s| s.trim().to_string()).collect();
    if let Some(bad) = subnets.iter().find(|s| !is_ec2_id(s, "subnet")) {
        return Err(ValueError::invalid(
            format!("{bad:?} is not a subnet ID (subnet- and 8 or 17 lowercase hex digits)"),
            SUBNETS_ALLOWED,
        ));
    }
    let mut distinct = subnets.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() < 2 || distinct.len() != subnets.len() {
        return Err(ValueError::not_allowed(SUBNETS_ALLOWED));
    }
    Ok(subnets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stacks::values::vpc_id;

    #[test]
    fn node_types_are_those_of_the_cost_table() {
        assert_eq!(node_type("cache.r6g.2xlarge"), Ok(NodeType::R6g2xlarge));
        assert_eq!(
            node_type("cache.t3.micro").unwrap_err().to_string(),
            "seed 004's cost table lists cache.r6g.large, cache.r6g.xlarge, cache.r6g.2xlarge"
        );
    }

    #[test]
    fn replicas_need_failover_and_fit_a_shard() {
        assert_eq!(replicas("1"), Ok(1));
        assert_eq!(replicas("5"), Ok(5));
        assert_eq!(
            replicas("0"),
            Err(ValueError::not_allowed(REPLICAS_ALLOWED))
        );
        assert_eq!(
            replicas("6"),
            Err(ValueError::not_allowed(REPLICAS_ALLOWED))
        );
        assert!(matches!(replicas("two"), Err(ValueError::NotNumber { .. })));
    }

    #[test]
    fn ec2_ids_have_their_prefix_and_hex_digits() {
        assert!(vpc_id("vpc-0123456789abcdef0").is_ok());
        assert!(vpc_id("vpc-01234567").is_ok());
        assert!(vpc_id("vpc-0123").is_err());
        assert!(vpc_id("subnet-0123456789abcdef0").is_err());
        assert!(security_group_id("sg-0123456789ABCDEF0").is_err());
        assert_eq!(
            subnet_ids("subnet-0123456789abcdef0, subnet-0fedcba9876543210"),
            Ok(vec![
                "subnet-0123456789abcdef0".to_string(),
                "subnet-0fedcba9876543210".to_string()
            ])
        );
        assert_eq!(
            subnet_ids("subnet-0123456789abcdef0"),
            Err(ValueError::not_allowed(SUBNETS_ALLOWED))
        );
        assert_eq!(
            subnet_ids("subnet-0123456789abcdef0,subnet-0123456789abcdef0"),
            Err(ValueError::not_allowed(SUBNETS_ALLOWED))
        );
        assert!(subnet_ids("subnet-0123456789abcdef0,sn-1")
            .unwrap_err()
            .to_string()
            .starts_with("\"sn-1\" is not a subnet ID"));
    }
}
