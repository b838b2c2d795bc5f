//! The only I/O the handler needs, as a trait: put one item. The DynamoDB implementation is
//! [`DynamoStore`]; unit tests use a recording fake, so the handler's answers are tested
//! without a network.

use crate::item::Movie;
use aws_sdk_dynamodb::types::AttributeValue;
use std::future::Future;

pub trait ItemStore: Sync {
    /// Writes `movie`, replacing an item with the same `id` (a retried request therefore
    /// leaves one item, as one request would).
    fn put(&self, movie: &Movie) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// A write the table refused after the SDK's retries. Shared with the other Lambda crate
/// ([`zael_lambda_support`]).
pub use zael_lambda_support::StoreError;

/// The table items go to: partition key `id` (S), `title` (S) and `year` (N). Shared with
/// the other Lambda crate, as its error is.
pub use zael_lambda_support::DynamoStore;

impl ItemStore for DynamoStore {
    async fn put(&self, movie: &Movie) -> Result<(), StoreError> {
        self.client()
            .put_item()
            .table_name(self.table())
            .item("id", AttributeValue::S(movie.id.clone()))
            .item("title", AttributeValue::S(movie.title.clone()))
            .item("year", AttributeValue::N(movie.year.to_string()))
            .send()
            .await
            .map(|_| ())
            .map_err(StoreError::sdk)
    }
}
