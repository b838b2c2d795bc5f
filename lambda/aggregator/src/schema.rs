//! The snapshot item's key and attribute names, as zae-limiter 0.17.0 reads them back
//! (`Repository._deserialize_usage_snapshot`), in one place.
//!
//! ```text
//! PK          = {ns}/ENTITY#{entity_id}
//! SK          = #USAGE#{resource}#{window_key}
//! GSI2PK      = {ns}/RESOURCE#{resource}      GSI2SK = USAGE#{window_key}#{entity_id}
//! GSI4PK      = {ns}                          GSI4SK = {ns}/ENTITY#{entity_id}
//! {limit}     = N, whole tokens consumed in the window (the reader does `int()`)
//! {limit}#od  = N, debits that left a soft limit in debt
//! seq#{limit}#{shard} = S, high-water mark of the source bucket shard (see crate::write)
//! ```
//!
//! The reader treats **every** `N` attribute other than its fixed ones as a counter, so a
//! snapshot item carries no other numbers; the marks are strings, which it skips.

/// Partition key of an entity's items (snapshots included).
pub fn pk(namespace: &str, entity_id: &str) -> String {
    format!("{namespace}/ENTITY#{entity_id}")
}

/// Sort key of a usage snapshot.
pub fn usage_sk(resource: &str, window_key: &str) -> String {
    format!("#USAGE#{resource}#{window_key}")
}

/// GSI2 partition key: everything of one resource in a namespace.
pub fn gsi2_pk(namespace: &str, resource: &str) -> String {
    format!("{namespace}/RESOURCE#{resource}")
}

/// GSI2 sort key: snapshots of a resource ordered by window, then entity.
pub fn gsi2_sk(window_key: &str, entity_id: &str) -> String {
    format!("USAGE#{window_key}#{entity_id}")
}

/// The overdraw counter of `limit`; the reader maps the `#od` suffix to `overdrawn`.
pub fn overdrawn_attr(limit: &str) -> String {
    format!("{limit}#od")
}

/// The high-water-mark attribute of one source bucket shard. Per shard, because the
/// shards of one bucket are separate items whose stream records interleave. A string,
/// so the library's reader skips it. Limit names never contain `#` (see
/// [`crate::record`]), so a mark never collides with a counter.
pub fn mark_attr(limit: &str, shard: u32) -> String {
    format!("seq#{limit}#{shard}")
}

/// Fixed attribute names.
pub const ENTITY_ID: &str = "entity_id";
pub const RESOURCE: &str = "resource";
pub const WINDOW: &str = "window";
pub const WINDOW_START: &str = "window_start";
pub const GSI2PK: &str = "GSI2PK";
pub const GSI2SK: &str = "GSI2SK";
pub const GSI4PK: &str = "GSI4PK";
pub const GSI4SK: &str = "GSI4SK";
pub const TTL: &str = "ttl";
pub const TOTAL_EVENTS: &str = "total_events";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_strings() {
        assert_eq!(pk("a7x3kq", "e1"), "a7x3kq/ENTITY#e1");
        assert_eq!(
            usage_sk("gpt-4", "2024-01-01T00:00:00Z"),
            "#USAGE#gpt-4#2024-01-01T00:00:00Z"
        );
        assert_eq!(gsi2_pk("a7x3kq", "gpt-4"), "a7x3kq/RESOURCE#gpt-4");
        assert_eq!(
            gsi2_sk("2024-01-01T00:00:00Z", "e1"),
            "USAGE#2024-01-01T00:00:00Z#e1"
        );
        assert_eq!(overdrawn_attr("tpm"), "tpm#od");
        assert_eq!(mark_attr("tpm", 3), "seq#tpm#3");
    }
}
