//! CloudWatch metrics, and alarms made from them in one call.

use crate::resources::cloudwatch::{
    Alarm, ComparisonOperator, Dimension, Statistic, TreatMissingData,
};
use crate::template::json_text::push_integer;
use crate::template::{Expr, ParameterHandle};

/// A metric with the statistic and period an alarm evaluates it with.
#[derive(Clone, Debug)]
pub struct Metric {
    pub namespace: &'static str,
    pub name: &'static str,
    pub dimensions: Vec<Dimension>,
    pub statistic: Statistic,
    /// A percentile (`p99`) the alarm evaluates instead of `statistic`.
    pub percentile: Option<&'static str>,
    pub period_seconds: u32,
    /// How the metric's values read in prose: "errors", "ms", "messages".
    pub unit: &'static str,
}

impl Metric {
    pub fn new(namespace: &'static str, name: &'static str, dimension: (&str, Expr)) -> Self {
        Metric {
            namespace,
            name,
            dimensions: vec![Dimension {
                name: dimension.0.to_string(),
                value: dimension.1,
            }],
            statistic: Statistic::Sum,
            percentile: None,
            period_seconds: 300,
            unit: "",
        }
    }

    /// A further dimension, e.g. an index of a table (`GlobalSecondaryIndexName`).
    pub fn dimension(mut self, name: &str, value: Expr) -> Self {
        self.dimensions.push(Dimension {
            name: name.to_string(),
            value,
        });
        self
    }

    pub fn period(mut self, seconds: u32) -> Self {
        self.period_seconds = seconds;
        self
    }

    pub fn statistic(mut self, statistic: Statistic) -> Self {
        self.statistic = statistic;
        self
    }

    /// Evaluate a percentile such as `p99` (CloudWatch's extended statistic), for metrics
    /// that publish a distribution.
    pub fn percentile(mut self, percentile: &'static str) -> Self {
        self.percentile = Some(percentile);
        self
    }

    /// Seconds per datapoint the alarm evaluates.
    pub fn period_seconds(mut self, seconds: u32) -> Self {
        self.period_seconds = seconds;
        self
    }

    /// The statistic as CloudWatch names it: `Average`, `p99`.
    fn statistic_name(&self) -> &'static str {
        match self.percentile {
            Some(percentile) => percentile,
            None => self.statistic.name(),
        }
    }

    pub fn unit(mut self, unit: &'static str) -> Self {
        self.unit = unit;
        self
    }
}

/// The value an alarm compares its metric with.
#[derive(Clone, Debug)]
pub enum Threshold {
    /// Fixed at synth.
    Value(i64),
    /// A Number parameter, so operators can tune the alarm at deploy time.
    Parameter(ParameterHandle),
}

impl From<i64> for Threshold {
    fn from(value: i64) -> Self {
        Threshold::Value(value)
    }
}

impl Threshold {
    fn expr(&self) -> Expr {
        match self {
            Threshold::Value(n) => Expr::Int(*n),
            Threshold::Parameter(parameter) => parameter.reference(),
        }
    }

    /// How the threshold reads in a description: the number, or the parameter as a
    /// `Fn::Sub` variable that CloudFormation replaces with the deployed value.
    fn push_text(&self, out: &mut String) {
        match self {
            Threshold::Value(n) => push_integer(out, *n),
            Threshold::Parameter(parameter) => {
                out.push_str("${");
                out.push_str(parameter.logical_id());
                out.push('}');
            }
        }
    }
}

/// What to alarm on and whom to tell.
#[derive(Clone, Debug)]
pub struct AlarmProps {
    pub name: String,
    /// What the alarm means for the operator, e.g. "The aggregator fails".
    pub summary: &'static str,
    pub comparison: ComparisonOperator,
    pub threshold: Threshold,
    pub evaluation_periods: u32,
    pub actions: Vec<Expr>,
}

impl Metric {
    /// An alarm whose description is derived from the metric and threshold it watches, so
    /// the two can never disagree.
    pub fn alarm(&self, props: AlarmProps) -> Alarm {
        // "{summary}: {namespace} {name} ({statistic}) {symbol} {threshold}{ unit} over {n}
        // minute{s}.", written into one string: `format!` was 1,100 instructions an alarm.
        let minutes = self.period_seconds / 60 * props.evaluation_periods;
        let mut description = String::with_capacity(160);
        for part in [
            props.summary,
            ": ",
            self.namespace,
            " ",
            self.name,
            " (",
            self.statistic_name(),
            ") ",
            props.comparison.symbol(),
            " ",
        ] {
            description.push_str(part);
        }
        props.threshold.push_text(&mut description);
        if !self.unit.is_empty() {
            description.push(' ');
            description.push_str(self.unit);
        }
        description.push_str(" over ");
        push_integer(&mut description, i64::from(minutes));
        description.push_str(if minutes == 1 {
            " minute."
        } else {
            " minutes."
        });
        Alarm {
            alarm_name: Some(Expr::Str(props.name)),
            alarm_description: match props.threshold {
                Threshold::Value(_) => Expr::Str(description),
                Threshold::Parameter(_) => {
                    debug_assert!(
                        !props.summary.contains('$'),
                        "a summary is literal text inside Fn::Sub"
                    );
                    Expr::Sub(description)
                }
            },
            namespace: self.namespace.to_string(),
            metric_name: self.name.to_string(),
            dimensions: self.dimensions.clone(),
            // CloudWatch takes one of the two.
            statistic: self.percentile.is_none().then_some(self.statistic),
            extended_statistic: self.percentile.map(str::to_string),
            period: self.period_seconds,
            evaluation_periods: props.evaluation_periods,
            threshold: props.threshold.expr(),
            comparison_operator: props.comparison,
            // No traffic is not a failure: an idle limiter must not page anyone.
            treat_missing_data: TreatMissingData::NotBreaching,
            alarm_actions: props.actions.clone(),
            ok_actions: props.actions,
            tags: Vec::new(),
        }
    }
}
