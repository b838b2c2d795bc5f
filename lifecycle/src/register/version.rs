//! The version record (`_/SYSTEM#` / `#VERSION`) that `Repository.connect()` reads before
//! anything else: without it the library reports no infrastructure; with a `lambda_version`
//! it cannot parse, or of an older release than the client, it refuses to connect.
//!
//! zael stamps its own aggregator's version ([`lambda_version`]) and never lowers
//! `client_min_version`: clients raise it when they first use a feature older clients would
//! misread, and lowering it would let those clients in again.

use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_dynamodb::Client;
use zael::stacks::limiter::schema::{lambda_version, SCHEMA_VERSION, SHARED_NAMESPACE};

use super::error::RegisterError;
use super::{now_iso, Place};

/// What the record says after the stamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamped {
    pub schema_version: String,
    pub lambda_version: String,
    pub client_min_version: String,
}

pub async fn stamp(
    client: &Client,
    place: &Place,
    updated_by: &str,
) -> Result<Stamped, RegisterError> {
    let pk = format!("{SHARED_NAMESPACE}/SYSTEM#");
    let s = |v: &str| AttributeValue::S(v.to_string());
    let updated = client
        .update_item()
        .table_name(&place.table)
        .key("PK", s(&pk))
        .key("SK", s("#VERSION"))
        .update_expression(
            "SET schema_version = :schema, client_min_version = if_not_exists(client_min_version, :min), \
             lambda_version = :lambda, updated_at = :now, updated_by = :by, \
             GSI4PK = :gsi4pk, GSI4SK = :gsi4sk",
        )
        .expression_attribute_values(":schema", s(SCHEMA_VERSION))
        .expression_attribute_values(":min", s("0.0.0"))
        .expression_attribute_values(":lambda", s(&lambda_version()))
        .expression_attribute_values(":now", s(&now_iso()))
        .expression_attribute_values(":by", s(updated_by))
        .expression_attribute_values(":gsi4pk", s(SHARED_NAMESPACE))
        .expression_attribute_values(":gsi4sk", s(&pk))
        .return_values(ReturnValue::AllNew)
        .send()
        .await
        .map_err(|e| place.error("UpdateItem (version record)", DisplayErrorContext(e)))?;
    let attributes = updated.attributes.unwrap_or_default();
    let text = |name: &str| match attributes.get(name) {
        Some(AttributeValue::S(value)) => value.clone(),
        _ => String::new(),
    };
    Ok(Stamped {
        schema_version: text("schema_version"),
        lambda_version: text("lambda_version"),
        client_min_version: text("client_min_version"),
    })
}
