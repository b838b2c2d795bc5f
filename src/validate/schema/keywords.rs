//! A schema node's keywords, read in one pass over its keys.
//!
//! Why: the walk asks every node for some thirty keywords, most of them absent. A node is a
//! `serde_json` map, and each of those questions hashed the keyword (SipHash) to find nothing:
//! an eighth of `zael synth --all`'s instructions. A node has a handful of keys; reading them
//! once and matching each against the keywords costs a few comparisons.

use std::cell::{OnceCell, RefCell};

use super::patterns::Pattern;
use super::values::strings;
use crate::fast_hash::FastMap;
use crate::schema::{Node, Object, ResourceType};

/// The keywords the walk reads: where each one's value is in the node's encoded schema (0:
/// the node does not have it; no keyword's value is the encoded root). Positions rather than
/// nodes: the walk makes one of these per node it visits, and a node is three words.
pub struct Keywords {
    data: &'static [u8],
    at: [u32; COUNT],
    /// `required`'s names, read as text once rather than at every visit.
    required: Vec<&'static str>,
    /// `properties` by name, hashed once rather than scanned for every key of every value.
    properties: FastMap<&'static str, Child>,
    /// `items`, with its keywords kept like a property's.
    items: Option<Child>,
    /// `dependentExcluded`'s entries, `requiredXor`'s and `requiredOr`'s names, read as
    /// text once: a resource's mutually exclusive properties are judged on every visit.
    excluded: Vec<(&'static str, Vec<&'static str>)>,
    xor: Vec<&'static str>,
    or: Vec<&'static str>,
    /// The JSON types `type` names, as [`types`] bits (`None`: the node has no `type`).
    types: Option<u8>,
    /// `pattern` (a string), with its compiled forms found.
    pattern: Option<Pattern>,
    /// Whether the node has `allOf`, `if`, `oneOf`, `anyOf` or `not`; and whether it has
    /// `dependencies`, `dependentRequired`, `dependentExcluded`, `requiredXor` or
    /// `requiredOr`. Most nodes have neither, and asking each keyword of every value was
    /// most of what judging them cost.
    combinators: bool,
    ties: bool,
}

/// A subschema a node names (a property's, `items`), with the keywords it resolves to kept
/// the first time the walk reaches it: the walk then steps from a node's keywords to its
/// child's without asking the thread's table (a tenth of what visiting a value cost). A
/// node's keywords are only reached through nodes of one type's buffer, so the child
/// resolves the same way whichever walk asks.
pub struct Child {
    pub node: Node,
    keywords: OnceCell<Option<&'static Keywords>>,
}

impl Child {
    fn new(node: Node) -> Self {
        Child {
            node,
            keywords: OnceCell::new(),
        }
    }

    /// [`Keywords::of_reference`] of the child.
    pub fn keywords(&self, schema: &ResourceType) -> Option<&'static Keywords> {
        *self
            .keywords
            .get_or_init(|| Keywords::of_reference(schema, self.node))
    }
}

/// The JSON Schema types as bits, so a value's type is judged without reading the names
/// again at every visit.
pub mod types {
    pub const OBJECT: u8 = 1;
    pub const ARRAY: u8 = 2;
    pub const NULL: u8 = 4;
    pub const STRING: u8 = 8;
    pub const NUMBER: u8 = 16;
    pub const INTEGER: u8 = 32;
    pub const BOOLEAN: u8 = 64;
    /// A name JSON Schema does not define, or a `type` that is neither a name nor a list:
    /// any value passes.
    pub const ANY: u8 = 128;

    /// The bit of one type name.
    pub fn of_name(name: &[u8]) -> u8 {
        match name {
            b"object" => OBJECT,
            b"array" => ARRAY,
            b"null" => NULL,
            b"string" => STRING,
            b"number" => NUMBER,
            b"integer" => INTEGER,
            b"boolean" => BOOLEAN,
            _ => ANY,
        }
    }

    /// The bits of a `type` keyword's value: one name, or a list of them.
    pub fn of_type(expected: super::Node) -> u8 {
        if let Some(name) = expected.as_str_bytes() {
            return of_name(name);
        }
        match expected.as_array() {
            Some(names) => names
                .iter()
                .filter_map(|n| n.as_str_bytes())
                .fold(0, |bits, name| bits | of_name(name)),
            None => ANY,
        }
    }
}

macro_rules! keywords {
    ($($field:ident = $index:literal $name:literal),* $(,)?) => {
        /// How many keywords the walk reads.
        const COUNT: usize = [$($index),*].len();

        impl Keywords {
            $(
                #[doc = concat!("`", stringify!($name), "`, if the node has it.")]
                pub fn $field(&self) -> Option<Node> {
                    self.get($index)
                }
            )*
        }

        /// The slot of keyword `key`.
        fn slot(key: &[u8]) -> Option<usize> {
            match key {
                $($name => Some($index),)*
                _ => None,
            }
        }
    };
}

keywords! {
    type_ = 0 b"type",
    all_of = 1 b"allOf",
    if_ = 2 b"if",
    then = 3 b"then",
    else_ = 4 b"else",
    one_of = 5 b"oneOf",
    any_of = 6 b"anyOf",
    not = 7 b"not",
    properties = 8 b"properties",
    required = 9 b"required",
    pattern_properties = 10 b"patternProperties",
    additional_properties = 11 b"additionalProperties",
    min_properties = 12 b"minProperties",
    max_properties = 13 b"maxProperties",
    prefix_items = 14 b"prefixItems",
    items = 15 b"items",
    unique_items = 16 b"uniqueItems",
    min_items = 17 b"minItems",
    max_items = 18 b"maxItems",
    enum_ = 19 b"enum",
    const_ = 20 b"const",
    pattern = 21 b"pattern",
    format = 22 b"format",
    min_length = 23 b"minLength",
    max_length = 24 b"maxLength",
    minimum = 25 b"minimum",
    maximum = 26 b"maximum",
    exclusive_minimum = 27 b"exclusiveMinimum",
    exclusive_maximum = 28 b"exclusiveMaximum",
    dependencies = 29 b"dependencies",
    dependent_required = 30 b"dependentRequired",
    dependent_excluded = 31 b"dependentExcluded",
    required_xor = 32 b"requiredXor",
    required_or = 33 b"requiredOr",
}

impl Keywords {
    /// Bytes: a keyword is ASCII, and checking each key as UTF-8 first cost more than the
    /// matching.
    pub fn of(node: Object) -> Self {
        let mut keywords = Keywords {
            data: node.data(),
            at: [0; COUNT],
            required: Vec::new(),
            properties: FastMap::default(),
            items: None,
            excluded: Vec::new(),
            xor: Vec::new(),
            or: Vec::new(),
            types: None,
            pattern: None,
            combinators: false,
            ties: false,
        };
        for (key, value) in node.iter_bytes() {
            if let Some(slot) = slot(key) {
                keywords.at[slot] = value.position();
            }
        }
        keywords.required = strings(keywords.required()).collect();
        if let Some(properties) = keywords.properties().and_then(|p| p.as_object()) {
            keywords.properties = properties
                .iter()
                .map(|(name, node)| (name, Child::new(node)))
                .collect();
        }
        if let Some(excluded) = keywords.dependent_excluded().and_then(|d| d.as_object()) {
            keywords.excluded = excluded
                .iter()
                .map(|(name, others)| (name, strings(Some(others)).collect()))
                .collect();
        }
        keywords.xor = strings(keywords.required_xor()).collect();
        keywords.or = strings(keywords.required_or()).collect();
        keywords.types = keywords.type_().map(types::of_type);
        keywords.pattern = keywords.pattern().and_then(|p| p.as_str()).map(Pattern::of);
        keywords.items = keywords.items().map(Child::new);
        keywords.combinators = keywords.all_of().is_some()
            || keywords.if_().is_some()
            || keywords.one_of().is_some()
            || keywords.any_of().is_some()
            || keywords.not().is_some();
        keywords.ties = keywords.dependencies().is_some()
            || keywords.dependent_required().is_some()
            || keywords.dependent_excluded().is_some()
            || keywords.required_xor().is_some()
            || keywords.required_or().is_some();
        keywords
    }

    /// The keywords of the object `node` stands for once its `$ref` chain is followed in
    /// `schema` (`None`: it is not an object), found once per thread: the walk resolved the
    /// reference (a scan of the type's definitions) and then looked the object up for every
    /// value it judged. A node's buffer is its type's own, definitions included, so the node
    /// alone says where its reference leads.
    pub fn of_reference(schema: &ResourceType, node: Node) -> Option<&'static Keywords> {
        thread_local! {
            static RESOLVED: RefCell<FastMap<(usize, u32), Option<&'static Keywords>>> =
                RefCell::default();
        }
        RESOLVED.with(|resolved| {
            if let Some(keywords) = resolved.borrow().get(&node.identity()) {
                return *keywords;
            }
            let keywords = schema.resolve(node).as_object().map(Keywords::of_known);
            resolved.borrow_mut().insert(node.identity(), keywords);
            keywords
        })
    }

    /// Whether the node has any of `allOf`, `if`, `oneOf`, `anyOf`, `not`.
    pub fn has_combinators(&self) -> bool {
        self.combinators
    }

    /// Whether the node has any keyword that ties properties together (`dependencies`,
    /// `dependentRequired`, `dependentExcluded`, `requiredXor`, `requiredOr`).
    pub fn has_ties(&self) -> bool {
        self.ties
    }

    /// `type`'s names as [`types`] bits, if the node has a `type`.
    pub fn types(&self) -> Option<u8> {
        self.types
    }

    /// `pattern`, if the node has one that is a string.
    pub fn compiled_pattern(&self) -> Option<Pattern> {
        self.pattern
    }

    /// [`Keywords::of`], read once per thread for each node: `synth --all` walks the same
    /// schema nodes for every template of a type, and reading a node's keys was a third of
    /// visiting it. Kept for the process, like the schemas: at most one per node of the
    /// schemas in use, per thread.
    pub fn of_known(node: Object) -> &'static Keywords {
        thread_local! {
            static READ: RefCell<FastMap<(usize, u32), &'static Keywords>> = RefCell::default();
        }
        READ.with(|read| {
            if let Some(keywords) = read.borrow().get(&node.identity()) {
                return *keywords;
            }
            let keywords: &'static Keywords = Box::leak(Box::new(Keywords::of(node)));
            read.borrow_mut().insert(node.identity(), keywords);
            keywords
        })
    }

    /// The schema of property `name`, if `properties` has it.
    pub fn property(&self, name: &str) -> Option<&Child> {
        self.properties.get(name)
    }

    /// `items`, if the node has it.
    pub fn items_child(&self) -> Option<&Child> {
        self.items.as_ref()
    }

    /// `dependentExcluded`: each property with the ones it excludes.
    pub fn excluded(&self) -> &[(&'static str, Vec<&'static str>)] {
        &self.excluded
    }

    /// The names `requiredXor` lists (empty without one).
    pub fn xor_names(&self) -> &[&'static str] {
        &self.xor
    }

    /// The names `requiredOr` lists (empty without one).
    pub fn or_names(&self) -> &[&'static str] {
        &self.or
    }

    /// The names `required` lists.
    pub fn required_names(&self) -> &[&'static str] {
        &self.required
    }

    fn get(&self, slot: usize) -> Option<Node> {
        let at = self.at[slot];
        (at != 0).then(|| Node::at(self.data, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn each_keyword_lands_in_its_own_field_and_others_are_ignored() {
        let node = serde_json::json!({
            "type": "string", "maxLength": 5, "pattern": "^a", "description": "ignored",
            "dependentExcluded": {"A": ["B"]}, "if": {}, "else": true
        });
        let keywords = Keywords::of(Node::leak(&node).as_object().unwrap());
        let value = |keyword: Option<Node>| keyword.map(|k| k.to_value());
        assert_eq!(value(keywords.type_()), Some(Value::from("string")));
        assert_eq!(value(keywords.max_length()), Some(Value::from(5)));
        assert_eq!(value(keywords.pattern()), Some(Value::from("^a")));
        assert_eq!(
            value(keywords.dependent_excluded()),
            node.get("dependentExcluded").cloned()
        );
        assert_eq!(value(keywords.if_()), node.get("if").cloned());
        assert_eq!(value(keywords.else_()), Some(Value::Bool(true)));
        assert!(keywords.min_length().is_none() && keywords.then().is_none());
        assert!(keywords.enum_().is_none() && keywords.properties().is_none());
        assert!(keywords.has_combinators() && keywords.has_ties());
        // Each combinator and each tie alone sets its flag; other keywords set neither.
        for (key, combinator, tie) in [
            ("allOf", true, false),
            ("if", true, false),
            ("oneOf", true, false),
            ("anyOf", true, false),
            ("not", true, false),
            ("dependencies", false, true),
            ("dependentRequired", false, true),
            ("dependentExcluded", false, true),
            ("requiredXor", false, true),
            ("requiredOr", false, true),
            ("then", false, false),
            ("required", false, false),
        ] {
            let node = serde_json::json!({ "type": "object", key: [] });
            let keywords = Keywords::of(Node::leak(&node).as_object().unwrap());
            assert_eq!(keywords.has_combinators(), combinator, "{key}");
            assert_eq!(keywords.has_ties(), tie, "{key}");
        }
    }
}
