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
        // Bytes: a keyword is ASCII, and checking each key as UTF-8 first cost more than
        // the matching.
        for (key, value) in node.iter_bytes() {
            let slot = match key {
                b"type" => &mut keywords.type_,
                b"allOf" => &mut keywords.all_of,
                b"if" => &mut keywords.if_,
                b"then" => &mut keywords.then,
                b"else" => &mut keywords.else_,
                b"oneOf" => &mut keywords.one_of,
                b"anyOf" => &mut keywords.any_of,
                b"not" => &mut keywords.not,
                b"properties" => &mut keywords.properties,
                b"required" => &mut keywords.required,
                b"patternProperties" => &mut keywords.pattern_properties,
                b"additionalProperties" => &mut keywords.additional_properties,
                b"minProperties" => &mut keywords.min_properties,
                b"maxProperties" => &mut keywords.max_properties,
                b"prefixItems" => &mut keywords.prefix_items,
                b"items" => &mut keywords.items,
                b"uniqueItems" => &mut keywords.unique_items,
                b"minItems" => &mut keywords.min_items,
                b"maxItems" => &mut keywords.max_items,
                b"enum" => &mut keywords.enum_,
                b"const" => &mut keywords.const_,
                b"pattern" => &mut keywords.pattern,
                b"format" => &mut keywords.format,
                b"minLength" => &mut keywords.min_length,
                b"maxLength" => &mut keywords.max_length,
                b"minimum" => &mut keywords.minimum,
                b"maximum" => &mut keywords.maximum,
                b"exclusiveMinimum" => &mut keywords.exclusive_minimum,
                b"exclusiveMaximum" => &mut keywords.exclusive_maximum,
                b"dependencies" => &mut keywords.dependencies,
                b"dependentRequired" => &mut keywords.dependent_required,
                b"dependentExcluded" => &mut keywords.dependent_excluded,
                b"requiredXor" => &mut keywords.required_xor,
                b"requiredOr" => &mut keywords.required_or,
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
