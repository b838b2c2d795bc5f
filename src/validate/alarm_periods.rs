//! ZV204 alarm periods CloudWatch takes.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::literal::number;
use super::walk::resources;
use super::{About, Example, Finding, Rule};

/// ZV204: periods CloudWatch takes, at most seven days evaluated, no more data points to
/// alarm than evaluation periods.
pub const ALARM_PERIODS: Rule = Rule {
    about: About {
        code: "ZV204",
        title: "alarm periods",
        doc: "period 10/20/30 or a multiple of 60 s, at most 7 days evaluated, DatapointsToAlarm <= EvaluationPeriods",
        why: "CloudWatch takes periods of 10, 20 or 30 seconds or a multiple of 60, evaluates at most seven days, and needs `DatapointsToAlarm` <= `EvaluationPeriods`; anything else fails at deploy time.",
        example: Example::Templates(include_str!("examples/ZV204.yaml")),
    },
    run: |template| alarm_periods(template.document),
};

const MAX_EVALUATION_SECONDS: f64 = 7.0 * 86_400.0;

fn alarm_periods(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        if kind != "AWS::CloudWatch::Alarm" {
            continue;
        }
        let path = |p: &str| format!("Resources.{id}.Properties.{p}");
        let get = |p: &str| properties.field(p).and_then(|v| number(document, v));
        if let Some(period) = get("Period") {
            let valid =
                [10.0, 20.0, 30.0].contains(&period) || (period >= 60.0 && period % 60.0 == 0.0);
            if !valid {
                findings.push(Finding::error(
                    "ZV204",
                    path("Period"),
                    format!("a period of {period} seconds is not one CloudWatch takes"),
                    "use 10, 20, 30 or a multiple of 60 seconds".into(),
                ));
            } else if let Some(evaluations) = get("EvaluationPeriods") {
                if period * evaluations > MAX_EVALUATION_SECONDS {
                    findings.push(Finding::error(
                        "ZV204",
                        path("EvaluationPeriods"),
                        format!("{evaluations} periods of {period} s evaluate {} s, over CloudWatch's seven days", period * evaluations),
                        "lower EvaluationPeriods or Period".into(),
                    ));
                }
            }
        }
        if let (Some(points), Some(evaluations)) =
            (get("DatapointsToAlarm"), get("EvaluationPeriods"))
        {
            if points > evaluations {
                findings.push(Finding::error(
                    "ZV204",
                    path("DatapointsToAlarm"),
                    format!(
                        "{points} data points to alarm out of {evaluations} evaluation periods"
                    ),
                    format!("use at most {evaluations} data points, or more evaluation periods"),
                ));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn alarm(properties: Value) -> Value {
        json!({"Resources": {"A": {"Type": "AWS::CloudWatch::Alarm", "Properties": properties}}})
    }

    #[test]
    fn periods_evaluation_ranges_and_datapoints_are_checked() {
        let bad_period = alarm(json!({"Period": 90, "EvaluationPeriods": 1}));
        assert_eq!(
            alarm_periods(&bad_period)[0].path,
            "Resources.A.Properties.Period"
        );
        let too_long = alarm(json!({"Period": 86400, "EvaluationPeriods": 8}));
        assert_eq!(
            alarm_periods(&too_long)[0].path,
            "Resources.A.Properties.EvaluationPeriods"
        );
        let points = alarm(json!({"Period": 60, "EvaluationPeriods": 2, "DatapointsToAlarm": 3}));
        assert_eq!(
            alarm_periods(&points)[0].path,
            "Resources.A.Properties.DatapointsToAlarm"
        );
        assert!(alarm_periods(&alarm(json!({"Period": 300, "EvaluationPeriods": 1}))).is_empty());
    }
}
