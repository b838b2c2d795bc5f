//! Lambda packages to the artifact bucket under their content-addressed keys. The key names
//! the sources, so an object already there holds the same code: it is not sent again.

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::primitives::ByteStream;

use crate::clients::Clients;
use crate::failure::{self, Failure};
use crate::synthesized::Upload;

/// What happened to one package.
#[derive(Debug, PartialEq, Eq)]
pub enum Uploaded {
    Sent,
    AlreadyThere,
}

pub async fn upload(clients: &Clients, upload: &Upload) -> Result<Uploaded, Failure> {
    upload_object(
        clients,
        &upload.bucket,
        &upload.key,
        &upload.package.zip,
        "application/zip",
    )
    .await
}

/// `bytes` to `s3://bucket/key`, unless an object is there already: every key zael writes is
/// content-addressed.
pub async fn upload_object(
    clients: &Clients,
    bucket: &str,
    key: &str,
    bytes: &[u8],
    content_type: &str,
) -> Result<Uploaded, Failure> {
    let place = format!("s3://{bucket}/{key}");
    let head = clients
        .s3
        .head_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await;
    match head {
        Ok(_) => return Ok(Uploaded::AlreadyThere),
        Err(error) => {
            let not_found = error.as_service_error().is_some_and(|e| e.is_not_found());
            if !not_found {
                return Err(bucket_error(clients, bucket, "HeadObject", &place, error));
            }
        }
    }
    clients
        .s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type(content_type)
        .checksum_algorithm(aws_sdk_s3::types::ChecksumAlgorithm::Sha256)
        .body(ByteStream::from(bytes.to_vec()))
        .send()
        .await
        .map_err(|error| bucket_error(clients, bucket, "PutObject", &place, error))?;
    Ok(Uploaded::Sent)
}

/// A missing bucket is the common mistake: say so, and how to make one.
fn bucket_error<E, R>(
    clients: &Clients,
    bucket: &str,
    action: &str,
    place: &str,
    error: aws_sdk_s3::error::SdkError<E, R>,
) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    if error.code() == Some("NoSuchBucket") {
        return Failure::failed(format!(
            "the artifact bucket {bucket} does not exist ({}): create it (`aws s3 mb s3://{bucket} --region {}`) or pass --artifact-bucket with an existing one",
            clients.location, clients.region
        ));
    }
    failure::aws(&format!("{action} {place}"), &clients.location, &error)
}
