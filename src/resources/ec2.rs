//! AWS::EC2::VPC, Subnet, SecurityGroup and its standalone rules, route tables, VPC endpoints
//! and flow logs.

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    #[derive(Default)]
    pub struct Vpc as "AWS::EC2::VPC" {
        pub cidr_block: String,
        pub enable_dns_support: Option<bool>,
        pub enable_dns_hostnames: Option<bool>,
        pub tags: Vec<Tag>,
    }
    handle { ref id }

    pub struct Subnet as "AWS::EC2::Subnet" {
        pub vpc_id: Expr,
        pub cidr_block: String,
        pub availability_zone: Option<Expr>,
        pub map_public_ip_on_launch: Option<bool>,
        pub tags: Vec<Tag>,
    }
    handle { ref id }

    pub struct SecurityGroup as "AWS::EC2::SecurityGroup" {
        pub group_name: Option<Expr>,
        pub group_description: String,
        pub vpc_id: Expr,
        pub security_group_ingress: Vec<IngressRule>,
        /// Any rule here replaces the allow-all egress rule EC2 adds to a new group.
        pub security_group_egress: Vec<EgressRule>,
        pub tags: Vec<Tag>,
    }
    handle {
        get {
            /// The `sg-...` ID. (`Ref` is the ID too for groups in a VPC, but `GroupId` is so for
            /// every group.)
            group_id: "GroupId",
        }
    }

    #[derive(Default)]
    pub struct IngressRule {
        pub ip_protocol: String,
        pub from_port: Option<i64>,
        pub to_port: Option<i64>,
        pub source_security_group_id: Option<Expr>,
        pub cidr_ip: Option<String>,
        pub description: Option<String>,
    }

    #[derive(Default)]
    pub struct EgressRule {
        pub ip_protocol: String,
        pub from_port: Option<i64>,
        pub to_port: Option<i64>,
        pub destination_security_group_id: Option<Expr>,
        /// A managed prefix list (`pl-...`): the address ranges of an AWS service in the region.
        pub destination_prefix_list_id: Option<Expr>,
        pub cidr_ip: Option<String>,
        pub description: Option<String>,
    }

    /// An ingress rule as its own resource, so that two groups can reference each other without
    /// a dependency cycle.
    pub struct SecurityGroupIngress as "AWS::EC2::SecurityGroupIngress" {
        pub group_id: Expr,
        #[serde(flatten)]
        pub rule: IngressRule,
    }

    pub struct RouteTable as "AWS::EC2::RouteTable" {
        pub vpc_id: Expr,
        pub tags: Vec<Tag>,
    }
    handle { ref id }

    pub struct SubnetRouteTableAssociation as "AWS::EC2::SubnetRouteTableAssociation" {
        pub route_table_id: Expr,
        pub subnet_id: Expr,
    }

    /// A gateway endpoint (route tables) or an interface endpoint (subnets, security groups).
    pub struct VpcEndpoint as "AWS::EC2::VPCEndpoint" {
        pub vpc_id: Expr,
        pub service_name: Expr,
        /// `Gateway` (S3, DynamoDB: routes in route tables, no charge) or `Interface`.
        pub vpc_endpoint_type: String,
        pub route_table_ids: Vec<Expr>,
        pub subnet_ids: Vec<Expr>,
        pub security_group_ids: Vec<Expr>,
        pub private_dns_enabled: Option<bool>,
        pub policy_document: Option<super::iam::PolicyDocument>,
    }

    pub struct FlowLog as "AWS::EC2::FlowLog" {
        pub resource_id: Expr,
        pub resource_type: String,
        /// `ACCEPT`, `REJECT` or `ALL`.
        pub traffic_type: String,
        pub log_destination_type: String,
        pub log_group_name: Expr,
        pub deliver_logs_permission_arn: Expr,
        /// Seconds: 60 or 600.
        pub max_aggregation_interval: u32,
        pub tags: Vec<Tag>,
    }
}
