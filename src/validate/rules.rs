//! The layer-1 rules in one registry ([`CHECKS`]): the run, `zael check --list-rules`, SARIF
//! rule metadata, `zael explain` and the README's table all read it, so a rule cannot run
//! without being listed, or be listed without running.
//!
//! Adding a rule: a file with one unit struct implementing [`Check`] (or a constant of a
//! rule struct shared by rules that differ only in their data: [`SchemaRule`], [`HandRule`]),
//! and one line here.
//!
//! [`SchemaRule`]: super::schema_rules::SchemaRule
//! [`HandRule`]: super::check::HandRule

use super::alarm_periods::AlarmPeriods;
use super::alarm_thresholds::AlarmThresholds;
use super::arns::ARN_SHAPES;
use super::attributes::AttributesExist;
use super::conditions::ConditionsWellFormed;
use super::cycles::NoCycles;
use super::dynamodb_keys::DynamoDbKeys;
use super::enums::ENUMERATED_VALUES;
use super::iam_policies::IamPolicies;
use super::intrinsics::IntrinsicsWellFormed;
use super::logical_ids::LogicalIds;
use super::names::PHYSICAL_NAMES;
use super::outputs::OutputsAndExports;
use super::parameters::Parameters;
use super::policy_size::PolicySize;
use super::ranges::VALUE_RANGES;
use super::references::ReferencesResolve;
use super::resource_attributes::ResourceAttributes;
use super::schema_rules::{
    ALLOWED_VALUES, KNOWN_PROPERTIES, LENGTHS, NUMBER_RANGES, PATTERNS, PROPERTY_COMBINATIONS,
    READ_ONLY, REQUIRED_PROPERTIES, RESOURCE_TYPES, UNIQUE_ITEMS, VALUE_TYPES,
};
use super::section_quotas::SectionQuotas;
use super::sub_needed::SubNeeded;
use super::template_sections::TemplateSections;
use super::template_size::TemplateSize;
use super::Check;

/// Every layer-1 rule, in the order they run and are listed.
pub const CHECKS: &[&dyn Check] = &[
    &ReferencesResolve,
    &AttributesExist,
    &NoCycles,
    &ConditionsWellFormed,
    &IntrinsicsWellFormed,
    &RESOURCE_TYPES,
    &ResourceAttributes,
    &TemplateSections,
    &Parameters,
    &SubNeeded,
    &PHYSICAL_NAMES,
    &LogicalIds,
    &TemplateSize,
    &SectionQuotas,
    &PolicySize,
    &OutputsAndExports,
    &VALUE_RANGES,
    &ENUMERATED_VALUES,
    &ARN_SHAPES,
    &AlarmPeriods,
    &AlarmThresholds,
    &REQUIRED_PROPERTIES,
    &KNOWN_PROPERTIES,
    &VALUE_TYPES,
    &ALLOWED_VALUES,
    &PATTERNS,
    &LENGTHS,
    &NUMBER_RANGES,
    &READ_ONLY,
    &PROPERTY_COMBINATIONS,
    &UNIQUE_ITEMS,
    &DynamoDbKeys,
    &IamPolicies,
];

/// The check with `code`.
pub fn check(code: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| c.code() == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Body, Template};

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

    /// Every example template is run: the failing one is reported by its rule, the fixed
    /// one by no rule, so `zael explain` cannot show an example the rules disagree with.
    #[test]
    fn every_example_fails_its_rule_and_its_fix_passes_every_rule() {
        let document = |code: &str, text: &str| {
            crate::check::input::parse_template(text)
                .unwrap_or_else(|e| panic!("{code}'s example does not parse: {e}"))
        };
        let mut wrong = Vec::new();
        for check in CHECKS {
            let Some((fails, passes)) = check.explanation().example.templates() else {
                continue;
            };
            let failing = document(check.code(), fails);
            if check
                .run(&Template::new(&failing, Body::File(fails.len())))
                .is_empty()
            {
                wrong.push(format!("{}: the failing example passes", check.code()));
            }
            let fixed = document(check.code(), passes);
            for finding in crate::validate::template(&fixed, Body::File(passes.len())) {
                wrong.push(format!("{}'s fixed example: {finding:?}", check.code()));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
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
