//! `zael lambda-export`: the aggregator's deployment package alone, and `zael asset-hash`.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, Output};
use crate::assets::{self, default_aggregator_binary, write_atomically};

#[derive(Args, Debug)]
pub struct LambdaExportArgs {
    /// Where to write the zip
    #[arg(long, value_name = "PATH")]
    pub output: PathBuf,

    /// The prebuilt aggregator binary [default: target/lambda/aggregator/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub aggregator_binary: Option<PathBuf>,
}

pub fn run(args: &LambdaExportArgs) -> Result<Output, CliError> {
    let binary = args
        .aggregator_binary
        .clone()
        .unwrap_or_else(default_aggregator_binary);
    let package = assets::package(assets::aggregator(), &binary)
        .map_err(|error| CliError::usage(error.to_string()))?;
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

/// The source hash this zael expects of the aggregator binary; `make lambda` stamps it.
pub fn asset_hash() -> Output {
    format!("{}\n", assets::aggregator().source_hash).into_bytes()
}
