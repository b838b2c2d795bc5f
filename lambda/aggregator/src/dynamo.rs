//! The aggregator's stores ([`SnapshotStore`], [`BucketStore`]) on DynamoDB.
//!
//! [`DynamoStore`] (the table and its client) is shared with the API handler; its client
//! retries throttling and transient errors, and whatever still fails is reported and the
//! batch fails from that record on.

use crate::dynamo_value::{from_sdk_map, to_sdk};
use crate::expr::{self, UpdateRequest, Value};
use crate::plan::ItemKey;
use crate::quota::Check;
use crate::record::Image;
use crate::schema;
use crate::sharding::ShardWrite;
use crate::store::{
    BucketStore, SnapshotStore, StoreError, TransactError, TransactItem, WriteError,
};
use crate::window;
use crate::write::{SnapshotWrite, StoredMark};
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem, Update};
use std::future::Future;

pub use zael_lambda_support::DynamoStore;

fn attribute(v: Value) -> AttributeValue {
    match v {
        Value::S(s) => AttributeValue::S(s),
        Value::N(n) => AttributeValue::N(n),
    }
}

/// A conditional `UpdateItem`'s outcome: a false condition is [`WriteError::ConditionFailed`].
fn conditional<T>(sent: Result<T, SdkError<UpdateItemError>>) -> Result<(), WriteError> {
    match sent {
        Ok(_) => Ok(()),
        Err(e) => match e.as_service_error() {
            Some(UpdateItemError::ConditionalCheckFailedException(_)) => {
                Err(WriteError::ConditionFailed)
            }
            _ => Err(WriteError::Other(StoreError::sdk(&e))),
        },
    }
}

/// One conditional `UpdateItem`; a false condition is [`WriteError::ConditionFailed`].
fn send_update(
    store: &DynamoStore,
    req: UpdateRequest,
) -> impl Future<Output = Result<(), WriteError>> + Send {
    let mut call = store
        .client()
        .update_item()
        .table_name(store.table())
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
    async move { conditional(call.send().await) }
}

impl SnapshotStore for DynamoStore {
    fn update(
        &self,
        write: &SnapshotWrite<'_>,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        send_update(self, expr::render(write))
    }

    fn read_marks(
        &self,
        key: &ItemKey<'_>,
        marks: &[String],
    ) -> impl Future<Output = Result<Vec<StoredMark>, StoreError>> + Send {
        let marks = marks.to_vec();
        let mut call = self
            .client()
            .get_item()
            .table_name(self.table())
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
            let out = call.send().await.map_err(StoreError::sdk)?;
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

/// One action of a `TransactWriteItems` call.
fn transact_item(table: &str, item: &TransactItem) -> Result<TransactWriteItem, StoreError> {
    let key = |pk: &str, sk: &str| {
        [
            ("PK".to_owned(), AttributeValue::S(pk.to_owned())),
            ("SK".to_owned(), AttributeValue::S(sk.to_owned())),
        ]
        .into_iter()
        .collect::<std::collections::HashMap<_, _>>()
    };
    let names = |n: &[(String, String)]| (!n.is_empty()).then(|| n.iter().cloned().collect());
    let values = |v: &[(String, Value)]| {
        (!v.is_empty()).then(|| {
            v.iter()
                .map(|(k, v)| (k.clone(), attribute(v.clone())))
                .collect()
        })
    };
    let built = match item {
        TransactItem::Put { item, condition } => TransactWriteItem::builder().put(
            Put::builder()
                .table_name(table)
                .set_item(Some(
                    item.iter().map(|(k, v)| (k.clone(), to_sdk(v))).collect(),
                ))
                .condition_expression(condition)
                .build()
                .map_err(|e| StoreError(e.to_string()))?,
        ),
        TransactItem::Update(u) => TransactWriteItem::builder().update(
            Update::builder()
                .table_name(table)
                .set_key(Some(key(&u.pk, &u.sk)))
                .update_expression(&u.update_expression)
                .condition_expression(&u.condition_expression)
                .set_expression_attribute_names(names(&u.names))
                .set_expression_attribute_values(values(&u.values))
                .build()
                .map_err(|e| StoreError(e.to_string()))?,
        ),
        TransactItem::Check(Check {
            pk,
            sk,
            condition,
            names: n,
            values: v,
        }) => TransactWriteItem::builder().condition_check(
            ConditionCheck::builder()
                .table_name(table)
                .set_key(Some(key(pk, sk)))
                .condition_expression(condition)
                .set_expression_attribute_names(names(n))
                .set_expression_attribute_values(values(v))
                .build()
                .map_err(|e| StoreError(e.to_string()))?,
        ),
    };
    Ok(built.build())
}

impl BucketStore for DynamoStore {
    fn read_bucket(
        &self,
        pk: &str,
    ) -> impl Future<Output = Result<Option<Image>, StoreError>> + Send {
        let call = self
            .client()
            .get_item()
            .table_name(self.table())
            .key("PK", AttributeValue::S(pk.to_owned()))
            .key("SK", AttributeValue::S(crate::record::STATE_SK.to_owned()))
            .consistent_read(true);
        async move {
            let out = call.send().await.map_err(StoreError::sdk)?;
            match out.item {
                None => Ok(None),
                Some(item) => from_sdk_map(&item).map(Some).ok_or_else(|| {
                    StoreError("an attribute of a type this build does not know".to_owned())
                }),
            }
        }
    }

    fn transact(
        &self,
        items: &[TransactItem],
    ) -> impl Future<Output = Result<(), TransactError>> + Send {
        let built: Result<Vec<_>, StoreError> = items
            .iter()
            .map(|i| transact_item(self.table(), i))
            .collect();
        let client = self.client().clone();
        async move {
            let built = built.map_err(TransactError::Other)?;
            match client
                .transact_write_items()
                .set_transact_items(Some(built))
                .send()
                .await
            {
                Ok(_) => Ok(()),
                Err(e) => match e.as_service_error() {
                    Some(TransactWriteItemsError::TransactionCanceledException(c)) => {
                        Err(TransactError::Cancelled(
                            c.cancellation_reasons()
                                .iter()
                                .map(|r| r.code().unwrap_or("None").to_owned())
                                .collect(),
                        ))
                    }
                    _ => Err(TransactError::Other(StoreError::sdk(&e))),
                },
            }
        }
    }

    fn update_bucket(
        &self,
        request: &UpdateRequest,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        send_update(self, request.clone())
    }

    fn update_shard_count(
        &self,
        write: &ShardWrite,
    ) -> impl Future<Output = Result<(), WriteError>> + Send {
        let call = self
            .client()
            .update_item()
            .table_name(self.table())
            .key("PK", AttributeValue::S(write.pk.clone()))
            .key("SK", AttributeValue::S(crate::record::STATE_SK.to_owned()))
            .update_expression(write.update_expression())
            .condition_expression(write.condition_expression())
            .expression_attribute_values(":new", AttributeValue::N(write.new.to_string()))
            .expression_attribute_values(":old", AttributeValue::N(write.old.to_string()));
        async move { conditional(call.send().await) }
    }
}
