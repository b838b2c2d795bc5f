//! Encryption at rest with the organisation's customer-managed KMS key.

use super::lambda_vpc::allow_function_role;
use super::Aspect;
use crate::resources::dynamodb::{SseSpecification, Table};
use crate::resources::elasticache::ReplicationGroup;
use crate::resources::iam::{Role, Statement};
use crate::resources::lambda::Function;
use crate::resources::logs::LogGroup;
use crate::resources::s3::Bucket;
use crate::resources::secretsmanager::Secret;
use crate::resources::sns::Topic;
use crate::resources::sqs::Queue;
use crate::template::{Expr, Resource};

/// The table, queues, log groups, topics, buckets, the functions' environment variables,
/// Redis caches encrypted at rest and secrets are encrypted with `key` (a key ARN); the roles Lambda assumes get what they need to use
/// it: the aggregator's stream mapping sends failed batches to the encrypted dead-letter
/// queue with the function's role, and Lambda decrypts the environment with it.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerManagedKey {
    pub key_arn: Expr,
}

/// What a function's role needs: a data key to encrypt messages to an encrypted SQS queue
/// with, and decrypt to reuse it and to read the function's encrypted environment.
const FUNCTION_ROLE_ACTIONS: &[&str] = &["kms:GenerateDataKey", "kms:Decrypt"];

impl Aspect for CustomerManagedKey {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        let key = || Some(self.key_arn.clone());
        if let Some(table) = resource.downcast_mut::<Table>() {
            table.sse_specification = Some(SseSpecification {
                sse_enabled: true,
                sse_type: Some("KMS".into()),
                kms_master_key_id: key(),
            });
        } else if let Some(function) = resource.downcast_mut::<Function>() {
            // Without it Lambda encrypts the environment (table names, bucket names) with
            // its AWS-managed key, outside the organisation's key policy and audit.
            function.kms_key_arn = key();
        } else if let Some(queue) = resource.downcast_mut::<Queue>() {
            queue.sqs_managed_sse_enabled = None;
            queue.kms_master_key_id = key();
        } else if let Some(group) = resource.downcast_mut::<LogGroup>() {
            group.kms_key_id = key();
        } else if let Some(group) = resource.downcast_mut::<ReplicationGroup>() {
            // Only a group encrypted at rest takes a key; one that is not stays as asked.
            if group.at_rest_encryption_enabled == Some(true) {
                group.kms_key_id = key();
            }
        } else if let Some(secret) = resource.downcast_mut::<Secret>() {
            secret.kms_key_id = key();
        } else if let Some(topic) = resource.downcast_mut::<Topic>() {
            topic.kms_master_key_id = key();
        } else if let Some(bucket) = resource.downcast_mut::<Bucket>() {
            for rule in &mut bucket
                .bucket_encryption
                .server_side_encryption_configuration
            {
                rule.server_side_encryption_by_default.sse_algorithm = "aws:kms".into();
                rule.server_side_encryption_by_default.kms_master_key_id = key();
                // One data key per bucket for a while, not one KMS call per object.
                rule.bucket_key_enabled = Some(true);
            }
        } else if let Some(role) = resource.downcast_mut::<Role>() {
            let statement = Statement::allow(
                "UseKeyForQueueAndEnvironment",
                FUNCTION_ROLE_ACTIONS,
                vec![self.key_arn.clone()],
            );
            allow_function_role(role, "CustomerManagedKey", statement);
        }
    }
}
