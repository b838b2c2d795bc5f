//! The registry: every blueprint, once. The macro turns the list into the enums that carry
//! "a stack of any blueprint" through the CLI, profiles, synth and check, so none of them
//! matches on blueprints by hand.

use std::path::Path;

use super::{Artifact, Blueprint, SettingsError, Sources};
use crate::profile::{Profile, ProfileError};
use crate::stacks::{api::Api, limiter::Limiter, redis::Redis};
use crate::template::Stack;

macro_rules! registry {
    ($($variant:ident => $blueprint:ty, $about:literal;)*) => {
        /// The systems zael synthesizes (`--blueprint`, a profile's `blueprint`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
        pub enum BlueprintName {
            $(#[doc = $about] $variant,)*
        }

        impl BlueprintName {
            pub const ALL: &'static [BlueprintName] = &[$(BlueprintName::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(BlueprintName::$variant => <$blueprint as Blueprint>::NAME,)* }
            }

            pub fn from_name(name: &str) -> Option<BlueprintName> {
                Self::ALL.iter().copied().find(|b| b.name() == name)
            }

            /// Where each value of this blueprint's templates comes from.
            pub fn sources(self) -> &'static Sources {
                match self { $(BlueprintName::$variant => <$blueprint as Blueprint>::sources(),)* }
            }

            /// The seeds' default deployment of this blueprint.
            pub fn defaults(self) -> StackOptions {
                match self { $(BlueprintName::$variant => StackOptions::$variant(Box::default()),)* }
            }

            /// Reads a profile of this blueprint; `path` names it in errors.
            /// `document`: `text` already parsed, when the caller has it.
            pub(crate) fn read_profile(
                self,
                path: &Path,
                text: &str,
                document: Option<&serde_norway::Value>,
            ) -> Result<Profile, ProfileError> {
                match self {
                    $(BlueprintName::$variant => crate::profile::read_parsed::<<$blueprint as Blueprint>::Profile>(path, text, document)
                        .map(|p| Profile::new(StackSettings::$variant(Box::new(crate::profile::BlueprintProfile::settings(&p))), &p)),)*
                }
            }
        }

        /// The options of a stack of any blueprint.
        #[derive(Clone, Debug, PartialEq)]
        pub enum StackOptions {
            $($variant(Box<<$blueprint as Blueprint>::Options>),)*
        }

        /// Settings for a stack of any blueprint (from flags or a profile).
        #[derive(Clone, Debug)]
        pub enum StackSettings {
            $($variant(Box<<$blueprint as Blueprint>::Settings>),)*
        }

        /// Options of any blueprint that are valid one by one but not together.
        #[derive(Clone, Debug, PartialEq, thiserror::Error)]
        pub enum OptionsError {
            $(#[error(transparent)] $variant(<$blueprint as Blueprint>::Error),)*
        }

        impl StackOptions {
            pub fn blueprint(&self) -> BlueprintName {
                match self { $(StackOptions::$variant(_) => BlueprintName::$variant,)* }
            }

            /// Overrides the options with every setting that is set.
            ///
            /// # Panics
            /// When the settings are another blueprint's: callers pick both by one name.
            pub fn apply(&mut self, settings: &StackSettings) -> Result<(), SettingsError> {
                match (self, settings) {
                    $((StackOptions::$variant(options), StackSettings::$variant(settings)) => {
                        <$blueprint as Blueprint>::apply(settings, options)
                    })*
                    #[allow(unreachable_patterns)]
                    (options, settings) => panic!(
                        "settings of the {} blueprint applied to options of the {} blueprint",
                        settings.blueprint().name(),
                        options.blueprint().name()
                    ),
                }
            }

            pub fn validate(&self) -> Result<(), OptionsError> {
                match self { $(StackOptions::$variant(o) => <$blueprint as Blueprint>::validate(o).map_err(OptionsError::$variant),)* }
            }

            /// The stack; [`validate`](Self::validate) first.
            pub fn build(&self) -> Stack {
                match self { $(StackOptions::$variant(o) => <$blueprint as Blueprint>::build(o),)* }
            }

            pub fn artifacts(&self) -> Vec<Artifact> {
                match self { $(StackOptions::$variant(o) => <$blueprint as Blueprint>::artifacts(o),)* }
            }

            pub fn regional_arns(&self) -> Vec<(&'static str, String)> {
                match self { $(StackOptions::$variant(o) => <$blueprint as Blueprint>::regional_arns(o),)* }
            }

            pub fn formats_names(&self) -> bool {
                match self { $(StackOptions::$variant(o) => crate::stacks::common::CommonOptions::organisation(o.as_ref()).formats_names(),)* }
            }

            /// The deployment name physical names derive from.
            pub fn name(&self) -> &str {
                match self { $(StackOptions::$variant(o) => crate::stacks::common::CommonOptions::name(o.as_ref()),)* }
            }

            /// The CloudFormation stack's name, which the template's `zael:stack` tags and
            /// physical names carry: `ZAEL-{name}` (limiter), `ZAEL-{name}-redis`,
            /// `ZAEL-{name}-api`. Deploy and fleets use it, so that two blueprints of one
            /// `--name` are two stacks, not one stack replaced by the other.
            pub fn stack_name(&self) -> String {
                match self { $(StackOptions::$variant(o) => o.stack_name(),)* }
            }
        }

        $(
            impl From<<$blueprint as Blueprint>::Options> for StackOptions {
                fn from(options: <$blueprint as Blueprint>::Options) -> StackOptions {
                    StackOptions::$variant(Box::new(options))
                }
            }

            impl From<&<$blueprint as Blueprint>::Options> for StackOptions {
                fn from(options: &<$blueprint as Blueprint>::Options) -> StackOptions {
                    StackOptions::$variant(Box::new(options.clone()))
                }
            }

            impl From<<$blueprint as Blueprint>::Settings> for StackSettings {
                fn from(settings: <$blueprint as Blueprint>::Settings) -> StackSettings {
                    StackSettings::$variant(Box::new(settings))
                }
            }
        )*

        impl StackSettings {
            pub fn blueprint(&self) -> BlueprintName {
                match self { $(StackSettings::$variant(_) => BlueprintName::$variant,)* }
            }
        }

        /// The schema's shape: a profile of one of the blueprints, told apart by `blueprint`.
        #[derive(serde::Deserialize, schemars::JsonSchema)]
        #[serde(untagged)]
        #[schemars(title = "zael stack profile")]
        #[allow(dead_code, clippy::large_enum_variant)] // only schemars reads it
        pub(crate) enum ProfileSchema {
            $($variant(<$blueprint as Blueprint>::Profile),)*
        }
    };
}

registry! {
    Limiter => Limiter, "The DynamoDB rate limiter of seeds 000-002";
    Redis => Redis, "The ElastiCache for Redis tier of seed 004";
    Api => Api, "The API Gateway -> Lambda in VPC -> DynamoDB service of seed 003";
}

/// The limiter, when neither `--blueprint` nor a profile says.
#[allow(clippy::derivable_impls)] // the macro writes the enum; it cannot mark one variant
impl Default for BlueprintName {
    fn default() -> Self {
        BlueprintName::Limiter
    }
}
