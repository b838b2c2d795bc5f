//! Where alarms go: an operator's SNS topic, or one the stack creates.

use crate::resources::sns::Topic;
use crate::template::{Expr, Stack};

/// The topic every alarm of a stack notifies.
#[derive(Clone, Debug)]
pub struct AlarmTarget {
    pub topic_arn: Expr,
}

/// The topic `existing_arn` names, or else a topic `{id}` named `topic_name` that the stack
/// creates, so that every alarm has somewhere to go (subscribe to it after deploy).
pub fn alarm_target(
    stack: &mut Stack,
    id: &str,
    existing_arn: Option<&str>,
    topic_name: &str,
    display_name: &str,
) -> AlarmTarget {
    match existing_arn {
        Some(arn) => AlarmTarget {
            topic_arn: Expr::str(arn),
        },
        None => {
            // Not encrypted with the AWS-managed `alias/aws/sns` key: CloudWatch cannot
            // publish to topics under that key, and alarms would fail silently.
            let topic = stack.add(
                id,
                Topic {
                    topic_name: Some(topic_name.into()),
                    display_name: Some(display_name.into()),
                    ..Topic::default()
                },
            );
            AlarmTarget {
                topic_arn: topic.arn(),
            }
        }
    }
}
