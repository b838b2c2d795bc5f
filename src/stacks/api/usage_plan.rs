//! Usage plans: per-key throttling and a daily quota, written `NAME=RATE/BURST/QUOTA_PER_DAY`
//! (`--usage-plan Gold=500/1000/1000000`, or the profile key `usage_plans`). Without any,
//! the stack has seed 003's two plans, Standard and Premium.

use crate::stacks::values::in_range;
use crate::stacks::ValueError;

/// One usage plan and its API key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanSpec {
    /// `Standard`, `Gold`: in logical IDs (`{name}UsagePlan`), outputs (`{name}ApiKeyId`)
    /// and, lower-cased, physical names.
    pub name: String,
    /// Requests per second for each key of the plan.
    pub rate_limit: u32,
    pub burst_limit: u32,
    pub daily_quota: u32,
    /// Who the plan is for, in its description (the seed's plans say).
    pub use_case: Option<String>,
}

/// Seed 003's two tiers.
pub fn seed_plans() -> Vec<PlanSpec> {
    let plan = |name: &str, rate_limit, burst_limit, daily_quota, use_case: &str| PlanSpec {
        name: name.into(),
        rate_limit,
        burst_limit,
        daily_quota,
        use_case: Some(use_case.into()),
    };
    vec![
        plan(
            "Standard",
            50,
            100,
            10_000,
            "development, testing, low-volume applications",
        ),
        plan(
            "Premium",
            100,
            200,
            50_000,
            "production applications, high-volume consumers",
        ),
    ]
}

/// The longest plan name: with `UsagePlanKey` the logical ID stays short, and the physical
/// name `ZAEL-{name}-api-{plan}` stays readable.
pub const MAX_PLAN_NAME: usize = 32;

/// At most this many plans: each adds three resources and an output, and 100 keep the
/// template far inside CloudFormation's 500 resources (API Gateway allows 300 plans per
/// account and region).
pub const MAX_PLANS: usize = 100;

const SHAPE: &str = "expected NAME=RATE/BURST/QUOTA_PER_DAY, e.g. Gold=500/1000/1000000";

/// What is wrong with a usage plan, or with a list of them.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("{text:?} has no '='; {SHAPE}")]
    NoEquals { text: String },
    #[error("plan name {name:?}: use 1-{MAX_PLAN_NAME} letters and digits, starting with a letter (it becomes part of logical IDs); {SHAPE}")]
    BadName { name: String },
    #[error("plan {plan}: {limits:?} is not three numbers; {SHAPE}")]
    NotThreeNumbers { plan: String, limits: String },
    /// One of the three numbers: `what` it counts, as given, and why it is refused.
    #[error("plan {plan}: {what} {text:?}: {error}")]
    Limit {
        plan: String,
        what: &'static str,
        text: String,
        error: Box<ValueError>,
    },
    #[error("{count} usage plans given; at most {MAX_PLANS}")]
    TooMany { count: usize },
    #[error("plan {plan} is given twice (names are compared ignoring case); give each plan once")]
    GivenTwice { plan: String },
}

/// `Gold=500/1000/1000000`: a name of letters and digits starting with a letter, requests
/// per second (1-10000, API Gateway's account default), burst (1-5000) and requests a day
/// (at least 1).
pub fn usage_plan(value: &str) -> Result<PlanSpec, PlanError> {
    let (name, limits) = value.split_once('=').ok_or_else(|| PlanError::NoEquals {
        text: value.to_string(),
    })?;
    let name = name.trim();
    let valid_name = name.len() <= MAX_PLAN_NAME
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid_name {
        return Err(PlanError::BadName { name: name.into() });
    }
    let parts: Vec<&str> = limits.split('/').collect();
    let [rate, burst, quota] = parts[..] else {
        return Err(PlanError::NotThreeNumbers {
            plan: name.into(),
            limits: limits.into(),
        });
    };
    let number = |text: &str, what: &'static str, min: u32, max: u32| {
        in_range(text, min, max, what).map_err(|error| PlanError::Limit {
            plan: name.into(),
            what,
            text: text.into(),
            error: Box::new(error),
        })
    };
    Ok(PlanSpec {
        name: name.to_string(),
        rate_limit: number(rate, "requests per second", 1, 10_000)?,
        burst_limit: number(burst, "burst requests", 1, 5_000)?,
        daily_quota: number(quota, "requests per day", 1, u32::MAX)?,
        use_case: None,
    })
}

/// A comma-separated list of plans (a profile's YAML list reads this way), each name once.
pub fn usage_plans(value: &str) -> Result<Vec<PlanSpec>, PlanError> {
    let plans = value
        .split(',')
        .map(|plan| usage_plan(plan.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    check_plans(&plans)?;
    Ok(plans)
}

/// Names are unique (ignoring case: physical names are lower-cased), and at most
/// [`MAX_PLANS`].
pub fn check_plans(plans: &[PlanSpec]) -> Result<(), PlanError> {
    if plans.len() > MAX_PLANS {
        return Err(PlanError::TooMany { count: plans.len() });
    }
    for (index, plan) in plans.iter().enumerate() {
        if plans[..index]
            .iter()
            .any(|other| other.name.eq_ignore_ascii_case(&plan.name))
        {
            return Err(PlanError::GivenTwice {
                plan: plan.name.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_reads_name_rate_burst_and_quota() {
        assert_eq!(
            usage_plan("Gold=500/1000/1000000"),
            Ok(PlanSpec {
                name: "Gold".into(),
                rate_limit: 500,
                burst_limit: 1000,
                daily_quota: 1_000_000,
                use_case: None,
            })
        );
        for (text, said) in [
            ("Gold", "no '='"),
            ("Gold=1/2", "not three numbers"),
            ("gold-tier=1/2/3", "letters and digits"),
            (
                "Gold=0/2/3",
                "requests per second \"0\": must be from 1 to 10000",
            ),
            ("Gold=1/9000/3", "burst"),
        ] {
            let error = usage_plan(text).unwrap_err().to_string();
            assert!(error.contains(said), "{text}: {error}");
        }
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        assert!(usage_plans("Gold=1/1/1,Silver=1/1/1").is_ok());
        assert!(usage_plans("Gold=1/1/1,gold=2/2/2")
            .unwrap_err()
            .to_string()
            .contains("given twice"));
    }
}
