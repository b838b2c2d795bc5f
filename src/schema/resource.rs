//! One resource type's schema: the JSON Schema of its `Properties`, and the facts about its
//! property paths that CloudFormation treats specially.

use super::node::{Array, Node, Object};

/// A resource type's compact schema. Property paths are dotted (`Endpoint.Address`), with `*`
/// for "every item of a list" (`Tags.*.Key`), as in the provider schemas' pointers.
#[derive(Debug)]
pub struct ResourceType {
    name: &'static str,
    /// The schema without its `definitions` and the lists below, read in place.
    record: Node,
    /// The `definitions` `$ref`s point to (`None`: the record has none).
    definitions: Option<Object>,
    read_only: Vec<String>,
    create_only: Vec<String>,
    conditional_create_only: Vec<String>,
    write_only: Vec<String>,
    attributes: Vec<String>,
}

/// The strings of a list node (none where it is not a list).
fn strings(node: Option<Node>) -> Vec<String> {
    node.and_then(|n| n.as_array())
        .into_iter()
        .flat_map(Array::iter)
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect()
}

impl ResourceType {
    /// The type from its encoded record (`encode.rs`): the record without its parts, then
    /// each part of [`super::encode::RECORD_PARTS`].
    pub(super) fn new(name: &'static str, encoded: &'static [u8]) -> Self {
        let root = Node::root(encoded).as_array().expect("an encoded record");
        let part = |index: usize| root.get(index).expect("every part is encoded");
        ResourceType {
            name,
            record: part(0),
            definitions: part(1).as_object(),
            read_only: strings(Some(part(2))),
            create_only: strings(Some(part(3))),
            conditional_create_only: strings(Some(part(4))),
            write_only: strings(Some(part(5))),
            attributes: strings(Some(part(6))),
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JSON Schema of the resource's `Properties` object, for a validator to walk. `$ref`s
    /// point into its definitions: resolve them with [`Self::resolve`].
    pub fn schema(&self) -> Node {
        self.record
    }

    /// Every definition, by name, in the record's order.
    pub fn definitions(&self) -> impl Iterator<Item = (&'static str, Node)> + '_ {
        self.definitions.into_iter().flat_map(Object::iter)
    }

    /// The top-level properties and their schemas.
    pub fn properties(&self) -> impl Iterator<Item = (&'static str, Node)> {
        let properties = self.record.get("properties").and_then(|p| p.as_object());
        properties.into_iter().flat_map(Object::iter)
    }

    /// The schema of one top-level property, its `$ref` followed.
    pub fn property(&self, name: &str) -> Option<Node> {
        let properties = self.record.get("properties")?.as_object()?;
        properties.get(name).map(|p| self.resolve(p))
    }

    /// The top-level properties a template must set.
    pub fn required(&self) -> impl Iterator<Item = &str> {
        let required = self.record.get("required").and_then(|r| r.as_array());
        required
            .into_iter()
            .flat_map(Array::iter)
            .filter_map(|n| n.as_str())
    }

    /// Whether a property not named in the schema is allowed at the top level.
    pub fn allows_unknown_properties(&self) -> bool {
        self.record
            .get("additionalProperties")
            .and_then(|a| a.as_bool())
            != Some(false)
    }

    /// `node` with its `$ref` chain (`#/definitions/Name`) followed; a dangling reference
    /// resolves to the reference itself.
    pub fn resolve(&self, mut node: Node) -> Node {
        // The chain is bounded: a definition that only refers to itself would loop.
        for _ in 0..16 {
            if !node.has_ref() {
                break;
            }
            let Some(target) = node
                .get("$ref")
                .and_then(|reference| reference.as_str_bytes())
                .and_then(|r| r.strip_prefix(b"#/definitions/"))
                .and_then(|name| self.definitions?.get_bytes(name))
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
