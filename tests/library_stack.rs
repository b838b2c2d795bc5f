//! The limiter stack as the zae-limiter 0.17.0 library needs it (its data contract, §1, §4
//! and §6), on every limiter variant and profile of `snapshots/variants.txt`. The end-to-end
//! test (`lambda/aggregator/tests/library_e2e.rs`) deploys the default template on moto and
//! compares the table with the library's own definition.

mod common;

use common::{string_pairs, synth_json, variants};
use serde_json::{json, Value};

/// The stream filters of contract §4, byte for byte; bucket changes also admit the INSERT of
/// the acquire that creates a bucket, which zael's aggregator counts (the library's misses it).
const BUCKET_UPDATES: &str =
    r##"{"eventName":["INSERT","MODIFY"],"dynamodb":{"Keys":{"SK":{"S":["#STATE"]}}}}"##;
const AUDIT_EXPIRIES: &str = r##"{"eventName":["REMOVE"],"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]},"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#AUDIT#"}]}}}}"##;

/// Every limiter variant's template (JSON), by name.
fn limiter_templates() -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for (name, flags) in variants() {
        let doc = synth_json(&flags);
        if doc["Resources"]["RateLimitsTable"].is_object() {
            found.push((name, doc));
        }
    }
    assert!(found.len() >= 8, "the limiter variants: {}", found.len());
    found
}

fn index_summary(indexes: &Value) -> Vec<(String, Vec<String>, String)> {
    indexes
        .as_array()
        .unwrap()
        .iter()
        .map(|index| {
            let keys = index["KeySchema"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| format!("{}:{}", k["AttributeName"], k["KeyType"]).replace('"', ""))
                .collect();
            let projection = index["Projection"]["ProjectionType"].as_str().unwrap();
            (
                index["IndexName"].as_str().unwrap().into(),
                keys,
                projection.into(),
            )
        })
        .collect()
}

#[test]
fn every_limiter_table_has_the_librarys_indexes_ttl_and_stream() {
    let keys = |pk: &str, sk: &str| vec![format!("{pk}:HASH"), format!("{sk}:RANGE")];
    let global = vec![
        (
            "GSI1".to_string(),
            keys("GSI1PK", "GSI1SK"),
            "ALL".to_string(),
        ),
        ("GSI2".into(), keys("GSI2PK", "GSI2SK"), "ALL".into()),
        ("GSI3".into(), keys("GSI3PK", "GSI3SK"), "KEYS_ONLY".into()),
        ("GSI4".into(), keys("GSI4PK", "GSI4SK"), "KEYS_ONLY".into()),
    ];
    let local: Vec<_> = [
        ("LSI1", "ALL"),
        ("LSI2", "KEYS_ONLY"),
        ("LSI3", "ALL"),
        ("LSI4", "KEYS_ONLY"),
        ("LSI5", "ALL"),
    ]
    .into_iter()
    .map(|(name, projection)| {
        (
            name.to_string(),
            keys("PK", &format!("{name}SK")),
            projection.to_string(),
        )
    })
    .collect();
    for (name, doc) in limiter_templates() {
        let table = &doc["Resources"]["RateLimitsTable"]["Properties"];
        assert_eq!(
            table["KeySchema"],
            json!([{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}]),
            "{name}"
        );
        assert_eq!(
            index_summary(&table["GlobalSecondaryIndexes"]),
            global,
            "{name}"
        );
        assert_eq!(
            index_summary(&table["LocalSecondaryIndexes"]),
            local,
            "{name}"
        );
        let mut defined = string_pairs(
            &table["AttributeDefinitions"],
            "AttributeName",
            "AttributeType",
        );
        defined.sort();
        let mut expected: Vec<(String, String)> = ["PK", "SK"]
            .into_iter()
            .map(String::from)
            .chain((1..=4).flat_map(|n| [format!("GSI{n}PK"), format!("GSI{n}SK")]))
            .chain((1..=5).map(|n| format!("LSI{n}SK")))
            .map(|a| (a, "S".to_string()))
            .collect();
        expected.sort();
        assert_eq!(
            defined, expected,
            "{name}: every key is a string, declared once"
        );
        assert_eq!(
            table["TimeToLiveSpecification"],
            json!({"AttributeName": "ttl", "Enabled": true}),
            "{name}"
        );
        assert_eq!(
            table["StreamSpecification"]["StreamViewType"], "NEW_AND_OLD_IMAGES",
            "{name}"
        );
    }
}

#[test]
fn a_provisioned_table_gives_every_global_index_its_throughput() {
    let (_, doc) = limiter_templates()
        .into_iter()
        .find(|(name, _)| name == "provisioned")
        .unwrap();
    let table = &doc["Resources"]["RateLimitsTable"]["Properties"];
    let throughput = json!({"ReadCapacityUnits": 50, "WriteCapacityUnits": 25});
    assert_eq!(table["ProvisionedThroughput"], throughput);
    for index in table["GlobalSecondaryIndexes"].as_array().unwrap() {
        assert_eq!(
            index["ProvisionedThroughput"], throughput,
            "{}",
            index["IndexName"]
        );
    }
    // Local indexes share the table's throughput: CloudFormation has no property for it.
    for index in table["LocalSecondaryIndexes"].as_array().unwrap() {
        assert!(index.get("ProvisionedThroughput").is_none());
    }
}

#[test]
fn the_stream_filters_admit_bucket_updates_and_audit_expiries_of_the_real_keys() {
    for (name, doc) in limiter_templates() {
        let Some(mapping) = doc["Resources"].get("AggregatorStreamMapping") else {
            continue;
        };
        let filters: Vec<&str> = mapping["Properties"]["FilterCriteria"]["Filters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["Pattern"].as_str().unwrap())
            .collect();
        let archives = doc["Resources"]["AuditArchiveBucket"].is_object();
        let expected: &[&str] = if archives {
            &[BUCKET_UPDATES, AUDIT_EXPIRIES]
        } else {
            &[BUCKET_UPDATES]
        };
        assert_eq!(filters, expected, "{name}");
    }
    assert_eq!(zael::stacks::limiter::BUCKET_UPDATE_FILTER, BUCKET_UPDATES);
    assert_eq!(zael::stacks::limiter::AUDIT_REMOVE_FILTER, AUDIT_EXPIRIES);
}

/// zae-limiter pushes its own Python code onto `{stack}-aggregator` (`open()` with an old
/// stamp, `builder()` with infrastructure options, `upgrade`) and looks up
/// `{stack}-limits-provisioner`: zael's function must be neither.
#[test]
fn the_aggregator_function_is_named_away_from_the_librarys_push_targets() {
    for (name, doc) in limiter_templates() {
        let Some(function) = doc["Resources"].get("AggregatorFunction") else {
            continue;
        };
        let stack = doc["Resources"]["RateLimitsTable"]["Properties"]["TableName"]
            .as_str()
            .unwrap()
            .to_string();
        let function_name = function["Properties"]["FunctionName"].as_str().unwrap();
        assert_eq!(function_name, format!("{stack}-zael-agg"), "{name}");
        assert_ne!(function_name, format!("{stack}-aggregator"));
        assert_ne!(function_name, format!("{stack}-limits-provisioner"));
    }
}

/// The template's filters and the aggregator's own declaration of them are one contract in
/// two crates; the synthesizer must not depend on the Lambda crate (its AWS SDK would slow
/// every synth build), so the aggregator's source is read as text.
#[test]
fn the_template_filters_are_the_ones_the_aggregator_declares() {
    let source = std::fs::read_to_string(common::root().join("lambda/aggregator/src/filters.rs"))
        .expect("the aggregator's filters module");
    let declared = |name: &str| {
        let start = source
            .find(&format!("pub const {name}: &str ="))
            .unwrap_or_else(|| panic!("filters.rs declares {name}"));
        let rest = &source[start..];
        let open = rest.find("r##\"").unwrap() + 4;
        let close = rest.find("\"##;").unwrap();
        rest[open..close].to_string()
    };
    assert_eq!(
        declared("BUCKET_UPDATE_FILTER"),
        zael::stacks::limiter::BUCKET_UPDATE_FILTER
    );
    assert_eq!(
        declared("AUDIT_REMOVE_FILTER"),
        zael::stacks::limiter::AUDIT_REMOVE_FILTER
    );
}
