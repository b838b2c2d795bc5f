//! Reading user input safely: only regular files, never more than a stated size, and text
//! whose nesting and numbers are checked in one linear pass before a parser sees it.
//!
//! Why: a FIFO blocks `read` forever, `/dev/zero` never ends, and the YAML parser takes time
//! growing with the square of flow nesting depth before it gives up at its recursion limit.

mod file;
mod scan;

pub use file::{read_text, Limit, ReadError, PROFILE_LIMIT, RULES_LIMIT, TEMPLATE_LIMIT};
pub use scan::{scan, scan_profile, ScanError, MAX_DEPTH};
