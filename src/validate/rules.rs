//! The layer-1 rules, each a [`Check`] with its code and doc, in one registry ([`CHECKS`]):
//! the run, `zael check --list-rules`, SARIF rule metadata and the README's table all read
//! it, so a rule cannot run without being listed, or be listed without running.

use serde_json::Value;

use super::{
    alarms, arns, attributes, conditions, cycles, enums, intrinsics, logical_ids, names, outputs,
    policy_size, quotas, ranges, references, schema, Finding,
};
use crate::template::to_yaml;

/// What a layer-1 rule checks.
pub trait Check: Sync {
    /// The stable id: ZV0xx references, ZV1xx names and quotas, ZV2xx property values.
    fn code(&self) -> &'static str;
    /// One line: what holds when the rule passes.
    fn title(&self) -> &'static str;
    /// What the rule checks, for the catalogue.
    fn doc(&self) -> &'static str;
    fn run(&self, template: &Template<'_>) -> Vec<Finding>;
}

/// The template a check reads.
pub struct Template<'a> {
    pub document: &'a Value,
    body: Body,
    /// The resource-schema walk, run once for the ten rules that share it.
    schema: std::cell::OnceCell<Vec<Finding>>,
}

/// Where the deployed body's size comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// A file of this many bytes, deployed as it is.
    File(usize),
    /// A document zael synthesized: measured as the YAML zael writes by default.
    Synthesized,
}

impl<'a> Template<'a> {
    pub fn new(document: &'a Value, body: Body) -> Self {
        Template {
            document,
            body,
            schema: Default::default(),
        }
    }

    /// The findings of resource-schema rule `code` (ZV006, ZV206-ZV215). The walk runs once
    /// per template; a finding at a path a hand-written rule (ZV101, ZV201-ZV203) already
    /// reports is left to that rule, whose message knows the service better.
    pub fn schema_findings(&self, code: &str) -> Vec<Finding> {
        let all = self.schema.get_or_init(|| {
            let mut findings = schema::findings(self.document);
            let mut hand = names::physical_names(self.document);
            hand.extend(ranges::ranges(self.document));
            hand.extend(enums::enums(self.document));
            hand.extend(arns::arns(self.document));
            findings.retain(|f| !hand.iter().any(|h| h.path == f.path));
            findings
        });
        all.iter().filter(|f| f.rule == code).cloned().collect()
    }

    /// The size of the body CloudFormation receives, measured one way for every caller.
    pub fn body_bytes(&self) -> usize {
        match self.body {
            Body::File(bytes) => bytes,
            Body::Synthesized => to_yaml(self.document).len(),
        }
    }
}

/// A rule whose run needs only the document or the template.
pub struct Rule {
    pub code: &'static str,
    pub title: &'static str,
    pub doc: &'static str,
    pub run: fn(&Template<'_>) -> Vec<Finding>,
}

impl Check for Rule {
    fn code(&self) -> &'static str {
        self.code
    }
    fn title(&self) -> &'static str {
        self.title
    }
    fn doc(&self) -> &'static str {
        self.doc
    }
    fn run(&self, template: &Template<'_>) -> Vec<Finding> {
        (self.run)(template)
    }
}

/// Every layer-1 rule, in the order they run and are listed.
pub const CHECKS: &[&dyn Check] = &[
    &Rule { code: "ZV001", title: "references resolve", doc: "every Ref, Fn::GetAtt, Fn::Sub variable, DependsOn, Condition and Fn::FindInMap target exists", run: |t| references::references(t.document) },
    &Rule { code: "ZV002", title: "attributes exist", doc: "Fn::GetAtt and ${Resource.Attribute} name an attribute of the resource's type (every type, from the resource schemas)", run: |t| attributes::attributes(t.document) },
    &Rule { code: "ZV003", title: "no dependency cycles", doc: "resources do not depend on each other in a cycle (DependsOn, Ref, GetAtt, Sub)", run: |t| cycles::cycles(t.document) },
    &Rule { code: "ZV004", title: "conditions well formed", doc: "Fn::Equals/And/Or/Not/Condition take the right arguments; Fn::If has a condition and two values", run: |t| conditions::conditions(t.document) },
    &Rule { code: "ZV005", title: "intrinsic functions well formed", doc: "Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select ... take the arguments CloudFormation accepts; no unknown Fn::, one function per object", run: |t| intrinsics::intrinsic_shapes(t.document) },
    &Rule { code: "ZV006", title: "resource types exist", doc: "every resource has a Type, a string naming a CloudFormation type (custom, SAM, module and registry types aside)", run: |t| t.schema_findings("ZV006") },
    &Rule { code: "ZV101", title: "physical names", doc: "role 64, managed policy 128, function 64, queue 80, table 3-255, alarm 255 ... characters and their allowed characters", run: |t| names::physical_names(t.document) },
    &Rule { code: "ZV102", title: "logical IDs", doc: "alphanumeric, at most 255 characters, unique across Parameters and Resources", run: |t| logical_ids::logical_ids(t.document) },
    &Rule { code: "ZV103", title: "template size", doc: "over 51,200 bytes: upload via S3 (warning); over 1 MB: error; warning at 90%", run: |t| quotas::template_size(t.document, t.body_bytes()) },
    &Rule { code: "ZV104", title: "section quotas", doc: "at most 500 resources and 200 parameters, outputs and mappings; warning at 90%", run: |t| quotas::section_counts(t.document) },
    &Rule { code: "ZV105", title: "IAM policy size", doc: "managed policy 6,144 characters, a role's inline policies together 10,240; warning at 90% naming the largest", run: |t| policy_size::policy_sizes(t.document) },
    &Rule { code: "ZV106", title: "outputs and exports", doc: "every output has a Value; export names 1-255 of [A-Za-z0-9:-], unique", run: |t| outputs::outputs(t.document) },
    &Rule { code: "ZV201", title: "value ranges", doc: "Lambda memory/timeout, PITR days, queue retention/visibility, stream batch settings, capacities, ElastiCache nodes ...", run: |t| ranges::ranges(t.document) },
    &Rule { code: "ZV202", title: "enumerations", doc: "log retention days, billing modes, runtimes, stream view types, alarm operators and statistics ...", run: |t| enums::enums(t.document) },
    &Rule { code: "ZV203", title: "ARN shapes", doc: "permission boundaries, managed policy ARNs, function roles, alarm actions, failure destinations", run: |t| arns::arns(t.document) },
    &Rule { code: "ZV204", title: "alarm periods", doc: "period 10/20/30 or a multiple of 60 s, at most 7 days evaluated, DatapointsToAlarm <= EvaluationPeriods", run: |t| alarms::alarm_periods(t.document) },
    &Rule { code: "ZV205", title: "alarm thresholds reachable", doc: "not above a percentage's 100 or a Lambda Duration's timeout, not below 0", run: |t| alarms::alarm_thresholds(t.document) },
    &Rule { code: "ZV206", title: "required properties", doc: "every property the type's schema requires is set, at every level", run: |t| t.schema_findings("ZV206") },
    &Rule { code: "ZV207", title: "known properties", doc: "no property the type's schema does not define (a misspelling is named)", run: |t| t.schema_findings("ZV207") },
    &Rule { code: "ZV208", title: "value types", doc: "strings, numbers, booleans, lists and mappings where the schema says, read as leniently as CloudFormation", run: |t| t.schema_findings("ZV208") },
    &Rule { code: "ZV209", title: "allowed values", doc: "values from the schema's enumerations and constants", run: |t| t.schema_findings("ZV209") },
    &Rule { code: "ZV210", title: "value patterns", doc: "strings match the schema's patterns (IDs, ARNs, names)", run: |t| t.schema_findings("ZV210") },
    &Rule { code: "ZV211", title: "lengths and counts", doc: "string lengths, list lengths and mapping sizes within the schema's bounds", run: |t| t.schema_findings("ZV211") },
    &Rule { code: "ZV212", title: "number ranges", doc: "numbers within the schema's minimum and maximum", run: |t| t.schema_findings("ZV212") },
    &Rule { code: "ZV213", title: "read-only properties", doc: "no property CloudFormation sets itself (read-only) is set by the template", run: |t| t.schema_findings("ZV213") },
    &Rule { code: "ZV214", title: "property combinations", doc: "oneOf/anyOf shapes, dependencies, mutually exclusive and at-least-one property sets", run: |t| t.schema_findings("ZV214") },
    &Rule { code: "ZV215", title: "unique list items", doc: "lists the schema marks unique hold each value once", run: |t| t.schema_findings("ZV215") },
];

/// The check with `code`.
pub fn check(code: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| c.code() == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_every_finding_carries_its_checks_code() {
        let codes: Vec<&str> = CHECKS.iter().map(|c| c.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        // A broken template trips most rules: each finding names the rule that ran.
        let document = serde_json::json!({"Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 1, "Role": {"Ref": "Missing"}}},
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 45}}
        }});
        let template = Template::new(&document, Body::File(10));
        for check in CHECKS {
            for finding in check.run(&template) {
                assert_eq!(finding.rule, check.code(), "{}", finding.path);
            }
        }
    }

    #[test]
    fn the_readme_lists_every_check_with_its_title() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("README.md");
        for check in CHECKS {
            let row = format!("| {} | {} |", check.code(), check.title());
            assert!(readme.contains(&row), "README.md has no row {row}");
        }
    }
}
