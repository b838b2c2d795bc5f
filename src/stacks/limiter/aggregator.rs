//! The usage aggregator: a Lambda fed by the table's stream, and its dead-letter queue.

use super::names::{Names, AGGREGATOR_ROLE};
use super::options::LimiterOptions;
use super::parameters::AggregatorParameters;
use crate::constructs::archive_bucket::{archive_bucket, ArchiveBucket};
use crate::constructs::{
    dead_letter_queue, lambda_function, perms, DeadLetterQueue, FunctionProps, LambdaFunction,
    TableConstruct,
};
use crate::resources::lambda::{
    Code, DestinationConfig, EventSourceMapping, Filter, FilterCriteria, OnFailure,
};
use crate::resources::OrderedMap;
use crate::template::{Expr, Stack};

/// Bucket changes: zae-limiter's buckets are the only items with `SK = #STATE`
/// (`PK = {ns}/BUCKET#{entity}#{resource}#{shard}`). Every consumption, refund, limit sync and
/// shard doubling is a MODIFY of one; the acquire that creates a bucket is its INSERT, which
/// the library's own filter drops (its usage then misses that acquire) and zael counts.
/// Filtering at the mapping means no invocation, and no cost, for any other write (`#OP#`
/// records, configs, snapshots, audit events). Matched on `Keys`, which every record carries.
/// The aggregator declares the same bytes (`zael_aggregator::BUCKET_UPDATE_FILTER`).
pub const BUCKET_UPDATE_FILTER: &str =
    r##"{"eventName":["INSERT","MODIFY"],"dynamodb":{"Keys":{"SK":{"S":["#STATE"]}}}}"##;

/// Audit events (`PK = {ns}/AUDIT#{entity}`, `SK = #AUDIT#{ULID}`) deleted by DynamoDB's
/// TTL, which the aggregator archives. Only audit items use the `#AUDIT#` sort key prefix,
/// and the namespace in front of the partition key is opaque, so the sort key alone selects
/// them (the library's own `PK` prefix `AUDIT#` term never matches a namespaced key). The
/// `userIdentity` term leaves out user deletes, `purge_namespace` included: they are not
/// expiries. The aggregator checks the same conditions again, and declares the same bytes
/// (`zael_aggregator::AUDIT_REMOVE_FILTER`).
pub const AUDIT_REMOVE_FILTER: &str = r##"{"eventName":["REMOVE"],"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]},"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#AUDIT#"}]}}}}"##;

/// The environment variable that tells the aggregator where to archive audit items.
pub const AUDIT_BUCKET_VARIABLE: &str = "AUDIT_ARCHIVE_BUCKET";

pub struct Aggregator {
    pub lambda: LambdaFunction,
    pub dead_letters: DeadLetterQueue,
    pub archive: Option<ArchiveBucket>,
}

pub fn add_aggregator(
    stack: &mut Stack,
    options: &LimiterOptions,
    names: &Names,
    parameters: &AggregatorParameters,
    table: &TableConstruct,
) -> Aggregator {
    let dead_letters = dead_letter_queue(
        stack,
        "AggregatorDeadLetterQueue",
        &names.dead_letter_queue(),
    );

    // The archive exists only with its writer: no aggregator, no bucket.
    let archive = options.audit_archival.then(|| {
        archive_bucket(
            stack,
            "AuditArchiveBucket",
            options.audit_archive_glacier_days.into(),
        )
    });
    let mut environment = OrderedMap::default();
    environment.insert("TABLE_NAME", table.handle.name());
    environment.insert("SNAPSHOT_WINDOWS", parameters.snapshot_windows.reference());
    environment.insert(
        "SNAPSHOT_TTL_DAYS",
        parameters.snapshot_retention_days.reference(),
    );
    if let Some(archive) = &archive {
        environment.insert(AUDIT_BUCKET_VARIABLE, archive.handle.name());
    }
    let props = FunctionProps {
        description:
            "Aggregates rate-limit consumption from the table's stream into usage snapshots".into(),
        memory_mb: options.lambda_memory_mb,
        timeout_seconds: options.lambda_timeout_seconds,
        reserved_concurrency: options.lambda_reserved_concurrency,
        environment,
        log_retention_days: parameters.log_retention_days.reference(),
        existing_role: options.iam.aggregator_role_arn.as_deref().map(Expr::str),
        tracing: options.tracing,
        ..FunctionProps::new(
            &names.function(),
            &names.role(AGGREGATOR_ROLE),
            Code {
                s3_bucket: parameters.code_bucket.reference(),
                s3_key: parameters.code_key.reference(),
            },
        )
    };
    let lambda = lambda_function(stack, "Aggregator", props);

    let mut statements = vec![table.grant("ReadWriteSnapshots", perms::TABLE_AGGREGATE)];
    statements.extend(table.grant_stream_read());
    statements.push(dead_letters.grant_send());
    if let Some(archive) = &archive {
        statements.push(archive.grant_write());
    }
    lambda.add_to_role_policy(stack, statements);
    let mut filters = vec![Filter {
        pattern: BUCKET_UPDATE_FILTER.into(),
    }];
    if archive.is_some() {
        filters.push(Filter {
            pattern: AUDIT_REMOVE_FILTER.into(),
        });
    }

    stack.add(
        "AggregatorStreamMapping",
        EventSourceMapping {
            event_source_arn: table.handle.stream_arn(),
            function_name: lambda.function.arn(),
            starting_position: "LATEST".into(),
            batch_size: Some(options.stream_batch_size.into()),
            maximum_batching_window_in_seconds: Some(options.stream_batching_window_seconds.into()),
            maximum_retry_attempts: Some(options.stream_retry_attempts.into()),
            maximum_record_age_in_seconds: Some(options.stream_max_record_age_seconds.into()),
            bisect_batch_on_function_error: Some(true),
            // Lambda's default is 1: leave it out then, as the seeds' templates do.
            parallelization_factor: (options.stream_parallelization_factor > 1)
                .then(|| options.stream_parallelization_factor.into()),
            // The aggregator names the first record it could not write; Lambda retries from
            // there instead of replaying (or dropping) the whole batch.
            function_response_types: vec!["ReportBatchItemFailures".into()],
            destination_config: Some(DestinationConfig {
                on_failure: OnFailure {
                    destination: dead_letters.handle.arn(),
                },
            }),
            filter_criteria: Some(FilterCriteria { filters }),
            tags: Vec::new(),
        },
    );
    Aggregator {
        lambda,
        dead_letters,
        archive,
    }
}
