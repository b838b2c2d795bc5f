//! The dated price tables the estimate uses, one JSON file per region, embedded at build time
//! so an estimate never depends on the network and the same input always gives the same
//! figures. Each table names its source and the date its prices were read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Prices of one region, in US dollars.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    pub region: String,
    /// When the prices were read (YYYY-MM-DD).
    pub as_of: String,
    /// Where they come from.
    pub source: String,
    pub dynamodb: DynamoDbPrices,
    pub lambda: LambdaPrices,
    pub cloudwatch: CloudWatchPrices,
    pub s3: S3Prices,
    pub elasticache: ElastiCachePrices,
    pub api_gateway: ApiGatewayPrices,
    pub waf: WafPrices,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DynamoDbPrices {
    pub write_request_per_million: f64,
    pub read_request_per_million: f64,
    pub wcu_hour: f64,
    pub rcu_hour: f64,
    pub storage_gb_month: f64,
    /// `GetRecords` calls of consumers other than Lambda triggers (Lambda's are free).
    pub stream_read_per_100k: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LambdaPrices {
    pub request_per_million: f64,
    /// x86_64, first tier.
    pub gb_second: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CloudWatchPrices {
    /// A standard-resolution alarm on one metric.
    pub alarm_month: f64,
    /// Beyond the account's three free dashboards.
    pub dashboard_month: f64,
    pub log_ingestion_gb: f64,
    pub log_storage_gb_month: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct S3Prices {
    pub put_per_thousand: f64,
    pub glacier_ir_gb_month: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ElastiCachePrices {
    /// On-demand price of one node per hour, by node type.
    pub node_hour: BTreeMap<String, f64>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ApiGatewayPrices {
    /// REST APIs, first 333 million requests a month.
    pub rest_request_per_million: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WafPrices {
    pub web_acl_month: f64,
    pub rule_month: f64,
    pub request_per_million: f64,
}

/// The embedded tables: (region, JSON).
const TABLES: &[(&str, &str)] = &[("us-east-1", include_str!("prices/us-east-1.json"))];

/// The regions with a price table.
pub fn regions() -> Vec<&'static str> {
    TABLES.iter().map(|(region, _)| *region).collect()
}

/// The price table of `region`, or `None` when zael has none.
pub fn for_region(region: &str) -> Option<PriceTable> {
    TABLES
        .iter()
        .find(|(name, _)| *name == region)
        .map(|(_, json)| serde_json::from_str(json).expect("embedded price tables parse"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_table_parses_names_its_region_and_is_dated() {
        for region in regions() {
            let table = for_region(region).unwrap();
            assert_eq!(table.region, region);
            let date: Vec<&str> = table.as_of.split('-').collect();
            assert_eq!(date.len(), 3, "as_of is YYYY-MM-DD: {}", table.as_of);
            assert!(!table.source.is_empty());
            assert!(table.dynamodb.write_request_per_million > 0.0);
        }
        assert!(for_region("mars-north-1").is_none());
    }

    #[test]
    fn node_prices_cover_every_node_type_the_redis_blueprint_offers() {
        let table = for_region("us-east-1").unwrap();
        for node in crate::stacks::redis::NodeType::ALL {
            assert!(
                table.elasticache.node_hour.contains_key(node.as_str()),
                "{} has no price",
                node.as_str()
            );
        }
    }
}
