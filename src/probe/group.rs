//! One server's copies, started the way the app starts them for its lanes:
//! the chat copy; the era probe's throw-away sibling, whose first request
//! is `server/discover`; and the Cowork/Code lane's own copy, which must
//! run while the chat copy is still running.
//!
//! The chat copy and the sibling are spawned at once, so process start-up
//! (the expensive part for Node and Python servers) overlaps, and the chat
//! copy is kept running until the cowork lane's conversation is over. The
//! sibling waits for `server/discover` about as long as the chat copy
//! needed to answer (`discover_budget`), so a server that ignores it costs
//! seconds, not the timeout.
//!
//! The sibling is already a second copy running beside the chat copy, and
//! the cowork lane's conversation is held back until the era verdict is
//! known; so, rather than start a third process, the lane goes on on the
//! sibling when it can: a modern server's `server/discover` and listings
//! (asked with the lane's `_meta`) are the lane's conversation already,
//! and a server that refused `server/discover` with an error is asked
//! `initialize` (the next id) as the lane. Whenever that does not go
//! through (no answer, junk, a failure), the lane gets a fresh copy of its
//! own, started then beside the chat copy, and its verdict is that copy's;
//! a failure on the sibling stands only when the chat copy, a fresh copy
//! itself, failed the same way (so a hung server costs its timeout once).
//!
//! Copies that start together can race for something only one may hold
//! (a port, a lock). When the chat copy fails in a way such a race
//! explains, everything is done again in the app's order (chat copy first,
//! then the others beside it). When the cowork lane fails beside a healthy
//! chat copy, the cause is read from the failing copy's stderr, or the copy
//! is launched once more alone: working alone, it fails only as a second
//! copy (`concurrent-copy`). A lane copy that says nothing beside the chat
//! copy (after a sibling that said nothing either) is not waited out: once
//! it has been silent for the sibling's budget, a third of the timeout or
//! 10 s, the other copies are stopped, and a copy that answers then was
//! waiting for them. Likewise a chat copy silent beside a sibling that
//! answered has the sibling stopped, and the round is done again in the
//! app's order; beside one silent for a third of the timeout, the sibling
//! is stopped and the round goes on.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::era::{self, EraVerdict};
use super::framing::{Frame, Incoming, classify};
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
    /// Judge the cowork lane (not only the era probe).
    cowork_on: bool,
}

/// Run the chat copy, the era probe and (with the cowork lane) the
/// cowork lane's conversation; `program` is the resolved command.
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
    let (mut round, redo) = overlapped(&ctx, gate, slot);
    if redo.unwrap_or_else(|| raced(&round)) {
        leftover.extend(round.all_leftover());
        round = in_order(&ctx, gate, gate.enter());
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

/// The era probe's sibling once asked, still running: the 2026-07-28
/// conversation it had (`server/discover`, then the listings when it
/// answered).
struct Asked {
    session: Option<Session>,
    hs: Handshake,
    /// Why it could not be started.
    not_started: Option<String>,
    /// From its spawn to the end of the probe.
    waited: Duration,
    /// Its wait for `server/discover` gave up early, the chat copy silent
    /// too (see [`give_up`]): as good as waited out.
    gave_up: bool,
}

impl Asked {
    fn outcome(&self) -> (Discover, Option<DiscoverProblem>) {
        handshake::discover_outcome(&self.hs, self.waited)
    }

    /// It closed the connection during the probe (or never started).
    fn closed(&self) -> bool {
        self.not_started.is_some()
            || matches!(
                self.outcome().1,
                Some(DiscoverProblem::Failed(Failure::Closed { .. }))
            )
    }

    /// It answered `server/discover` with a result: the server is modern.
    fn answered_discover(&self) -> bool {
        self.hs.discover_answered
    }

    /// It refused `server/discover` with a JSON-RPC error (legacy).
    fn refused(&self) -> bool {
        matches!(
            self.outcome().1,
            Some(DiscoverProblem::Failed(Failure::RpcError { .. }))
        )
    }

    /// It gave no answer to `server/discover` (for its budget, at least).
    fn unanswered(&self) -> bool {
        matches!(self.outcome().1, Some(DiscoverProblem::NoAnswer { .. }))
    }

    /// It gave no answer for the whole timeout.
    fn waited_out(&self, timeout: Duration) -> bool {
        self.unanswered() && (self.waited >= timeout || self.gave_up)
    }

    /// Shut it down (it is thrown away, as the app does) and judge it;
    /// `lane` is the cowork lane's conversation when it took place on the
    /// sibling, judged here as that lane's attempt.
    fn finish(self, ctx: &Ctx, lane: Option<Handshake>) -> (Sibling, Option<Attempt>) {
        let answered = self.answered_discover() || self.refused();
        // the lane's conversation was its server/discover one
        let carried_lane = lane.is_some() && self.answered_discover();
        let waited = self.waited;
        let closed = self.closed();
        let (mut discover, problem) = self.outcome();
        discover.error = problem.as_ref().map(verdict::discover_error);
        let Some(mut session) = self.session else {
            let why = self.not_started.unwrap_or_default();
            return (Sibling::not_started(&why, discover, waited), None);
        };
        let (exit, stderr_tail, leftover, attempt) = match lane {
            Some(hs) => {
                let a = super::finish(ctx.spec, ctx.timeout, ctx.program, session, hs);
                (a.exit.clone(), a.stderr_tail.clone(), Vec::new(), Some(a))
            }
            None => {
                if closed {
                    session.note_exit(Duration::from_secs(1));
                }
                let exit = session.exit.clone();
                let down = session.shutdown();
                (exit, down.stderr_tail, down.leftover, None)
            }
        };
        let era = era::judge(&discover, problem.as_ref(), exit.as_ref(), &stderr_tail);
        let sibling = Sibling {
            era,
            discover,
            answered,
            exit,
            stderr_tail,
            leftover,
            waited,
            carried_lane,
        };
        (sibling, attempt)
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
    /// From its launch to the end of the era probe (its last reply).
    waited: Duration,
    /// The cowork lane's conversation was its `server/discover` one (so
    /// the lane's attempt counts from the sibling's launch).
    carried_lane: bool,
}

impl Sibling {
    fn not_started(why: &str, discover: Discover, waited: Duration) -> Sibling {
        Sibling {
            era: era::not_started(why),
            discover,
            answered: false,
            exit: None,
            stderr_tail: Vec::new(),
            leftover: Vec::new(),
            waited,
            carried_lane: false,
        }
    }
}

/// What became of the cowork lane's conversation in a round.
enum CoworkCopy {
    /// It took place (on the sibling or on a copy of its own).
    Ran(Box<Attempt>),
    /// Its own copy said nothing while the chat copy ran, and answered
    /// only once mcpctl stopped the other copies (see [`speak_beside`]).
    Released(Box<Attempt>, Release),
    /// The sibling closed the connection: the app never goes on.
    NotAsked,
    /// Neither the sibling nor the chat copy answered for the whole
    /// timeout: another wait would cost as long again.
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
        if let Some(CoworkCopy::Ran(a) | CoworkCopy::Released(a, _)) = &mut self.cowork {
            l.append(&mut a.leftover);
        }
        l
    }
}

type Started = Result<Session, Judgement>;
type Spoken = Result<(Session, Handshake), Judgement>;

/// The cowork lane's conversation after the era verdict, before shutdown.
enum Own {
    /// It took place on the sibling.
    OnSibling(Box<Handshake>),
    /// On a copy of its own (released: the other copies were stopped to
    /// see whether it waited for them, and it answered then).
    Fresh(Box<Spoken>, Option<Release>),
    NotAsked,
    NotTried,
}

/// The chat copy and the sibling spawned at once (see the module doc).
/// `slot` is the chat copy's; the sibling and a fresh cowork copy take one
/// each if one is free (see `gate`), held until their conversations end.
/// With the round, whether it must be done again in the app's order when
/// the sibling was stopped for the chat copy ([`release_for_chat`]): yes
/// when it had answered and the chat copy then did; no when the sibling
/// was silent too (the chat copy's verdict holds); `None` when nothing
/// was stopped ([`raced`] decides).
fn overlapped(ctx: &Ctx, gate: &Gate, slot: Slot) -> (Round, Option<bool>) {
    let sibling_slot = gate.try_enter();
    let chat = super::start(ctx.spec, ctx.env, ctx.program);
    let sibling = super::start(ctx.spec, ctx.env, ctx.program);
    let heard = AtomicBool::new(false);
    let now = Instant::now();
    let limit = Limit::watching(now + ctx.timeout, now + give_up(ctx.timeout), &heard);
    let (done, finished) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        let chat_thread = s.spawn(|| {
            let _done = done;
            let mut c = chat?;
            let started = c.started;
            let mut conn = Heard {
                conn: &mut c,
                heard: &heard,
            };
            let hs = handshake::run(&mut conn, &ctx.chat, started, started + ctx.timeout);
            drop(slot);
            tighten(&limit, &hs, ctx.timeout);
            Ok((c, hs))
        });
        let mut asked = ask_era(sibling, ctx, &limit);
        // (not a wait the chat copy's early failure shortened)
        asked.gave_up = asked.unanswered()
            && asked.waited < ctx.timeout
            && asked.waited >= give_up(ctx.timeout)
            && !heard.load(Ordering::SeqCst);
        let stage = ctx.cowork_on.then(|| lane_on_sibling(&mut asked, ctx));
        drop(sibling_slot);
        let released = release_for_chat(&finished, &heard, &mut asked, ctx);
        let mut chat = chat_thread
            .join()
            .unwrap_or_else(|_| Err(thread_failed(ctx.spec)));
        let first = match &chat {
            Ok((_, hs)) => hs.first_reply,
            Err(_) => None,
        };
        let redo = match released {
            Stopped::No => None,
            Stopped::AnsweredSibling => Some(first.is_some()),
            // the round goes on: a chat copy that answered once a silent
            // sibling was stopped may have waited for it or only been slow
            // to start (no timing tells them apart), and its verdict holds
            // either way; one that stayed silent hangs alone too
            Stopped::SilentSibling => Some(false),
        };
        // a round done again needs no lane copy of its own
        let own = stage.map(|st| {
            if redo == Some(true) {
                Own::NotTried
            } else {
                settle(st, &mut chat, &mut asked, ctx, gate)
            }
        });
        (finish_round(ctx, chat, asked, own), redo)
    })
}

/// Started together, the sibling may take what the chat copy then waits
/// for without a word (a lock), which the app, starting the chat copy
/// first, never sees. When the sibling answered and the chat copy has
/// said nothing for the sibling's budget (as in [`release_budget`]), the
/// sibling, its conversations over, is stopped (its stdin closed) rather
/// than the chat copy waited out; so is a sibling that gave up, silent
/// beside a silent chat copy. Which of the two was done, if any.
fn release_for_chat(
    finished: &mpsc::Receiver<()>,
    heard: &AtomicBool,
    asked: &mut Asked,
    ctx: &Ctx,
) -> Stopped {
    // both silent until the sibling's wait gave up (see `give_up`): the
    // sibling may hold what the chat copy waits for, saying nothing (it
    // ignores server/discover); a hung server stays hung
    let gave_up = asked.gave_up;
    let first = asked.hs.first_reply;
    let Some(session) = asked.session.as_mut() else {
        return Stopped::No;
    };
    let Some(first) = first else {
        if gave_up {
            session.close_stdin();
            return Stopped::SilentSibling;
        }
        return Stopped::No;
    };
    let Some(budget) = discover_budget(Some(first), asked.hs.elapsed, false, ctx.timeout)
        .filter(|b| *b + RELEASE_ROOM <= ctx.timeout)
    else {
        return Stopped::No;
    };
    let left = budget.saturating_sub(session.started.elapsed());
    match finished.recv_timeout(left) {
        Err(RecvTimeoutError::Timeout) if !heard.load(Ordering::SeqCst) => {
            session.close_stdin();
            Stopped::AnsweredSibling
        }
        _ => Stopped::No,
    }
}

/// Whether [`release_for_chat`] stopped the sibling, and which.
enum Stopped {
    No,
    /// It answered, the chat copy did not: the round is done again.
    AnsweredSibling,
    /// Neither answered: the round goes on, the chat copy's verdict
    /// standing.
    SilentSibling,
}

/// When a silent sibling stops waiting for `server/discover` while the
/// chat copy has said nothing either, so that a sibling holding what the
/// chat copy waits for is stopped: a third of the timeout (a server that
/// is simply slow to start has that long), when that leaves
/// [`RELEASE_ROOM`].
fn give_up(timeout: Duration) -> Duration {
    let third = timeout / 3;
    if third + RELEASE_ROOM <= timeout {
        third
    } else {
        timeout
    }
}

/// The app's order: the chat copy alone first, then the sibling and the
/// cowork lane while it runs.
fn in_order(ctx: &Ctx, gate: &Gate, slot: Slot) -> Round {
    let mut chat = super::start(ctx.spec, ctx.env, ctx.program).map(|mut c| {
        let started = c.started;
        let hs = handshake::run(&mut c, &ctx.chat, started, started + ctx.timeout);
        (c, hs)
    });
    let limit = Limit::new(Instant::now() + ctx.timeout);
    if let Ok((_, hs)) = &chat {
        tighten(&limit, hs, ctx.timeout);
    }
    let mut asked = ask_era(super::start(ctx.spec, ctx.env, ctx.program), ctx, &limit);
    let own = ctx.cowork_on.then(|| {
        let stage = lane_on_sibling(&mut asked, ctx);
        settle(stage, &mut chat, &mut asked, ctx, gate)
    });
    drop(slot);
    finish_round(ctx, chat, asked, own)
}

/// Where the cowork lane's conversation stands once the sibling has been
/// asked (and, when it refused `server/discover`, asked `initialize` as
/// the lane).
enum Stage {
    Settled(Own),
    /// The sibling said nothing for the whole timeout (or until it gave
    /// up, the chat copy silent too): the chat copy decides whether the
    /// lane's own copy is worth a wait.
    Silent,
    /// The lane's conversation on the sibling failed: a fresh copy decides,
    /// unless the chat copy (itself a fresh copy) failed the same way.
    SiblingFailed(Box<Handshake>),
    /// The sibling cannot carry the lane: a fresh copy is needed.
    Fresh,
}

/// The cowork lane's conversation, held back until the era verdict: on the
/// sibling when it can go on there (see the module doc).
fn lane_on_sibling(asked: &mut Asked, ctx: &Ctx) -> Stage {
    if asked.closed() {
        return Stage::Settled(Own::NotAsked);
    }
    if asked.waited_out(ctx.timeout) {
        return Stage::Silent;
    }
    if asked.answered_discover() && asked.hs.failure.is_none() {
        // its server/discover and listings were the lane's conversation
        return Stage::Settled(Own::OnSibling(Box::new(asked.hs.clone())));
    }
    let next_id = asked.hs.next_id;
    let refused = asked.refused();
    let Some(session) = asked.session.as_mut().filter(|_| refused) else {
        return Stage::Fresh;
    };
    let t = Instant::now();
    let hs = handshake::run_after(session, &ctx.cowork, t, t + ctx.timeout, next_id);
    if hs.failure.is_none() {
        Stage::Settled(Own::OnSibling(Box::new(hs)))
    } else {
        Stage::SiblingFailed(Box::new(hs))
    }
}

/// The lane's conversation once the chat copy is done: a failure on the
/// sibling stands when the chat copy failed the same way (same kind, same
/// phase), else a fresh copy is started now, beside the still running
/// chat copy, and its verdict is the lane's. A sibling silent for the
/// whole timeout is the app's "did not complete the exchange": legacy,
/// and the lane goes on with `initialize` on a copy of its own, unless the
/// chat copy never answered either (the server is hung, not deaf to
/// `server/discover`: the lane's copy would only wait as long again).
/// After a sibling that did not answer, the lane's copy is spoken to
/// beside the others ([`speak_beside`]).
fn settle(stage: Stage, chat: &mut Spoken, asked: &mut Asked, ctx: &Ctx, gate: &Gate) -> Own {
    let chat_answered = matches!(chat, Ok((_, hs)) if hs.first_reply.is_some());
    let silent = asked.unanswered();
    match stage {
        Stage::Settled(own) => own,
        Stage::Silent if !chat_answered => Own::NotTried,
        Stage::SiblingFailed(hs) if failed_alike(chat, &hs) => Own::OnSibling(hs),
        Stage::Silent | Stage::SiblingFailed(_) | Stage::Fresh => {
            let _slot = gate.try_enter();
            let fresh = super::start(ctx.spec, ctx.env, ctx.program);
            let modern = asked.answered_discover();
            match release_budget(chat, ctx.timeout).filter(|_| silent) {
                Some(budget) => {
                    let (spoken, release) = speak_beside(fresh, modern, ctx, budget, || {
                        stop_others(chat, asked);
                    });
                    Own::Fresh(Box::new(spoken), release)
                }
                None => Own::Fresh(
                    Box::new(speak_cowork(fresh, modern, ctx, ctx.timeout)),
                    None,
                ),
            }
        }
    }
}

/// How long the lane's own copy may say nothing beside a healthy chat copy
/// before mcpctl stops the other copies to see whether it waits for them:
/// the era probe's budget (twice the chat copy's time to its first reply,
/// plus [`super::DISCOVER_GRACE`]), a third of the timeout or
/// [`RELEASE_FLOOR`], whichever is longest (a second copy slow to start,
/// for its own reasons, answers within that: 20 s by default), when that
/// leaves room before the
/// timeout; `None` otherwise (the lane's copy then gets the whole timeout
/// beside the chat copy, and a launch alone decides). Whenever it answers
/// after the release, it was waiting for the others: a copy waiting for a
/// lock may answer only once two copies before it have exited.
fn release_budget(chat: &Spoken, timeout: Duration) -> Option<Duration> {
    let Ok((_, hs)) = chat else {
        return None;
    };
    let first = hs.first_reply.filter(|_| hs.failure.is_none())?;
    discover_budget(Some(first), hs.elapsed, false, timeout)
        .map(|b| b.max(timeout / 3).max(RELEASE_FLOOR))
        .filter(|b| *b + RELEASE_ROOM <= timeout)
}

/// What the lane's copy must have left of its timeout once the other
/// copies are stopped, for the release to be worth doing.
const RELEASE_ROOM: Duration = Duration::from_secs(2);

/// The least a lane's copy is given before the release, whatever the
/// timeout: a copy slower than that to start, beside the chat copy only,
/// would be taken for one that waits for it.
const RELEASE_FLOOR: Duration = Duration::from_secs(10);

/// Stop the chat copy and the sibling the way MCP's stdio shutdown
/// begins (their stdin closed): both conversations are over, and what
/// they hold (a lock) is freed when they exit. Their verdicts stand as
/// they were; the rest of their shutdown comes with the round's.
fn stop_others(chat: &mut Spoken, asked: &mut Asked) {
    if let Ok((session, _)) = chat {
        session.close_stdin();
    }
    if let Some(session) = asked.session.as_mut() {
        session.close_stdin();
    }
}

/// The lane's own copy said nothing for `silent` beside the other copies;
/// once they were stopped, it answered `answered_in` later.
#[derive(Debug, Clone, Copy)]
struct Release {
    silent: Duration,
    answered_in: Duration,
}

/// The lane's own copy, spoken to as [`speak_cowork`] does, beside the
/// chat copy and a sibling that was silent: when it has said nothing after
/// `budget`, `release` stops the other copies. A copy waiting for what the
/// chat copy holds (a lock: it waits without a word) then answers, and
/// the lane is `concurrent-copy` well before the whole timeout and a
/// launch alone. The release and how soon after it the copy answered,
/// when it did.
fn speak_beside(
    own: Started,
    modern: bool,
    ctx: &Ctx,
    budget: Duration,
    release: impl FnOnce(),
) -> (Spoken, Option<Release>) {
    let mut session = match own {
        Ok(s) => s,
        Err(j) => return (Err(j), None),
    };
    let heard = AtomicBool::new(false);
    let (done, finished) = mpsc::channel::<()>();
    let t = Instant::now();
    let (hs, release) = std::thread::scope(|s| {
        let lane = s.spawn(|| {
            let _done = done;
            let mut conn = Heard {
                conn: &mut session,
                heard: &heard,
            };
            let deadline = t + ctx.timeout;
            if modern {
                handshake::run_modern(&mut conn, &ctx.cowork, t, deadline)
            } else {
                handshake::run(&mut conn, &ctx.cowork, t, deadline)
            }
        });
        let released = match finished.recv_timeout(budget) {
            Err(RecvTimeoutError::Timeout) if !heard.load(Ordering::SeqCst) => {
                release();
                Some(t.elapsed())
            }
            _ => None,
        };
        let hs = lane.join().ok();
        let answered = hs.as_ref().and_then(|h| h.first_reply);
        let release = released.and_then(|silent| {
            answered.filter(|f| *f >= silent).map(|f| Release {
                silent,
                answered_in: f - silent,
            })
        });
        (hs, release)
    });
    match hs {
        Some(hs) => (Ok((session, hs)), release),
        None => (Err(thread_failed(ctx.spec)), None),
    }
}

/// A connection that notes when anything at all comes from the server.
struct Heard<'a> {
    conn: &'a mut Session,
    heard: &'a AtomicBool,
}

impl Conn for Heard<'_> {
    fn send(&mut self, msg: &Value) -> bool {
        self.conn.send(msg)
    }

    fn recv(&mut self, deadline: Instant) -> Event {
        let e = self.conn.recv(deadline);
        if matches!(e, Event::Frame(_)) {
            self.heard.store(true, Ordering::SeqCst);
        }
        e
    }

    fn try_recv(&mut self) -> Option<Frame> {
        let f = self.conn.try_recv();
        if f.is_some() {
            self.heard.store(true, Ordering::SeqCst);
        }
        f
    }

    fn pending_line(&self) -> u64 {
        self.conn.pending_line()
    }
}

/// The chat copy failed the way `hs` did: the same kind of failure in the
/// same phase.
fn failed_alike(chat: &Spoken, hs: &Handshake) -> bool {
    let (Ok((_, chat)), Some(theirs)) = (chat, &hs.failure) else {
        return false;
    };
    chat.failure.as_ref().is_some_and(|ours| {
        std::mem::discriminant(ours) == std::mem::discriminant(theirs)
            && ours.phase() == theirs.phase()
    })
}

fn no_discover() -> Discover {
    Discover {
        supported: false,
        versions: Vec::new(),
        tools: None,
        error: None,
    }
}

/// Shut every copy down at once (the chat copy only now that the cowork
/// lane's conversation is over) and judge them; the sibling is judged as
/// the era probe and, when the lane's conversation took place on it, as
/// the lane's attempt too.
fn finish_round(ctx: &Ctx, chat: Spoken, asked: Asked, own: Option<Own>) -> Round {
    let (lane_hs, fresh, settled) = match own {
        Some(Own::OnSibling(hs)) => (Some(*hs), None, None),
        Some(Own::Fresh(spoken, release)) => (None, Some((*spoken, release)), None),
        Some(Own::NotAsked) => (None, None, Some(CoworkCopy::NotAsked)),
        Some(Own::NotTried) => (None, None, Some(CoworkCopy::NotTried)),
        None => (None, None, None),
    };
    let on_sibling = lane_hs.is_some();
    std::thread::scope(|s| {
        let sibling = s.spawn(move || asked.finish(ctx, lane_hs));
        let fresh =
            fresh.map(|(spoken, release)| s.spawn(move || (attempt_of(ctx, spoken), release)));
        let chat = attempt_of(ctx, chat);
        let (sibling, lane_attempt) = sibling.join().unwrap_or_else(|_| {
            let why = thread_failed(ctx.spec).message;
            (
                Sibling::not_started(&why, no_discover(), Duration::ZERO),
                None,
            )
        });
        let cowork = match (fresh, lane_attempt) {
            (Some(h), _) => Some(h.join().map_or(
                CoworkCopy::NotTried,
                |(a, release)| match release {
                    Some(r) => CoworkCopy::Released(Box::new(a), r),
                    None => CoworkCopy::Ran(Box::new(a)),
                },
            )),
            (None, Some(a)) => Some(CoworkCopy::Ran(Box::new(a))),
            (None, None) => settled.or(on_sibling.then_some(CoworkCopy::NotTried)),
        };
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

/// Speak to a copy of the cowork lane's own: `server/discover` for a
/// modern server, `initialize` otherwise; its timings count from its first
/// request.
fn speak_cowork(own: Started, modern: bool, ctx: &Ctx, timeout: Duration) -> Spoken {
    own.map(|mut w| {
        let t = Instant::now();
        let hs = if modern {
            handshake::run_modern(&mut w, &ctx.cowork, t, t + timeout)
        } else {
            handshake::run(&mut w, &ctx.cowork, t, t + timeout)
        };
        (w, hs)
    })
}

/// Ask the sibling `server/discover` (and, when it answers, list it the
/// 2026-07-28 way, as the cowork lane), waiting for the first answer at
/// most until `limit`.
fn ask_era(sibling: Started, ctx: &Ctx, limit: &Limit<'_>) -> Asked {
    let mut session = match sibling {
        Ok(s) => s,
        Err(j) => {
            return Asked {
                session: None,
                hs: Handshake::default(),
                not_started: Some(j.message),
                waited: Duration::ZERO,
                gave_up: false,
            };
        }
    };
    let started = session.started;
    let hs = {
        let mut conn = Limited {
            conn: &mut session,
            limit,
            answered: false,
        };
        handshake::run_modern(&mut conn, &ctx.cowork, started, started + ctx.timeout)
    };
    Asked {
        session: Some(session),
        hs,
        not_started: None,
        waited: started.elapsed(),
        gave_up: false,
    }
}

/// Once the chat copy has answered (or failed), the sibling need not wait
/// longer than about twice that (see `discover_budget`).
fn tighten(limit: &Limit<'_>, hs: &Handshake, timeout: Duration) {
    let timed_out = matches!(hs.failure, Some(Failure::TimedOut { .. }));
    if let Some(budget) = discover_budget(hs.first_reply, hs.elapsed, timed_out, timeout) {
        limit.tighten(limit.start + budget);
    }
}

/// Whether the chat copy may have lost a race to its siblings: it failed
/// in a way a second copy explains (its stderr names a port or a lock),
/// or it died or hung while another copy of the same server answered (a
/// server that waits for a lock the first copy holds: started together,
/// the other copy may take it first, where the app starts chat first), or
/// it hung after answering while the lane's whole conversation went
/// through on another copy (a lock taken after initialize).
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
    // another copy of the same command got through its handshake: the
    // lane's copy answered, or the sibling answered server/discover with a
    // result (a refusal is no proof: a server hung on `initialize` refuses
    // server/discover too)
    let lane_answered = matches!(&round.cowork, Some(CoworkCopy::Ran(a) | CoworkCopy::Released(a, _))
        if a.handshake.as_ref().is_some_and(|h| h.first_reply.is_some()));
    let other_served = lane_answered || round.sibling.era.era == era::Era::Modern;
    // a chat copy that died while another copy answered, or that never
    // answered (waiting for what another copy took) while another got
    // through; one that answered and hung later lost no race
    let chat_answered = chat
        .handshake
        .as_ref()
        .is_some_and(|h| h.first_reply.is_some());
    // a chat copy that answered and then hung (on a lock it takes after
    // initialize) while the lane's conversation, as far as the listings,
    // went through on another copy lost a race too
    let lane_through = matches!(&round.cowork, Some(CoworkCopy::Ran(a))
        if a.judgement.verdict.is_ok());
    let lost = match chat.judgement.verdict {
        Verdict::ExitedEarly => round.sibling.answered || lane_answered,
        Verdict::Timeout => (!chat_answered && other_served) || lane_through,
        _ => false,
    };
    lost || second_copy_cause(&chat.stderr_tail).is_some()
}

/// The cowork lane's report from a round, blaming a second copy when the
/// chat copy is healthy and the failing copy's stderr (or a launch alone)
/// says so, with the lane's time: the era probe, the lane's own
/// conversation (on the sibling, or on a copy of its own) and a launch
/// alone. Returns what escaped any extra launch.
fn judge_cowork(
    ctx: &Ctx,
    chat: &Attempt,
    sibling: &Sibling,
    own: CoworkCopy,
    gate: &Gate,
) -> (LaneReport, Vec<Leftover>) {
    let t = Instant::now();
    let era = if sibling.carried_lane {
        // the lane's attempt is the era probe's conversation
        Duration::ZERO
    } else {
        sibling.waited
    };
    let conversation = match &own {
        CoworkCopy::Ran(a) | CoworkCopy::Released(a, _) => a.elapsed,
        CoworkCopy::NotAsked | CoworkCopy::NotTried => Duration::ZERO,
    };
    let (report, leftover) = judge_cowork_copy(ctx, chat, sibling, own, gate);
    (
        report.took(Some(era + conversation + t.elapsed())),
        leftover,
    )
}

/// [`judge_cowork`]'s verdict.
fn judge_cowork_copy(
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
                Again::EraProbe,
                sibling.stderr_tail.clone(),
                Vec::new(),
            )
        }
        CoworkCopy::Released(mut own, r) => {
            let leftover = std::mem::take(&mut own.leftover);
            let base = lane_report::from_copy(copy_of(ctx, &own), Some(sibling.era.clone()));
            let waited = lane_report::waited_beside_chat(base, r.silent, r.answered_in);
            return (waited, leftover);
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
            (base, Again::LaneCopy, own.stderr_tail, leftover)
        }
    };
    blame_second_copy(ctx, gate, sibling, chat, (base, which, &tail), leftover)
}

/// Which copy a lane failed on beside the chat copy, to launch once more
/// alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Again {
    /// The era probe's sibling, which closed the connection: alone, it
    /// passes unless it closes it again.
    EraProbe,
    /// The lane's own copy.
    LaneCopy,
}

/// `base` failed as a second copy (`which`, whose stderr is `tail`): the
/// cause from its stderr, or its verdict launched alone; restated as
/// `concurrent-copy` when either says another copy was the trouble.
fn blame_second_copy(
    ctx: &Ctx,
    gate: &Gate,
    sibling: &Sibling,
    chat: &Attempt,
    (base, which, tail): (LaneReport, Again, &[String]),
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
        copy: match which {
            Again::EraProbe => Which::EraProbe,
            Again::LaneCopy => Which::LaneCopy,
        },
        cause: cause.as_ref().map(|c| c.0),
        line: cause.map(|c| c.1),
        alone,
        waited_ms: None,
    };
    (lane_report::concurrent_copy(base, second), leftover)
}

/// What a copy launched alone gets beyond twice the chat copy's time to
/// its first reply.
const ALONE_GRACE: Duration = Duration::from_secs(1);

/// The failing copy once more, with no other copy of the server running:
/// its verdict, and what escaped it.
fn launch_alone(
    ctx: &Ctx,
    gate: &Gate,
    which: Again,
    sibling: &Sibling,
    chat: &Attempt,
) -> (Verdict, Vec<Leftover>) {
    let _slot = gate.enter();
    let started = super::start(ctx.spec, ctx.env, ctx.program);
    // alone, a copy answers about as fast as the chat copy did (one that
    // hung beside it, waiting for a lock it held, too): it is given twice
    // that and a second, not the timeout again (a server that hangs alone
    // too then costs little)
    let hung_budget = chat
        .handshake
        .as_ref()
        .and_then(|h| h.first_reply)
        .map_or(ctx.timeout, |f| {
            (f.saturating_mul(2) + ALONE_GRACE).min(ctx.timeout)
        });
    match which {
        Again::EraProbe => {
            let limit = Limit::new(Instant::now() + ctx.timeout);
            if let Some(first) = chat.handshake.as_ref() {
                tighten(&limit, first, ctx.timeout);
            }
            let (again, _) = ask_era(started, ctx, &limit).finish(ctx, None);
            let verdict = if again.era.closed {
                Verdict::EraProbeFailed
            } else {
                Verdict::Ok
            };
            (verdict, again.leftover)
        }
        Again::LaneCopy => {
            let modern = sibling.era.era == era::Era::Modern;
            let mut again = attempt_of(ctx, speak_cowork(started, modern, ctx, hung_budget));
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
            // (the sibling's wait, as its era detail says: not --timeout)
            crate::text::human_secs(give_up(ctx.timeout).as_secs_f64())
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
struct Limit<'a> {
    start: Instant,
    at: Mutex<Instant>,
    /// Also give up at this instant while the chat copy has said nothing
    /// (see [`release_for_chat`]).
    watch: Option<(Instant, &'a AtomicBool)>,
}

impl<'a> Limit<'a> {
    fn new(at: Instant) -> Limit<'a> {
        Limit {
            start: Instant::now(),
            at: Mutex::new(at),
            watch: None,
        }
    }

    /// [`Limit::new`], and `give_up` while `chat_heard` is false.
    fn watching(at: Instant, give_up: Instant, chat_heard: &'a AtomicBool) -> Limit<'a> {
        Limit {
            watch: Some((give_up, chat_heard)),
            ..Limit::new(at)
        }
    }

    fn get(&self) -> Instant {
        let at = *self.at.lock().unwrap_or_else(|e| e.into_inner());
        match self.watch {
            Some((give_up, heard)) if !heard.load(Ordering::SeqCst) => at.min(give_up),
            _ => at,
        }
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

/// A connection whose waits for the first answer also end at a
/// [`Limit`] that may move (the era probe's budget; the listings after an
/// answer get the whole timeout).
struct Limited<'a> {
    conn: &'a mut dyn Conn,
    limit: &'a Limit<'a>,
    answered: bool,
}

impl Conn for Limited<'_> {
    fn send(&mut self, msg: &Value) -> bool {
        self.conn.send(msg)
    }

    fn recv(&mut self, deadline: Instant) -> Event {
        if self.answered {
            return self.conn.recv(deadline);
        }
        loop {
            let until = deadline.min(self.limit.get());
            let now = Instant::now();
            if now >= until {
                return Event::TimedOut;
            }
            match self.conn.recv(until.min(now + SLICE)) {
                Event::TimedOut => continue,
                Event::Frame(f) => {
                    self.answered = matches!(classify(&f), Incoming::Response { .. });
                    return Event::Frame(f);
                }
                other => return other,
            }
        }
    }

    fn try_recv(&mut self) -> Option<Frame> {
        self.conn.try_recv()
    }
}
