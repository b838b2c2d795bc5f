use super::*;

#[test]
fn dynamodb_table_has_its_properties_and_replacement_facts() {
    let table = resource_type("AWS::DynamoDB::Table").expect("a known type");
    assert_eq!(table.name(), "AWS::DynamoDB::Table");
    assert!(table.required().any(|r| r == "KeySchema"));
    assert!(!table.allows_unknown_properties());
    let billing = table.property("BillingMode").unwrap().to_value();
    assert_eq!(
        billing["enum"],
        serde_json::json!(["PAY_PER_REQUEST", "PROVISIONED"])
    );
    let name = table.property("TableName").unwrap().to_value();
    assert_eq!(name["maxLength"], 1024);
    assert_eq!(
        table.create_only(),
        ["TableName", "ImportSourceSpecification"]
    );
    assert_eq!(table.conditional_create_only(), ["KeySchema"]);
    assert!(table.read_only().iter().any(|p| p == "StreamArn"));
    assert_eq!(table.attributes(), ["Arn", "StreamArn"]);
    assert!(table.has_attribute("StreamArn"));
    assert!(!table.has_attribute("StreamArnX"));
}

#[test]
fn refs_resolve_into_definitions() {
    let table = resource_type("AWS::DynamoDB::Table").unwrap();
    let (_, raw) = table
        .properties()
        .find(|(name, _)| *name == "StreamSpecification")
        .unwrap();
    assert_eq!(raw.to_value()["$ref"], "#/definitions/StreamSpecification");
    let resolved = table.property("StreamSpecification").unwrap().to_value();
    assert_eq!(resolved["type"], "object");
    assert!(resolved["properties"]["StreamViewType"]["enum"]
        .as_array()
        .unwrap()
        .contains(&"NEW_AND_OLD_IMAGES".into()));
    // KeySchema is one of a list of key elements (a definition) or JSON text.
    let key_schema = table.property("KeySchema").unwrap();
    let first = key_schema.get("oneOf").and_then(|o| o.as_array()?.get(0));
    let list = table.resolve(first.unwrap());
    assert_eq!(list.to_value()["type"], "array");
    let item = table.resolve(list.get("items").unwrap());
    assert_eq!(
        item.to_value()["required"],
        serde_json::json!(["KeyType", "AttributeName"])
    );
}

#[test]
fn nested_attributes_and_prefix_attributes() {
    let redis = resource_type("AWS::ElastiCache::ReplicationGroup").unwrap();
    assert!(redis.has_attribute("PrimaryEndPoint.Address"));
    let stack = resource_type("AWS::CloudFormation::Stack").unwrap();
    assert!(stack.has_attribute("Outputs.BucketName"));
    assert!(!stack.has_attribute("Outputs."));
    assert!(!stack.has_attribute("Arn"));
    let custom = resource_type("AWS::CloudFormation::CustomResource").unwrap();
    assert!(custom.has_attribute("Anything.At.All"));
    assert!(is_custom("Custom::Seeder") && !is_custom("AWS::SQS::Queue"));
}

#[test]
fn unknown_types_are_none_and_names_are_sorted() {
    assert!(resource_type("AWS::DynamoDB::Tabel").is_none());
    assert!(resource_type("").is_none());
    assert!(resource_type("Custom::Thing").is_none());
    let names: Vec<_> = type_names().collect();
    assert!(names.len() > 1500, "{} types", names.len());
    assert!(names.windows(2).all(|w| w[0] < w[1]), "index.tsv is sorted");
    assert!(SOURCE.contains("cfn-lint 1.58.0"));
}

#[test]
fn every_embedded_type_inflates_and_parses() {
    for name in type_names() {
        let schema = resource_type(name).unwrap();
        assert!(schema.schema().is_object(), "{name}");
        assert!(schema.schema().get("definitions").is_none(), "{name}");
        for (definition, value) in schema.definitions() {
            let reference = serde_json::json!({ "$ref": format!("#/definitions/{definition}") });
            // A definition that is itself a `$ref` resolves on to its target.
            assert_eq!(
                schema.resolve(Node::leak(&reference)).to_value(),
                schema.resolve(value).to_value(),
                "{name} {definition}"
            );
        }
    }
}
