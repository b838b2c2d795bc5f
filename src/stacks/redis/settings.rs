//! What a flag or a profile key may set on the Redis tier, and the one `apply` that sets it.

use super::windows::{DailyWindow, WeeklyWindow};
use super::{EngineVersion, Network, NodeType, RedisOptions};
use crate::blueprint::{set, SettingsError, SharedSettings};

/// Every field is a profile key (and a flag: the key in kebab-case); `None` keeps the
/// current value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RedisSettings {
    pub shared: SharedSettings,
    pub cache_node_type: Option<NodeType>,
    pub cache_engine_version: Option<EngineVersion>,
    pub cache_replicas: Option<u32>,
    pub cache_snapshot_retention_days: Option<u32>,
    pub cache_snapshot_window: Option<DailyWindow>,
    pub cache_maintenance_window: Option<WeeklyWindow>,
    pub vpc_id: Option<String>,
    pub subnet_ids: Option<Vec<String>>,
    pub client_security_group_id: Option<String>,
}

impl RedisSettings {
    /// Overrides `options` with every setting that is set.
    pub fn apply(&self, options: &mut RedisOptions) -> Result<(), SettingsError> {
        self.shared.apply(options)?;
        set(&mut options.node_type, &self.cache_node_type);
        set(&mut options.engine_version, &self.cache_engine_version);
        set(&mut options.replicas, &self.cache_replicas);
        set(
            &mut options.snapshot_retention_days,
            &self.cache_snapshot_retention_days,
        );
        set(&mut options.snapshot_window, &self.cache_snapshot_window);
        set(
            &mut options.maintenance_window,
            &self.cache_maintenance_window,
        );
        options.network = self.network(options.network.clone())?;
        Ok(())
    }

    /// Subnets and the client group belong to an existing VPC: they need its ID.
    fn network(&self, current: Network) -> Result<Network, SettingsError> {
        let Some(vpc_id) = &self.vpc_id else {
            let existing_only = [
                ("subnet_ids", self.subnet_ids.is_some()),
                (
                    "client_security_group_id",
                    self.client_security_group_id.is_some(),
                ),
            ];
            if let Some((setting, _)) = existing_only.iter().find(|(_, given)| *given) {
                return Err(SettingsError::NeedsVpcId { setting });
            }
            return Ok(current);
        };
        Ok(Network::Existing {
            vpc_id: vpc_id.clone(),
            subnet_ids: self.subnet_ids.clone(),
            client_security_group_id: self.client_security_group_id.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_vpcs_parts_need_the_vpc() {
        let settings = RedisSettings {
            client_security_group_id: Some("sg-0123456789abcdef0".into()),
            ..Default::default()
        };
        assert_eq!(
            settings.apply(&mut RedisOptions::default()),
            Err(SettingsError::NeedsVpcId {
                setting: "client_security_group_id"
            })
        );
        let settings = RedisSettings {
            vpc_id: Some("vpc-0123456789abcdef0".into()),
            ..settings
        };
        let mut options = RedisOptions::default();
        settings.apply(&mut options).unwrap();
        assert!(matches!(options.network, Network::Existing { .. }));
    }
}
