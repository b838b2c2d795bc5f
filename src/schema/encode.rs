// A resource schema record in the form the layer-1 walk reads in place (`node.rs`): build.rs
// encodes zael's own types with it, so `zael synth` parses no JSON to validate its template;
// the other types are encoded the first time a process asks for them. Shared by `build.rs`
// (through `include!`, which is why this file has no module-level attributes or `use
// crate::` paths) and the library, so one encoder serves both and a test can hold the two
// equal.
//
// The layout, little-endian, every position absolute in the buffer:
//   null, false, true: the tag alone;
//   number: tag, its f64 (as `serde_json::Value::as_f64` gives it), u32 length, the text
//           serde_json writes for it;
//   string: tag, u32 length, the UTF-8 bytes;
//   array:  tag, u32 count, a u32 position per item;
//   object: tag (`TAG_OBJECT_WITH_REF` when one of its keys is `$ref`, so a walk that
//           resolves every node it visits skips the others without reading their keys),
//           u32 count, per entry the u32 position of its key (u32 length, bytes) and the u32
//           position of its value, in the record's order.

/// The tags of the encoded form.
pub const TAG_NULL: u8 = 0;
pub const TAG_FALSE: u8 = 1;
pub const TAG_TRUE: u8 = 2;
pub const TAG_NUMBER: u8 = 3;
pub const TAG_STRING: u8 = 4;
pub const TAG_ARRAY: u8 = 5;
pub const TAG_OBJECT: u8 = 6;
pub const TAG_OBJECT_WITH_REF: u8 = 7;

/// The keys taken out of a record's top level, in the order they follow it in the encoded
/// root: the walk reads the rest as the `Properties` object's schema.
pub const RECORD_PARTS: [&str; 6] = [
    "definitions",
    "readOnly",
    "createOnly",
    "conditionalCreateOnly",
    "writeOnly",
    "attributes",
];

/// A compact JSON record (`scripts/gen-schemas.py`) encoded: the root is a list of the record
/// without [`RECORD_PARTS`], then each part (null where the record has none).
pub fn encode_record(text: &str) -> Vec<u8> {
    let mut record: serde_json::Value =
        serde_json::from_str(text).expect("embedded schema data is JSON");
    let object = record
        .as_object_mut()
        .expect("embedded schema data is a JSON object");
    // `Map::remove`, as the parsed record had them removed before: with serde_json's
    // `preserve_order`, the last key moves into the removed one's place.
    let parts: Vec<serde_json::Value> = RECORD_PARTS
        .iter()
        .map(|key| object.remove(*key).unwrap_or(serde_json::Value::Null))
        .collect();
    let mut root = vec![record];
    root.extend(parts);
    let mut out = Vec::with_capacity(text.len() * 2);
    encode_value(&serde_json::Value::Array(root), &mut out);
    out
}

/// Appends `value` to `out`; returns where it starts.
pub fn encode_value(value: &serde_json::Value, out: &mut Vec<u8>) -> u32 {
    use serde_json::Value;
    let start = out.len() as u32;
    match value {
        Value::Null => out.push(TAG_NULL),
        Value::Bool(false) => out.push(TAG_FALSE),
        Value::Bool(true) => out.push(TAG_TRUE),
        Value::Number(number) => {
            out.push(TAG_NUMBER);
            let float = number.as_f64().expect("serde_json numbers have an f64");
            out.extend_from_slice(&float.to_le_bytes());
            encode_text(&number.to_string(), out);
        }
        Value::String(text) => {
            out.push(TAG_STRING);
            encode_text(text, out);
        }
        Value::Array(items) => {
            out.push(TAG_ARRAY);
            out.extend_from_slice(&(items.len() as u32).to_le_bytes());
            let table = out.len();
            out.resize(table + 4 * items.len(), 0);
            for (index, item) in items.iter().enumerate() {
                let at = encode_value(item, out);
                out[table + 4 * index..table + 4 * index + 4].copy_from_slice(&at.to_le_bytes());
            }
        }
        Value::Object(entries) => {
            out.push(if entries.contains_key("$ref") {
                TAG_OBJECT_WITH_REF
            } else {
                TAG_OBJECT
            });
            out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
            let table = out.len();
            out.resize(table + 8 * entries.len(), 0);
            for (index, (key, item)) in entries.iter().enumerate() {
                let key_at = out.len() as u32;
                encode_text(key, out);
                let value_at = encode_value(item, out);
                let slot = table + 8 * index;
                out[slot..slot + 4].copy_from_slice(&key_at.to_le_bytes());
                out[slot + 4..slot + 8].copy_from_slice(&value_at.to_le_bytes());
            }
        }
    }
    start
}

fn encode_text(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}
