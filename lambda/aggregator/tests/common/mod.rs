//! Shared helpers of the integration tests: a moto server per test, the real table
//! schema, reading the table's stream back as a Lambda event, and a fake Lambda Runtime
//! API for running the `bootstrap` binary.
#![allow(dead_code, unused_imports)] // each test crate uses a different subset

use aws_lambda_events::dynamodb::Event;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
};
use aws_sdk_dynamodbstreams::types::AttributeValue as StreamValue;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
pub use zael_lambda_testkit::{
    free_port, init_times, Bootstrap, FakeRuntime, MotoServer, RuntimeCall,
};

pub const REGION: &str = "us-east-1";

pub async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
        .load()
        .await
}

/// The rate-limit table as deployed: PK/SK, GSI1, GSI2, stream with both images.
pub async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    let attr = |n: &str| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .unwrap()
    };
    let key = |n: &str, t: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(n)
            .key_type(t)
            .build()
            .unwrap()
    };
    let gsi = |idx: &str, pk: &str, sk: &str| {
        GlobalSecondaryIndex::builder()
            .index_name(idx)
            .key_schema(key(pk, KeyType::Hash))
            .key_schema(key(sk, KeyType::Range))
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .unwrap()
    };
    ddb.create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("PK"))
        .attribute_definitions(attr("SK"))
        .attribute_definitions(attr("GSI1PK"))
        .attribute_definitions(attr("GSI1SK"))
        .attribute_definitions(attr("GSI2PK"))
        .attribute_definitions(attr("GSI2SK"))
        .key_schema(key("PK", KeyType::Hash))
        .key_schema(key("SK", KeyType::Range))
        .global_secondary_indexes(gsi("GSI1", "GSI1PK", "GSI1SK"))
        .global_secondary_indexes(gsi("GSI2", "GSI2PK", "GSI2SK"))
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("create table");
}

pub fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}
pub fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// Creates a bucket item the way the limiter does (optionally without the counter,
/// like buckets written before it existed).
pub async fn put_bucket(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
    entity: &str,
    resource: &str,
    limit: &str,
    counter: Option<i64>,
    at_ms: i64,
) {
    let mut put = ddb
        .put_item()
        .table_name(table)
        .item("PK", s(&format!("ENTITY#{entity}")))
        .item("SK", s(&format!("#BUCKET#{resource}#{limit}")))
        .item("entity_id", s(entity))
        .item(
            "data",
            AttributeValue::M(HashMap::from([
                ("last_refill_ms".to_owned(), n(at_ms)),
                ("tokens_milli".to_owned(), n(1_000_000)),
            ])),
        );
    if let Some(c) = counter {
        put = put.item("total_consumed_milli", n(c));
    }
    put.send().await.expect("put bucket");
}

/// A consume (or a return, with a negative delta) as the limiter writes it: the counter
/// is ADDed and the refill time SET in one UpdateItem.
pub async fn consume(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
    entity: &str,
    resource: &str,
    limit: &str,
    delta_milli: i64,
    at_ms: i64,
) {
    ddb.update_item()
        .table_name(table)
        .key("PK", s(&format!("ENTITY#{entity}")))
        .key("SK", s(&format!("#BUCKET#{resource}#{limit}")))
        .update_expression(
            "ADD total_consumed_milli :d SET #data.last_refill_ms = :t, #data.tokens_milli = :k",
        )
        .expression_attribute_names("#data", "data")
        .expression_attribute_values(":d", n(delta_milli))
        .expression_attribute_values(":t", n(at_ms))
        .expression_attribute_values(":k", n(500_000 + delta_milli))
        .send()
        .await
        .expect("consume");
}

fn stream_value_json(v: &StreamValue) -> Value {
    match v {
        StreamValue::S(x) => json!({"S": x}),
        StreamValue::N(x) => json!({"N": x}),
        StreamValue::Bool(x) => json!({"BOOL": x}),
        StreamValue::Null(x) => json!({"NULL": x}),
        StreamValue::Ss(x) => json!({"SS": x}),
        StreamValue::Ns(x) => json!({"NS": x}),
        StreamValue::M(m) => json!({"M": image_json(Some(m))}),
        StreamValue::L(l) => json!({"L": l.iter().map(stream_value_json).collect::<Vec<_>>()}),
        other => panic!("attribute type not used by the limiter: {other:?}"),
    }
}

fn image_json(img: Option<&HashMap<String, StreamValue>>) -> Value {
    match img {
        None => Value::Null,
        Some(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), stream_value_json(v)))
                .collect(),
        ),
    }
}

/// Reads every record of the table's stream (DynamoDB Streams API) and returns them as
/// the JSON records of a Lambda DynamoDB event, in stream order.
pub async fn read_stream(
    ddb: &aws_sdk_dynamodb::Client,
    streams: &aws_sdk_dynamodbstreams::Client,
    table: &str,
) -> Vec<Value> {
    let desc = ddb
        .describe_table()
        .table_name(table)
        .send()
        .await
        .expect("describe table");
    let arn = desc
        .table
        .and_then(|t| t.latest_stream_arn)
        .expect("table has a stream");
    let stream = streams
        .describe_stream()
        .stream_arn(&arn)
        .send()
        .await
        .expect("describe stream");
    let shards = stream
        .stream_description
        .map(|d| d.shards.unwrap_or_default())
        .unwrap_or_default();
    let mut out = Vec::new();
    for shard in shards {
        let it = streams
            .get_shard_iterator()
            .stream_arn(&arn)
            .shard_id(shard.shard_id.clone().unwrap())
            .shard_iterator_type(aws_sdk_dynamodbstreams::types::ShardIteratorType::TrimHorizon)
            .send()
            .await
            .expect("shard iterator");
        let mut iterator = it.shard_iterator;
        for _ in 0..1000 {
            let Some(i) = iterator.take() else { break };
            let page = streams
                .get_records()
                .shard_iterator(i)
                .send()
                .await
                .expect("get records");
            let records = page.records.unwrap_or_default();
            if records.is_empty() {
                break;
            }
            for r in records {
                let d = r.dynamodb.expect("stream record body");
                out.push(json!({
                    "eventID": r.event_id,
                    "eventName": r.event_name.map(|e| e.as_str().to_owned()),
                    "eventVersion": r.event_version,
                    "eventSource": r.event_source,
                    "awsRegion": r.aws_region.unwrap_or_else(|| REGION.to_owned()),
                    "eventSourceARN": arn,
                    "dynamodb": {
                        "ApproximateCreationDateTime": d.approximate_creation_date_time.map(|t| t.as_secs_f64()),
                        "Keys": image_json(d.keys.as_ref()),
                        "NewImage": image_json(d.new_image.as_ref()),
                        "OldImage": image_json(d.old_image.as_ref()),
                        "SequenceNumber": d.sequence_number,
                        "SizeBytes": d.size_bytes.unwrap_or(0),
                        "StreamViewType": d.stream_view_type.map(|v| v.as_str().to_owned()),
                    }
                }));
            }
            iterator = page.next_shard_iterator;
        }
    }
    out
}

pub fn event(records: &[Value]) -> Event {
    serde_json::from_value(json!({ "Records": records })).expect("a valid DynamoDB event")
}

pub type Item = HashMap<String, AttributeValue>;

/// Every usage snapshot in the table, by (PK, SK).
pub async fn usage_items(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
) -> BTreeMap<(String, String), Item> {
    let mut out = BTreeMap::new();
    let mut start = None;
    loop {
        let page = ddb
            .scan()
            .table_name(table)
            .consistent_read(true)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan");
        for item in page.items.unwrap_or_default() {
            let sk = item["SK"].as_s().unwrap().clone();
            if sk.starts_with("#USAGE#") {
                out.insert((item["PK"].as_s().unwrap().clone(), sk), item);
            }
        }
        start = page.last_evaluated_key;
        if start.is_none() {
            return out;
        }
    }
}

pub fn num(item: &Item, attr: &str) -> String {
    item.get(attr)
        .unwrap_or_else(|| panic!("{attr} missing in {item:?}"))
        .as_n()
        .unwrap()
        .clone()
}
pub fn text(item: &Item, attr: &str) -> String {
    item.get(attr)
        .unwrap_or_else(|| panic!("{attr} missing in {item:?}"))
        .as_s()
        .unwrap()
        .clone()
}
/// A counter in exact millitokens.
pub fn milli(item: &Item, attr: &str) -> i128 {
    let raw = num(item, attr);
    zael_aggregator::amount::decimal_to_milli(&raw)
        .unwrap_or_else(|| panic!("{attr} = {raw} is not exact"))
}

// ---------------------------------------------------------------------------------------
// Fake Lambda Runtime API
// ---------------------------------------------------------------------------------------

/// The function name the fake Runtime API and the bootstrap process run as.
pub const FUNCTION: &str = "zael-aggregator";

/// Runs `binary` as Lambda runs this crate's bootstrap (see `zael_lambda_testkit`).
pub fn spawn_bootstrap(binary: &str, runtime_api: &str, extra_env: &[(&str, &str)]) -> Bootstrap {
    zael_lambda_testkit::spawn_bootstrap(FUNCTION, binary, runtime_api, extra_env)
}
