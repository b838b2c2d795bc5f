//! What the API service's template must contain (seed 003 and issue #6), asserted on the
//! synthesized document, and its flags as a user meets them.

mod common;

use common::{longest_name, props, refusal, resources_of_type, synth};
use serde_json::{json, Value};
use zael::blueprint::OptionsError;
use zael::stacks::api::{self, ApiOptions, ApiOptionsError};
use zael::synth::{document, SynthError};
use zael::validate;

fn statements<'a>(doc: &'a Value, role: &str) -> &'a Vec<Value> {
    props(doc, role)["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
}

#[test]
fn post_is_proxied_to_the_handler_and_needs_an_api_key() {
    let doc = synth(ApiOptions::default());
    let method = props(&doc, "PostMethod");
    assert_eq!(method["HttpMethod"], "POST");
    assert_eq!(method["ApiKeyRequired"], true);
    assert_eq!(method["Integration"]["Type"], "AWS_PROXY");
    assert!(method["Integration"]["Uri"]["Fn::Sub"]
        .as_str()
        .unwrap()
        .contains("${HandlerFunction.Arn}"));
    assert_eq!(resources_of_type(&doc, "AWS::ApiGateway::Method").len(), 1);
    let permission = props(&doc, "HandlerInvokePermission");
    assert_eq!(permission["Principal"], "apigateway.amazonaws.com");
    assert!(permission["SourceArn"]["Fn::Sub"]
        .as_str()
        .unwrap()
        .ends_with("${RestApi}/prod/POST/"));
}

#[test]
fn the_stage_throttles_logs_json_and_traces() {
    let doc = synth(ApiOptions::default());
    let stage = &doc["Resources"]["Stage"];
    assert_eq!(
        stage["DependsOn"],
        json!(["ApiGatewayAccount", "ExecutionLogGroup"])
    );
    let p = &stage["Properties"];
    assert_eq!(p["TracingEnabled"], true);
    // Execution logs of errors only, never request or response bodies.
    assert_eq!(p["MethodSettings"][0]["LoggingLevel"], "ERROR");
    assert_eq!(p["MethodSettings"][0]["DataTraceEnabled"], false);
    // ... into the group API Gateway writes them to, which the stack owns (with its
    // retention, below) instead of API Gateway creating it with none.
    assert_eq!(
        props(&doc, "ExecutionLogGroup")["LogGroupName"],
        json!({"Fn::Sub": "API-Gateway-Execution-Logs_${RestApi}/prod"})
    );
    assert_eq!(p["MethodSettings"][0]["ThrottlingRateLimit"], 100.0);
    assert_eq!(p["MethodSettings"][0]["ThrottlingBurstLimit"], 200);
    assert_eq!(p["MethodSettings"][0]["ResourcePath"], "/*");
    let format: Value =
        serde_json::from_str(p["AccessLogSetting"]["Format"].as_str().unwrap()).unwrap();
    assert_eq!(format["requestId"], "$context.requestId");
    assert_eq!(format["sourceIp"], "$context.identity.sourceIp");
    assert_eq!(format["userAgent"], "$context.identity.userAgent");
    assert_eq!(format["status"], "$context.status");
    // API Gateway refuses a destination ARN ending in `:*`, which `Fn::GetAtt Arn` has.
    let destination = p["AccessLogSetting"]["DestinationArn"]["Fn::Sub"]
        .as_str()
        .unwrap();
    assert!(destination.ends_with(":log-group:${AccessLogGroup}"));
    // Every log group is kept one year by default.
    assert_eq!(doc["Parameters"]["LogRetentionDays"]["Default"], 365);
    for (id, group) in resources_of_type(&doc, "AWS::Logs::LogGroup") {
        assert_eq!(
            group["Properties"]["RetentionInDays"],
            json!({"Ref": "LogRetentionDays"}),
            "{id}"
        );
    }
    let account = props(&doc, "ApiGatewayAccount");
    assert_eq!(
        account["CloudWatchRoleArn"],
        json!({"Fn::GetAtt": ["ApiGatewayCloudWatchRole", "Arn"]})
    );
    assert_eq!(
        doc["Resources"]["ApiGatewayCloudWatchRole"]["DeletionPolicy"],
        "Retain"
    );
}

#[test]
fn two_usage_plans_with_their_keys_and_the_key_ids_as_outputs() {
    let doc = synth(ApiOptions::default());
    for (tier, rate, burst, quota) in [
        ("Standard", 50.0, 100, 10_000),
        ("Premium", 100.0, 200, 50_000),
    ] {
        let plan = props(&doc, &format!("{tier}UsagePlan"));
        assert_eq!(
            plan["Throttle"],
            json!({"RateLimit": rate, "BurstLimit": burst})
        );
        assert_eq!(plan["Quota"], json!({"Limit": quota, "Period": "DAY"}));
        assert_eq!(
            plan["ApiStages"],
            json!([{"ApiId": {"Ref": "RestApi"}, "Stage": {"Ref": "Stage"}}])
        );
        let link = props(&doc, &format!("{tier}UsagePlanKey"));
        assert_eq!(link["KeyId"], json!({"Ref": format!("{tier}ApiKey")}));
        assert_eq!(
            link["UsagePlanId"],
            json!({"Ref": format!("{tier}UsagePlan")})
        );
        assert_eq!(link["KeyType"], "API_KEY");
        assert_eq!(
            doc["Outputs"][format!("{tier}ApiKeyId")]["Value"],
            json!({"Ref": format!("{tier}ApiKey")})
        );
    }
    assert_eq!(
        resources_of_type(&doc, "AWS::ApiGateway::UsagePlan").len(),
        2
    );
}

#[test]
fn refusals_have_clear_bodies_and_reach_the_stage() {
    let doc = synth(ApiOptions::default());
    let responses = resources_of_type(&doc, "AWS::ApiGateway::GatewayResponse");
    let status = |kind: &str| {
        responses
            .iter()
            .find(|(_, r)| r["Properties"]["ResponseType"] == kind)
            .map(|(_, r)| r["Properties"]["StatusCode"].as_str().unwrap().to_string())
    };
    assert_eq!(status("INVALID_API_KEY").as_deref(), Some("403"));
    assert_eq!(status("THROTTLED").as_deref(), Some("429"));
    assert_eq!(status("QUOTA_EXCEEDED").as_deref(), Some("429"));
    assert_eq!(status("WAF_FILTERED").as_deref(), Some("403"));
    for (_, response) in &responses {
        let body = response["Properties"]["ResponseTemplates"]["application/json"]
            .as_str()
            .unwrap();
        let body: Value = serde_json::from_str(body).expect("the body is JSON");
        assert!(body["message"].as_str().unwrap().len() > 20);
    }
    // Gateway responses take effect with a deployment: the deployment waits for them.
    let (id, deployment) = resources_of_type(&doc, "AWS::ApiGateway::Deployment")[0];
    assert!(id.starts_with("Deployment"));
    let depends = deployment["DependsOn"].as_array().unwrap();
    assert!(depends.contains(&json!("PostMethod")));
    assert_eq!(depends.len(), 1 + api::GATEWAY_RESPONSES.len());
}

#[test]
fn a_changed_method_gets_a_new_deployment() {
    let id = |doc: &Value| {
        resources_of_type(doc, "AWS::ApiGateway::Deployment")[0]
            .0
            .clone()
    };
    let base = synth(ApiOptions::default());
    assert_eq!(id(&synth(ApiOptions::default())), id(&base));
    // The stage is not deployed content: changing its throttling keeps the deployment.
    let throttled = synth(ApiOptions {
        stage_rate_limit: 500,
        ..ApiOptions::default()
    });
    assert_eq!(id(&throttled), id(&base));
}

#[test]
fn waf_blocks_an_ip_over_2000_requests_in_5_minutes_on_the_stage() {
    let doc = synth(ApiOptions::default());
    let acl = props(&doc, "WebAcl");
    assert_eq!(acl["Scope"], "REGIONAL");
    assert_eq!(acl["DefaultAction"], json!({"Allow": {}}));
    assert_eq!(acl["VisibilityConfig"]["CloudWatchMetricsEnabled"], true);
    let rule = &acl["Rules"][2];
    assert_eq!(rule["Name"], "RateLimitPerIp");
    assert_eq!(rule["Priority"], 2);
    assert_eq!(rule["Action"], json!({"Block": {}}));
    assert_eq!(
        rule["Statement"]["RateBasedStatement"],
        json!({"Limit": 2000, "AggregateKeyType": "IP", "EvaluationWindowSec": 300})
    );
    assert_eq!(rule["VisibilityConfig"]["CloudWatchMetricsEnabled"], true);
    let association = props(&doc, "WebAclAssociation");
    assert_eq!(
        association["ResourceArn"]["Fn::Sub"],
        "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestApi}/stages/${Stage}"
    );
}

#[test]
fn the_function_runs_in_two_private_subnets_and_reaches_dynamodb_by_endpoint() {
    let doc = synth(ApiOptions::default());
    let zones: Vec<&Value> = ["ServiceSubnet1", "ServiceSubnet2"]
        .iter()
        .map(|s| &props(&doc, s)["AvailabilityZone"])
        .collect();
    assert_eq!(*zones[0], json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}));
    assert_eq!(*zones[1], json!({"Fn::Select": [1, {"Fn::GetAZs": ""}]}));
    // No way to the internet: no internet gateway, no NAT, no public addresses.
    assert!(resources_of_type(&doc, "AWS::EC2::InternetGateway").is_empty());
    assert!(resources_of_type(&doc, "AWS::EC2::NatGateway").is_empty());
    let endpoint = props(&doc, "DynamoDbEndpoint");
    assert_eq!(endpoint["VpcEndpointType"], "Gateway");
    assert_eq!(
        endpoint["ServiceName"],
        json!({"Fn::Sub": "com.amazonaws.${AWS::Region}.dynamodb"})
    );
    assert_eq!(
        endpoint["RouteTableIds"],
        json!([{"Ref": "PrivateRouteTable"}])
    );
    assert_eq!(
        endpoint["PolicyDocument"]["Statement"][0]["Action"],
        json!(["dynamodb:PutItem"])
    );
    for n in [1, 2] {
        let association = props(&doc, &format!("ServiceSubnet{n}RouteTableAssociation"));
        assert_eq!(
            association["SubnetId"],
            json!({"Ref": format!("ServiceSubnet{n}")})
        );
    }
    let flow = props(&doc, "VpcFlowLog");
    assert_eq!(flow["TrafficType"], "ALL");
    assert_eq!(flow["ResourceId"], json!({"Ref": "ServiceVpc"}));
    assert_eq!(flow["LogGroupName"], json!({"Ref": "FlowLogGroup"}));
    let function = props(&doc, "HandlerFunction");
    assert_eq!(
        function["VpcConfig"]["SubnetIds"],
        json!([{"Ref": "ServiceSubnet1"}, {"Ref": "ServiceSubnet2"}])
    );
    assert_eq!(function["TracingConfig"]["Mode"], "Active");
    assert_eq!(function["ReservedConcurrentExecutions"], 100);
    assert_eq!(function["Runtime"], "provided.al2023");
    assert_eq!(function["Handler"], "bootstrap");
    assert_eq!(
        function["Code"]["S3Bucket"],
        json!({"Ref": "ArtifactBucket"})
    );
    assert_eq!(function["Code"]["S3Key"], json!({"Ref": "ArtifactKey"}));
    let key = doc["Parameters"]["ArtifactKey"]["Default"]
        .as_str()
        .unwrap();
    assert_eq!(key, zael::assets::api_handler().s3_key());
    assert!(key.starts_with("zael/api-handler-"));
}

#[test]
fn the_concurrency_alarm_fires_at_80_of_100() {
    let doc = synth(ApiOptions::default());
    let alarm = props(&doc, "HandlerConcurrencyAlarm");
    assert_eq!(alarm["MetricName"], "ConcurrentExecutions");
    assert_eq!(alarm["Threshold"], 80);
    assert_eq!(alarm["ComparisonOperator"], "GreaterThanOrEqualToThreshold");
    assert_eq!(alarm["AlarmActions"], json!([{"Ref": "AlarmTopic"}]));
    let fewer = synth(ApiOptions {
        reserved_concurrency: 10,
        ..ApiOptions::default()
    });
    assert_eq!(props(&fewer, "HandlerConcurrencyAlarm")["Threshold"], 8);
}

#[test]
fn the_table_has_pitr_and_a_stream() {
    let doc = synth(ApiOptions::default());
    let table = props(&doc, "Table");
    assert_eq!(
        table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        true
    );
    assert_eq!(
        table["StreamSpecification"]["StreamViewType"],
        "NEW_AND_OLD_IMAGES"
    );
    assert_eq!(
        table["KeySchema"],
        json!([{"AttributeName": "id", "KeyType": "HASH"}])
    );
}

#[test]
fn the_handler_may_put_items_in_its_table_log_manage_enis_and_trace_only() {
    let doc = synth(ApiOptions::default());
    let granted: Vec<(Value, Value)> = statements(&doc, "HandlerRole")
        .iter()
        .map(|s| (s["Action"].clone(), s["Resource"].clone()))
        .collect();
    assert_eq!(
        granted,
        vec![
            (
                json!(["logs:CreateLogStream", "logs:PutLogEvents"]),
                json!([{"Fn::GetAtt": ["HandlerLogGroup", "Arn"]}])
            ),
            (
                json!(["xray:PutTelemetryRecords", "xray:PutTraceSegments"]),
                json!(["*"])
            ),
            (
                json!(["dynamodb:PutItem"]),
                json!([{"Fn::GetAtt": ["Table", "Arn"]}])
            ),
            (
                json!([
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:CreateNetworkInterface",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSubnets",
                    "ec2:UnassignPrivateIpAddresses"
                ]),
                json!(["*"])
            ),
        ]
    );
    assert!(props(&doc, "HandlerRole")["ManagedPolicyArns"].is_null());
}

#[test]
fn every_reference_resolves_and_names_fit() {
    let doc = api::build(&ApiOptions::default()).to_document();
    assert_eq!(validate::references(&doc), vec![]);
    // The flow-logs role name is the longest: ZAEL-{name}-api-flow-logs, 64 at most.
    longest_name(
        |name| ApiOptions {
            name,
            ..ApiOptions::default()
        },
        45,
    );
}

#[test]
fn a_stage_below_the_premium_plan_is_refused() {
    let options = ApiOptions {
        stage_rate_limit: 50,
        ..ApiOptions::default()
    };
    assert!(matches!(
        document(&options),
        Err(SynthError::Options(OptionsError::Api(
            ApiOptionsError::StageRateBelowPlan { .. }
        )))
    ));
}

#[test]
fn flags_change_the_template() {
    let doc = common::synth_json(&[
        "--blueprint",
        "api",
        "--name",
        "films",
        "--api-rate-limit",
        "300",
        "--api-burst-limit",
        "600",
        "--waf-rate-limit",
        "500",
        "--handler-reserved-concurrency",
        "50",
        "--log-retention-days",
        "90",
    ]);
    let settings = &props(&doc, "Stage")["MethodSettings"][0];
    assert_eq!(settings["ThrottlingRateLimit"], 300.0);
    assert_eq!(settings["ThrottlingBurstLimit"], 600);
    assert_eq!(
        props(&doc, "WebAcl")["Rules"][2]["Statement"]["RateBasedStatement"]["Limit"],
        500
    );
    assert_eq!(
        props(&doc, "HandlerFunction")["ReservedConcurrentExecutions"],
        50
    );
    assert_eq!(props(&doc, "HandlerConcurrencyAlarm")["Threshold"], 40);
    assert_eq!(doc["Parameters"]["LogRetentionDays"]["Default"], 90);
    assert_eq!(props(&doc, "RestApi")["Name"], "ZAEL-films-api");
}

#[test]
fn bad_flags_are_refused_with_one_line_naming_the_flag() {
    for (args, flag) in [
        (vec!["--api-rate-limit", "0"], "--api-rate-limit"),
        (vec!["--api-rate-limit", "50"], "--api-rate-limit"),
        (vec!["--api-burst-limit", "x"], "--api-burst-limit"),
        (vec!["--api-burst-limit", "150"], "--api-burst-limit"),
        (vec!["--waf-rate-limit", "5"], "--waf-rate-limit"),
        (
            vec!["--handler-reserved-concurrency", "1000"],
            "--handler-reserved-concurrency",
        ),
        (vec!["--name", "a_b"], "--name"),
        (vec!["--cache-replicas", "2"], "--cache-replicas"),
        (vec!["--no-aggregator"], "--no-aggregator"),
    ] {
        let mut full = vec!["synth", "--blueprint", "api"];
        full.extend(&args);
        let error = refusal(&common::zael(&full), &args);
        assert!(error.contains(flag), "{args:?}: {error}");
    }
    // And the API's flags are refused for other blueprints.
    let output = common::zael(["synth", "--waf-rate-limit", "500"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("--blueprint api"));
}

#[test]
fn synth_out_bundles_the_handler_zip_under_its_own_key() {
    let dir = std::env::temp_dir().join(format!("zael-api-out-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("bootstrap");
    std::fs::write(&binary, vec![7u8; 10_000]).unwrap();
    let asset = zael::assets::api_handler();
    std::fs::write(dir.join("bootstrap.source-hash"), asset.source_hash).unwrap();
    let out = dir.join("out");
    let output = common::zael([
        "synth",
        "--blueprint",
        "api",
        "--out",
        out.to_str().unwrap(),
        "--api-handler-binary",
        binary.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entry = &manifest["assets"][0];
    assert_eq!(entry["name"], "api-handler");
    assert_eq!(entry["destination"]["key"], asset.s3_key());
    assert_eq!(entry["destination"]["keyParameter"], "ArtifactKey");
    assert!(out.join(entry["file"].as_str().unwrap()).is_file());
    assert!(out.join("template.yaml").is_file());
    // The aggregator's hash is another artifact's: refused.
    std::fs::write(
        dir.join("bootstrap.source-hash"),
        zael::assets::aggregator().source_hash,
    )
    .unwrap();
    let stale = common::zael([
        "synth",
        "--blueprint",
        "api",
        "--out",
        dir.join("out2").to_str().unwrap(),
        "--api-handler-binary",
        binary.to_str().unwrap(),
    ]);
    assert_eq!(stale.status.code(), Some(2));
    assert!(common::stderr(&stale).contains("was built from other sources"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn each_artifact_has_its_own_source_hash() {
    let output = common::zael(["asset-hash", "--asset", "api-handler"]);
    assert!(output.status.success());
    let hash = common::stdout(&output);
    assert_eq!(hash.trim(), zael::assets::api_handler().source_hash);
    assert_ne!(hash.trim(), zael::assets::aggregator().source_hash);
    let root = common::root();
    assert_eq!(
        zael::assets::source_hash::crate_source_hash(
            &root,
            zael::assets::source_hash::API_HANDLER_CRATE
        ),
        zael::assets::api_handler().source_hash
    );
}

/// AWS's managed rule groups for known bad inputs and the IP reputation list run before the
/// rate rule, each with the group's own actions, and each can be turned off.
#[test]
fn waf_runs_aws_managed_rule_groups_by_default_and_each_can_be_turned_off() {
    let doc = synth(ApiOptions::default());
    let rules = props(&doc, "WebAcl")["Rules"].as_array().unwrap();
    let managed: Vec<(&Value, &Value, &Value)> = rules
        .iter()
        .filter_map(|r| {
            let group = &r["Statement"]["ManagedRuleGroupStatement"];
            group
                .is_object()
                .then(|| (&group["Name"], &r["Priority"], &r["OverrideAction"]))
        })
        .collect();
    assert_eq!(
        managed,
        [
            (
                &json!("AWSManagedRulesAmazonIpReputationList"),
                &json!(0),
                &json!({"None": {}})
            ),
            (
                &json!("AWSManagedRulesKnownBadInputsRuleSet"),
                &json!(1),
                &json!({"None": {}})
            ),
        ]
    );
    for rule in rules {
        // A rule group takes an OverrideAction, never an Action.
        let group = rule["Statement"].get("ManagedRuleGroupStatement").is_some();
        assert_eq!(rule.get("Action").is_none(), group, "{rule}");
        assert_eq!(
            rule["Statement"]["ManagedRuleGroupStatement"]
                .get("VendorName")
                .is_some(),
            group
        );
    }

    let doc = common::synth_json(&["--blueprint", "api", "--no-waf-known-bad-inputs"]);
    let names: Vec<&Value> = props(&doc, "WebAcl")["Rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["Name"])
        .collect();
    assert_eq!(names, ["AwsIpReputationList", "RateLimitPerIp"]);

    let doc = synth(ApiOptions {
        waf_known_bad_inputs: false,
        waf_ip_reputation: false,
        ..ApiOptions::default()
    });
    let rules = props(&doc, "WebAcl")["Rules"].as_array().unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["Priority"], 0);

    // Capacity: 25 + 200 + 2 of the 1,500 units a web ACL may use.
    assert_eq!(
        api::waf::capacity_units(&api::waf::managed_groups(&ApiOptions::default())),
        227
    );
}

/// The handler may open HTTPS to DynamoDB's prefix list only, not to any address.
#[test]
fn the_handler_sends_https_to_dynamodbs_prefix_list_only() {
    let doc = synth(ApiOptions::default());
    let group = props(&doc, "HandlerSecurityGroup");
    assert_eq!(group["SecurityGroupEgress"].as_array().unwrap().len(), 1);
    let egress = &group["SecurityGroupEgress"][0];
    assert_eq!(
        egress["DestinationPrefixListId"],
        json!({"Ref": "DynamoDbPrefixListId"})
    );
    assert_eq!(
        (&egress["FromPort"], &egress["ToPort"]),
        (&json!(443), &json!(443))
    );
    assert!(egress.get("CidrIp").is_none());
    let parameter = &doc["Parameters"]["DynamoDbPrefixListId"];
    assert_eq!(parameter["Type"], "String");
    assert_eq!(
        parameter["AllowedPattern"],
        "^pl-[0-9a-f]{8}([0-9a-f]{9})?$"
    );
    assert!(
        parameter.get("Default").is_none(),
        "regional: given at deploy"
    );
}

/// `--usage-plan` replaces the seed's plans; the stage must cover the highest.
#[test]
fn usage_plans_come_from_the_flag_and_the_stage_must_cover_the_highest() {
    let output = common::zael([
        "synth",
        "--blueprint",
        "api",
        "--format",
        "json",
        "--usage-plan",
        "Gold=500/1000/1000000",
        "--usage-plan",
        "Free=5/10/100",
        "--api-rate-limit",
        "500",
        "--api-burst-limit",
        "1000",
        "--handler-reserved-concurrency",
        "500",
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let doc: Value = serde_json::from_str(&common::stdout(&output)).unwrap();
    let plans = resources_of_type(&doc, "AWS::ApiGateway::UsagePlan");
    assert_eq!(plans.len(), 2, "the flag replaces Standard and Premium");
    let gold = props(&doc, "GoldUsagePlan");
    assert_eq!(
        gold["Throttle"],
        json!({"RateLimit": 500.0, "BurstLimit": 1000})
    );
    assert_eq!(gold["Quota"], json!({"Limit": 1_000_000, "Period": "DAY"}));
    assert_eq!(gold["UsagePlanName"], "ZAEL-movies-api-gold");
    assert_eq!(
        gold["Description"],
        "Gold: 500 requests/s, burst 1000, 1000000 requests a day"
    );
    assert_eq!(
        props(&doc, "FreeUsagePlanKey")["KeyId"],
        json!({"Ref": "FreeApiKey"})
    );
    assert_eq!(
        doc["Outputs"]["GoldApiKeyId"]["Value"],
        json!({"Ref": "GoldApiKey"})
    );
    assert!(doc["Outputs"].get("PremiumApiKeyId").is_none());
    assert!(common::stderr(&output).is_empty(), "aligned: no warning");

    // The stage (default 100/s, burst 200) would cap Gold's promise.
    let refused = |extra: &[&str]| {
        let mut args = vec!["synth", "--blueprint", "api"];
        args.extend_from_slice(extra);
        refusal(&common::zael(&args), extra)
    };
    assert_eq!(
        refused(&["--usage-plan", "Gold=500/1000/1000000"]),
        "error: invalid value '100' for '--api-rate-limit': the Gold usage plan promises 500 requests/s, so the stage must allow at least that; raise --api-rate-limit or lower the plan's rate (--usage-plan)"
    );
    assert_eq!(
        refused(&["--usage-plan", "Gold=50/1000/1000000"]),
        "error: invalid value '200' for '--api-burst-limit': the Gold usage plan promises a burst of 1000, so the stage must allow at least that; raise --api-burst-limit or lower the plan's burst (--usage-plan)"
    );
    assert_eq!(
        refused(&["--usage-plan", "Gold=5/10/10", "--usage-plan", "gold=5/10/10"]),
        "error: --usage-plan (profile key usage_plans): plan gold is given twice (names are compared ignoring case); give each plan once"
    );
    for bad in [
        "Gold",
        "Gold=1/2",
        "my-plan=1/2/3",
        "Gold=0/1/1",
        "Gold=1/1/0",
    ] {
        let message = refused(&["--usage-plan", bad]);
        assert!(message.contains("'--usage-plan"), "{bad}: {message}");
    }
}

/// Seed 003: "ensure Lambda reserved concurrency and API Gateway throttle limits are aligned".
#[test]
fn a_stage_rate_the_reserved_concurrency_cannot_serve_is_warned_with_the_arithmetic() {
    let output = common::zael([
        "synth",
        "--blueprint",
        "api",
        "--api-rate-limit",
        "300",
        "--api-burst-limit",
        "600",
        "--handler-reserved-concurrency",
        "50",
    ]);
    assert_eq!(output.status.code(), Some(0), "a warning, not an error");
    assert!(common::stdout(&output).starts_with("AWSTemplateFormatVersion"));
    assert_eq!(
        common::stderr(&output).trim_end(),
        "warning: --api-rate-limit 300 outruns --handler-reserved-concurrency 50: at up to 1 s per request (seed 003 aligns the two one to one), 300 requests/s × 1 s = 300 executions, but 50 are reserved, so Lambda throttles past 50 ÷ 1 s = 50 requests/s and clients get errors instead of the stage's 429; raise --handler-reserved-concurrency to 300 or lower --api-rate-limit to 50"
    );
    let aligned = common::zael(["synth", "--blueprint", "api"]);
    assert!(
        common::stderr(&aligned).is_empty(),
        "the seed's 100 and 100 are aligned"
    );
}
