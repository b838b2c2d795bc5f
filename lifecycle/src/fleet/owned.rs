//! Which stack sets are the fleet's: zael tags each stack set it creates (or updates) with
//! `zael:fleet` = the fleet file's name without its extension (`prod` for
//! `fleets/prod.yaml`). A `ZAEL-` stack set with the fleet's tag that the fleet file no longer
//! names (a target renamed) is found by ListStackSets and planned as deleted.

use aws_sdk_cloudformation::types::{StackSetStatus, Tag};
use zael::fleet::deployed::DeployedStackSet;
use zael::fleet::Fleet;

use super::state::{self, list_all, StackSets};
use crate::failure::{self, Failure};

/// The tag that names the fleet a stack set belongs to.
pub const FLEET_TAG: &str = "zael:fleet";

/// The fleet's name in its stack sets' tag: the file's name without its extension.
pub fn fleet_id(fleet: &Fleet) -> String {
    fleet
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The tag CreateStackSet and UpdateStackSet send.
pub fn tag(fleet: &Fleet) -> Tag {
    Tag::builder().key(FLEET_TAG).value(fleet_id(fleet)).build()
}

/// The active stack sets tagged as this fleet's that it no longer names, with their instances.
pub async fn others(api: &StackSets, fleet: &Fleet) -> Result<Vec<DeployedStackSet>, Failure> {
    let id = fleet_id(fleet);
    let summaries = list_all!(
        api,
        api.client.list_stack_sets().status(StackSetStatus::Active)
    )
    .map_err(|e| failure::aws("ListStackSets", &api.location, &e))?;
    let mut names: Vec<String> = summaries
        .iter()
        .filter(|s| s.status() == Some(&StackSetStatus::Active))
        .filter_map(|s| s.stack_set_name())
        .filter(|name| name.starts_with("ZAEL-"))
        .filter(|name| !fleet.stack_sets.iter().any(|s| s.name == *name))
        .map(str::to_string)
        .collect();
    names.sort();
    let mut found = Vec::new();
    for name in names {
        let Some(described) = state::describe(api, &name).await? else {
            continue; // Deleted since it was listed.
        };
        let ours = described.stack_set().is_some_and(|s| {
            s.tags()
                .iter()
                .any(|t| t.key() == Some(FLEET_TAG) && t.value() == Some(id.as_str()))
        });
        if !ours {
            continue;
        }
        if let Some(set) = state::fetch_one(api, &name).await? {
            found.push(set);
        }
    }
    Ok(found)
}
