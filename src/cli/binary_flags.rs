//! `--aggregator-binary` and `--api-handler-binary`: where the Lambda binaries to package are,
//! declared once for every command that packages them (`synth --out`, `deploy`, `fleet apply`).

use std::path::PathBuf;

use clap::Args;

use crate::assets;
use crate::blueprint::Artifact;

#[derive(Args, Debug)]
pub struct BinaryFlags {
    /// The prebuilt aggregator binary to package [default: target/lambda/aggregator/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub aggregator_binary: Option<PathBuf>,

    /// The prebuilt API handler binary to package (--blueprint api) [default: target/lambda/api-handler/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub api_handler_binary: Option<PathBuf>,
}

impl BinaryFlags {
    /// The binary to package for `artifact`: its flag's, else where `make lambda` leaves it.
    pub fn binary(&self, artifact: &Artifact) -> PathBuf {
        assets::chosen_binary(
            artifact.asset,
            self.aggregator_binary.as_deref(),
            self.api_handler_binary.as_deref(),
        )
    }
}
