//! ZV003: resources do not depend on each other in a cycle.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use std::collections::VecDeque;

use serde_json::Value;

use super::field::Field;
use super::walk::{get_att, Calls, Function};
use super::Finding;
use super::{About, Example, Rule};
use crate::fast_hash::FastMap;

/// ZV003: no dependency cycle between resources.
pub const NO_CYCLES: Rule = Rule {
    about: About {
        code: "ZV003",
        title: "no dependency cycles",
        doc: "resources do not depend on each other in a cycle (DependsOn, Ref, GetAtt, Sub); each resource of a cycle is reported",
        why: "CloudFormation cannot order a cycle (`Circular dependency between resources`) and rejects the template at submission; the usual cause is a role whose policy names a function whose `Role` is that role, added through a `DependsOn`.",
        example: Example::Templates(include_str!("examples/ZV003.yaml")),
    },
    run: |template| cycles_of(template.document, template.calls()),
};

/// The findings of [`NO_CYCLES`], reading the template's intrinsic functions from `calls`.
fn cycles_of(document: &Value, calls: &Calls) -> Vec<Finding> {
    let Some(resources) = document.field("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    // Whether there is a cycle does not depend on how the resources are numbered: asked
    // first in the template's order, so a template without one (nearly all) is not sorted,
    // its edges not deduplicated and its components not collected.
    let mut ids: Vec<&str> = resources.keys().map(String::as_str).collect();
    if !has_cycle(&edges_of(document, calls, resources, &ids)) {
        return Vec::new();
    }
    // Logical IDs by index, sorted so findings come out in the same order everywhere.
    ids.sort_unstable();
    let mut edges = edges_of(document, calls, resources, &ids);
    for targets in &mut edges {
        targets.sort_unstable();
        targets.dedup();
    }
    let mut findings = Vec::new();
    for component in strongly_connected(&edges) {
        let start = component[0];
        let looped = component.len() > 1 || edges[start].binary_search(&start).is_ok();
        if !looped {
            continue;
        }
        let cycle = shortest_cycle(start, &edges, &component);
        let names: Vec<&str> = cycle.iter().map(|&i| ids[i]).collect();
        let hint = "remove a DependsOn or a reference so that one resource can be created first";
        findings.push(Finding::error(
            "ZV003",
            format!("Resources.{}", ids[start]),
            format!("circular dependency: {}", names.join(" -> ")),
            hint.into(),
        ));
        // Every other resource of the cycle is reported too, as CloudFormation names them
        // all; each points at the finding that spells the cycle out, so the report stays
        // linear in the size of the cycle.
        for &member in &component[1..] {
            findings.push(Finding::error(
                "ZV003",
                format!("Resources.{}", ids[member]),
                format!(
                    "{} is part of the circular dependency reported at Resources.{}",
                    ids[member], ids[start]
                ),
                hint.into(),
            ));
        }
    }
    findings.sort_by(|a, b| a.path.cmp(&b.path));
    findings
}

/// Each resource's dependencies (DependsOn, Ref, GetAtt, Sub), by their place in `ids`.
fn edges_of(
    document: &Value,
    calls: &Calls,
    resources: &serde_json::Map<String, Value>,
    ids: &[&str],
) -> Vec<Vec<usize>> {
    let index: FastMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    // SAM moves a function's references into the resources it generates (an alarm named in
    // DeploymentPreference belongs to the CodeDeploy group, not the function): a SAM
    // resource's own edges are not the deployed ones, so they are left out.
    let sam = super::has_transform(document, "AWS::Serverless");
    let rewritten = |id: &str| {
        sam && resources[id]
            .field("Type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.starts_with("AWS::Serverless::"))
    };
    for (id, resource) in resources {
        if rewritten(id) {
            continue;
        }
        let from = index[id.as_str()];
        match resource.field("DependsOn") {
            Some(Value::String(one)) => edges[from].extend(index.get(one.as_str())),
            Some(Value::Array(many)) => edges[from].extend(
                many.iter()
                    .filter_map(Value::as_str)
                    .filter_map(|t| index.get(t)),
            ),
            _ => {}
        }
    }
    calls.each(|call| {
        if call.section != "Resources" {
            return;
        }
        let Some(&from) = index.get(call.owner) else {
            return;
        };
        if rewritten(call.owner) {
            return;
        }
        let targets = &mut edges[from];
        match (call.function, call.argument) {
            (Function::Ref, Value::String(target)) => targets.extend(index.get(target.as_str())),
            (Function::GetAtt, argument) => {
                targets.extend(get_att(argument).and_then(|(r, _)| index.get(r)));
            }
            (Function::Sub, _) => {
                for variable in call.variables {
                    let resource = variable.split('.').next().unwrap_or(variable);
                    targets.extend(index.get(resource));
                }
            }
            _ => {}
        }
    });
    edges
}

/// Whether the graph has a cycle (a self-loop included): a depth-first search meets a
/// node still on its path. Iterative, so a long chain cannot overflow the stack.
fn has_cycle(edges: &[Vec<usize>]) -> bool {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; edges.len()];
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..edges.len() {
        if state[root] != NEW {
            continue;
        }
        state[root] = ON_PATH;
        path.push((root, 0));
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                match state[target] {
                    NEW => {
                        state[target] = ON_PATH;
                        path.push((target, 0));
                    }
                    ON_PATH => return true,
                    _ => {}
                }
                continue;
            }
            state[node] = DONE;
            path.pop();
        }
    }
    false
}

/// The strongly connected components of the graph (Tarjan's algorithm, iterative so that a
/// long chain cannot overflow the stack), each sorted, smallest member first: linear in the
/// number of nodes and edges.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = calls.last_mut() {
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                if order[target] == UNSEEN {
                    order[target] = counter;
                    low[target] = counter;
                    counter += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    calls.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// The shortest path from `start` back to itself inside its component (breadth-first), as
/// node indexes ending with `start`.
fn shortest_cycle(start: usize, edges: &[Vec<usize>], component: &[usize]) -> Vec<usize> {
    let inside = |node: &usize| component.binary_search(node).is_ok();
    let mut previous: FastMap<usize, usize> = FastMap::default();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in edges[node].iter().filter(|n| inside(n)) {
            if next == start {
                let mut path = vec![node];
                while *path.last().expect("not empty") != start {
                    path.push(previous[path.last().expect("not empty")]);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = previous.entry(next) {
                entry.insert(node);
                queue.push_back(next);
            }
        }
    }
    unreachable!("every member of a strongly connected component lies on a cycle")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The quick question agrees with the components on every small graph shape.
    #[test]
    fn has_cycle_agrees_with_the_strongly_connected_components() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        for _ in 0..3000 {
            let n = 1 + next(9);
            let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
            for _ in 0..next(2 * n + 1) {
                let from = next(n);
                edges[from].push(next(n));
            }
            let mut sorted = edges.clone();
            for targets in &mut sorted {
                targets.sort_unstable();
                targets.dedup();
            }
            let looped = strongly_connected(&sorted).iter().any(|component| {
                component.len() > 1 || sorted[component[0]].binary_search(&component[0]).is_ok()
            });
            assert_eq!(has_cycle(&edges), looped, "{edges:?}");
        }
    }

    #[test]
    fn a_cycle_is_spelled_out_once_and_each_member_reported() {
        let document = json!({"Resources": {
            "A": {"Type": "T", "DependsOn": "B"},
            "B": {"Type": "T", "Properties": {"X": {"Fn::Sub": "${C.Arn}"}}},
            "C": {"Type": "T", "Properties": {"Y": {"Ref": "A"}}},
            "D": {"Type": "T", "Properties": {"Z": {"Ref": "A"}}}}});
        let findings = NO_CYCLES.findings(&document);
        let paths: Vec<_> = findings.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["Resources.A", "Resources.B", "Resources.C"]);
        assert_eq!(findings[0].message, "circular dependency: A -> B -> C -> A");
        assert_eq!(
            findings[2].message,
            "C is part of the circular dependency reported at Resources.A"
        );
    }

    #[test]
    fn a_self_reference_and_two_separate_cycles_are_each_reported() {
        let document = json!({"Resources": {
            "A": {"Type": "T", "DependsOn": "A"},
            "B": {"Type": "T", "DependsOn": ["C"]},
            "C": {"Type": "T", "Properties": {"X": {"Fn::GetAtt": ["B", "Arn"]}}},
            "D": {"Type": "T", "DependsOn": ["A", "B"]}}});
        let messages: Vec<_> = NO_CYCLES
            .findings(&document)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            [
                "circular dependency: A -> A",
                "circular dependency: B -> C -> B",
                "C is part of the circular dependency reported at Resources.B"
            ]
        );
    }

    #[test]
    fn a_long_chain_closing_on_itself_is_spelled_out_once_without_recursion() {
        let n = 50_000;
        let resources: serde_json::Map<String, Value> = (0..n)
            .map(|i| {
                let target = format!("R{:05}", (i + 1) % n);
                (
                    format!("R{i:05}"),
                    json!({"Type": "T", "DependsOn": target}),
                )
            })
            .collect();
        let findings = NO_CYCLES.findings(&json!({ "Resources": resources }));
        assert_eq!(findings.len(), n);
        assert!(findings[1..].iter().all(|f| f.message.len() < 100));
        assert!(findings[0]
            .message
            .starts_with("circular dependency: R00000 -> R00001 -> "));
        assert!(findings[0].message.ends_with("R49999 -> R00000"));
    }

    #[test]
    fn a_sam_resource_s_references_are_not_its_deployed_edges() {
        let document = json!({"Transform": "AWS::Serverless-2016-10-31", "Resources": {
            "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
                "DeploymentPreference": {"Alarms": [{"Ref": "Alarm"}]}}},
            "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
                "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": "Fn"}}]}}
        }});
        assert!(NO_CYCLES.findings(&document).is_empty());
        let mut plain = document.clone();
        plain.as_object_mut().unwrap().remove("Transform");
        assert_eq!(NO_CYCLES.findings(&plain).len(), 2);
    }

    #[test]
    fn an_acyclic_template_has_no_finding() {
        let document = json!({"Resources": {
            "A": {"Type": "T", "Properties": {"X": {"Ref": "B"}}},
            "B": {"Type": "T"}}});
        assert!(NO_CYCLES.findings(&document).is_empty());
    }
}
