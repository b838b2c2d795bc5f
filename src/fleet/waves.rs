//! The rollout's waves, as StackSets will run them: the canary first (its own operation, no
//! failure tolerated), then the regions in order (or all at once), each region's accounts a
//! chunk of the effective concurrency at a time. An organisational unit counts as one here:
//! its accounts are only known to AWS Organizations.

use serde::Serialize;

use super::file::{Canary, ConcurrencyMode, RegionConcurrency};
use super::resolve::{Fleet, Place, Rollout, Target};

/// One wave: targets of one stack set deployed at the same time.
#[derive(Clone, Debug, Serialize)]
pub struct Wave {
    pub number: usize,
    pub stack_set: String,
    pub canary: bool,
    /// Indices into the stack set's targets.
    #[serde(skip)]
    pub targets: Vec<usize>,
}

/// How many accounts run at once in a region of `places` accounts, and how many may fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Pace {
    pub concurrency: usize,
    pub tolerance: usize,
}

/// StackSets' rule: a percentage rounds down (concurrency at least 1); in strict mode the
/// concurrency is never above the tolerance plus one.
pub fn pace(rollout: &Rollout, places: usize) -> Pace {
    let tolerance = rollout.failure_tolerance.of(places);
    let mut concurrency = rollout.max_concurrent.of(places).max(1);
    if rollout.concurrency_mode == ConcurrencyMode::Strict {
        concurrency = concurrency.min(tolerance + 1);
    }
    Pace {
        concurrency,
        tolerance,
    }
}

/// Whether `target` is the canary.
pub fn is_canary(canary: Option<&Canary>, target: &Target) -> bool {
    match canary {
        None => false,
        Some(Canary::Region(r)) => target.region == *r,
        Some(Canary::Account(a)) => target.place == Place::Account(a.clone()),
        Some(Canary::OrganizationalUnit(u)) => target.place == Place::Unit(u.clone()),
    }
}

/// The waves of every stack set in turn; `moving[s][t]` says whether target `t` of stack set
/// `s` is created or updated (only those take part). Also each target's wave number.
pub fn plan(fleet: &Fleet, moving: &[Vec<bool>]) -> (Vec<Wave>, Vec<Vec<Option<usize>>>) {
    let rollout = &fleet.rollout;
    let mut waves: Vec<Wave> = Vec::new();
    let mut wave_of: Vec<Vec<Option<usize>>> = Vec::new();
    for (s, set) in fleet.stack_sets.iter().enumerate() {
        let mut numbers = vec![None; set.targets.len()];
        let mut push = |targets: Vec<usize>, canary: bool, waves: &mut Vec<Wave>| {
            if targets.is_empty() {
                return;
            }
            let number = waves.len() + 1;
            for &t in &targets {
                numbers[t] = Some(number);
            }
            waves.push(Wave {
                number,
                stack_set: set.name.clone(),
                canary,
                targets,
            });
        };
        let in_order = |targets: &mut Vec<usize>| {
            targets.sort_by_key(|&t| {
                let target = &set.targets[t];
                let region = rollout
                    .region_order
                    .iter()
                    .position(|r| *r == target.region)
                    .unwrap_or(usize::MAX);
                (region, t)
            });
        };
        let mut canary: Vec<usize> = (0..set.targets.len())
            .filter(|&t| moving[s][t] && is_canary(rollout.canary.as_ref(), &set.targets[t]))
            .collect();
        in_order(&mut canary);
        push(canary, true, &mut waves);
        // Each region's chunks, in region order.
        let mut chunks_by_region: Vec<Vec<Vec<usize>>> = Vec::new();
        for region in &rollout.region_order {
            let targets: Vec<usize> = (0..set.targets.len())
                .filter(|&t| {
                    moving[s][t]
                        && set.targets[t].region == *region
                        && !is_canary(rollout.canary.as_ref(), &set.targets[t])
                })
                .collect();
            if targets.is_empty() {
                continue;
            }
            let step = pace(rollout, targets.len()).concurrency;
            chunks_by_region.push(targets.chunks(step).map(<[usize]>::to_vec).collect());
        }
        match rollout.region_concurrency {
            RegionConcurrency::Sequential => {
                for chunks in chunks_by_region {
                    for chunk in chunks {
                        push(chunk, false, &mut waves);
                    }
                }
            }
            RegionConcurrency::Parallel => {
                let rounds = chunks_by_region.iter().map(Vec::len).max().unwrap_or(0);
                for round in 0..rounds {
                    let chunk: Vec<usize> = chunks_by_region
                        .iter()
                        .filter_map(|chunks| chunks.get(round))
                        .flatten()
                        .copied()
                        .collect();
                    push(chunk, false, &mut waves);
                }
            }
        }
        wave_of.push(numbers);
    }
    (waves, wave_of)
}
