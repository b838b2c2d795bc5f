//! The `bootstrap` binary of the `provided.al2023` Lambda runtime: read the
//! configuration, build the DynamoDB client (and the S3 client when audit archival is
//! on), serve invocations.

use aws_lambda_events::dynamodb::Event;
use lambda_runtime::{service_fn, LambdaEvent};
use serde_json::json;
use zael_aggregator::{handle, log, Config, DynamoStore, S3Archive};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    log::init_from_env();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => zael_lambda_support::fail_init(&e.to_string()),
    };
    let sdk = aws_config::load_from_env().await;
    let store = DynamoStore::new(
        aws_sdk_dynamodb::Client::new(&sdk),
        config.table_name.clone(),
    );
    let archive = config
        .audit_archive_bucket
        .as_ref()
        .map(|bucket| S3Archive::new(aws_sdk_s3::Client::new(&sdk), bucket));
    log::info(
        "aggregator ready",
        json!({"table": config.table_name, "windows": config.windows.iter().map(|w| w.name()).collect::<Vec<_>>(),
               "ttlDays": config.ttl_days, "auditArchiveBucket": config.audit_archive_bucket}),
    );
    if archive.is_none() {
        log::warn(
            "audit archival is off: AUDIT_ARCHIVE_BUCKET is unset, expired audit items will be skipped",
            json!({}),
        );
    }
    let (store, archive, config) = (&store, archive.as_ref(), &config);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| async move {
        handle(
            store,
            archive,
            config,
            &event.payload.records,
            &event.context.request_id,
        )
        .await
    }))
    .await
}
