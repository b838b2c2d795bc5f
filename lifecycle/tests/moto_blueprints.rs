//! deploy, diff and delete of the redis and api blueprints as processes against moto server
//! (`moto_lifecycle.rs` does the limiter), and `--parameter`, the value of a template
//! parameter synth cannot know (the api blueprint's `DynamoDbPrefixListId`).
//!
//! moto 5.2.5's CloudFormation records, but does not create, the resource types it does not
//! implement, and settles the stack CREATE_COMPLETE. It logs "Tried to parse TYPE but it's not
//! supported by moto's CloudFormation implementation" for, among others,
//! AWS::ElastiCache::ReplicationGroup, ::ParameterGroup and ::SubnetGroup,
//! AWS::SecretsManager::Secret and AWS::CloudWatch::Alarm (redis), AWS::ApiGateway::Stage,
//! ::Account, ::ApiKey, ::UsagePlan, ::UsagePlanKey and ::GatewayResponse,
//! AWS::WAFv2::WebACL and ::WebACLAssociation and AWS::Logs::QueryDefinition (api). These
//! tests exercise zael's side (change set, parameters, packages, events, delete), not those
//! resources.

mod common;

use common::{
    assert_has_all, assert_starts_with, at, block_on, cloudformation, create_bucket, exited,
    stamped_api_handler, stderr, stdout,
};
use zael_lambda_testkit::MotoServer;

const PREFIX_LIST: &str = "DynamoDbPrefixListId=pl-02cd2c6b";

/// The deployed stack's parameters, `NAME=VALUE`, sorted.
fn deployed_parameters(endpoint: &str, stack: &str) -> Vec<String> {
    block_on(async {
        let described = cloudformation(endpoint)
            .await
            .describe_stacks()
            .stack_name(stack)
            .send()
            .await
            .unwrap();
        let mut found: Vec<String> = described.stacks()[0]
            .parameters()
            .iter()
            .map(|p| {
                format!(
                    "{}={}",
                    p.parameter_key().unwrap_or(""),
                    p.parameter_value().unwrap_or("")
                )
            })
            .collect();
        found.sort();
        found
    })
}

#[test]
fn the_redis_blueprint_deploys_settles_and_deletes() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    let flags = ["--blueprint", "redis", "--name", "cache"];

    let out = exited(&at(e, "deploy", &flags), 0);
    assert_has_all(
        &out,
        &[
            "ZAEL-cache-redis (new stack, region us-east-1 at",
            "[+] AWS::ElastiCache::ReplicationGroup ReplicationGroup",
            "Security group changes",
            "ZAEL-cache-redis: CREATE_COMPLETE in ",
            // No rate-limiter table in a redis stack: nothing to register.
        ],
    );
    assert!(!out.contains("namespace default"), "{out}");

    // A limiter whose stack name is this one's (`--name cache-redis`) is refused before
    // anything is sent: one blueprint never replaces another. Its diff says why it is all
    // changes.
    let limiter = ["--name", "cache-redis", "--no-aggregator"];
    let other = at(e, "deploy", &limiter);
    assert_eq!(other.status.code(), Some(2), "{}", stdout(&other));
    assert_has_all(
        &stderr(&other),
        &[
            "ZAEL-cache-redis (region us-east-1 at ",
            "is a stack of blueprint redis, and this deploy is blueprint limiter: it would replace the one with the other; give --blueprint redis, or another --name",
        ],
    );
    let compared = at(e, "diff", &limiter);
    assert_eq!(compared.status.code(), Some(3), "{}", stderr(&compared));
    assert_has_all(
        &stdout(&compared),
        &["(the old template is blueprint redis, the new one limiter: give --blueprint redis to compare the same system)"],
    );

    let again = at(e, "deploy", &flags);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_starts_with(
        &stdout(&again),
        "ZAEL-cache-redis: no changes (region us-east-1",
    );

    let diff = at(
        e,
        "diff",
        &[&flags[..], &["--cache-replicas", "1"]].concat(),
    );
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));

    let deleted = at(e, "delete", &[&flags[..], &["--yes"]].concat());
    let out = exited(&deleted, 0);
    assert_has_all(&out, &["ZAEL-cache-redis: deleted in "]);
}

#[test]
fn the_api_blueprint_needs_its_prefix_list_and_deploys_with_it() {
    let moto = MotoServer::start();
    let e = moto.endpoint.as_str();
    create_bucket(e, "artifacts");
    let binary = stamped_api_handler("zael-deploy-api");
    let flags = [
        "--blueprint",
        "api",
        "--name",
        "edge",
        "--parameter",
        "ArtifactBucket=artifacts",
        "--api-handler-binary",
        binary.to_str().unwrap(),
    ];

    // Without a bucket there is nowhere to send the package: the flag of this blueprint named.
    let no_bucket = at(
        e,
        "deploy",
        &[
            "--blueprint",
            "api",
            "--api-handler-binary",
            binary.to_str().unwrap(),
        ],
    );
    assert_eq!(no_bucket.status.code(), Some(2));
    assert_has_all(
        &stderr(&no_bucket),
        &[
            "the api-handler package needs a bucket to upload to: pass --parameter ArtifactBucket=BUCKET",
        ],
    );

    // A new stack needs the parameter without a default: said before anything is sent.
    let missing = at(e, "deploy", &flags);
    assert_eq!(missing.status.code(), Some(2), "{}", stdout(&missing));
    let err = stderr(&missing);
    assert_has_all(
        &err,
        &["DynamoDbPrefixListId has no default: pass --parameter DynamoDbPrefixListId=VALUE"],
    );
    assert!(
        !stdout(&missing).contains("uploaded"),
        "{}",
        stdout(&missing)
    );

    // A parameter the template does not have is bad input, before AWS is asked.
    let unknown = at(
        "http://127.0.0.1:9",
        "deploy",
        &[&flags[..], &["--parameter", "NoSuchThing=1"]].concat(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert_has_all(
        &stderr(&unknown),
        &["--parameter NoSuchThing: the template has no parameter NoSuchThing; it has "],
    );
    let malformed = at(
        "http://127.0.0.1:9",
        "deploy",
        &[&flags[..], &["--parameter", "pl-02cd2c6b"]].concat(),
    );
    assert_eq!(malformed.status.code(), Some(2));
    assert_starts_with(&stderr(&malformed), "error: invalid value 'pl-02cd2c6b' for '--parameter <NAME=VALUE>': `pl-02cd2c6b` is not NAME=VALUE (a template parameter and its value, e.g. DynamoDbPrefixListId=pl-02cd2c6b)\n");

    let with_parameter = [&flags[..], &["--parameter", PREFIX_LIST]].concat();
    let out = exited(&at(e, "deploy", &with_parameter), 0);
    assert_has_all(
        &out,
        &[
            "api-handler package: uploaded to s3://artifacts/",
            "[+] AWS::Lambda::Function HandlerFunction",
            "ZAEL-edge-api: CREATE_COMPLETE in ",
        ],
    );
    assert!(!out.contains("namespace default"), "{out}");
    assert!(
        deployed_parameters(e, "ZAEL-edge-api").contains(&PREFIX_LIST.to_string()),
        "{:?}",
        deployed_parameters(e, "ZAEL-edge-api")
    );

    // An update keeps the deployed value of a parameter it is not given.
    let updated = at(
        e,
        "deploy",
        &[&flags[..], &["--api-rate-limit", "500"]].concat(),
    );
    let out = exited(&updated, 0);
    assert_has_all(
        &out,
        &[
            "already at s3://artifacts/",
            "ZAEL-edge-api: UPDATE_COMPLETE in ",
        ],
    );
    assert!(
        deployed_parameters(e, "ZAEL-edge-api").contains(&PREFIX_LIST.to_string()),
        "{:?}",
        deployed_parameters(e, "ZAEL-edge-api")
    );

    // What stays behind is said first. moto 5.2.5 then refuses DeleteStack itself: it deletes
    // the stack's VPC before what moto placed in it ("DependencyViolation: The vpc ... has
    // dependencies and cannot be deleted"), which real CloudFormation orders by dependency.
    // zael passes the refusal on with its cause and exit 1.
    let deleted = at(e, "delete", &[&flags[..4], &["--yes"]].concat());
    let out = stdout(&deleted);
    assert!(
        out.contains("Stays behind (DeletionPolicy Retain)")
            && out.contains("  Table (AWS::DynamoDB::Table): ZAEL-edge-api\n")
            && out.contains("The region's API Gateway account setting keeps naming the retained CloudWatch role"),
        "{out}"
    );
    assert_eq!(deleted.status.code(), Some(1), "{out}{}", stderr(&deleted));
    let err = stderr(&deleted);
    assert!(
        err.starts_with("error: DeleteStack ZAEL-edge-api failed (region us-east-1 at ")
            && err.contains("DependencyViolation"),
        "{err}"
    );
}
