//! One resource type's schema: the JSON Schema of its `Properties`, and the facts about its
//! property paths that CloudFormation treats specially.

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A resource type's compact schema. Property paths are dotted (`Endpoint.Address`), with `*`
/// for "every item of a list" (`Tags.*.Key`), as in the provider schemas' pointers.
#[derive(Debug)]
pub struct ResourceType {
    name: &'static str,
    /// The schema without its `definitions`.
    record: Value,
    /// The `definitions` `$ref`s point to, each parsed the first time one reaches it: a
    /// template sets a few of a type's properties, and the definitions behind the others are
    /// most of its schema (S3 buckets: 21 of 25 KB), which `zael synth` would parse for
    /// nothing.
    definitions: BTreeMap<&'static str, Definition>,
    read_only: Vec<String>,
    create_only: Vec<String>,
    conditional_create_only: Vec<String>,
    write_only: Vec<String>,
    attributes: Vec<String>,
}

#[derive(Debug)]
struct Definition {
    text: &'static RawValue,
    parsed: OnceLock<Value>,
}

impl Definition {
    fn value(&self) -> &Value {
        self.parsed.get_or_init(|| {
            serde_json::from_str(self.text.get()).expect("embedded schema definitions are JSON")
        })
    }
}

/// A record's top level: its `definitions` as text, the rest parsed.
struct Top {
    record: Map<String, Value>,
    definitions: BTreeMap<&'static str, &'static RawValue>,
}

struct TopVisitor;

impl<'de: 'static> serde::de::Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a resource schema record")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top {
            record: Map::new(),
            definitions: BTreeMap::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == "definitions" {
                top.definitions = map.next_value()?;
            } else {
                top.record.insert(key, map.next_value()?);
            }
        }
        Ok(top)
    }
}

/// What a type without properties answers (a few types take none).
static NO_PROPERTIES: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

fn strings(record: &mut Value, key: &str) -> Vec<String> {
    match record.as_object_mut().and_then(|r| r.remove(key)) {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

impl ResourceType {
    /// The type from its compact JSON record (`scripts/gen-schemas.py`), in one pass over the
    /// text: everything but the definitions is parsed now.
    pub(super) fn new(name: &'static str, text: &'static str) -> Self {
        use serde::Deserializer;
        let mut reader = serde_json::Deserializer::from_str(text);
        let Top {
            record,
            definitions,
        } = reader
            .deserialize_map(TopVisitor)
            .expect("embedded schema data is a JSON object");
        let definitions = definitions
            .into_iter()
            .map(|(name, text)| {
                let parsed = OnceLock::new();
                (name, Definition { text, parsed })
            })
            .collect();
        let mut record = Value::Object(record);
        ResourceType {
            name,
            read_only: strings(&mut record, "readOnly"),
            create_only: strings(&mut record, "createOnly"),
            conditional_create_only: strings(&mut record, "conditionalCreateOnly"),
            write_only: strings(&mut record, "writeOnly"),
            attributes: strings(&mut record, "attributes"),
            record,
            definitions,
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JSON Schema of the resource's `Properties` object, for a validator to walk. `$ref`s
    /// point into its definitions: resolve them with [`Self::resolve`].
    pub fn schema(&self) -> &Value {
        &self.record
    }

    /// Every definition, by name, each parsed now if no `$ref` reached it before.
    pub fn definitions(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.definitions
            .iter()
            .map(|(name, definition)| (*name, definition.value()))
    }

    /// The top-level properties and their schemas.
    pub fn properties(&self) -> &Map<String, Value> {
        self.record
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&NO_PROPERTIES)
    }

    /// The schema of one top-level property, its `$ref` followed.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties().get(name).map(|p| self.resolve(p))
    }

    /// The top-level properties a template must set.
    pub fn required(&self) -> impl Iterator<Item = &str> {
        self.record
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    /// Whether a property not named in the schema is allowed at the top level.
    pub fn allows_unknown_properties(&self) -> bool {
        self.record.get("additionalProperties") != Some(&Value::Bool(false))
    }

    /// `node` with its `$ref` chain (`#/definitions/Name`) followed; a dangling reference
    /// resolves to the reference itself.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        // The chain is bounded: a definition that only refers to itself would loop.
        for _ in 0..16 {
            // Found by comparing the node's few keys: the walk resolves every node it
            // visits, and hashing `$ref` (SipHash) to find nothing cost more.
            let Some(target) = node
                .as_object()
                .and_then(|keys| keys.iter().find(|(key, _)| *key == "$ref"))
                .and_then(|(_, reference)| reference.as_str())
                .and_then(|r| r.strip_prefix("#/definitions/"))
                .and_then(|name| self.definitions.get(name))
                .map(Definition::value)
            else {
                break;
            };
            node = target;
        }
        node
    }

    /// Properties CloudFormation sets: a template may read them (`Fn::GetAtt`), not set them.
    pub fn read_only(&self) -> &[String] {
        &self.read_only
    }

    /// Properties whose change replaces the resource.
    pub fn create_only(&self) -> &[String] {
        &self.create_only
    }

    /// Properties whose change may replace the resource, depending on the change (e.g. a
    /// DynamoDB table's `KeySchema`).
    pub fn conditional_create_only(&self) -> &[String] {
        &self.conditional_create_only
    }

    /// Properties CloudFormation accepts but never returns (secrets, one-off inputs).
    pub fn write_only(&self) -> &[String] {
        &self.write_only
    }

    /// The attribute names `Fn::GetAtt` accepts, sorted. `Outputs.*` stands for any
    /// `Outputs.Name`; `*` for any name.
    pub fn attributes(&self) -> &[String] {
        &self.attributes
    }

    /// Whether `Fn::GetAtt` accepts `attribute` on this type.
    pub fn has_attribute(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|known| {
            known == attribute
                || known == "*"
                || known.strip_suffix('*').is_some_and(|prefix| {
                    attribute.len() > prefix.len() && attribute.starts_with(prefix)
                })
        })
    }
}
