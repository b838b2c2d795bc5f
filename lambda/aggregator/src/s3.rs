//! [`ArchiveStore`] on S3: one `PutObject` per archive object, into the bucket named by
//! `AUDIT_ARCHIVE_BUCKET`.
//!
//! IAM: `s3:PutObject` on `arn:${AWS::Partition}:s3:::BUCKET/audit/*` and nothing else
//! (no read, no list: keys are computed, never looked up; no ACL or tagging is sent).
//! Encryption is the bucket's default (SSE-S3 / AES256 needs no extra permission; a
//! bucket defaulting to SSE-KMS would add `kms:GenerateDataKey` on its key). The client
//! comes from `aws-config`, which honours `AWS_ENDPOINT_URL` and the standard retries.

use crate::archive_store::ArchiveStore;
use crate::store::StoreError;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::Client;
use std::future::Future;

/// `Content-Type` of the objects: the bytes are gzip (no `Content-Encoding`, so
/// downloads keep the `.jsonl.gz` as stored).
pub const CONTENT_TYPE: &str = "application/gzip";

/// Archive objects in one S3 bucket.
#[derive(Clone, Debug)]
pub struct S3Archive {
    client: Client,
    bucket: String,
}

impl S3Archive {
    pub fn new(client: Client, bucket: impl Into<String>) -> S3Archive {
        S3Archive {
            client,
            bucket: bucket.into(),
        }
    }
}

impl ArchiveStore for S3Archive {
    fn put(&self, key: &str, body: Vec<u8>) -> impl Future<Output = Result<(), StoreError>> + Send {
        let call = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(CONTENT_TYPE)
            .body(ByteStream::from(body));
        async move { call.send().await.map(|_| ()).map_err(StoreError::sdk) }
    }
}
