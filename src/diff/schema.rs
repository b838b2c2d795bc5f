//! What CloudFormation does when a property changes, from its resource provider schemas: a
//! change under a create-only path replaces the resource, one under a conditional-create-only
//! path may replace it, any other is an update in place.
//!
//! The engine only asks through [`UpdateFacts`], so its tests run on a few hand-written facts
//! while the command reads the table generated from the pinned schemas ([`EmbeddedSchemas`]).

/// The create-only facts of one resource type, as property paths below `Properties`, dotted:
/// `KeySchema`, `VpcConfig.SubnetIds`, `Items.*.Name` (`*` for every item of a list; the
/// schemas' `/properties/Items/*/Name`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeFacts {
    pub create_only: Vec<String>,
    pub conditional_create_only: Vec<String>,
}

/// Where the create-only facts come from.
pub trait UpdateFacts {
    /// The facts of `resource_type`, or `None` when no schema describes it (custom resources,
    /// types newer than the table).
    fn type_facts(&self, resource_type: &str) -> Option<TypeFacts>;
}

/// A dotted property path as segments: `A.*.B` is `["A", "*", "B"]`; `None` when empty.
pub fn property_segments(path: &str) -> Option<Vec<&str>> {
    (!path.is_empty()).then(|| path.split('.').collect())
}

/// The facts of the schema table embedded from the pinned cfn-lint package (`crate::schema`).
pub struct EmbeddedSchemas;

impl UpdateFacts for EmbeddedSchemas {
    fn type_facts(&self, resource_type: &str) -> Option<TypeFacts> {
        let schema = crate::schema::resource_type(resource_type)?;
        Some(TypeFacts {
            create_only: schema.create_only().to_vec(),
            conditional_create_only: schema.conditional_create_only().to_vec(),
        })
    }
}

/// Properties CloudFormation cannot update at all, which the provider schemas leave out of
/// both create-only lists: the template reference says "Update requires: Updates are not
/// supported", and an update that changes them fails and rolls back. Kept to what that
/// reference states, each with its type.
const NOT_UPDATABLE: &[(&str, &str)] = &[("AWS::DynamoDB::Table", "LocalSecondaryIndexes")];

/// Whether CloudFormation refuses any update of top-level `property` of `resource_type`.
pub fn not_updatable(resource_type: &str, property: &str) -> bool {
    NOT_UPDATABLE.contains(&(resource_type, property))
}
