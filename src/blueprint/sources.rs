//! Where a value of a synthesized template came from, so a `check` finding can say what to
//! change: the setting (its flag, and its profile key: the flag in snake_case), or the
//! blueprint component that builds it.
//!
//! Each blueprint has its own table ([`Sources`]): the blueprints give every resource a fixed
//! logical ID, so the logical ID and a property prefix (`RateLimitsTable.Properties.BillingMode`,
//! as a finding's path has them) are enough. The shared settings' rows apply to every
//! blueprint, after its own.

use super::BlueprintName;

/// (where, setting keys: `a|b` when either changes the value). Where is a path as a finding
/// names it, without its section: the logical ID (or `*`, any resource), then the prefix of
/// the path inside it (`RateLimitsTable.Properties.BillingMode`; `EnablePITR`, the whole
/// parameter).
pub type SettingRow = (&'static str, &'static str);

/// A row's logical ID (or `*`) and the path prefix after it.
pub fn owner_and_prefix(at: &'static str) -> (&'static str, &'static str) {
    at.split_once('.').unwrap_or((at, ""))
}

/// One blueprint's sources table.
pub struct Sources {
    /// The blueprint's own settings; the first match wins.
    pub settings: &'static [SettingRow],
    /// (logical ID pattern, component): `Exact`, `Prefix*`, `*Suffix` or `*`; the first
    /// match wins, so the table ends with `*`.
    pub components: &'static [(&'static str, &'static str)],
}

/// The shared settings' rows, after each blueprint's own.
pub const SHARED_SETTINGS: &[SettingRow] = &[
    ("LogRetentionDays", "log_retention_days"),
    ("*.Properties.RetentionInDays", "log_retention_days"),
    ("*.Properties.AlarmActions", "alarm_sns_topic"),
    ("*.Properties.OKActions", "alarm_sns_topic"),
    ("*.Properties.NotificationTopicArn", "alarm_sns_topic"),
    ("*.Properties.PermissionsBoundary", "permission_boundary"),
    ("*.Properties.KmsKeyId", "kms_key"),
    ("*.Properties.KmsMasterKeyId", "kms_key"),
    ("*.Properties.KmsKeyArn", "kms_key"),
    ("*.Properties.RoleName", "name|role_name_format"),
    ("*.Properties.ManagedPolicyName", "name|policy_name_format"),
    ("Dashboard", "enable_dashboard"),
];

/// Physical names all derive from the `name` setting.
pub const NAME_PROPERTIES: &[&str] = &[
    "TableName",
    "QueueName",
    "FunctionName",
    "ManagedPolicyName",
    "LogGroupName",
    "AlarmName",
    "TopicName",
    "ReplicationGroupId",
    "CacheSubnetGroupName",
    "Name",
    "GroupName",
    "RoleName",
    "BucketName",
];

/// Where the value at `path` (`Resources.X.Properties.Y...`, `Parameters.P`, `Outputs.O`) of
/// a template synthesized from `blueprint` comes from.
pub fn source(blueprint: BlueprintName, path: &str) -> Source {
    let sources = blueprint.sources();
    let mut parts = path.splitn(3, '.');
    let section = parts.next().unwrap_or_default();
    let id = parts.next().unwrap_or_default();
    let rest = parts.next().unwrap_or_default();
    if matches!(section, "Resources" | "Parameters") {
        let rows = sources.settings.iter().chain(SHARED_SETTINGS);
        for (at, keys) in rows {
            let (owner, prefix) = owner_and_prefix(at);
            if (owner == id || (owner == "*" && section == "Resources")) && rest.starts_with(prefix)
            {
                return Source::Settings(keys.split('|').collect());
            }
        }
        if let Some(property) = rest.strip_prefix("Properties.") {
            if NAME_PROPERTIES.contains(&property) {
                return Source::Settings(vec!["name"]);
            }
        }
    }
    let name = blueprint.name();
    Source::Blueprint(match section {
        "Resources" if !id.is_empty() => {
            format!("{name} blueprint: {}", component(sources, id))
        }
        "Outputs" => format!("{name} blueprint: outputs (src/stacks/{name}/outputs.rs)"),
        "Parameters" => format!("{name} blueprint: parameters (src/stacks/{name}/parameters.rs)"),
        _ => format!("{name} blueprint"),
    })
}

/// A finding's source: the settings that change the value, or the code that builds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Profile keys of the settings, any of which changes the value.
    Settings(Vec<&'static str>),
    /// The blueprint component, with its file.
    Blueprint(String),
}

fn component(sources: &Sources, id: &str) -> &'static str {
    sources
        .components
        .iter()
        .find(|(pattern, _)| matches_id(pattern, id))
        .map_or("", |(_, component)| component)
}

/// `Exact`, `Prefix*`, `*Suffix`, or `*`.
pub fn matches_id(pattern: &str, id: &str) -> bool {
    if pattern == "*" {
        true
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        id.ends_with(suffix)
    } else if let Some(prefix) = pattern.strip_suffix('*') {
        id.starts_with(prefix)
    } else {
        pattern == id
    }
}
