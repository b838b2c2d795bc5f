//! The fleet's stack sets as StackSets has them: DescribeStackSet (template, parameters),
//! ListStackInstances, and DescribeStackInstance for each instance's parameter overrides. The
//! result is the document `zael fleet status --format json` writes and `zael fleet plan
//! --offline --deployed` reads.

use std::collections::BTreeMap;

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_sdk_cloudformation::operation::describe_stack_set::DescribeStackSetOutput;
use aws_sdk_cloudformation::types::{CallAs, Parameter};
use zael::fleet::deployed::{Deployed, DeployedInstance, DeployedStackSet};

use crate::failure::{self, Failure};

/// Where the StackSets calls go, and as whom.
#[derive(Clone)]
pub struct StackSets {
    pub client: aws_sdk_cloudformation::Client,
    /// `region us-east-1 at http://...`, for messages.
    pub location: String,
    /// `DELEGATED_ADMIN` when the fleet says so (service-managed).
    pub call_as: Option<CallAs>,
}

/// Every item of a paginated StackSets list `request`, called as `api`'s principal. The SDK
/// gives each request and each paginator its own type, with no trait in common: a macro.
macro_rules! list_all {
    ($api:expr, $request:expr) => {
        $request
            .set_call_as($api.call_as.clone())
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
    };
}
pub(crate) use list_all;

/// Parameters as a map.
pub fn parameter_map(parameters: &[Parameter]) -> BTreeMap<String, String> {
    parameters
        .iter()
        .filter_map(|p| {
            Some((
                p.parameter_key()?.to_string(),
                p.parameter_value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

/// DescribeStackInstance calls in flight at once.
const DESCRIBES_AT_ONCE: usize = 8;

type Described = Result<(usize, BTreeMap<String, String>), Failure>;

/// Waits for one describe and stores its overrides.
async fn collect_one(
    pending: &mut tokio::task::JoinSet<Described>,
    overrides: &mut [Option<BTreeMap<String, String>>],
) -> Result<(), Failure> {
    if let Some(joined) = pending.join_next().await {
        let (index, values) = joined
            .map_err(|e| Failure::failed(format!("reading a stack instance failed: {e}")))??;
        overrides[index] = Some(values);
    }
    Ok(())
}

/// The stack sets `names` that exist, with their instances.
pub async fn fetch(api: &StackSets, names: &[String]) -> Result<Deployed, Failure> {
    let mut deployed = Deployed::default();
    for name in names {
        if let Some(set) = fetch_one(api, name).await? {
            deployed.stack_sets.push(set);
        }
    }
    Ok(deployed)
}

/// DescribeStackSet `name`; `None` when StackSets has no such stack set (never created, or
/// deleted since it was listed).
pub async fn describe(
    api: &StackSets,
    name: &str,
) -> Result<Option<DescribeStackSetOutput>, Failure> {
    let described = api
        .client
        .describe_stack_set()
        .stack_set_name(name)
        .set_call_as(api.call_as.clone())
        .send()
        .await;
    match described {
        Ok(output) => Ok(Some(output)),
        Err(error) if error.code() == Some("StackSetNotFoundException") => Ok(None),
        Err(error) => Err(failure::aws(
            &format!("DescribeStackSet {name}"),
            &api.location,
            &error,
        )),
    }
}

pub async fn fetch_one(api: &StackSets, name: &str) -> Result<Option<DeployedStackSet>, Failure> {
    let Some(described) = describe(api, name).await? else {
        return Ok(None);
    };
    let Some(set) = described.stack_set() else {
        return Ok(None);
    };
    let status = set
        .status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    if status == "DELETED" {
        return Ok(None);
    }
    let body = set.template_body().unwrap_or_default();
    let template = zael::check::input::parse_template(body).map_err(|e| {
        Failure::failed(format!(
            "stack set {name}'s template cannot be read ({}): {e}",
            api.location
        ))
    })?;
    let summaries = list_all!(api, api.client.list_stack_instances().stack_set_name(name))
        .map_err(|e| failure::aws(&format!("ListStackInstances {name}"), &api.location, &e))?;
    // One DescribeStackInstance per instance (only it carries the parameter overrides), a
    // few at a time: a fleet of thousands is read in seconds, not minutes.
    let mut overrides: Vec<Option<BTreeMap<String, String>>> = vec![None; summaries.len()];
    let mut pending = tokio::task::JoinSet::new();
    for (index, summary) in summaries.iter().enumerate() {
        if pending.len() >= DESCRIBES_AT_ONCE {
            collect_one(&mut pending, &mut overrides).await?;
        }
        let (api, name) = (api.clone(), name.to_string());
        let account = summary.account().unwrap_or_default().to_string();
        let region = summary.region().unwrap_or_default().to_string();
        pending.spawn(async move {
            let described = api
                .client
                .describe_stack_instance()
                .stack_set_name(&name)
                .stack_instance_account(&account)
                .stack_instance_region(&region)
                .set_call_as(api.call_as.clone())
                .send()
                .await
                .map_err(|e| {
                    failure::aws(
                        &format!("DescribeStackInstance {name} {account}/{region}"),
                        &api.location,
                        &e,
                    )
                })?;
            let values = described
                .stack_instance()
                .map(|i| parameter_map(i.parameter_overrides()))
                .unwrap_or_default();
            Ok::<_, Failure>((index, values))
        });
    }
    while !pending.is_empty() {
        collect_one(&mut pending, &mut overrides).await?;
    }
    let mut instances = Vec::new();
    for (summary, parameter_overrides) in summaries.iter().zip(overrides) {
        instances.push(DeployedInstance {
            account: summary.account().unwrap_or_default().to_string(),
            region: summary.region().unwrap_or_default().to_string(),
            organizational_unit: summary.organizational_unit_id().map(str::to_string),
            status: summary
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            status_reason: summary.status_reason().map(str::to_string),
            parameter_overrides: parameter_overrides.unwrap_or_default(),
        });
    }
    instances.sort_by(|a, b| (&a.account, &a.region).cmp(&(&b.account, &b.region)));
    Ok(Some(DeployedStackSet {
        name: name.to_string(),
        status,
        template,
        parameters: parameter_map(set.parameters()),
        instances,
    }))
}
