//! Where Claude Desktop's config file is: a pure function from the host
//! (OS, home, env vars) and what exists on disk to the chosen path, the rule
//! that chose it, and the other candidates that exist but are ignored.
//!
//! Order: `--config PATH` (rule `flag`) > `MCPCTL_CONFIG` (rule `env`) > the
//! per-OS location the app reads. Paths for other OSes are built as strings
//! with that OS's separator, so all three OSes are unit-tested on Linux. The
//! disk is reached only through [`Fs`] ([`RealFs`] in production).

use std::path::{Path, PathBuf};

use crate::paths;
use crate::platform::{HostEnv, Os, windows_join};

/// The environment variable that overrides the config path.
pub const ENV_OVERRIDE: &str = "MCPCTL_CONFIG";

/// The file name the app reads on every OS.
pub const FILE_NAME: &str = "claude_desktop_config.json";

/// The result of locating the config file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Located {
    /// The file mcpctl will read (and the app reads, unless overridden).
    /// Empty when no rule could produce a path (rule `none`).
    #[serde(serialize_with = "crate::paths::lossy")]
    pub path: PathBuf,
    pub exists: bool,
    /// Machine id of the rule, e.g. `flag`, `env`, `macos`, `windows-msix`,
    /// `windows-classic`, `linux-xdg`, `linux-home`; `none` when the host
    /// gives no way to find it (no home folder, no APPDATA).
    pub rule: &'static str,
    /// Human explanation of why this path was chosen.
    pub reason: String,
    /// Other candidate files that exist but the app ignores.
    #[serde(serialize_with = "crate::paths::lossy")]
    pub ignored: Vec<PathBuf>,
    /// With `--config`/`MCPCTL_CONFIG`: the file Claude Desktop itself
    /// would read on this host (None without an override, or when unknown).
    #[serde(serialize_with = "crate::paths::lossy")]
    pub app_reads: Option<PathBuf>,
}

impl Located {
    /// Whether a path was found at all (false only for rule `none`).
    pub fn is_known(&self) -> bool {
        self.rule != RULE_NONE
    }

    /// How the user named the file, when they did: `--config` or
    /// `MCPCTL_CONFIG`.
    pub fn given(&self) -> Option<&'static str> {
        match self.rule {
            "flag" => Some("--config"),
            "env" => Some("MCPCTL_CONFIG"),
            _ => None,
        }
    }
}

/// Rule id when no path could be derived.
pub const RULE_NONE: &str = "none";

/// What locate needs to know about the disk.
pub trait Fs {
    /// Whether a file (or folder) exists at `p`.
    fn exists(&self, p: &Path) -> bool;
    /// Names of the entries of folder `p` (empty when it does not exist).
    fn list_dir(&self, p: &Path) -> Vec<String>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn exists(&self, p: &Path) -> bool {
        p.exists()
    }
    fn list_dir(&self, p: &Path) -> Vec<String> {
        crate::platform::launch::entry_names(p, false)
    }
}

/// Find the config file. Never fails: when nothing can be derived the
/// result has rule `none` and a reason saying what is missing.
pub fn locate(host: &HostEnv, flag: Option<&Path>, fs: &dyn Fs) -> Located {
    let app = app_location(host, fs);
    // the variable as set, Unicode or not: a name in another encoding is
    // still the file asked for, never a reason to edit the app's own
    let over = match (flag, host.var_os(ENV_OVERRIDE)) {
        (Some(p), _) => Some((p.to_path_buf(), "flag", "--config")),
        (None, Some(v)) => Some((PathBuf::from(v), "env", ENV_OVERRIDE)),
        (None, None) => None,
    };
    let Some((given, rule, by)) = over else {
        return app;
    };
    let path = absolutize(host, &given);
    let exists = fs.exists(&path);
    let app_reads = app.is_known().then_some(app.path).filter(|p| *p != path);
    Located {
        reason: format!("set by {by}"),
        path,
        exists,
        rule,
        ignored: Vec::new(),
        app_reads,
    }
}

/// A relative override is taken relative to the current directory, its
/// `.` steps dropped (`./c.json` is shown as `/work/c.json`); a Windows
/// root- or drive-relative one is left to the OS: mcpctl itself opens it.
fn absolutize(host: &HostEnv, p: &Path) -> PathBuf {
    let (Some(text), Some(_)) = (p.to_str(), host.cwd.to_str()) else {
        return absolutize_native(&host.cwd, p);
    };
    let style = host.os.path_style();
    match paths::form(style, text) {
        paths::Form::Relative => {
            let steps: Vec<&str> = text
                .split(|c| paths::separators(style).contains(&c))
                .filter(|s| !s.is_empty() && *s != ".")
                .collect();
            host.join(&host.cwd, &steps)
        }
        _ => p.to_path_buf(),
    }
}

/// [`absolutize`] for a path or working folder that is not Unicode (only
/// this host's own, so its OS's rules apply): joined part by part, byte
/// for byte, where text would turn a byte it cannot read into U+FFFD and
/// name another file.
fn absolutize_native(cwd: &Path, p: &Path) -> PathBuf {
    use std::path::Component;
    let relative = p.components().all(|c| {
        matches!(
            c,
            Component::Normal(_) | Component::CurDir | Component::ParentDir
        )
    });
    if !relative {
        return p.to_path_buf();
    }
    let mut path = cwd.to_path_buf();
    path.extend(p.components().filter(|c| *c != Component::CurDir));
    path
}

/// The file the app itself reads on this host.
pub fn app_location(host: &HostEnv, fs: &dyn Fs) -> Located {
    match host.os {
        Os::MacOs => macos(host, fs),
        Os::Windows => windows(host, fs),
        Os::Linux => linux(host, fs),
    }
}

fn found(fs: &dyn Fs, path: PathBuf, rule: &'static str, reason: String) -> Located {
    Located {
        exists: fs.exists(&path),
        path,
        rule,
        reason,
        ignored: Vec::new(),
        app_reads: None,
    }
}

fn none(reason: impl Into<String>) -> Located {
    Located {
        path: PathBuf::new(),
        exists: false,
        rule: RULE_NONE,
        reason: reason.into(),
        ignored: Vec::new(),
        app_reads: None,
    }
}

fn macos(host: &HostEnv, fs: &dyn Fs) -> Located {
    let Some(home) = &host.home else {
        return none(
            "no home folder is known, so the macOS location (~/Library/Application Support/Claude) cannot be derived; pass --config PATH",
        );
    };
    let path = host.join(home, &["Library/Application Support/Claude", FILE_NAME]);
    found(
        fs,
        path,
        "macos",
        "Claude Desktop on macOS reads ~/Library/Application Support/Claude/".into(),
    )
}

fn linux(host: &HostEnv, fs: &dyn Fs) -> Located {
    if let Some(xdg) = host.var("XDG_CONFIG_HOME").filter(|v| v.starts_with('/')) {
        let path = host.join(Path::new(xdg), &["Claude", FILE_NAME]);
        let mut l = found(
            fs,
            path,
            "linux-xdg",
            "unofficial Linux builds read $XDG_CONFIG_HOME/Claude/ (an app started without \
XDG_CONFIG_HOME reads ~/.config/Claude/)"
                .into(),
        );
        // the other candidate: what an app started without the variable
        // (or before it was set) reads
        if let Some(home) = &host.home {
            let other = host.join(home, &[".config/Claude", FILE_NAME]);
            if other != l.path && fs.exists(&other) {
                l.ignored.push(other);
            }
        }
        return l;
    }
    let Some(home) = &host.home else {
        return none(
            "neither XDG_CONFIG_HOME nor a home folder is known, so the Linux location (~/.config/Claude) cannot be derived; pass --config PATH",
        );
    };
    let path = host.join(home, &[".config/Claude", FILE_NAME]);
    found(
        fs,
        path,
        "linux-home",
        "unofficial Linux builds read ~/.config/Claude/ when XDG_CONFIG_HOME is not set".into(),
    )
}

fn windows(host: &HostEnv, fs: &dyn Fs) -> Located {
    let classic = host
        .windows_folder("APPDATA", &["AppData", "Roaming"])
        .map(|d| PathBuf::from(windows_join(&d, &["Claude", FILE_NAME])));
    let packages = host
        .windows_folder("LOCALAPPDATA", &["AppData", "Local"])
        .map(|d| windows_join(&d, &["Packages"]));
    let msix = packages.as_deref().and_then(|p| msix_candidates(p, fs));
    match (msix, classic) {
        // a package folder without a file of its own: a packaged app sees
        // %APPDATA% merged with its private folder (Windows' MSIX file
        // virtualisation) until it writes its own copy, so it reads the
        // classic file; a file created in the package folder would hide it
        (Some(files), Some(classic)) if !fs.exists(&files[0]) && fs.exists(&classic) => found(
            fs,
            classic,
            "windows-classic",
            "a Claude_* package folder exists under %LOCALAPPDATA%\\Packages but holds no config \
file yet: a packaged app reads %APPDATA%\\Claude\\ through Windows' merged view until it writes \
its own copy"
                .into(),
        ),
        (Some(mut files), classic) => {
            let chosen = files.remove(0);
            let mut loc = found(
                fs,
                chosen,
                "windows-msix",
                "Claude Desktop from the Microsoft Store or the current installer \
(a Claude_* package folder exists) reads %LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\"
                    .into(),
            );
            loc.ignored = classic
                .into_iter()
                .chain(files)
                .filter(|p| fs.exists(p))
                .collect();
            loc
        }
        (None, Some(classic)) => found(
            fs,
            classic,
            "windows-classic",
            "no Claude_* package folder under %LOCALAPPDATA%\\Packages, so the classic \
install location %APPDATA%\\Claude\\ applies"
                .into(),
        ),
        (None, None) => none(
            "neither APPDATA nor LOCALAPPDATA nor a home folder is known, so the Windows \
location cannot be derived; pass --config PATH",
        ),
    }
}

/// Config files inside every `Claude_*` package folder, best first: one
/// whose file exists, then by folder name. None when there is no folder.
fn msix_candidates(packages: &str, fs: &dyn Fs) -> Option<Vec<PathBuf>> {
    let mut names: Vec<String> = fs
        .list_dir(Path::new(packages))
        .into_iter()
        .filter(|n| n.starts_with("Claude_"))
        .collect();
    names.sort();
    let mut files: Vec<PathBuf> = names
        .iter()
        .map(|n| {
            PathBuf::from(windows_join(
                packages,
                &[n, "LocalCache", "Roaming", "Claude", FILE_NAME],
            ))
        })
        .collect();
    // stable: existing files first, name order otherwise
    files.sort_by_key(|p| !fs.exists(p));
    (!files.is_empty()).then_some(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A fake disk: a set of existing paths (files and folders).
    #[derive(Default)]
    struct FakeFs {
        paths: BTreeSet<String>,
    }

    impl FakeFs {
        fn with(paths: &[&str]) -> FakeFs {
            FakeFs {
                paths: paths.iter().map(|p| p.to_string()).collect(),
            }
        }
    }

    impl Fs for FakeFs {
        fn exists(&self, p: &Path) -> bool {
            self.paths.contains(&*p.to_string_lossy())
        }
        fn list_dir(&self, p: &Path) -> Vec<String> {
            let dir = p.to_string_lossy();
            let sep = if dir.contains('\\') { '\\' } else { '/' };
            let prefix = format!("{dir}{sep}");
            let mut names: Vec<String> = self
                .paths
                .iter()
                .filter_map(|x| x.strip_prefix(&prefix))
                .map(|rest| rest.split(sep).next().unwrap_or("").to_string())
                .collect();
            names.dedup();
            names
        }
    }

    fn host(os: Os, home: Option<&str>, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(os, home, vars).with_cwd("/work/here")
    }

    const APPDATA: &str = r"C:\Users\ann\AppData\Roaming";
    const LOCAL: &str = r"C:\Users\ann\AppData\Local";
    const CLASSIC: &str = r"C:\Users\ann\AppData\Roaming\Claude\claude_desktop_config.json";
    const PKG: &str = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc";
    const MSIX: &str = r"C:\Users\ann\AppData\Local\Packages\Claude_pzs8sxrjxfjjc\LocalCache\Roaming\Claude\claude_desktop_config.json";

    fn win() -> HostEnv {
        host(
            Os::Windows,
            Some(r"C:\Users\ann"),
            &[("APPDATA", APPDATA), ("LOCALAPPDATA", LOCAL)],
        )
    }

    struct Case {
        name: &'static str,
        host: HostEnv,
        disk: &'static [&'static str],
        path: &'static str,
        exists: bool,
        rule: &'static str,
        ignored: &'static [&'static str],
    }

    const MAC_FILE: &str =
        "/Users/ann/Library/Application Support/Claude/claude_desktop_config.json";

    fn cases() -> Vec<Case> {
        vec![
            Case {
                name: "macos",
                host: host(Os::MacOs, Some("/Users/ann"), &[]),
                disk: &[MAC_FILE],
                path: MAC_FILE,
                exists: true,
                rule: "macos",
                ignored: &[],
            },
            Case {
                name: "windows classic only",
                host: win(),
                disk: &[CLASSIC],
                path: CLASSIC,
                exists: true,
                rule: "windows-classic",
                ignored: &[],
            },
            Case {
                name: "windows msix only",
                host: win(),
                disk: &[MSIX],
                path: MSIX,
                exists: true,
                rule: "windows-msix",
                ignored: &[],
            },
            Case {
                name: "windows both: msix wins, classic ignored",
                host: win(),
                disk: &[CLASSIC, MSIX],
                path: MSIX,
                exists: true,
                rule: "windows-msix",
                ignored: &[CLASSIC],
            },
            Case {
                // the packaged app reads the classic file through its merged
                // view of %APPDATA% until it writes a copy of its own
                name: "windows package folder without file",
                host: win(),
                disk: &[CLASSIC, PKG],
                path: CLASSIC,
                exists: true,
                rule: "windows-classic",
                ignored: &[],
            },
            Case {
                name: "windows package folder, no file anywhere",
                host: win(),
                disk: &[PKG],
                path: MSIX,
                exists: false,
                rule: "windows-msix",
                ignored: &[],
            },
            Case {
                name: "windows nothing yet",
                host: win(),
                disk: &[],
                path: CLASSIC,
                exists: false,
                rule: "windows-classic",
                ignored: &[],
            },
            Case {
                name: "windows without APPDATA falls back to USERPROFILE",
                host: host(Os::Windows, None, &[("USERPROFILE", r"C:\Users\ann")]),
                disk: &[],
                path: CLASSIC,
                exists: false,
                rule: "windows-classic",
                ignored: &[],
            },
            Case {
                name: "linux xdg",
                host: host(Os::Linux, Some("/home/ann"), &[("XDG_CONFIG_HOME", "/cfg")]),
                disk: &[],
                path: "/cfg/Claude/claude_desktop_config.json",
                exists: false,
                rule: "linux-xdg",
                ignored: &[],
            },
            Case {
                name: "linux xdg beside an existing ~/.config file names the other one",
                host: host(Os::Linux, Some("/home/ann"), &[("XDG_CONFIG_HOME", "/cfg")]),
                disk: &["/home/ann/.config/Claude/claude_desktop_config.json"],
                path: "/cfg/Claude/claude_desktop_config.json",
                exists: false,
                rule: "linux-xdg",
                ignored: &["/home/ann/.config/Claude/claude_desktop_config.json"],
            },
            Case {
                name: "linux xdg pointing at ~/.config is one file",
                host: host(
                    Os::Linux,
                    Some("/home/ann"),
                    &[("XDG_CONFIG_HOME", "/home/ann/.config")],
                ),
                disk: &["/home/ann/.config/Claude/claude_desktop_config.json"],
                path: "/home/ann/.config/Claude/claude_desktop_config.json",
                exists: true,
                rule: "linux-xdg",
                ignored: &[],
            },
            Case {
                name: "linux no xdg",
                host: host(Os::Linux, Some("/home/ann"), &[]),
                disk: &["/home/ann/.config/Claude/claude_desktop_config.json"],
                path: "/home/ann/.config/Claude/claude_desktop_config.json",
                exists: true,
                rule: "linux-home",
                ignored: &[],
            },
            Case {
                name: "linux relative xdg is ignored (spec: must be absolute)",
                host: host(Os::Linux, Some("/home/ann"), &[("XDG_CONFIG_HOME", "cfg")]),
                disk: &[],
                path: "/home/ann/.config/Claude/claude_desktop_config.json",
                exists: false,
                rule: "linux-home",
                ignored: &[],
            },
            Case {
                name: "env override",
                host: host(
                    Os::Linux,
                    Some("/home/ann"),
                    &[(ENV_OVERRIDE, "/tmp/c.json")],
                ),
                disk: &["/tmp/c.json"],
                path: "/tmp/c.json",
                exists: true,
                rule: "env",
                ignored: &[],
            },
            Case {
                name: "a ./ override is taken from the cwd without the dot",
                host: host(
                    Os::MacOs,
                    Some("/Users/ann"),
                    &[(ENV_OVERRIDE, "./sub/./c.json")],
                ),
                disk: &[],
                path: "/work/here/sub/c.json",
                exists: false,
                rule: "env",
                ignored: &[],
            },
            Case {
                name: "relative env override is taken from the cwd",
                host: host(Os::MacOs, Some("/Users/ann"), &[(ENV_OVERRIDE, "c.json")]),
                disk: &[],
                path: "/work/here/c.json",
                exists: false,
                rule: "env",
                ignored: &[],
            },
        ]
    }

    #[test]
    fn locate_table() {
        for c in cases() {
            let fs = FakeFs::with(c.disk);
            let got = locate(&c.host, None, &fs);
            assert_eq!(got.path, PathBuf::from(c.path), "{}: path", c.name);
            assert_eq!(got.exists, c.exists, "{}: exists", c.name);
            assert_eq!(got.rule, c.rule, "{}: rule", c.name);
            let ignored: Vec<PathBuf> = c.ignored.iter().map(PathBuf::from).collect();
            assert_eq!(got.ignored, ignored, "{}: ignored", c.name);
            assert!(!got.reason.is_empty(), "{}: reason", c.name);
        }
    }

    #[test]
    fn flag_beats_env_and_names_the_apps_file() {
        let h = host(
            Os::Linux,
            Some("/home/ann"),
            &[(ENV_OVERRIDE, "/tmp/env.json")],
        );
        let got = locate(&h, Some(Path::new("/tmp/flag.json")), &FakeFs::default());
        assert_eq!(got.path, PathBuf::from("/tmp/flag.json"));
        assert_eq!(got.rule, "flag");
        assert_eq!(got.reason, "set by --config");
        assert_eq!(
            got.app_reads,
            Some(PathBuf::from(
                "/home/ann/.config/Claude/claude_desktop_config.json"
            ))
        );
    }

    #[test]
    fn empty_env_override_counts_as_unset() {
        let h = host(Os::Linux, Some("/home/ann"), &[(ENV_OVERRIDE, "")]);
        assert_eq!(locate(&h, None, &FakeFs::default()).rule, "linux-home");
    }

    #[test]
    fn windows_vars_are_case_insensitive() {
        let h = host(Os::Windows, None, &[("AppData", APPDATA)]);
        let got = locate(&h, None, &FakeFs::default());
        assert_eq!(got.path, PathBuf::from(CLASSIC));
    }

    #[test]
    fn the_msix_folder_whose_file_exists_wins_over_an_empty_one() {
        let other = r"C:\Users\ann\AppData\Local\Packages\Claude_aaaa";
        let fs = FakeFs::with(&[other, MSIX]);
        let got = locate(&win(), None, &fs);
        assert_eq!(got.path, PathBuf::from(MSIX));
    }

    #[test]
    fn missing_home_gives_a_reason_not_a_panic() {
        for os in [Os::MacOs, Os::Linux, Os::Windows] {
            let got = locate(&host(os, None, &[]), None, &FakeFs::default());
            assert_eq!(got.rule, RULE_NONE, "{os:?}");
            assert!(!got.is_known());
            assert!(got.reason.contains("--config"), "{os:?}: {}", got.reason);
        }
    }

    /// A name that is not UTF-8 is the file asked for, byte for byte: set
    /// in the variable it is not unset (the app's file is not taken for
    /// it), and relative it is joined to the working folder as it is.
    #[cfg(unix)]
    #[test]
    fn an_override_that_is_not_unicode_is_used_byte_for_byte() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"bad\xffname.json");
        let mut h = host(Os::Linux, Some("/home/ann"), &[]);
        h.non_unicode
            .insert(ENV_OVERRIDE.into(), Path::new("/cfg").join(name).into());
        let got = locate(&h, None, &FakeFs::default());
        assert_eq!(got.rule, "env");
        assert_eq!(got.path, Path::new("/cfg").join(name));
        // relative, from the flag and from the variable
        let want = Path::new("/work/here/sub").join(name);
        let relative = Path::new("./sub").join(name);
        let got = locate(&h, Some(&relative), &FakeFs::default());
        assert_eq!((got.rule, &got.path), ("flag", &want));
        h.non_unicode.insert(ENV_OVERRIDE.into(), relative.into());
        assert_eq!(locate(&h, None, &FakeFs::default()).path, want);
        // a working folder that is not UTF-8 is kept as it is too
        h.cwd = Path::new("/work").join(name);
        let got = locate(&h, Some(Path::new("c.json")), &FakeFs::default());
        assert_eq!(got.path, Path::new("/work").join(name).join("c.json"));
        let got = locate(&h, Some(Path::new("/abs/c.json")), &FakeFs::default());
        assert_eq!(got.path, Path::new("/abs/c.json"));
    }

    #[test]
    fn windows_absolute_override_is_kept() {
        let mut h = win();
        h.vars.insert(ENV_OVERRIDE.into(), r"D:\cfg\c.json".into());
        let got = locate(&h, None, &FakeFs::default());
        assert_eq!(got.path, PathBuf::from(r"D:\cfg\c.json"));
    }
}
