//! What to do about a stack instance's failure, from StackSets' status reason: the failures
//! a fleet meets first (an account without the execution role, a region not enabled) get
//! their fix; every failure names its target.

/// `reason`, with what to do when it is a failure zael recognises.
pub fn explain(target: &str, reason: &str, execution_role: Option<&str>) -> String {
    let lower = reason.to_ascii_lowercase();
    let account = target.split('/').next().unwrap_or(target);
    let region = target.split('/').nth(1).unwrap_or("");
    let advice = if lower.contains("role with trust relationship")
        || lower.contains("executionrole")
        || (lower.contains("execution") && lower.contains("role"))
    {
        let role = execution_role.unwrap_or(zael::fleet::file::DEFAULT_EXECUTION_ROLE);
        format!(
            "account {account} has no usable StackSets execution role: create role {role} there, trusting the administration role (AWS's AWSCloudFormationStackSetExecutionRole.yml template does), or set permissions.execution_role to the role it has"
        )
    } else if lower.contains("not enabled")
        || lower.contains("opt-in")
        || lower.contains("optinrequired")
        || lower.contains("not opted in")
    {
        format!(
            "region {region} is not enabled in account {account}: enable it (AWS console: Account, AWS Regions) or remove {region} from that target's regions"
        )
    } else if lower.contains("already exists") {
        "a resource of this name already exists there (another stack, or one retained by an earlier delete): delete it or give the target another name".to_string()
    } else {
        String::new()
    };
    if advice.is_empty() {
        reason.to_string()
    } else {
        format!("{reason} ({advice})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_execution_role_and_a_region_not_enabled_are_named_with_their_fix() {
        for (target, reason, says) in [
            (
                "222222222222/us-east-1",
                "Account 222222222222 should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.",
                "account 222222222222 has no usable StackSets execution role",
            ),
            (
                "111111111111/ap-east-1",
                "Region ap-east-1 is not enabled",
                "region ap-east-1 is not enabled in account 111111111111",
            ),
        ] {
            let text = explain(target, reason, None);
            assert!(text.contains(says), "{target}: {text}");
        }
    }

    #[test]
    fn other_reasons_are_kept_as_they_are() {
        assert_eq!(explain("1/r", "Internal Failure", None), "Internal Failure");
    }
}
