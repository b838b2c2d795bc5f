//! Physical names of the API service's resources, all derived from `ZAEL-{name}-api`.
//!
//! The tightest limit is 64 characters, of Lambda function and IAM role names.

/// The names of the API service blueprint's resources.
pub type Names = crate::stacks::names::Names<super::Api>;

impl Names {
    pub fn function(&self) -> String {
        self.suffixed("handler")
    }

    pub fn handler_role(&self) -> String {
        self.suffixed("handler")
    }

    pub fn flow_logs_role(&self) -> String {
        self.suffixed("flow-logs")
    }

    pub fn table(&self) -> String {
        self.stack().to_string()
    }

    pub fn access_log_group(&self) -> String {
        format!("/aws/apigateway/{}/access", self.stack())
    }

    pub fn flow_log_group(&self) -> String {
        format!("/aws/vpc/{}/flow-logs", self.stack())
    }

    /// `ZAEL-movies-api-standard`: a usage plan and its key.
    pub fn tier(&self, tier: &str) -> String {
        self.suffixed(&tier.to_ascii_lowercase())
    }

    /// Web ACL, and its CloudWatch metric names with a suffix.
    pub fn web_acl(&self) -> String {
        self.stack().to_string()
    }

    pub fn metric(&self, what: &str) -> String {
        self.suffixed(what)
    }

    pub fn security_group(&self) -> String {
        self.suffixed("handler")
    }

    pub fn alarm(&self, what: &str) -> String {
        self.suffixed(what)
    }
}
