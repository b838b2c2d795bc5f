//! Where the function runs: a VPC with two private subnets in two availability zones, no
//! internet gateway and no NAT. DynamoDB is reached through a gateway endpoint (free, and
//! no NAT to pay for or to fail), and every flow is logged.

use super::names::Names;
use crate::constructs::iam::service_role;
use crate::constructs::{isolated_vpc, owned_log_group, perms, IsolatedVpc, IsolatedVpcProps};
use crate::resources::ec2::{
    EgressRule, FlowLog, RouteTable, SecurityGroup, SubnetRouteTableAssociation, VpcEndpoint,
};
use crate::resources::iam::{InlinePolicy, PolicyDocument, Statement};
use crate::resources::iam_conditions::Condition;
use crate::resources::Tag;
use crate::template::{Expr, Handle, Stack};

/// The VPC's range, and one /24 per subnet: Lambda's Hyperplane ENIs need few addresses.
pub const VPC_CIDR: &str = "10.0.0.0/16";
pub const SUBNET_CIDRS: [&str; 2] = ["10.0.0.0/24", "10.0.1.0/24"];

pub struct Network {
    pub vpc: IsolatedVpc,
    pub security_group: Handle<SecurityGroup>,
    pub endpoint: Handle<VpcEndpoint>,
}

pub fn add_network(
    stack: &mut Stack,
    names: &Names,
    log_retention_days: Expr,
    table_arn: Expr,
    dynamodb_prefix_list: Expr,
) -> Network {
    let vpc = isolated_vpc(
        stack,
        "Service",
        IsolatedVpcProps {
            name: names.stack().to_string(),
            cidr: VPC_CIDR.into(),
            subnet_cidrs: SUBNET_CIDRS.map(String::from).to_vec(),
        },
    );
    let routes = stack.add(
        "PrivateRouteTable",
        RouteTable {
            vpc_id: vpc.vpc.id(),
            tags: vec![Tag::new("Name", format!("{}-private", names.stack()))],
        },
    );
    for (index, subnet) in vpc.subnets.iter().enumerate() {
        stack.add(
            &format!("ServiceSubnet{}RouteTableAssociation", index + 1),
            SubnetRouteTableAssociation {
                route_table_id: routes.id(),
                subnet_id: subnet.id(),
            },
        );
    }
    let endpoint = add_dynamodb_endpoint(stack, &vpc, &routes, table_arn);
    let security_group = add_security_group(stack, names, &vpc, dynamodb_prefix_list);
    add_flow_logs(stack, names, &vpc, log_retention_days);
    Network {
        vpc,
        security_group,
        endpoint,
    }
}

/// The gateway endpoint adds DynamoDB's prefix list to the private route table. Its policy
/// admits only what the function does, PutItem on this table: even code that gained the
/// function's network position could not reach other tables through it.
fn add_dynamodb_endpoint(
    stack: &mut Stack,
    vpc: &IsolatedVpc,
    routes: &Handle<RouteTable>,
    table_arn: Expr,
) -> Handle<VpcEndpoint> {
    let mut put_only = Statement::allow("PutItemOnTheTable", perms::TABLE_PUT, vec![table_arn]);
    put_only.principal = Some(Expr::str("*"));
    stack.add(
        "DynamoDbEndpoint",
        VpcEndpoint {
            vpc_id: vpc.vpc.id(),
            service_name: Expr::sub("com.amazonaws.${AWS::Region}.dynamodb"),
            vpc_endpoint_type: "Gateway".into(),
            route_table_ids: vec![routes.id()],
            subnet_ids: Vec::new(),
            security_group_ids: Vec::new(),
            private_dns_enabled: None,
            policy_document: Some(PolicyDocument::new(vec![put_only])),
        },
    )
}

/// No ingress: API Gateway invokes the function through Lambda, not over the network.
/// Egress is HTTPS to DynamoDB's prefix list only, the addresses the gateway endpoint routes:
/// the group itself says where the function may go, not only the route table, so a route
/// added to the subnets later (a NAT, a peering) opens nothing for the function.
fn add_security_group(
    stack: &mut Stack,
    names: &Names,
    vpc: &IsolatedVpc,
    dynamodb_prefix_list: Expr,
) -> Handle<SecurityGroup> {
    stack.add(
        "HandlerSecurityGroup",
        SecurityGroup {
            group_name: Some(names.security_group().into()),
            group_description: format!(
                "{}: HTTPS out to DynamoDB through the gateway endpoint, nothing in",
                names.function()
            ),
            vpc_id: vpc.vpc.id(),
            security_group_ingress: Vec::new(),
            security_group_egress: vec![EgressRule {
                ip_protocol: "tcp".into(),
                from_port: Some(443),
                to_port: Some(443),
                destination_prefix_list_id: Some(dynamodb_prefix_list),
                description: Some("HTTPS to DynamoDB, through the gateway endpoint".into()),
                ..EgressRule::default()
            }],
            tags: Vec::new(),
        },
    )
}

/// Every accepted and rejected flow of the VPC, to a log group the stack owns, delivered by
/// a role that may write to that group only.
fn add_flow_logs(stack: &mut Stack, names: &Names, vpc: &IsolatedVpc, retention: Expr) {
    let log_group = owned_log_group(stack, "FlowLogGroup", names.flow_log_group(), retention);
    let mut role = service_role(&names.flow_logs_role(), "vpc-flow-logs.amazonaws.com");
    role.description = Some(format!("Delivers the VPC flow logs of {}", names.stack()));
    // Only flow logs of this account may use the role (the confused-deputy guard AWS
    // documents for vpc-flow-logs.amazonaws.com).
    role.assume_role_policy_document.statement[0].condition = Some(
        Condition::new()
            .with(
                "StringEquals",
                "aws:SourceAccount",
                Expr::pseudo(crate::template::pseudo::ACCOUNT_ID),
            )
            .into(),
    );
    role.policies.push(InlinePolicy {
        policy_name: "least-privilege".into(),
        policy_document: PolicyDocument::new(vec![
            Statement::allow("WriteFlowLogs", perms::LOGS_DELIVER, vec![log_group.arn()]),
            // Flow logs look the group up by name before writing; DescribeLogGroups is
            // authorized on the account's log-group ARNs, not on one group.
            Statement::allow(
                "FindLogGroup",
                &["logs:DescribeLogGroups"],
                vec![Expr::sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*",
                )],
            ),
        ]),
    });
    let role = stack.add("FlowLogRole", role);
    stack.add(
        "VpcFlowLog",
        FlowLog {
            resource_id: vpc.vpc.id(),
            resource_type: "VPC".into(),
            traffic_type: "ALL".into(),
            log_destination_type: "cloud-watch-logs".into(),
            log_group_name: log_group.name(),
            deliver_logs_permission_arn: role.arn(),
            max_aggregation_interval: 60,
            tags: vec![Tag::new("Name", names.stack())],
        },
    );
}
