//! AWS::Logs::LogGroup

use serde::Serialize;

use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_in_days: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(LogGroup, "AWS::Logs::LogGroup", tags);

handle_accessors!(
    LogGroup,
    ref name,
    get {
        /// `arn:...:log-group:NAME:*`: CloudFormation's `Arn` attribute ends in `:*`, which is the
        /// form IAM needs to cover the group's log streams.
        arn: "Arn",
    }
);

/// The retention periods CloudWatch Logs accepts, in days.
pub use crate::limits::LOG_RETENTION_DAYS as RETENTION_DAYS;

/// AWS::Logs::QueryDefinition: a CloudWatch Logs Insights query saved for the console.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueryDefinition {
    /// `/` in a name files the query in a folder of that name.
    pub name: Expr,
    pub query_string: String,
    pub log_group_names: Vec<Expr>,
}
l1_resource!(QueryDefinition, "AWS::Logs::QueryDefinition");
