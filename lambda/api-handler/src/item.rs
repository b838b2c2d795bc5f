//! The request body of seed 003 and its validation: pure, no I/O.
//!
//! The seed's sample request is `{"year": "2023", "title": "kkkg", "id": "12"}`: `year` is
//! sent as a string of digits, and its sample handler stores it as a DynamoDB number. So
//! `year` is accepted as a JSON integer or a string of digits, and stored as a number;
//! `title` and `id` are non-empty strings. Other fields are ignored, not stored.

use serde_json::Value;

/// A valid request: what is written to the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Movie {
    /// The partition key.
    pub id: String,
    pub title: String,
    pub year: u32,
}

/// Why a body is refused: the message names the field and says what is expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidBody(pub String);

impl std::fmt::Display for InvalidBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidBody {}

/// The years accepted: four digits, as a release year is written.
pub const YEARS: std::ops::RangeInclusive<u32> = 1000..=9999;
/// DynamoDB refuses a string partition key over 2048 bytes.
pub const MAX_ID_BYTES: usize = 2048;
/// Keeps an item far below DynamoDB's 400 KB item limit.
pub const MAX_TITLE_BYTES: usize = 4096;

const EXPECTED: &str =
    r#"expected a JSON object such as {"year": 2023, "title": "Test Movie", "id": "12"}"#;

fn invalid(message: impl Into<String>) -> InvalidBody {
    InvalidBody(message.into())
}

/// Parses and validates the request body of a POST.
pub fn parse(body: Option<&str>) -> Result<Movie, InvalidBody> {
    let body = body.map(str::trim).unwrap_or_default();
    if body.is_empty() {
        return Err(invalid(format!("the request body is empty; {EXPECTED}")));
    }
    let value: Value = serde_json::from_str(body).map_err(|e| {
        invalid(format!(
            "the request body is not valid JSON ({e}); {EXPECTED}"
        ))
    })?;
    let Value::Object(fields) = value else {
        return Err(invalid(format!(
            "the request body is not a JSON object; {EXPECTED}"
        )));
    };
    let year = year(fields.get("year"))?;
    let title = text(fields.get("title"), "title", MAX_TITLE_BYTES)?;
    let id = text(fields.get("id"), "id", MAX_ID_BYTES)?;
    Ok(Movie { id, title, year })
}

fn year(value: Option<&Value>) -> Result<u32, InvalidBody> {
    let expected = format!(
        "a year from {} to {}, as a number (2023) or a string of digits (\"2023\")",
        YEARS.start(),
        YEARS.end()
    );
    let parsed = match value {
        None | Some(Value::Null) => {
            return Err(invalid(format!(
                "field 'year' is missing: expected {expected}"
            )))
        }
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<u64>().ok()
        }
        Some(_) => None,
    };
    match parsed.and_then(|y| u32::try_from(y).ok()) {
        Some(year) if YEARS.contains(&year) => Ok(year),
        _ => Err(invalid(format!(
            "field 'year' is {}: expected {expected}",
            shown(value.expect("matched above"))
        ))),
    }
}

fn text(value: Option<&Value>, field: &str, max_bytes: usize) -> Result<String, InvalidBody> {
    let expected = format!("a non-empty string of at most {max_bytes} bytes");
    match value {
        None | Some(Value::Null) => Err(invalid(format!(
            "field '{field}' is missing: expected {expected}"
        ))),
        Some(Value::String(s)) if !s.trim().is_empty() && s.len() <= max_bytes => Ok(s.clone()),
        Some(Value::String(s)) if s.len() > max_bytes => Err(invalid(format!(
            "field '{field}' is {} bytes long: expected {expected}",
            s.len()
        ))),
        Some(other) => Err(invalid(format!(
            "field '{field}' is {}: expected {expected}",
            shown(other)
        ))),
    }
}

/// A value as quoted in an error message, cut short so a huge body stays out of the reply.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}...", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(body: &str) -> String {
        parse(Some(body)).unwrap_err().0
    }

    #[test]
    fn the_seeds_sample_request_is_accepted() {
        let movie = parse(Some(r#"{"year":"2023", "title":"kkkg", "id":"12"}"#)).unwrap();
        assert_eq!(
            movie,
            Movie {
                id: "12".into(),
                title: "kkkg".into(),
                year: 2023
            }
        );
    }

    #[test]
    fn year_may_be_a_number_and_extra_fields_are_ignored() {
        let movie = parse(Some(r#"{"year":1999,"title":"T","id":"a","rating":5}"#)).unwrap();
        assert_eq!(movie.year, 1999);
    }

    #[test]
    fn a_missing_or_malformed_body_is_refused() {
        assert!(parse(None)
            .unwrap_err()
            .0
            .starts_with("the request body is empty"));
        assert!(error("  ").starts_with("the request body is empty"));
        assert!(error("{").starts_with("the request body is not valid JSON"));
        assert!(error("[1]").starts_with("the request body is not a JSON object"));
    }

    #[test]
    fn each_bad_field_is_named() {
        assert!(error(r#"{"title":"T","id":"1"}"#).starts_with("field 'year' is missing"));
        for bad in [
            r#""20x3""#,
            "2023.5",
            "-2023",
            "99",
            "12345",
            "true",
            r#""""#,
        ] {
            let message = error(&format!(r#"{{"year":{bad},"title":"T","id":"1"}}"#));
            assert!(message.starts_with("field 'year' is "), "{bad}: {message}");
            assert!(message.contains("from 1000 to 9999"), "{message}");
        }
        assert!(error(r#"{"year":2023,"id":"1"}"#).starts_with("field 'title' is missing"));
        assert!(error(r#"{"year":2023,"title":7,"id":"1"}"#).starts_with("field 'title' is 7"));
        assert!(error(r#"{"year":2023,"title":" ","id":"1"}"#).starts_with("field 'title' is"));
        assert!(
            error(r#"{"year":2023,"title":"T","id":null}"#).starts_with("field 'id' is missing")
        );
        assert!(error(r#"{"year":2023,"title":"T","id":12}"#).starts_with("field 'id' is 12"));
        let long = "x".repeat(MAX_ID_BYTES + 1);
        let message = error(&format!(r#"{{"year":2023,"title":"T","id":"{long}"}}"#));
        assert!(
            message.starts_with("field 'id' is 2049 bytes long"),
            "{message}"
        );
    }

    #[test]
    fn quoted_values_are_cut_short() {
        let long = "y".repeat(1000);
        let message = error(&format!(r#"{{"year":"{long}","title":"T","id":"1"}}"#));
        assert!(message.len() < 200, "{message}");
    }
}
