//! Lambda artifacts shipped beside the template: identity (content hash and S3 key), the
//! deterministic zip, the manifest, and all-or-nothing output.

mod files;
mod package;
pub mod source_hash;
mod zip;

pub use files::{
    check_output_dir, write_all_or_nothing, write_atomically, write_set, Durability,
    OutputDirError, StagedSet,
};
pub use package::{
    chosen_binary, default_aggregator_binary, default_binary, package, sha256_hex, stamp_path,
    Destination, Manifest, ManifestAsset, Package, PackageError,
};
pub use zip::{single_executable, ZipError};

/// A Lambda deployment package, identified by the hash of what it is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asset {
    pub name: &'static str,
    /// SHA-256 of the artifact's sources, lockfile closure and build profile
    /// (see [`source_hash`]).
    pub source_hash: &'static str,
}

impl Asset {
    /// The S3 key the template points at: it changes exactly when the package's inputs do,
    /// so CloudFormation updates the function when, and only when, its code changed.
    pub fn s3_key(&self) -> String {
        format!("zael/{}-{}.zip", self.name, self.source_hash)
    }
}

/// The usage aggregator (`lambda/aggregator`).
pub fn aggregator() -> Asset {
    Asset {
        name: "aggregator",
        source_hash: env!("ZAEL_AGGREGATOR_SOURCE_HASH"),
    }
}

/// The API blueprint's handler (`lambda/api-handler`).
pub fn api_handler() -> Asset {
    Asset {
        name: "api-handler",
        source_hash: env!("ZAEL_API_HANDLER_SOURCE_HASH"),
    }
}

/// Every artifact, by name: what `asset-hash` and `lambda-export --asset` accept.
pub fn by_name(name: &str) -> Option<Asset> {
    [aggregator(), api_handler()]
        .into_iter()
        .find(|asset| asset.name == name)
}
