//! One writer at a time: an advisory lock on a sidecar file beside the
//! config (`.claude_desktop_config.json.mcpctl-lock`), held from the moment
//! a writing command reads the file until its rename is done, so two
//! `mcpctl add` runs at once both land instead of one silently undoing the
//! other. The lock is on the sidecar, never on the config itself: Claude
//! Desktop's own writes are not blocked (it does not take the lock; the
//! write path's changed-since-read check covers it).
//!
//! `flock` on Unix, `LockFileEx` on Windows, through `fs4` (std's
//! `File::lock` needs Rust 1.89; the MSRV is 1.88). The kernel drops the
//! lock when its holder dies, so a killed mcpctl never leaves a stale one.
//! The holder writes its pid into it so a waiter can name it.
//!
//! On Unix the last holder deletes the lock file before it lets go, so no
//! `.NAME.mcpctl-lock` is left in the app's folder (nor beside a config
//! that does not exist). A waiter that opened the file before it was
//! deleted then holds a lock on a file no longer at that path: after
//! taking the lock it checks that the path still names the very file it
//! locked, and starts over when it does not. On Windows the file stays: a
//! file being deleted cannot be opened until its last handle closes, so
//! the same dance would turn waiting into failing.
//!
//! Re-entrant within one process: a command takes the lock before reading,
//! and `write::commit` taking it again is a no-op.

use std::collections::HashMap;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a writer waits for another one before giving up.
pub const WAIT: Duration = Duration::from_secs(10);
/// Between two attempts.
const POLL: Duration = Duration::from_millis(25);

/// Locks this process holds, by lock file: the open file and how many
/// guards share it.
static HELD: Mutex<Option<HashMap<PathBuf, (std::fs::File, usize)>>> = Mutex::new(None);

/// While this lives, no other mcpctl writes the config it was taken for.
#[derive(Debug)]
pub struct Lock {
    /// The lock file; `None` when nothing was locked (the config's folder
    /// does not exist yet: there is nothing to race on until it does).
    file: Option<PathBuf>,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process held it for all of `waited`.
    Busy {
        lock_file: PathBuf,
        holder: Option<u32>,
        waited: Duration,
    },
    Io {
        lock_file: PathBuf,
        error: std::io::Error,
    },
}

/// The sidecar lock file of `config`: beside the file it really is
/// (through a symlink), so every path to one file shares one lock.
pub fn lock_file_for(config: &Path) -> PathBuf {
    let real = std::fs::canonicalize(config).unwrap_or_else(|_| config.to_path_buf());
    let dir = match real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = real.file_name().unwrap_or("config".as_ref());
    dir.join(super::backup::concat(&[
        ".".as_ref(),
        name,
        ".mcpctl-lock".as_ref(),
    ]))
}

/// Take the lock for `config`, waiting up to [`WAIT`] for another writer.
/// `prepare` runs on a lock file this process just created (ownership).
pub fn acquire(config: &Path, prepare: &dyn Fn(&Path)) -> Result<Lock, LockError> {
    acquire_within(config, WAIT, prepare)
}

/// [`acquire`] with another wait (tests).
pub fn acquire_within(
    config: &Path,
    wait: Duration,
    prepare: &dyn Fn(&Path),
) -> Result<Lock, LockError> {
    let lock_file = lock_file_for(config);
    if !lock_file.parent().is_some_and(Path::is_dir) {
        return Ok(Lock { file: None });
    }
    let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
    let held = held.get_or_insert_with(HashMap::new);
    if let Some((_, count)) = held.get_mut(&lock_file) {
        *count += 1;
        return Ok(Lock {
            file: Some(lock_file),
        });
    }
    let io = |error| LockError::Io {
        lock_file: lock_file.clone(),
        error,
    };
    let start = Instant::now();
    let mut file = 'open: loop {
        let existed = lock_file.exists();
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_file)
            .map_err(io)?;
        if !existed {
            prepare(&lock_file);
        }
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => break,
                Err(fs4::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(POLL)
                }
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(LockError::Busy {
                        holder: holder(&mut file),
                        lock_file,
                        waited: start.elapsed(),
                    });
                }
                Err(fs4::TryLockError::Error(error)) => return Err(io(error)),
            }
        }
        // the holder before deleted the file it let go of: this lock is
        // on a file nobody else will open; take the one at the path now
        if still_at(&file, &lock_file) {
            break 'open file;
        }
    };
    // Best effort: the pid is only for the message a waiter shows.
    let _ = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| writeln!(file, "{}", std::process::id()));
    crate::platform::interrupt::hold(&lock_file);
    held.insert(lock_file.clone(), (file, 1));
    Ok(Lock {
        file: Some(lock_file),
    })
}

/// Whether `path` still names the open `file` (Unix: the same device and
/// inode). On Windows lock files are never deleted, so it always does.
#[cfg(unix)]
fn still_at(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &std::fs::File, _path: &Path) -> bool {
    true
}

/// Let go of a lock file this process holds: on Unix, delete it first
/// (while still locked, so a waiter that then gets the old file sees that
/// it is gone and starts over: see the module docs).
fn release(path: &Path, file: std::fs::File) {
    crate::platform::interrupt::let_go(path);
    if cfg!(unix) && still_at(&file, path) {
        let _ = std::fs::remove_file(path);
    }
    let _ = fs4::FileExt::unlock(&file);
}

/// The pid the holder wrote, when readable.
fn holder(file: &mut std::fs::File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

impl Lock {
    /// Whether a lock file is held (false when the folder did not exist).
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let Some(path) = &self.file else { return };
        let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(held) = held.as_mut() else { return };
        let last = match held.get_mut(path) {
            Some((_, count)) => {
                *count -= 1;
                *count == 0
            }
            None => false,
        };
        if last && let Some((file, _)) = held.remove(path) {
            release(path, file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reentrant_in_one_process_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("c.json");
        let a = acquire(&config, &|_| {}).unwrap();
        let b = acquire_within(&config, Duration::ZERO, &|_| {}).unwrap();
        assert!(a.is_held() && b.is_held());
        assert_eq!(
            std::fs::read_to_string(lock_file_for(&config)).unwrap(),
            format!("{}\n", std::process::id())
        );
        drop(a);
        assert!(lock_file_for(&config).exists(), "b still holds it");
        drop(b);
        // released, and on Unix gone: nothing is left beside the config
        assert_eq!(lock_file_for(&config).exists(), cfg!(windows));
        // another open file description can take it at once
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(lock_file_for(&config))
            .unwrap();
        fs4::FileExt::try_lock(&f).unwrap();
        std::fs::write(lock_file_for(&config), format!("{}\n", std::process::id())).unwrap();
        // ...and while that one holds it, this process waits, then says who
        let e = acquire_within(&config, Duration::from_millis(60), &|_| {}).unwrap_err();
        match e {
            LockError::Busy { holder, waited, .. } => {
                assert_eq!(holder, Some(std::process::id()));
                assert!(waited >= Duration::from_millis(60));
            }
            other => panic!("{other:?}"),
        }
    }

    /// A waiter that opened the lock file before its holder deleted it
    /// gets a lock on a file no longer at the path: it must not count.
    #[cfg(unix)]
    #[test]
    fn a_lock_on_a_deleted_file_is_not_taken_for_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("c.json");
        let path = lock_file_for(&config);
        let old = std::fs::File::create(&path).unwrap();
        assert!(still_at(&old, &path));
        std::fs::remove_file(&path).unwrap();
        assert!(!still_at(&old, &path), "deleted");
        let new = std::fs::File::create(&path).unwrap();
        assert!(!still_at(&old, &path), "another file at the path");
        assert!(still_at(&new, &path));
        // a holder of the new file keeps the lock from this process: the
        // old file's lock (free) does not fool acquire into going ahead
        fs4::FileExt::try_lock(&new).unwrap();
        fs4::FileExt::try_lock(&old).unwrap();
        let e = acquire_within(&config, Duration::from_millis(60), &|_| {}).unwrap_err();
        assert!(matches!(e, LockError::Busy { .. }), "{e:?}");
        drop(new);
        let l = acquire_within(&config, Duration::from_millis(60), &|_| {}).unwrap();
        assert!(l.is_held() && path.exists());
        drop(l);
        assert!(!path.exists());
    }

    #[test]
    fn no_folder_no_lock() {
        let dir = tempfile::tempdir().unwrap();
        let l = acquire(&dir.path().join("missing/c.json"), &|_| {}).unwrap();
        assert!(!l.is_held());
        assert!(!dir.path().join("missing").exists());
    }
}
