//! Provisioned capacity as Application Auto Scaling would hold it: the average consumption
//! divided by the target utilisation, within the scalable target's minimum and maximum.

use serde::Serialize;

/// A target-tracking policy's settings for one capacity dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Scaling {
    /// Target utilisation in percent (seed 002: 70).
    pub target_pct: u32,
    pub min_capacity: u32,
    pub max_capacity: u32,
}

impl Default for Scaling {
    /// Seed 002's 70% target, from DynamoDB's smallest capacity to its default table quota.
    fn default() -> Self {
        Scaling {
            target_pct: 70,
            min_capacity: 1,
            max_capacity: 40_000,
        }
    }
}

/// The capacity units auto scaling holds for an average of `units_per_second`, and whether
/// the maximum caps it below what the load needs (requests would be throttled).
pub fn provisioned_units(units_per_second: f64, scaling: Scaling) -> (u32, bool) {
    let wanted = (units_per_second * 100.0 / f64::from(scaling.target_pct)).ceil();
    let capped = wanted > f64::from(scaling.max_capacity);
    let units = wanted.clamp(
        f64::from(scaling.min_capacity),
        f64::from(scaling.max_capacity),
    );
    (units as u32, capped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_the_load_over_the_target_within_min_and_max() {
        let scaling = Scaling::default();
        // 23.15 writes/s at 70% needs 33.07, so 34 units.
        assert_eq!(
            provisioned_units(2_000_000.0 / 86_400.0, scaling),
            (34, false)
        );
        assert_eq!(provisioned_units(0.0, scaling), (1, false));
        let small = Scaling {
            max_capacity: 10,
            ..scaling
        };
        assert_eq!(provisioned_units(100.0, small), (10, true));
    }
}
