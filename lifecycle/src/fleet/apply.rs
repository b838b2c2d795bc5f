//! `zael fleet apply`: make each stack set what the fleet says, in the plan's order. Per stack
//! set: the Lambda packages to every target region's bucket, deleted instances first, then the
//! stack set created (or its template updated: the canary's instances first), new instances
//! (the canary first, no failure tolerated, then the rest with the rollout's preferences), and
//! changed parameter overrides. Every operation is followed until it settles; an operation
//! StackSets stops because the failure budget is spent stops the rollout there.

use std::collections::BTreeMap;

use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::{
    AutoDeployment, Capability, PermissionModels, StackSetOperationPreferences,
};
use zael::fleet::deployed::{Deployed, DeployedInstance, DeployedStackSet};
use zael::fleet::file::{Permissions, DEFAULT_ADMINISTRATION_ROLE};
use zael::fleet::plan::{Plan, TargetAction};
use zael::fleet::values::{AccountId, OrganizationalUnit};
use zael::fleet::waves::is_canary;
use zael::fleet::{Fleet, Place, StackSet, Target};

use super::operation::{self, InstanceResult, Operation, Started};
use super::owned;
use super::request::{self, groups, Group};
use super::state::StackSets;
use super::template::{self, Template};
use crate::args::AwsArgs;
use crate::clients::Clients;
use crate::commands::DeploymentFlags;
use crate::failure::{self, Failure};
use crate::synthesized::Upload;
use crate::upload::{upload, Uploaded};

/// `$call` for the instances `$group` names: every instance call deploys its places (accounts
/// or units) × its regions. A macro, since the SDK's request builders share no trait.
macro_rules! instances_of {
    ($call:expr, $group:expr) => {
        $call
            .set_accounts($group.accounts())
            .set_deployment_targets($group.deployment_targets())
            .set_regions(Some($group.regions.clone()))
    };
}

/// Sends `$call` for `$group`'s instances as one pass of the rollout (`$canary`: the canary's,
/// tolerating no failure), called as the fleet's principal.
macro_rules! send_pass {
    ($self:ident, $call:expr, $group:expr, $canary:expr) => {
        instances_of!($call, $group)
            .operation_preferences(request::preferences(&$self.fleet.rollout, $canary))
            .set_call_as($self.api.call_as.clone())
            .send()
            .await
    };
}

/// What the rollout did: the instances that failed (within tolerance), for the summary.
#[derive(Default)]
pub struct Applied {
    pub failed: Vec<(String, InstanceResult)>,
}

/// The administration role's ARN to send, `None` for StackSets' default.
pub fn administration_role(permissions: &Permissions) -> Result<Option<String>, Failure> {
    let Permissions::SelfManaged {
        administration_role: Some(role),
        ..
    } = permissions
    else {
        return Ok(None);
    };
    if role == DEFAULT_ADMINISTRATION_ROLE {
        return Ok(None);
    }
    if role.starts_with("arn:") && role.contains(":role/") {
        return Ok(Some(role.clone()));
    }
    Err(Failure::usage(format!(
        "permissions.administration_role {role:?}: give the role's ARN (arn:aws:iam::ACCOUNT:role/{role}), since it lives in the account that runs zael; only the default name {DEFAULT_ADMINISTRATION_ROLE} may be given alone"
    )))
}

fn execution_role(permissions: &Permissions) -> Option<&str> {
    match permissions {
        Permissions::SelfManaged { execution_role, .. } => execution_role.as_deref(),
        Permissions::ServiceManaged { .. } => None,
    }
}

/// The rollout stopped: the message names the operation, the targets that failed and what
/// was not started.
fn stopped(what: &str, set: &str, results: &[InstanceResult], rest: &str) -> Failure {
    let failed: Vec<String> = results
        .iter()
        .filter(|r| r.status == "FAILED")
        .map(|r| format!("{}: {}", r.target, r.reason.as_deref().unwrap_or("failed")))
        .collect();
    Failure::failed(format!(
        "rollout stopped: {what} of {set} failed beyond its failure tolerance; {}; not started: {rest}",
        if failed.is_empty() {
            "the operation was stopped".to_string()
        } else {
            failed.join("; ")
        }
    ))
}

pub async fn apply(
    fleet: &Fleet,
    plan: &Plan,
    deployed: &Deployed,
    api: &StackSets,
    deployment: &DeploymentFlags,
) -> Result<Applied, Failure> {
    let admin_role = administration_role(&fleet.permissions)?;
    let mut applied = Applied::default();
    for (index, set) in fleet.stack_sets.iter().enumerate() {
        let later: Vec<&str> = fleet.stack_sets[index + 1..]
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let rest = if later.is_empty() {
            "the rest of this stack set".to_string()
        } else {
            format!(
                "the rest of this stack set, and stack sets {}",
                later.join(", ")
            )
        };
        let rows: Vec<_> = plan
            .rows
            .iter()
            .filter(|r| r.stack_set == set.name)
            .collect();
        if rows.iter().all(|r| r.action == TargetAction::NoChange) {
            println!("{}: no changes", set.name);
            continue;
        }
        println!("\n{}", set.name);
        let moving = |t: &Target| {
            rows.iter().any(|r| {
                r.target == t.label()
                    && matches!(r.action, TargetAction::Create | TargetAction::Update)
            })
        };
        upload_packages(set, &moving, deployment).await?;
        let existing = deployed.stack_set(&set.name);
        let mut run = Runner {
            api,
            fleet,
            set,
            deployment,
            rest: &rest,
            applied: &mut applied,
        };
        if let Some(old) = existing {
            run.delete_uncovered(old).await?;
        }
        match existing {
            None => {
                let template = template::source(set, &deployment.aws).await?;
                create_stack_set(api, fleet, set, &template, admin_role.as_deref()).await?
            }
            Some(old) => {
                let stack_set_changed = plan
                    .stack_sets
                    .iter()
                    .any(|s| s.name == set.name && !s.template_changes.is_empty())
                    || stack_set_parameters(old) != set.defaults;
                if stack_set_changed {
                    let template = template::source(set, &deployment.aws).await?;
                    run.update_stack_set(old, &template, admin_role.as_deref())
                        .await?;
                }
            }
        }
        run.create_instances(existing).await?;
        if let Some(old) = existing {
            run.update_overrides(old).await?;
        }
    }
    Ok(applied)
}

struct Runner<'a> {
    api: &'a StackSets,
    fleet: &'a Fleet,
    set: &'a StackSet,
    deployment: &'a DeploymentFlags,
    rest: &'a str,
    applied: &'a mut Applied,
}

impl Runner<'_> {
    fn covered(&self, instance: &DeployedInstance) -> bool {
        self.set.targets.iter().any(|t| t.covers(instance))
    }

    /// Follows operation `id` (`what`), records failures within tolerance, and stops the
    /// rollout when StackSets stopped it.
    async fn settle(&mut self, what: &str, id: &str) -> Result<(), Failure> {
        println!("{what}: operation {id}");
        let settled = operation::follow(
            self.api,
            &Operation {
                stack_set: &self.set.name,
                id,
                what,
                execution_role: execution_role(&self.fleet.permissions),
            },
            self.deployment.polling,
        )
        .await?;
        print!("{}", operation::table(&settled.results));
        println!("{what}: {}", settled.status);
        if settled.status != "SUCCEEDED" {
            return Err(stopped(what, &self.set.name, &settled.results, self.rest));
        }
        for result in settled.failed() {
            self.applied
                .failed
                .push((self.set.name.clone(), result.clone()));
        }
        Ok(())
    }

    /// Follows the operation that the call `what` started, or fails with the call's error.
    async fn started<O, E, R>(
        &mut self,
        what: &str,
        sent: Result<O, SdkError<E, R>>,
    ) -> Result<(), Failure>
    where
        O: Started,
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        let output = sent.map_err(|e| {
            failure::aws(
                &format!("{what} of {}", self.set.name),
                &self.api.location,
                &e,
            )
        })?;
        let id = output.operation_id().unwrap_or_default().to_string();
        self.settle(what, &id).await
    }

    async fn delete_uncovered(&mut self, old: &DeployedStackSet) -> Result<(), Failure> {
        let instances: Vec<(Place, String, BTreeMap<String, String>)> = old
            .instances
            .iter()
            .filter(|i| !self.covered(i))
            .map(|i| {
                let place = match &i.organizational_unit {
                    Some(unit) => Place::Unit(OrganizationalUnit(unit.clone())),
                    None => Place::Account(AccountId(i.account.clone())),
                };
                (place, i.region.clone(), BTreeMap::new())
            })
            .collect();
        for group in dedup(groups(&instances)) {
            let what = format!("DeleteStackInstances {}", group.describe());
            let call = self
                .api
                .client
                .delete_stack_instances()
                .stack_set_name(&self.set.name)
                .retain_stacks(false);
            let sent = send_pass!(self, call, group, false);
            self.started(&what, sent).await?;
        }
        Ok(())
    }

    async fn update_stack_set(
        &mut self,
        old: &DeployedStackSet,
        template: &Template,
        admin_role: Option<&str>,
    ) -> Result<(), Failure> {
        let canary: Vec<(Place, String, BTreeMap<String, String>)> = self
            .set
            .targets
            .iter()
            .filter(|t| is_canary(self.fleet.rollout.canary.as_ref(), t))
            .filter(|t| {
                old.instances
                    .iter()
                    .any(|i| i.region == t.region && self.covered(i))
            })
            .map(|t| (t.place.clone(), t.region.clone(), BTreeMap::new()))
            .collect();
        let mut passes: Vec<(Option<Group>, StackSetOperationPreferences, String)> =
            groups(&canary)
                .into_iter()
                .map(|g| {
                    let what = format!("UpdateStackSet (canary: {})", g.describe());
                    (
                        Some(g),
                        request::preferences(&self.fleet.rollout, true),
                        what,
                    )
                })
                .collect();
        passes.push((
            None,
            request::preferences(&self.fleet.rollout, false),
            "UpdateStackSet".to_string(),
        ));
        for (group, preferences, what) in passes {
            let mut call = self
                .api
                .client
                .update_stack_set()
                .stack_set_name(&self.set.name)
                .set_template_body(template.body())
                .set_template_url(template.url())
                .tags(owned::tag(self.fleet))
                .set_parameters(Some(request::parameters(&self.set.defaults)))
                .capabilities(Capability::CapabilityNamedIam)
                .operation_preferences(preferences)
                .set_administration_role_arn(admin_role.map(str::to_string))
                .set_execution_role_name(
                    execution_role(&self.fleet.permissions).map(str::to_string),
                )
                .set_call_as(self.api.call_as.clone());
            if let Some(group) = &group {
                call = instances_of!(call, group);
            }
            let sent = call.send().await;
            self.started(&what, sent).await?;
        }
        Ok(())
    }

    async fn create_instances(
        &mut self,
        existing: Option<&DeployedStackSet>,
    ) -> Result<(), Failure> {
        let new: Vec<(&Target, BTreeMap<String, String>)> = self
            .set
            .targets
            .iter()
            .filter(|t| existing.is_none_or(|old| !old.instances.iter().any(|i| t.covers(i))))
            .map(|t| (t, self.set.overrides_of(t)))
            .collect();
        for (group, canary_pass) in self.canary_first(new) {
            let what = pass_name("CreateStackInstances", &group, canary_pass);
            let call = self
                .api
                .client
                .create_stack_instances()
                .stack_set_name(&self.set.name)
                .set_parameter_overrides(
                    (!group.overrides.is_empty()).then(|| group.parameter_overrides()),
                );
            let sent = send_pass!(self, call, group, canary_pass);
            self.started(&what, sent).await?;
        }
        Ok(())
    }

    async fn update_overrides(&mut self, old: &DeployedStackSet) -> Result<(), Failure> {
        let changed: Vec<(&Target, BTreeMap<String, String>)> = self
            .set
            .targets
            .iter()
            .filter_map(|t| {
                let instance = old.instances.iter().find(|i| t.covers(i))?;
                let wanted = self.set.overrides_of(t);
                (instance.parameter_overrides != wanted).then_some((t, wanted))
            })
            .collect();
        // The canary first, tolerating no failure, as for new instances.
        for (group, canary_pass) in self.canary_first(changed) {
            let what = pass_name("UpdateStackInstances", &group, canary_pass);
            // An empty list clears the instances' overrides.
            let call = self
                .api
                .client
                .update_stack_instances()
                .stack_set_name(&self.set.name)
                .set_parameter_overrides(Some(group.parameter_overrides()));
            let sent = send_pass!(self, call, group, canary_pass);
            self.started(&what, sent).await?;
        }
        Ok(())
    }

    /// The calls for `entries` (targets with their overrides): the canary's groups first,
    /// then the rest's; `true` marks the canary's.
    fn canary_first(
        &self,
        entries: Vec<(&Target, BTreeMap<String, String>)>,
    ) -> Vec<(Group, bool)> {
        let canary = self.fleet.rollout.canary.as_ref();
        let (first, rest): (Vec<_>, Vec<_>) =
            entries.into_iter().partition(|(t, _)| is_canary(canary, t));
        let instances = |entries: Vec<(&Target, BTreeMap<String, String>)>| {
            let list: Vec<_> = entries
                .into_iter()
                .map(|(t, overrides)| (t.place.clone(), t.region.clone(), overrides))
                .collect();
            groups(&list)
        };
        let mut passes: Vec<(Group, bool)> =
            instances(first).into_iter().map(|g| (g, true)).collect();
        passes.extend(instances(rest).into_iter().map(|g| (g, false)));
        passes
    }
}

/// `CreateStackInstances (canary) 111111111111 in us-east-1`.
fn pass_name(action: &str, group: &Group, canary_pass: bool) -> String {
    let canary = if canary_pass { " (canary)" } else { "" };
    format!("{action}{canary} {}", group.describe())
}

/// The stack set's parameter values: its template's defaults, then what it sets.
fn stack_set_parameters(old: &DeployedStackSet) -> BTreeMap<String, String> {
    let mut values = zael::fleet::resolve::parameter_defaults(&old.template);
    values.extend(old.parameters.clone());
    values
}

/// Service-managed instances list one row per account of a unit: one deletion per unit.
fn dedup(groups: Vec<Group>) -> Vec<Group> {
    groups
        .into_iter()
        .map(|mut g| {
            let mut seen = Vec::new();
            g.places.retain(|p| {
                let new = !seen.contains(p);
                seen.push(p.clone());
                new
            });
            g
        })
        .collect()
}

async fn create_stack_set(
    api: &StackSets,
    fleet: &Fleet,
    set: &StackSet,
    template: &Template,
    admin_role: Option<&str>,
) -> Result<(), Failure> {
    let mut call = api
        .client
        .create_stack_set()
        .stack_set_name(&set.name)
        .description(format!("zael fleet {}", fleet.path.display()))
        .set_template_body(template.body())
        .set_template_url(template.url())
        .tags(owned::tag(fleet))
        .set_parameters(Some(request::parameters(&set.defaults)))
        .capabilities(Capability::CapabilityNamedIam)
        .set_call_as(api.call_as.clone());
    call = match &fleet.permissions {
        Permissions::SelfManaged { execution_role, .. } => call
            .permission_model(PermissionModels::SelfManaged)
            .set_administration_role_arn(admin_role.map(str::to_string))
            .set_execution_role_name(execution_role.clone()),
        Permissions::ServiceManaged {
            auto_deployment,
            retain_stacks_on_account_removal,
            ..
        } => {
            let enabled = auto_deployment.unwrap_or(true);
            call.permission_model(PermissionModels::ServiceManaged)
                .auto_deployment(
                    AutoDeployment::builder()
                        .enabled(enabled)
                        .set_retain_stacks_on_account_removal(
                            enabled.then(|| retain_stacks_on_account_removal.unwrap_or(false)),
                        )
                        .build(),
                )
        }
    };
    call.send()
        .await
        .map_err(|e| failure::aws(&format!("CreateStackSet {}", set.name), &api.location, &e))?;
    println!("CreateStackSet {}: created", set.name);
    Ok(())
}

/// Each Lambda package to the bucket of every region a created or updated target is in.
async fn upload_packages(
    set: &StackSet,
    moving: &dyn Fn(&Target) -> bool,
    deployment: &DeploymentFlags,
) -> Result<(), Failure> {
    for artifact in set.options.artifacts() {
        let binary = deployment.binaries.binary(&artifact);
        let package = zael::assets::package(artifact.asset, &binary)
            .map_err(|e| Failure::usage(e.to_string()))?;
        let key = set
            .defaults
            .get(artifact.key_parameter)
            .cloned()
            .unwrap_or_else(|| artifact.asset.s3_key());
        let mut buckets: Vec<(String, String)> = Vec::new();
        for target in set.targets.iter().filter(|t| moving(t)) {
            if let Some(bucket) = target.parameters.get(artifact.bucket_parameter) {
                let entry = (target.region.clone(), bucket.clone());
                if !buckets.contains(&entry) {
                    buckets.push(entry);
                }
            }
        }
        for (region, bucket) in buckets {
            let aws = AwsArgs {
                region: Some(region.clone()),
                ..deployment.aws.clone()
            };
            let clients = Clients::new(&aws).await?;
            let item = Upload {
                package: package.clone(),
                bucket: bucket.clone(),
                key: key.clone(),
            };
            match upload(&clients, &item).await? {
                Uploaded::Sent => println!(
                    "{} package: uploaded to s3://{bucket}/{key} ({region})",
                    artifact.asset.name
                ),
                Uploaded::AlreadyThere => println!(
                    "{} package: already at s3://{bucket}/{key} ({region})",
                    artifact.asset.name
                ),
            }
        }
    }
    Ok(())
}
