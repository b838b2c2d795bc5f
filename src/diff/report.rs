//! The diff as people read it (text) and as CI reads it (JSON). Both list the same facts in
//! the same order, so the same templates always give the same bytes.

use std::fmt::Write;

use serde_json::{json, Value};

use super::policy::Sign;
use super::resources::{short, Action};
use super::StackDiff;

/// The longest value shown on one line of the text report; JSON carries them whole.
const SHOWN_VALUE: usize = 120;

fn shown(value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "(absent)".into();
    };
    let text = match value {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    if text.chars().count() > SHOWN_VALUE {
        let cut: String = text.chars().take(SHOWN_VALUE).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// The text report. `subject` names the two templates ("ZAEL-limiter (deployed) → synth").
pub fn text(diff: &StackDiff, subject: &str) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        let _ = writeln!(out, "{subject}: no changes");
        return out;
    }
    let replaced = diff
        .resources
        .iter()
        .filter(|r| r.action == Action::Replace)
        .count();
    let _ = writeln!(
        out,
        "{subject}: {} resource change(s), {replaced} replacement(s){}",
        diff.resources.len(),
        if diff.destroys_state() {
            "; a stateful resource is replaced or deleted"
        } else {
            ""
        }
    );
    if !diff.resources.is_empty() {
        out.push_str("\nResources\n");
    }
    for resource in &diff.resources {
        let _ = writeln!(
            out,
            "{} {} {}{}",
            resource.action.symbol(),
            resource.resource_type,
            resource.logical_id,
            if resource.stateful { " (stateful)" } else { "" }
        );
        for property in &resource.properties {
            let cause = property
                .cause
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    ~ {}: {}{cause}",
                property.property,
                property.label.text()
            );
            for leaf in &property.changes {
                let path = if leaf.path.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", leaf.path)
                };
                let _ = writeln!(
                    out,
                    "        {path}{} → {}",
                    shown(leaf.old.as_ref()),
                    shown(leaf.new.as_ref())
                );
            }
        }
        for attribute in &resource.attributes {
            let _ = writeln!(
                out,
                "    ~ {attribute} (resource attribute): no interruption"
            );
        }
        for hazard in &resource.hazards {
            let _ = writeln!(out, "    !! {hazard}");
        }
    }
    titled(
        &mut out,
        "IAM statement changes",
        diff.iam_statements.iter().map(|change| {
            signed(
                change.sign,
                &change.logical_id,
                &change.document,
                &change.statement,
            )
        }),
    );
    titled(
        &mut out,
        "Security group changes",
        diff.security_group_rules.iter().map(|change| {
            signed(
                change.sign,
                &change.logical_id,
                change.direction,
                &change.rule,
            )
        }),
    );
    titled(
        &mut out,
        "Other sections",
        diff.sections.iter().map(|change| {
            if change.name.is_empty() {
                format!("{} {}", change.action.symbol(), change.section)
            } else {
                format!(
                    "{} {}.{}",
                    change.action.symbol(),
                    change.section,
                    change.name
                )
            }
        }),
    );
    out
}

/// A block of one line per change under its title, left out when there is no change.
fn titled(out: &mut String, title: &str, lines: impl Iterator<Item = String>) {
    let mut lines = lines.peekable();
    if lines.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
}

/// A statement or rule granted or taken away, with where it lives: `+ Role
/// PolicyDocument: {...}`.
fn signed(sign: Sign, logical_id: &str, place: &str, value: &Value) -> String {
    format!("{} {logical_id} {place}: {}", sign.symbol(), short(value))
}

/// The JSON report: the diff itself, with the exit code and what was compared.
pub fn json(diff: &StackDiff, subject: &str) -> String {
    let document = json!({
        "subject": subject,
        "exit_code": diff.exit_code(),
        "changes": !diff.is_empty(),
        "destroys_state": diff.destroys_state(),
        "resources": diff.resources,
        "iam_statements": diff.iam_statements,
        "security_group_rules": diff.security_group_rules,
        "sections": diff.sections,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("a diff serializes");
    text.push('\n');
    text
}
