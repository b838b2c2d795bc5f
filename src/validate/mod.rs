//! What CloudFormation or the service would reject at deploy time, found at synth.
//!
//! Checks read the template document (not the builders), so they judge exactly what is
//! deployed, whoever produced it.

mod finding;
mod names;
mod references;

pub use finding::{Finding, Severity};
pub use names::{characters, physical_names, NAME_RULES};
pub use references::{references, sub_variables};
