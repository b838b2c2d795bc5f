//! Aggregator-assisted refill (pure): one conditional `UpdateItem` per bucket shard of a
//! batch that needs one, with the update and condition expressions of the reference
//! aggregator's `try_refill_bucket` (zae-limiter 0.17.0, `processor.py`), term for term.
//!
//! Per limit, from the shard's state ([`crate::refill_state`]) and the clock:
//!
//! * **window roll** (a duration window `ws` newer than the one applied, `wa` or else
//!   `rf`): the balance is set to the shard's share less what it spent since the
//!   window's fan-out (`tc - wtc`), as `ADD tk (target - tk)`, pinned on that `ws`;
//! * **reset edge** (a reset schedule edge after `rf`): `ADD tk (share - tk)`;
//! * **drip and clamp** (a limit that accrues): the library's integer refill from `rf` to
//!   now toward the ceiling; a raise only when the projection would not cover the
//!   batch's consumption, a trim (the bucket above its ceiling after a shrink or a
//!   doubling) always;
//! * a quota that neither rolls nor resets is left as it is (and, if above its ceiling,
//!   keeps `vu` shut);
//! * **`wcu` credit**: the write budget's drip is added when the write happens anyway,
//!   since the write moves `rf` and would otherwise forfeit it.
//!
//! The write `SET`s `rf` to `max(now, rf, every window start)`, marks each window applied
//! (`wa`), stamps `gc` on each quota it re-grants and removes its `tu`, and re-stamps an
//! expired `vu` with the item's next boundary (reset edge or window end). Its condition is
//! the reference's: `rf` and `vu` as read, each rolled window's `ws` as read, each raised
//! balance not above the image (`tk <= read`: a refund since then would stack), the shard
//! count not above the one a re-grant was sized at, and for a `vu` re-stamp no `sched`
//! and every unclamped quota within its ceiling. A weaker condition over-admits; this
//! one fails instead, and a failed condition is a lost race, not an error.
//!
//! A parameter schedule ([`crate::schedule`]) scales or overrides a limit's capacity,
//! refill amount and period at `now` before the shard split (scale first, then divide),
//! exactly as the reference does; `wcu` is never scheduled. A `vu` re-stamp is pinned on
//! the item's `sched` as read, since a fan-out that rewrites it re-opens the fast path.
//!
//! Where zael differs: limits are visited in name order, so positional placeholders may
//! number differently from the reference's (which follows the image's attribute order);
//! the expressions are the same up to that renaming. Buckets with a stored schedule that
//! will not decode are not refilled (see [`crate::refill_state`]).

use crate::expr::{UpdateRequest, Value};
use crate::record::{STATE_SK, WCU_LIMIT};
use crate::refill_state::{BucketState, LimitState};
use crate::schedule::{self, clock_in_range, effective_params, prev_reset_edge, Cron, Unsupported};

/// One planned refill write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefillWrite {
    /// The batch position of the shard's last record.
    pub index: u32,
    pub request: UpdateRequest,
    /// Limits given a reset or drip delta, and limits whose window is rolled.
    pub refilled: Vec<String>,
    pub rolled: Vec<String>,
}

/// Why a shard gets no write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoWrite {
    /// Every limit is where it should be (or its raise is not needed yet).
    Sufficient,
    /// A duration window ended before this shard applied it: the client opens the next.
    WindowEnded(String),
    /// Schedules zael does not evaluate, or a corrupt shard count.
    Unsupported(LeftToLibrary),
}

/// Why zael leaves a bucket's refill or its shard clones to the library's own path.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum LeftToLibrary {
    /// Boxed: the decoder's account is large, and this rides in every refill's result.
    #[error(transparent)]
    Schedule(Box<Unsupported>),
    #[error("shard_count {0} is below 1")]
    ShardCount(i128),
    #[error("clock {0} ms is outside the schedule searches' range")]
    ClockOutOfRange(i64),
}

impl From<Unsupported> for LeftToLibrary {
    fn from(unsupported: Unsupported) -> Self {
        LeftToLibrary::Schedule(Box::new(unsupported))
    }
}

fn n(v: i128) -> Value {
    Value::N(v.to_string())
}

fn attr(limit: &str, field: &str) -> String {
    format!("b_{limit}_{field}")
}

/// `zae_limiter.bucket.refill_bucket`, tokens only (integers, never above `capacity`;
/// debt is kept).
pub fn refill_tokens(tk: i128, elapsed: i128, capacity: i128, amount: i128, period: i128) -> i128 {
    if elapsed <= 0 || period == 0 {
        return tk.min(capacity);
    }
    // Saturating: a corrupt item's extreme numbers must not overflow (only clamp).
    tk.saturating_add(elapsed.saturating_mul(amount).div_euclid(period))
        .min(capacity)
}

/// `_window_in_force`: `(ws, rsa)` of a limit whose duration window is in force.
fn window(name: &str, info: &LimitState) -> Option<(Option<i128>, i128)> {
    (name != WCU_LIMIT && info.reset.is_empty())
        .then_some(info.rsa?)
        .map(|rsa| (info.ws, rsa))
}

/// `_item_next_boundary`: the earliest instant after `now` where anything on the item
/// changes (a parameter schedule's next change, a reset edge, a window's end); `None`
/// when nothing on it is scheduled.
fn next_boundary(state: &BucketState<'_>, now: i128) -> Option<i128> {
    // Every (parameter, reset) pair on the item votes: the item's own and each limit's
    // (`wcu` included, as in the reference). Equal pairs are searched once.
    let mut pairs: Vec<(&[schedule::ParamEntry], &[Cron])> = vec![(&state.sched, &state.reset)];
    for info in state.limits.values() {
        let pair = (info.sched.as_slice(), info.reset.as_slice());
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    let now64 = i64::try_from(now).ok()?;
    let cron = pairs
        .into_iter()
        .filter_map(|(sched, reset)| schedule::next_boundary(sched, reset, now64))
        .map(i128::from);
    let windows = state
        .limits
        .iter()
        .filter_map(|(name, info)| window(name, info))
        .map(|(ws, rsa)| ws.map_or(now, |ws| ws + rsa * 1000));
    cron.chain(windows).min()
}

/// The placeholder stems of a refill's (or a reset's) token addition.
const REFILL: [&str; 3] = ["rt", "rd", "rk"];

/// Accumulates the expression parts in the reference's order.
#[derive(Default)]
struct Parts {
    add: Vec<String>,
    set: Vec<String>,
    remove: Vec<String>,
    condition: String,
    names: Vec<(String, String)>,
    values: Vec<(String, Value)>,
    /// (alias, placeholder, tk as read) of every raise, pinned `tk <= read`.
    raised: Vec<(String, String, i128)>,
}

impl Parts {
    fn name(&mut self, placeholder: String, name: String) {
        self.names.push((placeholder, name));
    }
    fn value(&mut self, placeholder: String, value: Value) {
        self.values.push((placeholder, value));
    }
    /// `tk += delta` on limit `name`, the `i`th such addition under the placeholders
    /// `#{alias}{i}` and `:{delta}{i}`; a raise is pinned to the `read_tk` it was computed
    /// from (`:{pin}{i}`).
    fn add_tokens(
        &mut self,
        [alias, delta_stem, pin]: [&str; 3],
        i: usize,
        name: &str,
        delta: i128,
        read_tk: i128,
    ) {
        let alias = format!("#{alias}{i}");
        self.add.push(format!("{alias} :{delta_stem}{i}"));
        self.name(alias.clone(), attr(name, "tk"));
        self.value(format!(":{delta_stem}{i}"), n(delta));
        if delta > 0 {
            self.raised.push((alias, format!(":{pin}{i}"), read_tk));
        }
    }
}

/// `try_refill_bucket` for one shard at `now` (epoch ms).
pub fn plan_refill(state: &BucketState<'_>, now: i64) -> Result<RefillWrite, NoWrite> {
    if let Some(why) = &state.unsupported {
        return Err(NoWrite::Unsupported(why.clone().into()));
    }
    if state.shard_count < 1 {
        return Err(NoWrite::Unsupported(LeftToLibrary::ShardCount(
            state.shard_count,
        )));
    }
    let scheduled = !state.sched.is_empty()
        || !state.reset.is_empty()
        || state
            .limits
            .values()
            .any(|l| !l.sched.is_empty() || !l.reset.is_empty());
    if scheduled && !clock_in_range(now) {
        return Err(NoWrite::Unsupported(LeftToLibrary::ClockOutOfRange(now)));
    }
    let now64 = now;
    let now = i128::from(now);
    let (rf, count) = (state.rf, state.shard_count);
    let windows: Vec<(&str, Option<i128>, i128)> = state
        .limits
        .iter()
        .filter_map(|(name, info)| window(name, info).map(|(ws, rsa)| (*name, ws, rsa)))
        .collect();
    for &(name, ws, rsa) in &windows {
        let applied = state.limits[name].wa.unwrap_or(rf);
        if ws.is_some_and(|ws| ws > applied && ws + rsa * 1000 <= now) {
            return Err(NoWrite::WindowEnded(name.to_owned()));
        }
    }

    let mut p = Parts::default();
    let mut any = false;
    let (mut rolled, mut refilled, mut granted) = (Vec::new(), Vec::new(), Vec::new());
    let mut unclamped: Vec<(&str, i128)> = Vec::new();
    let mut over_ceiling = false;
    let mut deferred_wcu: Option<(i128, i128)> = None;

    for (&name, info) in &state.limits {
        let (effective_cp, ceiling_cp, effective_ra, effective_rp, reset): (
            i128,
            i128,
            i128,
            i128,
            &[Cron],
        ) = if name == WCU_LIMIT {
            // The per-partition write budget: never divided, never scheduled, never reset.
            (info.cp, info.cp, info.ra, info.rp, &[])
        } else {
            // Scale first, then divide: the schedule applies to the whole limit.
            let (scaled_cp, scaled_ra, effective_rp) =
                effective_params(info.cp, info.ra, info.rp, &info.sched, now64);
            let is_quota = !info.reset.is_empty() || info.rsa.is_some();
            let grant_count = match info.gc {
                Some(gc) if is_quota && gc >= 1 => gc,
                _ => count,
            };
            let mut ceiling = scaled_cp.div_euclid(grant_count);
            if is_quota {
                ceiling += info.tu.unwrap_or(0);
            }
            (
                scaled_cp.div_euclid(count),
                ceiling,
                scaled_ra.div_euclid(count),
                effective_rp,
                &info.reset,
            )
        };

        if let Some(&(_, Some(ws), _)) = windows.iter().find(|w| w.0 == name) {
            if ws > info.wa.unwrap_or(rf) {
                let mut target = effective_cp;
                if let Some(wtc) = info.wtc {
                    target -= (info.tc - wtc).max(0);
                }
                let delta = target - info.tk;
                granted.push(name);
                if delta != 0 {
                    any = true;
                    let i = rolled.len();
                    p.add_tokens(["wtk", "wd", "wk"], i, name, delta, info.tk);
                    p.name(format!("#wws{i}"), attr(name, "ws"));
                    p.value(format!(":ews{i}"), n(ws));
                    rolled.push(name.to_owned());
                }
                continue;
            }
        }

        if !reset.is_empty() {
            let edge = prev_reset_edge(reset, now64);
            if edge.is_some_and(|e| i128::from(e) > rf) {
                let delta = effective_cp - info.tk;
                granted.push(name);
                if delta != 0 {
                    any = true;
                    p.add_tokens(REFILL, refilled.len(), name, delta, info.tk);
                    refilled.push(name.to_owned());
                }
                continue;
            }
        }

        if info.rp <= 0 || info.ra <= 0 {
            // A quota (or a corrupt item): nothing drips.
            unclamped.push((name, ceiling_cp));
            over_ceiling |= info.tk > ceiling_cp;
            continue;
        }
        let new_tk = refill_tokens(info.tk, now - rf, ceiling_cp, effective_ra, effective_rp);
        let delta = new_tk - info.tk;
        if delta == 0 {
            continue;
        }
        if delta > 0 && new_tk >= info.tc_delta.max(0) {
            // The projection covers the batch's consumption: no raise needed yet.
            if name == WCU_LIMIT {
                deferred_wcu = Some((delta, info.tk));
            }
            continue;
        }
        any = true;
        p.add_tokens(REFILL, refilled.len(), name, delta, info.tk);
        refilled.push(name.to_owned());
    }

    if !any {
        return Err(NoWrite::Sufficient);
    }
    if let Some((delta, read_tk)) = deferred_wcu {
        // Deferred only when positive: a raise, pinned as the others.
        p.add_tokens(REFILL, refilled.len(), WCU_LIMIT, delta, read_tk);
        refilled.push(WCU_LIMIT.to_owned());
    }

    let new_rf = windows
        .iter()
        .filter_map(|w| w.1)
        .fold(now.max(rf), i128::max);
    p.set.push("rf = :new_rf".to_owned());
    p.value(":new_rf".into(), n(new_rf));
    p.value(":expected_rf".into(), n(rf));
    p.condition = "rf = :expected_rf".to_owned();

    let marked = windows
        .iter()
        .filter_map(|&(name, ws, _)| ws.map(|ws| (name, ws)))
        .filter(|&(name, ws)| state.limits[name].wa != Some(ws));
    for (i, (name, ws)) in marked.enumerate() {
        p.set.push(format!("#wa{i} = :wa{i}"));
        p.name(format!("#wa{i}"), attr(name, "wa"));
        p.value(format!(":wa{i}"), n(ws));
    }

    p.name("#vu".into(), "vu".into());
    match state.vu {
        None => p.condition.push_str(" AND attribute_not_exists(#vu)"),
        Some(vu) => {
            p.condition.push_str(" AND #vu = :expected_vu");
            p.value(":expected_vu".into(), n(vu));
        }
    }
    for i in 0..rolled.len() {
        p.condition.push_str(&format!(" AND #wws{i} = :ews{i}"));
    }
    for (alias, token, read_tk) in std::mem::take(&mut p.raised) {
        p.condition.push_str(&format!(" AND {alias} <= {token}"));
        p.value(token, n(read_tk));
    }
    for (i, name) in granted.iter().enumerate() {
        p.set.push(format!("#gq{i} = :gq{i}"));
        p.name(format!("#gq{i}"), attr(name, "gc"));
        p.value(format!(":gq{i}"), n(count));
    }
    if !granted.is_empty() {
        p.name("#gqsc".into(), "shard_count".into());
        p.value(":gqpin".into(), n(count));
        p.condition
            .push_str(" AND (attribute_not_exists(#gqsc) OR #gqsc <= :gqpin)");
    }
    let topped_up = granted
        .iter()
        .filter(|name| state.limits[**name].tu.is_some());
    for (i, name) in topped_up.enumerate() {
        p.name(format!("#tq{i}"), attr(name, "tu"));
        p.remove.push(format!("#tq{i}"));
    }

    // An expired `vu`: this pass is the materialisation the fast path waits on.
    if state.vu.is_some_and(|vu| vu <= now) && !over_ceiling {
        if let Some(boundary) = next_boundary(state, now).filter(|&b| b > now) {
            p.set.push("#vu = :new_vu".to_owned());
            p.value(":new_vu".into(), n(boundary));
            // A fan-out rewriting `sched` since the image must not be stamped over.
            p.name("#sched".into(), "sched".into());
            match state.sched_compact {
                None => p.condition.push_str(" AND attribute_not_exists(#sched)"),
                Some(compact) => {
                    p.condition.push_str(" AND #sched = :expected_sched");
                    p.value(":expected_sched".into(), Value::S(compact.to_owned()));
                }
            }
            for (i, (name, ceiling)) in unclamped.iter().enumerate() {
                p.name(format!("#vq{i}"), attr(name, "tk"));
                p.value(format!(":vq{i}"), n(*ceiling));
                p.condition.push_str(&format!(" AND #vq{i} <= :vq{i}"));
            }
        }
    }

    let mut update_expression = format!("SET {} ADD {}", p.set.join(", "), p.add.join(", "));
    if !p.remove.is_empty() {
        update_expression.push_str(&format!(" REMOVE {}", p.remove.join(", ")));
    }
    Ok(RefillWrite {
        index: state.index,
        request: UpdateRequest {
            pk: state.bucket.pk(),
            sk: STATE_SK.to_owned(),
            update_expression,
            condition_expression: p.condition,
            names: p.names,
            values: p.values,
        },
        refilled,
        rolled,
    })
}

#[cfg(test)]
#[path = "refill_tests.rs"]
mod tests;
