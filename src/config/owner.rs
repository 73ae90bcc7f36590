//! Who owns what the write path creates. `sudo mcpctl add` must not leave
//! a user's config (or its backups) owned by root: the user, and so Claude
//! Desktop, could no longer read it. Every file and folder the write path
//! makes (the new file, backups and their folder, the lock file, a created
//! config folder) gets the owner and group of the config it replaces, or,
//! for a new config, of the nearest folder that already exists.
//!
//! A process that may not give a file away (not root, and the owner is
//! someone else) gets an error with the reason instead of a silent change
//! of owner. Short of that, an unprivileged run keeps what it can: a new
//! config is simply its own (a folder someone else owns, such as a shared
//! sticky one, says nothing about who the file is for), and a file it owns
//! keeps its group when the user is in it, else takes the user's (only
//! root may give a file a group its owner is not in). Windows: files
//! inherit their folder's ACL; nothing to do.

use std::path::Path;

/// A file's owner and group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub uid: u32,
    pub gid: u32,
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "uid {}, gid {}", self.uid, self.gid)
    }
}

/// The owner the write path gives what it creates for `config`: the
/// config's own (through a symlink), or its nearest existing folder's.
/// `None` on Windows.
pub fn for_config(config: &Path) -> Option<Owner> {
    if let Some(o) = of(config) {
        return Some(o);
    }
    if !privileged() {
        // only root gives files away: a new file is the user's own
        return None;
    }
    config.ancestors().skip(1).find_map(|dir| {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        of(dir)
    })
}

/// The owner of `path` (following symlinks).
#[cfg(unix)]
pub fn of(path: &Path) -> Option<Owner> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(Owner {
        uid: m.uid(),
        gid: m.gid(),
    })
}

#[cfg(not(unix))]
pub fn of(_path: &Path) -> Option<Owner> {
    None
}

/// Whether this process may give files away (root).
#[cfg(unix)]
fn privileged() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

#[cfg(not(unix))]
fn privileged() -> bool {
    false
}

/// `chown` to `o`, except a group an unprivileged owner cannot give
/// (EPERM for a group the user is not in): then the file keeps the user's.
#[cfg(unix)]
fn chown_to(
    o: Owner,
    chown: impl Fn(Option<u32>, Option<u32>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match chown(Some(o.uid), Some(o.gid)) {
        // SAFETY: geteuid has no preconditions and cannot fail.
        Err(e)
            if e.kind() == std::io::ErrorKind::PermissionDenied
                && !privileged()
                && o.uid == unsafe { libc::geteuid() } =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Give `path` to `owner` when it is someone else's (no-op for `None`).
#[cfg(unix)]
pub fn give(path: &Path, owner: Option<Owner>) -> std::io::Result<()> {
    match owner {
        Some(o) if of(path) != Some(o) => chown_to(o, |u, g| std::os::unix::fs::chown(path, u, g)),
        _ => Ok(()),
    }
}

#[cfg(not(unix))]
pub fn give(_path: &Path, _owner: Option<Owner>) -> std::io::Result<()> {
    Ok(())
}

/// [`give`] on an open file (the temp file before its rename).
#[cfg(unix)]
pub fn give_file(file: &std::fs::File, owner: Option<Owner>) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Some(o) = owner else { return Ok(()) };
    let m = file.metadata()?;
    if (m.uid(), m.gid()) == (o.uid, o.gid) {
        return Ok(());
    }
    chown_to(o, |u, g| std::os::unix::fs::fchown(file, u, g))
}

#[cfg(not(unix))]
pub fn give_file(_file: &std::fs::File, _owner: Option<Owner>) -> std::io::Result<()> {
    Ok(())
}

/// The folders [`std::fs::create_dir_all`] would create for `dir`, outermost
/// first (to give them away once created).
pub fn missing_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    out.reverse();
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_new_config_takes_its_folders_owner() {
        let dir = tempfile::tempdir().unwrap();
        let here = of(dir.path()).unwrap();
        // root gives a new config its folder's owner; anyone else keeps it
        let mine = privileged().then_some(here);
        assert_eq!(for_config(&dir.path().join("a/b/c.json")), mine);
        assert_eq!(
            missing_dirs(&dir.path().join("a/b")),
            [dir.path().join("a"), dir.path().join("a/b")]
        );
        // giving a file to its own owner is a no-op, even unprivileged
        let f = dir.path().join("f");
        std::fs::write(&f, "x").unwrap();
        give(&f, of(&f)).unwrap();
        give(&f, None).unwrap();
    }
}
