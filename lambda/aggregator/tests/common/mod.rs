//! Shared helpers of the integration tests: a moto server per test, the real table
//! schema, reading the table's stream back as a Lambda event, and a fake Lambda Runtime
//! API for running the `bootstrap` binary.
#![allow(dead_code, unused_imports)] // each test crate uses a different subset

use aws_lambda_events::dynamodb::Event;
use aws_sdk_dynamodb::types::{AttributeValue, StreamSpecification, StreamViewType};
use aws_sdk_dynamodbstreams::types::AttributeValue as StreamValue;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use zael_lambda_testkit::table::limiter_table;
// Everything testkit offers (the moto server, the fake Runtime API, the SDK configuration),
// as this suite's own; `run_bootstrap` below wraps testkit's with the function's name.
pub use zael_lambda_testkit::*;

/// A moto server and the test's own clients of it.
pub struct Env {
    pub moto: MotoServer,
    pub ddb: aws_sdk_dynamodb::Client,
    pub streams: aws_sdk_dynamodbstreams::Client,
    /// Path-style: moto serves every bucket on one host.
    pub s3: aws_sdk_s3::Client,
}

/// A fresh moto server and clients of it.
pub async fn env() -> Env {
    let moto = MotoServer::start();
    let sdk = sdk_config(&moto.endpoint).await;
    Env {
        ddb: aws_sdk_dynamodb::Client::new(&sdk),
        streams: aws_sdk_dynamodbstreams::Client::new(&sdk),
        s3: aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&sdk)
                .force_path_style(true)
                .build(),
        ),
        moto,
    }
}

/// The rate-limit table with what the aggregator's writes and these tests' reads use:
/// PK/SK, GSI1, GSI2 and GSI4 (projecting all), stream with both images.
pub async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    limiter_table(ddb, name, &[1, 2, 4])
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

/// The namespace id of the buckets these helpers write.
pub const NS: &str = "a7x3kq";
/// Capacity of every limit of these buckets (millitokens).
const CAP: i64 = 1_000_000_000;

pub fn bucket_pk(entity: &str, resource: &str) -> String {
    format!("{NS}/BUCKET#{entity}#{resource}#0")
}

/// Shard 0 of one bucket (an entity's use of a resource) in a table, written as
/// zae-limiter 0.17.0's acquires write it.
pub struct Bucket<'a> {
    pub ddb: &'a aws_sdk_dynamodb::Client,
    pub table: &'a str,
    pub entity: &'a str,
    pub resource: &'a str,
}

impl Bucket<'_> {
    /// Creates the item the way the library's first acquire does: every limit's
    /// `b_{limit}_*` fields, `tc` holding that acquire's debit, the `wcu` budget, `rf` (the
    /// refill stamp) and the index keys.
    pub async fn create(&self, debits: &[(&str, i64)], rf_ms: i64) {
        let Bucket {
            ddb,
            table,
            entity,
            resource,
        } = *self;
        let mut put = ddb
            .put_item()
            .table_name(table)
            .item("PK", s(&bucket_pk(entity, resource)))
            .item("SK", s("#STATE"))
            .item("entity_id", s(entity))
            .item("resource", s(resource))
            .item("rf", n(rf_ms))
            .item("shard_count", n(1))
            .item("GSI2PK", s(&format!("{NS}/RESOURCE#{resource}")))
            .item("GSI2SK", s(&format!("BUCKET#{entity}#0")))
            .item("GSI3PK", s(&format!("{NS}/ENTITY#{entity}")))
            .item("GSI3SK", s(&format!("BUCKET#{resource}#0")))
            .item("GSI4PK", s(NS))
            .item("GSI4SK", s(&format!("BUCKET#{entity}#{resource}#0")))
            .item("b_wcu_cp", n(1_000_000))
            .item("b_wcu_ra", n(1_000_000))
            .item("b_wcu_rp", n(1_000))
            .item("b_wcu_tk", n(1_000_000))
            .item("b_wcu_tc", n(0));
        for &(limit, debit) in debits {
            put = put
                .item(format!("b_{limit}_tc"), n(debit))
                .item(format!("b_{limit}_tk"), n(CAP - debit))
                .item(format!("b_{limit}_cp"), n(CAP))
                .item(format!("b_{limit}_ra"), n(CAP))
                .item(format!("b_{limit}_rp"), n(60_000));
        }
        put.send().await.expect("create bucket");
    }

    /// An acquire on the library's fast path (a refund, with negative amounts): every
    /// limit's `tc` up and `tk` down by its debit, the `wcu` budget charged, in one
    /// UpdateItem. `rf_ms` re-stamps `rf`, as a refill of the bucket would.
    pub async fn consume(&self, debits: &[(&str, i64)], rf_ms: i64) {
        let mut adds = vec!["b_wcu_tc :w".to_owned()];
        let mut call = self
            .ddb
            .update_item()
            .table_name(self.table)
            .key("PK", s(&bucket_pk(self.entity, self.resource)))
            .key("SK", s("#STATE"))
            .expression_attribute_values(":w", n(1_000))
            .expression_attribute_values(":rf", n(rf_ms));
        for (i, &(limit, debit)) in debits.iter().enumerate() {
            adds.push(format!("#tc{i} :d{i}, #tk{i} :k{i}"));
            call = call
                .expression_attribute_names(format!("#tc{i}"), format!("b_{limit}_tc"))
                .expression_attribute_names(format!("#tk{i}"), format!("b_{limit}_tk"))
                .expression_attribute_values(format!(":d{i}"), n(debit))
                .expression_attribute_values(format!(":k{i}"), n(-debit));
        }
        call.update_expression(format!("SET rf = :rf ADD {}", adds.join(", ")))
            .send()
            .await
            .expect("consume");
    }
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

/// The records zae-limiter 0.17.0 wrote on moto, captured by `tests/fixtures/capture.py`.
pub fn library_fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/zae_limiter_0_17_0.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("the captured fixture"))
        .expect("fixture JSON")
}

/// Per window kind, the tokens each `entity|resource|limit` shows over all its snapshots
/// as the library reads them (the fixture's `expect_tokens` shape), and the `#od` counts.
pub fn library_totals(
    items: &BTreeMap<(String, String), Item>,
    namespace: &str,
) -> (BTreeMap<(String, String), i64>, BTreeMap<String, i64>) {
    let mut totals = BTreeMap::new();
    let mut overdrawn = BTreeMap::new();
    for ((pk, _), item) in items {
        let entity = pk
            .strip_prefix(&format!("{namespace}/ENTITY#"))
            .expect("namespaced PK");
        let (window, resource) = (text(item, "window"), text(item, "resource"));
        for (attr, v) in library_counters(item) {
            match attr.strip_suffix("#od") {
                Some(limit) => {
                    *overdrawn
                        .entry(format!("{entity}|{limit}|{window}"))
                        .or_default() += v
                }
                None => {
                    let k = format!("{entity}|{resource}|{attr}");
                    *totals.entry((window.clone(), k)).or_default() += v;
                }
            }
        }
    }
    (totals, overdrawn)
}

/// The fixture's expected tokens, per window kind, in [`library_totals`]' shape.
pub fn expected_totals(fixture: &Value, windows: &[&str]) -> BTreeMap<(String, String), i64> {
    let expect = fixture["expect_tokens"].as_object().unwrap();
    windows
        .iter()
        .flat_map(|w| {
            expect
                .iter()
                .map(move |(k, v)| (((*w).to_owned(), k.clone()), v.as_i64().unwrap()))
        })
        .collect()
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
/// A counter as the library's reader takes it: `int()` of the stored number, which
/// fails on anything but an integer.
pub fn tokens(item: &Item, attr: &str) -> i64 {
    let raw = num(item, attr);
    raw.parse()
        .unwrap_or_else(|_| panic!("{attr} = {raw} is not an integer: the library's int() fails"))
}

/// The counters the library's `_deserialize_usage_snapshot` would report: every `N`
/// attribute but its fixed ones; `#od` suffixes are overdraw counts.
pub fn library_counters(item: &Item) -> BTreeMap<String, i64> {
    const FIXED: [&str; 10] = [
        "PK",
        "SK",
        "entity_id",
        "resource",
        "window",
        "window_start",
        "total_events",
        "GSI2PK",
        "GSI2SK",
        "ttl",
    ];
    item.iter()
        .filter(|(k, v)| !FIXED.contains(&k.as_str()) && v.is_n())
        .map(|(k, _)| (k.clone(), tokens(item, k)))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Fake Lambda Runtime API
// ---------------------------------------------------------------------------------------

/// The function name the fake Runtime API and the bootstrap process run as.
pub const FUNCTION: &str = "zael-aggregator";

/// A fake Runtime API, and `binary` running against it as Lambda runs this crate's
/// bootstrap (see `zael_lambda_testkit::run_bootstrap`).
pub fn run_bootstrap(binary: &str, extra_env: &[(&str, &str)]) -> (FakeRuntime, Bootstrap) {
    zael_lambda_testkit::run_bootstrap(FUNCTION, binary, extra_env)
}

/// One case a reference script drew: its name in failures (seed, index and the record's new
/// image), the clock, the stream record, and the case with what the library did.
pub struct ReferenceCase {
    pub what: String,
    pub now: i64,
    pub record: aws_lambda_events::dynamodb::EventRecord,
    pub case: Value,
}

/// `per_seed` cases of `tests/e2e/{script}` for each of `seeds` (see [`reference_cases`]).
pub fn seeded_cases(script: &str, seeds: &[u64], per_seed: usize) -> Vec<ReferenceCase> {
    seeds
        .iter()
        .flat_map(|&seed| {
            reference_cases(script, seed, per_seed)
                .into_iter()
                .enumerate()
                .map(move |(i, case)| ReferenceCase {
                    what: format!(
                        "seed {seed} case {i}: {}",
                        case["record"]["dynamodb"]["NewImage"]
                    ),
                    now: case["now_ms"].as_i64().unwrap(),
                    record: serde_json::from_value(case["record"].clone()).unwrap(),
                    case,
                })
        })
        .collect()
}

/// The cases `tests/e2e/{script}` draws with the real zae-limiter (the project's venv) for
/// `seed`: `count` of them, one JSON value a line, each with what the library did.
pub fn reference_cases(script: &str, seed: u64, count: usize) -> Vec<Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join("../../.venv/bin/python");
    assert!(
        python.exists(),
        "{} not found: run `make venv` (it installs zae-limiter)",
        python.display()
    );
    let out =
        std::env::temp_dir().join(format!("zael-{script}-{seed}-{}.jsonl", std::process::id()));
    let status = std::process::Command::new(python)
        .arg(root.join("tests/e2e").join(script))
        .args([seed.to_string(), count.to_string()])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{script} {seed} failed");
    let text = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
