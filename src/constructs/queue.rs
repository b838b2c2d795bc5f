//! L2 SQS dead-letter queue.

use super::metric::Metric;
use super::perms;
use crate::resources::cloudwatch::Statistic;
use crate::resources::iam::Statement;
use crate::resources::sqs::Queue;
use crate::template::{Handle, RemovalPolicy, Stack};

/// SQS's maximum retention: a failed record waits two weeks for someone to look at it.
pub const MAX_RETENTION_SECONDS: u32 = 14 * 24 * 3600;

/// A queue that keeps failed records as long as SQS allows, encrypted at rest with
/// SQS-managed keys.
pub fn dead_letter_queue(stack: &mut Stack, id: &str, name: &str) -> DeadLetterQueue {
    let handle = stack.add(
        id,
        Queue {
            queue_name: Some(name.into()),
            message_retention_period: Some(MAX_RETENTION_SECONDS.into()),
            sqs_managed_sse_enabled: Some(true),
            ..Queue::default()
        },
    );
    // Failed records belong to the function that failed them: they leave with the stack.
    stack.set_removal_policy(&handle, RemovalPolicy::Delete);
    DeadLetterQueue { handle }
}

#[derive(Clone, Debug)]
pub struct DeadLetterQueue {
    pub handle: Handle<Queue>,
}

impl DeadLetterQueue {
    pub fn grant_send(&self) -> Statement {
        Statement::allow(
            "SendToDeadLetterQueue",
            perms::QUEUE_SEND,
            vec![self.handle.arn()],
        )
    }

    /// Messages waiting in the queue: any at all means records were given up on.
    pub fn metric_visible_messages(&self) -> Metric {
        Metric::new(
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            ("QueueName", self.handle.queue_name()),
        )
        .statistic(Statistic::Maximum)
        .unit("messages")
    }
}
