//! AWS::S3::Bucket and AWS::S3::BucketPolicy

use super::iam::PolicyDocument;
use super::Tag;
use crate::cfn_struct;
use crate::template::{Expr, Handle};

cfn_struct! {
    pub struct Bucket as "AWS::S3::Bucket" {
        pub bucket_name: Option<Expr>,
        pub bucket_encryption: BucketEncryption,
        pub public_access_block_configuration: PublicAccessBlockConfiguration,
        pub ownership_controls: Option<OwnershipControls>,
        pub lifecycle_configuration: Option<LifecycleConfiguration>,
        pub versioning_configuration: Option<VersioningConfiguration>,
        pub tags: Vec<Tag>,
    }
}

impl Handle<Bucket> {
    pub fn arn(&self) -> Expr {
        self.attribute("Arn")
    }

    /// `Ref` of a bucket is its name.
    pub fn name(&self) -> Expr {
        self.reference()
    }

    /// The ARN of the objects under `prefix` (`arn:...:bucket/prefix*`).
    pub fn objects_arn(&self, prefix: &str) -> Expr {
        Expr::sub(format!("${{{}.Arn}}/{prefix}*", self.logical_id()))
    }
}

cfn_struct! {
    pub struct BucketEncryption {
        pub server_side_encryption_configuration: Vec<ServerSideEncryptionRule>,
    }

    pub struct ServerSideEncryptionRule {
        pub server_side_encryption_by_default: ServerSideEncryptionByDefault,
        pub bucket_key_enabled: Option<bool>,
    }

    pub struct ServerSideEncryptionByDefault {
        #[serde(rename = "SSEAlgorithm")]
        pub sse_algorithm: String,
        #[serde(rename = "KMSMasterKeyID")]
        pub kms_master_key_id: Option<Expr>,
    }

    pub struct PublicAccessBlockConfiguration {
        pub block_public_acls: bool,
        pub block_public_policy: bool,
        pub ignore_public_acls: bool,
        pub restrict_public_buckets: bool,
    }
}

impl PublicAccessBlockConfiguration {
    pub fn all_blocked() -> Self {
        PublicAccessBlockConfiguration {
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
        }
    }
}

cfn_struct! {
    pub struct OwnershipControls {
        pub rules: Vec<OwnershipControlsRule>,
    }

    pub struct OwnershipControlsRule {
        pub object_ownership: String,
    }

    pub struct LifecycleConfiguration {
        pub rules: Vec<LifecycleRule>,
    }

    pub struct LifecycleRule {
        pub id: String,
        pub status: String,
        pub prefix: Option<String>,
        pub transitions: Vec<Transition>,
        pub noncurrent_version_expiration: Option<NoncurrentVersionExpiration>,
    }

    /// Versions that stopped being current (overwritten or deleted) are removed this many days
    /// later.
    pub struct NoncurrentVersionExpiration {
        pub noncurrent_days: u32,
    }

    pub struct Transition {
        pub storage_class: String,
        pub transition_in_days: Expr,
    }

    pub struct VersioningConfiguration {
        pub status: String,
    }

    pub struct BucketPolicy as "AWS::S3::BucketPolicy" {
        pub bucket: Expr,
        pub policy_document: PolicyDocument,
    }
}
