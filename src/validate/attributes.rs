//! ZV002: every `Fn::GetAtt` (and `${Resource.Attribute}` in `Fn::Sub`) names an attribute
//! that the resource's type has, for every type: the resource provider schemas list them.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::walk::{get_att, resource_type, Calls, Function};
use super::Finding;
use super::{About, Example, Rule};

/// ZV002: every attribute read exists on its resource's type.
pub const ATTRIBUTES_EXIST: Rule = Rule {
    about: About {
        code: "ZV002",
        title: "attributes exist",
        doc: "Fn::GetAtt and ${Resource.Attribute} name an attribute of the resource's type (every type, from the resource schemas)",
        why: "CloudFormation rejects `Fn::GetAtt: [Queue, Url]` (it is `QueueUrl`) only when the template is submitted. Custom resources return what their provider says, and a type CloudFormation does not have is ZV005's to report.",
        example: Example::Templates(include_str!("examples/ZV002.yaml")),
    },
    run: |template| attributes_of(template.document, template.calls()),
};

/// The attributes of each modelled type, from the CloudFormation resource reference.
pub const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("AWS::DynamoDB::Table", &["Arn", "StreamArn"]),
    ("AWS::SQS::Queue", &["Arn", "QueueName", "QueueUrl"]),
    ("AWS::Logs::LogGroup", &["Arn"]),
    ("AWS::IAM::Role", &["Arn", "RoleId"]),
    ("AWS::IAM::ManagedPolicy", &["PolicyArn"]),
    (
        "AWS::Lambda::Function",
        &[
            "Arn",
            "SnapStartResponse.ApplyOn",
            "SnapStartResponse.OptimizationStatus",
        ],
    ),
    (
        "AWS::Lambda::EventSourceMapping",
        &["Id", "EventSourceMappingArn"],
    ),
    ("AWS::SNS::Topic", &["TopicArn", "TopicName"]),
    ("AWS::CloudWatch::Alarm", &["Arn"]),
    ("AWS::SecretsManager::Secret", &["Id"]),
    (
        "AWS::ElastiCache::ReplicationGroup",
        &[
            "ConfigurationEndPoint.Address",
            "ConfigurationEndPoint.Port",
            "PrimaryEndPoint.Address",
            "PrimaryEndPoint.Port",
            "ReaderEndPoint.Address",
            "ReaderEndPoint.Port",
            "ReadEndPoint.Addresses",
            "ReadEndPoint.Addresses.List",
            "ReadEndPoint.Ports",
            "ReadEndPoint.Ports.List",
        ],
    ),
    ("AWS::EC2::SecurityGroup", &["GroupId", "VpcId"]),
    (
        "AWS::EC2::VPC",
        &[
            "CidrBlock",
            "CidrBlockAssociations",
            "DefaultNetworkAcl",
            "DefaultSecurityGroup",
            "Ipv6CidrBlocks",
            "VpcId",
        ],
    ),
    (
        "AWS::EC2::Subnet",
        &[
            "AvailabilityZone",
            "AvailabilityZoneId",
            "CidrBlock",
            "Ipv6CidrBlocks",
            "NetworkAclAssociationId",
            "OutpostArn",
            "SubnetId",
            "VpcId",
        ],
    ),
];

/// The findings of [`ATTRIBUTES_EXIST`], reading the template's intrinsic functions from `calls`.
fn attributes_of(document: &Value, calls: &Calls) -> Vec<Finding> {
    let mut findings = Vec::new();
    calls.each(|call| {
        // The pairs are judged where they are read: collecting them cost an allocation for
        // every GetAtt and Sub of the template.
        let mut judge = |resource: &str, attribute: &str| {
            let kind = resource_type(document, resource);
            let known: Vec<&str> = match crate::schema::resource_type(kind) {
                Some(schema) if schema.has_attribute(attribute) => return,
                Some(schema) => schema.attributes().iter().map(String::as_str).collect(),
                // Not in the schemas (custom, SAM, unknown): only the modelled list judges.
                None => match ATTRIBUTES.iter().find(|(t, _)| *t == kind) {
                    Some((_, known)) if !known.contains(&attribute) => known.to_vec(),
                    _ => return,
                },
            };
            let hint = if known.is_empty() {
                format!("{kind} has no attributes; use Ref")
            } else {
                format!("use one of {}", known.join(", "))
            };
            findings.push(Finding::error(
                "ZV002",
                call.path(),
                format!("{kind} '{resource}' has no attribute '{attribute}'"),
                hint,
            ));
        };
        match call.function {
            Function::GetAtt => {
                if let Some((resource, attribute)) = get_att(call.argument) {
                    judge(resource, attribute);
                }
            }
            Function::Sub => {
                for variable in call.variables {
                    if let Some((resource, attribute)) = variable.split_once('.') {
                        judge(resource, attribute);
                    }
                }
            }
            _ => {}
        }
    });
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_unknown_attribute_of_a_modelled_type_is_reported() {
        let document = json!({"Resources": {
            "Q": {"Type": "AWS::SQS::Queue"},
            "P": {"Type": "AWS::IAM::ManagedPolicy"},
            "X": {"Type": "Custom::Thing"},
            "U": {"Type": "AWS::SQS::Queue", "Properties": {
                "A": {"Fn::GetAtt": ["Q", "Url"]},
                "B": {"Fn::GetAtt": "Q.QueueUrl"},
                "C": {"Fn::Sub": "${P.Arn}"},
                "D": {"Fn::GetAtt": ["X", "Anything"]},
                "E": {"Fn::GetAtt": ["K", "Arn"]},
                "F": {"Fn::GetAtt": ["K", "Nope"]}}},
            "K": {"Type": "AWS::Kinesis::Stream"}}});
        let findings = ATTRIBUTES_EXIST.findings(&document);
        let paths: Vec<_> = findings.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "Resources.U.Properties.A.Fn::GetAtt",
                "Resources.U.Properties.C.Fn::Sub",
                "Resources.U.Properties.F.Fn::GetAtt",
            ]
        );
        assert!(findings[0].hint.contains("QueueUrl"));
    }
}
