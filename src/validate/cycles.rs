//! ZV003: resources do not depend on each other in a cycle.
//!
//! Why: CloudFormation cannot order a cycle (`Circular dependency between resources`) and
//! rejects the template at submission; the usual cause is a role whose policy names a function
//! whose `Role` is that role, added through a `DependsOn`.
//!
//! Example: A `DependsOn: B` and B `Ref: A` is reported at `Resources.A` as `A -> B -> A`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::references::sub_variables;
use super::walk::{get_att, intrinsics};
use super::Finding;

pub fn cycles(document: &Value) -> Vec<Finding> {
    let Some(resources) = document.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, resource) in resources {
        let targets = edges.entry(id.clone()).or_default();
        match resource.get("DependsOn") {
            Some(Value::String(one)) => {
                targets.insert(one.clone());
            }
            Some(Value::Array(many)) => {
                targets.extend(many.iter().filter_map(Value::as_str).map(String::from));
            }
            _ => {}
        }
    }
    intrinsics(document, |call| {
        if call.section != "Resources" {
            return;
        }
        let mut named: Vec<String> = Vec::new();
        match (call.function, call.argument) {
            ("Ref", Value::String(target)) => named.push(target.clone()),
            ("Fn::GetAtt", argument) => {
                named.extend(get_att(argument).map(|(r, _)| r.to_string()));
            }
            ("Fn::Sub", argument) => {
                let template = match argument {
                    Value::String(t) => Some(t.as_str()),
                    Value::Array(parts) => parts.first().and_then(Value::as_str),
                    _ => None,
                };
                for variable in template.map(sub_variables).unwrap_or_default() {
                    let resource = variable.split('.').next().unwrap_or(variable);
                    named.push(resource.to_string());
                }
            }
            _ => {}
        }
        let owner = edges.entry(call.owner.to_string()).or_default();
        owner.extend(named.into_iter().filter(|n| resources.contains_key(n)));
    });
    let mut findings = Vec::new();
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in edges.keys() {
        if let Some(cycle) = cycle_from(start, &edges) {
            let members: BTreeSet<String> = cycle.iter().cloned().collect();
            if reported.insert(members) {
                findings.push(Finding::error(
                    "ZV003",
                    format!("Resources.{start}"),
                    format!("circular dependency: {}", cycle.join(" -> ")),
                    "remove a DependsOn or a reference so that one resource can be created first"
                        .into(),
                ));
            }
        }
    }
    findings
}

/// The shortest path from `start` back to itself, as logical IDs ending with `start`.
fn cycle_from(start: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut previous: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.to_string()]);
    while let Some(node) = queue.pop_front() {
        for next in edges.get(&node).into_iter().flatten() {
            if next == start {
                let mut path = vec![start.to_string()];
                let mut at = node.clone();
                while at != start {
                    path.push(at.clone());
                    at = previous[&at].clone();
                }
                path.push(start.to_string());
                let last = path.len() - 1;
                path[1..last].reverse();
                return Some(path);
            }
            if !previous.contains_key(next) {
                previous.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_cycle_through_depends_on_and_references_is_reported_once() {
        let document = json!({"Resources": {
            "A": {"Type": "T", "DependsOn": "B"},
            "B": {"Type": "T", "Properties": {"X": {"Fn::Sub": "${C.Arn}"}}},
            "C": {"Type": "T", "Properties": {"Y": {"Ref": "A"}}},
            "D": {"Type": "T", "Properties": {"Z": {"Ref": "A"}}}}});
        let findings = cycles(&document);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].path, "Resources.A");
        assert_eq!(findings[0].message, "circular dependency: A -> B -> C -> A");
    }

    #[test]
    fn an_acyclic_template_has_no_finding() {
        let document = json!({"Resources": {
            "A": {"Type": "T", "Properties": {"X": {"Ref": "B"}}},
            "B": {"Type": "T"}}});
        assert!(cycles(&document).is_empty());
    }
}
