//! Application access: managed policies for the three ways applications use the table, and a
//! role per policy for principals of the account.

use super::names::{self, Names};
use crate::constructs::iam::{account_role, managed_policy};
use crate::constructs::{perms, TableConstruct};
use crate::resources::iam::{ManagedPolicy, Role};
use crate::template::{Handle, Stack};

pub struct Access {
    pub acquire_policy: Handle<ManagedPolicy>,
    pub full_policy: Handle<ManagedPolicy>,
    pub read_policy: Handle<ManagedPolicy>,
    pub app_role: Handle<Role>,
    pub admin_role: Handle<Role>,
    pub read_role: Handle<Role>,
}

pub fn add_access(stack: &mut Stack, names: &Names, table: &TableConstruct) -> Access {
    let acquire_policy = stack.add(
        "AcquireOnlyPolicy",
        managed_policy(
            &names.policy(names::ACQUIRE_POLICY),
            "Acquire rate-limit tokens: read buckets and limits, write buckets transactionally",
            vec![table.grant("AcquireTokens", perms::TABLE_ACQUIRE)],
        ),
    );
    let full_policy = stack.add(
        "FullAccessPolicy",
        managed_policy(
            &names.policy(names::FULL_POLICY),
            "Manage entities, limits and buckets of the rate-limit table",
            vec![table.grant("ManageLimits", perms::TABLE_FULL)],
        ),
    );
    let read_policy = stack.add(
        "ReadOnlyPolicy",
        managed_policy(
            &names.policy(names::READ_POLICY),
            "Read limits, buckets and usage snapshots",
            vec![table.grant_read()],
        ),
    );
    let app_role = stack.add(
        "AppRole",
        account_role(
            &names.role(names::APP_ROLE),
            "Applications that acquire rate-limit tokens",
            vec![acquire_policy.arn()],
        ),
    );
    let admin_role = stack.add(
        "AdminRole",
        account_role(
            &names.role(names::ADMIN_ROLE),
            "Operators who manage entities and limits",
            vec![full_policy.arn()],
        ),
    );
    let read_role = stack.add(
        "ReadOnlyRole",
        account_role(
            &names.role(names::READ_ROLE),
            "Dashboards and auditors that read limits and usage",
            vec![read_policy.arn()],
        ),
    );
    Access {
        acquire_policy,
        full_policy,
        read_policy,
        app_role,
        admin_role,
        read_role,
    }
}
