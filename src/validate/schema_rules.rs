//! ZV006 and ZV206-ZV215: the rules read from CloudFormation's resource provider schemas.
//!
//! One walk per template finds them all ([`Template::schema_findings`]); each rule reports
//! its share, so the eleven rules are one struct with its code, not eleven copies of the
//! same call. Why they exist, and an example of each: [`Check::explanation`].

use super::{About, Check, Example, Finding, Template};

/// Why every schema rule exists.
const WHY: &str = "what the service would refuse at deploy time (an unknown type, a missing required property, a misspelt one, a value of the wrong type, outside an enumeration, pattern, length or range, a read-only property, a forbidden combination, a repeated item) is in the type's resource provider schema, for every type; without the rule, the stack fails when CloudFormation creates that resource, often minutes in and after others were created.";

/// One rule of the resource-schema walk: its description, whose code picks its findings.
pub struct SchemaRule(About);

impl Check for SchemaRule {
    fn about(&self) -> &About {
        &self.0
    }
    fn run(&self, template: &Template<'_>) -> Vec<Finding> {
        template.schema_findings(self.0.code)
    }
}

pub const RESOURCE_TYPES: SchemaRule = SchemaRule(About {
    code: "ZV006",
    title: "resource types exist",
    doc: "every resource has a Type, a string naming a CloudFormation type (custom, SAM, module and registry types aside)",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV006.yaml")),
});
pub const REQUIRED_PROPERTIES: SchemaRule = SchemaRule(About {
    code: "ZV206",
    title: "required properties",
    doc: "every property the type's schema requires is set, at every level",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV206.yaml")),
});
pub const KNOWN_PROPERTIES: SchemaRule = SchemaRule(About {
    code: "ZV207",
    title: "known properties",
    doc: "no property the type's schema does not define (a misspelling is named)",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV207.yaml")),
});
pub const VALUE_TYPES: SchemaRule = SchemaRule(About {
    code: "ZV208",
    title: "value types",
    doc: "strings, numbers, booleans, lists and mappings where the schema says, read as leniently as CloudFormation",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV208.yaml")),
});
pub const ALLOWED_VALUES: SchemaRule = SchemaRule(About {
    code: "ZV209",
    title: "allowed values",
    doc: "values from the schema's enumerations and constants",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV209.yaml")),
});
pub const PATTERNS: SchemaRule = SchemaRule(About {
    code: "ZV210",
    title: "value patterns",
    doc: "strings match the schema's patterns (IDs, ARNs, names)",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV210.yaml")),
});
pub const LENGTHS: SchemaRule = SchemaRule(About {
    code: "ZV211",
    title: "lengths and counts",
    doc: "string lengths, list lengths and mapping sizes within the schema's bounds",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV211.yaml")),
});
pub const NUMBER_RANGES: SchemaRule = SchemaRule(About {
    code: "ZV212",
    title: "number ranges",
    doc: "numbers within the schema's minimum and maximum",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV212.yaml")),
});
pub const READ_ONLY: SchemaRule = SchemaRule(About {
    code: "ZV213",
    title: "read-only properties",
    doc: "no property CloudFormation sets itself (read-only) is set by the template",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV213.yaml")),
});
pub const PROPERTY_COMBINATIONS: SchemaRule = SchemaRule(About {
    code: "ZV214",
    title: "property combinations",
    doc: "oneOf/anyOf shapes, dependencies, mutually exclusive and at-least-one property sets",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV214.yaml")),
});
pub const UNIQUE_ITEMS: SchemaRule = SchemaRule(About {
    code: "ZV215",
    title: "unique list items",
    doc: "lists the schema marks unique hold each value once",
    why: WHY,
    example: Example::Templates(include_str!("examples/ZV215.yaml")),
});
