//! The event source mapping's filter patterns (Lambda event filtering): the records the
//! aggregator needs, and no others. The template's `FilterCriteria` must carry exactly
//! these bytes; the aggregator re-checks the same conditions in process
//! ([`crate::record`], [`crate::audit`]), so a template without them costs invocations,
//! never correctness.

/// Bucket changes: `INSERT` and `MODIFY` of items whose sort key is `#STATE` (only
/// bucket items use it). Unlike zae-limiter's own pattern (`MODIFY` only), it admits
/// `INSERT`: the acquire that creates a bucket is consumption, and zael counts it.
pub const BUCKET_UPDATE_FILTER: &str =
    r##"{"eventName":["INSERT","MODIFY"],"dynamodb":{"Keys":{"SK":{"S":["#STATE"]}}}}"##;

/// Audit expiries: `REMOVE`s by DynamoDB's TTL (the `userIdentity` term leaves out
/// `delete_entity` and `purge_namespace` deletes) of items whose sort key starts with
/// `#AUDIT#` (only audit items use it). Matched on `Keys`, which every stream view type
/// carries.
pub const AUDIT_REMOVE_FILTER: &str = r##"{"eventName":["REMOVE"],"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]},"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#AUDIT#"}]}}}}"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AUDIT_SK_PREFIX, TTL_IDENTITY_TYPE, TTL_PRINCIPAL};
    use crate::record::STATE_SK;
    use serde_json::{json, Value};

    #[test]
    fn bucket_filter_is_keys_sk_state_for_inserts_and_modifies() {
        let v: Value = serde_json::from_str(BUCKET_UPDATE_FILTER).unwrap();
        assert_eq!(
            v,
            json!({"eventName": ["INSERT", "MODIFY"], "dynamodb": {"Keys": {"SK": {"S": [STATE_SK]}}}})
        );
    }

    #[test]
    fn audit_filter_is_ttl_removes_of_audit_sort_keys() {
        let v: Value = serde_json::from_str(AUDIT_REMOVE_FILTER).unwrap();
        assert_eq!(
            v,
            json!({
                "eventName": ["REMOVE"],
                "userIdentity": {"type": [TTL_IDENTITY_TYPE], "principalId": [TTL_PRINCIPAL]},
                "dynamodb": {"Keys": {"SK": {"S": [{"prefix": AUDIT_SK_PREFIX}]}}}
            })
        );
    }

    #[test]
    fn patterns_are_compact_json() {
        for p in [BUCKET_UPDATE_FILTER, AUDIT_REMOVE_FILTER] {
            let v: Value = serde_json::from_str(p).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap().len(), p.len(), "{p}");
        }
    }
}
