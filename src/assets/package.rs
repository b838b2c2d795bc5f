//! The aggregator's deployment package: the prebuilt `bootstrap`, zipped deterministically.
//!
//! `synth` never compiles the Lambda: it packages a binary that `make lambda` built, and
//! refuses one built from other sources than this zael was, so a template never points at a
//! key whose package holds different code.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::zip::{single_executable, ZipError};
use super::Asset;

/// The file beside the binary that records the source hash it was built from.
pub const STAMP_SUFFIX: &str = "source-hash";

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error(
        "no {name} binary at {path}: build it with `make lambda` (or point --{name}-binary at one)"
    )]
    MissingBinary { name: &'static str, path: PathBuf },
    #[error("{0} has no source stamp; rebuild it with `make lambda`, which records the sources it was built from")]
    MissingStamp(PathBuf),
    #[error("{path} was built from other sources (hash {built_from}) than this zael expects ({expected}); rebuild it with `make lambda`")]
    StaleBinary {
        path: PathBuf,
        built_from: String,
        expected: String,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Zip(#[from] ZipError),
}

/// A zipped Lambda package and what identifies it.
#[derive(Clone, Debug)]
pub struct Package {
    pub asset: Asset,
    pub zip: Vec<u8>,
    /// SHA-256 of the zip itself, for integrity checks after upload.
    pub zip_sha256: String,
}

impl Package {
    /// The file name of the zip: the last segment of its S3 key.
    pub fn file_name(&self) -> String {
        let key = self.asset.s3_key();
        key.rsplit('/').next().unwrap_or(&key).to_string()
    }
}

/// Where `make lambda` leaves the aggregator: `$CARGO_TARGET_DIR/lambda/aggregator/bootstrap`.
pub fn default_aggregator_binary() -> PathBuf {
    default_binary(super::aggregator())
}

/// Where `make lambda` leaves `asset`: `$CARGO_TARGET_DIR/lambda/{name}/bootstrap`.
pub fn default_binary(asset: Asset) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into());
    PathBuf::from(target)
        .join("lambda")
        .join(asset.name)
        .join("bootstrap")
}

/// The binary to package for `asset`: the one its flag names (`--aggregator-binary`,
/// `--api-handler-binary`), else where `make lambda` leaves it. `synth --out` and `deploy`
/// both choose through this.
pub fn chosen_binary(
    asset: Asset,
    aggregator: Option<&Path>,
    api_handler: Option<&Path>,
) -> PathBuf {
    let flag = match asset.name {
        "aggregator" => aggregator,
        "api-handler" => api_handler,
        _ => None,
    };
    flag.map_or_else(|| default_binary(asset), Path::to_path_buf)
}

pub fn stamp_path(binary: &Path) -> PathBuf {
    let mut name = binary.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(STAMP_SUFFIX);
    binary.with_file_name(name)
}

/// Zips the binary at `binary` as the package of `asset`, after checking it was built from
/// the sources `asset` names.
pub fn package(asset: Asset, binary: &Path) -> Result<Package, PackageError> {
    if !binary.is_file() {
        return Err(PackageError::MissingBinary {
            name: asset.name,
            path: binary.to_path_buf(),
        });
    }
    let stamp = stamp_path(binary);
    let built_from = std::fs::read_to_string(&stamp)
        .map_err(|_| PackageError::MissingStamp(binary.to_path_buf()))?;
    let built_from = built_from.trim();
    if built_from != asset.source_hash {
        return Err(PackageError::StaleBinary {
            path: binary.to_path_buf(),
            built_from: built_from.to_string(),
            expected: asset.source_hash.to_string(),
        });
    }
    let contents = std::fs::read(binary).map_err(|source| PackageError::Read {
        path: binary.to_path_buf(),
        source,
    })?;
    let zip = single_executable("bootstrap", &contents)?;
    let zip_sha256 = hex(&Sha256::digest(&zip));
    Ok(Package {
        asset,
        zip,
        zip_sha256,
    })
}

/// The SHA-256 of `bytes` in hex: the content address of an uploaded object.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `manifest.json` of `synth --out`: what to upload where.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub template: String,
    pub assets: Vec<ManifestAsset>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestAsset {
    pub name: &'static str,
    pub file: String,
    pub source_hash: &'static str,
    pub sha256: String,
    pub size: usize,
    pub destination: Destination,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    /// The template parameter that names the bucket.
    pub bucket_parameter: &'static str,
    /// The template parameter whose default is `key`.
    pub key_parameter: &'static str,
    pub key: String,
}

impl ManifestAsset {
    pub fn new(
        package: &Package,
        bucket_parameter: &'static str,
        key_parameter: &'static str,
    ) -> Self {
        ManifestAsset {
            name: package.asset.name,
            file: package.file_name(),
            source_hash: package.asset.source_hash,
            sha256: package.zip_sha256.clone(),
            size: package.zip.len(),
            destination: Destination {
                bucket_parameter,
                key_parameter,
                key: package.asset.s3_key(),
            },
        }
    }
}
