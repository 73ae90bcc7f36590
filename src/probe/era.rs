//! The era probe's verdict, as the app logs it: a throw-away sibling whose
//! first request is `server/discover` finds the server `modern (sibling
//! answered server/discover)` or `legacy (sibling did not complete the
//! exchange)` (field notes, "The app in late 2026"). An error answer such
//! as -32601 reads as legacy and the app goes on with `initialize` (how the
//! TypeScript SDK's dual-era client treats it; inferred, not seen in the
//! app's logs); a sibling that closes the connection during the probe
//! fails the lanes that need it. Pure: what the sibling did in, words out.

use super::framing::truncate;
use super::handshake::{Discover, DiscoverProblem, Failure};
use super::lanes::{ERA_LEGACY, ERA_MODERN};
use super::verdict::{ExitInfo, discover_error};

/// A server's protocol era, as the probe found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Era {
    /// It answered `server/discover`: the 2026-07-28 way is used.
    Modern,
    /// It did not: `initialize` is used.
    Legacy,
}

/// What the era probe found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EraVerdict {
    pub era: Era,
    /// As the app logs it after `Era probe verdict: `.
    pub verdict: &'static str,
    /// What the sibling did, in mcpctl's words.
    pub detail: String,
    /// The sibling closed the connection during the probe (it exited or
    /// closed its stdout): lanes that need the probe fail.
    pub closed: bool,
    /// `supportedVersions`, when it answered.
    pub versions: Vec<String>,
}

/// The verdict on what the sibling did (`exit` and `stderr_tail`: how it
/// ended and what it said, for a sibling that closed).
pub fn judge(
    d: &Discover,
    problem: Option<&DiscoverProblem>,
    exit: Option<&ExitInfo>,
    stderr_tail: &[String],
) -> EraVerdict {
    let legacy = |detail: String, closed: bool| EraVerdict {
        era: Era::Legacy,
        verdict: ERA_LEGACY,
        detail,
        closed,
        versions: Vec::new(),
    };
    match problem {
        Some(DiscoverProblem::Failed(Failure::Closed { .. })) => {
            let how = exit.map_or_else(|| "closed its stdout".to_string(), |e| e.describe());
            let said = last_stderr_line(stderr_tail)
                .map(|l| format!("; last stderr line: {l}"))
                .unwrap_or_else(|| "; it wrote nothing to stderr".into());
            legacy(
                format!("the sibling {how} during the server/discover probe{said}"),
                true,
            )
        }
        Some(DiscoverProblem::Failed(Failure::RpcError { error, .. })) => legacy(
            format!(
                "the sibling answered server/discover with error {}: {} (an error reads as \
legacy: the app goes on with initialize)",
                error.code,
                truncate(&error.message, 200)
            ),
            false,
        ),
        // it answered server/discover (offering no version the app speaks,
        // perhaps): the era is modern, what failed after is said
        None
        | Some(
            DiscoverProblem::NoVersions
            | DiscoverProblem::ListFailed(_)
            | DiscoverProblem::Failed(Failure::Incompatible { .. }),
        ) => {
            let mut detail = if d.versions.is_empty() {
                "the sibling answered server/discover".to_string()
            } else {
                format!(
                    "the sibling answered server/discover (supportedVersions: {})",
                    d.versions.join(", ")
                )
            };
            if let Some(p) = problem {
                detail.push_str(&format!("; {}", discover_error(p)));
            }
            EraVerdict {
                era: Era::Modern,
                verdict: ERA_MODERN,
                detail,
                closed: false,
                versions: d.versions.clone(),
            }
        }
        Some(p @ (DiscoverProblem::NoAnswer { .. } | DiscoverProblem::Failed(_))) => {
            legacy(format!("the sibling: {}", discover_error(p)), false)
        }
    }
}

/// The last non-blank stderr line, trimmed and cut to 200 characters.
pub fn last_stderr_line(tail: &[String]) -> Option<String> {
    tail.iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| truncate(l.trim(), 200))
}

/// The sibling could not even be started (`why`): nothing answered.
pub fn not_started(why: &str) -> EraVerdict {
    EraVerdict {
        era: Era::Legacy,
        verdict: ERA_LEGACY,
        detail: format!("the sibling could not be started: {why}"),
        closed: true,
        versions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::framing::RpcError;
    use crate::probe::handshake::Phase;
    use std::time::Duration;

    fn none() -> Discover {
        Discover {
            supported: false,
            versions: Vec::new(),
            tools: None,
            error: None,
        }
    }

    #[test]
    fn an_answer_is_modern_in_the_apps_words() {
        let d = Discover {
            supported: true,
            versions: vec!["2026-07-28".into()],
            ..none()
        };
        let v = judge(&d, None, None, &[]);
        assert_eq!(v.era, Era::Modern);
        assert_eq!(v.verdict, "modern (sibling answered server/discover)");
        assert_eq!(
            v.detail,
            "the sibling answered server/discover (supportedVersions: 2026-07-28)"
        );
        assert!(!v.closed);
    }

    #[test]
    fn an_error_or_silence_is_legacy_and_the_app_goes_on() {
        let err = DiscoverProblem::Failed(Failure::RpcError {
            phase: Phase::Discover,
            error: Box::new(RpcError {
                code: -32601,
                message: "Method not found".into(),
                data: None,
            }),
        });
        let v = judge(&none(), Some(&err), None, &[]);
        assert_eq!(v.verdict, "legacy (sibling did not complete the exchange)");
        assert!(
            v.detail.contains("error -32601: Method not found"),
            "{}",
            v.detail
        );
        assert!(!v.closed);
        let quiet = DiscoverProblem::NoAnswer {
            waited: Duration::from_secs(5),
        };
        let v = judge(&none(), Some(&quiet), None, &[]);
        assert_eq!(v.era, Era::Legacy);
        assert!(!v.closed);
        assert!(
            v.detail.contains("no answer to server/discover within 5 s"),
            "{}",
            v.detail
        );
    }

    #[test]
    fn a_sibling_that_dies_closes_the_probe() {
        let closed = DiscoverProblem::Failed(Failure::Closed {
            phase: Phase::Discover,
        });
        let exit = ExitInfo {
            code: Some(1),
            signal: None,
        };
        let tail = ["Error: expected initialize request".to_string()];
        let v = judge(&none(), Some(&closed), Some(&exit), &tail);
        assert!(v.closed);
        assert_eq!(
            v.detail,
            "the sibling exited with code 1 during the server/discover probe; last stderr line: \
Error: expected initialize request"
        );
    }
}
