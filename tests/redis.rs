//! What the Redis tier's template must contain (seed 004 and issue #7), asserted on the
//! synthesized document.

mod common;

use common::{
    assert_exported_under_stack_name, assert_removal_policy, longest_name, props,
    resources_of_type, synth,
};
use serde_json::{json, Value};
use zael::blueprint::OptionsError;
use zael::stacks::redis::{
    self, DailyWindow, EngineVersion, Network, NodeType, RedisOptions, RedisOptionsError,
    WeeklyWindow,
};
use zael::synth::{document, SynthError};
use zael::validate;

fn existing_vpc() -> Network {
    Network::Existing {
        vpc_id: "vpc-0123456789abcdef0".into(),
        subnet_ids: Some(vec![
            "subnet-0123456789abcdef0".into(),
            "subnet-0fedcba9876543210".into(),
        ]),
        client_security_group_id: Some("sg-0123456789abcdef0".into()),
    }
}

#[test]
fn replication_group_is_production_grade_as_seed_004_configures_it() {
    let doc = synth(RedisOptions::default());
    let group = &doc["Resources"]["ReplicationGroup"];
    assert_removal_policy(group, "Snapshot");
    let p = &group["Properties"];
    assert_eq!(p["ReplicationGroupId"], "ZAEL-limiter-redis");
    assert_eq!(p["Engine"], "redis");
    assert_eq!(p["EngineVersion"], "7.1");
    // One primary and two replicas.
    assert_eq!(p["NumCacheClusters"], 3);
    assert_eq!(p["AutomaticFailoverEnabled"], true);
    assert_eq!(p["MultiAZEnabled"], true);
    assert_eq!(p["AtRestEncryptionEnabled"], true);
    assert_eq!(p["TransitEncryptionEnabled"], true);
    assert_eq!(p["Port"], 6379);
    assert_eq!(p["SnapshotRetentionLimit"], 7);
    assert_eq!(p["SnapshotWindow"], "03:00-05:00");
    assert_eq!(p["PreferredMaintenanceWindow"], "sun:05:30-sun:06:30");
    assert_eq!(p["CacheNodeType"], json!({"Ref": "CacheNodeType"}));
    let node_type = &doc["Parameters"]["CacheNodeType"];
    assert_eq!(node_type["Default"], "cache.r6g.xlarge");
    assert_eq!(
        node_type["AllowedValues"],
        json!(["cache.r6g.large", "cache.r6g.xlarge", "cache.r6g.2xlarge"])
    );
    assert_eq!(
        p["CacheParameterGroupName"],
        json!({"Ref": "CacheParameterGroup"})
    );
    assert_eq!(
        p["CacheSubnetGroupName"],
        json!({"Ref": "CacheSubnetGroup"})
    );
    assert_eq!(
        p["SecurityGroupIds"],
        json!([{"Fn::GetAtt": ["CacheSecurityGroup", "GroupId"]}])
    );
}

#[test]
fn every_node_type_of_the_cost_table_and_both_engine_versions_are_selectable() {
    for node_type in NodeType::ALL {
        let doc = synth(RedisOptions {
            node_type,
            engine_version: EngineVersion::V7_0,
            ..Default::default()
        });
        assert_eq!(
            doc["Parameters"]["CacheNodeType"]["Default"],
            node_type.as_str()
        );
        assert_eq!(props(&doc, "ReplicationGroup")["EngineVersion"], "7.0");
        assert_eq!(
            props(&doc, "CacheParameterGroup")["CacheParameterGroupFamily"],
            "redis7"
        );
    }
}

#[test]
fn the_auth_token_is_generated_in_secrets_manager_and_only_referenced() {
    let doc = synth(RedisOptions::default());
    let secret = props(&doc, "AuthTokenSecret");
    assert_eq!(secret["Name"], "ZAEL-limiter-redis-auth");
    let generated = &secret["GenerateSecretString"];
    // ElastiCache takes 16-128 characters without `/`, `"` or `@`: letters and digits only.
    assert_eq!(generated["PasswordLength"], 64);
    assert_eq!(generated["ExcludePunctuation"], true);
    assert_eq!(generated["IncludeSpace"], false);
    assert!(secret.get("SecretString").is_none());
    assert_eq!(
        props(&doc, "ReplicationGroup")["AuthToken"],
        json!({"Fn::Sub": "{{resolve:secretsmanager:${AuthTokenSecret}:SecretString}}"})
    );
    // AUTH needs transit encryption, which is on.
    assert_eq!(
        props(&doc, "ReplicationGroup")["TransitEncryptionEnabled"],
        true
    );
    // Outputs name the secret, never its value.
    let outputs = serde_json::to_string(&doc["Outputs"]).unwrap();
    assert!(!outputs.contains("resolve:secretsmanager"), "{outputs}");
    assert_eq!(
        doc["Outputs"]["AuthTokenSecretArn"]["Value"],
        json!({"Ref": "AuthTokenSecret"})
    );
    let parameters = serde_json::to_string(&doc["Parameters"]).unwrap();
    assert!(!parameters.to_lowercase().contains("auth"), "{parameters}");
}

#[test]
fn the_parameter_group_carries_the_seeds_redis_conf_where_elasticache_allows_it() {
    let doc = synth(RedisOptions::default());
    let group = props(&doc, "CacheParameterGroup");
    assert_eq!(group["CacheParameterGroupFamily"], "redis7");
    assert_eq!(
        group["Properties"],
        json!({"maxmemory-policy": "allkeys-lru", "timeout": "0", "tcp-keepalive": "300"})
    );
    assert_eq!(
        redis::ENGINE_SETTINGS.map(|(name, _)| name),
        ["maxmemory-policy", "timeout", "tcp-keepalive"]
    );
}

#[test]
fn the_default_network_is_an_isolated_vpc_over_two_availability_zones() {
    let doc = synth(RedisOptions::default());
    let vpc = props(&doc, "CacheVpc");
    assert_eq!(vpc["CidrBlock"], redis::VPC_CIDR);
    assert_eq!(vpc["EnableDnsSupport"], true);
    let subnets = resources_of_type(&doc, "AWS::EC2::Subnet");
    assert_eq!(subnets.len(), 2);
    for (index, (_, subnet)) in subnets.iter().enumerate() {
        let p = &subnet["Properties"];
        assert_eq!(p["VpcId"], json!({"Ref": "CacheVpc"}));
        assert_eq!(p["CidrBlock"], redis::SUBNET_CIDRS[index]);
        assert_eq!(p["MapPublicIpOnLaunch"], false);
        assert_eq!(
            p["AvailabilityZone"],
            json!({"Fn::Select": [index, {"Fn::GetAZs": ""}]})
        );
    }
    // Private: nothing routes to or from the internet.
    for kind in [
        "AWS::EC2::InternetGateway",
        "AWS::EC2::NatGateway",
        "AWS::EC2::Route",
    ] {
        assert!(resources_of_type(&doc, kind).is_empty(), "{kind}");
    }
    assert_eq!(
        props(&doc, "CacheSubnetGroup")["SubnetIds"],
        json!([{"Ref": "CacheSubnet1"}, {"Ref": "CacheSubnet2"}])
    );
    assert_eq!(
        doc["Outputs"]["ClientSecurityGroupId"]["Value"],
        json!({"Fn::GetAtt": ["ClientSecurityGroup", "GroupId"]})
    );
    assert!(doc["Parameters"].get("VpcId").is_none());
}

/// Every ingress rule of the template, inline or standalone, as (group, rule).
fn ingress_rules(doc: &Value) -> Vec<(Value, Value)> {
    let mut rules = Vec::new();
    for (id, group) in resources_of_type(doc, "AWS::EC2::SecurityGroup") {
        for rule in group["Properties"]["SecurityGroupIngress"]
            .as_array()
            .into_iter()
            .flatten()
        {
            rules.push((json!({"Fn::GetAtt": [id, "GroupId"]}), rule.clone()));
        }
    }
    for (_, ingress) in resources_of_type(doc, "AWS::EC2::SecurityGroupIngress") {
        let p = &ingress["Properties"];
        rules.push((p["GroupId"].clone(), p.clone()));
    }
    rules
}

#[test]
fn only_the_client_security_group_may_reach_the_cache_and_only_on_6379() {
    for (options, client) in [
        (
            RedisOptions::default(),
            json!({"Fn::GetAtt": ["ClientSecurityGroup", "GroupId"]}),
        ),
        (
            RedisOptions {
                network: existing_vpc(),
                ..Default::default()
            },
            json!({"Ref": "ClientSecurityGroupId"}),
        ),
    ] {
        let doc = synth(options);
        let rules = ingress_rules(&doc);
        assert_eq!(rules.len(), 1, "{rules:?}");
        let (group, rule) = &rules[0];
        assert_eq!(
            group,
            &json!({"Fn::GetAtt": ["CacheSecurityGroup", "GroupId"]})
        );
        assert_eq!(rule["IpProtocol"], "tcp");
        assert_eq!(rule["FromPort"], 6379);
        assert_eq!(rule["ToPort"], 6379);
        assert_eq!(rule["SourceSecurityGroupId"], client);
        assert!(rule.get("CidrIp").is_none() && rule.get("CidrIpv6").is_none());
        // The nodes' own group sends nothing: its one egress rule matches no traffic.
        let egress = &props(&doc, "CacheSecurityGroup")["SecurityGroupEgress"];
        assert_eq!(
            egress,
            &json!([{"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86,
                     "CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic"}])
        );
    }
    // A created client group may reach the cache on 6379, and nothing else.
    let doc = synth(RedisOptions::default());
    assert_eq!(
        props(&doc, "ClientSecurityGroup")["SecurityGroupEgress"],
        json!([{"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379,
                "DestinationSecurityGroupId": {"Fn::GetAtt": ["CacheSecurityGroup", "GroupId"]},
                "Description": "Redis on the cache nodes"}])
    );
}

#[test]
fn an_existing_vpc_is_given_by_typed_parameters_whose_defaults_come_from_the_options() {
    let doc = synth(RedisOptions {
        network: existing_vpc(),
        ..Default::default()
    });
    let p = &doc["Parameters"];
    assert_eq!(p["VpcId"]["Type"], "AWS::EC2::VPC::Id");
    assert_eq!(p["VpcId"]["Default"], "vpc-0123456789abcdef0");
    assert_eq!(p["SubnetIds"]["Type"], "List<AWS::EC2::Subnet::Id>");
    assert_eq!(
        p["SubnetIds"]["Default"],
        "subnet-0123456789abcdef0,subnet-0fedcba9876543210"
    );
    assert_eq!(
        p["ClientSecurityGroupId"]["Type"],
        "AWS::EC2::SecurityGroup::Id"
    );
    assert_eq!(
        p["ClientSecurityGroupId"]["Default"],
        "sg-0123456789abcdef0"
    );
    for kind in ["AWS::EC2::VPC", "AWS::EC2::Subnet"] {
        assert!(resources_of_type(&doc, kind).is_empty(), "{kind}");
    }
    assert!(doc["Resources"].get("ClientSecurityGroup").is_none());
    assert_eq!(
        props(&doc, "CacheSecurityGroup")["VpcId"],
        json!({"Ref": "VpcId"})
    );
    assert_eq!(
        props(&doc, "CacheSubnetGroup")["SubnetIds"],
        json!({"Ref": "SubnetIds"})
    );
    assert!(doc["Outputs"].get("VpcId").is_none());

    // IDs not given at synth are asked for at deploy.
    let doc = synth(RedisOptions {
        network: Network::Existing {
            vpc_id: "vpc-0123456789abcdef0".into(),
            subnet_ids: None,
            client_security_group_id: None,
        },
        ..Default::default()
    });
    assert!(doc["Parameters"]["SubnetIds"].get("Default").is_none());
    assert!(doc["Parameters"]["ClientSecurityGroupId"]
        .get("Default")
        .is_none());
}

#[test]
fn slow_and_engine_logs_go_to_cloudwatch_logs_as_json_with_retention() {
    let doc = synth(RedisOptions {
        log_retention_days: 90,
        ..Default::default()
    });
    assert_eq!(doc["Parameters"]["LogRetentionDays"]["Default"], 90);
    let deliveries = &props(&doc, "ReplicationGroup")["LogDeliveryConfigurations"];
    for (index, (log_type, group)) in [
        ("slow-log", "SlowLogGroup"),
        ("engine-log", "EngineLogGroup"),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            deliveries[index],
            json!({"LogType": log_type, "LogFormat": "json", "DestinationType": "cloudwatch-logs",
                   "DestinationDetails": {"CloudWatchLogsDetails": {"LogGroup": {"Ref": group}}}})
        );
        let log_group = props(&doc, group);
        assert_eq!(
            log_group["LogGroupName"],
            format!("/aws/vendedlogs/elasticache/ZAEL-limiter-redis/{log_type}")
        );
        assert_eq!(
            log_group["RetentionInDays"],
            json!({"Ref": "LogRetentionDays"})
        );
    }
}

#[test]
fn every_node_has_the_seven_alarms_with_parameter_thresholds_all_notifying_the_topic() {
    let doc = synth(RedisOptions::default());
    let alarms = resources_of_type(&doc, "AWS::CloudWatch::Alarm");
    assert_eq!(alarms.len(), 3 * 7);
    let expected = [
        (
            "EngineCpuAlarm",
            "EngineCPUUtilization",
            "Average",
            "EngineCpuAlarmThreshold",
            90,
        ),
        (
            "MemoryUsageAlarm",
            "DatabaseMemoryUsagePercentage",
            "Maximum",
            "MemoryUsageAlarmThreshold",
            80,
        ),
        (
            "EvictionsAlarm",
            "Evictions",
            "Sum",
            "EvictionsAlarmThreshold",
            0,
        ),
        (
            "ConnectionsAlarm",
            "CurrConnections",
            "Maximum",
            "ConnectionsAlarmThreshold",
            5000,
        ),
        (
            "ReplicationLagAlarm",
            "ReplicationLag",
            "Average",
            "ReplicationLagAlarmThreshold",
            5,
        ),
        // Seed 004: P99 latency over 5 ms (5000 µs, the metric's unit) for 2 minutes.
        (
            "ReadLatencyAlarm",
            "SuccessfulReadRequestLatency",
            "p99",
            "LatencyP99AlarmThreshold",
            5000,
        ),
        (
            "WriteLatencyAlarm",
            "SuccessfulWriteRequestLatency",
            "p99",
            "LatencyP99AlarmThreshold",
            5000,
        ),
    ];
    for node in ["001", "002", "003"] {
        for (suffix, metric, statistic, parameter, default) in expected {
            let id = format!("Node{node}{suffix}");
            let a = props(&doc, &id);
            assert_eq!(a["Namespace"], "AWS/ElastiCache", "{id}");
            assert_eq!(a["MetricName"], metric, "{id}");
            if statistic.starts_with('p') {
                // A percentile is an extended statistic; CloudWatch refuses both at once.
                assert_eq!(a["ExtendedStatistic"], statistic, "{id}");
                assert!(a.get("Statistic").is_none(), "{id}");
                assert_eq!(
                    (a["Period"].clone(), a["EvaluationPeriods"].clone()),
                    (json!(60), json!(2)),
                    "{id}"
                );
            } else {
                assert_eq!(a["Statistic"], statistic, "{id}");
                assert!(a.get("ExtendedStatistic").is_none(), "{id}");
            }
            // CloudWatch names the members in lower case, whatever the group ID's case.
            assert_eq!(
                a["Dimensions"],
                json!([{"Name": "CacheClusterId", "Value": format!("zael-limiter-redis-{node}")}]),
                "{id}"
            );
            assert_eq!(a["Threshold"], json!({"Ref": parameter}), "{id}");
            assert_eq!(a["ComparisonOperator"], "GreaterThanThreshold", "{id}");
            assert_eq!(a["AlarmActions"], json!([{"Ref": "AlarmTopic"}]), "{id}");
            assert_eq!(a["OKActions"], json!([{"Ref": "AlarmTopic"}]), "{id}");
            // The description quotes the deployed threshold, so the two never disagree.
            let description = a["AlarmDescription"]["Fn::Sub"].as_str().unwrap();
            assert!(
                description.contains(&format!("{metric} ({statistic}) > ${{{parameter}}}")),
                "{id}: {description}"
            );
            let threshold = &doc["Parameters"][parameter];
            assert_eq!(threshold["Type"], "Number", "{parameter}");
            assert_eq!(threshold["Default"], default, "{parameter}");
            assert!(threshold["MinValue"].is_i64() && threshold["MaxValue"].is_i64());
        }
    }
    // ElastiCache events go to the same topic.
    assert_eq!(
        props(&doc, "ReplicationGroup")["NotificationTopicArn"],
        json!({"Ref": "AlarmTopic"})
    );
}

#[test]
fn more_replicas_mean_more_nodes_and_more_alarms() {
    let doc = synth(RedisOptions {
        replicas: 5,
        ..Default::default()
    });
    assert_eq!(props(&doc, "ReplicationGroup")["NumCacheClusters"], 6);
    assert_eq!(
        resources_of_type(&doc, "AWS::CloudWatch::Alarm").len(),
        6 * 7
    );
    assert_eq!(
        props(&doc, "Node006ReplicationLagAlarm")["Dimensions"][0]["Value"],
        "zael-limiter-redis-006"
    );
}

#[test]
fn an_existing_topic_is_notified_and_none_is_created() {
    let topic = "arn:aws:sns:us-east-1:123456789012:alerts";
    let doc = synth(RedisOptions {
        alarm_sns_topic: Some(topic.into()),
        ..Default::default()
    });
    assert!(resources_of_type(&doc, "AWS::SNS::Topic").is_empty());
    for (id, alarm) in resources_of_type(&doc, "AWS::CloudWatch::Alarm") {
        assert_eq!(alarm["Properties"]["AlarmActions"], json!([topic]), "{id}");
    }
    assert_eq!(
        props(&doc, "ReplicationGroup")["NotificationTopicArn"],
        topic
    );
    // Without one, the stack's own topic is not under alias/aws/sns, which CloudWatch
    // cannot publish to.
    let doc = synth(RedisOptions::default());
    assert!(props(&doc, "AlarmTopic").get("KmsMasterKeyId").is_none());
}

#[test]
fn outputs_give_endpoints_port_secret_and_security_groups_exported_by_stack_name() {
    let doc = synth(RedisOptions::default());
    let outputs = doc["Outputs"].as_object().unwrap();
    let value = |id: &str| outputs[id]["Value"].clone();
    assert_eq!(
        value("PrimaryEndpointAddress"),
        json!({"Fn::GetAtt": ["ReplicationGroup", "PrimaryEndPoint.Address"]})
    );
    assert_eq!(
        value("ReaderEndpointAddress"),
        json!({"Fn::GetAtt": ["ReplicationGroup", "ReaderEndPoint.Address"]})
    );
    assert_eq!(
        value("Port"),
        json!({"Fn::GetAtt": ["ReplicationGroup", "PrimaryEndPoint.Port"]})
    );
    assert_eq!(
        value("AuthTokenSecretArn"),
        json!({"Ref": "AuthTokenSecret"})
    );
    assert_eq!(
        value("CacheSecurityGroupId"),
        json!({"Fn::GetAtt": ["CacheSecurityGroup", "GroupId"]})
    );
    assert_exported_under_stack_name(outputs);
}

#[test]
fn options_elasticache_would_reject_are_refused_before_any_template() {
    let overlapping = RedisOptions {
        snapshot_window: DailyWindow::parse("03:00-05:00").unwrap(),
        maintenance_window: WeeklyWindow::parse("fri:04:30-fri:05:30").unwrap(),
        ..Default::default()
    };
    match document(&overlapping) {
        Err(SynthError::Options(OptionsError::Redis(RedisOptionsError::WindowsOverlap {
            overlap,
            ..
        }))) => {
            assert_eq!(overlap.to_string(), "fri 04:30-05:00");
        }
        other => panic!("expected an overlap, got {other:?}"),
    }
    for replicas in [0, 6] {
        let options = RedisOptions {
            replicas,
            ..Default::default()
        };
        assert!(matches!(
            document(&options),
            Err(SynthError::Options(OptionsError::Redis(RedisOptionsError::Replicas(n)))) if n == replicas
        ));
    }
}

#[test]
fn a_name_too_long_for_the_replication_group_id_is_refused_with_the_excess() {
    // 40 - len("ZAEL-") - len("-redis") = 29.
    let finding = longest_name(
        |name| RedisOptions {
            name,
            ..Default::default()
        },
        29,
    );
    assert_eq!(
        finding.path,
        "Resources.ReplicationGroup.Properties.ReplicationGroupId"
    );
}

#[test]
fn every_reference_of_every_variant_resolves() {
    for options in [
        RedisOptions::default(),
        RedisOptions {
            network: existing_vpc(),
            alarm_sns_topic: Some("arn:aws:sns:us-east-1:123456789012:alerts".into()),
            replicas: 1,
            ..Default::default()
        },
    ] {
        let doc = redis::build(&options).to_document();
        assert_eq!(validate::references(&doc), vec![]);
    }
}
