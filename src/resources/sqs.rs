//! AWS::SQS::Queue

use serde::Serialize;

use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Queue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_retention_period: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility_timeout: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sqs_managed_sse_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Queue, "AWS::SQS::Queue", tags);

handle_accessors!(
    Queue,
    ref url,
    get {
        arn: "Arn",
        queue_name: "QueueName",
    }
);
