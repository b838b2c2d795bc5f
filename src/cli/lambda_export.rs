//! `zael lambda-export`: one Lambda's deployment package alone, and `zael asset-hash`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, Output};
use crate::assets::{self, default_binary, write_atomically, Asset};

/// The Lambda artifacts zael ships.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AssetName {
    /// The usage aggregator of the limiter blueprint (lambda/aggregator)
    #[default]
    Aggregator,
    /// The handler of the API blueprint (lambda/api-handler)
    ApiHandler,
}

impl AssetName {
    pub fn asset(self) -> Asset {
        match self {
            AssetName::Aggregator => assets::aggregator(),
            AssetName::ApiHandler => assets::api_handler(),
        }
    }
}

#[derive(Args, Debug)]
pub struct LambdaExportArgs {
    /// Where to write the zip
    #[arg(long, value_name = "PATH")]
    pub output: PathBuf,

    /// Which artifact
    #[arg(long, value_enum, default_value_t = AssetName::Aggregator)]
    pub asset: AssetName,

    /// The prebuilt binary [default: target/lambda/<asset>/bootstrap]
    #[arg(long = "binary", alias = "aggregator-binary", value_name = "PATH")]
    pub binary: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AssetHashArgs {
    /// Which artifact
    #[arg(long, value_enum, default_value_t = AssetName::Aggregator)]
    pub asset: AssetName,
}

pub fn run(args: &LambdaExportArgs) -> Result<Output, CliError> {
    let asset = args.asset.asset();
    let binary = args.binary.clone().unwrap_or_else(|| default_binary(asset));
    let package =
        assets::package(asset, &binary).map_err(|error| CliError::usage(error.to_string()))?;
    write_atomically(&args.output, &package.zip).map_err(|error| {
        CliError::usage(format!(
            "cannot write --output {}: {error}",
            args.output.display()
        ))
    })?;
    eprintln!(
        "wrote {} ({} bytes, sha256 {}); upload it to s3://<bucket>/{}",
        args.output.display(),
        package.zip.len(),
        package.zip_sha256,
        package.asset.s3_key()
    );
    Ok(Vec::new())
}

/// The source hash this zael expects of an artifact's binary; `make lambda` stamps it.
pub fn asset_hash(args: &AssetHashArgs) -> Output {
    format!("{}\n", args.asset.asset().source_hash).into_bytes()
}
