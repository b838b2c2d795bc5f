//! A schema node's keywords, read in one pass over its keys.
//!
//! Why: the walk asks every node for some thirty keywords, most of them absent. A node is a
//! `serde_json` map, and each of those questions hashed the keyword (SipHash) to find nothing:
//! an eighth of `zael synth --all`'s instructions. A node has a handful of keys; reading them
//! once and matching each against the keywords costs a few comparisons.

use crate::schema::{Node, Object};

/// The keywords the walk reads, each `None` when the node does not have it.
#[derive(Default)]
pub struct Keywords {
    pub type_: Option<Node>,
    pub all_of: Option<Node>,
    pub if_: Option<Node>,
    pub then: Option<Node>,
    pub else_: Option<Node>,
    pub one_of: Option<Node>,
    pub any_of: Option<Node>,
    pub not: Option<Node>,
    pub properties: Option<Node>,
    pub required: Option<Node>,
    pub pattern_properties: Option<Node>,
    pub additional_properties: Option<Node>,
    pub min_properties: Option<Node>,
    pub max_properties: Option<Node>,
    pub prefix_items: Option<Node>,
    pub items: Option<Node>,
    pub unique_items: Option<Node>,
    pub min_items: Option<Node>,
    pub max_items: Option<Node>,
    pub enum_: Option<Node>,
    pub const_: Option<Node>,
    pub pattern: Option<Node>,
    pub format: Option<Node>,
    pub min_length: Option<Node>,
    pub max_length: Option<Node>,
    pub minimum: Option<Node>,
    pub maximum: Option<Node>,
    pub exclusive_minimum: Option<Node>,
    pub exclusive_maximum: Option<Node>,
    pub dependencies: Option<Node>,
    pub dependent_required: Option<Node>,
    pub dependent_excluded: Option<Node>,
    pub required_xor: Option<Node>,
    pub required_or: Option<Node>,
}

impl Keywords {
    pub fn of(node: Object) -> Self {
        let mut keywords = Keywords::default();
        for (key, value) in node.iter() {
            let slot = match key {
                "type" => &mut keywords.type_,
                "allOf" => &mut keywords.all_of,
                "if" => &mut keywords.if_,
                "then" => &mut keywords.then,
                "else" => &mut keywords.else_,
                "oneOf" => &mut keywords.one_of,
                "anyOf" => &mut keywords.any_of,
                "not" => &mut keywords.not,
                "properties" => &mut keywords.properties,
                "required" => &mut keywords.required,
                "patternProperties" => &mut keywords.pattern_properties,
                "additionalProperties" => &mut keywords.additional_properties,
                "minProperties" => &mut keywords.min_properties,
                "maxProperties" => &mut keywords.max_properties,
                "prefixItems" => &mut keywords.prefix_items,
                "items" => &mut keywords.items,
                "uniqueItems" => &mut keywords.unique_items,
                "minItems" => &mut keywords.min_items,
                "maxItems" => &mut keywords.max_items,
                "enum" => &mut keywords.enum_,
                "const" => &mut keywords.const_,
                "pattern" => &mut keywords.pattern,
                "format" => &mut keywords.format,
                "minLength" => &mut keywords.min_length,
                "maxLength" => &mut keywords.max_length,
                "minimum" => &mut keywords.minimum,
                "maximum" => &mut keywords.maximum,
                "exclusiveMinimum" => &mut keywords.exclusive_minimum,
                "exclusiveMaximum" => &mut keywords.exclusive_maximum,
                "dependencies" => &mut keywords.dependencies,
                "dependentRequired" => &mut keywords.dependent_required,
                "dependentExcluded" => &mut keywords.dependent_excluded,
                "requiredXor" => &mut keywords.required_xor,
                "requiredOr" => &mut keywords.required_or,
                _ => continue,
            };
            *slot = Some(value);
        }
        keywords
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
        assert_eq!(value(keywords.type_), Some(Value::from("string")));
        assert_eq!(value(keywords.max_length), Some(Value::from(5)));
        assert_eq!(value(keywords.pattern), Some(Value::from("^a")));
        assert_eq!(
            value(keywords.dependent_excluded),
            node.get("dependentExcluded").cloned()
        );
        assert_eq!(value(keywords.if_), node.get("if").cloned());
        assert_eq!(value(keywords.else_), Some(Value::Bool(true)));
        assert!(keywords.min_length.is_none() && keywords.then.is_none());
        assert!(keywords.enum_.is_none() && keywords.properties.is_none());
    }
}
