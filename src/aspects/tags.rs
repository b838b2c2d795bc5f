//! The organisation's tags on every taggable resource.

use super::Aspect;
use crate::resources::Tag;
use crate::template::Resource;

/// At most this many tags from the user: AWS allows 50 per resource, and zael keeps room for
/// the tags that identify a zael stack and for tags a blueprint sets itself.
pub const MAX_USER_TAGS: usize = 45;

/// Key/value tags, in the order given; a later tag with the same key replaces an earlier one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags(pub Vec<(String, String)>);

impl Tags {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `key=value`, replacing an earlier value of the same key.
    pub fn insert(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.0.push((key.to_string(), value.to_string())),
        }
    }

    /// The tags that identify a zael stack on every resource it creates, so an account's
    /// resources can be traced back to their stack and blueprint (and cost-allocated).
    pub fn identifying(blueprint: &str, stack_name: &str) -> Tags {
        Tags(vec![
            ("zael:blueprint".into(), blueprint.into()),
            ("zael:stack".into(), stack_name.into()),
        ])
    }

    /// Every tag of `other` over these.
    pub fn merge(&mut self, other: &Tags) {
        for (key, value) in &other.0 {
            self.insert(key, value);
        }
    }
}

impl Aspect for Tags {
    fn visit(&self, _logical_id: &str, resource: &mut dyn Resource) {
        let Some(tags) = resource.tags_mut() else {
            return;
        };
        for (key, value) in &self.0 {
            match tags.iter_mut().find(|t| &t.key == key) {
                Some(tag) => *tag = Tag::new(key, value.as_str()),
                None => tags.push(Tag::new(key, value.as_str())),
            }
        }
    }
}

/// The characters AWS allows in tag keys and values, in words.
const TAG_CHARACTERS: &str = "letters, digits, spaces and _.:/=+-@";

/// A tag AWS would refuse. The caller names the flag or profile key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("expected KEY=VALUE")]
    NotKeyValue,
    #[error("tag key {0:?} must be 1 to 128 characters")]
    KeyLength(String),
    #[error("tag key {0:?} starts with aws:, which AWS reserves")]
    ReservedKey(String),
    #[error("tag key {key:?} contains {bad:?}; tags allow {TAG_CHARACTERS}")]
    KeyCharacter { key: String, bad: char },
    #[error("tag value of {0:?} must be 1 to 256 characters (CloudWatch alarms, which every blueprint has, refuse an empty one)")]
    ValueLength(String),
    #[error("tag value of {key:?} contains {bad:?}; tags allow {TAG_CHARACTERS}")]
    ValueCharacter { key: String, bad: char },
}

/// One `KEY=VALUE` tag, with the rules AWS enforces on tag keys and values.
pub fn parse_tag(text: &str) -> Result<(String, String), TagError> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(TagError::NotKeyValue);
    };
    check_tag(key, value)?;
    Ok((key.to_string(), value.to_string()))
}

/// AWS tag rules: keys 1-128 and values 1-256 characters of letters, digits, spaces and
/// `_.:/=+-@`; keys starting with `aws:` are reserved.
///
/// Most services take an empty value, but `AWS::CloudWatch::Alarm`'s schema does not
/// (`minLength: 1`), and every blueprint tags its alarms: an empty value would pass here and
/// fail the synth on each alarm (ZV211), so it is refused here, once, at the flag or key.
pub fn check_tag(key: &str, value: &str) -> Result<(), TagError> {
    // AWS's pattern is [\p{L}\p{Z}\p{N}_.:/=+\-@]: separators, not control characters such as
    // tab, line feed or carriage return, which `char::is_whitespace` also counts.
    let allowed = |c: char| {
        c.is_alphanumeric() || (c.is_whitespace() && !c.is_control()) || "_.:/=+-@".contains(c)
    };
    let key_text = || key.to_string();
    if key.is_empty() || key.chars().count() > 128 {
        return Err(TagError::KeyLength(key_text()));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(TagError::ReservedKey(key_text()));
    }
    if let Some(bad) = key.chars().find(|c| !allowed(*c)) {
        return Err(TagError::KeyCharacter {
            key: key_text(),
            bad,
        });
    }
    if value.is_empty() || value.chars().count() > 256 {
        return Err(TagError::ValueLength(key_text()));
    }
    if let Some(bad) = value.chars().find(|c| !allowed(*c)) {
        return Err(TagError::ValueCharacter {
            key: key_text(),
            bad,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_follow_the_aws_rules() {
        assert_eq!(
            parse_tag("team=platform"),
            Ok(("team".into(), "platform".into()))
        );
        for (text, expected) in [
            ("team", "KEY=VALUE"),
            ("aws:owner=x", "reserves"),
            ("=x", "1 to 128"),
            ("a=b!", "'!'"),
            (&format!("k={}", "v".repeat(257)), "1 to 256 characters"),
            ("empty=", "1 to 256 characters (CloudWatch alarms"),
        ] {
            let error = parse_tag(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
        for control in ["a\nb", "a\tb", "a\rb"] {
            let error = parse_tag(&format!("k={control}")).unwrap_err().to_string();
            assert!(
                error.contains("tags allow letters, digits, spaces"),
                "{error}"
            );
            assert!(parse_tag(&format!("{control}=v")).is_err());
        }
        assert!(
            parse_tag("k=a b\u{a0}c").is_ok(),
            "spaces of any kind are separators"
        );
    }

    #[test]
    fn a_later_tag_replaces_an_earlier_one() {
        let mut tags = Tags::default();
        tags.insert("team", "a");
        tags.insert("env", "prod");
        tags.insert("team", "b");
        assert_eq!(
            tags.0,
            vec![("team".into(), "b".into()), ("env".into(), "prod".into())]
        );
    }
}
