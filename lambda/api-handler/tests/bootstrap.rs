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
    match std::env::var("API_HANDLER_BOOTSTRAP") {
        // Tests run in the crate's directory; a relative path means the workspace root.
        Ok(path) => {
            let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            workspace.join(path).to_string_lossy().into_owned()
        }
        Err(_) => env!("CARGO_BIN_EXE_zael-api-handler").to_owned(),
    }
}

fn response(call: RuntimeCall, request_id: &str) -> (i64, Value) {
    match call {
        RuntimeCall::Response {
            request_id: id,
            body,
        } => {
            assert_eq!(id, request_id);
            let proxy: Value = serde_json::from_str(&body).unwrap();
            let status = proxy["statusCode"].as_i64().unwrap();
            let inner = serde_json::from_str(proxy["body"].as_str().unwrap()).unwrap();
            (status, inner)
        }
        other => panic!("expected a response, got {other:?}"),
    }
}

#[tokio::test]
async fn bootstrap_stores_the_seeds_request_and_refuses_a_bad_one() {
    let moto = MotoServer::start();
    let ddb = aws_sdk_dynamodb::Client::new(&sdk_config(&moto.endpoint).await);
    let table = "ZAEL-movies-api";
    create_table(&ddb, table).await;

    let runtime = FakeRuntime::start(common::FUNCTION);
    let _bootstrap = spawn_bootstrap(
        &binary(),
        &runtime.addr,
        &[("TABLE_NAME", table), ("AWS_ENDPOINT_URL", &moto.endpoint)],
    );

    runtime.invoke(
        "req-1",
        &post_event(Some(r#"{"year":"2023","title":"kkkg","id":"12"}"#)),
    );
    let (status, body) = response(runtime.next_result(Duration::from_secs(60)), "req-1");
    assert_eq!(status, 200);
    assert_eq!(
        body,
        serde_json::json!({"message": "Successfully inserted data!"})
    );

    runtime.invoke("req-2", &post_event(Some(r#"{"year":"2023","id":"13"}"#)));
    let (status, body) = response(runtime.next_result(Duration::from_secs(60)), "req-2");
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
    let runtime = FakeRuntime::start(common::FUNCTION);
    let mut bootstrap = spawn_bootstrap(&binary(), &runtime.addr, &[]);
    match runtime.next_result(Duration::from_secs(30)) {
        RuntimeCall::InitError { error_type, body } => {
            assert_eq!(error_type.as_deref(), Some("Runtime.ConfigError"));
            let body: Value = serde_json::from_str(&body).unwrap();
            assert!(body["errorMessage"]
                .as_str()
                .unwrap()
                .contains("TABLE_NAME"));
        }
        other => panic!("expected an init error, got {other:?}"),
    }
    let status = bootstrap
        .wait_for_exit(Duration::from_secs(10))
        .expect("bootstrap kept running after an init error");
    assert!(!status.success());
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
    let binary = binary();
    let runs = 30;
    let env = [
        ("TABLE_NAME", "t"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
    ];
    let samples = init_times(common::FUNCTION, &binary, &env, runs);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = samples[runs / 2];
    println!(
        "init time of {binary} over {runs} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        ms(samples[0]),
        ms(median),
        ms(samples[runs - 1])
    );
    assert!(
        median < Duration::from_millis(50),
        "median init {median:?} is over 50 ms"
    );
}
