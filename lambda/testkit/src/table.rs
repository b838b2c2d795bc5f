//! The pieces of a DynamoDB table's schema the tests create tables from (the SDK's builders
//! spell each in five lines).

use aws_sdk_dynamodb::operation::create_table::builders::CreateTableFluentBuilder;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType,
};

/// A string attribute of the key schema.
pub fn string_attribute(name: &str) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .unwrap()
}

/// `name` as the partition key (`Hash`) or the sort key (`Range`).
pub fn key(name: &str, kind: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()
        .unwrap()
}

/// The global secondary index `index` on `pk` and `sk`, projecting every attribute.
pub fn global_index(index: &str, pk: &str, sk: &str) -> GlobalSecondaryIndex {
    GlobalSecondaryIndex::builder()
        .index_name(index)
        .key_schema(key(pk, KeyType::Hash))
        .key_schema(key(sk, KeyType::Range))
        .projection(
            Projection::builder()
                .projection_type(ProjectionType::All)
                .build(),
        )
        .build()
        .unwrap()
}

/// CreateTable of a table with the rate limiter's key layout, on demand: `PK`/`SK`, and for
/// each `n` of `indexes` the index `GSI{n}` on `GSI{n}PK`/`GSI{n}SK`.
pub fn limiter_table(
    ddb: &aws_sdk_dynamodb::Client,
    name: &str,
    indexes: &[u8],
) -> CreateTableFluentBuilder {
    let mut call = ddb
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(string_attribute("PK"))
        .attribute_definitions(string_attribute("SK"))
        .key_schema(key("PK", KeyType::Hash))
        .key_schema(key("SK", KeyType::Range));
    for n in indexes {
        let (pk, sk) = (format!("GSI{n}PK"), format!("GSI{n}SK"));
        call = call
            .attribute_definitions(string_attribute(&pk))
            .attribute_definitions(string_attribute(&sk))
            .global_secondary_indexes(global_index(&format!("GSI{n}"), &pk, &sk));
    }
    call
}
