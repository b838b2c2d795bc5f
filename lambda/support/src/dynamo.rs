//! The DynamoDB table a Lambda reads and writes: one type for both crates, each of which
//! implements its own store trait on it (the aggregator's snapshot and bucket stores, the
//! API handler's item store).

use aws_sdk_dynamodb::Client;

/// One DynamoDB table and the client that reaches it. The client comes from `aws-config`,
/// which honours `AWS_ENDPOINT_URL` (tests point it at a local moto server) and the
/// standard retry policy for throttling and transient errors.
#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client,
            table: table.into(),
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The table's name, as each request names it.
    pub fn table(&self) -> &str {
        &self.table
    }
}
