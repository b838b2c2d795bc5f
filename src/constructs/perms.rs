//! IAM action lists, in one place, so every grant of the same kind grants the same actions.

/// Reads of items and indexes.
pub const TABLE_READ: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
];

/// What the rate limiter's `acquire()` reads: buckets and configs (GetItem, BatchGetItem),
/// an entity's buckets off GSI3 (Query), and the owner's `#META` that a bucket create checks
/// inside its transaction. IAM authorizes each element of a TransactWriteItems call through
/// the per-item actions (PutItem, UpdateItem, DeleteItem, ConditionCheckItem);
/// `dynamodb:TransactWriteItems` is not an IAM action, so granting it would do nothing.
pub const TABLE_ACQUIRE_READ: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:GetItem",
    "dynamodb:Query",
];

/// What `acquire()` writes: bucket items (create, consume, refund, shard) and the `#OP#`
/// records beside them, never deleted by the client.
pub const TABLE_BUCKET_WRITE: &[&str] = &["dynamodb:PutItem", "dynamodb:UpdateItem"];

/// Everything an administrator of limits and entities needs, short of changing the table.
pub const TABLE_FULL: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
];

/// The usage aggregator: snapshots (UpdateItem), bucket refills and shard counts
/// (UpdateItem), new-shard clones (a transaction of PutItem, UpdateItem on the quota donor,
/// and a ConditionCheckItem on the entity's `#META`), and the consistent re-read of shard 0
/// (GetItem).
pub const TABLE_AGGREGATE: &[&str] = &[
    "dynamodb:ConditionCheckItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
];

/// What Lambda's event source mapping needs on the table's stream.
pub const STREAM_READ: &[&str] = &[
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
];

/// `ListStreams` has no resource type in IAM: it can only be granted on `*`.
pub const STREAM_LIST: &[&str] = &["dynamodb:ListStreams"];

/// Writing to an existing log group; the group itself is created by the stack.
pub const LOGS_WRITE: &[&str] = &["logs:CreateLogStream", "logs:PutLogEvents"];

/// Sending failed-batch records to a dead-letter queue.
pub const QUEUE_SEND: &[&str] = &["sqs:SendMessage"];

/// What the namespace-scoped policies may do: only actions whose items carry partition keys,
/// so `dynamodb:LeadingKeys` confines every one (a Scan has no leading keys, and a
/// `ForAllValues` condition on an absent key is true: it would escape the namespace).
pub const NAMESPACE_EXCLUDED: &[&str] = &["dynamodb:Scan", "dynamodb:DescribeTable"];

/// Seed 003's handler writes one item per request, and does nothing else with its table.
pub const TABLE_PUT: &[&str] = &["dynamodb:PutItem"];

/// What a delivery service (VPC flow logs) needs on the group it writes to.
pub const LOGS_DELIVER: &[&str] = &[
    "logs:CreateLogStream",
    "logs:DescribeLogStreams",
    "logs:PutLogEvents",
];

/// A function in a VPC reaches its subnets through ENIs that Lambda creates and deletes
/// with the function's role. EC2 cannot scope `Describe*` calls to a resource, and Lambda
/// checks these actions on `*` when the function is created, so they are granted on `*`
/// (the set of AWS's `AWSLambdaVPCAccessExecutionRole`).
pub const LAMBDA_VPC_ENI: &[&str] = &[
    "ec2:AssignPrivateIpAddresses",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:UnassignPrivateIpAddresses",
];

/// Active tracing: Lambda sends the function's segments with its role. X-Ray has no
/// resource-level permissions for these actions, so they are granted on `*`.
pub const XRAY_WRITE: &[&str] = &["xray:PutTelemetryRecords", "xray:PutTraceSegments"];
