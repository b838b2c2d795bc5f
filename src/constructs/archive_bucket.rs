//! L2 archive bucket: private, encrypted, TLS-only, versioned, retained, moving to Glacier
//! Instant Retrieval after a while.

use crate::resources::iam::{Effect, PolicyDocument, Statement};
use crate::resources::iam_conditions::Condition;
use crate::resources::s3::{
    Bucket, BucketEncryption, BucketPolicy, LifecycleConfiguration, LifecycleRule,
    NoncurrentVersionExpiration, OwnershipControls, OwnershipControlsRule,
    PublicAccessBlockConfiguration, ServerSideEncryptionByDefault, ServerSideEncryptionRule,
    Transition, VersioningConfiguration,
};
use crate::template::{Expr, Handle, RemovalPolicy, Stack};

/// Objects are written under this prefix (and only there may the writer write).
pub const ARCHIVE_PREFIX: &str = "audit/";

/// How long an overwritten or deleted archive object stays recoverable as a noncurrent
/// version: long enough to notice a mistake at a monthly review, short enough that replayed
/// batches (which rewrite the same keys) do not keep paying for copies.
pub const NONCURRENT_VERSION_DAYS: u32 = 90;

#[derive(Clone, Debug)]
pub struct ArchiveBucket {
    pub handle: Handle<Bucket>,
}

/// Adds `{id}` and `{id}Policy`. The bucket name is left to CloudFormation: bucket names are
/// global, and a fixed name would collide across accounts and regions.
pub fn archive_bucket(stack: &mut Stack, id: &str, glacier_after_days: Expr) -> ArchiveBucket {
    let handle = stack.add(
        id,
        Bucket {
            bucket_name: None,
            bucket_encryption: BucketEncryption {
                server_side_encryption_configuration: vec![ServerSideEncryptionRule {
                    server_side_encryption_by_default: ServerSideEncryptionByDefault {
                        sse_algorithm: "AES256".into(),
                        kms_master_key_id: None,
                    },
                    bucket_key_enabled: None,
                }],
            },
            public_access_block_configuration: PublicAccessBlockConfiguration::all_blocked(),
            ownership_controls: Some(OwnershipControls {
                rules: vec![OwnershipControlsRule {
                    object_ownership: "BucketOwnerEnforced".into(),
                }],
            }),
            lifecycle_configuration: Some(LifecycleConfiguration {
                rules: vec![
                    LifecycleRule {
                        id: "GlacierInstantRetrieval".into(),
                        status: "Enabled".into(),
                        prefix: Some(ARCHIVE_PREFIX.into()),
                        transitions: vec![Transition {
                            storage_class: "GLACIER_IR".into(),
                            transition_in_days: glacier_after_days,
                        }],
                        noncurrent_version_expiration: None,
                    },
                    LifecycleRule {
                        id: "ExpireNoncurrentVersions".into(),
                        status: "Enabled".into(),
                        prefix: None,
                        transitions: Vec::new(),
                        noncurrent_version_expiration: Some(NoncurrentVersionExpiration {
                            noncurrent_days: NONCURRENT_VERSION_DAYS,
                        }),
                    },
                ],
            }),
            // An overwrite or a delete (a bug, a replayed batch cut differently, a person)
            // keeps the archived bytes as a noncurrent version instead of losing them.
            versioning_configuration: Some(VersioningConfiguration {
                status: "Enabled".into(),
            }),
            tags: Vec::new(),
        },
    );
    // Audit history outlives the stack: deleting the stack must not delete it.
    stack.set_removal_policy(&handle, RemovalPolicy::Retain);
    let deny_plain_http = Statement {
        sid: Some("DenyInsecureTransport".into()),
        effect: Effect::Deny,
        principal: Some(Expr::str("*")),
        action: vec!["s3:*".into()],
        resource: vec![handle.arn(), handle.objects_arn("")],
        condition: Some(
            Condition::new()
                .with("Bool", "aws:SecureTransport", "false")
                .into(),
        ),
    };
    stack.add(
        &format!("{id}Policy"),
        BucketPolicy {
            bucket: handle.name(),
            policy_document: PolicyDocument::new(vec![deny_plain_http]),
        },
    );
    ArchiveBucket { handle }
}

impl ArchiveBucket {
    /// Writing new objects under the archive prefix, and nothing else.
    pub fn grant_write(&self) -> Statement {
        Statement::allow(
            "WriteAuditArchive",
            &["s3:PutObject"],
            vec![self.handle.objects_arn(ARCHIVE_PREFIX)],
        )
    }
}
