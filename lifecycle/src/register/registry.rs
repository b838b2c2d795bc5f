//! The namespace registry as zae-limiter keeps it: under `_/SYSTEM#`, a forward record
//! `#NAMESPACE#{name}` (name → id, what `connect()` reads) and a reverse record `#NSID#{id}`
//! (id → name), both `status = active`, written together and only if absent, as the library's
//! own `register_namespace` does. An active namespace keeps its id: its items are keyed by it.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use zael::stacks::limiter::schema::SHARED_NAMESPACE;

use super::error::RegisterError;
use super::{namespace_id, now_iso, Place};

/// How often a fresh id is drawn when the transaction fails on the reverse record alone
/// (another namespace holds the id: one chance in 2^64 per draw).
const ATTEMPTS: usize = 5;

/// One namespace after registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registered {
    pub name: String,
    pub id: String,
    /// False when it was already active (its id kept).
    pub created: bool,
}

fn registry_pk() -> String {
    format!("{SHARED_NAMESPACE}/SYSTEM#")
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_string())
}

fn record(sort_key: String, name: &str, id: &str, now: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("PK".to_string(), s(&registry_pk())),
        ("SK".to_string(), AttributeValue::S(sort_key)),
        ("namespace_id".to_string(), s(id)),
        ("namespace_name".to_string(), s(name)),
        ("status".to_string(), s("active")),
        ("created_at".to_string(), s(now)),
        // GSI4: the registry is listed with the shared namespace's items.
        ("GSI4PK".to_string(), s(SHARED_NAMESPACE)),
        ("GSI4SK".to_string(), s(&registry_pk())),
    ])
}

fn forward_key(name: &str) -> String {
    format!("#NAMESPACE#{name}")
}

fn reverse_key(id: &str) -> String {
    format!("#NSID#{id}")
}

fn put_if_absent(table: &str, item: HashMap<String, AttributeValue>) -> TransactWriteItem {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .expect("table, item and condition are set");
    TransactWriteItem::builder().put(put).build()
}

/// Registers `name` (or finds it registered) and returns its id.
pub async fn ensure(
    client: &Client,
    place: &Place,
    name: &str,
) -> Result<Registered, RegisterError> {
    for _ in 0..ATTEMPTS {
        let id = namespace_id::generate().map_err(|e| place.error("drawing a namespace id", e))?;
        let now = now_iso();
        let written = client
            .transact_write_items()
            .transact_items(put_if_absent(
                &place.table,
                record(forward_key(name), name, &id, &now),
            ))
            .transact_items(put_if_absent(
                &place.table,
                record(reverse_key(&id), name, &id, &now),
            ))
            .send()
            .await;
        match written {
            Ok(_) => {
                return Ok(Registered {
                    name: name.to_string(),
                    id,
                    created: true,
                })
            }
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(TransactWriteItemsError::TransactionCanceledException(_))
                ) =>
            {
                if let Some(existing) = existing(client, place, name).await? {
                    return Ok(existing);
                }
                // Only the reverse record existed: the id is taken; draw another.
            }
            Err(e) => {
                return Err(place.error(
                    "TransactWriteItems (namespace registry)",
                    DisplayErrorContext(e),
                ))
            }
        }
    }
    Err(place.error(
        "TransactWriteItems (namespace registry)",
        format!("{ATTEMPTS} fresh ids were all taken"),
    ))
}

/// The active forward record of `name`, with its reverse record restored if it is missing
/// (a registry written by hand, or a tool that wrote only one side).
async fn existing(
    client: &Client,
    place: &Place,
    name: &str,
) -> Result<Option<Registered>, RegisterError> {
    let found = client
        .get_item()
        .table_name(&place.table)
        .key("PK", s(&registry_pk()))
        .key("SK", s(&forward_key(name)))
        .consistent_read(true)
        .send()
        .await
        .map_err(|e| place.error("GetItem (namespace registry)", DisplayErrorContext(e)))?;
    let Some(item) = found.item else {
        return Ok(None);
    };
    let text = |attribute: &str| match item.get(attribute) {
        Some(AttributeValue::S(value)) => Some(value.clone()),
        _ => None,
    };
    let status = text("status").unwrap_or_default();
    if status != "active" {
        return Err(RegisterError::NamespaceUnavailable {
            table: place.table.clone(),
            name: name.to_string(),
            status,
        });
    }
    let id = text("namespace_id").ok_or_else(|| {
        place.error(
            "GetItem (namespace registry)",
            format!("the record of namespace {name:?} has no namespace_id string"),
        )
    })?;
    let repaired = client
        .put_item()
        .table_name(&place.table)
        .set_item(Some(record(reverse_key(&id), name, &id, &now_iso())))
        .condition_expression("attribute_not_exists(PK)")
        .send()
        .await;
    if let Err(e) = repaired {
        let present = e
            .as_service_error()
            .is_some_and(|e| e.is_conditional_check_failed_exception());
        if !present {
            return Err(place.error("PutItem (namespace registry)", DisplayErrorContext(e)));
        }
    }
    Ok(Some(Registered {
        name: name.to_string(),
        id,
        created: false,
    }))
}
