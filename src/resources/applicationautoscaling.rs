//! AWS::ApplicationAutoScaling::ScalableTarget and ScalingPolicy

use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    pub struct ScalableTarget as "AWS::ApplicationAutoScaling::ScalableTarget" {
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

    pub struct ScalingPolicy as "AWS::ApplicationAutoScaling::ScalingPolicy" {
        pub policy_name: String,
        pub policy_type: String,
        pub scaling_target_id: Expr,
        pub target_tracking_scaling_policy_configuration: TargetTracking,
    }

    pub struct TargetTracking {
        pub target_value: f64,
        pub predefined_metric_specification: PredefinedMetric,
    }

    pub struct PredefinedMetric {
        pub predefined_metric_type: String,
    }
}
