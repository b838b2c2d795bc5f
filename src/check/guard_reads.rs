//! What a bundled rule file reads of the template, so cfn-guard is handed only that.
//!
//! cfn-guard clones every value a query steps through (`Resources` whole, for each rule), so
//! its time and memory grow with the template: 2.5-4.7 s and 180-312 MB on templates at
//! CloudFormation's limits (issue 21), nearly all of it copies of tags, dependencies and
//! properties no rule reads. A bundled rule selects its resources by type
//! (`Resources.*[ Type == 'AWS::SQS::Queue' ]`) and names the properties it judges
//! (`Properties.SqsManagedSseEnabled`): the resources of those types, with those properties
//! and the resource-level keys the text names, give the same findings at the same paths.
//!
//! The reading is deliberately plain and refuses anything it does not recognise (a
//! `Resources` query without a type filter, `Type in [...]`, `Properties.*`): such a file gets
//! the whole document. Only the bundled packs are pruned, where the equivalence is tested on
//! every variant, fixture and worst-case template (`tests/guard_pruning.rs`); a user's
//! `--rules` file is always handed the whole document, as cfn-guard's key-case conversions
//! (`sse_specification` finding `SSESpecification`) could reach a property the text does
//! not name literally.

use serde_json::{Map, Value};

/// The part of a template a rule file reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reads {
    /// Resource types its `Resources.*[ Type == '...' ]` filters select.
    pub types: Vec<String>,
    /// Top-level properties it names (`Properties.Name`).
    pub properties: Vec<String>,
    /// Resource-level keys besides `Type` and `Properties` it names (`DeletionPolicy`).
    pub resource_keys: Vec<String>,
    /// Whether it names `Outputs`.
    pub outputs: bool,
}

/// The resource-level keys a template may hold besides `Type` and `Properties`.
const RESOURCE_KEYS: &[&str] = &[
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "DependsOn",
    "Condition",
    "Metadata",
    "CreationPolicy",
    "UpdatePolicy",
];

/// What `text` reads, or `None` when its queries are not all of the plain shape.
pub fn reads(text: &str) -> Option<Reads> {
    // Whole-line comments say nothing about queries; anything else counts, messages
    // included (a word there only keeps more of the template, or refuses pruning).
    let text: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut types = Vec::new();
    for at in words(&text, "Type") {
        types.push(type_literal(&text[at + "Type".len()..])?);
    }
    for at in words(&text, "Resources") {
        let rest = text[at + "Resources".len()..].trim_start();
        let filter = rest.strip_prefix(".*")?.trim_start().strip_prefix('[')?;
        // The filter's first clause is `Type == '...'`, already read above.
        if !filter.trim_start().starts_with("Type") {
            return None;
        }
    }
    if types.is_empty() {
        return None;
    }
    let mut properties = Vec::new();
    for at in words(&text, "Properties") {
        let name: String = text[at + "Properties".len()..]
            .strip_prefix('.')?
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            return None;
        }
        properties.push(name);
    }
    types.sort();
    types.dedup();
    properties.sort();
    properties.dedup();
    let resource_keys = RESOURCE_KEYS
        .iter()
        .filter(|key| words(&text, key).next().is_some())
        .map(|key| key.to_string())
        .collect();
    let outputs = words(&text, "Outputs").next().is_some();
    Some(Reads {
        types,
        properties,
        resource_keys,
        outputs,
    })
}

/// `data` (guard's input: `Resources`, `Outputs`, `Zael`) with only what `reads` names.
pub fn pruned(data: &Map<String, Value>, reads: &Reads) -> Map<String, Value> {
    let mut out = Map::new();
    for (section, value) in data {
        match section.as_str() {
            "Resources" => {
                let resources = value.as_object().into_iter().flatten();
                let kept = resources
                    .filter(|(_, resource)| {
                        let kind = resource.get("Type").and_then(Value::as_str);
                        kind.is_some_and(|k| reads.types.iter().any(|t| t == k))
                    })
                    .map(|(id, resource)| (id.clone(), pruned_resource(resource, reads)));
                out.insert(section.clone(), Value::Object(kept.collect()));
            }
            "Outputs" if !reads.outputs => {}
            _ => {
                out.insert(section.clone(), value.clone());
            }
        }
    }
    out
}

fn pruned_resource(resource: &Value, reads: &Reads) -> Value {
    let Some(resource) = resource.as_object() else {
        return resource.clone();
    };
    let mut out = Map::new();
    for (key, value) in resource {
        match key.as_str() {
            "Type" => {
                out.insert(key.clone(), value.clone());
            }
            "Properties" => {
                let kept = match value.as_object() {
                    Some(properties) => Value::Object(
                        properties
                            .iter()
                            .filter(|(name, _)| reads.properties.contains(name))
                            .map(|(name, v)| (name.clone(), v.clone()))
                            .collect(),
                    ),
                    // Not a mapping: the rule judges it as it is.
                    None => value.clone(),
                };
                out.insert(key.clone(), kept);
            }
            _ if reads.resource_keys.contains(key) || !RESOURCE_KEYS.contains(&key.as_str()) => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    Value::Object(out)
}

/// The byte offsets of `word` in `text` as a whole word.
fn words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
}

/// The quoted type after `Type` in `Type == 'AWS::X::Y'`.
fn type_literal(rest: &str) -> Option<String> {
    let rest = rest.trim_start().strip_prefix("==")?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let (name, _) = rest[1..].split_once(quote)?;
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_type_filtered_rule_reads_its_types_properties_and_keys() {
        let text = "# Resources of any kind\nlet t = Resources.*[ Type == 'AWS::DynamoDB::Table' ]\nrule R when %t !empty {\n  %t.Properties.SSESpecification.SSEEnabled == true\n  %t.DeletionPolicy == 'Retain'\n}\n";
        assert_eq!(
            reads(text),
            Some(Reads {
                types: vec!["AWS::DynamoDB::Table".into()],
                properties: vec!["SSESpecification".into()],
                resource_keys: vec!["DeletionPolicy".into()],
                outputs: false,
            })
        );
    }

    #[test]
    fn queries_it_cannot_read_plainly_get_the_whole_document() {
        for text in [
            "rule R { Resources.*.Properties.Tags exists }",
            "rule R { Resources.*[ Type in ['A', 'B'] ].Properties.X exists }",
            "let q = Resources.*[ Type == 'A' ]\nrule R { %q.Properties.* exists }",
            "let q = Resources.*[ Type == 'A' ]\nrule R { %q.Properties[*] exists }",
            "let q = Resources.*[ Properties.X exists ]\nrule R { %q.Type == 'A' }",
            "rule R { Outputs.*.Value exists }",
        ] {
            assert_eq!(reads(text), None, "{text}");
        }
    }

    #[test]
    fn pruning_keeps_the_selected_resources_with_what_the_rule_names() {
        let reads = reads("let q = Resources.*[ Type == 'AWS::SQS::Queue' ]\nrule R { %q.Properties.KmsMasterKeyId exists }").unwrap();
        let data = json!({
            "Resources": {
                "Q": {"Type": "AWS::SQS::Queue", "DependsOn": ["T"], "Custom": 1,
                      "Properties": {"KmsMasterKeyId": "k", "Tags": [{"Key": "a", "Value": "b"}]}},
                "T": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
            },
            "Outputs": {"O": {"Value": "x"}},
            "Zael": {"min_log_retention_days": 7},
        });
        let pruned = pruned(data.as_object().unwrap(), &reads);
        assert_eq!(
            Value::Object(pruned),
            json!({
                "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Custom": 1, "Properties": {"KmsMasterKeyId": "k"}}},
                "Zael": {"min_log_retention_days": 7},
            })
        );
    }

    /// Every bundled rule is read plainly: none falls back to the whole template unnoticed.
    #[test]
    fn every_bundled_rule_is_pruned() {
        for pack in super::super::packs::PACKS {
            for (file, text) in pack.files {
                assert!(reads(text).is_some(), "{}/{file}", pack.dir);
            }
        }
    }
}
