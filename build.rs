//! Embeds the source hash of each Lambda artifact, so `synth` can name the content-addressed S3
//! key of its package without building it. The hashing lives in `src/assets/source_hash.rs`,
//! shared with the library and its tests.

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
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.toml");
}
