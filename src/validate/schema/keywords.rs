//! A schema node's keywords, read in one pass over its keys.
//!
//! Why: the walk asks every node for some thirty keywords, most of them absent. A node is a
//! `serde_json` map, and each of those questions hashed the keyword (SipHash) to find nothing:
//! an eighth of `zael synth --all`'s instructions. A node has a handful of keys; reading them
//! once and matching each against the keywords costs a few comparisons.

use serde_json::{Map, Value};

/// The keywords the walk reads, each `None` when the node does not have it.
#[derive(Default)]
pub struct Keywords<'a> {
    pub type_: Option<&'a Value>,
    pub all_of: Option<&'a Value>,
    pub if_: Option<&'a Value>,
    pub then: Option<&'a Value>,
    pub else_: Option<&'a Value>,
    pub one_of: Option<&'a Value>,
    pub any_of: Option<&'a Value>,
    pub not: Option<&'a Value>,
    pub properties: Option<&'a Value>,
    pub required: Option<&'a Value>,
    pub pattern_properties: Option<&'a Value>,
    pub additional_properties: Option<&'a Value>,
    pub min_properties: Option<&'a Value>,
    pub max_properties: Option<&'a Value>,
    pub prefix_items: Option<&'a Value>,
    pub items: Option<&'a Value>,
    pub unique_items: Option<&'a Value>,
    pub min_items: Option<&'a Value>,
    pub max_items: Option<&'a Value>,
    pub enum_: Option<&'a Value>,
    pub const_: Option<&'a Value>,
    pub pattern: Option<&'a Value>,
    pub format: Option<&'a Value>,
    pub min_length: Option<&'a Value>,
    pub max_length: Option<&'a Value>,
    pub minimum: Option<&'a Value>,
    pub maximum: Option<&'a Value>,
    pub exclusive_minimum: Option<&'a Value>,
    pub exclusive_maximum: Option<&'a Value>,
    pub dependencies: Option<&'a Value>,
    pub dependent_required: Option<&'a Value>,
    pub dependent_excluded: Option<&'a Value>,
    pub required_xor: Option<&'a Value>,
    pub required_or: Option<&'a Value>,
}

impl<'a> Keywords<'a> {
    pub fn of(node: &'a Map<String, Value>) -> Self {
        let mut keywords = Keywords::default();
        for (key, value) in node {
            let slot = match key.as_str() {
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

    #[test]
    fn each_keyword_lands_in_its_own_field_and_others_are_ignored() {
        let node = serde_json::json!({
            "type": "string", "maxLength": 5, "pattern": "^a", "description": "ignored",
            "dependentExcluded": {"A": ["B"]}, "if": {}, "else": true
        });
        let keywords = Keywords::of(node.as_object().unwrap());
        assert_eq!(keywords.type_, Some(&Value::from("string")));
        assert_eq!(keywords.max_length, Some(&Value::from(5)));
        assert_eq!(keywords.pattern, Some(&Value::from("^a")));
        assert_eq!(keywords.dependent_excluded, node.get("dependentExcluded"));
        assert_eq!(keywords.if_, node.get("if"));
        assert_eq!(keywords.else_, Some(&Value::Bool(true)));
        assert!(keywords.min_length.is_none() && keywords.then.is_none());
        assert!(keywords.enum_.is_none() && keywords.properties.is_none());
    }
}
