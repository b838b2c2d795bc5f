//! Deleting a stack set: its instances first (stacks not retained), each operation followed,
//! then the stack set. `zael fleet delete` does it for the fleet's stack sets, `zael fleet
//! apply --prune` for those the fleet file no longer names.

use zael::fleet::deployed::DeployedStackSet;
use zael::fleet::Fleet;

use super::operation::{self, Operation};
use super::request::groups;
use super::state::StackSets;
use crate::commands::Polling;
use crate::failure::Failure;

pub async fn delete_stack_set(
    api: &StackSets,
    fleet: &Fleet,
    set: &DeployedStackSet,
    polling: Polling,
) -> Result<(), Failure> {
    let instances: Vec<_> = set
        .instances
        .iter()
        .map(|i| {
            let place = match &i.organizational_unit {
                Some(u) => {
                    zael::fleet::Place::Unit(zael::fleet::values::OrganizationalUnit(u.clone()))
                }
                None => {
                    zael::fleet::Place::Account(zael::fleet::values::AccountId(i.account.clone()))
                }
            };
            (place, i.region.clone(), Default::default())
        })
        .collect();
    let mut seen = Vec::new();
    let unique: Vec<_> = instances
        .into_iter()
        .filter(|i| {
            let new = !seen.contains(i);
            seen.push(i.clone());
            new
        })
        .collect();
    for group in groups(&unique) {
        let what = format!("DeleteStackInstances {}", group.describe());
        let id = api
            .client
            .delete_stack_instances()
            .stack_set_name(&set.name)
            .set_accounts(group.accounts())
            .set_deployment_targets(group.deployment_targets())
            .set_regions(Some(group.regions.clone()))
            .retain_stacks(false)
            .operation_preferences(crate::fleet::request::preferences(&fleet.rollout, false))
            .set_call_as(api.call_as.clone())
            .send()
            .await
            .map_err(|e| {
                crate::failure::aws(&format!("{what} of {}", set.name), &api.location, &e)
            })?
            .operation_id()
            .unwrap_or_default()
            .to_string();
        println!("{what}: operation {id}");
        let settled = operation::follow(
            api,
            &Operation {
                stack_set: &set.name,
                id: &id,
                what: &what,
                execution_role: None,
            },
            polling,
        )
        .await?;
        print!("{}", operation::table(&settled.results));
        if settled.status != "SUCCEEDED" || !settled.failed().is_empty() {
            let failed: Vec<String> = settled
                .failed()
                .iter()
                .map(|r| operation::line(r))
                .collect();
            return Err(Failure::failed(format!(
                "{what} of {} ended {}: {}; the stack set stays until its instances are gone",
                set.name,
                settled.status,
                failed.join("; ")
            )));
        }
    }
    api.client
        .delete_stack_set()
        .stack_set_name(&set.name)
        .set_call_as(api.call_as.clone())
        .send()
        .await
        .map_err(|e| {
            crate::failure::aws(&format!("DeleteStackSet {}", set.name), &api.location, &e)
        })?;
    println!("{}: deleted", set.name);
    Ok(())
}
