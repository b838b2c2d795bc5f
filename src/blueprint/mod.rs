//! One shape for every blueprint: a [`Blueprint`] says its name, options, settings, checks,
//! stack, Lambda packages and the sources table `check` credits findings to; the registry
//! ([`registry`]) lists them once, and everything that handles "any blueprint" (the CLI,
//! profiles, synth, check) goes through it instead of matching on each.
//!
//! Adding a blueprint: a folder under `src/stacks/` with its options, settings and build, an
//! `impl Blueprint`, its profile type (`src/profile/`), its flags (`src/cli/`), and one line
//! in [`registry`].

mod error;
pub mod registry;
mod settings;
pub mod sources;

use std::fmt;

pub use error::{NetworkError, SettingsError};
pub use registry::{BlueprintName, OptionsError, StackOptions, StackSettings};
pub use settings::{set, set_some, SharedSettings};
pub use sources::Sources;

use crate::assets::Asset;
use crate::stacks::common::CommonOptions;
use crate::template::Stack;

/// A Lambda package a stack needs, and the template parameters that locate it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Artifact {
    pub asset: Asset,
    pub bucket_parameter: &'static str,
    pub key_parameter: &'static str,
}

/// The ARNs every blueprint's shared options may name: the alarm topic.
pub fn shared_regional_arns(options: &impl CommonOptions) -> Vec<(&'static str, String)> {
    let topic = options
        .alarm_sns_topic()
        .map(|topic| ("alarm_sns_topic", topic.to_string()));
    let key = match &options.organisation().kms_key {
        Some(crate::stacks::limiter::values::KmsKey::Existing(arn)) => {
            Some(("kms_key", arn.clone()))
        }
        _ => None,
    };
    topic.into_iter().chain(key).collect()
}

/// A system zael synthesizes.
pub trait Blueprint: 'static {
    /// The `--blueprint` value and the profile's `blueprint` key: `limiter`, `redis`, `api`.
    const NAME: &'static str;
    /// Every option, with the seeds' defaults.
    type Options: Clone + fmt::Debug + Default + PartialEq + CommonOptions + Send + Sync;
    /// What a flag or a profile key may set: all optional.
    type Settings: Clone + fmt::Debug + Default + Send + Sync;
    /// Options that are valid one by one but not together.
    type Error: std::error::Error + Clone + PartialEq + Send + Sync + 'static;
    /// The profile type that reads this blueprint's keys.
    type Profile: crate::profile::BlueprintProfile<Settings = Self::Settings>;

    /// Overrides `options` with every setting that is set (shared settings first).
    fn apply(settings: &Self::Settings, options: &mut Self::Options) -> Result<(), SettingsError>;
    /// What no single value can show: checked once every source is applied, before building.
    fn validate(options: &Self::Options) -> Result<(), Self::Error>;
    /// The stack of valid options.
    fn build(options: &Self::Options) -> Stack;
    /// The Lambda packages the stack's template points at.
    fn artifacts(options: &Self::Options) -> Vec<Artifact>;
    /// Where each value of its templates comes from, for `check`'s findings.
    fn sources() -> &'static Sources;
    /// The ARNs the options name, by profile key: a profile's region must hold them. The
    /// shared ones (the alarm topic) unless the blueprint names more.
    fn regional_arns(options: &Self::Options) -> Vec<(&'static str, String)> {
        shared_regional_arns(options)
    }
}
