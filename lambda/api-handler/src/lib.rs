//! # zael API handler (seed 003)
//!
//! The Lambda behind the API blueprint's `POST /`: it validates the JSON body
//! ([`item`], pure), writes the item to the table named by `TABLE_NAME` ([`store`]) and
//! answers `{"message": "Successfully inserted data!"}` ([`handler`]). A malformed body
//! gets a 400 naming the field, and nothing is written.

pub mod handler;
/// Shared with the other Lambda crate ([`zael_lambda_support`]).
pub use zael_lambda_support::{init_error, log};
pub mod item;
pub mod store;

pub use handler::handle;
pub use store::{DynamoStore, ItemStore};
