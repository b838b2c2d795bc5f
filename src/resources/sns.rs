//! AWS::SNS::Topic

use serde::Serialize;

use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

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

handle_accessors!(Topic, ref arn);
