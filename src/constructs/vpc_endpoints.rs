//! L2 VPC endpoints that let functions in private subnets reach AWS services without a NAT
//! gateway (seed 000's Network section).

use super::network::egress_to_nothing;
use crate::resources::ec2::{IngressRule, SecurityGroup, VpcEndpoint};
use crate::template::{Expr, Stack};

/// A free gateway endpoint for `service` (`dynamodb` or `s3`, the two AWS offers as
/// gateways), joined to `route_tables`. It has no policy: it serves the whole VPC, whose
/// other workloads a policy for this stack's needs would cut off.
pub fn add_gateway(
    stack: &mut Stack,
    id: &str,
    service: &str,
    vpc_id: &str,
    route_tables: &[String],
) {
    stack.add(
        id,
        VpcEndpoint {
            vpc_id: Expr::str(vpc_id),
            service_name: Expr::sub(format!("com.amazonaws.${{AWS::Region}}.{service}")),
            vpc_endpoint_type: "Gateway".into(),
            route_table_ids: route_tables.iter().map(Expr::str).collect(),
            subnet_ids: Vec::new(),
            security_group_ids: Vec::new(),
            private_dns_enabled: None,
            policy_document: None,
        },
    );
}

/// An interface endpoint for CloudWatch Logs in `subnets`, behind its own security group that
/// admits HTTPS only from the functions' groups and opens no connections itself (an endpoint
/// only answers; without an explicit rule EC2 would allow all egress).
pub fn add_logs_interface(
    stack: &mut Stack,
    id: &str,
    vpc_id: &str,
    subnets: &[String],
    client_groups: &[String],
) {
    let group = stack.add(
        &format!("{id}SecurityGroup"),
        SecurityGroup {
            group_name: None,
            group_description: "HTTPS from the Lambda functions to the CloudWatch Logs endpoint"
                .into(),
            vpc_id: Expr::str(vpc_id),
            security_group_ingress: client_groups
                .iter()
                .map(|group| IngressRule {
                    ip_protocol: "tcp".into(),
                    from_port: Some(443),
                    to_port: Some(443),
                    source_security_group_id: Some(Expr::str(group)),
                    description: Some("HTTPS from the Lambda functions".into()),
                    ..IngressRule::default()
                })
                .collect(),
            security_group_egress: vec![egress_to_nothing()],
            tags: Vec::new(),
        },
    );
    stack.add(
        id,
        VpcEndpoint {
            vpc_id: Expr::str(vpc_id),
            service_name: Expr::sub("com.amazonaws.${AWS::Region}.logs"),
            vpc_endpoint_type: "Interface".into(),
            route_table_ids: Vec::new(),
            subnet_ids: subnets.iter().map(Expr::str).collect(),
            security_group_ids: vec![group.group_id()],
            private_dns_enabled: Some(true),
            policy_document: None,
        },
    );
}
