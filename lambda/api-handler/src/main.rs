//! The `bootstrap` of the `provided.al2023` runtime: read `TABLE_NAME`, build the DynamoDB
//! client once per sandbox, serve API Gateway proxy requests.

use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::json;
use zael_api_handler::{handle, log, DynamoStore};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    log::init_from_env();
    let table = match std::env::var("TABLE_NAME") {
        Ok(table) if !table.is_empty() => table,
        _ => zael_lambda_support::fail_init(
            "TABLE_NAME is not set: it names the table items are written to",
        ),
    };
    let sdk = aws_config::load_from_env().await;
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&sdk), table.clone());
    log::info("api handler ready", json!({"table": table}));
    let store = &store;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<ApiGatewayProxyRequest>| async move {
            Ok::<_, Error>(handle(store, &event.payload, &event.context.request_id).await)
        },
    ))
    .await
}
