//! What a flag or a profile key may set on the rate-limiter stack, and the one `apply` that
//! sets it: flags (`cli`) and profiles (`profile`) both convert into [`LimiterSettings`].

use super::values::{BillingModeChoice, VpcEndpoint};
use super::{LambdaNetwork, LimiterOptions, Window};
use crate::blueprint::{set, set_some, NetworkError, SettingsError, SharedSettings};
use crate::constructs::Capacity;

/// Every field is a profile key (and a flag: the key in kebab-case); `None` keeps the
/// current value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LimiterSettings {
    pub shared: SharedSettings,
    pub enable_aggregator: Option<bool>,
    pub enable_alarms: Option<bool>,
    pub enable_deletion_protection: Option<bool>,
    pub pitr_recovery_days: Option<u32>,
    pub lambda_memory: Option<u32>,
    pub lambda_timeout: Option<u32>,
    pub lambda_reserved_concurrency: Option<u32>,
    pub lambda_duration_threshold_pct: Option<u32>,
    pub snapshot_windows: Option<Vec<Window>>,
    pub snapshot_retention_days: Option<u32>,
    pub billing_mode: Option<BillingModeChoice>,
    pub read_capacity: Option<u32>,
    pub write_capacity: Option<u32>,
    pub stream_batch_size: Option<u32>,
    pub stream_batching_window: Option<u32>,
    pub stream_max_record_age: Option<u32>,
    pub stream_retry_attempts: Option<u32>,
    pub parallelization_factor: Option<u32>,
    pub autoscaling_target_pct: Option<u32>,
    pub autoscaling_min_capacity: Option<u32>,
    pub autoscaling_max_capacity: Option<u32>,
    pub artifact_bucket: Option<String>,
    pub lambda_subnet_ids: Option<Vec<String>>,
    pub lambda_security_group_ids: Option<Vec<String>>,
    pub lambda_vpc_id: Option<String>,
    pub vpc_endpoints: Option<Vec<VpcEndpoint>>,
    pub route_table_ids: Option<Vec<String>>,
    pub enable_iam: Option<bool>,
    pub aggregator_role_arn: Option<String>,
    pub create_iam_roles: Option<bool>,
    pub enable_audit_archival: Option<bool>,
    pub audit_archive_glacier_days: Option<u32>,
    pub enable_tracing: Option<bool>,
}

impl LimiterSettings {
    /// Overrides `options` with every setting that is set.
    pub fn apply(&self, options: &mut LimiterOptions) -> Result<(), SettingsError> {
        self.shared.apply(options)?;
        set(&mut options.enable_aggregator, &self.enable_aggregator);
        set(&mut options.enable_alarms, &self.enable_alarms);
        set(
            &mut options.deletion_protection,
            &self.enable_deletion_protection,
        );
        set_some(&mut options.pitr_recovery_days, &self.pitr_recovery_days);
        set(&mut options.lambda_memory_mb, &self.lambda_memory);
        set(&mut options.lambda_timeout_seconds, &self.lambda_timeout);
        set_some(
            &mut options.lambda_reserved_concurrency,
            &self.lambda_reserved_concurrency,
        );
        set(
            &mut options.lambda_duration_threshold_pct,
            &self.lambda_duration_threshold_pct,
        );
        set(&mut options.snapshot_windows, &self.snapshot_windows);
        set(
            &mut options.snapshot_retention_days,
            &self.snapshot_retention_days,
        );
        set(&mut options.stream_batch_size, &self.stream_batch_size);
        set(
            &mut options.stream_batching_window_seconds,
            &self.stream_batching_window,
        );
        set(
            &mut options.stream_max_record_age_seconds,
            &self.stream_max_record_age,
        );
        set(
            &mut options.stream_retry_attempts,
            &self.stream_retry_attempts,
        );
        set(
            &mut options.stream_parallelization_factor,
            &self.parallelization_factor,
        );
        set(
            &mut options.autoscaling.target_pct,
            &self.autoscaling_target_pct,
        );
        set_some(
            &mut options.autoscaling.min_capacity,
            &self.autoscaling_min_capacity,
        );
        set_some(
            &mut options.autoscaling.max_capacity,
            &self.autoscaling_max_capacity,
        );
        set_some(&mut options.artifact_bucket, &self.artifact_bucket);
        set(&mut options.iam.create, &self.enable_iam);
        set_some(
            &mut options.iam.aggregator_role_arn,
            &self.aggregator_role_arn,
        );
        set(&mut options.iam.application_roles, &self.create_iam_roles);
        set(&mut options.audit_archival, &self.enable_audit_archival);
        set(
            &mut options.audit_archive_glacier_days,
            &self.audit_archive_glacier_days,
        );
        set(&mut options.tracing, &self.enable_tracing);
        options.capacity = self.capacity(options.capacity)?;
        options.lambda_vpc = self.lambda_network(options.lambda_vpc.take())?;
        Ok(())
    }

    /// The settings' network over `current`; the combination must make a whole placement.
    fn lambda_network(
        &self,
        current: Option<LambdaNetwork>,
    ) -> Result<Option<LambdaNetwork>, NetworkError> {
        let given = self.lambda_subnet_ids.is_some()
            || self.lambda_security_group_ids.is_some()
            || self.lambda_vpc_id.is_some()
            || self.vpc_endpoints.is_some()
            || self.route_table_ids.is_some();
        if !given {
            return Ok(current);
        }
        let mut network = current.unwrap_or(LambdaNetwork {
            subnet_ids: Vec::new(),
            security_group_ids: Vec::new(),
            vpc_id: None,
            endpoints: Vec::new(),
            route_table_ids: Vec::new(),
        });
        set(&mut network.subnet_ids, &self.lambda_subnet_ids);
        set(
            &mut network.security_group_ids,
            &self.lambda_security_group_ids,
        );
        set_some(&mut network.vpc_id, &self.lambda_vpc_id);
        set(&mut network.endpoints, &self.vpc_endpoints);
        set(&mut network.route_table_ids, &self.route_table_ids);
        network.check()?;
        Ok(Some(network))
    }

    /// Billing mode and capacities pair up: provisioned needs both, on-demand takes none; a
    /// table an earlier source made provisioned may have one capacity changed.
    fn capacity(&self, current: Capacity) -> Result<Capacity, SettingsError> {
        let units = (self.read_capacity, self.write_capacity);
        match (self.billing_mode, units) {
            (Some(BillingModeChoice::Provisioned), (Some(read), Some(write))) => {
                Ok(Capacity::Provisioned { read, write })
            }
            (Some(BillingModeChoice::Provisioned), _) => {
                Err(SettingsError::ProvisionedNeedsCapacity)
            }
            (_, (None, None)) => match self.billing_mode {
                Some(BillingModeChoice::OnDemand) => Ok(Capacity::OnDemand),
                _ => Ok(current),
            },
            (None, (read, write)) if matches!(current, Capacity::Provisioned { .. }) => {
                let Capacity::Provisioned {
                    read: old_read,
                    write: old_write,
                } = current
                else {
                    unreachable!("matched as provisioned")
                };
                Ok(Capacity::Provisioned {
                    read: read.unwrap_or(old_read),
                    write: write.unwrap_or(old_write),
                })
            }
            (_, _) => Err(SettingsError::CapacityNeedsProvisioned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(settings: LimiterSettings) -> Result<LimiterOptions, SettingsError> {
        let mut options = LimiterOptions::default();
        settings.apply(&mut options).map(|()| options)
    }

    #[test]
    fn capacities_pair_with_the_billing_mode() {
        let provisioned = LimiterSettings {
            billing_mode: Some(BillingModeChoice::Provisioned),
            read_capacity: Some(5),
            write_capacity: Some(7),
            ..Default::default()
        };
        assert_eq!(
            applied(provisioned.clone()).unwrap().capacity,
            Capacity::Provisioned { read: 5, write: 7 }
        );
        let half = LimiterSettings {
            write_capacity: None,
            ..provisioned.clone()
        };
        assert_eq!(applied(half), Err(SettingsError::ProvisionedNeedsCapacity));
        let capacity_alone = LimiterSettings {
            read_capacity: Some(9),
            ..Default::default()
        };
        assert_eq!(
            applied(capacity_alone.clone()),
            Err(SettingsError::CapacityNeedsProvisioned)
        );
        // Over a provisioned table, one capacity may change on its own.
        let mut options = applied(provisioned).unwrap();
        capacity_alone.apply(&mut options).unwrap();
        assert_eq!(
            options.capacity,
            Capacity::Provisioned { read: 9, write: 7 }
        );
    }

    #[test]
    fn a_network_must_be_whole() {
        let subnets_alone = LimiterSettings {
            lambda_subnet_ids: Some(vec!["subnet-0123456789abcdef0".into()]),
            ..Default::default()
        };
        assert_eq!(
            applied(subnets_alone),
            Err(SettingsError::Network(NetworkError::Incomplete))
        );
    }

    #[test]
    fn toggles_set_both_ways_and_unset_keeps_the_default() {
        let off = LimiterSettings {
            enable_aggregator: Some(false),
            enable_tracing: Some(true),
            ..Default::default()
        };
        let options = applied(off).unwrap();
        assert!(!options.enable_aggregator);
        assert!(options.tracing);
        assert!(options.enable_alarms);
    }
}
