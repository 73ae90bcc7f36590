//! Where Claude Desktop writes its logs: a pure function of the injected
//! host (OS, home, environment) and of what the disk holds (through
//! [`LogFs`]), like `config::locate` for the config file.
//!
//! Candidates (field notes, "The app in late 2026" / Logs):
//! - macOS: `~/Library/Logs/Claude/`
//! - Windows: `%LOCALAPPDATA%\Claude\Logs\` (recent builds; the old folder
//!   stops being written: wonderwhy-er/DesktopCommanderMCP PR #656), the
//!   Store (MSIX) package's `%LOCALAPPDATA%\Packages\Claude_*\LocalCache\
//!   Roaming\Claude\logs\`, and the classic `%APPDATA%\Claude\logs\`
//! - Linux (unofficial builds): `$XDG_CONFIG_HOME/Claude/logs/` and
//!   `~/.config/Claude/logs/`
//!
//! Several may exist (an upgrade leaves the old one behind): the folder
//! holding the most recently written `*.log` file wins, and the result names
//! the others.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::time::Time;
use crate::platform::{HostEnv, Os};

/// What locating the logs needs from the disk.
pub trait LogFs {
    fn is_dir(&self, p: &Path) -> bool;
    /// Entry names of a folder (empty when unreadable).
    fn list_dir(&self, p: &Path) -> Vec<String>;
    /// Last modification time of a file.
    fn modified(&self, p: &Path) -> Option<SystemTime>;
}

/// The real disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealLogFs;

impl LogFs for RealLogFs {
    fn is_dir(&self, p: &Path) -> bool {
        p.is_dir()
    }
    fn list_dir(&self, p: &Path) -> Vec<String> {
        crate::platform::launch::entry_names(p, false)
    }
    fn modified(&self, p: &Path) -> Option<SystemTime> {
        std::fs::metadata(p).and_then(|m| m.modified()).ok()
    }
}

/// One candidate folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Folder {
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    /// `macos`, `windows-localappdata`, `windows-msix`, `windows-classic`,
    /// `linux-xdg`, `linux-home`.
    pub rule: &'static str,
    pub exists: bool,
    /// Its most recently written `*.log` file and when.
    pub newest_file: Option<String>,
    pub newest_at: Option<Time>,
}

/// Where the logs are.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogFolders {
    /// The folder to read; None when no candidate exists.
    pub chosen: Option<Folder>,
    /// Why it was chosen (or why there is none).
    pub reason: String,
    /// Other candidates that exist, newest first.
    pub others: Vec<Folder>,
    /// Every candidate, in preference order (for "looked in ...").
    #[serde(serialize_with = "crate::paths::lossy")]
    pub looked_in: Vec<PathBuf>,
}

/// Locate the app's logs folder on this host.
pub fn locate(host: &HostEnv, fs: &dyn LogFs) -> LogFolders {
    let candidates = candidates(host, fs);
    let looked_in: Vec<PathBuf> = candidates.iter().map(|(p, _)| p.clone()).collect();
    let mut existing: Vec<Folder> = candidates
        .into_iter()
        .filter(|(p, _)| fs.is_dir(p))
        .map(|(path, rule)| {
            let (newest_file, newest_at) = newest_log(fs, &path);
            Folder {
                path,
                rule,
                exists: true,
                newest_file,
                newest_at,
            }
        })
        .collect();
    if existing.is_empty() {
        let reason = if looked_in.is_empty() {
            format!(
                "no home folder or app-data variable is known on this {} host, so the logs folder cannot be derived",
                host.os.name()
            )
        } else {
            "no logs folder exists yet: the app writes one once it has started a server".to_string()
        };
        return LogFolders {
            chosen: None,
            reason,
            others: Vec::new(),
            looked_in,
        };
    }
    // newest file wins; a folder without log files ranks last; ties keep
    // the preference order (stable sort)
    existing.sort_by_key(|f| std::cmp::Reverse(f.newest_at));
    let chosen = existing.remove(0);
    let reason = match (&chosen.newest_file, existing.len()) {
        (_, 0) => format!("the {} logs folder", rule_label(chosen.rule)),
        (Some(f), n) => format!(
            "{} logs folders exist; this one ({}) holds the most recently written file, {f}",
            n + 1,
            rule_label(chosen.rule)
        ),
        (None, n) => format!(
            "{} logs folders exist and none holds a log file; this one ({}) is where current builds write",
            n + 1,
            rule_label(chosen.rule)
        ),
    };
    LogFolders {
        chosen: Some(chosen),
        reason,
        others: existing,
        looked_in,
    }
}

fn rule_label(rule: &str) -> &'static str {
    match rule {
        "macos" => "macOS",
        "windows-localappdata" => "%LOCALAPPDATA%\\Claude\\Logs",
        "windows-msix" => "Microsoft Store package",
        "windows-classic" => "%APPDATA%\\Claude\\logs",
        "linux-xdg" => "$XDG_CONFIG_HOME/Claude/logs",
        _ => "~/.config/Claude/logs",
    }
}

/// The most recently modified `*.log` file of a folder.
fn newest_log(fs: &dyn LogFs, dir: &Path) -> (Option<String>, Option<Time>) {
    let mut best: Option<(SystemTime, String)> = None;
    for name in fs.list_dir(dir) {
        if !name.ends_with(".log") {
            continue;
        }
        if let Some(t) = fs.modified(&join(dir, &[&name]))
            && best.as_ref().is_none_or(|(b, _)| t > *b)
        {
            best = Some((t, name));
        }
    }
    match best {
        Some((t, n)) => (Some(n), Some(Time::from_system(t))),
        None => (None, None),
    }
}

/// Join with the separator the base already uses, so Windows paths built
/// from `C:\Users\...` keep backslashes on any OS, and a base given with
/// forward slashes (a fixture home) stays usable on the machine running
/// the tests.
fn join(base: &Path, parts: &[&str]) -> PathBuf {
    let b = base.to_string_lossy();
    let sep = if b.contains('\\') { '\\' } else { '/' };
    let mut s = b.trim_end_matches(['\\', '/']).to_string();
    for p in parts {
        s.push(sep);
        s.push_str(p);
    }
    PathBuf::from(s)
}

/// Candidate folders in preference order, with their rule ids.
fn candidates(host: &HostEnv, fs: &dyn LogFs) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    match host.os {
        Os::MacOs => {
            if let Some(home) = &host.home {
                out.push((join(home, &["Library", "Logs", "Claude"]), "macos"));
            }
        }
        Os::Windows => {
            let home = host
                .var("USERPROFILE")
                .map(PathBuf::from)
                .or_else(|| host.home.clone());
            let local = host
                .var("LOCALAPPDATA")
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| join(h, &["AppData", "Local"])));
            let roaming = host
                .var("APPDATA")
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| join(h, &["AppData", "Roaming"])));
            if let Some(local) = &local {
                out.push((join(local, &["Claude", "Logs"]), "windows-localappdata"));
                let packages = join(local, &["Packages"]);
                let mut names: Vec<String> = fs
                    .list_dir(&packages)
                    .into_iter()
                    .filter(|n| n.starts_with("Claude_"))
                    .collect();
                names.sort();
                for n in names {
                    out.push((
                        join(&packages, &[&n, "LocalCache", "Roaming", "Claude", "logs"]),
                        "windows-msix",
                    ));
                }
            }
            if let Some(roaming) = &roaming {
                out.push((join(roaming, &["Claude", "logs"]), "windows-classic"));
            }
        }
        Os::Linux => {
            if let Some(xdg) = host.var("XDG_CONFIG_HOME").filter(|v| v.starts_with('/')) {
                out.push((join(Path::new(xdg), &["Claude", "logs"]), "linux-xdg"));
            }
            if let Some(home) = &host.home {
                let p = join(home, &[".config", "Claude", "logs"]);
                if !out.iter().any(|(q, _)| *q == p) {
                    out.push((p, "linux-home"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::time::{Duration, UNIX_EPOCH};

    /// Folders, and files with their modification second.
    #[derive(Default)]
    struct FakeFs {
        dirs: Vec<String>,
        files: BTreeMap<String, u64>,
    }

    impl FakeFs {
        fn new(dirs: &[&str], files: &[(&str, u64)]) -> Self {
            FakeFs {
                dirs: dirs.iter().map(|d| d.to_string()).collect(),
                files: files.iter().map(|(f, t)| (f.to_string(), *t)).collect(),
            }
        }
    }

    impl LogFs for FakeFs {
        fn is_dir(&self, p: &Path) -> bool {
            self.dirs.iter().any(|d| Path::new(d) == p)
        }
        fn list_dir(&self, p: &Path) -> Vec<String> {
            let dir = p.to_string_lossy();
            let sep = if dir.contains('\\') { '\\' } else { '/' };
            let prefix = format!("{dir}{sep}");
            let mut names: Vec<String> = self
                .dirs
                .iter()
                .chain(self.files.keys())
                .filter_map(|x| x.strip_prefix(&prefix))
                .map(|rest| rest.split(sep).next().unwrap_or("").to_string())
                .collect();
            names.sort();
            names.dedup();
            names
        }
        fn modified(&self, p: &Path) -> Option<SystemTime> {
            self.files
                .get(&*p.to_string_lossy())
                .map(|s| UNIX_EPOCH + Duration::from_secs(*s))
        }
    }

    fn host(os: Os, home: Option<&str>, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(os, home, vars)
    }

    const LOCAL: &str = r"C:\Users\ann\AppData\Local";
    const ROAMING: &str = r"C:\Users\ann\AppData\Roaming";
    const NEW: &str = r"C:\Users\ann\AppData\Local\Claude\Logs";
    const MSIX: &str =
        r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\LocalCache\Roaming\Claude\logs";
    const CLASSIC: &str = r"C:\Users\ann\AppData\Roaming\Claude\logs";

    fn win() -> HostEnv {
        host(
            Os::Windows,
            Some(r"C:\Users\ann"),
            &[("LOCALAPPDATA", LOCAL), ("APPDATA", ROAMING)],
        )
    }

    fn chosen(l: &LogFolders) -> (String, &'static str) {
        let c = l.chosen.as_ref().expect("a folder");
        (c.path.to_string_lossy().into_owned(), c.rule)
    }

    #[test]
    fn macos() {
        let fs = FakeFs::new(
            &["/Users/ann/Library/Logs/Claude"],
            &[("/Users/ann/Library/Logs/Claude/mcp.log", 5)],
        );
        let l = locate(&host(Os::MacOs, Some("/Users/ann"), &[]), &fs);
        assert_eq!(
            chosen(&l),
            ("/Users/ann/Library/Logs/Claude".into(), "macos")
        );
        assert_eq!(l.chosen.unwrap().newest_file.as_deref(), Some("mcp.log"));
        assert!(l.others.is_empty());
    }

    #[test]
    fn windows_classic_only() {
        let fs = FakeFs::new(&[CLASSIC], &[(&format!(r"{CLASSIC}\mcp.log"), 5)]);
        let l = locate(&win(), &fs);
        assert_eq!(chosen(&l), (CLASSIC.into(), "windows-classic"));
        assert_eq!(
            l.looked_in.len(),
            2,
            "localappdata and classic (no package folder)"
        );
    }

    #[test]
    fn windows_msix_package() {
        let fs = FakeFs::new(&[MSIX], &[(&format!(r"{MSIX}\mcp.log"), 5)]);
        let l = locate(&win(), &fs);
        assert_eq!(chosen(&l), (MSIX.into(), "windows-msix"));
    }

    #[test]
    fn windows_newest_file_wins_and_the_others_are_named() {
        // an upgrade left the classic folder behind; the new one is written now
        let fs = FakeFs::new(
            &[NEW, CLASSIC],
            &[
                (&format!(r"{CLASSIC}\mcp.log"), 100),
                (&format!(r"{NEW}\mcp.log"), 200),
                (&format!(r"{NEW}\main.log"), 150),
            ],
        );
        let l = locate(&win(), &fs);
        assert_eq!(chosen(&l), (NEW.into(), "windows-localappdata"));
        assert_eq!(l.others.len(), 1);
        assert_eq!(l.others[0].rule, "windows-classic");
        assert!(
            l.reason.contains("2 logs folders exist") && l.reason.contains("mcp.log"),
            "{}",
            l.reason
        );
        // and the other way round: the classic folder is the live one
        let fs = FakeFs::new(
            &[NEW, CLASSIC],
            &[
                (&format!(r"{CLASSIC}\mcp.log"), 300),
                (&format!(r"{NEW}\mcp.log"), 200),
            ],
        );
        assert_eq!(chosen(&locate(&win(), &fs)).1, "windows-classic");
    }

    #[test]
    fn windows_without_variables_uses_the_profile() {
        let h = host(Os::Windows, None, &[("USERPROFILE", r"C:\Users\ann")]);
        let fs = FakeFs::new(&[CLASSIC], &[]);
        let l = locate(&h, &fs);
        assert_eq!(chosen(&l), (CLASSIC.into(), "windows-classic"));
        assert_eq!(l.chosen.unwrap().newest_at, None);
    }

    #[test]
    fn linux_xdg_and_home() {
        let h = host(Os::Linux, Some("/home/ann"), &[("XDG_CONFIG_HOME", "/cfg")]);
        let fs = FakeFs::new(
            &["/cfg/Claude/logs", "/home/ann/.config/Claude/logs"],
            &[
                ("/home/ann/.config/Claude/logs/mcp.log", 9),
                ("/cfg/Claude/logs/mcp.log", 3),
            ],
        );
        let l = locate(&h, &fs);
        assert_eq!(
            chosen(&l),
            ("/home/ann/.config/Claude/logs".into(), "linux-home")
        );
        assert_eq!(l.others[0].rule, "linux-xdg");
        // a relative XDG_CONFIG_HOME is ignored (the spec wants it absolute)
        let h = host(Os::Linux, Some("/home/ann"), &[("XDG_CONFIG_HOME", "cfg")]);
        assert_eq!(
            locate(&h, &FakeFs::default()).looked_in,
            [PathBuf::from("/home/ann/.config/Claude/logs")]
        );
    }

    #[test]
    fn nothing_there_gives_a_reason() {
        let l = locate(
            &host(Os::MacOs, Some("/Users/ann"), &[]),
            &FakeFs::default(),
        );
        assert!(l.chosen.is_none());
        assert!(
            l.reason.contains("no logs folder exists yet"),
            "{}",
            l.reason
        );
        let l = locate(&host(Os::Linux, None, &[]), &FakeFs::default());
        assert!(l.looked_in.is_empty());
        assert!(l.reason.contains("cannot be derived"), "{}", l.reason);
    }
}
