//! Where the AWS calls go and with whose credentials: the SDK's standard chain (environment,
//! shared config and credentials files, SSO, container and instance roles), narrowed by the
//! flags every lifecycle command shares.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_types::os_shim_internal::{Env, Fs};

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

    /// Why `--profile` cannot be used, when the shared config files do not have it (the
    /// SDK would go on without it, and the next error would name something else, such as a
    /// missing region) or cannot be read.
    pub async fn profile_problem(&self) -> Option<String> {
        let name = self.profile.as_deref()?;
        let files =
            aws_config::profile::load(&Fs::real(), &Env::real(), &Default::default(), None).await;
        let place = |variable: &str, default: &str| {
            std::env::var(variable).unwrap_or_else(|_| default.to_string())
        };
        let where_ = format!(
            "{} and {}",
            place("AWS_CONFIG_FILE", "~/.aws/config"),
            place("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")
        );
        match files {
            Err(error) => Some(format!(
                "--profile {name}: the shared AWS config files ({where_}) cannot be read: {error}"
            )),
            Ok(set) if set.get_profile(name).is_some() => None,
            Ok(set) => {
                let mut known: Vec<&str> = set.profiles().collect();
                known.sort_unstable();
                let known = if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                };
                Some(format!(
                    "--profile {name}: no such profile in {where_}; the profiles there: {known}"
                ))
            }
        }
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
