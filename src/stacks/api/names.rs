//! Physical names of the API service's resources, all derived from `ZAEL-{name}-api`.
//!
//! The tightest limit is 64 characters, of Lambda function and IAM role names.

#[derive(Clone, Debug)]
pub struct Names {
    stack: String,
}

impl Names {
    pub fn new(stack_name: &str) -> Self {
        Names {
            stack: stack_name.to_string(),
        }
    }

    pub fn stack(&self) -> &str {
        &self.stack
    }

    pub fn function(&self) -> String {
        format!("{}-handler", self.stack)
    }

    pub fn handler_role(&self) -> String {
        format!("{}-handler", self.stack)
    }

    pub fn flow_logs_role(&self) -> String {
        format!("{}-flow-logs", self.stack)
    }

    pub fn table(&self) -> String {
        self.stack.clone()
    }

    pub fn access_log_group(&self) -> String {
        format!("/aws/apigateway/{}/access", self.stack)
    }

    pub fn flow_log_group(&self) -> String {
        format!("/aws/vpc/{}/flow-logs", self.stack)
    }

    /// `ZAEL-movies-api-standard`: a usage plan and its key.
    pub fn tier(&self, tier: &str) -> String {
        format!("{}-{}", self.stack, tier.to_ascii_lowercase())
    }

    /// Web ACL, and its CloudWatch metric names with a suffix.
    pub fn web_acl(&self) -> String {
        self.stack.clone()
    }

    pub fn metric(&self, what: &str) -> String {
        format!("{}-{what}", self.stack)
    }

    pub fn security_group(&self) -> String {
        format!("{}-handler", self.stack)
    }

    pub fn alarm(&self, what: &str) -> String {
        format!("{}-{what}", self.stack)
    }

    pub fn alarm_topic(&self) -> String {
        format!("{}-alarms", self.stack)
    }
}
