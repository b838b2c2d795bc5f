//! Why a stored schedule will not decode: each refusal the library makes on the way (the
//! encoding, its tokens and modifiers, the cron grammar, the zone), naming the part at fault.

use thiserror::Error;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum Refusal {
    #[error("no version marker")]
    NoVersion,
    #[error("a version marker with no entries")]
    NoEntries,
    #[error("encoding version {0:?}; only 1 is known")]
    UnknownVersion(String),
    #[error("entry {entry:?} repeats tag {tag:?}")]
    RepeatedTag { entry: String, tag: char },
    #[error("entry {entry:?} cannot be parsed from offset {offset}")]
    Unparsable { entry: String, offset: usize },
    #[error("reset entry {entry:?} carries modifier {tag:?}")]
    ResetModifier { entry: String, tag: char },
    #[error("unknown time zone {0:?}")]
    UnknownZone(String),

    #[error("modifier {tag}{value:?} is not a whole number")]
    NotWhole { tag: char, value: String },
    #[error("modifier {tag}{value} is outside 1-{max}")]
    ModifierOutOfRange { tag: char, value: String, max: i64 },
    #[error("scale s{value} is outside 1-{max} per mille")]
    ScaleOutOfRange { value: String, max: u64 },
    #[error("an entry sets both a scale and absolutes")]
    ScaleAndAbsolutes,
    #[error("an entry sets neither a scale nor absolutes")]
    NoModifier,

    #[error("cron field {0:?} is not a cron field")]
    NotCronField(String),
    /// `field` is the cron field's name (`minute`, `day-of-week`...).
    #[error("bad {field} {text:?}")]
    BadField { field: &'static str, text: String },
    /// Symbols cronsim parses but that never match (`L`, `W`, `#`).
    #[error("bad {field} {text:?}: {symbols} are not supported")]
    NeverMatches {
        field: &'static str,
        text: String,
        symbols: &'static str,
    },
    #[error("{field} {text} is outside {lo}-{hi}")]
    OutOfRange {
        field: &'static str,
        text: String,
        lo: u32,
        hi: u32,
    },
    #[error("no month in {months:?} has day {day}")]
    NoSuchDay { months: String, day: u32 },
}
