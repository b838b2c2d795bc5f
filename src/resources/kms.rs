//! AWS::KMS::Key and AWS::KMS::Alias

use serde::Serialize;

use super::iam::PolicyDocument;
use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    pub description: String,
    pub enable_key_rotation: bool,
    pub key_policy: PolicyDocument,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Key, "AWS::KMS::Key", tags);

handle_accessors!(Key, get { arn: "Arn" });

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alias {
    pub alias_name: String,
    pub target_key_id: Expr,
}
l1_resource!(Alias, "AWS::KMS::Alias");
