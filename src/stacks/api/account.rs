//! API Gateway's account settings for the region: the CloudWatch role it writes logs with.

use crate::constructs::iam::unnamed_service_role;
use crate::resources::apigateway::Account;
use crate::resources::iam::Role;
use crate::template::{Expr, Handle, RemovalPolicy, Stack};

/// The region's API Gateway settings name the role API Gateway writes logs with; access
/// logging is refused until they do. The setting is one per account and region: this stack
/// sets it, and any other stack that sets it later replaces it.
///
/// The role keeps AWS's managed policy: it is shared by every API of the region, whose log
/// groups this stack cannot know. It is retained when the stack is deleted, because the
/// region setting outlives the stack and would otherwise name a deleted role, breaking
/// logging for every other API. It has no fixed name, so a re-created stack never collides
/// with a retained one.
pub fn add_account(stack: &mut Stack) -> Handle<Account> {
    let mut role = unnamed_service_role("apigateway.amazonaws.com");
    role.description = Some("API Gateway's CloudWatch Logs role for this region".into());
    role.managed_policy_arns = vec![Expr::sub(
        "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    )];
    let role: Handle<Role> = stack.add("ApiGatewayCloudWatchRole", role);
    let options = stack.options_mut(&role);
    options.deletion_policy = Some(RemovalPolicy::Retain);
    options.update_replace_policy = Some(RemovalPolicy::Retain);
    stack.add(
        "ApiGatewayAccount",
        Account {
            cloud_watch_role_arn: role.arn(),
        },
    )
}
