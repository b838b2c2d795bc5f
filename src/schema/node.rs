//! A schema node read in place from its encoded form (`encode.rs`): no parsing, no allocation,
//! no hashing. The schemas of zael's own types are encoded at build time, so `zael synth`
//! validates its template reading them straight from the binary; deserializing them into
//! `serde_json::Value`s was a quarter of its instructions.
//!
//! The accessors mirror `serde_json::Value`'s; [`Node::to_value`] gives the value itself
//! where a message prints it or a rare comparison needs it.

use std::fmt;

use serde_json::Value;

use super::encode::{
    TAG_ARRAY, TAG_FALSE, TAG_NULL, TAG_NUMBER, TAG_OBJECT, TAG_OBJECT_WITH_REF, TAG_STRING,
    TAG_TRUE,
};

/// One node of an encoded schema.
#[derive(Clone, Copy)]
pub struct Node {
    data: &'static [u8],
    at: u32,
}

/// An object node's entries, in the record's order.
#[derive(Clone, Copy)]
pub struct Object {
    data: &'static [u8],
    /// Where the entry table starts.
    table: u32,
    len: u32,
}

/// A list node's items.
#[derive(Clone, Copy)]
pub struct Array {
    data: &'static [u8],
    table: u32,
    len: u32,
}

fn u32_at(data: &[u8], at: u32) -> u32 {
    let at = at as usize;
    u32::from_le_bytes(data[at..at + 4].try_into().expect("four bytes"))
}

/// The text (a key, a string's or a number's) whose length is at `at`.
fn text_at(data: &'static [u8], at: u32) -> &'static str {
    let len = u32_at(data, at) as usize;
    let start = at as usize + 4;
    // The encoder wrote these bytes from a `&str`; checking them again would cost what the
    // encoded form saves.
    std::str::from_utf8(&data[start..start + len]).expect("the encoder wrote UTF-8")
}

impl Node {
    /// The root of an encoded buffer.
    pub fn root(data: &'static [u8]) -> Node {
        Node { data, at: 0 }
    }

    /// `value` encoded into a buffer kept for the process: for schemas a test writes.
    pub fn leak(value: &Value) -> Node {
        let mut out = Vec::new();
        super::encode::encode_value(value, &mut out);
        Node::root(Box::leak(out.into_boxed_slice()))
    }

    /// The node at `position` of `data`, an encoded buffer (for [`Node::position`]s kept
    /// apart from their buffer).
    pub fn at(data: &'static [u8], position: u32) -> Node {
        Node { data, at: position }
    }

    /// Where the node is in its buffer.
    pub fn position(&self) -> u32 {
        self.at
    }

    /// Which node this is: its buffer and its place there, distinct for every node of every
    /// schema a process holds (the buffers live as long as it does).
    pub fn identity(&self) -> (usize, u32) {
        (self.data.as_ptr() as usize, self.at)
    }

    fn tag(&self) -> u8 {
        self.data[self.at as usize]
    }

    pub fn is_object(&self) -> bool {
        matches!(self.tag(), TAG_OBJECT | TAG_OBJECT_WITH_REF)
    }

    /// Whether the node is an object with a `$ref` key (known without reading its keys).
    pub fn has_ref(&self) -> bool {
        self.tag() == TAG_OBJECT_WITH_REF
    }

    pub fn is_array(&self) -> bool {
        self.tag() == TAG_ARRAY
    }

    pub fn as_object(&self) -> Option<Object> {
        self.is_object().then(|| Object {
            data: self.data,
            table: self.at + 5,
            len: u32_at(self.data, self.at + 1),
        })
    }

    pub fn as_array(&self) -> Option<Array> {
        (self.tag() == TAG_ARRAY).then(|| Array {
            data: self.data,
            table: self.at + 5,
            len: u32_at(self.data, self.at + 1),
        })
    }

    pub fn as_str(&self) -> Option<&'static str> {
        (self.tag() == TAG_STRING).then(|| text_at(self.data, self.at + 1))
    }

    /// A string's bytes, not checked as UTF-8: for comparing it with known names.
    pub fn as_str_bytes(&self) -> Option<&'static [u8]> {
        (self.tag() == TAG_STRING).then(|| {
            let at = self.at + 1;
            let len = u32_at(self.data, at) as usize;
            let start = at as usize + 4;
            &self.data[start..start + len]
        })
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.tag() {
            TAG_TRUE => Some(true),
            TAG_FALSE => Some(false),
            _ => None,
        }
    }

    /// A number as `serde_json::Value::as_f64` gives it (stored so, not parsed again).
    pub fn as_f64(&self) -> Option<f64> {
        (self.tag() == TAG_NUMBER).then(|| {
            let at = self.at as usize + 1;
            f64::from_le_bytes(self.data[at..at + 8].try_into().expect("eight bytes"))
        })
    }

    /// The value of `key`, for an object node.
    pub fn get(&self, key: &str) -> Option<Node> {
        self.as_object()?.get(key)
    }

    /// The node as the `serde_json::Value` it was encoded from.
    pub fn to_value(&self) -> Value {
        match self.tag() {
            TAG_NULL => Value::Null,
            TAG_FALSE => Value::Bool(false),
            TAG_TRUE => Value::Bool(true),
            TAG_NUMBER => Value::Number(
                text_at(self.data, self.at + 9)
                    .parse()
                    .expect("serde_json writes numbers it reads"),
            ),
            TAG_STRING => Value::String(text_at(self.data, self.at + 1).to_string()),
            TAG_ARRAY => Value::Array(
                self.as_array()
                    .expect("tagged")
                    .iter()
                    .map(|n| n.to_value())
                    .collect(),
            ),
            TAG_OBJECT | TAG_OBJECT_WITH_REF => Value::Object(
                self.as_object()
                    .expect("tagged")
                    .iter()
                    .map(|(k, n)| (k.to_string(), n.to_value()))
                    .collect(),
            ),
            tag => unreachable!("the encoder writes no tag {tag}"),
        }
    }
}

/// JSON, as `serde_json::Value` prints it.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_value().fmt(f)
    }
}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_value().fmt(f)
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Object {
    /// The encoded buffer the object is in.
    pub fn data(&self) -> &'static [u8] {
        self.data
    }

    /// Which object this is: its buffer and where its entries are, distinct for every
    /// object of every schema a process holds (the buffers live as long as it does).
    pub fn identity(&self) -> (usize, u32) {
        (self.data.as_ptr() as usize, self.table)
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn entry(&self, index: u32) -> (&'static str, Node) {
        let slot = self.table + 8 * index;
        let key = text_at(self.data, u32_at(self.data, slot));
        let value = Node {
            data: self.data,
            at: u32_at(self.data, slot + 4),
        };
        (key, value)
    }

    /// The value of `key` (a serde_json map, which the encoder read, holds each key once).
    pub fn get(&self, key: &str) -> Option<Node> {
        self.get_bytes(key.as_bytes())
    }

    /// [`Object::get`] of a key given as bytes.
    pub fn get_bytes(&self, key: &[u8]) -> Option<Node> {
        // The keys are few, or (a `properties` mapping) compared by length and first byte
        // before the rest: a scan costs less than hashing the key.
        let first = key.first();
        (0..self.len).find_map(|index| {
            let slot = self.table + 8 * index;
            let key_at = u32_at(self.data, slot);
            let len = u32_at(self.data, key_at) as usize;
            let start = key_at as usize + 4;
            let name = &self.data[start..start + len];
            (len == key.len() && name.first() == first && name == key).then(|| Node {
                data: self.data,
                at: u32_at(self.data, slot + 4),
            })
        })
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The entries with their keys as bytes, not yet checked as UTF-8: for matching keys
    /// against known names (the walk reads every node's keywords this way).
    pub fn iter_bytes(self) -> impl Iterator<Item = (&'static [u8], Node)> {
        (0..self.len).map(move |index| {
            let slot = self.table + 8 * index;
            let key_at = u32_at(self.data, slot);
            let len = u32_at(self.data, key_at) as usize;
            let start = key_at as usize + 4;
            let value = Node {
                data: self.data,
                at: u32_at(self.data, slot + 4),
            };
            (&self.data[start..start + len], value)
        })
    }

    /// The entries (an `Object` is a copyable view: iterating does not borrow it).
    pub fn iter(self) -> impl Iterator<Item = (&'static str, Node)> {
        (0..self.len).map(move |index| self.entry(index))
    }

    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        self.iter().map(|(key, _)| key)
    }
}

impl Array {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<Node> {
        (index < self.len as usize).then(|| Node {
            data: self.data,
            at: u32_at(self.data, self.table + 4 * index as u32),
        })
    }

    /// The items (an `Array` is a copyable view: iterating does not borrow it).
    pub fn iter(self) -> impl Iterator<Item = Node> {
        (0..self.len as usize).map(move |index| self.get(index).expect("in range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_value_reads_back_as_it_was_written() {
        let value = serde_json::json!({
            "type": "object", "b": [1, -2, 2.5, 1e300, 18446744073709551615u64, null, true, false],
            "é\"": {"nested": {}, "empty": []}, "a": "text with \u{1F600}"
        });
        let node = Node::leak(&value);
        assert_eq!(node.to_value(), value);
        assert!(
            !node.has_ref() && Node::leak(&serde_json::json!({"a": 1, "$ref": "#/x"})).has_ref()
        );
        assert_eq!(node.to_string(), value.to_string(), "order is kept");
        assert_eq!(node.get("type").and_then(|n| n.as_str()), Some("object"));
        let list = node.get("b").and_then(|n| n.as_array()).unwrap();
        assert_eq!(list.len(), 8);
        let numbers: Vec<Option<f64>> = list.iter().map(|n| n.as_f64()).collect();
        let expected: Vec<Option<f64>> = value["b"]
            .as_array()
            .unwrap()
            .iter()
            .map(Value::as_f64)
            .collect();
        assert_eq!(numbers, expected);
        assert_eq!(list.get(6).and_then(|n| n.as_bool()), Some(true));
        assert!(list.get(8).is_none() && node.get("missing").is_none());
        let keys: Vec<&str> = node.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["type", "b", "é\"", "a"]);
        assert!(node
            .get("é\"")
            .unwrap()
            .get("nested")
            .unwrap()
            .as_object()
            .unwrap()
            .is_empty());
    }
}
