//! L2 DynamoDB table: safe defaults, grants and metrics.

use super::metric::Metric;
use super::perms;
use crate::resources::dynamodb::{
    AttributeDefinition, AttributeType, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, LocalSecondaryIndex, PointInTimeRecoverySpecification, Projection, ProjectionType,
    ProvisionedThroughput, SseSpecification, StreamSpecification, StreamViewType, Table,
    TimeToLiveSpecification,
};
use crate::resources::iam::Statement;
use crate::template::{Expr, Handle, RemovalPolicy, Stack};

/// How the table is billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capacity {
    /// Pay per request (on-demand): no capacity planning (the seeds' default).
    OnDemand,
    /// Provisioned read and write capacity units, applied to the table and every index.
    Provisioned { read: u32, write: u32 },
}

/// A table with a string partition and sort key.
///
/// Defaults: on-demand billing, encryption at rest with the AWS-managed KMS key, no stream,
/// no TTL, point-in-time recovery off, deletion protection off, and `Retain` on delete and
/// on replacement, so that neither a stack update nor a stack delete destroys data.
#[derive(Clone, Debug)]
pub struct TableBuilder {
    table: Table,
    key_names: Vec<String>,
}

impl TableBuilder {
    pub fn new(name: impl Into<Expr>, partition_key: &str, sort_key: &str) -> Self {
        let mut builder = TableBuilder {
            table: Table {
                table_name: Some(name.into()),
                billing_mode: Some(BillingMode::PayPerRequest),
                sse_specification: Some(SseSpecification {
                    sse_enabled: true,
                    sse_type: Some("KMS".into()),
                    kms_master_key_id: None,
                }),
                ..Table::default()
            },
            key_names: Vec::new(),
        };
        builder.table.key_schema = builder.keys(partition_key, sort_key);
        builder
    }

    /// A table keyed by a string partition key alone: one item per key (seed 003's `id`).
    pub fn partition_key_only(name: impl Into<Expr>, partition_key: &str) -> Self {
        let mut builder = TableBuilder::new(name, partition_key, partition_key);
        builder.table.key_schema.truncate(1);
        builder
    }

    /// The key schema, declaring each key attribute once.
    fn keys(&mut self, partition_key: &str, sort_key: &str) -> Vec<KeySchemaElement> {
        for name in [partition_key, sort_key] {
            if !self.key_names.iter().any(|n| n == name) {
                self.key_names.push(name.to_string());
                self.table.attribute_definitions.push(AttributeDefinition {
                    attribute_name: name.to_string(),
                    attribute_type: AttributeType::S,
                });
            }
        }
        vec![
            KeySchemaElement {
                attribute_name: partition_key.to_string(),
                key_type: KeyType::Hash,
            },
            KeySchemaElement {
                attribute_name: sort_key.to_string(),
                key_type: KeyType::Range,
            },
        ]
    }

    /// Adds a global secondary index with the given projection. A provisioned table gives
    /// it the table's throughput at [`TableBuilder::build`].
    pub fn global_index_projecting(
        mut self,
        name: &str,
        partition_key: &str,
        sort_key: &str,
        projection: ProjectionType,
    ) -> Self {
        let key_schema = self.keys(partition_key, sort_key);
        self.table
            .global_secondary_indexes
            .push(GlobalSecondaryIndex {
                index_name: name.to_string(),
                key_schema,
                projection: Projection {
                    projection_type: projection,
                },
                provisioned_throughput: None,
            });
        self
    }

    /// Adds a local secondary index: the table's partition key with `sort_key`. Only
    /// possible when the table is created (adding one later replaces the table), and every
    /// partition key with one is capped at 10 GB of items.
    pub fn local_index(mut self, name: &str, sort_key: &str, projection: ProjectionType) -> Self {
        let partition_key = self.table.key_schema[0].attribute_name.clone();
        let key_schema = self.keys(&partition_key, sort_key);
        self.table
            .local_secondary_indexes
            .push(LocalSecondaryIndex {
                index_name: name.to_string(),
                key_schema,
                projection: Projection {
                    projection_type: projection,
                },
            });
        self
    }

    pub fn stream(mut self, view: StreamViewType) -> Self {
        self.table.stream_specification = Some(StreamSpecification {
            stream_view_type: view,
        });
        self
    }

    pub fn time_to_live(mut self, attribute: &str) -> Self {
        self.table.time_to_live_specification = Some(TimeToLiveSpecification {
            attribute_name: attribute.to_string(),
            enabled: true,
        });
        self
    }

    /// Point-in-time recovery; `enabled` may be a deploy-time condition, and the recovery
    /// period is omitted (AWS default: 35 days) when `None`.
    pub fn point_in_time_recovery(mut self, enabled: Expr, recovery_days: Option<Expr>) -> Self {
        self.table.point_in_time_recovery_specification = Some(PointInTimeRecoverySpecification {
            point_in_time_recovery_enabled: enabled,
            recovery_period_in_days: recovery_days,
        });
        self
    }

    pub fn deletion_protection(mut self, enabled: bool) -> Self {
        self.table.deletion_protection_enabled = Some(enabled.into());
        self
    }

    pub fn capacity(mut self, capacity: Capacity) -> Self {
        match capacity {
            Capacity::OnDemand => {
                self.table.billing_mode = Some(BillingMode::PayPerRequest);
                self.table.provisioned_throughput = None;
            }
            Capacity::Provisioned { read, write } => {
                let throughput = ProvisionedThroughput {
                    read_capacity_units: read.into(),
                    write_capacity_units: write.into(),
                };
                self.table.billing_mode = Some(BillingMode::Provisioned);
                self.table.provisioned_throughput = Some(throughput);
            }
        }
        self
    }

    pub fn build(mut self, stack: &mut Stack, id: &str) -> TableConstruct {
        // Indexes share the table's throughput settings; on-demand tables must omit them.
        let index_throughput = self.table.provisioned_throughput.clone();
        for index in &mut self.table.global_secondary_indexes {
            index.provisioned_throughput = index_throughput.clone();
        }
        let global_indexes = self
            .table
            .global_secondary_indexes
            .iter()
            .map(|index| index.index_name.clone())
            .collect();
        let handle = stack.add(id, self.table);
        stack.set_removal_policy(&handle, RemovalPolicy::Retain);
        TableConstruct {
            handle,
            global_indexes,
        }
    }
}

/// A table in a stack, with least-privilege grants and metrics.
#[derive(Clone, Debug)]
pub struct TableConstruct {
    pub handle: Handle<Table>,
    /// The names of the table's global secondary indexes, in the template's order: what
    /// per-index metrics, dashboards and auto scaling follow.
    pub global_indexes: Vec<String>,
}

impl TableConstruct {
    /// The table and all of its indexes: queries on a GSI are authorized on the index ARN.
    fn table_and_indexes(&self) -> Vec<Expr> {
        vec![
            self.handle.arn(),
            Expr::sub(["${", self.handle.logical_id(), ".Arn}/index/*"].concat()),
        ]
    }

    /// Allows `actions` on the table and its indexes, and nothing else.
    pub fn grant(&self, sid: &str, actions: &[&str]) -> Statement {
        Statement::allow(sid, actions, self.table_and_indexes())
    }

    pub fn grant_read(&self) -> Statement {
        self.grant("ReadTable", perms::TABLE_READ)
    }

    /// What Lambda's event source mapping needs to read the table's stream.
    pub fn grant_stream_read(&self) -> Vec<Statement> {
        vec![
            Statement::allow(
                "ReadStream",
                perms::STREAM_READ,
                vec![self.handle.stream_arn()],
            ),
            Statement::allow("ListStreams", perms::STREAM_LIST, vec![Expr::str("*")]),
        ]
    }

    fn metric(&self, name: &'static str) -> Metric {
        Metric::new("AWS/DynamoDB", name, ("TableName", self.handle.name())).unit("events")
    }

    /// Consumed read capacity of the table, or of one of its global indexes.
    pub fn metric_consumed_reads(&self, index: Option<&str>) -> Metric {
        self.on_index(
            self.metric("ConsumedReadCapacityUnits").unit("units"),
            index,
        )
    }

    pub fn metric_consumed_writes(&self, index: Option<&str>) -> Metric {
        self.on_index(
            self.metric("ConsumedWriteCapacityUnits").unit("units"),
            index,
        )
    }

    pub fn metric_index_read_throttles(&self, index: &str) -> Metric {
        self.on_index(self.metric("ReadThrottleEvents"), Some(index))
    }

    pub fn metric_index_write_throttles(&self, index: &str) -> Metric {
        self.on_index(self.metric("WriteThrottleEvents"), Some(index))
    }

    fn on_index(&self, metric: Metric, index: Option<&str>) -> Metric {
        match index {
            Some(name) => {
                debug_assert!(
                    self.global_indexes.iter().any(|i| i == name),
                    "no index {name}"
                );
                metric.dimension("GlobalSecondaryIndexName", Expr::str(name))
            }
            None => metric,
        }
    }

    pub fn metric_read_throttles(&self) -> Metric {
        self.metric("ReadThrottleEvents")
    }

    pub fn metric_write_throttles(&self) -> Metric {
        self.metric("WriteThrottleEvents")
    }
}
