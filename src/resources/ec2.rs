//! AWS::EC2::VPC, Subnet, SecurityGroup and its standalone rules, route tables, VPC endpoints
//! and flow logs.

use serde::Serialize;

use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub cidr_block: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_dns_support: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_dns_hostnames: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Vpc, "AWS::EC2::VPC", tags);

handle_accessors!(Vpc, ref id);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub vpc_id: Expr,
    pub cidr_block: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map_public_ip_on_launch: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Subnet, "AWS::EC2::Subnet", tags);

handle_accessors!(Subnet, ref id);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<Expr>,
    pub group_description: String,
    pub vpc_id: Expr,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ingress: Vec<IngressRule>,
    /// Any rule here replaces the allow-all egress rule EC2 adds to a new group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_egress: Vec<EgressRule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(SecurityGroup, "AWS::EC2::SecurityGroup", tags);

handle_accessors!(
    SecurityGroup,
    get {
        /// The `sg-...` ID. (`Ref` is the ID too for groups in a VPC, but `GroupId` is so for
        /// every group.)
        group_id: "GroupId",
    }
);

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IngressRule {
    pub ip_protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_security_group_id: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EgressRule {
    pub ip_protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_security_group_id: Option<Expr>,
    /// A managed prefix list (`pl-...`): the address ranges of an AWS service in the region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_prefix_list_id: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An ingress rule as its own resource, so that two groups can reference each other without
/// a dependency cycle.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupIngress {
    pub group_id: Expr,
    #[serde(flatten)]
    pub rule: IngressRule,
}
l1_resource!(SecurityGroupIngress, "AWS::EC2::SecurityGroupIngress");

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    pub vpc_id: Expr,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(RouteTable, "AWS::EC2::RouteTable", tags);

handle_accessors!(RouteTable, ref id);

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetRouteTableAssociation {
    pub route_table_id: Expr,
    pub subnet_id: Expr,
}
l1_resource!(
    SubnetRouteTableAssociation,
    "AWS::EC2::SubnetRouteTableAssociation"
);

/// A gateway endpoint (route tables) or an interface endpoint (subnets, security groups).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpoint {
    pub vpc_id: Expr,
    pub service_name: Expr,
    /// `Gateway` (S3, DynamoDB: routes in route tables, no charge) or `Interface`.
    pub vpc_endpoint_type: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route_table_ids: Vec<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_dns_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_document: Option<super::iam::PolicyDocument>,
}
l1_resource!(VpcEndpoint, "AWS::EC2::VPCEndpoint");

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlowLog {
    pub resource_id: Expr,
    pub resource_type: String,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: String,
    pub log_destination_type: String,
    pub log_group_name: Expr,
    pub deliver_logs_permission_arn: Expr,
    /// Seconds: 60 or 600.
    pub max_aggregation_interval: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(FlowLog, "AWS::EC2::FlowLog", tags);
