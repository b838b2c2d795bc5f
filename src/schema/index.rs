//! The embedded table: one zlib stream per type, found by a binary search of `index.tsv`.
//! A type is inflated and parsed the first time it is asked for, once per process.

use std::sync::OnceLock;

use super::ResourceType;

static BLOB: &[u8] = include_bytes!("data/resources.bin");
static INDEX: &str = include_str!("data/index.tsv");

struct Entry {
    name: &'static str,
    offset: usize,
    len: usize,
    parsed: OnceLock<ResourceType>,
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        INDEX
            .lines()
            .map(|line| {
                let mut fields = line.split('\t');
                let mut next = || fields.next().expect("index.tsv has three fields a line");
                let name = next();
                let offset = next().parse().expect("index.tsv offset");
                let len = next().parse().expect("index.tsv length");
                Entry {
                    name,
                    offset,
                    len,
                    parsed: OnceLock::new(),
                }
            })
            .collect()
    })
}

/// The schema of `type_name` (e.g. `AWS::DynamoDB::Table`), or `None` when CloudFormation has
/// no such type in us-east-1. Custom resources (`Custom::*`) are not in the table: see
/// [`super::is_custom`].
pub fn resource_type(type_name: &str) -> Option<&'static ResourceType> {
    let entries = entries();
    let found = entries.binary_search_by(|e| e.name.cmp(type_name)).ok()?;
    let entry = &entries[found];
    Some(entry.parsed.get_or_init(|| {
        let packed = &BLOB[entry.offset..entry.offset + entry.len];
        let text = miniz_oxide::inflate::decompress_to_vec_zlib(packed)
            .expect("embedded schema data inflates (scripts/gen-schemas.py wrote it)");
        let record = serde_json::from_slice(&text).expect("embedded schema data is JSON");
        ResourceType::new(entry.name, record)
    }))
}

/// Every type name in the table, sorted: for suggestions when a template names none of them.
pub fn type_names() -> impl Iterator<Item = &'static str> {
    entries().iter().map(|e| e.name)
}
