//! How long a command waits for CloudFormation before it gives up: a stack operation or a
//! change set that never settles (a stuck custom resource, a service that stopped answering)
//! must end the command with the stack's state and the way out, not hang a CI job.
//!
//! The clock is tokio's, so tests run a wait against a paused clock in no real time.

use std::time::Duration;

use tokio::time::Instant;

/// The moment a wait started and how long it may last.
#[derive(Clone, Copy, Debug)]
pub struct Deadline {
    started: Instant,
    limit: Duration,
}

/// The wait reached its limit.
#[derive(Debug, PartialEq, Eq)]
pub struct Expired {
    pub limit: Duration,
}

impl Deadline {
    pub fn starting_now(limit: Duration) -> Deadline {
        Deadline {
            started: Instant::now(),
            limit,
        }
    }

    /// Sleeps `poll` before the next look, never past the deadline; `Expired` once the
    /// deadline has passed (the caller has had its last look).
    pub async fn pause(&self, poll: Duration) -> Result<(), Expired> {
        let end = self.started + self.limit;
        let now = Instant::now();
        if now >= end {
            return Err(Expired { limit: self.limit });
        }
        tokio::time::sleep_until((now + poll).min(end)).await;
        Ok(())
    }
}

/// `90 min`, `10 min`, `30 s`: a limit as the user gave it (flags take minutes).
pub fn describe(limit: Duration) -> String {
    let seconds = limit.as_secs();
    if seconds.is_multiple_of(60) {
        format!("{} min", seconds / 60)
    } else {
        format!("{seconds} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scripted poller: statuses as CloudFormation would answer them, one per look.
    async fn wait_for(script: &[&str], deadline: Deadline) -> Result<(usize, String), Expired> {
        let mut looks = 0;
        loop {
            let status = script[looks.min(script.len() - 1)];
            looks += 1;
            if !status.ends_with("_IN_PROGRESS") {
                return Ok((looks, status.to_string()));
            }
            deadline.pause(Duration::from_secs(1)).await?;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_stack_that_never_settles_ends_at_the_deadline_not_later() {
        let start = Instant::now();
        let deadline = Deadline::starting_now(Duration::from_secs(60 * 60));
        let result = wait_for(&["UPDATE_IN_PROGRESS"], deadline).await;
        assert_eq!(
            result,
            Err(Expired {
                limit: Duration::from_secs(3600)
            })
        );
        assert_eq!(start.elapsed(), Duration::from_secs(3600));
    }

    #[tokio::test(start_paused = true)]
    async fn a_stack_that_settles_in_time_is_not_cut_short() {
        let start = Instant::now();
        let deadline = Deadline::starting_now(Duration::from_secs(3));
        let script = [
            "CREATE_IN_PROGRESS",
            "CREATE_IN_PROGRESS",
            "CREATE_IN_PROGRESS",
            "CREATE_COMPLETE",
        ];
        assert_eq!(
            wait_for(&script, deadline).await,
            Ok((4, "CREATE_COMPLETE".to_string()))
        );
        assert_eq!(start.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn the_last_sleep_is_cut_to_the_deadline() {
        let start = Instant::now();
        let deadline = Deadline::starting_now(Duration::from_millis(2500));
        assert!(deadline.pause(Duration::from_secs(2)).await.is_ok());
        assert!(deadline.pause(Duration::from_secs(2)).await.is_ok());
        assert_eq!(start.elapsed(), Duration::from_millis(2500));
        assert!(deadline.pause(Duration::from_secs(2)).await.is_err());
    }

    #[test]
    fn limits_read_as_given() {
        assert_eq!(describe(Duration::from_secs(3600)), "60 min");
        assert_eq!(describe(Duration::from_secs(30)), "30 s");
    }
}
