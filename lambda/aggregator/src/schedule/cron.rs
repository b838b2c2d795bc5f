//! One cron expression as the library parses it (`parse_cron`, which is `cronsim` 2.9's
//! field grammar): `*`, numbers, `a-b` ranges, `,` lists, `/n` steps (`*/n`, `a-b/n`,
//! and `a/n` meaning `a` to the field's end), and `JAN`-`DEC` / `SUN`-`SAT` names; Sunday
//! is `0` or `7`. `L`, `W` and `#` parse in cronsim but can never match, so the library
//! rejects them, and so does zael. When both day fields are given and neither starts
//! with `*`, a day matches if either does (cron's rule; cronsim's `day_and`).
//!
//! Anything the library would refuse is refused here too (an [`Err`] naming the field);
//! a few spellings the library would accept and never writes (whitespace around a
//! number, non-ASCII letters that upper-case to a name) are refused as well: refusing
//! leaves the bucket to the library, accepting wrongly would over-admit.

use super::refusal::Refusal;
use super::zone::Zone;

/// The field sets of one expression, as bit masks, in its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cron {
    /// Bits 0-59.
    pub minutes: u64,
    /// Bits 0-23.
    pub hours: u32,
    /// Bits 1-31.
    pub days: u32,
    /// Bits 1-12.
    pub months: u16,
    /// Bits 1-7, ISO weekdays (Sunday 7).
    pub weekdays: u8,
    pub day_and: bool,
    pub zone: Zone,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Minute,
    Hour,
    Day,
    Month,
    Weekday,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
/// cronsim's `DAYS_IN_MONTH`: February has 29.
const DAYS_IN_MONTH: [u32; 13] = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::Day => "day-of-month",
            Field::Month => "month",
            Field::Weekday => "day-of-week",
        }
    }

    fn range(self) -> (u32, u32) {
        match self {
            Field::Minute => (0, 59),
            Field::Hour => (0, 23),
            Field::Day => (1, 31),
            Field::Month => (1, 12),
            Field::Weekday => (0, 7),
        }
    }

    fn all(self) -> u64 {
        let (lo, hi) = self.range();
        (lo..=hi).fold(0, |m, v| m | 1 << v)
    }

    fn bad(self, s: &str) -> Refusal {
        Refusal::BadField {
            field: self.name(),
            text: s.to_owned(),
        }
    }

    /// cronsim's `_int`: ASCII digits only, any length (a huge number saturates).
    fn digits(self, s: &str) -> Result<u64, Refusal> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.bad(s));
        }
        Ok(s.bytes().fold(0u64, |v, b| {
            v.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        }))
    }

    /// cronsim's `Field.int`: a name, or a number in the field's range.
    fn value(self, s: &str) -> Result<u32, Refusal> {
        if self == Field::Month {
            if let Some(i) = MONTHS.iter().position(|m| *m == s) {
                return Ok(i as u32 + 1);
            }
        }
        if self == Field::Weekday {
            if let Some(i) = WEEKDAYS.iter().position(|d| *d == s) {
                return Ok(i as u32);
            }
        }
        let v = self.digits(s)?;
        let (lo, hi) = self.range();
        if v < u64::from(lo) || v > u64::from(hi) {
            return Err(Refusal::OutOfRange {
                field: self.name(),
                text: s.to_owned(),
                lo,
                hi,
            });
        }
        Ok(v as u32)
    }

    /// cronsim's `Field.parse`, as a bit mask.
    fn parse(self, s: &str) -> Result<u64, Refusal> {
        let never_matches = |symbols| Refusal::NeverMatches {
            field: self.name(),
            text: s.to_owned(),
            symbols,
        };
        if s == "*" {
            return Ok(self.all());
        }
        if s.contains(',') {
            return s
                .split(',')
                .try_fold(0, |m, term| Ok(m | self.parse(term)?));
        }
        if self == Field::Weekday && (s.contains('L') || s.contains('#')) {
            return Err(never_matches("L and #"));
        }
        if let Some((term, step)) = s.split_once('/') {
            let step = self.digits(step)?;
            if step == 0 {
                return Err(self.bad(s));
            }
            let items = self.parse(term)?;
            let (_, hi) = self.range();
            let set: Vec<u32> = if items.count_ones() == 1 && !term.contains('-') {
                (items.trailing_zeros()..=hi).collect()
            } else {
                (0..=hi).filter(|v| items & 1 << v != 0).collect()
            };
            return Ok(set
                .iter()
                .step_by(usize::try_from(step).unwrap_or(usize::MAX))
                .fold(0, |m, v| m | 1 << v));
        }
        if let Some((start, end)) = s.split_once('-') {
            let (start, end) = (self.value(start)?, self.value(end)?);
            if end < start {
                return Err(self.bad(s));
            }
            return Ok((start..=end).fold(0, |m, v| m | 1 << v));
        }
        if self == Field::Day && (s == "L" || s == "LW") {
            return Err(never_matches("L and W"));
        }
        Ok(1 << self.value(s)?)
    }
}

impl Cron {
    /// Parses the five fields `minute hour day month weekday` (each as stored, `*` for
    /// an absent one) in `zone`.
    pub fn parse(fields: [&str; 5], zone: Zone) -> Result<Cron, Refusal> {
        let mut upper = fields.map(str::to_owned);
        for f in &mut upper {
            if !f.is_ascii() || f.is_empty() || f.bytes().any(|b| b.is_ascii_whitespace()) {
                return Err(Refusal::NotCronField(f.clone()));
            }
            f.make_ascii_uppercase();
        }
        let [m, h, d, mo, w] = &upper;
        let day_and = d.starts_with('*') || w.starts_with('*');
        let minutes = Field::Minute.parse(m)?;
        let hours = Field::Hour.parse(h)? as u32;
        let days = Field::Day.parse(d)? as u32;
        let months = Field::Month.parse(mo)? as u16;
        let mut weekdays = Field::Weekday.parse(w)? as u8;
        let min_day = days.trailing_zeros();
        if day_and && min_day > 29 {
            let longest = (1..=12)
                .filter(|m| months & 1 << m != 0)
                .map(|m| DAYS_IN_MONTH[m])
                .max()
                .unwrap_or(0);
            if min_day > longest {
                return Err(Refusal::NoSuchDay {
                    months: mo.clone(),
                    day: min_day,
                });
            }
        }
        if weekdays & 1 != 0 {
            weekdays = (weekdays & !1) | 1 << 7;
        }
        Ok(Cron {
            minutes,
            hours,
            days,
            months,
            weekdays,
            day_and,
            zone,
        })
    }
}
