//! [`SnapshotStore`] on DynamoDB.
//!
//! The client comes from `aws-config`, which honours `AWS_ENDPOINT_URL` (tests point it
//! at a local moto server) and the standard retry policy for throttling and transient
//! errors; whatever still fails is reported and the batch fails from that record on.

use crate::expr::{self, Value};
use crate::plan::ItemKey;
use crate::schema;
use crate::sharding::{ShardWrite, ShardWriteKind};
use crate::store::{BucketStore, SnapshotStore, WriteError};
use crate::window;
use crate::write::{SnapshotWrite, StoredMark};
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use std::future::Future;

/// Snapshot items in one DynamoDB table.
#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client,
            table: table.into(),
        }
    }
}

fn attribute(v: Value) -> AttributeValue {
    match v {
        Value::S(s) => AttributeValue::S(s),
        Value::N(n) => AttributeValue::N(n),
    }
}

impl SnapshotStore for DynamoStore {
    fn update(
        &self,
        write: &SnapshotWrite<'_>,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        let req = expr::render(write);
        let mut call = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", AttributeValue::S(req.pk))
            .key("SK", AttributeValue::S(req.sk))
            .update_expression(req.update_expression)
            .condition_expression(req.condition_expression);
        for (placeholder, name) in req.names {
            call = call.expression_attribute_names(placeholder, name);
        }
        for (placeholder, value) in req.values {
            call = call.expression_attribute_values(placeholder, attribute(value));
        }
        async move {
            match call.send().await {
                Ok(_) => Ok(()),
                Err(e) => match e.as_service_error() {
                    Some(UpdateItemError::ConditionalCheckFailedException(_)) => {
                        Err(WriteError::ConditionFailed)
                    }
                    _ => Err(WriteError::Other(DisplayErrorContext(&e).to_string())),
                },
            }
        }
    }

    fn read_marks(
        &self,
        key: &ItemKey<'_>,
        marks: &[String],
    ) -> impl Future<Output = Result<Vec<StoredMark>, String>> + Send {
        let marks = marks.to_vec();
        let mut call = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(
                "PK",
                AttributeValue::S(schema::pk(key.namespace, key.entity_id)),
            )
            .key(
                "SK",
                AttributeValue::S(schema::usage_sk(
                    key.resource,
                    &window::window_key(key.start_ms),
                )),
            )
            .consistent_read(true)
            .projection_expression(
                (0..marks.len())
                    .map(|i| format!("#m{i}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        for (i, m) in marks.iter().enumerate() {
            call = call.expression_attribute_names(format!("#m{i}"), m);
        }
        async move {
            let out = call
                .send()
                .await
                .map_err(|e| DisplayErrorContext(&e).to_string())?;
            let item = out.item.unwrap_or_default();
            Ok(marks
                .iter()
                .map(|m| match item.get(m) {
                    None => StoredMark::Absent,
                    Some(AttributeValue::S(s)) => StoredMark::String(s.clone()),
                    Some(_) => StoredMark::NotAString,
                })
                .collect())
        }
    }
}

impl BucketStore for DynamoStore {
    fn update_shard_count(
        &self,
        write: &ShardWrite,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        let mut call = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", AttributeValue::S(write.pk.clone()))
            .key("SK", AttributeValue::S(crate::record::STATE_SK.to_owned()))
            .update_expression(write.update_expression())
            .condition_expression(write.condition_expression())
            .expression_attribute_values(":new", AttributeValue::N(write.new.to_string()));
        if write.kind == ShardWriteKind::Double {
            call =
                call.expression_attribute_values(":old", AttributeValue::N(write.old.to_string()));
        }
        async move {
            match call.send().await {
                Ok(_) => Ok(()),
                Err(e) => match e.as_service_error() {
                    Some(UpdateItemError::ConditionalCheckFailedException(_)) => {
                        Err(WriteError::ConditionFailed)
                    }
                    _ => Err(WriteError::Other(DisplayErrorContext(&e).to_string())),
                },
            }
        }
    }
}
