//! Servers must not outlive mcpctl, even when mcpctl itself is stopped
//! mid-probe: Ctrl-C, `kill`, a closed terminal, a CI timeout, `kill -9`.
//!
//! Every server is started through [`launch`], which records it in a
//! registry (no fixed size) under the same lock that a stop takes, so no
//! launch can slip between "stop" and "kill":
//! - On SIGINT, SIGTERM or SIGHUP the handler only wakes a dedicated
//!   thread (a handler may not lock or allocate). That thread first stops
//!   new launches (a thread that tries one waits for the end; a launch
//!   already under way kills its server as it registers it), then kills
//!   every registered server's process group and session and every orphan
//!   mcpctl adopted, and only then lets the signal end mcpctl as it would
//!   have (or hands it to the handler installed before, e.g. the prompt's).
//! - Linux: mcpctl is a child subreaper (`PR_SET_CHILD_SUBREAPER`), so a
//!   daemon that double-forks away from its server is re-parented to
//!   mcpctl instead of init; [`claim_leftovers`] finds and ends what a
//!   finished server left behind (see `claimable` for who owns what),
//!   reading only the processes started after the server when it ran
//!   briefly (see `RECENT`).
//! - `kill -9` cannot be caught. On Linux each server gets
//!   `PR_SET_PDEATHSIG` (see `start`), so it dies with mcpctl; and on every
//!   Unix a guardian (a `/bin/sh`, started by [`prepare`] on a thread of
//!   its own as soon as a command knows it will launch servers, or by the
//!   first launch; reading "+PGID"/"-PGID" lines on a socket only mcpctl
//!   holds, made before any server starts, so lines written before the
//!   guardian came wait for it; each server also sends its own "+" before
//!   exec, so no window is left between its spawn and its registration)
//!   kills every group still registered when that socket closes, i.e. when
//!   mcpctl is gone, however it went: the server's children (npx -> node)
//!   go too. Only a `kill -9` within the guardian's own start (under a
//!   millisecond, see [`prepare`]) finds none. One thing escapes a
//!   `kill -9`: a daemon that left both its server's group and its session
//!   (`setsid`) while the server ran. The guardian knows groups only, and
//!   the subreaper adoption that would have found it ends with mcpctl (a
//!   signal mcpctl can catch still ends it, as does the end of a run).
//! - Windows has no signals to catch: each server is in a Job Object that
//!   kills its tree when mcpctl closes it or dies (`job_windows`).

use std::collections::BTreeMap;
use std::io;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::procfs::{self, Leftover, Proc};

/// How long a stop waits for launches under way to register.
const IN_FLIGHT_WAIT: Duration = Duration::from_secs(2);

/// A live server: its leader's pid (also its process group and session
/// id) and when it started (in the kernel's clock ticks, and on ours).
#[derive(Debug, Clone, Copy)]
struct Live {
    pid: u32,
    start: Option<u64>,
    launched: Instant,
    /// Which server it is a copy of (a hash of its name): two lanes' copies
    /// of one server share it.
    server: u64,
    /// Another server (not a copy of this one) was live at the same time:
    /// a daemon either started cannot be told apart.
    overlapped: bool,
}

/// A server that ran at most this long has its leftovers looked for among
/// the processes started after it only (`procfs::table_since`): the pid
/// counter cannot have gone all the way round in so short a time. A
/// longer one gets a scan of the whole table, whose cost is small beside
/// its run.
const RECENT: Duration = Duration::from_millis(500);

#[derive(Debug)]
struct Registry {
    /// Set once a signal is being handled: no launch may start.
    stopping: bool,
    /// Launches between "allowed" and "registered".
    in_flight: usize,
    /// Keyed by a serial number, not the pid: a reaped leader's pid can
    /// come back while its shutdown is still finishing.
    live: BTreeMap<u64, Live>,
    next: u64,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    stopping: false,
    in_flight: 0,
    live: BTreeMap::new(),
    next: 0,
});
/// Signalled when `in_flight` or `live` changes.
static CHANGED: Condvar = Condvar::new();

fn lock() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Wait (bounded) until no launch is under way.
fn settled(
    mut r: MutexGuard<'static, Registry>,
    within: Duration,
) -> MutexGuard<'static, Registry> {
    let deadline = Instant::now() + within;
    while r.in_flight > 0 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        r = CHANGED
            .wait_timeout(r, left)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
    r
}

/// Keeps a server registered until dropped.
#[derive(Debug)]
pub struct Guard {
    id: u64,
    pid: u32,
}

impl Drop for Guard {
    fn drop(&mut self) {
        imp::tell_guardian('-', self.pid);
        lock().live.remove(&self.id);
        CHANGED.notify_all();
    }
}

/// Get the guardian, the signal handlers and the subreaper ready on a
/// thread of their own, while the caller goes on reading what it will
/// launch. [`launch`] waits for the quick part (the guardian's socket, the
/// handlers, the subreaper: set up once, and a launch that comes first
/// waits for the set-up under way), so no server ever starts before the
/// guardian's socket can take its "+". The guardian itself (a `/bin/sh` to
/// spawn, most of a millisecond) starts on this thread meanwhile and reads
/// what was written before it came; only a `kill -9` in that first
/// millisecond finds no guardian (the servers still die of PDEATHSIG on
/// Linux). Without `prepare`, the first launch starts the guardian first.
pub fn prepare() {
    imp::claim_guardian();
    let started = std::thread::Builder::new()
        .name("mcpctl-guardian".into())
        .stack_size(64 * 1024)
        .spawn(|| {
            imp::install();
            imp::start_guardian();
        });
    if started.is_err() {
        imp::install();
        imp::start_guardian();
    }
}

/// Start a server with `spawn` and register it, unless mcpctl is being
/// stopped: then this thread waits for the end instead (it never returns
/// a made-up failure that could be reported before mcpctl dies).
pub fn launch<C: Started>(
    server: &str,
    spawn: impl FnOnce() -> io::Result<C>,
) -> io::Result<(C, Guard)> {
    imp::install();
    if imp::claim_guardian() {
        imp::start_guardian();
    }
    {
        let mut r = lock();
        if r.stopping {
            drop(r);
            wait_for_the_end();
        }
        r.in_flight += 1;
    }
    let spawned = spawn();
    let mut r = lock();
    r.in_flight -= 1;
    CHANGED.notify_all();
    let child = spawned?;
    let pid = child.pid();
    let id = r.next;
    r.next += 1;
    let server = server_key(server);
    let mut overlapped = false;
    for other in r.live.values_mut().filter(|l| l.server != server) {
        other.overlapped = true;
        overlapped = true;
    }
    r.live.insert(
        id,
        Live {
            pid,
            start: procfs::stat(pid).map(|p| p.start),
            launched: Instant::now(),
            server,
            overlapped,
        },
    );
    imp::tell_guardian('+', pid);
    if r.stopping {
        // The stop may have looked before this server existed.
        imp::kill_group(pid);
        drop(r);
        wait_for_the_end();
    }
    Ok((child, Guard { id, pid }))
}

/// The key of a server's name in the registry.
fn server_key(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}

/// A process [`launch`] started: its pid is its group's id.
pub trait Started {
    fn pid(&self) -> u32;
}

impl Started for std::process::Child {
    fn pid(&self) -> u32 {
        self.id()
    }
}

/// In a server between fork and exec: register it with the guardian
/// itself, before it can start anything (see `imp::tell_guardian_from_child`).
#[cfg(unix)]
pub fn tell_guardian_from_child() {
    imp::tell_guardian_from_child();
}

/// Park this thread: the thread handling the signal ends the process.
fn wait_for_the_end() -> ! {
    loop {
        std::thread::park();
    }
}

/// The servers registered now (their pids, for tests).
pub fn registered() -> Vec<u32> {
    lock().live.values().map(|l| l.pid).collect()
}

/// What mcpctl may end on behalf of the server `this` once that server's
/// process group is gone; `others` are the servers still registered. `me`
/// and `my_sid` are mcpctl's pid and session.
///
/// - Members of the server's session (each server is started as a session
///   leader): certainly its descendants, wherever they moved their group.
/// - Orphans mcpctl adopted as subreaper (parent is mcpctl, session is not
///   mcpctl's, so not a helper mcpctl started itself, nor any live server's)
///   that started after this server, when no other live server started
///   before them: no one else can own them. An orphan that another live
///   server could also own is left for the last such server to claim, so a
///   running probe never loses a daemon it needs, and all are ended by the
///   time the last server is.
fn claimable(
    table: &[Proc],
    this: Live,
    others: &BTreeMap<u64, Live>,
    me: u32,
    my_sid: u32,
) -> Vec<Proc> {
    let is_leader = |pid: u32| pid == this.pid || others.values().any(|l| l.pid == pid);
    let owned_elsewhere = |p: &Proc| {
        others
            .values()
            .any(|l| l.pid == p.sid || l.start.is_some_and(|s| s <= p.start))
    };
    table
        .iter()
        .filter(|p| p.pid != me && !is_leader(p.pid))
        .filter(|p| {
            let in_session = p.sid == this.pid;
            let adopted = p.ppid == me
                && p.sid != my_sid
                && this.start.is_some_and(|s| p.start >= s)
                && !owned_elsewhere(p);
            in_session || adopted
        })
        .copied()
        .collect()
}

/// After a server's process group is gone: end whatever it left running
/// (see `claimable`), reap the adopted ones, and say what there was.
/// Empty where there is no `/proc`.
pub fn claim_leftovers(guard: &Guard) -> Vec<Leftover> {
    if !procfs::available() {
        return Vec::new();
    }
    let me = std::process::id();
    let my_sid = imp::own_session();
    // Leave the registry first, in the same critical section that judges
    // ownership: of two servers finishing at once, the one that leaves
    // last sees the other gone and claims the orphans both left for it.
    let Some(this) = lock().live.remove(&guard.id) else {
        return Vec::new();
    };
    CHANGED.notify_all();
    let mut seen: Vec<Leftover> = Vec::new();
    let mut adopted: Vec<u32> = Vec::new();
    let table = || {
        if this.launched.elapsed() <= RECENT {
            procfs::table_since(this.pid)
        } else {
            procfs::table()
        }
    };
    // Killing an orphan can orphan its children in turn: a few rounds.
    for _ in 0..8 {
        let found = {
            let r = settled(lock(), IN_FLIGHT_WAIT);
            claimable(&table(), this, &r.live, me, my_sid)
        };
        let alive: Vec<&Proc> = found.iter().filter(|p| !p.is_dead()).collect();
        adopted.extend(found.iter().filter(|p| p.ppid == me).map(|p| p.pid));
        if alive.is_empty() {
            break;
        }
        for p in alive {
            if !seen.iter().any(|l| l.pid == p.pid) {
                // in the server's session: its own; else a daemon, which
                // another server that ran beside it may have started
                let how = if p.sid == this.pid {
                    procfs::How::LeftGroup
                } else {
                    procfs::How::Daemon
                };
                seen.extend(procfs::leftover(p.pid, how).map(|mut l| {
                    l.certain = how == procfs::How::LeftGroup || !this.overlapped;
                    l
                }));
            }
            imp::kill_tree(p.pid);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    adopted.sort_unstable();
    adopted.dedup();
    imp::reap(&adopted, Duration::from_secs(1));
    seen
}

#[cfg(unix)]
mod imp {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::sync::Once;
    use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::{CHANGED, IN_FLIGHT_WAIT, lock, procfs, settled};

    /// SIGQUIT too: a terminal's Ctrl-\ sends it, and its default (a core
    /// dump) would leave the servers' children to the guardian alone.
    const SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];
    /// The handlers that were installed before ours, per signal in SIGNALS.
    static PREVIOUS: [AtomicUsize; 4] = [const { AtomicUsize::new(0) }; 4];
    /// Write end of the pipe that wakes the stopping thread (-1: none).
    static WAKE: AtomicI32 = AtomicI32::new(-1);
    static INSTALL: Once = Once::new();
    /// mcpctl's end of the guardian's socket (-1: no guardian).
    static GUARDIAN: AtomicI32 = AtomicI32::new(-1);

    /// The guardian's program: keep the list of registered groups (a
    /// group told twice, by the server and by mcpctl, is listed once);
    /// when mcpctl's end closes, kill what is still listed, and (where
    /// `/proc` is) every process of those groups' sessions: each server
    /// leads a session of its own, and a child that left its group with
    /// job control (`set -m`, `setpgid`) stays in it. The session is the
    /// fourth field after the command's closing parenthesis in `stat`.
    const GUARDIAN_SH: &str = r#"g=' '
while read -r op pg; do
  case $op in
    +) case $g in *" $pg "*) ;; *) g="$g$pg " ;; esac ;;
    -) case $g in *" $pg "*) g="${g%% $pg *} ${g#* $pg }" ;; esac ;;
  esac
done
for pg in $g; do kill -s KILL -- "-$pg" 2>/dev/null; done
if [ "$g" != ' ' ] && [ -r /proc/self/stat ]; then
  for f in /proc/[0-9]*/stat; do
    read -r s < "$f" 2>/dev/null || continue
    p=${s%% *}; s=${s##*) }; set -- $s
    case $g in *" $4 "*) kill -s KILL "$p" 2>/dev/null ;; esac
  done
fi
"#;

    /// The guardian's socket, made by [`install`] before any server can
    /// start: ours in GUARDIAN (close-on-exec, so no server holds it open;
    /// non-blocking, so a stuck guardian never stalls a probe), theirs
    /// here until the guardian process gets it.
    static GUARDIAN_THEIRS: AtomicI32 = AtomicI32::new(-1);
    /// Set by whoever starts the guardian process: once.
    static GUARDIAN_CLAIMED: AtomicBool = AtomicBool::new(false);

    fn guardian_socket() {
        let mut sv = [0 as libc::c_int; 2];
        // SAFETY: socketpair writes two fds into the array on success.
        if unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM, 0, sv.as_mut_ptr()) } != 0 {
            return;
        }
        // SAFETY: both fds were just created and are owned here.
        unsafe {
            libc::fcntl(sv[0], libc::F_SETFD, libc::FD_CLOEXEC);
            libc::fcntl(sv[1], libc::F_SETFD, libc::FD_CLOEXEC);
            let flags = libc::fcntl(sv[0], libc::F_GETFL);
            libc::fcntl(sv[0], libc::F_SETFL, flags | libc::O_NONBLOCK);
            // A write to a guardian that died is an error, never a
            // SIGPIPE (Linux: `send` with MSG_NOSIGNAL, see `send_line`).
            #[cfg(target_vendor = "apple")]
            {
                let on: libc::c_int = 1;
                libc::setsockopt(
                    sv[0],
                    libc::SOL_SOCKET,
                    libc::SO_NOSIGPIPE,
                    (&raw const on).cast(),
                    std::mem::size_of::<libc::c_int>() as libc::socklen_t,
                );
            }
        }
        GUARDIAN_THEIRS.store(sv[1], Ordering::SeqCst);
        GUARDIAN.store(sv[0], Ordering::SeqCst);
    }

    /// True for the one caller that is to start the guardian process.
    pub fn claim_guardian() -> bool {
        !GUARDIAN_CLAIMED.swap(true, Ordering::SeqCst)
    }

    /// Start the guardian on the socket [`install`] made. If it cannot
    /// start, our end stays open (a number closed under a thread about to
    /// write could be reused by another file): writes to it then fail.
    pub fn start_guardian() {
        let fd = GUARDIAN_THEIRS.swap(-1, Ordering::SeqCst);
        if fd < 0 {
            return;
        }
        // SAFETY: the fd was made by guardian_socket and handed over once.
        let theirs = unsafe { OwnedFd::from_raw_fd(fd) };
        let started = Command::new("/bin/sh")
            .arg("-c")
            .arg(GUARDIAN_SH)
            .stdin(Stdio::from(theirs))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .env_clear()
            .current_dir("/")
            // Its own group (a Ctrl-C at the terminal is mcpctl's to
            // handle), mcpctl's session (so it is never taken for an orphan).
            .process_group(0)
            .spawn();
        // Never waited for: it outlives mcpctl by design.
        drop(started);
    }

    /// One line to the guardian: one short write is atomic; a failed one
    /// (no guardian) is only an error, never a SIGPIPE. Async-signal-safe.
    fn send_line(fd: libc::c_int, line: &[u8]) {
        // SAFETY: writing a buffer the caller owns to the guardian socket.
        unsafe {
            #[cfg(target_os = "linux")]
            libc::send(fd, line.as_ptr().cast(), line.len(), libc::MSG_NOSIGNAL);
            #[cfg(not(target_os = "linux"))]
            libc::write(fd, line.as_ptr().cast(), line.len());
        }
    }

    /// In a server between fork and exec (after `setsid`, so its pid is
    /// its group): tell the guardian `+ PID` before the server can start
    /// anything. Otherwise a `kill -9` of mcpctl between the spawn and
    /// [`super::launch`]'s registration (a window that widens when several
    /// copies start at once) leaves the server's children running: the
    /// server dies of PDEATHSIG, its group is unknown to the guardian.
    /// Async-signal-safe: an atomic load, `getpid` and `write` on the stack.
    pub fn tell_guardian_from_child() {
        let fd = GUARDIAN.load(Ordering::SeqCst);
        if fd < 0 {
            return;
        }
        // SAFETY: getpid has no preconditions.
        let mut pid = unsafe { libc::getpid() }.unsigned_abs();
        let mut digits = [0u8; 10];
        let mut n = 0;
        loop {
            digits[n] = b'0' + (pid % 10) as u8;
            n += 1;
            pid /= 10;
            if pid == 0 {
                break;
            }
        }
        let mut line = [0u8; 13];
        line[0] = b'+';
        line[1] = b' ';
        for (slot, d) in line[2..2 + n].iter_mut().zip(digits[..n].iter().rev()) {
            *slot = *d;
        }
        line[2 + n] = b'\n';
        // (inherited until exec: it is close-on-exec); a failed write
        // leaves mcpctl's own `+` to do it
        send_line(fd, &line[..3 + n]);
    }

    /// Tell the guardian a group was registered (`+`) or ended (`-`).
    pub fn tell_guardian(op: char, pgid: u32) {
        let fd = GUARDIAN.load(Ordering::SeqCst);
        if fd < 0 {
            return;
        }
        send_line(fd, format!("{op} {pgid}\n").as_bytes());
    }

    pub fn install() {
        INSTALL.call_once(|| {
            guardian_socket();
            #[cfg(target_os = "linux")]
            // SAFETY: plain prctl on this process; no pointers.
            unsafe {
                libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
            }
            let mut fds = [0 as libc::c_int; 2];
            // SAFETY: pipe writes two fds into the array on success.
            if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
                return;
            }
            for fd in fds {
                // SAFETY: fds just created; servers must not inherit them.
                unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
            }
            let read_end = fds[0];
            let started = std::thread::Builder::new()
                .name("mcpctl-stop".into())
                .stack_size(64 * 1024)
                .spawn(move || wait_for_signal(read_end));
            if started.is_err() {
                // SAFETY: closing the fds created above, once.
                unsafe {
                    libc::close(fds[0]);
                    libc::close(fds[1]);
                }
                return;
            }
            WAKE.store(fds[1], Ordering::SeqCst);
            let handler = on_signal as extern "C" fn(libc::c_int);
            for (i, sig) in SIGNALS.iter().enumerate() {
                // SAFETY: installing a handler that only calls write().
                let old = unsafe { libc::signal(*sig, handler as libc::sighandler_t) };
                if old == libc::SIG_IGN {
                    // e.g. started with nohup: keep ignoring it.
                    // SAFETY: as above.
                    unsafe { libc::signal(*sig, libc::SIG_IGN) };
                }
                PREVIOUS[i].store(old, Ordering::SeqCst);
            }
        });
    }

    extern "C" fn on_signal(sig: libc::c_int) {
        let fd = WAKE.load(Ordering::SeqCst);
        let byte = u8::try_from(sig).unwrap_or(0);
        // SAFETY: write is async-signal-safe; one byte from the stack.
        unsafe {
            libc::write(fd, (&byte as *const u8).cast(), 1);
        }
    }

    fn wait_for_signal(fd: libc::c_int) {
        let mut byte = 0u8;
        loop {
            // SAFETY: reading one byte into a local from our own pipe.
            let n = unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) };
            if n == 1 {
                stop_and_end(libc::c_int::from(byte));
            } else if n == 0 {
                return;
            }
        }
    }

    /// Stop launches, end every server, then end as the signal would.
    fn stop_and_end(sig: libc::c_int) {
        let mut r = lock();
        r.stopping = true;
        kill_everything(&r);
        r = settled(r, IN_FLIGHT_WAIT);
        kill_everything(&r);
        drop(r);
        CHANGED.notify_all();
        // a writing command's lock (`add --check`), deleted as when done
        crate::platform::interrupt::unlink_held();
        let previous = SIGNALS
            .iter()
            .position(|&s| s == sig)
            .map(|i| PREVIOUS[i].load(Ordering::SeqCst))
            .unwrap_or(libc::SIG_DFL);
        // SAFETY: unblocking the signal on this thread (its mask came from
        // whichever thread started it), restoring the disposition that was
        // there before (a handler of the same signature, or a default) and
        // raising the signal on this thread; then, should that handler
        // return, the default, which ends the process.
        unsafe {
            let mut set = std::mem::zeroed::<libc::sigset_t>();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, sig);
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            if previous != libc::SIG_IGN && previous != libc::SIG_ERR {
                libc::signal(sig, previous);
                libc::raise(sig);
            }
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
        // Not reached; if it were, the other threads are parked for good.
        std::process::exit(128 + sig);
    }

    fn kill_everything(r: &super::Registry) {
        for l in r.live.values() {
            kill_group(l.pid);
        }
        let me = std::process::id();
        let my_sid = own_session();
        let sessions: Vec<u32> = r.live.values().map(|l| l.pid).collect();
        for p in procfs::table() {
            let in_a_session = sessions.contains(&p.sid);
            let adopted = p.ppid == me && p.sid != my_sid;
            if (in_a_session || adopted) && !p.is_dead() {
                kill_tree(p.pid);
            }
        }
    }

    pub fn own_session() -> u32 {
        // SAFETY: plain syscall.
        u32::try_from(unsafe { libc::getsid(0) }).unwrap_or(0)
    }

    pub fn kill_group(pgid: u32) {
        if let Ok(pg) = i32::try_from(pgid) {
            // SAFETY: plain syscall on a group mcpctl created.
            unsafe { libc::kill(-pg, libc::SIGKILL) };
        }
    }

    /// Kill a process, and its own group when it leads one.
    pub fn kill_tree(pid: u32) {
        let Ok(p) = i32::try_from(pid) else {
            return;
        };
        // SAFETY: plain syscalls on a process found in the table.
        unsafe {
            if libc::getpgid(p) == p && libc::getpgrp() != p {
                libc::kill(-p, libc::SIGKILL);
            }
            libc::kill(p, libc::SIGKILL);
        }
    }

    /// Reap adopted processes (never a pid some `Child` will wait for).
    pub fn reap(pids: &[u32], within: Duration) {
        let deadline = Instant::now() + within;
        let mut left: Vec<i32> = pids.iter().filter_map(|&p| i32::try_from(p).ok()).collect();
        while !left.is_empty() {
            left.retain(|&p| {
                let mut status = 0;
                // SAFETY: plain syscall on a child of ours by adoption.
                let rc = unsafe { libc::waitpid(p, &mut status, libc::WNOHANG) };
                rc == 0
            });
            if left.is_empty() || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

#[cfg(not(unix))]
mod imp {
    use std::time::Duration;

    pub fn install() {}
    pub fn claim_guardian() -> bool {
        false
    }
    pub fn start_guardian() {}
    pub fn tell_guardian(_op: char, _pgid: u32) {}
    pub fn own_session() -> u32 {
        0
    }
    pub fn kill_group(_pgid: u32) {}
    pub fn kill_tree(_pid: u32) {}
    pub fn reap(_pids: &[u32], _within: Duration) {}
}

pub use imp::kill_tree;

#[cfg(test)]
mod tests {
    use super::*;

    fn proc_(pid: u32, ppid: u32, sid: u32, start: u64) -> Proc {
        Proc {
            pid,
            ppid,
            pgrp: pid,
            sid,
            state: 'S',
            start,
        }
    }

    fn live(entries: &[(u64, u32, u64)]) -> BTreeMap<u64, Live> {
        entries
            .iter()
            .map(|&(id, pid, start)| {
                (
                    id,
                    Live {
                        pid,
                        start: Some(start),
                        launched: Instant::now(),
                        server: id,
                        overlapped: false,
                    },
                )
            })
            .collect()
    }

    const ME: u32 = 100;
    const MY_SID: u32 = 50;

    fn pids(v: Vec<Proc>) -> Vec<u32> {
        v.into_iter().map(|p| p.pid).collect()
    }

    #[test]
    fn a_server_owns_its_session_and_the_orphans_only_it_could_have_left() {
        // Server 1 (pid 200) started at 10; server 2 (pid 300) at 20.
        let live = live(&[(1, 200, 10), (2, 300, 20)]);
        let table = [
            proc_(201, 999, 200, 11),   // in server 1's session, any parent
            proc_(202, ME, 202, 12),    // adopted daemon, before server 2 started
            proc_(203, ME, 203, 25),    // adopted daemon, both could own it
            proc_(301, 300, 300, 21),   // server 2's child
            proc_(400, ME, MY_SID, 30), // mcpctl's own helper (same session)
            proc_(401, 1, 401, 12),     // not ours at all
            proc_(300, ME, 300, 20),    // server 2 itself
        ];
        let claim = |id: u64, others: &BTreeMap<u64, Live>| {
            let mut others = others.clone();
            let this = others.remove(&id).expect("registered");
            pids(claimable(&table, this, &others, ME, MY_SID))
        };
        assert_eq!(claim(1, &live), [201, 202]);
        // Server 2 is still running: 203 may be its daemon; server 1 must
        // leave it alone. Once server 1 is gone, server 2 claims it.
        assert_eq!(claim(2, &live), [301]);
        let mut only_2 = live.clone();
        only_2.remove(&1);
        assert_eq!(claim(2, &only_2), [203, 301]);
    }

    #[test]
    fn an_adopted_orphan_older_than_the_server_is_not_its_own() {
        let live = live(&[(1, 200, 10)]);
        let table = [proc_(150, ME, 150, 5)];
        let this = live[&1];
        assert!(claimable(&table, this, &BTreeMap::new(), ME, MY_SID).is_empty());
    }

    #[test]
    fn a_server_is_registered_until_its_guard_drops() {
        let (child, guard) = launch("t", || {
            std::process::Command::new(std::env::current_exe()?)
                .arg("--list")
                .stdout(std::process::Stdio::null())
                .spawn()
        })
        .expect("spawn");
        let pid = child.id();
        assert!(registered().contains(&pid));
        drop(guard);
        assert!(!registered().contains(&pid));
        let mut child = child;
        let _ = child.wait();
    }
}
