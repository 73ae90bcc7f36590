//! Finding a command on a PATH the way the app's spawn does (no shell), or
//! the way the user's shell does, for any OS profile. Pure over
//! [`System`]: works on emulated Windows and macOS layouts on Linux.

use std::path::{Path, PathBuf};

use super::System;
use crate::paths;
use crate::platform::{Os, path_entries};

/// How a `command` value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommandForm {
    /// A name looked up on PATH (`npx`).
    Bare,
    /// An absolute path.
    Absolute,
    /// A relative path (`./server`, `build/index.js`): resolved against the
    /// app's working directory, not the user's project.
    Relative,
}

/// How a `command` value is written (`paths` decides what is absolute:
/// on Windows `\srv\x.exe` and `C:srv\x.exe` are relative forms).
pub fn form(os: Os, command: &str) -> CommandForm {
    if paths::is_absolute(os.path_style(), command) {
        CommandForm::Absolute
    } else if paths::has_separator(os.path_style(), command) {
        CommandForm::Relative
    } else {
        CommandForm::Bare
    }
}

/// The file name of a command without a Windows executable extension,
/// lower-cased on Windows: `C:\x\npx.cmd` → `npx`.
pub fn stem(os: Os, command: &str) -> String {
    let name = match os {
        Os::Windows => command.rsplit(['/', '\\']).next().unwrap_or(command),
        _ => command.rsplit('/').next().unwrap_or(command),
    };
    if os == Os::Windows {
        let lower = name.to_ascii_lowercase();
        for ext in [".exe", ".cmd", ".bat", ".com"] {
            if let Some(s) = lower.strip_suffix(ext) {
                return s.to_string();
            }
        }
        lower
    } else {
        name.to_string()
    }
}

/// The folder a path written for `os` is in (`C:\x\npx.cmd` → `C:\x`),
/// independent of the OS mcpctl runs on; the path itself when it has none.
pub fn parent(os: Os, path: &Path) -> PathBuf {
    let s = path.to_string_lossy();
    let cut = match os {
        Os::Windows => s.rfind(['/', '\\']),
        _ => s.rfind('/'),
    };
    match cut {
        // keep the root itself: `/x` → `/`, `C:\x` → `C:\`
        Some(i) if s[..i].is_empty() || s[..i].ends_with(':') => PathBuf::from(&s[..=i]),
        Some(i) => PathBuf::from(&s[..i]),
        None => path.to_path_buf(),
    }
}

/// A Windows batch file (`.cmd`, `.bat`): the app, which starts commands
/// without a shell, cannot run one.
pub fn is_batch(os: Os, path: &Path) -> bool {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    os == Os::Windows && (lower.ends_with(".cmd") || lower.ends_with(".bat"))
}

/// Who is searching: the app's spawn (libuv: on Windows only `.com` and
/// `.exe` are tried, PATHEXT is not given to the app) or the user's shell
/// (PATHEXT on Windows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Searcher<'a> {
    App,
    Shell { pathext: Option<&'a str> },
}

fn extensions(os: Os, searcher: Searcher) -> Vec<String> {
    if os != Os::Windows {
        return vec![String::new()];
    }
    let list = match searcher {
        Searcher::App => ".COM;.EXE".to_string(),
        Searcher::Shell { pathext } => pathext.unwrap_or(".COM;.EXE;.BAT;.CMD").to_string(),
    };
    list.split(';')
        .filter(|e| !e.is_empty())
        .map(|e| e.to_ascii_lowercase())
        .collect()
}

/// `dir` + `name` the way `os` writes paths, independent of the OS mcpctl
/// runs on.
pub fn join(os: Os, dir: &Path, name: &str) -> PathBuf {
    crate::paths::join(os.path_style(), dir, &[name])
}

/// Every match of a bare `name` on `path`, in PATH order. Relative PATH
/// entries are skipped (they would resolve against the app's working
/// directory, not the user's).
pub fn find_all(
    sys: &dyn System,
    os: Os,
    name: &str,
    path: &str,
    searcher: Searcher,
) -> Vec<PathBuf> {
    // (built by hand: `format!` of the Debug forms cost more than the
    // look-up it saves)
    let (who, pathext) = match searcher {
        // outside Windows the app and the shell try the same names: one
        // search answers both
        _ if os != Os::Windows => ('u', ""),
        Searcher::App => ('a', ""),
        Searcher::Shell { pathext: None } => ('d', ""),
        Searcher::Shell { pathext: Some(p) } => ('s', p),
    };
    let mut key = String::with_capacity(name.len() + path.len() + pathext.len() + 16);
    key.push(who);
    for part in [os.name(), pathext, name, path] {
        key.push_str(part);
        key.push('\0');
    }
    sys.searched(&key, &mut || search(sys, os, name, path, searcher))
}

fn search(sys: &dyn System, os: Os, name: &str, path: &str, searcher: Searcher) -> Vec<PathBuf> {
    let exts = extensions(os, searcher);
    let has_ext = os == Os::Windows && name.contains('.');
    let runs = |c: &Path| sys.is_file(c) && sys.is_executable(c);
    let mut found = Vec::new();
    for dir in path_entries(os, path) {
        if !paths::is_absolute(os.path_style(), dir) {
            continue;
        }
        let dir = Path::new(dir);
        // (asked of every tool on both PATHs: no list of candidates
        // unless there is more than one)
        if os != Os::Windows {
            let c = join(os, dir, name);
            if runs(&c) {
                found.push(c);
            }
            continue;
        }
        let bare = has_ext.then(|| join(os, dir, name));
        if let Some(hit) = bare
            .into_iter()
            .chain(exts.iter().map(|e| join(os, dir, &format!("{name}{e}"))))
            .find(|c| runs(c))
        {
            found.push(hit);
        }
    }
    found
}

/// The first match of a bare `name` on `path`.
pub fn find(
    sys: &dyn System,
    os: Os,
    name: &str,
    path: &str,
    searcher: Searcher,
) -> Option<PathBuf> {
    find_all(sys, os, name, path, searcher).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::system::tests::FakeSystem;

    #[test]
    fn forms_follow_the_os() {
        assert_eq!(form(Os::Linux, "npx"), CommandForm::Bare);
        assert_eq!(form(Os::Linux, "/usr/bin/npx"), CommandForm::Absolute);
        assert_eq!(form(Os::Linux, "./server.js"), CommandForm::Relative);
        assert_eq!(form(Os::Windows, r"C:\node\npx.cmd"), CommandForm::Absolute);
        assert_eq!(form(Os::Windows, r"tools\run.exe"), CommandForm::Relative);
        assert_eq!(form(Os::MacOs, r"C:\x"), CommandForm::Bare);
    }

    #[test]
    fn parents_follow_the_os_not_the_host() {
        let p = |os, s: &str| parent(os, Path::new(s)).display().to_string();
        assert_eq!(
            p(Os::Windows, r"C:\Program Files\nodejs\npx.cmd"),
            r"C:\Program Files\nodejs"
        );
        assert_eq!(p(Os::Windows, r"C:\npx.cmd"), r"C:\");
        assert_eq!(p(Os::Linux, "/usr/bin/npx"), "/usr/bin");
        assert_eq!(p(Os::Linux, "/npx"), "/");
        assert!(is_batch(Os::Windows, Path::new(r"C:\n\NPX.CMD")));
        assert!(!is_batch(Os::Linux, Path::new("/x/npx.cmd")));
    }

    #[test]
    fn stems_drop_windows_extensions() {
        assert_eq!(stem(Os::Windows, r"C:\Program Files\nodejs\NPX.CMD"), "npx");
        assert_eq!(stem(Os::Linux, "/usr/bin/python3"), "python3");
        assert_eq!(stem(Os::Linux, "node.exe"), "node.exe");
    }

    #[test]
    fn first_match_in_path_order_skipping_relative_entries() {
        let sys = FakeSystem::with_files(&["/a/npx", "/b/npx", "rel/npx"]);
        assert_eq!(
            find(&sys, Os::Linux, "npx", "rel:/b:/a", Searcher::App),
            Some(PathBuf::from("/b/npx"))
        );
        assert_eq!(find(&sys, Os::Linux, "uvx", "/a:/b", Searcher::App), None);
        assert_eq!(
            find_all(&sys, Os::Linux, "npx", "/a:/b", Searcher::App).len(),
            2
        );
    }

    #[test]
    fn windows_app_spawn_does_not_find_cmd_shims_but_the_shell_does() {
        let sys = FakeSystem::with_files(&[r"C:\nodejs\npx.cmd", r"C:\nodejs\node.exe"]);
        let path = r"C:\nodejs\";
        assert_eq!(find(&sys, Os::Windows, "npx", path, Searcher::App), None);
        assert_eq!(
            find(&sys, Os::Windows, "node", path, Searcher::App),
            Some(PathBuf::from(r"C:\nodejs\node.exe"))
        );
        assert_eq!(
            find(
                &sys,
                Os::Windows,
                "npx",
                path,
                Searcher::Shell { pathext: None }
            ),
            Some(PathBuf::from(r"C:\nodejs\npx.cmd"))
        );
    }
}
