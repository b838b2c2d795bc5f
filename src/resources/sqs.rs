//! AWS::SQS::Queue

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    #[derive(Default)]
    pub struct Queue as "AWS::SQS::Queue" {
        pub queue_name: Option<Expr>,
        pub message_retention_period: Option<Expr>,
        pub visibility_timeout: Option<Expr>,
        pub sqs_managed_sse_enabled: Option<bool>,
        pub kms_master_key_id: Option<Expr>,
        pub tags: Vec<Tag>,
    }
    handle {
        ref url,
        get {
            arn: "Arn",
            queue_name: "QueueName",
        }
    }
}
