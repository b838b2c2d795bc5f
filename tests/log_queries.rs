//! Every saved Logs Insights query reads fields the functions really print: the lines in
//! tests/fixtures/logs/ were captured from the functions' own tests and shipped binaries
//! (scripts/capture-log-lines.sh), and the access-log fields are the stage's own format.

mod common;

use common::{assert_has_all, root, synth_json};
use serde_json::Value;
use zael::constructs::log_query::fields_of;

fn lines(fixture: &str) -> Vec<Value> {
    let path = root().join("tests/fixtures/logs").join(fixture);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The stage's access-log line, as API Gateway fills in the format the template sets.
fn access_log_lines() -> Vec<Value> {
    let format = zael::stacks::api::access_log_format();
    let filled = format.replace("$context.", "");
    vec![serde_json::from_str(&filled).unwrap()]
}

/// `batchItemFailures.0` is the first item of the list: Logs Insights flattens JSON so.
fn has_path(line: &Value, path: &str) -> bool {
    let mut value = line;
    for part in path.split('.') {
        value = match (value, part.parse::<usize>()) {
            (Value::Array(items), Ok(index)) => match items.get(index) {
                Some(item) => item,
                None => return false,
            },
            (Value::Object(map), _) => match map.get(part) {
                Some(item) => item,
                None => return false,
            },
            _ => return false,
        };
    }
    true
}

/// The literals a query compares `field` with: `level = "ERROR"` gives `ERROR`.
fn compared(query: &str, field: &str) -> Vec<String> {
    let pattern = format!("{field} = \"");
    query
        .match_indices(&pattern)
        .map(|(at, _)| {
            let rest = &query[at + pattern.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

fn queries(args: &[&str]) -> Vec<(String, String)> {
    let document = synth_json(args);
    document["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Logs::QueryDefinition")
        .map(|r| {
            (
                r["Properties"]["Name"].as_str().unwrap().to_string(),
                r["Properties"]["QueryString"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn check(name: &str, query: &str, lines: &[Value]) {
    let fields = fields_of(query);
    assert!(!fields.is_empty(), "{name} reads no field");
    for field in fields {
        assert!(
            lines.iter().any(|line| has_path(line, &field)),
            "{name}: no log line has the field {field}"
        );
    }
    for field in ["message", "level"] {
        for literal in compared(query, field) {
            assert!(
                lines.iter().any(|line| line[field] == literal.as_str()),
                "{name}: no log line has {field} = {literal:?}"
            );
        }
    }
}

#[test]
fn the_aggregators_queries_read_its_real_lines() {
    let saved = queries(&[]);
    let names: Vec<&str> = saved.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "ZAEL-limiter/aggregator/errors",
            "ZAEL-limiter/aggregator/slowest-invocations",
            "ZAEL-limiter/aggregator/batch-sizes-and-processing-times",
            "ZAEL-limiter/aggregator/records-retried-then-sent-to-the-dlq",
            "ZAEL-limiter/aggregator/archival-uploads",
        ]
    );
    let lines = lines("aggregator.jsonl");
    for (name, query) in &saved {
        check(name, query, &lines);
    }
}

#[test]
fn the_api_services_queries_read_the_handler_and_access_log_lines() {
    let saved = queries(&["--blueprint", "api"]);
    assert_eq!(saved.len(), 5);
    let handler = lines("api-handler.jsonl");
    let access = access_log_lines();
    for (name, query) in &saved {
        if name.contains("/handler/") {
            check(name, query, &handler);
        } else {
            assert_has_all(name, &["/access-log/"]);
            check(name, query, &access);
        }
    }
}

#[test]
fn a_stack_without_the_aggregator_saves_no_aggregator_query() {
    assert!(queries(&["--no-aggregator"]).is_empty());
}

/// The check itself fails on a field no line has, so it can catch a renamed log field.
#[test]
#[should_panic(expected = "no log line has the field recordz")]
fn a_misspelt_field_is_caught() {
    check(
        "probe",
        "fields recordz | filter level = \"ERROR\"",
        &lines("aggregator.jsonl"),
    );
}
