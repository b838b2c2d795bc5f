//! How a stack operation ended: success, or the first cause (the resource that failed first
//! and why) and the way out of the state the stack is left in.

use std::time::Duration;

use crate::deadline;
use crate::watch::Event;

/// Statuses an operation ends well in.
const SUCCESS: &[&str] = &[
    "CREATE_COMPLETE",
    "UPDATE_COMPLETE",
    "IMPORT_COMPLETE",
    "DELETE_COMPLETE",
];

pub fn succeeded(status: &str) -> bool {
    SUCCESS.contains(&status)
}

/// The events' first failure that is a cause: CloudFormation cancels the resources still in
/// progress once one fails, and those cancellations come after the cause.
pub fn first_cause(events: &[Event]) -> Option<&Event> {
    let cancelled = |e: &&Event| {
        e.reason
            .as_deref()
            .is_some_and(|r| r.contains("cancelled") || r.contains("canceled"))
    };
    let failed: Vec<&Event> = events.iter().filter(|e| e.failed()).collect();
    failed
        .iter()
        .find(|e| !cancelled(e))
        .or(failed.first())
        .copied()
}

/// What to do with a stack left in `status`, named `stack`.
pub fn way_out(status: &str, stack: &str, command: &str) -> String {
    match status {
        "ROLLBACK_COMPLETE" => format!(
            "the stack was never created and cannot be updated: delete it (`zael delete --yes` with the same flags, or `aws cloudformation delete-stack --stack-name {stack}`), fix the cause and deploy again"
        ),
        "ROLLBACK_FAILED" => format!(
            "the creation failed and so did its rollback: fix or remove the resources named above by hand, then delete the stack (`aws cloudformation delete-stack --stack-name {stack} --retain-resources ...` for those that cannot be deleted)"
        ),
        "CREATE_FAILED" => format!(
            "the creation failed and was not rolled back: fix the cause and delete the stack (`zael delete --yes`, or `aws cloudformation delete-stack --stack-name {stack}`), then deploy again"
        ),
        "UPDATE_ROLLBACK_COMPLETE" => {
            "the update was rolled back and the stack runs its previous template: fix the cause and deploy again".to_string()
        }
        "UPDATE_ROLLBACK_FAILED" => format!(
            "the update's rollback failed and the stack can take no update: fix the cause named above, then `aws cloudformation continue-update-rollback --stack-name {stack}` (add `--resources-to-skip` for resources that cannot be restored), and deploy again"
        ),
        "UPDATE_FAILED" => format!(
            "the update failed and was not rolled back: fix the cause and deploy again, or roll back with `aws cloudformation rollback-stack --stack-name {stack}`"
        ),
        "DELETE_FAILED" => format!(
            "some resources could not be deleted: fix what each reason above says (a bucket emptied, a policy detached from the roles still using it, ...) and run `{command}` again, or `aws cloudformation delete-stack --stack-name {stack} --retain-resources ...` to leave them"
        ),
        other => format!(
            "the stack is in {other}: see `aws cloudformation describe-stack-events --stack-name {stack}`"
        ),
    }
}

/// A stack still `status` (an `_IN_PROGRESS` one) when `--timeout` ran out: zael stops
/// waiting, CloudFormation does not.
pub fn timed_out_text(status: &str, stack: &str, limit: Duration, command: &str) -> String {
    let way_out = match status {
        "UPDATE_IN_PROGRESS" | "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" => format!(
            "follow it with `zael status`; to give the update up, `aws cloudformation cancel-update-stack --stack-name {stack}` rolls it back"
        ),
        "CREATE_IN_PROGRESS" => format!(
            "follow it with `zael status`; to give the creation up, delete the stack once it settles (`zael delete --yes`, or `aws cloudformation delete-stack --stack-name {stack}`)"
        ),
        "REVIEW_IN_PROGRESS" => format!(
            "its change set was not executed yet: see `aws cloudformation list-change-sets --stack-name {stack}`, and run `{command}` again"
        ),
        _ => format!(
            "follow it with `zael status` (or `aws cloudformation describe-stack-events --stack-name {stack}`) and run `{command}` again once it settles"
        ),
    };
    format!(
        "{stack} is still {status} after {} (--timeout): zael stopped waiting, CloudFormation carries on; {way_out}",
        deadline::describe(limit)
    )
}

/// The failure report: the first cause first, then the state and the way out.
pub fn failure_text(
    status: &str,
    stack: &str,
    events: &[Event],
    reason: Option<&str>,
    command: &str,
) -> String {
    let mut text = String::new();
    match first_cause(events) {
        Some(cause) => text.push_str(&format!(
            "{} ({}) {}: {}\n",
            cause.logical_id,
            cause.resource_type,
            cause.status,
            cause.reason.as_deref().unwrap_or("no reason given")
        )),
        None => {
            if let Some(reason) = reason {
                text.push_str(&format!("{stack}: {reason}\n"));
            }
        }
    }
    text.push_str(&format!(
        "{stack} is {status}: {}",
        way_out(status, stack, command)
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, status: &str, reason: &str) -> Event {
        Event {
            id: id.into(),
            logical_id: id.into(),
            resource_type: "AWS::SQS::Queue".into(),
            status: status.into(),
            reason: Some(reason.into()),
        }
    }

    #[test]
    fn a_stack_past_its_deadline_says_its_state_and_the_way_out() {
        let text = timed_out_text(
            "UPDATE_IN_PROGRESS",
            "ZAEL-x",
            Duration::from_secs(3600),
            "zael deploy",
        );
        assert!(
            text.starts_with(
                "ZAEL-x is still UPDATE_IN_PROGRESS after 60 min (--timeout): zael stopped waiting"
            ),
            "{text}"
        );
        assert!(
            text.contains("aws cloudformation cancel-update-stack --stack-name ZAEL-x"),
            "{text}"
        );
        let deleting = timed_out_text(
            "DELETE_IN_PROGRESS",
            "ZAEL-x",
            Duration::from_secs(120),
            "zael delete",
        );
        assert!(deleting.contains("after 2 min"), "{deleting}");
        assert!(deleting.contains("run `zael delete` again"), "{deleting}");
    }

    #[test]
    fn the_first_cause_is_not_a_cancellation() {
        let events = vec![
            event("A", "CREATE_IN_PROGRESS", ""),
            event("B", "CREATE_FAILED", "Resource creation cancelled"),
            event("C", "CREATE_FAILED", "Queue name already exists"),
        ];
        assert_eq!(first_cause(&events).unwrap().id, "C");
        let text = failure_text("ROLLBACK_COMPLETE", "ZAEL-x", &events, None, "zael deploy");
        assert!(
            text.starts_with("C (AWS::SQS::Queue) CREATE_FAILED: Queue name already exists\n"),
            "{text}"
        );
        assert!(
            text.contains("ZAEL-x is ROLLBACK_COMPLETE: the stack was never created"),
            "{text}"
        );
    }
}
