//! The organisation's aspects on the finished stack: tags, names, the customer-managed key,
//! the Lambda VPC, and an aspect written by a user with the same trait.

mod common;

use common::{assert_each_refused, refusal, resources_of_type, stderr, synth, zael};
use serde_json::{json, Value};
use zael::aspects::{Aspect, LambdaVpc, ManagedPolicyNameFormat, Tags};
use zael::resources::lambda::Function;
use zael::stacks::common::Organisation;
use zael::stacks::limiter::values::{KmsKey, VpcEndpoint};
use zael::stacks::limiter::{self, LambdaNetwork, LimiterOptions};
use zael::template::Resource;

fn resources(doc: &Value) -> impl Iterator<Item = (&String, &Value)> {
    doc["Resources"].as_object().unwrap().iter()
}

fn org_options() -> LimiterOptions {
    let mut tags = Tags::default();
    tags.insert("team", "platform");
    LimiterOptions {
        organisation: Organisation {
            kms_key: Some(KmsKey::Create),
            ..Default::default()
        },
        lambda_vpc: Some(LambdaNetwork {
            subnet_ids: vec!["subnet-0123456789abcdef0".into()],
            security_group_ids: vec!["sg-0123456789abcdef0".into()],
            vpc_id: Some("vpc-0123456789abcdef0".into()),
            endpoints: vec![VpcEndpoint::Dynamodb, VpcEndpoint::Logs, VpcEndpoint::S3],
            route_table_ids: vec!["rtb-0123456789abcdef0".into()],
        }),
        tags,
        ..LimiterOptions::default()
    }
}

/// Types that take no `Tags` list in CloudFormation.
const UNTAGGABLE: &[&str] = &[
    "AWS::IAM::ManagedPolicy",
    "AWS::KMS::Alias",
    "AWS::EC2::VPCEndpoint",
    "AWS::S3::BucketPolicy",
    "AWS::CloudWatch::Dashboard",
    "AWS::Logs::QueryDefinition",
];

#[test]
fn tags_reach_every_taggable_resource_including_those_aspects_add() {
    let doc = synth(org_options());
    let mut tagged = 0;
    for (id, resource) in resources(&doc) {
        let kind = resource["Type"].as_str().unwrap();
        if UNTAGGABLE.contains(&kind) {
            continue;
        }
        let tags = resource["Properties"]["Tags"].as_array();
        assert!(
            tags.is_some_and(|t| t.contains(&json!({"Key": "team", "Value": "platform"}))),
            "{id} ({kind}) is not tagged"
        );
        tagged += 1;
    }
    // The key and the logs endpoint's security group come from aspects, after the blueprint.
    assert!(doc["Resources"]["DataKey"]["Properties"]["Tags"].is_array());
    assert!(doc["Resources"]["LogsEndpointSecurityGroup"]["Properties"]["Tags"].is_array());
    assert_eq!(tagged, 16, "every resource but the untaggable types");
}

#[test]
fn the_created_key_encrypts_the_data_and_only_lambda_roles_get_grants() {
    let doc = synth(org_options());
    let key_arn = json!({"Fn::GetAtt": ["DataKey", "Arn"]});
    let key = &doc["Resources"]["DataKey"];
    assert_eq!(
        key["DeletionPolicy"], "Retain",
        "a deleted key makes the retained table unreadable"
    );
    assert_eq!(key["Properties"]["EnableKeyRotation"], true);
    let table = &doc["Resources"]["RateLimitsTable"]["Properties"]["SSESpecification"];
    assert_eq!(table["SSEType"], "KMS");
    assert_eq!(table["KMSMasterKeyId"], key_arn);
    let queue = &doc["Resources"]["AggregatorDeadLetterQueue"]["Properties"];
    assert_eq!(queue["KmsMasterKeyId"], key_arn);
    assert!(queue.get("SqsManagedSseEnabled").is_none());
    assert_eq!(
        doc["Resources"]["AggregatorLogGroup"]["Properties"]["KmsKeyId"],
        key_arn
    );
    assert_eq!(
        doc["Resources"]["AlarmTopic"]["Properties"]["KmsMasterKeyId"],
        key_arn
    );
    // The function's environment too, not Lambda's AWS-managed key (its role may decrypt
    // with the key: below).
    let functions = resources_of_type(&doc, "AWS::Lambda::Function");
    assert!(!functions.is_empty());
    for (id, function) in functions {
        assert_eq!(function["Properties"]["KmsKeyArn"], key_arn, "{id}");
    }
    for (id, role) in resources_of_type(&doc, "AWS::IAM::Role") {
        let grants: Vec<&Value> = role["Properties"]["Policies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["PolicyName"] == "CustomerManagedKey")
            .collect();
        if id == "AggregatorRole" {
            let statement = &grants[0]["PolicyDocument"]["Statement"][0];
            assert_eq!(
                statement["Action"],
                json!(["kms:GenerateDataKey", "kms:Decrypt"])
            );
            assert_eq!(statement["Resource"], json!([key_arn]));
        } else {
            assert!(
                grants.is_empty(),
                "{id} needs no key grant: DynamoDB uses the key itself"
            );
        }
    }
    let sids: Vec<&Value> = key["Properties"]["KeyPolicy"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["Sid"])
        .collect();
    assert_eq!(
        sids,
        [
            "AdministerKey",
            "UseKeyThroughIam",
            "EncryptStackLogGroups",
            "PublishAlarmsToEncryptedTopic"
        ]
    );
    assert_eq!(doc["Outputs"]["DataKeyArn"]["Value"], key_arn);
}

#[test]
fn an_existing_key_is_used_as_given_and_none_is_created() {
    let arn = "arn:aws:kms:us-east-1:123456789012:key/0123abcd";
    let doc = synth(LimiterOptions {
        organisation: Organisation {
            kms_key: Some(KmsKey::Existing(arn.into())),
            ..Default::default()
        },
        ..LimiterOptions::default()
    });
    assert!(resources_of_type(&doc, "AWS::KMS::Key").is_empty());
    assert_eq!(
        doc["Resources"]["RateLimitsTable"]["Properties"]["SSESpecification"]["KMSMasterKeyId"],
        arn
    );
    assert_eq!(
        doc["Resources"]["AggregatorFunction"]["Properties"]["KmsKeyArn"],
        arn
    );
}

#[test]
fn functions_join_the_vpc_and_their_roles_may_manage_enis() {
    let doc = synth(org_options());
    let function = &doc["Resources"]["AggregatorFunction"]["Properties"];
    assert_eq!(
        function["VpcConfig"],
        json!({"SubnetIds": ["subnet-0123456789abcdef0"], "SecurityGroupIds": ["sg-0123456789abcdef0"]})
    );
    for (id, role) in resources_of_type(&doc, "AWS::IAM::Role") {
        let has_eni = role["Properties"]["Policies"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["PolicyName"] == "VpcNetworkInterfaces");
        assert_eq!(has_eni, id == "AggregatorRole", "{id}");
    }
    let dynamodb = &doc["Resources"]["DynamoDbEndpoint"]["Properties"];
    assert_eq!(dynamodb["VpcEndpointType"], "Gateway");
    assert_eq!(dynamodb["RouteTableIds"], json!(["rtb-0123456789abcdef0"]));
    let logs = &doc["Resources"]["LogsEndpoint"]["Properties"];
    assert_eq!(logs["VpcEndpointType"], "Interface");
    assert_eq!(logs["PrivateDnsEnabled"], true);
    let ingress =
        &doc["Resources"]["LogsEndpointSecurityGroup"]["Properties"]["SecurityGroupIngress"][0];
    assert_eq!(
        (&ingress["FromPort"], &ingress["SourceSecurityGroupId"]),
        (&json!(443), &json!("sg-0123456789abcdef0"))
    );
}

#[test]
fn incomplete_vpc_placements_are_rejected_naming_the_flags() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--lambda-security-group-ids", "sg-0123456789abcdef0"],
            "error: a VPC placement needs both --lambda-subnet-ids and --lambda-security-group-ids (profile keys lambda_subnet_ids, lambda_security_group_ids)",
        ),
        (
            &["--lambda-subnet-ids", "subnet-0123456789abcdef0", "--lambda-security-group-ids", "sg-0123456789abcdef0", "--vpc-endpoints", "logs"],
            "error: --vpc-endpoints needs --lambda-vpc-id (profile key lambda_vpc_id): endpoints belong to a VPC",
        ),
        (
            &["--lambda-subnet-ids", "subnet-0123456789abcdef0", "--lambda-security-group-ids", "sg-0123456789abcdef0", "--lambda-vpc-id", "vpc-0123456789abcdef0", "--vpc-endpoints", "dynamodb"],
            "error: the dynamodb and s3 gateway endpoints need --route-table-ids (profile key route_table_ids): the route tables of the functions' subnets",
        ),
        (
            &["--lambda-subnet-ids", "subnet-0123456789abcdef0", "--lambda-security-group-ids", "sg-0123456789abcdef0", "--lambda-vpc-id", "vpc-0123456789abcdef0", "--vpc-endpoints", "s3"],
            "error: the dynamodb and s3 gateway endpoints need --route-table-ids (profile key route_table_ids): the route tables of the functions' subnets",
        ),
    ];
    assert_each_refused(&["synth"], &cases);
}

#[test]
fn bad_organisation_flag_values_are_rejected() {
    let cases = [
        (vec!["--kms-key", "alias/mine"], "--kms-key"),
        (vec!["--tag", "aws:x=1"], "--tag"),
        (vec!["--tag", "novalue"], "--tag"),
        (vec!["--policy-name-format", "Org"], "--policy-name-format"),
        (
            vec!["--lambda-subnet-ids", "subnet-1"],
            "--lambda-subnet-ids",
        ),
        (vec!["--vpc-endpoints", "sqs"], "--vpc-endpoints"),
        (vec!["--vpc-endpoints", "s3,s3"], "--vpc-endpoints"),
    ];
    for (flags, flag) in cases {
        let mut args = vec!["synth"];
        args.extend(flags.iter().copied());
        let err = refusal(&zael(&args), &flags);
        assert!(err.contains(&format!("for '{flag} ")), "{err}");
    }
    let many: Vec<String> = (0..46)
        .flat_map(|i| ["--tag".into(), format!("k{i}=v")])
        .collect();
    let mut args = vec!["synth".to_string()];
    args.extend(many);
    let output = zael(&args);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("46 tags given; at most 45"));
}

#[test]
fn policy_names_take_the_format_and_an_overlong_one_says_by_how_much() {
    let doc = synth(LimiterOptions {
        organisation: Organisation {
            policy_name_format: Some(ManagedPolicyNameFormat("Org-{}".into())),
            ..Default::default()
        },
        ..LimiterOptions::default()
    });
    for (_, policy) in resources_of_type(&doc, "AWS::IAM::ManagedPolicy") {
        assert!(policy["Properties"]["ManagedPolicyName"]
            .as_str()
            .unwrap()
            .starts_with("Org-ZAEL-limiter-"));
    }
    let format = format!("{}{{}}", "P".repeat(120));
    let output = zael(["synth", "--policy-name-format", &format]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("ManagedPolicyName")
            && err.contains("shorten --name or --policy-name-format by"),
        "{err}"
    );
}

/// An organisation's own rule, written with the same trait as the built-in aspects.
struct DescribeFunctions;

impl Aspect for DescribeFunctions {
    fn visit(&self, logical_id: &str, resource: &mut dyn Resource) {
        if let Some(function) = resource.downcast_mut::<Function>() {
            function.description = Some(format!("{logical_id}, owned by team platform"));
        }
    }
}

#[test]
fn users_write_their_own_aspects_with_the_same_trait() {
    let mut stack = limiter::build(&LimiterOptions::default());
    stack.apply_aspect(&DescribeFunctions);
    stack.apply_aspect(&LambdaVpc {
        subnet_ids: vec!["subnet-0123456789abcdef0".into()],
        security_group_ids: vec!["sg-0123456789abcdef0".into()],
    });
    let doc = stack.to_document();
    let function = &doc["Resources"]["AggregatorFunction"]["Properties"];
    assert_eq!(
        function["Description"],
        "AggregatorFunction, owned by team platform"
    );
    assert!(function["VpcConfig"].is_object());
}

/// Private subnets without a route to S3 would send every archived audit record to the DLQ.
#[test]
fn lambda_in_a_vpc_with_audit_archival_needs_an_s3_route() {
    let placed = [
        "synth",
        "--lambda-subnet-ids",
        "subnet-0123456789abcdef0",
        "--lambda-security-group-ids",
        "sg-0123456789abcdef0",
    ];
    let output = zael(placed);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr(&output).trim_end(),
        "error: --lambda-subnet-ids puts the aggregator in private subnets with audit archival on, but nothing gives it a route to S3: every archival upload would fail and its records go to the dead-letter queue; add s3 to --vpc-endpoints (a free gateway endpoint, with --route-table-ids), or turn archival off with --no-audit-archival (profile keys vpc_endpoints, enable_audit_archival)"
    );
    // Either way out works.
    let mut without_archival = placed.to_vec();
    without_archival.push("--no-audit-archival");
    assert_eq!(zael(&without_archival).status.code(), Some(0));
    let mut with_endpoint = placed.to_vec();
    with_endpoint.extend([
        "--lambda-vpc-id",
        "vpc-0123456789abcdef0",
        "--vpc-endpoints",
        "s3",
        "--route-table-ids",
        "rtb-0123456789abcdef0,rtb-0fedcba9876543210",
    ]);
    let output = zael(&with_endpoint);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Without the aggregator nothing archives, and nothing needs S3.
    let mut no_aggregator = placed.to_vec();
    no_aggregator.push("--no-aggregator");
    assert_eq!(zael(&no_aggregator).status.code(), Some(0));
}

#[test]
fn the_s3_gateway_endpoint_joins_the_route_tables() {
    let doc = synth(org_options());
    let endpoint = &doc["Resources"]["S3Endpoint"]["Properties"];
    assert_eq!(endpoint["VpcEndpointType"], "Gateway");
    assert_eq!(
        endpoint["ServiceName"],
        json!({"Fn::Sub": "com.amazonaws.${AWS::Region}.s3"})
    );
    assert_eq!(endpoint["VpcId"], "vpc-0123456789abcdef0");
    assert_eq!(endpoint["RouteTableIds"], json!(["rtb-0123456789abcdef0"]));
    // A policy would cut off the VPC's other workloads' S3 traffic.
    assert!(endpoint.get("PolicyDocument").is_none());
}

/// An interface endpoint only answers: its group opens no connections.
#[test]
fn the_logs_endpoint_group_allows_no_egress() {
    let doc = synth(org_options());
    let egress =
        &doc["Resources"]["LogsEndpointSecurityGroup"]["Properties"]["SecurityGroupEgress"];
    assert_eq!(
        egress,
        &json!([{"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86, "CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic"}])
    );
}
