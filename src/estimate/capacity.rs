//! Seed 002's capacity formulas, per hour:
//!
//! ```text
//! RCUs = requests/hour × limits/request × (1 + cascade_pct × 2 + stored_limits_pct × 2)
//! WCUs = requests/hour × limits/request × (1 + cascade_pct)
//! aggregator WCUs = requests/hour × limits/request × windows
//! ```
//!
//! Shares are whole percentages, so the factors are exact integers over 100 and the seed's
//! worked examples come out exactly, not within floating-point noise.

use super::workload::Workload;

/// Capacity units consumed in one hour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HourlyCapacity {
    /// Reads of `acquire()`: bucket reads, cascade parents, stored-limit lookups.
    pub rcu: f64,
    /// Writes of `acquire()`: the bucket updates (and the parents' when cascading).
    pub wcu: f64,
    /// The aggregator's snapshot writes: one per limit and window (seed 002's upper bound).
    pub aggregator_wcu: f64,
}

impl HourlyCapacity {
    /// `windows` is the number of snapshot windows the aggregator keeps; 0 without it.
    pub fn of(workload: &Workload, windows: u32) -> Self {
        let limit_checks = workload.requests_per_hour * f64::from(workload.limits_per_request);
        let read_factor = 100 + 2 * workload.cascade_pct + 2 * workload.stored_limits_pct;
        let write_factor = 100 + workload.cascade_pct;
        HourlyCapacity {
            rcu: limit_checks * f64::from(read_factor) / 100.0,
            wcu: limit_checks * f64::from(write_factor) / 100.0,
            aggregator_wcu: limit_checks * f64::from(windows),
        }
    }

    /// Every write the table takes in the hour.
    pub fn total_wcu(&self) -> f64 {
        self.wcu + self.aggregator_wcu
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed 002, Scenario 1: simple API rate limiting.
    #[test]
    fn scenario_1_simple_api_rate_limiting() {
        let workload = Workload {
            requests_per_hour: 10_000.0,
            limits_per_request: 2,
            cascade_pct: 0,
            stored_limits_pct: 0,
        };
        let capacity = HourlyCapacity::of(&workload, 0);
        assert_eq!(capacity.rcu, 20_000.0);
        assert_eq!(capacity.wcu, 20_000.0);
    }

    /// Seed 002, Scenario 2: hierarchical LLM limiting.
    #[test]
    fn scenario_2_hierarchical_llm_limiting() {
        let workload = Workload {
            requests_per_hour: 10_000.0,
            limits_per_request: 2,
            cascade_pct: 50,
            stored_limits_pct: 20,
        };
        let capacity = HourlyCapacity::of(&workload, 0);
        assert_eq!(capacity.rcu, 48_000.0);
        assert_eq!(capacity.wcu, 30_000.0);
    }

    /// "With the Lambda aggregator enabled (2 windows: hourly, daily): Additional WCUs =
    /// requests/hour × limits/request × 2".
    #[test]
    fn the_aggregator_adds_one_write_per_limit_and_window() {
        let workload = Workload {
            requests_per_hour: 10_000.0,
            ..Workload::default()
        };
        assert_eq!(HourlyCapacity::of(&workload, 2).aggregator_wcu, 40_000.0);
        assert_eq!(HourlyCapacity::of(&workload, 3).aggregator_wcu, 60_000.0);
        assert_eq!(HourlyCapacity::of(&workload, 0).aggregator_wcu, 0.0);
        assert_eq!(HourlyCapacity::of(&workload, 2).total_wcu(), 60_000.0);
    }
}
