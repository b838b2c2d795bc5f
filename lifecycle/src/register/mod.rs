//! `zael register`: what zae-limiter's `Repository.connect()` reads before it works on a
//! freshly deployed zael stack, written the way the library writes it.
//!
//! For each namespace, both registry records ([`registry`]); then the version record
//! ([`version`]), which the library takes as "this table is initialised". Every write is
//! conditional or idempotent: running it again changes nothing but `updated_at`, and two runs
//! at once agree on each namespace's id.

mod error;
pub mod namespace_id;
pub mod registry;
pub mod version;

use std::fmt::Display;

use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::operation::describe_table::DescribeTableError;
use aws_sdk_dynamodb::primitives::{DateTime, DateTimeFormat};
use aws_sdk_dynamodb::Client;
use zael::stacks::limiter::schema::GLOBAL_INDEXES;

pub use error::RegisterError;
pub use registry::Registered;
pub use version::Stamped;

/// The table the records go to, and where it is (for messages).
#[derive(Clone, Debug)]
pub struct Place {
    pub table: String,
    /// Region and endpoint, e.g. `region us-east-1 at http://127.0.0.1:5000`.
    pub location: String,
}

impl Place {
    fn error(&self, action: &'static str, message: impl Display) -> RegisterError {
        RegisterError::Aws {
            action,
            table: self.table.clone(),
            place: self.location.clone(),
            message: message.to_string(),
        }
    }
}

/// What was registered.
#[derive(Clone, Debug)]
pub struct Report {
    pub namespaces: Vec<Registered>,
    pub version: Stamped,
}

/// Registers `namespaces` (in order, each once) and stamps the version record.
pub async fn register(
    client: &Client,
    place: &Place,
    namespaces: &[String],
    updated_by: &str,
) -> Result<Report, RegisterError> {
    check_table(client, place).await?;
    let mut registered: Vec<Registered> = Vec::new();
    for name in namespaces {
        if registered.iter().any(|r| &r.name == name) {
            continue;
        }
        registered.push(registry::ensure(client, place, name).await?);
    }
    // Last: a table with a version record is one the library connects to.
    let version = version::stamp(client, place, updated_by).await?;
    Ok(Report {
        namespaces: registered,
        version,
    })
}

/// The table exists and has the library's global indexes (a table of zael's old layout
/// would let `connect()` succeed and then fail on the first `set_limits`).
async fn check_table(client: &Client, place: &Place) -> Result<(), RegisterError> {
    let described = client
        .describe_table()
        .table_name(&place.table)
        .send()
        .await
        .map_err(|e| match e.as_service_error() {
            Some(DescribeTableError::ResourceNotFoundException(_)) => RegisterError::NoTable {
                table: place.table.clone(),
                place: place.location.clone(),
            },
            _ => place.error("DescribeTable", DisplayErrorContext(e)),
        })?;
    let indexes: Vec<String> = described
        .table
        .and_then(|t| t.global_secondary_indexes)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| i.index_name)
        .collect();
    let missing: Vec<&str> = GLOBAL_INDEXES
        .iter()
        .map(|(name, ..)| *name)
        .filter(|name| !indexes.iter().any(|i| i == name))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(RegisterError::OldLayout {
            table: place.table.clone(),
            missing: format!("index {}", missing.join(", ")),
        })
    }
}

/// Now as the library stamps it: `2026-12-06T04:58:00Z`.
fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    DateTime::from_secs(secs as i64)
        .fmt(DateTimeFormat::DateTime)
        .unwrap_or_default()
}
