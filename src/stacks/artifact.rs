//! Where a blueprint's Lambda package is at deploy time: two template parameters, named alike
//! in every blueprint that ships one, so `synth --out` and the fleet's upload fill them alike.

use crate::assets::Asset;
use crate::blueprint::Artifact;
use crate::template::{Parameter, ParameterHandle, Stack};

pub const ARTIFACT_BUCKET_PARAMETER: &str = "ArtifactBucket";
pub const ARTIFACT_KEY_PARAMETER: &str = "ArtifactKey";

/// `asset`, located by the two parameters.
pub fn artifact(asset: Asset) -> Artifact {
    Artifact {
        asset,
        bucket_parameter: ARTIFACT_BUCKET_PARAMETER,
        key_parameter: ARTIFACT_KEY_PARAMETER,
    }
}

/// Adds the bucket parameter (its default the `artifact_bucket` option, if set) and the key
/// parameter (its default this version's package of `asset`). `package` names the package in
/// their descriptions (`the aggregator's`), `synth` the command that writes its zip.
pub fn add_artifact_parameters(
    stack: &mut Stack,
    asset: &Asset,
    package: &str,
    synth: &str,
    artifact_bucket: Option<&str>,
) -> (ParameterHandle, ParameterHandle) {
    let mut bucket = Parameter::string(&format!(
        "S3 bucket holding {package} deployment package (upload the zip that `{synth}` writes)"
    ))
    .pattern(
        "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens",
    );
    if let Some(name) = artifact_bucket {
        bucket = bucket.default(name);
    }
    let bucket = stack.add_parameter(ARTIFACT_BUCKET_PARAMETER, bucket);
    let key = stack.add_parameter(
        ARTIFACT_KEY_PARAMETER,
        Parameter::string(&format!(
            "S3 key of {package} deployment package; the default names the package built from this version's source"
        ))
        .default(asset.s3_key())
        .length(1, 1024),
    );
    (bucket, key)
}
