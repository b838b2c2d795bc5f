//! One resource type's schema: the JSON Schema of its `Properties`, and the facts about its
//! property paths that CloudFormation treats specially.

use std::sync::LazyLock;

use serde_json::{Map, Value};

/// A resource type's compact schema. Property paths are dotted (`Endpoint.Address`), with `*`
/// for "every item of a list" (`Tags.*.Key`), as in the provider schemas' pointers.
#[derive(Debug)]
pub struct ResourceType {
    name: &'static str,
    record: Value,
    read_only: Vec<String>,
    create_only: Vec<String>,
    conditional_create_only: Vec<String>,
    write_only: Vec<String>,
    attributes: Vec<String>,
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
    pub(super) fn new(name: &'static str, mut record: Value) -> Self {
        ResourceType {
            name,
            read_only: strings(&mut record, "readOnly"),
            create_only: strings(&mut record, "createOnly"),
            conditional_create_only: strings(&mut record, "conditionalCreateOnly"),
            write_only: strings(&mut record, "writeOnly"),
            attributes: strings(&mut record, "attributes"),
            record,
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JSON Schema of the resource's `Properties` object (with its `definitions`), for a
    /// validator to walk. `$ref`s point into it: resolve them with [`Self::resolve`].
    pub fn schema(&self) -> &Value {
        &self.record
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
            let Some(target) = node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/definitions/"))
                .and_then(|name| self.record.get("definitions")?.get(name))
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
