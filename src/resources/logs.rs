//! AWS::Logs::LogGroup

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    #[derive(Default)]
    pub struct LogGroup as "AWS::Logs::LogGroup" {
        pub log_group_name: Option<Expr>,
        pub retention_in_days: Option<Expr>,
        pub kms_key_id: Option<Expr>,
        pub tags: Vec<Tag>,
    }
    handle {
        ref name,
        get {
            /// `arn:...:log-group:NAME:*`: CloudFormation's `Arn` attribute ends in `:*`, which
            /// is the form IAM needs to cover the group's log streams.
            arn: "Arn",
        }
    }
}

/// The retention periods CloudWatch Logs accepts, in days.
pub use crate::limits::LOG_RETENTION_DAYS as RETENTION_DAYS;

cfn_struct! {
    /// AWS::Logs::QueryDefinition: a CloudWatch Logs Insights query saved for the console.
    pub struct QueryDefinition as "AWS::Logs::QueryDefinition" {
        /// `/` in a name files the query in a folder of that name.
        pub name: Expr,
        pub query_string: String,
        pub log_group_names: Vec<Expr>,
    }
}
