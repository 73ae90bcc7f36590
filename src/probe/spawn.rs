//! Starting and stopping a server process the way Claude Desktop does:
//! the command resolved against the launch environment's PATH (so "not
//! found" can name that PATH), spawned with no shell, a cleared
//! environment and piped stdio, as its own process tree: on Unix a new
//! session (so also a new process group: the tree can be signalled, and
//! like under the app there is no controlling terminal), on Windows a Job
//! Object (`job_windows`). On Linux the server also gets
//! `PR_SET_PDEATHSIG`, so it dies with the thread that started it even
//! when mcpctl is killed with SIGKILL. Every launch is registered with
//! `reaper`, which ends the trees when mcpctl is interrupted.
//!
//! stdout is read by a thread into a bounded channel of frames, stderr
//! drained by another into a bounded ring, so a chatty server never
//! deadlocks. Shutdown follows the spec on every path: close stdin, wait,
//! SIGTERM the group, wait, SIGKILL the group, reap; then end what the
//! server left behind outside its group (its session, daemons adopted by
//! mcpctl as subreaper, anything still holding our pipes: Linux `/proc`),
//! report it, and never block on it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, ExitStatus};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::LaunchEnv;
use super::LaunchSpec;
use super::framing::{Frame, LineReader, MAX_MESSAGE, Ring};
use super::handshake::{Conn, Event};
pub use super::procfs::Leftover;
use super::reaper;
use super::start::{self, Child};
use super::verdict::{ExitInfo, signal_name};

/// Windows' ERROR_INTERNAL_ERROR from CreateProcess: seen once under Wine
/// while several copies started (an e2e test's era-probe sibling: "Internal
/// error. (os error 1359)"); retried once.
const TRANSIENT_SPAWN_ERROR: i32 = 1359;

/// How long each shutdown step waits (the TypeScript SDK waits 2 s).
pub const GRACE: Duration = Duration::from_secs(2);
/// Each shutdown step's wait for a server that stopped answering (a
/// timeout): there is no conversation to wind down, and the verdict, due
/// at the timeout, waits for the shutdown.
pub const HURRIED_GRACE: Duration = Duration::from_millis(500);
/// After SIGKILL: how long to wait for the kernel to finish the job.
const KILL_WAIT: Duration = Duration::from_secs(1);
/// How long the pipe readers get to see end-of-file once the group is gone
/// before mcpctl looks for escaped processes holding the pipes.
const PIPE_GRACE: Duration = Duration::from_millis(250);
/// Stderr lines kept.
pub const STDERR_LINES: usize = 20;
/// Longest stderr line kept (the rest is counted, not stored).
const STDERR_LINE_CAP: usize = 16 * 1024;
/// stdout frames buffered between the reader thread and the conversation.
const FRAME_QUEUE: usize = 4;
/// Stack of each pipe reader thread.
const PUMP_STACK: usize = 128 * 1024;

/// The result of looking a command up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(PathBuf),
    NotFound,
    /// A file by that name exists but cannot be run.
    NotExecutable {
        path: PathBuf,
        why: String,
    },
}

/// Resolve `command` as the app would: through the launch environment's
/// PATH, or relative to its working directory when it contains a path
/// separator.
pub fn resolve(command: &str, env: &LaunchEnv) -> Resolution {
    if let Some(p) = crate::platform::launch::find_program(command, &env.path, &env.cwd) {
        // Rust's Command would run a `.cmd` through cmd.exe by itself;
        // the app's spawn refuses it
        let batch = p
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("cmd") || e.eq_ignore_ascii_case("bat"));
        if cfg!(windows) && batch {
            return Resolution::NotExecutable {
                path: p,
                why: super::verdict::BATCH.into(),
            };
        }
        return Resolution::Found(p);
    }
    let has_sep = command.contains('/') || command.contains(std::path::MAIN_SEPARATOR);
    let candidates: Vec<PathBuf> = if has_sep || Path::new(command).is_absolute() {
        vec![env.cwd.join(command)]
    } else {
        // a relative PATH entry is relative to the server's working
        // directory (the app's), not to mcpctl's
        std::env::split_paths(&env.path)
            .map(|dir| env.cwd.join(dir).join(command))
            .collect()
    };
    for c in candidates {
        if c.is_dir() {
            return Resolution::NotExecutable {
                path: c,
                why: super::verdict::FOLDER.into(),
            };
        }
        if c.is_file() {
            return Resolution::NotExecutable {
                path: c,
                why: "permission denied (it is not marked executable)".into(),
            };
        }
    }
    Resolution::NotFound
}

/// Why a resolved program did not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpawnError {
    NotExecutable(String),
    Other(String),
}

/// A running server and the plumbing around it. On Linux the server dies
/// when the thread that spawned it ends: shut it down on that thread.
pub struct Session {
    child: Child,
    /// The server's whole process tree (group, or job).
    tree: platform::Tree,
    stdin: Option<ChildStdin>,
    rx: Option<Receiver<Event>>,
    closed: bool,
    stderr: Arc<Mutex<Ring>>,
    readers: Vec<JoinHandle<()>>,
    /// One message per reader thread as it finishes (no polling).
    readers_done: Receiver<()>,
    finished: usize,
    /// Inodes of our stdout/stderr pipes, to find escaped holders.
    pipes: Vec<u64>,
    /// Bytes of a stdout line read with no newline yet.
    pending: Arc<AtomicU64>,
    /// When the process was spawned.
    pub started: Instant,
    /// How it ended, when it exited on its own before shutdown.
    pub exit: Option<ExitInfo>,
    /// Registered until shutdown ends: the tree is killed if mcpctl is
    /// interrupted, and what it leaves behind is found.
    reaper: reaper::Guard,
    /// Set once [`Session::shutdown`] has run; otherwise dropping the
    /// session (an early return, a panic) kills the group.
    shut_down: bool,
    /// The last wait for stdout ran out (a frame clears it): the server
    /// stopped answering, and its shutdown hurries ([`HURRIED_GRACE`]).
    stalled: bool,
}

/// What shutting down found.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    /// Processes the server started that outlived its process group
    /// (they left it, or hold our pipes); killed.
    pub leftover: Vec<Leftover>,
    /// The last stderr lines, complete once the readers finished.
    pub stderr_tail: Vec<String>,
}

/// The shell `execvp` hands a file the kernel cannot run (no `#!` line).
const SHELL: &str = "/bin/sh";

/// Start `program` (already resolved) with the spec's args, exactly as
/// written, in the launch environment.
///
/// A file the kernel refuses to run as a program (`ENOEXEC`: a script
/// without a `#!` line) is run by `/bin/sh` instead, as the app does:
/// Node's `child_process.spawn` goes through libuv to `execvp`, which
/// falls back to the shell with the file as its first argument (checked
/// with Node 20 on Linux: such a script runs, and a broken binary ends
/// with the shell's own error and status 127).
pub fn spawn(program: &Path, spec: &LaunchSpec, env: &LaunchEnv) -> Result<Session, SpawnError> {
    let start = |program: &Path, args: &[&std::ffi::OsStr], arg0: &str| {
        start::start(&start::Request {
            program,
            arg0,
            args,
            vars: &env.vars,
            cwd: &env.cwd,
        })
    };
    let args: Vec<&std::ffi::OsStr> = spec.args.iter().map(std::ffi::OsStr::new).collect();
    let started = Instant::now();
    // (Unix only: Windows has no such fallback, and no /bin/sh)
    let spawn_it = || match start(program, &args, &spec.command) {
        // Windows (and Wine under load) can fail a CreateProcess with
        // ERROR_INTERNAL_ERROR for reasons of its own: once more, after a
        // breath, before it is called the server's failure to start
        Err(e) if cfg!(windows) && e.raw_os_error() == Some(TRANSIENT_SPAWN_ERROR) => {
            std::thread::sleep(Duration::from_millis(50));
            start(program, &args, &spec.command)
        }
        Err(e) if cfg!(unix) && platform::is_exec_format_error(&e) => {
            let with_file: Vec<&std::ffi::OsStr> = std::iter::once(program.as_os_str())
                .chain(args.iter().copied())
                .collect();
            start(Path::new(SHELL), &with_file, SHELL)
        }
        spawned => spawned,
    };
    let (mut child, reaper) =
        reaper::launch(&spec.name, spawn_it).map_err(|e| spawn_error(program, &e))?;
    let tree = platform::Tree::new(&child);
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        tree.signal(&mut child, platform::Signal::Kill);
        let _ = child.wait();
        return Err(SpawnError::Other("its stdio pipes were not created".into()));
    };
    let pipes = [platform::inode(&stdout), platform::inode(&stderr)]
        .into_iter()
        .flatten()
        .collect();
    let (tx, rx) = sync_channel(FRAME_QUEUE);
    let ring = Arc::new(Mutex::new(Ring::new(STDERR_LINES)));
    let (done_tx, readers_done) = std::sync::mpsc::channel();
    let stdout_done = done_tx.clone();
    let stderr_ring = Arc::clone(&ring);
    let pending = Arc::new(AtomicU64::new(0));
    let stdout_pending = Arc::clone(&pending);
    let stdout_pump = pump_thread(move || {
        pump_stdout(stdout, tx, stdout_pending);
        let _ = stdout_done.send(());
    });
    let stderr_pump = pump_thread(move || {
        pump_stderr(stderr, &stderr_ring);
        let _ = done_tx.send(());
    });
    let readers = match (stdout_pump, stderr_pump) {
        (Ok(a), Ok(b)) => vec![a, b],
        (a, b) => {
            // Out of threads: stop the server; the pumps that did start
            // end when its pipes close.
            tree.signal(&mut child, platform::Signal::Kill);
            let _ = child.wait();
            drop((a, b));
            return Err(SpawnError::Other(
                "mcpctl could not start a thread to read its output".into(),
            ));
        }
    };
    Ok(Session {
        stdin: child.stdin.take(),
        child,
        tree,
        rx: Some(rx),
        closed: false,
        stderr: ring,
        readers,
        readers_done,
        finished: 0,
        pipes,
        pending,
        started,
        exit: None,
        reaper,
        shut_down: false,
        stalled: false,
    })
}

fn spawn_error(program: &Path, e: &io::Error) -> SpawnError {
    if e.kind() == io::ErrorKind::PermissionDenied {
        return SpawnError::NotExecutable("permission denied".into());
    }
    if platform::is_exec_format_error(e) {
        return SpawnError::NotExecutable(
            "not a program this system can run (wrong format, or a script without a #! line)"
                .into(),
        );
    }
    if e.kind() == io::ErrorKind::NotFound {
        // The file exists (it was resolved): the missing piece is the
        // interpreter named on its first line.
        if let Some(shebang) = shebang(program) {
            return SpawnError::NotExecutable(format!(
                "the interpreter on its first line (`{shebang}`) does not exist"
            ));
        }
    }
    SpawnError::Other(e.to_string())
}

/// The `#!` line of a script, if it has one.
fn shebang(program: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 256];
    let n = std::fs::File::open(program).ok()?.read(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head[..n]);
    let line = text.lines().next()?;
    line.starts_with("#!").then(|| line.trim().to_string())
}

/// A pipe reader's thread. Its stack is small (a reader holds its buffers
/// on the heap and never recurses), so many servers at once stay within
/// the C library's cache of thread stacks instead of mapping and
/// unmapping 2 MiB each.
fn pump_thread(f: impl FnOnce() + Send + 'static) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new().stack_size(PUMP_STACK).spawn(f)
}

fn pump_stdout(out: impl io::Read, tx: SyncSender<Event>, pending: Arc<AtomicU64>) {
    let mut reader = LineReader::new(out, MAX_MESSAGE).with_progress(pending);
    let mut listening = true;
    // Keep draining after the conversation ends, so a server that keeps
    // writing never blocks on a full pipe.
    while let Ok(Some(frame)) = reader.next_frame() {
        if listening && tx.send(Event::Frame(frame)).is_err() {
            listening = false;
        }
    }
    let _ = tx.send(Event::Closed);
}

fn pump_stderr(err: impl io::Read, ring: &Mutex<Ring>) {
    let mut reader = LineReader::new(err, STDERR_LINE_CAP);
    while let Ok(Some(frame)) = reader.next_frame() {
        if let Ok(mut r) = ring.lock() {
            r.push_frame(&frame);
        }
    }
    // `fatal: missing API_KEY` written without a newline before exiting
    if let Some(last) = reader.unterminated()
        && let Ok(mut r) = ring.lock()
    {
        r.push_frame(&last);
    }
}

impl Conn for Session {
    fn send(&mut self, msg: &Value) -> bool {
        let Some(stdin) = self.stdin.as_mut() else {
            return false;
        };
        let Ok(mut line) = serde_json::to_vec(msg) else {
            return false;
        };
        line.push(b'\n');
        stdin.write_all(&line).and_then(|_| stdin.flush()).is_ok()
    }

    fn recv(&mut self, deadline: Instant) -> Event {
        let Some(rx) = &self.rx else {
            return Event::Closed;
        };
        if self.closed {
            return Event::Closed;
        }
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Event::Closed) | Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                Event::Closed
            }
            Ok(e) => {
                self.stalled = false;
                e
            }
            Err(RecvTimeoutError::Timeout) => {
                self.stalled = true;
                Event::TimedOut
            }
        }
    }

    fn pending_line(&self) -> u64 {
        self.pending.load(Ordering::Relaxed)
    }

    fn try_recv(&mut self) -> Option<Frame> {
        let rx = self.rx.as_ref()?;
        match rx.try_recv() {
            Ok(Event::Frame(f)) => {
                self.stalled = false;
                Some(f)
            }
            Ok(_) | Err(TryRecvError::Disconnected) => {
                self.closed = true;
                None
            }
            Err(TryRecvError::Empty) => None,
        }
    }
}

impl Session {
    /// The last stderr lines so far.
    pub fn stderr_tail(&self) -> Vec<String> {
        self.stderr.lock().map(|r| r.lines()).unwrap_or_default()
    }

    /// Close the server's stdin, the first step of MCP's stdio shutdown,
    /// without waiting: its conversation is over, and another copy may be
    /// waiting for what it holds. [`Session::shutdown`] does the rest.
    pub fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }

    /// After stdout closed: wait briefly for the process to exit, and
    /// remember how it ended.
    pub fn note_exit(&mut self, within: Duration) {
        if let Some(status) = poll_exit(&mut self.child, within) {
            self.exit = Some(exit_info(status));
        }
    }

    /// Stop the server and everything it started (see the module doc).
    /// Bounded in time whatever the server does. Each step waits
    /// [`GRACE`], or [`HURRIED_GRACE`] when the server stopped answering
    /// (the last wait for it ran out) or closed its stdout (it can say
    /// nothing more, and [`Session::note_exit`] gave it its chance to exit).
    pub fn shutdown(mut self) -> Shutdown {
        let grace = if self.stalled || self.closed {
            HURRIED_GRACE
        } else {
            GRACE
        };
        let mut report = Shutdown::default();
        drop(self.stdin.take());
        drop(self.rx.take());
        if !self.wait_tree(grace) {
            self.tree.signal(&mut self.child, platform::Signal::Term);
            if !self.wait_tree(grace) {
                self.tree.signal(&mut self.child, platform::Signal::Kill);
                self.wait_tree(KILL_WAIT);
            }
        }
        report.leftover = reaper::claim_leftovers(&self.reaper);
        for l in self.release_pipes() {
            if !report.leftover.iter().any(|r| r.pid == l.pid) {
                report.leftover.push(l);
            }
        }
        report.stderr_tail = self.stderr_tail();
        self.shut_down = true;
        report
    }

    /// Wait until the leader is reaped and no live member of its group (or
    /// job) is left. True when that happened within `within`.
    fn wait_tree(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        if matches!(self.child.try_wait(), Ok(None)) {
            // Sleep until the leader exits, where the OS can say when.
            platform::wait_exit(&self.child, within);
        }
        // Then (or without that means) poll: fine-grained at first (most
        // servers exit within a millisecond or two of stdin closing),
        // coarser later.
        let mut pause = Duration::from_micros(100);
        loop {
            let leader_gone = matches!(self.child.try_wait(), Ok(Some(_)) | Err(_));
            if leader_gone && !self.tree.alive() {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(20));
        }
    }

    /// Let the pipe readers finish. When something outside the group still
    /// holds a pipe (and the reaper did not end it: one another running
    /// server might own), find it, report it and kill it; never wait on it
    /// for long.
    fn release_pipes(&mut self) -> Vec<Leftover> {
        if self.readers_done(PIPE_GRACE) {
            return Vec::new();
        }
        let leftover = super::procfs::pipe_holders(&self.pipes);
        for l in &leftover {
            reaper::kill_tree(l.pid);
        }
        if !self.readers_done(KILL_WAIT) {
            // Detach: the threads end when the last holder closes the pipe.
            self.readers.clear();
            self.finished = 0;
        }
        leftover
    }

    fn readers_done(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        while self.finished < self.readers.len() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.readers_done.recv_timeout(left) {
                Ok(()) => self.finished += 1,
                Err(_) => return false,
            }
        }
        for h in self.readers.drain(..) {
            let _ = h.join();
        }
        true
    }
}

impl Drop for Session {
    /// A session dropped without [`Session::shutdown`] (an early return or
    /// a panic in the handshake) must not leave its server running.
    fn drop(&mut self) {
        if self.shut_down {
            return;
        }
        self.tree.signal(&mut self.child, platform::Signal::Kill);
        let _ = self.child.wait();
        reaper::claim_leftovers(&self.reaper);
    }
}

fn poll_exit(child: &mut Child, within: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + within;
    if matches!(child.try_wait(), Ok(None)) {
        platform::wait_exit(child, within);
    }
    let mut pause = Duration::from_micros(100);
    loop {
        if let Ok(Some(s)) = child.try_wait() {
            return Some(s);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

fn exit_info(status: ExitStatus) -> ExitInfo {
    ExitInfo {
        code: status.code(),
        signal: platform::exit_signal(&status).map(signal_name),
    }
}

#[cfg(unix)]
mod platform {
    use std::os::unix::process::ExitStatusExt;
    use std::process::ExitStatus;

    use super::Child;
    use std::time::Duration;

    pub enum Signal {
        Term,
        Kill,
    }

    pub fn is_exec_format_error(e: &std::io::Error) -> bool {
        e.raw_os_error() == Some(libc::ENOEXEC)
    }

    pub fn exit_signal(status: &ExitStatus) -> Option<i32> {
        status.signal()
    }

    pub fn inode(fd: &impl std::os::fd::AsRawFd) -> Option<u64> {
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: fstat writes a `stat` into the buffer on success; the fd
        // is borrowed and open for the duration of the call.
        let rc = unsafe { libc::fstat(fd.as_raw_fd(), st.as_mut_ptr()) };
        if rc != 0 {
            return None;
        }
        // SAFETY: fstat succeeded, so the struct is initialised.
        #[allow(clippy::unnecessary_cast)] // st_ino is u32 on some targets
        Some(unsafe { st.assume_init() }.st_ino as u64)
    }

    /// The server's process group (its id is the leader's pid).
    pub struct Tree {
        pgid: u32,
    }

    impl Tree {
        pub fn new(child: &Child) -> Tree {
            Tree { pgid: child.id() }
        }

        pub fn signal(&self, _child: &mut Child, sig: Signal) {
            let sig = match sig {
                Signal::Term => libc::SIGTERM,
                Signal::Kill => libc::SIGKILL,
            };
            let Ok(pgid) = i32::try_from(self.pgid) else {
                return;
            };
            // SAFETY: plain syscall; a negative pid addresses the group we
            // created for this server.
            unsafe {
                libc::kill(-pgid, sig);
            }
        }

        /// Whether the group still has a member that is not a zombie.
        pub fn alive(&self) -> bool {
            let Ok(pg) = i32::try_from(self.pgid) else {
                return false;
            };
            // SAFETY: signal 0 only checks for existence.
            let rc = unsafe { libc::kill(-pg, 0) };
            if rc != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH) {
                return false;
            }
            // kill() also counts zombies, which nobody may reap (an init
            // that does not reap orphans): look closer where we can.
            if !super::super::procfs::available() {
                return true;
            }
            super::super::procfs::table()
                .iter()
                .any(|p| p.pgrp == self.pgid && !p.is_dead())
        }
    }

    /// Block until `child` (not yet reaped) exits, at most `within`,
    /// without reaping it. Returns early, having waited for nothing, where
    /// the OS offers no way to sleep on it; callers poll after.
    pub fn wait_exit(child: &Child, within: Duration) {
        #[cfg(target_os = "linux")]
        pidfd_wait(child.id(), within);
        #[cfg(not(target_os = "linux"))]
        let _ = (child, within);
    }

    /// Sleep on a pidfd (Linux 5.3+) until `pid` exits or `within` passes.
    /// The caller guarantees `pid` is its unreaped child, so the pid cannot
    /// have been reused. Without pidfds, returns at once.
    #[cfg(target_os = "linux")]
    fn pidfd_wait(pid: u32, within: Duration) {
        use std::time::Instant;
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return;
        };
        // SAFETY: plain syscall; returns a new fd or -1.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
        let Ok(fd) = libc::c_int::try_from(fd) else {
            return;
        };
        if fd < 0 {
            return;
        }
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let ms =
                libc::c_int::try_from(left.as_micros().div_ceil(1000)).unwrap_or(libc::c_int::MAX);
            let mut p = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd; the fd is ours and open.
            let rc = unsafe { libc::poll(&mut p, 1, ms) };
            let interrupted =
                rc < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted;
            if !interrupted || left.is_zero() {
                break;
            }
        }
        // SAFETY: closing the fd opened above, exactly once.
        unsafe {
            libc::close(fd);
        }
    }
}

#[cfg(not(unix))]
mod platform {
    use std::process::ExitStatus;

    use super::super::job_windows::Job;
    use super::Child;

    pub enum Signal {
        Term,
        Kill,
    }

    pub fn is_exec_format_error(_e: &std::io::Error) -> bool {
        false
    }

    pub fn exit_signal(_status: &ExitStatus) -> Option<i32> {
        None
    }

    pub fn inode<T>(_fd: &T) -> Option<u64> {
        None
    }

    /// The server's Job Object: it holds every process the server starts,
    /// and closing it (shutdown, drop, or mcpctl dying) kills them all.
    /// `None` when the job could not be made: then only the server itself
    /// can be ended.
    pub struct Tree {
        job: Option<Job>,
    }

    impl Tree {
        pub fn new(child: &Child) -> Tree {
            Tree {
                job: Job::new().filter(|j| j.adopt(child)),
            }
        }

        /// No SIGTERM on Windows (closing stdin was the polite step):
        /// both end the whole tree.
        pub fn signal(&self, child: &mut Child, _sig: Signal) {
            if let Some(job) = &self.job {
                job.terminate();
            }
            let _ = child.kill();
        }

        pub fn alive(&self) -> bool {
            self.job.as_ref().is_some_and(|j| j.active_processes() > 0)
        }
    }

    /// The caller polls.
    pub fn wait_exit(_child: &Child, _within: std::time::Duration) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::EnvMode;
    use std::collections::BTreeMap;

    fn env_with_path(path: &str, cwd: &Path) -> LaunchEnv {
        LaunchEnv {
            mode: EnvMode::App,
            vars: BTreeMap::new(),
            cwd: cwd.to_path_buf(),
            path: path.to_string(),
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_session_dropped_without_shutdown_kills_its_server() {
        let spec = LaunchSpec {
            name: "sleeper".into(),
            command: "sleep".into(),
            args: vec!["30".into()],
            env: Vec::new(),
            app_path: None,
        };
        let env = env_with_path("/usr/bin:/bin", Path::new("/"));
        let session = spawn(Path::new("/bin/sleep"), &spec, &env).expect("spawn sleep");
        let pid = session.child.id();
        let alive = |pid: u32| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map(|s| !s.contains(") Z ") && !s.contains(") X "))
                .unwrap_or(false)
        };
        assert!(alive(pid), "sleep is running");
        drop(session);
        assert!(!alive(pid), "dropping the session killed and reaped it");
    }

    #[cfg(unix)]
    #[test]
    fn resolution_tells_missing_from_not_executable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "#!/bin/sh\n").expect("write");
        let runnable = dir.path().join("runnable");
        crate::test_files::executable(&runnable, "#!/bin/sh\n");
        let env = env_with_path(&dir.path().to_string_lossy(), Path::new("/"));
        assert_eq!(resolve("runnable", &env), Resolution::Found(runnable));
        assert!(matches!(
            resolve("plain", &env),
            Resolution::NotExecutable { .. }
        ));
        assert_eq!(resolve("absent", &env), Resolution::NotFound);
        // Relative paths resolve from the launch cwd, not ours.
        let in_dir = env_with_path("", dir.path());
        assert!(matches!(
            resolve("./runnable", &in_dir),
            Resolution::Found(_)
        ));
        assert_eq!(
            resolve("./runnable", &env_with_path("", Path::new("/"))),
            Resolution::NotFound
        );
    }
}
