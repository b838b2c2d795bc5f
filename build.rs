//! Embeds the source hash of each Lambda artifact, so `synth` can name the content-addressed S3
//! key of its package without building it. The hashing lives in `src/assets/source_hash.rs`,
//! shared with the library and its tests.
//!
//! Also turns the resource schemas' index (`src/schema/data/index.tsv`) into a Rust table, so a
//! process finds a type's schema without first parsing 1,854 lines of text (a tenth of what
//! `zael synth` spent before main's work began).

include!("src/assets/source_hash.rs");

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
    // crates' binaries keep rustc's defaults. (A static binary saves another 0.4 ms, but rustc
    // decides static linking from a target feature that cargo cannot set for one binary.)
    println!("cargo:rustc-link-arg-bin=zael=-no-pie");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.toml");
}

/// `OUT_DIR/schema_index.rs`: every type name in one string, and per type where its name is in
/// that string and where its zlib stream is in `resources.bin`, in the index's (sorted) order.
/// Plain integers, not `&str`s: a table of pointers would need relocating at every start.
fn schema_index(root: &std::path::Path) {
    let index = "src/schema/data/index.tsv";
    println!("cargo:rerun-if-changed={index}");
    let text = std::fs::read_to_string(root.join(index)).expect("index.tsv is readable");
    let mut names = String::new();
    let mut entries = String::new();
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
        entries.push_str(&format!(
            "    Entry {{ name_start: {}, name_len: {}, offset: {}, len: {} }},\n",
            names.len(),
            name.len(),
            number(offset),
            number(len)
        ));
        names.push_str(name);
    }
    let table = format!(
        "/// Every type name, end to end.\n\
         static NAMES: &str = {names:?};\n\
         /// One per type, sorted by name.\n\
         static ENTRIES: [Entry; {count}] = [\n{entries}];\n",
        count = text.lines().count()
    );
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("schema_index.rs");
    std::fs::write(out, table).expect("OUT_DIR is writable");
}
