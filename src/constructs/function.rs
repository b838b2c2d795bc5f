//! L2 Lambda function: the function, its execution role and its own log group, together.

use super::iam::service_role;
use super::log_group::owned_log_group;
use super::metric::Metric;
use super::perms;
use crate::resources::cloudwatch::Statistic;
use crate::resources::iam::{InlinePolicy, PolicyDocument, Role, Statement};
use crate::resources::lambda::{Code, Environment, Function, LoggingConfig, TracingConfig};
use crate::resources::logs::LogGroup;
use crate::resources::OrderedMap;
use crate::template::{Expr, Handle, Stack};

/// A Rust (or any custom-runtime) function on Amazon Linux 2023.
///
/// Defaults: x86_64, `provided.al2023`, handler `bootstrap`, JSON logs to a log group the
/// stack owns (so its retention is set, and it is deleted with the stack), an execution role
/// that may write only to that log group.
#[derive(Clone, Debug)]
pub struct FunctionProps {
    pub function_name: String,
    pub role_name: String,
    pub description: String,
    /// Where the deployment package is: never inline placeholder code.
    pub code: Code,
    /// Default: 256 MB.
    pub memory_mb: u32,
    /// Default: 60 seconds.
    pub timeout_seconds: u32,
    /// Default: none (the function scales with the account's unreserved concurrency).
    pub reserved_concurrency: Option<u32>,
    pub environment: OrderedMap,
    pub log_retention_days: Expr,
    /// An existing execution role (an ARN) instead of `role_name`'s new one. Its owner
    /// grants what the function needs; the stack cannot add to it.
    pub existing_role: Option<Expr>,
    /// X-Ray active tracing. Default: off.
    pub tracing: bool,
}

impl FunctionProps {
    pub fn new(function_name: &str, role_name: &str, code: Code) -> Self {
        FunctionProps {
            function_name: function_name.to_string(),
            role_name: role_name.to_string(),
            description: String::new(),
            code,
            memory_mb: 256,
            timeout_seconds: 60,
            reserved_concurrency: None,
            environment: OrderedMap::default(),
            log_retention_days: 30u32.into(),
            existing_role: None,
            tracing: false,
        }
    }
}

/// The function's resources in the stack.
#[derive(Clone, Debug)]
pub struct LambdaFunction {
    pub function: Handle<Function>,
    /// The role the stack created; `None` when the function uses an existing role.
    pub role: Option<Handle<Role>>,
    pub role_arn: Expr,
    pub log_group: Handle<LogGroup>,
    pub timeout_seconds: u32,
}

/// Creates `{prefix}LogGroup`, `{prefix}Role` and `{prefix}Function`.
pub fn lambda_function(stack: &mut Stack, prefix: &str, props: FunctionProps) -> LambdaFunction {
    let log_group = owned_log_group(
        stack,
        &[prefix, "LogGroup"].concat(),
        ["/aws/lambda/", &props.function_name].concat(),
        props.log_retention_days,
    );
    let role = match props.existing_role {
        Some(_) => None,
        None => {
            let mut role = service_role(&props.role_name, "lambda.amazonaws.com");
            role.description = Some(["Execution role of ", &props.function_name].concat());
            Some(stack.add(&[prefix, "Role"].concat(), role))
        }
    };
    let role_arn = match (&role, props.existing_role) {
        (Some(role), _) => role.arn(),
        (None, Some(arn)) => arn,
        (None, None) => unreachable!("a function has a role"),
    };
    let function = stack.add(
        &[prefix, "Function"].concat(),
        Function {
            function_name: Some(props.function_name.into()),
            description: (!props.description.is_empty()).then_some(props.description),
            runtime: "provided.al2023".into(),
            handler: "bootstrap".into(),
            architectures: vec!["x86_64".into()],
            code: props.code,
            role: role_arn.clone(),
            memory_size: Some(props.memory_mb.into()),
            timeout: Some(props.timeout_seconds.into()),
            reserved_concurrent_executions: props.reserved_concurrency.map(Into::into),
            environment: (!props.environment.is_empty()).then_some(Environment {
                variables: props.environment,
            }),
            logging_config: Some(LoggingConfig {
                log_format: "JSON".into(),
                log_group: Some(log_group.name()),
                application_log_level: Some("INFO".into()),
                system_log_level: Some("WARN".into()),
            }),
            tracing_config: props.tracing.then(|| TracingConfig {
                mode: "Active".into(),
            }),
            vpc_config: None,
            kms_key_arn: None,
            tags: Vec::new(),
        },
    );
    let lambda = LambdaFunction {
        function,
        role,
        role_arn,
        log_group,
        timeout_seconds: props.timeout_seconds,
    };
    let write_logs = Statement::allow("WriteLogs", perms::LOGS_WRITE, vec![lambda.log_group.arn()]);
    lambda.add_to_role_policy(stack, vec![write_logs]);
    if props.tracing {
        // X-Ray's trace actions have no resource type: IAM allows them only on "*".
        let traces = Statement::allow("SendTraces", perms::XRAY_WRITE, vec![Expr::str("*")]);
        lambda.add_to_role_policy(stack, vec![traces]);
    }
    lambda
}

impl LambdaFunction {
    /// Adds statements to the role's inline policy (named after the role's purpose, one per
    /// role, so the role stays within IAM's inline-policy size limit as a single document).
    /// Nothing is added to an existing role: its owner grants what the function needs.
    pub fn add_to_role_policy(&self, stack: &mut Stack, statements: Vec<Statement>) {
        let Some(role) = &self.role else {
            return;
        };
        let role = stack.get_mut(role);
        match role.policies.first_mut() {
            Some(policy) => policy.policy_document.statement.extend(statements),
            None => role.policies.push(InlinePolicy {
                policy_name: "least-privilege".into(),
                policy_document: PolicyDocument::new(statements),
            }),
        }
    }

    fn metric(&self, name: &'static str) -> Metric {
        Metric::new("AWS/Lambda", name, ("FunctionName", self.function.name()))
    }

    pub fn metric_errors(&self) -> Metric {
        self.metric("Errors").unit("errors")
    }

    pub fn metric_duration(&self) -> Metric {
        self.metric("Duration")
            .statistic(Statistic::Maximum)
            .unit("ms")
    }

    pub fn metric_invocations(&self) -> Metric {
        self.metric("Invocations").unit("invocations")
    }

    pub fn metric_throttles(&self) -> Metric {
        self.metric("Throttles").unit("throttles")
    }

    /// Instances running at once (per function: CloudWatch publishes it by `FunctionName`).
    pub fn metric_concurrent_executions(&self) -> Metric {
        self.metric("ConcurrentExecutions")
            .statistic(Statistic::Maximum)
            .unit("instances")
    }

    pub fn metric_average_duration(&self) -> Metric {
        self.metric("Duration")
            .statistic(Statistic::Average)
            .unit("ms")
    }

    /// Age of the newest record a stream-triggered function has read: how far it lags.
    pub fn metric_iterator_age(&self) -> Metric {
        self.metric("IteratorAge")
            .statistic(Statistic::Maximum)
            .unit("ms")
    }
}
