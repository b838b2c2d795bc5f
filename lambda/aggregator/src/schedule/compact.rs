//! The library's compact storage encoding of schedules (`zae_limiter.schedule.decode`
//! and `decode_reset`), decoded.
//!
//! `sched` / `b_{limit}_sched` (parameter schedules) and `rsched` / `b_{limit}_rsched`
//! (reset schedules) hold the encoding version (decimal digits, only `1` is known), then
//! `;`-separated entries of tagged tokens: cron fields `m h D M w` (an absent one is `*`)
//! and, in a parameter entry only, modifiers `s` (scale in per-mille), `c` `a` `p`
//! (capacity, refill amount, refill period in seconds). A token's value runs to the next
//! tag letter, e.g. `1h9-17w1-5s500;h0-6c2000`. The time zone is the item's `sched_tz`.
//!
//! Every check the library makes on the way (tokens, cron grammar, the zone, one kind of
//! modifier per entry, positive and bounded values) is made here; a failure is an
//! [`Unsupported`] and the caller leaves the bucket to the library, as the reference
//! does (never a guess, never a failed batch).

use super::cron::Cron;
use super::zone::Zone;
use super::Unsupported;

/// What a parameter entry puts in force while its cron matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modifier {
    /// Capacity and refill amount times `per_mille / 1000`.
    Scale { per_mille: u64 },
    /// Absolute overrides (whole tokens and seconds); `None` keeps the base.
    Absolute {
        capacity: Option<i64>,
        amount: Option<i64>,
        period_seconds: Option<i64>,
    },
}

/// One entry of a parameter schedule: first match wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamEntry {
    pub cron: Cron,
    pub modifier: Modifier,
}

/// `MAX_SCALE`, `MAX_TOKENS`, `MAX_PERIOD_SECONDS` of the library.
const MAX_SCALE_PER_MILLE: u64 = 1_000_000_000;
const MAX_TOKENS: i64 = 1_000_000_000_000_000;
const MAX_PERIOD_SECONDS: i64 = 1_000_000_000;

const FIELD_TAGS: [char; 5] = ['m', 'h', 'D', 'M', 'w'];
const MODIFIER_TAGS: [char; 4] = ['s', 'c', 'a', 'p'];

fn is_tag(c: char) -> bool {
    FIELD_TAGS.contains(&c) || MODIFIER_TAGS.contains(&c)
}

/// `_strip_version`: the entries after a version-1 marker.
fn body(compact: &str) -> Result<&str, String> {
    let digits = compact.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err("no version marker".into());
    }
    let body = &compact[digits..];
    if body.is_empty() {
        return Err("a version marker with no entries".into());
    }
    let marker = compact[..digits].trim_start_matches('0');
    if marker != "1" {
        return Err(format!(
            "encoding version {:?}; only 1 is known",
            &compact[..digits]
        ));
    }
    Ok(body)
}

/// `_tokenise`: `(tag, value)` pairs covering the whole entry, no tag twice.
fn tokens(entry: &str) -> Result<Vec<(char, &str)>, String> {
    let mut out: Vec<(char, &str)> = Vec::new();
    let mut rest = entry;
    while let Some(tag) = rest.chars().next().filter(|&c| is_tag(c)) {
        let after = &rest[1..];
        let len = after.find(is_tag).unwrap_or(after.len());
        if len == 0 {
            break;
        }
        if out.iter().any(|(t, _)| *t == tag) {
            return Err(format!("entry {entry:?} repeats tag {tag:?}"));
        }
        out.push((tag, &after[..len]));
        rest = &after[len..];
    }
    if !rest.is_empty() {
        return Err(format!(
            "entry {entry:?} cannot be parsed from offset {}",
            entry.len() - rest.len()
        ));
    }
    Ok(out)
}

fn cron_of(tokens: &[(char, &str)], zone: Zone) -> Result<Cron, String> {
    let field = |tag: char| {
        tokens
            .iter()
            .find(|(t, _)| *t == tag)
            .map_or("*", |(_, v)| *v)
    };
    Cron::parse(FIELD_TAGS.map(field), zone)
}

/// A modifier's value: ASCII digits only (the library's `int()` takes more spellings;
/// it never writes them).
fn whole(tag: char, value: &str) -> Result<u64, String> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("modifier {tag}{value:?} is not a whole number"));
    }
    Ok(value.bytes().fold(0u64, |v, b| {
        v.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

fn bounded(tag: char, value: &str, max: i64) -> Result<i64, String> {
    let v = whole(tag, value)?;
    if v == 0 || v > max as u64 {
        return Err(format!("modifier {tag}{value} is outside 1-{max}"));
    }
    Ok(v as i64)
}

fn modifier(tokens: &[(char, &str)]) -> Result<Modifier, String> {
    let get = |tag: char| tokens.iter().find(|(t, _)| *t == tag).map(|(_, v)| *v);
    let scale = get('s');
    let (c, a, p) = (get('c'), get('a'), get('p'));
    let absolute = c.is_some() || a.is_some() || p.is_some();
    match scale {
        Some(_) if absolute => Err("an entry sets both a scale and absolutes".into()),
        None if !absolute => Err("an entry sets neither a scale nor absolutes".into()),
        Some(s) => {
            let per_mille = whole('s', s)?;
            if per_mille == 0 || per_mille > MAX_SCALE_PER_MILLE {
                return Err(format!(
                    "scale s{s} is outside 1-{MAX_SCALE_PER_MILLE} per mille"
                ));
            }
            Ok(Modifier::Scale { per_mille })
        }
        None => Ok(Modifier::Absolute {
            capacity: c.map(|v| bounded('c', v, MAX_TOKENS)).transpose()?,
            amount: a.map(|v| bounded('a', v, MAX_TOKENS)).transpose()?,
            period_seconds: p.map(|v| bounded('p', v, MAX_PERIOD_SECONDS)).transpose()?,
        }),
    }
}

fn zone(tz: &str) -> Result<Zone, String> {
    Zone::parse(tz).ok_or_else(|| format!("unknown time zone {tz:?}"))
}

/// `decode`: a stored parameter schedule (`sched`, `b_{limit}_sched`) in `tz`.
pub fn decode(compact: &str, tz: &str) -> Result<Vec<ParamEntry>, Unsupported> {
    let run = || -> Result<Vec<ParamEntry>, String> {
        let zone = zone(tz)?;
        body(compact)?
            .split(';')
            .map(|entry| {
                let tokens = tokens(entry)?;
                Ok(ParamEntry {
                    cron: cron_of(&tokens, zone)?,
                    modifier: modifier(&tokens)?,
                })
            })
            .collect()
    };
    run().map_err(|why| Unsupported(format!("schedule {compact:?} ({tz}): {why}")))
}

/// `decode_reset`: a stored reset schedule (`rsched`, `b_{limit}_rsched`) in `tz`.
pub fn decode_reset(compact: &str, tz: &str) -> Result<Vec<Cron>, Unsupported> {
    let run = || -> Result<Vec<Cron>, String> {
        let zone = zone(tz)?;
        body(compact)?
            .split(';')
            .map(|entry| {
                let tokens = tokens(entry)?;
                if let Some((tag, _)) = tokens.iter().find(|(t, _)| MODIFIER_TAGS.contains(t)) {
                    return Err(format!("reset entry {entry:?} carries modifier {tag:?}"));
                }
                cron_of(&tokens, zone)
            })
            .collect()
    };
    run().map_err(|why| Unsupported(format!("reset schedule {compact:?} ({tz}): {why}")))
}
