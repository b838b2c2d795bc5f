//! Outputs, each exported as `${AWS::StackName}-{Name}` for the stacks that depend on this one.
//! The AUTH token itself is never an output: clients read it from the secret.

use super::cache::Cache;
use super::network::CacheNetwork;
use crate::constructs::AlarmTarget;
use crate::template::{Expr, Output, Stack};

pub fn add_outputs(stack: &mut Stack, cache: &Cache, network: &CacheNetwork, alarms: &AlarmTarget) {
    let mut export = |id: &str, description: &str, value: Expr| {
        stack.add_output(id, Output::new(description, value).exported_as(id));
    };
    let group = &cache.group.handle;
    export(
        "ReplicationGroupId",
        "ID of the Redis replication group",
        group.id(),
    );
    export(
        "PrimaryEndpointAddress",
        "Primary endpoint: writes and reads; it follows the primary through failovers",
        group.primary_endpoint_address(),
    );
    export(
        "ReaderEndpointAddress",
        "Reader endpoint: reads spread over the replicas",
        group.reader_endpoint_address(),
    );
    export(
        "Port",
        "Port of both endpoints (TLS and AUTH required)",
        group.primary_endpoint_port(),
    );
    export(
        "AuthTokenSecretArn",
        "Secrets Manager secret holding the Redis AUTH token",
        cache.auth_token.handle.arn(),
    );
    export(
        "CacheSecurityGroupId",
        "Security group of the cache nodes",
        network.cache_security_group.group_id(),
    );
    export(
        "ClientSecurityGroupId",
        "Security group whose members may connect to the cache",
        network.client_security_group_id.clone(),
    );
    if let Some(created) = &network.created {
        export(
            "VpcId",
            "VPC the stack created for the cache",
            created.vpc.vpc.id(),
        );
        export(
            "SubnetIds",
            "Private subnets of the cache, comma-separated",
            Expr::Join(
                ",".into(),
                created.vpc.subnets.iter().map(|s| s.id()).collect(),
            ),
        );
    }
    export(
        "AlarmTopicArn",
        "SNS topic the alarms and ElastiCache events notify",
        alarms.topic_arn.clone(),
    );
}
