//! `zael schema`: the JSON Schema of stack profiles.

use super::Output;

pub fn run() -> Output {
    crate::profile::schema_json().into_bytes()
}
