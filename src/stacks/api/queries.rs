//! Logs Insights queries saved for the API service: over the handler's JSON lines
//! (`lambda/api-handler`) and over the stage's access logs ([`super::ACCESS_LOG_FIELDS`]).
//! tests/log_queries.rs checks every field against lines really printed.

use crate::constructs::SavedQuery;

pub const HANDLER_QUERIES: &[SavedQuery] = &[
    SavedQuery {
        name: "errors",
        query: r#"fields @timestamp, message, error, requestId, id
| filter level = "ERROR"
| sort @timestamp desc
| limit 100"#,
    },
    SavedQuery {
        name: "rejected-requests",
        query: r#"fields @timestamp, requestId, reason
| filter level = "WARN" and message = "invalid request body"
| sort @timestamp desc
| limit 100"#,
    },
];

pub const ACCESS_LOG_QUERIES: &[SavedQuery] = &[
    SavedQuery {
        name: "statuses",
        query: r#"stats count(*) as requests by status, bin(5m)"#,
    },
    SavedQuery {
        name: "slowest-requests",
        query: r#"fields requestTime, requestId, httpMethod, resourcePath, status, integrationLatency, apiKeyId
| sort integrationLatency desc
| limit 25"#,
    },
    SavedQuery {
        name: "refused-requests",
        query: r#"fields requestTime, requestId, sourceIp, apiKeyId, status, wafResponseCode
| filter status >= 400
| sort requestTime desc
| limit 100"#,
    },
];
