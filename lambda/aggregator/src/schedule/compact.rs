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
use super::refusal::Refusal;
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
fn body(compact: &str) -> Result<&str, Refusal> {
    let digits = compact.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(Refusal::NoVersion);
    }
    let body = &compact[digits..];
    if body.is_empty() {
        return Err(Refusal::NoEntries);
    }
    let marker = compact[..digits].trim_start_matches('0');
    if marker != "1" {
        return Err(Refusal::UnknownVersion(compact[..digits].to_owned()));
    }
    Ok(body)
}

/// `_tokenise`: `(tag, value)` pairs covering the whole entry, no tag twice.
fn tokens(entry: &str) -> Result<Vec<(char, &str)>, Refusal> {
    let mut out: Vec<(char, &str)> = Vec::new();
    let mut rest = entry;
    while let Some(tag) = rest.chars().next().filter(|&c| is_tag(c)) {
        let after = &rest[1..];
        let len = after.find(is_tag).unwrap_or(after.len());
        if len == 0 {
            break;
        }
        if out.iter().any(|(t, _)| *t == tag) {
            return Err(Refusal::RepeatedTag {
                entry: entry.to_owned(),
                tag,
            });
        }
        out.push((tag, &after[..len]));
        rest = &after[len..];
    }
    if !rest.is_empty() {
        return Err(Refusal::Unparsable {
            entry: entry.to_owned(),
            offset: entry.len() - rest.len(),
        });
    }
    Ok(out)
}

fn cron_of(tokens: &[(char, &str)], zone: Zone) -> Result<Cron, Refusal> {
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
fn whole(tag: char, value: &str) -> Result<u64, Refusal> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::NotWhole {
            tag,
            value: value.to_owned(),
        });
    }
    Ok(value.bytes().fold(0u64, |v, b| {
        v.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

fn bounded(tag: char, value: &str, max: i64) -> Result<i64, Refusal> {
    let v = whole(tag, value)?;
    if v == 0 || v > max as u64 {
        return Err(Refusal::ModifierOutOfRange {
            tag,
            value: value.to_owned(),
            max,
        });
    }
    Ok(v as i64)
}

fn modifier(tokens: &[(char, &str)]) -> Result<Modifier, Refusal> {
    let get = |tag: char| tokens.iter().find(|(t, _)| *t == tag).map(|(_, v)| *v);
    let scale = get('s');
    let (c, a, p) = (get('c'), get('a'), get('p'));
    let absolute = c.is_some() || a.is_some() || p.is_some();
    match scale {
        Some(_) if absolute => Err(Refusal::ScaleAndAbsolutes),
        None if !absolute => Err(Refusal::NoModifier),
        Some(s) => {
            let per_mille = whole('s', s)?;
            if per_mille == 0 || per_mille > MAX_SCALE_PER_MILLE {
                return Err(Refusal::ScaleOutOfRange {
                    value: s.to_owned(),
                    max: MAX_SCALE_PER_MILLE,
                });
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

fn zone(tz: &str) -> Result<Zone, Refusal> {
    Zone::parse(tz).ok_or_else(|| Refusal::UnknownZone(tz.to_owned()))
}

/// Each `;`-separated entry of the stored schedule `compact` (a `kind`) in `tz`, read by
/// `entry` from its text, its tokens and the zone; the first refusal refuses the schedule.
fn entries<T>(
    kind: &'static str,
    compact: &str,
    tz: &str,
    entry: impl Fn(&str, &[(char, &str)], Zone) -> Result<T, Refusal>,
) -> Result<Vec<T>, Unsupported> {
    let run = || -> Result<Vec<T>, Refusal> {
        let zone = zone(tz)?;
        body(compact)?
            .split(';')
            .map(|text| entry(text, &tokens(text)?, zone))
            .collect()
    };
    run().map_err(|refusal| Unsupported {
        kind,
        compact: compact.to_owned(),
        tz: tz.to_owned(),
        refusal,
    })
}

/// `decode`: a stored parameter schedule (`sched`, `b_{limit}_sched`) in `tz`.
pub fn decode(compact: &str, tz: &str) -> Result<Vec<ParamEntry>, Unsupported> {
    entries("schedule", compact, tz, |_, tokens, zone| {
        Ok(ParamEntry {
            cron: cron_of(tokens, zone)?,
            modifier: modifier(tokens)?,
        })
    })
}

/// `decode_reset`: a stored reset schedule (`rsched`, `b_{limit}_rsched`) in `tz`.
pub fn decode_reset(compact: &str, tz: &str) -> Result<Vec<Cron>, Unsupported> {
    entries("reset schedule", compact, tz, |text, tokens, zone| {
        if let Some((tag, _)) = tokens.iter().find(|(t, _)| MODIFIER_TAGS.contains(t)) {
            return Err(Refusal::ResetModifier {
                entry: text.to_owned(),
                tag: *tag,
            });
        }
        cron_of(tokens, zone)
    })
}
