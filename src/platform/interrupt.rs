//! The file a signal deletes: while a writing command holds the config's
//! lock (`config::lock`), its lock file, which the holder deletes when it
//! is done, so that a Ctrl-C at a prompt, or in `add --check` while a
//! server starts, leaves no `.NAME.mcpctl-lock` beside the config. The
//! signal handlers (the prompt's, the probe's reaper) call [`unlink_held`]
//! before mcpctl dies of the signal. One path, the last one taken: a
//! command holds one lock. Kept where an atomic load reaches it, as a C
//! string, since a signal handler may neither lock nor allocate.

use std::path::Path;
use std::sync::atomic::{AtomicPtr, Ordering};

static PATH: AtomicPtr<std::ffi::c_char> = AtomicPtr::new(std::ptr::null_mut());

/// `path` is held now.
pub fn hold(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return;
        };
        free(PATH.swap(c.into_raw(), Ordering::SeqCst));
    }
    // on Windows lock files stay (`config::lock`), and no signal is caught
    #[cfg(not(unix))]
    let _ = path;
}

/// `path` is let go: forgotten if it is the one held (a lock taken after
/// it, and still held, stays).
pub fn let_go(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let p = PATH.load(Ordering::SeqCst);
        // SAFETY: a non-null pointer is a string `hold` stored; only this
        // thread's `hold`/`let_go` free it, and it is read before that.
        let same = !p.is_null()
            && unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes() == path.as_os_str().as_bytes();
        if same
            && PATH
                .compare_exchange(p, std::ptr::null_mut(), Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            free(p);
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn free(p: *mut std::ffi::c_char) {
    if !p.is_null() {
        // SAFETY: every pointer stored came from `CString::into_raw`, and
        // the swap gave this one to this caller alone.
        drop(unsafe { std::ffi::CString::from_raw(p) });
    }
}

/// Delete the file held now, if any. Async-signal-safe: one atomic load
/// and `unlink`; the string is not freed.
#[cfg(unix)]
pub fn unlink_held() {
    let p = PATH.load(Ordering::SeqCst);
    if !p.is_null() {
        // SAFETY: `p` is a NUL-terminated string that stays allocated
        // until `let_go` or the next `hold` swaps it out.
        unsafe { libc::unlink(p) };
    }
}
