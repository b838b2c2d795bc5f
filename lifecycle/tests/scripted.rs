//! deploy and delete driven in process (their real code, `deploy::deploy`, `delete::delete`)
//! against scripted CloudFormation, S3 and DynamoDB answers: the failures moto cannot
//! produce. A creation that fails and rolls back, an update whose rollback fails, throttling
//! the SDK's retries absorb and throttling they do not, an expired token, a missing artifact
//! bucket; and a deploy that succeeds with outputs (moto gives change-set stacks none). Each
//! failure says its first cause, the way out of the state it leaves, and exits non-zero.
//! A deletion that fails (DELETE_FAILED). Also the approval of a change set that replaces the
//! table (moto cannot execute one).

mod common;
mod script;

use std::time::Instant;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};
use common::{assert_has_all, assert_starts_with};
use script::{event, Event, Script, Scripted};
use zael_lifecycle::commands::delete::{self, DeleteArgs};
use zael_lifecycle::commands::deploy::{self, DeployArgs};
use zael_lifecycle::console::Console;
use zael_lifecycle::failure::Failure;

const NAME: &str = "ZAEL-scripted";
const STACK: &str = "AWS::CloudFormation::Stack";
const TABLE: &str = "AWS::DynamoDB::Table";
const TOPIC: &str = "AWS::SNS::Topic";

#[derive(Parser)]
struct DeployCli {
    #[command(flatten)]
    args: DeployArgs,
}

#[derive(Parser)]
struct DeleteCli {
    #[command(flatten)]
    args: DeleteArgs,
}

/// Flags as a user types them after `zael deploy`.
fn parsed<C: CommandFactory + FromArgMatches>(flags: &[&str]) -> (C, ArgMatches) {
    let argv = ["zael"]
        .iter()
        .chain(["--name", "scripted", "--poll-ms", "10"].iter())
        .chain(flags.iter());
    let matches = C::command().try_get_matches_from(argv).unwrap();
    (C::from_arg_matches(&matches).unwrap(), matches)
}

/// `zael deploy FLAGS` against the script: its result and what it printed.
async fn deploy_with(
    flags: &[&str],
    scripted: &Scripted,
    console: &mut Console,
) -> Result<u8, Failure> {
    let (cli, matches) = parsed::<DeployCli>(flags);
    let synthesized = cli.args.stack.synthesize(&matches).unwrap();
    let uploads = synthesized
        .uploads(&cli.args.deployment.binaries, &cli.args.parameters)
        .unwrap();
    deploy::deploy(
        &cli.args,
        &synthesized,
        &uploads,
        &scripted.clients,
        console,
        Instant::now(),
    )
    .await
}

/// `zael delete --no-aggregator --yes` against the script: its result and what it printed.
async fn delete_with(scripted: &Scripted, console: &mut Console) -> Result<u8, Failure> {
    let (cli, matches) = parsed::<DeleteCli>(&["--no-aggregator", "--yes"]);
    let synthesized = cli.args.stack.synthesize(&matches).unwrap();
    delete::delete(
        &cli.args,
        &synthesized,
        &scripted.clients,
        console,
        Instant::now(),
    )
    .await
}

/// The template `zael synth FLAGS` makes (the deployed one, in update scripts).
fn synthesized_body(flags: &[&str]) -> String {
    let (cli, matches) = parsed::<DeployCli>(flags);
    cli.args.stack.synthesize(&matches).unwrap().body
}

/// An event of the stack itself.
fn stack_event(id: &'static str, status: &'static str, reason: Option<&'static str>) -> Event {
    event(id, NAME, STACK, status, reason)
}

/// `history[..upto]`, newest first, as DescribeStackEvents gives it.
fn newest_first(history: &[Event], upto: usize) -> Vec<Event> {
    history[..upto].iter().rev().cloned().collect()
}

/// A stack operation as deploy follows it, from the baseline look before the change set is
/// executed to the settled stack.
struct Followed<'a> {
    /// Every event, oldest first; the first is there before the change set runs.
    history: &'a [Event],
    /// DescribeStackEvents answers Throttling this many times right after the execution.
    throttled: usize,
    /// The first look sees `history[..midway]`, the stack still `busy`; the second sees it
    /// all, the stack `settled`.
    midway: usize,
    busy: &'a str,
    settled: &'a str,
    /// The settled stack's status reason and outputs, as the last DescribeStacks gives them.
    reason: Option<&'a str>,
    outputs: &'a [(&'a str, &'a str)],
}

impl<'a> Followed<'a> {
    /// No throttling, and the settled stack without a reason or outputs.
    fn new(history: &'a [Event], midway: usize, busy: &'a str, settled: &'a str) -> Self {
        Followed {
            history,
            throttled: 0,
            midway,
            busy,
            settled,
            reason: None,
            outputs: &[],
        }
    }

    /// The stack followed after the change set is executed.
    fn script(&self, script: &mut Script) {
        self.follow(script, Script::execute);
    }

    /// The stack followed after DeleteStack.
    fn script_deletion(&self, script: &mut Script) {
        self.follow(script, |script| script.cfn("DeleteStack", ""));
    }

    /// The baseline look, `operation`, then the looks until the stack settles.
    fn follow(&self, script: &mut Script, operation: impl FnOnce(&mut Script) -> &mut Script) {
        let all = self.history.len();
        operation(script.events(NAME, &newest_first(self.history, 1)));
        for _ in 0..self.throttled {
            script.cfn_error("DescribeStackEvents", 400, "Throttling", "Rate exceeded");
        }
        script
            .events(NAME, &newest_first(self.history, self.midway))
            .stack(NAME, self.busy, None, &[])
            .events(NAME, &newest_first(self.history, all))
            .stack(NAME, self.settled, None, &[])
            // The last look, for events that land with the final status.
            .events(NAME, &newest_first(self.history, all))
            .stack(NAME, self.settled, self.reason, self.outputs);
    }
}

/// `zael deploy --no-aggregator` against `script`, which ends in a stack failure after the
/// scripted calls: exit 1, exactly `cause` on the first line, then a way out that starts
/// with `way_out_start`. The whole way out, and what it printed.
async fn failed_deploy(script: &mut Script, cause: &str, way_out_start: &str) -> (String, Console) {
    let scripted = script.start();
    let mut console = Console::buffered();
    let failed = exit_1(
        deploy_with(&["--no-aggregator"], &scripted, &mut console).await,
        &scripted,
    );
    let (first, way_out) = failed.message.split_once('\n').unwrap();
    assert_eq!(first, cause);
    assert_starts_with(way_out, way_out_start);
    (way_out.to_string(), console)
}

/// A command's `result` that must be a failure with exit 1, once it made every scripted call.
#[track_caller]
fn exit_1(result: Result<u8, Failure>, scripted: &Scripted) -> Failure {
    let failed = match result {
        Ok(code) => panic!("expected a failure, got exit {code}"),
        Err(failure) => failure,
    };
    scripted.assert_calls();
    assert_eq!(failed.code, 1);
    failed
}

/// The stack as deployed (`zael synth --no-aggregator`, no resources yet) and the look at its
/// resources a deletion starts with.
fn deployed_for_deletion(script: &mut Script) -> &mut Script {
    script
        .stack(NAME, "CREATE_COMPLETE", None, &[])
        .template(&synthesized_body(&["--no-aggregator"]))
        .cfn(
            "DescribeStackResources",
            "<StackResources></StackResources>",
        )
}

#[tokio::test]
async fn a_creation_that_fails_says_its_first_cause_and_how_to_leave_rollback_complete() {
    let history = [
        stack_event("e0", "REVIEW_IN_PROGRESS", Some("User Initiated")),
        stack_event("e1", "CREATE_IN_PROGRESS", Some("User Initiated")),
        event("e2", "RateLimitsTable", TABLE, "CREATE_IN_PROGRESS", None),
        event("e3", "AlarmTopic", TOPIC, "CREATE_IN_PROGRESS", None),
        event(
            "e4",
            "RateLimitsTable",
            TABLE,
            "CREATE_FAILED",
            Some("Resource handler returned message: \"Table already exists: ZAEL-scripted\" (HandlerErrorCode: AlreadyExists)"),
        ),
        event("e5", "AlarmTopic", TOPIC, "CREATE_FAILED", Some("Resource creation cancelled")),
        stack_event("e6", "ROLLBACK_IN_PROGRESS",
            Some("The following resource(s) failed to create: [AlarmTopic, RateLimitsTable]. Rollback requested by user."),
        ),
        event("e7", "AlarmTopic", TOPIC, "DELETE_COMPLETE", None),
        event("e8", "RateLimitsTable", TABLE, "DELETE_COMPLETE", None),
        stack_event("e9", "ROLLBACK_COMPLETE", None),
    ];
    let mut script = Script::new();
    script.no_stack(NAME).change_set_ready(NAME);
    Followed {
        reason: Some("The following resource(s) failed to create: [AlarmTopic, RateLimitsTable]. Rollback requested by user."),
        ..Followed::new(&history, 7, "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE")
    }
    .script(&mut script);
    let (_, console) = failed_deploy(
        &mut script,
        "RateLimitsTable (AWS::DynamoDB::Table) CREATE_FAILED: Resource handler returned message: \"Table already exists: ZAEL-scripted\" (HandlerErrorCode: AlreadyExists)",
        "ZAEL-scripted is ROLLBACK_COMPLETE: the stack was never created and cannot be updated: delete it (`zael delete --yes` with the same flags, or `aws cloudformation delete-stack --stack-name ZAEL-scripted`)",
    )
    .await;
    // Every event after the baseline, once, oldest first.
    let out = console.out_text();
    let printed: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.contains("  ZAEL-scripted ")
                || l.contains("  RateLimitsTable ")
                || l.contains("  AlarmTopic ")
        })
        .collect();
    assert_eq!(printed.len(), 9, "{out}");
    assert!(
        printed[0].ends_with("CREATE_IN_PROGRESS  User Initiated"),
        "{out}"
    );
    assert!(
        printed[3].contains("RateLimitsTable")
            && printed[3].contains("CREATE_FAILED  Resource handler returned message"),
        "{out}"
    );
    assert!(printed[8].ends_with("ROLLBACK_COMPLETE"), "{out}");
    assert!(
        !out.contains("namespace default"),
        "no registry on a failed stack: {out}"
    );
    assert_eq!(console.err_text(), "", "no progress line off a terminal");
}

#[tokio::test]
async fn a_deploy_onto_a_rolled_back_creation_says_to_delete_it_first() {
    let scripted = Script::new()
        .stack(NAME, "ROLLBACK_COMPLETE", None, &[])
        .start();
    let failed = exit_1(
        deploy_with(&["--no-aggregator"], &scripted, &mut Console::buffered()).await,
        &scripted,
    );
    assert!(
        failed.message.starts_with("ZAEL-scripted is ROLLBACK_COMPLETE (region us-east-1 (scripted)): the stack was never created and cannot be updated: delete it"),
        "{}",
        failed.message
    );
}

#[tokio::test]
async fn an_update_whose_rollback_fails_names_the_cause_and_continue_update_rollback() {
    let history = [
        stack_event("e0", "CREATE_COMPLETE", None),
        stack_event("e1", "UPDATE_IN_PROGRESS", Some("User Initiated")),
        event("e2", "AlarmTopic", TOPIC, "UPDATE_IN_PROGRESS", None),
        event(
            "e3",
            "AlarmTopic",
            TOPIC,
            "UPDATE_FAILED",
            Some("Resource handler returned message: \"User: arn:aws:sts::123456789012:assumed-role/deployer is not authorized to perform: SNS:SetTopicAttributes\" (HandlerErrorCode: AccessDenied)"),
        ),
        stack_event("e4", "UPDATE_ROLLBACK_IN_PROGRESS",
            Some("The following resource(s) failed to update: [AlarmTopic]."),
        ),
        event(
            "e5",
            "AlarmTopic",
            TOPIC,
            "UPDATE_FAILED",
            Some("Resource handler returned message: \"Access denied\" (HandlerErrorCode: AccessDenied)"),
        ),
        stack_event("e6", "UPDATE_ROLLBACK_FAILED",
            Some("The following resource(s) failed to update: [AlarmTopic]."),
        ),
    ];
    let mut script = Script::new();
    script
        .stack(NAME, "CREATE_COMPLETE", None, &[])
        .template(&synthesized_body(&["--no-aggregator", "--no-alarms"]))
        .change_set_ready(NAME);
    Followed {
        reason: Some("The following resource(s) failed to update: [AlarmTopic]."),
        ..Followed::new(&history, 4, "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED")
    }
    .script(&mut script);
    let (way_out, console) = failed_deploy(
        &mut script,
        // The first failure, not the rollback's.
        "AlarmTopic (AWS::SNS::Topic) UPDATE_FAILED: Resource handler returned message: \"User: arn:aws:sts::123456789012:assumed-role/deployer is not authorized to perform: SNS:SetTopicAttributes\" (HandlerErrorCode: AccessDenied)",
        "ZAEL-scripted is UPDATE_ROLLBACK_FAILED: the update's rollback failed and the stack can take no update",
    )
    .await;
    assert_has_all(
        &way_out,
        &[
            "`aws cloudformation continue-update-rollback --stack-name ZAEL-scripted` (add `--resources-to-skip`",
        ],
    );
    // The change set's diff came first: the deployed template had no alarms.
    let out = console.out_text();
    assert_has_all(
        &out,
        &[
            "ZAEL-scripted (deployed, region us-east-1 (scripted)) → zael synth",
            "[+] AWS::SNS::Topic AlarmTopic",
        ],
    );
}

/// A creation that completes; DescribeStackEvents throttled `throttled` times right after
/// the change set is executed.
fn successful_creation(throttled: usize) -> Script {
    let history = [
        stack_event("e0", "REVIEW_IN_PROGRESS", Some("User Initiated")),
        stack_event("e1", "CREATE_IN_PROGRESS", Some("User Initiated")),
        event("e2", "RateLimitsTable", TABLE, "CREATE_IN_PROGRESS", None),
        event("e3", "RateLimitsTable", TABLE, "CREATE_COMPLETE", None),
        stack_event("e4", "CREATE_COMPLETE", None),
    ];
    let mut script = Script::new();
    script.no_stack(NAME).change_set_ready(NAME);
    Followed {
        throttled,
        outputs: &[
            ("TableName", "ZAEL-scripted"),
            (
                "TableArn",
                "arn:aws:dynamodb:us-east-1:123456789012:table/ZAEL-scripted",
            ),
        ],
        ..Followed::new(&history, 4, "CREATE_IN_PROGRESS", "CREATE_COMPLETE")
    }
    .script(&mut script);
    script
}

/// DynamoDB's answers to the registry write after a limiter deploy.
fn registry_write(script: &mut Script) {
    let indexes: Vec<String> = zael::stacks::limiter::schema::GLOBAL_INDEXES
        .iter()
        .map(|(name, ..)| format!("{{\"IndexName\":\"{name}\"}}"))
        .collect();
    script
        .dynamodb(
            "DescribeTable",
            &format!(
                "{{\"Table\":{{\"TableName\":\"{NAME}\",\"TableStatus\":\"ACTIVE\",\"GlobalSecondaryIndexes\":[{}]}}}}",
                indexes.join(",")
            ),
        )
        .dynamodb("TransactWriteItems", "{}")
        .dynamodb(
            "UpdateItem",
            "{\"Attributes\":{\"schema_version\":{\"S\":\"0.10.0\"},\"lambda_version\":{\"S\":\"0.17.0\"},\"client_min_version\":{\"S\":\"0.0.0\"}}}",
        );
}

#[tokio::test]
async fn throttling_the_retries_absorb_goes_unnoticed_and_the_outputs_follow_the_deploy() {
    let mut script = successful_creation(2);
    registry_write(&mut script);
    let scripted = script.start();
    let mut console = Console::buffered();
    // As on a terminal: the live progress line on stderr.
    console.progress = true;
    let result = deploy_with(&["--no-aggregator"], &scripted, &mut console).await;
    let out = console.out_text();
    assert_eq!(result.unwrap(), 0, "{out}");
    // Two throttled answers and the one that came through: the SDK's three attempts.
    scripted.assert_calls();
    let streamed: Vec<&str> = out.lines().filter(|l| l.contains("s  ")).collect();
    assert_eq!(streamed.len(), 4, "{out}");
    assert_has_all(&out, &[
        "\nZAEL-scripted: CREATE_COMPLETE in ",
        "Outputs\n  TableArn  = arn:aws:dynamodb:us-east-1:123456789012:table/ZAEL-scripted\n  TableName = ZAEL-scripted\n",
        "namespace default: id ",
        "version record of ZAEL-scripted: schema_version 0.10.0",
        // The progress line: drawn as the wait starts, redrawn with the stack's status and the
        // settled count after a look, cleared before each event line and at the end.
    ]);
    let err = console.err_text();
    assert!(err.starts_with("\r\x1b[2K["), "{err:?}");
    assert_has_all(
        &err,
        &[
            "s] ZAEL-scripted waiting: 0 resource event(s) settled",
            "s] ZAEL-scripted CREATE_IN_PROGRESS: 1 resource event(s) settled\r\x1b[2K",
        ],
    );
    assert!(err.ends_with("\r\x1b[2K"), "{err:?}");
}

#[tokio::test]
async fn throttling_beyond_the_retries_stops_following_and_says_the_stack_carries_on() {
    let mut script = Script::new();
    script
        .no_stack(NAME)
        .change_set_ready(NAME)
        .events(NAME, &[stack_event("e0", "REVIEW_IN_PROGRESS", None)])
        .execute();
    for _ in 0..3 {
        script.cfn_error("DescribeStackEvents", 400, "Throttling", "Rate exceeded");
    }
    let scripted = script.start();
    let mut console = Console::buffered();
    console.progress = true;
    let failed = exit_1(
        deploy_with(&["--no-aggregator"], &scripted, &mut console).await,
        &scripted,
    );
    assert_eq!(
        failed.message,
        "DescribeStackEvents ZAEL-scripted failed (region us-east-1 (scripted)): Throttling: Rate exceeded; \
         AWS kept throttling after the SDK's retries: wait a minute and run again; \
         zael stopped following ZAEL-scripted, whose operation carries on in CloudFormation: \
         see where it ends with `zael status` (or `aws cloudformation describe-stack-events --stack-name ZAEL-scripted`)"
    );
    // The error starts on a clean line.
    assert!(
        console.err_text().ends_with("\r\x1b[2K"),
        "{:?}",
        console.err_text()
    );
}

#[tokio::test]
async fn an_expired_token_is_said_as_such_before_anything_changes() {
    let scripted = Script::new()
        .cfn_error(
            "DescribeStacks",
            403,
            "ExpiredToken",
            "The security token included in the request is expired",
        )
        .start();
    // Not retried (exactly the one scripted call): a new token is the user's to get.
    let failed = exit_1(
        deploy_with(&["--no-aggregator"], &scripted, &mut Console::buffered()).await,
        &scripted,
    );
    assert_eq!(
        failed.message,
        "DescribeStacks ZAEL-scripted failed (region us-east-1 (scripted)): ExpiredToken: The security token included in the request is expired; \
         the AWS credentials have expired: refresh them (`aws sso login`, or new session credentials) and run again"
    );
}

#[tokio::test]
async fn a_token_that_expires_during_a_delete_says_the_deletion_carries_on() {
    let scripted = deployed_for_deletion(&mut Script::new())
        .events(NAME, &[stack_event("e0", "CREATE_COMPLETE", None)])
        .cfn("DeleteStack", "")
        .cfn_error(
            "DescribeStackEvents",
            400,
            "ExpiredToken",
            "The security token included in the request is expired",
        )
        .start();
    let mut console = Console::buffered();
    let failed = exit_1(delete_with(&scripted, &mut console).await, &scripted);
    assert!(
        failed.message.contains("ExpiredToken: The security token included in the request is expired; the AWS credentials have expired"),
        "{}",
        failed.message
    );
    assert!(
        failed.message.ends_with("zael stopped following ZAEL-scripted, whose operation carries on in CloudFormation: see where it ends with `zael status` (or `aws cloudformation describe-stack-events --stack-name ZAEL-scripted`)"),
        "{}",
        failed.message
    );
    // What stays behind was said before the deletion started.
    let out = console.out_text();
    assert_has_all(
        &out,
        &["  RateLimitsTable (AWS::DynamoDB::Table): (not created)"],
    );
}

#[tokio::test]
async fn a_missing_artifact_bucket_is_named_before_any_change_set() {
    let binary = common::stamped_aggregator("zael-scripted-nobucket");
    let scripted = Script::new()
        .no_stack(NAME)
        // HEAD has no body: S3 says only 404.
        .s3("HeadObject", 404, "")
        .s3(
            "PutObject",
            404,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>no-such-bucket</BucketName><RequestId>scripted</RequestId></Error>",
        )
        .start();
    let result = deploy_with(
        &[
            "--artifact-bucket",
            "no-such-bucket",
            "--aggregator-binary",
            binary.to_str().unwrap(),
        ],
        &scripted,
        &mut Console::buffered(),
    )
    .await;
    let failed = exit_1(result, &scripted);
    assert_eq!(
        failed.message,
        "the artifact bucket no-such-bucket does not exist (region us-east-1 (scripted)): create it (`aws s3 mb s3://no-such-bucket --region us-east-1`) or pass --artifact-bucket with an existing one"
    );
}

/// The deployed template: synth's with the table under another name (a create-only property),
/// so the change set replaces the table.
fn template_with_other_table_name() -> String {
    let (cli, matches) = parsed::<DeployCli>(&["--no-aggregator"]);
    let mut document = cli.args.stack.synthesize(&matches).unwrap().document;
    document["Resources"]["RateLimitsTable"]["Properties"]["TableName"] =
        serde_json::json!("ZAEL-scripted-old");
    serde_json::to_string(&document).unwrap()
}

#[tokio::test]
async fn a_change_set_that_replaces_the_table_is_not_executed_without_approval() {
    let scripted = Script::new()
        .stack(NAME, "UPDATE_COMPLETE", None, &[])
        .template(&template_with_other_table_name())
        .change_set_ready(NAME)
        .start();
    let mut console = Console::buffered();
    let code = deploy_with(
        &["--no-aggregator", "--require-approval", "replacements"],
        &scripted,
        &mut console,
    )
    .await
    .unwrap();
    // No ExecuteChangeSet: the script ends with the change set.
    scripted.assert_calls();
    assert_eq!(code, 3);
    let out = console.out_text();
    assert_has_all(&out, &["~ TableName: replacement (TableName)"]);
    // The change set's name is zael's own (`zael-<milliseconds>`).
    let err = console.err_text();
    let (name, rest) = err
        .strip_prefix("error: not executed: the change set ")
        .and_then(|e| e.split_once(' '))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(name.starts_with("zael-"), "{err}");
    assert_eq!(
        rest,
        format!("replaces or deletes a stateful resource; review it, then run again with --yes (or execute it with `aws cloudformation execute-change-set --stack-name ZAEL-scripted --change-set-name {name}`)\n")
    );
}

#[tokio::test]
async fn yes_approves_the_replacement_in_advance() {
    let history = [
        stack_event("e0", "UPDATE_COMPLETE", None),
        stack_event("e1", "UPDATE_IN_PROGRESS", Some("User Initiated")),
        event("e2", "RateLimitsTable", TABLE, "UPDATE_IN_PROGRESS", Some("Requested update requires the creation of a new physical resource; hence creating one.")),
        event("e3", "RateLimitsTable", TABLE, "UPDATE_COMPLETE", None),
        stack_event("e4", "UPDATE_COMPLETE", None),
    ];
    let mut script = Script::new();
    script
        .stack(NAME, "UPDATE_COMPLETE", None, &[])
        .template(&template_with_other_table_name())
        .change_set_ready(NAME);
    Followed::new(&history, 4, "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE").script(&mut script);
    registry_write(&mut script);
    let scripted = script.start();
    let mut console = Console::buffered();
    let code = deploy_with(
        &[
            "--no-aggregator",
            "--require-approval",
            "replacements",
            "--yes",
        ],
        &scripted,
        &mut console,
    )
    .await
    .unwrap();
    scripted.assert_calls();
    assert_eq!(code, 0);
    assert!(
        console
            .out_text()
            .contains("\nZAEL-scripted: UPDATE_COMPLETE in "),
        "{}",
        console.out_text()
    );
    assert_eq!(console.err_text(), "");
}

#[tokio::test]
async fn a_deletion_that_fails_names_the_resource_and_its_reason_first() {
    // The limiter's managed policies are what applications attach to their roles; IAM
    // refuses to delete a policy still attached, and the stack ends DELETE_FAILED.
    const POLICY: &str = "AWS::IAM::ManagedPolicy";
    const ATTACHED: &str = "Resource handler returned message: \"Cannot delete a policy attached to entities. (Service: Iam, Status Code: 409, Request ID: 5d4e1c1e)\"";
    let history = [
        stack_event("e0", "CREATE_COMPLETE", None),
        stack_event("e1", "DELETE_IN_PROGRESS", Some("User Initiated")),
        event("e2", "AlarmTopic", TOPIC, "DELETE_COMPLETE", None),
        event(
            "e3",
            "AcquireOnlyPolicy",
            POLICY,
            "DELETE_IN_PROGRESS",
            None,
        ),
        event(
            "e4",
            "AcquireOnlyPolicy",
            POLICY,
            "DELETE_FAILED",
            Some(ATTACHED),
        ),
        stack_event(
            "e5",
            "DELETE_FAILED",
            Some("The following resource(s) failed to delete: [AcquireOnlyPolicy]. "),
        ),
    ];
    let mut script = Script::new();
    deployed_for_deletion(&mut script);
    Followed {
        reason: Some("The following resource(s) failed to delete: [AcquireOnlyPolicy]. "),
        ..Followed::new(&history, 3, "DELETE_IN_PROGRESS", "DELETE_FAILED")
    }
    .script_deletion(&mut script);
    let scripted = script.start();
    let mut console = Console::buffered();
    let failed = exit_1(delete_with(&scripted, &mut console).await, &scripted);
    let (cause, way_out) = failed.message.split_once('\n').unwrap();
    assert_eq!(
        cause,
        format!("AcquireOnlyPolicy (AWS::IAM::ManagedPolicy) DELETE_FAILED: {ATTACHED}")
    );
    assert_eq!(
        way_out,
        "ZAEL-scripted is DELETE_FAILED: some resources could not be deleted: fix what each reason above says (a bucket emptied, a policy detached from the roles still using it, ...) and run `zael delete` again, or `aws cloudformation delete-stack --stack-name ZAEL-scripted --retain-resources ...` to leave them"
    );
    // The events were followed as they came, the failed one among them.
    let out = console.out_text();
    assert!(
        out.lines().any(|line| line.contains("AcquireOnlyPolicy")
            && line.contains("DELETE_FAILED")
            && line.contains("Cannot delete a policy attached to entities")),
        "{out}"
    );
    assert!(!out.contains("deleted in "), "{out}");
}
