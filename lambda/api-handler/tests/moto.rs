//! The handler against DynamoDB (moto server): the seed's request stored as the seed's
//! sample handler stores it, refusals that write nothing, and a failing table.

mod common;

use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayProxyResponse};
use aws_lambda_events::encodings::Body;
use aws_sdk_dynamodb::types::AttributeValue;
use common::*;
use serde_json::{json, Value};
use zael_api_handler::{handle, DynamoStore};

const TABLE: &str = "ZAEL-movies-api";

fn request(body: Option<&str>) -> ApiGatewayProxyRequest {
    serde_json::from_value(post_event(body)).expect("a REST API proxy event")
}

fn body(response: &ApiGatewayProxyResponse) -> Value {
    match &response.body {
        Some(Body::Text(text)) => serde_json::from_str(text).unwrap(),
        other => panic!("expected a text body, got {other:?}"),
    }
}

/// A moto server (stopped on drop) with the movies table: a client of the test's own, and the
/// handler's store on the table.
async fn movies_table() -> (MotoServer, aws_sdk_dynamodb::Client, DynamoStore) {
    let moto = MotoServer::start();
    let ddb = aws_sdk_dynamodb::Client::new(&sdk_config(&moto.endpoint).await);
    create_table(&ddb, TABLE).await;
    let store = DynamoStore::new(ddb.clone(), TABLE);
    (moto, ddb, store)
}

#[tokio::test]
async fn the_seeds_request_is_stored_with_a_numeric_year() {
    let (_moto, ddb, store) = movies_table().await;

    let seed = r#"{"year":"2023", "title":"kkkg", "id":"12"}"#;
    let response = handle(&store, &request(Some(seed)), "r1").await;
    assert_eq!(response.status_code, 200);
    assert_eq!(
        body(&response),
        json!({"message": "Successfully inserted data!"})
    );

    let stored = items(&ddb, TABLE).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["id"], AttributeValue::S("12".into()));
    assert_eq!(stored[0]["title"], AttributeValue::S("kkkg".into()));
    assert_eq!(stored[0]["year"], AttributeValue::N("2023".into()));

    // The same id again replaces the item: a retried request leaves one item.
    let again = r#"{"year":2024, "title":"kkkg 2", "id":"12"}"#;
    assert_eq!(
        handle(&store, &request(Some(again)), "r2")
            .await
            .status_code,
        200
    );
    let stored = items(&ddb, TABLE).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["year"], AttributeValue::N("2024".into()));
}

#[tokio::test]
async fn malformed_bodies_get_400_and_write_nothing() {
    let (_moto, ddb, store) = movies_table().await;

    for (bad, field) in [
        (None, "body"),
        (Some("not json"), "JSON"),
        (Some(r#"{"title":"t","id":"1"}"#), "'year'"),
        (Some(r#"{"year":"20x3","title":"t","id":"1"}"#), "'year'"),
        (Some(r#"{"year":2023,"id":"1"}"#), "'title'"),
        (Some(r#"{"year":2023,"title":"t","id":7}"#), "'id'"),
    ] {
        let response = handle(&store, &request(bad), "r").await;
        assert_eq!(response.status_code, 400, "{bad:?}");
        let message = body(&response)["message"].as_str().unwrap().to_string();
        assert!(message.contains(field), "{bad:?}: {message}");
    }
    assert!(items(&ddb, TABLE).await.is_empty());
}

#[tokio::test]
async fn a_missing_table_gets_500() {
    let moto = MotoServer::start();
    let ddb = aws_sdk_dynamodb::Client::new(&sdk_config(&moto.endpoint).await);
    let store = DynamoStore::new(ddb, "no-such-table");
    let response = handle(
        &store,
        &request(Some(r#"{"year":2023,"title":"t","id":"1"}"#)),
        "r",
    )
    .await;
    assert_eq!(response.status_code, 500);
    assert!(!body(&response).to_string().contains("no-such-table"));
}
