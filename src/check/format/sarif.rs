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

/// One SARIF log with one run: the results of every report, each pointing at its file. The
/// rule catalogue is the same for every report of one invocation.
pub fn render(reports: &[Report]) -> String {
    let mut results: Vec<Value> = Vec::new();
    let mut suppressions: Vec<Value> = Vec::new();
    for report in reports {
        results.extend(report.items.iter().map(|i| result(report, i, None)));
        for (skip, hit) in &report.suppressed {
            results.extend(hit.iter().map(|i| result(report, i, Some(&skip.reason))));
        }
        suppressions.extend(report.suppressed.iter().map(|(s, hit)| {
            let mut entry = json!({"rule": s.rule, "reason": s.reason, "findings": hit.len()});
            if reports.len() > 1 {
                entry["artifact"] = json!(artifact(report));
            }
            entry
        }));
    }
    let rules: Vec<Value> = reports
        .first()
        .map(|r| r.rules.as_slice())
        .unwrap_or_default()
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
            "properties": {"suppressions": suppressions},
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).expect("reports serialize");
    text.push('\n');
    text
}
