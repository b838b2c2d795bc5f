/// mimalloc, not glibc's malloc: documents are trees of small maps and strings, built, walked
/// and dropped per template, and `synth --all` does it on every core at once. Measured on
/// `synth --all` (400 profiles, callgrind and `/usr/bin/time`): README, Performance.
/// Built with `no_thp`: mimalloc otherwise asks for transparent huge pages on its first
/// arena, and the kernel zeroing a 2 MB page cost a one-shot `zael synth` 0.3 ms of its ~2.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    zael::cli::main(std::env::args_os())
}
