//! The `bootstrap` of the `provided.al2023` runtime: read `TABLE_NAME`, build the DynamoDB
//! client once per sandbox, serve API Gateway proxy requests.

use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::json;
use zael_api_handler::{handle, init_error, log, DynamoStore};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let table = match std::env::var("TABLE_NAME") {
        Ok(table) if !table.is_empty() => table,
        _ => {
            let message = "TABLE_NAME is not set: it names the table items are written to";
            log::error("invalid configuration", json!({"error": message}));
            if let Ok(api) = std::env::var("AWS_LAMBDA_RUNTIME_API") {
                if let Err(report) =
                    init_error::report(&api, init_error::CONFIG_ERROR_TYPE, message)
                {
                    log::error(
                        "could not report the init error",
                        json!({"error": report.to_string()}),
                    );
                }
            }
            std::process::exit(1);
        }
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
