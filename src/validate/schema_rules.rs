//! ZV006 and ZV206-ZV215: the rules read from CloudFormation's resource provider schemas.
//!
//! One walk per template finds them all ([`Template::schema_findings`]); each rule reports
//! its share, so the eleven rules are one struct with its code, not eleven copies of the
//! same call. Why they exist, and an example of each: [`Check::explanation`].

use super::{Check, Example, Explanation, Finding, Template};

/// Why every schema rule exists.
const WHY: &str = "what the service would refuse at deploy time (an unknown type, a missing required property, a misspelt one, a value of the wrong type, outside an enumeration, pattern, length or range, a read-only property, a forbidden combination, a repeated item) is in the type's resource provider schema, for every type; without the rule, the stack fails when CloudFormation creates that resource, often minutes in and after others were created.";

/// One rule of the resource-schema walk.
pub struct SchemaRule {
    code: &'static str,
    title: &'static str,
    doc: &'static str,
    example: Example,
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
    fn explanation(&self) -> Explanation {
        Explanation {
            why: WHY,
            example: self.example,
        }
    }
    fn run(&self, template: &Template<'_>) -> Vec<Finding> {
        template.schema_findings(self.code)
    }
}

pub const RESOURCE_TYPES: SchemaRule = SchemaRule {
    code: "ZV006",
    title: "resource types exist",
    doc: "every resource has a Type, a string naming a CloudFormation type (custom, SAM, module and registry types aside)",
    example: Example::Templates(include_str!("examples/ZV006.yaml")),
};
pub const REQUIRED_PROPERTIES: SchemaRule = SchemaRule {
    code: "ZV206",
    title: "required properties",
    doc: "every property the type's schema requires is set, at every level",
    example: Example::Templates(include_str!("examples/ZV206.yaml")),
};
pub const KNOWN_PROPERTIES: SchemaRule = SchemaRule {
    code: "ZV207",
    title: "known properties",
    doc: "no property the type's schema does not define (a misspelling is named)",
    example: Example::Templates(include_str!("examples/ZV207.yaml")),
};
pub const VALUE_TYPES: SchemaRule = SchemaRule {
    code: "ZV208",
    title: "value types",
    doc: "strings, numbers, booleans, lists and mappings where the schema says, read as leniently as CloudFormation",
    example: Example::Templates(include_str!("examples/ZV208.yaml")),
};
pub const ALLOWED_VALUES: SchemaRule = SchemaRule {
    code: "ZV209",
    title: "allowed values",
    doc: "values from the schema's enumerations and constants",
    example: Example::Templates(include_str!("examples/ZV209.yaml")),
};
pub const PATTERNS: SchemaRule = SchemaRule {
    code: "ZV210",
    title: "value patterns",
    doc: "strings match the schema's patterns (IDs, ARNs, names)",
    example: Example::Templates(include_str!("examples/ZV210.yaml")),
};
pub const LENGTHS: SchemaRule = SchemaRule {
    code: "ZV211",
    title: "lengths and counts",
    doc: "string lengths, list lengths and mapping sizes within the schema's bounds",
    example: Example::Templates(include_str!("examples/ZV211.yaml")),
};
pub const NUMBER_RANGES: SchemaRule = SchemaRule {
    code: "ZV212",
    title: "number ranges",
    doc: "numbers within the schema's minimum and maximum",
    example: Example::Templates(include_str!("examples/ZV212.yaml")),
};
pub const READ_ONLY: SchemaRule = SchemaRule {
    code: "ZV213",
    title: "read-only properties",
    doc: "no property CloudFormation sets itself (read-only) is set by the template",
    example: Example::Templates(include_str!("examples/ZV213.yaml")),
};
pub const PROPERTY_COMBINATIONS: SchemaRule = SchemaRule {
    code: "ZV214",
    title: "property combinations",
    doc: "oneOf/anyOf shapes, dependencies, mutually exclusive and at-least-one property sets",
    example: Example::Templates(include_str!("examples/ZV214.yaml")),
};
pub const UNIQUE_ITEMS: SchemaRule = SchemaRule {
    code: "ZV215",
    title: "unique list items",
    doc: "lists the schema marks unique hold each value once",
    example: Example::Templates(include_str!("examples/ZV215.yaml")),
};
