//! ZV103 template size: CloudFormation's body quotas.
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::{About, Example, Finding, Rule};

pub const DIRECT_UPLOAD_BYTES: usize = 51_200;
pub const MAX_BODY_BYTES: usize = 1_000_000;

/// ZV103: the deployed body fits a direct upload, or at least CloudFormation's 1 MB.
pub const TEMPLATE_SIZE: Rule = Rule {
    about: About {
        code: "ZV103",
        title: "template size",
        doc: "over 51,200 bytes: upload via S3 (warning); over 1 MB: error; warning at 90%",
        why: "a body over 51,200 bytes cannot be passed inline (`--template-body`) and must be uploaded to S3 first; over 1 MB it cannot be deployed at all. Both fail at submission, and grow silently as a stack gains features, so 90% of the inline quota is a warning.",
        example: Example::Described {
            fails: "a template body of 60,000 bytes is a warning at `Template`: over the 51,200 bytes CloudFormation takes inline",
            fix: "upload the template to S3 and deploy it by URL (`--template-url`), or split the stack into nested stacks",
        },
    },
    run: |template| {
        template_size(
            template.document,
            template.body_bytes(),
            template.reports_warnings(),
        )
    },
};

/// `body_bytes` is the size of the template as it is deployed: the file, or the rendering.
/// Findings name the largest resource: the first candidate to move into a nested stack.
/// Without `warnings` (nobody reads them), only an error is made.
fn template_size(document: &Value, body_bytes: usize, warnings: bool) -> Vec<Finding> {
    let path = "Template".to_string();
    let mut finding = if body_bytes > MAX_BODY_BYTES {
        Finding::error(
            "ZV103",
            path,
            format!("the template is {body_bytes} bytes; CloudFormation accepts at most {MAX_BODY_BYTES}"),
            "split the stack into nested stacks".into(),
        )
    } else if !warnings {
        // Naming the largest resource serializes every resource: 3% of `synth --all`.
        return Vec::new();
    } else if body_bytes > DIRECT_UPLOAD_BYTES {
        Finding::warning(
            "ZV103",
            path,
            format!("the template is {body_bytes} bytes, over the {DIRECT_UPLOAD_BYTES} bytes of a direct upload"),
            "upload it to S3 and deploy with --template-url (or `aws cloudformation deploy --s3-bucket`)".into(),
        )
    } else if body_bytes * 10 > DIRECT_UPLOAD_BYTES * 9 {
        Finding::warning(
            "ZV103",
            path,
            format!("the template is {body_bytes} bytes, over 90% of the {DIRECT_UPLOAD_BYTES} bytes of a direct upload"),
            "plan to upload it via S3 (--template-url) as it grows".into(),
        )
    } else {
        return Vec::new();
    };
    // Only for a finding: measuring every resource as JSON was 5% of `synth --all`.
    if let Some((id, bytes)) = largest_resource(document) {
        finding.message.push_str(&format!(
            "; the largest resource is {id} ({bytes} bytes as JSON)"
        ));
    }
    vec![finding]
}

fn largest_resource(document: &Value) -> Option<(&String, usize)> {
    document
        .field("Resources")?
        .as_object()?
        .iter()
        .map(|(id, resource)| (id, resource.to_string().len()))
        .max_by_key(|(_, bytes)| *bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_size_thresholds() {
        let document = json!({"Resources": {"Small": {"Type": "T"}, "Big": {"Type": "TTTT"}}});
        assert!(template_size(&document, 40_000, true).is_empty());
        let near = template_size(&document, 47_000, true);
        assert_eq!(near[0].severity, super::super::Severity::Warning);
        assert!(near[0]
            .message
            .ends_with("the largest resource is Big (15 bytes as JSON)"));
        assert!(template_size(&document, 60_000, true)[0]
            .hint
            .contains("S3"));
        let over = template_size(&document, 1_000_001, true);
        assert_eq!(over[0].severity, super::super::Severity::Error);
    }

    #[test]
    fn a_caller_that_reads_only_errors_gets_the_error_alone() {
        let document = json!({"Resources": {"Big": {"Type": "TTTT"}}});
        assert!(template_size(&document, 47_000, false).is_empty());
        assert!(template_size(&document, 60_000, false).is_empty());
        let over = template_size(&document, 1_000_001, false);
        assert_eq!(over[0].severity, super::super::Severity::Error);
        assert!(over[0]
            .message
            .ends_with("the largest resource is Big (15 bytes as JSON)"));
    }
}
