//! The report as one JSON document; several templates' reports in one document.

use serde_json::{json, Value};

use crate::check::{Item, Report};

pub fn item(item: &Item) -> Value {
    json!({
        "severity": item.severity.as_str(),
        "rule": item.rule,
        "path": item.path,
        "message": item.message,
        "hint": item.hint,
        "source": item.source,
        "origin": item.origin,
    })
}

/// One report's document; several are `{"reports": [...], "errors": n, "warnings": n}`.
pub fn render(reports: &[Report]) -> String {
    let document = match reports {
        [one] => document(one),
        several => json!({
            "errors": several.iter().map(Report::errors).sum::<usize>(),
            "warnings": several.iter().map(|r| r.items.len() - r.errors()).sum::<usize>(),
            "reports": several.iter().map(document).collect::<Vec<_>>(),
        }),
    };
    let mut text = serde_json::to_string_pretty(&document).expect("reports serialize");
    text.push('\n');
    text
}

fn document(report: &Report) -> Value {
    json!({
        "subject": report.subject,
        "errors": report.errors(),
        "warnings": report.items.len() - report.errors(),
        "findings": report.items.iter().map(item).collect::<Vec<_>>(),
        "suppressions": report.suppressed.iter().map(|(skip, hit)| json!({
            "rule": skip.rule,
            "reason": skip.reason,
            "suppressed": hit.iter().map(item).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "rules": report.rules.iter().map(|r| json!({"id": r.id, "title": r.title, "origin": r.origin})).collect::<Vec<_>>(),
    })
}
