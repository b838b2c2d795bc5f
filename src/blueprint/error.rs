//! What can be wrong with settings, as types: the library says what is wrong in its own
//! words (settings by their profile key); the CLI words each for the user with the flag or
//! key that holds it (see `cli::wording`).

use thiserror::Error;

use crate::aspects::MAX_USER_TAGS;

/// Settings that cannot be applied onto a blueprint's options.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error("{count} tags given; at most {MAX_USER_TAGS} (AWS allows 50 per resource, and zael keeps 5 for its own)")]
    TooManyTags { count: usize },
    #[error("provisioned billing needs both read_capacity and write_capacity")]
    ProvisionedNeedsCapacity,
    #[error("read_capacity and write_capacity need provisioned billing; on-demand tables take no capacity")]
    CapacityNeedsProvisioned,
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// A setting of an existing VPC given without the VPC (`setting` is its profile key).
    #[error("{setting} needs vpc_id: it belongs to an existing VPC, and without vpc_id the stack creates its own")]
    NeedsVpcId { setting: &'static str },
}

/// A Lambda VPC placement that is not whole.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum NetworkError {
    #[error("a VPC placement needs both lambda_subnet_ids and lambda_security_group_ids")]
    Incomplete,
    #[error("vpc_endpoints needs lambda_vpc_id: endpoints belong to a VPC")]
    EndpointsNeedVpc,
    #[error("the dynamodb and s3 gateway endpoints need route_table_ids: the route tables of the functions' subnets")]
    GatewayNeedsRouteTables,
    #[error("route_table_ids is only for the gateway endpoints (dynamodb, s3)")]
    RouteTablesWithoutGateway,
}
