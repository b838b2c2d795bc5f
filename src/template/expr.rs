//! One enum for every value a template holds: literals and intrinsic functions.
//!
//! Builders never write raw JSON; they build `Expr` values, and serialization emits exactly the
//! long form CloudFormation documents (`{"Ref": ..}`, `{"Fn::GetAtt": [..]}`), which YAML and JSON
//! share, so both outputs carry the same document.

use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Expr>),
    /// A literal object whose keys keep the order they were given in.
    Map(Vec<(String, Expr)>),
    /// `Ref` to a parameter, a resource or a pseudo parameter such as `AWS::Region`.
    Ref(String),
    GetAtt(String, String),
    /// `Fn::Sub` with `${Name}` variables resolved by CloudFormation.
    Sub(String),
    /// `Fn::Sub` with an explicit variable map.
    SubWith(String, Vec<(String, Expr)>),
    Join(String, Vec<Expr>),
    /// `Fn::If [condition, when_true, when_false]`.
    If(String, Box<Expr>, Box<Expr>),
    Equals(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// A reference to a named condition inside another condition expression.
    Condition(String),
    Select(u32, Box<Expr>),
    Split(String, Box<Expr>),
    GetAZs(Box<Expr>),
    ImportValue(Box<Expr>),
    FindInMap(String, Box<Expr>, Box<Expr>),
    Base64(Box<Expr>),
}

/// Pseudo parameters CloudFormation resolves at deploy time.
pub mod pseudo {
    pub const ACCOUNT_ID: &str = "AWS::AccountId";
    pub const PARTITION: &str = "AWS::Partition";
    pub const REGION: &str = "AWS::Region";
    pub const STACK_NAME: &str = "AWS::StackName";
    pub const STACK_ID: &str = "AWS::StackId";
    pub const URL_SUFFIX: &str = "AWS::URLSuffix";
    pub const NO_VALUE: &str = "AWS::NoValue";
    pub const NOTIFICATION_ARNS: &str = "AWS::NotificationARNs";

    /// Every pseudo parameter name, for reference checks.
    pub const ALL: &[&str] = &[
        ACCOUNT_ID,
        PARTITION,
        REGION,
        STACK_NAME,
        STACK_ID,
        URL_SUFFIX,
        NO_VALUE,
        NOTIFICATION_ARNS,
    ];
}

impl Expr {
    pub fn str(value: impl Into<String>) -> Self {
        Expr::Str(value.into())
    }

    pub fn sub(template: impl Into<String>) -> Self {
        Expr::Sub(template.into())
    }

    /// `Ref AWS::NoValue`: removes the property it is assigned to.
    pub fn no_value() -> Self {
        Expr::Ref(pseudo::NO_VALUE.to_string())
    }

    pub fn pseudo(name: &'static str) -> Self {
        debug_assert!(
            pseudo::ALL.contains(&name),
            "unknown pseudo parameter {name}"
        );
        Expr::Ref(name.to_string())
    }

    pub fn if_(condition: &str, when_true: impl Into<Expr>, when_false: impl Into<Expr>) -> Self {
        Expr::If(
            condition.to_string(),
            Box::new(when_true.into()),
            Box::new(when_false.into()),
        )
    }

    pub fn equals(left: impl Into<Expr>, right: impl Into<Expr>) -> Self {
        Expr::Equals(Box::new(left.into()), Box::new(right.into()))
    }

    pub fn list<T: Into<Expr>>(items: impl IntoIterator<Item = T>) -> Self {
        Expr::List(items.into_iter().map(Into::into).collect())
    }

    /// The literal string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The literal integer, if this is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Expr::Int(n) => Some(*n),
            _ => None,
        }
    }
}

/// `Fn::Not`, so conditions read as `!Expr::equals(..)`.
impl std::ops::Not for Expr {
    type Output = Expr;

    fn not(self) -> Expr {
        Expr::Not(Box::new(self))
    }
}

impl From<&str> for Expr {
    fn from(value: &str) -> Self {
        Expr::Str(value.to_string())
    }
}

impl From<String> for Expr {
    fn from(value: String) -> Self {
        Expr::Str(value)
    }
}

impl From<&String> for Expr {
    fn from(value: &String) -> Self {
        Expr::Str(value.clone())
    }
}

impl From<i64> for Expr {
    fn from(value: i64) -> Self {
        Expr::Int(value)
    }
}

impl From<u32> for Expr {
    fn from(value: u32) -> Self {
        Expr::Int(i64::from(value))
    }
}

impl From<bool> for Expr {
    fn from(value: bool) -> Self {
        Expr::Bool(value)
    }
}

impl<T: Into<Expr>> From<Vec<T>> for Expr {
    fn from(items: Vec<T>) -> Self {
        Expr::list(items)
    }
}

/// `{"Fn::X": value}`: the shape every intrinsic function shares. Written as a struct of
/// one field, which every format writes as the map it is: its name is then a `&'static str`,
/// which the document's builder knows without hashing it (`to_value`).
fn intrinsic<S: Serializer, V: Serialize + ?Sized>(
    serializer: S,
    name: &'static str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_struct("Intrinsic", 1)?;
    map.serialize_field(name, value)?;
    map.end()
}

/// A heterogeneous argument list such as `[condition, a, b]`.
struct Args<'a>(&'a [Arg<'a>]);

enum Arg<'a> {
    Text(&'a str),
    Int(u32),
    One(&'a Expr),
    Many(&'a [Expr]),
    Vars(&'a [(String, Expr)]),
}

impl Serialize for Args<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for arg in self.0 {
            match arg {
                Arg::Text(text) => seq.serialize_element(text)?,
                Arg::Int(n) => seq.serialize_element(n)?,
                Arg::One(expr) => seq.serialize_element(expr)?,
                Arg::Many(exprs) => seq.serialize_element(exprs)?,
                Arg::Vars(vars) => seq.serialize_element(&Entries(vars))?,
            }
        }
        seq.end()
    }
}

struct Entries<'a>(&'a [(String, Expr)]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use Arg::*;
        match self {
            Expr::Str(s) => serializer.serialize_str(s),
            Expr::Int(n) => serializer.serialize_i64(*n),
            Expr::Bool(b) => serializer.serialize_bool(*b),
            Expr::List(items) => items.serialize(serializer),
            Expr::Map(entries) => Entries(entries).serialize(serializer),
            Expr::Ref(name) => intrinsic(serializer, "Ref", name),
            Expr::GetAtt(id, attribute) => {
                intrinsic(serializer, "Fn::GetAtt", &[id.as_str(), attribute.as_str()])
            }
            Expr::Sub(template) => intrinsic(serializer, "Fn::Sub", template),
            Expr::SubWith(template, vars) => {
                intrinsic(serializer, "Fn::Sub", &Args(&[Text(template), Vars(vars)]))
            }
            Expr::Join(delimiter, parts) => intrinsic(
                serializer,
                "Fn::Join",
                &Args(&[Text(delimiter), Many(parts)]),
            ),
            Expr::If(condition, a, b) => intrinsic(
                serializer,
                "Fn::If",
                &Args(&[Text(condition), One(a), One(b)]),
            ),
            Expr::Equals(a, b) => intrinsic(serializer, "Fn::Equals", &Args(&[One(a), One(b)])),
            Expr::Not(inner) => intrinsic(serializer, "Fn::Not", &[inner.as_ref()]),
            Expr::And(items) => intrinsic(serializer, "Fn::And", items),
            Expr::Or(items) => intrinsic(serializer, "Fn::Or", items),
            Expr::Condition(name) => intrinsic(serializer, "Condition", name),
            Expr::Select(index, list) => {
                intrinsic(serializer, "Fn::Select", &Args(&[Int(*index), One(list)]))
            }
            Expr::Split(delimiter, source) => intrinsic(
                serializer,
                "Fn::Split",
                &Args(&[Text(delimiter), One(source)]),
            ),
            Expr::GetAZs(region) => intrinsic(serializer, "Fn::GetAZs", region),
            Expr::ImportValue(name) => intrinsic(serializer, "Fn::ImportValue", name),
            Expr::FindInMap(map, top, second) => intrinsic(
                serializer,
                "Fn::FindInMap",
                &Args(&[Text(map), One(top), One(second)]),
            ),
            Expr::Base64(inner) => intrinsic(serializer, "Fn::Base64", inner),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn json_of(expr: &Expr) -> serde_json::Value {
        serde_json::to_value(expr).unwrap()
    }

    #[test]
    fn intrinsics_serialize_in_cloudformation_long_form() {
        assert_eq!(json_of(&Expr::Ref("T".into())), json!({"Ref": "T"}));
        assert_eq!(
            json_of(&Expr::GetAtt("T".into(), "Arn".into())),
            json!({"Fn::GetAtt": ["T", "Arn"]})
        );
        assert_eq!(
            json_of(&Expr::if_("C", 1i64, Expr::no_value())),
            json!({"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]})
        );
        assert_eq!(
            json_of(&Expr::SubWith(
                "${A}-x".into(),
                vec![("A".into(), "v".into())]
            )),
            json!({"Fn::Sub": ["${A}-x", {"A": "v"}]})
        );
        assert_eq!(
            json_of(&Expr::Join(
                ",".into(),
                vec!["a".into(), Expr::Ref("P".into())]
            )),
            json!({"Fn::Join": [",", ["a", {"Ref": "P"}]]})
        );
        assert_eq!(
            json_of(&Expr::Select(
                1,
                Box::new(Expr::GetAZs(Box::new("".into())))
            )),
            json!({"Fn::Select": [1, {"Fn::GetAZs": ""}]})
        );
        assert_eq!(
            json_of(&!Expr::equals(Expr::Ref("P".into()), "")),
            json!({"Fn::Not": [{"Fn::Equals": [{"Ref": "P"}, ""]}]})
        );
    }

    #[test]
    fn literal_maps_keep_their_key_order() {
        let map = Expr::Map(vec![("b".into(), 1i64.into()), ("a".into(), 2i64.into())]);
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"b":1,"a":2}"#);
    }
}
