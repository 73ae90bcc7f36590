//! The files of a logs folder the session model reads, grouped into
//! chains newest first: `mcp.log` then its rotations (`mcp1.log`,
//! `mcp.1.log`, electron-log's `mcp.old.log`), each `mcp-server-NAME.log`
//! with its rotations, and `main.log` with its rotations. Other files
//! (`claude.ai-web.log`, `cowork_vm_node.log`, ...) are not read.
//!
//! Order inside a chain: last modified first; on a tie (same second, or
//! no times) the live file first, then by rotation number.

use std::path::{Path, PathBuf};

use super::time::Time;
use crate::platform::files::not_regular;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// `mcp.log`: every server.
    Mcp,
    /// `mcp-server-NAME.log`: one server, with its stderr.
    Server,
    /// `main.log`: the app itself.
    Main,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    pub path: PathBuf,
    pub kind: FileKind,
    /// For per-server files, the name in the file name (the server's real
    /// name is read from its lines: names with `/` or `:` cannot be file
    /// names as they are).
    pub stem: String,
    /// 0 for the live file, N for a rotation.
    pub rotation: u32,
    pub modified: Option<Time>,
    pub size: u64,
}

/// A file chain: one logical log, newest file first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub kind: FileKind,
    pub stem: String,
    pub files: Vec<LogFile>,
}

/// Classify one file name: (kind, stem, rotation).
pub fn classify(name: &str) -> Option<(FileKind, String, u32)> {
    let base = name.strip_suffix(".log")?;
    // `X.old`, `X.3`, `X3` → (X, rotation)
    let (base, rotation) = split_rotation(base);
    if let Some(stem) = base.strip_prefix("mcp-server-") {
        return (!stem.is_empty()).then(|| (FileKind::Server, stem.to_string(), rotation));
    }
    match base {
        "mcp" => Some((FileKind::Mcp, String::new(), rotation)),
        "main" => Some((FileKind::Main, String::new(), rotation)),
        _ => None,
    }
}

fn split_rotation(base: &str) -> (&str, u32) {
    if let Some(b) = base.strip_suffix(".old") {
        return (b, 1);
    }
    if let Some((b, n)) = base.rsplit_once('.')
        && let Ok(n) = n.parse::<u32>()
    {
        return (b, n);
    }
    // `mcp1.log`, `main2.log` (never for per-server files: `mcp-server-s3.log`
    // is the server `s3`)
    if !base.starts_with("mcp-server-") {
        let digits = base.len() - base.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && digits < base.len() {
            let (b, n) = base.split_at(base.len() - digits);
            if let Ok(n) = n.parse() {
                return (b, n);
            }
        }
    }
    (base, 0)
}

/// Group files (name, modified, size) into chains, newest file first.
pub fn chains(dir: &Path, entries: Vec<(String, Option<Time>, u64)>) -> Vec<Chain> {
    let mut out: Vec<Chain> = Vec::new();
    for (name, modified, size) in entries {
        let Some((kind, stem, rotation)) = classify(&name) else {
            continue;
        };
        let file = LogFile {
            path: dir.join(&name),
            kind,
            stem: stem.clone(),
            rotation,
            modified,
            size,
        };
        match out.iter_mut().find(|c| c.kind == kind && c.stem == stem) {
            Some(c) => c.files.push(file),
            None => out.push(Chain {
                kind,
                stem,
                files: vec![file],
            }),
        }
    }
    // whole seconds: files written in the same second (a fresh copy, a
    // checkout) keep the rotation order
    let second = |f: &LogFile| f.modified.map(|t| t.unix_ms().div_euclid(1000));
    for c in &mut out {
        c.files
            .sort_by(|a, b| second(b).cmp(&second(a)).then(a.rotation.cmp(&b.rotation)));
    }
    out.sort_by(|a, b| (a.kind, &a.stem).cmp(&(b.kind, &b.stem)));
    out
}

/// `chains` with a per-server file whose name ends in `.N` (read as
/// rotation N of the server before the dot) given back to the server of
/// the whole name, when one of `names` (the config's, the logs') is that
/// (`mcp-server-python3.12.log` is the server `python3.12`, not rotation
/// 12 of `python3`).
pub fn split_named<S: AsRef<str>>(chains: Vec<Chain>, names: &[S]) -> Vec<Chain> {
    let is_name = |stem: &str| names.iter().any(|n| n.as_ref().eq_ignore_ascii_case(stem));
    let mut out: Vec<Chain> = Vec::with_capacity(chains.len());
    let mut moved: Vec<LogFile> = Vec::new();
    for mut c in chains {
        if c.kind == FileKind::Server {
            c.files.retain(|f| {
                let whole = format!("{}.{}", c.stem, f.rotation);
                let dotted = f
                    .path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(&format!(".{}.log", f.rotation)));
                if f.rotation > 0 && dotted && is_name(&whole) {
                    moved.push(LogFile {
                        stem: whole,
                        rotation: 0,
                        ..f.clone()
                    });
                    return false;
                }
                true
            });
            if c.files.is_empty() {
                continue;
            }
        }
        out.push(c);
    }
    for f in moved {
        match out
            .iter_mut()
            .find(|c| c.kind == FileKind::Server && c.stem == f.stem)
        {
            Some(c) => c.files.insert(0, f),
            None => out.push(Chain {
                kind: FileKind::Server,
                stem: f.stem.clone(),
                files: vec![f],
            }),
        }
    }
    out.sort_by(|a, b| (a.kind, &a.stem).cmp(&(b.kind, &b.stem)));
    out
}

/// A file of the logs folder named like one the session model reads
/// (`mcp.log`, `mcp-server-NAME.log`, `main.log` and their rotations)
/// that could not be read: skipped, the others read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unreadable {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    pub kind: FileKind,
    /// The OS's error (`Permission denied (os error 13)`), or
    /// `not a regular file (a named pipe (FIFO))`.
    pub error: String,
    /// The OS refused access: its permissions are what to look at.
    #[serde(skip)]
    pub denied: bool,
}

impl Unreadable {
    pub fn new(path: &Path, kind: FileKind, e: &std::io::Error) -> Unreadable {
        Unreadable {
            path: path.to_path_buf(),
            kind,
            error: e.to_string(),
            denied: e.kind() == std::io::ErrorKind::PermissionDenied,
        }
    }

    /// A per-server file's name as a server name could spell it: the stem,
    /// and `STEM.N` for a dotted rotation (`mcp-server-py3.12.log`).
    pub fn is_of_server(&self, name: &str) -> bool {
        let Some((FileKind::Server, stem, rotation)) = self
            .path
            .file_name()
            .and_then(|n| classify(&n.to_string_lossy()))
        else {
            return false;
        };
        name.eq_ignore_ascii_case(&stem) || name.eq_ignore_ascii_case(&format!("{stem}.{rotation}"))
    }
}

/// A folder's log files, and those named like one that cannot be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub chains: Vec<Chain>,
    pub unreadable: Vec<Unreadable>,
}

/// List a real folder's log files.
pub fn list(dir: &Path) -> std::io::Result<Vec<Chain>> {
    Ok(list_all(dir)?.chains)
}

/// List a real folder's log files; a file named like one that is not a
/// regular file (a FIFO, a folder) or whose metadata cannot be read (a
/// dangling link) is named in `unreadable`, never opened. Links are
/// followed, as the app's folder locator follows them. An error only when
/// the folder itself cannot be listed.
pub fn list_all(dir: &Path) -> std::io::Result<Listing> {
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let Ok(name) = e.file_name().into_string() else {
            continue;
        };
        let Some((kind, _, _)) = classify(&name) else {
            continue;
        };
        let path = dir.join(&name);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(err) => {
                let mut u = Unreadable::new(&path, kind, &err);
                if err.kind() == std::io::ErrorKind::NotFound {
                    // listed, so a link to nothing (or gone since)
                    u.error = format!("a link to a missing file ({err})");
                }
                unreadable.push(u);
                continue;
            }
        };
        if !meta.is_file() {
            unreadable.push(Unreadable {
                path,
                kind,
                error: not_regular(&meta),
                denied: false,
            });
            continue;
        }
        entries.push((
            name,
            meta.modified().ok().map(Time::from_system),
            meta.len(),
        ));
    }
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Listing {
        chains: chains(dir, entries),
        unreadable,
    })
}

/// Open a log file for reading: never blocks (a FIFO put in the file's
/// place after it was listed is refused, not waited on), and anything
/// but a regular file is an error.
pub fn open_log(path: &Path) -> std::io::Result<std::fs::File> {
    let f = crate::platform::files::open_nonblocking(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            not_regular(&meta),
        ));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(classify("mcp.log"), Some((FileKind::Mcp, String::new(), 0)));
        assert_eq!(
            classify("mcp1.log"),
            Some((FileKind::Mcp, String::new(), 1))
        );
        assert_eq!(
            classify("mcp.2.log"),
            Some((FileKind::Mcp, String::new(), 2))
        );
        assert_eq!(
            classify("mcp.old.log"),
            Some((FileKind::Mcp, String::new(), 1))
        );
        assert_eq!(
            classify("main.log"),
            Some((FileKind::Main, String::new(), 0))
        );
        assert_eq!(
            classify("mcp-server-github.log"),
            Some((FileKind::Server, "github".into(), 0))
        );
        assert_eq!(
            classify("mcp-server-s3.log"),
            Some((FileKind::Server, "s3".into(), 0))
        );
        assert_eq!(
            classify("mcp-server-s3.old.log"),
            Some((FileKind::Server, "s3".into(), 1))
        );
        assert_eq!(classify("claude.ai-web.log"), None);
        assert_eq!(classify("mcp-server-.log"), None);
        assert_eq!(classify("mcp.txt"), None);
    }

    /// `mcp-server-py3.12.log` reads as rotation 12 of `py3` until a name
    /// says there is a server `py3.12`; `.old` and a number no server has
    /// stay rotations.
    #[test]
    fn a_server_named_with_a_dot_number_keeps_its_own_file() {
        let listed = || {
            chains(
                Path::new("/l"),
                vec![
                    ("mcp-server-py3.log".into(), None, 1),
                    ("mcp-server-py3.12.log".into(), None, 1),
                    ("mcp-server-py3.2.log".into(), None, 1),
                    ("mcp-server-py3.old.log".into(), None, 1),
                ],
            )
        };
        let shape = |c: &[Chain]| -> Vec<(String, Vec<u32>)> {
            c.iter()
                .map(|c| (c.stem.clone(), c.files.iter().map(|f| f.rotation).collect()))
                .collect()
        };
        assert_eq!(shape(&listed()), [("py3".to_string(), vec![0, 1, 2, 12])]);
        let split = split_named(listed(), &["py3", "Py3.12"]);
        assert_eq!(
            shape(&split),
            [
                ("py3".to_string(), vec![0, 1, 2]),
                ("py3.12".to_string(), vec![0])
            ]
        );
        assert_eq!(
            split[1].files[0].path,
            Path::new("/l/mcp-server-py3.12.log")
        );
        assert_eq!(shape(&split_named(listed(), &["other"])), shape(&listed()));
    }

    #[test]
    fn chains_put_the_newest_file_first() {
        let t = |s| Some(Time::from_unix_ms(s));
        let c = chains(
            Path::new("/l"),
            vec![
                ("mcp1.log".into(), t(10), 1),
                ("mcp.log".into(), t(20), 1),
                ("mcp2.log".into(), t(5), 1),
                ("mcp-server-a.log".into(), None, 1),
                ("mcp-server-a.old.log".into(), None, 1),
                ("notes.txt".into(), t(30), 1),
            ],
        );
        assert_eq!(c.len(), 2);
        let names: Vec<_> = c[0]
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["mcp.log", "mcp1.log", "mcp2.log"]);
        assert_eq!(c[1].kind, FileKind::Server);
        assert_eq!(
            c[1].files[0].rotation, 0,
            "without times the live file comes first"
        );
    }
}
