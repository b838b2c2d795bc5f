//! One rule per option value, shared by its CLI flag and its profile key, so both accept
//! exactly the same values and say the same thing about a bad one.
//!
//! A flag parses with `value_parser = <Rule as ValueRule>::parse`; a profile key holds a
//! [`Checked<Rule>`], which parses while the profile is read (so the error carries the file,
//! line and column) and describes itself in the profile's JSON Schema.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use super::ValueError;

/// What an option accepts.
pub trait ValueRule {
    type Value: Clone + fmt::Debug + Send + Sync + 'static;

    /// Parses the text form: a flag's value, or a profile scalar. The error says what is
    /// allowed; the caller names the flag or key.
    fn parse(text: &str) -> Result<Self::Value, ValueError>;

    /// Whether the profile value must be a YAML integer (the schema says `integer`): then a
    /// list, a string or a float is refused rather than read as its text.
    const WHOLE_NUMBER: bool = false;

    /// The JSON Schema of the profile value.
    fn schema() -> Value;
}

/// A profile value that passed its rule.
pub struct Checked<R: ValueRule>(pub R::Value, PhantomData<R>);

impl<R: ValueRule> Checked<R> {
    pub fn into_inner(self) -> R::Value {
        self.0
    }
}

impl<R: ValueRule> Clone for Checked<R> {
    fn clone(&self) -> Self {
        Checked(self.0.clone(), PhantomData)
    }
}

impl<R: ValueRule> fmt::Debug for Checked<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de, R: ValueRule> Deserialize<'de> for Checked<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = if R::WHOLE_NUMBER {
            deserializer.deserialize_any(WholeNumber)?
        } else {
            deserializer.deserialize_any(ScalarText)?
        };
        R::parse(&text)
            .map(|value| Checked(value, PhantomData))
            .map_err(|e| de::Error::custom(format!("invalid value {text:?}: {e}")))
    }
}

impl<R: ValueRule> JsonSchema for Checked<R> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(
            std::any::type_name::<R>()
                .rsplit("::")
                .next()
                .unwrap()
                .into(),
        )
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::try_from(R::schema()).expect("rules describe themselves as JSON objects")
    }
}

/// Reads any YAML scalar as the text a flag would have carried; a list of scalars as its
/// comma-separated form (`[hourly, daily]` reads as `hourly,daily`).
struct ScalarText;

impl<'de> Visitor<'de> for ScalarText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<ScalarItem>()? {
            items.push(item.0);
        }
        Ok(items.join(","))
    }
}

/// Reads a YAML integer only; anything else is refused by serde's own `invalid type` error,
/// which names what was given (`floating point `1e308``, `string "256"`, `sequence`).
struct WholeNumber;

impl Visitor<'_> for WholeNumber {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        // Debug keeps `1e308` short where Display writes out 309 digits.
        Err(E::custom(format!(
            "invalid type: floating point `{v:?}`, expected a whole number"
        )))
    }
}

struct ScalarItem(String);

impl<'de> Deserialize<'de> for ScalarItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Item;
        impl<'de> Visitor<'de> for Item {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar list item")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
        }
        deserializer.deserialize_any(Item).map(ScalarItem)
    }
}

/// A whole number in a range: `range_rule!(LambdaMemory, limits::LAMBDA_MEMORY)` for a
/// service's limit (layer 1 checks the template against the same one), or
/// `range_rule!(SnapshotRetentionDays, 1, 3650, "days")` for zael's own bounds.
#[macro_export]
macro_rules! range_rule {
    ($(#[$doc:meta])* $name:ident, $limit:path) => {
        $crate::range_rule!($(#[$doc])* $name, $limit.min, $limit.max, $limit.unit);
    };
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $unit:expr) => {
        $(#[$doc])*
        pub struct $name;
        impl $crate::stacks::rule::ValueRule for $name {
            type Value = u32;
            const WHOLE_NUMBER: bool = true;
            fn parse(text: &str) -> Result<u32, $crate::stacks::ValueError> {
                $crate::stacks::values::in_range(text, $min, $max, $unit)
            }
            fn schema() -> serde_json::Value {
                serde_json::json!({"type": "integer", "minimum": $min, "maximum": $max})
            }
        }
    };
}

/// A list a profile writes as a YAML list (each item's schema, then the list's bounds) and a
/// flag as one comma-separated string; `$parse` reads the comma-separated form, which a YAML
/// list is read as too (see `ScalarText`).
#[macro_export]
macro_rules! list_rule {
    ($(#[$doc:meta])* $name:ident, $value:ty, $parse:path, $items:tt, $($bounds:tt)*) => {
        $crate::text_rule!(
            $(#[$doc])*
            $name, $value, $parse,
            {"oneOf": [{"type": "array", "items": $items, $($bounds)*}, {"type": "string"}]}
        );
    };
}

/// A value parsed by a function: `text_rule!(StackName, String, stack_name, {"type": "string"})`.
#[macro_export]
macro_rules! text_rule {
    ($(#[$doc:meta])* $name:ident, $value:ty, $parse:path, $schema:tt) => {
        $(#[$doc])*
        pub struct $name;
        impl $crate::stacks::rule::ValueRule for $name {
            type Value = $value;
            fn parse(text: &str) -> Result<$value, $crate::stacks::ValueError> {
                $parse(text)
            }
            fn schema() -> serde_json::Value {
                serde_json::json!($schema)
            }
        }
    };
}
