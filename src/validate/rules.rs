//! The layer-1 rules in one registry ([`CHECKS`]): the run, `zael check --list-rules`, SARIF
//! rule metadata, `zael explain` and the README's table all read it, so a rule cannot run
//! without being listed, or be listed without running.
//!
//! Adding a rule: a file with one constant of a struct implementing [`Check`] ([`Rule`]: its
//! description and the function that runs it; [`SchemaRule`] and [`HandRule`] for the rules
//! that share a walk), and one line here.
//!
//! [`Rule`]: super::check::Rule
//! [`SchemaRule`]: super::schema_rules::SchemaRule
//! [`HandRule`]: super::check::HandRule

use super::alarm_periods::ALARM_PERIODS;
use super::alarm_thresholds::ALARM_THRESHOLDS;
use super::arns::ARN_SHAPES;
use super::attributes::ATTRIBUTES_EXIST;
use super::conditions::CONDITIONS_WELL_FORMED;
use super::cycles::NO_CYCLES;
use super::dynamodb_keys::DYNAMODB_KEYS;
use super::enums::ENUMERATED_VALUES;
use super::iam_policies::IAM_POLICIES;
use super::intrinsics::INTRINSICS_WELL_FORMED;
use super::logical_ids::LOGICAL_IDS;
use super::names::PHYSICAL_NAMES;
use super::outputs::OUTPUTS_AND_EXPORTS;
use super::parameters::PARAMETERS;
use super::policy_size::POLICY_SIZE;
use super::ranges::VALUE_RANGES;
use super::references::REFERENCES_RESOLVE;
use super::resource_attributes::RESOURCE_ATTRIBUTES;
use super::schema_rules::{
    ALLOWED_VALUES, KNOWN_PROPERTIES, LENGTHS, NUMBER_RANGES, PATTERNS, PROPERTY_COMBINATIONS,
    READ_ONLY, REQUIRED_PROPERTIES, RESOURCE_TYPES, UNIQUE_ITEMS, VALUE_TYPES,
};
use super::section_quotas::SECTION_QUOTAS;
use super::sub_needed::SUB_NEEDED;
use super::template_sections::TEMPLATE_SECTIONS;
use super::template_size::TEMPLATE_SIZE;
use super::Check;

/// Every layer-1 rule, in the order they run and are listed.
pub const CHECKS: &[&dyn Check] = &[
    &REFERENCES_RESOLVE,
    &ATTRIBUTES_EXIST,
    &NO_CYCLES,
    &CONDITIONS_WELL_FORMED,
    &INTRINSICS_WELL_FORMED,
    &RESOURCE_TYPES,
    &RESOURCE_ATTRIBUTES,
    &TEMPLATE_SECTIONS,
    &PARAMETERS,
    &SUB_NEEDED,
    &PHYSICAL_NAMES,
    &LOGICAL_IDS,
    &TEMPLATE_SIZE,
    &SECTION_QUOTAS,
    &POLICY_SIZE,
    &OUTPUTS_AND_EXPORTS,
    &VALUE_RANGES,
    &ENUMERATED_VALUES,
    &ARN_SHAPES,
    &ALARM_PERIODS,
    &ALARM_THRESHOLDS,
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
    &DYNAMODB_KEYS,
    &IAM_POLICIES,
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
