//! The fleet's plan: for every target, what StackSets will do (create, update, no change,
//! delete), the diff labels of its template change (replacements first) and its parameter
//! changes, and the wave it rolls out in. Exit codes as `zael diff`: 0 nothing changes, 1
//! changes, 3 a stateful resource is replaced or deleted somewhere.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{json, Value};

use super::deployed::{Deployed, DeployedInstance};
use super::resolve::{parameter_defaults, strip_defaults, Fleet, Target};
use super::waves::{self, Wave};
use crate::diff::{self, Action, Label, StackDiff, UpdateFacts, EXIT_CHANGES, EXIT_STATEFUL};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetAction {
    Create,
    Update,
    NoChange,
    Delete,
}

impl TargetAction {
    pub fn text(self) -> &'static str {
        match self {
            TargetAction::Create => "create",
            TargetAction::Update => "update",
            TargetAction::NoChange => "no change",
            TargetAction::Delete => "delete",
        }
    }
}

/// One row of the plan.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// `111122223333/us-east-1`.
    pub target: String,
    pub stack_set: String,
    pub action: TargetAction,
    /// What changes, replacements first; parameter changes after the template's.
    pub changes: Vec<String>,
    pub wave: Option<usize>,
    /// A stateful resource is replaced or deleted here.
    pub destroys_state: bool,
}

/// A stack set's own change.
#[derive(Debug, Serialize)]
pub struct StackSetPlan {
    pub name: String,
    pub exists: bool,
    pub targets: usize,
    /// The template's changes, replacements first (empty when the template is the same).
    pub template_changes: Vec<String>,
    pub destroys_state: bool,
    /// Deployed for this fleet (its `zael:fleet` tag) but no longer named by the fleet file:
    /// its instances and itself are deleted (`zael fleet apply --prune`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

#[derive(Debug)]
pub struct Plan {
    pub rows: Vec<Row>,
    pub stack_sets: Vec<StackSetPlan>,
    pub waves: Vec<Wave>,
    /// Wave number → the labels of its targets, for the report.
    pub wave_targets: BTreeMap<usize, Vec<String>>,
}

impl Plan {
    pub fn exit_code(&self) -> u8 {
        if self.rows.iter().any(|r| r.destroys_state) {
            EXIT_STATEFUL
        } else if self.rows.iter().any(|r| r.action != TargetAction::NoChange) {
            EXIT_CHANGES
        } else {
            0
        }
    }

    pub fn count(&self, action: TargetAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}

/// Plans `fleet` against what is deployed.
pub fn plan(fleet: &Fleet, deployed: &Deployed, facts: &dyn UpdateFacts) -> Plan {
    let mut rows = Vec::new();
    let mut moving: Vec<Vec<bool>> = Vec::new();
    let mut stack_sets = Vec::new();
    let mut row_of: Vec<Vec<usize>> = Vec::new();
    for set in &fleet.stack_sets {
        let existing = deployed.stack_set(&set.name);
        let (template_changes, template_destroys) = match existing {
            Some(old) => {
                let mut old_shape = old.template.clone();
                strip_defaults(&mut old_shape);
                let change = diff::diff(&old_shape, &set.shape, facts);
                (labels(&change), change.destroys_state())
            }
            None => (Vec::new(), false),
        };
        stack_sets.push(StackSetPlan {
            name: set.name.clone(),
            exists: existing.is_some(),
            targets: set.targets.len(),
            template_changes: template_changes.clone(),
            destroys_state: template_destroys,
            removed: false,
        });
        let old_defaults = existing.map(|old| {
            let mut values = parameter_defaults(&old.template);
            values.extend(old.parameters.clone());
            values
        });
        let mut set_moving = Vec::with_capacity(set.targets.len());
        let mut set_rows = Vec::with_capacity(set.targets.len());
        for target in &set.targets {
            let instances: Vec<&DeployedInstance> = existing
                .map(|old| old.instances.iter().filter(|i| target.covers(i)).collect())
                .unwrap_or_default();
            let (action, changes, destroys) = if instances.is_empty() {
                let mut changes = vec!["new stack".to_string()];
                changes.extend(
                    set.overrides_of(target)
                        .into_iter()
                        .map(|(name, value)| format!("parameter {name} = {value}")),
                );
                (TargetAction::Create, changes, false)
            } else {
                let defaults = old_defaults.clone().unwrap_or_default();
                let mut changes = template_changes.clone();
                changes.extend(parameter_changes(&defaults, &instances, target));
                let outdated = instances.iter().any(|i| i.status != "CURRENT");
                if changes.is_empty() && outdated {
                    changes.push(format!(
                        "instance {} (brought up to date)",
                        instances[0].status
                    ));
                }
                if changes.is_empty() {
                    (TargetAction::NoChange, changes, false)
                } else {
                    (TargetAction::Update, changes, template_destroys)
                }
            };
            set_moving.push(matches!(
                action,
                TargetAction::Create | TargetAction::Update
            ));
            set_rows.push(rows.len());
            rows.push(Row {
                target: target.label(),
                stack_set: set.name.clone(),
                action,
                changes,
                wave: None,
                destroys_state: destroys,
            });
        }
        if let Some(old) = existing {
            rows.extend(deletions(&set.name, &set.targets, old, facts));
        }
        moving.push(set_moving);
        row_of.push(set_rows);
    }
    // Stack sets of this fleet it no longer names (a target renamed): every instance goes.
    for old in &deployed.stack_sets {
        if old.status == "DELETED" || fleet.stack_sets.iter().any(|s| s.name == old.name) {
            continue;
        }
        let removal = deletions(&old.name, &[], old, facts);
        stack_sets.push(StackSetPlan {
            name: old.name.clone(),
            exists: true,
            targets: 0,
            template_changes: Vec::new(),
            destroys_state: removal.iter().any(|r| r.destroys_state),
            removed: true,
        });
        rows.extend(removal);
    }
    let (waves, wave_of) = waves::plan(fleet, &moving);
    let mut wave_targets: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (s, numbers) in wave_of.iter().enumerate() {
        for (t, number) in numbers.iter().enumerate() {
            if let Some(number) = number {
                rows[row_of[s][t]].wave = Some(*number);
            }
        }
    }
    for wave in &waves {
        let set = fleet
            .stack_sets
            .iter()
            .find(|s| s.name == wave.stack_set)
            .expect("a wave's stack set is the fleet's");
        wave_targets.insert(
            wave.number,
            wave.targets
                .iter()
                .map(|&t| set.targets[t].label())
                .collect(),
        );
    }
    Plan {
        rows,
        stack_sets,
        waves,
        wave_targets,
    }
}

/// Deployed instances no target covers: StackSets deletes them (first, before the rollout).
fn deletions(
    name: &str,
    targets: &[Target],
    old: &super::deployed::DeployedStackSet,
    facts: &dyn UpdateFacts,
) -> Vec<Row> {
    let removal = diff::diff(&old.template, &json!({"Resources": {}}), facts);
    let retained = retained(&old.template);
    let mut changes = vec!["stack deleted".to_string()];
    if !retained.is_empty() {
        changes.push(format!(
            "retained (delete by hand): {}",
            retained.join(", ")
        ));
    }
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for instance in &old.instances {
        if targets.iter().any(|t| t.covers(instance)) {
            continue;
        }
        let id = instance
            .organizational_unit
            .clone()
            .unwrap_or_else(|| instance.account.clone());
        let label = format!("{id}/{}", instance.region);
        if !seen.insert(label.clone()) {
            continue;
        }
        rows.push(Row {
            target: label,
            stack_set: name.to_string(),
            action: TargetAction::Delete,
            changes: changes.clone(),
            wave: None,
            destroys_state: removal.destroys_state(),
        });
    }
    rows
}

/// Resources CloudFormation leaves behind when their stack is deleted.
pub fn retained(template: &Value) -> Vec<String> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter(|(_, r)| {
            matches!(
                r.get("DeletionPolicy").and_then(Value::as_str),
                Some("Retain" | "RetainExceptOnCreate" | "Snapshot")
            )
        })
        .map(|(id, r)| {
            let kind = r.get("Type").and_then(Value::as_str).unwrap_or("?");
            let policy = r
                .get("DeletionPolicy")
                .and_then(Value::as_str)
                .unwrap_or("");
            if policy == "Snapshot" {
                format!("{kind} {id} (a final snapshot)")
            } else {
                format!("{kind} {id}")
            }
        })
        .collect()
}

/// A parameter whose value changes for this target: `LogRetentionDays 90 → 365`.
fn parameter_changes(
    defaults: &BTreeMap<String, String>,
    instances: &[&DeployedInstance],
    target: &Target,
) -> Vec<String> {
    let mut old = defaults.clone();
    old.extend(instances[0].parameter_overrides.clone());
    let mut changes = Vec::new();
    for (name, value) in &target.parameters {
        match old.get(name) {
            Some(before) if before == value => {}
            Some(before) => changes.push(format!("parameter {name} {before} → {value}")),
            None => changes.push(format!("parameter {name} → {value}")),
        }
    }
    changes
}

/// A template change's labels, one per resource, worst first: replacement, update not
/// supported, conditional, delete, add, no interruption; then other sections.
pub fn labels(change: &StackDiff) -> Vec<String> {
    let mut ranked: Vec<(u8, String)> = change
        .resources
        .iter()
        .map(|r| {
            let not_updatable = r.properties.iter().any(|p| p.label == Label::NotUpdatable);
            let (rank, word) = match r.action {
                Action::Replace => (0, "replacement"),
                Action::Update if not_updatable => (1, "update not supported"),
                Action::MayReplace => (2, "conditional"),
                Action::Remove => (3, "delete"),
                Action::Add => (4, "add"),
                Action::Update => (5, "no interruption"),
            };
            let stateful = if r.stateful && r.destroys_state() {
                " (stateful)"
            } else {
                ""
            };
            (rank, format!("{word} {}{stateful}", r.logical_id))
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    let mut labels: Vec<String> = ranked.into_iter().map(|(_, text)| text).collect();
    for section in &change.sections {
        let name = if section.name.is_empty() {
            section.section.clone()
        } else {
            format!("{}.{}", section.section, section.name)
        };
        let word = match section.action {
            Action::Add => "add",
            Action::Remove => "delete",
            _ => "change",
        };
        labels.push(format!("{word} {name}"));
    }
    labels
}
