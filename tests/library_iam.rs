//! The IAM the zae-limiter library needs (its data contract, §5), one test per rule, judged by
//! evaluating the synthesized policies on the library's real keys.
//!
//! moto does not enforce IAM, so the end-to-end test cannot catch a missing grant; instead a
//! small evaluator applies each managed policy the way IAM does for the parts zael uses
//! (actions, `ForAllValues:StringLike` on `dynamodb:LeadingKeys`, the `Null` guards, and the
//! `${aws:PrincipalTag/zael_namespace_id}` variable) to requests the library makes.

mod common;

use common::default_template;
use serde_json::Value;

const TAG_VARIABLE: &str = "${aws:PrincipalTag/zael_namespace_id}";
const TABLE_ARN: &str = "table";
const INDEX_ARN: &str = "index";

fn statements<'a>(doc: &'a Value, policy: &str) -> &'a Vec<Value> {
    doc["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap_or_else(|| panic!("{policy} has statements"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// IAM's `StringLike`: `*` any run of characters, `?` one character.
fn like(pattern: &str, value: &str) -> bool {
    let (p, v): (Vec<char>, Vec<char>) = (pattern.chars().collect(), value.chars().collect());
    let mut dp = vec![vec![false; v.len() + 1]; p.len() + 1];
    dp[0][0] = true;
    for i in 1..=p.len() {
        dp[i][0] = dp[i - 1][0] && p[i - 1] == '*';
        for j in 1..=v.len() {
            dp[i][j] = match p[i - 1] {
                '*' => dp[i - 1][j] || dp[i][j - 1],
                '?' => dp[i - 1][j - 1],
                c => dp[i - 1][j - 1] && c == v[j - 1],
            };
        }
    }
    dp[p.len()][v.len()]
}

/// Where a request goes: the table or one of its indexes.
#[derive(Clone, Copy)]
enum Target {
    Table,
    Index,
}

/// A request: an action, its target, the partition keys it touches (none for a Scan), and the
/// principal's namespace tag.
struct Request<'a> {
    action: &'a str,
    target: Target,
    leading_keys: Vec<&'a str>,
    tag: Option<&'a str>,
}

/// The statement's resources on the limiter's table, as `table` (the table ARN) and `index`
/// (`.../index/*`).
fn resources(statement: &Value) -> Vec<&'static str> {
    statement["Resource"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            if r.get("Fn::GetAtt") == Some(&serde_json::json!(["RateLimitsTable", "Arn"])) {
                Some(TABLE_ARN)
            } else if r
                .get("Fn::Sub")
                .and_then(Value::as_str)
                .is_some_and(|s| s == "${RateLimitsTable.Arn}/index/*")
            {
                Some(INDEX_ARN)
            } else {
                None
            }
        })
        .collect()
}

fn statement_allows(statement: &Value, request: &Request) -> bool {
    assert_eq!(statement["Effect"], "Allow");
    if !strings(&statement["Action"])
        .iter()
        .any(|a| a == request.action)
    {
        return false;
    }
    let resource = match request.target {
        Target::Table => TABLE_ARN,
        Target::Index => INDEX_ARN,
    };
    if !resources(statement).contains(&resource) {
        return false;
    }
    let Some(condition) = statement["Condition"].as_object() else {
        return true;
    };
    for (operator, block) in condition {
        for (key, expected) in block.as_object().unwrap() {
            let holds = match (operator.as_str(), key.as_str()) {
                ("ForAllValues:StringLike", "dynamodb:LeadingKeys") => {
                    let patterns = strings(expected);
                    request.leading_keys.iter().all(|leading| {
                        patterns.iter().any(|pattern| {
                            let pattern = match request.tag {
                                Some(tag) => pattern.replace(TAG_VARIABLE, tag),
                                // An unresolvable policy variable makes the condition fail.
                                None if pattern.contains(TAG_VARIABLE) => return false,
                                None => pattern.clone(),
                            };
                            like(&pattern, leading)
                        })
                    })
                }
                ("Null", "dynamodb:LeadingKeys") => {
                    let present = !request.leading_keys.is_empty();
                    (expected == "false") == present
                }
                ("Null", "aws:PrincipalTag/zael_namespace_id") => {
                    (expected == "false") == request.tag.is_some()
                }
                other => panic!("the evaluator does not know condition {other:?}"),
            };
            if !holds {
                return false;
            }
        }
    }
    true
}

fn allows(doc: &Value, policy: &str, request: Request) -> bool {
    statements(doc, policy)
        .iter()
        .any(|s| statement_allows(s, &request))
}

fn item<'a>(action: &'a str, key: &'a str, tag: Option<&'a str>) -> Request<'a> {
    Request {
        action,
        target: Target::Table,
        leading_keys: vec![key],
        tag,
    }
}

fn query<'a>(index_partition_key: &'a str, tag: Option<&'a str>) -> Request<'a> {
    Request {
        target: Target::Index,
        ..item("dynamodb:Query", index_partition_key, tag)
    }
}

// Keys of the library's items (contract §2), in namespace `ns1`.
const BUCKET: &str = "ns1/BUCKET#user-1#gpt-4#0";
const ENTITY_META: &str = "ns1/ENTITY#user-1";
const SYSTEM_CONFIG: &str = "ns1/SYSTEM#";
const AUDIT: &str = "ns1/AUDIT#user-1";
const REGISTRY: &str = "_/SYSTEM#";
const OTHER_BUCKET: &str = "ns2/BUCKET#user-1#gpt-4#0";
const GSI3_ENTITY: &str = "ns1/ENTITY#user-1";
const GSI4_NAMESPACE: &str = "ns1";

/// What every `Repository` call uses (GetItem .. BatchWriteItem, and the per-item actions
/// IAM checks inside TransactWriteItems).
const REPOSITORY_ACTIONS: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
];

/// The policies that confine an application to its namespace's keys.
const NAMESPACE_POLICIES: [&str; 3] = [
    "NamespaceAcquirePolicy",
    "NamespaceFullAccessPolicy",
    "NamespaceReadOnlyPolicy",
];

#[test]
fn every_table_grant_covers_the_table_and_its_indexes() {
    let doc = default_template();
    let policies = ["AcquireOnlyPolicy", "FullAccessPolicy", "ReadOnlyPolicy"];
    for policy in policies.into_iter().chain(NAMESPACE_POLICIES) {
        for statement in statements(&doc, policy) {
            assert_eq!(
                resources(statement),
                [TABLE_ARN, INDEX_ARN],
                "{policy}: {statement}"
            );
        }
    }
}

#[test]
fn full_access_allows_every_repository_action_on_any_key() {
    let doc = default_template();
    for action in REPOSITORY_ACTIONS {
        for key in [BUCKET, ENTITY_META, AUDIT, REGISTRY, OTHER_BUCKET] {
            assert!(
                allows(&doc, "FullAccessPolicy", item(action, key, None)),
                "{action} {key}"
            );
        }
    }
    assert!(allows(
        &doc,
        "FullAccessPolicy",
        query(GSI4_NAMESPACE, None)
    ));
}

#[test]
fn the_aggregator_can_make_its_clones_and_write_nothing_else_than_items() {
    let doc = default_template();
    let role = &doc["Resources"]["AggregatorRole"]["Properties"]["Policies"][0]["PolicyDocument"];
    let table: Vec<String> = role["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| resources(s).contains(&TABLE_ARN))
        .flat_map(|s| strings(&s["Action"]))
        .collect();
    assert_eq!(
        table,
        [
            "dynamodb:ConditionCheckItem",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem"
        ]
    );
    let all: Vec<String> = role["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| strings(&s["Action"]))
        .collect();
    for needed in [
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
        "sqs:SendMessage",
        "s3:PutObject",
    ] {
        assert!(all.iter().any(|a| a == needed), "missing {needed}");
    }
}

#[test]
fn acquire_reads_anything_and_writes_only_buckets() {
    let doc = default_template();
    let policy = "AcquireOnlyPolicy";
    for action in [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:ConditionCheckItem",
    ] {
        for key in [BUCKET, ENTITY_META, SYSTEM_CONFIG, REGISTRY, OTHER_BUCKET] {
            assert!(
                allows(&doc, policy, item(action, key, None)),
                "{action} {key}"
            );
        }
    }
    assert!(allows(&doc, policy, query(GSI3_ENTITY, None)));
    for action in ["dynamodb:PutItem", "dynamodb:UpdateItem"] {
        assert!(allows(&doc, policy, item(action, BUCKET, None)), "{action}");
        assert!(allows(&doc, policy, item(action, OTHER_BUCKET, None)));
        for key in [ENTITY_META, SYSTEM_CONFIG, AUDIT, REGISTRY] {
            assert!(
                !allows(&doc, policy, item(action, key, None)),
                "{action} {key}"
            );
        }
        // A request without leading keys must not slip through `ForAllValues`.
        let keyless = Request {
            leading_keys: vec![],
            ..item(action, BUCKET, None)
        };
        assert!(!allows(&doc, policy, keyless), "{action} without keys");
    }
    for action in [
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:Scan",
    ] {
        assert!(
            !allows(&doc, policy, item(action, BUCKET, None)),
            "{action}"
        );
    }
}

#[test]
fn namespace_acquire_reads_its_namespace_and_the_shared_records_and_writes_its_buckets() {
    let doc = default_template();
    let policy = "NamespaceAcquirePolicy";
    let ns = Some("ns1");
    for action in [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:ConditionCheckItem",
    ] {
        for key in [BUCKET, ENTITY_META, SYSTEM_CONFIG] {
            assert!(
                allows(&doc, policy, item(action, key, ns)),
                "{action} {key}"
            );
        }
        assert!(!allows(&doc, policy, item(action, OTHER_BUCKET, ns)));
    }
    // `connect()` reads the registry and the version record under `_/`.
    for action in ["dynamodb:GetItem", "dynamodb:BatchGetItem"] {
        assert!(allows(&doc, policy, item(action, REGISTRY, ns)), "{action}");
    }
    assert!(allows(&doc, policy, query(REGISTRY, ns)));
    assert!(allows(&doc, policy, query(GSI3_ENTITY, ns)));
    for action in ["dynamodb:PutItem", "dynamodb:UpdateItem"] {
        assert!(allows(&doc, policy, item(action, BUCKET, ns)), "{action}");
        for key in [ENTITY_META, SYSTEM_CONFIG, REGISTRY, OTHER_BUCKET] {
            assert!(
                !allows(&doc, policy, item(action, key, ns)),
                "{action} {key}"
            );
        }
    }
    // Without the tag, nothing at all.
    assert!(!allows(
        &doc,
        policy,
        item("dynamodb:GetItem", BUCKET, None)
    ));
    assert!(!allows(
        &doc,
        policy,
        item("dynamodb:GetItem", "/BUCKET#x#y#0", None)
    ));
}

#[test]
fn namespace_full_access_manages_its_namespace_its_fan_out_and_the_shared_records() {
    let doc = default_template();
    let policy = "NamespaceFullAccessPolicy";
    let ns = Some("ns1");
    for action in REPOSITORY_ACTIONS {
        for key in [BUCKET, ENTITY_META, SYSTEM_CONFIG, AUDIT, REGISTRY] {
            assert!(
                allows(&doc, policy, item(action, key, ns)),
                "{action} {key}"
            );
        }
        assert!(
            !allows(&doc, policy, item(action, OTHER_BUCKET, ns)),
            "{action}"
        );
    }
    // GSI4's partition key is the bare namespace id: `purge_namespace` and the fan-outs.
    assert!(allows(&doc, policy, query(GSI4_NAMESPACE, ns)));
    assert!(!allows(&doc, policy, query("ns2", ns)));
    // A namespace whose id only starts like ours is another namespace.
    assert!(!allows(&doc, policy, query("ns10", ns)));
}

#[test]
fn namespace_read_only_reads_its_namespace_and_the_shared_records() {
    let doc = default_template();
    let policy = "NamespaceReadOnlyPolicy";
    let ns = Some("ns1");
    for key in [BUCKET, ENTITY_META, REGISTRY] {
        assert!(
            allows(&doc, policy, item("dynamodb:GetItem", key, ns)),
            "{key}"
        );
    }
    assert!(!allows(
        &doc,
        policy,
        item("dynamodb:GetItem", OTHER_BUCKET, ns)
    ));
    for action in REPOSITORY_ACTIONS.iter().filter(|a| {
        !matches!(
            **a,
            "dynamodb:GetItem" | "dynamodb:BatchGetItem" | "dynamodb:Query"
        )
    }) {
        assert!(!allows(&doc, policy, item(action, BUCKET, ns)), "{action}");
    }
}

#[test]
fn no_namespace_policy_grants_an_action_without_leading_keys() {
    let doc = default_template();
    for policy in NAMESPACE_POLICIES {
        for statement in statements(&doc, policy) {
            let actions = strings(&statement["Action"]);
            for never in ["dynamodb:Scan", "dynamodb:DescribeTable"] {
                assert!(!actions.iter().any(|a| a == never), "{policy}: {never}");
            }
            let null = &statement["Condition"]["Null"];
            assert_eq!(null["dynamodb:LeadingKeys"], "false", "{policy}");
            assert_eq!(
                null["aws:PrincipalTag/zael_namespace_id"], "false",
                "{policy}"
            );
        }
    }
}

#[test]
fn the_evaluators_string_like_is_iams() {
    assert!(like("*/BUCKET#*", "ns/BUCKET#a#b#0"));
    assert!(!like("*/BUCKET#*", "ns/ENTITY#a"));
    assert!(like("ns1/*", "ns1/x"));
    assert!(!like("ns1/*", "ns10/x"));
    assert!(like("a?c", "abc"));
    assert!(!like("ns1", "ns10"));
}
