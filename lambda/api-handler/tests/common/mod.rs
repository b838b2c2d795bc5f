//! Shared helpers of the integration tests: a moto server per test, the movies table as the
//! API blueprint deploys it, and a fake Lambda Runtime API for running the built binary.
//!
//! The moto server and the fake Runtime API follow `lambda/aggregator/tests/common/mod.rs`
//! (the same code, without the aggregator's stream helpers).

#![allow(dead_code, unused_imports)] // each test binary uses its own subset

use aws_sdk_dynamodb::types::{AttributeValue, BillingMode, KeyType};
use serde_json::Value;
use std::collections::HashMap;
use zael_lambda_testkit::table::{key, string_attribute};
// Everything testkit offers (the moto server, the fake Runtime API, the SDK configuration),
// as this suite's own; `run_bootstrap` below wraps testkit's with the function's name.
pub use zael_lambda_testkit::*;

/// The table as the API blueprint deploys it: partition key `id` (S), nothing else.
pub async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    ddb.create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(string_attribute("id"))
        .key_schema(key("id", KeyType::Hash))
        .send()
        .await
        .unwrap();
}

pub type Item = HashMap<String, AttributeValue>;

/// Every item of the table.
pub async fn items(ddb: &aws_sdk_dynamodb::Client, name: &str) -> Vec<Item> {
    ddb.scan()
        .table_name(name)
        .send()
        .await
        .unwrap()
        .items
        .unwrap_or_default()
}

/// An API Gateway REST API (v1) proxy event for `POST /` with `body`, as the stage sends it.
pub fn post_event(body: Option<&str>) -> Value {
    serde_json::json!({
        "resource": "/",
        "path": "/",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json", "x-api-key": "k"},
        "multiValueHeaders": {"Content-Type": ["application/json"], "x-api-key": ["k"]},
        "queryStringParameters": null,
        "multiValueQueryStringParameters": null,
        "pathParameters": null,
        "stageVariables": null,
        "requestContext": {
            "resourceId": "abc123",
            "resourcePath": "/",
            "httpMethod": "POST",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "accountId": "123456789012",
            "apiId": "1234567890",
            "stage": "prod",
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "curl/8.0", "apiKey": "k"},
            "protocol": "HTTP/1.1",
            "requestTimeEpoch": 1732700000000u64,
            "path": "/prod/"
        },
        "body": body,
        "isBase64Encoded": false
    })
}

// ---------------------------------------------------------------------------------------
// Fake Lambda Runtime API
// ---------------------------------------------------------------------------------------

/// The function name the fake Runtime API and the bootstrap process run as.
pub const FUNCTION: &str = "zael-api-handler";

/// A fake Runtime API, and `binary` running against it as Lambda runs this crate's
/// bootstrap (see `zael_lambda_testkit::run_bootstrap`).
pub fn run_bootstrap(binary: &str, extra_env: &[(&str, &str)]) -> (FakeRuntime, Bootstrap) {
    zael_lambda_testkit::run_bootstrap(FUNCTION, binary, extra_env)
}
