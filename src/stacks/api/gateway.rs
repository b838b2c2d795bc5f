//! The REST API: `POST /` proxied to the handler with an API key required, gateway responses
//! that say why a request was refused, a deployment and the `prod` stage with throttling,
//! JSON access logs, execution logs of errors and X-Ray tracing.

use sha2::{Digest, Sha256};

use super::account::add_account;
use super::names::Names;
use super::options::ApiOptions;
use crate::constructs::{owned_log_group, LambdaFunction};
use crate::resources::apigateway::{
    AccessLogSetting, Deployment, EndpointConfiguration, GatewayResponse, Integration, Method,
    MethodSetting, RestApi, Stage,
};
use crate::resources::lambda::Permission;
use crate::resources::logs::LogGroup;
use crate::resources::OrderedMap;
use crate::template::{Expr, Handle, Resource, Stack};

/// The stage name, as the seed's CDK sample deploys it.
pub const STAGE_NAME: &str = "prod";

/// What the stage's execution logs record.
pub const EXECUTION_LOG_LEVEL: &str = "ERROR";

/// What each access-log line holds: the seed's request ID, source IP, user agent and status,
/// plus what answers "who, what, how slow, and who refused it" without the execution logs.
pub const ACCESS_LOG_FIELDS: [(&str, &str); 12] = [
    ("requestId", "$context.requestId"),
    ("sourceIp", "$context.identity.sourceIp"),
    ("userAgent", "$context.identity.userAgent"),
    ("status", "$context.status"),
    ("requestTime", "$context.requestTime"),
    ("httpMethod", "$context.httpMethod"),
    ("resourcePath", "$context.resourcePath"),
    ("protocol", "$context.protocol"),
    ("responseLength", "$context.responseLength"),
    ("apiKeyId", "$context.identity.apiKeyId"),
    ("wafResponseCode", "$context.wafResponseCode"),
    ("integrationLatency", "$context.integration.latency"),
];

/// Refusals with a body that says what happened and what to do, instead of API Gateway's
/// bare `{"message":"Forbidden"}`. The request ID lets a client quote the access-log line.
pub const GATEWAY_RESPONSES: [(&str, &str, &str, &str); 5] = [
    (
        "InvalidApiKeyResponse",
        "INVALID_API_KEY",
        "403",
        "Missing or invalid API key: send your key in the x-api-key header",
    ),
    // API Gateway's answer to any other path or method is a puzzling "Missing
    // Authentication Token"; say what the API serves instead.
    (
        "NotFoundResponse",
        "MISSING_AUTHENTICATION_TOKEN",
        "403",
        "No such route: this API serves POST / with your key in the x-api-key header",
    ),
    (
        "ThrottledResponse",
        "THROTTLED",
        "429",
        "Too many requests: over the rate limit of your usage plan or of the API; retry with backoff",
    ),
    (
        "QuotaExceededResponse",
        "QUOTA_EXCEEDED",
        "429",
        "Daily quota of your usage plan exceeded; it resets at 00:00 UTC",
    ),
    (
        "WafFilteredResponse",
        "WAF_FILTERED",
        "403",
        "Blocked by the web application firewall: too many requests from your IP address, a request matching a known exploit, or an address on a threat list",
    ),
];

pub struct Gateway {
    pub api: Handle<RestApi>,
    pub stage: Handle<Stage>,
    /// The stage's access logs: one JSON object per request ([`ACCESS_LOG_FIELDS`]).
    pub access_logs: Handle<LogGroup>,
}

pub fn add_gateway(
    stack: &mut Stack,
    options: &ApiOptions,
    names: &Names,
    log_retention_days: Expr,
    handler: &LambdaFunction,
) -> Gateway {
    let api = stack.add(
        "RestApi",
        RestApi {
            name: names.stack().into(),
            description: Some(format!(
                "{}: POST / stores a movie item (seed 003)",
                names.stack()
            )),
            endpoint_configuration: Some(EndpointConfiguration {
                types: vec!["REGIONAL".into()],
            }),
            api_key_source_type: Some("HEADER".into()),
            tags: Vec::new(),
        },
    );
    let method = Method {
        rest_api_id: api.id(),
        resource_id: api.root_resource_id(),
        http_method: "POST".into(),
        // The API key identifies the consumer and its plan; requests carry no IAM or
        // Cognito identity, as in the seed.
        authorization_type: "NONE".into(),
        api_key_required: true,
        operation_name: Some("PutMovie".into()),
        integration: Integration {
            kind: "AWS_PROXY".into(),
            integration_http_method: "POST".into(),
            uri: Expr::sub(format!(
                "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{}.Arn}}/invocations",
                handler.function.logical_id()
            )),
        },
    };
    let responses: Vec<GatewayResponse> = GATEWAY_RESPONSES
        .iter()
        .map(|(_, kind, status, message)| gateway_response(&api, kind, status, message))
        .collect();
    let deployment_id = deployment_id(&method, &responses);
    let method = stack.add("PostMethod", method);
    let deployment = stack.add(
        &deployment_id,
        Deployment {
            rest_api_id: api.id(),
            description: Some("POST / with its gateway responses".into()),
        },
    );
    stack.depends_on(&deployment, &method);
    for ((id, ..), response) in GATEWAY_RESPONSES.iter().zip(responses) {
        let response = stack.add(id, response);
        stack.depends_on(&deployment, &response);
    }
    allow_invocation(stack, &api, handler);
    let account = add_account(stack);
    let access_logs = owned_log_group(
        stack,
        "AccessLogGroup",
        names.access_log_group(),
        log_retention_days.clone(),
    );
    // API Gateway writes execution logs to a group of this fixed name, and would create it
    // itself with no retention (kept forever, outside the stack); created here first, it
    // has the stack's retention and goes with the stack.
    let execution_logs = owned_log_group(
        stack,
        "ExecutionLogGroup",
        Expr::sub(format!(
            "API-Gateway-Execution-Logs_${{{}}}/{STAGE_NAME}",
            api.logical_id()
        )),
        log_retention_days,
    );
    let stage = stack.add(
        "Stage",
        Stage {
            rest_api_id: api.id(),
            deployment_id: deployment.id(),
            stage_name: STAGE_NAME.into(),
            description: Some(format!(
                "Throttled to {} requests/s, burst {}; JSON access logs; execution logs of errors; X-Ray",
                options.stage_rate_limit, options.stage_burst_limit
            )),
            tracing_enabled: true,
            access_log_setting: Some(AccessLogSetting {
                // The group's `Arn` attribute ends in `:*`, which API Gateway refuses here.
                destination_arn: Expr::sub(format!(
                    "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{{}}}",
                    access_logs.logical_id()
                )),
                format: access_log_format(),
            }),
            method_settings: vec![MethodSetting {
                resource_path: "/*".into(),
                http_method: "*".into(),
                throttling_rate_limit: f64::from(options.stage_rate_limit),
                throttling_burst_limit: options.stage_burst_limit,
                metrics_enabled: true,
                // Errors only: why an integration failed, not every request (the access
                // logs have those). No data tracing: bodies hold consumers' data, and
                // AWS advises against it in production.
                logging_level: Some(EXECUTION_LOG_LEVEL.into()),
                data_trace_enabled: Some(false),
            }],
            tags: Vec::new(),
        },
    );
    // API Gateway refuses access logging in a region whose account settings name no
    // CloudWatch role.
    stack.depends_on(&stage, &account);
    stack.depends_on(&stage, &execution_logs);
    Gateway {
        api,
        stage,
        access_logs,
    }
}

/// One JSON object per request, fields in [`ACCESS_LOG_FIELDS`] order.
pub fn access_log_format() -> String {
    let fields: Vec<String> = ACCESS_LOG_FIELDS
        .iter()
        .map(|(name, variable)| format!("\"{name}\":\"{variable}\""))
        .collect();
    format!("{{{}}}", fields.join(","))
}

fn gateway_response(
    api: &Handle<RestApi>,
    kind: &str,
    status: &str,
    message: &str,
) -> GatewayResponse {
    let body = format!(
        "{{\"message\":{},\"requestId\":\"$context.requestId\"}}",
        serde_json::Value::String(message.into())
    );
    let mut templates = OrderedMap::default();
    templates.insert("application/json", body);
    GatewayResponse {
        rest_api_id: api.id(),
        response_type: kind.into(),
        status_code: status.into(),
        response_templates: templates,
    }
}

/// A deployment is a snapshot: CloudFormation creates a new one only when its logical ID
/// changes, so the ID carries a hash of what it deploys. Without it, a changed method or
/// gateway response would reach the template but never the live stage.
fn deployment_id(method: &Method, responses: &[GatewayResponse]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.properties().to_string());
    for response in responses {
        hasher.update(response.properties().to_string());
    }
    let digest = hasher.finalize();
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("Deployment{hex}")
}

/// Lets this API's `POST /` on the stage, and nothing else, invoke the handler.
fn allow_invocation(stack: &mut Stack, api: &Handle<RestApi>, handler: &LambdaFunction) {
    stack.add(
        "HandlerInvokePermission",
        Permission {
            action: "lambda:InvokeFunction".into(),
            function_name: handler.function.arn(),
            principal: "apigateway.amazonaws.com".into(),
            source_arn: Some(Expr::sub(format!(
                "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{}}}/{STAGE_NAME}/POST/",
                api.logical_id()
            ))),
            source_account: None,
        },
    );
}
