//! Where the AWS calls go and with whose credentials: the SDK's standard chain (environment,
//! shared config and credentials files, SSO, container and instance roles), narrowed by the
//! flags every lifecycle command shares.

use aws_config::{BehaviorVersion, Region, SdkConfig};

/// `--region`, `--endpoint-url`, `--profile`; each `None` leaves the SDK's own resolution.
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub region: Option<String>,
    /// Another endpoint for every service (moto server, LocalStack, a VPC endpoint).
    pub endpoint_url: Option<String>,
    /// A profile of the shared config files.
    pub profile: Option<String>,
}

impl Target {
    pub async fn load(&self) -> SdkConfig {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &self.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        loader.load().await
    }

    /// Where the calls went, for error messages.
    pub fn describe(&self, config: &SdkConfig) -> String {
        let region = config
            .region()
            .map_or_else(|| "no region".to_string(), |r| format!("region {r}"));
        match &self.endpoint_url {
            Some(url) => format!("{region} at {url}"),
            None => region,
        }
    }
}
