//! The `zael` command: the library's CLI. What is here besides is for speed alone (README,
//! Performance): the allocator fitted to the command, and a plain C `main` in place of Rust's
//! runtime entry.
// The test harness brings its own `main` (`cargo test` builds this file as a test too).
#![cfg_attr(not(test), no_main)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::atomic::{AtomicBool, Ordering};

/// glibc's malloc for a one-template `synth`, mimalloc for every other command: see
/// [`MIMALLOC_SERVES`].
/// mimalloc is built with `no_thp`: it otherwise asks for transparent huge pages on its first
/// arena, and the kernel zeroing a 2 MB page cost each process 0.3 ms at start.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

extern "C" {
    /// mimalloc's public API (`mimalloc.h`): reserve an arena of `size` bytes now.
    fn mi_reserve_os_memory(size: usize, commit: bool, allow_large: bool) -> c_int;
    /// mimalloc's public API: its unaligned entry points, whose blocks are aligned to at
    /// least a word (8 bytes).
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_zalloc(size: usize) -> *mut c_void;
    fn mi_realloc(pointer: *mut c_void, size: usize) -> *mut c_void;
    /// What mimalloc's load-time constructor calls: process and main-thread state, and the
    /// thread-exit hook that hands a finished thread's pages back. Built without that
    /// constructor (.cargo/config.toml), mimalloc waits for this call.
    fn _mi_auto_process_init();
}

/// Every block mimalloc hands out is aligned to a word at least.
const WORD: usize = std::mem::size_of::<usize>();

/// The process's allocator, as [`MIMALLOC_SERVES`] chose it. mimalloc is called through its
/// plain `mi_malloc` when a word's alignment is enough (strings, the document's entries:
/// nearly every allocation), and through the `mimalloc` crate's `mi_malloc_aligned`
/// otherwise. The crate asks for the aligned form every time, whose alignment checks cost
/// about a dozen instructions an allocation: a million of them for `synth --all` over 200
/// profiles.
struct Allocator;

/// Whether mimalloc serves this process; read on every call, and never changed after the
/// first allocation.
#[inline]
fn mimalloc_serves() -> bool {
    MIMALLOC_SERVES.load(Ordering::Relaxed)
}

// SAFETY: glibc's calls (`System`) take and give glibc's blocks, and mimalloc's its own: the
// choice is made before the first allocation and never changes, so a block is always freed
// and resized by the allocator that gave it. mimalloc's calls are its own for the layout (a
// word-aligned block serves any alignment up to a word), and every mimalloc block, however
// obtained, is freed by `mi_free`, which the crate's `dealloc` calls.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !mimalloc_serves() {
            System.alloc(layout)
        } else if layout.align() <= WORD {
            mi_malloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !mimalloc_serves() {
            System.alloc_zeroed(layout)
        } else if layout.align() <= WORD {
            mi_zalloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        if !mimalloc_serves() {
            System.dealloc(pointer, layout)
        } else {
            mimalloc::MiMalloc.dealloc(pointer, layout)
        }
    }

    #[inline]
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        if !mimalloc_serves() {
            System.realloc(pointer, layout, size)
        } else if layout.align() <= WORD {
            mi_realloc(pointer.cast(), size).cast()
        } else {
            mimalloc::MiMalloc.realloc(pointer, layout, size)
        }
    }
}

/// glibc's malloc serves a one-template `zael synth`, and mimalloc every other command.
/// Both are correct for any command; the choice is speed (README, Performance):
/// - A one-template `zael synth` is 0.15 ms faster with glibc's malloc, of 1.9 ms:
///   mimalloc's setup runs `cpuid` (a trap to the hypervisor on a virtual machine) and a
///   dozen system calls, and its 64 KiB pages, one per size class, take 57 more page faults
///   than glibc's heap, which grows densely from `brk`.
/// - Where allocation outweighs that setup, mimalloc is faster: `check` (cfn-guard copies
///   every value it visits) by 15-35%, and `synth --all` by 25%, where glibc's arenas take a
///   lock on every call once a second thread exists.
///
/// Chosen from the command line before the first allocation (`choose_allocator`) and never
/// changed after it, so each block is freed by the allocator that gave it. Asking costs
/// three instructions an allocation, 1.4% of `synth --all`'s.
static MIMALLOC_SERVES: AtomicBool = AtomicBool::new(false);

/// Runs from `.init_array`, where glibc passes `main`'s arguments, before `main` and before
/// Rust's first allocation. When mimalloc serves, it is set up here (it is built without its
/// load-time constructor), and its first arena reserved at its minimum size (32 MiB) instead
/// of its default 1 GiB, as an arena's bookkeeping grows with its size. The arena is committed
/// at once (an untouched page costs nothing), so that mimalloc does not `mprotect` each 64 KiB
/// page it takes from it.
extern "C" fn choose_allocator(
    argc: c_int,
    argv: *const *const c_char,
    _envp: *const *const c_char,
) {
    // SAFETY: glibc passes `argc` and `argv` as `main` receives them: `argc` pointers to
    // NUL-terminated strings.
    let arguments = unsafe { std::slice::from_raw_parts(argv, usize::try_from(argc).unwrap_or(0)) };
    // SAFETY: as above, each pointer is a NUL-terminated string.
    let word = |argument: &*const c_char| unsafe { CStr::from_ptr(*argument) }.to_bytes();
    // The command is the first word after the program's name: zael takes no flag before it.
    let one_template = arguments.get(1).map(word) == Some(b"synth".as_slice())
        && !arguments.iter().any(|argument| word(argument) == b"--all");
    if !one_template {
        // SAFETY: plain calls into the allocator's C API, with no pointers; if the
        // reservation fails, mimalloc reserves its default arena on the first allocation.
        unsafe {
            _mi_auto_process_init();
            mi_reserve_os_memory(32 << 20, true, false);
        }
        MIMALLOC_SERVES.store(true, Ordering::Relaxed);
    }
}

#[used]
#[link_section = ".init_array"]
static CHOOSE_ALLOCATOR: extern "C" fn(c_int, *const *const c_char, *const *const c_char) =
    choose_allocator;

/// The process's entry, as glibc calls it. Rust's own entry (`std::rt::lang_start`) is left
/// out: before `main` it reads `/proc/self/maps` to find the main thread's stack guard and
/// maps an alternate signal stack, to print a message when the stack overflows, which cost a
/// one-shot `zael synth` 0.07 ms of its 1.8. zael's recursion is bounded by its input's
/// nesting, which the parsers limit to 64 levels, so that message would never be printed;
/// without it an overflow would still end the process, by SIGSEGV. What zael needs of that
/// entry is done here:
/// - SIGPIPE ignored: a write to a closed pipe (`zael synth | head`) is then an error that
///   `cli` handles, not the end of the process. Child processes still start with SIGPIPE's
///   default action, as `std::process::Command` restores it.
/// - A panic prints its message (the panic hook is std's) and exits with 101, as from Rust's
///   `main`.
/// - stdout flushed at the end (std's runtime flushes it after `main`).
///
/// `std::env::args_os` works without that entry: std reads the arguments from `.init_array`.
#[cfg(not(test))]
#[no_mangle]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    // SAFETY: setting a signal's disposition to "ignore" runs no code of ours in a handler.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    let status = std::panic::catch_unwind(|| zael::cli::main(std::env::args_os())).unwrap_or(101);
    let _ = std::io::Write::flush(&mut std::io::stdout());
    c_int::from(status)
}
