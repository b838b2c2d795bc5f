//! Which billing mode to run: seed 002's rule, "switch when monthly on-demand costs exceed
//! provisioned + 20% buffer", and the volumes where the two modes cross.

use serde::Serialize;

/// Seed 002's buffer: provisioned must be cheaper by more than this share to be worth it.
pub const SWITCH_BUFFER_PCT: u32 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    OnDemand,
    Provisioned,
}

impl Mode {
    /// The value of `--billing-mode` that selects this mode.
    pub fn flag_value(self) -> &'static str {
        match self {
            Mode::OnDemand => "on-demand",
            Mode::Provisioned => "provisioned",
        }
    }
}

/// Seed 002's rule at one volume.
pub fn advise(on_demand: f64, provisioned: f64) -> Mode {
    if on_demand > provisioned * (1.0 + f64::from(SWITCH_BUFFER_PCT) / 100.0) {
        Mode::Provisioned
    } else {
        Mode::OnDemand
    }
}

/// The smallest requests-per-day volume in `1..=max` where `on_demand - factor × provisioned`
/// turns positive, by bisection; `None` when it never does there. `totals` gives both
/// monthly totals at a volume. The difference grows with volume (on-demand pays about 2.4
/// times more per unit of capacity than provisioned at 70%), so the crossing is unique.
pub fn crossing(totals: impl Fn(f64) -> (f64, f64), factor: f64, max: f64) -> Option<f64> {
    let gap = |volume: f64| {
        let (on_demand, provisioned) = totals(volume);
        on_demand - factor * provisioned
    };
    let (mut low, mut high) = (1.0_f64, max);
    if gap(low) > 0.0 {
        return Some(low);
    }
    if gap(high) <= 0.0 {
        return None;
    }
    // Geometric bisection: volumes span ten orders of magnitude.
    for _ in 0..200 {
        let mid = (low * high).sqrt();
        if gap(mid) > 0.0 {
            high = mid;
        } else {
            low = mid;
        }
        if high / low < 1.000_001 {
            break;
        }
    }
    Some(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisioned_is_advised_only_past_the_twenty_percent_buffer() {
        assert_eq!(advise(119.0, 100.0), Mode::OnDemand);
        assert_eq!(advise(120.0, 100.0), Mode::OnDemand);
        assert_eq!(advise(121.0, 100.0), Mode::Provisioned);
    }

    #[test]
    fn finds_where_a_steeper_line_crosses_a_floor() {
        // On-demand: 1 per 1,000; provisioned: a floor of 10, then 1 per 2,000.
        let totals = |v: f64| (v / 1000.0, (v / 2000.0).max(10.0));
        let even = crossing(totals, 1.0, 1e10).unwrap();
        assert!((even - 10_000.0).abs() < 1.0, "{even}");
        let switch = crossing(totals, 1.2, 1e10).unwrap();
        assert!((switch - 12_000.0).abs() < 1.0, "{switch}");
        assert_eq!(crossing(|_| (1.0, 2.0), 1.0, 1e10), None);
    }
}
