//! The built binary, run the way Lambda runs it: against a (fake) Lambda Runtime API, with
//! `TABLE_NAME` in the environment and DynamoDB at moto.

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::*;
use serde_json::Value;
use std::time::Duration;

/// The binary under test: this crate's, or the artifact named by `API_HANDLER_BOOTSTRAP`
/// (e.g. `target/lambda/api-handler/bootstrap` from `scripts/build-lambda.sh`), so the
/// shipped build is checked the same way.
fn binary() -> String {
    zael_lambda_testkit::binary_under_test(
        "API_HANDLER_BOOTSTRAP",
        env!("CARGO_MANIFEST_DIR"),
        env!("CARGO_BIN_EXE_zael-api-handler"),
    )
}

/// The stage's view of one invocation with `event`: the proxy response's status, and its
/// body as JSON.
fn answer(runtime: &FakeRuntime, request_id: &str, event: &Value) -> (i64, Value) {
    let proxy = runtime.answer(request_id, event, Duration::from_secs(60));
    let status = proxy["statusCode"].as_i64().unwrap();
    let inner = serde_json::from_str(proxy["body"].as_str().unwrap()).unwrap();
    (status, inner)
}

#[tokio::test]
async fn bootstrap_stores_the_seeds_request_and_refuses_a_bad_one() {
    let moto = MotoServer::start();
    let ddb = aws_sdk_dynamodb::Client::new(&sdk_config(&moto.endpoint).await);
    let table = "ZAEL-movies-api";
    create_table(&ddb, table).await;

    let (runtime, _bootstrap) = run_bootstrap(
        &binary(),
        &[("TABLE_NAME", table), ("AWS_ENDPOINT_URL", &moto.endpoint)],
    );

    let seed_request = post_event(Some(r#"{"year":"2023","title":"kkkg","id":"12"}"#));
    let (status, body) = answer(&runtime, "req-1", &seed_request);
    assert_eq!(status, 200);
    assert_eq!(
        body,
        serde_json::json!({"message": "Successfully inserted data!"})
    );

    let no_title = post_event(Some(r#"{"year":"2023","id":"13"}"#));
    let (status, body) = answer(&runtime, "req-2", &no_title);
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("'title'"),
        "{body}"
    );

    let stored = items(&ddb, table).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["year"], AttributeValue::N("2023".into()));
}

#[test]
fn bootstrap_reports_a_missing_table_name_as_an_init_error() {
    let (runtime, mut bootstrap) = run_bootstrap(&binary(), &[]);
    let body = expect_config_error(&runtime, &mut bootstrap);
    assert!(body["errorMessage"]
        .as_str()
        .unwrap()
        .contains("TABLE_NAME"));
}

/// Init time: from spawning the process to its first `GET /next`. Run against the artifact:
///
/// ```sh
/// scripts/build-lambda.sh api-handler
/// API_HANDLER_BOOTSTRAP=target/lambda/api-handler/bootstrap \
///   cargo test -p zael-api-handler --test bootstrap -- --ignored --nocapture init_time
/// ```
#[test]
#[ignore = "measurement; run explicitly against the release binary"]
fn init_time() {
    zael_lambda_testkit::measure_init_time(common::FUNCTION, &binary());
}
