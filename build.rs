//! Embeds the source hash of each Lambda artifact, so `synth` can name the content-addressed S3
//! key of its package without building it. The hashing lives in `src/assets/source_hash.rs`,
//! shared with the library and its tests.
//!
//! Also turns the resource schemas' index (`src/schema/data/index.tsv`) into a Rust table, so a
//! process finds a type's schema without first parsing 1,854 lines of text, and stores the
//! schemas of the types zael's own builders emit already inflated and encoded in the form the
//! layer-1 walk reads in place (`src/schema/encode.rs`), so `zael synth` validates its template
//! without inflating or parsing any.

include!("src/assets/source_hash.rs");

/// The encoded form of a schema record, shared with the library (`src/schema/node.rs` reads it).
mod encode {
    include!("src/schema/encode.rs");
}

fn main() {
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    for (krate, variable) in [
        (AGGREGATOR_CRATE, "ZAEL_AGGREGATOR_SOURCE_HASH"),
        (API_HANDLER_CRATE, "ZAEL_API_HANDLER_SOURCE_HASH"),
    ] {
        for file in crate_source_files(&root, krate) {
            println!("cargo:rerun-if-changed={file}");
        }
        // Directories: cargo notices files added to or removed from them.
        println!("cargo:rerun-if-changed={}/src", krate.dir);
        println!("cargo:rerun-if-changed={SUPPORT_DIR}/src");
        println!(
            "cargo:rustc-env={variable}={}",
            crate_source_hash(&root, krate)
        );
    }
    schema_index(&root);
    // The `zael` binary as a position-dependent executable: a position-independent one has
    // ~19,000 pointers in its tables (vtables, string slices in statics) for the dynamic loader
    // to relocate at every start, dirtying the pages they are on. Measured on `zael synth`:
    // 4.25 -> 3.91 ms CPU, 762 -> 671 page faults (`perf stat -r 300`). rustc links with
    // `-pie`; the later `-no-pie` wins. Only this binary: the library, the tests and the other
    // crates' binaries keep rustc's defaults. The binary as shipped is also static (another
    // 0.35 ms), built by `cargo build-zael` (.cargo/config.toml): rustc decides static
    // linking from a target feature that a build script cannot set for one binary.
    println!("cargo:rustc-link-arg-bin=zael=-no-pie");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.toml");
}

/// `OUT_DIR/schema_index.rs`: every type name in one string, and per type where its name is in
/// that string, where its zlib stream is in `resources.bin` and, for the types zael's builders
/// emit, where its encoded record is in `OUT_DIR/own_schemas.bin`; in the index's (sorted)
/// order. Plain integers, not `&str`s: a table of pointers would need relocating at every start.
fn schema_index(root: &std::path::Path) {
    let index = "src/schema/data/index.tsv";
    let blob = "src/schema/data/resources.bin";
    println!("cargo:rerun-if-changed={index}");
    println!("cargo:rerun-if-changed={blob}");
    println!("cargo:rerun-if-changed=src/schema/encode.rs");
    let text = std::fs::read_to_string(root.join(index)).expect("index.tsv is readable");
    let blob = std::fs::read(root.join(blob)).expect("resources.bin is readable");
    let own = own_types(root);
    let mut names = String::new();
    let mut entries = String::new();
    let mut encoded = Vec::new();
    let mut previous: Option<&str> = None;
    for (number, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, offset, len] = fields[..] else {
            panic!("{index}:{}: expected name, offset, length", number + 1);
        };
        assert!(previous < Some(name), "{index}:{}: not sorted", number + 1);
        previous = Some(name);
        let number = |field: &str| -> u32 {
            field
                .parse()
                .unwrap_or_else(|_| panic!("{index}:{}: {field:?} is not a number", number + 1))
        };
        let (offset, len) = (number(offset), number(len));
        let (encoded_start, encoded_len) = if own.iter().any(|t| t == name) {
            let packed = &blob[offset as usize..(offset + len) as usize];
            let inflated = miniz_oxide::inflate::decompress_to_vec_zlib(packed)
                .unwrap_or_else(|e| panic!("{name}'s schema does not inflate: {e:?}"));
            let text = String::from_utf8(inflated).expect("embedded schema data is UTF-8");
            let record = encode::encode_record(&text);
            let start = encoded.len();
            encoded.extend_from_slice(&record);
            (start, record.len())
        } else {
            (0, 0)
        };
        entries.push_str(&format!(
            "    Entry {{ name_start: {}, name_len: {}, offset: {offset}, len: {len}, encoded_start: {encoded_start}, encoded_len: {encoded_len} }},\n",
            names.len(),
            name.len(),
        ));
        names.push_str(name);
    }
    for name in &own {
        assert!(
            text.lines().any(|l| l.split('\t').next() == Some(name)),
            "src/resources names {name}, which {index} does not have"
        );
    }
    let table = format!(
        "/// Every type name, end to end.\n\
         static NAMES: &str = {names:?};\n\
         /// One per type, sorted by name.\n\
         static ENTRIES: [Entry; {count}] = [\n{entries}];\n",
        count = text.lines().count()
    );
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("schema_index.rs"), table).expect("OUT_DIR is writable");
    std::fs::write(out.join("own_schemas.bin"), encoded).expect("OUT_DIR is writable");
}

/// The types declared in src/resources, `pub struct Name as "AWS::Service::Type" {` in a
/// `cfn_struct!` or `l1_resource!(Name, "AWS::Service::Type"...)`: every type a blueprint's
/// template can hold.
fn own_types(root: &std::path::Path) -> Vec<String> {
    let dir = root.join("src/resources");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("src/resources is readable")
        .map(|entry| entry.expect("src/resources is readable").path())
        .collect();
    files.sort();
    let mut types = Vec::new();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let source = std::fs::read_to_string(&file).expect("src/resources is readable");
        for line in source.lines() {
            let line = line.trim_start();
            let declared = line.starts_with("l1_resource!(")
                || (line.starts_with("pub struct ") && line.contains(" as \""));
            if let Some(name) = line.split('"').nth(1).filter(|_| declared) {
                types.push(name.to_string());
            }
        }
    }
    types
}
