//! What the rate-limiter template must contain, asserted on the synthesized document.

mod common;

use common::{
    assert_exported_under_stack_name, assert_removal_policy, props, resources_of_type, synth,
};
use serde_json::{json, Value};
use zael::aspects::{PermissionBoundary, RoleNameFormat};
use zael::stacks::common::Organisation;
use zael::stacks::limiter::{IamOptions, LimiterOptions, BUCKET_UPDATE_FILTER};
use zael::validate;

#[test]
fn table_follows_seed_001_schema_and_is_never_destroyed_by_the_stack() {
    let doc = synth(LimiterOptions::default());
    let table = &doc["Resources"]["RateLimitsTable"];
    assert_removal_policy(table, "Retain");
    let p = &table["Properties"];
    assert_eq!(p["TableName"], "ZAEL-limiter");
    assert_eq!(p["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(
        p["StreamSpecification"]["StreamViewType"],
        "NEW_AND_OLD_IMAGES"
    );
    assert_eq!(
        p["TimeToLiveSpecification"],
        json!({"AttributeName": "ttl", "Enabled": true})
    );
    assert_eq!(p["SSESpecification"]["SSEEnabled"], true);
    assert_eq!(p["DeletionProtectionEnabled"], false);
    let keys = |schema: &Value| -> Vec<String> {
        schema
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["AttributeName"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(keys(&p["KeySchema"]), ["PK", "SK"]);
    let indexes = p["GlobalSecondaryIndexes"].as_array().unwrap();
    assert_eq!(indexes[0]["IndexName"], "GSI1");
    assert_eq!(keys(&indexes[0]["KeySchema"]), ["GSI1PK", "GSI1SK"]);
    assert_eq!(indexes[1]["IndexName"], "GSI2");
    assert_eq!(keys(&indexes[1]["KeySchema"]), ["GSI2PK", "GSI2SK"]);
    // PITR is off by default but switchable at deploy time through EnablePITR.
    assert_eq!(doc["Parameters"]["EnablePITR"]["Default"], "false");
    assert_eq!(
        p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        json!({"Fn::If": ["PITREnabled", true, false]})
    );
}

#[test]
fn pitr_days_turn_recovery_on_with_that_period() {
    let doc = synth(LimiterOptions {
        pitr_recovery_days: Some(7),
        ..Default::default()
    });
    assert_eq!(doc["Parameters"]["EnablePITR"]["Default"], "true");
    assert_eq!(
        props(&doc, "RateLimitsTable")["PointInTimeRecoverySpecification"]["RecoveryPeriodInDays"],
        json!({"Fn::If": ["PITREnabled", 7, {"Ref": "AWS::NoValue"}]})
    );
}

#[test]
fn deletion_protection_and_provisioned_capacity_reach_the_table() {
    let doc = synth(LimiterOptions {
        deletion_protection: true,
        capacity: zael::constructs::Capacity::Provisioned { read: 5, write: 7 },
        ..Default::default()
    });
    let p = props(&doc, "RateLimitsTable");
    assert_eq!(p["DeletionProtectionEnabled"], true);
    assert_eq!(p["BillingMode"], "PROVISIONED");
    let throughput = json!({"ReadCapacityUnits": 5, "WriteCapacityUnits": 7});
    assert_eq!(p["ProvisionedThroughput"], throughput);
    for index in p["GlobalSecondaryIndexes"].as_array().unwrap() {
        assert_eq!(index["ProvisionedThroughput"], throughput);
    }
}

#[test]
fn aggregator_runs_the_shipped_binary_with_the_configured_settings() {
    let doc = synth(LimiterOptions {
        lambda_memory_mb: 512,
        lambda_timeout_seconds: 120,
        lambda_reserved_concurrency: Some(10),
        ..Default::default()
    });
    let f = props(&doc, "AggregatorFunction");
    assert_eq!(f["Runtime"], "provided.al2023");
    assert_eq!(f["Handler"], "bootstrap");
    assert_eq!(
        f["Code"],
        json!({"S3Bucket": {"Ref": "ArtifactBucket"}, "S3Key": {"Ref": "ArtifactKey"}})
    );
    assert_eq!(f["MemorySize"], 512);
    assert_eq!(f["Timeout"], 120);
    assert_eq!(f["ReservedConcurrentExecutions"], 10);
    assert_eq!(
        f["Environment"]["Variables"],
        json!({
            "TABLE_NAME": {"Ref": "RateLimitsTable"},
            "SNAPSHOT_WINDOWS": {"Ref": "SnapshotWindows"},
            "SNAPSHOT_TTL_DAYS": {"Ref": "SnapshotRetentionDays"},
            "AUDIT_ARCHIVE_BUCKET": {"Ref": "AuditArchiveBucket"}
        })
    );
    assert_eq!(
        f["LoggingConfig"]["LogGroup"],
        json!({"Ref": "AggregatorLogGroup"})
    );
    assert_eq!(
        props(&doc, "AggregatorLogGroup")["RetentionInDays"],
        json!({"Ref": "LogRetentionDays"})
    );
    let default = synth(LimiterOptions::default());
    assert!(props(&default, "AggregatorFunction")
        .get("ReservedConcurrentExecutions")
        .is_none());
}

#[test]
fn stream_mapping_retries_bisects_reports_partial_failures_and_filters_bucket_updates() {
    let doc = synth(LimiterOptions::default());
    let m = props(&doc, "AggregatorStreamMapping");
    assert_eq!(m["MaximumRetryAttempts"], 3);
    assert_eq!(m["BisectBatchOnFunctionError"], true);
    assert_eq!(
        m["FunctionResponseTypes"],
        json!(["ReportBatchItemFailures"])
    );
    assert_eq!(m["BatchSize"], 100);
    assert_eq!(m["MaximumBatchingWindowInSeconds"], 5);
    assert_eq!(m["MaximumRecordAgeInSeconds"], 3600);
    assert_eq!(
        m["DestinationConfig"]["OnFailure"]["Destination"],
        json!({"Fn::GetAtt": ["AggregatorDeadLetterQueue", "Arn"]})
    );
    let pattern: Value = serde_json::from_str(
        m["FilterCriteria"]["Filters"][0]["Pattern"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        pattern,
        serde_json::from_str::<Value>(BUCKET_UPDATE_FILTER).unwrap()
    );
    assert_eq!(pattern["eventName"], json!(["INSERT", "MODIFY"]));
    assert_eq!(pattern["dynamodb"]["Keys"]["SK"]["S"], json!(["#STATE"]));
    let dlq = props(&doc, "AggregatorDeadLetterQueue");
    assert_eq!(dlq["SqsManagedSseEnabled"], true);
    assert_eq!(dlq["MessageRetentionPeriod"], 1_209_600);
}

/// Every `Allow` statement of every identity and resource policy of the stack (a `Deny`
/// only narrows what others grant).
fn statements(doc: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for (id, resource) in doc["Resources"].as_object().unwrap() {
        let p = &resource["Properties"];
        let mut documents = vec![];
        if let Some(policies) = p["Policies"].as_array() {
            documents.extend(policies.iter().map(|pol| &pol["PolicyDocument"]));
        }
        if p["PolicyDocument"].is_object() {
            documents.push(&p["PolicyDocument"]);
        }
        for document in documents {
            for statement in document["Statement"].as_array().unwrap() {
                if statement["Effect"] == "Allow" {
                    found.push((id.clone(), statement.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn iam_is_least_privilege_with_no_wildcard_where_a_resource_can_be_named() {
    let doc = synth(LimiterOptions::default());
    for (id, statement) in statements(&doc) {
        let actions: Vec<&str> = statement["Action"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(
            actions.iter().all(|a| !a.contains('*')),
            "{id}: wildcard action in {statement}"
        );
        for resource in statement["Resource"].as_array().unwrap() {
            if resource == "*" {
                // dynamodb:ListStreams has no resource type in IAM: `*` is its only form.
                assert_eq!(
                    actions,
                    ["dynamodb:ListStreams"],
                    "{id}: `*` resource in {statement}"
                );
            }
        }
    }
    // The aggregator may touch only its table (and indexes), stream, DLQ and log group.
    let allowed_targets = [
        json!({"Fn::GetAtt": ["RateLimitsTable", "Arn"]}),
        json!({"Fn::Sub": "${RateLimitsTable.Arn}/index/*"}),
        json!({"Fn::GetAtt": ["RateLimitsTable", "StreamArn"]}),
        json!({"Fn::GetAtt": ["AggregatorDeadLetterQueue", "Arn"]}),
        json!({"Fn::GetAtt": ["AggregatorLogGroup", "Arn"]}),
        json!({"Fn::Sub": "${AuditArchiveBucket.Arn}/audit/*"}),
        json!("*"),
    ];
    for (id, statement) in statements(&doc)
        .into_iter()
        .filter(|(id, _)| id == "AggregatorRole")
    {
        for resource in statement["Resource"].as_array().unwrap() {
            assert!(allowed_targets.contains(resource), "{id}: {resource}");
        }
    }
}

#[test]
fn acquire_policy_grants_the_per_item_actions_iam_checks_inside_transactions() {
    let doc = synth(LimiterOptions::default());
    let granted: Vec<Value> = props(&doc, "AcquireOnlyPolicy")["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap().clone())
        .collect();
    for needed in [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
    ] {
        assert!(granted.contains(&json!(needed)), "missing {needed}");
    }
    assert!(!granted.contains(&json!("dynamodb:TransactWriteItems")));
    let read = &props(&doc, "ReadOnlyPolicy")["PolicyDocument"]["Statement"][0]["Action"];
    assert!(read.as_array().unwrap().iter().all(|a| {
        let a = a.as_str().unwrap();
        !a.contains("Put") && !a.contains("Update") && !a.contains("Delete") && !a.contains("Write")
    }));
}

#[test]
fn permission_boundary_and_role_name_format_reach_every_role() {
    let doc = synth(LimiterOptions {
        organisation: Organisation {
            permission_boundary: Some(PermissionBoundary::parse("OrgBoundary")),
            role_name_format: Some(RoleNameFormat("PowerUserPB-{}".into())),
            ..Default::default()
        },
        iam: IamOptions {
            application_roles: true,
            ..IamOptions::default()
        },
        ..Default::default()
    });
    let roles = resources_of_type(&doc, "AWS::IAM::Role");
    assert_eq!(roles.len(), 4);
    for (id, role) in roles {
        let p = &role["Properties"];
        assert_eq!(
            p["PermissionsBoundary"],
            json!({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/OrgBoundary"}),
            "{id}"
        );
        assert!(
            p["RoleName"]
                .as_str()
                .unwrap()
                .starts_with("PowerUserPB-ZAEL-limiter-"),
            "{id}"
        );
    }
    let arn = "arn:aws:iam::123456789012:policy/B";
    let doc = synth(LimiterOptions {
        organisation: Organisation {
            permission_boundary: Some(PermissionBoundary::parse(arn)),
            ..Default::default()
        },
        ..Default::default()
    });
    assert_eq!(props(&doc, "AggregatorRole")["PermissionsBoundary"], arn);
}

#[test]
fn alarms_match_seed_000_and_all_notify_the_topic() {
    let topic = "arn:aws:sns:us-east-1:123456789012:alerts";
    let doc = synth(LimiterOptions {
        alarm_sns_topic: Some(topic.into()),
        lambda_timeout_seconds: 120,
        ..Default::default()
    });
    let alarm = |id: &str| props(&doc, id).clone();
    let expect = |id: &str, metric: &str, statistic: &str, op: &str, threshold: i64| {
        let a = alarm(id);
        assert_eq!(a["MetricName"], metric, "{id}");
        assert_eq!(a["Statistic"], statistic, "{id}");
        assert_eq!(a["ComparisonOperator"], op, "{id}");
        assert_eq!(a["Threshold"], threshold, "{id}");
        assert_eq!(a["Period"], 300, "{id}");
        assert_eq!(a["AlarmActions"], json!([topic]), "{id}");
        let description = a["AlarmDescription"].as_str().unwrap();
        assert!(
            description.contains(&format!("{metric} ({statistic})")),
            "{id}: {description}"
        );
        assert!(
            description.contains(&threshold.to_string()),
            "{id}: {description}"
        );
    };
    expect(
        "AggregatorErrorsAlarm",
        "Errors",
        "Sum",
        "GreaterThanThreshold",
        1,
    );
    // 80% of the 120 s timeout actually set, in milliseconds.
    expect(
        "AggregatorDurationAlarm",
        "Duration",
        "Maximum",
        "GreaterThanThreshold",
        96_000,
    );
    expect(
        "AggregatorIteratorAgeAlarm",
        "IteratorAge",
        "Maximum",
        "GreaterThanThreshold",
        30_000,
    );
    expect(
        "AggregatorDeadLetterAlarm",
        "ApproximateNumberOfMessagesVisible",
        "Maximum",
        "GreaterThanOrEqualToThreshold",
        1,
    );
    expect(
        "TableReadThrottleAlarm",
        "ReadThrottleEvents",
        "Sum",
        "GreaterThanThreshold",
        1,
    );
    expect(
        "TableWriteThrottleAlarm",
        "WriteThrottleEvents",
        "Sum",
        "GreaterThanThreshold",
        1,
    );
    assert_eq!(resources_of_type(&doc, "AWS::CloudWatch::Alarm").len(), 6);
    assert!(resources_of_type(&doc, "AWS::SNS::Topic").is_empty());
}

#[test]
fn without_a_topic_the_stack_creates_one_so_every_alarm_notifies_someone() {
    let doc = synth(LimiterOptions::default());
    for (id, alarm) in resources_of_type(&doc, "AWS::CloudWatch::Alarm") {
        assert_eq!(
            alarm["Properties"]["AlarmActions"],
            json!([{"Ref": "AlarmTopic"}]),
            "{id}"
        );
    }
    assert_eq!(
        doc["Outputs"]["AlarmTopicArn"]["Value"],
        json!({"Ref": "AlarmTopic"})
    );
}

#[test]
fn a_duration_threshold_of_the_whole_timeout_stays_reachable() {
    let doc = synth(LimiterOptions {
        lambda_duration_threshold_pct: 100,
        ..Default::default()
    });
    let a = props(&doc, "AggregatorDurationAlarm");
    assert_eq!(a["Threshold"], 60_000);
    assert_eq!(a["ComparisonOperator"], "GreaterThanOrEqualToThreshold");
}

#[test]
fn no_aggregator_leaves_no_lambda_dlq_log_group_or_their_alarms() {
    let doc = synth(LimiterOptions {
        enable_aggregator: false,
        ..Default::default()
    });
    for kind in [
        "AWS::Lambda::Function",
        "AWS::Lambda::EventSourceMapping",
        "AWS::SQS::Queue",
        "AWS::Logs::LogGroup",
    ] {
        assert!(
            resources_of_type(&doc, kind).is_empty(),
            "{kind} without an aggregator"
        );
    }
    let alarms: Vec<&String> = resources_of_type(&doc, "AWS::CloudWatch::Alarm")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        alarms,
        ["TableReadThrottleAlarm", "TableWriteThrottleAlarm"]
    );
    for parameter in [
        "SnapshotWindows",
        "SnapshotRetentionDays",
        "LogRetentionDays",
        "ArtifactBucket",
        "ArtifactKey",
    ] {
        assert!(
            doc["Parameters"].get(parameter).is_none(),
            "{parameter} without an aggregator"
        );
    }
    assert!(doc["Outputs"].get("AggregatorFunctionArn").is_none());
}

#[test]
fn no_alarms_means_no_alarms_and_no_topic() {
    let doc = synth(LimiterOptions {
        enable_alarms: false,
        ..Default::default()
    });
    assert!(resources_of_type(&doc, "AWS::CloudWatch::Alarm").is_empty());
    assert!(resources_of_type(&doc, "AWS::SNS::Topic").is_empty());
}

#[test]
fn every_output_is_exported_under_the_stack_name() {
    let doc = synth(LimiterOptions::default());
    let outputs = doc["Outputs"].as_object().unwrap();
    for needed in [
        "TableName",
        "TableArn",
        "TableStreamArn",
        "AggregatorFunctionArn",
        "DeadLetterQueueArn",
        "AggregatorRoleArn",
        "AggregatorLogGroupName",
        "DeadLetterQueueUrl",
        "AcquireOnlyPolicyArn",
        "FullAccessPolicyArn",
        "ReadOnlyPolicyArn",
        "NamespaceAcquirePolicyArn",
        "NamespaceFullAccessPolicyArn",
        "NamespaceReadOnlyPolicyArn",
        "AuditArchiveBucketName",
        "AuditArchiveBucketArn",
        "AlarmTopicArn",
    ] {
        assert!(outputs.contains_key(needed), "missing output {needed}");
    }
    assert_exported_under_stack_name(outputs);
}

#[test]
fn parameters_carry_the_synth_options_as_defaults() {
    let doc = synth(LimiterOptions {
        snapshot_windows: vec![
            zael::stacks::limiter::Window::Daily,
            zael::stacks::limiter::Window::Monthly,
        ],
        snapshot_retention_days: 30,
        log_retention_days: 365,
        artifact_bucket: Some("my-bucket".into()),
        ..Default::default()
    });
    let p = &doc["Parameters"];
    assert_eq!(p["SnapshotWindows"]["Default"], "daily,monthly");
    assert_eq!(p["SnapshotRetentionDays"]["Default"], 30);
    assert_eq!(p["LogRetentionDays"]["Default"], 365);
    assert_eq!(p["ArtifactBucket"]["Default"], "my-bucket");
}

#[test]
fn every_reference_of_every_variant_resolves() {
    for options in [
        LimiterOptions::default(),
        LimiterOptions {
            enable_aggregator: false,
            ..Default::default()
        },
        LimiterOptions {
            enable_alarms: false,
            ..Default::default()
        },
        LimiterOptions {
            enable_aggregator: false,
            enable_alarms: false,
            ..Default::default()
        },
    ] {
        let doc = zael::stacks::limiter::build(&options).to_document();
        assert_eq!(validate::references(&doc), vec![]);
    }
}

/// The stack name deploy, status, delete and fleets use is the one every blueprint's template
/// carries in its `zael:stack` tags, so two blueprints of one `--name` are two stacks.
#[test]
fn each_blueprints_stack_name_is_its_templates_zael_stack_tag() {
    use zael::blueprint::StackOptions;
    use zael::stacks::{api::ApiOptions, redis::RedisOptions};
    let name = || "cache".to_string();
    let mut names = Vec::new();
    for options in [
        StackOptions::from(LimiterOptions {
            name: name(),
            ..Default::default()
        }),
        StackOptions::from(RedisOptions {
            name: name(),
            ..Default::default()
        }),
        StackOptions::from(ApiOptions {
            name: name(),
            ..Default::default()
        }),
    ] {
        let blueprint = options.blueprint();
        let stack_name = options.stack_name();
        let doc = zael::synth::document(options).expect("the defaults synthesize");
        let tagged: Vec<&Value> = doc["Resources"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|r| r["Properties"]["Tags"].as_array())
            .flatten()
            .filter(|tag| tag["Key"] == "zael:stack")
            .map(|tag| &tag["Value"])
            .collect();
        assert!(
            !tagged.is_empty(),
            "{}: no zael:stack tag",
            blueprint.name()
        );
        assert!(
            tagged.iter().all(|value| *value == stack_name.as_str()),
            "{}: the stack is {stack_name}, its tags say {tagged:?}",
            blueprint.name()
        );
        names.push(stack_name);
    }
    assert_eq!(names, ["ZAEL-cache", "ZAEL-cache-redis", "ZAEL-cache-api"]);
}
