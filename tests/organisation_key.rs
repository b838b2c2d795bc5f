//! `--kms-key` (and the profile key `kms_key`) on the API and Redis blueprints: the same
//! shared setting as on the limiter, so every resource that can take a key uses it, and a
//! created key's policy lets CloudWatch Logs encrypt exactly the stack's log groups.

mod common;

use common::{
    assert_has_all, resources_of_type, stderr, synth_json, synth_profile, zael, TempFile,
};
use serde_json::{json, Value};

const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-4567-89ef";

fn created_key() -> Value {
    json!({"Fn::GetAtt": ["DataKey", "Arn"]})
}

fn props<'a>(document: &'a Value, id: &str) -> &'a Value {
    let resource = &document["Resources"][id];
    assert!(resource.is_object(), "no resource {id}");
    &resource["Properties"]
}

/// The `ArnLike` log-group ARNs of the key policy's CloudWatch Logs statement.
fn logs_statement_arns(document: &Value) -> Vec<String> {
    let statements = props(document, "DataKey")["KeyPolicy"]["Statement"]
        .as_array()
        .unwrap();
    let logs = statements
        .iter()
        .find(|s| s["Sid"] == "EncryptStackLogGroups")
        .expect("a statement for CloudWatch Logs");
    logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|arn| arn["Fn::Sub"].as_str().unwrap().to_string())
        .collect()
}

fn assert_api_uses(document: &Value, key: &Value) {
    let sse = &props(document, "Table")["SSESpecification"];
    assert_eq!(sse["SSEType"], "KMS");
    assert_eq!(&sse["KMSMasterKeyId"], key);
    let groups = resources_of_type(document, "AWS::Logs::LogGroup");
    assert_eq!(groups.len(), 4, "access, execution, handler, flow logs");
    for (id, group) in groups {
        assert_eq!(&group["Properties"]["KmsKeyId"], key, "{id}");
    }
    assert_eq!(&props(document, "HandlerFunction")["KmsKeyArn"], key);
    assert_eq!(&props(document, "AlarmTopic")["KmsMasterKeyId"], key);
}

#[test]
fn a_created_key_encrypts_the_api_table_logs_environment_and_topic() {
    let document = synth_json(&[
        "--blueprint",
        "api",
        "--name",
        "vault",
        "--kms-key",
        "create",
    ]);
    assert_api_uses(&document, &created_key());
    let key = &document["Resources"]["DataKey"];
    assert_eq!(key["Properties"]["EnableKeyRotation"], true);
    assert_eq!(key["DeletionPolicy"], "Retain");
    assert_eq!(
        props(&document, "DataKeyAlias")["AliasName"],
        "alias/ZAEL-vault-api"
    );
    let arns = logs_statement_arns(&document);
    let group = |name: &str| {
        format!(
            "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{name}*"
        )
    };
    assert_eq!(
        arns,
        [
            group("/aws/apigateway/ZAEL-vault-api/access"),
            group("API-Gateway-Execution-Logs_${RestApi}/prod"),
            group("/aws/lambda/ZAEL-vault-api-handler"),
            group("/aws/vpc/ZAEL-vault-api/flow-logs"),
        ]
    );
    // Each group the stack creates is one the key policy names.
    for (id, group) in resources_of_type(&document, "AWS::Logs::LogGroup") {
        let name = &group["Properties"]["LogGroupName"];
        let name = name.as_str().or(name["Fn::Sub"].as_str()).unwrap();
        assert!(
            arns.iter().any(|arn| arn.ends_with(&format!(":{name}*"))),
            "{id}: {name} is not in the key policy"
        );
    }
    // The handler decrypts its environment with its own role.
    let policies = props(&document, "HandlerRole")["Policies"]
        .as_array()
        .unwrap();
    let statement = &policies
        .iter()
        .find(|p| p["PolicyName"] == "CustomerManagedKey")
        .expect("the handler role may use the key")["PolicyDocument"]["Statement"][0];
    assert_eq!(statement["Resource"], json!([created_key()]));
    assert!(statement["Action"]
        .as_array()
        .unwrap()
        .contains(&json!("kms:Decrypt")));
}

#[test]
fn an_existing_key_is_used_by_the_api_as_given_and_none_is_created() {
    let document = synth_json(&["--blueprint", "api", "--kms-key", KEY_ARN]);
    assert_api_uses(&document, &json!(KEY_ARN));
    assert!(resources_of_type(&document, "AWS::KMS::Key").is_empty());
    assert!(document["Outputs"].get("DataKeyArn").is_none());
}

#[test]
fn a_created_key_encrypts_the_redis_cache_secret_logs_and_topic() {
    let document = synth_json(&[
        "--blueprint",
        "redis",
        "--name",
        "vault",
        "--kms-key",
        "create",
    ]);
    let key = created_key();
    let group = props(&document, "ReplicationGroup");
    assert_eq!(group["AtRestEncryptionEnabled"], true);
    assert_eq!(group["KmsKeyId"], key);
    assert_eq!(props(&document, "AuthTokenSecret")["KmsKeyId"], key);
    assert_eq!(props(&document, "AlarmTopic")["KmsMasterKeyId"], key);
    let groups = resources_of_type(&document, "AWS::Logs::LogGroup");
    assert_eq!(groups.len(), 2, "slow log and engine log");
    for (id, group) in groups {
        assert_eq!(group["Properties"]["KmsKeyId"], key, "{id}");
    }
    assert_eq!(
        logs_statement_arns(&document),
        ["arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/vendedlogs/elasticache/ZAEL-vault-redis/*"]
    );
    assert_eq!(
        document["Outputs"]["DataKeyArn"]["Value"], key,
        "the created key's ARN is an output"
    );
}

#[test]
fn the_profile_key_works_on_redis_and_an_operator_topic_is_left_alone() {
    let profile = TempFile::new(
        "kms-redis.yaml",
        &format!(
            "blueprint: redis\nkms_key: {KEY_ARN}\nalarm_sns_topic: arn:aws:sns:us-east-1:123456789012:alerts\n"
        ),
    );
    let document = synth_json(&["--stack", profile.path.to_str().unwrap()]);
    assert_eq!(props(&document, "ReplicationGroup")["KmsKeyId"], KEY_ARN);
    assert_eq!(props(&document, "AuthTokenSecret")["KmsKeyId"], KEY_ARN);
    assert!(resources_of_type(&document, "AWS::SNS::Topic").is_empty());
    assert!(resources_of_type(&document, "AWS::KMS::Key").is_empty());
}

#[test]
fn without_the_option_the_api_and_redis_keep_aws_keys() {
    for blueprint in ["api", "redis"] {
        let document = synth_json(&["--blueprint", blueprint]);
        let text = document.to_string();
        assert!(!text.contains("KmsKeyId"), "{blueprint}");
        assert!(!text.contains("KmsKeyArn"), "{blueprint}");
        assert!(resources_of_type(&document, "AWS::KMS::Key").is_empty());
    }
}

#[test]
fn a_bad_key_is_refused_on_every_blueprint_naming_the_flag() {
    for blueprint in ["api", "redis"] {
        let output = zael([
            "synth",
            "--blueprint",
            blueprint,
            "--kms-key",
            "arn:aws:kms:us-east-1:123:key/x",
        ]);
        assert_eq!(output.status.code(), Some(2), "{blueprint}");
        let message = stderr(&output);
        assert_has_all(&message, &["--kms-key", "expected create, or a key ARN"]);
    }
}

#[test]
fn a_profile_key_in_another_region_is_refused_on_the_api() {
    let (code, _, message) = synth_profile(
        "blueprint: api\nregion: eu-west-1\nkms_key: arn:aws:kms:us-east-1:123456789012:key/abcd\n",
        &[],
    );
    assert_eq!(code, 2, "{message}");
    assert_has_all(
        &message,
        &["kms_key arn:aws:kms:us-east-1:123456789012:key/abcd is in us-east-1"],
    );
}
