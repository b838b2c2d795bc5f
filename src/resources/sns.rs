//! AWS::SNS::Topic

use serde::Serialize;

use super::Tag;
use crate::l1_resource;
use crate::template::{Expr, Handle};

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Topic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Topic, "AWS::SNS::Topic", tags);

impl Handle<Topic> {
    /// `Ref` of a topic is its ARN.
    pub fn arn(&self) -> Expr {
        self.reference()
    }
}
