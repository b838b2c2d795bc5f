//! Following a stack operation: every new stack event as a line on stdout with the time since
//! the command started, and on a terminal a live progress line on stderr (drawn as soon as
//! the wait starts, redrawn after each look, cleared before each line), until the stack
//! settles (its status no longer ends in `_IN_PROGRESS`).
//!
//! Events are polled (CloudFormation has no push API for them) every `poll` (1 s by
//! default), so an event reaches the screen about a second after CloudFormation records
//! it, where `aws cloudformation deploy` waits 30 s between looks at the stack.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::clients::Clients;
use crate::console::Console;
use crate::deadline::Deadline;
use crate::failure::{self, Failure};
use crate::outcome;
use crate::stack;

/// One stack event, as printed.
#[derive(Clone, Debug)]
pub struct Event {
    pub id: String,
    pub logical_id: String,
    pub resource_type: String,
    pub status: String,
    pub reason: Option<String>,
}

impl Event {
    pub fn failed(&self) -> bool {
        self.status.ends_with("_FAILED")
    }
}

pub struct Watch<'a> {
    clients: &'a Clients,
    /// The stack's ID: still describable once the stack is deleted.
    stack_id: String,
    stack_name: String,
    started: Instant,
    poll: Duration,
    seen: HashSet<String>,
    /// Every event printed, oldest first.
    pub events: Vec<Event>,
}

impl<'a> Watch<'a> {
    /// A watch that prints only events after those the stack already has.
    pub async fn new(
        clients: &'a Clients,
        stack_id: &str,
        stack_name: &str,
        started: Instant,
        poll: Duration,
    ) -> Result<Watch<'a>, Failure> {
        let mut watch = Watch {
            clients,
            stack_id: stack_id.to_string(),
            stack_name: stack_name.to_string(),
            started,
            poll,
            seen: HashSet::new(),
            events: Vec::new(),
        };
        for event in watch.fetch_new().await? {
            watch.seen.insert(event.id);
        }
        Ok(watch)
    }

    /// Events not seen yet, oldest first. DescribeStackEvents pages newest first: read
    /// until an event already seen.
    async fn fetch_new(&self) -> Result<Vec<Event>, Failure> {
        let mut found = Vec::new();
        let mut token: Option<String> = None;
        'pages: loop {
            let output = self
                .clients
                .cloudformation
                .describe_stack_events()
                .stack_name(&self.stack_id)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| {
                    failure::aws(
                        &format!("DescribeStackEvents {}", self.stack_name),
                        &self.clients.location,
                        &e,
                    )
                })?;
            for event in output.stack_events() {
                let id = event.event_id().unwrap_or_default().to_string();
                if self.seen.contains(&id) {
                    break 'pages;
                }
                found.push(Event {
                    id,
                    logical_id: event.logical_resource_id().unwrap_or_default().to_string(),
                    resource_type: event.resource_type().unwrap_or_default().to_string(),
                    status: event
                        .resource_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    reason: event.resource_status_reason().map(str::to_string),
                });
            }
            token = output.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        found.reverse();
        Ok(found)
    }

    fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    fn clear_progress(console: &mut Console) {
        if console.progress {
            console.note("\r\x1b[2K");
        }
    }

    fn print(&mut self, console: &mut Console, event: Event) {
        Self::clear_progress(console);
        let reason = event
            .reason
            .as_deref()
            .map(|r| format!("  {r}"))
            .unwrap_or_default();
        console.line(&format!(
            "{:>7.1}s  {:<40} {:<38} {}{reason}",
            self.elapsed(),
            event.logical_id,
            event.resource_type,
            event.status
        ));
        self.seen.insert(event.id.clone());
        self.events.push(event);
    }

    /// The progress line, overwriting the last one: elapsed time, the stack's status, and
    /// how many resource events have settled.
    fn show_progress(&self, console: &mut Console, status: &str) {
        if !console.progress {
            return;
        }
        let settled = self
            .events
            .iter()
            .filter(|e| e.logical_id != self.stack_name && !e.status.ends_with("_IN_PROGRESS"))
            .count();
        console.note(&format!(
            "\r\x1b[2K[{:>6.1}s] {} {status}: {settled} resource event(s) settled",
            self.elapsed(),
            self.stack_name
        ));
    }

    /// Prints events until the stack settles; its final status (`DELETE_COMPLETE` when the
    /// stack is gone). Past `deadline`, fails with the stack's state and the way out
    /// (`command` is the one to run again). The progress line is cleared however it ends,
    /// so an error message starts on a clean line.
    pub async fn until_settled(
        &mut self,
        console: &mut Console,
        deadline: Deadline,
        command: &str,
    ) -> Result<String, Failure> {
        let settled = self.follow(console, deadline, command).await;
        Self::clear_progress(console);
        settled
    }

    /// [`Self::until_settled`], and a final status that `accepted` refuses as the failure
    /// report: the first cause first, then the stack's state and the way out.
    pub async fn until_accepted(
        &mut self,
        console: &mut Console,
        deadline: Deadline,
        command: &str,
        accepted: impl Fn(&str) -> bool,
    ) -> Result<String, Failure> {
        let status = self.until_settled(console, deadline, command).await?;
        if accepted(&status) {
            return Ok(status);
        }
        let reason = stack::describe(self.clients, &self.stack_id)
            .await?
            .and_then(|s| s.reason);
        Err(Failure::failed(outcome::failure_text(
            &status,
            &self.stack_name,
            &self.events,
            reason.as_deref(),
            command,
        )))
    }

    /// An AWS error while following (throttling, an expired token): the operation goes on
    /// without zael, and the message says where to see how it ends.
    fn lost_sight(&self, failure: Failure) -> Failure {
        let stack = &self.stack_name;
        Failure {
            message: format!(
                "{}; zael stopped following {stack}, whose operation carries on in CloudFormation: see where it ends with `zael status` (or `aws cloudformation describe-stack-events --stack-name {stack}`)",
                failure.message
            ),
            code: failure.code,
        }
    }

    async fn follow(
        &mut self,
        console: &mut Console,
        deadline: Deadline,
        command: &str,
    ) -> Result<String, Failure> {
        // Drawn before the first look, which may take a while on a slow link.
        self.show_progress(console, "waiting");
        loop {
            let new = self.fetch_new().await.map_err(|f| self.lost_sight(f))?;
            for event in new {
                self.print(console, event);
            }
            let described = stack::describe(self.clients, &self.stack_id).await;
            let status = match described.map_err(|f| self.lost_sight(f))? {
                Some(stack) => stack.status,
                None => "DELETE_COMPLETE".to_string(),
            };
            if !status.ends_with("_IN_PROGRESS") {
                // The last events may land with the final status.
                for event in self.fetch_new().await.unwrap_or_default() {
                    self.print(console, event);
                }
                return Ok(status);
            }
            self.show_progress(console, &status);
            if let Err(expired) = deadline.pause(self.poll).await {
                return Err(Failure::failed(outcome::timed_out_text(
                    &status,
                    &self.stack_name,
                    expired.limit,
                    command,
                )));
            }
        }
    }
}
