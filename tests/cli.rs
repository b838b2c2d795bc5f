//! The `zael` binary as a user runs it: exit codes, stdout hygiene, one-line errors.

mod common;

use common::{assert_each_refused, stderr, stdout, zael};
use serde_json::Value;

#[test]
fn synth_prints_only_the_template_and_exits_zero() {
    let output = zael(["synth"]);
    assert!(output.status.success());
    assert_eq!(stderr(&output), "");
    let yaml = stdout(&output);
    assert!(yaml.starts_with("AWSTemplateFormatVersion: '2010-09-09'\n"));
    let document: Value = serde_norway::from_str(&yaml).unwrap();
    assert!(document["Resources"]["RateLimitsTable"].is_object());
}

#[test]
fn yaml_and_json_carry_the_same_document_for_every_variant() {
    for (name, flags) in common::variants() {
        let run = |format: &str| {
            let mut args = vec!["synth".to_string(), "--format".into(), format.into()];
            args.extend(flags.iter().cloned());
            let output = zael(&args);
            assert!(output.status.success(), "{name}: {}", stderr(&output));
            stdout(&output)
        };
        let from_yaml: Value = serde_norway::from_str(&run("yaml")).unwrap();
        let from_json: Value = serde_json::from_str(&run("json")).unwrap();
        assert_eq!(from_yaml, from_json, "{name}");
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_working_directories() {
    let elsewhere = std::env::temp_dir();
    for format in ["yaml", "json"] {
        let args = [
            "synth",
            "--format",
            format,
            "--name",
            "prod",
            "--pitr-recovery-days",
            "7",
        ];
        let first = zael(args).stdout;
        assert_eq!(zael(args).stdout, first);
        assert_eq!(common::zael_in(&elsewhere, args).stdout, first);
    }
}

/// Each bad value: exit 2, nothing on stdout, exactly this one line on stderr.
#[test]
fn bad_values_name_the_flag_the_value_and_what_is_allowed() {
    let cases: &[(&[&str], &str)] = &[
        (&["--lambda-memory", "64"], "error: invalid value '64' for '--lambda-memory <MB>': must be from 128 to 10240 MB"),
        (&["--lambda-memory", "10241"], "error: invalid value '10241' for '--lambda-memory <MB>': must be from 128 to 10240 MB"),
        (&["--lambda-timeout", "0"], "error: invalid value '0' for '--lambda-timeout <SECONDS>': must be from 1 to 900 seconds"),
        (&["--lambda-timeout", "soon"], "error: invalid value 'soon' for '--lambda-timeout <SECONDS>': expected a whole number from 1 to 900 seconds"),
        (&["--lambda-reserved-concurrency", "0"], "error: invalid value '0' for '--lambda-reserved-concurrency <N>': must be from 1 to 1000 concurrent executions"),
        (&["--lambda-duration-threshold-pct", "101"], "error: invalid value '101' for '--lambda-duration-threshold-pct <PCT>': must be from 1 to 100 percent"),
        (&["--pitr-recovery-days", "36"], "error: invalid value '36' for '--pitr-recovery-days <DAYS>': must be from 1 to 35 days"),
        (&["--pitr-recovery-days", "0"], "error: invalid value '0' for '--pitr-recovery-days <DAYS>': must be from 1 to 35 days"),
        (&["--log-retention-days", "31"], "error: invalid value '31' for '--log-retention-days <DAYS>': CloudWatch Logs allows 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
        (&["--snapshot-retention-days", "3651"], "error: invalid value '3651' for '--snapshot-retention-days <DAYS>': must be from 1 to 3650 days"),
        (&["--snapshot-windows", "weekly"], "error: invalid value 'weekly' for '--snapshot-windows <LIST>': unknown window \"weekly\"; expected a comma-separated list of hourly, daily, monthly"),
        (&["--alarm-sns-topic", "alerts"], "error: invalid value 'alerts' for '--alarm-sns-topic <ARN>': expected arn:aws:sns:<region>:<12-digit account id>:<topic name>"),
        (&["--permission-boundary", "arn:aws:iam::123:policy/B"], "error: invalid value 'arn:aws:iam::123:policy/B' for '--permission-boundary <POLICY>': expected a policy ARN arn:aws:iam::<12-digit account id>:policy/<name> or a policy name"),
        (&["--role-name-format", "PowerUserPB"], "error: invalid value 'PowerUserPB' for '--role-name-format <FORMAT>': must contain exactly one {} placeholder, e.g. PowerUserPB-{}"),
        (&["--name", "my_app"], "error: invalid value 'my_app' for '--name <NAME>': underscores are not allowed in names that become Lambda and IAM names; use letters, digits and hyphens, starting with a letter"),
        (&["--name", "my.app"], "error: invalid value 'my.app' for '--name <NAME>': dots are not allowed in names that become SQS queue and Lambda names; use letters, digits and hyphens, starting with a letter"),
        (&["--name", "9lives"], "error: invalid value '9lives' for '--name <NAME>': must start with a letter; use letters, digits and hyphens, starting with a letter"),
        (&["--billing-mode", "provisioned"], "error: --billing-mode provisioned needs both --read-capacity and --write-capacity"),
        (&["--read-capacity", "5"], "error: --read-capacity and --write-capacity need --billing-mode provisioned; on-demand tables take no capacity"),
        (&["--stream-batch-size", "10001"], "error: invalid value '10001' for '--stream-batch-size <N>': must be from 1 to 10000 records"),
        (&["--stream-batching-window", "301"], "error: invalid value '301' for '--stream-batching-window <SECONDS>': must be from 0 to 300 seconds"),
        (&["--artifact-bucket", "Bad_Bucket"], "error: invalid value 'Bad_Bucket' for '--artifact-bucket <BUCKET>': an S3 bucket name is 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit"),
        (&["--format", "xml"], "error: invalid value 'xml' for '--format <FORMAT>': possible values: yaml, json (a similar value exists: 'yaml')"),
        (&["--nme", "x"], "error: unexpected argument '--nme' found (a similar argument exists: '--name')"),
    ];
    assert_each_refused(&["synth"], cases);
}

#[test]
fn every_name_the_name_rule_allows_fits_every_physical_name() {
    // The longest function name is ZAEL-{name}-zael-agg: 5 + 50 + 9 = 64, Lambda's limit.
    let output = zael(["synth", "--name", &format!("a{}", "b".repeat(49))]);
    assert!(output.status.success(), "{}", stderr(&output));
    let template = String::from_utf8(output.stdout).unwrap();
    assert!(template.contains(&format!(
        "FunctionName: ZAEL-a{}-zael-agg\n",
        "b".repeat(49)
    )));
    // The stack-name rule of the deploy CLI: ZAEL-{name} at most 55 characters.
    let output = zael([
        "synth",
        "--no-aggregator",
        "--name",
        &format!("a{}", "b".repeat(50)),
    ]);
    assert_eq!(
        stderr(&output),
        format!(
            "error: invalid value 'a{}' for '--name <NAME>': is 51 characters; at most 50, so that \
             the stack name ZAEL-{{name}} stays within 55 and leaves room for the suffixes of IAM \
             role names (64 characters at most); shorten it by 1 character\n",
            "b".repeat(50)
        )
    );
}

#[test]
fn a_role_name_format_that_overflows_iam_names_blames_both_flags() {
    let name = "abcdefghijabcdefghijabcdefghijabcdefghijabcd";
    let output = zael([
        "synth",
        "--name",
        name,
        "--role-name-format",
        "PowerUserPB-{}",
        "--create-iam-roles",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with("is 67 characters; at most 64 are allowed; shorten --name or --role-name-format by 3 characters\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_last_of_a_flag_pair_wins() {
    let run = |args: &[&str]| -> Value {
        let mut all = vec!["synth", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_slice(&zael(&all).stdout).unwrap()
    };
    let off = run(&["--enable-aggregator", "--no-aggregator"]);
    assert!(off["Resources"].get("AggregatorFunction").is_none());
    let on = run(&["--no-aggregator", "--enable-aggregator"]);
    assert!(on["Resources"].get("AggregatorFunction").is_some());
    let no_alarms = run(&["--no-alarms"]);
    assert!(no_alarms["Resources"]
        .get("TableReadThrottleAlarm")
        .is_none());
}

#[test]
fn help_lists_every_flag_of_the_seeds_deploy_cli() {
    let output = zael(["synth", "--help"]);
    assert!(output.status.success());
    let help = stdout(&output);
    for flag in [
        "--name",
        "--enable-aggregator",
        "--no-aggregator",
        "--enable-alarms",
        "--no-alarms",
        "--alarm-sns-topic",
        "--log-retention-days",
        "--pitr-recovery-days",
        "--permission-boundary",
        "--role-name-format",
        "--lambda-memory",
        "--lambda-timeout",
        "--lambda-reserved-concurrency",
        "--snapshot-windows",
        "--snapshot-retention-days",
        "--format",
    ] {
        assert!(help.contains(flag), "help lacks {flag}");
    }
}

#[test]
fn no_subcommand_is_a_usage_error() {
    let output = zael::<[&str; 0], &str>([]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(output.stdout, b"");
}

#[test]
fn synth_blueprint_redis_prints_only_the_redis_template() {
    let output = zael(["synth", "--blueprint", "redis"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let document: Value = serde_norway::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        document["Resources"]["ReplicationGroup"]["Type"],
        "AWS::ElastiCache::ReplicationGroup"
    );
    assert!(document["Resources"].get("RateLimitsTable").is_none());
}

/// Each bad value of the Redis tier: exit 2, nothing on stdout, exactly this line on stderr.
#[test]
fn redis_bad_values_name_the_flag_the_value_and_what_is_allowed() {
    let vpc = ["--vpc-id", "vpc-0123456789abcdef0"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--cache-node-type", "cache.t3.micro"], "error: invalid value 'cache.t3.micro' for '--cache-node-type <TYPE>': seed 004's cost table lists cache.r6g.large, cache.r6g.xlarge, cache.r6g.2xlarge"),
        (vec!["--cache-engine-version", "6.2"], "error: invalid value '6.2' for '--cache-engine-version <VERSION>': Redis OSS 7 on ElastiCache is 7.0, 7.1"),
        (vec!["--cache-replicas", "0"], "error: invalid value '0' for '--cache-replicas <N>': must be from 1 to 5 replicas; automatic failover and Multi-AZ need at least one, and ElastiCache allows at most 5 per shard"),
        (vec!["--cache-replicas", "6"], "error: invalid value '6' for '--cache-replicas <N>': must be from 1 to 5 replicas; automatic failover and Multi-AZ need at least one, and ElastiCache allows at most 5 per shard"),
        (vec!["--cache-replicas", "two"], "error: invalid value 'two' for '--cache-replicas <N>': expected a whole number; must be from 1 to 5 replicas; automatic failover and Multi-AZ need at least one, and ElastiCache allows at most 5 per shard"),
        (vec!["--cache-snapshot-retention-days", "0"], "error: invalid value '0' for '--cache-snapshot-retention-days <DAYS>': must be from 1 to 35 days; ElastiCache keeps at most 35, and 0 would turn snapshots off"),
        (vec!["--cache-snapshot-retention-days", "36"], "error: invalid value '36' for '--cache-snapshot-retention-days <DAYS>': must be from 1 to 35 days; ElastiCache keeps at most 35, and 0 would turn snapshots off"),
        (vec!["--cache-snapshot-window", "3:00-5:00"], "error: invalid value '3:00-5:00' for '--cache-snapshot-window <WINDOW>': expected hh24:mi-hh24:mi in UTC, e.g. 03:00-05:00"),
        (vec!["--cache-snapshot-window", "03:00-03:30"], "error: invalid value '03:00-03:30' for '--cache-snapshot-window <WINDOW>': lasts 30 minutes; ElastiCache needs a snapshot window of at least 60 minutes"),
        (vec!["--cache-maintenance-window", "sun-05:30"], "error: invalid value 'sun-05:30' for '--cache-maintenance-window <WINDOW>': expected ddd:hh24:mi-ddd:hh24:mi in UTC, ddd one of sun, mon, tue, wed, thu, fri, sat, e.g. sun:05:30-sun:06:30"),
        (vec!["--cache-maintenance-window", "sun:05:30-sun:06:00"], "error: invalid value 'sun:05:30-sun:06:00' for '--cache-maintenance-window <WINDOW>': lasts 30 minutes; ElastiCache needs a maintenance window of 60 minutes to 24 hours"),
        (vec!["--cache-maintenance-window", "sun:05:00-mon:06:00"], "error: invalid value 'sun:05:00-mon:06:00' for '--cache-maintenance-window <WINDOW>': lasts 25 hours; ElastiCache needs a maintenance window of 60 minutes to 24 hours"),
        (vec!["--cache-maintenance-window", "tue:04:00-tue:06:00"], "error: --cache-maintenance-window 'tue:04:00-tue:06:00' and --cache-snapshot-window '03:00-05:00' share tue 04:00-05:00 UTC; ElastiCache requires the two not to overlap on any day (zael also keeps them from touching)"),
        (vec!["--cache-snapshot-window", "01:00-03:00", "--cache-maintenance-window", "sun:03:00-sun:04:00"], "error: --cache-maintenance-window 'sun:03:00-sun:04:00' and --cache-snapshot-window '01:00-03:00' share sun 03:00 UTC; ElastiCache requires the two not to overlap on any day (zael also keeps them from touching)"),
        (vec!["--cache-snapshot-window", "23:00-01:00", "--cache-maintenance-window", "sat:23:30-sun:00:30"], "error: --cache-maintenance-window 'sat:23:30-sun:00:30' and --cache-snapshot-window '23:00-01:00' share sat 23:30-sun 00:30 UTC; ElastiCache requires the two not to overlap on any day (zael also keeps them from touching)"),
        (vec!["--vpc-id", "vpc-123"], "error: invalid value 'vpc-123' for '--vpc-id <VPC_ID>': expected vpc- and 8 or 17 lowercase hex digits, e.g. vpc-0123456789abcdef0"),
        ([&vpc[..], &["--subnet-ids", "subnet-0123456789abcdef0"]].concat(), "error: invalid value 'subnet-0123456789abcdef0' for '--subnet-ids <IDS>': give at least two distinct subnets, in different availability zones, for Multi-AZ"),
        ([&vpc[..], &["--subnet-ids", "subnet-0123456789abcdef0,subnet-0123456789abcdef0"]].concat(), "error: invalid value 'subnet-0123456789abcdef0,subnet-0123456789abcdef0' for '--subnet-ids <IDS>': give at least two distinct subnets, in different availability zones, for Multi-AZ"),
        ([&vpc[..], &["--subnet-ids", "subnet-0123456789abcdef0,vpc-0123456789abcdef0"]].concat(), "error: invalid value 'subnet-0123456789abcdef0,vpc-0123456789abcdef0' for '--subnet-ids <IDS>': \"vpc-0123456789abcdef0\" is not a subnet ID (subnet- and 8 or 17 lowercase hex digits); give at least two distinct subnets, in different availability zones, for Multi-AZ"),
        ([&vpc[..], &["--client-security-group-id", "sg-xyz"]].concat(), "error: invalid value 'sg-xyz' for '--client-security-group-id <SG_ID>': expected sg- and 8 or 17 lowercase hex digits, e.g. sg-0123456789abcdef0"),
        (vec!["--subnet-ids", "subnet-0123456789abcdef0,subnet-0fedcba9876543210"], "error: --subnet-ids needs --vpc-id: it belongs to an existing VPC, and without --vpc-id the stack creates its own"),
        (vec!["--client-security-group-id", "sg-0123456789abcdef0"], "error: --client-security-group-id needs --vpc-id: it belongs to an existing VPC, and without --vpc-id the stack creates its own"),
        (vec!["--name", "a-"], "error: invalid value 'a-' for '--name': Resources.ReplicationGroup.Properties.ReplicationGroupId: ElastiCache replication group name 'ZAEL-a--redis' contains two consecutive hyphens; use single hyphens between words (via --name)"),
        (vec!["--name", "abcdefghijabcdefghijabcdefghij"], "error: invalid value 'abcdefghijabcdefghijabcdefghij' for '--name': Resources.ReplicationGroup.Properties.ReplicationGroupId: ElastiCache replication group name 'ZAEL-abcdefghijabcdefghijabcdefghij-redis' is 41 characters; at most 40 are allowed; shorten --name by 1 character"),
    ];
    assert_each_refused(&["synth", "--blueprint", "redis"], &cases);
    // The longest name that fits the replication group ID (40 characters) synthesizes.
    assert!(
        zael(["synth", "--blueprint", "redis", "--name", &"a".repeat(29)])
            .status
            .success()
    );
}

#[test]
fn a_flag_of_the_other_blueprint_is_refused_by_name_not_ignored() {
    let cases: &[(&[&str], &str)] = &[
        (&["--blueprint", "redis", "--lambda-memory", "512"], "error: --lambda-memory does not apply to --blueprint redis; it is a flag of --blueprint limiter"),
        (&["--blueprint", "redis", "--no-aggregator"], "error: --no-aggregator does not apply to --blueprint redis; it is a flag of --blueprint limiter"),
        // The first such flag on the command line is the one named.
        (&["--blueprint", "redis", "--pitr-recovery-days", "7", "--cache-replicas", "3", "--billing-mode", "provisioned"], "error: --pitr-recovery-days does not apply to --blueprint redis; it is a flag of --blueprint limiter"),
        (&["--cache-replicas", "3"], "error: --cache-replicas does not apply to --blueprint limiter; it is a flag of --blueprint redis"),
        (&["--blueprint", "limiter", "--vpc-id", "vpc-0123456789abcdef0"], "error: --vpc-id does not apply to --blueprint limiter; it is a flag of --blueprint redis"),
        (&["--blueprint", "memcached"], "error: invalid value 'memcached' for '--blueprint <BLUEPRINT>': possible values: limiter, redis, api"),
    ];
    assert_each_refused(&["synth"], cases);
    // Shared flags apply to both.
    for blueprint in ["limiter", "redis"] {
        let output = zael([
            "synth",
            "--blueprint",
            blueprint,
            "--name",
            "shared",
            "--log-retention-days",
            "90",
            "--alarm-sns-topic",
            "arn:aws:sns:us-east-1:123456789012:alerts",
        ]);
        assert!(output.status.success(), "{blueprint}: {}", stderr(&output));
    }
}

#[test]
fn help_lists_every_flag_of_the_redis_tier() {
    let help = stdout(&zael(["synth", "--help"]));
    for flag in [
        "--blueprint",
        "--cache-node-type",
        "--cache-engine-version",
        "--cache-replicas",
        "--cache-snapshot-retention-days",
        "--cache-snapshot-window",
        "--cache-maintenance-window",
        "--vpc-id",
        "--subnet-ids",
        "--client-security-group-id",
    ] {
        assert!(help.contains(flag), "help lacks {flag}");
    }
}

#[test]
fn top_level_help_names_the_commands_zael_lifecycle_runs() {
    // deploy, status, delete and register never reach clap (zael hands them to
    // zael-lifecycle), so clap's command list alone would hide them.
    let output = zael(["--help"]);
    assert!(output.status.success());
    let help = stdout(&output);
    for command in ["deploy", "status", "delete", "register"] {
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(&format!("{command} "))),
            "`zael --help` does not list {command}:\n{help}"
        );
    }
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_no_failure() {
    // `zael --help | head -3`: the reader is gone before zael writes.
    for args in [&["--help"][..], &["synth", "--help"], &["synth"]] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_zael"))
            .args(args)
            .stdout(writer)
            .output()
            .expect("the zael binary runs");
        assert!(output.status.success(), "{args:?}: {:?}", output.status);
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

#[test]
fn a_one_template_synth_runs_on_glibcs_malloc_and_every_other_command_on_mimalloc() {
    // mimalloc says so on stderr when it sets itself up and `MIMALLOC_VERBOSE` is set. A
    // one-template synth starts faster without it; check and `synth --all` allocate too
    // much for glibc's malloc (src/main.rs).
    let sets_up_mimalloc = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_zael"))
            .args(args)
            .env("MIMALLOC_VERBOSE", "1")
            .output()
            .expect("the zael binary runs");
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stderr(&output).contains("mimalloc: process init")
    };
    assert!(!sets_up_mimalloc(&["synth"]));
    assert!(!sets_up_mimalloc(&[
        "synth",
        "--blueprint",
        "api",
        "--format",
        "json"
    ]));
    assert!(sets_up_mimalloc(&["check"]));
    let stacks = common::root().join("stacks");
    let out = common::scratch("allocator-all");
    let (stacks, out) = (stacks.to_str().unwrap(), out.to_str().unwrap());
    let all = ["synth", "--all", "--stacks-dir", stacks, "--out", out];
    assert!(sets_up_mimalloc(&all));
}
