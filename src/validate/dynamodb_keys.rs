//! ZV216: a DynamoDB table's keys and attribute definitions agree: every key attribute (of
//! the table and of each index) is defined in `AttributeDefinitions`, every definition is a
//! key attribute, a key schema is a HASH key optionally followed by one RANGE key, and a
//! local index shares the table's HASH key.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::walk::resources;
use super::{About, Example, Finding, Rule};

/// ZV216: DynamoDB key attributes.
pub const DYNAMODB_KEYS: Rule = Rule {
    about: About {
        code: "ZV216",
        title: "DynamoDB key attributes",
        doc: "every key attribute of a table and its indexes is in AttributeDefinitions and every definition is a key; key schemas are HASH then optional RANGE; local indexes share the table's HASH key",
        why: "DynamoDB refuses the table when CloudFormation creates it (\"Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions\"), minutes into the deploy. cfn-lint judges the same (E3039).",
        example: Example::Templates(include_str!("examples/ZV216.yaml")),
    },
    run: |template| dynamodb_keys(template.document),
};

/// One key attribute: where it is written, its name and key type.
struct Key<'a> {
    /// Which key schema ([`Schema`]) holds it, and where in it.
    schema: usize,
    at: usize,
    name: &'a str,
    kind: &'a str,
}

/// A key schema: the table's (`index: None`) or an index's, by its list and place. Paths
/// are written only for findings: the rule formatted one for every key of every table.
struct Schema<'a> {
    index: Option<(&'static str, usize)>,
    keys: Option<&'a Value>,
    local: bool,
}

impl Schema<'_> {
    fn path(&self, id: &str) -> String {
        match self.index {
            None => format!("Resources.{id}.Properties.KeySchema"),
            Some((list, at)) => format!("Resources.{id}.Properties.{list}[{at}].KeySchema"),
        }
    }
}

impl Key<'_> {
    fn path(&self, schemas: &[Schema], id: &str) -> String {
        format!(
            "{}[{}].AttributeName",
            schemas[self.schema].path(id),
            self.at
        )
    }
}

fn dynamodb_keys(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        if kind != "AWS::DynamoDB::Table" && kind != "AWS::DynamoDB::GlobalTable" {
            continue;
        }
        // Functions anywhere in the keys or definitions decide them at deploy: judge nothing.
        let Some(defined) = definitions(properties.field("AttributeDefinitions")) else {
            continue;
        };
        let mut schemas = vec![Schema {
            index: None,
            keys: properties.field("KeySchema"),
            local: false,
        }];
        for index_kind in ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] {
            match properties.field(index_kind) {
                None => {}
                Some(Value::Array(indexes)) => {
                    for (i, index) in indexes.iter().enumerate() {
                        schemas.push(Schema {
                            index: Some((index_kind, i)),
                            keys: index.field("KeySchema"),
                            local: index_kind == "LocalSecondaryIndexes",
                        });
                    }
                }
                Some(_) => continue,
            }
        }
        let mut all_keys = Vec::new();
        let mut table_hash = None;
        let mut decided = true;
        for (number, schema) in schemas.iter().enumerate() {
            let Some(keys) = keys(schema.keys, number) else {
                decided = false;
                continue;
            };
            let shape_ok = match keys.as_slice() {
                [hash] => hash.kind == "HASH",
                [hash, range] => hash.kind == "HASH" && range.kind == "RANGE",
                _ => false,
            };
            if !shape_ok {
                findings.push(Finding::error(
                    "ZV216",
                    schema.path(id),
                    "a key schema is one HASH key, optionally followed by one RANGE key".into(),
                    "write [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]"
                        .into(),
                ));
            }
            let hash = keys.first().filter(|k| k.kind == "HASH").map(|k| k.name);
            if schema.index.is_none() {
                table_hash = hash;
            } else if schema.local && hash.is_some() && table_hash.is_some() && hash != table_hash {
                findings.push(Finding::error(
                    "ZV216",
                    format!("{}[0].AttributeName", schema.path(id)),
                    format!(
                        "a local secondary index shares the table's HASH key '{}', not '{}'",
                        table_hash.unwrap_or_default(),
                        hash.unwrap_or_default()
                    ),
                    "give the index the table's HASH key and its own RANGE key".into(),
                ));
            }
            all_keys.extend(keys);
        }
        for key in &all_keys {
            if !defined.iter().any(|(_, name)| *name == key.name) {
                findings.push(Finding::error(
                    "ZV216",
                    key.path(&schemas, id),
                    format!(
                        "key attribute '{}' is not in AttributeDefinitions",
                        key.name
                    ),
                    format!("add {{AttributeName: {}, AttributeType: S|N|B}}", key.name),
                ));
            }
        }
        // Unused definitions are certain only when every key schema was read.
        if decided {
            for (index, name) in &defined {
                if !all_keys.iter().any(|k| k.name == *name) {
                    findings.push(Finding::error(
                        "ZV216",
                        format!("Resources.{id}.Properties.AttributeDefinitions[{index}]"),
                        format!("'{name}' is defined but is no key of the table or its indexes"),
                        "define only key attributes; other attributes need no definition".into(),
                    ));
                }
            }
        }
    }
    findings
}

/// `(index, AttributeName)` of each definition, or `None` when a function is involved.
fn definitions(value: Option<&Value>) -> Option<Vec<(usize, &str)>> {
    let items = match value {
        None => return Some(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return None,
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| Some((i, item.field("AttributeName")?.as_str()?)))
        .collect()
}

/// The key attributes of a literal key schema at `path`, or `None` when a function is
/// involved or the schema is missing (ZV206 reports that).
fn keys(value: Option<&Value>, schema: usize) -> Option<Vec<Key<'_>>> {
    value?
        .as_array()?
        .iter()
        .enumerate()
        .map(|(at, item)| {
            Some(Key {
                schema,
                at,
                name: item.field("AttributeName")?.as_str()?,
                kind: item.field("KeyType")?.as_str()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn findings(properties: Value) -> Vec<(String, String)> {
        let document =
            json!({"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": properties}}});
        dynamodb_keys(&document)
            .into_iter()
            .map(|f| (f.path, f.message))
            .collect()
    }

    fn definition(name: &str) -> Value {
        json!({"AttributeName": name, "AttributeType": "S"})
    }

    fn key(name: &str, kind: &str) -> Value {
        json!({"AttributeName": name, "KeyType": kind})
    }

    #[test]
    fn matching_keys_and_definitions_pass() {
        let properties = json!({
            "AttributeDefinitions": [definition("pk"), definition("sk"), definition("gsi")],
            "KeySchema": [key("pk", "HASH"), key("sk", "RANGE")],
            "GlobalSecondaryIndexes": [{"IndexName": "g", "KeySchema": [key("gsi", "HASH")]}],
            "LocalSecondaryIndexes": [{"IndexName": "l", "KeySchema": [key("pk", "HASH"), key("gsi", "RANGE")]}]
        });
        assert_eq!(findings(properties), []);
    }

    #[test]
    fn undefined_unused_misordered_and_foreign_keys_are_reported() {
        let properties = json!({
            "AttributeDefinitions": [definition("pk"), definition("sales")],
            "KeySchema": [key("sk", "RANGE"), key("pk", "HASH")],
            "LocalSecondaryIndexes": [{"IndexName": "l", "KeySchema": [key("other", "HASH")]}]
        });
        let base = "Resources.T.Properties";
        assert_eq!(
            findings(properties),
            [
                (
                    format!("{base}.KeySchema"),
                    "a key schema is one HASH key, optionally followed by one RANGE key"
                        .to_string()
                ),
                (
                    format!("{base}.KeySchema[0].AttributeName"),
                    "key attribute 'sk' is not in AttributeDefinitions".to_string()
                ),
                (
                    format!("{base}.LocalSecondaryIndexes[0].KeySchema[0].AttributeName"),
                    "key attribute 'other' is not in AttributeDefinitions".to_string()
                ),
                (
                    format!("{base}.AttributeDefinitions[1]"),
                    "'sales' is defined but is no key of the table or its indexes".to_string()
                ),
            ]
        );
    }

    #[test]
    fn keys_computed_by_functions_are_left_to_deploy() {
        let properties = json!({
            "AttributeDefinitions": [definition("pk"), definition("sk")],
            "KeySchema": {"Fn::If": ["C", [key("pk", "HASH")], [key("pk", "HASH"), key("sk", "RANGE")]]}
        });
        assert_eq!(findings(properties), []);
    }
}
