//! AWS::ApplicationAutoScaling::ScalableTarget and ScalingPolicy

use serde::Serialize;

use crate::l1_resource;
use crate::template::Expr;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTarget {
    pub max_capacity: u32,
    pub min_capacity: u32,
    /// `table/NAME` or `table/NAME/index/INDEX`.
    pub resource_id: Expr,
    /// The service-linked role Application Auto Scaling uses (it creates it when missing).
    #[serde(rename = "RoleARN")]
    pub role_arn: Expr,
    pub scalable_dimension: String,
    pub service_namespace: String,
}
l1_resource!(
    ScalableTarget,
    "AWS::ApplicationAutoScaling::ScalableTarget"
);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    pub policy_name: String,
    pub policy_type: String,
    pub scaling_target_id: Expr,
    pub target_tracking_scaling_policy_configuration: TargetTracking,
}
l1_resource!(ScalingPolicy, "AWS::ApplicationAutoScaling::ScalingPolicy");

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTracking {
    pub target_value: f64,
    pub predefined_metric_specification: PredefinedMetric,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetric {
    pub predefined_metric_type: String,
}
