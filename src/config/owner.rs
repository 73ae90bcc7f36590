//! Who owns what the write path creates. `sudo mcpctl add` must not leave
//! a user's config (or its backups) owned by root: the user, and so Claude
//! Desktop, could no longer read it. Every file and folder the write path
//! makes (the new file, backups and their folder, the lock file, a created
//! config folder) gets the owner and group of the config it replaces, or,
//! for a new config, of the nearest folder that already exists.
//!
//! A process that may not give a file away (not root, and the owner is
//! someone else) gets an error with the reason instead of a silent change
//! of owner. Windows: files inherit their folder's ACL; nothing to do.

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

/// Give `path` to `owner` when it is someone else's (no-op for `None`).
#[cfg(unix)]
pub fn give(path: &Path, owner: Option<Owner>) -> std::io::Result<()> {
    match owner {
        Some(o) if of(path) != Some(o) => std::os::unix::fs::chown(path, Some(o.uid), Some(o.gid)),
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
    std::os::unix::fs::fchown(file, Some(o.uid), Some(o.gid))
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
        assert_eq!(for_config(&dir.path().join("a/b/c.json")), Some(here));
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
