/// mimalloc, not glibc's malloc: documents are trees of small maps and strings, built, walked
/// and dropped per template, and `synth --all` does it on every core at once. Measured on
/// `synth --all` (400 profiles, callgrind and `/usr/bin/time`): README, Performance.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    zael::cli::main(std::env::args_os())
}
