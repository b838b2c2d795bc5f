//! L2: builders that own defaults, create their L1 resources and offer grants and metrics.

pub mod alarm_topic;
pub mod archive_bucket;
pub mod dashboard;
pub mod function;
pub mod iam;
pub mod kms_key;
pub mod log_group;
pub mod log_query;
pub mod metric;
pub mod network;
pub mod perms;
pub mod queue;
pub mod redis;
pub mod secret;
pub mod table;
pub mod vpc_endpoints;

pub use alarm_topic::{alarm_target, AlarmTarget};
pub use dashboard::{Annotation, DashboardBuilder};
pub use function::{lambda_function, FunctionProps, LambdaFunction};
pub use log_group::owned_log_group;
pub use log_query::{save_queries, SavedQuery};
pub use metric::{AlarmProps, Metric, Threshold};
pub use network::{
    closed_security_group, egress_to_nothing, isolated_vpc, IsolatedVpc, IsolatedVpcProps,
};
pub use queue::{dead_letter_queue, DeadLetterQueue};
pub use redis::{redis_replication_group, RedisProps, RedisReplicationGroup, REDIS_PORT};
pub use secret::{generated_secret, GeneratedSecret, GeneratedSecretProps};
pub use table::{Capacity, TableBuilder, TableConstruct};
