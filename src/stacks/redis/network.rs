//! Where the nodes live and who may reach them: a VPC the stack creates or an existing one,
//! and a security group that admits port 6379 from the client security group only.

use super::names::Names;
use super::parameters::NetworkParameters;
use crate::constructs::network::{tcp_from_group, tcp_to_group};
use crate::constructs::{
    closed_security_group, isolated_vpc, IsolatedVpc, IsolatedVpcProps, REDIS_PORT,
};
use crate::resources::ec2::{SecurityGroup, SecurityGroupIngress};
use crate::template::{Expr, Handle, Stack};

/// The created VPC's address range, and one /24 per subnet: the cache needs a few addresses.
pub const VPC_CIDR: &str = "10.0.0.0/16";
pub const SUBNET_CIDRS: [&str; 2] = ["10.0.0.0/24", "10.0.1.0/24"];

pub struct CacheNetwork {
    pub subnet_ids: Expr,
    pub cache_security_group: Handle<SecurityGroup>,
    pub client_security_group_id: Expr,
    /// What the stack created, when it created the VPC.
    pub created: Option<CreatedNetwork>,
}

pub struct CreatedNetwork {
    pub vpc: IsolatedVpc,
}

pub fn add_network(
    stack: &mut Stack,
    names: &Names,
    parameters: Option<&NetworkParameters>,
) -> CacheNetwork {
    match parameters {
        Some(existing) => {
            let cache = add_cache_security_group(stack, names, existing.vpc_id.reference());
            let network = CacheNetwork {
                subnet_ids: existing.subnet_ids.reference(),
                cache_security_group: cache,
                client_security_group_id: existing.client_security_group_id.reference(),
                created: None,
            };
            admit_clients(stack, &network);
            network
        }
        None => {
            let vpc = isolated_vpc(
                stack,
                "Cache",
                IsolatedVpcProps {
                    name: names.vpc(),
                    cidr: VPC_CIDR.into(),
                    subnet_cidrs: SUBNET_CIDRS.map(String::from).to_vec(),
                },
            );
            let cache = add_cache_security_group(stack, names, vpc.vpc.id());
            let clients = add_client_security_group(stack, names, vpc.vpc.id(), &cache);
            let network = CacheNetwork {
                subnet_ids: vpc.subnet_ids(),
                cache_security_group: cache,
                client_security_group_id: clients.group_id(),
                created: Some(CreatedNetwork { vpc }),
            };
            admit_clients(stack, &network);
            network
        }
    }
}

/// The nodes' group: no ingress of its own, and no egress (nodes answer clients through the
/// connections clients open; they open none).
fn add_cache_security_group(
    stack: &mut Stack,
    names: &Names,
    vpc_id: Expr,
) -> Handle<SecurityGroup> {
    stack.add(
        "CacheSecurityGroup",
        closed_security_group(
            &names.cache_security_group(),
            &format!(
                "Nodes of {}: port {REDIS_PORT} from the client security group only",
                names.replication_group()
            ),
            vpc_id,
        ),
    )
}

/// The group applications in the created VPC join. Members may reach the cache and nothing
/// else through it; their own groups grant whatever else they need.
fn add_client_security_group(
    stack: &mut Stack,
    names: &Names,
    vpc_id: Expr,
    cache: &Handle<SecurityGroup>,
) -> Handle<SecurityGroup> {
    let mut clients = closed_security_group(
        &names.client_security_group(),
        &format!(
            "Applications of {}: members may connect to the cache on port {REDIS_PORT}",
            names.replication_group()
        ),
        vpc_id,
    );
    clients.security_group_egress = vec![tcp_to_group(
        REDIS_PORT,
        cache.group_id(),
        "Redis on the cache nodes",
    )];
    stack.add("ClientSecurityGroup", clients)
}

/// The one way in. A rule of its own: inline in either group, it would make the two groups
/// depend on each other.
fn admit_clients(stack: &mut Stack, network: &CacheNetwork) {
    stack.add(
        "CacheIngressFromClients",
        SecurityGroupIngress {
            group_id: network.cache_security_group.group_id(),
            rule: tcp_from_group(
                REDIS_PORT,
                network.client_security_group_id.clone(),
                "Redis from the client security group",
            ),
        },
    );
}
