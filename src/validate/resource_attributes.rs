//! ZV007: a resource's attributes beside `Type` and `Properties` are ones CloudFormation
//! knows, with values it accepts: `Condition` a name, `DeletionPolicy` one of Delete, Retain,
//! RetainExceptOnCreate or Snapshot, `UpdateReplacePolicy` one of Delete, Retain or Snapshot
//! (Snapshot only for the types that can snapshot), `CreationPolicy` and `UpdatePolicy`
//! mappings, and neither on a module or a custom resource.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::{About, Example, Finding, Rule};

/// ZV007: resource attributes CloudFormation knows, with values it accepts.
pub const RESOURCE_ATTRIBUTES: Rule = Rule {
    about: About {
        code: "ZV007",
        title: "resource attributes",
        doc: "a resource's attributes are ones CloudFormation knows; Condition names a condition; DeletionPolicy and UpdateReplacePolicy take an allowed policy (Snapshot only where the type can snapshot); CreationPolicy and UpdatePolicy are mappings, on neither a module nor a custom resource",
        why: "CloudFormation rejects the template at submission (`Invalid template resource property 'DeletionPolicyy'`, `Unrecognized DeletionPolicy CopyRegion`), and a Snapshot policy on a type that cannot snapshot fails the stack. The same facts as cfn-lint's E3001, E3035 and E3036.",
        example: Example::Templates(include_str!("examples/ZV007.yaml")),
    },
    run: |template| resource_attributes(template.document),
};

/// The attributes a resource may have (cfn-lint 1.58.0's resource configuration schema:
/// `Connectors` and `IgnoreGlobals` are SAM's, `Version` a custom resource's).
const ATTRIBUTES: &[&str] = &[
    "Condition",
    "Connectors",
    "CreationPolicy",
    "DeletionPolicy",
    "DependsOn",
    "IgnoreGlobals",
    "Metadata",
    "Properties",
    "Type",
    "UpdatePolicy",
    "UpdateReplacePolicy",
    "Version",
];

/// The types whose deletion or replacement can take a snapshot.
const SNAPSHOT_TYPES: &[&str] = &[
    "AWS::DocDB::DBCluster",
    "AWS::EC2::Volume",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Neptune::DBCluster",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::Redshift::Cluster",
];

/// Functions CloudFormation resolves in a policy attribute: their value is known at deploy.
const POLICY_FUNCTIONS: &[&str] = &["Fn::FindInMap", "Fn::If", "Fn::Select", "Fn::Sub", "Ref"];

fn resource_attributes(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(resources) = document.field("Resources").and_then(Value::as_object) else {
        return findings;
    };
    for (id, resource) in resources {
        let Some(resource) = resource.as_object() else {
            continue;
        };
        let kind = resource.field("Type").and_then(Value::as_str).unwrap_or("");
        let custom = kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource";
        for key in resource.keys() {
            let path = super::walk::dotted(&["Resources", id, key]);
            if !ATTRIBUTES.contains(&key.as_str()) {
                findings.push(Finding::error(
                    "ZV007",
                    path,
                    format!("'{key}' is not a resource attribute"),
                    format!(
                        "use one of {}; properties go under Properties",
                        ATTRIBUTES.join(", ")
                    ),
                ));
            } else if key == "Version" && !custom {
                findings.push(Finding::error(
                    "ZV007",
                    path,
                    format!("Version is an attribute of custom resources, not of {kind}"),
                    "remove it".into(),
                ));
            } else if (key == "CreationPolicy" || key == "UpdatePolicy")
                && !settings(&resource[key])
            {
                findings.push(Finding::error(
                    "ZV007",
                    path,
                    format!(
                        "{key} is {}, not a mapping of its settings",
                        shape(&resource[key])
                    ),
                    format!(
                        "write {key} as a mapping; functions may compute its values, not the whole"
                    ),
                ));
            } else if (key == "CreationPolicy" || key == "UpdatePolicy")
                && (custom || kind.ends_with("::MODULE"))
            {
                let what = if custom {
                    "a custom resource"
                } else {
                    "a module"
                };
                findings.push(Finding::error(
                    "ZV007",
                    path,
                    format!("{what} takes no {key}"),
                    "remove it".into(),
                ));
            }
        }
        if let Some(condition) = resource.field("Condition") {
            if !condition.is_string() {
                findings.push(Finding::error(
                    "ZV007",
                    format!("Resources.{id}.Condition"),
                    format!(
                        "Condition is {}, not the name of a condition",
                        shape(condition)
                    ),
                    "name a condition defined under Conditions".into(),
                ));
            }
        }
        let snapshot = SNAPSHOT_TYPES.contains(&kind);
        for (attribute, allowed) in [
            (
                "DeletionPolicy",
                &["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"][..],
            ),
            ("UpdateReplacePolicy", &["Delete", "Retain", "Snapshot"][..]),
        ] {
            if let Some(value) = resource.field(attribute) {
                let allowed: Vec<&str> = allowed
                    .iter()
                    .copied()
                    .filter(|p| snapshot || *p != "Snapshot")
                    .collect();
                let path = super::walk::dotted(&["Resources", id, attribute]);
                policy(value, &path, attribute, kind, &allowed, &mut findings);
            }
        }
    }
    findings
}

/// Judges a policy value; each `Fn::If` branch on its own, other functions are left to
/// deploy time.
fn policy(
    value: &Value,
    path: &str,
    attribute: &str,
    kind: &str,
    allowed: &[&str],
    findings: &mut Vec<Finding>,
) {
    let hint = format!("use one of {}", allowed.join(", "));
    match value {
        Value::String(text) if allowed.contains(&text.as_str()) => {}
        Value::String(text) => {
            let message = if text == "Snapshot" {
                format!("{kind} cannot take a snapshot: {attribute} Snapshot is refused")
            } else {
                format!("'{text}' is not a {attribute}")
            };
            findings.push(Finding::error("ZV007", path.into(), message, hint));
        }
        Value::Object(map) if map.len() == 1 => {
            let (function, argument) = map.iter().next().expect("one entry");
            if function == "Fn::If" {
                if let Some(branches) = argument.as_array().filter(|a| a.len() == 3) {
                    for (index, branch) in branches.iter().enumerate().skip(1) {
                        let branch_path = format!("{path}.Fn::If[{index}]");
                        policy(branch, &branch_path, attribute, kind, allowed, findings);
                    }
                }
            } else if !POLICY_FUNCTIONS.contains(&function.as_str()) {
                findings.push(Finding::error(
                    "ZV007",
                    path.into(),
                    format!("{attribute} cannot be computed with {function}"),
                    format!("{hint}, or Ref, Fn::FindInMap, Fn::If, Fn::Select or Fn::Sub"),
                ));
            }
        }
        other => findings.push(Finding::error(
            "ZV007",
            path.into(),
            format!("{attribute} is {}, not a policy name", shape(other)),
            hint,
        )),
    }
}

/// Whether `value` is a mapping of settings, not a function computing the whole.
fn settings(value: &Value) -> bool {
    value.as_object().is_some_and(|map| {
        !(map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::")))
    })
}

fn shape(value: &Value) -> &'static str {
    if !settings(value) && value.is_object() {
        return "a function";
    }
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(resources: Value) -> Vec<String> {
        let document = json!({ "Resources": resources });
        resource_attributes(&document)
            .into_iter()
            .map(|f| f.path)
            .collect()
    }

    #[test]
    fn policies_are_judged_by_type_and_functions_left_to_deploy() {
        assert_eq!(
            paths(json!({
                "Db": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot",
                       "UpdateReplacePolicy": {"Ref": "Policy"}},
                "User": {"Type": "AWS::IAM::User", "DeletionPolicy": "Snapshot",
                         "UpdateReplacePolicy": "RetainExceptOnCreate"},
                "Made": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "CopyRegion"},
                "List": {"Type": "AWS::S3::Bucket", "DeletionPolicy": ["Retain"]},
                "Cidr": {"Type": "AWS::S3::Bucket", "DeletionPolicy": {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}},
                "If": {"Type": "AWS::S3::Bucket", "DeletionPolicy": {"Fn::If": ["C", "Retain", "Keep"]}}
            })),
            [
                "Resources.User.DeletionPolicy",
                "Resources.User.UpdateReplacePolicy",
                "Resources.Made.DeletionPolicy",
                "Resources.List.DeletionPolicy",
                "Resources.Cidr.DeletionPolicy",
                "Resources.If.DeletionPolicy.Fn::If[2]",
            ]
        );
    }

    #[test]
    fn unknown_attributes_conditions_and_module_policies_are_reported() {
        assert_eq!(
            paths(json!({
                "Bucket": {"Type": "AWS::S3::Bucket", "BadProperty": 1, "Condition": false},
                "Module": {"Type": "Org::S3::Bucket::MODULE", "UpdatePolicy": {}},
                "Custom": {"Type": "Custom::Thing", "Version": "1.0", "CreationPolicy": {}},
                "Topic": {"Type": "AWS::SNS::Topic", "Version": "1.0", "Metadata": {}},
                "Group": {"Type": "AWS::AutoScaling::AutoScalingGroup", "CreationPolicy": {"Ref": "P"}}
            })),
            [
                "Resources.Bucket.BadProperty",
                "Resources.Bucket.Condition",
                "Resources.Module.UpdatePolicy",
                "Resources.Custom.CreationPolicy",
                "Resources.Topic.Version",
                "Resources.Group.CreationPolicy",
            ]
        );
    }
}
