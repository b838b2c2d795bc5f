//! ZV202: properties that take one of a fixed set of values.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use std::borrow::Cow;

use serde_json::Value;

use super::check::{Hand, HandRule};
use super::field::Field;
use super::literal::{at, resolved};
use super::runtimes;
use super::walk::resources;
use super::Finding;
use super::{About, Example};

/// ZV202: properties from the service's enumerations.
pub const ENUMERATED_VALUES: HandRule = HandRule(
    About {
        code: "ZV202",
        title: "enumerations",
        doc: "log retention days, billing modes, stream view types, alarm operators and statistics ...; Lambda runtimes by AWS's lifecycle (unknown or blocked: error; deprecated: warning)",
        why: "CloudWatch Logs accepts only its listed retention periods (a 45-day retention fails), and billing modes, runtimes (by their lifecycle, `runtimes`), stream view types and alarm operators are enumerations that fail the resource when misspelled.",
        example: Example::Templates(include_str!("examples/ZV202.yaml")),
    },
    Hand::Enums,
);

pub struct Enumeration {
    pub resource_type: &'static str,
    pub property: &'static str,
    pub allowed: &'static [&'static str],
}

/// Whole numbers from a fixed set: (resource type, property, allowed), the sets defined once
/// in [`crate::limits`].
pub const NUMBER_ENUMERATIONS: &[(&str, &str, &[u32])] = &[(
    "AWS::Logs::LogGroup",
    "RetentionInDays",
    crate::limits::LOG_RETENTION_DAYS,
)];

const STATISTICS: &[&str] = &["Average", "Maximum", "Minimum", "SampleCount", "Sum"];

pub const ENUMERATIONS: &[Enumeration] = &[
    Enumeration {
        resource_type: "AWS::DynamoDB::Table",
        property: "BillingMode",
        allowed: &["PAY_PER_REQUEST", "PROVISIONED"],
    },
    Enumeration {
        resource_type: "AWS::DynamoDB::Table",
        property: "StreamSpecification/StreamViewType",
        allowed: &["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"],
    },
    Enumeration {
        resource_type: "AWS::DynamoDB::Table",
        property: "SSESpecification/SSEType",
        allowed: &["AES256", "KMS"],
    },
    Enumeration {
        resource_type: "AWS::Lambda::Function",
        property: "Architectures/*",
        allowed: &["x86_64", "arm64"],
    },
    Enumeration {
        resource_type: "AWS::Lambda::Function",
        property: "LoggingConfig/LogFormat",
        allowed: &["JSON", "Text"],
    },
    Enumeration {
        resource_type: "AWS::Lambda::Function",
        property: "LoggingConfig/ApplicationLogLevel",
        allowed: &["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"],
    },
    Enumeration {
        resource_type: "AWS::Lambda::Function",
        property: "LoggingConfig/SystemLogLevel",
        allowed: &["DEBUG", "INFO", "WARN"],
    },
    Enumeration {
        resource_type: "AWS::Lambda::EventSourceMapping",
        property: "StartingPosition",
        allowed: &["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"],
    },
    Enumeration {
        resource_type: "AWS::CloudWatch::Alarm",
        property: "ComparisonOperator",
        allowed: &[
            "GreaterThanOrEqualToThreshold",
            "GreaterThanThreshold",
            "LessThanThreshold",
            "LessThanOrEqualToThreshold",
            "LessThanLowerOrGreaterThanUpperThreshold",
            "LessThanLowerThreshold",
            "GreaterThanUpperThreshold",
        ],
    },
    Enumeration {
        resource_type: "AWS::CloudWatch::Alarm",
        property: "Statistic",
        allowed: STATISTICS,
    },
    Enumeration {
        resource_type: "AWS::CloudWatch::Alarm",
        property: "TreatMissingData",
        allowed: &["breaching", "notBreaching", "ignore", "missing"],
    },
    Enumeration {
        resource_type: "AWS::ElastiCache::ReplicationGroup",
        property: "Engine",
        allowed: &["redis", "valkey"],
    },
];

pub fn enums(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        for rule in ENUMERATIONS.iter().filter(|r| r.resource_type == kind) {
            for (path, value) in at(properties, rule.property) {
                let Some(text) = value_text(document, value) else {
                    continue;
                };
                if rule.allowed.contains(&text.as_ref()) {
                    continue;
                }
                findings.push(not_allowed(id, kind, &path, &text, rule.allowed.join(", ")));
            }
        }
        if kind == "AWS::Lambda::Function" {
            let runtime = properties
                .field("Runtime")
                .and_then(|v| resolved(document, v));
            if let Some(Value::String(name)) = runtime {
                let path = format!("Resources.{id}.Properties.Runtime");
                findings.extend(runtimes::judge(name, path, kind));
            }
        }
        for (_, property, allowed) in NUMBER_ENUMERATIONS.iter().filter(|r| r.0 == kind) {
            for (path, value) in at(properties, property) {
                let Some(text) = value_text(document, value) else {
                    continue;
                };
                if text.parse::<u32>().is_ok_and(|n| allowed.contains(&n)) {
                    continue;
                }
                let allowed: Vec<String> = allowed.iter().map(u32::to_string).collect();
                findings.push(not_allowed(id, kind, &path, &text, allowed.join(", ")));
            }
        }
    }
    findings
}

/// A string or number the template fixes (a literal, or a parameter's default), as text:
/// an enumeration's value may be written either way.
/// The value's text, borrowed where the template writes a string (most values: copying
/// each one cost more than judging it).
fn value_text<'a>(document: &'a Value, value: &'a Value) -> Option<Cow<'a, str>> {
    match resolved(document, value)? {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

fn not_allowed(id: &str, kind: &str, path: &str, text: &str, allowed: String) -> Finding {
    Finding::error(
        "ZV202",
        format!("Resources.{id}.Properties.{path}"),
        format!("'{text}' is not a valid {path} of {kind}"),
        format!("use one of {allowed}"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::literal::one_resource_with;
    use super::*;
    use serde_json::json;

    #[test]
    fn every_enumeration_rejects_an_unknown_value() {
        for rule in ENUMERATIONS {
            let document = one_resource_with(rule.resource_type, rule.property, json!("Bogus"));
            assert_eq!(enums(&document).len(), 1, "{}", rule.property);
        }
    }

    #[test]
    fn a_log_retention_of_45_days_is_reported_with_the_allowed_values() {
        let document = json!({"Resources": {"L": {"Type": "AWS::Logs::LogGroup",
            "Properties": {"RetentionInDays": 45}}}});
        let findings = enums(&document);
        assert_eq!(findings[0].path, "Resources.L.Properties.RetentionInDays");
        assert!(findings[0].hint.starts_with("use one of 1, 3, 5"));
    }
}
