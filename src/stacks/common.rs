//! The options every blueprint has, so that the shared flags and profile keys apply to any
//! blueprint's options the same way.

use crate::aspects::Tags;

/// Mutable access to a blueprint's shared options.
pub struct Common<'a> {
    pub name: &'a mut String,
    pub alarm_sns_topic: &'a mut Option<String>,
    pub log_retention_days: &'a mut u32,
    pub tags: &'a mut Tags,
}

pub trait CommonOptions {
    fn common(&mut self) -> Common<'_>;
    /// The deployment name physical names derive from.
    fn name(&self) -> &str;
}

/// Implements [`CommonOptions`] for an options struct with the four shared fields.
macro_rules! common_options {
    ($($options:ty),*) => {$(
        impl CommonOptions for $options {
            fn common(&mut self) -> Common<'_> {
                Common {
                    name: &mut self.name,
                    alarm_sns_topic: &mut self.alarm_sns_topic,
                    log_retention_days: &mut self.log_retention_days,
                    tags: &mut self.tags,
                }
            }
            fn name(&self) -> &str {
                &self.name
            }
        }
    )*};
}

common_options!(
    super::limiter::LimiterOptions,
    super::redis::RedisOptions,
    super::api::ApiOptions
);
