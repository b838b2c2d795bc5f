//! Application access: managed policies for the three ways applications use the table, the
//! same three confined to a namespace, and (opt-in) a role per policy for principals of the
//! account.

use super::key_scopes::{self, scoped};
use super::names::{self, Names};
use super::options::IamOptions;
use crate::constructs::iam::{account_role, managed_policy};
use crate::constructs::{perms, TableConstruct};
use crate::resources::iam::{ManagedPolicy, Role, Statement};
use crate::template::{Expr, Handle, Stack};

/// The principal tag that holds an application's namespace id (the opaque id of zae-limiter's
/// namespace registry, not its name). A namespace policy allows only items whose partition
/// key starts with `{namespace id}/`, and reads of the shared `_/` records.
pub const NAMESPACE_TAG: &str = "zael_namespace_id";

pub struct Access {
    pub acquire_policy: Handle<ManagedPolicy>,
    pub full_policy: Handle<ManagedPolicy>,
    pub read_policy: Handle<ManagedPolicy>,
    pub namespace_acquire_policy: Handle<ManagedPolicy>,
    pub namespace_full_policy: Handle<ManagedPolicy>,
    pub namespace_read_policy: Handle<ManagedPolicy>,
    pub roles: Option<AppRoles>,
}

pub struct AppRoles {
    pub app_role: Handle<Role>,
    pub admin_role: Handle<Role>,
    pub read_role: Handle<Role>,
}

/// The policies (and roles, when asked for); nothing when the stack creates no IAM.
pub fn add_access(
    stack: &mut Stack,
    names: &Names,
    table: &TableConstruct,
    iam: &IamOptions,
) -> Option<Access> {
    if !iam.create {
        return None;
    }
    let mut policy = |id: &str, component: &str, description: &str, statements| {
        stack.add(
            id,
            managed_policy(&names.policy(component), description, statements),
        )
    };
    let own = key_scopes::in_namespace();
    let shared = key_scopes::SHARED.to_string();
    let acquire_policy = policy(
        "AcquireOnlyPolicy",
        names::ACQUIRE_POLICY,
        "Acquire rate-limit tokens: read anything, write only bucket items",
        vec![
            table.grant("ReadForAcquire", perms::TABLE_ACQUIRE_READ),
            scoped(
                table.grant("WriteBuckets", perms::TABLE_BUCKET_WRITE),
                &[key_scopes::ANY_BUCKET.to_string()],
                false,
            ),
        ],
    );
    let full_policy = policy(
        "FullAccessPolicy",
        names::FULL_POLICY,
        "Manage entities, limits and buckets of the rate-limit table",
        vec![table.grant("ManageLimits", perms::TABLE_FULL)],
    );
    let read_policy = policy(
        "ReadOnlyPolicy",
        names::READ_POLICY,
        "Read limits, buckets and usage snapshots",
        vec![table.grant_read()],
    );
    let namespace_acquire_policy = policy(
        "NamespaceAcquirePolicy",
        names::NAMESPACE_ACQUIRE_POLICY,
        "Acquire rate-limit tokens in the principal's namespace: write only its buckets",
        vec![
            namespaced(
                table.grant("ReadForAcquireInNamespace", perms::TABLE_ACQUIRE_READ),
                &[own.clone(), shared.clone()],
            ),
            namespaced(
                table.grant("WriteBucketsInNamespace", perms::TABLE_BUCKET_WRITE),
                &[key_scopes::namespace_buckets()],
            ),
        ],
    );
    let namespace_full_policy = policy(
        "NamespaceFullAccessPolicy",
        names::NAMESPACE_FULL_POLICY,
        "Manage entities, limits and buckets of the principal's namespace only",
        vec![namespaced(
            table.grant("ManageLimitsInNamespace", perms::TABLE_FULL),
            // The bare id is GSI4's partition key: the namespace-wide fan-out queries.
            &[own.clone(), key_scopes::namespace_id(), shared.clone()],
        )],
    );
    let namespace_read_policy = policy(
        "NamespaceReadOnlyPolicy",
        names::NAMESPACE_READ_POLICY,
        "Read limits, buckets and usage snapshots of the principal's namespace only",
        vec![namespaced(
            table.grant("ReadTableInNamespace", perms::TABLE_READ),
            &[own, shared],
        )],
    );
    let roles = iam.application_roles.then(|| {
        let mut role = |id: &str, component: &str, description: &str, policy: Expr| {
            stack.add(
                id,
                account_role(&names.role(component), description, vec![policy]),
            )
        };
        AppRoles {
            app_role: role(
                "AppRole",
                names::APP_ROLE,
                "Applications that acquire rate-limit tokens",
                acquire_policy.arn(),
            ),
            admin_role: role(
                "AdminRole",
                names::ADMIN_ROLE,
                "Operators who manage entities and limits",
                full_policy.arn(),
            ),
            read_role: role(
                "ReadOnlyRole",
                names::READ_ROLE,
                "Dashboards and auditors that read limits and usage",
                read_policy.arn(),
            ),
        }
    });
    Some(Access {
        acquire_policy,
        full_policy,
        read_policy,
        namespace_acquire_policy,
        namespace_full_policy,
        namespace_read_policy,
        roles,
    })
}

/// Confines `statement` to `patterns` for principals that carry the namespace tag, without
/// the actions that have no leading keys to confine (a Scan would escape the namespace).
fn namespaced(mut statement: Statement, patterns: &[String]) -> Statement {
    statement
        .action
        .retain(|action| !perms::NAMESPACE_EXCLUDED.contains(&action.as_str()));
    scoped(statement, patterns, true)
}
