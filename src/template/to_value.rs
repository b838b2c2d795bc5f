//! The template document from the L1 structs: `serde_json::to_value`, without hashing keys.
//!
//! Why: serde_json's maps (an `IndexMap` with std's `RandomState`) hash every key they
//! insert with SipHash, about 190 instructions for a short name, and a template inserts some
//! 900 keys, nearly all of them struct fields (`AlarmName`, `Properties`, `Fn::Sub`). A
//! struct's keys are `&'static str`s, and the same few dozen sets of them recur in every
//! template; so each set is built (and hashed) once per thread, kept as a map whose values
//! are `null`, and a struct's object is a clone of that map with its values put in order.
//! Cloning an `IndexMap` copies the stored hashes with the entries and the index table as it
//! is: no key is hashed again. The document is equal to what `serde_json::to_value` makes,
//! key for key and in the same order (a test holds every blueprint's equal); only the
//! maps' hash seeds differ, and nothing reads those.
//!
//! Scalars, sequences and maps with keys known only at run time (an `Expr::Map`) are made
//! as serde_json makes them, by serde_json's own serializer where nothing nests.

use std::cell::RefCell;

use serde::ser::{self, Serialize};
use serde_json::{Error, Map, Value};

use std::hash::{Hash, Hasher};

use crate::fast_hash::{FastMap, FxHasher};

/// `value` as a document, equal to `serde_json::to_value(value)`.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Value {
    value
        .serialize(ValueSerializer)
        .expect("template values serialize infallibly")
}

/// A map's keys, each a `&'static str` told apart by where it lives: the same field of the
/// same struct is the same pointer, so a set of keys is found without reading the text.
/// (Two copies of one text at two addresses make two shapes of equal maps: still correct.)
#[derive(Clone, Copy)]
pub(crate) struct Key(&'static str);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0.as_ptr(), other.0.as_ptr()) && self.0.len() == other.0.len()
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.as_ptr() as usize);
        state.write_usize(self.0.len());
    }
}

/// Per thread: each set of keys' map with `null` values, found by a fingerprint of the
/// keys' addresses and held with the keys themselves, which are compared before it is used.
#[derive(Default)]
struct Shapes {
    maps: FastMap<u64, Vec<Shape>>,
}

/// A set of keys, and its map with `null` values (`None` when the set names a key twice).
type Shape = (Box<[Key]>, Option<Map<String, Value>>);

thread_local! {
    static SHAPES: RefCell<Shapes> = RefCell::new(Shapes::default());
}

/// Below this many keys an object is made by inserting them, as serde_json does: cloning a
/// map costs about as much as hashing two or three keys (an intrinsic function's one key,
/// `Ref`, is most of the small ones).
const MANY: usize = 4;

/// An object with `&'static str` keys, its fields given in order: a struct's, or the
/// document's own (a resource's `Type`, `Properties`, ...).
pub(crate) enum Fields {
    Few(Map<String, Value>),
    Many(Vec<(Key, Value)>),
}

impl Fields {
    /// For `len` fields (more or fewer are taken; the count chooses how it is built).
    #[inline]
    pub(crate) fn with_capacity(len: usize) -> Self {
        if len < MANY {
            Fields::Few(Map::with_capacity(len))
        } else {
            Fields::Many(Vec::with_capacity(len))
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, key: &'static str, value: Value) {
        match self {
            Fields::Few(map) => {
                map.insert(key.to_owned(), value);
            }
            Fields::Many(entries) => entries.push((Key(key), value)),
        }
    }

    pub(crate) fn finish(self) -> Value {
        match self {
            Fields::Few(map) => Value::Object(map),
            Fields::Many(entries) => {
                Value::Object(SHAPES.with(|shapes| shapes.borrow_mut().object(entries)))
            }
        }
    }
}

impl Shapes {
    fn object(&mut self, entries: Vec<(Key, Value)>) -> Map<String, Value> {
        let mut fingerprint = FxHasher::default();
        for (key, _) in &entries {
            key.hash(&mut fingerprint);
        }
        let same = self.maps.entry(fingerprint.finish()).or_default();
        let keys_match = |keys: &[Key]| {
            keys.len() == entries.len() && keys.iter().zip(&entries).all(|(a, (b, _))| a == b)
        };
        let index = match same.iter().position(|(keys, _)| keys_match(keys)) {
            Some(index) => index,
            None => {
                let mut map = Map::with_capacity(entries.len());
                for (key, _) in &entries {
                    map.insert(key.0.to_owned(), Value::Null);
                }
                // A key given twice (no derived struct does) makes a shorter map, which the
                // values cannot be laid into in order: such a set is not kept.
                let kept = (map.len() == entries.len()).then_some(map);
                same.push((entries.iter().map(|(key, _)| *key).collect(), kept));
                same.len() - 1
            }
        };
        match &same[index].1 {
            Some(empty) => {
                let mut object = empty.clone();
                for (slot, (_, value)) in object.values_mut().zip(entries) {
                    *slot = value;
                }
                object
            }
            None => {
                let mut object = Map::with_capacity(entries.len());
                for (key, value) in entries {
                    object.insert(key.0.to_owned(), value);
                }
                object
            }
        }
    }
}

/// serde's serializer into a `Value`, as `serde_json::value::Serializer` with structs
/// (and struct variants' bodies) made from their key sets' maps.
struct ValueSerializer;

/// serde_json's serializer, for what holds nothing that nests.
fn json() -> serde_json::value::Serializer {
    serde_json::value::Serializer
}

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Variant;
    type SerializeMap = DynamicMap;
    type SerializeStruct = Struct;
    // A struct variant is written by serde_json's own serializer: the same object, its keys
    // hashed as serde_json hashes them.
    type SerializeStructVariant =
        <serde_json::value::Serializer as ser::Serializer>::SerializeStructVariant;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        ser::Serializer::serialize_i8(json(), v)
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        ser::Serializer::serialize_i16(json(), v)
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        ser::Serializer::serialize_i32(json(), v)
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        ser::Serializer::serialize_i64(json(), v)
    }
    fn serialize_i128(self, v: i128) -> Result<Value, Error> {
        ser::Serializer::serialize_i128(json(), v)
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        ser::Serializer::serialize_u8(json(), v)
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        ser::Serializer::serialize_u16(json(), v)
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        ser::Serializer::serialize_u32(json(), v)
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        ser::Serializer::serialize_u64(json(), v)
    }
    fn serialize_u128(self, v: u128) -> Result<Value, Error> {
        ser::Serializer::serialize_u128(json(), v)
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        ser::Serializer::serialize_f32(json(), v)
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        ser::Serializer::serialize_f64(json(), v)
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        ser::Serializer::serialize_char(json(), v)
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(Value::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        ser::Serializer::serialize_bytes(json(), v)
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(Value::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        // serde_json's private tokens (a `RawValue`) are its to read.
        if name.starts_with("$serde_json") {
            return ser::Serializer::serialize_newtype_struct(json(), name, value);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        Ok(variant_object(variant, value.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant, Error> {
        Ok(Variant {
            variant,
            body: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<DynamicMap, Error> {
        Ok(DynamicMap {
            map: Map::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Struct, Error> {
        if name.starts_with("$serde_json") {
            // serde_json's private tokens (a `RawValue`, a number kept as text).
            return Ok(Struct::Json(ser::Serializer::serialize_struct(
                json(),
                name,
                len,
            )?));
        }
        Ok(Struct::Fields(Fields::with_capacity(len)))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        serde_json::value::Serializer.serialize_struct_variant(name, index, variant, len)
    }
}

pub(crate) struct Seq(Vec<Value>);

impl ser::SerializeSeq for Seq {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.0.push(value.serialize(ValueSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(Value::Array(self.0))
    }
}

/// A tuple and a tuple struct are lists in the document, as serde_json writes them: each
/// trait's calls are the sequence's.
macro_rules! written_as_seq {
    ($trait:ident, $element:ident) => {
        impl ser::$trait for Seq {
            type Ok = Value;
            type Error = Error;
            fn $element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                ser::SerializeSeq::serialize_element(self, value)
            }
            fn end(self) -> Result<Value, Error> {
                ser::SerializeSeq::end(self)
            }
        }
    };
}

written_as_seq!(SerializeTuple, serialize_element);
written_as_seq!(SerializeTupleStruct, serialize_field);

/// A map whose keys are known only as it is written (an `Expr::Map`): made as serde_json
/// makes it, each key hashed as inserted.
pub(crate) struct DynamicMap {
    map: Map<String, Value>,
    key: Option<String>,
}

impl ser::SerializeMap for DynamicMap {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        // serde_json's rule for keys: text, or a number or boolean written as text.
        self.key = Some(match key.serialize(ValueSerializer)? {
            Value::String(key) => key,
            Value::Number(key) => key.to_string(),
            Value::Bool(key) => key.to_string(),
            _ => return Err(ser::Error::custom("key must be a string")),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .expect("serialize_value called before serialize_key");
        self.map.insert(key, value.serialize(ValueSerializer)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(Value::Object(self.map))
    }
}

pub(crate) enum Struct {
    Fields(Fields),
    Json(<serde_json::value::Serializer as ser::Serializer>::SerializeStruct),
}

impl ser::SerializeStruct for Struct {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match self {
            Struct::Fields(fields) => {
                let value = value.serialize(ValueSerializer)?;
                fields.push(key, value);
                Ok(())
            }
            Struct::Json(json) => ser::SerializeStruct::serialize_field(json, key, value),
        }
    }
    fn end(self) -> Result<Value, Error> {
        match self {
            Struct::Fields(fields) => Ok(fields.finish()),
            Struct::Json(json) => ser::SerializeStruct::end(json),
        }
    }
}

/// `{variant: [fields]}`, as serde_json writes an enum's tuple variant.
pub(crate) struct Variant {
    variant: &'static str,
    body: Seq,
}

/// `{variant: body}`: how serde_json writes an enum's newtype and tuple variants.
fn variant_object(variant: &'static str, body: Value) -> Value {
    let mut fields = Fields::with_capacity(1);
    fields.push(variant, body);
    fields.finish()
}

impl ser::SerializeTupleVariant for Variant {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(&mut self.body, value)
    }
    fn end(self) -> Result<Value, Error> {
        let body = ser::SerializeSeq::end(self.body)?;
        Ok(variant_object(self.variant, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::cloudwatch::{
        Alarm, ComparisonOperator, Dimension, Statistic, TreatMissingData,
    };
    use crate::template::{Expr, Output};

    /// The same text as serde_json writes from the value itself: keys, values and order.
    fn assert_as_serde_json<T: Serialize>(value: &T) {
        let expected = serde_json::to_string(value).unwrap();
        // Twice: the first builds the key set's map, the second clones it.
        for _ in 0..2 {
            let document = to_value(value);
            assert_eq!(serde_json::to_string(&document).unwrap(), expected);
            assert_eq!(document, serde_json::to_value(value).unwrap());
        }
    }

    fn alarm(name: Option<&str>, tags: bool) -> Alarm {
        Alarm {
            alarm_name: name.map(Expr::str),
            alarm_description: Expr::sub("${Threshold} errors"),
            namespace: "AWS/Lambda".into(),
            metric_name: "Errors".into(),
            dimensions: vec![Dimension {
                name: "FunctionName".into(),
                value: Expr::Ref("Fn".into()),
            }],
            statistic: Some(Statistic::Sum),
            extended_statistic: None,
            period: 60,
            evaluation_periods: 3,
            threshold: Expr::Int(-2),
            comparison_operator: ComparisonOperator::GreaterThanThreshold,
            treat_missing_data: TreatMissingData::NotBreaching,
            alarm_actions: vec![Expr::Ref("Topic".into())],
            ok_actions: Vec::new(),
            tags: if tags {
                vec![crate::resources::Tag::new("team", "limits")]
            } else {
                Vec::new()
            },
        }
    }

    #[test]
    fn structs_are_the_objects_serde_json_makes_whichever_fields_are_left_out() {
        assert_as_serde_json(&alarm(Some("A"), false));
        assert_as_serde_json(&alarm(None, false));
        assert_as_serde_json(&alarm(Some("B"), true));
        assert_as_serde_json(&vec![alarm(Some("C"), true), alarm(None, true)]);
        assert_as_serde_json(&Output::new("d", Expr::Ref("X".into())).exported_as("X"));
    }

    #[test]
    fn enum_variants_tuples_and_tuple_structs_are_what_serde_json_makes() {
        #[derive(serde::Serialize)]
        struct Pair(u8, &'static str);
        #[derive(serde::Serialize)]
        enum Shape {
            Unit,
            Newtype(u8),
            Tuple(u8, &'static str),
            Struct { width: u8, label: &'static str },
        }
        assert_as_serde_json(&(1, "two", [3.5]));
        assert_as_serde_json(&Pair(1, "two"));
        assert_as_serde_json(&vec![
            Shape::Unit,
            Shape::Newtype(1),
            Shape::Tuple(2, "t"),
            Shape::Struct {
                width: 3,
                label: "s",
            },
        ]);
    }

    #[test]
    fn every_expression_is_the_object_serde_json_makes() {
        let b = |e: Expr| Box::new(e);
        let exprs = vec![
            Expr::Str("s".into()),
            Expr::Int(7),
            Expr::Bool(true),
            Expr::List(vec![Expr::Int(1), Expr::Str("x".into())]),
            Expr::Map(vec![("b".into(), 1i64.into()), ("a".into(), 2i64.into())]),
            Expr::Ref("R".into()),
            Expr::GetAtt("T".into(), "Arn".into()),
            Expr::Sub("${A}".into()),
            Expr::SubWith("${A}".into(), vec![("A".into(), Expr::Ref("P".into()))]),
            Expr::Join(",".into(), vec!["a".into(), Expr::Ref("P".into())]),
            Expr::if_("C", 1i64, Expr::no_value()),
            Expr::equals(Expr::Ref("P".into()), ""),
            !Expr::equals(Expr::Ref("P".into()), ""),
            Expr::And(vec![
                Expr::Condition("A".into()),
                Expr::Condition("B".into()),
            ]),
            Expr::Or(vec![Expr::Condition("A".into())]),
            Expr::Select(1, b(Expr::GetAZs(b("".into())))),
            Expr::Split(",".into(), b(Expr::Ref("L".into()))),
            Expr::ImportValue(b(Expr::sub("${AWS::StackName}-X"))),
            Expr::FindInMap("M".into(), b("a".into()), b("b".into())),
            Expr::Base64(b("text".into())),
        ];
        for expr in &exprs {
            assert_as_serde_json(expr);
        }
        assert_as_serde_json(&exprs);
    }
}
