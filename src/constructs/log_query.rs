//! Saved CloudWatch Logs Insights queries: each runs over the log groups it names, and is
//! filed in the console under its name's folders (`ZAEL-limiter/aggregator/errors`).

use crate::resources::logs::{LogGroup, QueryDefinition};
use crate::template::{Expr, Handle, Stack};

/// A query the stack saves: the last part of its name, and its Logs Insights text.
#[derive(Clone, Copy, Debug)]
pub struct SavedQuery {
    pub name: &'static str,
    pub query: &'static str,
}

/// Saves `queries` over `log_group` as `{folder}/{name}`, each as `{id_prefix}{Name}Query`.
pub fn save_queries(
    stack: &mut Stack,
    id_prefix: &str,
    folder: &str,
    log_group: &Handle<LogGroup>,
    queries: &[SavedQuery],
) {
    for query in queries {
        // `rate-limit-hits` -> `RateLimitHits`: each word with its first letter raised.
        let mut id = String::with_capacity(query.name.len());
        for word in query.name.split('-') {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                id.push(first.to_ascii_uppercase());
                id.push_str(chars.as_str());
            }
        }
        stack.add(
            &[id_prefix, &id, "Query"].concat(),
            QueryDefinition {
                name: Expr::str([folder, "/", query.name].concat()),
                query_string: query.query.to_string(),
                log_group_names: vec![log_group.name()],
            },
        );
    }
}

/// The field names a query reads: what its `fields`, `filter`, `stats` and `sort` commands
/// name, without keywords, functions, aliases, literals and Logs Insights' own `@` fields.
/// `batchItemFailures.0` is the first item of a list, as Logs Insights flattens JSON.
pub fn fields_of(query: &str) -> Vec<String> {
    const KEYWORDS: &[&str] = &[
        "fields", "filter", "stats", "sort", "limit", "desc", "asc", "by", "as", "and", "or",
        "not", "like", "in", "display", "parse", "dedup",
    ];
    let mut fields = Vec::new();
    let mut aliases = Vec::new();
    let chars: Vec<char> = query.chars().collect();
    let mut i = 0;
    let mut previous_word = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' || c == '/' {
            // A string or regular-expression literal.
            let quote = c;
            i += 1;
            while i < chars.len() && chars[i] != quote {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            // A number or a duration such as `5m`.
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            previous_word.clear();
            continue;
        }
        if c.is_ascii_alphabetic() || c == '@' || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '.' | '@'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let is_call = chars.get(i) == Some(&'(');
            if previous_word == "as" {
                aliases.push(word.clone());
            } else if !is_call
                && !word.starts_with('@')
                && !KEYWORDS.contains(&word.as_str())
                && !fields.contains(&word)
            {
                fields.push(word.clone());
            }
            previous_word = word;
            continue;
        }
        if !c.is_whitespace() {
            previous_word.clear();
        }
        i += 1;
    }
    fields.retain(|f| !aliases.contains(f));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_the_names_a_query_reads() {
        let query = r#"fields @timestamp, requestId, batchItemFailures.0
| filter message = "batch processed" and (failedItems > 0 or ispresent(key))
| stats count(*) as batches, pct(durationMs, 99) as p99 by bin(5m)
| sort p99 desc | limit 20"#;
        assert_eq!(
            fields_of(query),
            vec![
                "requestId",
                "batchItemFailures.0",
                "message",
                "failedItems",
                "key",
                "durationMs"
            ]
        );
    }
}
