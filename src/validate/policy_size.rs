//! ZV105: IAM policy sizes. A managed policy document may have 6,144 characters, and a role's
//! inline policies together 10,240 (IAM counts characters without white space).
//!
//! Why it exists and an example: the rule's [`About`], which
//! `zael explain` prints.

use serde_json::Value;

use super::field::Field;
use super::walk::resources;
use super::Finding;
use super::{About, Example, Rule};

/// ZV105: IAM policies within IAM's size quotas.
pub const POLICY_SIZE: Rule = Rule {
    about: About {
        code: "ZV105",
        title: "IAM policy size",
        doc: "managed policy 6,144 characters, a role's inline policies together 10,240; warning at 90% naming the largest",
        why: "IAM refuses the policy when the stack creates it, minutes into a deployment; policies grow one statement at a time, so 90% is a warning that names the largest policy.",
        example: Example::Described {
            fails: "a managed policy listing hundreds of table ARNs, over 6,144 characters without white space, is an error at `Resources.P.Properties.PolicyDocument`",
            fix: "grant by wildcard or condition (`arn:aws:dynamodb:*:*:table/orders-*`) instead of listing each resource, or split the policy in two",
        },
    },
    run: |template| policy_sizes(template.document),
};

pub const MANAGED_POLICY_CHARS: usize = 6_144;
pub const ROLE_INLINE_CHARS: usize = 10_240;

/// Characters IAM counts: the compact JSON without white space. Intrinsic functions are
/// counted as written; their values replace them at deploy time, usually at similar length.
/// Counted as serde_json would write the text, without writing it (the text cost more than
/// the rule's every other step).
fn size(document: &Value) -> usize {
    match document {
        Value::Null => 4,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(number) => {
            // A number's text has no white space: count what its Display writes.
            struct Count(usize);
            impl std::fmt::Write for Count {
                fn write_str(&mut self, text: &str) -> std::fmt::Result {
                    self.0 += text.chars().count();
                    Ok(())
                }
            }
            let mut count = Count(0);
            let _ = std::fmt::write(&mut count, format_args!("{number}"));
            count.0
        }
        Value::String(text) => string_size(text),
        // Brackets, and a comma between items.
        Value::Array(items) => {
            2 + items.len().saturating_sub(1) + items.iter().map(size).sum::<usize>()
        }
        // Braces, a colon per entry, and a comma between entries.
        Value::Object(map) => {
            2 + map.len().saturating_sub(1)
                + map
                    .iter()
                    .map(|(key, value)| string_size(key) + 1 + size(value))
                    .sum::<usize>()
        }
    }
}

/// A string as serde_json writes it, quoted and escaped, without its white space.
fn string_size(text: &str) -> usize {
    if text.is_ascii() {
        // Byte by byte: the same count, without decoding characters. Eight bytes at a time
        // where none is special (no control character, space, quote or backslash: most of
        // an ARN or an action), each then one character.
        let bytes = text.as_bytes();
        let mut count = 2;
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word = super::words::word(word);
            if plain(word) {
                count += 8;
            } else {
                count += word
                    .to_le_bytes()
                    .iter()
                    .map(|&b| ascii_size(b))
                    .sum::<usize>();
            }
        }
        return count
            + words
                .remainder()
                .iter()
                .map(|&b| ascii_size(b))
                .sum::<usize>();
    }
    2 + text
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
            '\0'..='\u{1f}' => 6,
            c if c.is_whitespace() => 0,
            _ => 1,
        })
        .sum::<usize>()
}

/// What an ASCII byte counts as in the compact JSON without white space.
fn ascii_size(byte: u8) -> usize {
    match byte {
        b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 2,
        0..=0x1f => 6,
        b' ' => 0,
        _ => 1,
    }
}

/// Whether none of eight ASCII bytes is a control character, a space, a quote or a
/// backslash (each of those counts other than one).
fn plain(word: u64) -> bool {
    use super::words::{all_above_space, has_byte};
    all_above_space(word) && !has_byte(word, b'"') && !has_byte(word, b'\\')
}

pub fn policy_sizes(document: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, kind, properties) in resources(document) {
        match kind {
            "AWS::IAM::ManagedPolicy" => {
                if let Some(policy) = properties.field("PolicyDocument") {
                    let path = format!("Resources.{id}.Properties.PolicyDocument");
                    let used = size(policy);
                    findings.extend(judge(
                        path,
                        "managed policy",
                        used,
                        MANAGED_POLICY_CHARS,
                        None,
                    ));
                }
            }
            "AWS::IAM::Role" => {
                let policies = properties.field("Policies").and_then(Value::as_array);
                let sizes: Vec<(String, usize)> = policies
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(index, policy)| {
                        let name = policy
                            .field("PolicyName")
                            .and_then(Value::as_str)
                            .map_or_else(|| format!("#{index}"), String::from);
                        let used = policy.field("PolicyDocument").map_or(0, size);
                        (name, used)
                    })
                    .collect();
                let total = sizes.iter().map(|(_, used)| used).sum();
                let largest = sizes.iter().max_by_key(|(_, used)| *used);
                let path = format!("Resources.{id}.Properties.Policies");
                findings.extend(judge(
                    path,
                    "role's inline policies",
                    total,
                    ROLE_INLINE_CHARS,
                    largest,
                ));
            }
            _ => {}
        }
    }
    findings
}

fn judge(
    path: String,
    what: &str,
    used: usize,
    quota: usize,
    largest: Option<&(String, usize)>,
) -> Option<Finding> {
    let largest = largest
        .map(|(name, chars)| format!("; the largest is '{name}' ({chars} characters)"))
        .unwrap_or_default();
    if used > quota {
        Some(Finding::error(
            "ZV105",
            path,
            format!("the {what} have {used} characters; IAM allows {quota}{largest}"),
            "split the statements over several managed policies or name fewer resources".into(),
        ))
    } else if used * 10 >= quota * 9 {
        Some(Finding::warning(
            "ZV105",
            path,
            format!("the {what} have {used} characters, at least 90% of IAM's {quota}{largest}"),
            "plan to split the statements over several managed policies".into(),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `size` counts without writing the text: what the text, written, holds.
    #[test]
    fn sizes_count_the_written_json_without_white_space() {
        let written = |value: &Value| {
            value
                .to_string()
                .chars()
                .filter(|c| !c.is_whitespace())
                .count()
        };
        let values = [
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!(false),
            serde_json::json!(0),
            serde_json::json!(-12345),
            serde_json::json!(1.5e300),
            serde_json::json!(0.1),
            serde_json::json!(u64::MAX),
            serde_json::json!(""),
            serde_json::json!("a b\tc\nd\re\u{8}\u{c}\u{0}\u{1f}\u{7f}\"\\/"),
            serde_json::json!("é \u{a0}\u{2003}\u{3000}x\u{2028}\u{85}😀"),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"], "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b /*"},
                "Condition": {"Bool": {"aws:SecureTransport": false}, "k y": [1, 2.5, null]}}]}),
        ];
        for value in &values {
            assert_eq!(size(value), written(value), "{value}");
        }
        // Every ASCII byte at every place of a word, among plain ones.
        for byte in 0u8..0x80 {
            for at in 0..20 {
                let mut text = "arn:aws:s3:::bucket-name/key".as_bytes()[..20].to_vec();
                text[at] = byte;
                let value = Value::String(String::from_utf8(text).expect("ASCII"));
                assert_eq!(size(&value), written(&value), "byte {byte:#x} at {at}");
            }
        }
        for code in 0u32..0x3100 {
            if let Some(c) = char::from_u32(code) {
                let value = Value::String(format!("a{c}b"));
                assert_eq!(size(&value), written(&value), "U+{code:04X}");
            }
        }
    }
    use serde_json::json;

    fn statement(resource: &str) -> Value {
        json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource})
    }

    #[test]
    fn oversized_managed_and_near_quota_inline_policies_are_reported() {
        let big: Vec<Value> = (0..200)
            .map(|i| statement(&format!("arn:aws:s3:::bucket-{i}/*")))
            .collect();
        let near: Vec<Value> = (0..125)
            .map(|i| statement(&format!("arn:aws:s3:::bucket-{i}/*")))
            .collect();
        let document = json!({"Resources": {
            "P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": big}}},
            "R": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [
                {"PolicyName": "a", "PolicyDocument": {"Statement": near}},
                {"PolicyName": "b", "PolicyDocument": {"Statement": [statement("*")]}}]}}}});
        let findings = policy_sizes(&document);
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert_eq!(findings[0].path, "Resources.P.Properties.PolicyDocument");
        assert_eq!(findings[0].severity, super::super::Severity::Error);
        assert_eq!(findings[1].path, "Resources.R.Properties.Policies");
        assert_eq!(findings[1].severity, super::super::Severity::Warning);
        assert!(
            findings[1].message.contains("the largest is 'a'"),
            "{}",
            findings[1].message
        );
    }
}
