//! The `tags` map of a profile: kept in the order written, each tag checked as AWS does.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::aspects::{check_tag, Tags, MAX_USER_TAGS};

#[derive(Clone, Debug, Default)]
pub struct TagMap(pub Tags);

impl<'de> Deserialize<'de> for TagMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl<'de> Visitor<'de> for TagVisitor {
            type Value = TagMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of tag keys to string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TagMap, A::Error> {
                let mut tags = Tags::default();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    check_tag(&key, &value).map_err(de::Error::custom)?;
                    if tags.0.iter().any(|(k, _)| k == &key) {
                        return Err(de::Error::custom(format!("tag {key:?} is given twice")));
                    }
                    tags.insert(&key, &value);
                }
                if tags.0.len() > MAX_USER_TAGS {
                    return Err(de::Error::custom(format!(
                        "{} tags given; at most {MAX_USER_TAGS}",
                        tags.0.len()
                    )));
                }
                Ok(TagMap(tags))
            }
        }
        deserializer.deserialize_map(TagVisitor)
    }
}

impl JsonSchema for TagMap {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Tags".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "Tags on every taggable resource: keys 1-128 and values 1-256 characters of letters, digits, spaces and _.:/=+-@; keys may not start with aws:",
            "maxProperties": MAX_USER_TAGS,
            "propertyNames": {"minLength": 1, "maxLength": 128, "pattern": "^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$"},
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 256}
        })
    }
}
