//! The one support module of the end-to-end suite: a [`Sandbox`] (a temp
//! folder with a HOME, a current folder and a `bin` folder) that runs the
//! real `mcpctl` binary with a cleared, controlled environment, the
//! captured [`Out`]put of a run, and the [`mcpctl_snapshot!`] macro that
//! turns a run into a filtered insta snapshot (command line, exit code,
//! stdout and stderr in one file).
//!
//! Everything here drives the binary; nothing reaches into the library, so
//! moves inside `src/` do not touch it. Process scans live in [`procs`].
//!
//! [`Sandbox::redact`] and the filters (see [`Sandbox::filters`]) replace
//! what differs between runs and machines: the sandbox folder (`[TEMP]`),
//! the repo (`[REPO]`), the built binaries (`[MCPCTL]`, `[EXAMPLE_SERVER]`),
//! a program that exists (`[TRUE]`, see [`true_cmd`]), paths a test names
//! ([`Sandbox::name`], e.g. `[PYTHON]`), timings (`[DURATION]`), pids
//! (`[PID]`), backup times (`[TIME]`) and the crate version (`[VERSION]`).
//! Paths are named as written in text and inside JSON strings, and on
//! Windows the rest of a named path shows `/` separators, so one snapshot
//! serves every OS; where the output differs by design (the app's folders,
//! its launch profile) a test says so and keeps a snapshot per OS
//! ([`Sandbox::snapshots_differ_by_os`]).

pub mod homes;
pub mod http;
pub mod procs;

use std::cell::{Cell, RefCell};
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long one `mcpctl` run may take before the test fails.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// The repository root (where `Cargo.toml` is).
pub fn repo() -> &'static Path {
    static REPO: OnceLock<String> = OnceLock::new();
    Path::new(REPO.get_or_init(|| complete(env!("CARGO_MANIFEST_DIR"))))
}

/// The `mcpctl` binary cargo built for this test run.
pub fn mcpctl_bin() -> &'static str {
    static BIN: OnceLock<String> = OnceLock::new();
    BIN.get_or_init(|| complete(env!("CARGO_BIN_EXE_mcpctl")))
}

/// The example/fixture server built by cargo (rmcp).
pub fn example_server() -> &'static str {
    static BIN: OnceLock<String> = OnceLock::new();
    BIN.get_or_init(|| complete(env!("CARGO_BIN_EXE_mcpctl-example-server")))
}

/// A path cargo gave at build time, complete on this OS. A Windows build
/// made on Linux (scripts/cross-check) is given `/work/...`: on Windows that
/// starts at the root of the *current drive*, so from the sandbox (on
/// another drive than the build under Wine) it names another file, and
/// mcpctl rightly calls it not absolute. The test process's own drive is
/// the build's.
fn complete(path: &str) -> String {
    if cfg!(windows) {
        std::path::absolute(path).map_or_else(|_| path.to_string(), |p| p.display().to_string())
    } else {
        path.to_string()
    }
}

/// A program that exists at an absolute path, for a command whose program
/// does not matter (`add NAME -- PROGRAM`): `/bin/true` on Unix; on
/// Windows, which has none, a copy of the example server at
/// `CARGO_TARGET_TMPDIR/true.exe`. Snapshots show it as `[TRUE]`.
pub fn true_cmd() -> &'static str {
    static TRUE: OnceLock<String> = OnceLock::new();
    TRUE.get_or_init(|| {
        if !cfg!(windows) {
            return "/bin/true".to_string();
        }
        let dir = complete(env!("CARGO_TARGET_TMPDIR"));
        let path = Path::new(&dir).join("true.exe");
        if !path.is_file() {
            std::fs::create_dir_all(&dir).expect("create CARGO_TARGET_TMPDIR");
            std::fs::copy(example_server(), &path).expect("copy the example server");
        }
        path.display().to_string()
    })
}

/// `text` (a config) with every `/bin/true` as [`true_cmd`], inside JSON
/// strings (unchanged on Unix).
pub fn with_true(text: &str) -> String {
    text.replace("/bin/true", &in_json(true_cmd()))
}

/// `text` escaped for the inside of a JSON string (a Windows path's
/// backslashes doubled), to put a path into a config written by hand.
pub fn in_json(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string is JSON");
    quoted[1..quoted.len() - 1].to_string()
}

/// Why the snapshots of a test whose program is found on a PATH are kept
/// per OS (see [`Sandbox::snapshots_differ_by_os`]).
pub const EXE_SUFFIX: &str = "a program found on the PATH is NAME.exe on Windows";

/// `dirs` joined into a PATH list with this OS's separator.
pub fn path_list(dirs: &[&Path]) -> String {
    std::env::join_paths(dirs)
        .expect("folders without the list separator")
        .to_string_lossy()
        .into_owned()
}

/// Why a launch's snapshots are kept per OS (see
/// [`Sandbox::snapshots_differ_by_os`]).
pub const LAUNCH_PROFILE: &str =
    "a launch shows the app's launch profile and working folder of the OS it runs on";

/// True when running under CI (`CI` set to anything but empty/"false"/"0").
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Prints a skip notice nobody can miss, on stderr.
pub fn loud_skip(test: &str, why: &str) {
    eprintln!("\n========================================================");
    eprintln!("SKIPPED: {test}: {why}");
    eprintln!("========================================================\n");
}

/// `setpriv`, to run mcpctl as `nobody`: None (after a loud skip) when it
/// is missing or this is not root (dropping to another user needs root).
#[cfg(unix)]
pub fn setpriv_as_root(test: &str) -> Option<PathBuf> {
    let Ok(setpriv) = which::which("setpriv") else {
        loud_skip(test, "no setpriv");
        return None;
    };
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        loud_skip(test, "dropping to another user needs root");
        return None;
    }
    Some(setpriv)
}

/// The file where skips are recorded, one `RUNTIME<TAB>TEST<TAB>WHY` line
/// each (`scripts/test` sets it, counts the lines at the end, and under CI
/// fails when the runtime a skipped test needed is installed after all).
pub const SKIP_LOG_VAR: &str = "MCPCTL_SKIP_LOG";

/// Skip the calling test because `runtime` (`node`, `python3`,
/// `python3>=3.10`) is missing: loudly on stderr, and recorded for
/// `scripts/test` (cargo prints a skipped test as `ok`).
pub fn skip(runtime: &str, why: &str) {
    let current = std::thread::current();
    let test = current.name().unwrap_or("(unnamed test)");
    loud_skip(test, why);
    let Some(log) = std::env::var_os(SKIP_LOG_VAR).filter(|v| !v.is_empty()) else {
        return;
    };
    use std::io::Write;
    let line = format!("{runtime}\t{test}\t{}\n", why.replace(['\t', '\n'], " "));
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "warning: could not record the skip in {}: {e}",
            log.to_string_lossy()
        );
    }
}

/// Where a program is on the test process's own PATH.
pub fn on_path(program: &str) -> Option<PathBuf> {
    which::which(program).ok()
}

/// The ring of backups in `dir` (a `mcpctl-backups` folder), sorted: the
/// copy of what mcpctl last wrote (`NAME.last-written.json`) is not one.
/// `text` without the `--config PATH` mcpctl adds to every command it
/// suggests when it was given `--config` (tests that read a hint's words).
pub fn unconfigured(text: &str) -> String {
    let re = regex::Regex::new(r#"`mcpctl --config (?:'[^']*'|"[^"]*"|\S+) "#).expect("regex");
    re.replace_all(text, "`mcpctl ").into_owned()
}

/// A sparse file of `len` bytes at `path`, then `tail` at its end: every
/// byte before the tail is a NUL no one wrote, and takes no disk (Unix
/// file systems; NTFS would write them, so Unix tests only).
#[cfg(unix)]
pub fn sparse(path: &Path, len: u64, tail: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f =
        std::fs::File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
    f.set_len(len).expect("set_len");
    f.seek(SeekFrom::End(0)).expect("seek");
    f.write_all(tail).expect("write the tail");
}

/// A FIFO at `path`, no one reading or writing it: a run that opens it
/// to read as a file waits for ever.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL in path");
    // SAFETY: a valid NUL-terminated path.
    let made = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

pub fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().contains(".last-written."))
    });
    v.sort();
    v
}

// ---- Claude Desktop running or not ---------------------------------------

/// Claude Desktop running, as mcpctl sees it: a process whose command line
/// names Claude (a copy of `sleep` called `Claude`) holding the app's
/// single-instance lock in `data_dir` (`SingletonLock` -> `HOST-PID`).
/// Only runs whose data folder is `data_dir` see it. Stopped, and the
/// lock removed, on drop. (A copy of `/bin/sleep`: Linux only.)
#[cfg(target_os = "linux")]
pub struct FakeApp {
    child: std::process::Child,
    lock: PathBuf,
}

#[cfg(target_os = "linux")]
impl FakeApp {
    pub fn start(sb: &Sandbox, data_dir: &Path) -> FakeApp {
        let program = sb.root().join("app/Claude");
        std::fs::create_dir_all(program.parent().unwrap()).unwrap();
        if !program.exists() {
            std::fs::copy("/bin/sleep", &program).expect("copy sleep");
        }
        // a copy just written may be held open for writing by a fork of
        // another test's thread for a moment: exec says ETXTBSY, try again
        let mut tries = 0;
        let child = loop {
            match Command::new(&program).arg("60").spawn() {
                Ok(child) => break child,
                Err(e) if e.raw_os_error() == Some(26) && tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => panic!("start the fake app: {e}"),
            }
        };
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").expect("host name");
        std::fs::create_dir_all(data_dir).unwrap();
        let lock = data_dir.join("SingletonLock");
        std::os::unix::fs::symlink(format!("{}-{}", host.trim(), child.id()), &lock)
            .expect("make the lock");
        FakeApp { child, lock }
    }
}

#[cfg(target_os = "linux")]
impl Drop for FakeApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.lock);
    }
}

// ---- the sandbox -------------------------------------------------------------

/// One test's world: `home/` (HOME), `work/` (the current folder of every
/// run) and `bin/` (the default PATH: empty unless a test puts tools
/// there), in a fresh temp folder that is removed afterwards.
pub struct Sandbox {
    dir: tempfile::TempDir,
    names: RefCell<Vec<(String, String)>>,
    /// Why this sandbox's snapshots differ by OS, when they do
    /// ([`Sandbox::snapshots_differ_by_os`]).
    per_os: Cell<Option<&'static str>>,
}

/// ERROR_INTERNAL_ERROR from CreateProcess, seen now and then under Wine.
const WINE_SPAWN_GLITCH: i32 = 1359;

impl Sandbox {
    pub fn new() -> Sandbox {
        let sb = Sandbox {
            dir: temp_root(),
            names: RefCell::new(Vec::new()),
            per_os: Cell::new(None),
        };
        for dir in [sb.home(), sb.work(), sb.bin()] {
            std::fs::create_dir_all(&dir).expect("create sandbox folder");
        }
        sb.name(true_cmd(), "[TRUE]");
        sb
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    pub fn work(&self) -> PathBuf {
        self.root().join("work")
    }

    pub fn bin(&self) -> PathBuf {
        self.root().join("bin")
    }

    /// Writes `text` to `path` (creating its folders); returns the path.
    pub fn write(&self, path: impl AsRef<Path>, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.root().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// An executable shell script at `path` running `body`.
    pub fn script(&self, path: impl AsRef<Path>, body: &str) -> PathBuf {
        let path = self.write(path, format!("#!/bin/sh\n{body}\n"));
        make_executable(&path);
        path
    }

    /// A real program at `path` (`/`-separated, under the sandbox) on every
    /// OS: a copy of the example server, with `.exe` added on Windows (where
    /// only such a file runs, and a PATH look-up adds it). Returns the
    /// file's path, written with this OS's separator.
    pub fn program(&self, path: &str) -> PathBuf {
        let mut path = path
            .split('/')
            .fold(self.root().to_path_buf(), |p, part| p.join(part));
        if cfg!(windows) {
            path.as_mut_os_string().push(".exe");
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::copy(example_server(), &path)
            .unwrap_or_else(|e| panic!("copy the example server to {}: {e}", path.display()));
        path
    }

    /// `bin/NAME` for each name: a tool that exits 0.
    pub fn fake_tools(&self, names: &[&str]) {
        for name in names {
            self.script(self.bin().join(name), "exit 0");
        }
    }

    /// From now on, `text` (a path, a PATH value) shows as `placeholder`
    /// in this sandbox's snapshots.
    pub fn name(&self, text: impl AsRef<OsStr>, placeholder: &str) {
        let text = text.as_ref().to_string_lossy().into_owned();
        if !text.is_empty() {
            self.names
                .borrow_mut()
                .push((text, placeholder.to_string()));
        }
    }

    /// From now on this sandbox's snapshots are kept per OS (`NAME.snap` on
    /// Linux, `NAME@windows.snap` on Windows), because the output differs
    /// by design: `why` says how (the app's folders, its launch profile).
    /// Only for that: paths and separators are made alike by
    /// [`Sandbox::redact`].
    pub fn snapshots_differ_by_os(&self, why: &'static str) {
        self.per_os.set(Some(why));
    }

    /// `http://127.0.0.1:PORT/mcp` on a port nothing listens on (shown as
    /// `127.0.0.1:[PORT]`): a url entry that is probed stays on this
    /// machine and is refused at once.
    pub fn closed_local_url(&self) -> String {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        self.name(format!("127.0.0.1:{port}"), "127.0.0.1:[PORT]");
        format!("http://127.0.0.1:{port}/mcp")
    }

    /// `mcpctl` with an empty environment except HOME (`home/`) and PATH
    /// (`bin/`), run from `work/`: the developer's own config, tools and
    /// `MCPCTL_*` variables are never read. `NO_COLOR` is not set: output
    /// to a pipe must have no colour anyway, and the snapshots show it.
    pub fn mcpctl(&self) -> Command {
        let mut cmd = Command::new(mcpctl_bin());
        cmd.env_clear()
            .env("HOME", self.home())
            .env("PATH", self.bin())
            .current_dir(self.work());
        for (key, value) in self.windows_folders() {
            cmd.env(key, value);
        }
        default_signals(&mut cmd);
        cmd
    }

    /// On Windows, the variables that name the user's folders, inside
    /// `home/` (the app's config and install folders are found from them):
    /// a run never reads the real profile. Empty elsewhere.
    pub fn windows_folders(&self) -> Vec<(&'static str, PathBuf)> {
        if !cfg!(windows) {
            return Vec::new();
        }
        let home = self.home();
        vec![
            ("USERPROFILE", home.clone()),
            ("APPDATA", home.join("AppData").join("Roaming")),
            ("LOCALAPPDATA", home.join("AppData").join("Local")),
        ]
    }

    /// Runs `cmd` to its end with stdin empty (not a terminal) and
    /// captures it; a run that takes over two minutes is killed and fails
    /// the test.
    pub fn run(&self, cmd: &mut Command) -> Out {
        let line = self.command_line(cmd);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Wine's CreateProcess now and then fails with ERROR_INTERNAL_ERROR
        // (1359) while other processes start: retried once, as mcpctl
        // retries its own spawns (probe::spawn)
        let mut child = cmd
            .spawn()
            .or_else(|e| match e.raw_os_error() {
                Some(WINE_SPAWN_GLITCH) if cfg!(windows) => cmd.spawn(),
                _ => Err(e),
            })
            .unwrap_or_else(|e| panic!("start `{line}`: {e}"));
        let stdout = read_all(child.stdout.take());
        let stderr = read_all(child.stderr.take());
        let deadline = Instant::now() + RUN_TIMEOUT;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for mcpctl") {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("`{line}` still running after {RUN_TIMEOUT:?}: killed");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Out {
            line,
            code: status.code(),
            stdout: stdout.join().expect("read stdout"),
            stderr: stderr.join().expect("read stderr"),
        }
    }

    /// `VAR=value ... mcpctl ARGS`, as a reader of a snapshot wants it: the
    /// program by its name, HOME and the default PATH left out.
    fn command_line(&self, cmd: &Command) -> String {
        let mut words = Vec::new();
        for (key, value) in cmd.get_envs() {
            let Some(value) = value else { continue };
            let default_path = key == "PATH" && value == self.bin().as_os_str();
            let sandboxed = self.windows_folders().iter().any(|(k, _)| key == *k);
            if key == "HOME" || default_path || sandboxed {
                continue;
            }
            words.push(format!(
                "{}={}",
                key.to_string_lossy(),
                quote(&value.to_string_lossy())
            ));
        }
        let program = Path::new(cmd.get_program())
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        words.push(program);
        words.extend(cmd.get_args().map(|a| quote(&a.to_string_lossy())));
        words.join(" ")
    }

    /// `text` (a run's transcript, a file) with the paths this sandbox
    /// knows replaced by their names (`[TEMP]`, `[REPO]`, `[MCPCTL]`,
    /// `[EXAMPLE_SERVER]`, [`Sandbox::name`]s), as written in text and
    /// inside JSON strings; on Windows the separators after a name then
    /// become `/` and a PATH list's `;` before one `:`, so one snapshot
    /// serves every OS (what is left differs by design).
    pub fn redact(&self, text: &str) -> String {
        let mut literal: Vec<(String, String)> = self.names.borrow().clone();
        literal.push((example_server().to_string(), "[EXAMPLE_SERVER]".into()));
        literal.push((mcpctl_bin().to_string(), "[MCPCTL]".into()));
        let root = self.root();
        if let Ok(real) = root.canonicalize() {
            let real = real.display().to_string();
            if let Some(plain) = real.strip_prefix(r"\\?\") {
                literal.push((plain.to_string(), "[TEMP]".into()));
            }
            literal.push((real, "[TEMP]".into()));
        }
        literal.push((root.display().to_string(), "[TEMP]".into()));
        literal.push((repo().display().to_string(), "[REPO]".into()));
        // a Windows path in a JSON string, and in a JSON string inside one
        // (a diff in `--json`)
        let in_json: Vec<(String, String)> = literal
            .iter()
            .filter(|(text, _)| text.contains('\\'))
            .flat_map(|(text, name)| {
                [r"\\", r"\\\\"].map(|sep| (text.replace('\\', sep), name.clone()))
            })
            .collect();
        literal.extend(in_json);
        // Longer first, so that a path inside another is replaced whole.
        literal.sort_by_key(|(text, _)| std::cmp::Reverse(text.len()));
        let mut out = text.to_string();
        for (text, name) in &literal {
            out = out.replace(text.as_str(), name);
        }
        if cfg!(windows) {
            out = windows_separators(&out);
        }
        out
    }

    /// The snapshot filters (regexes) for what varies between runs; paths
    /// are replaced before them, by [`Sandbox::redact`].
    fn filters(&self) -> Vec<(String, String)> {
        let mut filters: Vec<(String, String)> = Vec::new();
        for (regex, to) in [
            // durations measured: "first reply 12 ms", "(19 ms)", "in 1.2 s"
            // (a timeout given in whole seconds, "within 5 s", stays), and
            // the discover budget, which grows with the first reply's time
            (r"\b\d+(\.\d+)? ms\b", "[DURATION]"),
            (r"\b\d+\.\d+ s\b", "[DURATION]"),
            (r"(server/discover within )\d+ s\b", "$1[DURATION]"),
            // ... and in JSON: "wall_ms": 540, "call_ms": 12, "timings_ms": {"first_reply":
            // 412, "total": 530} (but not the summary's "total", a count)
            (r#""(first_reply|wall_ms|call_ms)": \d+"#, r#""$1": "[N]""#),
            (
                r#"("first_reply": (?:null|"\[N\]"),\s*"total": )\d+"#,
                r#"$1"[N]""#,
            ),
            // remote probes: each request's "ms"
            (r#""ms": \d+"#, r#""ms": "[N]""#),
            // processes
            (r"\(pid \d+", "(pid [PID]"),
            (r#""pid": \d+"#, r#""pid": "[PID]""#),
            // backup names and times
            (
                r"\d{4}-\d{2}-\d{2}T\d{2}[-:]\d{2}[-:]\d{2}\.\d{3}Z",
                "[TIME]",
            ),
            (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC", "[TIME]"),
        ] {
            filters.push((regex.to_string(), to.to_string()));
        }
        let version = escape(env!("CARGO_PKG_VERSION"));
        filters.push((
            format!(r"(mcpctl-example-server\W+(version\W+)?){version}\b"),
            "$1[VERSION]".to_string(),
        ));
        filters
    }

    /// insta settings for this sandbox: the filters, one snapshot folder,
    /// no expression header (the command line is in the snapshot).
    pub fn insta_settings(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(repo().join("tests/e2e/snapshots"));
        settings.set_prepend_module_to_snapshot(true);
        settings.set_omit_expression(true);
        if self.per_os.get().is_some() && !cfg!(target_os = "linux") {
            settings.set_snapshot_suffix(std::env::consts::OS);
        }
        for (regex, to) in self.filters() {
            settings.add_filter(&regex, to);
        }
        settings
    }
}

/// The sandbox's temp folder. On Unix it is always `/tmp/mcpctl-e2e.XXXXXX`
/// (not `$TMPDIR`), so paths in the output have the same length on every
/// machine and columns after them line up the same in every snapshot.
fn temp_root() -> tempfile::TempDir {
    let mut builder = tempfile::Builder::new();
    builder.prefix("mcpctl-e2e.").rand_bytes(6);
    let fixed = Path::new("/tmp");
    if cfg!(unix) && fixed.is_dir() {
        builder.tempdir_in(fixed)
    } else {
        builder.tempdir()
    }
    .expect("create temp dir")
}

/// Reads a child's stream to its end on a thread (so a full pipe never
/// blocks the child), as lossy UTF-8.
fn read_all(stream: Option<impl Read + Send + 'static>) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut s) = stream {
            let _ = s.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(not(unix))]
fn make_executable(_: &Path) {}

/// A path after a name ([`Sandbox::redact`]) with `/` for Windows'
/// separators (`\`, and `\\` or `\\\\` in JSON strings), and `;` joining
/// two named paths (a PATH list) as `:`.
fn windows_separators(text: &str) -> String {
    static TAIL: OnceLock<regex::Regex> = OnceLock::new();
    static LIST: OnceLock<regex::Regex> = OnceLock::new();
    let tail = TAIL.get_or_init(|| {
        regex::Regex::new(r#"(\[[A-Z_]+\])((?:(?:\\\\\\\\|\\\\|\\|/)[^\\/"'`\n,;:()\[\]<>|*?]+)+)"#)
            .expect("regex")
    });
    let list = LIST.get_or_init(|| regex::Regex::new(r";(\[[A-Z_]+\])").expect("regex"));
    let text = tail.replace_all(text, |c: &regex::Captures| {
        let tail = c[2].replace(r"\\\\", "/").replace(r"\\", "/");
        format!("{}{}", &c[1], tail.replace('\\', "/"))
    });
    list.replace_all(&text, ":$1").into_owned()
}

/// `text` as a regex that matches it literally.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if r"\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A word as a shell would need it (single quotes when it has to).
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || "-_./:=@,+[]%^~".contains(c)
                || (cfg!(windows) && c == '\\')
        });
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

// ---- what a run showed ---------------------------------------------------------

/// What one `mcpctl` run showed: its command line, exit code (`None` when
/// killed by a signal), stdout and stderr as text.
pub struct Out {
    pub line: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// stdout followed by stderr.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts that none of `secrets` appears on stdout or stderr (`ctx`
    /// says which run, in the failure).
    pub fn assert_hides(&self, secrets: &[&str], ctx: &str) {
        let all = self.all();
        for secret in secrets {
            assert!(!all.contains(secret), "{ctx} leaked {secret:?}:\n{all}");
        }
    }

    /// stdout parsed as JSON (panics showing both streams when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self:?}"))
    }

    /// The whole run as one snapshot: command line, exit, stdout, stderr.
    pub fn transcript(&self) -> String {
        let code = self
            .code
            .map_or_else(|| "killed by a signal".to_string(), |c| c.to_string());
        format!(
            "$ {}\nexit: {code}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.line,
            with_final_newline(&self.stdout),
            with_final_newline(&self.stderr),
        )
    }
}

fn with_final_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n[no newline at the end]\n")
    }
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.transcript())
    }
}

/// Runs a command in a sandbox and snapshots the whole run (command line,
/// exit code, stdout, stderr) after the sandbox's filters; evaluates to the
/// [`Out`] for further checks. The snapshot is named after the test, or
/// `NAME` when given (one test, several snapshots):
///
/// ```ignore
/// let out = mcpctl_snapshot!(sb, cmd);
/// let out = mcpctl_snapshot!("healthy_json", sb, cmd);
/// ```
macro_rules! mcpctl_snapshot {
    ($sandbox:expr, $cmd:expr $(,)?) => {{
        let sandbox = &$sandbox;
        let out = sandbox.run($cmd);
        sandbox
            .insta_settings()
            .bind(|| insta::assert_snapshot!(sandbox.redact(&out.transcript())));
        out
    }};
    ($name:expr, $sandbox:expr, $cmd:expr $(,)?) => {{
        let sandbox = &$sandbox;
        let out = sandbox.run($cmd);
        sandbox
            .insta_settings()
            .bind(|| insta::assert_snapshot!($name, sandbox.redact(&out.transcript())));
        out
    }};
}

/// Snapshots `text` (what a file holds after a command, say) as `NAME`,
/// after the sandbox's filters.
macro_rules! text_snapshot {
    ($name:expr, $sandbox:expr, $text:expr $(,)?) => {{
        let sandbox = &$sandbox;
        sandbox
            .insta_settings()
            .bind(|| insta::assert_snapshot!($name, sandbox.redact(&$text)))
    }};
}

/// Snapshots one command in both formats: `MAKE(ARGS)` as text
/// (`NAME_text`) and `MAKE(["--json", ARGS...])` (`NAME_json`), where
/// `MAKE` builds the command from its arguments; evaluates to both [`Out`]s.
///
/// ```ignore
/// text_and_json!("broken", w.sb, &["--no-launch"], |args| w.doctor(args));
/// ```
macro_rules! text_and_json {
    ($name:expr, $sandbox:expr, $args:expr, $make:expr $(,)?) => {{
        let args: &[&str] = $args;
        let make = $make;
        let text = mcpctl_snapshot!(format!("{}_text", $name), $sandbox, &mut make(args));
        let mut json_args = vec!["--json"];
        json_args.extend_from_slice(args);
        let json = mcpctl_snapshot!(format!("{}_json", $name), $sandbox, &mut make(&json_args));
        [text, json]
    }};
}

/// The filters at work on one text holding everything they replace (the
/// snapshot shows what each becomes), and leaving alone what only looks
/// like it: a count called `total`, a timeout in seconds, a version other
/// than the crate's.
#[test]
fn filters_hide_what_varies_between_runs_and_machines() {
    let sb = Sandbox::new();
    sb.name("/opt/python/bin/python3.13", "[PYTHON]");
    let text = format!(
        "{root}/work/c.json and {real}/home\n\
         {repo}/tests/fixtures/x.json\n\
         {mcpctl} and {example}\n\
         /opt/python/bin/python3.13 server.py\n\
         first reply 12 ms, total 130 ms (19 ms), in 1.2 s, in 2.5 ms, within 5 s\n\
         \"timings_ms\": {{\"first_reply\": 412, \"total\": 530}}, \"wall_ms\": 540\n\
         \"timings_ms\": {{\"first_reply\": null,\n  \"total\": 7}}\n\
         \"summary\": {{\"total\": 3, \"ok\": 3}}\n\
         no answer to server/discover within 5.4 s; no reply to initialize within 2 s\n\
         Claude (pid 4242) and \"pid\": 4243\n\
         c.2026-11-25T11-30-00.123Z.json at 2026-11-25 11:30:00 UTC, \"time\": \"2026-11-25T11:30:00.123Z\"\n\
         mcpctl-example-server {version}, {{\"name\": \"mcpctl-example-server\", \"version\": \"{version}\"}}, memory-server {version}\n",
        root = sb.root().display(),
        real = sb.root().canonicalize().unwrap().display(),
        repo = repo().display(),
        mcpctl = mcpctl_bin(),
        example = example_server(),
        version = env!("CARGO_PKG_VERSION"),
    );
    text_snapshot!("filters", sb, text);
}

/// The signals a test sends to mcpctl reach it with their default effect,
/// however the test run was started: a background job of a script (`cmd
/// &`, as CI may run the tests) ignores SIGINT and SIGQUIT, `nohup`
/// SIGHUP, and ignored signals stay ignored across exec. Without this a
/// test of Ctrl-C waits for a process that never got it.
pub fn default_signals(cmd: &mut Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: runs in the child before exec; signal() is
        // async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                for s in [libc::SIGINT, libc::SIGQUIT, libc::SIGHUP, libc::SIGTERM] {
                    libc::signal(s, libc::SIG_DFL);
                }
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = cmd;
}
