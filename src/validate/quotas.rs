//! ZV103 template size and ZV104 section counts: CloudFormation's quotas.
//!
//! Why: a body over 51,200 bytes cannot be passed inline (`--template-body`) and must be
//! uploaded to S3 first; over 1 MB it cannot be deployed at all. A template may hold at most
//! 500 resources and 200 parameters, outputs and mappings. Both fail at submission, and grow
//! silently as a stack gains features, so 90% of a quota is a warning.
//!
//! Example: a 60 kB template is a ZV103 warning at `Template` saying to upload it via S3.

use serde_json::Value;

use super::Finding;

pub const DIRECT_UPLOAD_BYTES: usize = 51_200;
pub const MAX_BODY_BYTES: usize = 1_000_000;
pub const SECTION_QUOTAS: [(&str, usize); 4] = [
    ("Resources", 500),
    ("Parameters", 200),
    ("Outputs", 200),
    ("Mappings", 200),
];

/// `body_bytes` is the size of the template as it is deployed: the file, or the rendering.
/// Findings name the largest resource: the first candidate to move into a nested stack.
pub fn template_size(document: &Value, body_bytes: usize) -> Vec<Finding> {
    let path = "Template".to_string();
    let largest = largest_resource(document)
        .map(|(id, bytes)| format!("; the largest resource is {id} ({bytes} bytes as JSON)"))
        .unwrap_or_default();
    let mut finding = if body_bytes > MAX_BODY_BYTES {
        Finding::error(
            "ZV103",
            path,
            format!("the template is {body_bytes} bytes; CloudFormation accepts at most {MAX_BODY_BYTES}"),
            "split the stack into nested stacks".into(),
        )
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
    finding.message.push_str(&largest);
    vec![finding]
}

fn largest_resource(document: &Value) -> Option<(&String, usize)> {
    document
        .get("Resources")?
        .as_object()?
        .iter()
        .map(|(id, resource)| (id, resource.to_string().len()))
        .max_by_key(|(_, bytes)| *bytes)
}

pub fn section_counts(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (section, quota) in SECTION_QUOTAS {
        let count = document
            .get(section)
            .and_then(Value::as_object)
            .map_or(0, |m| m.len());
        if count > quota {
            findings.push(Finding::error(
                "ZV104",
                section.to_string(),
                format!(
                    "{count} {}; CloudFormation allows at most {quota}",
                    section.to_lowercase()
                ),
                "split the stack into nested stacks".into(),
            ));
        } else if count * 10 >= quota * 9 {
            findings.push(Finding::warning(
                "ZV104",
                section.to_string(),
                format!(
                    "{count} {}, at least 90% of the quota of {quota}",
                    section.to_lowercase()
                ),
                "plan a split into nested stacks before the quota is reached".into(),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    #[test]
    fn body_size_thresholds() {
        let document = json!({"Resources": {"Small": {"Type": "T"}, "Big": {"Type": "TTTT"}}});
        assert!(template_size(&document, 40_000).is_empty());
        let near = template_size(&document, 47_000);
        assert_eq!(near[0].severity, super::super::Severity::Warning);
        assert!(near[0]
            .message
            .ends_with("the largest resource is Big (15 bytes as JSON)"));
        assert!(template_size(&document, 60_000)[0].hint.contains("S3"));
        let over = template_size(&document, 1_000_001);
        assert_eq!(over[0].severity, super::super::Severity::Error);
    }

    #[test]
    fn section_counts_warn_at_ninety_percent_and_fail_over_the_quota() {
        let outputs: Map<String, Value> = (0..180).map(|i| (format!("O{i}"), json!({}))).collect();
        let parameters: Map<String, Value> =
            (0..201).map(|i| (format!("P{i}"), json!({}))).collect();
        let document = json!({"Outputs": outputs, "Parameters": parameters});
        let findings = section_counts(&document);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].path, "Parameters");
        assert_eq!(findings[0].severity, super::super::Severity::Error);
        assert_eq!(findings[1].path, "Outputs");
        assert_eq!(findings[1].severity, super::super::Severity::Warning);
    }
}
