//! One tool call, the way the app makes it: launch the server as
//! [`super::probe`] does (same environment, same resolution, same
//! verdicts), run the handshake and listings, check the tool is listed,
//! send `tools/call` with the arguments, and shut the server down on
//! every path (no process left). The launch is reported as `test-launch`
//! reports it; the call's own outcome beside it.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::handshake::{self, Failure, Handshake};
use super::verdict::{self, Facts, Judgement};
use super::{Attempt, LaunchSpec, ProbeOptions, ProbeReport, launch_env, locate, start};
use crate::platform::HostEnv;

/// What calling the tool came to.
#[derive(Debug, Clone)]
pub enum Called {
    /// The launch or the handshake failed (`report` says how): the tool
    /// was not called.
    NotReached,
    /// The server does not list the tool; the names it lists.
    UnknownTool(Vec<String>),
    /// The server answered `tools/call` (the raw result; it may still
    /// carry `isError: true`).
    Answered { result: Value, took: Duration },
    /// The call itself failed: no answer in time, the server exited, an
    /// error reply, junk on stdout.
    Failed(Judgement),
    /// The server answered, but the app's MCP client refuses the result
    /// (`schemas::call_rejects`): the model gets an error instead.
    Refused {
        result: Value,
        took: Duration,
        judgement: Judgement,
    },
}

/// The launch (as `test-launch` reports it) and the call.
#[derive(Debug, Clone)]
pub struct CallOutcome {
    pub report: ProbeReport,
    pub called: Called,
    /// The server's last stderr lines, also when the launch went well.
    pub stderr_tail: Vec<String>,
}

/// Launch `spec`, call `tool` with `arguments` (a JSON object), stop the
/// server. `opts.timeout` bounds the launch and the handshake, and again
/// the call.
pub fn call(
    spec: &LaunchSpec,
    opts: &ProbeOptions,
    host: &HostEnv,
    tool: &str,
    arguments: &Value,
) -> CallOutcome {
    let env = launch_env(spec, opts.env_mode, host);
    let t0 = Instant::now();
    let not_reached = |j: Judgement, resolved| CallOutcome {
        report: Attempt::not_started(j, resolved, t0).report(spec),
        called: Called::NotReached,
        stderr_tail: Vec::new(),
    };
    let program = match locate(spec, &env, opts) {
        Ok(p) => p,
        Err(j) => return not_reached(j, None),
    };
    let mut session = match start(spec, &env, &program) {
        Ok(s) => s,
        Err(j) => return not_reached(j, Some(program)),
    };
    let started = session.started;
    // as the chat lane (the connection the app calls tools on)
    let client = super::group::client(super::Lane::Chat, &spec.name);
    let hs = handshake::run(&mut session, &client, started, started + opts.timeout);
    // a listing the app's client rejects whole leaves the app no tool to call
    let reached = hs.failure.is_none() && hs.client_rejects.is_none();
    let sent = match () {
        _ if !reached => None,
        _ if !hs.tools.iter().any(|t| t.name == tool) => None,
        _ => {
            let t1 = Instant::now();
            let r = handshake::call_tool(
                &mut session,
                &client,
                t1 + opts.timeout,
                hs.next_id,
                tool,
                arguments.clone(),
            );
            Some((r, t1.elapsed()))
        }
    };
    let closed = |f: &Option<Failure>| matches!(f, Some(Failure::Closed { .. }));
    let call_closed = matches!(&sent, Some((Err(Failure::Closed { .. }), _)));
    let timed_out = matches!(hs.failure, Some(Failure::TimedOut { .. }))
        || matches!(&sent, Some((Err(Failure::TimedOut { .. }), _)));
    if closed(&hs.failure) || call_closed {
        session.note_exit(Duration::from_secs(1));
    } else if timed_out {
        // gone without closing its stdout (a child of its holds it)? as
        // test-launch asks (probe::finish)
        session.note_exit(Duration::ZERO);
    }
    let exit = session.exit.clone();
    let down = session.shutdown();
    let facts = Facts {
        command: &spec.command,
        timeout: opts.timeout,
        exit: exit.as_ref(),
        stderr_tail: &down.stderr_tail,
    };
    let judgement = match &hs.failure {
        Some(f) => verdict::judge_failure(f, &facts),
        None => verdict::judge_success(&hs, &spec.command),
    };
    let called = match sent {
        _ if !reached => Called::NotReached,
        None => Called::UnknownTool(listed(&hs)),
        Some((Ok(result), took)) => {
            match super::schemas::call_rejects(&result, output_schema(&hs, tool)) {
                None => Called::Answered { result, took },
                Some(why) => Called::Refused {
                    result,
                    took,
                    judgement: verdict::call_refused(tool, &why),
                },
            }
        }
        Some((Err(f), _)) => Called::Failed(verdict::judge_failure(&f, &facts)),
    };
    let attempt = Attempt {
        judgement,
        resolved: Some(program),
        elapsed: hs.elapsed,
        handshake: Some(hs),
        exit,
        stderr_tail: down.stderr_tail.clone(),
        leftover: down.leftover,
    };
    CallOutcome {
        report: attempt.report(spec),
        called,
        stderr_tail: down.stderr_tail,
    }
}

/// The `outputSchema` the listing declared for `tool`.
/// The output schema the app's client checks `tool`'s result against: its
/// own, unless an earlier tool's has the same `$id`, which the client's
/// Ajv compiled first and hands back for that `$id` (`getSchema`).
fn output_schema<'a>(hs: &'a Handshake, tool: &str) -> Option<&'a Value> {
    let own = hs
        .tool_defs
        .iter()
        .find(|t| t.get("name").and_then(Value::as_str) == Some(tool))?
        .get("outputSchema")?;
    // Ajv keys its schemas by `$id` without a trailing `#`
    let key = |s: &Value| {
        s.get("$id")
            .and_then(Value::as_str)
            .map(|id| id.trim_end_matches('#').to_string())
            .filter(|id| !id.is_empty())
    };
    let id = key(own);
    let first = id.and_then(|id| {
        hs.tool_defs
            .iter()
            .filter_map(|t| t.get("outputSchema"))
            .find(|s| key(s).as_deref() == Some(id.as_str()))
    });
    Some(first.unwrap_or(own))
}

fn listed(hs: &Handshake) -> Vec<String> {
    hs.tools.iter().map(|t| t.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Two tools whose output schemas share an `$id`: the client's Ajv
    /// hands back the first one compiled, for both.
    #[test]
    fn a_shared_id_checks_against_the_first_schema_with_it() {
        let schema = |t: &str| json!({"$id": "https://x.dev/out.json", "type": "object", "properties": {"a": {"type": t}}});
        let hs = Handshake {
            tool_defs: vec![
                json!({"name": "u", "outputSchema": schema("integer")}),
                json!({"name": "t", "outputSchema": schema("string")}),
                json!({"name": "v", "outputSchema": {"type": "object"}}),
            ],
            ..Handshake::default()
        };
        assert_eq!(output_schema(&hs, "t"), Some(&schema("integer")));
        assert_eq!(output_schema(&hs, "u"), Some(&schema("integer")));
        assert_eq!(output_schema(&hs, "v"), Some(&json!({"type": "object"})));
        assert_eq!(output_schema(&hs, "w"), None);
        // `...json#` is the same key to Ajv
        let hs = Handshake {
            tool_defs: vec![
                json!({"name": "u", "outputSchema": schema("integer")}),
                json!({"name": "t", "outputSchema": {"$id": "https://x.dev/out.json#"}}),
            ],
            ..Handshake::default()
        };
        assert_eq!(output_schema(&hs, "t"), Some(&schema("integer")));
    }
}
