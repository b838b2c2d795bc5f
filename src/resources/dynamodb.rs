//! AWS::DynamoDB::Table

use serde::Serialize;

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    #[derive(Default)]
    pub struct Table as "AWS::DynamoDB::Table" {
        pub table_name: Option<Expr>,
        pub attribute_definitions: Vec<AttributeDefinition>,
        pub key_schema: Vec<KeySchemaElement>,
        pub billing_mode: Option<BillingMode>,
        pub provisioned_throughput: Option<ProvisionedThroughput>,
        pub global_secondary_indexes: Vec<GlobalSecondaryIndex>,
        pub local_secondary_indexes: Vec<LocalSecondaryIndex>,
        pub stream_specification: Option<StreamSpecification>,
        #[serde(rename = "SSESpecification")]
        pub sse_specification: Option<SseSpecification>,
        pub point_in_time_recovery_specification: Option<PointInTimeRecoverySpecification>,
        pub time_to_live_specification: Option<TimeToLiveSpecification>,
        pub deletion_protection_enabled: Option<Expr>,
        pub tags: Vec<Tag>,
    }
    handle {
        ref name,
        get {
            arn: "Arn",
            stream_arn: "StreamArn",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AttributeType {
    S,
    N,
    B,
}

cfn_struct! {
    pub struct AttributeDefinition {
        pub attribute_name: String,
        pub attribute_type: AttributeType,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum KeyType {
    Hash,
    Range,
}

cfn_struct! {
    pub struct KeySchemaElement {
        pub attribute_name: String,
        pub key_type: KeyType,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillingMode {
    PayPerRequest,
    Provisioned,
}

cfn_struct! {
    pub struct ProvisionedThroughput {
        pub read_capacity_units: Expr,
        pub write_capacity_units: Expr,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProjectionType {
    All,
    KeysOnly,
}

cfn_struct! {
    pub struct Projection {
        pub projection_type: ProjectionType,
    }

    pub struct GlobalSecondaryIndex {
        pub index_name: String,
        pub key_schema: Vec<KeySchemaElement>,
        pub projection: Projection,
        pub provisioned_throughput: Option<ProvisionedThroughput>,
    }

    /// A local secondary index: the table's partition key with another sort key. It can only be
    /// created with the table, and it shares the table's throughput (no property of its own).
    pub struct LocalSecondaryIndex {
        pub index_name: String,
        pub key_schema: Vec<KeySchemaElement>,
        pub projection: Projection,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamViewType {
    KeysOnly,
    NewImage,
    OldImage,
    NewAndOldImages,
}

cfn_struct! {
    pub struct StreamSpecification {
        pub stream_view_type: StreamViewType,
    }

    pub struct SseSpecification {
        #[serde(rename = "SSEEnabled")]
        pub sse_enabled: bool,
        #[serde(rename = "SSEType")]
        pub sse_type: Option<String>,
        #[serde(rename = "KMSMasterKeyId")]
        pub kms_master_key_id: Option<Expr>,
    }

    pub struct PointInTimeRecoverySpecification {
        pub point_in_time_recovery_enabled: Expr,
        pub recovery_period_in_days: Option<Expr>,
    }

    pub struct TimeToLiveSpecification {
        pub attribute_name: String,
        pub enabled: bool,
    }
}
