//! Version managers and their traps: which folders belong to nvm, pyenv,
//! asdf, mise and Volta, which of them are shims (they pick a version from
//! the working directory, and the app starts servers in `/`), and how nvm's
//! version folders sort when the app prepends them (lexically).

use std::path::{Path, PathBuf};

use crate::platform::HostEnv;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Manager {
    Nvm,
    Pyenv,
    Asdf,
    Mise,
    Volta,
}

impl Manager {
    pub fn name(self) -> &'static str {
        match self {
            Manager::Nvm => "nvm",
            Manager::Pyenv => "pyenv",
            Manager::Asdf => "asdf",
            Manager::Mise => "mise",
            Manager::Volta => "Volta",
        }
    }

    /// Shims choose the real binary at run time from the working directory
    /// (`.python-version`, `.tool-versions`, `package.json`...); nvm's
    /// folders hold real binaries.
    pub fn is_shim(self) -> bool {
        self != Manager::Nvm
    }

    /// The command that prints the real binary a shim runs, for hints.
    pub fn which_command(self, tool: &str) -> String {
        match self {
            Manager::Nvm => format!("nvm which current  # for {tool}"),
            Manager::Pyenv => format!("pyenv which {tool}"),
            Manager::Asdf => format!("asdf which {tool}"),
            Manager::Mise => format!("mise which {tool}"),
            Manager::Volta => format!("volta which {tool}"),
        }
    }
}

fn var_or_home(host: &HostEnv, var: &str, home_rel: &str) -> Option<PathBuf> {
    match host.var(var) {
        Some(v) => Some(PathBuf::from(v)),
        None => Some(host.join(host.home.as_ref()?, &[home_rel])),
    }
}

/// Each manager's folder of binaries or shims on this host (honouring
/// `NVM_DIR`, `PYENV_ROOT`, `ASDF_DATA_DIR`, `MISE_DATA_DIR`,
/// `XDG_DATA_HOME` and `VOLTA_HOME`).
pub fn manager_dirs(host: &HostEnv) -> Vec<(Manager, PathBuf)> {
    let mut v = Vec::new();
    if let Some(d) = var_or_home(host, "NVM_DIR", ".nvm") {
        v.push((Manager::Nvm, host.join(&d, &["versions", "node"])));
    }
    if let Some(h) = &host.home {
        // the app prepends ~/.nvm whatever NVM_DIR says
        v.push((Manager::Nvm, host.join(h, &[".nvm", "versions", "node"])));
    }
    if let Some(d) = var_or_home(host, "PYENV_ROOT", ".pyenv") {
        v.push((Manager::Pyenv, host.join(&d, &["shims"])));
    }
    if let Some(d) = var_or_home(host, "ASDF_DATA_DIR", ".asdf") {
        v.push((Manager::Asdf, host.join(&d, &["shims"])));
    }
    let mise = match (host.var("MISE_DATA_DIR"), host.var("XDG_DATA_HOME")) {
        (Some(m), _) => Some(PathBuf::from(m)),
        (None, Some(x)) => Some(host.join(Path::new(x), &["mise"])),
        (None, None) => host
            .home
            .as_ref()
            .map(|h| host.join(h, &[".local/share/mise"])),
    };
    if let Some(d) = mise {
        v.push((Manager::Mise, host.join(&d, &["shims"])));
    }
    if let Some(d) = var_or_home(host, "VOLTA_HOME", ".volta") {
        v.push((Manager::Volta, host.join(&d, &["bin"])));
    }
    v
}

/// Which version manager a binary belongs to, if any.
pub fn classify(host: &HostEnv, path: &Path) -> Option<Manager> {
    with_manager_dirs(host, |dirs| {
        dirs.iter()
            .find(|(_, dir)| path.starts_with(dir))
            .map(|(m, _)| *m)
    })
}

/// [`manager_dirs`], remembered per thread for the last host asked about:
/// doctor classifies every binary it finds, and the folders depend only on
/// the home and six variables.
fn with_manager_dirs<T>(host: &HostEnv, f: impl FnOnce(&[(Manager, PathBuf)]) -> T) -> T {
    type Key = (crate::platform::Os, Option<PathBuf>, Vec<Option<String>>);
    type Dirs = Vec<(Manager, PathBuf)>;
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Key, Dirs)>> =
            const { std::cell::RefCell::new(None) };
    }
    let vars = [
        "NVM_DIR",
        "PYENV_ROOT",
        "ASDF_DATA_DIR",
        "MISE_DATA_DIR",
        "XDG_DATA_HOME",
        "VOLTA_HOME",
    ];
    // compared in place: building the key costs seven allocations, and
    // doctor asks about every binary it finds
    let same = |(os, home, values): &Key| {
        *os == host.os
            && home.as_deref() == host.home.as_deref()
            && vars
                .iter()
                .zip(values)
                .all(|(v, known)| host.var(v) == known.as_deref())
    };
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.as_ref().is_none_or(|(k, _)| !same(k)) {
            let key: Key = (
                host.os,
                host.home.clone(),
                vars.iter()
                    .map(|v| host.var(v).map(str::to_string))
                    .collect(),
            );
            *last = Some((key, manager_dirs(host)));
        }
        f(last.as_ref().map(|(_, d)| d.as_slice()).unwrap_or_default())
    })
}

/// The nvm version folder name a path is in (`v18.20.0`), if any.
pub fn nvm_version_of(host: &HostEnv, path: &Path) -> Option<String> {
    with_manager_dirs(host, |dirs| {
        dirs.iter()
            .filter(|(m, _)| *m == Manager::Nvm)
            .find_map(|(_, dir)| {
                let rest = path.strip_prefix(dir).ok()?;
                Some(
                    rest.components()
                        .next()?
                        .as_os_str()
                        .to_string_lossy()
                        .into_owned(),
                )
            })
    })
}

/// `v18.20.0` → `[18, 20, 0]`; None when it is not a version.
pub fn parse_version(s: &str) -> Option<Vec<u64>> {
    let s = s.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    let s = s.rsplit(' ').next().unwrap_or(s);
    let parts: Option<Vec<u64>> = s.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| !p.is_empty())
}

/// When lexical order differs from version order for these folder names
/// (`v22.11.0` sorts before `v9.11.2`), the pair that shows it.
pub fn lexical_surprise(names: &[String]) -> Option<(String, String)> {
    let mut lexical = names.to_vec();
    lexical.sort();
    for w in lexical.windows(2) {
        if let (Some(a), Some(b)) = (parse_version(&w[0]), parse_version(&w[1]))
            && a > b
        {
            return Some((w[0].clone(), w[1].clone()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Os;

    fn host(vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(Os::MacOs, Some("/Users/ann"), vars)
    }

    /// The folders are remembered for the last host asked about: a host
    /// with another home or another variable gets its own.
    #[test]
    fn the_remembered_folders_follow_the_host() {
        let shim = Path::new("/opt/pyenv/shims/python3");
        let a = host(&[("PYENV_ROOT", "/opt/pyenv")]);
        let b = host(&[("PYENV_ROOT", "/srv/pyenv")]);
        let c = HostEnv::fake(Os::MacOs, Some("/opt"), &[]);
        let d = HostEnv::fake(Os::MacOs, Some("/opt"), &[("XDG_DATA_HOME", "/x")]);
        assert_eq!(classify(&a, shim), Some(Manager::Pyenv));
        assert_eq!(classify(&b, shim), None);
        assert_eq!(classify(&a, shim), Some(Manager::Pyenv));
        let in_home = Path::new("/opt/.local/share/mise/shims/uvx");
        assert_eq!(classify(&c, in_home), Some(Manager::Mise));
        assert_eq!(classify(&d, in_home), None);
        assert_eq!(classify(&c, in_home), Some(Manager::Mise));
        // another home, the same (no) variables
        assert_eq!(classify(&host(&[]), in_home), None);
    }

    #[test]
    fn classifies_shims_and_nvm_folders() {
        let h = host(&[("PYENV_ROOT", "/opt/pyenv")]);
        let cases = [
            (
                "/Users/ann/.nvm/versions/node/v18.20.0/bin/npx",
                Some(Manager::Nvm),
            ),
            ("/opt/pyenv/shims/python3", Some(Manager::Pyenv)),
            ("/Users/ann/.pyenv/shims/python3", None),
            ("/Users/ann/.asdf/shims/node", Some(Manager::Asdf)),
            (
                "/Users/ann/.local/share/mise/shims/uvx",
                Some(Manager::Mise),
            ),
            ("/Users/ann/.volta/bin/npx", Some(Manager::Volta)),
            ("/usr/local/bin/npx", None),
        ];
        for (p, want) in cases {
            assert_eq!(classify(&h, Path::new(p)), want, "{p}");
        }
        assert!(!Manager::Nvm.is_shim() && Manager::Mise.is_shim());
    }

    #[test]
    fn nvm_version_folder_is_read_off_the_path() {
        let h = host(&[]);
        assert_eq!(
            nvm_version_of(
                &h,
                Path::new("/Users/ann/.nvm/versions/node/v22.11.0/bin/node")
            ),
            Some("v22.11.0".to_string())
        );
        assert_eq!(nvm_version_of(&h, Path::new("/usr/bin/node")), None);
    }

    #[test]
    fn lexical_order_surprises_are_found() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lexical_surprise(&names(&["v9.11.2", "v22.11.0"])),
            Some(("v22.11.0".into(), "v9.11.2".into()))
        );
        assert_eq!(lexical_surprise(&names(&["v18.20.0", "v22.11.0"])), None);
        assert_eq!(parse_version("Python 3.12.1"), Some(vec![3, 12, 1]));
        assert_eq!(parse_version("v22.11.0"), Some(vec![22, 11, 0]));
        assert_eq!(parse_version("garbage"), None);
    }
}
