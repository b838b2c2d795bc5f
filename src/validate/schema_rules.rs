//! ZV006 and ZV206-ZV215: the rules read from CloudFormation's resource provider schemas.
//!
//! Why: what the service would refuse at deploy time (an unknown type, a missing required
//! property, a misspelt one, a value of the wrong type, outside an enumeration, pattern,
//! length or range, a read-only property, a forbidden combination, a repeated item) is in the
//! type's schema, for every type. One walk per template finds them all
//! ([`Template::schema_findings`]); each rule reports its share, so the eleven rules are one
//! struct with its code, not eleven copies of the same call.
//!
//! Example: `MemorySize: "lots"` on a function is a ZV208 error at
//! `Resources.Fn.Properties.MemorySize`.

use super::{Check, Finding, Template};

/// One rule of the resource-schema walk.
pub struct SchemaRule {
    code: &'static str,
    title: &'static str,
    doc: &'static str,
}

impl Check for SchemaRule {
    fn code(&self) -> &'static str {
        self.code
    }
    fn title(&self) -> &'static str {
        self.title
    }
    fn doc(&self) -> &'static str {
        self.doc
    }
    fn run(&self, template: &Template<'_>) -> Vec<Finding> {
        template.schema_findings(self.code)
    }
}

pub const RESOURCE_TYPES: SchemaRule = SchemaRule {
    code: "ZV006",
    title: "resource types exist",
    doc: "every resource has a Type, a string naming a CloudFormation type (custom, SAM, module and registry types aside)",
};
pub const REQUIRED_PROPERTIES: SchemaRule = SchemaRule {
    code: "ZV206",
    title: "required properties",
    doc: "every property the type's schema requires is set, at every level",
};
pub const KNOWN_PROPERTIES: SchemaRule = SchemaRule {
    code: "ZV207",
    title: "known properties",
    doc: "no property the type's schema does not define (a misspelling is named)",
};
pub const VALUE_TYPES: SchemaRule = SchemaRule {
    code: "ZV208",
    title: "value types",
    doc: "strings, numbers, booleans, lists and mappings where the schema says, read as leniently as CloudFormation",
};
pub const ALLOWED_VALUES: SchemaRule = SchemaRule {
    code: "ZV209",
    title: "allowed values",
    doc: "values from the schema's enumerations and constants",
};
pub const PATTERNS: SchemaRule = SchemaRule {
    code: "ZV210",
    title: "value patterns",
    doc: "strings match the schema's patterns (IDs, ARNs, names)",
};
pub const LENGTHS: SchemaRule = SchemaRule {
    code: "ZV211",
    title: "lengths and counts",
    doc: "string lengths, list lengths and mapping sizes within the schema's bounds",
};
pub const NUMBER_RANGES: SchemaRule = SchemaRule {
    code: "ZV212",
    title: "number ranges",
    doc: "numbers within the schema's minimum and maximum",
};
pub const READ_ONLY: SchemaRule = SchemaRule {
    code: "ZV213",
    title: "read-only properties",
    doc: "no property CloudFormation sets itself (read-only) is set by the template",
};
pub const PROPERTY_COMBINATIONS: SchemaRule = SchemaRule {
    code: "ZV214",
    title: "property combinations",
    doc: "oneOf/anyOf shapes, dependencies, mutually exclusive and at-least-one property sets",
};
pub const UNIQUE_ITEMS: SchemaRule = SchemaRule {
    code: "ZV215",
    title: "unique list items",
    doc: "lists the schema marks unique hold each value once",
};
