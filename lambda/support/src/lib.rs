//! What both Lambda binaries share: at init, the JSON logger ([`log`]), reporting a
//! configuration error to the Lambda Runtime API ([`init_error`]), and the path a bad
//! configuration takes ([`fail_init`]); then the DynamoDB table both write to
//! ([`DynamoStore`]) and the error of a failed AWS call ([`StoreError`]).

mod dynamo;
pub mod init_error;
pub mod log;
mod store_error;
pub mod timestamp;

pub use dynamo::DynamoStore;
pub use store_error::StoreError;

use serde_json::json;

/// Ends an initialisation that cannot succeed: logs `message`, reports it to the Runtime API
/// as a `Runtime.ConfigError` (so the invocation fails with it rather than a bare "Runtime
/// exited"), and exits with status 1.
pub fn fail_init(message: &str) -> ! {
    log::error("invalid configuration", json!({"error": message}));
    if let Ok(api) = std::env::var("AWS_LAMBDA_RUNTIME_API") {
        if let Err(report) = init_error::report(&api, init_error::CONFIG_ERROR_TYPE, message) {
            log::error(
                "could not report the init error",
                json!({"error": report.to_string()}),
            );
        }
    }
    std::process::exit(1)
}
