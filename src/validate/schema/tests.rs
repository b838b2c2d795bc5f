use serde_json::json;

use super::*;

fn rules_at(document: &Value) -> Vec<(String, String)> {
    findings(document)
        .into_iter()
        .map(|f| (f.rule.to_string(), f.path))
        .collect()
}

/// Each (rule, path) of `expected` is among the findings `got` (others may be too).
#[track_caller]
fn assert_found<R: AsRef<str>, P: AsRef<str>>(got: &[(R, P)], expected: &[(&str, &str)]) {
    let got: Vec<(&str, &str)> = got.iter().map(|(r, p)| (r.as_ref(), p.as_ref())).collect();
    for finding in expected {
        assert!(got.contains(finding), "{finding:?} missing in {got:?}");
    }
}

fn table(properties: Value) -> Value {
    json!({"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": properties}}})
}

fn valid_table() -> Value {
    json!({
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST"
    })
}

#[test]
fn a_valid_table_has_no_findings() {
    assert_eq!(rules_at(&table(valid_table())), []);
}

#[test]
fn unknown_missing_and_non_string_types() {
    let document = json!({"Resources": {
        "A": {"Type": "AWS::DynamoDB::Tabel"},
        "B": {"Properties": {}},
        "C": {"Type": ["AWS::SQS::Queue"]},
        "D": {"Type": "Custom::Seeder", "Properties": {"Anything": 1}},
        "E": {"Type": "Acme::Widgets::Widget"},
        "F": {"Type": "AWS::SQS::Queue"},
    }});
    let found = findings(&document);
    let got: Vec<_> = found.iter().map(|f| (f.rule, f.path.as_str())).collect();
    assert_eq!(
        got,
        [
            ("ZV006", "Resources.A.Type"),
            ("ZV006", "Resources.B"),
            ("ZV006", "Resources.C.Type"),
        ]
    );
    assert_eq!(found[0].hint, "did you mean AWS::DynamoDB::Table?");
}

#[test]
fn required_unknown_type_enum_and_length() {
    let mut properties = valid_table();
    properties["BillingMode"] = json!("ON_DEMAND");
    properties["TableNam"] = json!("x");
    properties["DeletionProtectionEnabled"] = json!([1]);
    properties["TableName"] = json!("x".repeat(1025));
    properties.as_object_mut().unwrap().remove("KeySchema");
    let found = findings(&table(properties));
    let got: Vec<_> = found.iter().map(|f| (f.rule, f.path.as_str())).collect();
    assert_found(
        &got,
        &[
            ("ZV206", "Resources.T.Properties"),
            ("ZV207", "Resources.T.Properties.TableNam"),
            ("ZV209", "Resources.T.Properties.BillingMode"),
            ("ZV208", "Resources.T.Properties.DeletionProtectionEnabled"),
            ("ZV211", "Resources.T.Properties.TableName"),
        ],
    );
    let unknown = found.iter().find(|f| f.rule == "ZV207").unwrap();
    assert_eq!(unknown.hint, "did you mean TableName?");
    let billing = found.iter().find(|f| f.rule == "ZV209").unwrap();
    assert_eq!(billing.hint, "use one of PAY_PER_REQUEST, PROVISIONED");
}

#[test]
fn scalars_are_lenient_as_cloudformation_is() {
    let mut properties = valid_table();
    properties["DeletionProtectionEnabled"] = json!("true");
    properties["ProvisionedThroughput"] =
        json!({"ReadCapacityUnits": "5", "WriteCapacityUnits": 5});
    properties["BillingMode"] = json!("PROVISIONED");
    properties["TableName"] = json!(12);
    assert_eq!(rules_at(&table(properties)), []);
}

#[test]
fn intrinsics_are_never_errors_but_each_if_branch_is_judged() {
    let mut properties = valid_table();
    properties["BillingMode"] = json!({"Ref": "Mode"});
    properties["TableName"] = json!({"Fn::Sub": "${AWS::StackName}-t"});
    properties["KeySchema"] =
        json!({"Fn::If": ["C", [{"AttributeName": "pk", "KeyType": "HASH"}], {"Ref": "Keys"}]});
    properties["SSESpecification"] =
        json!({"Fn::If": ["C", {"SSEEnabled": true}, {"SSEEnabled": "maybe"}]});
    let got = rules_at(&table(properties));
    assert_eq!(
        got,
        [(
            "ZV208".to_string(),
            "Resources.T.Properties.SSESpecification.Fn::If[2].SSEEnabled".to_string()
        )]
    );
}

#[test]
fn patterns_ranges_and_read_only() {
    let document = json!({"Resources": {
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 901, "Arn": "arn:x"}},
        "F": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": {"ZipFile": "x"}, "Role": "not an arn", "FunctionName": "ok_name"}},
    }});
    let got = rules_at(&document);
    assert_found(
        &got,
        &[
            ("ZV212", "Resources.Q.Properties.DelaySeconds"),
            ("ZV213", "Resources.Q.Properties.Arn"),
            ("ZV210", "Resources.F.Properties.Role"),
        ],
    );
}

#[test]
fn missing_properties_still_need_the_required_ones() {
    let document = json!({"Resources": {"F": {"Type": "AWS::Lambda::Function"}}});
    let got = rules_at(&document);
    assert_found(&got, &[("ZV206", "Resources.F.Properties")]);
}

#[test]
fn conditional_values_and_packaged_paths_are_not_errors() {
    let document = json!({"Resources": {
        "I": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": "sg-0123456789abcdef0", "IpProtocol": "tcp",
            "CidrIp": {"Fn::If": ["C", "10.0.0.0/8", {"Ref": "AWS::NoValue"}]},
            "SourceSecurityGroupId": {"Fn::If": ["C", {"Ref": "AWS::NoValue"}, "sg-0fedcba9876543210"]}}},
        "F": {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": "./src", "Role": "arn:aws:iam::123456789012:role/r"}},
    }});
    assert_eq!(rules_at(&document), []);
}

#[test]
fn a_required_property_that_may_be_no_value_is_missing_in_that_case() {
    for (keys, message) in [
        (
            json!({"Fn::If": ["Big", {"Ref": "AWS::NoValue"}, {"Ref": "Keys"}]}),
            "required property 'KeySchema' is missing when condition 'Big' is true",
        ),
        (
            json!({"Ref": "AWS::NoValue"}),
            "required property 'KeySchema' is missing (it is AWS::NoValue)",
        ),
    ] {
        let mut properties = valid_table();
        properties["KeySchema"] = keys;
        let found = findings(&table(properties));
        let messages: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, [message]);
    }
}

#[test]
fn equal_items_are_duplicates_also_when_computed() {
    let document = json!({"Resources": {"G": {"Type": "AWS::IAM::Group", "Properties": {
        "ManagedPolicyArns": [{"Ref": "P"}, {"Ref": "Q"}, {"Ref": "P"},
            {"Fn::If": ["C", "arn:aws:iam::aws:policy/A", {"Ref": "AWS::NoValue"}]},
            {"Fn::If": ["C", "arn:aws:iam::aws:policy/A", {"Ref": "AWS::NoValue"}]}]}}}});
    assert_eq!(
        rules_at(&document),
        [
            (
                "ZV215".to_string(),
                "Resources.G.Properties.ManagedPolicyArns[2]".to_string()
            ),
            (
                "ZV215".to_string(),
                "Resources.G.Properties.ManagedPolicyArns[4]".to_string()
            ),
        ]
    );
}

#[test]
fn properties_computed_by_a_function_other_than_if_are_a_type_error() {
    let document = json!({"Resources": {"Q": {"Type": "AWS::SQS::Queue",
        "Properties": {"Ref": "AWS::NoValue"}}}});
    assert_eq!(
        rules_at(&document),
        [("ZV208".to_string(), "Resources.Q.Properties".to_string())]
    );
}

#[test]
fn ec2_ids_follow_their_format() {
    let document = json!({"Resources": {
        "Good": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": "vpc-0123456789abcdef0", "CidrBlock": "10.0.0.0/24"}},
        "Bad": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": "vpc-123456", "CidrBlock": "10.0.0.0/24"}},
        "Ssm": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "{{resolve:ssm:/aws/service/ami}}"}},
        "Ami": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "ami-1234"}}}});
    let found: Vec<_> = findings(&document)
        .into_iter()
        .filter(|f| f.rule == "ZV210")
        .map(|f| f.path)
        .collect();
    assert_eq!(
        found,
        [
            "Resources.Bad.Properties.VpcId",
            "Resources.Ami.Properties.ImageId"
        ]
    );
}
