//! The snapshot item's key and attribute names (the data contract), in one place.
//!
//! ```text
//! PK        = ENTITY#{entity_id}
//! SK        = #USAGE#{resource}#{window_key}
//! GSI2PK    = RESOURCE#{resource}
//! GSI2SK    = USAGE#{window_key}#{entity_id}
//! {limit}   = tokens consumed in the window (exact decimal)
//! seq#{limit} = high-water mark: padded sequence number of the last applied record
//! ```

/// Partition key of an entity's items (buckets and snapshots alike).
pub fn pk(entity_id: &str) -> String {
    format!("ENTITY#{entity_id}")
}

/// Sort key of a usage snapshot.
pub fn usage_sk(resource: &str, window_key: &str) -> String {
    format!("#USAGE#{resource}#{window_key}")
}

/// GSI2 partition key: all snapshots of one resource.
pub fn gsi2_pk(resource: &str) -> String {
    format!("RESOURCE#{resource}")
}

/// GSI2 sort key: snapshots of a resource ordered by window, then entity.
pub fn gsi2_sk(window_key: &str, entity_id: &str) -> String {
    format!("USAGE#{window_key}#{entity_id}")
}

/// The high-water-mark attribute for the source bucket of `limit`. Flat (not a nested
/// map path) because `SET a.b` fails when map `a` does not exist yet. Limit names never
/// contain `#` (see [`crate::record`]), so a mark never collides with a counter.
pub fn mark_attr(limit: &str) -> String {
    format!("seq#{limit}")
}

/// Fixed attribute names.
pub const ENTITY_ID: &str = "entity_id";
pub const RESOURCE: &str = "resource";
pub const WINDOW: &str = "window";
pub const WINDOW_START: &str = "window_start";
pub const GSI2PK: &str = "GSI2PK";
pub const GSI2SK: &str = "GSI2SK";
pub const TTL: &str = "ttl";
pub const TOTAL_EVENTS: &str = "total_events";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_strings() {
        assert_eq!(pk("e1"), "ENTITY#e1");
        assert_eq!(
            usage_sk("gpt-4", "2024-01-01T00:00:00Z"),
            "#USAGE#gpt-4#2024-01-01T00:00:00Z"
        );
        assert_eq!(gsi2_pk("gpt-4"), "RESOURCE#gpt-4");
        assert_eq!(
            gsi2_sk("2024-01-01T00:00:00Z", "e1"),
            "USAGE#2024-01-01T00:00:00Z#e1"
        );
        assert_eq!(mark_attr("tpm"), "seq#tpm");
    }
}
