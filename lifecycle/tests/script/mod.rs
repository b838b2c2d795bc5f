//! Scripted AWS answers for the lifecycle commands, through the SDK's own test transport
//! (`StaticReplayClient`): each call the command makes takes the next answer, as
//! CloudFormation (query protocol, XML), S3 (REST, XML) or DynamoDB (JSON) would send it, and
//! the SDK's real deserializers, error codes and retry classifiers read it. After a run,
//! [`Scripted::assert_calls`] checks the command made exactly the scripted calls, in order,
//! so a script cannot silently answer a call it did not mean to.
#![allow(dead_code)]

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_async::rt::sleep::{SharedAsyncSleep, TokioSleep};
use aws_smithy_async::time::SystemTimeSource;
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_types::body::SdkBody;
use zael_lifecycle::clients::Clients;

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";
/// Where the scripted calls "go", in messages.
pub const LOCATION: &str = "region us-east-1 (scripted)";
const CFN_XMLNS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

/// The answers, in the order the command is to ask for them.
#[derive(Default)]
pub struct Script {
    calls: Vec<String>,
    events: Vec<ReplayEvent>,
}

fn response(status: u16, content_type: &str, body: String) -> http::Response<SdkBody> {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .header("x-amzn-requestid", "scripted")
        .body(SdkBody::from(body))
        .unwrap()
}

/// The request side of a replay event is never compared (the calls are checked by name).
fn any_request() -> http::Request<SdkBody> {
    http::Request::builder()
        .uri("https://scripted.invalid/")
        .body(SdkBody::empty())
        .unwrap()
}

impl Script {
    pub fn new() -> Script {
        Script::default()
    }

    fn push(&mut self, call: &str, answer: http::Response<SdkBody>) -> &mut Script {
        self.calls.push(call.to_string());
        self.events.push(ReplayEvent::new(any_request(), answer));
        self
    }

    /// CloudFormation answers `action` with `result` (the XML inside `<{action}Result>`).
    pub fn cfn(&mut self, action: &str, result: &str) -> &mut Script {
        let body = format!(
            "<{action}Response xmlns=\"{CFN_XMLNS}\"><{action}Result>{result}</{action}Result>\
             <ResponseMetadata><RequestId>scripted</RequestId></ResponseMetadata></{action}Response>"
        );
        self.push(action, response(200, "text/xml", body))
    }

    /// CloudFormation refuses `action`: an `ErrorResponse` with `code` and `message`.
    pub fn cfn_error(
        &mut self,
        action: &str,
        status: u16,
        code: &str,
        message: &str,
    ) -> &mut Script {
        let body = format!(
            "<ErrorResponse xmlns=\"{CFN_XMLNS}\"><Error><Type>Sender</Type><Code>{code}</Code>\
             <Message>{}</Message></Error><RequestId>scripted</RequestId></ErrorResponse>",
            escape(message)
        );
        self.push(action, response(status, "text/xml", body))
    }

    /// DescribeStacks of a stack CloudFormation does not have.
    pub fn no_stack(&mut self, name: &str) -> &mut Script {
        self.cfn_error(
            "DescribeStacks",
            400,
            "ValidationError",
            &format!("Stack with id {name} does not exist"),
        )
    }

    /// DescribeStacks of `name` in `status`, with `outputs` (key, value).
    pub fn stack(
        &mut self,
        name: &str,
        status: &str,
        reason: Option<&str>,
        outputs: &[(&str, &str)],
    ) -> &mut Script {
        let reason = reason
            .map(|r| format!("<StackStatusReason>{}</StackStatusReason>", escape(r)))
            .unwrap_or_default();
        let outputs: String = outputs
            .iter()
            .map(|(k, v)| {
                format!(
                    "<member><OutputKey>{k}</OutputKey><OutputValue>{}</OutputValue></member>",
                    escape(v)
                )
            })
            .collect();
        let result = format!(
            "<Stacks><member><StackId>{}</StackId><StackName>{name}</StackName>\
             <CreationTime>2026-12-06T07:00:00.000Z</CreationTime><StackStatus>{status}</StackStatus>\
             {reason}<Outputs>{outputs}</Outputs></member></Stacks>",
            stack_id(name)
        );
        self.cfn("DescribeStacks", &result)
    }

    /// GetTemplate of a deployed stack: `body` as it was deployed.
    pub fn template(&mut self, body: &str) -> &mut Script {
        self.cfn(
            "GetTemplate",
            &format!(
                "<TemplateBody>{}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>",
                escape(body)
            ),
        )
    }

    /// CreateChangeSet accepted, then DescribeChangeSet says it is computed.
    pub fn change_set_ready(&mut self, name: &str) -> &mut Script {
        let id = format!("arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/zael-1/1");
        self.cfn(
            "CreateChangeSet",
            &format!("<Id>{id}</Id><StackId>{}</StackId>", stack_id(name)),
        );
        self.cfn(
            "DescribeChangeSet",
            &format!(
                "<ChangeSetName>zael-1</ChangeSetName><ChangeSetId>{id}</ChangeSetId>\
                 <StackId>{}</StackId><StackName>{name}</StackName><Status>CREATE_COMPLETE</Status>\
                 <ExecutionStatus>AVAILABLE</ExecutionStatus><Changes></Changes>",
                stack_id(name)
            ),
        )
    }

    pub fn execute(&mut self) -> &mut Script {
        self.cfn("ExecuteChangeSet", "")
    }

    /// DescribeStackEvents: `events`, newest first, as CloudFormation pages them.
    pub fn events(&mut self, name: &str, events: &[Event]) -> &mut Script {
        let members: String = events.iter().map(|e| e.xml(name)).collect();
        self.cfn(
            "DescribeStackEvents",
            &format!("<StackEvents>{members}</StackEvents>"),
        )
    }

    /// S3 answers `call` (`HeadObject`, `PutObject`) with `status` and an XML `body`.
    pub fn s3(&mut self, call: &str, status: u16, body: &str) -> &mut Script {
        self.push(call, response(status, "application/xml", body.to_string()))
    }

    /// DynamoDB answers `operation` with a JSON `body`.
    pub fn dynamodb(&mut self, operation: &str, body: &str) -> &mut Script {
        self.push(
            operation,
            response(200, "application/x-amz-json-1.0", body.to_string()),
        )
    }

    /// The clients a command runs with: the standard retry mode and its three attempts, as
    /// the SDK's defaults give, only with a millisecond first backoff so retries take no time.
    pub fn start(&mut self) -> Scripted {
        let replay = StaticReplayClient::new(std::mem::take(&mut self.events));
        let config = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "test", "test", None, None, "scripted",
            )))
            .http_client(replay.clone())
            .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()))
            .time_source(SystemTimeSource::new())
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
            .build();
        Scripted {
            clients: Clients::from_config(&config, LOCATION.to_string(), None).unwrap(),
            replay,
            expected: std::mem::take(&mut self.calls),
        }
    }
}

pub struct Scripted {
    pub clients: Clients,
    replay: StaticReplayClient,
    expected: Vec<String>,
}

/// The call a request makes, by the name the script gives it.
fn call_name(request: &HttpRequest) -> String {
    if let Some(target) = request.headers().get("x-amz-target") {
        // DynamoDB: `DynamoDB_20120810.DescribeTable`.
        return target.rsplit('.').next().unwrap_or(target).to_string();
    }
    let body = request
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    if let Some(action) = body
        .split('&')
        .find_map(|pair| pair.strip_prefix("Action="))
    {
        return action.to_string();
    }
    match request.method() {
        "HEAD" => "HeadObject".to_string(),
        "PUT" => "PutObject".to_string(),
        other => format!("{other} {}", request.uri()),
    }
}

impl Scripted {
    /// The calls the command made, in order.
    pub fn calls(&self) -> Vec<String> {
        self.replay.actual_requests().map(call_name).collect()
    }

    /// The command made exactly the scripted calls, in order.
    #[track_caller]
    pub fn assert_calls(&self) {
        assert_eq!(
            self.calls(),
            self.expected,
            "the calls made, against the script"
        );
    }
}

pub fn stack_id(name: &str) -> String {
    format!("arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{name}/00000000-0000-0000-0000-000000000001")
}

/// One stack event, as DescribeStackEvents gives it.
#[derive(Clone, Debug)]
pub struct Event {
    pub id: &'static str,
    pub logical_id: &'static str,
    pub resource_type: &'static str,
    pub status: &'static str,
    pub reason: Option<&'static str>,
}

/// An event of `logical_id` (`AWS::CloudFormation::Stack` when it is the stack's own name).
pub fn event(
    id: &'static str,
    logical_id: &'static str,
    resource_type: &'static str,
    status: &'static str,
    reason: Option<&'static str>,
) -> Event {
    Event {
        id,
        logical_id,
        resource_type,
        status,
        reason,
    }
}

impl Event {
    fn xml(&self, stack: &str) -> String {
        let reason = self
            .reason
            .map(|r| format!("<ResourceStatusReason>{}</ResourceStatusReason>", escape(r)))
            .unwrap_or_default();
        format!(
            "<member><StackId>{}</StackId><EventId>{}</EventId><StackName>{stack}</StackName>\
             <LogicalResourceId>{}</LogicalResourceId><ResourceType>{}</ResourceType>\
             <Timestamp>2026-12-06T07:00:00.000Z</Timestamp><ResourceStatus>{}</ResourceStatus>{reason}</member>",
            stack_id(stack),
            self.id,
            self.logical_id,
            self.resource_type,
            self.status
        )
    }
}

/// XML text escaping.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
