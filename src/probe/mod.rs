//! The health-check engine: launch a server as Claude Desktop does (spawn),
//! speak newline-delimited JSON-RPC to it (framing), run the MCP handshake
//! and listings (handshake), and classify what happened (verdict). When a
//! server fails with the app's environment, it is launched once more with
//! the user's shell environment to say what differs (compare).
//!
//! Each server is judged in every lane the app starts it in (lanes, as
//! data): the chat copy, the era probe's sibling and the Cowork/Code copy
//! are run together (group); each lane gets its report (lane_report), with
//! the era probe's verdict (era) and the tool schemas it refuses (schemas).
//!
//! Independent of the config: callers pass [`LaunchSpec`]s. [`probe`]
//! checks one server; [`probe_all`] checks many at once, at most `jobs`
//! launches starting at a time, results in input order. Plain threads, no
//! async runtime.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::platform::HostEnv;
use crate::platform::launch;

mod ajv;
pub mod call;
pub mod causes;
pub mod compare;
pub mod era;
pub mod framing;
pub mod gate;
mod group;
pub mod handshake;
pub mod http;
#[cfg(windows)]
mod job_windows;
pub mod lane_report;
pub mod lanes;
pub mod node_json;
pub mod procfs;
pub mod reaper;
pub mod schemas;
pub mod spawn;
mod start;
pub mod verdict;

pub use crate::platform::launch::{EnvMode, LaunchEnv};
pub use compare::ShellComparison;
pub use era::EraVerdict;
pub use framing::StdoutKind;
pub use gate::{Gate, Slot};
pub use handshake::{Capabilities, Counts, Discover, Phase, ServerInfo, ToolInfo};
pub use lane_report::{LaneReport, LaneReports};
pub use lanes::{Lane, Lanes};
pub use schemas::ContextCost;
pub use spawn::Leftover;
pub use verdict::{ExitInfo, Verdict};

use handshake::{Failure, Handshake};
use spawn::{Resolution, SpawnError};
use verdict::{Facts, Judgement};

/// What to launch: the entry as Claude Desktop reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchSpec {
    pub name: String,
    /// As written; empty when the entry has none.
    pub command: String,
    pub args: Vec<String>,
    /// Added on top of the launch environment.
    pub env: Vec<(String, String)>,
    /// The PATH the app logged giving this server, used instead of the OS
    /// profile's for an app launch (set by the command layer from the
    /// app's logs: `--app-path-from-logs`).
    pub app_path: Option<launch::LoggedPath>,
}

/// How to probe.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// Per launch, from spawn to the last reply.
    pub timeout: Duration,
    pub env_mode: EnvMode,
    /// The lanes to judge (`--lane`).
    pub lanes: Lanes,
    /// Run the era probe even without the cowork lane, and report its
    /// `server/discover` in `discover` (`--discover`, from before lanes).
    pub discover: bool,
    /// When a server fails with the app's environment, launch it once more
    /// with the shell's and say what differs.
    pub compare_shell: bool,
    /// Values from the entry's env may appear in messages (e.g. its PATH).
    pub show_secrets: bool,
}

impl Default for ProbeOptions {
    fn default() -> ProbeOptions {
        ProbeOptions {
            timeout: verdict::APP_INIT_LIMIT,
            env_mode: EnvMode::App,
            lanes: Lanes::default(),
            discover: false,
            compare_shell: true,
            show_secrets: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Timings {
    /// Spawn to the `initialize` reply.
    pub first_reply: Option<u64>,
    /// Spawn to the last reply (shutdown not included).
    pub total: u64,
}

/// Everything known about one server after probing it. Serialises to the
/// per-server object of docs/json/test-launch.md, except `env`, which the
/// report adds masked. The fields before `lanes` describe the chat copy
/// (as they did before lanes), except `ok`: true only when every checked
/// lane is.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProbeReport {
    pub name: String,
    pub ok: bool,
    pub verdict: Verdict,
    pub message: String,
    pub hint: Option<String>,
    pub command: String,
    pub args: Vec<String>,
    #[serde(skip)]
    pub env: Vec<(String, String)>,
    pub resolved_command: Option<String>,
    pub phase: Option<Phase>,
    pub server_info: Option<ServerInfo>,
    pub protocol_version: Option<String>,
    pub capabilities: Option<Capabilities>,
    pub counts: Counts,
    pub bad_tool_names: Vec<String>,
    /// `resources/list` or `prompts/list` answered with an error the app
    /// goes on after (`verdict::listing_errors`).
    pub listing_errors: Vec<String>,
    /// What the app lets pass and other MCP clients may not
    /// (`verdict::tolerated`): the server stays ok.
    pub tolerated: Vec<String>,
    /// The tools listed (shown with `--tools`).
    #[serde(skip)]
    pub tools: Vec<ToolInfo>,
    pub discover: Option<Discover>,
    pub timings_ms: Timings,
    pub exit: Option<ExitInfo>,
    pub stdout_line: Option<String>,
    pub stdout_kind: Option<StdoutKind>,
    pub stderr_tail: Vec<String>,
    pub leftover: Vec<Leftover>,
    pub shell_comparison: Option<ShellComparison>,
    /// The spec's logged PATH, when the launch used it.
    pub app_path: Option<launch::LoggedPath>,
    /// Remote servers only (`probe::http`): transport, eras, auth, ...
    pub remote: Option<http::RemoteFacts>,
    /// Each checked lane's verdict.
    pub lanes: LaneReports,
    /// What its tool definitions cost in context (from the chat copy's
    /// listing; `null` when it listed none).
    pub context: Option<ContextCost>,
}

impl ProbeReport {
    /// The chat copy's own verdict is ok (whatever the other lanes say).
    pub fn chat_ok(&self) -> bool {
        self.verdict.is_ok()
    }
}

/// The `--jobs` default: twice the number of cores. Chosen by measurement
/// (README, Benchmarks; docs/testing.md): a fast server spends most of its
/// slot waiting (exec, loading, pipes), so one per core left the cores
/// idle (20 small Rust servers took 1.8x the wall time they take at twice
/// the cores); a slow-starting Node or Python server is CPU work, where
/// more at once only stretches each one's time to answer (at twice the
/// cores a Node server's slowest answer grew by a quarter, at four times
/// by four fifths, see `gate`), so the default stops at two per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        * JOBS_PER_CORE
}

/// See [`default_jobs`].
pub const JOBS_PER_CORE: usize = 2;

/// The environment a launch gets.
pub fn launch_env(spec: &LaunchSpec, mode: EnvMode, host: &HostEnv) -> LaunchEnv {
    match mode {
        EnvMode::App => {
            let env = launch::app_env(host, &spec.env, &launch::list_dir_names);
            match &spec.app_path {
                Some(logged) => launch::with_logged_path(env, logged, &spec.env),
                None => env,
            }
        }
        EnvMode::Shell => launch::shell_env(host, &spec.env),
    }
}

/// Probe one server.
pub fn probe(spec: &LaunchSpec, opts: &ProbeOptions, host: &HostEnv) -> ProbeReport {
    let gate = Gate::new(1);
    let slot = gate.enter();
    probe_in(spec, opts, host, &gate, slot)
}

/// Probe many servers concurrently, at most `jobs` launches starting at
/// once (a server's extra copies for its lanes count when there is room:
/// see `gate`), in input order; `on_done(index, report)` is called as
/// each finishes.
///
/// First launches are admitted in input order by this thread, and a
/// server's thread is started only once it holds a slot: no idle thread
/// per waiting server, and a freed slot wakes one waiter, not all. The
/// last server is checked on this thread ([`gate::each`]).
pub fn probe_all(
    specs: &[LaunchSpec],
    opts: &ProbeOptions,
    host: &HostEnv,
    jobs: usize,
    on_done: &(dyn Fn(usize, &ProbeReport) + Sync),
) -> Vec<ProbeReport> {
    let gate = Gate::new(jobs);
    gate::each(
        specs,
        &gate,
        &|i, spec, slot| {
            let report = probe_in(spec, opts, host, &gate, slot);
            on_done(i, &report);
            report
        },
        &internal_error,
    )
}

fn probe_in(
    spec: &LaunchSpec,
    opts: &ProbeOptions,
    host: &HostEnv,
    gate: &Gate,
    slot: Slot,
) -> ProbeReport {
    let env = launch_env(spec, opts.env_mode, host);
    let chat_client = group::client(Lane::Chat, &spec.name);
    let extra = opts.lanes.cowork || opts.discover;
    let (main, outcome) = match locate(spec, &env, opts) {
        Ok(program) if extra => {
            let mut o = group::run(spec, &env, opts, &program, gate, slot);
            let chat = std::mem::replace(&mut o.chat, Attempt::empty());
            (chat, Some(o))
        }
        _ => (attempt(spec, &env, opts, slot), None),
    };
    let mut report = main.report(spec);
    report.context = main
        .handshake
        .as_ref()
        .filter(|h| h.counts.tools.is_some())
        .map(|h| ContextCost::of(&h.tool_defs));
    let mut lanes = Vec::new();
    if opts.lanes.chat {
        lanes.push(
            lane_report::from_copy(
                lane_report::Copy {
                    lane: Lane::Chat,
                    client: &chat_client,
                    judgement: &main.judgement,
                    handshake: main.handshake.as_ref(),
                    exit: main.exit.as_ref(),
                    stderr_tail: &[],
                },
                outcome.as_ref().and_then(|o| o.era.clone()),
            )
            .took(Some(main.elapsed)),
        );
    }
    if let Some(o) = outcome {
        report.leftover.extend(o.leftover);
        if opts.discover {
            report.discover = o.discover;
        }
        if let Some(cowork) = o.cowork {
            lanes.push(cowork);
        }
    } else if opts.lanes.cowork {
        // the command could not be found or started: every lane fails so
        // (on the chat copy's attempt: no run of its own, but the attempt's
        // when it is the only lane)
        let own = (!opts.lanes.chat).then_some(main.elapsed);
        lanes.push(
            lane_report::from_copy(
                lane_report::Copy {
                    lane: Lane::Cowork,
                    client: &group::client(Lane::Cowork, &spec.name),
                    judgement: &main.judgement,
                    handshake: None,
                    exit: None,
                    stderr_tail: &[],
                },
                None,
            )
            .took(own),
        );
    }
    report.lanes = LaneReports(lanes);
    report.ok = report.lanes.all_ok();
    if !report.chat_ok()
        && opts.compare_shell
        && opts.env_mode == EnvMode::App
        && worth_comparing(report.verdict)
        && !spec.command.trim().is_empty()
    {
        let shell = launch_env(spec, EnvMode::Shell, host);
        let again = attempt(spec, &shell, opts, gate.enter());
        report.leftover.extend(again.leftover.iter().cloned());
        let (cmp, named) = comparison(spec, &env, &shell, &main, &again);
        if let Some(hint) = sharper_hint(report.verdict, &cmp, &named) {
            report.hint = Some(hint);
        }
        report.shell_comparison = Some(cmp);
    }
    if let Some(hint) = module_only_here(&report, spec, &env, host) {
        report.hint = Some(hint);
    }
    report
}

/// For a Python server that exited saying a module is missing, when that
/// module's top-level name is a folder or `.py` file in the folder mcpctl
/// runs in (not where the app starts servers, and not already on the
/// entry's PYTHONPATH): the hint that says it is found only from there.
/// The folder check is here; [`causes::module_only_here_hint`] words it.
fn module_only_here(
    report: &ProbeReport,
    spec: &LaunchSpec,
    env: &LaunchEnv,
    host: &HostEnv,
) -> Option<String> {
    if report.verdict != Verdict::ExitedEarly || host.cwd == env.cwd {
        return None;
    }
    let module = causes::missing_module(&report.stderr_tail)?;
    let here = &host.cwd;
    let on_path = spec
        .env
        .iter()
        .any(|(k, v)| k == "PYTHONPATH" && v.contains(&*here.to_string_lossy()));
    let found = here.join(&module).is_dir() || here.join(format!("{module}.py")).is_file();
    (found && !on_path).then(|| causes::module_only_here_hint(&module, here, &env.cwd, &spec.args))
}

/// Verdicts the environment can plausibly cause. A timeout is not
/// re-run (a hung server costs its timeout once), nor are verdicts about
/// what the server is (version, tool names).
fn worth_comparing(v: Verdict) -> bool {
    matches!(
        v,
        Verdict::CommandNotFound
            | Verdict::NotExecutable
            | Verdict::SpawnFailed
            | Verdict::ExitedEarly
            | Verdict::NonProtocolOutput
            | Verdict::JsonrpcError
            | Verdict::BadReply
    )
}

/// When the shell launch pinned the cause, a hint that names the fix.
fn sharper_hint(v: Verdict, cmp: &ShellComparison, named: &[String]) -> Option<String> {
    if let (Some(cmd), Some(dir), Verdict::CommandNotFound) =
        (&cmp.shell_command, &cmp.path_entry, v)
    {
        // `npx` is `#!/usr/bin/env node`: the absolute path alone finds
        // npx, then env looks for node on the same PATH and fails
        if let Some(interp) = env_shebang(Path::new(cmd)) {
            return Some(format!(
                "add {dir} to PATH in the entry's env (and set \"command\" to {cmd} if you \
like): {cmd} starts `{interp}` through `#!/usr/bin/env`, which looks on the same PATH, so the \
absolute path alone is not enough; Claude Desktop does not use your shell's PATH"
            ));
        }
        return Some(format!(
            "set \"command\" to {cmd} (found on your shell's PATH), or add {dir} to PATH in the \
entry's env: Claude Desktop does not use your shell's PATH"
        ));
    }
    let first = named.first()?;
    Some(format!(
        "add \"{first}\" to this server's \"env\" in the config: Claude Desktop does not pass \
your shell's variables to servers"
    ))
}

/// The program a script starts through `#!/usr/bin/env NAME` (`node` for
/// npx), read from its first bytes; None for a binary or another line.
fn env_shebang(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 128];
    let n = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let line = std::str::from_utf8(&head[..n]).ok()?.lines().next()?;
    let rest = line.strip_prefix("#!")?.trim_start();
    let args = rest.strip_prefix("/usr/bin/env")?;
    // `env -S node --flag`, `env node`
    args.split_whitespace()
        .find(|w| !w.starts_with('-'))
        .map(str::to_string)
}

/// The comparison, and the variables the failing launch named.
fn comparison(
    spec: &LaunchSpec,
    app: &LaunchEnv,
    shell: &LaunchEnv,
    main: &Attempt,
    again: &Attempt,
) -> (ShellComparison, Vec<String>) {
    let ok = again.judgement.verdict.is_ok();
    // the same verdict may hide another failure: `exit 1: GITHUB_TOKEN is
    // not set` in the app's environment, `exit 2: Bad credentials` in the
    // shell's, which has the variable
    let same_verdict = again.judgement.verdict == main.judgement.verdict;
    let same_end = !ok && same_verdict && again.exit == main.exit;
    let app_last = main.stderr_tail.last().map(|l| without_numbers(l));
    let exactly = same_end && again.stderr_tail.last().map(|l| without_numbers(l)) == app_last;
    // the same message but for the folder it names (the shell's working
    // directory where the app's is): the same failure
    let (in_app, places) = match again.stderr_tail.last() {
        Some(l) => {
            let (t, p) = compare::as_in_app(l, app, shell);
            (Some(without_numbers(&t)), p)
        }
        None => (None, None),
    };
    let differs_only_in = places.filter(|_| !exactly && same_end && in_app == app_last);
    let same_failure = exactly || differs_only_in.is_some();
    let diff = if !same_failure {
        compare::differences(
            crate::platform::Os::current(),
            spec,
            app,
            shell,
            main.resolved.as_deref(),
            again.resolved.as_deref(),
            &format!(
                "{}\n{}",
                main.judgement.message,
                main.stderr_tail.join("\n")
            ),
            &|p: &Path| p.exists(),
        )
    } else {
        compare::Diff::default()
    };
    let cmp = ShellComparison {
        verdict: again.judgement.verdict,
        ok,
        differences: diff.lines,
        path_entry: diff.path_entry,
        shell_command: again
            .resolved
            .as_ref()
            .filter(|_| ok)
            .map(|p| p.display().to_string()),
        shell_only_vars: diff.shell_only_vars,
        shell_cwd: diff.shell_cwd,
        named_vars: diff.named_vars.clone(),
        same_failure,
        shell_ending: (!ok && same_verdict && !same_failure).then(|| ending(again)),
        differs_only_in,
    };
    (cmp, diff.named_vars)
}

/// A stderr line with every word that holds a digit as `#`: a timestamp,
/// a pid, an address (`0x7fdc80311090`), a UUID or a random temp name in
/// it does not make two failures different.
fn without_numbers(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().any(|c| c.is_ascii_digit()) {
            out.push('#');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// How an attempt ended, in a few words: its exit and last stderr line.
fn ending(a: &Attempt) -> String {
    let exit = a
        .exit
        .as_ref()
        .map_or_else(|| "did not exit".to_string(), verdict::ExitInfo::describe);
    match a.stderr_tail.last() {
        Some(line) => format!("{exit}: {}", framing::truncate(line, 120)),
        None => exit,
    }
}

/// One launch and conversation.
struct Attempt {
    judgement: Judgement,
    resolved: Option<PathBuf>,
    /// `None` when the process never started.
    handshake: Option<Handshake>,
    exit: Option<ExitInfo>,
    stderr_tail: Vec<String>,
    leftover: Vec<Leftover>,
    elapsed: Duration,
}

impl Attempt {
    /// A placeholder for one taken out of a group's outcome.
    fn empty() -> Attempt {
        Attempt::not_started(verdict::no_command(), None, Instant::now())
    }

    fn not_started(judgement: Judgement, resolved: Option<PathBuf>, t0: Instant) -> Attempt {
        Attempt {
            judgement,
            resolved,
            handshake: None,
            exit: None,
            stderr_tail: Vec::new(),
            leftover: Vec::new(),
            elapsed: t0.elapsed(),
        }
    }

    fn report(&self, spec: &LaunchSpec) -> ProbeReport {
        let j = &self.judgement;
        let hs = self.handshake.clone().unwrap_or_default();
        let listing_errors = verdict::listing_errors(&hs);
        let tolerated = verdict::tolerated(&hs);
        let ok = j.verdict.is_ok();
        ProbeReport {
            name: spec.name.clone(),
            ok,
            verdict: j.verdict,
            message: j.message.clone(),
            hint: j.hint.clone(),
            command: spec.command.clone(),
            args: spec.args.clone(),
            env: spec.env.clone(),
            resolved_command: self.resolved.as_ref().map(|p| p.display().to_string()),
            phase: j.phase,
            server_info: hs.server_info,
            protocol_version: hs.protocol_version,
            capabilities: hs.capabilities,
            counts: hs.counts,
            listing_errors,
            tolerated,
            bad_tool_names: hs.bad_tool_names,
            tools: hs.tools,
            discover: None,
            timings_ms: Timings {
                first_reply: hs.first_reply.map(millis),
                total: millis(self.elapsed),
            },
            exit: self.exit.clone(),
            stdout_line: j.stdout_line.clone(),
            stdout_kind: j.stdout_kind,
            stderr_tail: if ok {
                Vec::new()
            } else {
                self.stderr_tail.clone()
            },
            leftover: self.leftover.clone(),
            shell_comparison: None,
            lanes: LaneReports::default(),
            context: None,
            app_path: spec.app_path.clone(),
            remote: None,
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Resolve the command, or say why it cannot be started.
fn locate(spec: &LaunchSpec, env: &LaunchEnv, opts: &ProbeOptions) -> Result<PathBuf, Judgement> {
    if spec.command.trim().is_empty() {
        return Err(verdict::no_command());
    }
    match spawn::resolve(&spec.command, env) {
        Resolution::Found(p) => Ok(p),
        Resolution::NotExecutable { path, why } => {
            Err(verdict::not_executable(&path.display().to_string(), &why))
        }
        Resolution::NotFound => {
            // spelt `PATH`: names have case on Unix, and a `Path` is
            // dropped on Windows (`launch::finish`)
            let from_entry = launch::sets_path(spec.env.iter().map(|(k, _)| k.as_str()));
            let path = if from_entry && !opts.show_secrets {
                "(the PATH set in the entry's env; --show-secrets shows it)".to_string()
            } else {
                env.path.clone()
            };
            Err(verdict::not_found(
                crate::platform::Os::current(),
                &spec.command,
                &path,
                &env.cwd.display().to_string(),
            ))
        }
    }
}

fn start(spec: &LaunchSpec, env: &LaunchEnv, program: &Path) -> Result<spawn::Session, Judgement> {
    spawn::spawn(program, spec, env).map_err(|e| {
        let shown = program.display().to_string();
        match e {
            SpawnError::NotExecutable(why) => verdict::not_executable(&shown, &why),
            SpawnError::Other(err) => verdict::spawn_failed(&shown, &err),
        }
    })
}

/// The chat copy alone: spawn, handshake, shut down, judge.
fn attempt(spec: &LaunchSpec, env: &LaunchEnv, opts: &ProbeOptions, slot: Slot) -> Attempt {
    let t0 = Instant::now();
    let program = match locate(spec, env, opts) {
        Ok(p) => p,
        Err(j) => return Attempt::not_started(j, None, t0),
    };
    let mut session = match start(spec, env, &program) {
        Ok(s) => s,
        Err(j) => return Attempt::not_started(j, Some(program), t0),
    };
    let started = session.started;
    let client = group::client(Lane::Chat, &spec.name);
    let hs = handshake::run(&mut session, &client, started, started + opts.timeout);
    drop(slot);
    finish(spec, opts.timeout, &program, session, hs)
}

/// After a conversation: shut the copy down and judge what it did.
fn finish(
    spec: &LaunchSpec,
    timeout: Duration,
    program: &Path,
    mut session: spawn::Session,
    hs: Handshake,
) -> Attempt {
    match hs.failure {
        Some(Failure::Closed { .. }) => session.note_exit(Duration::from_secs(1)),
        // gone without closing its stdout (a child of its holds it)?
        Some(Failure::TimedOut { .. }) => session.note_exit(Duration::ZERO),
        _ => {}
    }
    let exit = session.exit.clone();
    let down = session.shutdown();
    let facts = Facts {
        command: &spec.command,
        timeout,
        exit: exit.as_ref(),
        stderr_tail: &down.stderr_tail,
    };
    let judgement = match &hs.failure {
        Some(f) => verdict::judge_failure(f, &facts),
        None => verdict::judge_success(&hs, &spec.command),
    };
    Attempt {
        judgement,
        resolved: Some(program.to_path_buf()),
        elapsed: hs.elapsed,
        handshake: Some(hs),
        exit,
        stderr_tail: down.stderr_tail,
        leftover: down.leftover,
    }
}

/// Added to what the chat copy needed, for the era probe's sibling.
pub const DISCOVER_GRACE: Duration = Duration::from_secs(5);

/// How long the era probe's sibling may wait for `server/discover`: twice
/// what the chat copy needed to answer its first request (or to fail,
/// when it never answered), plus [`DISCOVER_GRACE`], at most `timeout`.
/// Initialize-era servers may never answer `server/discover` (field
/// notes), and waiting the whole `--timeout` for each would cost a timeout
/// per such server. `None` when the chat copy timed out with no reply at
/// all: the sibling then waits the whole timeout (beside it, not after).
pub fn discover_budget(
    first_reply: Option<Duration>,
    elapsed: Duration,
    timed_out: bool,
    timeout: Duration,
) -> Option<Duration> {
    let base = match first_reply {
        Some(f) => f,
        None if timed_out => return None,
        None => elapsed,
    };
    Some((base.saturating_mul(2) + DISCOVER_GRACE).min(timeout))
}

fn internal_error(spec: &LaunchSpec) -> ProbeReport {
    let j = verdict::spawn_failed(
        &spec.command,
        "mcpctl's probe failed, or its thread could not start (a bug, or out of threads)",
    );
    Attempt::not_started(j, None, Instant::now()).report(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `npx` is a script through `#!/usr/bin/env node`: the interpreter is
    /// read from its first line; a binary or another shebang has none.
    #[test]
    fn a_script_through_env_names_its_interpreter() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = |name: &str, text: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).expect("write");
            p
        };
        let npx = file("npx", b"#!/usr/bin/env node\nrequire('x')\n");
        assert_eq!(env_shebang(&npx).as_deref(), Some("node"));
        let s = file("s", b"#!/usr/bin/env -S python3 -u\n");
        assert_eq!(env_shebang(&s).as_deref(), Some("python3"));
        assert_eq!(env_shebang(&file("sh", b"#!/bin/sh\n")), None);
        assert_eq!(env_shebang(&file("bin", b"\x7fELF\x02\x01")), None);
    }

    /// A timestamp or a pid does not make two stderr lines differ; words do.
    #[test]
    fn stderr_lines_are_compared_without_their_numbers() {
        assert_eq!(
            without_numbers("2026-11-30T03:50:10.82Z ERROR boom (pid 4812)"),
            without_numbers("2026-11-30T03:50:11.9Z ERROR boom (pid 77)")
        );
        assert_ne!(
            without_numbers("error: TOKEN is not set"),
            without_numbers("error: Bad credentials")
        );
        // an address, a UUID, a temp name: different in every run
        assert_eq!(
            without_numbers("RuntimeError: no transport for <Handler object at 0x7fdc80311090>"),
            without_numbers("RuntimeError: no transport for <Handler object at 0x7f2e19d316d0>")
        );
        assert_eq!(
            without_numbers("session 3f1c9a2e-8b4d-4e1a-9c2f-0d7e6b5a4c3b rejected"),
            without_numbers("session a9e0b1c2-77d3-41aa-8e9f-1b2c3d4e5f60 rejected")
        );
        assert_eq!(
            without_numbers("lock /tmp/tmpa8x_9qzk/server.lock held"),
            without_numbers("lock /tmp/tmp0w3jd1bb/server.lock held")
        );
    }

    /// A server that prints where it runs fails "the same way" in the
    /// shell when its message names the shell's working directory where the
    /// app's names `/`; another message, or another exit, is no same failure.
    #[test]
    fn a_failure_that_names_only_another_working_directory_is_the_same_failure() {
        let env = |mode, cwd: &str| LaunchEnv {
            mode,
            vars: [("HOME".to_string(), "/home/u".to_string())].into(),
            cwd: PathBuf::from(cwd),
            path: String::new(),
        };
        let (app, shell) = (env(EnvMode::App, "/"), env(EnvMode::Shell, "/home/u/proj"));
        let failed = |code: i32, line: &str| {
            let mut a = Attempt::not_started(
                Judgement::new(Verdict::ExitedEarly, None, "exited".into(), ""),
                None,
                Instant::now(),
            );
            a.exit = Some(ExitInfo {
                code: Some(code),
                signal: None,
            });
            a.stderr_tail = vec![line.to_string()];
            a
        };
        let spec = LaunchSpec {
            name: "s".into(),
            command: "srv".into(),
            args: vec!["--data-dir".into(), "./data".into()],
            env: Vec::new(),
            app_path: None,
        };
        let missing = |cwd: &str| {
            format!("error: --data-dir ./data: no such folder (working directory: {cwd})")
        };
        let main = failed(1, &missing("/"));
        let (same, _) = comparison(
            &spec,
            &app,
            &shell,
            &main,
            &failed(1, &missing("/home/u/proj")),
        );
        assert!(same.same_failure, "{same:?}");
        assert_eq!(
            same.differs_only_in.as_deref(),
            Some("the working directory")
        );
        assert_eq!(same.differences, Vec::<String>::new());
        assert_eq!(same.shell_ending, None);
        // the very same line: the same failure, nothing to explain
        let (exact, _) = comparison(&spec, &app, &shell, &main, &failed(1, &missing("/")));
        assert!(
            exact.same_failure && exact.differs_only_in.is_none(),
            "{exact:?}"
        );
        // another message in the shell's folder, or another exit: not the same
        let other = "error: --data-dir ./data: permission denied (working directory: /home/u/proj)";
        for again in [failed(1, other), failed(2, &missing("/home/u/proj"))] {
            let (cmp, _) = comparison(&spec, &app, &shell, &main, &again);
            assert!(!cmp.same_failure, "{cmp:?}");
            assert_eq!(cmp.differs_only_in, None);
            assert!(cmp.shell_ending.is_some(), "{cmp:?}");
        }
    }

    #[test]
    fn the_discover_launch_waits_about_as_long_as_the_server_needed() {
        let ms = Duration::from_millis;
        let timeout = Duration::from_secs(60);
        // Answered initialize in 300 ms: 2 x 300 ms + the grace.
        assert_eq!(
            discover_budget(Some(ms(300)), ms(400), false, timeout),
            Some(ms(600) + DISCOVER_GRACE)
        );
        // Never more than --timeout.
        assert_eq!(
            discover_budget(Some(ms(40_000)), ms(40_000), false, timeout),
            Some(timeout)
        );
        // Failed fast without a reply: based on how long that took.
        assert_eq!(
            discover_budget(None, ms(100), false, timeout),
            Some(ms(200) + DISCOVER_GRACE)
        );
        // Timed out without a reply: not tried (it would cost the timeout again).
        assert_eq!(discover_budget(None, timeout, true, timeout), None);
    }
}
