//! The bills of the Redis tier (seed 004) and of the API service (seed 003): one mode each.

use super::cost::{count, price, Bill};
use super::facts::TemplateFacts;
use super::limiter::{alarm_and_dashboard_lines, lambda_lines, log_line, Assumptions};
use super::prices::PriceTable;
use super::workload::{Workload, HOURS_PER_MONTH};
use crate::stacks::api::ApiOptions;
use crate::stacks::redis::RedisOptions;

const GB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Bytes per API request in the logs: the handler's JSON line with Lambda's platform lines,
/// and the stage's access-log line.
pub const API_LOG_BYTES_PER_REQUEST: f64 = 1_500.0;

/// Seed 004's nodes bill by the hour whatever the traffic: the primary and its replicas.
pub fn redis_bill(options: &RedisOptions, facts: TemplateFacts, prices: &PriceTable) -> Bill {
    let mut bill = Bill::default();
    let node_type = options.node_type.as_str();
    let hourly = prices.elasticache.node_hour[node_type];
    let nodes = 1 + options.replicas;
    bill.add(
        "ElastiCache nodes",
        format!(
            "{nodes} × {node_type} (a primary and {} replicas) × {} h × {}",
            options.replicas,
            HOURS_PER_MONTH,
            price(hourly)
        ),
        f64::from(nodes) * HOURS_PER_MONTH * hourly,
    );
    alarm_and_dashboard_lines(&mut bill, facts, prices);
    bill
}

/// Seed 003's service bills per request: API Gateway, WAF, Lambda and one DynamoDB write.
pub fn api_bill(
    options: &ApiOptions,
    facts: TemplateFacts,
    workload: &Workload,
    assumptions: &Assumptions,
    prices: &PriceTable,
) -> Bill {
    let mut bill = Bill::default();
    let requests = workload.requests_per_month();
    bill.per_million(
        "API Gateway requests",
        requests,
        "REST requests",
        prices.api_gateway.rest_request_per_million,
    );
    let waf = &prices.waf;
    bill.add(
        "WAF",
        format!(
            "{} web ACL × {} + {} rules × {} + {} requests × {}/million",
            facts.web_acls,
            price(waf.web_acl_month),
            facts.waf_rules,
            price(waf.rule_month),
            count(requests),
            price(waf.request_per_million)
        ),
        f64::from(facts.web_acls) * waf.web_acl_month
            + f64::from(facts.waf_rules) * waf.rule_month
            + requests / 1e6 * waf.request_per_million,
    );
    lambda_lines(
        &mut bill,
        requests,
        assumptions.lambda_duration_ms,
        crate::stacks::api::HANDLER_MEMORY_MB,
        prices,
    );
    bill.per_million(
        "DynamoDB writes",
        requests,
        "PutItem write request units",
        prices.dynamodb.write_request_per_million,
    );
    alarm_and_dashboard_lines(&mut bill, facts, prices);
    log_line(
        &mut bill,
        requests * API_LOG_BYTES_PER_REQUEST / GB,
        options.log_retention_days,
        prices,
    );
    bill
}
