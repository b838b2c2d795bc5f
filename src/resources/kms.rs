//! AWS::KMS::Key and AWS::KMS::Alias

use super::iam::PolicyDocument;
use super::Tag;
use crate::template::Expr;
use crate::{cfn_struct, handle_accessors};

cfn_struct! {
    pub struct Key as "AWS::KMS::Key" {
        pub description: String,
        pub enable_key_rotation: bool,
        pub key_policy: PolicyDocument,
        pub tags: Vec<Tag>,
    }
}

handle_accessors!(Key, get { arn: "Arn" });

cfn_struct! {
    pub struct Alias as "AWS::KMS::Alias" {
        pub alias_name: String,
        pub target_key_id: Expr,
    }
}
