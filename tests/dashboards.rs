//! Every dashboard widget shows only metrics the stack really emits: each metric's namespace,
//! name and dimensions are checked against the resources of the same template, for every
//! synthesized variant. The alarm widget shows every alarm, and every index has its widget.

mod common;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// The metrics each namespace publishes that zael's dashboards may show, and the dimension
/// sets they are published under.
/// (namespace, metric names, dimension sets).
type Emitted = (
    &'static str,
    &'static [&'static str],
    &'static [&'static [&'static str]],
);

const EMITTED: &[Emitted] = &[
    (
        "AWS/DynamoDB",
        &[
            "ConsumedReadCapacityUnits",
            "ConsumedWriteCapacityUnits",
            "ReadThrottleEvents",
            "WriteThrottleEvents",
        ],
        &[&["TableName"], &["TableName", "GlobalSecondaryIndexName"]],
    ),
    (
        "AWS/Lambda",
        &[
            "Invocations",
            "Errors",
            "Throttles",
            "Duration",
            "IteratorAge",
            "ConcurrentExecutions",
        ],
        &[&["FunctionName"]],
    ),
    (
        "AWS/SQS",
        &["ApproximateNumberOfMessagesVisible"],
        &[&["QueueName"]],
    ),
    (
        "AWS/ElastiCache",
        &[
            "GetTypeCmdsLatency",
            "SetTypeCmdsLatency",
            "DatabaseMemoryUsagePercentage",
            "Evictions",
            "ReplicationLag",
            "EngineCPUUtilization",
            "CurrConnections",
        ],
        &[&["CacheClusterId"]],
    ),
    (
        "AWS/ApiGateway",
        &[
            "Count",
            "4XXError",
            "5XXError",
            "Latency",
            "IntegrationLatency",
        ],
        &[&["ApiName", "Stage"]],
    ),
    (
        "AWS/WAFV2",
        &["BlockedRequests", "AllowedRequests"],
        &[&["WebACL", "Rule", "Region"]],
    ),
];

struct Template {
    resources: Map<String, Value>,
}

impl Template {
    fn of_type(&self, kind: &str) -> Vec<(&String, &Value)> {
        self.resources
            .iter()
            .filter(|(_, r)| r["Type"] == kind)
            .collect()
    }

    /// `${Id}` or `${Id.Attribute}` naming a resource of `kind`: its logical ID.
    fn reference<'a>(&self, value: &'a str, kind: &str, attribute: Option<&str>) -> &'a str {
        let inner = value
            .strip_prefix("${")
            .and_then(|v| v.strip_suffix('}'))
            .unwrap_or_else(|| panic!("{value} is not a reference to a {kind}"));
        let (id, attr) = match inner.split_once('.') {
            Some((id, attr)) => (id, Some(attr)),
            None => (inner, None),
        };
        assert_eq!(
            attr, attribute,
            "{value}: the dimension needs {attribute:?}"
        );
        assert_eq!(self.resources[id]["Type"], kind, "{value} is not a {kind}");
        id
    }
}

fn check_metric(template: &Template, line: &[Value], context: &str) {
    let namespace = line[0].as_str().unwrap();
    let name = line[1].as_str().unwrap();
    let (_, names, dimension_sets) = EMITTED
        .iter()
        .find(|(ns, _, _)| *ns == namespace)
        .unwrap_or_else(|| panic!("{context}: namespace {namespace} is not one the stack emits"));
    assert!(
        names.contains(&name),
        "{context}: {namespace} {name} is not emitted"
    );
    let pairs: Vec<(&str, &str)> = line[2..line.len() - 1]
        .chunks(2)
        .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
        .collect();
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
    assert!(
        dimension_sets.contains(&keys.as_slice()),
        "{context}: {namespace} {name} is not published by {keys:?}"
    );
    let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    match namespace {
        "AWS/DynamoDB" => {
            let table = template.reference(get("TableName").unwrap(), "AWS::DynamoDB::Table", None);
            if let Some(index) = get("GlobalSecondaryIndexName") {
                let indexes = &template.resources[table]["Properties"]["GlobalSecondaryIndexes"];
                assert!(
                    indexes
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|i| i["IndexName"] == index),
                    "{context}: {table} has no index {index}"
                );
            }
        }
        "AWS/Lambda" => {
            let function =
                template.reference(get("FunctionName").unwrap(), "AWS::Lambda::Function", None);
            if name == "IteratorAge" {
                let mapped = template
                    .of_type("AWS::Lambda::EventSourceMapping")
                    .iter()
                    .any(|(_, m)| {
                        m["Properties"]["FunctionName"]
                            .to_string()
                            .contains(function)
                    });
                assert!(
                    mapped,
                    "{context}: {function} reads no stream, so it has no IteratorAge"
                );
            }
        }
        "AWS/SQS" => {
            template.reference(
                get("QueueName").unwrap(),
                "AWS::SQS::Queue",
                Some("QueueName"),
            );
        }
        "AWS/ElastiCache" => {
            let node = get("CacheClusterId").unwrap();
            let groups = template.of_type("AWS::ElastiCache::ReplicationGroup");
            let found = groups.iter().any(|(_, group)| {
                let id = group["Properties"]["ReplicationGroupId"]
                    .as_str()
                    .unwrap()
                    .to_lowercase();
                let nodes = group["Properties"]["NumCacheClusters"].as_u64().unwrap();
                (1..=nodes).any(|n| node == format!("{id}-{n:03}"))
            });
            assert!(found, "{context}: no replication group has the node {node}");
        }
        "AWS/ApiGateway" => {
            let api_name = get("ApiName").unwrap();
            let apis = template.of_type("AWS::ApiGateway::RestApi");
            let (api_id, _) = apis
                .iter()
                .find(|(_, api)| api["Properties"]["Name"] == api_name)
                .unwrap_or_else(|| panic!("{context}: no REST API is named {api_name}"));
            let stage = template.reference(get("Stage").unwrap(), "AWS::ApiGateway::Stage", None);
            assert_eq!(
                template.resources[stage]["Properties"]["RestApiId"]["Ref"],
                api_id.as_str()
            );
        }
        "AWS/WAFV2" => {
            assert_eq!(get("Region"), Some("${AWS::Region}"));
            let acl_metric = get("WebACL").unwrap();
            let acls = template.of_type("AWS::WAFv2::WebACL");
            let (_, acl) = acls
                .iter()
                .find(|(_, acl)| acl["Properties"]["VisibilityConfig"]["MetricName"] == acl_metric)
                .unwrap_or_else(|| {
                    panic!("{context}: no web ACL has the metric name {acl_metric}")
                });
            let rule = get("Rule").unwrap();
            let rules = acl["Properties"]["Rules"].as_array().unwrap();
            assert!(
                rule == "ALL"
                    || rules
                        .iter()
                        .any(|r| r["VisibilityConfig"]["MetricName"] == rule),
                "{context}: the web ACL has no rule metric {rule}"
            );
        }
        _ => unreachable!(),
    }
}

fn check_variant(variant: &str, document: &Value) -> usize {
    let template = Template {
        resources: document["Resources"].as_object().unwrap().clone(),
    };
    let dashboards = template.of_type("AWS::CloudWatch::Dashboard");
    for (_, dashboard) in &dashboards {
        let body = dashboard["Properties"]["DashboardBody"]["Fn::Sub"]
            .as_str()
            .unwrap();
        let body: Value = serde_json::from_str(body).unwrap();
        let mut shown_alarms = BTreeSet::new();
        let mut shown_indexes = BTreeSet::new();
        let mut cells = BTreeSet::new();
        for (n, widget) in body["widgets"].as_array().unwrap().iter().enumerate() {
            let context = format!("{variant}: widget {n}");
            let (x, y) = (widget["x"].as_u64().unwrap(), widget["y"].as_u64().unwrap());
            let (w, h) = (
                widget["width"].as_u64().unwrap(),
                widget["height"].as_u64().unwrap(),
            );
            assert!(x + w <= 24, "{context} leaves the grid");
            for cell in (x..x + w).flat_map(|cx| (y..y + h).map(move |cy| (cx, cy))) {
                assert!(cells.insert(cell), "{context} overlaps another widget");
            }
            let properties = &widget["properties"];
            match widget["type"].as_str().unwrap() {
                "metric" => {
                    assert_eq!(properties["region"], "${AWS::Region}", "{context}");
                    for line in properties["metrics"].as_array().unwrap() {
                        let line = line.as_array().unwrap();
                        check_metric(&template, line, &context);
                        if let Some(i) = line.iter().position(|v| v == "GlobalSecondaryIndexName") {
                            shown_indexes.insert(line[i + 1].as_str().unwrap().to_string());
                        }
                    }
                }
                "alarm" => {
                    for arn in properties["alarms"].as_array().unwrap() {
                        let id = template.reference(
                            arn.as_str().unwrap(),
                            "AWS::CloudWatch::Alarm",
                            Some("Arn"),
                        );
                        shown_alarms.insert(id.to_string());
                    }
                }
                "text" => assert!(properties["markdown"].is_string()),
                other => panic!("{context}: unexpected widget type {other}"),
            }
        }
        let alarms: BTreeSet<String> = template
            .of_type("AWS::CloudWatch::Alarm")
            .into_iter()
            .map(|(id, _)| id.clone())
            .collect();
        assert_eq!(
            shown_alarms, alarms,
            "{variant}: the alarm widget shows every alarm"
        );
        for (_, table) in template.of_type("AWS::DynamoDB::Table") {
            let Some(indexes) = table["Properties"]["GlobalSecondaryIndexes"].as_array() else {
                continue;
            };
            for index in indexes {
                let index = index["IndexName"].as_str().unwrap();
                assert!(
                    shown_indexes.contains(index),
                    "{variant}: no widget for {index}"
                );
            }
        }
    }
    dashboards.len()
}

#[test]
fn every_widget_of_every_variant_references_the_templates_own_resources() {
    for (variant, flags) in common::variants() {
        let document = common::synth_json(&flags);
        let expected = usize::from(!flags.iter().any(|f| f == "--no-dashboard"));
        let dashboards = check_variant(&variant, &document);
        assert_eq!(
            dashboards, expected,
            "{variant}: one dashboard unless --no-dashboard"
        );
    }
}

/// The checks catch a widget on a metric the stack does not emit.
#[test]
#[should_panic(expected = "no index GSI9")]
fn a_widget_on_a_missing_index_is_caught() {
    let mut document = common::default_template();
    let body = &mut document["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"];
    *body = Value::String(body.as_str().unwrap().replacen("\"GSI1\"", "\"GSI9\"", 1));
    check_variant("probe", &document);
}
