//! `zael fleet apply` as a process against a scripted StackSets endpoint on 127.0.0.1: the
//! failures moto cannot produce (a failing instance within the tolerance, one beyond it, a
//! region that is not enabled, an account without the execution role), each answered as
//! CloudFormation's query protocol answers, and read by the SDK's real deserializers. Every
//! failure must name its target (account/region); the calls made are checked too.

mod common;

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use common::{assert_has_all, lifecycle, on_terminal, stderr, stdout};

const XMLNS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

#[derive(Clone)]
enum Answer {
    Ok(String),
    Error(String, String),
}

type Script = Arc<Mutex<HashMap<String, VecDeque<Answer>>>>;

/// CloudFormation on a local port: each action takes its next scripted answer (the last one
/// repeats, as a polled status does); every call is recorded with its form body.
struct Endpoint {
    url: String,
    calls: Arc<Mutex<Vec<(String, String)>>>,
}

impl Endpoint {
    fn start(answers: Vec<(&str, Answer)>) -> Endpoint {
        let mut script: HashMap<String, VecDeque<Answer>> = HashMap::new();
        for (action, answer) in answers {
            script
                .entry(action.to_string())
                .or_default()
                .push_back(answer);
        }
        // No other stack set tagged as the fleet's, unless the test says.
        script
            .entry("ListStackSets".to_string())
            .or_insert_with(|| VecDeque::from([Answer::Ok("<Summaries/>".to_string())]));
        let script: Script = Arc::new(Mutex::new(script));
        let calls = Arc::new(Mutex::new(Vec::new()));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (script_c, calls_c) = (script.clone(), calls.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, c) = (script_c.clone(), calls_c.clone());
                std::thread::spawn(move || serve(stream, s, c));
            }
        });
        Endpoint { url, calls }
    }

    fn actions(&self) -> Vec<String> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .map(|(a, _)| a.clone())
            .collect()
    }

    fn body_of(&self, action: &str) -> String {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .find(|(a, _)| a == action)
            .map(|(_, b)| b.clone())
            .unwrap_or_default()
    }
}

fn serve(stream: TcpStream, script: Script, calls: Arc<Mutex<Vec<(String, String)>>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header == "\r\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body = String::from_utf8_lossy(&body).to_string();
        let action = body
            .split('&')
            .find_map(|p| p.strip_prefix("Action="))
            .unwrap_or("")
            .to_string();
        // S3 (HeadObject of a package): already there.
        let (status, text) = if action.is_empty() {
            (200, String::new())
        } else {
            calls.lock().unwrap().push((action.clone(), body));
            let answer = {
                let mut script = script.lock().unwrap();
                let queue = script.get_mut(&action);
                match queue {
                    Some(q) if q.len() > 1 => q.pop_front(),
                    Some(q) => q.front().cloned(),
                    None => None,
                }
            };
            match answer {
                Some(Answer::Ok(result)) => (
                    200,
                    format!("<{action}Response xmlns=\"{XMLNS}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>scripted</RequestId></ResponseMetadata></{action}Response>"),
                ),
                Some(Answer::Error(code, message)) => (
                    400,
                    format!("<ErrorResponse xmlns=\"{XMLNS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>scripted</RequestId></ErrorResponse>"),
                ),
                None => (
                    400,
                    format!("<ErrorResponse xmlns=\"{XMLNS}\"><Error><Type>Sender</Type><Code>Unscripted</Code><Message>no answer scripted for {action}</Message></Error><RequestId>scripted</RequestId></ErrorResponse>"),
                ),
            }
        };
        let reason = if status == 200 { "OK" } else { "Bad Request" };
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: text/xml\r\nx-amzn-RequestId: scripted\r\nContent-Length: {}\r\n\r\n{text}",
            text.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn not_found() -> (&'static str, Answer) {
    (
        "DescribeStackSet",
        Answer::Error(
            "StackSetNotFoundException".into(),
            "StackSet not found".into(),
        ),
    )
}

fn ok(action: &'static str, result: &str) -> (&'static str, Answer) {
    (action, Answer::Ok(result.to_string()))
}

fn operation(id: &str) -> String {
    format!("<OperationId>{id}</OperationId>")
}

fn status(id: &str, status: &str) -> String {
    format!("<StackSetOperation><OperationId>{id}</OperationId><Status>{status}</Status></StackSetOperation>")
}

/// ListStackSetOperationResults: (account, region, status, reason).
fn results(rows: &[(&str, &str, &str, &str)]) -> String {
    let members: String = rows
        .iter()
        .map(|(account, region, status, reason)| {
            let reason = if reason.is_empty() { String::new() } else { format!("<StatusReason>{reason}</StatusReason>") };
            format!("<member><Account>{account}</Account><Region>{region}</Region><Status>{status}</Status>{reason}</member>")
        })
        .collect();
    format!("<Summaries>{members}</Summaries>")
}

/// The endpoint for a stack set `name` that does not exist yet: created, its instances
/// created by operation `op`, then `following` (the operation's progress).
fn creating(name: &str, op: &str, following: Vec<(&'static str, Answer)>) -> Endpoint {
    let created = vec![
        not_found(),
        ok(
            "CreateStackSet",
            &format!("<StackSetId>{name}:1</StackSetId>"),
        ),
        ok("CreateStackInstances", &operation(op)),
    ];
    Endpoint::start([created, following].concat())
}

/// [`creating`], the operation `op` ending FAILED with the instance `rows` of [`results`].
fn creating_failed(name: &str, op: &str, rows: &[(&str, &str, &str, &str)]) -> Endpoint {
    creating(
        name,
        op,
        vec![
            ok("DescribeStackSetOperation", &status(op, "FAILED")),
            ok("ListStackSetOperationResults", &results(rows)),
        ],
    )
}

/// Writes the fleet file `text` for `test`: its path.
fn fleet(test: &str, text: &str) -> String {
    let dir =
        std::env::temp_dir().join(format!("zael-fleet-scripted-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fleet.yaml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The words of `zael-lifecycle fleet apply FILE` against `endpoint`.
fn apply_words<'a>(endpoint: &'a Endpoint, file: &'a str) -> [&'a str; 9] {
    [
        "fleet",
        "apply",
        file,
        "--region",
        "us-east-1",
        "--endpoint-url",
        &endpoint.url,
        "--poll-ms",
        "20",
    ]
}

/// `zael-lifecycle fleet apply` on the fleet file `text` (written for `test`) against
/// `endpoint`: its exit code, stdout and stderr.
fn apply(endpoint: &Endpoint, test: &str, text: &str) -> (Option<i32>, String, String) {
    let file = fleet(test, text);
    let output = lifecycle(&apply_words(endpoint, &file));
    (output.status.code(), stdout(&output), stderr(&output))
}

/// [`apply`] that must fail (exit 1): its stdout and stderr.
#[track_caller]
fn apply_fails(endpoint: &Endpoint, test: &str, text: &str) -> (String, String) {
    let (code, out, err) = apply(endpoint, test, text);
    assert_eq!(code, Some(1), "{out}{err}");
    (out, err)
}

const NO_ROLE: &str = "Account 333333333333 should have &apos;AWSCloudFormationStackSetExecutionRole&apos; role with trust relationship to Role &apos;AWSCloudFormationStackSetAdministrationRole&apos;.";

#[test]
fn a_failure_within_the_tolerance_is_named_and_the_rollout_goes_on() {
    let endpoint = creating(
        "ZAEL-edge-redis",
        "op-1",
        vec![
            ok("DescribeStackSetOperation", &status("op-1", "RUNNING")),
            ok("DescribeStackSetOperation", &status("op-1", "SUCCEEDED")),
            ok(
                "ListStackSetOperationResults",
                &results(&[("111111111111", "us-east-1", "RUNNING", "")]),
            ),
            ok(
                "ListStackSetOperationResults",
                &results(&[
                    ("111111111111", "us-east-1", "SUCCEEDED", ""),
                    ("222222222222", "us-east-1", "SUCCEEDED", ""),
                    ("333333333333", "us-east-1", "FAILED", NO_ROLE),
                ]),
            ),
        ],
    );
    let (out, err) = apply_fails(
        &endpoint,
        "within",
        "blueprint: redis\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\", \"222222222222\", \"333333333333\"]\n    regions: [us-east-1]\n    overrides: {name: edge}\nrollout: {max_concurrent: 2, failure_tolerance: 1}\n",
    );
    assert_has_all(
        &out,
        &[
            "CreateStackSet ZAEL-edge-redis: created",
            // The status table: each target, its status and first failure reason.
            "  333333333333/us-east-1  FAILED     Account 333333333333 should have 'AWSCloudFormationStackSetExecutionRole'",
            "111111111111/us-east-1  RUNNING",
        ],
    );
    assert_has_all(
        &err,
        &[
            "1 instance(s) failed within the failure tolerance (the rollout went on): ZAEL-edge-redis 333333333333/us-east-1: Account 333333333333 should have",
            "account 333333333333 has no usable StackSets execution role: create role AWSCloudFormationStackSetExecutionRole there",
        ],
    );
    // The rollout's preferences reached StackSets.
    assert_has_all(
        &endpoint.body_of("CreateStackInstances"),
        &[
            "OperationPreferences.FailureToleranceCount=1",
            "OperationPreferences.MaxConcurrentCount=2",
            "Accounts.member.3=333333333333",
        ],
    );
    assert_has_all(
        &endpoint.body_of("CreateStackSet"),
        &[
            "PermissionModel=SELF_MANAGED",
            "Capabilities.member.1=CAPABILITY_NAMED_IAM",
        ],
    );
}

#[test]
fn a_failed_canary_in_a_region_not_enabled_stops_the_rollout_before_the_rest() {
    let endpoint = creating_failed(
        "ZAEL-edge-redis",
        "op-canary",
        &[
            (
                "111111111111",
                "ap-east-1",
                "FAILED",
                "Region ap-east-1 is not enabled",
            ),
            ("111111111111", "us-east-1", "SUCCEEDED", ""),
        ],
    );
    let (_, err) = apply_fails(
        &endpoint,
        "canary",
        "blueprint: redis\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\", \"222222222222\"]\n    regions: [us-east-1, ap-east-1]\n    overrides: {name: edge}\nrollout: {canary: {account: \"111111111111\"}, max_concurrent: 2, failure_tolerance: 1}\n",
    );
    assert_has_all(
        &err,
        &[
            "rollout stopped: CreateStackInstances (canary) 111111111111 in us-east-1, ap-east-1 of ZAEL-edge-redis failed beyond its failure tolerance; 111111111111/ap-east-1: Region ap-east-1 is not enabled (region ap-east-1 is not enabled in account 111111111111: enable it",
            "not started: the rest of this stack set",
        ],
    );
    // The canary tolerated no failure, and the rest never started.
    assert!(endpoint
        .body_of("CreateStackInstances")
        .contains("OperationPreferences.FailureToleranceCount=0"));
    let creates = endpoint
        .actions()
        .iter()
        .filter(|a| *a == "CreateStackInstances")
        .count();
    assert_eq!(creates, 1, "{:?}", endpoint.actions());
}

#[test]
fn a_failure_beyond_the_tolerance_stops_the_rollout_and_later_stack_sets() {
    let endpoint = creating_failed(
        "ZAEL-east-redis",
        "op-1",
        &[
            ("111111111111", "us-east-1", "FAILED", "ResourceLogicalId:ReplicationGroup, ResourceType:AWS::ElastiCache::ReplicationGroup, ResourceStatusReason:Cache node type not available."),
            ("222222222222", "us-east-1", "FAILED", NO_ROLE),
            ("333333333333", "us-east-1", "CANCELLED", "Cancelled since failure tolerance has exceeded"),
        ],
    );
    let (out, err) = apply_fails(
        &endpoint,
        "beyond",
        "blueprint: redis\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\", \"222222222222\", \"333333333333\"]\n    regions: [us-east-1]\n    overrides: {name: east}\n  - accounts: [\"444444444444\"]\n    regions: [eu-west-1]\n    overrides: {name: west}\nrollout: {failure_tolerance: 1, max_concurrent: 2}\n",
    );
    assert_has_all(
        &err,
        &[
            "rollout stopped: CreateStackInstances 111111111111, 222222222222, 333333333333 in us-east-1 of ZAEL-east-redis failed beyond its failure tolerance; 111111111111/us-east-1: ResourceLogicalId:ReplicationGroup",
            "222222222222/us-east-1: Account 333333333333 should have",
            "not started: the rest of this stack set, and stack sets ZAEL-west-redis",
        ],
    );
    assert_has_all(
        &out,
        &["333333333333/us-east-1  CANCELLED  Cancelled since failure tolerance has exceeded"],
    );
    // ZAEL-west-redis was described for the plan, never created.
    let actions = endpoint.actions();
    assert_eq!(
        actions.iter().filter(|a| *a == "CreateStackSet").count(),
        1,
        "{actions:?}"
    );
}

#[test]
fn an_existing_stack_set_with_a_changed_parameter_updates_only_that_instance() {
    // The deployed stack set is the fleet's own template: only the override differs.
    let template = zael::template::to_yaml(
        &zael::synth::document(zael::stacks::redis::RedisOptions {
            name: "edge".into(),
            ..Default::default()
        })
        .unwrap(),
    );
    let escaped = template
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let endpoint = Endpoint::start(vec![
        ok(
            "DescribeStackSet",
            &format!("<StackSet><StackSetName>ZAEL-edge-redis</StackSetName><Status>ACTIVE</Status><TemplateBody>{escaped}</TemplateBody><Parameters><member><ParameterKey>CacheNodeType</ParameterKey><ParameterValue>cache.r6g.xlarge</ParameterValue></member><member><ParameterKey>LogRetentionDays</ParameterKey><ParameterValue>30</ParameterValue></member></Parameters></StackSet>"),
        ),
        ok("ListStackInstances", "<Summaries><member><Account>111111111111</Account><Region>us-east-1</Region><Status>CURRENT</Status></member><member><Account>222222222222</Account><Region>us-east-1</Region><Status>CURRENT</Status></member></Summaries>"),
        ok("DescribeStackInstance", "<StackInstance><Account>111111111111</Account><Region>us-east-1</Region><ParameterOverrides></ParameterOverrides></StackInstance>"),
        ok("UpdateStackInstances", &operation("op-2")),
        ok("DescribeStackSetOperation", &status("op-2", "SUCCEEDED")),
        ok("ListStackSetOperationResults", &results(&[("222222222222", "us-east-1", "SUCCEEDED", "")])),
    ]);
    let (code, out, err) = apply(
        &endpoint,
        "override",
        "blueprint: redis\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\"]\n    regions: [us-east-1]\n    overrides: {name: edge}\n  - accounts: [\"222222222222\"]\n    regions: [us-east-1]\n    overrides: {name: edge, log_retention_days: 90}\nrollout: {canary: {account: \"222222222222\"}, failure_tolerance: 1}\n",
    );
    assert_eq!(code, Some(0), "{out}{err}");
    assert_has_all(
        &out,
        &[
            "111111111111/us-east-1  ZAEL-edge-redis  no change  -     -",
            "222222222222/us-east-1  ZAEL-edge-redis  update     1     parameter LogRetentionDays 30 → 90",
        ],
    );
    let actions = endpoint.actions();
    assert!(
        !actions.contains(&"UpdateStackSet".to_string()),
        "{actions:?}"
    );
    let update = endpoint.body_of("UpdateStackInstances");
    assert_has_all(
        &update,
        &[
            "ParameterOverrides.member.1.ParameterKey=LogRetentionDays",
            "ParameterOverrides.member.1.ParameterValue=90",
        ],
    );
    assert!(
        update.contains("Accounts.member.1=222222222222") && !update.contains("111111111111"),
        "{update}"
    );
}

/// On a terminal (a pseudo terminal from util-linux's `script`), the status table is drawn
/// once and redrawn in place as the operation moves (cursor up, clear to the end), not a
/// line per change; the settled table is printed whole.
#[test]
fn on_a_terminal_the_status_table_is_redrawn_in_place() {
    let endpoint = creating(
        "ZAEL-edge-redis",
        "op-1",
        vec![
            ok("DescribeStackSetOperation", &status("op-1", "RUNNING")),
            ok("DescribeStackSetOperation", &status("op-1", "RUNNING")),
            ok("DescribeStackSetOperation", &status("op-1", "SUCCEEDED")),
            ok(
                "ListStackSetOperationResults",
                &results(&[
                    ("111111111111", "us-east-1", "RUNNING", ""),
                    ("222222222222", "us-east-1", "PENDING", ""),
                ]),
            ),
            ok(
                "ListStackSetOperationResults",
                &results(&[
                    ("111111111111", "us-east-1", "SUCCEEDED", ""),
                    ("222222222222", "us-east-1", "RUNNING", ""),
                ]),
            ),
            ok(
                "ListStackSetOperationResults",
                &results(&[
                    ("111111111111", "us-east-1", "SUCCEEDED", ""),
                    ("222222222222", "us-east-1", "SUCCEEDED", ""),
                ]),
            ),
        ],
    );
    let file = fleet(
        "terminal",
        "blueprint: redis\npermissions: {model: self-managed}\ntargets:\n  - accounts: [\"111111111111\", \"222222222222\"]\n    regions: [us-east-1]\n    overrides: {name: edge}\n",
    );
    let (screen, code) = on_terminal(&apply_words(&endpoint, &file), "");
    assert_eq!(code, Some(0), "{screen}");
    assert_has_all(
        &screen,
        &[
            "CreateStackInstances 111111111111, 222222222222 in us-east-1 op-1: RUNNING",
            "222222222222/us-east-1  PENDING",
            // The settled table, once, whole.
            "222222222222/us-east-1  SUCCEEDED  -",
            "Fleet applied: every instance succeeded",
        ],
    );
    // Redrawn in place: the cursor goes back up over the table and clears it.
    let redraws = screen.matches("A\x1b[J").count();
    assert!(redraws >= 2, "{redraws} redraws: {screen:?}");
    // No line per change on a terminal.
    assert!(
        !screen.contains("\n  111111111111/us-east-1  RUNNING\r\n"),
        "{screen:?}"
    );
}
