//! Quotas across shards (pure): how a doubling keeps a quota's grants honest, with the
//! reference aggregator's rules and expressions (zae-limiter 0.17.0, ADR-145:
//! `_is_quota_limit`, `_quota_reset_rule`, `_quota_sibling_from_image`,
//! `quota_period_is_current`, `plan_quota_grant`, `_donor_debit`, `_donor_update_items`,
//! `_quota_count_freeze`, `_legacy_quota_sizes`, `_clone_owner_check`).
//!
//! A quota never drips; each shard holds a grant sized at some shard count `gc` and covers
//! every slot `j` with `j % gc == shard % gc`. So when a doubling creates a shard, its
//! quota is **moved** off the current-period sibling covering that slot (a donor debit in
//! the clone's transaction), never minted; and when it raises a sibling's count, the grant
//! size that sibling was read at is **frozen** onto it (`gc = if_not_exists(gc, :g)`).

use crate::expr::{UpdateRequest, Value};
use crate::record::{string, Image, STATE_SK, WCU_LIMIT};
use crate::schedule::{
    self, effective_params, prev_reset_edge, Cron, ParamEntry, Unsupported, NONE_MARKER,
};
use serde_dynamo::AttributeValue;

pub fn attr(limit: &str, field: &str) -> String {
    format!("b_{limit}_{field}")
}

/// An integer `N` attribute; `None` when absent, not a number, or not an integer.
pub fn int(item: &Image, name: &str) -> Option<i64> {
    match item.get(name) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

/// `_stored_count`: an item's `shard_count`; absent or below 1 reads as 1.
pub fn stored_count(item: &Image) -> i64 {
    int(item, "shard_count").unwrap_or(1).max(1)
}

/// The limits of an item, discovered by their `b_{limit}_cp` (`_extract_limit_attrs`),
/// in name order.
pub fn limits_by_capacity(item: &Image) -> Vec<&str> {
    let mut out: Vec<&str> = item
        .keys()
        .filter_map(|k| k.strip_prefix("b_")?.strip_suffix("_cp"))
        .filter(|l| !l.is_empty())
        .collect();
    out.sort_unstable();
    out
}

/// `_is_quota_limit`: a zero refill rate with a reset (a duration window `rsa`, its own
/// `rsched`, or the item's unless its own says `-`).
pub fn is_quota(limit: &str, item: &Image) -> bool {
    if int(item, &attr(limit, "ra")).unwrap_or(0) != 0 {
        return false;
    }
    if item.contains_key(&attr(limit, "rsa")) {
        return true;
    }
    match string(item, &attr(limit, "rsched")).filter(|s| !s.is_empty()) {
        Some(NONE_MARKER) => false,
        Some(_) => true,
        None => string(item, "rsched").is_some_and(|s| !s.is_empty()),
    }
}

/// A quota's reset rule: a calendar `reset_schedule`, or a session window of `rsa` seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetRule {
    pub calendar: Vec<Cron>,
    pub session_seconds: Option<i64>,
}

/// `_quota_reset_rule`, off shard 0's image; an error when the schedule will not decode
/// ([`schedule`]).
pub fn reset_rule(limit: &str, item: &Image) -> Result<ResetRule, Unsupported> {
    let tz = string(item, "sched_tz").unwrap_or("UTC");
    let own = string(item, &attr(limit, "rsched")).filter(|s| !s.is_empty());
    let calendar = match own {
        Some(NONE_MARKER) => Vec::new(),
        _ => match own.or_else(|| string(item, "rsched").filter(|s| !s.is_empty())) {
            Some(compact) => schedule::decode_reset(compact, tz)?,
            None => Vec::new(),
        },
    };
    let session_seconds = if calendar.is_empty() {
        int(item, &attr(limit, "rsa"))
    } else {
        None
    };
    Ok(ResetRule {
        calendar,
        session_seconds,
    })
}

/// `quota_period_is_current`: does a grant stamped `rf` (and window `ws`/`wa`) belong to
/// the current period at `now`?
pub fn period_is_current(
    rule: &ResetRule,
    rf: i64,
    ws: Option<i64>,
    wa: Option<i64>,
    now: i64,
) -> bool {
    if let Some(rsa) = rule.session_seconds {
        let Some(ws) = ws else { return false };
        if ws.saturating_add(rsa.saturating_mul(1000)) <= now {
            return false;
        }
        return ws <= wa.unwrap_or(rf);
    }
    prev_reset_edge(&rule.calendar, now).is_none_or(|edge| edge <= rf)
}

/// One existing shard of a quota, as the grant planner sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sibling {
    pub shard: i64,
    pub tokens: i64,
    pub grant_count: i64,
    pub current: bool,
}

/// `_quota_sibling_from_image`: `None` when the shard lacks the quota. A sibling without
/// `gc` reads as granted at its stored count, halved while it holds more than one share
/// at that count.
pub fn sibling(
    shard: i64,
    item: &Image,
    limit: &str,
    rule: &ResetRule,
    capacity: i64,
    now: i64,
) -> Option<Sibling> {
    let tokens = int(item, &attr(limit, "tk"))?;
    let grant_count = match int(item, &attr(limit, "gc")) {
        None => {
            let mut g = stored_count(item);
            while g > 1 && tokens > capacity.div_euclid(g) {
                g /= 2;
            }
            g
        }
        Some(g) if g < 1 => stored_count(item),
        Some(g) => g,
    };
    let current = period_is_current(
        rule,
        int(item, "rf").unwrap_or(0),
        int(item, &attr(limit, "ws")),
        int(item, &attr(limit, "wa")),
        now,
    );
    Some(Sibling {
        shard,
        tokens,
        grant_count,
        current,
    })
}

/// `plan_quota_grant`: the donor covering `shard` (largest `gc`, then lowest id) and the
/// tokens moved, `min(share, donor's)`; no donor means a fresh share.
pub fn plan_grant(siblings: &[Sibling], shard: i64, share: i64) -> (Option<Sibling>, i64) {
    let donor = siblings
        .iter()
        .filter(|s| {
            s.current && s.shard != shard && shard % s.grant_count == s.shard % s.grant_count
        })
        .min_by_key(|s| (-s.grant_count, s.shard))
        .copied();
    match donor {
        None => (None, share),
        Some(d) => (Some(d), share.min(d.tokens).max(0)),
    }
}

/// The donor side of a planned move, with its current-period guard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DonorDebit {
    pub shard: i64,
    pub limit: String,
    pub tokens: i64,
    pub grant_count: i64,
    pub guard_rf: Option<i64>,
    pub guard_wa: Option<i64>,
    /// For a donor without `gc`: the `shard_count` it stores.
    pub legacy_count: Option<i64>,
}

/// `_donor_debit`.
pub fn donor_debit(
    donor: Sibling,
    tokens: i64,
    limit: &str,
    donor_item: &Image,
    rule: &ResetRule,
    now: i64,
) -> DonorDebit {
    let (guard_rf, guard_wa) = if rule.session_seconds.is_some() {
        (None, int(donor_item, &attr(limit, "wa")))
    } else {
        (prev_reset_edge(&rule.calendar, now), None)
    };
    let legacy = !donor_item.contains_key(&attr(limit, "gc"));
    DonorDebit {
        shard: donor.shard,
        limit: limit.to_owned(),
        tokens,
        grant_count: donor.grant_count,
        guard_rf,
        guard_wa,
        legacy_count: legacy.then(|| stored_count(donor_item)),
    }
}

fn n(v: i64) -> Value {
    Value::N(v.to_string())
}

/// `_donor_update_items`: one `Update` per donor shard (a transaction touches an item
/// once), `ADD tk -x` while the donor exists, still holds `x`, still has the grant count
/// read, and its grant is still in the current period.
pub fn donor_updates(pk_of: impl Fn(i64) -> String, debits: &[DonorDebit]) -> Vec<UpdateRequest> {
    let mut shards: Vec<i64> = debits.iter().map(|d| d.shard).collect();
    shards.sort_unstable();
    shards.dedup();
    shards
        .into_iter()
        .map(|shard| {
            let mut names = vec![("#qsc".to_owned(), "shard_count".to_owned())];
            let mut values = Vec::new();
            let mut adds = Vec::new();
            let mut conds = vec!["attribute_exists(PK)".to_owned()];
            for (i, d) in debits.iter().filter(|d| d.shard == shard).enumerate() {
                names.push((format!("#qt{i}"), attr(&d.limit, "tk")));
                names.push((format!("#qg{i}"), attr(&d.limit, "gc")));
                values.push((format!(":qx{i}"), n(d.tokens)));
                values.push((format!(":qn{i}"), n(-d.tokens)));
                values.push((format!(":qg{i}"), n(d.grant_count)));
                adds.push(format!("#qt{i} :qn{i}"));
                conds.push(format!("#qt{i} >= :qx{i}"));
                let legacy = match d.legacy_count {
                    Some(count) => {
                        values.push((format!(":ql{i}"), n(count)));
                        format!(":ql{i}")
                    }
                    None => format!(":qg{i}"),
                };
                conds.push(format!(
                    "(#qg{i} = :qg{i} OR (attribute_not_exists(#qg{i}) AND #qsc = {legacy}))"
                ));
                if let Some(edge) = d.guard_rf {
                    if !names.iter().any(|(p, _)| p == "#qrf") {
                        names.push(("#qrf".into(), "rf".into()));
                    }
                    values.push((format!(":qe{i}"), n(edge)));
                    conds.push(format!("#qrf >= :qe{i}"));
                }
                if let Some(wa) = d.guard_wa {
                    names.push((format!("#qw{i}"), attr(&d.limit, "wa")));
                    values.push((format!(":qw{i}"), n(wa)));
                    conds.push(format!("#qw{i} = :qw{i}"));
                }
            }
            UpdateRequest {
                pk: pk_of(shard),
                sk: STATE_SK.to_owned(),
                update_expression: format!("ADD {}", adds.join(", ")),
                condition_expression: conds.join(" AND "),
                names,
                values,
            }
        })
        .collect()
}

/// `_quota_count_freeze`: raise a shard's count to `new_count` with each quota's grant
/// size frozen where it has none (`gc = if_not_exists(gc, :g)`), if the count is lower.
pub fn count_freeze(pk: String, new_count: i64, grants: &[(String, i64)]) -> UpdateRequest {
    let mut names = vec![("#qsc".to_owned(), "shard_count".to_owned())];
    let mut values = vec![(":qnew".to_owned(), n(new_count))];
    let mut sets = vec!["#qsc = :qnew".to_owned()];
    for (i, (limit, grant_count)) in grants.iter().enumerate() {
        names.push((format!("#qf{i}"), attr(limit, "gc")));
        values.push((format!(":qo{i}"), n(*grant_count)));
        sets.push(format!("#qf{i} = if_not_exists(#qf{i}, :qo{i})"));
    }
    UpdateRequest {
        pk,
        sk: STATE_SK.to_owned(),
        update_expression: format!("SET {}", sets.join(", ")),
        condition_expression: "#qsc < :qnew".to_owned(),
        names,
        values,
    }
}

/// The parameter schedule of `limit` on `item`: its own `b_{limit}_sched`, none for `-`,
/// else the item's `sched`, in the item's `sched_tz`; an error when it will not decode.
pub fn param_schedule(limit: &str, item: &Image) -> Result<Vec<ParamEntry>, Unsupported> {
    let tz = string(item, "sched_tz").unwrap_or("UTC");
    let own = string(item, &attr(limit, "sched")).filter(|s| !s.is_empty());
    if own == Some(NONE_MARKER) {
        return Ok(Vec::new());
    }
    match own.or_else(|| string(item, "sched").filter(|s| !s.is_empty())) {
        Some(compact) => schedule::decode(compact, tz),
        None => Ok(Vec::new()),
    }
}

/// The capacity `sched` puts in force at `now` (`effective_params`' first value), kept
/// within `i64` (a scale can only reach past it on a corrupt item).
pub fn scheduled_capacity(cp: i64, rp: i64, sched: &[ParamEntry], now: i64) -> i64 {
    let (capacity, _, _) = effective_params(cp.into(), 0, rp.into(), sched, now);
    i64::try_from(capacity).unwrap_or(i64::MAX)
}

/// `_legacy_quota_sizes`: `(limit, grant count)` of every quota on `item` without `gc`
/// that shard 0's image does not carry (`skip`), sized against the capacity its schedule
/// puts in force at `now` (the base when the schedule will not decode, as the reference
/// does: the freeze is then the one the reader would infer without it).
pub fn legacy_sizes(shard: i64, item: &Image, skip: &[&str], now: i64) -> Vec<(String, i64)> {
    let no_rule = ResetRule {
        calendar: Vec::new(),
        session_seconds: None,
    };
    limits_by_capacity(item)
        .into_iter()
        .filter(|l| *l != WCU_LIMIT && !skip.contains(l))
        .filter(|l| !item.contains_key(&attr(l, "gc")) && is_quota(l, item))
        .filter_map(|l| {
            let sched = param_schedule(l, item).unwrap_or_default();
            let base = int(item, &attr(l, "cp")).unwrap_or(0);
            let rp = int(item, &attr(l, "rp")).unwrap_or(0);
            let capacity = scheduled_capacity(base, rp, &sched, now);
            sibling(shard, item, l, &no_rule, capacity, now).map(|s| (l.to_owned(), s.grant_count))
        })
        .collect()
}

/// A `ConditionCheck` of one transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub pk: String,
    pub sk: String,
    pub condition: String,
    pub names: Vec<(String, String)>,
    pub values: Vec<(String, Value)>,
}

/// `_clone_owner_check`: the clone copies shard 0's owner stamp (`pgen`, `pinc`), so
/// its transaction asserts the owner's META still carries it (`owner_meta_condition`).
pub fn owner_check(namespace: &str, entity: &str, image: &Image) -> Check {
    let pgen = int(image, "pgen");
    let pinc = match image.get("pinc") {
        Some(AttributeValue::S(s)) => Some(s.clone()),
        Some(AttributeValue::N(s)) => Some(s.clone()),
        _ => None,
    };
    let mut parts = Vec::new();
    let mut names = Vec::new();
    let mut values = Vec::new();
    if pgen.is_some() || pinc.is_some() {
        parts.push("attribute_exists(PK)".to_owned());
    }
    names.push(("#opg".to_owned(), "pgen".to_owned()));
    match pgen {
        None => parts.push("attribute_not_exists(#opg)".to_owned()),
        Some(g) => {
            values.push((":opg".to_owned(), n(g)));
            parts.push(if g == 0 {
                "(attribute_not_exists(#opg) OR #opg = :opg)".to_owned()
            } else {
                "#opg = :opg".to_owned()
            });
        }
    }
    names.push(("#opi".to_owned(), "pinc".to_owned()));
    match pinc {
        None => parts.push("attribute_not_exists(#opi)".to_owned()),
        Some(inc) => {
            names.push(("#oca".to_owned(), "created_at".to_owned()));
            let mut created = "#oca = :opi".to_owned();
            if inc == "-" {
                created = format!("({created} OR attribute_not_exists(#oca))");
            }
            values.push((":opi".to_owned(), Value::S(inc)));
            parts.push(format!(
                "(#opi = :opi OR (attribute_not_exists(#opi) AND {created}))"
            ));
        }
    }
    Check {
        pk: format!("{namespace}/ENTITY#{entity}"),
        sk: "#META".to_owned(),
        condition: parts.join(" AND "),
        names,
        values,
    }
}

#[cfg(test)]
#[path = "quota_tests.rs"]
mod tests;
