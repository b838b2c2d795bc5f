//! Which items a statement may touch, by partition key (`dynamodb:LeadingKeys`), for
//! zae-limiter's key layout: every key is `{namespace}/{kind}#...`, the shared registry and
//! version record live under the reserved namespace `_`, and GSI4's partition key is the
//! bare namespace id. IAM checks `LeadingKeys` against the partition key of whatever is
//! read or written: the table's `PK`, or the queried index's partition key (GSI2's
//! `{ns}/RESOURCE#...`, GSI3's `{ns}/ENTITY#...`, GSI4's `{ns}`).

use super::access::NAMESPACE_TAG;
use crate::resources::iam::Statement;
use crate::resources::iam_conditions::Condition;
use crate::template::Expr;

/// Buckets (`{ns}/BUCKET#{entity}#{resource}#{shard}`, and the `#OP#` records in a bucket's
/// partition) of any namespace: all that `acquire()` writes.
pub const ANY_BUCKET: &str = "*/BUCKET#*";

/// The reserved namespace of the namespace registry and the version record, which
/// `Repository.connect()` and `ping()` read whatever the caller's namespace.
pub const SHARED: &str = "_/*";

/// The principal's namespace id, an IAM policy variable resolved per request (not a
/// CloudFormation `Fn::Sub`): the value of the principal's `zael_namespace_id` tag.
pub fn namespace_id() -> String {
    format!("${{aws:PrincipalTag/{NAMESPACE_TAG}}}")
}

/// Every item of the principal's namespace.
pub fn in_namespace() -> String {
    format!("{}/*", namespace_id())
}

/// The buckets of the principal's namespace.
pub fn namespace_buckets() -> String {
    format!("{}/BUCKET#*", namespace_id())
}

/// Confines `statement` to items whose partition key matches one of `patterns`.
///
/// `ForAllValues` is vacuously true when a request carries no leading keys (a Scan), so the
/// `Null` guard requires them; the namespace policies also require the principal tag, as
/// an untagged principal would otherwise match the literal pattern `/*`.
pub fn scoped(mut statement: Statement, patterns: &[String], namespaced: bool) -> Statement {
    let mut condition = Condition::new()
        .with(
            "ForAllValues:StringLike",
            "dynamodb:LeadingKeys",
            Expr::list(patterns.iter().cloned()),
        )
        .with("Null", "dynamodb:LeadingKeys", "false");
    if namespaced {
        condition = condition.with("Null", format!("aws:PrincipalTag/{NAMESPACE_TAG}"), "false");
    }
    statement.condition = Some(condition.into());
    statement
}
