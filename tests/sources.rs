//! Each blueprint's sources table (what `check` credits a finding to) against the real
//! thing: every setting it names is a flag of that blueprint (or a shared one), and every
//! logical ID and component pattern it names is in a template of that blueprint.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use clap::{Args, CommandFactory};
use common::{synth_json, variants};
use zael::blueprint::sources::{matches_id, owner_and_prefix, SHARED_SETTINGS};
use zael::blueprint::BlueprintName;
use zael::cli::{ApiArgs, Cli, LimiterArgs, RedisArgs, SharedArgs};

/// The long flags of each blueprint's group, and of the shared group.
fn flags_by_group() -> (BTreeMap<&'static str, BTreeSet<String>>, BTreeSet<String>) {
    // Built: the subcommands' flags are defined when a command is run or built (`defer`).
    let mut command = Cli::command();
    command.build();
    let synth = command.find_subcommand("synth").expect("synth");
    let longs = |group: clap::Id| -> BTreeSet<String> {
        let group = synth
            .get_groups()
            .find(|g| g.get_id() == &group)
            .expect("every flattened Args adds its group");
        group
            .get_args()
            .map(|id| {
                synth
                    .get_arguments()
                    .find(|a| a.get_id() == id)
                    .and_then(|a| a.get_long())
                    .expect("long flags")
                    .to_string()
            })
            .collect()
    };
    let mut by_blueprint = BTreeMap::new();
    by_blueprint.insert("limiter", longs(LimiterArgs::group_id().unwrap()));
    by_blueprint.insert("redis", longs(RedisArgs::group_id().unwrap()));
    by_blueprint.insert("api", longs(ApiArgs::group_id().unwrap()));
    (by_blueprint, longs(SharedArgs::group_id().unwrap()))
}

/// The Resources and Parameters logical IDs of every bundled variant, by blueprint.
fn ids_by_blueprint() -> BTreeMap<String, BTreeSet<String>> {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, flags) in variants() {
        let document = synth_json(&flags);
        let blueprint = zael::diff::blueprint::blueprint_of(&document)
            .expect("resources carry zael:blueprint")
            .to_string();
        let entry = ids.entry(blueprint).or_default();
        for section in ["Resources", "Parameters"] {
            if let Some(map) = document[section].as_object() {
                entry.extend(map.keys().cloned());
            }
        }
    }
    ids
}

#[test]
fn every_setting_in_a_sources_table_is_a_flag_of_its_blueprint() {
    let (by_blueprint, shared) = flags_by_group();
    for blueprint in BlueprintName::ALL {
        let own = &by_blueprint[blueprint.name()];
        for (_, keys) in blueprint.sources().settings {
            for key in keys.split('|') {
                let flag = key.replace('_', "-");
                assert!(
                    own.contains(&flag) || shared.contains(&flag),
                    "{}: sources name {key}, which is no flag of the blueprint (--{flag})",
                    blueprint.name()
                );
            }
        }
    }
    for (_, keys) in SHARED_SETTINGS {
        for key in keys.split('|') {
            assert!(shared.contains(&key.replace('_', "-")), "shared row {key}");
        }
    }
}

#[test]
fn every_logical_id_and_component_pattern_is_in_a_template_of_its_blueprint() {
    let ids = ids_by_blueprint();
    assert_eq!(
        ids.keys().map(String::as_str).collect::<Vec<_>>(),
        ["api", "limiter", "redis"],
        "the variants cover every blueprint"
    );
    for blueprint in BlueprintName::ALL {
        let known = &ids[blueprint.name()];
        let sources = blueprint.sources();
        for (at, keys) in sources.settings {
            let (owner, _) = owner_and_prefix(at);
            assert!(
                owner == "*" || known.contains(owner),
                "{}: the row for {keys} names {owner}, which no variant has",
                blueprint.name()
            );
        }
        for (pattern, component) in sources.components {
            assert!(
                *pattern == "*" || known.iter().any(|id| matches_id(pattern, id)),
                "{}: component {component} matches no logical ID ({pattern})",
                blueprint.name()
            );
        }
        assert_eq!(
            sources.components.last().map(|(p, _)| *p),
            Some("*"),
            "{}: the components end with a catch-all",
            blueprint.name()
        );
    }
}
