//! One tool call as a report: the stable JSON shape of docs/json/call.md
//! (what the tool returned, raw, or why it was not reached) and the
//! launch as `test-launch` reports it. Env values of the entry are masked
//! everywhere — in the result's strings too — unless `--show-secrets`,
//! when the model is built. Pure: the probe's outcome in, a model out;
//! `report::text::call` renders the text.

use serde::Serialize;
use serde_json::Value;

use super::launch::{ServerLaunch, secrets};
use crate::probe::call::{CallOutcome, Called};
use crate::probe::{Phase, Verdict};

/// How the call went, in one word (docs/json/call.md#outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The tool answered (exit 0).
    Result,
    /// The tool answered with `isError: true` (exit 1).
    ToolError,
    /// The server failed while the tool ran: no answer in time, it
    /// exited, an error reply, junk on stdout (exit 1).
    CallFailed,
    /// The server did not get through the launch and handshake, so the
    /// tool was not called (exit 1).
    LaunchFailed,
}

/// Why the call did not produce a result: a verdict word as
/// `test-launch` uses them, one line, and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallError {
    pub verdict: Verdict,
    pub phase: Option<Phase>,
    pub message: String,
    pub hint: Option<String>,
}

/// docs/json/call.md (contract order).
#[derive(Debug, Clone, Serialize)]
pub struct CallReport {
    pub server: String,
    pub tool: String,
    pub ok: bool,
    pub outcome: Outcome,
    /// The `tools/call` result as the server sent it (`content`,
    /// `structuredContent`, `isError`, ...), env values masked.
    pub result: Option<Value>,
    pub error: Option<CallError>,
    /// From sending `tools/call` to its answer.
    pub call_ms: Option<u64>,
    /// The server's last stderr lines when not ok.
    pub stderr_tail: Vec<String>,
    /// Where the app's strict JSON parser rejects the config (`line L:C:
    /// why`), as `test-launch` says it: the app would start none of its
    /// servers (the tool was called all the same).
    pub config_parse_error: Option<String>,
    /// Where that is, present only with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_parse_error_at: Option<super::failure::AtJson>,
    /// The launch, as one server of `test-launch --json`.
    pub launch: ServerLaunch,
}

impl CallReport {
    /// The report of `outcome` (not for an unknown tool, which is a usage
    /// error), secrets masked unless `show`.
    pub fn new(server: &str, tool: &str, outcome: &CallOutcome, show: bool) -> CallReport {
        let secrets = if show {
            crate::secrets::Secrets::none()
        } else {
            secrets(&outcome.report)
        };
        let hide = |s: &str| secrets.mask(s).into_owned();
        let launch = ServerLaunch::new(&outcome.report, show);
        let (result_outcome, result, error, call_ms) = match &outcome.called {
            Called::Answered { result, took } => {
                let is_error = result.get("isError") == Some(&Value::Bool(true));
                let outcome = if is_error {
                    Outcome::ToolError
                } else {
                    Outcome::Result
                };
                let ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
                (outcome, Some(masked(result, &hide)), None, Some(ms))
            }
            Called::Refused {
                result,
                took,
                judgement: j,
            } => (
                Outcome::CallFailed,
                Some(masked(result, &hide)),
                Some(CallError {
                    verdict: j.verdict,
                    phase: j.phase,
                    message: hide(&j.message),
                    hint: j.hint.as_deref().map(hide),
                }),
                Some(u64::try_from(took.as_millis()).unwrap_or(u64::MAX)),
            ),
            Called::Failed(j) => (
                Outcome::CallFailed,
                None,
                Some(CallError {
                    verdict: j.verdict,
                    phase: j.phase,
                    message: hide(&j.message),
                    hint: j.hint.as_deref().map(hide),
                }),
                None,
            ),
            Called::NotReached | Called::UnknownTool(_) => (
                Outcome::LaunchFailed,
                None,
                Some(CallError {
                    verdict: launch.verdict,
                    phase: launch.phase,
                    message: launch.message.clone(),
                    hint: launch.hint.clone(),
                }),
                None,
            ),
        };
        let ok = result_outcome == Outcome::Result;
        CallReport {
            server: server.to_string(),
            tool: tool.to_string(),
            ok,
            outcome: result_outcome,
            result,
            error,
            call_ms,
            stderr_tail: if ok {
                Vec::new()
            } else {
                outcome.stderr_tail.iter().map(|l| hide(l)).collect()
            },
            config_parse_error: None,
            config_parse_error_at: None,
            launch,
        }
    }
}

/// `v` with `hide` applied to every string in it, object keys too (a
/// tool may key its result by a token); two keys masked alike stay two
/// (`****`, `**** (2)`).
fn masked(v: &Value, hide: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(hide(s)),
        Value::Array(a) => Value::Array(a.iter().map(|x| masked(x, hide)).collect()),
        Value::Object(o) => {
            let mut out = serde_json::Map::new();
            for (k, x) in o {
                let shown = hide(k);
                let mut key = shown.clone();
                let mut n = 2;
                while out.contains_key(&key) {
                    key = format!("{shown} ({n})");
                    n += 1;
                }
                out.insert(key, masked(x, hide));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn env_values_are_masked_inside_the_result() {
        let v = json!({"content": [{"type": "text", "text": "key sk-secret-123 ok"}],
                       "structuredContent": {"k": ["sk-secret-123"]}, "n": 1});
        let mut secrets = crate::secrets::Secrets::none();
        secrets.add(Some("API_KEY"), "sk-secret-123");
        let m = masked(&v, &|s| secrets.mask(s).into_owned());
        assert_eq!(
            m,
            json!({"content": [{"type": "text", "text": "key **** ok"}],
                   "structuredContent": {"k": ["****"]}, "n": 1})
        );
        // a key that is a secret is masked too; two alike stay two
        let v = json!({"sk-secret-123": 1, "x sk-secret-123": 2, "k": 3});
        let m = masked(&v, &|s| secrets.mask(s).into_owned());
        assert_eq!(m, json!({"****": 1, "x ****": 2, "k": 3}));
        let v = json!({"sk-secret-123": 1, "\"sk-secret-123\"": 2});
        let m = masked(&v, &|s| secrets.mask(s).replace('"', ""));
        assert_eq!(m, json!({"****": 1, "**** (2)": 2}));
    }
}
