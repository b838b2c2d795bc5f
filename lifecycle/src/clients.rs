//! The SDK clients of one command, from `--region`, `--profile` and `--endpoint-url`; or,
//! in tests, from any SDK configuration (one whose HTTP client replays scripted responses).

use aws_config::SdkConfig;

use crate::args::AwsArgs;
use crate::failure::Failure;

pub struct Clients {
    pub cloudformation: aws_sdk_cloudformation::Client,
    pub s3: aws_sdk_s3::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// Where the calls go (`region us-east-1 at http://...`), for messages.
    pub location: String,
    pub region: String,
    pub endpoint_url: Option<String>,
}

impl Clients {
    pub async fn new(args: &AwsArgs) -> Result<Clients, Failure> {
        let target = args.target();
        if let Some(problem) = target.profile_problem().await {
            return Err(Failure::usage(problem));
        }
        let config = target.load().await;
        let location = target.describe(&config);
        Clients::from_config(&config, location, args.endpoint_url.clone())
    }

    /// The clients of `config`; `location` names where the calls go, in messages.
    pub fn from_config(
        config: &SdkConfig,
        location: String,
        endpoint_url: Option<String>,
    ) -> Result<Clients, Failure> {
        let Some(region) = config.region().map(ToString::to_string) else {
            return Err(Failure::usage(
                "no AWS region: pass --region, or set AWS_REGION or a profile's region",
            ));
        };
        // Endpoints other than AWS's (moto, LocalStack) serve buckets by path, not by host.
        let s3_config = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(endpoint_url.is_some())
            .build();
        Ok(Clients {
            cloudformation: aws_sdk_cloudformation::Client::new(config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            dynamodb: aws_sdk_dynamodb::Client::new(config),
            location,
            region,
            endpoint_url,
        })
    }
}
