//! The rules of the Redis tier's options (see [`crate::stacks::rule`]).

use super::values;
use super::windows::{DailyWindow, WeeklyWindow};
use super::{EngineVersion, NodeType};
use crate::{list_rule, text_rule};

pub use crate::stacks::rules::VpcId;
use crate::stacks::rules::{SECURITY_GROUP_ID, SUBNET_ID};

text_rule!(
    CacheNodeType, NodeType, values::node_type,
    {"type": "string", "enum": ["cache.r6g.large", "cache.r6g.xlarge", "cache.r6g.2xlarge"]}
);
text_rule!(
    CacheEngineVersion, EngineVersion, values::engine_version,
    {"type": "string", "enum": ["7.0", "7.1"], "description": "quoted: YAML reads 7.0 unquoted as the number 7"}
);
text_rule!(CacheReplicas, u32, values::replicas, {"type": "integer", "minimum": 1, "maximum": 5});
text_rule!(
    CacheSnapshotRetentionDays, u32, values::snapshot_retention_days,
    {"type": "integer", "minimum": 1, "maximum": 35}
);
text_rule!(
    CacheSnapshotWindow, DailyWindow, values::snapshot_window,
    {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$"}
);
text_rule!(
    CacheMaintenanceWindow, WeeklyWindow, values::maintenance_window,
    {"type": "string", "pattern": "^(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):[0-2][0-9]:[0-5][0-9]$"}
);
list_rule!(
    /// A list of two or more subnet IDs, or the flag's comma-separated form.
    SubnetIds, Vec<String>, values::subnet_ids,
    {"type": "string", "pattern": SUBNET_ID}, "minItems": 2, "uniqueItems": true
);
text_rule!(
    ClientSecurityGroupId, String, values::security_group_id,
    {"type": "string", "pattern": SECURITY_GROUP_ID}
);
