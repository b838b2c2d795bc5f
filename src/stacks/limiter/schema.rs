//! The table layout of zae-limiter's schema 0.10.0 (the library's 0.17.0 release,
//! `zae_limiter.schema.get_table_definition`): the keys, the four global and five local
//! secondary indexes and their projections. The library reads entities, buckets and usage
//! snapshots off GSI1 and GSI2 (so they project everything), and only keys off GSI3 and GSI4
//! (it fetches the items after). A test deploys the template on moto and compares the table
//! with the library's own definition.

use crate::constructs::TableBuilder;
use crate::resources::dynamodb::{ProjectionType, StreamViewType};
use crate::template::Expr;

/// The zae-limiter release whose data contract the stack and the aggregator implement.
pub const LIBRARY_RELEASE: &str = "0.17.0";

/// The schema version of that release, stamped in the version record.
pub const SCHEMA_VERSION: &str = "0.10.0";

/// The namespace of the records every namespace shares (the registry, the version record).
pub const SHARED_NAMESPACE: &str = "_";

/// The `lambda_version` zael stamps in the version record: the library release its aggregator
/// implements, with zael's own version as a local label. The library compares the release part
/// with its own (`connect()` refuses a release below the client's, or a stamp it cannot parse)
/// and accepts the label, so the stamp passes every gate of a 0.17.0 client, and a newer
/// client is refused until zael implements its release.
pub fn lambda_version() -> String {
    format!("{LIBRARY_RELEASE}+zael.{}", env!("CARGO_PKG_VERSION"))
}

/// The global secondary indexes: name, partition key, sort key, projection.
pub const GLOBAL_INDEXES: &[(&str, &str, &str, ProjectionType)] = &[
    // Children of a parent entity (`get_children`).
    ("GSI1", "GSI1PK", "GSI1SK", ProjectionType::All),
    // Buckets and usage snapshots by resource.
    ("GSI2", "GSI2PK", "GSI2SK", ProjectionType::All),
    // An entity's buckets and sparse entity configs (`set_limits`, `available`, ...).
    ("GSI3", "GSI3PK", "GSI3SK", ProjectionType::KeysOnly),
    // Everything of a namespace (`purge_namespace`, soft-limit fan-out).
    ("GSI4", "GSI4PK", "GSI4SK", ProjectionType::KeysOnly),
];

/// The local secondary indexes: name, sort key, projection. 0.17.0 neither writes nor
/// queries them, but schema 0.10.0 declares them and an LSI can only be created with the
/// table, so a table without them could never gain them in place.
pub const LOCAL_INDEXES: &[(&str, &str, ProjectionType)] = &[
    ("LSI1", "LSI1SK", ProjectionType::All),
    ("LSI2", "LSI2SK", ProjectionType::KeysOnly),
    ("LSI3", "LSI3SK", ProjectionType::All),
    ("LSI4", "LSI4SK", ProjectionType::KeysOnly),
    ("LSI5", "LSI5SK", ProjectionType::All),
];

/// The library's table: `PK`/`SK`, every index, TTL on `ttl` (buckets on defaults, audit
/// events, snapshots) and a stream with both images (the aggregator diffs `tc`; the archiver
/// reads the expired item). Billing, recovery and protection are the caller's.
pub fn library_table(name: impl Into<Expr>) -> TableBuilder {
    let mut table = TableBuilder::new(name, "PK", "SK");
    for &(index, partition_key, sort_key, projection) in GLOBAL_INDEXES {
        table = table.global_index_projecting(index, partition_key, sort_key, projection);
    }
    for &(index, sort_key, projection) in LOCAL_INDEXES {
        table = table.local_index(index, sort_key, projection);
    }
    table
        .stream(StreamViewType::NewAndOldImages)
        .time_to_live("ttl")
}
