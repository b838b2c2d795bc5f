//! The flags every AWS command takes: where the calls go and with whose credentials.

use clap::Args;

use crate::aws::Target;

#[derive(Args, Clone, Debug, Default)]
pub struct AwsArgs {
    /// The AWS region [default: the SDK's: AWS_REGION, then the profile's]
    #[arg(long, value_name = "REGION", help_heading = "AWS")]
    pub region: Option<String>,
    /// A profile of the shared AWS config files [default: the SDK's credential chain]
    #[arg(long, value_name = "PROFILE", help_heading = "AWS")]
    pub profile: Option<String>,
    /// Another endpoint for every service (LocalStack, moto server)
    #[arg(long, value_name = "URL", value_parser = endpoint_url, help_heading = "AWS")]
    pub endpoint_url: Option<String>,
}

impl AwsArgs {
    pub fn target(&self) -> Target {
        Target {
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            profile: self.profile.clone(),
        }
    }
}

/// An `--endpoint-url` that is not an HTTP(S) URL.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected an http:// or https:// URL")]
pub struct NotHttpUrl;

/// clap's parser of `--endpoint-url`: the URL without a trailing `/`.
pub fn endpoint_url(value: &str) -> Result<String, NotHttpUrl> {
    if value.starts_with("http://") || value.starts_with("https://") {
        Ok(value.trim_end_matches('/').to_string())
    } else {
        Err(NotHttpUrl)
    }
}
