//! The pieces of StackSets requests: operation preferences from the fleet's rollout, and the
//! instances of an operation as accounts (or units) × regions, since every instance call
//! deploys the product of the two.

use std::collections::BTreeMap;

use aws_sdk_cloudformation::types::{
    ConcurrencyMode, DeploymentTargets, Parameter, RegionConcurrencyType,
    StackSetOperationPreferences,
};
use zael::fleet::file::{ConcurrencyMode as Mode, RegionConcurrency};
use zael::fleet::resolve::Rollout;
use zael::fleet::values::Amount;
use zael::fleet::Place;

/// The rollout as StackSets' preferences; a canary tolerates no failure.
pub fn preferences(rollout: &Rollout, canary: bool) -> StackSetOperationPreferences {
    let mut builder = StackSetOperationPreferences::builder()
        .set_region_order(Some(rollout.region_order.clone()))
        .region_concurrency_type(match rollout.region_concurrency {
            RegionConcurrency::Sequential => RegionConcurrencyType::Sequential,
            RegionConcurrency::Parallel => RegionConcurrencyType::Parallel,
        })
        .concurrency_mode(match rollout.concurrency_mode {
            Mode::Strict => ConcurrencyMode::StrictFailureTolerance,
            Mode::Soft => ConcurrencyMode::SoftFailureTolerance,
        });
    builder = match rollout.max_concurrent {
        Amount::Count(n) => builder.max_concurrent_count(n as i32),
        Amount::Percentage(p) => builder.max_concurrent_percentage(p as i32),
    };
    builder = match (canary, rollout.failure_tolerance) {
        (true, _) => builder.failure_tolerance_count(0),
        (false, Amount::Count(n)) => builder.failure_tolerance_count(n as i32),
        (false, Amount::Percentage(p)) => builder.failure_tolerance_percentage(p as i32),
    };
    builder.build()
}

/// Instances that one call deploys: every place in every region, with the same overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub places: Vec<Place>,
    pub regions: Vec<String>,
    pub overrides: BTreeMap<String, String>,
}

impl Group {
    /// `111111111111, 222222222222 in us-east-1, eu-west-1`.
    pub fn describe(&self) -> String {
        let places: Vec<&str> = self.places.iter().map(Place::id).collect();
        format!("{} in {}", places.join(", "), self.regions.join(", "))
    }

    /// The ids of the places that are accounts (`true`) or units (`false`).
    fn ids(&self, accounts: bool) -> Vec<String> {
        self.places
            .iter()
            .filter(|p| matches!(p, Place::Account(_)) == accounts)
            .map(|p| p.id().to_string())
            .collect()
    }

    /// The accounts (self-managed), or `None` for units.
    pub fn accounts(&self) -> Option<Vec<String>> {
        let accounts = self.ids(true);
        (!accounts.is_empty()).then_some(accounts)
    }

    /// The units (service-managed), or `None` for accounts.
    pub fn deployment_targets(&self) -> Option<DeploymentTargets> {
        let units = self.ids(false);
        (!units.is_empty()).then(|| {
            DeploymentTargets::builder()
                .set_organizational_unit_ids(Some(units))
                .build()
        })
    }

    pub fn parameter_overrides(&self) -> Vec<Parameter> {
        parameters(&self.overrides)
    }
}

pub fn parameters(values: &BTreeMap<String, String>) -> Vec<Parameter> {
    values
        .iter()
        .map(|(k, v)| {
            Parameter::builder()
                .parameter_key(k)
                .parameter_value(v)
                .build()
        })
        .collect()
}

/// `instances` (place, region, overrides) as the fewest products: grouped by overrides, then
/// places with the same regions together. Deterministic: places and regions keep the order
/// they are given in.
pub fn groups(instances: &[(Place, String, BTreeMap<String, String>)]) -> Vec<Group> {
    let mut by_place: Vec<(Place, BTreeMap<String, String>, Vec<String>)> = Vec::new();
    for (place, region, overrides) in instances {
        match by_place
            .iter_mut()
            .find(|(p, o, _)| p == place && o == overrides)
        {
            Some((_, _, regions)) => regions.push(region.clone()),
            None => by_place.push((place.clone(), overrides.clone(), vec![region.clone()])),
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    for (place, overrides, regions) in by_place {
        match groups
            .iter_mut()
            .find(|g| g.overrides == overrides && g.regions == regions)
        {
            Some(group) => group.places.push(place),
            None => groups.push(Group {
                places: vec![place],
                regions,
                overrides,
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use zael::fleet::values::AccountId;

    fn account(id: &str) -> Place {
        Place::Account(AccountId(id.into()))
    }

    #[test]
    fn instances_become_products_of_places_and_regions() {
        let none = BTreeMap::new();
        let year: BTreeMap<String, String> = [("LogRetentionDays".into(), "365".into())].into();
        let instances = vec![
            (account("1"), "us-east-1".into(), none.clone()),
            (account("2"), "us-east-1".into(), none.clone()),
            (account("1"), "eu-west-1".into(), none.clone()),
            (account("2"), "eu-west-1".into(), none.clone()),
            (account("3"), "us-east-1".into(), year.clone()),
        ];
        let groups = groups(&instances);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].places, vec![account("1"), account("2")]);
        assert_eq!(groups[0].regions, vec!["us-east-1", "eu-west-1"]);
        assert_eq!(groups[1].overrides, year);
    }
}
