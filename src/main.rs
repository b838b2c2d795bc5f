/// mimalloc, not glibc's malloc: documents are trees of small maps and strings, built, walked
/// and dropped per template, and `synth --all` does it on every core at once. Measured on
/// `synth --all` (400 profiles, callgrind and `/usr/bin/time`): README, Performance.
/// Built with `no_thp`: mimalloc otherwise asks for transparent huge pages on its first
/// arena, and the kernel zeroing a 2 MB page cost a one-shot `zael synth` 0.3 ms of its ~2.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's public API (`mimalloc.h`): reserve an arena of `size` bytes now.
    fn mi_reserve_os_memory(size: usize, commit: bool, allow_large: bool) -> std::ffi::c_int;
}

/// The first arena at mimalloc's minimum size (32 MiB) instead of its default 1 GiB: an
/// arena's bookkeeping (bitmaps per 64 KiB slice and per size class) grows with its size, and
/// a one-shot `zael synth`, which allocates a few MB, paid ~40 page faults to touch it.
/// `synth --all` still gets more arenas, each larger, as it needs them. Runs from
/// `.init_array`, before `main` and before Rust's first allocation.
extern "C" fn reserve_first_arena() {
    // SAFETY: a plain call into the allocator's C API, with no pointers; if the reservation
    // fails, mimalloc reserves its default arena on the first allocation, as without this.
    unsafe { mi_reserve_os_memory(32 << 20, false, false) };
}

#[used]
#[link_section = ".init_array"]
static RESERVE_FIRST_ARENA: extern "C" fn() = reserve_first_arena;

fn main() -> std::process::ExitCode {
    zael::cli::main(std::env::args_os())
}
