//! Embeds the aggregator artifact's source hash, so `synth` can name the content-addressed S3
//! key of the Lambda package without building it. The hashing lives in
//! `src/assets/source_hash.rs`, shared with the library and its tests.

include!("src/assets/source_hash.rs");

fn main() {
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    for file in source_files(&root) {
        println!("cargo:rerun-if-changed={file}");
    }
    // Directories: cargo notices files added to or removed from them.
    println!("cargo:rerun-if-changed={AGGREGATOR_DIR}/src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!(
        "cargo:rustc-env=ZAEL_AGGREGATOR_SOURCE_HASH={}",
        source_hash(&root)
    );
}
