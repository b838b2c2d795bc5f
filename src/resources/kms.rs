//! AWS::KMS::Key and AWS::KMS::Alias

use super::iam::PolicyDocument;
use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    pub struct Key as "AWS::KMS::Key" {
        pub description: String,
        pub enable_key_rotation: bool,
        pub key_policy: PolicyDocument,
        pub tags: Vec<Tag>,
    }
    handle { get { arn: "Arn" } }

    pub struct Alias as "AWS::KMS::Alias" {
        pub alias_name: String,
        pub target_key_id: Expr,
    }
}
