//! The values a fleet file holds beyond a profile's: AWS account IDs, organisational unit
//! IDs, and counts that may be percentages. Each parses while the file is read, so a bad one
//! is reported at its key path with what is allowed.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::json;

use crate::stacks::values::is_account_id;

/// A fleet value that is not what its key allows.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum FleetValueError {
    #[error("invalid account ID {0:?}: an AWS account ID is 12 digits, such as \"111122223333\"")]
    AccountId(String),
    /// YAML read the ID as a number and dropped its leading zeros.
    #[error("invalid account ID {0}: an AWS account ID is 12 digits; if it starts with 0, quote it (\"{0:0>12}\") so YAML keeps the zeros")]
    AccountIdLostZeros(u64),
    #[error("invalid organisational unit {0:?}: expected an OU ID such as ou-ab12-cd34ef56, or the root such as r-ab12")]
    OrganizationalUnit(String),
    #[error("invalid value {text:?}: expected a count of accounts ({min}-{MAX_COUNT}) or a percentage such as \"25%\" ({min}-100%)")]
    Amount { text: String, min: u32 },
}

/// A 12-digit AWS account ID. YAML reads `111111111111` as a number, so both forms are taken;
/// a number that lost its leading zeros is refused with the quoted form to write instead.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub String);

impl AccountId {
    pub fn parse(text: &str) -> Result<AccountId, FleetValueError> {
        if is_account_id(text) {
            Ok(AccountId(text.to_string()))
        } else {
            Err(FleetValueError::AccountId(text.to_string()))
        }
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Account;
        impl Visitor<'_> for Account {
            type Value = AccountId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a 12-digit account ID")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AccountId, E> {
                AccountId::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AccountId, E> {
                let text = v.to_string();
                if text.len() < 12 {
                    return Err(E::custom(FleetValueError::AccountIdLostZeros(v)));
                }
                AccountId::parse(&text).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AccountId, E> {
                AccountId::parse(&v.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Account)
    }
}

impl JsonSchema for AccountId {
    fn schema_name() -> Cow<'static, str> {
        "AccountId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::try_from(json!({
            "description": "A 12-digit AWS account ID",
            "type": ["string", "integer"],
            "pattern": "^[0-9]{12}$"
        }))
        .expect("an object")
    }
}

/// An organisational unit (`ou-abcd-12345678`) or the organisation's root (`r-abcd`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrganizationalUnit(pub String);

impl OrganizationalUnit {
    pub fn parse(text: &str) -> Result<OrganizationalUnit, FleetValueError> {
        let lower_alnum = |s: &str, min: usize| {
            s.len() >= min
                && s.len() <= 32
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        };
        let valid = if let Some(rest) = text.strip_prefix("ou-") {
            rest.split_once('-')
                .is_some_and(|(root, unit)| lower_alnum(root, 4) && lower_alnum(unit, 8))
        } else if let Some(root) = text.strip_prefix("r-") {
            lower_alnum(root, 4)
        } else {
            false
        };
        if valid {
            Ok(OrganizationalUnit(text.to_string()))
        } else {
            Err(FleetValueError::OrganizationalUnit(text.to_string()))
        }
    }
}

impl fmt::Display for OrganizationalUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for OrganizationalUnit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        OrganizationalUnit::parse(&text).map_err(de::Error::custom)
    }
}

impl JsonSchema for OrganizationalUnit {
    fn schema_name() -> Cow<'static, str> {
        "OrganizationalUnit".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::try_from(json!({
            "description": "An organisational unit ID (ou-...) or the root ID (r-...)",
            "type": "string",
            "pattern": "^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$"
        }))
        .expect("an object")
    }
}

/// A number of accounts per region, or a percentage of them (`3` or `"25%"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    Count(u32),
    Percentage(u32),
}

impl Amount {
    /// How many of `accounts` this amount is: a percentage rounds down, as StackSets does.
    pub fn of(self, accounts: usize) -> usize {
        match self {
            Amount::Count(n) => n as usize,
            Amount::Percentage(p) => accounts * p as usize / 100,
        }
    }

    /// `3`, `25%`.
    pub fn shown(self) -> String {
        match self {
            Amount::Count(n) => n.to_string(),
            Amount::Percentage(p) => format!("{p}%"),
        }
    }
}

/// The largest count StackSets' operation preferences take.
const MAX_COUNT: u64 = 10_000;

fn parse_amount(text: &str, min: u32) -> Result<Amount, FleetValueError> {
    let refused = || FleetValueError::Amount {
        text: text.to_string(),
        min,
    };
    if let Some(number) = text.strip_suffix('%') {
        return match number.trim().parse::<u32>() {
            Ok(p) if (min..=100).contains(&p) => Ok(Amount::Percentage(p)),
            _ => Err(refused()),
        };
    }
    match text.parse::<u64>() {
        Ok(n) if (u64::from(min)..=MAX_COUNT).contains(&n) => Ok(Amount::Count(n as u32)),
        _ => Err(refused()),
    }
}

/// Maximum concurrency: at least one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concurrency(pub Amount);

/// Failure tolerance: zero or more accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tolerance(pub Amount);

macro_rules! amount_type {
    ($name:ident, $min:expr, $description:literal) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Text;
                impl Visitor<'_> for Text {
                    type Value = String;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("a count or a percentage")
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                        Ok(v.to_string())
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                        Ok(v.to_string())
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                        Ok(v.to_string())
                    }
                    // Debug keeps `2.0` a float, refused, where Display would read it as 2.
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                        Ok(format!("{v:?}"))
                    }
                }
                let text = deserializer.deserialize_any(Text)?;
                parse_amount(&text, $min).map($name).map_err(de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                Schema::try_from(json!({
                    "description": $description,
                    "oneOf": [
                        {"type": "integer", "minimum": $min, "maximum": MAX_COUNT},
                        {"type": "string", "pattern": "^[0-9]{1,3}%$"}
                    ]
                }))
                .expect("an object")
            }
        }
    };
}

amount_type!(
    Concurrency,
    1,
    "Accounts deployed at once per region: a count, or a percentage such as \"25%\""
);
amount_type!(
    Tolerance,
    0,
    "Failed accounts per region before the rollout stops: a count, or a percentage such as \"10%\""
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(AccountId::parse("111122223333").is_ok());
        assert!(AccountId::parse("11112222333")
            .unwrap_err()
            .to_string()
            .contains("12 digits"));
        assert!(AccountId::parse("11112222333a").is_err());
    }

    #[test]
    fn a_number_that_lost_its_zeros_is_told_to_quote() {
        let error = serde_norway::from_str::<AccountId>("12345678901").unwrap_err();
        assert!(error.to_string().contains("\"012345678901\""), "{error}");
        let read: AccountId = serde_norway::from_str("111122223333").unwrap();
        assert_eq!(read.0, "111122223333");
    }

    #[test]
    fn organisational_units_and_roots() {
        assert!(OrganizationalUnit::parse("ou-ab12-cd34ef56").is_ok());
        assert!(OrganizationalUnit::parse("r-ab12").is_ok());
        assert!(OrganizationalUnit::parse("ou-ab12").is_err());
        assert!(OrganizationalUnit::parse("OU-AB12-CD34EF56").is_err());
    }

    #[test]
    fn amounts_are_counts_or_percentages() {
        assert_eq!(parse_amount("3", 1), Ok(Amount::Count(3)));
        assert_eq!(parse_amount("25%", 1), Ok(Amount::Percentage(25)));
        assert!(parse_amount("0", 1)
            .unwrap_err()
            .to_string()
            .contains("1-10000"));
        assert_eq!(parse_amount("0", 0), Ok(Amount::Count(0)));
        assert!(parse_amount("101%", 0).is_err());
        assert!(parse_amount("1.5", 0).is_err());
        assert_eq!(Amount::Percentage(25).of(10), 2);
        assert_eq!(Amount::Count(4).of(10), 4);
    }
}
