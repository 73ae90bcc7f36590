//! The host as mcpctl sees it: operating system, home folder, environment
//! variables and current directory, captured once at the edge and passed
//! down, so that path rules and launch environments for macOS, Windows and
//! Linux can all be unit-tested on any machine. `launch` holds what
//! Claude Desktop gives a server on each OS (the launch environment
//! profiles), which the lint, the machine survey and the probe all read.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

pub mod files;
pub mod interrupt;
pub mod launch;
pub mod running;
pub mod toolhelp;

/// The operating systems whose Claude Desktop conventions mcpctl knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    #[serde(rename = "macos")]
    MacOs,
    Windows,
    Linux,
}

impl Os {
    /// The OS this binary was built for (Linux for every other Unix).
    pub fn current() -> Os {
        if cfg!(target_os = "macos") {
            Os::MacOs
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }

    /// PATH list separator for this OS.
    pub fn path_separator(self) -> char {
        match self {
            Os::Windows => ';',
            _ => ':',
        }
    }

    /// How paths are written on this OS (`paths` reads them).
    pub fn path_style(self) -> crate::paths::Style {
        match self {
            Os::Windows => crate::paths::Style::Windows,
            _ => crate::paths::Style::Unix,
        }
    }

    /// The hint for a program path that does not exist, with the command
    /// that shows a file on this OS (`ls -l` has no Windows equivalent by
    /// that name; `dir` shows the file, or says it is not there). The lint
    /// and the probe give the same words for the same entry.
    pub fn missing_program_hint(self) -> String {
        let show = match self {
            Os::Windows => "dir",
            _ => "ls -l",
        };
        format!("check the path (run `{show}` on it), or reinstall the program")
    }

    pub fn name(self) -> &'static str {
        match self {
            Os::MacOs => "macOS",
            Os::Windows => "Windows",
            Os::Linux => "Linux",
        }
    }
}

/// Everything about the host that the pure logic needs. Built by
/// [`HostEnv::current`] in `main`, or by hand in tests.
#[derive(Debug, Clone)]
pub struct HostEnv {
    pub os: Os,
    pub home: Option<PathBuf>,
    /// Environment variables. On Windows, look-ups are case-insensitive
    /// (see [`HostEnv::var`]).
    pub vars: BTreeMap<String, String>,
    pub cwd: PathBuf,
    /// The variables whose value is not Unicode (`vars` cannot hold
    /// them): a path in another encoding, e.g. `MCPCTL_CONFIG` naming a
    /// file whose name is not UTF-8. Read through [`HostEnv::var_os`].
    pub non_unicode: BTreeMap<String, OsString>,
}

impl HostEnv {
    /// Capture the real host. The only place that reads process globals.
    pub fn current() -> HostEnv {
        let (mut vars, mut non_unicode) = (BTreeMap::new(), BTreeMap::new());
        for (k, v) in std::env::vars_os() {
            let Ok(k) = k.into_string() else { continue };
            match v.into_string() {
                Ok(v) => {
                    vars.insert(k, v);
                }
                Err(v) => {
                    non_unicode.insert(k, v);
                }
            }
        }
        let mut host = HostEnv {
            os: Os::current(),
            home: None,
            vars,
            // a folder deleted under the shell: relative paths stay relative, so
            // the OS refuses them (it would otherwise be taken as `/`)
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            non_unicode,
        };
        host.home = host.home_folder(dirs::home_dir());
        host
    }

    /// The home folder `~` means, as Claude Desktop sees it. On Windows the
    /// app is Electron, whose Node `os.homedir()` reads `USERPROFILE` first
    /// and asks the OS for the profile folder only when it is unset or
    /// empty; `os_home` (what `dirs` asks the OS for) is that fallback. On
    /// macOS and Linux both Node and `dirs` read `HOME` first, so `os_home`
    /// is already the answer.
    pub fn home_folder(&self, os_home: Option<PathBuf>) -> Option<PathBuf> {
        match self.os {
            Os::Windows => self.var("USERPROFILE").map(PathBuf::from).or(os_home),
            _ => os_home,
        }
    }

    /// A host for unit tests: `vars` as given, the working folder `/`
    /// (see [`HostEnv::with_cwd`]).
    #[cfg(test)]
    pub fn fake(os: Os, home: Option<&str>, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv {
            os,
            home: home.map(PathBuf::from),
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            cwd: PathBuf::from("/"),
            non_unicode: Default::default(),
        }
    }

    /// This host with another working folder (unit tests).
    #[cfg(test)]
    pub fn with_cwd(mut self, cwd: &str) -> HostEnv {
        self.cwd = PathBuf::from(cwd);
        self
    }

    /// A variable's value; case-insensitive on Windows like the OS itself.
    /// Empty values count as unset.
    /// A variable as set, an empty value too (`var` takes an empty
    /// value for unset, as most programs do; `--env NAME` passes what is
    /// set, empty or not).
    pub fn var_as_set(&self, name: &str) -> Option<&str> {
        if self.os == Os::Windows {
            self.vars
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        } else {
            self.vars.get(name).map(String::as_str)
        }
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.var_as_set(name).filter(|v| !v.is_empty())
    }

    /// A variable's value as the OS gave it, Unicode or not (a path is
    /// used byte for byte); case-insensitive on Windows, empty values
    /// unset, as [`HostEnv::var`].
    pub fn var_os(&self, name: &str) -> Option<&OsStr> {
        if let Some(v) = self.var(name) {
            return Some(OsStr::new(v));
        }
        let found = if self.os == Os::Windows {
            self.non_unicode
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        } else {
            self.non_unicode.get(name)
        };
        found.map(OsString::as_os_str).filter(|v| !v.is_empty())
    }

    /// A Windows user folder: its variable (`APPDATA`, `LOCALAPPDATA`),
    /// else `under_home` below `USERPROFILE` or the home folder (the
    /// folders' default places), joined with `\\`. One rule for the config,
    /// the install, the logs and the npm folders, so a host without the
    /// variables (a cleared environment, a service) finds them all alike.
    pub fn windows_folder(&self, var: &str, under_home: &[&str]) -> Option<String> {
        if let Some(v) = self.var(var) {
            return Some(v.to_string());
        }
        let home = self
            .var("USERPROFILE")
            .map(str::to_string)
            .or_else(|| self.home.as_ref().map(|h| h.to_string_lossy().into_owned()))?;
        Some(windows_join(&home, under_home))
    }

    /// `base` and `parts` joined the way this host's OS writes paths (see
    /// [`crate::paths::join`]).
    pub fn join(&self, base: &std::path::Path, parts: &[&str]) -> PathBuf {
        crate::paths::join(self.os.path_style(), base, parts)
    }

    /// The PATH entries, split with this OS's separator.
    pub fn path_entries(&self) -> Vec<PathBuf> {
        split_path_list(self.os, self.var("PATH").unwrap_or(""))
    }

    /// Whether colour may be used on a stream that is a terminal:
    /// `NO_COLOR` (any non-empty value) turns it off, and so does
    /// `TERM=dumb` (a terminal that shows escape codes as text).
    pub fn color_allowed(&self) -> bool {
        self.var("NO_COLOR").is_none() && self.var("TERM") != Some("dumb")
    }
}

/// Windows path parts joined with backslashes, whatever OS runs this.
pub fn windows_join(base: &str, parts: &[&str]) -> String {
    let mut s = base.trim_end_matches(['\\', '/']).to_string();
    for p in parts {
        s.push('\\');
        s.push_str(p);
    }
    s
}

/// Split a PATH-style list; empty entries are dropped.
pub fn split_path_list(os: Os, list: &str) -> Vec<PathBuf> {
    path_entries(os, list).map(PathBuf::from).collect()
}

/// The entries of a PATH-style list as written, empty ones dropped:
/// [`split_path_list`] without a copy of each (a PATH search walks them
/// for every tool).
pub fn path_entries(os: Os, list: &str) -> impl Iterator<Item = &str> {
    list.split(os.path_separator()).filter(|s| !s.is_empty())
}

/// The hint for a config file this machine will not let mcpctl read, with
/// the command that shows a file's permissions here (`icacls` on Windows,
/// where `ls -l` does not exist).
pub fn unreadable_file_hint() -> &'static str {
    if cfg!(windows) {
        "check the file's permissions (`icacls` on it shows them), or pass another file with \
--config PATH"
    } else {
        "check the file's permissions (`ls -l`), or pass another file with --config PATH"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(os: Os, vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(os, None, vars)
    }

    #[test]
    fn windows_vars_are_case_insensitive() {
        let h = host(Os::Windows, &[("Path", r"C:\a;C:\b")]);
        assert_eq!(h.var("PATH"), Some(r"C:\a;C:\b"));
        assert_eq!(h.path_entries().len(), 2);
        let u = host(Os::Linux, &[("Path", "/a")]);
        assert_eq!(u.var("PATH"), None);
    }

    /// `var_os` reads both kinds of value, by `var`'s rules (a value that
    /// is not Unicode is only ever the real host's: a test stands for one
    /// with any text).
    #[test]
    fn var_os_reads_values_that_are_not_unicode_too() {
        let mut w = host(Os::Windows, &[("A", "text"), ("E", "")]);
        w.non_unicode.insert("Odd".into(), OsString::from("bytes"));
        assert_eq!(w.var_os("a"), Some(OsStr::new("text")));
        assert_eq!(w.var_os("ODD"), Some(OsStr::new("bytes")));
        assert_eq!(w.var_os("E"), None, "empty is unset");
        assert_eq!(w.var("ODD"), None, "var is text only");
        let mut u = host(Os::Linux, &[]);
        u.non_unicode.insert("Odd".into(), OsString::from("bytes"));
        assert_eq!(u.var_os("ODD"), None, "case matters off Windows");
        assert_eq!(u.var_os("Odd"), Some(OsStr::new("bytes")));
    }

    #[test]
    fn windows_home_is_userprofile_like_the_apps_node() {
        let os_home = Some(PathBuf::from(r"C:\Users\real"));
        let set = host(Os::Windows, &[("UserProfile", r"D:\sandbox\ann")]);
        assert_eq!(
            set.home_folder(os_home.clone()),
            Some(PathBuf::from(r"D:\sandbox\ann"))
        );
        let empty = host(Os::Windows, &[("USERPROFILE", "")]);
        assert_eq!(empty.home_folder(os_home.clone()), os_home);
        assert_eq!(host(Os::Windows, &[]).home_folder(None), None);
        let unix = host(Os::Linux, &[("USERPROFILE", "/elsewhere")]);
        assert_eq!(unix.home_folder(os_home.clone()), os_home);
    }

    #[test]
    fn no_color_disables_color() {
        assert!(!host(Os::Linux, &[("NO_COLOR", "1")]).color_allowed());
        assert!(host(Os::Linux, &[("NO_COLOR", "")]).color_allowed());
        assert!(!host(Os::Linux, &[("TERM", "dumb")]).color_allowed());
        assert!(host(Os::Linux, &[("TERM", "xterm-256color")]).color_allowed());
    }
}
