//! The built `bootstrap` binary, run the way Lambda runs it: against a (fake) Lambda
//! Runtime API, with its configuration in the environment and DynamoDB at moto.

mod common;

use common::*;
use serde_json::json;
use std::time::Duration;

/// The binary under test: this crate's `bootstrap`, or the artifact named by
/// `AGGREGATOR_BOOTSTRAP` (e.g. `target/lambda/aggregator/bootstrap` from
/// `scripts/build-lambda.sh`), so the packaged build can be checked the same way.
fn binary() -> String {
    zael_lambda_testkit::binary_under_test(
        "AGGREGATOR_BOOTSTRAP",
        env!("CARGO_MANIFEST_DIR"),
        env!("CARGO_BIN_EXE_bootstrap"),
    )
}
const T0: i64 = 1_719_791_880_000; // 2024-06-30T23:58:00Z
/// How long an invocation may take (moto on a loaded machine).
const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_processes_a_stream_event_end_to_end() {
    let Env {
        moto, ddb, streams, ..
    } = env().await;
    // As deployed: one table; the aggregator reads its stream and writes snapshots into it.
    let table = "ZAEL-limiter";
    create_table(&ddb, table).await;
    // zae-limiter 0.17.0's layout: the creating acquire (an INSERT) and two fast-path
    // acquires of two limits each.
    let bucket = Bucket {
        ddb: &ddb,
        table,
        entity: "acme",
        resource: "gpt-4",
    };
    bucket.create(&[("rpm", 1_000), ("tpm", 500)], T0).await;
    let debit = |rpm, tpm| [("rpm", rpm), ("tpm", tpm)];
    bucket.consume(&debit(1_000, 123_456), T0 + 1_000).await;
    bucket.consume(&debit(1_000, 1), T0 + 2_000).await;
    let records = read_stream(&ddb, &streams, table).await;
    assert_eq!(records.len(), 3);

    let (runtime, _bootstrap) = run_bootstrap(
        &binary(),
        &[
            ("TABLE_NAME", table),
            ("AWS_ENDPOINT_URL", &moto.endpoint),
            ("SNAPSHOT_TTL_DAYS", "7"),
            ("ZAEL_TEST_NOW_MS", "1719800000000"),
            ("AWS_LAMBDA_LOG_LEVEL", "DEBUG"),
        ],
    );

    // Invocation 1: the stream batch. Everything applies.
    let answer = runtime.answer("req-1", &json!({ "Records": records }), MINUTE);
    assert_eq!(answer, json!({"batchItemFailures": []}));
    let items = usage_items(&ddb, table).await;
    let hourly = &items[&(
        format!("{NS}/ENTITY#acme"),
        "#USAGE#gpt-4#2024-06-30T23:00:00Z".into(),
    )];
    // 3 rpm (the creating acquire's included); 123.957 tpm, 123 whole tokens.
    assert_eq!(
        library_counters(hourly),
        [("rpm".to_owned(), 3), ("tpm".to_owned(), 123)].into()
    );
    assert_eq!(num(hourly, "total_events"), "6");
    assert_eq!(text(hourly, "window"), "hourly");
    assert_eq!(text(hourly, "GSI2SK"), "USAGE#2024-06-30T23:00:00Z#acme");
    // The test clock (ZAEL_TEST_NOW_MS) plus 7 days.
    assert_eq!(num(hourly, "ttl"), (1_719_800_000 + 7 * 86_400).to_string());
    let daily = &items[&(
        format!("{NS}/ENTITY#acme"),
        "#USAGE#gpt-4#2024-06-30T00:00:00Z".into(),
    )];
    assert_eq!(tokens(daily, "tpm"), 123);
    assert_eq!(items.len(), 2);

    // Invocation 2: the same batch again (at-least-once) plus a malformed bucket record.
    // The duplicates change nothing; the malformed record is reported for retry.
    let mut bad = records[2].clone();
    bad["dynamodb"]["SequenceNumber"] = json!("99999999999999999999999");
    bad["dynamodb"]["NewImage"]["b_tpm_tc"] = json!({"N": "12.5"});
    let mut batch = records.clone();
    batch.push(bad);
    let answer = runtime.answer("req-2", &json!({ "Records": batch }), MINUTE);
    assert_eq!(
        answer,
        json!({"batchItemFailures": [{"itemIdentifier": "99999999999999999999999"}]})
    );
    assert_eq!(usage_items(&ddb, table).await, items);
}

/// The records zae-limiter 0.17.0 wrote (the captured fixture), in Lambda's batches of
/// 100: the shipped binary's snapshots add up to what the library consumed, per limit,
/// in both window kinds, as the library's reader parses them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_aggregates_the_library_s_own_records() {
    let Env { moto, ddb, .. } = env().await;
    let fixture = library_fixture();
    let table = fixture["table"].as_str().unwrap();
    create_table(&ddb, table).await;
    let (runtime, _bootstrap) = run_bootstrap(
        &binary(),
        &[("TABLE_NAME", table), ("AWS_ENDPOINT_URL", &moto.endpoint)],
    );
    let records = fixture["Records"].as_array().unwrap();
    for (i, batch) in records.chunks(100).enumerate() {
        let id = format!("req-{i}");
        let answer = runtime.answer(&id, &json!({ "Records": batch }), MINUTE);
        assert_eq!(answer, json!({"batchItemFailures": []}), "{id}");
    }
    let items = usage_items(&ddb, table).await;
    let (totals, _) = library_totals(&items, fixture["namespace_id"].as_str().unwrap());
    assert_eq!(totals, expected_totals(&fixture, &["hourly", "daily"]));
}

/// With `AUDIT_ARCHIVE_BUCKET` set, the binary builds its S3 client from the same
/// environment and archives a TTL-expired audit item (moto's S3, an IP endpoint, which
/// the SDK addresses path-style by itself).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_archives_expired_audit_items_to_s3() {
    let Env {
        moto,
        ddb,
        streams,
        s3,
    } = env().await;
    let (table, bucket) = ("ZAEL-limiter", "zael-audit");
    create_table(&ddb, table).await;
    s3.create_bucket().bucket(bucket).send().await.unwrap();
    ddb.put_item()
        .table_name(table)
        .item("PK", s(&format!("{NS}/AUDIT#acme")))
        .item("SK", s("#AUDIT#01J0"))
        .item("ttl", n(1))
        .send()
        .await
        .unwrap();
    ddb.delete_item()
        .table_name(table)
        .key("PK", s(&format!("{NS}/AUDIT#acme")))
        .key("SK", s("#AUDIT#01J0"))
        .send()
        .await
        .unwrap();
    let mut records = read_stream(&ddb, &streams, table).await;
    let mut removal = records.pop().unwrap();
    // What TTL adds to a REMOVE (moto does not run TTL).
    removal["userIdentity"] = json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"});

    let (runtime, _bootstrap) = run_bootstrap(
        &binary(),
        &[
            ("TABLE_NAME", table),
            ("AUDIT_ARCHIVE_BUCKET", bucket),
            ("AWS_ENDPOINT_URL", &moto.endpoint),
        ],
    );
    let answer = runtime.answer("req-1", &json!({ "Records": [removal] }), MINUTE);
    assert_eq!(answer, json!({"batchItemFailures": []}));
    let list = s3.list_objects_v2().bucket(bucket).send().await.unwrap();
    let keys: Vec<String> = list
        .contents
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| o.key)
        .collect();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(
        keys[0].starts_with("audit/year=") && keys[0].ends_with(".jsonl.gz"),
        "{keys:?}"
    );
}

#[test]
fn bootstrap_reports_bad_configuration_as_an_init_error() {
    let (runtime, mut bootstrap) = run_bootstrap(
        &binary(),
        &[("TABLE_NAME", "t"), ("SNAPSHOT_WINDOWS", "hourly,weekly")],
    );
    let body = expect_config_error(&runtime, &mut bootstrap);
    let message = body["errorMessage"].as_str().unwrap();
    assert!(
        message.contains("SNAPSHOT_WINDOWS") && message.contains("weekly"),
        "{message}"
    );
}

/// Init time: from spawning the process to its first `GET /next` (the moment Lambda
/// considers init done). Run against the release artifact:
///
/// ```sh
/// scripts/build-lambda.sh
/// AGGREGATOR_BOOTSTRAP=target/lambda/aggregator/bootstrap \
///   cargo test -p zael-aggregator --test bootstrap -- --ignored --nocapture init_time
/// ```
#[test]
#[ignore = "measurement; run explicitly against the release binary"]
fn init_time() {
    zael_lambda_testkit::measure_init_time(common::FUNCTION, &binary());
}
