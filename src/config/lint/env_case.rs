//! `env-name-case`: on Windows a variable's name has no case, and Node's
//! spawn keeps, of the names that differ only in case, the first in sorted
//! order (`normalizeSpawnArguments`). The app passes its variables spelt
//! in capitals (`PATH`, `SYSTEMROOT`), which sort before any name with a
//! small letter: an entry's `Path` never reaches the server, and of an
//! entry's own `api_key` and `API_KEY` only `API_KEY` does.
//! `platform::launch::finish` models the same rule for the launch.

use super::{Diagnostic, Member, Os, diag, launch};
use crate::codes::Code;

/// One warning per `env` name Node drops on Windows.
pub(super) fn check(name: &str, env: &[Member], os: Os, out: &mut Vec<Diagnostic>) {
    if os != Os::Windows {
        return;
    }
    let passed = launch::profile(os).inherit;
    for e in env {
        let upper = e.key.to_ascii_uppercase();
        let own = env.iter().map(|o| o.key.as_str());
        let Some(kept) = passed
            .iter()
            .copied()
            .chain(own)
            .filter(|k| k.to_ascii_uppercase() == upper)
            .min()
        else {
            continue;
        };
        if kept == e.key {
            continue;
        }
        let by_app = !env.iter().any(|o| o.key == kept);
        let (whose, hint) = if by_app {
            (
                format!("the app passes `{kept}`"),
                format!(
                    "spell it `{kept}`; its value then replaces the app's, so it must hold \
everything the server needs{}",
                    if kept == "PATH" {
                        " (the folders of node, npx, python...)"
                    } else {
                        ""
                    }
                ),
            )
        } else {
            (
                format!("the entry also sets `{kept}`"),
                format!("keep one of `{kept}` and `{}`", e.key),
            )
        };
        out.push(
            diag(
                Code::EnvNameCase,
                format!(
                    "env `{}` of server `{name}` never reaches it on Windows: {whose}, and of \
names that differ only in case Node keeps the first in sorted order, so this value is dropped",
                    e.key
                ),
                e.key_span,
            )
            .hint(hint),
        );
    }
}
