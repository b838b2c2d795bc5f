/// mimalloc, not glibc's malloc: documents are trees of small maps and strings, built, walked
/// and dropped per template, and `synth --all` does it on every core at once. Measured on
/// `synth --all` (400 profiles, callgrind and `/usr/bin/time`): README, Performance.
/// Built with `no_thp`: mimalloc otherwise asks for transparent huge pages on its first
/// arena, and the kernel zeroing a 2 MB page cost a one-shot `zael synth` 0.3 ms of its ~2.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

extern "C" {
    /// mimalloc's public API (`mimalloc.h`): reserve an arena of `size` bytes now.
    fn mi_reserve_os_memory(size: usize, commit: bool, allow_large: bool) -> std::ffi::c_int;
    /// mimalloc's public API: its unaligned entry points, whose blocks are aligned to at
    /// least a word (8 bytes).
    fn mi_malloc(size: usize) -> *mut std::ffi::c_void;
    fn mi_zalloc(size: usize) -> *mut std::ffi::c_void;
    fn mi_realloc(pointer: *mut std::ffi::c_void, size: usize) -> *mut std::ffi::c_void;
}

/// Every block mimalloc hands out is aligned to a word at least.
const WORD: usize = std::mem::size_of::<usize>();

/// mimalloc, through its plain `mi_malloc` when a word's alignment is enough (strings, the
/// document's entries: nearly every allocation), and through the `mimalloc` crate's
/// `mi_malloc_aligned` otherwise. The crate asks for the aligned form every time, whose
/// alignment checks cost about a dozen instructions an allocation: a million of them for
/// `synth --all` over 200 profiles.
struct Allocator;

// SAFETY: each call is mimalloc's own for the layout (a word-aligned block serves any
// alignment up to a word), and every block, however obtained, is freed by `mi_free`, which
// the crate's `dealloc` calls.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= WORD {
            mi_malloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= WORD {
            mi_zalloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, pointer: *mut u8, layout: std::alloc::Layout) {
        mimalloc::MiMalloc.dealloc(pointer, layout)
    }

    #[inline]
    unsafe fn realloc(&self, pointer: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            mi_realloc(pointer.cast(), size).cast()
        } else {
            mimalloc::MiMalloc.realloc(pointer, layout, size)
        }
    }
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
