//! Creating a server's process: the resolved program, argv[0] as the config
//! wrote it, the arguments, a cleared environment holding only the
//! launch's variables, its working directory, piped stdio, and a process
//! tree of its own: on Unix a new session; on Linux also
//! `PR_SET_PDEATHSIG` and the server's own "+" to the guardian before exec
//! (see `reaper`); on Windows the caller puts it in a Job Object.
//!
//! Linux starts it the way glibc's `posix_spawn` does: `clone` with
//! `CLONE_VM | CLONE_VFORK`, the child running on a small stack of its own
//! inside mcpctl's memory until `execve`, making only syscalls. A `fork`
//! copies mcpctl's page tables and write-protects its memory, so each
//! server started cost every running mcpctl thread copy-on-write faults
//! and TLB shootdowns: over 20 fast servers that was a quarter of the wall
//! time and of mcpctl's CPU (README, Benchmarks). `posix_spawn` itself
//! cannot set PDEATHSIG or speak to the guardian, hence this file.
//! Elsewhere: std's `Command` (fork and `pre_exec` on macOS, CreateProcess
//! on Windows).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;

/// What to start.
pub struct Request<'a> {
    /// Resolved (see `spawn::resolve`); relative paths are taken from `cwd`.
    pub program: &'a Path,
    /// argv[0], as written in the config.
    pub arg0: &'a str,
    pub args: &'a [&'a OsStr],
    /// The whole environment.
    pub vars: &'a BTreeMap<String, String>,
    pub cwd: &'a Path,
}

#[cfg(target_os = "linux")]
pub use linux::{Child, start};
#[cfg(not(target_os = "linux"))]
pub use std::process::Child;

#[cfg(target_os = "linux")]
impl super::reaper::Started for Child {
    fn pid(&self) -> u32 {
        self.id()
    }
}

/// Start it with std's `Command`.
#[cfg(not(target_os = "linux"))]
pub fn start(req: &Request) -> std::io::Result<Child> {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(req.program);
    cmd.args(req.args)
        .env_clear()
        .envs(req.vars)
        .current_dir(req.cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: the closure runs in the child between fork and exec and
        // only makes async-signal-safe syscalls.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                super::reaper::tell_guardian_from_child();
                Ok(())
            });
        }
        cmd.arg0(req.arg0);
    }
    cmd.spawn()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::ffi::{CString, c_char, c_int, c_void};
    use std::io;
    use std::os::fd::{AsRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{ChildStderr, ChildStdin, ChildStdout, ExitStatus};

    use super::Request;

    /// The child's stack until `execve`: it only makes syscalls.
    const STACK: usize = 64 * 1024;
    /// Signals 1 to 64 (Linux's NSIG is 65).
    const SIGNALS: c_int = 64;

    /// A started server, as much of `std::process::Child` as mcpctl uses.
    #[derive(Debug)]
    pub struct Child {
        pid: libc::pid_t,
        status: Option<ExitStatus>,
        pub stdin: Option<ChildStdin>,
        pub stdout: Option<ChildStdout>,
        pub stderr: Option<ChildStderr>,
    }

    impl Child {
        pub fn id(&self) -> u32 {
            self.pid.unsigned_abs()
        }

        /// Reap it if it has exited.
        pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
            if let Some(s) = self.status {
                return Ok(Some(s));
            }
            let mut raw = 0;
            // SAFETY: plain syscall on our own unreaped child.
            match unsafe { libc::waitpid(self.pid, &mut raw, libc::WNOHANG) } {
                0 => Ok(None),
                -1 => Err(io::Error::last_os_error()),
                _ => Ok(Some(self.reaped(raw))),
            }
        }

        /// Close its stdin (as std's `wait` does) and reap it.
        pub fn wait(&mut self) -> io::Result<ExitStatus> {
            drop(self.stdin.take());
            if let Some(s) = self.status {
                return Ok(s);
            }
            loop {
                let mut raw = 0;
                // SAFETY: plain syscall on our own unreaped child.
                if unsafe { libc::waitpid(self.pid, &mut raw, 0) } != -1 {
                    return Ok(self.reaped(raw));
                }
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }

        fn reaped(&mut self, raw: c_int) -> ExitStatus {
            let s = ExitStatus::from_raw(raw);
            self.status = Some(s);
            s
        }
    }

    /// Everything the child needs, made before the clone: it shares this
    /// memory and writes `errno` here when it cannot exec.
    struct Plan {
        program: *const c_char,
        argv: *const *const c_char,
        envp: *const *const c_char,
        cwd: *const c_char,
        /// Its stdin, stdout and stderr, all above 2.
        fds: [c_int; 3],
        parent: libc::pid_t,
        errno: c_int,
    }

    pub fn start(req: &Request) -> io::Result<Child> {
        let program = exec_path(req.program.as_os_str().as_bytes())?;
        let mut argv = vec![c_string(req.arg0.as_bytes())?];
        for a in req.args {
            argv.push(c_string(a.as_bytes())?);
        }
        let envp = req
            .vars
            .iter()
            .map(|(k, v)| c_string(&[k.as_bytes(), b"=", v.as_bytes()].concat()))
            .collect::<io::Result<Vec<_>>>()?;
        let cwd = c_string(req.cwd.as_os_str().as_bytes())?;
        let (argv_ptrs, envp_ptrs) = (pointers(&argv), pointers(&envp));

        let (stdin_r, stdin_w) = io::pipe()?;
        let (stdout_r, stdout_w) = io::pipe()?;
        let (stderr_r, stderr_w) = io::pipe()?;
        let theirs = [
            above_stdio(stdin_r.into())?,
            above_stdio(stdout_w.into())?,
            above_stdio(stderr_w.into())?,
        ];
        let mut plan = Plan {
            program: program.as_ptr(),
            argv: argv_ptrs.as_ptr(),
            envp: envp_ptrs.as_ptr(),
            cwd: cwd.as_ptr(),
            fds: [
                theirs[0].as_raw_fd(),
                theirs[1].as_raw_fd(),
                theirs[2].as_raw_fd(),
            ],
            parent: libc::pid_t::try_from(std::process::id()).unwrap_or(0),
            errno: 0,
        };
        let mut stack: Vec<u8> = Vec::with_capacity(STACK);
        // Stacks grow down; the top must be 16-byte aligned.
        let top = ((stack.as_mut_ptr() as usize + STACK) & !15) as *mut c_void;

        // No signal may run a handler of mcpctl's in the child: all are
        // blocked across the clone; the child puts handlers back to the
        // default before it unblocks them.
        // SAFETY: sigset_t is plain data, filled by sigfillset/the call.
        let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: as above.
        let mut all: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: both sets are valid for writing; this thread's mask only.
        unsafe {
            libc::sigfillset(&mut all);
            libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
        }
        // SAFETY: `child` runs on `stack` (alive until after the clone
        // returns, which CLONE_VFORK delays until the child has exec'd or
        // exited) and reads `plan` and what it points to, all alive here;
        // it only makes syscalls.
        let pid = unsafe {
            libc::clone(
                child,
                top,
                libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
                (&raw mut plan).cast(),
            )
        };
        let clone_error = io::Error::last_os_error();
        // SAFETY: restores the mask saved above.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        }
        drop(theirs);
        drop(stack);
        if pid < 0 {
            return Err(clone_error);
        }
        // SAFETY: the child is done with `plan` (it exec'd or exited).
        let errno = unsafe { std::ptr::read_volatile(&raw const plan.errno) };
        let mut started = Child {
            pid,
            status: None,
            stdin: Some(ChildStdin::from(OwnedFd::from(stdin_w))),
            stdout: Some(ChildStdout::from(OwnedFd::from(stdout_r))),
            stderr: Some(ChildStderr::from(OwnedFd::from(stderr_r))),
        };
        if errno != 0 {
            let _ = started.wait();
            return Err(io::Error::from_raw_os_error(errno));
        }
        Ok(started)
    }

    /// The child, between clone and exec: stdio, working directory,
    /// default signal handling, a new session, the guardian's "+", death
    /// with its parent, then exec. Only syscalls: it runs in mcpctl's
    /// memory on a borrowed stack, and may not allocate or unwind.
    extern "C" fn child(arg: *mut c_void) -> c_int {
        let plan = arg.cast::<Plan>();
        // SAFETY: `plan` points at the parent's Plan, alive and not touched
        // by the parent until this child execs or exits; every call below
        // is a syscall wrapper on valid pointers.
        unsafe {
            let p = &*plan;
            for (target, &fd) in (0..).zip(p.fds.iter()) {
                if libc::dup2(fd, target) < 0 {
                    fail(plan);
                }
            }
            if libc::chdir(p.cwd) != 0 {
                fail(plan);
            }
            let mut dfl: libc::sigaction = std::mem::zeroed();
            dfl.sa_sigaction = libc::SIG_DFL;
            let mut was: libc::sigaction = std::mem::zeroed();
            for sig in 1..=SIGNALS {
                if libc::sigaction(sig, std::ptr::null(), &mut was) != 0 {
                    continue;
                }
                // Every signal back to its default, as the app's runtime
                // (libuv) does for the servers it spawns: a handler must
                // not run here, and an ignored signal is mcpctl's, not the
                // server's (the Rust runtime's SIGPIPE, nohup's SIGHUP).
                if was.sa_sigaction != libc::SIG_DFL {
                    libc::sigaction(sig, &dfl, std::ptr::null_mut());
                }
            }
            libc::setsid();
            super::super::reaper::tell_guardian_from_child();
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
            // mcpctl died before the line above took effect.
            if libc::getppid() != p.parent {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
            let mut none: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut none);
            libc::sigprocmask(libc::SIG_SETMASK, &none, std::ptr::null_mut());
            libc::execve(p.program, p.argv, p.envp);
            fail(plan)
        }
    }

    /// Leave errno for the parent and end the child.
    ///
    /// # Safety
    /// Only in the child, with `plan` the parent's Plan.
    unsafe fn fail(plan: *mut Plan) -> ! {
        // SAFETY: per the contract; errno is the suspended parent thread's.
        unsafe {
            std::ptr::write_volatile(&raw mut (*plan).errno, *libc::__errno_location());
            libc::_exit(127)
        }
    }

    fn c_string(bytes: &[u8]) -> io::Result<CString> {
        CString::new(bytes).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "nul byte found in provided data",
            )
        })
    }

    /// `execve` takes the path as it is: a bare name (a PATH entry of
    /// "") means the working directory, as `execvp` would take it.
    fn exec_path(path: &[u8]) -> io::Result<CString> {
        if path.contains(&b'/') {
            c_string(path)
        } else {
            c_string(&[b"./", path].concat())
        }
    }

    /// A NULL-terminated array of pointers into `strings`.
    fn pointers(strings: &[CString]) -> Vec<*const c_char> {
        strings
            .iter()
            .map(|s| s.as_ptr())
            .chain(std::iter::once(std::ptr::null()))
            .collect()
    }

    /// The child `dup2`s its ends onto 0, 1 and 2: none may already be
    /// one of those, or it would be overwritten before its turn (or keep
    /// close-on-exec). Rust's runtime opens /dev/null on a closed fd 0-2
    /// before `main`, so this is a guard for code that runs without it.
    fn above_stdio(fd: OwnedFd) -> io::Result<OwnedFd> {
        if fd.as_raw_fd() > 2 {
            Ok(fd)
        } else {
            // F_DUPFD_CLOEXEC from 3; the low fd closes with `fd`.
            fd.try_clone()
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Read;
    use std::path::PathBuf;

    fn run(program: &str, arg0: &str, args: &[&str], cwd: &Path) -> std::io::Result<String> {
        let vars = BTreeMap::from([("ONLY".to_string(), "this".to_string())]);
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        let mut child = start(&Request {
            program: Path::new(program),
            arg0,
            args: &args,
            vars: &vars,
            cwd,
        })?;
        let mut out = String::new();
        child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut out)?;
        assert!(child.wait()?.success(), "{program} failed: {out}");
        Ok(out)
    }

    #[test]
    fn the_server_gets_its_argv0_args_environment_and_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = run(
            "/bin/sh",
            "as-written",
            &[
                "-c",
                r#"printf '%s|%s|%s|' "$ONLY" "${HOME-unset}" "$(pwd -P)"; tr '\0' ' ' </proc/$$/cmdline"#,
            ],
            dir.path(),
        )
        .expect("sh runs");
        let here = dir.path().canonicalize().expect("canonical");
        assert!(
            out.starts_with(&format!("this|unset|{}|as-written -c ", here.display())),
            "{out}"
        );
    }

    #[test]
    fn the_server_leads_a_session_of_its_own_with_default_signals() {
        // cat prints its own status: no signal blocked or ignored (the
        // test harness, like mcpctl, ignores SIGPIPE; under nohup, SIGHUP
        // too), and its session.
        let out = run(
            "/bin/cat",
            "cat",
            &["/proc/self/stat", "/proc/self/status"],
            Path::new("/"),
        )
        .expect("cat runs");
        let field = |name: &str| {
            out.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(field("SigBlk:"), "0000000000000000", "{out}");
        // Signals 32 and 33 are glibc's own; this VM's init leaves them
        // ignored for every process, and no libc call may change that.
        let ignored = u64::from_str_radix(&field("SigIgn:"), 16).expect("hex");
        assert_eq!(ignored & 0x7fff_ffff, 0, "{out}");
        let stat = out.lines().next().unwrap_or_default();
        let pid = stat.split(' ').next().and_then(|p| p.parse().ok());
        let cat = pid
            .and_then(|pid| crate::probe::procfs::parse_stat(pid, stat))
            .expect("cat's /proc/self/stat");
        assert_eq!(cat.sid, cat.pid, "session is its own: {stat}");
        assert_eq!(cat.pgrp, cat.pid, "group is its own: {stat}");
    }

    /// The name of the thread the failing starts run on: a child that
    /// never reached exec keeps it (as its `comm`), so it can be told from
    /// the other tests' children without reaping any of them.
    const FAILING: &str = "start-fail-test";

    #[test]
    fn failures_to_start_come_back_as_errors_and_leave_no_child() {
        let dir = tempfile::tempdir().expect("tempdir");
        let script = dir.path().join("no-shebang");
        crate::test_files::executable(&script, "echo hi\n");
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "#!/bin/sh\n").expect("write");
        let root = Path::new("/");
        let gone = dir.path().join("gone");
        let cases: Vec<(PathBuf, &Path, &str)> = vec![
            (dir.path().join("absent"), root, "a"),
            (plain, root, "a"),
            (script, root, "a"),
            (PathBuf::from("/bin/true"), &gone, "a"),
            (PathBuf::from("/bin/true"), root, "a\0b"),
        ];
        let errors: Vec<std::io::Error> = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name(FAILING.into())
                .spawn_scoped(scope, || {
                    cases
                        .iter()
                        .map(|(program, cwd, arg)| {
                            run(&program.to_string_lossy(), "x", &[arg], cwd).expect_err("fails")
                        })
                        .collect()
                })
                .expect("thread")
                .join()
                .expect("no panic")
        });
        use std::io::ErrorKind;
        assert_eq!(errors[0].kind(), ErrorKind::NotFound, "missing program");
        assert_eq!(
            errors[1].kind(),
            ErrorKind::PermissionDenied,
            "not executable"
        );
        assert_eq!(errors[2].raw_os_error(), Some(libc::ENOEXEC), "no #! line");
        assert_eq!(errors[3].kind(), ErrorKind::NotFound, "missing folder");
        assert_eq!(
            errors[4].kind(),
            ErrorKind::InvalidInput,
            "NUL in an argument"
        );
        // Every child that failed before exec was reaped: none is left,
        // not even a zombie (four of the five got as far as a child).
        let me = std::process::id();
        let stranded: Vec<u32> = crate::probe::procfs::table()
            .into_iter()
            .filter(|p| p.ppid == me)
            .filter(|p| {
                std::fs::read_to_string(format!("/proc/{}/comm", p.pid))
                    .is_ok_and(|c| c.trim_end() == FAILING)
            })
            .map(|p| p.pid)
            .collect();
        assert!(stranded.is_empty(), "children left unreaped: {stranded:?}");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod guardian_tests {
    use super::*;

    fn true_server() -> std::io::Result<Child> {
        let vars = BTreeMap::new();
        start(&Request {
            program: Path::new("/bin/true"),
            arg0: "true",
            args: &[],
            vars: &vars,
            cwd: Path::new("/"),
        })
    }

    /// The guardian's "+" is written by the server itself before exec: with
    /// the guardian gone (killed, crashed), that write fails, and must not
    /// end the server with a SIGPIPE.
    #[test]
    fn a_server_starts_when_the_guardian_is_gone() {
        let (mut first, guard) = crate::probe::reaper::launch("t", true_server).expect("launch");
        assert!(first.wait().expect("wait").success());
        drop(guard);
        let me = std::process::id();
        let guardian = (0..200)
            .find_map(|_| {
                let found = crate::probe::procfs::table().into_iter().find(|p| {
                    p.ppid == me
                        && crate::probe::procfs::leftover(p.pid, crate::probe::procfs::How::Daemon)
                            .is_some_and(|l| l.command.contains("while read -r op "))
                });
                if found.is_none() {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                found
            })
            .expect("the guardian runs");
        // SAFETY: plain syscalls on our own child.
        unsafe {
            libc::kill(guardian.pid as i32, libc::SIGKILL);
            libc::waitpid(guardian.pid as i32, std::ptr::null_mut(), 0);
        }
        let mut second = true_server().expect("start");
        let status = second.wait().expect("wait");
        assert!(status.success(), "{status:?}");
    }
}
