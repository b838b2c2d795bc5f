//! `zael schema [profile|fleet]`: the JSON Schema of stack profiles or of fleet files.

use clap::{Args, ValueEnum};

use super::Output;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Stack profiles (stacks/profile.schema.json)
    #[default]
    Profile,
    /// Fleet files (fleets/fleet.schema.json)
    Fleet,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which file's schema
    #[arg(value_enum, default_value_t = SchemaKind::Profile)]
    pub kind: SchemaKind,
}

pub fn run(args: &SchemaArgs) -> Output {
    match args.kind {
        SchemaKind::Profile => crate::profile::schema_json().into_bytes(),
        SchemaKind::Fleet => crate::fleet::schema_json().into_bytes(),
    }
}
