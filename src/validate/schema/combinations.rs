//! The object keywords that tie properties together: `dependencies`, `dependentRequired`,
//! `dependentExcluded` (cfn-lint's), `requiredXor` and `requiredOr`.

use serde_json::{Map, Value};

use super::keywords::Keywords;
use super::values::{strings, Walk};
use crate::schema::Object;
use crate::validate::field::Field;

pub fn check(
    walk: &mut Walk<'_>,
    keywords: &Keywords,
    map: &Map<String, Value>,
    path: &mut String,
) {
    let present = |name: &str| map.field(name).is_some();
    // For exclusions, a value that may be `AWS::NoValue` at deploy time (a `Fn::If`, a
    // `Ref: AWS::NoValue`) is not known to be set.
    let surely_set = |name: &str| {
        map.field(name).is_some_and(|v| {
            v.field("Fn::If").is_none()
                && v.field("Ref").and_then(Value::as_str) != Some("AWS::NoValue")
        })
    };
    for keyword in [keywords.dependencies(), keywords.dependent_required()] {
        let entries = keyword.and_then(|k| k.as_object());
        for (name, needs) in entries.into_iter().flat_map(Object::iter) {
            if !present(name) {
                continue;
            }
            match needs {
                needs if needs.is_array() => {
                    for other in strings(Some(needs)).filter(|o| !present(o)) {
                        walk.problems.push(super::Problem {
                            rule: "ZV214",
                            path: path.clone(),
                            message: format!("'{name}' is set without '{other}'"),
                            hint: format!("set {other} too, or remove {name}"),
                        });
                    }
                }
                schema if schema.is_object() => {
                    walk.value(schema, &Value::Object(map.clone()), path)
                }
                _ => {}
            }
        }
    }
    for &(name, ref excluded) in keywords.excluded() {
        if !present(name) {
            continue;
        }
        // Exclusions are usually listed both ways: report each pair once.
        let listed_both_ways = |other: &str| {
            keywords
                .excluded()
                .iter()
                .find(|(listed, _)| *listed == other)
                .is_some_and(|(_, theirs)| theirs.contains(&name))
        };
        if !surely_set(name) {
            continue;
        }
        for &other in excluded
            .iter()
            .filter(|o| surely_set(o))
            .filter(|o| name < **o || !listed_both_ways(o))
        {
            walk.problems.push(super::Problem {
                rule: "ZV214",
                path: path.clone(),
                message: format!("'{name}' and '{other}' are both set"),
                hint: format!("set only one of {name} and {other}"),
            });
        }
    }
    if keywords.required_xor().is_some() {
        let names = keywords.xor_names();
        let set: Vec<&str> = names.iter().copied().filter(|n| surely_set(n)).collect();
        let any = names.iter().any(|n| present(n));
        if set.len() > 1 || !any {
            walk.problems.push(super::Problem {
                rule: "ZV214",
                path: path.clone(),
                message: if set.is_empty() {
                    "none of the mutually exclusive properties is set".into()
                } else {
                    format!(
                        "{} are all set, but they exclude each other",
                        set.join(", ")
                    )
                },
                hint: format!("set exactly one of {}", names.join(", ")),
            });
        }
    }
    if keywords.required_or().is_some() {
        let names = keywords.or_names();
        if !names.iter().any(|n| present(n)) {
            walk.problems.push(super::Problem {
                rule: "ZV214",
                path: path.clone(),
                message: "none of the properties this needs at least one of is set".into(),
                hint: format!("set at least one of {}", names.join(", ")),
            });
        }
    }
}
