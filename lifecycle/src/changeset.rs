//! Change sets: created for every deploy, so what will happen is known (and shown) before
//! anything happens, and left for review with `--no-execute`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudformation::types::{Capability, ChangeSetType, Parameter};

use crate::clients::Clients;
use crate::deadline::{self, Deadline};
use crate::failure::{self, Failure};

/// A change set CloudFormation made.
pub enum Prepared {
    /// Ready to execute.
    Ready {
        id: String,
        name: String,
        /// The stack it belongs to (for a CREATE change set, the stack it makes).
        stack_id: String,
    },
    /// The template and parameters are those deployed: nothing to do (the change set is
    /// deleted).
    NoChanges,
}

/// CloudFormation's words for a change set without changes.
fn is_empty_reason(reason: &str) -> bool {
    reason.contains("didn't contain changes")
        || reason.contains("No updates are to be performed")
        || reason.contains("does not contain changes")
}

/// Creates the change set of `body` (with `parameters`) for `stack` and waits until CloudFormation has computed
/// it. `create` when the stack does not exist yet (or only as a change set's placeholder).
pub async fn prepare(
    clients: &Clients,
    stack: &str,
    body: &str,
    parameters: Vec<Parameter>,
    create: bool,
    poll: Duration,
    deadline: Deadline,
) -> Result<Prepared, Failure> {
    // Milliseconds, so a deploy right after a `--no-execute` does not reuse its name.
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let name = format!("zael-{millis}");
    let created = clients
        .cloudformation
        .create_change_set()
        .stack_name(stack)
        .change_set_name(&name)
        .template_body(body)
        .set_parameters((!parameters.is_empty()).then_some(parameters))
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        .change_set_type(if create {
            ChangeSetType::Create
        } else {
            ChangeSetType::Update
        })
        .description(format!("zael deploy (zael {})", env!("CARGO_PKG_VERSION")))
        .send()
        .await
        .map_err(|e| failure::aws(&format!("CreateChangeSet {stack}"), &clients.location, &e))?;
    let id = created.id().unwrap_or(&name).to_string();
    let stack_id = created.stack_id().unwrap_or(stack).to_string();
    loop {
        let described = clients
            .cloudformation
            .describe_change_set()
            .change_set_name(&id)
            .stack_name(stack)
            .send()
            .await
            .map_err(|e| {
                failure::aws(&format!("DescribeChangeSet {name}"), &clients.location, &e)
            })?;
        let status = described.status().map(|s| s.as_str()).unwrap_or("");
        let reason = described.status_reason().unwrap_or("");
        match status {
            "CREATE_COMPLETE" => return Ok(Prepared::Ready { id, name, stack_id }),
            "FAILED" if is_empty_reason(reason) => {
                let _ = clients
                    .cloudformation
                    .delete_change_set()
                    .change_set_name(&id)
                    .stack_name(stack)
                    .send()
                    .await;
                return Ok(Prepared::NoChanges);
            }
            "FAILED" => {
                return Err(Failure::failed(format!(
                    "CloudFormation refused the change set {name} of {stack}: {reason}"
                )))
            }
            _ => {
                if let Err(expired) = deadline.pause(poll).await {
                    return Err(Failure::failed(not_ready_text(
                        stack,
                        &name,
                        status,
                        expired.limit,
                    )));
                }
            }
        }
    }
}

/// A change set CloudFormation has not computed within `--change-set-timeout`: nothing was
/// changed; what to look at and how to clean up.
pub fn not_ready_text(stack: &str, name: &str, status: &str, limit: Duration) -> String {
    format!(
        "the change set {name} of {stack} is still {status} after {} (--change-set-timeout): nothing was executed; \
         see why with `aws cloudformation describe-change-set --stack-name {stack} --change-set-name {name}`, \
         remove it with `aws cloudformation delete-change-set --stack-name {stack} --change-set-name {name}`, \
         and deploy again (with a longer --change-set-timeout if CloudFormation is only slow)",
        deadline::describe(limit)
    )
}

pub async fn execute(clients: &Clients, stack: &str, id: &str) -> Result<(), Failure> {
    clients
        .cloudformation
        .execute_change_set()
        .change_set_name(id)
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| failure::aws(&format!("ExecuteChangeSet {stack}"), &clients.location, &e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_set_past_its_deadline_says_its_state_and_the_way_out() {
        let text = not_ready_text(
            "ZAEL-x",
            "zael-1",
            "CREATE_PENDING",
            Duration::from_secs(600),
        );
        assert!(
            text.starts_with("the change set zael-1 of ZAEL-x is still CREATE_PENDING after 10 min (--change-set-timeout): nothing was executed"),
            "{text}"
        );
        assert!(
            text.contains(
                "aws cloudformation delete-change-set --stack-name ZAEL-x --change-set-name zael-1"
            ),
            "{text}"
        );
    }
}
