//! The plan as people read it (one table) and as CI reads it (JSON). Both list the same facts
//! in the same order: the same fleet and state always give the same bytes.

use std::fmt::Write;

use serde_json::json;

use super::file::{
    ConcurrencyMode, Permissions, RegionConcurrency, DEFAULT_ADMINISTRATION_ROLE,
    DEFAULT_EXECUTION_ROLE,
};
use super::plan::{Plan, TargetAction};
use super::resolve::Fleet;

const ACTIONS: [TargetAction; 4] = [
    TargetAction::Create,
    TargetAction::Update,
    TargetAction::NoChange,
    TargetAction::Delete,
];

/// `self-managed (administration role A, execution role E)`.
pub fn permissions_text(permissions: &Permissions) -> String {
    match permissions {
        Permissions::SelfManaged {
            administration_role,
            execution_role,
        } => format!(
            "self-managed (administration role {}, execution role {})",
            administration_role
                .as_deref()
                .unwrap_or(DEFAULT_ADMINISTRATION_ROLE),
            execution_role.as_deref().unwrap_or(DEFAULT_EXECUTION_ROLE)
        ),
        Permissions::ServiceManaged {
            auto_deployment,
            retain_stacks_on_account_removal,
            delegated_admin,
        } => format!(
            "service-managed (automatic deployment {}{}{})",
            if auto_deployment.unwrap_or(true) {
                "on"
            } else {
                "off"
            },
            if auto_deployment.unwrap_or(true) && retain_stacks_on_account_removal.unwrap_or(false)
            {
                ", stacks kept when an account leaves"
            } else {
                ""
            },
            if delegated_admin.unwrap_or(false) {
                ", as delegated administrator"
            } else {
                ""
            }
        ),
    }
}

pub fn rollout_text(fleet: &Fleet) -> String {
    let r = &fleet.rollout;
    format!(
        "regions {} ({}); at most {} account(s) at once per region, {} failure(s) tolerated per region ({}){}",
        r.region_order.join(", "),
        match r.region_concurrency {
            RegionConcurrency::Sequential => "one at a time",
            RegionConcurrency::Parallel => "all at once",
        },
        r.max_concurrent.shown(),
        r.failure_tolerance.shown(),
        match r.concurrency_mode {
            ConcurrencyMode::Strict => "strict: never more at once than the tolerance + 1",
            ConcurrencyMode::Soft => "soft",
        },
        match &r.canary {
            None => String::new(),
            Some(super::file::Canary::Region(x)) => format!("; canary: region {x}"),
            Some(super::file::Canary::Account(x)) => format!("; canary: account {}", x.0),
            Some(super::file::Canary::OrganizationalUnit(x)) => format!("; canary: unit {}", x.0),
        }
    )
}

pub fn text(fleet: &Fleet, plan: &Plan, subject: &str) -> String {
    let mut out = String::new();
    let counts: Vec<String> = ACTIONS
        .iter()
        .map(|a| format!("{} {}", plan.count(*a), a.text()))
        .collect();
    let _ = writeln!(
        out,
        "Fleet {} ({subject}): {} stack set(s), {} target(s): {}",
        fleet.path.display(),
        fleet.stack_sets.len(),
        fleet.target_count(),
        counts.join(", ")
    );
    let _ = writeln!(out, "Permissions: {}", permissions_text(&fleet.permissions));
    let _ = writeln!(out, "Rollout: {}", rollout_text(fleet));
    let wave_text = |w: Option<usize>| w.map_or_else(|| "-".to_string(), |n| n.to_string());
    let width = |f: &dyn Fn(&super::plan::Row) -> usize, header: &str| {
        plan.rows.iter().map(f).max().unwrap_or(0).max(header.len())
    };
    let target_w = width(&|r| r.target.len(), "TARGET");
    let set_w = width(&|r| r.stack_set.len(), "STACK SET");
    let action_w = "no change".len();
    let wave_w = width(&|r| wave_text(r.wave).len(), "WAVE");
    let _ = writeln!(
        out,
        "\n{:target_w$}  {:set_w$}  {:action_w$}  {:wave_w$}  CHANGES",
        "TARGET", "STACK SET", "ACTION", "WAVE"
    );
    for row in &plan.rows {
        let changes = if row.changes.is_empty() {
            "-".to_string()
        } else {
            row.changes.join(", ")
        };
        let _ = writeln!(
            out,
            "{:target_w$}  {:set_w$}  {:action_w$}  {:wave_w$}  {changes}",
            row.target,
            row.stack_set,
            row.action.text(),
            wave_text(row.wave)
        );
    }
    out.push_str("\nStack sets\n");
    for set in &plan.stack_sets {
        if set.removed {
            let _ = writeln!(
                out,
                "  {} (deployed, no longer in the fleet file): deleted, its instances first (apply --prune)",
                set.name
            );
            continue;
        }
        let state = if set.exists { "deployed" } else { "new" };
        let change = if !set.exists {
            "created".to_string()
        } else if set.template_changes.is_empty() {
            "template unchanged".to_string()
        } else {
            format!("template: {}", set.template_changes.join(", "))
        };
        let _ = writeln!(
            out,
            "  {} ({state}, {} target(s)): {change}",
            set.name, set.targets
        );
    }
    if plan.waves.is_empty() {
        out.push_str("\nWaves: none (nothing to create or update)\n");
    } else {
        out.push_str("\nWaves\n");
        for wave in &plan.waves {
            let _ = writeln!(
                out,
                "  {:>wave_w$}  {}{}: {}",
                wave.number,
                wave.stack_set,
                if wave.canary { " (canary)" } else { "" },
                plan.wave_targets[&wave.number].join(", ")
            );
        }
    }
    if plan.count(TargetAction::Delete) > 0 {
        out.push_str("\nDeletions run first, one operation per stack set; retained resources stay and are listed above.\n");
    }
    if plan.rows.iter().any(|r| r.destroys_state) {
        out.push_str("\nA stateful resource is replaced or deleted (exit 3): `zael fleet apply` asks, or needs --yes.\n");
    }
    out
}

pub fn json(fleet: &Fleet, plan: &Plan, subject: &str) -> String {
    let counts: serde_json::Map<String, serde_json::Value> = ACTIONS
        .iter()
        .map(|a| (a.text().replace(' ', "_"), json!(plan.count(*a))))
        .collect();
    let r = &fleet.rollout;
    let waves: Vec<serde_json::Value> = plan
        .waves
        .iter()
        .map(|w| {
            json!({
                "number": w.number,
                "stack_set": w.stack_set,
                "canary": w.canary,
                "targets": plan.wave_targets[&w.number],
            })
        })
        .collect();
    let document = json!({
        "fleet": fleet.path.display().to_string(),
        "subject": subject,
        "exit_code": plan.exit_code(),
        "counts": counts,
        "permissions": permissions_text(&fleet.permissions),
        "rollout": {
            "region_order": r.region_order,
            "region_concurrency": match r.region_concurrency { RegionConcurrency::Sequential => "sequential", RegionConcurrency::Parallel => "parallel" },
            "max_concurrent": r.max_concurrent.shown(),
            "failure_tolerance": r.failure_tolerance.shown(),
            "concurrency_mode": match r.concurrency_mode { ConcurrencyMode::Strict => "strict", ConcurrencyMode::Soft => "soft" },
        },
        "stack_sets": plan.stack_sets,
        "targets": plan.rows,
        "waves": waves,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("a plan serializes");
    text.push('\n');
    text
}
