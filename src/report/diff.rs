//! Unified diffs of config changes, for `--dry-run`, confirmations and
//! `--json` (`similar` does the diffing); `report::text::diff` colours
//! them. Secrets are masked *before*
//! diffing: every string under an `env` or `headers` object, and every
//! secret inside `args` (`--token X`, `?api_key=X`), is shown as `****`
//! unless the user asked for `--show-secrets`, so a diff never leaks an
//! API key, not even in a changed line. `doctor --fix`'s diff
//! ([`repair_diff`]) shows the plain values a repair writes itself (the
//! number it quotes, the `PATH` it pins), so it says what will be written.

use std::borrow::Cow;
use std::collections::BTreeSet;

use similar::{ChangeTag, TextDiff};

use crate::config::model::{SecretValue, mask, secret_values};
use crate::config::source::Source;
use crate::config::syntax;

/// A diff ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Plain unified diff (no colour); empty when nothing visible changes.
    pub text: String,
    /// True when the texts differ but only in masked values.
    pub only_hidden_changes: bool,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Diff `old` → `new` (whole file texts) for `label` (the file path).
/// `old_exists` false labels the old side `/dev/null`.
pub fn config_diff(
    old: &str,
    new: &str,
    label: &str,
    old_exists: bool,
    show_secrets: bool,
) -> Diff {
    let (old_shown, new_shown) = if show_secrets {
        (old.to_string(), new.to_string())
    } else {
        (mask_secrets(old), mask_secrets(new))
    };
    let text = unified(&old_shown, &new_shown, label, old_exists);
    Diff {
        only_hidden_changes: text.is_empty() && old != new,
        text,
    }
}

/// The diff of `doctor --fix`'s repairs (`new` is `old` repaired). The
/// values the file holds are masked as [`config_diff`] masks them, on
/// both sides; a value the repair writes itself is shown when it is a
/// plain setting by name and shape ([`crate::secrets::is_plain`]: the
/// rule that masks secrets in all output), so the `+` line is what will
/// be written: `"MAX_RESULTS": "10"` for the file's `10`, the `PATH` a
/// repair pins. A secret stays masked on both lines (`"API_KEY": 12345`
/// quoted is `****` on each).
pub fn repair_diff(old: &str, new: &str, label: &str, show_secrets: bool) -> Diff {
    if show_secrets {
        return config_diff(old, new, label, true, true);
    }
    let mut held: BTreeSet<String> = BTreeSet::new();
    let old_shown = mask_where(old, &mut |_, raw| {
        held.insert(decoded(raw).into_owned());
        true
    });
    let new_shown = mask_where(new, &mut |v, raw| {
        let value = decoded(raw);
        let plain = !v.in_args
            && v.key
                .as_deref()
                .is_some_and(|k| crate::secrets::is_plain(k, &value));
        // a value built from one the file holds (`"${USER}:${PASS}"` a
        // repair filled in) shows it: hidden like it, but for a PATH a
        // repair puts a folder before (a list of folders is no secret)
        let path = v
            .key
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("PATH"));
        let built = |h: &String| !h.is_empty() && value.contains(h.as_str());
        !plain || held.contains(value.as_ref()) || (!path && held.iter().any(built))
    });
    let text = unified(&old_shown, &new_shown, label, true);
    Diff {
        only_hidden_changes: text.is_empty() && old != new,
        text,
    }
}

/// A value's text between its quotes, as the value it stands for (JSON
/// escapes read); as written when it is no JSON string's inside.
fn decoded(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).map_or(Cow::Borrowed(raw), Cow::Owned)
}

/// The longest the line diff looks for the fewest changes: past it, it
/// settles for a correct diff with more of them. Two texts that differ
/// almost everywhere (an import rewriting thousands of entries) otherwise
/// take time that grows with the square of their lines (40 s for 20,000
/// entries).
const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(300);

/// A plain unified diff with 3 lines of context. Line endings are shown
/// without their `\r`.
pub fn unified(old: &str, new: &str, label: &str, old_exists: bool) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old, new);
    let mut out = String::new();
    let old_label = if old_exists {
        format!("{label} (now)")
    } else {
        "/dev/null".to_string()
    };
    out.push_str(&format!("--- {old_label}\n+++ {label} (new)\n"));
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let sign = match change.tag() {
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
                ChangeTag::Equal => ' ',
            };
            let value = change.value();
            out.push(sign);
            out.push_str(value.trim_end_matches(['\n', '\r']));
            out.push('\n');
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The text with every value inside an `env`/`headers` object or array
/// (in every top-level value, whatever its type) replaced by a masked
/// placeholder, quotes kept. Spans come from the tolerant parser, so this
/// works on broken files too.
pub fn mask_secrets(text: &str) -> String {
    mask_where(text, &mut |_, _| true)
}

/// [`mask_secrets`], masking only the values `hide` says to (given each
/// one and its text between the quotes).
fn mask_where(text: &str, hide: &mut dyn FnMut(&SecretValue, &str) -> bool) -> String {
    let doc = syntax::parse(&Source::from_text("", text));
    let values = secret_values(doc.root.as_ref(), &doc.extra_values, text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for v in values {
        let s = v.span;
        let (Some(before), Some(value)) = (text.get(at..s.start), text.get(s.start..s.end)) else {
            continue;
        };
        if !hide(&v, value) {
            continue;
        }
        out.push_str(before);
        out.push_str(&mask(value));
        at = s.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_marks_changes_and_missing_newline() {
        let d = unified("a\nb\n", "a\nc", "x.json", true);
        assert_eq!(
            d,
            "--- x.json (now)\n+++ x.json (new)\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n"
        );
        assert_eq!(unified("same", "same", "x", true), "");
        assert!(unified("", "{}\n", "x", false).starts_with("--- /dev/null\n"));
    }

    #[test]
    fn crlf_is_not_shown() {
        let d = unified("a\r\nb\r\n", "a\r\nc\r\n", "x", true);
        assert!(!d.contains('\r'));
    }

    /// A password in another client's `auth` object is masked like an env
    /// value; the name beside it is not.
    #[test]
    fn a_value_named_a_secret_is_masked_anywhere() {
        let text = r#"{"mcpServers": {"r": {"url": "https://h/mcp", "auth": {"username": "ann", "password": "Tr0ub4dor-3"}}}}"#;
        let shown = mask_secrets(text);
        assert!(!shown.contains("Tr0ub4dor"), "{shown}");
        assert!(shown.contains(r#""username": "ann""#), "{shown}");
        // lists of keys, a passphrase; not an entry's own settings named
        // with secret-ish words (`"auth": "github"`, `authProviderType`)
        let text = r#"{"mcpServers": {"github": {"command": "x", "auth": "github",
            "authProviderType": "google_credentials", "tokenUrl": "https://h/token",
            "apiKeys": ["k-9f8e7d6c5b4a"], "passphrase": "correct-horse-battery"}}}"#;
        let shown = mask_secrets(text);
        for hidden in ["k-9f8e7d6c5b4a", "correct-horse-battery"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
        for kept in [
            r#""auth": "github""#,
            "google_credentials",
            "https://h/token",
        ] {
            assert!(shown.contains(kept), "{kept}: {shown}");
        }
    }

    #[test]
    fn secrets_are_masked_before_diffing() {
        let old =
            "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"TOKEN\": \"sk-old\"}}}}";
        let new =
            "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"TOKEN\": \"sk-new\"}}}}";
        let d = config_diff(old, new, "c.json", true, false);
        assert!(d.is_empty() && d.only_hidden_changes);
        assert!(
            crate::report::text::diff::render(&d, crate::report::style::Style::plain())
                .contains("--show-secrets")
        );
        let shown = config_diff(old, new, "c.json", true, true);
        assert!(shown.text.contains("sk-new"));
        let masked = mask_secrets(new);
        assert!(!masked.contains("sk-new") && masked.contains("\"TOKEN\": \"****\""));
        assert!(masked.contains("\"command\": \"x\""), "{masked}");
    }

    /// The lines of `d` that start with `sign`.
    fn lines(d: &Diff, sign: char) -> Vec<&str> {
        d.text
            .lines()
            .filter(|l| l.starts_with(sign) && !l.starts_with("---") && !l.starts_with("+++"))
            .collect()
    }

    /// What a repair writes shows when it is a plain setting; a secret is
    /// masked on both sides; the file's own values keep their mask.
    #[test]
    fn a_repair_diff_shows_the_plain_values_it_writes() {
        let old = "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": \
{\"MAX_RESULTS\": 10, \"API_KEY\": 12345, \"LOG_LEVEL\": \"info\"}}}}\n";
        let new = "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": \
{\"MAX_RESULTS\": \"10\", \"API_KEY\": \"12345\", \"LOG_LEVEL\": \"info\"}}}}\n";
        let d = repair_diff(old, new, "c.json", false);
        assert!(
            !d.text.contains("12345") && !d.text.contains("info"),
            "{}",
            d.text
        );
        let (minus, plus) = (lines(&d, '-'), lines(&d, '+'));
        assert_eq!(minus.len(), 1, "{}", d.text);
        assert!(
            minus[0].contains(r#""MAX_RESULTS": 10, "API_KEY": ****, "LOG_LEVEL": "****""#),
            "{}",
            d.text
        );
        assert!(
            plus[0].contains(r#""MAX_RESULTS": "10", "API_KEY": "****", "LOG_LEVEL": "****""#),
            "{}",
            d.text
        );
        // --show-secrets: all of it
        let shown = repair_diff(old, new, "c.json", true);
        assert!(
            shown.text.contains(r#""API_KEY": "12345""#),
            "{}",
            shown.text
        );
        // what other commands write (a value the user typed) stays masked
        let typed = config_diff(old, new, "c.json", true, false);
        assert!(
            typed.text.contains(
                r#"+{"mcpServers": {"a": {"command": "x", "env": {"MAX_RESULTS": "****""#
            ),
            "{}",
            typed.text
        );
    }

    /// The PATH a repair pins shows; the one the file had stays masked;
    /// a secret a repair moves (a header into a bridge's env) and a plain
    /// value of the file it moves stay masked.
    #[test]
    fn a_repair_diff_masks_what_the_file_held_wherever_it_moves() {
        // a value a repair builds from the file's own values shows them
        let old = r#"{"mcpServers": {"r": {"url": "https://h/mcp", "headers": {"X-Login": "${DB_USER} ${DB_LOGIN}"},
"env": {"DB_USER": "ann", "DB_LOGIN": "hunter2"}}}}"#;
        let new = r#"{"mcpServers": {"r": {"command": "npx", "args": ["-y", "mcp-remote", "https://h/mcp", "--header", "X-Login:${X_LOGIN}"],
"env": {"X_LOGIN": "ann hunter2"}}}}"#;
        let d = repair_diff(old, new, "c.json", false);
        assert!(!d.text.contains("hunter2"), "{}", d.text);

        let old = r#"{"mcpServers": {"m": {"command": "npx", "env": {"PATH": "/usr/bin", "MODE": "fast"}},
"r": {"url": "https://h/mcp", "headers": {"Authorization": "Bearer abcdefghijklmnopqrstu"}}}}"#;
        let new = r#"{"mcpServers": {"m": {"command": "npx", "env": {"PATH": "/opt/n22/bin:/usr/bin", "MODE": "fast"}},
"r": {"command": "npx", "args": ["-y", "mcp-remote", "https://h/mcp", "--header", "Authorization:${AUTHORIZATION}"],
"env": {"AUTHORIZATION": "Bearer abcdefghijklmnopqrstu", "OTHER_MODE": "fast"}}}}"#;
        let d = repair_diff(old, new, "c.json", false);
        let (minus, plus) = (lines(&d, '-').join("\n"), lines(&d, '+').join("\n"));
        assert!(
            minus.contains(r#""PATH": "****", "MODE": "****""#),
            "{}",
            d.text
        );
        assert!(
            plus.contains(r#""PATH": "/opt/n22/bin:/usr/bin", "MODE": "****""#),
            "{}",
            d.text
        );
        assert!(
            plus.contains(r#""AUTHORIZATION": "****", "OTHER_MODE": "****""#),
            "{}",
            d.text
        );
        assert!(!d.text.contains("abcdefghijklmnopqrstu"), "{}", d.text);
    }

    #[test]
    fn secrets_in_args_are_masked_before_diffing() {
        let text = r#"{"mcpServers": {"a": {"command": "x", "args": ["--token", "abc123xyz", "--api-key=qqqqqq", "https://h/sse?api_key=zzzzzz&v=1", "Authorization: Bearer tttttt", "-y"]}}}"#;
        let masked = mask_secrets(text);
        for secret in ["abc123xyz", "qqqqqq", "zzzzzz", "tttttt"] {
            assert!(!masked.contains(secret), "{masked}");
        }
        assert!(
            masked.contains(r#"["--token", "****", "--api-key=****", "https://h/sse?api_key=****&v=1", "Authorization: Bearer ****", "-y"]"#),
            "{masked}"
        );
    }
}
