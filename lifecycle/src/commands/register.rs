//! `zael register`: the records zae-limiter's `Repository.connect()` needs on a deployed
//! limiter stack (the namespace registry and the version record).

use std::process::ExitCode;

use clap::Args;

use crate::aws::Target;
use crate::register::{register, Place, Report};

#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// The deployed stack (and table) name, as given to `aws cloudformation deploy`.
    #[arg(long, value_name = "STACK", value_parser = library_stack_name, conflicts_with = "name")]
    stack_name: Option<String>,
    /// The --name the stack was synthesized with: the stack is ZAEL-{name}. Default: limiter.
    #[arg(long, value_name = "NAME", value_parser = zael::stacks::values::stack_name)]
    name: Option<String>,
    /// A namespace to register (repeatable). Default: default.
    #[arg(long = "namespace", value_name = "NAME", value_parser = namespace_name)]
    namespaces: Vec<String>,
    /// The AWS region. Default: the SDK's (AWS_REGION, then the profile's).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// Another endpoint for DynamoDB (moto server, LocalStack).
    #[arg(long, value_name = "URL", value_parser = crate::args::endpoint_url)]
    endpoint_url: Option<String>,
    /// A profile of the shared AWS config files. Default: the SDK's credential chain.
    #[arg(long, value_name = "PROFILE")]
    profile: Option<String>,
}

/// What `--stack-name` or `--namespace` may not be.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("not a stack name; expected a letter first, then letters, digits and hyphens, at most 55 characters")]
    StackName,
    #[error("`_` is reserved for the records every namespace shares")]
    ReservedNamespace,
    #[error("expected 1-256 characters, without control characters")]
    NamespaceShape,
}

/// The library's stack-name rules (its table is named after the stack): a letter first, then
/// letters, digits and hyphens, at most 55 characters.
fn library_stack_name(value: &str) -> Result<String, NameError> {
    let valid = value.len() <= 55
        && value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(value.to_string())
    } else {
        Err(NameError::StackName)
    }
}

/// A namespace name: the library keys its registry record by it (`#NAMESPACE#{name}`) and
/// reserves `_` for the shared records.
pub fn namespace_name(value: &str) -> Result<String, NameError> {
    if value == "_" {
        return Err(NameError::ReservedNamespace);
    }
    if value.is_empty() || value.len() > 256 || value.chars().any(char::is_control) {
        return Err(NameError::NamespaceShape);
    }
    Ok(value.to_string())
}

pub async fn run(args: RegisterArgs) -> ExitCode {
    let table = match (args.stack_name, args.name) {
        (Some(stack), _) => stack,
        (None, name) => format!("ZAEL-{}", name.as_deref().unwrap_or("limiter")),
    };
    let namespaces = if args.namespaces.is_empty() {
        vec!["default".to_string()]
    } else {
        args.namespaces
    };
    let target = Target {
        region: args.region,
        endpoint_url: args.endpoint_url,
        profile: args.profile,
    };
    if let Some(problem) = target.profile_problem().await {
        eprintln!("error: {problem}");
        return ExitCode::from(2);
    }
    let config = target.load().await;
    if config.region().is_none() {
        eprintln!("error: no AWS region: pass --region, or set AWS_REGION or a profile's region");
        return ExitCode::from(2);
    }
    let place = Place {
        table,
        location: target.describe(&config),
    };
    let client = aws_sdk_dynamodb::Client::new(&config);
    let updated_by = format!("zael register (zael {})", env!("CARGO_PKG_VERSION"));
    match register(&client, &place, &namespaces, &updated_by).await {
        Ok(report) => {
            print!("{}", report_text(&report, &place.table));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// What was registered, one line a namespace and one for the version record (also printed by
/// `deploy` after a limiter stack settles).
pub fn report_text(report: &Report, table: &str) -> String {
    let mut text = String::new();
    for ns in &report.namespaces {
        let state = if ns.created {
            "registered"
        } else {
            "already registered"
        };
        text.push_str(&format!("namespace {}: id {} ({state})\n", ns.name, ns.id));
    }
    let v = &report.version;
    text.push_str(&format!(
        "version record of {table}: schema_version {}, lambda_version {}, client_min_version {}\n",
        v.schema_version, v.lambda_version, v.client_min_version
    ));
    text
}
