//! L2 networking: an isolated VPC, and security groups that allow nothing unless told to.

use crate::resources::ec2::{EgressRule, IngressRule, SecurityGroup, Subnet, Vpc};
use crate::resources::Tag;
use crate::template::{Expr, Handle, Stack};

/// A VPC whose subnets route only inside it: no internet gateway and no NAT, so what runs
/// there is reachable only from the VPC (or what is peered with it).
#[derive(Clone, Debug)]
pub struct IsolatedVpcProps {
    /// The `Name` tag of the VPC and, with `-{n}`, of each subnet.
    pub name: String,
    pub cidr: String,
    /// One subnet per entry, in the region's availability zones in order.
    pub subnet_cidrs: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct IsolatedVpc {
    pub vpc: Handle<Vpc>,
    pub subnets: Vec<Handle<Subnet>>,
}

/// Creates `{prefix}Vpc` and `{prefix}Subnet1`, `{prefix}Subnet2`, ..., the n-th subnet in the
/// n-th availability zone of the region, so that they span as many zones as there are subnets.
pub fn isolated_vpc(stack: &mut Stack, prefix: &str, props: IsolatedVpcProps) -> IsolatedVpc {
    let vpc = stack.add(
        &format!("{prefix}Vpc"),
        Vpc {
            cidr_block: props.cidr,
            // Clients resolve the cache's endpoints through the VPC's DNS.
            enable_dns_support: Some(true),
            enable_dns_hostnames: Some(true),
            tags: vec![Tag::new("Name", props.name.as_str())],
        },
    );
    let subnets = props
        .subnet_cidrs
        .into_iter()
        .enumerate()
        .map(|(index, cidr)| {
            let zone = Expr::Select(
                index as u32,
                Box::new(Expr::GetAZs(Box::new(Expr::str("")))),
            );
            stack.add(
                &format!("{prefix}Subnet{}", index + 1),
                Subnet {
                    vpc_id: vpc.id(),
                    cidr_block: cidr,
                    availability_zone: Some(zone),
                    map_public_ip_on_launch: Some(false),
                    tags: vec![Tag::new("Name", format!("{}-{}", props.name, index + 1))],
                },
            )
        })
        .collect();
    IsolatedVpc { vpc, subnets }
}

impl IsolatedVpc {
    pub fn subnet_ids(&self) -> Expr {
        Expr::List(self.subnets.iter().map(|subnet| subnet.id()).collect())
    }
}

/// A security group with no ingress and no usable egress.
///
/// EC2 gives a new group an allow-all egress rule unless the template lists egress rules of
/// its own. This group lists one that matches no traffic (ICMP type 252, code 86, to the
/// broadcast address, as the AWS CDK does for `allowAllOutbound: false`), so the group sends
/// nothing until a real rule is added. Stateful replies to allowed ingress still flow.
pub fn closed_security_group(name: &str, description: &str, vpc_id: Expr) -> SecurityGroup {
    SecurityGroup {
        group_name: Some(name.into()),
        group_description: description.to_string(),
        vpc_id,
        security_group_ingress: Vec::new(),
        security_group_egress: vec![egress_to_nothing()],
        tags: Vec::new(),
    }
}

/// An egress rule that matches no traffic: listed in a group, it replaces EC2's allow-all
/// egress rule, so the group sends nothing (ICMP type 252, code 86, to the broadcast address,
/// the AWS CDK's rule for `allowAllOutbound: false`).
pub fn egress_to_nothing() -> EgressRule {
    EgressRule {
        ip_protocol: "icmp".into(),
        from_port: Some(252),
        to_port: Some(86),
        cidr_ip: Some("255.255.255.255/32".into()),
        description: Some("Disallow all traffic".into()),
        ..EgressRule::default()
    }
}

/// TCP on `port` from members of the security group `source`.
pub fn tcp_from_group(port: u16, source: Expr, description: &str) -> IngressRule {
    IngressRule {
        ip_protocol: "tcp".into(),
        from_port: Some(i64::from(port)),
        to_port: Some(i64::from(port)),
        source_security_group_id: Some(source),
        description: Some(description.to_string()),
        ..IngressRule::default()
    }
}

/// TCP on `port` to members of the security group `destination`.
pub fn tcp_to_group(port: u16, destination: Expr, description: &str) -> EgressRule {
    EgressRule {
        ip_protocol: "tcp".into(),
        from_port: Some(i64::from(port)),
        to_port: Some(i64::from(port)),
        destination_security_group_id: Some(destination),
        description: Some(description.to_string()),
        ..EgressRule::default()
    }
}
