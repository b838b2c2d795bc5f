//! What can stop `zael register`, each with what to do about it.

use zael::stacks::limiter::schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error(
        "table {table} does not exist in {place}: deploy the stack first (`zael synth{synth_name} \
         --out dist`, then `aws cloudformation deploy --stack-name {table} --template-file \
         dist/template.yaml ...`; see README \"Deploy\"), or name the deployed stack with \
         --stack-name or --name",
        synth_name = table.strip_prefix("ZAEL-").map(|n| format!(" --name {n}")).unwrap_or_default()
    )]
    NoTable { table: String, place: String },

    #[error(
        "table {table} lacks {missing} of zae-limiter's schema {SCHEMA_VERSION}: it was deployed \
         with zael's old table layout, on which the library fails; move it to a new stack \
         (README \"Migrating a stack of the old layout\"), then register that one"
    )]
    OldLayout { table: String, missing: String },

    #[error(
        "namespace {name:?} is {status:?} in the registry of {table}, not active: the library is \
         deleting or has deleted it; register it again once `purge_namespace` has finished, or \
         use another name"
    )]
    NamespaceUnavailable {
        table: String,
        name: String,
        status: String,
    },

    #[error("{action} on table {table} in {place} failed: {message}")]
    Aws {
        action: &'static str,
        table: String,
        place: String,
        message: String,
    },
}
