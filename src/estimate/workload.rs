//! What the applications do: the inputs of seed 002's capacity formulas.

/// Hours in the month the estimate bills: seed 002 and seed 000 count 30-day months.
pub const HOURS_PER_MONTH: f64 = 720.0;

/// The applications' traffic against the limiter.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// `acquire()` calls per hour (on average over the month).
    pub requests_per_hour: f64,
    /// Limits checked per request (seed 002's examples: 2, rpm and tpm).
    pub limits_per_request: u32,
    /// Share of requests whose entity cascades to its parent, in percent (0-100).
    pub cascade_pct: u32,
    /// Share of requests that resolve stored limits (config cache misses), in percent (0-100).
    pub stored_limits_pct: u32,
}

impl Workload {
    /// `requests_per_day` requests a day, spread evenly over its hours.
    pub fn per_day(requests_per_day: f64) -> Self {
        Workload {
            requests_per_hour: requests_per_day / 24.0,
            ..Workload::default()
        }
    }

    pub fn requests_per_month(&self) -> f64 {
        self.requests_per_hour * HOURS_PER_MONTH
    }

    pub fn requests_per_second(&self) -> f64 {
        self.requests_per_hour / 3600.0
    }

    /// The same workload at another volume (the cost chart's x axis).
    pub fn at_requests_per_hour(&self, requests_per_hour: f64) -> Self {
        Workload {
            requests_per_hour,
            ..self.clone()
        }
    }
}

impl Default for Workload {
    /// Seed 002's Scenario 1 mix: two limits, no cascade, no stored limits.
    fn default() -> Self {
        Workload {
            requests_per_hour: 0.0,
            limits_per_request: 2,
            cascade_pct: 0,
            stored_limits_pct: 0,
        }
    }
}
