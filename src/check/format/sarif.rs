//! SARIF 2.1.0, as GitHub code scanning reads it. Findings point at the template file (or
//! `template.yaml` for a synthesized stack) with the template path as a logical location;
//! suppressed findings are included with a `suppressions` entry carrying the reason.

use serde_json::{json, Value};

use crate::check::{Item, Report};
use crate::validate::Severity;

fn result(report: &Report, item: &Item, reason: Option<&str>) -> Value {
    let rule_index = report.rules.iter().position(|r| r.id == item.rule);
    let mut text = format!("{} ({})", item.message, item.hint);
    if let Some(source) = &item.source {
        text.push_str(&format!("; from {source}"));
    }
    let mut result = json!({
        "ruleId": item.rule,
        "level": match item.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": artifact(report)}},
            "logicalLocations": [{"fullyQualifiedName": item.path, "kind": "member"}],
        }],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(reason) = reason {
        result["suppressions"] = json!([{"kind": "external", "justification": reason}]);
    }
    result
}

/// The file the findings are in: the checked file, or the synthesized template's name.
fn artifact(report: &Report) -> String {
    report
        .subject
        .strip_prefix("file ")
        .unwrap_or("template.yaml")
        .to_string()
}

pub fn render(report: &Report) -> String {
    let mut results: Vec<Value> = report
        .items
        .iter()
        .map(|i| result(report, i, None))
        .collect();
    for (skip, hit) in &report.suppressed {
        results.extend(hit.iter().map(|i| result(report, i, Some(&skip.reason))));
    }
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.title.replace(' ', "-"),
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.description},
                "properties": {"origin": r.origin},
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "zael check",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            "properties": {"suppressions": report.suppressed.iter().map(|(s, hit)| json!({
                "rule": s.rule, "reason": s.reason, "findings": hit.len()})).collect::<Vec<_>>()},
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).expect("reports serialize");
    text.push('\n');
    text
}
