//! Why a fleet cannot be planned: typed, so only the CLI words options errors with flag and
//! key names.

use crate::blueprint::{OptionsError, SettingsError};
use crate::profile::ProfileError;
use crate::synth::SynthError;

#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    /// The fleet file (or the profile it names): its file, place, key path and what is allowed.
    #[error("{0}")]
    File(ProfileError),
    /// A target's settings (the profile's, then its overrides) cannot be applied.
    #[error("{file}: {target}: {error}")]
    Settings {
        file: String,
        target: String,
        error: SettingsError,
    },
    /// A target's options are valid one by one but not together.
    #[error("{file}: {target}: {error}")]
    Options {
        file: String,
        target: String,
        error: OptionsError,
    },
    /// A target's template cannot be synthesized.
    #[error("{file}: {target}: {error}")]
    Synth {
        file: String,
        target: String,
        error: SynthError,
    },
}

impl From<ProfileError> for FleetError {
    fn from(error: ProfileError) -> Self {
        FleetError::File(error)
    }
}
