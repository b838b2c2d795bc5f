//! Following one StackSets operation until it settles: DescribeStackSetOperation for its
//! status, ListStackSetOperationResults for each instance's. One status table (target,
//! status, first failure reason): redrawn in place on a terminal, a line per change
//! otherwise, and printed whole once the operation settles.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::operation::create_stack_instances::CreateStackInstancesOutput;
use aws_sdk_cloudformation::operation::delete_stack_instances::DeleteStackInstancesOutput;
use aws_sdk_cloudformation::operation::update_stack_instances::UpdateStackInstancesOutput;
use aws_sdk_cloudformation::operation::update_stack_set::UpdateStackSetOutput;

use crate::commands::Polling;
use crate::deadline::{self, Deadline};
use crate::failure::{self, Failure};

use super::advice;
use super::state::{list_all, StackSets};

/// One instance's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceResult {
    /// `111122223333/us-east-1`.
    pub target: String,
    /// PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED.
    pub status: String,
    /// The first failure reason, with what to do.
    pub reason: Option<String>,
}

/// How an operation ended.
#[derive(Debug)]
pub struct Settled {
    /// SUCCEEDED, FAILED or STOPPED.
    pub status: String,
    pub results: Vec<InstanceResult>,
}

impl Settled {
    pub fn failed(&self) -> Vec<&InstanceResult> {
        self.results
            .iter()
            .filter(|r| r.status == "FAILED")
            .collect()
    }
}

/// The answer to a call that starts an operation; the SDK gives each call its own type.
pub trait Started {
    fn operation_id(&self) -> Option<&str>;
}

macro_rules! started {
    ($($output:ty),*) => {$(
        impl Started for $output {
            fn operation_id(&self) -> Option<&str> {
                <$output>::operation_id(self)
            }
        }
    )*};
}

started!(
    CreateStackInstancesOutput,
    DeleteStackInstancesOutput,
    UpdateStackInstancesOutput,
    UpdateStackSetOutput
);

/// What an operation is, for messages: `CreateStackInstances of ZAEL-x`.
pub struct Operation<'a> {
    pub stack_set: &'a str,
    pub id: &'a str,
    pub what: &'a str,
    pub execution_role: Option<&'a str>,
}

impl Operation<'_> {
    /// AWS refused `call` about this operation.
    fn aws_error<E, R>(&self, api: &StackSets, call: &str, error: &SdkError<E, R>) -> Failure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        let what = format!("{call} {} of {}", self.id, self.stack_set);
        failure::aws(&what, &api.location, error)
    }
}

pub async fn follow(
    api: &StackSets,
    operation: &Operation<'_>,
    polling: Polling,
) -> Result<Settled, Failure> {
    let (poll, limit) = (polling.interval(), polling.stack_limit());
    let deadline = Deadline::starting_now(limit);
    let live = std::io::stderr().is_terminal();
    let mut shown: BTreeMap<String, InstanceResult> = BTreeMap::new();
    let mut drawn_lines = 0usize;
    loop {
        let status = describe(api, operation).await?;
        let results = results(api, operation).await?;
        for result in &results {
            if shown.get(&result.target) != Some(result) {
                if !live {
                    println!("  {}", line(result));
                }
                shown.insert(result.target.clone(), result.clone());
            }
        }
        if live {
            drawn_lines = redraw(&shown, drawn_lines, operation, &status);
        }
        if matches!(status.as_str(), "SUCCEEDED" | "FAILED" | "STOPPED") {
            if live && drawn_lines > 0 {
                // The table is printed whole below: clear the live one.
                eprint!("\x1b[{drawn_lines}A\x1b[J");
            }
            return Ok(Settled {
                status,
                results: shown.into_values().collect(),
            });
        }
        if deadline.pause(poll).await.is_err() {
            return Err(Failure::failed(format!(
                "{} (operation {}) is still {status} after {}: zael stops waiting (StackSets does not); follow it with `aws cloudformation describe-stack-set-operation --stack-set-name {} --operation-id {}`, or stop it with `aws cloudformation stop-stack-set-operation`",
                operation.what,
                operation.id,
                deadline::describe(limit),
                operation.stack_set,
                operation.id
            )));
        }
    }
}

/// `111122223333/us-east-1  FAILED  reason`.
pub fn line(result: &InstanceResult) -> String {
    match &result.reason {
        Some(reason) => format!("{}  {}  {reason}", result.target, result.status),
        None => format!("{}  {}", result.target, result.status),
    }
}

/// The table, aligned.
pub fn table(results: &[InstanceResult]) -> String {
    // A column is as wide as its longest value, and at least as its heading.
    let width = |of: fn(&InstanceResult) -> usize| results.iter().map(of).max().unwrap_or(0).max(6);
    let target_w = width(|r| r.target.len());
    let status_w = width(|r| r.status.len());
    let mut out = format!(
        "  {:target_w$}  {:status_w$}  FIRST FAILURE REASON\n",
        "TARGET", "STATUS"
    );
    for r in results {
        out.push_str(&format!(
            "  {:target_w$}  {:status_w$}  {}\n",
            r.target,
            r.status,
            r.reason.as_deref().unwrap_or("-")
        ));
    }
    out
}

fn redraw(
    shown: &BTreeMap<String, InstanceResult>,
    previous: usize,
    operation: &Operation<'_>,
    status: &str,
) -> usize {
    let results: Vec<InstanceResult> = shown.values().cloned().collect();
    let text = format!(
        "{} {}: {status}\n{}",
        operation.what,
        operation.id,
        table(&results)
    );
    let mut stderr = std::io::stderr().lock();
    if previous > 0 {
        let _ = write!(stderr, "\x1b[{previous}A\x1b[J");
    }
    let _ = write!(stderr, "{text}");
    let _ = stderr.flush();
    text.lines().count()
}

async fn describe(api: &StackSets, operation: &Operation<'_>) -> Result<String, Failure> {
    let output = api
        .client
        .describe_stack_set_operation()
        .stack_set_name(operation.stack_set)
        .operation_id(operation.id)
        .set_call_as(api.call_as.clone())
        .send()
        .await
        .map_err(|e| operation.aws_error(api, "DescribeStackSetOperation", &e))?;
    Ok(output
        .stack_set_operation()
        .and_then(|o| o.status())
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|| "RUNNING".into()))
}

async fn results(
    api: &StackSets,
    operation: &Operation<'_>,
) -> Result<Vec<InstanceResult>, Failure> {
    let request = api
        .client
        .list_stack_set_operation_results()
        .stack_set_name(operation.stack_set)
        .operation_id(operation.id);
    let summaries = list_all!(api, request)
        .map_err(|e| operation.aws_error(api, "ListStackSetOperationResults", &e))?;
    let mut results: Vec<InstanceResult> = summaries
        .iter()
        .map(|s| {
            let target = format!(
                "{}/{}",
                s.account().unwrap_or("?"),
                s.region().unwrap_or("?")
            );
            let status = s
                .status()
                .map(|x| x.as_str().to_string())
                .unwrap_or_default();
            let reason = s
                .status_reason()
                .filter(|r| !r.is_empty() && status != "SUCCEEDED")
                .map(|r| advice::explain(&target, r, operation.execution_role));
            InstanceResult {
                target,
                status,
                reason,
            }
        })
        .collect();
    results.sort_by(|a, b| a.target.cmp(&b.target));
    Ok(results)
}
