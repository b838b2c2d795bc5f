//! The error both Lambdas give for an AWS call that failed.

use aws_sdk_dynamodb::error::DisplayErrorContext;
use std::fmt;

/// A call to DynamoDB or S3 that did not complete after the SDK's retries (throttling, a
/// missing table or bucket, access denied...): the SDK's account of it, for the log. A
/// Lambda's client is told only that the call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError(pub String);

impl StoreError {
    /// The SDK's error with its whole chain of causes (its `Display` alone is often just
    /// "service error"). DynamoDB's and S3's errors alike: both SDKs' errors are
    /// `std::error::Error`s.
    pub fn sdk(error: impl std::error::Error) -> StoreError {
        StoreError(DisplayErrorContext(error).to_string())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}
