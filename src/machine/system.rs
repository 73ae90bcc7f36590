//! The real [`System`]: the file system, running a tool briefly (for
//! `--version` and the like, with a timeout and its whole process group
//! killed on expiry), and whether the app runs
//! ([`crate::platform::running`]: its lock, or a Toolhelp snapshot on
//! Windows). The only I/O of the machine checks.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Meta, System};
use crate::platform::Os;
use crate::platform::running::{self, Running};
use crate::text::FastMap;

/// Output kept from a tool run (a version line is tiny).
const OUTPUT_CAP: u64 = 64 * 1024;

#[derive(Debug, Clone, Copy)]
pub struct RealSystem {
    /// How long one tool run may take.
    pub timeout: Duration,
}

impl Default for RealSystem {
    fn default() -> Self {
        RealSystem {
            timeout: Duration::from_secs(3),
        }
    }
}

impl System for RealSystem {
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    fn is_executable(&self, path: &Path) -> bool {
        self.meta(path).executable
    }
    fn meta(&self, path: &Path) -> Meta {
        let Ok(m) = std::fs::metadata(path) else {
            return Meta::default();
        };
        #[cfg(unix)]
        let executable = {
            use std::os::unix::fs::PermissionsExt;
            m.permissions().mode() & 0o111 != 0
        };
        #[cfg(not(unix))]
        let executable = m.is_file();
        Meta {
            file: m.is_file(),
            dir: m.is_dir(),
            executable,
        }
    }
    fn list_dir(&self, path: &Path) -> Vec<String> {
        crate::platform::launch::entry_names(path, false)
    }
    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        env: &BTreeMap<String, String>,
        cwd: &Path,
    ) -> Option<String> {
        run_with_timeout(program, args, env, cwd, self.timeout)
    }
    fn app_running(&self, os: Os, data_dirs: &[PathBuf]) -> Running {
        running::detect(os, data_dirs, &running::RealProbe)
    }
    fn read_text(&self, path: &Path) -> Option<String> {
        // a FIFO in a package.json's place is not waited on
        let bytes = crate::platform::files::read_capped(path, OUTPUT_CAP * 16).ok()?;
        String::from_utf8(bytes).ok()
    }
}

/// A [`System`] that remembers tool runs and folder listings: one doctor
/// pass asks the same binary (often a slow shim) the same question from
/// several places, and lists every PATH folder once per server whose
/// command is found nowhere (to suggest the name meant).
pub struct Cached<'a> {
    inner: &'a dyn System,
    runs: std::sync::Mutex<BTreeMap<String, Option<String>>>,
    listings: std::sync::Mutex<BTreeMap<PathBuf, Vec<String>>>,
    /// path -> what it is ([`Meta`]), which answers `is_file`, `is_dir`
    /// and `is_executable` from one `stat`: each command is looked up on
    /// both PATHs by the survey, the server analysis and the repair plan,
    /// and a hit is then asked whether it runs. Keyed by the path's text:
    /// a `Path` compares component by component, which made the look-ups
    /// cost more than the questions.
    answers: std::sync::Mutex<FastMap<OsString, Meta>>,
    /// [`System::derived`] answers (the name a missing command likely
    /// stands for, asked once per server by each of doctor's passes).
    derived: std::sync::Mutex<FastMap<String, Option<String>>>,
    /// [`System::searched`] answers: a PATH search's matches.
    searched: std::sync::Mutex<FastMap<String, Vec<PathBuf>>>,
}

impl Cached<'_> {
    fn answer(&self, path: &Path) -> Meta {
        if let Some(hit) = self
            .answers
            .lock()
            .ok()
            .and_then(|m| m.get(path.as_os_str()).copied())
        {
            return hit;
        }
        let answer = self.inner.meta(path);
        if let Ok(mut m) = self.answers.lock() {
            m.insert(path.as_os_str().to_os_string(), answer);
        }
        answer
    }
}

impl<'a> Cached<'a> {
    pub fn new(inner: &'a dyn System) -> Cached<'a> {
        Cached {
            inner,
            runs: std::sync::Mutex::new(BTreeMap::new()),
            listings: std::sync::Mutex::new(BTreeMap::new()),
            answers: std::sync::Mutex::new(FastMap::default()),
            derived: std::sync::Mutex::new(FastMap::default()),
            searched: std::sync::Mutex::new(FastMap::default()),
        }
    }
}

/// The answer remembered under `key` in `memo`, else `compute`'s, then
/// remembered.
fn remembered<V: Clone>(
    memo: &std::sync::Mutex<FastMap<String, V>>,
    key: &str,
    compute: &mut dyn FnMut() -> V,
) -> V {
    if let Some(hit) = memo.lock().ok().and_then(|m| m.get(key).cloned()) {
        return hit;
    }
    let answer = compute();
    if let Ok(mut m) = memo.lock() {
        m.insert(key.to_string(), answer.clone());
    }
    answer
}

impl System for Cached<'_> {
    fn is_file(&self, path: &Path) -> bool {
        self.answer(path).file
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.answer(path).dir
    }
    fn is_executable(&self, path: &Path) -> bool {
        self.answer(path).executable
    }
    fn meta(&self, path: &Path) -> Meta {
        self.answer(path)
    }
    fn derived(&self, key: &str, compute: &mut dyn FnMut() -> Option<String>) -> Option<String> {
        remembered(&self.derived, key, compute)
    }
    fn searched(&self, key: &str, search: &mut dyn FnMut() -> Vec<PathBuf>) -> Vec<PathBuf> {
        remembered(&self.searched, key, search)
    }
    fn list_dir(&self, path: &Path) -> Vec<String> {
        if let Some(hit) = self.listings.lock().ok().and_then(|m| m.get(path).cloned()) {
            return hit;
        }
        let names = self.inner.list_dir(path);
        if let Ok(mut m) = self.listings.lock() {
            m.insert(path.to_path_buf(), names.clone());
        }
        names
    }
    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        self.inner.canonicalize(path)
    }
    fn run(
        &self,
        program: &Path,
        args: &[&str],
        env: &BTreeMap<String, String>,
        cwd: &Path,
    ) -> Option<String> {
        let key = format!(
            "{}\0{}\0{}\0{:?}",
            program.display(),
            args.join("\0"),
            cwd.display(),
            env
        );
        if let Some(hit) = self.runs.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        let out = self.inner.run(program, args, env, cwd);
        if let Ok(mut m) = self.runs.lock() {
            m.insert(key, out.clone());
        }
        out
    }
    fn app_running(&self, os: Os, data_dirs: &[PathBuf]) -> Running {
        self.inner.app_running(os, data_dirs)
    }
    fn read_text(&self, path: &Path) -> Option<String> {
        self.inner.read_text(path)
    }
}

fn read_capped(stream: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stream.take(OUTPUT_CAP).read_to_end(&mut buf);
        let _ = tx.send(buf);
    });
    rx
}

fn first_line(bytes: &[u8]) -> Option<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

fn run_with_timeout(
    program: &Path,
    args: &[&str],
    env: &BTreeMap<String, String>,
    cwd: &Path,
    timeout: Duration,
) -> Option<String> {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env_clear()
        .envs(env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if cwd.is_dir() {
        cmd.current_dir(cwd);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = spawn_past_busy(&mut cmd)?;
    let out = read_capped(child.stdout.take()?);
    let err = read_capped(child.stderr.take()?);
    let deadline = Instant::now() + timeout;
    // most tools answer `--version` in a few milliseconds: poll often at
    // first, then every 5 ms
    let mut pause = Duration::from_micros(250);
    let success = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status.success()),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(5));
            }
            _ => break None,
        }
    };
    if success != Some(true) {
        // timed out, or failed: its output is an error message, not an answer
        kill_group(&mut child);
        return None;
    }
    // a grandchild may still hold the pipes: never wait past the deadline
    let grace = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(50));
    let stdout = out.recv_timeout(grace).unwrap_or_default();
    let stderr = err.recv_timeout(grace).unwrap_or_default();
    kill_group(&mut child);
    first_line(&stdout).or_else(|| first_line(&stderr))
}

/// `cmd` started. A program written a moment ago (a package manager
/// updating it; a test's script) may still be open for writing in a fork
/// another thread made just then, until that fork's exec closes it: exec
/// says ETXTBSY for that moment, so it is asked again for up to 100 ms.
fn spawn_past_busy(cmd: &mut Command) -> Option<std::process::Child> {
    let mut tries = 0;
    loop {
        match cmd.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(5));
            }
            started => return started.ok(),
        }
    }
}

/// Kill the child's whole process group (it was started as a group
/// leader), then reap it.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: plain syscall; the group id is the child's pid.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::Mutex;

    /// An in-memory [`System`]: files (all executable), symlinks, canned
    /// tool output keyed by "program arg1 arg2", whether the app runs,
    /// and a log of every run.
    #[derive(Default)]
    pub(crate) struct FakeSystem {
        pub files: BTreeSet<PathBuf>,
        pub dirs: BTreeSet<PathBuf>,
        pub links: BTreeMap<PathBuf, PathBuf>,
        pub outputs: BTreeMap<String, String>,
        /// What [`System::app_running`] says (None: not running).
        pub app: Option<Running>,
        /// The folders it was asked about.
        pub app_dirs: Mutex<Vec<PathBuf>>,
        pub runs: Mutex<Vec<String>>,
        /// Every folder listed, in order.
        pub listed: Mutex<Vec<PathBuf>>,
        /// How many questions about a path (`is_file`, `is_dir`,
        /// `is_executable`, each `meta` counting once) were asked.
        pub file_questions: Mutex<usize>,
        pub texts: BTreeMap<PathBuf, String>,
        /// The key of every PATH search, in order (searched every time).
        pub searches: Mutex<Vec<String>>,
    }

    impl FakeSystem {
        pub(crate) fn with_files(files: &[&str]) -> FakeSystem {
            let mut s = FakeSystem::default();
            for f in files {
                s.add_file(f);
            }
            s
        }
        pub(crate) fn add_file(&mut self, f: &str) {
            let p = PathBuf::from(f);
            self.add_parents(&p);
            self.files.insert(p);
        }
        pub(crate) fn add_dir(&mut self, d: &str) {
            let p = PathBuf::from(d);
            self.add_parents(&p);
            self.dirs.insert(p);
        }
        fn add_parents(&mut self, p: &Path) {
            // Windows-style paths on a Unix host have no `/` parents; split
            // on `\` too so listings work for emulated layouts
            let s = p.to_string_lossy().to_string();
            for (i, c) in s.char_indices() {
                if (c == '/' || c == '\\') && i > 0 {
                    self.dirs.insert(PathBuf::from(&s[..i]));
                }
            }
        }
        /// A file with contents.
        pub(crate) fn text(mut self, path: &str, contents: &str) -> FakeSystem {
            self.add_file(path);
            self.texts.insert(PathBuf::from(path), contents.to_string());
            self
        }
        pub(crate) fn output(mut self, key: &str, out: &str) -> FakeSystem {
            self.outputs.insert(key.to_string(), out.to_string());
            self
        }
    }

    impl FakeSystem {
        fn asked(&self) {
            if let Ok(mut n) = self.file_questions.lock() {
                *n += 1;
            }
        }
    }

    impl System for FakeSystem {
        fn is_file(&self, path: &Path) -> bool {
            self.asked();
            self.files.contains(path)
        }
        fn read_text(&self, path: &Path) -> Option<String> {
            self.texts.get(path).cloned()
        }
        fn is_dir(&self, path: &Path) -> bool {
            self.asked();
            self.dirs.contains(path)
        }
        fn is_executable(&self, path: &Path) -> bool {
            self.asked();
            self.files.contains(path)
        }
        fn meta(&self, path: &Path) -> Meta {
            self.asked();
            Meta {
                file: self.files.contains(path),
                dir: self.dirs.contains(path),
                executable: self.files.contains(path),
            }
        }
        fn list_dir(&self, path: &Path) -> Vec<String> {
            if let Ok(mut listed) = self.listed.lock() {
                listed.push(path.to_path_buf());
            }
            let prefix = path.to_string_lossy().to_string();
            let mut names = BTreeSet::new();
            for p in self.files.iter().chain(self.dirs.iter()) {
                let s = p.to_string_lossy();
                if let Some(rest) = s.strip_prefix(&prefix)
                    && let Some(rest) = rest.strip_prefix(['/', '\\'])
                    && !rest.is_empty()
                {
                    let first = rest.split(['/', '\\']).next().unwrap_or(rest);
                    names.insert(first.to_string());
                }
            }
            names.into_iter().collect()
        }
        fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
            if let Some(t) = self.links.get(path) {
                return Some(t.clone());
            }
            (self.files.contains(path) || self.dirs.contains(path)).then(|| path.to_path_buf())
        }
        fn run(
            &self,
            program: &Path,
            args: &[&str],
            _env: &BTreeMap<String, String>,
            _cwd: &Path,
        ) -> Option<String> {
            let key = std::iter::once(program.to_string_lossy().to_string())
                .chain(args.iter().map(|a| a.to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            if let Ok(mut runs) = self.runs.lock() {
                runs.push(key.clone());
            }
            self.outputs.get(&key).cloned()
        }
        fn app_running(&self, _os: Os, data_dirs: &[PathBuf]) -> Running {
            self.app_dirs.lock().unwrap().extend_from_slice(data_dirs);
            self.app.clone().unwrap_or(Running::No)
        }
        fn searched(&self, key: &str, search: &mut dyn FnMut() -> Vec<PathBuf>) -> Vec<PathBuf> {
            self.searches.lock().unwrap().push(key.to_string());
            search()
        }
    }

    /// A program still open for writing (in this process here; in the
    /// CI it was a fork of another test's thread) is asked again once it
    /// is closed, not taken for one that does not run.
    #[cfg(unix)]
    #[test]
    fn a_program_still_being_written_is_run_once_it_is_closed() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("tool");
        crate::test_files::executable(&script, "");
        let mut open = std::fs::OpenOptions::new()
            .write(true)
            .open(&script)
            .unwrap();
        open.write_all(b"#!/bin/sh\necho v9\n").unwrap();
        let closer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            drop(open);
        });
        let sys = RealSystem::default();
        let answer = sys.run(&script, &["--version"], &BTreeMap::new(), Path::new("/"));
        closer.join().unwrap();
        assert_eq!(answer, Some("v9".to_string()));
    }

    #[cfg(unix)]
    #[test]
    fn real_run_reads_the_first_line_and_honours_the_env() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("tool");
        crate::test_files::executable(&script, "#!/bin/sh\necho\necho \"v1.2.3 $X\"\n");
        let env = BTreeMap::from([("X".to_string(), "ok".to_string())]);
        let sys = RealSystem::default();
        assert_eq!(
            sys.run(&script, &["--version"], &env, Path::new("/")),
            Some("v1.2.3 ok".to_string())
        );
        assert!(sys.is_executable(&script));
        let failing = dir.path().join("failing");
        crate::test_files::executable(
            &failing,
            "#!/bin/sh\necho 'tool: not found' >&2\nexit 127\n",
        );
        assert_eq!(
            sys.run(&failing, &["--version"], &env, Path::new("/")),
            None
        );
    }

    #[test]
    fn cached_runs_each_question_once() {
        let fake = FakeSystem::default().output("/bin/node --version", "v1");
        let cached = Cached::new(&fake);
        let env = BTreeMap::new();
        for _ in 0..3 {
            assert_eq!(
                cached.run(Path::new("/bin/node"), &["--version"], &env, Path::new("/")),
                Some("v1".to_string())
            );
        }
        assert_eq!(fake.runs.lock().unwrap().len(), 1);
    }

    #[test]
    fn cached_lists_each_folder_once() {
        let fake = FakeSystem::with_files(&["/usr/bin/node", "/bin/sh"]);
        let cached = Cached::new(&fake);
        for _ in 0..3 {
            assert_eq!(cached.list_dir(Path::new("/usr/bin")), vec!["node"]);
            assert_eq!(cached.list_dir(Path::new("/bin")), vec!["sh"]);
        }
        assert_eq!(fake.listed.lock().unwrap().len(), 2);
    }

    #[test]
    fn cached_asks_about_each_path_once_whatever_the_question() {
        let fake = FakeSystem::with_files(&["/usr/bin/node"]);
        let cached = Cached::new(&fake);
        for _ in 0..3 {
            assert!(cached.is_file(Path::new("/usr/bin/node")));
            assert!(cached.is_executable(Path::new("/usr/bin/node")));
            assert!(!cached.is_dir(Path::new("/usr/bin/node")));
            assert!(!cached.is_file(Path::new("/bin/node")));
            assert!(!cached.is_executable(Path::new("/bin/node")));
            assert!(cached.is_dir(Path::new("/usr/bin")));
        }
        // one question per path: three paths, whatever was asked of them
        // (remembering each question apart asked six times)
        assert_eq!(*fake.file_questions.lock().unwrap(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn the_real_meta_answers_what_the_three_questions_do() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("run.sh");
        let data = dir.path().join("data.txt");
        std::fs::write(&script, "#!/bin/sh\n").unwrap();
        std::fs::write(&data, "x").unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&script, &link).unwrap();
        let real = RealSystem::default();
        let meta = |p: &Path| real.meta(p);
        let m = |file, dir, executable| Meta {
            file,
            dir,
            executable,
        };
        assert_eq!(meta(dir.path()), m(false, true, true));
        assert_eq!(meta(&script), m(true, false, true));
        assert_eq!(meta(&data), m(true, false, false));
        // a symlink is what it points at
        assert_eq!(meta(&link), m(true, false, true));
        assert_eq!(meta(&dir.path().join("nope")), Meta::default());
        for p in [dir.path(), &script, &data, &link] {
            assert_eq!(real.is_file(p), meta(p).file, "{p:?}");
            assert_eq!(real.is_dir(p), meta(p).dir, "{p:?}");
            assert_eq!(real.is_executable(p), meta(p).executable, "{p:?}");
        }
    }

    #[test]
    fn a_path_search_is_keyed_by_all_it_depends_on() {
        use crate::machine::lookup::{Searcher, find_all};
        use crate::platform::Os;
        let fake = FakeSystem::with_files(&["/a/npx", "/b/npx", "/b/node"]);
        let npx = find_all(&fake, Os::Linux, "npx", "/a:/b", Searcher::App);
        assert_eq!(npx, [PathBuf::from("/a/npx"), PathBuf::from("/b/npx")]);
        find_all(&fake, Os::Linux, "npx", "/a:/b", Searcher::App);
        // another name, PATH, OS or searcher: another key
        find_all(&fake, Os::Linux, "node", "/a:/b", Searcher::App);
        find_all(&fake, Os::Linux, "npx", "/b", Searcher::App);
        find_all(&fake, Os::Windows, "npx", "/a:/b", Searcher::App);
        let shell = |pathext| Searcher::Shell { pathext };
        find_all(&fake, Os::Windows, "npx", "/a:/b", shell(None));
        find_all(&fake, Os::Windows, "npx", "/a:/b", shell(Some(".EXE")));
        // outside Windows the shell tries the names the app does: the
        // same search, whatever PATHEXT says
        find_all(&fake, Os::Linux, "npx", "/a:/b", shell(None));
        find_all(&fake, Os::Linux, "npx", "/a:/b", shell(Some(".EXE")));
        let keys = fake.searches.lock().unwrap().clone();
        assert_eq!(keys.len(), 9);
        assert_eq!(keys[0], keys[1]);
        assert_eq!(keys[7], keys[0], "{keys:?}");
        assert_eq!(keys[8], keys[0], "{keys:?}");
        let distinct: BTreeSet<&String> = keys[1..7].iter().collect();
        assert_eq!(distinct.len(), 6, "{keys:?}");
    }

    #[test]
    fn cached_makes_each_search_once() {
        let fake = FakeSystem::default();
        let cached = Cached::new(&fake);
        let mut searched = 0;
        for _ in 0..3 {
            let found = cached.searched("npx on /a:/b", &mut || {
                searched += 1;
                vec![PathBuf::from("/a/npx")]
            });
            assert_eq!(found, [PathBuf::from("/a/npx")]);
        }
        assert_eq!(searched, 1);
        cached.searched("npx on /b", &mut || {
            searched += 1;
            Vec::new()
        });
        assert_eq!(searched, 2);
    }

    #[test]
    fn cached_works_out_each_derived_answer_once() {
        let fake = FakeSystem::default();
        let cached = Cached::new(&fake);
        let mut computed = 0;
        for _ in 0..3 {
            let a = cached.derived("typo npxx", &mut || {
                computed += 1;
                Some("npx".into())
            });
            assert_eq!(a.as_deref(), Some("npx"));
        }
        assert_eq!(computed, 1);
        // a plain system remembers nothing
        let mut plain = 0;
        for _ in 0..2 {
            fake.derived("typo npxx", &mut || {
                plain += 1;
                None
            });
        }
        assert_eq!(plain, 2);
    }

    #[cfg(unix)]
    #[test]
    fn real_run_gives_up_after_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("slow");
        crate::test_files::executable(&script, "#!/bin/sh\nsleep 30\necho late\n");
        let sys = RealSystem {
            timeout: Duration::from_millis(200),
        };
        let started = Instant::now();
        assert_eq!(
            sys.run(&script, &[], &BTreeMap::new(), Path::new("/")),
            None
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
