//! AWS::CloudWatch::Alarm

use serde::Serialize;

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    pub struct Alarm as "AWS::CloudWatch::Alarm" {
        pub alarm_name: Option<Expr>,
        /// A literal, or a `Fn::Sub` when it quotes a threshold set by a parameter.
        pub alarm_description: Expr,
        pub namespace: String,
        pub metric_name: String,
        pub dimensions: Vec<Dimension>,
        /// Exactly one of `statistic` and `extended_statistic` (a percentile such as `p99`).
        pub statistic: Option<Statistic>,
        pub extended_statistic: Option<String>,
        pub period: u32,
        pub evaluation_periods: u32,
        /// A literal, or a `Ref` to a Number parameter.
        pub threshold: Expr,
        pub comparison_operator: ComparisonOperator,
        pub treat_missing_data: TreatMissingData,
        pub alarm_actions: Vec<Expr>,
        #[serde(rename = "OKActions")]
        pub ok_actions: Vec<Expr>,
        pub tags: Vec<Tag>,
    }

    pub struct Dimension {
        pub name: String,
        pub value: Expr,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Statistic {
    Average,
    Maximum,
    Minimum,
    SampleCount,
    Sum,
}

impl Statistic {
    /// The name CloudWatch gives it, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Average => "Average",
            Statistic::Maximum => "Maximum",
            Statistic::Minimum => "Minimum",
            Statistic::SampleCount => "SampleCount",
            Statistic::Sum => "Sum",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ComparisonOperator {
    GreaterThanThreshold,
    GreaterThanOrEqualToThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
}

impl ComparisonOperator {
    pub fn symbol(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanThreshold => ">",
            ComparisonOperator::GreaterThanOrEqualToThreshold => ">=",
            ComparisonOperator::LessThanThreshold => "<",
            ComparisonOperator::LessThanOrEqualToThreshold => "<=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TreatMissingData {
    Breaching,
    NotBreaching,
    Ignore,
    Missing,
}

cfn_struct! {
    /// AWS::CloudWatch::Dashboard. The body is a JSON document in a string; a `Fn::Sub` lets it
    /// name the stack's resources and region, resolved at deploy.
    pub struct Dashboard as "AWS::CloudWatch::Dashboard" {
        pub dashboard_name: Option<Expr>,
        pub dashboard_body: Expr,
    }
}
