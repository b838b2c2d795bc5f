//! ZV205 alarm thresholds the metric can reach.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::literal::{number, text};
use super::walk::resources;
use super::{About, Example, Finding, Rule};

/// ZV205: no alarm threshold beyond what its metric can reach.
pub const ALARM_THRESHOLDS: Rule = Rule {
    about: About {
        code: "ZV205",
        title: "alarm thresholds reachable",
        doc: "not above a percentage's 100 or a Lambda Duration's timeout, not below 0",
        why: "an alarm whose threshold the metric never reaches deploys fine and never fires: a Lambda `Duration` over the function's timeout, a percentage over 100, a count below 0.",
        example: Example::Templates(include_str!("examples/ZV205.yaml")),
    },
    run: |template| alarm_thresholds(template.document),
};

/// The largest value a metric can take, when it is bounded.
fn metric_maximum(
    document: &Value,
    namespace: &str,
    metric: &str,
    properties: &Value,
) -> Option<(f64, String)> {
    if metric.ends_with("Utilization")
        || metric.ends_with("Percentage")
        || metric.ends_with("Percent")
    {
        return Some((100.0, "a percentage".into()));
    }
    if namespace == "AWS/Lambda" && metric == "Duration" {
        let dimensions = properties.field("Dimensions")?.as_array()?;
        let function = dimensions
            .iter()
            .find(|d| d.field("Name").and_then(Value::as_str) == Some("FunctionName"))?
            .field("Value")?;
        let function_properties = match function.field("Ref").and_then(Value::as_str) {
            Some(id) => document.pointer(&format!("/Resources/{id}/Properties"))?,
            None => {
                resources(document)
                    .find(|(_, kind, p)| {
                        *kind == "AWS::Lambda::Function"
                            && p.field("FunctionName") == Some(function)
                    })?
                    .2
            }
        };
        let timeout = function_properties
            .field("Timeout")
            .map_or(Some(3.0), |t| number(document, t))?;
        return Some((
            timeout * 1000.0,
            format!("the function's timeout of {timeout} s"),
        ));
    }
    None
}

fn alarm_thresholds(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        if kind != "AWS::CloudWatch::Alarm" {
            continue;
        }
        let field = |p: &str| properties.field(p).and_then(|v| text(document, v));
        let (Some(namespace), Some(metric), Some(operator)) = (
            field("Namespace"),
            field("MetricName"),
            field("ComparisonOperator"),
        ) else {
            continue;
        };
        let Some(threshold) = properties
            .field("Threshold")
            .and_then(|v| number(document, v))
        else {
            continue;
        };
        let maximum = metric_maximum(document, namespace, metric, properties);
        let unreachable = match operator {
            "GreaterThanThreshold" => maximum.as_ref().filter(|(max, _)| threshold >= *max),
            "GreaterThanOrEqualToThreshold" => maximum.as_ref().filter(|(max, _)| threshold > *max),
            _ => None,
        };
        let path = format!("Resources.{id}.Properties.Threshold");
        if let Some((max, why)) = unreachable {
            findings.push(Finding::error(
                "ZV205",
                path,
                format!("{namespace} {metric} never exceeds {max} ({why}), so an alarm at {operator} {threshold} never fires"),
                format!("use a threshold below {max}"),
            ));
        } else if (operator == "LessThanThreshold" && threshold <= 0.0)
            || (operator == "LessThanOrEqualToThreshold" && threshold < 0.0)
        {
            findings.push(Finding::error(
                "ZV205",
                path,
                format!("{namespace} {metric} is never negative, so an alarm at {operator} {threshold} never fires"),
                "use a threshold above 0".into(),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn alarm(properties: Value) -> Value {
        json!({"Resources": {
            "F": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 60}},
            "A": {"Type": "AWS::CloudWatch::Alarm", "Properties": properties}}})
    }

    #[test]
    fn thresholds_beyond_the_metric_are_reported() {
        let duration = |threshold: u32| {
            alarm(json!({"Namespace": "AWS/Lambda", "MetricName": "Duration",
                "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": "F"}}],
                "Threshold": threshold, "ComparisonOperator": "GreaterThanThreshold"}))
        };
        assert!(alarm_thresholds(&duration(48_000)).is_empty());
        let findings = alarm_thresholds(&duration(60_000));
        assert_eq!(findings[0].path, "Resources.A.Properties.Threshold");
        assert!(findings[0].message.contains("timeout of 60 s"));
        let percent = alarm(
            json!({"Namespace": "AWS/ElastiCache", "MetricName": "EngineCPUUtilization",
            "Threshold": 120, "ComparisonOperator": "GreaterThanOrEqualToThreshold"}),
        );
        assert_eq!(alarm_thresholds(&percent).len(), 1);
        let negative = alarm(json!({"Namespace": "AWS/Lambda", "MetricName": "Errors",
            "Threshold": 0, "ComparisonOperator": "LessThanThreshold"}));
        assert_eq!(alarm_thresholds(&negative).len(), 1);
    }
}
