//! Whether Claude Desktop is running, asked the way the app asks it.
//!
//! On macOS and Linux the app, like every Electron (Chromium) program that
//! keeps to one instance, holds a lock in its data folder, the folder of
//! `claude_desktop_config.json`: `SingletonLock`, a symbolic link whose
//! target is `HOST-PID`, made when the app starts and removed when it
//! quits. A crash leaves it behind, so the pid is checked: gone, or now
//! another program (its command line names neither Claude nor Electron),
//! and the lock is stale. One `readlink` answers what a scan of the
//! process table answered before (every `/proc/*/cmdline` on Linux, about
//! 240 system calls; a `ps` run on macOS), and it answers for the app that
//! reads this very folder, not any Claude on the machine.
//!
//! On Windows the app's lock is a named object outside the folder: a
//! Toolhelp snapshot of image names says whether `claude.exe` runs.
//!
//! [`detect`] is pure over a [`Probe`]; [`RealProbe`] is the OS.

use std::path::{Path, PathBuf};

use super::Os;

/// The lock's file name in the app's data folder.
pub const LOCK_FILE: &str = "SingletonLock";

/// What the OS says about the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Running {
    /// Running; how it was seen (`Claude (pid 4242)`), for messages.
    Yes(String),
    No,
    /// Cannot be told (a lock that cannot be read, no process list).
    Unknown,
}

impl Running {
    /// As a yes/no; None when unknown.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Running::Yes(_) => Some(true),
            Running::No => Some(false),
            Running::Unknown => None,
        }
    }
    /// How it was seen, when running.
    pub fn seen(self) -> Option<String> {
        match self {
            Running::Yes(how) => Some(how),
            _ => None,
        }
    }
}

/// A process, as far as [`Probe::process`] can see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Process {
    /// No such process (or a zombie: it has exited).
    Gone,
    /// Alive, with its command line (NULs as spaces) or executable path.
    Command(String),
    /// Alive, but what it runs cannot be read (another user's).
    Hidden,
}

/// What is at the lock's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Absent,
    /// A symbolic link, and its target.
    To(String),
    /// Something that cannot be read as a link.
    Unreadable,
}

/// What [`detect`] asks of the OS.
pub trait Probe {
    /// What is at `path`.
    fn read_link(&self, path: &Path) -> Link;
    /// This machine's host name, as the app writes it into the lock.
    fn hostname(&self) -> Option<String>;
    /// The process with this id.
    fn process(&self, pid: u32) -> Process;
    /// Id and image name of every process (Windows); None where
    /// unavailable.
    fn image_names(&self) -> Option<Vec<(u32, String)>>;
}

/// Whether the app whose data folder is one of `data_dirs` runs (on
/// Windows, whether the app runs at all).
pub fn detect(os: Os, data_dirs: &[PathBuf], probe: &dyn Probe) -> Running {
    if os == Os::Windows {
        return match probe.image_names() {
            Some(names) => match names.iter().find(|(_, n)| is_windows_app(n)) {
                Some((pid, n)) => Running::Yes(format!("{n} (pid {pid})")),
                None => Running::No,
            },
            None => Running::Unknown,
        };
    }
    let mut unknown = false;
    for dir in data_dirs {
        match probe.read_link(&dir.join(LOCK_FILE)) {
            Link::Absent => {}
            Link::To(target) => match held(&target, probe) {
                Running::No => {}
                Running::Unknown => unknown = true,
                yes => return yes,
            },
            Link::Unreadable => unknown = true,
        }
    }
    if unknown {
        Running::Unknown
    } else {
        Running::No
    }
}

/// What a lock whose target is `HOST-PID` says.
fn held(target: &str, probe: &dyn Probe) -> Running {
    let Some((host, pid)) = target
        .rsplit_once('-')
        .and_then(|(h, p)| Some((h, p.parse::<u32>().ok()?)))
    else {
        return Running::Unknown;
    };
    if probe.hostname().is_some_and(|own| own != host) {
        // a home folder shared between machines: the app runs on the
        // other one, and still owns the file
        return Running::Yes(format!("Claude (pid {pid} on {host})"));
    }
    match probe.process(pid) {
        Process::Gone => Running::No,
        Process::Command(c) if !is_app_command(&c) => Running::No,
        _ => Running::Yes(format!("Claude (pid {pid})")),
    }
}

/// Whether the process holding the lock is still the app, not a program
/// that got its pid after a crash: Claude Desktop's command line names
/// Claude (`/usr/lib/claude-desktop/...`, `/tmp/.mount_claude.../`,
/// `Claude.app/Contents/MacOS/Claude`) or Electron; the Claude Code CLI
/// (`claude`) never holds the lock.
fn is_app_command(command: &str) -> bool {
    // the program itself: `node .../claude` is the Claude Code CLI, and
    // `vim ~/.config/Claude/x` names Claude only in an argument
    let program = command.split_whitespace().next().unwrap_or("");
    let base = program.rsplit('/').next().unwrap_or(program);
    if base == "claude" {
        return false;
    }
    let base = base.to_lowercase();
    let lower = command.to_lowercase();
    base.contains("claude")
        || base.contains("electron")
        || lower.contains("/claude.app/")
        || lower.contains("app.asar")
}

/// Windows: the app's image is `claude.exe` (classic and Store installs).
fn is_windows_app(name: &str) -> bool {
    name.eq_ignore_ascii_case("claude.exe")
}

/// The OS itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealProbe;

impl Probe for RealProbe {
    fn read_link(&self, path: &Path) -> Link {
        match std::fs::read_link(path) {
            Ok(t) => Link::To(t.to_string_lossy().into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Link::Absent,
            Err(_) => Link::Unreadable,
        }
    }

    #[cfg(unix)]
    fn hostname(&self) -> Option<String> {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; the name is read
        // only up to its NUL, which the last byte guarantees.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
        if rc != 0 {
            return None;
        }
        let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
        Some(String::from_utf8_lossy(&buf[..end]).into_owned())
    }
    #[cfg(not(unix))]
    fn hostname(&self) -> Option<String> {
        None
    }

    #[cfg(target_os = "linux")]
    fn process(&self, pid: u32) -> Process {
        use std::io::Read;
        let mut buf = Vec::new();
        match std::fs::File::open(format!("/proc/{pid}/cmdline"))
            .and_then(|f| f.take(4096).read_to_end(&mut buf))
        {
            // a zombie's command line is empty: it has exited
            Ok(_) if buf.is_empty() => Process::Gone,
            Ok(_) => Process::Command(String::from_utf8_lossy(&buf).replace('\0', " ")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Process::Gone,
            Err(_) => Process::Hidden,
        }
    }
    #[cfg(target_os = "macos")]
    fn process(&self, pid: u32) -> Process {
        let Some(id) = alive(pid) else {
            return Process::Gone;
        };
        let mut buf = [0u8; 4096];
        // SAFETY: the buffer is valid for the size given.
        let n = unsafe { libc::proc_pidpath(id, buf.as_mut_ptr().cast(), buf.len() as u32) };
        match usize::try_from(n) {
            Ok(n @ 1..) => Process::Command(String::from_utf8_lossy(&buf[..n]).into_owned()),
            _ => Process::Hidden,
        }
    }
    #[cfg(all(unix, not(any(target_os = "linux", target_os = "macos"))))]
    fn process(&self, pid: u32) -> Process {
        match alive(pid) {
            Some(_) => Process::Hidden,
            None => Process::Gone,
        }
    }
    #[cfg(not(unix))]
    fn process(&self, _pid: u32) -> Process {
        Process::Hidden
    }

    fn image_names(&self) -> Option<Vec<(u32, String)>> {
        super::toolhelp::processes()
    }
}

/// The process id, when a process has it (signal 0 checks only that;
/// one of another user's answers "not permitted", and exists).
#[cfg(all(unix, not(target_os = "linux")))]
fn alive(pid: u32) -> Option<libc::pid_t> {
    let id = libc::pid_t::try_from(pid).ok()?;
    // SAFETY: signal 0 sends nothing.
    let gone = unsafe { libc::kill(id, 0) } != 0
        && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
    (!gone).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Fake {
        links: BTreeMap<PathBuf, Link>,
        host: Option<String>,
        procs: BTreeMap<u32, Process>,
        images: Option<Vec<(u32, String)>>,
    }

    impl Probe for Fake {
        fn read_link(&self, path: &Path) -> Link {
            self.links.get(path).cloned().unwrap_or(Link::Absent)
        }
        fn hostname(&self) -> Option<String> {
            self.host.clone()
        }
        fn process(&self, pid: u32) -> Process {
            self.procs.get(&pid).cloned().unwrap_or(Process::Gone)
        }
        fn image_names(&self) -> Option<Vec<(u32, String)>> {
            self.images.clone()
        }
    }

    const DIR: &str = "/home/ann/.config/Claude";

    fn locked(target: &str, pid: u32, process: Process) -> Fake {
        Fake {
            links: BTreeMap::from([(Path::new(DIR).join(LOCK_FILE), Link::To(target.into()))]),
            host: Some("box".into()),
            procs: BTreeMap::from([(pid, process)]),
            images: None,
        }
    }

    fn linux(fake: &Fake) -> Running {
        detect(
            Os::Linux,
            &[PathBuf::from("/elsewhere"), PathBuf::from(DIR)],
            fake,
        )
    }

    #[test]
    fn a_lock_held_by_the_app_says_it_runs() {
        let app = "/usr/lib/claude-desktop/node_modules/electron/dist/electron --type=browser";
        let fake = locked("box-4242", 4242, Process::Command(app.into()));
        assert_eq!(linux(&fake), Running::Yes("Claude (pid 4242)".into()));
        // an AppImage mounts itself under a name of its own
        let fake = locked(
            "box-7",
            7,
            Process::Command("/tmp/.mount_ClaudeXy12/claude-desktop".into()),
        );
        assert_eq!(linux(&fake).as_bool(), Some(true));
        // another user's process cannot be read: the lock is believed
        let fake = locked("box-9", 9, Process::Hidden);
        assert_eq!(linux(&fake).as_bool(), Some(true));
        let mac = "/Applications/Claude.app/Contents/MacOS/Claude";
        let fake = locked("ann-mbp.local-311", 311, Process::Command(mac.into()));
        let mut fake = fake;
        fake.host = Some("ann-mbp.local".into());
        assert_eq!(
            detect(Os::MacOs, &[PathBuf::from(DIR)], &fake),
            Running::Yes("Claude (pid 311)".into())
        );
    }

    #[test]
    fn a_lock_left_by_a_crash_is_stale() {
        // the process is gone
        let fake = locked("box-4242", 1, Process::Command("claude-desktop".into()));
        assert_eq!(linux(&fake), Running::No);
        // its pid now belongs to another program, or to the Claude Code CLI
        let fake = locked(
            "box-4242",
            4242,
            Process::Command("/usr/bin/vim notes".into()),
        );
        assert_eq!(linux(&fake), Running::No);
        // naming Claude in an argument is not being it, nor is the npm CLI
        for other in [
            "vim /home/ann/.config/Claude/claude_desktop_config.json",
            "node /home/ann/.npm-global/bin/claude",
        ] {
            let fake = locked("box-4242", 4242, Process::Command(other.into()));
            assert_eq!(linux(&fake), Running::No, "{other}");
        }
        let fake = locked(
            "box-4242",
            4242,
            Process::Command("/home/ann/.local/bin/claude --resume".into()),
        );
        assert_eq!(linux(&fake), Running::No);
    }

    #[test]
    fn no_lock_means_not_running_and_an_odd_one_means_unknown() {
        assert_eq!(linux(&Fake::default()), Running::No);
        assert_eq!(
            linux(&locked("garbage", 1, Process::Hidden)),
            Running::Unknown
        );
        let mut fake = Fake::default();
        fake.links
            .insert(Path::new(DIR).join(LOCK_FILE), Link::Unreadable);
        assert_eq!(linux(&fake), Running::Unknown);
        // with no folder to look in, nothing runs that reads it
        assert_eq!(detect(Os::Linux, &[], &fake), Running::No);
    }

    #[test]
    fn a_lock_from_another_host_is_the_other_machine_running_the_app() {
        // a host name may hold dashes: the pid is after the last one
        let fake = locked("build-box-2-55", 55, Process::Gone);
        assert_eq!(
            linux(&fake),
            Running::Yes("Claude (pid 55 on build-box-2)".into())
        );
    }

    #[test]
    fn windows_reads_image_names() {
        let mut fake = Fake {
            images: Some(vec![(4, "explorer.exe".into()), (8, "Claude.exe".into())]),
            ..Fake::default()
        };
        assert_eq!(
            detect(Os::Windows, &[], &fake),
            Running::Yes("Claude.exe (pid 8)".into())
        );
        fake.images = Some(vec![(4, "explorer.exe".into())]);
        assert_eq!(detect(Os::Windows, &[], &fake), Running::No);
        fake.images = None;
        assert_eq!(detect(Os::Windows, &[], &fake), Running::Unknown);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_real_probe_reads_a_lock_and_a_process() {
        let dir = tempfile::tempdir().unwrap();
        let probe = RealProbe;
        let lock = dir.path().join(LOCK_FILE);
        assert_eq!(probe.read_link(&lock), Link::Absent);
        std::os::unix::fs::symlink("box-12", &lock).unwrap();
        assert_eq!(probe.read_link(&lock), Link::To("box-12".into()));
        std::fs::write(dir.path().join("plain"), "x").unwrap();
        assert_eq!(probe.read_link(&dir.path().join("plain")), Link::Unreadable);
        assert!(probe.hostname().is_some_and(|h| !h.is_empty()));
        match probe.process(std::process::id()) {
            Process::Command(c) => assert!(!c.is_empty()),
            other => panic!("{other:?}"),
        }
        assert_eq!(probe.process(u32::MAX - 1), Process::Gone);
    }
}
