//! What a synthesized template holds that the bill depends on, read from the template itself
//! so the estimate follows the stack (alarms added, indexes added) without a hand-kept list.

use serde_json::Value;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TemplateFacts {
    pub alarms: u32,
    pub dashboards: u32,
    /// Global secondary indexes over every table of the template.
    pub global_indexes: u32,
    pub web_acls: u32,
    /// Rules over every web ACL of the template.
    pub waf_rules: u32,
}

impl TemplateFacts {
    pub fn of(document: &Value) -> Self {
        let mut facts = TemplateFacts::default();
        let Some(resources) = document["Resources"].as_object() else {
            return facts;
        };
        for resource in resources.values() {
            match resource["Type"].as_str() {
                Some("AWS::CloudWatch::Alarm") => facts.alarms += 1,
                Some("AWS::CloudWatch::Dashboard") => facts.dashboards += 1,
                Some("AWS::DynamoDB::Table") => {
                    let indexes = resource["Properties"]["GlobalSecondaryIndexes"].as_array();
                    facts.global_indexes += indexes.map_or(0, |i| i.len() as u32);
                }
                Some("AWS::WAFv2::WebACL") => {
                    facts.web_acls += 1;
                    let rules = resource["Properties"]["Rules"].as_array();
                    facts.waf_rules += rules.map_or(0, |r| r.len() as u32);
                }
                _ => {}
            }
        }
        facts
    }
}
