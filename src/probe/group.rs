//! One server's copies, started the way the app starts them for its lanes:
//! the chat copy; the era probe's throw-away sibling, whose first request
//! is `server/discover`; and the Cowork/Code lane's own copy, which must
//! run while the chat copy is still running.
//!
//! All three are spawned at once, so process start-up (the expensive part
//! for Node and Python servers) overlaps: the sibling is asked at once,
//! the cowork copy is held back until the era verdict is known, and the
//! chat copy is kept running until the cowork copy's conversation is over.
//! The sibling waits for `server/discover` about as long as the chat copy
//! needed to answer (`discover_budget`), so a server that ignores it costs
//! seconds, not the timeout.
//!
//! Copies that start together can race for something only one may hold
//! (a port, a lock). When the chat copy fails in a way such a race
//! explains, everything is done again in the app's order (chat copy first,
//! then the others beside it). When the cowork lane fails beside a healthy
//! chat copy, the cause is read from the failing copy's stderr, or the copy
//! is launched once more alone: working alone, it fails only as a second
//! copy (`concurrent-copy`).

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::era::{self, EraVerdict};
use super::framing::Frame;
use super::handshake::{self, Client, Conn, Discover, DiscoverProblem, Event, Failure, Handshake};
use super::lane_report::{self, Copy, LaneReport, SecondCopy, Which, second_copy_cause};
use super::lanes::Lane;
use super::spawn::{Leftover, Session};
use super::verdict::{self, ExitInfo, Judgement, Verdict};
use super::{Attempt, Gate, LaunchEnv, LaunchSpec, ProbeOptions, Slot, discover_budget};

/// What one server's copies showed.
pub(super) struct Outcome {
    /// The chat copy: the server's top-level fields.
    pub chat: Attempt,
    /// The era probe's verdict, when it ran.
    pub era: Option<EraVerdict>,
    /// The cowork lane, when checked.
    pub cowork: Option<LaneReport>,
    /// The sibling's `server/discover` (the `--discover` field).
    pub discover: Option<Discover>,
    /// Processes that escaped any of the extra copies.
    pub leftover: Vec<Leftover>,
}

/// Who a lane's copy says it is, for the server named `name`.
pub(super) fn client(lane: Lane, name: &str) -> Client {
    let p = lane.profile();
    Client {
        name: p.client_name_for(name),
        version: p.client_version.to_string(),
        roots: p.roots,
    }
}

/// Everything a round needs.
struct Ctx<'a> {
    spec: &'a LaunchSpec,
    env: &'a LaunchEnv,
    timeout: Duration,
    program: &'a Path,
    chat: Client,
    cowork: Client,
    /// Start the cowork lane's own copy (not only the sibling).
    cowork_on: bool,
}

/// Run the chat copy, the era probe and (with the cowork lane) the
/// cowork copy; `program` is the resolved command.
pub(super) fn run(
    spec: &LaunchSpec,
    env: &LaunchEnv,
    opts: &ProbeOptions,
    program: &Path,
    gate: &Gate,
    slot: Slot,
) -> Outcome {
    let ctx = Ctx {
        spec,
        env,
        timeout: opts.timeout,
        program,
        chat: client(Lane::Chat, &spec.name),
        cowork: client(Lane::Cowork, &spec.name),
        cowork_on: opts.lanes.cowork,
    };
    let mut leftover = Vec::new();
    let mut round = overlapped(&ctx, gate, slot);
    if raced(&round) {
        leftover.extend(round.all_leftover());
        round = in_order(&ctx, gate.enter());
    }
    let Round {
        chat,
        mut sibling,
        cowork,
    } = round;
    leftover.append(&mut sibling.leftover);
    let cowork = cowork.map(|c| {
        let (report, left) = judge_cowork(&ctx, &chat, &sibling, c, gate);
        leftover.extend(left);
        report
    });
    Outcome {
        chat,
        era: Some(sibling.era),
        cowork,
        discover: Some(sibling.discover),
        leftover,
    }
}

/// The era probe's sibling once it answered (or did not), still running.
struct Asked {
    session: Option<Session>,
    discover: Discover,
    problem: Option<DiscoverProblem>,
    /// Why it could not be started.
    not_started: Option<String>,
    /// From its spawn to the end of the probe.
    waited: Duration,
}

impl Asked {
    /// It closed the connection during the probe (or never started).
    fn closed(&self) -> bool {
        self.not_started.is_some()
            || matches!(
                self.problem,
                Some(DiscoverProblem::Failed(Failure::Closed { .. }))
            )
    }

    /// It answered with a result: the server is modern.
    fn modern(&self) -> bool {
        matches!(
            self.problem,
            None | Some(DiscoverProblem::NoVersions | DiscoverProblem::ListFailed(_))
        ) && self.not_started.is_none()
    }

    /// It gave no answer for the whole timeout.
    fn waited_out(&self, timeout: Duration) -> bool {
        matches!(self.problem, Some(DiscoverProblem::NoAnswer { .. })) && self.waited >= timeout
    }

    /// Shut it down (it is thrown away, as the app does) and judge it.
    fn finish(self) -> Sibling {
        if let Some(why) = &self.not_started {
            return Sibling {
                era: era::not_started(why),
                discover: self.discover,
                answered: false,
                exit: None,
                stderr_tail: Vec::new(),
                leftover: Vec::new(),
            };
        }
        let closed = self.closed();
        let answered = self.modern()
            || matches!(
                self.problem,
                Some(DiscoverProblem::Failed(Failure::RpcError { .. }))
            );
        let (exit, down) = match self.session {
            Some(mut session) => {
                if closed {
                    session.note_exit(Duration::from_secs(1));
                }
                let exit = session.exit.clone();
                (exit, session.shutdown())
            }
            None => (None, Default::default()),
        };
        let era = era::judge(
            &self.discover,
            self.problem.as_ref(),
            exit.as_ref(),
            &down.stderr_tail,
        );
        let mut discover = self.discover;
        discover.error = self.problem.as_ref().map(verdict::discover_error);
        Sibling {
            era,
            discover,
            answered,
            exit,
            stderr_tail: down.stderr_tail,
            leftover: down.leftover,
        }
    }
}

/// The era probe's sibling, done and shut down.
struct Sibling {
    era: EraVerdict,
    discover: Discover,
    /// It answered `server/discover` with a result or an error.
    answered: bool,
    exit: Option<ExitInfo>,
    stderr_tail: Vec<String>,
    leftover: Vec<Leftover>,
}

/// What became of the cowork lane's own copy in a round.
enum CoworkCopy {
    /// It was spoken to.
    Ran(Box<Attempt>),
    /// The sibling closed the connection: the app never starts it.
    NotAsked,
    /// The sibling gave no answer for the whole timeout: a third wait would
    /// cost as long again.
    NotTried,
}

struct Round {
    chat: Attempt,
    sibling: Sibling,
    cowork: Option<CoworkCopy>,
}

impl Round {
    /// What escaped any copy of a round that is being thrown away.
    fn all_leftover(&mut self) -> Vec<Leftover> {
        let mut l = std::mem::take(&mut self.chat.leftover);
        l.append(&mut self.sibling.leftover);
        if let Some(CoworkCopy::Ran(a)) = &mut self.cowork {
            l.append(&mut a.leftover);
        }
        l
    }
}

type Started = Result<Session, Judgement>;
type Spoken = Result<(Session, Handshake), Judgement>;

/// The cowork copy after the era verdict.
enum Own {
    Spoken(Box<Spoken>),
    NotAsked(Started),
    NotTried(Started),
}

/// All copies spawned at once (see the module doc). `slot` is the chat
/// copy's; the others take one each if there is one free (see `gate`),
/// each held until its own conversation ends.
fn overlapped(ctx: &Ctx, gate: &Gate, slot: Slot) -> Round {
    let sibling_slot = gate.try_enter();
    let own_slot = ctx.cowork_on.then(|| gate.try_enter()).flatten();
    let chat = super::start(ctx.spec, ctx.env, ctx.program);
    let sibling = super::start(ctx.spec, ctx.env, ctx.program);
    let own = ctx
        .cowork_on
        .then(|| super::start(ctx.spec, ctx.env, ctx.program));
    let limit = Limit::new(Instant::now() + ctx.timeout);
    std::thread::scope(|s| {
        let chat_thread = s.spawn(|| {
            let mut c = chat?;
            let started = c.started;
            let hs = handshake::run(&mut c, &ctx.chat, started, started + ctx.timeout);
            drop(slot);
            tighten(&limit, &hs, ctx.timeout);
            Ok((c, hs))
        });
        let asked = ask_era(sibling, ctx, &limit);
        drop(sibling_slot);
        let own = own.map(|w| converse_cowork(w, &asked, ctx));
        drop(own_slot);
        let sibling = s.spawn(|| asked.finish());
        let chat = chat_thread
            .join()
            .unwrap_or_else(|_| Err(thread_failed(ctx.spec)));
        let sibling = sibling.join().unwrap_or_else(|_| {
            Asked {
                session: None,
                discover: no_discover(),
                problem: None,
                not_started: Some(thread_failed(ctx.spec).message),
                waited: Duration::ZERO,
            }
            .finish()
        });
        finish_round(ctx, chat, sibling, own)
    })
}

/// The app's order: the chat copy alone first, then the sibling and the
/// cowork copy while it runs.
fn in_order(ctx: &Ctx, slot: Slot) -> Round {
    let chat = super::start(ctx.spec, ctx.env, ctx.program).map(|mut c| {
        let started = c.started;
        let hs = handshake::run(&mut c, &ctx.chat, started, started + ctx.timeout);
        (c, hs)
    });
    let limit = Limit::new(Instant::now() + ctx.timeout);
    if let Ok((_, hs)) = &chat {
        tighten(&limit, hs, ctx.timeout);
    }
    let asked = ask_era(super::start(ctx.spec, ctx.env, ctx.program), ctx, &limit);
    let own = ctx
        .cowork_on
        .then(|| converse_cowork(super::start(ctx.spec, ctx.env, ctx.program), &asked, ctx));
    drop(slot);
    finish_round(ctx, chat, asked.finish(), own)
}

fn no_discover() -> Discover {
    Discover {
        supported: false,
        versions: Vec::new(),
        tools: None,
        error: None,
    }
}

/// Shut the copies down (the cowork copy and the chat copy at once, the
/// chat copy only now that the cowork copy's conversation is over) and
/// judge them.
fn finish_round(ctx: &Ctx, chat: Spoken, sibling: Sibling, own: Option<Own>) -> Round {
    std::thread::scope(|s| {
        let own = own.map(|o| {
            s.spawn(move || match o {
                Own::Spoken(spoken) => CoworkCopy::Ran(Box::new(attempt_of(ctx, *spoken))),
                Own::NotAsked(session) => {
                    if let Ok(session) = session {
                        drop(session.shutdown());
                    }
                    CoworkCopy::NotAsked
                }
                Own::NotTried(session) => {
                    if let Ok(session) = session {
                        drop(session.shutdown());
                    }
                    CoworkCopy::NotTried
                }
            })
        });
        let chat = attempt_of(ctx, chat);
        let cowork = own.map(|h| h.join().unwrap_or(CoworkCopy::NotTried));
        Round {
            chat,
            sibling,
            cowork,
        }
    })
}

fn attempt_of(ctx: &Ctx, spoken: Spoken) -> Attempt {
    match spoken {
        Ok((session, hs)) => super::finish(ctx.spec, ctx.timeout, ctx.program, session, hs),
        Err(j) => Attempt::not_started(j, Some(ctx.program.to_path_buf()), Instant::now()),
    }
}

fn thread_failed(spec: &LaunchSpec) -> Judgement {
    verdict::spawn_failed(
        &spec.command,
        "mcpctl's probe thread failed (a bug, or out of threads)",
    )
}

/// Speak to the cowork copy the way the era verdict says (held back until
/// now): `server/discover` for a modern server, `initialize` otherwise;
/// its timings count from its first request.
fn converse_cowork(own: Started, asked: &Asked, ctx: &Ctx) -> Own {
    if asked.closed() {
        return Own::NotAsked(own);
    }
    if asked.waited_out(ctx.timeout) {
        return Own::NotTried(own);
    }
    Own::Spoken(Box::new(speak_cowork(own, asked.modern(), ctx)))
}

fn speak_cowork(own: Started, modern: bool, ctx: &Ctx) -> Spoken {
    own.map(|mut w| {
        let t = Instant::now();
        let hs = if modern {
            handshake::run_modern(&mut w, &ctx.cowork, t, t + ctx.timeout)
        } else {
            handshake::run(&mut w, &ctx.cowork, t, t + ctx.timeout)
        };
        (w, hs)
    })
}

/// Ask the sibling `server/discover`, waiting at most until `limit`.
fn ask_era(sibling: Started, ctx: &Ctx, limit: &Limit) -> Asked {
    let mut session = match sibling {
        Ok(s) => s,
        Err(j) => {
            return Asked {
                session: None,
                discover: no_discover(),
                problem: None,
                not_started: Some(j.message),
                waited: Duration::ZERO,
            };
        }
    };
    let started = session.started;
    let (discover, problem) = {
        let mut conn = Limited {
            conn: &mut session,
            limit,
        };
        handshake::discover(&mut conn, &ctx.cowork, started, started + ctx.timeout)
    };
    Asked {
        session: Some(session),
        discover,
        problem,
        not_started: None,
        waited: started.elapsed(),
    }
}

/// Once the chat copy has answered (or failed), the sibling need not wait
/// longer than about twice that (see `discover_budget`).
fn tighten(limit: &Limit, hs: &Handshake, timeout: Duration) {
    let timed_out = matches!(hs.failure, Some(Failure::TimedOut { .. }));
    if let Some(budget) = discover_budget(hs.first_reply, hs.elapsed, timed_out, timeout) {
        limit.tighten(limit.start + budget);
    }
}

/// Whether the chat copy may have lost a race to its siblings: it failed
/// in a way a second copy explains (its stderr names a port or a lock),
/// or it died while another copy of the same server answered.
fn raced(round: &Round) -> bool {
    let chat = &round.chat;
    if chat.judgement.verdict.is_ok() || chat.handshake.is_none() {
        return false;
    }
    if !matches!(
        chat.judgement.verdict,
        Verdict::ExitedEarly | Verdict::JsonrpcError | Verdict::Timeout
    ) {
        return false;
    }
    // a chat copy that died while another copy of the same command answered
    let died_alone = chat.judgement.verdict == Verdict::ExitedEarly
        && (round.sibling.answered
            || matches!(&round.cowork, Some(CoworkCopy::Ran(a))
                if a.handshake.as_ref().is_some_and(|h| h.first_reply.is_some())));
    died_alone || second_copy_cause(&chat.stderr_tail).is_some()
}

/// The cowork lane's report from a round, blaming a second copy when the
/// chat copy is healthy and the failing copy's stderr (or a launch alone)
/// says so. Returns what escaped any extra launch.
fn judge_cowork(
    ctx: &Ctx,
    chat: &Attempt,
    sibling: &Sibling,
    own: CoworkCopy,
    gate: &Gate,
) -> (LaneReport, Vec<Leftover>) {
    let chat_ok = chat.judgement.verdict.is_ok();
    let (base, which, tail, leftover) = match own {
        CoworkCopy::NotTried => return (not_tried(ctx, chat, sibling), Vec::new()),
        CoworkCopy::NotAsked => {
            let mut base = lane_report::era_probe_failed(
                Lane::Cowork,
                &ctx.cowork,
                sibling.era.clone(),
                sibling.exit.as_ref(),
                &sibling.stderr_tail,
            );
            if !chat_ok {
                // it dies in the chat lane too: that is the thing to fix
                if chat.judgement.hint.is_some() {
                    base.hint.clone_from(&chat.judgement.hint);
                }
                return (base, Vec::new());
            }
            (
                base,
                Which::EraProbe,
                sibling.stderr_tail.clone(),
                Vec::new(),
            )
        }
        CoworkCopy::Ran(mut own) => {
            let leftover = std::mem::take(&mut own.leftover);
            let base = lane_report::from_copy(copy_of(ctx, &own), Some(sibling.era.clone()));
            let verdict = own.judgement.verdict;
            let suspect = matches!(
                verdict,
                Verdict::ExitedEarly | Verdict::JsonrpcError | Verdict::Timeout
            );
            if base.ok || !chat_ok || !suspect {
                return (base, leftover);
            }
            if verdict == Verdict::Timeout && second_copy_cause(&own.stderr_tail).is_none() {
                // launching it again would cost the timeout again
                return (base, leftover);
            }
            (base, Which::LaneCopy, own.stderr_tail, leftover)
        }
    };
    blame_second_copy(ctx, gate, sibling, chat, (base, which, &tail), leftover)
}

/// `base` failed as a second copy (`which`, whose stderr is `tail`): the
/// cause from its stderr, or its verdict launched alone; restated as
/// `concurrent-copy` when either says another copy was the trouble.
fn blame_second_copy(
    ctx: &Ctx,
    gate: &Gate,
    sibling: &Sibling,
    chat: &Attempt,
    (base, which, tail): (LaneReport, Which, &[String]),
    mut leftover: Vec<Leftover>,
) -> (LaneReport, Vec<Leftover>) {
    let cause = second_copy_cause(tail);
    let alone = match cause {
        Some(_) => None,
        None => {
            let (verdict, mut left) = launch_alone(ctx, gate, which, sibling, chat);
            leftover.append(&mut left);
            Some(verdict)
        }
    };
    if cause.is_none() && alone != Some(Verdict::Ok) {
        return (base, leftover);
    }
    let second = SecondCopy {
        copy: which,
        cause: cause.as_ref().map(|c| c.0),
        line: cause.map(|c| c.1),
        alone,
    };
    (lane_report::concurrent_copy(base, second), leftover)
}

/// The failing copy once more, with no other copy of the server running:
/// its verdict, and what escaped it.
fn launch_alone(
    ctx: &Ctx,
    gate: &Gate,
    which: Which,
    sibling: &Sibling,
    chat: &Attempt,
) -> (Verdict, Vec<Leftover>) {
    let _slot = gate.enter();
    let started = super::start(ctx.spec, ctx.env, ctx.program);
    match which {
        Which::EraProbe => {
            let limit = Limit::new(Instant::now() + ctx.timeout);
            if let Some(first) = chat.handshake.as_ref() {
                tighten(&limit, first, ctx.timeout);
            }
            let again = ask_era(started, ctx, &limit).finish();
            let verdict = if again.era.closed {
                Verdict::EraProbeFailed
            } else {
                Verdict::Ok
            };
            (verdict, again.leftover)
        }
        Which::LaneCopy => {
            let modern = sibling.era.era == era::Era::Modern;
            let mut again = attempt_of(ctx, speak_cowork(started, modern, ctx));
            let verdict = lane_report::from_copy(copy_of(ctx, &again), None).verdict;
            (verdict, std::mem::take(&mut again.leftover))
        }
    }
}

fn copy_of<'a>(ctx: &'a Ctx, a: &'a Attempt) -> Copy<'a> {
    Copy {
        lane: Lane::Cowork,
        client: &ctx.cowork,
        judgement: &a.judgement,
        handshake: a.handshake.as_ref(),
        exit: a.exit.as_ref(),
        stderr_tail: &a.stderr_tail,
    }
}

/// The cowork lane when neither the chat copy nor the sibling answered in
/// time: its own copy was not asked (it would wait as long again).
fn not_tried(ctx: &Ctx, chat: &Attempt, sibling: &Sibling) -> LaneReport {
    let j = Judgement {
        verdict: Verdict::Timeout,
        phase: Some(handshake::Phase::Discover),
        message: format!(
            "not tried: the era probe's sibling did not answer server/discover within {}, and \
its own copy would only wait as long again",
            crate::text::human_secs(ctx.timeout.as_secs_f64())
        ),
        hint: chat.judgement.hint.clone(),
        stdout_line: None,
        stdout_kind: None,
    };
    lane_report::from_copy(
        Copy {
            lane: Lane::Cowork,
            client: &ctx.cowork,
            judgement: &j,
            handshake: None,
            exit: None,
            stderr_tail: &[],
        },
        Some(sibling.era.clone()),
    )
}

/// When the sibling must stop waiting: the timeout at first, brought
/// forward once the chat copy has answered.
struct Limit {
    start: Instant,
    at: Mutex<Instant>,
}

impl Limit {
    fn new(at: Instant) -> Limit {
        Limit {
            start: Instant::now(),
            at: Mutex::new(at),
        }
    }

    fn get(&self) -> Instant {
        *self.at.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn tighten(&self, to: Instant) {
        let mut at = self.at.lock().unwrap_or_else(|e| e.into_inner());
        if to < *at {
            *at = to;
        }
    }
}

/// How often a wait checks whether its limit moved.
const SLICE: Duration = Duration::from_millis(50);

/// A connection whose waits also end at a [`Limit`] that may move.
struct Limited<'a> {
    conn: &'a mut dyn Conn,
    limit: &'a Limit,
}

impl Conn for Limited<'_> {
    fn send(&mut self, msg: &Value) -> bool {
        self.conn.send(msg)
    }

    fn recv(&mut self, deadline: Instant) -> Event {
        loop {
            let until = deadline.min(self.limit.get());
            let now = Instant::now();
            if now >= until {
                return Event::TimedOut;
            }
            match self.conn.recv(until.min(now + SLICE)) {
                Event::TimedOut => continue,
                other => return other,
            }
        }
    }

    fn try_recv(&mut self) -> Option<Frame> {
        self.conn.try_recv()
    }
}
