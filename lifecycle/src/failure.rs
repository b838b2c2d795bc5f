//! Why a lifecycle command failed, said as a user can act on it, and its exit code.

use std::fmt;

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};

/// A failed command: its message (already saying what to do) and exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

/// Exit codes: 1 AWS refused or the stack failed, 2 bad usage or input, 3 a change set that
/// replaces or deletes a stateful resource was not approved.
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_NOT_APPROVED: u8 = 3;

impl Failure {
    pub fn failed(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: EXIT_FAILED,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: EXIT_USAGE,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)
    }
}

/// The error codes AWS gives expired or invalid credentials.
const CREDENTIAL_CODES: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
];

/// The error codes of throttling, which the SDK retries (standard mode, 3 attempts) before
/// giving up.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
];

/// An SDK error as one sentence: `what` failed (`CreateChangeSet of ZAEL-x`), why, and what
/// to do for the errors a user can fix.
pub fn aws<E, R>(what: &str, location: &str, error: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug + 'static,
{
    let code = error.code().unwrap_or("");
    let message = error.message().unwrap_or("");
    if let Some(missing) = credentials_error(error) {
        // Not the network: the SDK found no credentials to sign the call with.
        let text = missing.to_string().replace('\n', " ");
        return Failure::failed(format!(
            "{what} failed ({location}): no usable AWS credentials ({text}): pass --profile with a profile that has them, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in (`aws sso login`)"
        ));
    }
    let detail = if code.is_empty() {
        aws_smithy_types_display(error)
    } else if message.is_empty() {
        code.to_string()
    } else {
        format!("{code}: {message}")
    };
    let advice = if CREDENTIAL_CODES.contains(&code) {
        if code.starts_with("Expired") || code == "RequestExpired" {
            "; the AWS credentials have expired: refresh them (`aws sso login`, or new session credentials) and run again"
        } else {
            "; the AWS credentials are not valid here: check --profile, AWS_PROFILE or the AWS_* variables"
        }
    } else if THROTTLING_CODES.contains(&code) {
        "; AWS kept throttling after the SDK's retries: wait a minute and run again"
    } else if matches!(
        error,
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)
    ) {
        "; check the network, --region and --endpoint-url"
    } else {
        ""
    };
    Failure::failed(format!("{what} failed ({location}): {detail}{advice}"))
}

/// The SDK error's own description with its sources, for errors without an AWS code.
fn aws_smithy_types_display<E, R>(error: &SdkError<E, R>) -> String
where
    E: std::error::Error + 'static,
    R: fmt::Debug + 'static,
{
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The credentials error under an SDK error, when the call failed for want of credentials.
fn credentials_error<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a aws_credential_types::provider::error::CredentialsError> {
    let mut source = Some(error);
    while let Some(cause) = source {
        if let Some(found) = cause.downcast_ref() {
            return Some(found);
        }
        source = cause.source();
    }
    None
}
