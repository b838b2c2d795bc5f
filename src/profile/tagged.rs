//! YAML tags (`!Ref Stage`) in a settings file: refused, naming the key and the tag.
//!
//! A profile holds plain values, and serde's readers disagree on a tagged one: a string
//! setting (a tag's value) takes `!GetAtt a.b` as the text `a.b`, silently, while a checked
//! setting calls it an `enum`. Neither is what the author meant, so every tagged value is
//! refused before the keys are read. In `overrides`, where a CloudFormation function is at
//! home, the message gives the long form the override takes instead.

use std::path::Path;

use serde_norway::Value;

use super::ProfileError;

/// The first tagged value in `document` (the parse of `text`), as an error at its line.
pub fn refuse_tags(path: &Path, text: &str, document: &Value) -> Result<(), ProfileError> {
    let Some((mut keys, tag)) = first_tag(document) else {
        return Ok(());
    };
    keys.reverse();
    let mut key = String::new();
    for step in keys {
        if !key.is_empty() && !step.starts_with('[') {
            key.push('.');
        }
        key.push_str(&step);
    }
    let message = if key.starts_with("overrides") {
        format!(
            "a YAML tag ({tag}) is not allowed in a profile; write the function in its long form, {{\"{}\": ...}}",
            long_form(&tag)
        )
    } else {
        format!("a YAML tag ({tag}) is not allowed: a setting holds a plain value, not a CloudFormation function")
    };
    Err(ProfileError {
        file: path.display().to_string(),
        position: place_of(text, &tag),
        key: Some(key),
        message,
    })
}

/// The tag of the first tagged value, in document order, with the steps of its key path from
/// the value up (`["team", "tags"]` for `tags.team`, `["set", "[0]", "overrides"]`): built
/// only for the value found, as the search returns.
fn first_tag(value: &Value) -> Option<(Vec<String>, String)> {
    match value {
        Value::Tagged(tagged) => Some((Vec::new(), tagged.tag.to_string())),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(i, item)| {
            let (mut keys, tag) = first_tag(item)?;
            keys.push(format!("[{i}]"));
            Some((keys, tag))
        }),
        Value::Mapping(map) => map.iter().find_map(|(key, item)| {
            let (mut keys, tag) = first_tag(item)?;
            keys.push(match key {
                Value::String(name) => name.clone(),
                other => serde_norway::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            });
            Some((keys, tag))
        }),
        _ => None,
    }
}

/// CloudFormation's long-form key of a short-form tag: `!Ref` is `Ref`, `!Condition` is
/// `Condition`, every other function is `Fn::` and its name.
fn long_form(tag: &str) -> String {
    match tag.trim_start_matches('!') {
        name @ ("Ref" | "Condition") => name.to_string(),
        name => format!("Fn::{name}"),
    }
}

/// The line and column of the first `tag` that stands as a token outside a comment.
fn place_of(text: &str, tag: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let code = line.split(" #").next().unwrap_or(line);
        code.match_indices(tag).find_map(|(at, _)| {
            let before = code[..at].chars().last();
            let after = code[at + tag.len()..].chars().next();
            let starts = before.is_none_or(|c| " -[{,:".contains(c));
            let ends = after.is_none_or(|c| c.is_whitespace() || ",]}".contains(c));
            (starts && ends).then(|| (index + 1, code[..at].chars().count() + 1))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> String {
        let document: Value = serde_norway::from_str(text).expect("YAML");
        refuse_tags(Path::new("p.yaml"), text, &document)
            .expect_err("a tagged value is refused")
            .to_string()
    }

    #[test]
    fn a_tagged_value_is_refused_at_its_key_and_line() {
        assert_eq!(
            refused("name: limiter\ntags:\n  team: !GetAtt a.b\n"),
            "p.yaml:3:9: tags.team: a YAML tag (!GetAtt) is not allowed: a setting holds a plain value, not a CloudFormation function"
        );
        assert_eq!(
            refused("lambda_subnet_ids:\n  - subnet-1\n  - !Ref Subnet # a !Ref\n"),
            "p.yaml:3:5: lambda_subnet_ids[1]: a YAML tag (!Ref) is not allowed: a setting holds a plain value, not a CloudFormation function"
        );
    }

    #[test]
    fn an_override_is_told_the_long_form() {
        let text =
            "overrides:\n  - path: Resources.T.Properties.X\n    set: {a: !Sub '${AWS::Region}'}\n";
        assert_eq!(
            refused(text),
            r#"p.yaml:3:14: overrides[0].set.a: a YAML tag (!Sub) is not allowed in a profile; write the function in its long form, {"Fn::Sub": ...}"#
        );
        assert!(refused("overrides:\n  - set: !Ref Y\n").ends_with(r#"{"Ref": ...}"#));
    }

    #[test]
    fn plain_values_pass_whatever_they_hold() {
        for text in [
            "name: limiter\n",
            "tags: {team: 'a!b', on: yes}\n",
            "overrides:\n  - path: X\n    set: {Ref: AWS::Region}\n",
            "# !Ref in a comment\nname: a\n",
        ] {
            let document: Value = serde_norway::from_str(text).expect("YAML");
            assert!(refuse_tags(Path::new("p.yaml"), text, &document).is_ok());
        }
    }
}
